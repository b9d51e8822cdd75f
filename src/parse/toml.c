/*
 * toml.c - a strict TOML v1.0.0 reader (https://toml.io/en/v1.0.0) that keeps spans, for Codex CLI's
 * ~/.codex/config.toml: no C TOML library in Debian 12 says where a value is, and a finding must point at it and
 * --fix must replace exactly its bytes. The scalars are toml_lex.c's; this file reads keys, tables, arrays and
 * inline tables and builds the tree every rule reads (tree.h), the same shape as the YAML and JSON readers':
 *
 * - The document is a mapping; `[a.b]` opens (creating as needed) nested mappings; `[[a.b]]` appends a mapping to
 *   a sequence; an inline table is a mapping, an array a sequence; every value a scalar. Pairs keep the order in
 *   which their keys first appear.
 * - Keys are scalars with plain false (TOML keys are always strings: a bare key `null` is not YAML's null); a
 *   key's span is its own text, quotes included. In `a.b.c = 1` each part is the key of its own pair: `a` in the
 *   document, `b` in table a, `c` in table a.b, each with its own span.
 * - A string value is a scalar with plain false whose span includes its quotes; its style is in the text at the
 *   span's start (`"`, `'`, `"""` or `'''`): a --fix that rewrites it can keep it. Booleans, numbers, dates and
 *   times are plain scalars whose span is exactly their text (an integer's str is its decimal value, see
 *   toml_int.h). Replacing a value's span replaces that value and nothing else.
 * - A table's span runs from where it first appears (the header or dotted key that created it, implicitly or
 *   not; the document from offset 0) to the end of the last thing it holds, so that every child is inside its
 *   parent (edit.c's search by span, the fuzz target's check). A table defined in pieces (`[a]`, `[b]`, `[a.c]`)
 *   thus spans what lies between; an empty table defined by `[a]` spans that header. A sequence of tables spans
 *   its items; an inline table or an array its brackets.
 *
 * Everything the specification calls invalid is a syntax error with the byte offset of its cause (a key or table
 * defined twice, dotted keys into a table a header defined, a header into an inline table or a static array, bad
 * escapes, control characters, invalid UTF-8 in comments and strings, an integer past 64 bits...). Nesting is
 * limited to QW_TREE_MAX_DEPTH levels, counting tables, dotted keys, arrays and inline tables alike.
 *
 * Ownership: qw_toml_parse returns a qw_doc the caller frees (qw_doc_free); the tables' bookkeeping here (entries,
 * the key index) is freed before it returns.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "toml_int.h"

/* What a table is and so what may still add to it. */
typedef enum tkind {
	T_IMPLICIT, /* made by a header's path ([a] of [a.b]): [a] may still define it, dotted keys add to it */
	T_HEADER,   /* defined by its own header (or an item of [[...]]): not again, and not by dotted keys */
	T_DOTTED,   /* made by dotted keys: dotted keys add to it, a header may not define it, [a.sub] may */
	T_INLINE,   /* an inline table: closed when its '}' is read */
	T_AOT,      /* an array of tables: [[a]] appends, [a.x] goes into its last item */
} tkind;

typedef struct ttab ttab;

/* A pair of a table. All tables' pairs are in one array (p->ents), each table's linked in order through next:
 * no allocation per table, however many small tables a file has. */
typedef struct tent {
	qw_node *key, *val;
	ttab *sub; /* val's table (or array of tables) when it is one; NULL for a scalar or a static array */
	uint32_t klen; /* the key's decoded length (a key may hold a NUL: "\u0000") */
	uint32_t next; /* the table's next pair, or NONE */
} tent;

#define NONE UINT32_MAX
/* A table with more pairs than this is in the key index; a smaller one is searched along its list. */
#define SMALL 8

struct ttab {
	qw_node *node;
	tkind kind;
	int depth;
	uint32_t first, last, n; /* its pairs in p->ents */
	ttab **items; /* an array of tables' items */
	size_t nitems, icap;
};

/* The key index: (table, key) -> pair, for the tables with more than SMALL pairs, so that a table with many keys
 * costs no quadratic search. Open addressing; t NULL is a free slot. */
typedef struct slot {
	ttab *t;
	uint32_t e, h;
} slot;

