/*
 * tool.h - what an agent tool is to the rest of qwlint: the interface each tools/<tool>/ folder implements, and
 * the table of them (tools/tools.c). A tool says which directories may be its own (names seen without reading a
 * file), reads one into sets, turns a set into the requests it would send, and owns whatever it hangs on a set
 * beyond the shared fields. The generic stages go through this table: discovery asks each tool in turn whether a
 * directory met in a walk is its own, the pipeline calls the set's tool to resolve it, a set is freed through
 * its tool, and the summary names the tools it found.
 *
 * Adding a tool: a folder tools/<tool>/ with a `const qw_tool qw_tool_<tool>`, a line in tools/tools.c's table
 * (the order is the order directories are tried), and its files in CMakeLists.txt.
 *
 * Ownership: tools are static data. A set's tool is set by the discovery that built it and never changes.
 */
#ifndef QW_TOOL_H
#define QW_TOOL_H

#include <stdbool.h>
#include <stddef.h>

struct qw_set;
struct qw_ctx;
struct qw_sets;
struct qw_options;
struct qw_source;
struct qw_dotenv;
struct qw_rule;
struct qw_doc;

typedef struct qw_tool {
	const char *id;   /* "hermes", "dify", "appenv", "claude": stable, for output */
	const char *name; /* "Hermes Agent": for sentences */
	/* The tool's own directory in the user's home, which a run with no path lints ($HERMES_HOME or ~/.hermes,
	 * ~/.claude); NULL: the tool has none. *named: the user named it (an environment variable), so it is
	 * linted, or said missing, even when it does not exist. The caller frees. */
	char *(*home_dir)(bool *named);
	/* Or, when home_dir is NULL, that directory as a path under the user's home (".codex"), never named. */
	const char *home;
	/* The names in a project's root that are this tool's project settings (".claude", "opencode.json"),
	 * NULL-terminated; a run with no path lints those of the current directory too. NULL: none. */
	const char *const *project;
	/* Whether dir has a name that may make it this tool's, seen without reading a file: a walk with a plan
	 * makes a task of such a directory and walks any other on the spot. NULL: the tool owns no directory. */
	bool (*dir_markers)(const char *dir);
	/* dir_markers alone makes a directory named on the command line this tool's (.claude, .codex); false: it
	 * must pass a test of its content (a Hermes home, a Dify deployment, which discovery asks for first). */
	bool dir_by_name;
	/* Whether dir met in a walk is this tool's (this may read a file); if so, read it into sets added to out
	 * and return true. NULL when dir_markers is. */
	bool (*take_dir)(const char *dir, const struct qw_options *opt, struct qw_sets *out);
	/* Whether dir, named on the command line, is this tool's by its content (a Dify deployment, a Hermes home:
	 * a directory named is taken more readily than one met in a walk), and then read_named_dir reads it into
	 * sets (as a task, maybe on another thread). Asked by named_rank, lowest first (1 to QW_NAMED_RANKS), before
	 * any dir_by_name: a Dify deployment before a Hermes home, which would take any directory holding a .env.
	 * NULL: none. */
	bool (*named_dir)(const char *dir, const struct qw_options *opt, const struct qw_sets *out);
	void (*read_named_dir)(const char *dir, const struct qw_options *opt, struct qw_sets *out);
	int named_rank;
	/* File name endings ("yaml") that make a file met in a walk worth a task of this tool (Dify's DSL exports
	 * and manifests), NULL-terminated, and that task: walk_file reads the file and keeps it only if it is the
	 * tool's, silently otherwise. NULL: none. */
	const char *const *walk_suffixes;
	void (*walk_file)(const char *path, const struct qw_options *opt, struct qw_sets *out);
	/* Whether a file met in a walk may be this tool's by its name alone (OpenCode's opencode.json): the walk
	 * then makes a lone file's task of it, whose take_file decides. NULL: none but .env names. */
	bool (*file_markers)(const char *path);
	/* Whether the file at path (named, or met in a walk: explicit false) is this tool's by its name and its
	 * directory's (this may read them); if so, read it, and what it needs for context, into sets added to out
	 * and return true. Tried in the table's order before any file is read as a lone file. NULL: none. */
	bool (*take_file)(const char *path, bool explicit, const struct qw_options *opt, struct qw_sets *out);
	/* Whether a file no tool took by its name is this tool's by its content (src read, dir its directory); if
	 * so, take both over into a set added to out and return true. Tried in the table's order. NULL: none. */
	bool (*take_source)(char *dir, struct qw_source *src, bool explicit, const struct qw_options *opt,
			    struct qw_sets *out);
	/* Report, as rule (QW001 for YAML, QW002 for JSON and TOML, QW003 for .env), each of the tool's own files
	 * that does not parse in that syntax, with why it matters to the tool in the trace. NULL: none. */
	void (*parse_errors)(struct qw_ctx *ctx, struct qw_set *set, const struct qw_rule *rule);
	/* --list-files: what src of the set is ("codex-config"; NULL: the generic names of config/env/auth) and
	 * what a set of it is ("Codex CLI config", shown "… in DIR"; NULL: a lone file, or a Hermes home). */
	const char *(*kind)(const struct qw_set *set, const struct qw_source *src);
	const char *set_name;
	/* The requests the set sends, appended to set->reqs; called once every set of the batch is read (a
	 * Hermes profile reads its root's). NULL: the tool's sets send nothing qwlint models. */
	void (*resolve)(struct qw_ctx *ctx, struct qw_set *set);
	/* The i-th of the files the tool hangs on the set beyond config, env and auth, NULL past the last. */
	struct qw_source *(*source)(const struct qw_set *set, size_t i);
	/* The parse of src, one of those files: its tree (YAML, JSON, TOML) in *doc or, for a .env, its variables
	 * in *env; both NULL when it did not parse. The rules that go over every value of every file (a key in a file
	 * git tracks) read it. NULL: the tool's files are not read that way. */
	void (*parsed)(const struct qw_set *set, const struct qw_source *src, const struct qw_doc **doc,
		       const struct qw_dotenv **env);
	/* The tool's own .env among those files (Dify's docker/.env), with its parse; NULL when none. */
	struct qw_source *(*main_env)(const struct qw_set *set, const struct qw_dotenv **env);
	/* The variables the tool's client takes from its environment as an application's (rules/app-env.yaml's
	 * pairs: a lone .env's, Claude Code's settings' env objects), the last definition of a name winning; each
	 * variable's src says which file it is written in (NULL: the set's .env). NULL when the set has none. */
	const struct qw_dotenv *(*app_env)(const struct qw_set *set);
	/* The client (rules/clients.yaml's id) that reads those variables, whether or not a key is set beside a URL
	 * ("claude-code"); NULL: an application's, not known. */
	const char *app_client;
	/* Free what the tool hangs on the set (set->data). */
	void (*free_data)(struct qw_set *set);
} qw_tool;

/* The ranks named_dir hooks are asked by. */
#define QW_NAMED_RANKS 4

/* Every tool, in the order a walk tries a directory; NULL-terminated. */
extern const qw_tool *const qw_tools[];

#endif
