/*
 * yaml.c - YAML via libfyaml's event API, into a qw_doc with spans.
 *
 * The event API (not fy_document) is used because it hands us every token's marks while letting us decide what an
 * alias is: a pointer to the anchored node, never a copy, so alias bombs cost nothing and duplicate keys stay
 * visible (PyYAML, which Hermes uses, accepts them and keeps the last).
 */
#include <libfyaml.h>
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

typedef struct builder {
	qw_doc *doc;
	qw_node **stack;
	size_t depth, cap;
	qw_node **pending_key; /* per stack level: a key waiting for its value */
	size_t pk_cap;
	anchor *anchors;
	size_t nanchors, anchors_cap;
	bool in_doc;
	const char *src;
	size_t srclen;
} builder;

static qw_span
event_span(struct fy_event *ev)
{
	qw_span s = {0, 0};
	const struct fy_mark *a = fy_event_start_mark(ev);
	const struct fy_mark *b = fy_event_end_mark(ev);
	if (a)
		s.start = a->input_pos;
	s.end = b ? b->input_pos : s.start;
	if (s.end < s.start)
		s.end = s.start;
	return s;
}

static void
remember_anchor(builder *b, struct fy_token *tok, qw_node *n)
{
	size_t len = 0;
	const char *t = tok ? fy_token_get_text(tok, &len) : NULL;
	if (!t)
		return;
	anchor a = {qw_xstrndup(t, len), n};
	QW_PUSH(b->anchors, b->nanchors, b->anchors_cap, a);
}

static qw_node *
find_anchor(builder *b, struct fy_token *tok)
{
	size_t len = 0;
	const char *t = tok ? fy_token_get_text(tok, &len) : NULL;
	if (!t)
		return NULL;
	for (size_t i = b->nanchors; i-- > 0;)
		if (strlen(b->anchors[i].name) == len && memcmp(b->anchors[i].name, t, len) == 0)
			return b->anchors[i].node;
	return NULL;
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
	qw_node *top = b->stack[b->depth - 1];
	if (top->type == QW_NODE_SEQ) {
		qw_doc_add_item(b->doc, top, n, alias);
	} else if (!b->pending_key[b->depth - 1]) {
		b->pending_key[b->depth - 1] = n;
	} else {
		qw_doc_add_pair(b->doc, top, b->pending_key[b->depth - 1], n, alias);
		b->pending_key[b->depth - 1] = NULL;
	}
	if (n->span.end > top->span.end)
		top->span.end = n->span.end;
}

static void
push(builder *b, qw_node *n)
{
	if (b->depth >= b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 16;
		b->stack = qw_xrealloc(b->stack, ncap * sizeof(*b->stack));
		b->pending_key = qw_xrealloc(b->pending_key, ncap * sizeof(*b->pending_key));
		b->cap = ncap;
	}
	b->stack[b->depth] = n;
	b->pending_key[b->depth] = NULL;
	b->depth++;
}