typedef struct kpart {
	qw_node *node;
	uint32_t len;
} kpart;

typedef struct tp {
	qw_toml_lex l;
	ttab *root, *cur;
	ttab **all; /* every table, in the order they were made: a child always after its parent */
	size_t nall, allcap;
	tent *ents; /* every table's pairs */
	size_t nents, entcap;
	slot *slots;
	size_t cap, used;
	kpart *parts; /* the key being read, part by part */
	size_t nparts, pcap;
} tp;

#define MAX_DEPTH QW_TREE_MAX_DEPTH

static uint32_t
key_hash(const ttab *t, const char *k, size_t n)
{
	uint64_t h = 14695981039346656037ULL ^ (uint64_t)(uintptr_t)t;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 1099511628211ULL;
	return (uint32_t)(h ^ (h >> 32));
}

static bool
same_key(const tent *e, const char *k, uint32_t n)
{
	return e->klen == n && !memcmp(e->key->str, k, n);
}

/* t's pair with key k (n bytes), or NULL. The pointer is good until the next pair is added. */
static tent *
find(const tp *p, const ttab *t, const char *k, uint32_t n)
{
	if (t->n <= SMALL) {
		for (uint32_t i = t->first; i != NONE; i = p->ents[i].next)
			if (same_key(&p->ents[i], k, n))
				return &p->ents[i];
		return NULL;
	}
	uint32_t h = key_hash(t, k, n);
	for (size_t i = h & (p->cap - 1);; i = (i + 1) & (p->cap - 1)) {
		const slot *s = &p->slots[i];
		if (!s->t)
			return NULL;
		if (s->t == t && s->h == h && same_key(&p->ents[s->e], k, n))
			return &p->ents[s->e];
	}
}

static void
slot_put(slot *slots, size_t cap, slot s)
{
	size_t i = s.h & (cap - 1);
	while (slots[i].t)
		i = (i + 1) & (cap - 1);
	slots[i] = s;
}

/* Pair e of table t into the key index. */
static void
index_pair(tp *p, ttab *t, uint32_t e)
{
	if ((p->used + 1) * 2 > p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		slot *slots = qw_xcalloc(cap, sizeof(*slots));
		for (size_t i = 0; i < p->cap; i++)
			if (p->slots[i].t)
				slot_put(slots, cap, p->slots[i]);
		free(p->slots);
		p->slots = slots;
		p->cap = cap;
	}
	slot_put(p->slots, p->cap, (slot){t, e, key_hash(t, p->ents[e].key->str, p->ents[e].klen)});
	p->used++;
}

static void
add(tp *p, ttab *t, const kpart *k, qw_node *val, ttab *sub)
{
	uint32_t e = (uint32_t)p->nents;
	QW_PUSH(p->ents, p->nents, p->entcap, ((tent){k->node, val, sub, k->len, NONE}));
	if (t->n++)
		p->ents[t->last].next = e;
	else
		t->first = e;
	t->last = e;
	if (t->n == SMALL + 1) /* grown out of its list: all its pairs into the index */
		for (uint32_t i = t->first; i != NONE; i = p->ents[i].next)
			index_pair(p, t, i);
	else if (t->n > SMALL + 1)
		index_pair(p, t, e);
}

/* A key as written, for a message: "`a`", or "this key" when it is long or not printable ASCII. */
static const char *
shown(const tp *p, const qw_node *k, char *buf, size_t n)
{
	size_t a = k->span.start, e = k->span.end;
	bool ok = e - a <= 48;
	for (size_t i = a; ok && i < e; i++)
		ok = p->l.s[i] >= 0x20 && p->l.s[i] < 0x7F && p->l.s[i] != '`';
	if (!ok)
		return "this key";
	snprintf(buf, n, "`%.*s`", (int)(e - a), p->l.s + a);
	return buf;
}

static ttab *
new_table(tp *p, tkind kind, qw_node_type type, qw_span span, int depth)
{
	ttab *t = qw_xcalloc(1, sizeof(*t));
	t->node = qw_doc_node(p->l.doc, type, span);
	t->kind = kind;
	t->depth = depth;
	t->first = t->last = NONE;
	QW_PUSH(p->all, p->nall, p->allcap, t);
	return t;
}

