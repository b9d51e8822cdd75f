/* dify.c - see dify.h. */
#include "dify.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "secret.h"
#include "util.h"

void
qw_dify_free(qw_dify *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		qw_dotenv_free(d->v[i].env);
		qw_doc_free(d->v[i].doc);
		qw_source_free(d->v[i].src);
	}
	free(d->v);
	free(d);
}

qw_dify_file *
qw_dify_add(qw_dify *d, qw_dify_kind kind, qw_source *src)
{
	qw_dify_file f = {kind, src, NULL, NULL, {0}};
	if (kind == QW_DIFY_ENV) {
		src->kind = QW_KIND_DOTENV;
		f.env = qw_dotenv_parse(src);
		for (size_t i = 0; i < f.env->nvars; i++)
			if (qw_is_secret_name(f.env->vars[i].key))
				qw_source_add_secret(src, f.env->vars[i].value_span);
	} else {
		src->kind = kind == QW_DIFY_DSL ? QW_KIND_DIFY_DSL : QW_KIND_DIFY_MANIFEST;
		f.doc = qw_yaml_parse(src, &f.err);
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

/* The top-level mapping of a YAML text, parsed; NULL when it is not one. The caller frees the doc. */
static qw_doc *
top_map(const qw_source *src)
{
	qw_parse_error e;
	qw_doc *doc = qw_yaml_parse(src, &e);
	if (doc && (!doc->root || doc->root->type != QW_NODE_MAP)) {
		qw_doc_free(doc);
		doc = NULL;
	}
	return doc;
}

bool
qw_dify_dsl_like(const qw_source *src)
{
	qw_doc *doc = top_map(src);
	const char *kind = doc ? qw_map_str(doc->root, "kind") : NULL;
	const qw_node *app = doc ? qw_map_get(doc->root, "app") : NULL;
	bool yes = kind && !strcmp(kind, "app") && app && app->type == QW_NODE_MAP;
	qw_doc_free(doc);
	return yes;
}

bool
qw_dify_manifest_like(const qw_source *src)
{
	qw_doc *doc = top_map(src);
	const char *type = doc ? qw_map_str(doc->root, "type") : NULL;
	bool yes = type && !strcmp(type, "plugin") && qw_map_str(doc->root, "author") &&
		   qw_map_str(doc->root, "name") && qw_map_str(doc->root, "version");
	qw_doc_free(doc);
	return yes;
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
