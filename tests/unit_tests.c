/*
 * unit_tests.c - the readers, URL and secret helpers, tested directly. A tiny harness in the manner of cmark's
 * api_test: each CHECK prints the failing line; the summary line is "N passed, N failed".
 */
#define _GNU_SOURCE /* nftw */
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "appenv.h"
#include "dify.h"
#include "dirs.h"
#include "embedded.h"
#include "escape.h"
#include "format.h"
#include "json_print.h"
#include "kb.h"
#include "lint.h"
#include "model.h"
#include "model_name.h"
#include "model_name_table.h"
#include "options.h"
#include "parse.h"
#include "placeholder.h"
#include "probe.h"
#include "keyinfo.h"
#include "secret.h"
#include "url.h"
#include "util.h"
#include "vcs.h"

static int passed, failed;

/* unit_toml.c: the TOML reader */
void test_toml(int *passed, int *failed);

#define CHECK(cond)                                                                                          \
	do {                                                                                                 \
		if (cond)                                                                                    \
			passed++;                                                                            \
		else {                                                                                       \
			failed++;                                                                            \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);            \
		}                                                                                            \
	} while (0)
static int
str_eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}
#define STREQ(a, b) CHECK(str_eq((a), (b)))

static qw_source *
mem(const char *s)
{
	return qw_source_from_memory("t", s, strlen(s));
}

/* qw_scrub_keys: key-shaped text in a message is masked; a family prefix named in it is not. */
static void
test_scrub(void)
{
	char *t = qw_scrub_keys(qw_xstrdup("model sk-0123456789abcdef0123456789abcdef, api_mode x"));
	STREQ(t, "model sk-\xE2\x80\xA6" "cdef, api_mode x");
	free(t);
	t = qw_scrub_keys(qw_xstrdup("or create an API key (sk-ant-api03-) for ANTHROPIC_API_KEY"));
	STREQ(t, "or create an API key (sk-ant-api03-) for ANTHROPIC_API_KEY");
	free(t);
	t = qw_scrub_keys(qw_xstrdup("short sk-0123456789ab here"));
	STREQ(t, "short sk-\xE2\x80\xA6 (15 chars) here");
	free(t);
}

/* escape.h: what each output context makes of controls, bidi controls and bytes that are not UTF-8. */
/* The identity set: a second add of one (dev, ino) is known, however many came between (the table grows past its
 * first size); an identity differing in one half is another file; (0, 0), no identity, is never remembered. */
static void
test_idset(void)
{
	qw_idset s = {0};
	CHECK(qw_idset_add(&s, 2049, 17));
	CHECK(!qw_idset_add(&s, 2049, 17));
	CHECK(qw_idset_add(&s, 2050, 17) && qw_idset_add(&s, 2049, 18));
	for (unsigned long long i = 1; i <= 5000; i++)
		qw_idset_add(&s, 7, i);
	CHECK(s.n == 5003 && !qw_idset_add(&s, 2049, 17) && !qw_idset_add(&s, 7, 4321) && qw_idset_add(&s, 7, 5001));
	CHECK(qw_idset_add(&s, 0, 0) && qw_idset_add(&s, 0, 0) && s.n == 5004);
	qw_idset_free(&s);
	CHECK(s.n == 0 && !s.slots && qw_idset_add(&s, 2049, 17));
	qw_idset_free(&s);
}

static void
test_escape(void)
{
	char *t = qw_esc("a\x1b]0;t\x07\r\n\t\x7f b", 0);
	STREQ(t, "a\\x1b]0;t\\x07\\r\\n\\t\\x7f b");
	free(t);
	/* C1 and bidi controls, line separators; other non-ASCII text stays */
	t = qw_esc("\xC2\x85\xE2\x80\xAE\xE2\x81\xA6\xD8\x9C\xE2\x80\xA8 \xC3\xA9\xE2\x80\xA6\xE4\xB8\xAD", 0);
	STREQ(t, "\\u0085\\u202e\\u2066\\u061c\\u2028 \xC3\xA9\xE2\x80\xA6\xE4\xB8\xAD");
	free(t);
	/* bytes that are not UTF-8: stray, truncated, overlong, a surrogate, beyond U+10FFFF */
	t = qw_esc("\xff\xfe|\x80|\xE2\x80|\xC0\xAF|\xED\xA0\x80|\xF4\x90\x80\x80", 0);
	STREQ(t, "\\xff\\xfe|\\x80|\\xe2\\x80|\\xc0\\xaf|\\xed\\xa0\\x80|\\xf4\\x90\\x80\\x80");
	free(t);
	/* a backslash doubled only where it would read as an escape */
	t = qw_esc("C:\\Users\\x \\n \\\\ \\\x1b \\", 0);
	STREQ(t, "C:\\Users\\\\x \\\\n \\\\\\ \\\\\\x1b \\");
	free(t);
	/* "::" cannot begin a line, after blanks (a no-break space too); elsewhere ':' stays */
	t = qw_esc("::error::x", QW_ESC_LINE_START);
	STREQ(t, "\\x3a:error::x");
	free(t);
	t = qw_esc(" \xC2\xA0::x", QW_ESC_LINE_START);
	STREQ(t, " \xC2\xA0\\x3a:x");
	free(t);
	t = qw_esc("::x", 0);
	STREQ(t, "::x");
	free(t);
	t = qw_esc("a\n::x\n:y", QW_ESC_LINES);
	STREQ(t, "a\n\\x3a:x\n\\x3ay");
	free(t);
	t = qw_esc("a\rb\r", QW_ESC_EOL_CR);
	STREQ(t, "a\\rb\r");
	free(t);
	/* the caret's columns follow the escapes: "a" ESC "é" U+202E "b" */
	size_t *cols, ncols;
	t = qw_esc_columns("a\x1b\xC3\xA9\xE2\x80\xAE" "b", 0, &cols, &ncols);
	STREQ(t, "a\\x1b\xC3\xA9\\u202eb");
	CHECK(ncols == 5 && cols[0] == 0 && cols[1] == 1 && cols[2] == 5 && cols[3] == 6 && cols[4] == 12 &&
	      cols[5] == 13);
	free(t);
	free(cols);
	/* JSON: valid UTF-8 whatever the input; \b and \f as \u escapes except in SARIF (cJSON's own) */
	cJSON *js = cJSON_CreateString("\"\\\n\x1b\x7f\xC2\x85\xE2\x80\xAE\xff\xC3\xA9\b\f\\b");
	t = qw_json_print(js, QW_JSON_COMPACT);
	STREQ(t, "\"\\\"\\\\\\n\\u001b\\u007f\\u0085\\u202e\\ufffd\xC3\xA9\\u0008\\u000c\\\\b\"");
	free(t);
	t = qw_json_print(js, QW_JSON_PRETTY);
	STREQ(t, "\"\\\"\\\\\\n\\u001b\\u007f\\u0085\\u202e\\ufffd\xC3\xA9\\b\\f\\\\b\"");
	free(t);
	cJSON_Delete(js);
	/* the --resolve layout: a blank after each ',' and ':' between tokens, none inside strings */
	js = cJSON_Parse("{\"a:b\":[1,\"x,\\\"y\"],\"c\":null}");
	t = qw_json_print(js, QW_JSON_SPACED);
	STREQ(t, "{\"a:b\": [1, \"x,\\\"y\"], \"c\": null}");
	free(t);
	cJSON_Delete(js);
	t = qw_esc_json_text("{\n\t\"a\":\t\"x\x7f\xE2\x80\xAE\xff\xC3\xA9\\u001b\"\n}", 0);
	STREQ(t, "{\n\t\"a\":\t\"x\\u007f\\u202e\\ufffd\xC3\xA9\\u001b\"\n}");
	free(t);
}

static void
test_dotenv(void)
{
	qw_source *src = mem("\xEF\xBB\xBF" "# comment\r\n"
			     "export A=plain\r\n"
			     "B = 'single # not comment'  # a comment\r\n"
			     "C=\"dq \\\"esc\\\" \\\\ x\"\r\n"
			     "D=value # inline\r\n"
			     "E='sk-sp-abc'  # coding plan\r\n"
			     "NOEQUALS\r\n"
			     "F=\"unterminated\r\n"
			     "G=last");
	qw_dotenv *e = qw_dotenv_parse(src);
	const qw_envvar *a = qw_dotenv_get(e, "A");
	STREQ(a ? a->env_value : NULL, "plain");
	STREQ(a ? a->hermes_value : NULL, "plain");
	CHECK(a && a->exported);
	const qw_envvar *b = qw_dotenv_get(e, "B");
	STREQ(b ? b->env_value : NULL, "single # not comment");
	/* Hermes's reader: the value is not exactly one quoted string, so nothing is unquoted */
	STREQ(b ? b->hermes_value : NULL, "'single # not comment'  # a comment");
	const qw_envvar *c = qw_dotenv_get(e, "C");
	STREQ(c ? c->env_value : NULL, "dq \"esc\" \\ x");
	STREQ(c ? c->hermes_value : NULL, "dq \"esc\" \\ x");
	const qw_envvar *d = qw_dotenv_get(e, "D");
	STREQ(d ? d->env_value : NULL, "value");
	STREQ(d ? d->hermes_value : NULL, "value # inline");
	CHECK(d && d->inline_comment);
	const qw_envvar *ev = qw_dotenv_get(e, "E");
	STREQ(ev ? ev->env_value : NULL, "sk-sp-abc");
	STREQ(ev ? ev->hermes_value : NULL, "'sk-sp-abc'  # coding plan");
	/* CRLF: the CR is not part of the value or its span */
	CHECK(a && src->data[a->value_span.end] == '\r');
	int l, col;
	qw_source_pos(src, a->key_span.start, &l, &col);
	CHECK(l == 2 && col == 8);
	CHECK(e->nerrors == 2); /* NOEQUALS, unterminated quote */
	STREQ(qw_dotenv_get(e, "G") ? qw_dotenv_get(e, "G")->env_value : NULL, "last");
	CHECK(qw_dotenv_get(e, "F") == NULL);
	/* BOM on line 1: the comment line starts at column 1 */
	qw_source_pos(src, 3, &l, &col);
	CHECK(l == 1 && col == 1);
	qw_dotenv_free(e);
	qw_source_free(src);

	src = mem("MULTI=\"line1\nline2\"\nNEXT=1\n");
	e = qw_dotenv_parse(src);
	STREQ(qw_dotenv_get(e, "MULTI") ? qw_dotenv_get(e, "MULTI")->env_value : NULL, "line1\nline2");
	CHECK(qw_dotenv_get(e, "NEXT") && qw_dotenv_get(e, "NEXT")->line == 3);
	CHECK(e->nerrors == 0);
	qw_dotenv_free(e);
	qw_source_free(src);
}

static void
test_json(void)
{
	qw_parse_error err;
	qw_source *src = mem("{\n  \"a\": {\"b\": [1, true, null, \"\\u00e9\\ud83d\\ude00\"]},\n  \"a\": 2\n}");
	qw_doc *doc = qw_json_parse(src, &err);
	CHECK(doc != NULL);
	const qw_node *a = qw_map_get(doc->root, "a");
	STREQ(a ? a->str : NULL, "2"); /* duplicate keys: the last wins */
	const qw_node *first = doc->root->pairs[0].value;
	const qw_node *arr = qw_map_get(first, "b");
	CHECK(arr && arr->nitems == 4);
	STREQ(arr->items[3]->str, "\xC3\xA9\xF0\x9F\x98\x80");
	CHECK(qw_node_is_null(arr->items[2]));
	int l, c;
	qw_source_pos(src, arr->span.start, &l, &c);
	CHECK(l == 2 && c == 14);
	qw_doc_free(doc);
	qw_source_free(src);

	static const char *const bad[] = {"", "{", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "// c\n{}", "{} x",
					  "\"\\q\"", "\"abc", "01", "[1.]"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		src = mem(bad[i]);
		doc = qw_json_parse(src, &err);
		CHECK(doc == NULL && err.failed);
		qw_source_free(src);
	}
	/* deep nesting is refused, not a stack overflow */
	char *deep = qw_xmalloc(20001);
	memset(deep, '[', 20000);
	deep[20000] = '\0';
	src = mem(deep);
	CHECK(qw_json_parse(src, &err) == NULL);
	free(deep);
	qw_source_free(src);
}

