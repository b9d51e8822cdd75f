/*
 * codex.h - Codex CLI as an agent tool. Its one file, ~/.codex/config.toml (TOML, read by parse/toml.c), chooses a
 * provider with `model_provider` and defines providers as `[model_providers.<id>]` tables: `name`, `base_url`,
 * `env_key` (the environment variable holding the key) and `wire_api` ("chat": Codex appends /chat/completions;
 * "responses": /responses). Codex reads providers only from the user's file, not from a project's
 * .codex/config.toml (agents.md §3, Codex CLI row, citing opencode.ai's Codex docs); qwlint reads a .codex
 * directory's config.toml wherever it meets one, as that file would be read from ~/.codex.
 * The key is in the environment variable env_key names, which no file qwlint reads holds: the requests carry no
 * key, so no key rule judges them; the URL rules (QW2xx) and Codex's own wire_api rule (rules.c) do.
 * Facts: ../shared/knowledge/agents.md §1 (Codex CLI row), §2 (Responses API on Token Plan China: U), §3, §4.
 *
 * Ownership: set->data (qw_codex_of) owns the file's source and parse and the provider list (pointers into the parse);
 * the tool's free_data (qw_codex_free) releases them.
 */
#ifndef QW_CODEX_H
#define QW_CODEX_H

#include "lint.h"

/* One [model_providers.<id>] table, its values' nodes (NULL when absent), and the request made from it. */
typedef struct qw_codex_provider {
	const char *id;
	const qw_node *table, *base_url, *env_key, *wire_api;
	bool selected;    /* model_provider names it */
	size_t req;       /* its request's index in set->reqs, or SIZE_MAX when it makes none */
} qw_codex_provider;

typedef struct qw_codex {
	qw_source *src;
	qw_doc *doc; /* NULL when the file does not parse (err says where) */
	qw_parse_error err;
	qw_codex_provider *prov;
	size_t nprov, prov_cap;
} qw_codex;

/* discover_codex.c. Is dir a directory named .codex (as named, or resolved when named ".") holding config.toml? */
bool qw_codex_markers(const char *dir);
/* Is path the config.toml of a .codex directory? */
bool qw_codex_config_path(const char *path);
/* A .codex directory met in a walk or named: its config.toml read into one set added to out. */
bool qw_codex_take_dir(const char *dir, const qw_options *opt, struct qw_sets *out);
/* Codex CLI's config.toml named alone (or met in a walk): its .codex directory's set. */
bool qw_codex_take_file(const char *path, bool explicit, const qw_options *opt, struct qw_sets *out);
/* Add config.toml read (its source taken over) to the set: parsed, its secrets marked. */
void qw_codex_add(qw_set *set, qw_source *src);
void qw_codex_free(qw_codex *c);

extern const qw_tool qw_tool_codex;
/* The codex data a set holds (its qw_set.data), NULL for another tool's set. */
static inline qw_codex *
qw_codex_of(const qw_set *set)
{
	return set && set->tool == &qw_tool_codex ? (qw_codex *)set->data : NULL;
}

#endif
