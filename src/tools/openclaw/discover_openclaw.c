/*
 * discover_openclaw.c - OpenClaw's part of discovery (discover_int.h): a .openclaw directory holding openclaw.json
 * or .env, met in a walk or named (~/.openclaw through the tool's home_dir), becomes one set of both files;
 * openclaw.json named alone becomes its directory's set (the .env beside it read for context, when that directory
 * is a .openclaw), and so does a .openclaw's .env named alone (pre-commit, or by hand; openclaw.json is context). Read through discovery's read layer, so a link out of the tree is not followed.
 *
 * Ownership: the set built is added to out and owns the sources read (openclaw.h).
 */
#include "discover_int.h"

#include <stdlib.h>
#include <string.h>

#include "openclaw.h"
#include "util.h"

bool
qw_openclaw_markers(const char *dir)
{
	return qw_disc_dir_named(dir, QW_OPENCLAW_DIR) &&
	       (qw_disc_child_exists(dir, QW_OPENCLAW_NAME, false) || qw_disc_child_exists(dir, ".env", false));
}

/* One file of the set's directory, or NULL (absent, or unreadable: then set->unreadable, when the requests depend
 * on it). report: its findings are shown; named: it was named on the command line, so it is read wherever it
 * leads. */
static qw_source *
load(qw_set *set, const char *name, bool report, bool named, const qw_options *opt, qw_sets *out)
{
	bool sends = !strcmp(name, QW_OPENCLAW_NAME); /* no request is made from the .env */
	char *p = qw_path_join(set->dir, name);
	bool isdir;
	qw_source *src = NULL;
	if (qw_disc_present(p, &isdir) && !isdir) {
		src = named && out->named_file ? qw_disc_load(p, opt, out) : qw_disc_load_found(p, false, opt, out);
		if (src)
			src->report = report;
		else if (sends)
			set->unreadable = true; /* what OpenClaw sends then depends on a file not read */
	}
	free(p);
	return src;
}

/* A directory's OpenClaw files as one set. only: the file named alone (openclaw.json or .env: the other is
 * context), NULL for both; with_env: the directory is a .openclaw, whose .env the gateway reads. */
static void
openclaw_set(const char *dir, const char *only, bool with_env, const qw_options *opt, qw_sets *out)
{
	bool only_config = only && !strcmp(only, QW_OPENCLAW_NAME), only_env = only && !only_config;
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = qw_xstrdup(dir);
	set->tree = out->root ? qw_xstrdup(out->root) : NULL;
	set->tool = &qw_tool_openclaw;
	qw_openclaw *oc = set->data = qw_xcalloc(1, sizeof(*oc));
	qw_source *cfg = load(set, QW_OPENCLAW_NAME, !only_env, only_config, opt, out);
	if (cfg)
		qw_openclaw_add_config(oc, cfg);
	qw_source *env = with_env ? load(set, ".env", !only_config, only_env, opt, out) : NULL;
	if (env)
		qw_openclaw_add_env(oc, env);
	qw_disc_load_local_config(set, opt);
	qw_disc_push_set(out, set);
}

bool
qw_openclaw_take_dir(const char *dir, const qw_options *opt, qw_sets *out)
{
	if (!qw_openclaw_markers(dir))
		return false;
	openclaw_set(dir, NULL, true, opt, out);
	return true;
}

bool
qw_openclaw_take_file(const char *path, bool explicit, const qw_options *opt, qw_sets *out)
{
	const char *b = qw_basename(path);
	bool config = !strcmp(b, QW_OPENCLAW_NAME);
	if (!config && strcmp(b, ".env"))
		return false;
	char *dir = qw_disc_dir_of(path);
	bool home = qw_disc_dir_named(dir, QW_OPENCLAW_DIR);
	/* OpenClaw reads only ~/.openclaw/openclaw.json (agents.md §3): elsewhere, the file is its only when named.
	 * A .env is OpenClaw's only in a .openclaw directory (the gateway's), else an application's. */
	bool take = config ? home || explicit : home;
	if (take)
		openclaw_set(dir, b, home, opt, out);
	free(dir);
	return take;
}
