/*
 * rules.c - every rule's check function and the table that names them. A check reads the set (parsed files and
 * the requests model.c resolved) and reports findings; it never changes the set.
 *
 * Facts behind the rules: ../shared/knowledge/hermes.md (Hermes behaviour) and providers.md (hosts, keys); the
 * data itself is in the YAML files of rules/.
 */
#include "rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "appenv.h"
#include "dify.h"
#include "edit.h"
#include "model.h"
#include "placeholder.h"
#include "rules_auth.h"
#include "rules_dify.h"
#include "rules_probe.h"
#include "secret.h"
#include "url.h"
#include "util.h"
#include "vcs.h"

/* ------------------------------------------------------------------ helpers */

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
static const char *
line_break(const qw_source *src, size_t off)
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

static bool
in_set(const qw_set *set, const qw_source *src)
{
	return src && (src == set->config || src == set->env || src == set->auth);
}

/* Where to point a finding about a request: the first of the given origins that is in a file of this set being
 * reported, else in one read for context (where the finding is dropped: with pre-commit passing only config.yaml,
 * a misrouted key is shown at config.yaml's provider line, not lost at the .env line). */
const qw_origin *
qw_pick_origin(const qw_set *set, const qw_origin *a, const qw_origin *b, const qw_origin *c)
{
	const qw_origin *list[] = {a, b, c};
	for (int i = 0; i < 3; i++)
		if (list[i] && list[i]->src && list[i]->src->report && in_set(set, list[i]->src))
			return list[i];
	for (int i = 0; i < 3; i++)
		if (list[i] && list[i]->src && in_set(set, list[i]->src))
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

static qw_finding *
report_at(qw_ctx *ctx, const char *id, const qw_origin *o, const char *msg)
{
	return qw_report(ctx, id, o->src, o->span, "%s", msg);
}

/* The base URLs of the plans a key family is accepted on, e.g. the four sk-sp- endpoints. */
static char *
accepted_endpoints(const qw_kb *kb, const qw_family *f, const char *vendor)
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
	return strchr("aeiouAEIOU", word[0]) && word[0] ? "an" : "a";
}

const char *
qw_plan_name(const char *plan)
{
	return !strcmp(plan, "payg")	    ? "pay-as-you-go"
	       : !strcmp(plan, "coding")    ? "Coding Plan"
	       : !strcmp(plan, "token")     ? "Token Plan"
	       : !strcmp(plan, "kimi-code") ? "Kimi Code"
					    : plan;
}

/* The catalogue host url is on, and in *plan the plan of its base path (the path's own, else the host's); NULL for
 * a URL that does not parse or a host the catalogue does not know. */
static const qw_host *
url_endpoint(const qw_kb *kb, const char *url, const char **plan, const qw_hostpath **path)
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

typedef enum verdict { V_OK, V_PLAN_ON_PAYG, V_PAYG_ON_PLAN, V_FOREIGN, V_LEGACY } verdict;

/* Would the endpoint accept this key family at all? Only facts from the catalogue: a host whose plan is
 * `general` says nothing about plans, a host without only_keys says nothing about keys it does not know, and an
 * unknown host says nothing at all. */
static verdict
classify(const qw_kb *kb, const qw_request *r, const qw_host **hostp, const qw_family **famp)
{
	*hostp = NULL;
	*famp = NULL;
	if (!r->simulated || !r->key || !r->base_url)
		return V_OK;
	const char *plan;
	const qw_host *h = url_endpoint(kb, r->base_url, &plan, NULL);
	if (!h)
		return V_OK;
	size_t at;
	if (qw_key_defect(r->key, &at))
		return V_OK; /* QW105 says what is wrong with it; its family means nothing */
	const qw_family *f = qw_kb_family(kb, r->key);
	*hostp = h;
	*famp = f;
	if (f && !f->model_key)
		return V_OK; /* not an inference key at all: QW105 */
	if (f && *f->vendor && *h->vendor && strcmp(f->vendor, h->vendor))
		return V_FOREIGN;
	if (f && h->legacy_why)
		return V_LEGACY;
	if (f && !strcmp(plan, "payg") && f->nplans && !qw_family_has_plan(f, "payg") &&
	    !qw_family_has_plan(f, "general"))
		return V_PLAN_ON_PAYG;
	if (!qw_host_takes_key(h, r->key))
		return V_PAYG_ON_PLAN;
	return V_OK;
}

/* h's only_keys as "sk-sp-" or "sk-kimi-, sk-tp-". The caller frees. */
static char *
only_keys_text(const qw_host *h)
{
	qw_buf b = {0};
	for (size_t i = 0; i < h->nonly_keys; i++)
		qw_buf_printf(&b, "%s%s", i ? ", " : "", h->only_keys[i]);
	return qw_buf_steal(&b);
}

static void
explain_verdict(qw_ctx *ctx, qw_finding *fd, verdict v, const qw_host *h, const qw_family *f)
{
	if (v == V_PLAN_ON_PAYG) {
		char *acc = accepted_endpoints(ctx->kb, f, f->vendor);
		qw_trace(fd, "%s is a pay-as-you-go host; %.7s… keys are accepted only at %s", h->pattern, f->prefix,
			 acc);
		free(acc);
	} else if (v == V_PAYG_ON_PLAN) {
		char *ok = only_keys_text(h);
		qw_trace(fd, "%s is a %s endpoint: it accepts only that plan's own keys (%s), not %s", h->pattern,
			 qw_plan_name(h->plan), ok, f ? f->name : "a general API key");
		free(ok);
	} else if (v == V_FOREIGN) {
		qw_trace(fd, "the key is %s %s (%.7s…), but %s belongs to %s", qw_article(f->name), f->name, f->prefix,
			 h->pattern, h->vendor);
	} else if (v == V_LEGACY) {
		qw_trace(fd, "%s is %s", h->pattern, h->legacy_why);
	}
	if (v != V_OK)
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
	const char *nl = line_break(src, 0);
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
static const qw_envvar *
env_var_at(const qw_set *set, size_t start)
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
	const qw_envvar *v = env_var_at(set, r->url_from.span.start);
	if (!v)
		return false;
	/* model.base_url is printed and copied only when it shows as it is: no user:password@, no ?query (a key) */
	const char *cfg = qw_map_str(qw_model_section(set), "base_url");
	char *shown = cfg ? qw_url_shown(cfg) : NULL;
	if (shown && strcmp(shown, cfg))
		cfg = NULL;
	free(shown);
	if (!safe && cfg && url_endpoint(ctx->kb, cfg, NULL, NULL)) {
		qw_request alt = *r;
		alt.base_url = (char *)cfg;
		const qw_host *h;
		const qw_family *f;
		if (classify(ctx->kb, &alt, &h, &f) == V_OK) {
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

/* QW101's repair in an application's .env: the app has no config.yaml, so the variable to change is its own
 * base-URL variable. Safe only with --probe's answer (an sk-sp- key does not say whether it is a Coding Plan or
 * a Token Plan key, nor which region issued it); otherwise the hint lists the endpoints and the repair, a guess
 * (the mainland Coding Plan), is unsafe. Only an OpenAI-style or vendor base (not an Anthropic one) is
 * repaired, and only a value written plainly. */
static void
app_fix_plan_url(qw_finding *fd, qw_ctx *ctx, const qw_request *r, const qw_family *f)
{
	qw_set *set = ctx->set;
	const qw_envvar *v = r->url_from.src == set->env ? env_var_at(set, r->url_from.span.start) : NULL;
	const char *var = v ? v->key : r->url_from.what;
	const qw_probe_result *pa = qw_probe_accepting(qw_probe_of(ctx, r));
	bool anthropic = r->api_mode && !strcmp(r->api_mode, "anthropic");
	const char *url = NULL;
	bool safe = false;
	if (pa && !strcmp(pa->host->vendor, "alibaba") && (!strcmp(pa->plan, "coding") || !strcmp(pa->plan, "token"))) {
		url = pa->base;
		safe = true;
		char *kind = qw_probe_key_kind(pa);
		qw_fix_hint(fd, "--probe: %s accepts the key (%s); set %s=%s", pa->base, kind, var, pa->base);
		free(kind);
	} else {
		char *acc = accepted_endpoints(ctx->kb, f, f->vendor);
		qw_fix_hint(fd, "set %s to your plan's endpoint%s: %s", var,
			    anthropic ? " (its Anthropic-compatible base)" : "", acc);
		free(acc);
		url = "https://coding.dashscope.aliyuncs.com/v1";
	}
	if (anthropic || !v)
		return;
	size_t a = v->value_span.start, n = v->value_span.end - a;
	if (strlen(v->env_value) == n && !memcmp(set->env->data + a, v->env_value, n)) {
		qw_fixit *x = qw_fixit_new(fd, set->env, safe ? QW_FIX_SAFE : QW_FIX_UNSAFE, "set %s to %s%s", v->key,
					   url, safe ? "" : " (a guess: the mainland Coding Plan)");
		qw_fixit_edit(x, a, a + n, url);
		qw_fixit_key(x, v->key);
	}
}

static void
fix_for_plan_key(qw_finding *fd, qw_ctx *ctx, const qw_request *r)
{
	/* --probe's answer beats a stated region: it names the one endpoint that took the key */
	const qw_probe_result *pa = qw_probe_accepting(qw_probe_of(ctx, r));
	if (pa && !strcmp(pa->host->vendor, "alibaba") && (!strcmp(pa->plan, "coding") || !strcmp(pa->plan, "token"))) {
		if (fix_env_url(ctx, fd, r, pa->base, true))
			return;
		char *kind = qw_probe_key_kind(pa);
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
	const char *url = region && !strcmp(region, "intl") ? "https://coding-intl.dashscope.aliyuncs.com/v1"
							     : "https://coding.dashscope.aliyuncs.com/v1";
	if ((!region || !strcmp(region, "cn") || !strcmp(region, "intl")) && fix_env_url(ctx, fd, r, url, false))
		return;
	qw_fix_hint(fd,
		    "in config.yaml set model.provider: custom, model.base_url: %s%s and model.api_key: "
		    "${DASHSCOPE_API_KEY} (a Token Plan key needs its token-plan host instead)",
		    url, region ? "" : " (mainland; coding-intl for an international key)");
	if (!region || !strcmp(region, "cn") || !strcmp(region, "intl"))
		fixit_custom_coding(ctx, fd, r, url, false);
}

/* ------------------------------------------------------------------ QW0xx: syntax */

qw_finding *
qw_report_parse_error(qw_ctx *ctx, const char *id, qw_source *src, const qw_parse_error *e)
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
		f = qw_report(ctx, id, src, (qw_span){ls.start, ls.start}, "%s", e->msg);
	} else {
		f = qw_report(ctx, id, src, (qw_span){e->offset, end}, "%s", e->msg);
	}
	if (e->maybe_readable)
		qw_finding_set_severity(f, QW_SEV_WARNING);
	return f;
}

static void
check_yaml_syntax(qw_ctx *ctx, qw_set *set)
{
	if (set->config && set->config_err.failed) {
		qw_finding *f = qw_report_parse_error(ctx, "QW001", set->config, &set->config_err);
		qw_trace(f, "Hermes falls back to its last-known-good config or the defaults when config.yaml does "
			    "not parse, so none of this file's settings apply");
	}
	for (size_t i = 0; set->dify && i < set->dify->n; i++) {
		const qw_dify_file *df = &set->dify->v[i];
		if (df->kind != QW_DIFY_ENV && df->err.failed) {
			qw_finding *f = qw_report_parse_error(ctx, "QW001", df->src, &df->err);
			qw_trace(f, df->kind == QW_DIFY_DSL ? "Dify's import reads the DSL with a YAML parser and refuses it"
							    : "the plugin daemon cannot read the plugin's manifest");
		}
	}
}

static void
check_json_syntax(qw_ctx *ctx, qw_set *set)
{
	if (set->auth && set->auth_err.failed) {
		qw_report_parse_error(ctx, "QW002", set->auth, &set->auth_err);
		qw_trace(&ctx->out->v[ctx->out->n - 1],
			 "Hermes copies an unreadable auth.json to auth.json.corrupt and continues with an empty store");
	}
}

/* The 1-based line of a dotenv parse error. */
static int
error_line(const qw_source *src, const qw_parse_error *e)
{
	int l = e->line, c;
	if (!l)
		qw_source_pos(src, e->offset, &l, &c);
	return l;
}

/* An application's .env: who reads it is unknown, and python-dotenv (what most Python apps use) warns about a line
 * it cannot parse and skips it, reading the rest. So lines that are not
 * assignments (a docstring at the top of .env.example) are a warning, one per block of adjacent lines, not an
 * error per line: the request does not surely fail. */
static void
app_dotenv_syntax(qw_ctx *ctx, qw_set *set)
{
	const qw_dotenv *d = set->dotenv;
	for (size_t i = 0; i < d->nerrors;) {
		int first = error_line(set->env, &d->errors[i]), last = first;
		size_t j = i + 1;
		while (j < d->nerrors && error_line(set->env, &d->errors[j]) <= last + 1)
			last = error_line(set->env, &d->errors[j++]);
		qw_finding *fd = qw_report_parse_error(ctx, "QW003", set->env, &d->errors[i]);
		qw_finding_set_severity(fd, QW_SEV_WARNING);
		if (last > first) {
			free(fd->message);
			fd->message = qw_xprintf("lines %d-%d are not KEY=VALUE assignments (%s)", first, last,
						 d->errors[i].msg);
		}
		qw_trace(fd, "python-dotenv warns \"could not parse statement\" and skips such lines, reading the rest; "
			     "other readers may not");
		qw_fix_hint(fd, "start each such line with '#' to make it a comment");
		i = j;
	}
}

static void
check_dotenv_syntax(qw_ctx *ctx, qw_set *set)
{
	if (set->env && set->dotenv && qw_appenv_applies(set))
		app_dotenv_syntax(ctx, set);
	for (size_t i = 0; set->env && set->dotenv && !qw_appenv_applies(set) && i < set->dotenv->nerrors; i++)
		qw_report_parse_error(ctx, "QW003", set->env, &set->dotenv->errors[i]);
	for (size_t i = 0; set->dify && i < set->dify->n; i++)
		for (size_t k = 0; set->dify->v[i].env && k < set->dify->v[i].env->nerrors; k++)
			qw_report_parse_error(ctx, "QW003", set->dify->v[i].src, &set->dify->v[i].env->errors[k]);
}

/* ------------------------------------------------------------------ QW1xx: key vs endpoint */

/* Delete the one line of .env that sets var (Hermes's key-prefix routing then applies). Not when var is set twice:
 * the earlier value would take over. The .env is backed up first: the line is gone from it. */
static void
fixit_delete_env_line(qw_finding *fd, qw_set *set, const char *var)
{
	const qw_envvar *v = NULL;
	for (size_t i = 0; set->dotenv && i < set->dotenv->nvars; i++)
		if (!strcmp(set->dotenv->vars[i].key, var)) {
			if (v)
				return;
			v = &set->dotenv->vars[i];
		}
	if (!v)
		return;
	size_t e = v->line_span.end;
	if (e < set->env->len && set->env->data[e] == '\r')
		e++;
	if (e < set->env->len && set->env->data[e] == '\n')
		e++;
	qw_fixit *x = qw_fixit_new(fd, set->env, QW_FIX_SAFE, "delete %s", var);
	qw_fixit_edit(x, v->line_span.start, e, "");
	qw_fixit_key(x, var);
	qw_fixit_backup(x);
}

static void
check_key_endpoint(qw_ctx *ctx, qw_set *set, verdict want, const char *id)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		const qw_host *h;
		const qw_family *f;
		verdict v = classify(ctx->kb, r, &h, &f);
		if (v != want || (r->via_auto && !strcmp(r->role, "model")))
			continue; /* QW301 tells the auto story */
		const qw_origin *o = qw_pick_origin(set, &r->url_from, &r->provider_from, &r->key_from);
		if (!o)
			continue;
		char *m = qw_mask(ctx->kb, r->key);
		char *msg = v == V_PLAN_ON_PAYG
				    ? qw_xprintf("%s %s is sent to the pay-as-you-go endpoint %s", f->name, m, r->shown_url)
			    : v == V_PAYG_ON_PLAN && f
				    ? qw_xprintf("%s %s is sent to the %s endpoint %s", f->name, m, qw_plan_name(h->plan),
						 r->shown_url)
			    : v == V_PAYG_ON_PLAN
				    ? qw_xprintf("a key that is not a %s key (%s) is sent to the %s endpoint %s",
						 qw_plan_name(h->plan), m, qw_plan_name(h->plan), r->shown_url)
			    : v == V_LEGACY
				    ? qw_xprintf("%s %s is sent to %s, a deprecated API that does not take it", f->name, m,
						 r->shown_url)
				    : qw_xprintf("%s %s is sent to %s, a host of another vendor", f->name, m,
						 r->shown_url);
		if (!strncmp(msg, "a ", 2))
			msg[0] = 'A'; /* a family name keeps its own case ("xAI (Grok) API key") */
		qw_finding *fd = report_at(ctx, id, o, msg);
		free(msg);
		free(m);
		char conf = v == V_PAYG_ON_PLAN ? h->only_keys_conf : v == V_LEGACY ? h->legacy_conf : 'H';
		if (conf == 'L' || conf == 'U')
			qw_finding_set_severity(fd, QW_SEV_WARNING);
		qw_trace_req(fd, set, r);
		explain_verdict(ctx, fd, v, h, f);
		if (v == V_PLAN_ON_PAYG && !strcmp(f->vendor, "alibaba") && !set->hermes) {
			app_fix_plan_url(fd, ctx, r, f);
		} else if (v == V_PLAN_ON_PAYG && !strcmp(f->vendor, "alibaba")) {
			fix_for_plan_key(fd, ctx, r);
		} else if (v == V_PLAN_ON_PAYG) {
			if (r->prov && r->prov->kp_prefix && qw_startswith(r->key, r->prov->kp_prefix) &&
			    r->prov->base_url_env && r->url_from.src == ctx->set->env) {
				qw_fix_hint(fd, "delete %s: %s sends %.7s… keys to %s by itself", r->prov->base_url_env,
					    r->prov->id, r->prov->kp_prefix, r->prov->kp_base_url);
				fixit_delete_env_line(fd, ctx->set, r->prov->base_url_env);
			} else {
				char *acc = accepted_endpoints(ctx->kb, f, f->vendor);
				qw_fix_hint(fd, "send this key to %s", acc);
				free(acc);
			}
		} else if (v == V_PAYG_ON_PLAN && !strcmp(h->vendor, "alibaba")) {
			qw_fix_hint(fd, "use the plan's own sk-sp- key here, or send this key to a pay-as-you-go host "
					"(https://dashscope.aliyuncs.com/compatible-mode/v1 or dashscope-intl)");
		} else if (v == V_PAYG_ON_PLAN) {
			char *ok = only_keys_text(h);
			qw_fix_hint(fd, "use the plan's own key (%s) here, or send this key to the endpoint that issued it",
				    ok);
			free(ok);
		} else if (v == V_LEGACY) {
			qw_fix_hint(fd, "send the key to %s", h->legacy_use);
		} else {
			qw_fix_hint(fd, "use %s %s key for this endpoint, or point this request at %s %s endpoint",
				    qw_article(h->vendor), h->vendor, qw_article(f->vendor), f->vendor);
		}
	}
}

static void
check_plan_key_on_payg(qw_ctx *ctx, qw_set *set)
{
	check_key_endpoint(ctx, set, V_PLAN_ON_PAYG, "QW101");
}

static void
check_payg_key_on_plan(qw_ctx *ctx, qw_set *set)
{
	check_key_endpoint(ctx, set, V_PAYG_ON_PLAN, "QW102");
}

