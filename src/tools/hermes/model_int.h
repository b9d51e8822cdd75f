/*
 * model_int.h - what the parts of Hermes's model (model.c, model_common.c, runtime.c, runtime_custom.c,
 * fallback.c) share and nothing
 * else uses: the request being built (req_in), origins and traces, the key and URL setters, the pool readers.
 * Ownership: as model.h: requests belong to their set; origins returned here are the caller's.
 */
#ifndef QW_MODEL_INT_H
#define QW_MODEL_INT_H

#include "model.h"
#include "pool.h"

typedef struct req_in {
	const char *role;
	const qw_node *provider, *base_url, *api_key, *model, *api_mode, *key_env;
	bool is_main;
} req_in;

qw_origin qw_hermes_origin_node(qw_source *src, const qw_node *n, const char *what);
qw_origin qw_hermes_origin_env(const qw_set *set, const qw_envvar *v, qw_span span);
qw_origin qw_hermes_origin_text(char *what);
char *qw_hermes_where(qw_source *src, qw_span span);
/* A config string, expanded, with the origin pointing at the .env line when it is a single ${VAR}. */
char *qw_hermes_config_value(qw_set *set, const qw_node *n, const char *what, qw_origin *o, const qw_envvar **via);
/* "model.base_url" for the main model, "fallback_providers[0].base_url" for the others. The caller frees. */
char *qw_hermes_field_label(const req_in *in, const char *field);
const char *qw_hermes_detect_api_mode(const char *url);
void qw_hermes_set_base(qw_request *r, const char *url, qw_origin o);
void qw_hermes_set_key(qw_request *r, const char *key, qw_origin o, const char *var);
/* The key part of the trace: where the key is, masked. */
void qw_hermes_trace_key(qw_ctx *ctx, qw_request *r);
void qw_hermes_trace_url(qw_ctx *ctx, qw_request *r);
/* The base URL from <X>_BASE_URL (os.getenv), else from the request's base_url when use_config; false when
 * neither is set. */
bool qw_hermes_base_from_env_or_config(qw_set *set, qw_request *r, const req_in *in, const char *env_name, bool use_config);
void qw_hermes_resolve_custom(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in, const char *why);
/* base_url_host_matches: the URL's host is dom or a subdomain of it. */
bool qw_hermes_host_matches(const char *url, const char *dom);
/* _parse_api_mode: a valid api_mode, lower-cased, or NULL. */
const char *qw_hermes_parse_api_mode(const char *raw);
/* _detect_api_mode_for_url, NULL when the URL implies none */
const char *qw_hermes_url_api_mode(const char *url);
/* A string of the model section, ${VAR} expanded and stripped; "" when absent. The caller frees. */
char *qw_hermes_cfg_str(qw_set *set, const qw_node *n);
/* The key from a candidate: stripped (Hermes strips candidates), origin at the .env line when it is one. */
void qw_hermes_set_key_stripped(qw_request *r, const char *key, qw_origin o, const char *var);
/* A usable .env variable as a key candidate (has_usable_secret); true when it was taken. */
bool qw_hermes_take_env_key(qw_ctx *ctx, qw_set *set, qw_request *r, const char *name, bool hermes_reader);
/* The URL as lmstudio's runtime normalises it (url_strip_suffixes, then url_add_suffix). */
void qw_hermes_normalise_url(qw_request *r, const qw_provider *p);
/* The pool entry's key becomes the request's (its origin moves over). */
void qw_hermes_take_pool_key(qw_request *r, qw_pool_entry *e);
/* _resolve_openrouter_runtime: OpenRouter, or a custom endpoint that is not a named provider. requested_norm is
 * "auto", "custom" (an alias of it counts) or another id whose resolution ends here. */
void qw_hermes_openrouter_runtime(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in, const char *requested_norm,
		   const char *cfg_provider);
/* A providers:/custom_providers: entry the name selects (_get_named_custom_provider), NULL when none. */
typedef struct named_cp {
	const qw_node *entry;
	const qw_node *base_url, *api_key, *key_env, *api_mode;
	char *name;
	/* the entry's name as _get_named_custom_provider returns it, which names its credential pool: a
	 * providers: entry's `name` field when it has one (any value), else its key; custom_providers: its name.
	 * NULL: a falsy name (the pool is then found by base URL only) */
	const char *pool_name;
	bool dict; /* providers: (key_env before api_key) rather than custom_providers: */
} named_cp;
bool qw_hermes_find_named(qw_ctx *ctx, qw_set *set, const char *requested, named_cp *out);
/* _resolve_named_custom_runtime for a providers:/custom_providers: entry */
void qw_hermes_named_runtime(qw_ctx *ctx, qw_set *set, qw_request *r, const named_cp *cp);
/* resolve_provider("auto") (hermes_cli/auth.py): the id it picks, NULL after refusing; "" for an OAuth/AWS
 * answer qwlint does not simulate (the request's provider is then set). */
const char *qw_hermes_auto_detect(qw_ctx *ctx, qw_set *set, qw_request *r);
void qw_hermes_resolve_main(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in);
void qw_hermes_resolve(qw_ctx *ctx, qw_set *set, qw_request *r, const req_in *in);

#endif
