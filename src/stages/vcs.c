/* vcs.c - see vcs.h. */
#define _GNU_SOURCE /* pipe2 */
#include "vcs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dirs.h"
#include "escape.h"
#include "util.h"

extern char **environ;

/* Paths per git command line: far below ARG_MAX even for long paths. */
#define PATHS_PER_RUN 256

typedef struct item {
	qw_source *src;
	qw_set *set;
	char *rel; /* the path inside the work tree, as git names it */
} item;

typedef struct worktree {
	char *root;
	item *v;
	size_t n, cap;
} worktree;

/* The last directory asked about, as named, with its resolved path and its work tree: the files of one home or
 * deployment share a directory, so this saves asking the run's qw_dirs (dirs.h) once per file. */
typedef struct lastdir {
	char *dir;
	char *real; /* NULL: cannot be resolved */
	char *root; /* NULL: not in a work tree */
} lastdir;

static void
lastdir_free(lastdir *c)
{
	free(c->dir);
	free(c->real);
	free(c->root);
	*c = (lastdir){0};
}

/* `dir`'s entry, asked of dirs when it is not the last one. */
static const lastdir *
ask_dir(lastdir *c, qw_dirs *dirs, const char *dir)
{
	if (c->dir && !strcmp(c->dir, dir))
		return c;
	lastdir_free(c);
	c->dir = qw_xstrdup(dir);
	c->real = qw_dirs_resolve(dirs, dir);
	c->root = c->real ? qw_dirs_worktree(dirs, c->real) : NULL;
	return c;
}

/* The environment git runs with: ours without the GIT_* variables a hook may have exported for another
 * repository (GIT_DIR, GIT_INDEX_FILE, GIT_WORK_TREE ...; pre-commit drops the same ones for its own git calls),
 * and with GIT_OPTIONAL_LOCKS=0 so that git never writes the index while `git commit` holds its lock. */
static char **
git_env(void)
{
	char **env = NULL;
	size_t n = 0, cap = 0;
	for (char **e = environ; *e; e++) {
		if (qw_startswith(*e, "GIT_") && !qw_startswith(*e, "GIT_CONFIG_") && !qw_startswith(*e, "GIT_EXEC_PATH=") &&
		    !qw_startswith(*e, "GIT_CEILING_DIRECTORIES="))
			continue;
		QW_PUSH(env, n, cap, *e);
	}
	QW_PUSH(env, n, cap, (char *)"GIT_OPTIONAL_LOCKS=0");
	QW_PUSH(env, n, cap, NULL);
	return env;
}

/* Run `git -C root <args...> [-- <paths...>]` with `in` on its standard input, and collect its standard output
 * and error. Returns the exit status (0-255), or -1 when git could not be started (not installed): then *out and
 * *err are empty. */
