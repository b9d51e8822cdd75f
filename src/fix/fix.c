/*
 * fix.c - see fix.h. The loop: lint with the overlay (the edited texts not yet written), take every applicable
 * repair whose edits do not overlap one already taken in that file (the rest wait for the next pass), apply,
 * repeat. Nothing touches the disk until every pass converged and every changed file passed the re-parse check
 * (fix_verify.c); then the write plan writes the files, or --diff prints them (fix_diff.c).
 *
 * Ownership: a round's state (fixstate) owns every qw_touched (fix_int.h) and what it holds, freed by free_state
 * when a refusal starts the passes again and at the end; what a pass reads belongs to qw_pipeline_stream.
 */
#include "fix.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "escape.h"
#include "fix_int.h"
#include "pipeline.h"
#include "rules.h"
#include "secret.h"
#include "util.h"
#include "write.h"

/* The files repairs change, found by path through index (the entry's number + 1, as a pointer). The pass and
 * the batch (one task's findings, qw_pipeline_stream) being repaired. */
typedef struct fixstate {
	qw_touched *v;
	size_t n, cap;
	qw_strmap index;
	int pass;
	size_t batch;
	size_t ngroups;
	const qw_strmap *refused; /* paths an earlier round refused: no repair that touches one is taken */
} fixstate;

/* The touched entry of path, or NULL. */
static qw_touched *
touched_of(const fixstate *st, const char *path)
{
	void *at;
	return qw_strmap_find(&st->index, path, &at) ? &st->v[(uintptr_t)at - 1] : NULL;
}

static qw_touched *
touch(fixstate *st, const qw_fixpart *p)
{
	qw_touched *found = touched_of(st, p->path);
	if (found)
		return found;
	qw_touched t = {0};
	t.path = qw_xstrdup(p->path);
	t.display = qw_path_shown(p->display); /* every line --fix and --diff print names it so */
	t.created = !p->src;
	t.orig = p->src ? qw_xstrndup(p->src->data, p->src->len) : qw_xstrdup("");
	t.syntax = p->src ? p->src->syntax : QW_SYNTAX_BY_NAME;
	t.orig_len = p->src ? p->src->len : 0;
	t.orig_mode = p->src ? p->src->mode : 0;
	t.dev = p->src ? p->src->dev : 0;
	t.ino = p->src ? p->src->ino : 0;
	t.pass = -1; /* no batch has changed it yet: one_pass sets its pass and batch when it applies the edits */
	t.group = ++st->ngroups;
	QW_PUSH(st->v, st->n, st->cap, t);
	qw_strmap_put(&st->index, p->path, (void *)(uintptr_t)st->n);
	return &st->v[st->n - 1];
}

static int
cmp_edit(const void *a, const void *b)
{
	const qw_edit *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Two insertions at one point, or ranges that share a byte, would fight. */
static bool
fight(const qw_edit *t, const qw_edit *e)
{
	return (e->start < t->end && t->start < e->end) ||
	       (e->start == t->start && (e->start == e->end || t->start == t->end));
}

/* Does e fight an edit taken? The taken edits never fight each other, so once sorted by start their ends are in
 * order too: only the last that starts before e and the first that does not can fight it (a binary search, not a
 * scan: a file of 300,000 repeated lines has as many edits). */
static bool
overlaps(const qw_edit *taken, size_t n, bool sorted, const qw_edit *e)
{
	if (!sorted) {
		for (size_t i = 0; i < n; i++)
			if (fight(&taken[i], e))
				return true;
		return false;
	}
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (taken[mid].start < e->start)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (lo > 0 && fight(&taken[lo - 1], e)) || (lo < n && fight(&taken[lo], e));
}

/* The edits taken in one file during one pass. */
typedef struct pending {
	const qw_fixpart *first; /* for the path, and the text the edits apply to */
	qw_edit *edits;
	size_t n, cap;
	bool unsorted; /* an edit was taken before one already taken (overlaps scans them then) */
	unsigned mode;
} pending;

static pending *
pending_for(pending **v, size_t *n, size_t *cap, const qw_fixpart *p)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].first->path, p->path))
			return &(*v)[i];
	pending q = {0};
	q.first = p;
	QW_PUSH(*v, *n, *cap, q);
	return &(*v)[*n - 1];
}

/* Whether part names, under another path, a file that repairs already change (discover.h, "Identity": the
 * pipeline reports a file once, but a repair found in one file may edit another one, which a second set reached
 * by a link). The file is repaired by the path it was first changed by; writing it by two would lose an edit. */
