/* qwen.c - see qwen.h: Qwen Code's settings.json and .env chain as a set, and one request per modelProviders entry
 * with a baseUrl, its key taken from the environment Qwen Code builds (the first .env found over settings.json's
 * env). */
#include "qwen.h"
#include "common.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dirs.h"
#include "keyinfo.h"
#include "placeholder.h"
#include "secret.h"
#include "url.h"
#include "util.h"

/* The protocols modelProviders lists entries under (agents.md §3), in the order read. */
static const char *const protocols[] = {"openai", "anthropic", "gemini"};

qw_qwen *
qw_qwen_data(qw_set *set)
{
	qw_qwen *q = qw_qwen_of(set);
	if (!q) {
		q = set->data = qw_xcalloc(1, sizeof(*q));
		q->settings_env = qw_xcalloc(1, sizeof(*q->settings_env));
	}
	return q;
}

/* map's value at key, or NULL (map absent or not a map) */
static const qw_node *
at(const qw_node *map, const char *key)
{
	return map && map->type == QW_NODE_MAP ? qw_map_get(map, key) : NULL;
}

static const char *
str_of(const qw_node *n)
{
	return n && n->type == QW_NODE_SCALAR && !n->plain ? n->str : NULL;
}

const char *
qw_qwen_env_key(const qw_qwen_provider *p)
{
	const char *s = str_of(p->env_key);
	return s && *s ? s : NULL;
}

/* settings.json's env object: its string values as variables naming the file (a number or true is left out: no key
 * is written that way). */
static void
read_settings_env(qw_qwen *q)
{
	const qw_node *env = qw_map_get(q->doc->root, "env");
	if (!env || env->type != QW_NODE_MAP)
		return;
	for (size_t i = 0; i < env->npairs; i++) {
		const qw_node *k = env->pairs[i].key, *v = env->pairs[i].value;
		const char *ks = qw_node_str(k);
		if (!ks || !str_of(v))
			continue;
		qw_envvar e = {0};
		e.key = qw_xstrdup(ks);
		e.key_span = k->span;
		e.value_span = v->span; /* the string with its quotes: qw_scalar_text strips them */
		e.line_span = (qw_span){k->span.start, v->span.end};
		int col;
		qw_source_pos(q->src, k->span.start, &e.line, &col);
		e.quote = '"';
		e.env_value = qw_xstrdup(v->str);
		e.hermes_value = qw_xstrdup(v->str);
		e.src = q->src;
		QW_PUSH(q->settings_env->vars, q->settings_env->nvars, q->settings_env->cap, e);
	}
}

/* The entries of modelProviders.<protocol>[], in the order written. */
static void
read_providers(qw_qwen *q)
{
	const qw_node *all = qw_map_get(q->doc->root, "modelProviders");
	if (!all || all->type != QW_NODE_MAP)
		return;
	for (size_t k = 0; k < sizeof(protocols) / sizeof(protocols[0]); k++) {
		const qw_node *list = qw_map_get(all, protocols[k]);
		for (size_t i = 0; list && list->type == QW_NODE_SEQ && i < list->nitems; i++) {
			const qw_node *e = list->items[i];
			if (!e || e->type != QW_NODE_MAP)
				continue;
			qw_qwen_provider p = {protocols[k], i, e, qw_map_get(e, "id"), qw_map_get(e, "baseUrl"),
					      qw_map_get(e, "envKey"), SIZE_MAX};
			QW_PUSH(q->prov, q->nprov, q->prov_cap, p);
		}
	}
}

/* Is name the envKey of a provider: its value is the key sent, whatever the name looks like. */
static bool
names_key(const qw_qwen *q, const char *name)
{
	for (size_t i = 0; i < q->nprov; i++)
		if (qw_qwen_env_key(&q->prov[i]) && !strcmp(qw_qwen_env_key(&q->prov[i]), name))
			return true;
	return false;
}

