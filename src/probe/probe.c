/* probe.c - see probe.h. The knowledge (which request per plan, how answers read) is rules/probe.yaml. */
#define _GNU_SOURCE /* memmem */
#include "probe.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secret.h"
#include "url.h"
#include "util.h"

/* Bytes of an answer kept for classification; an answer past QW_PROBE_BODY_MAX is cut off (a hostile or broken
 * server must not fill memory), which costs nothing: the status is known by then. */
#define QW_PROBE_BODY_KEEP 65536
#define QW_PROBE_BODY_MAX (1024 * 1024)

/* One request made this run: (key digest, URL) -> its answer. */
typedef struct asked {
	unsigned char fp[32];
	char *url;
	long status;
	qw_probe_class cls;
	char *code;
	bool pending; /* asked by another thread right now: its answer is not in yet (qw_probe_key waits) */
} asked;

/* One report handed out: (key digest, configured base URL) -> report. */
typedef struct reported {
	unsigned char fp[32];
	char *base_url;
	qw_probe_report rep;
} reported;

/* libcurl, opened only when --probe asks for it: linking it would load some thirty libraries (TLS, Kerberos,
 * LDAP, ...) into every run, which costs a one-home lint more than its whole parse (issue 8's start-up figure).
 * Filled once by qw_probe_new() on the main thread, before any worker exists; read-only afterwards. */
static struct {
	void *handle;
	CURLcode (*global_init)(long);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode (*multi_perform)(CURLM *, int *);
	CURLMsg *(*multi_info_read)(CURLM *, int *);
	CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd[], unsigned int, int, int *);
	CURLMcode (*multi_cleanup)(CURLM *);
} lib;

/* Open libcurl and find its functions; false with err filled when it is missing or too old. */
static bool
lib_open(char *err, size_t errlen)
{
	if (lib.handle)
		return true;
	void *h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(err, errlen, "cannot load libcurl.so.4 (Debian: apt-get install libcurl4)");
		return false;
	}
	static const struct {
		const char *name;
		size_t off;
	} fns[] = {
#define FN(n) {"curl_" #n, offsetof(__typeof__(lib), n)}
		FN(global_init),     FN(global_cleanup),   FN(easy_init),	 FN(easy_setopt),
		FN(easy_getinfo),    FN(easy_cleanup),	   FN(easy_strerror),	 FN(slist_append),
		FN(slist_free_all),  FN(multi_init),	   FN(multi_add_handle), FN(multi_remove_handle),
		FN(multi_perform),   FN(multi_info_read), FN(multi_poll),	 FN(multi_cleanup),
#undef FN
	};
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		void *f = dlsym(h, fns[i].name);
		if (!f) {
			/* curl_multi_poll came with 7.66, CURLOPT_PROTOCOLS_STR with 7.85 */
			snprintf(err, errlen, "libcurl.so.4 lacks %s (7.85 or newer is needed)", fns[i].name);
			dlclose(h);
			return false;
		}
		memcpy((char *)&lib + fns[i].off, &f, sizeof(f));
	}
	lib.handle = h;
	return true;
}

struct qw_probe {
	qw_probe_options opt;
	struct curl_slist *connect_to;
	/* guards asked and reps, never held across a request: a thread asking the network leaves its entries
	 * pending and wakes the others (answered) when their answers are in */
	pthread_mutex_t lock;
	pthread_cond_t answered;
	asked **asked;
	size_t nasked, asked_cap;
	reported **reps;
	size_t nreps, reps_cap;
};

bool
qw_probe_authenticated(qw_probe_class c)
{
	return c == QW_PROBE_ACCEPTED || c == QW_PROBE_CLIENT_RESTRICTED || c == QW_PROBE_QUOTA;
}

bool
qw_probe_rejected(qw_probe_class c)
{
	return c == QW_PROBE_REJECTED_PLAN || c == QW_PROBE_REJECTED_KEY;
}

