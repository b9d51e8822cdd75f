/*
 * auth.c - the auth.json rules (QW401-QW405): Hermes's credential store as state that outlives the configuration it
 * was made for (hermes.md §4 "Failed-credential caching", §6). A check reads the set and reports; it owns nothing
 * past its call.
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "edit.h"
#include "keyinfo.h"
#include "model.h"
#include "secret.h"
#include "url.h"
#include "util.h"

static const qw_request *
main_request(const qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++)
		if (!strcmp(set->reqs[i].role, "model"))
			return &set->reqs[i];
	return NULL;
}

static const qw_node *
auth_root(const qw_set *set)
{
	const qw_node *root = set->auth_doc ? set->auth_doc->root : NULL;
	return root && root->type == QW_NODE_MAP ? root : NULL;
}

/* An entry's label as it may be printed: people label entries by hand, and a pasted key must not slip out. The
 * caller frees. */
static char *
shown_label(const qw_kb *kb, const qw_node *entry)
{
	const char *l = qw_map_str(entry, "label");
	if (!l)
		return qw_xstrdup("?");
	if (qw_kb_family(kb, l) || (strlen(l) >= 20 && !strpbrk(l, " \t")))
		return qw_mask(kb, l);
	return qw_xstrdup(l);
}

static bool
holds_token(const qw_node *entry)
{
	const char *t = qw_map_str(entry, "access_token");
	return (t && *t) || qw_map_str(entry, "refresh_token");
}

/* The index of the pair whose value is v in map m (the last one wins in Hermes, so duplicates are left alone). */
static bool
pair_index(const qw_node *m, const qw_node *v, size_t *i)
{
	for (*i = 0; *i < m->npairs; (*i)++)
		if (m->pairs[*i].value == v)
			return true;
	return false;
}

/* Equal as base URLs: a trailing '/' does not count (Hermes strips it). */
static bool
same_url(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	while (la && a[la - 1] == '/')
		la--;
	while (lb && b[lb - 1] == '/')
		lb--;
	return la == lb && !memcmp(a, b, la);
}

/* The URL the configuration gives provider p: model.base_url when model.provider names it, else its
 * <X>_BASE_URL in .env. NULL when neither. */
static const char *
configured_url(qw_ctx *ctx, const qw_set *set, const char *provider, const char **where)
{
	const qw_node *m = qw_model_section(set);
	const char *mp = qw_map_str(m, "provider");
	const qw_provider *p = qw_kb_provider(ctx->kb, provider);
	const qw_provider *named = mp ? qw_kb_provider(ctx->kb, mp) : NULL;
	const char *mb = qw_map_str(m, "base_url");
	if (named && p && named == p && mb && *mb && !strstr(mb, "${")) {
		*where = "model.base_url";
		return mb;
	}
	const qw_envvar *v = p && p->base_url_env ? qw_model_env(set, p->base_url_env) : NULL;
	if (v) {
		*where = p->base_url_env;
		return v->env_value;
	}
	return NULL;
}

/* The configured URL a manual entry of p holding eu overrides, or NULL when Hermes would use the configured one
 * (or none is configured): model.base_url replaces an entry holding the registry default, <X>_BASE_URL never
 * does (hermes.md §6). */
static const char *
overridden_url(qw_ctx *ctx, const qw_set *set, const qw_provider *p, const char *eu, const char **where)
{
	const char *cu = configured_url(ctx, set, p->id, where);
	if (!cu || same_url(cu, eu))
		return NULL;
	if (p->default_base_url && same_url(eu, p->default_base_url) && !strcmp(*where, "model.base_url"))
		return NULL;
	return cu;
}

static void
remove_entry(qw_finding *fd, qw_set *set, const qw_node *list, size_t i, int safety, const char *provider)
{
	const qw_node *e = list->items[i];
	qw_fixit *x = qw_fixit_new(fd, set->auth, safety, "remove the entry from credential_pool.%s", provider);
	qw_edit_json_remove(x, list, i);
	char *key = qw_xprintf("credential_pool.%s", provider);
	qw_fixit_key(x, key);
	free(key);
	if (holds_token(e))
		qw_fixit_backup(x);
}

