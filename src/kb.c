/* kb.c - see kb.h. Schema of the data: rules/README.md. */
#include "kb.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "parse.h"
#include "secret.h"
#include "util.h"

/* A Hermes version point, ordered: release numbers, then the date on main after it (0: the release itself;
 * UNDATED: a later code version of unknown date). NEWEST sorts after everything. */
typedef struct hpoint {
	long rel[3];
	long date;
} hpoint;
#define UNDATED 99991231L
#define NEWEST_REL 1000000000L

/* What a row, an alias or a feature needs to be filtered by version. */
typedef struct window {
	hpoint since, until;
	bool has_since, has_until;
	char *since_s, *until_s; /* as written */
} window;

struct qw_kb {
	qw_provider *rows; /* every row of every version, aliases unfiltered */
	size_t nrows, rows_cap;
	window *row_win;       /* parallel to rows */
	window **alias_win;    /* parallel to rows: one per alias */
	qw_provider *providers; /* the view at the selected version (aliases filtered; other pointers shared) */
	size_t nproviders, providers_cap;
	struct release {
		char *version, *commit, *date;
		hpoint at;
		long day;
	} *releases;
	size_t nreleases, releases_cap;
	char *knowledge_to;
	struct feature {
		char *name;
		window win;
	} *features;
	size_t nfeatures, features_cap;
	hpoint sel;
	char *sel_name, *sel_why, *newer_installed;
	char *bad; /* a malformed knowledge entry, reported by qw_kb_load */
	qw_host *hosts;
	size_t nhosts, hosts_cap;
	qw_lookalike *lookalikes;
	size_t nlookalikes, lookalikes_cap;
	qw_family *families;
	size_t nfamilies, families_cap;
	char **no_key, **placeholders, **custom_aliases, **bypass_hosts, **hermes_only_env;
	size_t nno_key, nplaceholders, ncustom_aliases, nbypass_hosts, nhermes_only_env, nhermes_only_env_cap;
	char *hermes_commit;
	char **dify_markers;
	size_t ndify_markers;
	qw_dify_secret *dify_secrets;
	size_t ndify_secrets, dify_secrets_cap;
	qw_dify_pair *dify_pairs;
	size_t ndify_pairs, dify_pairs_cap;
	qw_plugin_window *windows;
	size_t nwindows, windows_cap;
	struct plugin_provider {
		char *plugin, *provider;
	} *plugin_providers;
	size_t nplugin_providers, plugin_providers_cap;
	qw_removed_models *removed;
	size_t nremoved, removed_cap;
	qw_region_model *region_models;
	size_t nregion_models, region_models_cap;
	char **region_bound;
	size_t nregion_bound;
	qw_app_pair *app_pairs;
	size_t napp_pairs, app_pairs_cap;
	qw_wrong_var *wrong_vars;
	size_t nwrong_vars, wrong_vars_cap;
	qw_app_base *app_bases;
	size_t napp_bases, app_bases_cap;
	qw_plan_models *plan_models;
	size_t nplan_models, plan_models_cap;
	qw_key_shape *shapes;
	size_t nshapes, shapes_cap;
	qw_probe_call *probe_calls;
	size_t nprobe_calls, probe_calls_cap;
	qw_probe_answer *probe_answers;
	size_t nprobe_answers, probe_answers_cap;
	qw_hermes_models hmodels;
};

static char *
dup_or_null(const char *s)
{
	return s ? qw_xstrdup(s) : NULL;
}

static char **
str_list(const qw_node *seq, size_t *n)
{
	*n = 0;
	if (!seq || seq->type != QW_NODE_SEQ)
		return NULL;
	char **out = qw_xcalloc(seq->nitems + 1, sizeof(char *));
	for (size_t i = 0; i < seq->nitems; i++) {
		const char *s = qw_node_str(seq->items[i]);
		if (s)
			out[(*n)++] = qw_xstrdup(s);
	}
	return out;
}

static void
free_list(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

/* YAML 1.1 booleans as the data files write them. */
static qw_tri
tri(const qw_node *n, qw_tri dflt)
{
	const char *s = qw_node_str(n);
	if (!s)
		return dflt;
	if (!strcmp(s, "yes") || !strcmp(s, "true"))
		return QW_YES;
	if (!strcmp(s, "no") || !strcmp(s, "false"))
		return QW_NO;
	return QW_UNKNOWN;
}

static char
conf_of(const qw_node *map)
{
	const char *c = qw_map_str(map, "conf");
	return c && strchr("HMLU", c[0]) ? c[0] : 'U';
}

/* "YYYY-MM-DD" -> YYYYMMDD, or -1. */
static long
parse_day(const char *s)
{
	int y, m, d;
	char tail;
	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
	    d > 31 || s[4] != '-' || s[7] != '-')
		return -1;
	return (long)y * 10000 + m * 100 + d;
}

/* "X.Y.Z" (digits and dots only, one to three parts) at s, up to end; false when it is not one. */
static bool
parse_release(const char *s, const char *end, long rel[3])
{
	rel[0] = rel[1] = rel[2] = 0;
	int k = 0;
	const char *p = s;
	while (p < end) {
		if (k == 3 || !isdigit((unsigned char)*p))
			return false;
		long v = 0;
		while (p < end && isdigit((unsigned char)*p) && v < 100000000L)
			v = v * 10 + (*p++ - '0');
		rel[k++] = v;
		if (p < end && *p == '.' && p + 1 < end)
			p++;
		else if (p < end)
			return false;
	}
	return k > 0;
}

/* A version point: "0.18.2", or "post-0.18.2 (REF, YYYY-MM-DD)" / "post-0.18.2 (REF, undated)". */
static bool
parse_point(const char *s, hpoint *pt)
{
	if (!s)
		return false;
	*pt = (hpoint){{0, 0, 0}, 0};
	if (!qw_startswith(s, "post-"))
		return parse_release(s, s + strlen(s), pt->rel);
	const char *r = s + 5, *sp = strchr(r, ' ');
	if (!sp || sp[1] != '(' || s[strlen(s) - 1] != ')' || !parse_release(r, sp, pt->rel))
		return false;
	const char *close = s + strlen(s) - 1, *comma = NULL;
	for (const char *q = sp + 2; q < close; q++)
		if (*q == ',')
			comma = q;
	if (!comma || comma[1] != ' ')
		return false;
	char *last = qw_xstrndup(comma + 2, (size_t)(close - comma - 2));
	long day = !strcmp(last, "undated") ? UNDATED : parse_day(last);
	free(last);
	if (day < 0)
		return false;
	pt->date = day;
	return true;
}

bool
qw_hermes_point_valid(const char *point)
{
	hpoint p;
	return parse_point(point, &p);
}

static int
point_cmp(const hpoint *a, const hpoint *b)
{
	for (int i = 0; i < 3; i++)
		if (a->rel[i] != b->rel[i])
			return a->rel[i] < b->rel[i] ? -1 : 1;
	return a->date < b->date ? -1 : a->date > b->date;
}

static bool
in_window(const window *w, const hpoint *at)
{
	return (!w->has_since || point_cmp(&w->since, at) <= 0) && (!w->has_until || point_cmp(at, &w->until) < 0);
}

/* The since/until of map e; a malformed one is noted in kb->bad (qw_kb_load fails with it). */
static window
window_of(qw_kb *kb, const qw_node *e, const char *what)
{
	window w = {0};
	const char *s = qw_map_str(e, "since"), *u = qw_map_str(e, "until");
	w.since_s = dup_or_null(s);
	w.until_s = dup_or_null(u);
	if (s && !(w.has_since = parse_point(s, &w.since)) && !kb->bad)
		kb->bad = qw_xprintf("%s: since \"%s\" is not a Hermes version point", what, s);
	if (u && !(w.has_until = parse_point(u, &w.until)) && !kb->bad)
		kb->bad = qw_xprintf("%s: until \"%s\" is not a Hermes version point", what, u);
	return w;
}

