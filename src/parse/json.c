/*
 * json.c - a JSON reader that keeps spans, in three dialects (parse.h): strict JSON (RFC 8259), JSONC and JSON5.
 * cJSON cannot say where a value is, and auth.json findings must point at the entry they are about; cJSON stays
 * the independent second opinion (see --fix). The dialects share this grammar; what they add to the characters
 * (comments, JSON5's strings, keys and numbers) is read by json_lex.c. The strict path is the reader it always
 * was: the dialects only branch off it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_lex.h"
#include "parse.h"
#include "util.h"

#define JSON_MAX_DEPTH QW_TREE_MAX_DEPTH

typedef struct jp {
	const char *s;
	size_t len, pos;
	qw_doc *doc;
	qw_parse_error *err;
	qw_json_dialect d;
} jp;

static bool
fail(jp *p, size_t at, const char *msg)
{
	if (!p->err->failed) {
		p->err->failed = true;
		p->err->offset = at;
		snprintf(p->err->msg, sizeof(p->err->msg), "%s", msg);
	}
	return false;
}

static void
skip_ws(jp *p)
{
	while (p->pos < p->len) {
		char c = p->s[p->pos];
		if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
			break;
		p->pos++;
	}
}

/* A lexer (json_lex.h) at p's position, and its answer taken back: its position, or its error. */
static qw_jlex
lex(const jp *p)
{
	return (qw_jlex){.s = p->s, .len = p->len, .pos = p->pos};
}

static bool
lexed(jp *p, const qw_jlex *x, bool ok)
{
	if (!ok)
		return fail(p, x->at, x->msg);
	p->pos = x->pos;
	return true;
}

/* White space, and in JSONC and JSON5 comments: false only on a block comment left open. */
static bool
skip(jp *p)
{
	if (p->d == QW_JSON_STRICT) {
		skip_ws(p);
		return true;
	}
	qw_jlex x = lex(p);
	return lexed(p, &x, qw_jlex_trivia(&x, p->d == QW_JSON_JSON5));
}

static bool
read_hex4(jp *p, unsigned *out)
{
	if (p->pos + 4 > p->len)
		return fail(p, p->pos, "truncated \\u escape");
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		int h = qw_hexval(p->s[p->pos + i]);
		if (h < 0)
			return fail(p, p->pos + i, "invalid \\u escape");
		v = v * 16 + (unsigned)h;
	}
	p->pos += 4;
	*out = v;
	return true;
}

static qw_node *
parse_string(jp *p)
{
	size_t start = p->pos++;
	/* the common case, a string with no escape, is copied straight from the text */
	size_t q = p->pos;
	while (q < p->len && p->s[q] != '"' && p->s[q] != '\\' && (unsigned char)p->s[q] >= 0x20)
		q++;
	if (q < p->len && p->s[q] == '"') {
		qw_node *n = qw_doc_node(p->doc, QW_NODE_SCALAR, (qw_span){start, q + 1});
		qw_doc_set_str(p->doc, n, p->s + p->pos, q - p->pos, NULL);
		p->pos = q + 1;
		return n;
	}
	qw_buf b = {0};
	while (p->pos < p->len) {
		unsigned char c = (unsigned char)p->s[p->pos];
		if (c == '"') {
			p->pos++;
			qw_node *n = qw_doc_node(p->doc, QW_NODE_SCALAR, (qw_span){start, p->pos});
			qw_doc_set_str(p->doc, n, b.data ? b.data : "", b.len, NULL);
			qw_buf_free(&b);
			return n;
		}
		if (c < 0x20) {
			qw_buf_free(&b);
			fail(p, p->pos, "control character in string (unterminated string?)");
			return NULL;
		}
		if (c != '\\') {
			qw_buf_addc(&b, (char)c);
			p->pos++;
			continue;
		}
		if (++p->pos >= p->len)
			break;
		char e = p->s[p->pos++];
		unsigned cp;
		switch (e) {
		case '"': qw_buf_addc(&b, '"'); break;
		case '\\': qw_buf_addc(&b, '\\'); break;
		case '/': qw_buf_addc(&b, '/'); break;
		case 'b': qw_buf_addc(&b, '\b'); break;
		case 'f': qw_buf_addc(&b, '\f'); break;
		case 'n': qw_buf_addc(&b, '\n'); break;
		case 'r': qw_buf_addc(&b, '\r'); break;
		case 't': qw_buf_addc(&b, '\t'); break;
		case 'u':
			if (!read_hex4(p, &cp)) {
				qw_buf_free(&b);
				return NULL;
			}
			if (cp >= 0xD800 && cp < 0xDC00 && p->pos + 6 <= p->len && p->s[p->pos] == '\\' &&
			    p->s[p->pos + 1] == 'u') {
				unsigned lo;
				p->pos += 2;
				if (!read_hex4(p, &lo)) {
					qw_buf_free(&b);
					return NULL;
				}
				if (lo >= 0xDC00 && lo < 0xE000)
					cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				else
					cp = 0xFFFD;
			} else if (cp >= 0xD800 && cp < 0xE000) {
				cp = 0xFFFD;
			}
			qw_jlex_put_utf8(&b, cp);
			break;
		default:
			qw_buf_free(&b);
			fail(p, p->pos - 1, "invalid escape in string");
			return NULL;
		}
	}
	qw_buf_free(&b);
	fail(p, start, "unterminated string");
	return NULL;
}

