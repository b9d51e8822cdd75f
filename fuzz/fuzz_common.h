/*
 * fuzz_common.h - what every fuzz target checks besides "no crash, no leak, no undefined behaviour" (which the
 * sanitizers check): the trees and .env records a reader returns point only inside the bytes it was given.
 * A failed check aborts, so libFuzzer saves the input as a crash.
 */
#ifndef QW_FUZZ_COMMON_H
#define QW_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#include "tree.h"

#define FUZZ_CHECK(cond)                                                                     \
	do {                                                                                 \
		if (!(cond)) {                                                               \
			fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #cond); \
			abort();                                                             \
		}                                                                            \
	} while (0)

/* Every node of the tree, reached without following aliases to containers, has a span inside [0, len]. Returns
 * the nodes visited, which must not exceed the nodes the parser made (a walk that is not linear would). */
static inline size_t
fuzz_check_tree(const qw_node *n, size_t len, int depth)
{
	if (!n || depth > QW_TREE_MAX_DEPTH)
		return 0;
	FUZZ_CHECK(n->span.start <= n->span.end && n->span.end <= len);
	size_t seen = 1;
	if (n->type == QW_NODE_MAP)
		for (size_t i = 0; i < n->npairs; i++) {
			/* a complex key may be an alias of a container, even of an ancestor: walkers only read
			 * scalar keys */
			const qw_node *k = n->pairs[i].key;
			if (k && k->type == QW_NODE_SCALAR)
				seen += fuzz_check_tree(k, len, depth + 1);
			if (qw_walk_pair(n, i))
				seen += fuzz_check_tree(n->pairs[i].value, len, depth + 1);
		}
	if (n->type == QW_NODE_SEQ)
		for (size_t i = 0; i < n->nitems; i++)
			if (qw_walk_item(n, i))
				seen += fuzz_check_tree(n->items[i], len, depth + 1);
	return seen;
}

#endif
