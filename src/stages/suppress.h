/*
 * suppress.h - suppression comments in YAML and .env files (JSON has no comments):
 *
 *   # qwlint: disable=QW301,QW105     on the finding's line, or alone on a line above it (blank lines and
 *                                     other comments may come between); or on any line the finding's trace
 *                                     cites (`provider: auto` for the QW301 reported at the key in .env), even
 *                                     in a file read only for context
 *   # qwlint: disable-file=QW701      anywhere in the file: the whole file
 *
 * Rules are named by id or name; `all` names every rule. Findings a directive names are dropped; a directive, or a
 * rule in one, that drops nothing, names no rule, or is not a directive at all, is reported as QW901
 * unused-suppression (as ruff's RUF100 does), with a safe repair that deletes a directive none of whose rules is
 * used. In .env files, put the directive on the line above: Hermes's own reader keeps an inline comment as part
 * of the value (QW105). A directive is a comment as the file's parser sees it ('#' inside a value is data); a
 * YAML file that does not parse gets no QW901, since its rules did not run.
 */
#ifndef QW_SUPPRESS_H
#define QW_SUPPRESS_H

#include "discover.h"
#include "lint.h"

/* Drop the suppressed findings of `findings` (sorted by qw_findings_finish), add the QW901 findings, and sort
 * again. Directives are read once per file path, so a file seen from several sets counts as one. */
void qw_suppress_apply(qw_ctx *ctx, const qw_sets *sets, qw_findings *findings);

#endif
