/*
 * pool_int.h - what the two halves of Hermes's credential pool share (pool_read.c reads the home's files as Hermes
 * does, pool.c builds and selects the entries): the entry and pool types, the Python-isms, the trace step.
 * Ownership: a pool owns its entries (pool.c's pool_free); strings returned are the caller's.
 */
#ifndef QW_POOL_INT_H
#define QW_POOL_INT_H

#include "parse.h"
#include "pool.h"

enum { PRIO_NUM, PRIO_STR, PRIO_OTHER };

#define TTL_401 (5 * 60)
#define TTL_DEFAULT (60 * 60)

typedef struct pent {
	char *source;   /* NULL: not a string (Hermes's load_pool raises on it) */
	char *label;
	char *token;    /* access_token as Python's str() of it; "" for none */
	char *base_url; /* NULL: none */
	bool oauth;
	int prio_kind;
	double prio;
	const char *prio_s;
	char *last_status;
	bool has_at;
	double at; /* last_status_at as Hermes reads it (truthiness: nonzero) */
	bool has_code;
	double code;
	bool has_reset;
	double reset;
	double request_count;
	const char *secret_fp; /* secret_fingerprint stored for a borrowed entry */
	qw_source *src;        /* where the token is */
	qw_span span;
	char *what;
	char *key_var;
	bool from_env; /* its token was (re)seeded from .env */
	bool stripped; /* a borrowed entry read back after Hermes's own rewrite: its secret is gone (load's reloaded) */
	double expires_at_ms;
	bool has_expires_ms;
} pent;
typedef struct pool {
	pent *v;
	size_t n, cap;
	const char *provider;
	bool custom;
	bool failed; /* load_pool raised */
	/* the root's auth.json when the profile was named directly (no set->root): read here, freed with the pool */
	qw_source *root_src;
	qw_doc *root_doc;
	char *strategy;
} pool;
char *qw_pool_pystrip(const char *s);
void qw_pool_rstrip_slash(char *s);
/* A JSON or YAML scalar as a Python number (int, float or bool), false when it is none. */
bool qw_pool_node_num(const qw_node *n, double *out);
bool qw_pool_node_is_string(const qw_node *n);
/* str(value or "") for a scalar; NULL for null/absent; "" for a container (which Hermes would stringify) */
const char *qw_pool_node_text(const qw_node *n);
/* _parse_absolute_timestamp: epoch seconds or milliseconds, or an ISO-8601 string. */
bool qw_pool_parse_abs_ts(const qw_node *n, double *out);
char *qw_pool_when(double t);
void qw_pool_step(qw_request *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* _get_env_prefer_dotenv: Hermes's own .env parser's value, stripped, else os.environ's (python-dotenv's view of
 * the same file: qwlint does not read the shell). */
char *qw_pool_env_prefer_dotenv(const qw_set *set, const char *key, const qw_envvar **var);
/* _load_auth_store's answer: the document when it is an object with a providers or credential_pool object,
 * else NULL (Hermes starts from an empty store). */
const qw_node *qw_pool_store_root(const qw_doc *doc);
/* get_default_hermes_root for a profile: the set's root, else <dir>/../.. when the parent is named profiles. */
const qw_node *qw_pool_root_store(const qw_set *set, pool *pl, qw_source **src);
/* ${VAR} expansion of config values (_expand_env_vars: os.environ, unresolved references kept). */
char *qw_pool_expand(const qw_set *set, const char *s);
/* ---- custom providers (_iter_custom_providers, get_custom_provider_pool_key) ---- */
typedef struct custom_cp {
	char *norm;     /* _normalize_custom_pool_name(name) */
	char *name;     /* str(name).strip() */
	char *base_url; /* stripped, no trailing slash, expanded */
	char *api_key;  /* stripped, expanded; "" when none */
} custom_cp;
/* The custom providers in config.yaml, in Hermes's order: custom_providers when it is a list, else providers:
 * (the v12 dict, through get_compatible_custom_providers; its URL checks are simplified to "has ://"). */
custom_cp *qw_pool_custom_list(const qw_set *set, size_t *n);
void qw_pool_custom_list_free(custom_cp *v, size_t n);
char *qw_pool_custom_key(const qw_set *set, const char *base_url, const char *provider_name);
/* get_pool_strategy */
char *qw_pool_strategy(const qw_set *set, const char *provider);
/* load_pool: false when Hermes's load_pool raises. reloaded: an earlier load_pool of this provider in the same
 * run has written the pool back (see qw_pool_select). */
bool qw_pool_load(const qw_kb *kb, const qw_set *set, const char *provider_in, pool *pl, qw_request *r, bool reloaded);

#endif
