/*
 * hermes.c - QW3xx and QW903: how Hermes resolves a request (auto's misroute, provider prefixes, ignored variables and
 * keys, custom endpoints, default regions, unknown providers, config structure), and Hermes newer than the knowledge.
 * A check reads the set (parsed files and the requests the model resolved) and reports findings; it never changes
 * the set and owns nothing past its call. Facts: ../shared/knowledge/hermes.md and providers.md; data in rules/.
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "keyinfo.h"
#include "secret.h"
#include "url.h"
#include "util.h"

static void
check_auto_misroute(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		if (!r->via_auto || strcmp(r->role, "model"))
			continue;
		const qw_host *h;
		const qw_family *f;
		qw_verdict v = qw_classify(ctx->kb, r, &h, &f);
		/* A key QW105 finds defective (quotes and an inline comment Hermes's reader keeps) says nothing as
		 * sent; judged as python-dotenv reads it, which is what QW105's repair leaves, it may still go to the
		 * wrong host: both are reported on the first lint, not one after the other (issue 23). */
		const qw_envvar *ev = r->key_var ? qw_dotenv_get(set->dotenv, r->key_var) : NULL;
		size_t at;
		qw_request trimmed = *r;
		bool via_trim = false;
		if (v == QW_V_OK && r->key && qw_key_defect(r->key, &at) && ev && ev->env_value && *ev->env_value &&
		    strcmp(ev->env_value, r->key) && !qw_key_defect(ev->env_value, &at)) {
			trimmed.key = ev->env_value;
			v = qw_classify(ctx->kb, &trimmed, &h, &f);
			via_trim = v != QW_V_OK;
		}
		if (v == QW_V_OK)
			continue;
		const qw_origin *o = qw_pick_origin(set, &r->key_from, &r->provider_from, &r->url_from);
		if (!o)
			continue;
		char *m = qw_mask(ctx->kb, via_trim ? trimmed.key : r->key);
		qw_finding *fd = qw_report(ctx, &QW301, o->src, o->span,
					   "provider auto sends this %s (%s) to %s, which cannot accept it",
					   f ? f->name : "key", m, r->shown_url);
		free(m);
		qw_trace_request(fd, r);
		if (via_trim)
			qw_trace(fd, "as sent, the key also carries what QW105 reports; without it (as python-dotenv reads "
				     "the line) it is still sent to this host");
		qw_explain_verdict(ctx, fd, v, h, f);
		if (v == QW_V_PLAN_ON_PAYG)
			qw_fix_for_plan_key(fd, ctx, via_trim ? &trimmed : r);
		else
			qw_fix_hint(fd, "set model.provider explicitly, with a base URL that accepts this key");
	}
}

const qw_rule QW301 = {
	.id = "QW301", .name = "auto-provider-misroutes-key",
	.severity = QW_SEV_ERROR, .check = check_auto_misroute, .fix = QW_FIX_UNSAFE,
	.summary = "provider auto picks a provider whose endpoint cannot accept the key found",
	.doc = "With model.provider auto or unset, Hermes takes the first registry provider whose key variable is "
	    "set. DASHSCOPE_API_KEY is read by alibaba (dashscope-intl, pay-as-you-go) before alibaba-coding-plan, so "
	    "a Coding Plan key there goes to the wrong plan's host and gets 401 (hermes_cli/auth.py:PROVIDER_REGISTRY "
	    "and resolve_provider at 306e2d2).",
	.fixdoc = "For a Coding Plan key, --fix switches to Hermes's custom Coding Plan form (provider: custom, the "
	    "Coding Plan base URL, api_key: ${DASHSCOPE_API_KEY}), creating config.yaml if the home has none. Safe "
	    "only when --probe found the endpoint that accepts the key (a Token Plan key then gets its token-plan "
	    "host); otherwise unsafe, even with --region or .qwlint.yaml's region: an sk-sp- key does not say whether "
	    "it is Coding Plan or Token Plan, so the region picks the host (mainland by default) but the plan stays a "
	    "guess. Otherwise by hand: set model.provider explicitly, with a base URL that accepts the key.",
	.repair = "the custom Coding Plan form in `config.yaml` (created, 0600, if the home has none)",
	.repair_safety = "unsafe unless `--probe` found the endpoint",
};

