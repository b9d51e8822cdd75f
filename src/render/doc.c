/* doc.c - see doc.h. Every document is built from the same parts: the rule's summary, doc and fixdoc, and its
 * example; only the markup differs (plain text, Markdown, roff). */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "mask.h"
#include "util.h"

/* QW_DOCS_URL, QW_VERSION and QW_RELEASE_DATE come from CMakeLists.txt, their one source. */

const char *
qw_doc_url(void)
{
	return QW_DOCS_URL;
}

char *
qw_doc_help_uri(const qw_rule *r)
{
	return qw_xprintf("%s#%s", QW_DOCS_URL, r->id);
}

void
qw_doc_list(FILE *out)
{
	for (size_t i = 0; i < qw_nrules; i++)
		fprintf(out, "%s  %-30s %-8s %-6s %s\n", qw_rules[i]->id, qw_rules[i]->name,
			qw_severity_name(qw_rules[i]->severity), qw_fix_safety_name(qw_rules[i]->fix), qw_rules[i]->summary);
}

/* ---------------------------------------------------------------- the example */

/* The embedded file "<id>/<rest>", or NULL. */
static const qw_embedded_file *
example_file(const char *id, const char *rest)
{
	size_t il = strlen(id);
	for (size_t i = 0; i < qw_embedded_examples_count; i++) {
		const char *n = qw_embedded_examples[i].name;
		if (n && !strncmp(n, id, il) && n[il] == '/' && !strcmp(n + il + 1, rest))
			return &qw_embedded_examples[i];
	}
	return NULL;
}

/* The mode `modes` gives "<part>/<path>", or 0. */
static unsigned
example_mode(const char *id, const char *part, const char *path)
{
	const qw_embedded_file *m = example_file(id, "modes");
	if (!m)
		return 0;
	char *want = qw_xprintf("%s/%s", part, path);
	unsigned mode = 0;
	const char *p = (const char *)m->data, *end = p + m->len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		char line[512];
		size_t n = (size_t)(le - p) < sizeof(line) - 1 ? (size_t)(le - p) : sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		char *sp = strchr(line, ' ');
		if (sp && !strcmp(sp + 1, want))
			mode = (unsigned)strtoul(line, NULL, 8);
		p = le + 1;
	}
	free(want);
	return mode;
}

/* One file of an example: its path in the home, its text with keys masked (ending in a line break), its mode if
 * the example sets one. */
typedef struct {
	const char *path;
	char *text;
	unsigned mode;
} ex_file;

/* The files of <id>/<part>/ in name order; *n gets their number. The caller frees with ex_free(). */
static ex_file *
example_files(const char *id, const char *part, const qw_kb *kb, size_t *n)
{
	char *prefix = qw_xprintf("%s/%s/", id, part);
	size_t pl = strlen(prefix), cap = 0;
	ex_file *v = NULL;
	*n = 0;
	for (size_t i = 0; i < qw_embedded_examples_count; i++) {
		const qw_embedded_file *f = &qw_embedded_examples[i];
		if (!f->name || strncmp(f->name, prefix, pl))
			continue;
		qw_grow((void **)&v, *n, &cap, sizeof(*v));
		v[*n].path = f->name + pl;
		char *t = qw_mask_text(kb, (const char *)f->data, f->len);
		size_t tl = strlen(t);
		/* every markup prints the text as whole lines */
		v[*n].text = !tl || t[tl - 1] != '\n' ? qw_xprintf("%s\n", t) : qw_xstrdup(t);
		free(t);
		v[*n].mode = example_mode(id, part, f->name + pl);
		(*n)++;
	}
	free(prefix);
	return v;
}

static void
ex_free(ex_file *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].text);
	free(v);
}

static char *
example_note(const char *id)
{
	const qw_embedded_file *f = example_file(id, "note");
	if (!f)
		return NULL;
	char *s = qw_xstrndup((const char *)f->data, f->len);
	size_t l = strlen(s);
	while (l && (s[l - 1] == '\n' || s[l - 1] == ' '))
		s[--l] = '\0';
	for (char *p = s; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return s;
}

/* ---------------------------------------------------------------- markup */

/* Text wrapped at `width` columns (counting UTF-8 characters), each line indented by `indent` spaces. */
static void
add_wrapped(qw_buf *b, const char *text, int indent, int width)
{
	const char *p = text;
	int col = 0;
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *w = p;
		int wl = 0;
		while (*p && *p != ' ') {
			if (((unsigned char)*p & 0xC0) != 0x80)
				wl++;
			p++;
		}
		if (col && col + 1 + wl > width) {
			qw_buf_addc(b, '\n');
			col = 0;
		}
		if (!col) {
			for (int i = 0; i < indent; i++)
				qw_buf_addc(b, ' ');
			col = indent;
		} else {
			qw_buf_addc(b, ' ');
			col++;
		}
		qw_buf_add(b, w, (size_t)(p - w));
		col += wl;
	}
	qw_buf_addc(b, '\n');
}