/* A JSON5 string or unquoted key, read by the lexer into one scalar with its decoded value. */
static qw_node *
lexed_scalar(jp *p, bool (*read)(qw_jlex *, qw_buf *))
{
	size_t start = p->pos;
	qw_jlex x = lex(p);
	qw_buf b = {0};
	qw_node *n = NULL;
	if (lexed(p, &x, read(&x, &b))) {
		n = qw_doc_node(p->doc, QW_NODE_SCALAR, (qw_span){start, p->pos});
		qw_doc_set_str(p->doc, n, b.data ? b.data : "", b.len, NULL);
	}
	qw_buf_free(&b);
	return n;
}

/* A mapping's key: a string; in JSON5 also in single quotes or a name without quotes. */
static qw_node *
parse_key(jp *p)
{
	bool more = p->pos < p->len;
	char c = more ? p->s[p->pos] : '\0';
	if (p->d == QW_JSON_JSON5 && more) {
		qw_jlex x = lex(p);
		if (c == '"' || c == '\'')
			return lexed_scalar(p, qw_jlex_string5);
		if (qw_jlex_ident5_start(&x))
			return lexed_scalar(p, qw_jlex_ident5);
	}
	if (!more || c != '"' || p->d == QW_JSON_JSON5) {
		fail(p, p->pos, p->d == QW_JSON_JSON5 ? "expected a key"
			      : more && c == '}' ? "trailing comma before '}'"
						 : "expected a string key");
		return NULL;
	}
	return parse_string(p);
}

static qw_node *parse_value(jp *p, int depth);

/* One member of a mapping (key, ':', value) or item of a sequence, pushed onto the open container. */
static bool
parse_member(jp *p, int depth, bool is_map)
{
	if (!skip(p))
		return false;
	if (is_map) {
		qw_node *k = parse_key(p);
		if (!k || !skip(p))
			return false;
		if (p->pos >= p->len || p->s[p->pos] != ':')
			return fail(p, p->pos, "expected ':' after key");
		p->pos++;
		qw_node *v = parse_value(p, depth + 1);
		if (!v)
			return false;
		qw_doc_push(p->doc, k, false);
		qw_doc_push(p->doc, v, false);
		return true;
	}
	if (p->pos < p->len && p->s[p->pos] == ']')
		return fail(p, p->pos, "trailing comma before ']'");
	qw_node *v = parse_value(p, depth + 1);
	if (v)
		qw_doc_push(p->doc, v, false);
	return v != NULL;
}

static qw_node *
parse_container(jp *p, int depth, bool is_map)
{
	char close = is_map ? '}' : ']';
	qw_node *n = qw_doc_node(p->doc, is_map ? QW_NODE_MAP : QW_NODE_SEQ, (qw_span){p->pos, p->pos + 1});
	size_t mark = qw_doc_mark(p->doc);
	p->pos++;
	if (!skip(p))
		return NULL;
	if (p->pos < p->len && p->s[p->pos] == close) {
		n->span.end = ++p->pos;
		return n;
	}
	for (;;) {
		if (!parse_member(p, depth, is_map) || !skip(p))
			return NULL;
		if (p->pos >= p->len) {
			fail(p, p->pos, is_map ? "unterminated object" : "unterminated array");
			return NULL;
		}
		char c = p->s[p->pos];
		if (c == ',') {
			p->pos++;
			/* JSONC and JSON5: one comma may follow the last member */
			if (p->d == QW_JSON_STRICT)
				continue;
			if (!skip(p))
				return NULL;
			if (p->pos >= p->len || p->s[p->pos] != close)
				continue;
			c = close;
		}
		if (c == close) {
			n->span.end = ++p->pos;
			qw_doc_close(p->doc, n, mark);
			return n;
		}
		fail(p, p->pos, is_map ? "expected ',' or '}'" : "expected ',' or ']'");
		return NULL;
	}
}

/* What an unexpected character at a value's place is, in the words of p's dialect. */
static const char *
unexpected(const jp *p, size_t at)
{
	char c = p->s[at];
	bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
	if (p->d == QW_JSON_STRICT)
		return c == '/' || c == '#' ? "comments are not allowed in JSON" : "unexpected character";
	if (c == '#')
		return "'#' starts no comment (comments are // and /* */)";
	if (c == '/')
		return "a lone '/' (comments are // and /* */)";
	if (c == '\'')
		return "single-quoted strings are JSON5, not JSONC";
	if (letter)
		return p->d == QW_JSON_JSON5 ? "a string value needs quotes (only a key may go without)"
					     : "a string needs double quotes";
	return "unexpected character";
}

