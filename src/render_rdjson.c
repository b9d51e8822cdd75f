/*
 * render_rdjson.c - findings as reviewdog's Diagnostic Format, rdjson: one DiagnosticResult object (source,
 * diagnostics[]) that `reviewdog -f=rdjson` reads (schema: reviewdog's proto/rdf/jsonschema/DiagnosticResult.json).
 *
 * Columns are bytes of UTF-8 from 1, as the format says (qwlint's other formats count code points), and a range's
 * end is exclusive. A safe repair becomes suggestions when reviewdog can apply it as written: every edit in the
 * finding's own file, no change of mode, no inserted key (never printed) and no text that would have to be
 * masked (the SARIF rule, render_sarif.c). An unsafe repair guesses, so it is not offered as a suggestion.
 *
 * Ownership: the state is a count; each diagnostic is printed as it comes in.
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "escape.h"
#include "format.h"
#include "mask.h"
#include "util.h"

static void
add_str(qw_buf *b, const char *s)
{
	qw_buf_addc(b, '"');
	qw_esc_json_add(b, s, strlen(s));
	qw_buf_addc(b, '"');
}

/* A byte offset of src as rdjson's position: line from 1, column in bytes from 1. */
static void
add_pos(qw_buf *b, const qw_source *src, size_t off)
{
	int l, c;
	qw_source_pos(src, off, &l, &c);
	qw_span ls = qw_source_line(src, l);
	/* reviewdog counts a line's bytes from its first byte: on line 1 a BOM is bytes too (QW503 deletes it) */
	size_t start = l == 1 ? 0 : ls.start;
	size_t col = off >= start ? off - start + 1 : 1;
	qw_buf_printf(b, "{\"line\":%d,\"column\":%zu}", l, col);
}

static void
add_range(qw_buf *b, const qw_source *src, size_t start, size_t end)
{
	qw_buf_adds(b, "{\"start\":");
	add_pos(b, src, start);
	qw_buf_adds(b, ",\"end\":");
	add_pos(b, src, end > start ? end : start);
	qw_buf_addc(b, '}');
}

/* The repair's edits as suggestions, or nothing (see the file comment). */
static void
add_suggestions(qw_buf *b, const qw_kb *kb, const qw_finding *f)
{
	const qw_fixit *x = f->fixit;
	if (!x || x->safety != QW_FIX_SAFE || !x->nparts)
		return;
	for (size_t p = 0; p < x->nparts; p++) {
		const qw_fixpart *part = &x->parts[p];
		if (part->secret || part->mode || !part->src || part->src != f->src || !part->nedits)
			return;
		for (size_t k = 0; k < part->nedits; k++) {
			const qw_edit *e = &part->edits[k];
			if (e->len != strlen(e->text))
				return; /* a NUL byte travels in no JSON string reviewdog would apply */
			char *m = qw_mask_text(kb, e->text, e->len);
			bool same = !strcmp(m, e->text);
			free(m);
			if (!same)
				return;
		}
	}
	qw_buf_adds(b, ",\"suggestions\":[");
	size_t n = 0;
	for (size_t p = 0; p < x->nparts; p++)
		for (size_t k = 0; k < x->parts[p].nedits; k++) {
			const qw_edit *e = &x->parts[p].edits[k];
			qw_buf_adds(b, n++ ? ",{\"range\":" : "{\"range\":");
			add_range(b, f->src, e->start, e->end);
			qw_buf_adds(b, ",\"text\":");
			add_str(b, e->text);
			qw_buf_addc(b, '}');
		}
	qw_buf_addc(b, ']');
}

static void
rdjson_begin(qw_output *o)
{
	o->st = qw_xcalloc(1, sizeof(size_t)); /* diagnostics printed */
	qw_buf b = {0};
	qw_buf_adds(&b, "{\"source\":{\"name\":\"qwlint\",\"url\":");
	add_str(&b, qw_doc_url());
	qw_buf_adds(&b, "},\"diagnostics\":[");
	fputs(b.data, o->out);
	qw_buf_free(&b);
}

static void
rdjson_finding(qw_output *o, const qw_finding *f)
{
	size_t *n = o->st;
	const char *id = qw_finding_id(f);
	qw_buf b = {0};
	qw_buf_adds(&b, (*n)++ ? ",\n{\"message\":" : "\n{\"message\":");
	add_str(&b, f->message);
	qw_buf_adds(&b, ",\"location\":{\"path\":");
	add_str(&b, f->src->path);
	qw_buf_adds(&b, ",\"range\":");
	add_range(&b, f->src, f->span.start, f->span.end);
	qw_buf_printf(&b, "},\"severity\":\"%s\",\"source\":{\"name\":\"qwlint\"},\"code\":{\"value\":",
		      f->severity == QW_SEV_ERROR ? "ERROR" : f->severity == QW_SEV_WARNING ? "WARNING" : "INFO");
	add_str(&b, id);
	if (f->rule) {
		char *url = qw_doc_help_uri(f->rule);
		qw_buf_adds(&b, ",\"url\":");
		add_str(&b, url);
		free(url);
	}
	qw_buf_addc(&b, '}');
	add_suggestions(&b, o->kb, f);
	qw_buf_addc(&b, '}');
	fputs(b.data, o->out);
	qw_buf_free(&b);
}

static void
rdjson_end(qw_output *o, const qw_render_totals *t)
{
	(void)t;
	size_t *n = o->st;
	fputs(*n ? "\n]}\n" : "]}\n", o->out);
	free(n);
}

const qw_format qw_format_rdjson = {
	.name = "rdjson",
	.summary = "reviewdog's Diagnostic Format (reviewdog -f=rdjson), safe repairs as suggestions",
	.document = true,
	.begin = rdjson_begin,
	.finding = rdjson_finding,
	.end = rdjson_end,
};
