/*
 * url.h - just enough URL parsing for base URLs: scheme, host, port, path; and the problems that make a base URL
 * unusable before any request is sent.
 *
 * Ownership: qw_url_parse() fills a qw_url whose strings the caller releases with qw_url_free().
 */
#ifndef QW_URL_H
#define QW_URL_H

#include <stdbool.h>

typedef struct qw_url {
	char *scheme; /* lower-case, "" when absent */
	char *host;   /* lower-case, "" when absent */
	int port;     /* 0 when absent */
	char *path;   /* as written, without a trailing '/', "" for none */
	const char *problem; /* NULL, or why this is not a usable URL (static text) */
	int problem_at;      /* byte offset of the problem in the original string */
} qw_url;

void qw_url_parse(const char *s, qw_url *u);
void qw_url_free(qw_url *u);
bool qw_host_is_loopback(const char *host);
/* On this machine or a private network: loopback, RFC 1918 / link-local / CGNAT IPv4, IPv6 ULA and link-local, a
 * single-label name (a Docker service), or a local-only suffix (.local, .internal, .lan, .home.arpa, ...). */
bool qw_host_is_private(const char *host);
/* The URL as it may be printed: user:password@ and everything from '?' or '#' replaced by "…", since a key can
 * ride there (?key=AIza…). The caller frees. */
char *qw_url_shown(const char *url);
/* The <LABEL> of Hermes's host-derived <LABEL>_API_KEY (runtime_provider._host_derived_api_key): the
 * second-to-last label after dropping a leading api. or www.; NULL when the host has no such label. Caller frees. */
char *qw_host_label(const char *host);

#endif
