/*
 * urls.c - QW2xx: every base URL a set holds, against its host's documented forms (version path, operation path, wrong
 * API family, malformed URL, lookalike host); one collection of URL sites per set, shared by the five rules.
 * A check reads the set (parsed files and the requests the model resolved) and reports findings; it never changes
 * the set and owns nothing past its call. Facts: ../shared/knowledge/hermes.md and providers.md; data in rules/.
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "appenv.h"
#include "edit.h"
#include "placeholder.h"
#include "url.h"
#include "util.h"

typedef struct url_site {
	qw_source *src;
	qw_span span;
	const char *url;
	const char *label;
	const char *also;   /* another path that reaches the same text (a merge key's source), or NULL */
	const char *expect; /* "openai", "anthropic", NULL (either), "any" (the vendor's native API too), or
			     * "host_root" (the client appends its own full paths: rules/app-env.yaml base_urls) */
	const char *client; /* with host_root: who reads it */
	const qw_client *cl; /* the tool's client that sends to it (rules/clients.yaml), or NULL */
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

/* QW203's repair: replace the URL's path with the one the host serves for this client, when the file holds the
 * URL as written. Unsafe where the other reading is that the client should speak the path's protocol instead;
 * safe where the client is known and the path is the host's base for it plus what the client appends itself. */
static void
fixit_replace_path(qw_finding *fd, const url_site *s, const char *host, const char *want, qw_fix_safety safety)
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
	qw_fixit *x = qw_fixit_new(fd, s->src, safety, "use https://%s%s", host, want);
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

/* Is path a base of h for protocol? */
static bool
proto_base(const qw_host *h, const char *path, const char *protocol)
{
	for (size_t i = 0; i < h->npaths; i++)
		if (!strcmp(h->paths[i].protocol, protocol) && !strcmp(h->paths[i].path, path))
			return true;
	return false;
}

/* A client that appends less than its protocol's operation path (@ai-sdk/anthropic appends /messages, the
 * catalogue's Anthropic bases are followed by /v1/messages) needs the rest (/v1) at the end of its base
 * (rules/clients.yaml). A base that is the catalogue's plus that rest is cut back to the catalogue's in path, to
 * be judged as any other; one that is the catalogue's without it is QW201 (true: reported). */
static bool
client_suffix(qw_ctx *ctx, const url_site *s, const qw_url *u, const qw_host *h, char *path)
{
	size_t sl = 0;
	const char *sfx = s->cl ? qw_kb_client_suffix(ctx->kb, s->cl, &sl) : NULL;
	if (!sfx || !sl)
		return false; /* Claude Code appends the whole operation path: the catalogue's bases as they are */
	size_t pl = strlen(path);
	if (pl >= sl && !strncmp(path + pl - sl, sfx, sl)) {
		path[pl - sl] = '\0';
		if (!proto_base(h, path, s->cl->protocol))
			path[pl - sl] = sfx[0];
		return false;
	}
	if (!proto_base(h, path, s->cl->protocol))
		return false;
	qw_finding *fd = qw_report(ctx, &QW201, s->src, s->span,
				   "%s lacks %.*s: %s appends only %s, so the request goes to …%s%s and gets 404", s->label,
				   (int)sl, sfx, s->cl->name ? s->cl->name : s->cl->id, s->cl->appends, path,
				   s->cl->appends);
	qw_trace(fd, "%s serves the %s base %s, which is followed by %.*s%s; the client adds only %s (%s)",
		 u->host, s->cl->protocol, path, (int)sl, sfx, s->cl->appends, s->cl->appends,
		 s->cl->source ? s->cl->source : "rules/clients.yaml");
	qw_fix_hint(fd, "use https://%s%s%.*s", u->host, path, (int)sl, sfx);
	/* only where the bytes between the quotes are the URL (no escape, no ${VAR}), a trailing / aside */
	qw_span t = qw_scalar_text(s->src, s->span);
	size_t a = t.start, b = t.end, e = b;
	while (e > a && s->src->data[e - 1] == '/')
		e--;
	size_t n = strlen(s->url);
	while (n && s->url[n - 1] == '/')
		n--;
	if (e - a == n && !memcmp(s->src->data + a, s->url, n) && !strchr(s->url, '?') && !strchr(s->url, '#')) {
		char *add = qw_xstrndup(sfx, sl);
		qw_fixit *x = qw_fixit_new(fd, s->src, QW_FIX_SAFE, "append %s", add);
		qw_fixit_edit(x, e, b, add);
		site_keys(x, s);
		free(add);
	}
	return true;
}

