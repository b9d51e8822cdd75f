/* opencode.c - see opencode.h: OpenCode's opencode.json as a set, and the requests its provider entries make
 * (one per entry with options.baseURL), each naming the client its npm package is (rules/clients.yaml). */
#include "opencode.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "keyinfo.h"
#include "placeholder.h"
#include "secret.h"
#include "url.h"
#include "dirs.h"
#include "util.h"

void
qw_opencode_free(qw_opencode *o)
{
	if (!o)
		return;
	qw_doc_free(o->doc);
	qw_source_free(o->src);
	free(o);
}

/* "{env:VAR}" or "{file:path}", OpenCode's substitutions (agents.md §3): what is in the braces, kind set to
 * "env" or "file"; NULL for a literal. The caller frees. */
static char *
substitution(const char *s, const char **kind)
{
	size_t n = strlen(s);
	if (n < 3 || s[0] != '{' || s[n - 1] != '}')
		return NULL;
	if (qw_startswith(s, "{env:"))
		*kind = "env";
	else if (qw_startswith(s, "{file:"))
		*kind = "file";
	else
		return NULL;
	size_t skip = strlen(*kind) + 2;
	return qw_xstrndup(s + skip, n - skip - 1);
}

/* The key the entry sends: a literal (its span), or a substitution qwlint cannot read offline (not judged). */
static void
request_key(qw_ctx *ctx, qw_set *set, qw_request *r, const qw_node *opts, const char *id)
{
	const qw_node *kn = NULL;
	const char *key = qw_map_string(opts, "apiKey", &kn);
	if (!key || !*key) {
		qw_request_step(r, "no options.apiKey: the key comes from OpenCode's login store or the provider's "
				   "environment variable, which qwlint does not read");
		return;
	}
	const char *kind = NULL;
	char *inner = substitution(key, &kind);
	if (inner) {
		if (!strcmp(kind, "env")) {
			r->key_var = qw_xstrdup(inner);
			r->key_env_elsewhere = true;
			qw_request_step(r, "options.apiKey is {env:%s}: the key comes from the environment variable %s when "
					   "OpenCode starts, not known here, so it is not judged", inner, inner);
		} else {
			qw_request_step(r, "options.apiKey is {file:…}: the key is read from a file when OpenCode starts, not "
					   "known here, so it is not judged");
		}
		free(inner);
		return;
	}
	if (strstr(key, "{env:") || strstr(key, "{file:") || qw_is_placeholder(key)) {
		qw_request_step(r, "options.apiKey is not a key as written (a substitution inside it, or a placeholder): "
				   "not judged");
		return;
	}
	r->key = qw_xstrdup(key);
	r->key_from = (qw_origin){qw_opencode_of(set)->src, kn->span, qw_xprintf("provider.%s.options.apiKey", id)};
	char *m = qw_mask(ctx->kb, r->key), *kw = qw_origin_where(&r->key_from);
	qw_request_step(r, "the key sent is %s, from options.apiKey at %s", m, kw);
	free(m);
	free(kw);
}

/* The model of the top-level "model": "<provider id>/<model>" when it names this entry. */
static void
request_model(qw_set *set, qw_request *r, const char *id)
{
	const qw_node *mn = NULL;
	const char *m = qw_map_string(qw_opencode_of(set)->doc->root, "model", &mn);
	size_t n = strlen(id);
	if (!m || strncmp(m, id, n) || m[n] != '/' || !m[n + 1])
		return;
	r->model = qw_xstrdup(m + n + 1);
	r->model_from = (qw_origin){qw_opencode_of(set)->src, mn->span, qw_xstrdup("model")};
}

