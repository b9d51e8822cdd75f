/*
 * genkb.c - build-time tool: reads the knowledge files of rules/ with qwlint's own YAML reader and writes their
 * trees as static C data (qw_embedded_rule_trees, embedded.h), so that qwlint does not parse them at each start.
 * Reading 68 KB of YAML with libyaml was 90 % of the instructions of a one-home run; the static trees cost only
 * the loader's relocations.
 *
 * Usage: genkb OUT.c FILE.yaml...  Each file becomes one entry, named by its base name, in the order given.
 * A rules file with a YAML tag, an alias or more than one document is refused: the static trees have no place
 * for the arena data those need (qw_node_tag, the alias marks), and the knowledge files have no use for them.
 * tests/unit_tests.c checks that every static tree equals what the reader makes of the embedded text.
 *
 * Ownership: a successful run frees everything before it exits; an error exits at once (the tool runs once per
 * build).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "source.h"
#include "tree.h"

static int
check(const qw_node *n, const char *path, const qw_source *src)
{
	const char *why = n->type == QW_NODE_SCALAR && n->tagged ? "a YAML tag; built-in rules files may not use tags"
			  : n->type != QW_NODE_SCALAR && n->aliases
				  ? "this collection holds an alias; built-in rules files may not use aliases"
				  : NULL;
	if (why) {
		int l, c;
		qw_source_pos(src, n->span.start, &l, &c);
		fprintf(stderr, "genkb: %s:%d:%d: %s\n", path, l, c, why);
		return -1;
	}
	for (size_t i = 0; n->type == QW_NODE_MAP && i < n->npairs; i++)
		if (check(n->pairs[i].key, path, src) || check(n->pairs[i].value, path, src))
			return -1;
	for (size_t i = 0; n->type == QW_NODE_SEQ && i < n->nitems; i++)
		if (check(n->items[i], path, src))
			return -1;
	return 0;
}

/* A C string literal for s: octal escapes (at most three digits, so the next character cannot extend one) for
 * everything but printable ASCII, and '?' escaped against trigraphs. */
static void
put_cstr(FILE *out, const char *s)
{
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '?')
			fprintf(out, "\\%c", *p);
		else if (*p >= 0x20 && *p < 0x7f)
			fputc(*p, out);
		else
			fprintf(out, "\\%03o", *p);
	}
	fputc('"', out);
}

/* The three arrays the trees go into, each written to its own stream: N (nodes, in preorder), P (a mapping's
 * pairs) and I (a sequence's items). A container reserves its children's slots in P or I when it is written, and
 * fills them as its children get their numbers; designated initializers let them come in any order. */
typedef struct out3 {
	FILE *n, *p, *i;
	size_t nodes, pairs, items;
} out3;

static size_t
emit_node(out3 *o, const qw_node *n)
{
	size_t self = o->nodes++;
	/* designated fields only: the ones not named are zero, whatever fields qw_node gains */
	fprintf(o->n, "\t[%zu] = {.span = {%u, %u}, ", self, n->span.start, n->span.end);
	if (n->type == QW_NODE_SCALAR) {
		fputs(".str = (char *)", o->n);
		put_cstr(o->n, n->str);
		fprintf(o->n, ", .type = QW_NODE_SCALAR, .plain = %s},\n", n->plain ? "true" : "false");
		return self;
	}
	size_t count = n->type == QW_NODE_MAP ? n->npairs : n->nitems;
	if (!count) {
		fprintf(o->n, ".type = %s},\n", n->type == QW_NODE_MAP ? "QW_NODE_MAP" : "QW_NODE_SEQ");
		return self;
	}
	if (n->type == QW_NODE_MAP) {
		size_t first = o->pairs;
		o->pairs += count;
		fprintf(o->n, ".pairs = &P[%zu], .npairs = %zu, .type = QW_NODE_MAP},\n", first, count);
		for (size_t i = 0; i < count; i++) {
			size_t k = emit_node(o, n->pairs[i].key);
			size_t v = emit_node(o, n->pairs[i].value);
			fprintf(o->p, "\t[%zu] = {&N[%zu], &N[%zu]},\n", first + i, k, v);
		}
	} else {
		size_t first = o->items;
		o->items += count;
		fprintf(o->n, ".items = &I[%zu], .nitems = %zu, .type = QW_NODE_SEQ},\n", first, count);
		for (size_t i = 0; i < count; i++)
			fprintf(o->i, "\t[%zu] = &N[%zu],\n", first + i, emit_node(o, n->items[i]));
	}
	return self;
}

