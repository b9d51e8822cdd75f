/*
 * discover_read.c - how discovery reads what it finds (discover_int.h): the path tests it asks, adopting a file it
 * reads as one of the run's (shown by its display path, counted, a read error noted), keeping to the tree the
 * task was given (discover.h, "Links"), and the parts of a set every tool fills alike: a .env read into it, the
 * region from the .qwlint.yaml that governs it, and the set added to the run's list.
 *
 * Ownership: a qw_source returned is the caller's, which hands it to a set; so are the strings returned, to free.
 * Messages go to out->errors.
 */
#include "discover_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config.h"
#include "dirs.h"
#include "escape.h"
#include "secret.h"
#include "util.h"

char *
qw_disc_display_path(const char *p)
{
	while (p[0] == '.' && p[1] == '/' && p[2])
		p += 2;
	return qw_xstrdup(p);
}

bool
qw_disc_exists(const char *path, bool *is_dir)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return false;
	if (is_dir)
		*is_dir = S_ISDIR(st.st_mode);
	return true;
}

/* Whether path names anything, and *is_dir whether that is a directory (for a link, its target). A symbolic link
 * whose target cannot be reached (a loop, a missing target) counts as a file the user meant to be read: it is
 * loaded, and the failure reported, rather than passed over as absent. lstat first: most names asked about are
 * absent, and then one call answers. */
bool
qw_disc_present(const char *path, bool *is_dir)
{
	struct stat st;
	*is_dir = false;
	if (lstat(path, &st) != 0)
		return false;
	if (S_ISLNK(st.st_mode) && stat(path, &st) != 0)
		return true;
	*is_dir = S_ISDIR(st.st_mode);
	return true;
}

bool
qw_disc_dir_named(const char *dir, const char *name)
{
	const char *b = qw_basename(dir);
	if (!strcmp(b, name))
		return true;
	if (strcmp(b, ".") && strcmp(b, ".."))
		return false;
	char *real = realpath(dir, NULL);
	bool yes = real && !strcmp(qw_basename(real), name);
	free(real);
	return yes;
}

bool
qw_disc_child_exists(const char *dir, const char *name, bool want_dir)
{
	char *p = qw_path_join(dir, name);
	bool d, e = qw_disc_present(p, &d);
	free(p);
	return e && d == want_dir;
}

int
qw_disc_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file read becomes one of the run's: shown by its display path, reported on, counted. */
qw_source *
qw_disc_adopt(qw_source *src, qw_sets *out)
{
	char *dp = qw_disc_display_path(src->path);
	free(src->path);
	src->path = dp;
	src->report = true;
	out->files++;
	return src;
}

static void
read_error(qw_sets *out, const char *path, const char *err)
{
	char *dp = qw_disc_display_path(path), *shown = qw_arg_shown(dp);
	qw_esc_buf_printf(&out->errors, "qwlint: %s: %s\n", shown, err);
	out->io_errors++;
	free(shown);
	free(dp);
}

/* A file read wherever its path leads: one named on the command line, or any file when the task keeps to no
 * tree. */
qw_source *
qw_disc_load(const char *path, const qw_options *opt, qw_sets *out)
{
	char err[256];
	qw_source *src = qw_source_load(path, opt->max_file_size, err, sizeof(err));
	if (!src) {
		read_error(out, path, err);
		return NULL;
	}
	return qw_disc_adopt(src, out);
}

/* ---- keeping to the tree (discover.h, "Links") ---- */

typedef enum reach {
	REACH_AS_IS,    /* read by its own path: no link in the way, or no tree to keep to */
	REACH_RESOLVED, /* a link to a file inside the tree: read (and written) by its resolved path */
	REACH_OUTSIDE,  /* leads out of the tree: not read */
	REACH_BROKEN,   /* a link that cannot be resolved (dangling, a loop): errno says why */
} reach;

/* How a file found in the task's tree may be read. Only a link costs more than an lstat: the walk never enters a
 * linked directory, and a home's directory is the tree's root or one the walk entered. strict: ask even when the
 * file is no link, for the files found under subdirectories a link could lead out through (a profile, Dify's
 * envs/ and plugin directories). *real: the resolved path, for REACH_RESOLVED (the caller frees). */