static void
load_versions(qw_kb *kb, const qw_node *root)
{
	const qw_node *hv = qw_map_get(root, "hermes_versions");
	const qw_node *rl = qw_map_get(hv, "releases");
	for (size_t i = 0; rl && rl->type == QW_NODE_SEQ && i < rl->nitems; i++) {
		const char *v = qw_map_str(rl->items[i], "version"), *d = qw_map_str(rl->items[i], "date");
		struct release r = {0};
		if (!v || !parse_release(v, v + strlen(v), r.at.rel) || (r.day = parse_day(d)) < 0) {
			if (!kb->bad)
				kb->bad = qw_xprintf("hermes_versions.releases[%zu]: needs a version X.Y.Z and a date YYYY-MM-DD", i);
			continue;
		}
		r.version = qw_xstrdup(v);
		r.commit = dup_or_null(qw_map_str(rl->items[i], "commit"));
		r.date = qw_xstrdup(d);
		QW_PUSH(kb->releases, kb->nreleases, kb->releases_cap, r);
	}
	kb->knowledge_to = dup_or_null(qw_map_str(hv, "knowledge_to"));
	if ((!kb->nreleases || parse_day(kb->knowledge_to) < 0) && !kb->bad)
		kb->bad = qw_xstrdup("hermes_versions: needs releases and knowledge_to (YYYY-MM-DD)");
	const qw_node *fl = qw_map_get(root, "features");
	for (size_t i = 0; fl && fl->type == QW_NODE_SEQ && i < fl->nitems; i++) {
		const char *n = qw_map_str(fl->items[i], "name");
		if (!n)
			continue;
		struct feature f = {qw_xstrdup(n), window_of(kb, fl->items[i], n)};
		QW_PUSH(kb->features, kb->nfeatures, kb->features_cap, f);
	}
}

static void
load_providers(qw_kb *kb, const qw_node *root)
{
	const qw_node *list = qw_map_get(root, "providers");
	kb->hermes_commit = dup_or_null(qw_map_str(root, "hermes_commit"));
	kb->custom_aliases = str_list(qw_map_get(root, "custom_aliases"), &kb->ncustom_aliases);
	kb->bypass_hosts = str_list(qw_map_get(root, "auto_bypass_excluded_hosts"), &kb->nbypass_hosts);
	load_versions(kb, root);
	const qw_node *only = qw_map_get(root, "hermes_only_env");
	for (size_t i = 0; only && only->type == QW_NODE_SEQ && i < only->nitems; i++) {
		const char *name = qw_map_str(only->items[i], "name");
		if (name)
			QW_PUSH(kb->hermes_only_env, kb->nhermes_only_env, kb->nhermes_only_env_cap, qw_xstrdup(name));
	}
	for (size_t i = 0; list && list->type == QW_NODE_SEQ && i < list->nitems; i++) {
		const qw_node *e = list->items[i];
		const char *id = qw_map_str(e, "id");
		if (!id)
			continue;
		qw_provider p = {0};
		p.id = qw_xstrdup(id);
		const char *auth = qw_map_str(e, "auth");
		p.auth = !auth || !strcmp(auth, "api_key") ? QW_AUTH_API_KEY
			 : !strcmp(auth, "oauth")           ? QW_AUTH_OAUTH
			 : !strcmp(auth, "aws")             ? QW_AUTH_AWS
			 : !strcmp(auth, "local")           ? QW_AUTH_LOCAL
							    : QW_AUTH_EXTERNAL;
		p.auto_detect = tri(qw_map_get(e, "auto"), QW_NO) == QW_YES;
		p.key_env = str_list(qw_map_get(e, "key_env"), &p.nkey_env);
		p.base_url_env = dup_or_null(qw_map_str(e, "base_url_env"));
		p.default_base_url = dup_or_null(qw_map_str(e, "default_base_url"));
		/* aliases: a name, or {name, since, until} */
		const qw_node *al = qw_map_get(e, "aliases");
		size_t na = al && al->type == QW_NODE_SEQ ? al->nitems : 0;
		p.aliases = qw_xcalloc(na + 1, sizeof(char *));
		window *aw = qw_xcalloc(na + 1, sizeof(window));
		for (size_t j = 0; j < na; j++) {
			const qw_node *a = al->items[j];
			const char *name = a->type == QW_NODE_MAP ? qw_map_str(a, "name") : qw_node_str(a);
			if (!name)
				continue;
			if (a->type == QW_NODE_MAP)
				aw[p.naliases] = window_of(kb, a, name);
			p.aliases[p.naliases++] = qw_xstrdup(name);
		}
		p.strip_model_prefix = tri(qw_map_get(e, "strip_model_prefix"), QW_UNKNOWN);
		p.aggregator = tri(qw_map_get(e, "aggregator"), QW_NO) == QW_YES;
		p.late = tri(qw_map_get(e, "late"), QW_NO) == QW_YES;
		const qw_node *kp = qw_map_get(e, "key_prefix_base_url");
		p.kp_prefix = dup_or_null(qw_map_str(kp, "prefix"));
		p.kp_base_url = dup_or_null(qw_map_str(kp, "base_url"));
		p.api_mode = dup_or_null(qw_map_str(e, "api_mode"));
		p.cfg_url_hosts = str_list(qw_map_get(e, "config_base_url_hosts"), &p.ncfg_url_hosts);
		p.cfg_url_source = dup_or_null(qw_map_str(e, "config_base_url_source"));
		p.source = dup_or_null(qw_map_str(e, "source"));
		p.since = dup_or_null(qw_map_str(e, "since"));
		p.until = dup_or_null(qw_map_str(e, "until"));
		p.conf = conf_of(e);
		p.disputed = dup_or_null(qw_map_str(e, "disputed"));
		p.no_key_sends = dup_or_null(qw_map_str(e, "no_key_sends"));
		p.url_strip_suffixes = str_list(qw_map_get(e, "url_strip_suffixes"), &p.nurl_strip_suffixes);
		p.url_add_suffix = dup_or_null(qw_map_str(e, "url_add_suffix"));
		p.key_exchange = dup_or_null(qw_map_str(e, "key_exchange"));
		p.key_from_environ = qw_map_str(e, "key_from") && !strcmp(qw_map_str(e, "key_from"), "environ");
		p.rejected_key_prefixes = str_list(qw_map_get(e, "rejected_key_prefixes"), &p.nrejected_key_prefixes);
		p.key_fallback = dup_or_null(qw_map_str(e, "key_fallback"));
		const qw_node *ss = qw_map_get(e, "environ_seed_sources");
		for (size_t k = 0; ss && ss->type == QW_NODE_MAP && k < ss->npairs; k++) {
			const char *var = qw_node_str(ss->pairs[k].key), *src = qw_node_str(ss->pairs[k].value);
			if (!var || !src)
				continue;
			p.seed_src_var = qw_xrealloc(p.seed_src_var, (p.nseed_src + 1) * sizeof(char *));
			p.seed_src_name = qw_xrealloc(p.seed_src_name, (p.nseed_src + 1) * sizeof(char *));
			p.seed_src_var[p.nseed_src] = qw_xstrdup(var);
			p.seed_src_name[p.nseed_src++] = qw_xstrdup(src);
		}
		const qw_node *mam = qw_map_get(e, "model_api_modes");
		for (size_t k = 0; mam && mam->type == QW_NODE_SEQ && k < mam->nitems; k++) {
			const char *pre = qw_map_str(mam->items[k], "prefix"), *mode = qw_map_str(mam->items[k], "mode");
			if (!pre || !mode)
				continue;
			p.mam_prefix = qw_xrealloc(p.mam_prefix, (p.nmam + 1) * sizeof(char *));
			p.mam_mode = qw_xrealloc(p.mam_mode, (p.nmam + 1) * sizeof(char *));
			p.mam_prefix[p.nmam] = qw_xstrdup(pre);
			p.mam_mode[p.nmam++] = qw_xstrdup(mode);
		}
		p.model_api_mode_default = dup_or_null(qw_map_str(e, "model_api_mode_default"));
		p.v1_by_mode_host = dup_or_null(qw_map_str(e, "v1_by_mode_host"));
		p.resp_prefixes = str_list(qw_map_get(e, "responses_model_prefixes"), &p.nresp_prefixes);
		window rw = window_of(kb, e, id);
		size_t cap = kb->rows_cap;
		QW_PUSH(kb->rows, kb->nrows, kb->rows_cap, p);
		if (kb->rows_cap != cap) {
			kb->row_win = qw_xrealloc(kb->row_win, kb->rows_cap * sizeof(window));
			kb->alias_win = qw_xrealloc(kb->alias_win, kb->rows_cap * sizeof(window *));
		}
		kb->row_win[kb->nrows - 1] = rw;
		kb->alias_win[kb->nrows - 1] = aw;
	}
}

