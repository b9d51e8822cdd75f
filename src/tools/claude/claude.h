/*
 * claude.h - Claude Code as an agent tool. Its settings files, read from a .claude directory (a project's
 * .claude/settings.json and .claude/settings.local.json; the user's ~/.claude/settings.json is the same name in
 * the home's .claude), are JSON whose `env` object sets the variables Claude Code sends its requests with:
 * ANTHROPIC_BASE_URL (Claude Code appends /v1/messages), ANTHROPIC_AUTH_TOKEN (sent as Authorization: Bearer),
 * ANTHROPIC_API_KEY (sent as x-api-key), ANTHROPIC_MODEL and ANTHROPIC_DEFAULT_{OPUS,SONNET,HAIKU}_MODEL. These
 * are an application environment (appenv.h): the same pairs (rules/app-env.yaml), requests and rules as an
 * application's .env, with every variable's spans pointing into the JSON file that sets it.
 * Facts: ../shared/knowledge/agents.md §1, §3 (Claude Code row), §4 item 1; providers.md §0, §8.
 *
 * Ownership: set->data (qw_claude_of) owns its files' sources and parses and the merged environment built from them; the
 * tool's free_data (qw_claude_free) releases them all.
 */
#ifndef QW_CLAUDE_H
#define QW_CLAUDE_H

#include "lint.h"

/* One settings file: its text, its parse (NULL when it does not parse: err says where). */
typedef struct qw_claude_file {
	qw_source *src;
	qw_doc *doc;
	qw_parse_error err;
} qw_claude_file;

#define QW_CLAUDE_NFILES 2

typedef struct qw_claude {
	/* in precedence order, lowest first: settings.json, then settings.local.json (agents.md §3: local over
	 * project over user; conf L) */
	qw_claude_file files[QW_CLAUDE_NFILES];
	size_t n;
	/* every string value of the files' `env` objects in that order, each naming its file (qw_envvar.src), so
	 * that qw_dotenv_get's last definition is the one Claude Code uses */
	qw_dotenv *env;
} qw_claude;

/* The names of the settings files in a .claude directory, lowest precedence first. */
extern const char *const qw_claude_names[QW_CLAUDE_NFILES];

/* discover_claude.c. Is dir a directory named .claude (as named, or resolved when named ".") holding a settings
 * file, seen without reading one? */
bool qw_claude_markers(const char *dir);
/* Is path a settings file of a .claude directory (by its name and its directory's)? */
bool qw_claude_settings_path(const char *path);
/* A .claude directory met in a walk or named: its settings files read into one set added to out. */
bool qw_claude_take_dir(const char *dir, const qw_options *opt, struct qw_sets *out);
/* A settings file named alone (or met in a walk): its directory's set, the other file read for context. */
bool qw_claude_take_file(const char *path, bool explicit, const qw_options *opt, struct qw_sets *out);
/* Add a settings file read (its source taken over) to the set: parsed, its secrets marked, its env variables
 * appended to the set's environment. Files are added lowest precedence first. */
void qw_claude_add(qw_set *set, qw_source *src);
void qw_claude_free(qw_claude *c);

extern const qw_tool qw_tool_claude;
/* The claude data a set holds (its qw_set.data), NULL for another tool's set. */
static inline qw_claude *
qw_claude_of(const qw_set *set)
{
	return set && set->tool == &qw_tool_claude ? (qw_claude *)set->data : NULL;
}

#endif