/* Appends the text of stream from (an open_memstream of *buf) to out, and frees it. */
static void
append(FILE *out, FILE *from, char **buf, size_t *len)
{
	fclose(from);
	fwrite(*buf, 1, *len, out);
	free(*buf);
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: genkb OUT.c FILE.yaml...\n");
		return 2;
	}
	const char *outpath = argv[1];
	size_t nfiles = (size_t)argc - 2;
	qw_doc **docs = calloc(nfiles, sizeof(*docs));
	if (!docs)
		return 1;
	for (size_t i = 0; i < nfiles; i++) {
		const char *path = argv[i + 2];
		char msg[256];
		qw_source *src = qw_source_load(path, 0, msg, sizeof(msg));
		if (!src) {
			fprintf(stderr, "genkb: %s: %s\n", path, msg);
			return 1;
		}
		qw_parse_error pe;
		docs[i] = qw_yaml_parse_builtin(src, &pe);
		if (!docs[i]) {
			int l = pe.line, c = pe.col;
			if (!l)
				qw_source_pos(src, pe.offset, &l, &c);
			fprintf(stderr, "genkb: %s:%d:%d: %s\n", path, l, c, pe.msg);
			return 1;
		}
		if (!docs[i]->root || docs[i]->root->type != QW_NODE_MAP) {
			fprintf(stderr, "genkb: %s: not a mapping\n", path);
			return 1;
		}
		if (docs[i]->ndocs > 1) {
			fprintf(stderr, "genkb: %s: more than one YAML document\n", path);
			return 1;
		}
		if (check(docs[i]->root, path, src))
			return 1;
		qw_source_free(src); /* the tree keeps no pointer into it */
	}

	/* Written to OUT.tmp and renamed, so that an interrupted build leaves no half file that looks done. */
	size_t tl = strlen(outpath) + 5;
	char *tmp = malloc(tl);
	if (!tmp)
		return 1;
	snprintf(tmp, tl, "%s.tmp", outpath);
	FILE *out = fopen(tmp, "w");
	if (!out) {
		perror(tmp);
		return 1;
	}
	out3 o = {0};
	char *nb, *pb, *ib;
	size_t nl, pl, il;
	o.n = open_memstream(&nb, &nl);
	o.p = open_memstream(&pb, &pl);
	o.i = open_memstream(&ib, &il);
	size_t *roots = calloc(nfiles, sizeof(*roots));
	if (!o.n || !o.p || !o.i || !roots)
		return 1;
	for (size_t i = 0; i < nfiles; i++)
		roots[i] = emit_node(&o, docs[i]->root);
	/* Declared with their sizes first, since each array's initializer takes addresses in the others. An array
	 * is never empty: every file's root is a mapping, and an unused P or I keeps one zero entry. */
	fputs("/* Generated by tools/genkb.c from the YAML files of rules/; do not edit. */\n", out);
	fputs("#include \"embedded.h\"\n\n", out);
	fprintf(out, "static qw_node N[%zu];\nstatic qw_pair P[%zu];\nstatic qw_node *I[%zu];\n\n", o.nodes,
		o.pairs ? o.pairs : 1, o.items ? o.items : 1);
	fprintf(out, "static qw_node N[%zu] = {\n", o.nodes);
	append(out, o.n, &nb, &nl);
	fprintf(out, "};\nstatic qw_pair P[%zu] = {\n", o.pairs ? o.pairs : 1);
	append(out, o.p, &pb, &pl);
	fprintf(out, "};\nstatic qw_node *I[%zu] = {\n", o.items ? o.items : 1);
	append(out, o.i, &ib, &il);
	fputs("};\nconst qw_embedded_tree qw_embedded_rule_trees[] = {\n", out);
	for (size_t i = 0; i < nfiles; i++) {
		const char *path = argv[i + 2], *base = strrchr(path, '/');
		fputs("\t{", out);
		put_cstr(out, base ? base + 1 : path);
		fprintf(out, ", &N[%zu]},\n", roots[i]);
	}
	fprintf(out, "};\nconst size_t qw_embedded_rule_trees_count = %zu;\n", nfiles);
	if (fclose(out)) {
		perror(tmp);
		return 1;
	}
	if (rename(tmp, outpath)) {
		perror(outpath);
		return 1;
	}
	for (size_t i = 0; i < nfiles; i++)
		qw_doc_free(docs[i]);
	free(docs);
	free(roots);
	free(tmp);
	return 0;
}
