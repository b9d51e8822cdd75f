/*
 * model_name.c - see model_name.h. What each class kind does is written in rules/hermes-models.yaml; the tables
 * (providers per class, aliases, vendor tokens, Copilot's ids, DeepSeek's names) are read from there.
 *
 * Ownership: every static helper returning char * returns a string its caller frees; the kb's tables are only read.
 *
 * Limits: Python's str.lower() lower-cases every script; here only ASCII is (a model id or provider label with
 * upper-case letters outside ASCII may differ). Python's str.strip() is followed in full (ASCII and Unicode white
 * space, UTF-8 encoded).
 */
#include "model_name.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The length of the white-space character Python's str.isspace() accepts at s (UTF-8), or 0. */
static size_t
py_space_at(const unsigned char *s, size_t n)
{
	if (!n)
		return 0;
	if (s[0] == ' ' || (s[0] >= '\t' && s[0] <= '\r') || (s[0] >= 0x1c && s[0] <= 0x1f))
		return 1;
	if (n >= 2 && s[0] == 0xc2 && (s[1] == 0x85 || s[1] == 0xa0)) /* U+0085, U+00A0 */
		return 2;
	if (n >= 3 && s[0] == 0xe1 && s[1] == 0x9a && s[2] == 0x80) /* U+1680 */
		return 3;
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x80 &&
	    (s[2] <= 0x8a || s[2] == 0xa8 || s[2] == 0xa9 || s[2] == 0xaf)) /* U+2000-200A, 2028, 2029, 202F */
		return s[2] >= 0x80 ? 3 : 0;
	if (n >= 3 && s[0] == 0xe2 && s[1] == 0x81 && s[2] == 0x9f) /* U+205F */
		return 3;
	if (n >= 3 && s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80) /* U+3000 */
		return 3;
	return 0;
}

/* Does a white-space character end at s[n]? Its length, or 0. */
static size_t
py_space_before(const unsigned char *s, size_t n)
{
	for (size_t k = 1; k <= 3 && k <= n; k++)
		if (py_space_at(s + n - k, k) == k)
			return k;
	return 0;
}

/* s[0..n) as str.strip() leaves it. */
static char *
py_strip(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t a = 0, b = n, k;
	while (a < b && (k = py_space_at(u + a, b - a)) != 0)
		a += k;
	while (b > a && (k = py_space_before(u + a, b - a)) != 0)
		b -= k;
	return qw_xstrndup(s + a, b - a);
}

static char *
strip0(const char *s)
{
	return py_strip(s, strlen(s));
}


static const char *
pair_get(const qw_str_pair *p, size_t n, const char *a)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(p[i].a, a))
			return p[i].b;
	return NULL;
}

/* A provider label as the normaliser compares it: stripped, lower-cased, through provider_aliases ("" stays ""). */
static char *
canon(const qw_hermes_models *m, const char *label)
{
	char *t = strip0(label ? label : ""), *l = qw_lower(t);
	free(t);
	const char *to = *l ? pair_get(m->aliases, m->naliases, l) : NULL;
	if (to) {
		free(l);
		return qw_xstrdup(to);
	}
	return l;
}

/* name without a "<prefix>/" that names provider (canonical); else name unchanged. */
static char *
strip_matching(const qw_hermes_models *m, const char *name, const char *provider)
{
	const char *slash = strchr(name, '/');
	if (!slash)
		return qw_xstrdup(name);
	char *pre = py_strip(name, (size_t)(slash - name)), *rest = strip0(slash + 1);
	bool hit = false;
	if (*pre && *rest && *provider) {
		char *p = canon(m, pre);
		hit = !strcmp(p, provider);
		free(p);
	}
	free(pre);
	if (hit)
		return rest;
	free(rest);
	return qw_xstrdup(name);
}

static char *
dots_to_hyphens(const char *s)
{
	char *o = qw_xstrdup(s);
	for (char *q = o; *q; q++)
		if (*q == '.')
			*q = '-';
	return o;
}

/* add_vendor: the vendor of a bare id, or NULL. */
static const char *
vendor_of(const qw_hermes_models *m, const char *name)
{
	char *l = qw_lower(name);
	size_t tok = strcspn(l, "-");
	const char *v = NULL;
	for (size_t i = 0; i < m->nvendor_prefixes && !v; i++)
		if (strlen(m->vendor_prefixes[i].a) == tok && !strncmp(l, m->vendor_prefixes[i].a, tok))
			v = m->vendor_prefixes[i].b;
	for (size_t i = 0; i < m->nvendor_prefixes && !v; i++)
		if (qw_startswith(l, m->vendor_prefixes[i].a))
			v = m->vendor_prefixes[i].b;
	free(l);
	return v;
}

/* copilot: the id Copilot takes, or "" (then the next class applies). Offline: no catalogue. */
static char *
copilot_id(const qw_hermes_models *m, const char *raw)
{
	const char *slash = strchr(raw, '/');
	char *cands[3] = {NULL, NULL, NULL};
	size_t nc = 0;
	cands[nc++] = qw_xstrdup(raw);
	if (slash)
		cands[nc++] = strip0(slash + 1);
	if (qw_endswith(raw, "-mini") || qw_endswith(raw, "-nano") || qw_endswith(raw, "-chat"))
		cands[nc++] = qw_xstrndup(raw, strlen(raw) - 5);
	const char *hit = NULL;
	for (size_t i = 0; i < nc && !hit; i++)
		if (*cands[i])
			hit = pair_get(m->copilot_aliases, m->ncopilot_aliases, cands[i]);
	char *out = hit ? qw_xstrdup(hit) : slash ? strip0(slash + 1) : qw_xstrdup(raw);
	for (size_t i = 0; i < nc; i++)
		free(cands[i]);
	return out;
}

