/* escape.c - see escape.h. */
#include "escape.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The length (1-4) of the UTF-8 sequence that starts s (n bytes left), its code point in *cp; 0 when s does not
 * start one: a stray continuation byte, a truncated or overlong sequence, a surrogate, beyond U+10FFFF. */
static size_t
utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
		len = 2, v = c & 0x1F, min = 0x80;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3, v = c & 0x0F, min = 0x800;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4, v = c & 0x07, min = 0x10000;
	else
		return 0;
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

/* One unit of s at i: a character (its length, its code point in *cp), or one byte that is not UTF-8 (length 1,
 * *bad, the byte in *cp). */
static size_t
unit(const unsigned char *s, size_t n, size_t i, uint32_t *cp, bool *bad)
{
	size_t l = utf8_seq(s + i, n - i, cp);
	*bad = l == 0;
	if (*bad)
		*cp = s[i];
	return l ? l : 1;
}

/* Characters escaped in every context: controls, bidi controls, line and paragraph separators (escape.h). */
static bool
is_special(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C || cp == 0x200E || cp == 0x200F ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x2028 || cp == 0x2029;
}

/* Blanks a workflow-command reader may skip before "::" (the runner trims with .NET's Char.IsWhiteSpace; the
 * zero-width ones too, to be safe). The ASCII ones other than ' ' are escaped anyway. */
static bool
is_blank(uint32_t cp)
{
	return cp == ' ' || cp == 0xA0 || cp == 0x1680 || cp == 0x180E || (cp >= 0x2000 && cp <= 0x200B) ||
	       cp == 0x202F || cp == 0x205F || cp == 0x3000 || cp == 0xFEFF;
}

/* Whether the unit at i (if any) is written as an escape in terminal text. */
static bool
escaped_at(const unsigned char *s, size_t n, size_t i)
{
	uint32_t cp;
	bool bad;
	if (i >= n)
		return false;
	unit(s, n, i, &cp, &bad);
	return bad || is_special(cp);
}

/* A backslash is doubled when what follows would otherwise read as an escape. */
static bool
backslash_doubled(const unsigned char *s, size_t n, size_t i)
{
	return i + 1 < n && (strchr("\\xunrt", s[i + 1]) || escaped_at(s, n, i + 1));
}

static void
add_special(qw_buf *b, uint32_t cp)
{
	if (cp == '\t')
		qw_buf_adds(b, "\\t");
	else if (cp == '\n')
		qw_buf_adds(b, "\\n");
	else if (cp == '\r')
		qw_buf_adds(b, "\\r");
	else if (cp < 0x80)
		qw_buf_printf(b, "\\x%02x", (unsigned)cp);
	else
		qw_buf_printf(b, "\\u%04x", (unsigned)cp);
}

/* The terminal-text escaper (escape.h); cols, when not NULL, has room for n + 1 entries and gets the column map,
 * *ncols the number of columns of s. */
static void
esc_term(qw_buf *b, const char *str, size_t n, unsigned flags, size_t *cols, size_t *ncols)
{
	const unsigned char *s = (const unsigned char *)str;
	bool line_start = flags & (QW_ESC_LINE_START | QW_ESC_LINES);
	size_t width = 0, k = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		bool bad, raw = false;
		size_t l = unit(s, n, i, &cp, &bad);
		if (cols && (s[i] & 0xC0) != 0x80)
			cols[k++] = width;
		size_t before = b->len;
		if (bad)
			qw_buf_printf(b, "\\x%02x", (unsigned)cp);
		else if ((cp == '\n' && (flags & QW_ESC_LINES)) ||
			 (cp == '\r' && (flags & QW_ESC_EOL_CR) && i + 1 == n))
			raw = true;
		else if (is_special(cp))
			add_special(b, cp);
		else if (cp == '\\')
			qw_buf_adds(b, backslash_doubled(s, n, i) ? "\\\\" : "\\");
		else if (cp == ':' && line_start)
			qw_buf_adds(b, "\\x3a");
		else
			raw = true;
		if (raw)
			qw_buf_add(b, s + i, l);
		/* escapes are ASCII, one column a byte; a character written as it is takes one */
		width += raw ? 1 : b->len - before;
		line_start = raw && ((line_start && is_blank(cp)) || (cp == '\n' && (flags & QW_ESC_LINES)));
		i += l;
	}
	if (cols) {
		cols[k] = width;
		*ncols = k;
	}
}

void
qw_esc_add(qw_buf *b, const char *s, size_t n, unsigned flags)
{
	esc_term(b, s, n, flags, NULL, NULL);
}

char *
qw_esc(const char *s, unsigned flags)
{
	qw_buf b = {0};
	esc_term(&b, s, strlen(s), flags, NULL, NULL);
	return b.data ? qw_buf_steal(&b) : qw_xstrdup("");
}

char *
qw_esc_columns(const char *s, unsigned flags, size_t **cols, size_t *ncols)
{
	size_t n = strlen(s);
	qw_buf b = {0};
	*cols = qw_xcalloc(n + 1, sizeof(size_t));
	esc_term(&b, s, n, flags, *cols, ncols);
	return b.data ? qw_buf_steal(&b) : qw_xstrdup("");
}

/* fmt formatted, escaped as one line that keeps its final '\n', onto b. */
__attribute__((format(printf, 2, 0))) static void
esc_line(qw_buf *b, const char *fmt, va_list ap)
{
	qw_buf raw = {0};
	qw_buf_vprintf(&raw, fmt, ap);
	size_t n = raw.len;
	bool nl = n && raw.data[n - 1] == '\n';
	qw_esc_add(b, raw.data ? raw.data : "", nl ? n - 1 : n, QW_ESC_LINE_START);
	if (nl)
		qw_buf_addc(b, '\n');
	qw_buf_free(&raw);
}

void
qw_esc_fprintf(FILE *out, const char *fmt, ...)
{
	qw_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	esc_line(&b, fmt, ap);
	va_end(ap);
	if (b.data)
		fputs(b.data, out);
	qw_buf_free(&b);
}

void
qw_esc_buf_printf(qw_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	esc_line(b, fmt, ap);
	va_end(ap);
}

char *
qw_esc_json_text(const char *json, unsigned flags)
{
	const unsigned char *s = (const unsigned char *)json;
	size_t n = strlen(json);
	qw_buf b = {0};
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		bool bad;
		size_t l = unit(s, n, i, &cp, &bad);
		/* outside strings a JSON document has no backslash: this is an escape, taken whole so that the
		 * second character of "\\\\" is not read as the start of one */
		if (cp == '\\' && i + 1 < n) {
			char e = (char)s[i + 1];
			if ((flags & QW_ESC_JSON_BF_AS_U) && (e == 'b' || e == 'f'))
				qw_buf_adds(&b, e == 'b' ? "\\u0008" : "\\u000c");
			else
				qw_buf_add(&b, s + i, 2);
			i += 2;
			continue;
		}
		if (bad)
			qw_buf_adds(&b, "\\ufffd");
		else if (cp >= 0x7F && is_special(cp)) /* the document's own C0 (its line breaks) stay */
			qw_buf_printf(&b, "\\u%04x", (unsigned)cp);
		else
			qw_buf_add(&b, s + i, l);
		i += l;
	}
	return b.data ? qw_buf_steal(&b) : qw_xstrdup("");
}