static void
check_stale_pool(qw_ctx *ctx, qw_set *set)
{
	const qw_node *root = auth_root(set);
	const qw_node *pool = qw_map_get(root, "credential_pool");
	if (!pool || pool->type != QW_NODE_MAP)
		return;
	const qw_request *r = main_request(set);
	for (size_t k = 0; k < pool->npairs; k++) {
		const char *prov = qw_node_str(pool->pairs[k].key);
		const qw_node *list = pool->pairs[k].value;
		if (!prov || !list || list->type != QW_NODE_SEQ || qw_map_get(pool, prov) != list)
			continue;
		if (qw_startswith(prov, "custom:") && set->config_doc && !qw_model_custom_exists(set, prov + 7)) {
			qw_finding *fd = qw_report(ctx, &QW401, set->auth, pool->pairs[k].key->span,
						   "credential_pool holds entries for %s, which config.yaml no longer "
						   "defines (no providers: or custom_providers: entry of that name)",
						   prov);
			qw_trace(fd, "Hermes keys a named custom endpoint's pool as custom:<name> (hermes_cli/runtime_provider.py:_try_resolve_from_custom_pool at 306e2d2); with the "
				     "entry gone from config.yaml nothing reads this pool");
			qw_fix_hint(fd, "remove credential_pool.%s from auth.json", prov);
			qw_fixit *x = qw_fixit_new(fd, set->auth, QW_FIX_SAFE, "remove credential_pool.%s", prov);
			qw_edit_json_remove(x, pool, k);
			char *key = qw_xprintf("credential_pool.%s", prov);
			qw_fixit_key(x, key);
			free(key);
			for (size_t i = 0; i < list->nitems; i++)
				if (holds_token(list->items[i]))
					qw_fixit_backup(x);
			continue;
		}
		for (size_t i = 0; i < list->nitems; i++) {
			const qw_node *e = list->items[i];
			if (!e || e->type != QW_NODE_MAP)
				continue;
			const qw_pair *st = qw_map_pair(e, "last_status");
			const char *sts = st ? qw_node_str(st->value) : NULL;
			const char *code = qw_map_str(e, "last_error_code");
			const char *src_s = qw_map_str(e, "source");
			char *label = shown_label(ctx->kb, e);
			const qw_pair *bu = qw_map_pair(e, "base_url");
			const char *eu = bu ? qw_node_str(bu->value) : NULL;
			const qw_provider *p = qw_kb_provider(ctx->kb, prov);
			const char *cu = NULL, *where = NULL;
			if (sts && (!strcmp(sts, "exhausted") || !strcmp(sts, "dead")) && code &&
			    (!strcmp(code, "401") || !strcmp(code, "403"))) {
				qw_finding *fd = qw_report(ctx, &QW401, set->auth, st->value->span,
							   "credential_pool.%s entry \"%s\" was rejected with HTTP %s and "
							   "marked %s",
							   prov, label, code, sts);
				qw_trace(fd, "Hermes retries an exhausted entry after its cooldown (5 minutes after a 401) "
					     "and prunes a dead manual entry only after 24 hours (agent/credential_pool.py:_available_entries at 306e2d2)");
				if (src_s && qw_startswith(src_s, "manual"))
					qw_trace(fd, "a manual entry keeps the rejected key; Hermes uses it before any key "
						     "in .env once the cooldown ends");
				else
					qw_finding_set_severity(fd, QW_SEV_INFO); /* no key of its own: only state */
				qw_fix_hint(fd, "remove the entry; `hermes auth add %s` adds a working key again", prov);
				remove_entry(fd, set, list, i, QW_FIX_SAFE, prov);
			} else if (src_s && qw_startswith(src_s, "manual") && eu && r && r->provider &&
				   !strcmp(r->provider, prov) && p && (cu = overridden_url(ctx, set, p, eu, &where))) {
				char *shown = qw_url_shown(eu);
				char *cshown = qw_url_shown(cu);
				qw_finding *fd = qw_report(ctx, &QW401, set->auth, bu->value->span,
							   "the manual credential_pool.%s entry \"%s\" sends to %s, not to "
							   "%s from %s",
							   prov, label, shown, cshown, where);
				qw_trace(fd, "Hermes consults the pool before .env; a manual entry keeps the base URL it was "
					     "added with, and model.base_url replaces it only when it is the registry default "
					     "(hermes_cli/runtime_provider.py:_resolve_runtime_from_pool_entry at 306e2d2)");
				qw_fix_hint(fd, "remove the entry (`hermes auth remove %s`), or add it again for the new "
						"endpoint",
					    prov);
				remove_entry(fd, set, list, i, QW_FIX_UNSAFE, prov);
				free(shown);
				free(cshown);
			} else if (src_s && qw_startswith(src_s, "env:") && src_s[4] && set->dotenv &&
				   !qw_dotenv_get(set->dotenv, src_s + 4) && !qw_map_get(e, "secret_source")) {
				/* without a .env the variable may come from the shell, and with a secret_source from
				 * Bitwarden or 1Password: neither is read by qwlint */
				qw_finding *fd = qw_report(ctx, &QW401, set->auth, qw_map_pair(e, "source")->value->span,
							   "credential_pool.%s entry borrows %s, which the home's .env does "
							   "not set",
							   prov, src_s + 4);
				qw_finding_set_severity(fd, QW_SEV_INFO);
				qw_trace(fd, "env-seeded entries hold no key; Hermes skips them while the variable is gone "
					     "and seeds them again when it comes back (agent/credential_pool.py:_seed_from_env at 306e2d2)");
				qw_fix_hint(fd, "remove the entry");
				remove_entry(fd, set, list, i, QW_FIX_SAFE, prov);
			}
			free(label);
		}
	}
}

