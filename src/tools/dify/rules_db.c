/*
 * rules_db.c - the Dify rules that read a deployment's database rows (db.h: --dify-db, --dify-export): QW609 the
 * Tongyi international-endpoint switch against the plugin version the workspace runs, QW610 the
 * OpenAI-API-compatible plugin's endpoint_url against the endpoint catalogue, QW611 a workspace with no
 * credential, QW612 a plan key (its family from a console answer's obfuscated token) in Tongyi, QW613 a
 * one-region model (qwen-long) sent to the international host, QW614 an api_host that cannot take effect. Where
 * a Tongyi row's requests go is modelled once, in db_requests.c (qw_tongyi_route_of). A row is not a file: each
 * finding names the workspace, the provider and the credential, and says where in Dify's console to change it;
 * none has a --fix (qwlint never writes to the database). Facts: ../shared/knowledge/dify.md §1.2-§1.7, §2.3,
 * §3.5, dify-since-2026-08.md §1-§3; data in rules/dify.yaml.
 * A check reads the set and reports; it owns nothing past its call.
 */
#include "common.h"
#include "db.h"
#include "dify.h"

#include <stdlib.h>
#include <string.h>

#include "url.h"
#include "util.h"

static const qw_dify_db *
db_of(const qw_set *set)
{
	return qw_dify_of(set) ? qw_dify_of(set)->db : NULL;
}

static bool
is_provider(const char *id, const char *name)
{
	if (!id)
		return false;
	char *full = qw_xprintf("langgenius/%s/%s", name, name);
	bool yes = !strcmp(id, name) || !strcmp(id, full);
	free(full);
	return yes;
}

/* A row Dify uses: the credential a provider (or a custom model) points at, an enabled load-balancing entry. */
static bool
in_use(const qw_dify_row *r)
{
	return qw_dify_row_is_credential(r) && r->active;
}

static qw_finding *
report_row(qw_ctx *ctx, const qw_rule *rule, const qw_dify_db *db, const qw_dify_row *r, const char *msg)
{
	char *name = qw_dify_row_name(r);
	qw_finding *fd = qw_report(ctx, rule, db->src, qw_source_line(db->src, r->line), "%s: %s", name, msg);
	free(name);
	return fd;
}

/* Where the user changes a row's credential: the row is in Dify's database, not in a file. */
static void
console_hint(qw_finding *fd, const qw_dify_row *r, const char *field, const char *what)
{
	const char *where = is_provider(r->provider, "tongyi") ? "Tongyi" : r->provider;
	if (r->kind == QW_DIFY_ROW_PROVIDER)
		qw_fix_hint(fd, "in Dify: Settings → Model Provider → %s → credential \"%s\" → %s: %s", where,
			    r->credential, field, what);
	else
		qw_fix_hint(fd, "in Dify: Settings → Model Provider → %s → model %s → %s \"%s\" → %s: %s", where,
			    r->model ? r->model : "?", r->kind == QW_DIFY_ROW_LB ? "load-balancing entry" : "credential",
			    r->credential, field, what);
}

/* ---------------------------------------------------------------- QW609 */

static bool
switch_on(const qw_dify_row *r)
{
	const char *v = qw_dify_row_field(r, "use_international_endpoint");
	return v && !strcmp(v, "true"); /* the plugin compares the string with "true"; missing means mainland */
}

static void
upgrade_hint(qw_ctx *ctx, qw_finding *fd, const char *ver)
{
	size_t n;
	const qw_plugin_window *w = qw_kb_plugin_windows(ctx->kb, &n);
	char *good = qw_dify_first_good(w, n, "langgenius/tongyi", ver);
	qw_fix_hint(fd, "upgrade langgenius/tongyi in Dify (Plugins) to %s or later, then restart the plugin daemon", good);
	free(good);
}

/* The Tongyi version the row's workspace runs, and where that was read. */
static const char *
runs(const qw_set *set, const qw_dify_row *r, const char **from)
{
	return qw_dify_runs(qw_dify_of(set), r->tenant, "langgenius/tongyi", from);
}

