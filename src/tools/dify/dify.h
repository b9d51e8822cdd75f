/*
 * dify.h - a Dify configuration set: a docker deployment's env files (docker/.env and every NAME.env under
 * docker/envs/, or their .env.example templates when nothing is installed yet), the manifests of the plugins installed under
 * volumes/plugin_daemon/cwd/, or one app DSL export. Facts: ../shared/knowledge/dify.md; data: rules/dify.yaml.
 *
 * What each service sees is the last assignment of a variable across the env files in precedence order
 * (docker/envs/ first, docker/.env last: "Set their local overrides in docker/.env").
 *
 * Ownership: a qw_dify owns its files (sources, parsed env and documents); qw_dify_free releases them. The set
 * that holds it (qw_set.data, qw_dify_of) frees it with qw_set_free.
 */
#ifndef QW_DIFY_H
#define QW_DIFY_H

#include "kb.h"
#include "parse.h"
#include "lint.h"

typedef enum qw_dify_kind { QW_DIFY_ENV, QW_DIFY_DSL, QW_DIFY_MANIFEST } qw_dify_kind;

/* A model a DSL names (dify.md §4.2). */
typedef struct qw_dify_model_ref {
	const qw_node *provider, *model; /* scalars */
	char *path; /* the provider's path as the re-parse check names it: workflow.graph.nodes[2].data.model.provider */
} qw_dify_model_ref;

/* A plugin a DSL depends on (dependencies[].value.*plugin_unique_identifier, dify.md §4.4). */
typedef struct qw_dify_dep {
	char *plugin, *version;
	const qw_node *at; /* the identifier scalar */
} qw_dify_dep;

typedef struct qw_dify_file {
	qw_dify_kind kind;
	qw_source *src;
	qw_dotenv *env;   /* QW_DIFY_ENV */
	qw_doc *doc;      /* QW_DIFY_DSL, QW_DIFY_MANIFEST: NULL when not valid YAML (err says why) */
	qw_parse_error err;
	qw_dify_model_ref *refs; /* QW_DIFY_DSL: read once here for the rules that look at models */
	size_t nrefs, refs_cap;
	qw_dify_dep *deps;
	size_t ndeps, deps_cap;
} qw_dify_file;

typedef struct qw_dify {
	qw_dify_file *v; /* env files in precedence order (lowest first), then manifests; or one DSL */
	size_t n, cap;
	/* the provider settings of its database (db.h), read when --dify-db or --dify-export asks; NULL otherwise */
	struct qw_dify_db *db;
} qw_dify;

void qw_dify_free(qw_dify *d);

/* Dify as an agent tool (tool.h): its deployments found in a walk, its files, its free. */
extern const qw_tool qw_tool_dify;
/* The Dify files a set holds (its qw_set.data), NULL for another tool's set. */
static inline qw_dify *
qw_dify_of(const struct qw_set *set)
{
	return set && set->tool == &qw_tool_dify ? (qw_dify *)set->data : NULL;
}
/* Add a file of that kind, taking ownership of src: parses it (a DSL's model references and dependencies too),
 * marks a template (.env.example) and registers its secrets for masking. */
qw_dify_file *qw_dify_add(qw_dify *d, qw_dify_kind kind, qw_source *src);

/* The first version of plugin at or after version that no window of the data holds (rules.c). The caller frees. */
char *qw_dify_first_good(const qw_plugin_window *w, size_t n, const char *plugin, const char *version);

/* The requests of the database's rows in use (--resolve): per workspace and provider, the endpoint the plugin
 * calls and why. */
void qw_dify_resolve(struct qw_ctx *ctx, struct qw_set *set);

/* The version of plugin ("langgenius/tongyi") installed under volumes/plugin_daemon/cwd/, as its manifest says;
 * NULL when none is. */
const char *qw_dify_installed(const qw_dify *d, const char *plugin);

/* The assignment of var that wins (the last one of the last env file that has it), or NULL; *in gets its file. */
const qw_envvar *qw_dify_var(const qw_dify *d, const char *var, const qw_dify_file **in);

/* Content checks discovery uses. An env file is Dify's when it assigns one of rules/dify.yaml's env_markers. A
 * YAML text is a DSL (top level: kind: app and an app: mapping) or a plugin manifest (type: plugin, author, name,
 * version): QW_DIFY_DSL, QW_DIFY_MANIFEST, or -1 for neither. */
bool qw_dify_env_like(const qw_kb *kb, const qw_source *src);
int qw_dify_yaml_kind(const qw_source *src);

/* "langgenius/tongyi:0.1.33@608ec1e7…" -> plugin "langgenius/tongyi" and version "0.1.33" (import's version
 * regex: digits.digits.digits with an optional -/+ suffix, then @ or the end). False when it does not parse. */
bool qw_dify_plugin_ref(const char *ref, char **plugin, char **version);

#endif
