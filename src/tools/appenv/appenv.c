/* appenv.c - see appenv.h. Data: rules/app-env.yaml; facts behind it: ../shared/knowledge/providers.md §0-§16. */
#include "appenv.h"

#include <stdlib.h>
#include <string.h>

#include "keyinfo.h"
#include "placeholder.h"
#include "secret.h"
#include "url.h"
#include "util.h"


const qw_app_pair *
qw_appenv_pair_of(const qw_kb *kb, const char *var)
{
	size_t n;
	const qw_app_pair *p = qw_kb_app_pairs(kb, &n);
	for (size_t i = 0; i < n; i++)
		if (qw_str_in(p[i].key, p[i].nkey, var) || qw_str_in(p[i].base, p[i].nbase, var) ||
		    qw_str_in(p[i].model, p[i].nmodel, var))
			return &p[i];
	return NULL;
}

const qw_dotenv *
qw_appenv_vars(const qw_set *set)
{
	return set->tool && set->tool->app_env ? set->tool->app_env(set) : NULL;
}

qw_source *
qw_appenv_src(const qw_set *set, const qw_envvar *v)
{
	return v->src ? v->src : set->env;
}

char *
qw_appenv_label(const qw_envvar *v)
{
	return v->src ? qw_xprintf("env.%s", v->key) : qw_xstrdup(v->key);
}

/* As qw_model_env reads a .env (the value a process's os.environ holds, empty meaning unset), over any tool's
 * application environment. */
const qw_envvar *
qw_appenv_get(const qw_set *set, const char *name)
{
	const qw_dotenv *env = qw_appenv_vars(set);
	const qw_envvar *v = env ? qw_dotenv_get(env, name) : NULL;
	return v && qw_envvar_environ(v) && *qw_envvar_environ(v) && !v->bom_hidden ? v : NULL;
}

const qw_envvar *
qw_appenv_get_first(const qw_set *set, char **names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const qw_envvar *v = qw_appenv_get(set, names[i]);
		if (v)
			return v;
	}
	return NULL;
}

static qw_origin
origin_of(qw_set *set, const qw_envvar *v, qw_span span)
{
	return (qw_origin){qw_appenv_src(set, v), span, qw_appenv_label(v)};
}

static void
pair_requests(qw_ctx *ctx, qw_set *set, const qw_app_pair *p, const char *who)
{
	const qw_envvar *base = qw_appenv_get_first(set, p->base, p->nbase);
	if (!base || strstr(base->env_value, "${") || qw_is_placeholder(base->env_value))
		return; /* no base URL in the file (the endpoint is chosen in code), one expanded elsewhere, or a
			 * placeholder (QW502's) */
	const qw_envvar *model = qw_appenv_get_first(set, p->model, p->nmodel);
	for (size_t i = 0; i < p->nkey; i++) {
		const qw_envvar *kv = qw_appenv_get(set, p->key[i]);
		if (!kv || strstr(kv->env_value, "${") || qw_is_placeholder(kv->env_value))
			continue; /* a placeholder is no key: nothing to simulate (QW502 says so) */
		qw_request *r = qw_set_add_request(set, qw_xstrdup(kv->key));
		r->provider = qw_xstrdup(p->vendor ? p->vendor : p->protocol ? p->protocol : "client");
		r->simulated = true;
		size_t n = strlen(base->env_value);
		while (n > 1 && base->env_value[n - 1] == '/')
			n--;
		r->base_url = qw_xstrndup(base->env_value, n);
		r->shown_url = qw_url_shown(r->base_url);
		r->url_from = origin_of(set, base, base->value_span);
		r->key = qw_xstrdup(kv->env_value);
		r->key_from = origin_of(set, kv, kv->value_span);
		r->key_var = qw_xstrdup(kv->key);
		r->api_mode = p->protocol ? qw_xstrdup(p->protocol) : NULL;
		char *bw = qw_origin_where(&r->url_from), *kw = qw_origin_where(&r->key_from);
		char *m = qw_mask(ctx->kb, r->key);
		qw_request_step(r, "%s: clients that read %s send it to the base URL in %s", who, kv->key,
		       base->key);
		qw_request_step(r, "%s sends to %s (%s at %s)", kv->key, r->shown_url, base->key, bw);
		qw_request_step(r, "the key sent is %s, from %s at %s", m, kv->key, kw);
		free(m);
		free(bw);
		free(kw);
		if (model) {
			r->model = qw_xstrdup(model->env_value);
			r->model_from = origin_of(set, model, model->value_span);
		}
	}
}

bool
qw_appenv_applies(const qw_set *set)
{
	return set->tool == &qw_tool_appenv && set->env && set->dotenv;
}

void
qw_appenv_requests(qw_ctx *ctx, qw_set *set, const char *who)
{
	if (!qw_appenv_vars(set))
		return;
	size_t n;
	const qw_app_pair *p = qw_kb_app_pairs(ctx->kb, &n);
	for (size_t i = 0; i < n; i++)
		pair_requests(ctx, set, &p[i], who);
}

void
qw_appenv_resolve(qw_ctx *ctx, qw_set *set)
{
	if (qw_appenv_applies(set))
		qw_appenv_requests(ctx, set, "an application's .env");
}

static const qw_dotenv *
appenv_vars(const qw_set *set)
{
	return qw_appenv_applies(set) ? set->dotenv : NULL;
}

const qw_tool qw_tool_appenv = {
	.id = "appenv",
	.name = "an application's .env",
	.take_source = qw_appenv_take_source,
	.resolve = qw_appenv_resolve,
	.app_env = appenv_vars,
};