static reach
reach_of(const qw_sets *out, const char *path, bool strict, char **real)
{
	*real = NULL;
	struct stat st;
	if (!out->root || lstat(path, &st) != 0 || (!strict && !S_ISLNK(st.st_mode)))
		return REACH_AS_IS;
	switch (qw_path_within(out->root, path, real)) {
	case QW_WITHIN_YES:
		if (S_ISLNK(st.st_mode))
			return REACH_RESOLVED;
		free(*real);
		*real = NULL;
		return REACH_AS_IS;
	case QW_WITHIN_NO: return REACH_OUTSIDE;
	default: return REACH_BROKEN;
	}
}

/* The note for a file not read because it leads out of the tree: on stderr, not an I/O error. */
void
qw_disc_note_outside(qw_sets *out, const char *path)
{
	char *dp = qw_disc_display_path(path);
	qw_esc_buf_printf(&out->errors,
		      "qwlint: %s: not read: a symbolic link leads out of the directory named on the command line "
		      "(qwlint follows a link out of it only when the file itself is named)\n",
		      dp);
	free(dp);
}

/* A file found in the task's tree: read as reach_of says, the refusal noted. NULL when not read. */
qw_source *
qw_disc_load_found(const char *path, bool strict, const qw_options *opt, qw_sets *out)
{
	char *real;
	switch (reach_of(out, path, strict, &real)) {
	case REACH_AS_IS: return qw_disc_load(path, opt, out);
	case REACH_OUTSIDE: qw_disc_note_outside(out, path); return NULL;
	case REACH_BROKEN: {
		char err[256];
		snprintf(err, sizeof(err), "cannot open: %s", strerror(errno));
		read_error(out, path, err);
		return NULL;
	}
	case REACH_RESOLVED: break;
	}
	char err[256];
	qw_source *src = qw_source_load(real, opt->max_file_size, err, sizeof(err));
	if (!src) {
		read_error(out, path, err);
		free(real);
		return NULL;
	}
	/* shown by the link's name, where the user put it; opened and written by the target's */
	free(src->path);
	src->path = qw_xstrdup(path);
	free(src->fs_path);
	src->fs_path = real;
	return qw_disc_adopt(src, out);
}

/* A file read only to decide what a directory is (no note, nothing counted): NULL when the tree forbids it or it
 * cannot be read. */
qw_source *
qw_disc_probe_found(const char *path, size_t max, const qw_sets *out)
{
	char *real, err[256];
	reach r = reach_of(out, path, false, &real);
	if (r == REACH_OUTSIDE || r == REACH_BROKEN)
		return NULL;
	qw_source *src = qw_source_load(real ? real : path, max, err, sizeof(err));
	if (src && real) { /* kept for a home's set (hermes_config_in): named as qw_disc_load_found names it */
		free(src->path);
		src->path = qw_xstrdup(path);
		free(src->fs_path);
		src->fs_path = real;
		real = NULL;
	}
	free(real);
	return src;
}

void
qw_disc_attach_env(qw_set *set, qw_source *src)
{
	set->env = src;
	src->kind = QW_KIND_DOTENV;
	src->template = qw_is_template_name(qw_basename(src->path)) || qw_is_env_copy_name(qw_basename(src->path));
	set->dotenv = qw_dotenv_parse(src);
	for (size_t i = 0; i < set->dotenv->nvars; i++)
		if (qw_is_secret_name(set->dotenv->vars[i].key))
			qw_source_add_secret(src, set->dotenv->vars[i].value_span);
	for (size_t i = 0; i < set->dotenv->nerrors; i++)
		qw_mark_broken_line(src, set->dotenv->errors[i].offset);
	qw_mark_text_secrets(src);
}

/* region: from the .qwlint.yaml that governs the set's directory (config.h). */
void
qw_disc_load_local_config(qw_set *set, const qw_options *opt)
{
	if (!opt->configs)
		return;
	char *where = NULL;
	const char *r = qw_config_region(qw_config_for_dir(opt->configs, set->dir), &where);
	if (r) {
		set->region = qw_xstrdup(r);
		set->region_from = (qw_origin){NULL, {0, 0}, where};
	}
}

void
qw_disc_push_set(qw_sets *out, qw_set *set)
{
	QW_PUSH(out->v, out->n, out->cap, set);
}

char *
qw_disc_dir_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? qw_xstrndup(path, s == path ? 1 : (size_t)(s - path)) : qw_xstrdup(".");
}