/* A value under a secret name, or under a name an envKey points at: never printed. */
static void
mark_env_secrets(const qw_qwen *q, qw_source *src, const qw_dotenv *env)
{
	for (size_t i = 0; env && i < env->nvars; i++)
		if ((qw_is_secret_name(env->vars[i].key) || names_key(q, env->vars[i].key)) && *env->vars[i].env_value)
			qw_mark_value_secret(src, env->vars[i].value_span);
}

void
qw_qwen_add_settings(qw_set *set, qw_source *src)
{
	qw_qwen *q = qw_qwen_data(set);
	if (q->src) { /* one settings.json per set */
		qw_source_free(src);
		return;
	}
	q->src = src;
	q->doc = qw_json_parse(src, &q->err);
	if (q->doc && q->doc->root && q->doc->root->type == QW_NODE_MAP) {
		read_settings_env(q);
		read_providers(q);
	}
	mark_env_secrets(q, src, q->settings_env);
	qw_mark_text_secrets(src);
}

void
qw_qwen_add_env(qw_set *set, qw_source *src)
{
	qw_qwen *q = qw_qwen_data(set);
	src->kind = QW_KIND_DOTENV;
	qw_qwen_env e = {src, qw_dotenv_parse(src)};
	for (size_t i = 0; i < e.env->nvars; i++)
		e.env->vars[i].src = src;
	mark_env_secrets(q, src, e.env);
	for (size_t i = 0; i < e.env->nerrors; i++)
		qw_mark_broken_line(src, e.env->errors[i].offset);
	qw_mark_text_secrets(src);
	QW_PUSH(q->envs, q->nenvs, q->envs_cap, e);
}

void
qw_qwen_free(qw_qwen *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->nenvs; i++) {
		qw_dotenv_free(q->envs[i].env);
		qw_source_free(q->envs[i].src);
	}
	free(q->envs);
	qw_dotenv_free(q->settings_env);
	qw_doc_free(q->doc);
	qw_source_free(q->src);
	free(q->prov);
	free(q->chain_rest);
	free(q);
}

const qw_envvar *
qw_qwen_lookup(const qw_qwen *q, const char *name, bool *from_env)
{
	const qw_envvar *v = q->nenvs ? qw_dotenv_get(q->envs[0].env, name) : NULL;
	*from_env = v != NULL;
	return v ? v : qw_dotenv_get(q->settings_env, name);
}

/* ---- requests ---- */

static char *
entry_path(const qw_qwen_provider *p, const char *field)
{
	return qw_xprintf("modelProviders.%s[%zu].%s", p->protocol, p->index, field);
}

/* Which .env Qwen Code uses, for the trace. */
static void
chain_step(const qw_qwen *q, qw_request *r)
{
	const char *order = q->home ? "~/.qwen/.env, then ~/.env"
				    : ".qwen/.env, then .env, walking up, then ~/.qwen/.env, then ~/.env";
	if (q->nenvs) {
		const char *first = q->envs[0].src->path;
		qw_request_step(r, "the first .env file Qwen Code finds is %s (of %s; only the first file found is "
				   "used: agents.md §3)", first, order);
		for (size_t i = 1; i < q->nenvs; i++)
			qw_request_step(r, "%s is never loaded: %s is found first", q->envs[i].src->path, first);
	} else if (q->chain_rest) {
		qw_request_step(r, "none of the .env files qwlint reads exists; Qwen Code would go on to %s, which "
				   "this run does not read", q->chain_rest);
	} else {
		qw_request_step(r, "neither ~/.qwen/.env nor ~/.env exists: Qwen Code loads no .env");
	}
}

