/*
 * fix_verify.c - the re-parse check of --fix (fix_int.h): before anything is written, each changed file is read
 * again, as it was and as the repairs leave it, by a parser independent of the one the repairs were built from
 * (libfyaml for YAML, once libyaml accepts it; cJSON for JSON; the .env reader; a line split for a .gitignore;
 * for TOML, which has no second reader in reach, qwlint's own, see flatten_toml),
 * flattened to sorted "path=value" lines, and the two compared: every line that differs must lie under a key a
 * repair meant to change.
 *
 * Ownership: qw_fix_verify borrows its file and sets only its removes flag; every flattening and parser state it
 * builds is freed before it returns.
 */
#include "fix_int.h"

#include <cjson/cJSON.h>
#include <libfyaml.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "parse.h"
#include "tree.h"
#include "util.h"

typedef struct flat {
	char **v;
	size_t n, cap;
} flat;

/* "path=value", the value by length with '\\' and NUL escaped, so that a value's bytes after a NUL count too. */
static void
flat_addn(flat *fl, const char *path, const char *value, size_t len)
{
	qw_buf b = {0};
	qw_buf_printf(&b, "%s=", path);
	for (size_t i = 0; i < len; i++) {
		if (value[i] == '\\' || !value[i])
			qw_buf_addc(&b, '\\');
		qw_buf_addc(&b, value[i] ? value[i] : '0');
	}
	char *s = qw_buf_steal(&b);
	QW_PUSH(fl->v, fl->n, fl->cap, s);
}

static void
flat_add(flat *fl, const char *path, const char *value)
{
	flat_addn(fl, path, value, strlen(value));
}

/* Drop the lines of path and of everything under it: a mapping key given again replaces its first value (the last
 * one wins for PyYAML and Python's json, and so for Hermes). */
static void
flat_drop(flat *fl, const char *path)
{
	size_t l = strlen(path), w = 0;
	for (size_t i = 0; i < fl->n; i++) {
		const char *s = fl->v[i];
		if (!strncmp(s, path, l) && (s[l] == '=' || s[l] == '.' || s[l] == '['))
			free(fl->v[i]);
		else
			fl->v[w++] = fl->v[i];
	}
	fl->n = w;
}

static void
flat_free(flat *fl)
{
	for (size_t i = 0; i < fl->n; i++)
		free(fl->v[i]);
	free(fl->v);
}

/* Flattening YAML from either parser's events: every scalar with its path (mapping keys joined by '.', sequence
 * items by [i]). Each parser's loop maps its events onto fl_event. */
typedef enum { FL_SCALAR, FL_ALIAS, FL_START_MAP, FL_START_SEQ, FL_END, FL_DOCUMENT, FL_OTHER } fl_kind;

typedef struct yframe {
	bool map;
	bool want_key;
	size_t index;
	char *key;
	char *path;
} yframe;

typedef struct flattener {
	flat *fl;
	yframe st[QW_TREE_MAX_DEPTH + 2];
	int depth, docs;
	bool ok, done;
	qw_strmap keys; /* the path of every mapping value so far: a repeated key is found in one lookup */
} flattener;

static void
fl_init(flattener *f, flat *fl)
{
	f->fl = fl;
	f->depth = f->docs = 0;
	f->ok = true;
	f->done = false;
	f->st[0] = (yframe){false, false, 0, NULL, qw_xstrdup("")};
	f->keys = (qw_strmap){0};
}

