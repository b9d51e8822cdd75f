/*
 * fallback.c - the fallback entries' and named custom providers' requests: the earlier, simpler reading of Hermes's
 * resolution (the oracle resolves only the main model, so these are checked by the fixture cases, not by
 * tests/fidelity.py). Requests belong to their set.
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

/* ---- auth.json credential pool (hermes.md §6) ---- */
static const qw_node *
pool_entries(const qw_set *set, const char *provider, qw_source **src)
{
	for (const qw_set *s = set; s; s = s->root) {
		const qw_node *pool = s->auth_doc ? qw_map_get(s->auth_doc->root, "credential_pool") : NULL;
		const qw_node *l = qw_map_get(pool, provider);
		if (l && l->type == QW_NODE_SEQ && l->nitems) {
			*src = s->auth;
			return l;
		}
		/* A profile falls back read-only to the root's auth.json (read_credential_pool). */
	}
	return NULL;
}

/* The first pool entry Hermes would use: fill_first over entries not marked dead or exhausted. */
static const qw_node *
pool_pick(const qw_node *list)
{
	const qw_node *best = NULL;
	long best_prio = 0;
	for (size_t i = 0; i < list->nitems; i++) {
		const qw_node *e = list->items[i];
		if (!e || e->type != QW_NODE_MAP)
			continue;
		const char *st = qw_map_str(e, "last_status");
		if (st && (!strcmp(st, "dead") || !strcmp(st, "exhausted")))
			continue;
		const char *pr = qw_map_str(e, "priority");
		long prio = pr ? strtol(pr, NULL, 10) : 0;
		if (!best || prio < best_prio) {
			best = e;
			best_prio = prio;
		}
	}
	return best;
}

/* ---- the resolvers ---- */
/* Custom endpoint key fallback (_resolve_openrouter_runtime, _host_derived_api_key; hermes.md §5). */
static void
custom_key(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in)
{
	qw_origin o = {0};
	const qw_envvar *via = NULL;
	char *klabel = qw_hermes_field_label(in, "api_key");
	char *k = in->api_key ? qw_hermes_config_value(set, in->api_key, klabel, &o, &via) : NULL;
	free(klabel);
	if (k && *k) {
		if (qw_kb_hermes_no_key(ctx->kb, k)) {
			qw_request_step(r, "%s is a value Hermes treats as \"no key\"", o.what);
			qw_origin_free(&o);
		} else {
			qw_hermes_set_key(r, k, o, via ? via->key : NULL);
			free(k);
			return;
		}
	} else if (k) {
		qw_origin_free(&o);
	}
	free(k);
	if (in->key_env) {
		const char *name = qw_node_str(in->key_env);
		const qw_envvar *v = name ? qw_model_env(set, name) : NULL;
		if (v && !qw_kb_hermes_no_key(ctx->kb, qw_envvar_environ(v))) {
			qw_hermes_set_key(r, qw_envvar_environ(v), qw_hermes_origin_env(set, v, v->value_span), v->key);
			return;
		}
		if (name && *name) {
			qw_request_step(r, "key_env names %s, which .env does not set (it may come from the environment)", name);
			r->key_env_elsewhere = true;
		}
	}
	qw_url u;
	qw_url_parse(r->base_url ? r->base_url : "", &u);
	const char *gated = NULL;
	char *label = NULL;
	if (qw_endswith(u.host, "openai.com") || qw_endswith(u.host, "openai.azure.com"))
		gated = "OPENAI_API_KEY";
	else if (qw_endswith(u.host, "openrouter.ai"))
		gated = "OPENROUTER_API_KEY";
	else if (qw_endswith(u.host, "ollama.com"))
		gated = "OLLAMA_API_KEY";
	else if ((label = qw_host_label(u.host)) != NULL)
		gated = NULL;
	char *derived = label ? qw_xprintf("%s_API_KEY", label) : NULL;
	const char *var = gated ? gated : derived;
	const qw_envvar *v = var ? qw_model_env(set, var) : NULL;
	if (v && !qw_kb_hermes_no_key(ctx->kb, qw_envvar_environ(v))) {
		qw_request_step(r, "no model.api_key: Hermes falls back to %s, the key variable it derives from host %s", var,
		       u.host);
		qw_hermes_set_key(r, qw_envvar_environ(v), qw_hermes_origin_env(set, v, v->value_span), v->key);
	} else {
		r->no_key_required = true;
		if (var)
			qw_request_step(r, "no model.api_key, and %s (the only variable Hermes reads for host %s) is not set",
			       var, u.host);
		else
			qw_request_step(r, "no model.api_key, and Hermes derives no key variable from host %s", u.host);
	}
	free(derived);
	free(label);
	qw_url_free(&u);
}

