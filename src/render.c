/* render.c - see render.h. */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "mask.h"
#include "rules.h"
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
render_human_one(FILE *out, const qw_finding *f, bool color, const qw_kb *kb)
{
	int l, c, el, ec;
	qw_source_pos(f->src, f->span.start, &l, &c);
	qw_source_pos(f->src, f->span.end > f->span.start ? f->span.end : f->span.start, &el, &ec);
	char *msg = shown(f->message), *pm = qw_path_shown(f->src->path), *path = shown(pm);
	free(pm);
	fprintf(out, "%s%s[%s]%s%s: %s%s\n", C(color, sev_color(f->severity)), qw_severity_name(f->severity),
		f->rule ? f->rule->id : "QW000", C(color, "\033[0m"), C(color, "\033[1m"), msg, C(color, "\033[0m"));
	char num[16];
	int w = snprintf(num, sizeof(num), "%d", l);
	fprintf(out, "%*s%s-->%s %s:%d:%d\n", w, "", C(color, "\033[1;34m"), C(color, "\033[0m"), path, l, c);
	free(msg);
	free(path);
	size_t *col_of;
	qw_span ls;
	char *masked = qw_mask_line(kb, f->src, l, &col_of, &ls);
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

/* GitHub Actions workflow-command escaping: %, CR and LF always; ':' and ',' too inside a property. Controls,
 * bidi controls and bytes that are not UTF-8 are escaped first, as in every format (escape.h); that leaves no CR
 * or LF, but the command escapes stay for what the text escaper keeps. */
static void
gh_escape(FILE *out, const char *text, bool property)
{
	char *shown_text = qw_esc(text, 0);
	for (const char *s = shown_text; *s; s++) {
		if (*s == '%')
			fputs("%25", out);
		else if (*s == '\r')
			fputs("%0D", out);
		else if (*s == '\n')
			fputs("%0A", out);
		else if (property && *s == ':')
			fputs("%3A", out);
		else if (property && *s == ',')
			fputs("%2C", out);
		else
			fputc(*s, out);
	}
	free(shown_text);
}

/* One workflow command per finding: GitHub shows it as an annotation on the line. */
static void
render_github_one(FILE *out, const qw_finding *f)
{
	int l, c, el, ec;
	qw_source_pos(f->src, f->span.start, &l, &c);
	qw_source_pos(f->src, f->span.end > f->span.start ? f->span.end : f->span.start, &el, &ec);
	fprintf(out, "::%s file=", f->severity == QW_SEV_ERROR ? "error"
				   : f->severity == QW_SEV_WARNING ? "warning"
								    : "notice");
	char *path = qw_path_shown(f->src->path);
	gh_escape(out, path, true);
	free(path);
	fprintf(out, ",line=%d,col=%d,endLine=%d,endColumn=%d,title=", l, c, el, ec);
	char *title = qw_xprintf("qwlint (%s)", f->rule ? f->rule->id : "QW000");
	gh_escape(out, title, true);
	free(title);
	fputs("::", out);
	gh_escape(out, f->message, false);
	fputc('\n', out);
}

struct qw_renderer {
	FILE *out;
	qw_format fmt;
	bool color;
	const qw_kb *kb;
	size_t counts[3]; /* findings rendered, by severity */
	qw_sarif *sarif;
	const qw_format_ops *ops; /* a format in its own file, or NULL */
	void *st;                 /* its state */
};

int
qw_format_parse(const char *name)
{
	static const char *const names[] = {
		[QW_FMT_HUMAN] = "human",   [QW_FMT_CONCISE] = "concise", [QW_FMT_JSON] = "json",
		[QW_FMT_GITHUB] = "github", [QW_FMT_SARIF] = "sarif",     [QW_FMT_GITLAB] = "gitlab",
		[QW_FMT_RDJSON] = "rdjson", [QW_FMT_JUNIT] = "junit",     [QW_FMT_MARKDOWN] = "markdown",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(name, names[i]))
			return (int)i;
	return -1;
}

void
qw_render_pos(const qw_finding *f, int *l, int *c, int *el, int *ec)
{
	qw_source_pos(f->src, f->span.start, l, c);
	qw_source_pos(f->src, f->span.end > f->span.start ? f->span.end : f->span.start, el, ec);
}

static const qw_format_ops *
ops_of(qw_format fmt)
{
	return fmt == QW_FMT_GITLAB ? &qw_gitlab_ops
	       : fmt == QW_FMT_RDJSON ? &qw_rdjson_ops
	       : fmt == QW_FMT_JUNIT ? &qw_junit_ops
	       : fmt == QW_FMT_MARKDOWN ? &qw_markdown_ops
				    : NULL;
}

/* One finding of the JSON format's array: `first` says whether a separator goes before it. */
static void
render_json_one(FILE *out, const qw_finding *f, bool first, const qw_kb *kb)
{
	int l, c, el, ec;
	qw_source_pos(f->src, f->span.start, &l, &c);
	qw_source_pos(f->src, f->span.end > f->span.start ? f->span.end : f->span.start, &el, &ec);
	fputs(first ? "\n" : ",\n", out);
	fputs("{\"rule\":", out);
	json_str(out, f->rule ? f->rule->id : "QW000");
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

qw_renderer *
qw_render_begin(FILE *out, qw_format fmt, bool color, const qw_kb *kb)
{
	qw_renderer *r = qw_xcalloc(1, sizeof(*r));
	*r = (qw_renderer){out, fmt, color, kb, {0, 0, 0}, NULL, ops_of(fmt), NULL};
	if (r->ops)
		r->st = r->ops->begin(out, kb);
	else if (fmt == QW_FMT_JSON)
		fputs("{\"version\":1,\"findings\":[", out);
	else if (fmt == QW_FMT_SARIF)
		r->sarif = qw_sarif_begin(kb);
	return r;
}

void
qw_render_files(qw_renderer *r, const qw_sets *sets)
{
	if (r->ops && r->ops->files)
		r->ops->files(r->st, sets);
}

void
qw_render_add(qw_renderer *r, const qw_findings *fs)
{
	if (r->ops) {
		r->ops->add(r->st, fs);
		return;
	}
	if (r->sarif)
		qw_sarif_add(r->sarif, fs);
	for (size_t i = 0; i < fs->n; i++) {
		const qw_finding *f = &fs->v[i];
		size_t before = r->counts[0] + r->counts[1] + r->counts[2];
		r->counts[f->severity]++;
		if (r->fmt == QW_FMT_JSON) {
			render_json_one(r->out, f, before == 0, r->kb);
		} else if (r->fmt == QW_FMT_GITHUB) {
			render_github_one(r->out, f);
		} else if (r->fmt == QW_FMT_HUMAN) {
			render_human_one(r->out, f, r->color, r->kb);
		} else if (r->fmt == QW_FMT_CONCISE) {
			int l, c;
			qw_source_pos(f->src, f->span.start, &l, &c);
			char *path = qw_path_shown(f->src->path);
			qw_esc_fprintf(r->out, "%s:%d:%d: %s: %s [%s]\n", path, l, c, qw_severity_name(f->severity),
				       f->message, f->rule ? f->rule->id : "QW000");
			free(path);
		}
	}
}

void
qw_render_end(qw_renderer *r, size_t nfiles)
{
	const size_t *counts = r->counts;
	if (r->ops)
		r->ops->end(r->st, nfiles);
	else if (r->fmt == QW_FMT_JSON)
		fprintf(r->out, "\n],\"summary\":{\"files\":%zu,\"errors\":%zu,\"warnings\":%zu,\"infos\":%zu}}\n",
			nfiles, counts[QW_SEV_ERROR], counts[QW_SEV_WARNING], counts[QW_SEV_INFO]);
	else if (r->fmt == QW_FMT_SARIF)
		qw_sarif_end(r->sarif, r->out);
	else if (r->fmt == QW_FMT_HUMAN && nfiles != (size_t)-1)
		fprintf(r->out, "%zu error%s, %zu warning%s in %zu file%s\n", counts[QW_SEV_ERROR],
			counts[QW_SEV_ERROR] == 1 ? "" : "s", counts[QW_SEV_WARNING],
			counts[QW_SEV_WARNING] == 1 ? "" : "s", nfiles, nfiles == 1 ? "" : "s");
	free(r);
}

void
qw_render(FILE *out, const qw_findings *fs, qw_format fmt, bool color, const qw_kb *kb, size_t nfiles)
{
	qw_renderer *r = qw_render_begin(out, fmt, color, kb);
	qw_render_add(r, fs);
	qw_render_end(r, nfiles);
}
