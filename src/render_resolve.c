/*
 * render_resolve.c - the --resolve report: what each tool sends, request by request, as text (the trace and one
 * "=>" line) or as one JSON document (--format json; its schema is in README "What qwlint simulates" and
 * qwlint(1)). The requests are the model's (model.c); this file only prints them. A key is never printed: the
 * trace is masked where model.c writes it, the JSON gives the key's mask and a fingerprint (sha256: and 12 hex
 * digits, as Hermes's resolution oracle prints one, so a test can compare the exact key sent without seeing it).
 */
#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
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

/* A JSON string, or null; keys pasted where a name belongs are scrubbed (qw_scrub_keys) before escaping. */
static void
jstr(qw_buf *b, const char *s)
{
	if (!s) {
		qw_buf_adds(b, "null");
		return;
	}
	char *t = qw_scrub_keys(qw_xstrdup(s));
	qw_buf_addc(b, '"');
	qw_esc_json_add(b, t, strlen(t));
	qw_buf_addc(b, '"');
	free(t);
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

static void
json_key(qw_buf *b, const qw_kb *kb, const qw_request *r)
{
	const char *k = r->no_key_required ? "no-key-required" : r->key;
	if (!k || !*k) {
		qw_buf_adds(b, "null");
		return;
	}
	qw_buf_adds(b, "{\"origin\": ");
	if (r->key_from.src) {
		int line, col;
		qw_source_pos(r->key_from.src, r->key_from.span.start, &line, &col);
		char *p = qw_path_shown(r->key_from.src->path);
		qw_buf_adds(b, "{\"file\": ");
		jstr(b, p);
		qw_buf_printf(b, ", \"line\": %d, \"column\": %d, \"variable\": ", line, col);
		jstr(b, r->key_var);
		qw_buf_adds(b, "}");
		free(p);
	} else {
		qw_buf_adds(b, "null");
	}
	char *m = r->no_key_required ? qw_xstrdup(k) : qw_mask(kb, k);
	unsigned char d[32];
	qw_sha256(k, strlen(k), d);
	qw_buf_adds(b, ", \"mask\": ");
	jstr(b, m);
	qw_buf_adds(b, ", \"fingerprint\": \"sha256:");
	for (int i = 0; i < 6; i++)
		qw_buf_printf(b, "%02x", d[i]);
	qw_buf_adds(b, "\"}");
	free(m);
}

static void
json_request(qw_buf *b, const qw_kb *kb, const qw_request *r)
{
	qw_buf_adds(b, "{\"role\": ");
	jstr(b, r->role);
	qw_buf_adds(b, ", \"provider\": ");
	jstr(b, r->provider);
	qw_buf_adds(b, ", \"base_url\": ");
	jstr(b, r->base_url ? r->shown_url : NULL);
	/* the URL as sent can hold what must not be printed (a key pasted as a URL): its fingerprint compares it */
	qw_buf_adds(b, ", \"base_url_fingerprint\": ");
	if (r->base_url) {
		unsigned char d[32];
		qw_sha256(r->base_url, strlen(r->base_url), d);
		qw_buf_adds(b, "\"sha256:");
		for (int i = 0; i < 6; i++)
			qw_buf_printf(b, "%02x", d[i]);
		qw_buf_adds(b, "\"");
	} else {
		qw_buf_adds(b, "null");
	}
	qw_buf_adds(b, ", \"api_mode\": ");
	jstr(b, r->api_mode);
	qw_buf_adds(b, ", \"model\": ");
	jstr(b, r->model);
	qw_buf_printf(b, ", \"simulated\": %s, \"not_simulated\": ", r->simulated ? "true" : "false");
	const char *why = NULL;
	if (!r->simulated && r->prov)
		why = r->prov->auth == QW_AUTH_OAUTH ? "oauth" : r->prov->auth == QW_AUTH_AWS ? "aws"
				: r->prov->auth == QW_AUTH_API_KEY ? "other" : "external";
	else if (!r->simulated && !r->error)
		why = "other";
	jstr(b, why);
	qw_buf_adds(b, ", \"key\": ");
	json_key(b, kb, r);
	qw_buf_printf(b, ", \"key_sent\": \"%s\", \"error\": ", key_sent(r));
	if (r->error) {
		qw_buf_adds(b, "{\"kind\": ");
		jstr(b, r->error_kind ? r->error_kind : "none");
		qw_buf_adds(b, ", \"text\": ");
		jstr(b, r->error);
		qw_buf_adds(b, "}");
	} else {
		qw_buf_adds(b, "null");
	}
	qw_buf_adds(b, ", \"steps\": [");
	for (size_t k = 0; k < r->ntrace; k++) {
		qw_buf_adds(b, k ? ", " : "");
		jstr(b, r->trace[k]);
	}
	qw_buf_adds(b, "]}");
}

void
qw_resolve_json(FILE *out, const qw_sets *sets, const qw_kb *kb)
{
	qw_buf b = {0};
	qw_buf_adds(&b, "{\"hermes_version\": ");
	jstr(&b, qw_kb_hermes_version(kb));
	qw_buf_adds(&b, ", \"hermes_version_why\": ");
	jstr(&b, qw_kb_hermes_version_why(kb));
	qw_buf_adds(&b, ", \"homes\": [");
	bool first = true;
	for (size_t i = 0; i < sets->n; i++) {
		const qw_set *s = sets->v[i];
		if (!s->hermes && !s->nreqs)
			continue;
		char *p = qw_path_shown(s->dir);
		qw_buf_adds(&b, first ? "\n  {\"path\": " : ",\n  {\"path\": ");
		first = false;
		jstr(&b, p);
		free(p);
		qw_buf_adds(&b, ", \"profile\": ");
		jstr(&b, s->profile);
		qw_buf_printf(&b, ", \"tool\": \"%s\", \"requests\": [", s->hermes ? "hermes" : "app");
		for (size_t j = 0; j < s->nreqs; j++) {
			qw_buf_adds(&b, j ? ",\n    " : "\n    ");
			json_request(&b, kb, &s->reqs[j]);
		}
		qw_buf_adds(&b, "]}");
	}
	qw_buf_adds(&b, "\n]}\n");
	fputs(b.data, out);
	qw_buf_free(&b);
}

void
qw_render_resolve(FILE *out, const qw_sets *sets, const qw_format *fmt, bool color, const qw_kb *kb)
{
	if (fmt->resolve)
		fmt->resolve(out, sets, kb);
	else
		human(out, sets, color);
}