static void
check_tongyi_switch(qw_ctx *ctx, qw_set *set)
{
	const qw_dify_db *db = db_of(set);
	/* the credentials in use that turn the switch on, with the version each runs: found once */
	struct intl {
		const qw_dify_row *row;
		const char *version;
	} *intl_v = NULL;
	size_t nintl = 0, cap = 0;
	for (size_t k = 0; db && k < db->n; k++) {
		const qw_dify_row *o = &db->v[k];
		const char *of;
		if (in_use(o) && is_provider(o->provider, "tongyi") && o->kind != QW_DIFY_ROW_MODEL && switch_on(o)) {
			struct intl e = {o, runs(set, o, &of)};
			QW_PUSH(intl_v, nintl, cap, e);
		}
	}
	for (size_t i = 0; db && i < db->n; i++) {
		const qw_dify_row *r = &db->v[i];
		const char *from, *ver = runs(set, r, &from);
		const qw_plugin_window *w = qw_tongyi_switch_window(ctx->kb, ver);
		/* an "__inherit__" entry is its credential, judged where that is */
		if (!w || !in_use(r) || !is_provider(r->provider, "tongyi") || r->kind == QW_DIFY_ROW_MODEL || r->inherits)
			continue; /* the version is not known, or handles the switch per request */
		if (!strcmp(w->intl_switch, "ignored") && switch_on(r)) {
			char *m = qw_xprintf("\"Use International Endpoint\" is on, but the installed Tongyi plugin %s "
					     "ignores it: requests go to %s, where an international key gets 401",
					     ver, qw_kb_tongyi_base(ctx->kb, false));
			qw_finding *fd = report_row(ctx, &QW609, db, r, m);
			free(m);
			qw_trace(fd, "the version is %s's (%s)", from, ver);
			qw_trace(fd, "%s (%s)", w->why, w->source);
			upgrade_hint(ctx, fd, ver);
			continue;
		}
		if (strcmp(w->intl_switch, "process_wide") || switch_on(r))
			continue;
		/* one plugin process serves every workspace that runs the same version (issue #2182: all tenants) */
		const qw_dify_row *intl = NULL;
		for (size_t k = 0; k < nintl && !intl; k++)
			if (intl_v[k].version && !strcmp(intl_v[k].version, ver))
				intl = intl_v[k].row;
		if (!intl)
			continue;
		char *other = qw_dify_row_name(intl);
		char *m = qw_xprintf("uses the mainland endpoint, but %s turns \"Use International Endpoint\" on, and "
				     "the installed Tongyi plugin %s keeps that for the whole plugin process: after one of "
				     "its requests, this credential's go to %s and get 401",
				     other, ver, qw_kb_tongyi_base(ctx->kb, true));
		qw_finding *fd = report_row(ctx, &QW609, db, r, m);
		free(m);
		free(other);
		qw_finding_set_severity(fd, QW_SEV_WARNING);
		qw_trace(fd, "the version is %s's (%s)", from, ver);
		qw_trace(fd, "%s (%s)", w->why, w->source);
		upgrade_hint(ctx, fd, ver);
	}
	free(intl_v);
}

const qw_rule QW609 = {
	.id = "QW609", .name = "dify-db-tongyi-intl-switch",
	.severity = QW_SEV_ERROR, .check = check_tongyi_switch, .fix = QW_FIX_NONE,
	.summary = "the installed Tongyi plugin mishandles a workspace's international-endpoint switch",
	.doc = "Read from the deployment's database (--dify-db, --dify-export): a Tongyi credential in use with "
	    "\"Use International Endpoint\" (use_international_endpoint, the string \"true\"), while the plugin "
	    "the workspace runs (the plugin daemon's plugin_installations, or without them the manifest installed "
	    "under volumes/plugin_daemon/cwd/) is 0.0.27, which ignores the switch (an error: international keys get "
	    "401 on the mainland host); or, with plugin 0.0.28 to 0.1.19, a credential on the mainland endpoint while "
	    "another credential on the same plugin version turns the switch on (a warning): those versions keep the "
	    "region for the whole plugin process, which serves every workspace, so the mainland key gets 401 after "
	    "the first international request, until the plugin daemon restarts (issue #2182; dify.md §1.7). Without "
	    "a known version the rule is silent.",
	.fixdoc = "By hand: upgrade the Tongyi plugin in Dify (Plugins) to 0.1.20 or later and restart the plugin "
	    "daemon. qwlint never writes to Dify's database.",
};

/* ---------------------------------------------------------------- QW610 */

