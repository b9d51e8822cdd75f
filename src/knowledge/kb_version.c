/* kb_version.c - Hermes versions in the knowledge base (kb.h, kb_impl.h): version points, the since/until windows
 * of rows, aliases and features, the selected version and the provider view at it, the installed Hermes's
 * version, and provider names as resolve_provider compares them. Version points: rules/README.md. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb_impl.h"
#include "secret.h"
#include "util.h"

#define UNDATED 99991231L
#define NEWEST_REL 1000000000L /* the newest known Hermes sorts after every point */

/* "YYYY-MM-DD" -> YYYYMMDD, or -1. */
static long
parse_day(const char *s)
{
	int y, m, d;
	char tail;
	if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
	    d > 31 || s[4] != '-' || s[7] != '-')
		return -1;
	return (long)y * 10000 + m * 100 + d;
}

/* "X.Y.Z" (digits and dots only, one to three parts) at s, up to end; false when it is not one. */
static bool
parse_release(const char *s, const char *end, long rel[3])
{
	rel[0] = rel[1] = rel[2] = 0;
	int k = 0;
	const char *p = s;
	while (p < end) {
		if (k == 3 || !isdigit((unsigned char)*p))
			return false;
		long v = 0;
		while (p < end && isdigit((unsigned char)*p) && v < 100000000L)
			v = v * 10 + (*p++ - '0');
		rel[k++] = v;
		if (p < end && *p == '.' && p + 1 < end)
			p++;
		else if (p < end)
			return false;
	}
	return k > 0;
}

/* A version point: "0.18.2", or "post-0.18.2 (REF, YYYY-MM-DD)" / "post-0.18.2 (REF, undated)". */
static bool
parse_point(const char *s, hpoint *pt)
{
	if (!s)
		return false;
	*pt = (hpoint){{0, 0, 0}, 0};
	if (!qw_startswith(s, "post-"))
		return parse_release(s, s + strlen(s), pt->rel);
	const char *r = s + 5, *sp = strchr(r, ' ');
	if (!sp || sp[1] != '(' || s[strlen(s) - 1] != ')' || !parse_release(r, sp, pt->rel))
		return false;
	const char *close = s + strlen(s) - 1, *comma = NULL;
	for (const char *q = sp + 2; q < close; q++)
		if (*q == ',')
			comma = q;
	if (!comma || comma[1] != ' ')
		return false;
	char *last = qw_xstrndup(comma + 2, (size_t)(close - comma - 2));
	long day = !strcmp(last, "undated") ? UNDATED : parse_day(last);
	free(last);
	if (day < 0)
		return false;
	pt->date = day;
	return true;
}

bool
qw_hermes_point_valid(const char *point)
{
	hpoint p;
	return parse_point(point, &p);
}

static int
point_cmp(const hpoint *a, const hpoint *b)
{
	for (int i = 0; i < 3; i++)
		if (a->rel[i] != b->rel[i])
			return a->rel[i] < b->rel[i] ? -1 : 1;
	return a->date < b->date ? -1 : a->date > b->date;
}

static bool
in_window(const window *w, const hpoint *at)
{
	return (!w->has_since || point_cmp(&w->since, at) <= 0) && (!w->has_until || point_cmp(at, &w->until) < 0);
}

/* The since/until of map e; a malformed one is noted in kb->bad (qw_kb_load fails with it). */
static window
window_of(qw_kb *kb, const qw_node *e, const char *what)
{
	window w = {0};
	const char *s = qw_map_str(e, "since"), *u = qw_map_str(e, "until");
	w.since_s = s ? qw_xstrdup(s) : NULL;
	w.until_s = u ? qw_xstrdup(u) : NULL;
	if (s && !(w.has_since = parse_point(s, &w.since)) && !kb->bad)
		kb->bad = qw_xprintf("%s: since \"%s\" is not a Hermes version point", what, s);
	if (u && !(w.has_until = parse_point(u, &w.until)) && !kb->bad)
		kb->bad = qw_xprintf("%s: until \"%s\" is not a Hermes version point", what, u);
	return w;
}

/* ---- the finish hooks of the schema (kb_schema.c) ---- */

