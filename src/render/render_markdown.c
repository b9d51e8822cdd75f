/*
 * render_markdown.c - findings as a Markdown summary for a CI job page (GitHub's $GITHUB_STEP_SUMMARY, a GitLab
 * job's or a merge request's comment): the totals, a table of the rules that fired with their counts, and a table
 * of the findings (severity, rule, file:line:column, message). GitHub-flavoured tables, readable as CommonMark.
 *
 * Every text from a file (paths, messages, which quote values) is masked like every format's, terminal-escaped
 * (escape.h) and then Markdown-escaped: each character that could open markup gets a backslash (MD_SPECIAL), so
 * that nothing a file holds can become a link, an image, HTML, a code span or a table cell of its own.
 *
 * Ownership: the state owns the findings table it builds (printed and freed in md_end).
 */
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "escape.h"
#include "format.h"
#include "rules.h"
#include "util.h"

typedef struct md {
	qw_buf rows;      /* the findings table's rows */
	size_t *per_rule; /* by index in qw_rules */
	size_t other;     /* findings of no rule of the table */
} md;

/* What could start markup inside a table cell: emphasis, code, links and images, HTML and entities, a cell
 * border, GitHub's math ($) and strikethrough (~). A line's start (lists, headings) is never in a cell. */
#define MD_SPECIAL "\\`*_[]<>|!&$~#"

static void
add_md(qw_buf *b, const char *s)
{
	char *e = qw_esc(s, 0);
	for (const unsigned char *p = (const unsigned char *)e; *p; p++) {
		if (strchr(MD_SPECIAL, *p))
			qw_buf_addc(b, '\\');
		qw_buf_addc(b, (char)*p);
	}
	free(e);
}

static void
md_begin(qw_output *o)
{
	md *m = qw_xcalloc(1, sizeof(*m));
	m->per_rule = qw_xcalloc(qw_nrules + 1, sizeof(size_t));
	o->st = m;
}

static void
md_finding(qw_output *o, const qw_finding *f)
{
	md *m = o->st;
	int l, c, el, ec;
	qw_finding_pos(f, &l, &c, &el, &ec);
	if (f->rule)
		m->per_rule[qw_rule_index(f->rule)]++;
	else
		m->other++;
	qw_buf *b = &m->rows;
	qw_buf_printf(b, "| %s | %s | ", qw_severity_name(f->severity), qw_finding_id(f));
	char *where = qw_xprintf("%s:%d:%d", f->src->path, l, c);
	add_md(b, where);
	free(where);
	qw_buf_adds(b, " | ");
	add_md(b, f->message);
	qw_buf_adds(b, " |\n");
}

static void
md_end(qw_output *o, const qw_render_totals *t)
{
	md *m = o->st;
	FILE *out = o->out;
	const size_t *counts = t->counts;
	size_t total = counts[0] + counts[1] + counts[2], nfiles = t->files;
	fputs("## qwlint\n\n", out);
	fprintf(out, "%zu error%s, %zu warning%s, %zu info%s", counts[QW_SEV_ERROR], counts[QW_SEV_ERROR] == 1 ? "" : "s",
		counts[QW_SEV_WARNING], counts[QW_SEV_WARNING] == 1 ? "" : "s", counts[QW_SEV_INFO],
		counts[QW_SEV_INFO] == 1 ? "" : "s");
	if (nfiles != (size_t)-1)
		fprintf(out, " in %zu file%s", nfiles, nfiles == 1 ? "" : "s");
	fputs(".\n", out);
	if (total) {
		fputs("\n| Rule | Name | Findings |\n| --- | --- | ---: |\n", out);
		for (size_t i = 0; i < qw_nrules; i++)
			if (m->per_rule[i]) {
				/* linked when the page is on the web: a file:// URI means nothing on a CI job page */
				char *uri = qw_doc_help_uri(qw_rules[i]);
				if (!strncmp(uri, "https://", 8))
					fprintf(out, "| [%s](%s) | %s | %zu |\n", qw_rules[i]->id, uri, qw_rules[i]->name,
						m->per_rule[i]);
				else
					fprintf(out, "| %s | %s | %zu |\n", qw_rules[i]->id, qw_rules[i]->name, m->per_rule[i]);
				free(uri);
			}
		if (m->other)
			fprintf(out, "| QW000 | internal | %zu |\n", m->other);
		fputs("\n| Severity | Rule | Where | Message |\n| --- | --- | --- | --- |\n", out);
		fputs(m->rows.data, out);
	}
	qw_buf_free(&m->rows);
	free(m->per_rule);
	free(m);
}

const qw_format qw_format_markdown = {
	.name = "markdown",
	.summary = "a Markdown summary for a CI job page: totals, the rules that fired, the findings",
	.document = true,
	.begin = md_begin,
	.finding = md_finding,
	.end = md_end,
};
