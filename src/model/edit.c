/* edit.c - see edit.h. */
#include "edit.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static qw_span
element(const qw_node *c, size_t i)
{
	if (c->type == QW_NODE_SEQ)
		return c->items[i]->span;
	return (qw_span){c->pairs[i].key->span.start, c->pairs[i].value->span.end};
}

void
qw_edit_json_remove(qw_fixit *x, const qw_node *container, size_t i)
{
	size_t n = container->type == QW_NODE_SEQ ? container->nitems : container->pairs ? container->npairs : 0;
	if (i >= n || container->span.end < container->span.start + 2)
		return;
	if (n == 1) /* everything between the brackets: "[]" or "{}", as json.dumps writes an empty one */
		qw_fixit_edit(x, container->span.start + 1, container->span.end - 1, "");
	else if (i > 0) /* from the end of the previous one: its comma goes */
		qw_fixit_edit(x, element(container, i - 1).end, element(container, i).end, "");
	else /* the first: up to where the next one starts */
		qw_fixit_edit(x, element(container, 0).start, element(container, 1).start, "");
}

static char *
find(const qw_node *n, qw_span span, const char *path, int depth)
{
	if (!n || depth > QW_TREE_MAX_DEPTH)
		return NULL;
	if (n->span.start == span.start && n->span.end == span.end)
		return qw_xstrdup(path);
	if (span.start < n->span.start || span.end > n->span.end)
		return NULL; /* not inside this node (aliases aside, which repairs never target) */
	char *hit = NULL;
	for (size_t i = 0; n->type == QW_NODE_MAP && i < n->npairs && !hit; i++) {
		if (!qw_walk_pair(n, i))
			continue;
		const char *k = qw_node_str(n->pairs[i].key);
		char *p = qw_xprintf("%s%s%s", path, *path ? "." : "", k ? k : "?");
		hit = find(n->pairs[i].value, span, p, depth + 1);
		free(p);
	}
	for (size_t i = 0; n->type == QW_NODE_SEQ && i < n->nitems && !hit; i++) {
		if (!qw_walk_item(n, i))
			continue;
		char *p = qw_xprintf("%s[%zu]", path, i);
		hit = find(n->items[i], span, p, depth + 1);
		free(p);
	}
	return hit;
}

char *
qw_edit_node_path(const qw_node *root, qw_span span)
{
	return find(root, span, "", 0);
}
