/* suppress.c - see suppress.h. Directives are found in comments as the file's own parser sees them: a '#' inside
 * a value (a YAML block scalar or quoted string, a .env quoted value) is data, and a YAML file that does not parse
 * gets no QW901 at all (its rules never ran, so nothing can be said about what its directives suppress). */
#include "suppress.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
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
	bool unparsed;    /* in a file that did not parse: it still drops findings, but is never called unused */
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

/* What a file's parser says about its text: whether it parsed, and the spans of its values (sorted), where a
 * '#' is data. Owned by scan(), for one file. */
typedef struct textmap {
	bool parsed;
	qw_span *v;
	size_t n, cap;
} textmap;

static int
cmp_span(const void *a, const void *b)
{
	const qw_span *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

static void
yaml_values(const qw_node *n, textmap *tm, int depth)
{
	if (!n || depth > QW_TREE_MAX_DEPTH)
		return;
	if (n->type == QW_NODE_SCALAR) {
		if (n->span.end > n->span.start)
			QW_PUSH(tm->v, tm->n, tm->cap, n->span);
		return;
	}
	for (size_t i = 0; n->type == QW_NODE_MAP && i < n->npairs; i++) {
		yaml_values(n->pairs[i].key, tm, depth + 1);
		if (qw_walk_pair(n, i))
			yaml_values(n->pairs[i].value, tm, depth + 1);
	}
	for (size_t i = 0; n->type == QW_NODE_SEQ && i < n->nitems; i++)
		if (qw_walk_item(n, i))
			yaml_values(n->items[i], tm, depth + 1);
}

/* Does src hold "qwlint:" at all? Most files have no directive, and need no second parse. */
static bool
mentions_qwlint(const qw_source *src)
{
	for (const char *p = src->data, *e = src->data + src->len; (p = memchr(p, 'q', (size_t)(e - p)));) {
		if ((size_t)(e - p) >= 7 && !memcmp(p, "qwlint:", 7))
			return true;
		p++;
	}
	return false;
}

/* Parse src as what it is: YAML (a Hermes config.yaml, a Dify DSL or manifest) with libyaml, as the rules read it
 * (the whole tree, not the pruned one); anything else as a .env. */
static void
map_text(const qw_source *src, textmap *tm)
{
	bool yaml = src->kind == QW_KIND_HERMES_CONFIG || src->kind == QW_KIND_DIFY_DSL ||
		    src->kind == QW_KIND_DIFY_MANIFEST || qw_endswith(src->path, ".yaml") ||
		    qw_endswith(src->path, ".yml");
	if (yaml) {
		qw_parse_error err;
		qw_doc *doc = qw_yaml_parse(src, &err);
		tm->parsed = doc != NULL;
		if (doc)
			yaml_values(doc->root, tm, 0);
		qw_doc_free(doc);
	} else {
		qw_dotenv *env = qw_dotenv_parse(src);
		tm->parsed = true;
		for (size_t i = 0; i < env->nvars; i++) {
			const qw_envvar *v = &env->vars[i];
			qw_span sp = {v->value_span.start, v->inline_comment ? v->comment_at : v->value_span.end};
			if (sp.end > sp.start)
				QW_PUSH(tm->v, tm->n, tm->cap, sp);
		}
		qw_dotenv_free(env);
	}
	if (tm->n)
		qsort(tm->v, tm->n, sizeof(qw_span), cmp_span);
}

/* Is off inside one of tm's values? Only scalars are values, and scalars do not nest (a scalar alias repeats its
 * anchor's span): the last value starting at or before off is the only one that can hold it. */
static bool
in_value(const textmap *tm, size_t off)
{
	size_t lo = 0, hi = tm->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (tm->v[mid].start <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && off < tm->v[lo - 1].end;
}

/* The '#' that starts the comment of line [ls, le), or (size_t)-1. With the parser's view, a '#' at the line's
 * start or after white space that is not in a value; without it (the file did not parse), the quote heuristic. */
static size_t
comment_of(const textmap *tm, const char *d, size_t ls, size_t le)
{
	if (!tm->parsed)
		return comment_start(d, ls, le);
	for (size_t i = ls; i < le; i++)
		if (d[i] == '#' && (i == ls || d[i - 1] == ' ' || d[i - 1] == '\t') && !in_value(tm, i))
			return i;
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
	if (!mentions_qwlint(src))
		return;
	const char *d = src->data;
	textmap tm = {0};
	map_text(src, &tm);
	for (size_t l = 1; l <= src->nlines; l++) {
		qw_span ls = qw_source_line(src, (int)l);
		size_t h = comment_of(&tm, d, ls.start, ls.end);
		if (h == (size_t)-1)
			continue;
		size_t p = h + 1;
		while (p < ls.end && (d[p] == ' ' || d[p] == '\t'))
			p++;
		if (ls.end - p < 7 || strncmp(d + p, "qwlint:", 7))
			continue;
		directive x = {0};
		x.src = src;
		x.unparsed = !tm.parsed;
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
	free(tm.v);
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
		f = qw_report(ctx, &QW901, x->src, (qw_span){x->hash, x->end},
			      "this qwlint comment is not a directive (disable=QW… or disable-file=QW…), so it "
			      "suppresses nothing");
	} else if (!used && x->ntoks == 1 && !x->toks[0].rule && !x->toks[0].all) {
		f = qw_report(ctx, &QW901, x->src, (qw_span){x->hash, x->end},
			      "%s names no rule (see qwlint --list-rules), so this suppression suppresses nothing",
			      x->toks[0].name);
	} else if (!used && !x->file && !x->target) {
		f = qw_report(ctx, &QW901, x->src, (qw_span){x->hash, x->end},
			      "this suppression has no line below it to apply to");
	} else if (!used) {
		f = qw_report(ctx, &QW901, x->src, (qw_span){x->hash, x->end},
			      "this suppression suppresses nothing: no finding of %s %s",
			      x->ntoks == 1 ? x->toks[0].name : "the rules it names",
			      x->file ? "in this file" : "on the line it applies to");
	} else {
		for (size_t k = 0; k < x->ntoks; k++) {
			token *t = &x->toks[k];
			if (t->used)
				continue;
			if (!t->rule && !t->all)
				f = qw_report(ctx, &QW901, x->src, (qw_span){t->start, t->end},
					      "%s names no rule (see qwlint --list-rules), so it suppresses nothing", t->name);
			else
				f = qw_report(ctx, &QW901, x->src, (qw_span){t->start, t->end},
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
			if (s->kind == QW_KIND_AUTH_JSON || qw_endswith(s->path, ".json"))
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
		if (!all_used && !x->unparsed && qw_strmap_find(&reported, x->src->path, NULL))
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