bool
kb_release_finish(qw_kb *kb, void *rec, const qw_node *map, size_t index)
{
	struct release *r = rec;
	if (r->version && parse_release(r->version, r->version + strlen(r->version), r->at.rel) &&
	    (r->day = parse_day(r->date)) >= 0)
		return true;
	if (!kb->bad)
		kb->bad = qw_xprintf("hermes_versions.releases[%zu]: needs a version X.Y.Z and a date YYYY-MM-DD", index);
	return false;
}

bool
kb_versions_finish(qw_kb *kb, void *rec, const qw_node *map, size_t index)
{
	const struct versions *v = rec;
	if ((!v->nreleases || parse_day(v->knowledge_to) < 0) && !kb->bad)
		kb->bad = qw_xstrdup("hermes_versions: needs releases and knowledge_to (YYYY-MM-DD)");
	return true;
}

bool
kb_feature_finish(qw_kb *kb, void *rec, const qw_node *map, size_t index)
{
	struct feature *f = rec;
	f->win = window_of(kb, map, f->name);
	return true;
}

void
kb_provider_windows(qw_kb *kb, const qw_provider *p, const qw_node *map)
{
	/* aliases: a name, or {name, since, until}: the same items, in the same order, as p->aliases (KB_NAMES) */
	const qw_node *al = qw_map_get(map, "aliases");
	size_t na = al && al->type == QW_NODE_SEQ ? al->nitems : 0, k = 0;
	window *aw = qw_xcalloc(na + 1, sizeof(window));
	for (size_t j = 0; j < na; j++) {
		const qw_node *a = al->items[j];
		const char *name = a->type == QW_NODE_MAP ? qw_map_str(a, "name") : qw_node_str(a);
		if (!name)
			continue;
		if (a->type == QW_NODE_MAP)
			aw[k] = window_of(kb, a, name);
		k++;
	}
	window rw = window_of(kb, map, p->id);
	QW_PUSH(kb->row_win, kb->nrow_win, kb->row_win_cap, rw);
	QW_PUSH(kb->alias_win, kb->nalias_win, kb->alias_win_cap, aw);
}

void
kb_free_versions(qw_kb *kb)
{
	for (size_t i = 0; i < kb->nproviders; i++)
		free(kb->providers[i].aliases); /* the view's own: the rest is the rows' */
	free(kb->providers);
	for (size_t i = 0; i < kb->nrow_win; i++) {
		for (size_t j = 0; j < kb->rows[i].naliases; j++)
			free(kb->alias_win[i][j].since_s), free(kb->alias_win[i][j].until_s);
		free(kb->alias_win[i]);
		free(kb->row_win[i].since_s), free(kb->row_win[i].until_s);
	}
	free(kb->row_win);
	free(kb->alias_win);
	free(kb->sel_name), free(kb->sel_why), free(kb->newer_installed);
}

/* ---- the selected version ---- */

/* The view at kb->sel: the rows in their windows, each with the aliases in theirs. */
static void
build_view(qw_kb *kb)
{
	for (size_t i = 0; i < kb->nproviders; i++)
		free(kb->providers[i].aliases);
	kb->nproviders = 0;
	for (size_t i = 0; i < kb->nrows; i++) {
		if (!in_window(&kb->row_win[i], &kb->sel))
			continue;
		qw_provider p = kb->rows[i];
		p.aliases = qw_xcalloc(p.naliases + 1, sizeof(char *));
		p.naliases = 0;
		for (size_t j = 0; j < kb->rows[i].naliases; j++)
			if (in_window(&kb->alias_win[i][j], &kb->sel))
				p.aliases[p.naliases++] = kb->rows[i].aliases[j];
		QW_PUSH(kb->providers, kb->nproviders, kb->providers_cap, p);
	}
}

static void
select_point(qw_kb *kb, hpoint at, const char *name, char *why)
{
	kb->sel = at;
	free(kb->sel_name);
	kb->sel_name = qw_xstrdup(name);
	free(kb->sel_why);
	kb->sel_why = why;
	build_view(kb);
}

static hpoint
newest_point(void)
{
	return (hpoint){{NEWEST_REL, 0, 0}, 0};
}