static bool
other_spelling(const fixstate *st, const qw_fixpart *part)
{
	if (!part->src || (!part->src->dev && !part->src->ino))
		return false;
	for (size_t i = 0; i < st->n; i++)
		if (st->v[i].dev == part->src->dev && st->v[i].ino == part->src->ino && strcmp(st->v[i].path, part->path))
			return true;
	return false;
}

/* Can every part of x be taken without overlapping an edit already taken this pass? A file another batch of
 * this pass changed waits for the next pass: this batch read it before that change. */
static bool
fits(const fixstate *st, const qw_fixit *x, pending *pv, size_t pn)
{
	for (size_t p = 0; p < x->nparts; p++) {
		const qw_fixpart *part = &x->parts[p];
		if (!*part->path)
			return false; /* a memory source: nothing to write */
		if (other_spelling(st, part))
			return false;
		if (qw_strmap_find(st->refused, part->path, NULL))
			return false; /* its file's repairs were refused: the others are made without them */
		const qw_touched *t = touched_of(st, part->path);
		if (t && t->pass == st->pass && t->batch != st->batch)
			return false;
		size_t len = part->src ? part->src->len : 0;
		for (size_t k = 0; k < part->nedits; k++)
			if (part->edits[k].start > part->edits[k].end || part->edits[k].end > len)
				return false; /* a rule's bug must not become a corrupt file */
		for (size_t i = 0; i < pn; i++) {
			if (strcmp(pv[i].first->path, part->path))
				continue;
			/* edits are offsets into the text as read; a created file's edits apply to nothing */
			if (!part->src != !pv[i].first->src)
				return false;
			for (size_t k = 0; k < part->nedits; k++)
				if (overlaps(pv[i].edits, pv[i].n, !pv[i].unsorted, &part->edits[k]))
					return false;
			if (part->mode && pv[i].mode && part->mode != pv[i].mode)
				return false;
		}
	}
	return true;
}

/* Would x change nothing: every edit puts back the text it replaces, and every mode is the file's already? Such a
 * repair (one whose finding comes from elsewhere, e.g. a value that another setting overrides) is not taken: it
 * would be taken again in every pass, and the passes would never settle. */
static bool
changes_nothing(const qw_fixit *x)
{
	for (size_t p = 0; p < x->nparts; p++) {
		const qw_fixpart *part = &x->parts[p];
		if (!part->src || (part->mode && part->mode != part->src->mode))
			return false;
		for (size_t k = 0; k < part->nedits; k++) {
			const qw_edit *e = &part->edits[k];
			size_t n = e->len;
			if (e->start > e->end || e->end > part->src->len || e->end - e->start != n ||
			    memcmp(part->src->data + e->start, e->text, n))
				return false;
		}
	}
	return true;
}

/* Add rule id to the list "QW202, QW901" unless it is there. */
static void
add_rule(char **list, const char *id)
{
	size_t l = strlen(id);
	for (const char *r = *list; r; r = strchr(r, ',') ? strchr(r, ',') + 2 : NULL)
		if (!strncmp(r, id, l) && (r[l] == ',' || !r[l]))
			return;
	char *n = *list ? qw_xprintf("%s, %s", *list, id) : qw_xstrdup(id);
	free(*list);
	*list = n;
}

/* Note that repair x of rule id was taken: the rule on each file it changes, the files in one group (named
 * together when one of them is refused), and the repair counted at its first file. */
static void
note_taken(fixstate *st, const qw_fixit *x, const char *id)
{
	size_t g = touched_of(st, x->parts[0].path)->group;
	for (size_t p = 0; p < x->nparts; p++) {
		qw_touched *t = touched_of(st, x->parts[p].path);
		size_t old = t->group;
		for (size_t i = 0; old != g && i < st->n; i++)
			if (st->v[i].group == old)
				st->v[i].group = g;
		add_rule(&t->rules, id);
	}
	touched_of(st, x->parts[0].path)->repairs++;
}

/* One batch of a pass: take every applicable repair that fits (the rest wait for the next pass), and apply the
 * edits to the files' new texts; their overlays are set when the pass ends (set_overlays), since other batches
 * of the pass are being read meanwhile. Returns the number of repairs taken. */
