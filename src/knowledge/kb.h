/*
 * kb.h - the knowledge base: Hermes's provider registry, the endpoint catalogue and the key families, read from
 * the YAML files in rules/ (compiled into trees at build time by tools/genkb.c, or read from --rules-dir). Rules
 * ask questions here; no host name, key prefix or provider id is written in C. Each record type below is loaded
 * and freed through its table of field descriptors in kb_schema.c (kb_impl.h): a new field is its member here and
 * one line there.
 *
 * Ownership: qw_kb_load() returns a kb that the caller frees with qw_kb_free(); every pointer handed out by the
 * lookups below points into the kb and lives as long as it.
 */
#ifndef QW_KB_H
#define QW_KB_H

#include <stdbool.h>
#include <stddef.h>

/* in the order of kb_schema.c's auth_names (the YAML words) */
typedef enum qw_auth { QW_AUTH_API_KEY, QW_AUTH_OAUTH, QW_AUTH_EXTERNAL, QW_AUTH_AWS, QW_AUTH_LOCAL } qw_auth;
typedef enum qw_tri { QW_NO = 0, QW_YES = 1, QW_UNKNOWN = -1 } qw_tri;

typedef struct qw_provider {
	char *id;
	qw_auth auth;
	bool auto_detect;
	char **key_env;
	size_t nkey_env;
	char *base_url_env;     /* may be NULL */
	char *default_base_url; /* may be NULL */
	char **aliases; /* the aliases valid at the selected Hermes version (qw_kb_set_hermes_version) */
	size_t naliases;
	qw_tri strip_model_prefix;
	bool aggregator;
	bool late; /* known to exist, but its resolution is not pinned: accepted, not simulated */
	/* the Hermes versions that have this row: since (first with it) and until (first without it), NULL when
	 * open; the version scheme is rules/README.md's "Hermes versions" */
	char *since, *until;
	char conf;      /* H, M, L or U (a disputed row is U) */
	char *disputed; /* how the sources disagree, or NULL: a rule resting on this row warns and says so */
	char *no_key_sends;     /* sent when no usable key is found (lmstudio's placeholder), or NULL */
	char **url_strip_suffixes; /* the base URL loses the first of these it ends with ... */
	size_t nurl_strip_suffixes;
	char *url_add_suffix;      /* ... and gets this (lmstudio: /v1), or NULL */
	char *key_exchange;        /* the key is exchanged over the network first (copilot): what happens, or NULL */
	/* key_from: environ (copilot's resolve_copilot_token): the key variables are read from os.environ, stripped,
	 * the first non-empty one not starting with a rejected prefix wins, with no placeholder check until the end
	 * and no credential-pool fallback; load_pool seeds that token too (_seed_from_singletons) before .env */
	bool key_from_environ;
	char **rejected_key_prefixes; /* with key_from_environ: values skipped (copilot: ghp_, classic PATs) */
	char *key_fallback;           /* with key_from_environ: where Hermes looks when no variable holds one, or NULL */
	size_t nrejected_key_prefixes;
	/* with key_from_environ: the pool source load_pool names a variable's token with, when not env:<VAR>
	 * (copilot: GH_TOKEN -> gh_cli); pairs of variable, source */
	char **seed_src_var, **seed_src_name;
	size_t nseed_src;
	/* api_mode chosen from the model id (opencode: models.py opencode_model_api_mode): the first prefix the
	 * lower-cased id (its "<id>/" prefix dropped) starts with gives the mode; none: model_api_mode_default */
	char **mam_prefix, **mam_mode;
	size_t nmam;
	char *model_api_mode_default;
	/* normalize_opencode_base_url: /v1 dropped for anthropic_messages, added for the others on this host */
	char *v1_by_mode_host;
	/* azure-foundry: model ids (the part after the last '/') that Azure serves on the Responses API only
	 * (models.py:azure_foundry_model_api_mode) */
	char **resp_prefixes;
	size_t nresp_prefixes;
	char *kp_prefix, *kp_base_url; /* key-prefix routing (kimi: sk-kimi- -> api.kimi.com/coding) */
	char *api_mode;                /* the api_mode Hermes always uses for it, or NULL (detected from the URL) */
	/* model.base_url is honoured only on these hosts ("*.suffix" or exact) or an Anthropic-style path, and then
	 * before base_url_env (anthropic); none listed: any URL, after base_url_env */
	char **cfg_url_hosts;
	size_t ncfg_url_hosts;
	char *cfg_url_source;
	char *source;
} qw_provider;