static void
check_provider_prefix(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		if (!r->model || !r->provider || !r->simulated || !r->model_from.src)
			continue;
		const char *slash = strchr(r->model, '/');
		if (!slash)
			continue;
		char *prefix = qw_xstrndup(r->model, (size_t)(slash - r->model));
		const qw_provider *named = qw_kb_provider(ctx->kb, prefix);
		bool fire = false;
		if (named && !named->aggregator) {
			if (r->prov && !r->prov->aggregator)
				fire = named != r->prov || r->prov->strip_model_prefix == QW_NO;
			else if (r->custom && r->base_url) {
				qw_url u;
				qw_url_parse(r->base_url, &u);
				const qw_host *h = qw_kb_host(ctx->kb, u.host);
				fire = h && strcmp(h->vendor, "openrouter");
				qw_url_free(&u);
			}
		}
		if (fire) {
			qw_finding *fd = qw_report(ctx, &QW302, r->model_from.src, r->model_from.span,
						   "the model name's \"%s/\" prefix does not select a provider; \"%s\" is "
						   "sent verbatim to %s",
						   prefix, r->model, r->provider);
			qw_trace(fd, "model.default never selects a provider; Hermes strips a prefix only when it names "
				     "the resolved provider and that provider strips prefixes (model_normalize.py)");
			qw_trace(fd, "the endpoint answers with a model-not-found error");
			qw_fix_hint(fd, "write the bare model name \"%s\" and choose the provider with model.provider",
				    slash + 1);
			if (r->model_from.src == set->config) {
				qw_span t = qw_scalar_text(set->config, r->model_from.span);
				size_t a = t.start, b = t.end;
				size_t pl = strlen(prefix);
				if (b - a > pl && !memcmp(set->config->data + a, prefix, pl) && set->config->data[a + pl] == '/') {
					qw_fixit *x = qw_fixit_new(fd, set->config, QW_FIX_SAFE, "drop the \"%s/\" prefix", prefix);
					qw_fixit_edit(x, a, a + pl + 1, "");
					qw_fixit_key(x, "model");
				}
			}
		}
		free(prefix);
	}
}

const qw_rule QW302 = {
	.id = "QW302", .name = "provider-prefix-in-model",
	.severity = QW_SEV_WARNING, .check = check_provider_prefix, .fix = QW_FIX_SAFE,
	.summary = "a provider prefix in the model name does not select a provider",
	.doc = "model.default: alibaba-coding-plan/qwen3.6-plus is sent verbatim; the endpoint does not know that "
	    "model (hermes_cli/model_normalize.py:normalize_model_for_provider at 306e2d2). A prefix Hermes drops "
	    "(one naming the provider, by its id or an alias of hermes_cli/models.py, for the providers of "
	    "rules/hermes-models.yaml that strip one) is not reported: the id checked is the one sent.",
	.fixdoc = "--fix drops the prefix from the model name (safe).",
	.repair = "drop the provider prefix from the model name",
};

static void
check_ignored_base_url_env(qw_ctx *ctx, qw_set *set)
{
	if (!set->hermes || !set->dotenv || !set->nreqs || !set->reqs[0].provider)
		return;
	size_t n;
	const qw_provider *all = qw_kb_providers(ctx->kb, &n);
	for (size_t i = 0; i < set->dotenv->nvars; i++) {
		const qw_envvar *v = &set->dotenv->vars[i];
		if (!*v->env_value || !strcmp(v->key, "OPENAI_BASE_URL"))
			continue; /* OPENAI_BASE_URL also serves auxiliary tasks' "main" provider */
		const qw_provider *owner = NULL;
		for (size_t j = 0; j < n && !owner; j++)
			if (all[j].base_url_env && !strcmp(all[j].base_url_env, v->key))
				owner = &all[j];
		if (!owner || owner->late)
			continue;
		bool used = false;
		for (size_t j = 0; j < set->nreqs; j++)
			if (set->reqs[j].provider && !strcmp(set->reqs[j].provider, owner->id))
				used = true;
		if (used || qw_dotenv_get(set->dotenv, v->key) != v)
			continue;
		qw_finding *fd = qw_report(ctx, &QW303, set->env, v->key_span,
					   "%s is read only by provider %s, but this configuration resolves to %s",
					   v->key, owner->id, set->reqs[0].provider);
		qw_trace_request(fd, &set->reqs[0]);
		/* The request as resolved goes to an endpoint written out in the files (model.base_url, CUSTOM_BASE_URL:
		 * often qwlint's own repair to provider custom), a catalogue host that takes its key: the variable is a
		 * leftover, and selecting its provider would undo that choice. A provider's default endpoint is not a
		 * choice: there the variable may be what the user meant, and the warning stays. */
		const qw_host *h;
		const qw_family *f;
		if (set->reqs[0].key && set->reqs[0].url_from.src && set->reqs[0].base_url &&
		    qw_url_endpoint(ctx->kb, set->reqs[0].base_url, NULL, NULL) &&
		    qw_classify(ctx->kb, &set->reqs[0], &h, &f) == QW_V_OK) {
			qw_finding_set_severity(fd, QW_SEV_INFO);
			qw_fix_hint(fd, "nothing reads it while the configuration resolves to %s, whose endpoint takes the "
					"key: delete it, unless another tool reads it", set->reqs[0].provider);
		} else {
			qw_fix_hint(fd, "select %s with model.provider, or set the base URL the resolved provider reads",
				    owner->id);
		}
	}
}

