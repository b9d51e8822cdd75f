/*
 * render_concise.c - one line per finding, as compilers print them and editors' error matchers read them:
 * file:line:col: severity: message [QWnnn]. Escaped as terminal text (escape.h).
 *
 * Ownership: no state.
 */
#include <stdlib.h>

#include "escape.h"
#include "format.h"
#include "secret.h"
#include "util.h"

static void
concise_finding(qw_output *o, const qw_finding *f)
{
	int l, c;
	qw_source_pos(f->src, f->span.start, &l, &c);
	char *path = qw_path_shown(f->src->path);
	qw_esc_fprintf(o->out, "%s:%d:%d: %s: %s [%s]\n", path, l, c, qw_severity_name(f->severity), f->message,
		       qw_finding_id(f));
	free(path);
}

const qw_format qw_format_concise = {
	.name = "concise",
	.summary = "one line per finding: file:line:col: severity: message [QWnnn]",
	.finding = concise_finding,
};
