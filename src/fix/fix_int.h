/*
 * fix_int.h - what the parts of --fix share, inside qwlint only: the record of one file the repairs change, which
 * fix.c (the passes and the write plan) builds pass by pass and hands to the re-parse check (fix_verify.c) and,
 * under --diff, to the diff printer (fix_diff.c).
 *
 * Ownership: a qw_touched's strings, texts, key list and span arrays belong to fix.c's state, which frees them
 * (free_state); qw_fix_verify and qw_fix_print_diff only borrow one.
 */
#ifndef QW_FIX_INT_H
#define QW_FIX_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "kb.h"
#include "source.h"

/* A file some repair changes: its original bytes and mode, and the text and mode after the passes so far. */
typedef struct qw_touched {
	char *path;        /* as opened */
	char *display;     /* as shown */
	bool created;      /* did not exist: orig is empty */
	qw_syntax syntax;  /* the syntax its reader used (source.h): the re-parse check reads it the same way */
	char *orig;        /* bytes on disk before the first pass */
	size_t orig_len;
	unsigned orig_mode;
	char *cur;         /* NULL: contents unchanged */
	size_t cur_len;
	unsigned mode;     /* the mode to set, 0 to keep */
	bool backup;       /* a repair deletes data: back the file up first */
	bool removes;      /* the re-parse check saw values go: write it after the files that only gain */
	char **keys;       /* what the repairs meant to change */
	size_t nkeys, keys_cap;
	int pass;          /* the pass and batch whose repairs changed it last (batches count from 1) */
	size_t batch;
	unsigned long long dev, ino; /* the file's identity as read (0 0: created) */
	size_t group;      /* files one repair changes together share a group: a refusal names them together */
	char *rules;       /* the rules whose repairs change it, "QW202, QW901" */
	int repairs;       /* the repairs counted here (each at the file of its first part) */
	bool refused;      /* the re-parse check or the write check refused it (or a file of its group) */
	/* What the lint knew to be secret in the text before (orig) and in the text as the passes left it (cur): the
	 * spans of the sources read (model keys, secret-named values, anchors, block scalars), for --diff's masking. */
	qw_span *orig_secrets, *cur_secrets;
	size_t norig_secrets, ncur_secrets;
	bool orig_known;
} qw_touched;

/* The re-parse check (fix_verify.c): does t's new text parse with a parser independent of the one its repairs were
 * built from, and differ from its original only under the keys the repairs meant to change? Sets t->removes when
 * a value goes. false: why, in err. */
bool qw_fix_verify(qw_touched *t, char *err, size_t errlen);

/* --diff (fix_diff.c): t's text before and after its repairs as a unified diff on out, masked as the lint masks
 * them. */
void qw_fix_print_diff(FILE *out, const qw_kb *kb, const qw_touched *t);

#endif
