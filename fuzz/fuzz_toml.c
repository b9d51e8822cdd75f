/*
 * fuzz_toml.c - libFuzzer target for the TOML reader (toml.c, toml_lex.c): any bytes as Codex CLI's config.toml.
 * Besides fuzz_common.h's check (spans inside the buffer, a linear walk), the tree must have every child inside
 * its parent, keys and strings spanning their quotes, and value spans exact: a scalar value's bytes replaced by
 * "qw", as --fix replaces a value, must give a file that parses to a tree of the same size with "qw" there.
 *
 * Ownership: everything is freed per input.
 */
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"
#include "parse.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLACED 4 /* values replaced per input: each costs a parse */

typedef struct walk {
	const char *s;
	size_t nodes;
	const qw_node *vals[REPLACED]; /* the first scalar values, then the last ones */
	size_t nvals;
} walk;

static bool
bare(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static void
check_quoted(const char *s, qw_span sp)
{
	FUZZ_CHECK(sp.end - sp.start >= 2);
	char q = s[sp.start];
	FUZZ_CHECK((q == '"' || q == '\'') && s[sp.end - 1] == q);
}

static void
check_key(const char *s, const qw_node *k)
{
	FUZZ_CHECK(k && k->type == QW_NODE_SCALAR && !k->plain && k->str);
	if (s[k->span.start] == '"' || s[k->span.start] == '\'') {
		check_quoted(s, k->span);
		return;
	}
	FUZZ_CHECK(k->span.end > k->span.start);
	for (size_t i = k->span.start; i < k->span.end; i++)
		FUZZ_CHECK(bare(s[i]));
}

static void
check_value(walk *w, const qw_node *v)
{
	if (v->type != QW_NODE_SCALAR)
		return;
	FUZZ_CHECK(v->str && v->span.end > v->span.start);
	if (!v->plain)
		check_quoted(w->s, v->span);
	else
		FUZZ_CHECK(w->s[v->span.start] > ' ' && w->s[v->span.end - 1] > ' ');
	if (w->nvals < REPLACED)
		w->vals[w->nvals++] = v;
	else
		w->vals[REPLACED / 2 + (w->nvals++ % (REPLACED - REPLACED / 2))] = v;
}

/* Children inside parents, keys and values well formed. */
static void
check_nesting(walk *w, const qw_node *n, int depth)
{
	FUZZ_CHECK(n && depth <= QW_TREE_MAX_DEPTH);
	w->nodes++;
	for (size_t i = 0; n->type == QW_NODE_MAP && i < n->npairs; i++) {
		const qw_pair *p = &n->pairs[i];
		check_key(w->s, p->key);
		FUZZ_CHECK(p->value && !qw_node_tag(p->value));
		FUZZ_CHECK(p->key->span.start >= n->span.start && p->key->span.end <= n->span.end);
		FUZZ_CHECK(p->value->span.start >= n->span.start && p->value->span.end <= n->span.end);
		w->nodes++;
		check_value(w, p->value);
		check_nesting(w, p->value, depth + 1);
	}
	for (size_t i = 0; n->type == QW_NODE_SEQ && i < n->nitems; i++) {
		const qw_node *c = n->items[i];
		FUZZ_CHECK(c && c->span.start >= n->span.start && c->span.end <= n->span.end);
		check_value(w, c);
		check_nesting(w, c, depth + 1);
	}
}

static size_t
count(const qw_node *n, qw_span at, bool *found, int depth)
{
	if (!n || depth > QW_TREE_MAX_DEPTH)
		return 0;
	if (n->type == QW_NODE_SCALAR && n->span.start == at.start && n->span.end == at.end && !n->plain &&
	    n->str && !strcmp(n->str, "qw"))
		*found = true;
	size_t k = 1;
	for (size_t i = 0; n->type == QW_NODE_MAP && i < n->npairs; i++)
		k += 1 + count(n->pairs[i].value, at, found, depth + 1);
	for (size_t i = 0; n->type == QW_NODE_SEQ && i < n->nitems; i++)
		k += count(n->items[i], at, found, depth + 1);
	return k;
}

/* The value's bytes replaced by "qw": the rest of the file is untouched, so it must read as before but there. */
static void
replace(const qw_source *src, const qw_node *v, size_t nodes)
{
	qw_buf b = {0};
	qw_buf_add(&b, src->data, v->span.start);
	qw_buf_add(&b, "\"qw\"", 4);
	qw_buf_add(&b, src->data + v->span.end, src->len - v->span.end);
	qw_source *src2 = qw_source_from_memory("config.toml", b.data, b.len);
	qw_parse_error err;
	qw_doc *doc = qw_toml_parse(src2, &err);
	FUZZ_CHECK(doc != NULL);
	bool found = false;
	FUZZ_CHECK(count(doc->root, (qw_span){v->span.start, v->span.start + 4}, &found, 0) == nodes);
	FUZZ_CHECK(found);
	qw_doc_free(doc);
	qw_source_free(src2);
	qw_buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	qw_source *src = qw_source_from_memory("config.toml", (const char *)data, size);
	qw_parse_error err;
	qw_doc *doc = qw_toml_parse(src, &err);
	if (doc) {
		/* every node takes a byte at least, the empty document's table aside */
		FUZZ_CHECK(fuzz_check_tree(doc->root, src->len, 0) <= src->len + 1);
		FUZZ_CHECK(doc->root && doc->root->type == QW_NODE_MAP && doc->root->span.start == 0 &&
			   doc->root->span.end == src->len);
		walk w = {.s = src->data};
		check_nesting(&w, doc->root, 0);
		size_t nodes = count(doc->root, (qw_span){0, 0}, &(bool){false}, 0);
		FUZZ_CHECK(nodes == w.nodes);
		for (size_t i = 0; i < w.nvals && i < REPLACED; i++)
			replace(src, w.vals[i], nodes);
		qw_doc_free(doc);
	} else {
		FUZZ_CHECK(err.failed && err.offset <= src->len && err.msg[0]);
	}
	qw_source_free(src);
	return 0;
}
