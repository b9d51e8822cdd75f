/* db.c - see db.h. Facts: dify.md §3.5, dify-since-2026-08.md §2; tables and columns as Dify's models declare them
 * (api/models/provider.py @ 01e12dfd, api/models/account.py: tenants). */
#include "db.h"

#include <dlfcn.h>
#include <libpq-fe.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dify.h"
#include "lint.h"
#include "util.h"

/* libpq, opened only when a database is asked for (as libcurl is for --probe): a lint that reads no database
 * loads nothing more. Filled once under `once`; read-only afterwards. */
static struct {
	void *handle;
	PGconn *(*connectdbParams)(const char *const *, const char *const *, int);
	ConnStatusType (*status)(const PGconn *);
	char *(*errorMessage)(const PGconn *);
	void (*finish)(PGconn *);
	PGresult *(*exec)(PGconn *, const char *);
	ExecStatusType (*resultStatus)(const PGresult *);
	char *(*resultErrorMessage)(const PGresult *);
	char *(*resultErrorField)(const PGresult *, int);
	int (*ntuples)(const PGresult *);
	char *(*getvalue)(const PGresult *, int, int);
	int (*getisnull)(const PGresult *, int, int);
	void (*clear)(PGresult *);
	char *(*db)(const PGconn *);
	char *(*host)(const PGconn *);
	char *(*port)(const PGconn *);
	char *(*user)(const PGconn *);
} pq;
static pthread_once_t pq_once = PTHREAD_ONCE_INIT;
static const char *pq_error;

static void
pq_open(void)
{
	void *h = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		pq_error = "cannot load libpq.so.5 (Debian: apt-get install libpq5)";
		return;
	}
	static const struct {
		const char *name;
		size_t off;
	} fns[] = {
#define FN(n) {"PQ" #n, offsetof(__typeof__(pq), n)}
		FN(connectdbParams), FN(status),    FN(errorMessage), FN(finish),	   FN(exec),
		FN(resultStatus),    FN(resultErrorMessage), FN(resultErrorField), FN(ntuples), FN(getvalue),
		FN(getisnull),	     FN(clear),	    FN(db),	      FN(host),	   FN(port),
		FN(user),
#undef FN
	};
	for (size_t i = 0; i < sizeof(fns) / sizeof(fns[0]); i++) {
		void *f = dlsym(h, fns[i].name);
		if (!f) {
			pq_error = "libpq.so.5 lacks a function qwlint needs";
			dlclose(h);
			return;
		}
		memcpy((char *)&pq + fns[i].off, &f, sizeof(f));
	}
	pq.handle = h;
}

/* ---------------------------------------------------------------- the query */

/* The plain fields one encrypted_config column hands out: only those rules/dify.yaml lists (names of
 * [a-z0-9_], checked here, since they are written into the SQL). */
