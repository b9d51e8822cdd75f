/* fuzz_yaml.c - libFuzzer target for the YAML reader (yaml.c): any bytes as config.yaml, read whole and through
 * Hermes's pruning keep (model.c), which must agree with the whole reading on whether the text parses and on its
 * top-level keys, and never hold more nodes. */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "model.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	qw_source *src = qw_source_from_memory("config.yaml", (const char *)data, size);
	qw_parse_error err;
	qw_doc *doc = qw_yaml_parse(src, &err);
	qw_parse_error perr;
	qw_doc *pruned = qw_yaml_parse_pruned(src, &qw_model_config_keep, &perr);
	FUZZ_CHECK(!doc == !pruned && err.offset == perr.offset && !strcmp(err.msg, perr.msg));
	if (doc) {
		/* Scalar aliases are walked, so a visit count may exceed the node count only by the aliases. */
		size_t whole = fuzz_check_tree(doc->root, src->len, 0);
		(void)qw_map_get(doc->root, "model");
		size_t kept = fuzz_check_tree(pruned->root, src->len, 0);
		FUZZ_CHECK(kept <= whole);
		const qw_node *a = doc->root, *b = pruned->root;
		FUZZ_CHECK(!a == !b && (!a || (a->type == b->type && a->span.start == b->span.start)));
		if (a && a->type == QW_NODE_MAP)
			FUZZ_CHECK(a->npairs == b->npairs);
		qw_doc_free(doc);
	} else {
		FUZZ_CHECK(err.failed && err.offset <= src->len);
	}
	qw_doc_free(pruned);
	qw_source_free(src);
	return 0;
}
