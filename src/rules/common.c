/*
 * common.c - what several rule families share (common.h): the key/endpoint verdict, request origins, the Hermes
 * and application repairs of a plan key at the wrong endpoint, .env appends, and small text helpers.
 * Nothing here reports on its own. Facts: ../shared/knowledge/hermes.md and providers.md; data in rules/.
 */
#include "common.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model.h"
#include "secret.h"
#include "url.h"
#include "util.h"

qw_span
qw_scalar_text(const qw_source *src, qw_span span)
{
	if (span.end - span.start >= 2 && (src->data[span.start] == '"' || src->data[span.start] == '\'') &&
	    src->data[span.end - 1] == src->data[span.start])
		return (qw_span){span.start + 1, span.end - 1};
	return span;
}

/* The first line break at or after off, or NULL. */
static const char *
next_break(const qw_source *src, size_t off)
{
	for (size_t i = off; i < src->len; i++)
		if (src->data[i] == '\n' || src->data[i] == '\r')
			return src->data + i;
	return NULL;
}

/* The line break style of the line holding off: "\r\n", "\n", or a lone "\r" (old Mac files: python-dotenv,
 * Python's universal newlines and YAML all read it as a line break, and a text inserted with "\n" would leave the
 * file with mixed line ends). The last line, when it has none, takes the file's first; a file with none, "\n". */
const char *
qw_line_break(const qw_source *src, size_t off)
{
	const char *b = next_break(src, off);
	if (!b)
		b = next_break(src, 0);
	if (!b)
		return "\n";
	if (*b == '\n')
		return "\n";
	return b + 1 < src->data + src->len && b[1] == '\n' ? "\r\n" : "\r";
}

bool
qw_in_set(const qw_set *set, const qw_source *src)
{
	if (!src)
		return false;
	qw_source *s;
	for (size_t i = 0; (s = qw_set_source(set, i)) != NULL; i++)
		if (s == src)
			return true;
	return false;
}

/* Where to point a finding about a request: the first of the given origins that is in a file of this set being
 * reported, else in one read for context (where the finding is dropped: with pre-commit passing only config.yaml,
 * a misrouted key is shown at config.yaml's provider line, not lost at the .env line). */
const qw_origin *
qw_pick_origin(const qw_set *set, const qw_origin *a, const qw_origin *b, const qw_origin *c)
{
	const qw_origin *list[] = {a, b, c};
	for (int i = 0; i < 3; i++)
		if (list[i] && list[i]->src && list[i]->src->report && qw_in_set(set, list[i]->src))
			return list[i];
	for (int i = 0; i < 3; i++)
		if (list[i] && list[i]->src && qw_in_set(set, list[i]->src))
			return list[i];
	for (int i = 0; i < 3; i++)
		if (list[i] && list[i]->src)
			return list[i];
	return NULL;
}

/* A request's trace, headed by its role only where the set has several kinds of request (a Hermes fallback, a
 * named provider): the main model's and an application's pair's first step already says which request it is. */
void
qw_trace_req(qw_finding *fd, const qw_set *set, const qw_request *r)
{
	if (set->hermes && strcmp(r->role, "model"))
		qw_trace(fd, "%s:", r->role);
	qw_trace_request(fd, r);
}

/* The base URLs of the plans a key family is accepted on, e.g. the four sk-sp- endpoints. */
char *
qw_accepted_endpoints(const qw_kb *kb, const qw_family *f, const char *vendor)
{
	qw_buf b = {0};
	size_t n;
	const qw_host *h = qw_kb_hosts_all(kb, &n);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(h[i].vendor, vendor) || !qw_family_has_plan(f, h[i].plan) || h[i].pattern[0] == '*')
			continue;
		for (size_t j = 0; j < h[i].npaths; j++)
			if (!strcmp(h[i].paths[j].protocol, "openai")) {
				qw_buf_printf(&b, "%shttps://%s%s", b.len ? ", " : "", h[i].pattern, h[i].paths[j].path);
				break;
			}
	}
	return qw_buf_steal(&b);
}

/* "a" or "an" before word (enough for the nouns qwlint prints). */
const char *
qw_article(const char *word)
{
	if (word[0] == 'x' && isupper((unsigned char)word[1]))
		return "an"; /* "an xAI key": the x is read as a letter */
	if ((word[0] == 'U' && isupper((unsigned char)word[1])) || (word[0] == 'E' && word[1] == 'u'))
		return "a"; /* "a US endpoint", "a Europe endpoint": both begin with a "you" sound */
	return strchr("aeiouAEIOU", word[0]) && word[0] ? "an" : "a";
}

