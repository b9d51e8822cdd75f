/*
 * qwen.h - Qwen Code as an agent tool. Its settings, ~/.qwen/settings.json (the user's) and a project's
 * .qwen/settings.json, are JSON: `modelProviders.{openai,anthropic,gemini}[]` entries {id, name, baseUrl, envKey,
 * generationConfig} say where requests go and which environment variable holds the key; an `env` object sets
 * variables; `security.auth.selectedType` and `model.name` choose among them. The environment comes from .env files
 * searched in order - `.qwen/.env`, then `.env`, walking up from where Qwen Code runs, then `~/.qwen/.env`, then
 * `~/.env` - of which only the FIRST found is used, and the precedence is CLI flag > shell environment > that .env
 * > settings.json's `env` (lowest). So a stale `~/.env` silently beats the key the user edits in settings.json.
 * A .qwen directory here is one set: its settings.json and the .env files of its search chain that qwlint reads
 * (see discover_qwen.c for which), the first of them winning. One request per provider entry with a baseUrl, its
 * key the value of its envKey as the winning .env or else settings.json's env sets it.
 * Not modelled: the shell environment and CLI flags (qwlint cannot see them), the merge of the user's settings under
 * a project's, `qwen auth coding-plan`'s stored credentials, gemini entries (the facts give no client for them).
 * Facts: ../shared/knowledge/agents.md §1 (Qwen Code row), §3 (Qwen Code row), §4 item 4; providers.md §0, §1.
 *
 * Ownership: set->data (qw_qwen_of) owns settings.json's source and parse, every .env file's source and parse, the
 * env views built from them, and the provider list (pointers into the parse); the tool's free_data (qw_qwen_free)
 * releases them all.
 */
#ifndef QW_QWEN_H
#define QW_QWEN_H

#include "lint.h"

/* One .env file of the search chain that was read: its text and parse (every variable's src is this file). */
typedef struct qw_qwen_env {
	qw_source *src;
	qw_dotenv *env;
} qw_qwen_env;

/* One modelProviders.<protocol>[i] entry, its values' nodes (NULL when absent), and the request made from it. */
typedef struct qw_qwen_provider {
	const char *protocol; /* "openai", "anthropic", "gemini": the key it is listed under */
	size_t index;
	const qw_node *entry, *id, *base_url, *env_key;
	size_t req; /* its request's index in set->reqs, or SIZE_MAX when it makes none */
} qw_qwen_provider;

typedef struct qw_qwen {
	qw_source *src; /* settings.json, NULL when the directory has none */
	qw_doc *doc;    /* NULL when absent or not parseable (err says where) */
	qw_parse_error err;
	/* settings.json's env object: its string values, each naming settings.json (qw_envvar.src) */
	qw_dotenv *settings_env;
	/* the .env files of the search chain that exist and were read, in search order: envs[0] is the one Qwen Code
	 * uses, the others are never loaded */
	qw_qwen_env *envs;
	size_t nenvs, envs_cap;
	/* the chain goes on past the files read (the user's home, outside the linted tree): when none of them
	 * exists, Qwen Code reads one qwlint did not; a sentence for the trace, NULL when the chain was read whole */
	char *chain_rest;
	bool home; /* the user's ~/.qwen, not a project's */
	bool own_env; /* envs[0] is the .qwen directory's own .env (the file a .gitignore must cover: QW703) */
	qw_qwen_provider *prov;
	size_t nprov, prov_cap;
} qw_qwen;

/* The name of the settings file and of the .env in a .qwen directory. */
#define QW_QWEN_SETTINGS "settings.json"
#define QW_QWEN_ENV ".env"

/* discover_qwen.c. Is dir a directory named .qwen (as named, or resolved when named ".") holding settings.json? */
bool qw_qwen_markers(const char *dir);
/* Is path the settings.json of a .qwen directory? */
bool qw_qwen_settings_path(const char *path);
/* A .qwen directory met in a walk or named: its settings.json and .env chain read into one set added to out. */
bool qw_qwen_take_dir(const char *dir, const qw_options *opt, struct qw_sets *out);
/* settings.json named alone (or met in a walk): its .qwen directory's set, the .env chain read for context. */
bool qw_qwen_take_file(const char *path, bool explicit, const qw_options *opt, struct qw_sets *out);

/* qwen.c. Add settings.json read (its source taken over) to the set: parsed, its env object and secrets read. */
void qw_qwen_add_settings(qw_set *set, qw_source *src);
/* Add the next .env file of the search chain (its source taken over): parsed, its secrets marked. */
void qw_qwen_add_env(qw_set *set, qw_source *src);
/* The set's qwen data, made when absent. */
struct qw_qwen *qw_qwen_data(qw_set *set);
void qw_qwen_free(qw_qwen *q);

/* Where name is defined as Qwen Code sees it (the winning .env's definition, else settings.json's env), or NULL;
 * *from_env: the definition is the winning .env's. */
const qw_envvar *qw_qwen_lookup(const qw_qwen *q, const char *name, bool *from_env);
/* The provider's envKey as a string, or NULL. */
const char *qw_qwen_env_key(const qw_qwen_provider *p);

extern const qw_tool qw_tool_qwen;
/* The qwen data a set holds (its qw_set.data), NULL for another tool's set. */
static inline qw_qwen *
qw_qwen_of(const qw_set *set)
{
	return set && set->tool == &qw_tool_qwen ? (qw_qwen *)set->data : NULL;
}

#endif
