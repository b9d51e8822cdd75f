/*
 * model.c - Hermes's resolution, step by step: what each request of a Hermes home sends (provider, URL, key,
 * api_mode, model) and why, as qw_request's trace. This file makes the requests of a set (qw_model_resolve) and marks
 * the keys a set holds; model_common.c holds the .env views, origins and traces the resolvers share. The main model follows
 * resolve_runtime_provider() branch by branch (runtime.c, the custom and named endpoints in runtime_custom.c),
 * checked against Hermes's own code by tests/fidelity.py (make fidelity); fallback entries keep a simpler reading
 * (fallback.c). The credential pool is pool.c's, model ids model_name.c's, the registry and its version windows
 * kb.c's (rules/hermes-providers.yaml). Requests are owned by their set (lint.c frees them).
 *
 * What is NOT simulated, on purpose: the shell environment (Hermes's .env overrides it, and a linter whose verdict
 * changes with the caller's shell is useless in CI), the --provider CLI flag, the AWS credential chain, OAuth
 * logins, Entra ID, external processes (copilot-acp), plugins in the user's home, the managed scope in
 * /etc/hermes, and what Hermes learns over the network (z.ai's endpoint probe, copilot's token exchange).
 */
#include "model_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "keyinfo.h"
#include "model_name.h"
#include "pool.h"
#include "secret.h"
#include "url.h"
#include "util.h"

static qw_request *
new_request(qw_set *set, const char *role)
{
	return qw_set_add_request(set, qw_xstrdup(role));
}

static bool
config_section(const char *key)
{
	static const char *const read[] = {"model", "providers", "custom_providers", "fallback_providers", "provider",
					   "base_url"};
	for (size_t i = 0; i < sizeof(read) / sizeof(read[0]); i++)
		if (!strcmp(key, read[i]))
			return true;
	return false;
}

static bool
config_leaf(const char *key)
{
	return !strcmp(key, "base_url") || !strcmp(key, "api_base") || !strcmp(key, "api_mode") ||
	       qw_is_secret_name(key);
}

const qw_yaml_keep qw_model_config_keep = {config_section, config_leaf};

void
qw_model_resolve(qw_ctx *ctx, qw_set *set)
{
	if (!set->hermes)
		return;
	const qw_node *root = set->config_doc ? set->config_doc->root : NULL;
	if (root && root->type != QW_NODE_MAP)
		root = NULL;
	const qw_node *m = qw_map_get(root, "model");
	req_in in = {"model", NULL, NULL, NULL, NULL, NULL, NULL, true};
	if (m && m->type == QW_NODE_MAP) {
		in.provider = qw_map_get(m, "provider");
		in.base_url = qw_map_get(m, "base_url");
		if (!in.base_url)
			in.base_url = qw_map_get(m, "api_base");
		in.api_key = qw_map_get(m, "api_key");
		if (!in.api_key)
			in.api_key = qw_map_get(m, "api");
		/* _get_model_config: model.model when model.default is empty (model.name is not read) */
		in.model = qw_map_get(m, "default");
		if (!qw_node_str(in.model) || !*qw_node_str(in.model))
			in.model = qw_map_get(m, "model");
		in.api_mode = qw_map_get(m, "api_mode");
		in.key_env = qw_map_get(m, "key_env") ? qw_map_get(m, "key_env") : qw_map_get(m, "api_key_env");
	} else if (m && qw_node_str(m)) {
		in.model = m; /* model: "<name>" means {default: <name>} */
	}
	/* _normalize_root_model_keys: root provider/base_url are fallbacks, never overrides. */
	if (!in.provider)
		in.provider = qw_map_get(root, "provider");
	if (!in.base_url)
		in.base_url = qw_map_get(root, "base_url");
	qw_hermes_resolve_main(ctx, set, new_request(set, "model"), &in);

	/* fallback_providers: [{provider, model, base_url?, api_key?, key_env?}] (fallback_config.py). */
	const qw_node *fb = qw_map_get(root, "fallback_providers");
	for (size_t i = 0; fb && fb->type == QW_NODE_SEQ && i < fb->nitems; i++) {
		const qw_node *e = fb->items[i];
		if (!e || e->type != QW_NODE_MAP || !qw_map_str(e, "provider") || !qw_map_str(e, "model"))
			continue;
		char *role = qw_xprintf("fallback_providers[%zu]", i);
		req_in fi = {role,
			     qw_map_get(e, "provider"),
			     qw_map_get(e, "base_url"),
			     qw_map_get(e, "api_key"),
			     qw_map_get(e, "model"),
			     NULL,
			     qw_map_get(e, "key_env") ? qw_map_get(e, "key_env") : qw_map_get(e, "api_key_env"),
			     false};
		qw_hermes_resolve(ctx, set, new_request(set, role), &fi);
		free(role);
	}
	/* Named custom providers are requests of their own: each pairs a base URL with a key. */
	const qw_node *prov = qw_map_get(root, "providers");
	for (size_t i = 0; prov && prov->type == QW_NODE_MAP && i < prov->npairs; i++) {
		const qw_node *e = prov->pairs[i].value;
		const char *name = qw_node_str(prov->pairs[i].key);
		if (!name || !e || e->type != QW_NODE_MAP)
			continue;
		const qw_node *url = qw_map_get(e, "base_url");
		if (!url)
			url = qw_map_get(e, "url");
		if (!url)
			url = qw_map_get(e, "api");
		if (!qw_node_str(url))
			continue;
		char *role = qw_xprintf("providers.%s", name);
		req_in ci = {role, NULL, url, qw_map_get(e, "api_key"), qw_map_get(e, "default_model"),
			     qw_map_get(e, "api_mode"),
			     qw_map_get(e, "key_env") ? qw_map_get(e, "key_env") : qw_map_get(e, "api_key_env"),
			     false};
		qw_request *r = new_request(set, role);
		qw_hermes_resolve_custom(ctx, set, r, &ci, "a named custom provider: its own base_url and key");
		free(r->provider);
		r->provider = qw_xprintf("custom:%s", name);
		if (r->base_url)
			r->api_mode = qw_xstrdup(qw_node_str(ci.api_mode) ? qw_node_str(ci.api_mode)
									 : qw_hermes_detect_api_mode(r->base_url));
		free(role);
	}
	const qw_node *cps = qw_map_get(root, "custom_providers");
	for (size_t i = 0; cps && cps->type == QW_NODE_SEQ && i < cps->nitems; i++) {
		const qw_node *e = cps->items[i];
		if (!e || e->type != QW_NODE_MAP || !qw_map_str(e, "base_url"))
			continue;
		const char *name = qw_map_str(e, "name") ? qw_map_str(e, "name") : "?";
		char *role = qw_xprintf("custom_providers[%zu]", i);
		req_in ci = {role, NULL, qw_map_get(e, "base_url"), qw_map_get(e, "api_key"), qw_map_get(e, "model"),
			     qw_map_get(e, "api_mode"), qw_map_get(e, "key_env"), false};
		qw_request *r = new_request(set, role);
		char *why = qw_xprintf("custom_providers entry \"%s\": its own base_url and key", name);
		qw_hermes_resolve_custom(ctx, set, r, &ci, why);
		free(why);
		free(r->provider);
		r->provider = qw_xprintf("custom:%s", name);
		/* the entry's own api_mode, else the one its URL implies (_detect_api_mode_for_url) */
		if (r->base_url)
			r->api_mode = qw_xstrdup(qw_node_str(ci.api_mode) ? qw_node_str(ci.api_mode)
									 : qw_hermes_detect_api_mode(r->base_url));
		free(role);
	}
}

