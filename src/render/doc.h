/*
 * doc.h - the rule documentation, rendered from one source: the rules (src/rules/: summary, doc, fixdoc, repair) and
 * the examples in testdata/examples/<ID>/ (before/, after/, note, embedded at build time; the test suite checks
 * that each before/ raises its rule and each after/ is silent). It feeds --list-rules, --explain, the SARIF rule
 * descriptors, the man pages' rule sections, man/rules.md and the README's rule table, so they cannot drift.
 *
 * Keys in the examples are made up, but they are printed masked like any other key.
 */
#ifndef QW_DOC_H
#define QW_DOC_H

#include <stdio.h>

#include "kb.h"
#include "rules.h"

/* Where a rule's section of the documentation is: QW_DOCS_URL (set at build time; default the installed
 * man/rules.md) + "#" + the rule id. The caller frees. */
char *qw_doc_help_uri(const qw_rule *r);
/* QW_DOCS_URL itself: the rules document. */
const char *qw_doc_url(void);

/* --list-rules: one line per rule. */
void qw_doc_list(FILE *out);

/* The --explain page of a rule as plain text (SARIF's help.text uses the same). The caller frees. */
char *qw_doc_page_text(const qw_rule *r, const qw_kb *kb);
/* The same page as Markdown (SARIF's help.markdown, man/rules.md). The caller frees. */
char *qw_doc_page_markdown(const qw_rule *r, const qw_kb *kb);

/* The generated documents (hidden option --print-doc WHAT): "man-rules" (the RULES section of qwlint.1),
 * "man7" (qwlint-rules.7), "markdown" (man/rules.md), "readme" (the README's rule table), "readme-repairs" (its repair table). Returns 0, or -1 for
 * an unknown WHAT. */
int qw_doc_print(FILE *out, const char *what, const qw_kb *kb);

#endif