static const char *
op_path(const char *path)
{
	/* the paths the plugin appends itself (dify.md §2.3) */
	static const char *const ops[] = {"/chat/completions", "/completions", "/embeddings", "/rerank",
					  "/audio/transcriptions", "/audio/speech"};
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (qw_endswith(path, ops[i]))
			return ops[i];
	return NULL;
}

/* The OpenAI base the catalogue lists for host h, or NULL. */
static const qw_hostpath *
openai_base(const qw_host *h)
{
	for (size_t i = 0; i < h->npaths; i++)
		if (!strcmp(h->paths[i].protocol, "openai"))
			return &h->paths[i];
	return NULL;
}

static void
check_url(qw_ctx *ctx, qw_set *set, const qw_dify_db *db, const qw_dify_row *r, const char *url)
{
	static const char *const field = "API Base URL (API endpoint URL before plugin 0.0.55)";
	size_t n = strlen(url);
	if (n && (url[0] == ' ' || url[0] == '\t' || url[n - 1] == ' ' || url[n - 1] == '\t' || url[n - 1] == '\n' ||
		  url[n - 1] == '\r')) {
		qw_finding *fd = report_row(ctx, &QW610, db, r, "endpoint_url has white space at an end, which the "
							       "plugin sends as written");
		qw_trace(fd, "the plugins trim nothing (dify.md §6.3)");
		console_hint(fd, r, field, "remove the white space");
		return;
	}
	qw_url u;
	qw_url_parse(url, &u);
	char *shown = qw_url_shown(url);
	if (u.problem) {
		char *m = qw_xprintf("endpoint_url %s %s", shown, u.problem);
		qw_finding *fd = report_row(ctx, &QW610, db, r, m);
		free(m);
		qw_trace(fd, "the plugin posts to {endpoint_url}/chat/completions as written; without a scheme requests "
			     "fails with \"No scheme supplied\" (dify.md §2.3)");
		console_hint(fd, r, field, "write the full base URL, e.g. https://host/v1");
		goto out;
	}
	const char *op = op_path(u.path);
	if (op) {
		char *m = qw_xprintf("endpoint_url %s ends in the operation path %s, which the plugin appends itself",
				     shown, op);
		qw_finding *fd = report_row(ctx, &QW610, db, r, m);
		free(m);
		qw_trace(fd, "the request goes to …%s%s and fails with 404 (dify.md §2.3)", op, op);
		console_hint(fd, r, field, "remove the operation path from the end");
		goto out;
	}
	const qw_host *h = qw_kb_host(ctx->kb, u.host);
	const qw_hostpath *want = h ? openai_base(h) : NULL;
	const qw_hostpath *at = h ? qw_host_path(h, u.path) : NULL;
	if (want && at && !strcmp(at->protocol, "native")) {
		char *m = qw_xprintf("endpoint_url %s is %s's native API path %s, not its OpenAI-compatible one", shown,
				     u.host, at->path);
		qw_finding *fd = report_row(ctx, &QW610, db, r, m);
		free(m);
		qw_trace(fd, "the plugin posts OpenAI requests to …%s/chat/completions, which the native API does not "
			     "serve (dify.md §2.3, §2.5)", at->path);
		char *fix = qw_xprintf("use https://%s%s", u.host, want->path);
		console_hint(fd, r, field, fix);
		free(fix);
	} else if (want && !at) {
		size_t pl = strlen(u.path);
		bool prefix = !strncmp(want->path, u.path, pl) && want->path[pl] == '/';
		char *m = prefix ? qw_xprintf("endpoint_url %s lacks the version path %s that %s needs", shown,
					      want->path + pl, u.host)
				 : qw_xprintf("endpoint_url %s uses path %s, which %s does not serve", shown,
					      u.path[0] ? u.path : "/", u.host);
		qw_finding *fd = report_row(ctx, &QW610, db, r, m);
		free(m);
		qw_trace(fd, "the plugin appends /chat/completions and never adds /v1 (dify.md §2.3)");
		char *fix = qw_xprintf("use https://%s%s", u.host, want->path);
		console_hint(fd, r, field, fix);
		free(fix);
	}
	/* the host's region against the keys' region, when --region or .qwlint.yaml states it */
	const char *region = ctx->opt->region ? ctx->opt->region : set->region;
	if (h && region && h->region && *h->region && strcmp(h->region, region) && qw_kb_region_bound(ctx->kb, h->vendor)) {
		char *m = qw_xprintf("endpoint_url %s is region %s's host, and the keys here are for %s", shown,
				     h->region, region);
		qw_finding *fd = report_row(ctx, &QW610, db, r, m);
		free(m);
		qw_finding_set_severity(fd, QW_SEV_WARNING);
		qw_trace(fd, "%s's keys work only in the region that issued them (%s)", h->vendor, h->source);
		console_hint(fd, r, field, "use the host of the key's region");
	}
out:
	free(shown);
	qw_url_free(&u);
}