const char *
qw_probe_class_name(qw_probe_class c)
{
	switch (c) {
	case QW_PROBE_ACCEPTED: return "accepted";
	case QW_PROBE_CLIENT_RESTRICTED: return "accepted (coding agents only)";
	case QW_PROBE_QUOTA: return "accepted, quota spent";
	case QW_PROBE_REJECTED_PLAN: return "rejected (wrong plan)";
	case QW_PROBE_REJECTED_KEY: return "rejected (wrong key or region)";
	case QW_PROBE_NO_KEY: return "no key seen";
	case QW_PROBE_REDIRECT: return "redirect (not followed)";
	case QW_PROBE_UNREACHABLE: return "unreachable";
	case QW_PROBE_UNRECOGNISED: return "unrecognised answer";
	}
	return "?";
}

char *
qw_probe_connect_to(const char *arg)
{
	/* HOST:PORT:ADDR[:PORT2]; ADDR may be an IPv6 address in brackets */
	const char *c1 = strchr(arg, ':');
	if (!c1 || c1 == arg)
		return NULL;
	const char *c2 = strchr(c1 + 1, ':');
	if (!c2 || c2 == c1 + 1)
		return NULL;
	for (const char *p = c1 + 1; p < c2; p++)
		if (*p < '0' || *p > '9')
			return NULL;
	const char *addr = c2 + 1, *aend;
	if (*addr == '[') {
		aend = strchr(addr, ']');
		if (!aend)
			return NULL;
		aend++;
	} else {
		aend = strchr(addr, ':');
		if (!aend)
			aend = addr + strlen(addr);
	}
	if (aend == addr)
		return NULL;
	const char *port2 = *aend == ':' ? aend + 1 : NULL;
	if (*aend && !port2)
		return NULL;
	if (port2) {
		if (!*port2)
			return NULL;
		for (const char *p = port2; *p; p++)
			if (*p < '0' || *p > '9')
				return NULL;
	}
	bool any = c1 - arg == 1 && arg[0] == '*';
	int plen = (int)(c2 - c1 - 1);
	if (port2)
		return qw_xprintf("%.*s:%.*s:%.*s:%s", any ? 0 : (int)(c1 - arg), arg, plen, c1 + 1, (int)(aend - addr),
				  addr, port2);
	return qw_xprintf("%.*s:%.*s:%.*s:%.*s", any ? 0 : (int)(c1 - arg), arg, plen, c1 + 1, (int)(aend - addr),
			  addr, plen, c1 + 1);
}

qw_probe *
qw_probe_new(const qw_probe_options *opt, char *err, size_t errlen)
{
	if (!lib_open(err, errlen))
		return NULL;
	CURLcode rc = lib.global_init(CURL_GLOBAL_DEFAULT);
	if (rc != CURLE_OK) {
		snprintf(err, errlen, "libcurl: %s", lib.easy_strerror(rc));
		return NULL;
	}
	qw_probe *p = qw_xcalloc(1, sizeof(*p));
	p->opt = *opt;
	for (size_t i = 0; i < opt->nconnect_to; i++)
		p->connect_to = lib.slist_append(p->connect_to, opt->connect_to[i]);
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->answered, NULL);
	return p;
}

static void
report_free(qw_probe_report *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].base), free(r->v[i].code);
	free(r->v);
	free(r->not_probed);
}

static void
reported_free(reported *rp)
{
	report_free(&rp->rep);
	free(rp->base_url);
	free(rp);
}

void
qw_probe_free(qw_probe *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nasked; i++)
		free(p->asked[i]->url), free(p->asked[i]->code), free(p->asked[i]);
	free(p->asked);
	for (size_t i = 0; i < p->nreps; i++)
		reported_free(p->reps[i]);
	free(p->reps);
	lib.slist_free_all(p->connect_to);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->answered);
	free(p);
	lib.global_cleanup();
}