/* Every node's span lies inside its parent's, and a mapping's keys and values follow each other in order. */
static bool
spans_nest(const qw_node *n, qw_span outer)
{
	if (!n || n->span.start < outer.start || n->span.end > outer.end || n->span.start >= n->span.end)
		return false;
	uint32_t at = n->span.start + 1;
	for (size_t i = 0; i < n->npairs && n->type == QW_NODE_MAP; i++) {
		const qw_node *k = n->pairs[i].key, *v = n->pairs[i].value;
		if (!spans_nest(k, n->span) || !spans_nest(v, n->span) || k->span.start < at ||
		    v->span.start < k->span.end)
			return false;
		at = v->span.end;
	}
	for (size_t i = 0; i < n->nitems && n->type == QW_NODE_SEQ; i++) {
		if (!spans_nest(n->items[i], n->span) || n->items[i]->span.start < at)
			return false;
		at = n->items[i]->span.end;
	}
	return true;
}

/* text (n bytes) in dialect d: NULL and the error, or the tree after its spans were checked */
static qw_doc *
dialect_doc(qw_source **src, const char *text, size_t n, qw_json_dialect d, qw_parse_error *err)
{
	*src = qw_source_from_memory("t", text, n);
	qw_doc *doc = qw_json_parse_dialect(*src, d, err);
	CHECK(doc ? !err->failed && spans_nest(doc->root, (qw_span){0, (uint32_t)n}) : err->failed);
	return doc;
}

static bool
span_is(const qw_source *src, const qw_node *n, const char *text)
{
	size_t l = strlen(text);
	return n && n->span.end - n->span.start == l && !memcmp(src->data + n->span.start, text, l);
}