/* One event; v/vl: a scalar's value. Sets f->done (and clears f->ok) where the text cannot be read on. */
static void
fl_event(flattener *f, fl_kind k, const char *v, size_t vl)
{
	yframe *top = &f->st[f->depth];
	bool is_node = k == FL_SCALAR || k == FL_ALIAS || k == FL_START_MAP || k == FL_START_SEQ;
	if (is_node && top->map && top->want_key && k == FL_SCALAR) {
		free(top->key);
		top->key = qw_xstrndup(v, vl);
		top->want_key = false;
		return;
	}
	char *here = NULL; /* the path of the node this event starts, when it is a value */
	if (is_node && f->depth > 0) {
		if (top->map) {
			here = qw_xprintf("%s%s%s", top->path, *top->path ? "." : "", top->key ? top->key : "?");
			top->want_key = true;
			if (qw_strmap_find(&f->keys, here, NULL))
				flat_drop(f->fl, here); /* the key again: the effective value is this one */
			else
				qw_strmap_put(&f->keys, here, NULL);
		} else {
			here = qw_xprintf("%s[%zu]", top->path, top->index++);
		}
	} else if (is_node) {
		here = qw_xstrdup("");
	}
	if (k == FL_SCALAR) {
		flat_addn(f->fl, here, v, vl);
	} else if (k == FL_ALIAS) {
		flat_add(f->fl, here, "*alias");
	} else if (k == FL_START_MAP || k == FL_START_SEQ) {
		if (f->depth + 1 > QW_TREE_MAX_DEPTH) {
			f->ok = false;
			f->done = true;
		} else {
			f->depth++;
			f->st[f->depth] = (yframe){k == FL_START_MAP, true, 0, NULL, here};
			here = NULL;
		}
	} else if (k == FL_END && f->depth > 0) {
		free(f->st[f->depth].key);
		free(f->st[f->depth].path);
		f->depth--;
	} else if (k == FL_DOCUMENT && ++f->docs > 1) {
		/* a second document is QW001 to the linter, and text after the first one that does not parse (a key
		 * at column 0 after an indented root) is only found by reading on: both fail */
		f->ok = false;
		f->done = true;
	}
	free(here);
}

static bool
fl_finish(flattener *f)
{
	while (f->depth > 0) {
		free(f->st[f->depth].key);
		free(f->st[f->depth].path);
		f->depth--;
	}
	free(f->st[0].path);
	qw_strmap_free(&f->keys);
	return f->ok;
}

/* libyaml's events. */
static bool
flatten_yaml(const char *data, size_t len, flat *fl)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return false;
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	flattener *f = qw_xmalloc(sizeof(*f));
	fl_init(f, fl);
	while (!f->done) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			f->ok = false;
			break;
		}
		yaml_event_type_t t = ev.type;
		fl_kind k = t == YAML_SCALAR_EVENT		? FL_SCALAR
			    : t == YAML_ALIAS_EVENT		? FL_ALIAS
			    : t == YAML_MAPPING_START_EVENT	? FL_START_MAP
			    : t == YAML_SEQUENCE_START_EVENT	? FL_START_SEQ
			    : t == YAML_MAPPING_END_EVENT || t == YAML_SEQUENCE_END_EVENT ? FL_END
			    : t == YAML_DOCUMENT_START_EVENT	? FL_DOCUMENT
								: FL_OTHER;
		fl_event(f, k, k == FL_SCALAR ? (const char *)ev.data.scalar.value : "",
			 k == FL_SCALAR ? ev.data.scalar.length : 0);
		f->done |= t == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	bool ok = fl_finish(f);
	free(f);
	return ok;
}

/* The same flattening by libfyaml, a second YAML parser independent of libyaml, which reads the tree (yaml.c): a
 * repair is checked by a parser other than the one whose spans it was built from. Only for text libyaml accepted:
 * libfyaml 0.7 crashes after some syntax errors (fuzz/regressions/yaml). */
