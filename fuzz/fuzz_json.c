/* fuzz_json.c - libFuzzer target for the JSON reader (json.c): any bytes as auth.json. */
#include <stdint.h>

#include "fuzz_common.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	qw_source *src = qw_source_from_memory("auth.json", (const char *)data, size);
	qw_parse_error err;
	qw_doc *doc = qw_json_parse(src, &err);
	if (doc) {
		/* JSON has no aliases: the walk meets each node once, and every node takes at least one byte */
		FUZZ_CHECK(fuzz_check_tree(doc->root, src->len, 0) <= src->len);
		qw_doc_free(doc);
	} else {
		FUZZ_CHECK(err.failed && err.offset <= src->len);
	}
	qw_source_free(src);
	return 0;
}
