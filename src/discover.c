/* discover.c - see discover.h. */
#include "discover.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "dify.h"
#include "dirs.h"
#include "escape.h"
#include "model.h"
#include "secret.h"
#include "util.h"

char *
qw_default_home(void)
{
	const char *h = getenv("HERMES_HOME");
	if (h && *h)
		return qw_xstrdup(h);
	const char *home = getenv("HOME");
	return qw_path_join(home && *home ? home : ".", ".hermes");
}

static char *
display_path(const char *p)
{
	while (p[0] == '.' && p[1] == '/' && p[2])
		p += 2;
	return qw_xstrdup(p);
}

static bool
exists(const char *path, bool *is_dir)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return false;
	if (is_dir)
		*is_dir = S_ISDIR(st.st_mode);
	return true;
}

/* Whether path names anything, and *is_dir whether that is a directory (for a link, its target). A symbolic link
 * whose target cannot be reached (a loop, a missing target) counts as a file the user meant to be read: it is
 * loaded, and the failure reported, rather than passed over as absent. lstat first: most names asked about are
 * absent, and then one call answers. */
static bool
present(const char *path, bool *is_dir)
{
	struct stat st;
	*is_dir = false;
	if (lstat(path, &st) != 0)
		return false;
	if (S_ISLNK(st.st_mode) && stat(path, &st) != 0)
		return true;
	*is_dir = S_ISDIR(st.st_mode);
	return true;
}