static void mark_refs(const qw_set *set, qw_source *src, qw_span span, int depth);

/* Every assignment of the .env variable name[0, n): the one in effect, and the others a later edit could bring
 * back, all hold the key. depth bounds a chain of references. */
static void
mark_var(const qw_set *set, const char *name, size_t n, int depth)
{
	if (!set->env || !set->dotenv || depth > 8)
		return;
	for (size_t i = 0; i < set->dotenv->nvars; i++) {
		const qw_envvar *v = &set->dotenv->vars[i];
		if (strlen(v->key) != n || memcmp(v->key, name, n))
			continue;
		qw_mark_value_secret(set->env, v->value_span);
		mark_refs(set, set->env, v->value_span, depth + 1);
	}
}

/* The variables a value refers to (${NAME}, ${NAME:-default}): their values are the key, or part of it. */
static void
mark_refs(const qw_set *set, qw_source *src, qw_span span, int depth)
{
	const char *d = src->data;
	for (size_t i = span.start; i + 2 < span.end && i + 2 < src->len; i++) {
		if (d[i] != '$' || d[i + 1] != '{')
			continue;
		size_t a = i + 2, e = a;
		while (e < span.end && (isalnum((unsigned char)d[e]) || d[e] == '_'))
			e++;
		if (e > a)
			mark_var(set, d + a, e - a, depth);
		i = e - 1;
	}
}

void
qw_model_mark_keys(const qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		const qw_request *r = &set->reqs[i];
		/* model.api_key as written is a key even where Hermes ignores it (QW304): ${VAR} leads to it */
		if (r->cfg_key.src) {
			qw_mark_value_secret(r->cfg_key.src, r->cfg_key.span);
			mark_refs(set, r->cfg_key.src, r->cfg_key.span, 0);
		}
		if (!r->key || !*r->key || !r->key_from.src)
			continue;
		qw_mark_value_secret(r->key_from.src, r->key_from.span);
		mark_refs(set, r->key_from.src, r->key_from.span, 0);
		if (r->key_var && r->key_from.src == set->env)
			mark_var(set, r->key_var, strlen(r->key_var), 0);
	}
}