const qw_rule QW303 = {
	.id = "QW303", .name = "ignored-base-url-env",
	.severity = QW_SEV_WARNING, .check = check_ignored_base_url_env, .fix = QW_FIX_NONE,
	.summary = "<X>_BASE_URL is set but the resolved provider is not X",
	.doc = "Each provider reads only its own base-URL variable, e.g. ALIBABA_CODING_PLAN_BASE_URL does nothing "
	    "when auto resolves to alibaba (hermes_cli/auth.py:resolve_api_key_provider_credentials at 306e2d2). When "
	    "the configuration as resolved sends its key to an endpoint that takes it (as after QW301's or QW101's "
	    "repair to provider custom), the variable is a leftover: the finding is then info, and never advises "
	    "selecting X again.",
	.fixdoc = "By hand: delete the variable, or select provider X so that it is read.",
};

static void
check_ignored_api_key(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		if (!r->cfg_key.src || r->custom || !r->prov || r->prov->auth != QW_AUTH_API_KEY)
			continue;
		qw_finding *fd = qw_report(ctx, &QW304, r->cfg_key.src, r->cfg_key.span,
					   "%s is ignored: built-in provider %s reads its key from %s", r->cfg_key.what,
					   r->prov->id, r->prov->nkey_env ? r->prov->key_env[0] : "its own variables");
		qw_trace(fd, "model.api_key is read only for custom endpoints (config.py: \"model.api_key is valid only "
			     "for explicit custom endpoint assignments\")");
		qw_trace_request(fd, r);
		qw_fix_hint(fd, "put the key in .env as %s, or use provider: custom with this base URL",
			    r->prov->nkey_env ? r->prov->key_env[0] : "the provider's variable");
	}
}

const qw_rule QW304 = {
	.id = "QW304", .name = "ignored-api-key",
	.severity = QW_SEV_WARNING, .check = check_ignored_api_key, .fix = QW_FIX_NONE,
	.summary = "model.api_key is set for a built-in provider, which ignores it",
	.doc = "Built-in API-key providers read their key from their env variables; model.api_key is honoured only "
	    "for custom endpoints (hermes_cli/config.py:clear_model_endpoint_credentials, "
	    "hermes_cli/runtime_provider.py:_resolve_openrouter_runtime at 306e2d2).",
	.fixdoc = "By hand: move the key into the provider's key variable in .env and delete model.api_key.",
};

static void
check_custom_without_key(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		/* no key at all: the literal "no-key-required", or (provider auto with model.base_url, labelled
		 * openrouter) an empty key */
		bool custom = r->custom || (r->provider && !strcmp(r->provider, "custom"));
		if (!custom || (!r->no_key_required && r->key) || !r->base_url || r->key_env_elsewhere || r->error)
			continue;
		qw_url u;
		qw_url_parse(r->base_url, &u);
		bool local = qw_host_is_private(u.host) || !*u.host;
		qw_url_free(&u);
		if (local)
			continue; /* local and LAN servers (ollama, vLLM, LiteLLM) usually take no key */
		const qw_origin *o = qw_pick_origin(set, &r->url_from, &r->provider_from, NULL);
		if (!o)
			continue;
		qw_finding *fd = qw_report(ctx, &QW305, o->src, o->span, "no key reaches %s: Hermes sends %s", r->shown_url,
					   r->no_key_required ? "the literal \"no-key-required\"" : "an empty key");
		qw_trace_request(fd, r);
		qw_trace(fd, "the endpoint answers 401 or 403 (hermes_cli/runtime_provider.py:_resolve_openrouter_runtime at 306e2d2; hermes-agent issue #67453)");
		qw_fix_hint(fd, "add api_key: ${YOUR_KEY_VARIABLE} next to this base_url and set that variable in .env");
	}
}