/* The vendor a vendor-named key variable is for (rules/app-env.yaml pairs' vendor: DASHSCOPE_API_KEY is
 * alibaba's, GLM_API_KEY zhipu's), or NULL for a protocol variable such as ANTHROPIC_API_KEY, which other vendors'
 * compatible endpoints document too. */
static const char *
key_var_vendor(const qw_kb *kb, const char *var)
{
	size_t n;
	const qw_app_pair *p = qw_kb_app_pairs(kb, &n);
	for (size_t i = 0; var && i < n; i++)
		for (size_t k = 0; p[i].vendor && k < p[i].nkey; k++)
			if (!strcmp(p[i].key[k], var))
				return p[i].vendor;
	return NULL;
}

static void
check_foreign_key(qw_ctx *ctx, qw_set *set)
{
	check_key_endpoint(ctx, set, V_FOREIGN, "QW104");
	/* A key with no distinctive prefix, read from a built-in provider's own vendor-named variable, sent to a
	 * base URL written in the files that is another vendor's catalogue host: provider: alibaba or zai with the
	 * base_url: https://openrouter.ai/api/v1 that cli-config.yaml.example leaves behind (Hermes honours
	 * model.base_url for the canonical id, so the DashScope key goes to openrouter.ai). The key's vendor is
	 * inferred from its variable, not read from the key: a warning. */
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		const qw_host *h;
		const qw_family *f;
		if (!r->simulated || r->custom || !r->prov || r->prov->aggregator || !r->key || !r->key_var ||
		    !r->url_from.src || !r->base_url || classify(ctx->kb, r, &h, &f) != V_OK || !h || (f && *f->vendor))
			continue;
		const char *kv = key_var_vendor(ctx->kb, r->key_var);
		const qw_host *ph = r->prov->default_base_url ? url_endpoint(ctx->kb, r->prov->default_base_url, NULL, NULL)
							      : NULL;
		if (!kv || !ph || strcmp(kv, ph->vendor) || !*h->vendor || !strcmp(h->vendor, kv) || h->conf != 'H')
			continue;
		const qw_origin *o = qw_pick_origin(set, &r->url_from, &r->provider_from, &r->key_from);
		if (!o)
			continue;
		char *m = qw_mask(ctx->kb, r->key);
		qw_finding *fd = qw_report(ctx, "QW104", o->src, o->span,
					   "the %s key in %s (%s) is sent to %s, a host of %s", kv, r->key_var, m,
					   r->shown_url, h->vendor);
		free(m);
		qw_finding_set_severity(fd, QW_SEV_WARNING);
		qw_trace(fd, "%s:", r->role);
		qw_trace_request(fd, r);
		qw_trace(fd, "%s is %s's variable and the key has no distinctive prefix, so it is taken for %s %s key; "
			     "%s belongs to %s: expect HTTP %s",
			 r->key_var, r->prov->id, qw_article(kv), kv, h->pattern, h->vendor, h->answer ? h->answer : "401");
		qw_fix_hint(fd, "delete %s (a leftover such as cli-config.yaml.example's openrouter.ai): %s then uses "
				"its own endpoint %s%s%s",
			    r->url_from.what, r->prov->id, r->prov->default_base_url,
			    r->prov->base_url_env ? ", or the one in " : "",
			    r->prov->base_url_env ? r->prov->base_url_env : "");
	}
}

static void
check_legacy_flow(qw_ctx *ctx, qw_set *set)
{
	check_key_endpoint(ctx, set, V_LEGACY, "QW107");
}

static char *repair_key(const qw_set *set, const qw_source *src, qw_span span, const char *var);

/* QW106: the model a request names is in none of the catalogue's lists for the plan its endpoint serves. */
static void
check_model_in_plan(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		if (!r->simulated || !r->base_url || !r->model || !r->model_from.src || strchr(r->model, '/'))
			continue; /* a vendor/ prefix is QW302's story */
		const char *plan;
		const qw_host *h = url_endpoint(ctx->kb, r->base_url, &plan, NULL);
		const qw_plan_models *pm = plan ? qw_kb_plan_models(ctx->kb, h->vendor, plan) : NULL;
		if (!pm)
			continue;
		const char *nocase = NULL;
		bool listed = false;
		for (size_t k = 0; k < pm->nmodels && !listed; k++) {
			listed = !strcmp(pm->models[k], r->model);
			if (!nocase && qw_streq_nocase(pm->models[k], r->model))
				nocase = pm->models[k];
		}
		if (listed)
			continue;
		qw_finding *fd;
		if (nocase) {
			fd = qw_report(ctx, "QW106", r->model_from.src, r->model_from.span,
				       "model \"%s\" is not served by the %s endpoint %s: model ids are case-sensitive, "
				       "the plan's is \"%s\"",
				       r->model, qw_plan_name(plan), r->shown_url, nocase);
			qw_span t = qw_scalar_text(r->model_from.src, r->model_from.span);
			size_t n = strlen(r->model);
			if (t.end - t.start == n && !memcmp(r->model_from.src->data + t.start, r->model, n)) {
				qw_fixit *x = qw_fixit_new(fd, r->model_from.src, QW_FIX_SAFE, "write the model id as %s",
							   nocase);
				qw_fixit_edit(x, t.start, t.end, nocase);
				char *k = repair_key(set, r->model_from.src, r->model_from.span, r->model_from.what);
				qw_fixit_key(x, k);
				free(k);
			}
			qw_fix_hint(fd, "write the model id as %s", nocase);
		} else {
			qw_buf l = {0};
			for (size_t k = 0; k < pm->nmodels; k++)
				qw_buf_printf(&l, "%s%s", k ? ", " : "", pm->models[k]);
			fd = qw_report(ctx, "QW106", r->model_from.src, r->model_from.span,
				       "model \"%s\" is not in the %s model list of %s (as of %s)", r->model,
				       qw_plan_name(plan), h->pattern, pm->as_of ? pm->as_of : "?");
			qw_trace(fd, "the %s %s serves: %s", h->vendor, qw_plan_name(plan), l.data);
			qw_fix_hint(fd, "use a model the plan serves, or check the vendor's current list: plan model lists "
					"change every few months");
			qw_buf_free(&l);
		}
		qw_trace_req(fd, set, r);
		qw_trace(fd, "a plan endpoint answers a model it does not serve with an error such as \"model '%s' is not "
			     "supported\" (providers.md §1.3; list source: %s)",
			 r->model, pm->source ? pm->source : "rules/models.yaml");
	}
}

/* QW108: key material in a variable that sends it the wrong way (rules/app-env.yaml), in an application's .env. */
static void
check_wrong_variable(qw_ctx *ctx, qw_set *set)
{
	/* Hermes reads its variables itself (hermes.md); what it does with, say, an OAuth token in ANTHROPIC_API_KEY
	 * is not established, so its homes are left out. */
	if (!qw_appenv_applies(set))
		return;
	size_t nw;
	const qw_wrong_var *w = qw_kb_wrong_vars(ctx->kb, &nw);
	for (size_t i = 0; i < nw; i++)
		for (size_t j = 0; j < w[i].nvars; j++) {
			const qw_envvar *v = qw_model_env(set, w[i].vars[j]);
			if (!v || strstr(v->env_value, "${"))
				continue;
			qw_finding *fd = NULL;
			char *m = qw_mask(ctx->kb, v->env_value);
			if (w[i].prefix && qw_startswith(v->env_value, w[i].prefix)) {
				const qw_family *f = qw_kb_family(ctx->kb, v->env_value);
				fd = qw_report(ctx, "QW108", set->env, v->value_span, "%s holds %s %s %s: %s", v->key,
					       f ? qw_article(f->name) : "a", f ? f->name : "key", m, w[i].why);
			} else if (w[i].must_be_empty && w[i].when_base_host) {
				const qw_app_pair *p = qw_appenv_pair_of(ctx->kb, v->key);
				const qw_envvar *b = p ? qw_model_env_first(set, p->base, p->nbase) : NULL;
				qw_url u;
				qw_url_parse(b ? b->env_value : "", &u);
				bool hit = b && !u.problem && !strcmp(u.host, w[i].when_base_host);
				qw_url_free(&u);
				if (hit) {
					fd = qw_report(ctx, "QW108", set->env, v->value_span, "%s must be empty here: %s",
						       v->key, w[i].why);
					char *bw = qw_origin_where(&(qw_origin){set->env, b->value_span, NULL});
					qw_trace(fd, "%s at %s points at %s", b->key, bw, w[i].when_base_host);
					free(bw);
				}
			}
			free(m);
			if (!fd)
				continue;
			if (w[i].warning)
				qw_finding_set_severity(fd, QW_SEV_WARNING);
			qw_trace(fd, "source: %s", w[i].source ? w[i].source : "rules/app-env.yaml");
			qw_fix_hint(fd, "%s", w[i].use);
		}
	/* A vendor-named variable (GROQ_API_KEY) holding another vendor's distinctive key, with no base URL in the
	 * file: the client that reads it calls its own vendor. With a base URL, QW104 judges the pair instead. */
	size_t np;
	const qw_app_pair *p = qw_kb_app_pairs(ctx->kb, &np);
	for (size_t i = 0; i < np; i++) {
		if (!p[i].vendor || qw_model_env_first(set, p[i].base, p[i].nbase))
			continue;
		for (size_t j = 0; j < p[i].nkey; j++) {
			const qw_envvar *v = qw_model_env(set, p[i].key[j]);
			const qw_family *f = v ? qw_kb_family(ctx->kb, v->env_value) : NULL;
			if (!f || !f->model_key || !*f->vendor || !strcmp(f->vendor, p[i].vendor))
				continue;
			char *m = qw_mask(ctx->kb, v->env_value);
			qw_finding *fd = qw_report(ctx, "QW108", set->env, v->value_span,
						   "%s holds %s %s %s, but clients read %s to call %s", v->key, qw_article(f->name),
						   f->name, m, v->key, p[i].vendor);
			free(m);
			/* where the client sends it is inferred (a warning), unless the key works on its own vendor's
			 * hosts only: then no client of another vendor's variable can succeed with it (an error) */
			if (!f->vendor_hosts_only)
				qw_finding_set_severity(fd, QW_SEV_WARNING);
			qw_trace(fd, "the key's prefix (%.7s…) belongs to %s; without a base URL in this file, a client "
				     "reading %s sends it to %s's own endpoint, which answers 401 (or 400)",
				 f->prefix, f->vendor, v->key, p[i].vendor);
			if (f->vendor_hosts_only)
				qw_trace(fd, "%s keys work only on %s's own hosts (rules/keys.yaml), so the request cannot "
					     "succeed wherever the client points", f->name, f->vendor);
			qw_fix_hint(fd, "put the key in %s's own variable, or put a %s key here", f->vendor, p[i].vendor);
		}
	}
}

/* A region's name; "intl" is Singapore only for Alibaba (other vendors' global sites say no city). */
const char *
qw_region_name(const char *r, const char *vendor)
{
	return !strcmp(r, "cn")	    ? "mainland China"
	       : !strcmp(r, "intl") ? (strcmp(vendor, "alibaba") ? "international" : "international (Singapore)")
	       : !strcmp(r, "us")   ? "US"
	       : !strcmp(r, "hk")   ? "Hong Kong"
	       : !strcmp(r, "jp")   ? "Japan"
	       : !strcmp(r, "eu")   ? "Europe"
				    : r;
}

static const qw_host *
request_host(const qw_kb *kb, const qw_request *r)
{
	if (!r->simulated || !r->base_url)
		return NULL;
	const qw_host *h = url_endpoint(kb, r->base_url, NULL, NULL);
	return h && strcmp(h->region, "global") && qw_kb_region_bound(kb, h->vendor) ? h : NULL;
}

static void fixit_url_host(qw_finding *fd, qw_set *set, const qw_request *r, const qw_probe_result *pa);
static void env_append(qw_fixit *x, qw_set *set, const qw_source *beside, const char *name, const char *value);
static bool coding_plan_default(const qw_ctx *ctx, const qw_set *set, const qw_request *r);

/* QW103 from --probe: the configured endpoint rejected the key and an endpoint of the same vendor and plan in
 * another region took it. Returns whether the probe settled the request (reported, or shown to work). */
static bool
region_by_probe(qw_ctx *ctx, qw_set *set, qw_request *r, const qw_host *h, const qw_origin *o)
{
	const qw_probe_report *rep = qw_probe_of(ctx, r);
	const qw_probe_result *pc = qw_probe_configured(rep), *pa = qw_probe_accepting(rep);
	if (pc && qw_probe_authenticated(pc->cls))
		return true; /* the key works where it is sent, whatever region was stated */
	if (!pc || !qw_probe_rejected(pc->cls) || !pa || strcmp(pa->host->vendor, h->vendor) ||
	    strcmp(pa->plan, pc->plan) || !strcmp(pa->host->region, h->region))
		return false;
	if (coding_plan_default(ctx, set, r))
		return true; /* QW307 says it, with its repair */
	char *kind = qw_probe_key_kind(pa);
	char *m = qw_mask(ctx->kb, r->key);
	qw_finding *fd = qw_report(ctx, "QW103", o->src, o->span,
				   "%s is %s (--probe), but it is sent to %s, %s %s endpoint", m, kind, r->shown_url,
				   qw_article(qw_region_name(h->region, h->vendor)), qw_region_name(h->region, h->vendor));
	qw_finding_set_severity(fd, QW_SEV_ERROR);
	qw_trace_req(fd, set, r);
	qw_trace(fd, "--probe: %s answered %ld%s%s (%s); %s accepted the key", pc->base, pc->status,
		 pc->code ? " " : "", pc->code ? pc->code : "", qw_probe_class_name(pc->cls), pa->base);
	qw_fix_hint(fd, "send the key to %s", pa->base);
	fixit_url_host(fd, set, r, pa);
	free(m);
	free(kind);
	return true;
}

/* The same endpoint (vendor, plan, path) in region ev, as a base URL, or NULL when the catalogue has no one
 * host for it. The caller frees. */
static char *
same_endpoint_in(const qw_kb *kb, const qw_request *r, const qw_host *h, const char *ev)
{
	const qw_hostpath *hp;
	const char *plan;
	if (!url_endpoint(kb, r->base_url, &plan, &hp) || !hp)
		return NULL;
	size_t n;
	const qw_host *all = qw_kb_hosts_all(kb, &n);
	const qw_host *hit = NULL;
	for (size_t i = 0; i < n; i++) {
		const qw_host *c = &all[i];
		if (c->pattern[0] == '*' || strcmp(c->vendor, h->vendor) || strcmp(c->region, ev) ||
		    !qw_host_path(c, hp->path) || strcmp(qw_host_plan(c, qw_host_path(c, hp->path)), plan))
			continue;
		if (hit)
			return NULL; /* two candidates: which one is not known */
		hit = c;
	}
	return hit ? qw_xprintf("https://%s%s", hit->pattern, hp->path) : NULL;
}

/* A stated region against a provider's registry default (alibaba-coding-plan's coding-intl): the repair QW307
 * offers without --region, with the host of the stated region. More information must not give less help
 * (issue 23). Unsafe: the stated region is the user's word about every key, not proof about this one. */
static void
fixit_region_default(qw_finding *fd, qw_ctx *ctx, qw_set *set, const qw_request *r, const qw_host *h,
		     const char *ev)
{
	if (r->url_from.src || !r->prov || !r->prov->base_url_env || strcmp(r->role, "model") || !set->env ||
	    !set->env->fs_path || qw_dotenv_get(set->dotenv, r->prov->base_url_env))
		return;
	/* a key the endpoint refuses for its plan (QW301/QW101: an sk-sp- key at a pay-as-you-go host) is refused in
	 * the other region too: moving it there is no repair, and with QW301's it would leave a variable QW303 then
	 * advises deleting */
	const qw_host *ph;
	const qw_family *pf;
	if (classify(ctx->kb, r, &ph, &pf) != V_OK)
		return;
	char *url = same_endpoint_in(ctx->kb, r, h, ev);
	if (!url)
		return;
	qw_fix_hint(fd, "set %s=%s in .env", r->prov->base_url_env, url);
	qw_fixit *x = qw_fixit_begin(fd, QW_FIX_UNSAFE, "set %s to the %s endpoint in .env (the stated region, not "
					"proof about this key)", r->prov->base_url_env, qw_region_name(ev, h->vendor));
	env_append(x, set, set->env, r->prov->base_url_env, url);
	free(url);
}

static void
check_region(qw_ctx *ctx, qw_set *set)
{
	const char *ev = ctx->opt->region ? ctx->opt->region : set->region;
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		const qw_host *h = request_host(ctx->kb, r);
		if (!h || !r->key)
			continue;
		const qw_origin *o = qw_pick_origin(set, &r->url_from, &r->provider_from, &r->key_from);
		if (!o)
			continue;
		if (region_by_probe(ctx, set, r, h, o))
			continue;
		if (ev) {
			if (!strcmp(h->region, ev))
				continue;
			char *m = qw_mask(ctx->kb, r->key);
			qw_finding *fd = qw_report(ctx, "QW103", o->src, o->span,
						   "%s key %s is sent to %s, %s %s endpoint", qw_region_name(ev, h->vendor), m,
						   r->shown_url, qw_article(qw_region_name(h->region, h->vendor)),
						   qw_region_name(h->region, h->vendor));
			free(m);
			qw_trace_req(fd, set, r);
			if (ctx->opt->region)
				qw_trace(fd, "--region %s says the keys are %s keys", ev, qw_region_name(ev, h->vendor));
			else {
				char *w = qw_origin_where(&set->region_from);
				qw_trace(fd, "region: %s in %s says the keys are %s keys", ev, w,
					 qw_region_name(ev, h->vendor));
				free(w);
			}
			if (!strcmp(h->vendor, "alibaba"))
				qw_trace(fd, "Alibaba: \"API Keys are independent per region and cannot be used across "
					     "regions\"; expect HTTP 401");
			else
				qw_trace(fd, "%s issues separate keys per region (separate account systems): a key works only "
					     "where it was issued; expect HTTP %s",
					 h->vendor, h->answer ? h->answer : "401");
			fixit_region_default(fd, ctx, set, r, h, ev);
			continue;
		}
		/* No stated region: the same key sent to hosts of two regions is evidence one of them is wrong. */
		for (size_t j = 0; j < i; j++) {
			qw_request *q = &set->reqs[j];
			const qw_host *qh = request_host(ctx->kb, q);
			if (!qh || !q->key || strcmp(q->key, r->key) || !strcmp(qh->region, h->region) ||
			    strcmp(qh->vendor, h->vendor))
				continue;
			/* a request that fails on its plan already says nothing about the key's region */
			const qw_host *x;
			const qw_family *y;
			if (classify(ctx->kb, r, &x, &y) != V_OK || classify(ctx->kb, q, &x, &y) != V_OK)
				continue;
			char *fp = qw_fingerprint(r->key);
			qw_finding *fd = qw_report(ctx, "QW103", o->src, o->span,
						   "the same key (%s) is sent to %s %s endpoint here and to %s %s endpoint by "
						   "%s; a key works in one region only",
						   fp, qw_article(qw_region_name(h->region, h->vendor)),
						   qw_region_name(h->region, h->vendor),
						   qw_article(qw_region_name(qh->region, h->vendor)),
						   qw_region_name(qh->region, h->vendor), q->role);
			qw_finding_set_severity(fd, QW_SEV_WARNING);
			free(fp);
			qw_trace(fd, "%s goes to %s; %s goes to %s", r->role, r->shown_url, q->role, q->shown_url);
			qw_trace(fd, "the region is inferred; say which it is with --region or region: in .qwlint.yaml");
			break;
		}
	}
}

/* Placeholders sent verbatim, bad characters, an inline comment Hermes keeps, an AccessKey ID. */
/* The document key a repair at span of src changes, for the re-parse check: the variable for a .env, the node's
 * path for YAML and JSON. The caller frees. */