static void
check_endpoint_url(qw_ctx *ctx, qw_set *set)
{
	const qw_dify_db *db = db_of(set);
	for (size_t i = 0; db && i < db->n; i++) {
		const qw_dify_row *r = &db->v[i];
		const char *url = qw_dify_row_field(r, "endpoint_url");
		if (in_use(r) && !r->inherits && is_provider(r->provider, "openai_api_compatible") && url && *url)
			check_url(ctx, set, db, r, url);
	}
}

const qw_rule QW610 = {
	.id = "QW610", .name = "dify-db-endpoint-url",
	.severity = QW_SEV_ERROR, .check = check_endpoint_url, .fix = QW_FIX_NONE,
	.summary = "an OpenAI-API-compatible credential's endpoint_url cannot work",
	.doc = "Read from the deployment's database (--dify-db, --dify-export): the endpoint_url of an "
	    "OpenAI-API-compatible credential in use. The plugin appends /chat/completions (or /embeddings, "
	    "/rerank, ...) and nothing else (dify.md §2.3), so the URL needs a scheme, its version path "
	    "(DashScope: /compatible-mode/v1), no operation path, and not a native API path such as DashScope's "
	    "/api/v1; white space at an end is sent as written. With --region or .qwlint.yaml's region, a host of "
	    "another region is a warning (the keys are bound to their region).",
	.fixdoc = "By hand, in Dify's console (the message says where). qwlint never writes to Dify's database.",
};

/* ---------------------------------------------------------------- QW611 */

static void
check_empty_workspace(qw_ctx *ctx, qw_set *set)
{
	const qw_dify_db *db = db_of(set);
	for (size_t i = 0; db && i < db->n; i++) {
		const qw_dify_row *w = &db->v[i];
		if (w->kind != QW_DIFY_ROW_WORKSPACE || !w->tenant)
			continue;
		bool any = false;
		for (size_t k = 0; k < db->n && !any; k++)
			any = qw_dify_row_is_credential(&db->v[k]) && db->v[k].tenant && !strcmp(db->v[k].tenant, w->tenant);
		if (any)
			continue;
		qw_finding *fd = report_row(ctx, &QW611, db, w, "no model-provider credential: nothing here for qwlint "
							      "to check, and no model its apps could call with a key of its own");
		qw_fix_hint(fd, "in Dify: Settings → Model Provider, add a provider's credential (or ignore an unused "
				"workspace)");
	}
}

const qw_rule QW611 = {
	.id = "QW611", .name = "dify-db-empty-workspace",
	.severity = QW_SEV_INFO, .check = check_empty_workspace, .fix = QW_FIX_NONE,
	.summary = "a Dify workspace has no model-provider credential",
	.doc = "Read from the deployment's database (--dify-db, --dify-export): a workspace (tenants) with no row "
	    "in provider_credentials, provider_model_credentials or load_balancing_model_configs. There is nothing "
	    "of it for the other database rules to check; said so that an empty result is not taken for a clean "
	    "one.",
	.fixdoc = "Nothing to repair: add a credential in Dify's console if the workspace is used.",
};

/* ---------------------------------------------------------------- QW612 */

/* Why a Tongyi row's requests go where they go: api_host, or the switch. */
static void
trace_route(qw_finding *fd, const qw_kb *kb, const qw_tongyi_route *rt)
{
	if (rt->api_host == QW_API_HOST_READ)
		qw_trace(fd, "api_host reduces to %s, which plugin %s reads: it calls %s (%s)", rt->host, rt->version,
			 rt->base, qw_kb_tongyi_api_host(kb).source);
	else
		qw_trace(fd, "\"Use International Endpoint\" is %s: the plugin calls %s (dify.md §1.4)",
			 rt->intl ? "\"true\"" : "not \"true\"", rt->base);
}

