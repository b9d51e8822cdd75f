/*
 * pipeline.h - one lint run over paths: discover -> what git says of each file (vcs.h) -> model -> rules ->
 * findings (sorted, de-duplicated) -> suppression comments (suppress.h) -> .qwlint.yaml settings (config.h). Used by
 * the plain lint and by every pass of --fix.
 *
 * Ownership: fills *sets and *findings, which the caller frees with qw_pipeline_free().
 */
#ifndef QW_PIPELINE_H
#define QW_PIPELINE_H

#include "discover.h"
#include "lint.h"

void qw_pipeline_run(char *const *paths, int npaths, const qw_options *opt, const qw_kb *kb, qw_sets *sets,
		     qw_findings *findings);
void qw_pipeline_free(qw_sets *sets, qw_findings *findings);

#endif