static char *
plain_config(const qw_kb *kb, const char *col)
{
	size_t n;
	const char *const *f = qw_kb_dify_db_fields(kb, &n);
	qw_buf b = {0};
	qw_buf_printf(&b, "(SELECT json_object_agg(key, value) FROM json_each(%s::json) WHERE key IN (", col);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (strspn(f[i], "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(f[i]) || !*f[i])
			continue;
		qw_buf_printf(&b, "%s'%s'", k++ ? ", " : "", f[i]);
	}
	if (!k)
		qw_buf_printf(&b, "NULL");
	qw_buf_printf(&b, "))");
	return qw_buf_steal(&b);
}

/* Whether Dify calls load-balancing entry c (core/provider_manager.py @ 013d55f8, _to_model_settings): it is
 * enabled and has a config of its own or is "__inherit__" (an entry with neither is passed over), its model's
 * provider_model_settings row turns load balancing on, and the model has more than one such entry (with one,
 * load balancing is off and the model's own credential is used). Dify copies a credential_id's config into the
 * entry (api/services/model_load_balancing_service.py @ 0095ef8f). */
#define LB_USABLE(o) "(" o ".enabled AND (" o ".encrypted_config IS NOT NULL OR " o ".name = '__inherit__'))"
#define LB_USED                                                                                                   \
	"(" LB_USABLE("c") " AND EXISTS (SELECT 1 FROM provider_model_settings s WHERE s.tenant_id = c.tenant_id "  \
	"AND s.provider_name = c.provider_name AND s.model_name = c.model_name AND s.model_type = c.model_type AND " \
	"s.load_balancing_enabled) AND (SELECT count(*) FROM load_balancing_model_configs o WHERE o.tenant_id = "   \
	"c.tenant_id AND o.provider_name = c.provider_name AND o.model_name = c.model_name AND o.model_type = "      \
	"c.model_type AND " LB_USABLE("o") ") > 1)"

/* One statement, the same for libpq and for the export: each row a JSON object on one line. Only the columns
 * named here are read (never SELECT *), and double quotes and dollars never appear in it, so that it can stand
 * in a shell's double-quoted string. */
static char *
query(const qw_kb *kb)
{
	char *pc = plain_config(kb, "c.encrypted_config");

	char *sql = qw_xprintf(
		"SELECT j FROM ("
		"SELECT json_build_object('kind', 'workspace', 'tenant_id', t.id, 'workspace', t.name)::text, t.name, 0, "
		"'', '' FROM tenants t "
		"UNION ALL SELECT json_build_object('kind', 'provider', 'tenant_id', c.tenant_id, 'workspace', t.name, "
		"'provider', c.provider_name, 'credential', c.credential_name, 'active', EXISTS (SELECT 1 FROM "
		"providers p WHERE p.credential_id = c.id), 'config', %s)::text, t.name, 1, c.provider_name, "
		"c.credential_name FROM provider_credentials c LEFT JOIN tenants t ON t.id = c.tenant_id "
		"UNION ALL SELECT json_build_object('kind', 'model', 'tenant_id', c.tenant_id, 'workspace', t.name, "
		"'provider', c.provider_name, 'credential', c.credential_name, 'model', c.model_name, 'model_type', "
		"c.model_type, 'active', EXISTS (SELECT 1 FROM provider_models p WHERE p.credential_id = c.id), "
		"'config', %s)::text, t.name, 2, c.provider_name, c.model_name || ' ' || c.credential_name FROM "
		"provider_model_credentials c LEFT JOIN tenants t ON t.id = c.tenant_id "
		"UNION ALL SELECT json_build_object('kind', 'lb', 'tenant_id', c.tenant_id, 'workspace', t.name, "
		"'provider', c.provider_name, 'credential', c.name, 'model', c.model_name, 'model_type', c.model_type, "
		"'active', " LB_USED ", 'config', %s)::text, t.name, 3, c.provider_name, c.model_name || ' ' || c.name "
		"FROM load_balancing_model_configs c LEFT JOIN tenants t ON t.id = c.tenant_id "
		"UNION ALL SELECT json_build_object('kind', 'default', 'tenant_id', c.tenant_id, 'workspace', t.name, "
		"'provider', c.provider_name, 'model', c.model_name, 'model_type', c.model_type)::text, t.name, 4, "
		"c.provider_name, c.model_name FROM tenant_default_models c LEFT JOIN tenants t ON t.id = c.tenant_id"
		") AS q(j, w, k, p, c) ORDER BY w, k, p, c",
		pc, pc, pc);
	free(pc);
	return sql;
}

/* The plugin daemon's database: the plugin each workspace runs, as "author/name:version@checksum". */
static const char plugin_query[] =
	"SELECT json_build_object('kind', 'plugin', 'tenant_id', tenant_id, 'plugin', plugin_unique_identifier)::text "
	"FROM plugin_installations ORDER BY tenant_id, plugin_unique_identifier";

/* The daemon's database name: DB_PLUGIN_DATABASE as the env files set it, else compose's default (dify.md §3.1). */
static const char *
plugin_database(const qw_dify *d)
{
	const qw_envvar *v = qw_dify_var(d, "DB_PLUGIN_DATABASE", NULL);
	return v && *v->env_value ? v->env_value : "dify_plugin";
}

/* A user or database name from the env file goes into the command only when it is plain. */
static bool
plain_name(const char *s)
{
	const char *ok = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-";
	return s && *s && strspn(s, ok) == strlen(s);
}

char *
qw_dify_db_export_command(const qw_dify *d, const qw_kb *kb)
{
	const qw_envvar *u = qw_dify_var(d, "DB_USERNAME", NULL), *n = qw_dify_var(d, "DB_DATABASE", NULL);
	const char *user = u && plain_name(u->env_value) ? u->env_value : "\"$DB_USERNAME\"";
	const char *pdb = plain_name(plugin_database(d)) ? plugin_database(d) : "\"$DB_PLUGIN_DATABASE\"";
	char *sql = query(kb);
	/* read-only for the whole session: one statement each, so psql prints nothing but its rows. The daemon's
	 * database (the same server in Dify's compose file) adds the plugin versions each workspace runs. */
	static const char exec[] = "docker compose exec -T -e PGOPTIONS='-c default_transaction_read_only=on' db psql";
	char *cmd = qw_xprintf("%s -U %s -d %s -At -c \"%s\" > dify-rows.jsonl && %s -U %s -d %s -At -c \"%s\" >> "
			       "dify-rows.jsonl",
			       exec, user, n && plain_name(n->env_value) ? n->env_value : "\"$DB_DATABASE\"", sql, exec,
			       user, pdb, plugin_query);
	free(sql);
	return cmd;
}

/* ---------------------------------------------------------------- rows */

static char *
str_member(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) && v->valuestring ? qw_xstrdup(v->valuestring) : NULL;
}