static bool
too_deep(tp *p, size_t at, int depth)
{
	if (depth <= MAX_DEPTH)
		return false;
	qw_toml_fail(&p->l, at, "nesting deeper than %d levels", MAX_DEPTH);
	return true;
}

/* A new table under key k of parent. */
static ttab *
add_table(tp *p, ttab *parent, const kpart *k, tkind kind, qw_span span)
{
	if (too_deep(p, k->node->span.start, parent->depth + 1))
		return NULL;
	ttab *t = new_table(p, kind, QW_NODE_MAP, span, parent->depth + 1);
	add(p, parent, k, t->node, t);
	return t;
}

static ttab *
aot_item(tp *p, ttab *aot, qw_span header)
{
	ttab *t = new_table(p, T_HEADER, QW_NODE_MAP, header, aot->depth + 1);
	QW_PUSH(aot->items, aot->nitems, aot->icap, t);
	return t;
}

/* A new array of tables under key k of parent, with its first item. */
static ttab *
add_aot(tp *p, ttab *parent, const kpart *k, qw_span header)
{
	if (too_deep(p, k->node->span.start, parent->depth + 2))
		return NULL;
	ttab *aot = new_table(p, T_AOT, QW_NODE_SEQ, header, parent->depth + 1);
	add(p, parent, k, aot->node, aot);
	return aot_item(p, aot, header);
}

static bool
bare_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static bool
bad_key(tp *p, size_t at)
{
	const qw_toml_lex *l = &p->l;
	unsigned char c = at < l->len ? (unsigned char)l->s[at] : 0;
	if (at >= l->len || c == '\n' || c == '\r')
		return qw_toml_fail(&p->l, at, "expected a key");
	if (c >= 0x80)
		return qw_toml_fail(&p->l, at, "invalid character in a bare key: quote a key that is not A-Za-z0-9_-");
	if (c > 0x20 && c < 0x7F)
		return qw_toml_fail(&p->l, at, "expected a key, found '%c'", c);
	return qw_toml_fail(&p->l, at, "expected a key, found byte 0x%02X", c);
}

/* A key, simple or dotted, into p->parts; the white space after it is skipped. */
static bool
parse_key(tp *p)
{
	qw_toml_lex *l = &p->l;
	p->nparts = 0;
	for (;;) {
		qw_toml_skip_ws(l);
		size_t at = l->pos;
		kpart k;
		if (at < l->len && (l->s[at] == '"' || l->s[at] == '\'')) {
			k.node = qw_toml_string(l, true);
			if (!k.node)
				return false;
			k.len = (uint32_t)l->scratch.len;
		} else {
			size_t e = at;
			while (e < l->len && bare_char(l->s[e]))
				e++;
			if (e == at || (e < l->len && (unsigned char)l->s[e] >= 0x80))
				return bad_key(p, e);
			k.node = qw_doc_node(l->doc, QW_NODE_SCALAR, (qw_span){(uint32_t)at, (uint32_t)e});
			qw_doc_set_str(l->doc, k.node, l->s + at, e - at, NULL);
			k.len = (uint32_t)(e - at);
			l->pos = e;
		}
		if (p->nparts >= MAX_DEPTH)
			return qw_toml_fail(l, at, "nesting deeper than %d levels", MAX_DEPTH);
		QW_PUSH(p->parts, p->nparts, p->pcap, k);
		qw_toml_skip_ws(l);
		if (l->pos >= l->len || l->s[l->pos] != '.')
			return true;
		l->pos++;
	}
}

/* Blank space inside an array: white space, newlines and comments. */
static bool
skip_blank(tp *p)
{
	qw_toml_lex *l = &p->l;
	for (;;) {
		qw_toml_skip_ws(l);
		size_t k = qw_toml_eol(l);
		if (k) {
			l->pos += k;
			continue;
		}
		if (l->pos >= l->len)
			return true;
		if (l->s[l->pos] == '\r')
			return qw_toml_fail(l, l->pos, "carriage return without a newline");
		if (l->s[l->pos] != '#')
			return true;
		if (!qw_toml_comment(l))
			return false;
	}
}

static qw_node *value(tp *p, int depth, ttab **sub);