typedef struct qw_hostpath {
	char *path; /* "" for the bare host */
	char *protocol; /* openai | anthropic | native */
	char *plan;     /* NULL: the host's plan */
	char conf;
	/* The OpenAI wire APIs the path serves ("chat": /chat/completions, "responses": /responses), for a client
	 * that picks one (Codex CLI's wire_api); none listed: not known. With the list's conf and source. */
	char **wire_apis;
	size_t nwire_apis;
	char wire_conf;
	char *wire_source;
} qw_hostpath;

typedef struct qw_host {
	char *pattern; /* exact host, or "*.suffix" */
	char *vendor, *plan, *region;
	qw_hostpath *paths;
	size_t npaths;
	char conf; /* 'H', 'M', 'L' or 'U' */
	char *source;
	char *answer;     /* what the host answers a key it does not accept, NULL if not known */
	char **only_keys; /* the only key families the host accepts (prefixes); none listed: not known */
	size_t nonly_keys;
	char only_keys_conf;
	char *legacy_why, *legacy_use; /* a deprecated auth flow (QW107), NULL if not */
	char legacy_conf;
} qw_host;

typedef struct qw_lookalike {
	char *host, *suggest, *why, *source;
	char conf;
} qw_lookalike;

typedef struct qw_family {
	char *prefix, *vendor, *name, *source;
	char **plans;
	size_t nplans;
	bool model_key;
	bool vendor_hosts_only; /* works on its vendor's own hosts only, whatever client sends it */
	char conf;
} qw_family;

/* An application's .env (rules/app-env.yaml): the variables read together as one request. */
typedef struct qw_app_pair {
	char **key, **base, **model;
	size_t nkey, nbase, nmodel;
	char *protocol; /* "openai", "anthropic", or NULL for any */
	char *vendor;   /* the vendor a vendor-named variable is for, NULL for a generic one */
	char *source;
} qw_app_pair;

/* A base-URL variable outside the pairs whose reader is known (rules/app-env.yaml base_urls): what that client
 * appends to it. A base-URL variable of neither list has an unknown consumer, and its path is not judged. */
typedef struct qw_app_base {
	char **vars;
	size_t nvars;
	char *client;  /* who reads it, for messages */
	char *appends; /* "openai", "anthropic", "any" (an OpenAI, Anthropic or vendor base), "host_root" */
	char *source;
} qw_app_base;

/* An HTTP client inside an agent tool (rules/clients.yaml): the protocol it speaks and the path it appends to
 * its base URL, which the URL rules compare with the catalogue's bases (qw_kb_client_suffix). */
typedef struct qw_client {
	char *id;          /* "claude-code", "ai-sdk-anthropic", ... */
	char *name;        /* for messages: "@ai-sdk/anthropic" */
	char *selected_by; /* the value that picks it in its tool's file (OpenCode's npm, OpenClaw's api), or NULL */
	char *tool;        /* that tool's id ("opencode"): selected_by values are per tool */
	char *protocol;    /* "anthropic", "openai" */
	char *appends;     /* "/messages" */
	char *key_header;  /* "Authorization: Bearer", "unknown", ... */
	char *source;
	char conf;
} qw_client;

/* The operation path a protocol's catalogue bases are followed by (rules/clients.yaml operations). */
typedef struct qw_operation {
	char *protocol;
	char *path;
	char *source;
	char conf;
} qw_operation;

/* Key material a variable must not hold (QW108). */
typedef struct qw_wrong_var {
	char **vars;
	size_t nvars;
	char *prefix;         /* the family that must not be there, or NULL */
	char *when_base_host; /* with must_be_empty: the pair's base URL host that makes the value wrong */
	bool must_be_empty;
	char *why, *use, *source;
	char conf;
	bool warning; /* severity: warning whatever the conf */
} qw_wrong_var;

/* A shape every key of a vendor has (rules/keys.yaml vendor_key_shapes). */
typedef struct qw_key_shape {
	char *vendor, *contains, *why, *source;
} qw_key_shape;

/* The models a plan endpoint serves (rules/models.yaml, QW106). */
typedef struct qw_plan_models {
	char *vendor, *plan, *as_of, *source;
	char **models;
	size_t nmodels;
	char conf;
} qw_plan_models;

/* Dify (rules/dify.yaml). */
typedef struct qw_dify_secret {
	char *var, *value, *why, *source;
} qw_dify_secret;

typedef struct qw_dify_pair {
	char *a, *b, *why, *source;
} qw_dify_pair;