static int
one_pass(const qw_sets *sets, const qw_findings *fs, const qw_fix_options *fo, fixstate *st)
{
	int applied = 0;
	pending *pv = NULL;
	size_t pn = 0, pcap = 0;
	for (size_t i = 0; i < fs->n; i++) {
		const qw_fixit *x = fs->v[i].fixit;
		if (!x || !x->nparts || (x->safety != QW_FIX_SAFE && x->safety != QW_FIX_UNSAFE))
			continue;
		if (x->safety == QW_FIX_UNSAFE && !fo->unsafe &&
		    qw_config_unsafe_fixes(qw_config_for_path(sets->configs, fs->v[i].src->path)) != 1)
			continue;
		if (changes_nothing(x) || !fits(st, x, pv, pn))
			continue;
		for (size_t p = 0; p < x->nparts; p++) {
			const qw_fixpart *part = &x->parts[p];
			pending *q = pending_for(&pv, &pn, &pcap, part);
			for (size_t k = 0; k < part->nedits; k++) {
				q->unsorted |= q->n && part->edits[k].start < q->edits[q->n - 1].start;
				QW_PUSH(q->edits, q->n, q->cap, part->edits[k]);
			}
			if (part->mode)
				q->mode = part->mode;
			qw_touched *t = touch(st, part);
			for (size_t k = 0; k < part->nkeys; k++) {
				char *key = qw_xstrdup(part->keys[k]);
				QW_PUSH(t->keys, t->nkeys, t->keys_cap, key);
			}
			t->backup |= part->backup;
		}
		note_taken(st, x, fs->v[i].rule ? fs->v[i].rule->id : "?");
		applied++;
	}
	for (size_t i = 0; i < pn; i++) {
		pending *q = &pv[i];
		qw_touched *t = touch(st, q->first);
		t->pass = st->pass;
		t->batch = st->batch;
		if (q->mode)
			t->mode = q->mode;
		if (q->n) {
			const char *data = q->first->src ? q->first->src->data : "";
			size_t len = q->first->src ? q->first->src->len : 0;
			qsort(q->edits, q->n, sizeof(qw_edit), cmp_edit);
			qw_buf b = {0};
			size_t at = 0;
			for (size_t k = 0; k < q->n; k++) {
				qw_buf_add(&b, data + at, q->edits[k].start - at);
				qw_buf_add(&b, q->edits[k].text, q->edits[k].len);
				at = q->edits[k].end;
			}
			qw_buf_add(&b, data + at, len - at);
			free(t->cur);
			t->cur_len = b.len;
			t->cur = b.data ? qw_buf_steal(&b) : qw_xstrdup("");
		}
		free(q->edits);
	}
	free(pv);
	return applied;
}


static bool
content_changed(const qw_touched *t)
{
	return t->cur && (t->created || t->cur_len != t->orig_len || memcmp(t->cur, t->orig, t->orig_len));
}

static bool
mode_changed(const qw_touched *t)
{
	return t->mode && t->mode != t->orig_mode;
}

/* Is the file on disk still what the passes started from? (Hermes, or the user, may have written it since.) A file
 * to create must still be missing. The last word is qw_write_atomic's, right before its rename; this check only
 * spares a backup of a file that will not be written. */
static bool
unchanged_on_disk(const qw_touched *t)
{
	char err[256];
	struct stat sb;
	if (t->created)
		return lstat(t->path, &sb) != 0;
	qw_source *now = qw_source_load(t->path, 0, err, sizeof(err));
	bool same = now && now->len == t->orig_len && !memcmp(now->data, t->orig, t->orig_len);
	qw_source_free(now);
	return same;
}

/* The mode of a file a repair creates, unless the repair says: 0600 for what may hold a key, the mode any new
 * file gets for a .gitignore (0644 less the umask), which every user of a checkout must read. */
static unsigned
create_mode(const qw_touched *t)
{
	if (t->mode)
		return t->mode;
	if (strcmp(qw_basename(t->path), ".gitignore"))
		return 0600;
	mode_t mask = umask(077);
	umask(mask);
	return 0644 & ~(unsigned)mask;
}

/* Says why t was not written because the disk is not what the passes read. A file to create that is there as
 * something else (a directory, a FIFO, a dangling link) is no race, and running again would not help (#28). */
static void
say_changed(const qw_touched *t)
{
	char err[512];
	if (t->created && qw_write_check(t->path, true, err, sizeof(err)) != 0 &&
	    !strstr(err, "created by another process"))
		qw_esc_fprintf(stderr, "qwlint: %s: %s; nothing was written to it\n", t->display, err);
	else
		qw_esc_fprintf(stderr, "qwlint: %s changed while qwlint was reading it; run qwlint --fix again\n", t->display);
}