static qw_node *
array(tp *p, int depth)
{
	qw_toml_lex *l = &p->l;
	size_t start = l->pos++;
	qw_node *a = qw_doc_node(l->doc, QW_NODE_SEQ, (qw_span){(uint32_t)start, (uint32_t)start + 1});
	size_t mark = qw_doc_mark(l->doc);
	for (;;) {
		if (!skip_blank(p))
			return NULL;
		if (l->pos < l->len && l->s[l->pos] == ']')
			break;
		ttab *sub = NULL;
		qw_node *v = l->pos < l->len ? value(p, depth + 1, &sub) : NULL;
		if (!v) {
			qw_toml_fail(l, start, "unterminated array: no ']'");
			return NULL;
		}
		qw_doc_push(l->doc, v, false);
		if (!skip_blank(p))
			return NULL;
		if (l->pos < l->len && l->s[l->pos] == ',') {
			l->pos++;
			continue;
		}
		if (l->pos < l->len && l->s[l->pos] == ']')
			break;
		qw_toml_fail(l, l->pos < l->len ? l->pos : start,
			     l->pos < l->len ? "expected ',' or ']' after an array's value" : "unterminated array: no ']'");
		return NULL;
	}
	a->span.end = (uint32_t)++l->pos;
	qw_doc_close(l->doc, a, mark);
	return a;
}

static bool keyval(tp *p, ttab *base);

static bool
inline_newline(tp *p)
{
	const qw_toml_lex *l = &p->l;
	if (l->pos < l->len && (l->s[l->pos] == '\n' || l->s[l->pos] == '\r'))
		return qw_toml_fail(&p->l, l->pos, "newline in an inline table: it must be on one line");
	return true;
}

static qw_node *
inline_table(tp *p, int depth, ttab **sub)
{
	qw_toml_lex *l = &p->l;
	size_t start = l->pos++;
	ttab *t = new_table(p, T_INLINE, QW_NODE_MAP, (qw_span){(uint32_t)start, (uint32_t)start + 1}, depth);
	*sub = t;
	qw_toml_skip_ws(l);
	while (l->pos >= l->len || l->s[l->pos] != '}') {
		if (!inline_newline(p) || !keyval(p, t))
			return NULL;
		qw_toml_skip_ws(l);
		if (l->pos < l->len && l->s[l->pos] == ',') {
			l->pos++;
			qw_toml_skip_ws(l);
			if (l->pos < l->len && l->s[l->pos] == '}') {
				qw_toml_fail(l, l->pos, "trailing comma in an inline table");
				return NULL;
			}
			continue;
		}
		if (l->pos < l->len && l->s[l->pos] == '}')
			break;
		if (!inline_newline(p))
			return NULL;
		if (l->pos >= l->len)
			qw_toml_fail(l, start, "unterminated inline table: no '}'");
		else
			qw_toml_fail(l, l->pos, "expected ',' or '}' after an inline table's value");
		return NULL;
	}
	t->node->span.end = (uint32_t)++l->pos;
	return t->node;
}

/* A value at l->pos; *sub is set to its table when it is an inline table. */
static qw_node *
value(tp *p, int depth, ttab **sub)
{
	qw_toml_lex *l = &p->l;
	if (too_deep(p, l->pos, depth))
		return NULL;
	switch (l->pos < l->len ? l->s[l->pos] : '\0') {
	case '"':
	case '\'': return qw_toml_string(l, false);
	case '[': return array(p, depth);
	case '{': return inline_table(p, depth, sub);
	default: return qw_toml_scalar(l);
	}
}

/* The table a dotted key's part k (not its last) leads into from t, created or extended; NULL (error set) when
 * dotted keys may not go there. */
