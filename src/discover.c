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
#include "secret.h"
#include "util.h"

#define MAX_RECURSION 32

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

static bool
child_exists(const char *dir, const char *name, bool want_dir)
{
	char *p = qw_path_join(dir, name);
	bool d = false, e = exists(p, &d);
	free(p);
	return e && d == want_dir;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static qw_source *
load(const char *path, const qw_options *opt, qw_sets *out)
{
	char err[256];
	char *dp = display_path(path);
	qw_source *src = qw_source_load(path, opt->max_file_size, err, sizeof(err));
	if (!src) {
		fprintf(stderr, "qwlint: %s: %s\n", dp, err);
		out->io_errors++;
		free(dp);
		return NULL;
	}
	free(src->path);
	src->path = dp;
	src->report = true;
	out->files++;
	return src;
}

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
			if (k && v && v->type == QW_NODE_SCALAR && qw_is_secret_name(k) && v->str && *v->str &&
			    !qw_startswith(v->str, "${") && !qw_startswith(v->str, "sha256:"))
				qw_source_add_secret(src, v->span);
			else
				mark_tree_secrets(src, v, depth + 1);
		}
	} else if (n->type == QW_NODE_SEQ) {
		for (size_t i = 0; i < n->nitems; i++)
			mark_tree_secrets(src, n->items[i], depth + 1);
	}
}

