/* openclaw.c - see openclaw.h: OpenClaw's openclaw.json (JSON5) and .env as a set, and one request per
 * models.providers.<id> entry with a baseUrl, its client the one its `api` names (rules/clients.yaml). */
#include "openclaw.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "keyinfo.h"
#include "placeholder.h"
#include "secret.h"
#include "url.h"
#include "dirs.h"
#include "util.h"

/* models.providers, or NULL */
static const qw_node *
providers(const qw_doc *doc)
{
	const qw_node *root = doc ? doc->root : NULL;
	const qw_node *models = root && root->type == QW_NODE_MAP ? qw_map_get(root, "models") : NULL;
	const qw_node *prov = models && models->type == QW_NODE_MAP ? qw_map_get(models, "providers") : NULL;
	return prov && prov->type == QW_NODE_MAP ? prov : NULL;
}

void
qw_openclaw_add_config(qw_openclaw *oc, qw_source *src)
{
	if (oc->src) { /* one openclaw.json per set */
		qw_source_free(src);
		return;
	}
	oc->src = src;
	/* OpenClaw reads it as JSON5 (agents.md §3); so does --fix's re-parse check (fix_verify.c) */
	src->syntax = QW_SYNTAX_JSON5;
	oc->doc = qw_json_parse_dialect(src, QW_JSON_JSON5, &oc->err);
	/* every provider's apiKey is a secret whatever its shape (a ${VAR} keeps its name visible) */
	const qw_node *prov = providers(oc->doc);
	for (size_t i = 0; prov && i < prov->npairs; i++) {
		const qw_node *k = NULL;
		if (qw_map_string(prov->pairs[i].value, "apiKey", &k) && *k->str)
			qw_mark_value_secret(src, k->span);
	}
	qw_mark_text_secrets(src);
}

void
qw_openclaw_add_env(qw_openclaw *oc, qw_source *src)
{
	if (oc->env_src) {
		qw_source_free(src);
		return;
	}
	oc->env_src = src;
	src->kind = QW_KIND_DOTENV;
	oc->env = qw_dotenv_parse(src);
	for (size_t i = 0; i < oc->env->nvars; i++)
		if (qw_is_secret_name(oc->env->vars[i].key))
			qw_source_add_secret(src, oc->env->vars[i].value_span);
	for (size_t i = 0; i < oc->env->nerrors; i++)
		qw_mark_broken_line(src, oc->env->errors[i].offset);
	qw_mark_text_secrets(src);
}

void
qw_openclaw_free(qw_openclaw *oc)
{
	if (!oc)
		return;
	qw_doc_free(oc->doc);
	qw_source_free(oc->src);
	qw_dotenv_free(oc->env);
	qw_source_free(oc->env_src);
	free(oc);
}

/* ---- requests ---- */

/* The key the entry sends: the apiKey literal (its span); a ${…} in it or a placeholder is not a key qwlint knows. */
static void
request_key(qw_ctx *ctx, qw_set *set, qw_request *r, const qw_node *entry, const char *id)
{
	const qw_node *kn = NULL;
	const char *key = qw_map_string(entry, "apiKey", &kn);
	if (!key || !*key) {
		qw_request_step(r, "no apiKey: where OpenClaw then takes this provider's key from is not in the facts "
				   "qwlint holds, so no key rule judges this request");
		return;
	}
	if (strstr(key, "${")) {
		qw_request_step(r, "apiKey refers to a variable (${…}): whether and from where OpenClaw substitutes it is "
				   "not in the facts qwlint holds, so the key is unknown and not judged");
		return;
	}
	if (qw_is_placeholder(key)) {
		qw_request_step(r, "apiKey is a placeholder, not a key: not judged");
		return;
	}
	r->key = qw_xstrdup(key);
	r->key_from = (qw_origin){qw_openclaw_of(set)->src, kn->span, qw_xprintf("models.providers.%s.apiKey", id)};
	char *m = qw_mask(ctx->kb, r->key), *kw = qw_origin_where(&r->key_from);
	qw_request_step(r, "the key sent is %s, from apiKey at %s", m, kw);
	free(m);
	free(kw);
}

/* The client `api` names (rules/clients.yaml), and the steps that say what OpenClaw sends through it. */
static void
request_client(qw_ctx *ctx, qw_request *r, const qw_node *entry, const char *id)
{
	const char *api = qw_map_string(entry, "api", NULL);
	const qw_client *cl = api ? qw_kb_client_selected_by(ctx->kb, qw_tool_openclaw.id, api) : NULL;
	r->client = cl;
	r->api_mode = qw_xstrdup(cl ? cl->protocol : "any");
	r->path_unjudged = !cl;
	char *uw = qw_origin_where(&r->url_from);
	if (cl)
		qw_request_step(r, "OpenClaw's provider %s has \"api\": \"%s\": it speaks the %s protocol and appends %s "
				   "to baseUrl: %s%s (%s at %s; rules/clients.yaml, conf %c)",
				id, api, cl->protocol, cl->appends, r->shown_url, cl->appends, r->url_from.what, uw,
				cl->conf ? cl->conf : '?');
	else if (api)
		qw_request_step(r, "OpenClaw's provider %s sends to %s (%s at %s) with \"api\": \"%s\", an API "
				   "rules/clients.yaml does not know: what it appends is unknown, so the path is not judged",
				id, r->shown_url, r->url_from.what, uw, api);
	else
		qw_request_step(r, "OpenClaw's provider %s sends to %s (%s at %s) with no \"api\": which API OpenClaw "
				   "then speaks is not in the facts qwlint holds, so the path is not judged",
				id, r->shown_url, r->url_from.what, uw);
	free(uw);
}