void
qw_hermes_resolve_custom(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in, const char *why)
{
	r->custom = true;
	r->simulated = true;
	free(r->provider);
	r->provider = qw_xstrdup("custom");
	qw_request_step(r, "%s", why);
	const qw_envvar *cb = in->is_main ? qw_model_env(set, "CUSTOM_BASE_URL") : NULL;
	qw_origin o = {0};
	char *ulabel = qw_hermes_field_label(in, "base_url");
	char *url = in->base_url ? qw_hermes_config_value(set, in->base_url, ulabel, &o, NULL) : NULL;
	free(ulabel);
	if (cb) {
		if (url) {
			qw_request_step(r, "CUSTOM_BASE_URL in .env overrides model.base_url");
			qw_origin_free(&o);
		}
		qw_hermes_set_base(r, qw_envvar_environ(cb), qw_hermes_origin_env(set, cb, cb->value_span));
	} else if (url && *url) {
		qw_hermes_set_base(r, url, o);
	} else {
		if (url)
			qw_origin_free(&o);
		r->error = qw_xstrdup("provider custom has no base URL (model.base_url or CUSTOM_BASE_URL)");
		qw_request_step(r, "%s", r->error);
		free(url);
		return;
	}
	free(url);
	qw_hermes_trace_url(ctx, r);
	custom_key(ctx, set, r, in);
	qw_hermes_trace_key(ctx, r);
}

