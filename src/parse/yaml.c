/*
 * yaml.c - YAML via libyaml's event API, into a qw_doc with spans.
 *
 * libyaml is the parser under PyYAML's C loader, so the tree and its syntax errors are what Hermes and Dify (Python)
 * read. Events, not a document, because they hand us every node's marks while letting us decide what an alias is: a
 * pointer to the anchored node, never a copy, so alias bombs cost nothing and duplicate keys stay visible (PyYAML
 * accepts them and keeps the last). With a qw_yaml_keep (parse.h), the parts of the document no check reads are
 * left out as they stream past, so that a 50 MB config.yaml costs about its own size in memory, not four times
 * it.
 */
#include <stdint.h>
#include <stdio.h>
#include <yaml.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "util.h"

typedef struct anchor {
	char *name;
	qw_node *node;
} anchor;

/* How a container takes its children. All of them; or, below a top-level key that a qw_yaml_keep does not keep
 * whole, only what it keeps: into a node that exists whatever is kept (the section, the top-level key's value),
 * or into a node made when the container ends, and only if one of its children was kept. */
typedef enum take { TAKE_ALL, TAKE_SECTION, TAKE_KEPT } take;

typedef struct builder {
	qw_doc *doc;
	struct open { /* a container being read */
		qw_node *node;   /* NULL while a TAKE_KEPT container is read */
		qw_span span;    /* a TAKE_KEPT container's, until it has a node */
		size_t mark;     /* qw_doc_mark's answer when it opened */
		uint8_t type;    /* a qw_node_type */
		uint8_t take;    /* a take */
		bool value_next; /* mapping: the next child is a value */
		bool section;    /* the root mapping, value_next: the value is a section the keep prunes */
		bool kept;       /* TAKE_SECTION, TAKE_KEPT: a child was kept */
		bool key_text;   /* a pruned mapping, value_next: the key is a scalar, at key_at in the builder's keys */
		bool key_plain;
		size_t key_at;
		qw_span key_span;
	} *stack;
	size_t depth, cap;
	anchor *anchors;
	size_t nanchors, anchors_cap;
	bool in_doc;
	const char *src;
	size_t srclen;
	const qw_yaml_keep *keep; /* NULL: the whole tree */
	qw_buf keys;   /* the pending keys of the pruned mappings being read, one after another (NUL-terminated) */
	qw_node *hole; /* what stands for a sequence item left out, so that the others keep their index */
	bool restart;  /* the text needs what pruning does not do (an alias, a merge key, a tagged key): read it whole */
} builder;

/* Where a node's end is pushed as its children come: the node's span, or the open entry's while it has none. */
static void
extend(struct open *o, uint32_t end)
{
	qw_span *sp = o->node ? &o->node->span : &o->span;
	if (end > sp->end)
		sp->end = end;
}

/* Attach a finished node to the container on top of the stack; alias: n is an alias of an anchored node. */
static void
attach(builder *b, qw_node *n, bool alias)
{
	if (b->depth == 0) {
		if (!b->doc->root)
			b->doc->root = n;
		return;
	}
	struct open *top = &b->stack[b->depth - 1];
	qw_doc_push(b->doc, n, alias);
	extend(top, n->span.end);
	if (top->type == QW_NODE_MAP) {
		/* a key of the root mapping says whether its value is a section to prune */
		if (!top->value_next && b->keep && b->depth == 1)
			top->section = !(n->type == QW_NODE_SCALAR && n->str && b->keep->section(n->str));
		top->value_next = !top->value_next;
	}
}

static void
push(builder *b, qw_node *n, qw_node_type type, qw_span span, take how)
{
	struct open o = {0};
	o.node = n;
	o.span = span;
	o.mark = qw_doc_mark(b->doc);
	o.type = (uint8_t)type;
	o.take = (uint8_t)how;
	QW_PUSH(b->stack, b->depth, b->cap, o);
}

/* A child of a pruned container is read: n, or NULL when it is left out (a scalar the keep does not want, a
 * container with nothing kept). end: where the child ends. In a mapping, a key waits in b->keys until its value
 * decides whether the pair is kept; in a sequence, an item left out becomes the hole. */
