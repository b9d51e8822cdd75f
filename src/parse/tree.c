/* tree.c - see tree.h. */
#include "tree.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A large file has a node for every ten or fifteen bytes: a node that grew would grow every tree. */
_Static_assert(sizeof(qw_node) == 24, "qw_node is 24 bytes");

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
	free(doc->kids);
	free(doc);
}

struct qw_doc_child {
	qw_node *node;
	bool alias;
};

qw_node *
qw_doc_node(qw_doc *doc, qw_node_type type, qw_span span)
{
	qw_node *n = arena_alloc(doc, sizeof(*n));
	memset(n, 0, sizeof(*n));
	n->type = (uint8_t)type;
	n->span = span;
	return n;
}

/* A tagged scalar's tag pointer sits just before its value in the arena (qw_node_tag): tags are rare, and a field
 * for them would make every node 8 bytes larger. */
void
qw_doc_set_str(qw_doc *doc, qw_node *scalar, const char *s, size_t n, const char *tag)
{
	char *p;
	if (tag) {
		size_t tl = strlen(tag);
		char **at = arena_alloc(doc, sizeof(char *) + n + 1);
		p = (char *)(at + 1);
		*at = arena_alloc_aligned(doc, tl + 1, 1);
		memcpy(*at, tag, tl + 1);
		scalar->tagged = true;
	} else {
		p = arena_alloc_aligned(doc, n + 1, 1);
	}
	memcpy(p, s, n);
	p[n] = '\0';
	scalar->str = p;
}

const char *
qw_node_tag(const qw_node *n)
{
	return n && n->type == QW_NODE_SCALAR && n->tagged ? ((char *const *)(const void *)n->str)[-1] : NULL;
}

size_t
qw_doc_mark(const qw_doc *doc)
{
	return doc->nkids;
}

void
qw_doc_push(qw_doc *doc, qw_node *child, bool alias)
{
	struct qw_doc_child c = {child, alias};
	QW_PUSH(doc->kids, doc->nkids, doc->kids_cap, c);
}

/* The children pushed since mark become the container's, in an array of their exact size followed, when one of
 * them is an alias, by a bool per child (per pair in a mapping: its value's). */
void
qw_doc_close(qw_doc *doc, qw_node *c, size_t mark)
{
	size_t nk = doc->nkids - mark;
	const struct qw_doc_child *k = nk ? doc->kids + mark : NULL; /* no list at all before the first push */
	bool map = c->type == QW_NODE_MAP;
	size_t n = map ? nk / 2 : nk; /* a mapping always has whole pairs; a stray key is dropped */
	if (n > UINT32_MAX) {
		fprintf(stderr, "qwlint: more than 2^32 children in one mapping or sequence\n");
		exit(2);
	}
	bool aliases = false;
	for (size_t i = 0; i < nk; i++)
		aliases |= k[i].alias;
	size_t each = map ? sizeof(qw_pair) : sizeof(qw_node *);
	void *arr = n ? arena_alloc(doc, n * each + (aliases ? n : 0)) : NULL;
	bool *marks = aliases ? (bool *)((char *)arr + n * each) : NULL;
	for (size_t i = 0; i < n; i++) {
		if (map)
			((qw_pair *)arr)[i] = (qw_pair){k[2 * i].node, k[2 * i + 1].node};
		else
			((qw_node **)arr)[i] = k[i].node;
		if (marks)
			marks[i] = k[map ? 2 * i + 1 : i].alias;
	}
	if (map) {
		c->pairs = arr;
		c->npairs = (uint32_t)n;
	} else {
		c->items = arr;
		c->nitems = (uint32_t)n;
	}
	c->aliases = aliases;
	doc->nkids = mark;
	if (mark == 0) { /* the root: nothing is pending any more */
		free(doc->kids);
		doc->kids = NULL;
		doc->kids_cap = 0;
	}
}

void
qw_doc_drop(qw_doc *doc, size_t mark)
{
	if (mark < doc->nkids)
		doc->nkids = mark;
}

/* Is child i of container c an alias? */
static bool
child_alias(const qw_node *c, size_t i)
{
	if (!c->aliases)
		return false;
	size_t n = c->type == QW_NODE_MAP ? c->npairs : c->nitems;
	const char *arr = c->type == QW_NODE_MAP ? (const char *)c->pairs : (const char *)c->items;
	size_t each = c->type == QW_NODE_MAP ? sizeof(qw_pair) : sizeof(qw_node *);
	return ((const bool *)(arr + n * each))[i];
}

bool
qw_walk_pair(const qw_node *map, size_t i)
{
	const qw_node *v = map->pairs[i].value;
	return v && (v->type == QW_NODE_SCALAR || !child_alias(map, i));
}

bool
qw_walk_item(const qw_node *seq, size_t i)
{
	const qw_node *n = seq->items[i];
	return n && (n->type == QW_NODE_SCALAR || !child_alias(seq, i));
}

/* Merge keys are aliases by nature, so this lookup follows them; *budget (maps looked into) keeps a merge bomb,
 * each map merging the previous one several times, from costing exponential time. */
static const qw_pair *
map_pair_depth(const qw_node *map, const char *key, int depth, int *budget)
{
	if (!map || map->type != QW_NODE_MAP || depth > QW_TREE_MAX_DEPTH || --*budget < 0)
		return NULL;
	/* The first character is compared before the call: most keys differ there, and most lookups miss. */
	bool merges = false;
	for (size_t i = map->npairs; i-- > 0;) {
		const qw_node *k = map->pairs[i].key;
		if (!k || k->type != QW_NODE_SCALAR || !k->str)
			continue;
		if (k->str[0] == key[0] && strcmp(k->str, key) == 0)
			return &map->pairs[i];
		merges |= k->str[0] == '<';
	}
	/* YAML merge key: explicit keys win over merged ones; earlier merged maps win over later ones. */
	for (size_t i = 0; merges && i < map->npairs; i++) {
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

const char *
qw_map_string(const qw_node *map, const char *key, const qw_node **node)
{
	const qw_node *v = qw_map_get(map, key);
	if (!v || v->type != QW_NODE_SCALAR || v->plain || !v->str)
		return NULL;
	if (node)
		*node = v;
	return v->str;
}
