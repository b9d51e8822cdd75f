/*
 * runtime_custom.c - the main model's custom endpoints: _resolve_openrouter_runtime (auto with a base URL, custom,
 * openrouter), the custom pools, the host-gated key fallback, and named custom providers (providers: and
 * custom_providers:, _get_named_custom_provider). Part of runtime.c's branch-by-branch resolve_runtime_provider().
 * Requests belong to their set.
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

/* The URL as lmstudio's runtime normalises it (url_strip_suffixes, then url_add_suffix). */
void
qw_hermes_normalise_url(qw_request *r, const qw_provider *p)
{
	if (!r->base_url || (!p->nurl_strip_suffixes && !p->url_add_suffix))
		return;
	char *u = qw_xstrdup(r->base_url);
	for (size_t i = 0; i < p->nurl_strip_suffixes; i++)
		if (qw_endswith(u, p->url_strip_suffixes[i])) {
			u[strlen(u) - strlen(p->url_strip_suffixes[i])] = '\0';
			break;
		}
	char *n = p->url_add_suffix && !qw_endswith(u, p->url_add_suffix) ? qw_xprintf("%s%s", u, p->url_add_suffix)
									 : qw_xstrdup(u);
	if (strcmp(n, r->base_url)) {
		free(r->base_url);
		r->base_url = n;
		free(r->shown_url);
		r->shown_url = qw_url_shown(r->base_url);
		qw_request_step(r, "Hermes normalises %s's URL to %s", p->id, r->shown_url);
	} else {
		free(n);
	}
	free(u);
}

/* The pool entry's key becomes the request's (its origin moves over). */
void
qw_hermes_take_pool_key(qw_request *r, qw_pool_entry *e)
{
	qw_hermes_set_key(r, e->key, e->key_from, e->key_var);
	e->key_from = (qw_origin){0};
	if (e->random && e->candidates > 1)
		qw_request_step(r, "the pool's strategy is random: Hermes sends one of %d keys, any of them", e->candidates);
}

/* _try_resolve_from_custom_pool: a custom endpoint's pool (custom:<name>, by name, else by base URL); true when it
 * gave the key. */
static bool
custom_pool(qw_ctx *ctx, qw_set *set, qw_request *r, const char *name)
{
	char *pk = qw_pool_custom_key(set, r->base_url, name);
	if (!pk)
		return false;
	qw_pool_entry e = {0};
	bool ok = qw_pool_select(ctx->kb, set, pk, time(NULL), false, r, &e) && e.key && *e.key;
	if (ok) {
		qw_request_step(r, "Hermes takes the key from the credential pool %s (entry %s)", pk,
				e.source ? e.source : "?");
		qw_hermes_take_pool_key(r, &e);
	}
	qw_pool_entry_free(&e);
	free(pk);
	return ok;
}

/* The key a custom endpoint falls back to when its own is absent (#28660): each provider variable only for its own
 * host (OLLAMA_API_KEY only where the caller reads it: _resolve_openrouter_runtime does, a named provider does not),
 * then <VENDOR>_API_KEY derived from the host (_host_derived_api_key). True when one was taken; the trace says
 * which, or why none. */
static bool
host_key(qw_ctx *ctx, qw_set *set, qw_request *r, bool ollama)
{
	static const char *const gated[][2] = {{"ollama.com", "OLLAMA_API_KEY"},
					       {"openai.com", "OPENAI_API_KEY"},
					       {"openai.azure.com", "OPENAI_API_KEY"},
					       {"openrouter.ai", "OPENROUTER_API_KEY"}};
	for (size_t i = ollama ? 0 : 1; i < 4; i++)
		if (qw_hermes_host_matches(r->base_url, gated[i][0]) && qw_hermes_take_env_key(ctx, set, r, gated[i][1], false)) {
			qw_request_step(r, "Hermes falls back to %s, the variable it reads for host %s", gated[i][1],
					gated[i][0]);
			return true;
		}
	qw_url u;
	qw_url_parse(r->base_url ? r->base_url : "", &u);
	char *label = qw_host_label(u.host);
	char *var = label ? qw_xprintf("%s_API_KEY", label) : NULL;
	bool got = var && qw_hermes_take_env_key(ctx, set, r, var, false);
	if (got)
		qw_request_step(r, "no model.api_key: Hermes falls back to %s, the key variable it derives from host %s",
				var, u.host);
	else if (var)
		qw_request_step(r, "no usable model.api_key, and %s (the variable Hermes derives from host %s) is not set",
				var, u.host);
	else
		qw_request_step(r, "no usable model.api_key, and Hermes derives no key variable from host %s", u.host);
	free(var);
	free(label);
	qw_url_free(&u);
	return got;
}

