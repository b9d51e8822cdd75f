/*
 * pool.c - Hermes's credential pool (agent/credential_pool.py and hermes_cli/auth.py at 306e2d2): load_pool's
 * entries (read by pool_read.c), its seeding from .env and from a custom provider's config, the pruning of stale
 * seeded entries, suppressed sources, priorities, and select()/peek() over the entries not dead or cooling down.
 * Written from reading Hermes's code; every function cites the one it mirrors. qwlint never writes auth.json: what
 * Hermes would persist (cleared cool-downs, a round_robin rotation, seeded entries, borrowed entries without their
 * secrets) is only predicted, and a second load_pool in the same run reads the borrowed entries back without their
 * secrets.
 *
 * Not modelled: OAuth singletons and their refresh (claude_code, hermes_pkce, device_code: qwlint assumes no
 * credential file outside the home, as Hermes run with an empty HOME finds none), the 1Password op:// path, the
 * shell environment (Hermes's .env view only), the z.ai endpoint probe (network).
 */
#include "pool_int.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse.h"
#include "secret.h"
#include "util.h"

/* ---- entries ---- */
static void
pent_free(pent *e)
{
	free(e->source);
	free(e->label);
	free(e->token);
	free(e->base_url);
	free(e->last_status);
	free(e->what);
	free(e->key_var);
}

static void
pool_free(pool *pl)
{
	for (size_t i = 0; i < pl->n; i++)
		pent_free(&pl->v[i]);
	free(pl->v);
	free(pl->strategy);
	if (pl->root_doc)
		qw_doc_free(pl->root_doc);
	if (pl->root_src)
		qw_source_free(pl->root_src);
}

static bool
is_manual(const char *source)
{
	char *s = qw_pool_pystrip(source);
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	bool m = !strcmp(s, "manual") || qw_startswith(s, "manual:");
	free(s);
	return m;
}