/* The catalogue host url is on, and in *plan the plan of its base path (the path's own, else the host's); NULL for
 * a URL that does not parse or a host the catalogue does not know. */
const qw_host *
qw_url_endpoint(const qw_kb *kb, const char *url, const char **plan, const qw_hostpath **path)
{
	qw_url u;
	qw_url_parse(url, &u);
	const qw_host *h = u.problem ? NULL : qw_kb_host(kb, u.host);
	const qw_hostpath *hp = h ? qw_host_path(h, u.path) : NULL;
	qw_url_free(&u);
	if (plan)
		*plan = h ? qw_host_plan(h, hp) : NULL;
	if (path)
		*path = hp;
	return h;
}

/* Would the endpoint accept this key family at all? Only facts from the catalogue: a host whose plan is
 * `general` says nothing about plans, a host without only_keys says nothing about keys it does not know, and an
 * unknown host says nothing at all. */
qw_verdict
qw_classify(const qw_kb *kb, const qw_request *r, const qw_host **hostp, const qw_family **famp)
{
	*hostp = NULL;
	*famp = NULL;
	if (!r->simulated || !r->key || !r->base_url)
		return QW_V_OK;
	const char *plan;
	const qw_host *h = qw_url_endpoint(kb, r->base_url, &plan, NULL);
	if (!h)
		return QW_V_OK;
	size_t at;
	if (qw_key_defect(r->key, &at))
		return QW_V_OK; /* QW105 says what is wrong with it; its family means nothing */
	const qw_family *f = qw_kb_family(kb, r->key);
	*hostp = h;
	*famp = f;
	if (f && !f->model_key)
		return QW_V_OK; /* not an inference key at all: QW105 */
	if (f && *f->vendor && *h->vendor && strcmp(f->vendor, h->vendor))
		return QW_V_FOREIGN;
	if (f && h->legacy_why)
		return QW_V_LEGACY;
	if (f && !strcmp(plan, "payg") && f->nplans && !qw_family_has_plan(f, "payg") &&
	    !qw_family_has_plan(f, "general"))
		return QW_V_PLAN_ON_PAYG;
	if (!qw_host_takes_key(h, r->key))
		return QW_V_PAYG_ON_PLAN;
	return QW_V_OK;
}

/* h's only_keys as "sk-sp-" or "sk-kimi-, sk-tp-". The caller frees. */
char *
qw_only_keys_text(const qw_host *h)
{
	qw_buf b = {0};
	for (size_t i = 0; i < h->nonly_keys; i++)
		qw_buf_printf(&b, "%s%s", i ? ", " : "", h->only_keys[i]);
	return qw_buf_steal(&b);
}

void
qw_explain_verdict(qw_ctx *ctx, qw_finding *fd, qw_verdict v, const qw_host *h, const qw_family *f)
{
	if (v == QW_V_PLAN_ON_PAYG) {
		char *acc = qw_accepted_endpoints(ctx->kb, f, f->vendor);
		qw_trace(fd, "%s is a pay-as-you-go host; %.7s… keys are accepted only at %s", h->pattern, f->prefix,
			 acc);
		free(acc);
	} else if (v == QW_V_PAYG_ON_PLAN) {
		char *ok = qw_only_keys_text(h);
		qw_trace(fd, "%s is a %s endpoint: it accepts only that plan's own keys (%s), not %s", h->pattern,
			 qw_kb_plan_name(ctx->kb, h->plan), ok, f ? f->name : "a general API key");
		free(ok);
	} else if (v == QW_V_FOREIGN) {
		qw_trace(fd, "the key is %s %s (%.7s…), but %s belongs to %s", qw_article(f->name), f->name, f->prefix,
			 h->pattern, h->vendor);
	} else if (v == QW_V_LEGACY) {
		qw_trace(fd, "%s is %s", h->pattern, h->legacy_why);
	}
	if (v != QW_V_OK)
		qw_trace(fd, "expect HTTP %s", h->answer ? h->answer : "401");
}