/* Malformed input: the message and the offset, and the same text where the dialect allows it. */
static void
test_json_dialect_errors(void)
{
	static const struct {
		const char *text;
		qw_json_dialect d;
		size_t offset;
		const char *msg;
	} bad[] = {
		/* the strict reader's messages, unchanged */
		{"// c\n{}", QW_JSON_STRICT, 0, "comments are not allowed in JSON"},
		{"{\"a\":1,}", QW_JSON_STRICT, 7, "trailing comma before '}'"},
		{"[1,]", QW_JSON_STRICT, 3, "trailing comma before ']'"},
		{"", QW_JSON_STRICT, 0, "empty file: not a JSON document"},
		{"{} x", QW_JSON_STRICT, 3, "unexpected text after the JSON document"},
		{"01", QW_JSON_STRICT, 1, "unexpected text after the JSON document"},
		{"{a:1}", QW_JSON_STRICT, 1, "expected a string key"},
		{"['a']", QW_JSON_STRICT, 1, "unexpected character"},
		{"[\"\\x41\"]", QW_JSON_STRICT, 3, "invalid escape in string"},
		{"[\"\\u12\"]", QW_JSON_STRICT, 6, "invalid \\u escape"},
		{"[1.]", QW_JSON_STRICT, 3, "invalid number"},
		{"[\"a\nb\"]", QW_JSON_STRICT, 3, "control character in string (unterminated string?)"},
		/* JSONC: comments and trailing commas, nothing more */
		{"/* open\n{}", QW_JSON_JSONC, 0, "unterminated /* comment"},
		{"{} /*/", QW_JSON_JSONC, 3, "unterminated /* comment"},
		{"// only a comment\n", QW_JSON_JSONC, 18, "no value: the file is empty or holds only comments"},
		{"", QW_JSON_JSONC, 0, "no value: the file is empty or holds only comments"},
		{"# c\n{}", QW_JSON_JSONC, 0, "'#' starts no comment (comments are // and /* */)"},
		{"[1, / 2]", QW_JSON_JSONC, 4, "a lone '/' (comments are // and /* */)"},
		{"{a: 1}", QW_JSON_JSONC, 1, "expected a string key"},
		{"['a']", QW_JSON_JSONC, 1, "single-quoted strings are JSON5, not JSONC"},
		{"[abc]", QW_JSON_JSONC, 1, "a string needs double quotes"},
		{"[0x1F]", QW_JSON_JSONC, 2, "expected ',' or ']'"},
		{"[+1]", QW_JSON_JSONC, 1, "unexpected character"},
		{"[.5]", QW_JSON_JSONC, 1, "unexpected character"},
		{"[1,,]", QW_JSON_JSONC, 3, "unexpected character"},
		{"[,]", QW_JSON_JSONC, 1, "unexpected character"},
		{"{,}", QW_JSON_JSONC, 1, "expected a string key"},
		{"{\"a\":1,,}", QW_JSON_JSONC, 7, "expected a string key"},
		{"[\"a\tb\"]", QW_JSON_JSONC, 3, "control character in string (unterminated string?)"},
		{"[\"\\v\"]", QW_JSON_JSONC, 3, "invalid escape in string"},
		{"\xC2\xA0[]", QW_JSON_JSONC, 0, "unexpected character"},
		/* a // comment runs through U+2028 in JSONC, ends there in JSON5 */
		{"[1, // c\xE2\x80\xA8 2]", QW_JSON_JSONC, 14, "unexpected end of input"},
		{"[1 // c\r2]", QW_JSON_JSONC, 8, "expected ',' or ']'"},
		/* JSON5 */
		{"/* open", QW_JSON_JSON5, 0, "unterminated /* comment"},
		{"/**/", QW_JSON_JSON5, 4, "no value: the file is empty or holds only comments"},
		{"[01]", QW_JSON_JSON5, 2, "invalid number: a leading zero"},
		{"[-00.5]", QW_JSON_JSON5, 3, "invalid number: a leading zero"},
		{"[0x]", QW_JSON_JSON5, 3, "invalid number"},
		{"[1e]", QW_JSON_JSON5, 3, "invalid number"},
		{"[1e+]", QW_JSON_JSON5, 4, "invalid number"},
		{"[.]", QW_JSON_JSON5, 2, "invalid number"},
		{"[.e1]", QW_JSON_JSON5, 2, "invalid number"},
		{"[+]", QW_JSON_JSON5, 2, "invalid number"},
		{"[+-1]", QW_JSON_JSON5, 2, "invalid number"},
		{"[Infinit]", QW_JSON_JSON5, 1, "a string value needs quotes (only a key may go without)"},
		{"[-Infinit]", QW_JSON_JSON5, 2, "invalid number"},
		{"[NaNa]", QW_JSON_JSON5, 4, "invalid number"},
		{"[Infinityx]", QW_JSON_JSON5, 9, "invalid number"},
		{"[3in]", QW_JSON_JSON5, 2, "invalid number"},
		{"[0x1g]", QW_JSON_JSON5, 4, "invalid number"},
		{"[1.2.3]", QW_JSON_JSON5, 4, "expected ',' or ']'"},
		{"['a\\1']", QW_JSON_JSON5, 4, "invalid escape in string (JSON5 has no octal escapes)"},
		{"['\\01']", QW_JSON_JSON5, 4, "a digit after \\0 (JSON5 has no octal escapes)"},
		{"['\\x4']", QW_JSON_JSON5, 5, "invalid \\x escape"},
		{"['\\x4", QW_JSON_JSON5, 4, "truncated \\x escape"},
		{"['\\u00g0']", QW_JSON_JSON5, 6, "invalid \\u escape"},
		{"['ab\ncd']", QW_JSON_JSON5, 4,
		 "line break in string (unterminated string? a backslash before the line break continues it)"},
		{"['ab\"]", QW_JSON_JSON5, 1, "unterminated string"},
		{"[\"ab']", QW_JSON_JSON5, 1, "unterminated string"},
		{"['ab\\", QW_JSON_JSON5, 1, "unterminated string"},
		{"{a b: 1}", QW_JSON_JSON5, 3, "expected ':' after key"},
		{"{1a: 1}", QW_JSON_JSON5, 1, "expected a key"},
		{"{-a: 1}", QW_JSON_JSON5, 1, "expected a key"},
		{"{\\u0031a: 1}", QW_JSON_JSON5, 1, "this \\u escape names a character an unquoted key cannot hold"},
		{"{a\\u002d: 1}", QW_JSON_JSON5, 2, "this \\u escape names a character an unquoted key cannot hold"},
		{"{a\\x41: 1}", QW_JSON_JSON5, 2, "an unquoted key may hold only \\uXXXX escapes"},
		{"{a\xFF: 1}", QW_JSON_JSON5, 2, "expected ':' after key"},
		{"{\xE2\x82\xAC: 1}", QW_JSON_JSON5, 1, "expected a key"},            /* a currency sign */
		{"{a\xF0\x9F\x98\x80: 1}", QW_JSON_JSON5, 2, "expected ':' after key"}, /* an emoji */
		{"{\xE2\x80\x8C" "a: 1}", QW_JSON_JSON5, 1, "expected a key"},          /* ZWNJ first */
		{"{\\u200Ca: 1}", QW_JSON_JSON5, 1, "this \\u escape names a character an unquoted key cannot hold"},
		{"{a: hello}", QW_JSON_JSON5, 4, "a string value needs quotes (only a key may go without)"},
		{"{a: 1,,}", QW_JSON_JSON5, 6, "expected a key"},
		{"{,}", QW_JSON_JSON5, 1, "expected a key"},
		{"[1,,]", QW_JSON_JSON5, 3, "unexpected character"},
		{"[,]", QW_JSON_JSON5, 1, "unexpected character"},
		{"[1] # c", QW_JSON_JSON5, 4, "unexpected text after the JSON document"},
		{"[1]\xEF\xBF\xBD", QW_JSON_JSON5, 3, "unexpected text after the JSON document"},
		{"[1 /x]", QW_JSON_JSON5, 3, "expected ',' or ']'"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		qw_parse_error err;
		qw_source *src;
		qw_doc *doc = dialect_doc(&src, bad[i].text, strlen(bad[i].text), bad[i].d, &err);
		CHECK(doc == NULL && err.offset == bad[i].offset && !strcmp(err.msg, bad[i].msg));
		if (doc || err.offset != bad[i].offset || strcmp(err.msg, bad[i].msg))
			fprintf(stderr, "  dialect %d: %s -> %zu %s\n", (int)bad[i].d, bad[i].text, err.offset, err.msg);
		qw_doc_free(doc);
		qw_source_free(src);
	}
	/* near misses: what one dialect refuses, the next reads */
	static const struct {
		const char *text;
		qw_json_dialect first_ok;
	} ok[] = {
		{"// c\n{}", QW_JSON_JSONC}, {"{\"a\":1,}", QW_JSON_JSONC}, {"[1,]", QW_JSON_JSONC},
		{"[1 /* c */ , 2 // d\n]", QW_JSON_JSONC}, {"{a: 1}", QW_JSON_JSON5}, {"['a']", QW_JSON_JSON5},
		{"[0x1F, +1, .5]", QW_JSON_JSON5}, {"[1, // c\xE2\x80\xA8 2]", QW_JSON_JSON5},
		{"\xC2\xA0[]", QW_JSON_JSON5}, {"[\"\\v\"]", QW_JSON_JSON5}, {"[\"a\tb\"]", QW_JSON_JSON5},
		{"{a\\u0031: 1}", QW_JSON_JSON5}, {"[\"\\x41\"]", QW_JSON_JSON5}, {"{a\xE2\x80\x8C: 1}", QW_JSON_JSON5},
		{"{\xCE\xB1\xCF\x80\xC2\xB5\xE4\xB8\xAD: 1}", QW_JSON_JSON5},
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		for (int d = QW_JSON_STRICT; d <= QW_JSON_JSON5; d++) {
			qw_parse_error err;
			qw_source *src;
			qw_doc *doc = dialect_doc(&src, ok[i].text, strlen(ok[i].text), (qw_json_dialect)d, &err);
			CHECK((doc != NULL) == (d >= (int)ok[i].first_ok));
			qw_doc_free(doc);
			qw_source_free(src);
		}
	/* deep nesting is refused in every dialect, with the strict reader's message */
	char *deep = qw_xmalloc(20001);
	memset(deep, '[', 20000);
	for (int d = QW_JSON_STRICT; d <= QW_JSON_JSON5; d++) {
		qw_parse_error err;
		qw_source *src;
		CHECK(dialect_doc(&src, deep, 20000, (qw_json_dialect)d, &err) == NULL);
		STREQ(err.msg, "nesting deeper than 512 levels");
		CHECK(err.offset == 513);
		qw_source_free(src);
	}
	free(deep);
}

/* JSONC: comments and trailing commas around values whose spans and values are the strict reader's. */
static void
test_jsonc(void)
{
	qw_parse_error err;
	qw_source *src;
	const char *t = "\xEF\xBB\xBF// head\n{\n  \"a\": /* before */ \"x\\n\", // after\n"
			"  \"b\": [1, 2.5e3, true, null, /* c */],\n  /* k */ \"a\": {},\n}\n/* tail */ // end";
	qw_doc *doc = dialect_doc(&src, t, strlen(t), QW_JSON_JSONC, &err);
	CHECK(doc && doc->root->npairs == 3);
	if (doc) {
		const qw_node *a = doc->root->pairs[0].value, *b = qw_map_get(doc->root, "b");
		CHECK(span_is(src, doc->root->pairs[0].key, "\"a\"") && span_is(src, a, "\"x\\n\""));
		STREQ(a->str, "x\n");
		CHECK(qw_json_quote(src, a) == '"' && qw_json_quote(src, b) == '\0');
		CHECK(b && b->nitems == 4 && b->items[1]->plain && span_is(src, b->items[1], "2.5e3"));
		STREQ(b->items[1]->str, "2.5e3");
		CHECK(qw_json_quote(src, b->items[1]) == '\0' && qw_node_is_null(b->items[3]));
		CHECK(span_is(src, b, "[1, 2.5e3, true, null, /* c */]"));
		CHECK(qw_map_get(doc->root, "a")->type == QW_NODE_MAP); /* a duplicate key: kept, the last wins */
		CHECK(src->data[doc->root->span.start] == '{' && src->data[doc->root->span.end - 1] == '}');
	}
	qw_doc_free(doc);
	qw_source_free(src);
	/* strict JSON reads the same tree in JSONC */
	t = "{\"k\": [\"v\", -0.5E+2, {}], \"e\": \"\\u00e9\\ud83d\\ude00\"}";
	qw_doc *strict = dialect_doc(&src, t, strlen(t), QW_JSON_STRICT, &err);
	qw_source *src2;
	doc = dialect_doc(&src2, t, strlen(t), QW_JSON_JSONC, &err);
	CHECK(strict && doc && qw_doc_size(strict) == qw_doc_size(doc));
	if (strict && doc) {
		STREQ(qw_map_str(doc->root, "e"), qw_map_str(strict->root, "e"));
		CHECK(qw_map_get(doc->root, "k")->span.end == qw_map_get(strict->root, "k")->span.end);
	}
	qw_doc_free(strict);
	qw_doc_free(doc);
	qw_source_free(src);
	qw_source_free(src2);
}

/* JSON5: unquoted and single-quoted keys, its escapes, numbers and white space. */
static void
test_json5(void)
{
	qw_parse_error err;
	qw_source *src;
	const char *t = "\xC2\xA0// OpenClaw\n{\n  unquoted: 'single \"q\"',\n  $d_1: \"dq 'x'\",\n"
			"  \\u0061b\\u0063: 1, caf\xC3\xA9: 2, 'q k': 3,\n\v\f  hex: 0x1F, pos: +1, lead: .5, trail: 5.,"
			"\xE2\x80\x80 inf: -Infinity, nan: NaN, big: +0xA, exp: -.5e-2,\xE3\x80\x80\n"
			"  /* c */ list: [null, true, false,],\xEF\xBB\xBF\xE2\x80\xA8\n}\xE2\x80\xA9";
	qw_doc *doc = dialect_doc(&src, t, strlen(t), QW_JSON_JSON5, &err);
	CHECK(doc && doc->root->npairs == 14);
	if (doc) {
		const qw_pair *p = doc->root->pairs;
		STREQ(p[0].key->str, "unquoted");
		CHECK(span_is(src, p[0].key, "unquoted") && qw_json_quote(src, p[0].key) == '\0');
		CHECK(!p[0].key->plain && qw_node_str(p[0].key) != NULL);
		STREQ(p[0].value->str, "single \"q\"");
		CHECK(span_is(src, p[0].value, "'single \"q\"'") && qw_json_quote(src, p[0].value) == '\'');
		STREQ(qw_map_str(doc->root, "$d_1"), "dq 'x'");
		CHECK(qw_json_quote(src, p[1].value) == '"');
		STREQ(p[2].key->str, "abc");
		CHECK(span_is(src, p[2].key, "\\u0061b\\u0063"));
		STREQ(p[3].key->str, "caf\xC3\xA9");
		CHECK(span_is(src, p[4].key, "'q k'") && qw_json_quote(src, p[4].key) == '\'');
		static const char *const nums[][2] = {{"hex", "0x1F"}, {"pos", "+1"}, {"lead", ".5"}, {"trail", "5."},
						      {"inf", "-Infinity"}, {"nan", "NaN"}, {"big", "+0xA"},
						      {"exp", "-.5e-2"}};
		for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
			const qw_node *n = qw_map_get(doc->root, nums[i][0]);
			CHECK(n && n->plain && span_is(src, n, nums[i][1]) && qw_json_quote(src, n) == '\0');
			STREQ(n ? n->str : NULL, nums[i][1]);
		}
		const qw_node *list = qw_map_get(doc->root, "list");
		CHECK(list && list->nitems == 3 && qw_node_is_null(list->items[0]));
		CHECK(span_is(src, list, "[null, true, false,]"));
	}
	qw_doc_free(doc);
	qw_source_free(src);

	/* escapes: the value a program reads, and the span as written */
	static const char *const esc[][2] = {
		{"'\\x41\\v\\q\\'\\\"\\/\\\\'", "A\vq'\"/\\"},
		{"'ab\\\ncd'", "abcd"},
		{"'ab\\\r\ncd'", "abcd"},
		{"'ab\\\rcd'", "abcd"},
		{"'a\\\xE2\x80\xA8" "b'", "ab"},
		{"'a\xE2\x80\xA8" "b\xE2\x80\xA9'", "a\xE2\x80\xA8" "b\xE2\x80\xA9"},
		{"'\\u00e9\\xe9\\\xC3\xA9'", "\xC3\xA9\xC3\xA9\xC3\xA9"},
		{"\"\\uD83D\\uDE00\"", "\xF0\x9F\x98\x80"},
		{"'\\uD800\\u0041'", "\xEF\xBF\xBD" "A"},
		{"'\\uDE00x'", "\xEF\xBF\xBDx"},
		{"'tab\there'", "tab\there"},
		{"'a\\0'", "a"},
		{"''", ""},
	};
	for (size_t i = 0; i < sizeof(esc) / sizeof(esc[0]); i++) {
		doc = dialect_doc(&src, esc[i][0], strlen(esc[i][0]), QW_JSON_JSON5, &err);
		CHECK(doc && span_is(src, doc->root, esc[i][0]));
		STREQ(doc ? doc->root->str : NULL, esc[i][1]);
		qw_doc_free(doc);
		qw_source_free(src);
	}
	/* a key spelled two ways is one key: both kept, the last wins */
	t = "{a: 1, 'a': 2, \"\\u0061\": 3, \\u0061: 4}";
	doc = dialect_doc(&src, t, strlen(t), QW_JSON_JSON5, &err);
	CHECK(doc && doc->root->npairs == 4);
	STREQ(doc ? qw_map_str(doc->root, "a") : NULL, "4");
	qw_doc_free(doc);
	qw_source_free(src);

	/* NUL bytes are characters: inside a JSON5 string (the value ends there for C), in a comment, after the value */
	static const char nul_str[] = "['a\0b', 1]", nul_comment[] = "// a\0b\n[1]", nul_after[] = "[1]\0";
	doc = dialect_doc(&src, nul_str, sizeof(nul_str) - 1, QW_JSON_JSON5, &err);
	CHECK(doc && doc->root->nitems == 2 && doc->root->items[0]->span.end == 6);
	qw_doc_free(doc);
	qw_source_free(src);
	for (int d = QW_JSON_JSONC; d <= QW_JSON_JSON5; d++) {
		doc = dialect_doc(&src, nul_comment, sizeof(nul_comment) - 1, (qw_json_dialect)d, &err);
		CHECK(doc && doc->root->nitems == 1);
		qw_doc_free(doc);
		qw_source_free(src);
		CHECK(dialect_doc(&src, nul_after, sizeof(nul_after) - 1, (qw_json_dialect)d, &err) == NULL);
		CHECK(err.offset == 3);
		qw_source_free(src);
	}
	CHECK(dialect_doc(&src, nul_str, sizeof(nul_str) - 1, QW_JSON_JSONC, &err) == NULL);
	qw_source_free(src);
}

static void
test_yaml(void)
{
	qw_parse_error err;
	qw_source *src = mem("base: &b\n  provider: custom\nmodel:\n  <<: *b\n  default: \"q\"  # c\nlist: [a, b]\n");
	qw_doc *doc = qw_yaml_parse(src, &err);
	CHECK(doc != NULL);
	const qw_node *m = qw_map_get(doc->root, "model");
	STREQ(qw_map_str(m, "provider"), "custom"); /* via the merge key */
	const qw_node *d = qw_map_get(m, "default");
	CHECK(d && !d->plain);
	int l, c;
	qw_source_pos(src, d->span.start, &l, &c);
	CHECK(l == 5 && c == 12);
	qw_doc_free(doc);
	qw_source_free(src);

	/* Spans are byte offsets although libyaml counts characters; an anchor or a tag is not part of a value's
	 * span; an empty value after an anchor has an empty span where the anchor ends, never an inverted one. */
	const char *text = "\xEF\xBB\xBF\xC3\xA9\xE2\x82\xAC: &a v\r\nk: !!str 'w'\r\ne: &x\r\nz: \"\xC3\xBC\"\r\n"
			   "s: &s [1, 2]\r\n";
	src = mem(text);
	doc = qw_yaml_parse(src, &err);
	CHECK(doc != NULL);
	const qw_node *v = qw_map_get(doc->root, "\xC3\xA9\xE2\x82\xAC");
	CHECK(v && v->span.start == (size_t)(strstr(text, " v\r") + 1 - text) && v->span.end == v->span.start + 1);
	v = qw_map_get(doc->root, "k");
	CHECK(v && qw_node_tag(v) && v->span.start == (size_t)(strstr(text, "'w'") - text) && v->span.end == v->span.start + 3);
	v = qw_map_get(doc->root, "e");
	size_t after_x = (size_t)(strstr(text, "&x") + 2 - text);
	CHECK(v && qw_node_is_null(v) && v->span.start == after_x && v->span.end == after_x);
	v = qw_map_get(doc->root, "z");
	CHECK(v && v->span.start == (size_t)(strstr(text, "\"\xC3\xBC") - text) && v->span.end == v->span.start + 4);
	v = qw_map_get(doc->root, "s");
	CHECK(v && v->type == QW_NODE_SEQ && v->span.start == (size_t)(strstr(text, "[1") - text) &&
	      v->span.end == (size_t)(strstr(text, "]") + 1 - text));
	qw_doc_free(doc);
	qw_source_free(src);

	src = mem("model:\n  provider: [unclosed\n");
	doc = qw_yaml_parse(src, &err);
	CHECK(doc == NULL && err.failed && err.msg[0]);
	qw_source_free(src);

	/* an alias bomb costs nothing: aliases are pointers */
	qw_buf b = {0};
	qw_buf_adds(&b, "a: &a [x, x, x, x, x, x, x, x, x]\n");
	for (char k = 'b'; k <= 'j'; k++)
		qw_buf_printf(&b, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", k, k, k - 1, k - 1, k - 1,
			      k - 1, k - 1, k - 1, k - 1, k - 1, k - 1);
	src = mem(b.data);
	doc = qw_yaml_parse(src, &err);
	CHECK(doc != NULL && qw_doc_size(doc) < 200 * sizeof(qw_node));
	qw_doc_free(doc);
	qw_source_free(src);
	qw_buf_free(&b);

	/* The alias marks sit after a container's child array: a walker skips an alias of a container, follows an
	 * alias of a scalar and every plain child; a tagged scalar keeps both its value and its tag. */
	src = mem("m: &m {k: v}\ns: &s str\na: *m\nb: *s\nl: [*m, *s, 1, {x: y}]\nt: !!int '7'\nc: plain\n");
	doc = qw_yaml_parse(src, &err);
	CHECK(doc != NULL && doc->root->type == QW_NODE_MAP && doc->root->npairs == 7);
	const qw_node *root = doc->root;
	CHECK(qw_walk_pair(root, 0) && qw_walk_pair(root, 1) && !qw_walk_pair(root, 2) && qw_walk_pair(root, 3));
	CHECK(qw_map_get(root, "a") == qw_map_get(root, "m") && qw_map_get(root, "b") == qw_map_get(root, "s"));
	const qw_node *seq = qw_map_get(root, "l");
	CHECK(seq && seq->type == QW_NODE_SEQ && seq->nitems == 4 && !qw_walk_item(seq, 0) && qw_walk_item(seq, 1) &&
	      qw_walk_item(seq, 2) && qw_walk_item(seq, 3) && seq->items[3]->type == QW_NODE_MAP);
	const qw_node *t = qw_map_get(root, "t");
	STREQ(qw_node_str(t), "7");
	STREQ(qw_node_tag(t), "tag:yaml.org,2002:int");
	CHECK(qw_node_tag(qw_map_get(root, "c")) == NULL && qw_node_tag(seq) == NULL);
	const qw_node *mm = qw_map_get(root, "m");
	CHECK(mm && mm->npairs == 1 && qw_walk_pair(mm, 0) && qw_map_str(mm, "k"));
	qw_doc_free(doc);
	qw_source_free(src);
}

static void
test_url_and_secrets(void)
{
	qw_url u;
	qw_url_parse("https://Coding.DashScope.aliyuncs.com:443/v1/", &u);
	CHECK(!u.problem);
	STREQ(u.host, "coding.dashscope.aliyuncs.com");
	STREQ(u.path, "/v1");
	CHECK(u.port == 443);
	qw_url_free(&u);
	qw_url_parse("dashscope.aliyuncs.com/compatible-mode/v1", &u);
	CHECK(u.problem != NULL);
	qw_url_free(&u);
	char *shown = qw_url_shown("https://u:pw@api.example.com/v1beta?key=AIzaSecret#x");
	STREQ(shown, "https://\xE2\x80\xA6@api.example.com/v1beta?\xE2\x80\xA6");
	free(shown);
	shown = qw_url_shown("https://coding.dashscope.aliyuncs.com/v1");
	STREQ(shown, "https://coding.dashscope.aliyuncs.com/v1");
	free(shown);
	char *label = qw_host_label("coding.dashscope.aliyuncs.com");
	STREQ(label, "ALIYUNCS");
	free(label);
	label = qw_host_label("api.deepseek.com");
	STREQ(label, "DEEPSEEK");
	free(label);
	CHECK(qw_host_label("localhost") == NULL);

	unsigned char d[32];
	qw_sha256("abc", 3, d);
	CHECK(d[0] == 0xba && d[1] == 0x78 && d[31] == 0xad);
	char *fp = qw_fingerprint("abc");
	STREQ(fp, "sha256:ba7816bf8f01cfea");
	free(fp);

	char err[256];
	qw_kb *kb = qw_kb_load(NULL, err, sizeof(err));
	CHECK(kb != NULL);
	char *m = qw_mask(kb, "sk-sp-0123456789abcdef0123456789ab3f9a");
	STREQ(m, "sk-sp-\xE2\x80\xA6" "3f9a");
	free(m);
	m = qw_mask(kb, "short1234");
	CHECK(m && !strstr(m, "1234"));
	free(m);
	const qw_family *f = qw_kb_family(kb, "sk-ant-oat01-xyz");
	STREQ(f ? f->prefix : NULL, "sk-ant-oat01-"); /* the longest prefix wins */
	CHECK(qw_kb_family(kb, "sk-0123456789abcdef0123456789abcdef") == NULL); /* bare sk- is never attributed */
	const qw_host *h = qw_kb_host(kb, "token-plan.cn-beijing.maas.aliyuncs.com");
	STREQ(h ? h->plan : NULL, "token");
	h = qw_kb_host(kb, "ws123.cn-beijing.maas.aliyuncs.com");
	STREQ(h ? h->plan : NULL, "payg");
	/* the words and repair URLs messages take from the catalogue (the Coding Plan quickstart and FAQ, the
	 * base-url page: providers.md) */
	STREQ(qw_kb_plan_name(kb, "coding"), "Coding Plan");
	STREQ(qw_kb_plan_name(kb, "no-such-plan"), "no-such-plan");
	STREQ(qw_kb_region_name(kb, "intl", "alibaba"), "international (Singapore)");
	STREQ(qw_kb_region_name(kb, "intl", "moonshot"), "international");
	STREQ(qw_kb_region_name(kb, "cn", NULL), "mainland China");
	char *base = qw_kb_plan_base(kb, "alibaba", "coding", "cn", "openai");
	STREQ(base, "https://coding.dashscope.aliyuncs.com/v1");
	free(base);
	base = qw_kb_plan_base(kb, "alibaba", "coding", "intl", "anthropic");
	STREQ(base, "https://coding-intl.dashscope.aliyuncs.com/apps/anthropic");
	free(base);
	base = qw_kb_plan_base(kb, "alibaba", "payg", "cn", "openai");
	STREQ(base, "https://dashscope.aliyuncs.com/compatible-mode/v1");
	free(base);
	CHECK(qw_kb_plan_base(kb, "alibaba", "coding", "us", "openai") == NULL);
	const qw_provider *p = qw_kb_provider(kb, "DashScope-Coding");
	STREQ(p ? p->id : NULL, "alibaba-coding-plan");
	CHECK(qw_kb_hermes_no_key(kb, "changeme") && qw_kb_hermes_no_key(kb, "abc") &&
	      !qw_kb_hermes_no_key(kb, "sk-xxx"));
	size_t at;
	CHECK(qw_key_defect("sk-abc\xE2\x80\x8B" "def", &at) != NULL && at == 6);
	CHECK(qw_key_defect("Bearer sk-abc", &at) != NULL);
	CHECK(qw_key_defect("sk-abcdef0123", &at) == NULL);
	qw_kb_free(kb);
}

/* A tree written out whole: every node's type, span, style and value, in document order. */
static void
dump_tree(qw_buf *b, const qw_node *n)
{
	if (!n) {
		qw_buf_adds(b, "~");
		return;
	}
	qw_buf_printf(b, "(%d %u-%u", n->type, n->span.start, n->span.end);
	if (n->type == QW_NODE_SCALAR)
		qw_buf_printf(b, " %d %s %s", n->plain, qw_node_tag(n) ? qw_node_tag(n) : "-", n->str);
	for (size_t i = 0; n->type == QW_NODE_MAP && i < n->npairs; i++) {
		dump_tree(b, n->pairs[i].key);
		dump_tree(b, n->pairs[i].value);
	}
	for (size_t i = 0; n->type == QW_NODE_SEQ && i < n->nitems; i++)
		dump_tree(b, n->items[i]);
	qw_buf_adds(b, ")");
}

/* Do two trees write out the same (dump_tree)? */
static bool
same_tree(const qw_node *a, const qw_node *b)
{
	qw_buf x = {0}, y = {0};
	dump_tree(&x, a);
	dump_tree(&y, b);
	bool same = !strcmp(x.data, y.data);
	qw_buf_free(&x);
	qw_buf_free(&y);
	return same;
}

/* The keys whose scalar values the walkers over a whole config.yaml read, written out here and not taken from
 * the keep, so that a keep that forgets one fails: secret-named keys (discover_hermes.c's mark_tree_secrets,
 * rules.c's holds_literal_key and tracked_tree) and the URL keys (rules.c's collect_config_urls). */
static bool
walker_reads(const char *k)
{
	return qw_is_secret_name(k) || !strcmp(k, "base_url") || !strcmp(k, "api_base") || !strcmp(k, "api_mode");
}

/* What those walkers see: each scalar under a key they read, with its path and span, into leaves; each mapping
 * and sequence passed on the way, with its path and span, into ways. Edges the walkers skip (aliases of
 * containers) are skipped. */
static void
walk_view(const qw_node *n, const char *path, qw_buf *leaves, qw_buf *ways, int depth)
{
	if (!n || n->type == QW_NODE_SCALAR || depth > QW_TREE_MAX_DEPTH)
		return;
	qw_buf_printf(ways, "%s %u-%u\n", path, n->span.start, n->span.end);
	for (size_t i = 0; n->type == QW_NODE_MAP && i < n->npairs; i++) {
		const char *k = qw_node_str(n->pairs[i].key);
		const qw_node *v = n->pairs[i].value;
		if (!k || !v || !qw_walk_pair(n, i))
			continue;
		char *p = qw_xprintf("%s.%s", path, k);
		if (v->type == QW_NODE_SCALAR && walker_reads(k))
			qw_buf_printf(leaves, "%s %u-%u %d %s\n", p, v->span.start, v->span.end, v->plain, v->str);
		walk_view(v, p, leaves, ways, depth + 1);
		free(p);
	}
	for (size_t i = 0; n->type == QW_NODE_SEQ && i < n->nitems; i++) {
		char *p = qw_xprintf("%s[%zu]", path, i);
		if (qw_walk_item(n, i))
			walk_view(n->items[i], p, leaves, ways, depth + 1);
		free(p);
	}
}

/* Is every line of sub a line of all, in the same order? */
static bool
lines_within(const char *sub, const char *all)
{
	while (*sub) {
		size_t l = strcspn(sub, "\n") + 1;
		const char *at = all;
		while (*at && strncmp(at, sub, l))
			at += strcspn(at, "\n") + 1;
		if (!*at)
			return false;
		all = at + l;
		sub += l;
	}
	return true;
}

/* The pruned tree of text against its whole tree: the same top-level keys, each kept section the same node for
 * node, the same leaves for the walkers at the same paths and spans, and no mapping or sequence that is not in
 * the whole tree at that path and span. Returns the bytes the pruned tree saved. */
static long
check_pruned(const char *name, const char *text, size_t len)
{
	qw_source *src = qw_source_from_memory(name, text, len);
	qw_parse_error e1, e2;
	qw_doc *whole = qw_yaml_parse(src, &e1), *pruned = qw_yaml_parse_pruned(src, &qw_model_config_keep, &e2);
	long saved = 0;
	bool same = (!whole) == (!pruned) && e1.failed == e2.failed && e1.offset == e2.offset && !strcmp(e1.msg, e2.msg);
	if (same && whole && whole->root && whole->root->type == QW_NODE_MAP) {
		const qw_node *w = whole->root, *p = pruned->root;
		same = p && p->type == QW_NODE_MAP && w->npairs == p->npairs && w->span.start == p->span.start &&
		       w->span.end == p->span.end;
		for (size_t i = 0; same && i < w->npairs; i++) {
			const char *k = qw_node_str(w->pairs[i].key);
			const qw_node *wv = w->pairs[i].value, *pv = p->pairs[i].value;
			same = same_tree(w->pairs[i].key, p->pairs[i].key) &&
			       (k && qw_model_config_keep.section(k)
					? same_tree(wv, pv)
					: wv && pv && wv->type == pv->type && wv->span.start == pv->span.start &&
						  wv->span.end == pv->span.end);
		}
		qw_buf wl = {0}, ww = {0}, pl = {0}, pw = {0};
		walk_view(w, "", &wl, &ww, 0);
		walk_view(p, "", &pl, &pw, 0);
		same = same && !strcmp(wl.data ? wl.data : "", pl.data ? pl.data : "") &&
		       lines_within(pw.data ? pw.data : "", ww.data ? ww.data : "");
		saved = (long)qw_doc_size(whole) - (long)qw_doc_size(pruned);
		qw_buf_free(&wl);
		qw_buf_free(&ww);
		qw_buf_free(&pl);
		qw_buf_free(&pw);
	} else if (same && whole) {
		same = same_tree(whole->root, pruned->root);
	}
	if (!same)
		fprintf(stderr, "%s: the pruned tree differs from the whole one\n", name);
	CHECK(same);
	qw_doc_free(whole);
	qw_doc_free(pruned);
	qw_source_free(src);
	return same ? saved : -1;
}

static long pruned_files, pruned_saved;

static int
prune_visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	const char *b = strrchr(path, '/');
	if (type != FTW_F || strcmp(b ? b + 1 : path, "config.yaml") || st->st_size > 1 << 20)
		return 0;
	FILE *f = fopen(path, "rb");
	char buf[1 << 20];
	size_t n = f ? fread(buf, 1, sizeof(buf), f) : 0;
	if (f)
		fclose(f);
	long saved = check_pruned(path, buf, n);
	pruned_files++;
	pruned_saved += saved > 0 ? saved : 0;
	return 0;
}