static void
load_endpoints(qw_kb *kb, const qw_node *root)
{
	const qw_node *list = qw_map_get(root, "hosts");
	for (size_t i = 0; list && list->type == QW_NODE_SEQ && i < list->nitems; i++) {
		const qw_node *e = list->items[i];
		const char *host = qw_map_str(e, "host");
		if (!host)
			continue;
		qw_host h = {0};
		h.pattern = qw_lower(host);
		h.vendor = qw_xstrdup(qw_map_str(e, "vendor") ? qw_map_str(e, "vendor") : "");
		h.plan = qw_xstrdup(qw_map_str(e, "plan") ? qw_map_str(e, "plan") : "general");
		h.region = qw_xstrdup(qw_map_str(e, "region") ? qw_map_str(e, "region") : "global");
		h.conf = conf_of(e);
		h.source = dup_or_null(qw_map_str(e, "source"));
		h.answer = dup_or_null(qw_map_str(e, "answer"));
		const qw_node *ok = qw_map_get(e, "only_keys");
		h.only_keys = str_list(qw_map_get(ok, "prefixes"), &h.nonly_keys);
		h.only_keys_conf = ok ? conf_of(ok) : 'U';
		const qw_node *lg = qw_map_get(e, "legacy");
		h.legacy_why = dup_or_null(qw_map_str(lg, "why"));
		h.legacy_use = dup_or_null(qw_map_str(lg, "use"));
		h.legacy_conf = lg ? conf_of(lg) : 'U';
		const qw_node *paths = qw_map_get(e, "paths");
		if (paths && paths->type == QW_NODE_SEQ) {
			h.paths = qw_xcalloc(paths->nitems + 1, sizeof(qw_hostpath));
			for (size_t j = 0; j < paths->nitems; j++) {
				const qw_node *pe = paths->items[j];
				const char *path = qw_map_str(pe, "path");
				if (!path)
					continue;
				qw_hostpath *hp = &h.paths[h.npaths++];
				hp->path = qw_xstrdup(path);
				hp->protocol = qw_xstrdup(qw_map_str(pe, "protocol") ? qw_map_str(pe, "protocol")
										: "openai");
				hp->plan = dup_or_null(qw_map_str(pe, "plan"));
				hp->conf = qw_map_get(pe, "conf") ? conf_of(pe) : h.conf;
			}
		}
		QW_PUSH(kb->hosts, kb->nhosts, kb->hosts_cap, h);
	}
	kb->region_bound = str_list(qw_map_get(root, "region_bound"), &kb->nregion_bound);
	list = qw_map_get(root, "lookalikes");
	for (size_t i = 0; list && list->type == QW_NODE_SEQ && i < list->nitems; i++) {
		const qw_node *e = list->items[i];
		if (!qw_map_str(e, "host"))
			continue;
		qw_lookalike l = {qw_lower(qw_map_str(e, "host")), dup_or_null(qw_map_str(e, "suggest")),
				  dup_or_null(qw_map_str(e, "why")), dup_or_null(qw_map_str(e, "source")),
				  conf_of(e)};
		QW_PUSH(kb->lookalikes, kb->nlookalikes, kb->lookalikes_cap, l);
	}
}

static void
load_keys(qw_kb *kb, const qw_node *root)
{
	const qw_node *list = qw_map_get(root, "families");
	for (size_t i = 0; list && list->type == QW_NODE_SEQ && i < list->nitems; i++) {
		const qw_node *e = list->items[i];
		if (!qw_map_str(e, "prefix"))
			continue;
		qw_family f = {0};
		f.prefix = qw_xstrdup(qw_map_str(e, "prefix"));
		f.vendor = qw_xstrdup(qw_map_str(e, "vendor") ? qw_map_str(e, "vendor") : "");
		f.name = qw_xstrdup(qw_map_str(e, "name") ? qw_map_str(e, "name") : f.prefix);
		f.source = dup_or_null(qw_map_str(e, "source"));
		f.plans = str_list(qw_map_get(e, "plans"), &f.nplans);
		f.model_key = tri(qw_map_get(e, "model_key"), QW_YES) != QW_NO;
		f.vendor_hosts_only = tri(qw_map_get(e, "vendor_hosts_only"), QW_NO) == QW_YES;
		f.conf = conf_of(e);
		QW_PUSH(kb->families, kb->nfamilies, kb->families_cap, f);
	}
	kb->no_key = str_list(qw_map_get(root, "hermes_no_key"), &kb->nno_key);
	const qw_node *sl = qw_map_get(root, "vendor_key_shapes");
	for (size_t i = 0; sl && sl->type == QW_NODE_SEQ && i < sl->nitems; i++) {
		const qw_node *e = sl->items[i];
		if (!qw_map_str(e, "vendor") || !qw_map_str(e, "contains"))
			continue;
		qw_key_shape k = {qw_xstrdup(qw_map_str(e, "vendor")), qw_xstrdup(qw_map_str(e, "contains")),
				  dup_or_null(qw_map_str(e, "why")), dup_or_null(qw_map_str(e, "source"))};
		QW_PUSH(kb->shapes, kb->nshapes, kb->shapes_cap, k);
	}
	kb->placeholders = str_list(qw_map_get(root, "placeholders"), &kb->nplaceholders);
}

static char *
field(const qw_node *m, const char *k)
{
	return dup_or_null(qw_map_str(m, k));
}

static void
load_dify(qw_kb *kb, const qw_node *root)
{
	kb->dify_markers = str_list(qw_map_get(root, "env_markers"), &kb->ndify_markers);
	const qw_node *l = qw_map_get(root, "default_secrets");
	for (size_t i = 0; l && l->type == QW_NODE_SEQ && i < l->nitems; i++) {
		const qw_node *e = l->items[i];
		qw_dify_secret d = {field(e, "var"), field(e, "value"), field(e, "why"), field(e, "source")};
		QW_PUSH(kb->dify_secrets, kb->ndify_secrets, kb->dify_secrets_cap, d);
	}
	l = qw_map_get(root, "key_pairs");
	for (size_t i = 0; l && l->type == QW_NODE_SEQ && i < l->nitems; i++) {
		const qw_node *e = l->items[i];
		qw_dify_pair d = {field(e, "a"), field(e, "b"), field(e, "why"), field(e, "source")};
		QW_PUSH(kb->dify_pairs, kb->ndify_pairs, kb->dify_pairs_cap, d);
	}
	l = qw_map_get(root, "plugin_windows");
	for (size_t i = 0; l && l->type == QW_NODE_SEQ && i < l->nitems; i++) {
		const qw_node *e = l->items[i];
		qw_plugin_window w = {field(e, "plugin"), field(e, "from"), field(e, "to"), field(e, "why"),
				      field(e, "source")};
		QW_PUSH(kb->windows, kb->nwindows, kb->windows_cap, w);
	}
	l = qw_map_get(root, "plugin_providers");
	for (size_t i = 0; l && l->type == QW_NODE_SEQ && i < l->nitems; i++) {
		struct plugin_provider pp = {field(l->items[i], "plugin"), field(l->items[i], "provider")};
		QW_PUSH(kb->plugin_providers, kb->nplugin_providers, kb->plugin_providers_cap, pp);
	}
	l = qw_map_get(root, "removed_models");
	for (size_t i = 0; l && l->type == QW_NODE_SEQ && i < l->nitems; i++) {
		const qw_node *e = l->items[i];
		qw_removed_models r = {field(e, "plugin"), field(e, "since"), field(e, "source"), NULL, 0};
		r.models = str_list(qw_map_get(e, "models"), &r.nmodels);
		QW_PUSH(kb->removed, kb->nremoved, kb->removed_cap, r);
	}
	l = qw_map_get(root, "region_models");
	for (size_t i = 0; l && l->type == QW_NODE_SEQ && i < l->nitems; i++) {
		const qw_node *e = l->items[i];
		qw_region_model r = {field(e, "plugin"), field(e, "prefix"), field(e, "region"), field(e, "why"),
				     field(e, "source")};
		QW_PUSH(kb->region_models, kb->nregion_models, kb->region_models_cap, r);
	}
}

