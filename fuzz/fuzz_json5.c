/* fuzz_json5.c - libFuzzer target for the JSON reader's dialects (json.c, json_lex.c): any bytes read as strict
 * JSON, JSONC and JSON5. Each tree's spans lie inside the buffer, each child's inside its parent's and after its
 * elder sibling's, and a string's span is its quotes; what strict JSON reads, JSONC reads as the same tree and JSON5
 * with the same spans (JSON5 decodes a lone surrogate escape differently: its values may differ). */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* n's span is inside [lo, hi); its children are inside it, in order, and a string is closed by its own quote. */
static void
check_nest(const qw_source *src, const qw_node *n, size_t lo, size_t hi, int depth)
{
	FUZZ_CHECK(n && depth <= QW_TREE_MAX_DEPTH + 1);
	FUZZ_CHECK(lo <= n->span.start && n->span.start < n->span.end && n->span.end <= hi);
	char q = qw_json_quote(src, n);
	if (q)
		FUZZ_CHECK(n->span.end - n->span.start >= 2 && src->data[n->span.end - 1] == q);
	size_t at = n->span.start + 1, end = n->span.end - 1;
	if (n->type == QW_NODE_MAP)
		for (size_t i = 0; i < n->npairs; i++) {
			check_nest(src, n->pairs[i].key, at, end, depth + 1);
			FUZZ_CHECK(n->pairs[i].key->type == QW_NODE_SCALAR);
			check_nest(src, n->pairs[i].value, n->pairs[i].key->span.end, end, depth + 1);
			at = n->pairs[i].value->span.end;
		}
	if (n->type == QW_NODE_SEQ)
		for (size_t i = 0; i < n->nitems; i++) {
			check_nest(src, n->items[i], at, end, depth + 1);
			at = n->items[i]->span.end;
		}
}

/* The same tree: shapes and spans, and (values) the decoded strings and plain marks. */
static void
check_same(const qw_node *a, const qw_node *b, bool values)
{
	FUZZ_CHECK(a->type == b->type && a->span.start == b->span.start && a->span.end == b->span.end);
	if (values)
		FUZZ_CHECK(a->plain == b->plain && (a->type != QW_NODE_SCALAR || !strcmp(a->str, b->str)));
	if (a->type == QW_NODE_MAP) {
		FUZZ_CHECK(a->npairs == b->npairs);
		for (size_t i = 0; i < a->npairs; i++) {
			check_same(a->pairs[i].key, b->pairs[i].key, values);
			check_same(a->pairs[i].value, b->pairs[i].value, values);
		}
	}
	if (a->type == QW_NODE_SEQ) {
		FUZZ_CHECK(a->nitems == b->nitems);
		for (size_t i = 0; i < a->nitems; i++)
			check_same(a->items[i], b->items[i], values);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	qw_source *src = qw_source_from_memory("openclaw.json", (const char *)data, size);
	qw_doc *docs[3];
	for (int d = QW_JSON_STRICT; d <= QW_JSON_JSON5; d++) {
		qw_parse_error err;
		docs[d] = qw_json_parse_dialect(src, (qw_json_dialect)d, &err);
		if (docs[d]) {
			FUZZ_CHECK(!err.failed && docs[d]->root);
			FUZZ_CHECK(fuzz_check_tree(docs[d]->root, src->len, 0) <= src->len);
			check_nest(src, docs[d]->root, 0, src->len, 0);
		} else {
			FUZZ_CHECK(err.failed && err.offset <= src->len && err.msg[0]);
		}
	}
	if (docs[QW_JSON_STRICT]) {
		FUZZ_CHECK(docs[QW_JSON_JSONC] && docs[QW_JSON_JSON5]);
		check_same(docs[QW_JSON_STRICT]->root, docs[QW_JSON_JSONC]->root, true);
		check_same(docs[QW_JSON_STRICT]->root, docs[QW_JSON_JSON5]->root, false);
	}
	for (int d = QW_JSON_STRICT; d <= QW_JSON_JSON5; d++)
		qw_doc_free(docs[d]);
	qw_source_free(src);
	return 0;
}
