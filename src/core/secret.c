/* secret.c - see secret.h. */
#include "secret.h"

#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

/* Shannon entropy of the characters: a random key of 16+ characters is above 3 bits each; "aaaa…1" and "sk-0000…"
 * are not. Letters and digits both, no blank or control character. */
bool
qw_random_mix(const char *v, size_t n)
{
	unsigned count[256] = {0};
	bool letter = false, digit = false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (isspace(c) || !isprint(c))
			return false;
		count[c]++;
		letter |= isalpha(c) != 0;
		digit |= isdigit(c) != 0;
	}
	double h = 0;
	for (int c = 0; c < 256; c++)
		if (count[c]) {
			double p = (double)count[c] / (double)n;
			h -= p * log2(p);
		}
	return letter && digit && h >= 3.0;
}

/* A token without a known prefix that is still a key by its shape: a run of 16 or more letters and digits,
 * mixed as random strings mix them, between the separators keys use ('.', '-', '_', '/', '+', '='). That takes
 * a hex key, a Zhipu key (<32 hex>.<16>), a JWT's parts; it leaves names such as "hermes-profile-2024", UUIDs and
 * URLs, whose parts are short words. */
static bool
key_like(const char *t, size_t n)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && isalnum((unsigned char)t[j]))
			j++;
		if (j - i >= 16 && qw_random_mix(t + i, j - i))
			return true;
		i = j + 1;
	}
	return false;
}

/* SHA-256, FIPS 180-4. Small and local: a fingerprint is the only use. */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void
sha_block(uint32_t h[8], const unsigned char *b)
{
	uint32_t w[64];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 | (uint32_t)b[4 * i + 2] << 8 |
		       b[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	uint32_t a = h[0], bb = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
		uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c));
		hh = g;
		g = f;
		f = e;
		e = d + t1;
		d = c;
		c = bb;
		bb = a;
		a = t1 + t2;
	}
	h[0] += a, h[1] += bb, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

void
qw_sha256(const void *data, size_t len, unsigned char out[32])
{
	uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
			 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
	const unsigned char *p = data;
	size_t n = len;
	for (; n >= 64; p += 64, n -= 64)
		sha_block(h, p);
	unsigned char tail[128] = {0};
	memcpy(tail, p, n);
	tail[n] = 0x80;
	size_t tl = n + 9 <= 64 ? 64 : 128;
	uint64_t bits = (uint64_t)len * 8;
	for (int i = 0; i < 8; i++)
		tail[tl - 1 - i] = (unsigned char)(bits >> (8 * i));
	sha_block(h, tail);
	if (tl == 128)
		sha_block(h, tail + 64);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(h[i] >> 8);
		out[4 * i + 3] = (unsigned char)h[i];
	}
}