static char *
repair_key(const qw_set *set, const qw_source *src, qw_span span, const char *var)
{
	if (src == set->env && var)
		return qw_xstrdup(var);
	const qw_doc *doc = src == set->config ? set->config_doc : src == set->auth ? set->auth_doc : NULL;
	char *p = doc ? qw_edit_node_path(doc->root, span) : NULL;
	return p ? p : qw_xstrdup(var ? var : "");
}

/* --probe's repair of a region mismatch, to the endpoint pa that accepted the key. A base URL written in a file
 * of the set: its host becomes pa's, nothing else changes (the path, a port, the quoting stay). A provider's
 * registry default: the provider's base-URL variable, set to pa's base at the end of .env. */
static void
fixit_url_host(qw_finding *fd, qw_set *set, const qw_request *r, const qw_probe_result *pa)
{
	qw_source *src = r->url_from.src;
	const char *host = pa->host->pattern;
	if (!src && r->prov && r->prov->base_url_env && set->env && set->env->fs_path &&
	    !qw_dotenv_get(set->dotenv, r->prov->base_url_env) && !strcmp(r->role, "model")) {
		qw_fixit *x = qw_fixit_begin(fd, QW_FIX_SAFE, "set %s to %s in .env (--probe found the key accepted there)",
					     r->prov->base_url_env, pa->base);
		env_append(x, set, set->env, r->prov->base_url_env, pa->base);
		return;
	}
	if (!src || !in_set(set, src) || (src == set->env && !set->dotenv))
		return;
	qw_span t = src == set->env ? r->url_from.span : qw_scalar_text(src, r->url_from.span);
	const char *d = src->data;
	size_t hs = t.start;
	while (hs + 3 <= t.end && memcmp(d + hs, "://", 3))
		hs++;
	if (hs + 3 > t.end)
		return;
	hs += 3;
	size_t he = hs;
	while (he < t.end && d[he] != '/' && d[he] != ':' && d[he] != '?' && d[he] != '#')
		he++;
	qw_url u;
	qw_url_parse(r->base_url, &u);
	bool same = he - hs == strlen(u.host) && !strncasecmp(d + hs, u.host, he - hs);
	qw_url_free(&u);
	if (!same)
		return; /* the text is not the URL sent (a ${VAR} reference, an escape): no byte edit says it */
	const qw_envvar *ev = src == set->env ? env_var_at(set, t.start) : NULL;
	const char *var = ev ? ev->key : NULL;
	if (src == set->env && !var)
		return;
	qw_fixit *x = qw_fixit_new(fd, src, QW_FIX_SAFE, "send the key to %s (--probe found it accepted there)", host);
	qw_fixit_edit(x, hs, he, host);
	char *k = repair_key(set, src, r->url_from.span, var);
	qw_fixit_key(x, k);
	free(k);
}

/* Length of a zero-width character at s (U+200B-U+200D, U+2060, U+FEFF), 0 if none. */
static size_t
zero_width(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	if (u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x8B && u[2] <= 0x8D)
		return 3;
	if (u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0xA0)
		return 3;
	if (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
		return 3;
	return 0;
}

/* QW105's trim repair: delete from the value, as written, what cannot belong to a key (white space, stray quotes
 * and a "Bearer " prefix at the ends, zero-width characters anywhere), when the text in the file is the key byte
 * for byte (no escapes) and what remains is a well-formed key. Deletions only, so no key byte is ever copied
 * into a repair. */
static void
fixit_trim_key(qw_ctx *ctx, qw_finding *fd, qw_source *src, qw_span span, const char *key, const char *var)
{
	size_t a, b, n = strlen(key);
	if (span.end - span.start == n && !memcmp(src->data + span.start, key, n)) {
		a = span.start;
		b = span.end;
	} else {
		qw_span t = qw_scalar_text(src, span);
		a = t.start;
		b = t.end;
		if (b - a != n || memcmp(src->data + a, key, n))
			return;
	}
	size_t lo = 0, hi = n;
	for (bool again = true; again;) {
		again = false;
		while (lo < hi && strchr(" \t\"'", key[lo]) && key[lo])
			lo++, again = true;
		if (hi - lo > 7 && !strncasecmp(key + lo, "bearer", 6) && (key[lo + 6] == ' ' || key[lo + 6] == '\t')) {
			lo += 6;
			again = true;
		}
		while (hi > lo && strchr(" \t\"'", key[hi - 1]) && key[hi - 1])
			hi--, again = true;
	}
	qw_buf clean = {0};
	for (size_t i = lo; i < hi;) {
		size_t z = zero_width(key + i);
		if (z) {
			i += z;
			continue;
		}
		qw_buf_add(&clean, key + i, 1);
		i++;
	}
	size_t at;
	bool ok = clean.len && !qw_key_defect(clean.data, &at) && !qw_kb_placeholder(ctx->kb, clean.data) &&
		  !qw_kb_hermes_no_key(ctx->kb, clean.data);
	qw_buf_free(&clean);
	if (!ok)
		return;
	qw_fixit *x = qw_fixit_new(fd, src, QW_FIX_SAFE, "delete the characters around or inside the key that are not "
						     "part of it");
	if (lo)
		qw_fixit_edit(x, a, a + lo, "");
	for (size_t i = lo; i < hi;) {
		size_t z = zero_width(key + i);
		if (z)
			qw_fixit_edit(x, a + i, a + i + z, "");
		i += z ? z : 1;
	}
	if (hi < n)
		qw_fixit_edit(x, a + hi, b, "");
	char *k = repair_key(ctx->set, src, span, var);
	qw_fixit_key(x, k);
	free(k);
}

/* QW105's inline-comment repair: the comment moves to its own line above the variable, unchanged. */
static void
fixit_move_comment(qw_finding *fd, qw_source *src, const qw_envvar *ev)
{
	int l, c;
	qw_source_pos(src, ev->comment_at, &l, &c);
	qw_span ls = qw_source_line(src, l);
	if (ev->comment_at < ls.start || ev->comment_at > ls.end)
		return;
	size_t end = ls.end;
	const char *hash = memchr(src->data + ev->comment_at, '#', end - ev->comment_at);
	if (!hash)
		return;
	/* by length, not as a C string: a NUL in the comment must not cut off the bytes after it */
	qw_buf comment = {0};
	qw_buf_add(&comment, hash, (size_t)(src->data + end - hash));
	qw_buf_adds(&comment, line_break(src, ev->line_span.start));
	qw_fixit *x = qw_fixit_new(fd, src, QW_FIX_SAFE, "move the comment to its own line above %s", ev->key);
	qw_fixit_edit_n(x, ev->line_span.start, ev->line_span.start, comment.data, comment.len);
	qw_fixit_edit(x, ev->comment_at, end, "");
	qw_fixit_key(x, ev->key);
	qw_buf_free(&comment);
}

static void
key_defects(qw_ctx *ctx, qw_source *src, qw_span span, const char *key, const char *label, const qw_envvar *ev,
	    bool hermes_reader, bool sanitized)
{
	size_t at;
	const char *why = qw_key_defect(key, &at);
	const qw_family *f = qw_kb_family(ctx->kb, key);
	qw_finding *fd = NULL;
	if (hermes_reader && ev && ev->inline_comment && ev->quote) {
		fd = qw_report(ctx, "QW105", src, span,
			       "%s: Hermes's own .env reader keeps the quotes and the inline comment, so they are sent "
			       "as part of the key", label);
		qw_trace(fd, "config.load_env unquotes a value only when the whole value is one quoted string and has no "
			     "inline-comment support (hermes_cli/config.py:load_env at 306e2d2); python-dotenv, which other readers use, strips both");
		qw_fix_hint(fd, "move the comment to its own line above the variable");
		fixit_move_comment(fd, src, ev);
	} else if (hermes_reader && ev && ev->inline_comment) {
		fd = qw_report(ctx, "QW105", src, span,
			       "%s: Hermes's own .env reader has no inline-comment support, so ' # ...' is sent as part "
			       "of the key", label);
		qw_fix_hint(fd, "move the comment to its own line above the variable");
		fixit_move_comment(fd, src, ev);
	} else if (qw_is_placeholder(key) && (!qw_kb_placeholder(ctx->kb, key) || !ctx->set->hermes)) {
		/* a placeholder is no key yet, never a malformed one (no "white space" in <your key>): in a template
		 * it is the point, and in an application's file QW502 says what the program then sends */
		return;
	} else if (qw_kb_placeholder(ctx->kb, key)) {
		if (src->template)
			return;
		fd = qw_report(ctx, "QW105", src, span, "%s is a placeholder, not a key; Hermes sends it verbatim",
			       label);
		qw_fix_hint(fd, "paste the real key");
	} else if (why && sanitized && qw_key_only_invisible_defects(key)) {
		fd = qw_report(ctx, "QW105", src, span, "%s %s", label, why);
		qw_finding_set_severity(fd, QW_SEV_WARNING);
		qw_trace(fd, "Hermes strips non-ASCII characters from *_API_KEY, *_TOKEN, *_SECRET and *_KEY variables when "
			     "it loads .env into the environment (with a warning), so this key arrives clean; other "
			     "programs reading this file will not");
		qw_fix_hint(fd, "re-type or re-copy the value to drop the invisible character");
		fixit_trim_key(ctx, fd, src, span, key, ev ? ev->key : NULL);
		return;
	} else if (why) {
		fd = qw_report(ctx, "QW105", src, span, "%s %s", label, why);
		qw_fix_hint(fd, "re-copy the key from the console; keep only the key's own characters");
		fixit_trim_key(ctx, fd, src, span, key, ev ? ev->key : NULL);
	} else if (f && !f->model_key) {
		fd = qw_report(ctx, "QW105", src, span, "%s is an %s, not a model API key", label, f->name);
		qw_fix_hint(fd, "create an API key in the model service's console and use that");
	}
	if (fd)
		qw_trace(fd, "servers answer a malformed key with HTTP 401, or the client fails before sending");
}

static bool
sanitized_name(const char *name)
{
	return name && (qw_endswith(name, "_API_KEY") || qw_endswith(name, "_TOKEN") || qw_endswith(name, "_SECRET") ||
			qw_endswith(name, "_KEY"));
}

/* The key sent is Hermes's own .env parser's value of ev (config.load_env, stripped). */
static bool
sent_as_dotenv_reader(const char *key, const qw_envvar *ev)
{
	size_t n;
	const char *t = ev->hermes_value ? qw_trim(ev->hermes_value, &n) : NULL;
	return t && strlen(key) == n && !memcmp(key, t, n);
}

static void
check_malformed_key(qw_ctx *ctx, qw_set *set)
{
	/* Keys that reach a request, as the request will send them. */
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		if (!r->key || !r->key_from.src || !set->hermes)
			continue; /* an application's keys are .env variables: the loop below */
		const qw_envvar *ev = r->key_var ? qw_dotenv_get(set->dotenv, r->key_var) : NULL;
		/* built-in providers mostly read load_env's value, but not all (azure-foundry and copilot read
		 * os.environ's): what that reader keeps is sent only when the key sent is its value */
		bool hermes_reader = ev && !r->custom && r->prov && sent_as_dotenv_reader(r->key, ev);
		/* the custom resolver and ${VAR} read os.environ, which Hermes sanitizes */
		bool sanitized = r->key_from.src == set->env && !hermes_reader && sanitized_name(r->key_var);
		char *label = r->key_var ? qw_xprintf("%s", r->key_var) : qw_xstrdup(r->key_from.what);
		key_defects(ctx, r->key_from.src, r->key_from.span, r->key, label, ev, hermes_reader, sanitized);
		free(label);
	}
	/* A key sent to a vendor whose keys all have a shape this one lacks (Zhipu's id.secret). */
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		size_t at;
		if (!r->simulated || !r->key || !r->base_url || !r->key_from.src || qw_key_defect(r->key, &at) ||
		    qw_kb_placeholder(ctx->kb, r->key) || qw_kb_hermes_no_key(ctx->kb, r->key))
			continue;
		const qw_host *h = url_endpoint(ctx->kb, r->base_url, NULL, NULL);
		const qw_key_shape *ks = h ? qw_kb_key_shape(ctx->kb, h->vendor) : NULL;
		if (!ks || strstr(r->key, ks->contains) || qw_kb_family(ctx->kb, r->key))
			continue; /* a distinctive family of another vendor is QW104's */
		char *m = qw_mask(ctx->kb, r->key);
		qw_finding *fd = qw_report(ctx, "QW105", r->key_from.src, r->key_from.span, "%s (%s), sent to %s, %s",
					   r->key_var ? r->key_var : r->key_from.what, m, r->shown_url,
					   ks->why ? ks->why : "does not have the vendor's key shape");
		free(m);
		qw_finding_set_severity(fd, QW_SEV_WARNING);
		qw_trace_request(fd, r);
		qw_trace(fd, "source: %s", ks->source ? ks->source : "rules/keys.yaml");
		qw_fix_hint(fd, "copy the whole key from the console, including the part after the dot");
	}
	/* Every API-key variable of a .env, used or not (python-dotenv's view: what most programs read). */
	for (size_t i = 0; set->dotenv && i < set->dotenv->nvars; i++) {
		const qw_envvar *v = &set->dotenv->vars[i];
		if (!qw_is_api_key_name(ctx->kb, v->key) || !*v->env_value || qw_kb_hermes_no_key(ctx->kb, v->env_value))
			continue;
		key_defects(ctx, set->env, v->value_span, v->env_value, v->key, v, false,
			    set->hermes && sanitized_name(v->key));
	}
}

/* ------------------------------------------------------------------ QW2xx: base URLs */

typedef struct url_site {
	qw_source *src;
	qw_span span;
	const char *url;
	const char *label;
	const char *also;   /* another path that reaches the same text (a merge key's source), or NULL */
	const char *expect; /* "openai", "anthropic", NULL (either), "any" (the vendor's native API too), or
			     * "host_root" (the client appends its own full paths: rules/app-env.yaml base_urls) */
	const char *client; /* with host_root: who reads it */
	bool hermes;        /* Hermes strips a trailing /v1 from Anthropic bases */
	bool legacy;        /* a request sends a model key here and QW107 tells the story: no QW203 */
} url_site;

/* The keys a repair of site s changes: its path, and the other path that reaches the same text. */
static void
site_keys(qw_fixit *x, const url_site *s)
{
	qw_fixit_key(x, s->label);
	if (s->also)
		qw_fixit_key(x, s->also);
}

static bool
path_is_op(const char *path, const char **op)
{
	static const char *const ops[] = {"/chat/completions", "/completions", "/embeddings", "/messages",
					  "/responses"};
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (qw_endswith(path, ops[i])) {
			*op = ops[i];
			return true;
		}
	return false;
}

/* QW203's repair (unsafe: the other reading is that the client should speak the path's protocol instead):
 * replace the URL's path with the one the host serves for this client, when the file holds the URL as written. */
static void
fixit_replace_path(qw_finding *fd, const url_site *s, const char *host, const char *want)
{
	size_t n = strlen(s->url);
	qw_span t = qw_scalar_text(s->src, s->span);
	size_t a = t.start, b = t.end;
	if (b - a != n || memcmp(s->src->data + a, s->url, n))
		return; /* ${VAR} or an escape: the text is not the URL */
	const char *hs = strstr(s->url, "://");
	if (!hs)
		return;
	size_t ps = (size_t)(hs + 3 - s->url) + strcspn(hs + 3, "/?#");
	size_t pe = ps + strcspn(s->url + ps, "?#");
	qw_fixit *x = qw_fixit_new(fd, s->src, QW_FIX_UNSAFE, "use https://%s%s", host, want);
	qw_fixit_edit(x, a + ps, a + pe, want);
	site_keys(x, s);
}

/* The Anthropic base of h that path is with "/v1" appended, or NULL. */
static const qw_hostpath *
anthropic_base(const qw_host *h, const char *path)
{
	size_t n = strlen(path) - 3;
	for (size_t i = 0; i < h->npaths; i++)
		if (!strcmp(h->paths[i].protocol, "anthropic") && strlen(h->paths[i].path) == n &&
		    !strncmp(h->paths[i].path, path, n))
			return &h->paths[i];
	return NULL;
}

/* Does a client that speaks `expect` use a base of this protocol? */
static bool
proto_ok(const char *expect, const char *protocol)
{
	if (!expect)
		return strcmp(protocol, "native") != 0;
	return !strcmp(expect, "any") || !strcmp(expect, protocol);
}

