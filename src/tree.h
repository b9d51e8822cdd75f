/*
 * tree.h - the document tree that both the YAML and the JSON readers produce: mappings, sequences and scalars,
 * each with the byte span it came from, so that every rule can point at the exact characters.
 *
 * Ownership: all nodes, their strings and their child arrays live in their qw_doc's arena and are freed together
 * by qw_doc_free(); nothing in a tree is freed alone. (One arena per document, not a malloc per node: a 50 MB
 * file has millions of nodes, and a malloc each cost both the time and a header per node.) A YAML alias is not
 * copied: the pair or item simply points at the anchored node, so an alias bomb costs nothing to build. The edges
 * that are aliases are marked (qw_pair.alias, qw_node.item_alias): a walker that visits every node skips those to
 * containers (qw_walk_pair, qw_walk_item), since it meets the node at its anchor anyway, and so stays linear even
 * on a "billion laughs" file. Lookups that
 * follow aliases on purpose (merge keys) bound their work instead. Walkers also bound their depth
 * (QW_TREE_MAX_DEPTH).
 */
#ifndef QW_TREE_H
#define QW_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "source.h"

/* The deepest nesting the readers accept (deeper is a syntax error: PyYAML's pure-Python loader already fails
 * between 400 and 600 levels, Python's json near 1000) and that walkers follow. */
#define QW_TREE_MAX_DEPTH 512

typedef enum qw_node_type { QW_NODE_SCALAR, QW_NODE_MAP, QW_NODE_SEQ } qw_node_type;

typedef struct qw_node qw_node;

typedef struct qw_pair {
	qw_node *key;
	qw_node *value;
	bool alias; /* value is a YAML alias of a node anchored elsewhere */
} qw_pair;

/* Laid out small (80 bytes): a large file has a node for every ten bytes or so. */
struct qw_node {
	qw_span span;   /* the whole node; for a quoted scalar, including its quotes */
	char *str;      /* scalar: the decoded value */
	char *tag;      /* scalar: an explicit YAML tag, resolved ("tag:yaml.org,2002:str"), or NULL */
	qw_pair *pairs; /* map */
	qw_node **items; /* seq */
	bool *item_alias; /* seq: item_alias[i] when items[i] is an alias; NULL while no item is */
	uint32_t npairs, pairs_cap, nitems, items_cap;
	qw_node_type type;
	bool plain;     /* scalar: unquoted (YAML plain style; JSON literal true/false/null/number) */
};

typedef struct qw_doc {
	qw_node *root; /* NULL for an empty document */
	int ndocs; /* YAML documents in the stream (only the first is used) */
	struct qw_arena_chunk *arena; /* where the nodes, strings and child arrays are */
} qw_doc;

qw_doc *qw_doc_new(void);
void qw_doc_free(qw_doc *doc);
/* For the readers that build a tree: a zeroed node, a NUL-terminated copy of n bytes, and a child appended to a
 * mapping or a sequence (alias: the child is a YAML alias of a node anchored elsewhere), all in doc's arena. */
qw_node *qw_doc_node(qw_doc *doc, qw_node_type type, qw_span span);
char *qw_doc_strndup(qw_doc *doc, const char *s, size_t n);
void qw_doc_add_pair(qw_doc *doc, qw_node *map, qw_node *key, qw_node *value, bool alias);
void qw_doc_add_item(qw_doc *doc, qw_node *seq, qw_node *item, bool alias);
/* The bytes doc's arena has handed out (a tree's size, for tests). */
size_t qw_doc_size(const qw_doc *doc);

/* Value for key in a mapping (the last one wins, as in PyYAML and Python's json), following YAML merge keys
 * (`<<`). NULL when absent or when map is not a mapping. */
const qw_pair *qw_map_pair(const qw_node *map, const char *key);
const qw_node *qw_map_get(const qw_node *map, const char *key);
/* Should a walker that visits every node follow this edge? Not when it is an alias of a mapping or a sequence:
 * the walker meets that node at its anchor. An alias of a scalar costs nothing and is followed, so that a value
 * reached under a secret-named key through an alias is still seen under that key. */
bool qw_walk_pair(const qw_pair *p);
bool qw_walk_item(const qw_node *seq, size_t i);
/* Scalar string of a node, NULL for non-scalars and for YAML/JSON null. */
const char *qw_node_str(const qw_node *n);
bool qw_node_is_null(const qw_node *n);
/* Scalar string of map[key], or NULL. */
const char *qw_map_str(const qw_node *map, const char *key);

#endif
