/*
 * discover_appenv.c - an application's .env as a tool's files (tool.h): any file with a .env name (a template
 * too) that no other tool took, by its name or its content, becomes a set of its own. Read by discovery's read
 * layer before it reaches here.
 *
 * Ownership: the set built is added to out and owns the source and the directory string it is handed.
 */
#include "discover_int.h"

#include "appenv.h"
#include "util.h"

bool
qw_appenv_take_source(char *dir, qw_source *src, bool explicit, const qw_options *opt, qw_sets *out)
{
	(void)explicit;
	if (!qw_disc_is_dotenv_name(qw_basename(src->path)))
		return false;
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = dir;
	set->tree = out->root ? qw_xstrdup(out->root) : NULL;
	set->tool = &qw_tool_appenv;
	qw_disc_attach_env(set, src);
	qw_disc_load_local_config(set, opt);
	qw_disc_push_set(out, set);
	return true;
}
