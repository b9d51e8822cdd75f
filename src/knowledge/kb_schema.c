/* kb_schema.c - what the knowledge files hold (rules/README.md), one table of field descriptors per record type
 * (kb_impl.h), and the one loader and the one free that walk those tables. */
#include <stdlib.h>
#include <string.h>

#include "kb_impl.h"
#include "util.h"

/* ---- the loader and the free ---- */

/* The node at key ("a.b": b of the mapping at a), or NULL. */
static const qw_node *
node_at(const qw_node *map, const char *key)
{
	for (const char *dot; map && (dot = strchr(key, '.')); key = dot + 1) {
		char seg[64];
		size_t n = (size_t)(dot - key);
		if (n >= sizeof(seg))
			return NULL;
		memcpy(seg, key, n);
		seg[n] = '\0';
		map = qw_map_get(map, seg);
	}
	return qw_map_get(map, key);
}

/* A sequence's strings; names: an item may also be a mapping, for its name. */
static char **
str_list(const qw_node *seq, size_t *n, bool names)
{
	*n = 0;
	if (!seq || seq->type != QW_NODE_SEQ)
		return NULL;
	char **out = qw_xcalloc(seq->nitems + 1, sizeof(char *));
	for (size_t i = 0; i < seq->nitems; i++) {
		const qw_node *it = seq->items[i];
		const char *s = names && it->type == QW_NODE_MAP ? qw_map_str(it, "name") : qw_node_str(it);
		if (s)
			out[(*n)++] = qw_xstrdup(s);
	}
	return out;
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

/* YAML 1.1 booleans as the data files write them. */
static qw_tri
tri(const char *s)
{
	if (s && (!strcmp(s, "yes") || !strcmp(s, "true")))
		return QW_YES;
	if (s && (!strcmp(s, "no") || !strcmp(s, "false")))
		return QW_NO;
	return QW_UNKNOWN;
}

/* s's index in f->names; absent: 0; not listed: f->dflt's index. */
static int
enum_of(const kb_field *f, const char *s)
{
	int other = 0;
	for (int i = 0; f->names[i]; i++) {
		if (s && !strcmp(s, f->names[i]))
			return i;
		if (f->dflt && !strcmp(f->dflt, f->names[i]))
			other = i;
	}
	return s ? other : 0;
}

/* A sequence of mappings, each a record of s; the entries dropped leave no gap. */
static void *
load_recs(qw_kb *kb, const kb_schema *s, const qw_node *seq, size_t *n)
{
	*n = 0;
	if (!seq || seq->type != QW_NODE_SEQ)
		return NULL;
	char *recs = qw_xcalloc(seq->nitems + 1, s->size);
	for (size_t i = 0; i < seq->nitems; i++)
		if (kb_load_record(kb, s, seq->items[i], recs + *n * s->size, i))
			(*n)++;
	return recs;
}

static void
load_field(qw_kb *kb, const kb_field *f, const qw_node *map, char *rec)
{
	const qw_node *n = f->path ? node_at(map, f->key) : qw_map_get(map, f->key);
	const char *s = qw_node_str(n);
	void *p = rec + f->off;
	size_t *count = (size_t *)(void *)(rec + f->noff);
	switch (f->type) {
	case KB_STR:
		*(char **)p = s ? qw_xstrdup(s) : f->dflt ? qw_xstrdup(f->dflt) : NULL;
		break;
	case KB_LOWER:
		*(char **)p = s ? qw_lower(s) : NULL;
		break;
	case KB_LIST:
	case KB_NAMES:
		*(char ***)p = str_list(n, count, f->type == KB_NAMES);
		break;
	case KB_MAP:
		*(qw_str_pair **)p = str_pairs(n, count);
		break;
	case KB_BOOL: {
		qw_tri t = tri(s);
		*(bool *)p = t == QW_UNKNOWN ? f->dflt != NULL : t == QW_YES;
		break;
	}
	case KB_TRI:
		*(int *)p = tri(s);
		break;
	case KB_ENUM:
		*(int *)p = enum_of(f, s);
		break;
	case KB_LONG:
		*(long *)p = s ? strtol(s, NULL, 10) : 0;
		break;
	case KB_CONF: /* a quoted "" gives '\0' (strchr finds the terminator), as it always did */
		*(char *)p = !n ? (f->dflt ? f->dflt[0] : 'U') : s && strchr("HMLU", s[0]) ? s[0] : 'U';
		break;
	case KB_RECS:
		*(void **)p = load_recs(kb, f->sub, n, count);
		break;
	case KB_REC:
		kb_load_record(kb, f->sub, n, p, 0);
		break;
	}
}

static bool
has_required(const kb_schema *s, const char *rec)
{
	for (size_t i = 0; i < s->nfields; i++) {
		const kb_field *f = &s->fields[i];
		if ((f->flags & KB_REQ) &&
		    (f->type == KB_LONG ? !*(const long *)(const void *)(rec + f->off) : !*(char *const *)(rec + f->off)))
			return false;
	}
	return true;
}

bool
kb_load_record(qw_kb *kb, const kb_schema *s, const qw_node *map, void *rec, size_t index)
{
	for (size_t i = 0; i < s->nfields; i++)
		if (s->fields[i].key)
			load_field(kb, &s->fields[i], map, rec);
	if (has_required(s, rec) && (!s->finish || s->finish(kb, rec, map, index)))
		return true;
	kb_free_record(s, rec);
	memset(rec, 0, s->size);
	return false;
}

void
kb_free_record(const kb_schema *s, void *rec)
{
	for (size_t i = 0; i < s->nfields; i++) {
		const kb_field *f = &s->fields[i];
		void *p = (char *)rec + f->off;
		const size_t *n = (const size_t *)(void *)((char *)rec + f->noff); /* read for the counted types only */
		switch (f->type) {
		case KB_STR:
		case KB_LOWER:
			free(*(char **)p);
			break;
		case KB_LIST:
		case KB_NAMES:
			for (size_t j = 0; j < *n; j++)
				free((*(char ***)p)[j]);
			free(*(char ***)p);
			break;
		case KB_MAP:
			for (size_t j = 0; j < *n; j++)
				free((*(qw_str_pair **)p)[j].a), free((*(qw_str_pair **)p)[j].b);
			free(*(qw_str_pair **)p);
			break;
		case KB_RECS:
			for (size_t j = 0; j < *n; j++)
				kb_free_record(f->sub, *(char **)p + j * f->sub->size);
			free(*(void **)p);
			break;
		case KB_REC:
			kb_free_record(f->sub, p);
			break;
		default:
			break;
		}
	}
}

/* ---- the tables ---- */

/* A field of record type T (#defined before each table): its key, its member, and designated extras (.flags,
 * .dflt); a list's or records' count is the member n<member>. */
#define AT(m) offsetof(T, m)
/* __builtin_strchr of a literal is a constant (GCC, clang): the loader walks a path only for a dotted key */
#define KEY(k) .key = k, .path = __builtin_strchr(k, '.') != NULL
#define FSTR(k, m, ...) {KEY(k), .type = KB_STR, .off = AT(m), __VA_ARGS__}
#define FLOWER(k, m, ...) {KEY(k), .type = KB_LOWER, .off = AT(m), __VA_ARGS__}
#define FLIST(k, m) {KEY(k), .type = KB_LIST, .off = AT(m), .noff = AT(n##m)}
#define FNAMES(k, m) {KEY(k), .type = KB_NAMES, .off = AT(m), .noff = AT(n##m)}
#define FMAP(k, m) {KEY(k), .type = KB_MAP, .off = AT(m), .noff = AT(n##m)}
#define FBOOL(k, m, ...) {KEY(k), .type = KB_BOOL, .off = AT(m), __VA_ARGS__}
#define FTRI(k, m) {KEY(k), .type = KB_TRI, .off = AT(m)}
#define FENUM(k, m, nm, ...) {KEY(k), .type = KB_ENUM, .off = AT(m), .names = nm, __VA_ARGS__}
#define FLONG(k, m, ...) {KEY(k), .type = KB_LONG, .off = AT(m), __VA_ARGS__}
#define FCONF(k, m, ...) {KEY(k), .type = KB_CONF, .off = AT(m), __VA_ARGS__}
#define FRECS(k, m, s) {KEY(k), .type = KB_RECS, .off = AT(m), .noff = AT(n##m), .sub = &s}
#define FREC(k, m, s) {KEY(k), .type = KB_REC, .off = AT(m), .sub = &s}
#define SCHEMA(name, finish, ...)                                                                                  \
	static const kb_field name##_fields[] = {__VA_ARGS__};                                                     \
	static const kb_schema name = {sizeof(T), name##_fields, sizeof(name##_fields) / sizeof(kb_field), finish}

/* rules/hermes-providers.yaml */

#define T struct release
SCHEMA(release_schema, kb_release_finish,
	FSTR("version", version),
	FSTR("commit", commit),
	FSTR("date", date));
#undef T

#define T struct versions
SCHEMA(versions_schema, kb_versions_finish,
	FRECS("releases", releases, release_schema),
	FSTR("knowledge_to", knowledge_to));
#undef T

#define T struct feature
SCHEMA(feature_schema, kb_feature_finish,
	FSTR("name", name, .flags = KB_REQ),
	{.type = KB_STR, .off = AT(win.since_s)}, /* kb_feature_finish */
	{.type = KB_STR, .off = AT(win.until_s)});
#undef T

#define T struct hermes_install
SCHEMA(install_schema, NULL,
	FSTR("home_subdir", home_subdir),
	FSTR("fhs_dir", fhs_dir),
	FSTR("version_file", version_file),
	FSTR("version_variable", version_var));
#undef T

/* model_api_modes: [{prefix, mode}], both needed, into two parallel lists; key_from: environ as a flag;
 * environ_seed_sources: {VAR: source} into two parallel lists */
static bool
provider_finish(qw_kb *kb, void *rec, const qw_node *map, size_t index)
{
	qw_provider *p = rec;
	const char *from = qw_map_str(map, "key_from");
	p->key_from_environ = from && !strcmp(from, "environ");
	const qw_node *ss = qw_map_get(map, "environ_seed_sources");
	for (size_t k = 0; ss && ss->type == QW_NODE_MAP && k < ss->npairs; k++) {
		const char *var = qw_node_str(ss->pairs[k].key), *src = qw_node_str(ss->pairs[k].value);
		if (!var || !src)
			continue;
		p->seed_src_var = qw_xrealloc(p->seed_src_var, (p->nseed_src + 1) * sizeof(char *));
		p->seed_src_name = qw_xrealloc(p->seed_src_name, (p->nseed_src + 1) * sizeof(char *));
		p->seed_src_var[p->nseed_src] = qw_xstrdup(var);
		p->seed_src_name[p->nseed_src++] = qw_xstrdup(src);
	}
	const qw_node *mam = qw_map_get(map, "model_api_modes");
	for (size_t k = 0; mam && mam->type == QW_NODE_SEQ && k < mam->nitems; k++) {
		const char *pre = qw_map_str(mam->items[k], "prefix"), *mode = qw_map_str(mam->items[k], "mode");
		if (!pre || !mode)
			continue;
		p->mam_prefix = qw_xrealloc(p->mam_prefix, (p->nmam + 1) * sizeof(char *));
		p->mam_mode = qw_xrealloc(p->mam_mode, (p->nmam + 1) * sizeof(char *));
		p->mam_prefix[p->nmam] = qw_xstrdup(pre);
		p->mam_mode[p->nmam++] = qw_xstrdup(mode);
	}
	kb_provider_windows(kb, p, map);
	return true;
}

static const char *const auth_names[] = {"api_key", "oauth", "external", "aws", "local", NULL}; /* qw_auth */

#define T qw_provider
SCHEMA(provider_schema, provider_finish,
	FSTR("id", id, .flags = KB_REQ),
	FENUM("auth", auth, auth_names, .dflt = "external"),
	FBOOL("auto", auto_detect),
	FLIST("key_env", key_env),
	FSTR("base_url_env", base_url_env),
	FSTR("default_base_url", default_base_url),
	FNAMES("aliases", aliases), /* windows: kb_provider_windows */
	FTRI("strip_model_prefix", strip_model_prefix),
	FBOOL("aggregator", aggregator),
	FBOOL("late", late),
	FSTR("since", since),
	FSTR("until", until),
	FCONF("conf", conf),
	FSTR("disputed", disputed),
	FSTR("no_key_sends", no_key_sends),
	FLIST("url_strip_suffixes", url_strip_suffixes),
	FSTR("url_add_suffix", url_add_suffix),
	FSTR("key_exchange", key_exchange),
	FLIST("rejected_key_prefixes", rejected_key_prefixes),
	FSTR("key_fallback", key_fallback),
	{.type = KB_LIST, .off = AT(seed_src_var), .noff = AT(nseed_src)}, /* provider_finish */
	{.type = KB_LIST, .off = AT(seed_src_name), .noff = AT(nseed_src)},
	{.type = KB_LIST, .off = AT(mam_prefix), .noff = AT(nmam)}, /* provider_finish */
	{.type = KB_LIST, .off = AT(mam_mode), .noff = AT(nmam)},
	FSTR("model_api_mode_default", model_api_mode_default),
	FSTR("v1_by_mode_host", v1_by_mode_host),
	FLIST("responses_model_prefixes", resp_prefixes),
	FSTR("key_prefix_base_url.prefix", kp_prefix),
	FSTR("key_prefix_base_url.base_url", kp_base_url),
	FSTR("api_mode", api_mode),
	FLIST("config_base_url_hosts", cfg_url_hosts),
	FSTR("config_base_url_source", cfg_url_source),
	FSTR("source", source));
#undef T

/* Fields are loaded in table order, and the first malformed window is the one reported: releases, then
 * knowledge_to, then the features, then each provider's aliases and row. */
#define T qw_kb
SCHEMA(hermes_providers_schema, NULL,
	FSTR("hermes_commit", hermes_commit),
	FLIST("custom_aliases", custom_aliases),
	FLIST("auto_bypass_excluded_hosts", bypass_hosts),
	FREC("hermes_versions", hv, versions_schema),
	FRECS("features", features, feature_schema),
	FNAMES("hermes_only_env", hermes_only_env),
	FREC("installed", install, install_schema),
	FRECS("providers", rows, provider_schema));
#undef T

/* rules/endpoints.yaml */

#define T qw_hostpath
SCHEMA(hostpath_schema, NULL,
	FSTR("path", path, .flags = KB_REQ),
	FSTR("protocol", protocol, .dflt = "openai"),
	FSTR("plan", plan),
	FCONF("conf", conf, .dflt = "-"), /* absent: the host's (host_finish) */
	FLIST("wire_apis.serves", wire_apis),
	FCONF("wire_apis.conf", wire_conf),
	FSTR("wire_apis.source", wire_source));
#undef T

static bool
host_finish(qw_kb *kb, void *rec, const qw_node *map, size_t index)
{
	qw_host *h = rec;
	for (size_t i = 0; i < h->npaths; i++)
		if (h->paths[i].conf == '-')
			h->paths[i].conf = h->conf;
	return true;
}

#define T qw_host
SCHEMA(host_schema, host_finish,
	FLOWER("host", pattern, .flags = KB_REQ),
	FSTR("vendor", vendor, .dflt = ""),
	FSTR("plan", plan, .dflt = "general"),
	FSTR("region", region, .dflt = "global"),
	FRECS("paths", paths, hostpath_schema),
	FCONF("conf", conf),
	FSTR("source", source),
	FSTR("answer", answer),
	FLIST("only_keys.prefixes", only_keys),
	FCONF("only_keys.conf", only_keys_conf),
	FSTR("legacy.why", legacy_why),
	FSTR("legacy.use", legacy_use),
	FCONF("legacy.conf", legacy_conf));
#undef T

#define T qw_lookalike
SCHEMA(lookalike_schema, NULL,
	FLOWER("host", host, .flags = KB_REQ),
	FSTR("suggest", suggest),
	FSTR("why", why),
	FSTR("source", source),
	FCONF("conf", conf));
#undef T

#define T qw_kb_name
SCHEMA(name_schema, NULL,
	FSTR("id", id, .flags = KB_REQ),
	FSTR("name", name, .flags = KB_REQ),
	FMAP("vendors", vendors));
#undef T

#define T qw_kb
SCHEMA(endpoints_schema, NULL,
	FRECS("hosts", hosts, host_schema),
	FLIST("region_bound", region_bound),
	FRECS("plans", plans, name_schema),
	FRECS("regions", regions, name_schema),
	FRECS("lookalikes", lookalikes, lookalike_schema));
#undef T

/* rules/keys.yaml */

static bool
family_finish(qw_kb *kb, void *rec, const qw_node *map, size_t index)
{
	qw_family *f = rec;
	if (!f->name)
		f->name = qw_xstrdup(f->prefix);
	return true;
}

#define T qw_family
SCHEMA(family_schema, family_finish,
	FSTR("prefix", prefix, .flags = KB_REQ),
	FSTR("vendor", vendor, .dflt = ""),
	FSTR("name", name), /* absent: the prefix (family_finish) */
	FSTR("source", source),
	FLIST("plans", plans),
	FBOOL("model_key", model_key, .dflt = "yes"),
	FBOOL("vendor_hosts_only", vendor_hosts_only),
	FCONF("conf", conf));
#undef T

#define T qw_key_shape
SCHEMA(shape_schema, NULL,
	FSTR("vendor", vendor, .flags = KB_REQ),
	FSTR("contains", contains, .flags = KB_REQ),
	FSTR("why", why),
	FSTR("source", source));
#undef T

#define T qw_kb
SCHEMA(keys_schema, NULL,
	FRECS("families", families, family_schema),
	FLIST("hermes_no_key", no_key),
	FRECS("vendor_key_shapes", shapes, shape_schema),
	FLIST("placeholders", placeholders));
#undef T

/* rules/dify.yaml */

#define T qw_dify_secret
SCHEMA(dify_secret_schema, NULL,
	FSTR("var", var),
	FSTR("value", value),
	FSTR("why", why),
	FSTR("source", source));
#undef T

#define T qw_dify_pair
SCHEMA(dify_pair_schema, NULL,
	FSTR("a", a),
	FSTR("b", b),
	FSTR("why", why),
	FSTR("source", source));
#undef T

#define T qw_plugin_window
SCHEMA(plugin_window_schema, NULL,
	FSTR("plugin", plugin),
	FSTR("from", from),
	FSTR("to", to),
	FSTR("why", why),
	FSTR("intl_switch", intl_switch),
	FSTR("source", source));
#undef T

#define T struct plugin_provider
SCHEMA(plugin_provider_schema, NULL,
	FSTR("plugin", plugin),
	FSTR("provider", provider));
#undef T

#define T qw_removed_models
SCHEMA(removed_schema, NULL,
	FSTR("plugin", plugin),
	FSTR("since", since),
	FSTR("source", source),
	FLIST("models", models));
#undef T

#define T qw_region_model
SCHEMA(region_model_schema, NULL,
	FSTR("plugin", plugin),
	FSTR("prefix", prefix),
	FSTR("region", region),
	FSTR("why", why),
	FSTR("source", source));
#undef T

#define T qw_kb
SCHEMA(dify_schema, NULL,
	FLIST("env_markers", dify_markers),
	FLIST("db_plain_fields", dify_db_fields),
	FSTR("tongyi_base", tongyi_base),
	FSTR("tongyi_intl_base", tongyi_intl_base),
	FSTR("tongyi_api_host_since", api_host_since),
	FSTR("tongyi_api_host_absent_to", api_host_absent_to),
	FLIST("tongyi_api_host_paths", api_host_paths),
	FSTR("tongyi_api_host_source", api_host_source),
	FRECS("default_secrets", dify_secrets, dify_secret_schema),
	FRECS("key_pairs", dify_pairs, dify_pair_schema),
	FRECS("plugin_windows", windows, plugin_window_schema),
	FRECS("plugin_providers", plugin_providers, plugin_provider_schema),
	FRECS("removed_models", removed, removed_schema),
	FRECS("region_models", region_models, region_model_schema));
#undef T

/* rules/app-env.yaml */

static bool
app_pair_finish(qw_kb *kb, void *rec, const qw_node *map, size_t index)
{
	qw_app_pair *p = rec;
	if (p->protocol && !strcmp(p->protocol, "any")) {
		free(p->protocol);
		p->protocol = NULL;
	}
	return true;
}

#define T qw_app_pair
SCHEMA(app_pair_schema, app_pair_finish,
	FLIST("key", key),
	FLIST("base", base),
	FLIST("model", model),
	FSTR("protocol", protocol), /* "any": NULL (app_pair_finish) */
	FSTR("vendor", vendor),
	FSTR("source", source));
#undef T

#define T qw_app_base
SCHEMA(app_base_schema, NULL,
	FLIST("vars", vars),
	FSTR("client", client),
	FSTR("appends", appends),
	FSTR("source", source));
#undef T

static bool
wrong_var_finish(qw_kb *kb, void *rec, const qw_node *map, size_t index)
{
	qw_wrong_var *w = rec;
	const char *sev = qw_map_str(map, "severity");
	w->warning = (sev && !strcmp(sev, "warning")) || w->conf == 'L' || w->conf == 'U';
	return true;
}

#define T qw_wrong_var
SCHEMA(wrong_var_schema, wrong_var_finish,
	FLIST("vars", vars),
	FSTR("prefix", prefix),
	FSTR("when_base_host", when_base_host),
	FBOOL("must_be_empty", must_be_empty),
	FSTR("why", why),
	FSTR("use", use),
	FSTR("source", source),
	FCONF("conf", conf)); /* with severity: warning (wrong_var_finish) */
#undef T

#define T qw_kb
SCHEMA(app_env_schema, NULL,
	FRECS("pairs", app_pairs, app_pair_schema),
	FRECS("base_urls", app_bases, app_base_schema),
	FRECS("wrong_variable", wrong_vars, wrong_var_schema));
#undef T

/* rules/clients.yaml */

#define T qw_client
SCHEMA(client_schema, NULL,
	FSTR("id", id, .flags = KB_REQ),
	FSTR("name", name),
	FSTR("selected_by", selected_by),
	FSTR("tool", tool),
	FSTR("protocol", protocol, .flags = KB_REQ),
	FSTR("appends", appends, .flags = KB_REQ),
	FSTR("key_header", key_header),
	FSTR("source", source),
	FCONF("conf", conf));
#undef T

#define T qw_operation
SCHEMA(operation_schema, NULL,
	FSTR("protocol", protocol, .flags = KB_REQ),
	FSTR("path", path, .flags = KB_REQ),
	FSTR("source", source),
	FCONF("conf", conf));
#undef T

#define T qw_kb
SCHEMA(clients_schema, NULL,
	FRECS("operations", operations, operation_schema),
	FRECS("clients", clients, client_schema));
#undef T

/* rules/models.yaml */

#define T qw_plan_models
SCHEMA(plan_models_schema, NULL,
	FSTR("vendor", vendor, .flags = KB_REQ),
	FSTR("plan", plan, .flags = KB_REQ),
	FSTR("as_of", as_of),
	FSTR("source", source),
	FLIST("models", models),
	FCONF("conf", conf));
#undef T

#define T qw_kb
SCHEMA(models_schema, NULL,
	FRECS("plans", plan_models, plan_models_schema));
#undef T

/* rules/probe.yaml */

/* "models", or "chat" with a model */
static bool
probe_call_finish(qw_kb *kb, void *rec, const qw_node *map, size_t index)
{
	const qw_probe_call *c = rec;
	return !strcmp(c->request, "models") || (!strcmp(c->request, "chat") && c->model);
}

#define T qw_probe_call
SCHEMA(probe_call_schema, probe_call_finish,
	FSTR("vendor", vendor, .flags = KB_REQ),
	FSTR("plan", plan, .flags = KB_REQ),
	FSTR("request", request, .flags = KB_REQ),
	FSTR("model", model),
	FSTR("why", why),
	FSTR("source", source),
	FCONF("conf", conf));
#undef T

#define T qw_probe_answer
SCHEMA(probe_answer_schema, NULL,
	FSTR("vendor", vendor, .flags = KB_REQ),
	FLONG("status", status, .flags = KB_REQ),
	FSTR("body", body, .flags = KB_REQ),
	FSTR("code", code, .flags = KB_REQ),
	FSTR("means", means, .flags = KB_REQ),
	FSTR("source", source),
	FCONF("conf", conf));
#undef T

#define T qw_kb
SCHEMA(probe_schema, NULL,
	FRECS("calls", probe_calls, probe_call_schema),
	FRECS("answers", probe_answers, probe_answer_schema));
#undef T

/* rules/hermes-models.yaml */

#define T qw_str_pair
SCHEMA(vendor_prefix_schema, NULL,
	FSTR("token", a, .flags = KB_REQ),
	FSTR("vendor", b, .flags = KB_REQ));
#undef T

#define T qw_model_class
SCHEMA(model_class_schema, NULL,
	FSTR("kind", kind, .flags = KB_REQ),
	FLIST("providers", providers),
	FSTR("hyphen_prefix", hyphen_prefix),
	FSTR("drop_prefix", drop_prefix),
	FLIST("lowercase", lowercase),
	FSTR("source", source));
#undef T

#define T qw_hermes_models
SCHEMA(hermes_models_schema, NULL,
	FSTR("since", since),
	FSTR("source", source),
	FLIST("calls.main.skipped_for", main_skipped),
	FLIST("calls.fallback.skipped_for", fallback_skipped),
	FMAP("provider_aliases.map", aliases),
	FRECS("vendor_prefixes.list", vendor_prefixes, vendor_prefix_schema),
	FMAP("copilot_aliases.map", copilot_aliases),
	FRECS("classes", classes, model_class_schema),
	FLIST("deepseek_models.canonical", ds_canonical),
	FLIST("deepseek_models.reasoner_keywords", ds_keywords),
	FSTR("deepseek_models.v_series_prefix", ds_v_prefix),
	FSTR("deepseek_models.reasoner", ds_reasoner),
	FSTR("deepseek_models.chat", ds_chat));
#undef T

/* In load order: with --rules-dir, the first file that cannot be read is the one reported. */
const kb_file kb_files[] = {
	{"hermes-providers.yaml", &hermes_providers_schema, 0},
	{"endpoints.yaml", &endpoints_schema, 0},
	{"keys.yaml", &keys_schema, 0},
	{"dify.yaml", &dify_schema, 0},
	{"app-env.yaml", &app_env_schema, 0},
	{"clients.yaml", &clients_schema, 0},
	{"models.yaml", &models_schema, 0},
	{"probe.yaml", &probe_schema, 0},
	{"hermes-models.yaml", &hermes_models_schema, offsetof(qw_kb, hmodels)},
};
const size_t kb_nfiles = sizeof(kb_files) / sizeof(kb_files[0]);
