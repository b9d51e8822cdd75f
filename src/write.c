/* write.c - see write.h. */
#include "write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"
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

/* The file a write to path really replaces (a symbolic link's target), and its status. -1 with err when it
 * exists but cannot be resolved. */
static int
resolve_target(const char *path, char *target, struct stat *st, bool *exists, char *err, size_t errlen)
{
	*exists = lstat(path, st) == 0;
	if (*exists && S_ISLNK(st->st_mode)) {
		if (!realpath(path, target)) {
			snprintf(err, errlen, "cannot resolve symbolic link: %s", strerror(errno));
			return -1;
		}
		if (stat(target, st) != 0) {
			snprintf(err, errlen, "link target: %s", strerror(errno));
			return -1;
		}
	} else {
		snprintf(target, PATH_MAX, "%s", path);
	}
	return 0;
}

static int
refuse(const struct stat *st, char *err, size_t errlen)
{
	if (!S_ISREG(st->st_mode)) {
		snprintf(err, errlen, "not a regular file; not rewritten");
		return -1;
	}
	if (!(st->st_mode & S_IWUSR)) {
		snprintf(err, errlen, "is read-only (mode %04o); not rewritten", (unsigned)(st->st_mode & 07777));
		return -1;
	}
	if (st->st_nlink > 1) {
		snprintf(err, errlen, "has %lu hard links; rewriting it would split them, so it is left alone",
			 (unsigned long)st->st_nlink);
		return -1;
	}
	return 0;
}

int
qw_write_check(const char *path, char *err, size_t errlen)
{
	char target[PATH_MAX];
	struct stat st;
	bool exists;
	if (resolve_target(path, target, &st, &exists, err, errlen) != 0)
		return -1;
	return exists ? refuse(&st, err, errlen) : 0;
}

int
qw_write_chmod(const char *path, unsigned mode, char *err, size_t errlen)
{
	if (chmod(path, (mode_t)mode) != 0) {
		snprintf(err, errlen, "cannot change the mode to %04o: %s", mode, strerror(errno));
		return -1;
	}
	return 0;
}

int
qw_write_atomic(const char *path, const char *data, size_t len, unsigned create_mode, char *err, size_t errlen)
{
	char target[PATH_MAX];
	struct stat st;
	bool exists;
	if (resolve_target(path, target, &st, &exists, err, errlen) != 0)
		return -1;
	if (exists && refuse(&st, err, errlen) != 0)
		return -1;
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
	/* Held until the temp file is renamed: a later run deletes only temp files nobody holds (qw_write_clean). */
	(void)flock(fd, LOCK_EX);
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
	} else if (rename(tmp, target) != 0) {
		/* renamed while still open and locked, so no other run ever sees it unlocked under its temp name */
		snprintf(err, errlen, "cannot replace the file: %s", strerror(errno));
	} else {
		rc = 0; /* the bytes were fsync'ed: a failing close() loses nothing */
	}
	close(fd);
	if (rc != 0)
		unlink(tmp);
	else
		fsync_dir(dir);
	free(dir);
	free(tmp);
	return rc;
}

/* Is name one of qw_write_atomic's temp files, ".<name>.qwlint-XXXXXX"? */
static bool
is_temp_name(const char *name)
{
	size_t n = strlen(name);
	const char *q = n > 15 ? name + n - 14 : NULL;
	return name[0] == '.' && q && !strncmp(q, ".qwlint-", 8);
}

/* Remove the temp files in dir that no run holds: a run that was killed left them (its lock died with it). */
static int
clean_dir(const char *dir, FILE *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int removed = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (!is_temp_name(e->d_name))
			continue;
		char *p = qw_path_join(dir, e->d_name);
		struct stat st;
		int fd = lstat(p, &st) == 0 && S_ISREG(st.st_mode) ? open(p, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) : -1;
		if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0 && unlink(p) == 0) {
			qw_esc_fprintf(out, "Removed %s, left by an interrupted qwlint --fix\n", p);
			removed++;
		}
		if (fd >= 0)
			close(fd);
		free(p);
	}
	closedir(d);
	return removed;
}

int
qw_write_clean(const char *dir, FILE *out)
{
	int removed = clean_dir(dir, out);
	char *bdir = qw_path_join(dir, ".qwlint-backup");
	DIR *d = opendir(bdir);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		char *sub = qw_path_join(bdir, e->d_name);
		removed += clean_dir(sub, out);
		free(sub);
	}
	if (d)
		closedir(d);
	free(bdir);
	return removed;
}

int
qw_write_backup(const char *path, const char *dir, char *err, size_t errlen)
{
	char *parent = qw_dirname(dir);
	bool ok = (mkdir(parent, 0700) == 0 || errno == EEXIST) && (mkdir(dir, 0700) == 0 || errno == EEXIST);
	free(parent);
	if (!ok) {
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
	bool rerr = ferror(in);
	fclose(in);
	if (rerr) {
		snprintf(err, errlen, "cannot read %s", path);
		qw_buf_free(&b);
		return -1;
	}
	char *dst = qw_path_join(dir, qw_basename(path));
	int rc = qw_write_atomic(dst, b.data ? b.data : "", b.len, 0600, err, errlen);
	free(dst);
	qw_buf_free(&b);
	return rc;
}

int
qw_lock_acquire(const char *lock_path, int seconds, char *err, size_t errlen)
{
	int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open the lock %s: %s", lock_path, strerror(errno));
		return -1;
	}
	/* Both kinds of lock: Hermes's Python takes one through the fcntl module (flock(2) in the versions we could
	 * read, a POSIX record lock with lockf), and on Linux the two ignore each other. */
	struct flock fl = {0};
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	bool have_flock = false;
	for (int tries = 0; tries <= seconds * 10; tries++) {
		if (!have_flock)
			have_flock = flock(fd, LOCK_EX | LOCK_NB) == 0;
		if (have_flock && fcntl(fd, F_SETLK, &fl) == 0)
			return fd;
		if (errno != EACCES && errno != EAGAIN && errno != EINTR)
			break;
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	snprintf(err, errlen, "%s is held by another process (Hermes?) for over %d s: %s", lock_path, seconds,
		 strerror(errno));
	close(fd);
	return -1;
}

void
qw_lock_release(int fd)
{
	if (fd >= 0)
		close(fd); /* closing drops the fcntl lock */
}
