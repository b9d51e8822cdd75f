/*
 * keys.c - QW1xx: each request's key against its endpoint (plan, family, vendor, region, legacy flows, model in plan,
 * malformed keys).
 * A check reads the set (parsed files and the requests the model resolved) and reports findings; it never changes
 * the set and owns nothing past its call. Facts: ../shared/knowledge/hermes.md and providers.md; data in rules/.
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "appenv.h"
#include "edit.h"
#include "keyinfo.h"
#include "model.h"
#include "placeholder.h"
#include "secret.h"
#include "url.h"
#include "util.h"

static char *repair_key(const qw_set *set, const qw_source *src, qw_span span, const char *var);
static void fixit_url_host(qw_finding *fd, qw_set *set, const qw_request *r, const qw_probe_result *pa);

static qw_finding *
report_at(qw_ctx *ctx, const qw_rule *rule, const qw_origin *o, const char *msg)
{
	return qw_report(ctx, rule, o->src, o->span, "%s", msg);
}

/* QW101's repair in an application's .env: the app has no config.yaml, so the variable to change is its own
 * base-URL variable. Safe only with --probe's answer (an sk-sp- key does not say whether it is a Coding Plan or
 * a Token Plan key, nor which region issued it); otherwise the hint lists the endpoints and the repair, a guess
 * (the mainland Coding Plan), is unsafe. Only an OpenAI-style or vendor base (not an Anthropic one) is
 * repaired, and only a value written plainly. */
static void
app_fix_plan_url(qw_finding *fd, qw_ctx *ctx, const qw_request *r, const qw_family *f)
{
	qw_set *set = ctx->set;
	const qw_envvar *v = r->url_from.src == set->env ? qw_env_var_at(set, r->url_from.span.start) : NULL;
	const char *var = v ? v->key : r->url_from.what;
	const qw_probe_result *pa = qw_probe_accepting(r->probe);
	bool anthropic = r->api_mode && !strcmp(r->api_mode, "anthropic");
	char *url = NULL;
	bool safe = false;
	if (pa && !strcmp(pa->host->vendor, "alibaba") && (!strcmp(pa->plan, "coding") || !strcmp(pa->plan, "token"))) {
		url = qw_xstrdup(pa->base);
		safe = true;
		char *kind = qw_probe_key_kind(ctx->kb, pa);
		qw_fix_hint(fd, "--probe: %s accepts the key (%s); set %s=%s", pa->base, kind, var, pa->base);
		free(kind);
	} else {
		char *acc = qw_accepted_endpoints(ctx->kb, f, f->vendor);
		qw_fix_hint(fd, "set %s to your plan's endpoint%s: %s", var,
			    anthropic ? " (its Anthropic-compatible base)" : "", acc);
		free(acc);
		url = qw_kb_plan_base(ctx->kb, "alibaba", "coding", "cn", "openai");
	}
	if (anthropic || !v || !url) {
		free(url);
		return;
	}
	size_t a = v->value_span.start, n = v->value_span.end - a;
	if (strlen(v->env_value) == n && !memcmp(set->env->data + a, v->env_value, n)) {
		qw_fixit *x = qw_fixit_new(fd, set->env, safe ? QW_FIX_SAFE : QW_FIX_UNSAFE, "set %s to %s%s", v->key,
					   url, safe ? "" : " (a guess: the mainland Coding Plan)");
		qw_fixit_edit(x, a, a + n, url);
		qw_fixit_key(x, v->key);
	}
	free(url);
}

/* Delete the one line of .env that sets var (Hermes's key-prefix routing then applies). Not when var is set twice:
 * the earlier value would take over. The .env is backed up first: the line is gone from it. */
static void
fixit_delete_env_line(qw_finding *fd, qw_set *set, const char *var)
{
	const qw_envvar *v = NULL;
	for (size_t i = 0; set->dotenv && i < set->dotenv->nvars; i++)
		if (!strcmp(set->dotenv->vars[i].key, var)) {
			if (v)
				return;
			v = &set->dotenv->vars[i];
		}
	if (!v)
		return;
	size_t e = v->line_span.end;
	if (e < set->env->len && set->env->data[e] == '\r')
		e++;
	if (e < set->env->len && set->env->data[e] == '\n')
		e++;
	qw_fixit *x = qw_fixit_new(fd, set->env, QW_FIX_SAFE, "delete %s", var);
	qw_fixit_edit(x, v->line_span.start, e, "");
	qw_fixit_key(x, var);
	qw_fixit_backup(x);
}

/* The rule a key/endpoint verdict breaks. */
static const qw_rule *
verdict_rule(qw_verdict v)
{
	return v == QW_V_PLAN_ON_PAYG ? &QW101 : v == QW_V_PAYG_ON_PLAN ? &QW102 : v == QW_V_FOREIGN ? &QW104
	       : v == QW_V_LEGACY ? &QW107 : NULL;
}

/* QW101, QW102, QW104 and QW107 in one pass: each request's key is classified once against its endpoint, and the
 * verdict names the rule. */