static bool
flatten_yaml_fy(const char *data, size_t len, flat *fl)
{
	struct fy_parse_cfg cfg = {0};
	cfg.flags = FYPCF_QUIET | FYPCF_DEFAULT_VERSION_1_1 | FYPCF_JSON_NONE;
	struct fy_parser *fyp = fy_parser_create(&cfg);
	if (!fyp)
		return false;
	fy_parser_set_string(fyp, data, len);
	flattener *f = qw_xmalloc(sizeof(*f));
	fl_init(f, fl);
	struct fy_event *ev;
	while (!f->done && (ev = fy_parser_parse(fyp)) != NULL) {
		enum fy_event_type t = ev->type;
		fl_kind k = t == FYET_SCALAR		? FL_SCALAR
			    : t == FYET_ALIAS		? FL_ALIAS
			    : t == FYET_MAPPING_START	? FL_START_MAP
			    : t == FYET_SEQUENCE_START	? FL_START_SEQ
			    : t == FYET_MAPPING_END || t == FYET_SEQUENCE_END ? FL_END
			    : t == FYET_DOCUMENT_START	? FL_DOCUMENT
							: FL_OTHER;
		size_t vl = 0;
		const char *v = k == FL_SCALAR ? fy_token_get_text(ev->scalar.value, &vl) : NULL;
		fl_event(f, k, v ? v : "", v ? vl : 0);
		fy_parser_event_free(fyp, ev);
	}
	f->ok = f->ok && !fy_parser_get_stream_error(fyp);
	fy_parser_destroy(fyp);
	bool ok = fl_finish(f);
	free(f);
	return ok;
}

/* YAML for the repair check: libyaml must accept the text (it is what qwlint and a Python loader read), and
 * libfyaml then flattens it. */
static bool
flatten_yaml_checked(const char *data, size_t len, flat *fl)
{
	flat ly = {0};
	bool ok = flatten_yaml(data, len, &ly);
	flat_free(&ly);
	return ok && flatten_yaml_fy(data, len, fl);
}

static void
flatten_cjson(const cJSON *n, const char *path, flat *fl, int depth)
{
	if (depth > QW_TREE_MAX_DEPTH)
		return;
	if (cJSON_IsObject(n) || cJSON_IsArray(n)) {
		/* a key given twice: Python's json (Hermes's reader) keeps the last, so only the last is flattened */
		qw_strmap last = {0};
		const cJSON *c;
		if (cJSON_IsObject(n))
			cJSON_ArrayForEach(c, n) qw_strmap_put(&last, c->string ? c->string : "", (void *)c);
		size_t i = 0;
		cJSON_ArrayForEach(c, n)
		{
			void *at = NULL;
			if (cJSON_IsObject(n) && qw_strmap_find(&last, c->string ? c->string : "", &at) && at != c)
				continue;
			char *p = cJSON_IsObject(n) ? qw_xprintf("%s%s%s", path, *path ? "." : "", c->string ? c->string : "")
						    : qw_xprintf("%s[%zu]", path, i);
			flatten_cjson(c, p, fl, depth + 1);
			free(p);
			i++;
		}
		qw_strmap_free(&last);
		return;
	}
	char *v = cJSON_PrintUnformatted(n);
	flat_add(fl, path, v ? v : "?");
	cJSON_free(v);
}

static bool
flatten_json(const char *data, size_t len, flat *fl)
{
	cJSON *root = cJSON_ParseWithLength(data, len);
	if (!root)
		return false;
	flatten_cjson(root, "", fl, 0);
	cJSON_Delete(root);
	return true;
}

/* JSONC (OpenCode's opencode.json) for cJSON: each comment and each trailing comma becomes spaces, byte for byte,
 * outside strings; cJSON then reads it as the independent parser. The caller frees. */
static char *
jsonc_blank(const char *data, size_t len)
{
	char *t = qw_xstrndup(data, len);
	bool str = false;
	for (size_t i = 0; i < len; i++) {
		if (str) {
			if (t[i] == '\\' && i + 1 < len)
				i++;
			else if (t[i] == '"')
				str = false;
		} else if (t[i] == '"') {
			str = true;
		} else if (t[i] == '/' && i + 1 < len && t[i + 1] == '/') {
			for (; i < len && t[i] != '\n'; i++)
				t[i] = ' ';
		} else if (t[i] == '/' && i + 1 < len && t[i + 1] == '*') {
			size_t j = i;
			for (; j < len && !(j > i + 1 && data[j - 1] == '*' && data[j] == '/'); j++)
				if (t[j] != '\n')
					t[j] = ' ';
			if (j < len)
				t[j] = ' ';
			i = j;
		}
	}
	/* a comma followed, past white space, by } or ] */
	for (size_t i = 0; i < len; i++) {
		if (t[i] == '"') {
			for (i++; i < len && t[i] != '"'; i++)
				if (t[i] == '\\')
					i++;
			continue;
		}
		if (t[i] != ',')
			continue;
		size_t j = i + 1;
		while (j < len && (t[j] == ' ' || t[j] == '\t' || t[j] == '\n' || t[j] == '\r'))
			j++;
		if (j < len && (t[j] == '}' || t[j] == ']'))
			t[i] = ' ';
	}
	return t;
}

