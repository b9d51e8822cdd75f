/*
 * discover.c - see discover.h. The walk and the task plan: a path named on the command line becomes a task (a
 * home, a deployment, a file) or a directory search, which walks the tree depth first on a stack of its own,
 * pruned by .gitignore, passing links over, and hands each directory that may hold a home or a deployment, and
 * each file that may be ours, to a task. What a task reads is the tools' (tool.h: named_dir, take_dir,
 * walk_file; their discover_<tool>.c) and discover_file.c's for a lone file (discover_int.h). No tool is named
 * here.
 *
 * Ownership: as discover.h says; a plan's tasks own their path and root strings (qw_plan_free).
 */
#include "discover.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dirs.h"
#include "discover_int.h"
#include "escape.h"
#include "secret.h"
#include "util.h"

/* ---- .gitignore ---- */

typedef struct ignore {
	char **pat;
	size_t n, cap;
} ignore;

/* A small .gitignore subset: globs, `dir/` for directories, leading `/` anchors; `!` re-includes. */
static void
read_gitignore(const char *dir, const qw_sets *out, ignore *ig)
{
	char *p = qw_path_join(dir, ".gitignore");
	/* qw_source_load: a FIFO or device named .gitignore is refused, not waited on; a link out of the tree is not
	 * read at all */
	qw_source *src = qw_disc_probe_found(p, 1024 * 1024, out);
	free(p);
	if (!src)
		return;
	for (size_t l = 1; l <= src->nlines; l++) {
		qw_span ls = qw_source_line(src, (int)l);
		size_t n = ls.end - ls.start;
		while (n && (src->data[ls.start + n - 1] == ' ' || src->data[ls.start + n - 1] == '\t' ||
			     src->data[ls.start + n - 1] == '\r'))
			n--;
		if (!n || src->data[ls.start] == '#')
			continue;
		QW_PUSH(ig->pat, ig->n, ig->cap, qw_xstrndup(src->data + ls.start, n));
	}
	qw_source_free(src);
}

static bool
ignored(const ignore *ig, const char *name, bool is_dir)
{
	bool hit = false;
	for (size_t i = 0; i < ig->n; i++) {
		const char *p = ig->pat[i];
		bool neg = p[0] == '!';
		if (neg)
			p++;
		if (p[0] == '/')
			p++;
		char *pat = qw_xstrdup(p);
		size_t l = strlen(pat);
		bool dir_only = l && pat[l - 1] == '/';
		if (dir_only)
			pat[l - 1] = '\0';
		if ((!dir_only || is_dir) && !strchr(pat, '/') && fnmatch(pat, name, 0) == 0)
			hit = !neg;
		free(pat);
	}
	return hit;
}

/* ---- the walk and the task plan ---- */

/* A directory a walk may hand to a task: one that some tool's test could claim, by the names it tests, seen
 * without reading a file (each tool's markers, beside its test). A directory with none is walked on the spot. */
static bool
may_hold_set(const char *dir)
{
	for (const qw_tool *const *t = qw_tools; *t; t++)
		if ((*t)->dir_markers && (*t)->dir_markers(dir))
			return true;
	return false;
}

static void walk(const char *dir, int depth, const qw_options *opt, qw_sets *out, qw_plan *plan);

/* Whether the plan meets this directory or file for the first time (and remember it). No plan: always. */
static bool
first_time(qw_plan *plan, const struct stat *st)
{
	if (!plan)
		return true;
	return qw_idset_add(&plan->seen, (unsigned long long)st->st_dev, (unsigned long long)st->st_ino);
}

/* A home's or deployment's own files, remembered as planned: a file of it named later is not linted again. */
static void
plan_files_of(qw_plan *plan, const char *dir)
{
	static const char *const names[] = {"config.yaml", ".env", "auth.json"};
	for (size_t i = 0; plan && i < sizeof(names) / sizeof(names[0]); i++) {
		char *p = qw_path_join(dir, names[i]);
		struct stat st;
		if (stat(p, &st) == 0)
			first_time(plan, &st);
		free(p);
	}
}

/* One task: into a plan when there is one, else done now. */
static void
task(qw_plan *plan, qw_task_kind kind, const qw_tool *tool, const char *path, int depth, const qw_options *opt,
     qw_sets *out)
{
	qw_task t = {.path = (char *)path, .kind = kind, .tool = tool, .depth = depth, .root = (char *)out->root};
	if (!plan) {
		qw_discover_task(&t, opt, out);
		return;
	}
	if (kind == QW_TASK_TOOL_DIR || kind == QW_TASK_WALK_DIR)
		plan_files_of(plan, path);
	t.path = qw_xstrdup(path);
	t.root = out->root ? qw_xstrdup(out->root) : NULL;
	QW_PUSH(plan->v, plan->n, plan->cap, t);
}