/* The custom endpoint's key (_resolve_openrouter_runtime's candidates after the explicit one): model.api_key when
 * the config URL is in use, OLLAMA_API_KEY / OPENAI_API_KEY / OPENROUTER_API_KEY each only for its own host, then
 * <VENDOR>_API_KEY derived from the host. */
static void
openrouter_key(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in, bool or_context, bool use_cfg)
{
	if (or_context) {
		/* newer Hermes ignores an OPENROUTER_API_KEY without OpenRouter's prefix (#93593) */
		const qw_envvar *ov = qw_model_env(set, "OPENROUTER_API_KEY");
		bool guarded = ov && qw_kb_hermes_feature(ctx->kb, "openrouter_key_prefix_guard") &&
			       !qw_startswith(qw_trim(qw_envvar_environ(ov), &(size_t){0}), "sk-or-");
		if (guarded)
			qw_request_step(r, "OPENROUTER_API_KEY does not start with sk-or-: Hermes %s ignores it (#93593)",
					qw_kb_hermes_version(ctx->kb));
		if ((!guarded && qw_hermes_take_env_key(ctx, set, r, "OPENROUTER_API_KEY", false)) ||
		    qw_hermes_take_env_key(ctx, set, r, "OPENAI_API_KEY", false))
			qw_request_step(r, "the URL is OpenRouter's: Hermes sends %s", r->key_var);
		return;
	}
	if (!use_cfg && in->api_key && qw_node_str(in->api_key) && *qw_node_str(in->api_key))
		qw_request_step(r, "model.api_key is not read: Hermes sends it only to the URL of model.base_url "
				   "(_resolve_openrouter_runtime, #1760), and that is not the URL here");
	if (use_cfg && in->api_key) {
		qw_origin o = {0};
		const qw_envvar *via = NULL;
		char *k = qw_hermes_config_value(set, in->api_key, "model.api_key", &o, &via);
		if (k && !qw_kb_hermes_no_key(ctx->kb, k)) {
			qw_hermes_set_key_stripped(r, k, o, via ? via->key : NULL);
			free(k);
			return;
		}
		if (k && *k)
			qw_request_step(r, "%s is a value Hermes treats as \"no key\"", o.what);
		qw_origin_free(&o);
		free(k);
	}
	host_key(ctx, set, r, true);
}

/* _resolve_openrouter_runtime: OpenRouter, or a custom endpoint that is not a named provider. requested_norm is
 * "auto", "custom" (an alias of it counts) or another id whose resolution ends here. */
void
qw_hermes_openrouter_runtime(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in, const char *requested_norm,
		   const char *cfg_provider)
{
	r->simulated = true;
	char *cfg_url = qw_hermes_cfg_str(set, in->base_url);
	bool use_cfg = false;
	if (*cfg_url) {
		if (!strcmp(requested_norm, "auto"))
			use_cfg = !*cfg_provider || !strcmp(cfg_provider, "auto");
		else if (!strcmp(requested_norm, "custom")) {
			/* _config_base_url_trustworthy_for_bare_custom */
			qw_url u;
			qw_url_parse(cfg_url, &u);
			use_cfg = !strcmp(cfg_provider, "custom") || qw_kb_is_custom_alias(ctx->kb, cfg_provider) ||
				  (!qw_hermes_host_matches(cfg_url, "openrouter.ai") &&
				   (!strcmp(u.host, "localhost") || !strcmp(u.host, "127.0.0.1") || !strcmp(u.host, "::1") ||
				    !strcmp(u.host, "0.0.0.0")));
			qw_url_free(&u);
			if (!use_cfg)
				qw_request_step(r, "model.base_url is ignored: Hermes trusts it for bare custom only when "
						   "model.provider is custom (or a local-server alias of it) or the host is "
						   "loopback (_config_base_url_trustworthy_for_bare_custom, #14676)");
		} else {
			qw_request_step(r, "model.base_url is ignored for \"%s\": Hermes reads it here only for auto and custom",
					requested_norm);
		}
	}
	const qw_envvar *cb = qw_model_env(set, "CUSTOM_BASE_URL"), *ob = qw_model_env(set, "OPENROUTER_BASE_URL");
	const qw_provider *orp = qw_kb_provider(ctx->kb, "openrouter");
	if (cb)
		qw_hermes_set_base(r, qw_envvar_environ(cb), qw_hermes_origin_env(set, cb, cb->value_span));
	else if (use_cfg) {
		qw_origin o = {0};
		char *u = qw_hermes_config_value(set, in->base_url, "model.base_url", &o, NULL);
		qw_hermes_set_base(r, cfg_url, o);
		free(u);
	} else if (ob)
		qw_hermes_set_base(r, qw_envvar_environ(ob), qw_hermes_origin_env(set, ob, ob->value_span));
	else
		qw_hermes_set_base(r, orp && orp->default_base_url ? orp->default_base_url : "https://openrouter.ai/api/v1",
			 qw_hermes_origin_text(qw_xstrdup("OpenRouter's default URL")));
	bool is_or = qw_hermes_host_matches(r->base_url, "openrouter.ai");
	bool or_context = is_or ||
			  (!strcmp(requested_norm, "openrouter") && ob && !strcmp(r->base_url, qw_envvar_environ(ob)));
	bool custom = !strcmp(requested_norm, "custom");
	free(r->provider);
	r->provider = qw_xstrdup(custom ? "custom" : "openrouter");
	r->custom = !or_context;
	qw_hermes_trace_url(ctx, r);
	if (!custom && !is_or)
		qw_request_step(r, "Hermes labels this endpoint \"openrouter\" (provider is %s, not custom)", requested_norm);
	openrouter_key(ctx, set, r, in, or_context, use_cfg);
	const char *cm = qw_hermes_parse_api_mode(qw_node_str(in->api_mode));
	const char *dm = qw_hermes_url_api_mode(r->base_url);
	if (custom && *r->base_url) {
		char *saved = r->key ? qw_xstrdup(r->key) : NULL;
		if (custom_pool(ctx, set, r, strcmp(requested_norm, "custom") ? requested_norm : NULL)) {
			free(saved);
			qw_hermes_trace_key(ctx, r);
			r->api_mode = qw_xstrdup(cm ? cm : dm ? dm : "chat_completions");
			free(cfg_url);
			return;
		}
		free(saved);
	}
	if (custom && !r->key && !is_or)
		r->no_key_required = true;
	qw_hermes_trace_key(ctx, r);
	if (custom && cm && !strcmp(cm, "codex_responses") && (!dm || strcmp(dm, "codex_responses"))) {
		qw_request_step(r, "model.api_mode codex_responses is dropped: Hermes keeps it for a custom endpoint only on "
				   "api.openai.com or api.x.ai (_resolve_plain_custom_api_mode)");
		cm = NULL;
	}
	r->api_mode = qw_xstrdup(cm ? cm : dm ? dm : "chat_completions");
	free(cfg_url);
}