char *
qw_fingerprint(const char *key)
{
	unsigned char d[32];
	qw_sha256(key, strlen(key), d);
	char hex[17];
	for (int i = 0; i < 8; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	return qw_xprintf("sha256:%s", hex);
}

bool
qw_key_only_invisible_defects(const char *key)
{
	bool any = false;
	qw_buf b = {0};
	for (size_t i = 0; key[i];) {
		const unsigned char *k = (const unsigned char *)key + i;
		if (k[0] == 0xE2 && k[1] == 0x80 && (k[2] == 0x8B || k[2] == 0x8C || k[2] == 0x8D)) {
			any = true;
			i += 3;
		} else if (k[0] == 0xEF && k[1] == 0xBB && k[2] == 0xBF) {
			any = true;
			i += 3;
		} else {
			qw_buf_addc(&b, (char)k[0]);
			i++;
		}
	}
	char *rest = qw_buf_steal(&b);
	size_t at;
	bool clean = any && !qw_key_defect(rest, &at);
	free(rest);
	return clean;
}

/* Whether the n bytes at name, lower-cased, are a secret's name. Called for every key of every YAML file and every
 * NAME= of every .env (qw_mark_text_secrets), so it allocates nothing, and a name holding none of the words every
 * secret's name holds (key, token, secret, password, api; or ending in _sk / _ak) is answered without a copy. */
static bool
secret_name_n(const char *name, size_t n)
{
	bool maybe = n >= 3 && name[n - 3] == '_' && ((name[n - 2] | 0x20) == 's' || (name[n - 2] | 0x20) == 'a') &&
		     (name[n - 1] | 0x20) == 'k';
	for (size_t i = 0; i + 3 <= n && !maybe; i++) {
		char a = (char)(name[i] | 0x20), b = (char)(name[i + 1] | 0x20), c = (char)(name[i + 2] | 0x20);
		maybe = (a == 'k' && b == 'e' && c == 'y') || (a == 't' && b == 'o' && c == 'k') ||
			(a == 's' && b == 'e' && c == 'c') || (a == 'p' && b == 'a' && c == 's') ||
			(a == 'a' && b == 'p' && c == 'i');
	}
	if (!maybe)
		return false;
	char stack[128];
	char *low = n < sizeof(stack) ? stack : qw_xmalloc(n + 1); /* a name that long is rare */
	for (size_t i = 0; i < n; i++)
		low[i] = (char)tolower((unsigned char)name[i]);
	low[n] = '\0';
	bool yes = false;
	static const char *const exact[] = {"api_key", "api", "access_token", "refresh_token", "agent_key",
					    "token", "secret", "password", "key", "apikey", "api-key"};
	for (size_t i = 0; i < sizeof(exact) / sizeof(exact[0]) && !yes; i++)
		yes = !strcmp(low, exact[i]);
	static const char *const endings[] = {"_key", "_token", "_secret", "_password", "-key", "_sk", "_ak"};
	for (size_t i = 0; i < sizeof(endings) / sizeof(endings[0]) && !yes; i++) {
		size_t l = strlen(endings[i]);
		yes = n >= l && !memcmp(low + n - l, endings[i], l);
	}
	/* a key word inside the name: INNER_API_KEY_FOR_PLUGIN, OPENAI_API_KEY_2 (masking more is harmless) */
	yes = yes || strstr(low, "api_key") || strstr(low, "_key_") || strstr(low, "_secret_") || strstr(low, "_token_");
	if (low != stack)
		free(low);
	return yes;
}

bool
qw_is_secret_name(const char *name)
{
	return secret_name_n(name, strlen(name));
}

const char *
qw_key_defect(const char *key, size_t *at)
{
	size_t n = strlen(key);
	*at = 0;
	if (n >= 2 && (key[0] == '"' || key[0] == '\'') && key[n - 1] == key[0])
		return "is wrapped in quotes that become part of the key";
	if (n && (key[0] == '"' || key[0] == '\'' || key[0] == '`'))
		return "starts with a quote character that becomes part of the key";
	if (n && (key[n - 1] == '"' || key[n - 1] == '\'' || key[n - 1] == '`'))
		return "ends with a quote character that becomes part of the key";
	if (qw_startswith_nocase(key, "bearer "))
		return "starts with 'Bearer ': the client adds that itself, so the header becomes 'Bearer Bearer …'";
	if (qw_startswith_nocase(key, "http://") || qw_startswith_nocase(key, "https://"))
		return "is a URL, not a key";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)key[i];
		*at = i;
		if (c == ' ' || c == '\t')
			return i == 0 || i == n - 1 ? "has leading or trailing white space"
						    : "contains white space (an inline comment, or two values?)";
		if (c < 0x20 || c == 0x7f)
			return "contains a control character (a stray CR or newline?)";
		if (c >= 0x80) {
			if (c == 0xE2 && i + 2 < n && (unsigned char)key[i + 1] == 0x80 &&
			    (unsigned char)key[i + 2] == 0xA6)
				return "contains '\xE2\x80\xA6': a masked key copied from a console, not the key itself";
			if (c == 0xE2 && i + 2 < n && (unsigned char)key[i + 1] == 0x80 &&
			    ((unsigned char)key[i + 2] == 0x8B || (unsigned char)key[i + 2] == 0x8C ||
			     (unsigned char)key[i + 2] == 0x8D))
				return "contains an invisible zero-width character";
			if (c == 0xEF && i + 1 < n && ((unsigned char)key[i + 1] == 0xBC ||
						       (unsigned char)key[i + 1] == 0xBD))
				return "contains a full-width character (typed with a CJK input method?)";
			return "contains a non-ASCII character (a typographic dash or quote?); HTTP clients cannot "
			       "send it in a header";
		}
		if (c == '*')
			return "contains '*': a masked key copied from a console, not the key itself";
	}
	return NULL;
}