/* is_borrowed_credential_source */
static bool
is_borrowed(const char *source, const char *provider)
{
	static const char *owned[][2] = {{"anthropic", "hermes_pkce"}, {"minimax-oauth", "oauth"},
					 {"nous", "device_code"}, {"openai-codex", "device_code"},
					 {"xai-oauth", "device_code"}};
	char *s = qw_pool_pystrip(source);
	for (char *p = s; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	bool b = *s && strcmp(s, "manual") && !qw_startswith(s, "manual:");
	for (size_t i = 0; b && i < sizeof owned / sizeof owned[0]; i++)
		if (!strcmp(owned[i][0], provider) && !strcmp(owned[i][1], s))
			b = false;
	free(s);
	return b;
}

/* PooledCredential.from_dict, for one auth.json entry; false when Hermes raises on it. reloaded: the entry as
 * write_credential_pool stored it back (sanitize_borrowed_credential_payload: a borrowed entry without its
 * access_token). */
static bool
pent_from_node(pool *pl, const qw_node *e, qw_source *src, const char *where, bool reloaded)
{
	if (!e || e->type != QW_NODE_MAP)
		return false;
	pent x = {0};
	const qw_node *sn = qw_map_get(e, "source");
	if (sn && !qw_pool_node_is_string(sn))
		return false; /* None or a number: _prune_stale_seeded_entries calls .startswith on it */
	x.source = qw_xstrdup(sn ? sn->str : "manual");
	const qw_node *tn = qw_map_get(e, "access_token");
	const char *tok = qw_pool_node_text(tn);
	x.token = qw_xstrdup(tok ? tok : "");
	if (tok && tn) {
		x.src = src;
		x.span = tn->span;
	}
	const char *bu = qw_pool_node_text(qw_map_get(e, "base_url"));
	x.base_url = bu ? qw_xstrdup(bu) : NULL;
	const char *lb = qw_pool_node_text(qw_map_get(e, "label"));
	x.label = qw_xstrdup(lb ? lb : x.source);
	const char *at = qw_pool_node_text(qw_map_get(e, "auth_type"));
	x.oauth = at && strcmp(at, "api_key");
	if (!strcmp(pl->provider, "anthropic") && qw_startswith(x.token, "sk-ant-oat"))
		x.oauth = true; /* _normalize_pool_auth_type */
	const qw_node *pn = qw_map_pair(e, "priority") ? qw_map_get(e, "priority") : NULL;
	if (!qw_map_pair(e, "priority")) {
		x.prio_kind = PRIO_NUM;
	} else if (qw_pool_node_num(pn, &x.prio)) {
		x.prio_kind = PRIO_NUM;
	} else if (qw_pool_node_is_string(pn)) {
		x.prio_kind = PRIO_STR;
		x.prio_s = pn->str;
	} else {
		x.prio_kind = PRIO_OTHER;
	}
	const qw_node *ls = qw_map_get(e, "last_status");
	x.last_status = qw_pool_node_is_string(ls) ? qw_xstrdup(ls->str) : NULL;
	const qw_node *lsa = qw_map_get(e, "last_status_at");
	if (qw_pool_node_is_string(lsa))
		x.has_at = qw_pool_parse_abs_ts(lsa, &x.at);
	else
		x.has_at = qw_pool_node_num(lsa, &x.at);
	if (x.has_at && x.at == 0)
		x.has_at = false;
	x.has_code = qw_pool_node_num(qw_map_get(e, "last_error_code"), &x.code);
	x.has_reset = qw_pool_parse_abs_ts(qw_map_get(e, "last_error_reset_at"), &x.reset);
	if (!qw_pool_node_num(qw_map_get(e, "request_count"), &x.request_count))
		x.request_count = 0;
	x.has_expires_ms = qw_pool_node_num(qw_map_get(e, "expires_at_ms"), &x.expires_at_ms);
	const qw_node *fp = qw_map_get(e, "secret_fingerprint");
	x.secret_fp = qw_pool_node_is_string(fp) ? fp->str : NULL;
	if (reloaded && is_borrowed(x.source, pl->provider) && *x.token) {
		free(x.token);
		x.token = qw_xstrdup("");
		x.src = NULL;
		x.stripped = true;
	}
	x.what = qw_xprintf("credential_pool.%s entry \"%s\" in %s", pl->provider, x.label, where);
	QW_PUSH(pl->v, pl->n, pl->cap, x);
	return true;
}

/* is_source_suppressed: the profile's own auth.json only. */
static bool
suppressed(const qw_set *set, const char *provider, const char *source)
{
	const qw_node *st = qw_pool_store_root(set->auth_doc);
	const qw_node *ss = st ? qw_map_get(st, "suppressed_sources") : NULL;
	if (!ss || ss->type != QW_NODE_MAP)
		return false;
	const qw_node *l = qw_map_get(ss, provider);
	if (!l)
		return false;
	if (l->type == QW_NODE_SEQ) {
		for (size_t i = 0; i < l->nitems; i++)
			if (qw_pool_node_is_string(l->items[i]) && !strcmp(l->items[i]->str, source))
				return true;
		return false;
	}
	if (l->type == QW_NODE_MAP)
		return qw_map_pair(l, source) != NULL;
	if (qw_pool_node_is_string(l))
		return strstr(l->str, source) != NULL; /* `in` on a string: a substring */
	return false;
}

/* _next_priority; false when Hermes's max()+1 raises (a priority that is not a number). */
static bool
next_priority(const pool *pl, double *out)
{
	double m = -1;
	for (size_t i = 0; i < pl->n; i++) {
		if (pl->v[i].prio_kind != PRIO_NUM)
			return false;
		if (i == 0 || pl->v[i].prio > m)
			m = pl->v[i].prio;
	}
	*out = m + 1;
	return true;
}

/* _upsert_entry: the first entry with this source takes the payload (its label kept), later ones are dropped;
 * none: a new entry at the next priority. False when Hermes raises. */
static bool
upsert(pool *pl, const char *source, const char *token, const char *base_url, const char *label, qw_source *src,
       qw_span span, const char *what, const char *var)
{
	/* one pass that keeps the order: a pool of 100 000 entries of one source (a seeded pool grown by a loop)
	 * dropped one memmove at a time took minutes */
	size_t first = (size_t)-1, w = 0;
	for (size_t i = 0; i < pl->n; i++) {
		if (!strcmp(pl->v[i].source, source)) {
			if (first != (size_t)-1) {
				pent_free(&pl->v[i]);
				continue;
			}
			first = w;
		}
		if (w != i)
			pl->v[w] = pl->v[i];
		w++;
	}
	pl->n = w;
	pent *x;
	if (first == (size_t)-1) {
		pent n = {0};
		if (!next_priority(pl, &n.prio))
			return false;
		n.prio_kind = PRIO_NUM;
		n.source = qw_xstrdup(source);
		n.label = qw_xstrdup(label);
		QW_PUSH(pl->v, pl->n, pl->cap, n);
		x = &pl->v[pl->n - 1];
	} else {
		x = &pl->v[first];
		if (!*x->label) {
			free(x->label);
			x->label = qw_xstrdup(label);
		}
	}
	free(x->token);
	x->token = qw_xstrdup(token);
	free(x->base_url);
	x->base_url = qw_xstrdup(base_url);
	x->oauth = !strcmp(pl->provider, "anthropic") && qw_startswith(token, "sk-ant-oat");
	x->src = src;
	x->span = span;
	free(x->what);
	x->what = qw_xstrdup(what);
	free(x->key_var);
	x->key_var = var ? qw_xstrdup(var) : NULL;
	x->from_env = var != NULL;
	x->stripped = false;
	return true;
}

typedef struct active {
	char **v;
	size_t n, cap;
} active;

static bool
is_active(const active *a, const char *s)
{
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->v[i], s))
			return true;
	return false;
}

