/*
 * db.h - a Dify deployment's model-provider settings as its PostgreSQL database holds them (dify.md §3.5,
 * dify-since-2026-08.md §2): one row per workspace, per provider credential (provider_credentials, and whether
 * providers.credential_id points at it), per custom-model credential (provider_model_credentials, and whether
 * provider_models.credential_id points at it) and per load-balancing entry (load_balancing_model_configs).
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
} qw_dify_row_kind;

typedef struct qw_dify_row {
	qw_dify_row_kind kind;
	char *tenant, *workspace;  /* tenants.id and tenants.name */
	char *provider;            /* provider_name: "langgenius/tongyi/tongyi" */
	char *credential;          /* credential_name (load balancing: name) */
	char *model, *model_type;  /* custom models and load balancing; NULL otherwise */
	/* the credential Dify uses: providers.credential_id (provider_models' for a model) points at it; a
	 * load-balancing entry: enabled */
	bool active;
	cJSON *config;             /* the plain fields of encrypted_config (an object), NULL when none */
	/* the key's family prefix ("sk-sp-"), read from a console response's obfuscated token (its first 6
	 * characters, which Dify's console shows); never more. NULL when not known. */
	char *key_family;
	int line;                  /* its line in src */
} qw_dify_row;

typedef struct qw_dify_db {
	qw_source *src; /* one line per row (see above) */
	bool from_export;
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

/* A plain field of the row's config as a string ("true", a URL), or NULL. */
const char *qw_dify_row_field(const qw_dify_row *r, const char *name);
/* "workspace \"Team\", langgenius/tongyi/tongyi, credential \"Default\"" (model: and "model qwen-plus"). The caller
 * frees. */
char *qw_dify_row_name(const qw_dify_row *r);

/* The one command, run in the deployment's docker directory, that writes the rows to dify-rows.jsonl. The caller
 * frees. */
char *qw_dify_db_export_command(const struct qw_dify *d, const qw_kb *kb);

#endif