static void
check_key_endpoints(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		const qw_host *h;
		const qw_family *f;
		qw_verdict v = qw_classify(ctx->kb, r, &h, &f);
		const qw_rule *rule = verdict_rule(v);
		if (!rule || (r->via_auto && !strcmp(r->role, "model")))
			continue; /* QW301 tells the auto story */
		const qw_origin *o = qw_pick_origin(set, &r->url_from, &r->provider_from, &r->key_from);
		if (!o)
			continue;
		char *m = qw_mask(ctx->kb, r->key);
		char *msg = v == QW_V_PLAN_ON_PAYG
				    ? qw_xprintf("%s %s is sent to the pay-as-you-go endpoint %s", f->name, m, r->shown_url)
			    : v == QW_V_PAYG_ON_PLAN && f
				    ? qw_xprintf("%s %s is sent to the %s endpoint %s", f->name, m, qw_kb_plan_name(ctx->kb, h->plan),
						 r->shown_url)
			    : v == QW_V_PAYG_ON_PLAN
				    ? qw_xprintf("a key that is not a %s key (%s) is sent to the %s endpoint %s",
						 qw_kb_plan_name(ctx->kb, h->plan), m, qw_kb_plan_name(ctx->kb, h->plan), r->shown_url)
			    : v == QW_V_LEGACY
				    ? qw_xprintf("%s %s is sent to %s, a deprecated API that does not take it", f->name, m,
						 r->shown_url)
				    : qw_xprintf("%s %s is sent to %s, a host of another vendor", f->name, m,
						 r->shown_url);
		if (!strncmp(msg, "a ", 2))
			msg[0] = 'A'; /* a family name keeps its own case ("xAI (Grok) API key") */
		qw_finding *fd = report_at(ctx, rule, o, msg);
		free(msg);
		free(m);
		char conf = v == QW_V_PAYG_ON_PLAN ? h->only_keys_conf : v == QW_V_LEGACY ? h->legacy_conf : 'H';
		if (conf == 'L' || conf == 'U')
			qw_finding_set_severity(fd, QW_SEV_WARNING);
		qw_trace_req(fd, set, r);
		qw_explain_verdict(ctx, fd, v, h, f);
		if (v == QW_V_PLAN_ON_PAYG && !strcmp(f->vendor, "alibaba") && !set->hermes) {
			app_fix_plan_url(fd, ctx, r, f);
		} else if (v == QW_V_PLAN_ON_PAYG && !strcmp(f->vendor, "alibaba")) {
			qw_fix_for_plan_key(fd, ctx, r);
		} else if (v == QW_V_PLAN_ON_PAYG) {
			if (r->prov && r->prov->kp_prefix && qw_startswith(r->key, r->prov->kp_prefix) &&
			    r->prov->base_url_env && r->url_from.src == ctx->set->env) {
				qw_fix_hint(fd, "delete %s: %s sends %.7s… keys to %s by itself", r->prov->base_url_env,
					    r->prov->id, r->prov->kp_prefix, r->prov->kp_base_url);
				fixit_delete_env_line(fd, ctx->set, r->prov->base_url_env);
			} else {
				char *acc = qw_accepted_endpoints(ctx->kb, f, f->vendor);
				qw_fix_hint(fd, "send this key to %s", acc);
				free(acc);
			}
		} else if (v == QW_V_PAYG_ON_PLAN && !strcmp(h->vendor, "alibaba")) {
			char *payg = qw_kb_plan_base(ctx->kb, "alibaba", "payg", "cn", "openai");
			qw_fix_hint(fd, "use the plan's own sk-sp- key here, or send this key to a pay-as-you-go host "
					"(%s or dashscope-intl)", payg ? payg : "dashscope");
			free(payg);
		} else if (v == QW_V_PAYG_ON_PLAN) {
			char *ok = qw_only_keys_text(h);
			qw_fix_hint(fd, "use the plan's own key (%s) here, or send this key to the endpoint that issued it",
				    ok);
			free(ok);
		} else if (v == QW_V_LEGACY) {
			qw_fix_hint(fd, "send the key to %s", h->legacy_use);
		} else {
			qw_fix_hint(fd, "use %s %s key for this endpoint, or point this request at %s %s endpoint",
				    qw_article(h->vendor), h->vendor, qw_article(f->vendor), f->vendor);
		}
	}
}

const qw_rule QW101 = {
	.id = "QW101", .name = "plan-key-on-payg-endpoint",
	.severity = QW_SEV_ERROR, .check = check_key_endpoints, .fix = QW_FIX_UNSAFE,
	.summary = "a plan key (sk-sp-, sk-kimi-) is sent to a pay-as-you-go host",
	.doc = "A key of a family that only plan endpoints accept (rules/keys.yaml `plans`) sent to the vendor's "
	    "pay-as-you-go host. Alibaba's plans do not mix: \"The Base URL must be used with an API Key from the "
	    "same billing plan, otherwise a 401 error occurs\" (providers.md §1); sk-sp- keys work only on "
	    "coding(-intl).dashscope.aliyuncs.com/v1 and the Token Plan hosts' /compatible-mode/v1 "
	    "(token-plan.*.maas.aliyuncs.com, QwenCloud's token-plan.maas.qwencloudapi.com). Kimi Code keys (sk-kimi-) "
	    "work only on api.kimi.com/coding, not on the open platform api.moonshot.cn / .ai (§3).",
	.fixdoc = "For an Alibaba key in Hermes, --fix switches to Hermes's custom Coding Plan form: provider: "
	    "custom, the Coding Plan base URL, api_key: ${VAR}. Safe only when --probe found the endpoint that "
	    "accepts the key (a Token Plan key then gets its token-plan host); otherwise unsafe, even with --region "
	    "or .qwlint.yaml's region: an sk-sp- key does not say whether it is Coding Plan or Token Plan, so the "
	    "region picks the host (mainland by default) but the plan stays a guess. For Hermes's kimi-coding with an "
	    "sk-kimi- key, --fix deletes KIMI_BASE_URL from .env (safe, .env backed up): Hermes then sends sk-kimi- "
	    "keys to api.kimi.com/coding itself (hermes_cli/auth.py:_resolve_kimi_base_url at 306e2d2). Otherwise by "
	    "hand: the hint names the endpoints that take the key.",
	.repair = "the custom Coding Plan form in `config.yaml` (created, 0600, if the home has none); for a URL from "
	    "`CUSTOM_BASE_URL` in `.env` (it overrides `model.base_url`), set that variable: to `model.base_url` when "
	    "that endpoint takes the key, else the Coding Plan endpoint",
	.repair_safety = "unsafe unless `--probe` (or, for `CUSTOM_BASE_URL`, `model.base_url`) says which endpoint "
	    "takes the key",
};

const qw_rule QW102 = {
	.id = "QW102", .name = "payg-key-on-plan-endpoint",
	.severity = QW_SEV_ERROR, .check = NULL, .fix = QW_FIX_NONE,
	.summary = "a key that is not the plan's own key is sent to a plan host",
	.doc = "Hosts that accept only their plan's key family (rules/endpoints.yaml `only_keys`). Alibaba's Coding "
	    "Plan hosts answer a pay-as-you-go key with 401 \"invalid access token or token expired\", Token Plan "
	    "hosts with 401 \"InvalidApiKey\" (providers.md §1.3-1.4). Where the catalogue's confidence is low (Kimi "
	    "Code's api.kimi.com/coding with a key other than sk-kimi-, §3 and §17 rule 6; Tencent TokenHub, §15) the "
	    "finding is a warning. Hosts that serve several plans with one key shape (MiniMax, Zhipu, Qianfan) are "
	    "not judged.",
	.fixdoc = "By hand: use the pay-as-you-go endpoint for this key, or put the plan's own key in its place.",
};

/* The vendor a vendor-named key variable is for (rules/app-env.yaml pairs' vendor: DASHSCOPE_API_KEY is
 * alibaba's, GLM_API_KEY zhipu's), or NULL for a protocol variable such as ANTHROPIC_API_KEY, which other vendors'
 * compatible endpoints document too. */
static const char *
key_var_vendor(const qw_kb *kb, const char *var)
{
	size_t n;
	const qw_app_pair *p = qw_kb_app_pairs(kb, &n);
	for (size_t i = 0; var && i < n; i++)
		for (size_t k = 0; p[i].vendor && k < p[i].nkey; k++)
			if (!strcmp(p[i].key[k], var))
				return p[i].vendor;
	return NULL;
}

