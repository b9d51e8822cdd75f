/*
 * files.c - QW7xx: files as they sit on disk and in git (permissions, a key tracked by git, .env not ignored).
 * A check reads the set (parsed files and the requests the model resolved) and reports findings; it never changes
 * the set and owns nothing past its call. Facts: ../shared/knowledge/hermes.md and providers.md; data in rules/.
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "keyinfo.h"
#include "secret.h"
#include "util.h"
#include "dirs.h"

/* A value under a secret-named key that is a key and not a ${VAR} reference or a placeholder. */
static bool
holds_literal_key(const qw_kb *kb, const qw_node *n, int depth)
{
	if (!n || depth > QW_TREE_MAX_DEPTH)
		return false;
	for (size_t i = 0; n->type == QW_NODE_MAP && i < n->npairs; i++) {
		const char *k = qw_node_str(n->pairs[i].key);
		const char *v = qw_node_str(n->pairs[i].value);
		if (k && v && qw_is_secret_name(k) && *v && !strstr(v, "${") && !qw_kb_placeholder(kb, v) &&
		    !qw_kb_hermes_no_key(kb, v))
			return true;
		if (qw_walk_pair(n, i) && holds_literal_key(kb, n->pairs[i].value, depth + 1))
			return true;
	}
	for (size_t i = 0; n->type == QW_NODE_SEQ && i < n->nitems; i++)
		if (qw_walk_item(n, i) && holds_literal_key(kb, n->items[i], depth + 1))
			return true;
	return false;
}

static bool
env_holds_key(const qw_kb *kb, const qw_dotenv *e)
{
	for (size_t i = 0; e && i < e->nvars; i++)
		if (qw_is_api_key_name(kb, e->vars[i].key) && *e->vars[i].env_value &&
		    !qw_kb_hermes_no_key(kb, e->vars[i].env_value) && !qw_kb_placeholder(kb, e->vars[i].env_value))
			return true;
	return false;
}

static void
check_permissions(qw_ctx *ctx, qw_set *set)
{
	if (!set->hermes)
		return;
	struct {
		qw_source *src;
		bool holds;
		const char *what;
	} files[] = {
		{set->env, env_holds_key(ctx->kb, set->dotenv), "holds API keys"},
		{set->auth, set->auth != NULL, "is Hermes's credential store"},
		{set->config, set->config_doc && holds_literal_key(ctx->kb, set->config_doc->root, 0), "holds a key"},
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		qw_source *src = files[i].src;
		if (!src || !files[i].holds || !src->mode || !(src->mode & 077))
			continue;
		qw_finding *fd = qw_report(ctx, &QW701, src, (qw_span){0, 0},
					   "%s %s but %s (mode %04o)", qw_basename(src->path), files[i].what,
					   src->mode & 004   ? "is readable by every user"
					   : src->mode & 040 ? "is readable by its group"
							     : "is open to its group or others",
					   src->mode);
		qw_trace(fd, "Hermes creates .env and auth.json with mode 0600 and keeps its home 0700 (hermes_cli/config.py:_secure_file at 306e2d2); "
			     "a copied or hand-made file keeps the umask's 0644");
		qw_fix_hint(fd, "chmod 600 %s", src->path);
		qw_fixit *x = qw_fixit_new(fd, src, QW_FIX_SAFE, "chmod 600 %s", src->path);
		qw_fixit_chmod(x, 0600);
	}
}

const qw_rule QW701 = {
	.id = "QW701", .name = "secret-file-permissions",
	.severity = QW_SEV_WARNING, .check = check_permissions, .fix = QW_FIX_SAFE,
	.summary = "a file holding keys is readable by other users",
	.doc = "In a Hermes home, a .env holding API keys, auth.json, or a config.yaml holding a literal key with any "
	    "group or other permission bit. Hermes creates these files 0600 (hermes_cli/config.py:_secure_file, "
	    "hermes_cli/auth.py:_save_auth_store at 306e2d2). The repair is chmod 600.",
	.fixdoc = "--fix runs chmod 600 on the file (safe).",
	.repair = "`chmod 600`",
};

/* QW702: one value under a secret name, in a file git tracks; reported when it looks like a real key. Where it
 * is (HEAD, the index, or only the file on disk) is read from the texts git gave (vcs.h), not from whether the
 * path is there: a template committed with placeholders may have a real key staged now. */
/* A value whose publication would hurt: a real-looking key, and not one Dify prints in its own repository (a
 * public default is QW601's). */
static bool
leakable(const qw_kb *kb, const char *name, const char *value)
{
	return qw_looks_like_real_key(kb, value) && !qw_kb_dify_default(kb, name, value);
}