const qw_rule QW305 = {
	.id = "QW305", .name = "custom-provider-without-key",
	.severity = QW_SEV_ERROR, .check = check_custom_without_key, .fix = QW_FIX_NONE,
	.summary = "a custom endpoint gets no key, so Hermes sends \"no-key-required\"",
	.doc = "provider: custom reads model.api_key, then OPENAI_API_KEY only for openai.com, then a variable "
	    "derived from the host (ALIYUNCS_API_KEY for *.aliyuncs.com), else the literal no-key-required "
	    "(hermes_cli/runtime_provider.py:_resolve_openrouter_runtime and _host_derived_api_key at 306e2d2). A "
	    "base URL on this machine or a private network (a LAN address, a Docker service name) is not reported: "
	    "local servers such as Ollama, vLLM and LiteLLM usually take no key.",
	.fixdoc = "By hand: set model.api_key (for example api_key: ${VAR} with VAR in .env).",
};

/* A value as a .env line would hold it: bare when it has only characters no reader treats specially, else in
 * single quotes (literal for python-dotenv and Hermes's reader); NULL when it cannot be written safely. */
static char *
env_quote(const char *v)
{
	if (!*v)
		return NULL;
	if (strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:@+=,~%-") == strlen(v))
		return qw_xstrdup(v);
	if (strpbrk(v, "'\n\r"))
		return NULL;
	return qw_xprintf("'%s'", v);
}

/* QW306's repair (unsafe: Hermes starts reading the value): the root-level line leaves config.yaml and
 * NAME=value becomes the last line of .env (created 0600 if missing). Nothing when .env already sets NAME to
 * another value, or the entry is not a one-line scalar of a block mapping. */
static void
fixit_move_to_env(qw_finding *fd, qw_set *set, const qw_pair *pair)
{
	qw_source *src = set->config;
	const char *name = qw_node_str(pair->key);
	const char *val = qw_node_str(pair->value);
	if (!name || !val || !src->fs_path || pair->value->type != QW_NODE_SCALAR)
		return;
	int kl, kc, vl, vc;
	qw_source_pos(src, pair->key->span.start, &kl, &kc);
	qw_source_pos(src, pair->value->span.end, &vl, &vc);
	qw_span line = qw_source_line(src, kl);
	if (kc != 1 || vl != kl || line.start != pair->key->span.start)
		return;
	const qw_envvar *have = qw_dotenv_get(set->dotenv, name);
	if (have && strcmp(have->env_value, val)) {
		qw_trace(fd, ".env already sets %s to another value, so qwlint leaves both for you to decide", name);
		return;
	}
	char *q = have ? NULL : env_quote(val);
	if (!have && !q)
		return;
	qw_fixit *x;
	if (!have) {
		/* .env first: if its write failed, the value would still be in config.yaml */
		x = qw_fixit_begin(fd, QW_FIX_UNSAFE, "move %s into %s.env", name, set->env ? "" : "a new ");
		qw_env_append(x, set, src, name, q);
		if (qw_is_secret_name(name))
			qw_fixit_secret(x);
		qw_fixit_also(x, src);
	} else {
		x = qw_fixit_new(fd, src, QW_FIX_UNSAFE, "delete %s from config.yaml: .env already sets it", name);
	}
	size_t end = line.end;
	if (end < src->len && src->data[end] == '\r')
		end++;
	if (end < src->len && src->data[end] == '\n')
		end++;
	qw_fixit_edit(x, line.start, end, "");
	qw_fixit_key(x, name);
	free(q);
}

/* An environment variable's name that says it holds an endpoint or a key: ^[A-Z][A-Z0-9_]*_(BASE_URL|API_KEY|
 * API_BASE|TOKEN)$. By hand, not regcomp(): this is asked for every home, and compiling the pattern each time
 * cost more than the rest of the rule. */
static bool
endpoint_or_key_var(const char *name)
{
	if (!(name[0] >= 'A' && name[0] <= 'Z'))
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_'))
			return false;
	static const char *const endings[] = {"_BASE_URL", "_API_KEY", "_API_BASE", "_TOKEN"};
	for (size_t i = 0; i < sizeof(endings) / sizeof(endings[0]); i++)
		if (strlen(name) > strlen(endings[i]) && qw_endswith(name, endings[i]))
			return true;
	return false;
}

static void
check_misplaced_env_key(qw_ctx *ctx, qw_set *set)
{
	const qw_node *root = set->config_doc ? set->config_doc->root : NULL;
	if (!set->hermes || !root || root->type != QW_NODE_MAP)
		return;
	for (size_t i = 0; i < root->npairs; i++) {
		const qw_node *k = root->pairs[i].key;
		const char *name = qw_node_str(k);
		if (!name || !endpoint_or_key_var(name))
			continue;
		qw_finding *fd = qw_report(ctx, &QW306, set->config, k->span,
					   "%s at the top level of config.yaml is ignored: Hermes reads it only from .env",
					   name);
		if (qw_endswith(name, "_API_KEY") || qw_endswith(name, "_TOKEN"))
			qw_trace(fd, "Hermes reads provider keys from .env and the environment, never from the top level "
				     "of config.yaml (hermes_cli/config.py:get_env_value_prefer_dotenv at 306e2d2)");
		else
			qw_trace(fd, "`hermes config set %s …` writes non-key variables into config.yaml, where nothing "
				     "reads them (config.set_config_value)", name);
		qw_fix_hint(fd, "move %s=… into .env beside config.yaml", name);
		fixit_move_to_env(fd, set, &root->pairs[i]);
	}
}

const qw_rule QW306 = {
	.id = "QW306", .name = "misplaced-env-key-in-config",
	.severity = QW_SEV_WARNING, .check = check_misplaced_env_key, .fix = QW_FIX_UNSAFE,
	.summary = "an environment-style key (*_BASE_URL, *_API_KEY) at the top of config.yaml",
	.doc = "Hermes reads these only from .env; `hermes config set` puts non-key variables into config.yaml, where "
	    "they are ignored (hermes_cli/config.py:set_config_value at 306e2d2).",
	.fixdoc = "--fix moves the line into .env, creating .env if needed, or deletes it when .env already sets the "
	    "same value (unsafe: it changes which file holds the setting). No repair when .env holds a different "
	    "value.",
	.repair = "move the line from `config.yaml` into `.env` (created 0600 if missing); nothing if `.env` sets "
	    "another value",
};

static void
check_coding_plan_default_region(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		if (!qw_coding_plan_default(ctx, set, r))
			continue;
		const qw_origin *o = qw_pick_origin(set, &r->provider_from, &r->key_from, NULL);
		if (!o)
			continue;
		/* --probe: the key works at coding-intl (silent), or the mainland host took it (certain) */
		const qw_probe_report *rep = r->probe;
		const qw_probe_result *pc = qw_probe_configured(rep), *pa = qw_probe_accepting(rep);
		if (pc && qw_probe_authenticated(pc->cls))
			continue;
		bool proven = pa && !strcmp(pa->plan, "coding") && !strcmp(pa->host->region, "cn");
		/* model.base_url written but ignored: model.provider is an alias (cfg_provider == provider fails) */
		bool alias = r->url_ignored.src && r->alias_named;
		qw_finding *fd = alias ? qw_report(ctx, &QW307, o->src, o->span,
						   "model.base_url is ignored under this alias: Hermes honours it only for "
						   "model.provider: alibaba-coding-plan, so requests go to the international "
						   "endpoint %s; a mainland Coding Plan key gets 401 there",
						   r->shown_url)
				       : qw_report(ctx, &QW307, o->src, o->span,
						   "alibaba-coding-plan with no base URL goes to the international endpoint %s; "
						   "a mainland Coding Plan key gets 401 there",
						   r->shown_url);
		qw_trace_request(fd, r);
		if (proven) {
			qw_finding_set_severity(fd, QW_SEV_ERROR);
			qw_trace(fd, "--probe: %s rejected the key; %s accepted it: a mainland Coding Plan key",
				 pc ? pc->base : r->shown_url, pa->base);
		} else {
			qw_trace(fd, "Hermes's alibaba-coding-plan defaults to coding-intl (issue #44661); the key does not "
				     "say its region");
		}
		if (alias) {
			qw_fix_hint(fd, "write model.provider: alibaba-coding-plan (the canonical id), so that Hermes sends "
					"to the model.base_url you wrote; say --region intl to silence this for an "
					"international key");
			if (r->provider_from.src == set->config) {
				qw_span t = qw_scalar_text(set->config, r->provider_from.span);
				qw_fixit *x = qw_fixit_new(fd, set->config, QW_FIX_UNSAFE,
							   "name the provider by its canonical id, so model.base_url counts "
							   "(a guess: the key's region is not known)");
				qw_fixit_edit(x, t.start, t.end, "alibaba-coding-plan");
				qw_fixit_key(x, "model");
			}
			continue;
		}
		/* model.base_url counts only when model.provider is the canonical id (not auto, not an alias) */
		bool cfg_counts = r->provider_from.src && !r->via_auto && !r->alias_named;
		char *mainland = qw_kb_plan_base(ctx->kb, "alibaba", "coding", "cn", "openai");
		if (!mainland)
			continue;
		qw_fix_hint(fd, "for a mainland key set ALIBABA_CODING_PLAN_BASE_URL=%s in .env%s; say --region intl to "
				"silence this for an international key",
			    mainland, cfg_counts ? " (or model.base_url)" : "");
		if (set->env && set->env->fs_path && r->prov->base_url_env &&
		    !qw_dotenv_get(set->dotenv, r->prov->base_url_env)) {
			qw_fixit *x = qw_fixit_begin(fd, proven ? QW_FIX_SAFE : QW_FIX_UNSAFE,
						     "set %s to the mainland endpoint in .env (%s)", r->prov->base_url_env,
						     proven ? "--probe found the key accepted there"
							    : "a guess: the key's region is not known");
			qw_env_append(x, set, set->env, r->prov->base_url_env, proven ? pa->base : mainland);
		}
		free(mainland);
	}
}