/* The path (as opened) and display path of a file beside src, for a repair that creates it. */
static void
sibling(const qw_source *src, const char *name, char **fs, char **shown)
{
	char *d = qw_dirname(src->fs_path);
	*fs = qw_path_join(d, name);
	free(d);
	if (strchr(src->path, '/')) {
		d = qw_dirname(src->path);
		*shown = qw_path_join(d, name);
		free(d);
	} else {
		*shown = qw_xstrdup(name);
	}
}

/* Bytes from the start of n's line to n: how deep a key sits, for a key inserted beside it. */
static size_t
indent_of(const qw_source *src, const qw_node *n)
{
	int l, c;
	qw_source_pos(src, n->span.start, &l, &c);
	return n->span.start - qw_source_line(src, l).start;
}

/* Is the pair's value a YAML alias (`model: *base`)? The tree points it at the anchored node, which an alias
 * must follow: its text comes before the key. An edit there would change every user of the anchor. */
static bool
alias_value(const qw_pair *p)
{
	return p->value && p->key && p->value->span.start < p->key->span.end;
}

/* Where the text of n's last key or item ends: the deepest last value of a block collection. libyaml ends a
 * block mapping where the next token starts, after the comments and blank lines that follow it, and a key added
 * there would land under them. A flow collection, an alias and a scalar end where their text ends. */
static size_t
content_end(const qw_source *src, const qw_node *n)
{
	for (int depth = 0; depth < QW_TREE_MAX_DEPTH; depth++) {
		bool flow = n->span.start < src->len && (src->data[n->span.start] == '[' || src->data[n->span.start] == '{');
		if (flow || (n->type == QW_NODE_MAP ? !n->npairs : n->type == QW_NODE_SEQ ? !n->nitems : true))
			break;
		if (n->type == QW_NODE_SEQ) {
			n = n->items[n->nitems - 1];
			continue;
		}
		const qw_pair *p = &n->pairs[n->npairs - 1];
		if (!p->value || alias_value(p) || p->value->span.end <= p->key->span.end)
			return p->key->span.end; /* `key:` with nothing, or `key: *x`: the key's line */
		n = p->value;
	}
	return n->span.end;
}

/* The seed article's repair (hermes.md §4, "Why the custom fix works"): model.provider custom, model.base_url the
 * Coding Plan endpoint of the key's region, model.api_key ${VAR} (Hermes expands it from .env, so no secret is
 * copied), model.default kept. Values are replaced in place; missing keys are inserted under model: with the
 * file's own indentation; a missing model: mapping is created. Unsafe when the region is only a default. */