const qw_rule QW401 = {
	.id = "QW401", .name = "stale-credential-pool-entry",
	.severity = QW_SEV_WARNING, .check = check_stale_pool, .fix = QW_FIX_SAFE,
	.summary = "an auth.json credential pool entry is stale",
	.doc = "Entries Hermes marked exhausted or dead after HTTP 401/403 (retried after the cooldown, a manual one "
	    "before any key in .env), a manual entry of the provider in use whose own base URL overrides the "
	    "configured endpoint (unsafe repair), pools of custom:<name> endpoints config.yaml no longer defines, and "
	    "(info) env-seeded entries whose variable .env no longer sets (agent/credential_pool.py:_seed_from_env at "
	    "306e2d2). The repair removes them; an entry holding a token is backed up first.",
	.fixdoc = "--fix removes the entry (or the pool), backing up an entry that holds a token first (safe; unsafe "
	    "for a manual entry that overrides the configured endpoint).",
	.repair = "remove the stale pool entry",
	.repair_safety = "safe (a manual entry whose own URL overrides the configured endpoint: unsafe)",
};

static void
check_stale_state(qw_ctx *ctx, qw_set *set)
{
	const qw_node *root = auth_root(set);
	const qw_pair *ap = qw_map_pair(root, "active_provider");
	const char *aps = ap ? qw_node_str(ap->value) : NULL;
	const qw_node *m = qw_model_section(set);
	const char *mp = qw_map_str(m, "provider");
	const qw_request *r = main_request(set);
	if (!aps || !*aps || !mp || !*mp || !strcmp(mp, "auto") || !r || !r->provider)
		return;
	if (!strcmp(aps, r->provider) || !strcmp(aps, mp))
		return;
	qw_finding *fd = qw_report(ctx, &QW402, set->auth, ap->value->span,
				   "active_provider is %s, but config.yaml selects %s", aps, r->provider);
	qw_trace(fd, "with an explicit model.provider Hermes never consults active_provider; `hermes model` clears it "
		     "when switching to an API-key or custom provider, a hand edit of config.yaml does not "
		     "(hermes_cli/auth.py:deactivate_provider at 306e2d2)");
	qw_trace(fd, "it comes back into play as soon as model.provider is auto again");
	qw_fix_hint(fd, "remove active_provider from auth.json");
	size_t i;
	if (!pair_index(root, ap->value, &i))
		return;
	qw_fixit *x = qw_fixit_new(fd, set->auth, QW_FIX_SAFE, "remove active_provider");
	qw_edit_json_remove(x, root, i);
	qw_fixit_key(x, "active_provider");
}