/* qw_yaml_parse_pruned with Hermes's keep (model.c): what it leaves out is what no check reads. Hand-made cases
 * for each way a part is kept, left out or read whole, then every config.yaml of the fixtures. */
static void
test_pruned_yaml(const char *top)
{
	/* mcp_servers is left out but for its leaves: the api_key and the base_url, with every mapping and sequence
	 * on the way, items keeping their index */
	const char *t = "model:\n  provider: custom\n  base_url: https://a.example/v1\n"
			"mcp_servers:\n  one:\n    command: npx\n    args: [-y, x]\n    env:\n      LOG: info\n"
			"      OPENAI_API_KEY: sk-proj-made-up-0123456789\n"
			"  two:\n    - {name: a}\n    - [1, 2]\n    - {base_url: 'https://b.example/v1', api_mode: x}\n"
			"  {complex: key}: {api_key: v}\n"
			"  ? [seq, key]\n  : token: w\n"
			"toolsets: [a, b]\nempty: {}\nproviders:\n  p: {base_url: https://c.example}\n";
	CHECK(check_pruned("t1", t, strlen(t)) > 0);
	qw_source *src = mem(t);
	qw_parse_error err;
	qw_doc *doc = qw_yaml_parse_pruned(src, &qw_model_config_keep, &err);
	const qw_node *mcp = doc ? qw_map_get(doc->root, "mcp_servers") : NULL;
	const qw_node *one = qw_map_get(mcp, "one"), *two = qw_map_get(mcp, "two");
	CHECK(mcp && mcp->pruned && mcp->npairs == 2 && one && one->pruned && one->npairs == 1);
	STREQ(qw_map_str(qw_map_get(one, "env"), "OPENAI_API_KEY"), "sk-proj-made-up-0123456789");
	CHECK(two && two->type == QW_NODE_SEQ && two->nitems == 3 && qw_node_is_null(two->items[0]) &&
	      qw_node_is_null(two->items[1]));
	STREQ(qw_map_str(two ? two->items[2] : NULL, "api_mode"), "x");
	CHECK(qw_map_get(doc ? doc->root : NULL, "toolsets") && qw_map_get(doc ? doc->root : NULL, "empty"));
	CHECK(doc && !doc->root->pruned && !qw_map_get(doc->root, "model")->pruned);
	qw_doc_free(doc);
	qw_source_free(src);
	/* read whole: an alias anywhere, a merge key or a tagged key where pruning happens (nothing saved) */
	const char *whole[] = {
		"base: &b {api_key: x}\nmodel:\n  <<: *b\n",
		"mcp: {a: &x 1, api_key: *x}\nmodel: {}\n",
		"mcp:\n  a: {<<: {api_mode: m}, base_url: u}\n",
		"mcp:\n  !!str api_key: v\n",
	};
	for (size_t i = 0; i < sizeof(whole) / sizeof(whole[0]); i++)
		CHECK(check_pruned("whole", whole[i], strlen(whole[i])) == 0);
	/* the same syntax error either way, and a root that is not a mapping */
	const char *bad = "mcp:\n  a: [1\n", *seq = "- a\n- {api_key: v}\n";
	CHECK(check_pruned("bad", bad, strlen(bad)) == 0);
	CHECK(check_pruned("seq", seq, strlen(seq)) == 0);
	char dir[PATH_MAX];
	snprintf(dir, sizeof(dir), "%s/testdata", top);
	nftw(dir, prune_visit, 16, FTW_PHYS);
	CHECK(pruned_files > 100);
	printf("pruned: %ld config.yaml files, %ld bytes of trees left out\n", pruned_files, pruned_saved);
}