static bool
listed(const qw_kb *kb, const char *field)
{
	size_t n;
	const char *const *f = qw_kb_dify_db_fields(kb, &n);
	for (size_t i = 0; i < n; i++)
		if (!strcmp(f[i], field))
			return true;
	return false;
}

/* The plain fields of a config object: listed ones whose value is a string (not an encrypted one), a number or
 * a boolean. Everything else is dropped without being looked at further. */
static cJSON *
keep_plain(const qw_kb *kb, const cJSON *cfg)
{
	if (!cJSON_IsObject(cfg))
		return NULL;
	cJSON *out = cJSON_CreateObject();
	for (const cJSON *it = cfg->child; it; it = it->next) {
		if (!it->string || !listed(kb, it->string))
			continue;
		if (cJSON_IsString(it) && it->valuestring && strncmp(it->valuestring, "HYBRID:", 7))
			cJSON_AddStringToObject(out, it->string, it->valuestring);
		else if (cJSON_IsBool(it))
			cJSON_AddStringToObject(out, it->string, cJSON_IsTrue(it) ? "true" : "false");
	}
	return out;
}

/* A plugin_unique_identifier, "author/name:version@checksum" (the daemon's identity.go), into r's provider
 * ("author/name") and version. One of another shape is left out: r stays without either. */
static void
split_identifier(const char *id, qw_dify_row *r)
{
	const char *colon = id ? strchr(id, ':') : NULL, *at = colon ? strchr(colon, '@') : NULL;
	if (!at || colon == id || at == colon + 1 || strspn(colon + 1, "0123456789.-abcdefghijklmnopqrstuvwxyz"
								   "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") != (size_t)(at - colon - 1))
		return;
	r->provider = qw_xstrndup(id, (size_t)(colon - id));
	r->version = qw_xstrndup(colon + 1, (size_t)(at - colon - 1));
}

