/*
 * json_lex.h - the lexical pieces that the JSONC and JSON5 dialects add to json.c's reader (parse.h,
 * qw_json_parse_dialect): comments, JSON5's white space and line terminators, unquoted keys, JSON5's numbers and
 * strings, and the \u and UTF-8 helpers the strict reader shares. Private to src/parse/: json.c builds the tree,
 * this file only reads characters.
 *
 * Every function reads x->s[x->pos ...] and never at or past x->len (the text may hold NUL bytes: they are
 * characters like any other), moves x->pos past what it read, and on malformed text returns false with the first
 * error's message and offset in x->msg and x->at (x->pos is then meaningless).
 *
 * Ownership: nothing here allocates except into the qw_buf a caller passes (the caller frees it); x->msg points
 * at a string constant.
 */
#ifndef QW_JSON_LEX_H
#define QW_JSON_LEX_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

typedef struct qw_jlex {
	const char *s;
	size_t len, pos;
	const char *msg; /* on failure: what is wrong */
	size_t at;       /* on failure: where */
} qw_jlex;

/* Appends code point cp as UTF-8 (cp below 0x110000). */
void qw_jlex_put_utf8(qw_buf *b, unsigned cp);
/* The UTF-8 sequence at pos: its length (1 to 4) with its code point in *cp, or 0 when the bytes there are not
 * UTF-8 (a stray continuation byte, an overlong or truncated sequence, a surrogate, beyond U+10FFFF). */
size_t qw_jlex_utf8(const char *s, size_t len, size_t pos, unsigned *cp);

/* Skips white space and comments (// to the end of the line, block comments); json5 selects JSON5's white space
 * (tab, LF, VT, FF, CR, space, U+00A0, U+2028, U+2029, U+FEFF and the other Unicode space separators) and line
 * terminators (LF, CR, U+2028, U+2029), else JSONC's (VS Code's jsonc-parser: space, tab, LF, CR; a // comment
 * ends at LF or CR). Fails only on a block comment that is not closed. */
bool qw_jlex_trivia(qw_jlex *x, bool json5);

/* JSON5: x->pos is at the opening quote (' or "); reads to after the closing one, the decoded value into out. */
bool qw_jlex_string5(qw_jlex *x, qw_buf *out);
/* JSON5: an unquoted key (an ECMAScript 5.1 IdentifierName) at x->pos, decoded (\uXXXX escapes) into out. Above
 * ASCII the Unicode categories are not looked up: the blocks of symbols and punctuation where a stray character is
 * likely (currency, arrows, emoji...) are refused, and every other character is taken as a letter, so this reads a
 * few keys that JSON5 refuses (a modifier symbol, another script's punctuation), never refuses one it reads. */
bool qw_jlex_ident5(qw_jlex *x, qw_buf *out);
/* Can an unquoted JSON5 key start with the byte at x->pos (a letter, $, _, \ or a byte from 0x80 up)? */
bool qw_jlex_ident5_start(const qw_jlex *x);
/* JSON5: a number at x->pos (an optional sign, then a decimal with an optional leading or trailing point and
 * exponent, a hexadecimal 0x..., Infinity or NaN); the caller keeps its text. */
bool qw_jlex_number5(qw_jlex *x);

#endif