/* The knowledge base qwlint loads is the trees tools/genkb.c compiled: each must be exactly what the YAML reader
 * makes of the embedded text of its file, and every embedded file must have one. */
static void
test_builtin_trees(void)
{
	CHECK(qw_embedded_rule_trees_count == qw_embedded_rules_count && qw_embedded_rules_count >= 7);
	for (size_t i = 0; i < qw_embedded_rules_count; i++) {
		const qw_embedded_file *f = &qw_embedded_rules[i];
		const qw_node *tree = NULL;
		for (size_t j = 0; j < qw_embedded_rule_trees_count; j++)
			if (!strcmp(qw_embedded_rule_trees[j].name, f->name))
				tree = qw_embedded_rule_trees[j].root;
		qw_source *src = qw_source_from_memory(f->name, (const char *)f->data, f->len);
		qw_parse_error err;
		qw_doc *doc = qw_yaml_parse_builtin(src, &err);
		CHECK(doc && doc->root && tree && same_tree(tree, doc->root));
		qw_doc_free(doc);
		qw_source_free(src);
	}
	/* and the check can fail: a tree against another file's */
	if (qw_embedded_rule_trees_count >= 2)
		CHECK(!same_tree(qw_embedded_rule_trees[0].root, qw_embedded_rule_trees[1].root));
}

/* The catalogue's questions for the other vendors: a path's plan, exclusive key families, region-bound vendors,
 * an application's variable pairs, plan model lists. */
static void
test_catalogue(void)
{
	char err[256];
	qw_kb *kb = qw_kb_load(NULL, err, sizeof(err));
	CHECK(kb != NULL);
	const qw_host *h = qw_kb_host(kb, "qianfan.baidubce.com");
	CHECK(h != NULL);
	const qw_hostpath *hp = qw_host_path(h, "/v2/coding/");
	STREQ(hp ? hp->path : NULL, "/v2/coding");
	STREQ(qw_host_plan(h, hp), "coding");
	STREQ(qw_host_plan(h, qw_host_path(h, "/v2")), "general");
	CHECK(qw_host_path(h, "/v1") == NULL);
	h = qw_kb_host(kb, "coding.dashscope.aliyuncs.com");
	CHECK(h && qw_host_takes_key(h, "sk-sp-0123") && !qw_host_takes_key(h, "sk-0123"));
	CHECK(h && h->only_keys_conf == 'H' && h->answer && strstr(h->answer, "invalid access token"));
	h = qw_kb_host(kb, "api.kimi.com");
	CHECK(h && h->only_keys_conf == 'L'); /* not every Kimi Code key is known to start sk-kimi-: a warning */
	h = qw_kb_host(kb, "token-plan-cn.xiaomimimo.com");
	CHECK(h && qw_host_takes_key(h, "tp-0123")); /* no only_keys: keys it does not know are not judged */
	h = qw_kb_host(kb, "api.moonshot.cn");
	STREQ(h ? h->plan : NULL, "payg");
	h = qw_kb_host(kb, "aip.baidubce.com");
	CHECK(h && h->legacy_why && h->legacy_conf == 'H');
	CHECK(qw_kb_region_bound(kb, "alibaba") && qw_kb_region_bound(kb, "moonshot") &&
	      !qw_kb_region_bound(kb, "chatanywhere") && !qw_kb_region_bound(kb, "openai"));
	const qw_family *f = qw_kb_family(kb, "sk-kimi-Ab3dEf5h");
	CHECK(f && qw_family_has_plan(f, "kimi-code") && !qw_family_has_plan(f, "payg"));
	const qw_app_pair *p = qw_appenv_pair_of(kb, "OPENAI_API_BASE");
	CHECK(p && p->protocol && !strcmp(p->protocol, "openai") && p->nkey == 1);
	p = qw_appenv_pair_of(kb, "DASHSCOPE_BASE_URL");
	CHECK(p && !p->protocol && p->vendor && !strcmp(p->vendor, "alibaba")); /* any: the native API too */
	CHECK(qw_appenv_pair_of(kb, "SOME_OTHER_URL") == NULL);
	size_t nw;
	const qw_wrong_var *w = qw_kb_wrong_vars(kb, &nw);
	CHECK(nw >= 3 && w[0].prefix && !strcmp(w[0].prefix, "sk-ant-oat01-") && !w[0].warning);
	const qw_plan_models *pm = qw_kb_plan_models(kb, "alibaba", "coding");
	CHECK(pm && pm->nmodels > 2 && pm->as_of);
	pm = qw_kb_plan_models(kb, "baidu", "coding");
	CHECK(pm && pm->nmodels == 1 && !strcmp(pm->models[0], "qianfan-code-latest"));
	CHECK(qw_kb_plan_models(kb, "alibaba", "payg") == NULL); /* pay-as-you-go: the full catalogue, no list */
	qw_kb_free(kb);
}

