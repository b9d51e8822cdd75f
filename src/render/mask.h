/*
 * mask.h - text from files as every output shows it: each secret span (source.h's qw_source secrets, found when
 * the file was read) replaced by its mask (secret.h's qw_mask), so that a key is never printed whatever prints
 * the text: the formats' source lines and fingerprints, --diff's lines, --explain's example files, the baseline's
 * messages. It sits below every printer (render*.c, doc.c, fix.c, baseline.c) and needs none of them.
 *
 * Ownership: every function returns memory the caller frees (the text, and *col_of).
 */
#ifndef QW_MASK_H
#define QW_MASK_H

#include <stddef.h>

#include "kb.h"
#include "source.h"

/* Line `line` of src with its secret spans masked; *col_of maps the line's byte offsets to display columns of the
 * result (0-based), so that a caret still points at the right place after masking; *ls_out is the line's span. */
char *qw_mask_line(const qw_kb *kb, const qw_source *src, int line, size_t **col_of, qw_span *ls_out);
/* Bytes [start, end) of src (within one line) with its secret spans masked. */
char *qw_mask_range(const qw_kb *kb, const qw_source *src, size_t start, size_t end);
/* Text that may hold keys but is in no file (a diff line, a repair's inserted text, a message): each line masked
 * as a source line is, its keys found as a file's would be, line breaks kept. */
char *qw_mask_text(const qw_kb *kb, const char *text, size_t len);

#endif
