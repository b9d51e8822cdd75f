/*
 * fault_shim.c - an LD_PRELOAD library for the --fix tests: makes the I/O of qwlint's writes fail the way a full
 * or broken disk does, or kills qwlint in the middle of them, so the tests can check that every file is left
 * byte-identical to its old or its new text. Reading and linting are never touched.
 *
 * QWLINT_FAULT selects a failure:
 *   enospc   write() to a qwlint temporary file (".*.qwlint-*") fails with ENOSPC
 *   eio      fsync() of such a file fails with EIO
 *   rename   rename() of such a file fails with EIO (rename, renameat, renameat2)
 *   eacces   creating such a file (mkstemp, or openat with O_CREAT) fails with EACCES
 *   append   not a failure but a concurrent writer: when qwlint fsyncs such a file, the line "RACE=1" is appended
 *            to the file it is about to replace (the temp file's name without its leading '.' and its .qwlint-
 *            suffix), as a user or Hermes appending at that moment would. qwlint must not write over it.
 *
 * QWLINT_KILL_AT=N counts the steps of the write path (creating a temp file, each write to it, fsync of a file or
 * a directory, fchmod, fchown, rename, chmod, mkdir, in their *at forms too) and sends SIGKILL to qwlint at step N, before the step runs;
 * a write() is cut in the middle: half its bytes are written, then the process dies. With QWLINT_STEPS_FILE set,
 * the number of steps taken is written there when qwlint exits normally, so a test knows how many kill points
 * there are.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define REAL(type, name, args) \
	static type(*real) args; \
	if (!real)                \
		real = (type(*) args)dlsym(RTLD_NEXT, name)

static long steps;

static int
is_temp_path(const char *path)
{
	return path && strstr(path, ".qwlint-") != NULL;
}

static int
is_temp_fd(int fd)
{
	char link[64], path[4096];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return 0;
	path[n] = '\0';
	return is_temp_path(path);
}

/* "dir/.NAME.qwlint-XXXXXX" or "dir/.NAME.qwlint-tmp-XXXXXX" -> "dir/NAME": the file a temp file replaces. */
static int
temp_target(const char *tmp, char *out, size_t outlen)
{
	const char *slash = strrchr(tmp, '/');
	const char *base = slash ? slash + 1 : tmp;
	const char *mark = strstr(base, ".qwlint-");
	if (base[0] != '.' || !mark || mark == base)
		return -1;
	snprintf(out, outlen, "%.*s%.*s", (int)(base - tmp), tmp, (int)(mark - base - 1), base + 1);
	return 0;
}

static int
fault(const char *name)
{
	const char *f = getenv("QWLINT_FAULT");
	return f && !strcmp(f, name);
}

/* One step of the write path: true when this is the step to die at. */
static int
step(void)
{
	const char *k = getenv("QWLINT_KILL_AT");
	return ++steps == (k ? atol(k) : 0);
}

static void
die(void)
{
	kill(getpid(), SIGKILL);
	pause();
}

__attribute__((destructor)) static void
report_steps(void)
{
	const char *f = getenv("QWLINT_STEPS_FILE");
	FILE *fp = f ? fopen(f, "w") : NULL;
	if (fp) {
		fprintf(fp, "%ld\n", steps);
		fclose(fp);
	}
}

int
mkstemp(char *tmpl)
{
	REAL(int, "mkstemp", (char *));
	if (is_temp_path(tmpl)) {
		if (step())
			die();
		if (fault("eacces")) {
			errno = EACCES;
			return -1;
		}
	}
	return real(tmpl);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	REAL(ssize_t, "write", (int, const void *, size_t));
	if (fd > 2 && is_temp_fd(fd)) {
		if (step()) {
			real(fd, buf, n / 2);
			die();
		}
		if (fault("enospc")) {
			errno = ENOSPC;
			return -1;
		}
	}
	return real(fd, buf, n);
}

/* QWLINT_FAULT=append: another writer appends to the file that the temp file fd is about to replace. */
static void
race_append(int fd)
{
	REAL(ssize_t, "write", (int, const void *, size_t));
	char link[64], path[4096], target[4096];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof(path) - 1);
	if (n <= 0)
		return;
	path[n] = '\0';
	if (strstr(path, "/.qwlint-backup/") || temp_target(path, target, sizeof(target)) != 0)
		return;
	int t = open(target, O_WRONLY | O_APPEND);
	if (t >= 0) {
		real(t, "RACE=1\n", 7);
		close(t);
	}
}

int
fsync(int fd)
{
	REAL(int, "fsync", (int));
	int temp = is_temp_fd(fd);
	if (step())
		die();
	if (fault("append") && temp)
		race_append(fd);
	if (fault("eio") && temp) {
		errno = EIO;
		return -1;
	}
	return real(fd);
}

int
fchmod(int fd, mode_t mode)
{
	REAL(int, "fchmod", (int, mode_t));
	if (step())
		die();
	return real(fd, mode);
}

int
fchown(int fd, uid_t uid, gid_t gid)
{
	REAL(int, "fchown", (int, uid_t, gid_t));
	if (step())
		die();
	return real(fd, uid, gid);
}

int
chmod(const char *path, mode_t mode)
{
	REAL(int, "chmod", (const char *, mode_t));
	if (step())
		die();
	return real(path, mode);
}

int
mkdir(const char *path, mode_t mode)
{
	REAL(int, "mkdir", (const char *, mode_t));
	if (step())
		die();
	return real(path, mode);
}

int
rename(const char *from, const char *to)
{
	REAL(int, "rename", (const char *, const char *));
	if (is_temp_path(from)) {
		if (step())
			die();
		if (fault("rename")) {
			errno = EIO;
			return -1;
		}
	}
	return real(from, to);
}

static int
openat_common(int dfd, const char *path, int flags, mode_t mode, int (*real)(int, const char *, int, ...))
{
	if ((flags & O_CREAT) && is_temp_path(path)) {
		if (step())
			die();
		if (fault("eacces")) {
			errno = EACCES;
			return -1;
		}
	}
	return real(dfd, path, flags, mode);
}

int
openat(int dfd, const char *path, int flags, ...)
{
	REAL(int, "openat", (int, const char *, int, ...));
	mode_t mode = 0;
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return openat_common(dfd, path, flags, mode, real);
}

int
openat64(int dfd, const char *path, int flags, ...)
{
	REAL(int, "openat64", (int, const char *, int, ...));
	mode_t mode = 0;
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	return openat_common(dfd, path, flags, mode, real);
}

int
mkdirat(int dfd, const char *path, mode_t mode)
{
	REAL(int, "mkdirat", (int, const char *, mode_t));
	if (step())
		die();
	return real(dfd, path, mode);
}

int
renameat(int fromdfd, const char *from, int todfd, const char *to)
{
	REAL(int, "renameat", (int, const char *, int, const char *));
	if (is_temp_path(from)) {
		if (step())
			die();
		if (fault("rename")) {
			errno = EIO;
			return -1;
		}
	}
	return real(fromdfd, from, todfd, to);
}

int
renameat2(int fromdfd, const char *from, int todfd, const char *to, unsigned int flags)
{
	REAL(int, "renameat2", (int, const char *, int, const char *, unsigned int));
	if (is_temp_path(from)) {
		if (step())
			die();
		if (fault("rename")) {
			errno = EIO;
			return -1;
		}
	}
	return real(fromdfd, from, todfd, to, flags);
}