/* The z.ai endpoint for an env-seeded key without GLM_BASE_URL (_resolve_zai_base_url): the endpoint cached in
 * auth.json for this key's hash, else a network probe qwlint does not make (Hermes offline: the default). */
static const char *
zai_cached(const qw_set *set, pool *pl, const char *token)
{
	qw_source *rs;
	const qw_node *stores[2] = {qw_pool_store_root(set->auth_doc), NULL};
	stores[1] = qw_pool_root_store(set, pl, &rs);
	for (int i = 0; i < 2; i++) {
		const qw_node *pv = stores[i] ? qw_map_get(stores[i], "providers") : NULL;
		const qw_node *z = pv && pv->type == QW_NODE_MAP ? qw_map_get(pv, "zai") : NULL;
		if (!z || z->type != QW_NODE_MAP)
			continue;
		const qw_node *d = qw_map_get(z, "detected_endpoint");
		const char *bu = d && d->type == QW_NODE_MAP ? qw_pool_node_text(qw_map_get(d, "base_url")) : NULL;
		if (!bu || !*bu)
			return NULL;
		unsigned char h[32];
		qw_sha256(token, strlen(token), h);
		char hex[17];
		for (int k = 0; k < 8; k++)
			snprintf(hex + 2 * k, 3, "%02x", h[k]);
		const char *kh = qw_pool_node_text(qw_map_get(d, "key_hash"));
		return kh && !strcmp(kh, hex) ? bu : NULL;
	}
	return NULL;
}

