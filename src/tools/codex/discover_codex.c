/*
 * discover_codex.c - Codex CLI's part of discovery (discover_int.h): a .codex directory holding config.toml, met in
 * a walk or named (~/.codex through the tool's home_dir), or its config.toml named alone, becomes one set of that
 * file. Read through discovery's read layer, so a link out of the tree is not followed.
 *
 * Ownership: the set built is added to out and owns the source read (codex.h).
 */
#include "discover_int.h"

#include <stdlib.h>
#include <string.h>

#include "codex.h"
#include "util.h"

bool
qw_codex_markers(const char *dir)
{
	return qw_disc_dir_named(dir, ".codex") && qw_disc_child_exists(dir, "config.toml", false);
}

bool
qw_codex_config_path(const char *path)
{
	if (strcmp(qw_basename(path), "config.toml"))
		return false;
	char *dir = qw_disc_dir_of(path);
	bool yes = qw_disc_dir_named(dir, ".codex");
	free(dir);
	return yes;
}

/* A .codex directory's config.toml as one set; named: the file was named on the command line. */
static void
codex_set(const char *dir, bool named, const qw_options *opt, qw_sets *out)
{
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = qw_xstrdup(dir);
	set->tree = out->root ? qw_xstrdup(out->root) : NULL;
	set->tool = &qw_tool_codex;
	char *p = qw_path_join(dir, "config.toml");
	bool isdir;
	if (qw_disc_present(p, &isdir) && !isdir) {
		qw_source *src = named && out->named_file ? qw_disc_load(p, opt, out) : qw_disc_load_found(p, false, opt, out);
		if (src) {
			src->report = true;
			qw_codex_add(set, src);
		} else {
			set->unreadable = true; /* what Codex sends then depends on a file not read */
		}
	}
	free(p);
	qw_disc_load_local_config(set, opt);
	qw_disc_push_set(out, set);
}

bool
qw_codex_take_dir(const char *dir, const qw_options *opt, qw_sets *out)
{
	if (!qw_codex_markers(dir))
		return false;
	codex_set(dir, false, opt, out);
	return true;
}

bool
qw_codex_take_file(const char *path, bool explicit, const qw_options *opt, qw_sets *out)
{
	(void)explicit;
	if (!qw_codex_config_path(path))
		return false;
	char *dir = qw_disc_dir_of(path);
	codex_set(dir, true, opt, out);
	free(dir);
	return true;
}
