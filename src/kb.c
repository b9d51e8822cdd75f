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

struct qw_kb {
	qw_provider *providers;
	size_t nproviders, providers_cap;
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

static void
load_providers(qw_kb *kb, const qw_node *root)
{
	const qw_node *list = qw_map_get(root, "providers");
	kb->hermes_commit = dup_or_null(qw_map_str(root, "hermes_commit"));
	kb->custom_aliases = str_list(qw_map_get(root, "custom_aliases"), &kb->ncustom_aliases);
	kb->bypass_hosts = str_list(qw_map_get(root, "auto_bypass_excluded_hosts"), &kb->nbypass_hosts);
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
		p.aliases = str_list(qw_map_get(e, "aliases"), &p.naliases);
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
		QW_PUSH(kb->providers, kb->nproviders, kb->providers_cap, p);
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
	for (size_t i = 0; i < kb->nproviders; i++) {
		qw_provider *p = &kb->providers[i];
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
	free(kb->providers);
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

const qw_provider *
qw_kb_provider(const qw_kb *kb, const char *name)
{
	for (size_t i = 0; i < kb->nproviders; i++) {
		const qw_provider *p = &kb->providers[i];
		if (qw_streq_nocase(p->id, name))
			return p;
		for (size_t j = 0; j < p->naliases; j++)
			if (qw_streq_nocase(p->aliases[j], name))
				return p;
	}
	return NULL;
}

const qw_provider *
qw_kb_providers(const qw_kb *kb, size_t *n)
{
	*n = kb->nproviders;
	return kb->providers;
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
	for (size_t i = 0; i < kb->ncustom_aliases; i++)
		if (qw_streq_nocase(kb->custom_aliases[i], name))
			return true;
	return false;
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

/* Until version windows land (issue 24 item 4) the registry is the one at hermes_commit: Hermes 0.18.2. */
const char *
qw_kb_hermes_version(const qw_kb *kb)
{
	(void)kb;
	return "0.18.2";
}

const char *
qw_kb_hermes_version_why(const qw_kb *kb)
{
	(void)kb;
	return "the registry in rules/hermes-providers.yaml is Hermes 0.18.2's (commit 306e2d2)";
}