static void
load_app_env(qw_kb *kb, const qw_node *root)
{
	const qw_node *l = qw_map_get(root, "pairs");
	for (size_t i = 0; l && l->type == QW_NODE_SEQ && i < l->nitems; i++) {
		const qw_node *e = l->items[i];
		qw_app_pair p = {0};
		p.key = str_list(qw_map_get(e, "key"), &p.nkey);
		p.base = str_list(qw_map_get(e, "base"), &p.nbase);
		p.model = str_list(qw_map_get(e, "model"), &p.nmodel);
		const char *proto = qw_map_str(e, "protocol");
		p.protocol = proto && strcmp(proto, "any") ? qw_xstrdup(proto) : NULL;
		p.vendor = field(e, "vendor");
		p.source = field(e, "source");
		QW_PUSH(kb->app_pairs, kb->napp_pairs, kb->app_pairs_cap, p);
	}
	l = qw_map_get(root, "base_urls");
	for (size_t i = 0; l && l->type == QW_NODE_SEQ && i < l->nitems; i++) {
		const qw_node *e = l->items[i];
		qw_app_base b = {0};
		b.vars = str_list(qw_map_get(e, "vars"), &b.nvars);
		b.client = field(e, "client");
		b.appends = field(e, "appends");
		b.source = field(e, "source");
		QW_PUSH(kb->app_bases, kb->napp_bases, kb->app_bases_cap, b);
	}
	l = qw_map_get(root, "wrong_variable");
	for (size_t i = 0; l && l->type == QW_NODE_SEQ && i < l->nitems; i++) {
		const qw_node *e = l->items[i];
		qw_wrong_var w = {0};
		w.vars = str_list(qw_map_get(e, "vars"), &w.nvars);
		w.prefix = field(e, "prefix");
		w.when_base_host = field(e, "when_base_host");
		w.must_be_empty = tri(qw_map_get(e, "must_be_empty"), QW_NO) == QW_YES;
		w.why = field(e, "why");
		w.use = field(e, "use");
		w.source = field(e, "source");
		w.conf = conf_of(e);
		const char *sev = qw_map_str(e, "severity");
		w.warning = (sev && !strcmp(sev, "warning")) || w.conf == 'L' || w.conf == 'U';
		QW_PUSH(kb->wrong_vars, kb->nwrong_vars, kb->wrong_vars_cap, w);
	}
}

static void
load_models(qw_kb *kb, const qw_node *root)
{
	const qw_node *l = qw_map_get(root, "plans");
	for (size_t i = 0; l && l->type == QW_NODE_SEQ && i < l->nitems; i++) {
		const qw_node *e = l->items[i];
		qw_plan_models m = {field(e, "vendor"), field(e, "plan"), field(e, "as_of"), field(e, "source"), NULL, 0,
				    conf_of(e)};
		m.models = str_list(qw_map_get(e, "models"), &m.nmodels);
		if (m.vendor && m.plan)
			QW_PUSH(kb->plan_models, kb->nplan_models, kb->plan_models_cap, m);
		else
			free(m.vendor), free(m.plan), free(m.as_of), free(m.source), free_list(m.models, m.nmodels);
	}
}

static void
load_probe(qw_kb *kb, const qw_node *root)
{
	const qw_node *l = qw_map_get(root, "calls");
	for (size_t i = 0; l && l->type == QW_NODE_SEQ && i < l->nitems; i++) {
		const qw_node *e = l->items[i];
		qw_probe_call c = {field(e, "vendor"), field(e, "plan"), field(e, "request"), field(e, "model"),
				   field(e, "why"), field(e, "source"), conf_of(e)};
		bool ok = c.vendor && c.plan && c.request &&
			  (!strcmp(c.request, "models") || (!strcmp(c.request, "chat") && c.model));
		if (ok)
			QW_PUSH(kb->probe_calls, kb->nprobe_calls, kb->probe_calls_cap, c);
		else
			free(c.vendor), free(c.plan), free(c.request), free(c.model), free(c.why), free(c.source);
	}
	l = qw_map_get(root, "answers");
	for (size_t i = 0; l && l->type == QW_NODE_SEQ && i < l->nitems; i++) {
		const qw_node *e = l->items[i];
		const char *st = qw_map_str(e, "status");
		qw_probe_answer a = {field(e, "vendor"), st ? strtol(st, NULL, 10) : 0, field(e, "body"),
				     field(e, "code"), field(e, "means"), field(e, "source"), conf_of(e)};
		if (a.vendor && a.status && a.body && a.code && a.means)
			QW_PUSH(kb->probe_answers, kb->nprobe_answers, kb->probe_answers_cap, a);
		else
			free(a.vendor), free(a.body), free(a.code), free(a.means), free(a.source);
	}
}

/* A mapping of strings (a: key, b: value), in file order. */
static qw_str_pair *
str_pairs(const qw_node *map, size_t *n)
{
	*n = 0;
	if (!map || map->type != QW_NODE_MAP)
		return NULL;
	qw_str_pair *out = qw_xcalloc(map->npairs + 1, sizeof(*out));
	for (size_t i = 0; i < map->npairs; i++) {
		const char *a = qw_node_str(map->pairs[i].key), *b = qw_node_str(map->pairs[i].value);
		if (a && b)
			out[(*n)++] = (qw_str_pair){qw_xstrdup(a), qw_xstrdup(b)};
	}
	return out;
}

static void
load_hermes_models(qw_kb *kb, const qw_node *root)
{
	qw_hermes_models *m = &kb->hmodels;
	m->since = field(root, "since");
	m->source = field(root, "source");
	const qw_node *calls = qw_map_get(root, "calls");
	m->main_skipped = str_list(qw_map_get(qw_map_get(calls, "main"), "skipped_for"), &m->nmain_skipped);
	m->fallback_skipped = str_list(qw_map_get(qw_map_get(calls, "fallback"), "skipped_for"), &m->nfallback_skipped);
	m->aliases = str_pairs(qw_map_get(qw_map_get(root, "provider_aliases"), "map"), &m->naliases);
	m->copilot_aliases = str_pairs(qw_map_get(qw_map_get(root, "copilot_aliases"), "map"), &m->ncopilot_aliases);
	const qw_node *vp = qw_map_get(qw_map_get(root, "vendor_prefixes"), "list");
	for (size_t i = 0; vp && vp->type == QW_NODE_SEQ && i < vp->nitems; i++) {
		const char *t = qw_map_str(vp->items[i], "token"), *v = qw_map_str(vp->items[i], "vendor");
		if (!t || !v)
			continue;
		m->vendor_prefixes = qw_xrealloc(m->vendor_prefixes, (m->nvendor_prefixes + 1) * sizeof(qw_str_pair));
		m->vendor_prefixes[m->nvendor_prefixes++] = (qw_str_pair){qw_xstrdup(t), qw_xstrdup(v)};
	}
	const qw_node *cl = qw_map_get(root, "classes");
	for (size_t i = 0; cl && cl->type == QW_NODE_SEQ && i < cl->nitems; i++) {
		const qw_node *e = cl->items[i];
		if (!qw_map_str(e, "kind"))
			continue;
		qw_model_class c = {0};
		c.kind = field(e, "kind");
		c.providers = str_list(qw_map_get(e, "providers"), &c.nproviders);
		c.hyphen_prefix = field(e, "hyphen_prefix");
		c.drop_prefix = field(e, "drop_prefix");
		c.lowercase = str_list(qw_map_get(e, "lowercase"), &c.nlowercase);
		c.source = field(e, "source");
		m->classes = qw_xrealloc(m->classes, (m->nclasses + 1) * sizeof(qw_model_class));
		m->classes[m->nclasses++] = c;
	}
	const qw_node *ds = qw_map_get(root, "deepseek_models");
	m->ds_canonical = str_list(qw_map_get(ds, "canonical"), &m->nds_canonical);
	m->ds_keywords = str_list(qw_map_get(ds, "reasoner_keywords"), &m->nds_keywords);
	m->ds_v_prefix = field(ds, "v_series_prefix");
	m->ds_reasoner = field(ds, "reasoner");
	m->ds_chat = field(ds, "chat");
}

