/*
 * model.c - Hermes's resolution, step by step: what each request of a Hermes home sends (provider, URL, key,
 * api_mode, model) and why, as qw_request's trace. The main model follows resolve_runtime_provider() with no
 * arguments branch by branch (resolve_main and the *_runtime functions below it), checked field by field against
 * Hermes's own code by tests/fidelity.py (make fidelity); fallback entries and named custom providers keep a simpler
 * reading (resolve). The credential pool is pool.c's, model ids model_name.c's, the registry and its version
 * windows kb.c's (rules/hermes-providers.yaml). Requests are owned by their set (lint.c frees them).
 *
 * What is NOT simulated, on purpose: the shell environment (Hermes's .env overrides it, and a linter whose verdict
 * changes with the caller's shell is useless in CI), the --provider CLI flag, the AWS credential chain, OAuth
 * logins, Entra ID, external processes (copilot-acp), plugins in the user's home, the managed scope in
 * /etc/hermes, and what Hermes learns over the network (z.ai's endpoint probe, copilot's token exchange).
 */
#include "model.h"
#include "keyinfo.h"
#include "model_name.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "pool.h"
#include "secret.h"
#include "url.h"
#include "util.h"

typedef struct req_in {
	const char *role;
	const qw_node *provider, *base_url, *api_key, *model, *api_mode, *key_env;
	bool is_main;
} req_in;

const qw_envvar *
qw_model_env(const qw_set *set, const char *name)
{
	const qw_envvar *v = qw_dotenv_get(set->dotenv, name);
	return v && qw_envvar_environ(v) && *qw_envvar_environ(v) && !v->bom_hidden ? v : NULL;
}

const qw_envvar *
qw_model_env_first(const qw_set *set, char **names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const qw_envvar *v = qw_model_env(set, names[i]);
		if (v)
			return v;
	}
	return NULL;
}

const qw_node *
qw_model_section(const qw_set *set)
{
	const qw_node *m = set->config_doc ? qw_map_get(set->config_doc->root, "model") : NULL;
	return m && m->type == QW_NODE_MAP ? m : NULL;
}

static qw_origin
origin_node(qw_source *src, const qw_node *n, const char *what)
{
	qw_origin o = {src, n ? n->span : (qw_span){0, 0}, qw_xstrdup(what)};
	return o;
}

static qw_origin
origin_env(const qw_set *set, const qw_envvar *v, qw_span span)
{
	qw_origin o = {set->env, span, qw_xstrdup(v->key)};
	return o;
}

static qw_origin
origin_text(char *what)
{
	qw_origin o = {NULL, {0, 0}, what};
	return o;
}

static char *
where(qw_source *src, qw_span span)
{
	int l, c;
	qw_source_pos(src, span.start, &l, &c);
	char *shown = qw_path_shown(src->path), *w = qw_xprintf("%s:%d", shown, l);
	free(shown);
	return w;
}

/* _expand_env_vars: ${VAR} from os.environ (the python-dotenv view of .env); unresolved references stay
 * verbatim. *only_var receives the variable when the whole value is one reference that resolved. */
static char *
expand(const qw_set *set, const char *s, const qw_envvar **only_var)
{
	qw_buf b = {0};
	*only_var = NULL;
	int refs = 0;
	const qw_envvar *last = NULL;
	for (const char *p = s; *p;) {
		if (p[0] == '$' && p[1] == '{') {
			const char *e = strchr(p + 2, '}');
			if (e) {
				char *name = qw_xstrndup(p + 2, (size_t)(e - p - 2));
				/* set but empty expands to "" (os.environ has it); unset stays verbatim */
				const qw_envvar *v = qw_dotenv_get(set->dotenv, name);
				if (v && (!qw_envvar_environ(v) || v->bom_hidden))
					v = NULL;
				free(name);
				if (v) {
					qw_buf_adds(&b, qw_envvar_environ(v));
					refs++;
					last = v;
					p = e + 1;
					continue;
				}
			}
		}
		qw_buf_addc(&b, *p++);
	}
	if (refs == 1 && s[0] == '$' && s[1] == '{' && s[strlen(s) - 1] == '}' && !strchr(s + 2, '$'))
		*only_var = last;
	return qw_buf_steal(&b);
}

/* A config string, expanded, with the origin pointing at the .env line when it is a single ${VAR}. */
static char *
config_value(qw_set *set, const qw_node *n, const char *what, qw_origin *o, const qw_envvar **via)
{
	const char *s = qw_node_str(n);
	if (!s)
		return NULL;
	const qw_envvar *v = NULL;
	char *val = expand(set, s, &v);
	if (via)
		*via = v;
	if (o) {
		if (v) {
			char *w = qw_xprintf("%s (${%s} from .env)", what, v->key);
			*o = (qw_origin){set->env, v->value_span, w};
		} else {
			*o = origin_node(set->config, n, what);
		}
	}
	return val;
}

/* "model.base_url" for the main model, "fallback_providers[0].base_url" for the others. The caller frees. */
static char *
field_label(const req_in *in, const char *field)
{
	return in->is_main ? qw_xprintf("model.%s", field) : qw_xprintf("%s.%s", in->role, field);
}

static const char *
detect_api_mode(const char *url)
{
	/* runtime_provider._detect_api_mode_for_url */
	qw_url u;
	qw_url_parse(url, &u);
	const char *mode = "chat_completions";
	if (qw_endswith(u.path, "/anthropic") || qw_endswith(u.path, "/anthropic/v1") ||
	    (!strcmp(u.host, "api.kimi.com") && qw_startswith(u.path, "/coding")))
		mode = "anthropic_messages";
	else if (!strcmp(u.host, "api.openai.com") || !strcmp(u.host, "api.x.ai"))
		mode = "codex_responses";
	qw_url_free(&u);
	return mode;
}

static void
set_base(qw_request *r, const char *url, qw_origin o)
{
	free(r->base_url);
	qw_origin_free(&r->url_from);
	/* Hermes rstrip("/")s base URLs almost everywhere (hermes.md §5). */
	size_t n = strlen(url);
	while (n > 1 && url[n - 1] == '/')
		n--;
	r->base_url = qw_xstrndup(url, n);
	free(r->shown_url);
	r->shown_url = qw_url_shown(r->base_url);
	r->url_from = o;
}

static void
set_key(qw_request *r, const char *key, qw_origin o, const char *var)
{
	free(r->key);
	free(r->key_var);
	qw_origin_free(&r->key_from);
	r->key = key ? qw_xstrdup(key) : NULL;
	r->key_from = o;
	r->key_var = var ? qw_xstrdup(var) : NULL;
}

/* The key part of the trace: where the key is, masked. */
static void
trace_key(qw_ctx *ctx, qw_request *r)
{
	if (!r->key) {
		qw_request_step(r, "no key reaches this request%s",
		       r->no_key_required ? ": Hermes sends the literal \"no-key-required\"" : "");
		return;
	}
	char *m = qw_mask(ctx->kb, r->key);
	char *w = r->key_from.src ? where(r->key_from.src, r->key_from.span) : NULL;
	qw_request_step(r, "the key sent is %s, from %s%s%s", m, r->key_from.what, w ? " at " : "", w ? w : "");
	free(m);
	free(w);
}

static void
trace_url(qw_ctx *ctx, qw_request *r)
{
	char *w = r->url_from.src ? where(r->url_from.src, r->url_from.span) : NULL;
	qw_request_step(r, "%s sends to %s (%s%s%s)", r->provider, r->shown_url, r->url_from.what, w ? " at " : "",
	       w ? w : "");
	free(w);
}

/* The base URL from <X>_BASE_URL (os.getenv), else from the request's base_url when use_config; false when
 * neither is set. */
