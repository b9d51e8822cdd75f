/* kb.c - see kb.h: loading and freeing the knowledge files through their tables (kb_schema.c), and the lookups.
 * Layout and schema: kb_impl.h; Hermes versions and provider names: kb_version.c; the files: rules/README.md. */
#include "kb.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embedded.h"
#include "kb_impl.h"
#include "parse.h"
#include "secret.h"
#include "util.h"

/* The built-in knowledge file name's tree (compiled by tools/genkb.c), or NULL. */
static const qw_node *
builtin_tree(const char *name)
{
	for (size_t i = 0; i < qw_embedded_rule_trees_count; i++)
		if (!strcmp(qw_embedded_rule_trees[i].name, name))
			return qw_embedded_rule_trees[i].root;
	return NULL;
}

static void
load_root(qw_kb *kb, const kb_file *f, const qw_node *root)
{
	kb_load_record(kb, f->schema, root, (char *)kb + f->off, 0);
}

/* rules_dir/f's name read, parsed and loaded; -1 with err filled when it cannot be. */
static int
load_file(qw_kb *kb, const char *rules_dir, const kb_file *f, char *err, size_t errlen)
{
	char *path = qw_path_join(rules_dir, f->name);
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
		load_root(kb, f, doc->root);
	}
	qw_doc_free(doc);
	qw_source_free(src);
	return rc;
}