/* QW702/QW703: what counts as a real key, and the .gitignore line that ignores one file. */
static void
test_real_keys_and_ignore_lines(void)
{
	char err[256];
	qw_kb *kb = qw_kb_load(NULL, err, sizeof(err));
	CHECK(kb != NULL);
	if (!kb)
		return;
	CHECK(qw_looks_like_real_key(kb, "sk-proj-Q7vT2mX9pL4kR8wN3bY6cF1hJ5dS0gA7zE"));
	CHECK(qw_looks_like_real_key(kb, "sk-sp-8f3a9c2e7b1d4f6a0c5e9b3d7f1a2c4e"));
	CHECK(qw_looks_like_real_key(kb, "bce-v3/ALTAK-3kZ9qW7xP2mR/8c1f4e6a9b2d5c7e0f3a6b9c2d5e8f1a4b7c0d3e"));
	CHECK(!qw_looks_like_real_key(kb, "sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxx"));        /* one character repeated */
	CHECK(!qw_looks_like_real_key(kb, "sk-00000000000000000000000000000001"));    /* low entropy */
	CHECK(!qw_looks_like_real_key(kb, "sk-your-openai-key-goes-in-this-spot-1"));  /* words */
	CHECK(!qw_looks_like_real_key(kb, "${OPENAI_API_KEY_FROM_THE_SHELL_9}"));    /* a reference */
	CHECK(!qw_looks_like_real_key(kb, "sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f0")); /* a fingerprint */
	CHECK(!qw_looks_like_real_key(kb, "https://api.openai.com/v1/k3y9x"));
	CHECK(!qw_looks_like_real_key(kb, "/run/secrets/openai_api_key_2025"));
	CHECK(!qw_looks_like_real_key(kb, "Q7vT2mX9pL4kR8w"));                        /* 15 characters */
	CHECK(!qw_looks_like_real_key(kb, "abcdefghijklmnopqrstuvwxyz"));              /* no digit */
	CHECK(!qw_looks_like_real_key(kb, "sk-proj-Q7vT2mX9 pL4kR8wN3bY6cF1hJ5d"));    /* a space */
	qw_kb_free(kb);
	char *l = qw_gitignore_line(".env");
	STREQ(l, "/.env");
	free(l);
	l = qw_gitignore_line("[prod]*.env");
	STREQ(l, "/\\[prod\\]\\*.env");
	free(l);
	l = qw_gitignore_line("#x.env ");
	STREQ(l, "/\\#x.env\\ ");
	free(l);
	l = qw_gitignore_line("!a.env");
	STREQ(l, "/\\!a.env");
	free(l);
}

/* Dify: version order (plugin windows) and the plugin ids of DSL dependencies. */
static void
test_dify_versions(void)
{
	CHECK(qw_version_cmp("0.1.19", "0.1.20") < 0);
	CHECK(qw_version_cmp("0.1.20", "0.1.19") > 0);
	CHECK(qw_version_cmp("0.0.28", "0.0.28") == 0);
	CHECK(qw_version_cmp("0.2", "0.2.0") == 0);
	CHECK(qw_version_cmp("0.10.0", "0.9.9") > 0);   /* numbers, not text */
	CHECK(qw_version_cmp("0.1.7-beta", "0.1.7") == 0); /* a suffix is ignored */
	char *p, *v;
	CHECK(qw_dify_plugin_ref("langgenius/tongyi:0.1.33@608ec1e7aa", &p, &v));
	STREQ(p, "langgenius/tongyi");
	STREQ(v, "0.1.33");
	free(p);
	free(v);
	CHECK(qw_dify_plugin_ref("langgenius/agent:0.0.14", &p, &v));
	STREQ(v, "0.0.14");
	free(p);
	free(v);
	CHECK(qw_dify_plugin_ref("a/b:1.2.3-rc.1@ff", &p, &v));
	STREQ(v, "1.2.3");
	free(p);
	free(v);
	CHECK(!qw_dify_plugin_ref("langgenius/tongyi:0.1@ff", &p, &v)); /* two parts */
	CHECK(!qw_dify_plugin_ref("langgenius/tongyi", &p, &v));
	CHECK(!qw_dify_plugin_ref(":1.2.3", &p, &v));
	CHECK(!qw_dify_plugin_ref("a/b:1.2.3x", &p, &v));
}

/* The work tree of a resolved directory, found the slow way: a .git entry here or in an ancestor. */
static char *
naive_worktree(const char *real)
{
	char *d = qw_xstrdup(real);
	for (;;) {
		char *g = qw_path_join(d, ".git");
		struct stat st;
		bool found = lstat(g, &st) == 0 && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode));
		free(g);
		if (found)
			return d;
		if (!strcmp(d, "/")) {
			free(d);
			return NULL;
		}
		char *up = qw_dirname(d);
		free(d);
		d = up;
	}
}

/* qw_dirs answers as realpath(3) and a search for .git would, through links, "..", and its kept parents. */
static void
test_dirs(void)
{
	char tmpl[] = "/tmp/qwunit-dirs-XXXXXX";
	if (!mkdtemp(tmpl)) {
		CHECK(!"mkdtemp");
		return;
	}
	char top[PATH_MAX];
	CHECK(realpath(tmpl, top) != NULL);
	static const char *const made[] = {"a", "a/b", "a/b/.git", "a/b/d", "c", "c/x", "e", "e/f"};
	for (size_t i = 0; i < sizeof(made) / sizeof(made[0]); i++) {
		char *p = qw_path_join(tmpl, made[i]);
		CHECK(mkdir(p, 0700) == 0);
		free(p);
	}
	char *p = qw_path_join(tmpl, "c/.git"); /* a worktree's .git is a file */
	FILE *f = fopen(p, "w");
	CHECK(f != NULL);
	if (f)
		fclose(f);
	free(p);
	p = qw_path_join(tmpl, "link");
	CHECK(symlink("a", p) == 0);
	free(p);

	qw_dirs *d = qw_dirs_new();
	static const char *const asked[][2] = {
		{"a/b", "a/b"}, {"a/b/d", "a/b/d"}, {"link/b", "a/b"}, {"link/b/d", "a/b/d"}, {"a/b/..", "a"},
		{"a/b/d/.", "a/b/d"}, {"c/x", "c/x"}, {"e/f", "e/f"}, {"link", "a"}, {"a/b/d", "a/b/d"}};
	for (size_t i = 0; i < sizeof(asked) / sizeof(asked[0]); i++) {
		char *q = qw_path_join(tmpl, asked[i][0]), *want = qw_path_join(top, asked[i][1]);
		char *got = qw_dirs_resolve(d, q);
		STREQ(got, want);
		char *root = got ? qw_dirs_worktree(d, got) : NULL, *naive = got ? naive_worktree(got) : NULL;
		CHECK((!root && !naive) || str_eq(root, naive));
		if (!strncmp(asked[i][1], "a/b", 3)) /* a/b holds .git */
			CHECK(root && !strcmp(root + strlen(top), "/a/b"));
		if (!strcmp(asked[i][1], "c/x"))
			CHECK(root && !strcmp(root + strlen(top), "/c"));
		free(q);
		free(want);
		free(got);
		free(root);
		free(naive);
	}
	p = qw_path_join(tmpl, "a/missing");
	CHECK(qw_dirs_resolve(d, p) == NULL);
	free(p);
	/* a relative name, and the current directory */
	char cwd[PATH_MAX];
	if (getcwd(cwd, sizeof(cwd)) && chdir(tmpl) == 0) {
		char *got = qw_dirs_resolve(d, "e/f"), *want = qw_path_join(top, "e/f");
		STREQ(got, want);
		free(got);
		free(want);
		got = qw_dirs_resolve(d, ".");
		STREQ(got, top);
		free(got);
		CHECK(chdir(cwd) == 0);
	}
	qw_dirs_free(d);
	static const char *const gone[] = {"link", "c/.git", "c/x", "c", "e/f", "e", "a/b/d", "a/b/.git", "a/b", "a"};
	for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
		p = qw_path_join(tmpl, gone[i]);
		CHECK(!strcmp(gone[i], "link") || !strcmp(gone[i], "c/.git") ? unlink(p) == 0 : rmdir(p) == 0);
		free(p);
	}
	CHECK(rmdir(tmpl) == 0);
}

/* --probe-resolve's HOST:PORT:ADDR[:PORT2] becomes libcurl's CONNECT_TO form; anything else is refused. */
static void
test_probe_resolve(void)
{
	static const char *const good[][2] = {
		{"api.example.com:443:127.0.0.1", "api.example.com:443:127.0.0.1:443"},
		{"api.example.com:443:127.0.0.1:8443", "api.example.com:443:127.0.0.1:8443"},
		{"*:443:127.0.0.1:8443", ":443:127.0.0.1:8443"},
		{"h:443:[::1]:99", "h:443:[::1]:99"},
		{"h:443:[::1]", "h:443:[::1]:443"},
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		char *c = qw_probe_connect_to(good[i][0]);
		STREQ(c, good[i][1]);
		free(c);
	}
	static const char *const bad[] = {"h", "h:443", ":443:1.2.3.4", "h::1.2.3.4", "h:x:1.2.3.4", "h:443:",
					  "h:443:1.2.3.4:", "h:443:1.2.3.4:x", "h:443:[::1", "h:443:[::1]x"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *c = qw_probe_connect_to(bad[i]);
		CHECK(c == NULL);
		free(c);
	}
}

/* Placeholders by shape (issue 23 item 3): the template values of ../shared/corpus/realworld/ and their near
 * misses, real-shaped (made-up) keys and URLs. */
static void
test_placeholders(void)
{
	static const char *const yes[] = {"", "  ", "your_base_url_here", "your-api-base-url", "Your_Key", "YOUR-URL",
					  "YOUR_SERPAPI_API_KEY", "tvly-your_tavily_key_here",
					  "github_pat_your_personal_access_token_here", "your-azure-openai-endpoint",
					  "<your dashscope api key>", "{YOUR API KEY}", "[your key]", "sk-", "sk-xxx",
					  "sk-xxxxxxxxxxxxxxxx", "sk-sp-****", "xxx", "xxxx xxxx xxxx xxxx",
					  "********-****-****-****-************", "ghp_xxxxxxxxxxxxxxxxxxxx", "xapp-...", "...",
					  "\xe2\x80\xa6", "sk-...", "changeme", "change-me-in-production", "CHANGE_ME",
					  "replace_me", "replace-with-your-key", "placeholder", "https://your-resource.openai.azure.com"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!qw_is_placeholder(yes[i])) {
			printf("not a placeholder: \"%s\"\n", yes[i]);
			CHECK(0);
		}
	static const char *const no[] = {"sk-3f9a2b7c4d5e6f708192a3b4c5d6e7f8", "sk-sp-0a1b2c3d4e5f60718293a4b5c6d7e8f9",
					 "bce-v3/ALTAK-ab12cd34ef56/0123456789abcdef0123456789abcdef01234567",
					 "https://dashscope.aliyuncs.com/compatible-mode/v1", "https://api.yourcompany.com/v1",
					 "http://ollama:11434/v1", "{\"a\": 1}", "${OPENAI_API_KEY}", "a-b", "x",
					 "0123456789abcdef.AbCdEfGhIjKlMnOp", "postgres-password", "difyai123456"};
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (qw_is_placeholder(no[i])) {
			printf("taken for a placeholder (%s): \"%s\"\n", qw_placeholder_shape(no[i]), no[i]);
			CHECK(0);
		}
	STREQ(qw_placeholder_shape("<your key>"), "<…>");
	STREQ(qw_placeholder_shape("sk-"), "a key prefix alone");
}

/* The model id Hermes sends (model_name.c): every row's "out" was printed by Hermes's own code
 * (tests/model_name_table.py regenerates model_name_table.h); main rows go through the request-level call
 * (the runtime provider, aggregators skipped), call rows through qw_hermes_model_name itself. */