/* deepseek: "deepseek-v", digits, then the end or "-"/"." and at least one more character. */
static bool
deepseek_v_series(const qw_hermes_models *m, const char *s)
{
	if (!m->ds_v_prefix || !qw_startswith(s, m->ds_v_prefix))
		return false;
	s += strlen(m->ds_v_prefix);
	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s))
		s++;
	return !*s || ((*s == '-' || *s == '.') && s[1] && !strchr(s + 1, '\n'));
}

static char *
deepseek_id(const qw_hermes_models *m, const char *bare)
{
	char *l = qw_lower(bare);
	if (qw_str_in(m->ds_canonical, m->nds_canonical, l) || deepseek_v_series(m, l))
		return l;
	bool reasoner = false;
	for (size_t i = 0; i < m->nds_keywords && !reasoner; i++)
		reasoner = strstr(l, m->ds_keywords[i]) != NULL;
	free(l);
	const char *o = reasoner ? m->ds_reasoner : m->ds_chat;
	return qw_xstrdup(o ? o : bare);
}

/* One class's rewrite of name (stripped, non-empty) for provider (canonical). */
static char *
apply_class(const qw_hermes_models *m, const qw_model_class *c, const char *name, const char *provider)
{
	const char *k = c->kind, *slash = strchr(name, '/');
	if (!strcmp(k, "add_vendor")) {
		const char *v = slash ? NULL : vendor_of(m, name);
		return v ? qw_xprintf("%s/%s", v, name) : qw_xstrdup(name);
	}
	if (!strcmp(k, "strip_any")) {
		char *bare = slash ? strip0(slash + 1) : NULL;
		if (!bare || !*bare) {
			free(bare);
			bare = qw_xstrdup(name);
		}
		if (c->hyphen_prefix && qw_startswith_nocase(bare, c->hyphen_prefix)) {
			char *h = dots_to_hyphens(bare);
			free(bare);
			return h;
		}
		return bare;
	}
	if (!strcmp(k, "dots_to_hyphens") || !strcmp(k, "deepseek")) {
		char *bare = strip_matching(m, name, provider);
		if (strchr(bare, '/'))
			return bare;
		char *o = !strcmp(k, "deepseek") ? deepseek_id(m, bare) : dots_to_hyphens(bare);
		free(bare);
		return o;
	}
	if (!strcmp(k, "copilot"))
		return copilot_id(m, name);
	if (!strcmp(k, "strip_vendor")) {
		char *s = strip_matching(m, name, provider);
		if (!strcmp(s, name) && c->drop_prefix && qw_startswith(name, c->drop_prefix)) {
			free(s);
			return qw_xstrdup(name + strlen(c->drop_prefix));
		}
		return s;
	}
	if (!strcmp(k, "strip_matching")) {
		char *s = strip_matching(m, name, provider);
		if (qw_str_in(c->lowercase, c->nlowercase, provider)) {
			char *l = qw_lower(s);
			free(s);
			return l;
		}
		return s;
	}
	return qw_xstrdup(name); /* keep, or a kind this qwlint does not know */
}

char *
qw_hermes_model_name(const qw_kb *kb, const char *provider, const char *model)
{
	const qw_hermes_models *m = qw_kb_hermes_models(kb);
	char *name = strip0(model ? model : "");
	if (!*name)
		return name;
	char *p1 = canon(m, provider), *p = canon(m, p1); /* Hermes canonicalises the label twice: no alias chains */
	free(p1);
	char *out = NULL;
	for (size_t i = 0; i < m->nclasses && !out; i++) {
		const qw_model_class *c = &m->classes[i];
		if (!*p || !qw_str_in(c->providers, c->nproviders, p))
			continue;
		out = apply_class(m, c, name, p);
		if (!*out && !strcmp(c->kind, "copilot")) { /* an empty answer falls through to the next class */
			free(out);
			out = NULL;
		}
	}
	free(p);
	if (!out)
		return name;
	free(name);
	return out;
}

void
qw_request_model_sent(const qw_kb *kb, qw_request *r, const char *written_provider)
{
	if (!r->model || !r->provider)
		return;
	const qw_hermes_models *m = qw_kb_hermes_models(kb);
	const char *label = written_provider;
	if (!label) {
		/* resolve_runtime_provider labels every custom endpoint "custom", a named one too */
		label = qw_startswith(r->provider, "custom:") ? "custom" : r->provider;
		if (qw_str_in(m->main_skipped, m->nmain_skipped, label)) {
			if (!*r->model) { /* sent as written: an empty id is no id */
				free(r->model);
				r->model = NULL;
			}
			return;
		}
	} else {
		char *l = canon(m, label);
		bool skip = qw_str_in(m->fallback_skipped, m->nfallback_skipped, l);
		free(l);
		if (skip)
			return;
	}
	char *sent = qw_hermes_model_name(kb, label, r->model);
	if (!*sent) { /* Hermes has no model id (the oracle prints none) */
		if (*r->model)
			qw_request_step(r, "model \"%s\" is blank once Hermes strips it: no model id is sent", r->model);
		free(sent);
		free(r->model);
		r->model = NULL;
		return;
	}
	if (strcmp(sent, r->model))
		qw_request_step(r, "Hermes sends model \"%s\" (normalized from \"%s\" for %s by "
				   "model_normalize.normalize_model_for_provider)", sent, r->model, label);
	free(r->model);
	r->model = sent;
}
