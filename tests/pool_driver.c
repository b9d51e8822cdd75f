/*
 * pool_driver.c - runs src/tools/hermes/pool.c on one home for tests/pool_oracle.py: `pool_driver HOME PROVIDER [peek]` reads
 * HOME as qwlint does, calls qw_pool_select (or qw_pool_peek; with reload, qw_pool_select as a second load in
 * the same Hermes run) for PROVIDER (a registry id or "custom:<name>"),
 * and prints one JSON object: has_credentials, the picked entry's key as the oracle prints one (fingerprint:
 * "sha256:" + 12 hex of the key), its source, base_url, random, and the steps. Never the key itself.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kb.h"
#include "lint.h"
#include "pipeline.h"
#include "pool.h"
#include "secret.h"

static void
jstr(const char *s)
{
	if (!s) {
		fputs("null", stdout);
		return;
	}
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p < 0x20)
			printf("\\u%04x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: pool_driver HOME PROVIDER [peek|reload]\n");
		return 2;
	}
	char err[512];
	qw_kb *kb = qw_kb_load(NULL, err, sizeof err);
	if (!kb) {
		fprintf(stderr, "pool_driver: %s\n", err);
		return 2;
	}
	qw_options opt = {.max_file_size = 16 * 1024 * 1024};
	qw_sets sets = {0};
	qw_findings findings = {0};
	char *paths[] = {argv[1]};
	qw_pipeline_run(paths, 1, &opt, kb, &sets, &findings);
	char want[PATH_MAX], got[PATH_MAX];
	if (!realpath(argv[1], want)) {
		perror(argv[1]);
		return 2;
	}
	const qw_set *set = NULL;
	for (size_t i = 0; i < sets.n && !set; i++)
		if (sets.v[i]->dir && realpath(sets.v[i]->dir, got) && !strcmp(got, want))
			set = sets.v[i];
	if (!set) {
		fprintf(stderr, "pool_driver: no home read at %s\n", argv[1]);
		return 2;
	}
	qw_request r = {0};
	qw_pool_entry e;
	bool peek = argc > 3 && !strcmp(argv[3], "peek");
	bool reload = argc > 3 && !strcmp(argv[3], "reload");
	bool has = peek ? qw_pool_peek(kb, set, argv[2], time(NULL), false, &r, &e)
			: qw_pool_select(kb, set, argv[2], time(NULL), reload, &r, &e);
	char fp[20] = "";
	if (e.key) {
		unsigned char h[32];
		qw_sha256(e.key, strlen(e.key), h);
		strcpy(fp, "sha256:");
		for (int i = 0; i < 6; i++)
			snprintf(fp + 7 + 2 * i, 3, "%02x", h[i]);
	}
	printf("{\"has_credentials\": %s, \"fingerprint\": ", has ? "true" : "false");
	jstr(e.key ? fp : NULL);
	printf(", \"source\": ");
	jstr(e.source);
	printf(", \"base_url\": ");
	jstr(e.base_url);
	printf(", \"random\": %s, \"candidates\": %d, \"steps\": [", e.random ? "true" : "false", e.candidates);
	for (size_t i = 0; i < r.ntrace; i++) {
		if (i)
			printf(", ");
		jstr(r.trace[i]);
	}
	printf("]}\n");
	for (size_t i = 0; i < r.ntrace; i++)
		free(r.trace[i]);
	free(r.trace);
	qw_pool_entry_free(&e);
	qw_pipeline_free(&sets, &findings);
	qw_kb_free(kb);
	return 0;
}
