/* dirs.c - see dirs.h. */
#include "dirs.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

struct qw_dirs {
	pthread_mutex_t lock;
	qw_strmap real;  /* a parent as named -> its resolved path */
	qw_strmap roots; /* a resolved parent -> its work tree's root, NULL for none */
	char **owned;    /* every value of both maps, freed with them */
	size_t nowned, owned_cap;
};

qw_dirs *
qw_dirs_new(void)
{
	qw_dirs *d = qw_xcalloc(1, sizeof(*d));
	pthread_mutex_init(&d->lock, NULL);
	return d;
}

void
qw_dirs_free(qw_dirs *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nowned; i++)
		free(d->owned[i]);
	free(d->owned);
	qw_strmap_free(&d->real);
	qw_strmap_free(&d->roots);
	pthread_mutex_destroy(&d->lock);
	free(d);
}

/* Keep s (which may be NULL) as a value of one of the maps. */
static char *
own(qw_dirs *d, char *s)
{
	if (s)
		QW_PUSH(d->owned, d->nowned, d->owned_cap, s);
	return s;
}

/* A parent's resolved path, from the map or resolved now and kept. Called with the lock held; NULL when it
 * cannot be resolved (not kept: it may exist when asked again). */
static const char *
resolved_parent(qw_dirs *d, const char *parent)
{
	void *v;
	if (qw_strmap_find(&d->real, parent, &v))
		return v;
	char *r = realpath(parent, NULL);
	if (r)
		qw_strmap_put(&d->real, parent, own(d, r));
	return r;
}

char *
qw_dirs_resolve(qw_dirs *d, const char *dir)
{
	const char *b = qw_basename(dir);
	/* ".", ".." and "/" name a different directory than parent + "/" + name: resolved the long way */
	if (!*b || !strcmp(b, ".") || !strcmp(b, "..") || !strchr(dir, '/'))
		return realpath(dir, NULL);
	struct stat st;
	if (lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return realpath(dir, NULL); /* a link (resolved by realpath), or the error realpath reports */
	char *parent = qw_dirname(dir);
	pthread_mutex_lock(&d->lock);
	const char *rp = resolved_parent(d, parent);
	char *r = rp ? qw_path_join(rp, b) : NULL;
	pthread_mutex_unlock(&d->lock);
	free(parent);
	return r ? r : realpath(dir, NULL);
}

static bool
has_git(const char *dir)
{
	char *g = qw_path_join(dir, ".git");
	struct stat st;
	bool found = lstat(g, &st) == 0 && (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode));
	free(g);
	return found;
}

/* The work tree root for a resolved parent directory, kept for the run. Called with the lock held; the answer
 * belongs to the map. */
static const char *
parent_root(qw_dirs *d, const char *real)
{
	void *v;
	if (qw_strmap_find(&d->roots, real, &v))
		return v;
	const char *root = NULL;
	if (has_git(real)) {
		root = own(d, qw_xstrdup(real));
	} else if (strcmp(real, "/")) {
		char *up = qw_dirname(real);
		root = parent_root(d, up);
		free(up);
	}
	qw_strmap_put(&d->roots, real, (void *)root);
	return root;
}

char *
qw_dirs_worktree(qw_dirs *d, const char *real)
{
	if (has_git(real))
		return qw_xstrdup(real);
	if (!strcmp(real, "/"))
		return NULL;
	char *up = qw_dirname(real);
	pthread_mutex_lock(&d->lock);
	const char *root = parent_root(d, up);
	char *r = root ? qw_xstrdup(root) : NULL;
	pthread_mutex_unlock(&d->lock);
	free(up);
	return r;
}

qw_within
qw_path_within(const char *root, const char *path, char **real)
{
	*real = realpath(path, NULL);
	if (!*real)
		return QW_WITHIN_ERROR;
	size_t rl = strlen(root);
	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	bool in = (rl == 1 && root[0] == '/') || (!strncmp(*real, root, rl) && (*real)[rl] == '/');
	if (!in) {
		free(*real);
		*real = NULL;
	}
	return in ? QW_WITHIN_YES : QW_WITHIN_NO;
}

char *
qw_gitignore_line(const char *name)
{
	qw_buf b = {0};
	qw_buf_addc(&b, '/');
	for (const char *p = name; *p; p++) {
		if (strchr("*?[]\\", *p) || (p == name && (*p == '#' || *p == '!')) || (!p[1] && *p == ' '))
			qw_buf_addc(&b, '\\');
		qw_buf_addc(&b, *p);
	}
	return qw_buf_steal(&b);
}

char *
qw_home_path(const char *sub)
{
	const char *home = getenv("HOME");
	return qw_path_join(home && *home ? home : ".", sub);
}
