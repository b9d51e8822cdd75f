/*
 * render_rdjson.c - findings as reviewdog's Diagnostic Format, rdjson: one DiagnosticResult object (source,
 * diagnostics[]) that `reviewdog -f=rdjson` reads (schema: reviewdog's proto/rdf/jsonschema/DiagnosticResult.json).
 *
 * Columns are bytes of UTF-8 from 1, as the format says (qwlint's other formats count code points), and a range's
 * end is exclusive. A safe repair becomes suggestions when reviewdog can apply it as written: every edit in the
 * finding's own file, no change of mode, no inserted key (never printed) and no text that would have to be
 * masked (the SARIF rule, render_sarif.c). An unsafe repair guesses, so it is not offered as a suggestion.
 *
 * Ownership: the state is the diagnostics list being streamed; end frees it.
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "format.h"
#include "json_print.h"
#include "mask.h"
#include "util.h"

/* A byte offset of src as rdjson's position: line from 1, column in bytes from 1. */
static cJSON *
position(const qw_source *src, size_t off)
{
	int l, c;
	qw_source_pos(src, off, &l, &c);
	qw_span ls = qw_source_line(src, l);
	/* reviewdog counts a line's bytes from its first byte: on line 1 a BOM is bytes too (QW503 deletes it) */
	size_t start = l == 1 ? 0 : ls.start;
	size_t col = off >= start ? off - start + 1 : 1;
	cJSON *p = cJSON_CreateObject();
	cJSON_AddNumberToObject(p, "line", l);
	cJSON_AddNumberToObject(p, "column", (double)col);
	return p;
}

static cJSON *
range(const qw_source *src, size_t start, size_t end)
{
	cJSON *r = cJSON_CreateObject();
	cJSON_AddItemToObject(r, "start", position(src, start));
	cJSON_AddItemToObject(r, "end", position(src, end > start ? end : start));
	return r;
}

/* Whether reviewdog can apply the repair as written (see the file comment). */
static bool
suggestible(const qw_kb *kb, const qw_finding *f)
{
	const qw_fixit *x = f->fixit;
	if (!x || x->safety != QW_FIX_SAFE || !x->nparts)
		return false;
	for (size_t p = 0; p < x->nparts; p++) {
		const qw_fixpart *part = &x->parts[p];
		if (part->secret || part->mode || !part->src || part->src != f->src || !part->nedits)
			return false;
		for (size_t k = 0; k < part->nedits; k++) {
			const qw_edit *e = &part->edits[k];
			if (e->len != strlen(e->text))
				return false; /* a NUL byte travels in no JSON string reviewdog would apply */
			char *m = qw_mask_text(kb, e->text, e->len);
			bool same = !strcmp(m, e->text);
			free(m);
			if (!same)
				return false;
		}
	}
	return true;
}

/* The repair's edits as suggestions. */
static void
add_suggestions(cJSON *d, const qw_finding *f)
{
	const qw_fixit *x = f->fixit;
	cJSON *sug = cJSON_AddArrayToObject(d, "suggestions");
	for (size_t p = 0; p < x->nparts; p++)
		for (size_t k = 0; k < x->parts[p].nedits; k++) {
			const qw_edit *e = &x->parts[p].edits[k];
			cJSON *s = cJSON_CreateObject();
			cJSON_AddItemToObject(s, "range", range(f->src, e->start, e->end));
			cJSON_AddStringToObject(s, "text", e->text);
			cJSON_AddItemToArray(sug, s);
		}
}

/* The DiagnosticResult around the diagnostics. */
static cJSON *
document(void)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *source = cJSON_AddObjectToObject(doc, "source");
	cJSON_AddStringToObject(source, "name", "qwlint");
	cJSON_AddStringToObject(source, "url", qw_doc_url());
	cJSON_AddItemToObject(doc, "diagnostics", qw_json_hole());
	return doc;
}

static void
rdjson_begin(qw_output *o)
{
	qw_json_list *l = qw_xcalloc(1, sizeof(*l));
	*l = (qw_json_list){o->out, QW_JSON_COMPACT, "", QW_JSON_END_BREAK, 0};
	cJSON *doc = document();
	qw_json_list_open(l, doc);
	cJSON_Delete(doc);
	o->st = l;
}

static void
rdjson_finding(qw_output *o, const qw_finding *f)
{
	cJSON *d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "message", f->message);
	cJSON *loc = cJSON_AddObjectToObject(d, "location");
	cJSON_AddStringToObject(loc, "path", f->src->path);
	cJSON_AddItemToObject(loc, "range", range(f->src, f->span.start, f->span.end));
	cJSON_AddStringToObject(d, "severity",
				f->severity == QW_SEV_ERROR ? "ERROR" : f->severity == QW_SEV_WARNING ? "WARNING" : "INFO");
	cJSON *source = cJSON_AddObjectToObject(d, "source");
	cJSON_AddStringToObject(source, "name", "qwlint");
	cJSON *code = cJSON_AddObjectToObject(d, "code");
	cJSON_AddStringToObject(code, "value", qw_finding_id(f));
	if (f->rule) {
		char *url = qw_doc_help_uri(f->rule);
		cJSON_AddStringToObject(code, "url", url);
		free(url);
	}
	if (suggestible(o->kb, f))
		add_suggestions(d, f);
	qw_json_list_add(o->st, d);
}

static void
rdjson_end(qw_output *o, const qw_render_totals *t)
{
	(void)t;
	cJSON *doc = document();
	qw_json_list_close(o->st, doc, true);
	cJSON_Delete(doc);
	free(o->st);
}

const qw_format qw_format_rdjson = {
	.name = "rdjson",
	.summary = "reviewdog's Diagnostic Format (reviewdog -f=rdjson), safe repairs as suggestions",
	.document = true,
	.begin = rdjson_begin,
	.finding = rdjson_finding,
	.end = rdjson_end,
};
