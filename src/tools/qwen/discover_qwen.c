/*
 * discover_qwen.c - Qwen Code's part of discovery (discover_int.h): a .qwen directory holding settings.json, met in
 * a walk or named (~/.qwen through the tool's home_dir), or its settings.json named alone, becomes one set: the
 * settings file and the .env files of Qwen Code's search chain (agents.md §3, Qwen Code row) that qwlint reads.
 *
 * The chain Qwen Code searches is `.qwen/.env`, then `.env`, walking up from where it runs, then `~/.qwen/.env`,
 * then `~/.env`; only the first file found is used. qwlint does not know where Qwen Code runs, so it takes the
 * .qwen directory's parent as that place (the project root; for ~/.qwen, the home):
 * - ~/.qwen: `~/.qwen/.env`, then `~/.env`.
 * - a project's .qwen: `.qwen/.env`, then the project root's `.env`, then `.qwen/.env` and `.env` of each directory
 *   above it, but only as far as the directory tree named on the command line: a file above it is one the user did
 *   not ask qwlint to read (every file a set reads lies inside its tree, lint.h), and what lies there differs from
 *   machine to machine (a CI checkout, a laptop). The user's `~/.qwen/.env` and `~/.env` are not read for a project
 *   either (a run with no path lints the home on its own); the trace says when the chain would reach them.
 * Every file present in that list is read (through the read layer, so no link out of the tree is followed), the
 * first being the one Qwen Code uses, so that a definition the winner shadows can be shown (rules.c). A file of the
 * chain that is present but cannot be read makes the set unreadable: which file wins is then unknown.
 * A file another set reports (a project's `.env` met by the walk as an application's .env) is read for context
 * only here, so that its findings are not shown twice; the .qwen directory's own files are reported.
 *
 * Ownership: the set built is added to out and owns the sources read (qwen.h).
 */
#include "discover_int.h"

#include <stdlib.h>
#include <string.h>

#include "dirs.h"
#include "qwen.h"
#include "util.h"

bool
qw_qwen_markers(const char *dir)
{
	return qw_disc_dir_named(dir, ".qwen") && qw_disc_child_exists(dir, QW_QWEN_SETTINGS, false);
}

bool
qw_qwen_settings_path(const char *path)
{
	if (strcmp(qw_basename(path), QW_QWEN_SETTINGS))
		return false;
	char *dir = qw_disc_dir_of(path);
	bool yes = qw_disc_dir_named(dir, ".qwen");
	free(dir);
	return yes;
}

/* Is dir (a .qwen directory) the user's ~/.qwen? Compared resolved, so `qwlint ~/.qwen` and $HOME's spelling of it
 * agree. */
static bool
is_home_qwen(const char *dir)
{
	char *home = qw_home_path(".qwen");
	char *a = realpath(dir, NULL), *b = realpath(home, NULL);
	bool yes = a && b && !strcmp(a, b);
	free(a);
	free(b);
	free(home);
	return yes;
}

/* The directory a .qwen directory is in, as a path to show ("proj" for "proj/.qwen", ".." for "."). */
static char *
parent_of(const char *dir)
{
	const char *b = qw_basename(dir);
	if (!strcmp(b, ".") || !strcmp(b, ".."))
		return qw_path_join(dir, "..");
	return qw_disc_dir_of(dir);
}

/* Whether path lies inside the tree the walk goes over (the walk then meets it on its own). */
static bool
in_tree(const qw_sets *out, const char *path)
{
	char *real = NULL;
	bool yes = out->root && qw_path_within(out->root, path, &real) == QW_WITHIN_YES;
	free(real);
	return yes;
}

/* Is dir the root of the tree (resolved), or outside it: where the walk up stops. */
static bool
at_or_past_root(const qw_sets *out, const char *dir)
{
	if (!out->root)
		return true; /* a file named alone, or the default home: no tree to walk up in */
	char *real = realpath(dir, NULL);
	bool stop = !real || !strcmp(real, out->root) || !in_tree(out, dir);
	free(real);
	return stop;
}