static bool
norm_eq(const char *raw, const char *want)
{
	char *n = qw_lower(raw);
	size_t len;
	const char *t = qw_trim(n, &len);
	char *m = qw_xstrndup(t, len);
	for (char *q = m; *q; q++)
		if (*q == ' ')
			*q = '-';
	char *menu = qw_xprintf("custom:%s", m);
	bool hit = !strcmp(want, m) || !strcmp(want, menu) || !strcmp(want, raw);
	free(m);
	free(menu);
	free(n);
	return hit;
}

bool
qw_hermes_find_named(qw_ctx *ctx, qw_set *set, const char *requested, named_cp *out)
{
	memset(out, 0, sizeof(*out));
	if (!strcmp(requested, "auto"))
		return false;
	char *want = qw_lower(requested);
	for (char *q = want; *q; q++)
		if (*q == ' ')
			*q = '-';
	if (strcmp(want, "custom") && !qw_startswith(want, "custom:")) {
		const qw_provider *p = qw_kb_provider(ctx->kb, want);
		if ((p && !strcmp(p->id, want)) || !strcmp(want, "openrouter")) {
			free(want);
			return false; /* the canonical id of a built-in provider is never shadowed */
		}
	}
	const qw_node *root = set->config_doc ? set->config_doc->root : NULL;
	const qw_node *prov = qw_map_get(root, "providers");
	for (size_t i = 0; prov && prov->type == QW_NODE_MAP && i < prov->npairs; i++) {
		const qw_node *e = prov->pairs[i].value;
		const char *key = qw_node_str(prov->pairs[i].key);
		if (!key || !e || e->type != QW_NODE_MAP)
			continue;
		const char *disp = qw_map_str(e, "name");
		if (!norm_eq(key, want) && !(disp && *disp && norm_eq(disp, want)))
			continue;
		const qw_node *u = qw_map_get(e, "api");
		if (!qw_node_str(u) || !*qw_node_str(u))
			u = qw_map_get(e, "url");
		if (!qw_node_str(u) || !*qw_node_str(u))
			u = qw_map_get(e, "base_url");
		if (!qw_node_str(u) || !*qw_node_str(u))
			continue;
		*out = (named_cp){e, u, qw_map_get(e, "api_key"), qw_map_get(e, "key_env"),
				  qw_map_get(e, "api_mode") ? qw_map_get(e, "api_mode") : qw_map_get(e, "transport"),
				  qw_xprintf("providers.%s", key), qw_map_pair(e, "name") ? disp : key, true};
		free(want);
		return true;
	}
	/* custom_providers: as get_compatible_custom_providers normalises it: a URL with a scheme and a host (or a
	 * {placeholder}) from base_url, url or api; camelCase spellings of the fields accepted */
	const qw_node *cps = qw_map_get(root, "custom_providers");
	for (size_t i = 0; cps && cps->type == QW_NODE_SEQ && i < cps->nitems; i++) {
		const qw_node *e = cps->items[i];
		const char *name = qw_map_str(e, "name"), *pk = qw_map_str(e, "provider_key");
		if (!name || !*name || e->type != QW_NODE_MAP)
			continue;
		const qw_node *u = NULL;
		static const char *const ukeys[] = {"base_url", "baseUrl", "url", "api"};
		for (size_t k = 0; k < 4 && !u; k++) {
			const char *c = qw_map_str(e, ukeys[k]);
			if (!c)
				continue;
			const char *sep = strstr(c, "://");
			if ((strchr(c, '{') && strchr(c, '}')) || (sep && sep > c && sep[3] && sep[3] != '/'))
				u = qw_map_get(e, ukeys[k]);
		}
		if (!u || (!norm_eq(name, want) && !(pk && *pk && norm_eq(pk, want))))
			continue;
		const qw_node *ak = qw_map_get(e, "api_key") ? qw_map_get(e, "api_key") : qw_map_get(e, "apiKey");
		const qw_node *ke = qw_map_get(e, "key_env")       ? qw_map_get(e, "key_env")
				    : qw_map_get(e, "api_key_env") ? qw_map_get(e, "api_key_env")
				    : qw_map_get(e, "keyEnv")      ? qw_map_get(e, "keyEnv")
								   : qw_map_get(e, "apiKeyEnv");
		const qw_node *am = qw_map_get(e, "api_mode") ? qw_map_get(e, "api_mode") : qw_map_get(e, "apiMode");
		*out = (named_cp){e, u, ak, ke, am, qw_xprintf("custom_providers[%zu] \"%s\"", i, name), name, false};
		free(want);
		return true;
	}
	free(want);
	return false;
}

