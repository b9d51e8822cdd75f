/* codex.c - see codex.h: Codex CLI's config.toml as a set, and one request per [model_providers.<id>] table with
 * a base_url (the one model_provider selects says so in its trace). */
#include "codex.h"
#include "common.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "secret.h"
#include "url.h"
#include "dirs.h"
#include "util.h"

/* The providers the file defines, in the order written; model_provider marks the one Codex uses. */
static void
read_providers(qw_codex *c)
{
	const qw_node *root = c->doc->root;
	const qw_node *all = qw_map_get(root, "model_providers");
	const char *sel = qw_map_str(root, "model_provider");
	if (!all || all->type != QW_NODE_MAP)
		return;
	for (size_t i = 0; i < all->npairs; i++) {
		const char *id = qw_node_str(all->pairs[i].key);
		const qw_node *t = all->pairs[i].value;
		if (!id || !t || t->type != QW_NODE_MAP)
			continue;
		qw_codex_provider p = {id, t, qw_map_get(t, "base_url"), qw_map_get(t, "env_key"),
				       qw_map_get(t, "wire_api"), sel && !strcmp(sel, id), SIZE_MAX};
		QW_PUSH(c->prov, c->nprov, c->prov_cap, p);
	}
}

void
qw_codex_add(qw_set *set, qw_source *src)
{
	if (qw_codex_of(set)) { /* one config.toml per set */
		qw_source_free(src);
		return;
	}
	qw_codex *c = set->data = qw_xcalloc(1, sizeof(*c));
	c->src = src;
	c->doc = qw_toml_parse(src, &c->err);
	if (c->doc)
		read_providers(c);
	/* experimental_bearer_token (agents.md §3) or a key pasted anywhere: never printed */
	qw_mark_text_secrets(src);
}

void
qw_codex_free(qw_codex *c)
{
	if (!c)
		return;
	qw_doc_free(c->doc);
	qw_source_free(c->src);
	free(c->prov);
	free(c);
}

/* ---- requests ---- */

/* what: the value's path in the file; taken over */
static qw_origin
node_origin(qw_source *src, const qw_node *n, char *what)
{
	return (qw_origin){src, n->span, what};
}

/* What Codex appends to base_url for a wire API (agents.md §3: chat, Codex <= 0.80.0; responses, newer ones). */
static const char *
wire_path(const char *wire)
{
	return !wire ? NULL : !strcmp(wire, "chat") ? "/chat/completions" : !strcmp(wire, "responses") ? "/responses" : NULL;
}

static void
provider_request(qw_ctx *ctx, qw_set *set, qw_codex_provider *p)
{
	(void)ctx;
	qw_codex *c = qw_codex_of(set);
	const char *url = qw_node_str(p->base_url);
	if (!url || !*url)
		return; /* no base_url: a built-in provider's endpoint, which the facts do not give */
	qw_request *r = qw_set_add_request(set, qw_xprintf("model_providers.%s", p->id));
	p->req = set->nreqs - 1;
	r->provider = qw_xstrdup(p->id);
	r->simulated = true;
	size_t n = strlen(url);
	while (n > 1 && url[n - 1] == '/')
		n--;
	r->base_url = qw_xstrndup(url, n);
	r->shown_url = qw_url_shown(r->base_url);
	r->url_from = node_origin(c->src, p->base_url, qw_xprintf("model_providers.%s.base_url", p->id));
	r->api_mode = qw_xstrdup("openai"); /* both wire APIs are OpenAI's: the URL rules judge the base as one */
	const char *ek = qw_node_str(p->env_key);
	if (ek && *ek) {
		r->key_var = qw_xstrdup(ek);
		r->key_from = (qw_origin){NULL, {0, 0}, qw_xprintf("the environment variable %s (not read)", ek)};
	}
	const qw_node *model = p->selected ? qw_map_get(c->doc->root, "model") : NULL;
	if (qw_node_str(model)) {
		r->model = qw_xstrdup(qw_node_str(model));
		r->model_from = node_origin(c->src, model, qw_xstrdup("model"));
	}
	qw_request_step(r, "Codex CLI's config.toml defines provider %s%s", p->id,
			p->selected ? ", and model_provider selects it" : " (model_provider does not select it: Codex "
									  "uses it only when told to, e.g. by a profile or -c)");
	qw_request_step(r, "Codex reads model_providers only from ~/.codex/config.toml, not from a project's "
			   ".codex/config.toml (agents.md §3): this file is judged as that file");
	const char *wire = qw_node_str(p->wire_api);
	const char *path = wire_path(wire);
	if (path)
		qw_request_step(r, "wire_api = \"%s\": Codex sends to %s%s", wire, r->shown_url, path);
	else if (wire)
		qw_request_step(r, "wire_api = \"%s\": a wire API the facts qwlint holds do not describe", wire);
	else
		qw_request_step(r, "wire_api is not set: which wire API Codex then uses is not in the facts qwlint holds");
	if (ek && *ek)
		qw_request_step(r, "the key is the environment variable %s (env_key), which no file qwlint reads holds: "
				   "the key is unknown, so no key rule judges this request", ek);
	else
		qw_request_step(r, "no env_key: the key Codex sends is not in this file, so no key rule judges this request");
}

static void
codex_resolve(qw_ctx *ctx, qw_set *set)
{
	qw_codex *c = qw_codex_of(set);
	if (!c || !c->doc || set->unreadable)
		return;
	for (size_t i = 0; i < c->nprov; i++)
		provider_request(ctx, set, &c->prov[i]);
}

static qw_source *
codex_source(const qw_set *set, size_t i)
{
	const qw_codex *c = qw_codex_of(set);
	return c && i == 0 ? c->src : NULL;
}

static void
codex_parsed(const qw_set *set, const qw_source *src, const qw_doc **doc, const qw_dotenv **env)
{
	(void)env;
	const qw_codex *c = qw_codex_of(set);
	if (c && c->src == src)
		*doc = c->doc;
}

/* QW002: a config.toml that is not TOML */
static void
codex_parse_errors(qw_ctx *ctx, qw_set *set, const qw_rule *rule)
{
	const qw_codex *c = qw_codex_of(set);
	if (rule == &QW002 && c && c->err.failed) {
		qw_finding *f = qw_report_parse_error(ctx, rule, c->src, &c->err);
		qw_trace(f, "Codex CLI's config.toml (TOML): none of its providers can be read as written");
	}
}

static const char *
codex_kind(const qw_set *set, const qw_source *src)
{
	(void)set, (void)src;
	return "codex-config";
}

static void
codex_free_data(qw_set *set)
{
	qw_codex_free(qw_codex_of(set));
	set->data = NULL;
}

const qw_tool qw_tool_codex = {
	.id = "codex",
	.name = "Codex CLI",
	/* ~/.codex: the only config.toml Codex reads providers from (agents.md §3) */
	.home = ".codex",
	.dir_markers = qw_codex_markers,
	.dir_by_name = true,
	.take_dir = qw_codex_take_dir,
	.take_file = qw_codex_take_file,
	.parse_errors = codex_parse_errors,
	.kind = codex_kind,
	.set_name = "Codex CLI config",
	.resolve = codex_resolve,
	.source = codex_source,
	.parsed = codex_parsed,
	.free_data = codex_free_data,
};