/* A directory met in a walk that may hold a set: a home, a deployment, or else a directory to walk on. Returns
 * true when it is to be walked (by the caller, which keeps the stack). */
static bool
walk_dir_task(const char *p, const qw_options *opt, qw_sets *out)
{
	/* each tool in the table's order (tools.c says why that order) */
	for (const qw_tool *const *t = qw_tools; *t; t++)
		if ((*t)->take_dir && (*t)->take_dir(p, opt, out))
			return false;
	return true;
}

/* Whether some tool takes a file met in a walk by its name alone (OpenCode's opencode.json): it is then read as
 * a lone file's task, where the tool's take_file reads it. */
static bool
tool_file_name(const char *path)
{
	for (const qw_tool *const *t = qw_tools; *t; t++)
		if ((*t)->file_markers && (*t)->file_markers(path))
			return true;
	return false;
}

/* The tool whose named_dir takes a directory named on the command line by its content, asked by named_rank;
 * NULL: none. */
static const qw_tool *
named_dir_tool(const char *dir, const qw_options *opt, const qw_sets *out)
{
	for (int rank = 1; rank <= QW_NAMED_RANKS; rank++)
		for (const qw_tool *const *t = qw_tools; *t; t++)
			if ((*t)->named_dir && (*t)->named_rank == rank && (*t)->named_dir(dir, opt, out))
				return *t;
	return NULL;
}

/* The tool whose walk_suffixes end name b, met in a walk; NULL: none. */
static const qw_tool *
walk_file_tool(const char *b)
{
	for (const qw_tool *const *t = qw_tools; *t; t++)
		for (const char *const *sfx = (*t)->walk_suffixes; sfx && *sfx; sfx++)
			if (qw_endswith(b, *sfx))
				return *t;
	return NULL;
}

/* Whether some tool knows a directory named on the command line as its own by its name (.claude, .codex): it is
 * then one task, the tools' take_dir deciding. (The tools' named_dir are asked first.) */
static bool
tool_dir_name(const char *dir)
{
	for (const qw_tool *const *t = qw_tools; *t; t++)
		if ((*t)->dir_by_name && (*t)->dir_markers && (*t)->dir_markers(dir))
			return true;
	return false;
}

void
qw_discover_task(const qw_task *t, const qw_options *opt, qw_sets *out)
{
	const char *p = t->path;
	out->root = t->root;
	out->named_file = t->kind == QW_TASK_FILE;
	switch (t->kind) {
	case QW_TASK_TOOL_DIR: t->tool->read_named_dir(p, opt, out); break;
	case QW_TASK_FILE: qw_disc_lone_file(p, true, opt, out); break;
	case QW_TASK_WALK_DIR:
		if (walk_dir_task(p, opt, out))
			walk(p, t->depth + 1, opt, out, NULL);
		break;
	case QW_TASK_WALK_ENV: qw_disc_lone_file(p, false, opt, out); break;
	case QW_TASK_WALK_FILE: t->tool->walk_file(p, opt, out); break;
	}
}

/* A name a directory search lints by name alone: a .env file (not a template), or a home's config.yaml or
 * auth.json. A link of such a name that the walk passes over is worth a note; any other link is not. */
static bool
linted_name(const char *b)
{
	return (qw_disc_is_dotenv_name(b) && !qw_is_template_name(b)) || !strcmp(b, "config.yaml") ||
	       !strcmp(b, "auth.json");
}

/* A link met in a walk: never followed (no loops, no leaving the tree). One of a linted name is noted when it
 * leads out of the tree, to something that is not a regular file, or nowhere; one to a regular file inside the tree
 * is passed over in silence: that file is linted where the walk meets it (`.env -> .env.local`). */
