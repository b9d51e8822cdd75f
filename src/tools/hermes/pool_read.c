/*
 * pool_read.c - the credential pool's reading of a home (agent/credential_pool.py and hermes_cli/auth.py at
 * 306e2d2): Python's str.strip, float() and ISO dates as Hermes's code applies them, auth.json's store (the
 * profile's, else the root's), .env as get_env_value_prefer_dotenv reads it, ${VAR} expansion, and the custom
 * providers' pool keys. pool.c builds the entries from what this reads.
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

/* ---- small Python-isms ---- */
char *
qw_pool_pystrip(const char *s)
{
	if (!s)
		return qw_xstrdup("");
	while (*s && isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return qw_xstrndup(s, n);
}

void
qw_pool_rstrip_slash(char *s)
{
	size_t n = strlen(s);
	while (n && s[n - 1] == '/')
		s[--n] = 0;
}

/* A JSON or YAML scalar as a Python number (int, float or bool), false when it is none. */
bool
qw_pool_node_num(const qw_node *n, double *out)
{
	if (!n || n->type != QW_NODE_SCALAR || !n->plain || !n->str)
		return false;
	if (!strcmp(n->str, "true")) {
		*out = 1;
		return true;
	}
	if (!strcmp(n->str, "false")) {
		*out = 0;
		return true;
	}
	char *e;
	errno = 0;
	double d = strtod(n->str, &e);
	if (e == n->str || *e)
		return false;
	*out = d;
	return true;
}

/* A plain YAML 1.1 scalar PyYAML does not resolve to a string (null, a bool, a number); JSON's literals too. */
static bool
plain_not_str(const char *s)
{
	static const char *words[] = {"", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE",
				      "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF"};
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (!strcmp(s, words[i]))
			return true;
	char *e;
	strtod(s, &e);
	return e != s && !*e;
}

bool
qw_pool_node_is_string(const qw_node *n)
{
	return n && n->type == QW_NODE_SCALAR && n->str && (!n->plain || !plain_not_str(n->str));
}

/* str(value or "") for a scalar; NULL for null/absent; "" for a container (which Hermes would stringify) */
const char *
qw_pool_node_text(const qw_node *n)
{
	if (!n || n->type != QW_NODE_SCALAR)
		return NULL;
	if (n->plain && (!strcmp(n->str, "null") || !strcmp(n->str, "false")))
		return NULL;
	if (n->plain && !strcmp(n->str, "true"))
		return "True";
	return n->str;
}

/* datetime.fromisoformat(raw.replace("Z", "+00:00")).timestamp(), for the forms ISO 8601 writes; false when it
 * does not parse. A time without offset is local time, as Python takes it. */
static bool
parse_iso(const char *s, double *out)
{
	int Y, M, D, h = 0, m = 0, sec = 0, n = 0;
	double frac = 0;
	if (sscanf(s, "%4d-%2d-%2d%n", &Y, &M, &D, &n) != 3 || n != 10)
		return false;
	const char *p = s + n;
	if (*p == 'T' || *p == ' ') {
		p++;
		int k = 0;
		if (sscanf(p, "%2d%n", &h, &k) != 1 || k != 2)
			return false;
		p += 2;
		if (*p == ':') {
			if (sscanf(p + 1, "%2d%n", &m, &k) != 1 || k != 2)
				return false;
			p += 3;
			if (*p == ':') {
				if (sscanf(p + 1, "%2d%n", &sec, &k) != 1 || k != 2)
					return false;
				p += 3;
				if (*p == '.' || *p == ',') {
					const char *q = ++p;
					while (isdigit((unsigned char)*p))
						p++;
					if (p == q)
						return false;
					char *t = qw_xstrndup(q - 1, (size_t)(p - q + 1));
					t[0] = '.';
					frac = strtod(t, NULL);
					free(t);
				}
			}
		}
	}
	bool utc = false;
	int off = 0;
	if (*p == 'Z') {
		utc = true;
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh = 0, om = 0, k = 0;
		if (sscanf(p + 1, "%2d%n", &oh, &k) != 1 || k != 2)
			return false;
		const char *q = p + 3;
		if (*q == ':')
			q++;
		if (isdigit((unsigned char)*q)) {
			if (sscanf(q, "%2d%n", &om, &k) != 1 || k != 2)
				return false;
			q += 2;
		}
		off = (oh * 60 + om) * 60 * (*p == '-' ? -1 : 1);
		utc = true;
		p = q;
	}
	if (*p || M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || m > 59 || sec > 59)
		return false;
	struct tm tm = {0};
	tm.tm_year = Y - 1900;
	tm.tm_mon = M - 1;
	tm.tm_mday = D;
	tm.tm_hour = h;
	tm.tm_min = m;
	tm.tm_sec = sec;
	time_t t;
	if (utc) {
		t = timegm(&tm);
		t -= off;
	} else {
		tm.tm_isdst = -1;
		t = mktime(&tm);
	}
	*out = (double)t + frac;
	return true;
}

/* _parse_absolute_timestamp: epoch seconds or milliseconds, or an ISO-8601 string. */
bool
qw_pool_parse_abs_ts(const qw_node *n, double *out)
{
	if (!n || n->type != QW_NODE_SCALAR || !n->str)
		return false;
	double d;
	if (qw_pool_node_num(n, &d)) {
		if (d <= 0)
			return false;
		*out = d > 1e12 ? d / 1000.0 : d;
		return true;
	}
	if (n->plain)
		return false; /* null */
	char *raw = qw_pool_pystrip(n->str);
	bool ok = false;
	if (*raw) {
		char *e;
		d = strtod(raw, &e);
		if (e != raw && !*e) {
			*out = d > 1e12 ? d / 1000.0 : d;
			ok = true;
		} else {
			ok = parse_iso(raw, out);
		}
	}
	free(raw);
	return ok;
}

char *
qw_pool_when(double t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char b[64];
	strftime(b, sizeof b, "%Y-%m-%d %H:%M:%S UTC", &tm);
	return qw_xstrdup(b);
}

void
qw_pool_step(qw_request *r, const char *fmt, ...)
{
	if (!r)
		return;
	va_list ap;
	va_start(ap, fmt);
	char *s = qw_xvprintf(fmt, ap);
	va_end(ap);
	qw_request_step(r, "%s", s);
	free(s);
}

/* ---- the home's files as Hermes reads them ---- */
/* _get_env_prefer_dotenv: Hermes's own .env parser's value, stripped, else os.environ's (python-dotenv's view of
 * the same file: qwlint does not read the shell). */
char *
qw_pool_env_prefer_dotenv(const qw_set *set, const char *key, const qw_envvar **var)
{
	const qw_envvar *v = set->dotenv ? qw_dotenv_get(set->dotenv, key) : NULL;
	*var = v;
	if (!v)
		return qw_xstrdup("");
	char *s = qw_pool_pystrip(v->hermes_value);
	if (!*s) {
		free(s);
		s = qw_pool_pystrip(qw_envvar_environ(v));
	}
	return s;
}

/* _load_auth_store's answer: the document when it is an object with a providers or credential_pool object,
 * else NULL (Hermes starts from an empty store). */
const qw_node *
qw_pool_store_root(const qw_doc *doc)
{
	const qw_node *root = doc ? doc->root : NULL;
	if (!root || root->type != QW_NODE_MAP)
		return NULL;
	const qw_node *p = qw_map_get(root, "providers"), *c = qw_map_get(root, "credential_pool");
	if ((p && p->type == QW_NODE_MAP) || (c && c->type == QW_NODE_MAP))
		return root;
	return NULL;
}

/* get_default_hermes_root for a profile: the set's root, else <dir>/../.. when the parent is named profiles. */
const qw_node *
qw_pool_root_store(const qw_set *set, pool *pl, qw_source **src)
{
	*src = NULL;
	if (set->root) {
		*src = set->root->auth;
		return qw_pool_store_root(set->root->auth_doc);
	}
	if (!set->dir)
		return NULL;
	char *parent = qw_dirname(set->dir);
	bool profile = !strcmp(qw_basename(parent), "profiles");
	char *grand = profile ? qw_dirname(parent) : NULL;
	free(parent);
	if (!grand)
		return NULL;
	if (!pl->root_doc) {
		char *path = qw_path_join(grand, "auth.json"), err[256];
		pl->root_src = qw_source_load(path, 0, err, sizeof err);
		free(path);
		if (pl->root_src) {
			qw_parse_error perr = {0};
			pl->root_doc = qw_json_parse(pl->root_src, &perr);
		}
	}
	free(grand);
	*src = pl->root_src;
	return qw_pool_store_root(pl->root_doc);
}

/* ${VAR} expansion of config values (_expand_env_vars: os.environ, unresolved references kept). */
char *
qw_pool_expand(const qw_set *set, const char *s)
{
	qw_buf b = {0};
	for (const char *p = s; *p;) {
		if (p[0] == '$' && p[1] == '{') {
			const char *e = strchr(p + 2, '}');
			if (e && e > p + 2) {
				char *name = qw_xstrndup(p + 2, (size_t)(e - p - 2));
				const qw_envvar *v = set->dotenv ? qw_dotenv_get(set->dotenv, name) : NULL;
				free(name);
				if (v && qw_envvar_environ(v) && !v->bom_hidden) {
					qw_buf_adds(&b, qw_envvar_environ(v));
					p = e + 1;
					continue;
				}
			}
		}
		qw_buf_addc(&b, *p++);
	}
	qw_buf_addc(&b, 0);
	return qw_buf_steal(&b);
}

static char *
norm_name(const char *name)
{
	char *s = qw_pool_pystrip(name);
	for (char *p = s; *p; p++)
		*p = *p == ' ' ? '-' : (char)tolower((unsigned char)*p);
	return s;
}

/* _normalize_custom_provider_entry's URL test: a {placeholder}, or a scheme and a host (urlparse's scheme and
 * netloc, approximated as text before "://" and a host after it). */
static bool
valid_cp_url(const char *u)
{
	const char *open = strchr(u, '{');
	if (open && open[1] && open[1] != '}' && strchr(open + 2, '}'))
		return true;
	const char *sep = strstr(u, "://");
	return sep && sep > u && sep[3] && sep[3] != '/';
}

/* One custom provider as _iter_custom_providers sees it. dict_form: a providers: entry, which the compatibility
 * view (get_compatible_custom_providers) keeps only with a valid URL among base_url, url, api: without one it is
 * not added. */
static void
cp_add(const qw_set *set, custom_cp **v, size_t *n, size_t *cap, const char *name, const qw_node *e, bool dict_form)
{
	const char *u = NULL;
	const char *ukeys[] = {"base_url", "url", "api"};
	for (int i = 0; i < (dict_form ? 3 : 1); i++) {
		const qw_node *un = qw_map_get(e, ukeys[i]);
		if (qw_pool_node_is_string(un) || (un && un->type == QW_NODE_SCALAR && un->plain && qw_node_str(un))) {
			u = qw_node_str(un);
			char *x = qw_pool_expand(set, u), *t = qw_pool_pystrip(x); /* load_config has expanded ${VAR} */
			bool ok = !dict_form || (*t && valid_cp_url(t));
			free(x);
			free(t);
			if (ok)
				break;
			u = NULL;
		}
	}
	if (dict_form && !u)
		return;
	custom_cp c = {0};
	c.norm = norm_name(name);
	c.name = qw_pool_pystrip(name);
	char *ex = qw_pool_expand(set, u ? u : "");
	c.base_url = qw_pool_pystrip(ex);
	free(ex);
	qw_pool_rstrip_slash(c.base_url);
	const char *k = qw_pool_node_text(qw_map_get(e, "api_key"));
	if (!k && dict_form)
		k = qw_pool_node_text(qw_map_get(e, "apiKey"));
	ex = qw_pool_expand(set, k ? k : "");
	c.api_key = qw_pool_pystrip(ex);
	free(ex);
	QW_PUSH(*v, *n, *cap, c);
}

/* The custom providers in config.yaml, in Hermes's order: custom_providers when it is a list, else providers:
 * (the v12 dict, through get_compatible_custom_providers; its URL checks are simplified to "has ://"). */
custom_cp *
qw_pool_custom_list(const qw_set *set, size_t *n)
{
	custom_cp *v = NULL;
	size_t cap = 0;
	*n = 0;
	const qw_node *root = set->config_doc ? set->config_doc->root : NULL;
	if (!root || root->type != QW_NODE_MAP)
		return NULL;
	const qw_node *cps = qw_map_get(root, "custom_providers");
	if (cps && cps->type == QW_NODE_SEQ) {
		for (size_t i = 0; i < cps->nitems; i++) {
			const qw_node *e = cps->items[i];
			if (!e || e->type != QW_NODE_MAP)
				continue;
			const qw_node *nm = qw_map_get(e, "name");
			if (!qw_pool_node_is_string(nm))
				continue; /* isinstance(name, str) */
			cp_add(set, &v, n, &cap, nm->str, e, false);
		}
		return v;
	}
	if (cps && !qw_node_is_null(cps))
		return NULL; /* custom_providers not a list: get_compatible_custom_providers gives [] */
	const qw_node *pd = qw_map_get(root, "providers");
	if (!pd || pd->type != QW_NODE_MAP)
		return NULL;
	for (size_t i = 0; i < pd->npairs; i++) {
		const qw_node *e = pd->pairs[i].value;
		const char *key = qw_node_str(pd->pairs[i].key);
		if (!e || e->type != QW_NODE_MAP || !key)
			continue;
		const qw_node *nm = qw_map_get(e, "name");
		char *ns = qw_pool_pystrip(qw_pool_node_is_string(nm) ? nm->str : "");
		cp_add(set, &v, n, &cap, *ns ? nm->str : key, e, true);
		free(ns);
	}
	return v;
}

void
qw_pool_custom_list_free(custom_cp *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].norm);
		free(v[i].name);
		free(v[i].base_url);
		free(v[i].api_key);
	}
	free(v);
}