/* The OpenAI-compatible base path of h that has a probe request, and that request; NULL when none. */
static const qw_hostpath *
probe_path(const qw_kb *kb, const qw_host *h, const qw_probe_call **call)
{
	for (size_t i = 0; i < h->npaths; i++) {
		const qw_hostpath *hp = &h->paths[i];
		if (strcmp(hp->protocol, "openai"))
			continue;
		*call = qw_kb_probe_call(kb, h->vendor, qw_host_plan(h, hp));
		if (*call)
			return hp;
	}
	return NULL;
}

static void
add_candidate(qw_probe_report *r, size_t *cap, const qw_host *h, const qw_hostpath *hp, const qw_probe_call *call,
	      const char *hostport, bool configured)
{
	qw_probe_result x = {.host = h, .plan = qw_host_plan(h, hp), .call = call, .configured = configured};
	x.base = qw_xprintf("https://%s%s", hostport, hp->path);
	QW_PUSH(r->v, r->n, *cap, x);
}

/* Which endpoints to ask about key configured for base_url, into r (results not filled yet). */
static void
plan_candidates(const qw_kb *kb, const char *key, const char *base_url, qw_probe_report *r)
{
	size_t cap = 0;
	for (const unsigned char *c = (const unsigned char *)key; *c; c++)
		if (*c < 0x21 || *c > 0x7e) {
			/* a header cannot carry it as written, and the key is not what the vendor issued (QW105) */
			r->not_probed = qw_xstrdup("the key holds white space, a control or a non-ASCII character");
			return;
		}
	if (qw_kb_placeholder(kb, key) || qw_kb_hermes_no_key(kb, key)) {
		r->not_probed = qw_xstrdup("the key is a placeholder");
		return;
	}
	const qw_family *f = qw_kb_family(kb, key);
	qw_url u;
	qw_url_parse(base_url, &u);
	const qw_host *ch = *u.host ? qw_kb_host(kb, u.host) : NULL;
	const char *vendor = f && f->model_key && *f->vendor ? f->vendor : ch && *ch->vendor ? ch->vendor : NULL;
	if (!vendor) {
		r->not_probed = qw_xprintf("the key's prefix does not name its vendor, and %s is not a host in qwlint's "
					   "catalogue, so no endpoint is known to ask",
					   *u.host ? u.host : "the base URL");
		qw_url_free(&u);
		return;
	}
	r->vendor = vendor;
	if (!qw_kb_probe_vendor(kb, vendor)) {
		r->not_probed = qw_xprintf("qwlint has no probe request for %s's endpoints yet (rules/probe.yaml)",
					   vendor);
		qw_url_free(&u);
		return;
	}
	const qw_probe_call *call;
	const qw_hostpath *hp;
	if (ch && !strcmp(ch->vendor, vendor) && !strcmp(u.scheme, "https") && (hp = probe_path(kb, ch, &call))) {
		char *hostport = u.port ? qw_xprintf("%s:%d", u.host, u.port) : qw_xstrdup(u.host);
		add_candidate(r, &cap, ch, hp, call, hostport, true);
		free(hostport);
	} else if (ch && strcmp(ch->vendor, vendor)) {
		r->not_probed = qw_xprintf("%s is %s's host, not %s's: the key is not sent there", u.host, ch->vendor,
					   vendor);
	} else {
		r->not_probed = qw_xprintf("%s is not a %s endpoint qwlint asks (not in the catalogue, not https, or no "
					   "probe request for its plan)",
					   *u.host ? u.host : "the base URL", vendor);
	}
	size_t n;
	const qw_host *all = qw_kb_hosts_all(kb, &n);
	for (size_t i = 0; i < n; i++) {
		const qw_host *h = &all[i];
		if (strchr(h->pattern, '*') || strcmp(h->vendor, vendor) || !strcmp(h->pattern, u.host))
			continue;
		if (!(hp = probe_path(kb, h, &call)) || !qw_host_takes_key(h, key))
			continue;
		if (f && f->nplans && !qw_family_has_plan(f, qw_host_plan(h, hp)))
			continue; /* the family cannot hold this plan: asking would only show a certain rejection */
		add_candidate(r, &cap, h, hp, call, h->pattern, false);
	}
	qw_url_free(&u);
}

