/*
 * render_json.c - --format json: one document, {"version":1,"findings":[...],"summary":{...}}, each finding on a
 * line of its own (rule, name, severity, file, positions, message, trace, help, and the repair --fix would make:
 * README's schema). Paths, messages and repair texts are masked like every format's; the JSON is printed by
 * json_print.h. Also the format of --resolve's JSON report (render_resolve.c).
 *
 * Ownership: the state is the findings list being streamed; end frees it.
 */
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "json_print.h"
#include "mask.h"
#include "rules.h"
#include "secret.h"
#include "util.h"

/* A count as JSON: as an integer, whatever its size (a cJSON number is a double; --quiet's "no totals" is
 * SIZE_MAX). */
static cJSON *
count(size_t n)
{
	char digits[24];
	snprintf(digits, sizeof(digits), "%zu", n);
	return cJSON_CreateRaw(digits);
}

static cJSON *
masked(const qw_kb *kb, const char *text)
{
	char *m = qw_mask_text(kb, text, strlen(text));
	cJSON *s = cJSON_CreateString(m);
	free(m);
	return s;
}

/* One edit of a repair: where in the file as read (a file to be created has none to point at), and the text,
 * masked, or null when it is a key (never shown). */
static cJSON *
edit(const qw_kb *kb, const qw_fixpart *part, const qw_edit *e)
{
	int l = 1, c = 1, el = 1, ec = 1;
	if (part->src) {
		qw_source_pos(part->src, e->start, &l, &c);
		qw_source_pos(part->src, e->end, &el, &ec);
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "line", l);
	cJSON_AddNumberToObject(o, "column", c);
	cJSON_AddNumberToObject(o, "end_line", el);
	cJSON_AddNumberToObject(o, "end_column", ec);
	cJSON_AddItemToObject(o, "text", part->secret ? cJSON_CreateNull() : masked(kb, e->text));
	return o;
}

/* "fix": null, or what --fix would do: safety, description, and per file the edits, a new mode, whether it is
 * created, whether it is backed up first. */
static cJSON *
fix(const qw_kb *kb, const qw_fixit *x)
{
	if (!x || !x->nparts)
		return cJSON_CreateNull();
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "safety", qw_fix_safety_name(x->safety));
	cJSON_AddItemToObject(o, "description", masked(kb, x->description));
	cJSON *files = cJSON_AddArrayToObject(o, "files");
	for (size_t p = 0; p < x->nparts; p++) {
		const qw_fixpart *part = &x->parts[p];
		cJSON *file = cJSON_CreateObject();
		char *path = qw_path_shown(part->display);
		cJSON_AddStringToObject(file, "file", path);
		free(path);
		cJSON_AddBoolToObject(file, "create", !part->src);
		cJSON_AddBoolToObject(file, "backup", part->backup);
		if (part->mode) {
			char mode[16];
			snprintf(mode, sizeof(mode), "%04o", part->mode);
			cJSON_AddStringToObject(file, "mode", mode);
		} else {
			cJSON_AddNullToObject(file, "mode");
		}
		cJSON *edits = cJSON_AddArrayToObject(file, "edits");
		for (size_t k = 0; k < part->nedits; k++)
			cJSON_AddItemToArray(edits, edit(kb, part, &part->edits[k]));
		cJSON_AddItemToArray(files, file);
	}
	return o;
}

static cJSON *
finding(const qw_kb *kb, const qw_finding *f)
{
	int l, c, el, ec;
	qw_finding_pos(f, &l, &c, &el, &ec);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "rule", qw_finding_id(f));
	cJSON_AddStringToObject(o, "name", f->rule ? f->rule->name : "internal");
	cJSON_AddStringToObject(o, "severity", qw_severity_name(f->severity));
	char *path = qw_path_shown(f->src->path);
	cJSON_AddStringToObject(o, "file", path);
	free(path);
	cJSON_AddNumberToObject(o, "line", l);
	cJSON_AddNumberToObject(o, "column", c);
	cJSON_AddNumberToObject(o, "end_line", el);
	cJSON_AddNumberToObject(o, "end_column", ec);
	cJSON_AddStringToObject(o, "message", f->message);
	cJSON *trace = cJSON_AddArrayToObject(o, "trace");
	for (size_t j = 0; j < f->ntrace; j++)
		cJSON_AddItemToArray(trace, cJSON_CreateString(f->trace[j]));
	cJSON_AddItemToObject(o, "help", qw_json_str(f->fix));
	cJSON_AddItemToObject(o, "fix", fix(kb, f->fixit));
	return o;
}

/* The document around the findings; the summary is known at the end only. */
static cJSON *
document(const qw_render_totals *t)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddNumberToObject(doc, "version", 1);
	cJSON_AddItemToObject(doc, "findings", qw_json_hole());
	if (t) {
		cJSON *s = cJSON_AddObjectToObject(doc, "summary");
		cJSON_AddItemToObject(s, "files", count(t->files));
		cJSON_AddItemToObject(s, "errors", count(t->counts[QW_SEV_ERROR]));
		cJSON_AddItemToObject(s, "warnings", count(t->counts[QW_SEV_WARNING]));
		cJSON_AddItemToObject(s, "infos", count(t->counts[QW_SEV_INFO]));
	}
	return doc;
}

static void
json_begin(qw_output *o)
{
	qw_json_list *l = qw_xcalloc(1, sizeof(*l));
	*l = (qw_json_list){o->out, QW_JSON_COMPACT, "", QW_JSON_END_BREAK | QW_JSON_END_BREAK_EMPTY, 0};
	cJSON *doc = document(NULL);
	qw_json_list_open(l, doc);
	cJSON_Delete(doc);
	o->st = l;
}

static void
json_finding(qw_output *o, const qw_finding *f)
{
	qw_json_list_add(o->st, finding(o->kb, f));
}

static void
json_end(qw_output *o, const qw_render_totals *t)
{
	cJSON *doc = document(t);
	qw_json_list_close(o->st, doc, true);
	cJSON_Delete(doc);
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
