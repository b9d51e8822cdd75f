/*
 * model.h - the simulation of Hermes Agent's own resolution (../shared/knowledge/hermes.md §2-§6, §10): from a
 * set's config.yaml, .env and auth.json to the requests Hermes will send, each with a step-by-step trace.
 *
 * Ownership: qw_model_resolve() appends qw_request entries to set->reqs; qw_set_free() releases them.
 */
#ifndef QW_MODEL_H
#define QW_MODEL_H

#include "lint.h"
#include "parse.h"

void qw_model_resolve(qw_ctx *ctx, qw_set *set);
/* Hermes as an agent tool (tool.h): its homes found in a walk, resolved by qw_model_resolve. */
extern const qw_tool qw_tool_hermes;
/* Masking by what the model knows, not by names: the value of every request's key (qw_model_resolve's and
 * appenv's) becomes a secret span of the file it was read from, whatever the field or variable is called; so do
 * every assignment of the .env variable it came from and of the variables its text refers to (${VAR}). Run
 * after every resolution of the set and before anything is rendered. */
void qw_model_mark_keys(const qw_set *set);
/* What of a Hermes config.yaml qwlint reads, for qw_yaml_parse_pruned: whole, the sections this module and the
 * rules look up (model, providers, custom_providers, fallback_providers, and the root provider and base_url);
 * elsewhere, the scalars that the walks over the whole tree use: a value under a secret-named key (never shown,
 * QW701, QW702) and base_url, api_base and api_mode (the URL checks). Every top-level key is kept, whatever its
 * value. A reader of another section must add it here. */
extern const qw_yaml_keep qw_model_config_keep;

/* The os.environ view of a .env variable (python-dotenv value), NULL when unset or empty. */
const qw_envvar *qw_model_env(const qw_set *set, const char *name);
/* The first of names that .env sets (qw_model_env's view), or NULL. */
const qw_envvar *qw_model_env_first(const qw_set *set, char **names, size_t n);
/* The `model:` mapping of config.yaml (NULL when absent or a plain string). */
const qw_node *qw_model_section(const qw_set *set);
/* Does config.yaml name this custom provider (providers.<name>, or custom_providers[].name lower-cased with
 * spaces as '-', as _get_named_custom_provider normalises it)? */
bool qw_model_custom_exists(const qw_set *set, const char *name);

#endif
