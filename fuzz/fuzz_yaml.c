/* fuzz_yaml.c - libFuzzer target for the YAML reader (yaml.c): any bytes as config.yaml. */
#include <stdint.h>

#include "fuzz_common.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	qw_source *src = qw_source_from_memory("config.yaml", (const char *)data, size);
	qw_parse_error err;
	qw_doc *doc = qw_yaml_parse(src, &err);
	if (doc) {
		/* Scalar aliases are walked, so a visit count may exceed the node count only by the aliases. */
		(void)fuzz_check_tree(doc->root, src->len, 0);
		(void)qw_map_get(doc->root, "model");
		qw_doc_free(doc);
	} else {
		FUZZ_CHECK(err.failed && err.offset <= src->len);
	}
	qw_source_free(src);
	return 0;
}
