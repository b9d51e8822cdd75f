/*
 * unit_toml.c - the TOML reader (src/parse/toml.c, toml_lex.c), one test per construct with the spans of its
 * values, one per class of error with its offset, and a Codex CLI config.toml with a value replaced as --fix will.
 * Part of the unit_tests binary (unit_tests.c calls test_toml); toml-test's own cases run in tests/toml_suite.c.
 *
 * Ownership: each test frees its sources and trees.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "util.h"

void test_toml(int *passed, int *failed);

static int npassed, nfailed;

#define CHECK(cond)                                                                                          \
	do {                                                                                                 \
		if (cond)                                                                                    \
			npassed++;                                                                           \
		else {                                                                                       \
			nfailed++;                                                                           \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);            \
		}                                                                                            \
	} while (0)

static bool
streq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* A node by a path of '/'-separated keys, a number standing for an index into a sequence. */
static const qw_node *
at(const qw_node *n, const char *path)
{
	char *copy = qw_xstrdup(path), *save = NULL;
	for (char *seg = strtok_r(copy, "/", &save); n && seg; seg = strtok_r(NULL, "/", &save)) {
		if (n->type == QW_NODE_SEQ) {
			size_t i = strtoul(seg, NULL, 10);
			n = i < n->nitems ? n->items[i] : NULL;
		} else {
			n = qw_map_get(n, seg);
		}
	}
	free(copy);
	return n;
}

/* The key node of the pair that holds path's node. */
static const qw_node *
key_of(const qw_node *root, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *parent = slash ? qw_xstrndup(path, (size_t)(slash - path)) : qw_xstrdup("");
	const qw_pair *p = qw_map_pair(*parent ? at(root, parent) : root, slash ? slash + 1 : path);
	free(parent);
	return p ? p->key : NULL;
}

/* The node's span is exactly text (its bytes in src). */
static bool
span_is(const qw_source *src, const qw_node *n, const char *text)
{
	size_t len = strlen(text);
	return n && n->span.end >= n->span.start && n->span.end - n->span.start == len && n->span.end <= src->len &&
	       !memcmp(src->data + n->span.start, text, len);
}

typedef struct parsed {
	qw_source *src;
	qw_doc *doc;
	qw_parse_error err;
} parsed;

static parsed
parse_n(const char *text, size_t len)
{
	parsed p;
	p.src = qw_source_from_memory("config.toml", text, len);
	p.doc = qw_toml_parse(p.src, &p.err);
	if (!p.doc)
		fprintf(stderr, "toml: %zu: %s\n", p.err.offset, p.err.msg);
	return p;
}

static parsed
parse(const char *text)
{
	return parse_n(text, strlen(text));
}

static void
done(parsed *p)
{
	qw_doc_free(p->doc);
	qw_source_free(p->src);
}

/* path's value: its decoded string and the exact text of its span. */
#define VALUE(p, path, want, text)                                                                           \
	do {                                                                                                 \
		const qw_node *v_ = at((p).doc ? (p).doc->root : NULL, path);                                \
		CHECK(v_ && v_->type == QW_NODE_SCALAR && streq(v_->str, want));                             \
		CHECK(span_is((p).src, v_, text));                                                           \
	} while (0)

/* text is refused, the error at offset and its message containing part. */
#define BAD(text, offset, part) bad_n(__LINE__, text, strlen(text), offset, part)

static void
bad_n(int line, const char *text, size_t len, size_t offset, const char *part)
{
	qw_source *src = qw_source_from_memory("config.toml", text, len);
	qw_parse_error err;
	qw_doc *doc = qw_toml_parse(src, &err);
	bool ok = !doc && err.failed && err.offset == offset && strstr(err.msg, part);
	CHECK(ok);
	if (!ok)
		fprintf(stderr, "  (line %d) %s: %zu: %s\n", line, doc ? "accepted" : "refused", err.offset,
			doc ? "" : err.msg);
	qw_doc_free(doc);
	qw_source_free(src);
}