int
qw_kb_set_hermes_version(qw_kb *kb, const char *version, char *err, size_t errlen)
{
	const struct versions *hv = &kb->hv;
	free(kb->newer_installed);
	kb->newer_installed = NULL;
	if (!version || !strcmp(version, "newest")) {
		select_point(kb, newest_point(), "newest",
			     version ? qw_xstrdup("--hermes-version")
				     : qw_xprintf("newest known (knowledge to %s)", hv->knowledge_to));
		return 0;
	}
	for (size_t i = 0; i < hv->nreleases; i++)
		if (!strcmp(hv->releases[i].version, version)) {
			select_point(kb, hv->releases[i].at, version, qw_xstrdup("--hermes-version"));
			return 0;
		}
	long day = parse_day(version), to = parse_day(hv->knowledge_to);
	if (day >= 0 && hv->nreleases && day >= hv->releases[0].day && day <= to) {
		/* main on that day: after the newest release made by then */
		hpoint at = hv->releases[0].at;
		for (size_t i = 0; i < hv->nreleases; i++)
			if (hv->releases[i].day <= day)
				at = hv->releases[i].at;
		at.date = day;
		select_point(kb, at, version, qw_xstrdup("--hermes-version"));
		return 0;
	}
	qw_buf known = {0};
	for (size_t i = 0; i < hv->nreleases; i++)
		qw_buf_printf(&known, "%s, ", hv->releases[i].version);
	snprintf(err, errlen, "unknown Hermes version (known: %snewest, or a date from %s to %s: Hermes's main branch "
			      "that day)",
		 known.data ? known.data : "", hv->nreleases ? hv->releases[0].date : "?", hv->knowledge_to);
	qw_buf_free(&known);
	return -1;
}

/* The version an installed Hermes's code in dir declares (`__version__ = "X"` in its version file), or NULL. */
static char *
installed_version(const struct hermes_install *in, const char *dir)
{
	char *path = qw_path_join(dir, in->version_file);
	FILE *f = fopen(path, "r");
	free(path);
	if (!f)
		return NULL;
	char line[512], *out = NULL;
	size_t vl = strlen(in->version_var);
	for (int n = 0; !out && n < 2000 && fgets(line, sizeof(line), f); n++) {
		if (strncmp(line, in->version_var, vl))
			continue;
		const char *p = line + vl;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p++ != '=')
			continue;
		while (*p == ' ' || *p == '\t')
			p++;
		char q = *p;
		const char *end = (q == '"' || q == '\'') ? strchr(p + 1, q) : NULL;
		if (!end || end - p - 1 < 1 || end - p - 1 > 40)
			continue;
		char *v = qw_xstrndup(p + 1, (size_t)(end - p - 1));
		long rel[3];
		size_t nd = strspn(v, "0123456789.");
		if (parse_release(v, v + nd, rel))
			out = v;
		else
			free(v);
	}
	fclose(f);
	return out;
}

/* Selects the release an installed Hermes version v (at shown) is modelled as. */
static void
select_installed(qw_kb *kb, const char *v, const char *shown)
{
	const struct versions *hv = &kb->hv;
	long rel[3];
	parse_release(v, v + strspn(v, "0123456789."), rel);
	hpoint at = {{rel[0], rel[1], rel[2]}, 0};
	const struct release *first = &hv->releases[0], *last = &hv->releases[hv->nreleases - 1];
	if (point_cmp(&at, &last->at) > 0) {
		select_point(kb, newest_point(), "newest",
			     qw_xprintf("installed Hermes %s at %s, newer than the knowledge: modelled as the newest "
					"known (knowledge to %s)",
					v, shown, hv->knowledge_to));
		kb->newer_installed = qw_xstrdup(v);
	} else if (point_cmp(&at, &first->at) < 0) {
		select_point(kb, first->at, first->version,
			     qw_xprintf("installed Hermes %s at %s, older than the oldest known release: modelled as %s", v,
					shown, first->version));
	} else {
		const struct release *r = first;
		for (size_t k = 0; k < hv->nreleases; k++)
			if (point_cmp(&hv->releases[k].at, &at) <= 0)
				r = &hv->releases[k];
		select_point(kb, r->at, r->version,
			     point_cmp(&r->at, &at) == 0
				     ? qw_xprintf("installed Hermes %s at %s", v, shown)
				     : qw_xprintf("installed Hermes %s at %s: modelled as %s, the newest known release "
						  "before it",
						  v, shown, r->version));
	}
}