/* The route of a Tongyi row ends at one of DashScope's two shared hosts (the switch's, or api_host naming one). */
static bool
shared_host(const qw_kb *kb, const qw_tongyi_route *rt)
{
	return rt->base && (!strcmp(rt->base, qw_kb_tongyi_base(kb, false)) || !strcmp(rt->base, qw_kb_tongyi_base(kb, true)));
}

static void
check_plan_key(qw_ctx *ctx, qw_set *set)
{
	const qw_dify_db *db = db_of(set);
	for (size_t i = 0; db && i < db->n; i++) {
		const qw_dify_row *r = &db->v[i];
		const qw_family *f = r->key_family ? qw_kb_family(ctx->kb, r->key_family) : NULL;
		if (!f || !in_use(r) || !is_provider(r->provider, "tongyi") || qw_family_has_plan(f, "payg") ||
		    qw_family_has_plan(f, "general"))
			continue;
		qw_tongyi_route rt;
		qw_tongyi_route_of(ctx->kb, qw_dify_of(set), r, &rt);
		if (shared_host(ctx->kb, &rt)) {
			char *m = qw_xprintf("the key in use is %s %s (%s…, from the console's obfuscated token), and the "
					     "Tongyi plugin calls %s, DashScope's pay-as-you-go API, where it gets 401",
					     qw_article(f->name), f->name, f->prefix, rt.base);
			qw_finding *fd = report_row(ctx, &QW612, db, r, m);
			free(m);
			trace_route(fd, ctx->kb, &rt);
			if (rt.api_host != QW_API_HOST_READ)
				qw_trace(fd, "without api_host the plugin knows two hosts, %s and %s, and cannot reach the "
					     "plan's (dify.md §1.4, §6.2)",
					 qw_kb_tongyi_base(ctx->kb, false), qw_kb_tongyi_base(ctx->kb, true));
			qw_trace(fd, "%s", f->source);
			qw_fix_hint(fd, "use a pay-as-you-go key in Settings → Model Provider → Tongyi, or add the plan's key "
					"to the OpenAI-API-compatible plugin with the plan's base URL");
		}
		qw_tongyi_route_free(&rt);
	}
}

const qw_rule QW612 = {
	.id = "QW612", .name = "dify-db-tongyi-plan-key",
	.severity = QW_SEV_ERROR, .check = check_plan_key, .fix = QW_FIX_NONE,
	.summary = "a Tongyi credential holds a plan key (sk-sp-) the plugin cannot use",
	.doc = "Read from a saved answer of Dify's console API (--dify-export FILE, FILE being what GET "
	    "/console/api/workspaces/current/model-providers/langgenius/tongyi/tongyi/credentials returned): the "
	    "key in use, shown as an obfuscated token whose first 6 characters give its family, is a Coding Plan "
	    "or Token Plan key (sk-sp-). The Tongyi plugin calls DashScope's pay-as-you-go hosts only "
	    "(dashscope.aliyuncs.com, dashscope-intl.aliyuncs.com), which refuse such keys: \"Incorrect model "
	    "credentials provided\" (dify.md §1.4, §6.2; dify-since-2026-08.md §3). With api_host (read from plugin "
	    "0.2.19 on) the rule fires only when it names one of those two hosts; silent when the workspace's plugin "
	    "version does not say whether api_host is read.",
	.fixdoc = "By hand: a pay-as-you-go key for Tongyi, or the plan key in the OpenAI-API-compatible plugin with "
	    "the plan's base URL. qwlint never writes to Dify's database.",
};

/* ---------------------------------------------------------------- QW613 */

/* An enabled load-balancing entry of the workspace's model: then Dify rotates over the entries, which are judged
 * themselves, and the provider's credential may not be among them. */
static bool
balanced(const qw_dify_db *db, const qw_dify_row *d)
{
	for (size_t i = 0; i < db->n; i++) {
		const qw_dify_row *r = &db->v[i];
		if (r->kind == QW_DIFY_ROW_LB && r->active && r->tenant && d->tenant && !strcmp(r->tenant, d->tenant) &&
		    r->provider && d->provider && !strcmp(r->provider, d->provider) && r->model && !strcmp(r->model, d->model))
			return true;
	}
	return false;
}

