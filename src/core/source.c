/* source.c - see source.h. */
#include "source.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/vfs.h>
#endif

#include "escape.h"
#include "util.h"

/* Lines end at LF, at CRLF, or at a lone CR (old Mac files): each is one line break. */
static void
index_lines(qw_source *src)
{
	size_t cap = 0;
	src->nlines = 0;
	QW_PUSH(src->line_start, src->nlines, cap, 0);
	if (!memchr(src->data, '\r', src->len)) { /* LF only, the common case: memchr runs through it */
		for (const char *p = src->data, *end = src->data + src->len; (p = memchr(p, '\n', (size_t)(end - p)));) {
			p++;
			QW_PUSH(src->line_start, src->nlines, cap, (uint32_t)(p - src->data));
		}
	} else {
		for (size_t i = 0; i < src->len; i++) {
			char c = src->data[i];
			if (c == '\r' && i + 1 < src->len && src->data[i + 1] == '\n')
				continue;
			if (c == '\n' || c == '\r')
				QW_PUSH(src->line_start, src->nlines, cap, (uint32_t)(i + 1));
		}
	}
	src->has_bom = src->len >= 3 && memcmp(src->data, "\xEF\xBB\xBF", 3) == 0;
}

size_t
qw_source_limit(size_t max_size, const char **what)
{
	bool own = !max_size || max_size > QW_SOURCE_MAX;
	*what = own ? "qwlint's own limit" : "the --max-file-size limit";
	return own ? QW_SOURCE_MAX : max_size;
}

qw_source *
qw_source_from_memory(const char *path, const char *data, size_t len)
{
	if (len > QW_SOURCE_MAX) { /* callers check; a span could not point into the rest */
		qw_esc_fprintf(stderr, "qwlint: internal error: %s: %zu bytes, more than a source holds\n", path, len);
		exit(2);
	}
	qw_source *src = qw_xcalloc(1, sizeof(*src));
	src->path = qw_xstrdup(path);
	src->data = qw_xmalloc(len + 1);
	memcpy(src->data, data, len);
	src->data[len] = '\0';
	src->len = len;
	index_lines(src);
	return src;
}

typedef struct overlay {
	char *path, *data; /* data NULL: only the mode is overlaid */
	size_t len;
	unsigned mode; /* 0: not overlaid */
} overlay;
static overlay *overlays;
static size_t noverlays, overlays_cap;

static overlay *
overlay_find(const char *path, bool add)
{
	for (size_t i = 0; i < noverlays; i++)
		if (!strcmp(overlays[i].path, path))
			return &overlays[i];
	if (!add)
		return NULL;
	overlay o = {qw_xstrdup(path), NULL, 0, 0};
	QW_PUSH(overlays, noverlays, overlays_cap, o);
	return &overlays[noverlays - 1];
}

void
qw_overlay_set(const char *path, const char *data, size_t len)
{
	overlay *o = overlay_find(path, true);
	free(o->data);
	o->data = qw_xstrndup(data, len);
	o->len = len;
}

void
qw_overlay_set_mode(const char *path, unsigned mode)
{
	overlay_find(path, true)->mode = mode;
}

const char *
qw_overlay_get(const char *path, size_t *len)
{
	overlay *o = overlay_find(path, false);
	if (!o || !o->data)
		return NULL;
	*len = o->len;
	return o->data;
}

void
qw_overlay_clear(void)
{
	for (size_t i = 0; i < noverlays; i++) {
		free(overlays[i].path);
		free(overlays[i].data);
	}
	free(overlays);
	overlays = NULL;
	noverlays = overlays_cap = 0;
}

/* A file of a kernel filesystem: /proc (0x9fa0) or /sys (0x62656572). Their files say S_ISREG and size 0. */
static bool
kernel_file(int fd)
{
#ifdef __linux__
	struct statfs fs;
	return fstatfs(fd, &fs) == 0 && (fs.f_type == 0x9fa0 || fs.f_type == 0x62656572);
#else
	(void)fd;
	return false;
#endif
}