char *
qw_pool_custom_key(const qw_set *set, const char *base_url, const char *provider_name)
{
	if (!base_url || !*base_url)
		return NULL;
	char *url = qw_pool_pystrip(base_url);
	qw_pool_rstrip_slash(url);
	size_t n;
	custom_cp *v = qw_pool_custom_list(set, &n);
	char *key = NULL;
	if (provider_name && *provider_name) {
		char *nn = norm_name(provider_name);
		for (size_t i = 0; i < n && !key; i++)
			if (!strcmp(v[i].norm, nn))
				key = qw_xprintf("custom:%s", v[i].norm);
		free(nn);
	}
	for (size_t i = 0; i < n && !key; i++)
		if (*v[i].base_url && !strcmp(v[i].base_url, url))
			key = qw_xprintf("custom:%s", v[i].norm);
	qw_pool_custom_list_free(v, n);
	free(url);
	return key;
}

bool
qw_pool_matches_provider(const qw_set *set, const char *pool_key, const char *provider, const char *base_url)
{
	char *pp = pool_key ? qw_pool_pystrip(pool_key) : qw_xstrdup(""), *pr = provider ? qw_pool_pystrip(provider) : qw_xstrdup("");
	for (char *p = pp; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	for (char *p = pr; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	bool ok = false;
	if (*pp && *pr) {
		if (!strcmp(pp, pr))
			ok = true;
		else if (!strcmp(pr, "custom") && qw_startswith(pp, "custom:")) {
			char *k = qw_pool_custom_key(set, base_url ? base_url : "", NULL);
			char *kl = k ? qw_pool_pystrip(k) : qw_xstrdup("");
			for (char *p = kl; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			ok = !strcmp(kl, pp);
			free(k);
			free(kl);
		}
	}
	free(pp);
	free(pr);
	return ok;
}
