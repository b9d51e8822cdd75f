/* render.c - see render.h: the driver of a format through a run. */
#include "render.h"

#include <stdlib.h>

#include "util.h"

struct qw_renderer {
	const qw_format *fmt;
	qw_output o;
	qw_render_totals t;
};

qw_renderer *
qw_render_begin(FILE *out, const qw_format *fmt, bool color, const qw_kb *kb)
{
	qw_renderer *r = qw_xcalloc(1, sizeof(*r));
	r->fmt = fmt;
	r->o = (qw_output){out, color, kb, NULL};
	if (fmt->begin)
		fmt->begin(&r->o);
	return r;
}

/* Remember the set's tool when the set reports a file. */
static void
note_tool(qw_render_totals *t, const qw_set *set)
{
	bool reports = false;
	qw_source *src;
	for (size_t k = 0; !reports && (src = qw_set_source(set, k)) != NULL; k++)
		reports = src->report;
	if (!reports || !set->tool)
		return;
	for (size_t i = 0; i < t->ntools; i++)
		if (t->tools[i] == set->tool)
			return;
	if (t->ntools < QW_RENDER_MAX_TOOLS)
		t->tools[t->ntools++] = set->tool;
}

void
qw_render_files(qw_renderer *r, const qw_sets *sets)
{
	for (size_t i = 0; i < sets->n; i++)
		note_tool(&r->t, sets->v[i]);
	if (r->fmt->files)
		r->fmt->files(&r->o, sets);
}

void
qw_render_name_tools(qw_renderer *r)
{
	r->t.name_tools = true;
}

void
qw_render_add(qw_renderer *r, const qw_findings *fs)
{
	for (size_t i = 0; i < fs->n; i++) {
		r->t.counts[fs->v[i].severity]++;
		r->fmt->finding(&r->o, &fs->v[i]);
	}
}

void
qw_render_end(qw_renderer *r, size_t nfiles)
{
	r->t.files = nfiles;
	if (r->fmt->end)
		r->fmt->end(&r->o, &r->t);
	free(r);
}

void
qw_render(FILE *out, const qw_findings *fs, const qw_format *fmt, bool color, const qw_kb *kb, size_t nfiles)
{
	qw_renderer *r = qw_render_begin(out, fmt, color, kb);
	qw_render_add(r, fs);
	qw_render_end(r, nfiles);
}
