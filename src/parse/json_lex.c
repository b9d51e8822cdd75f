/*
 * json_lex.c - comments, JSON5's white space, unquoted keys, numbers and strings for json.c (json_lex.h). What
 * JSON5 accepts is its 1.0.0 specification (spec.json5.org) as the json5 package reads it (OpenClaw's
 * openclaw.json); JSONC is VS Code's jsonc-parser (OpenCode's opencode.json).
 */
#include <string.h>

#include "json_lex.h"

static bool
lex_fail(qw_jlex *x, size_t at, const char *msg)
{
	x->msg = msg;
	x->at = at;
	return false;
}

void
qw_jlex_put_utf8(qw_buf *b, unsigned cp)
{
	if (cp < 0x80) {
		qw_buf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		qw_buf_addc(b, (char)(0xC0 | (cp >> 6)));
		qw_buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		qw_buf_addc(b, (char)(0xE0 | (cp >> 12)));
		qw_buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		qw_buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		qw_buf_addc(b, (char)(0xF0 | (cp >> 18)));
		qw_buf_addc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		qw_buf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		qw_buf_addc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

size_t
qw_jlex_utf8(const char *s, size_t len, size_t pos, unsigned *cp)
{
	if (pos >= len)
		return 0;
	const unsigned char *u = (const unsigned char *)s + pos;
	unsigned c = u[0], min;
	size_t n;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c < 0xE0) {
		n = 2, c &= 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c < 0xF0) {
		n = 3, c &= 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c < 0xF5) {
		n = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len - pos < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c < 0xE000))
		return 0;
	*cp = c;
	return n;
}

/* JSON5's WhiteSpace and LineTerminator: ECMAScript 5.1's, with every Unicode Space_Separator (Zs) of today */
static bool
space5(unsigned cp)
{
	switch (cp) {
	case '\t': case '\n': case '\v': case '\f': case '\r': case ' ':
	case 0xA0: case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
		return true;
	default:
		return cp >= 0x2000 && cp <= 0x200A;
	}
}

/* Is the character at pos a line terminator (JSON5: LF, CR, U+2028, U+2029; JSONC: LF, CR)? Its length, or 0. */
static size_t
newline(const qw_jlex *x, size_t pos, bool json5)
{
	char c = x->s[pos];
	if (c == '\n' || c == '\r')
		return 1;
	unsigned cp;
	if (json5 && c == '\xE2' && qw_jlex_utf8(x->s, x->len, pos, &cp) == 3 && (cp == 0x2028 || cp == 0x2029))
		return 3;
	return 0;
}

/* Past the block comment that starts at x->pos ("/ *" is not closed by the star it opened with). */
static bool
block_comment(qw_jlex *x)
{
	for (size_t i = x->pos + 2; i + 1 < x->len; i++)
		if (x->s[i] == '*' && x->s[i + 1] == '/') {
			x->pos = i + 2;
			return true;
		}
	return lex_fail(x, x->pos, "unterminated /* comment");
}

bool
qw_jlex_trivia(qw_jlex *x, bool json5)
{
	while (x->pos < x->len) {
		char c = x->s[x->pos];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			x->pos++;
			continue;
		}
		char next = x->pos + 1 < x->len ? x->s[x->pos + 1] : '\0';
		if (c == '/' && next == '/') {
			for (x->pos += 2; x->pos < x->len && !newline(x, x->pos, json5);)
				x->pos++;
			continue;
		}
		if (c == '/' && next == '*') {
			if (!block_comment(x))
				return false;
			continue;
		}
		unsigned cp;
		size_t n = json5 ? qw_jlex_utf8(x->s, x->len, x->pos, &cp) : 0;
		if (!n || !space5(cp))
			return true;
		x->pos += n;
	}
	return true;
}

/* ndigits hexadecimal digits at x->pos (after "\u" or "\x"); the messages are the strict reader's */
static bool
hex_escape(qw_jlex *x, int ndigits, unsigned *out)
{
	bool u = ndigits == 4;
	if (x->len - x->pos < (size_t)ndigits)
		return lex_fail(x, x->pos, u ? "truncated \\u escape" : "truncated \\x escape");
	unsigned v = 0;
	for (int i = 0; i < ndigits; i++) {
		int h = qw_hexval(x->s[x->pos + (size_t)i]);
		if (h < 0)
			return lex_fail(x, x->pos + (size_t)i, u ? "invalid \\u escape" : "invalid \\x escape");
		v = v * 16 + (unsigned)h;
	}
	x->pos += (size_t)ndigits;
	*out = v;
	return true;
}

/* After "\u" in a string: one UTF-16 code unit, or two that make a surrogate pair. A lone surrogate (JavaScript
 * keeps it; UTF-8 cannot hold it) becomes U+FFFD, and what follows it is read on its own. */