static void
check_foreign_key(qw_ctx *ctx, qw_set *set)
{
	/* the verdict QW_V_FOREIGN is reported by check_key_endpoints */
	/* A key with no distinctive prefix, read from a built-in provider's own vendor-named variable, sent to a
	 * base URL written in the files that is another vendor's catalogue host: provider: alibaba or zai with the
	 * base_url: https://openrouter.ai/api/v1 that cli-config.yaml.example leaves behind (Hermes honours
	 * model.base_url for the canonical id, so the DashScope key goes to openrouter.ai). The key's vendor is
	 * inferred from its variable, not read from the key: a warning. */
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		const qw_host *h;
		const qw_family *f;
		if (!r->simulated || r->custom || !r->prov || r->prov->aggregator || !r->key || !r->key_var ||
		    !r->url_from.src || !r->base_url || qw_classify(ctx->kb, r, &h, &f) != QW_V_OK || !h || (f && *f->vendor))
			continue;
		const char *kv = key_var_vendor(ctx->kb, r->key_var);
		const qw_host *ph = r->prov->default_base_url ? qw_url_endpoint(ctx->kb, r->prov->default_base_url, NULL, NULL)
							      : NULL;
		if (!kv || !ph || strcmp(kv, ph->vendor) || !*h->vendor || !strcmp(h->vendor, kv) || h->conf != 'H')
			continue;
		const qw_origin *o = qw_pick_origin(set, &r->url_from, &r->provider_from, &r->key_from);
		if (!o)
			continue;
		char *m = qw_mask(ctx->kb, r->key);
		qw_finding *fd = qw_report(ctx, &QW104, o->src, o->span,
					   "the %s key in %s (%s) is sent to %s, a host of %s", kv, r->key_var, m,
					   r->shown_url, h->vendor);
		free(m);
		qw_finding_set_severity(fd, QW_SEV_WARNING);
		qw_trace(fd, "%s:", r->role);
		qw_trace_request(fd, r);
		qw_trace(fd, "%s is %s's variable and the key has no distinctive prefix, so it is taken for %s %s key; "
			     "%s belongs to %s: expect HTTP %s",
			 r->key_var, r->prov->id, qw_article(kv), kv, h->pattern, h->vendor, h->answer ? h->answer : "401");
		qw_fix_hint(fd, "delete %s (a leftover such as cli-config.yaml.example's openrouter.ai): %s then uses "
				"its own endpoint %s%s%s",
			    r->url_from.what, r->prov->id, r->prov->default_base_url,
			    r->prov->base_url_env ? ", or the one in " : "",
			    r->prov->base_url_env ? r->prov->base_url_env : "");
	}
}

const qw_rule QW104 = {
	.id = "QW104", .name = "foreign-key-on-endpoint",
	.severity = QW_SEV_ERROR, .check = check_foreign_key, .fix = QW_FIX_NONE,
	.summary = "a key with one vendor's distinctive prefix is sent to another vendor's host",
	.doc = "Only distinctive prefixes count (sk-sp-, sk-kimi-, sk-ant-, sk-or-v1-, gsk_, xai-, AIza, AQ., "
	    "bce-v3/, sk-cp-, sk-proj-, ...); a bare sk- key is never attributed (providers.md §0). Groq and xAI "
	    "(Grok) are the classic mix-up: a gsk_ key on api.x.ai gets 400, an xai- key on api.groq.com 401 "
	    "(§11-§12). A key without a distinctive prefix is attributed only by a Hermes built-in provider's own "
	    "vendor-named variable (DASHSCOPE_API_KEY, GLM_API_KEY: rules/app-env.yaml pairs' vendor; never a "
	    "protocol variable such as ANTHROPIC_API_KEY, which other vendors' compatible endpoints use too) when a "
	    "base URL written in the files sends it to another vendor's host, e.g. provider: alibaba or zai with "
	    "cli-config.yaml.example's leftover base_url: https://openrouter.ai/api/v1; that is a warning, since the "
	    "vendor is inferred.",
	.fixdoc = "By hand: send the key to its own vendor's endpoint, or use the key the endpoint's vendor issued.",
};

const qw_rule QW107 = {
	.id = "QW107", .name = "deprecated-auth-flow",
	.severity = QW_SEV_ERROR, .check = NULL, .fix = QW_FIX_NONE,
	.summary = "a model API key is sent to a deprecated API that takes another credential",
	.doc = "An endpoint of a retired auth flow (rules/endpoints.yaml `legacy`): Baidu Qianfan's v1 API on "
	    "aip.baidubce.com takes an access_token that a v1 app's API Key and Secret Key are exchanged for, passed "
	    "as ?access_token=; a v2 API key (bce-v3/) belongs on https://qianfan.baidubce.com/v2 as a Bearer key "
	    "(providers.md §2). New v1 apps can no longer be created.",
	.fixdoc = "By hand: send the key to the endpoint the message names (for Qianfan: "
	    "https://qianfan.baidubce.com/v2, OpenAI-compatible).",
};

/* QW106: the model a request names is in none of the catalogue's lists for the plan its endpoint serves. */
static void
check_model_in_plan(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		if (!r->simulated || !r->base_url || !r->model || !r->model_from.src || strchr(r->model, '/'))
			continue; /* a vendor/ prefix is QW302's story */
		const char *plan;
		const qw_host *h = qw_url_endpoint(ctx->kb, r->base_url, &plan, NULL);
		const qw_plan_models *pm = plan ? qw_kb_plan_models(ctx->kb, h->vendor, plan) : NULL;
		if (!pm)
			continue;
		const char *nocase = NULL;
		bool listed = false;
		for (size_t k = 0; k < pm->nmodels && !listed; k++) {
			listed = !strcmp(pm->models[k], r->model);
			if (!nocase && qw_streq_nocase(pm->models[k], r->model))
				nocase = pm->models[k];
		}
		if (listed)
			continue;
		qw_finding *fd;
		if (nocase) {
			fd = qw_report(ctx, &QW106, r->model_from.src, r->model_from.span,
				       "model \"%s\" is not served by the %s endpoint %s: model ids are case-sensitive, "
				       "the plan's is \"%s\"",
				       r->model, qw_kb_plan_name(ctx->kb, plan), r->shown_url, nocase);
			qw_span t = qw_scalar_text(r->model_from.src, r->model_from.span);
			size_t n = strlen(r->model);
			if (t.end - t.start == n && !memcmp(r->model_from.src->data + t.start, r->model, n)) {
				qw_fixit *x = qw_fixit_new(fd, r->model_from.src, QW_FIX_SAFE, "write the model id as %s",
							   nocase);
				qw_fixit_edit(x, t.start, t.end, nocase);
				char *k = repair_key(set, r->model_from.src, r->model_from.span, r->model_from.what);
				qw_fixit_key(x, k);
				free(k);
			}
			qw_fix_hint(fd, "write the model id as %s", nocase);
		} else {
			qw_buf l = {0};
			for (size_t k = 0; k < pm->nmodels; k++)
				qw_buf_printf(&l, "%s%s", k ? ", " : "", pm->models[k]);
			fd = qw_report(ctx, &QW106, r->model_from.src, r->model_from.span,
				       "model \"%s\" is not in the %s model list of %s (as of %s)", r->model,
				       qw_kb_plan_name(ctx->kb, plan), h->pattern, pm->as_of ? pm->as_of : "?");
			qw_trace(fd, "the %s %s serves: %s", h->vendor, qw_kb_plan_name(ctx->kb, plan), l.data);
			qw_fix_hint(fd, "use a model the plan serves, or check the vendor's current list: plan model lists "
					"change every few months");
			qw_buf_free(&l);
		}
		qw_trace_req(fd, set, r);
		qw_trace(fd, "a plan endpoint answers a model it does not serve with an error such as \"model '%s' is not "
			     "supported\" (providers.md §1.3; list source: %s)",
			 r->model, pm->source ? pm->source : "rules/models.yaml");
	}
}

