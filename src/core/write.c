/* write.c - see write.h. */
#define _GNU_SOURCE
#include "write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#if defined(__has_include)
#if __has_include(<linux/openat2.h>)
#include <linux/openat2.h>
#define QW_HAVE_OPENAT2 1
#endif
#endif

#include "escape.h"
#include "util.h"

/* A temp file's name is ".<name>" + TEMP_MARK + TEMP_SUFFIX letters or digits (mkstemp's alphabet and length):
 * a shape no hand-made name such as ".env.qwlint-backup" or ".notes.qwlint-v2.txt" has, and which the cleanup
 * matches exactly, <name> included (qw_write_clean). */
#define TEMP_MARK ".qwlint-tmp-"
#define TEMP_SUFFIX 6
#define BACKUP_DIR ".qwlint-backup"

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

static const char *
kind_of(mode_t m)
{
	return S_ISDIR(m) ? "a directory" : S_ISFIFO(m) ? "a FIFO" : S_ISSOCK(m) ? "a socket"
	     : S_ISCHR(m) || S_ISBLK(m) ? "a device" : S_ISLNK(m) ? "a symbolic link" : "not a regular file";
}

/* May qwlint treat a file or directory found in a directory as its own or the home's (write in it, take its lock,
 * delete it as a leftover)? Only if qwlint's user or the directory's owner owns it: never a third user's. */
static bool
may_own(const struct stat *st, const struct stat *dir)
{
	return st->st_uid == geteuid() || st->st_uid == dir->st_uid;
}

/* A directory, as a descriptor. no_links: path is canonical (realpath's), so any symbolic link on it now was
 * swapped in since: refuse it (openat2 RESOLVE_NO_SYMLINKS; without openat2, only the last component is
 * checked). Otherwise the path is the one the user named and is followed as named. */
static int
open_dir(const char *path, bool no_links)
{
#if defined(QW_HAVE_OPENAT2) && defined(SYS_openat2)
	if (no_links) {
		struct open_how how = {0};
		how.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
		how.resolve = RESOLVE_NO_SYMLINKS;
		int fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
		if (fd >= 0 || (errno != ENOSYS && errno != EINVAL && errno != EPERM))
			return fd;
	}
#endif
	return open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | (no_links ? O_NOFOLLOW : 0));
}

/* The file a write to a path reaches: its directory, open, and its name there (one component, never followed).
 * A symbolic link the user named is resolved once, here, to its target. */
typedef struct pinned {
	int dfd;
	char *dir, *name;
	struct stat dst; /* the directory */
	struct stat st;  /* the file, when it exists */
	bool exists;
} pinned;

static void
unpin(pinned *p)
{
	if (p->dfd >= 0)
		close(p->dfd);
	free(p->dir);
	free(p->name);
	p->dfd = -1;
	p->dir = p->name = NULL;
}

