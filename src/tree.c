/* tree.c - see tree.h. */
#include "tree.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

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
	for (size_t i = 0; i < doc->nall; i++) {
		qw_node *n = doc->all[i];
		free(n->str);
		free(n->tag);
		free(n->pairs);
		free(n->items);
		free(n->item_alias);
		free(n);
	}
	free(doc->all);
	free(doc);
}

qw_node *
qw_doc_node(qw_doc *doc, qw_node_type type, qw_span span)
{
	qw_node *n = qw_xcalloc(1, sizeof(*n));
	n->type = type;
	n->span = span;
	QW_PUSH(doc->all, doc->nall, doc->all_cap, n);
	return n;
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
	return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
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
