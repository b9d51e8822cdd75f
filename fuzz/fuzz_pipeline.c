/*
 * fuzz_pipeline.c - libFuzzer target for the whole run on a generated Hermes home: the input is split at lines
 * "=====" into config.yaml, .env and auth.json, written into a scratch directory, then
 *   1. linted and rendered in every format, and traced (--resolve);
 *   2. repaired with --fix --unsafe-fixes --diff (printed, not written), then for real;
 *   3. repaired again, which must change nothing.
 * Invariants besides the sanitizers': no output holds a 12-byte slice of a key-shaped token of the input; a file
 * that parsed before the repair parses after it; the second repair is a no-op.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "embedded.h"
#include "fix.h"
#include "fuzz_common.h"
#include "parse.h"
#include "pipeline.h"
#include "render.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const files[] = {"config.yaml", ".env", "auth.json"};
#define NFILES 3
static qw_kb *kb;
static char home[64];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char err[256];
	kb = qw_kb_load(NULL, err, sizeof(err));
	FUZZ_CHECK(kb);
	snprintf(home, sizeof(home), "%s/qwfuzz-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	FUZZ_CHECK(mkdtemp(home));
	return 0;
}

/* Empty the scratch home (the backups --fix makes go into .qwlint-backup/<stamp>/). */
static void
clear_dir(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char p[512];
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			clear_dir(p);
			rmdir(p);
		} else {
			unlink(p);
		}
	}
	closedir(d);
}

static char *
read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0;
	FILE *m = open_memstream(&buf, &cap);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(f);
	fclose(m);
	*len = cap;
	return buf;
}

/* Key-shaped tokens of the input: a known key prefix at a token start, then 16+ key characters (letters, digits,
 * '-' and '_': a '.' would let a key run on into a host name that is printed on its own). */
typedef struct keys {
	const char *at[64];
	size_t len[64];
	int n;
} keys;

static int
keychar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static void
find_keys(const char *s, size_t n, keys *k)
{
	static const char *const prefixes[] = {"sk-", "tp-", "AIza", "gsk_", "xai-", "bce-v3/"};
	for (size_t i = 0; i < n && k->n < 64; i++) {
		if (i > 0 && keychar((unsigned char)s[i - 1]))
			continue;
		for (size_t p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++) {
			size_t pl = strlen(prefixes[p]);
			if (i + pl > n || memcmp(s + i, prefixes[p], pl) != 0)
				continue;
			size_t e = i + pl;
			while (e < n && keychar((unsigned char)s[e]))
				e++;
			if (e - i >= pl + 16) {
				/* the part after the family prefix is the secret; the prefix itself is public */
				k->at[k->n] = s + i + pl;
				k->len[k->n] = e - i - pl;
				k->n++;
			}
			i = e;
			break;
		}
	}
}

/* Does w (12 bytes) occur anywhere but at `at`: elsewhere in the input, or in the text qwlint carries (the
 * catalogue, the rule examples)? Then it may be printed from there: the fuzzer splices key bytes into variable
 * names and key prefixes onto model names, which are not secrets. */
static bool
elsewhere(const char *in, size_t inlen, const char *at, const char *w)
{
	for (const char *p = in; (p = memmem(p, inlen - (size_t)(p - in), w, 12)) != NULL; p++)
		if (p != at)
			return true;
	for (size_t i = 0; i < qw_embedded_rules_count; i++)
		if (memmem(qw_embedded_rules[i].data, qw_embedded_rules[i].len, w, 12))
			return true;
	for (size_t i = 0; i < qw_embedded_examples_count; i++)
		if (memmem(qw_embedded_examples[i].data, qw_embedded_examples[i].len, w, 12))
			return true;
	return false;
}