static void
free_pairs(qw_str_pair *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(p[i].a), free(p[i].b);
	free(p);
}

static void
free_hermes_models(qw_hermes_models *m)
{
	free(m->since), free(m->source);
	free_list(m->main_skipped, m->nmain_skipped), free_list(m->fallback_skipped, m->nfallback_skipped);
	free_pairs(m->aliases, m->naliases), free_pairs(m->vendor_prefixes, m->nvendor_prefixes);
	free_pairs(m->copilot_aliases, m->ncopilot_aliases);
	for (size_t i = 0; i < m->nclasses; i++) {
		qw_model_class *c = &m->classes[i];
		free(c->kind), free(c->hyphen_prefix), free(c->drop_prefix), free(c->source);
		free_list(c->providers, c->nproviders), free_list(c->lowercase, c->nlowercase);
	}
	free(m->classes);
	free_list(m->ds_canonical, m->nds_canonical), free_list(m->ds_keywords, m->nds_keywords);
	free(m->ds_v_prefix), free(m->ds_reasoner), free(m->ds_chat);
}

const qw_hermes_models *
qw_kb_hermes_models(const qw_kb *kb)
{
	return &kb->hmodels;
}

static const struct {
	const char *name;
	void (*load)(qw_kb *, const qw_node *);
} files[] = {
	{"hermes-providers.yaml", load_providers},
	{"endpoints.yaml", load_endpoints},
	{"keys.yaml", load_keys},
	{"dify.yaml", load_dify},
	{"app-env.yaml", load_app_env},
	{"models.yaml", load_models},
	{"probe.yaml", load_probe},
	{"hermes-models.yaml", load_hermes_models},
};

/* The built-in knowledge file name's tree (compiled by tools/genkb.c), or NULL. */
static const qw_node *
builtin_tree(const char *name)
{
	for (size_t i = 0; i < qw_embedded_rule_trees_count; i++)
		if (!strcmp(qw_embedded_rule_trees[i].name, name))
			return qw_embedded_rule_trees[i].root;
	return NULL;
}

/* rules_dir/name read and parsed, its root handed to load; -1 with err filled when it cannot be. */
static int
load_file(qw_kb *kb, const char *rules_dir, const char *name, void (*load)(qw_kb *, const qw_node *), char *err,
	  size_t errlen)
{
	char *path = qw_path_join(rules_dir, name);
	char msg[256];
	qw_source *src = qw_source_load(path, 0, msg, sizeof(msg));
	if (!src) {
		char *shown = qw_arg_shown(path);
		snprintf(err, errlen, "%s: %s", shown, msg);
		free(shown);
		free(path);
		return -1;
	}
	free(path);
	qw_parse_error pe;
	qw_doc *doc = qw_yaml_parse(src, &pe);
	int rc = 0;
	if (!doc || !doc->root || doc->root->type != QW_NODE_MAP) {
		int l = pe.line, c = pe.col;
		if (!l)
			qw_source_pos(src, pe.offset, &l, &c);
		char *shown = qw_arg_shown(src->path);
		snprintf(err, errlen, "%s:%d:%d: %s", shown, l, c, doc ? "not a mapping" : pe.msg);
		free(shown);
		rc = -1;
	} else {
		load(kb, doc->root);
	}
	qw_doc_free(doc);
	qw_source_free(src);
	return rc;
}

qw_kb *
qw_kb_load(const char *rules_dir, char *err, size_t errlen)
{
	qw_kb *kb = qw_xcalloc(1, sizeof(*kb));
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (rules_dir) {
			if (load_file(kb, rules_dir, files[i].name, files[i].load, err, errlen)) {
				qw_kb_free(kb);
				return NULL;
			}
			continue;
		}
		const qw_node *root = builtin_tree(files[i].name);
		if (!root) {
			snprintf(err, errlen, "built-in rules file %s is missing", files[i].name);
			qw_kb_free(kb);
			return NULL;
		}
		files[i].load(kb, root);
	}
	if (kb->bad) {
		snprintf(err, errlen, "hermes-providers.yaml: %s", kb->bad);
		qw_kb_free(kb);
		return NULL;
	}
	qw_kb_set_hermes_version(kb, NULL, err, errlen);
	return kb;
}

