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

/* ---------------------------------------------------------------- where the Tongyi plugin sends a row's requests */

const char *
qw_dify_runs(const qw_dify *d, const char *tenant, const char *plugin, const char **from)
{
	if (d && d->db && d->db->plugins) {
		*from = "plugin_installations";
		return qw_dify_db_plugin(d->db, tenant, plugin);
	}
	*from = "volumes/plugin_daemon/cwd/";
	return qw_dify_installed(d, plugin);
}

/* api_host as the plugin reduces it to host[:port] (normalize_api_host, rules/dify.yaml): white space, a scheme,
 * slashes, and one known path at its end go. NULL when nothing is left. */
static char *
reduce_api_host(const qw_kb *kb, const char *raw)
{
	qw_api_host_facts f = qw_kb_tongyi_api_host(kb);
	const char *s = raw;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' || *s == '\f' || *s == '\v')
		s++;
	size_t n = strlen(s);
	while (n && strchr(" \t\n\r\f\v", s[n - 1]))
		n--;
	/* a scheme: a letter, then letters, digits, + . -, then :// */
	size_t k = 0;
	if (n && ((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z')) {
		k = 1 + strspn(s + 1, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
		if (k + 3 <= n && !strncmp(s + k, "://", 3))
			s += k + 3, n -= k + 3;
	}
	while (n && *s == '/')
		s++, n--;
	while (n && s[n - 1] == '/')
		n--;
	for (size_t i = 0; i < f.npaths; i++) {
		size_t pl = strlen(f.paths[i]); /* "/api/v1": its end is the path with its slash */
		if (pl <= n && !strncasecmp(s + n - pl, f.paths[i], pl)) {
			n -= pl;
			break;
		}
	}
	while (n && s[n - 1] == '/')
		n--;
	return n ? qw_xstrndup(s, n) : NULL;
}

const qw_plugin_window *
qw_tongyi_switch_window(const qw_kb *kb, const char *version)
{
	size_t n;
	const qw_plugin_window *w = qw_kb_plugin_windows(kb, &n);
	for (size_t i = 0; version && i < n; i++)
		if (w[i].intl_switch && !strcmp(w[i].plugin, "langgenius/tongyi") &&
		    qw_version_cmp(version, w[i].from) >= 0 && qw_version_cmp(version, w[i].to) <= 0)
			return &w[i];
	return NULL;
}

void
qw_tongyi_route_of(const qw_kb *kb, const qw_dify *d, const qw_dify_row *row, qw_tongyi_route *out)
{
	*out = (qw_tongyi_route){0};
	out->version = qw_dify_runs(d, row->tenant, "langgenius/tongyi", &out->version_from);
	const char *sw = qw_dify_row_field(row, "use_international_endpoint");
	out->intl = row->kind != QW_DIFY_ROW_MODEL && sw && !strcmp(sw, "true");
	const qw_plugin_window *w = qw_tongyi_switch_window(kb, out->version);
	if (w && !strcmp(w->intl_switch, "ignored"))
		out->intl = false;
	const char *raw = qw_dify_row_field(row, "api_host");
	out->host = raw ? reduce_api_host(kb, raw) : NULL;
	qw_api_host_facts f = qw_kb_tongyi_api_host(kb);
	if (!out->host)
		out->api_host = QW_API_HOST_UNSET;
	else if (out->version && f.absent_to && qw_version_cmp(out->version, f.absent_to) <= 0)
		out->api_host = QW_API_HOST_IGNORED;
	else if (out->version && f.since && qw_version_cmp(out->version, f.since) >= 0)
		out->api_host = QW_API_HOST_READ;
	else
		out->api_host = QW_API_HOST_UNKNOWN;
	if (out->api_host == QW_API_HOST_READ)
		out->base = qw_xprintf("https://%s/api/v1", out->host);
	else if (out->api_host != QW_API_HOST_UNKNOWN && qw_kb_tongyi_base(kb, out->intl))
		out->base = qw_xstrdup(qw_kb_tongyi_base(kb, out->intl));
}

void
qw_tongyi_route_free(qw_tongyi_route *r)
{
	free(r->host);
	free(r->base);
	*r = (qw_tongyi_route){0};
}

/* ---------------------------------------------------------------- the requests of the database's rows */

static void
tongyi_request(const qw_kb *kb, const qw_dify *d, const qw_dify_row *row, qw_request *r)
{
	qw_tongyi_route rt;
	qw_tongyi_route_of(kb, d, row, &rt);
	const char *sw = qw_dify_row_field(row, "use_international_endpoint");
	qw_api_host_facts f = qw_kb_tongyi_api_host(kb);
	if (rt.version)
		qw_request_step(r, "the workspace runs Tongyi plugin %s (%s)", rt.version, rt.version_from);
	else
		qw_request_step(r, "the Tongyi plugin version the workspace runs is not known (%s has none): its handling "
				   "of the switch and of api_host is not known", rt.version_from);
	if (rt.api_host != QW_API_HOST_UNSET) {
		static const char *const how[] = {
			[QW_API_HOST_READ] = "the plugin reads it and it wins over \"Use International Endpoint\"",
			[QW_API_HOST_IGNORED] = "the plugin predates it and ignores it",
			[QW_API_HOST_UNKNOWN] = "whether the plugin reads it is not known",
		};
		qw_request_step(r, "api_host reduces to %s (scheme, slashes and a known API path dropped): %s (read "
				   "from %s, absent up to %s: %s)",
				rt.host, how[rt.api_host], f.since, f.absent_to, f.source);
	}
	if (rt.api_host != QW_API_HOST_READ && rt.api_host != QW_API_HOST_UNKNOWN) {
		if (row->kind == QW_DIFY_ROW_MODEL)
			qw_request_step(r, "a custom model's credential has no \"Use International Endpoint\" field (the "
					   "model credential schema), so the plugin uses the mainland host");
		else
			qw_request_step(r, "use_international_endpoint is %s%s%s: the plugin compares it with the string "
					   "\"true\"",
					sw ? "\"" : "", sw ? sw : "not set", sw ? "\"" : "");
		const qw_plugin_window *w = qw_tongyi_switch_window(kb, rt.version);
		if (w && !strcmp(w->intl_switch, "ignored") && sw && !strcmp(sw, "true"))
			qw_request_step(r, "plugin %s ignores the switch (%s)", rt.version, w->source);
		else if (w && !strcmp(w->intl_switch, "process_wide"))
			qw_request_step(r, "plugin %s keeps the region for the whole plugin process: after any "
					   "international request of the same plugin, this one goes to %s too (%s)",
					rt.version, qw_kb_tongyi_base(kb, true), w->source);
	}
	if (rt.base) {
		r->base_url = qw_xstrdup(rt.base);
		r->simulated = true;
		r->api_mode = qw_xstrdup("native");
		qw_request_step(r, "the plugin calls DashScope's native API at %s (dify.md §1.4)", rt.base);
	}
	qw_tongyi_route_free(&rt);
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
		if (!qw_dify_row_is_credential(row) || !row->active)
			continue;
		qw_request *r = qw_set_add_request(set, qw_dify_row_name(row));
		r->provider = qw_xstrdup(row->provider ? row->provider : "?");
		r->model = row->model ? qw_xstrdup(row->model) : NULL;
		char *where = qw_path_shown(db->src->path);
		qw_request_step(r, "%s line %d: the %s Dify uses", where, row->line,
				row->kind == QW_DIFY_ROW_LB ? "load-balancing entry (enabled, and load balancing on for the model)"
				: row->kind == QW_DIFY_ROW_MODEL ? "custom model's credential (provider_models points at it)"
								  : "provider's credential (providers points at it)");
		free(where);
		if (row->inherits)
			qw_request_step(r, "\"__inherit__\" stands for the credential the model uses without load balancing: "
					   "%s", row->inherits);
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