static void
check_url_site(qw_ctx *ctx, const url_site *s)
{
	if (qw_is_placeholder(s->url))
		return; /* no URL yet, not a malformed one: QW502 in a live file, nothing in a template */
	qw_url u;
	qw_url_parse(s->url, &u);
	if (u.problem) {
		qw_finding *fd = qw_report(ctx, &QW204, s->src, s->span, "%s %s", s->label, u.problem);
		qw_fix_hint(fd, "write the full base URL, e.g. https://host/v1");
		qw_url_free(&u);
		return;
	}
	/* http:// on a private network (a LAN server, a Docker service name) is how local servers are reached: no
	 * finding (issue 23 item 5); the clear-text risk is a public host */
	if (!strcmp(u.scheme, "http") && !qw_host_is_private(u.host)) {
		qw_finding *fd = qw_report(ctx, &QW204, s->src, s->span,
					   "%s uses http:// to %s: the key would travel in clear text", s->label,
					   u.host);
		qw_fix_hint(fd, "use https://");
	}
	if (s->expect && !strcmp(s->expect, "host_root")) {
		/* the client appends its own paths (/rpc/2.0/..., /v2/...): only a path here could break them */
		if (u.path[0] && strcmp(u.path, "/")) {
			qw_finding *fd = qw_report(ctx, &QW203, s->src, s->span,
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
		qw_finding *fd = qw_report(ctx, &QW202, s->src, s->span,
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
		path[strlen(path) - strlen(op)] = '\0';
		if (!strcmp(op, "/messages") && qw_endswith(path, "/v1"))
			path[strlen(path) - 3] = '\0';
	}
	const qw_host *h = qw_kb_host(ctx->kb, u.host);
	if (!h) {
		const qw_lookalike *l = qw_kb_lookalike(ctx->kb, u.host);
		if (l) {
			qw_finding *fd = qw_report(ctx, &QW205, s->src, s->span, "%s uses %s: %s", s->label, u.host,
						   l->why ? l->why : "not a documented API host");
			if (l->suggest)
				qw_fix_hint(fd, "use %s", l->suggest);
		}
		free(path);
		qw_url_free(&u);
		return;
	}
	if (!path_is_op(u.path, &op) && client_suffix(ctx, s, &u, h, path)) {
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
		if (wrong) {
			qw_finding *fd = qw_report(ctx, &QW203, s->src, s->span,
						   "%s is %s's %s API path %s, but this client speaks the %s protocol",
						   s->label, u.host, match->protocol, match->path[0] ? match->path : "/",
						   expect ? expect : "OpenAI-compatible");
			for (size_t i = 0; i < h->npaths; i++)
				if (!strcmp(h->paths[i].protocol, want_proto)) {
					qw_fix_hint(fd, "use https://%s%s", u.host, h->paths[i].path);
					fixit_replace_path(fd, s, u.host, h->paths[i].path, QW_FIX_UNSAFE);
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
		qw_finding *fd = qw_report(ctx, &QW201, s->src, s->span,
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
	} else if (expect && !strcmp(expect, "anthropic") &&
		   qw_endswith(path, "/v1") && anthropic_base(h, path)) {
		const qw_hostpath *ab = anthropic_base(h, path);
		qw_finding *fd = qw_report(ctx, &QW203, s->src, s->span,
					   "%s ends in /v1: Claude Code and the Anthropic SDK append /v1/messages, so the "
					   "request goes to …/v1/v1/messages",
					   s->label);
		qw_trace(fd, "an Anthropic base carries no /v1; expect HTTP 404 (providers.md §0); only clients built on "
			     "@ai-sdk/anthropic (OpenCode, Kilo Code) want the /v1");
		qw_fix_hint(fd, "use https://%s%s", u.host, ab->path);
		/* the tool's own client is known to append /v1/messages (Claude Code: rules/clients.yaml): the base
		 * is the answer; an application's ANTHROPIC_BASE_URL may be read by a client that wants the /v1 */
		bool sure = s->cl && s->cl->appends && !strcmp(s->cl->appends, "/v1/messages");
		fixit_replace_path(fd, s, u.host, ab->path, sure ? QW_FIX_SAFE : QW_FIX_UNSAFE);
	} else {
		qw_buf served = {0};
		for (size_t i = 0; i < h->npaths; i++)
			qw_buf_printf(&served, "%s%s (%s)", served.len ? ", " : "",
				      h->paths[i].path[0] ? h->paths[i].path : "/", h->paths[i].protocol);
		qw_finding *fd = qw_report(ctx, &QW203, s->src, s->span,
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
				fixit_replace_path(fd, s, u.host, h->paths[i].path, QW_FIX_UNSAFE);
				break;
			}
		qw_buf_free(&served);
	}
	free(path);
	qw_url_free(&u);
}

/* The URL sites of the set being checked: collected once, for the five rules (ctx->url_sites). */
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
	url_site s = {src, span, url, l, NULL, expect, NULL, NULL, hermes, false};
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
	qw_url_endpoint(kb, p->default_base_url, NULL, &hp);
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
		if (r->base_url && r->url_from.src && qw_in_set(set, r->url_from.src) && !r->path_unjudged) {
			const char *am = r->api_mode;
			const char *expect = am && !strcmp(am, "anthropic_messages") ? "anthropic" : NULL;
			if (!set->hermes) /* an application's pair: its protocol (rules/app-env.yaml) */
				expect = am ? am : "any";
			else if (provider_native(kb, r->prov))
				expect = "any";
			add_site(ss, r->url_from.src, r->url_from.span, r->base_url, r->url_from.what, expect,
				 set->hermes);
			for (size_t k = 0; r->client && k < ss->n; k++)
				if (ss->v[k].src == r->url_from.src && ss->v[k].span.start == r->url_from.span.start)
					ss->v[k].cl = r->client;
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
			if (qw_classify(kb, r, &h, &f) == QW_V_LEGACY)
				for (size_t k = 0; k < ss->n; k++)
					if (ss->v[k].src == r->url_from.src && ss->v[k].span.start == r->url_from.span.start)
						ss->v[k].legacy = true;
		}
	}
	path_step steps[2 * (URL_DEPTH + 1)]; /* a key and an index per level */
	if (set->config_doc)
		collect_config_urls(ss, set, set->config_doc->root, steps, 0, 0);
	/* a home's or a lone .env, or another tool's application environment (Claude Code's settings: appenv.h) */
	const qw_dotenv *env = set->dotenv ? set->dotenv : qw_appenv_vars(set);
	const qw_client *tc = set->tool && set->tool->app_client ? qw_kb_client(kb, set->tool->app_client) : NULL;
	for (size_t i = 0; env && i < env->nvars; i++) {
		const qw_envvar *v = &env->vars[i];
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
		qw_source *src = qw_appenv_src(set, v);
		char *label = qw_appenv_label(v);
		add_site(ss, src, v->value_span, v->env_value, label, expect, set->hermes);
		free(label);
		/* the tool's own client reads it even when no key beside it makes a request (Claude Code's settings) */
		for (size_t k = 0; tc && k < ss->n; k++)
			if (ss->v[k].src == src && ss->v[k].span.start == v->value_span.start && !ss->v[k].cl)
				ss->v[k].cl = tc;
		if (ab && ss->n && ss->v[ss->n - 1].src == src && ss->v[ss->n - 1].span.start == v->value_span.start)
			ss->v[ss->n - 1].client = ab->client;
	}
}

/* The five URL rules check the same sites: they are collected by the first and kept in ctx until qw_rules_run
 * is done with the set. */
static void
check_url_sites(qw_ctx *ctx, qw_set *set)
{
	if (!ctx->url_sites) {
		ctx->url_sites = qw_xcalloc(1, sizeof(sites));
		collect_sites(ctx->kb, set, ctx->url_sites);
	}
	for (size_t i = 0; i < ctx->url_sites->n; i++)
		check_url_site(ctx, &ctx->url_sites->v[i]);
}

void
qw_url_sites_free(sites *ss)
{
	if (!ss)
		return;
	for (size_t i = 0; i < ss->nowned; i++)
		free(ss->owned[i]);
	free(ss->owned);
	free(ss->v);
	free(ss);
}

const qw_rule QW201 = {
	.id = "QW201", .name = "missing-version-path",
	.severity = QW_SEV_ERROR, .check = check_url_sites, .fix = QW_FIX_SAFE,
	.summary = "the base URL lacks the version path its host needs",
	.doc = "OpenAI-style clients append only /chat/completions, so the base must end in the version path: /v1 on "
	    "coding hosts, /compatible-mode/v1 on dashscope and token-plan hosts, /api/paas/v4 on Zhipu, ... A client "
	    "that appends less than its protocol's operation path needs the rest at the end of its base "
	    "(rules/clients.yaml): OpenCode's @ai-sdk/anthropic appends only /messages, so its Anthropic base is "
	    "/apps/anthropic/v1, the mirror image of Claude Code's (agents.md §1).",
	.fixdoc = "--fix appends the version path the host needs (safe).",
	.repair = "append the version path",
};

const qw_rule QW202 = {
	.id = "QW202", .name = "operation-path-in-base-url",
	.severity = QW_SEV_ERROR, .check = NULL, .fix = QW_FIX_SAFE,
	.summary = "the base URL ends in an operation path such as /chat/completions",
	.doc = "Clients append the operation themselves; Hermes uses the base URL as written, so the request goes to "
	    "…/chat/completions/chat/completions (Hermes uses base URLs as written: "
	    "hermes_cli/runtime_provider.py:resolve_runtime_provider at 306e2d2).",
	.fixdoc = "--fix removes the operation path (safe).",
	.repair = "remove the operation path",
};

const qw_rule QW203 = {
	.id = "QW203", .name = "wrong-api-family-path",
	.severity = QW_SEV_ERROR, .check = NULL, .fix = QW_FIX_UNSAFE,
	.summary = "the base URL's path belongs to another API family, or the host does not serve it",
	.doc = "For example DashScope's native /api/v1 where an OpenAI-compatible base is needed, or "
	    "/compatible-mode/v1 on a Coding Plan host, which serves /v1.",
	.fixdoc = "--fix replaces the path with the one the host serves (unsafe: it assumes the host is right and the "
	    "path wrong). Safe for an Anthropic base with /v1 appended when the tool's client is known to append "
	    "/v1/messages itself (Claude Code's settings): the base is then the answer.",
	.repair = "replace the path with the one the host serves for this client",
};

const qw_rule QW204 = {
	.id = "QW204", .name = "malformed-url",
	.severity = QW_SEV_ERROR, .check = NULL, .fix = QW_FIX_NONE,
	.summary = "the base URL is not a usable URL",
	.doc = "No scheme, no host, white space, or http:// to a public host (the key would travel in clear text). "
	    "http:// to this machine or a private network (10/8, 172.16/12, 192.168/16, link-local, IPv6 ULA, a "
	    "single-label Docker service name such as ollama or litellm, .local, .internal, .lan, .home.arpa) is how "
	    "local servers are reached, and is not reported.",
	.fixdoc = "By hand: write the URL as https://host/path.",
};

const qw_rule QW205 = {
	.id = "QW205", .name = "unknown-or-legacy-host",
	.severity = QW_SEV_WARNING, .check = NULL, .fix = QW_FIX_NONE,
	.summary = "the host is a look-alike or retired API host",
	.doc = "Hosts that are not the API host people think they are: console domains, retired hosts, undocumented "
	    "TLDs (rules/endpoints.yaml lookalikes).",
	.fixdoc = "By hand: use the API host the catalogue names for the vendor.",
};
