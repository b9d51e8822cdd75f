/*
 * discover_claude.c - Claude Code's part of discovery (discover_int.h): a .claude directory holding
 * settings.json or settings.local.json, met in a walk or named, becomes one set of its files (lowest precedence
 * first); a settings file named alone brings its directory's other one in for context. Files are read through
 * discovery's read layer, so a link out of the tree is not followed.
 *
 * Ownership: the set built is added to out and owns the sources read (claude.h).
 */
#include "discover_int.h"

#include <stdlib.h>
#include <string.h>

#include "claude.h"
#include "util.h"

bool
qw_claude_markers(const char *dir)
{
	if (!qw_disc_dir_named(dir, ".claude"))
		return false;
	for (size_t i = 0; i < QW_CLAUDE_NFILES; i++)
		if (qw_disc_child_exists(dir, qw_claude_names[i], false))
			return true;
	return false;
}

bool
qw_claude_settings_path(const char *path)
{
	const char *b = qw_basename(path);
	if (strcmp(b, qw_claude_names[0]) && strcmp(b, qw_claude_names[1]))
		return false;
	char *dir = qw_disc_dir_of(path);
	bool yes = qw_disc_dir_named(dir, ".claude");
	free(dir);
	return yes;
}

/* A .claude directory's settings files as one set. `only`: report that file alone (named), the other read for
 * context. */
static void
claude_set(const char *dir, const char *only, const qw_options *opt, qw_sets *out)
{
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = qw_xstrdup(dir);
	set->tree = out->root ? qw_xstrdup(out->root) : NULL;
	set->tool = &qw_tool_claude;
	for (size_t i = 0; i < QW_CLAUDE_NFILES; i++) {
		char *p = qw_path_join(dir, qw_claude_names[i]);
		bool isdir;
		if (!qw_disc_present(p, &isdir) || isdir) {
			free(p);
			continue;
		}
		/* the file named on the command line is read wherever it leads; its sibling keeps to the tree */
		bool named = only && !strcmp(only, qw_claude_names[i]);
		qw_source *src = named && out->named_file ? qw_disc_load(p, opt, out) : qw_disc_load_found(p, false, opt, out);
		free(p);
		if (!src) {
			set->unreadable = true; /* what Claude Code sends then depends on a file not read */
			continue;
		}
		src->report = !only || named;
		qw_claude_add(set, src);
	}
	qw_disc_load_local_config(set, opt);
	qw_disc_push_set(out, set);
}

bool
qw_claude_take_dir(const char *dir, const qw_options *opt, qw_sets *out)
{
	if (!qw_claude_markers(dir))
		return false;
	claude_set(dir, NULL, opt, out);
	return true;
}

bool
qw_claude_take_file(const char *path, bool explicit, const qw_options *opt, qw_sets *out)
{
	(void)explicit;
	if (!qw_claude_settings_path(path))
		return false;
	/* one settings file of a .claude directory: the other is read for context */
	char *dir = qw_disc_dir_of(path);
	claude_set(dir, qw_basename(path), opt, out);
	free(dir);
	return true;
}
