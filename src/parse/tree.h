/*
 * tree.h - the document tree that both the YAML and the JSON readers produce: mappings, sequences and scalars,
 * each with the byte span it came from, so that every rule can point at the exact characters.
 *
 * Ownership: all nodes, their strings and their child arrays live in their qw_doc's arena and are freed together
 * by qw_doc_free(); nothing in a tree is freed alone. (One arena per document, not a malloc per node: a 50 MB
 * file has millions of nodes, and a malloc each cost both the time and a header per node.) A YAML alias is not
 * copied: the pair or item simply points at the anchored node, so an alias bomb costs nothing to build. The edges
 * that are aliases are marked (after a container's child array, when qw_node.aliases): a walker that visits every
 * node skips those to containers (qw_walk_pair, qw_walk_item), since it meets the node at its anchor anyway, and
 * so stays linear even on a "billion laughs" file. Lookups that follow aliases on purpose (merge keys) bound their
 * work instead. Walkers also bound their depth (QW_TREE_MAX_DEPTH). The builder's list of pending children
 * (qw_doc.kids) is freed when the root closes, or by qw_doc_free.
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
} qw_pair;

/* 24 bytes: a large file has a node for every ten or fifteen bytes, so a node's size is most of a tree's.
 * Scalars and containers share their fields; read str only when type is QW_NODE_SCALAR, pairs and npairs only
 * for QW_NODE_MAP, items and nitems only for QW_NODE_SEQ (a scalar's counts are 0, so a loop over them does
 * nothing). The tag and the alias marks are read through qw_node_tag, qw_walk_pair and qw_walk_item. */
struct qw_node {
	qw_span span; /* the whole node; for a quoted scalar, including its quotes */
	union {
		char *str;       /* scalar: the decoded value */
		qw_pair *pairs;  /* map */
		qw_node **items; /* seq */
	};
	union {
		uint32_t npairs; /* map */
		uint32_t nitems; /* seq */
	};
	uint8_t type;     /* a qw_node_type */
	bool plain : 1;   /* scalar: unquoted (YAML plain style; JSON literal true/false/null/number) */
	bool tagged : 1;  /* scalar: has an explicit YAML tag (qw_node_tag) */
	bool aliases : 1; /* container: one of its children is an alias (marked after the child array) */
	bool pruned : 1;  /* container: read through a qw_yaml_keep (parse.h); may not hold all it had */
};

typedef struct qw_doc {
	qw_node *root; /* NULL for an empty document */
	int ndocs; /* YAML documents in the stream (only the first is used) */
	struct qw_arena_chunk *arena; /* where the nodes, strings and child arrays are */
	struct qw_doc_child *kids; /* while building: the children of the open containers */
	size_t nkids, kids_cap;
} qw_doc;

qw_doc *qw_doc_new(void);
void qw_doc_free(qw_doc *doc);
/* For the readers that build a tree, all in doc's arena: a zeroed node; a scalar's value (n bytes, copied and
 * NUL-terminated) with its tag or NULL. A container's children are pushed as they are read (a mapping's as key,
 * value, key, value; alias: the child is a YAML alias of a node anchored elsewhere) and given to it when it
 * closes, in one array of their exact number: mark is qw_doc_mark's answer when the container opened. */
qw_node *qw_doc_node(qw_doc *doc, qw_node_type type, qw_span span);
void qw_doc_set_str(qw_doc *doc, qw_node *scalar, const char *s, size_t n, const char *tag);
size_t qw_doc_mark(const qw_doc *doc);
void qw_doc_push(qw_doc *doc, qw_node *child, bool alias);
void qw_doc_close(qw_doc *doc, qw_node *container, size_t mark);
/* Forget the children pushed since mark (a container left out of a pruned tree). */
void qw_doc_drop(qw_doc *doc, size_t mark);
/* The bytes doc's arena has handed out (a tree's size, for tests). */
size_t qw_doc_size(const qw_doc *doc);

/* Value for key in a mapping (the last one wins, as in PyYAML and Python's json), following YAML merge keys
 * (`<<`). NULL when absent or when map is not a mapping. */
const qw_pair *qw_map_pair(const qw_node *map, const char *key);
const qw_node *qw_map_get(const qw_node *map, const char *key);
/* Should a walker that visits every node follow this edge? Not when it is an alias of a mapping or a sequence:
 * the walker meets that node at its anchor. An alias of a scalar costs nothing and is followed, so that a value
 * reached under a secret-named key through an alias is still seen under that key. */
bool qw_walk_pair(const qw_node *map, size_t i);
bool qw_walk_item(const qw_node *seq, size_t i);
/* A scalar's explicit YAML tag, resolved ("tag:yaml.org,2002:str"), or NULL. */
const char *qw_node_tag(const qw_node *n);
/* Scalar string of a node, NULL for non-scalars and for YAML/JSON null. */
const char *qw_node_str(const qw_node *n);
bool qw_node_is_null(const qw_node *n);
/* Scalar string of map[key], or NULL. */
const char *qw_map_str(const qw_node *map, const char *key);
/* map[key] when it is a quoted string (not a plain scalar: a JSON number or true, a TOML bare value), with its node
 * in *node when node is not NULL; else NULL. */
const char *qw_map_string(const qw_node *map, const char *key, const qw_node **node);

#endif