/* An answer read against rules/probe.yaml, then by its status. */
static qw_probe_class
classify(const qw_kb *kb, const qw_probe_result *x, const char *key, const char *body, size_t len,
	 const char **code)
{
	size_t n;
	const qw_probe_answer *a = qw_kb_probe_answers(kb, &n);
	qw_probe_class c = QW_PROBE_UNRECOGNISED;
	*code = NULL;
	bool matched = false;
	for (size_t i = 0; i < n && !matched; i++) {
		if (strcmp(a[i].vendor, x->host->vendor) || a[i].status != x->status ||
		    !memmem(body, len, a[i].body, strlen(a[i].body)))
			continue;
		matched = true;
		*code = a[i].code;
		c = !strcmp(a[i].means, "client-restricted") ? QW_PROBE_CLIENT_RESTRICTED
		    : !strcmp(a[i].means, "quota")	     ? QW_PROBE_QUOTA
		    : !strcmp(a[i].means, "no-key")	     ? QW_PROBE_NO_KEY
							     : QW_PROBE_REJECTED_KEY;
	}
	if (!matched) {
		long s = x->status;
		c = s >= 200 && s < 300	    ? QW_PROBE_ACCEPTED
		    : s == 401 || s == 403 ? QW_PROBE_REJECTED_KEY
		    : s == 429		    ? QW_PROBE_QUOTA
		    : s >= 300 && s < 400  ? QW_PROBE_REDIRECT
					    : QW_PROBE_UNRECOGNISED;
	}
	if (c == QW_PROBE_REJECTED_KEY) {
		const qw_family *f = qw_kb_family(kb, key);
		if (f && ((f->nplans && !qw_family_has_plan(f, x->plan)) ||
			  !qw_host_takes_key(x->host, key)))
			c = QW_PROBE_REJECTED_PLAN;
	}
	return c;
}

typedef struct xfer {
	CURL *h;
	struct curl_slist *hdr;
	char *post;
	qw_buf body;
	size_t seen;
	qw_probe_result *res;
} xfer;

static size_t
on_body(char *data, size_t size, size_t nmemb, void *arg)
{
	xfer *x = arg;
	size_t n = size * nmemb;
	if (x->body.len < QW_PROBE_BODY_KEEP)
		qw_buf_add(&x->body, data, n < QW_PROBE_BODY_KEEP - x->body.len ? n : QW_PROBE_BODY_KEEP - x->body.len);
	x->seen += n;
	return x->seen > QW_PROBE_BODY_MAX ? 0 : n; /* 0 ends the transfer */
}