/* Markdown: characters that would start markup are escaped, so the text reads as written. */
static void
add_md(qw_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '<')
			qw_buf_adds(b, "&lt;");
		else if (*s == '>')
			qw_buf_adds(b, "&gt;");
		else if (*s == '&')
			qw_buf_adds(b, "&amp;");
		else {
			if (strchr("\\`*_[]|#", *s))
				qw_buf_addc(b, '\\');
			qw_buf_addc(b, *s);
		}
	}
}

/* roff: backslashes, hyphens and non-ASCII characters escaped; a line starting with . or ' protected. `text` may
 * hold several lines (an example file). */
static void
add_roff(qw_buf *b, const char *s)
{
	bool bol = true;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (bol && (*p == '.' || *p == '\''))
			qw_buf_adds(b, "\\&");
		bol = *p == '\n';
		if (*p == '\\')
			qw_buf_adds(b, "\\e");
		else if (*p == '-')
			qw_buf_adds(b, "\\-");
		else if (*p >= 0x80) {
			unsigned cp = 0;
			int extra = *p >= 0xF0 ? 3 : *p >= 0xE0 ? 2 : *p >= 0xC0 ? 1 : 0;
			cp = *p & (0x3F >> extra);
			for (int k = 0; k < extra && (p[1] & 0xC0) == 0x80; k++)
				cp = (cp << 6) | (*++p & 0x3F);
			qw_buf_printf(b, "\\[u%04X]", cp);
		} else
			qw_buf_addc(b, (char)*p);
	}
}

/* roff running text: escaped as add_roff does, one sentence per line and no line over 79 bytes, as mandoc's
 * style checks want. */
static void
add_roff_fill(qw_buf *b, const char *text)
{
	size_t col = 0;
	for (const char *p = text; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		const char *w = p;
		while (*p && *p != ' ')
			p++;
		char *word = qw_xstrndup(w, (size_t)(p - w));
		qw_buf e = {0};
		add_roff(&e, word);
		free(word);
		/* add_roff protected a leading '.' as if the word began a line; drop that where it does not */
		const char *ew = e.data;
		size_t el = e.len;
		if (col && !strncmp(ew, "\\&", 2)) {
			ew += 2;
			el -= 2;
		}
		if (col && col + 1 + el > 79) {
			qw_buf_addc(b, '\n');
			col = 0;
			ew = e.data;
			el = e.len;
		}
		if (col) {
			qw_buf_addc(b, ' ');
			col++;
		}
		qw_buf_add(b, ew, el);
		col += el;
		qw_buf_free(&e);
		/* a sentence ends: the next one starts a line */
		if (p[-1] == '.' && *p == ' ' && p - w > 2) {
			qw_buf_addc(b, '\n');
			col = 0;
		}
	}
	if (col)
		qw_buf_addc(b, '\n');
}

/* How one markup writes an example: the note, a heading per part (optional), each file. */
typedef struct ex_markup {
	void (*note)(qw_buf *b, const char *note);
	void (*part)(qw_buf *b, const char *title);
	void (*file)(qw_buf *b, const char *title, const ex_file *f);
} ex_markup;

/* The example of r (nothing when it has none): its note, then the files of before/ and after/. */
static void
add_example(qw_buf *b, const qw_rule *r, const qw_kb *kb, const ex_markup *m)
{
	char *note = example_note(r->id);
	if (!note)
		return;
	m->note(b, note);
	free(note);
	static const char *const parts[] = {"before", "after"}, *const titles[] = {"Before", "After"};
	for (size_t k = 0; k < 2; k++) {
		size_t n;
		ex_file *v = example_files(r->id, parts[k], kb, &n);
		if (m->part)
			m->part(b, titles[k]);
		for (size_t i = 0; i < n; i++)
			m->file(b, titles[k], &v[i]);
		ex_free(v, n);
	}
}

/* ---------------------------------------------------------------- the page */