/* _seed_from_env */
static bool
seed_env(const qw_kb *kb, const qw_set *set, pool *pl, active *act, qw_request *r)
{
	const char *prov = pl->provider;
	const qw_provider *p = qw_kb_provider(kb, prov);
	if (!p || (strcmp(prov, "openrouter") && (p->auth != QW_AUTH_API_KEY || p->late)))
		return true;
	static const char *anth[] = {"ANTHROPIC_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN", "ANTHROPIC_API_KEY"};
	static const char *orv[] = {"OPENROUTER_API_KEY"};
	const char **vars = (const char **)p->key_env;
	size_t nvars = p->nkey_env;
	char *env_url = NULL;
	const char *deflt = p->default_base_url ? p->default_base_url : "";
	if (!strcmp(prov, "openrouter")) {
		vars = orv;
		nvars = 1;
		env_url = qw_xstrdup("");
	} else {
		const qw_envvar *bv = NULL;
		env_url = p->base_url_env ? qw_pool_env_prefer_dotenv(set, p->base_url_env, &bv) : qw_xstrdup("");
		qw_pool_rstrip_slash(env_url);
		if (!strcmp(prov, "anthropic")) {
			vars = anth;
			nvars = 3;
		}
	}
	bool ok = true;
	for (size_t i = 0; i < nvars && ok; i++) {
		const qw_envvar *v;
		char *tok = qw_pool_env_prefer_dotenv(set, vars[i], &v);
		if (!*tok) {
			free(tok);
			continue;
		}
		char *source = qw_xprintf("env:%s", vars[i]);
		if (suppressed(set, prov, source)) {
			qw_pool_step(r, "auth.json's suppressed_sources lists %s for %s: Hermes does not seed the pool from %s", source,
			     prov, vars[i]);
			free(source);
			free(tok);
			if (!strcmp(prov, "openrouter"))
				break;
			continue;
		}
		QW_PUSH(act->v, act->n, act->cap, qw_xstrdup(source));
		const char *base = *env_url ? env_url : deflt;
		if (!*env_url && p->kp_prefix && p->kp_base_url && qw_startswith(tok, p->kp_prefix))
			base = p->kp_base_url; /* _resolve_kimi_base_url */
		if (!strcmp(prov, "zai") && !*env_url) {
			const char *c = zai_cached(set, pl, tok);
			if (c) {
				base = c;
				qw_pool_step(r, "auth.json caches a z.ai endpoint for this key: the pool entry uses it");
			} else {
				qw_pool_step(r, "z.ai: without GLM_BASE_URL Hermes probes its endpoints over the network for this key "
					"(not simulated; offline it keeps the default)");
			}
		}
		if (kb && qw_kb_hermes_no_key(kb, tok))
			qw_pool_step(r, "%s holds a placeholder, yet Hermes seeds it into the %s pool, which sends it as the key",
			     vars[i], prov);
		char *what = qw_xprintf("%s in .env (seeded into the %s pool)", vars[i], prov);
		ok = upsert(pl, source, tok, base, vars[i], v ? set->env : NULL, v ? v->value_span : (qw_span){0, 0},
			    what, vars[i]);
		free(what);
		free(source);
		free(tok);
	}
	free(env_url);
	return ok;
}

/* _seed_from_singletons for a provider whose key Hermes reads from os.environ (key_from: environ, copilot's
 * resolve_copilot_token): the first variable with a non-empty stripped value and no rejected prefix, as
 * env:<VAR> (or the row's environ_seed_sources name: copilot's GH_TOKEN gives gh_cli) with the default URL (the
 * token exchange that could name another runs over the network: offline it fails). _seed_from_env then updates
 * an env:<VAR> entry from .env, and adds one beside a gh_cli entry. */
static bool
seed_environ_token(const qw_provider *p, const qw_set *set, pool *pl, active *act, qw_request *r)
{
	for (size_t i = 0; i < p->nkey_env; i++) {
		const qw_envvar *v = set->dotenv ? qw_dotenv_get(set->dotenv, p->key_env[i]) : NULL;
		if (!v || v->bom_hidden || !qw_envvar_environ(v))
			continue;
		char *tok = qw_pool_pystrip(qw_envvar_environ(v));
		bool rejected = false;
		for (size_t k = 0; k < p->nrejected_key_prefixes && !rejected; k++)
			rejected = qw_startswith(tok, p->rejected_key_prefixes[k]);
		if (!*tok || rejected) {
			free(tok);
			continue;
		}
		char *source = NULL;
		for (size_t k = 0; k < p->nseed_src && !source; k++)
			if (!strcmp(p->seed_src_var[k], p->key_env[i]))
				source = qw_xstrdup(p->seed_src_name[k]);
		if (!source)
			source = qw_xprintf("env:%s", p->key_env[i]);
		bool ok = true;
		if (suppressed(set, pl->provider, source)) {
			qw_pool_step(r, "auth.json's suppressed_sources lists %s for %s: Hermes does not seed the pool with its token",
			     source, pl->provider);
		} else {
			QW_PUSH(act->v, act->n, act->cap, qw_xstrdup(source));
			char *what = qw_xprintf("%s in .env (seeded into the %s pool as %s)", p->key_env[i], pl->provider,
						source);
			ok = upsert(pl, source, tok, p->default_base_url ? p->default_base_url : "", p->key_env[i],
				    set->env, v->value_span, what, p->key_env[i]);
			free(what);
		}
		free(source);
		free(tok);
		return ok;
	}
	return true;
}

