/*
 * db.h - a Dify deployment's model-provider settings as its PostgreSQL database holds them (dify.md §3.5,
 * dify-since-2026-08.md §2): one row per workspace, per provider credential (provider_credentials, and whether
 * providers.credential_id points at it), per custom-model credential (provider_model_credentials, and whether
 * provider_models.credential_id points at it), per load-balancing entry (load_balancing_model_configs), per
 * default model (tenant_default_models), and per plugin a workspace has installed: the plugin daemon's own
 * database (DB_PLUGIN_DATABASE, dify_plugin by default: dify.md §3.1) holds plugin_installations, whose
 * plugin_unique_identifier is "author/name:version@checksum" (langgenius/dify-plugin-daemon
 * internal/types/models/installation.go and pkg/entities/plugin_entities/identity.go @ bdb5642a, 2026-08-21).
 *
 * The rows come from the database itself (--dify-db: libpq, opened only then, in a READ ONLY transaction) or
 * from a file of the same rows (--dify-export: the JSON lines qw_dify_db_export_command's psql command writes), or
 * from a saved answer of Dify's console API, GET /console/api/workspaces/current/model-providers/PROVIDER/credentials
 * ({"credentials": {...}}, the secrets as obfuscated tokens: their first 6 and last 2 characters; of those only a
 * key family's prefix is kept, dify-since-2026-08.md §3).
 * Both go through one query, which hands out of encrypted_config only the plain fields rules/dify.yaml lists
 * (db_plain_fields): an encrypted value never leaves the database. A file written some other way is filtered the
 * same way here: every field not listed, and any string value starting with HYBRID:, is dropped unread.
 *
 * A row is not a file the user edits: the rows hang on the set as one source built in memory (path
 * "dify-db:DATABASE", or the export file's path), one line per row, each line the row as kept (JSON, secrets
 * already gone), so a finding points at line N and every output format shows it like a file's line. For an
 * export the line numbers are the file's.
 *
 * Ownership: a qw_dify_db owns its rows, their configs (cJSON) and its source; qw_dify_db_free releases them. The
 * qw_dify that holds it (qw_dify.db) frees it.
 */
#ifndef QW_DIFY_DB_H
#define QW_DIFY_DB_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "kb.h"
#include "source.h"

struct qw_dify;
struct qw_options;

typedef enum qw_dify_row_kind {
	QW_DIFY_ROW_WORKSPACE, /* tenants: one per workspace, to tell an empty one */
	QW_DIFY_ROW_PROVIDER,  /* provider_credentials */
	QW_DIFY_ROW_MODEL,     /* provider_model_credentials */
	QW_DIFY_ROW_LB,        /* load_balancing_model_configs */
	QW_DIFY_ROW_DEFAULT,   /* tenant_default_models: a workspace's default model of a type */
	QW_DIFY_ROW_PLUGIN,    /* the plugin daemon's plugin_installations: a plugin version a workspace runs */
} qw_dify_row_kind;

typedef struct qw_dify_row {
	qw_dify_row_kind kind;
	char *tenant, *workspace;  /* tenants.id and tenants.name */
	char *provider;            /* provider_name: "langgenius/tongyi/tongyi"; a plugin row: "langgenius/tongyi" */
	char *version;             /* a plugin row: the version its plugin_unique_identifier names; NULL otherwise */
	char *credential;          /* credential_name (load balancing: name) */
	char *model, *model_type;  /* custom models, load balancing and default models; NULL otherwise */
	/* the credential Dify uses: providers.credential_id (provider_models' for a model) points at it; a
	 * load-balancing entry: Dify calls it (enabled, load balancing on for its model, more than one entry: db.c) */
	bool active;
	cJSON *config;             /* the plain fields of encrypted_config (an object), NULL when none */
	/* the load-balancing entry "__inherit__": the row whose credential it stands for, named ("workspace \"T\",
	 * …, credential \"Default\""); its config is a copy of that row's. NULL otherwise. */
	char *inherits;
	size_t inherit_from; /* that row's index in the db's rows + 1; 0 otherwise */
	/* the key's family prefix ("sk-sp-"), read from a console response's obfuscated token (its first 6
	 * characters, which Dify's console shows); never more. NULL when not known. */
	char *key_family;
	int line;                  /* its line in src */
} qw_dify_row;

