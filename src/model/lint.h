/*
 * lint.h - the shared vocabulary of the pipeline: a configuration set (the files one Hermes home or one lone file
 * contributes), the request model built from it, findings, and the context a rule runs in.
 *
 *   stages/discover.c  paths -> sets     tools/<tool>/  set -> requests (what the tool will send)
 *   rules/             set + requests -> findings     render/  findings -> text / JSON     fix/  findings -> edits
 *
 * Ownership: a qw_set owns its sources, parsed documents and requests (qw_set_free). A qw_findings list owns its
 * findings' strings (qw_findings_free); findings point at sources, so free the findings first.
 */
#ifndef QW_LINT_H
#define QW_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "kb.h"
#include "parse.h"
#include "source.h"
#include "tool.h"
#include "tree.h"
#include "util.h"

typedef enum qw_severity { QW_SEV_INFO, QW_SEV_WARNING, QW_SEV_ERROR } qw_severity;

const char *qw_severity_name(qw_severity s);
/* The severities --fail-on and .qwlint.yaml take, worst first (values: qw_severity), and the regions --region and
 * .qwlint.yaml accept (cn, intl, us, hk, jp, eu): the lists that validation, messages and documents read. */
extern const qw_enum qw_severities, qw_regions;
/* "error", "warning", "info" -> the severity; -1 for anything else (--fail-on, .qwlint.yaml). */
int qw_severity_parse(const char *s);
bool qw_region_valid(const char *r);

/* Where a value came from: a span in a file, or a sentence (a registry default has no span). */
typedef struct qw_origin {
	qw_source *src; /* NULL: not from a file */
	qw_span span;
	char *what; /* "DASHSCOPE_API_KEY in .env", "the registry default of alibaba", ... */
} qw_origin;

/* One request Hermes would send: the main model, a fallback, a named custom provider. */
typedef struct qw_request {
	char *role;     /* "model", "fallback_providers[0]", "providers.local", ... */
	char *provider; /* resolved id, NULL when resolution fails */
	const qw_provider *prov; /* registry entry, NULL for custom/openrouter */
	bool via_auto;     /* the provider was chosen by auto-detection */
	/* auto-detection loaded openrouter's credential pool, so a later load of it is a reload (pool.h) */
	bool or_pool_loaded;
	bool custom;       /* the custom resolver (model.api_key honoured) */
	bool simulated;    /* false: qwlint does not model this provider's endpoint (OAuth, late ids, ...) */
	char *base_url;
	char *shown_url;   /* base_url as it may be printed (qw_url_shown) */
	qw_origin url_from;
	char *key;         /* the exact key bytes sent (a secret: never printed), NULL when none */
	qw_origin key_from;
	char *key_var;     /* env var it came from, or NULL */
	bool no_key_required; /* Hermes sends the literal "no-key-required" */
	bool key_env_elsewhere; /* key_env names a variable .env lacks: it may come from the shell */
	char *model;       /* model name sent, NULL when unknown */
	qw_origin model_from;
	char *api_mode;
	/* the HTTP client inside the tool that sends it (rules/clients.yaml): the URL rules read the path it appends
	 * from it; NULL for Hermes and an application's .env (their protocol is api_mode's) */
	const qw_client *client;
	/* the tool's client is not known (OpenCode's npm names a package outside rules/clients.yaml): what it
	 * appends to the base URL is unknown, so the URL's path is not judged */
	bool path_unjudged;
	qw_origin provider_from; /* where the provider choice was written (model.provider), src NULL if nowhere */
	char **trace;
	size_t ntrace, trace_cap;
	char *error; /* resolution failed: why (e.g. Unknown provider), Hermes's exception text when it raises */
	char *error_kind; /* the exception Hermes raises ("AuthError"), NULL when it raises none */
	qw_origin cfg_key; /* model.api_key as written in config.yaml (src NULL when absent) */
	/* model.base_url as written, when Hermes ignores it for this built-in provider (src NULL otherwise): the
	 * provider was named by an alias, or the URL cannot serve the provider's protocol (anthropic) */
	qw_origin url_ignored;
	bool alias_named; /* model.provider names the provider by an alias, not its canonical id */
	/* --probe's answers for the key this request sends (probe.h), filled by the probe stage before any rule
	 * runs (stages/evidence.h); NULL without --probe or when nothing is sent. The prober owns it. */
	const struct qw_probe_report *probe;
} qw_request;

