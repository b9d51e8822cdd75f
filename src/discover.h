/*
 * discover.h - from the paths on the command line to configuration sets: Hermes homes (with their profiles),
 * Dify deployments (dify.h), lone files linted by kind (a Dify app DSL or plugin manifest among them), and
 * directories searched for all of these.
 *
 * Discovery is split so that it can run in parallel (pipeline.c): qw_discover_plan walks the paths and lists
 * tasks in the order a walk meets them (a home, a deployment, a directory that may hold one, a file); each task
 * reads its files into its own qw_sets with qw_discover_task, on any thread.
 *
 * Ownership: sets are appended to *sets (an array the caller frees, each with qw_set_free). Problems reading a
 * path go into sets->errors as lines "qwlint: PATH: message" (the caller prints them, in task order) and are
 * counted in io_errors; the other paths go on.
 */
#ifndef QW_DISCOVER_H
#define QW_DISCOVER_H

#include "lint.h"
#include "util.h"

typedef struct qw_sets {
	qw_set **v;
	size_t n, cap;
	int io_errors;
	size_t files; /* files read */
	struct qw_configs *configs; /* the settings files this run read (config.h), freed by qw_pipeline_free */
	struct qw_dirs *dirs; /* what the run learned about directories (dirs.h), freed by qw_pipeline_free */
	const qw_kb *kb; /* set by the caller: content checks ask it (a Dify env file's marker variables) */
	qw_buf errors; /* messages for stderr, one line each */
} qw_sets;

typedef enum qw_task_kind {
	QW_TASK_HOME,      /* a path named on the command line that is a Hermes home */
	QW_TASK_DIFY,      /* ... a Dify deployment directory */
	QW_TASK_FILE,      /* ... a file */
	QW_TASK_WALK_DIR,  /* a directory met in a walk that may hold a home or a deployment (else walked) */
	QW_TASK_WALK_ENV,  /* a .env-named file met in a walk */
	QW_TASK_WALK_YAML, /* a YAML file met in a walk: linted only if it is a Dify DSL or manifest */
} qw_task_kind;

typedef struct qw_task {
	char *path;
	qw_task_kind kind;
	int depth; /* of a walk's directory */
} qw_task;

typedef struct qw_plan {
	qw_task *v;
	size_t n, cap;
} qw_plan;

/* Directory problems met while walking go to out (errors, io_errors); the tasks are appended to *plan, which the
 * caller frees with qw_plan_free. */
void qw_discover_plan(const char *path, const qw_options *opt, qw_sets *out, qw_plan *plan);
void qw_discover_task(const qw_task *t, const qw_options *opt, qw_sets *out);
void qw_plan_free(qw_plan *plan);
/* The default target: $HERMES_HOME, else ~/.hermes. The caller frees. */
char *qw_default_home(void);

#endif
