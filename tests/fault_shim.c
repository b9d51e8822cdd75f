/*
 * fault_shim.c - an LD_PRELOAD library for the CLI tests: makes the I/O of qwlint's atomic writes fail the way a
 * full or broken disk does, so the tests can check that the original file stays byte-identical and no temporary
 * file is left. QWLINT_FAULT selects the failure:
 *   enospc   write() to a qwlint temporary file (".*.qwlint-*") fails with ENOSPC
 *   eio      fsync() of such a file fails with EIO
 *   rename   rename() of such a file fails with EIO
 * Other files are untouched, so reading and linting work as usual.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
is_temp_fd(int fd)
{
	char link[64], path[4096];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return 0;
	path[n] = '\0';
	return strstr(path, ".qwlint-") != NULL;
}

static int
fault(const char *name)
{
	const char *f = getenv("QWLINT_FAULT");
	return f && !strcmp(f, name);
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	static ssize_t (*real)(int, const void *, size_t);
	if (!real)
		real = (ssize_t(*)(int, const void *, size_t))dlsym(RTLD_NEXT, "write");
	if (fault("enospc") && is_temp_fd(fd)) {
		errno = ENOSPC;
		return -1;
	}
	return real(fd, buf, n);
}

int
fsync(int fd)
{
	static int (*real)(int);
	if (!real)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	if (fault("eio") && is_temp_fd(fd)) {
		errno = EIO;
		return -1;
	}
	return real(fd);
}

int
rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	if (!real)
		real = (int (*)(const char *, const char *))dlsym(RTLD_NEXT, "rename");
	if (fault("rename") && strstr(from, ".qwlint-")) {
		errno = EIO;
		return -1;
	}
	return real(from, to);
}
