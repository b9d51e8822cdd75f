/*
 * discover.h - from the paths on the command line to configuration sets: Hermes homes (with their profiles),
 * Dify deployments (dify.h), lone files linted by kind (a Dify app DSL or plugin manifest among them), and
 * directories searched for all of these.
 *
 * Ownership: sets are appended to *sets (an array the caller frees, each with qw_set_free). Problems reading a
 * path are printed to stderr as "qwlint: PATH: message" and counted in *io_errors; the other paths go on.
 */
#ifndef QW_DISCOVER_H
#define QW_DISCOVER_H

#include "lint.h"

typedef struct qw_sets {
	qw_set **v;
	size_t n, cap;
	int io_errors;
	size_t files; /* files read */
	struct qw_configs *configs; /* the settings files this run read (config.h), freed by qw_pipeline_free */
	const qw_kb *kb; /* set by the caller: content checks ask it (a Dify env file's marker variables) */
} qw_sets;

void qw_discover(const char *path, const qw_options *opt, qw_sets *out);
/* The default target: $HERMES_HOME, else ~/.hermes. The caller frees. */
char *qw_default_home(void);

#endif