/* resolve_api_key_provider_credentials + the credential pool (hermes.md §3, §6). */
static void
resolve_builtin(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in, const qw_provider *p, bool explicit)
{
	r->prov = p;
	free(r->provider);
	r->provider = qw_xstrdup(p->id);
	if (p->late) {
		qw_request_step(r, "%s exists only in Hermes versions newer than %.7s; qwlint does not simulate its endpoint",
		       p->id, qw_kb_hermes_commit(ctx->kb));
		return;
	}
	if (p->auth != QW_AUTH_API_KEY) {
		qw_request_step(r, "%s authenticates with %s; qwlint does not simulate it", p->id,
		       p->auth == QW_AUTH_OAUTH ? "an OAuth login" : p->auth == QW_AUTH_AWS ? "the AWS credential chain"
										    : "an external credential");
		return;
	}
	r->simulated = true;
	/* 1. The pool is consulted before env vars for every provider but openrouter. */
	qw_source *psrc = NULL;
	const qw_node *plist = pool_entries(set, p->id, &psrc);
	const qw_node *pe = plist ? pool_pick(plist) : NULL;
	const char *src_s = pe ? qw_map_str(pe, "source") : NULL;
	if (pe && src_s && qw_startswith(src_s, "manual") && qw_map_str(pe, "access_token")) {
		const qw_pair *tok = qw_map_pair(pe, "access_token");
		char *what = qw_xprintf("credential_pool.%s entry \"%s\" in auth.json", p->id,
					qw_map_str(pe, "label") ? qw_map_str(pe, "label") : "?");
		qw_request_step(r, "auth.json holds a manual credential_pool entry for %s; Hermes uses it before any env var",
		       p->id);
		qw_hermes_set_key(r, tok->value->str, (qw_origin){psrc, tok->value->span, what}, NULL);
		const qw_pair *bu = qw_map_pair(pe, "base_url");
		const char *eu = bu ? qw_node_str(bu->value) : NULL;
		/* model.base_url replaces the entry's URL only when model.provider names this provider and the entry
		 * holds the registry default; <X>_BASE_URL never does (hermes.md §6, pool behaviour). */
		bool cfg_wins = explicit && eu && p->default_base_url && !strcmp(eu, p->default_base_url) &&
				qw_hermes_base_from_env_or_config(set, r, in, NULL, true);
		if (cfg_wins)
			qw_request_step(r, "the pool entry holds %s's default URL, so model.base_url replaces it", p->id);
		else if (eu)
			qw_hermes_set_base(r, eu, (qw_origin){psrc, bu->value->span, qw_xprintf("the pool entry's base_url")});
	} else if (pe && src_s && qw_startswith(src_s, "env:")) {
		qw_request_step(r, "auth.json's pool entry for %s borrows %s; Hermes re-reads it from .env", p->id, src_s + 4);
	}
	/* 2. The key env vars, .env first (get_env_value_prefer_dotenv -> Hermes's own load_env value). */
	if (!r->key) {
		for (size_t i = 0; i < p->nkey_env; i++) {
			const qw_envvar *v = qw_dotenv_get(set->dotenv, p->key_env[i]);
			if (!v || !v->hermes_value || qw_kb_hermes_no_key(ctx->kb, v->hermes_value))
				continue;
			qw_hermes_set_key(r, v->hermes_value, qw_hermes_origin_env(set, v, v->value_span), v->key);
			break;
		}
	}
	/* 3. Base URL: <X>_BASE_URL (os.getenv), then model.base_url when model.provider is this provider's
	 * canonical id (cfg_provider == provider: an alias does not count), then key-prefix routing (kimi), then the
	 * registry default. A manual pool entry keeps its own URL. A provider with config_base_url_hosts
	 * (anthropic) takes model.base_url first, and only a URL that can speak its protocol
	 * (_anthropic_base_url_override_ok). */
	bool cfg_first = false;
	if (!r->base_url && in->is_main && in->base_url) {
		qw_origin o = {0};
		char *mb = qw_hermes_config_value(set, in->base_url, "model.base_url", &o, NULL);
		if (mb && *mb && !explicit && r->alias_named) {
			qw_request_step(r, "model.base_url is ignored: Hermes honours it only when model.provider is the "
					   "canonical id \"%s\", not an alias (hermes_cli/runtime_provider.py:resolve_runtime_provider at 306e2d2, "
					   "cfg_provider == provider)", p->id);
			r->url_ignored = o;
		} else if (mb && *mb && explicit && p->ncfg_url_hosts) {
			qw_url u;
			qw_url_parse(mb, &u);
			bool ok = qw_provider_cfg_url_host(p, u.host) || !strcmp(qw_hermes_detect_api_mode(mb), "anthropic_messages");
			qw_url_free(&u);
			if (ok) {
				qw_hermes_set_base(r, mb, o);
				cfg_first = true;
			} else {
				char *shown = qw_url_shown(mb); /* never its password or query (reliability #21) */
				qw_request_step(r, "model.base_url %s is ignored: %s takes it only for an endpoint that speaks "
						   "its protocol (%s)", shown, p->id,
						p->cfg_url_source ? p->cfg_url_source : p->source);
				free(shown);
				r->url_ignored = o;
			}
		} else {
			qw_origin_free(&o);
		}
		free(mb);
	}
	if (!r->base_url &&
	    !qw_hermes_base_from_env_or_config(set, r, in, p->base_url_env, explicit && !p->ncfg_url_hosts && !cfg_first)) {
		if (p->kp_prefix && r->key && qw_startswith(r->key, p->kp_prefix)) {
			qw_hermes_set_base(r, p->kp_base_url, qw_hermes_origin_text(qw_xprintf("key-prefix routing: %s keys go there",
									 p->kp_prefix)));
		} else if (p->default_base_url) {
			char *what = qw_xprintf("its default base URL; %s is not set",
						p->base_url_env ? p->base_url_env : "no base-URL variable");
			qw_hermes_set_base(r, p->default_base_url, (qw_origin){NULL, {0, 0}, what});
		}
	}
	if (r->base_url)
		qw_hermes_trace_url(ctx, r);
	else
		qw_request_step(r, "%s has no base URL: set %s", p->id, p->base_url_env ? p->base_url_env : "one");
	qw_hermes_trace_key(ctx, r);
}