/* _seed_custom_pool */
static bool
seed_custom(const qw_set *set, pool *pl, active *act, qw_request *r)
{
	const char *suffix = pl->provider + strlen("custom:");
	size_t n;
	custom_cp *v = qw_pool_custom_list(set, &n);
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(v[i].norm, suffix))
			continue;
		if (*v[i].api_key) {
			char *source = qw_xprintf("config:%s", v[i].name);
			if (suppressed(set, pl->provider, source)) {
				qw_pool_step(r, "auth.json's suppressed_sources lists %s: Hermes does not seed its api_key", source);
			} else {
				QW_PUSH(act->v, act->n, act->cap, qw_xstrdup(source));
				char *what = qw_xprintf("the api_key of custom provider \"%s\" in config.yaml", v[i].name);
				ok = upsert(pl, source, v[i].api_key, v[i].base_url, *v[i].name ? v[i].name : source,
					    NULL, (qw_span){0, 0}, what, NULL);
				free(what);
			}
			free(source);
		}
		break;
	}
	qw_pool_custom_list_free(v, n);
	const qw_node *root = set->config_doc ? set->config_doc->root : NULL;
	const qw_node *m = root && root->type == QW_NODE_MAP ? qw_map_get(root, "model") : NULL;
	if (!ok || !m || m->type != QW_NODE_MAP)
		return ok;
	const char *pv = qw_pool_node_text(qw_map_get(m, "provider")), *bv = qw_pool_node_text(qw_map_get(m, "base_url"));
	char *prov = qw_pool_expand(set, pv ? pv : ""), *bu = qw_pool_expand(set, bv ? bv : "");
	char *ps = qw_pool_pystrip(prov), *bs = qw_pool_pystrip(bu);
	for (char *c = ps; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	qw_pool_rstrip_slash(bs);
	char *key = NULL;
	const qw_node *kn = NULL;
	const char *kk[] = {"api_key", "api"};
	for (int i = 0; i < 2 && !key; i++) {
		const qw_node *x = qw_map_get(m, kk[i]);
		if (qw_pool_node_is_string(x) || (x && x->type == QW_NODE_SCALAR && x->plain && qw_node_str(x) &&
					  !qw_pool_node_num(x, &(double){0}))) {
			char *e = qw_pool_expand(set, x->str), *s = qw_pool_pystrip(e);
			free(e);
			if (*s) {
				key = s;
				kn = x;
			} else {
				free(s);
			}
		}
	}
	if (!strcmp(ps, "custom") && *bs && key) {
		char *mk = qw_pool_custom_key(set, bs, NULL);
		if (mk && !strcmp(mk, pl->provider)) {
			if (suppressed(set, pl->provider, "model_config")) {
				qw_pool_step(r, "auth.json's suppressed_sources lists model_config: Hermes does not seed model.api_key");
			} else {
				QW_PUSH(act->v, act->n, act->cap, qw_xstrdup("model_config"));
				ok = upsert(pl, "model_config", key, bs, "model_config", set->config, kn->span,
					    "model.api_key in config.yaml (seeded into the custom pool)", NULL);
			}
		}
		free(mk);
	}
	free(key);
	free(prov);
	free(bu);
	free(ps);
	free(bs);
	return ok;
}

/* _prune_stale_seeded_entries */
static void
prune(pool *pl, const active *act, bool prune_env, qw_request *r)
{
	size_t w = 0; /* one pass that keeps the order, as in upsert */
	for (size_t i = 0; i < pl->n; i++) {
		pent *e = &pl->v[i];
		bool prunable = qw_startswith(e->source, "env:") ? prune_env
								  : is_borrowed(e->source, pl->provider) ||
									    !strcmp(e->source, "hermes_pkce");
		if (is_manual(e->source) || is_active(act, e->source) || !prunable) {
			if (w != i)
				pl->v[w] = *e;
			w++;
			continue;
		}
		qw_pool_step(r, "the pool entry \"%s\" (source %s) has no live source, so Hermes drops it%s", e->label, e->source,
		     qw_startswith(e->source, "env:") ? " (a custom pool prunes env: entries)"
						       : " (OAuth and credential files outside the home are not simulated)");
		pent_free(e);
	}
	pl->n = w;
}

/* _normalize_pool_priorities (anthropic only). */
static int anth_rank(const char *s)
{
	static const char *order[] = {"env:ANTHROPIC_TOKEN", "env:CLAUDE_CODE_OAUTH_TOKEN", "hermes_pkce", "claude_code",
				      "env:ANTHROPIC_API_KEY"};
	for (int i = 0; i < 5; i++)
		if (!strcmp(s, order[i]))
			return i;
	return 5;
}

