/*
 * toml_suite.c - the TOML reader (src/parse/toml.c) against toml-test's TOML 1.0.0 cases (testdata/toml-test/, a
 * copy of github.com/toml-lang/toml-test's tests/ at d168c2a, MIT, LICENSE beside them): every valid file must
 * parse to the tree its .json says (toml-test's tagged JSON: {"type": ..., "value": ...} for each scalar), every
 * invalid one must be refused. Usage: toml_suite DIR [-v]. The last line is "N passed, N failed".
 *
 * Ownership: everything is freed per file.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "util.h"

static bool verbose;

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	qw_buf b = {0};
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		qw_buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return qw_buf_steal(&b);
}

/* toml-test writes dates as RFC 3339 wants them and fractions of a second to the millisecond; TOML also allows t,
 * z and a space for T. The reader keeps a date's text: both sides are compared without trailing zeros. */
static char *
date_norm(const char *s)
{
	char *d = qw_xstrdup(s);
	for (char *c = d; *c; c++)
		if (*c == 't' || *c == ' ')
			*c = 'T';
		else if (*c == 'z')
			*c = 'Z';
	char *dot = strchr(d, '.');
	if (dot) {
		size_t e = 1;
		while (dot[e] >= '0' && dot[e] <= '9')
			e++;
		size_t k = e;
		while (k > 1 && dot[k - 1] == '0')
			k--;
		if (k == 1)
			k = 0;
		memmove(dot + k, dot + e, strlen(dot + e) + 1);
	}
	return d;
}

static bool
same_scalar(const qw_node *n, const char *type, const char *want)
{
	if (n->type != QW_NODE_SCALAR)
		return false;
	if (!strcmp(type, "string"))
		return !n->plain && !strcmp(n->str, want);
	if (!n->plain)
		return false;
	if (!strcmp(type, "integer") || !strcmp(type, "bool"))
		return !strcmp(n->str, want);
	if (!strcmp(type, "float")) {
		double a = strtod(n->str, NULL), b = strtod(want, NULL);
		return (isnan(a) && isnan(b)) || a == b;
	}
	char *a = date_norm(n->str), *b = date_norm(want);
	bool same = !strcmp(a, b);
	free(a);
	free(b);
	return same;
}

static bool
same(const qw_node *n, const cJSON *j, int depth)
{
	if (!n || depth > 600)
		return false;
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(j, "type");
	const cJSON *value = cJSON_GetObjectItemCaseSensitive(j, "value");
	if (cJSON_IsObject(j) && cJSON_GetArraySize(j) == 2 && cJSON_IsString(type) && cJSON_IsString(value))
		return same_scalar(n, type->valuestring, value->valuestring);
	if (cJSON_IsArray(j)) {
		if (n->type != QW_NODE_SEQ || n->nitems != (uint32_t)cJSON_GetArraySize(j))
			return false;
		size_t i = 0;
		for (const cJSON *c = j->child; c; c = c->next, i++)
			if (!same(n->items[i], c, depth + 1))
				return false;
		return true;
	}
	if (!cJSON_IsObject(j) || n->type != QW_NODE_MAP || n->npairs != (uint32_t)cJSON_GetArraySize(j))
		return false;
	for (const cJSON *c = j->child; c; c = c->next)
		if (!same(qw_map_get(n, c->string), c, depth + 1))
			return false;
	return true;
}

/* Spans: inside the file, children inside their parents, a string's span between its quotes. */
static bool
spans_ok(const qw_node *n, const qw_source *src, qw_span outer, bool key, int depth)
{
	if (!n || depth > QW_TREE_MAX_DEPTH)
		return true;
	if (n->span.start > n->span.end || n->span.start < outer.start || n->span.end > outer.end)
		return false;
	if (n->type == QW_NODE_SCALAR && !n->plain && !key) { /* keys are never plain, quoted or not */
		char q = src->data[n->span.start];
		if ((q != '"' && q != '\'') || src->data[n->span.end - 1] != q)
			return false;
	}
	for (size_t i = 0; n->type == QW_NODE_MAP && i < n->npairs; i++)
		if (!spans_ok(n->pairs[i].key, src, n->span, true, depth + 1) ||
		    !spans_ok(n->pairs[i].value, src, n->span, false, depth + 1))
			return false;
	for (size_t i = 0; n->type == QW_NODE_SEQ && i < n->nitems; i++)
		if (!spans_ok(n->items[i], src, n->span, false, depth + 1))
			return false;
	return true;
}

static bool
run(const char *dir, const char *name)
{
	char *path = qw_xprintf("%s/%s", dir, name);
	size_t len;
	char *text = slurp(path, &len);
	bool ok = false;
	if (!text) {
		fprintf(stderr, "%s: cannot read\n", path);
		free(path);
		return false;
	}
	qw_source *src = qw_source_from_memory(name, text, len);
	qw_parse_error err;
	qw_doc *doc = qw_toml_parse(src, &err);
	if (!strncmp(name, "invalid/", 8)) {
		ok = doc == NULL;
		if (!ok)
			fprintf(stderr, "FAIL %s: accepted\n", name);
		else if (verbose)
			fprintf(stderr, "ok   %s: %zu: %s\n", name, err.offset, err.msg);
	} else if (!doc) {
		fprintf(stderr, "FAIL %s: refused at %zu: %s\n", name, err.offset, err.msg);
	} else {
		char *jpath = qw_xprintf("%s/%.*s.json", dir, (int)(strlen(name) - 5), name);
		size_t jlen;
		char *jtext = slurp(jpath, &jlen);
		cJSON *j = jtext ? cJSON_Parse(jtext) : NULL;
		ok = j && same(doc->root, j, 0);
		if (!ok)
			fprintf(stderr, "FAIL %s: tree differs from %s\n", name, jpath);
		else if (!(ok = spans_ok(doc->root, src, (qw_span){0, (uint32_t)len}, false, 0)))
			fprintf(stderr, "FAIL %s: a span is outside its parent's\n", name);
		cJSON_Delete(j);
		free(jtext);
		free(jpath);
	}
	qw_doc_free(doc);
	qw_source_free(src);
	free(text);
	free(path);
	return ok;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: toml_suite DIR [-v]\n");
		return 2;
	}
	verbose = argc > 2 && !strcmp(argv[2], "-v");
	char *list = qw_xprintf("%s/files-toml-1.0.0", argv[1]);
	FILE *f = fopen(list, "r");
	if (!f) {
		perror(list);
		return 2;
	}
	int passed = 0, failed = 0;
	char line[1024];
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		size_t n = strlen(line);
		if (n < 5 || strcmp(line + n - 5, ".toml"))
			continue;
		if (run(argv[1], line))
			passed++;
		else
			failed++;
	}
	fclose(f);
	free(list);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