static void
take_child(builder *b, struct open *top, qw_node *n, uint32_t end)
{
	extend(top, end);
	if (top->type == QW_NODE_SEQ) {
		if (!n) {
			if (!b->hole) {
				b->hole = qw_doc_node(b->doc, QW_NODE_SCALAR, (qw_span){0, 0});
				qw_doc_set_str(b->doc, b->hole, "", 0, NULL);
				b->hole->plain = true;
			}
			n = b->hole;
		} else {
			top->kept = true;
		}
		qw_doc_push(b->doc, n, false);
		return;
	}
	if (!top->value_next) /* a key that is not a scalar: its pair is left out */
		top->key_text = false;
	else if (n && top->key_text) {
		qw_node *k = qw_doc_node(b->doc, QW_NODE_SCALAR, top->key_span);
		qw_doc_set_str(b->doc, k, b->keys.data + top->key_at, strlen(b->keys.data + top->key_at), NULL);
		k->plain = top->key_plain;
		qw_doc_push(b->doc, k, false);
		qw_doc_push(b->doc, n, false);
		top->kept = true;
	}
	if (top->value_next && top->key_text) {
		b->keys.len = top->key_at;
		b->keys.data[b->keys.len] = '\0';
		top->key_text = false;
	}
	top->value_next = !top->value_next;
}

/* A scalar under a pruned container: a key is kept aside; a value is kept when its key is a leaf the keep wants. */
static void
pruned_scalar(builder *b, struct open *top, const yaml_event_t *ev, qw_span span)
{
	const char *v = (const char *)ev->data.scalar.value;
	bool plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	if (top->type == QW_NODE_MAP && !top->value_next) {
		if (ev->data.scalar.tag || (plain && !strcmp(v, "<<"))) {
			b->restart = true; /* a tagged key, or a merge key, whose meaning the pruned tree would lose */
			return;
		}
		top->key_text = true;
		top->key_plain = plain;
		top->key_span = span;
		top->key_at = b->keys.len;
		qw_buf_add(&b->keys, v, ev->data.scalar.length);
		qw_buf_addc(&b->keys, '\0');
		extend(top, span.end);
		top->value_next = true;
		return;
	}
	qw_node *n = NULL;
	if (top->type == QW_NODE_MAP && top->key_text && b->keep->leaf(b->keys.data + top->key_at)) {
		n = qw_doc_node(b->doc, QW_NODE_SCALAR, span);
		qw_doc_set_str(b->doc, n, v, ev->data.scalar.length, (const char *)ev->data.scalar.tag);
		n->plain = plain;
	}
	take_child(b, top, n, span.end);
}

/* The first character PyYAML's reader refuses: a byte that is not UTF-8 (a malformed, overlong or surrogate
 * sequence), or a character outside YAML's printable set (tab, LF, CR, 0x20-0x7E, U+0085, U+00A0-U+D7FF,
 * U+E000-U+FFFD, U+10000-U+10FFFF; PyYAML's Reader.check_printable). Python programs load YAML through that
 * reader, so such a file is not read at all. Returns false with *at and a message when there is such a character;
 * *ascii tells whether every byte is below 0x80. */