static void
report_tracked(qw_ctx *ctx, qw_source *src, qw_span span, const char *name, const char *value)
{
	if (!leakable(ctx->kb, name, value))
		return;
	/* A template's password or signing secret (MONGODB_PASSWORD, JWT_SECRET) is a development default meant to
	 * be replaced, public by design: a weak default, not a leaked key to revoke. An API key (by its variable or
	 * its key family's prefix) is nobody's default, so a template that holds one still leaks it. */
	if (src->template && !qw_is_api_key_name(ctx->kb, name) && !qw_kb_family(ctx->kb, value))
		return;
	const char *b = qw_basename(src->path);
	bool committed = src->git_head && strstr(src->git_head, value);
	bool staged = !committed && src->git_index && strstr(src->git_index, value);
	char *mask = qw_mask(ctx->kb, value);
	qw_finding *fd = qw_report(ctx, &QW702, src, span, "%s holds a key (%s) and %s is %s", name, mask, b,
				   committed ? "committed to git"
				   : staged  ? "staged for commit in git"
					     : "tracked by git (the change is not staged yet)");
	free(mask);
	if (committed)
		qw_trace(fd, "git's HEAD has this key in %s: it is in the repository's history, so in every clone and "
			     "fork, even after the file changes", src->path);
	else if (staged)
		qw_trace(fd, "git's index has this key in %s, and HEAD does not: the next commit records it", src->path);
	else
		qw_trace(fd, "git tracks %s; the key is only in the file on disk, so `git commit -a` or `git add` "
			     "records it", src->path);
	const char *move = src->kind == QW_KIND_HERMES_CONFIG
				   ? "write the value as ${VARIABLE} and put the key in .env, which git ignores"
			   : src->kind == QW_KIND_AUTH_JSON
				   ? "auth.json is Hermes's credential store: `git rm --cached` it and add it to .gitignore"
				   : "`git rm --cached` the file (it stays on disk) and make sure .gitignore covers it";
	if (committed)
		qw_fix_hint(fd, "revoke this key and issue a new one (history keeps the old one); then %s", move);
	else
		qw_fix_hint(fd, "%s", move);
}

static void
tracked_tree(qw_ctx *ctx, qw_source *src, const qw_node *n, int depth)
{
	if (!n || depth > QW_TREE_MAX_DEPTH)
		return;
	for (size_t i = 0; n->type == QW_NODE_MAP && i < n->npairs; i++) {
		const char *k = qw_node_str(n->pairs[i].key);
		const qw_node *v = n->pairs[i].value;
		if (!qw_walk_pair(n, i))
			continue;
		if (k && v && v->type == QW_NODE_SCALAR && v->str && qw_is_secret_name(k))
			report_tracked(ctx, src, v->span, k, v->str);
		else
			tracked_tree(ctx, src, v, depth + 1);
	}
	for (size_t i = 0; n->type == QW_NODE_SEQ && i < n->nitems; i++)
		if (qw_walk_item(n, i))
			tracked_tree(ctx, src, n->items[i], depth + 1);
}

/* QW702 for one parsed file: an env file's secret-named variables, or a document's secret-named scalars. */
static void
tracked_file(qw_ctx *ctx, qw_source *src, const qw_dotenv *env, const qw_doc *doc)
{
	if (!src || !src->report || src->vcs != QW_VCS_TRACKED)
		return;
	for (size_t i = 0; env && i < env->nvars; i++)
		if (qw_is_secret_name(env->vars[i].key))
			report_tracked(ctx, src, env->vars[i].value_span, env->vars[i].key, env->vars[i].env_value);
	if (doc)
		tracked_tree(ctx, src, doc->root, 0);
}

static void
check_secret_in_repo(qw_ctx *ctx, qw_set *set)
{
	tracked_file(ctx, set->env, set->dotenv, NULL);
	tracked_file(ctx, set->config, NULL, set->config_doc);
	tracked_file(ctx, set->auth, NULL, set->auth_doc);
	/* and every file the tool hangs on the set (a project's .claude/settings.json is meant to be committed) */
	qw_source *src;
	for (size_t i = 0; set->tool && set->tool->source && set->tool->parsed && (src = set->tool->source(set, i)); i++) {
		const qw_doc *doc = NULL;
		const qw_dotenv *env = NULL;
		set->tool->parsed(set, src, &doc, &env);
		tracked_file(ctx, src, env, doc);
	}
}

