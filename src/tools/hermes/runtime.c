/*
 * runtime.c - the main model: resolve_runtime_provider() with no arguments (hermes_cli/runtime_provider.py at
 * 306e2d2), branch by branch in Hermes's order: moa, azure-foundry, named custom providers, the auto bypass,
 * resolve_provider, auto-detection, the credential pool, anthropic's tokens, the API-key branch. Checked field by
 * field against Hermes's own code: make fidelity. Requests belong to their set.
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
	if (!strcmp(cfg_provider, "azure-foundry") && qw_hermes_parse_api_mode(qw_node_str(in->api_mode)))
		mode = qw_hermes_parse_api_mode(qw_node_str(in->api_mode));
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
	char *cfg_url = qw_hermes_cfg_str(set, in->base_url);
	const qw_envvar *bv = qw_model_env(set, "AZURE_FOUNDRY_BASE_URL");
	if (*cfg_url && !strcmp(cfg_provider, "azure-foundry"))
		qw_hermes_set_base(r, cfg_url, qw_hermes_origin_node(set->config, in->base_url, "model.base_url"));
	else if (bv)
		qw_hermes_set_base(r, qw_envvar_environ(bv), qw_hermes_origin_env(set, bv, bv->value_span));
	free(cfg_url);
	if (!r->base_url) {
		refuse(r, "AuthError", qw_xstrdup("Azure Foundry requires a base URL. Set it via 'hermes model' or the "
						  "AZURE_FOUNDRY_BASE_URL environment variable."));
		return;
	}
	if (!strcmp(mode, "anthropic_messages"))
		strip_v1(r);
	qw_hermes_trace_url(ctx, r);
	/* the key: config.get_env_value, which returns os.environ's value whenever the variable is there (as
	 * python-dotenv loaded it, unstripped, even empty), and reads Hermes's own .env parser only for a variable
	 * os.environ lacks (a BOM-hidden first line); any non-empty value, no placeholder check */
	const qw_envvar *kv = qw_dotenv_get(set->dotenv, "AZURE_FOUNDRY_API_KEY");
	bool in_environ = kv && qw_envvar_environ(kv) && !kv->bom_hidden;
	const char *kval = !kv ? NULL : in_environ ? qw_envvar_environ(kv) : kv->hermes_value;
	if (kval && *kval)
		qw_hermes_set_key(r, kval, qw_hermes_origin_env(set, kv, kv->value_span), kv->key);
	if (!r->key) {
		refuse(r, "AuthError", qw_xstrdup("Azure Foundry requires an API key. Set AZURE_FOUNDRY_API_KEY in "
						  "~/.hermes/.env or run 'hermes model' to configure. To use keyless "
						  "Microsoft Entra ID auth instead, set model.auth_mode: entra_id in "
						  "config.yaml (or pick 'Microsoft Entra ID' in 'hermes model')."));
		return;
	}
	qw_hermes_trace_key(ctx, r);
	r->api_mode = qw_xstrdup(mode);
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
const char *
qw_hermes_auto_detect(qw_ctx *ctx, qw_set *set, qw_request *r)
{
	r->via_auto = true;
	const char *or_vars[] = {"OPENAI_API_KEY", "OPENROUTER_API_KEY"};
	for (int i = 0; i < 2; i++) {
		const qw_envvar *v = qw_model_env(set, or_vars[i]);
		if (v && !qw_kb_hermes_no_key(ctx->kb, qw_envvar_environ(v))) {
			char *w = qw_hermes_where(set->env, v->key_span);
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
			char *w = qw_hermes_where(set->env, v->key_span);
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
	const char *cm = qw_hermes_parse_api_mode(qw_node_str(in->api_mode));
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
		const char *dm = qw_hermes_url_api_mode(r->base_url);
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
			char *w = qw_hermes_where(set->env, v->key_span);
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
		qw_hermes_set_key_stripped(r, qw_envvar_environ(v), qw_hermes_origin_env(set, v, v->value_span), v->key);
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
	if (ke && *ke && qw_kb_hermes_feature(ctx->kb, "model_key_env_builtin") && qw_hermes_take_env_key(ctx, set, r, ke, true))
		qw_request_step(r, "model.key_env names %s: Hermes %s reads it before %s's own variables", ke,
				qw_kb_hermes_version(ctx->kb), p->id);
	/* 1. the key variables, .env's own reading first (get_env_value_prefer_dotenv); copilot: its own reader */
	if (p->key_from_environ)
		environ_token(ctx, set, r, p);
	for (size_t i = 0; i < p->nkey_env && !r->key && !p->key_from_environ; i++)
		qw_hermes_take_env_key(ctx, set, r, p->key_env[i], true);
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
			qw_hermes_take_pool_key(r, &e);
		}
		qw_pool_entry_free(&e);
	}
	if (!r->key && p->no_key_sends) {
		qw_request_step(r, "no %s key: Hermes sends its no-auth placeholder \"%s\"", p->id, p->no_key_sends);
		qw_hermes_set_key(r, p->no_key_sends, qw_hermes_origin_text(qw_xprintf("%s's no-auth placeholder", p->id)), NULL);
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
	char *cfg_url = qw_hermes_cfg_str(set, in->base_url);
	const qw_envvar *bv = p->base_url_env ? qw_model_env(set, p->base_url_env) : NULL;
	if (*cfg_url && !strcmp(cfg_provider, p->id)) {
		qw_origin o = {0};
		char *u = qw_hermes_config_value(set, in->base_url, "model.base_url", &o, NULL);
		qw_hermes_set_base(r, cfg_url, o);
		free(u);
	} else {
		if (*cfg_url) {
			qw_request_step(r, "model.base_url is ignored: Hermes honours it only when model.provider is the "
					   "canonical id \"%s\" (cfg_provider == provider)", p->id);
			r->url_ignored = qw_hermes_origin_node(set->config, in->base_url, "model.base_url");
		}
		if (bv)
			qw_hermes_set_base(r, qw_envvar_environ(bv), qw_hermes_origin_env(set, bv, bv->value_span));
		else if (p->kp_prefix && r->key && qw_startswith(r->key, p->kp_prefix))
			qw_hermes_set_base(r, p->kp_base_url,
				 qw_hermes_origin_text(qw_xprintf("key-prefix routing: %s keys go there", p->kp_prefix)));
		else if (p->default_base_url)
			qw_hermes_set_base(r, p->default_base_url,
				 qw_hermes_origin_text(qw_xprintf("its default base URL; %s is not set",
							p->base_url_env ? p->base_url_env : "no base-URL variable")));
	}
	free(cfg_url);
	qw_hermes_normalise_url(r, p);
	if (r->base_url)
		qw_hermes_trace_url(ctx, r);
	else
		qw_request_step(r, "%s has no base URL: set %s", p->id, p->base_url_env ? p->base_url_env : "one");
	qw_hermes_trace_key(ctx, r);
	builtin_api_mode(r, in, p, cfg_provider);
}

/* anthropic's branch: model.base_url only when model.provider is anthropic and the URL speaks its protocol; the
 * key from ANTHROPIC_TOKEN, then ANTHROPIC_API_KEY (agent/anthropic_adapter.py:resolve_anthropic_token). */
static void
anthropic_runtime(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in, const qw_provider *p,
		  const char *cfg_provider)
{
	r->simulated = true;
	char *cfg_url = qw_hermes_cfg_str(set, in->base_url);
	bool ok = false;
	if (*cfg_url && !strcmp(cfg_provider, "anthropic")) {
		qw_url u;
		qw_url_parse(cfg_url, &u);
		ok = qw_provider_cfg_url_host(p, u.host) || (qw_hermes_url_api_mode(cfg_url) &&
							 !strcmp(qw_hermes_url_api_mode(cfg_url), "anthropic_messages"));
		qw_url_free(&u);
		if (!ok) {
			char *shown = qw_url_shown(cfg_url);
			qw_request_step(r, "model.base_url %s is ignored: anthropic takes it only for an endpoint that speaks "
					   "its protocol (%s)", shown, p->cfg_url_source ? p->cfg_url_source : p->source);
			free(shown);
			r->url_ignored = qw_hermes_origin_node(set->config, in->base_url, "model.base_url");
		}
	}
	if (ok) {
		qw_origin o = {0};
		char *u = qw_hermes_config_value(set, in->base_url, "model.base_url", &o, NULL);
		size_t n = strlen(cfg_url);
		while (n && cfg_url[n - 1] == '/')
			cfg_url[--n] = '\0';
		qw_hermes_set_base(r, cfg_url, o);
		free(u);
	} else {
		qw_hermes_set_base(r, "https://api.anthropic.com", qw_hermes_origin_text(qw_xstrdup("anthropic's fixed URL")));
	}
	free(cfg_url);
	qw_hermes_trace_url(ctx, r);
	/* resolve_anthropic_token: the first non-empty of ANTHROPIC_TOKEN, CLAUDE_CODE_OAUTH_TOKEN, (Claude Code's
	 * credentials file, the pool: not read here), ANTHROPIC_API_KEY - no placeholder check */
	static const char *const tok_vars[] = {"ANTHROPIC_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_API_KEY"};
	for (size_t i = 0; i < 3 && !r->key; i++) {
		const qw_envvar *v = qw_model_env(set, tok_vars[i]);
		size_t n;
		if (v && (qw_trim(qw_envvar_environ(v), &n), n))
			qw_hermes_set_key_stripped(r, qw_envvar_environ(v), qw_hermes_origin_env(set, v, v->value_span), v->key);
	}
	if (!r->key)
		refuse(r, "AuthError", qw_xstrdup("No Anthropic credentials found. Set ANTHROPIC_TOKEN or ANTHROPIC_API_KEY, "
						  "run 'claude setup-token', or authenticate with 'claude /login'."));
	else
		qw_hermes_trace_key(ctx, r);
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
			return qw_hermes_origin_env(set, v, v->value_span);
	}
	if (p->default_base_url && !strcmp(url, p->default_base_url))
		return qw_hermes_origin_text(qw_xprintf("its default base URL, which the pool entry (%s) holds",
					      e->source ? e->source : "pool"));
	return qw_hermes_origin_text(qw_xprintf("the pool entry's base URL (%s)", e->source ? e->source : "pool"));
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
		char *cfg_url = qw_hermes_cfg_str(set, in->base_url);
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
	char *cfg_url = qw_hermes_cfg_str(set, in->base_url);
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
			const char *dm = qw_hermes_url_api_mode(cfg_url);
			ok = qw_provider_cfg_url_host(p, u.host) || (dm && !strcmp(dm, "anthropic_messages"));
			qw_url_free(&u);
		}
		if (ok)
			qw_hermes_set_base(r, cfg_url, qw_hermes_origin_node(set->config, in->base_url, "model.base_url"));
		else if (*eb)
			qw_hermes_set_base(r, eb, pool_url_origin(set, p, &e, eb));
		else
			qw_hermes_set_base(r, "https://api.anthropic.com", qw_hermes_origin_text(qw_xstrdup("anthropic's fixed URL")));
	} else if (openrouter) {
		/* _resolve_runtime_from_pool_entry's openrouter branch: the entry's URL or the default, never
		 * model.base_url, and chat_completions whatever model.api_mode says */
		mode = "chat_completions";
		if (*cfg_url)
			qw_request_step(r, "model.base_url is ignored: an openrouter pool entry keeps its own URL");
		if (*eb)
			qw_hermes_set_base(r, eb, pool_url_origin(set, p, &e, eb));
		else
			qw_hermes_set_base(r, p->default_base_url, qw_hermes_origin_text(qw_xstrdup("OpenRouter's default URL")));
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
			qw_hermes_set_base(r, cfg_url, qw_hermes_origin_node(set->config, in->base_url, "model.base_url"));
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
				r->url_ignored = qw_hermes_origin_node(set->config, in->base_url, "model.base_url");
			}
			qw_hermes_set_base(r, base, pool_url_origin(set, p, &e, base));
		} else {
			qw_hermes_set_base(r, p->default_base_url, qw_hermes_origin_text(qw_xstrdup("OpenRouter's default URL")));
		}
		free(base);
	}
	free(cfg_url);
	qw_hermes_take_pool_key(r, &e);
	qw_pool_entry_free(&e);
	qw_hermes_normalise_url(r, p);
	if (r->base_url && *r->base_url)
		qw_hermes_trace_url(ctx, r);
	qw_hermes_trace_key(ctx, r);
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
		const char *cm = qw_hermes_parse_api_mode(qw_node_str(in->api_mode));
		const char *dm = qw_hermes_url_api_mode(r->base_url);
		r->api_mode = qw_xstrdup(cm ? cm : dm ? dm : "chat_completions");
	} else
		builtin_api_mode(r, in, p, cfg_provider);
	return true;
}

