/*
 * render_json.c - --format json: one document, {"version":1,"findings":[...],"summary":{...}}, each finding on a
 * line of its own (rule, name, severity, file, positions, message, trace, help, and the repair --fix would make:
 * README's schema). Paths, messages and repair texts are masked like every format's. Also the format of
 * --resolve's JSON report (render_resolve.c).
 *
 * Ownership: the state is the count of findings printed; end frees it.
 */
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "format.h"
#include "mask.h"
#include "rules.h"
#include "secret.h"
#include "util.h"

/* A JSON string: valid UTF-8 whatever the bytes of s (escape.h). */
static void
json_str(FILE *out, const char *s)
{
	qw_buf b = {0};
	qw_buf_addc(&b, '"');
	qw_esc_json_add(&b, s, strlen(s));
	qw_buf_addc(&b, '"');
	fputs(b.data, out);
	qw_buf_free(&b);
}

/* "fix": null, or what --fix would do: safety, description, and per file the edits (positions in the file as
 * read; a file to be created has none to point at), a new mode, whether it is backed up first. */
static void
json_fix(FILE *out, const qw_kb *kb, const qw_fixit *x)
{
	if (!x || !x->nparts) {
		fputs("null", out);
		return;
	}
	fputs("{\"safety\":", out);
	json_str(out, qw_fix_safety_name(x->safety));
	fputs(",\"description\":", out);
	char *d = qw_mask_text(kb, x->description, strlen(x->description));
	json_str(out, d);
	free(d);
	fputs(",\"files\":[", out);
	for (size_t p = 0; p < x->nparts; p++) {
		const qw_fixpart *part = &x->parts[p];
		fputs(p ? ",{\"file\":" : "{\"file\":", out);
		char *path = qw_path_shown(part->display);
		json_str(out, path);
		free(path);
		fprintf(out, ",\"create\":%s,\"backup\":%s,\"mode\":", part->src ? "false" : "true",
			part->backup ? "true" : "false");
		if (part->mode)
			fprintf(out, "\"%04o\"", part->mode);
		else
			fputs("null", out);
		fputs(",\"edits\":[", out);
		for (size_t k = 0; k < part->nedits; k++) {
			const qw_edit *e = &part->edits[k];
			int l = 1, c = 1, el = 1, ec = 1;
			if (part->src) {
				qw_source_pos(part->src, e->start, &l, &c);
				qw_source_pos(part->src, e->end, &el, &ec);
			}
			fprintf(out, "%s{\"line\":%d,\"column\":%d,\"end_line\":%d,\"end_column\":%d,\"text\":",
				k ? "," : "", l, c, el, ec);
			if (part->secret) {
				fputs("null", out);
			} else {
				char *t = qw_mask_text(kb, e->text, strlen(e->text));
				json_str(out, t);
				free(t);
			}
			fputc('}', out);
		}
		fputs("]}", out);
	}
	fputs("]}", out);
}

/* One finding of the JSON format's array: `first` says whether a separator goes before it. */
static void
json_one(FILE *out, const qw_finding *f, bool first, const qw_kb *kb)
{
	int l, c, el, ec;
	qw_finding_pos(f, &l, &c, &el, &ec);
	fputs(first ? "\n" : ",\n", out);
	fputs("{\"rule\":", out);
	json_str(out, qw_finding_id(f));
	fputs(",\"name\":", out);
	json_str(out, f->rule ? f->rule->name : "internal");
	fputs(",\"severity\":", out);
	json_str(out, qw_severity_name(f->severity));
	fputs(",\"file\":", out);
	char *path = qw_path_shown(f->src->path);
	json_str(out, path);
	free(path);
	fprintf(out, ",\"line\":%d,\"column\":%d,\"end_line\":%d,\"end_column\":%d,\"message\":", l, c, el, ec);
	json_str(out, f->message);
	fputs(",\"trace\":[", out);
	for (size_t j = 0; j < f->ntrace; j++) {
		if (j)
			fputc(',', out);
		json_str(out, f->trace[j]);
	}
	fputs("],\"help\":", out);
	if (f->fix)
		json_str(out, f->fix);
	else
		fputs("null", out);
	fputs(",\"fix\":", out);
	json_fix(out, kb, f->fixit);
	fputc('}', out);
}

static void
json_begin(qw_output *o)
{
	o->st = qw_xcalloc(1, sizeof(size_t));
	fputs("{\"version\":1,\"findings\":[", o->out);
}

static void
json_finding(qw_output *o, const qw_finding *f)
{
	size_t *n = o->st;
	json_one(o->out, f, (*n)++ == 0, o->kb);
}

static void
json_end(qw_output *o, const qw_render_totals *t)
{
	fprintf(o->out, "\n],\"summary\":{\"files\":%zu,\"errors\":%zu,\"warnings\":%zu,\"infos\":%zu}}\n", t->files,
		t->counts[QW_SEV_ERROR], t->counts[QW_SEV_WARNING], t->counts[QW_SEV_INFO]);
	free(o->st);
}

const qw_format qw_format_json = {
	.name = "json",
	.summary = "one JSON document: the findings (positions, trace, the repair --fix would make) and a summary",
	.document = true,
	.begin = json_begin,
	.finding = json_finding,
	.end = json_end,
	.resolve = qw_resolve_json,
};