static ttab *
dotted_step(tp *p, ttab *t, const kpart *k)
{
	tent *e = find(p, t, k->node->str, k->len);
	if (!e)
		return add_table(p, t, k, T_DOTTED, k->node->span);
	char b[64];
	const char *name = shown(p, k->node, b, sizeof(b));
	size_t at = k->node->span.start;
	ttab *c = e->sub;
	if (!c)
		return qw_toml_fail(&p->l, at, "%s already has a value: it cannot also be a table", name), NULL;
	switch (c->kind) {
	case T_INLINE:
		return qw_toml_fail(&p->l, at, "%s is an inline table, which cannot be extended", name), NULL;
	case T_AOT:
		return qw_toml_fail(&p->l, at, "%s is an array of tables: dotted keys cannot add to it", name), NULL;
	case T_HEADER:
		return qw_toml_fail(&p->l, at, "table %s is defined by a [header]: dotted keys cannot add to it", name),
		       NULL;
	case T_IMPLICIT: c->kind = T_DOTTED; break;
	case T_DOTTED: break;
	}
	return c;
}

/* key = value, into base (the current table, or an inline table being read). */
static bool
keyval(tp *p, ttab *base)
{
	qw_toml_lex *l = &p->l;
	if (!parse_key(p))
		return false;
	ttab *t = base;
	for (size_t i = 0; t && i + 1 < p->nparts; i++)
		t = dotted_step(p, t, &p->parts[i]);
	if (!t)
		return false;
	kpart k = p->parts[p->nparts - 1]; /* p->parts is reused by the inline tables in the value */
	tent *e = find(p, t, k.node->str, k.len);
	if (e) {
		char b[64];
		return qw_toml_fail(l, k.node->span.start,
				    e->sub && e->sub->kind != T_INLINE ? "%s is already defined as a table"
									 : "duplicate key %s",
				    shown(p, k.node, b, sizeof(b)));
	}
	if (l->pos >= l->len || l->s[l->pos] != '=')
		return qw_toml_fail(l, l->pos, p->nparts == 1 && l->pos < l->len && l->s[l->pos] != '\n'
						       ? "expected '=' after a key (a key with spaces must be quoted)"
						       : "expected '=' after a key");
	l->pos++;
	qw_toml_skip_ws(l);
	ttab *sub = NULL;
	qw_node *v = value(p, t->depth + 1, &sub);
	if (!v)
		return false;
	add(p, t, &k, v, sub);
	return true;
}

/* [a.b] or [[a.b]]: opens the table it names, as p->cur. */
static bool
open_table(tp *p, bool aot, qw_span header)
{
	ttab *t = p->root;
	for (size_t i = 0; i < p->nparts; i++) {
		const kpart *k = &p->parts[i];
		bool last = i + 1 == p->nparts;
		tent *e = find(p, t, k->node->str, k->len);
		if (!e) {
			t = last && aot ? add_aot(p, t, k, header) : add_table(p, t, k, last ? T_HEADER : T_IMPLICIT, header);
			if (!t)
				return false;
			continue;
		}
		char b[64];
		const char *name = shown(p, k->node, b, sizeof(b));
		size_t at = k->node->span.start;
		ttab *c = e->sub;
		if (!c)
			return qw_toml_fail(&p->l, at, "%s already has a value: it cannot also be a table", name);
		if (c->kind == T_INLINE)
			return qw_toml_fail(&p->l, at, "%s is an inline table, which cannot be extended", name);
		if (!last) {
			t = c->kind == T_AOT ? c->items[c->nitems - 1] : c;
			continue;
		}
		if (aot && c->kind != T_AOT)
			return qw_toml_fail(&p->l, at, "%s is already a table: it cannot also be an array of tables", name);
		if (aot) {
			t = aot_item(p, c, header);
			continue;
		}
		switch (c->kind) {
		case T_IMPLICIT:
			c->kind = T_HEADER;
			if (header.end > c->node->span.end)
				c->node->span.end = header.end;
			t = c;
			break;
		case T_HEADER: return qw_toml_fail(&p->l, at, "table %s is defined twice", name);
		case T_DOTTED: return qw_toml_fail(&p->l, at, "table %s was already defined by dotted keys", name);
		default: return qw_toml_fail(&p->l, at, "%s is an array of tables: use [[...]] to add to it", name);
		}
	}
	p->cur = t;
	return true;
}