const qw_rule QW106 = {
	.id = "QW106", .name = "model-not-in-plan",
	.severity = QW_SEV_WARNING, .check = check_model_in_plan, .fix = QW_FIX_SAFE,
	.summary = "the model is not one the plan endpoint serves",
	.doc = "A plan endpoint serves a fixed list of models (rules/models.yaml: Alibaba's Coding Plan and Token "
	    "Plan, Baidu Qianfan's Coding Plan, which takes only qianfan-code-latest). The lists change every few "
	    "months and the sources disagree, so each list is the union of every dated source, and the rule is a "
	    "warning. Model ids are case-sensitive (\"model 'xxx' is not supported\", providers.md §1.3, §1.5, §2). "
	    "For Hermes the id judged is the one Hermes sends: model.default as "
	    "hermes_cli/model_normalize.py:normalize_model_for_provider rewrites it for the provider "
	    "(rules/hermes-models.yaml; qwen/qwen3-coder-plus is sent to alibaba as qwen3-coder-plus).",
	.fixdoc = "--fix corrects the case of a model id the list has in another case (safe), where the id is written "
	    "as it is sent. Otherwise by hand: pick a model of the plan.",
	.repair = "correct the case of a model id the plan's list has in another case",
};

/* QW108: key material in a variable that sends it the wrong way (rules/app-env.yaml), in an application's .env. */
static void
check_wrong_variable(qw_ctx *ctx, qw_set *set)
{
	/* Hermes reads its variables itself (hermes.md); what it does with, say, an OAuth token in ANTHROPIC_API_KEY
	 * is not established, so its homes are left out. An application's .env and Claude Code's settings' env
	 * objects are read alike (appenv.h). */
	if (!qw_appenv_vars(set))
		return;
	size_t nw;
	const qw_wrong_var *w = qw_kb_wrong_vars(ctx->kb, &nw);
	for (size_t i = 0; i < nw; i++)
		for (size_t j = 0; j < w[i].nvars; j++) {
			const qw_envvar *v = qw_appenv_get(set, w[i].vars[j]);
			if (!v || strstr(v->env_value, "${"))
				continue;
			qw_finding *fd = NULL;
			char *m = qw_mask(ctx->kb, v->env_value);
			if (w[i].prefix && qw_startswith(v->env_value, w[i].prefix)) {
				const qw_family *f = qw_kb_family(ctx->kb, v->env_value);
				fd = qw_report(ctx, &QW108, qw_appenv_src(set, v), v->value_span, "%s holds %s %s %s: %s", v->key,
					       f ? qw_article(f->name) : "a", f ? f->name : "key", m, w[i].why);
			} else if (w[i].must_be_empty && w[i].when_base_host) {
				const qw_app_pair *p = qw_appenv_pair_of(ctx->kb, v->key);
				const qw_envvar *b = p ? qw_appenv_get_first(set, p->base, p->nbase) : NULL;
				qw_url u;
				qw_url_parse(b ? b->env_value : "", &u);
				bool hit = b && !u.problem && !strcmp(u.host, w[i].when_base_host);
				qw_url_free(&u);
				if (hit) {
					fd = qw_report(ctx, &QW108, qw_appenv_src(set, v), v->value_span,
						       "%s must be empty here: %s", v->key, w[i].why);
					char *bw = qw_origin_where(&(qw_origin){qw_appenv_src(set, b), b->value_span, NULL});
					qw_trace(fd, "%s at %s points at %s", b->key, bw, w[i].when_base_host);
					free(bw);
				}
			}
			free(m);
			if (!fd)
				continue;
			if (w[i].warning)
				qw_finding_set_severity(fd, QW_SEV_WARNING);
			qw_trace(fd, "source: %s", w[i].source ? w[i].source : "rules/app-env.yaml");
			qw_fix_hint(fd, "%s", w[i].use);
		}
	/* A vendor-named variable (GROQ_API_KEY) holding another vendor's distinctive key, with no base URL in the
	 * file: the client that reads it calls its own vendor. With a base URL, QW104 judges the pair instead. */
	size_t np;
	const qw_app_pair *p = qw_kb_app_pairs(ctx->kb, &np);
	for (size_t i = 0; i < np; i++) {
		if (!p[i].vendor || qw_appenv_get_first(set, p[i].base, p[i].nbase))
			continue;
		for (size_t j = 0; j < p[i].nkey; j++) {
			const qw_envvar *v = qw_appenv_get(set, p[i].key[j]);
			const qw_family *f = v ? qw_kb_family(ctx->kb, v->env_value) : NULL;
			if (!f || !f->model_key || !*f->vendor || !strcmp(f->vendor, p[i].vendor))
				continue;
			char *m = qw_mask(ctx->kb, v->env_value);
			qw_finding *fd = qw_report(ctx, &QW108, qw_appenv_src(set, v), v->value_span,
						   "%s holds %s %s %s, but clients read %s to call %s", v->key, qw_article(f->name),
						   f->name, m, v->key, p[i].vendor);
			free(m);
			/* where the client sends it is inferred (a warning), unless the key works on its own vendor's
			 * hosts only: then no client of another vendor's variable can succeed with it (an error) */
			if (!f->vendor_hosts_only)
				qw_finding_set_severity(fd, QW_SEV_WARNING);
			qw_trace(fd, "the key's prefix (%.7s…) belongs to %s; without a base URL in this file, a client "
				     "reading %s sends it to %s's own endpoint, which answers 401 (or 400)",
				 f->prefix, f->vendor, v->key, p[i].vendor);
			if (f->vendor_hosts_only)
				qw_trace(fd, "%s keys work only on %s's own hosts (rules/keys.yaml), so the request cannot "
					     "succeed wherever the client points", f->name, f->vendor);
			qw_fix_hint(fd, "put the key in %s's own variable, or put a %s key here", f->vendor, p[i].vendor);
		}
	}
}