static int
cmp_anth(const pent *a, const pent *b)
{
	bool ma = is_manual(a->source), mb = is_manual(b->source);
	if (ma != mb)
		return ma ? -1 : 1;
	if (!ma) {
		int ra = anth_rank(a->source), rb = anth_rank(b->source);
		if (ra != rb)
			return ra < rb ? -1 : 1;
	}
	if (a->prio != b->prio)
		return a->prio < b->prio ? -1 : 1;
	return ma ? 0 : strcmp(a->label, b->label);
}

/* a stable sort by priority (Python's sorted); false when it would raise (priorities of mixed kinds) */
static bool
sort_pool(pool *pl, bool anthropic)
{
	if (pl->n < 2)
		return true;
	int kind = pl->v[0].prio_kind;
	for (size_t i = 1; i < pl->n; i++)
		if (pl->v[i].prio_kind != kind)
			return false;
	if (kind == PRIO_OTHER)
		return false;
	for (size_t i = 1; i < pl->n; i++) { /* insertion sort: stable, and pools are small */
		pent x = pl->v[i];
		size_t j = i;
		while (j > 0) {
			const pent *y = &pl->v[j - 1];
			int c = anthropic ? cmp_anth(&x, y)
			       : kind == PRIO_NUM ? (x.prio < y->prio ? -1 : 0)
						  : (strcmp(x.prio_s, y->prio_s) < 0 ? -1 : 0);
			if (c >= 0)
				break;
			pl->v[j] = pl->v[j - 1];
			j--;
		}
		pl->v[j] = x;
	}
	if (anthropic)
		for (size_t i = 0; i < pl->n; i++)
			pl->v[i].prio = (double)i;
	return true;
}

