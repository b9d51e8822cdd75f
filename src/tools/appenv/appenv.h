/*
 * appenv.h - the request model of an application's .env (a project's, not a Hermes home's nor a Dify
 * deployment's): which key variable is sent to which base-URL variable, as the SDKs and tools that read them do
 * (rules/app-env.yaml). Its requests go through the same key/endpoint rules (QW1xx) as Hermes's.
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

/* For a set that is a lone .env (not Hermes, not Dify): one request per key variable of a pair whose base-URL
 * variable is set too. A pair with only a key says nothing about where it goes, so it makes no request. */
void qw_appenv_resolve(qw_ctx *ctx, qw_set *set);

/* The pair a variable belongs to (as a key, base-URL or model variable), or NULL. */
const qw_app_pair *qw_appenv_pair_of(const qw_kb *kb, const char *var);

#endif
