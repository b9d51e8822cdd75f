/*
 * opencode.h - OpenCode as an agent tool. Its configuration, ~/.config/opencode/opencode.json (the user's) and a
 * project's opencode.json, is JSONC (comments, trailing commas: parse.h's QW_JSON_JSONC). Each entry of its
 * `provider` object may name the AI SDK package that sends the requests (`npm`: @ai-sdk/anthropic or
 * @ai-sdk/openai-compatible, a client of rules/clients.yaml) and its `options.baseURL` and `options.apiKey` (a
 * literal, `{env:VAR}` or `{file:path}`). An entry with a base URL is one request: the client appends its own
 * path (@ai-sdk/anthropic only /messages, so Alibaba documents the Anthropic base WITH /v1 for OpenCode, the
 * mirror image of Claude Code). A project's file wins over the user's (agents.md §3); each file is its own set
 * here, the merge is not modelled.
 * Facts: ../shared/knowledge/agents.md §1 (OpenCode row), §3 (OpenCode row), §4 item 3; providers.md §0.
 *
 * Ownership: set->data (qw_opencode_of) owns the file's source and parse; the tool's free_data (qw_opencode_free) releases them.
 */
#ifndef QW_OPENCODE_H
#define QW_OPENCODE_H

#include "lint.h"

typedef struct qw_opencode {
	qw_source *src;
	qw_doc *doc; /* NULL when the file does not parse: err says where */
	qw_parse_error err;
} qw_opencode;

/* The name OpenCode reads its configuration from, in ~/.config/opencode/ and a project's root. */
#define QW_OPENCODE_NAME "opencode.json"

/* discover_opencode.c. Is path an OpenCode configuration (by its name)? */
bool qw_opencode_path(const char *path);
/* When path is an OpenCode configuration: the file as one set added to out (explicit: named on the command line,
 * read wherever it leads), and true. */
bool qw_opencode_take_file(const char *path, bool explicit, const qw_options *opt, struct qw_sets *out);
void qw_opencode_free(qw_opencode *o);

extern const qw_tool qw_tool_opencode;
/* The opencode data a set holds (its qw_set.data), NULL for another tool's set. */
static inline qw_opencode *
qw_opencode_of(const qw_set *set)
{
	return set && set->tool == &qw_tool_opencode ? (qw_opencode *)set->data : NULL;
}

#endif