static void
test_model_name(void)
{
	char err[256];
	qw_kb *kb = qw_kb_load(NULL, err, sizeof(err));
	CHECK(kb != NULL);
	if (!kb)
		return;
	size_t n = sizeof(model_name_rows) / sizeof(model_name_rows[0]);
	CHECK(n >= 90);
	for (size_t i = 0; i < n; i++) {
		const struct model_name_row *row = &model_name_rows[i];
		char *got;
		if (!strcmp(row->call, "main")) {
			qw_request r = {0};
			r.provider = qw_xstrdup(row->provider);
			r.model = qw_xstrdup(row->in);
			qw_request_model_sent(kb, &r, NULL);
			got = r.model;
			/* a step says so exactly when the id changed (or vanished) */
			bool changed = !got || strcmp(got, row->in);
			CHECK(changed == (r.ntrace == 1) || (!*row->in && !r.ntrace));
			for (size_t k = 0; k < r.ntrace; k++)
				free(r.trace[k]);
			free(r.trace);
			free(r.provider);
		} else {
			got = qw_hermes_model_name(kb, row->provider, row->in);
		}
		bool ok = row->out ? got && !strcmp(got, row->out) : !got;
		if (!ok)
			fprintf(stderr, "model_name row %zu (%s, \"%s\", \"%s\"): got \"%s\", Hermes \"%s\"\n", i,
				row->call, row->provider, row->in, got ? got : "(none)", row->out ? row->out : "(none)");
		CHECK(ok);
		free(got);
	}
	/* a fallback entry: the provider as written there, and an aggregator is not skipped */
	qw_request r = {0};
	r.provider = qw_xstrdup("openrouter");
	r.model = qw_xstrdup("claude-sonnet-4.6");
	qw_request_model_sent(kb, &r, "OpenRouter");
	STREQ(r.model, "anthropic/claude-sonnet-4.6");
	CHECK(r.ntrace == 1 && strstr(r.trace[0], "normalized from \"claude-sonnet-4.6\""));
	for (size_t k = 0; k < r.ntrace; k++)
		free(r.trace[k]);
	free(r.trace), free(r.provider), free(r.model);
	/* a named custom endpoint's main model: Hermes's runtime label is "custom" */
	r = (qw_request){0};
	r.provider = qw_xstrdup("custom:local");
	r.model = qw_xstrdup("custom/my-model");
	qw_request_model_sent(kb, &r, NULL);
	STREQ(r.model, "my-model");
	for (size_t k = 0; k < r.ntrace; k++)
		free(r.trace[k]);
	free(r.trace), free(r.provider), free(r.model);
	CHECK(!strcmp(qw_kb_hermes_models(kb)->since, "0.18.2"));
	qw_kb_free(kb);
}

/* The registry per Hermes version (rules/hermes-providers.yaml; kb.h): aliases, case, white space, since/until. */
static void
test_hermes_versions(void)
{
	char err[256];
	qw_kb *kb = qw_kb_load(NULL, err, sizeof(err));
	CHECK(kb != NULL);
	if (!kb)
		return;
	/* a new kb models the newest known Hermes */
	STREQ(qw_kb_hermes_version(kb), "newest");
	STREQ(qw_kb_hermes_version_why(kb), "newest known (knowledge to 2026-09-22)");
	const qw_provider *p = qw_kb_provider(kb, " Z.AI ");
	STREQ(p ? p->id : NULL, "zai");
	p = qw_kb_provider(kb, "GROK");
	STREQ(p ? p->id : NULL, "xai");
	p = qw_kb_provider(kb, "moonshot-cn");
	STREQ(p ? p->id : NULL, "kimi-coding-cn");
	p = qw_kb_provider(kb, "Deepseek-Chat");
	STREQ(p ? p->id : NULL, "deepseek");
	p = qw_kb_provider(kb, "lm-studio");
	CHECK(p && !strcmp(p->id, "lmstudio") && p->auth == QW_AUTH_API_KEY && !p->auto_detect && p->no_key_sends);
	p = qw_kb_provider(kb, "fireworks");
	CHECK(p && !p->base_url_env && p->default_base_url); /* FIREWORKS_BASE_URL is not read */
	CHECK(qw_kb_is_custom_alias(kb, " Local ") && qw_kb_provider(kb, "local") == NULL);
	p = qw_kb_provider(kb, "aliyun");
	STREQ(p ? p->id : NULL, "alibaba");
	p = qw_kb_provider(kb, "dashscope-coding-cn");
	CHECK(p && !strcmp(p->id, "alibaba-coding-plan-cn") && p->conf == 'U' && p->disputed && p->since);
	CHECK(qw_kb_hermes_feature(kb, "model_key_env_builtin") && !qw_kb_hermes_feature(kb, "no_such_feature"));
	/* the newest order: actual before minimax; the Alibaba profiles after every static row */
	size_t n, iact = 0, imm = 0, iaz = 0, icn = 0;
	const qw_provider *all = qw_kb_providers(kb, &n);
	for (size_t i = 0; i < n; i++) {
		iact = !strcmp(all[i].id, "actual") ? i : iact;
		imm = !strcmp(all[i].id, "minimax") ? i : imm;
		iaz = !strcmp(all[i].id, "azure-foundry") ? i : iaz;
		icn = !strcmp(all[i].id, "alibaba-cn") ? i : icn;
	}
	CHECK(iact && iact < imm && iaz < icn);
	/* 0.18.2: the later rows and aliases are gone, the 0.18.2 ones stay */
	CHECK(qw_kb_set_hermes_version(kb, "0.18.2", err, sizeof(err)) == 0);
	STREQ(qw_kb_hermes_version(kb), "0.18.2");
	STREQ(qw_kb_hermes_version_why(kb), "--hermes-version");
	CHECK(qw_kb_provider(kb, "alibaba-cn") == NULL && qw_kb_provider(kb, "actual") == NULL &&
	      qw_kb_provider(kb, "aliyun") == NULL);
	p = qw_kb_provider(kb, "Kimi-CN");
	STREQ(p ? p->id : NULL, "kimi-coding-cn");
	p = qw_kb_provider(kb, "vertex-ai"); /* the 0.18.2 row, after the plugins */
	CHECK(p && !strcmp(p->id, "vertex") && p->until && !p->since);
	CHECK(!qw_kb_hermes_feature(kb, "model_key_env_builtin"));
	const char *since = NULL, *until = NULL;
	p = qw_kb_provider_other_version(kb, "ALIYUN", &since, &until);
	CHECK(p && !strcmp(p->id, "alibaba") && since && !until);
	CHECK(qw_kb_provider_other_version(kb, "alibaba", &since, &until) == NULL);
	CHECK(qw_kb_provider_other_version(kb, "qwen-cloud", &since, &until) == NULL);
	/* a date: main that day (#73345 of 2026-07-30 in, undated facts out) */
	CHECK(qw_kb_set_hermes_version(kb, "2026-08-01", err, sizeof(err)) == 0);
	CHECK(qw_kb_provider(kb, "alibaba-token-plan") != NULL && qw_kb_provider(kb, "actual") == NULL &&
	      qw_kb_provider(kb, "aliyun") == NULL && !qw_kb_hermes_feature(kb, "model_key_env_builtin"));
	CHECK(qw_kb_set_hermes_version(kb, "2026-07-29", err, sizeof(err)) == 0 &&
	      qw_kb_provider(kb, "alibaba-cn") == NULL);
	/* unknown values */
	CHECK(qw_kb_set_hermes_version(kb, "0.17.0", err, sizeof(err)) < 0 && strstr(err, "0.18.2"));
	CHECK(qw_kb_set_hermes_version(kb, "2026-07-01", err, sizeof(err)) < 0);
	CHECK(qw_kb_set_hermes_version(kb, "2027-01-01", err, sizeof(err)) < 0);
	CHECK(qw_kb_set_hermes_version(kb, "newer", err, sizeof(err)) < 0);
	CHECK(qw_kb_set_hermes_version(kb, "newest", err, sizeof(err)) == 0 && qw_kb_provider(kb, "actual"));
	/* version points */
	CHECK(qw_hermes_point_valid("0.18.2") && qw_hermes_point_valid("post-0.18.2 (#73345, 2026-07-30)") &&
	      qw_hermes_point_valid("post-0.18.2 (auth.py @00067189, undated)"));
	CHECK(!qw_hermes_point_valid("post-0.18.2") && !qw_hermes_point_valid("post-0.18.2 (#1, 2026-13-01)") &&
	      !qw_hermes_point_valid("v0.18") && !qw_hermes_point_valid("0.18.2.1"));
	/* the installed version: a home's hermes-agent/ */
	char dir[] = "/tmp/qwunitXXXXXX";
	if (mkdtemp(dir)) {
		char *d = qw_path_join(dir, "hermes-agent/hermes_cli");
		char *cmd = qw_xprintf("mkdir -p '%s' && printf '__version__ = \"0.19.0\"\\n' > '%s/__init__.py'", d, d);
		CHECK(system(cmd) == 0);
		const char *homes[] = {dir};
		qw_kb_detect_hermes_version(kb, homes, 1);
		STREQ(qw_kb_hermes_version(kb), "newest");
		STREQ(qw_kb_hermes_newer_installed(kb), "0.19.0");
		CHECK(strstr(qw_kb_hermes_version_why(kb), "installed Hermes 0.19.0 at ") != NULL);
		free(cmd);
		cmd = qw_xprintf("printf '__version__ = \\047%%s\\047\\n' 0.18.2 > '%s/__init__.py'", d);
		CHECK(system(cmd) == 0);
		qw_kb_detect_hermes_version(kb, homes, 1);
		CHECK(!strcmp(qw_kb_hermes_version(kb), "0.18.2") && !qw_kb_hermes_newer_installed(kb) &&
		      qw_kb_provider(kb, "aliyun") == NULL);
		free(cmd);
		cmd = qw_xprintf("rm -rf '%s'", dir);
		CHECK(system(cmd) == 0);
		free(cmd);
		free(d);
	}
	qw_kb_free(kb);
}

/* The option table (src/stages/options.def): well formed, and each hand-written text (--help's line, the man entry, the
 * README cell) states every value of its enumeration and its default, which the program reads from the table. */