static void
xfer_setup(qw_probe *p, xfer *x, const char *key)
{
	const qw_probe_call *call = x->res->call;
	bool chat = !strcmp(call->request, "chat");
	char *url = qw_xprintf("%s/%s", x->res->base, chat ? "chat/completions" : "models");
	x->h = lib.easy_init();
	if (!x->h) {
		free(url);
		return;
	}
	char *auth = qw_xprintf("Authorization: Bearer %s", key);
	x->hdr = lib.slist_append(NULL, auth);
	memset(auth, 0, strlen(auth));
	free(auth);
	if (chat) {
		x->hdr = lib.slist_append(x->hdr, "Content-Type: application/json");
		x->post = qw_xprintf("{\"model\":\"%s\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":"
				     "\"hi\"}]}",
				     call->model);
		lib.easy_setopt(x->h, CURLOPT_POSTFIELDS, x->post);
	}
	lib.easy_setopt(x->h, CURLOPT_URL, url);
	free(url); /* libcurl keeps its own copy */
	lib.easy_setopt(x->h, CURLOPT_HTTPHEADER, x->hdr);
	lib.easy_setopt(x->h, CURLOPT_PROTOCOLS_STR, "https");
	lib.easy_setopt(x->h, CURLOPT_FOLLOWLOCATION, 0L);
	lib.easy_setopt(x->h, CURLOPT_NOSIGNAL, 1L);
	lib.easy_setopt(x->h, CURLOPT_TIMEOUT_MS, p->opt.timeout_ms);
	lib.easy_setopt(x->h, CURLOPT_SSL_VERIFYPEER, 1L);
	lib.easy_setopt(x->h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (p->opt.cacert)
		lib.easy_setopt(x->h, CURLOPT_CAINFO, p->opt.cacert);
	if (p->connect_to)
		lib.easy_setopt(x->h, CURLOPT_CONNECT_TO, p->connect_to);
	if (p->opt.user_agent)
		lib.easy_setopt(x->h, CURLOPT_USERAGENT, p->opt.user_agent);
	lib.easy_setopt(x->h, CURLOPT_WRITEFUNCTION, on_body);
	lib.easy_setopt(x->h, CURLOPT_WRITEDATA, x);
	lib.easy_setopt(x->h, CURLOPT_PRIVATE, x);
}

static void
xfer_finish(const qw_kb *kb, xfer *x, const char *key, CURLcode rc)
{
	qw_probe_result *res = x->res;
	long status = 0;
	lib.easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &status);
	res->status = status;
	if (!status) {
		res->cls = QW_PROBE_UNREACHABLE;
		res->code = qw_xstrdup(lib.easy_strerror(rc));
		return;
	}
	const char *code;
	res->cls = classify(kb, res, key, x->body.data ? x->body.data : "", x->body.len, &code);
	if (code)
		res->code = qw_xstrdup(code);
	else if (x->seen > QW_PROBE_BODY_MAX)
		res->code = qw_xstrdup("answer cut off after 1 MiB");
}

