/*
 * parsefloor.c - the cost qwlint cannot go below: read every file it would read and parse it once with the
 * library qwlint builds its tree with, and nothing else.
 *
 *   parsefloor PATH...
 *
 * Walks each PATH (no symlinks followed, as qwlint's tree walk). A *.yaml / *.yml file is read and its events
 * drained with libyaml (qwlint's tree comes from libyaml's events, yaml.c); a *.json file is parsed with cJSON; a
 * .env file (.env, .env.*, *.env) has its lines counted (qwlint's reader is one pass over the lines). Each file is
 * read whole with read(2) into one buffer, as qwlint's source loader does. Prints the files and bytes seen, so a
 * run can be checked against qwlint's file count.
 *
 * What is not in the floor, on purpose: qwlint's check that a YAML text holds only characters a Python loader
 * reads, the tree it builds, the model and the rules. Those are qwlint's own cost, which the benchmark's ratio
 * shows.
 */
#define _GNU_SOURCE /* nftw's FTW_ACTIONRETVAL */
#include <cjson/cJSON.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

static unsigned long files, bytes, events, failed;

static char *
read_file(const char *path, size_t size, size_t *len)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return NULL;
	char *buf = malloc(size + 1);
	size_t got = 0;
	ssize_t n;
	while (buf && (n = read(fd, buf + got, size - got)) > 0)
		got += (size_t)n;
	close(fd);
	if (buf)
		buf[got] = '\0';
	*len = got;
	return buf;
}

static bool
ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && !strcmp(s + ls - lx, suffix);
}

static void
parse_yaml(const char *data, size_t len)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p)) {
		failed++;
		return;
	}
	yaml_parser_set_input_string(&p, (const unsigned char *)data, len);
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			failed++;
			break;
		}
		events++;
		bool end = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
		if (end)
			break;
	}
	yaml_parser_delete(&p);
}

static int
visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	if (type == FTW_D && (!strcmp(path + ftw->base, ".git") || !strcmp(path + ftw->base, ".qwlint-backup")))
		return FTW_SKIP_SUBTREE;
	if (type != FTW_F || !S_ISREG(st->st_mode))
		return FTW_CONTINUE;
	const char *b = path + ftw->base;
	int kind = ends_with(b, ".yaml") || ends_with(b, ".yml")                      ? 1
		   : ends_with(b, ".json")                                            ? 2
		   : !strcmp(b, ".env") || !strncmp(b, ".env.", 5) || ends_with(b, ".env") ? 3
											    : 0;
	if (!kind)
		return FTW_CONTINUE;
	size_t len;
	char *data = read_file(path, (size_t)st->st_size, &len);
	if (!data) {
		failed++;
		return FTW_CONTINUE;
	}
	files++;
	bytes += len;
	if (kind == 1) {
		parse_yaml(data, len);
	} else if (kind == 2) {
		cJSON *j = cJSON_ParseWithLength(data, len);
		failed += !j;
		cJSON_Delete(j);
	} else {
		for (const char *p = data; (p = memchr(p, '\n', len - (size_t)(p - data))) != NULL; p++)
			events++;
	}
	free(data);
	return FTW_CONTINUE;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: parsefloor PATH...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (nftw(argv[i], visit, 64, FTW_PHYS | FTW_ACTIONRETVAL) != 0) {
			perror(argv[i]);
			return 2;
		}
	printf("parsefloor: %lu files, %lu bytes, %lu events, %lu did not parse\n", files, bytes, events, failed);
	return 0;
}