static bool
flatten_jsonc(const char *data, size_t len, flat *fl)
{
	char *t = jsonc_blank(data, len);
	bool ok = flatten_json(t, len, fl);
	free(t);
	return ok;
}

/* TOML (Codex CLI's config.toml) through qwlint's own TOML reader, the only one in reach: no second TOML parser is
 * in Debian 12's C libraries. It is strict (a repair that breaks the file fails here) and separate from the byte
 * edits, so a repair that also changes another value is still caught. Paths as for JSON; a string's value its
 * decoded text, any other scalar its text as written. */
static void
flatten_tree(const qw_node *n, const char *path, flat *fl, int depth)
{
	if (!n || depth > QW_TREE_MAX_DEPTH)
		return;
	if (n->type == QW_NODE_MAP || n->type == QW_NODE_SEQ) {
		size_t cnt = n->type == QW_NODE_MAP ? n->npairs : n->nitems;
		for (size_t i = 0; i < cnt; i++) {
			const char *k = n->type == QW_NODE_MAP ? qw_node_str(n->pairs[i].key) : NULL;
			char *p = n->type == QW_NODE_MAP ? qw_xprintf("%s%s%s", path, *path ? "." : "", k ? k : "")
							  : qw_xprintf("%s[%zu]", path, i);
			flatten_tree(n->type == QW_NODE_MAP ? n->pairs[i].value : n->items[i], p, fl, depth + 1);
			free(p);
		}
		return;
	}
	flat_add(fl, path, n->str ? n->str : "");
}

static bool
flatten_toml(const char *data, size_t len, flat *fl)
{
	qw_source *src = qw_source_from_memory("", data, len);
	qw_parse_error err = {0};
	qw_doc *doc = qw_toml_parse(src, &err);
	if (doc)
		flatten_tree(doc->root, "", fl, 0);
	qw_doc_free(doc);
	qw_source_free(src);
	return doc != NULL;
}

/* JSON5 (OpenClaw's openclaw.json) through qwlint's own JSON reader in that dialect: cJSON cannot read unquoted
 * keys or single quotes, and no other JSON5 reader is in Debian 12's C libraries. Independent of the byte edits
 * as for TOML. */
static bool
flatten_json5(const char *data, size_t len, flat *fl)
{
	qw_source *src = qw_source_from_memory("", data, len);
	qw_parse_error err = {0};
	qw_doc *doc = qw_json_parse_dialect(src, QW_JSON_JSON5, &err);
	if (doc)
		flatten_tree(doc->root, "", fl, 0);
	qw_doc_free(doc);
	qw_source_free(src);
	return doc != NULL;
}

static bool
flatten_dotenv(const char *data, size_t len, flat *fl)
{
	qw_source *src = qw_source_from_memory("", data, len);
	qw_dotenv *e = qw_dotenv_parse(src);
	/* each variable's last assignment (both readers let a later line win), as python-dotenv reads it and, as
	 * "NAME[hermes]", as Hermes's own reader does (the value a built-in provider sends) */
	for (size_t i = 0; i < e->nvars; i++)
		if (qw_dotenv_get(e, e->vars[i].key) == &e->vars[i]) {
			flat_add(fl, e->vars[i].key, e->vars[i].env_value);
			char *h = qw_xprintf("%s[hermes]", e->vars[i].key);
			flat_add(fl, h, e->vars[i].hermes_value ? e->vars[i].hermes_value : "");
			free(h);
		}
	qw_dotenv_free(e);
	qw_source_free(src);
	return true;
}

