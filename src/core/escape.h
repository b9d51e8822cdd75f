/*
 * escape.h - output is data, never commands: text that came from files, paths or values, made safe for the
 * context it is printed in, in one place that every printer uses.
 *
 * Escaped, in every context: C0 control characters and DEL, C1 controls (U+0080-U+009F), bidi controls (U+061C,
 * U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), the line and paragraph separators U+2028 and U+2029, and bytes
 * that are not UTF-8 (a stray continuation byte, a truncated or overlong sequence, a surrogate, beyond U+10FFFF).
 * Terminal escapes, a carriage return that overwrites a line, a reordered line or a line break that starts a new
 * output line (GitHub Actions reads any output line beginning with "::" as a workflow command; it also breaks
 * lines at a lone CR) can then not come from the data.
 *
 * Terminal text (human, concise, github, --resolve, --diff, --explain, --fix progress lines, stderr): \t \n \r by
 * name, other C0 and DEL as \xNN (\x1b), the Unicode ones as \uNNNN (\u202e), each byte that is not UTF-8 as
 * \xNN (\xff; always 80 or above, so it never reads as a character). A backslash is doubled only when what follows
 * would otherwise read as an escape (a backslash, x, u, n, r, t, or an escaped character), so C:\Users stays as
 * written and any escaped text reads back exactly. A ':' that would begin a line (after blanks) is written \x3a.
 *
 * JSON strings (--format json, sarif): the same characters as \u escapes (valid JSON, lossless once parsed); each
 * byte that is not UTF-8 as U+FFFD (\ufffd): JSON must be UTF-8 (RFC 8259), and one bad name must not make a
 * consumer reject the whole report. Paths keep every byte in SARIF's percent-encoded URIs.
 *
 * Ownership: functions returning char * return memory the caller frees; the others append to the caller's buffer.
 */
#ifndef QW_ESCAPE_H
#define QW_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"

enum {
	QW_ESC_LINE_START = 1, /* the text begins an output line: a leading ':' (after blanks) is escaped */
	QW_ESC_LINES = 2,      /* several lines: each '\n' is kept and each line treated as QW_ESC_LINE_START */
	QW_ESC_EOL_CR = 4,     /* a '\r' that ends the text is kept: a CRLF file's line end, in a --diff line */
};

/* Terminal text: s (n bytes) escaped onto b. */
void qw_esc_add(qw_buf *b, const char *s, size_t n, unsigned flags);
/* The same, as a new string. */
char *qw_esc(const char *s, unsigned flags);
/* The same, and *cols (caller frees) maps display columns of s (one per UTF-8 lead byte or other non-continuation
 * byte, as qwlint counts them) to display columns of the result: cols[k] is where s's column k starts, and
 * cols[<columns of s>] is the result's width, so a caret under s can be moved under the escaped text. */
char *qw_esc_columns(const char *s, unsigned flags, size_t **cols, size_t *ncols);
/* One line of output from fmt, every byte of it escaped as terminal text that begins a line, except the trailing
 * '\n'. For messages built from qwlint's own words and data (never colour codes). */
void qw_esc_fprintf(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void qw_esc_buf_printf(qw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A JSON document printed by cJSON (json_print.h), which escapes only '"', '\\' and C0 (\b and \f by name): the
 * other characters above written as \u escapes, bytes that are not UTF-8 as \ufffd. They can only occur inside
 * strings, where such an escape means the same character. The caller frees. */
char *qw_esc_json_text(const char *json, unsigned flags);
enum {
	QW_ESC_JSON_BF_AS_U = 1, /* \b and \f as \u0008 and \u000c, as qwlint's own JSON writer wrote them */
};

#endif