/* Ask every result of r that has no answer yet, QW_PROBE_PARALLEL at a time. */
static void
ask(qw_probe *p, const qw_kb *kb, const char *key, qw_probe_result **todo, size_t n)
{
	if (!n)
		return;
	xfer *xs = qw_xcalloc(n, sizeof(*xs));
	CURLM *m = lib.multi_init();
	size_t next = 0, active = 0;
	while (next < n || active) {
		while (m && active < QW_PROBE_PARALLEL && next < n) {
			xfer *x = &xs[next++];
			x->res = todo[x - xs];
			xfer_setup(p, x, key);
			if (!x->h || lib.multi_add_handle(m, x->h) != CURLM_OK) {
				x->res->cls = QW_PROBE_UNREACHABLE;
				x->res->code = qw_xstrdup("libcurl could not start the request");
				continue;
			}
			active++;
		}
		if (!m || !active)
			break;
		int running;
		lib.multi_perform(m, &running);
		CURLMsg *msg;
		int left;
		while ((msg = lib.multi_info_read(m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			xfer *x;
			lib.easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
			xfer_finish(kb, x, key, msg->data.result);
			lib.multi_remove_handle(m, x->h);
			active--;
		}
		if (active)
			lib.multi_poll(m, NULL, 0, 200, NULL);
	}
	for (size_t i = 0; i < n; i++) {
		if (xs[i].h)
			lib.easy_cleanup(xs[i].h);
		lib.slist_free_all(xs[i].hdr);
		free(xs[i].post);
		qw_buf_free(&xs[i].body);
		if (!m && !xs[i].res->code) {
			xs[i].res->cls = QW_PROBE_UNREACHABLE;
			xs[i].res->code = qw_xstrdup("libcurl could not start the request");
		}
	}
	if (m)
		lib.multi_cleanup(m);
	free(xs);
}

static asked *
find_asked(qw_probe *p, const unsigned char fp[32], const char *url)
{
	for (size_t i = 0; i < p->nasked; i++)
		if (!memcmp(p->asked[i]->fp, fp, 32) && !strcmp(p->asked[i]->url, url))
			return p->asked[i];
	return NULL;
}

static const qw_probe_report *
find_report(const qw_probe *p, const unsigned char fp[32], const char *base_url)
{
	for (size_t i = 0; i < p->nreps; i++)
		if (!memcmp(p->reps[i]->fp, fp, 32) && !strcmp(p->reps[i]->base_url, base_url))
			return &p->reps[i]->rep;
	return NULL;
}

/* Fill rp's candidates from what is already answered, and list in todo (as pending entries of p->asked, which
 * the caller fills) those nobody asked yet. false when one is being asked by another thread: the caller waits
 * for it and starts again. Called with the lock held. */
static bool
take_candidates(qw_probe *p, const unsigned char fp[32], reported *rp, qw_probe_result **todo, asked **mine,
		size_t *ntodo)
{
	for (size_t i = 0; i < rp->rep.n; i++) {
		const asked *a = find_asked(p, fp, rp->rep.v[i].base);
		if (a && a->pending)
			return false;
	}
	*ntodo = 0;
	for (size_t i = 0; i < rp->rep.n; i++) {
		qw_probe_result *x = &rp->rep.v[i];
		asked *a = find_asked(p, fp, x->base);
		if (a && a->pending) { /* the same URL twice in one report: asked twice, remembered once */
			mine[*ntodo] = NULL;
			todo[(*ntodo)++] = x;
			continue;
		}
		if (a) {
			x->status = a->status;
			x->cls = a->cls;
			x->code = a->code ? qw_xstrdup(a->code) : NULL;
			continue;
		}
		asked *n = qw_xcalloc(1, sizeof(*n));
		memcpy(n->fp, fp, 32);
		n->url = qw_xstrdup(x->base);
		n->pending = true;
		QW_PUSH(p->asked, p->nasked, p->asked_cap, n);
		mine[*ntodo] = n;
		todo[(*ntodo)++] = x;
	}
	return true;
}

/* Each (key, URL) is asked once per run, by whichever thread needs it first; the others wait for its answer,
 * never for someone else's network while holding the lock. */
const qw_probe_report *
qw_probe_key(qw_probe *p, const qw_kb *kb, const char *key, const char *base_url)
{
	unsigned char fp[32];
	qw_sha256(key, strlen(key), fp);
	pthread_mutex_lock(&p->lock);
	const qw_probe_report *have;
	reported *rp = NULL;
	qw_probe_result **todo = NULL;
	asked **mine = NULL;
	size_t ntodo = 0;
	while (!(have = find_report(p, fp, base_url))) {
		if (!rp) {
			rp = qw_xcalloc(1, sizeof(*rp));
			memcpy(rp->fp, fp, 32);
			rp->base_url = qw_xstrdup(base_url);
			plan_candidates(kb, key, base_url, &rp->rep);
			todo = qw_xcalloc(rp->rep.n + 1, sizeof(*todo));
			mine = qw_xcalloc(rp->rep.n + 1, sizeof(*mine));
		}
		if (take_candidates(p, fp, rp, todo, mine, &ntodo))
			break;
		pthread_cond_wait(&p->answered, &p->lock);
	}
	if (!have) {
		pthread_mutex_unlock(&p->lock);
		ask(p, kb, key, todo, ntodo);
		pthread_mutex_lock(&p->lock);
		for (size_t i = 0; i < ntodo; i++) {
			if (!mine[i])
				continue;
			mine[i]->status = todo[i]->status;
			mine[i]->cls = todo[i]->cls;
			mine[i]->code = todo[i]->code ? qw_xstrdup(todo[i]->code) : NULL;
			mine[i]->pending = false;
		}
		/* another thread with the same key and URL waited on this one's entries: the first report is kept */
		if ((have = find_report(p, fp, base_url)) == NULL) {
			QW_PUSH(p->reps, p->nreps, p->reps_cap, rp);
			have = &rp->rep;
			rp = NULL;
		}
		pthread_cond_broadcast(&p->answered);
	}
	pthread_mutex_unlock(&p->lock);
	if (rp)
		reported_free(rp);
	free(todo);
	free(mine);
	return have;
}
