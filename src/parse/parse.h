/*
 * parse.h - the readers: YAML (libyaml events), JSON and TOML (hand-written, with spans) and .env (the quoting
 * rules of both loaders Hermes uses). Each turns a qw_source into a structure with exact spans and never aborts on bad
 * input: a syntax error comes back in qw_parse_error with its byte offset. The JSON reader also reads JSONC and
 * JSON5 (qw_json_parse_dialect).
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
/* The JSON dialects qwlint reads. A UTF-8 BOM at the start is skipped in each (source.h). */
typedef enum qw_json_dialect {
	QW_JSON_STRICT, /* RFC 8259: qw_json_parse */
	/* JSON with comments (// to the end of the line, block comments) and one trailing comma in an object or an
	 * array: VS Code's jsonc-parser with allowTrailingComma, as OpenCode reads opencode.json. Nothing else of
	 * strict JSON is relaxed (white space, strings and numbers are strict JSON's). */
	QW_JSON_JSONC,
	/* JSON5 1.0.0 (spec.json5.org), as OpenClaw reads openclaw.json: JSONC's comments and trailing commas, keys
	 * without quotes (ECMAScript names, \uXXXX escapes decoded), strings in single quotes, ECMAScript's escapes
	 * (\x.., \v, \0, any other character for itself, a backslash before a line break continues the string),
	 * hexadecimal numbers, a leading or trailing decimal point, a leading '+', Infinity and NaN, and ECMAScript's
	 * white space (U+00A0, U+FEFF, U+2028, U+2029, the Unicode space separators). */
	QW_JSON_JSON5,
} qw_json_dialect;
/* The same in dialect d: the tree is the strict reader's. Each key and value has its exact span (a string's
 * includes its quotes, so that --fix can replace a value and keep the comments and all else around it), and its
 * value as a program reads it (a string unescaped); a number, true, false and null are plain with their text as
 * written ("0x1F", "+.5", "-Infinity" in JSON5: the caller converts). Spans never cover comments, except those
 * inside a container's brackets. Strict mode's messages are qw_json_parse's. */
qw_doc *qw_json_parse_dialect(const qw_source *src, qw_json_dialect d, qw_parse_error *err);
/* How a scalar of a JSON tree read from src was written: '"' or '\'' (a string, in its quotes), or '\0' (a
 * literal, or a JSON5 key without quotes). An editor that replaces the value keeps to it. */
char qw_json_quote(const qw_source *src, const qw_node *n);
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
	/* The file the variable is written in when that is not the set's .env (a Claude Code settings file's `env`
	 * object, whose variables the same request model reads: tools/claude/), else NULL. Spans are into it. */
	qw_source *src;
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