static bool
child_exists(const char *dir, const char *name, bool want_dir)
{
	char *p = qw_path_join(dir, name);
	bool d, e = present(p, &d);
	free(p);
	return e && d == want_dir;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file read becomes one of the run's: shown by its display path, reported on, counted. */
static qw_source *
adopt(qw_source *src, qw_sets *out)
{
	char *dp = display_path(src->path);
	free(src->path);
	src->path = dp;
	src->report = true;
	out->files++;
	return src;
}

static void
read_error(qw_sets *out, const char *path, const char *err)
{
	char *dp = display_path(path), *shown = qw_arg_shown(dp);
	qw_esc_buf_printf(&out->errors, "qwlint: %s: %s\n", shown, err);
	out->io_errors++;
	free(shown);
	free(dp);
}

/* A file read wherever its path leads: one named on the command line, or any file when the task keeps to no
 * tree. */
static qw_source *
load(const char *path, const qw_options *opt, qw_sets *out)
{
	char err[256];
	qw_source *src = qw_source_load(path, opt->max_file_size, err, sizeof(err));
	if (!src) {
		read_error(out, path, err);
		return NULL;
	}
	return adopt(src, out);
}

/* ---- keeping to the tree (discover.h, "Links") ---- */

typedef enum reach {
	REACH_AS_IS,    /* read by its own path: no link in the way, or no tree to keep to */
	REACH_RESOLVED, /* a link to a file inside the tree: read (and written) by its resolved path */
	REACH_OUTSIDE,  /* leads out of the tree: not read */
	REACH_BROKEN,   /* a link that cannot be resolved (dangling, a loop): errno says why */
} reach;

/* How a file found in the task's tree may be read. Only a link costs more than an lstat: the walk never enters a
 * linked directory, and a home's directory is the tree's root or one the walk entered. strict: ask even when the
 * file is no link, for the files found under subdirectories a link could lead out through (a profile, Dify's
 * envs/ and plugin directories). *real: the resolved path, for REACH_RESOLVED (the caller frees). */
static reach
reach_of(const qw_sets *out, const char *path, bool strict, char **real)
{
	*real = NULL;
	struct stat st;
	if (!out->root || lstat(path, &st) != 0 || (!strict && !S_ISLNK(st.st_mode)))
		return REACH_AS_IS;
	switch (qw_path_within(out->root, path, real)) {
	case QW_WITHIN_YES:
		if (S_ISLNK(st.st_mode))
			return REACH_RESOLVED;
		free(*real);
		*real = NULL;
		return REACH_AS_IS;
	case QW_WITHIN_NO: return REACH_OUTSIDE;
	default: return REACH_BROKEN;
	}
}

/* The note for a file not read because it leads out of the tree: on stderr, not an I/O error. */
static void
note_outside(qw_sets *out, const char *path)
{
	char *dp = display_path(path);
	qw_esc_buf_printf(&out->errors,
		      "qwlint: %s: not read: a symbolic link leads out of the directory named on the command line "
		      "(qwlint follows a link out of it only when the file itself is named)\n",
		      dp);
	free(dp);
}

/* A file found in the task's tree: read as reach_of says, the refusal noted. NULL when not read. */
static qw_source *
load_found(const char *path, bool strict, const qw_options *opt, qw_sets *out)
{
	char *real;
	switch (reach_of(out, path, strict, &real)) {
	case REACH_AS_IS: return load(path, opt, out);
	case REACH_OUTSIDE: note_outside(out, path); return NULL;
	case REACH_BROKEN: {
		char err[256];
		snprintf(err, sizeof(err), "cannot open: %s", strerror(errno));
		read_error(out, path, err);
		return NULL;
	}
	case REACH_RESOLVED: break;
	}
	char err[256];
	qw_source *src = qw_source_load(real, opt->max_file_size, err, sizeof(err));
	if (!src) {
		read_error(out, path, err);
		free(real);
		return NULL;
	}
	/* shown by the link's name, where the user put it; opened and written by the target's */
	free(src->path);
	src->path = qw_xstrdup(path);
	free(src->fs_path);
	src->fs_path = real;
	return adopt(src, out);
}

/* A file read only to decide what a directory is (no note, nothing counted): NULL when the tree forbids it or it
 * cannot be read. */
static qw_source *
probe_found(const char *path, size_t max, const qw_sets *out)
{
	char *real, err[256];
	reach r = reach_of(out, path, false, &real);
	if (r == REACH_OUTSIDE || r == REACH_BROKEN)
		return NULL;
	qw_source *src = qw_source_load(real ? real : path, max, err, sizeof(err));
	if (src && real) { /* kept for a home's set (hermes_config_in): named as load_found names it */
		free(src->path);
		src->path = qw_xstrdup(path);
		free(src->fs_path);
		src->fs_path = real;
		real = NULL;
	}
	free(real);
	return src;
}

/* A config.yaml read and parsed to decide whether its directory is a Hermes home, kept for that home's set: each
 * file is read and parsed once. */
typedef struct preread {
	qw_source *src;
	qw_doc *doc;
	qw_parse_error err;
} preread;

/* Secrets in a tree: every scalar under a secret-named key, so no snippet ever shows one. */
static void
mark_tree_secrets(qw_source *src, const qw_node *n, int depth)
{
	if (!n || depth > QW_TREE_MAX_DEPTH)
		return;
	if (n->type == QW_NODE_MAP) {
		for (size_t i = 0; i < n->npairs; i++) {
			const char *k = qw_node_str(n->pairs[i].key);
			const qw_node *v = n->pairs[i].value;
			if (!qw_walk_pair(n, i))
				continue;
			/* a ${VAR:-default}'s default and a block scalar's lines too (qw_mark_value_secret) */
			if (k && v && v->type == QW_NODE_SCALAR && qw_is_secret_name(k) && v->str && *v->str &&
			    !qw_startswith(v->str, "sha256:"))
				qw_mark_value_secret(src, v->span);
			else
				mark_tree_secrets(src, v, depth + 1);
		}
	} else if (n->type == QW_NODE_SEQ) {
		for (size_t i = 0; i < n->nitems; i++)
			if (qw_walk_item(n, i))
				mark_tree_secrets(src, n->items[i], depth + 1);
	}
}

/* pre: src already parsed (a preread), else NULL. */
static void
attach_config(qw_set *set, qw_source *src, preread *pre)
{
	set->config = src;
	src->kind = QW_KIND_HERMES_CONFIG;
	if (pre) {
		set->config_doc = pre->doc;
		set->config_err = pre->err;
	} else {
		set->config_doc = qw_yaml_parse_pruned(src, &qw_model_config_keep, &set->config_err);
	}
	if (set->config_doc)
		mark_tree_secrets(src, set->config_doc->root, 0);
	qw_mark_text_secrets(src);
}

static void
attach_auth(qw_set *set, qw_source *src)
{
	set->auth = src;
	src->kind = QW_KIND_AUTH_JSON;
	set->auth_doc = qw_json_parse(src, &set->auth_err);
	if (set->auth_doc)
		mark_tree_secrets(src, set->auth_doc->root, 0);
	qw_mark_text_secrets(src);
}

static void
attach_env(qw_set *set, qw_source *src)
{
	set->env = src;
	src->kind = QW_KIND_DOTENV;
	src->template = qw_is_template_name(qw_basename(src->path)) || qw_is_env_copy_name(qw_basename(src->path));
	set->dotenv = qw_dotenv_parse(src);
	for (size_t i = 0; i < set->dotenv->nvars; i++)
		if (qw_is_secret_name(set->dotenv->vars[i].key))
			qw_source_add_secret(src, set->dotenv->vars[i].value_span);
	for (size_t i = 0; i < set->dotenv->nerrors; i++)
		qw_mark_broken_line(src, set->dotenv->errors[i].offset);
	qw_mark_text_secrets(src);
}

/* region: from the .qwlint.yaml that governs the set's directory (config.h). */
static void
load_local_config(qw_set *set, const qw_options *opt)
{
	if (!opt->configs)
		return;
	char *where = NULL;
	const char *r = qw_config_region(qw_config_for_dir(opt->configs, set->dir), &where);
	if (r) {
		set->region = qw_xstrdup(r);
		set->region_from = (qw_origin){NULL, {0, 0}, where};
	}
}

static void
push_set(qw_sets *out, qw_set *set)
{
	QW_PUSH(out->v, out->n, out->cap, set);
}

/* A Hermes home: config.yaml, .env and auth.json, whichever exist. `only` limits reporting to one file. pre: its
 * config.yaml already read, or NULL; taken over either way. */
static qw_set *
home_set(const char *dir, const char *profile, qw_set *root, const char *only, const qw_options *opt,
	 qw_sets *out, preread *pre)
{
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = qw_xstrdup(dir);
	set->tree = out->root ? qw_xstrdup(out->root) : NULL;
	set->profile = profile ? qw_xstrdup(profile) : NULL;
	set->root = root;
	set->hermes = true;
	static const char *const names[] = {"config.yaml", ".env", "auth.json"};
	for (int i = 0; i < 3; i++) {
		char *p = qw_path_join(dir, names[i]);
		bool d;
		size_t olen;
		bool kept = i == 0 && pre && pre->src;
		/* the file named on the command line is read wherever it leads; the rest keep to the tree */
		bool named = out->named_file && only && !strcmp(only, names[i]);
		if (kept || present(p, &d) || qw_overlay_get(p, &olen)) {
			qw_source *src = kept	 ? adopt(pre->src, out)
					 : named ? load(p, opt, out)
						 : load_found(p, false, opt, out);
			set->unreadable |= !src;
			if (src) {
				src->report = !only || !strcmp(only, names[i]);
				if (i == 0)
					attach_config(set, src, kept ? pre : NULL);
				else if (i == 1)
					attach_env(set, src);
				else
					attach_auth(set, src);
			}
		}
		free(p);
	}
	load_local_config(set, opt);
	push_set(out, set);
	return set;
}

static bool hermes_like_doc(const qw_doc *doc);

/* A config.yaml that is Hermes's: while searching a tree, any other program's config.yaml is left alone. When it
 * is, and within --max-file-size, it is kept in *keep for the home's set. */
static bool
hermes_config_in(const char *dir, const qw_options *opt, const qw_sets *out, preread *keep)
{
	char *p = qw_path_join(dir, "config.yaml");
	qw_source *src = probe_found(p, 64 * 1024 * 1024, out);
	free(p);
	if (!src)
		return false;
	qw_parse_error e;
	qw_doc *doc = qw_yaml_parse_pruned(src, &qw_model_config_keep, &e);
	bool yes = hermes_like_doc(doc);
	if (yes && keep && (!opt->max_file_size || src->len <= opt->max_file_size)) {
		*keep = (preread){src, doc, e};
		return true;
	}
	qw_doc_free(doc);
	qw_source_free(src);
	return yes;
}

/* A directory that is a home by its name alone: ~/.hermes, or $HERMES_HOME. "." (qwlint run inside the home)
 * and other spellings are compared by their real path. */
static bool
named_as_home(const char *dir)
{
	const char *b = qw_basename(dir), *hh = getenv("HERMES_HOME");
	if (!strcmp(b, ".hermes") || !strcmp(b, ".hermes/") || (hh && *hh && !strcmp(hh, dir)))
		return true;
	if (strcmp(b, ".") && strcmp(b, "..") && !(hh && *hh))
		return false; /* a walk asks this of every directory: no realpath() when the name says enough */
	char *real = realpath(dir, NULL), *hreal = hh && *hh ? realpath(hh, NULL) : NULL;
	bool yes = real && (!strcmp(qw_basename(real), ".hermes") || (hreal && !strcmp(real, hreal)));
	free(real);
	free(hreal);
	return yes;
}

/* A .env in dir that sets a variable only Hermes reads (rules/hermes-providers.yaml hermes_only_env). A .env alone
 * says nothing more: the vendor variables in it are read by every SDK, so without such a variable (or a Hermes
 * config.yaml, auth.json or name) the directory is an application's, linted by the app rules (issue 23). */
static bool
hermes_env_in(const char *dir, const qw_sets *out)
{
	if (!out->kb || !child_exists(dir, ".env", false))
		return false;
	char *p = qw_path_join(dir, ".env");
	char err[256];
	qw_source *src = qw_source_load(p, 64 * 1024 * 1024, err, sizeof(err));
	free(p);
	bool yes = false;
	if (src) {
		qw_dotenv *e = qw_dotenv_parse(src);
		for (size_t i = 0; i < e->nvars && !yes; i++)
			yes = qw_kb_hermes_only_env(out->kb, e->vars[i].key);
		qw_dotenv_free(e);
		qw_source_free(src);
	}
	return yes;
}

/* keep: where hermes_config_in keeps a config.yaml it read (NULL: not kept). It keeps one only when the answer
 * is yes, and the caller then hands it to home_with_profiles, whose home_set takes it over. */
static bool
looks_like_home(const char *dir, bool explicit, const qw_options *opt, const qw_sets *out, preread *keep)
{
	if (child_exists(dir, "auth.json", false))
		return true;
	if (child_exists(dir, "config.yaml", false) && (explicit || hermes_config_in(dir, opt, out, keep)))
		return true;
	if (named_as_home(dir))
		return true;
	return hermes_env_in(dir, out);
}

/* A profile directory reached through no link out of the tree (profiles/ or the profile itself may be a link:
 * one to a directory inside the tree is read, one out of it is noted and passed over). */
static bool
profile_in_tree(const char *pdir, const char *p, qw_sets *out)
{
	struct stat a, b;
	if (!out->root || (lstat(pdir, &a) == 0 && !S_ISLNK(a.st_mode) && lstat(p, &b) == 0 && !S_ISLNK(b.st_mode)))
		return true;
	char *real;
	qw_within w = qw_path_within(out->root, p, &real);
	free(real);
	if (w == QW_WITHIN_NO)
		note_outside(out, p);
	return w == QW_WITHIN_YES;
}

static void
home_with_profiles(const char *dir, const char *only, const qw_options *opt, qw_sets *out, preread *pre)
{
	qw_set *root = home_set(dir, NULL, NULL, only, opt, out, pre);
	if (only)
		return;
	char *pdir = qw_path_join(dir, "profiles");
	DIR *d = opendir(pdir);
	if (d) {
		struct dirent *de;
		char **names = NULL;
		size_t n = 0, cap = 0;
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			char *p = qw_path_join(pdir, de->d_name);
			bool isdir = false;
			if (exists(p, &isdir) && isdir && profile_in_tree(pdir, p, out))
				QW_PUSH(names, n, cap, qw_xstrdup(de->d_name));
			free(p);
		}
		closedir(d);
		if (n)
			qsort(names, n, sizeof(char *), cmp_str);
		for (size_t i = 0; i < n; i++) {
			char *p = qw_path_join(pdir, names[i]);
			home_set(p, names[i], root, NULL, opt, out, NULL);
			free(p);
			free(names[i]);
		}
		free(names);
	}
	free(pdir);
}