const qw_rule QW307 = {
	.id = "QW307", .name = "coding-plan-default-region",
	.severity = QW_SEV_WARNING, .check = check_coding_plan_default_region, .fix = QW_FIX_UNSAFE,
	.summary = "alibaba-coding-plan with no base URL goes to the international coding-intl host",
	.doc = "Hermes's alibaba-coding-plan defaults to https://coding-intl.dashscope.aliyuncs.com/v1 (issue "
	    "#44661); a mainland key gets 401 there. The key does not say its region, hence a warning.",
	.fixdoc = "--fix appends the mainland ALIBABA_CODING_PLAN_BASE_URL to .env: safe when --probe found the "
	    "mainland host accepts the key (the finding is then an error), else unsafe (the key's region is a guess). "
	    "With --probe, a key that coding-intl accepts is not reported. When model.base_url is written but "
	    "model.provider is an alias (alibaba_coding, dashscope-coding, ...), Hermes ignores model.base_url "
	    "(hermes_cli/runtime_provider.py:resolve_runtime_provider honours it only when the configured provider "
	    "equals the canonical id): the finding says so and --fix --unsafe-fixes writes model.provider: "
	    "alibaba-coding-plan instead. The advice to set model.base_url is given only when model.provider is the "
	    "canonical id.",
	.repair = "append `ALIBABA_CODING_PLAN_BASE_URL=https://coding.dashscope.aliyuncs.com/v1` to `.env` (a "
	    "mainland key is a guess); when `model.base_url` is written but ignored under an alias "
	    "(`alibaba_coding`), write the canonical id `alibaba-coding-plan` instead",
};