static bool
check_printable(const qw_source *src, bool *ascii, size_t *at, char *msg, size_t msglen)
{
	const unsigned char *s = (const unsigned char *)src->data;
	size_t n = src->len, i = src->has_bom ? 3 : 0;
	*ascii = true;
	while (i < n) {
		/* eight bytes at a time while they are all printable ASCII (no high bit, none below 0x20, no 0x7F) */
		const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
		uint64_t w;
		while (i + 8 <= n) {
			memcpy(&w, s + i, 8);
			uint64_t del = w ^ (0x7F * ones);
			if ((w & highs) | ((w - 0x20 * ones) & ~w & highs) | ((del - ones) & ~del & highs))
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned c = s[i];
		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		if (c >= 0x80)
			*ascii = false;
		size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
		unsigned cp = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F : c & 0x07;
		bool ok = len && i + len <= n;
		for (size_t k = 1; ok && k < len; k++) {
			ok = (s[i + k] & 0xC0) == 0x80;
			cp = cp << 6 | (s[i + k] & 0x3F);
		}
		static const unsigned min_of[] = {0, 0, 0x80, 0x800, 0x10000};
		if (!ok || cp < min_of[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
			*at = i;
			snprintf(msg, msglen, "byte 0x%02X is not UTF-8: a Python YAML loader refuses the whole file", c);
			return false;
		}
		bool printable = cp == 0x09 || cp == 0x0A || cp == 0x0D || (cp >= 0x20 && cp <= 0x7E) || cp == 0x85 ||
				 (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
		if (!printable) {
			*at = i;
			snprintf(msg, msglen,
				 "control character U+%04X is not allowed in YAML: a Python YAML loader refuses the whole "
				 "file",
				 cp);
			return false;
		}
		i += len;
	}
	return true;
}

/* The byte offset of a libyaml mark, which counts lines and characters (a BOM not counted). */
static size_t
mark_offset(const qw_source *src, yaml_mark_t m)
{
	size_t line = m.line, col = m.column, off = src->len;
	if (line < src->nlines) {
		off = src->line_start[line] + (line == 0 && src->has_bom ? 3 : 0);
		for (; col > 0 && off < src->len && src->data[off] != '\n'; col--)
			do
				off++;
			while (off < src->len && ((unsigned char)src->data[off] & 0xC0) == 0x80);
	}
	return off;
}

/* libyaml's marks count characters (a UTF-8 sequence is one, CR LF two, a BOM none); spans are byte offsets.
 * Events come in text order, so a cursor that moves from mark to mark walks the text about once. */
typedef struct charpos {
	const unsigned char *s;
	size_t len, base; /* base: where character 0 is (after a BOM) */
	size_t ci, off;   /* the cursor: character ci is at byte off */
	bool ascii;       /* no byte >= 0x80: a character is a byte */
} charpos;

static size_t
byte_at(charpos *p, size_t ci)
{
	if (p->ascii)
		return p->base + ci < p->len ? p->base + ci : p->len;
	while (p->ci < ci && p->off < p->len) {
		p->off++;
		while (p->off < p->len && (p->s[p->off] & 0xC0) == 0x80)
			p->off++;
		p->ci++;
	}
	while (p->ci > ci && p->off > p->base) {
		p->off--;
		while (p->off > p->base && (p->s[p->off] & 0xC0) == 0x80)
			p->off--;
		p->ci--;
	}
	return p->off;
}

static qw_span
mark_span(charpos *p, const yaml_mark_t *a, const yaml_mark_t *b)
{
	qw_span s;
	s.start = byte_at(p, a->index);
	s.end = byte_at(p, b->index);
	if (s.end < s.start)
		s.end = s.start;
	return s;
}

static qw_node *
ly_anchor(builder *b, const yaml_char_t *name)
{
	if (!name)
		return NULL;
	for (size_t i = b->nanchors; i-- > 0;)
		if (!strcmp(b->anchors[i].name, (const char *)name))
			return b->anchors[i].node;
	return NULL;
}

static void
ly_remember(builder *b, const yaml_char_t *name, qw_node *n)
{
	if (!name)
		return;
	anchor a = {qw_xstrdup((const char *)name), n};
	QW_PUSH(b->anchors, b->nanchors, b->anchors_cap, a);
}

/* Where a node's content starts: libyaml's mark is at its properties (an anchor, a tag), which are not part of the
 * value a repair edits or a finding points at. Skips each property and the blanks, line breaks and comments after
 * it, but not past end, the node's end: an empty value after its properties (`default: &x` then a new key) has an
 * empty span where its properties end. */
static size_t
skip_properties(const builder *b, size_t at, size_t end)
{
	const char *s = b->src;
	size_t n = b->srclen;
	while (at < n && (s[at] == '&' || s[at] == '!')) {
		if (s[at] == '!' && at + 1 < n && s[at + 1] == '<') { /* verbatim tag: !<...> */
			while (at < n && s[at] != '>')
				at++;
			at += at < n;
		}
		while (at < n && s[at] != ' ' && s[at] != '\t' && s[at] != '\n' && s[at] != '\r')
			at++;
		for (;;) {
			while (at < n && (s[at] == ' ' || s[at] == '\t' || s[at] == '\n' || s[at] == '\r'))
				at++;
			if (at >= n || s[at] != '#')
				break;
			while (at < n && s[at] != '\n' && s[at] != '\r')
				at++;
		}
	}
	return at < end ? at : end;
}

/* One libyaml event into the tree. Returns a reason to stop reading (err's message), or NULL. */
static const char *
ly_event(builder *b, charpos *cp, const yaml_event_t *ev, bool *maybe_readable)
{
	qw_node *n;
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		/* yaml.safe_load and yaml.load refuse "a single document in the stream, but found another document" */
		if (++b->doc->ndocs > 1)
			return "a second YAML document starts here: a Python YAML loader reads a single document and "
			       "refuses the whole file";
		b->in_doc = true;
		break;
	case YAML_DOCUMENT_END_EVENT:
		b->in_doc = false;
		break;
	case YAML_SCALAR_EVENT: {
		if (!b->in_doc)
			break;
		qw_span sp = mark_span(cp, &ev->start_mark, &ev->end_mark);
		if (ev->data.scalar.anchor || ev->data.scalar.tag)
			sp.start = skip_properties(b, sp.start, sp.end);
		struct open *top = b->depth ? &b->stack[b->depth - 1] : NULL;
		if (top && top->take != TAKE_ALL) {
			pruned_scalar(b, top, ev, sp);
			break;
		}
		n = qw_doc_node(b->doc, QW_NODE_SCALAR, sp);
		qw_doc_set_str(b->doc, n, (const char *)ev->data.scalar.value, ev->data.scalar.length,
			       (const char *)ev->data.scalar.tag);
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		ly_remember(b, ev->data.scalar.anchor, n);
		attach(b, n, false);
		break;
	}
	case YAML_ALIAS_EVENT:
		if (!b->in_doc)
			break;
		if (b->keep) {
			/* an alias may reach into a part left out: the pruned tree cannot say what it points at */
			b->restart = true;
			break;
		}
		n = ly_anchor(b, ev->data.alias.anchor);
		if (n) {
			attach(b, n, true);
			break;
		}
		n = qw_doc_node(b->doc, QW_NODE_SCALAR, mark_span(cp, &ev->start_mark, &ev->end_mark));
		qw_doc_set_str(b->doc, n, "", 0, NULL);
		n->plain = true;
		attach(b, n, false);
		break;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT: {
		/* Stop where libyaml's time would grow with the square of the depth, and walkers stop anyway. */
		if (b->depth >= QW_TREE_MAX_DEPTH) {
			*maybe_readable = true;
			return "nesting deeper than 512 levels: qwlint reads no further (PyYAML's pure-Python loader "
			       "fails near 500 levels; its libyaml loader may read on)";
		}
		if (!b->in_doc)
			break;
		bool map = ev->type == YAML_MAPPING_START_EVENT;
		qw_node_type type = map ? QW_NODE_MAP : QW_NODE_SEQ;
		qw_span sp = mark_span(cp, &ev->start_mark, &ev->end_mark);
		if (map ? ev->data.mapping_start.anchor || ev->data.mapping_start.tag
			: ev->data.sequence_start.anchor || ev->data.sequence_start.tag)
			sp.start = skip_properties(b, sp.start, SIZE_MAX); /* its end is not known yet */
		const struct open *top = b->depth ? &b->stack[b->depth - 1] : NULL;
		if (top && top->take != TAKE_ALL) {
			push(b, NULL, type, sp, TAKE_KEPT); /* anchors need not be kept: an alias reads the text whole */
			break;
		}
		take how = top && top->type == QW_NODE_MAP && top->value_next && top->section ? TAKE_SECTION : TAKE_ALL;
		n = qw_doc_node(b->doc, type, sp);
		ly_remember(b, map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor, n);
		push(b, n, type, sp, how);
		break;
	}
	case YAML_MAPPING_END_EVENT:
	case YAML_SEQUENCE_END_EVENT: {
		if (!b->in_doc || b->depth == 0)
			break;
		struct open o = b->stack[--b->depth];
		/* a flow collection ends at its bracket, a block one where the next token starts */
		qw_span e = mark_span(cp, &ev->start_mark, &ev->end_mark);
		extend(&o, e.end);
		n = o.node;
		if (o.take == TAKE_KEPT && o.kept)
			n = qw_doc_node(b->doc, o.type, o.span);
		if (n) {
			qw_doc_close(b->doc, n, o.mark);
			n->pruned = o.take != TAKE_ALL;
			if (n->span.start > n->span.end) /* properties skipped past an end that never came */
				n->span.start = n->span.end;
		} else {
			qw_doc_drop(b->doc, o.mark);
		}
		struct open *top = b->depth ? &b->stack[b->depth - 1] : NULL;
		if (top && top->take != TAKE_ALL)
			take_child(b, top, n, o.node ? o.node->span.end : o.span.end);
		else
			attach(b, n, false);
		break;
	}
	default:
		break;
	}
	return NULL;
}

/* The tree, read by libyaml: the parser under PyYAML's C loader, so the tree and its syntax errors are what a
 * Python program (Hermes, Dify) reads, in its words. (libfyaml, which built the tree before, crashes after some
 * syntax errors and accepts text PyYAML refuses; it now checks repairs, fix_verify.c.) ascii: the text has no byte
 * >= 0x80. Returns NULL with err filled on a syntax error. */
static qw_doc *
ly_parse(const qw_source *src, bool ascii, const qw_yaml_keep *keep, qw_parse_error *err)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		err->failed = true;
		snprintf(err->msg, sizeof(err->msg), "cannot create YAML parser");
		return NULL;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)src->data, src->len);
	size_t base = src->has_bom ? 3 : 0;
	charpos cp = {(const unsigned char *)src->data, src->len, base, 0, base, ascii};
	builder b = {0};
	b.doc = qw_doc_new();
	b.src = src->data;
	b.srclen = src->len;
	b.keep = keep;
	bool ok = true;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			ok = false;
			err->failed = true;
			snprintf(err->msg, sizeof(err->msg), "%s%s%s%s", p.problem ? p.problem : "invalid YAML",
				 p.context ? " (" : "", p.context ? p.context : "", p.context ? ")" : "");
			err->offset = mark_offset(src, p.problem_mark);
			break;
		}
		const char *why = ly_event(&b, &cp, &ev, &err->maybe_readable);
		if (why) {
			ok = false;
			err->failed = true;
			snprintf(err->msg, sizeof(err->msg), "%s", why);
			err->offset = mark_offset(src, ev.start_mark);
			yaml_event_delete(&ev);
			break;
		}
		bool end = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (end || b.restart)
			break;
	}
	yaml_parser_delete(&p);
	for (size_t i = 0; i < b.nanchors; i++)
		free(b.anchors[i].name);
	free(b.anchors);
	free(b.stack);
	qw_buf_free(&b.keys);
	if (!ok || b.restart) {
		qw_doc_free(b.doc);
		return ok ? ly_parse(src, ascii, NULL, err) : NULL;
	}
	return b.doc;
}

qw_doc *
qw_yaml_parse_pruned(const qw_source *src, const qw_yaml_keep *keep, qw_parse_error *err)
{
	memset(err, 0, sizeof(*err));
	bool ascii;
	if (!check_printable(src, &ascii, &err->offset, err->msg, sizeof(err->msg))) {
		err->failed = true;
		return NULL;
	}
	return ly_parse(src, ascii, keep, err);
}

qw_doc *
qw_yaml_parse(const qw_source *src, qw_parse_error *err)
{
	return qw_yaml_parse_pruned(src, NULL, err);
}

qw_doc *
qw_yaml_parse_builtin(const qw_source *src, qw_parse_error *err)
{
	memset(err, 0, sizeof(*err));
	return ly_parse(src, false, NULL, err);
}