/* Returns false to stop. Only the first document is built; later ones are counted. */
static bool
handle_event(builder *b, struct fy_event *ev)
{
	qw_node *n;
	switch (ev->type) {
	case FYET_DOCUMENT_START:
		b->doc->ndocs++;
		b->in_doc = b->doc->ndocs == 1;
		break;
	case FYET_DOCUMENT_END:
		b->in_doc = false;
		break;
	case FYET_SCALAR: {
		if (!b->in_doc)
			break;
		n = qw_doc_node(b->doc, QW_NODE_SCALAR, event_span(ev));
		size_t len = 0;
		const char *t = fy_token_get_text(ev->scalar.value, &len);
		n->str = qw_doc_strndup(b->doc, t ? t : "", t ? len : 0);
		enum fy_scalar_style st = fy_token_scalar_style(ev->scalar.value);
		n->plain = st == FYSS_PLAIN;
		if (ev->scalar.tag) {
			size_t tl = 0;
			const char *tag = fy_token_get_text(ev->scalar.tag, &tl);
			if (tag)
				n->tag = qw_doc_strndup(b->doc, tag, tl);
		}
		/* libfyaml marks a quoted scalar's content; the span covers the quotes too (tree.h). */
		if (st == FYSS_SINGLE_QUOTED || st == FYSS_DOUBLE_QUOTED) {
			char q = st == FYSS_SINGLE_QUOTED ? '\'' : '"';
			if (n->span.start > 0 && b->src[n->span.start - 1] == q)
				n->span.start--;
			if (n->span.end < b->srclen && b->src[n->span.end] == q)
				n->span.end++;
		}
		remember_anchor(b, ev->scalar.anchor, n);
		attach(b, n, false);
		break;
	}
	case FYET_ALIAS:
		if (!b->in_doc)
			break;
		n = find_anchor(b, ev->alias.anchor);
		if (n) {
			attach(b, n, true);
			break;
		}
		n = qw_doc_node(b->doc, QW_NODE_SCALAR, event_span(ev));
		n->str = qw_doc_strndup(b->doc, "", 0);
		n->plain = true;
		attach(b, n, false);
		break;
	case FYET_MAPPING_START:
	case FYET_SEQUENCE_START:
		if (!b->in_doc)
			break;
		n = qw_doc_node(b->doc, ev->type == FYET_MAPPING_START ? QW_NODE_MAP : QW_NODE_SEQ,
				event_span(ev));
		remember_anchor(b, ev->type == FYET_MAPPING_START ? ev->mapping_start.anchor
								  : ev->sequence_start.anchor,
				n);
		push(b, n);
		break;
	case FYET_MAPPING_END:
	case FYET_SEQUENCE_END:
		if (!b->in_doc || b->depth == 0)
			break;
		n = b->stack[--b->depth];
		{
			qw_span e = event_span(ev);
			if (e.end > n->span.end)
				n->span.end = e.end;
		}
		attach(b, n, false);
		break;
	default:
		break;
	}
	return true;
}

static void
fill_error(struct fy_diag *diag, const qw_source *src, qw_parse_error *err)
{
	void *it = NULL;
	struct fy_diag_error *de;
	err->failed = true;
	snprintf(err->msg, sizeof(err->msg), "invalid YAML");
	while ((de = fy_diag_errors_iterate(diag, &it)) != NULL) {
		if (de->type < FYET_ERROR)
			continue;
		snprintf(err->msg, sizeof(err->msg), "%s", de->msg ? de->msg : "invalid YAML");
		err->line = de->line + 1;
		err->col = de->column + 1;
		const struct fy_mark *m = de->fyt ? fy_token_start_mark(de->fyt) : NULL;
		if (m) {
			err->offset = m->input_pos;
			err->line = 0; /* recompute from the offset: character columns */
		} else if (err->line >= 1 && (size_t)err->line <= src->nlines) {
			err->offset = src->line_start[err->line - 1];
		}
		return;
	}
}

/* The first character PyYAML's reader refuses: a byte that is not UTF-8 (a malformed, overlong or surrogate
 * sequence), or a character outside YAML's printable set (tab, LF, CR, 0x20-0x7E, U+0085, U+00A0-U+D7FF,
 * U+E000-U+FFFD, U+10000-U+10FFFF; PyYAML's Reader.check_printable). Python programs load YAML through that
 * reader, so such a file is not read at all, and libfyaml is spared input it handles worst (one version loops on
 * a directive holding a stray byte). Returns false with *at and a message when there is such a character. */
