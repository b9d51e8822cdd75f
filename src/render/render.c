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

void
qw_render_files(qw_renderer *r, const qw_sets *sets)
{
	if (r->fmt->files)
		r->fmt->files(&r->o, sets);
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