/* Byte classes for the scans below, which look at every byte of every file: a table instead of isalnum() and
 * strchr() per byte. ASCII only: qwlint never calls setlocale(), so isalnum() gives the same answers. */
enum { C_WORD = 1, C_NAME = 2, C_KEY = 4, C_PREFIX = 8 };
#define C_ALNUM (C_WORD | C_NAME | C_KEY)
static const unsigned char byte_class[256] = {
	/* a NUL counts as a key character: a key split by one is masked whole, the bytes after it are the rest of
	 * the key (testdata/cases/hostile-nul-inside-key) */
	[0] = C_KEY,
	['-'] = C_NAME | C_KEY, ['_'] = C_WORD | C_NAME | C_KEY, ['.'] = C_KEY, ['/'] = C_KEY, ['+'] = C_KEY,
	['0'] = C_ALNUM, ['1'] = C_ALNUM, ['2'] = C_ALNUM, ['3'] = C_ALNUM, ['4'] = C_ALNUM,
	['5'] = C_ALNUM, ['6'] = C_ALNUM, ['7'] = C_ALNUM, ['8'] = C_ALNUM, ['9'] = C_ALNUM,
	['A'] = C_ALNUM | C_PREFIX, ['B'] = C_ALNUM, ['C'] = C_ALNUM, ['D'] = C_ALNUM, ['E'] = C_ALNUM,
	['F'] = C_ALNUM, ['G'] = C_ALNUM, ['H'] = C_ALNUM, ['I'] = C_ALNUM, ['J'] = C_ALNUM, ['K'] = C_ALNUM,
	['L'] = C_ALNUM | C_PREFIX, ['M'] = C_ALNUM, ['N'] = C_ALNUM, ['O'] = C_ALNUM, ['P'] = C_ALNUM,
	['Q'] = C_ALNUM, ['R'] = C_ALNUM, ['S'] = C_ALNUM, ['T'] = C_ALNUM, ['U'] = C_ALNUM, ['V'] = C_ALNUM,
	['W'] = C_ALNUM, ['X'] = C_ALNUM, ['Y'] = C_ALNUM, ['Z'] = C_ALNUM,
	['a'] = C_ALNUM, ['b'] = C_ALNUM | C_PREFIX, ['c'] = C_ALNUM, ['d'] = C_ALNUM, ['e'] = C_ALNUM,
	['f'] = C_ALNUM, ['g'] = C_ALNUM | C_PREFIX, ['h'] = C_ALNUM, ['i'] = C_ALNUM, ['j'] = C_ALNUM,
	['k'] = C_ALNUM, ['l'] = C_ALNUM, ['m'] = C_ALNUM, ['n'] = C_ALNUM, ['o'] = C_ALNUM, ['p'] = C_ALNUM,
	['q'] = C_ALNUM, ['r'] = C_ALNUM, ['s'] = C_ALNUM | C_PREFIX, ['t'] = C_ALNUM, ['u'] = C_ALNUM,
	['v'] = C_ALNUM, ['w'] = C_ALNUM, ['x'] = C_ALNUM | C_PREFIX, ['y'] = C_ALNUM, ['z'] = C_ALNUM,
};

static inline bool
is_class(char c, unsigned cls)
{
	return (byte_class[(unsigned char)c] & cls) != 0;
}

static bool
memchr_digit(const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (isdigit((unsigned char)t[i]))
			return true;
	return false;
}

/* The end of a key-shaped token at d[i] (a known key prefix, then key characters, 12 or more in all), or 0 when
 * none starts there; *plen receives the prefix's length. C_PREFIX marks the prefixes' first letters. */