static void
fixit_custom_coding(qw_ctx *ctx, qw_finding *fd, const qw_request *r, const char *url, bool safe)
{
	qw_set *set = ctx->set;
	qw_source *src = set->config;
	const qw_node *root = set->config_doc ? set->config_doc->root : NULL;
	if (!r->key_var || strcmp(r->role, "model"))
		return;
	if (!src && set->env && set->env->fs_path) {
		/* no config.yaml: create it with just the model section */
		char *fs, *shown;
		struct stat sb;
		sibling(set->env, "config.yaml", &fs, &shown);
		if (lstat(fs, &sb) != 0) {
			qw_fixit *x = qw_fixit_begin(fd, safe ? QW_FIX_SAFE : QW_FIX_UNSAFE,
						     "create config.yaml with provider: custom, base_url: %s, api_key: "
						     "${%s}%s",
						     url, r->key_var, safe ? "" : " (a guess: an sk-sp- key may be Coding Plan or Token Plan, of either region)");
			qw_fixit_create(x, fs, shown);
			char *text = qw_xprintf("model:\n  provider: custom\n  base_url: %s\n  api_key: ${%s}\n", url,
						r->key_var);
			qw_fixit_edit(x, 0, 0, text);
			qw_fixit_key(x, "model");
			free(text);
		}
		free(fs);
		free(shown);
		return;
	}
	if (!src || !root || root->type != QW_NODE_MAP)
		return;
	const qw_pair *mp = qw_map_pair(root, "model");
	if (mp && alias_value(mp))
		return; /* model: *base: the edits would change the anchored section too; the hint says what to write */
	bool block_map = mp && mp->value && mp->value->type == QW_NODE_MAP && src->data[mp->value->span.start] != '{';
	bool scalar = mp && mp->value && mp->value->type == QW_NODE_SCALAR && qw_node_str(mp->value);
	if (mp && !block_map && !scalar)
		return; /* a flow mapping or another shape: the hint says what to write by hand */
	if (!mp && (!root->npairs || src->data[root->span.start] == '{'))
		return; /* the same for a flow mapping (or an empty one) at the root */
	const char *names[3] = {"provider", "base_url", "api_key"};
	for (size_t k = 0; block_map && k < mp->value->npairs; k++) {
		const qw_pair *p = &mp->value->pairs[k];
		const char *kn = qw_node_str(p->key);
		for (int i = 0; kn && i < 3; i++)
			if (!strcmp(kn, names[i]) && alias_value(p))
				return; /* provider: *p: the same */
	}
	char *apikey = qw_xprintf("${%s}", r->key_var);
	const char *values[3] = {"custom", url, apikey};
	qw_fixit *x = qw_fixit_new(fd, src, safe ? QW_FIX_SAFE : QW_FIX_UNSAFE,
				   "provider: custom, base_url: %s, api_key: %s%s", url, apikey,
				   safe ? "" : " (a guess: an sk-sp- key may be Coding Plan or Token Plan, of either region)");
	qw_fixit_key(x, "model");
	const char *nl = qw_line_break(src, 0);
	if (block_map) {
		const qw_node *m = mp->value;
		qw_buf add = {0};
		size_t indent = m->npairs ? indent_of(src, m->pairs[0].key) : 2;
		for (int i = 0; i < 3; i++) {
			const qw_pair *p = NULL;
			for (size_t k = m->npairs; k-- > 0 && !p;)
				if (qw_node_str(m->pairs[k].key) && !strcmp(m->pairs[k].key->str, names[i]))
					p = &m->pairs[k];
			if (p && p->value && p->value->span.end > p->value->span.start) {
				qw_fixit_edit(x, p->value->span.start, p->value->span.end, values[i]);
			} else if (p) { /* `key:` with nothing after it */
				char *t = qw_xprintf(" %s", values[i]);
				qw_fixit_edit(x, p->key->span.end + 1, p->key->span.end + 1, t);
				free(t);
			} else {
				qw_buf_printf(&add, "%s%*s%s: %s", nl, (int)indent, "", names[i], values[i]);
			}
		}
		if (add.len) {
			/* after the section's last key and value: comments and blank lines after them stay below */
			size_t end = content_end(src, m);
			int l, c;
			qw_source_pos(src, end ? end - 1 : 0, &l, &c);
			qw_span ls = qw_source_line(src, l);
			qw_fixit_edit(x, ls.end, ls.end, add.data);
		}
		qw_buf_free(&add);
	} else if (scalar) {
		/* model: <name>  ->  a mapping that keeps the name as default */
		qw_span v = mp->value->span;
		size_t colon = mp->key->span.end;
		while (colon < v.start && src->data[colon] != ':')
			colon++;
		char *name = qw_xstrndup(src->data + v.start, v.end - v.start);
		char *blk = qw_xprintf("%s  default: %s%s  provider: custom%s  base_url: %s%s  api_key: %s", nl, name, nl,
				       nl, url, nl, apikey);
		qw_fixit_edit(x, colon + 1, v.end, blk);
		free(blk);
		free(name);
	} else {
		/* a new model: key at the end, as deep as the root's own keys (a root indented by two spaces is valid
		 * YAML, and a key at column 0 after it would start a second document) */
		int ind = (int)indent_of(src, root->pairs[0].key);
		qw_buf b = {0};
		if (src->len && src->data[src->len - 1] != '\n' && src->data[src->len - 1] != '\r')
			qw_buf_adds(&b, nl);
		qw_buf_printf(&b, "%*smodel:%s%*s  provider: custom%s%*s  base_url: %s%s%*s  api_key: %s%s", ind, "", nl,
			      ind, "", nl, ind, "", url, nl, ind, "", apikey, nl);
		qw_fixit_edit(x, src->len, src->len, b.data);
		qw_buf_free(&b);
	}
	free(apikey);
}

/* The .env variable whose value starts at offset start (a .env URL's origin is its value span), or NULL. */
const qw_envvar *
qw_env_var_at(const qw_set *set, size_t start)
{
	const qw_envvar *v = NULL;
	for (size_t i = 0; set->dotenv && i < set->dotenv->nvars; i++)
		if (set->dotenv->vars[i].value_span.start == start)
			v = &set->dotenv->vars[i];
	return v;
}

