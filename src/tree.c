/* tree.c - see tree.h. */
#include "tree.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The arena: a list of chunks, each at least ARENA_CHUNK bytes, bump-allocated and freed only all together. */
#define ARENA_CHUNK (64 * 1024)

struct qw_arena_chunk {
	struct qw_arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

/* n bytes at the given alignment (a power of two: 1 for strings, which are mostly a few bytes long). */
static void *
arena_alloc_aligned(qw_doc *doc, size_t n, size_t align)
{
	struct qw_arena_chunk *c = doc->arena;
	if (c)
		c->used = (c->used + align - 1) & ~(align - 1);
	if (!c || c->size - c->used < n) {
		size_t size = n > ARENA_CHUNK ? (n + 15) & ~(size_t)15 : ARENA_CHUNK; /* aligning never passes the end */
		c = qw_xmalloc(sizeof(*c) + size);
		c->size = size;
		c->used = 0;
		if (doc->arena && size > ARENA_CHUNK) {
			/* a big array gets a chunk of its own, behind the current one, which stays open */
			c->next = doc->arena->next;
			doc->arena->next = c;
		} else {
			c->next = doc->arena;
			doc->arena = c;
		}
	}
	void *p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

static void *
arena_alloc(qw_doc *doc, size_t n)
{
	return arena_alloc_aligned(doc, n, sizeof(void *));
}

size_t
qw_doc_size(const qw_doc *doc)
{
	size_t n = 0;
	for (const struct qw_arena_chunk *c = doc->arena; c; c = c->next)
		n += c->used;
	return n;
}

qw_doc *
qw_doc_new(void)
{
	return qw_xcalloc(1, sizeof(qw_doc));
}

void
qw_doc_free(qw_doc *doc)
{
	if (!doc)
		return;
	for (struct qw_arena_chunk *c = doc->arena, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(doc);
}

qw_node *
qw_doc_node(qw_doc *doc, qw_node_type type, qw_span span)
{
	qw_node *n = arena_alloc(doc, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->type = type;
	n->span = span;
	return n;
}

char *
qw_doc_strndup(qw_doc *doc, const char *s, size_t n)
{
	char *p = arena_alloc_aligned(doc, n + 1, 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* Room for one more element in an arena array: a full one moves to twice its size (the old copy is left in the
 * arena, at most as much again as the array). */
static void *
arena_grow(qw_doc *doc, void *arr, uint32_t len, uint32_t *cap, size_t size)
{
	if (len < *cap)
		return arr;
	if (*cap > UINT32_MAX / 2) {
		fprintf(stderr, "qwlint: more than 2^31 children in one mapping or sequence\n");
		exit(2);
	}
	uint32_t ncap = *cap ? *cap * 2 : 4;
	void *p = arena_alloc(doc, ncap * size);
	if (len)
		memcpy(p, arr, len * size);
	*cap = ncap;
	return p;
}

void
qw_doc_add_pair(qw_doc *doc, qw_node *map, qw_node *key, qw_node *value, bool alias)
{
	map->pairs = arena_grow(doc, map->pairs, map->npairs, &map->pairs_cap, sizeof(qw_pair));
	map->pairs[map->npairs++] = (qw_pair){key, value, alias};
}

void
qw_doc_add_item(qw_doc *doc, qw_node *seq, qw_node *item, bool alias)
{
	uint32_t cap = seq->items_cap;
	seq->items = arena_grow(doc, seq->items, seq->nitems, &seq->items_cap, sizeof(qw_node *));
	if (alias || seq->item_alias) {
		if (!seq->item_alias || cap != seq->items_cap) {
			bool *a = arena_alloc(doc, seq->items_cap * sizeof(bool));
			memset(a, 0, seq->items_cap * sizeof(bool));
			if (seq->item_alias)
				memcpy(a, seq->item_alias, seq->nitems * sizeof(bool));
			seq->item_alias = a;
		}
		seq->item_alias[seq->nitems] = alias;
	}
	seq->items[seq->nitems++] = item;
}

bool
qw_walk_pair(const qw_pair *p)
{
	return p->value && (!p->alias || p->value->type == QW_NODE_SCALAR);
}

bool
qw_walk_item(const qw_node *seq, size_t i)
{
	const qw_node *n = seq->items[i];
	return n && (!seq->item_alias || !seq->item_alias[i] || n->type == QW_NODE_SCALAR);
}

/* Merge keys are aliases by nature, so this lookup follows them; *budget (maps looked into) keeps a merge bomb,
 * each map merging the previous one several times, from costing exponential time. */
static const qw_pair *
map_pair_depth(const qw_node *map, const char *key, int depth, int *budget)
{
	if (!map || map->type != QW_NODE_MAP || depth > QW_TREE_MAX_DEPTH || --*budget < 0)
		return NULL;
	for (size_t i = map->npairs; i-- > 0;) {
		const qw_node *k = map->pairs[i].key;
		if (k && k->type == QW_NODE_SCALAR && k->str && strcmp(k->str, key) == 0)
			return &map->pairs[i];
	}
	/* YAML merge key: explicit keys win over merged ones; earlier merged maps win over later ones. */
	for (size_t i = 0; i < map->npairs; i++) {
		const qw_node *k = map->pairs[i].key;
		if (!k || k->type != QW_NODE_SCALAR || !k->plain || !k->str || strcmp(k->str, "<<") != 0)
			continue;
		const qw_node *v = map->pairs[i].value;
		if (v && v->type == QW_NODE_MAP)
			return map_pair_depth(v, key, depth + 1, budget);
		if (v && v->type == QW_NODE_SEQ)
			for (size_t j = 0; j < v->nitems; j++) {
				const qw_pair *p = map_pair_depth(v->items[j], key, depth + 1, budget);
				if (p)
					return p;
			}
	}
	return NULL;
}

const qw_pair *
qw_map_pair(const qw_node *map, const char *key)
{
	int budget = 1024;
	return map_pair_depth(map, key, 0, &budget);
}

const qw_node *
qw_map_get(const qw_node *map, const char *key)
{
	const qw_pair *p = qw_map_pair(map, key);
	return p ? p->value : NULL;
}

bool
qw_node_is_null(const qw_node *n)
{
	if (!n)
		return true;
	if (n->type != QW_NODE_SCALAR || !n->plain)
		return false;
	const char *s = n->str ? n->str : "";
	if (*s != '~' && *s != 'n' && *s != 'N') /* most values: asked for every scalar a rule reads */
		return !*s;
	return !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

const char *
qw_node_str(const qw_node *n)
{
	if (!n || n->type != QW_NODE_SCALAR || qw_node_is_null(n))
		return NULL;
	return n->str;
}

const char *
qw_map_str(const qw_node *map, const char *key)
{
	return qw_node_str(qw_map_get(map, key));
}