/* One file of the chain: read when present. false when it is present but could not be read (the winner is then
 * unknown: the caller stops). report: its findings are shown here. */
static bool
chain_file(qw_set *set, const char *path, bool report, const qw_options *opt, qw_sets *out)
{
	bool isdir;
	if (!qw_disc_present(path, &isdir) || isdir)
		return true;
	qw_source *src = qw_disc_load_found(path, false, opt, out);
	if (!src) {
		set->unreadable = true; /* which .env Qwen Code uses is then unknown */
		return false;
	}
	if (!report) {
		src->report = false;
		out->files--; /* counted by the set that reports it */
	}
	qw_qwen_add_env(set, src);
	return true;
}

/* The .env files of the search chain (see the head of this file). own: report the .qwen directory's own .env. */
static void
read_chain(qw_set *set, const char *dir, bool own, const qw_options *opt, qw_sets *out)
{
	qw_qwen *q = qw_qwen_data(set);
	char *p = qw_path_join(dir, QW_QWEN_ENV);
	bool ok = chain_file(set, p, own, opt, out);
	q->own_env = q->nenvs == 1;
	free(p);
	char *cur = parent_of(dir);
	p = qw_path_join(cur, QW_QWEN_ENV);
	/* the project root's (or the home's) .env: reported here only when no walk meets it */
	ok = ok && chain_file(set, p, own && !in_tree(out, p), opt, out);
	free(p);
	while (ok && !q->home && !at_or_past_root(out, cur)) {
		char *up = qw_disc_dir_of(cur);
		if (!strcmp(up, cur) || !strcmp(qw_basename(cur), ".") || !strcmp(qw_basename(cur), "..")) {
			free(up);
			break; /* no shorter spelling to go up by: stop rather than guess */
		}
		free(cur);
		cur = up;
		const char *names[] = {".qwen/" QW_QWEN_ENV, QW_QWEN_ENV};
		for (size_t i = 0; ok && i < 2; i++) {
			p = qw_path_join(cur, names[i]);
			ok = chain_file(set, p, false, opt, out);
			free(p);
		}
	}
	free(cur);
	if (!q->home)
		q->chain_rest = qw_xstrdup(out->root ? "the .env files above the linted tree, then ~/.qwen/.env, then "
						       "~/.env"
						     : "the .env files above the project root, then ~/.qwen/.env, then "
						       "~/.env");
}

/* A .qwen directory's files as one set. only: settings.json was named alone (reported; the chain is context). */
static void
qwen_set(const char *dir, bool only, const qw_options *opt, qw_sets *out)
{
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = qw_xstrdup(dir);
	set->tree = out->root ? qw_xstrdup(out->root) : NULL;
	set->tool = &qw_tool_qwen;
	qw_qwen *q = qw_qwen_data(set);
	q->home = is_home_qwen(dir);
	char *p = qw_path_join(dir, QW_QWEN_SETTINGS);
	bool isdir;
	if (qw_disc_present(p, &isdir) && !isdir) {
		qw_source *src = only && out->named_file ? qw_disc_load(p, opt, out)
							 : qw_disc_load_found(p, false, opt, out);
		if (src)
			qw_qwen_add_settings(set, src);
		else
			set->unreadable = true; /* what Qwen Code sends then depends on a file not read */
	}
	free(p);
	read_chain(set, dir, !only, opt, out);
	qw_disc_load_local_config(set, opt);
	qw_disc_push_set(out, set);
}

bool
qw_qwen_take_dir(const char *dir, const qw_options *opt, qw_sets *out)
{
	if (!qw_qwen_markers(dir))
		return false;
	qwen_set(dir, false, opt, out);
	return true;
}

bool
qw_qwen_take_file(const char *path, bool explicit, const qw_options *opt, qw_sets *out)
{
	(void)explicit;
	if (!qw_qwen_settings_path(path))
		return false;
	char *dir = qw_disc_dir_of(path);
	qwen_set(dir, true, opt, out);
	free(dir);
	return true;
}
