/*
 * render_sarif.c - findings as a SARIF 2.1.0 log (OASIS), the format code-scanning services read.
 *
 * One run; the tool's rules array holds every rule of the table (id, name, descriptions, the --explain page as
 * help, helpUri), results point into it by ruleIndex. Locations are relative to the current directory
 * (uriBaseId %SRCROOT%) unless the path was given absolute; columns count Unicode code points, as everywhere in
 * qwlint. A repair becomes a SARIF fix only when it can be applied as written: not when it inserts a key (never
 * printed), changes only a file mode (SARIF has no way to say so), or its text would have to be masked.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "doc.h"
#include "format.h"
#include "json_print.h"
#include "mask.h"
#include "rules.h"
#include "secret.h"
#include "util.h"

static const char *
sarif_level(qw_severity s)
{
	return s == QW_SEV_ERROR ? "error" : s == QW_SEV_WARNING ? "warning" : "note";
}

static cJSON *
text_obj(const char *key, const char *text)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, key, text);
	return o;
}

/* A file path as a URI reference: unreserved characters and '/' kept, the rest percent-encoded. An absolute
 * path becomes a file:// URI. The caller frees. */
static char *
path_uri(const char *path, bool *absolute)
{
	qw_buf b = {0};
	*absolute = path[0] == '/';
	if (*absolute)
		qw_buf_adds(&b, "file://");
	if (!strncmp(path, "./", 2))
		path += 2;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p))
			qw_buf_addc(&b, (char)*p);
		else
			qw_buf_printf(&b, "%%%02X", *p);
	}
	return qw_buf_steal(&b);
}

static cJSON *
artifact_location(const char *path)
{
	bool abs;
	char *shown = qw_path_shown(path); /* a key pasted into a directory's name is masked here too */
	char *uri = path_uri(shown, &abs);
	free(shown);
	cJSON *loc = cJSON_CreateObject();
	cJSON_AddStringToObject(loc, "uri", uri);
	if (!abs)
		cJSON_AddStringToObject(loc, "uriBaseId", "%SRCROOT%");
	free(uri);
	return loc;
}

static cJSON *
region(const qw_source *src, size_t start, size_t end)
{
	int l = 1, c = 1, el = 1, ec = 1;
	if (src) {
		qw_source_pos(src, start, &l, &c);
		qw_source_pos(src, end > start ? end : start, &el, &ec);
	}
	cJSON *r = cJSON_CreateObject();
	cJSON_AddNumberToObject(r, "startLine", l);
	cJSON_AddNumberToObject(r, "startColumn", c);
	cJSON_AddNumberToObject(r, "endLine", el);
	cJSON_AddNumberToObject(r, "endColumn", ec);
	return r;
}

/* The repair as a SARIF fix, or NULL when it cannot be given as applicable text (see the file comment). */
static cJSON *
sarif_fix(const qw_kb *kb, const qw_fixit *x)
{
	if (!x || !x->nparts)
		return NULL;
	cJSON *changes = cJSON_CreateArray();
	for (size_t p = 0; p < x->nparts; p++) {
		const qw_fixpart *part = &x->parts[p];
		if (part->secret)
			goto none;
		if (!part->nedits)
			continue; /* a mode change only */
		cJSON *reps = cJSON_CreateArray();
		for (size_t k = 0; k < part->nedits; k++) {
			const qw_edit *e = &part->edits[k];
			char *m = qw_mask_text(kb, e->text, strlen(e->text));
			bool same = !strcmp(m, e->text);
			free(m);
			if (!same) {
				cJSON_Delete(reps);
				goto none;
			}
			cJSON *rep = cJSON_CreateObject();
			cJSON_AddItemToObject(rep, "deletedRegion", region(part->src, e->start, e->end));
			if (*e->text)
				cJSON_AddItemToObject(rep, "insertedContent", text_obj("text", e->text));
			cJSON_AddItemToArray(reps, rep);
		}
		cJSON *change = cJSON_CreateObject();
		cJSON_AddItemToObject(change, "artifactLocation", artifact_location(part->display));
		cJSON_AddItemToObject(change, "replacements", reps);
		cJSON_AddItemToArray(changes, change);
	}
	if (!cJSON_GetArraySize(changes))
		goto none;
	cJSON *fix = cJSON_CreateObject();
	char *d = qw_mask_text(kb, x->description, strlen(x->description));
	cJSON_AddItemToObject(fix, "description", text_obj("text", d));
	free(d);
	cJSON_AddItemToObject(fix, "artifactChanges", changes);
	return fix;
none:
	cJSON_Delete(changes);
	return NULL;
}

static cJSON *
rule_descriptor(const qw_rule *r, const qw_kb *kb)
{
	cJSON *d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "id", r->id);
	cJSON_AddStringToObject(d, "name", r->name);
	char *s = qw_xprintf("%s.", r->summary);
	cJSON_AddItemToObject(d, "shortDescription", text_obj("text", s));
	free(s);
	cJSON_AddItemToObject(d, "fullDescription", text_obj("text", r->doc));
	cJSON *help = cJSON_CreateObject();
	char *t = qw_doc_page_text(r, kb), *md = qw_doc_page_markdown(r, kb);
	cJSON_AddStringToObject(help, "text", t);
	cJSON_AddStringToObject(help, "markdown", md);
	free(t);
	free(md);
	cJSON_AddItemToObject(d, "help", help);
	char *uri = qw_doc_help_uri(r);
	cJSON_AddStringToObject(d, "helpUri", uri);
	free(uri);
	cJSON *cfg = cJSON_CreateObject();
	cJSON_AddStringToObject(cfg, "level", sarif_level(r->severity));
	cJSON_AddItemToObject(d, "defaultConfiguration", cfg);
	cJSON *props = cJSON_CreateObject();
	cJSON_AddStringToObject(props, "repair", qw_fix_safety_name(r->fix));
	cJSON_AddItemToObject(d, "properties", props);
	return d;
}