static void
entry_request(qw_ctx *ctx, qw_set *set, const char *id, const qw_node *entry)
{
	const qw_node *un = NULL;
	const char *url = qw_map_string(entry, "baseUrl", &un);
	if (!url || !*url || strstr(url, "${") || qw_is_placeholder(url))
		return; /* no base URL as written: a built-in provider's own endpoint, which the facts do not give */
	qw_request *r = qw_set_add_request(set, qw_xprintf("models.providers.%s", id));
	r->provider = qw_xstrdup(id);
	r->simulated = true;
	size_t n = strlen(url);
	while (n > 1 && url[n - 1] == '/')
		n--;
	r->base_url = qw_xstrndup(url, n);
	r->shown_url = qw_url_shown(r->base_url);
	r->url_from = (qw_origin){qw_openclaw_of(set)->src, un->span, qw_xprintf("models.providers.%s.baseUrl", id)};
	request_client(ctx, r, entry, id);
	if (!strcmp(id, "qwen"))
		qw_request_step(r, "this baseUrl overrides the endpoint of the built-in qwen provider's onboarding auth "
				   "choice (docs.openclaw.ai providers/qwen_modelstudio; agents.md §3)");
	request_key(ctx, set, r, entry, id);
	qw_request_step(r, "which of this provider's models[] OpenClaw sends is chosen outside models.providers and "
			   "not modelled: no model rule judges this request");
}

static void
openclaw_resolve(qw_ctx *ctx, qw_set *set)
{
	const qw_openclaw *oc = qw_openclaw_of(set);
	const qw_node *prov = oc && !set->unreadable ? providers(oc->doc) : NULL;
	for (size_t i = 0; prov && i < prov->npairs; i++) {
		const char *id = qw_node_str(prov->pairs[i].key);
		const qw_node *v = prov->pairs[i].value;
		/* a key given twice: JSON5 keeps the last, as qw_map_get does */
		if (id && v && v->type == QW_NODE_MAP && qw_map_get(prov, id) == v)
			entry_request(ctx, set, id, v);
	}
}

static qw_source *
openclaw_source(const qw_set *set, size_t i)
{
	const qw_openclaw *oc = qw_openclaw_of(set);
	qw_source *own[] = {oc ? oc->src : NULL, oc ? oc->env_src : NULL};
	for (size_t k = 0; k < 2; k++)
		if (own[k] && i-- == 0)
			return own[k];
	return NULL;
}

/* openclaw.json's tree, or the .env's variables (a key in a file git tracks: QW702) */
static void
openclaw_parsed(const qw_set *set, const qw_source *src, const qw_doc **doc, const qw_dotenv **env)
{
	const qw_openclaw *oc = qw_openclaw_of(set);
	if (oc && oc->src == src)
		*doc = oc->doc;
	if (oc && oc->env_src == src)
		*env = oc->env;
}

/* ~/.openclaw/.env: the file a .gitignore must cover when it holds keys (QW703) */
static qw_source *
openclaw_main_env(const qw_set *set, const qw_dotenv **env)
{
	const qw_openclaw *oc = qw_openclaw_of(set);
	if (!oc || !oc->env_src)
		return NULL;
	*env = oc->env;
	return oc->env_src;
}

/* QW002: an openclaw.json that is not JSON5. QW003: a line of the .env that is not KEY=VALUE, a warning: which
 * reader OpenClaw's gateway uses, and whether it skips such a line and reads the rest, is not in the facts. */
static void
openclaw_parse_errors(qw_ctx *ctx, qw_set *set, const qw_rule *rule)
{
	const qw_openclaw *oc = qw_openclaw_of(set);
	if (rule == &QW002 && oc && oc->src && oc->err.failed) {
		qw_finding *f = qw_report_parse_error(ctx, rule, oc->src, &oc->err);
		qw_trace(f, "OpenClaw's openclaw.json (JSON5): OpenClaw cannot read it, so none of its providers is used "
			    "as written");
	}
	for (size_t i = 0; rule == &QW003 && oc && oc->env && i < oc->env->nerrors; i++) {
		qw_finding *f = qw_report_parse_error(ctx, rule, oc->env_src, &oc->env->errors[i]);
		qw_finding_set_severity(f, QW_SEV_WARNING);
		qw_trace(f, "~/.openclaw/.env is the environment OpenClaw's gateway reads (agents.md §3); how its reader "
			    "treats a line that is not KEY=VALUE is not in the facts qwlint holds, so this is a warning");
		qw_fix_hint(f, "write the line as KEY=VALUE, or start it with '#' to make it a comment");
	}
}

static const char *
openclaw_kind(const qw_set *set, const qw_source *src)
{
	const qw_openclaw *oc = qw_openclaw_of(set);
	return oc && src == oc->env_src ? "openclaw-env" : "openclaw-config";
}

static void
openclaw_free_data(qw_set *set)
{
	qw_openclaw_free(qw_openclaw_of(set));
	set->data = NULL;
}

const qw_tool qw_tool_openclaw = {
	.id = "openclaw",
	.name = "OpenClaw",
	/* ~/.openclaw: openclaw.json and .env (agents.md §3) */
	.home = QW_OPENCLAW_DIR,
	.dir_markers = qw_openclaw_markers,
	.dir_by_name = true,
	.take_dir = qw_openclaw_take_dir,
	.take_file = qw_openclaw_take_file,
	.parse_errors = openclaw_parse_errors,
	.kind = openclaw_kind,
	.set_name = "OpenClaw configuration",
	.resolve = openclaw_resolve,
	.source = openclaw_source,
	.parsed = openclaw_parsed,
	.main_env = openclaw_main_env,
	.free_data = openclaw_free_data,
};