const qw_rule QW108 = {
	.id = "QW108", .name = "key-in-wrong-variable",
	.severity = QW_SEV_ERROR, .check = check_wrong_variable, .fix = QW_FIX_NONE,
	.summary = "an application's .env puts key material in a variable that sends it the wrong way",
	.doc = "From rules/app-env.yaml: an Anthropic OAuth token (sk-ant-oat01-) in ANTHROPIC_API_KEY, which is sent "
	    "as x-api-key and gets 401 (providers.md §8); a Qianfan v2 key (bce-v3/) in QIANFAN_AK / QIANFAN_SK (a v1 "
	    "app's API Key and Secret Key) or QIANFAN_ACCESS_KEY / QIANFAN_SECRET_KEY (IAM keys) (§2); a non-empty "
	    "ANTHROPIC_API_KEY beside an OpenRouter ANTHROPIC_BASE_URL (warning, §9). Also (warning) a vendor-named "
	    "variable such as GROQ_API_KEY holding another vendor's distinctive key (xai-) with no base URL in the "
	    "file. Hermes homes are not judged: Hermes reads its variables its own way.",
	.fixdoc = "By hand: move the value to the variable the message names.",
};

static const qw_host *
request_host(const qw_kb *kb, const qw_request *r)
{
	if (!r->simulated || !r->base_url)
		return NULL;
	const qw_host *h = qw_url_endpoint(kb, r->base_url, NULL, NULL);
	return h && strcmp(h->region, "global") && qw_kb_region_bound(kb, h->vendor) ? h : NULL;
}

/* QW103 from --probe: the configured endpoint rejected the key and an endpoint of the same vendor and plan in
 * another region took it. Returns whether the probe settled the request (reported, or shown to work). */
static bool
region_by_probe(qw_ctx *ctx, qw_set *set, qw_request *r, const qw_host *h, const qw_origin *o)
{
	const qw_probe_report *rep = r->probe;
	const qw_probe_result *pc = qw_probe_configured(rep), *pa = qw_probe_accepting(rep);
	if (pc && qw_probe_authenticated(pc->cls))
		return true; /* the key works where it is sent, whatever region was stated */
	if (!pc || !qw_probe_rejected(pc->cls) || !pa || strcmp(pa->host->vendor, h->vendor) ||
	    strcmp(pa->plan, pc->plan) || !strcmp(pa->host->region, h->region))
		return false;
	if (qw_coding_plan_default(ctx, set, r))
		return true; /* QW307 says it, with its repair */
	char *kind = qw_probe_key_kind(ctx->kb, pa);
	char *m = qw_mask(ctx->kb, r->key);
	qw_finding *fd = qw_report(ctx, &QW103, o->src, o->span,
				   "%s is %s (--probe), but it is sent to %s, %s %s endpoint", m, kind, r->shown_url,
				   qw_article(qw_kb_region_name(ctx->kb, h->region, h->vendor)), qw_kb_region_name(ctx->kb, h->region, h->vendor));
	qw_finding_set_severity(fd, QW_SEV_ERROR);
	qw_trace_req(fd, set, r);
	qw_trace(fd, "--probe: %s answered %ld%s%s (%s); %s accepted the key", pc->base, pc->status,
		 pc->code ? " " : "", pc->code ? pc->code : "", qw_probe_class_name(pc->cls), pa->base);
	qw_fix_hint(fd, "send the key to %s", pa->base);
	fixit_url_host(fd, set, r, pa);
	free(m);
	free(kind);
	return true;
}

/* How sure the catalogue is of a fact: H 3, M 2, L 1, U 0. */
static int
conf_rank(char conf)
{
	const char *at = strchr("ULMH", conf);
	return conf && at ? (int)(at - "ULMH") : 0;
}

/* The same endpoint (vendor, plan, path) in region ev, as a base URL, or NULL when the catalogue has no one
 * host for it. Of two hosts there, the better-documented one is taken (Singapore's pay-as-you-go
 * dashscope-intl, H, over QwenCloud's maas.qwencloudapi.com, M); two equally sure: which one is not known. The
 * caller frees. */
static char *
same_endpoint_in(const qw_kb *kb, const qw_request *r, const qw_host *h, const char *ev)
{
	const qw_hostpath *hp;
	const char *plan;
	if (!qw_url_endpoint(kb, r->base_url, &plan, &hp) || !hp)
		return NULL;
	size_t n;
	const qw_host *all = qw_kb_hosts_all(kb, &n);
	const qw_host *hit = NULL;
	bool tie = false;
	for (size_t i = 0; i < n; i++) {
		const qw_host *c = &all[i];
		if (c->pattern[0] == '*' || strcmp(c->vendor, h->vendor) || strcmp(c->region, ev) ||
		    !qw_host_path(c, hp->path) || strcmp(qw_host_plan(c, qw_host_path(c, hp->path)), plan))
			continue;
		int cr = conf_rank(qw_host_path(c, hp->path)->conf);
		int hr = hit ? conf_rank(qw_host_path(hit, hp->path)->conf) : -1;
		if (cr == hr) {
			tie = true;
		} else if (cr > hr) {
			hit = c;
			tie = false;
		}
	}
	return hit && !tie ? qw_xprintf("https://%s%s", hit->pattern, hp->path) : NULL;
}

/* A stated region against a provider's registry default (alibaba-coding-plan's coding-intl): the repair QW307
 * offers without --region, with the host of the stated region. More information must not give less help
 * (issue 23). Unsafe: the stated region is the user's word about every key, not proof about this one. */
static void
fixit_region_default(qw_finding *fd, qw_ctx *ctx, qw_set *set, const qw_request *r, const qw_host *h,
		     const char *ev)
{
	if (r->url_from.src || !r->prov || !r->prov->base_url_env || strcmp(r->role, "model") || !set->env ||
	    !set->env->fs_path || qw_dotenv_get(set->dotenv, r->prov->base_url_env))
		return;
	/* a key the endpoint refuses for its plan (QW301/QW101: an sk-sp- key at a pay-as-you-go host) is refused in
	 * the other region too: moving it there is no repair, and with QW301's it would leave a variable QW303 then
	 * advises deleting */
	const qw_host *ph;
	const qw_family *pf;
	if (qw_classify(ctx->kb, r, &ph, &pf) != QW_V_OK)
		return;
	char *url = same_endpoint_in(ctx->kb, r, h, ev);
	if (!url)
		return;
	qw_fix_hint(fd, "set %s=%s in .env", r->prov->base_url_env, url);
	qw_fixit *x = qw_fixit_begin(fd, QW_FIX_UNSAFE, "set %s to the %s endpoint in .env (the stated region, not "
					"proof about this key)", r->prov->base_url_env, qw_kb_region_name(ctx->kb, ev, h->vendor));
	qw_env_append(x, set, set->env, r->prov->base_url_env, url);
	free(url);
}