qw_kb *
qw_kb_load(const char *rules_dir, char *err, size_t errlen)
{
	qw_kb *kb = qw_xcalloc(1, sizeof(*kb));
	for (size_t i = 0; i < kb_nfiles; i++) {
		const kb_file *f = &kb_files[i];
		if (rules_dir) {
			if (load_file(kb, rules_dir, f, err, errlen)) {
				qw_kb_free(kb);
				return NULL;
			}
			continue;
		}
		const qw_node *root = builtin_tree(f->name);
		if (!root) {
			snprintf(err, errlen, "built-in rules file %s is missing", f->name);
			qw_kb_free(kb);
			return NULL;
		}
		load_root(kb, f, root);
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
	kb_free_versions(kb); /* first: it reads the rows */
	for (size_t i = 0; i < kb_nfiles; i++)
		kb_free_record(kb_files[i].schema, (char *)kb + kb_files[i].off);
	free(kb->bad);
	free(kb);
}

/* ---- lookups ---- */

/* have: a string of the knowledge; want: what is asked. */
typedef bool (*match_fn)(const char *have, const char *want);

static bool
eq(const char *have, const char *want)
{
	return !strcmp(have, want);
}

static bool
eq_nocase(const char *have, const char *want)
{
	return qw_streq_nocase(have, want);
}

static bool
prefix_of(const char *prefix, const char *s)
{
	return qw_startswith(s, prefix);
}

/* pattern: an exact host, or "*.suffix" (one or more labels before suffix). */
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

/* host is the domain d or a subdomain of it. */
static bool
domain_of(const char *d, const char *host)
{
	size_t lh = strlen(host), ld = strlen(d);
	return !strcmp(host, d) || (lh > ld && host[lh - ld - 1] == '.' && !strcmp(host + lh - ld, d));
}

/* One of list's n strings matches want. */
static bool
in_list(char *const *list, size_t n, const char *want, match_fn m)
{
	for (size_t i = 0; i < n; i++)
		if (m(list[i], want))
			return true;
	return false;
}

typedef struct rec_key {
	size_t off; /* of a char * in the record */
	const char *want;
	match_fn m; /* NULL: no key */
} rec_key;

static bool
key_matches(const char *rec, rec_key k)
{
	const char *have = *(char *const *)(rec + k.off);
	return !k.m || (have && k.want && k.m(have, k.want));
}

/* The first of n records (size bytes each) that both keys match, or NULL. A record without the string, or a
 * NULL asked for, matches nothing. */
static const void *
find_rec(const void *recs, size_t n, size_t size, rec_key k1, rec_key k2)
{
	for (size_t i = 0; i < n; i++) {
		const char *r = (const char *)recs + i * size;
		if (key_matches(r, k1) && key_matches(r, k2))
			return r;
	}
	return NULL;
}

/* The first record of kb->xs (kb->nxs of them) whose member f1 matches w1 by m1, and f2 w2 by m2; or NULL. */
#define FIND2(xs, f1, w1, m1, f2, w2, m2)                                                                        \
	((const __typeof__(*kb->xs) *)find_rec(kb->xs, kb->n##xs, sizeof(*kb->xs),                                \
					       (rec_key){offsetof(__typeof__(*kb->xs), f1), (w1), (m1)},           \
					       (rec_key){offsetof(__typeof__(*kb->xs), f2), (w2), (m2)}))
#define FIND(xs, f, w, m) FIND2(xs, f, w, m, f, NULL, NULL)

bool
qw_kb_hermes_only_env(const qw_kb *kb, const char *var)
{
	return in_list(kb->hermes_only_env, kb->nhermes_only_env, var, eq);
}

bool
qw_kb_auto_bypass_excluded(const qw_kb *kb, const char *host)
{
	return in_list(kb->bypass_hosts, kb->nbypass_hosts, host, domain_of);
}

const char *
qw_kb_hermes_commit(const qw_kb *kb)
{
	return kb->hermes_commit ? kb->hermes_commit : "unknown";
}

const qw_hermes_models *
qw_kb_hermes_models(const qw_kb *kb)
{
	return &kb->hmodels;
}

bool
qw_provider_cfg_url_host(const qw_provider *p, const char *host)
{
	return in_list(p->cfg_url_hosts, p->ncfg_url_hosts, host, host_matches);
}

const qw_host *
qw_kb_host(const qw_kb *kb, const char *host)
{
	return FIND(hosts, pattern, host, host_matches);
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
	return !h->nonly_keys || in_list(h->only_keys, h->nonly_keys, key, prefix_of);
}

bool
qw_kb_region_bound(const qw_kb *kb, const char *vendor)
{
	return in_list(kb->region_bound, kb->nregion_bound, vendor, eq);
}

const qw_app_pair *
qw_kb_app_pairs(const qw_kb *kb, size_t *n)
{
	*n = kb->napp_pairs;
	return kb->app_pairs;
}

const qw_client *
qw_kb_client(const qw_kb *kb, const char *id)
{
	for (size_t i = 0; id && i < kb->nclients; i++)
		if (!strcmp(kb->clients[i].id, id))
			return &kb->clients[i];
	return NULL;
}

const qw_client *
qw_kb_client_selected_by(const qw_kb *kb, const char *tool, const char *value)
{
	for (size_t i = 0; value && i < kb->nclients; i++)
		if (kb->clients[i].selected_by && !strcmp(kb->clients[i].selected_by, value) && kb->clients[i].tool &&
		    !strcmp(kb->clients[i].tool, tool))
			return &kb->clients[i];
	return NULL;
}

const char *
qw_kb_client_suffix(const qw_kb *kb, const qw_client *c, size_t *len)
{
	for (size_t i = 0; c && i < kb->noperations; i++) {
		const qw_operation *op = &kb->operations[i];
		size_t n = strlen(op->path), a = strlen(c->appends);
		if (strcmp(op->protocol, c->protocol) || a > n || strcmp(op->path + n - a, c->appends))
			continue;
		*len = n - a;
		return op->path;
	}
	return NULL;
}

const qw_app_base *
qw_kb_app_base(const qw_kb *kb, const char *var)
{
	for (size_t i = 0; i < kb->napp_bases; i++)
		if (in_list(kb->app_bases[i].vars, kb->app_bases[i].nvars, var, eq))
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
	return FIND(shapes, vendor, vendor, eq);
}

const qw_plan_models *
qw_kb_plan_models(const qw_kb *kb, const char *vendor, const char *plan)
{
	return FIND2(plan_models, vendor, vendor, eq, plan, plan, eq);
}

const qw_lookalike *
qw_kb_lookalike(const qw_kb *kb, const char *host)
{
	return FIND(lookalikes, host, host, host_matches);
}

const char *
qw_kb_plan_name(const qw_kb *kb, const char *plan)
{
	const qw_kb_name *n = FIND(plans, id, plan, eq);
	return n ? n->name : plan;
}

const char *
qw_kb_region_name(const qw_kb *kb, const char *region, const char *vendor)
{
	const qw_kb_name *n = FIND(regions, id, region, eq);
	if (!n)
		return region;
	for (size_t i = 0; vendor && i < n->nvendors; i++)
		if (!strcmp(n->vendors[i].a, vendor))
			return n->vendors[i].b;
	return n->name;
}

char *
qw_kb_plan_base(const qw_kb *kb, const char *vendor, const char *plan, const char *region, const char *protocol)
{
	for (size_t i = 0; i < kb->nhosts; i++) {
		const qw_host *h = &kb->hosts[i];
		if (h->pattern[0] == '*' || strcmp(h->vendor, vendor) || strcmp(h->region, region))
			continue;
		for (size_t k = 0; k < h->npaths; k++)
			if (!strcmp(h->paths[k].protocol, protocol) && !strcmp(qw_host_plan(h, &h->paths[k]), plan))
				return qw_xprintf("https://%s%s", h->pattern, h->paths[k].path);
	}
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
	return in_list(f->plans, f->nplans, plan, eq);
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
	bool hit = in_list(kb->no_key, kb->nno_key, t, eq_nocase);
	free(t);
	return hit;
}

bool
qw_kb_placeholder(const qw_kb *kb, const char *value)
{
	return in_list(kb->placeholders, kb->nplaceholders, value, eq_nocase);
}

/* ---- Dify ---- */

bool
qw_kb_dify_marker(const qw_kb *kb, const char *var)
{
	return in_list(kb->dify_markers, kb->ndify_markers, var, eq);
}

const qw_dify_secret *
qw_kb_dify_default(const qw_kb *kb, const char *var, const char *value)
{
	return FIND2(dify_secrets, var, var, eq, value, value, eq);
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
	const struct plugin_provider *pp = FIND(plugin_providers, plugin, plugin, eq);
	return pp ? pp->provider : NULL;
}

const qw_removed_models *
qw_kb_removed_model(const qw_kb *kb, const char *plugin, const char *model, const char *version)
{
	for (size_t i = 0; i < kb->nremoved; i++) {
		const qw_removed_models *r = &kb->removed[i];
		if (r->plugin && !strcmp(r->plugin, plugin) && r->since && qw_version_cmp(version, r->since) >= 0 &&
		    in_list(r->models, r->nmodels, model, eq))
			return r;
	}
	return NULL;
}

const qw_region_model *
qw_kb_region_model(const qw_kb *kb, const char *plugin, const char *model)
{
	return FIND2(region_models, plugin, plugin, eq, prefix, model, prefix_of);
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
	return FIND2(probe_calls, vendor, vendor, eq, plan, plan, eq);
}

bool
qw_kb_probe_vendor(const qw_kb *kb, const char *vendor)
{
	return FIND(probe_calls, vendor, vendor, eq) != NULL;
}

const qw_probe_answer *
qw_kb_probe_answers(const qw_kb *kb, size_t *n)
{
	*n = kb->nprobe_answers;
	return kb->probe_answers;
}

const char *const *
qw_kb_dify_db_fields(const qw_kb *kb, size_t *n)
{
	*n = kb->ndify_db_fields;
	return (const char *const *)kb->dify_db_fields;
}

const char *
qw_kb_tongyi_base(const qw_kb *kb, bool intl)
{
	return intl ? kb->tongyi_intl_base : kb->tongyi_base;
}

qw_api_host_facts
qw_kb_tongyi_api_host(const qw_kb *kb)
{
	return (qw_api_host_facts){.since = kb->api_host_since,
				   .absent_to = kb->api_host_absent_to,
				   .source = kb->api_host_source,
				   .paths = (const char *const *)kb->api_host_paths,
				   .npaths = kb->napi_host_paths};
}