/* openrouter (_resolve_openrouter_runtime): its key and base-URL variables, else model.base_url, else its
 * default. Hermes does not consult the credential pool first for openrouter. */
static void
resolve_openrouter(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in)
{
	const qw_provider *p = qw_kb_provider(ctx->kb, "openrouter");
	free(r->provider);
	r->provider = qw_xstrdup("openrouter");
	r->simulated = true;
	for (size_t i = 0; p && i < p->nkey_env && !r->key; i++) {
		const qw_envvar *kv = qw_model_env(set, p->key_env[i]);
		if (kv && !qw_kb_hermes_no_key(ctx->kb, qw_envvar_environ(kv)))
			qw_hermes_set_key(r, kv->hermes_value, qw_hermes_origin_env(set, kv, kv->value_span), kv->key);
	}
	if (p && !qw_hermes_base_from_env_or_config(set, r, in, p->base_url_env, true) && p->default_base_url)
		qw_hermes_set_base(r, p->default_base_url, qw_hermes_origin_text(qw_xstrdup("the default of openrouter")));
	if (r->base_url)
		qw_hermes_trace_url(ctx, r);
	qw_hermes_trace_key(ctx, r);
}

/* A fallback entry whose provider is auto: resolve_provider("auto") (auto_detect), then that provider. */
static void
resolve_auto(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in)
{
	const char *id = qw_hermes_auto_detect(ctx, set, r);
	if (!id || !*id)
		return;
	if (!strcmp(id, "openrouter"))
		resolve_openrouter(ctx, set, r, in);
	else
		resolve_builtin(ctx, set, r, in, qw_kb_provider(ctx->kb, id), false);
}

/* custom_providers[].name or providers.<key>, normalised as _get_named_custom_provider does. */
bool
qw_model_custom_exists(const qw_set *set, const char *name)
{
	const qw_node *root = set->config_doc ? set->config_doc->root : NULL;
	const qw_node *prov = qw_map_get(root, "providers");
	if (prov && prov->type == QW_NODE_MAP && qw_map_get(prov, name))
		return true;
	const qw_node *cp = qw_map_get(root, "custom_providers");
	for (size_t i = 0; cp && cp->type == QW_NODE_SEQ && i < cp->nitems; i++) {
		const char *n = qw_map_str(cp->items[i], "name");
		if (!n)
			continue;
		char *norm = qw_lower(n);
		for (char *q = norm; *q; q++)
			if (*q == ' ')
				*q = '-';
		bool hit = !strcmp(norm, name);
		free(norm);
		if (hit)
			return true;
	}
	return false;
}