static void
check_url_site(qw_ctx *ctx, const url_site *s, const char *only)
{
	if (qw_is_placeholder(s->url))
		return; /* no URL yet, not a malformed one: QW502 in a live file, nothing in a template */
	qw_url u;
	qw_url_parse(s->url, &u);
	if (u.problem) {
		if (!only || !strcmp(only, "QW204")) {
			qw_finding *fd = qw_report(ctx, "QW204", s->src, s->span, "%s %s", s->label, u.problem);
			qw_fix_hint(fd, "write the full base URL, e.g. https://host/v1");
		}
		qw_url_free(&u);
		return;
	}
	/* http:// on a private network (a LAN server, a Docker service name) is how local servers are reached: no
	 * finding (issue 23 item 5); the clear-text risk is a public host */
	if (!strcmp(u.scheme, "http") && !qw_host_is_private(u.host)) {
		if (!only || !strcmp(only, "QW204")) {
			qw_finding *fd = qw_report(ctx, "QW204", s->src, s->span,
						   "%s uses http:// to %s: the key would travel in clear text", s->label,
						   u.host);
			qw_fix_hint(fd, "use https://");
		}
	}
	if (s->expect && !strcmp(s->expect, "host_root")) {
		/* the client appends its own paths (/rpc/2.0/..., /v2/...): only a path here could break them */
		if (u.path[0] && strcmp(u.path, "/") && (!only || !strcmp(only, "QW203"))) {
			qw_finding *fd = qw_report(ctx, "QW203", s->src, s->span,
						   "%s is a host root: %s appends its own paths, and the path %s here goes "
						   "in front of them",
						   s->label, s->client ? s->client : "its client", u.path);
			qw_finding_set_severity(fd, QW_SEV_WARNING);
			qw_fix_hint(fd, "use %s://%s", u.scheme, u.host);
		}
		qw_url_free(&u);
		return;
	}
	const char *op;
	char *path = qw_xstrdup(u.path);
	if (path_is_op(path, &op)) {
		if (!only || !strcmp(only, "QW202")) {
			qw_finding *fd = qw_report(ctx, "QW202", s->src, s->span,
						   "%s ends in the operation path %s; clients append it themselves", s->label,
						   op);
			qw_trace(fd, "the request goes to …%s%s and fails with 404 or 405 (Hermes uses base URLs as written: hermes_cli/runtime_provider.py:resolve_runtime_provider at 306e2d2)", op, op);
			qw_fix_hint(fd, "remove %s from the end of the URL", op);
			qw_span t = qw_scalar_text(s->src, s->span);
			size_t a = t.start, b = t.end;
			size_t e = b;
			while (e > a && s->src->data[e - 1] == '/')
				e--;
			size_t ol = strlen(op);
			if (e - a >= ol && !memcmp(s->src->data + e - ol, op, ol)) {
				qw_fixit *x = qw_fixit_new(fd, s->src, QW_FIX_SAFE, "remove %s", op);
				qw_fixit_edit(x, e - ol, b, "");
				site_keys(x, s);
			}
		}
		path[strlen(path) - strlen(op)] = '\0';
		if (!strcmp(op, "/messages") && qw_endswith(path, "/v1"))
			path[strlen(path) - 3] = '\0';
	}
	const qw_host *h = qw_kb_host(ctx->kb, u.host);
	if (!h) {
		const qw_lookalike *l = qw_kb_lookalike(ctx->kb, u.host);
		if (l && (!only || !strcmp(only, "QW205"))) {
			qw_finding *fd = qw_report(ctx, "QW205", s->src, s->span, "%s uses %s: %s", s->label, u.host,
						   l->why ? l->why : "not a documented API host");
			if (l->suggest)
				qw_fix_hint(fd, "use %s", l->suggest);
		}
		free(path);
		qw_url_free(&u);
		return;
	}
	const qw_hostpath *match = NULL;
	for (size_t i = 0; i < h->npaths; i++) {
		const char *hp = h->paths[i].path;
		if (!strcmp(path, hp) ||
		    (s->hermes && !strcmp(h->paths[i].protocol, "anthropic") && qw_startswith(path, hp) &&
		     !strcmp(path + strlen(hp), "/v1")) ||
		    /* a native API's own endpoints lie under its base (Baidu's v1 .../wenxinworkshop/embeddings/
		     * embedding-v1): served, though not an OpenAI-style base */
		    (!strcmp(h->paths[i].protocol, "native") && hp[0] && qw_startswith(path, hp) &&
		     path[strlen(hp)] == '/'))
			match = &h->paths[i];
	}
	const char *expect = s->expect;
	const char *want_proto = expect && strcmp(expect, "any") ? expect : "openai";
	if (match) {
		bool wrong = !proto_ok(expect, match->protocol) && !s->legacy;
		if (wrong && (!only || !strcmp(only, "QW203"))) {
			qw_finding *fd = qw_report(ctx, "QW203", s->src, s->span,
						   "%s is %s's %s API path %s, but this client speaks the %s protocol",
						   s->label, u.host, match->protocol, match->path[0] ? match->path : "/",
						   expect ? expect : "OpenAI-compatible");
			for (size_t i = 0; i < h->npaths; i++)
				if (!strcmp(h->paths[i].protocol, want_proto)) {
					qw_fix_hint(fd, "use https://%s%s", u.host, h->paths[i].path);
					fixit_replace_path(fd, s, u.host, h->paths[i].path);
					break;
				}
		}
		free(path);
		qw_url_free(&u);
		return;
	}
	/* Not a path this host serves: too short (version path missing) or another family's path. */
	const qw_hostpath *want = NULL;
	for (size_t i = 0; i < h->npaths; i++) {
		const qw_hostpath *hp = &h->paths[i];
		if (!proto_ok(expect, hp->protocol) || !strcmp(hp->protocol, "native"))
			continue;
		size_t pl = strlen(path);
		if (qw_startswith(hp->path, path) && (hp->path[pl] == '/' || hp->path[pl] == '\0')) {
			want = hp;
			break;
		}
	}
	if (want) {
		if (!only || !strcmp(only, "QW201")) {
			qw_finding *fd = qw_report(ctx, "QW201", s->src, s->span,
						   "%s lacks the version path %s that %s needs", s->label,
						   want->path + strlen(path), u.host);
			qw_trace(fd, "OpenAI-style clients post to <base>/chat/completions and add nothing else, so a base "
				     "without the version path gets 404 (Hermes adds no /v1: hermes_cli/runtime_provider.py at 306e2d2; hermes-agent issue #65488)");
			qw_fix_hint(fd, "use https://%s%s", u.host, want->path);
			qw_span t = qw_scalar_text(s->src, s->span);
			size_t a = t.start, b = t.end;
			size_t e = b;
			while (e > a && s->src->data[e - 1] == '/')
				e--;
			if (!path_is_op(u.path, &op) && !strchr(s->url, '?') && !strchr(s->url, '#')) {
				qw_fixit *x = qw_fixit_new(fd, s->src, QW_FIX_SAFE, "append %s", want->path + strlen(path));
				qw_fixit_edit(x, e, b, want->path + strlen(path));
				site_keys(x, s);
			}
		}
	} else if ((!only || !strcmp(only, "QW203")) && expect && !strcmp(expect, "anthropic") &&
		   qw_endswith(path, "/v1") && anthropic_base(h, path)) {
		const qw_hostpath *ab = anthropic_base(h, path);
		qw_finding *fd = qw_report(ctx, "QW203", s->src, s->span,
					   "%s ends in /v1: Claude Code and the Anthropic SDK append /v1/messages, so the "
					   "request goes to …/v1/v1/messages",
					   s->label);
		qw_trace(fd, "an Anthropic base carries no /v1; expect HTTP 404 (providers.md §0); only clients built on "
			     "@ai-sdk/anthropic (OpenCode, Kilo Code) want the /v1");
		qw_fix_hint(fd, "use https://%s%s", u.host, ab->path);
		fixit_replace_path(fd, s, u.host, ab->path);
	} else if (!only || !strcmp(only, "QW203")) {
		qw_buf served = {0};
		for (size_t i = 0; i < h->npaths; i++)
			qw_buf_printf(&served, "%s%s (%s)", served.len ? ", " : "",
				      h->paths[i].path[0] ? h->paths[i].path : "/", h->paths[i].protocol);
		qw_finding *fd = qw_report(ctx, "QW203", s->src, s->span,
					   "%s uses path %s, which %s does not serve", s->label,
					   path[0] ? path : "/", u.host);
		qw_trace(fd, "%s serves %s", h->pattern, served.data ? served.data : "no known path");
		size_t pl = strlen(path);
		if (pl > 3 && qw_endswith(path, "/v1")) {
			path[pl - 3] = '\0';
			if (qw_host_path(h, path)) {
				/* a served base with /v1 appended: the facts say warn, not that it fails (§17 rule 7) */
				qw_finding_set_severity(fd, QW_SEV_WARNING);
				qw_trace(fd, "the path is the base %s with /v1 appended; the vendor documents no /v1 there",
					 path);
			}
			path[pl - 3] = '/';
		}
		for (size_t i = 0; i < h->npaths; i++)
			if (!strcmp(h->paths[i].protocol, want_proto)) {
				qw_fix_hint(fd, "use https://%s%s", u.host, h->paths[i].path);
				fixit_replace_path(fd, s, u.host, h->paths[i].path);
				break;
			}
		qw_buf_free(&served);
	}
	free(path);
	qw_url_free(&u);
}

typedef struct qw_url_sites {
	url_site *v;
	size_t n, cap;
	char **owned;
	size_t nowned, owned_cap;
} sites;

static void
add_site(sites *ss, qw_source *src, qw_span span, const char *url, const char *label, const char *expect,
	 bool hermes)
{
	for (size_t i = 0; i < ss->n; i++)
		if (ss->v[i].src == src && ss->v[i].span.start == span.start) {
			/* the same text under another path: model.base_url that `<<: *x` takes from x.base_url. A
			 * repair of the text changes both, and the re-parse check must expect both. */
			if (strcmp(ss->v[i].label, label) && !ss->v[i].also) {
				char *a = qw_xstrdup(label);
				QW_PUSH(ss->owned, ss->nowned, ss->owned_cap, a);
				ss->v[i].also = a;
			}
			return;
		}
	char *l = qw_xstrdup(label);
	QW_PUSH(ss->owned, ss->nowned, ss->owned_cap, l);
	url_site s = {src, span, url, l, NULL, expect, NULL, hermes, false};
	QW_PUSH(ss->v, ss->n, ss->cap, s);
}

/* A step of the path from the root to a node: a key, or (key NULL) an index in a sequence. */
typedef struct path_step {
	const char *key;
	size_t index;
} path_step;

/* The dotted path of steps[0..n): "model.base_url", "custom_providers[2].base_url". The caller frees. */
static char *
path_text(const path_step *steps, size_t n)
{
	qw_buf b = {0};
	for (size_t i = 0; i < n; i++) {
		if (steps[i].key)
			qw_buf_printf(&b, "%s%s", i ? "." : "", steps[i].key);
		else
			qw_buf_printf(&b, "[%zu]", steps[i].index);
	}
	return b.data ? b.data : qw_xstrdup("");
}

/* steps: the path of map (nsteps of them), extended for each child; the text of a path is made only for a site
 * found, so that a big file's nodes cost no formatting. */
#define URL_DEPTH 4
static void
collect_config_urls(sites *ss, qw_set *set, const qw_node *map, path_step *steps, size_t nsteps, int depth)
{
	if (!map || map->type != QW_NODE_MAP || depth > URL_DEPTH)
		return;
	for (size_t i = 0; i < map->npairs; i++) {
		const char *k = qw_node_str(map->pairs[i].key);
		const qw_node *v = map->pairs[i].value;
		if (!k || !v || !qw_walk_pair(map, i))
			continue;
		steps[nsteps] = (path_step){k, 0};
		if ((!strcmp(k, "base_url") || !strcmp(k, "api_base")) && qw_node_str(v) && *v->str &&
		    !strstr(v->str, "${")) {
			const qw_node *mode = qw_map_get(map, "api_mode");
			const char *m = qw_node_str(mode);
			char *label = path_text(steps, nsteps + 1);
			add_site(ss, set->config, v->span, v->str, label,
				 m && !strcmp(m, "anthropic_messages") ? "anthropic" : NULL, true);
			free(label);
		} else if (v->type == QW_NODE_MAP) {
			collect_config_urls(ss, set, v, steps, nsteps + 1, depth + 1);
		} else if (v->type == QW_NODE_SEQ) {
			for (size_t j = 0; j < v->nitems; j++) {
				if (!qw_walk_item(v, j) || v->items[j]->type != QW_NODE_MAP)
					continue; /* only a mapping holds a base_url */
				steps[nsteps + 1] = (path_step){NULL, j};
				collect_config_urls(ss, set, v->items[j], steps, nsteps + 2, depth + 1);
			}
		}
	}
}

/* Does Hermes's provider p speak its vendor's native API? Its registry default is a native path of the catalogue
 * (gemini: generativelanguage.googleapis.com/v1beta, its native adapter; hermes.md §3, providers.md §10). */
static bool
provider_native(const qw_kb *kb, const qw_provider *p)
{
	if (!p || !p->default_base_url)
		return false;
	const qw_hostpath *hp;
	url_endpoint(kb, p->default_base_url, NULL, &hp);
	return hp && !strcmp(hp->protocol, "native");
}

/* The Hermes provider that reads base-URL variable var, or NULL. */
static const qw_provider *
base_url_owner(const qw_kb *kb, const char *var)
{
	size_t n;
	const qw_provider *all = qw_kb_providers(kb, &n);
	for (size_t i = 0; i < n; i++)
		if (all[i].base_url_env && !strcmp(all[i].base_url_env, var))
			return &all[i];
	return NULL;
}

static void
collect_sites(const qw_kb *kb, qw_set *set, sites *ss)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		if (r->base_url && r->url_from.src && in_set(set, r->url_from.src)) {
			const char *am = r->api_mode;
			const char *expect = am && !strcmp(am, "anthropic_messages") ? "anthropic" : NULL;
			if (!set->hermes) /* an application's pair: its protocol (rules/app-env.yaml) */
				expect = am ? am : "any";
			else if (provider_native(kb, r->prov))
				expect = "any";
			add_site(ss, r->url_from.src, r->url_from.span, r->base_url, r->url_from.what, expect,
				 set->hermes);
			/* an auth.json pool entry's label is words ("the pool entry's base_url"): its repair changes the
			 * node's path, credential_pool.<p>[i].base_url, which the re-parse check must expect (config.yaml's
			 * paths are added by collect_config_urls) */
			char *path = r->url_from.src == set->auth && set->auth_doc
					     ? qw_edit_node_path(set->auth_doc->root, r->url_from.span)
					     : NULL;
			if (path)
				add_site(ss, r->url_from.src, r->url_from.span, r->base_url, path, expect, set->hermes);
			free(path);
			const qw_host *h;
			const qw_family *f;
			if (classify(kb, r, &h, &f) == V_LEGACY)
				for (size_t k = 0; k < ss->n; k++)
					if (ss->v[k].src == r->url_from.src && ss->v[k].span.start == r->url_from.span.start)
						ss->v[k].legacy = true;
		}
	}
	path_step steps[2 * (URL_DEPTH + 1)]; /* a key and an index per level */
	if (set->config_doc)
		collect_config_urls(ss, set, set->config_doc->root, steps, 0, 0);
	for (size_t i = 0; set->dotenv && i < set->dotenv->nvars; i++) {
		const qw_envvar *v = &set->dotenv->vars[i];
		if (!*v->env_value || !(qw_endswith(v->key, "_BASE_URL") || qw_endswith(v->key, "_API_BASE")))
			continue;
		if (strstr(v->env_value, "${"))
			continue;
		const char *expect = qw_startswith(v->key, "ANTHROPIC_") ? "anthropic" : NULL;
		const qw_app_pair *ap = set->hermes ? NULL : qw_appenv_pair_of(kb, v->key);
		const qw_app_base *ab = set->hermes || ap ? NULL : qw_kb_app_base(kb, v->key);
		if (ap)
			expect = ap->protocol ? ap->protocol : "any";
		else if (ab)
			expect = ab->appends && strcmp(ab->appends, "openai") ? ab->appends : NULL;
		else if (set->hermes && provider_native(kb, base_url_owner(kb, v->key)))
			expect = "any";
		else if (!set->hermes)
			continue; /* an application's variable nobody is known to read: what its client appends is
				   * unknown, so its path and scheme are not judged (consumers, not names) */
		add_site(ss, set->env, v->value_span, v->env_value, v->key, expect, set->hermes);
		if (ab && ss->n && ss->v[ss->n - 1].src == set->env && ss->v[ss->n - 1].span.start == v->value_span.start)
			ss->v[ss->n - 1].client = ab->client;
	}
}

/* The five URL rules check the same sites: they are collected by the first and kept in ctx until qw_rules_run
 * is done with the set. */
static void
run_url_rule(qw_ctx *ctx, qw_set *set, const char *id)
{
	if (!ctx->url_sites) {
		ctx->url_sites = qw_xcalloc(1, sizeof(sites));
		collect_sites(ctx->kb, set, ctx->url_sites);
	}
	for (size_t i = 0; i < ctx->url_sites->n; i++)
		check_url_site(ctx, &ctx->url_sites->v[i], id);
}

static void
free_sites(sites *ss)
{
	if (!ss)
		return;
	for (size_t i = 0; i < ss->nowned; i++)
		free(ss->owned[i]);
	free(ss->owned);
	free(ss->v);
	free(ss);
}

static void check_missing_version(qw_ctx *c, qw_set *s) { run_url_rule(c, s, "QW201"); }
static void check_operation_path(qw_ctx *c, qw_set *s) { run_url_rule(c, s, "QW202"); }
static void check_wrong_family(qw_ctx *c, qw_set *s) { run_url_rule(c, s, "QW203"); }
static void check_malformed_url(qw_ctx *c, qw_set *s) { run_url_rule(c, s, "QW204"); }
static void check_lookalike_host(qw_ctx *c, qw_set *s) { run_url_rule(c, s, "QW205"); }

/* ------------------------------------------------------------------ QW3xx: Hermes resolution */

static void
check_auto_misroute(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		if (!r->via_auto || strcmp(r->role, "model"))
			continue;
		const qw_host *h;
		const qw_family *f;
		verdict v = classify(ctx->kb, r, &h, &f);
		/* A key QW105 finds defective (quotes and an inline comment Hermes's reader keeps) says nothing as
		 * sent; judged as python-dotenv reads it, which is what QW105's repair leaves, it may still go to the
		 * wrong host: both are reported on the first lint, not one after the other (issue 23). */
		const qw_envvar *ev = r->key_var ? qw_dotenv_get(set->dotenv, r->key_var) : NULL;
		size_t at;
		qw_request trimmed = *r;
		bool via_trim = false;
		if (v == V_OK && r->key && qw_key_defect(r->key, &at) && ev && ev->env_value && *ev->env_value &&
		    strcmp(ev->env_value, r->key) && !qw_key_defect(ev->env_value, &at)) {
			trimmed.key = ev->env_value;
			v = classify(ctx->kb, &trimmed, &h, &f);
			via_trim = v != V_OK;
		}
		if (v == V_OK)
			continue;
		const qw_origin *o = qw_pick_origin(set, &r->key_from, &r->provider_from, &r->url_from);
		if (!o)
			continue;
		char *m = qw_mask(ctx->kb, via_trim ? trimmed.key : r->key);
		qw_finding *fd = qw_report(ctx, "QW301", o->src, o->span,
					   "provider auto sends this %s (%s) to %s, which cannot accept it",
					   f ? f->name : "key", m, r->shown_url);
		free(m);
		qw_trace_request(fd, r);
		if (via_trim)
			qw_trace(fd, "as sent, the key also carries what QW105 reports; without it (as python-dotenv reads "
				     "the line) it is still sent to this host");
		explain_verdict(ctx, fd, v, h, f);
		if (v == V_PLAN_ON_PAYG)
			fix_for_plan_key(fd, ctx, via_trim ? &trimmed : r);
		else
			qw_fix_hint(fd, "set model.provider explicitly, with a base URL that accepts this key");
	}
}

static void
check_provider_prefix(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		if (!r->model || !r->provider || !r->simulated || !r->model_from.src)
			continue;
		const char *slash = strchr(r->model, '/');
		if (!slash)
			continue;
		char *prefix = qw_xstrndup(r->model, (size_t)(slash - r->model));
		const qw_provider *named = qw_kb_provider(ctx->kb, prefix);
		bool fire = false;
		if (named && !named->aggregator) {
			if (r->prov && !r->prov->aggregator)
				fire = named != r->prov || r->prov->strip_model_prefix == QW_NO;
			else if (r->custom && r->base_url) {
				qw_url u;
				qw_url_parse(r->base_url, &u);
				const qw_host *h = qw_kb_host(ctx->kb, u.host);
				fire = h && strcmp(h->vendor, "openrouter");
				qw_url_free(&u);
			}
		}
		if (fire) {
			qw_finding *fd = qw_report(ctx, "QW302", r->model_from.src, r->model_from.span,
						   "the model name's \"%s/\" prefix does not select a provider; \"%s\" is "
						   "sent verbatim to %s",
						   prefix, r->model, r->provider);
			qw_trace(fd, "model.default never selects a provider; Hermes strips a prefix only when it names "
				     "the resolved provider and that provider strips prefixes (model_normalize.py)");
			qw_trace(fd, "the endpoint answers with a model-not-found error");
			qw_fix_hint(fd, "write the bare model name \"%s\" and choose the provider with model.provider",
				    slash + 1);
			if (r->model_from.src == set->config) {
				qw_span t = qw_scalar_text(set->config, r->model_from.span);
				size_t a = t.start, b = t.end;
				size_t pl = strlen(prefix);
				if (b - a > pl && !memcmp(set->config->data + a, prefix, pl) && set->config->data[a + pl] == '/') {
					qw_fixit *x = qw_fixit_new(fd, set->config, QW_FIX_SAFE, "drop the \"%s/\" prefix", prefix);
					qw_fixit_edit(x, a, a + pl + 1, "");
					qw_fixit_key(x, "model");
				}
			}
		}
		free(prefix);
	}
}

