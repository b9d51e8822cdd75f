/*
 * write.h - replacing a file's contents so that a crash leaves either the old or the new bytes, never a mix
 * (redis's CONFIG REWRITE sequence): a temp file in the same directory, a full write, fsync, the original mode
 * and owner, rename over the original, fsync of the directory.
 *
 * A symbolic link is written through to its target and stays a link; a file with several hard links is refused
 * (a rename would split them). On any failure the original is untouched, the temp file removed, and err says why.
 */
#ifndef QW_WRITE_H
#define QW_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Returns 0 on success, -1 with a message in err. `create_mode` is used when path does not exist yet. */
int qw_write_atomic(const char *path, const char *data, size_t len, unsigned create_mode, char *err, size_t errlen);
/* Would qw_write_atomic refuse path (read-only, several hard links, not a regular file)? 0 if writable, else -1
 * with the reason in err. A path that does not exist is writable. */
int qw_write_check(const char *path, char *err, size_t errlen);
/* chmod, through a symbolic link. 0 or -1 with err. */
int qw_write_chmod(const char *path, unsigned mode, char *err, size_t errlen);
/* Copy path into dir/<basename> with mode 0600; dir and its parent are created 0700 when missing. 0 or -1. */
int qw_write_backup(const char *path, const char *dir, char *err, size_t errlen);

/* Delete the temp files that a killed run of qw_write_atomic left in dir and in its .qwlint-backup/<stamp>/
 * directories: ".<name>.qwlint-XXXXXX" files that no process holds locked (a running writer holds its own until
 * it renames it). Each removal is reported on out. Returns how many were removed. */
int qw_write_clean(const char *dir, FILE *out);

/* Hermes's own lock on its credential store (hermes.md §6: auth.lock, fcntl): exclusive flock(2) and fcntl
 * locks on lock_path (created 0600 if missing, and left in place as Hermes leaves it), waiting up to `seconds`.
 * Returns the descriptor to pass to qw_lock_release, or -1 with err. qw_lock_release(-1) does nothing. */
int qw_lock_acquire(const char *lock_path, int seconds, char *err, size_t errlen);
void qw_lock_release(int fd);

#endif