static void
check_region(qw_ctx *ctx, qw_set *set)
{
	const char *ev = ctx->opt->region ? ctx->opt->region : set->region;
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		const qw_host *h = request_host(ctx->kb, r);
		if (!h || !r->key)
			continue;
		const qw_origin *o = qw_pick_origin(set, &r->url_from, &r->provider_from, &r->key_from);
		if (!o)
			continue;
		if (region_by_probe(ctx, set, r, h, o))
			continue;
		if (ev) {
			if (!strcmp(h->region, ev))
				continue;
			char *m = qw_mask(ctx->kb, r->key);
			qw_finding *fd = qw_report(ctx, &QW103, o->src, o->span,
						   "%s key %s is sent to %s, %s %s endpoint", qw_kb_region_name(ctx->kb, ev, h->vendor), m,
						   r->shown_url, qw_article(qw_kb_region_name(ctx->kb, h->region, h->vendor)),
						   qw_kb_region_name(ctx->kb, h->region, h->vendor));
			free(m);
			qw_trace_req(fd, set, r);
			if (ctx->opt->region)
				qw_trace(fd, "--region %s says the keys are %s keys", ev, qw_kb_region_name(ctx->kb, ev, h->vendor));
			else {
				char *w = qw_origin_where(&set->region_from);
				qw_trace(fd, "region: %s in %s says the keys are %s keys", ev, w,
					 qw_kb_region_name(ctx->kb, ev, h->vendor));
				free(w);
			}
			if (!strcmp(h->vendor, "alibaba"))
				qw_trace(fd, "Alibaba: \"API Keys are independent per region and cannot be used across "
					     "regions\"; expect HTTP 401");
			else
				qw_trace(fd, "%s issues separate keys per region (separate account systems): a key works only "
					     "where it was issued; expect HTTP %s",
					 h->vendor, h->answer ? h->answer : "401");
			fixit_region_default(fd, ctx, set, r, h, ev);
			continue;
		}
		/* No stated region: the same key sent to hosts of two regions is evidence one of them is wrong. */
		for (size_t j = 0; j < i; j++) {
			qw_request *q = &set->reqs[j];
			const qw_host *qh = request_host(ctx->kb, q);
			if (!qh || !q->key || strcmp(q->key, r->key) || !strcmp(qh->region, h->region) ||
			    strcmp(qh->vendor, h->vendor))
				continue;
			/* a request that fails on its plan already says nothing about the key's region */
			const qw_host *x;
			const qw_family *y;
			if (qw_classify(ctx->kb, r, &x, &y) != QW_V_OK || qw_classify(ctx->kb, q, &x, &y) != QW_V_OK)
				continue;
			char *fp = qw_fingerprint(r->key);
			qw_finding *fd = qw_report(ctx, &QW103, o->src, o->span,
						   "the same key (%s) is sent to %s %s endpoint here and to %s %s endpoint by "
						   "%s; a key works in one region only",
						   fp, qw_article(qw_kb_region_name(ctx->kb, h->region, h->vendor)),
						   qw_kb_region_name(ctx->kb, h->region, h->vendor),
						   qw_article(qw_kb_region_name(ctx->kb, qh->region, h->vendor)),
						   qw_kb_region_name(ctx->kb, qh->region, h->vendor), q->role);
			qw_finding_set_severity(fd, QW_SEV_WARNING);
			free(fp);
			qw_trace(fd, "%s goes to %s; %s goes to %s", r->role, r->shown_url, q->role, q->shown_url);
			qw_trace(fd, "the region is inferred; say which it is with --region or region: in .qwlint.yaml");
			break;
		}
	}
}

const qw_rule QW103 = {
	.id = "QW103", .name = "region-mismatch",
	.severity = QW_SEV_ERROR, .check = check_region, .fix = QW_FIX_SAFE,
	.summary = "the endpoint's region differs from the key's region",
	.doc = "Alibaba keys are bound to a region (\"API Keys are independent per region and cannot be used across "
	    "regions\"); Moonshot (.cn / .ai), Zhipu (bigmodel.cn / z.ai), MiniMax (.com / .io) and SiliconFlow (.cn "
	    "/ .com) run separate account systems per site (rules/endpoints.yaml `region_bound`). The key itself does "
	    "not say its region, so qwlint needs evidence: --probe (error: the endpoint rejected the key and the same "
	    "plan's endpoint in another region accepted it; a key the endpoint accepts is never reported), --region, "
	    "region: in .qwlint.yaml (error), or the same key sent to hosts of two regions (warning).",
	.fixdoc = "With --probe evidence, --fix replaces the host of the base URL as written in config.yaml or .env "
	    "with the host that accepted the key (safe). When a stated region meets a provider's default endpoint "
	    "(Hermes's alibaba-coding-plan and its coding-intl default), --fix --unsafe-fixes sets the provider's "
	    "base-URL variable in .env to the same endpoint in the stated region, as QW307 does without a region "
	    "(unsafe: the region is the user's word, not proof about the key). Otherwise by hand: use the endpoint of "
	    "the key's region, or a key issued in the endpoint's region.",
	.repair = "with `--probe` evidence, replace the base URL's host with the host that accepted the key; a stated "
	    "region against a provider's default endpoint: set the provider's base-URL variable in `.env` to the same "
	    "endpoint in the stated region",
	.repair_safety = "safe with `--probe` evidence; the stated region: unsafe",
};

/* Placeholders sent verbatim, bad characters, an inline comment Hermes keeps, an AccessKey ID. */
/* The document key a repair at span of src changes, for the re-parse check: the variable for a .env, the node's
 * path for YAML and JSON. The caller frees. */
static char *
repair_key(const qw_set *set, const qw_source *src, qw_span span, const char *var)
{
	if (src == set->env && var)
		return qw_xstrdup(var);
	const qw_doc *doc = src == set->config ? set->config_doc : src == set->auth ? set->auth_doc : NULL;
	char *p = doc ? qw_edit_node_path(doc->root, span) : NULL;
	/* a variable of a tool's application environment written in a file of its own (Claude Code's settings) */
	const qw_dotenv *env = doc ? NULL : qw_appenv_vars(set);
	for (size_t i = 0; !p && env && i < env->nvars; i++)
		if (env->vars[i].src == src && env->vars[i].value_span.start == span.start)
			p = qw_appenv_label(&env->vars[i]);
	return p ? p : qw_xstrdup(var ? var : "");
}

/* --probe's repair of a region mismatch, to the endpoint pa that accepted the key. A base URL written in a file
 * of the set: its host becomes pa's, nothing else changes (the path, a port, the quoting stay). A provider's
 * registry default: the provider's base-URL variable, set to pa's base at the end of .env. */