static void
walk_link(const char *p, const char *b, qw_sets *out)
{
	if (!linted_name(b))
		return;
	char *real = NULL;
	qw_within w = out->root ? qw_path_within(out->root, p, &real) : QW_WITHIN_NO;
	struct stat st;
	bool regular = real && stat(real, &st) == 0 && S_ISREG(st.st_mode);
	free(real);
	char *dp = qw_disc_display_path(p);
	if (w == QW_WITHIN_NO || (w == QW_WITHIN_YES && !regular))
		qw_esc_buf_printf(&out->errors,
			      "qwlint: %s: not read: a symbolic link %s (a directory search follows no link; name the "
			      "file itself to lint it)\n",
			      dp, w == QW_WITHIN_NO ? "out of the directory named on the command line"
						    : "to something that is not a regular file");
	else if (w == QW_WITHIN_ERROR)
		qw_esc_buf_printf(&out->errors, "qwlint: %s: not read: a symbolic link that leads nowhere (%s)\n", dp,
			      strerror(errno));
	free(dp);
}

/* One directory of a walk, its entries sorted, with the patterns of its .gitignore. */
typedef struct frame {
	char *dir;
	char **names;
	size_t n, next;
	ignore ig;
	int depth;
} frame;

static void
frame_free(frame *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
	for (size_t i = 0; i < f->ig.n; i++)
		free(f->ig.pat[i]);
	free(f->ig.pat);
	free(f->dir);
}

/* Read a directory into a frame. false (the problem noted, an I/O error) when it cannot be read. */
static bool
frame_open(frame *f, const char *dir, int depth, qw_sets *out)
{
	*f = (frame){0};
	DIR *d = opendir(dir);
	if (!d) {
		char *dp = qw_disc_display_path(dir), *shown = qw_arg_shown(dp);
		qw_esc_buf_printf(&out->errors, "qwlint: %s: cannot read directory: %s\n", shown, strerror(errno));
		free(shown);
		out->io_errors++;
		free(dp);
		return false;
	}
	f->dir = qw_xstrdup(dir);
	f->depth = depth;
	read_gitignore(dir, out, &f->ig);
	size_t cap = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			QW_PUSH(f->names, f->n, cap, qw_xstrdup(de->d_name));
	closedir(d);
	if (f->n)
		qsort(f->names, f->n, sizeof(char *), qw_disc_cmp_str);
	return true;
}

/* One entry of a walk's directory. Returns a directory to walk into next (the caller frees), or NULL. */
static char *
walk_entry(const frame *f, const char *b, const qw_options *opt, qw_sets *out, qw_plan *plan)
{
	char *p = qw_path_join(f->dir, b);
	struct stat st;
	if (lstat(p, &st) != 0) {
		free(p);
		return NULL;
	}
	if (S_ISLNK(st.st_mode)) {
		walk_link(p, b, out);
		free(p);
		return NULL;
	}
	bool isdir = S_ISDIR(st.st_mode);
	/* .gitignore prunes directories (build output, vendored trees), never a config file: the .env files a
	 * .gitignore hides are the ones that hold keys */
	if ((isdir && (!strcmp(b, ".git") || !strcmp(b, "node_modules") || !strcmp(b, ".qwlint-backup") ||
		       ignored(&f->ig, b, true))) ||
	    !first_time(plan, &st)) {
		free(p);
		return NULL;
	}
	if (isdir) {
		/* with a plan, a directory that cannot hold a set is walked on the spot; without, a set is read now */
		if (plan ? !may_hold_set(p) : walk_dir_task(p, opt, out))
			return p;
		if (plan)
			task(plan, QW_TASK_WALK_DIR, NULL, p, f->depth, opt, out);
	} else if (S_ISREG(st.st_mode)) {
		/* live files and templates; a duplicate (".env copy") only when named: it is nobody's config */
		const qw_tool *wt;
		if ((qw_disc_is_dotenv_name(b) && !qw_is_env_copy_name(b)) || tool_file_name(p))
			task(plan, QW_TASK_WALK_ENV, NULL, p, f->depth, opt, out); /* a lone file's task (discover_file.c) */
		else if ((wt = walk_file_tool(b)) != NULL)
			task(plan, QW_TASK_WALK_FILE, wt, p, f->depth, opt, out);
	}
	free(p);
	return NULL;
}

/* Search a directory, depth levels below the one named. With a plan, what is found becomes tasks (a directory
 * that could hold a set, a file that could be one), in the order a walk meets them; without, each is done on the
 * spot. Depth first, each directory's entries by name, on a stack of its own: no recursion. */