void
qw_kb_free(qw_kb *kb)
{
	if (!kb)
		return;
	for (size_t i = 0; i < kb->nprobe_calls; i++) {
		qw_probe_call *c = &kb->probe_calls[i];
		free(c->vendor), free(c->plan), free(c->request), free(c->model), free(c->why), free(c->source);
	}
	free(kb->probe_calls);
	for (size_t i = 0; i < kb->nprobe_answers; i++) {
		qw_probe_answer *a = &kb->probe_answers[i];
		free(a->vendor), free(a->body), free(a->code), free(a->means), free(a->source);
	}
	free(kb->probe_answers);
	for (size_t i = 0; i < kb->nproviders; i++)
		free(kb->providers[i].aliases); /* the view's own: the rest is the rows' */
	free(kb->providers);
	for (size_t i = 0; i < kb->nrows; i++) {
		qw_provider *p = &kb->rows[i];
		for (size_t j = 0; j < p->naliases; j++)
			free(kb->alias_win[i][j].since_s), free(kb->alias_win[i][j].until_s);
		free(kb->alias_win[i]);
		free(kb->row_win[i].since_s), free(kb->row_win[i].until_s);
		free(p->since), free(p->until), free(p->disputed), free(p->no_key_sends), free(p->url_add_suffix);
		free(p->key_exchange);
		free_list(p->rejected_key_prefixes, p->nrejected_key_prefixes);
		free(p->key_fallback);
		free_list(p->seed_src_var, p->nseed_src);
		free_list(p->seed_src_name, p->nseed_src);
		free_list(p->mam_prefix, p->nmam);
		free_list(p->mam_mode, p->nmam);
		free(p->model_api_mode_default);
		free(p->v1_by_mode_host);
		free_list(p->resp_prefixes, p->nresp_prefixes);
		free_list(p->url_strip_suffixes, p->nurl_strip_suffixes);
		free(p->id);
		free_list(p->key_env, p->nkey_env);
		free(p->base_url_env);
		free(p->default_base_url);
		free_list(p->aliases, p->naliases);
		free(p->kp_prefix);
		free(p->kp_base_url);
		free(p->api_mode);
		free_list(p->cfg_url_hosts, p->ncfg_url_hosts);
		free(p->cfg_url_source);
		free(p->source);
	}
	free(kb->rows);
	free(kb->row_win);
	free(kb->alias_win);
	for (size_t i = 0; i < kb->nreleases; i++)
		free(kb->releases[i].version), free(kb->releases[i].commit), free(kb->releases[i].date);
	free(kb->releases);
	for (size_t i = 0; i < kb->nfeatures; i++)
		free(kb->features[i].name), free(kb->features[i].win.since_s), free(kb->features[i].win.until_s);
	free(kb->features);
	free(kb->knowledge_to), free(kb->sel_name), free(kb->sel_why), free(kb->newer_installed), free(kb->bad);
	for (size_t i = 0; i < kb->nhosts; i++) {
		qw_host *h = &kb->hosts[i];
		for (size_t j = 0; j < h->npaths; j++) {
			free(h->paths[j].path);
			free(h->paths[j].protocol);
			free(h->paths[j].plan);
		}
		free(h->paths);
		free(h->pattern);
		free(h->vendor);
		free(h->plan);
		free(h->region);
		free(h->source);
		free(h->answer);
		free_list(h->only_keys, h->nonly_keys);
		free(h->legacy_why);
		free(h->legacy_use);
	}
	free(kb->hosts);
	free_list(kb->region_bound, kb->nregion_bound);
	for (size_t i = 0; i < kb->napp_pairs; i++) {
		qw_app_pair *p = &kb->app_pairs[i];
		free_list(p->key, p->nkey), free_list(p->base, p->nbase), free_list(p->model, p->nmodel);
		free(p->protocol), free(p->vendor), free(p->source);
	}
	free(kb->app_pairs);
	for (size_t i = 0; i < kb->nwrong_vars; i++) {
		qw_wrong_var *w = &kb->wrong_vars[i];
		free_list(w->vars, w->nvars);
		free(w->prefix), free(w->when_base_host), free(w->why), free(w->use), free(w->source);
	}
	free(kb->wrong_vars);
	for (size_t i = 0; i < kb->napp_bases; i++) {
		qw_app_base *b = &kb->app_bases[i];
		free_list(b->vars, b->nvars);
		free(b->client), free(b->appends), free(b->source);
	}
	free(kb->app_bases);
	for (size_t i = 0; i < kb->nplan_models; i++) {
		qw_plan_models *m = &kb->plan_models[i];
		free(m->vendor), free(m->plan), free(m->as_of), free(m->source), free_list(m->models, m->nmodels);
	}
	free(kb->plan_models);
	for (size_t i = 0; i < kb->nshapes; i++)
		free(kb->shapes[i].vendor), free(kb->shapes[i].contains), free(kb->shapes[i].why), free(kb->shapes[i].source);
	free(kb->shapes);
	for (size_t i = 0; i < kb->nlookalikes; i++) {
		free(kb->lookalikes[i].host);
		free(kb->lookalikes[i].suggest);
		free(kb->lookalikes[i].why);
		free(kb->lookalikes[i].source);
	}
	free(kb->lookalikes);
	for (size_t i = 0; i < kb->nfamilies; i++) {
		qw_family *f = &kb->families[i];
		free(f->prefix);
		free(f->vendor);
		free(f->name);
		free(f->source);
		free_list(f->plans, f->nplans);
	}
	free(kb->families);
	free_list(kb->no_key, kb->nno_key);
	free_list(kb->placeholders, kb->nplaceholders);
	free_list(kb->custom_aliases, kb->ncustom_aliases);
	free_list(kb->bypass_hosts, kb->nbypass_hosts);
	free_list(kb->hermes_only_env, kb->nhermes_only_env);
	free_list(kb->dify_markers, kb->ndify_markers);
	for (size_t i = 0; i < kb->ndify_secrets; i++) {
		qw_dify_secret *d = &kb->dify_secrets[i];
		free(d->var), free(d->value), free(d->why), free(d->source);
	}
	free(kb->dify_secrets);
	for (size_t i = 0; i < kb->ndify_pairs; i++) {
		qw_dify_pair *d = &kb->dify_pairs[i];
		free(d->a), free(d->b), free(d->why), free(d->source);
	}
	free(kb->dify_pairs);
	for (size_t i = 0; i < kb->nwindows; i++) {
		qw_plugin_window *w = &kb->windows[i];
		free(w->plugin), free(w->from), free(w->to), free(w->why), free(w->source);
	}
	free(kb->windows);
	for (size_t i = 0; i < kb->nplugin_providers; i++)
		free(kb->plugin_providers[i].plugin), free(kb->plugin_providers[i].provider);
	free(kb->plugin_providers);
	for (size_t i = 0; i < kb->nremoved; i++) {
		qw_removed_models *r = &kb->removed[i];
		free(r->plugin), free(r->since), free(r->source);
		free_list(r->models, r->nmodels);
	}
	free(kb->removed);
	for (size_t i = 0; i < kb->nregion_models; i++) {
		qw_region_model *r = &kb->region_models[i];
		free(r->plugin), free(r->prefix), free(r->region), free(r->why), free(r->source);
	}
	free(kb->region_models);
	free(kb->hermes_commit);
	free_hermes_models(&kb->hmodels);
	free(kb);
}

/* ---- Hermes versions ---- */

/* The view at kb->sel: the rows in their windows, each with the aliases in theirs. */
static void
build_view(qw_kb *kb)
{
	for (size_t i = 0; i < kb->nproviders; i++)
		free(kb->providers[i].aliases);
	kb->nproviders = 0;
	for (size_t i = 0; i < kb->nrows; i++) {
		if (!in_window(&kb->row_win[i], &kb->sel))
			continue;
		qw_provider p = kb->rows[i];
		p.aliases = qw_xcalloc(p.naliases + 1, sizeof(char *));
		p.naliases = 0;
		for (size_t j = 0; j < kb->rows[i].naliases; j++)
			if (in_window(&kb->alias_win[i][j], &kb->sel))
				p.aliases[p.naliases++] = kb->rows[i].aliases[j];
		QW_PUSH(kb->providers, kb->nproviders, kb->providers_cap, p);
	}
}

static void
select_point(qw_kb *kb, hpoint at, const char *name, char *why)
{
	kb->sel = at;
	free(kb->sel_name);
	kb->sel_name = qw_xstrdup(name);
	free(kb->sel_why);
	kb->sel_why = why;
	build_view(kb);
}

static hpoint
newest_point(void)
{
	return (hpoint){{NEWEST_REL, 0, 0}, 0};
}

int
qw_kb_set_hermes_version(qw_kb *kb, const char *version, char *err, size_t errlen)
{
	free(kb->newer_installed);
	kb->newer_installed = NULL;
	if (!version || !strcmp(version, "newest")) {
		select_point(kb, newest_point(), "newest",
			     version ? qw_xstrdup("--hermes-version")
				     : qw_xprintf("newest known (knowledge to %s)", kb->knowledge_to));
		return 0;
	}
	for (size_t i = 0; i < kb->nreleases; i++)
		if (!strcmp(kb->releases[i].version, version)) {
			select_point(kb, kb->releases[i].at, version, qw_xstrdup("--hermes-version"));
			return 0;
		}
	long day = parse_day(version), to = parse_day(kb->knowledge_to);
	if (day >= 0 && kb->nreleases && day >= kb->releases[0].day && day <= to) {
		/* main on that day: after the newest release made by then */
		hpoint at = kb->releases[0].at;
		for (size_t i = 0; i < kb->nreleases; i++)
			if (kb->releases[i].day <= day)
				at = kb->releases[i].at;
		at.date = day;
		select_point(kb, at, version, qw_xstrdup("--hermes-version"));
		return 0;
	}
	qw_buf known = {0};
	for (size_t i = 0; i < kb->nreleases; i++)
		qw_buf_printf(&known, "%s, ", kb->releases[i].version);
	snprintf(err, errlen, "unknown Hermes version (known: %snewest, or a date from %s to %s: Hermes's main branch "
			      "that day)",
		 known.data ? known.data : "", kb->nreleases ? kb->releases[0].date : "?", kb->knowledge_to);
	qw_buf_free(&known);
	return -1;
}

