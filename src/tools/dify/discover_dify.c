/*
 * discover_dify.c - Dify's part of discovery (discover_int.h): whether a directory is a deployment (an envs/ tree,
 * or an env file that sets Dify's own variables); reading one into a set (its env files in precedence order, or
 * their templates, and the plugin manifests the daemon installed); and a Dify file alone (an env file outside a
 * deployment, an app DSL or plugin manifest, named or met in a walk). What a file is by content is dify.c's.
 *
 * Ownership: each deployment or lone file becomes a qw_set added to out, owning its sources (qw_dify_add);
 * qw_disc_dify_lone takes over the source and the directory string it is handed.
 */
#include "discover_int.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "db.h"
#include "dify.h"
#include "escape.h"
#include "secret.h"
#include "util.h"

/* A file under dir that is Dify's env file (by its variables). */
static bool
dify_env_file(const char *dir, const char *name, const qw_sets *out)
{
	char *p = qw_path_join(dir, name);
	qw_source *src = qw_disc_probe_found(p, 64 * 1024 * 1024, out);
	free(p);
	bool yes = src && qw_dify_env_like(out->kb, src);
	qw_source_free(src);
	return yes;
}

/* A deployment directory's own env file: the real one, then its templates. */
static const char *const dify_own_env[] = {".env", ".env.example", "env.example"};
#define NDIFY_OWN_ENV (sizeof(dify_own_env) / sizeof(dify_own_env[0]))

/* Dify's docker/ directory: an envs/core-services/ tree (the split layout), or a .env or its template that sets
 * Dify's own variables. */
bool
qw_disc_looks_like_dify(const char *dir, const qw_sets *out)
{
	if (qw_disc_child_exists(dir, "envs/core-services", true))
		return true;
	for (size_t i = 0; i < NDIFY_OWN_ENV; i++)
		if (dify_env_file(dir, dify_own_env[i], out))
			return true;
	return false;
}

/* The names qw_disc_looks_like_dify tests that a walk can see without reading a file (discover.c's may_hold_set).
 * Keep the two in step: a marker missing here hides every deployment that has only it. */
bool
qw_disc_dify_markers(const char *dir)
{
	if (qw_disc_child_exists(dir, "envs/core-services", true))
		return true;
	for (size_t i = 0; i < NDIFY_OWN_ENV; i++)
		if (qw_disc_child_exists(dir, dify_own_env[i], false))
			return true;
	return false;
}

/* The env files under dir, recursively and sorted: the real ones (NAME.env), or the templates
 * (NAME.env.example). */
static void
env_files_under(const char *dir, int depth, bool templates, char ***v, size_t *n, size_t *cap)
{
	DIR *d = depth > QW_WALK_MAX_DEPTH ? NULL : opendir(dir);
	if (!d)
		return;
	char **names = NULL;
	size_t nn = 0, ncap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			QW_PUSH(names, nn, ncap, qw_xstrdup(de->d_name));
	closedir(d);
	if (nn)
		qsort(names, nn, sizeof(char *), qw_disc_cmp_str);
	for (size_t i = 0; i < nn; i++) {
		char *p = qw_path_join(dir, names[i]);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			env_files_under(p, depth + 1, templates, v, n, cap);
		else if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) &&
			 (templates ? qw_endswith(names[i], ".env.example") : qw_endswith(names[i], ".env"))) {
			QW_PUSH(*v, *n, *cap, p);
			p = NULL;
		}
		free(p);
		free(names[i]);
	}
	free(names);
}