static void
check_ignored_base_url_env(qw_ctx *ctx, qw_set *set)
{
	if (!set->hermes || !set->dotenv || !set->nreqs || !set->reqs[0].provider)
		return;
	size_t n;
	const qw_provider *all = qw_kb_providers(ctx->kb, &n);
	for (size_t i = 0; i < set->dotenv->nvars; i++) {
		const qw_envvar *v = &set->dotenv->vars[i];
		if (!*v->env_value || !strcmp(v->key, "OPENAI_BASE_URL"))
			continue; /* OPENAI_BASE_URL also serves auxiliary tasks' "main" provider */
		const qw_provider *owner = NULL;
		for (size_t j = 0; j < n && !owner; j++)
			if (all[j].base_url_env && !strcmp(all[j].base_url_env, v->key))
				owner = &all[j];
		if (!owner || owner->late)
			continue;
		bool used = false;
		for (size_t j = 0; j < set->nreqs; j++)
			if (set->reqs[j].provider && !strcmp(set->reqs[j].provider, owner->id))
				used = true;
		if (used || qw_dotenv_get(set->dotenv, v->key) != v)
			continue;
		qw_finding *fd = qw_report(ctx, "QW303", set->env, v->key_span,
					   "%s is read only by provider %s, but this configuration resolves to %s",
					   v->key, owner->id, set->reqs[0].provider);
		qw_trace_request(fd, &set->reqs[0]);
		/* The request as resolved goes to an endpoint written out in the files (model.base_url, CUSTOM_BASE_URL:
		 * often qwlint's own repair to provider custom), a catalogue host that takes its key: the variable is a
		 * leftover, and selecting its provider would undo that choice. A provider's default endpoint is not a
		 * choice: there the variable may be what the user meant, and the warning stays. */
		const qw_host *h;
		const qw_family *f;
		if (set->reqs[0].key && set->reqs[0].url_from.src && set->reqs[0].base_url &&
		    url_endpoint(ctx->kb, set->reqs[0].base_url, NULL, NULL) &&
		    classify(ctx->kb, &set->reqs[0], &h, &f) == V_OK) {
			qw_finding_set_severity(fd, QW_SEV_INFO);
			qw_fix_hint(fd, "nothing reads it while the configuration resolves to %s, whose endpoint takes the "
					"key: delete it, unless another tool reads it", set->reqs[0].provider);
		} else {
			qw_fix_hint(fd, "select %s with model.provider, or set the base URL the resolved provider reads",
				    owner->id);
		}
	}
}

static void
check_ignored_api_key(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		if (!r->cfg_key.src || r->custom || !r->prov || r->prov->auth != QW_AUTH_API_KEY)
			continue;
		qw_finding *fd = qw_report(ctx, "QW304", r->cfg_key.src, r->cfg_key.span,
					   "%s is ignored: built-in provider %s reads its key from %s", r->cfg_key.what,
					   r->prov->id, r->prov->nkey_env ? r->prov->key_env[0] : "its own variables");
		qw_trace(fd, "model.api_key is read only for custom endpoints (config.py: \"model.api_key is valid only "
			     "for explicit custom endpoint assignments\")");
		qw_trace_request(fd, r);
		qw_fix_hint(fd, "put the key in .env as %s, or use provider: custom with this base URL",
			    r->prov->nkey_env ? r->prov->key_env[0] : "the provider's variable");
	}
}

static void
check_custom_without_key(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		/* no key at all: the literal "no-key-required", or (provider auto with model.base_url, labelled
		 * openrouter) an empty key */
		bool custom = r->custom || (r->provider && !strcmp(r->provider, "custom"));
		if (!custom || (!r->no_key_required && r->key) || !r->base_url || r->key_env_elsewhere || r->error)
			continue;
		qw_url u;
		qw_url_parse(r->base_url, &u);
		bool local = qw_host_is_private(u.host) || !*u.host;
		qw_url_free(&u);
		if (local)
			continue; /* local and LAN servers (ollama, vLLM, LiteLLM) usually take no key */
		const qw_origin *o = qw_pick_origin(set, &r->url_from, &r->provider_from, NULL);
		if (!o)
			continue;
		qw_finding *fd = qw_report(ctx, "QW305", o->src, o->span, "no key reaches %s: Hermes sends %s", r->shown_url,
					   r->no_key_required ? "the literal \"no-key-required\"" : "an empty key");
		qw_trace_request(fd, r);
		qw_trace(fd, "the endpoint answers 401 or 403 (hermes_cli/runtime_provider.py:_resolve_openrouter_runtime at 306e2d2; hermes-agent issue #67453)");
		qw_fix_hint(fd, "add api_key: ${YOUR_KEY_VARIABLE} next to this base_url and set that variable in .env");
	}
}

/* A value as a .env line would hold it: bare when it has only characters no reader treats specially, else in
 * single quotes (literal for python-dotenv and Hermes's reader); NULL when it cannot be written safely. */
static char *
env_quote(const char *v)
{
	if (!*v)
		return NULL;
	if (strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:@+=,~%-") == strlen(v))
		return qw_xstrdup(v);
	if (strpbrk(v, "'\n\r"))
		return NULL;
	return qw_xprintf("'%s'", v);
}

/* Add to x a part that appends NAME=value (value already quoted for .env) as the last line of the set's .env,
 * in the file's own line-break style, or creates .env beside `beside` (mode 0600) when the set has none. */
static void
env_append(qw_fixit *x, qw_set *set, const qw_source *beside, const char *name, const char *value)
{
	if (set->env) {
		const char *nl = line_break(set->env, 0);
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

/* QW306's repair (unsafe: Hermes starts reading the value): the root-level line leaves config.yaml and
 * NAME=value becomes the last line of .env (created 0600 if missing). Nothing when .env already sets NAME to
 * another value, or the entry is not a one-line scalar of a block mapping. */
static void
fixit_move_to_env(qw_finding *fd, qw_set *set, const qw_pair *pair)
{
	qw_source *src = set->config;
	const char *name = qw_node_str(pair->key);
	const char *val = qw_node_str(pair->value);
	if (!name || !val || !src->fs_path || pair->value->type != QW_NODE_SCALAR)
		return;
	int kl, kc, vl, vc;
	qw_source_pos(src, pair->key->span.start, &kl, &kc);
	qw_source_pos(src, pair->value->span.end, &vl, &vc);
	qw_span line = qw_source_line(src, kl);
	if (kc != 1 || vl != kl || line.start != pair->key->span.start)
		return;
	const qw_envvar *have = qw_dotenv_get(set->dotenv, name);
	if (have && strcmp(have->env_value, val)) {
		qw_trace(fd, ".env already sets %s to another value, so qwlint leaves both for you to decide", name);
		return;
	}
	char *q = have ? NULL : env_quote(val);
	if (!have && !q)
		return;
	qw_fixit *x;
	if (!have) {
		/* .env first: if its write failed, the value would still be in config.yaml */
		x = qw_fixit_begin(fd, QW_FIX_UNSAFE, "move %s into %s.env", name, set->env ? "" : "a new ");
		env_append(x, set, src, name, q);
		if (qw_is_secret_name(name))
			qw_fixit_secret(x);
		qw_fixit_also(x, src);
	} else {
		x = qw_fixit_new(fd, src, QW_FIX_UNSAFE, "delete %s from config.yaml: .env already sets it", name);
	}
	size_t end = line.end;
	if (end < src->len && src->data[end] == '\r')
		end++;
	if (end < src->len && src->data[end] == '\n')
		end++;
	qw_fixit_edit(x, line.start, end, "");
	qw_fixit_key(x, name);
	free(q);
}

/* An environment variable's name that says it holds an endpoint or a key: ^[A-Z][A-Z0-9_]*_(BASE_URL|API_KEY|
 * API_BASE|TOKEN)$. By hand, not regcomp(): this is asked for every home, and compiling the pattern each time
 * cost more than the rest of the rule. */
static bool
endpoint_or_key_var(const char *name)
{
	if (!(name[0] >= 'A' && name[0] <= 'Z'))
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') || *c == '_'))
			return false;
	static const char *const endings[] = {"_BASE_URL", "_API_KEY", "_API_BASE", "_TOKEN"};
	for (size_t i = 0; i < sizeof(endings) / sizeof(endings[0]); i++)
		if (strlen(name) > strlen(endings[i]) && qw_endswith(name, endings[i]))
			return true;
	return false;
}

static void
check_misplaced_env_key(qw_ctx *ctx, qw_set *set)
{
	const qw_node *root = set->config_doc ? set->config_doc->root : NULL;
	if (!set->hermes || !root || root->type != QW_NODE_MAP)
		return;
	for (size_t i = 0; i < root->npairs; i++) {
		const qw_node *k = root->pairs[i].key;
		const char *name = qw_node_str(k);
		if (!name || !endpoint_or_key_var(name))
			continue;
		qw_finding *fd = qw_report(ctx, "QW306", set->config, k->span,
					   "%s at the top level of config.yaml is ignored: Hermes reads it only from .env",
					   name);
		if (qw_endswith(name, "_API_KEY") || qw_endswith(name, "_TOKEN"))
			qw_trace(fd, "Hermes reads provider keys from .env and the environment, never from the top level "
				     "of config.yaml (hermes_cli/config.py:get_env_value_prefer_dotenv at 306e2d2)");
		else
			qw_trace(fd, "`hermes config set %s …` writes non-key variables into config.yaml, where nothing "
				     "reads them (config.set_config_value)", name);
		qw_fix_hint(fd, "move %s=… into .env beside config.yaml", name);
		fixit_move_to_env(fd, set, &root->pairs[i]);
	}
}

static void
check_coding_plan_default_region(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		if (!coding_plan_default(ctx, set, r))
			continue;
		const qw_origin *o = qw_pick_origin(set, &r->provider_from, &r->key_from, NULL);
		if (!o)
			continue;
		/* --probe: the key works at coding-intl (silent), or the mainland host took it (certain) */
		const qw_probe_report *rep = qw_probe_of(ctx, r);
		const qw_probe_result *pc = qw_probe_configured(rep), *pa = qw_probe_accepting(rep);
		if (pc && qw_probe_authenticated(pc->cls))
			continue;
		bool proven = pa && !strcmp(pa->plan, "coding") && !strcmp(pa->host->region, "cn");
		/* model.base_url written but ignored: model.provider is an alias (cfg_provider == provider fails) */
		bool alias = r->url_ignored.src && r->alias_named;
		qw_finding *fd = alias ? qw_report(ctx, "QW307", o->src, o->span,
						   "model.base_url is ignored under this alias: Hermes honours it only for "
						   "model.provider: alibaba-coding-plan, so requests go to the international "
						   "endpoint %s; a mainland Coding Plan key gets 401 there",
						   r->shown_url)
				       : qw_report(ctx, "QW307", o->src, o->span,
						   "alibaba-coding-plan with no base URL goes to the international endpoint %s; "
						   "a mainland Coding Plan key gets 401 there",
						   r->shown_url);
		qw_trace_request(fd, r);
		if (proven) {
			qw_finding_set_severity(fd, QW_SEV_ERROR);
			qw_trace(fd, "--probe: %s rejected the key; %s accepted it: a mainland Coding Plan key",
				 pc ? pc->base : r->shown_url, pa->base);
		} else {
			qw_trace(fd, "Hermes's alibaba-coding-plan defaults to coding-intl (issue #44661); the key does not "
				     "say its region");
		}
		if (alias) {
			qw_fix_hint(fd, "write model.provider: alibaba-coding-plan (the canonical id), so that Hermes sends "
					"to the model.base_url you wrote; say --region intl to silence this for an "
					"international key");
			if (r->provider_from.src == set->config) {
				qw_span t = qw_scalar_text(set->config, r->provider_from.span);
				qw_fixit *x = qw_fixit_new(fd, set->config, QW_FIX_UNSAFE,
							   "name the provider by its canonical id, so model.base_url counts "
							   "(a guess: the key's region is not known)");
				qw_fixit_edit(x, t.start, t.end, "alibaba-coding-plan");
				qw_fixit_key(x, "model");
			}
			continue;
		}
		/* model.base_url counts only when model.provider is the canonical id (not auto, not an alias) */
		bool cfg_counts = r->provider_from.src && !r->via_auto && !r->alias_named;
		qw_fix_hint(fd, "for a mainland key set ALIBABA_CODING_PLAN_BASE_URL=https://coding.dashscope.aliyuncs"
				".com/v1 in .env%s; say --region intl to silence this for an international key",
			    cfg_counts ? " (or model.base_url)" : "");
		if (set->env && set->env->fs_path && r->prov->base_url_env &&
		    !qw_dotenv_get(set->dotenv, r->prov->base_url_env)) {
			qw_fixit *x = qw_fixit_begin(fd, proven ? QW_FIX_SAFE : QW_FIX_UNSAFE,
						     "set %s to the mainland endpoint in .env (%s)", r->prov->base_url_env,
						     proven ? "--probe found the key accepted there"
							    : "a guess: the key's region is not known");
			env_append(x, set, set->env, r->prov->base_url_env,
				   proven ? pa->base : "https://coding.dashscope.aliyuncs.com/v1");
		}
	}
}

/* alibaba-coding-plan sent to its registry default (coding-intl) with no region stated: QW307's case. */
static bool
coding_plan_default(const qw_ctx *ctx, const qw_set *set, const qw_request *r)
{
	return !ctx->opt->region && !set->region && r->prov && !strcmp(r->prov->id, "alibaba-coding-plan") &&
	       r->base_url && !r->url_from.src;
}

static void
check_unknown_provider(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		if (!r->error || !qw_startswith(r->error, "Unknown provider"))
			continue;
		const qw_origin *o = qw_pick_origin(set, &r->provider_from, NULL, NULL);
		if (!o)
			continue;
		/* Hermes's text goes on with advice ("... Check 'hermes model' ..."): the first sentence is the finding */
		const char *dot = strstr(r->error, "'.");
		int n = dot ? (int)(dot - r->error + 1) : (int)strlen(r->error);
		qw_finding *fd = qw_report(ctx, "QW308", o->src, o->span, "%.*s: Hermes stops with AuthError", n, r->error);
		const qw_node *cp = set->config_doc ? qw_map_get(set->config_doc->root, "custom_providers") : NULL;
		if (cp && cp->type == QW_NODE_MAP)
			qw_trace(fd, "custom_providers is a mapping here; Hermes reads only a list (see QW309)");
		const char *since = NULL, *until = NULL, *name = r->error + strlen("Unknown provider '");
		char *nm = qw_xstrndup(name, strcspn(name, "'"));
		const qw_provider *other = qw_kb_provider_other_version(ctx->kb, nm, &since, &until);
		if (other) {
			if (qw_kb_hermes_version_assumed(ctx->kb)) /* which Hermes runs is a guess: warn, do not assert */
				qw_finding_set_severity(fd, QW_SEV_WARNING);
			qw_trace(fd, "Hermes %s (%s) does not know \"%s\"; %s%s%s%s%s knows it as %s",
				 qw_kb_hermes_version(ctx->kb), qw_kb_hermes_version_why(ctx->kb), nm,
				 since ? "Hermes from " : "", since ? since : "", since && until ? " " : "",
				 until ? "Hermes before " : "", until ? until : "", other->id);
		}
		free(nm);
		qw_fix_hint(fd, "use a provider id of Hermes's registry (qwlint --resolve lists the ids it knows), "
				"custom, or custom:<name> of a providers:/custom_providers: entry");
	}
}

static void
structure(qw_ctx *ctx, qw_set *set, const qw_node *at, const char *msg, const char *consequence)
{
	qw_finding *fd = qw_report(ctx, "QW309", set->config, at->span, "%s", msg);
	if (consequence)
		qw_trace(fd, "%s", consequence);
}

static void
check_config_structure(qw_ctx *ctx, qw_set *set)
{
	const qw_node *root = set->config_doc ? set->config_doc->root : NULL;
	if (!set->hermes || !root)
		return;
	if (root->type != QW_NODE_MAP) {
		structure(ctx, set, root, "config.yaml is not a mapping of settings",
			  "Hermes ignores it and uses its defaults");
		return;
	}
	const qw_pair *mp = qw_map_pair(root, "model");
	if (mp && mp->value && mp->value->type == QW_NODE_SEQ)
		structure(ctx, set, mp->value, "model: must be a mapping (provider, default, base_url, ...) or a model "
					       "name, not a list",
			  NULL);
	const qw_pair *cp = qw_map_pair(root, "custom_providers");
	if (cp && cp->value && cp->value->type == QW_NODE_MAP) {
		structure(ctx, set, cp->key, "custom_providers is a mapping; Hermes requires a list of entries "
					     "(- name: …, base_url: …)",
			  "validate_config_structure: \"custom_providers is a dict\"; provider: custom:<name> then "
			  "fails with Unknown provider");
	} else if (cp && cp->value && cp->value->type == QW_NODE_SEQ) {
		for (size_t i = 0; i < cp->value->nitems; i++) {
			const qw_node *e = cp->value->items[i];
			if (!e || e->type != QW_NODE_MAP) {
				structure(ctx, set, e ? e : cp->key, "a custom_providers entry must be a mapping", NULL);
				continue;
			}
			if (!qw_map_str(e, "name"))
				structure(ctx, set, e, "this custom_providers entry has no name", "Hermes skips it");
			else if (!qw_map_str(e, "base_url"))
				structure(ctx, set, e, "this custom_providers entry has no base_url", "Hermes skips it");
		}
	}
	const qw_node *pv = qw_map_get(root, "providers");
	for (size_t i = 0; pv && pv->type == QW_NODE_MAP && i < pv->npairs; i++) {
		const qw_node *e = pv->pairs[i].value;
		const qw_node *url = qw_map_get(e, "base_url");
		if (!url)
			url = qw_map_get(e, "url");
		if (!url)
			url = qw_map_get(e, "api");
		const char *s = qw_node_str(url);
		if (!s || strstr(s, "${"))
			continue;
		qw_url u;
		qw_url_parse(s, &u);
		if (!*u.scheme || !*u.host) {
			char *msg = qw_xprintf("providers.%s has a base URL without scheme or host",
					       qw_node_str(pv->pairs[i].key) ? pv->pairs[i].key->str : "?");
			structure(ctx, set, url, msg, "_normalize_custom_provider_entry warns and drops the whole entry");
			free(msg);
		}
		qw_url_free(&u);
	}
	const qw_pair *fb = qw_map_pair(root, "fallback_providers");
	if (fb && fb->value && fb->value->type == QW_NODE_MAP)
		structure(ctx, set, fb->key, "fallback_providers must be a list of {provider, model} entries", NULL);
	else if (fb && fb->value && fb->value->type == QW_NODE_SEQ)
		for (size_t i = 0; i < fb->value->nitems; i++) {
			const qw_node *e = fb->value->items[i];
			if (e && e->type == QW_NODE_MAP && (!qw_map_str(e, "provider") || !qw_map_str(e, "model")))
				structure(ctx, set, e, "this fallback_providers entry lacks provider or model",
					  "get_fallback_chain drops it");
		}
}

/* ------------------------------------------------------------------ QW5xx: .env hygiene */

/* Does s[0..n) hold "${"? (By length: a line may hold a NUL.) */
static bool
has_expansion(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '$' && s[i + 1] == '{')
			return true;
	return false;
}

/* QW501. The repair deletes a line only when it repeats, byte for byte, the assignment of the same name just
 * before it (no other assignment of the name between them), so that the value in effect after every line stays
 * what it was, the last one included: with K=a, K=b, K=a the last line is the one that wins, and deleting it
 * would hand the key to K=b. Not when the value holds ${: python-dotenv expands it from what is set at that
 * line, so two equal lines can give two values. The repair names no key: the re-parse check then compares
 * every variable's value, this one's too. */