static void
check_no_key(const char *in, size_t inlen, const char *out, size_t outlen, const keys *k)
{
	for (int i = 0; i < k->n; i++)
		for (size_t off = 0; off + 12 <= k->len[i]; off++) {
			/* a window without a digit is a word the token ran into ("…DASHSCOPE_API_KEY"), not key bytes */
			bool digit = false;
			for (size_t j = 0; j < 12; j++)
				digit |= k->at[i][off + j] >= '0' && k->at[i][off + j] <= '9';
			if (!digit || elsewhere(in, inlen, k->at[i] + off, k->at[i] + off))
				continue;
			const char *hit = memmem(out, outlen, k->at[i] + off, 12);
			if (hit) { /* the input is made up: showing where its key leaked is safe */
				const char *from = hit - out > 300 ? hit - 300 : out;
				fprintf(stderr, "key slice leaked here:\n%.*s\n", (int)(hit + 40 - from), from);
			}
			FUZZ_CHECK(!hit);
		}
}

static int
parses(const char *name, const char *text, size_t len)
{
	qw_source *src = qw_source_from_memory(name, text, len);
	qw_parse_error err;
	int ok = 1;
	if (!strcmp(name, "config.yaml")) {
		qw_doc *d = qw_yaml_parse(src, &err);
		ok = d != NULL;
		qw_doc_free(d);
	} else if (!strcmp(name, "auth.json")) {
		qw_doc *d = qw_json_parse(src, &err);
		ok = d != NULL;
		qw_doc_free(d);
	} else {
		qw_dotenv *e = qw_dotenv_parse(src);
		ok = e->nerrors == 0;
		qw_dotenv_free(e);
	}
	qw_source_free(src);
	return ok;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *end = s + size;
	keys k = {.n = 0};
	find_keys(s, size, &k);
	clear_dir(home);

	int parsed[NFILES] = {0};
	for (int f = 0; f < NFILES; f++) {
		const char *sep = s < end ? memmem(s, (size_t)(end - s), "\n=====\n", 7) : NULL;
		size_t n = (size_t)((sep ? sep + 1 : end) - s);
		if (n || f == 0) { /* an absent part is an absent file; config.yaml always exists */
			char p[128];
			snprintf(p, sizeof(p), "%s/%s", home, files[f]);
			int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
			FUZZ_CHECK(fd >= 0);
			FUZZ_CHECK(write(fd, s, n) == (ssize_t)n);
			close(fd);
			parsed[f] = parses(files[f], s, n);
		}
		s = sep ? sep + 7 : end;
	}

	char *paths[] = {home};
	qw_options opt = {0};
	opt.max_file_size = 1 << 20;

	/* 1. lint, every format, and the trace */
	char *out = NULL;
	size_t outlen = 0;
	FILE *m = open_memstream(&out, &outlen);
	qw_sets sets = {0};
	qw_findings findings = {0};
	qw_pipeline_run(paths, 1, &opt, kb, &sets, &findings);
	for (size_t i = 0; i < qw_nformats; i++)
		qw_render(m, &findings, qw_formats[i], qw_formats[i] == qw_format_find("human"), kb, sets.files);
	qw_render_resolve(m, &sets, qw_format_find("human"), false, kb);
	qw_render_resolve(m, &sets, qw_format_find("json"), false, kb);
	qw_pipeline_free(&sets, &findings);

	/* 2. the repair, as a diff and then written */
	qw_fix_options fo = {.unsafe = true, .diff = true, .no_backup = false, .lock_wait = 1};
	int changed = 0, refused = 0;
	qw_fix_run(paths, 1, &opt, kb, &fo, m, &changed, &refused);
	fo.diff = false;
	int fixed = qw_fix_run(paths, 1, &opt, kb, &fo, m, &changed, &refused);
	fclose(m);
	check_no_key((const char *)data, size, out, outlen, &k);
	free(out);

	for (int f = 0; f < NFILES; f++) {
		char p[128];
		snprintf(p, sizeof(p), "%s/%s", home, files[f]);
		size_t len;
		char *text = read_all(p, &len);
		if (text && parsed[f])
			FUZZ_CHECK(parses(files[f], text, len));
		free(text);
	}

	/* 3. a second repair finds nothing left to do */
	if (fixed >= 0) {
		FILE *null = fopen("/dev/null", "w");
		int again = qw_fix_run(paths, 1, &opt, kb, &fo, null, &changed, &refused);
		fclose(null);
		FUZZ_CHECK(again <= 0 && changed == 0);
	}
	return 0;
}
