/*
 * model_common.c - what Hermes's resolvers share (runtime.c, runtime_custom.c, fallback.c): the .env views
 * (os.environ's and Hermes's own reader's), origins, ${VAR} expansion, the URL, key and api_mode setters and the
 * steps of a request's trace. Requests belong to their set; origins returned are the caller's.
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

qw_origin
qw_hermes_origin_node(qw_source *src, const qw_node *n, const char *what)
{
	qw_origin o = {src, n ? n->span : (qw_span){0, 0}, qw_xstrdup(what)};
	return o;
}

qw_origin
qw_hermes_origin_env(const qw_set *set, const qw_envvar *v, qw_span span)
{
	qw_origin o = {set->env, span, qw_xstrdup(v->key)};
	return o;
}

qw_origin
qw_hermes_origin_text(char *what)
{
	qw_origin o = {NULL, {0, 0}, what};
	return o;
}

char *
qw_hermes_where(qw_source *src, qw_span span)
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
char *
qw_hermes_config_value(qw_set *set, const qw_node *n, const char *what, qw_origin *o, const qw_envvar **via)
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
			*o = qw_hermes_origin_node(set->config, n, what);
		}
	}
	return val;
}

/* "model.base_url" for the main model, "fallback_providers[0].base_url" for the others. The caller frees. */
char *
qw_hermes_field_label(const req_in *in, const char *field)
{
	return in->is_main ? qw_xprintf("model.%s", field) : qw_xprintf("%s.%s", in->role, field);
}

const char *
qw_hermes_detect_api_mode(const char *url)
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

void
qw_hermes_set_base(qw_request *r, const char *url, qw_origin o)
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

void
qw_hermes_set_key(qw_request *r, const char *key, qw_origin o, const char *var)
{
	free(r->key);
	free(r->key_var);
	qw_origin_free(&r->key_from);
	r->key = key ? qw_xstrdup(key) : NULL;
	r->key_from = o;
	r->key_var = var ? qw_xstrdup(var) : NULL;
}

/* The key part of the trace: where the key is, masked. */
void
qw_hermes_trace_key(qw_ctx *ctx, qw_request *r)
{
	if (!r->key) {
		qw_request_step(r, "no key reaches this request%s",
		       r->no_key_required ? ": Hermes sends the literal \"no-key-required\"" : "");
		return;
	}
	char *m = qw_mask(ctx->kb, r->key);
	char *w = r->key_from.src ? qw_hermes_where(r->key_from.src, r->key_from.span) : NULL;
	qw_request_step(r, "the key sent is %s, from %s%s%s", m, r->key_from.what, w ? " at " : "", w ? w : "");
	free(m);
	free(w);
}

void
qw_hermes_trace_url(qw_ctx *ctx, qw_request *r)
{
	char *w = r->url_from.src ? qw_hermes_where(r->url_from.src, r->url_from.span) : NULL;
	qw_request_step(r, "%s sends to %s (%s%s%s)", r->provider, r->shown_url, r->url_from.what, w ? " at " : "",
	       w ? w : "");
	free(w);
}

/* The base URL from <X>_BASE_URL (os.getenv), else from the request's base_url when use_config; false when
 * neither is set. */
bool
qw_hermes_base_from_env_or_config(qw_set *set, qw_request *r, const req_in *in, const char *env_name, bool use_config)
{
	const qw_envvar *bv = env_name ? qw_model_env(set, env_name) : NULL;
	if (bv) {
		qw_hermes_set_base(r, qw_envvar_environ(bv), qw_hermes_origin_env(set, bv, bv->value_span));
		return true;
	}
	if (!use_config || !in->base_url)
		return false;
	qw_origin o = {0};
	char *ulabel = qw_hermes_field_label(in, "base_url");
	char *mb = qw_hermes_config_value(set, in->base_url, ulabel, &o, NULL);
	free(ulabel);
	bool ok = mb && *mb;
	if (ok)
		qw_hermes_set_base(r, mb, o);
	else if (mb)
		qw_origin_free(&o);
	free(mb);
	return ok;
}

/* ==== The main model: resolve_runtime_provider() with no arguments (hermes_cli/runtime_provider.py at 306e2d2),
 * branch by branch in Hermes's order. Checked field by field against Hermes's own code: make fidelity. ==== */
/* base_url_host_matches: the URL's host is dom or a subdomain of it. */
bool
qw_hermes_host_matches(const char *url, const char *dom)
{
	qw_url u;
	qw_url_parse(url ? url : "", &u);
	bool m = !strcmp(u.host, dom) || (qw_endswith(u.host, dom) && strlen(u.host) > strlen(dom) &&
					  u.host[strlen(u.host) - strlen(dom) - 1] == '.');
	qw_url_free(&u);
	return m;
}

/* _parse_api_mode: a valid api_mode, lower-cased, or NULL. */
const char *
qw_hermes_parse_api_mode(const char *raw)
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
const char *
qw_hermes_url_api_mode(const char *url)
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
char *
qw_hermes_cfg_str(qw_set *set, const qw_node *n)
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
void
qw_hermes_set_key_stripped(qw_request *r, const char *key, qw_origin o, const char *var)
{
	size_t n;
	const char *t = qw_trim(key, &n);
	char *k = qw_xstrndup(t, n);
	qw_hermes_set_key(r, k, o, var);
	free(k);
}

/* A usable .env variable as a key candidate (has_usable_secret); true when it was taken. */
bool
qw_hermes_take_env_key(qw_ctx *ctx, qw_set *set, qw_request *r, const char *name, bool hermes_reader)
{
	const qw_envvar *v = name && *name ? qw_dotenv_get(set->dotenv, name) : NULL;
	const char *val = !v ? NULL : hermes_reader ? v->hermes_value : v->bom_hidden ? NULL : qw_envvar_environ(v);
	if (!val || !*val || qw_kb_hermes_no_key(ctx->kb, val))
		return false;
	qw_hermes_set_key_stripped(r, val, qw_hermes_origin_env(set, v, v->value_span), v->key);
	return true;
}
