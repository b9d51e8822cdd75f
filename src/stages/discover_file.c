/*
 * discover_file.c - a file on its own (discover_int.h): one named on the command line, or a .env met in a walk. A
 * home's or a deployment's own file brings its directory in for context; any other is recognised by its name,
 * then by its content (Dify's tests in dify.c, Hermes's in discover_hermes.c), and read into a set of its own, or
 * passed over (with a note when it was named) when it is none of these.
 *
 * Ownership: the set built is added to out and owns the file's source; a file passed over is freed.
 */
#include "discover_int.h"

#include <stdlib.h>
#include <string.h>

#include "appenv.h"
#include "claude.h"
#include "opencode.h"
#include "codex.h"
#include "dify.h"
#include "model.h"
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
	const char *b = qw_basename(path);
	char *dir = qw_disc_dir_of(path);
	bool home_file = !strcmp(b, "config.yaml") || !strcmp(b, "auth.json");
	if ((home_file || !strcmp(b, ".env")) &&
	    qw_disc_looks_like_home(dir, home_file && !opt->skip_unknown, opt, out, NULL)) {
		/* One file of a home: the rest of the home is read for context only. */
		qw_disc_home_with_profiles(dir, b, opt, out, NULL);
		free(dir);
		return;
	}
	if (qw_claude_settings_path(path)) {
		/* one settings file of a .claude directory: the other is read for context (claude.h) */
		qw_disc_claude_set(dir, b, opt, out);
		free(dir);
		return;
	}
	if (qw_opencode_path(path)) {
		/* OpenCode's configuration, the user's or a project's (opencode.h) */
		qw_opencode_set(path, explicit, opt, out);
		free(dir);
		return;
	}
	if (qw_codex_config_path(path)) {
		/* Codex CLI's config.toml (codex.h) */
		qw_disc_codex_set(dir, true, opt, out);
		free(dir);
		return;
	}
	if (!strcmp(b, ".env") && qw_disc_looks_like_dify(dir, out)) {
		/* one env file of a deployment: the others are read for context */
		qw_disc_dify_set(dir, b, opt, out);
		free(dir);
		return;
	}
	/* named: read wherever it leads; met in a walk: a regular file (the walk passes links over) */
	qw_source *src = explicit ? qw_disc_load(path, opt, out) : qw_disc_load_found(path, false, opt, out);
	if (!src) {
		free(dir);
		return;
	}
	bool yaml = qw_endswith(b, ".yaml") || qw_endswith(b, ".yml");
	bool hermes_yaml = yaml && qw_disc_hermes_like_yaml(src);
	int dify_kind = qw_disc_is_dotenv_name(b) && qw_dify_env_like(out->kb, src) ? QW_DIFY_ENV
			: yaml && !hermes_yaml && strcmp(b, "config.yaml")	     ? qw_dify_yaml_kind(src)
										     : -1;
	if (dify_kind >= 0) {
		qw_disc_dify_lone(dir, (qw_dify_kind)dify_kind, src, opt, out);
		return;
	}
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = dir;
	set->tree = out->root ? qw_xstrdup(out->root) : NULL;
	if (qw_disc_is_dotenv_name(b)) {
		set->tool = &qw_tool_appenv;
		qw_disc_attach_env(set, src);
	} else if (qw_endswith(b, ".json") && (!strcmp(b, "auth.json") || qw_disc_auth_like_json(src))) {
		set->tool = &qw_tool_hermes;
		set->hermes = true;
		qw_disc_attach_auth(set, src);
	} else if (yaml && ((!strcmp(b, "config.yaml") && !opt->skip_unknown) || hermes_yaml)) {
		set->tool = &qw_tool_hermes;
		set->hermes = true;
		qw_disc_attach_config(set, src, NULL);
	} else {
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
		qw_set_free(set);
		return;
	}
	qw_disc_load_local_config(set, opt);
	qw_disc_push_set(out, set);
}