/* The key: envKey's value in the environment Qwen Code builds (a CLI flag and the shell come first, unseen). */
static void
request_key(qw_ctx *ctx, qw_set *set, qw_request *r, const qw_qwen_provider *p)
{
	qw_qwen *q = qw_qwen_of(set);
	const char *ek = qw_qwen_env_key(p);
	if (!ek) {
		qw_request_step(r, "no envKey: which variable holds the key is not in this entry, so no key rule "
				   "judges this request");
		return;
	}
	r->key_var = qw_xstrdup(ek);
	qw_request_step(r, "the key is the environment variable %s (envKey); a CLI flag or the shell's environment "
			   "would come first (CLI flag > shell env > first .env found > settings.json env: agents.md "
			   "§3), and qwlint does not read the shell's environment", ek);
	chain_step(q, r);
	bool from_env;
	const qw_envvar *v = qw_qwen_lookup(q, ek, &from_env);
	if (!v) {
		r->key_env_elsewhere = true;
		char *what = qw_xprintf("the environment variable %s (set in no file read)", ek);
		r->key_from = (qw_origin){NULL, {0, 0}, what};
		qw_request_step(r, "%s is set in none of the files read: the key may come from the shell, unseen "
				   "here, so it is not judged", ek);
		return;
	}
	char *label = from_env ? qw_xstrdup(ek) : qw_xprintf("env.%s", ek);
	r->key_from = (qw_origin){v->src, v->value_span, label};
	if (!*v->env_value || strstr(v->env_value, "${") || qw_is_placeholder(v->env_value)) {
		qw_request_step(r, "%s is %s in %s: not a key as written, not judged", ek,
				*v->env_value ? "a placeholder or a reference" : "empty", v->src->path);
		return;
	}
	r->key = qw_xstrdup(v->env_value);
	char *m = qw_mask(ctx->kb, r->key), *kw = qw_origin_where(&r->key_from);
	qw_request_step(r, "the key sent is %s, %s at %s (%s)", m, label, kw,
			from_env ? "the first .env found, over settings.json's env"
				 : "settings.json's env: no .env read sets it");
	free(m);
	free(kw);
}

static void
provider_request(qw_ctx *ctx, qw_set *set, qw_qwen_provider *p)
{
	qw_qwen *q = qw_qwen_of(set);
	const char *url = str_of(p->base_url);
	if (!url || !*url || qw_is_placeholder(url) || !strcmp(p->protocol, "gemini"))
		return; /* no baseUrl: the SDK's own endpoint; gemini: no client for it in the facts */
	qw_request *r = qw_set_add_request(set, qw_xprintf("modelProviders.%s[%zu]", p->protocol, p->index));
	p->req = set->nreqs - 1;
	const char *id = str_of(p->id);
	r->provider = qw_xstrdup(id && *id ? id : p->protocol);
	r->simulated = true;
	size_t n = strlen(url);
	while (n > 1 && url[n - 1] == '/')
		n--;
	r->base_url = qw_xstrndup(url, n);
	r->shown_url = qw_url_shown(r->base_url);
	r->url_from = (qw_origin){q->src, p->base_url->span, entry_path(p, "baseUrl")};
	/* the client of a protocol is knowledge (rules/clients.yaml): only where the facts give it */
	const qw_client *cl = !strcmp(p->protocol, "openai") ? qw_kb_client(ctx->kb, "qwen-code-openai") : NULL;
	r->client = cl;
	r->api_mode = qw_xstrdup(cl ? cl->protocol : p->protocol);
	r->path_unjudged = !cl;
	char *uw = qw_origin_where(&r->url_from);
	if (cl)
		qw_request_step(r, "Qwen Code's %s provider %s speaks the %s protocol and appends %s to baseUrl: %s%s "
				   "(%s at %s; rules/clients.yaml, conf %c)",
				p->protocol, r->provider, cl->protocol, cl->appends, r->shown_url, cl->appends,
				r->url_from.what, uw, cl->conf ? cl->conf : '?');
	else
		qw_request_step(r, "Qwen Code's %s provider %s sends to %s (%s at %s); what Qwen Code appends for "
				   "the %s protocol is not in the facts qwlint holds, so the path is not judged",
				p->protocol, r->provider, r->shown_url, r->url_from.what, uw, p->protocol);
	free(uw);
	const char *sel = str_of(at(at(at(q->doc->root, "security"), "auth"), "selectedType"));
	if (sel)
		qw_request_step(r, "security.auth.selectedType is \"%s\"", sel);
	request_key(ctx, set, r, p);
}