static void
check_unknown_provider(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		if (!r->error || !qw_startswith(r->error, "Unknown provider"))
			continue;
		const qw_origin *o = qw_pick_origin(set, &r->provider_from, NULL, NULL);
		if (!o)
			continue;
		/* Hermes's text goes on with advice ("... Check 'hermes model' ..."): the first sentence is the finding */
		const char *dot = strstr(r->error, "'.");
		int n = dot ? (int)(dot - r->error + 1) : (int)strlen(r->error);
		qw_finding *fd = qw_report(ctx, &QW308, o->src, o->span, "%.*s: Hermes stops with AuthError", n, r->error);
		const qw_node *cp = set->config_doc ? qw_map_get(set->config_doc->root, "custom_providers") : NULL;
		if (cp && cp->type == QW_NODE_MAP)
			qw_trace(fd, "custom_providers is a mapping here; Hermes reads only a list (see QW309)");
		const char *since = NULL, *until = NULL, *name = r->error + strlen("Unknown provider '");
		char *nm = qw_xstrndup(name, strcspn(name, "'"));
		const qw_provider *other = qw_kb_provider_other_version(ctx->kb, nm, &since, &until);
		if (other) {
			if (qw_kb_hermes_version_assumed(ctx->kb)) /* which Hermes runs is a guess: warn, do not assert */
				qw_finding_set_severity(fd, QW_SEV_WARNING);
			qw_trace(fd, "Hermes %s (%s) does not know \"%s\"; %s%s%s%s%s knows it as %s",
				 qw_kb_hermes_version(ctx->kb), qw_kb_hermes_version_why(ctx->kb), nm,
				 since ? "Hermes from " : "", since ? since : "", since && until ? " " : "",
				 until ? "Hermes before " : "", until ? until : "", other->id);
		}
		free(nm);
		qw_fix_hint(fd, "use a provider id of Hermes's registry (qwlint --resolve lists the ids it knows), "
				"custom, or custom:<name> of a providers:/custom_providers: entry");
	}
}