const qw_rule QW402 = {
	.id = "QW402", .name = "stale-provider-state",
	.severity = QW_SEV_WARNING, .check = check_stale_state, .fix = QW_FIX_SAFE,
	.summary = "auth.json's active_provider contradicts model.provider",
	.doc = "With an explicit model.provider Hermes ignores active_provider, but it is used again as soon as the "
	    "provider is auto; `hermes model` clears it, a hand edit does not "
	    "(hermes_cli/auth.py:deactivate_provider, hermes_cli/runtime_provider.py:resolve_runtime_provider at "
	    "306e2d2).",
	.fixdoc = "--fix removes active_provider (safe).",
	.repair = "remove `active_provider`",
};

static void
check_suppressed_env(qw_ctx *ctx, qw_set *set)
{
	const qw_node *sup = qw_map_get(auth_root(set), "suppressed_sources");
	const qw_request *r = main_request(set);
	if (!sup || sup->type != QW_NODE_MAP || !r || !r->provider)
		return;
	const qw_node *list = qw_map_get(sup, r->provider);
	for (size_t i = 0; list && list->type == QW_NODE_SEQ && i < list->nitems; i++) {
		const char *s = qw_node_str(list->items[i]);
		if (!s || !qw_startswith(s, "env:"))
			continue;
		const qw_envvar *v = qw_model_env(set, s + 4);
		if (!v)
			continue;
		qw_finding *fd = qw_report(ctx, &QW403, set->auth, list->items[i]->span,
					   "%s is set in .env, but suppressed_sources.%s hides it: Hermes does not seed it "
					   "into %s's credential pool",
					   s + 4, r->provider, r->provider);
		qw_trace(fd, "`hermes auth remove` writes env:<VAR> into suppressed_sources so the removed key is not "
			     "added back from .env (agent/credential_pool.py:_seed_from_env at 306e2d2)");
		qw_trace(fd, "whether Hermes still reads the variable directly when the pool is empty is not established, "
			     "hence a warning");
		qw_fix_hint(fd, "if the key in .env is the one you want, remove \"%s\" from suppressed_sources.%s", s,
			    r->provider);
		qw_fixit *x = qw_fixit_new(fd, set->auth, QW_FIX_UNSAFE, "remove \"%s\" from suppressed_sources.%s", s,
					   r->provider);
		qw_edit_json_remove(x, list, i);
		char *key = qw_xprintf("suppressed_sources.%s", r->provider);
		qw_fixit_key(x, key);
		free(key);
	}
}

const qw_rule QW403 = {
	.id = "QW403", .name = "suppressed-env-source",
	.severity = QW_SEV_WARNING, .check = check_suppressed_env, .fix = QW_FIX_UNSAFE,
	.summary = "suppressed_sources hides a key that .env sets for the provider in use",
	.doc = "`hermes auth remove` records env:<VAR> in suppressed_sources so the key is not seeded into the pool "
	    "again; after putting a new key into .env it stays hidden (agent/credential_pool.py:_seed_from_env at "
	    "306e2d2).",
	.fixdoc = "--fix removes the env:<VAR> entry from suppressed_sources (unsafe: its effect on resolution is not "
	    "established).",
	.repair = "remove the `env:<VAR>` item from `suppressed_sources`",
};

/* A JSON number member of an entry, as _available_entries compares it with time.time(). */
static bool
entry_num(const qw_node *e, const char *name, double *out)
{
	const qw_node *n = qw_map_get(e, name);
	if (!n || n->type != QW_NODE_SCALAR || !n->plain || !n->str || !*n->str)
		return false;
	char *end;
	*out = strtod(n->str, &end);
	return !*end;
}

/* An exhausted entry whose cooldown has passed (or that has no time: Hermes treats it as available) is used
 * again: the old key's status no longer keeps the new key out. A time qwlint cannot read counts as pending. */
