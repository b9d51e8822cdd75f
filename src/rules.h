/*
 * rules.h - the rule table: one const entry per rule (id, name, severity, check function, fix safety, docs).
 * Dispatch, --list-rules, --explain and the JSON/man-page rule lists are all read from this one table.
 */
#ifndef QW_RULES_H
#define QW_RULES_H

#include "lint.h"

struct qw_rule {
	const char *id;   /* "QW301": stable once released */
	const char *name; /* "auto-provider-misroutes-key" */
	qw_severity severity;
	void (*check)(qw_ctx *ctx, qw_set *set);
	qw_fix_safety fix; /* what --fix will offer (issue: --fix) */
	const char *summary; /* one line */
	const char *doc;     /* what it detects and why it breaks; facts cited */
	const char *fixdoc;  /* what --fix does, and how safe it is; or what to do by hand */
};

extern const qw_rule qw_rules[];
extern const size_t qw_nrules;

const qw_rule *qw_rule_find(const char *id);
/* The text of a scalar without its quotes: the span inside them, or span itself when unquoted. */
qw_span qw_scalar_text(const qw_source *src, qw_span span);
/* Report a parse error of src as rule id at its position (a tab error at the tab itself). */
qw_finding *qw_report_parse_error(qw_ctx *ctx, const char *id, qw_source *src, const qw_parse_error *e);
/* Where to point a finding about a request: the first origin in a reported file of the set, else in a file of
 * the set, else anywhere; NULL when none has a file. */
const qw_origin *qw_pick_origin(const qw_set *set, const qw_origin *a, const qw_origin *b, const qw_origin *c);
/* A request's steps as a finding's trace, headed by the request's role only where a set has several kinds of
 * request (a Hermes fallback or named provider), not for the main model nor an application's variable pair. */
void qw_trace_req(qw_finding *fd, const qw_set *set, const qw_request *r);
/* "a" or "an" before word. */
const char *qw_article(const char *word);
/* "mainland China", "international (Singapore)" (Alibaba) / "international", "US", ...: a region id's name. */
const char *qw_region_name(const char *r, const char *vendor);
/* "pay-as-you-go", "Coding Plan", "Token Plan", "Kimi Code": a plan id's name (the id itself otherwise). */
const char *qw_plan_name(const char *plan);
/* Run every rule on a set whose requests are already resolved. */
void qw_rules_run(qw_ctx *ctx, qw_set *set);

#endif
