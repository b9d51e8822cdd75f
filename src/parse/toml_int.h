/*
 * toml_int.h - what the TOML reader's two halves share: the lexer (toml_lex.c: white space, comments, strings,
 * numbers, booleans, dates) and the parser (toml.c: keys, tables, arrays, inline tables, the tree). Not for any
 * other file: the reader's interface is qw_toml_parse in parse.h.
 *
 * Ownership: a qw_toml_lex points into the source it reads and into the qw_doc it builds, owning neither; its
 * scratch buffer is its own (qw_buf_free when the parse ends). The nodes it returns live in the doc's arena.
 */
#ifndef QW_TOML_INT_H
#define QW_TOML_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "parse.h"
#include "util.h"

typedef struct qw_toml_lex {
	const char *s;
	size_t len, pos;
	qw_doc *doc;
	qw_parse_error *err;
	qw_buf scratch; /* a string's decoded value, when it differs from its text */
} qw_toml_lex;

/* Records the first error (message and byte offset) and returns false; later ones are ignored. */
bool qw_toml_fail(qw_toml_lex *l, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Skips spaces and tabs (TOML's white space). */
void qw_toml_skip_ws(qw_toml_lex *l);
/* At '#': skips the comment up to (not past) the line end, refusing control characters and invalid UTF-8. */
bool qw_toml_comment(qw_toml_lex *l);
/* The length of the newline at l->pos: 1 for LF, 2 for CRLF, 0 for anything else (a lone CR too). */
size_t qw_toml_eol(const qw_toml_lex *l);
/* At '"' or '\'': one string of any of the four kinds, as a scalar whose span includes the quotes (plain false,
 * str the decoded value; a multi-line string's CRLFs read as LF). A key (as_key) may not be multi-line. */
qw_node *qw_toml_string(qw_toml_lex *l, bool as_key);
/* A boolean, integer, float, date or time: a plain scalar whose span is its text. An integer's str is its decimal
 * value ("0x1F" -> "31"); a float's its text without underscores; a boolean, date or time its text. */
qw_node *qw_toml_scalar(qw_toml_lex *l);

#endif
