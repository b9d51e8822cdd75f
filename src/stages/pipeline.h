/*
 * pipeline.h - one lint run over paths: discover -> what git says of each file (vcs.h) -> model -> rules ->
 * findings (sorted, de-duplicated) -> suppression comments (suppress.h) -> .qwlint.yaml settings (config.h).
 *
 * Two ways to run it. qw_pipeline_run keeps every set and finding of the run, for the callers that need them all
 * at once (--resolve). qw_pipeline_stream hands the findings on batch by batch - one batch per
 * task of discovery (a home with its profiles, a Dify deployment, a lone file) - and frees each batch's files
 * once it is handed on, so memory stays that of the tasks in flight, however many files there are. Its tasks
 * run on `jobs` threads - jobs - 1 workers, and the calling thread between batches -; the batches are still
 * handed on in the order a walk meets them, so the output does not depend on -j. Within a batch findings are sorted by file and position; settings-file problems
 * (QW902) come in a last batch.
 *
 * Messages for stderr (a file that cannot be read, git that cannot answer) are printed as each batch is handed
 * on; qw_pipeline_run leaves them in sets->errors, for qw_pipeline_print_errors when the caller wants them (a
 * repair's passes read the same files again and again: their messages are printed once).
 *
 * Ownership: qw_pipeline_run fills *sets and *findings, which the caller frees with qw_pipeline_free(). A batch's
 * sets and findings belong to the pipeline and live until the callback returns; *totals (files read, I/O
 * errors, the settings registry) is freed with qw_pipeline_free(totals, &empty findings).
 */
#ifndef QW_PIPELINE_H
#define QW_PIPELINE_H

#include "discover.h"
#include "lint.h"

void qw_pipeline_run(char *const *paths, int npaths, const qw_options *opt, const qw_kb *kb, qw_sets *sets,
		     qw_findings *findings);
void qw_pipeline_free(qw_sets *sets, qw_findings *findings);
/* Print sets->errors to stderr and empty it. */
void qw_pipeline_print_errors(qw_sets *sets);

/* Called on the thread that called qw_pipeline_stream, once per batch, in order. errors: print the stderr
 * messages as each batch is handed on (false: drop them; a repair's later passes read the same files again). */
typedef void (*qw_batch_fn)(void *arg, const qw_sets *sets, const qw_findings *findings);
void qw_pipeline_stream(char *const *paths, int npaths, const qw_options *opt, const qw_kb *kb, int jobs,
			bool errors, qw_batch_fn fn, void *arg, qw_sets *totals);

#endif
