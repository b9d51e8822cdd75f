/* suppress.c - see suppress.h. */
#include "suppress.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "util.h"

/* One rule named in a directive. */
typedef struct token {
	size_t start, end; /* the name in the file */
	char *name;
	const qw_rule *rule; /* NULL: `all`, or no such rule */
	bool all, used;
} token;

/* One `# qwlint:` comment. */
typedef struct directive {
	qw_source *src;
	size_t hash, end; /* '#' .. the end of the line (before the line break) */
	size_t cut;       /* where a repair deletes from: the line's start if the comment is alone, else the white
			   * space before '#' */
	size_t cut_end;   /* ... and to: past the line break if alone, else the end of the line */
	bool file;        /* disable-file */
	bool malformed;   /* "qwlint:" but not a directive */
	int target;       /* the line it applies to (1-based); 0: none (file-wide, or nothing below) */
	token *toks;
	size_t ntoks, toks_cap;
} directive;

typedef struct dlist {
	directive *v;
	size_t n, cap;
} dlist;

/* The '#' starting a comment on [ls, le), or (size_t)-1: a '#' at the line's start or after white space, outside
 * quotes. */
static size_t
comment_start(const char *d, size_t ls, size_t le)
{
	char q = 0;
	for (size_t i = ls; i < le; i++) {
		if (q) {
			if (d[i] == q)
				q = 0;
			else if (q == '"' && d[i] == '\\')
				i++;
		} else if (d[i] == '"' || d[i] == '\'') {
			/* a quote opens a string only where a value starts, not inside a word (it's) */
			if (i == ls || strchr(" \t=:[{,", d[i - 1]))
				q = d[i];
		} else if (d[i] == '#' && (i == ls || d[i - 1] == ' ' || d[i - 1] == '\t')) {
			return i;
		}
	}
	return (size_t)-1;
}

static bool
blank_or_comment(const char *d, size_t ls, size_t le)
{
	while (ls < le && (d[ls] == ' ' || d[ls] == '\t'))
		ls++;
	return ls == le || d[ls] == '#';
}

/* Parse "disable=A,B" / "disable-file=A" at d[p..e); fills x. */
static void
parse_directive(directive *x, const char *d, size_t p, size_t e)
{
	while (p < e && isspace((unsigned char)d[p]))
		p++;
	size_t w = p;
	while (p < e && (isalnum((unsigned char)d[p]) || d[p] == '-' || d[p] == '_'))
		p++;
	if (p - w == 7 && !strncmp(d + w, "disable", 7))
		x->file = false;
	else if (p - w == 12 && !strncmp(d + w, "disable-file", 12))
		x->file = true;
	else {
		x->malformed = true;
		return;
	}
	while (p < e && (d[p] == ' ' || d[p] == '\t'))
		p++;
	if (p >= e || d[p] != '=') {
		x->malformed = true;
		return;
	}
	p++;
	while (p < e) {
		while (p < e && (d[p] == ' ' || d[p] == '\t' || d[p] == ','))
			p++;
		size_t s = p;
		while (p < e && !isspace((unsigned char)d[p]) && d[p] != ',')
			p++;
		if (p == s)
			break;
		token t = {s, p, qw_xstrndup(d + s, p - s), NULL, false, false};
		if (!strcmp(t.name, "all"))
			t.all = true;
		else
			t.rule = qw_rule_find(t.name);
		QW_PUSH(x->toks, x->ntoks, x->toks_cap, t);
		/* anything after the list (a second comment) ends it */
		while (p < e && (d[p] == ' ' || d[p] == '\t'))
			p++;
		if (p < e && d[p] != ',')
			break;
	}
	if (!x->ntoks)
		x->malformed = true;
}

