/*
 * render_gitlab.c - findings as a GitLab Code Quality report (artifacts:reports:codequality): a JSON array of the
 * Code Climate issue fields GitLab reads - description, check_name, fingerprint, severity, location.path,
 * location.lines.begin (and .end) - and nothing else.
 *
 * The fingerprint is what GitLab uses to tell a finding that stays from one that is new or fixed between two
 * pipelines, so it must not depend on the line number (a line added above would make every finding "new"). It is
 * a hash of the rule, the file and the finding's line as printed (keys masked, as in every format), plus the
 * finding's rank among identical ones: never of a key or of anything computed from a whole key.
 *
 * Ownership: the state owns the fingerprints seen; each issue is printed as it comes in.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "json_print.h"
#include "mask.h"
#include "util.h"

typedef struct gitlab {
	qw_json_list list;
	qw_strmap seen; /* fingerprint of the rank-less input -> how many issues had it so far (a count, as a pointer) */
} gitlab;

/* 128 bits of FNV-1a (two 64-bit lanes with different offsets) as 32 hex digits: a stable, short name for text
 * that holds no secret, not a cryptographic digest (nothing here needs one). */
static void
fingerprint(const char *s, size_t n, char out[33])
{
	uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
	for (size_t i = 0; i < n; i++) {
		a = (a ^ (unsigned char)s[i]) * 0x100000001b3ULL;
		b = (b ^ (unsigned char)s[n - 1 - i]) * 0x100000001b3ULL;
	}
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

/* A path as GitLab matches it against the repository: relative, without a leading "./". */
static const char *
repo_path(const char *p)
{
	while (!strncmp(p, "./", 2))
		p += 2;
	return p;
}

/* The fingerprint of a finding (see the file comment); seen counts the findings with the same input. */
static void
finding_fingerprint(gitlab *g, const qw_kb *kb, const qw_finding *f, int l, char fp[33])
{
	size_t *cols;
	qw_span ls;
	char *line = qw_mask_line(kb, f->src, l, &cols, &ls);
	free(cols);
	qw_buf key = {0};
	qw_buf_adds(&key, qw_finding_id(f));
	qw_buf_addc(&key, '\0');
	qw_buf_adds(&key, repo_path(f->src->path));
	qw_buf_addc(&key, '\0');
	qw_buf_adds(&key, line);
	free(line);
	/* the rank among findings with the same rule, file and line text, so that every fingerprint differs */
	qw_buf_addc(&key, '\0');
	void *v = NULL;
	fingerprint(key.data, key.len, fp);
	qw_strmap_find(&g->seen, fp, &v);
	size_t rank = (size_t)(uintptr_t)v;
	qw_strmap_put(&g->seen, fp, (void *)(uintptr_t)(rank + 1));
	if (rank) {
		qw_buf_printf(&key, "%zu", rank);
		fingerprint(key.data, key.len, fp);
	}
	qw_buf_free(&key);
}

static void
gitlab_begin(qw_output *o)
{
	gitlab *g = qw_xcalloc(1, sizeof(*g));
	g->list = (qw_json_list){o->out, QW_JSON_COMPACT, "", QW_JSON_END_BREAK, 0};
	cJSON *doc = qw_json_hole();
	qw_json_list_open(&g->list, doc);
	cJSON_Delete(doc);
	o->st = g;
}

static void
gitlab_finding(qw_output *o, const qw_finding *f)
{
	gitlab *g = o->st;
	int l, c, el, ec;
	qw_finding_pos(f, &l, &c, &el, &ec);
	const char *id = qw_finding_id(f);
	char fp[33];
	finding_fingerprint(g, o->kb, f, l, fp);
	cJSON *issue = cJSON_CreateObject();
	char *msg = qw_xprintf("%s: %s", id, f->message);
	cJSON_AddStringToObject(issue, "description", msg);
	free(msg);
	cJSON_AddStringToObject(issue, "check_name", id);
	cJSON_AddStringToObject(issue, "fingerprint", fp);
	cJSON_AddStringToObject(issue, "severity",
				f->severity == QW_SEV_ERROR ? "major" : f->severity == QW_SEV_WARNING ? "minor" : "info");
	cJSON *loc = cJSON_AddObjectToObject(issue, "location");
	cJSON_AddStringToObject(loc, "path", repo_path(f->src->path));
	cJSON *lines = cJSON_AddObjectToObject(loc, "lines");
	cJSON_AddNumberToObject(lines, "begin", l);
	cJSON_AddNumberToObject(lines, "end", el);
	qw_json_list_add(&g->list, issue);
}

static void
gitlab_end(qw_output *o, const qw_render_totals *t)
{
	(void)t;
	gitlab *g = o->st;
	cJSON *doc = qw_json_hole();
	qw_json_list_close(&g->list, doc, true);
	cJSON_Delete(doc);
	qw_strmap_free(&g->seen);
	free(g);
}

const qw_format qw_format_gitlab = {
	.name = "gitlab",
	.summary = "a GitLab Code Quality report (artifacts:reports:codequality)",
	.document = true,
	.begin = gitlab_begin,
	.finding = gitlab_finding,
	.end = gitlab_end,
};
