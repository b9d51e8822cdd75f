/*
 * fix_diff.c - --diff's output (fix_int.h): a unified diff of a file's text before and after its repairs, with 3
 * lines of context, each line masked with the secret spans the lint found in that text (and the text heuristics),
 * its control characters escaped.
 *
 * Ownership: qw_fix_print_diff borrows its file; the sources, line tables and edit script it builds are freed
 * before it returns.
 */
#include "fix_int.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "mask.h"
#include "secret.h"
#include "util.h"

typedef struct lines {
	const char **p;
	size_t *n;
	size_t count;
} lines;

static lines
split(const char *s, size_t len)
{
	lines l = {0};
	size_t cap = 0, ncap = 0;
	size_t i = 0;
	while (i < len) {
		size_t j = i;
		while (j < len && s[j] != '\n')
			j++;
		if (j < len)
			j++;
		qw_grow((void **)&l.p, l.count, &cap, sizeof(*l.p));
		qw_grow((void **)&l.n, l.count, &ncap, sizeof(*l.n));
		l.p[l.count] = s + i;
		l.n[l.count] = j - i;
		l.count++;
		i = j;
	}
	return l;
}

/* One line of a diff, from offset p of src (its text before or after the repairs), masked with src's secret
 * spans: a key the lint masks is masked here too, whatever the line it sits on. */
static void
print_line(FILE *out, const qw_kb *kb, char mark, const qw_source *src, const char *p, size_t n)
{
	size_t start = (size_t)(p - src->data), len = n && p[n - 1] == '\n' ? n - 1 : n;
	bool cr = len && p[len - 1] == '\r';
	char *m = qw_mask_range(kb, src, start, start + len - cr);
	/* the line's own CR (a CRLF file) stays; any other control character is shown escaped (escape.h) */
	qw_buf b = {0};
	qw_buf_addc(&b, mark);
	qw_esc_add(&b, m, strlen(m), 0);
	if (cr)
		qw_buf_addc(&b, '\r');
	qw_buf_addc(&b, '\n');
	fputs(b.data, out);
	qw_buf_free(&b);
	free(m);
}

/* A text of the diff as a source: the spans the lint found in it, and the text heuristics over every line (a
 * file the lint did not read after the repair, a key the spans missed). */
static qw_source *
diff_source(const char *display, const char *text, size_t len, const qw_span *spans, size_t n)
{
	qw_source *src = qw_source_from_memory(display, text, len);
	for (size_t i = 0; i < n; i++)
		qw_source_add_secret(src, spans[i]);
	qw_mark_text_secrets(src);
	qw_source_sort_secrets(src);
	return src;
}

static bool
line_eq(const lines *a, size_t i, const lines *b, size_t j)
{
	return a->n[i] == b->n[j] && !memcmp(a->p[i], b->p[j], a->n[i]);
}

/* A unified diff with 3 lines of context, from an LCS table (config files are small; a huge one gets one hunk). */
void
qw_fix_print_diff(FILE *out, const qw_kb *kb, const qw_touched *t)
{
	qw_source *asrc = diff_source(t->display, t->orig, t->orig_len, t->orig_secrets, t->norig_secrets);
	qw_source *bsrc = diff_source(t->display, t->cur, t->cur_len, t->cur_secrets, t->ncur_secrets);
	lines a = split(asrc->data, asrc->len), b = split(bsrc->data, bsrc->len);
	size_t n = a.count, m = b.count;
	qw_esc_fprintf(out, "--- %s\n", t->created ? "/dev/null" : t->display);
	qw_esc_fprintf(out, "+++ %s\n", t->display);
	unsigned *L = NULL;
	if ((n + 1) * (m + 1) <= 4000000)
		L = qw_xcalloc((n + 1) * (m + 1), sizeof(unsigned));
	if (L) {
		for (size_t i = n; i-- > 0;)
			for (size_t j = m; j-- > 0;)
				L[i * (m + 1) + j] = line_eq(&a, i, &b, j)
							     ? L[(i + 1) * (m + 1) + j + 1] + 1
							     : (L[(i + 1) * (m + 1) + j] > L[i * (m + 1) + j + 1]
									? L[(i + 1) * (m + 1) + j]
									: L[i * (m + 1) + j + 1]);
	}
	/* the edit script: ' ', '-', '+' per line */
	char *ops = qw_xmalloc(n + m + 1);
	size_t *ai = qw_xmalloc((n + m + 1) * sizeof(size_t)), *bi = qw_xmalloc((n + m + 1) * sizeof(size_t));
	size_t k = 0, i = 0, j = 0;
	while (i < n || j < m) {
		if (L && i < n && j < m && line_eq(&a, i, &b, j)) {
			ops[k] = ' ', ai[k] = i++, bi[k++] = j++;
		} else if (i < n && (j >= m || !L || L[(i + 1) * (m + 1) + j] >= L[i * (m + 1) + j + 1])) {
			ops[k] = '-', ai[k] = i++, bi[k++] = j; /* removals first, as diff(1) prints them */
		} else {
			ops[k] = '+', ai[k] = i, bi[k++] = j++;
		}
	}
	for (size_t s = 0; s < k;) {
		if (ops[s] == ' ') {
			s++;
			continue;
		}
		size_t h0 = s >= 3 ? s - 3 : 0, h1 = s;
		for (size_t q = s; q < k; q++) {
			if (ops[q] != ' ')
				h1 = q + 1;
			else if (q >= h1 + 6)
				break;
		}
		h1 = h1 + 3 < k ? h1 + 3 : k;
		size_t na = 0, nb = 0;
		for (size_t q = h0; q < h1; q++) {
			na += ops[q] != '+';
			nb += ops[q] != '-';
		}
		fprintf(out, "@@ -%zu,%zu +%zu,%zu @@\n", ai[h0] + (na ? 1 : 0), na, bi[h0] + (nb ? 1 : 0), nb);
		for (size_t q = h0; q < h1; q++) {
			if (ops[q] == '+')
				print_line(out, kb, '+', bsrc, b.p[bi[q]], b.n[bi[q]]);
			else
				print_line(out, kb, ops[q], asrc, a.p[ai[q]], a.n[ai[q]]);
		}
		s = h1;
	}
	free(L);
	free(ops);
	free(ai);
	free(bi);
	free(a.p);
	free(a.n);
	free(b.p);
	free(b.n);
	qw_source_free(asrc);
	qw_source_free(bsrc);
}
