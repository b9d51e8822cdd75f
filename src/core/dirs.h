/*
 * dirs.h - what a run learns about the directories it reads from: a directory's resolved path, and the git work
 * tree holding it. Asked once or twice per home or deployment, from any worker thread.
 *
 * realpath(3) costs a getcwd and a readlink per path component, and the search for .git a stat per ancestor; on a
 * tree of 10 000 homes that was most of the run's system calls. Here a directory costs one lstat for its resolved
 * path and one for .git: the answers for its parent are kept for the run. Only parents are kept - thousands of
 * homes share a handful - so memory does not grow with the number of homes.
 *
 * What is kept is never stale within a run: qwlint creates no directories that hold .git, never changes its
 * working directory (so a relative name means one directory all run), and a directory's resolved path does not
 * change unless someone moves it while qwlint runs.
 *
 * Ownership: qw_dirs_new()'s result is freed with qw_dirs_free(); every string returned is the caller's to free.
 */
#ifndef QW_DIRS_H
#define QW_DIRS_H

typedef struct qw_dirs qw_dirs;

qw_dirs *qw_dirs_new(void);
void qw_dirs_free(qw_dirs *d);
/* realpath(dir), or NULL (errno set) when it cannot be resolved. */
char *qw_dirs_resolve(qw_dirs *d, const char *dir);
/* The nearest ancestor-or-self of `real` (a resolved directory) holding a .git entry - a directory, or the file a
 * worktree or submodule has -, or NULL when there is none. */
char *qw_dirs_worktree(qw_dirs *d, const char *real);


/* Whether path, every symbolic link in it resolved, lies inside root (a resolved directory; "/" holds
 * everything): how a directory search keeps to the tree it was given (discover.c). QW_WITHIN_YES sets *real to the
 * resolved path (the caller frees); QW_WITHIN_NO is a path that leads out of root; QW_WITHIN_ERROR one that cannot
 * be resolved (errno set: a dangling link, a loop). Asks realpath(3) each time: for the few paths that need it. */
typedef enum qw_within { QW_WITHIN_YES, QW_WITHIN_NO, QW_WITHIN_ERROR } qw_within;
qw_within qw_path_within(const char *root, const char *path, char **real);

/* The .gitignore line that ignores exactly the file `name` of the .gitignore's own directory: "/.env", with
 * the characters git treats as a pattern escaped. The caller frees. */
char *qw_gitignore_line(const char *name);
/* $HOME/sub (./sub without $HOME): an agent's own directory in the user's home. The caller frees. */
char *qw_home_path(const char *sub);

#endif
