/*
 * json_print.h - every JSON output format (--format json, sarif, gitlab, rdjson, --resolve --format json) is
 * written one way: its values are built as cJSON trees and printed here, escaped as escape.h says for JSON (valid
 * UTF-8, controls and bidi controls as \u escapes), in one of three layouts that the formats have always had. No
 * format writes a JSON key or string itself. (Not yet here: --statistics --format json, main.c; the --baseline
 * file, baseline.c.)
 *
 * cJSON cannot stream, and a run's findings are not all kept: a format whose document holds a list of findings
 * builds the document around a hole (qw_json_hole) where the list goes, and qw_json_list prints the text before
 * the hole, then each element as it comes on a line of its own, then the text after the hole. The line breaks,
 * commas and brackets of such a list are the only JSON text written here and not by cJSON.
 *
 * Ownership: qw_json_print returns memory the caller frees; qw_json_list_add takes (and frees) the value it is
 * given; the documents passed to qw_json_list_open and _close stay the caller's.
 */
#ifndef QW_JSON_PRINT_H
#define QW_JSON_PRINT_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>

typedef enum qw_json_style {
	QW_JSON_COMPACT, /* no blank between tokens: --format json, gitlab, rdjson */
	QW_JSON_SPACED,  /* ", " and ": " between tokens, on one line: the --resolve document */
	QW_JSON_PRETTY,  /* cJSON_Print's tabs and line breaks: SARIF (which keeps cJSON's \b and \f) */
} qw_json_style;

/* v as text in style. */
char *qw_json_print(const cJSON *v, qw_json_style style);
/* A string, or null for NULL. */
cJSON *qw_json_str(const char *s);
/* The place in a document where a streamed list goes: a value the printers leave as one control byte, which no
 * printed JSON holds anywhere else (cJSON escapes every control character inside strings). */
cJSON *qw_json_hole(void);

/* A list streamed into a document: '[', then each element after a line break and indent, then ']'. */
typedef struct qw_json_list {
	FILE *out;
	qw_json_style style;
	const char *indent; /* after each element's line break */
	unsigned end;       /* QW_JSON_END_*: where ']' goes */
	size_t n;           /* elements so far */
} qw_json_list;
enum {
	QW_JSON_END_BREAK = 1,       /* ']' on a line of its own after the last element, else right after it */
	QW_JSON_END_BREAK_EMPTY = 2, /* ... and in an empty list too ("[\n]"), else "[]" */
};
/* Prints doc up to its hole, and '['. */
void qw_json_list_open(qw_json_list *l, const cJSON *doc);
/* The next element's line break and indent, for an element printed by the caller (a list of lists). */
void qw_json_list_next(qw_json_list *l);
/* The next element: its line break and indent, and v (freed). */
void qw_json_list_add(qw_json_list *l, cJSON *v);
/* Prints ']' and doc after its hole; a document printed whole (top_level) ends with a line break. doc is the
 * document given to open, or the same document with more after the hole (a summary known only at the end). */
void qw_json_list_close(qw_json_list *l, const cJSON *doc, bool top_level);

#endif
