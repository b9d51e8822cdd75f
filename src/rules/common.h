/*
 * common.h - what the rule families (src/rules/ files) share and nothing outside them uses: the key/endpoint
 * verdict, request origins, plan-key repairs, the URL sites' lifetime and the --probe evidence readers.
 * Ownership: functions returning char * return a string the caller frees; everything else borrows.
 */
#ifndef QW_RULES_COMMON_H
#define QW_RULES_COMMON_H

#include "rules.h"
#include "kb.h"
#include "probe.h"

/* The text of a scalar without its quotes: the span inside them, or span itself when unquoted. */
qw_span qw_scalar_text(const qw_source *src, qw_span span);
/* The line break style of the line holding off: "\r\n", "\n", or a lone "\r" (old Mac files: python-dotenv,
 * Python's universal newlines and YAML all read it as a line break, and a text inserted with "\n" would leave the
 * file with mixed line ends). The last line, when it has none, takes the file's first; a file with none, "\n". */
const char *qw_line_break(const qw_source *src, size_t off);
/* Is src one of the set's own files (qw_set_source: its tool's too), not one read from elsewhere (a profile's root)? */
bool qw_in_set(const qw_set *set, const qw_source *src);
/* Where to point a finding about a request: the first of the given origins that is in a file of this set being
 * reported, else in one read for context (where the finding is dropped: with pre-commit passing only config.yaml,
 * a misrouted key is shown at config.yaml's provider line, not lost at the .env line). */
const qw_origin *qw_pick_origin(const qw_set *set, const qw_origin *a, const qw_origin *b, const qw_origin *c);
/* A request's trace, headed by its role only where the set has several kinds of request (a Hermes fallback, a
 * named provider): the main model's and an application's pair's first step already says which request it is. */
void qw_trace_req(qw_finding *fd, const qw_set *set, const qw_request *r);
/* The base URLs of the plans a key family is accepted on, e.g. the four sk-sp- endpoints. */
char *qw_accepted_endpoints(const qw_kb *kb, const qw_family *f, const char *vendor);
/* "a" or "an" before word (enough for the nouns qwlint prints). */
const char *qw_article(const char *word);
/* The catalogue host url is on, and in *plan the plan of its base path (the path's own, else the host's); NULL for
 * a URL that does not parse or a host the catalogue does not know. */
const qw_host *qw_url_endpoint(const qw_kb *kb, const char *url, const char **plan, const qw_hostpath **path);
typedef enum qw_verdict { QW_V_OK, QW_V_PLAN_ON_PAYG, QW_V_PAYG_ON_PLAN, QW_V_FOREIGN, QW_V_LEGACY } qw_verdict;
/* Would the endpoint accept this key family at all? Only facts from the catalogue: a host whose plan is
 * `general` says nothing about plans, a host without only_keys says nothing about keys it does not know, and an
 * unknown host says nothing at all. */
qw_verdict qw_classify(const qw_kb *kb, const qw_request *r, const qw_host **hostp, const qw_family **famp);
/* h's only_keys as "sk-sp-" or "sk-kimi-, sk-tp-". The caller frees. */
char *qw_only_keys_text(const qw_host *h);
void qw_explain_verdict(qw_ctx *ctx, qw_finding *fd, qw_verdict v, const qw_host *h, const qw_family *f);
/* The .env variable whose value starts at offset start (a .env URL's origin is its value span), or NULL. */
const qw_envvar *qw_env_var_at(const qw_set *set, size_t start);
void qw_fix_for_plan_key(qw_finding *fd, qw_ctx *ctx, const qw_request *r);
/* Report a parse error of src as rule at its position (a tab error at the tab itself). */
qw_finding *qw_report_parse_error(qw_ctx *ctx, const qw_rule *rule, qw_source *src, const qw_parse_error *e);
/* Add to x a part that appends NAME=value (value already quoted for .env) as the last line of the set's .env,
 * in the file's own line-break style, or creates .env beside `beside` (mode 0600) when the set has none. */
void qw_env_append(qw_fixit *x, qw_set *set, const qw_source *beside, const char *name, const char *value);
/* alibaba-coding-plan sent to its registry default (coding-intl) with no region stated: QW307's case. */
bool qw_coding_plan_default(const qw_ctx *ctx, const qw_set *set, const qw_request *r);
/* Free the URL sites the QW2xx pass collected for a set (ctx->url_sites); NULL is fine. */
void qw_url_sites_free(struct qw_url_sites *ss);

/* --probe's evidence (r->probe, gathered by stages/evidence.h before any rule runs): */
/* The configured endpoint's answer, or NULL when it was not asked. */
const qw_probe_result *qw_probe_configured(const qw_probe_report *rep);
/* The endpoint that authenticated the key when every endpoint that did is of one plan and region (evidence a
 * repair can rest on); NULL when none did or they disagree. */
const qw_probe_result *qw_probe_accepting(const qw_probe_report *rep);
/* "a mainland China Coding Plan key": what an accepting endpoint says the key is. The caller frees. */
char *qw_probe_key_kind(const qw_kb *kb, const qw_probe_result *x);

#endif