/* One line of rows into db (line: its number). False with *err when it is not a row. */
static bool
add_row(qw_dify_db *db, const qw_kb *kb, const char *text, int line, qw_buf *shown, char **err)
{
	cJSON *o = cJSON_Parse(text);
	const char *kind = o ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "kind")) : NULL;
	static const char *const kinds[] = {"workspace", "provider", "model", "lb", "default", "plugin"};
	int k = -1;
	for (int i = 0; kind && i < 6; i++)
		if (!strcmp(kind, kinds[i]))
			k = i;
	if (k < 0) {
		*err = qw_xprintf("line %d is not a row of qwlint's query (a JSON object with \"kind\")", line);
		cJSON_Delete(o);
		return false;
	}
	qw_dify_row r = {.kind = (qw_dify_row_kind)k, .line = line};
	r.tenant = str_member(o, "tenant_id");
	r.workspace = str_member(o, "workspace");
	r.provider = str_member(o, "provider");
	r.credential = str_member(o, "credential");
	r.model = str_member(o, "model");
	r.model_type = str_member(o, "model_type");
	r.active = qw_dify_row_is_credential(&r) && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "active"));
	if (k == QW_DIFY_ROW_PLUGIN) {
		db->plugins = true;
		split_identifier(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "plugin")), &r);
	}
	r.config = keep_plain(kb, cJSON_GetObjectItemCaseSensitive(o, "config"));
	/* a file that kept encrypted_config whole (its own query): parsed here, and only the plain fields kept */
	const char *raw = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "encrypted_config"));
	if (raw && !r.config) {
		cJSON *c = cJSON_Parse(raw);
		r.config = keep_plain(kb, c);
		cJSON_Delete(c);
	}
	cJSON_Delete(o);
	for (size_t i = 0; !r.workspace && r.tenant && i < db->n; i++) /* a plugin row: the daemon has no names */
		if (db->v[i].kind == QW_DIFY_ROW_WORKSPACE && db->v[i].tenant && !strcmp(db->v[i].tenant, r.tenant))
			r.workspace = db->v[i].workspace ? qw_xstrdup(db->v[i].workspace) : NULL;
	QW_PUSH(db->v, db->n, db->cap, r);
	/* the line shown for it: the row as kept */
	cJSON *s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "kind", kinds[k]);
	if (r.workspace)
		cJSON_AddStringToObject(s, "workspace", r.workspace);
	if (r.provider)
		cJSON_AddStringToObject(s, "provider", r.provider);
	if (r.credential)
		cJSON_AddStringToObject(s, "credential", r.credential);
	if (r.model)
		cJSON_AddStringToObject(s, "model", r.model);
	if (r.version)
		cJSON_AddStringToObject(s, "version", r.version);
	if (qw_dify_row_is_credential(&r))
		cJSON_AddBoolToObject(s, "active", r.active);
	if (r.config)
		cJSON_AddItemToObject(s, "config", cJSON_Duplicate(r.config, true));
	char *p = cJSON_PrintUnformatted(s);
	qw_buf_printf(shown, "%s", p ? p : "{}");
	free(p);
	cJSON_Delete(s);
	return true;
}

/* The load-balancing entry "__inherit__", which Dify keeps without a config of its own, stands for the
 * credentials the model would use without load balancing: a custom model's credential in use, else the
 * provider's (api/services/model_load_balancing_service.py @ 0095ef8f, _init_inherit_config: "inherit is
 * represented for the provider or model custom credentials"). Its config is taken from that row, which it
 * names. */
static void
link_inherited(qw_dify_db *db)
{
	for (size_t i = 0; i < db->n; i++) {
		qw_dify_row *r = &db->v[i];
		if (r->kind != QW_DIFY_ROW_LB || r->config || !r->credential || strcmp(r->credential, "__inherit__"))
			continue;
		const qw_dify_row *from = qw_dify_db_model_credential(db, r);
		if (!from)
			continue;
		r->inherits = qw_dify_row_name(from);
		r->inherit_from = (size_t)(from - db->v) + 1;
		r->config = from->config ? cJSON_Duplicate(from->config, true) : NULL;
	}
}

static void
finish_source(qw_dify_db *db, const char *path, qw_buf *shown)
{
	link_inherited(db);
	db->src = qw_source_from_memory(path, shown->data ? shown->data : "", shown->len);
	db->src->report = true;
	qw_buf_free(shown);
}

/* ---------------------------------------------------------------- from a console response */

/* The family prefix an obfuscated token shows: token[:6] + 12 '*' + token[-2:] (core/helper/encrypter.py,
 * dify-since-2026-08.md §3). Anything else (a key pasted whole) is not looked at. NULL when the family is not
 * known or its prefix is longer than what the token shows. */
static char *
token_family(const qw_kb *kb, const char *tok)
{
	if (!tok || strlen(tok) != 20 || strspn(tok + 6, "*") != 12)
		return NULL;
	char head[7];
	memcpy(head, tok, 6);
	head[6] = '\0';
	const qw_family *f = qw_kb_family(kb, head);
	return f && strlen(f->prefix) <= 6 ? qw_xstrdup(f->prefix) : NULL;
}

/* A saved {"credentials": {...}} answer of the console API as one row of the console's current workspace. The
 * provider is not in the answer: its fields tell it (dashscope_api_key is Tongyi's, dify.md §1.2). */