/* The QW101 repair when provider custom takes its base URL from a .env variable (CUSTOM_BASE_URL, which Hermes
 * reads before model.base_url; hermes.md §4): that variable is what to change, since writing model: would change
 * nothing. Its new value is url when that is sure (safe: --probe's answer, or the region is known); else
 * model.base_url when that is an endpoint which takes the key (safe too: the user wrote it there); else url, a
 * guess. Only a value written plainly is edited (no quotes, no comment). Returns false when the URL does not come
 * from .env. */
static bool
fix_env_url(qw_ctx *ctx, qw_finding *fd, const qw_request *r, const char *url, bool safe)
{
	qw_set *set = ctx->set;
	if (!r->custom || !set->env || r->url_from.src != set->env || !set->dotenv)
		return false;
	const qw_envvar *v = qw_env_var_at(set, r->url_from.span.start);
	if (!v)
		return false;
	/* model.base_url is printed and copied only when it shows as it is: no user:password@, no ?query (a key) */
	const char *cfg = qw_map_str(qw_model_section(set), "base_url");
	char *shown = cfg ? qw_url_shown(cfg) : NULL;
	if (shown && strcmp(shown, cfg))
		cfg = NULL;
	free(shown);
	if (!safe && cfg && qw_url_endpoint(ctx->kb, cfg, NULL, NULL)) {
		qw_request alt = *r;
		alt.base_url = (char *)cfg;
		const qw_host *h;
		const qw_family *f;
		if (qw_classify(ctx->kb, &alt, &h, &f) == QW_V_OK) {
			url = cfg;
			safe = true;
		}
	}
	qw_fix_hint(fd, "in .env set %s=%s%s: it overrides model.base_url", v->key, url,
		    safe ? "" : " (mainland; coding-intl for an international key)");
	size_t a = v->value_span.start, n = v->value_span.end - a;
	if (strlen(v->env_value) == n && !memcmp(set->env->data + a, v->env_value, n)) {
		qw_fixit *x = qw_fixit_new(fd, set->env, safe ? QW_FIX_SAFE : QW_FIX_UNSAFE, "set %s to %s in .env%s",
					   v->key, url, safe ? "" : " (a guess: an sk-sp- key may be Coding Plan or Token Plan, of either region)");
		qw_fixit_edit(x, a, a + n, url);
		qw_fixit_key(x, v->key);
	}
	return true;
}

void
qw_fix_for_plan_key(qw_finding *fd, qw_ctx *ctx, const qw_request *r)
{
	/* --probe's answer beats a stated region: it names the one endpoint that took the key */
	const qw_probe_result *pa = qw_probe_accepting(r->probe);
	if (pa && !strcmp(pa->host->vendor, "alibaba") && (!strcmp(pa->plan, "coding") || !strcmp(pa->plan, "token"))) {
		if (fix_env_url(ctx, fd, r, pa->base, true))
			return;
		char *kind = qw_probe_key_kind(ctx->kb, pa);
		qw_fix_hint(fd, "--probe: %s accepts the key (%s); in config.yaml set model.provider: custom, "
				"model.base_url: %s and model.api_key: ${%s}",
			    pa->base, kind, pa->base, r->key_var ? r->key_var : "DASHSCOPE_API_KEY");
		free(kind);
		fixit_custom_coding(ctx, fd, r, pa->base, true);
		return;
	}
	/* A stated region picks the host, never the plan: an sk-sp- key may be Coding Plan or Token Plan (issue 23),
	 * so the Coding Plan endpoint stays a guess (unsafe) whatever --region says; only --probe (above) knows. */
	const char *region = ctx->opt->region ? ctx->opt->region : ctx->set->region;
	char *url = qw_kb_plan_base(ctx->kb, "alibaba", "coding", region && !strcmp(region, "intl") ? "intl" : "cn",
				    "openai");
	if (!url)
		return;
	if ((!region || !strcmp(region, "cn") || !strcmp(region, "intl")) && fix_env_url(ctx, fd, r, url, false)) {
		free(url);
		return;
	}
	qw_fix_hint(fd,
		    "in config.yaml set model.provider: custom, model.base_url: %s%s and model.api_key: "
		    "${DASHSCOPE_API_KEY} (a Token Plan key needs its token-plan host instead)",
		    url, region ? "" : " (mainland; coding-intl for an international key)");
	if (!region || !strcmp(region, "cn") || !strcmp(region, "intl"))
		fixit_custom_coding(ctx, fd, r, url, false);
	free(url);
}