const qw_rule QW702 = {
	.id = "QW702", .name = "plaintext-secret-in-repo",
	.severity = QW_SEV_ERROR, .check = check_secret_in_repo, .fix = QW_FIX_NONE,
	.summary = "a key is in a file git tracks",
	.doc = "A real-looking key (16 or more characters mixing letters and digits, not a placeholder, not a ${VAR} "
	    "reference) under a secret name (…_API_KEY, …_TOKEN, api_key, apiKey, access_token, …) in a file git tracks "
	    "(a .env, config.yaml or auth.json, a Dify env file or DSL, an agent's settings such as a project's "
	    ".claude/settings.json or opencode.json, which are meant to be committed): staged for the next commit, or already committed. Anyone with the repository "
	    "can use the key, and a committed key stays in the history after the file changes. git itself answers "
	    "(ls-files, ls-tree HEAD), so the rule needs git on PATH; outside a work tree, or without git, it is "
	    "silent.",
	.fixdoc = "By hand: a committed key must be revoked and a new one issued in the vendor's console. Then take "
	    "the file out of git (`git rm --cached FILE`, which keeps it on disk) and ignore it; in config.yaml, "
	    "write the value as ${VARIABLE} and keep the key in .env.",
};

/* QW703: an untracked .env that holds a key and that no ignore rule covers. A .env without keys stays silent:
 * some projects commit a .env of defaults on purpose (Vite's convention), and it leaks nothing. Templates
 * (.env.example) are meant to be committed; a key in one is QW702's once it is staged. */
static void
check_dotenv_not_ignored(qw_ctx *ctx, qw_set *set)
{
	const qw_dotenv *env;
	qw_source *src = qw_set_main_env(set, &env);
	if (!src || !src->report || src->vcs != QW_VCS_UNTRACKED || src->template)
		return;
	const qw_envvar *v = NULL;
	for (size_t i = 0; i < env->nvars && !v; i++)
		if (qw_is_secret_name(env->vars[i].key) && leakable(ctx->kb, env->vars[i].key, env->vars[i].env_value))
			v = &env->vars[i];
	if (!v)
		return;
	const char *b = qw_basename(src->fs_path);
	qw_finding *fd = qw_report(ctx, &QW703, src, v->key_span,
				   "%s holds keys (%s, …) and no ignore rule covers it: `git add .` would commit them",
				   qw_basename(src->path), v->key);
	qw_trace(fd, "git tracks no %s, and no .gitignore, .git/info/exclude or core.excludesFile pattern matches it "
		     "(git ls-files --others --ignored --exclude-standard)", src->path);
	char *line = qw_gitignore_line(b);
	char *dir = qw_dirname(src->path);
	char *shown = strcmp(dir, ".") ? qw_path_join(dir, ".gitignore") : qw_xstrdup(".gitignore");
	qw_fix_hint(fd, "add the line %s to %s", line, shown);
	qw_fixit *x = qw_fixit_begin(fd, QW_FIX_SAFE, "add %s to %s", line, shown);
	char *text;
	if (set->gitignore) {
		qw_source *g = set->gitignore;
		bool nl = !g->len || g->data[g->len - 1] == '\n';
		/* git splits .gitignore at LF only: a lone CR would join the new line to the last one */
		const char *brk = g->len && strcmp(qw_line_break(g, 0), "\r") ? qw_line_break(g, 0) : "\n";
		text = qw_xprintf("%s%s%s", nl ? "" : brk, line, brk);
		qw_fixit_also(x, g);
		qw_fixit_edit(x, g->len, g->len, text);
	} else {
		char *fsdir = qw_dirname(src->fs_path);
		char *path = qw_path_join(fsdir, ".gitignore");
		text = qw_xprintf("%s\n", line);
		qw_fixit_create(x, path, shown);
		qw_fixit_edit(x, 0, 0, text);
		free(path);
		free(fsdir);
	}
	qw_fixit_key(x, line);
	free(text);
	free(shown);
	free(dir);
	free(line);
}

const qw_rule QW703 = {
	.id = "QW703", .name = "dotenv-not-ignored",
	.severity = QW_SEV_WARNING, .check = check_dotenv_not_ignored, .fix = QW_FIX_SAFE,
	.summary = "a .env holding keys is not ignored by git",
	.doc = "A .env file (or NAME.env, .env.local, …; not a template such as .env.example) in a git work tree that "
	    "holds a real-looking key, is not tracked, and that no .gitignore, .git/info/exclude or core.excludesFile "
	    "pattern covers, as git decides (`git ls-files --ignored --exclude-standard`): `git add .` or `git commit "
	    "-a` after an add would commit the key. A .env without keys is left alone: some projects commit one on "
	    "purpose.",
	.fixdoc = "--fix appends a line that ignores exactly this file (`/.env`) to the .gitignore in the file's "
	    "directory, creating it if needed (safe: it changes only what git adds).",
	.repair = "append a line that ignores exactly this file (`/.env`) to the `.gitignore` in its directory, "
	    "created if needed",
};