static bool
u_escape(qw_jlex *x, qw_buf *out)
{
	unsigned cp, lo;
	if (!hex_escape(x, 4, &cp))
		return false;
	if (cp >= 0xD800 && cp < 0xDC00 && x->len - x->pos >= 6 && x->s[x->pos] == '\\' && x->s[x->pos + 1] == 'u') {
		qw_jlex y = *x;
		y.pos += 2;
		if (hex_escape(&y, 4, &lo) && lo >= 0xDC00 && lo < 0xE000) {
			x->pos = y.pos;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		}
	}
	qw_jlex_put_utf8(out, cp >= 0xD800 && cp < 0xE000 ? 0xFFFD : cp);
	return true;
}

/* After a backslash in a JSON5 string (ECMAScript 5.1's EscapeSequence and LineContinuation). */
static bool
escape5(qw_jlex *x, qw_buf *out)
{
	static const char named[] = "b\bf\fn\nr\rt\tv\v";
	char e = x->s[x->pos];
	const char *m = e ? strchr(named, e) : NULL;
	size_t nl;
	if (m && (m - named) % 2 == 0) {
		qw_buf_addc(out, m[1]);
		x->pos++;
	} else if (e == '0') {
		if (++x->pos < x->len && x->s[x->pos] >= '0' && x->s[x->pos] <= '9')
			return lex_fail(x, x->pos, "a digit after \\0 (JSON5 has no octal escapes)");
		qw_buf_addc(out, '\0');
	} else if (e >= '1' && e <= '9') {
		return lex_fail(x, x->pos, "invalid escape in string (JSON5 has no octal escapes)");
	} else if (e == 'x' || e == 'u') {
		unsigned cp;
		x->pos++;
		if (e == 'u')
			return u_escape(x, out);
		if (!hex_escape(x, 2, &cp))
			return false;
		qw_jlex_put_utf8(out, cp);
	} else if ((nl = newline(x, x->pos, true)) != 0) {
		/* a line continuation: the backslash and the line break are not part of the value */
		x->pos += nl;
		if (e == '\r' && x->pos < x->len && x->s[x->pos] == '\n')
			x->pos++;
	} else {
		/* any other character stands for itself (\' \" \\ \/ too); a UTF-8 sequence's other bytes follow */
		qw_buf_addc(out, e);
		x->pos++;
	}
	return true;
}

bool
qw_jlex_string5(qw_jlex *x, qw_buf *out)
{
	size_t start = x->pos;
	char q = x->s[x->pos++];
	qw_buf_add(out, "", 0); /* an empty string still has a buffer */
	while (x->pos < x->len) {
		size_t run = x->pos;
		while (run < x->len && x->s[run] != q && x->s[run] != '\\' && x->s[run] != '\n' && x->s[run] != '\r')
			run++;
		qw_buf_add(out, x->s + x->pos, run - x->pos);
		x->pos = run;
		if (run >= x->len)
			break;
		char c = x->s[run];
		if (c == q) {
			x->pos++;
			return true;
		}
		if (c != '\\')
			return lex_fail(x, run, "line break in string (unterminated string? a backslash before the "
						"line break continues it)");
		if (++x->pos >= x->len)
			break;
		if (!escape5(x, out))
			return false;
	}
	return lex_fail(x, start, "unterminated string");
}

/* An IdentifierStart (first) or IdentifierPart character of ASCII. */
static bool
ascii_ident(unsigned c, bool first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '$' || c == '_' ||
	       (!first && c >= '0' && c <= '9');
}

/* Above ASCII, the blocks of symbols, punctuation and controls that hold no letter, where a stray character is
 * likely: C1 controls and Latin-1's signs (but ª µ · º), white space, general punctuation (but the connectors),
 * currency, arrows to miscellaneous symbols (U+2190-U+2BFF: mathematics, box drawing, shapes, dingbats, Braille), CJK
 * punctuation, surrogates, private use, specials (U+FFFD: what a JavaScript reader makes of bytes that are not
 * UTF-8) and the emoji planes. */
static const struct {
	unsigned lo, hi;
} not_ident[] = {
	{0x80, 0xA9}, {0xAB, 0xB4}, {0xB6, 0xB6}, {0xB8, 0xB9}, {0xBB, 0xBF}, {0xD7, 0xD7}, {0xF7, 0xF7},
	{0x1680, 0x1680}, {0x180E, 0x180E}, {0x2000, 0x200B}, {0x200E, 0x203E}, {0x2041, 0x2053}, {0x2055, 0x206F},
	{0x20A0, 0x20CF}, {0x2190, 0x2BFF}, {0x3000, 0x3004}, {0x3008, 0x3020}, {0xD800, 0xF8FF}, {0xFE10, 0xFE1F},
	{0xFEFF, 0xFEFF}, {0xFF01, 0xFF0F}, {0xFFF0, 0xFFFF}, {0x1F000, 0x1FBFF}, {0xE0000, 0xE007F},
	{0xF0000, 0x10FFFF},
};

