/*
 * discover_hermes.c - Hermes Agent's part of discovery (discover_int.h): the default home; whether a directory is
 * a home (by its names, its config.yaml's keys, a variable only Hermes reads in its .env) and whether a file alone
 * is Hermes's by content; and reading a home and its profiles into sets (config.yaml, .env and auth.json, each
 * file's secrets marked).
 *
 * Ownership: each home and profile becomes a qw_set added to out, owning its sources and documents. A
 * qw_disc_preread handed to qw_disc_home_with_profiles is taken over either way.
 */
#include "discover_int.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dirs.h"
#include "model.h"
#include "secret.h"
#include "util.h"

char *
qw_default_home(void)
{
	const char *h = getenv("HERMES_HOME");
	if (h && *h)
		return qw_xstrdup(h);
	return qw_home_path(".hermes");
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

/* pre: src already parsed (a qw_disc_preread), else NULL. */
void
qw_disc_attach_config(qw_set *set, qw_source *src, qw_disc_preread *pre)
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

void
qw_disc_attach_auth(qw_set *set, qw_source *src)
{
	set->auth = src;
	src->kind = QW_KIND_AUTH_JSON;
	set->auth_doc = qw_json_parse(src, &set->auth_err);
	if (set->auth_doc)
		mark_tree_secrets(src, set->auth_doc->root, 0);
	qw_mark_text_secrets(src);
}

/* A Hermes home: config.yaml, .env and auth.json, whichever exist. `only` limits reporting to one file. pre: its
 * config.yaml already read, or NULL; taken over either way. */
static qw_set *
home_set(const char *dir, const char *profile, qw_set *root, const char *only, const qw_options *opt,
	 qw_sets *out, qw_disc_preread *pre)
{
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = qw_xstrdup(dir);
	set->tree = out->root ? qw_xstrdup(out->root) : NULL;
	set->profile = profile ? qw_xstrdup(profile) : NULL;
	set->root = root;
	set->tool = &qw_tool_hermes;
	set->hermes = true;
	static const char *const names[] = {"config.yaml", ".env", "auth.json"};
	for (int i = 0; i < 3; i++) {
		char *p = qw_path_join(dir, names[i]);
		bool d;
		size_t olen;
		bool kept = i == 0 && pre && pre->src;
		/* the file named on the command line is read wherever it leads; the rest keep to the tree */
		bool named = out->named_file && only && !strcmp(only, names[i]);
		if (kept || qw_disc_present(p, &d) || qw_overlay_get(p, &olen)) {
			qw_source *src = kept	 ? qw_disc_adopt(pre->src, out)
					 : named ? qw_disc_load(p, opt, out)
						 : qw_disc_load_found(p, false, opt, out);
			set->unreadable |= !src;
			if (src) {
				src->report = !only || !strcmp(only, names[i]);
				if (i == 0)
					qw_disc_attach_config(set, src, kept ? pre : NULL);
				else if (i == 1)
					qw_disc_attach_env(set, src);
				else
					qw_disc_attach_auth(set, src);
			}
		}
		free(p);
	}
	qw_disc_load_local_config(set, opt);
	qw_disc_push_set(out, set);
	return set;
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

bool
qw_disc_hermes_like_yaml(qw_source *src)
{
	qw_parse_error e;
	qw_doc *doc = qw_yaml_parse_pruned(src, &qw_model_config_keep, &e);
	bool yes = hermes_like_doc(doc);
	qw_doc_free(doc);
	return yes;
}

bool
qw_disc_auth_like_json(qw_source *src)
{
	qw_parse_error e;
	qw_doc *doc = qw_json_parse(src, &e);
	bool yes = doc && doc->root &&
		   (qw_map_get(doc->root, "credential_pool") || qw_map_get(doc->root, "active_provider") ||
		    (qw_map_get(doc->root, "providers") && qw_map_get(doc->root, "version")));
	qw_doc_free(doc);
	return yes;
}

/* A config.yaml that is Hermes's: while searching a tree, any other program's config.yaml is left alone. When it
 * is, and within --max-file-size, it is kept in *keep for the home's set. */
static bool
hermes_config_in(const char *dir, const qw_options *opt, const qw_sets *out, qw_disc_preread *keep)
{
	char *p = qw_path_join(dir, "config.yaml");
	qw_source *src = qw_disc_probe_found(p, 64 * 1024 * 1024, out);
	free(p);
	if (!src)
		return false;
	qw_parse_error e;
	qw_doc *doc = qw_yaml_parse_pruned(src, &qw_model_config_keep, &e);
	bool yes = hermes_like_doc(doc);
	if (yes && keep && (!opt->max_file_size || src->len <= opt->max_file_size)) {
		*keep = (qw_disc_preread){src, doc, e};
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
	if (!out->kb || !qw_disc_child_exists(dir, ".env", false))
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
 * is yes, and the caller then hands it to qw_disc_home_with_profiles, whose home_set takes it over. */
bool
qw_disc_looks_like_home(const char *dir, bool explicit, const qw_options *opt, const qw_sets *out,
			qw_disc_preread *keep)
{
	if (qw_disc_child_exists(dir, "auth.json", false))
		return true;
	if (qw_disc_child_exists(dir, "config.yaml", false) && (explicit || hermes_config_in(dir, opt, out, keep)))
		return true;
	if (named_as_home(dir))
		return true;
	return hermes_env_in(dir, out);
}

/* The names qw_disc_looks_like_home (not explicit) tests that a walk can see without reading a file (discover.c's
 * may_hold_set). Keep the two in step: a marker missing here hides every home that has only it. A .env, which
 * makes a home when it sets a variable only Hermes reads, is among Dify's markers (qw_disc_dify_markers). */
bool
qw_disc_home_markers(const char *dir)
{
	return qw_disc_child_exists(dir, "auth.json", false) || qw_disc_child_exists(dir, "config.yaml", false) ||
	       named_as_home(dir);
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
		qw_disc_note_outside(out, p);
	return w == QW_WITHIN_YES;
}

void
qw_disc_home_with_profiles(const char *dir, const char *only, const qw_options *opt, qw_sets *out,
			   qw_disc_preread *pre)
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
			if (qw_disc_exists(p, &isdir) && isdir && profile_in_tree(pdir, p, out))
				QW_PUSH(names, n, cap, qw_xstrdup(de->d_name));
			free(p);
		}
		closedir(d);
		if (n)
			qsort(names, n, sizeof(char *), qw_disc_cmp_str);
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

/* ---- Hermes as an agent tool (tool.h) ---- */

static char *
home_dir(bool *named)
{
	const char *h = getenv("HERMES_HOME");
	*named = h && *h;
	return qw_default_home();
}

/* A home met in a walk (named, any config.yaml would count: qw_discover_plan asks for that itself), with its
 * profiles; the config.yaml read to decide is read once. */
static bool
take_dir(const char *dir, const qw_options *opt, qw_sets *out)
{
	qw_disc_preread pre = {0};
	if (!qw_disc_looks_like_home(dir, false, opt, out, &pre))
		return false;
	qw_disc_home_with_profiles(dir, NULL, opt, out, &pre);
	return true;
}

/* A home's config.yaml, auth.json or .env named alone: the rest of the home is read for context only. */
static bool
take_file(const char *path, bool explicit, const qw_options *opt, qw_sets *out)
{
	(void)explicit;
	const char *b = qw_basename(path);
	bool home_file = !strcmp(b, "config.yaml") || !strcmp(b, "auth.json");
	if (!home_file && strcmp(b, ".env"))
		return false;
	char *dir = qw_disc_dir_of(path);
	bool home = qw_disc_looks_like_home(dir, home_file && !opt->skip_unknown, opt, out, NULL);
	if (home)
		qw_disc_home_with_profiles(dir, b, opt, out, NULL);
	free(dir);
	return home;
}

/* A lone auth.json (or JSON shaped like one) or a Hermes config.yaml (named so and not skipped as unknown, or
 * YAML shaped like one) outside a home. */
static bool
take_source(char *dir, qw_source *src, bool explicit, const qw_options *opt, qw_sets *out)
{
	(void)explicit;
	const char *b = qw_basename(src->path);
	bool yaml = qw_endswith(b, ".yaml") || qw_endswith(b, ".yml");
	bool auth = qw_endswith(b, ".json") && (!strcmp(b, "auth.json") || qw_disc_auth_like_json(src));
	bool config = !auth && yaml &&
		      ((!strcmp(b, "config.yaml") && !opt->skip_unknown) || qw_disc_hermes_like_yaml(src));
	if (!auth && !config)
		return false;
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = dir;
	set->tree = out->root ? qw_xstrdup(out->root) : NULL;
	set->tool = &qw_tool_hermes;
	set->hermes = true;
	if (auth)
		qw_disc_attach_auth(set, src);
	else
		qw_disc_attach_config(set, src, NULL);
	qw_disc_load_local_config(set, opt);
	qw_disc_push_set(out, set);
	return true;
}

/* A directory named on the command line is a home more readily than one met in a walk (explicit). */
static bool
named_dir(const char *dir, const qw_options *opt, const qw_sets *out)
{
	return qw_disc_looks_like_home(dir, true, opt, out, NULL);
}

static void
read_named_dir(const char *dir, const qw_options *opt, qw_sets *out)
{
	qw_disc_home_with_profiles(dir, NULL, opt, out, NULL);
}

const qw_tool qw_tool_hermes = {
	.id = "hermes",
	.name = "Hermes Agent",
	.home_dir = home_dir,
	.dir_markers = qw_disc_home_markers,
	.take_dir = take_dir,
	.named_dir = named_dir,
	.read_named_dir = read_named_dir,
	.named_rank = 2, /* after Dify's: a deployment's docker/ holds a .env too */
	.take_file = take_file,
	.take_source = take_source,
	.resolve = qw_model_resolve,
};