static size_t
key_token_end(const char *d, size_t i, size_t end, size_t *plen)
{
	if (!is_class(d[i], C_PREFIX))
		return 0;
	static const char *const prefixes[] = {"sk-", "AIza", "AQ.", "gsk_", "xai-", "bce-v3/", "LTAI"};
	for (size_t p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++) {
		if (d[i] != prefixes[p][0])
			continue;
		size_t pl = strlen(prefixes[p]);
		if (end - i < pl || memcmp(d + i, prefixes[p], pl))
			continue;
		size_t e = i + pl;
		while (e < end && is_class(d[e], C_KEY))
			e++;
		if (plen)
			*plen = pl;
		return e - i >= 12 ? e : 0;
	}
	return 0;
}

/* Key-shaped tokens of t[0, n) into b, each shown as qw_mask shows a key: the prefix, and a tail only when 12
 * characters stay hidden. strict (path components): only a token of 16+ characters with a digit, so that a
 * name such as "sk-my-project-settings" stays as it is. Returns whether any token was masked. */
static bool
scrub_into(qw_buf *b, const char *t, size_t n, bool strict)
{
	size_t copied = 0;
	bool changed = false;
	for (size_t i = 0; i < n; i++) {
		if (!is_class(t[i], C_PREFIX) || (i > 0 && is_class(t[i - 1], C_WORD)))
			continue;
		size_t pl = 0, e = key_token_end(t, i, n, &pl);
		/* a file in a key-named directory ("sk-sp-…/.env"): the key ends at the path's separator */
		for (size_t j = i + pl; e && j + 1 < e; j++)
			if (t[j] == '/' && t[j + 1] == '.') {
				e = j - i >= 12 ? j : 0;
				break;
			}
		/* a family's prefix named in a message ("create an API key (sk-ant-api03-)") is public: it ends in '-' */
		if (!e || t[e - 1] == '-')
			continue;
		if (strict && (e - i < 16 || !memchr_digit(t + i, e - i)))
			continue;
		qw_buf_add(b, t + copied, i + pl - copied);
		if (e - i >= pl + 4 + 12)
			qw_buf_printf(b, "\xE2\x80\xA6%.4s", t + e - 4);
		else
			qw_buf_printf(b, "\xE2\x80\xA6 (%zu chars)", e - i);
		changed = true;
		copied = e;
		i = e - 1;
	}
	qw_buf_add(b, t + copied, n - copied);
	return changed;
}

char *
qw_scrub_keys(char *text)
{
	qw_buf b = {0};
	if (!scrub_into(&b, text, strlen(text), false)) {
		qw_buf_free(&b);
		return text; /* the common case: no copy kept */
	}
	free(text);
	return qw_buf_steal(&b);
}

/* Whether s[i, j) is a word: 4 or more lower-case letters only ("home", "user", "hermes"). */
static bool
is_word(const char *s, size_t i, size_t j)
{
	if (j - i < 4)
		return false;
	for (size_t k = i; k < j; k++)
		if (!islower((unsigned char)s[k]))
			return false;
	return true;
}

/* s[i, j) as a key: 14 or more characters, at least two upper-case letters and two digits, mixed as random
 * strings mix them. */
static bool
random_run(const char *s, size_t i, size_t j)
{
	size_t up = 0, low = 0, dig = 0;
	for (size_t k = i; k < j; k++) {
		up += isupper((unsigned char)s[k]) != 0;
		low += islower((unsigned char)s[k]) != 0;
		dig += isdigit((unsigned char)s[k]) != 0;
	}
	return j - i >= 14 && up >= 2 && low && dig >= 2 && qw_random_mix(s + i, j - i);
}

/* A base64 key (letters of both cases, digits, '+', '/', '='), whose parts between '/' are too short to look
 * random one by one, in s: a run of such characters whose '/'-separated parts hold no word, and that looks random
 * as a whole. A path's run has words between its '/' ("home", "user"); a key's parts are not words. */
