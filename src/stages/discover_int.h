/*
 * discover_int.h - what the parts of discovery share, inside qwlint only (discover.h is the interface). The walk
 * and the task plan (discover.c) hand what they meet to what recognises and reads it: Hermes homes and profiles
 * (discover_hermes.c), Dify deployments (discover_dify.c) and lone files (discover_file.c), which all read through
 * one layer that keeps to the tree and adopts what it reads (discover_read.c). Each agent tool's part says whether
 * a directory is its own (its markers, seen without reading, and its test, which may read) and reads it into sets.
 *
 * Ownership: as discover.h says: sets are added to out, which owns them; messages go to out->errors. A qw_source
 * handed to an attach function or to qw_disc_dify_lone belongs to that set from then on. Strings returned are the
 * caller's to free.
 */
#ifndef QW_DISCOVER_INT_H
#define QW_DISCOVER_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "dify.h"
#include "discover.h"
#include "lint.h"
#include "parse.h"

/* A config.yaml read and parsed to decide whether its directory is a Hermes home, kept for that home's set: each
 * file is read and parsed once. */
typedef struct qw_disc_preread {
	qw_source *src;
	qw_doc *doc;
	qw_parse_error err;
} qw_disc_preread;

/* ---- reading what is found (discover_read.c) ---- */

/* p without its leading "./"s: the path as shown. */
char *qw_disc_display_path(const char *p);
/* Whether path names anything: qw_disc_exists by stat (through a link), qw_disc_present also when it is a link
 * that leads nowhere (a file the user meant to be read). *is_dir: a directory (qw_disc_exists: may be NULL). */
bool qw_disc_exists(const char *path, bool *is_dir);
bool qw_disc_present(const char *path, bool *is_dir);
/* Whether dir/name is present, and is a directory iff want_dir. */
bool qw_disc_child_exists(const char *dir, const char *name, bool want_dir);
/* Is dir's last component name (".claude"), or its real path's when dir is "." or ".." (`qwlint settings.json`
 * run inside .claude)? How a tool known by its directory's name recognises it. */
bool qw_disc_dir_named(const char *dir, const char *name);
/* qsort over char *: by strcmp. */
int qw_disc_cmp_str(const void *a, const void *b);
/* src becomes one of the run's files (its display path, reported, counted); returns it. */
qw_source *qw_disc_adopt(qw_source *src, qw_sets *out);
/* A file read wherever its path leads, adopted; NULL (the error noted) when it cannot be read. */
qw_source *qw_disc_load(const char *path, const qw_options *opt, qw_sets *out);
/* A file found in the task's tree, read only when it keeps to the tree (strict: checked even when no link). */
qw_source *qw_disc_load_found(const char *path, bool strict, const qw_options *opt, qw_sets *out);
/* A file read only to decide what a directory is: not adopted, nothing noted; NULL when the tree forbids it or
 * it cannot be read. */
qw_source *qw_disc_probe_found(const char *path, size_t max, const qw_sets *out);
/* The note for a path not read because it leads out of the tree. */
void qw_disc_note_outside(qw_sets *out, const char *path);
/* src as the set's .env: parsed, its secrets marked. */
void qw_disc_attach_env(qw_set *set, qw_source *src);
/* The set's region, from the .qwlint.yaml that governs its directory. */
void qw_disc_load_local_config(qw_set *set, const qw_options *opt);
void qw_disc_push_set(qw_sets *out, qw_set *set);
/* The directory part of path ("." for none). */
char *qw_disc_dir_of(const char *path);

/* ---- Hermes homes and profiles (discover_hermes.c) ---- */

/* src as the set's config.yaml (pre: already parsed, else NULL) or auth.json: parsed, its secrets marked. */
void qw_disc_attach_config(qw_set *set, qw_source *src, qw_disc_preread *pre);
void qw_disc_attach_auth(qw_set *set, qw_source *src);
/* Whether dir is a Hermes home (explicit: named, so any config.yaml counts). keep: where a config.yaml read to
 * decide is kept for the home's set (NULL: not kept). */
bool qw_disc_looks_like_home(const char *dir, bool explicit, const qw_options *opt, const qw_sets *out,
			     qw_disc_preread *keep);
/* Whether dir has a name qw_disc_looks_like_home tests, seen without reading a file. */
bool qw_disc_home_markers(const char *dir);
/* The home at dir and its profiles as sets; only: report that file of the home alone (and read no profile). pre:
 * its config.yaml already read (qw_disc_looks_like_home's keep), or NULL; taken over either way. */
void qw_disc_home_with_profiles(const char *dir, const char *only, const qw_options *opt, qw_sets *out,
				qw_disc_preread *pre);
/* A lone file that is Hermes's by content: a config.yaml's keys, an auth.json's. */
bool qw_disc_hermes_like_yaml(qw_source *src);
bool qw_disc_auth_like_json(qw_source *src);

/* ---- Dify deployments (discover_dify.c) ---- */

/* Whether dir is a Dify deployment's docker/ directory. */
bool qw_disc_looks_like_dify(const char *dir, const qw_sets *out);
/* Whether dir has a name qw_disc_looks_like_dify tests, seen without reading a file. */
bool qw_disc_dify_markers(const char *dir);
/* The deployment at dir as a set; only: report its own env file of that name alone. */
void qw_disc_dify_set(const char *dir, const char *only, const qw_options *opt, qw_sets *out);
/* One Dify file alone, as a set in dir (taken over, as src is). */
void qw_disc_dify_lone(char *dir, qw_dify_kind kind, qw_source *src, const qw_options *opt, qw_sets *out);
/* A YAML file met in a walk: a set when it is a Dify app DSL or plugin manifest, else passed over. */
void qw_disc_dify_yaml_in_tree(const char *path, const char *b, const qw_options *opt, qw_sets *out);

/* ---- lone files (discover_file.c) ---- */

/* Whether basename b names a .env file, a copy of one or a template. */
bool qw_disc_is_dotenv_name(const char *b);
/* One file alone (explicit: named on the command line; else a .env met in a walk), or its home or deployment. */
void qw_disc_lone_file(const char *path, bool explicit, const qw_options *opt, qw_sets *out);

#endif