typedef struct qw_set {
	char *dir;     /* the home directory, or the lone file's directory */
	/* The directory tree named on the command line that the set was found in, resolved: every file the set reads
	 * (a .gitignore beside its .env included) and every file --fix writes for it lies inside, and discovery
	 * follows a symbolic link only to a file inside it (fs_path is then the resolved target). NULL: no such
	 * limit - the set is a file named on the command line, or the default home (discover.h). */
	char *tree;
	char *profile; /* profile name, NULL for the root home */
	const qw_tool *tool; /* the agent tool whose files these are (tool.h), set by discovery */
	bool hermes;   /* a Hermes home or Hermes config: resolution runs (tool is Hermes) */
	qw_source *config, *env, *auth;
	/* one of its files exists but could not be read (refused, unreadable, a symlink loop): what the tool sends
	 * is then unknown, so no request is simulated (a finding from the rest would be a guess) */
	bool unreadable;
	qw_doc *config_doc, *auth_doc; /* NULL when absent or not parseable */
	qw_parse_error config_err, auth_err;
	qw_dotenv *dotenv;
	struct qw_set *root; /* for a profile: the root home (auth.json pool fallback) */
	qw_request *reqs;
	size_t nreqs, reqs_cap;
	/* what the set's tool hangs on it beyond the shared fields (Dify's files, Claude Code's settings): only that
	 * tool reads it, through its own accessor, and frees it (tool.h's free_data); NULL: nothing */
	void *data;
	qw_source *gitignore; /* the .gitignore beside an untracked .env, which QW703's repair edits (vcs.h) */
	char *region;        /* from the governing .qwlint.yaml (config.h), NULL if none */
	qw_origin region_from;
} qw_set;

void qw_set_free(qw_set *set);
/* A new request, zeroed but for its role (allocated, taken over), appended to set->reqs: the pointer holds until the
 * next request is added; its index is set->nreqs - 1. */
qw_request *qw_set_add_request(qw_set *set, char *role);
/* The i-th file of a set (config.yaml, .env, auth.json, then Dify's files), NULL past the last: for the stages
 * that treat every file alike (git, suppressions). */
qw_source *qw_set_source(const qw_set *set, size_t i);
/* The set's own .env (a Hermes home's, a lone one, a Dify deployment's docker/.env) and its parse, or NULL:
 * the file a .gitignore must cover (QW703). */
qw_source *qw_set_main_env(const qw_set *set, const qw_dotenv **env);
void qw_origin_free(qw_origin *o);

/* A batch of sets: what discovery read for one task (discover.h), and what the stages and formats then go over.
 * Ownership: the sets (each qw_set_free), errors and the array; configs and dirs belong to the pipeline. */
typedef struct qw_sets {
	qw_set **v;
	size_t n, cap;
	int io_errors;
	size_t files; /* files read */
	struct qw_configs *configs; /* the settings files this run read (config.h), freed by qw_pipeline_free */
	struct qw_dirs *dirs; /* what the run learned about directories (dirs.h), freed by qw_pipeline_free */
	const qw_kb *kb; /* set by the caller: content checks ask it (a Dify env file's marker variables) */
	qw_buf errors; /* messages for stderr, one line each */
	/* set by qw_discover_task from its task: the tree it reads in (NULL: no limit), and whether the task is a
	 * file named on the command line (read wherever it leads) */
	const char *root;
	bool named_file;
} qw_sets;

typedef struct qw_rule qw_rule;
typedef struct qw_ctx qw_ctx;

/* How far --fix may trust a repair: a rule's and each repair's own. */
typedef enum qw_fix_safety { QW_FIX_NONE, QW_FIX_SAFE, QW_FIX_UNSAFE } qw_fix_safety;

/* "safe", "unsafe", "none": the word every output uses. */
const char *qw_fix_safety_name(qw_fix_safety safety);

/* A rule: static data, defined beside its check in src/rules/<family>.c and listed in the registry (rules.h). A
 * finding points to its rule. */
struct qw_rule {
	const char *id;   /* "QW301": stable once released; also the variable's name */
	const char *name; /* "auto-provider-misroutes-key" */
	qw_severity severity;
	/* reports this rule's findings, or NULL when another stage reports them (QW901, QW902) or another rule's
	 * check does (one pass over the URL sites reports QW201-QW205) */
	void (*check)(qw_ctx *ctx, qw_set *set);
	qw_fix_safety fix; /* what --fix will offer (issue: --fix) */
	const char *summary; /* one line */
	const char *doc;     /* what it detects and why it breaks; facts cited */
	const char *fixdoc;  /* what --fix does, and how safe it is; or what to do by hand */
	/* README's repair table (--print-doc readme-repairs): what --fix does, in one line, NULL when it does nothing;
	 * and the safety column when "safe"/"unsafe" alone would not be true */
	const char *repair, *repair_safety;
};

/* A byte-range replacement in one file: [start, end) of the source becomes text[0..len). text is NUL-terminated
 * too, but may hold NUL bytes (a comment moved with its bytes): what is applied is len bytes. */
typedef struct qw_edit {
	size_t start, end;
	char *text;
	size_t len;
} qw_edit;

/* One file's share of a repair: byte edits to the file as read (or to an empty text when the repair creates the
 * file), the document keys the edits mean to change (for the re-parse check: "model.provider", an .env variable
 * name, "credential_pool.alibaba"), a new mode, and whether the file must be backed up first (the repair deletes
 * data that may be wanted again, such as a raw token). */
