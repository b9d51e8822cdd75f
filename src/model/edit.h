/*
 * edit.h - byte edits computed from the document tree, for repairs: removing one member of a JSON object or one
 * element of a JSON array so that the rest of the text stays as it was, and naming a node by its path (what the
 * re-parse check in fix_verify.c compares).
 */
#ifndef QW_EDIT_H
#define QW_EDIT_H

#include "lint.h"

/* Add to x the edit that removes element i of a JSON array, or member i of a JSON object (container is a node
 * of the source x edits). With json.dumps(indent=2) text the result is what json.dumps writes without it. */
void qw_edit_json_remove(qw_fixit *x, const qw_node *container, size_t i);

/* The path of the node whose span is `span` under root: "model.api_key", "credential_pool.alibaba[0].base_url".
 * NULL when not found. The caller frees. */
char *qw_edit_node_path(const qw_node *root, qw_span span);

#endif
