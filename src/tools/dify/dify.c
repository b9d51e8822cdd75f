/* dify.c - see dify.h. */
#include "dify.h"

#include "lint.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "secret.h"
#include "url.h"
#include "util.h"

void
qw_dify_free(qw_dify *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		qw_dify_file *f = &d->v[i];
		for (size_t k = 0; k < f->nrefs; k++)
			free(f->refs[k].path);
		free(f->refs);
		for (size_t k = 0; k < f->ndeps; k++) {
			free(f->deps[k].plugin);
			free(f->deps[k].version);
		}
		free(f->deps);
		qw_dotenv_free(f->env);
		qw_doc_free(f->doc);
		qw_source_free(f->src);
	}
	free(d->v);
	free(d);
}

/* Every model a DSL names: {provider, name} of LLM, classifier and extractor nodes and of model_config;
 * {provider, model} of reranking models and agent model selectors; the reranking_ and embedding_ name pairs.
 * `path` is n's path. */
static void
collect_refs(qw_dify_file *f, const qw_node *n, const char *path, int depth)
{
	if (!n || depth > QW_TREE_MAX_DEPTH)
		return;
	if (n->type == QW_NODE_MAP) {
		static const char *const keys[][2] = {{"provider", "name"},
						      {"provider", "model"},
						      {"reranking_provider_name", "reranking_model_name"},
						      {"embedding_provider_name", "embedding_model_name"}};
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			const qw_node *p = qw_map_get(n, keys[k][0]), *m = qw_map_get(n, keys[k][1]);
			if (qw_node_str(p) && qw_node_str(m)) {
				char *pp = qw_xprintf("%s%s%s", path, *path ? "." : "", keys[k][0]);
				QW_PUSH(f->refs, f->nrefs, f->refs_cap, ((qw_dify_model_ref){p, m, pp}));
				break;
			}
		}
		for (size_t i = 0; i < n->npairs; i++) {
			if (!qw_walk_pair(n, i))
				continue;
			const char *k = qw_node_str(n->pairs[i].key);
			char *cp = qw_xprintf("%s%s%s", path, *path ? "." : "", k ? k : "?");
			collect_refs(f, n->pairs[i].value, cp, depth + 1);
			free(cp);
		}
	} else if (n->type == QW_NODE_SEQ) {
		for (size_t i = 0; i < n->nitems; i++) {
			if (!qw_walk_item(n, i))
				continue;
			char *cp = qw_xprintf("%s[%zu]", path, i);
			collect_refs(f, n->items[i], cp, depth + 1);
			free(cp);
		}
	}
}

static void
collect_deps(qw_dify_file *f)
{
	const qw_node *deps = qw_map_get(f->doc->root, "dependencies");
	for (size_t k = 0; deps && deps->type == QW_NODE_SEQ && k < deps->nitems; k++) {
		const qw_node *value = qw_map_get(deps->items[k], "value");
		for (size_t p = 0; value && value->type == QW_NODE_MAP && p < value->npairs; p++) {
			const char *key = qw_node_str(value->pairs[p].key), *ref = qw_node_str(value->pairs[p].value);
			qw_dify_dep d = {NULL, NULL, value->pairs[p].value};
			if (key && ref && qw_endswith(key, "plugin_unique_identifier") &&
			    qw_dify_plugin_ref(ref, &d.plugin, &d.version))
				QW_PUSH(f->deps, f->ndeps, f->deps_cap, d);
		}
	}
}