void
qw_hermes_resolve_main(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in)
{
	qw_request_step(r, "Hermes %s is modelled (%s)", qw_kb_hermes_version(ctx->kb), qw_kb_hermes_version_why(ctx->kb));
	/* resolve_requested_provider: model.provider, else HERMES_INFERENCE_PROVIDER, else auto; stripped, lower */
	char *cfg_provider = qw_lower("");
	if (in->provider && qw_node_str(in->provider)) {
		char *s = qw_hermes_cfg_str(set, in->provider);
		free(cfg_provider);
		cfg_provider = qw_lower(s);
		free(s);
	}
	char *requested;
	if (*cfg_provider) {
		char *w = qw_hermes_where(set->config, in->provider->span);
		qw_request_step(r, "%s: model.provider is \"%s\"", w, cfg_provider);
		free(w);
		r->provider_from = qw_hermes_origin_node(set->config, in->provider, "model.provider");
		requested = qw_xstrdup(cfg_provider);
	} else if (qw_model_env(set, "HERMES_INFERENCE_PROVIDER")) {
		const qw_envvar *hv = qw_model_env(set, "HERMES_INFERENCE_PROVIDER");
		size_t n;
		const char *t = qw_trim(qw_envvar_environ(hv), &n);
		char *s = qw_xstrndup(t, n);
		requested = qw_lower(s);
		free(s);
		r->provider_from = qw_hermes_origin_env(set, hv, hv->value_span);
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
		r->cfg_key = qw_hermes_origin_node(set->config, in->api_key, "model.api_key");
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
	if (qw_hermes_find_named(ctx, set, requested, &cp)) {
		qw_hermes_named_runtime(ctx, set, r, &cp);
		free(cp.name);
		goto out;
	}
	char *cfg_url = qw_hermes_cfg_str(set, in->base_url);
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
			qw_hermes_openrouter_runtime(ctx, set, r, in, canon && !strcmp(canon, "custom") ? "custom" : requested,
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
		canon = qw_hermes_auto_detect(ctx, set, r);
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
		qw_hermes_openrouter_runtime(ctx, set, r, in, !strcmp(canon, "custom") ? "custom" : requested, cfg_provider);
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
		r->model = qw_hermes_config_value(set, in->model, "model.default", &r->model_from, NULL);
		qw_request_model_sent(ctx->kb, r, NULL);
	}
	free(requested);
	free(cfg_provider);
}
