/*
 * fix.h - --fix and --diff: lint, apply the findings' repairs as byte-range edits, lint again, until nothing
 * changes (at most QW_FIX_MAX_PASSES passes); check each changed file with an independent parser (libfyaml for
 * YAML, whose tree is libyaml's; cJSON for JSON) that only the intended keys changed; then write atomically, or
 * print a diff. Each pass streams (qw_pipeline_stream): what it keeps is the files a repair changes, not the run.
 */
#ifndef QW_FIX_H
#define QW_FIX_H

#include <stdbool.h>
#include <stdio.h>

#include "kb.h"
#include "lint.h"

#define QW_FIX_MAX_PASSES 8

typedef struct qw_fix_options {
	bool unsafe;  /* --unsafe-fixes */
	bool diff;    /* --diff: print, write nothing */
	bool no_backup; /* --no-backup: no copy of a file before a repair deletes data from it */
	int lock_wait;  /* --lock-wait: seconds to wait for Hermes's auth.lock */
	int jobs;       /* -j: threads that lint in each pass */
} qw_fix_options;

/* Returns the number of findings fixed, or -1 on an error (message printed; nothing written, or a write failed).
 * *changed_files receives how many files were (or, with --diff, would be) changed; *refused_files how many
 * files' repairs the re-parse check or the write check refused (each named on stderr, left as it was, while the
 * other files' repairs are made). */
int qw_fix_run(char *const *paths, int npaths, const qw_options *opt, const qw_kb *kb, const qw_fix_options *fo,
	       FILE *out, int *changed_files, int *refused_files);

#endif