const qw_rule QW308 = {
	.id = "QW308", .name = "unknown-provider",
	.severity = QW_SEV_ERROR, .check = check_unknown_provider, .fix = QW_FIX_NONE,
	.summary = "model.provider names no provider Hermes knows",
	.doc = "resolve_provider raises AuthError \"Unknown provider\" (hermes_cli/auth.py:resolve_provider at "
	    "306e2d2).",
	.fixdoc = "By hand: use a provider id from Hermes's registry (rules/hermes-providers.yaml), or custom.",
};

static void
structure(qw_ctx *ctx, qw_set *set, const qw_node *at, const char *msg, const char *consequence)
{
	qw_finding *fd = qw_report(ctx, &QW309, set->config, at->span, "%s", msg);
	if (consequence)
		qw_trace(fd, "%s", consequence);
}

static void
check_config_structure(qw_ctx *ctx, qw_set *set)
{
	const qw_node *root = set->config_doc ? set->config_doc->root : NULL;
	if (!set->hermes || !root)
		return;
	if (root->type != QW_NODE_MAP) {
		structure(ctx, set, root, "config.yaml is not a mapping of settings",
			  "Hermes ignores it and uses its defaults");
		return;
	}
	const qw_pair *mp = qw_map_pair(root, "model");
	if (mp && mp->value && mp->value->type == QW_NODE_SEQ)
		structure(ctx, set, mp->value, "model: must be a mapping (provider, default, base_url, ...) or a model "
					       "name, not a list",
			  NULL);
	const qw_pair *cp = qw_map_pair(root, "custom_providers");
	if (cp && cp->value && cp->value->type == QW_NODE_MAP) {
		structure(ctx, set, cp->key, "custom_providers is a mapping; Hermes requires a list of entries "
					     "(- name: …, base_url: …)",
			  "validate_config_structure: \"custom_providers is a dict\"; provider: custom:<name> then "
			  "fails with Unknown provider");
	} else if (cp && cp->value && cp->value->type == QW_NODE_SEQ) {
		for (size_t i = 0; i < cp->value->nitems; i++) {
			const qw_node *e = cp->value->items[i];
			if (!e || e->type != QW_NODE_MAP) {
				structure(ctx, set, e ? e : cp->key, "a custom_providers entry must be a mapping", NULL);
				continue;
			}
			if (!qw_map_str(e, "name"))
				structure(ctx, set, e, "this custom_providers entry has no name", "Hermes skips it");
			else if (!qw_map_str(e, "base_url"))
				structure(ctx, set, e, "this custom_providers entry has no base_url", "Hermes skips it");
		}
	}
	const qw_node *pv = qw_map_get(root, "providers");
	for (size_t i = 0; pv && pv->type == QW_NODE_MAP && i < pv->npairs; i++) {
		const qw_node *e = pv->pairs[i].value;
		const qw_node *url = qw_map_get(e, "base_url");
		if (!url)
			url = qw_map_get(e, "url");
		if (!url)
			url = qw_map_get(e, "api");
		const char *s = qw_node_str(url);
		if (!s || strstr(s, "${"))
			continue;
		qw_url u;
		qw_url_parse(s, &u);
		if (!*u.scheme || !*u.host) {
			char *msg = qw_xprintf("providers.%s has a base URL without scheme or host",
					       qw_node_str(pv->pairs[i].key) ? pv->pairs[i].key->str : "?");
			structure(ctx, set, url, msg, "_normalize_custom_provider_entry warns and drops the whole entry");
			free(msg);
		}
		qw_url_free(&u);
	}
	const qw_pair *fb = qw_map_pair(root, "fallback_providers");
	if (fb && fb->value && fb->value->type == QW_NODE_MAP)
		structure(ctx, set, fb->key, "fallback_providers must be a list of {provider, model} entries", NULL);
	else if (fb && fb->value && fb->value->type == QW_NODE_SEQ)
		for (size_t i = 0; i < fb->value->nitems; i++) {
			const qw_node *e = fb->value->items[i];
			if (e && e->type == QW_NODE_MAP && (!qw_map_str(e, "provider") || !qw_map_str(e, "model")))
				structure(ctx, set, e, "this fallback_providers entry lacks provider or model",
					  "get_fallback_chain drops it");
		}
}