static bool
base_from_env_or_config(qw_set *set, qw_request *r, const req_in *in, const char *env_name, bool use_config)
{
	const qw_envvar *bv = env_name ? qw_model_env(set, env_name) : NULL;
	if (bv) {
		set_base(r, qw_envvar_environ(bv), origin_env(set, bv, bv->value_span));
		return true;
	}
	if (!use_config || !in->base_url)
		return false;
	qw_origin o = {0};
	char *ulabel = field_label(in, "base_url");
	char *mb = config_value(set, in->base_url, ulabel, &o, NULL);
	free(ulabel);
	bool ok = mb && *mb;
	if (ok)
		set_base(r, mb, o);
	else if (mb)
		qw_origin_free(&o);
	free(mb);
	return ok;
}

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
	char *klabel = field_label(in, "api_key");
	char *k = in->api_key ? config_value(set, in->api_key, klabel, &o, &via) : NULL;
	free(klabel);
	if (k && *k) {
		if (qw_kb_hermes_no_key(ctx->kb, k)) {
			qw_request_step(r, "%s is a value Hermes treats as \"no key\"", o.what);
			qw_origin_free(&o);
		} else {
			set_key(r, k, o, via ? via->key : NULL);
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
			set_key(r, qw_envvar_environ(v), origin_env(set, v, v->value_span), v->key);
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
		set_key(r, qw_envvar_environ(v), origin_env(set, v, v->value_span), v->key);
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

static void
resolve_custom(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in, const char *why)
{
	r->custom = true;
	r->simulated = true;
	free(r->provider);
	r->provider = qw_xstrdup("custom");
	qw_request_step(r, "%s", why);
	const qw_envvar *cb = in->is_main ? qw_model_env(set, "CUSTOM_BASE_URL") : NULL;
	qw_origin o = {0};
	char *ulabel = field_label(in, "base_url");
	char *url = in->base_url ? config_value(set, in->base_url, ulabel, &o, NULL) : NULL;
	free(ulabel);
	if (cb) {
		if (url) {
			qw_request_step(r, "CUSTOM_BASE_URL in .env overrides model.base_url");
			qw_origin_free(&o);
		}
		set_base(r, qw_envvar_environ(cb), origin_env(set, cb, cb->value_span));
	} else if (url && *url) {
		set_base(r, url, o);
	} else {
		if (url)
			qw_origin_free(&o);
		r->error = qw_xstrdup("provider custom has no base URL (model.base_url or CUSTOM_BASE_URL)");
		qw_request_step(r, "%s", r->error);
		free(url);
		return;
	}
	free(url);
	trace_url(ctx, r);
	custom_key(ctx, set, r, in);
	trace_key(ctx, r);
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
		set_key(r, tok->value->str, (qw_origin){psrc, tok->value->span, what}, NULL);
		const qw_pair *bu = qw_map_pair(pe, "base_url");
		const char *eu = bu ? qw_node_str(bu->value) : NULL;
		/* model.base_url replaces the entry's URL only when model.provider names this provider and the entry
		 * holds the registry default; <X>_BASE_URL never does (hermes.md §6, pool behaviour). */
		bool cfg_wins = explicit && eu && p->default_base_url && !strcmp(eu, p->default_base_url) &&
				base_from_env_or_config(set, r, in, NULL, true);
		if (cfg_wins)
			qw_request_step(r, "the pool entry holds %s's default URL, so model.base_url replaces it", p->id);
		else if (eu)
			set_base(r, eu, (qw_origin){psrc, bu->value->span, qw_xprintf("the pool entry's base_url")});
	} else if (pe && src_s && qw_startswith(src_s, "env:")) {
		qw_request_step(r, "auth.json's pool entry for %s borrows %s; Hermes re-reads it from .env", p->id, src_s + 4);
	}
	/* 2. The key env vars, .env first (get_env_value_prefer_dotenv -> Hermes's own load_env value). */
	if (!r->key) {
		for (size_t i = 0; i < p->nkey_env; i++) {
			const qw_envvar *v = qw_dotenv_get(set->dotenv, p->key_env[i]);
			if (!v || !v->hermes_value || qw_kb_hermes_no_key(ctx->kb, v->hermes_value))
				continue;
			set_key(r, v->hermes_value, origin_env(set, v, v->value_span), v->key);
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
		char *mb = config_value(set, in->base_url, "model.base_url", &o, NULL);
		if (mb && *mb && !explicit && r->alias_named) {
			qw_request_step(r, "model.base_url is ignored: Hermes honours it only when model.provider is the "
					   "canonical id \"%s\", not an alias (hermes_cli/runtime_provider.py:resolve_runtime_provider at 306e2d2, "
					   "cfg_provider == provider)", p->id);
			r->url_ignored = o;
		} else if (mb && *mb && explicit && p->ncfg_url_hosts) {
			qw_url u;
			qw_url_parse(mb, &u);
			bool ok = qw_provider_cfg_url_host(p, u.host) || !strcmp(detect_api_mode(mb), "anthropic_messages");
			qw_url_free(&u);
			if (ok) {
				set_base(r, mb, o);
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
	    !base_from_env_or_config(set, r, in, p->base_url_env, explicit && !p->ncfg_url_hosts && !cfg_first)) {
		if (p->kp_prefix && r->key && qw_startswith(r->key, p->kp_prefix)) {
			set_base(r, p->kp_base_url, origin_text(qw_xprintf("key-prefix routing: %s keys go there",
									 p->kp_prefix)));
		} else if (p->default_base_url) {
			char *what = qw_xprintf("its default base URL; %s is not set",
						p->base_url_env ? p->base_url_env : "no base-URL variable");
			set_base(r, p->default_base_url, (qw_origin){NULL, {0, 0}, what});
		}
	}
	if (r->base_url)
		trace_url(ctx, r);
	else
		qw_request_step(r, "%s has no base URL: set %s", p->id, p->base_url_env ? p->base_url_env : "one");
	trace_key(ctx, r);
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
			set_key(r, kv->hermes_value, origin_env(set, kv, kv->value_span), kv->key);
	}
	if (p && !base_from_env_or_config(set, r, in, p->base_url_env, true) && p->default_base_url)
		set_base(r, p->default_base_url, origin_text(qw_xstrdup("the default of openrouter")));
	if (r->base_url)
		trace_url(ctx, r);
	trace_key(ctx, r);
}

static const char *auto_detect(qw_ctx *ctx, qw_set *set, qw_request *r);

/* A fallback entry whose provider is auto: resolve_provider("auto") (auto_detect), then that provider. */
static void
resolve_auto(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in)
{
	const char *id = auto_detect(ctx, set, r);
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

/* ==== The main model: resolve_runtime_provider() with no arguments (hermes_cli/runtime_provider.py at 306e2d2),
 * branch by branch in Hermes's order. Checked field by field against Hermes's own code: make fidelity. ==== */

/* base_url_host_matches: the URL's host is dom or a subdomain of it. */
static bool
host_matches(const char *url, const char *dom)
{
	qw_url u;
	qw_url_parse(url ? url : "", &u);
	bool m = !strcmp(u.host, dom) || (qw_endswith(u.host, dom) && strlen(u.host) > strlen(dom) &&
					  u.host[strlen(u.host) - strlen(dom) - 1] == '.');
	qw_url_free(&u);
	return m;
}

/* _parse_api_mode: a valid api_mode, lower-cased, or NULL. */
static const char *
parse_api_mode(const char *raw)
{
	static const char *const valid[] = {"chat_completions", "codex_responses", "anthropic_messages",
					    "bedrock_converse", "codex_app_server"};
	if (!raw)
		return NULL;
	size_t n;
	const char *s = qw_trim(raw, &n);
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++)
		if (strlen(valid[i]) == n && !strncasecmp(s, valid[i], n))
			return valid[i];
	return NULL;
}

/* _detect_api_mode_for_url, NULL when the URL implies none */
static const char *
url_api_mode(const char *url)
{
	qw_url u;
	qw_url_parse(url ? url : "", &u);
	const char *mode = NULL;
	char *path = qw_lower(u.path ? u.path : "");
	size_t n = strlen(path);
	while (n && path[n - 1] == '/')
		path[--n] = '\0';
	if (!strcmp(u.host, "api.x.ai") || !strcmp(u.host, "api.openai.com"))
		mode = "codex_responses";
	else if (!strcmp(u.host, "api.anthropic.com") || qw_endswith(path, "/anthropic") ||
		 qw_endswith(path, "/anthropic/v1"))
		mode = "anthropic_messages";
	else if (!strcmp(u.host, "api.kimi.com") && strstr(url, "/coding"))
		mode = "anthropic_messages";
	free(path);
	qw_url_free(&u);
	return mode;
}

/* A string of the model section, ${VAR} expanded and stripped; "" when absent. The caller frees. */
static char *
cfg_str(qw_set *set, const qw_node *n)
{
	const char *s = qw_node_str(n);
	if (!s)
		return qw_xstrdup("");
	const qw_envvar *v;
	char *e = expand(set, s, &v);
	size_t len;
	const char *t = qw_trim(e, &len);
	char *out = qw_xstrndup(t, len);
	free(e);
	return out;
}

/* The key from a candidate: stripped (Hermes strips candidates), origin at the .env line when it is one. */
static void
set_key_stripped(qw_request *r, const char *key, qw_origin o, const char *var)
{
	size_t n;
	const char *t = qw_trim(key, &n);
	char *k = qw_xstrndup(t, n);
	set_key(r, k, o, var);
	free(k);
}

/* A usable .env variable as a key candidate (has_usable_secret); true when it was taken. */
static bool
take_env_key(qw_ctx *ctx, qw_set *set, qw_request *r, const char *name, bool hermes_reader)
{
	const qw_envvar *v = name && *name ? qw_dotenv_get(set->dotenv, name) : NULL;
	const char *val = !v ? NULL : hermes_reader ? v->hermes_value : v->bom_hidden ? NULL : qw_envvar_environ(v);
	if (!val || !*val || qw_kb_hermes_no_key(ctx->kb, val))
		return false;
	set_key_stripped(r, val, origin_env(set, v, v->value_span), v->key);
	return true;
}

static void
refuse(qw_request *r, const char *kind, char *text)
{
	free(r->error);
	free(r->error_kind);
	r->error = text;
	r->error_kind = qw_xstrdup(kind);
	qw_request_step(r, "Hermes raises %s: %s", kind, text);
}

/* Azure Foundry's api_mode: model.api_mode (when model.provider is azure-foundry) else chat_completions, raised to
 * codex_responses for a Responses-only model family unless it is anthropic_messages; its URL loses /v1 then. */
static const char *
azure_mode(const qw_set *set, const req_in *in, const qw_provider *p, const char *cfg_provider)
{
	(void)set;
	const char *mode = "chat_completions";
	if (!strcmp(cfg_provider, "azure-foundry") && parse_api_mode(qw_node_str(in->api_mode)))
		mode = parse_api_mode(qw_node_str(in->api_mode));
	const char *m = qw_node_str(in->model);
	if (m && strcmp(mode, "anthropic_messages")) {
		size_t n;
		const char *t = qw_trim(m, &n);
		char *raw = qw_xstrndup(t, n), *id = qw_lower(raw);
		const char *slash = strrchr(id, '/');
		const char *last = slash ? slash + 1 : id;
		for (size_t i = 0; i < p->nresp_prefixes; i++)
			if (*last && qw_startswith(last, p->resp_prefixes[i]))
				mode = "codex_responses";
		free(raw);
		free(id);
	}
	return mode;
}

/* Drop a trailing "/v1" (or "/v1/") from the request's URL. */
static void
strip_v1(qw_request *r)
{
	if (!r->base_url)
		return;
	size_t n = strlen(r->base_url);
	if (n && r->base_url[n - 1] == '/')
		n--;
	if (n >= 3 && !strncmp(r->base_url + n - 3, "/v1", 3)) {
		r->base_url[n - 3] = '\0';
		free(r->shown_url);
		r->shown_url = qw_url_shown(r->base_url);
	}
}

/* _resolve_azure_foundry_runtime: model.provider written as azure-foundry. */
static void
azure_runtime(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in, const qw_provider *p, const char *cfg_provider)
{
	const qw_node *m = qw_model_section(set);
	const char *auth = m ? qw_map_str(m, "auth_mode") : NULL;
	if (auth && !strcasecmp(auth, "entra_id")) {
		qw_request_step(r, "model.auth_mode is entra_id: Hermes mints a Microsoft Entra ID token per request; qwlint "
				   "does not simulate it");
		return;
	}
	r->simulated = true;
	const char *mode = azure_mode(set, in, p, cfg_provider);
	char *cfg_url = cfg_str(set, in->base_url);
	const qw_envvar *bv = qw_model_env(set, "AZURE_FOUNDRY_BASE_URL");
	if (*cfg_url && !strcmp(cfg_provider, "azure-foundry"))
		set_base(r, cfg_url, origin_node(set->config, in->base_url, "model.base_url"));
	else if (bv)
		set_base(r, qw_envvar_environ(bv), origin_env(set, bv, bv->value_span));
	free(cfg_url);
	if (!r->base_url) {
		refuse(r, "AuthError", qw_xstrdup("Azure Foundry requires a base URL. Set it via 'hermes model' or the "
						  "AZURE_FOUNDRY_BASE_URL environment variable."));
		return;
	}
	if (!strcmp(mode, "anthropic_messages"))
		strip_v1(r);
	trace_url(ctx, r);
	/* the key: config.get_env_value, which returns os.environ's value whenever the variable is there (as
	 * python-dotenv loaded it, unstripped, even empty), and reads Hermes's own .env parser only for a variable
	 * os.environ lacks (a BOM-hidden first line); any non-empty value, no placeholder check */
	const qw_envvar *kv = qw_dotenv_get(set->dotenv, "AZURE_FOUNDRY_API_KEY");
	bool in_environ = kv && qw_envvar_environ(kv) && !kv->bom_hidden;
	const char *kval = !kv ? NULL : in_environ ? qw_envvar_environ(kv) : kv->hermes_value;
	if (kval && *kval)
		set_key(r, kval, origin_env(set, kv, kv->value_span), kv->key);
	if (!r->key) {
		refuse(r, "AuthError", qw_xstrdup("Azure Foundry requires an API key. Set AZURE_FOUNDRY_API_KEY in "
						  "~/.hermes/.env or run 'hermes model' to configure. To use keyless "
						  "Microsoft Entra ID auth instead, set model.auth_mode: entra_id in "
						  "config.yaml (or pick 'Microsoft Entra ID' in 'hermes model')."));
		return;
	}
	trace_key(ctx, r);
	r->api_mode = qw_xstrdup(mode);
}

/* The URL as lmstudio's runtime normalises it (url_strip_suffixes, then url_add_suffix). */
static void
normalise_url(qw_request *r, const qw_provider *p)
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
static void
take_pool_key(qw_request *r, qw_pool_entry *e)
{
	set_key(r, e->key, e->key_from, e->key_var);
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
		take_pool_key(r, &e);
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
		if (host_matches(r->base_url, gated[i][0]) && take_env_key(ctx, set, r, gated[i][1], false)) {
			qw_request_step(r, "Hermes falls back to %s, the variable it reads for host %s", gated[i][1],
					gated[i][0]);
			return true;
		}
	qw_url u;
	qw_url_parse(r->base_url ? r->base_url : "", &u);
	char *label = qw_host_label(u.host);
	char *var = label ? qw_xprintf("%s_API_KEY", label) : NULL;
	bool got = var && take_env_key(ctx, set, r, var, false);
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
		if ((!guarded && take_env_key(ctx, set, r, "OPENROUTER_API_KEY", false)) ||
		    take_env_key(ctx, set, r, "OPENAI_API_KEY", false))
			qw_request_step(r, "the URL is OpenRouter's: Hermes sends %s", r->key_var);
		return;
	}
	if (!use_cfg && in->api_key && qw_node_str(in->api_key) && *qw_node_str(in->api_key))
		qw_request_step(r, "model.api_key is not read: Hermes sends it only to the URL of model.base_url "
				   "(_resolve_openrouter_runtime, #1760), and that is not the URL here");
	if (use_cfg && in->api_key) {
		qw_origin o = {0};
		const qw_envvar *via = NULL;
		char *k = config_value(set, in->api_key, "model.api_key", &o, &via);
		if (k && !qw_kb_hermes_no_key(ctx->kb, k)) {
			set_key_stripped(r, k, o, via ? via->key : NULL);
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
static void
openrouter_runtime(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in, const char *requested_norm,
		   const char *cfg_provider)
{
	r->simulated = true;
	char *cfg_url = cfg_str(set, in->base_url);
	bool use_cfg = false;
	if (*cfg_url) {
		if (!strcmp(requested_norm, "auto"))
			use_cfg = !*cfg_provider || !strcmp(cfg_provider, "auto");
		else if (!strcmp(requested_norm, "custom")) {
			/* _config_base_url_trustworthy_for_bare_custom */
			qw_url u;
			qw_url_parse(cfg_url, &u);
			use_cfg = !strcmp(cfg_provider, "custom") || qw_kb_is_custom_alias(ctx->kb, cfg_provider) ||
				  (!host_matches(cfg_url, "openrouter.ai") &&
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
		set_base(r, qw_envvar_environ(cb), origin_env(set, cb, cb->value_span));
	else if (use_cfg) {
		qw_origin o = {0};
		char *u = config_value(set, in->base_url, "model.base_url", &o, NULL);
		set_base(r, cfg_url, o);
		free(u);
	} else if (ob)
		set_base(r, qw_envvar_environ(ob), origin_env(set, ob, ob->value_span));
	else
		set_base(r, orp && orp->default_base_url ? orp->default_base_url : "https://openrouter.ai/api/v1",
			 origin_text(qw_xstrdup("OpenRouter's default URL")));
	bool is_or = host_matches(r->base_url, "openrouter.ai");
	bool or_context = is_or ||
			  (!strcmp(requested_norm, "openrouter") && ob && !strcmp(r->base_url, qw_envvar_environ(ob)));
	bool custom = !strcmp(requested_norm, "custom");
	free(r->provider);
	r->provider = qw_xstrdup(custom ? "custom" : "openrouter");
	r->custom = !or_context;
	trace_url(ctx, r);
	if (!custom && !is_or)
		qw_request_step(r, "Hermes labels this endpoint \"openrouter\" (provider is %s, not custom)", requested_norm);
	openrouter_key(ctx, set, r, in, or_context, use_cfg);
	const char *cm = parse_api_mode(qw_node_str(in->api_mode));
	const char *dm = url_api_mode(r->base_url);
	if (custom && *r->base_url) {
		char *saved = r->key ? qw_xstrdup(r->key) : NULL;
		if (custom_pool(ctx, set, r, strcmp(requested_norm, "custom") ? requested_norm : NULL)) {
			free(saved);
			trace_key(ctx, r);
			r->api_mode = qw_xstrdup(cm ? cm : dm ? dm : "chat_completions");
			free(cfg_url);
			return;
		}
		free(saved);
	}
	if (custom && !r->key && !is_or)
		r->no_key_required = true;
	trace_key(ctx, r);
	if (custom && cm && !strcmp(cm, "codex_responses") && (!dm || strcmp(dm, "codex_responses"))) {
		qw_request_step(r, "model.api_mode codex_responses is dropped: Hermes keeps it for a custom endpoint only on "
				   "api.openai.com or api.x.ai (_resolve_plain_custom_api_mode)");
		cm = NULL;
	}
	r->api_mode = qw_xstrdup(cm ? cm : dm ? dm : "chat_completions");
	free(cfg_url);
}

/* A providers:/custom_providers: entry the name selects (_get_named_custom_provider), NULL when none. */
typedef struct named_cp {
	const qw_node *entry;
	const qw_node *base_url, *api_key, *key_env, *api_mode;
	char *name;
	/* the entry's name as _get_named_custom_provider returns it, which names its credential pool: a
	 * providers: entry's `name` field when it has one (any value), else its key; custom_providers: its name.
	 * NULL: a falsy name (the pool is then found by base URL only) */
	const char *pool_name;
	bool dict; /* providers: (key_env before api_key) rather than custom_providers: */
} named_cp;

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

static bool
find_named(qw_ctx *ctx, qw_set *set, const char *requested, named_cp *out)
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
static void
named_runtime(qw_ctx *ctx, qw_set *set, qw_request *r, const named_cp *cp)
{
	r->simulated = true;
	r->custom = true;
	free(r->provider);
	r->provider = qw_xstrdup("custom");
	qw_request_step(r, "model.provider names %s: Hermes sends to its base URL with its key", cp->name);
	qw_origin o = {0};
	char *what = qw_xprintf("%s.base_url", cp->name);
	char *url = config_value(set, cp->base_url, what, &o, NULL);
	free(what);
	size_t n;
	const char *t = qw_trim(url, &n);
	char *u = qw_xstrndup(t, n);
	set_base(r, u, o);
	free(u);
	free(url);
	trace_url(ctx, r);
	const char *am = parse_api_mode(qw_node_str(cp->api_mode));
	const char *dm = url_api_mode(r->base_url);
	if (custom_pool(ctx, set, r, cp->pool_name)) {
		trace_key(ctx, r);
		r->api_mode = qw_xstrdup(am ? am : dm ? dm : "chat_completions");
		return;
	}
	/* the key: providers: resolves key_env first, custom_providers: the inline api_key first */
	const char *ke = qw_node_str(cp->key_env);
	bool got = false;
	for (int pass = 0; pass < 2 && !got; pass++) {
		bool env_pass = cp->dict ? pass == 0 : pass == 1;
		if (env_pass) {
			if (ke && *ke && !(got = take_env_key(ctx, set, r, ke, false)) && !qw_model_env(set, ke)) {
				qw_request_step(r, "key_env names %s, which .env does not set (it may come from the environment)",
						ke);
				r->key_env_elsewhere = true;
			}
		} else if (cp->api_key && qw_node_str(cp->api_key)) {
			qw_origin ko = {0};
			const qw_envvar *via = NULL;
			char *kw = qw_xprintf("%s.api_key", cp->name);
			char *k = config_value(set, cp->api_key, kw, &ko, &via);
			free(kw);
			if (k && !qw_kb_hermes_no_key(ctx->kb, k)) {
				set_key_stripped(r, k, ko, via ? via->key : NULL);
				got = true;
			} else {
				qw_origin_free(&ko);
			}
			free(k);
		}
	}
	if (!got && !host_key(ctx, set, r, false))
		r->no_key_required = true;
	trace_key(ctx, r);
	r->api_mode = qw_xstrdup(am ? am : dm ? dm : "chat_completions");
}

/* Providers Hermes resolves by OAuth, an external process or AWS: named, not simulated. */
static bool
not_simulated(qw_request *r, const qw_provider *p)
{
	if (p && p->auth == QW_AUTH_API_KEY)
		return false;
	qw_request_step(r, "%s authenticates with %s; qwlint does not simulate it", r->provider,
			!p ? "its own mechanism" : p->auth == QW_AUTH_OAUTH ? "an OAuth login"
			: p->auth == QW_AUTH_AWS ? "the AWS credential chain" : "an external credential");
	return true;
}

/* resolve_provider("auto") (hermes_cli/auth.py): the id it picks, NULL after refusing; "" for an OAuth/AWS
 * answer qwlint does not simulate (the request's provider is then set). */
static const char *
auto_detect(qw_ctx *ctx, qw_set *set, qw_request *r)
{
	r->via_auto = true;
	const char *or_vars[] = {"OPENAI_API_KEY", "OPENROUTER_API_KEY"};
	for (int i = 0; i < 2; i++) {
		const qw_envvar *v = qw_model_env(set, or_vars[i]);
		if (v && !qw_kb_hermes_no_key(ctx->kb, qw_envvar_environ(v))) {
			char *w = where(set->env, v->key_span);
			qw_request_step(r, "auto-detection: %s is set (%s), so Hermes picks openrouter before any other provider",
					or_vars[i], w);
			free(w);
			return "openrouter";
		}
	}
	qw_pool_entry pe = {0};
	bool orpool = qw_pool_select(ctx->kb, set, "openrouter", time(NULL), false, NULL, &pe);
	qw_pool_entry_free(&pe);
	r->or_pool_loaded = true;
	if (orpool) {
		qw_request_step(r, "auto-detection: auth.json has an openrouter credential pool, so Hermes picks openrouter");
		return "openrouter";
	}
	size_t n;
	const qw_provider *all = qw_kb_providers(ctx->kb, &n);
	for (size_t i = 0; i < n; i++) {
		const qw_provider *p = &all[i];
		/* GitHub tokens and LM Studio's key do not select a provider (they need an explicit choice) */
		if (p->auth != QW_AUTH_API_KEY || !p->auto_detect || !strcmp(p->id, "copilot") || !strcmp(p->id, "lmstudio"))
			continue;
		for (size_t j = 0; j < p->nkey_env; j++) {
			const qw_envvar *v = qw_model_env(set, p->key_env[j]);
			if (!v || qw_kb_hermes_no_key(ctx->kb, qw_envvar_environ(v)))
				continue;
			char *w = where(set->env, v->key_span);
			qw_buf later = {0};
			for (size_t k = i + 1; k < n; k++)
				for (size_t m = 0; m < all[k].nkey_env; m++)
					if (all[k].auto_detect && !strcmp(all[k].key_env[m], p->key_env[j]))
						qw_buf_printf(&later, "%s%s", later.len ? ", " : "", all[k].id);
			qw_request_step(r,
					"auto-detection: %s (%s) holds a key, and %s is the first provider in Hermes's registry "
					"order that reads it%s%s%s",
					p->key_env[j], w, p->id, later.len ? " (" : "", later.len ? later.data : "",
					later.len ? " also reads it, but comes later)" : "");
			qw_buf_free(&later);
			free(w);
			return p->id;
		}
	}
	const char *ap = set->auth_doc ? qw_map_str(set->auth_doc->root, "active_provider") : NULL;
	const qw_provider *app = ap ? qw_kb_provider(ctx->kb, ap) : NULL;
	/* counted only while its login is valid (get_auth_status(...).logged_in): qwlint takes a stored token in
	 * auth.json's providers.<id> for one */
	const qw_node *pst = ap && set->auth_doc ? qw_map_get(qw_map_get(set->auth_doc->root, "providers"), ap) : NULL;
	bool logged_in = pst && pst->type == QW_NODE_MAP &&
			 (qw_map_get(pst, "access_token") || qw_map_get(pst, "tokens") || qw_map_get(pst, "agent_key"));
	if (app && !logged_in && !strcmp(app->id, ap) && app->auth == QW_AUTH_OAUTH)
		qw_request_step(r, "auth.json's active_provider is %s, but auth.json holds no login for it: Hermes skips it",
				ap);
	if (app && logged_in && !strcmp(app->id, ap) && app->auth == QW_AUTH_OAUTH) {
		qw_request_step(r, "auto-detection: no provider key in .env; auth.json's active_provider is %s (used if its "
				   "login is valid)", ap);
		free(r->provider);
		r->provider = qw_xstrdup(ap);
		r->prov = app;
		not_simulated(r, app);
		return "";
	}
	if (qw_model_env(set, "AWS_ACCESS_KEY_ID") || qw_model_env(set, "AWS_PROFILE")) {
		free(r->provider);
		r->provider = qw_xstrdup("bedrock");
		r->prov = qw_kb_provider(ctx->kb, "bedrock");
		qw_request_step(r, "auto-detection: no provider key in .env, but AWS credentials are: Hermes picks bedrock");
		not_simulated(r, r->prov);
		return "";
	}
	refuse(r, "AuthError",
	       qw_xstrdup("No inference provider configured. Run 'hermes model' to choose a provider and model, or set an "
			  "API key (OPENROUTER_API_KEY, OPENAI_API_KEY, etc.) in ~/.hermes/.env."));
	return NULL;
}

/* The api_mode of a built-in provider's request: a valid model.api_mode when model.provider is this provider (or
 * unset), else the one the URL implies, else chat_completions (resolve_runtime_provider's API-key branch and
 * _resolve_runtime_from_pool_entry). */
static void
builtin_api_mode(qw_request *r, const req_in *in, const qw_provider *p, const char *cfg_provider)
{
	const char *mode = "chat_completions";
	const char *cm = parse_api_mode(qw_node_str(in->api_mode));
	if (p->nmam || p->model_api_mode_default) {
		/* the mode follows the model id (opencode_model_api_mode): "<id>/" dropped, lower-cased */
		const char *m = qw_node_str(in->model) ? qw_node_str(in->model) : "";
		size_t n;
		const char *t = qw_trim(m, &n);
		char *raw = qw_xstrndup(t, n), *id = qw_lower(raw);
		free(raw);
		size_t pl = strlen(p->id);
		const char *bare = !strncmp(id, p->id, pl) && id[pl] == '/' ? id + pl + 1 : id;
		mode = p->model_api_mode_default ? p->model_api_mode_default : "chat_completions";
		for (size_t i = 0; i < p->nmam; i++)
			if (*bare && qw_startswith(bare, p->mam_prefix[i])) {
				mode = p->mam_mode[i];
				break;
			}
		if (!*bare)
			mode = "chat_completions";
		qw_request_step(r, "%s's api_mode follows the model: %s (hermes_cli/models.py:opencode_model_api_mode)",
				p->id, mode);
		r->api_mode = qw_xstrdup(mode);
		free(id);
		/* normalize_opencode_base_url: /v1 off for anthropic_messages, on for the others on its own host */
		if (p->v1_by_mode_host && r->base_url) {
			char *u = qw_xstrdup(r->base_url);
			size_t ul = strlen(u);
			while (ul && u[ul - 1] == '/')
				u[--ul] = '\0';
			qw_url pu;
			qw_url_parse(u, &pu);
			bool own = !strcmp(pu.host, p->v1_by_mode_host) ||
				   (qw_endswith(pu.host, p->v1_by_mode_host) &&
				    pu.host[strlen(pu.host) - strlen(p->v1_by_mode_host) - 1] == '.');
			qw_url_free(&pu);
			char *nu = NULL;
			if (!strcmp(mode, "anthropic_messages") && qw_endswith(u, "/v1"))
				nu = qw_xstrndup(u, ul - 3);
			else if (strcmp(mode, "anthropic_messages") && !qw_endswith(u, "/v1") && own)
				nu = qw_xprintf("%s/v1", u);
			if (nu) {
				free(r->base_url);
				r->base_url = nu;
				free(r->shown_url);
				r->shown_url = qw_url_shown(nu);
				qw_request_step(r, "Hermes sends to %s for this api_mode (normalize_opencode_base_url)",
						r->shown_url);
			}
			free(u);
		}
		return;
	}
	if (p->api_mode)
		mode = p->api_mode;
	else if (cm && (!*cfg_provider || !strcmp(cfg_provider, p->id)))
		mode = cm;
	else {
		if (cm)
			qw_request_step(r, "model.api_mode %s is ignored: it was saved for provider \"%s\", not %s", cm,
					cfg_provider, p->id);
		const char *dm = url_api_mode(r->base_url);
		if (dm)
			mode = dm;
	}
	r->api_mode = qw_xstrdup(mode);
}

/* copilot_auth.resolve_copilot_token: the key variables from os.environ, stripped; the first non-empty one
 * whose value has no rejected prefix (a classic PAT) is the token, usable or not (has_usable_secret comes after,
 * in resolve_runtime_provider). No token: Hermes asks `gh auth token`, an external process qwlint does not run. */
static void
environ_token(qw_ctx *ctx, qw_set *set, qw_request *r, const qw_provider *p)
{
	for (size_t i = 0; i < p->nkey_env; i++) {
		const qw_envvar *v = qw_model_env(set, p->key_env[i]);
		size_t n;
		const char *t = v ? qw_trim(qw_envvar_environ(v), &n) : NULL;
		if (!t || !n)
			continue;
		const char *rejected = NULL;
		for (size_t k = 0; k < p->nrejected_key_prefixes && !rejected; k++)
			if (qw_startswith(t, p->rejected_key_prefixes[k]))
				rejected = p->rejected_key_prefixes[k];
		if (rejected) {
			char *w = where(set->env, v->key_span);
			qw_request_step(r, "%s (%s) starts with %s, a token form Hermes refuses for %s: it tries the next "
					   "variable", p->key_env[i], w, rejected, p->id);
			free(w);
			continue;
		}
		if (qw_kb_hermes_no_key(ctx->kb, t)) {
			qw_request_step(r, "%s holds a placeholder: Hermes takes it as the %s token, then refuses it as no "
					   "usable secret", p->key_env[i], p->id);
			return;
		}
		set_key_stripped(r, qw_envvar_environ(v), origin_env(set, v, v->value_span), v->key);
		return;
	}
	qw_request_step(r, "no usable token in .env for %s%s%s", p->id, p->key_fallback ? ": " : "",
			p->key_fallback ? p->key_fallback : "");
}

/* An API-key provider of the registry (resolve_api_key_provider_credentials, then the branch of
 * resolve_runtime_provider that follows it), after the pool had nothing. */
static void
api_key_runtime(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in, const qw_provider *p,
		const char *cfg_provider)
{
	r->simulated = true;
	/* 0. model.key_env names the variable (newer Hermes, PR #106390) */
	const char *ke = qw_node_str(in->key_env);
	if (ke && *ke && qw_kb_hermes_feature(ctx->kb, "model_key_env_builtin") && take_env_key(ctx, set, r, ke, true))
		qw_request_step(r, "model.key_env names %s: Hermes %s reads it before %s's own variables", ke,
				qw_kb_hermes_version(ctx->kb), p->id);
	/* 1. the key variables, .env's own reading first (get_env_value_prefer_dotenv); copilot: its own reader */
	if (p->key_from_environ)
		environ_token(ctx, set, r, p);
	for (size_t i = 0; i < p->nkey_env && !r->key && !p->key_from_environ; i++)
		take_env_key(ctx, set, r, p->key_env[i], true);
	/* 2. the pool's first available entry (peek), e.g. a key stored with hermes auth add, if usable */
	if (!r->key && !p->key_from_environ) {
		qw_pool_entry e = {0};
		/* the pool step (pool_runtime) has loaded this pool already: this is a reload */
		if (qw_pool_peek(ctx->kb, set, p->id, time(NULL), true, NULL, &e) && e.key &&
		    !qw_kb_hermes_no_key(ctx->kb, e.key)) {
			qw_request_step(r, "no key variable is set: Hermes takes the credential pool's first entry for %s",
					p->id);
			size_t n;
			const char *t = qw_trim(e.key, &n);
			char *k = qw_xstrndup(t, n);
			free(e.key);
			e.key = k;
			take_pool_key(r, &e);
		}
		qw_pool_entry_free(&e);
	}
	if (!r->key && p->no_key_sends) {
		qw_request_step(r, "no %s key: Hermes sends its no-auth placeholder \"%s\"", p->id, p->no_key_sends);
		set_key(r, p->no_key_sends, origin_text(qw_xprintf("%s's no-auth placeholder", p->id)), NULL);
	}
	if (r->key && p->key_exchange)
		qw_request_step(r, "%s", p->key_exchange);
	if (!r->key && !r->no_key_required) {
		/* Hermes stops here unless the environment it starts in exports a key qwlint cannot see; the URL and
		 * api_mode below are what it would use then (the rules still check them) */
		qw_buf names = {0};
		for (size_t i = 0; i < p->nkey_env; i++)
			qw_buf_printf(&names, "%s%s", i ? ", " : "", p->key_env[i]);
		refuse(r, "AuthError", qw_xprintf("No usable credentials found for provider '%s'.%s%s%s", p->id,
						  names.len ? " Set " : "", names.len ? names.data : "", names.len ? "." : ""));
		qw_buf_free(&names);
		qw_request_step(r, "no key in .env or auth.json (one exported by the environment that starts Hermes would "
				   "count); with one, the request would go as follows");
		const qw_node *root = set->config_doc ? set->config_doc->root : NULL;
		if (qw_map_get(root, "secrets"))
			qw_request_step(r, "config.yaml has a secrets: section: newer Hermes hydrates keys from an external "
					   "secret store (1Password, Bitwarden), which qwlint cannot read, so the key may "
					   "exist after all");
	}
	/* 3. the base URL: model.base_url when model.provider is this id, else <X>_BASE_URL, key-prefix routing
	 * (kimi), the default */
	char *cfg_url = cfg_str(set, in->base_url);
	const qw_envvar *bv = p->base_url_env ? qw_model_env(set, p->base_url_env) : NULL;
	if (*cfg_url && !strcmp(cfg_provider, p->id)) {
		qw_origin o = {0};
		char *u = config_value(set, in->base_url, "model.base_url", &o, NULL);
		set_base(r, cfg_url, o);
		free(u);
	} else {
		if (*cfg_url) {
			qw_request_step(r, "model.base_url is ignored: Hermes honours it only when model.provider is the "
					   "canonical id \"%s\" (cfg_provider == provider)", p->id);
			r->url_ignored = origin_node(set->config, in->base_url, "model.base_url");
		}
		if (bv)
			set_base(r, qw_envvar_environ(bv), origin_env(set, bv, bv->value_span));
		else if (p->kp_prefix && r->key && qw_startswith(r->key, p->kp_prefix))
			set_base(r, p->kp_base_url,
				 origin_text(qw_xprintf("key-prefix routing: %s keys go there", p->kp_prefix)));
		else if (p->default_base_url)
			set_base(r, p->default_base_url,
				 origin_text(qw_xprintf("its default base URL; %s is not set",
							p->base_url_env ? p->base_url_env : "no base-URL variable")));
	}
	free(cfg_url);
	normalise_url(r, p);
	if (r->base_url)
		trace_url(ctx, r);
	else
		qw_request_step(r, "%s has no base URL: set %s", p->id, p->base_url_env ? p->base_url_env : "one");
	trace_key(ctx, r);
	builtin_api_mode(r, in, p, cfg_provider);
}

/* anthropic's branch: model.base_url only when model.provider is anthropic and the URL speaks its protocol; the
 * key from ANTHROPIC_TOKEN, then ANTHROPIC_API_KEY (agent/anthropic_adapter.py:resolve_anthropic_token). */
static void
anthropic_runtime(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in, const qw_provider *p,
		  const char *cfg_provider)
{
	r->simulated = true;
	char *cfg_url = cfg_str(set, in->base_url);
	bool ok = false;
	if (*cfg_url && !strcmp(cfg_provider, "anthropic")) {
		qw_url u;
		qw_url_parse(cfg_url, &u);
		ok = qw_provider_cfg_url_host(p, u.host) || (url_api_mode(cfg_url) &&
							 !strcmp(url_api_mode(cfg_url), "anthropic_messages"));
		qw_url_free(&u);
		if (!ok) {
			char *shown = qw_url_shown(cfg_url);
			qw_request_step(r, "model.base_url %s is ignored: anthropic takes it only for an endpoint that speaks "
					   "its protocol (%s)", shown, p->cfg_url_source ? p->cfg_url_source : p->source);
			free(shown);
			r->url_ignored = origin_node(set->config, in->base_url, "model.base_url");
		}
	}
	if (ok) {
		qw_origin o = {0};
		char *u = config_value(set, in->base_url, "model.base_url", &o, NULL);
		size_t n = strlen(cfg_url);
		while (n && cfg_url[n - 1] == '/')
			cfg_url[--n] = '\0';
		set_base(r, cfg_url, o);
		free(u);
	} else {
		set_base(r, "https://api.anthropic.com", origin_text(qw_xstrdup("anthropic's fixed URL")));
	}
	free(cfg_url);
	trace_url(ctx, r);
	/* resolve_anthropic_token: the first non-empty of ANTHROPIC_TOKEN, CLAUDE_CODE_OAUTH_TOKEN, (Claude Code's
	 * credentials file, the pool: not read here), ANTHROPIC_API_KEY - no placeholder check */
	static const char *const tok_vars[] = {"ANTHROPIC_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_API_KEY"};
	for (size_t i = 0; i < 3 && !r->key; i++) {
		const qw_envvar *v = qw_model_env(set, tok_vars[i]);
		size_t n;
		if (v && (qw_trim(qw_envvar_environ(v), &n), n))
			set_key_stripped(r, qw_envvar_environ(v), origin_env(set, v, v->value_span), v->key);
	}
	if (!r->key)
		refuse(r, "AuthError", qw_xstrdup("No Anthropic credentials found. Set ANTHROPIC_TOKEN or ANTHROPIC_API_KEY, "
						  "run 'claude setup-token', or authenticate with 'claude /login'."));
	else
		trace_key(ctx, r);
	r->api_mode = qw_xstrdup("anthropic_messages");
}

/* Where a pool entry's base URL was written: <X>_BASE_URL's .env line for an entry seeded from .env, the entry's
 * base_url in auth.json for a stored one, nowhere (a sentence) for the registry default. */
static qw_origin
pool_url_origin(const qw_set *set, const qw_provider *p, const qw_pool_entry *e, const char *url)
{
	/* a stored entry: the base_url beside the token the entry's key came from */
	for (const qw_set *s = set; s && e->key_from.src; s = s->root) {
		if (s->auth != e->key_from.src || !s->auth_doc)
			continue;
		const qw_node *l = qw_map_get(qw_map_get(s->auth_doc->root, "credential_pool"), p->id);
		for (size_t i = 0; l && l->type == QW_NODE_SEQ && i < l->nitems; i++) {
			const qw_node *it = l->items[i];
			const qw_pair *tok = it && it->type == QW_NODE_MAP ? qw_map_pair(it, "access_token") : NULL;
			const qw_pair *bu = tok ? qw_map_pair(it, "base_url") : NULL;
			if (bu && tok->value->span.start == e->key_from.span.start)
				return (qw_origin){s->auth, bu->value->span, qw_xstrdup("the pool entry's base_url")};
		}
	}
	if (e->source && qw_startswith(e->source, "env:") && p->base_url_env) {
		const qw_envvar *v = set->dotenv ? qw_dotenv_get(set->dotenv, p->base_url_env) : NULL;
		size_t n;
		const char *t = v && v->hermes_value ? qw_trim(v->hermes_value, &n) : NULL;
		if (t && n && !strncmp(t, url, n))
			return origin_env(set, v, v->value_span);
	}
	if (p->default_base_url && !strcmp(url, p->default_base_url))
		return origin_text(qw_xprintf("its default base URL, which the pool entry (%s) holds",
					      e->source ? e->source : "pool"));
	return origin_text(qw_xprintf("the pool entry's base URL (%s)", e->source ? e->source : "pool"));
}

/* The credential pool's entry Hermes uses before the key variables (resolve_runtime_provider's pool step, then
 * _resolve_runtime_from_pool_entry); true when it decided the request. */
static bool
pool_runtime(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in, const qw_provider *p,
	     const char *cfg_provider, const char *requested)
{
	bool openrouter = !strcmp(p->id, "openrouter");
	if (openrouter) {
		/* openrouter uses its pool only as requested (openrouter or auto) and with no custom endpoint */
		char *cfg_url = cfg_str(set, in->base_url);
		/* model.base_url counts only beside a model.provider written auto or custom: unset is not "auto" here */
		bool custom_ep = qw_model_env(set, "OPENAI_BASE_URL") || qw_model_env(set, "OPENROUTER_BASE_URL") ||
				 (*cfg_url && (!strcmp(cfg_provider, "auto") || !strcmp(cfg_provider, "custom")));
		free(cfg_url);
		if ((strcmp(requested, "openrouter") && strcmp(requested, "auto")) || custom_ep)
			return false;
	}
	qw_pool_entry e = {0};
	/* auto-detection loaded the openrouter pool already (and Hermes wrote it back): this is a reload */
	bool reloaded = openrouter && r->or_pool_loaded;
	if (!qw_pool_select(ctx->kb, set, p->id, time(NULL), reloaded, r, &e))
		return false;
	const char *eb = e.base_url ? e.base_url : "";
	if (!e.key || !*e.key || !qw_pool_matches_provider(set, p->id, p->id, eb)) {
		qw_pool_entry_free(&e);
		return false;
	}
	r->simulated = true;
	qw_request_step(r, "Hermes takes the key from the credential pool for %s (entry %s%s%s)", p->id,
			e.source ? e.source : "?", e.label ? ", " : "", e.label ? e.label : "");
	char *cfg_url = cfg_str(set, in->base_url);
	size_t n = strlen(cfg_url);
	while (n && cfg_url[n - 1] == '/')
		cfg_url[--n] = '\0';
	const char *mode = NULL;
	if (!strcmp(p->id, "anthropic")) {
		mode = "anthropic_messages";
		bool ok = false;
		if (*cfg_url && !strcmp(cfg_provider, "anthropic")) {
			qw_url u;
			qw_url_parse(cfg_url, &u);
			const char *dm = url_api_mode(cfg_url);
			ok = qw_provider_cfg_url_host(p, u.host) || (dm && !strcmp(dm, "anthropic_messages"));
			qw_url_free(&u);
		}
		if (ok)
			set_base(r, cfg_url, origin_node(set->config, in->base_url, "model.base_url"));
		else if (*eb)
			set_base(r, eb, pool_url_origin(set, p, &e, eb));
		else
			set_base(r, "https://api.anthropic.com", origin_text(qw_xstrdup("anthropic's fixed URL")));
	} else if (openrouter) {
		/* _resolve_runtime_from_pool_entry's openrouter branch: the entry's URL or the default, never
		 * model.base_url, and chat_completions whatever model.api_mode says */
		mode = "chat_completions";
		if (*cfg_url)
			qw_request_step(r, "model.base_url is ignored: an openrouter pool entry keeps its own URL");
		if (*eb)
			set_base(r, eb, pool_url_origin(set, p, &e, eb));
		else
			set_base(r, p->default_base_url, origin_text(qw_xstrdup("OpenRouter's default URL")));
	} else {
		size_t el = strlen(eb);
		while (el && eb[el - 1] == '/')
			el--;
		char *base = qw_xstrndup(eb, el);
		bool is_default = p->default_base_url && !strncmp(base, p->default_base_url, el) &&
				  strlen(p->default_base_url) - el <= 1;
		/* only the generic branch of _resolve_runtime_from_pool_entry reads model.base_url: xai and copilot
		 * keep the entry's URL (or the default) */
		bool generic = strcmp(p->id, "xai") && strcmp(p->id, "copilot");
		/* an entry without base_url: copilot's branch falls back to the registry default, and lmstudio's URL
		 * normalisation turns "" into its default; every other provider keeps "" */
		if (!*base && p->default_base_url &&
		    (!strcmp(p->id, "copilot") || p->nurl_strip_suffixes || p->url_add_suffix)) {
			free(base);
			base = qw_xstrdup(p->default_base_url);
		}
		if (generic && !strcmp(cfg_provider, p->id) && is_default && *cfg_url) {
			set_base(r, cfg_url, origin_node(set->config, in->base_url, "model.base_url"));
			qw_request_step(r, "the pool entry holds %s's default URL, so model.base_url replaces it", p->id);
		} else if (!*base) {
			/* _resolve_runtime_from_pool_entry takes the entry's base_url as it is: none gives "" */
			qw_request_step(r, "the pool entry holds no base_url: Hermes hands its client an empty base URL "
					   "(model.base_url and %s are not read for a pool entry)",
					p->base_url_env ? p->base_url_env : "the base-URL variable");
		} else if (*base || !openrouter) {
			if (*cfg_url && !strcmp(cfg_provider, p->id)) {
				qw_request_step(r, "model.base_url is ignored: the pool entry's own URL wins");
			} else if (*cfg_url) {
				qw_request_step(r, "model.base_url is ignored: Hermes honours it only when model.provider is "
						   "the canonical id \"%s\" (cfg_provider == provider)", p->id);
				r->url_ignored = origin_node(set->config, in->base_url, "model.base_url");
			}
			set_base(r, base, pool_url_origin(set, p, &e, base));
		} else {
			set_base(r, p->default_base_url, origin_text(qw_xstrdup("OpenRouter's default URL")));
		}
		free(base);
	}
	free(cfg_url);
	take_pool_key(r, &e);
	qw_pool_entry_free(&e);
	normalise_url(r, p);
	if (r->base_url && *r->base_url)
		trace_url(ctx, r);
	trace_key(ctx, r);
	if (!mode && p->api_mode) /* xai: always its own api_mode */
		mode = p->api_mode;
	if (!mode && p->nresp_prefixes) {
		/* _resolve_runtime_from_pool_entry's azure-foundry branch */
		mode = azure_mode(set, in, p, cfg_provider);
		if (!strcmp(mode, "anthropic_messages"))
			strip_v1(r);
	}
	if (mode)
		r->api_mode = qw_xstrdup(mode);
	else if (openrouter) {
		const char *cm = parse_api_mode(qw_node_str(in->api_mode));
		const char *dm = url_api_mode(r->base_url);
		r->api_mode = qw_xstrdup(cm ? cm : dm ? dm : "chat_completions");
	} else
		builtin_api_mode(r, in, p, cfg_provider);
	return true;
}

static void
resolve_main(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in)
{
	qw_request_step(r, "Hermes %s is modelled (%s)", qw_kb_hermes_version(ctx->kb), qw_kb_hermes_version_why(ctx->kb));
	/* resolve_requested_provider: model.provider, else HERMES_INFERENCE_PROVIDER, else auto; stripped, lower */
	char *cfg_provider = qw_lower("");
	if (in->provider && qw_node_str(in->provider)) {
		char *s = cfg_str(set, in->provider);
		free(cfg_provider);
		cfg_provider = qw_lower(s);
		free(s);
	}
	char *requested;
	if (*cfg_provider) {
		char *w = where(set->config, in->provider->span);
		qw_request_step(r, "%s: model.provider is \"%s\"", w, cfg_provider);
		free(w);
		r->provider_from = origin_node(set->config, in->provider, "model.provider");
		requested = qw_xstrdup(cfg_provider);
	} else if (qw_model_env(set, "HERMES_INFERENCE_PROVIDER")) {
		const qw_envvar *hv = qw_model_env(set, "HERMES_INFERENCE_PROVIDER");
		size_t n;
		const char *t = qw_trim(qw_envvar_environ(hv), &n);
		char *s = qw_xstrndup(t, n);
		requested = qw_lower(s);
		free(s);
		r->provider_from = origin_env(set, hv, hv->value_span);
		qw_request_step(r, "model.provider is not set; HERMES_INFERENCE_PROVIDER in .env is \"%s\"", requested);
	} else {
		requested = qw_xstrdup("auto");
		qw_request_step(r, "model.provider is not set%s, so Hermes uses provider \"auto\"",
				set->config ? " in config.yaml" : " (no config.yaml)");
	}
	if (*requested == '\0') {
		free(requested);
		requested = qw_xstrdup("auto");
	}
	if (in->api_key && qw_node_str(in->api_key))
		r->cfg_key = origin_node(set->config, in->api_key, "model.api_key");
	/* the id resolve_provider maps requested to: an alias's target, "custom", "openrouter", or NULL */
	const qw_provider *p = NULL;
	const char *canon = NULL;
	if (!strcmp(requested, "auto") || !strcmp(requested, "openrouter") || !strcmp(requested, "custom"))
		canon = requested;
	else if (qw_kb_is_custom_alias(ctx->kb, requested))
		canon = "custom";
	else if ((p = qw_kb_provider(ctx->kb, requested)) != NULL)
		canon = p->id;
	if (!strcmp(requested, "moa")) {
		r->provider = qw_xstrdup("moa");
		qw_request_step(r, "moa (mixture of agents) is not simulated");
		goto out;
	}
	if (!strcmp(requested, "azure-foundry") && p) {
		free(r->provider);
		r->provider = qw_xstrdup("azure-foundry");
		r->prov = p;
		azure_runtime(ctx, set, r, in, p, cfg_provider);
		goto out;
	}
	named_cp cp;
	if (find_named(ctx, set, requested, &cp)) {
		named_runtime(ctx, set, r, &cp);
		free(cp.name);
		goto out;
	}
	char *cfg_url = cfg_str(set, in->base_url);
	if (*cfg_url && (!*cfg_provider || !strcmp(cfg_provider, "auto"))) {
		qw_url u;
		qw_url_parse(cfg_url, &u);
		bool excluded = qw_kb_auto_bypass_excluded(ctx->kb, u.host);
		qw_url_free(&u);
		if (!excluded) {
			qw_request_step(r, "model.provider is %s and model.base_url is set to a host other than openrouter.ai, "
					   "anthropic.com or openai.com, so Hermes sends to that URL and never runs "
					   "auto-detection (#3846)", *cfg_provider ? "auto" : "not set");
			free(cfg_url);
			openrouter_runtime(ctx, set, r, in, canon && !strcmp(canon, "custom") ? "custom" : requested,
					   cfg_provider);
			goto out;
		}
		qw_request_step(r, "model.base_url is on an aggregator/first-party host, so auto-detection runs");
	}
	free(cfg_url);
	if (!canon) {
		r->provider = NULL;
		refuse(r, "AuthError", qw_xprintf("Unknown provider '%s'. Check 'hermes model' for available providers, or "
						  "run 'hermes doctor' to diagnose config issues.", requested));
		goto out;
	}
	if (p && strcmp(p->id, requested)) {
		r->alias_named = true;
		qw_request_step(r, "\"%s\" is an alias of %s", requested, p->id);
	}
	if (!strcmp(canon, "auto")) {
		canon = auto_detect(ctx, set, r);
		if (!canon || !*canon)
			goto out;
		p = qw_kb_provider(ctx->kb, canon);
	}
	if (!strcmp(canon, "openrouter")) {
		const qw_provider *orp = qw_kb_provider(ctx->kb, "openrouter");
		free(r->provider);
		r->provider = qw_xstrdup("openrouter");
		if (orp && pool_runtime(ctx, set, r, in, orp, cfg_provider, requested))
			goto out;
	}
	if (!strcmp(canon, "openrouter") || !strcmp(canon, "custom")) {
		openrouter_runtime(ctx, set, r, in, !strcmp(canon, "custom") ? "custom" : requested, cfg_provider);
		goto out;
	}
	free(r->provider);
	r->provider = qw_xstrdup(p->id);
	r->prov = p;
	if (p->late) {
		qw_request_step(r, "%s is a provider of Hermes %s whose endpoint or key handling the knowledge does not "
				   "hold; qwlint does not simulate it", p->id, qw_kb_hermes_version(ctx->kb));
		goto out;
	}
	if (pool_runtime(ctx, set, r, in, p, cfg_provider, requested))
		goto out;
	if (not_simulated(r, p))
		goto out;
	if (!strcmp(p->id, "anthropic"))
		anthropic_runtime(ctx, set, r, in, p, cfg_provider);
	else
		api_key_runtime(ctx, set, r, in, p, cfg_provider);
out:
	/* model.default (model.model when default is empty), as the agent reads it */
	if (in->model && qw_node_str(in->model)) {
		r->model = config_value(set, in->model, "model.default", &r->model_from, NULL);
		qw_request_model_sent(ctx->kb, r, NULL);
	}
	free(requested);
	free(cfg_provider);
}

static void
resolve(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in)
{
	const qw_envvar *pv = NULL;
	qw_origin po = {0};
	char *prov = in->provider ? config_value(set, in->provider, "model.provider", &po, &pv) : NULL;
	if (prov && !*prov) {
		free(prov);
		prov = NULL;
		qw_origin_free(&po);
	}
	if (prov) {
		char *w = where(set->config, in->provider->span);
		qw_request_step(r, "%s: %s is \"%s\"", w, in->is_main ? "model.provider" : "provider", prov);
		free(w);
		r->provider_from = po;
	} else if (in->is_main) {
		const qw_envvar *hv = qw_model_env(set, "HERMES_INFERENCE_PROVIDER");
		if (hv) {
			prov = qw_xstrdup(qw_envvar_environ(hv));
			r->provider_from = origin_env(set, hv, hv->value_span);
			qw_request_step(r, "model.provider is not set; HERMES_INFERENCE_PROVIDER in .env is \"%s\"", prov);
		} else {
			qw_request_step(r, "model.provider is not set%s, so Hermes uses provider \"auto\"",
			       set->config ? " in config.yaml" : " (no config.yaml)");
		}
	}
	if (in->api_key && qw_node_str(in->api_key))
		r->cfg_key = origin_node(set->config, in->api_key, "model.api_key");
	size_t lpn; /* resolve_requested_provider: stripped, lower-cased */
	const char *lps = prov ? qw_trim(prov, &lpn) : "auto";
	char *lp = qw_xstrndup(lps, prov ? lpn : 4);
	for (char *q = lp; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	free(prov);
	const qw_provider *p = NULL;
	if (!strcmp(lp, "auto")) {
		qw_origin o = {0};
		char *url = in->base_url ? config_value(set, in->base_url, "model.base_url", &o, NULL) : NULL;
		if (url && *url) {
			qw_url u;
			qw_url_parse(url, &u);
			bool excluded = qw_kb_auto_bypass_excluded(ctx->kb, u.host);
			qw_url_free(&u);
			qw_origin_free(&o);
			if (!excluded) {
				resolve_custom(ctx, set, r, in,
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
		resolve_custom(ctx, set, r, in,
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
		r->model = config_value(set, in->model, "model.default", &r->model_from, NULL);
		qw_request_model_sent(ctx->kb, r, in->is_main ? NULL : qw_node_str(in->provider));
	}
	if (r->base_url) {
		const char *am = qw_node_str(in->api_mode);
		/* a provider with a fixed api_mode (anthropic: the native Messages API) ignores model.api_mode */
		if (r->prov && r->prov->api_mode)
			am = r->prov->api_mode;
		r->api_mode = qw_xstrdup(am ? am : detect_api_mode(r->base_url));
	}
}

static qw_request *
new_request(qw_set *set, const char *role)
{
	qw_grow((void **)&set->reqs, set->nreqs, &set->reqs_cap, sizeof(qw_request));
	qw_request *r = &set->reqs[set->nreqs++];
	memset(r, 0, sizeof(*r));
	r->role = qw_xstrdup(role);
	return r;
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
	resolve_main(ctx, set, new_request(set, "model"), &in);

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
		resolve(ctx, set, new_request(set, role), &fi);
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
		resolve_custom(ctx, set, r, &ci, "a named custom provider: its own base_url and key");
		free(r->provider);
		r->provider = qw_xprintf("custom:%s", name);
		if (r->base_url)
			r->api_mode = qw_xstrdup(qw_node_str(ci.api_mode) ? qw_node_str(ci.api_mode)
									 : detect_api_mode(r->base_url));
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
		resolve_custom(ctx, set, r, &ci, why);
		free(why);
		free(r->provider);
		r->provider = qw_xprintf("custom:%s", name);
		/* the entry's own api_mode, else the one its URL implies (_detect_api_mode_for_url) */
		if (r->base_url)
			r->api_mode = qw_xstrdup(qw_node_str(ci.api_mode) ? qw_node_str(ci.api_mode)
									 : detect_api_mode(r->base_url));
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