static void
test_comments_and_keys(void)
{
	parsed p = parse("# head\n\nbare_key-1 = 1 # after\n\"quoted key\" = 2\n'lit.key' = 3\n"
			 "x.y.z = 4\np . \"q r\" . s = 5\n\"\" = 6\n1234 = 7\n#tail");
	CHECK(p.doc && p.doc->root->type == QW_NODE_MAP && p.doc->root->npairs == 7);
	VALUE(p, "bare_key-1", "1", "1");
	VALUE(p, "quoted key", "2", "2");
	VALUE(p, "lit.key", "3", "3");
	VALUE(p, "x/y/z", "4", "4");
	VALUE(p, "p/q r/s", "5", "5");
	const qw_node *empty = p.doc ? qw_map_get(p.doc->root, "") : NULL; /* the empty key */
	CHECK(empty && streq(empty->str, "6") && span_is(p.src, empty, "6"));
	VALUE(p, "1234", "7", "7");
	const qw_node *root = p.doc->root;
	CHECK(span_is(p.src, key_of(root, "quoted key"), "\"quoted key\"") && !key_of(root, "quoted key")->plain);
	CHECK(span_is(p.src, key_of(root, "lit.key"), "'lit.key'"));
	CHECK(span_is(p.src, key_of(root, "bare_key-1"), "bare_key-1") && !key_of(root, "bare_key-1")->plain);
	/* a dotted key: each part keys its own pair, each table spans its part of the line */
	CHECK(span_is(p.src, key_of(root, "x"), "x") && span_is(p.src, key_of(root, "x/y"), "y") &&
	      span_is(p.src, key_of(root, "x/y/z"), "z"));
	CHECK(span_is(p.src, at(root, "x"), "x.y.z = 4") && span_is(p.src, at(root, "x/y"), "y.z = 4"));
	CHECK(span_is(p.src, key_of(root, "p/q r"), "\"q r\""));
	CHECK(root->span.start == 0 && root->span.end == p.src->len && p.doc->ndocs == 1);
	done(&p);

	p = parse(""); /* an empty document is an empty table */
	CHECK(p.doc && p.doc->root && p.doc->root->type == QW_NODE_MAP && p.doc->root->npairs == 0);
	done(&p);
	p = parse("\xEF\xBB\xBF" "a = 1\r\nb = 'x'\r\n"); /* a BOM and CRLF lines */
	VALUE(p, "a", "1", "1");
	VALUE(p, "b", "x", "'x'");
	done(&p);
}

static void
test_tables(void)
{
	parsed p = parse("top = 0\n[a]\nk = 1\n[a.b]\nk = 2\n[x.y]\nk = 3\n[x]\nk = 4\n[ c . \"d e\" ]\n");
	const qw_node *root = p.doc ? p.doc->root : NULL;
	VALUE(p, "top", "0", "0");
	VALUE(p, "a/k", "1", "1");
	VALUE(p, "a/b/k", "2", "2");
	VALUE(p, "x/y/k", "3", "3");
	VALUE(p, "x/k", "4", "4");
	CHECK(at(root, "c/d e") && at(root, "c/d e")->type == QW_NODE_MAP && at(root, "c/d e")->npairs == 0);
	/* a table spans its header to the end of what it holds; an empty one its header */
	CHECK(span_is(p.src, at(root, "a"), "[a]\nk = 1\n[a.b]\nk = 2"));
	CHECK(span_is(p.src, at(root, "a/b"), "[a.b]\nk = 2"));
	CHECK(span_is(p.src, at(root, "c/d e"), "[ c . \"d e\" ]"));
	CHECK(span_is(p.src, at(root, "c"), "[ c . \"d e\" ]")); /* made by the header: its span */
	/* x, made by [x.y] and defined later by [x], starts at [x.y] */
	CHECK(span_is(p.src, at(root, "x"), "[x.y]\nk = 3\n[x]\nk = 4"));
	CHECK(span_is(p.src, key_of(root, "x"), "x") && key_of(root, "x")->span.start == at(root, "x")->span.start + 1);
	/* pairs in the order their keys first appear */
	CHECK(root && root->npairs == 4 && streq(root->pairs[1].key->str, "a") && streq(root->pairs[2].key->str, "x"));
	done(&p);

	/* sub-tables of a table defined by dotted keys */
	p = parse("[fruit]\napple.color = \"red\"\n[fruit.apple.texture]\nsmooth = true\n");
	VALUE(p, "fruit/apple/color", "red", "\"red\"");
	VALUE(p, "fruit/apple/texture/smooth", "true", "true");
	done(&p);
}