typedef struct qw_plugin_window {
	char *plugin, *from, *to, *why, *source;
	/* what the version does with Tongyi's "Use International Endpoint" switch (QW609): "ignored" or
	 * "process_wide"; NULL: the window is about something else */
	char *intl_switch;
} qw_plugin_window;

typedef struct qw_removed_models {
	char *plugin, *since, *source;
	char **models;
	size_t nmodels;
} qw_removed_models;

typedef struct qw_region_model {
	char *plugin, *prefix, *region, *why, *source;
} qw_region_model;

/* --probe (rules/probe.yaml): the request that tests a key on a vendor's plan host, and how answers read. */
typedef struct qw_probe_call {
	char *vendor, *plan;
	char *request; /* "models": GET <base>/models; "chat": POST <base>/chat/completions, one token */
	char *model;   /* for chat */
	char *why, *source;
	char conf;
} qw_probe_call;

typedef struct qw_probe_answer {
	char *vendor;
	long status;
	char *body;  /* a text the answer's body holds */
	char *code;  /* what qwlint prints for it */
	char *means; /* rejected | client-restricted | quota | no-key */
	char *source;
	char conf;
} qw_probe_answer;

/* How Hermes rewrites the model id it sends (rules/hermes-models.yaml; src/tools/hermes/model_name.c applies it). */
typedef struct qw_str_pair {
	char *a, *b;
} qw_str_pair;

/* How messages name a plan or a region id (rules/endpoints.yaml plans:, regions:). */
typedef struct qw_kb_name {
	char *id, *name;
	qw_str_pair *vendors; /* a vendor's own name for it, where it differs */
	size_t nvendors;
} qw_kb_name;

typedef struct qw_model_class {
	char *kind; /* add_vendor | strip_any | dots_to_hyphens | copilot | strip_vendor | deepseek | strip_matching | keep */
	char **providers;
	size_t nproviders;
	char *hyphen_prefix; /* strip_any: ids starting with it (any case) get their dots as hyphens; NULL: none */
	char *drop_prefix;   /* strip_vendor: a prefix dropped whatever provider it names; NULL: none */
	char **lowercase;    /* strip_matching: the providers whose ids are lower-cased */
	size_t nlowercase;
	char *source;
} qw_model_class;

typedef struct qw_hermes_models {
	char *since, *source;
	char **main_skipped, **fallback_skipped; /* providers whose id the call leaves as written */
	size_t nmain_skipped, nfallback_skipped;
	qw_str_pair *aliases, *vendor_prefixes, *copilot_aliases; /* a: alias/token/id, b: provider/vendor/id */
	size_t naliases, nvendor_prefixes, ncopilot_aliases;
	qw_model_class *classes;
	size_t nclasses;
	char **ds_canonical, **ds_keywords;
	size_t nds_canonical, nds_keywords;
	char *ds_v_prefix, *ds_reasoner, *ds_chat;
} qw_hermes_models;

typedef struct qw_kb qw_kb;

qw_kb *qw_kb_load(const char *rules_dir, char *err, size_t errlen);
void qw_kb_free(qw_kb *kb);

/* ---- Hermes versions (rules/hermes-providers.yaml hermes_versions; rules/README.md "Hermes versions") ----
 * The kb models one Hermes version at a time; every provider and alias lookup below honours it. A kb starts at
 * the newest known Hermes. Changing the version rebuilds the provider view: pointers from qw_kb_provider and
 * qw_kb_providers taken before are invalid after it, so a program selects the version once, before linting. */

/* version: a known release ("0.18.2"), "newest" (also NULL), or a date YYYY-MM-DD (Hermes's main branch that day,
 * from the oldest known release's date to the knowledge's end). -1 with err filled when it is none of these. */
int qw_kb_set_hermes_version(qw_kb *kb, const char *version, char *err, size_t errlen);
/* Without --hermes-version: the version of the installed Hermes, else the newest known. Where Hermes is looked
 * for is rules/hermes-providers.yaml's installed: (__version__ in hermes_cli/__init__.py under <home>/hermes-agent/
 * for each of homes, then $HERMES_HOME/hermes-agent/, then /usr/local/lib/hermes-agent/: the first found). A
 * release newer than the knowledge is modelled as the newest known, and qw_kb_hermes_newer_installed says so. */