/* Any other character above ASCII counts as a letter (json_lex.h), but the joiners ZWNJ and ZWJ only after one. */
static bool
wide_ident(unsigned cp, bool first)
{
	if (cp < 0x80 || (first && (cp == 0x200C || cp == 0x200D)))
		return false;
	for (size_t i = 0; i < sizeof(not_ident) / sizeof(not_ident[0]); i++)
		if (cp >= not_ident[i].lo && cp <= not_ident[i].hi)
			return false;
	return true;
}

bool
qw_jlex_ident5_start(const qw_jlex *x)
{
	unsigned char c = (unsigned char)x->s[x->pos];
	return ascii_ident(c, true) || c == '\\' || c >= 0x80;
}

/* "\uXXXX" in an unquoted key: it must name a character the key could hold written out. */
static bool
ident_escape(qw_jlex *x, qw_buf *out, bool first)
{
	size_t at = x->pos;
	unsigned cp;
	if (x->pos + 1 >= x->len || x->s[x->pos + 1] != 'u')
		return lex_fail(x, at, "an unquoted key may hold only \\uXXXX escapes");
	x->pos += 2;
	if (!hex_escape(x, 4, &cp))
		return false;
	if (cp < 0x80 ? !ascii_ident(cp, first) : !wide_ident(cp, first))
		return lex_fail(x, at, "this \\u escape names a character an unquoted key cannot hold");
	qw_jlex_put_utf8(out, cp);
	return true;
}

bool
qw_jlex_ident5(qw_jlex *x, qw_buf *out)
{
	size_t start = x->pos;
	qw_buf_add(out, "", 0);
	while (x->pos < x->len) {
		bool first = x->pos == start;
		unsigned char c = (unsigned char)x->s[x->pos];
		unsigned cp;
		size_t n;
		if (c == '\\') {
			if (!ident_escape(x, out, first))
				return false;
		} else if (c < 0x80) {
			if (!ascii_ident(c, first))
				break;
			qw_buf_addc(out, (char)c);
			x->pos++;
		} else if ((n = qw_jlex_utf8(x->s, x->len, x->pos, &cp)) != 0 && wide_ident(cp, first)) {
			qw_buf_add(out, x->s + x->pos, n);
			x->pos += n;
		} else {
			break;
		}
	}
	return x->pos > start || lex_fail(x, start, "expected a key");
}

static size_t
digits(const qw_jlex *x, size_t pos, bool hex)
{
	while (pos < x->len && (hex ? qw_hexval(x->s[pos]) >= 0 : (x->s[pos] >= '0' && x->s[pos] <= '9')))
		pos++;
	return pos;
}

static bool
word(qw_jlex *x, const char *w)
{
	size_t l = strlen(w);
	if (x->len - x->pos < l || memcmp(x->s + x->pos, w, l) != 0)
		return false;
	x->pos += l;
	return true;
}

/* ECMAScript: the character after a number is neither a digit nor one that could start a name ("3in", "0x1g") */
static bool
number_end(qw_jlex *x)
{
	char c = x->pos < x->len ? x->s[x->pos] : '\0';
	if (ascii_ident((unsigned char)c, false) || c == '\\')
		return lex_fail(x, x->pos, "invalid number");
	return true;
}

/* digits, a point and digits, an exponent: at least one digit before or after the point */
static bool
decimal5(qw_jlex *x)
{
	size_t int_at = x->pos;
	x->pos = digits(x, x->pos, false);
	size_t nint = x->pos - int_at, nfrac = 0;
	if (nint > 1 && x->s[int_at] == '0')
		return lex_fail(x, int_at + 1, "invalid number: a leading zero");
	if (x->pos < x->len && x->s[x->pos] == '.') {
		size_t frac_at = ++x->pos;
		x->pos = digits(x, x->pos, false);
		nfrac = x->pos - frac_at;
	}
	if (nint == 0 && nfrac == 0)
		return lex_fail(x, x->pos, "invalid number");
	if (x->pos < x->len && (x->s[x->pos] == 'e' || x->s[x->pos] == 'E')) {
		x->pos++;
		if (x->pos < x->len && (x->s[x->pos] == '+' || x->s[x->pos] == '-'))
			x->pos++;
		size_t exp_at = x->pos;
		x->pos = digits(x, x->pos, false);
		if (x->pos == exp_at)
			return lex_fail(x, x->pos, "invalid number");
	}
	return true;
}

bool
qw_jlex_number5(qw_jlex *x)
{
	if (x->s[x->pos] == '+' || x->s[x->pos] == '-')
		x->pos++;
	if (word(x, "Infinity") || word(x, "NaN"))
		return number_end(x);
	if (x->len - x->pos >= 2 && x->s[x->pos] == '0' && (x->s[x->pos + 1] == 'x' || x->s[x->pos + 1] == 'X')) {
		size_t at = x->pos += 2;
		x->pos = digits(x, x->pos, true);
		return x->pos > at ? number_end(x) : lex_fail(x, x->pos, "invalid number");
	}
	return decimal5(x) && number_end(x);
}
