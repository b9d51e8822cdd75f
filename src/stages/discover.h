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
 *
 * Links. A directory named on the command line is a tree that discovery never leaves, for reading or for --fix's
 * writing: a walk does not follow links at all, and in a home or a Dify deployment a file that is a link is read
 * only when its target resolves inside the tree, from that resolved path (its fs_path, which --fix writes: never
 * the link). A link out of the tree (to /etc/shadow, /proc/self/environ, ~/.profile) is not read: a note on
 * stderr names it (not an I/O error: a repository may hold such links and still be fine), and a home missing one
 * of its files that way simulates no request (qw_set.unreadable). What the user names is followed: a file named
 * on the command line (though not under pre-commit, PRE_COMMIT=1, when a link named leads out of the git work tree:
 * pre-commit passed it, not a person), a named directory that is itself a link (its resolved path is the tree),
 * and the default home ($HERMES_HOME or ~/.hermes: the user's own, whose files dotfile managers link elsewhere).
 *
 * Identity. A path named twice, under any spelling (`.` and $PWD, a link and its target), is planned once, by
 * (st_dev, st_ino); so is a home's file named after its home, or a directory a walk already planned. What is left
 * (a file named before its home) is caught later by the pipeline, which reports a file once by qw_source.dev/ino.
 *
 * Depth. A walk is a loop over an explicit stack (a 5000-deep tree costs no C stack) that descends at most
 * QW_WALK_MAX_DEPTH levels below the directory named; below that it stops and says so, once per walk, as a path
 * it could not read (exit 2): a key hidden 300 directories down is not passed over in silence.
 */
#ifndef QW_DISCOVER_H
#define QW_DISCOVER_H

#include "lint.h"
#include "util.h"

/* qw_sets, the batch discovery fills, is the model's (lint.h): the formats read it too. */

/* How deep a walk searches below the directory named on the command line. */
#define QW_WALK_MAX_DEPTH 256

struct qw_tool;

typedef enum qw_task_kind {
	QW_TASK_TOOL_DIR,  /* a directory named on the command line that a tool's named_dir took (a Dify
			    * deployment, a Hermes home) */
	QW_TASK_FILE,      /* ... a file */
	QW_TASK_WALK_DIR,  /* a directory met in a walk that may hold a tool's set (else walked) */
	QW_TASK_WALK_ENV,  /* a .env-named file, or one a tool's file_markers names, met in a walk */
	QW_TASK_WALK_FILE, /* a file met in a walk whose ending a tool's walk_suffixes lists (Dify's YAML) */
} qw_task_kind;

typedef struct qw_task {
	char *path;
	qw_task_kind kind;
	const struct qw_tool *tool; /* QW_TASK_TOOL_DIR, QW_TASK_WALK_FILE: whose task it is */
	int depth; /* of a walk's directory */
	char *root; /* the resolved directory named on the command line that the task keeps to; NULL: no limit */
} qw_task;

typedef struct qw_plan {
	qw_task *v;
	size_t n, cap;
	qw_idset seen; /* the identity of every directory and file planned so far: a path met again is skipped */
} qw_plan;

/* Directory problems met while walking go to out (errors, io_errors); the tasks are appended to *plan, which the
 * caller frees with qw_plan_free. named: path was named on the command line (false: the default home, which
 * keeps to no tree). */
void qw_discover_plan(const char *path, bool named, const qw_options *opt, qw_sets *out, qw_plan *plan);
void qw_discover_task(const qw_task *t, const qw_options *opt, qw_sets *out);
void qw_plan_free(qw_plan *plan);
/* The default target: $HERMES_HOME, else ~/.hermes. The caller frees. */
char *qw_default_home(void);

#endif