static qw_dify_db *
read_console(const qw_kb *kb, const char *path, const cJSON *creds)
{
	qw_dify_db *db = qw_xcalloc(1, sizeof(*db));
	db->from_export = true;
	const cJSON *tk = cJSON_GetObjectItemCaseSensitive(creds, "dashscope_api_key");
	qw_dify_row r = {.kind = QW_DIFY_ROW_PROVIDER, .line = 1, .active = true};
	r.workspace = qw_xstrdup("the console's current workspace");
	r.provider = tk ? qw_xstrdup("langgenius/tongyi/tongyi") : NULL;
	r.config = keep_plain(kb, creds);
	r.key_family = token_family(kb, cJSON_GetStringValue(tk));
	QW_PUSH(db->v, db->n, db->cap, r);
	cJSON *s = cJSON_CreateObject();
	cJSON_AddStringToObject(s, "kind", "console");
	if (r.provider)
		cJSON_AddStringToObject(s, "provider", r.provider);
	if (r.key_family)
		cJSON_AddStringToObject(s, "key_family", r.key_family);
	cJSON_AddItemToObject(s, "config", cJSON_Duplicate(r.config, true));
	char *p = cJSON_PrintUnformatted(s);
	cJSON_Delete(s);
	qw_buf shown = {0};
	qw_buf_printf(&shown, "%s\n", p ? p : "{}");
	free(p);
	finish_source(db, path, &shown);
	return db;
}

/* ---------------------------------------------------------------- from an export file */

static qw_dify_db *
read_export(const qw_kb *kb, const char *path, size_t max, char **err)
{
	char e[512];
	qw_source *f = qw_source_load(path, max, e, sizeof(e));
	if (!f) {
		*err = qw_xprintf("--dify-export %s: %s", path, e);
		return NULL;
	}
	/* a whole-file JSON object with "credentials" and no "kind": a console response */
	cJSON *whole = cJSON_Parse(f->data);
	const cJSON *creds = cJSON_GetObjectItemCaseSensitive(whole, "credentials");
	if (cJSON_IsObject(creds) && !cJSON_GetObjectItemCaseSensitive(whole, "kind")) {
		qw_dify_db *db = read_console(kb, path, creds);
		cJSON_Delete(whole);
		qw_source_free(f);
		return db;
	}
	cJSON_Delete(whole);
	qw_dify_db *db = qw_xcalloc(1, sizeof(*db));
	db->from_export = true;
	qw_buf shown = {0};
	for (size_t i = 0; i < f->nlines; i++) {
		qw_span s = qw_source_line(f, (int)i + 1);
		char *text = qw_xstrndup(f->data + s.start, s.end - s.start);
		size_t sp = strspn(text, " \t\r");
		if (text[sp] && !add_row(db, kb, text, (int)i + 1, &shown, err)) {
			char *m = qw_xprintf("--dify-export %s: %s", path, *err);
			free(*err);
			*err = m;
			free(text);
			qw_buf_free(&shown);
			qw_source_free(f);
			qw_dify_db_free(db);
			return NULL;
		}
		free(text);
		qw_buf_printf(&shown, "\n");
	}
	finish_source(db, path, &shown);
	qw_source_free(f);
	return db;
}

/* ---------------------------------------------------------------- from the database */

/* The first line of a libpq message (they end in a newline and may run on). The caller frees. */
static char *
first_line(const char *m)
{
	return qw_xstrndup(m ? m : "", m ? strcspn(m, "\n") : 0);
}

/* A connection for --dify-db DSN ("auto": the one the deployment configures: DB_HOST, DB_PORT, DB_USERNAME,
 * DB_PASSWORD, DB_DATABASE as its env files set them, an unset one libpq's default; otherwise a conninfo or URI),
 * to database `dbname` instead of the configured one when not NULL. NULL with *err when it fails. */