static void
fixit_url_host(qw_finding *fd, qw_set *set, const qw_request *r, const qw_probe_result *pa)
{
	qw_source *src = r->url_from.src;
	const char *host = pa->host->pattern;
	if (!src && r->prov && r->prov->base_url_env && set->env && set->env->fs_path &&
	    !qw_dotenv_get(set->dotenv, r->prov->base_url_env) && !strcmp(r->role, "model")) {
		qw_fixit *x = qw_fixit_begin(fd, QW_FIX_SAFE, "set %s to %s in .env (--probe found the key accepted there)",
					     r->prov->base_url_env, pa->base);
		qw_env_append(x, set, set->env, r->prov->base_url_env, pa->base);
		return;
	}
	if (!src || !qw_in_set(set, src) || (src == set->env && !set->dotenv))
		return;
	qw_span t = src == set->env ? r->url_from.span : qw_scalar_text(src, r->url_from.span);
	const char *d = src->data;
	size_t hs = t.start;
	while (hs + 3 <= t.end && memcmp(d + hs, "://", 3))
		hs++;
	if (hs + 3 > t.end)
		return;
	hs += 3;
	size_t he = hs;
	while (he < t.end && d[he] != '/' && d[he] != ':' && d[he] != '?' && d[he] != '#')
		he++;
	qw_url u;
	qw_url_parse(r->base_url, &u);
	bool same = he - hs == strlen(u.host) && !strncasecmp(d + hs, u.host, he - hs);
	qw_url_free(&u);
	if (!same)
		return; /* the text is not the URL sent (a ${VAR} reference, an escape): no byte edit says it */
	const qw_envvar *ev = src == set->env ? qw_env_var_at(set, t.start) : NULL;
	const char *var = ev ? ev->key : NULL;
	if (src == set->env && !var)
		return;
	qw_fixit *x = qw_fixit_new(fd, src, QW_FIX_SAFE, "send the key to %s (--probe found it accepted there)", host);
	qw_fixit_edit(x, hs, he, host);
	char *k = repair_key(set, src, r->url_from.span, var);
	qw_fixit_key(x, k);
	free(k);
}

/* Length of a zero-width character at s (U+200B-U+200D, U+2060, U+FEFF), 0 if none. */
static size_t
zero_width(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x8B && u[2] <= 0x8D)
		return 3;
	if (u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0xA0)
		return 3;
	if (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return 3;
	return 0;
}

/* QW105's trim repair: delete from the value, as written, what cannot belong to a key (white space, stray quotes
 * and a "Bearer " prefix at the ends, zero-width characters anywhere), when the text in the file is the key byte
 * for byte (no escapes) and what remains is a well-formed key. Deletions only, so no key byte is ever copied
 * into a repair. */
static void
fixit_trim_key(qw_ctx *ctx, qw_finding *fd, qw_source *src, qw_span span, const char *key, const char *var)
{
	size_t a, b, n = strlen(key);
	if (span.end - span.start == n && !memcmp(src->data + span.start, key, n)) {
		a = span.start;
		b = span.end;
	} else {
		qw_span t = qw_scalar_text(src, span);
		a = t.start;
		b = t.end;
		if (b - a != n || memcmp(src->data + a, key, n))
			return;
	}
	size_t lo = 0, hi = n;
	for (bool again = true; again;) {
		again = false;
		while (lo < hi && strchr(" \t\"'", key[lo]) && key[lo])
			lo++, again = true;
		if (hi - lo > 7 && !strncasecmp(key + lo, "bearer", 6) && (key[lo + 6] == ' ' || key[lo + 6] == '\t')) {
			lo += 6;
			again = true;
		}
		while (hi > lo && strchr(" \t\"'", key[hi - 1]) && key[hi - 1])
			hi--, again = true;
	}
	qw_buf clean = {0};
	for (size_t i = lo; i < hi;) {
		size_t z = zero_width(key + i);
		if (z) {
			i += z;
			continue;
		}
		qw_buf_add(&clean, key + i, 1);
		i++;
	}
	size_t at;
	bool ok = clean.len && !qw_key_defect(clean.data, &at) && !qw_kb_placeholder(ctx->kb, clean.data) &&
		  !qw_kb_hermes_no_key(ctx->kb, clean.data);
	qw_buf_free(&clean);
	if (!ok)
		return;
	qw_fixit *x = qw_fixit_new(fd, src, QW_FIX_SAFE, "delete the characters around or inside the key that are not "
						     "part of it");
	if (lo)
		qw_fixit_edit(x, a, a + lo, "");
	for (size_t i = lo; i < hi;) {
		size_t z = zero_width(key + i);
		if (z)
			qw_fixit_edit(x, a + i, a + i + z, "");
		i += z ? z : 1;
	}
	if (hi < n)
		qw_fixit_edit(x, a + hi, b, "");
	char *k = repair_key(ctx->set, src, span, var);
	qw_fixit_key(x, k);
	free(k);
}

/* QW105's inline-comment repair: the comment moves to its own line above the variable, unchanged. */
static void
fixit_move_comment(qw_finding *fd, qw_source *src, const qw_envvar *ev)
{
	int l, c;
	qw_source_pos(src, ev->comment_at, &l, &c);
	qw_span ls = qw_source_line(src, l);
	if (ev->comment_at < ls.start || ev->comment_at > ls.end)
		return;
	size_t end = ls.end;
	const char *hash = memchr(src->data + ev->comment_at, '#', end - ev->comment_at);
	if (!hash)
		return;
	/* by length, not as a C string: a NUL in the comment must not cut off the bytes after it */
	qw_buf comment = {0};
	qw_buf_add(&comment, hash, (size_t)(src->data + end - hash));
	qw_buf_adds(&comment, qw_line_break(src, ev->line_span.start));
	qw_fixit *x = qw_fixit_new(fd, src, QW_FIX_SAFE, "move the comment to its own line above %s", ev->key);
	qw_fixit_edit_n(x, ev->line_span.start, ev->line_span.start, comment.data, comment.len);
	qw_fixit_edit(x, ev->comment_at, end, "");
	qw_fixit_key(x, ev->key);
	qw_buf_free(&comment);
}

