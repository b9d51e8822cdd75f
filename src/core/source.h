/*
 * source.h - one input file held in memory: its bytes, its display path, a line index, and the byte ranges that
 * hold secrets (so that no renderer ever prints them).
 *
 * A qw_span is a half-open byte range [start, end) into qw_source.data. Lines and columns are 1-based; a column
 * counts Unicode characters (not bytes) from the start of the line, and a UTF-8 BOM is not counted.
 *
 * Ownership: qw_source_load() and qw_source_from_memory() return a source the caller releases with
 * qw_source_free(); the source owns its path string, data and secret list.
 */
#ifndef QW_SOURCE_H
#define QW_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Offsets are 32-bit (half a tree node's size, and a large file has a node for every ten bytes or so): no file of
 * QW_SOURCE_MAX bytes or more is read. */
typedef struct qw_span {
	uint32_t start;
	uint32_t end;
} qw_span;

#define QW_SOURCE_MAX ((size_t)UINT32_MAX - 1)

typedef enum qw_kind {
	QW_KIND_UNKNOWN,
	QW_KIND_HERMES_CONFIG, /* config.yaml */
	QW_KIND_DOTENV,        /* .env */
	QW_KIND_AUTH_JSON,     /* auth.json */
	QW_KIND_DIFY_DSL,      /* a Dify app export */
	QW_KIND_DIFY_MANIFEST, /* a Dify plugin's manifest.yaml */
} qw_kind;

/* The syntax a file is read in, where its name does not say it (a .json that allows comments): the reader sets it,
 * and --fix's re-parse check reads the repaired text in the same syntax. */
typedef enum qw_syntax {
	QW_SYNTAX_BY_NAME, /* as the name says: .yaml/.yml YAML, .json strict JSON, .toml TOML, else .env */
	QW_SYNTAX_JSONC,   /* JSON with comments and trailing commas */
	QW_SYNTAX_JSON5,   /* JSON5: also unquoted keys, single quotes, hexadecimal numbers */
} qw_syntax;

/* What git says about a file (vcs.h). */
typedef enum qw_vcs {
	QW_VCS_NONE,      /* not in a git work tree, or git could not tell */
	QW_VCS_PENDING,   /* vcs.c: asked, not yet answered */
	QW_VCS_UNTRACKED, /* in a work tree, neither tracked nor ignored: `git add .` takes it */
	QW_VCS_IGNORED,
	QW_VCS_TRACKED,   /* in the index: git_index holds that text, git_head the text at HEAD if any */
} qw_vcs;

typedef struct qw_source {
	char *path;   /* as shown to the user */
	char *fs_path; /* as opened (NULL for memory sources): what --fix writes */
	char *data;   /* file bytes plus a NUL terminator */
	size_t len;   /* bytes, without the terminator */
	uint32_t *line_start;
	size_t nlines;
	qw_kind kind;
	qw_syntax syntax;
	bool has_bom;
	unsigned mode; /* permission bits as on disk (or as --fix will set them); 0 for memory sources */
	qw_vcs vcs;
	char *git_head, *git_index; /* the file's text in git's HEAD and index; NULL when not there (vcs.h) */
	bool template; /* meant to be copied and filled in (.env.example): its placeholders are the point */
	bool report; /* findings in this file are shown (false: read only as context for another file) */
	/* The file's identity (st_dev, st_ino) as read; both 0 for a memory source or a file not yet created. Two
	 * spellings of one file (`.` and $PWD, a link and its target) have one identity: the pipeline reports a file
	 * once by it, and --fix writes it once (discover.h). */
	unsigned long long dev, ino;
	qw_span *secrets; /* value ranges that are never printed: sorted and disjoint once qw_source_sort_secrets ran */
	size_t nsecrets, secrets_cap;
	bool secrets_unsorted; /* a span was added out of order or overlapping: qw_source_sort_secrets has work */
} qw_source;

/* Reads a regular file of at most max_size bytes (0, or more than QW_SOURCE_MAX: QW_SOURCE_MAX). On failure
 * returns NULL and writes a message (no path prefix) into err. A FIFO, a device or a directory is refused, and so
 * is a file of /proc or /sys: they say "regular file" and size 0, but their bytes are the kernel's (a process's
 * environment, its memory map), never a configuration, and /proc/self/environ holds qwlint's own environment.
 * When an overlay is set for the path (see below), its bytes are used instead of the file's. */
qw_source *qw_source_load(const char *path, size_t max_size, char *err, size_t errlen);
/* The most bytes a file may have under a --max-file-size of max_size (0: none given), and in *what that limit's
 * name for a message: the option's, or qwlint's own (QW_SOURCE_MAX). */
size_t qw_source_limit(size_t max_size, const char **what);
/* Copies len bytes of data (at most QW_SOURCE_MAX: the caller checks) into a new source. */
qw_source *qw_source_from_memory(const char *path, const char *data, size_t len);
void qw_source_free(qw_source *src);

/* 1-based line and character column of a byte offset. */
void qw_source_pos(const qw_source *src, size_t off, int *line, int *col);
/* Byte range of line `line` (1-based), without its line terminator. */
qw_span qw_source_line(const qw_source *src, int line);
void qw_source_add_secret(qw_source *src, qw_span span);
/* Sorts the secret spans by start and merges the ones that overlap, once (a no-op while they stay in order):
 * renderers then find a line's spans by binary search (qw_source_secret_from), so that masking costs O(size)
 * and not O(findings x secrets). Called when the spans are complete (pipeline.c) and by every renderer. */
void qw_source_sort_secrets(qw_source *src);
/* The index of the first secret span that ends after off (nsecrets when none): spans must be sorted. */
size_t qw_source_secret_from(const qw_source *src, size_t off);

/* The overlay: new contents and modes of files that --fix has computed but not yet written, so that the next
 * lint pass sees them. Keyed by the path as opened. qw_overlay_set copies data; qw_overlay_get returns NULL when
 * no contents are set; qw_overlay_clear frees all. A missing file with an overlay is read as if it existed (with
 * mode 0600, as --fix creates it). */
void qw_overlay_set(const char *path, const char *data, size_t len);
void qw_overlay_set_mode(const char *path, unsigned mode);
const char *qw_overlay_get(const char *path, size_t *len);
void qw_overlay_clear(void);

#endif