qw_finding *
qw_report_parse_error(qw_ctx *ctx, const qw_rule *rule, qw_source *src, const qw_parse_error *e)
{
	size_t off = e->offset;
	/* a parser may mark the token after a bad tab; PyYAML (Hermes) and editors point at the tab itself */
	if (strstr(e->msg, "tab")) {
		int l, c;
		qw_source_pos(src, off, &l, &c);
		qw_span ls = qw_source_line(src, l);
		size_t p = ls.start;
		while (p < off && src->data[p] == ' ')
			p++;
		if (p < off && src->data[p] == '\t')
			off = p;
	}
	qw_parse_error fixed = *e;
	fixed.offset = off;
	e = &fixed;
	size_t end = e->offset < src->len ? e->offset + 1 : e->offset;
	qw_finding *f;
	if (e->line && e->offset == 0 && e->line > 1) {
		qw_span ls = qw_source_line(src, e->line);
		f = qw_report(ctx, rule, src, (qw_span){ls.start, ls.start}, "%s", e->msg);
	} else {
		f = qw_report(ctx, rule, src, (qw_span){e->offset, end}, "%s", e->msg);
	}
	if (e->maybe_readable)
		qw_finding_set_severity(f, QW_SEV_WARNING);
	return f;
}

/* Add to x a part that appends NAME=value (value already quoted for .env) as the last line of the set's .env,
 * in the file's own line-break style, or creates .env beside `beside` (mode 0600) when the set has none. */
void
qw_env_append(qw_fixit *x, qw_set *set, const qw_source *beside, const char *name, const char *value)
{
	if (set->env) {
		const char *nl = qw_line_break(set->env, 0);
		bool ends = !set->env->len || set->env->data[set->env->len - 1] == '\n' ||
			    set->env->data[set->env->len - 1] == '\r';
		char *text = qw_xprintf("%s%s=%s%s", ends ? "" : nl, name, value, nl);
		qw_fixit_also(x, set->env);
		qw_fixit_edit(x, set->env->len, set->env->len, text);
		free(text);
	} else {
		char *fs, *shown;
		sibling(beside, ".env", &fs, &shown);
		char *text = qw_xprintf("%s=%s\n", name, value);
		qw_fixit_create(x, fs, shown);
		qw_fixit_edit(x, 0, 0, text);
		free(text);
		free(fs);
		free(shown);
	}
	qw_fixit_key(x, name);
}

/* alibaba-coding-plan sent to its registry default (coding-intl) with no region stated: QW307's case. */
bool
qw_coding_plan_default(const qw_ctx *ctx, const qw_set *set, const qw_request *r)
{
	return !ctx->opt->region && !set->region && r->prov && !strcmp(r->prov->id, "alibaba-coding-plan") &&
	       r->base_url && !r->url_from.src;
}

const qw_probe_result *
qw_probe_configured(const qw_probe_report *rep)
{
	for (size_t i = 0; rep && i < rep->n; i++)
		if (rep->v[i].configured)
			return &rep->v[i];
	return NULL;
}

const qw_probe_result *
qw_probe_accepting(const qw_probe_report *rep)
{
	const qw_probe_result *first = NULL;
	for (size_t i = 0; rep && i < rep->n; i++) {
		const qw_probe_result *x = &rep->v[i];
		if (!qw_probe_authenticated(x->cls))
			continue;
		if (!first)
			first = x;
		else if (strcmp(first->plan, x->plan) || strcmp(first->host->region, x->host->region))
			return NULL;
	}
	return first;
}

char *
qw_probe_key_kind(const qw_kb *kb, const qw_probe_result *x)
{
	const char *region = qw_kb_region_name(kb, x->host->region, x->host->vendor);
	/* a vendor with one plan per host (Zhipu's general) is named by the vendor instead */
	const char *what = strcmp(x->plan, "general") ? qw_kb_plan_name(kb, x->plan) : x->host->vendor;
	return qw_xprintf("%s %s %s key", qw_article(region), region, what);
}