void
qw_hermes_resolve(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in)
{
	const qw_envvar *pv = NULL;
	qw_origin po = {0};
	char *prov = in->provider ? qw_hermes_config_value(set, in->provider, "model.provider", &po, &pv) : NULL;
	if (prov && !*prov) {
		free(prov);
		prov = NULL;
		qw_origin_free(&po);
	}
	if (prov) {
		char *w = qw_hermes_where(set->config, in->provider->span);
		qw_request_step(r, "%s: %s is \"%s\"", w, in->is_main ? "model.provider" : "provider", prov);
		free(w);
		r->provider_from = po;
	} else if (in->is_main) {
		const qw_envvar *hv = qw_model_env(set, "HERMES_INFERENCE_PROVIDER");
		if (hv) {
			prov = qw_xstrdup(qw_envvar_environ(hv));
			r->provider_from = qw_hermes_origin_env(set, hv, hv->value_span);
			qw_request_step(r, "model.provider is not set; HERMES_INFERENCE_PROVIDER in .env is \"%s\"", prov);
		} else {
			qw_request_step(r, "model.provider is not set%s, so Hermes uses provider \"auto\"",
			       set->config ? " in config.yaml" : " (no config.yaml)");
		}
	}
	if (in->api_key && qw_node_str(in->api_key))
		r->cfg_key = qw_hermes_origin_node(set->config, in->api_key, "model.api_key");
	size_t lpn; /* resolve_requested_provider: stripped, lower-cased */
	const char *lps = prov ? qw_trim(prov, &lpn) : "auto";
	char *lp = qw_xstrndup(lps, prov ? lpn : 4);
	for (char *q = lp; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	free(prov);
	const qw_provider *p = NULL;
	if (!strcmp(lp, "auto")) {
		qw_origin o = {0};
		char *url = in->base_url ? qw_hermes_config_value(set, in->base_url, "model.base_url", &o, NULL) : NULL;
		if (url && *url) {
			qw_url u;
			qw_url_parse(url, &u);
			bool excluded = qw_kb_auto_bypass_excluded(ctx->kb, u.host);
			qw_url_free(&u);
			qw_origin_free(&o);
			if (!excluded) {
				qw_hermes_resolve_custom(ctx, set, r, in,
					       "provider is auto and model.base_url is set to a host other than "
					       "openrouter.ai, anthropic.com or openai.com, so Hermes treats it as a "
					       "custom endpoint and never runs auto-detection");
				free(url);
				free(lp);
				return;
			}
			qw_request_step(r, "model.base_url is on an aggregator/first-party host, so auto-detection runs");
		} else if (url) {
			qw_origin_free(&o);
		}
		free(url);
		resolve_auto(ctx, set, r, in);
	} else if (!strcmp(lp, "custom") || qw_kb_is_custom_alias(ctx->kb, lp)) {
		qw_hermes_resolve_custom(ctx, set, r, in,
			       "provider custom: Hermes reads the base URL from CUSTOM_BASE_URL or model.base_url and the "
			       "key from model.api_key");
	} else if (!strcmp(lp, "openrouter")) {
		resolve_openrouter(ctx, set, r, in);
	} else if (!strcmp(lp, "moa")) {
		r->provider = qw_xstrdup("moa");
		qw_request_step(r, "moa (mixture of agents) is not simulated");
	} else if ((p = qw_kb_provider(ctx->kb, lp)) != NULL) {
		r->alias_named = strcmp(p->id, lp) != 0;
		if (r->alias_named)
			qw_request_step(r, "\"%s\" is an alias of %s", lp, p->id);
		/* the main model's model.base_url counts only under the canonical id; a fallback entry's own
		 * base_url is not the model section's (fallback_config.py) and keeps the old reading */
		resolve_builtin(ctx, set, r, in, p, !r->alias_named || !in->is_main);
	} else if ((qw_startswith(lp, "custom:") && qw_model_custom_exists(set, lp + 7)) ||
		   qw_model_custom_exists(set, lp)) {
		r->provider = qw_xstrdup(lp);
		qw_request_step(r, "%s names an entry of providers:/custom_providers:, checked on its own", lp);
	} else {
		r->provider = NULL;
		r->error = qw_xprintf("Unknown provider '%s'", lp);
		qw_request_step(r, "Hermes raises AuthError: %s", r->error);
	}
	free(lp);
	/* Model name and api_mode, for the rules that need them. */
	if (in->model && qw_node_str(in->model)) {
		r->model = qw_hermes_config_value(set, in->model, "model.default", &r->model_from, NULL);
		qw_request_model_sent(ctx->kb, r, in->is_main ? NULL : qw_node_str(in->provider));
	}
	if (r->base_url) {
		const char *am = qw_node_str(in->api_mode);
		/* a provider with a fixed api_mode (anthropic: the native Messages API) ignores model.api_mode */
		if (r->prov && r->prov->api_mode)
			am = r->prov->api_mode;
		r->api_mode = qw_xstrdup(am ? am : qw_hermes_detect_api_mode(r->base_url));
	}
}
