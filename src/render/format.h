/*
 * format.h - the output formats behind one interface, as cmark's renderers are: each format is one file
 * (render_<name>.c) that fills a qw_format with its callbacks, and format.c lists them in one table, which
 * --format and -o FMT: (qw_format_find), --help's list of names and the fuzz target read. render.h drives a
 * format through a run: begin, then the files and findings of each batch as the pipeline streams them, then end.
 *
 * What every format shares: a key is printed only masked (mask.h); text from files is escaped for the format's
 * syntax (escape.h); JSON is printed by json_print.h. Adding a format is one file, two lines of format.c (its
 * declaration and its place in the table) and one of CMakeLists.txt, plus its documentation (README,
 * man/qwlint.1, completions/qwlint.bash; the doc_sync test says which is missing).
 *
 * Ownership: a format's state is its own: begin makes it (in o->st), end frees it. A batch's findings and files
 * are freed once the callback returns, so a format copies what it keeps.
 */
#ifndef QW_FORMAT_H
#define QW_FORMAT_H

#include <stdbool.h>
#include <stdio.h>

#include "lint.h"

/* Where a run's report goes. */
typedef struct qw_output {
	FILE *out;
	bool color;      /* terminal colours (only the human format has any) */
	const qw_kb *kb; /* for masking */
	void *st;        /* the format's state: NULL until its begin sets it */
} qw_output;

/* What the run found: files for a totals line ((size_t)-1: --quiet, print none), findings by severity. */
#define QW_RENDER_MAX_TOOLS 16

typedef struct qw_render_totals {
	size_t files;
	size_t counts[3];
	/* the agent tools whose files the run reported, in the order met; named in the summary of a run given no
	 * path (every agent of the user's home: the reader learns which were found) */
	const qw_tool *tools[QW_RENDER_MAX_TOOLS];
	size_t ntools;
	bool name_tools;
} qw_render_totals;

typedef struct qw_format {
	const char *name;    /* as --format and -o FMT: take it */
	const char *summary; /* one line: what it is for, for --help and the man page (neither prints it yet) */
	bool document;       /* its output is one document (JSON, XML, ...): --fix's progress goes to stderr */
	/* Each callback but finding may be NULL. */
	void (*begin)(qw_output *o);
	void (*files)(qw_output *o, const qw_sets *sets); /* the files a batch read, before its findings */
	void (*finding)(qw_output *o, const qw_finding *f); /* in order: a batch is sorted, batches come in order */
	void (*end)(qw_output *o, const qw_render_totals *t);
	/* --resolve in this format; NULL: the text trace */
	void (*resolve)(FILE *out, const qw_sets *sets, const qw_kb *kb);
} qw_format;

/* The table, in --help's order. */
extern const qw_format *const qw_formats[];
extern const size_t qw_nformats;
/* The format named name, or NULL. */
const qw_format *qw_format_find(const char *name);
/* name's place in qw_formats, or -1 (the --format option's enumeration, options.c). */
int qw_format_index(const char *name);
/* The names in qw_formats' order, as a string the option table's texts can be built from at compile time;
 * tests/unit_tests.c checks it against the table (qw_format_names). */
#define QW_FORMAT_NAMES "human, concise, json, sarif, github, gitlab, rdjson, junit, markdown"
/* The names, comma-separated ("human, concise, ..."), for --help and messages. */
const char *qw_format_names(void);

/* --resolve --format json (render_resolve.c). */
void qw_resolve_json(FILE *out, const qw_sets *sets, const qw_kb *kb);

#endif
