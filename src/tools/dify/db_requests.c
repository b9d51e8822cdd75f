/* db_requests.c - the requests Dify sends for its database's rows (dify.h, db.h): for each credential in use, the
 * endpoint its plugin calls and why. Apart from dify.c, which reads the deployment's files, so that the files do
 * not depend on the database reader. */
#include "dify.h"

#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "lint.h"
#include "secret.h"
#include "url.h"
#include "util.h"

/* ---------------------------------------------------------------- the requests of the database's rows */

static void
tongyi_request(const qw_kb *kb, const qw_dify *d, const qw_dify_row *row, qw_request *r)
{
	const char *sw = qw_dify_row_field(row, "use_international_endpoint");
	const char *host = qw_dify_row_field(row, "api_host");
	if (host && *host) {
		qw_request_step(r, "api_host is %s: from plugin 0.2.19 it overrides \"Use International Endpoint\", and "
				   "the plugin derives its /api/v1 base from it (PR #3895); qwlint does not model that "
				   "derivation", host);
		return;
	}
	if (row->kind == QW_DIFY_ROW_MODEL)
		qw_request_step(r, "a custom model's credential has no \"Use International Endpoint\" field (the model "
				   "credential schema), so the plugin uses the mainland host");
	bool intl = row->kind != QW_DIFY_ROW_MODEL && sw && !strcmp(sw, "true");
	if (row->kind != QW_DIFY_ROW_MODEL)
		qw_request_step(r, "use_international_endpoint is %s%s%s: the plugin compares it with the string \"true\"",
				sw ? "\"" : "", sw ? sw : "not set", sw ? "\"" : "");
	size_t n;
	const qw_plugin_window *w = qw_kb_plugin_windows(kb, &n);
	const char *ver = qw_dify_installed(d, "langgenius/tongyi");
	for (size_t i = 0; ver && i < n; i++) {
		if (!w[i].intl_switch || strcmp(w[i].plugin, "langgenius/tongyi") || qw_version_cmp(ver, w[i].from) < 0 ||
		    qw_version_cmp(ver, w[i].to) > 0)
			continue;
		if (!strcmp(w[i].intl_switch, "ignored") && intl) {
			qw_request_step(r, "the installed plugin %s ignores the switch (%s)", ver, w[i].source);
			intl = false;
		} else if (!strcmp(w[i].intl_switch, "process_wide")) {
			qw_request_step(r, "the installed plugin %s keeps the region for the whole plugin process: after "
					   "any international request of the deployment, this one goes to %s too (%s)",
					ver, qw_kb_tongyi_base(kb, true), w[i].source);
		}
	}
	if (!ver)
		qw_request_step(r, "no installed Tongyi plugin was found under volumes/plugin_daemon/cwd/: its version's "
				   "handling of the switch is not known");
	const char *base = qw_kb_tongyi_base(kb, intl);
	if (!base)
		return;
	r->base_url = qw_xstrdup(base);
	r->simulated = true;
	r->api_mode = qw_xstrdup("native");
	qw_request_step(r, "the plugin calls DashScope's native API at %s (dify.md §1.4)", base);
}

static void
compat_request(const qw_dify_row *row, qw_request *r)
{
	const char *url = qw_dify_row_field(row, "endpoint_url");
	const char *em = qw_dify_row_field(row, "endpoint_model_name");
	if (!url || !*url) {
		qw_request_step(r, "endpoint_url is not set");
		return;
	}
	size_t n = strlen(url);
	while (n > 1 && url[n - 1] == '/')
		n--;
	r->base_url = qw_xstrndup(url, n);
	r->simulated = true;
	r->api_mode = qw_xstrdup("openai");
	char *shown = qw_url_shown(r->base_url);
	qw_request_step(r, "the plugin posts to %s/chat/completions: it appends the operation path to endpoint_url and "
			   "nothing else (dify.md §2.3)", shown);
	free(shown);
	if (em && *em) {
		free(r->model);
		r->model = qw_xstrdup(em);
		qw_request_step(r, "endpoint_model_name %s is the model sent", em);
	}
}

void
qw_dify_resolve(qw_ctx *ctx, qw_set *set)
{
	const qw_dify_db *db = qw_dify_of(set) ? qw_dify_of(set)->db : NULL;
	for (size_t i = 0; db && i < db->n; i++) {
		const qw_dify_row *row = &db->v[i];
		if (row->kind == QW_DIFY_ROW_WORKSPACE || !row->active)
			continue;
		qw_request *r = qw_set_add_request(set, qw_dify_row_name(row));
		r->provider = qw_xstrdup(row->provider ? row->provider : "?");
		r->model = row->model ? qw_xstrdup(row->model) : NULL;
		char *where = qw_path_shown(db->src->path);
		qw_request_step(r, "%s line %d: the %s Dify uses", where, row->line,
				row->kind == QW_DIFY_ROW_LB ? "load-balancing entry (enabled)"
				: row->kind == QW_DIFY_ROW_MODEL ? "custom model's credential (provider_models points at it)"
								  : "provider's credential (providers points at it)");
		free(where);
		if (row->key_family)
			qw_request_step(r, "the key in use is a %s… key (the first characters of the console's obfuscated token)",
					row->key_family);
		const char *p = row->provider ? row->provider : "";
		if (!strcmp(p, "langgenius/tongyi/tongyi") || !strcmp(p, "tongyi"))
			tongyi_request(ctx->kb, qw_dify_of(set), row, r);
		else if (!strcmp(p, "langgenius/openai_api_compatible/openai_api_compatible") ||
			 !strcmp(p, "openai_api_compatible"))
			compat_request(row, r);
		else
			qw_request_step(r, "qwlint does not model the plugin of %s", p);
		if (r->base_url)
			r->shown_url = qw_url_shown(r->base_url);
	}
}
