/* mask.c - see mask.h. */
#include "mask.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "keyinfo.h"
#include "secret.h"
#include "util.h"

/* One line being rendered: the text so far, the display column, and the byte-to-column map. */
typedef struct line_out {
	qw_buf b;
	size_t col;
	size_t *col_of; /* indexed by byte offset - base */
	size_t base;
} line_out;

/* One byte shown as itself: a tab as a blank, other control characters as '?'. */
static void
emit_plain(line_out *o, const char *d, size_t i)
{
	o->col_of[i - o->base] = o->col;
	unsigned char c = (unsigned char)d[i];
	/* other control characters stay for the printer to escape (escape.h); a NUL cannot travel in a C string */
	if (c == '\t')
		qw_buf_addc(&o->b, ' ');
	else if (c == '\0')
		qw_buf_addc(&o->b, '?');
	else
		qw_buf_addc(&o->b, (char)c);
	if ((c & 0xC0) != 0x80)
		o->col++;
}

/* The bytes [i, e) of a secret shown as its mask; a quoted value keeps its quotes visible. */
static void
emit_mask(line_out *o, const qw_kb *kb, const char *d, size_t i, size_t e)
{
	char *raw = qw_xstrndup(d + i, e - i);
	char *v = raw;
	size_t vl = strlen(v);
	bool q = vl >= 2 && (v[0] == '"' || v[0] == '\'') && v[vl - 1] == v[0];
	if (q) {
		v[vl - 1] = '\0';
		v++;
	}
	char *m = qw_mask(kb, v);
	if (q)
		qw_buf_addc(&o->b, raw[0]);
	qw_buf_adds(&o->b, m);
	if (q)
		qw_buf_addc(&o->b, raw[0]);
	size_t w = 0;
	for (const char *p = m; *p; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			w++;
	for (size_t j = i; j < e; j++)
		o->col_of[j - o->base] = o->col;
	o->col += w + (q ? 2 : 0);
	free(m);
	free(raw);
}

/* The part [i, e) of secret s that lies on a line. A secret that runs over several lines (a block or folded
 * scalar, a multi-line quoted or flow value) is masked line by line; there the blanks around each line's part
 * (its indentation) stay visible. */
static void
emit_secret_part(line_out *o, const qw_kb *kb, const char *d, size_t i, size_t e, qw_span s)
{
	size_t a = i, z = e;
	if (s.start < i || s.end > e) {
		while (a < z && (d[a] == ' ' || d[a] == '\t'))
			a++;
		while (z > a && (d[z - 1] == ' ' || d[z - 1] == '\t'))
			z--;
	}
	for (size_t j = i; j < a; j++)
		emit_plain(o, d, j);
	if (a < z)
		emit_mask(o, kb, d, a, z);
	for (size_t j = z; j < e; j++)
		emit_plain(o, d, j);
}

/* Bytes [start, end) of src, none of them a line break, with every secret span masked; the spans are found by
 * binary search and walked with a cursor, so a line costs its length plus its spans. */
static char *
masked_range(const qw_kb *kb, const qw_source *src, size_t start, size_t end, size_t **col_of)
{
	/* the spans are complete when anything renders: sorting here is a no-op after pipeline.c's, and keeps a
	 * caller that built a source itself from a wrong answer */
	qw_source_sort_secrets((qw_source *)src);
	line_out o = {{0}, 0, qw_xcalloc(end - start + 2, sizeof(size_t)), start};
	const char *d = src->data;
	size_t k = qw_source_secret_from(src, start);
	for (size_t i = start; i < end;) {
		if (k < src->nsecrets && src->secrets[k].start <= i) {
			qw_span s = src->secrets[k];
			size_t e = s.end < end ? s.end : end;
			emit_secret_part(&o, kb, d, i, e, s);
			i = e;
			k++;
			continue;
		}
		emit_plain(&o, d, i);
		i++;
	}
	o.col_of[end - start] = o.col;
	*col_of = o.col_of;
	return o.b.data ? qw_buf_steal(&o.b) : qw_xstrdup("");
}

char *
qw_mask_line(const qw_kb *kb, const qw_source *src, int line, size_t **col_of, qw_span *ls_out)
{
	qw_span ls = qw_source_line(src, line);
	*ls_out = ls;
	return masked_range(kb, src, ls.start, ls.end, col_of);
}

char *
qw_mask_range(const qw_kb *kb, const qw_source *src, size_t start, size_t end)
{
	size_t *cols;
	char *m = masked_range(kb, src, start, end, &cols);
	free(cols);
	return m;
}

char *
qw_mask_text(const qw_kb *kb, const char *text, size_t len)
{
	qw_source *src = qw_source_from_memory("", text, len);
	qw_mark_text_secrets(src);
	qw_buf b = {0};
	for (size_t l = 1; l <= src->nlines; l++) {
		size_t *cols;
		qw_span ls;
		char *m = qw_mask_line(kb, src, (int)l, &cols, &ls);
		qw_buf_adds(&b, m);
		/* keep the line break the text had */
		qw_buf_add(&b, src->data + ls.end, (l < src->nlines ? src->line_start[l] : src->len) - ls.end);
		free(m);
		free(cols);
	}
	qw_source_free(src);
	return b.data ? qw_buf_steal(&b) : qw_xstrdup("");
}