/* true, false or null at p->pos */
static bool
keyword(jp *p)
{
	static const char *const words[] = {"true", "false", "null"};
	for (int i = 0; i < 3; i++) {
		size_t l = strlen(words[i]);
		if (p->len - p->pos >= l && memcmp(p->s + p->pos, words[i], l) == 0) {
			p->pos += l;
			return true;
		}
	}
	return false;
}

/* A literal from start to p->pos: its text as written (a number is not converted), plain. */
static qw_node *
plain_scalar(jp *p, size_t start)
{
	qw_node *n = qw_doc_node(p->doc, QW_NODE_SCALAR, (qw_span){start, p->pos});
	qw_doc_set_str(p->doc, n, p->s + start, p->pos - start, NULL);
	n->plain = true;
	return n;
}

static qw_node *
parse_literal(jp *p)
{
	size_t start = p->pos;
	const char *s = p->s;
	if (s[p->pos] == '-')
		p->pos++;
	if (p->pos < p->len && s[p->pos] >= '0' && s[p->pos] <= '9') {
		if (s[p->pos] == '0')
			p->pos++;
		else
			while (p->pos < p->len && s[p->pos] >= '0' && s[p->pos] <= '9')
				p->pos++;
		if (p->pos < p->len && s[p->pos] == '.') {
			p->pos++;
			if (p->pos >= p->len || s[p->pos] < '0' || s[p->pos] > '9') {
				fail(p, p->pos, "invalid number");
				return NULL;
			}
			while (p->pos < p->len && s[p->pos] >= '0' && s[p->pos] <= '9')
				p->pos++;
		}
		if (p->pos < p->len && (s[p->pos] == 'e' || s[p->pos] == 'E')) {
			p->pos++;
			if (p->pos < p->len && (s[p->pos] == '+' || s[p->pos] == '-'))
				p->pos++;
			if (p->pos >= p->len || s[p->pos] < '0' || s[p->pos] > '9') {
				fail(p, p->pos, "invalid number");
				return NULL;
			}
			while (p->pos < p->len && s[p->pos] >= '0' && s[p->pos] <= '9')
				p->pos++;
		}
	} else if (p->pos == start) {
		if (!keyword(p)) {
			fail(p, start, unexpected(p, start));
			return NULL;
		}
	} else {
		fail(p, p->pos, "invalid number");
		return NULL;
	}
	return plain_scalar(p, start);
}

/* JSON5's numbers (hexadecimal, a leading or trailing point, a '+', Infinity, NaN) and keywords. */
static qw_node *
parse_literal5(jp *p)
{
	size_t start = p->pos, left = p->len - start;
	char c = p->s[start];
	bool named = (left >= 8 && !memcmp(p->s + start, "Infinity", 8)) ||
		     (left >= 3 && !memcmp(p->s + start, "NaN", 3));
	if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.' || named) {
		qw_jlex x = lex(p);
		if (!lexed(p, &x, qw_jlex_number5(&x)))
			return NULL;
	} else if (!keyword(p)) {
		fail(p, start, unexpected(p, start));
		return NULL;
	}
	return plain_scalar(p, start);
}

static qw_node *
parse_value(jp *p, int depth)
{
	if (depth > JSON_MAX_DEPTH) {
		fail(p, p->pos, "nesting deeper than 512 levels");
		return NULL;
	}
	if (!skip(p))
		return NULL;
	if (p->pos >= p->len) {
		fail(p, p->pos, "unexpected end of input");
		return NULL;
	}
	bool json5 = p->d == QW_JSON_JSON5;
	switch (p->s[p->pos]) {
	case '{': return parse_container(p, depth, true);
	case '[': return parse_container(p, depth, false);
	case '"': return json5 ? lexed_scalar(p, qw_jlex_string5) : parse_string(p);
	case '\'': return json5 ? lexed_scalar(p, qw_jlex_string5) : parse_literal(p);
	default: return json5 ? parse_literal5(p) : parse_literal(p);
	}
}

qw_doc *
qw_json_parse_dialect(const qw_source *src, qw_json_dialect d, qw_parse_error *err)
{
	memset(err, 0, sizeof(*err));
	jp p = {src->data, src->len, 0, qw_doc_new(), err, d};
	if (src->has_bom)
		p.pos = 3;
	if (skip(&p) && p.pos >= p.len) {
		fail(&p, p.pos, d == QW_JSON_STRICT ? "empty file: not a JSON document"
						    : "no value: the file is empty or holds only comments");
	} else if (!err->failed) {
		p.doc->root = parse_value(&p, 0);
		if (!err->failed && skip(&p) && p.pos < p.len)
			fail(&p, p.pos, "unexpected text after the JSON document");
	}
	if (err->failed) {
		qw_doc_free(p.doc);
		return NULL;
	}
	return p.doc;
}

qw_doc *
qw_json_parse(const qw_source *src, qw_parse_error *err)
{
	return qw_json_parse_dialect(src, QW_JSON_STRICT, err);
}

char
qw_json_quote(const qw_source *src, const qw_node *n)
{
	if (!n || n->type != QW_NODE_SCALAR || n->plain || n->span.start >= src->len)
		return '\0';
	char c = src->data[n->span.start];
	return c == '"' || c == '\'' ? c : '\0';
}