void qw_kb_detect_hermes_version(qw_kb *kb, const char *const *homes, size_t nhomes);
/* The version modelled: "0.18.2", "newest" or a date. */
const char *qw_kb_hermes_version(const qw_kb *kb);
/* Why: "--hermes-version", "installed Hermes 0.18.2 at PATH", "newest known (knowledge to 2026-09-22)", ... */
const char *qw_kb_hermes_version_why(const qw_kb *kb);
/* The version is the default guess: neither --hermes-version nor an installed Hermes said which. */
bool qw_kb_hermes_version_assumed(const qw_kb *kb);
/* The installed Hermes's version when it is newer than every release the knowledge holds, else NULL. */
const char *qw_kb_hermes_newer_installed(const qw_kb *kb);
/* The i-th known release, oldest first ("0.18.2"); NULL past the last (the bash completion's words). */
const char *qw_kb_hermes_release(const qw_kb *kb, size_t i);
/* The date of the newest dated fact ("2026-09-22"). */
const char *qw_kb_hermes_knowledge_to(const qw_kb *kb);
/* A behaviour of hermes-providers.yaml's features list (e.g. "model_key_env_builtin") holds at the version. */
bool qw_kb_hermes_feature(const qw_kb *kb, const char *name);
/* Is point ("0.18.2", "post-0.18.2 (#73345, 2026-07-30)", "post-0.18.2 (REF, undated)") a valid version point? */
bool qw_hermes_point_valid(const char *point);

/* By id or alias, as resolve_provider compares them: white space stripped, case ignored. NULL when unknown at the
 * selected version. */
const qw_provider *qw_kb_provider(const qw_kb *kb, const char *name);
/* The providers at the selected version, in registry order (the auto-detection order). */
const qw_provider *qw_kb_providers(const qw_kb *kb, size_t *n);
/* name (an id or alias) is unknown at the selected version but known in another: its row, and the window that
 * has it (*since, *until: version points, either may be NULL). NULL when no version knows it, or this one does.
 * Note an alias's row may be in this version while the alias is not. */
const qw_provider *qw_kb_provider_other_version(const qw_kb *kb, const char *name, const char **since,
						const char **until);
/* Every row of every version, in file order (aliases unfiltered): for what does not depend on the version, such
 * as which variable names hold keys. */
const qw_provider *qw_kb_providers_all(const qw_kb *kb, size_t *n);
/* name (stripped, any case) is one resolve_provider maps to custom. */
bool qw_kb_is_custom_alias(const qw_kb *kb, const char *name);
/* host (lower-case) is one of p's config_base_url_hosts. */
bool qw_provider_cfg_url_host(const qw_provider *p, const char *host);
/* A variable only Hermes reads (hermes_only_env): a .env that sets one is a Hermes home's. */
bool qw_kb_hermes_only_env(const qw_kb *kb, const char *var);
bool qw_kb_auto_bypass_excluded(const qw_kb *kb, const char *host);
const char *qw_kb_hermes_commit(const qw_kb *kb);
/* rules/hermes-models.yaml (never NULL: an absent file gives empty tables). */
const qw_hermes_models *qw_kb_hermes_models(const qw_kb *kb);

/* First catalogue entry matching host (lower-case), or NULL. */
const qw_host *qw_kb_host(const qw_kb *kb, const char *host);
/* The whole catalogue, in file order. */
const qw_host *qw_kb_hosts_all(const qw_kb *kb, size_t *n);
const qw_lookalike *qw_kb_lookalike(const qw_kb *kb, const char *host);
/* "Coding Plan", "mainland China", "international (Singapore)" (vendor's own word, vendor may be NULL): the
 * words messages use; the id itself when the catalogue does not name it. */
const char *qw_kb_plan_name(const qw_kb *kb, const char *plan);
const char *qw_kb_region_name(const qw_kb *kb, const char *region, const char *vendor);
/* The base URL of the first catalogue host (exact, not a wildcard) of vendor, plan and region with a path of
 * that protocol ("openai", "anthropic"): "https://coding.dashscope.aliyuncs.com/v1". NULL when none. The caller
 * frees. */
char *qw_kb_plan_base(const qw_kb *kb, const char *vendor, const char *plan, const char *region,
		      const char *protocol);
