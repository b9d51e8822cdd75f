/*
 * render_resolve.c - the --resolve report: what each tool sends, request by request, as text (the trace and one
 * "=>" line) or as one JSON document (--format json; its schema is in README "What qwlint simulates" and
 * qwlint(1)). The requests are the model's (model.c); this file only prints them. A key is never printed: the
 * trace is masked where model.c writes it, the JSON gives the key's mask and a fingerprint (sha256: and 12 hex
 * digits, as Hermes's resolution oracle prints one, so a test can compare the exact key sent without seeing it).
 * The JSON is printed by json_print.h, one request a line.
 *
 * Ownership: nothing outlives a call.
 */
#include "keyinfo.h"
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "json_print.h"
#include "kb.h"
#include "secret.h"
#include "util.h"

#define C(color, s) (color ? s : "")

static void
human(FILE *out, const qw_sets *sets, bool color)
{
	for (size_t i = 0; i < sets->n; i++) {
		const qw_set *s = sets->v[i];
		if (!s->hermes && !s->nreqs)
			continue;
		/* the directory and the role begin their lines (escape.h) */
		char *ds = qw_path_shown(s->dir), *dir = qw_esc(ds, QW_ESC_LINE_START),
		     *profile = qw_esc(s->profile ? s->profile : "", 0);
		fprintf(out, "%s%s%s%s%s%s\n", C(color, "\033[1m"), dir, s->profile ? " (profile " : "", profile,
			s->profile ? ")" : "", C(color, "\033[0m"));
		free(ds);
		free(dir);
		free(profile);
		for (size_t j = 0; j < s->nreqs; j++) {
			const qw_request *r = &s->reqs[j];
			char *role = qw_esc(r->role, QW_ESC_LINE_START);
			fprintf(out, "  %s:\n", role);
			free(role);
			for (size_t k = 0; k < r->ntrace; k++) {
				char *t = qw_esc(r->trace[k], 0);
				fprintf(out, "    %zu. %s\n", k + 1, t);
				free(t);
			}
			/* the request's values as read: a key pasted where a model name belongs is still not printed */
			char *line;
			if (r->error)
				line = qw_xprintf("no request: %s", r->error);
			else if (r->base_url && r->simulated && !s->hermes)
				line = qw_xprintf("%s, %s protocol%s%s", r->shown_url, r->api_mode ? r->api_mode : "any",
						  r->model ? ", model " : "", r->model ? r->model : "");
			else if (r->base_url && r->simulated)
				line = qw_xprintf("%s %s, api_mode %s%s%s", r->provider ? r->provider : "?", r->shown_url,
						  r->api_mode ? r->api_mode : "?", r->model ? ", model " : "",
						  r->model ? r->model : "");
			else
				line = qw_xprintf("%s (not simulated)", r->provider ? r->provider : "?");
			line = qw_scrub_keys(line);
			char *shown_line = qw_esc(line, 0);
			fprintf(out, "    => %s\n", shown_line);
			free(shown_line);
			free(line);
		}
		fputc('\n', out);
	}
}

/* ---- JSON ---- */

/* A JSON string, or null; keys pasted where a name belongs are scrubbed (qw_scrub_keys). */
static cJSON *
jstr(const char *s)
{
	if (!s)
		return cJSON_CreateNull();
	char *t = qw_scrub_keys(qw_xstrdup(s));
	cJSON *v = cJSON_CreateString(t);
	free(t);
	return v;
}

/* "sha256:" and the first 12 hex digits of the SHA-256 of s, as the oracle prints a fingerprint. */
static cJSON *
short_fingerprint(const char *s)
{
	unsigned char d[32];
	qw_sha256(s, strlen(s), d);
	char text[32] = "sha256:";
	for (int i = 0; i < 6; i++)
		snprintf(text + 7 + 2 * i, sizeof(text) - 7 - 2 * (size_t)i, "%02x", d[i]);
	return cJSON_CreateString(text);
}

/* What goes in the request's key slot, as the oracle classifies it: a key, nothing, or the literal Hermes sends
 * to keyless local servers. */