static void
test_array_of_tables(void)
{
	parsed p = parse("[[p]]\nname = \"a\"\n[p.sub]\nx = 1\n[[p.list]]\ny = 2\n\n[[p]]\nname = \"b\"\n[other]\n");
	const qw_node *root = p.doc ? p.doc->root : NULL;
	const qw_node *seq = at(root, "p");
	CHECK(seq && seq->type == QW_NODE_SEQ && seq->nitems == 2);
	VALUE(p, "p/0/name", "a", "\"a\"");
	VALUE(p, "p/0/sub/x", "1", "1");
	VALUE(p, "p/0/list/0/y", "2", "2");
	VALUE(p, "p/1/name", "b", "\"b\"");
	CHECK(at(root, "p/1/sub") == NULL);
	CHECK(span_is(p.src, at(root, "p/1"), "[[p]]\nname = \"b\""));
	CHECK(seq && seq->span.start == 0 && seq->span.end == at(root, "p/1")->span.end);
	CHECK(span_is(p.src, key_of(root, "p"), "p"));
	done(&p);
}

static void
test_inline_and_arrays(void)
{
	parsed p = parse("t = { a = 1, b.c = \"x\", n = { m = [] } }\nempty = {}\n"
			 "arr = [\n  1, # one\n  'two',\n  [3.0, { k = true }],\n  # only a comment\n]\nnone = [ ]\n");
	const qw_node *root = p.doc ? p.doc->root : NULL;
	CHECK(span_is(p.src, at(root, "t"), "{ a = 1, b.c = \"x\", n = { m = [] } }"));
	VALUE(p, "t/a", "1", "1");
	VALUE(p, "t/b/c", "x", "\"x\"");
	CHECK(span_is(p.src, at(root, "t/b"), "b.c = \"x\""));
	CHECK(span_is(p.src, at(root, "t/n/m"), "[]") && at(root, "t/n/m")->type == QW_NODE_SEQ);
	CHECK(span_is(p.src, at(root, "empty"), "{}") && at(root, "empty")->npairs == 0);
	const qw_node *arr = at(root, "arr");
	CHECK(arr && arr->type == QW_NODE_SEQ && arr->nitems == 3);
	CHECK(span_is(p.src, arr, "[\n  1, # one\n  'two',\n  [3.0, { k = true }],\n  # only a comment\n]"));
	VALUE(p, "arr/0", "1", "1");
	VALUE(p, "arr/1", "two", "'two'");
	VALUE(p, "arr/2/0", "3.0", "3.0");
	VALUE(p, "arr/2/1/k", "true", "true");
	CHECK(at(root, "none") && at(root, "none")->nitems == 0);
	done(&p);
}