/* Write one file: backup, contents, mode. Holds Hermes's auth.lock while rewriting auth.json. 0 or -1. */
static int
write_one(const qw_touched *t, const qw_fix_options *fo, const char *stamp, FILE *out)
{
	char err[512];
	int lock = -1;
	if (!strcmp(qw_basename(t->path), "auth.json")) {
		char *dir = qw_dirname(t->path);
		lock = qw_lock_acquire(dir, fo->lock_wait, err, sizeof(err));
		free(dir);
		if (lock < 0) {
			qw_esc_fprintf(stderr, "qwlint: %s: %s; the file is unchanged\n", t->display, err);
			return -1;
		}
	}
	int rc = -1;
	if (!unchanged_on_disk(t)) {
		say_changed(t);
		goto out;
	}
	if (t->backup && !fo->no_backup && !t->created) {
		char *dir = qw_dirname(t->path);
		char *bdir = qw_xprintf("%s/.qwlint-backup/%s", dir, stamp);
		free(dir);
		/* the bytes compared with the disk just above, and again before the rename */
		if (qw_write_backup(t->path, t->orig, t->orig_len, stamp, err, sizeof(err)) != 0) {
			qw_esc_fprintf(stderr, "qwlint: %s: cannot write the backup (%s); the file is unchanged\n", t->display, err);
			free(bdir);
			goto out;
		}
		char *shown = qw_path_shown(bdir);
		qw_esc_fprintf(out, "Backed up %s in %s\n", t->display, shown);
		free(shown);
		free(bdir);
	}
	if (content_changed(t)) {
		int w = qw_write_atomic(t->path, t->cur, t->cur_len, t->created ? NULL : t->orig, t->orig_len,
					create_mode(t), err, sizeof(err));
		if (w == QW_WRITE_CHANGED) {
			qw_esc_fprintf(stderr, "qwlint: %s: %s; nothing was written to it (run qwlint --fix again)\n", t->display,
				err);
			goto out;
		}
		if (w != 0) {
			qw_esc_fprintf(stderr, "qwlint: %s: %s; the file is unchanged\n", t->display, err);
			goto out;
		}
	}
	if (mode_changed(t) && qw_write_chmod(t->path, t->mode, err, sizeof(err)) != 0) {
		qw_esc_fprintf(stderr, "qwlint: %s: %s\n", t->display, err);
		goto out;
	}
	if (t->created)
		qw_esc_fprintf(out, "Created %s\n", t->display);
	else
		qw_esc_fprintf(out, "Fixed %s\n", t->display);
	rc = 0;
out:
	qw_lock_release(lock);
	return rc;
}

/* The names qwlint may write in dir: the files it read there, and those a repair creates. A temp file left
 * beside one of them (or beside its backup) is recognised by that name (qw_write_clean). */
static void
names_in(const qw_sets *sets, const char *dir, char ***names, size_t *n, size_t *cap)
{
	static const char *const created[] = {"config.yaml", ".env", ".gitignore", "auth.json"};
	for (size_t i = 0; i < sizeof(created) / sizeof(*created); i++) {
		char *c = qw_xstrdup(created[i]);
		QW_PUSH(*names, *n, *cap, c);
	}
	for (size_t i = 0; i < sets->n; i++) {
		qw_source *src;
		for (size_t k = 0; (src = qw_set_source(sets->v[i], k)) != NULL; k++) {
			if (!src->fs_path)
				continue;
			char *d = qw_dirname(src->fs_path);
			if (!strcmp(d, dir)) {
				char *b = qw_xstrdup(qw_basename(src->fs_path));
				QW_PUSH(*names, *n, *cap, b);
			}
			free(d);
		}
	}
}

/* Before writing anything: remove what an interrupted earlier --fix left beside the files read. */
static void
clean_stale(const qw_sets *sets, FILE *out)
{
	char **seen = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < sets->n; i++) {
		qw_source *src;
		for (size_t k = 0; (src = qw_set_source(sets->v[i], k)) != NULL; k++) {
			if (!src->fs_path)
				continue;
			char *dir = qw_dirname(src->fs_path);
			bool dup = false;
			for (size_t j = 0; j < n && !dup; j++)
				dup = !strcmp(seen[j], dir);
			if (dup) {
				free(dir);
				continue;
			}
			char **names = NULL;
			size_t nn = 0, ncap = 0;
			names_in(sets, dir, &names, &nn, &ncap);
			qw_write_clean(dir, (const char *const *)names, nn, out);
			for (size_t j = 0; j < nn; j++)
				free(names[j]);
			free(names);
			QW_PUSH(seen, n, cap, dir);
		}
	}
	for (size_t j = 0; j < n; j++)
		free(seen[j]);
	free(seen);
}