static void
key_defects(qw_ctx *ctx, qw_source *src, qw_span span, const char *key, const char *label, const qw_envvar *ev,
	    bool hermes_reader, bool sanitized)
{
	size_t at;
	const char *why = qw_key_defect(key, &at);
	const qw_family *f = qw_kb_family(ctx->kb, key);
	qw_finding *fd = NULL;
	if (hermes_reader && ev && ev->inline_comment && ev->quote) {
		fd = qw_report(ctx, &QW105, src, span,
			       "%s: Hermes's own .env reader keeps the quotes and the inline comment, so they are sent "
			       "as part of the key", label);
		qw_trace(fd, "config.load_env unquotes a value only when the whole value is one quoted string and has no "
			     "inline-comment support (hermes_cli/config.py:load_env at 306e2d2); python-dotenv, which other readers use, strips both");
		qw_fix_hint(fd, "move the comment to its own line above the variable");
		fixit_move_comment(fd, src, ev);
	} else if (hermes_reader && ev && ev->inline_comment) {
		fd = qw_report(ctx, &QW105, src, span,
			       "%s: Hermes's own .env reader has no inline-comment support, so ' # ...' is sent as part "
			       "of the key", label);
		qw_fix_hint(fd, "move the comment to its own line above the variable");
		fixit_move_comment(fd, src, ev);
	} else if (qw_is_placeholder(key) && (!qw_kb_placeholder(ctx->kb, key) || !ctx->set->hermes)) {
		/* a placeholder is no key yet, never a malformed one (no "white space" in <your key>): in a template
		 * it is the point, and in an application's file QW502 says what the program then sends */
		return;
	} else if (qw_kb_placeholder(ctx->kb, key)) {
		if (src->template)
			return;
		fd = qw_report(ctx, &QW105, src, span, "%s is a placeholder, not a key; Hermes sends it verbatim",
			       label);
		qw_fix_hint(fd, "paste the real key");
	} else if (why && sanitized && qw_key_only_invisible_defects(key)) {
		fd = qw_report(ctx, &QW105, src, span, "%s %s", label, why);
		qw_finding_set_severity(fd, QW_SEV_WARNING);
		qw_trace(fd, "Hermes strips non-ASCII characters from *_API_KEY, *_TOKEN, *_SECRET and *_KEY variables when "
			     "it loads .env into the environment (with a warning), so this key arrives clean; other "
			     "programs reading this file will not");
		qw_fix_hint(fd, "re-type or re-copy the value to drop the invisible character");
		fixit_trim_key(ctx, fd, src, span, key, ev ? ev->key : NULL);
		return;
	} else if (why) {
		fd = qw_report(ctx, &QW105, src, span, "%s %s", label, why);
		qw_fix_hint(fd, "re-copy the key from the console; keep only the key's own characters");
		fixit_trim_key(ctx, fd, src, span, key, ev ? ev->key : NULL);
	} else if (f && !f->model_key) {
		fd = qw_report(ctx, &QW105, src, span, "%s is an %s, not a model API key", label, f->name);
		qw_fix_hint(fd, "create an API key in the model service's console and use that");
	}
	if (fd)
		qw_trace(fd, "servers answer a malformed key with HTTP 401, or the client fails before sending");
}

static bool
sanitized_name(const char *name)
{
	return name && (qw_endswith(name, "_API_KEY") || qw_endswith(name, "_TOKEN") || qw_endswith(name, "_SECRET") ||
			qw_endswith(name, "_KEY"));
}

/* The key sent is Hermes's own .env parser's value of ev (config.load_env, stripped). */
static bool
sent_as_dotenv_reader(const char *key, const qw_envvar *ev)
{
	size_t n;
	const char *t = ev->hermes_value ? qw_trim(ev->hermes_value, &n) : NULL;
	return t && strlen(key) == n && !memcmp(key, t, n);
}

static void
check_malformed_key(qw_ctx *ctx, qw_set *set)
{
	/* Keys that reach a request, as the request will send them. */
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		if (!r->key || !r->key_from.src || !set->hermes)
			continue; /* an application's keys are .env variables: the loop below */
		const qw_envvar *ev = r->key_var ? qw_dotenv_get(set->dotenv, r->key_var) : NULL;
		/* built-in providers mostly read load_env's value, but not all (azure-foundry and copilot read
		 * os.environ's): what that reader keeps is sent only when the key sent is its value */
		bool hermes_reader = ev && !r->custom && r->prov && sent_as_dotenv_reader(r->key, ev);
		/* the custom resolver and ${VAR} read os.environ, which Hermes sanitizes */
		bool sanitized = r->key_from.src == set->env && !hermes_reader && sanitized_name(r->key_var);
		char *label = r->key_var ? qw_xprintf("%s", r->key_var) : qw_xstrdup(r->key_from.what);
		key_defects(ctx, r->key_from.src, r->key_from.span, r->key, label, ev, hermes_reader, sanitized);
		free(label);
	}
	/* A key sent to a vendor whose keys all have a shape this one lacks (Zhipu's id.secret). */
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		size_t at;
		if (!r->simulated || !r->key || !r->base_url || !r->key_from.src || qw_key_defect(r->key, &at) ||
		    qw_kb_placeholder(ctx->kb, r->key) || qw_kb_hermes_no_key(ctx->kb, r->key))
			continue;
		const qw_host *h = qw_url_endpoint(ctx->kb, r->base_url, NULL, NULL);
		const qw_key_shape *ks = h ? qw_kb_key_shape(ctx->kb, h->vendor) : NULL;
		if (!ks || strstr(r->key, ks->contains) || qw_kb_family(ctx->kb, r->key))
			continue; /* a distinctive family of another vendor is QW104's */
		char *m = qw_mask(ctx->kb, r->key);
		qw_finding *fd = qw_report(ctx, &QW105, r->key_from.src, r->key_from.span, "%s (%s), sent to %s, %s",
					   r->key_var ? r->key_var : r->key_from.what, m, r->shown_url,
					   ks->why ? ks->why : "does not have the vendor's key shape");
		free(m);
		qw_finding_set_severity(fd, QW_SEV_WARNING);
		qw_trace_request(fd, r);
		qw_trace(fd, "source: %s", ks->source ? ks->source : "rules/keys.yaml");
		qw_fix_hint(fd, "copy the whole key from the console, including the part after the dot");
	}
	/* Every API-key variable of a .env, used or not (python-dotenv's view: what most programs read). */
	for (size_t i = 0; set->dotenv && i < set->dotenv->nvars; i++) {
		const qw_envvar *v = &set->dotenv->vars[i];
		if (!qw_is_api_key_name(ctx->kb, v->key) || !*v->env_value || qw_kb_hermes_no_key(ctx->kb, v->env_value))
			continue;
		key_defects(ctx, set->env, v->value_span, v->env_value, v->key, v, false,
			    set->hermes && sanitized_name(v->key));
	}
}

const qw_rule QW105 = {
	.id = "QW105", .name = "malformed-key",
	.severity = QW_SEV_ERROR, .check = check_malformed_key, .fix = QW_FIX_SAFE,
	.summary = "the key value cannot be a working key",
	.doc = "White space, control or non-ASCII characters, surrounding quotes, a 'Bearer ' prefix, a masked key "
	    "('*' or '…'), a URL, a placeholder Hermes sends verbatim, an AccessKey ID instead of an API key, or an "
	    "inline comment that Hermes's own .env reader keeps (providers.md §16; hermes_cli/config.py:load_env at "
	    "306e2d2). A warning for a key sent to a vendor whose keys all have a shape it lacks (rules/keys.yaml "
	    "vendor_key_shapes: Zhipu's <id>.<secret>, §4 and §17 rule 7).",
	.fixdoc = "--fix deletes white space, quotes, zero-width characters and a 'Bearer ' prefix around or inside "
	    "the key, and moves an inline comment that Hermes's reader would send to its own line above (safe). Other "
	    "defects (a masked key, a URL, an AccessKey ID) need the real key, by hand.",
	.repair = "delete white space, stray quotes and `Bearer ` around the key and zero-width characters in it; "
	    "move an inline comment Hermes's reader would send to its own line above",
};
