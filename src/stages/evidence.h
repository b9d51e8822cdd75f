/*
 * evidence.h - the stage between the model and the rules that gathers evidence from outside the files: with
 * --probe, what the vendor's endpoints answer for each key a request sends (probe.h). Rules read it from the
 * request (qw_request.probe); no rule opens a connection or waits on one.
 *
 * Ownership: the answers belong to the run's prober (qw_options.probe) and live as long as it; requests only
 * point at them.
 */
#ifndef QW_EVIDENCE_H
#define QW_EVIDENCE_H

#include "lint.h"

/* Ask about every key the set's requests send, when --probe is on; nothing otherwise. Called after the keys are
 * marked as secrets and before the rules. */
void qw_evidence_gather(const qw_options *opt, const qw_kb *kb, qw_set *set);

#endif