/* A pass's batches, handed on in order by qw_pipeline_stream. */
typedef struct fixpass {
	const qw_fix_options *fo;
	fixstate *st;
	FILE *out;
	int taken;
} fixpass;

static qw_span *
copy_spans(const qw_source *src, size_t *n)
{
	*n = src->nsecrets;
	qw_span *v = qw_xmalloc((src->nsecrets + 1) * sizeof(qw_span));
	if (src->nsecrets)
		memcpy(v, src->secrets, src->nsecrets * sizeof(qw_span));
	return v;
}

/* Keep the secret spans of each touched file's texts as this batch read them: the text before any repair, and
 * the latest repaired text (read from the overlay by the pass after the one that made it). */
static void
keep_secrets(const qw_sets *sets, fixstate *st)
{
	for (size_t i = 0; i < sets->n; i++) {
		qw_source *src;
		for (size_t k = 0; (src = qw_set_source(sets->v[i], k)) != NULL; k++) {
			qw_touched *t = src->fs_path ? touched_of(st, src->fs_path) : NULL;
			if (!t)
				continue;
			qw_source_sort_secrets(src);
			if (!t->orig_known && !t->created && src->len == t->orig_len &&
			    !memcmp(src->data, t->orig, t->orig_len)) {
				t->orig_secrets = copy_spans(src, &t->norig_secrets);
				t->orig_known = true;
			}
			if (t->cur && src->len == t->cur_len && !memcmp(src->data, t->cur, t->cur_len)) {
				free(t->cur_secrets);
				t->cur_secrets = copy_spans(src, &t->ncur_secrets);
			}
		}
	}
}

static void
fix_batch(void *arg, const qw_sets *sets, const qw_findings *fs)
{
	fixpass *fp = arg;
	fp->st->batch++;
	if (fp->st->pass == 0 && !fp->fo->diff)
		clean_stale(sets, fp->out);
	fp->taken += one_pass(sets, fs, fp->fo, fp->st);
	keep_secrets(sets, fp->st);
}

/* The texts and modes a pass changed become what the next pass reads. */
static void
set_overlays(fixstate *st)
{
	for (size_t i = 0; i < st->n; i++) {
		const qw_touched *t = &st->v[i];
		if (t->pass != st->pass)
			continue; /* not changed in this pass: its overlay, if any, is already what it was */
		if (t->mode)
			qw_overlay_set_mode(t->path, t->mode);
		if (t->cur)
			qw_overlay_set(t->path, t->cur, t->cur_len);
	}
}

static int
cmp_touched(const void *a, const void *b)
{
	return strcmp(((const qw_touched *)a)->path, ((const qw_touched *)b)->path);
}

static void
free_state(fixstate *st)
{
	for (size_t i = 0; i < st->n; i++) {
		free(st->v[i].path);
		free(st->v[i].display);
		free(st->v[i].orig);
		free(st->v[i].cur);
		for (size_t k = 0; k < st->v[i].nkeys; k++)
			free(st->v[i].keys[k]);
		free(st->v[i].keys);
		free(st->v[i].rules);
		free(st->v[i].orig_secrets);
		free(st->v[i].cur_secrets);
	}
	free(st->v);
	qw_strmap_free(&st->index);
}

/* Lint and repair until nothing changes. print: the first pass of --diff prints the lint's messages. Returns
 * false when the passes did not settle. */
static bool
run_passes(fixstate *st, char *const *paths, int npaths, const qw_options *opt, const qw_kb *kb,
	   const qw_fix_options *fo, FILE *out, bool print)
{
	int pass;
	for (pass = 0; pass < QW_FIX_MAX_PASSES; pass++) {
		fixpass fp = {fo, st, out, 0};
		st->pass = pass;
		st->batch = 0;
		qw_sets totals = {0};
		qw_findings none = {0};
		qw_pipeline_stream(paths, npaths, opt, kb, fo->jobs, pass == 0 && print, fix_batch, &fp, &totals);
		qw_pipeline_free(&totals, &none);
		set_overlays(st);
		if (!fp.taken)
			break;
	}
	/* written and shown in the order of their paths, whichever task found them */
	if (st->n)
		qsort(st->v, st->n, sizeof(qw_touched), cmp_touched);
	qw_overlay_clear(); /* from here on, files are read as they are on disk */
	return pass < QW_FIX_MAX_PASSES;
}