static void
text_note(qw_buf *b, const char *note)
{
	qw_buf_adds(b, "\nExample\n");
	add_wrapped(b, note, 2, 100);
}

static void
text_part(qw_buf *b, const char *title)
{
	qw_buf_printf(b, "\n  %s:\n", title);
}

static void
text_file(qw_buf *b, const char *title, const ex_file *f)
{
	(void)title;
	qw_buf_printf(b, "    ==> %s", f->path);
	if (f->mode)
		qw_buf_printf(b, " (mode %04o)", f->mode);
	qw_buf_adds(b, " <==\n");
	for (const char *l = f->text; *l;) {
		const char *nl = strchr(l, '\n');
		qw_buf_adds(b, "    ");
		qw_buf_add(b, l, (size_t)(nl - l) + 1);
		l = nl + 1;
	}
}

static const ex_markup text_markup = {text_note, text_part, text_file};

char *
qw_doc_page_text(const qw_rule *r, const qw_kb *kb)
{
	qw_buf b = {0};
	qw_buf_printf(&b, "%s %s (%s)\n\n", r->id, r->name, qw_severity_name(r->severity));
	char *s = qw_xprintf("%s.", r->summary);
	add_wrapped(&b, s, 0, 100);
	free(s);
	qw_buf_adds(&b, "\nWhy\n");
	add_wrapped(&b, r->doc, 2, 100);
	add_example(&b, r, kb, &text_markup);
	qw_buf_printf(&b, "\nFix (%s)\n", qw_fix_safety_name(r->fix));
	add_wrapped(&b, r->fixdoc, 2, 100);
	return qw_buf_steal(&b);
}

static void
md_note(qw_buf *b, const char *note)
{
	qw_buf_adds(b, "\n**Example.** ");
	add_md(b, note);
	qw_buf_addc(b, '\n');
}

static void
md_file(qw_buf *b, const char *title, const ex_file *f)
{
	qw_buf_printf(b, "\n%s, `%s`", title, f->path);
	if (f->mode)
		qw_buf_printf(b, " (mode %04o)", f->mode);
	qw_buf_printf(b, ":\n\n```\n%s```\n", f->text);
}

static const ex_markup md_markup = {md_note, NULL, md_file};

char *
qw_doc_page_markdown(const qw_rule *r, const qw_kb *kb)
{
	qw_buf b = {0};
	qw_buf_printf(&b, "**%s** (%s). Severity: %s. Repair: %s.\n\n", r->id, r->name,
		      qw_severity_name(r->severity), qw_fix_safety_name(r->fix));
	add_md(&b, r->summary);
	qw_buf_adds(&b, ".\n\n");
	add_md(&b, r->doc);
	qw_buf_addc(&b, '\n');
	add_example(&b, r, kb, &md_markup);
	qw_buf_adds(&b, "\n**Fix.** ");
	add_md(&b, r->fixdoc);
	qw_buf_addc(&b, '\n');
	return qw_buf_steal(&b);
}

/* ---------------------------------------------------------------- generated documents */

static void
print_markdown(FILE *out, const qw_kb *kb)
{
	fputs("<!-- Generated by `qwlint --print-doc markdown` (make docs) from src/rules/ and testdata/examples/;\n"
	      "     do not edit. -->\n"
	      "# qwlint rules\n\n"
	      "Each rule with what it detects, why the request fails, an example before and after, and the repair.\n"
	      "Keys in the examples are made up, and shown masked as qwlint shows every key.\n\n",
	      out);
	for (size_t i = 0; i < qw_nrules; i++) {
		const qw_rule *r = qw_rules[i];
		char *page = qw_doc_page_markdown(r, kb);
		fprintf(out, "<a id=\"%s\"></a>\n## %s %s\n\n%s\n", r->id, r->id, r->name, page);
		free(page);
	}
}

static int
cmp_rule_id(const void *a, const void *b)
{
	return strcmp((*(const qw_rule *const *)a)->id, (*(const qw_rule *const *)b)->id);
}

static void
print_readme(FILE *out)
{
	fputs("| id | name | severity | repair | summary |\n|---|---|---|---|---|\n", out);
	for (size_t i = 0; i < qw_nrules; i++) {
		const qw_rule *r = qw_rules[i];
		qw_buf b = {0};
		add_md(&b, r->summary);
		fprintf(out, "| [%s](man/rules.md#%s) | %s | %s | %s | %s |\n", r->id, r->id, r->name,
			qw_severity_name(r->severity), qw_fix_safety_name(r->fix), b.data);
		qw_buf_free(&b);
	}
}

