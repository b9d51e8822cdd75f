/*
 * model_name.h - the model id Hermes Agent sends: model.default as hermes_cli.model_normalize's
 * normalize_model_for_provider rewrites it for the provider (a prefix dropped or added, dots as hyphens, DeepSeek's
 * canonical names, ...). The knowledge is rules/hermes-models.yaml; this module only applies it.
 *
 * Ownership: qw_hermes_model_name() returns a string the caller frees. qw_request_model_sent() replaces r->model
 * (which the request owns) and frees the one it replaces.
 */
#ifndef QW_MODEL_NAME_H
#define QW_MODEL_NAME_H

#include "kb.h"
#include "lint.h"

/* normalize_model_for_provider(model, provider): the id sent to provider (an id or any alias, any case; NULL or
 * unknown: the id stripped of white space, as Hermes sends it to a custom or unknown label). NULL model: "". */
char *qw_hermes_model_name(const qw_kb *kb, const char *provider, const char *model);

/* r->model (as written) becomes the id Hermes sends, with a step in r's trace when the two differ.
 * written_provider NULL: the main model, normalised for the runtime provider (r->provider) unless the call is
 * skipped for it (agent_init.py); else a fallback_providers entry, normalised for the provider as written there.
 * Nothing changes when r has no model or no provider (Hermes sends nothing). */
void qw_request_model_sent(const qw_kb *kb, qw_request *r, const char *written_provider);

#endif
