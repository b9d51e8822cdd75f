/* url.c - see url.h. */
#include "url.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The '@' that ends the userinfo of an authority of n bytes: the last one, as urllib's rpartition('@') finds it
 * (a password may hold '@'), or NULL. */
static const char *
last_at(const char *auth, size_t n)
{
	for (size_t i = n; i-- > 0;)
		if (auth[i] == '@')
			return auth + i;
	return NULL;
}

void
qw_url_parse(const char *s, qw_url *u)
{
	memset(u, 0, sizeof(*u));
	for (const char *p = s; *p; p++)
		if (isspace((unsigned char)*p) || (unsigned char)*p < 0x20) {
			u->problem = "contains white space or a control character";
			u->problem_at = (int)(p - s);
			break;
		}
	const char *sep = strstr(s, "://");
	const char *rest = s;
	if (sep) {
		char *sc = qw_xstrndup(s, (size_t)(sep - s));
		u->scheme = qw_lower(sc);
		free(sc);
		rest = sep + 3;
	} else {
		u->scheme = qw_xstrdup("");
		if (!u->problem) {
			u->problem = "has no scheme (https://)";
			u->problem_at = 0;
		}
	}
	size_t hl = strcspn(rest, "/?#");
	const char *at = last_at(rest, hl);
	const char *hs = at ? at + 1 : rest;
	size_t hn = hl - (size_t)(hs - rest);
	const char *colon = NULL;
	if (hn && hs[0] == '[') {
		const char *rb = memchr(hs, ']', hn);
		colon = rb && (size_t)(rb - hs) + 1 < hn && rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = memchr(hs, ':', hn);
	}
	size_t host_n = colon ? (size_t)(colon - hs) : hn;
	char *h = qw_xstrndup(hs, host_n);
	u->host = qw_lower(h);
	free(h);
	if (colon)
		u->port = atoi(colon + 1);
	const char *path = rest + hl;
	size_t pn = strcspn(path, "?#");
	while (pn && path[pn - 1] == '/')
		pn--;
	u->path = qw_xstrndup(path, pn);
	if (!u->problem && !*u->host) {
		u->problem = "has no host";
		u->problem_at = (int)(rest - s);
	}
	if (!u->problem && strcmp(u->scheme, "https") && strcmp(u->scheme, "http")) {
		u->problem = "has a scheme other than http:// or https://";
		u->problem_at = 0;
	}
}

void
qw_url_free(qw_url *u)
{
	free(u->scheme);
	free(u->host);
	free(u->path);
	memset(u, 0, sizeof(*u));
}

bool
qw_host_is_loopback(const char *host)
{
	return !strcmp(host, "localhost") || qw_endswith(host, ".localhost") || qw_startswith(host, "127.") ||
	       !strcmp(host, "[::1]") || !strcmp(host, "::1") || !strcmp(host, "0.0.0.0") ||
	       !strcmp(host, "host.docker.internal");
}

/* a.b.c.d with each part 0-255; *oct receives the four numbers */
static bool
ipv4(const char *h, int oct[4])
{
	int n = 0;
	for (const char *p = h; n < 4; n++) {
		if (!isdigit((unsigned char)*p))
			return false;
		long v = 0;
		while (isdigit((unsigned char)*p) && v <= 255)
			v = v * 10 + (*p++ - '0');
		if (v > 255)
			return false;
		oct[n] = (int)v;
		if (n < 3 && *p++ != '.')
			return false;
		if (n == 3 && *p)
			return false;
	}
	return true;
}

bool
qw_host_is_private(const char *host)
{
	if (qw_host_is_loopback(host))
		return true;
	int o[4];
	if (ipv4(host, o))
		return o[0] == 10 || (o[0] == 172 && o[1] >= 16 && o[1] <= 31) || (o[0] == 192 && o[1] == 168) ||
		       (o[0] == 169 && o[1] == 254) || (o[0] == 100 && o[1] >= 64 && o[1] <= 127);
	/* IPv6 unique-local fc00::/7 and link-local fe80::/10, with or without brackets */
	const char *h6 = host[0] == '[' ? host + 1 : host;
	if (strchr(h6, ':'))
		return (tolower((unsigned char)h6[0]) == 'f' &&
			(tolower((unsigned char)h6[1]) == 'c' || tolower((unsigned char)h6[1]) == 'd')) ||
		       qw_startswith(h6, "fe8") || qw_startswith(h6, "fe9") || qw_startswith(h6, "fea") ||
		       qw_startswith(h6, "feb");
	/* a single label (a Docker Compose service such as ollama or litellm) resolves only on a local network */
	if (*host && !strchr(host, '.'))
		return true;
	static const char *const local[] = {".local", ".internal", ".lan", ".home.arpa", ".localdomain", ".home",
					    ".intranet", ".corp"};
	for (size_t i = 0; i < sizeof(local) / sizeof(local[0]); i++)
		if (qw_endswith(host, local[i]))
			return true;
	return false;
}

char *
qw_host_label(const char *host)
{
	const char *h = host;
	if (qw_startswith(h, "api."))
		h += 4;
	else if (qw_startswith(h, "www."))
		h += 4;
	const char *last = strrchr(h, '.');
	if (!last || last == h)
		return NULL;
	const char *prev = last;
	while (prev > h && prev[-1] != '.')
		prev--;
	char *label = qw_xstrndup(prev, (size_t)(last - prev));
	for (char *p = label; *p; p++)
		*p = *p == '-' ? '_' : (char)toupper((unsigned char)*p);
	if (!*label || isdigit((unsigned char)label[0])) {
		free(label);
		return NULL;
	}
	return label;
}

char *
qw_url_shown(const char *url)
{
	qw_buf b = {0};
	const char *sep = strstr(url, "://");
	const char *auth = sep ? sep + 3 : url;
	size_t alen = strcspn(auth, "/?#");
	const char *at = last_at(auth, alen);
	qw_buf_add(&b, url, (size_t)(auth - url));
	if (at) {
		qw_buf_adds(&b, "\xE2\x80\xA6@");
		auth = at + 1;
	}
	size_t rest = strcspn(auth, "?#");
	qw_buf_add(&b, auth, rest);
	if (auth[rest])
		qw_buf_adds(&b, "?\xE2\x80\xA6");
	return qw_buf_steal(&b);
}