/* The credential Dify calls for row r's model: r itself when it is a credential in use; for a workspace's
 * default model, the provider's credential in use (none when load balancing decides). */
static const qw_dify_row *
credential_for(const qw_dify_db *db, const qw_dify_row *r)
{
	if (in_use(r) && r->inherit_from)
		return &db->v[r->inherit_from - 1]; /* "__inherit__": the credential it stands for */
	if (in_use(r))
		return r;
	if (r->kind != QW_DIFY_ROW_DEFAULT || balanced(db, r))
		return NULL;
	return qw_dify_db_model_credential(db, r); /* a custom model of that name first, else the provider's */
}

static void
check_region_model(qw_ctx *ctx, qw_set *set)
{
	const qw_dify_db *db = db_of(set);
	for (size_t i = 0; db && i < db->n; i++) {
		const qw_dify_row *r = &db->v[i];
		const qw_region_model *rm =
			r->model && is_provider(r->provider, "tongyi") ? qw_kb_region_model(ctx->kb, "langgenius/tongyi", r->model) : NULL;
		const qw_dify_row *c = rm ? credential_for(db, r) : NULL;
		if (!c)
			continue;
		qw_tongyi_route rt;
		qw_tongyi_route_of(ctx->kb, qw_dify_of(set), c, &rt);
		/* the guard blocks the shared international host only (with api_host too: dify-since-2026-08.md §1) */
		if (rt.base && !strcmp(rt.base, qw_kb_tongyi_base(ctx->kb, true))) {
			char *cn = c != r ? qw_dify_row_name(c) : NULL;
			char *m = c != r ? qw_xprintf("the plugin serves %s in region %s only, but %s, which Dify calls "
						      "for it, sends requests to %s",
						      r->model, rm->region, cn, rt.base)
					 : qw_xprintf("the plugin serves %s in region %s only, but this credential sends "
						      "requests to %s",
						      r->model, rm->region, rt.base);
			qw_finding *fd = report_row(ctx, &QW613, db, r, m);
			free(m);
			free(cn);
			trace_route(fd, ctx->kb, &rt);
			qw_trace(fd, "%s (%s)", rm->why, rm->source);
			console_hint(fd, c, rt.api_host == QW_API_HOST_READ ? "API Host" : "Use International Endpoint",
				     rt.api_host == QW_API_HOST_READ ? "a host of the model's region (or none)"
								     : "No, with a mainland key; or use another model");
		}
		qw_tongyi_route_free(&rt);
	}
}

const qw_rule QW613 = {
	.id = "QW613", .name = "dify-db-tongyi-region-model",
	.severity = QW_SEV_ERROR, .check = check_region_model, .fix = QW_FIX_NONE,
	.summary = "a model served in one region only is called through Tongyi's international endpoint",
	.doc = "Read from the deployment's database (--dify-db, --dify-export): a Tongyi model that the plugin serves "
	    "in one region only (rules/dify.yaml region_models: qwen-long, Beijing) is called with a credential that "
	    "sends requests to the shared international host: a load-balancing entry or a custom model's credential "
	    "of that model, or a workspace's default model (tenant_default_models) with the provider's credential "
	    "in use, when no load-balancing entry of the model is enabled. The plugin answers \"Qwen-Long is only "
	    "available in the Beijing region.\" (dify.md §1.4; with api_host, only the shared international host is "
	    "refused, dify-since-2026-08.md §1). Silent when the host is not known.",
	.fixdoc = "By hand, in Dify's console (the message says where): the switch off with a mainland key, or another "
	    "model. qwlint never writes to Dify's database.",
};

/* ---------------------------------------------------------------- QW614 */

