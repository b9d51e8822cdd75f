/*
 * openclaw.h - OpenClaw as an agent tool. Its configuration, ~/.openclaw/openclaw.json, is JSON5 (comments,
 * unquoted keys, trailing commas, single quotes: parse.h's QW_JSON_JSON5). Each entry of `models.providers` defines
 * a provider: `baseUrl`, `apiKey` and `api`, the API OpenClaw speaks to it ("openai-completions": OpenAI's chat
 * completions, appended to baseUrl; a client of rules/clients.yaml). Alibaba documents exactly that setup for
 * Coding Plan: `models.providers.bailian` with `"api": "openai-completions"` and the base
 * https://coding.dashscope.aliyuncs.com/v1 (intl: coding-intl…/v1), under `"mode": "merge"`. An entry with a
 * baseUrl is one request, its key the apiKey literal; the generic key and URL rules judge it (the trap "api:
 * openai-completions pointed at /apps/anthropic" is QW203's).
 * Beside it, ~/.openclaw/.env is the environment OpenClaw's gateway reads (the docs say to put the key there, since
 * a gateway run as a daemon does not see the shell's variables): it is read, its secrets marked, its malformed
 * lines reported (QW003, a warning: the gateway's reader is not in the facts), and listed with the set, but no
 * request is made from it. The built-in `qwen` provider takes its key from QWEN_API_KEY
 * (MODELSTUDIO_API_KEY, DASHSCOPE_API_KEY) and its endpoint from the onboarding auth choice, whose endpoints the
 * facts do not give: it is not modelled. Neither is `${VAR}` in apiKey (whether OpenClaw substitutes it is not in
 * the facts: such a key is unknown, not judged), nor agents/<id>/agent/auth-profiles.json.
 * Facts: ../shared/knowledge/agents.md §1 (OpenClaw row), §3 (OpenClaw row), §4 item 2; providers.md §0, §1.
 *
 * Ownership: set->data (qw_openclaw_of) owns both files' sources and parses; the tool's free_data
 * (qw_openclaw_free) releases them.
 */
#ifndef QW_OPENCLAW_H
#define QW_OPENCLAW_H

#include "lint.h"

typedef struct qw_openclaw {
	qw_source *src; /* openclaw.json, NULL when the directory has none */
	qw_doc *doc;    /* NULL when absent or not JSON5 (err says where) */
	qw_parse_error err;
	qw_source *env_src; /* .env beside it, NULL when absent */
	qw_dotenv *env;     /* its parse, NULL when absent */
} qw_openclaw;

/* The names OpenClaw reads in its directory ~/.openclaw. */
#define QW_OPENCLAW_NAME "openclaw.json"
#define QW_OPENCLAW_DIR ".openclaw"

/* discover_openclaw.c. Is dir a directory named .openclaw (as named, or resolved when named ".") holding
 * openclaw.json or .env? */
bool qw_openclaw_markers(const char *dir);
/* A .openclaw directory met in a walk or named: its files read into one set added to out. */
bool qw_openclaw_take_dir(const char *dir, const qw_options *opt, struct qw_sets *out);
/* openclaw.json named alone (anywhere), or met in a walk inside a .openclaw directory: its directory's set, the
 * .env beside it read for context when that directory is a .openclaw. */
bool qw_openclaw_take_file(const char *path, bool explicit, const qw_options *opt, struct qw_sets *out);
/* Take over openclaw.json read: parsed as JSON5, its keys marked secret. */
void qw_openclaw_add_config(qw_openclaw *oc, qw_source *src);
/* Take over the .env read: parsed, its secret-named values marked. */
void qw_openclaw_add_env(qw_openclaw *oc, qw_source *src);
void qw_openclaw_free(qw_openclaw *oc);

extern const qw_tool qw_tool_openclaw;
/* The openclaw data a set holds (its qw_set.data), NULL for another tool's set. */
static inline qw_openclaw *
qw_openclaw_of(const qw_set *set)
{
	return set && set->tool == &qw_tool_openclaw ? (qw_openclaw *)set->data : NULL;
}

#endif