static bool
has_base64_key(const char *s)
{
	for (size_t i = 0; s[i];) {
		size_t j = i;
		while (s[j] && (isalnum((unsigned char)s[j]) || s[j] == '+' || s[j] == '/' || s[j] == '='))
			j++;
		/* the longest stretches of the run between words */
		for (size_t a = i; a < j;) {
			size_t z = a;
			for (;;) {
				size_t e = z;
				while (e < j && s[e] != '/')
					e++;
				if (is_word(s, z, e))
					break;
				z = e;
				if (z >= j)
					break;
				z++;
			}
			if (z > a && random_run(s, a, z))
				return true;
			size_t e = z;
			while (e < j && s[e] != '/')
				e++;
			a = e + 1;
		}
		i = j > i ? j : i + 1;
	}
	return false;
}

/* path, each component (between '/') scrubbed; with args, a random-looking component too, and an argument that
 * holds a base64 key is shown only by its length. */
static char *
path_masked(const char *path, bool args)
{
	if (args && has_base64_key(path))
		return qw_xprintf("(a value of %zu characters)", strlen(path));
	qw_buf b = {0};
	for (const char *p = path;;) {
		size_t n = strcspn(p, "/"), at = b.len;
		/* an argument is masked as a message is (any key-shaped token), a path shown as a finding's place only
		 * where a component holds a key-shaped token with a digit */
		size_t pl = 0;
		if (args && n >= 8)
			key_token_end(p, 0, n, &pl);
		if (!scrub_into(&b, p, n, !args) && args && ((n >= 16 && key_like(p, n)) || pl)) {
			b.len = at; /* a key with no known prefix, or a short one with a prefix: only its length */
			qw_buf_printf(&b, "\xE2\x80\xA6 (%zu chars)", n);
		}
		if (!p[n])
			break;
		qw_buf_addc(&b, '/');
		p += n + 1;
	}
	return b.data ? qw_buf_steal(&b) : qw_xstrdup("");
}

char *
qw_path_shown(const char *path)
{
	return path_masked(path, false);
}

char *
qw_arg_shown(const char *arg)
{
	return path_masked(arg, true);
}

/* d[k, e) is a YAML block scalar's header: '|' or '>', indicators, perhaps a comment. */
static bool
block_header(const char *d, size_t k, size_t e)
{
	if (k >= e || (d[k] != '|' && d[k] != '>'))
		return false;
	size_t i = k + 1;
	while (i < e && (d[i] == '-' || d[i] == '+' || (d[i] >= '1' && d[i] <= '9')))
		i++;
	while (i < e && (d[i] == ' ' || d[i] == '\t'))
		i++;
	return i == e || (d[i] == '#' && i > k + 1 && (d[i - 1] == ' ' || d[i - 1] == '\t'));
}

/* In a comment, the end of the key-shaped word at k (eight or more characters up to a blank, a digit among
 * them), or k when the word is prose. */
static size_t
comment_key_end(const char *d, size_t k, size_t e)
{
	size_t t = k;
	bool digit = false;
	while (t < e && d[t] != ' ' && d[t] != '\t') {
		digit = digit || isdigit((unsigned char)d[t]);
		t++;
	}
	return t - k >= 8 && digit ? t : k;
}

/* Secrets in text that may not parse: a value after a secret-named key (`NAME=`, `name:`, `"name":`) and any
 * token that starts with a known key prefix. Snippets of broken lines must not show keys either. */