static int
pin_at(pinned *p, const char *path, bool no_links, char *err, size_t errlen)
{
	free(p->dir);
	free(p->name);
	if (p->dfd >= 0)
		close(p->dfd);
	p->dir = qw_dirname(path);
	p->name = qw_xstrdup(qw_basename(path));
	p->dfd = open_dir(p->dir, no_links);
	if (p->dfd < 0 || fstat(p->dfd, &p->dst) != 0) {
		snprintf(err, errlen, "cannot open the directory %s: %s", p->dir, strerror(errno));
		return -1;
	}
	p->exists = fstatat(p->dfd, p->name, &p->st, AT_SYMLINK_NOFOLLOW) == 0;
	if (!p->exists && errno != ENOENT) {
		snprintf(err, errlen, "cannot read its status: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* verb: "rewritten" or "created", for the refusals. */
static int
pin(const char *path, const char *verb, pinned *p, char *err, size_t errlen)
{
	*p = (pinned){.dfd = -1};
	if (pin_at(p, path, false, err, errlen) != 0)
		return -1;
	if (!p->exists || !S_ISLNK(p->st.st_mode))
		return 0;
	char *real = realpath(path, NULL);
	if (!real) {
		if (errno == ENOENT)
			snprintf(err, errlen, "is a dangling symbolic link; not %s", verb);
		else
			snprintf(err, errlen, "cannot resolve the symbolic link: %s", strerror(errno));
		return -1;
	}
	int rc = pin_at(p, real, true, err, errlen);
	free(real);
	if (rc == 0 && (!p->exists || S_ISLNK(p->st.st_mode))) {
		snprintf(err, errlen, "its symbolic link changed while qwlint resolved it; not %s", verb);
		rc = -1;
	}
	return rc;
}

static bool
in_groups(gid_t g)
{
	if (g == getegid())
		return true;
	gid_t v[NGROUPS_MAX];
	int n = getgroups(NGROUPS_MAX, v);
	for (int i = 0; i < n; i++)
		if (v[i] == g)
			return true;
	return false;
}

/* A rewrite keeps the file's owner and group (fchown of the temp file); as another user than root, qwlint can
 * only give a file its own user and a group it is in. Refused beforehand rather than silently changed. */
static int
owner_keepable(const struct stat *st, char *err, size_t errlen)
{
	if (geteuid() == 0)
		return 0;
	if (st->st_uid != geteuid()) {
		snprintf(err, errlen, "is owned by UID %lu; rewriting it would change its owner; not rewritten",
			 (unsigned long)st->st_uid);
		return -1;
	}
	if (!in_groups(st->st_gid)) {
		snprintf(err, errlen, "belongs to GID %lu, a group qwlint's user is not in; rewriting it would change its "
			 "group; not rewritten", (unsigned long)st->st_gid);
		return -1;
	}
	return 0;
}

/* A file to rewrite: a regular, writable, singly linked file whose owner can be kept. */
static int
refuse(const struct stat *st, char *err, size_t errlen)
{
	if (!S_ISREG(st->st_mode)) {
		snprintf(err, errlen, "is %s, not a regular file; not rewritten", kind_of(st->st_mode));
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
	return owner_keepable(st, err, errlen);
}

/* A file to create that is there already. A regular file appeared meanwhile; anything else never goes away by
 * running again, so the message says what it is (#28). */
static int
create_refusal(const struct stat *st, char *err, size_t errlen)
{
	if (S_ISREG(st->st_mode)) {
		snprintf(err, errlen, "was created by another process meanwhile; not written over");
		return QW_WRITE_CHANGED;
	}
	snprintf(err, errlen, "is %s, not a regular file, so it was not created", kind_of(st->st_mode));
	return -1;
}

int
qw_write_check(const char *path, bool creating, char *err, size_t errlen)
{
	pinned p;
	int rc = pin(path, creating ? "created" : "rewritten", &p, err, errlen);
	if (rc == 0 && creating && p.exists)
		rc = create_refusal(&p.st, err, errlen) ? -1 : 0;
	else if (rc == 0 && !creating && !p.exists) {
		snprintf(err, errlen, "no longer exists; not rewritten");
		rc = -1;
	} else if (rc == 0 && !creating)
		rc = refuse(&p.st, err, errlen);
	unpin(&p);
	return rc;
}

int
qw_write_chmod(const char *path, unsigned mode, char *err, size_t errlen)
{
	pinned p;
	int rc = pin(path, "changed", &p, err, errlen);
	if (rc == 0 && (!p.exists || !S_ISREG(p.st.st_mode))) {
		snprintf(err, errlen, "is no longer a regular file; its mode is not changed");
		rc = -1;
	}
	/* O_PATH reaches a file qwlint may not read; chmod of its /proc/self/fd link changes exactly that inode */
	int fd = rc == 0 ? openat(p.dfd, p.name, O_PATH | O_NOFOLLOW | O_CLOEXEC) : -1;
	struct stat st;
	if (rc == 0 && (fd < 0 || fstat(fd, &st) != 0 || st.st_ino != p.st.st_ino || st.st_dev != p.st.st_dev)) {
		snprintf(err, errlen, "changed while qwlint opened it; its mode is not changed");
		rc = -1;
	}
	if (rc == 0) {
		char proc[64];
		snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
		if (chmod(proc, (mode_t)mode) != 0) {
			snprintf(err, errlen, "cannot change the mode to %04o: %s", mode, strerror(errno));
			rc = -1;
		}
	}
	if (fd >= 0)
		close(fd);
	unpin(&p);
	return rc;
}

/* A new temp file beside name in dfd, created 0600 (a key file is never briefly world-readable), never through a
 * link. Returns the descriptor and sets *tmpname, or -1 with errno. */
static int
make_temp(int dfd, const char *name, char **tmpname)
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	static unsigned counter;
	for (int tries = 0; tries < 100; tries++) {
		unsigned char r[TEMP_SUFFIX];
		if (getrandom(r, sizeof(r), GRND_NONBLOCK) != (ssize_t)sizeof(r)) {
			unsigned long x = (unsigned long)time(NULL) ^ ((unsigned long)getpid() << 16) ^ ++counter * 2654435761u;
			for (size_t i = 0; i < sizeof(r); i++, x /= 62)
				r[i] = (unsigned char)(x % 62);
		}
		char suffix[TEMP_SUFFIX + 1];
		for (size_t i = 0; i < TEMP_SUFFIX; i++)
			suffix[i] = alphabet[r[i] % 62];
		suffix[TEMP_SUFFIX] = '\0';
		char *t = qw_xprintf(".%s%s%s", name, TEMP_MARK, suffix);
		int fd = openat(dfd, t, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0) {
			*tmpname = t;
			return fd;
		}
		free(t);
		if (errno != EEXIST)
			return -1;
	}
	errno = EEXIST;
	return -1;
}

/* The new bytes in a temp file beside name: written, fsync'ed, given owner (uid/gid, (uid_t)-1 to leave it) and
 * mode. The descriptor, locked until the caller closes it after the rename (a later run deletes only temp files
 * nobody holds: qw_write_clean), or -1 with err and no temp file left. */
static int
write_temp(int dfd, const char *dir, const char *name, const char *data, size_t len, unsigned mode, uid_t uid,
	   gid_t gid, char **tmpname, char *err, size_t errlen)
{
	int fd = make_temp(dfd, name, tmpname);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create a temporary file in %s: %s", dir, strerror(errno));
		return -1;
	}
	(void)flock(fd, LOCK_EX);
	int rc = -1;
	if (write_all(fd, data, len) != 0)
		snprintf(err, errlen, "write failed: %s", strerror(errno));
	else if (fsync(fd) != 0)
		snprintf(err, errlen, "fsync failed: %s", strerror(errno));
	else if (fchmod(fd, (mode_t)mode) != 0)
		snprintf(err, errlen, "cannot keep the file mode: %s", strerror(errno));
	else if (uid != (uid_t)-1 && fchown(fd, uid, gid) != 0)
		snprintf(err, errlen, "cannot give it the owner UID %lu and group GID %lu (%s); not written",
			 (unsigned long)uid, (unsigned long)gid, strerror(errno));
	else
		rc = 0;
	if (rc != 0) {
		close(fd);
		unlinkat(dfd, *tmpname, 0);
		free(*tmpname);
		*tmpname = NULL;
		return -1;
	}
	return fd;
}

/* Give a new file its name, never replacing anything there (RENAME_NOREPLACE, or link(2) where a file system has
 * no renameat2). The temp name is gone afterwards whatever happens. */
static int
commit_new(int dfd, const char *tmp, const char *name, char *err, size_t errlen)
{
	int rc = renameat2(dfd, tmp, dfd, name, RENAME_NOREPLACE);
	if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
		rc = linkat(dfd, tmp, dfd, name, 0);
		if (rc == 0)
			unlinkat(dfd, tmp, 0);
	}
	if (rc == 0)
		return 0;
	int e = errno;
	unlinkat(dfd, tmp, 0);
	if (e == EEXIST) {
		snprintf(err, errlen, "was created by another process meanwhile; not written over");
		return QW_WRITE_CHANGED;
	}
	snprintf(err, errlen, "cannot create the file: %s", strerror(e));
	return -1;
}

/* Does fd (the file being replaced) still hold exactly expect? */
static bool
holds(int fd, const char *expect, size_t n)
{
	struct stat st;
	if (fstat(fd, &st) != 0 || st.st_size < 0 || (size_t)st.st_size != n)
		return false;
	char chunk[8192];
	size_t at = 0;
	while (at <= n) {
		ssize_t r = pread(fd, chunk, sizeof(chunk), (off_t)at);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || (size_t)r > n - at || memcmp(chunk, expect + at, (size_t)r))
			return false;
		if (r == 0)
			return at == n;
		at += (size_t)r;
	}
	return false;
}

