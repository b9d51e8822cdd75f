/*
 * render_junit.c - findings as JUnit XML, for the test tabs of GitLab, Jenkins and the like: one testsuite
 * "qwlint", one testcase per file linted (named by its path, so a clean file shows as a passing test), one
 * failure per finding in it. The testsuite's failures attribute counts the failing test cases, as JUnit's does.
 * Checked against the JUnit schema Jenkins's xunit plugin ships (tests/schemas/junit-10.xsd).
 *
 * The XML is written only at the end (the counts come first), so the state keeps a copy of every file's path
 * and of its failures' text. Texts are masked like every format's and escaped twice: for the terminal (escape.h:
 * control characters, bidi controls, bytes that are not UTF-8 - none of which XML 1.0 may hold anyway) and for XML.
 *
 * Ownership: the state owns its entries (paths, failure texts) and frees them in junit_end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "format.h"
#include "util.h"

typedef struct entry {
	char *path;
	qw_buf failures; /* the <failure> elements */
	size_t nfail;
} entry;

typedef struct junit {
	entry *v;
	size_t n, cap;
	qw_strmap index; /* path -> entry index + 1 */
} junit;

/* s as XML character data or an attribute value: terminal-escaped first, then &, <, >, " and ' as entities. */
static void
add_xml(qw_buf *b, const char *s)
{
	char *e = qw_esc(s, 0);
	for (const char *p = e; *p; p++) {
		switch (*p) {
		case '&': qw_buf_adds(b, "&amp;"); break;
		case '<': qw_buf_adds(b, "&lt;"); break;
		case '>': qw_buf_adds(b, "&gt;"); break;
		case '"': qw_buf_adds(b, "&quot;"); break;
		case '\'': qw_buf_adds(b, "&apos;"); break;
		default: qw_buf_addc(b, *p);
		}
	}
	free(e);
}

static entry *
entry_for(junit *j, const char *path)
{
	void *v = NULL;
	if (qw_strmap_find(&j->index, path, &v))
		return &j->v[(uintptr_t)v - 1];
	entry e = {qw_xstrdup(path), {0}, 0};
	QW_PUSH(j->v, j->n, j->cap, e);
	qw_strmap_put(&j->index, path, (void *)(uintptr_t)j->n);
	return &j->v[j->n - 1];
}

static void
junit_begin(qw_output *o)
{
	o->st = qw_xcalloc(1, sizeof(junit));
}

static void
junit_files(qw_output *o, const qw_sets *sets)
{
	junit *j = o->st;
	for (size_t i = 0; i < sets->n; i++) {
		const qw_source *src;
		for (size_t k = 0; (src = qw_set_source(sets->v[i], k)); k++)
			if (src->report)
				entry_for(j, src->path);
	}
}

static void
junit_finding(qw_output *o, const qw_finding *f)
{
	int l, c, el, ec;
	qw_finding_pos(f, &l, &c, &el, &ec);
	const char *id = qw_finding_id(f);
	entry *e = entry_for(o->st, f->src->path);
	qw_buf *b = &e->failures;
	qw_buf_printf(b, "      <failure type=\"%s\" message=\"", id);
	add_xml(b, f->message);
	qw_buf_adds(b, "\">");
	char *text = qw_xprintf("%s:%d:%d: %s: %s [%s]", f->src->path, l, c, qw_severity_name(f->severity),
				f->message, id);
	add_xml(b, text);
	free(text);
	for (size_t t = 0; t < f->ntrace; t++) {
		qw_buf_adds(b, "\nwhy: ");
		add_xml(b, f->trace[t]);
	}
	if (f->fix) {
		qw_buf_adds(b, "\nfix: ");
		add_xml(b, f->fix);
	}
	qw_buf_adds(b, "</failure>\n");
	e->nfail++;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(((const entry *)a)->path, ((const entry *)b)->path);
}

static void
junit_end(qw_output *o, const qw_render_totals *t)
{
	(void)t;
	junit *j = o->st;
	if (j->n) /* qsort's first argument must not be NULL, even for none */
		qsort(j->v, j->n, sizeof(*j->v), by_path);
	size_t failed = 0;
	for (size_t i = 0; i < j->n; i++)
		failed += j->v[i].nfail > 0;
	FILE *out = o->out;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
	fprintf(out, "<testsuites name=\"qwlint\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", j->n, failed);
	fprintf(out, "  <testsuite name=\"qwlint\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", j->n, failed);
	for (size_t i = 0; i < j->n; i++) {
		entry *e = &j->v[i];
		qw_buf b = {0};
		qw_buf_adds(&b, "    <testcase classname=\"qwlint\" name=\"");
		add_xml(&b, e->path);
		qw_buf_adds(&b, e->nfail ? "\">\n" : "\"/>\n");
		fputs(b.data, out);
		qw_buf_free(&b);
		if (e->nfail) {
			fputs(e->failures.data, out);
			fputs("    </testcase>\n", out);
		}
		free(e->path);
		qw_buf_free(&e->failures);
	}
	fputs("  </testsuite>\n</testsuites>\n", out);
	qw_strmap_free(&j->index);
	free(j->v);
	free(j);
}

const qw_format qw_format_junit = {
	.name = "junit",
	.summary = "JUnit XML for CI test tabs: one test case per file linted, a failure per finding",
	.document = true,
	.begin = junit_begin,
	.files = junit_files,
	.finding = junit_finding,
	.end = junit_end,
};