/* Refuse t: none of its repairs is made, in it or in any other file (a repair that spans two files is made in both
 * or in neither), and the next round works the others out without them. The message names the file, the rules
 * whose repairs it loses and the other files such a repair would have changed. refused records the path. */
static void
refuse(fixstate *st, qw_touched *t, const char *why, qw_strmap *refused)
{
	qw_buf also = {0};
	for (size_t i = 0; i < st->n; i++)
		if (st->v[i].group == t->group && &st->v[i] != t)
			qw_buf_printf(&also, "%s%s", also.len ? ", " : "", st->v[i].display);
	qw_esc_fprintf(stderr, "qwlint: %s: not repaired (%s): %s; the file is left as it was%s%s\n", t->display,
		t->rules ? t->rules : "?", why, also.len ? ", and so are the parts of these repairs in " : "",
		also.len ? also.data : "");
	qw_buf_free(&also);
	t->refused = true;
	qw_strmap_put(refused, t->path, NULL);
}

/* Was a file of t's group refused in this round? Then t is checked in the next one, worked out without that
 * file's repairs: its text now may hold a part of one. */
static bool
group_refused(const fixstate *st, const qw_touched *t)
{
	for (size_t i = 0; i < st->n; i++)
		if (st->v[i].group == t->group && st->v[i].refused)
			return true;
	return false;
}

/* Check every new text with an independent parser, and every target file for writability, before anything is
 * written. A file that fails is refused (refuse); the others stay. Returns how many were refused. */
static int
check_all(fixstate *st, const qw_fix_options *fo, qw_strmap *refused)
{
	int n = 0;
	for (size_t i = 0; i < st->n; i++) {
		char err[512];
		qw_touched *t = &st->v[i];
		if (group_refused(st, t))
			continue;
		bool bad = content_changed(t) && !qw_fix_verify(t, err, sizeof(err));
		if (!bad && !fo->diff && (content_changed(t) || mode_changed(t)))
			bad = qw_write_check(t->path, t->created, err, sizeof(err)) != 0;
		if (bad) {
			refuse(st, t, err, refused);
			n++;
		}
	}
	return n;
}

int
qw_fix_run(char *const *paths, int npaths, const qw_options *opt, const qw_kb *kb, const qw_fix_options *fo,
	   FILE *out, int *changed_files, int *refused_files)
{
	int fixed = 0, rc = 0;
	*changed_files = *refused_files = 0;
	/* Files whose repairs were refused. When one is, the passes run again without any repair that touches it:
	 * a repair of another file may have been made with the refused file's new text in view (a later pass reads
	 * every file as repaired so far), and must be worked out again from its text as it stays. */
	qw_strmap refused = {0};
	fixstate st;
	for (int round = 0;; round++) {
		st = (fixstate){0};
		st.refused = &refused;
		if (!run_passes(&st, paths, npaths, opt, kb, fo, out, fo->diff && round == 0)) {
			fprintf(stderr, "qwlint: --fix: the repairs did not settle after %d passes; nothing was written\n",
				QW_FIX_MAX_PASSES);
			rc = -1;
			break;
		}
		int n = check_all(&st, fo, &refused);
		*refused_files += n;
		if (!n)
			break;
		free_state(&st);
	}
	/* the backup directory's name: the time, and the process so that two runs in one second never share it */
	char stamp[64];
	time_t now = time(NULL);
	struct tm tm;
	size_t sl = strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", localtime_r(&now, &tm));
	snprintf(stamp + sl, sizeof(stamp) - sl, "-%ld", (long)getpid());
	/* Files that only gain first: if a later write fails, a moved value exists twice rather than nowhere. */
	for (int round = 0; round < 2; round++)
		for (size_t i = 0; rc == 0 && i < st.n; i++) {
			qw_touched *t = &st.v[i];
			if (t->removes != (round == 1) || (!content_changed(t) && !mode_changed(t)))
				continue;
			(*changed_files)++;
			fixed += t->repairs;
			if (fo->diff) {
				if (content_changed(t))
					qw_fix_print_diff(out, kb, t);
				if (mode_changed(t))
					qw_esc_fprintf(out, "mode %s: %04o -> %04o\n", t->display, t->orig_mode,
						       t->mode);
				continue;
			}
			if (write_one(t, fo, stamp, out) != 0)
				rc = -1;
		}
	free_state(&st);
	qw_strmap_free(&refused);
	return rc ? -1 : fixed;
}