void
qw_kb_detect_hermes_version(qw_kb *kb, const char *const *homes, size_t nhomes)
{
	const struct hermes_install *in = &kb->install;
	const char *hh = getenv("HERMES_HOME");
	free(kb->newer_installed);
	kb->newer_installed = NULL;
	if (!in->home_subdir || !in->fhs_dir || !in->version_file || !in->version_var)
		return; /* a --rules-dir without the installed: entry */
	for (size_t i = 0; i <= nhomes + 1; i++) {
		char *dir = i < nhomes	       ? qw_path_join(homes[i], in->home_subdir)
			    : i == nhomes      ? (hh && *hh ? qw_path_join(hh, in->home_subdir) : NULL)
					       : qw_xstrdup(in->fhs_dir);
		char *v = dir ? installed_version(in, dir) : NULL;
		if (!v) {
			free(dir);
			continue;
		}
		char *shown = qw_arg_shown(dir);
		select_installed(kb, v, shown);
		free(shown);
		free(v);
		free(dir);
		return;
	}
}

const char *
qw_kb_hermes_version(const qw_kb *kb)
{
	return kb->sel_name;
}

const char *
qw_kb_hermes_version_why(const qw_kb *kb)
{
	return kb->sel_why;
}

bool
qw_kb_hermes_version_assumed(const qw_kb *kb)
{
	return kb->sel_why && qw_startswith(kb->sel_why, "newest known");
}

const char *
qw_kb_hermes_newer_installed(const qw_kb *kb)
{
	return kb->newer_installed;
}

const char *
qw_kb_hermes_knowledge_to(const qw_kb *kb)
{
	return kb->hv.knowledge_to;
}

const char *
qw_kb_hermes_release(const qw_kb *kb, size_t i)
{
	return i < kb->hv.nreleases ? kb->hv.releases[i].version : NULL;
}

bool
qw_kb_hermes_feature(const qw_kb *kb, const char *name)
{
	for (size_t i = 0; i < kb->nfeatures; i++)
		if (!strcmp(kb->features[i].name, name))
			return in_window(&kb->features[i].win, &kb->sel);
	return false;
}

/* ---- provider names, as resolve_provider compares them ---- */

/* name stripped of white space (the caller frees). */
static char *
stripped(const char *name)
{
	size_t n;
	const char *s = qw_trim(name ? name : "", &n);
	return qw_xstrndup(s, n);
}

const qw_provider *
qw_kb_provider(const qw_kb *kb, const char *name)
{
	char *s = stripped(name);
	const qw_provider *hit = NULL;
	for (size_t i = 0; i < kb->nproviders && !hit; i++) {
		const qw_provider *p = &kb->providers[i];
		if (qw_streq_nocase(p->id, s))
			hit = p;
		for (size_t j = 0; j < p->naliases && !hit; j++)
			if (qw_streq_nocase(p->aliases[j], s))
				hit = p;
	}
	free(s);
	return hit;
}

const qw_provider *
qw_kb_providers(const qw_kb *kb, size_t *n)
{
	*n = kb->nproviders;
	return kb->providers;
}

const qw_provider *
qw_kb_provider_other_version(const qw_kb *kb, const char *name, const char **since, const char **until)
{
	char *s = stripped(name);
	const qw_provider *hit = NULL;
	for (size_t i = 0; i < kb->nrows && !hit; i++) {
		const qw_provider *p = &kb->rows[i];
		const window *w = NULL;
		if (qw_streq_nocase(p->id, s))
			w = &kb->row_win[i];
		for (size_t j = 0; j < p->naliases && !w; j++)
			if (qw_streq_nocase(p->aliases[j], s))
				w = kb->alias_win[i][j].has_since || kb->alias_win[i][j].has_until ? &kb->alias_win[i][j]
												     : &kb->row_win[i];
		if (w && !in_window(w, &kb->sel)) {
			hit = p;
			*since = w->since_s;
			*until = w->until_s;
		}
	}
	free(s);
	return hit;
}

const qw_provider *
qw_kb_providers_all(const qw_kb *kb, size_t *n)
{
	*n = kb->nrows;
	return kb->rows;
}

bool
qw_kb_is_custom_alias(const qw_kb *kb, const char *name)
{
	char *s = stripped(name);
	bool hit = false;
	for (size_t i = 0; i < kb->ncustom_aliases && !hit; i++)
		hit = qw_streq_nocase(kb->custom_aliases[i], s);
	free(s);
	return hit;
}
