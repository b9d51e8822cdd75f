/*
 * baseline.h - a record of the findings a project has accepted for now, so that only new ones are reported
 * (--baseline FILE), and the record itself (--write-baseline FILE). The only way to set a finding aside in
 * auth.json, which has no comments for a suppression directive (suppress.h).
 *
 * A finding is known by its fingerprint: the rule id, the file (relative to the baseline file's directory, so the
 * record holds wherever qwlint runs from and however the path is spelled), the path in the document where the
 * finding starts ("model.provider", "credential_pool.alibaba[0].access_token", an .env variable's name; a mapping
 * key that is itself a secret is written "*"), and a 64-bit FNV-1a hash of the message with its variable parts
 * taken out: line and column numbers, the directory the files were named under, and the last characters a key's
 * mask shows. No key, and no hash of a key, is ever in the file: messages hold keys only masked, and what is
 * hashed drops even the mask's tail. Equal fingerprints are counted (eslint's suppressions do the same), so a
 * second identical finding in one place is new.
 *
 * A baseline applies in the pipeline (pipeline.c), after suppression comments and .qwlint.yaml: a baselined
 * finding is not reported, does not fail the run, and is not repaired by --fix (as ruff treats a `# noqa`d one).
 *
 * Ownership: qw_baseline_open returns a baseline the caller frees with qw_baseline_free. It keeps copies of
 * everything it needs from the findings it sees; it is used from the thread that hands the batches on.
 */
#ifndef QW_BASELINE_H
#define QW_BASELINE_H

#include <stdbool.h>
#include <stdio.h>

#include "discover.h"
#include "lint.h"

typedef struct qw_baseline qw_baseline;

/* --baseline FILE (record false: FILE must exist), or --write-baseline FILE (record true: FILE is read when it
 * exists, for the entries of files this run does not read). NULL with a message in err on failure. */
qw_baseline *qw_baseline_open(const char *path, bool record, const qw_kb *kb, char *err, size_t errlen);
void qw_baseline_free(qw_baseline *b);
/* A pipeline run starts: forget what the previous one matched or recorded (--fix runs several passes). */
void qw_baseline_begin_run(qw_baseline *b);
/* One batch, in task order: note the files it read, and drop the findings the baseline holds (recording them
 * first, in record mode). */
void qw_baseline_apply(qw_baseline *b, const qw_sets *sets, qw_findings *fs);
/* --baseline: print to out the entries for files this run read that matched no finding (stale: the problem was
 * fixed, or changed). Returns how many. */
size_t qw_baseline_report_stale(qw_baseline *b, FILE *out);
/* --write-baseline: write the file: this run's findings, and the old entries of files the run did not read. Says
 * what it wrote on out. Returns 0, or -1 with a message in err. */
int qw_baseline_write(qw_baseline *b, FILE *out, char *err, size_t errlen);

#endif