static void
test_strings(void)
{
	parsed p = parse("e = \"\\b\\t\\n\\f\\r\\\"\\\\ \\u00E9\\U0001F600\"\n"
			 "lit = 'C:\\Users\\x'\n"
			 "ml = \"\"\"\nline 1\r\nline \\\n    2\\\n\n\t \"\"\"\n"
			 "mll = '''\nraw \\n '' '''\n"
			 "q = \"\"\"\"quoted\"\"\"\"\"\n"
			 "ql = ''''x'''''\n"
			 "nul = \"a\\u0000b\"\n"
			 "utf = \"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"\n");
	VALUE(p, "e", "\b\t\n\f\r\"\\ \xC3\xA9\xF0\x9F\x98\x80", "\"\\b\\t\\n\\f\\r\\\"\\\\ \\u00E9\\U0001F600\"");
	VALUE(p, "lit", "C:\\Users\\x", "'C:\\Users\\x'");
	/* the newline after the opening quotes goes, CRLF reads as LF, a line-ending backslash eats the blanks */
	VALUE(p, "ml", "line 1\nline 2", "\"\"\"\nline 1\r\nline \\\n    2\\\n\n\t \"\"\"");
	VALUE(p, "mll", "raw \\n '' ", "'''\nraw \\n '' '''");
	VALUE(p, "q", "\"quoted\"\"", "\"\"\"\"quoted\"\"\"\"\"");
	VALUE(p, "ql", "'x''", "''''x'''''");
	const qw_node *nul = at(p.doc ? p.doc->root : NULL, "nul");
	CHECK(nul && !nul->plain && !memcmp(nul->str, "a\0b", 4)); /* the value keeps its NUL */
	VALUE(p, "utf", "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", "\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"");
	CHECK(nul && !at(p.doc->root, "e")->plain && !at(p.doc->root, "mll")->plain);
	done(&p);
}

static void
test_numbers_bools_dates(void)
{
	parsed p = parse("i = +99\nj = -17\nz = -0\nu = 1_000_000\nh = 0xDEAD_beef\no = 0o755\nb = 0b1101\n"
			 "max = 9223372036854775807\nmin = -9223372036854775808\n"
			 "f = -3.14\ng = 5e+22\nk = 6.626E-34\nl = 9_224.445_991\nm = 1e06\n"
			 "inf = -inf\nnan = nan\nt = true\nff = false\n"
			 "odt = 1979-05-27T07:32:00.999-07:00\nsp = 1979-05-27 07:32:00Z # space\n"
			 "ld = 1979-05-27\nlt = 00:32:00.5\nldt = 1979-05-27t07:32:00\nleap = 2024-02-29\n");
	VALUE(p, "i", "99", "+99");
	VALUE(p, "j", "-17", "-17");
	VALUE(p, "z", "0", "-0");
	VALUE(p, "u", "1000000", "1_000_000");
	VALUE(p, "h", "3735928559", "0xDEAD_beef");
	VALUE(p, "o", "493", "0o755");
	VALUE(p, "b", "13", "0b1101");
	VALUE(p, "max", "9223372036854775807", "9223372036854775807");
	VALUE(p, "min", "-9223372036854775808", "-9223372036854775808");
	VALUE(p, "f", "-3.14", "-3.14");
	VALUE(p, "g", "5e+22", "5e+22");
	VALUE(p, "k", "6.626E-34", "6.626E-34");
	VALUE(p, "l", "9224.445991", "9_224.445_991");
	VALUE(p, "m", "1e06", "1e06");
	VALUE(p, "inf", "-inf", "-inf");
	VALUE(p, "nan", "nan", "nan");
	VALUE(p, "t", "true", "true");
	VALUE(p, "ff", "false", "false");
	VALUE(p, "odt", "1979-05-27T07:32:00.999-07:00", "1979-05-27T07:32:00.999-07:00");
	VALUE(p, "sp", "1979-05-27 07:32:00Z", "1979-05-27 07:32:00Z");
	VALUE(p, "ld", "1979-05-27", "1979-05-27");
	VALUE(p, "lt", "00:32:00.5", "00:32:00.5");
	VALUE(p, "ldt", "1979-05-27t07:32:00", "1979-05-27t07:32:00");
	VALUE(p, "leap", "2024-02-29", "2024-02-29");
	const qw_node *t = at(p.doc ? p.doc->root : NULL, "t");
	CHECK(t && t->plain && at(p.doc->root, "odt")->plain && at(p.doc->root, "h")->plain);
	done(&p);
}

static void
test_errors(void)
{
	/* a key or a table defined twice, in every way the specification forbids; the offset is the key's */
	BAD("a = 1\na = 2\n", 6, "duplicate key `a`");
	BAD("\"a\" = 1\na = 2\n", 8, "duplicate key");
	BAD("[a]\n[a]\n", 5, "table `a` is defined twice");
	BAD("[a]\nb = 1\n[a.b]\n", 13, "`b` already has a value");
	BAD("a.b = 1\n[a]\n", 9, "already defined by dotted keys");
	BAD("[a.b.c]\nz = 9\n[a]\nb.c.t = 1\n", 20, "table `c` is defined by a [header]");
	BAD("a = {b = 1}\na.c = 2\n", 12, "inline table, which cannot be extended");
	BAD("a = {b = 1}\n[a.c]\n", 13, "inline table, which cannot be extended");
	BAD("a = {b = 1}\n[a]\n", 13, "inline table");
	BAD("a = [1]\n[[a]]\n", 10, "`a` already has a value");
	BAD("[[a]]\n[a]\n", 7, "array of tables");
	BAD("[a]\n[[a]]\n", 6, "already a table");
	BAD("[[a.b]]\n[a]\nb.y = 2\n", 12, "array of tables: dotted keys");
	BAD("a = 1\na.b = 2\n", 6, "`a` already has a value");
	BAD("t = {a = 1, a = 2}\n", 12, "duplicate key");
	/* escapes, strings, UTF-8 and control characters */
	BAD("a = \"\\q\"\n", 5, "invalid escape \\q");
	BAD("a = \"\\uD800\"\n", 5, "not a Unicode scalar value");
	BAD("a = \"\\u12\"\n", 5, "\\u escape");
	BAD("a = \"\"\"x \\ y\"\"\"\n", 9, "must end its line");
	BAD("a = \"x\ny\"\n", 6, "newline in a single-line string");
	BAD("a = 'x\ny'\n", 6, "newline in a single-line string");
	BAD("a = \"abc\n", 8, "newline");
	BAD("a = \"abc", 4, "unterminated string");
	BAD("a = \"\"\"abc\"\"\"\"\"\"\n", 15, "too many quotes");
	BAD("\"\"\"k\"\"\" = 1\n", 0, "a key cannot be a multi-line string");
	BAD("a = \"\xFF\"\n", 5, "invalid UTF-8 in a string");
	BAD("a = \"\xED\xA0\x80\"\n", 5, "invalid UTF-8"); /* a surrogate */
	BAD("a = \"\xC0\xAF\"\n", 5, "invalid UTF-8");     /* overlong */
	BAD("# \xC3\x28\n", 2, "invalid UTF-8 in a comment");
	BAD("a = \"\x01\"\n", 5, "control character 0x01 in a string");
	BAD("a = '\x7F'\n", 5, "control character 0x7F in a literal string");
	BAD("# x\x7F\n", 3, "control character 0x7F in a comment");
	BAD("a = 1\rb = 2\n", 5, "carriage return");
	bad_n(__LINE__, "a = \"x\0y\"\n", 10, 6, "control character 0x00");
	bad_n(__LINE__, "a = 1\n\0", 7, 6, "expected a key");
	bad_n(__LINE__, "a = 1 \0\n", 8, 6, "unexpected byte 0x00");
	/* numbers and dates */
	BAD("a = 01\n", 4, "leading zeros");
	BAD("a = 1__0\n", 5, "underscore");
	BAD("a = 9223372036854775808\n", 4, "out of range");
	BAD("a = 0x8000000000000000\n", 4, "out of range");
	BAD("a = -0x1\n", 4, "cannot have a sign");
	BAD("a = 1.\n", 6, "invalid number");
	BAD("a = .5\n", 4, "invalid number");
	BAD("a = 2023-02-29\n", 12, "no day 29");
	BAD("a = 2023-13-01\n", 9, "no month 13");
	BAD("a = 25:00:00\n", 4, "out of range");
	BAD("a = 07:32\n", 4, "HH:MM:SS");
	BAD("a = 12:00:00Z\n", 12, "invalid time");
	BAD("a = yes\n", 4, "must be in quotes");
	BAD("a = True\n", 4, "must be in quotes");
	/* structure */
	BAD("a = 1 b = 2\n", 6, "expected a newline after a value");
	BAD("a b = 1\n", 2, "expected '='");
	BAD("a =\n", 3, "expected a value");
	BAD("= 1\n", 0, "expected a key");
	BAD("k\xC3\xA9 = 1\n", 1, "bare key");
	BAD("a..b = 1\n", 2, "expected a key");
	BAD("[a\n", 2, "expected ']'");
	BAD("[[a]\n", 3, "expected ']]'");
	BAD("[a] b = 1\n", 4, "after a table header");
	BAD("a = [1 2]\n", 7, "expected ',' or ']'");
	BAD("a = [1,,2]\n", 7, "expected a value, found ','");
	BAD("a = [1,\n", 4, "unterminated array");
	BAD("a = {b = 1,}\n", 11, "trailing comma");
	BAD("a = {b = 1\n}\n", 10, "newline in an inline table");
	BAD("a = {\nb = 1}\n", 5, "newline in an inline table");
	BAD("a = {b = 1", 4, "unterminated inline table");
}

/* Deep nesting of every kind is refused, never a stack overflow; 512 levels are still read. */
static void
test_depth(void)
{
	qw_buf b = {0};
	qw_buf_adds(&b, "a = ");
	for (int i = 0; i < 100000; i++)
		qw_buf_addc(&b, '[');
	BAD(b.data, 4 + 512, "nesting deeper than 512 levels");
	b.len = 0;
	qw_buf_adds(&b, "a = ");
	for (int i = 0; i < 600; i++)
		qw_buf_adds(&b, "{b=");
	BAD(b.data, 4 + 3 * 512, "nesting deeper");
	b.len = 0;
	qw_buf_addc(&b, '[');
	for (int i = 0; i < 600; i++)
		qw_buf_adds(&b, i ? ".a" : "a");
	qw_buf_adds(&b, "]\n");
	BAD(b.data, 1 + 2 * 512, "nesting deeper");
	b.len = 0;
	for (int i = 0; i < 600; i++)
		qw_buf_adds(&b, i ? ".a" : "a");
	qw_buf_adds(&b, " = 1\n");
	BAD(b.data, 2 * 512, "nesting deeper");
	b.len = 0;
	qw_buf_adds(&b, "a = ");
	for (int i = 0; i < 511; i++)
		qw_buf_addc(&b, '[');
	for (int i = 0; i < 511; i++)
		qw_buf_addc(&b, ']');
	parsed p = parse(b.data);
	CHECK(p.doc != NULL);
	done(&p);
	qw_buf_free(&b);
}

/* Every prefix of a document that uses every construct parses or fails cleanly, its error inside the text. */
static void
test_prefixes(void)
{
	static const char text[] = "# c\na.b = \"x\\u00e9\" # c\n[t . 'u']\nk = [1, 2.5, {i = 1979-05-27 07:32:00Z}]\n"
				   "[[aot]]\nm = \"\"\"\nx\\\n y\"\"\"\nn = '''z'''\n";
	parsed whole = parse(text);
	CHECK(whole.doc != NULL);
	done(&whole);
	int clean = 1;
	for (size_t n = 0; n < sizeof(text) - 1; n++) {
		char *copy = qw_xmalloc(n ? n : 1);
		memcpy(copy, text, n);
		qw_source *src = qw_source_from_memory("config.toml", copy, n);
		qw_parse_error err;
		qw_doc *doc = qw_toml_parse(src, &err);
		clean &= doc ? !err.failed && doc->root->span.end == n : err.failed && err.offset <= n;
		qw_doc_free(doc);
		qw_source_free(src);
		free(copy);
	}
	CHECK(clean);
}

/* Codex CLI's config.toml, as a user of a Model Studio Coding Plan writes it; then a value replaced through its
 * span, as --fix will: everything else stays byte for byte. */
static void
test_codex_config(void)
{
	static const char text[] = "model = \"qwen3-coder-plus\"\n"
				   "model_provider = \"Model_Studio_Coding_Plan\"\n"
				   "[model_providers.Model_Studio_Coding_Plan]\n"
				   "name = \"Model_Studio_Coding_Plan\"\n"
				   "base_url = \"https://coding-intl.dashscope.aliyuncs.com/v1\"\n"
				   "env_key = \"OPENAI_API_KEY\"\n"
				   "wire_api = \"chat\"\n";
	parsed p = parse(text);
	const qw_node *root = p.doc ? p.doc->root : NULL;
	VALUE(p, "model", "qwen3-coder-plus", "\"qwen3-coder-plus\"");
	VALUE(p, "model_provider", "Model_Studio_Coding_Plan", "\"Model_Studio_Coding_Plan\"");
	VALUE(p, "model_providers/Model_Studio_Coding_Plan/name", "Model_Studio_Coding_Plan",
	      "\"Model_Studio_Coding_Plan\"");
	VALUE(p, "model_providers/Model_Studio_Coding_Plan/base_url", "https://coding-intl.dashscope.aliyuncs.com/v1",
	      "\"https://coding-intl.dashscope.aliyuncs.com/v1\"");
	VALUE(p, "model_providers/Model_Studio_Coding_Plan/env_key", "OPENAI_API_KEY", "\"OPENAI_API_KEY\"");
	VALUE(p, "model_providers/Model_Studio_Coding_Plan/wire_api", "chat", "\"chat\"");
	const qw_node *prov = at(root, "model_providers/Model_Studio_Coding_Plan");
	CHECK(prov && prov->npairs == 4);
	CHECK(prov && !memcmp(p.src->data + prov->span.start, "[model_providers.Model_Studio_Coding_Plan]\n", 43) &&
	      prov->span.end == p.src->len - 1);
	CHECK(span_is(p.src, key_of(root, "model_providers/Model_Studio_Coding_Plan/base_url"), "base_url"));
	int line, col;
	const qw_node *url = at(root, "model_providers/Model_Studio_Coding_Plan/base_url");
	qw_source_pos(p.src, url ? url->span.start : 0, &line, &col);
	CHECK(line == 5 && col == 12);

	/* replace base_url's value */
	static const char repl[] = "\"https://dashscope-intl.aliyuncs.com/compatible-mode/v1\"";
	qw_buf b = {0};
	qw_buf_add(&b, text, url ? url->span.start : 0);
	qw_buf_adds(&b, repl);
	qw_buf_adds(&b, text + (url ? url->span.end : 0));
	parsed q = parse(b.data);
	VALUE(q, "model_providers/Model_Studio_Coding_Plan/base_url",
	      "https://dashscope-intl.aliyuncs.com/compatible-mode/v1", repl);
	VALUE(q, "model_providers/Model_Studio_Coding_Plan/env_key", "OPENAI_API_KEY", "\"OPENAI_API_KEY\"");
	CHECK(url && !memcmp(b.data, text, url->span.start) &&
	      !strcmp(b.data + url->span.start + strlen(repl), text + url->span.end));
	done(&q);
	qw_buf_free(&b);
	done(&p);
}

void
test_toml(int *passed, int *failed)
{
	test_comments_and_keys();
	test_tables();
	test_array_of_tables();
	test_inline_and_arrays();
	test_strings();
	test_numbers_bools_dates();
	test_errors();
	test_depth();
	test_prefixes();
	test_codex_config();
	*passed += npassed;
	*failed += nfailed;
}
