/*
 * json.c - a strict JSON (RFC 8259) reader that keeps spans. cJSON cannot say where a value is, and auth.json
 * findings must point at the entry they are about; cJSON stays the independent second opinion (see --fix).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "util.h"

#define JSON_MAX_DEPTH QW_TREE_MAX_DEPTH

typedef struct jp {
	const char *s;
	size_t len, pos;
	qw_doc *doc;
	qw_parse_error *err;
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

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool
read_hex4(jp *p, unsigned *out)
{
	if (p->pos + 4 > p->len)
		return fail(p, p->pos, "truncated \\u escape");
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		int h = hexval(p->s[p->pos + i]);
		if (h < 0)
			return fail(p, p->pos + i, "invalid \\u escape");
		v = v * 16 + (unsigned)h;
	}
	p->pos += 4;
	*out = v;
	return true;
}

static void
put_utf8(qw_buf *b, unsigned cp)
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
			put_utf8(&b, cp);
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

static qw_node *parse_value(jp *p, int depth);

static qw_node *
parse_container(jp *p, int depth, bool is_map)
{
	qw_node *n = qw_doc_node(p->doc, is_map ? QW_NODE_MAP : QW_NODE_SEQ, (qw_span){p->pos, p->pos + 1});
	size_t mark = qw_doc_mark(p->doc);
	p->pos++;
	skip_ws(p);
	if (p->pos < p->len && p->s[p->pos] == (is_map ? '}' : ']')) {
		n->span.end = ++p->pos;
		return n;
	}
	for (;;) {
		skip_ws(p);
		if (is_map) {
			if (p->pos >= p->len || p->s[p->pos] != '"') {
				fail(p, p->pos, p->pos < p->len && p->s[p->pos] == '}'
							? "trailing comma before '}'"
							: "expected a string key");
				return NULL;
			}
			qw_node *k = parse_string(p);
			if (!k)
				return NULL;
			skip_ws(p);
			if (p->pos >= p->len || p->s[p->pos] != ':') {
				fail(p, p->pos, "expected ':' after key");
				return NULL;
			}
			p->pos++;
			qw_node *v = parse_value(p, depth + 1);
			if (!v)
				return NULL;
			qw_doc_push(p->doc, k, false);
			qw_doc_push(p->doc, v, false);
		} else {
			skip_ws(p);
			if (p->pos < p->len && p->s[p->pos] == ']') {
				fail(p, p->pos, "trailing comma before ']'");
				return NULL;
			}
			qw_node *v = parse_value(p, depth + 1);
			if (!v)
				return NULL;
			qw_doc_push(p->doc, v, false);
		}
		skip_ws(p);
		if (p->pos >= p->len) {
			fail(p, p->pos, is_map ? "unterminated object" : "unterminated array");
			return NULL;
		}
		char c = p->s[p->pos];
		if (c == ',') {
			p->pos++;
			continue;
		}
		if (c == (is_map ? '}' : ']')) {
			n->span.end = ++p->pos;
			qw_doc_close(p->doc, n, mark);
			return n;
		}
		fail(p, p->pos, is_map ? "expected ',' or '}'" : "expected ',' or ']'");
		return NULL;
	}
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
		static const char *const words[] = {"true", "false", "null"};
		for (int i = 0; i < 3; i++) {
			size_t l = strlen(words[i]);
			if (p->len - p->pos >= l && memcmp(s + p->pos, words[i], l) == 0) {
				p->pos += l;
				break;
			}
		}
		if (p->pos == start) {
			fail(p, start, s[start] == '/' || s[start] == '#' ? "comments are not allowed in JSON"
									   : "unexpected character");
			return NULL;
		}
	} else {
		fail(p, p->pos, "invalid number");
		return NULL;
	}
	qw_node *n = qw_doc_node(p->doc, QW_NODE_SCALAR, (qw_span){start, p->pos});
	qw_doc_set_str(p->doc, n, s + start, p->pos - start, NULL);
	n->plain = true;
	return n;
}

static qw_node *
parse_value(jp *p, int depth)
{
	if (depth > JSON_MAX_DEPTH) {
		fail(p, p->pos, "nesting deeper than 512 levels");
		return NULL;
	}
	skip_ws(p);
	if (p->pos >= p->len) {
		fail(p, p->pos, "unexpected end of input");
		return NULL;
	}
	switch (p->s[p->pos]) {
	case '{': return parse_container(p, depth, true);
	case '[': return parse_container(p, depth, false);
	case '"': return parse_string(p);
	default: return parse_literal(p);
	}
}

qw_doc *
qw_json_parse(const qw_source *src, qw_parse_error *err)
{
	memset(err, 0, sizeof(*err));
	jp p = {src->data, src->len, 0, qw_doc_new(), err};
	if (src->has_bom)
		p.pos = 3;
	skip_ws(&p);
	if (p.pos >= p.len) {
		fail(&p, p.pos, "empty file: not a JSON document");
	} else {
		p.doc->root = parse_value(&p, 0);
		skip_ws(&p);
		if (!err->failed && p.pos < p.len)
			fail(&p, p.pos, "unexpected text after the JSON document");
	}
	if (err->failed) {
		qw_doc_free(p.doc);
		return NULL;
	}
	return p.doc;
}