static PGconn *
connect_to(const qw_dify *d, const char *dsn, const char *dbname, char **err)
{
	const char *keys[12], *vals[12];
	int n = 0;
	keys[n] = "connect_timeout", vals[n++] = "5";
	keys[n] = "application_name", vals[n++] = "qwlint";
	/* read-only for the session too, and no statement left running if the server is slow */
	keys[n] = "options", vals[n++] = "-c default_transaction_read_only=on -c statement_timeout=30s";
	if (!strcmp(dsn, "auto")) {
		static const char *const map[][2] = {{"host", "DB_HOST"},
						     {"port", "DB_PORT"},
						     {"user", "DB_USERNAME"},
						     {"password", "DB_PASSWORD"},
						     {"dbname", "DB_DATABASE"}};
		for (size_t i = 0; i < 5; i++) {
			const qw_envvar *v = qw_dify_var(d, map[i][1], NULL);
			if (v && *v->env_value)
				keys[n] = map[i][0], vals[n++] = v->env_value;
		}
	} else {
		keys[n] = "dbname", vals[n++] = dsn; /* expanded: the first dbname may be a conninfo or URI */
	}
	if (dbname)
		keys[n] = "dbname", vals[n++] = dbname; /* a later keyword wins over the expanded one */
	keys[n] = NULL, vals[n] = NULL;
	PGconn *c = pq.connectdbParams(keys, vals, 1);
	if (!c || pq.status(c) != CONNECTION_OK) {
		char *m = first_line(c ? pq.errorMessage(c) : "out of memory");
		*err = qw_xprintf("cannot connect to database %s on %s port %s as %s: %s", c ? pq.db(c) : "?",
				  c && pq.host(c) ? pq.host(c) : "?", c && pq.port(c) ? pq.port(c) : "?",
				  c && pq.user(c) ? pq.user(c) : "?", m);
		free(m);
		if (c)
			pq.finish(c);
		return NULL;
	}
	return c;
}

/* Runs sql in a READ ONLY transaction on c and adds its rows to db (shown: their lines; *line: the last line's
 * number). False with *err. */
static bool
read_rows(PGconn *c, const char *sql, qw_dify_db *db, const qw_kb *kb, qw_buf *shown, int *line, char **err)
{
	PGresult *r = pq.exec(c, "BEGIN READ ONLY");
	bool ok = r && pq.resultStatus(r) == PGRES_COMMAND_OK;
	if (r)
		pq.clear(r);
	r = ok ? pq.exec(c, sql) : NULL;
	ok = r && pq.resultStatus(r) == PGRES_TUPLES_OK;
	if (!ok) {
		const char *state = r ? pq.resultErrorField(r, 'C') : NULL; /* PG_DIAG_SQLSTATE */
		char *m = first_line(r ? pq.resultErrorMessage(r) : pq.errorMessage(c));
		/* 42P01 undefined_table, 42703 undefined_column: another Dify version's schema */
		if (state && (!strcmp(state, "42P01") || !strcmp(state, "42703")))
			*err = qw_xprintf("database %s lacks a table or column qwlint reads, so it is not the schema of "
					  "the Dify versions qwlint knows: %s",
					  pq.db(c), m);
		else
			*err = qw_xprintf("database %s: the read failed: %s", pq.db(c), m);
		free(m);
	}
	for (int i = 0; ok && i < pq.ntuples(r); i++) {
		++*line;
		if (!pq.getisnull(r, i, 0) && !add_row(db, kb, pq.getvalue(r, i, 0), *line, shown, err))
			ok = false;
		else
			qw_buf_printf(shown, "\n");
	}
	if (r)
		pq.clear(r);
	r = pq.exec(c, "ROLLBACK");
	if (r)
		pq.clear(r);
	return ok;
}

static qw_dify_db *
read_db(const qw_dify *d, const qw_kb *kb, const char *dsn, char **err)
{
	pthread_once(&pq_once, pq_open);
	if (!pq.handle) {
		*err = qw_xstrdup(pq_error);
		return NULL;
	}
	PGconn *c = connect_to(d, dsn, NULL, err);
	if (!c)
		return NULL;
	qw_dify_db *db = qw_xcalloc(1, sizeof(*db));
	qw_buf shown = {0};
	char *sql = query(kb);
	int line = 0;
	bool ok = read_rows(c, sql, db, kb, &shown, &line, err);
	free(sql);
	char *path = qw_xprintf("dify-db:%s", pq.db(c));
	pq.finish(c);
	if (!ok) {
		free(path);
		qw_buf_free(&shown);
		qw_dify_db_free(db);
		return NULL;
	}
	/* The daemon's database, on the same server: which plugin version each workspace runs. Not reading it is
	 * said, not an error: the versions then come from the installed manifests, as without a database. */
	char *perr = NULL;
	PGconn *pc = connect_to(d, dsn, plugin_database(d), &perr);
	if (pc) {
		if (!read_rows(pc, plugin_query, db, kb, &shown, &line, &perr))
			db->plugins = false; /* its rows so far are not trusted: the manifests decide */
		pq.finish(pc);
	}
	if (perr) {
		db->plugin_note = qw_xprintf("the plugin daemon's database: %s; the plugin versions come from "
					     "volumes/plugin_daemon/cwd/ instead", perr);
		free(perr);
	}
	finish_source(db, path, &shown);
	free(path);
	return db;
}

