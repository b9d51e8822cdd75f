/*
 * appenv.h - the request model of an application's .env (a project's, not a Hermes home's nor a Dify
 * deployment's): which key variable is sent to which base-URL variable, as the SDKs and tools that read them do
 * (rules/app-env.yaml). Its requests go through the same key/endpoint rules (QW1xx) as Hermes's. The same model
 * reads any tool's "application environment" (tool.h's app_env): Claude Code's settings files set these very
 * variables in their `env` object, each variable then naming the file it is written in.
 *
 * Ownership: qw_appenv_resolve() appends qw_request entries to set->reqs; qw_set_free() releases them.
 */
#ifndef QW_APPENV_H
#define QW_APPENV_H

#include "lint.h"

/* Is the set an application's .env (a lone .env that is neither Hermes's nor Dify's)? */
bool qw_appenv_applies(const qw_set *set);

/* An application's .env as an agent tool (tool.h): found as a lone file, resolved by qw_appenv_resolve. */
extern const qw_tool qw_tool_appenv;
/* discover_appenv.c: a file of a .env name no other tool took becomes a set of its own (tool.h's take_source;
 * dir and src are taken over when it returns true). */
bool qw_appenv_take_source(char *dir, qw_source *src, bool explicit, const qw_options *opt, struct qw_sets *out);

/* For a set that is a lone .env (not Hermes, not Dify): one request per key variable of a pair whose base-URL
 * variable is set too. A pair with only a key says nothing about where it goes, so it makes no request. */
void qw_appenv_resolve(qw_ctx *ctx, qw_set *set);
/* The same for any set whose tool has an application environment (qw_appenv_vars); who names the reader in the
 * first step of each request's trace ("an application's .env"). */
void qw_appenv_requests(qw_ctx *ctx, qw_set *set, const char *who);

/* The set's application environment (tool.h's app_env), or NULL. */
const qw_dotenv *qw_appenv_vars(const qw_set *set);
/* The file v is written in: its own (a settings file), else the set's .env. */
qw_source *qw_appenv_src(const qw_set *set, const qw_envvar *v);
/* How v is named where it is written, for messages and the re-parse check: "NAME" in a .env, "env.NAME" in a JSON
 * settings file (the path of its value). The caller frees. */
char *qw_appenv_label(const qw_envvar *v);
/* The last definition of name in the set's application environment when it is set and not empty, or NULL; the
 * first of names so set. */
const qw_envvar *qw_appenv_get(const qw_set *set, const char *name);
const qw_envvar *qw_appenv_get_first(const qw_set *set, char **names, size_t n);

/* The pair a variable belongs to (as a key, base-URL or model variable), or NULL. */
const qw_app_pair *qw_appenv_pair_of(const qw_kb *kb, const char *var);

#endif
