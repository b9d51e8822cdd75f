/*
 * toml_lex.c - the TOML reader's scalars (TOML v1.0.0): white space, comments, the four kinds of string with
 * their escapes, integers, floats, booleans, dates and times, each checked as the specification's grammar says and
 * kept with its exact span. The structure (keys, tables, arrays) is toml.c's; see toml_int.h.
 *
 * Ownership: nodes go into the lexer's qw_doc arena; nothing here allocates otherwise but the scratch buffer.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "toml_int.h"

bool
qw_toml_fail(qw_toml_lex *l, size_t at, const char *fmt, ...)
{
	if (!l->err->failed) {
		l->err->failed = true;
		l->err->offset = at < l->len ? at : l->len;
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(l->err->msg, sizeof(l->err->msg), fmt, ap);
		va_end(ap);
	}
	return false;
}

void
qw_toml_skip_ws(qw_toml_lex *l)
{
	while (l->pos < l->len && (l->s[l->pos] == ' ' || l->s[l->pos] == '\t'))
		l->pos++;
}

size_t
qw_toml_eol(const qw_toml_lex *l)
{
	if (l->pos < l->len && l->s[l->pos] == '\n')
		return 1;
	if (l->pos + 1 < l->len && l->s[l->pos] == '\r' && l->s[l->pos + 1] == '\n')
		return 2;
	return 0;
}

/* The length of the valid UTF-8 sequence at s (n > 0 bytes there), or 0: no overlong forms, no surrogates,
 * nothing past U+10FFFF (the file must be UTF-8, and non-ASCII text may only stand in comments and strings). */
static size_t
utf8_seq(const unsigned char *s, size_t n)
{
	unsigned c = s[0], cp, min;
	size_t k;
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF) {
		k = 2, cp = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		k = 3, cp = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		k = 4, cp = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < k)
		return 0;
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
		return 0;
	return k;
}

bool
qw_toml_comment(qw_toml_lex *l)
{
	const unsigned char *s = (const unsigned char *)l->s;
	size_t i = l->pos + 1;
	while (i < l->len && s[i] != '\n') {
		unsigned char c = s[i];
		if (c == '\t' || (c >= 0x20 && c < 0x7F)) {
			i++;
		} else if (c >= 0x80) {
			size_t k = utf8_seq(s + i, l->len - i);
			if (!k)
				return qw_toml_fail(l, i, "invalid UTF-8 in a comment");
			i += k;
		} else if (c == '\r' && i + 1 < l->len && s[i + 1] == '\n') {
			break;
		} else {
			return qw_toml_fail(l, i, "control character 0x%02X in a comment", c);
		}
	}
	l->pos = i;
	return true;
}

static void
put_utf8(qw_buf *b, unsigned long cp)
{
	char u[4];
	size_t n;
	if (cp < 0x80) {
		u[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6)), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12)), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18)), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
	}
	qw_buf_add(b, u, n);
}