qw_source *
qw_source_load(const char *path, size_t max_size, char *err, size_t errlen)
{
	size_t olen;
	const char *odata = qw_overlay_get(path, &olen);
	overlay *ov = overlay_find(path, false);
	if (odata) {
		qw_source *src = qw_source_from_memory(path, odata, olen);
		src->fs_path = qw_xstrdup(path);
		struct stat st;
		bool on_disk = stat(path, &st) == 0;
		src->mode = ov->mode ? ov->mode : on_disk ? (unsigned)(st.st_mode & 07777) : 0600;
		if (on_disk) {
			src->dev = (unsigned long long)st.st_dev;
			src->ino = (unsigned long long)st.st_ino;
		}
		return src;
	}
	/* O_NONBLOCK so that opening a FIFO does not hang; regular files ignore it. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "not a regular file");
		close(fd);
		return NULL;
	}
	if (kernel_file(fd)) {
		snprintf(err, errlen, "not a regular file (a file of /proc or /sys)");
		close(fd);
		return NULL;
	}
	const char *limit;
	max_size = qw_source_limit(max_size, &limit);
	if ((unsigned long long)st.st_size > max_size) {
		snprintf(err, errlen, "file is %lld bytes, over %s of %zu bytes", (long long)st.st_size, limit,
			 max_size);
		close(fd);
		return NULL;
	}
	qw_source *src = qw_xcalloc(1, sizeof(*src));
	src->path = qw_xstrdup(path);
	src->fs_path = qw_xstrdup(path);
	src->mode = ov && ov->mode ? ov->mode : (unsigned)(st.st_mode & 07777);
	src->dev = (unsigned long long)st.st_dev;
	src->ino = (unsigned long long)st.st_ino;
	/* room for the file, its NUL, and one byte more: the read that finds the end must not find the buffer full
	 * (a full buffer doubles, which for a large file doubles the memory for nothing) */
	size_t cap = (size_t)st.st_size + 2;
	src->data = qw_xmalloc(cap);
	for (;;) {
		if (src->len + 1 >= cap || src->len > max_size) {
			if (src->len > max_size) {
				snprintf(err, errlen, "file grew over %s of %zu bytes", limit, max_size);
				close(fd);
				qw_source_free(src);
				return NULL;
			}
			cap *= 2;
			src->data = qw_xrealloc(src->data, cap);
		}
		ssize_t n = read(fd, src->data + src->len, cap - 1 - src->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errlen, "read error: %s", strerror(errno));
			close(fd);
			qw_source_free(src);
			return NULL;
		}
		if (n == 0)
			break;
		src->len += (size_t)n;
	}
	close(fd);
	src->data[src->len] = '\0';
	index_lines(src);
	return src;
}

void
qw_source_free(qw_source *src)
{
	if (!src)
		return;
	free(src->path);
	free(src->fs_path);
	free(src->data);
	free(src->line_start);
	free(src->secrets);
	free(src->git_head);
	free(src->git_index);
	free(src);
}

void
qw_source_pos(const qw_source *src, size_t off, int *line, int *col)
{
	if (off > src->len)
		off = src->len;
	size_t lo = 0, hi = src->nlines;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (src->line_start[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	size_t begin = src->line_start[lo];
	if (lo == 0 && src->has_bom && off >= 3)
		begin = 3;
	int c = 1;
	for (size_t i = begin; i < off; i++)
		if (((unsigned char)src->data[i] & 0xC0) != 0x80)
			c++;
	*line = (int)lo + 1;
	*col = c;
}

qw_span
qw_source_line(const qw_source *src, int line)
{
	qw_span s = {0, 0};
	if (line < 1 || (size_t)line > src->nlines)
		return s;
	s.start = src->line_start[line - 1];
	if (line == 1 && src->has_bom)
		s.start = 3;
	s.end = (size_t)line < src->nlines ? src->line_start[line] : src->len;
	while (s.end > s.start && (src->data[s.end - 1] == '\n' || src->data[s.end - 1] == '\r'))
		s.end--;
	return s;
}

void
qw_source_add_secret(qw_source *src, qw_span span)
{
	if (span.end <= span.start)
		return;
	if (src->nsecrets && span.start < src->secrets[src->nsecrets - 1].end)
		src->secrets_unsorted = true;
	QW_PUSH(src->secrets, src->nsecrets, src->secrets_cap, span);
}

static int
cmp_span(const void *a, const void *b)
{
	const qw_span *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->end < y->end ? -1 : x->end > y->end;
}

void
qw_source_sort_secrets(qw_source *src)
{
	if (!src->secrets_unsorted)
		return;
	qsort(src->secrets, src->nsecrets, sizeof(qw_span), cmp_span);
	/* overlapping spans become their union: a span that starts inside another and reaches past it must not
	 * leave its tail shown after the first span's mask */
	size_t w = 0;
	for (size_t i = 0; i < src->nsecrets; i++) {
		if (w && src->secrets[i].start < src->secrets[w - 1].end) {
			if (src->secrets[i].end > src->secrets[w - 1].end)
				src->secrets[w - 1].end = src->secrets[i].end;
		} else {
			src->secrets[w++] = src->secrets[i];
		}
	}
	src->nsecrets = w;
	src->secrets_unsorted = false;
}

size_t
qw_source_secret_from(const qw_source *src, size_t off)
{
	size_t lo = 0, hi = src->nsecrets;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (src->secrets[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