/* README's repair table: one row per rule --fix can repair, by id. */
static void
print_readme_repairs(FILE *out)
{
	const qw_rule **v = qw_xcalloc(qw_nrules, sizeof(*v));
	size_t n = 0;
	for (size_t i = 0; i < qw_nrules; i++)
		if (qw_rules[i]->repair)
			v[n++] = qw_rules[i];
	qsort(v, n, sizeof(*v), cmp_rule_id);
	fputs("| rule | repair | safety |\n|---|---|---|\n", out);
	for (size_t i = 0; i < n; i++)
		fprintf(out, "| %s | %s | %s |\n", v[i]->id, v[i]->repair,
			v[i]->repair_safety ? v[i]->repair_safety : qw_fix_safety_name(v[i]->fix));
	free(v);
}

static void
print_man_rules(FILE *out)
{
	for (size_t i = 0; i < qw_nrules; i++) {
		const qw_rule *r = qw_rules[i];
		qw_buf b = {0};
		qw_buf_printf(&b, ".TP\n.B %s %s\n", r->id, r->name);
		char *s = qw_xprintf("%s (%s).", r->summary, qw_severity_name(r->severity));
		add_roff_fill(&b, s);
		free(s);
		fputs(b.data, out);
		qw_buf_free(&b);
	}
}

static void
roff_note(qw_buf *b, const char *note)
{
	qw_buf_adds(b, ".PP\n.I Example.\n");
	add_roff_fill(b, note);
}

static void
roff_file(qw_buf *b, const char *title, const ex_file *f)
{
	qw_buf_printf(b, ".PP\n%s,\n.IR ", title);
	add_roff(b, f->path);
	if (f->mode)
		qw_buf_printf(b, " \" (mode %04o):\"\n", f->mode);
	else
		qw_buf_adds(b, " :\n");
	qw_buf_adds(b, ".EX\n");
	add_roff(b, f->text);
	qw_buf_adds(b, ".EE\n");
}

static const ex_markup roff_markup = {roff_note, NULL, roff_file};

static void
print_man7(FILE *out, const qw_kb *kb)
{
	qw_buf b = {0};
	qw_buf_printf(&b,
		      ".\\\" Generated by `qwlint --print-doc man7` (make docs) from src/rules/ and testdata/examples/;\n"
		      ".\\\" do not edit.\n"
		      ".TH QWLINT-RULES 7 %s \"qwlint %s\" \"Miscellaneous Information Manual\"\n"
		      ".SH NAME\n"
		      "qwlint-rules \\- the rules of qwlint, with examples\n"
		      ".SH DESCRIPTION\n"
		      "Each rule of\n.BR qwlint (1)\n"
		      "with what it detects, why the request fails, an example before and after,\n"
		      "and the repair.\n"
		      "Keys in the examples are made up, and shown masked as qwlint shows every key.\n"
		      ".SH RULES\n",
		      QW_RELEASE_DATE, QW_VERSION);
	for (size_t i = 0; i < qw_nrules; i++) {
		const qw_rule *r = qw_rules[i];
		qw_buf_printf(&b, ".SS %s %s\n", r->id, r->name);
		char *s = qw_xprintf("Severity: %s. Repair: %s.", qw_severity_name(r->severity), qw_fix_safety_name(r->fix));
		add_roff_fill(&b, s);
		free(s);
		qw_buf_adds(&b, ".PP\n");
		s = qw_xprintf("%s.", r->summary);
		add_roff_fill(&b, s);
		free(s);
		add_roff_fill(&b, r->doc);
		add_example(&b, r, kb, &roff_markup);
		qw_buf_adds(&b, ".PP\n.I Fix.\n");
		add_roff_fill(&b, r->fixdoc);
	}
	qw_buf_adds(&b, ".SH SEE ALSO\n.BR qwlint (1)\n");
	fputs(b.data, out);
	qw_buf_free(&b);
}

int
qw_doc_print(FILE *out, const char *what, const qw_kb *kb)
{
	if (!strcmp(what, "markdown"))
		print_markdown(out, kb);
	else if (!strcmp(what, "readme"))
		print_readme(out);
	else if (!strcmp(what, "readme-repairs"))
		print_readme_repairs(out);
	else if (!strcmp(what, "man-rules"))
		print_man_rules(out);
	else if (!strcmp(what, "man7"))
		print_man7(out, kb);
	else
		return -1;
	return 0;
}
