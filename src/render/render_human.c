/*
 * render_human.c - the default format, for a person at a terminal: per finding a rustc-style block (severity,
 * rule and message; file:line:column; the source line with its keys masked and a caret under the span; the
 * trace as "why:" lines; the hint as "fix:"), then a totals line. Colours only when asked (--color).
 *
 * Ownership: no state; everything printed as it comes.
 */
#include <stdlib.h>

#include "escape.h"
#include "format.h"
#include "mask.h"
#include "secret.h"
#include "util.h"

#define C(color, s) (color ? s : "")

static const char *
sev_color(qw_severity s)
{
	return s == QW_SEV_ERROR ? "\033[1;31m" : s == QW_SEV_WARNING ? "\033[1;33m" : "\033[1;36m";
}

/* Text from a finding as the human format prints it (escape.h); the caller frees. */
static char *
shown(const char *s)
{
	return qw_esc(s, 0);
}

/* The snippet line escaped (escape.h), and the caret's columns ca and cb (of the masked line) moved under it. */
static char *
escape_snippet(const char *masked, size_t *ca, size_t *cb)
{
	size_t *cols, ncols;
	char *text = qw_esc_columns(masked, 0, &cols, &ncols);
	*ca = cols[*ca < ncols ? *ca : ncols];
	*cb = cols[*cb < ncols ? *cb : ncols];
	free(cols);
	return text;
}

static void
human_finding(qw_output *o, const qw_finding *f)
{
	FILE *out = o->out;
	bool color = o->color;
	int l, c, el, ec;
	qw_finding_pos(f, &l, &c, &el, &ec);
	char *msg = shown(f->message), *pm = qw_path_shown(f->src->path), *path = shown(pm);
	free(pm);
	fprintf(out, "%s%s[%s]%s%s: %s%s\n", C(color, sev_color(f->severity)), qw_severity_name(f->severity),
		qw_finding_id(f), C(color, "\033[0m"), C(color, "\033[1m"), msg, C(color, "\033[0m"));
	char num[16];
	int w = snprintf(num, sizeof(num), "%d", l);
	fprintf(out, "%*s%s-->%s %s:%d:%d\n", w, "", C(color, "\033[1;34m"), C(color, "\033[0m"), path, l, c);
	free(msg);
	free(path);
	size_t *col_of;
	qw_span ls;
	char *masked = qw_mask_line(o->kb, f->src, l, &col_of, &ls);
	/* a span may start before its line's first byte: at offset 0 of a file whose first line starts after a BOM */
	size_t end = el == l ? f->span.end : ls.end;
	size_t a = f->span.start > ls.start ? f->span.start - ls.start : 0;
	size_t b = end > ls.start ? end - ls.start : 0;
	if (b > ls.end - ls.start)
		b = ls.end - ls.start;
	if (a > b)
		a = b;
	size_t ca = col_of[a], cb = col_of[b];
	/* a span inside a masked secret covers the whole mask */
	size_t k = qw_source_secret_from(f->src, f->span.start);
	if (k < f->src->nsecrets) {
		const qw_span *s = &f->src->secrets[k];
		if (s->start <= f->span.start && s->end >= ls.start && s->end <= ls.end)
			cb = cb > col_of[s->end - ls.start] ? cb : col_of[s->end - ls.start];
	}
	char *text = escape_snippet(masked, &ca, &cb);
	free(masked);
	if (cb <= ca)
		cb = ca + 1;
	fprintf(out, "%*s %s|%s\n", w, "", C(color, "\033[1;34m"), C(color, "\033[0m"));
	fprintf(out, "%s%s%s %s|%s %s\n", C(color, "\033[1;34m"), num, C(color, "\033[0m"), C(color, "\033[1;34m"),
		C(color, "\033[0m"), text);
	fprintf(out, "%*s %s|%s %*s%s", w, "", C(color, "\033[1;34m"), C(color, "\033[0m"), (int)ca, "",
		C(color, sev_color(f->severity)));
	for (size_t i = ca; i < cb; i++)
		fputc('^', out);
	fprintf(out, "%s\n", C(color, "\033[0m"));
	for (size_t i = 0; i < f->ntrace; i++) {
		char *t = shown(f->trace[i]);
		fprintf(out, "%*s %s=%s why: %s\n", w, "", C(color, "\033[1;34m"), C(color, "\033[0m"), t);
		free(t);
	}
	if (f->fix) {
		char *t = shown(f->fix);
		fprintf(out, "%*s %s=%s fix: %s\n", w, "", C(color, "\033[1;34m"), C(color, "\033[0m"), t);
		free(t);
	}
	fputc('\n', out);
	free(text);
	free(col_of);
}

static void
human_end(qw_output *o, const qw_render_totals *t)
{
	const size_t *counts = t->counts;
	if (t->files == (size_t)-1)
		return;
	fprintf(o->out, "%zu error%s, %zu warning%s in %zu file%s", counts[QW_SEV_ERROR],
		counts[QW_SEV_ERROR] == 1 ? "" : "s", counts[QW_SEV_WARNING], counts[QW_SEV_WARNING] == 1 ? "" : "s",
		t->files, t->files == 1 ? "" : "s");
	for (size_t i = 0; t->name_tools && i < t->ntools; i++)
		fprintf(o->out, "%s%s", i ? ", " : " of ", t->tools[i]->name);
	fputc('\n', o->out);
}

const qw_format qw_format_human = {
	.name = "human",
	.summary = "for a terminal: each finding with its source line (keys masked), a caret, why and how to fix",
	.finding = human_finding,
	.end = human_end,
};