static void
walk(const char *dir, int depth, const qw_options *opt, qw_sets *out, qw_plan *plan)
{
	frame *stack = NULL;
	size_t n = 0, cap = 0;
	bool told = false; /* the depth limit is noted once per walk */
	frame f;
	if (!frame_open(&f, dir, depth, out))
		return;
	QW_PUSH(stack, n, cap, f);
	while (n) {
		frame *top = &stack[n - 1];
		if (top->next == top->n) {
			frame_free(top);
			n--;
			continue;
		}
		char *sub = walk_entry(top, top->names[top->next++], opt, out, plan);
		if (!sub)
			continue;
		if (top->depth + 1 > QW_WALK_MAX_DEPTH) {
			if (!told) {
				char *dp = qw_disc_display_path(sub);
				qw_esc_buf_printf(&out->errors,
					      "qwlint: %s: not searched: directories nest more than %d levels below the "
					      "one named on the command line here\n",
					      dp, QW_WALK_MAX_DEPTH);
				out->io_errors++;
				free(dp);
				told = true;
			}
		} else if (frame_open(&f, sub, top->depth + 1, out)) {
			QW_PUSH(stack, n, cap, f);
		}
		free(sub);
	}
	free(stack);
}

/* Under pre-commit (it sets PRE_COMMIT=1 for its hooks), a named file that is a link out of the git work tree
 * holding the current directory (or out of that directory, outside git) is not read. pre-commit passes a staged
 * link as a file name only when a hook asks for links (qwlint's hooks take regular files, its default), but a
 * configuration can ask, and then the name comes from the repository, not from a person: a link to /etc/shadow or
 * ~/.profile must not be printed or repaired. */
static bool
precommit_refuses(const char *path, qw_sets *out)
{
	const char *pc = getenv("PRE_COMMIT");
	struct stat st;
	if (!pc || !*pc || lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
		return false;
	char *cwd = realpath(".", NULL);
	char *wt = cwd ? qw_dirs_worktree(out->dirs, cwd) : NULL;
	char *real = NULL;
	bool in = cwd && qw_path_within(wt ? wt : cwd, path, &real) == QW_WITHIN_YES;
	free(real);
	free(wt);
	free(cwd);
	if (!in) {
		char *dp = qw_disc_display_path(path);
		qw_esc_buf_printf(&out->errors,
			      "qwlint: %s: not read: a symbolic link out of the git work tree, passed by pre-commit\n",
			      dp);
		free(dp);
	}
	return !in;
}

void
qw_discover_plan(const char *path, bool named, const qw_options *opt, qw_sets *out, qw_plan *plan)
{
	struct stat st;
	size_t olen;
	out->root = NULL;
	out->named_file = false;
	if (stat(path, &st) != 0 && qw_overlay_get(path, &olen)) {
		/* standard input under --stdin-filename: a file that need not exist, in a home that keeps to its tree */
		char *base = qw_disc_dir_of(path);
		char *root = realpath(base, NULL);
		out->root = root;
		task(plan, QW_TASK_FILE, NULL, path, 0, opt, out);
		out->root = NULL;
		free(root);
		free(base);
		return;
	}
	if (stat(path, &st) != 0) {
		char *shown = qw_arg_shown(path);
		qw_esc_buf_printf(&out->errors, "qwlint: %s: %s\n", shown, strerror(errno));
		free(shown);
		out->io_errors++;
		return;
	}
	/* the same directory or file named again, under any spelling: planned once */
	if (!first_time(plan, &st))
		return;
	bool dir = S_ISDIR(st.st_mode);
	if (!dir && precommit_refuses(path, out))
		return;
	/* the tree the task keeps to: the directory named (a link to it is followed: its target is the tree), or for
	 * a file the directory holding it (the file itself is read wherever it leads) */
	char *base = dir ? qw_xstrdup(path) : qw_disc_dir_of(path);
	char *root = named ? realpath(base, NULL) : NULL;
	free(base);
	out->root = root;
	if (dir) {
		const qw_tool *nt = named_dir_tool(path, opt, out);
		if (nt)
			task(plan, QW_TASK_TOOL_DIR, nt, path, 0, opt, out);
		else if (tool_dir_name(path)) /* a .claude or .codex directory named: its tool's files */
			task(plan, QW_TASK_WALK_DIR, NULL, path, 0, opt, out);
		else
			walk(path, 0, opt, out, plan);
	} else {
		task(plan, QW_TASK_FILE, NULL, path, 0, opt, out);
	}
	out->root = NULL;
	free(root);
}

void
qw_plan_free(qw_plan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		free(plan->v[i].path);
		free(plan->v[i].root);
	}
	free(plan->v);
	qw_idset_free(&plan->seen);
	*plan = (qw_plan){0};
}