const qw_rule QW309 = {
	.id = "QW309", .name = "invalid-config-structure",
	.severity = QW_SEV_ERROR, .check = check_config_structure, .fix = QW_FIX_NONE,
	.summary = "a model-related section of config.yaml has the wrong shape",
	.doc = "custom_providers as a mapping, entries without name or base_url, providers: entries whose URL has no "
	    "scheme or host (Hermes drops them), fallback entries without provider or model "
	    "(hermes_cli/config.py:_normalize_custom_provider_entry, hermes_cli/fallback_config.py:get_fallback_chain "
	    "at 306e2d2).",
	.fixdoc = "By hand: give the section the shape the message names.",
};

/* QW903: the installed Hermes is newer than every release the knowledge holds (kb.h qw_kb_detect_hermes_version).
 * Once per home: on its root's first file. */
static void
check_hermes_newer(qw_ctx *ctx, qw_set *set)
{
	const char *v = qw_kb_hermes_newer_installed(ctx->kb);
	qw_source *src = set->config ? set->config : set->env ? set->env : set->auth;
	if (!v || !set->hermes || set->profile || !src)
		return;
	qw_finding *fd = qw_report(ctx, &QW903, src, (qw_span){0, 0},
				   "Hermes %s is installed, newer than qwlint's knowledge of Hermes (to %s): provider "
				   "resolution may have changed; qwlint models the newest Hermes it knows",
				   v, qw_kb_hermes_knowledge_to(ctx->kb));
	qw_trace(fd, "%s", qw_kb_hermes_version_why(ctx->kb));
	qw_fix_hint(fd, "check the findings against Hermes %s's release notes, or pass --hermes-version", v);
}

const qw_rule QW903 = {
	.id = "QW903", .name = "hermes-newer-than-knowledge",
	.severity = QW_SEV_INFO, .check = check_hermes_newer, .fix = QW_FIX_NONE,
	.summary = "the installed Hermes is newer than qwlint's knowledge of Hermes",
	.doc = "The Hermes installed beside the home (hermes_cli/__init__.py's __version__ under "
	    "<home>/hermes-agent/, $HERMES_HOME/hermes-agent/ or /usr/local/lib/hermes-agent/, where Hermes's "
	    "installer puts it) is a release newer than every one rules/hermes-providers.yaml describes (0.18.2, and "
	    "Hermes's main branch to the knowledge's date). qwlint then models the newest Hermes it knows; the "
	    "provider registry, its auto-detection order and the key resolution may have changed since, so a "
	    "resolution or a finding may not be what that Hermes does. Without --hermes-version only: a version given "
	    "is taken as asked. One finding per home, on its config.yaml (else .env, else auth.json).",
	.fixdoc = "By hand: nothing to repair in the home. Update qwlint, or pass --hermes-version with the release "
	    "whose behaviour you want modelled.",
};
