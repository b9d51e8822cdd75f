/*
 * rules.h - the rules: what a rule is, and the registry that runs them. Each rule is a const qw_rule defined beside
 * its check, in the file of its family (src/rules/<family>.c: syntax QW0xx, keys QW1xx, urls QW2xx, hermes QW3xx and
 * QW903, auth QW4xx, env QW5xx, dify QW6xx, files QW7xx,
 * agent tools' own rules QW8xx (Codex CLI QW801: src/tools/codex/rules.c; Qwen Code QW802-QW803:
 * src/tools/qwen/rules.c); QW901 in suppress.c, QW902 in config.c), and is named by
 * its address: qw_report(ctx, &QW301, ...), so a mistyped rule does not compile. The registry (registry.c) lists
 * them once, in the order the checks run; --list-rules, --explain, SARIF's rule descriptors, the man pages and the
 * README's rule table are all read from it.
 * What a rule is (qw_rule) is in lint.h, beside the finding that points to one.
 * Ownership: rules are static data; nothing here is freed.
 */
#ifndef QW_RULES_H
#define QW_RULES_H

#include "lint.h"


extern const qw_rule QW001;
extern const qw_rule QW002;
extern const qw_rule QW003;
extern const qw_rule QW101;
extern const qw_rule QW102;
extern const qw_rule QW103;
extern const qw_rule QW104;
extern const qw_rule QW105;
extern const qw_rule QW106;
extern const qw_rule QW107;
extern const qw_rule QW108;
extern const qw_rule QW110;
extern const qw_rule QW201;
extern const qw_rule QW202;
extern const qw_rule QW203;
extern const qw_rule QW204;
extern const qw_rule QW205;
extern const qw_rule QW301;
extern const qw_rule QW302;
extern const qw_rule QW303;
extern const qw_rule QW304;
extern const qw_rule QW305;
extern const qw_rule QW306;
extern const qw_rule QW307;
extern const qw_rule QW308;
extern const qw_rule QW309;
extern const qw_rule QW401;
extern const qw_rule QW402;
extern const qw_rule QW403;
extern const qw_rule QW404;
extern const qw_rule QW405;
extern const qw_rule QW501;
extern const qw_rule QW502;
extern const qw_rule QW503;
extern const qw_rule QW601;
extern const qw_rule QW602;
extern const qw_rule QW603;
extern const qw_rule QW604;
extern const qw_rule QW605;
extern const qw_rule QW606;
extern const qw_rule QW607;
extern const qw_rule QW608;
extern const qw_rule QW609;
extern const qw_rule QW610;
extern const qw_rule QW611;
extern const qw_rule QW612;
extern const qw_rule QW613;
extern const qw_rule QW614;
extern const qw_rule QW701;
extern const qw_rule QW702;
extern const qw_rule QW703;
extern const qw_rule QW801;
extern const qw_rule QW802;
extern const qw_rule QW803;
extern const qw_rule QW901;
extern const qw_rule QW902;
extern const qw_rule QW903;

/* Every rule, in the order the checks run (registry.c). */
extern const qw_rule *const qw_rules[];
extern const size_t qw_nrules;

/* The rule whose id or name is text (user input: --explain, --select, suppressions), or NULL. */
const qw_rule *qw_rule_find(const char *text);
/* r's position in qw_rules (for per-rule counts). */
size_t qw_rule_index(const qw_rule *r);
/* Run every rule on a set whose requests are already resolved. */
void qw_rules_run(qw_ctx *ctx, qw_set *set);

#endif
