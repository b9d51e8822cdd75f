/* placeholder.c - see placeholder.h. The shapes were read off real templates (../shared/corpus/realworld/ and
 * ../shared/corpus/{hermes,dify-env}/: `your_…_here`, `Your_Key`, `YOUR-URL`, `tvly-your_…_here`,
 * `github_pat_your_…`, `<your dashscope api key>`, `{YOUR API KEY}`, `sk-`, `sk-xxx`, `ghp_xxxx…`, `xapp-...`,
 * `********-****-…`, `xxxx xxxx xxxx xxxx`). */
#define _GNU_SOURCE /* memmem */
#include "placeholder.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>

#include "util.h"

static bool
is_word(unsigned char c)
{
	return isalnum(c) != 0;
}

/* Does [s, s+n) hold the word w (case-insensitive) with no letter or digit on either side? */
static bool
has_word(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w);
	for (size_t i = 0; i + wl <= n; i++) {
		if (i > 0 && is_word((unsigned char)s[i - 1]))
			continue;
		if (i + wl < n && is_word((unsigned char)s[i + wl]))
			continue;
		size_t k = 0;
		while (k < wl && tolower((unsigned char)s[i + k]) == w[k])
			k++;
		if (k == wl)
			return true;
	}
	return false;
}

/* [s, s+n) lower-cased with '-', '_', ' ' and '.' dropped starts with w: "change-me-in-production",
 * "CHANGE_ME", "replace me". */
static bool
squeezed_starts(const char *s, size_t n, const char *w)
{
	size_t k = 0;
	for (size_t i = 0; i < n && w[k]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '-' || c == '_' || c == ' ' || c == '.')
			continue;
		if (tolower(c) != w[k])
			return false;
		k++;
	}
	return w[k] == '\0';
}

static bool
squeezed_is(const char *s, size_t n, const char *w)
{
	if (!squeezed_starts(s, n, w))
		return false;
	/* and nothing after it but separators */
	size_t k = 0, i = 0;
	for (; i < n && w[k]; i++)
		if (s[i] != '-' && s[i] != '_' && s[i] != ' ' && s[i] != '.')
			k++;
	for (; i < n; i++)
		if (s[i] != '-' && s[i] != '_' && s[i] != ' ' && s[i] != '.')
			return false;
	return true;
}

/* Is [s, s+n) all filler: x, X, *, '.', '•' or separators, with at least three x or * ("xxxx", "****-****",
 * "xxxx xxxx xxxx xxxx")? */
static bool
all_filler(const char *s, size_t n)
{
	size_t marks = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 'x' || c == 'X' || c == '*')
			marks++;
		else if (c != '-' && c != '_' && c != ' ' && c != '.')
			return false;
	}
	return marks >= 3;
}

/* The length of a key-family prefix at s: up to three segments of 1-10 letters or digits, each ending in '-',
 * '_' or '/' ("sk-", "sk-sp-", "sk-ant-api03-", "github_pat_", "bce-v3/"), or 0. */
static size_t
key_prefix(const char *s, size_t n)
{
	size_t at = 0;
	for (int seg = 0; seg < 3; seg++) {
		size_t k = 0;
		while (at + k < n && k <= 10 && is_word((unsigned char)s[at + k]))
			k++;
		if (k == 0 || k > 10 || at + k >= n || !(s[at + k] == '-' || s[at + k] == '_' || s[at + k] == '/'))
			break;
		at += k + 1;
		if (at >= n)
			break;
	}
	return at;
}

const char *
qw_placeholder_shape(const char *value)
{
	if (!value)
		return NULL;
	size_t n;
	const char *s = qw_trim(value, &n);
	if (n == 0)
		return "empty";
	/* <your key>, {YOUR API KEY}, [your key]: brackets around words, not markup or JSON */
	static const char *const open = "<{[", *const close = ">}]";
	const char *o = n >= 3 ? strchr(open, s[0]) : NULL;
	if (o && *o && s[n - 1] == close[o - open]) {
		bool words = true;
		for (size_t i = 1; i + 1 < n && words; i++)
			words = !strchr("<>{}[]\":,=$", s[i]);
		if (words)
			return s[0] == '<' ? "<…>" : s[0] == '{' ? "{…}" : "[…]";
	}
	/* an ellipsis: "…", "...", "sk-...", "LS0tLS1CRUdJTi..." (a key is never cut short on purpose) */
	if (memmem(s, n, "\xe2\x80\xa6", 3) || memmem(s, n, "...", 3))
		return "…";
	/* your_api_key_here, Your_Key, YOUR-URL, tvly-your_tavily_key_here, github_pat_your_token_here,
	 * https://your-resource.openai.azure.com */
	if (has_word(s, n, "your"))
		return "your_…";
	static const char *const starts[] = {"changeme", "replaceme", "replacewith", "fillme", "fillin", "putyour",
					     "enteryour", "insertyour", "pasteyour", "addyour"};
	for (size_t i = 0; i < sizeof(starts) / sizeof(starts[0]); i++)
		if (squeezed_starts(s, n, starts[i]))
			return "changeme";
	static const char *const words[] = {"placeholder", "todo", "tbd", "fixme", "dummy", "example", "none", "null",
					    "nil", "undefined", "secret", "apikey", "key", "token"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (squeezed_is(s, n, words[i]))
			return "changeme";
	/* xxx, sk-xxxxxxxx, ********-****-…, sk- alone */
	size_t p = key_prefix(s, n);
	if (p == n && p > 0)
		return "a key prefix alone";
	if (all_filler(s + p, n - p))
		return "xxx…";
	return NULL;
}

bool
qw_is_placeholder(const char *value)
{
	return qw_placeholder_shape(value) != NULL;
}
