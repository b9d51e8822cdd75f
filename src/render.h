/*
 * render.h - findings to text: one renderer per format (human, concise, json, github here; sarif in
 * render_sarif.c), plus the --resolve trace. Every renderer prints keys only masked: source lines are shown with
 * their secret spans replaced by the mask.
 */
#ifndef QW_RENDER_H
#define QW_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "discover.h"
#include "lint.h"

typedef enum qw_format { QW_FMT_HUMAN, QW_FMT_CONCISE, QW_FMT_JSON, QW_FMT_GITHUB, QW_FMT_SARIF } qw_format;

/* nfiles: for the human format's totals line; (size_t)-1 prints none (--quiet). */
void qw_render(FILE *out, const qw_findings *f, qw_format fmt, bool color, const qw_kb *kb, size_t nfiles);
/* Line `line` of src with its secret spans masked; *col_of (caller frees) maps the line's byte offsets to display
 * columns. The caller frees the result. */
char *qw_render_masked_line(const qw_kb *kb, const qw_source *src, int line, size_t **col_of, qw_span *ls_out);
/* Text that may hold keys (a diff line, a repair's inserted text), each line masked as source snippets are,
 * line breaks kept. The caller frees. */
char *qw_render_masked_text(const qw_kb *kb, const char *text, size_t len);
/* SARIF 2.1.0 (render_sarif.c). */
void qw_render_sarif(FILE *out, const qw_findings *f, const qw_kb *kb);
void qw_render_resolve(FILE *out, const qw_sets *sets, bool color);

#endif