static bool
cooldown_over(const qw_node *e)
{
	double reset = 0, at = 0, code = 0;
	bool has_reset = entry_num(e, "last_error_reset_at", &reset) && reset > 0;
	bool has_at = entry_num(e, "last_status_at", &at) && at != 0;
	const qw_node *rn = qw_map_get(e, "last_error_reset_at"), *an = qw_map_get(e, "last_status_at");
	if ((rn && !qw_node_is_null(rn) && !has_reset) || (an && !qw_node_is_null(an) && !has_at))
		return false; /* a form not read here (an ISO string): do not guess */
	if (!has_reset && !has_at)
		return true;
	double until = has_reset ? reset
				 : at + (entry_num(e, "last_error_code", &code) && code == 401 ? 5 * 60 : 60 * 60);
	return (double)time(NULL) >= until;
}

/* The members of an entry that hold Hermes's record of its last failure: the repair sets them to null, which is
 * what Hermes writes for an entry with no failure recorded. */
static const char *const status_members[] = {"last_status",	  "last_status_at",	"last_error_code",
					     "last_error_reason", "last_error_message", "last_error_reset_at"};

static void
check_rotated_pool_status(qw_ctx *ctx, qw_set *set)
{
	const qw_node *pool = qw_map_get(auth_root(set), "credential_pool");
	if (!pool || pool->type != QW_NODE_MAP || !set->dotenv)
		return;
	for (size_t k = 0; k < pool->npairs; k++) {
		const char *prov = qw_node_str(pool->pairs[k].key);
		const qw_node *list = pool->pairs[k].value;
		if (!prov || !list || list->type != QW_NODE_SEQ || qw_map_get(pool, prov) != list)
			continue;
		for (size_t i = 0; i < list->nitems; i++) {
			const qw_node *e = list->items[i];
			if (!e || e->type != QW_NODE_MAP)
				continue;
			const qw_pair *st = qw_map_pair(e, "last_status");
			const char *sts = st ? qw_node_str(st->value) : NULL;
			const char *src_s = qw_map_str(e, "source");
			const char *fp = qw_map_str(e, "secret_fingerprint");
			if (!sts || (strcmp(sts, "exhausted") && strcmp(sts, "dead")) || !src_s ||
			    !qw_startswith(src_s, "env:") || !src_s[4] || !fp || !*fp)
				continue;
			if (!strcmp(sts, "exhausted") && cooldown_over(e))
				continue;
			const qw_envvar *v = qw_dotenv_get(set->dotenv, src_s + 4);
			if (!v)
				continue;
			/* _get_env_prefer_dotenv: Hermes's own reader's value, stripped, else os.environ's */
			size_t n;
			const char *t = qw_trim(v->hermes_value ? v->hermes_value : "", &n);
			if (!n)
				t = qw_trim(v->env_value ? v->env_value : "", &n);
			if (!n)
				continue;
			char *key = qw_xstrndup(t, n);
			char *cur = qw_fingerprint(key);
			free(key);
			bool rotated = strcmp(cur, fp) != 0;
			free(cur);
			if (!rotated)
				continue; /* the same key: the cooldown is real */
			qw_finding *fd = qw_report(ctx, &QW405, set->auth, st->value->span,
						   "credential_pool.%s entry %s is still marked %s, but %s was rotated since "
						   "it was marked (.env holds another key): Hermes keeps skipping the new key "
						   "(hermes-agent #119162)",
						   prov, src_s, sts, src_s + 4);
			qw_trace(fd, "the entry's secret_fingerprint is not the fingerprint of the key .env sets now");
			qw_trace(fd, "assumes hermes-agent #119162 (open): _merge_disk_cooldown_state detects a rotated key "
				     "only through access_token, which env-seeded entries do not store, so the %s status "
				     "stays and Hermes keeps skipping the new key",
				 sts);
			qw_fix_hint(fd, "clear the entry's status: `hermes auth reset %s`", prov);
			qw_fixit *x = qw_fixit_new(fd, set->auth, QW_FIX_SAFE,
						   "clear the %s status of credential_pool.%s's %s entry", sts, prov, src_s);
			for (size_t m = 0; m < sizeof status_members / sizeof *status_members; m++) {
				const qw_pair *pm = qw_map_pair(e, status_members[m]);
				if (pm && pm->value && !qw_node_is_null(pm->value))
					qw_fixit_edit(x, pm->value->span.start, pm->value->span.end, "null");
			}
			char *path = qw_xprintf("credential_pool.%s[%zu]", prov, i);
			qw_fixit_key(x, path);
			free(path);
		}
	}
}

