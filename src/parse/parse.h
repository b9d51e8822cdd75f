/*
 * parse.h - the readers: YAML (libyaml events), JSON and TOML (hand-written, with spans) and .env (the quoting
 * rules of both loaders Hermes uses). Each turns a qw_source into a structure with exact spans and never aborts on bad
 * input: a syntax error comes back in qw_parse_error with its byte offset.
 *
 * Ownership: the returned qw_doc / qw_dotenv belongs to the caller (qw_doc_free / qw_dotenv_free) and keeps
 * pointers into nothing but itself; spans refer to the qw_source that was parsed.
 */
#ifndef QW_PARSE_H
#define QW_PARSE_H

#include <stdbool.h>

#include "source.h"
#include "tree.h"

typedef struct qw_parse_error {
	bool failed;
	size_t offset;  /* where the error is, when known */
	int line, col;  /* 1-based; 0 when only offset is known */
	char msg[256];
	bool maybe_readable; /* qwlint stops here, but some Python loaders may read on: report as a warning */
} qw_parse_error;

/* YAML stream -> tree of its first document. NULL on a syntax error (err filled). */
qw_doc *qw_yaml_parse(const qw_source *src, qw_parse_error *err);
/* What a reader may leave out of a YAML document whose every part no check reads, so that a big file costs little
 * memory: the value of a top-level key is kept whole when section(key) says so. Under the other top-level keys,
 * only the pairs whose key leaf(key) accepts and whose value is a scalar are kept, with the mappings and sequences
 * on the way to them (marked pruned); a sequence item left out is replaced by one empty scalar, so that the others
 * keep their index. The top-level keys themselves are all kept. A document with an alias anywhere, or with a merge
 * key or a tagged key where pruning happens, is read whole: what those mean is not local. */
typedef struct qw_yaml_keep {
	bool (*section)(const char *key);
	bool (*leaf)(const char *key);
} qw_yaml_keep;

qw_doc *qw_yaml_parse_pruned(const qw_source *src, const qw_yaml_keep *keep, qw_parse_error *err);
/* The same for YAML built into qwlint (its rules files): the check of every character against PyYAML's reader is
 * skipped. Every test parses the built-in files, and tests/cli_tests.sh passes them through the full path
 * (--rules-dir), so a broken one cannot ship. */
qw_doc *qw_yaml_parse_builtin(const qw_source *src, qw_parse_error *err);
/* JSON text -> tree. NULL on a syntax error (err filled). Duplicate keys are kept (the last wins on lookup). */
qw_doc *qw_json_parse(const qw_source *src, qw_parse_error *err);
/* TOML v1.0.0 text (Codex CLI's config.toml) -> tree. NULL on anything the specification calls invalid (err filled),
 * a key or table defined twice included. How tables, dotted keys and spans map onto the tree: toml.c. */
qw_doc *qw_toml_parse(const qw_source *src, qw_parse_error *err);

/* One KEY=VALUE line of a .env file. */
typedef struct qw_envvar {
	char *key;
	qw_span key_span;
	qw_span value_span;   /* the raw value text after '=', up to the line end (a CR before LF excluded) */
	qw_span line_span;    /* the whole line without its terminator */
	int line;             /* 1-based */
	bool exported;        /* `export KEY=...` */
	char quote;           /* '"', '\'' or 0: how the value starts */
	bool inline_comment;  /* an unquoted ` #...` or text after the closing quote */
	size_t comment_at;    /* with inline_comment: where the blanks before '#' start */
	/* What python-dotenv puts into os.environ: quotes and escapes resolved, an inline comment dropped.
	 * Hermes's auto-detection, ${VAR} expansion and base-URL reads see this value. */
	char *env_value;
	/* What Hermes's own config.load_env/_parse_env_value returns: `export ` dropped and a value that is exactly
	 * one quoted string unquoted, but no inline-comment support. Built-in API-key providers send this value. */
	char *hermes_value;
	/* What a Hermes process's os.environ holds when that differs from env_value (non-ASCII dropped from a
	 * credential's name, see dotenv.c), else NULL: read it through qw_envvar_environ(). */
	char *hermes_environ;
	/* the file starts with a UTF-8 BOM and this is its first line: python-dotenv (1.2.2, which Hermes 0.18.2
	 * pins) keeps the BOM in the key, so os.environ never gets this variable (hermes-agent #65123); Hermes's
	 * own reader (utf-8-sig) still sees it. Not when Hermes's start-up sanitiser rewrites the file (it writes it
	 * back without the BOM): a stripped line, a NUL, no newline at the end */
	bool bom_hidden;
} qw_envvar;

typedef struct qw_dotenv {
	qw_envvar *vars;
	size_t nvars, cap;
	qw_parse_error *errors; /* every malformed line, in order; parsing goes on after each */
	size_t nerrors, errors_cap;
} qw_dotenv;

qw_dotenv *qw_dotenv_parse(const qw_source *src);
/* v's value in a Hermes process's os.environ (env_value after Hermes's credential sanitiser). */
const char *qw_envvar_environ(const qw_envvar *v);
void qw_dotenv_free(qw_dotenv *env);
/* The last definition of key (both loaders let a later line win), or NULL. */
const qw_envvar *qw_dotenv_get(const qw_dotenv *env, const char *key);

#endif
