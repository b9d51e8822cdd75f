/*
 * fault_shim.c - an LD_PRELOAD library for the --fix tests: makes the I/O of qwlint's writes fail the way a full
 * or broken disk does, or kills qwlint in the middle of them, so the tests can check that every file is left
 * byte-identical to its old or its new text. Reading and linting are never touched.
 *
 * QWLINT_FAULT selects a failure:
 *   enospc   write() to a qwlint temporary file (".*.qwlint-*") fails with ENOSPC
 *   eio      fsync() of such a file fails with EIO
 *   rename   rename() of such a file fails with EIO
 *   eacces   creating such a file (mkstemp) fails with EACCES
 *
 * QWLINT_KILL_AT=N counts the steps of the write path (creating a temp file, each write to it, fsync of a file or
 * a directory, fchmod, fchown, rename, chmod, mkdir) and sends SIGKILL to qwlint at step N, before the step runs;
 * a write() is cut in the middle: half its bytes are written, then the process dies. With QWLINT_STEPS_FILE set,
 * the number of steps taken is written there when qwlint exits normally, so a test knows how many kill points
 * there are.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
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

int
fsync(int fd)
{
	REAL(int, "fsync", (int));
	int temp = is_temp_fd(fd);
	if (step())
		die();
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