void
qw_mark_text_secrets(qw_source *src)
{
	for (size_t ln = 1; ln <= src->nlines; ln++) {
		qw_span ls = qw_source_line(src, (int)ln);
		const char *d = src->data;
		/* credentials in a URL: scheme://user:password@host */
		for (size_t i = ls.start; i + 3 < ls.end; i++) {
			const char *colon = memchr(d + i, ':', ls.end - 3 - i);
			if (!colon)
				break;
			i = (size_t)(colon - d);
			if (d[i + 1] != '/' || d[i + 2] != '/')
				continue;
			/* the authority ends at the path; the userinfo at its last '@' (a password may hold '@') */
			size_t a = i + 3, e = a, at = 0;
			while (e < ls.end && !strchr("/?# \t\"'", d[e])) {
				if (d[e] == '@')
					at = e;
				e++;
			}
			if (at > a)
				qw_source_add_secret(src, (qw_span){a, at});
			/* the query: a gateway's ?code=, a signed URL's ?sig= are keys; qw_url_shown prints it as "?…" */
			while (e < ls.end && !strchr("?# \t\"'", d[e]))
				e++;
			if (e < ls.end && d[e] == '?') {
				size_t q = e + 1, qe = q;
				while (qe < ls.end && !strchr("# \t\"'", d[qe]))
					qe++;
				if (qe > q)
					qw_source_add_secret(src, (qw_span){q, qe});
			}
			i = e > i ? e - 1 : i;
		}
		/* A comment's prose (`# api_key: see the .env of the api service`) says where a key is, not what it is:
		 * there, only a key-shaped word after a secret's name is masked (issue 23: --diff masked such lines). */
		size_t c0 = ls.start;
		while (c0 < ls.end && (d[c0] == ' ' || d[c0] == '\t'))
			c0++;
		bool comment = c0 < ls.end && d[c0] == '#';
		/* Each word (letters, digits, '_', '-') is a name when '=' or ':' follows it, perhaps after a quote and
		 * blanks; a key may start at the word or after any '-' in it. Each word is looked at once. */
		size_t i = ls.start;
		while (i < ls.end) {
			if (!is_class(d[i], C_NAME)) {
				i++;
				continue;
			}
			size_t j = i;
			while (j < ls.end && is_class(d[j], C_NAME))
				j++;
			size_t k = j;
			if (k < ls.end && (d[k] == '"' || d[k] == '\''))
				k++;
			while (k < ls.end && (d[k] == ' ' || d[k] == '\t'))
				k++;
			/* a URL's host and port (http://api:5001) are no name and its value */
			bool host = i >= ls.start + 3 && !memcmp(d + i - 3, "://", 3);
			bool assigned = !host && k < ls.end && (d[k] == '=' || d[k] == ':');
			size_t next = j;
			for (size_t s0 = i;;) {
				/* the name from s0 to j: the whole word, or what follows a '-' in it. Only the whole word
				 * and its last part can be secret names (a middle part that is one makes the whole word
				 * one: its endings and inner words are the whole word's), so only those are asked. */
				const char *dash = s0 + 1 < j ? memchr(d + s0 + 1, '-', j - s0 - 1) : NULL;
				if (assigned && (s0 == i || !dash) && secret_name_n(d + s0, j - s0)) {
					/* the name itself may be a pasted key run into a variable name (sk-sp-…_API_KEY=) */
					size_t ke = key_token_end(d, s0, ls.end, NULL);
					if (ke)
						qw_source_add_secret(src, (qw_span){s0, ke});
					k++;
					while (k < ls.end && (d[k] == ' ' || d[k] == '\t'))
						k++;
					if (ls.end - k >= 2 && d[k] == '$' && d[k + 1] == '{') {
						/* a ${VAR} is no key, but its default is the key sent when VAR is unset
						 * (${VAR:-<key>}, ${VAR=<key>}), and what follows may be one too */
						qw_mark_ref_defaults(src, k, ls.end);
						next = k + 2;
						break;
					}
					size_t e = ls.end;
					while (e > k && (d[e - 1] == ' ' || d[e - 1] == ',' || d[e - 1] == '\t'))
						e--;
					if (block_header(d, k, e))
						e = k; /* `name: >-`: the value is on the lines below (the tree's span) */
					if (comment)
						e = comment_key_end(d, k, e);
					if (e > k)
						qw_source_add_secret(src, (qw_span){k, e});
					next = ls.end;
					break;
				}
				size_t e = key_token_end(d, s0, ls.end, NULL);
				if (e) {
					qw_source_add_secret(src, (qw_span){s0, e});
					next = e + 1; /* d[e] is no key character, so no word goes on through it */
					break;
				}
				if (!dash)
					break;
				s0 = (size_t)(dash - d) + 1;
			}
			i = next;
		}
	}
}