typedef struct qw_fixpart {
	qw_source *src;  /* NULL when the repair creates the file */
	char *path;      /* as opened: what is written */
	char *display;   /* as shown */
	qw_edit *edits;
	size_t nedits, edits_cap;
	char **keys;
	size_t nkeys, keys_cap;
	unsigned mode;   /* nonzero: chmod to this mode */
	bool backup;
	bool secret;     /* the inserted text holds a secret: never shown, not even masked */
} qw_fixpart;

/* An automatic repair of one finding: one or more file parts, taken together or not at all, and whether it
 * guesses (unsafe). */
typedef struct qw_fixit {
	qw_fix_safety safety;
	char *description;
	qw_fixpart *parts;
	size_t nparts, parts_cap;
} qw_fixit;

typedef struct qw_finding {
	const qw_rule *rule;
	qw_severity severity;
	qw_source *src;
	qw_span span;
	char *message;
	char **trace;
	size_t ntrace, trace_cap;
	char *fix; /* a one-line hint, or NULL */
	qw_fixit *fixit; /* an automatic repair, or NULL */
} qw_finding;

typedef struct qw_findings {
	qw_finding *v;
	size_t n, cap;
} qw_findings;

void qw_findings_free(qw_findings *f);
/* Where a finding is: its first line and column and the end's (columns count code points, 1-based). */
void qw_finding_pos(const qw_finding *f, int *line, int *col, int *end_line, int *end_col);
/* The finding's rule id, "QW000" for a finding of no rule. */
const char *qw_finding_id(const qw_finding *f);
/* Free what one finding owns (not the finding itself, which lives in a qw_findings array). */
void qw_finding_free(qw_finding *f);
/* Sort by file, position, rule; drop exact duplicates (a root auth.json seen from several profiles: same rule,
 * place and message) and the findings in files read only for context. */
void qw_findings_finish(qw_findings *f);

typedef struct qw_options {
	const char *region;   /* --region, NULL when not given */
	const char *config_path; /* --config, NULL: search .qwlint.yaml upward */
	struct qw_configs *configs; /* the run's settings files (config.h); set by qw_pipeline_run */
	size_t max_file_size; /* bytes; 0 = no limit */
	bool skip_unknown;    /* --skip-unknown: a named file of no known kind is passed over without a note, and a
			       * config.yaml must look like Hermes's */
	const char *rules_dir;
	struct qw_probe *probe; /* --probe (probe.h), NULL without it; shared by every task of the run */
	struct qw_baseline *baseline; /* --baseline or --write-baseline (baseline.h), NULL without */
	const char *dify_db;     /* --dify-db: a libpq conninfo or URI, or "auto"; NULL: no database is read */
	const char *dify_export; /* --dify-export: a file of the rows --dify-db reads; NULL without */
} qw_options;

struct qw_ctx {
	const qw_kb *kb;
	const qw_options *opt;
	qw_findings *out;
	qw_set *set;
	struct qw_url_sites *url_sites; /* rules/urls.c's, for the set being checked: its URLs, found once for five rules */
};

/* Add a finding of rule (&QW301) at span of src, with the rule's default severity. Returns it, for trace lines. */
qw_finding *qw_report(qw_ctx *ctx, const qw_rule *rule, qw_source *src, qw_span span, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void qw_finding_set_severity(qw_finding *f, qw_severity s);
void qw_trace(qw_finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void qw_trace_request(qw_finding *f, const qw_request *r);
/* Append a step to a request's trace (model.c, appenv.c). */
void qw_request_step(qw_request *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void qw_fix_hint(qw_finding *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Attach an automatic repair to f (replacing any earlier one) whose first part edits src. qw_fixit_edit,
 * qw_fixit_key, qw_fixit_chmod, qw_fixit_backup and qw_fixit_secret apply to the latest part; qw_fixit_also starts a
 * part for another file read, qw_fixit_create one for a file that does not exist yet (path as opened, display as
 * shown). */
qw_fixit *qw_fixit_new(qw_finding *f, qw_source *src, qw_fix_safety safety, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The same with no part yet: the next qw_fixit_also or qw_fixit_create makes the first one. */
qw_fixit *qw_fixit_begin(qw_finding *f, qw_fix_safety safety, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void qw_fixit_also(qw_fixit *x, qw_source *src);
void qw_fixit_create(qw_fixit *x, const char *path, const char *display);
void qw_fixit_edit(qw_fixit *x, size_t start, size_t end, const char *text);
/* The same with a text of len bytes, which may hold NULs. */
void qw_fixit_edit_n(qw_fixit *x, size_t start, size_t end, const char *text, size_t len);
void qw_fixit_key(qw_fixit *x, const char *key);
void qw_fixit_chmod(qw_fixit *x, unsigned mode);
void qw_fixit_backup(qw_fixit *x);
void qw_fixit_secret(qw_fixit *x);

/* "file:line" of an origin, or its sentence; the caller frees. */
char *qw_origin_where(const qw_origin *o);

#endif