/* ---- Dify deployments ---- */

/* A file under dir that is Dify's env file (by its variables). */
static bool
dify_env_file(const char *dir, const char *name, const qw_sets *out)
{
	char *p = qw_path_join(dir, name);
	qw_source *src = probe_found(p, 64 * 1024 * 1024, out);
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
static bool
looks_like_dify(const char *dir, const qw_sets *out)
{
	if (child_exists(dir, "envs/core-services", true))
		return true;
	for (size_t i = 0; i < NDIFY_OWN_ENV; i++)
		if (dify_env_file(dir, dify_own_env[i], out))
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
		qsort(names, nn, sizeof(char *), cmp_str);
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
		qsort(authors, na, sizeof(char *), cmp_str);
	for (size_t i = 0; i < na; i++) {
		DIR *a = opendir(authors[i]);
		char **plugins = NULL;
		size_t np = 0, pcap = 0;
		while (a && (de = readdir(a)) != NULL) {
			char *m = de->d_name[0] != '.' ? qw_xprintf("%s/%s/manifest.yaml", authors[i], de->d_name) : NULL;
			bool isdir;
			if (m && exists(m, &isdir) && !isdir)
				QW_PUSH(plugins, np, pcap, m);
			else
				free(m);
		}
		if (a)
			closedir(a);
		if (np)
			qsort(plugins, np, sizeof(char *), cmp_str);
		for (size_t j = 0; j < np; j++)
			QW_PUSH(*v, *n, *cap, plugins[j]);
		free(plugins);
		free(authors[i]);
	}
	free(authors);
	free(cwd);
}

/* A Dify deployment: its env files in precedence order (docker/envs/ first, docker/.env last), or their
 * templates when none is installed, and the installed plugin manifests. `only`: report the directory's own file
 * of that name alone (pre-commit passed it), reading the rest for context. */
static void
dify_set(const char *dir, const char *only, const qw_options *opt, qw_sets *out)
{
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = qw_xstrdup(dir);
	set->tree = out->root ? qw_xstrdup(out->root) : NULL;
	set->dify = qw_xcalloc(1, sizeof(*set->dify));
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
			if ((exists(p, &isdir) && !isdir) || qw_overlay_get(p, &olen)) {
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
		qw_source *src = named && out->named_file ? load(paths[i], opt, out)
							  : load_found(paths[i], true, opt, out);
		if (src) {
			src->report = !only || named;
			qw_dify_add(set->dify, i < nenv ? QW_DIFY_ENV : QW_DIFY_MANIFEST, src);
		}
		free(paths[i]);
	}
	free(paths);
	load_local_config(set, opt);
	push_set(out, set);
}

/* One Dify file alone: an env file outside a deployment directory, a DSL, a plugin manifest. */
static void
dify_lone(char *dir, qw_dify_kind kind, qw_source *src, const qw_options *opt, qw_sets *out)
{
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = dir;
	set->tree = out->root ? qw_xstrdup(out->root) : NULL;
	set->dify = qw_xcalloc(1, sizeof(*set->dify));
	qw_dify_add(set->dify, kind, src);
	load_local_config(set, opt);
	push_set(out, set);
}

/* ---- lone files, by name and content ---- */

static bool
is_dotenv_name(const char *b)
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

/* A YAML mapping with a Hermes model-related top-level key. */
static bool
hermes_like_doc(const qw_doc *doc)
{
	bool yes = false;
	if (doc && doc->root && doc->root->type == QW_NODE_MAP) {
		static const char *const keys[] = {"model", "providers", "custom_providers", "fallback_providers",
						   "fallback_model", "_config_version", "auxiliary"};
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]) && !yes; i++)
			yes = qw_map_get(doc->root, keys[i]) != NULL;
		/* a Dify app export also has model: entries deep inside, never at the top next to kind: app */
		if (qw_map_get(doc->root, "kind") && qw_map_get(doc->root, "app"))
			yes = false;
	}
	return yes;
}