void
qw_mark_ref_defaults(qw_source *src, size_t start, size_t end)
{
	const char *d = src->data;
	for (size_t i = start; i + 2 < end; i++) {
		if (d[i] != '$' || d[i + 1] != '{')
			continue;
		size_t n = i + 2;
		while (n < end && (isalnum((unsigned char)d[n]) || d[n] == '_'))
			n++;
		size_t o = n;
		if (o < end && d[o] == ':')
			o++;
		if (o >= end || !strchr("-=?+", d[o]) || n == i + 2)
			continue;
		o++;
		/* the default ends at the brace that closes the reference, or at the end of the value */
		size_t e = o;
		int depth = 0;
		while (e < end && !(d[e] == '}' && depth == 0) && d[e] != '\n') {
			depth += d[e] == '{';
			depth -= d[e] == '}';
			e++;
		}
		if (e > o)
			qw_source_add_secret(src, (qw_span){o, e});
		i = e;
	}
}

void
qw_mark_value_secret(qw_source *src, qw_span span)
{
	const char *d = src->data;
	size_t a = span.start, e = span.end;
	if (e <= a || e > src->len)
		return;
	if (d[a] == '|' || d[a] == '>') {
		/* a block scalar: the header (indicators, a comment) is no part of the value */
		const char *nl = memchr(d + a, '\n', e - a);
		if (!nl)
			return;
		a = (size_t)(nl - d) + 1;
	}
	size_t v = a + (a < e && (d[a] == '"' || d[a] == '\''));
	if (e - v >= 2 && d[v] == '$' && d[v + 1] == '{') {
		qw_mark_ref_defaults(src, v, e);
		return;
	}
	if (e - a >= 7 && !memcmp(d + a, "sha256:", 7))
		return; /* a fingerprint is meant to be shown */
	qw_source_add_secret(src, (qw_span){(uint32_t)a, (uint32_t)e});
}

/* The first word of a line from i: letters, digits, '_', '-'. */
static size_t
word_end(const char *d, size_t i, size_t end)
{
	while (i < end && is_class(d[i], C_NAME))
		i++;
	return i;
}

void
qw_mark_broken_line(qw_source *src, size_t off)
{
	int line, col;
	qw_source_pos(src, off, &line, &col);
	qw_span ls = qw_source_line(src, line);
	const char *d = src->data;
	size_t i = ls.start;
	while (i < ls.end && (d[i] == ' ' || d[i] == '\t'))
		i++;
	/* `ZAI_API_KEY <key>`, `set NAME <key>`, `export NAME -> <key>`: a secret's name, then no '=' */
	for (int w = 0; w < 2 && i < ls.end; w++) {
		size_t j = word_end(d, i, ls.end);
		if (j == i)
			break;
		if (secret_name_n(d + i, j - i)) {
			size_t k = j;
			while (k < ls.end && strchr(" \t-=>:\"'", d[k]))
				k++;
			size_t e = ls.end;
			while (e > k && (d[e - 1] == ' ' || d[e - 1] == '\t'))
				e--;
			if (e > k)
				qw_source_add_secret(src, (qw_span){k, e});
			break;
		}
		bool verb = (j - i == 3 && !strncasecmp(d + i, "set", 3)) || (j - i == 6 && !strncasecmp(d + i, "export", 6));
		if (!verb)
			break;
		i = j;
		while (i < ls.end && (d[i] == ' ' || d[i] == '\t'))
			i++;
	}
	/* a key without a known prefix pasted anywhere on the line */
	for (size_t t = ls.start; t < ls.end;) {
		if (!is_class(d[t], C_KEY) || d[t] == '\0') {
			t++;
			continue;
		}
		size_t e = t;
		while (e < ls.end && (is_class(d[e], C_KEY) || d[e] == '=') && d[e] != '\0')
			e++;
		if (d[t] != '/' && d[t] != '.' && key_like(d + t, e - t))
			qw_source_add_secret(src, (qw_span){(uint32_t)t, (uint32_t)e});
		t = e;
	}
}