static void
check_api_host(qw_ctx *ctx, qw_set *set)
{
	const qw_dify_db *db = db_of(set);
	qw_api_host_facts f = qw_kb_tongyi_api_host(ctx->kb);
	for (size_t i = 0; db && i < db->n; i++) {
		const qw_dify_row *r = &db->v[i];
		if (!in_use(r) || r->inherits || !is_provider(r->provider, "tongyi") || !qw_dify_row_field(r, "api_host"))
			continue;
		qw_tongyi_route rt;
		qw_tongyi_route_of(ctx->kb, qw_dify_of(set), r, &rt);
		const char *slash = rt.host ? strchr(rt.host, '/') : NULL;
		char *hostonly = slash ? qw_xstrndup(rt.host, (size_t)(slash - rt.host)) : NULL;
		if (rt.api_host == QW_API_HOST_IGNORED) {
			char *m = qw_xprintf("api_host is set, but the Tongyi plugin %s the workspace runs predates it (read "
					     "from %s on): requests go to %s",
					     rt.version, f.since, rt.base ? rt.base : "the switch's host");
			qw_finding *fd = report_row(ctx, &QW614, db, r, m);
			free(m);
			qw_finding_set_severity(fd, QW_SEV_WARNING);
			qw_trace(fd, "the version is %s's (%s); %s has no api_host field (%s)", rt.version_from, rt.version,
				 f.absent_to, f.source);
			char *up = qw_xprintf("upgrade langgenius/tongyi in Dify (Plugins) to %s or later, or clear API Host",
					      f.since);
			qw_fix_hint(fd, "%s", up);
			free(up);
		} else if (slash && qw_kb_host(ctx->kb, hostonly)) {
			/* a path the plugin does not strip stays before /api/v1; judged on known hosts only (a proxy of
			 * one's own may serve a path) */
			char *m = qw_xprintf("api_host keeps the path %s after the plugin drops the scheme and its known API "
					     "paths, so it calls https://%s/api/v1, a path %s does not serve",
					     slash, rt.host, hostonly);
			qw_finding *fd = report_row(ctx, &QW614, db, r, m);
			free(m);
			if (rt.api_host != QW_API_HOST_READ)
				qw_finding_set_severity(fd, QW_SEV_WARNING);
			if (rt.api_host == QW_API_HOST_READ)
				qw_trace(fd, "the workspace runs plugin %s (%s), which reads api_host", rt.version, rt.version_from);
			else
				qw_trace(fd, "if the plugin reads api_host: from %s on it does, and the workspace's version is "
					     "%s", f.since, rt.version ? rt.version : "not known");
			qw_trace(fd, "the plugin strips white space, a scheme, slashes and one of %zu API paths, then "
				     "calls https://HOST/api/v1 (%s)", f.npaths, f.source);
			/* the host alone only where it serves DashScope's native API: a plan's host does not (its base URL
			 * belongs in the OpenAI-API-compatible plugin), and advising it would trade one failure for another */
			const qw_host *h = qw_kb_host(ctx->kb, hostonly);
			bool native = false;
			for (size_t k = 0; k < h->npaths; k++)
				native = native || !strcmp(h->paths[k].protocol, "native");
			char *fix = native ? qw_xprintf("%s (the host alone)", hostonly)
					   : qw_xprintf("clear it: %s serves no native DashScope API; a plan's base URL goes "
							"in the OpenAI-API-compatible plugin", hostonly);
			console_hint(fd, r, "API Host", fix);
			free(fix);
		}
		free(hostonly);
		qw_tongyi_route_free(&rt);
	}
}

const qw_rule QW614 = {
	.id = "QW614", .name = "dify-db-tongyi-api-host",
	.severity = QW_SEV_ERROR, .check = check_api_host, .fix = QW_FIX_NONE,
	.summary = "a Tongyi credential's api_host cannot take effect as written",
	.doc = "Read from the deployment's database (--dify-db, --dify-export): the API Host (api_host) of a Tongyi "
	    "credential in use. The plugin reduces it to a host by dropping white space, a scheme, slashes and one "
	    "known API path (/compatible-mode/v1, /api-ws/v1/inference, /api/v1) from its end, and calls "
	    "https://HOST/api/v1 (models/tongyi/models/_common.py @ 1896446f, PR #3895). A path left over on a "
	    "host qwlint knows, such as a plan's https://coding.dashscope.aliyuncs.com/v1, makes that "
	    "https://coding.dashscope.aliyuncs.com/v1/api/v1: an error when the workspace's plugin version reads "
	    "api_host (0.2.19 and later), a warning when its version is not known. A plugin of 0.2.13 or older has "
	    "no api_host and sends to the switch's host (a warning). Hosts qwlint does not know (a proxy of one's "
	    "own) are not judged.",
	.fixdoc = "By hand, in Dify's console: the host alone in API Host, or the plugin upgraded. qwlint never writes "
	    "to Dify's database.",
};