static bool
header(tp *p)
{
	qw_toml_lex *l = &p->l;
	size_t start = l->pos;
	bool aot = start + 1 < l->len && l->s[start + 1] == '[';
	l->pos += aot ? 2 : 1;
	if (!parse_key(p))
		return false;
	if (l->pos >= l->len || l->s[l->pos] != ']' || (aot && (l->pos + 1 >= l->len || l->s[l->pos + 1] != ']')))
		return qw_toml_fail(l, l->pos, aot ? "expected ']]' to close the [[header]]" : "expected ']' to close the [header]");
	l->pos += aot ? 2 : 1;
	return open_table(p, aot, (qw_span){(uint32_t)start, (uint32_t)l->pos});
}

/* After a line's key/value, header or nothing: blanks, a comment, then a newline or the end. */
static bool
line_end(tp *p, const char *after)
{
	qw_toml_lex *l = &p->l;
	qw_toml_skip_ws(l);
	if (l->pos < l->len && l->s[l->pos] == '#' && !qw_toml_comment(l))
		return false;
	if (l->pos >= l->len)
		return true;
	size_t k = qw_toml_eol(l);
	if (k) {
		l->pos += k;
		return true;
	}
	unsigned char c = (unsigned char)l->s[l->pos];
	if (c == '\r')
		return qw_toml_fail(l, l->pos, "carriage return without a newline");
	if (c < 0x20 || c >= 0x7F)
		return qw_toml_fail(l, l->pos, "unexpected byte 0x%02X after %s", c, after);
	return qw_toml_fail(l, l->pos, "expected a newline after %s", after);
}

static bool
document(tp *p)
{
	qw_toml_lex *l = &p->l;
	while (l->pos < l->len) {
		qw_toml_skip_ws(l);
		if (l->pos >= l->len)
			break;
		char c = l->s[l->pos];
		bool ok;
		if (c == '#' || c == '\n' || c == '\r')
			ok = line_end(p, "a comment");
		else if (c == '[')
			ok = header(p) && line_end(p, "a table header");
		else
			ok = keyval(p, p->cur) && line_end(p, "a value");
		if (!ok)
			return false;
	}
	return true;
}

static void
span_cover(qw_span *s, qw_span c)
{
	if (c.start < s->start)
		s->start = c.start;
	if (c.end > s->end)
		s->end = c.end;
}

/* Every table's children into its node, and its span over them: children first (made after their parents), so
 * that a parent covers its children's final spans. The document's table is closed last, on its own: a list of
 * pending children closed at mark 0 is freed (tree.c), so the others are closed above a placeholder. */
static void
build(tp *p)
{
	qw_doc *doc = p->l.doc;
	qw_doc_push(doc, NULL, false);
	for (size_t i = p->nall; i-- > 0;) {
		ttab *t = p->all[i];
		if (i == 0)
			qw_doc_drop(doc, 0);
		size_t mark = qw_doc_mark(doc);
		for (size_t j = 0; j < t->nitems; j++) {
			span_cover(&t->node->span, t->items[j]->node->span);
			qw_doc_push(doc, t->items[j]->node, false);
		}
		for (uint32_t j = t->first; j != NONE; j = p->ents[j].next) {
			const tent *e = &p->ents[j];
			span_cover(&t->node->span, e->key->span);
			span_cover(&t->node->span, e->val->span);
			qw_doc_push(doc, e->key, false);
			qw_doc_push(doc, e->val, false);
		}
		qw_doc_close(doc, t->node, mark);
	}
}

static void
tp_free(tp *p)
{
	for (size_t i = 0; i < p->nall; i++) {
		free(p->all[i]->items);
		free(p->all[i]);
	}
	free(p->all);
	free(p->ents);
	free(p->slots);
	free(p->parts);
	qw_buf_free(&p->l.scratch);
}

qw_doc *
qw_toml_parse(const qw_source *src, qw_parse_error *err)
{
	memset(err, 0, sizeof(*err));
	tp p = {.l = {.s = src->data, .len = src->len, .doc = qw_doc_new(), .err = err}};
	if (src->has_bom)
		p.l.pos = 3;
	p.root = p.cur = new_table(&p, T_HEADER, QW_NODE_MAP, (qw_span){0, (uint32_t)src->len}, 0);
	qw_doc *doc = p.l.doc;
	if (document(&p)) {
		build(&p);
		doc->root = p.root->node;
		doc->ndocs = 1;
	}
	tp_free(&p);
	if (err->failed) {
		qw_doc_free(doc);
		return NULL;
	}
	return doc;
}
