/*
 * rules_probe.h - QW110 probe-result: what --probe learnt about each key a request sends, and that evidence for
 * the rules that otherwise infer a key's plan or region (QW101/QW301 repairs, QW103, QW307). Entry of the table
 * in rules.c. Without --probe every function here answers NULL and QW110 reports nothing.
 */
#ifndef QW_RULES_PROBE_H
#define QW_RULES_PROBE_H

#include "lint.h"
#include "probe.h"

void qw_check_probe(qw_ctx *ctx, qw_set *set); /* QW110 */

/* The probe's report for the key r sends, or NULL (no --probe, no key). Lives as long as the run. */
const qw_probe_report *qw_probe_of(const qw_ctx *ctx, const qw_request *r);
/* The configured endpoint's answer, or NULL when it was not asked. */
const qw_probe_result *qw_probe_configured(const qw_probe_report *rep);
/* The endpoint that authenticated the key when every endpoint that did is of one plan and region (evidence a
 * repair can rest on); NULL when none did or they disagree. */
const qw_probe_result *qw_probe_accepting(const qw_probe_report *rep);
/* "a mainland China Coding Plan key": what an accepting endpoint says the key is. The caller frees. */
char *qw_probe_key_kind(const qw_probe_result *x);

#endif