static void
check_duplicate_env(qw_ctx *ctx, qw_set *set)
{
	/* each name's first and latest assignment so far (index + 1), hashed: a file of one line repeated 300 000
	 * times (reliability #13) must not cost a scan of the earlier lines per line */
	qw_strmap firsts = {0}, lasts = {0};
	for (size_t i = 0; set->dotenv && i < set->dotenv->nvars; i++) {
		const qw_envvar *v = &set->dotenv->vars[i];
		void *fi, *pi;
		if (!qw_strmap_find(&lasts, v->key, &pi)) {
			qw_strmap_put(&firsts, v->key, (void *)(uintptr_t)(i + 1));
			qw_strmap_put(&lasts, v->key, (void *)(uintptr_t)(i + 1));
			continue;
		}
		qw_strmap_find(&firsts, v->key, &fi);
		qw_strmap_put(&lasts, v->key, (void *)(uintptr_t)(i + 1));
		const qw_envvar *first = &set->dotenv->vars[(uintptr_t)fi - 1];
		const qw_envvar *prev = &set->dotenv->vars[(uintptr_t)pi - 1];
		qw_finding *fd = qw_report(ctx, "QW501", set->env, v->key_span,
					   "%s is set again (first on line %d); this later value wins", v->key, first->line);
		qw_span vl = v->line_span, wl = prev->line_span;
		const char *d = set->env->data;
		bool same = vl.end - vl.start == wl.end - wl.start && !memcmp(d + vl.start, d + wl.start, vl.end - vl.start);
		if (same && has_expansion(d + vl.start, vl.end - vl.start)) {
			qw_fix_hint(fd, "delete this line if it gives the value line %d gives: python-dotenv expands ${…} "
					"from what is set at each line", prev->line);
		} else if (same) {
			qw_fix_hint(fd, "delete this line: it repeats line %d exactly", prev->line);
			size_t e = vl.end;
			if (e < set->env->len && d[e] == '\r')
				e++;
			if (e < set->env->len && d[e] == '\n')
				e++;
			qw_fixit *x = qw_fixit_new(fd, set->env, QW_FIX_SAFE, "delete the repeated line");
			qw_fixit_edit(x, vl.start, e, "");
		} else if (!strcmp(v->env_value, prev->env_value) && !strcmp(v->hermes_value, prev->hermes_value)) {
			qw_fix_hint(fd, "delete this line: it repeats line %d's value", prev->line);
		} else if (prev != first) {
			qw_fix_hint(fd, "keep one %s line; the earlier ones are silently overridden", v->key);
		} else {
			qw_fix_hint(fd, "keep one %s line; the other is silently overridden", v->key);
		}
	}
	qw_strmap_free(&firsts);
	qw_strmap_free(&lasts);
}

/* A base-URL variable, as the URL rules collect them. */
static bool
url_var_name(const char *name)
{
	return qw_endswith(name, "_BASE_URL") || qw_endswith(name, "_API_BASE");
}

/* QW502 in an application's .env: a placeholder where a key or a base URL must be. The file is live (a template's
 * placeholders are its point), so the program that reads it sends the placeholder; whether the variable is set
 * elsewhere too (the shell, the deployment) qwlint cannot see, hence a warning. */
static void
app_placeholders(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->dotenv->nvars; i++) {
		const qw_envvar *v = &set->dotenv->vars[i];
		bool key = qw_is_api_key_name(ctx->kb, v->key), url = url_var_name(v->key);
		if ((!key && !url) || !*v->env_value || qw_dotenv_get(set->dotenv, v->key) != v)
			continue;
		const char *shape = qw_placeholder_shape(v->env_value);
		if (!shape && key && qw_kb_placeholder(ctx->kb, v->env_value))
			shape = "a template value";
		if (!shape)
			continue;
		qw_finding *fd = qw_report(ctx, "QW502", set->env, v->value_span,
					   "%s holds a placeholder (%s), not %s: a program reading this file sends no usable %s",
					   v->key, shape, key ? "a key" : "a URL", key ? "key" : "endpoint");
		qw_finding_set_severity(fd, QW_SEV_WARNING);
		if (key)
			qw_trace(fd, "a client sends the placeholder as its key and the server answers HTTP 401, unless "
				     "%s is set elsewhere (in the environment) and the file's value is not used",
				 v->key);
		else
			qw_trace(fd, "a client cannot connect to a placeholder, unless %s is set elsewhere (in the "
				     "environment) and the file's value is not used",
				 v->key);
		qw_fix_hint(fd, "put the real %s in place of the placeholder, or delete the line", key ? "key" : "URL");
	}
}

static void
check_placeholder(qw_ctx *ctx, qw_set *set)
{
	if (qw_appenv_applies(set)) {
		if (!set->env->template)
			app_placeholders(ctx, set);
		return;
	}
	for (size_t i = 0; set->dotenv && !set->env->template && i < set->dotenv->nvars; i++) {
		const qw_envvar *v = &set->dotenv->vars[i];
		if (!qw_is_api_key_name(ctx->kb, v->key) || !*v->env_value || !qw_kb_hermes_no_key(ctx->kb, v->env_value))
			continue;
		if (qw_dotenv_get(set->dotenv, v->key) != v)
			continue;
		qw_finding *fd = qw_report(ctx, "QW502", set->env, v->value_span,
					   "%s holds a placeholder, which Hermes treats as no key at all", v->key);
		qw_trace(fd, "has_usable_secret rejects values under 4 characters and *, **, ***, changeme, "
			     "your_api_key, placeholder, example, dummy, null, none, …");
		qw_fix_hint(fd, "paste the real key, or delete the line");
	}
	const qw_node *m = qw_model_section(set);
	const qw_pair *k = m ? qw_map_pair(m, "api_key") : NULL;
	if (k && qw_node_str(k->value) && *k->value->str && !strstr(k->value->str, "${") &&
	    qw_kb_hermes_no_key(ctx->kb, k->value->str)) {
		qw_finding *fd = qw_report(ctx, "QW502", set->config, k->value->span,
					   "model.api_key holds a placeholder, which Hermes treats as no key at all");
		qw_trace(fd, "with provider: custom Hermes then sends the literal \"no-key-required\"");
		qw_fix_hint(fd, "use api_key: ${YOUR_KEY_VARIABLE} and put the key in .env");
	}
}

/* QW503: a UTF-8 BOM at the start of a Hermes home's .env whose first line is an assignment. python-dotenv 1.2.2
 * (which Hermes 0.18.2 pins) keeps the BOM in that variable's name, so os.environ never gets it (hermes-agent
 * #65123; the python-dotenv fix, #640, is in no release Hermes pins); Hermes's own reader (utf-8-sig) sees it
 * (parse.h qw_envvar.bom_hidden, which the model honours). Not when a later line sets the name again: that line
 * is the one both readers keep. The repair deletes the three BOM bytes and nothing else. */
static void
check_env_bom(qw_ctx *ctx, qw_set *set)
{
	if (!set->hermes || !set->env || !set->dotenv || set->env->template || !set->env->has_bom || !set->dotenv->nvars)
		return;
	const qw_envvar *v = &set->dotenv->vars[0];
	if (!v->bom_hidden || qw_dotenv_get(set->dotenv, v->key) != v)
		return;
	/* what misses it, by what the variable is */
	char *who = !strcmp(v->key, "HERMES_INFERENCE_PROVIDER")
			    ? qw_xstrdup("provider resolution misses the provider it names")
		    : qw_is_api_key_name(ctx->kb, v->key)
			    ? qw_xprintf("provider auto-detection and ${%s} in config.yaml miss it", v->key)
			    : qw_xprintf("${%s} in config.yaml and every read of os.environ miss it", v->key);
	qw_finding *fd = qw_report(ctx, "QW503", set->env, (qw_span){0, 3},
				   "the UTF-8 BOM at the start of .env hides %s from os.environ: %s; only Hermes's own "
				   ".env reader sees it", v->key, who);
	free(who);
	qw_trace(fd, "python-dotenv 1.2.2 (pinned by Hermes 0.18.2) keeps the BOM in the first name (U+FEFF%s), so "
		     "load_hermes_dotenv puts no %s into os.environ (hermes-agent #65123; python-dotenv #640 fixes it "
		     "in a later release)", v->key, v->key);
	qw_trace(fd, "hermes_cli/config.py:load_env (utf-8-sig) strips the BOM: a built-in provider's key lookup and "
		     "a credential pool seeded from .env still see %s; what reads os.environ does not", v->key);
	qw_trace(fd, "later lines are not affected");
	qw_fix_hint(fd, "save .env as UTF-8 without a BOM (delete the three bytes EF BB BF at its start)");
	qw_fixit *x = qw_fixit_new(fd, set->env, QW_FIX_SAFE, "delete the UTF-8 BOM at the start of .env");
	qw_fixit_edit(x, 0, 3, "");
}

/* ------------------------------------------------------------------ QW7xx: files */

/* A value under a secret-named key that is a key and not a ${VAR} reference or a placeholder. */
static bool
holds_literal_key(const qw_kb *kb, const qw_node *n, int depth)
{
	if (!n || depth > QW_TREE_MAX_DEPTH)
		return false;
	for (size_t i = 0; n->type == QW_NODE_MAP && i < n->npairs; i++) {
		const char *k = qw_node_str(n->pairs[i].key);
		const char *v = qw_node_str(n->pairs[i].value);
		if (k && v && qw_is_secret_name(k) && *v && !strstr(v, "${") && !qw_kb_placeholder(kb, v) &&
		    !qw_kb_hermes_no_key(kb, v))
			return true;
		if (qw_walk_pair(n, i) && holds_literal_key(kb, n->pairs[i].value, depth + 1))
			return true;
	}
	for (size_t i = 0; n->type == QW_NODE_SEQ && i < n->nitems; i++)
		if (qw_walk_item(n, i) && holds_literal_key(kb, n->items[i], depth + 1))
			return true;
	return false;
}

static bool
env_holds_key(const qw_kb *kb, const qw_dotenv *e)
{
	for (size_t i = 0; e && i < e->nvars; i++)
		if (qw_is_api_key_name(kb, e->vars[i].key) && *e->vars[i].env_value &&
		    !qw_kb_hermes_no_key(kb, e->vars[i].env_value) && !qw_kb_placeholder(kb, e->vars[i].env_value))
			return true;
	return false;
}

/* QW903: the installed Hermes is newer than every release the knowledge holds (kb.h qw_kb_detect_hermes_version).
 * Once per home: on its root's first file. */
static void
check_hermes_newer(qw_ctx *ctx, qw_set *set)
{
	const char *v = qw_kb_hermes_newer_installed(ctx->kb);
	qw_source *src = set->config ? set->config : set->env ? set->env : set->auth;
	if (!v || !set->hermes || set->profile || !src)
		return;
	qw_finding *fd = qw_report(ctx, "QW903", src, (qw_span){0, 0},
				   "Hermes %s is installed, newer than qwlint's knowledge of Hermes (to %s): provider "
				   "resolution may have changed; qwlint models the newest Hermes it knows",
				   v, qw_kb_hermes_knowledge_to(ctx->kb));
	qw_trace(fd, "%s", qw_kb_hermes_version_why(ctx->kb));
	qw_fix_hint(fd, "check the findings against Hermes %s's release notes, or pass --hermes-version", v);
}

static void
check_permissions(qw_ctx *ctx, qw_set *set)
{
	if (!set->hermes)
		return;
	struct {
		qw_source *src;
		bool holds;
		const char *what;
	} files[] = {
		{set->env, env_holds_key(ctx->kb, set->dotenv), "holds API keys"},
		{set->auth, set->auth != NULL, "is Hermes's credential store"},
		{set->config, set->config_doc && holds_literal_key(ctx->kb, set->config_doc->root, 0), "holds a key"},
	};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		qw_source *src = files[i].src;
		if (!src || !files[i].holds || !src->mode || !(src->mode & 077))
			continue;
		qw_finding *fd = qw_report(ctx, "QW701", src, (qw_span){0, 0},
					   "%s %s but %s (mode %04o)", qw_basename(src->path), files[i].what,
					   src->mode & 004   ? "is readable by every user"
					   : src->mode & 040 ? "is readable by its group"
							     : "is open to its group or others",
					   src->mode);
		qw_trace(fd, "Hermes creates .env and auth.json with mode 0600 and keeps its home 0700 (hermes_cli/config.py:_secure_file at 306e2d2); "
			     "a copied or hand-made file keeps the umask's 0644");
		qw_fix_hint(fd, "chmod 600 %s", src->path);
		qw_fixit *x = qw_fixit_new(fd, src, QW_FIX_SAFE, "chmod 600 %s", src->path);
		qw_fixit_chmod(x, 0600);
	}
}

/* QW702: one value under a secret name, in a file git tracks; reported when it looks like a real key. Where it
 * is (HEAD, the index, or only the file on disk) is read from the texts git gave (vcs.h), not from whether the
 * path is there: a template committed with placeholders may have a real key staged now. */
/* A value whose publication would hurt: a real-looking key, and not one Dify prints in its own repository (a
 * public default is QW601's). */
static bool
leakable(const qw_kb *kb, const char *name, const char *value)
{
	return qw_looks_like_real_key(kb, value) && !qw_kb_dify_default(kb, name, value);
}

static void
report_tracked(qw_ctx *ctx, qw_source *src, qw_span span, const char *name, const char *value)
{
	if (!leakable(ctx->kb, name, value))
		return;
	/* A template's password or signing secret (MONGODB_PASSWORD, JWT_SECRET) is a development default meant to
	 * be replaced, public by design: a weak default, not a leaked key to revoke. An API key (by its variable or
	 * its key family's prefix) is nobody's default, so a template that holds one still leaks it. */
	if (src->template && !qw_is_api_key_name(ctx->kb, name) && !qw_kb_family(ctx->kb, value))
		return;
	const char *b = qw_basename(src->path);
	bool committed = src->git_head && strstr(src->git_head, value);
	bool staged = !committed && src->git_index && strstr(src->git_index, value);
	char *mask = qw_mask(ctx->kb, value);
	qw_finding *fd = qw_report(ctx, "QW702", src, span, "%s holds a key (%s) and %s is %s", name, mask, b,
				   committed ? "committed to git"
				   : staged  ? "staged for commit in git"
					     : "tracked by git (the change is not staged yet)");
	free(mask);
	if (committed)
		qw_trace(fd, "git's HEAD has this key in %s: it is in the repository's history, so in every clone and "
			     "fork, even after the file changes", src->path);
	else if (staged)
		qw_trace(fd, "git's index has this key in %s, and HEAD does not: the next commit records it", src->path);
	else
		qw_trace(fd, "git tracks %s; the key is only in the file on disk, so `git commit -a` or `git add` "
			     "records it", src->path);
	const char *move = src->kind == QW_KIND_HERMES_CONFIG
				   ? "write the value as ${VARIABLE} and put the key in .env, which git ignores"
			   : src->kind == QW_KIND_AUTH_JSON
				   ? "auth.json is Hermes's credential store: `git rm --cached` it and add it to .gitignore"
				   : "`git rm --cached` the file (it stays on disk) and make sure .gitignore covers it";
	if (committed)
		qw_fix_hint(fd, "revoke this key and issue a new one (history keeps the old one); then %s", move);
	else
		qw_fix_hint(fd, "%s", move);
}

static void
tracked_tree(qw_ctx *ctx, qw_source *src, const qw_node *n, int depth)
{
	if (!n || depth > QW_TREE_MAX_DEPTH)
		return;
	for (size_t i = 0; n->type == QW_NODE_MAP && i < n->npairs; i++) {
		const char *k = qw_node_str(n->pairs[i].key);
		const qw_node *v = n->pairs[i].value;
		if (!qw_walk_pair(n, i))
			continue;
		if (k && v && v->type == QW_NODE_SCALAR && v->str && qw_is_secret_name(k))
			report_tracked(ctx, src, v->span, k, v->str);
		else
			tracked_tree(ctx, src, v, depth + 1);
	}
	for (size_t i = 0; n->type == QW_NODE_SEQ && i < n->nitems; i++)
		if (qw_walk_item(n, i))
			tracked_tree(ctx, src, n->items[i], depth + 1);
}

/* QW702 for one parsed file: an env file's secret-named variables, or a document's secret-named scalars. */
static void
tracked_file(qw_ctx *ctx, qw_source *src, const qw_dotenv *env, const qw_doc *doc)
{
	if (!src || !src->report || src->vcs != QW_VCS_TRACKED)
		return;
	for (size_t i = 0; env && i < env->nvars; i++)
		if (qw_is_secret_name(env->vars[i].key))
			report_tracked(ctx, src, env->vars[i].value_span, env->vars[i].key, env->vars[i].env_value);
	if (doc)
		tracked_tree(ctx, src, doc->root, 0);
}

static void
check_secret_in_repo(qw_ctx *ctx, qw_set *set)
{
	tracked_file(ctx, set->env, set->dotenv, NULL);
	tracked_file(ctx, set->config, NULL, set->config_doc);
	tracked_file(ctx, set->auth, NULL, set->auth_doc);
	for (size_t f = 0; set->dify && f < set->dify->n; f++)
		tracked_file(ctx, set->dify->v[f].src, set->dify->v[f].env, set->dify->v[f].doc);
}

/* QW703: an untracked .env that holds a key and that no ignore rule covers. A .env without keys stays silent:
 * some projects commit a .env of defaults on purpose (Vite's convention), and it leaks nothing. Templates
 * (.env.example) are meant to be committed; a key in one is QW702's once it is staged. */
static void
check_dotenv_not_ignored(qw_ctx *ctx, qw_set *set)
{
	const qw_dotenv *env;
	qw_source *src = qw_set_main_env(set, &env);
	if (!src || !src->report || src->vcs != QW_VCS_UNTRACKED || src->template)
		return;
	const qw_envvar *v = NULL;
	for (size_t i = 0; i < env->nvars && !v; i++)
		if (qw_is_secret_name(env->vars[i].key) && leakable(ctx->kb, env->vars[i].key, env->vars[i].env_value))
			v = &env->vars[i];
	if (!v)
		return;
	const char *b = qw_basename(src->fs_path);
	qw_finding *fd = qw_report(ctx, "QW703", src, v->key_span,
				   "%s holds keys (%s, …) and no ignore rule covers it: `git add .` would commit them",
				   qw_basename(src->path), v->key);
	qw_trace(fd, "git tracks no %s, and no .gitignore, .git/info/exclude or core.excludesFile pattern matches it "
		     "(git ls-files --others --ignored --exclude-standard)", src->path);
	char *line = qw_vcs_ignore_line(b);
	char *dir = qw_dirname(src->path);
	char *shown = strcmp(dir, ".") ? qw_path_join(dir, ".gitignore") : qw_xstrdup(".gitignore");
	qw_fix_hint(fd, "add the line %s to %s", line, shown);
	qw_fixit *x = qw_fixit_begin(fd, QW_FIX_SAFE, "add %s to %s", line, shown);
	char *text;
	if (set->gitignore) {
		qw_source *g = set->gitignore;
		bool nl = !g->len || g->data[g->len - 1] == '\n';
		/* git splits .gitignore at LF only: a lone CR would join the new line to the last one */
		const char *brk = g->len && strcmp(line_break(g, 0), "\r") ? line_break(g, 0) : "\n";
		text = qw_xprintf("%s%s%s", nl ? "" : brk, line, brk);
		qw_fixit_also(x, g);
		qw_fixit_edit(x, g->len, g->len, text);
	} else {
		char *fsdir = qw_dirname(src->fs_path);
		char *path = qw_path_join(fsdir, ".gitignore");
		text = qw_xprintf("%s\n", line);
		qw_fixit_create(x, path, shown);
		qw_fixit_edit(x, 0, 0, text);
		free(path);
		free(fsdir);
	}
	qw_fixit_key(x, line);
	free(text);
	free(shown);
	free(dir);
	free(line);
}

/* ------------------------------------------------------------------ the table */