qw_dify_file *
qw_dify_add(qw_dify *d, qw_dify_kind kind, qw_source *src)
{
	qw_dify_file f = {.kind = kind, .src = src};
	src->template = qw_is_template_name(qw_basename(src->path));
	if (kind == QW_DIFY_ENV) {
		src->kind = QW_KIND_DOTENV;
		f.env = qw_dotenv_parse(src);
		for (size_t i = 0; i < f.env->nvars; i++)
			if (qw_is_secret_name(f.env->vars[i].key))
				qw_source_add_secret(src, f.env->vars[i].value_span);
		for (size_t i = 0; i < f.env->nerrors; i++)
			qw_mark_broken_line(src, f.env->errors[i].offset);
	} else {
		src->kind = kind == QW_DIFY_DSL ? QW_KIND_DIFY_DSL : QW_KIND_DIFY_MANIFEST;
		f.doc = qw_yaml_parse(src, &f.err);
		if (kind == QW_DIFY_DSL && f.doc && f.doc->root && f.doc->root->type == QW_NODE_MAP) {
			collect_refs(&f, f.doc->root, "", 0);
			collect_deps(&f);
		}
	}
	qw_mark_text_secrets(src);
	QW_PUSH(d->v, d->n, d->cap, f);
	return &d->v[d->n - 1];
}

const qw_envvar *
qw_dify_var(const qw_dify *d, const char *var, const qw_dify_file **in)
{
	for (size_t i = d ? d->n : 0; i-- > 0;) {
		if (d->v[i].kind != QW_DIFY_ENV)
			continue;
		const qw_envvar *v = qw_dotenv_get(d->v[i].env, var);
		if (v) {
			if (in)
				*in = &d->v[i];
			return v;
		}
	}
	return NULL;
}

bool
qw_dify_env_like(const qw_kb *kb, const qw_source *src)
{
	qw_dotenv *e = qw_dotenv_parse(src);
	bool yes = false;
	for (size_t i = 0; i < e->nvars && !yes; i++)
		yes = qw_kb_dify_marker(kb, e->vars[i].key);
	qw_dotenv_free(e);
	return yes;
}

int
qw_dify_yaml_kind(const qw_source *src)
{
	qw_parse_error e;
	qw_doc *doc = qw_yaml_parse(src, &e);
	const qw_node *r = doc && doc->root && doc->root->type == QW_NODE_MAP ? doc->root : NULL;
	const char *kind = r ? qw_map_str(r, "kind") : NULL, *type = r ? qw_map_str(r, "type") : NULL;
	const qw_node *app = r ? qw_map_get(r, "app") : NULL;
	int k = -1;
	if (kind && !strcmp(kind, "app") && app && app->type == QW_NODE_MAP)
		k = QW_DIFY_DSL;
	else if (type && !strcmp(type, "plugin") && qw_map_str(r, "author") && qw_map_str(r, "name") &&
		 qw_map_str(r, "version"))
		k = QW_DIFY_MANIFEST;
	qw_doc_free(doc);
	return k;
}

bool
qw_dify_plugin_ref(const char *ref, char **plugin, char **version)
{
	const char *colon = strchr(ref, ':');
	if (!colon || colon == ref)
		return false;
	const char *p = colon + 1, *start = p;
	for (int part = 0; part < 3; part++) {
		if (part && *p++ != '.')
			return false;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	const char *vend = p;
	if (*p == '-' || *p == '+')
		while (*p && *p != '@')
			p++;
	if (*p && *p != '@')
		return false;
	*plugin = qw_xstrndup(ref, (size_t)(colon - ref));
	*version = qw_xstrndup(start, (size_t)(vend - start));
	return true;
}

const char *
qw_dify_installed(const qw_dify *d, const char *plugin)
{
	size_t pl = strlen(plugin);
	for (size_t i = 0; d && i < d->n; i++) {
		const qw_dify_file *f = &d->v[i];
		if (f->kind != QW_DIFY_MANIFEST || !f->doc || !f->doc->root || !strstr(f->src->path, "plugin_daemon/cwd/"))
			continue;
		const char *author = qw_map_str(f->doc->root, "author"), *name = qw_map_str(f->doc->root, "name");
		const char *ver = qw_map_str(f->doc->root, "version");
		if (author && name && ver && strlen(author) + 1 + strlen(name) == pl && !strncmp(plugin, author, strlen(author)) &&
		    plugin[strlen(author)] == '/' && !strcmp(plugin + strlen(author) + 1, name))
			return ver;
	}
	return NULL;
}