static bool
check_printable(const qw_source *src, size_t *at, char *msg, size_t msglen)
{
	const unsigned char *s = (const unsigned char *)src->data;
	size_t n = src->len, i = src->has_bom ? 3 : 0;
	while (i < n) {
		unsigned c = s[i];
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

/* libyaml, the parser under PyYAML's C loader, reads the text first; libfyaml sees only text libyaml accepts.
 * Two reasons: a syntax error is then reported as a Python YAML loader reports it (Hermes and Dify are Python),
 * and libfyaml 0.8 crashes in fy_parser_destroy() after some syntax errors (found by fuzz_yaml), so it must not
 * be handed broken YAML. Returns false with err filled on a syntax error. */
static bool
libyaml_accepts(const qw_source *src, qw_parse_error *err)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return true; /* out of memory: let libfyaml decide */
	yaml_parser_set_input_string(&p, (const unsigned char *)src->data, src->len);
	bool ok = true;
	int depth = 0, docs = 0;
	for (;;) {
		yaml_event_t ev;
		const char *why = NULL;
		if (!yaml_parser_parse(&p, &ev)) {
			ok = false;
			err->failed = true;
			snprintf(err->msg, sizeof(err->msg), "%s%s%s%s", p.problem ? p.problem : "invalid YAML",
				 p.context ? " (" : "", p.context ? p.context : "", p.context ? ")" : "");
			err->offset = mark_offset(src, p.problem_mark);
			break;
		}
		/* Stop where libyaml's time would grow with the square of the depth, and where a Python loader stops
		 * too: more than one document (yaml.safe_load and yaml.load refuse "a single document in the stream,
		 * but found another document"). */
		if ((ev.type == YAML_MAPPING_START_EVENT || ev.type == YAML_SEQUENCE_START_EVENT) &&
		    ++depth > QW_TREE_MAX_DEPTH) {
			why = "nesting deeper than 512 levels: qwlint reads no further (PyYAML's pure-Python loader "
			      "fails near 500 levels; its libyaml loader may read on)";
			err->maybe_readable = true;
		}
		if (ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT)
			depth--;
		if (ev.type == YAML_DOCUMENT_START_EVENT && ++docs > 1)
			why = "a second YAML document starts here: a Python YAML loader reads a single document and "
			      "refuses the whole file";
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
		if (end)
			break;
	}
	yaml_parser_delete(&p);
	return ok;
}

/* libfyaml's pass, which builds the tree: after libyaml_accepts, or on text qwlint ships. */
static qw_doc *
fy_parse(const qw_source *src, qw_parse_error *err)
{
	struct fy_diag_cfg dcfg;
	fy_diag_cfg_default(&dcfg);
	dcfg.fp = NULL;
	dcfg.output_fn = NULL;
	dcfg.colorize = false;
	struct fy_diag *diag = fy_diag_create(&dcfg);
	if (!diag) {
		err->failed = true;
		snprintf(err->msg, sizeof(err->msg), "cannot create YAML diagnostics");
		return NULL;
	}
	fy_diag_set_collect_errors(diag, true);
	struct fy_parse_cfg cfg = {0};
	cfg.flags = FYPCF_QUIET | FYPCF_COLLECT_DIAG | FYPCF_DEFAULT_VERSION_1_1 | FYPCF_JSON_NONE;
	cfg.diag = diag;
	struct fy_parser *fyp = fy_parser_create(&cfg);
	if (!fyp) {
		fy_diag_destroy(diag);
		err->failed = true;
		snprintf(err->msg, sizeof(err->msg), "cannot create YAML parser");
		return NULL;
	}
	builder b = {0};
	b.doc = qw_doc_new();
	b.src = src->data;
	b.srclen = src->len;
	fy_parser_set_string(fyp, src->data, src->len);
	struct fy_event *ev;
	while ((ev = fy_parser_parse(fyp)) != NULL) {
		handle_event(&b, ev);
		fy_parser_event_free(fyp, ev);
	}
	bool bad = fy_parser_get_stream_error(fyp) || fy_diag_got_error(diag);
	if (bad)
		fill_error(diag, src, err);
	for (size_t i = 0; i < b.nanchors; i++)
		free(b.anchors[i].name);
	free(b.anchors);
	free(b.stack);
	free(b.pending_key);
	fy_parser_destroy(fyp);
	fy_diag_destroy(diag);
	if (bad) {
		qw_doc_free(b.doc);
		return NULL;
	}
	return b.doc;
}

qw_doc *
qw_yaml_parse(const qw_source *src, qw_parse_error *err)
{
	memset(err, 0, sizeof(*err));
	if (!check_printable(src, &err->offset, err->msg, sizeof(err->msg))) {
		err->failed = true;
		return NULL;
	}
	if (!libyaml_accepts(src, err))
		return NULL;
	return fy_parse(src, err);
}

qw_doc *
qw_yaml_parse_builtin(const qw_source *src, qw_parse_error *err)
{
	memset(err, 0, sizeof(*err));
	return fy_parse(src, err);
}
