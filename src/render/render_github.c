/*
 * render_github.c - GitHub Actions workflow commands (::error file=...,line=...::message), which the runner shows
 * as annotations on the lines of a pull request: one per finding.
 *
 * Ownership: no state.
 */
#include <stdlib.h>

#include "escape.h"
#include "format.h"
#include "secret.h"
#include "util.h"

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
github_finding(qw_output *o, const qw_finding *f)
{
	FILE *out = o->out;
	int l, c, el, ec;
	qw_finding_pos(f, &l, &c, &el, &ec);
	fprintf(out, "::%s file=", f->severity == QW_SEV_ERROR ? "error"
				   : f->severity == QW_SEV_WARNING ? "warning"
								    : "notice");
	char *path = qw_path_shown(f->src->path);
	gh_escape(out, path, true);
	free(path);
	fprintf(out, ",line=%d,col=%d,endLine=%d,endColumn=%d,title=", l, c, el, ec);
	char *title = qw_xprintf("qwlint (%s)", qw_finding_id(f));
	gh_escape(out, title, true);
	free(title);
	fputs("::", out);
	gh_escape(out, f->message, false);
	fputc('\n', out);
}

const qw_format qw_format_github = {
	.name = "github",
	.summary = "GitHub Actions annotations (::error file=...,line=...::message)",
	.finding = github_finding,
};