static int
run_git(const char *root, const char *const *args, char *const *paths, size_t npaths, const qw_buf *in, qw_buf *out,
	qw_buf *err)
{
	const char *fixed[] = {"git", "-C", root, "--literal-pathspecs", "-c", "core.fsmonitor=false",
			       "-c", "core.quotePath=false"};
	size_t nf = sizeof(fixed) / sizeof(fixed[0]), na = 0;
	while (args[na])
		na++;
	char **argv = qw_xcalloc(nf + na + npaths + 2, sizeof(char *));
	size_t k = 0;
	for (size_t i = 0; i < nf; i++)
		argv[k++] = (char *)fixed[i];
	for (size_t i = 0; i < na; i++)
		argv[k++] = (char *)args[i];
	if (paths)
		argv[k++] = (char *)"--";
	for (size_t i = 0; i < npaths; i++)
		argv[k++] = paths[i];
	argv[k] = NULL;

	int pi[2] = {-1, -1}, po[2] = {-1, -1}, pe[2] = {-1, -1}, status = -1;
	char **env = NULL;
	posix_spawn_file_actions_t fa;
	bool fa_init = false;
	/* git may exit before reading all its input: a write then fails with EPIPE instead of killing qwlint. The
	 * signal is blocked in this thread only (other threads may be writing to stdout, or running git too) and the
	 * one a failed write raised is taken before it is unblocked. */
	sigset_t pipe_sig, old_mask;
	sigemptyset(&pipe_sig);
	sigaddset(&pipe_sig, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_sig, &old_mask);
	/* close-on-exec from the start: a git another thread starts for another work tree must not inherit these */
	if (pipe2(pi, O_CLOEXEC) != 0 || pipe2(po, O_CLOEXEC) != 0 || pipe2(pe, O_CLOEXEC) != 0)
		goto out;
	/* Our end of git's input does not block: poll's POLLOUT promises room for some bytes, not for all we have,
	 * and a blocking write of the rest would wait for git, which waits for us to read its output (cat-file
	 * --batch answers as it reads: a deadlock once both pipes are full). */
	if (fcntl(pi[1], F_SETFL, fcntl(pi[1], F_GETFL) | O_NONBLOCK) != 0)
		goto out;
	posix_spawn_file_actions_init(&fa);
	fa_init = true;
	posix_spawn_file_actions_adddup2(&fa, pi[0], 0);
	posix_spawn_file_actions_adddup2(&fa, po[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
	env = git_env();
	pid_t pid;
	if (posix_spawnp(&pid, "git", &fa, NULL, argv, env) != 0)
		goto out;
	close(pi[0]);
	close(po[1]);
	close(pe[1]);
	pi[0] = po[1] = pe[1] = -1;
	/* all three pipes at once: git may fill one while we wait on another */
	size_t sent = 0;
	if (!in || !in->len) {
		close(pi[1]);
		pi[1] = -1;
	}
	struct pollfd pf[3] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}, {pi[1], POLLOUT, 0}};
	qw_buf *dst[2] = {out, err};
	while (pf[0].fd >= 0 || pf[1].fd >= 0) {
		if (poll(pf, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (int i = 0; i < 2; i++) {
			if (pf[i].fd < 0 || !pf[i].revents)
				continue;
			char buf[8192];
			ssize_t r = read(pf[i].fd, buf, sizeof(buf));
			if (r > 0)
				qw_buf_add(dst[i], buf, (size_t)r);
			else if (r == 0 || errno != EINTR)
				pf[i].fd = -1;
		}
		if (pf[2].fd >= 0 && pf[2].revents) {
			ssize_t w = write(pf[2].fd, in->data + sent, in->len - sent);
			if (w > 0)
				sent += (size_t)w;
			if ((w < 0 && errno != EINTR && errno != EAGAIN) || sent == in->len) {
				close(pi[1]);
				pi[1] = pf[2].fd = -1;
			}
		}
	}
	int ws;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128;
out:
	if (fa_init)
		posix_spawn_file_actions_destroy(&fa);
	for (int i = 0; i < 2; i++) {
		if (pi[i] >= 0)
			close(pi[i]);
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
	}
	(void)sigtimedwait(&pipe_sig, NULL, &(struct timespec){0, 0});
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	free(env);
	free(argv);
	return status;
}

/* Say once per work tree why git could not answer. */
static void
git_failed(qw_sets *sets, const char *root, int status, const qw_buf *err)
{
	if (status < 0)
		return; /* no git: nothing to say, the rules need it */
	size_t l = err->data ? strcspn(err->data, "\n") : 0;
	qw_esc_buf_printf(&sets->errors, "qwlint: %s: git: %.*s; QW702 and QW703 not checked there\n", root,
			  (int)l, l ? err->data : "failed");
}

/* The blobs of every item, at HEAD and in the index, in one `git cat-file --batch`: the answer to "is this key
 * committed, or only staged?" is in the text of each version, not in whether the path exists there (a file
 * committed with placeholders may have a key staged now). An item not in the index stays PENDING. */
static bool
read_blobs(qw_sets *sets, worktree *w)
{
	qw_buf in = {0}, out = {0}, err = {0};
	for (size_t i = 0; i < w->n; i++)
		qw_buf_printf(&in, "HEAD:%s\n:%s\n", w->v[i].rel, w->v[i].rel);
	static const char *const args[] = {"cat-file", "--batch", NULL};
	int st = run_git(w->root, args, NULL, 0, &in, &out, &err);
	bool ok = st == 0;
	if (!ok)
		git_failed(sets, w->root, st, &err);
	/* each answer: "<oid> <type> <size>\n<size bytes>\n", or "<name> missing\n" (or ambiguous) */
	size_t off = 0;
	for (size_t i = 0; ok && i < w->n; i++)
		for (int which = 0; which < 2; which++) {
			const char *line = out.data ? out.data + off : "";
			const char *nl = memchr(line, '\n', out.len - off);
			if (!nl) {
				ok = false;
				break;
			}
			char type[16];
			unsigned long long size;
			off = (size_t)(nl - out.data) + 1;
			if (sscanf(line, "%*s %15s %llu", type, &size) != 2 || strcmp(type, "blob"))
				continue; /* missing: not in that version */
			if (size > out.len - off) {
				ok = false;
				break;
			}
			char *text = qw_xstrndup(out.data + off, (size_t)size);
			off += (size_t)size + 1;
			qw_source *src = w->v[i].src;
			if (which == 0) {
				src->git_head = text;
			} else {
				/* only a path in the index is tracked: one only in HEAD is being deleted */
				src->git_index = text;
				src->vcs = QW_VCS_TRACKED;
			}
		}
	qw_buf_free(&in);
	qw_buf_free(&out);
	qw_buf_free(&err);
	return ok;
}

/* For every item still PENDING: is git ignoring it (`ls-files --others --ignored --exclude-standard`, which asks
 * check-ignore's question of the same exclude sources but takes its paths on the command line)? Each run's
 * answer is matched against that run's items only, so the work stays linear in the number of files. */
static bool
mark_ignored(qw_sets *sets, worktree *w)
{
	static const char *const args[] = {"ls-files", "-z", "--others", "--ignored", "--exclude-standard", NULL};
	item **pend = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < w->n; i++)
		if (w->v[i].src->vcs == QW_VCS_PENDING)
			QW_PUSH(pend, n, cap, &w->v[i]);
	char **paths = qw_xcalloc(n + 1, sizeof(char *));
	for (size_t i = 0; i < n; i++)
		paths[i] = pend[i]->rel;
	bool ok = true;
	for (size_t at = 0; ok && at < n; at += PATHS_PER_RUN) {
		qw_buf out = {0}, err = {0};
		size_t take = n - at < PATHS_PER_RUN ? n - at : PATHS_PER_RUN;
		int st = run_git(w->root, args, paths + at, take, NULL, &out, &err);
		for (size_t off = 0; st == 0 && out.data && off < out.len;) {
			const char *p = out.data + off;
			size_t l = strnlen(p, out.len - off);
			for (size_t i = at; i < at + take; i++)
				if (strlen(pend[i]->rel) == l && !memcmp(pend[i]->rel, p, l))
					pend[i]->src->vcs = QW_VCS_IGNORED;
			off += l + 1;
		}
		if (st != 0)
			git_failed(sets, w->root, st, &err);
		ok = st == 0;
		qw_buf_free(&out);
		qw_buf_free(&err);
	}
	free(paths);
	free(pend);
	return ok;
}

/* Does the text hold `line` as one of its lines? */
static bool
has_line(const qw_source *src, const char *line)
{
	size_t l = strlen(line);
	for (size_t i = 1; i <= src->nlines; i++) {
		qw_span s = qw_source_line(src, (int)i);
		if (s.end - s.start == l && !memcmp(src->data + s.start, line, l))
			return true;
	}
	return false;
}

/* A set's untracked, unignored .env: read the .gitignore beside it, which QW703's repair appends to. If that
 * text (on disk, or as a --fix pass left it) already ends the matter with our own line, the .env counts as
 * ignored: git reads .gitignore from disk and cannot see a repair not yet written. */
static void
load_gitignore(qw_set *set, qw_source *env)
{
	char *dir = qw_dirname(env->fs_path);
	char *path = qw_path_join(dir, ".gitignore");
	char err[256];
	struct stat st;
	/* within the set's tree (lint.h): a .gitignore that is a link out of it is neither read nor appended to, and
	 * one to a file inside it is read, and appended to, at its resolved path */
	char *real = NULL;
	if (set->tree && lstat(path, &st) == 0 && S_ISLNK(st.st_mode) &&
	    qw_path_within(set->tree, path, &real) != QW_WITHIN_YES) {
		free(path);
		free(dir);
		return;
	}
	if (qw_overlay_get(real ? real : path, &(size_t){0}) || stat(path, &st) == 0) {
		set->gitignore = qw_source_load(real ? real : path, 1024 * 1024, err, sizeof(err));
		if (set->gitignore) {
			char *ddir = qw_dirname(env->path);
			free(set->gitignore->path);
			set->gitignore->path = strcmp(ddir, ".") ? qw_path_join(ddir, ".gitignore") : qw_xstrdup(".gitignore");
			free(ddir);
			char *line = qw_gitignore_line(qw_basename(env->fs_path));
			if (has_line(set->gitignore, line))
				env->vcs = QW_VCS_IGNORED;
			free(line);
		}
	}
	free(real);
	free(path);
	free(dir);
}

static void
add_item(worktree **ws, size_t *nw, size_t *wcap, lastdir *last, qw_dirs *dirs, qw_set *set, qw_source *src)
{
	if (!src || !src->report || !src->fs_path || src->vcs != QW_VCS_NONE)
		return;
	char *dir = qw_dirname(src->fs_path);
	const lastdir *ld = ask_dir(last, dirs, dir);
	free(dir);
	const char *root = ld->root, *real = ld->real;
	if (!root)
		return;
	worktree *w = NULL;
	for (size_t i = 0; i < *nw && !w; i++)
		if (!strcmp((*ws)[i].root, root))
			w = &(*ws)[i];
	if (!w) {
		QW_PUSH(*ws, *nw, *wcap, ((worktree){qw_xstrdup(root), NULL, 0, 0}));
		w = &(*ws)[*nw - 1];
	}
	const char *inside = real + strlen(root); /* root is real or an ancestor of it */
	if (*inside == '/')
		inside++;
	char *rel = *inside ? qw_path_join(inside, qw_basename(src->fs_path)) : qw_xstrdup(qw_basename(src->fs_path));
	if (strchr(rel, '\n')) {
		free(rel); /* cat-file --batch reads one name per line: such a path cannot be asked about */
		return;
	}
	src->vcs = QW_VCS_PENDING;
	QW_PUSH(w->v, w->n, w->cap, ((item){src, set, rel}));
}

void
qw_vcs_annotate(qw_sets *sets)
{
	worktree *ws = NULL;
	size_t nw = 0, wcap = 0;
	lastdir last = {0};
	for (size_t i = 0; i < sets->n; i++) {
		qw_source *src;
		for (size_t k = 0; (src = qw_set_source(sets->v[i], k)) != NULL; k++)
			add_item(&ws, &nw, &wcap, &last, sets->dirs, sets->v[i], src);
	}
	for (size_t i = 0; i < nw; i++) {
		worktree *w = &ws[i];
		bool ok = read_blobs(sets, w) && mark_ignored(sets, w);
		for (size_t j = 0; j < w->n; j++) {
			item *it = &w->v[j];
			if (!ok) {
				it->src->vcs = QW_VCS_NONE;
				free(it->src->git_head);
				free(it->src->git_index);
				it->src->git_head = it->src->git_index = NULL;
				continue;
			}
			if (it->src->vcs == QW_VCS_PENDING)
				it->src->vcs = QW_VCS_UNTRACKED;
			const qw_dotenv *e;
			if (it->src->vcs == QW_VCS_UNTRACKED && it->src == qw_set_main_env(it->set, &e) &&
			    !it->set->gitignore)
				load_gitignore(it->set, it->src);
		}
		for (size_t j = 0; j < w->n; j++)
			free(w->v[j].rel);
		free(w->v);
		free(w->root);
	}
	free(ws);
	lastdir_free(&last);
}
