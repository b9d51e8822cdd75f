/*
 * listfiles.h - --list-files: what discovery would lint, one line per file, with the kind qwlint decided, the set
 * it belongs to, and whether it is read only for context or excluded by a .qwlint.yaml. Nothing is linted for the
 * listing's sake: it is a qw_pipeline_stream callback that prints each batch's sets and ignores the findings.
 *
 * Ownership: nothing is kept; each batch is printed as it is handed on.
 */
#ifndef QW_LISTFILES_H
#define QW_LISTFILES_H

#include <stdio.h>

#include "discover.h"
#include "lint.h"

typedef struct qw_listing {
	FILE *out;
	size_t nfiles; /* lines printed */
} qw_listing;

/* A qw_batch_fn: arg is a qw_listing. */
void qw_list_batch(void *arg, const qw_sets *sets, const qw_findings *findings);

#endif