/* Every directive of src, appended to out. */
static void
scan(qw_source *src, dlist *out)
{
	const char *d = src->data;
	for (size_t l = 1; l <= src->nlines; l++) {
		qw_span ls = qw_source_line(src, (int)l);
		size_t h = comment_start(d, ls.start, ls.end);
		if (h == (size_t)-1)
			continue;
		size_t p = h + 1;
		while (p < ls.end && (d[p] == ' ' || d[p] == '\t'))
			p++;
		if (ls.end - p < 7 || strncmp(d + p, "qwlint:", 7))
			continue;
		directive x = {0};
		x.src = src;
		x.hash = h;
		x.end = ls.end;
		while (x.end > h && (d[x.end - 1] == ' ' || d[x.end - 1] == '\t'))
			x.end--;
		bool alone = blank_or_comment(d, ls.start, h);
		parse_directive(&x, d, p + 7, x.end);
		if (alone) {
			x.cut = ls.start;
			x.cut_end = l < src->nlines ? src->line_start[l] : src->len;
			/* the next line that is neither blank nor a comment */
			for (size_t n = l + 1; !x.file && n <= src->nlines; n++) {
				qw_span ns = qw_source_line(src, (int)n);
				if (!blank_or_comment(d, ns.start, ns.end)) {
					x.target = (int)n;
					break;
				}
			}
		} else {
			x.cut = h;
			while (x.cut > ls.start && (d[x.cut - 1] == ' ' || d[x.cut - 1] == '\t'))
				x.cut--;
			x.cut_end = ls.end;
			x.target = x.file ? 0 : (int)l;
		}
		QW_PUSH(out->v, out->n, out->cap, x);
	}
}

/* Does one of f's trace lines cite path:line ("config.yaml:2: model.provider is \"auto\"", "(.env:1)")? The path
 * must start the line or follow a space or '(' (profiles/a/config.yaml is not config.yaml). */
static bool
trace_cites(const qw_finding *f, const char *path, int line)
{
	size_t pl = strlen(path);
	for (size_t i = 0; i < f->ntrace; i++) {
		const char *t = f->trace[i];
		for (const char *p = strstr(t, path); p; p = strstr(p + 1, path)) {
			if ((p != t && p[-1] != ' ' && p[-1] != '(') || p[pl] != ':' || !isdigit((unsigned char)p[pl + 1]))
				continue;
			if (strtol(p + pl + 1, NULL, 10) == line)
				return true;
		}
	}
	return false;
}

/* Does directive x drop finding f? Marks the token that does. A line directive drops the findings at its line,
 * and those whose trace cites its line (a disable=QW301 on the `provider: auto` line that causes the QW301
 * reported at the key in .env); a file directive, its own file's findings. */
static bool
drops(directive *x, const qw_finding *f, int fline)
{
	if (x->malformed || !f->rule)
		return false;
	bool same = !strcmp(x->src->path, f->src->path);
	if (x->file ? !same : !x->target || !((same && x->target == fline) || trace_cites(f, x->src->path, x->target)))
		return false;
	bool hit = false;
	for (size_t k = 0; k < x->ntoks; k++)
		if (x->toks[k].all || x->toks[k].rule == f->rule) {
			x->toks[k].used = true;
			hit = true;
		}
	return hit;
}

