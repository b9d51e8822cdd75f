/*
 * render.h - a run's findings in one output format (format.h: the formats and their table), and the --resolve
 * report. The driver knows no format: it hands each finding to the format's callbacks and counts them for the
 * totals. Every format prints keys only masked (mask.h).
 *
 * Ownership: qw_render_begin's renderer is freed by qw_render_end; the findings and sets passed in stay the
 * caller's.
 */
#ifndef QW_RENDER_H
#define QW_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "format.h"
#include "lint.h"

/* A run's findings rendered batch by batch as the pipeline streams them (pipeline.h): qw_render_begin, any number
 * of qw_render_add (each batch sorted; its files may be freed once the call returns), then qw_render_end, which
 * prints what needs every finding (the totals, the JSON summary, the SARIF log) and frees the renderer. nfiles:
 * for the totals; (size_t)-1 prints none (--quiet). */
typedef struct qw_renderer qw_renderer;
qw_renderer *qw_render_begin(FILE *out, const qw_format *fmt, bool color, const qw_kb *kb);
void qw_render_add(qw_renderer *r, const qw_findings *fs);
/* The files a batch read (for the formats that list passing files too: junit); call before its qw_render_add. */
void qw_render_files(qw_renderer *r, const qw_sets *sets);
void qw_render_end(qw_renderer *r, size_t nfiles);
/* The summary names the agent tools found (a run given no path). */
void qw_render_name_tools(qw_renderer *r);
/* All three at once, for findings already gathered. */
void qw_render(FILE *out, const qw_findings *f, const qw_format *fmt, bool color, const qw_kb *kb, size_t nfiles);

/* The --resolve report of every set (render_resolve.c): the format's (json: one JSON document, README's schema),
 * or for a format that has none the human trace. */
void qw_render_resolve(FILE *out, const qw_sets *sets, const qw_format *fmt, bool color, const qw_kb *kb);

#endif