static void
qwen_resolve(qw_ctx *ctx, qw_set *set)
{
	qw_qwen *q = qw_qwen_of(set);
	if (!q || !q->doc || set->unreadable)
		return;
	for (size_t i = 0; i < q->nprov; i++)
		provider_request(ctx, set, &q->prov[i]);
}

/* ---- the tool's hooks ---- */

static qw_source *
qwen_source(const qw_set *set, size_t i)
{
	const qw_qwen *q = qw_qwen_of(set);
	if (!q)
		return NULL;
	if (q->src && i-- == 0)
		return q->src;
	return i < q->nenvs ? q->envs[i].src : NULL;
}

/* settings.json's tree, or a .env's variables (a key in a file git tracks: QW702) */
static void
qwen_parsed(const qw_set *set, const qw_source *src, const qw_doc **doc, const qw_dotenv **env)
{
	const qw_qwen *q = qw_qwen_of(set);
	if (q && q->src == src)
		*doc = q->doc;
	for (size_t i = 0; q && i < q->nenvs; i++)
		if (q->envs[i].src == src)
			*env = q->envs[i].env;
}

/* QW002: settings.json that is not JSON; QW003: a .env line Qwen Code's loader cannot take. */
static void
qwen_parse_errors(qw_ctx *ctx, qw_set *set, const qw_rule *rule)
{
	const qw_qwen *q = qw_qwen_of(set);
	if (!q)
		return;
	if (rule == &QW002 && q->src && q->err.failed) {
		qw_finding *f = qw_report_parse_error(ctx, rule, q->src, &q->err);
		qw_trace(f, "Qwen Code's settings.json (JSON): none of its modelProviders or env values can be read as "
			    "written");
	}
	for (size_t i = 0; rule == &QW003 && i < q->nenvs; i++)
		for (size_t k = 0; k < q->envs[i].env->nerrors; k++) {
			qw_finding *f = qw_report_parse_error(ctx, rule, q->envs[i].src, &q->envs[i].env->errors[k]);
			qw_finding_set_severity(f, QW_SEV_WARNING);
			qw_trace(f, "a .env of Qwen Code's search chain: how its loader takes a line that is not "
				    "KEY=VALUE is not in the facts qwlint holds");
		}
}

/* The .qwen directory's own .env (QW703: an untracked one holding a key must be ignored by git). */
static qw_source *
qwen_main_env(const qw_set *set, const qw_dotenv **env)
{
	const qw_qwen *q = qw_qwen_of(set);
	if (!q || !q->own_env)
		return NULL;
	*env = q->envs[0].env;
	return q->envs[0].src;
}

static const char *
qwen_kind(const qw_set *set, const qw_source *src)
{
	const qw_qwen *q = qw_qwen_of(set);
	return q && src == q->src ? "qwen-settings" : "qwen-env";
}

static void
qwen_free_data(qw_set *set)
{
	qw_qwen_free(qw_qwen_of(set));
	set->data = NULL;
}

/* a project's .qwen/settings.json and .qwen/.env (agents.md §3) */
static const char *const qwen_project[] = {".qwen", NULL};

const qw_tool qw_tool_qwen = {
	.id = "qwen",
	.name = "Qwen Code",
	/* ~/.qwen: the user's settings.json and .env (agents.md §3); a project's .qwen is found where the project is
	 * linted */
	.home = ".qwen",
	.project = qwen_project,
	.dir_markers = qw_qwen_markers,
	.dir_by_name = true,
	.take_dir = qw_qwen_take_dir,
	.take_file = qw_qwen_take_file,
	.parse_errors = qwen_parse_errors,
	.kind = qwen_kind,
	.set_name = "Qwen Code settings",
	.resolve = qwen_resolve,
	.source = qwen_source,
	.parsed = qwen_parsed,
	.main_env = qwen_main_env,
	.free_data = qwen_free_data,
};