/* get_pool_strategy */
char *
qw_pool_strategy(const qw_set *set, const char *provider)
{
	const qw_node *root = set->config_doc ? set->config_doc->root : NULL;
	const qw_node *st = root && root->type == QW_NODE_MAP ? qw_map_get(root, "credential_pool_strategies") : NULL;
	qw_doc *whole = NULL;
	if (st && st->pruned && set->config) {
		/* read through qw_model_config_keep, which keeps only the sections model.c reads: read it whole */
		qw_parse_error err = {0};
		whole = qw_yaml_parse(set->config, &err);
		root = whole ? whole->root : NULL;
		st = root && root->type == QW_NODE_MAP ? qw_map_get(root, "credential_pool_strategies") : NULL;
	}
	const char *s = st && st->type == QW_NODE_MAP ? qw_pool_node_text(qw_map_get(st, provider)) : NULL;
	char *v = qw_pool_pystrip(s ? s : "");
	if (whole)
		qw_doc_free(whole);
	for (char *c = v; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (strcmp(v, "round_robin") && strcmp(v, "random") && strcmp(v, "least_used")) {
		free(v);
		v = qw_xstrdup("fill_first");
	}
	return v;
}

/* load_pool: false when Hermes's load_pool raises. reloaded: an earlier load_pool of this provider in the same
 * run has written the pool back (see qw_pool_select). */
bool
qw_pool_load(const qw_kb *kb, const qw_set *set, const char *provider_in, pool *pl, qw_request *r, bool reloaded)
{
	char *prov = qw_pool_pystrip(provider_in);
	for (char *c = prov; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	pl->provider = prov;
	pl->custom = qw_startswith(prov, "custom:");
	/* read_credential_pool: the profile's entries, else the root's for a profile */
	const qw_node *st = qw_pool_store_root(set->auth_doc);
	const qw_node *cp = st ? qw_map_get(st, "credential_pool") : NULL;
	const qw_node *l = cp && cp->type == QW_NODE_MAP ? qw_map_get(cp, prov) : NULL;
	qw_source *src = set->auth;
	const char *where = "auth.json";
	if (!l || l->type != QW_NODE_SEQ || !l->nitems) {
		qw_source *rs;
		const qw_node *rst = qw_pool_root_store(set, pl, &rs);
		const qw_node *rcp = rst ? qw_map_get(rst, "credential_pool") : NULL;
		const qw_node *rl = rcp && rcp->type == QW_NODE_MAP ? qw_map_get(rcp, prov) : NULL;
		l = NULL;
		if (rl && rl->type == QW_NODE_SEQ) {
			l = rl;
			src = rs == pl->root_src ? NULL : rs; /* a file read here is freed with the pool */
			where = "the root's auth.json";
			if (rl->nitems && reloaded)
				qw_pool_step(r, "the profile's auth.json has no %s pool: Hermes's first load read the root's "
					"(read_credential_pool's fallback) and wrote it into the profile's auth.json", prov);
			else if (rl->nitems)
				qw_pool_step(r, "the profile's auth.json has no %s pool: Hermes reads the root's (read_credential_pool's "
					"read-only fallback)", prov);
		}
	}
	for (size_t i = 0; l && i < l->nitems; i++)
		if (!pent_from_node(pl, l->items[i], src, where, reloaded)) {
			qw_pool_step(r, "credential_pool.%s[%zu] in %s is not an entry Hermes can read: its load_pool raises and the "
				"pool is skipped", prov, i, where);
			return false;
		}
	active act = {0};
	bool ok;
	if (pl->custom) {
		ok = seed_custom(set, pl, &act, r);
		if (ok)
			prune(pl, &act, true, r);
	} else {
		if (!strcmp(prov, "anthropic"))
			qw_pool_step(r, "anthropic: Hermes also seeds Claude Code and PKCE logins from credential files outside the "
				"home (not simulated: none assumed)");
		const qw_provider *p = kb ? qw_kb_provider(kb, prov) : NULL;
		ok = !p || !p->key_from_environ || seed_environ_token(p, set, pl, &act, r);
		if (ok)
			ok = seed_env(kb, set, pl, &act, r);
		if (ok)
			prune(pl, &act, false, r);
	}
	for (size_t i = 0; i < act.n; i++)
		free(act.v[i]);
	free(act.v);
	if (ok)
		ok = sort_pool(pl, !strcmp(prov, "anthropic"));
	if (!ok) {
		qw_pool_step(r, "the %s pool's priorities cannot be compared (not all numbers): Hermes's load_pool raises and the "
			"pool is skipped", prov);
		return false;
	}
	pl->strategy = qw_pool_strategy(set, prov);
	return true;
}

/* _available_entries: the indices of the entries select() may use, in priority order. */
static size_t
available(const pool *pl, time_t now_t, qw_request *r, size_t *idx)
{
	double now = (double)now_t;
	size_t n = 0;
	for (size_t i = 0; i < pl->n; i++) {
		const pent *e = &pl->v[i];
		if (!e->oauth && !*e->token) {
			if (e->stripped)
				qw_pool_step(r, "the pool entry \"%s\" (source %s) lost its stored key: Hermes's earlier load_pool "
					"in this run wrote the pool back to auth.json, which keeps a borrowed "
					"source without its secret, and nothing seeds it again; Hermes skips it", e->label,
				     e->source);
			else if (qw_startswith(e->source, "env:"))
				qw_pool_step(r, "the pool entry \"%s\" refers to %s, which .env does not set: Hermes skips it", e->label,
				     e->source + 4);
			continue;
		}
		if (e->last_status && !strcmp(e->last_status, "dead")) {
			qw_pool_step(r, "the pool entry \"%s\" is marked dead: Hermes never uses it again", e->label);
			continue;
		}
		if (e->last_status && !strcmp(e->last_status, "exhausted")) {
			bool has_until = e->has_reset || e->has_at;
			double until = e->has_reset ? e->reset
				       : e->has_at  ? e->at + (e->has_code && e->code == 401 ? TTL_401 : TTL_DEFAULT)
						    : 0;
			char *w = has_until ? qw_pool_when(until) : NULL;
			char fp_note[160] = "";
			if (e->from_env && e->secret_fp) {
				char *fp = qw_fingerprint(e->token);
				if (strcmp(fp, e->secret_fp))
					snprintf(fp_note, sizeof fp_note,
						 " (its stored fingerprint is of an older key: %s was rotated since, "
						 "yet the entry stays exhausted)", e->key_var ? e->key_var : "the variable");
				free(fp);
			}
			if (has_until && now < until) {
				qw_pool_step(r, "the pool entry \"%s\" is exhausted until %s%s: Hermes skips it", e->label, w, fp_note);
				free(w);
				continue;
			}
			if (has_until)
				qw_pool_step(r, "the pool entry \"%s\" was exhausted until %s; the cool-down has passed, so Hermes uses it "
					"again", e->label, w);
			else
				qw_pool_step(r, "the pool entry \"%s\" is marked exhausted with no time: Hermes treats it as available",
				     e->label);
			free(w);
		}
		if (e->oauth && !strcmp(pl->provider, "anthropic") && e->has_expires_ms &&
		    e->expires_at_ms <= now * 1000 + 120000) {
			qw_pool_step(r, "the pool entry \"%s\" is an expired OAuth token: Hermes refreshes it over the network (not "
				"simulated; offline the refresh fails and the entry is skipped)", e->label);
			continue;
		}
		idx[n++] = i;
	}
	return n;
}

static void
fill(const pool *pl, const pent *e, qw_pool_entry *out, int cands, bool random)
{
	out->key = *e->token ? qw_xstrdup(e->token) : NULL;
	out->base_url = e->base_url ? qw_xstrdup(e->base_url) : NULL;
	out->key_from = (qw_origin){e->src, e->span, qw_xstrdup(e->what ? e->what : "the credential pool")};
	out->key_var = e->key_var ? qw_xstrdup(e->key_var) : NULL;
	out->source = qw_xstrdup(e->source);
	out->label = qw_xstrdup(e->label);
	out->candidates = cands;
	out->random = random;
}

static bool
pick(const qw_kb *kb, const qw_set *set, const char *provider, time_t now, bool reloaded, qw_request *r,
     qw_pool_entry *out, bool peek)
{
	memset(out, 0, sizeof *out);
	pool pl = {0};
	bool has = qw_pool_load(kb, set, provider, &pl, r, reloaded) && pl.n > 0;
	if (has) {
		size_t *idx = qw_xcalloc(pl.n, sizeof *idx);
		size_t n = available(&pl, now, r, idx);
		if (!n) {
			qw_pool_step(r, "every entry of the %s pool is exhausted, dead or empty: the pool gives no key", pl.provider);
		} else if (peek || !strcmp(pl.strategy, "fill_first") || n == 1) {
			fill(&pl, &pl.v[idx[0]], out, (int)n, false);
		} else if (!strcmp(pl.strategy, "round_robin")) {
			qw_pool_step(r, "round_robin: Hermes takes the first available entry and moves it last for the next request");
			fill(&pl, &pl.v[idx[0]], out, (int)n, false);
		} else if (!strcmp(pl.strategy, "least_used")) {
			size_t best = idx[0];
			for (size_t i = 1; i < n; i++)
				if (pl.v[idx[i]].request_count < pl.v[best].request_count)
					best = idx[i];
			qw_pool_step(r, "least_used: Hermes takes the entry with the lowest request_count");
			fill(&pl, &pl.v[best], out, (int)n, false);
		} else {
			qw_pool_step(r, "random: Hermes picks one of the %zu available entries of the %s pool at random", n, pl.provider);
			fill(&pl, &pl.v[idx[0]], out, (int)n, true);
		}
		if (out->source)
			qw_pool_step(r, "the %s pool hands out the entry \"%s\" (source %s)", pl.provider, out->label, out->source);
		free(idx);
	}
	free((char *)pl.provider);
	pool_free(&pl);
	return has;
}

bool
qw_pool_select(const qw_kb *kb, const qw_set *set, const char *provider, time_t now, bool reloaded, qw_request *r,
	       qw_pool_entry *out)
{
	return pick(kb, set, provider, now, reloaded, r, out, false);
}

bool
qw_pool_peek(const qw_kb *kb, const qw_set *set, const char *provider, time_t now, bool reloaded, qw_request *r,
	     qw_pool_entry *out)
{
	return pick(kb, set, provider, now, reloaded, r, out, true);
}

void
qw_pool_entry_free(qw_pool_entry *e)
{
	if (!e)
		return;
	free(e->key);
	free(e->base_url);
	qw_origin_free(&e->key_from);
	free(e->key_var);
	free(e->source);
	free(e->label);
	memset(e, 0, sizeof *e);
}