static const char *
key_sent(const qw_request *r)
{
	if (r->no_key_required)
		return "no-key-required";
	if (!r->key)
		return "none";
	for (const char *p = r->key; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return "key";
	return "empty";
}

static cJSON *
json_key(const qw_kb *kb, const qw_request *r)
{
	const char *k = r->no_key_required ? "no-key-required" : r->key;
	if (!k || !*k)
		return cJSON_CreateNull();
	cJSON *o = cJSON_CreateObject();
	if (r->key_from.src) {
		int line, col;
		qw_source_pos(r->key_from.src, r->key_from.span.start, &line, &col);
		char *p = qw_path_shown(r->key_from.src->path);
		cJSON *origin = cJSON_AddObjectToObject(o, "origin");
		cJSON_AddItemToObject(origin, "file", jstr(p));
		cJSON_AddNumberToObject(origin, "line", line);
		cJSON_AddNumberToObject(origin, "column", col);
		cJSON_AddItemToObject(origin, "variable", jstr(r->key_var));
		free(p);
	} else {
		cJSON_AddNullToObject(o, "origin");
	}
	char *m = r->no_key_required ? qw_xstrdup(k) : qw_mask(kb, k);
	cJSON_AddItemToObject(o, "mask", jstr(m));
	free(m);
	cJSON_AddItemToObject(o, "fingerprint", short_fingerprint(k));
	return o;
}

/* Why a request is not simulated, or NULL. */
static const char *
not_simulated(const qw_request *r)
{
	if (!r->simulated && r->prov)
		return r->prov->auth == QW_AUTH_OAUTH ? "oauth" : r->prov->auth == QW_AUTH_AWS ? "aws"
			: r->prov->auth == QW_AUTH_API_KEY ? "other" : "external";
	if (!r->simulated && !r->error)
		return "other";
	return NULL;
}

static cJSON *
json_request(const qw_kb *kb, const qw_request *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "role", jstr(r->role));
	cJSON_AddItemToObject(o, "provider", jstr(r->provider));
	cJSON_AddItemToObject(o, "base_url", jstr(r->base_url ? r->shown_url : NULL));
	/* the URL as sent can hold what must not be printed (a key pasted as a URL): its fingerprint compares it */
	cJSON_AddItemToObject(o, "base_url_fingerprint", r->base_url ? short_fingerprint(r->base_url) : cJSON_CreateNull());
	cJSON_AddItemToObject(o, "api_mode", jstr(r->api_mode));
	cJSON_AddItemToObject(o, "model", jstr(r->model));
	cJSON_AddBoolToObject(o, "simulated", r->simulated);
	cJSON_AddItemToObject(o, "not_simulated", jstr(not_simulated(r)));
	cJSON_AddItemToObject(o, "key", json_key(kb, r));
	cJSON_AddStringToObject(o, "key_sent", key_sent(r));
	if (r->error) {
		cJSON *e = cJSON_AddObjectToObject(o, "error");
		cJSON_AddItemToObject(e, "kind", jstr(r->error_kind ? r->error_kind : "none"));
		cJSON_AddItemToObject(e, "text", jstr(r->error));
	} else {
		cJSON_AddNullToObject(o, "error");
	}
	cJSON *steps = cJSON_AddArrayToObject(o, "steps");
	for (size_t k = 0; k < r->ntrace; k++)
		cJSON_AddItemToArray(steps, jstr(r->trace[k]));
	return o;
}

/* One home and its requests, one a line, as the next element of homes. */
static void
json_home(qw_json_list *homes, const qw_kb *kb, const qw_set *s)
{
	qw_json_list_next(homes);
	qw_json_list reqs = {homes->out, QW_JSON_SPACED, "    ", 0, 0};
	cJSON *home = cJSON_CreateObject();
	char *p = qw_path_shown(s->dir);
	cJSON_AddItemToObject(home, "path", jstr(p));
	free(p);
	cJSON_AddItemToObject(home, "profile", jstr(s->profile));
	/* "app" stays the name of an application's .env; a tool of its own (Claude Code) is named by its id */
	cJSON_AddStringToObject(home, "tool", s->hermes ? "hermes" : s->tool && (s->tool->app_env || s->codex) && strcmp(s->tool->id, "appenv") ? s->tool->id : "app");
	cJSON_AddItemToObject(home, "requests", qw_json_hole());
	qw_json_list_open(&reqs, home);
	for (size_t j = 0; j < s->nreqs; j++)
		qw_json_list_add(&reqs, json_request(kb, &s->reqs[j]));
	qw_json_list_close(&reqs, home, false);
	cJSON_Delete(home);
}

void
qw_resolve_json(FILE *out, const qw_sets *sets, const qw_kb *kb)
{
	qw_json_list homes = {out, QW_JSON_SPACED, "  ", QW_JSON_END_BREAK | QW_JSON_END_BREAK_EMPTY, 0};
	cJSON *doc = cJSON_CreateObject();
	cJSON_AddItemToObject(doc, "hermes_version", jstr(qw_kb_hermes_version(kb)));
	cJSON_AddItemToObject(doc, "hermes_version_why", jstr(qw_kb_hermes_version_why(kb)));
	cJSON_AddItemToObject(doc, "homes", qw_json_hole());
	qw_json_list_open(&homes, doc);
	for (size_t i = 0; i < sets->n; i++)
		if (sets->v[i]->hermes || sets->v[i]->nreqs)
			json_home(&homes, kb, sets->v[i]);
	qw_json_list_close(&homes, doc, true);
	cJSON_Delete(doc);
}

void
qw_render_resolve(FILE *out, const qw_sets *sets, const qw_format *fmt, bool color, const qw_kb *kb)
{
	if (fmt->resolve)
		fmt->resolve(out, sets, kb);
	else
		human(out, sets, color);
}
