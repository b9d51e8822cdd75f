/*
 * probe.h - --probe: ask a vendor's endpoints which of them accepts a key (libcurl), so that the key's plan and
 * region are known instead of inferred. Off unless asked for; never implied by --fix.
 *
 * What is sent: one request per (key, endpoint) for the run, the one rules/probe.yaml names for the host's plan,
 * with the key in an Authorization: Bearer header and nothing else of the configuration. Only catalogue hosts
 * of the key's vendor are asked (never a wildcard, never a host the configuration names but the catalogue does
 * not know). TLS is verified, redirects are not followed, proxy variables apply, every request has a timeout,
 * and at most QW_PROBE_PARALLEL requests are in flight. Answers are kept only as a status, a class and the
 * catalogue's code for them: the body is read for classification and dropped.
 *
 * Ownership: qw_probe_new() returns a prober that qw_probe_free() releases with every report it handed out.
 * qw_probe_key() may be called from several threads at once: each (key, URL) is asked once per run, by the first
 * thread that needs it, with no lock held while it waits for the network; a report is computed once.
 */
#ifndef QW_PROBE_H
#define QW_PROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "kb.h"

#define QW_PROBE_PARALLEL 4

typedef enum qw_probe_class {
	QW_PROBE_ACCEPTED,          /* 2xx */
	QW_PROBE_CLIENT_RESTRICTED, /* authenticated; the plan serves coding agents only (Coding Plan's 405) */
	QW_PROBE_QUOTA,             /* authenticated, quota spent */
	QW_PROBE_REJECTED_PLAN,     /* rejected, and the key's family cannot hold this host's plan */
	QW_PROBE_REJECTED_KEY,      /* rejected: another region's key, or revoked, expired, mistyped */
	QW_PROBE_NO_KEY,            /* the host saw no key */
	QW_PROBE_REDIRECT,          /* 3xx, not followed */
	QW_PROBE_UNREACHABLE,       /* no HTTP answer: DNS, connect, TLS, timeout */
	QW_PROBE_UNRECOGNISED,      /* an answer no rule reads */
} qw_probe_class;

/* Does this answer prove the key authenticated there? */
bool qw_probe_authenticated(qw_probe_class c);
/* Is this a rejection of the key (as opposed to no answer or an answer qwlint cannot read)? */
bool qw_probe_rejected(qw_probe_class c);
/* "accepted", "rejected (wrong plan)", ...: the word every output uses. */
const char *qw_probe_class_name(qw_probe_class c);

typedef struct qw_probe_result {
	const qw_host *host;       /* the catalogue entry of the host asked */
	const char *plan;          /* the plan of the base asked (payg, coding, token) */
	const qw_probe_call *call; /* what was sent */
	char *base;                /* the OpenAI-compatible base asked: https://host/path */
	bool configured;           /* the host the configuration sends the key to */
	long status;               /* HTTP status, 0 when none */
	qw_probe_class cls;
	char *code;                /* the catalogue's code for the answer, or curl's error text; NULL if none */
} qw_probe_result;

typedef struct qw_probe_report {
	const char *vendor;   /* the vendor whose hosts were asked; NULL when none were */
	char *not_probed;     /* why nothing (or not the configured host) was asked, NULL otherwise */
	qw_probe_result *v;   /* configured host first, then catalogue order */
	size_t n;
} qw_probe_report;

typedef struct qw_probe_options {
	long timeout_ms;         /* per request, connection included */
	const char *cacert;      /* --cacert: trust these CAs instead of the system's */
	const char **connect_to; /* --probe-resolve, as CURLOPT_CONNECT_TO entries "HOST:PORT:ADDR:PORT2" */
	size_t nconnect_to;
	const char *user_agent;
} qw_probe_options;

typedef struct qw_probe qw_probe;

/* A prober, or NULL with err filled (libcurl could not start). opt's strings must outlive it. */
qw_probe *qw_probe_new(const qw_probe_options *opt, char *err, size_t errlen);
void qw_probe_free(qw_probe *p);

/* The report for key as configured to be sent to base_url (the request's base URL): every candidate endpoint
 * asked once per run. Lives as long as p. */
const qw_probe_report *qw_probe_key(qw_probe *p, const qw_kb *kb, const char *key, const char *base_url);

/* Turn --probe-resolve's HOST:PORT:ADDR[:PORT2] into a CURLOPT_CONNECT_TO entry ("" for HOST * = any host);
 * NULL when it is not of that form. The caller frees. */
char *qw_probe_connect_to(const char *arg);

#endif