/* _resolve_named_custom_runtime for a providers:/custom_providers: entry */
void
qw_hermes_named_runtime(qw_ctx *ctx, qw_set *set, qw_request *r, const named_cp *cp)
{
	r->simulated = true;
	r->custom = true;
	free(r->provider);
	r->provider = qw_xstrdup("custom");
	qw_request_step(r, "model.provider names %s: Hermes sends to its base URL with its key", cp->name);
	qw_origin o = {0};
	char *what = qw_xprintf("%s.base_url", cp->name);
	char *url = qw_hermes_config_value(set, cp->base_url, what, &o, NULL);
	free(what);
	size_t n;
	const char *t = qw_trim(url, &n);
	char *u = qw_xstrndup(t, n);
	qw_hermes_set_base(r, u, o);
	free(u);
	free(url);
	qw_hermes_trace_url(ctx, r);
	const char *am = qw_hermes_parse_api_mode(qw_node_str(cp->api_mode));
	const char *dm = qw_hermes_url_api_mode(r->base_url);
	if (custom_pool(ctx, set, r, cp->pool_name)) {
		qw_hermes_trace_key(ctx, r);
		r->api_mode = qw_xstrdup(am ? am : dm ? dm : "chat_completions");
		return;
	}
	/* the key: providers: resolves key_env first, custom_providers: the inline api_key first */
	const char *ke = qw_node_str(cp->key_env);
	bool got = false;
	for (int pass = 0; pass < 2 && !got; pass++) {
		bool env_pass = cp->dict ? pass == 0 : pass == 1;
		if (env_pass) {
			if (ke && *ke && !(got = qw_hermes_take_env_key(ctx, set, r, ke, false)) && !qw_model_env(set, ke)) {
				qw_request_step(r, "key_env names %s, which .env does not set (it may come from the environment)",
						ke);
				r->key_env_elsewhere = true;
			}
		} else if (cp->api_key && qw_node_str(cp->api_key)) {
			qw_origin ko = {0};
			const qw_envvar *via = NULL;
			char *kw = qw_xprintf("%s.api_key", cp->name);
			char *k = qw_hermes_config_value(set, cp->api_key, kw, &ko, &via);
			free(kw);
			if (k && !qw_kb_hermes_no_key(ctx->kb, k)) {
				qw_hermes_set_key_stripped(r, k, ko, via ? via->key : NULL);
				got = true;
			} else {
				qw_origin_free(&ko);
			}
			free(k);
		}
	}
	if (!got && !host_key(ctx, set, r, false))
		r->no_key_required = true;
	qw_hermes_trace_key(ctx, r);
	r->api_mode = qw_xstrdup(am ? am : dm ? dm : "chat_completions");
}
