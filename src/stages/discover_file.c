/*
 * discover_file.c - a file on its own (discover_int.h): one named on the command line, or a .env met in a walk. A
 * home's or a deployment's own file brings its directory in for context; any other is recognised by its name,
 * then by its content, each tool asked in the table's order (tool.h's take_file, then take_source), and read
 * into a set of its own, or passed over (with a note when it was named) when no tool takes it.
 *
 * Ownership: the set a tool builds is added to out and owns the file's source; a file passed over is freed.
 */
#include "discover_int.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "secret.h"
#include "util.h"

bool
qw_disc_is_dotenv_name(const char *b)
{
	if (!strcmp(b, ".env") || qw_startswith(b, ".env.") || qw_endswith(b, ".env") || qw_is_env_copy_name(b))
		return true;
	/* env.example, .env_template, env-sample, … */
	const char *t = qw_startswith(b, ".env") ? b + 4 : qw_startswith(b, "env") ? b + 3 : NULL;
	if (t && (*t == '.' || *t == '_' || *t == '-') && qw_is_template_name(b))
		return true;
	/* NAME.env.example and the other templates of NAME.env (Dify's docker/envs/) */
	const char *e = strstr(b, ".env.");
	return e && e > b && qw_is_template_name(e + 4);
}

void
qw_disc_lone_file(const char *path, bool explicit, const qw_options *opt, qw_sets *out)
{
	/* by its name and its directory's first: a home's or a deployment's file brings the rest in for context */
	for (const qw_tool *const *t = qw_tools; *t; t++)
		if ((*t)->take_file && (*t)->take_file(path, explicit, opt, out))
			return;
	/* named: read wherever it leads; met in a walk: a regular file (the walk passes links over) */
	qw_source *src = explicit ? qw_disc_load(path, opt, out) : qw_disc_load_found(path, false, opt, out);
	if (!src)
		return;
	/* then by its content, in the table's order: Hermes's YAML before Dify's, Dify's env files before an
	 * application's (tools.c) */
	char *dir = qw_disc_dir_of(path);
	for (const qw_tool *const *t = qw_tools; *t; t++)
		if ((*t)->take_source && (*t)->take_source(dir, src, explicit, opt, out))
			return;
	if (explicit && !opt->skip_unknown) {
		char *shown = qw_arg_shown(src->path);
		qw_esc_buf_printf(&out->errors,
			      "qwlint: %s: skipped: not a Hermes config.yaml, auth.json or .env file, nor a Dify "
			      "env file, app DSL or plugin manifest\n",
			      shown);
		free(shown);
	}
	out->files--;
	qw_source_free(src);
	free(dir);
}
