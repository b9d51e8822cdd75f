/*
 * pool.h - auth.json's credential_pool as Hermes builds one (agent/credential_pool.py load_pool at 306e2d2: the
 * file's entries, plus entries seeded from .env, minus pruned and suppressed ones) and what it picks from it
 * (select, peek). qwlint never writes: Hermes persists cleared cool-downs, rotations, seeded entries and
 * borrowed entries stripped of their secrets into auth.json; qwlint only predicts what the pool would hand out,
 * including what a second load in the same run reads back (the `reloaded` argument).
 *
 * Ownership: nothing returned points into Hermes's files except the origins' sources (owned by the set); what a
 * qw_pool_entry holds is freed by qw_pool_entry_free.
 */
#ifndef QW_POOL_H
#define QW_POOL_H

#include <stdbool.h>
#include <time.h>

#include "lint.h"

typedef struct qw_pool_entry {
	char *key;          /* the exact key the entry sends (runtime_api_key, else access_token); NULL: none */
	char *base_url;     /* runtime_base_url, else base_url; NULL: none */
	qw_origin key_from; /* auth.json's token span, or the .env line of an env-seeded entry */
	char *key_var;      /* env var of an env-seeded entry, else NULL */
	char *source;       /* "manual", "env:DASHSCOPE_API_KEY", ... */
	char *label;
	/* how many entries select() could have given; with random, Hermes picks one of them at random (the first is
	 * in the entry) and the key sent is not predictable when there are several */
	int candidates;
	bool random;
} qw_pool_entry;

/* load_pool(provider).has_credentials(), and select()'s entry in *out (zeroed when none is available);
 * returns false when the pool has no credentials (or Hermes's load_pool raises on it: then the pool is skipped,
 * as resolve_runtime_provider does). Each step Hermes takes that a user should know (an entry skipped as
 * exhausted until <time>, a cooldown passed, a placeholder seeded from .env, a suppressed source, the root's
 * auth.json used for a profile) is added to r with qw_request_step (r may be NULL). now: the time to compare
 * cool-downs with. kb: the registry (which variables seed the pool, base-URL variables, defaults). provider: a
 * registry id, "openrouter", or a custom pool key "custom:<name>".
 * reloaded: Hermes has already run load_pool(provider) earlier in the same resolution (resolve_provider's
 * auto-detection loads openrouter's pool before resolve_runtime_provider loads it again). That first load wrote
 * the pool back to auth.json through write_credential_pool, which keeps a borrowed entry (any source but
 * manual and Hermes's own logins: env:<VAR>, config:<name>, ...) without its secret; so this read sees such
 * entries without a key, unless seeding from .env or config.yaml gives them one again. */
bool qw_pool_select(const qw_kb *kb, const qw_set *set, const char *provider, time_t now, bool reloaded, qw_request *r,
		    qw_pool_entry *out);
/* peek(): the entry select() would give on a freshly loaded pool, without rotating (the first available in
 * priority order, whatever the strategy); used by resolve_api_key_provider_credentials' fallback */
bool qw_pool_peek(const qw_kb *kb, const qw_set *set, const char *provider, time_t now, bool reloaded, qw_request *r,
		  qw_pool_entry *out);
/* get_custom_provider_pool_key(base_url, provider_name): "custom:<name>" or NULL (malloc'd) */
char *qw_pool_custom_key(const qw_set *set, const char *base_url, const char *provider_name);
/* credential_pool_matches_provider(pool, provider, base_url): pool is the pool's key ("deepseek",
 * "custom:local") */
bool qw_pool_matches_provider(const qw_set *set, const char *pool, const char *provider, const char *base_url);
void qw_pool_entry_free(qw_pool_entry *e);

#endif