static cJSON *
result(const qw_finding *f, const qw_kb *kb)
{
	cJSON *res = cJSON_CreateObject();
	cJSON_AddStringToObject(res, "ruleId", qw_finding_id(f));
	if (f->rule)
		cJSON_AddNumberToObject(res, "ruleIndex", (double)qw_rule_index(f->rule));
	cJSON_AddStringToObject(res, "level", sarif_level(f->severity));
	qw_buf msg = {0};
	qw_buf_adds(&msg, f->message);
	if (f->fix)
		qw_buf_printf(&msg, " (fix: %s)", f->fix);
	cJSON_AddItemToObject(res, "message", text_obj("text", msg.data));
	qw_buf_free(&msg);
	cJSON *phys = cJSON_CreateObject();
	cJSON_AddItemToObject(phys, "artifactLocation", artifact_location(f->src->path));
	cJSON_AddItemToObject(phys, "region", region(f->src, f->span.start, f->span.end));
	cJSON *loc = cJSON_CreateObject();
	cJSON_AddItemToObject(loc, "physicalLocation", phys);
	cJSON *locs = cJSON_CreateArray();
	cJSON_AddItemToArray(locs, loc);
	cJSON_AddItemToObject(res, "locations", locs);
	cJSON *fix = sarif_fix(kb, f->fixit);
	if (fix) {
		cJSON *fixes = cJSON_CreateArray();
		cJSON_AddItemToArray(fixes, fix);
		cJSON_AddItemToObject(res, "fixes", fixes);
	}
	if (f->ntrace) {
		cJSON *props = cJSON_CreateObject();
		cJSON *trace = cJSON_CreateArray();
		for (size_t j = 0; j < f->ntrace; j++)
			cJSON_AddItemToArray(trace, cJSON_CreateString(f->trace[j]));
		cJSON_AddItemToObject(props, "trace", trace);
		cJSON_AddItemToObject(res, "properties", props);
	}
	return res;
}

/* The results gather as findings come; the log itself is printed at the end, when there are no more. */
static void
sarif_begin(qw_output *o)
{
	o->st = cJSON_CreateArray();
}

static void
sarif_finding(qw_output *o, const qw_finding *f)
{
	cJSON_AddItemToArray(o->st, result(f, o->kb));
}

static void
sarif_end(qw_output *o, const qw_render_totals *t)
{
	(void)t;
	cJSON *log = cJSON_CreateObject();
	cJSON_AddStringToObject(log, "$schema", "https://json.schemastore.org/sarif-2.1.0.json");
	cJSON_AddStringToObject(log, "version", "2.1.0");
	cJSON *run = cJSON_CreateObject();
	cJSON *driver = cJSON_CreateObject();
	cJSON_AddStringToObject(driver, "name", "qwlint");
	cJSON_AddStringToObject(driver, "version", QW_VERSION);
	cJSON_AddStringToObject(driver, "semanticVersion", QW_VERSION);
	cJSON_AddStringToObject(driver, "informationUri", qw_doc_url());
	cJSON *rules = cJSON_CreateArray();
	for (size_t i = 0; i < qw_nrules; i++)
		cJSON_AddItemToArray(rules, rule_descriptor(qw_rules[i], o->kb));
	cJSON_AddItemToObject(driver, "rules", rules);
	cJSON *tool = cJSON_CreateObject();
	cJSON_AddItemToObject(tool, "driver", driver);
	cJSON_AddItemToObject(run, "tool", tool);
	cJSON_AddItemToObject(run, "results", o->st);
	cJSON_AddStringToObject(run, "columnKind", "unicodeCodePoints");
	/* relative paths are relative to where qwlint ran */
	char cwd[PATH_MAX];
	if (getcwd(cwd, sizeof(cwd))) {
		bool abs;
		char *dir = qw_xprintf("%s/", cwd);
		char *uri = path_uri(dir, &abs);
		cJSON *base = cJSON_CreateObject();
		cJSON_AddItemToObject(base, "%SRCROOT%", text_obj("uri", uri));
		cJSON_AddItemToObject(run, "originalUriBaseIds", base);
		free(dir);
		free(uri);
	}
	cJSON *runs = cJSON_CreateArray();
	cJSON_AddItemToArray(runs, run);
	cJSON_AddItemToObject(log, "runs", runs);
	char *text = qw_json_print(log, QW_JSON_PRETTY);
	fputs(text, o->out);
	fputc('\n', o->out);
	free(text);
	cJSON_Delete(log);
}

const qw_format qw_format_sarif = {
	.name = "sarif",
	.summary = "a SARIF 2.1.0 log for code-scanning services: every rule with its page, repairs as SARIF fixes",
	.document = true,
	.begin = sarif_begin,
	.finding = sarif_finding,
	.end = sarif_end,
};