const qw_rule QW405 = {
	.id = "QW405", .name = "pool-status-outlives-rotated-key",
	.severity = QW_SEV_WARNING, .check = check_rotated_pool_status, .fix = QW_FIX_SAFE,
	.summary = "an env-seeded pool entry stays exhausted or dead after its key was rotated",
	.doc = "An entry seeded from env:<VAR> stores only the key's secret_fingerprint; when .env now holds a key "
	    "whose fingerprint differs, the exhausted or dead status belongs to the old key (an exhausted one only "
	    "while its cooldown lasts: after it Hermes uses the entry again). Assumes hermes-agent #119162 (open): "
	    "_merge_disk_cooldown_state notices a rotation only through access_token, so the status stays and Hermes "
	    "keeps skipping the new key. A single report, hence a warning.",
	.fixdoc = "--fix sets the entry's last_status, last_status_at and last_error_* members to null, as Hermes "
	    "writes them for an entry with no failure (safe); by hand: `hermes auth reset <provider>`.",
	.repair = "set the entry's `last_status`, `last_status_at` and `last_error_*` members to null, as Hermes "
	    "writes an entry with no failure",
};

static void
shape(qw_ctx *ctx, qw_set *set, const qw_node *n, const char *what, const char *want)
{
	qw_finding *fd = qw_report(ctx, &QW404, set->auth, n->span, "%s is not %s", what, want);
	qw_trace(fd, "Hermes reads auth.json with fixed expectations (hermes_cli/auth.py:_load_auth_store at 306e2d2); what it does with a value of "
		     "the wrong type is not established: at best it is ignored, at worst the store is treated as "
		     "corrupt and replaced by an empty one");
	qw_fix_hint(fd, "restore auth.json from a backup, or move it away and log in again");
}

static void
check_auth_shape(qw_ctx *ctx, qw_set *set)
{
	const qw_node *root = set->auth_doc ? set->auth_doc->root : NULL;
	if (!root)
		return;
	if (root->type != QW_NODE_MAP) {
		shape(ctx, set, root, "auth.json", "a JSON object");
		return;
	}
	static const char *const maps[] = {"credential_pool", "providers", "suppressed_sources"};
	for (int k = 0; k < 3; k++) {
		const qw_node *v = qw_map_get(root, maps[k]);
		if (v && v->type != QW_NODE_MAP && !qw_node_is_null(v))
			shape(ctx, set, v, maps[k], "an object");
	}
	const qw_node *pool = qw_map_get(root, "credential_pool");
	for (size_t i = 0; pool && pool->type == QW_NODE_MAP && i < pool->npairs; i++) {
		const qw_node *l = pool->pairs[i].value;
		const char *prov = qw_node_str(pool->pairs[i].key);
		char *what = qw_xprintf("credential_pool.%s", prov ? prov : "?");
		if (l && l->type != QW_NODE_SEQ)
			shape(ctx, set, l, what, "a list of entries");
		for (size_t j = 0; l && l->type == QW_NODE_SEQ && j < l->nitems; j++)
			if (l->items[j]->type != QW_NODE_MAP) {
				char *w = qw_xprintf("%s[%zu]", what, j);
				shape(ctx, set, l->items[j], w, "an entry object");
				free(w);
			}
		free(what);
	}
}

const qw_rule QW404 = {
	.id = "QW404", .name = "corrupt-auth-store",
	.severity = QW_SEV_WARNING, .check = check_auth_shape, .fix = QW_FIX_NONE,
	.summary = "auth.json is JSON of the wrong shape",
	.doc = "The root, credential_pool, providers or suppressed_sources, a pool or an entry has the wrong type. "
	    "What Hermes does with it is not established (unreadable JSON is QW002: Hermes moves the file to "
	    "auth.json.corrupt and starts with an empty store).",
	.fixdoc = "By hand: give the part the type the message names.",
};
