/*
 * write.h - replacing a file's contents so that a crash leaves either the old or the new bytes, never a mix
 * (redis's CONFIG REWRITE sequence): a temp file in the same directory, a full write, fsync, the original mode
 * and owner, an exchange with the original that is checked and undone if someone else wrote meanwhile, fsync of
 * the directory.
 *
 * Every file written, created, locked, chmodded or deleted is reached through a descriptor of its directory, with
 * the last component never followed (openat/fstatat/unlinkat with O_NOFOLLOW, O_DIRECTORY|O_NOFOLLOW for
 * directories): nothing is written or deleted outside what qwlint was asked to repair or made itself. A symbolic
 * link the user named is resolved once, and its target's directory opened (through no link); a dangling link is
 * never created through. A file with several hard links is refused (a rename would split them), and so is a file
 * whose owner or group qwlint could not keep. Created files take the owner and group of their directory when
 * qwlint runs as root, so that root's --fix never leaves root-owned files in another user's home.
 *
 * Ownership: every function opens and closes its own descriptors; nothing is kept between calls except the lock
 * descriptor, which the caller owns until qw_lock_release.
 */
#ifndef QW_WRITE_H
#define QW_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* qw_write_atomic's result when the file on disk is not the text expected (someone wrote it meanwhile). */
#define QW_WRITE_CHANGED (-2)

/* Replace path with data. `expect` is what the caller read: the file must still hold exactly those bytes at the
 * moment it is replaced, or nothing is written and QW_WRITE_CHANGED returned. expect == NULL means the file is
 * created: it must not exist, and it is never written over if it appears meanwhile. `create_mode` is the new
 * file's mode. Returns 0, -1 with a message in err, or QW_WRITE_CHANGED with one. */
int qw_write_atomic(const char *path, const char *data, size_t len, const char *expect, size_t expect_len,
		    unsigned create_mode, char *err, size_t errlen);
/* A report qwlint writes (--output-file): path replaced atomically as qw_write_atomic does, but never through a
 * symbolic link - a link at path is refused, not resolved (a report path in a shared CI directory must not let a
 * link redirect the write) - and an existing file is replaced whatever it held (it is read first, through no link,
 * so that a concurrent writer is still detected). A new file gets mode 0644 less the umask: it holds no key.
 * Returns 0, or -1 / QW_WRITE_CHANGED with a message in err. */
int qw_write_report(const char *path, const char *data, size_t len, char *err, size_t errlen);
/* Would qw_write_atomic refuse path? For a file to rewrite (creating false): not a regular file, read-only,
 * several hard links, an owner or group qwlint cannot keep. For one to create: something is already there (a
 * directory, a FIFO, a dangling symbolic link, ...). 0 if writable, else -1 with the reason in err. */
int qw_write_check(const char *path, bool creating, char *err, size_t errlen);
/* chmod of the file path names (a symbolic link's target), never of anything else. 0 or -1 with err. */
int qw_write_chmod(const char *path, unsigned mode, char *err, size_t errlen);
/* Copy data (the bytes path held) to <dir of path>/.qwlint-backup/<stamp>/<basename of path>, mode 0600, in
 * directories mode 0700 that qwlint creates or that are already there as directories (not links) owned by qwlint's
 * user or the home's owner; the copy never replaces anything. .qwlint-backup holds a .gitignore of `*`, so that a
 * home inside a git work tree never stages a backup. 0 or -1 with err. */
int qw_write_backup(const char *path, const char *data, size_t len, const char *stamp, char *err, size_t errlen);

/* Delete the temp files that a killed run of qw_write_atomic or qw_write_backup left in dir, in dir/.qwlint-backup
 * and in its <stamp> directories (never through a link, never deeper): names ".<name>.qwlint-tmp-XXXXXX" exactly,
 * where <name> is one of names[] (the files qwlint reads or creates there) and XXXXXX six letters or digits;
 * regular files with one link, owned by qwlint's user or the directory's owner, that no process holds locked (a
 * running writer holds its own until it renames it). Each removal is reported on out. Returns how many. */
int qw_write_clean(const char *dir, const char *const *names, size_t nnames, FILE *out);

/* Hermes's own lock on its credential store (hermes.md §6: auth.lock, fcntl): exclusive flock(2) and fcntl
 * locks on dir/auth.lock, waiting up to `seconds`. The file is created 0600 if missing (and left in place, as
 * Hermes leaves it); an existing one must be a regular file, not a link, owned by qwlint's user or the
 * directory's owner. Returns the descriptor to pass to qw_lock_release, or -1 with err. qw_lock_release(-1) does
 * nothing. */
int qw_lock_acquire(const char *dir, int seconds, char *err, size_t errlen);
void qw_lock_release(int fd);

#endif
