/*
 * render.h - findings to text: one renderer per format (human, concise, json, github here; sarif in
 * render_sarif.c), plus the --resolve trace. Every renderer prints keys only masked: source lines are shown with
 * their secret spans replaced by the mask (mask.h).
 */
#ifndef QW_RENDER_H
#define QW_RENDER_H

#include <stdbool.h>
#include <stdio.h>

#include "discover.h"
#include "lint.h"

typedef enum qw_format {
	QW_FMT_HUMAN,
	QW_FMT_CONCISE,
	QW_FMT_JSON,
	QW_FMT_GITHUB,
	QW_FMT_SARIF,
	QW_FMT_GITLAB,
	QW_FMT_RDJSON,
	QW_FMT_JUNIT,
	QW_FMT_MARKDOWN,
} qw_format;

/* A format's name as --format takes it -> the format; -1 for anything else. */
int qw_format_parse(const char *name);
/* The names, comma-separated, for messages and --help. */
#define QW_FORMAT_NAMES "human, concise, json, sarif, github, gitlab, rdjson, junit, markdown"

/* The interface of the formats that live each in its own file (render_gitlab.c, render_rdjson.c,
 * render_junit.c, render_markdown.c; issue 26 wants every format behind it). begin makes the format's state for a
 * run printed on out; files (may be NULL) is told the files each batch read, before its findings; add takes
 * each batch (sorted; its files are freed once it returns, so a format copies what it keeps); end prints what is
 * left and frees the state. Every text a format prints is masked as the other formats' (render.h's file comment)
 * and escaped for its syntax (escape.h). */
typedef struct qw_format_ops {
	void *(*begin)(FILE *out, const qw_kb *kb);
	void (*files)(void *st, const qw_sets *sets);
	void (*add)(void *st, const qw_findings *fs);
	void (*end)(void *st, size_t nfiles);
} qw_format_ops;
extern const qw_format_ops qw_gitlab_ops, qw_rdjson_ops, qw_junit_ops, qw_markdown_ops;

/* A run's findings rendered batch by batch as the pipeline streams them (pipeline.h): qw_render_begin, any number
 * of qw_render_add (each batch sorted; its files may be freed once the call returns), then qw_render_end, which prints what needs every finding (the totals, the JSON summary, the SARIF log) and
 * frees the renderer. nfiles: for the human format's totals line; (size_t)-1 prints none (--quiet). */
typedef struct qw_renderer qw_renderer;
qw_renderer *qw_render_begin(FILE *out, qw_format fmt, bool color, const qw_kb *kb);
void qw_render_add(qw_renderer *r, const qw_findings *fs);
/* The files a batch read (for the formats that list passing files too: junit); call before its qw_render_add. */
void qw_render_files(qw_renderer *r, const qw_sets *sets);
void qw_render_end(qw_renderer *r, size_t nfiles);
/* All three at once, for findings already gathered. */
void qw_render(FILE *out, const qw_findings *f, qw_format fmt, bool color, const qw_kb *kb, size_t nfiles);
/* Where a finding is: its first line and column and the end's (columns count code points, 1-based). */
void qw_render_pos(const qw_finding *f, int *line, int *col, int *end_line, int *end_col);
/* SARIF 2.1.0 (render_sarif.c): results gather batch by batch; qw_sarif_end prints the log and frees. */
typedef struct qw_sarif qw_sarif;
qw_sarif *qw_sarif_begin(const qw_kb *kb);
void qw_sarif_add(qw_sarif *s, const qw_findings *fs);
void qw_sarif_end(qw_sarif *s, FILE *out);
/* The --resolve report of every set (render_resolve.c): the human trace, or with fmt QW_FMT_JSON one JSON document
 * (README's schema); any other format prints the text. */
void qw_render_resolve(FILE *out, const qw_sets *sets, qw_format fmt, bool color, const qw_kb *kb);

#endif