/* \uXXXX or \UXXXXXXXX at s[i] == '\\': its character into b; the escape's end, or 0 (error set). */
static size_t
unicode_escape(qw_toml_lex *l, size_t i, qw_buf *b)
{
	size_t k = l->s[i + 1] == 'u' ? 4 : 8;
	if (l->len - (i + 2) < k)
		return qw_toml_fail(l, i, "truncated \\%c escape: it needs %zu hexadecimal digits", l->s[i + 1], k), 0;
	unsigned long cp = 0;
	for (size_t j = 0; j < k; j++) {
		int h = qw_hexval(l->s[i + 2 + j]);
		if (h < 0)
			return qw_toml_fail(l, i, "invalid \\%c escape: it needs %zu hexadecimal digits", l->s[i + 1], k),
			       0;
		cp = cp * 16 + (unsigned long)h;
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
		return qw_toml_fail(l, i, "\\%c escape of U+%lX: not a Unicode scalar value", l->s[i + 1], cp), 0;
	put_utf8(b, cp);
	return i + 2 + k;
}

/* A line-ending backslash in a multi-line basic string, at s[i] == '\\' with white space or a newline after it:
 * it, the rest of the line and every blank and newline after are dropped. The end of that, or 0 (error set). */
static size_t
line_ending_backslash(qw_toml_lex *l, size_t i)
{
	const char *s = l->s;
	size_t j = i + 1;
	while (j < l->len && (s[j] == ' ' || s[j] == '\t'))
		j++;
	if (!(j < l->len && s[j] == '\n') && !(j + 1 < l->len && s[j] == '\r' && s[j + 1] == '\n'))
		return qw_toml_fail(l, i, "invalid escape: a backslash followed by white space must end its line"), 0;
	for (;;) {
		if (j < l->len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n'))
			j++;
		else if (j + 1 < l->len && s[j] == '\r' && s[j + 1] == '\n')
			j += 2;
		else
			return j;
	}
}

/* The escape at s[i] == '\\' of a basic string into b: the escape's end, or 0 (error set). */
static size_t
escape(qw_toml_lex *l, size_t i, bool ml, qw_buf *b)
{
	if (i + 1 >= l->len)
		return 0; /* the caller reports the unterminated string */
	char e = l->s[i + 1], c;
	switch (e) {
	case 'b': c = '\b'; break;
	case 't': c = '\t'; break;
	case 'n': c = '\n'; break;
	case 'f': c = '\f'; break;
	case 'r': c = '\r'; break;
	case '"': c = '"'; break;
	case '\\': c = '\\'; break;
	case 'u':
	case 'U': return unicode_escape(l, i, b);
	default:
		if (ml && (e == ' ' || e == '\t' || e == '\n' || e == '\r'))
			return line_ending_backslash(l, i);
		if (e > 0x20 && e < 0x7F)
			return qw_toml_fail(l, i, "invalid escape \\%c in a string", e), 0;
		return qw_toml_fail(l, i, "invalid escape: a backslash followed by byte 0x%02X", (unsigned char)e), 0;
	}
	qw_buf_addc(b, c);
	return i + 2;
}

/* The scratch buffer, emptied. */
static qw_buf *
scratch(qw_toml_lex *l)
{
	qw_buf_add(&l->scratch, "", 0); /* allocated, so that data is never NULL */
	l->scratch.len = 0;
	l->scratch.data[0] = '\0';
	return &l->scratch;
}

/* A character that stands for itself in any string: printable ASCII but the quote (and, in a basic string, the
 * backslash), and tab. */
static bool
literal_char(unsigned char c, char quote)
{
	return (c >= 0x20 && c < 0x7F && c != (unsigned char)quote && !(quote == '"' && c == '\\')) || c == '\t';
}

/* At a run of quotes in a multi-line string: two or fewer belong to it; three to five close it (the ones before
 * the last three belong to it); six or more are an error. Returns where scanning goes on, sets *done when closed. */
static size_t
ml_quotes(qw_toml_lex *l, size_t i, qw_buf *b, bool *done)
{
	char q = l->s[i];
	size_t n = 0;
	while (i + n < l->len && l->s[i + n] == q)
		n++;
	if (n > 5)
		return qw_toml_fail(l, i + 5, "too many quotes: a multi-line string ends at three"), 0;
	size_t keep = n >= 3 ? n - 3 : n;
	for (size_t k = 0; k < keep; k++)
		qw_buf_addc(b, q);
	*done = n >= 3;
	return i + n;
}

/* The character at s[i] that no fast path took: a newline, a control character or non-ASCII text. Its end, or 0
 * (error set). */
static size_t
string_char(qw_toml_lex *l, size_t i, bool ml, bool basic, qw_buf *b)
{
	const unsigned char *s = (const unsigned char *)l->s;
	unsigned char c = s[i];
	if (c == '\n' || (c == '\r' && i + 1 < l->len && s[i + 1] == '\n')) {
		if (!ml)
			return qw_toml_fail(l, i, "newline in a single-line string (an unterminated string?)"), 0;
		qw_buf_addc(b, '\n');
		return i + (c == '\r' ? 2 : 1);
	}
	if (c >= 0x80) {
		size_t k = utf8_seq(s + i, l->len - i);
		if (!k)
			return qw_toml_fail(l, i, "invalid UTF-8 in a string"), 0;
		qw_buf_add(b, s + i, k);
		return i + k;
	}
	if (c == '\r')
		return qw_toml_fail(l, i, "carriage return without a newline in a string"), 0;
	return qw_toml_fail(l, i, basic ? "control character 0x%02X in a string: write it as an escape"
					: "control character 0x%02X in a literal string",
			    c),
	       0;
}

qw_node *
qw_toml_string(qw_toml_lex *l, bool as_key)
{
	const char *s = l->s;
	size_t start = l->pos, len = l->len;
	char q = s[start];
	bool basic = q == '"';
	bool ml = start + 2 < len && s[start + 1] == q && s[start + 2] == q;
	if (ml && as_key) {
		qw_toml_fail(l, start, "a key cannot be a multi-line string");
		return NULL;
	}
	size_t i = start + (ml ? 3 : 1);
	if (ml && i < len && s[i] == '\n') /* a newline right after the opening quotes is not part of the value */
		i++;
	else if (ml && i + 1 < len && s[i] == '\r' && s[i + 1] == '\n')
		i += 2;
	qw_buf *b = scratch(l);
	for (bool done = false; !done;) {
		size_t a = i;
		while (i < len && literal_char((unsigned char)s[i], q))
			i++;
		qw_buf_add(b, s + a, i - a);
		if (i >= len) {
			qw_toml_fail(l, start, "unterminated string");
			return NULL;
		}
		if (s[i] == q && !ml) {
			i++;
			break;
		}
		if (s[i] == q)
			i = ml_quotes(l, i, b, &done);
		else if (s[i] == '\\') /* only a basic string's: a literal string took it above */
			i = escape(l, i, ml, b);
		else
			i = string_char(l, i, ml, basic, b);
		if (!i) {
			qw_toml_fail(l, start, "unterminated string");
			return NULL;
		}
	}
	qw_node *n = qw_doc_node(l->doc, QW_NODE_SCALAR, (qw_span){(uint32_t)start, (uint32_t)i});
	qw_doc_set_str(l->doc, n, b->data, b->len, NULL);
	l->pos = i;
	return n;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A character of a bare value: a number, a boolean, a date or a time. */
static bool
value_char(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '+' || c == '-' ||
	       c == '.' || c == ':';
}

static bool
digits(const char *t, size_t n, size_t at, size_t k, int *value)
{
	if (at + k > n)
		return false;
	int v = 0;
	for (size_t i = at; i < at + k; i++) {
		if (!is_digit(t[i]))
			return false;
		v = v * 10 + (t[i] - '0');
	}
	*value = v;
	return true;
}

static int
month_days(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

/* HH:MM:SS[.frac] at t[*i]; *i past it. */
static bool
check_time(qw_toml_lex *l, size_t start, const char *t, size_t n, size_t *i)
{
	int h, m, sec;
	if (!digits(t, n, *i, 2, &h) || *i + 2 >= n || t[*i + 2] != ':' || !digits(t, n, *i + 3, 2, &m) ||
	    *i + 5 >= n || t[*i + 5] != ':' || !digits(t, n, *i + 6, 2, &sec))
		return qw_toml_fail(l, start + *i, "invalid time: it must be HH:MM:SS");
	if (h > 23 || m > 59 || sec > 60)
		return qw_toml_fail(l, start + *i, "invalid time: hour, minute or second out of range");
	*i += 8;
	if (*i < n && t[*i] == '.') {
		if (++*i >= n || !is_digit(t[*i]))
			return qw_toml_fail(l, start + *i, "invalid time: a fraction of a second needs digits");
		while (*i < n && is_digit(t[*i]))
			++*i;
	}
	return true;
}

/* A local date, local time, local date-time or offset date-time (RFC 3339 with TOML's relaxations). */
static bool
check_datetime(qw_toml_lex *l, size_t start, const char *t, size_t n)
{
	size_t i = 0;
	bool date = n >= 5 && t[2] != ':';
	if (date) {
		int y, mo, d;
		if (!digits(t, n, 0, 4, &y) || t[4] != '-' || !digits(t, n, 5, 2, &mo) || n <= 7 || t[7] != '-' ||
		    !digits(t, n, 8, 2, &d))
			return qw_toml_fail(l, start, "invalid date: it must be YYYY-MM-DD");
		if (mo < 1 || mo > 12)
			return qw_toml_fail(l, start + 5, "invalid date: no month %02d", mo);
		if (d < 1 || d > month_days(y, mo))
			return qw_toml_fail(l, start + 8, "invalid date: no day %02d in that month", d);
		i = 10;
		if (i == n)
			return true;
		if (t[i] != 'T' && t[i] != 't' && t[i] != ' ')
			return qw_toml_fail(l, start + i, "invalid date-time: a date is followed by T and a time");
		i++;
	}
	if (!check_time(l, start, t, n, &i))
		return false;
	if (i < n && date && (t[i] == 'Z' || t[i] == 'z')) {
		i++;
	} else if (i < n && date && (t[i] == '+' || t[i] == '-')) {
		int h, m;
		if (!digits(t, n, i + 1, 2, &h) || i + 3 >= n || t[i + 3] != ':' || !digits(t, n, i + 4, 2, &m) ||
		    h > 23 || m > 59)
			return qw_toml_fail(l, start + i, "invalid time offset: it must be Z or +HH:MM");
		i += 6;
	}
	if (i != n)
		return qw_toml_fail(l, start + i, date ? "invalid date-time" : "invalid time");
	return true;
}

static bool
is_base_digit(char c, int base)
{
	int v = qw_hexval(c);
	return v >= 0 && v < base;
}

/* DIGIT *( DIGIT / "_" DIGIT ) at t[*i], in base; *i past it. False at a misplaced underscore or no digit. */
static bool
digit_run(const char *t, size_t n, size_t *i, int base)
{
	if (*i >= n || !is_base_digit(t[*i], base))
		return false;
	for (++*i; *i < n; ++*i) {
		if (t[*i] == '_') {
			if (*i + 1 >= n || !is_base_digit(t[*i + 1], base))
				return false;
			++*i;
		} else if (!is_base_digit(t[*i], base)) {
			break;
		}
	}
	return true;
}

static bool
bad_number(qw_toml_lex *l, size_t start, const char *t, size_t n, size_t i)
{
	if (i < n && t[i] == '_')
		return qw_toml_fail(l, start + i, "invalid number: an underscore must stand between two digits");
	return qw_toml_fail(l, start + i, "invalid number");
}

/* The integer's digits t[a..e) in base (underscores skipped) as its decimal text in out; false when it does not
 * fit TOML's 64-bit signed range. */
static bool
integer_text(const char *t, size_t a, size_t e, int base, bool neg, char *out, size_t outlen)
{
	unsigned long long v = 0, limit = neg ? 9223372036854775808ULL : 9223372036854775807ULL;
	for (size_t i = a; i < e; i++) {
		if (t[i] == '_')
			continue;
		unsigned d = (unsigned)qw_hexval(t[i]);
		if (v > (limit - d) / (unsigned)base)
			return false;
		v = v * (unsigned)base + d;
	}
	snprintf(out, outlen, "%s%llu", neg && v ? "-" : "", v);
	return true;
}

/* An integer or a float: its value's text into *out (a decimal integer; a float without its underscores). */
static bool
check_number(qw_toml_lex *l, size_t start, const char *t, size_t n, qw_buf *out)
{
	size_t i = t[0] == '+' || t[0] == '-' ? 1 : 0;
	bool neg = t[0] == '-';
	char dec[32];
	if (n - i == 3 && (!memcmp(t + i, "inf", 3) || !memcmp(t + i, "nan", 3))) {
		qw_buf_add(out, t, n);
		return true;
	}
	if (n - i >= 2 && t[i] == '0' && (t[i + 1] == 'x' || t[i + 1] == 'o' || t[i + 1] == 'b')) {
		int base = t[i + 1] == 'x' ? 16 : t[i + 1] == 'o' ? 8 : 2;
		if (i)
			return qw_toml_fail(l, start, "a hexadecimal, octal or binary integer cannot have a sign");
		size_t a = i = 2;
		if (!digit_run(t, n, &i, base) || i != n)
			return bad_number(l, start, t, n, i);
		if (!integer_text(t, a, n, base, false, dec, sizeof(dec)))
			return qw_toml_fail(l, start, "integer out of range (TOML integers are 64-bit)");
		qw_buf_adds(out, dec);
		return true;
	}
	size_t a = i;
	if (!digit_run(t, n, &i, 10))
		return bad_number(l, start, t, n, i);
	if (t[a] == '0' && i - a > 1)
		return qw_toml_fail(l, start + a, "invalid number: leading zeros are not allowed");
	if (i == n) {
		if (!integer_text(t, a, n, 10, neg, dec, sizeof(dec)))
			return qw_toml_fail(l, start, "integer out of range (TOML integers are 64-bit)");
		qw_buf_adds(out, dec);
		return true;
	}
	if (t[i] == '.' && (++i, !digit_run(t, n, &i, 10)))
		return bad_number(l, start, t, n, i);
	if (i < n && (t[i] == 'e' || t[i] == 'E')) {
		i++;
		if (i < n && (t[i] == '+' || t[i] == '-'))
			i++;
		if (!digit_run(t, n, &i, 10))
			return bad_number(l, start, t, n, i);
	}
	if (i != n)
		return bad_number(l, start, t, n, i);
	for (size_t k = 0; k < n; k++)
		if (t[k] != '_')
			qw_buf_addc(out, t[k]);
	return true;
}

/* A full date (YYYY-MM-DD) at t: one followed by a space and a time is a date-time. */
static bool
full_date(const char *t, size_t n)
{
	int v;
	return n == 10 && digits(t, n, 0, 4, &v) && t[4] == '-' && digits(t, n, 5, 2, &v) && t[7] == '-' &&
	       digits(t, n, 8, 2, &v);
}

qw_node *
qw_toml_scalar(qw_toml_lex *l)
{
	const char *s = l->s;
	size_t start = l->pos, e = start;
	while (e < l->len && value_char(s[e]))
		e++;
	if (full_date(s + start, e - start) && e + 3 < l->len && s[e] == ' ' && is_digit(s[e + 1]) &&
	    is_digit(s[e + 2]) && s[e + 3] == ':')
		for (e++; e < l->len && value_char(s[e]);)
			e++;
	const char *t = s + start;
	size_t n = e - start;
	qw_buf *b = scratch(l);
	if (n == 0) {
		unsigned char c = start < l->len ? (unsigned char)s[start] : 0;
		if (c > 0x20 && c < 0x7F)
			qw_toml_fail(l, start, "expected a value, found '%c'", c);
		else
			qw_toml_fail(l, start, "expected a value");
		return NULL;
	}
	if ((n == 4 && !memcmp(t, "true", 4)) || (n == 5 && !memcmp(t, "false", 5))) {
		qw_buf_add(b, t, n);
	} else if (n >= 5 && is_digit(t[0]) && is_digit(t[1]) &&
		   (t[2] == ':' || (is_digit(t[2]) && is_digit(t[3]) && t[4] == '-'))) {
		if (!check_datetime(l, start, t, n))
			return NULL;
		qw_buf_add(b, t, n);
	} else if ((t[0] >= 'a' && t[0] <= 'z') || (t[0] >= 'A' && t[0] <= 'Z')) {
		if (n != 3 || (memcmp(t, "inf", 3) && memcmp(t, "nan", 3))) {
			qw_toml_fail(l, start, "invalid value: a string must be in quotes, a boolean is true or false");
			return NULL;
		}
		qw_buf_add(b, t, n);
	} else if (!check_number(l, start, t, n, b)) {
		return NULL;
	}
	qw_node *node = qw_doc_node(l->doc, QW_NODE_SCALAR, (qw_span){(uint32_t)start, (uint32_t)e});
	qw_doc_set_str(l->doc, node, b->data, b->len, NULL);
	node->plain = true;
	l->pos = e;
	return node;
}
