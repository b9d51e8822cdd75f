/*
 * embedded.h - data compiled into the binary: by cmake/embed.cmake, the text of the knowledge files of rules/
 * and the rule examples of testdata/examples/ (doc.c), each table sorted by name, its data NUL-terminated; by
 * tools/genkb.c, the trees of the knowledge files (kb.c reads these, not the text, at start).
 */
#ifndef QW_EMBEDDED_H
#define QW_EMBEDDED_H

#include <stddef.h>

#include "tree.h"

typedef struct qw_embedded_file {
	const char *name; /* the path relative to the embedded folder */
	const unsigned char *data;
	size_t len;
} qw_embedded_file;

extern const qw_embedded_file qw_embedded_rules[];
extern const size_t qw_embedded_rules_count;
/* A knowledge file's tree as qw_yaml_parse_builtin reads its text: static data, never freed, with no tags and no
 * aliases. Its spans are offsets in the text of qw_embedded_rules' entry of the same name. */
typedef struct qw_embedded_tree {
	const char *name;
	const qw_node *root;
} qw_embedded_tree;

extern const qw_embedded_tree qw_embedded_rule_trees[];
extern const size_t qw_embedded_rule_trees_count;
extern const qw_embedded_file qw_embedded_examples[];
extern const size_t qw_embedded_examples_count;

#endif
