/*
 * model.c - Hermes's resolution, step by step. Every branch cites the function it mirrors; the facts and their
 * line numbers are in ../shared/knowledge/hermes.md (commit in rules/hermes-providers.yaml).
 *
 * What is NOT simulated, on purpose: the shell environment (Hermes's .env overrides it, and a linter whose verdict
 * changes with the caller's shell is useless in CI), the --provider CLI flag, the AWS credential chain, OAuth
 * logins, plugins in the user's home, and the managed scope in /etc/hermes.
 */
#include "model.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

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
	return v && v->env_value && *v->env_value ? v : NULL;
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
				const qw_envvar *v = qw_model_env(set, name);
				free(name);
				if (v) {
					qw_buf_adds(&b, v->env_value);
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
		set_base(r, bv->env_value, origin_env(set, bv, bv->value_span));
		return true;
	}
	if (!use_config || !in->base_url)
		return false;
	qw_origin o;
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
	qw_origin o;
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
		if (v && !qw_kb_hermes_no_key(ctx->kb, v->env_value)) {
			set_key(r, v->env_value, origin_env(set, v, v->value_span), v->key);
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
	if (v && !qw_kb_hermes_no_key(ctx->kb, v->env_value)) {
		qw_request_step(r, "no model.api_key: Hermes falls back to %s, the key variable it derives from host %s", var,
		       u.host);
		set_key(r, v->env_value, origin_env(set, v, v->value_span), v->key);
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
	qw_origin o;
	char *ulabel = field_label(in, "base_url");
	char *url = in->base_url ? config_value(set, in->base_url, ulabel, &o, NULL) : NULL;
	free(ulabel);
	if (cb) {
		if (url) {
			qw_request_step(r, "CUSTOM_BASE_URL in .env overrides model.base_url");
			qw_origin_free(&o);
		}
		set_base(r, cb->env_value, origin_env(set, cb, cb->value_span));
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
		qw_origin o;
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
		if (kv && !qw_kb_hermes_no_key(ctx->kb, kv->env_value))
			set_key(r, kv->hermes_value, origin_env(set, kv, kv->value_span), kv->key);
	}
	if (p && !base_from_env_or_config(set, r, in, p->base_url_env, true) && p->default_base_url)
		set_base(r, p->default_base_url, origin_text(qw_xstrdup("the default of openrouter")));
	if (r->base_url)
		trace_url(ctx, r);
	trace_key(ctx, r);
}

/* resolve_provider("auto"), step by step (hermes.md §3; order changed by #29285). */
static void
resolve_auto(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in)
{
	r->via_auto = true;
	const char *or_vars[] = {"OPENAI_API_KEY", "OPENROUTER_API_KEY"};
	for (int i = 0; i < 2; i++) {
		const qw_envvar *v = qw_model_env(set, or_vars[i]);
		if (v && !qw_kb_hermes_no_key(ctx->kb, v->env_value)) {
			char *w = where(set->env, v->key_span);
			qw_request_step(r, "auto-detection: %s is set (%s), so Hermes picks openrouter before any other provider",
			       or_vars[i], w);
			free(w);
			resolve_openrouter(ctx, set, r, in);
			return;
		}
	}
	qw_source *ps;
	if (pool_entries(set, "openrouter", &ps)) {
		qw_request_step(r, "auto-detection: auth.json has an openrouter credential pool, so Hermes picks openrouter");
		r->provider = qw_xstrdup("openrouter");
		return;
	}
	size_t n;
	const qw_provider *all = qw_kb_providers(ctx->kb, &n);
	for (size_t i = 0; i < n; i++) {
		const qw_provider *p = &all[i];
		if (p->auth != QW_AUTH_API_KEY || !p->auto_detect)
			continue;
		for (size_t j = 0; j < p->nkey_env; j++) {
			const qw_envvar *v = qw_model_env(set, p->key_env[j]);
			if (!v || qw_kb_hermes_no_key(ctx->kb, v->env_value))
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
			resolve_builtin(ctx, set, r, in, p, false);
			return;
		}
	}
	const char *ap = set->auth_doc ? qw_map_str(set->auth_doc->root, "active_provider") : NULL;
	if (ap) {
		qw_request_step(r, "auto-detection: no provider key in .env; auth.json's active_provider is %s", ap);
		r->provider = qw_xstrdup(ap);
		return;
	}
	r->error = qw_xstrdup("No inference provider configured (unless the AWS credential chain reaches Bedrock)");
	qw_request_step(r, "auto-detection finds no provider key in .env: %s", r->error);
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
			prov = qw_xstrdup(hv->env_value);
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
		qw_origin o;
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
		in.model = qw_map_get(m, "default");
		if (!qw_node_str(in.model))
			in.model = qw_map_get(m, "model");
		if (!qw_node_str(in.model))
			in.model = qw_map_get(m, "name");
		in.api_mode = qw_map_get(m, "api_mode");
	} else if (m && qw_node_str(m)) {
		in.model = m; /* model: "<name>" means {default: <name>} */
	}
	/* _normalize_root_model_keys: root provider/base_url are fallbacks, never overrides. */
	if (!in.provider)
		in.provider = qw_map_get(root, "provider");
	if (!in.base_url)
		in.base_url = qw_map_get(root, "base_url");
	resolve(ctx, set, new_request(set, "model"), &in);

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