/* __version__ = "X" in dir/hermes_cli/__init__.py, or NULL. */
static char *
installed_version(const char *dir)
{
	char *path = qw_path_join(dir, "hermes_cli/__init__.py");
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return NULL;
	char line[512], *out = NULL;
	for (int n = 0; !out && n < 2000 && fgets(line, sizeof(line), f); n++) {
		if (strncmp(line, "__version__", 11))
			continue;
		const char *p = line + 11;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p++ != '=')
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		char q = *p;
		const char *end = (q == '"' || q == '\'') ? strchr(p + 1, q) : NULL;
		if (!end || end - p - 1 < 1 || end - p - 1 > 40)
			continue;
		char *v = qw_xstrndup(p + 1, (size_t)(end - p - 1));
		long rel[3];
		size_t nd = strspn(v, "0123456789.");
		if (parse_release(v, v + nd, rel))
			out = v;
		else
			free(v);
	}
	fclose(f);
	return out;
}

void
qw_kb_detect_hermes_version(qw_kb *kb, const char *const *homes, size_t nhomes)
{
	const char *hh = getenv("HERMES_HOME");
	free(kb->newer_installed);
	kb->newer_installed = NULL;
	for (size_t i = 0; i <= nhomes + 1; i++) {
		char *dir = i < nhomes	       ? qw_path_join(homes[i], "hermes-agent")
			    : i == nhomes      ? (hh && *hh ? qw_path_join(hh, "hermes-agent") : NULL)
					       : qw_xstrdup("/usr/local/lib/hermes-agent");
		char *v = dir ? installed_version(dir) : NULL;
		if (!v) {
			free(dir);
			continue;
		}
		char *shown = qw_arg_shown(dir);
		long rel[3];
		parse_release(v, v + strspn(v, "0123456789."), rel);
		hpoint at = {{rel[0], rel[1], rel[2]}, 0};
		const struct release *first = &kb->releases[0], *last = &kb->releases[kb->nreleases - 1];
		if (point_cmp(&at, &last->at) > 0) {
			select_point(kb, newest_point(), "newest",
				     qw_xprintf("installed Hermes %s at %s, newer than the knowledge: modelled as the newest "
						"known (knowledge to %s)",
						v, shown, kb->knowledge_to));
			kb->newer_installed = qw_xstrdup(v);
		} else if (point_cmp(&at, &first->at) < 0) {
			select_point(kb, first->at, first->version,
				     qw_xprintf("installed Hermes %s at %s, older than the oldest known release: modelled as %s",
						v, shown, first->version));
		} else {
			const struct release *r = first;
			for (size_t k = 0; k < kb->nreleases; k++)
				if (point_cmp(&kb->releases[k].at, &at) <= 0)
					r = &kb->releases[k];
			select_point(kb, r->at, r->version,
				     point_cmp(&r->at, &at) == 0
					     ? qw_xprintf("installed Hermes %s at %s", v, shown)
					     : qw_xprintf("installed Hermes %s at %s: modelled as %s, the newest known release "
							  "before it", v, shown, r->version));
		}
		free(shown);
		free(v);
		free(dir);
		return;
	}
}

const char *
qw_kb_hermes_version(const qw_kb *kb)
{
	return kb->sel_name;
}

const char *
qw_kb_hermes_version_why(const qw_kb *kb)
{
	return kb->sel_why;
}

bool
qw_kb_hermes_version_assumed(const qw_kb *kb)
{
	return kb->sel_why && qw_startswith(kb->sel_why, "newest known");
}

const char *
qw_kb_hermes_newer_installed(const qw_kb *kb)
{
	return kb->newer_installed;
}

const char *
qw_kb_hermes_knowledge_to(const qw_kb *kb)
{
	return kb->knowledge_to;
}

bool
qw_kb_hermes_feature(const qw_kb *kb, const char *name)
{
	for (size_t i = 0; i < kb->nfeatures; i++)
		if (!strcmp(kb->features[i].name, name))
			return in_window(&kb->features[i].win, &kb->sel);
	return false;
}

/* name as resolve_provider compares it: stripped (the caller frees). */
static char *
stripped(const char *name)
{
	size_t n;
	const char *s = qw_trim(name ? name : "", &n);
	return qw_xstrndup(s, n);
}

const qw_provider *
qw_kb_provider(const qw_kb *kb, const char *name)
{
	char *s = stripped(name);
	const qw_provider *hit = NULL;
	for (size_t i = 0; i < kb->nproviders && !hit; i++) {
		const qw_provider *p = &kb->providers[i];
		if (qw_streq_nocase(p->id, s))
			hit = p;
		for (size_t j = 0; j < p->naliases && !hit; j++)
			if (qw_streq_nocase(p->aliases[j], s))
				hit = p;
	}
	free(s);
	return hit;
}

const qw_provider *
qw_kb_providers(const qw_kb *kb, size_t *n)
{
	*n = kb->nproviders;
	return kb->providers;
}

const qw_provider *
qw_kb_provider_other_version(const qw_kb *kb, const char *name, const char **since, const char **until)
{
	char *s = stripped(name);
	const qw_provider *hit = NULL;
	for (size_t i = 0; i < kb->nrows && !hit; i++) {
		const qw_provider *p = &kb->rows[i];
		const window *w = NULL;
		if (qw_streq_nocase(p->id, s))
			w = &kb->row_win[i];
		for (size_t j = 0; j < p->naliases && !w; j++)
			if (qw_streq_nocase(p->aliases[j], s))
				w = kb->alias_win[i][j].has_since || kb->alias_win[i][j].has_until ? &kb->alias_win[i][j]
												     : &kb->row_win[i];
		if (w && !in_window(w, &kb->sel)) {
			hit = p;
			*since = w->since_s;
			*until = w->until_s;
		}
	}
	free(s);
	return hit;
}

const qw_provider *
qw_kb_providers_all(const qw_kb *kb, size_t *n)
{
	*n = kb->nrows;
	return kb->rows;
}

bool
qw_kb_hermes_only_env(const qw_kb *kb, const char *var)
{
	for (size_t i = 0; i < kb->nhermes_only_env; i++)
		if (!strcmp(kb->hermes_only_env[i], var))
			return true;
	return false;
}

bool
qw_kb_is_custom_alias(const qw_kb *kb, const char *name)
{
	char *s = stripped(name);
	bool hit = false;
	for (size_t i = 0; i < kb->ncustom_aliases && !hit; i++)
		hit = qw_streq_nocase(kb->custom_aliases[i], s);
	free(s);
	return hit;
}

/* host equals one of the listed domains or is a subdomain of one. */
bool
qw_kb_auto_bypass_excluded(const qw_kb *kb, const char *host)
{
	for (size_t i = 0; i < kb->nbypass_hosts; i++) {
		const char *d = kb->bypass_hosts[i];
		size_t lh = strlen(host), ld = strlen(d);
		if (!strcmp(host, d) || (lh > ld && host[lh - ld - 1] == '.' && !strcmp(host + lh - ld, d)))
			return true;
	}
	return false;
}

const char *
qw_kb_hermes_commit(const qw_kb *kb)
{
	return kb->hermes_commit ? kb->hermes_commit : "unknown";
}

static bool
host_matches(const char *pattern, const char *host)
{
	if (pattern[0] == '*' && pattern[1] == '.') {
		const char *suffix = pattern + 1; /* ".suffix" */
		size_t ls = strlen(suffix), lh = strlen(host);
		return lh > ls && !strcmp(host + lh - ls, suffix);
	}
	return !strcmp(pattern, host);
}

bool
qw_provider_cfg_url_host(const qw_provider *p, const char *host)
{
	for (size_t i = 0; i < p->ncfg_url_hosts; i++)
		if (host_matches(p->cfg_url_hosts[i], host))
			return true;
	return false;
}

const qw_host *
qw_kb_host(const qw_kb *kb, const char *host)
{
	for (size_t i = 0; i < kb->nhosts; i++)
		if (host_matches(kb->hosts[i].pattern, host))
			return &kb->hosts[i];
	return NULL;
}