/* Discovery reads deployments on several threads, so the count is atomic. */
static _Atomic unsigned asked;

unsigned
qw_dify_db_asked(void)
{
	return asked;
}

qw_dify_db *
qw_dify_db_read(const qw_dify *d, const qw_kb *kb, const qw_options *opt, char **err)
{
	*err = NULL;
	asked++;
	if (opt->dify_export)
		return read_export(kb, opt->dify_export, opt->max_file_size, err);
	return read_db(d, kb, opt->dify_db, err);
}

void
qw_dify_db_free(qw_dify_db *db)
{
	if (!db)
		return;
	for (size_t i = 0; i < db->n; i++) {
		qw_dify_row *r = &db->v[i];
		free(r->tenant);
		free(r->workspace);
		free(r->provider);
		free(r->credential);
		free(r->model);
		free(r->model_type);
		free(r->version);
		free(r->inherits);
		free(r->key_family);
		cJSON_Delete(r->config);
	}
	free(db->v);
	free(db->plugin_note);
	qw_source_free(db->src);
	free(db);
}

bool
qw_dify_row_is_credential(const qw_dify_row *r)
{
	return r->kind == QW_DIFY_ROW_PROVIDER || r->kind == QW_DIFY_ROW_MODEL || r->kind == QW_DIFY_ROW_LB;
}

const qw_dify_row *
qw_dify_db_model_credential(const qw_dify_db *db, const qw_dify_row *r)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < db->n; i++) {
			const qw_dify_row *c = &db->v[i];
			if (c->kind == (pass ? QW_DIFY_ROW_PROVIDER : QW_DIFY_ROW_MODEL) && c->active && c->tenant &&
			    r->tenant && !strcmp(c->tenant, r->tenant) && c->provider && r->provider &&
			    !strcmp(c->provider, r->provider) && (pass || (c->model && r->model && !strcmp(c->model, r->model))))
				return c;
		}
	return NULL;
}

const char *
qw_dify_db_plugin(const qw_dify_db *db, const char *tenant, const char *plugin)
{
	for (size_t i = 0; db && db->plugins && tenant && i < db->n; i++) {
		const qw_dify_row *r = &db->v[i];
		if (r->kind == QW_DIFY_ROW_PLUGIN && r->tenant && r->provider && r->version && !strcmp(r->tenant, tenant) &&
		    !strcmp(r->provider, plugin))
			return r->version;
	}
	return NULL;
}

const char *
qw_dify_row_field(const qw_dify_row *r, const char *name)
{
	return r->config ? cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(r->config, name)) : NULL;
}

char *
qw_dify_row_name(const qw_dify_row *r)
{
	qw_buf b = {0};
	qw_buf_printf(&b, "workspace \"%s\"", r->workspace ? r->workspace : r->tenant ? r->tenant : "?");
	if (r->provider)
		qw_buf_printf(&b, ", %s", r->provider);
	if (r->kind == QW_DIFY_ROW_PLUGIN && r->version)
		qw_buf_printf(&b, " %s", r->version);
	if (r->model)
		qw_buf_printf(&b, ", %s %s", r->kind == QW_DIFY_ROW_DEFAULT ? "default model" : "model", r->model);
	if (r->credential)
		qw_buf_printf(&b, ", %s \"%s\"", r->kind == QW_DIFY_ROW_LB ? "load-balancing entry" : "credential",
			      r->credential);
	return qw_buf_steal(&b);
}