static void
entry_request(qw_ctx *ctx, qw_set *set, const char *id, const qw_node *entry)
{
	const qw_node *opts = entry->type == QW_NODE_MAP ? qw_map_get(entry, "options") : NULL;
	const qw_node *un = NULL;
	const char *url = qw_map_string(opts, "baseURL", &un);
	if (!url || !*url || strchr(url, '{') || qw_is_placeholder(url))
		return; /* no base URL: a built-in provider's own endpoint, which qwlint does not model */
	const char *npm = qw_map_string(entry, "npm", NULL);
	const qw_client *cl = qw_kb_client_selected_by(ctx->kb, qw_tool_opencode.id, npm);
	qw_request *r = qw_set_add_request(set, qw_xprintf("provider.%s", id));
	r->provider = qw_xstrdup(id);
	r->simulated = true;
	size_t n = strlen(url);
	while (n > 1 && url[n - 1] == '/')
		n--;
	r->base_url = qw_xstrndup(url, n);
	r->shown_url = qw_url_shown(r->base_url);
	r->url_from = (qw_origin){qw_opencode_of(set)->src, un->span, qw_xprintf("provider.%s.options.baseURL", id)};
	r->client = cl;
	r->api_mode = qw_xstrdup(cl ? cl->protocol : "any");
	r->path_unjudged = !cl;
	char *uw = qw_origin_where(&r->url_from);
	if (cl)
		qw_request_step(r, "OpenCode's provider %s sends through %s (npm), which speaks the %s protocol and "
				   "appends %s to options.baseURL: %s%s (%s at %s; rules/clients.yaml, conf %c)",
				id, cl->name ? cl->name : cl->id, cl->protocol, cl->appends, r->shown_url, cl->appends,
				r->url_from.what, uw, cl->conf ? cl->conf : '?');
	else
		qw_request_step(r, "OpenCode's provider %s sends to %s (%s at %s) through %s, a client rules/clients.yaml "
				   "does not know: what it appends is unknown, so the path is not judged",
				id, r->shown_url, r->url_from.what, uw, npm ? npm : "no npm package named");
	free(uw);
	request_key(ctx, set, r, opts, id);
	request_model(set, r, id);
}

static void
opencode_resolve(qw_ctx *ctx, qw_set *set)
{
	if (!qw_opencode_of(set) || !qw_opencode_of(set)->doc || set->unreadable)
		return;
	const qw_node *root = qw_opencode_of(set)->doc->root;
	const qw_node *prov = root && root->type == QW_NODE_MAP ? qw_map_get(root, "provider") : NULL;
	if (!prov || prov->type != QW_NODE_MAP)
		return;
	for (size_t i = 0; i < prov->npairs; i++) {
		const char *id = qw_node_str(prov->pairs[i].key);
		const qw_node *v = prov->pairs[i].value;
		/* a key given twice: jsonc-parser's object keeps the last, as qw_map_get does */
		if (id && v && v->type == QW_NODE_MAP && qw_map_get(prov, id) == v)
			entry_request(ctx, set, id, v);
	}
}

static qw_source *
opencode_source(const qw_set *set, size_t i)
{
	const qw_opencode *oc = qw_opencode_of(set);
	return oc && i == 0 ? oc->src : NULL;
}

static void
opencode_parsed(const qw_set *set, const qw_source *src, const qw_doc **doc, const qw_dotenv **env)
{
	(void)env;
	const qw_opencode *oc = qw_opencode_of(set);
	if (oc && oc->src == src)
		*doc = oc->doc;
}

/* QW002: an opencode.json that is not JSONC */
static void
opencode_parse_errors(qw_ctx *ctx, qw_set *set, const qw_rule *rule)
{
	const qw_opencode *oc = qw_opencode_of(set);
	if (rule == &QW002 && oc && oc->err.failed) {
		qw_finding *f = qw_report_parse_error(ctx, rule, oc->src, &oc->err);
		qw_trace(f, "OpenCode's opencode.json (JSON with comments and trailing commas): OpenCode cannot read it");
	}
}

static const char *
opencode_kind(const qw_set *set, const qw_source *src)
{
	(void)set, (void)src;
	return "opencode-config";
}

static void
opencode_free_data(qw_set *set)
{
	qw_opencode_free(qw_opencode_of(set));
	set->data = NULL;
}

/* a project's opencode.json in its root (agents.md §3) */
static const char *const opencode_project[] = {QW_OPENCODE_NAME, NULL};

const qw_tool qw_tool_opencode = {
	.id = "opencode",
	.name = "OpenCode",
	/* ~/.config/opencode: the user's opencode.json (agents.md §3); a project's is found where the project is linted.
	 * $XDG_CONFIG_HOME is not in the facts, so it is not read. */
	.home = ".config/opencode",
	.project = opencode_project,
	.file_markers = qw_opencode_path,
	.take_file = qw_opencode_take_file,
	.parse_errors = opencode_parse_errors,
	.kind = opencode_kind,
	.set_name = "OpenCode configuration",
	.resolve = opencode_resolve,
	.source = opencode_source,
	.parsed = opencode_parsed,
	.free_data = opencode_free_data,
};