/* A .gitignore: each line is an entry, so that the check sees exactly which lines a repair added. */
static bool
flatten_lines(const char *data, size_t len, flat *fl)
{
	for (size_t i = 0; i < len;) {
		size_t e = i;
		while (e < len && data[e] != '\n' && data[e] != '\r')
			e++;
		if (e > i) {
			char *l = qw_xstrndup(data + i, e - i);
			flat_add(fl, l, "");
			free(l);
		}
		i = e + 1;
	}
	return true;
}

static bool
allowed(const qw_touched *t, const char *line)
{
	for (size_t i = 0; i < t->nkeys; i++) {
		size_t l = strlen(t->keys[i]);
		if (!strncmp(line, t->keys[i], l) && (line[l] == '=' || line[l] == '.' || line[l] == '['))
			return true;
	}
	return false;
}

static int
cmp_strp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether sorted f holds line. An empty flat has no array at all, and bsearch
 * must not be handed a null base even for zero elements. */
static bool
flat_has(const flat *f, const char *line)
{
	return f->n && bsearch(&line, f->v, f->n, sizeof(char *), cmp_strp);
}

/* Lines in a but not in b (both sorted) that no repair meant to change. */
static const char *
unexpected(const qw_touched *t, flat *a, flat *b)
{
	for (size_t i = 0; i < a->n; i++) {
		if (allowed(t, a->v[i]))
			continue;
		if (!flat_has(b, a->v[i]))
			return a->v[i];
	}
	return NULL;
}

bool
qw_fix_verify(qw_touched *t, char *err, size_t errlen)
{
	const char *b = qw_basename(t->path);
	/* the syntax the file's reader used where its name does not say it (source.h), else its name's */
	bool (*flatten)(const char *, size_t, flat *) =
		t->syntax == QW_SYNTAX_JSONC ? flatten_jsonc
		: t->syntax == QW_SYNTAX_JSON5 ? flatten_json5
		: !strcmp(b, ".gitignore") ? flatten_lines
		: qw_endswith(b, ".json") ? flatten_json
		: qw_endswith(b, ".toml") ? flatten_toml
		: (qw_endswith(b, ".yaml") || qw_endswith(b, ".yml")) ? flatten_yaml_checked
								       : flatten_dotenv;
	const char *parser = flatten == flatten_json ? "cJSON"
			     : flatten == flatten_jsonc ? "cJSON, comments and trailing commas blanked"
			     : flatten == flatten_toml ? "qwlint's TOML reader"
			     : flatten == flatten_json5 ? "qwlint's JSON5 reader"
			     : flatten == flatten_yaml_checked ? "libyaml and libfyaml"
			     : flatten == flatten_lines ? "a line split"
							 : "the .env reader";
	flat before = {0}, after = {0};
	bool ok = true;
	if (!flatten(t->orig, t->orig_len, &before)) {
		/* the original did not parse; the repair must at least produce something that does */
		flat_free(&before);
		before = (flat){0};
	}
	if (!flatten(t->cur, t->cur_len, &after)) {
		snprintf(err, errlen, "the repaired text does not parse with %s", parser);
		ok = false;
	} else {
		if (before.n)
			qsort(before.v, before.n, sizeof(char *), cmp_strp);
		if (after.n)
			qsort(after.v, after.n, sizeof(char *), cmp_strp);
		for (size_t i = 0; i < before.n && !t->removes; i++)
			t->removes = !flat_has(&after, before.v[i]);
		const char *lost = unexpected(t, &before, &after);
		const char *gained = lost ? NULL : unexpected(t, &after, &before);
		if (lost || gained) {
			const char *l = lost ? lost : gained;
			size_t kl = strcspn(l, "=");
			snprintf(err, errlen, "the repair would also change %.*s (checked with %s)", (int)kl, l, parser);
			ok = false;
		}
	}
	flat_free(&before);
	flat_free(&after);
	return ok;
}