static void
attach_config(qw_set *set, qw_source *src)
{
	set->config = src;
	src->kind = QW_KIND_HERMES_CONFIG;
	set->config_doc = qw_yaml_parse(src, &set->config_err);
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
	src->template = qw_is_template_name(qw_basename(src->path)) || !strcmp(qw_basename(src->path), "env.example");
	set->dotenv = qw_dotenv_parse(src);
	for (size_t i = 0; i < set->dotenv->nvars; i++)
		if (qw_is_secret_name(set->dotenv->vars[i].key))
			qw_source_add_secret(src, set->dotenv->vars[i].value_span);
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

/* A Hermes home: config.yaml, .env and auth.json, whichever exist. `only` limits reporting to one file. */
static qw_set *
home_set(const char *dir, const char *profile, qw_set *root, const char *only, const qw_options *opt,
	 qw_sets *out)
{
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = qw_xstrdup(dir);
	set->profile = profile ? qw_xstrdup(profile) : NULL;
	set->root = root;
	set->hermes = true;
	static const char *const names[] = {"config.yaml", ".env", "auth.json"};
	for (int i = 0; i < 3; i++) {
		char *p = qw_path_join(dir, names[i]);
		bool d;
		size_t olen;
		if (exists(p, &d) || qw_overlay_get(p, &olen)) {
			qw_source *src = load(p, opt, out);
			if (src) {
				src->report = !only || !strcmp(only, names[i]);
				if (i == 0)
					attach_config(set, src);
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

static bool hermes_like_yaml(qw_source *src);

/* A config.yaml that is Hermes's: while searching a tree, any other program's config.yaml is left alone. */
static bool
hermes_config_in(const char *dir)
{
	char *p = qw_path_join(dir, "config.yaml");
	char err[256];
	qw_source *src = qw_source_load(p, 64 * 1024 * 1024, err, sizeof(err));
	free(p);
	bool yes = src && hermes_like_yaml(src);
	qw_source_free(src);
	return yes;
}

static bool
looks_like_home(const char *dir, bool explicit)
{
	if (child_exists(dir, "auth.json", false))
		return true;
	if (child_exists(dir, "config.yaml", false) && (explicit || hermes_config_in(dir)))
		return true;
	const char *b = qw_basename(dir);
	if (!strcmp(b, ".hermes") || !strcmp(b, ".hermes/"))
		return true;
	const char *hh = getenv("HERMES_HOME");
	if (hh && *hh && !strcmp(hh, dir))
		return true;
	if (explicit && child_exists(dir, ".env", false) && !child_exists(dir, ".git", true))
		return true;
	return false;
}

static void
home_with_profiles(const char *dir, const char *only, const qw_options *opt, qw_sets *out)
{
	qw_set *root = home_set(dir, NULL, NULL, only, opt, out);
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
			if (exists(p, &isdir) && isdir)
				QW_PUSH(names, n, cap, qw_xstrdup(de->d_name));
			free(p);
		}
		closedir(d);
		qsort(names, n, sizeof(char *), cmp_str);
		for (size_t i = 0; i < n; i++) {
			char *p = qw_path_join(pdir, names[i]);
			home_set(p, names[i], root, NULL, opt, out);
			free(p);
			free(names[i]);
		}
		free(names);
	}
	free(pdir);
}

/* ---- lone files, by name and content ---- */

static bool
is_dotenv_name(const char *b)
{
	return !strcmp(b, ".env") || qw_startswith(b, ".env.") || qw_endswith(b, ".env") ||
	       !strcmp(b, "env.example");
}

/* A YAML mapping with a Hermes model-related top-level key. */
static bool
hermes_like_yaml(qw_source *src)
{
	qw_parse_error e;
	qw_doc *doc = qw_yaml_parse(src, &e);
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
	bool in_home = looks_like_home(dir, !strcmp(b, "config.yaml") || !strcmp(b, "auth.json"));
	if (in_home && (!strcmp(b, "config.yaml") || !strcmp(b, ".env") || !strcmp(b, "auth.json"))) {
		/* One file of a home: the rest of the home is read for context only. */
		home_with_profiles(dir, b, opt, out);
		free(dir);
		return;
	}
	qw_source *src = load(path, opt, out);
	if (!src) {
		free(dir);
		return;
	}
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = dir;
	if (is_dotenv_name(b)) {
		attach_env(set, src);
	} else if (qw_endswith(b, ".json") && (!strcmp(b, "auth.json") || auth_like_json(src))) {
		set->hermes = true;
		attach_auth(set, src);
	} else if ((qw_endswith(b, ".yaml") || qw_endswith(b, ".yml")) &&
		   (!strcmp(b, "config.yaml") || hermes_like_yaml(src))) {
		set->hermes = true;
		attach_config(set, src);
	} else {
		if (explicit)
			fprintf(stderr, "qwlint: %s: skipped: not a Hermes config.yaml, auth.json or .env file\n",
				src->path);
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
read_gitignore(const char *dir, ignore *ig)
{
	char *p = qw_path_join(dir, ".gitignore");
	FILE *f = fopen(p, "r");
	free(p);
	if (!f)
		return;
	char line[1024];
	while (fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\r\n");
		line[n] = '\0';
		while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
			line[--n] = '\0';
		if (!n || line[0] == '#')
			continue;
		QW_PUSH(ig->pat, ig->n, ig->cap, qw_xstrdup(line));
	}
	fclose(f);
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

static void
walk(const char *dir, int depth, const qw_options *opt, qw_sets *out)
{
	if (depth > MAX_RECURSION)
		return;
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "qwlint: %s: cannot read directory: %s\n", dir, strerror(errno));
		out->io_errors++;
		return;
	}
	ignore ig = {0};
	read_gitignore(dir, &ig);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			QW_PUSH(names, n, cap, qw_xstrdup(de->d_name));
	closedir(d);
	qsort(names, n, sizeof(char *), cmp_str);
	for (size_t i = 0; i < n; i++) {
		const char *b = names[i];
		char *p = qw_path_join(dir, b);
		struct stat st;
		if (lstat(p, &st) != 0 || S_ISLNK(st.st_mode)) {
			free(p);
			continue; /* links are not followed while searching: no loops, no escaping the tree */
		}
		bool isdir = S_ISDIR(st.st_mode);
		/* .gitignore prunes directories (build output, vendored trees), never a config file: the .env files
		 * a .gitignore hides are the ones that hold keys */
		if (isdir && (!strcmp(b, ".git") || !strcmp(b, "node_modules") || !strcmp(b, ".qwlint-backup") ||
			      ignored(&ig, b, true))) {
			free(p);
			continue;
		}
		if (isdir) {
			if (looks_like_home(p, false))
				home_with_profiles(p, NULL, opt, out);
			else
				walk(p, depth + 1, opt, out);
		} else if (S_ISREG(st.st_mode)) {
			if (is_dotenv_name(b) && !qw_is_template_name(b) && strcmp(b, "env.example"))
				lone_file(p, false, opt, out);
		}
		free(p);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	for (size_t i = 0; i < ig.n; i++)
		free(ig.pat[i]);
	free(ig.pat);
}

void
qw_discover(const char *path, const qw_options *opt, qw_sets *out)
{
	struct stat st;
	size_t olen;
	if (stat(path, &st) != 0 && qw_overlay_get(path, &olen)) {
		/* standard input under --stdin-filename: a file that need not exist */
		lone_file(path, true, opt, out);
		return;
	}
	if (stat(path, &st) != 0) {
		fprintf(stderr, "qwlint: %s: %s\n", path, strerror(errno));
		out->io_errors++;
		return;
	}
	if (S_ISDIR(st.st_mode)) {
		if (looks_like_home(path, true))
			home_with_profiles(path, NULL, opt, out);
		else
			walk(path, 0, opt, out);
		return;
	}
	lone_file(path, true, opt, out);
}