static void
test_options(void)
{
	char shorts[128] = "";
	for (size_t i = 0; i < QW_NOPTS; i++) {
		const qw_optdef *o = &qw_opts[i];
		CHECK(o->name != NULL);
		if (!o->name)
			continue;
		for (size_t j = 0; j < i; j++)
			CHECK(strcmp(o->name, qw_opts[j].name) != 0);
		if (o->shrt) {
			CHECK(!strchr(shorts, o->shrt));
			strncat(shorts, &o->shrt, 1);
		}
		CHECK((o->type == QW_ARG_NONE) == (o->metavar == NULL));
		CHECK((o->type == QW_ARG_ENUM) == (o->values != NULL));
		CHECK(o->type != QW_ARG_INT || o->lo <= o->hi);
		CHECK(!o->readable || o->type == QW_ARG_PATH);
		/* a hidden option has no text; a documented one has all three */
		CHECK((o->help == NULL) == (o->man == NULL) && (o->help == NULL) == (o->readme == NULL));
		const char *texts[3] = {o->help, o->man, o->readme};
		char w[64];
		for (size_t j = 0; o->values && qw_enum_word(o->values, j, w, sizeof(w)); j++) {
			CHECK(qw_enum_parse(o->values, w) >= 0);
			for (size_t t = 0; t < 3 && o->help; t++)
				if (!strstr(texts[t], w)) {
					fprintf(stderr, "option --%s: text %zu does not name %s\n", o->name, t, w);
					CHECK(0);
				}
		}
		if (o->dflt) {
			qw_optarg a;
			CHECK(qw_opt_value((qw_opt_id)i, o->dflt, &a));
			for (size_t t = 0; t < 3 && o->help; t++)
				if (!strstr(texts[t], o->dflt)) {
					fprintf(stderr, "option --%s: text %zu does not state the default %s\n", o->name, t, o->dflt);
					CHECK(0);
				}
		}
		/* a .qwlint.yaml key is a documented option's, and no two options share one */
		CHECK(!o->setting || o->help);
		for (size_t j = 0; o->setting && j < i; j++)
			CHECK(!qw_opts[j].setting || strcmp(o->setting, qw_opts[j].setting));
	}
	STREQ(shorts, "foerqjVh");
	CHECK(qw_opt_default(QW_OPT_LOCK_WAIT).n == 15 && qw_opt_default(QW_OPT_PROBE_TIMEOUT).n == 10 &&
	      qw_opt_default(QW_OPT_MAX_FILE_SIZE).n == 16777216);
	qw_optarg a;
	CHECK(!qw_opt_value(QW_OPT_JOBS, "0", &a) && qw_opt_value(QW_OPT_JOBS, "256", &a) && a.n == 256 &&
	      !qw_opt_value(QW_OPT_JOBS, "257", &a) && !qw_opt_value(QW_OPT_JOBS, " 5", &a) &&
	      !qw_opt_value(QW_OPT_JOBS, "+5", &a) && !qw_opt_value(QW_OPT_JOBS, "", &a));
	CHECK(qw_opt_value(QW_OPT_MAX_FILE_SIZE, "18446744073709551615", &a) &&
	      !qw_opt_value(QW_OPT_MAX_FILE_SIZE, "18446744073709551616", &a));
	CHECK(qw_opt_value(QW_OPT_FAIL_ON, "warning", &a) && a.n == QW_SEV_WARNING);
	CHECK(qw_opt_value(QW_OPT_COLOR, "never", &a) && a.n == QW_COLOR_NEVER);
	CHECK(!qw_opt_value(QW_OPT_OUTPUT_FILE, "", &a) && !qw_opt_value(QW_OPT_PROBE_RESOLVE, "x", &a));
	char buf[128];
	STREQ(QW_FORMAT_NAMES, qw_format_names()); /* --format's texts are built from the macro */
	qw_opt_expected(QW_OPT_REGION, buf, sizeof(buf));
	STREQ(buf, "cn, intl, us, hk, jp or eu");
	qw_opt_expected(QW_OPT_LOCK_WAIT, buf, sizeof(buf));
	STREQ(buf, "a number of seconds from 0 to 3600");
	qw_enum_expected(&qw_severities, "off", buf, sizeof(buf));
	STREQ(buf, "error, warning, info or off");
	CHECK(qw_enum_parse(&qw_severities, "error") == QW_SEV_ERROR && qw_enum_parse(&qw_severities, "err") < 0 &&
	      qw_enum_parse(&qw_regions, "eu") == 5 && qw_enum_parse(&qw_regions, NULL) < 0);
}

/* The knowledge tables (src/knowledge/kb_schema.c) on small rules files read from a directory: defaults, entries dropped
 * for a missing required field, a path's conf taken from its host, the finish hooks, and a malformed window's
 * message. */
static const char *const kb_files_small[][2] = {
	{"hermes-providers.yaml",
	 "hermes_versions: {releases: [{version: \"0.18.2\", date: 2026-07-15}], knowledge_to: 2026-09-22}\n"
	 "providers:\n"
	 "  - {id: a, auth: weird, aliases: [x, {name: y, until: \"0.18.2\"}, {}],\n"
	 "     model_api_modes: [{prefix: p, mode: m}, {prefix: q}]}\n"
	 "  - {auth: oauth}\n"
	 "  - {id: b, strip_model_prefix: maybe, key_prefix_base_url: {prefix: sk-b-, base_url: https://b.example/v1}}\n"},
	{"endpoints.yaml",
	 "hosts:\n"
	 "  - {host: API.Example.COM, conf: M, paths: [{path: /v1}, {path: /x, conf: L}, {protocol: anthropic}],\n"
	 "     only_keys: {prefixes: [sk-e-]}}\n"
	 "  - {vendor: nohost}\n"
	 "lookalikes: [{host: Api.Exampel.COM, suggest: api.example.com}]\n"},
	{"keys.yaml", "families: [{prefix: sk-e-, vendor: example, model_key: maybe}, {prefix: sk-f-, name: F, "
		      "model_key: no}]\n"},
	{"dify.yaml", "plugin_providers: [{plugin: langgenius/x, provider: x}]\n"},
	{"app-env.yaml", "pairs: [{key: [K], base: [B], protocol: any}]\n"
			 "wrong_variable: [{vars: [V], conf: H, severity: warning}, {vars: [W], conf: H}]\n"},
	{"clients.yaml", "clients: [{id: c, protocol: anthropic, appends: /messages}, {id: d}]\n"},
	{"models.yaml", "plans: [{vendor: example, plan: coding, models: [m1]}, {vendor: example}]\n"},
	{"probe.yaml", "calls: [{vendor: example, plan: coding, request: chat}, {vendor: example, plan: payg, request: "
		       "models}]\n"
		       "answers: [{vendor: example, status: 0, body: b, code: c, means: rejected},\n"
		       "          {vendor: example, status: 401, body: b, code: c, means: rejected}]\n"},
	{"hermes-models.yaml", "vendor_prefixes: {list: [{token: claude, vendor: anthropic}, {token: gpt}]}\n"
			       "provider_aliases: {map: {a: b}}\n"},
};

static void
write_kb_files(const char *dir, const char *bad_providers)
{
	for (size_t i = 0; i < sizeof(kb_files_small) / sizeof(kb_files_small[0]); i++) {
		char *p = qw_path_join(dir, kb_files_small[i][0]);
		FILE *f = fopen(p, "w");
		CHECK(f != NULL);
		if (f) {
			fputs(i == 0 && bad_providers ? bad_providers : kb_files_small[i][1], f);
			fclose(f);
		}
		free(p);
	}
}

static void
test_kb_schema(void)
{
	char dir[] = "/tmp/qwunit-kb-XXXXXX";
	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	write_kb_files(dir, NULL);
	char err[256] = "";
	qw_kb *kb = qw_kb_load(dir, err, sizeof(err));
	CHECK(kb != NULL);
	if (!kb) {
		fprintf(stderr, "%s\n", err);
		return;
	}
	size_t n;
	const qw_provider *rows = qw_kb_providers_all(kb, &n);
	CHECK(n == 2 && !strcmp(rows[0].id, "a") && !strcmp(rows[1].id, "b")); /* the row without an id is dropped */
	CHECK(rows[0].auth == QW_AUTH_EXTERNAL && rows[1].auth == QW_AUTH_API_KEY);
	CHECK(rows[0].naliases == 2 && rows[0].nmam == 1 && !strcmp(rows[0].mam_mode[0], "m"));
	CHECK(rows[0].strip_model_prefix == QW_UNKNOWN && rows[1].strip_model_prefix == QW_UNKNOWN && rows[0].conf == 'U');
	STREQ(rows[1].kp_base_url, "https://b.example/v1");
	CHECK(qw_kb_provider(kb, "X") == &qw_kb_providers(kb, &n)[0] && qw_kb_provider(kb, "y") == NULL);
	const char *since = NULL, *until = NULL; /* y's window ends at 0.18.2 */
	CHECK(qw_kb_provider_other_version(kb, " Y", &since, &until) == &rows[0] && !since && str_eq(until, "0.18.2"));
	const qw_host *h = qw_kb_host(kb, "api.example.com");
	CHECK(h && !strcmp(h->pattern, "api.example.com") && !strcmp(h->plan, "general") &&
	      !strcmp(h->region, "global") && !strcmp(h->vendor, "") && h->npaths == 2);
	CHECK(h && h->paths[0].conf == 'M' && h->paths[1].conf == 'L' && !strcmp(h->paths[0].protocol, "openai"));
	CHECK(h && h->only_keys_conf == 'U' && h->legacy_conf == 'U' && qw_host_takes_key(h, "sk-e-1") &&
	      !qw_host_takes_key(h, "sk-f-1"));
	CHECK(qw_kb_hosts_all(kb, &n) && n == 1);
	CHECK(qw_kb_lookalike(kb, "api.exampel.com") != NULL);
	const qw_family *f = qw_kb_family(kb, "sk-e-123");
	CHECK(f && f->model_key && !f->vendor_hosts_only && !strcmp(f->name, "sk-e-"));
	f = qw_kb_family(kb, "sk-f-123");
	CHECK(f && !f->model_key && !strcmp(f->name, "F") && !strcmp(f->vendor, ""));
	const qw_app_pair *ap = qw_kb_app_pairs(kb, &n);
	CHECK(n == 1 && ap[0].protocol == NULL && ap[0].nkey == 1);
	const qw_wrong_var *w = qw_kb_wrong_vars(kb, &n);
	CHECK(n == 2 && w[0].warning && !w[1].warning);
	CHECK(qw_kb_plan_models(kb, "example", "coding") != NULL);
	CHECK(qw_kb_probe_call(kb, "example", "coding") == NULL && qw_kb_probe_call(kb, "example", "payg") != NULL);
	CHECK(qw_kb_probe_answers(kb, &n) && n == 1);
	STREQ(qw_kb_plugin_provider(kb, "langgenius/x"), "x");
	CHECK(qw_kb_plugin_provider(kb, "langgenius/y") == NULL);
	const qw_hermes_models *hm = qw_kb_hermes_models(kb);
	CHECK(hm->nvendor_prefixes == 1 && hm->naliases == 1 && hm->nclasses == 0 && hm->since == NULL);
	STREQ(qw_kb_hermes_commit(kb), "unknown");
	qw_kb_free(kb);

	/* a malformed window: the first one in file order is reported */
	write_kb_files(dir, "hermes_versions: {releases: [{version: \"0.18.2\", date: 2026-07-15}], knowledge_to: x}\n"
			    "providers: [{id: a, since: \"0.18\", aliases: [{name: y, until: \"post-0.18.2\"}]}]\n");
	CHECK(qw_kb_load(dir, err, sizeof(err)) == NULL);
	STREQ(err, "hermes-providers.yaml: hermes_versions: needs releases and knowledge_to (YYYY-MM-DD)");
	write_kb_files(dir, "hermes_versions: {releases: [{version: \"0.18.2\", date: 2026-07-15}], "
			    "knowledge_to: 2026-09-22}\n"
			    "providers: [{id: a, since: \"0.18.x\", aliases: [{name: y, until: \"post-0.18.2\"}]}]\n");
	CHECK(qw_kb_load(dir, err, sizeof(err)) == NULL);
	STREQ(err, "hermes-providers.yaml: y: until \"post-0.18.2\" is not a Hermes version point");
	write_kb_files(dir, "hermes_versions: {releases: [{version: \"0.18.2\", date: 2026-07-15}, {version: 1}], "
			    "knowledge_to: 2026-09-22}\n");
	CHECK(qw_kb_load(dir, err, sizeof(err)) == NULL);
	STREQ(err, "hermes-providers.yaml: hermes_versions.releases[1]: needs a version X.Y.Z and a date YYYY-MM-DD");
	char *cmd = qw_xprintf("rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
	free(cmd);
}

int
main(int argc, char **argv)
{
	test_options();
	test_placeholders();
	test_hermes_versions();
	test_probe_resolve();
	test_dirs();
	test_scrub();
	test_idset();
	test_escape();
	test_dotenv();
	test_json();
	test_json_dialect_errors();
	test_jsonc();
	test_json5();
	test_toml(&passed, &failed);
	test_yaml();
	test_url_and_secrets();
	test_real_keys_and_ignore_lines();
	test_dify_versions();
	test_builtin_trees();
	if (argc > 1)
		test_pruned_yaml(argv[1]);
	test_catalogue();
	test_model_name();
	test_kb_schema();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