static void
report_unused(qw_ctx *ctx, directive *x)
{
	size_t used = 0;
	for (size_t k = 0; k < x->ntoks; k++)
		used += x->toks[k].used;
	qw_finding *f;
	if (x->malformed) {
		f = qw_report(ctx, "QW901", x->src, (qw_span){x->hash, x->end},
			      "this qwlint comment is not a directive (disable=QW… or disable-file=QW…), so it "
			      "suppresses nothing");
	} else if (!used && x->ntoks == 1 && !x->toks[0].rule && !x->toks[0].all) {
		f = qw_report(ctx, "QW901", x->src, (qw_span){x->hash, x->end},
			      "%s names no rule (see qwlint --list-rules), so this suppression suppresses nothing",
			      x->toks[0].name);
	} else if (!used && !x->file && !x->target) {
		f = qw_report(ctx, "QW901", x->src, (qw_span){x->hash, x->end},
			      "this suppression has no line below it to apply to");
	} else if (!used) {
		f = qw_report(ctx, "QW901", x->src, (qw_span){x->hash, x->end},
			      "this suppression suppresses nothing: no finding of %s %s",
			      x->ntoks == 1 ? x->toks[0].name : "the rules it names",
			      x->file ? "in this file" : "on the line it applies to");
	} else {
		for (size_t k = 0; k < x->ntoks; k++) {
			token *t = &x->toks[k];
			if (t->used)
				continue;
			if (!t->rule && !t->all)
				f = qw_report(ctx, "QW901", x->src, (qw_span){t->start, t->end},
					      "%s names no rule (see qwlint --list-rules), so it suppresses nothing", t->name);
			else
				f = qw_report(ctx, "QW901", x->src, (qw_span){t->start, t->end},
					      "%s is suppressed here but has no finding to suppress", t->name);
			qw_fix_hint(f, "delete %s from the list", t->name);
		}
		return;
	}
	for (size_t k = 0; k < x->ntoks; k++)
		if (!x->toks[k].rule && !x->toks[k].all)
			qw_trace(f, "%s names no rule (see qwlint --list-rules)", x->toks[k].name);
	qw_fixit *fx = qw_fixit_new(f, x->src, QW_FIX_SAFE, "delete the unused suppression");
	qw_fixit_edit(fx, x->cut, x->cut_end, "");
}

void
qw_suppress_apply(qw_ctx *ctx, const qw_sets *sets, qw_findings *fs)
{
	dlist dl = {0};
	/* path -> 1 + the index of its first directive (a file's directives are contiguous in dl), or NULL for a
	 * file scanned that has none: each file is scanned once, and a finding meets only its own file's */
	qw_strmap files = {0};
	/* Files read only for context are scanned too: a directive there may name a finding reported in another
	 * file whose trace cites it (pre-commit passes .env alone, and config.yaml holds the directive); only
	 * reported files get QW901. */
	qw_strmap reported = {0};
	for (size_t i = 0; i < sets->n; i++) {
		qw_source *s;
		for (size_t c = 0; (s = qw_set_source(sets->v[i], c)) != NULL; c++) {
			/* JSON has no comments: a `# qwlint:` there is data */
			if (s->kind == QW_KIND_AUTH_JSON)
				continue;
			if (s->report)
				qw_strmap_put(&reported, s->path, (void *)1);
			if (qw_strmap_find(&files, s->path, NULL))
				continue;
			size_t first = dl.n;
			scan(s, &dl);
			qw_strmap_put(&files, s->path, dl.n > first ? (void *)(first + 1) : NULL);
		}
	}
	if (!dl.n) {
		qw_strmap_free(&files);
		qw_strmap_free(&reported);
		return;
	}
	size_t w = 0;
	for (size_t i = 0; i < fs->n; i++) {
		qw_finding *f = &fs->v[i];
		int line, col;
		qw_source_pos(f->src, f->span.start, &line, &col);
		bool dropped = false;
		/* every directive that names it counts as used, not only the first (directives are few: each is
		 * asked, since one in another file may be cited by the trace) */
		for (size_t k = 0; k < dl.n; k++)
			dropped |= drops(&dl.v[k], f, line);
		if (dropped)
			qw_finding_free(f);
		else
			fs->v[w++] = *f;
	}
	fs->n = w;
	for (size_t k = 0; k < dl.n; k++) {
		directive *x = &dl.v[k];
		bool all_used = !x->malformed && x->ntoks;
		for (size_t t = 0; t < x->ntoks; t++)
			all_used &= x->toks[t].used;
		if (!all_used && qw_strmap_find(&reported, x->src->path, NULL))
			report_unused(ctx, x);
		for (size_t t = 0; t < x->ntoks; t++)
			free(x->toks[t].name);
		free(x->toks);
	}
	free(dl.v);
	qw_strmap_free(&files);
	qw_strmap_free(&reported);
	qw_findings_finish(fs);
}