/* The base path of h that url_path is (the longest equal one), or NULL. */
const qw_hostpath *qw_host_path(const qw_host *h, const char *url_path);
/* The plan of a request to h at path hp (hp may be NULL): the path's own plan, else the host's. */
const char *qw_host_plan(const qw_host *h, const qw_hostpath *hp);
/* Is key one of the families h accepts exclusively? True when h lists none. */
bool qw_host_takes_key(const qw_host *h, const char *key);
/* Are this vendor's keys bound to the region that issued them (QW103)? */
bool qw_kb_region_bound(const qw_kb *kb, const char *vendor);
const qw_app_pair *qw_kb_app_pairs(const qw_kb *kb, size_t *n);
const qw_wrong_var *qw_kb_wrong_vars(const qw_kb *kb, size_t *n);
/* The base_urls entry that names var, or NULL. */
const qw_app_base *qw_kb_app_base(const qw_kb *kb, const char *var);
/* The client of that id, or the one its tool's file selects by that value (selected_by); NULL if none. */
const qw_client *qw_kb_client(const qw_kb *kb, const char *id);
const qw_client *qw_kb_client_selected_by(const qw_kb *kb, const char *tool, const char *value);
/* What c's base must end in beyond the catalogue's base path of its protocol: the protocol's operation path
 * without the part c appends ("/v1" for @ai-sdk/anthropic, "" for Claude Code), or NULL when c's appended path
 * is not the end of the operation path (nothing then is judged from it). */
const char *qw_kb_client_suffix(const qw_kb *kb, const qw_client *c, size_t *len);
/* The model list of a vendor's plan, or NULL when the catalogue has none. */
const qw_plan_models *qw_kb_plan_models(const qw_kb *kb, const char *vendor, const char *plan);
/* The shape rule for a vendor's keys, or NULL. */
const qw_key_shape *qw_kb_key_shape(const qw_kb *kb, const char *vendor);
/* Longest distinctive prefix matching key, or NULL. */
const qw_family *qw_kb_family(const qw_kb *kb, const char *key);
bool qw_family_has_plan(const qw_family *f, const char *plan);
/* Hermes's has_usable_secret() is false for this value (placeholder list, or under 4 characters). */
bool qw_kb_hermes_no_key(const qw_kb *kb, const char *value);
/* A placeholder people leave in and Hermes sends verbatim. */
bool qw_kb_placeholder(const qw_kb *kb, const char *value);

/* The probe request for a vendor's plan, or NULL: that plan's hosts are not probed. */
const qw_probe_call *qw_kb_probe_call(const qw_kb *kb, const char *vendor, const char *plan);
/* Every vendor that has a probe request. */
bool qw_kb_probe_vendor(const qw_kb *kb, const char *vendor);
/* The answer entries in file order (first match wins). */
const qw_probe_answer *qw_kb_probe_answers(const qw_kb *kb, size_t *n);

/* Dify. Lists are in file order. */
bool qw_kb_dify_marker(const qw_kb *kb, const char *var);
/* The fields of a Dify credential's encrypted_config that are plain text, the only ones --dify-db reads. */
const char *const *qw_kb_dify_db_fields(const qw_kb *kb, size_t *n);
/* The HTTP base the Tongyi plugin calls with "Use International Endpoint" off or on (NULL when the data has none). */
const char *qw_kb_tongyi_base(const qw_kb *kb, bool intl);
/* Tongyi's api_host credential (rules/dify.yaml): the first version known to read it, the last known not to,
 * the paths the plugin strips from its end, and the source. */
typedef struct qw_api_host_facts {
	const char *since, *absent_to, *source;
	const char *const *paths;
	size_t npaths;
} qw_api_host_facts;
qw_api_host_facts qw_kb_tongyi_api_host(const qw_kb *kb);
/* The public default of var when value is it, else NULL. */
const qw_dify_secret *qw_kb_dify_default(const qw_kb *kb, const char *var, const char *value);
const qw_dify_pair *qw_kb_dify_pairs(const qw_kb *kb, size_t *n);
const qw_plugin_window *qw_kb_plugin_windows(const qw_kb *kb, size_t *n);
/* The provider of a plugin ("langgenius/tongyi" -> "tongyi"), or NULL. */
const char *qw_kb_plugin_provider(const qw_kb *kb, const char *plugin);
/* The removal that took model out of plugin at or before version, or NULL. */
const qw_removed_models *qw_kb_removed_model(const qw_kb *kb, const char *plugin, const char *model,
					     const char *version);
const qw_region_model *qw_kb_region_model(const qw_kb *kb, const char *plugin, const char *model);
/* Compare dotted version numbers ("0.1.19" < "0.1.20"): <0, 0, >0. Missing parts count as 0; a suffix after
 * the numbers ("-beta") is ignored. */
int qw_version_cmp(const char *a, const char *b);

#endif