const qw_rule qw_rules[] = {
	{"QW001", "yaml-syntax", QW_SEV_ERROR, check_yaml_syntax, QW_FIX_NONE,
	 "config.yaml is not valid YAML",
	 "A YAML syntax error, or text a Python YAML loader refuses although it is YAML to others: bytes that are "
	 "not UTF-8, a control character such as NUL, a second document in the stream. Hermes then falls back to its "
	 "last-known-good config or to its defaults, so none of the file's settings apply (hermes_cli/config.py:_load_config_impl at 306e2d2). Nesting "
	 "deeper than 512 levels is a warning: qwlint reads no further, PyYAML's pure-Python loader fails near 500 "
	 "levels, its libyaml loader may read on.",
	 "By hand: correct the syntax at the reported position. qwlint does not guess at YAML."},
	{"QW002", "json-syntax", QW_SEV_ERROR, check_json_syntax, QW_FIX_NONE,
	 "auth.json is not valid JSON",
	 "A JSON syntax error in auth.json. Hermes copies the file to auth.json.corrupt and continues with an "
	 "empty credential store (hermes_cli/auth.py:_load_auth_store at 306e2d2).",
	 "By hand: correct the JSON at the reported position."},
	{"QW003", "dotenv-syntax", QW_SEV_ERROR, check_dotenv_syntax, QW_FIX_NONE,
	 "a .env line is not a KEY=VALUE assignment",
	 "A line of a .env file that neither python-dotenv nor Hermes's own reader can take: no '=', a bad "
	 "variable name, an unterminated quote, or text after a closing quote. In an application's .env (not a Hermes "
	 "home's nor a Dify deployment's) it is a warning, one per block of adjacent lines: python-dotenv warns and "
	 "skips such lines and reads the rest.",
	 "By hand: write the line as KEY=VALUE (quote a value that holds spaces or #), or delete it."},
	{"QW101", "plan-key-on-payg-endpoint", QW_SEV_ERROR, check_plan_key_on_payg, QW_FIX_UNSAFE,
	 "a plan key (sk-sp-, sk-kimi-) is sent to a pay-as-you-go host",
	 "A key of a family that only plan endpoints accept (rules/keys.yaml `plans`) sent to the vendor's "
	 "pay-as-you-go host. Alibaba's plans do not mix: \"The Base URL must be used with an API Key from the same "
	 "billing plan, otherwise a 401 error occurs\" (providers.md §1); sk-sp- keys work only on "
	 "coding(-intl).dashscope.aliyuncs.com/v1 and token-plan.*.maas.aliyuncs.com/compatible-mode/v1. Kimi Code "
	 "keys (sk-kimi-) work only on api.kimi.com/coding, not on the open platform api.moonshot.cn / .ai (§3).",
	 "For an Alibaba key in Hermes, --fix switches to Hermes's custom Coding Plan form: provider: custom, the "
	 "Coding Plan base URL, api_key: ${VAR}. Safe only when --probe found the endpoint that accepts the key "
	 "(a Token Plan key then gets its token-plan host); otherwise unsafe, even with --region or .qwlint.yaml's "
	 "region: an sk-sp- key does not say whether it is Coding Plan or Token Plan, so the region picks the host "
	 "(mainland by default) but the plan stays a guess. For Hermes's kimi-coding with an sk-kimi- key, --fix deletes "
	 "KIMI_BASE_URL from .env (safe, .env backed up): Hermes then sends sk-kimi- keys to api.kimi.com/coding "
	 "itself (hermes_cli/auth.py:_resolve_kimi_base_url at 306e2d2). Otherwise by hand: the hint names the endpoints that take the key."},
	{"QW102", "payg-key-on-plan-endpoint", QW_SEV_ERROR, check_payg_key_on_plan, QW_FIX_NONE,
	 "a key that is not the plan's own key is sent to a plan host",
	 "Hosts that accept only their plan's key family (rules/endpoints.yaml `only_keys`). Alibaba's Coding Plan "
	 "hosts answer a pay-as-you-go key with 401 \"invalid access token or token expired\", Token Plan hosts with "
	 "401 \"InvalidApiKey\" (providers.md §1.3-1.4). Where the catalogue's confidence is low (Kimi Code's "
	 "api.kimi.com/coding with a key other than sk-kimi-, §3 and §17 rule 6; Tencent TokenHub, §15) the finding "
	 "is a warning. Hosts that serve several plans with one key shape (MiniMax, Zhipu, Qianfan) are not judged.",
	 "By hand: use the pay-as-you-go endpoint for this key, or put the plan's own key in its place."},
	{"QW103", "region-mismatch", QW_SEV_ERROR, check_region, QW_FIX_SAFE,
	 "the endpoint's region differs from the key's region",
	 "Alibaba keys are bound to a region (\"API Keys are independent per region and cannot be used across "
	 "regions\"); Moonshot (.cn / .ai), Zhipu (bigmodel.cn / z.ai), MiniMax (.com / .io) and SiliconFlow (.cn / "
	 ".com) run separate account systems per site (rules/endpoints.yaml `region_bound`). The key itself does not "
	 "say its region, so qwlint needs evidence: --probe (error: the endpoint rejected the key and the same "
	 "plan's endpoint in another region accepted it; a key the endpoint accepts is never reported), --region, "
	 "region: in .qwlint.yaml (error), or the same key sent to hosts of two regions (warning).",
	 "With --probe evidence, --fix replaces the host of the base URL as written in config.yaml or .env with the "
	 "host that accepted the key (safe). When a stated region meets a provider's default endpoint (Hermes's "
	 "alibaba-coding-plan and its coding-intl default), --fix --unsafe-fixes sets the provider's base-URL "
	 "variable in .env to the same endpoint in the stated region, as QW307 does without a region (unsafe: the "
	 "region is the user's word, not proof about the key). Otherwise by hand: use the endpoint of the key's "
	 "region, or a key issued in the endpoint's region."},
	{"QW104", "foreign-key-on-endpoint", QW_SEV_ERROR, check_foreign_key, QW_FIX_NONE,
	 "a key with one vendor's distinctive prefix is sent to another vendor's host",
	 "Only distinctive prefixes count (sk-sp-, sk-kimi-, sk-ant-, sk-or-v1-, gsk_, xai-, AIza, AQ., bce-v3/, sk-cp-, "
	 "sk-proj-, ...); a bare sk- key is never attributed (providers.md §0). Groq and xAI (Grok) are the classic "
	 "mix-up: a gsk_ key on api.x.ai gets 400, an xai- key on api.groq.com 401 (§11-§12). A key without a "
	 "distinctive prefix is attributed only by a Hermes built-in provider's own vendor-named variable "
	 "(DASHSCOPE_API_KEY, GLM_API_KEY: rules/app-env.yaml pairs' vendor; never a protocol variable such as "
	 "ANTHROPIC_API_KEY, which other vendors' compatible endpoints use too) when a base URL written in the files "
	 "sends it to another vendor's host, e.g. provider: alibaba or zai with cli-config.yaml.example's leftover "
	 "base_url: https://openrouter.ai/api/v1; that is a warning, since the vendor is inferred.",
	 "By hand: send the key to its own vendor's endpoint, or use the key the endpoint's vendor issued."},
	{"QW107", "deprecated-auth-flow", QW_SEV_ERROR, check_legacy_flow, QW_FIX_NONE,
	 "a model API key is sent to a deprecated API that takes another credential",
	 "An endpoint of a retired auth flow (rules/endpoints.yaml `legacy`): Baidu Qianfan's v1 API on "
	 "aip.baidubce.com takes an access_token that a v1 app's API Key and Secret Key are exchanged for, passed as "
	 "?access_token=; a v2 API key (bce-v3/) belongs on https://qianfan.baidubce.com/v2 as a Bearer key "
	 "(providers.md §2). New v1 apps can no longer be created.",
	 "By hand: send the key to the endpoint the message names (for Qianfan: https://qianfan.baidubce.com/v2, "
	 "OpenAI-compatible)."},
	{"QW106", "model-not-in-plan", QW_SEV_WARNING, check_model_in_plan, QW_FIX_SAFE,
	 "the model is not one the plan endpoint serves",
	 "A plan endpoint serves a fixed list of models (rules/models.yaml: Alibaba's Coding Plan and Token Plan, "
	 "Baidu Qianfan's Coding Plan, which takes only qianfan-code-latest). The lists change every few months and "
	 "the sources disagree, so each list is the union of every dated source, and the rule is a warning. Model "
	 "ids are case-sensitive (\"model 'xxx' is not supported\", providers.md §1.3, §1.5, §2). For Hermes the id "
	 "judged is the one Hermes sends: model.default as hermes_cli/model_normalize.py:normalize_model_for_provider "
	 "rewrites it for the provider (rules/hermes-models.yaml; qwen/qwen3-coder-plus is sent to alibaba as "
	 "qwen3-coder-plus).",
	 "--fix corrects the case of a model id the list has in another case (safe), where the id is written as it "
	 "is sent. Otherwise by hand: pick a model of the plan."},
	{"QW108", "key-in-wrong-variable", QW_SEV_ERROR, check_wrong_variable, QW_FIX_NONE,
	 "an application's .env puts key material in a variable that sends it the wrong way",
	 "From rules/app-env.yaml: an Anthropic OAuth token (sk-ant-oat01-) in ANTHROPIC_API_KEY, which is sent as "
	 "x-api-key and gets 401 (providers.md §8); a Qianfan v2 key (bce-v3/) in QIANFAN_AK / QIANFAN_SK (a v1 app's "
	 "API Key and Secret Key) or QIANFAN_ACCESS_KEY / QIANFAN_SECRET_KEY (IAM keys) (§2); a non-empty "
	 "ANTHROPIC_API_KEY beside an OpenRouter ANTHROPIC_BASE_URL (warning, §9). Also (warning) a vendor-named "
	 "variable such as GROQ_API_KEY holding another vendor's distinctive key (xai-) with no base URL in the "
	 "file. Hermes homes are not judged: Hermes reads its variables its own way.",
	 "By hand: move the value to the variable the message names."},
	{"QW110", "probe-result", QW_SEV_ERROR, qw_check_probe, QW_FIX_NONE,
	 "--probe: which endpoints accept the key, and what that says about the configuration",
	 "Only with --probe (never by default, never implied by --fix). For each key a request sends, qwlint asks "
	 "the configured endpoint and the catalogue's other endpoints of the key's vendor whose plan the key can "
	 "hold, one request each (rules/probe.yaml: GET <base>/models for DashScope pay-as-you-go, as hermes doctor "
	 "does; a one-token chat request for the Coding Plan and Token Plan hosts, which document no model listing; "
	 "Coding Plan answers it 405 \"only available for Coding Agents\", which still proves the key authenticated), "
	 "and reads each answer from its status and error body (providers.md §1.3-1.4). Moonshot's open platform "
	 "(.cn, .ai) and Zhipu (bigmodel.cn, z.ai) get GET <base>/models too, the request hermes doctor sends; no "
	 "listing is documented for them, so a host without one would answer 404, read as unrecognised. Kimi Code "
	 "gets a one-token request, answered 403 \"only available for Coding Agents\" for a good key (§3). Error: "
	 "the configured "
	 "endpoint rejects the key while another accepts it, or no endpoint accepts it. Warning: the quota is spent, "
	 "or the answers do not settle it (a timeout, a TLS error, a redirect, which is never followed, an "
	 "unrecognised answer). Info: the configured endpoint accepts the key, or the key was not asked about "
	 "(a vendor qwlint has no probe request for: MiniMax, DeepSeek, OpenAI and the rest, so far). A mainland Coding Plan key on "
	 "coding-intl (or the reverse) is rejected with an answer no vendor page documents (providers.md §1.4, U): "
	 "qwlint reads the 401 as a rejection. Only status codes, the catalogue's error codes and masked keys are "
	 "printed; the answer bodies are dropped.",
	 "By hand: send the key to the endpoint that accepted it. The repairs belong to the rules the evidence "
	 "settles: with --fix --probe, QW101/QW301's custom-provider repair uses the accepting endpoint and QW103's "
	 "and QW307's repairs become safe."},
	{"QW105", "malformed-key", QW_SEV_ERROR, check_malformed_key, QW_FIX_SAFE,
	 "the key value cannot be a working key",
	 "White space, control or non-ASCII characters, surrounding quotes, a 'Bearer ' prefix, a masked key "
	 "('*' or '…'), a URL, a placeholder Hermes sends verbatim, an AccessKey ID instead of an API key, or an "
	 "inline comment that Hermes's own .env reader keeps (providers.md §16; hermes_cli/config.py:load_env at 306e2d2). A warning for a key "
	 "sent to a vendor whose keys all have a shape it lacks (rules/keys.yaml vendor_key_shapes: Zhipu's "
	 "<id>.<secret>, §4 and §17 rule 7).",
	 "--fix deletes white space, quotes, zero-width characters and a 'Bearer ' prefix around or inside the "
	 "key, and moves an inline comment that Hermes's reader would send to its own line above (safe). Other "
	 "defects (a masked key, a URL, an AccessKey ID) need the real key, by hand."},
	{"QW201", "missing-version-path", QW_SEV_ERROR, check_missing_version, QW_FIX_SAFE,
	 "the base URL lacks the version path its host needs",
	 "OpenAI-style clients append only /chat/completions, so the base must end in the version path: /v1 on "
	 "coding hosts, /compatible-mode/v1 on dashscope and token-plan hosts, /api/paas/v4 on Zhipu, ...",
	 "--fix appends the version path the host needs (safe)."},
	{"QW202", "operation-path-in-base-url", QW_SEV_ERROR, check_operation_path, QW_FIX_SAFE,
	 "the base URL ends in an operation path such as /chat/completions",
	 "Clients append the operation themselves; Hermes uses the base URL as written, so the request goes to "
	 "…/chat/completions/chat/completions (Hermes uses base URLs as written: hermes_cli/runtime_provider.py:resolve_runtime_provider at 306e2d2).",
	 "--fix removes the operation path (safe)."},
	{"QW203", "wrong-api-family-path", QW_SEV_ERROR, check_wrong_family, QW_FIX_UNSAFE,
	 "the base URL's path belongs to another API family, or the host does not serve it",
	 "For example DashScope's native /api/v1 where an OpenAI-compatible base is needed, or /compatible-mode/v1 "
	 "on a Coding Plan host, which serves /v1.",
	 "--fix replaces the path with the one the host serves (unsafe: it assumes the host is right and the "
	 "path wrong)."},
	{"QW204", "malformed-url", QW_SEV_ERROR, check_malformed_url, QW_FIX_NONE,
	 "the base URL is not a usable URL",
	 "No scheme, no host, white space, or http:// to a public host (the key would travel in clear text). http:// "
	 "to this machine or a private network (10/8, 172.16/12, 192.168/16, link-local, IPv6 ULA, a single-label "
	 "Docker service name such as ollama or litellm, .local, .internal, .lan, .home.arpa) is how local servers "
	 "are reached, and is not reported.",
	 "By hand: write the URL as https://host/path."},
	{"QW205", "unknown-or-legacy-host", QW_SEV_WARNING, check_lookalike_host, QW_FIX_NONE,
	 "the host is a look-alike or retired API host",
	 "Hosts that are not the API host people think they are: console domains, retired hosts, undocumented TLDs "
	 "(rules/endpoints.yaml lookalikes).",
	 "By hand: use the API host the catalogue names for the vendor."},
	{"QW301", "auto-provider-misroutes-key", QW_SEV_ERROR, check_auto_misroute, QW_FIX_UNSAFE,
	 "provider auto picks a provider whose endpoint cannot accept the key found",
	 "With model.provider auto or unset, Hermes takes the first registry provider whose key variable is set. "
	 "DASHSCOPE_API_KEY is read by alibaba (dashscope-intl, pay-as-you-go) before alibaba-coding-plan, so a "
	 "Coding Plan key there goes to the wrong plan's host and gets 401 (hermes_cli/auth.py:PROVIDER_REGISTRY and resolve_provider at 306e2d2).",
	 "For a Coding Plan key, --fix switches to Hermes's custom Coding Plan form (provider: custom, the "
	 "Coding Plan base URL, api_key: ${DASHSCOPE_API_KEY}), creating config.yaml if the home has none. "
	 "Safe only when --probe found the endpoint that accepts the key (a Token Plan key then gets its "
	 "token-plan host); otherwise unsafe, even with --region or .qwlint.yaml's region: an sk-sp- key does not "
	 "say whether it is Coding Plan or Token Plan, so the region picks the host (mainland by default) but the "
	 "plan stays a guess. Otherwise by hand: set model.provider explicitly, with a base URL that accepts the key."},
	{"QW302", "provider-prefix-in-model", QW_SEV_WARNING, check_provider_prefix, QW_FIX_SAFE,
	 "a provider prefix in the model name does not select a provider",
	 "model.default: alibaba-coding-plan/qwen3.6-plus is sent verbatim; the endpoint does not know that "
	 "model (hermes_cli/model_normalize.py:normalize_model_for_provider at 306e2d2). A prefix Hermes drops (one "
	 "naming the provider, by its id or an alias of hermes_cli/models.py, for the providers of "
	 "rules/hermes-models.yaml that strip one) is not reported: the id checked is the one sent.",
	 "--fix drops the prefix from the model name (safe)."},
	{"QW303", "ignored-base-url-env", QW_SEV_WARNING, check_ignored_base_url_env, QW_FIX_NONE,
	 "<X>_BASE_URL is set but the resolved provider is not X",
	 "Each provider reads only its own base-URL variable, e.g. ALIBABA_CODING_PLAN_BASE_URL does nothing when "
	 "auto resolves to alibaba (hermes_cli/auth.py:resolve_api_key_provider_credentials at 306e2d2). When the configuration as resolved sends its key to an endpoint "
	 "that takes it (as after QW301's or QW101's repair to provider custom), the variable is a leftover: the "
	 "finding is then info, and never advises selecting X again.",
	 "By hand: delete the variable, or select provider X so that it is read."},
	{"QW304", "ignored-api-key", QW_SEV_WARNING, check_ignored_api_key, QW_FIX_NONE,
	 "model.api_key is set for a built-in provider, which ignores it",
	 "Built-in API-key providers read their key from their env variables; model.api_key is honoured only for "
	 "custom endpoints (hermes_cli/config.py:clear_model_endpoint_credentials, hermes_cli/runtime_provider.py:_resolve_openrouter_runtime at 306e2d2).",
	 "By hand: move the key into the provider's key variable in .env and delete model.api_key."},
	{"QW305", "custom-provider-without-key", QW_SEV_ERROR, check_custom_without_key, QW_FIX_NONE,
	 "a custom endpoint gets no key, so Hermes sends \"no-key-required\"",
	 "provider: custom reads model.api_key, then OPENAI_API_KEY only for openai.com, then a variable derived "
	 "from the host (ALIYUNCS_API_KEY for *.aliyuncs.com), else the literal no-key-required (hermes_cli/runtime_provider.py:_resolve_openrouter_runtime and _host_derived_api_key at 306e2d2). A "
	 "base URL on this machine or a private network (a LAN address, a Docker service name) is not reported: "
	 "local servers such as Ollama, vLLM and LiteLLM usually take no key.",
	 "By hand: set model.api_key (for example api_key: ${VAR} with VAR in .env)."},
	{"QW306", "misplaced-env-key-in-config", QW_SEV_WARNING, check_misplaced_env_key, QW_FIX_UNSAFE,
	 "an environment-style key (*_BASE_URL, *_API_KEY) at the top of config.yaml",
	 "Hermes reads these only from .env; `hermes config set` puts non-key variables into config.yaml, where "
	 "they are ignored (hermes_cli/config.py:set_config_value at 306e2d2).",
	 "--fix moves the line into .env, creating .env if needed, or deletes it when .env already sets the "
	 "same value (unsafe: it changes which file holds the setting). No repair when .env holds a different "
	 "value."},
	{"QW307", "coding-plan-default-region", QW_SEV_WARNING, check_coding_plan_default_region, QW_FIX_UNSAFE,
	 "alibaba-coding-plan with no base URL goes to the international coding-intl host",
	 "Hermes's alibaba-coding-plan defaults to https://coding-intl.dashscope.aliyuncs.com/v1 (issue #44661); "
	 "a mainland key gets 401 there. The key does not say its region, hence a warning.",
	 "--fix appends the mainland ALIBABA_CODING_PLAN_BASE_URL to .env: safe when --probe found the mainland "
	 "host accepts the key (the finding is then an error), else unsafe (the key's region is a guess). With "
	 "--probe, a key that coding-intl accepts is not reported. When model.base_url is written but model.provider "
	 "is an alias (alibaba_coding, dashscope-coding, ...), Hermes ignores model.base_url "
	 "(hermes_cli/runtime_provider.py:resolve_runtime_provider honours it only when the configured provider equals "
	 "the canonical id): the finding says so and --fix --unsafe-fixes writes model.provider: alibaba-coding-plan "
	 "instead. The advice to set model.base_url is given only when model.provider is the canonical id."},
	{"QW308", "unknown-provider", QW_SEV_ERROR, check_unknown_provider, QW_FIX_NONE,
	 "model.provider names no provider Hermes knows",
	 "resolve_provider raises AuthError \"Unknown provider\" (hermes_cli/auth.py:resolve_provider at 306e2d2).",
	 "By hand: use a provider id from Hermes's registry (rules/hermes-providers.yaml), or custom."},
	{"QW309", "invalid-config-structure", QW_SEV_ERROR, check_config_structure, QW_FIX_NONE,
	 "a model-related section of config.yaml has the wrong shape",
	 "custom_providers as a mapping, entries without name or base_url, providers: entries whose URL has no "
	 "scheme or host (Hermes drops them), fallback entries without provider or model (hermes_cli/config.py:_normalize_custom_provider_entry, hermes_cli/fallback_config.py:get_fallback_chain at 306e2d2).",
	 "By hand: give the section the shape the message names."},
	{"QW401", "stale-credential-pool-entry", QW_SEV_WARNING, qw_check_stale_pool, QW_FIX_SAFE,
	 "an auth.json credential pool entry is stale",
	 "Entries Hermes marked exhausted or dead after HTTP 401/403 (retried after the cooldown, a manual one "
	 "before any key in .env), a manual entry of the provider in use whose own base URL overrides the "
	 "configured endpoint (unsafe repair), pools of custom:<name> endpoints config.yaml no longer defines, and "
	 "(info) env-seeded entries whose variable .env no longer sets (agent/credential_pool.py:_seed_from_env at 306e2d2). The repair removes them; "
	 "an entry holding a token is backed up first.",
	 "--fix removes the entry (or the pool), backing up an entry that holds a token first (safe; unsafe "
	 "for a manual entry that overrides the configured endpoint)."},
	{"QW402", "stale-provider-state", QW_SEV_WARNING, qw_check_stale_state, QW_FIX_SAFE,
	 "auth.json's active_provider contradicts model.provider",
	 "With an explicit model.provider Hermes ignores active_provider, but it is used again as soon as the "
	 "provider is auto; `hermes model` clears it, a hand edit does not (hermes_cli/auth.py:deactivate_provider, hermes_cli/runtime_provider.py:resolve_runtime_provider at 306e2d2).",
	 "--fix removes active_provider (safe)."},
	{"QW403", "suppressed-env-source", QW_SEV_WARNING, qw_check_suppressed_env, QW_FIX_UNSAFE,
	 "suppressed_sources hides a key that .env sets for the provider in use",
	 "`hermes auth remove` records env:<VAR> in suppressed_sources so the key is not seeded into the pool "
	 "again; after putting a new key into .env it stays hidden (agent/credential_pool.py:_seed_from_env at 306e2d2).",
	 "--fix removes the env:<VAR> entry from suppressed_sources (unsafe: its effect on resolution is not "
	 "established)."},
	{"QW404", "corrupt-auth-store", QW_SEV_WARNING, qw_check_auth_shape, QW_FIX_NONE,
	 "auth.json is JSON of the wrong shape",
	 "The root, credential_pool, providers or suppressed_sources, a pool or an entry has the wrong type. "
	 "What Hermes does with it is not established (unreadable JSON is QW002: Hermes moves the file to "
	 "auth.json.corrupt and starts with an empty store).",
	 "By hand: give the part the type the message names."},
	{"QW405", "pool-status-outlives-rotated-key", QW_SEV_WARNING, qw_check_rotated_pool_status, QW_FIX_SAFE,
	 "an env-seeded pool entry stays exhausted or dead after its key was rotated",
	 "An entry seeded from env:<VAR> stores only the key's secret_fingerprint; when .env now holds a key whose "
	 "fingerprint differs, the exhausted or dead status belongs to the old key (an exhausted one only while its "
	 "cooldown lasts: after it Hermes uses the entry again). Assumes hermes-agent #119162 "
	 "(open): _merge_disk_cooldown_state notices a rotation only through access_token, so the status stays and "
	 "Hermes keeps skipping the new key. A single report, hence a warning.",
	 "--fix sets the entry's last_status, last_status_at and last_error_* members to null, as Hermes writes them "
	 "for an entry with no failure (safe); by hand: `hermes auth reset <provider>`."},
	{"QW501", "duplicate-env-key", QW_SEV_WARNING, check_duplicate_env, QW_FIX_SAFE,
	 "a .env variable is set twice",
	 "Both python-dotenv and Hermes's reader keep the last value; the first one is silently dead.",
	 "--fix deletes a line that repeats, byte for byte, the variable's assignment just before it (safe: the "
	 "value in effect stays); not when another assignment of the name comes between them (K=a, K=b, K=a: the "
	 "last line is the one that wins) or the value holds ${…}, which python-dotenv expands from what is set at "
	 "that line. When the values differ, delete by hand the line Hermes does not use: it uses the last."},
	{"QW502", "placeholder-value", QW_SEV_ERROR, check_placeholder, QW_FIX_NONE,
	 "a key variable holds a placeholder Hermes treats as no key, or an application's key or base URL is a placeholder",
	 "has_usable_secret() rejects values under 4 characters and the list *, **, ***, changeme, your_api_key, "
	 "your_api_key_here, your-api-key, placeholder, example, dummy, null, none (hermes_cli/auth.py:has_usable_secret at 306e2d2). In an "
	 "application's live .env, a key or base-URL variable that holds a template placeholder (your_…_here, <…>, "
	 "{…}, sk-xxx, sk- alone, …, changeme) is a warning: the program sends the placeholder unless the variable is "
	 "set elsewhere. A placeholder is never reported as a malformed key (QW105) or URL (QW204), and a template's "
	 "placeholders (.env.example, .env_template, a \".env copy\") are not findings.",
	 "By hand: put the real key in place of the placeholder."},
	{"QW503", "env-bom-hides-first-variable", QW_SEV_WARNING, check_env_bom, QW_FIX_SAFE,
	 "a UTF-8 BOM hides the first variable of a Hermes home's .env from os.environ",
	 "A Hermes home's .env that starts with a UTF-8 BOM (EF BB BF, as Notepad and some editors save it) and whose "
	 "first line is an assignment. python-dotenv 1.2.2, which Hermes 0.18.2 pins and whose load_hermes_dotenv "
	 "fills os.environ, keeps the BOM in the first variable's name, so os.environ never gets that variable "
	 "(hermes-agent #65123; the python-dotenv fix, #640, is not in 1.2.2). What reads os.environ misses it: "
	 "provider auto-detection (a key there resolves no provider, or another one), HERMES_INFERENCE_PROVIDER, "
	 "${VAR} in config.yaml (sent as the literal text) and <X>_BASE_URL where Hermes reads it from os.environ. "
	 "Hermes's own "
	 "reader (hermes_cli/config.py:load_env, utf-8-sig) strips the BOM, so a built-in provider's key lookup and "
	 "the credential pool seeded from .env still see it. Later lines are not affected; a BOM before a comment or "
	 "blank first line hides nothing and is not reported, nor is a first variable that a later line sets again. "
	 "Only Hermes homes: an application's .env is read by loaders qwlint does not know (some strip a BOM, some "
	 "do not), and Dify's by docker compose. A warning: whether the hidden variable changes what Hermes sends "
	 "depends on who reads it (qwlint's resolution, --resolve, takes the BOM into account).",
	 "--fix deletes the three BOM bytes at the start of .env and nothing else: line ends, quotes and comments "
	 "stay byte for byte (safe: every reader then sees the variable, as Hermes's own reader already did)."},
	{"QW601", "dify-default-secret", QW_SEV_ERROR, qw_check_dify_default_secret, QW_FIX_UNSAFE,
	 "a Dify secret is still the public default of .env.example",
	 "SECRET_KEY, PLUGIN_DAEMON_KEY, PLUGIN_DIFY_INNER_API_KEY or INNER_API_KEY_FOR_PLUGIN, in the env file whose "
	 "value Dify uses, equal to the value Dify's docker/.env.example ships. That value is printed in Dify's public "
	 "repository: SECRET_KEY signs sessions and encrypts data in the database, and the plugin keys authenticate "
	 "the API and the plugin daemon to each other (dify.md §3.1; dify#41750). The shipped .env.example raises it "
	 "too: `cp .env.example .env` is how installs start.",
	 "--fix --unsafe-fixes writes 42 random bytes from the OS (base64, as `openssl rand -base64 42`) into the "
	 "variable, and the same value into the variables that must match it (QW602); when one of those already holds "
	 "a value of its own, that value is copied instead, as QW602 advises. Unsafe: on a running install a "
	 "new SECRET_KEY logs everyone out, and the containers must be restarted to pick the new keys up. Templates "
	 "are not repaired."},
	{"QW602", "dify-key-pair-mismatch", QW_SEV_ERROR, qw_check_dify_key_pair, QW_FIX_NONE,
	 "the API's and the plugin daemon's shared keys differ",
	 "Two variables that must hold one value differ across a Dify deployment's env files: PLUGIN_DAEMON_KEY and "
	 "the daemon's SERVER_KEY, PLUGIN_DIFY_INNER_API_KEY and INNER_API_KEY_FOR_PLUGIN / DIFY_INNER_API_KEY. The "
	 "daemon then refuses the API (401/403, dify#28241) or the API the daemon (agent nodes fail, dify#15381). "
	 "docker-compose passes one variable to both sides unless a file sets the other by hand (dify.md §3.2).",
	 "By hand: give both the same value (a new random one, if it is still the default: QW601)."},
	{"QW603", "tongyi-plugin-buggy-version", QW_SEV_WARNING, qw_check_dify_plugin_version, QW_FIX_NONE,
	 "the installed or DSL-pinned Tongyi plugin version has a known defect",
	 "The version of a plugin installed under volumes/plugin_daemon/cwd/, or pinned by a DSL's dependencies, lies "
	 "in a range rules/dify.yaml lists. For langgenius/tongyi: 0.0.27 ignores the international-endpoint switch; "
	 "0.0.28 to 0.1.19 keep the region in a process-wide variable, so one request with the switch on sends every "
	 "later request of the plugin daemon to dashscope-intl and mainland keys get 401 until it restarts (issue "
	 "#2182, fixed in 0.1.20); 0.0.55 cannot save a key (dify.md §1.7). The message names the first version "
	 "past every listed range.",
	 "By hand: upgrade the plugin in Dify (Plugins), then restart the plugin daemon."},
	{"QW604", "dify-dsl-invalid-provider-id", QW_SEV_ERROR, qw_check_dify_provider_id, QW_FIX_SAFE,
	 "a DSL names a model provider by an id Dify rejects",
	 "A provider id in an app DSL (an LLM node's model, a reranking model, an agent's model selector, "
	 "model_config) that is neither org/plugin/provider nor a bare short name, each part in [a-z0-9_-]: "
	 "\"Tongyi\", \"langgenius/tongyi\". Dify raises \"Invalid plugin id\" (api/models/provider_ids.py; dify.md §4.3).",
	 "--fix lower-cases the id when that makes it valid, and completes org/plugin with the plugin's provider "
	 "when rules/dify.yaml knows it (langgenius/tongyi -> langgenius/tongyi/tongyi); safe: Dify accepts no other "
	 "reading. Other ids are corrected by hand."},
	{"QW605", "dify-dsl-removed-model", QW_SEV_WARNING, qw_check_dify_removed_model, QW_FIX_NONE,
	 "a DSL uses a model the plugin version it depends on no longer has",
	 "A model named in an app DSL that the plugin version the DSL depends on (its dependencies: "
	 "langgenius/tongyi:0.2.3@…) has removed: Tongyi 0.2.0 dropped qwen-max-latest, the qwen2.5 models, "
	 "gte-rerank and others (dify.md §1.8). The import succeeds; the node fails when it runs. A DSL that pins no "
	 "version is not judged.",
	 "By hand: pick a model the plugin still lists (e.g. gte-rerank-v2 or qwen3-rerank for gte-rerank)."},
	{"QW606", "dify-dsl-region-restricted-model", QW_SEV_WARNING, qw_check_dify_region_model, QW_FIX_NONE,
	 "a DSL uses a model the stated region does not serve",
	 "A model that the plugin serves in one region only, such as qwen-long (Beijing only: with the international "
	 "endpoint the Tongyi plugin raises \"Qwen-Long is only available in the Beijing region.\", dify.md §1.4), "
	 "while --region or .qwlint.yaml says the keys are another region's. Without a stated region the rule is "
	 "silent: the endpoint switch lives in Dify's database, not in any file.",
	 "By hand: use a model the region serves, or a key and endpoint of the model's region."},
	{"QW607", "dify-dsl-version-not-string", QW_SEV_ERROR, qw_check_dify_version_string, QW_FIX_SAFE,
	 "a DSL's version is a YAML number, not a string",
	 "The top-level version of an app DSL written as a plain number (version: 0.1), which YAML reads as a float. "
	 "Dify's import refuses it: \"Invalid version type, expected str\" (app_dsl_service.py; dify.md §4.1). "
	 "0.1.5 is a string already.",
	 "--fix quotes it: version: '0.1' (safe: the text is the same, only its type changes)."},
	{"QW608", "dify-files-url-missing", QW_SEV_WARNING, qw_check_dify_files_url, QW_FIX_NONE,
	 "MULTIMODAL_SEND_FORMAT=url without FILES_URL",
	 "With MULTIMODAL_SEND_FORMAT=url Dify passes the model provider a link to each uploaded file instead of its "
	 "bytes, built from FILES_URL; with FILES_URL unset or empty the provider gets a link it cannot fetch "
	 "(dify.md §1.4, §3.1).",
	 "By hand: set FILES_URL to the address the provider can reach, or go back to MULTIMODAL_SEND_FORMAT=base64."},
	{"QW701", "secret-file-permissions", QW_SEV_WARNING, check_permissions, QW_FIX_SAFE,
	 "a file holding keys is readable by other users",
	 "In a Hermes home, a .env holding API keys, auth.json, or a config.yaml holding a literal key with any "
	 "group or other permission bit. Hermes creates these files 0600 (hermes_cli/config.py:_secure_file, hermes_cli/auth.py:_save_auth_store at 306e2d2). The repair is chmod 600.",
	 "--fix runs chmod 600 on the file (safe)."},
	{"QW702", "plaintext-secret-in-repo", QW_SEV_ERROR, check_secret_in_repo, QW_FIX_NONE,
	 "a key is in a file git tracks",
	 "A real-looking key (16 or more characters mixing letters and digits, not a placeholder, not a ${VAR} "
	 "reference) under a secret name (…_API_KEY, …_TOKEN, api_key, access_token, …) in a .env, config.yaml or "
	 "auth.json that git tracks: staged for the next commit, or already committed. Anyone with the repository "
	 "can use the key, and a committed key stays in the history after the file changes. git itself answers "
	 "(ls-files, ls-tree HEAD), so the rule needs git on PATH; outside a work tree, or without git, it is silent.",
	 "By hand: a committed key must be revoked and a new one issued in the vendor's console. Then take the file "
	 "out of git (`git rm --cached FILE`, which keeps it on disk) and ignore it; in config.yaml, write the value "
	 "as ${VARIABLE} and keep the key in .env."},
	{"QW703", "dotenv-not-ignored", QW_SEV_WARNING, check_dotenv_not_ignored, QW_FIX_SAFE,
	 "a .env holding keys is not ignored by git",
	 "A .env file (or NAME.env, .env.local, …; not a template such as .env.example) in a git work tree that "
	 "holds a real-looking key, is not tracked, and that no .gitignore, .git/info/exclude or core.excludesFile "
	 "pattern covers, as git decides (`git ls-files --ignored --exclude-standard`): `git add .` or `git commit -a` after an add would commit "
	 "the key. A .env without keys is left alone: some projects commit one on purpose.",
	 "--fix appends a line that ignores exactly this file (`/.env`) to the .gitignore in the file's directory, "
	 "creating it if needed (safe: it changes only what git adds)."},
	{"QW901", "unused-suppression", QW_SEV_WARNING, NULL, QW_FIX_SAFE,
	 "a qwlint suppression comment suppresses nothing",
	 "A `# qwlint: disable=QWnnn` comment whose rule has no finding on the line it applies to (the same line, or "
	 "the next line that is not blank or a comment), a `disable-file=` whose rule has no finding in the file, a "
	 "rule name that does not exist, or a `# qwlint:` comment that is not a directive. A stale suppression "
	 "would hide the next real finding there (suppress.c). Only comments count: `# qwlint:` inside a value (a "
	 "YAML block scalar or quoted string, a quoted .env value) is data; and a YAML file that does not parse "
	 "(QW001) gets no QW901, since its rules did not run.",
	 "--fix deletes a suppression none of whose rules is used (safe). A list in which only some rules are "
	 "unused is edited by hand."},
	{"QW902", "invalid-settings", QW_SEV_ERROR, NULL, QW_FIX_NONE,
	 "a .qwlint.yaml setting is unknown or has a wrong value",
	 "qwlint's own settings file (found upward from each linted directory, or named by --config) has an unknown "
	 "key, a value of the wrong type, a rule that does not exist, or is not valid YAML. The setting is ignored, "
	 "so the run is not configured the way the file says (config.h).",
	 "By hand: the message names the known keys or values."},
	{"QW903", "hermes-newer-than-knowledge", QW_SEV_INFO, check_hermes_newer, QW_FIX_NONE,
	 "the installed Hermes is newer than qwlint's knowledge of Hermes",
	 "The Hermes installed beside the home (hermes_cli/__init__.py's __version__ under <home>/hermes-agent/, "
	 "$HERMES_HOME/hermes-agent/ or /usr/local/lib/hermes-agent/, where Hermes's installer puts it) is a release "
	 "newer than every one rules/hermes-providers.yaml describes (0.18.2, and Hermes's main branch to the "
	 "knowledge's date). qwlint then models the newest Hermes it knows; the provider registry, its auto-detection "
	 "order and the key resolution may have changed since, so a resolution or a finding may not be what that "
	 "Hermes does. Without --hermes-version only: a version given is taken as asked. One finding per home, on its "
	 "config.yaml (else .env, else auth.json).",
	 "By hand: nothing to repair in the home. Update qwlint, or pass --hermes-version with the release whose "
	 "behaviour you want modelled."},
};

const size_t qw_nrules = sizeof(qw_rules) / sizeof(qw_rules[0]);

const char *
qw_fix_safety_name(int safety)
{
	return safety == QW_FIX_SAFE ? "safe" : safety == QW_FIX_UNSAFE ? "unsafe" : "none";
}

const qw_rule *
qw_rule_find(const char *id)
{
	for (size_t i = 0; i < qw_nrules; i++)
		if (!strcmp(qw_rules[i].id, id) || !strcmp(qw_rules[i].name, id))
			return &qw_rules[i];
	return NULL;
}

void
qw_rules_run(qw_ctx *ctx, qw_set *set)
{
	ctx->set = set;
	ctx->url_sites = NULL;
	for (size_t i = 0; i < qw_nrules; i++)
		if (qw_rules[i].check)
			qw_rules[i].check(ctx, set);
	free_sites(ctx->url_sites);
	ctx->url_sites = NULL;
}