typedef struct qw_dify_db {
	qw_source *src; /* one line per row (see above) */
	bool from_export;
	/* the plugin rows came from the daemon's database (or the export holds some): the versions each workspace
	 * runs are known; otherwise they come from the manifests under volumes/plugin_daemon/cwd/ */
	bool plugins;
	/* why the daemon's database was not read (one line, allocated), said but not an error: the versions
	 * then come from the manifests. NULL when it was read or not asked for. */
	char *plugin_note;
	qw_dify_row *v;
	size_t n, cap;
} qw_dify_db;

/* The rows opt asks for (--dify-db, --dify-export) for the deployment d in dir (whose env files give DB_HOST...
 * for --dify-db auto). NULL with *err (allocated, one line, no secret) when they cannot be read. */
qw_dify_db *qw_dify_db_read(const struct qw_dify *d, const qw_kb *kb, const struct qw_options *opt, char **err);
void qw_dify_db_free(qw_dify_db *db);
/* How many deployments this run has asked for their rows so far (any thread): none when --dify-db or
 * --dify-export was given is worth saying, since nothing was read. */
unsigned qw_dify_db_asked(void);

/* A row that is a credential Dify may call with (a provider's, a custom model's, a load-balancing entry). */
bool qw_dify_row_is_credential(const qw_dify_row *r);
/* The credential Dify calls for row r's model without load balancing (r's workspace, provider and model): the
 * custom model's credential in use, else the provider's; NULL when none is in use. */
const qw_dify_row *qw_dify_db_model_credential(const qw_dify_db *db, const qw_dify_row *r);
/* The version of plugin ("langgenius/tongyi") the workspace `tenant` runs, from the daemon's plugin_installations
 * when db->plugins, else NULL (the caller falls back to the installed manifests). */
const char *qw_dify_db_plugin(const qw_dify_db *db, const char *tenant, const char *plugin);

/* A plain field of the row's config as a string ("true", a URL), or NULL. */
const char *qw_dify_row_field(const qw_dify_row *r, const char *name);
/* "workspace \"Team\", langgenius/tongyi/tongyi, credential \"Default\"" (model: and "model qwen-plus"). The caller
 * frees. */
char *qw_dify_row_name(const qw_dify_row *r);

/* Where the Tongyi plugin sends a credential's requests (db_requests.c), by the version its workspace runs, the
 * "Use International Endpoint" switch and api_host. Owns host and base. */
typedef enum qw_api_host_use {
	QW_API_HOST_UNSET,   /* no api_host (or only white space and slashes) */
	QW_API_HOST_READ,    /* the version reads it: it decides the host */
	QW_API_HOST_IGNORED, /* the version predates it: the switch decides */
	QW_API_HOST_UNKNOWN, /* the version is not known, or not known to read it: the host is not known */
} qw_api_host_use;

typedef struct qw_tongyi_route {
	const char *version;      /* the Tongyi version the workspace runs; NULL when not known */
	const char *version_from; /* "plugin_installations" or "volumes/plugin_daemon/cwd/" */
	qw_api_host_use api_host;
	char *host;               /* api_host as the plugin reduces it (normalize_api_host); NULL when unset */
	bool intl;                /* the switch is on and the version honours it (a custom model has none) */
	char *base;               /* the HTTP base the plugin calls; NULL when not known */
} qw_tongyi_route;

/* The window of rules/dify.yaml that says what Tongyi `version` does with the switch ("ignored",
 * "process_wide"), or NULL (not known, or per request). */
const qw_plugin_window *qw_tongyi_switch_window(const qw_kb *kb, const char *version);
void qw_tongyi_route_of(const qw_kb *kb, const struct qw_dify *d, const qw_dify_row *row, qw_tongyi_route *out);
void qw_tongyi_route_free(qw_tongyi_route *r);
/* The version of plugin the workspace `tenant` runs: the daemon's rows when they were read, else the installed
 * manifest; *from says which. NULL when not known (or, by the daemon's rows, not installed there). */
const char *qw_dify_runs(const struct qw_dify *d, const char *tenant, const char *plugin, const char **from);

/* The one command, run in the deployment's docker directory, that writes the rows to dify-rows.jsonl. The caller
 * frees. */
char *qw_dify_db_export_command(const struct qw_dify *d, const qw_kb *kb);

#endif
