/* keyinfo.c - see keyinfo.h. */
#include "keyinfo.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "placeholder.h"
#include "secret.h"
#include "util.h"

bool
qw_looks_like_real_key(const qw_kb *kb, const char *v)
{
	size_t n = strlen(v);
	if (n < 16 || qw_kb_placeholder(kb, v) || qw_is_placeholder(v) || qw_kb_hermes_no_key(kb, v) || strstr(v, "${") ||
	    qw_startswith(v, "sha256:") || strstr(v, "://") || v[0] == '/' || v[0] == '~' || v[0] == '.' ||
	    v[0] == '<')
		return false;
	static const char *const words[] = {"your", "example", "placeholder", "changeme", "dummy", "xxxx", "here",
					    "****", "...", "replace", "insert", "fake", "test-key"};
	char *low = qw_lower(v);
	bool wordy = false;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]) && !wordy; i++)
		wordy = strstr(low, words[i]) != NULL;
	free(low);
	if (wordy)
		return false;
	return qw_random_mix(v, n);
}

char *
qw_mask(const qw_kb *kb, const char *key)
{
	/* Not secrets, and the point of a finding about them: a placeholder Hermes treats as no key (its list holds
	 * words like "changeme", nothing key-shaped), and a "Bearer " prefix pasted with the key (the key itself is
	 * masked). Key-shaped placeholders ("sk-xxxx") stay masked like keys. */
	if (qw_kb_hermes_no_key(kb, key) && strlen(key) >= 4)
		return qw_xstrdup(key);
	if (qw_startswith_nocase(key, "bearer ")) {
		char *inner = qw_mask(kb, key + 7);
		char *m = qw_xprintf("%.7s%s", key, inner);
		free(inner);
		return m;
	}
	const qw_family *f = qw_kb_family(kb, key);
	/* At most 7 characters of a prefix: no output may hold 8 consecutive characters of a key. */
	char prefix[8] = "";
	if (f)
		snprintf(prefix, sizeof(prefix), "%s", f->prefix);
	size_t n = strlen(key), pl = strlen(prefix);
	/* Show a tail only when at least 12 characters stay hidden: prefix + tail must never reveal most of a key. */
	if (n >= pl + 4 + 12) {
		const char *tail = key + n - 4;
		bool printable = true;
		for (const char *p = tail; *p; p++)
			if (!isgraph((unsigned char)*p))
				printable = false;
		if (printable)
			return qw_xprintf("%s\xE2\x80\xA6%s", prefix, tail);
	}
	return qw_xprintf("%s\xE2\x80\xA6 (%zu chars)", prefix, n);
}

bool
qw_is_api_key_name(const qw_kb *kb, const char *name)
{
	if (qw_endswith_nocase(name, "_API_KEY") || qw_endswith_nocase(name, "_AUTH_TOKEN"))
		return true;
	size_t n;
	const qw_provider *p = qw_kb_providers(kb, &n);
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < p[i].nkey_env; j++)
			if (!strcmp(p[i].key_env[j], name))
				return true;
	return false;
}
