/* write.c - see write.h. */
#include "write.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static int
write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void
fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int
qw_write_atomic(const char *path, const char *data, size_t len, unsigned create_mode, char *err, size_t errlen)
{
	char target[PATH_MAX];
	struct stat st;
	bool exists = lstat(path, &st) == 0;
	if (exists && S_ISLNK(st.st_mode)) {
		if (!realpath(path, target)) {
			snprintf(err, errlen, "cannot resolve symbolic link: %s", strerror(errno));
			return -1;
		}
		if (stat(target, &st) != 0) {
			snprintf(err, errlen, "link target: %s", strerror(errno));
			return -1;
		}
	} else {
		snprintf(target, sizeof(target), "%s", path);
	}
	if (exists && !S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "not a regular file; not rewritten");
		return -1;
	}
	if (exists && !(st.st_mode & S_IWUSR)) {
		snprintf(err, errlen, "is read-only (mode %04o); not rewritten", (unsigned)(st.st_mode & 07777));
		return -1;
	}
	if (exists && st.st_nlink > 1) {
		snprintf(err, errlen, "has %lu hard links; rewriting it would split them, so it is left alone",
			 (unsigned long)st.st_nlink);
		return -1;
	}
	char *slash = strrchr(target, '/');
	char *dir = slash ? qw_xstrndup(target, slash == target ? 1 : (size_t)(slash - target)) : qw_xstrdup(".");
	char *tmp = qw_xprintf("%s/.%s.qwlint-XXXXXX", dir, slash ? slash + 1 : target);
	int fd = mkstemp(tmp); /* mode 0600: a key file is never briefly world-readable */
	if (fd < 0) {
		snprintf(err, errlen, "cannot create a temporary file in %s: %s", dir, strerror(errno));
		free(dir);
		free(tmp);
		return -1;
	}
	mode_t mode = exists ? st.st_mode & 07777 : (mode_t)create_mode;
	int rc = -1;
	if (write_all(fd, data, len) != 0) {
		snprintf(err, errlen, "write failed: %s", strerror(errno));
	} else if (fsync(fd) != 0) {
		snprintf(err, errlen, "fsync failed: %s", strerror(errno));
	} else if (fchmod(fd, mode) != 0) {
		snprintf(err, errlen, "cannot keep the file mode: %s", strerror(errno));
	} else if (exists && fchown(fd, st.st_uid, st.st_gid) != 0 && errno != EPERM) {
		snprintf(err, errlen, "cannot keep the owner: %s", strerror(errno));
	} else if (close(fd) != 0) {
		fd = -1;
		snprintf(err, errlen, "close failed: %s", strerror(errno));
	} else {
		fd = -1;
		if (rename(tmp, target) != 0)
			snprintf(err, errlen, "cannot replace the file: %s", strerror(errno));
		else
			rc = 0;
	}
	if (fd >= 0)
		close(fd);
	if (rc != 0)
		unlink(tmp);
	else
		fsync_dir(dir);
	free(dir);
	free(tmp);
	return rc;
}

int
qw_write_backup(const char *path, const char *dir, char *err, size_t errlen)
{
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	FILE *in = fopen(path, "rb");
	if (!in) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	qw_buf b = {0};
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), in)) > 0)
		qw_buf_add(&b, chunk, n);
	fclose(in);
	const char *base = strrchr(path, '/');
	char *dst = qw_path_join(dir, base ? base + 1 : path);
	int rc = qw_write_atomic(dst, b.data ? b.data : "", b.len, 0600, err, errlen);
	free(dst);
	qw_buf_free(&b);
	return rc;
}