static bool
hermes_like_yaml(qw_source *src)
{
	qw_parse_error e;
	qw_doc *doc = qw_yaml_parse_pruned(src, &qw_model_config_keep, &e);
	bool yes = hermes_like_doc(doc);
	qw_doc_free(doc);
	return yes;
}

static bool
auth_like_json(qw_source *src)
{
	qw_parse_error e;
	qw_doc *doc = qw_json_parse(src, &e);
	bool yes = doc && doc->root &&
		   (qw_map_get(doc->root, "credential_pool") || qw_map_get(doc->root, "active_provider") ||
		    (qw_map_get(doc->root, "providers") && qw_map_get(doc->root, "version")));
	qw_doc_free(doc);
	return yes;
}

static char *
dir_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? qw_xstrndup(path, s == path ? 1 : (size_t)(s - path)) : qw_xstrdup(".");
}

static void
lone_file(const char *path, bool explicit, const qw_options *opt, qw_sets *out)
{
	const char *b = qw_basename(path);
	char *dir = dir_of(path);
	bool home_file = !strcmp(b, "config.yaml") || !strcmp(b, "auth.json");
	if ((home_file || !strcmp(b, ".env")) && looks_like_home(dir, home_file && !opt->skip_unknown, opt, out, NULL)) {
		/* One file of a home: the rest of the home is read for context only. */
		home_with_profiles(dir, b, opt, out, NULL);
		free(dir);
		return;
	}
	if (!strcmp(b, ".env") && looks_like_dify(dir, out)) {
		/* one env file of a deployment: the others are read for context */
		dify_set(dir, b, opt, out);
		free(dir);
		return;
	}
	/* named: read wherever it leads; met in a walk: a regular file (the walk passes links over) */
	qw_source *src = explicit ? load(path, opt, out) : load_found(path, false, opt, out);
	if (!src) {
		free(dir);
		return;
	}
	bool yaml = qw_endswith(b, ".yaml") || qw_endswith(b, ".yml");
	bool hermes_yaml = yaml && hermes_like_yaml(src);
	int dify_kind = is_dotenv_name(b) && qw_dify_env_like(out->kb, src)  ? QW_DIFY_ENV
			: yaml && !hermes_yaml && strcmp(b, "config.yaml") ? qw_dify_yaml_kind(src)
									   : -1;
	if (dify_kind >= 0) {
		dify_lone(dir, (qw_dify_kind)dify_kind, src, opt, out);
		return;
	}
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = dir;
	set->tree = out->root ? qw_xstrdup(out->root) : NULL;
	if (is_dotenv_name(b)) {
		attach_env(set, src);
	} else if (qw_endswith(b, ".json") && (!strcmp(b, "auth.json") || auth_like_json(src))) {
		set->hermes = true;
		attach_auth(set, src);
	} else if (yaml && ((!strcmp(b, "config.yaml") && !opt->skip_unknown) || hermes_yaml)) {
		set->hermes = true;
		attach_config(set, src, NULL);
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
	load_local_config(set, opt);
	push_set(out, set);
}

/* ---- directories ---- */

typedef struct ignore {
	char **pat;
	size_t n, cap;
} ignore;

/* A small .gitignore subset: globs, `dir/` for directories, leading `/` anchors; `!` re-includes. */
static void
read_gitignore(const char *dir, const qw_sets *out, ignore *ig)
{
	char *p = qw_path_join(dir, ".gitignore");
	/* qw_source_load: a FIFO or device named .gitignore is refused, not waited on; a link out of the tree is not
	 * read at all */
	qw_source *src = probe_found(p, 1024 * 1024, out);
	free(p);
	if (!src)
		return;
	for (size_t l = 1; l <= src->nlines; l++) {
		qw_span ls = qw_source_line(src, (int)l);
		size_t n = ls.end - ls.start;
		while (n && (src->data[ls.start + n - 1] == ' ' || src->data[ls.start + n - 1] == '\t' ||
			     src->data[ls.start + n - 1] == '\r'))
			n--;
		if (!n || src->data[ls.start] == '#')
			continue;
		QW_PUSH(ig->pat, ig->n, ig->cap, qw_xstrndup(src->data + ls.start, n));
	}
	qw_source_free(src);
}

static bool
ignored(const ignore *ig, const char *name, bool is_dir)
{
	bool hit = false;
	for (size_t i = 0; i < ig->n; i++) {
		const char *p = ig->pat[i];
		bool neg = p[0] == '!';
		if (neg)
			p++;
		if (p[0] == '/')
			p++;
		char *pat = qw_xstrdup(p);
		size_t l = strlen(pat);
		bool dir_only = l && pat[l - 1] == '/';
		if (dir_only)
			pat[l - 1] = '\0';
		if ((!dir_only || is_dir) && !strchr(pat, '/') && fnmatch(pat, name, 0) == 0)
			hit = !neg;
		free(pat);
	}
	return hit;
}

/* While searching a tree, a YAML file counts only as a Dify app DSL (or a plugin's manifest.yaml): any other
 * program's YAML is left alone, and not counted. */
static void
dify_yaml_in_tree(const char *path, const char *b, const qw_options *opt, qw_sets *out)
{
	char err[256];
	qw_source *src = qw_source_load(path, opt->max_file_size, err, sizeof(err));
	int kind = src ? qw_dify_yaml_kind(src) : -1;
	qw_source_free(src);
	if (kind != QW_DIFY_DSL && (kind != QW_DIFY_MANIFEST || strcmp(b, "manifest.yaml")))
		return;
	/* read again through load(), which counts the file and reports a read error only for a file of ours */
	src = load(path, opt, out);
	if (src)
		dify_lone(dir_of(path), (qw_dify_kind)kind, src, opt, out);
}

/* A directory a walk may hand to a task: one where looks_like_home (not explicit) or looks_like_dify could say
 * yes, by the names they test, without reading a file. A directory with none is walked on the spot. Keep the two
 * in step: a marker missing here hides every home that has only it. */
static bool
may_hold_set(const char *dir)
{
	if (child_exists(dir, "auth.json", false) || child_exists(dir, "config.yaml", false) || named_as_home(dir) ||
	    child_exists(dir, "envs/core-services", true))
		return true;
	for (size_t i = 0; i < NDIFY_OWN_ENV; i++)
		if (child_exists(dir, dify_own_env[i], false))
			return true;
	return false;
}

static void walk(const char *dir, int depth, const qw_options *opt, qw_sets *out, qw_plan *plan);

/* "dev:ino" of a stat result: a file's identity, whatever path reached it. */
static void
identity(const struct stat *st, char key[64])
{
	snprintf(key, 64, "%llx:%llx", (unsigned long long)st->st_dev, (unsigned long long)st->st_ino);
}

/* Whether the plan meets this directory or file for the first time (and remember it). No plan: always. */
static bool
first_time(qw_plan *plan, const struct stat *st)
{
	if (!plan)
		return true;
	char key[64];
	identity(st, key);
	void *v;
	if (qw_strmap_find(&plan->seen, key, &v))
		return false;
	qw_strmap_put(&plan->seen, key, NULL);
	return true;
}

/* A home's or deployment's own files, remembered as planned: a file of it named later is not linted again. */
static void
plan_files_of(qw_plan *plan, const char *dir)
{
	static const char *const names[] = {"config.yaml", ".env", "auth.json"};
	for (size_t i = 0; plan && i < sizeof(names) / sizeof(names[0]); i++) {
		char *p = qw_path_join(dir, names[i]);
		struct stat st;
		if (stat(p, &st) == 0)
			first_time(plan, &st);
		free(p);
	}
}

/* One task: into a plan when there is one, else done now. */
static void
task(qw_plan *plan, qw_task_kind kind, const char *path, int depth, const qw_options *opt, qw_sets *out)
{
	qw_task t = {(char *)path, kind, depth, (char *)out->root};
	if (!plan) {
		qw_discover_task(&t, opt, out);
		return;
	}
	if (kind == QW_TASK_HOME || kind == QW_TASK_DIFY || kind == QW_TASK_WALK_DIR)
		plan_files_of(plan, path);
	t.path = qw_xstrdup(path);
	t.root = out->root ? qw_xstrdup(out->root) : NULL;
	QW_PUSH(plan->v, plan->n, plan->cap, t);
}

/* A directory met in a walk that may hold a set: a home, a deployment, or else a directory to walk on. Returns
 * true when it is to be walked (by the caller, which keeps the stack). */
static bool
walk_dir_task(const char *p, const qw_options *opt, qw_sets *out)
{
	/* a home first: a Dify directory never looks like one, and most homes then cost no probe */
	preread pre = {0};
	if (looks_like_home(p, false, opt, out, &pre))
		home_with_profiles(p, NULL, opt, out, &pre);
	else if (looks_like_dify(p, out))
		dify_set(p, NULL, opt, out);
	else
		return true;
	return false;
}

void
qw_discover_task(const qw_task *t, const qw_options *opt, qw_sets *out)
{
	const char *p = t->path;
	out->root = t->root;
	out->named_file = t->kind == QW_TASK_FILE;
	switch (t->kind) {
	case QW_TASK_HOME: home_with_profiles(p, NULL, opt, out, NULL); break;
	case QW_TASK_DIFY: dify_set(p, NULL, opt, out); break;
	case QW_TASK_FILE: lone_file(p, true, opt, out); break;
	case QW_TASK_WALK_DIR:
		if (walk_dir_task(p, opt, out))
			walk(p, t->depth + 1, opt, out, NULL);
		break;
	case QW_TASK_WALK_ENV: lone_file(p, false, opt, out); break;
	case QW_TASK_WALK_YAML: dify_yaml_in_tree(p, qw_basename(p), opt, out); break;
	}
}

/* A name a directory search lints by name alone: a .env file (not a template), or a home's config.yaml or
 * auth.json. A link of such a name that the walk passes over is worth a note; any other link is not. */
static bool
linted_name(const char *b)
{
	return (is_dotenv_name(b) && !qw_is_template_name(b)) || !strcmp(b, "config.yaml") || !strcmp(b, "auth.json");
}

/* A link met in a walk: never followed (no loops, no leaving the tree). One of a linted name is noted when it
 * leads out of the tree, to something that is not a regular file, or nowhere; one to a regular file inside the tree
 * is passed over in silence: that file is linted where the walk meets it (`.env -> .env.local`). */
static void
walk_link(const char *p, const char *b, qw_sets *out)
{
	if (!linted_name(b))
		return;
	char *real = NULL;
	qw_within w = out->root ? qw_path_within(out->root, p, &real) : QW_WITHIN_NO;
	struct stat st;
	bool regular = real && stat(real, &st) == 0 && S_ISREG(st.st_mode);
	free(real);
	char *dp = display_path(p);
	if (w == QW_WITHIN_NO || (w == QW_WITHIN_YES && !regular))
		qw_esc_buf_printf(&out->errors,
			      "qwlint: %s: not read: a symbolic link %s (a directory search follows no link; name the "
			      "file itself to lint it)\n",
			      dp, w == QW_WITHIN_NO ? "out of the directory named on the command line"
						    : "to something that is not a regular file");
	else if (w == QW_WITHIN_ERROR)
		qw_esc_buf_printf(&out->errors, "qwlint: %s: not read: a symbolic link that leads nowhere (%s)\n", dp,
			      strerror(errno));
	free(dp);
}

/* One directory of a walk, its entries sorted, with the patterns of its .gitignore. */
typedef struct frame {
	char *dir;
	char **names;
	size_t n, next;
	ignore ig;
	int depth;
} frame;

static void
frame_free(frame *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
	for (size_t i = 0; i < f->ig.n; i++)
		free(f->ig.pat[i]);
	free(f->ig.pat);
	free(f->dir);
}

/* Read a directory into a frame. false (the problem noted, an I/O error) when it cannot be read. */
static bool
frame_open(frame *f, const char *dir, int depth, qw_sets *out)
{
	*f = (frame){0};
	DIR *d = opendir(dir);
	if (!d) {
		char *dp = display_path(dir), *shown = qw_arg_shown(dp);
		qw_esc_buf_printf(&out->errors, "qwlint: %s: cannot read directory: %s\n", shown, strerror(errno));
		free(shown);
		out->io_errors++;
		free(dp);
		return false;
	}
	f->dir = qw_xstrdup(dir);
	f->depth = depth;
	read_gitignore(dir, out, &f->ig);
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			QW_PUSH(f->names, f->n, cap, qw_xstrdup(de->d_name));
	closedir(d);
	if (f->n)
		qsort(f->names, f->n, sizeof(char *), cmp_str);
	return true;
}

/* One entry of a walk's directory. Returns a directory to walk into next (the caller frees), or NULL. */
static char *
walk_entry(const frame *f, const char *b, const qw_options *opt, qw_sets *out, qw_plan *plan)
{
	char *p = qw_path_join(f->dir, b);
	struct stat st;
	if (lstat(p, &st) != 0) {
		free(p);
		return NULL;
	}
	if (S_ISLNK(st.st_mode)) {
		walk_link(p, b, out);
		free(p);
		return NULL;
	}
	bool isdir = S_ISDIR(st.st_mode);
	/* .gitignore prunes directories (build output, vendored trees), never a config file: the .env files a
	 * .gitignore hides are the ones that hold keys */
	if ((isdir && (!strcmp(b, ".git") || !strcmp(b, "node_modules") || !strcmp(b, ".qwlint-backup") ||
		       ignored(&f->ig, b, true))) ||
	    !first_time(plan, &st)) {
		free(p);
		return NULL;
	}
	if (isdir) {
		/* with a plan, a directory that cannot hold a set is walked on the spot; without, a set is read now */
		if (plan ? !may_hold_set(p) : walk_dir_task(p, opt, out))
			return p;
		if (plan)
			task(plan, QW_TASK_WALK_DIR, p, f->depth, opt, out);
	} else if (S_ISREG(st.st_mode)) {
		/* live files and templates; a duplicate (".env copy") only when named: it is nobody's config */
		if (is_dotenv_name(b) && !qw_is_env_copy_name(b))
			task(plan, QW_TASK_WALK_ENV, p, f->depth, opt, out);
		else if (qw_endswith(b, ".yml") || qw_endswith(b, ".yaml"))
			task(plan, QW_TASK_WALK_YAML, p, f->depth, opt, out);
	}
	free(p);
	return NULL;
}

/* Search a directory, depth levels below the one named. With a plan, what is found becomes tasks (a directory
 * that could hold a set, a file that could be one), in the order a walk meets them; without, each is done on the
 * spot. Depth first, each directory's entries by name, on a stack of its own: no recursion. */
static void
walk(const char *dir, int depth, const qw_options *opt, qw_sets *out, qw_plan *plan)
{
	frame *stack = NULL;
	size_t n = 0, cap = 0;
	bool told = false; /* the depth limit is noted once per walk */
	frame f;
	if (!frame_open(&f, dir, depth, out))
		return;
	QW_PUSH(stack, n, cap, f);
	while (n) {
		frame *top = &stack[n - 1];
		if (top->next == top->n) {
			frame_free(top);
			n--;
			continue;
		}
		char *sub = walk_entry(top, top->names[top->next++], opt, out, plan);
		if (!sub)
			continue;
		if (top->depth + 1 > QW_WALK_MAX_DEPTH) {
			if (!told) {
				char *dp = display_path(sub);
				qw_esc_buf_printf(&out->errors,
					      "qwlint: %s: not searched: directories nest more than %d levels below the "
					      "one named on the command line here\n",
					      dp, QW_WALK_MAX_DEPTH);
				out->io_errors++;
				free(dp);
				told = true;
			}
		} else if (frame_open(&f, sub, top->depth + 1, out)) {
			QW_PUSH(stack, n, cap, f);
		}
		free(sub);
	}
	free(stack);
}

/* Under pre-commit (it sets PRE_COMMIT=1 for its hooks), a named file that is a link out of the git work tree
 * holding the current directory (or out of that directory, outside git) is not read. pre-commit passes a staged
 * link as a file name only when a hook asks for links (qwlint's hooks take regular files, its default), but a
 * configuration can ask, and then the name comes from the repository, not from a person: a link to /etc/shadow or
 * ~/.profile must not be printed or repaired. */
static bool
precommit_refuses(const char *path, qw_sets *out)
{
	const char *pc = getenv("PRE_COMMIT");
	struct stat st;
	if (!pc || !*pc || lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
		return false;
	char *cwd = realpath(".", NULL);
	char *wt = cwd ? qw_dirs_worktree(out->dirs, cwd) : NULL;
	char *real = NULL;
	bool in = cwd && qw_path_within(wt ? wt : cwd, path, &real) == QW_WITHIN_YES;
	free(real);
	free(wt);
	free(cwd);
	if (!in) {
		char *dp = display_path(path);
		qw_esc_buf_printf(&out->errors,
			      "qwlint: %s: not read: a symbolic link out of the git work tree, passed by pre-commit\n",
			      dp);
		free(dp);
	}
	return !in;
}

void
qw_discover_plan(const char *path, bool named, const qw_options *opt, qw_sets *out, qw_plan *plan)
{
	struct stat st;
	size_t olen;
	out->root = NULL;
	out->named_file = false;
	if (stat(path, &st) != 0 && qw_overlay_get(path, &olen)) {
		/* standard input under --stdin-filename: a file that need not exist, in a home that keeps to its tree */
		char *base = dir_of(path);
		char *root = realpath(base, NULL);
		out->root = root;
		task(plan, QW_TASK_FILE, path, 0, opt, out);
		out->root = NULL;
		free(root);
		free(base);
		return;
	}
	if (stat(path, &st) != 0) {
		char *shown = qw_arg_shown(path);
		qw_esc_buf_printf(&out->errors, "qwlint: %s: %s\n", shown, strerror(errno));
		free(shown);
		out->io_errors++;
		return;
	}
	/* the same directory or file named again, under any spelling: planned once */
	if (!first_time(plan, &st))
		return;
	bool dir = S_ISDIR(st.st_mode);
	if (!dir && precommit_refuses(path, out))
		return;
	/* the tree the task keeps to: the directory named (a link to it is followed: its target is the tree), or for
	 * a file the directory holding it (the file itself is read wherever it leads) */
	char *base = dir ? qw_xstrdup(path) : dir_of(path);
	char *root = named ? realpath(base, NULL) : NULL;
	free(base);
	out->root = root;
	if (dir) {
		if (looks_like_dify(path, out))
			task(plan, QW_TASK_DIFY, path, 0, opt, out);
		else if (looks_like_home(path, true, opt, out, NULL))
			task(plan, QW_TASK_HOME, path, 0, opt, out);
		else
			walk(path, 0, opt, out, plan);
	} else {
		task(plan, QW_TASK_FILE, path, 0, opt, out);
	}
	out->root = NULL;
	free(root);
}

void
qw_plan_free(qw_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		free(plan->v[i].path);
		free(plan->v[i].root);
	}
	free(plan->v);
	qw_strmap_free(&plan->seen);
	*plan = (qw_plan){0};
}