const qw_host *
qw_kb_hosts_all(const qw_kb *kb, size_t *n)
{
	*n = kb->nhosts;
	return kb->hosts;
}

const qw_hostpath *
qw_host_path(const qw_host *h, const char *url_path)
{
	size_t n = strlen(url_path);
	while (n && url_path[n - 1] == '/')
		n--;
	const qw_hostpath *best = NULL;
	for (size_t i = 0; i < h->npaths; i++)
		if (strlen(h->paths[i].path) == n && !strncmp(h->paths[i].path, url_path, n))
			best = &h->paths[i];
	return best;
}

const char *
qw_host_plan(const qw_host *h, const qw_hostpath *hp)
{
	return hp && hp->plan ? hp->plan : h->plan;
}

bool
qw_host_takes_key(const qw_host *h, const char *key)
{
	if (!h->nonly_keys)
		return true;
	for (size_t i = 0; i < h->nonly_keys; i++)
		if (qw_startswith(key, h->only_keys[i]))
			return true;
	return false;
}

bool
qw_kb_region_bound(const qw_kb *kb, const char *vendor)
{
	for (size_t i = 0; i < kb->nregion_bound; i++)
		if (!strcmp(kb->region_bound[i], vendor))
			return true;
	return false;
}

const qw_app_pair *
qw_kb_app_pairs(const qw_kb *kb, size_t *n)
{
	*n = kb->napp_pairs;
	return kb->app_pairs;
}

const qw_app_base *
qw_kb_app_base(const qw_kb *kb, const char *var)
{
	for (size_t i = 0; i < kb->napp_bases; i++)
		for (size_t j = 0; j < kb->app_bases[i].nvars; j++)
			if (!strcmp(kb->app_bases[i].vars[j], var))
				return &kb->app_bases[i];
	return NULL;
}

const qw_wrong_var *
qw_kb_wrong_vars(const qw_kb *kb, size_t *n)
{
	*n = kb->nwrong_vars;
	return kb->wrong_vars;
}

const qw_key_shape *
qw_kb_key_shape(const qw_kb *kb, const char *vendor)
{
	for (size_t i = 0; i < kb->nshapes; i++)
		if (!strcmp(kb->shapes[i].vendor, vendor))
			return &kb->shapes[i];
	return NULL;
}

const qw_plan_models *
qw_kb_plan_models(const qw_kb *kb, const char *vendor, const char *plan)
{
	for (size_t i = 0; i < kb->nplan_models; i++)
		if (!strcmp(kb->plan_models[i].vendor, vendor) && !strcmp(kb->plan_models[i].plan, plan))
			return &kb->plan_models[i];
	return NULL;
}

const qw_lookalike *
qw_kb_lookalike(const qw_kb *kb, const char *host)
{
	for (size_t i = 0; i < kb->nlookalikes; i++)
		if (host_matches(kb->lookalikes[i].host, host))
			return &kb->lookalikes[i];
	return NULL;
}

const qw_family *
qw_kb_family(const qw_kb *kb, const char *key)
{
	const qw_family *best = NULL;
	for (size_t i = 0; i < kb->nfamilies; i++) {
		const qw_family *f = &kb->families[i];
		if (qw_startswith(key, f->prefix) && (!best || strlen(f->prefix) > strlen(best->prefix)))
			best = f;
	}
	return best;
}

bool
qw_family_has_plan(const qw_family *f, const char *plan)
{
	for (size_t i = 0; i < f->nplans; i++)
		if (!strcmp(f->plans[i], plan))
			return true;
	return false;
}

bool
qw_kb_hermes_no_key(const qw_kb *kb, const char *value)
{
	/* has_usable_secret: strip, then at least 4 characters and not a listed placeholder (case-insensitive). */
	size_t n;
	const char *s = qw_trim(value, &n);
	if (n < 4)
		return true;
	char *t = qw_xstrndup(s, n);
	bool hit = false;
	for (size_t i = 0; i < kb->nno_key && !hit; i++)
		hit = qw_streq_nocase(kb->no_key[i], t);
	free(t);
	return hit;
}

bool
qw_kb_placeholder(const qw_kb *kb, const char *value)
{
	for (size_t i = 0; i < kb->nplaceholders; i++)
		if (qw_streq_nocase(kb->placeholders[i], value))
			return true;
	return false;
}

/* ---- Dify ---- */

bool
qw_kb_dify_marker(const qw_kb *kb, const char *var)
{
	for (size_t i = 0; i < kb->ndify_markers; i++)
		if (!strcmp(kb->dify_markers[i], var))
			return true;
	return false;
}

const qw_dify_secret *
qw_kb_dify_default(const qw_kb *kb, const char *var, const char *value)
{
	for (size_t i = 0; i < kb->ndify_secrets; i++)
		if (!strcmp(kb->dify_secrets[i].var, var) && kb->dify_secrets[i].value &&
		    !strcmp(kb->dify_secrets[i].value, value))
			return &kb->dify_secrets[i];
	return NULL;
}

const qw_dify_pair *
qw_kb_dify_pairs(const qw_kb *kb, size_t *n)
{
	*n = kb->ndify_pairs;
	return kb->dify_pairs;
}

const qw_plugin_window *
qw_kb_plugin_windows(const qw_kb *kb, size_t *n)
{
	*n = kb->nwindows;
	return kb->windows;
}

const char *
qw_kb_plugin_provider(const qw_kb *kb, const char *plugin)
{
	for (size_t i = 0; i < kb->nplugin_providers; i++)
		if (kb->plugin_providers[i].plugin && !strcmp(kb->plugin_providers[i].plugin, plugin))
			return kb->plugin_providers[i].provider;
	return NULL;
}

const qw_removed_models *
qw_kb_removed_model(const qw_kb *kb, const char *plugin, const char *model, const char *version)
{
	for (size_t i = 0; i < kb->nremoved; i++) {
		const qw_removed_models *r = &kb->removed[i];
		if (strcmp(r->plugin, plugin) || qw_version_cmp(version, r->since) < 0)
			continue;
		for (size_t j = 0; j < r->nmodels; j++)
			if (!strcmp(r->models[j], model))
				return r;
	}
	return NULL;
}

const qw_region_model *
qw_kb_region_model(const qw_kb *kb, const char *plugin, const char *model)
{
	for (size_t i = 0; i < kb->nregion_models; i++)
		if (!strcmp(kb->region_models[i].plugin, plugin) && qw_startswith(model, kb->region_models[i].prefix))
			return &kb->region_models[i];
	return NULL;
}

int
qw_version_cmp(const char *a, const char *b)
{
	for (;;) {
		bool da = isdigit((unsigned char)*a), db = isdigit((unsigned char)*b);
		if (!da && !db)
			return 0;
		char *end;
		unsigned long x = 0, y = 0;
		if (da) {
			x = strtoul(a, &end, 10);
			a = end;
		}
		if (db) {
			y = strtoul(b, &end, 10);
			b = end;
		}
		if (x != y)
			return x < y ? -1 : 1;
		a = *a == '.' ? a + 1 : a + strlen(a);
		b = *b == '.' ? b + 1 : b + strlen(b);
	}
}

const qw_probe_call *
qw_kb_probe_call(const qw_kb *kb, const char *vendor, const char *plan)
{
	for (size_t i = 0; i < kb->nprobe_calls; i++)
		if (!strcmp(kb->probe_calls[i].vendor, vendor) && !strcmp(kb->probe_calls[i].plan, plan))
			return &kb->probe_calls[i];
	return NULL;
}

bool
qw_kb_probe_vendor(const qw_kb *kb, const char *vendor)
{
	for (size_t i = 0; i < kb->nprobe_calls; i++)
		if (!strcmp(kb->probe_calls[i].vendor, vendor))
			return true;
	return false;
}

const qw_probe_answer *
qw_kb_probe_answers(const qw_kb *kb, size_t *n)
{
	*n = kb->nprobe_answers;
	return kb->probe_answers;
}