/* A write lease (F_SETLEASE) on the file being replaced: while qwlint holds it, another process that opens the
 * file waits in open(2) until qwlint lets go, and qwlint sees that it tried (F_GETLEASE). Granted only to the
 * file's owner or root, and only while nobody else has the file open: a writer in the middle of an append is
 * waited out, for up to 2 s. Some file systems have no leases. */
static bool
take_lease(int fd)
{
	for (int i = 0; i < 2000; i++) {
		if (fcntl(fd, F_SETLEASE, F_WRLCK) == 0)
			return true;
		if (errno != EAGAIN)
			return false;
		struct timespec ts = {0, 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	return false;
}

static bool
same_file(int dfd, const char *name, int fd)
{
	struct stat a, b;
	return fstatat(dfd, name, &a, AT_SYMLINK_NOFOLLOW) == 0 && fstat(fd, &b) == 0 && a.st_ino == b.st_ino &&
	       a.st_dev == b.st_dev;
}

/*
 * Replace p's file by the temp file, only if it still holds `expect` (#3). .env and config.yaml have no lock that
 * editors or Hermes honour, so a concurrent writer is caught rather than excluded:
 *   1. the file is opened (never through a link) and a write lease taken on it where the kernel grants one;
 *   2. its bytes are compared with what qwlint read;
 *   3. renameat2(RENAME_EXCHANGE) swaps in the new file: the old one stays linked, under the temp name;
 *   4. after 2 ms (for an open that had looked the name up just before the swap to reach the lease), the old
 *      file must still be the one compared, still hold the same bytes, and, with a lease, nobody may have opened
 *      it to write since step 1. Then it is deleted. Otherwise the swap is undone and nothing was written.
 * What is left: with a lease, an open whose lookup preceded the swap by more than the 2 ms and that reaches the
 * lease only after step 4; without one (another user's file, a file system without leases), a write to the old
 * file between the last read of step 4 and its deletion (microseconds) by a process that had it open before.
 * auth.json is also rewritten under Hermes's auth.lock, which Hermes honours.
 */
static int
replace_checked(const pinned *p, const char *tmp, const char *expect, size_t n, char *err, size_t errlen)
{
	int ofd = openat(p->dfd, p->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (ofd < 0) {
		snprintf(err, errlen, "changed on disk (%s) while qwlint was writing it", strerror(errno));
		unlinkat(p->dfd, tmp, 0);
		return QW_WRITE_CHANGED;
	}
	struct sigaction ignore = {.sa_handler = SIG_IGN}, old;
	sigaction(SIGIO, &ignore, &old); /* a broken lease is signalled; SIGIO would end qwlint */
	bool lease = take_lease(ofd);
	int rc = QW_WRITE_CHANGED;
	bool tmp_is_ours = true; /* which file the temp name holds: the new text, or (after the swap) the old one */
	if (!holds(ofd, expect, n)) {
		snprintf(err, errlen, "changed on disk while qwlint was writing it");
	} else if (renameat2(p->dfd, tmp, p->dfd, p->name, RENAME_EXCHANGE) != 0) {
		if (errno == EINVAL || errno == ENOSYS) {
			/* no exchange on this file system: a plain rename, right after the comparison */
			rc = renameat(p->dfd, tmp, p->dfd, p->name) == 0 ? 0 : -1;
			if (rc == 0)
				tmp = NULL; /* the name is the file's now */
		} else {
			rc = -1;
		}
		if (rc != 0)
			snprintf(err, errlen, "cannot replace the file: %s", strerror(errno));
	} else {
		tmp_is_ours = false;
		struct timespec ts = {0, 2 * 1000 * 1000};
		nanosleep(&ts, NULL);
		bool same = same_file(p->dfd, tmp, ofd) && holds(ofd, expect, n) &&
			    (!lease || fcntl(ofd, F_GETLEASE) != F_UNLCK);
		if (same) {
			rc = 0;
		} else if (renameat2(p->dfd, tmp, p->dfd, p->name, RENAME_EXCHANGE) == 0) {
			tmp_is_ours = true;
			snprintf(err, errlen, "changed on disk while qwlint was writing it");
		} else {
			snprintf(err, errlen, "changed on disk while qwlint replaced it, and putting it back failed (%s): "
				 "its previous text is in %s/%s", strerror(errno), p->dir, tmp);
			rc = -1;
			tmp = NULL; /* kept: it is the only copy of what the other writer wrote */
		}
	}
	if (tmp && (rc == 0 || tmp_is_ours))
		unlinkat(p->dfd, tmp, 0);
	if (lease)
		fcntl(ofd, F_SETLEASE, F_UNLCK);
	sigaction(SIGIO, &old, NULL);
	close(ofd);
	return rc;
}

int
qw_write_atomic(const char *path, const char *data, size_t len, const char *expect, size_t expect_len,
		unsigned create_mode, char *err, size_t errlen)
{
	bool creating = !expect;
	pinned p;
	int rc = pin(path, creating ? "created" : "rewritten", &p, err, errlen);
	if (rc == 0 && creating && p.exists)
		rc = create_refusal(&p.st, err, errlen);
	else if (rc == 0 && !creating && !p.exists) {
		snprintf(err, errlen, "changed on disk (it was removed) while qwlint was writing it");
		rc = QW_WRITE_CHANGED;
	} else if (rc == 0 && !creating)
		rc = refuse(&p.st, err, errlen);
	if (rc != 0) {
		unpin(&p);
		return rc;
	}
	/* the owner and group kept; a created file takes its directory's when root creates it (#16) */
	uid_t uid = creating ? (geteuid() == 0 ? p.dst.st_uid : (uid_t)-1) : p.st.st_uid;
	gid_t gid = creating ? p.dst.st_gid : p.st.st_gid;
	mode_t mode = creating ? (mode_t)create_mode : p.st.st_mode & 07777;
	char *tmp = NULL;
	int fd = write_temp(p.dfd, p.dir, p.name, data, len, mode, uid, gid, &tmp, err, errlen);
	if (fd < 0) {
		rc = -1;
	} else {
		/* renamed while still open and locked, so no other run ever sees it unlocked under its temp name */
		rc = creating ? commit_new(p.dfd, tmp, p.name, err, errlen)
			      : replace_checked(&p, tmp, expect, expect_len, err, errlen);
		close(fd);
		if (rc == 0)
			fsync(p.dfd); /* the bytes were fsync'ed: a failing close() or directory fsync loses nothing */
	}
	free(tmp);
	unpin(&p);
	return rc;
}

/* Is name one of the temp files of a file in names: ".<name>" TEMP_MARK and TEMP_SUFFIX letters or digits? */
static bool
is_temp_name(const char *name, const char *const *names, size_t nn)
{
	size_t l = strlen(name), ml = strlen(TEMP_MARK);
	if (name[0] != '.' || l < 2 + ml + TEMP_SUFFIX)
		return false;
	const char *suffix = name + l - TEMP_SUFFIX;
	for (size_t i = 0; i < TEMP_SUFFIX; i++) {
		char c = suffix[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
			return false;
	}
	const char *mark = suffix - ml;
	if (memcmp(mark, TEMP_MARK, ml))
		return false;
	size_t nl = (size_t)(mark - name - 1);
	for (size_t i = 0; i < nn; i++)
		if (strlen(names[i]) == nl && !memcmp(name + 1, names[i], nl))
			return true;
	return false;
}

/* Remove the temp files in the directory dfd that no run holds: a run that was killed left them (its lock died
 * with it). Only regular files with one link, owned by qwlint's user or the directory's owner, are considered,
 * and the file unlinked is the one checked. */
static int
clean_fd(int dfd, const char *shown, const char *const *names, size_t nn, FILE *out)
{
	struct stat dst;
	/* a descriptor of its own: a dup() would share the offset of a listing the caller is in the middle of */
	int dd = fstat(dfd, &dst) == 0 ? openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	DIR *d = dd >= 0 ? fdopendir(dd) : NULL;
	if (!d) {
		if (dd >= 0)
			close(dd);
		return 0;
	}
	int removed = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		struct stat st, fst;
		if (!is_temp_name(e->d_name, names, nn) || fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || st.st_nlink != 1 || !may_own(&st, &dst))
			continue;
		int fd = openat(dfd, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0 && fstat(fd, &fst) == 0 && fst.st_ino == st.st_ino && fst.st_dev == st.st_dev &&
		    flock(fd, LOCK_EX | LOCK_NB) == 0 && same_file(dfd, e->d_name, fd) && unlinkat(dfd, e->d_name, 0) == 0) {
			char *p = qw_path_join(shown, e->d_name);
			qw_esc_fprintf(out, "Removed %s, left by an interrupted qwlint --fix\n", p);
			free(p);
			removed++;
		}
		if (fd >= 0)
			close(fd);
	}
	closedir(d);
	return removed;
}

int
qw_write_clean(const char *dir, const char *const *names, size_t nnames, FILE *out)
{
	int dfd = open_dir(dir, false);
	if (dfd < 0)
		return 0;
	int removed = clean_fd(dfd, dir, names, nnames, out);
	/* .qwlint-backup and its <stamp> directories, where backups are written: never through a link, no deeper */
	int bfd = openat(dfd, BACKUP_DIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int bd = bfd >= 0 ? openat(bfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	DIR *d = bd >= 0 ? fdopendir(bd) : NULL;
	if (d) {
		char *bshown = qw_path_join(dir, BACKUP_DIR);
		removed += clean_fd(bfd, bshown, names, nnames, out);
		struct dirent *e;
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			int sfd = openat(bfd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sfd < 0)
				continue;
			char *sub = qw_path_join(bshown, e->d_name);
			removed += clean_fd(sfd, sub, names, nnames, out);
			free(sub);
			close(sfd);
		}
		closedir(d);
		free(bshown);
	} else if (bd >= 0) {
		close(bd);
	}
	if (bfd >= 0)
		close(bfd);
	close(dfd);
	return removed;
}

/* The directory name in pfd, created 0700 if missing, else accepted only as a directory (not a link) owned by
 * qwlint's user or the home's owner (home). One root creates takes the home's owner. Returns its descriptor or
 * -1 with err. */
static int
backup_subdir(int pfd, const char *pshown, const char *name, const struct stat *home, char *err, size_t errlen)
{
	bool made = mkdirat(pfd, name, 0700) == 0;
	if (!made && errno != EEXIST) {
		snprintf(err, errlen, "cannot create %s/%s: %s", pshown, name, strerror(errno));
		return -1;
	}
	int fd = openat(pfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		int e = errno;
		struct stat lst;
		bool link = fstatat(pfd, name, &lst, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(lst.st_mode);
		snprintf(err, errlen, "%s/%s %s; no backup is written through it", pshown, name,
			 link || e == ELOOP ? "is a symbolic link" : e == ENOTDIR ? "is not a directory" : strerror(e));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (!may_own(&st, home)) {
		snprintf(err, errlen, "%s/%s is owned by UID %lu, neither qwlint's user nor the home's owner; no backup is "
			 "written in it", pshown, name, (unsigned long)st.st_uid);
		close(fd);
		return -1;
	}
	if (made && geteuid() == 0 && home->st_uid != 0 && fchown(fd, home->st_uid, home->st_gid) != 0) {
		snprintf(err, errlen, "cannot give %s/%s the home's owner: %s", pshown, name, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/* A new file name in dfd with data, mode 0600, never replacing anything: 0, QW_WRITE_CHANGED if the name is
 * taken, or -1, with err. */
static int
write_new(int dfd, const char *shown, const char *name, const char *data, size_t len, const struct stat *home,
	  char *err, size_t errlen)
{
	char *tmp = NULL;
	int fd = write_temp(dfd, shown, name, data, len, 0600, geteuid() == 0 ? home->st_uid : (uid_t)-1,
			    home->st_gid, &tmp, err, errlen);
	if (fd < 0)
		return -1;
	int rc = commit_new(dfd, tmp, name, err, errlen);
	close(fd);
	free(tmp);
	if (rc == 0)
		fsync(dfd);
	return rc;
}

int
qw_write_backup(const char *path, const char *data, size_t len, const char *stamp, char *err, size_t errlen)
{
	char *dir = qw_dirname(path);
	char *bshown = qw_path_join(dir, BACKUP_DIR);
	char *sshown = qw_path_join(bshown, stamp);
	struct stat home;
	int hfd = open_dir(dir, false), bfd = -1, sfd = -1, rc = -1;
	if (hfd < 0 || fstat(hfd, &home) != 0) {
		snprintf(err, errlen, "cannot open the directory %s: %s", dir, strerror(errno));
		goto out;
	}
	bfd = backup_subdir(hfd, dir, BACKUP_DIR, &home, err, errlen);
	if (bfd < 0)
		goto out;
	/* A .gitignore of "*" ignores everything in .qwlint-backup, itself included: a home inside a git work tree
	 * never stages a copy of auth.json's tokens (#12), and nothing is written outside the home to get there. */
	struct stat st;
	if (fstatat(bfd, ".gitignore", &st, AT_SYMLINK_NOFOLLOW) != 0 &&
	    write_new(bfd, bshown, ".gitignore", "*\n", 2, &home, err, errlen) == -1)
		goto out;
	sfd = backup_subdir(bfd, bshown, stamp, &home, err, errlen);
	if (sfd < 0)
		goto out;
	rc = write_new(sfd, sshown, qw_basename(path), data, len, &home, err, errlen);
	if (rc == QW_WRITE_CHANGED) {
		snprintf(err, errlen, "%s/%s already exists; not written over", sshown, qw_basename(path));
		rc = -1;
	}
out:
	if (sfd >= 0)
		close(sfd);
	if (bfd >= 0)
		close(bfd);
	if (hfd >= 0)
		close(hfd);
	free(sshown);
	free(bshown);
	free(dir);
	return rc;
}

/* dir/auth.lock, opened to lock: created (0600, the directory's owner when root creates it) or an existing
 * regular file, not a link, owned by qwlint's user or the directory's owner (#7). -1 with err. */
static int
open_lock(const char *dir, char *err, size_t errlen)
{
	char *shown = qw_path_join(dir, "auth.lock");
	struct stat dst, st, fst;
	int fd = -1, dfd = open_dir(dir, false);
	if (dfd < 0 || fstat(dfd, &dst) != 0) {
		snprintf(err, errlen, "cannot open the directory %s: %s", dir, strerror(errno));
		goto out;
	}
	fd = openat(dfd, "auth.lock", O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd >= 0) {
		if (geteuid() == 0 && dst.st_uid != 0 && fchown(fd, dst.st_uid, dst.st_gid) != 0) {
			snprintf(err, errlen, "cannot give the lock %s its directory's owner: %s", shown, strerror(errno));
			close(fd);
			fd = -1;
		}
		goto out;
	}
	if (errno != EEXIST) {
		snprintf(err, errlen, "cannot create the lock %s: %s", shown, strerror(errno));
		goto out;
	}
	if (fstatat(dfd, "auth.lock", &st, AT_SYMLINK_NOFOLLOW) != 0) {
		snprintf(err, errlen, "cannot open the lock %s: %s", shown, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || !may_own(&st, &dst)) {
		if (!S_ISREG(st.st_mode))
			snprintf(err, errlen, "the lock %s is %s, not a regular file; refused", shown, kind_of(st.st_mode));
		else
			snprintf(err, errlen, "the lock %s is owned by UID %lu, neither qwlint's user nor the directory's "
				 "owner; refused", shown, (unsigned long)st.st_uid);
		goto out;
	}
	fd = openat(dfd, "auth.lock", O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &fst) != 0 || fst.st_ino != st.st_ino || fst.st_dev != st.st_dev) {
		snprintf(err, errlen, "cannot open the lock %s: %s", shown, fd < 0 ? strerror(errno) : "it changed");
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
out:
	if (dfd >= 0)
		close(dfd);
	free(shown);
	return fd;
}

int
qw_lock_acquire(const char *dir, int seconds, char *err, size_t errlen)
{
	int fd = open_lock(dir, err, errlen);
	if (fd < 0)
		return -1;
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
	char *shown = qw_path_join(dir, "auth.lock");
	snprintf(err, errlen, "%s is held by another process (Hermes?) for over %d s: %s", shown, seconds,
		 strerror(errno));
	free(shown);
	close(fd);
	return -1;
}

void
qw_lock_release(int fd)
{
	if (fd >= 0)
		close(fd); /* closing drops the fcntl lock */
}

int
qw_write_report(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	pinned p = {.dfd = -1};
	char *old = NULL;
	size_t oldlen = 0;
	/* pinned without resolving a link at path: its directory is opened, the name never followed */
	int rc = pin_at(&p, path, false, err, errlen);
	if (rc == 0 && p.exists && S_ISLNK(p.st.st_mode)) {
		snprintf(err, errlen, "is a symbolic link; a report is never written through one");
		rc = -1;
	} else if (rc == 0 && p.exists) {
		rc = refuse(&p.st, err, errlen);
	}
	if (rc == 0 && p.exists) {
		/* the bytes there now, so that replace_checked notices a writer that comes between */
		int fd = openat(p.dfd, p.name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		qw_buf b = {0};
		char chunk[65536];
		ssize_t n = 0;
		while (fd >= 0 && (n = read(fd, chunk, sizeof(chunk))) > 0)
			qw_buf_add(&b, chunk, (size_t)n);
		if (fd < 0 || n < 0) {
			snprintf(err, errlen, "cannot read it: %s", strerror(errno));
			rc = -1;
		}
		if (fd >= 0)
			close(fd);
		oldlen = b.len;
		old = b.data ? qw_buf_steal(&b) : qw_xstrdup("");
	}
	if (rc != 0) {
		free(old);
		unpin(&p);
		return rc;
	}
	mode_t um = umask(0);
	umask(um);
	uid_t uid = p.exists ? p.st.st_uid : (geteuid() == 0 ? p.dst.st_uid : (uid_t)-1);
	gid_t gid = p.exists ? p.st.st_gid : p.dst.st_gid;
	mode_t mode = p.exists ? p.st.st_mode & 07777 : (0644 & ~um);
	char *tmp = NULL;
	int fd = write_temp(p.dfd, p.dir, p.name, data, len, mode, uid, gid, &tmp, err, errlen);
	if (fd < 0) {
		rc = -1;
	} else {
		rc = p.exists ? replace_checked(&p, tmp, old, oldlen, err, errlen) : commit_new(p.dfd, tmp, p.name, err, errlen);
		close(fd);
		if (rc == 0)
			fsync(p.dfd);
	}
	free(tmp);
	free(old);
	unpin(&p);
	return rc;
}