/* The plugin manifests the daemon installed: volumes/plugin_daemon/cwd/<author>/<name>-<version>@<hash>/. */
static void
installed_manifests(const char *dir, char ***v, size_t *n, size_t *cap)
{
	char *cwd = qw_path_join(dir, "volumes/plugin_daemon/cwd");
	DIR *d = opendir(cwd);
	struct dirent *de;
	char **authors = NULL;
	size_t na = 0, acap = 0;
	while (d && (de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			QW_PUSH(authors, na, acap, qw_path_join(cwd, de->d_name));
	if (d)
		closedir(d);
	if (na)
		qsort(authors, na, sizeof(char *), qw_disc_cmp_str);
	for (size_t i = 0; i < na; i++) {
		DIR *a = opendir(authors[i]);
		char **plugins = NULL;
		size_t np = 0, pcap = 0;
		while (a && (de = readdir(a)) != NULL) {
			char *m = de->d_name[0] != '.' ? qw_xprintf("%s/%s/manifest.yaml", authors[i], de->d_name) : NULL;
			bool isdir;
			if (m && qw_disc_exists(m, &isdir) && !isdir)
				QW_PUSH(plugins, np, pcap, m);
			else
				free(m);
		}
		if (a)
			closedir(a);
		if (np)
			qsort(plugins, np, sizeof(char *), qw_disc_cmp_str);
		for (size_t j = 0; j < np; j++)
			QW_PUSH(*v, *n, *cap, plugins[j]);
		free(plugins);
		free(authors[i]);
	}
	free(authors);
	free(cwd);
}

/* The deployment's database rows (--dify-db, --dify-export; db.h). When they cannot be read, say why (and, for a
 * database that cannot be reached, the command that exports them) and count an error: the files are still
 * linted, and the run exits 2. */
static void
read_db(const char *dir, qw_dify *d, const qw_options *opt, qw_sets *out)
{
	char *err = NULL;
	d->db = qw_dify_db_read(d, out->kb, opt, &err);
	char *shown = qw_path_shown(dir);
	if (d->db) {
		if (d->db->plugin_note)
			qw_esc_buf_printf(&out->errors, "qwlint: %s: note: %s\n", shown, d->db->plugin_note);
		free(shown);
		return;
	}
	qw_esc_buf_printf(&out->errors, "qwlint: %s: Dify's database: %s\n", shown, err);
	if (!opt->dify_export && !strncmp(err, "cannot connect", 14)) {
		char *cmd = qw_dify_db_export_command(d, out->kb);
		/* one call a line: a message's line breaks would be escaped */
		qw_esc_buf_printf(&out->errors, "qwlint: %s: when the database is not reachable from here (Dify's compose "
						"file does not publish its port), write the rows qwlint reads from the "
						"deployment's docker directory (no secret leaves the database):\n",
				  shown);
		qw_esc_buf_printf(&out->errors, "  %s\n", cmd);
		qw_esc_buf_printf(&out->errors, "qwlint: %s: then run: qwlint --dify-export dify-rows.jsonl %s\n", shown,
				  shown);
		free(cmd);
	}
	out->io_errors++;
	free(shown);
	free(err);
}

/* A Dify deployment: its env files in precedence order (docker/envs/ first, docker/.env last), or their
 * templates when none is installed, and the installed plugin manifests. `only`: report the directory's own file
 * of that name alone (pre-commit passed it), reading the rest for context. */
void
qw_disc_dify_set(const char *dir, const char *only, const qw_options *opt, qw_sets *out)
{
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = qw_xstrdup(dir);
	set->tree = out->root ? qw_xstrdup(out->root) : NULL;
	set->tool = &qw_tool_dify;
	set->data = qw_xcalloc(1, sizeof(qw_dify));
	char **paths = NULL;
	size_t n = 0, cap = 0;
	char *envs = qw_path_join(dir, "envs");
	bool own_last = false; /* the directory's own .env (or template) ends the env files: `only` names it */
	for (int templates = 0; templates < 2 && !n; templates++) {
		env_files_under(envs, 0, templates, &paths, &n, &cap);
		for (size_t k = templates ? 1 : 0; k < (templates ? NDIFY_OWN_ENV : 1u); k++) {
			char *p = qw_path_join(dir, dify_own_env[k]);
			bool isdir;
			size_t olen;
			if ((qw_disc_exists(p, &isdir) && !isdir) || qw_overlay_get(p, &olen)) {
				QW_PUSH(paths, n, cap, p);
				own_last = true;
				break;
			}
			free(p);
		}
	}
	free(envs);
	size_t nenv = n;
	installed_manifests(dir, &paths, &n, &cap);
	for (size_t i = 0; i < n; i++) {
		/* the file named on the command line is read wherever it leads; the rest keep to the tree, checked
		 * whole: envs/ and the plugin directories may be links */
		bool named = only && own_last && i == nenv - 1 && !strcmp(only, qw_basename(paths[i]));
		qw_source *src = named && out->named_file ? qw_disc_load(paths[i], opt, out)
							  : qw_disc_load_found(paths[i], true, opt, out);
		if (src) {
			src->report = !only || named;
			qw_dify_add(qw_dify_of(set), i < nenv ? QW_DIFY_ENV : QW_DIFY_MANIFEST, src);
		}
		free(paths[i]);
	}
	free(paths);
	if (opt->dify_db || opt->dify_export)
		read_db(dir, qw_dify_of(set), opt, out);
	qw_disc_load_local_config(set, opt);
	qw_disc_push_set(out, set);
}

/* One Dify file alone: an env file outside a deployment directory, a DSL, a plugin manifest. */
void
qw_disc_dify_lone(char *dir, qw_dify_kind kind, qw_source *src, const qw_options *opt, qw_sets *out)
{
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = dir;
	set->tree = out->root ? qw_xstrdup(out->root) : NULL;
	set->tool = &qw_tool_dify;
	set->data = qw_xcalloc(1, sizeof(qw_dify));
	qw_dify_add(qw_dify_of(set), kind, src);
	qw_disc_load_local_config(set, opt);
	qw_disc_push_set(out, set);
}

/* While searching a tree, a YAML file counts only as a Dify app DSL (or a plugin's manifest.yaml): any other
 * program's YAML is left alone, and not counted. */
void
qw_disc_dify_yaml_in_tree(const char *path, const char *b, const qw_options *opt, qw_sets *out)
{
	char err[256];
	qw_source *src = qw_source_load(path, opt->max_file_size, err, sizeof(err));
	int kind = src ? qw_dify_yaml_kind(src) : -1;
	qw_source_free(src);
	if (kind != QW_DIFY_DSL && (kind != QW_DIFY_MANIFEST || strcmp(b, "manifest.yaml")))
		return;
	/* read again through qw_disc_load(), which counts the file and reports a read error only for a file of
	 * ours */
	src = qw_disc_load(path, opt, out);
	if (src)
		qw_disc_dify_lone(qw_disc_dir_of(path), (qw_dify_kind)kind, src, opt, out);
}

/* ---- Dify as an agent tool (tool.h) ---- */

static bool
take_dir(const char *dir, const qw_options *opt, qw_sets *out)
{
	if (!qw_disc_looks_like_dify(dir, out))
		return false;
	qw_disc_dify_set(dir, NULL, opt, out);
	return true;
}

static bool
named_dir(const char *dir, const qw_options *opt, const qw_sets *out)
{
	(void)opt;
	return qw_disc_looks_like_dify(dir, out);
}

static void
read_named_dir(const char *dir, const qw_options *opt, qw_sets *out)
{
	qw_disc_dify_set(dir, NULL, opt, out);
}

/* A YAML file met in a walk: linted only if it is an app DSL or a plugin manifest. */
static const char *const walk_suffixes[] = {".yml", ".yaml", NULL};

static void
walk_file(const char *path, const qw_options *opt, qw_sets *out)
{
	qw_disc_dify_yaml_in_tree(path, qw_basename(path), opt, out);
}

/* One env file of a deployment named alone: the others are read for context. */
static bool
take_file(const char *path, bool explicit, const qw_options *opt, qw_sets *out)
{
	(void)explicit;
	const char *b = qw_basename(path);
	if (strcmp(b, ".env"))
		return false;
	char *dir = qw_disc_dir_of(path);
	bool dify = qw_disc_looks_like_dify(dir, out);
	if (dify)
		qw_disc_dify_set(dir, b, opt, out);
	free(dir);
	return dify;
}

/* An env file with Dify's marker variables outside a deployment, a DSL, a plugin manifest. Hermes is asked
 * first (tools.c), so a YAML file that reaches here is not Hermes's; a config.yaml never is Dify's. */
static bool
take_source(char *dir, qw_source *src, bool explicit, const qw_options *opt, qw_sets *out)
{
	(void)explicit;
	const char *b = qw_basename(src->path);
	bool yaml = qw_endswith(b, ".yaml") || qw_endswith(b, ".yml");
	int kind = qw_disc_is_dotenv_name(b) && qw_dify_env_like(out->kb, src) ? QW_DIFY_ENV
		   : yaml && strcmp(b, "config.yaml")				 ? qw_dify_yaml_kind(src)
										 : -1;
	if (kind < 0)
		return false;
	qw_disc_dify_lone(dir, (qw_dify_kind)kind, src, opt, out);
	return true;
}

/* QW001 for a DSL or manifest Dify cannot read, QW003 for an env file's lines that are no assignments. */
static void
parse_errors(qw_ctx *ctx, qw_set *set, const qw_rule *rule)
{
	const qw_dify *d = qw_dify_of(set);
	for (size_t i = 0; d && i < d->n; i++) {
		const qw_dify_file *df = &d->v[i];
		if (rule == &QW001 && df->kind != QW_DIFY_ENV && df->err.failed) {
			qw_finding *f = qw_report_parse_error(ctx, rule, df->src, &df->err);
			qw_trace(f, df->kind == QW_DIFY_DSL ? "Dify's import reads the DSL with a YAML parser and refuses it"
							    : "the plugin daemon cannot read the plugin's manifest");
		}
		for (size_t k = 0; rule == &QW003 && df->env && k < df->env->nerrors; k++)
			qw_report_parse_error(ctx, rule, df->src, &df->env->errors[k]);
	}
}

static const char *
dify_kind(const qw_set *set, const qw_source *src)
{
	const qw_dify *d = qw_dify_of(set);
	for (size_t i = 0; d && i < d->n; i++)
		if (d->v[i].src == src)
			return d->v[i].kind == QW_DIFY_DSL	  ? "dify-dsl"
			       : d->v[i].kind == QW_DIFY_MANIFEST ? "dify-plugin-manifest"
								  : "dify-env";
	return "unknown";
}

static qw_source *
dify_source(const qw_set *set, size_t i)
{
	const qw_dify *d = qw_dify_of(set);
	if (!d)
		return NULL;
	if (i < d->n)
		return d->v[i].src;
	return i == d->n && d->db ? d->db->src : NULL;
}

static void
dify_parsed(const qw_set *set, const qw_source *src, const qw_doc **doc, const qw_dotenv **env)
{
	const qw_dify *d = qw_dify_of(set);
	for (size_t i = 0; d && i < d->n; i++)
		if (d->v[i].src == src) {
			*doc = d->v[i].doc;
			*env = d->v[i].env;
		}
}

/* the deployment's docker/.env: the file a .gitignore must cover (QW703) */
static qw_source *
dify_main_env(const qw_set *set, const qw_dotenv **env)
{
	const qw_dify *d = qw_dify_of(set);
	for (size_t i = 0; d && i < d->n; i++) {
		const qw_dify_file *f = &d->v[i];
		if (f->kind == QW_DIFY_ENV && !strcmp(qw_basename(f->src->path), ".env")) {
			*env = f->env;
			return f->src;
		}
	}
	return NULL;
}

static void
dify_free_data(qw_set *set)
{
	qw_dify *d = qw_dify_of(set);
	if (d)
		qw_dify_db_free(d->db); /* the database's rows, which qw_dify_free leaves to their reader */
	qw_dify_free(d);
	set->data = NULL;
}

/* Dify's files send nothing qwlint models as a request; the rows of its database do (--dify-db: dify.c). */
const qw_tool qw_tool_dify = {
	.id = "dify",
	.name = "Dify",
	.dir_markers = qw_disc_dify_markers,
	.take_dir = take_dir,
	.named_dir = named_dir,
	.read_named_dir = read_named_dir,
	.named_rank = 1,
	.walk_suffixes = walk_suffixes,
	.walk_file = walk_file,
	.take_file = take_file,
	.take_source = take_source,
	.parse_errors = parse_errors,
	.kind = dify_kind,
	.set_name = "Dify files",
	.resolve = qw_dify_resolve,
	.source = dify_source,
	.parsed = dify_parsed,
	.main_env = dify_main_env,
	.free_data = dify_free_data,
};
