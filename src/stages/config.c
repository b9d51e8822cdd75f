/* config.c - see config.h. */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dirs.h"
#include "escape.h"
#include "options.h"
#include "parse.h"
#include "rules.h"
#include "secret.h"
#include "util.h"

#define CONFIG_NAME ".qwlint.yaml"

typedef struct problem {
	qw_span span;
	char *msg;
} problem;

typedef struct sev_override {
	const char *pattern; /* points into the doc (kept until free) */
	int sev;             /* qw_severity, or -1: off */
} sev_override;

struct qw_config {
	char *dir;       /* absolute: exclude globs are relative to it */
	qw_source *src;
	qw_doc *doc;
	const char **select, **ignore, **exclude; /* strings point into doc */
	size_t nselect, nignore, nexclude, select_cap, ignore_cap, exclude_cap;
	bool has_select;
	sev_override *sev;
	size_t nsev, sev_cap;
	/* the settings that set an option too (region, unsafe-fixes, fail-on): by option, its value and line */
	struct given {
		bool set;
		qw_optarg arg; /* .s points into doc */
		int line;
	} given[QW_NOPTS];
	problem *problems;
	size_t nproblems, problems_cap;
};

struct qw_configs {
	const qw_options *opt;
	qw_dirs *fs; /* the run's (borrowed): resolves the directories asked about */
	qw_config *forced;
	qw_config **all;
	size_t nall, all_cap;
	qw_strmap dirs;  /* directory (absolute) -> the config governing it, NULL for none: each searched once */
	qw_strmap given; /* directory as a caller named it -> the same: no realpath() for a directory asked again */
	/* lookups load configs and fill the maps, from several threads (pipeline.c); a config, once loaded, is
	 * never changed, so what a lookup returns is read without the lock */
	pthread_mutex_t lock;
};

static void
problem_at(qw_config *c, qw_span span, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
problem_at(qw_config *c, qw_span span, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	problem p = {span, qw_xvprintf(fmt, ap)};
	va_end(ap);
	QW_PUSH(c->problems, c->nproblems, c->problems_cap, p);
}

static bool
rule_matches(const qw_rule *r, const char *pat)
{
	return !strcmp(pat, "all") || !strcmp(r->name, pat) || qw_startswith(r->id, pat);
}

/* Does `pat` name a rule: `all`, an id, a name, or a prefix of ids ("QW3")? */
static bool
rule_pattern_valid(const char *pat)
{
	for (size_t i = 0; strlen(pat) >= 2 && i < qw_nrules; i++)
		if (rule_matches(qw_rules[i], pat))
			return true;
	return false;
}

/* A list of strings: a sequence, or one string. Bad items are problems; valid ones are pushed. */
static void
string_list(qw_config *c, const qw_pair *p, const char ***v, size_t *n, size_t *cap, bool rules)
{
	const qw_node *val = p->value;
	const qw_node *one[1] = {val};
	const qw_node *const *items = one;
	size_t count = 1;
	if (val->type == QW_NODE_SEQ) {
		items = (const qw_node *const *)val->items;
		count = val->nitems;
	}
	for (size_t i = 0; i < count; i++) {
		const char *s = qw_node_str(items[i]);
		if (!s) {
			problem_at(c, items[i]->span, "%s: expected a string or a list of strings", p->key->str);
			continue;
		}
		if (rules && !rule_pattern_valid(s)) {
			problem_at(c, items[i]->span, "%s: %s names no rule (ids like QW301, names, prefixes like QW3, or all)",
				   p->key->str, s);
			continue;
		}
		QW_PUSH(*v, *n, *cap, s);
	}
}

/* A severity, -1 for off, -2 for anything else. */
static int
severity_value(const char *s)
{
	if (s && !strcmp(s, "off"))
		return -1;
	int v = qw_severity_parse(s);
	return v < 0 ? -2 : v;
}

static int
yaml_bool(const qw_node *n)
{
	const char *s = qw_node_str(n);
	if (!s || !n->plain)
		return -1;
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "yes"))
		return 1;
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "no"))
		return 0;
	return -1;
}

static void
read_select(qw_config *c, const qw_pair *p, qw_opt_id unused)
{
	c->has_select = true;
	string_list(c, p, &c->select, &c->nselect, &c->select_cap, true);
}

static void
read_ignore(qw_config *c, const qw_pair *p, qw_opt_id unused)
{
	string_list(c, p, &c->ignore, &c->nignore, &c->ignore_cap, true);
}

static void
read_exclude(qw_config *c, const qw_pair *p, qw_opt_id unused)
{
	string_list(c, p, &c->exclude, &c->nexclude, &c->exclude_cap, false);
}

static void
read_severity(qw_config *c, const qw_pair *p, qw_opt_id unused)
{
	const qw_node *v = p->value;
	if (v->type != QW_NODE_MAP) {
		problem_at(c, v->span, "severity: expected a mapping such as {QW307: error}");
		return;
	}
	char expected[128];
	qw_enum_expected(&qw_severities, "off", expected, sizeof(expected));
	for (size_t j = 0; j < v->npairs; j++) {
		const char *rk = qw_node_str(v->pairs[j].key);
		int s = severity_value(qw_node_str(v->pairs[j].value));
		if (!rk || !rule_pattern_valid(rk))
			problem_at(c, v->pairs[j].key->span, "severity: %s names no rule", rk ? rk : "this");
		else if (s == -2)
			problem_at(c, v->pairs[j].value->span, "severity: expected %s", expected);
		else
			QW_PUSH(c->sev, c->nsev, c->sev_cap, ((sev_override){rk, s}));
	}
}

/* A setting that sets option id too (its .setting in options.def): a value that option takes, a switch's as a
 * YAML boolean; the message says what the option expects. */
static void
read_option(qw_config *c, const qw_pair *p, qw_opt_id id)
{
	const qw_node *v = p->value;
	qw_optarg arg = {0};
	char expected[256] = "true or false";
	bool ok;
	if (qw_opts[id].type == QW_ARG_NONE) {
		int b = yaml_bool(v);
		ok = b >= 0;
		arg.n = b > 0;
	} else {
		const char *word = qw_node_str(v);
		qw_opt_expected(id, expected, sizeof(expected));
		ok = word && qw_opt_value(id, word, &arg);
	}
	if (!ok) {
		problem_at(c, v->span, "%s: expected %s", qw_opts[id].setting, expected);
		return;
	}
	int col;
	c->given[id].set = true;
	c->given[id].arg = arg;
	qw_source_pos(c->src, v->span.start, &c->given[id].line, &col);
}

/* The keys of .qwlint.yaml, in the order its messages list them. Those that set an option too have no key here
 * but the option's (options.def's .setting), so that the key and its values are written once; an option's
 * .setting missing here is read all the same, and listed after these. */
static const struct setting {
	const char *key; /* NULL: qw_opts[opt].setting */
	void (*read)(qw_config *c, const qw_pair *p, qw_opt_id opt);
	qw_opt_id opt;
} settings[] = {
	{"select", read_select, QW_NOPTS},
	{"ignore", read_ignore, QW_NOPTS},
	{"severity", read_severity, QW_NOPTS},
	{NULL, read_option, QW_OPT_REGION},
	{"exclude", read_exclude, QW_NOPTS},
	{NULL, read_option, QW_OPT_UNSAFE_FIXES},
	{NULL, read_option, QW_OPT_FAIL_ON},
};
#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

static const char *
setting_key(const struct setting *s)
{
	return s->key ? s->key : qw_opts[s->opt].setting;
}

/* Whether options.def's option id sets a key this table places. */
static bool
placed(size_t id)
{
	for (size_t j = 0; j < NSETTINGS; j++)
		if (!settings[j].key && settings[j].opt == id)
			return true;
	return false;
}

/* "select, ignore, ..., fail-on": for the message about an unknown key. */
static char *
known_keys(void)
{
	qw_buf b = {0};
	for (size_t i = 0; i < NSETTINGS; i++)
		qw_buf_printf(&b, "%s%s", i ? ", " : "", setting_key(&settings[i]));
	for (size_t i = 0; i < QW_NOPTS; i++)
		if (qw_opts[i].setting && !placed(i))
			qw_buf_printf(&b, ", %s", qw_opts[i].setting);
	return qw_buf_steal(&b);
}

/* Read p when its key is one of the settings; false when it is unknown. */
static bool
read_setting(qw_config *c, const qw_pair *p, const char *k)
{
	for (size_t j = 0; j < NSETTINGS; j++)
		if (!strcmp(k, setting_key(&settings[j]))) {
			settings[j].read(c, p, settings[j].opt);
			return true;
		}
	for (size_t i = 0; i < QW_NOPTS; i++)
		if (qw_opts[i].setting && !strcmp(k, qw_opts[i].setting)) {
			read_option(c, p, (qw_opt_id)i);
			return true;
		}
	return false;
}

static void
read_settings(qw_config *c)
{
	const qw_node *root = c->doc->root;
	if (!root)
		return;
	if (root->type != QW_NODE_MAP) {
		problem_at(c, root->span, "%s must be a mapping of settings", CONFIG_NAME);
		return;
	}
	for (size_t i = 0; i < root->npairs; i++) {
		const qw_pair *p = &root->pairs[i];
		const char *k = qw_node_str(p->key);
		if (!k) {
			problem_at(c, p->key->span, "a setting's name must be a string");
			continue;
		}
		if (!read_setting(c, p, k)) {
			char *known = known_keys();
			problem_at(c, p->key->span, "unknown setting %s (known: %s)", k, known);
			free(known);
		}
	}
}

/* Load the config file at `path` (display) in absolute directory `dir`; NULL when it cannot be read (said on
 * stderr). */
static qw_config *
config_load(qw_configs *cs, const char *path, const char *dir)
{
	char err[256];
	qw_source *src = qw_source_load(path, cs->opt->max_file_size, err, sizeof(err));
	if (!src) {
		char *shown = qw_arg_shown(path);
		qw_esc_fprintf(stderr, "qwlint: %s: %s; its settings are ignored\n", shown, err);
		free(shown);
		return NULL;
	}
	src->report = true;
	qw_config *c = qw_xcalloc(1, sizeof(*c));
	c->dir = qw_xstrdup(dir);
	c->src = src;
	qw_parse_error e;
	c->doc = qw_yaml_parse(src, &e);
	if (!c->doc)
		problem_at(c, (qw_span){e.offset, e.offset}, "not valid YAML: %s; its settings are ignored", e.msg);
	else
		read_settings(c);
	QW_PUSH(cs->all, cs->nall, cs->all_cap, c);
	return c;
}

qw_configs *
qw_configs_new(const char *forced, const qw_options *opt, qw_dirs *dirs)
{
	qw_configs *cs = qw_xcalloc(1, sizeof(*cs));
	cs->opt = opt;
	cs->fs = dirs;
	pthread_mutex_init(&cs->lock, NULL);
	if (forced) {
		char *abs = realpath(forced, NULL);
		char *d = abs ? qw_dirname(abs) : qw_xstrdup(".");
		cs->forced = config_load(cs, forced, d);
		free(d);
		free(abs);
	}
	return cs;
}

void
qw_configs_free(qw_configs *cs)
{
	if (!cs)
		return;
	for (size_t i = 0; i < cs->nall; i++) {
		qw_config *c = cs->all[i];
		for (size_t j = 0; j < c->nproblems; j++)
			free(c->problems[j].msg);
		free(c->problems);
		free(c->select);
		free(c->ignore);
		free(c->exclude);
		free(c->sev);
		qw_doc_free(c->doc);
		qw_source_free(c->src);
		free(c->dir);
		free(c);
	}
	free(cs->all);
	qw_strmap_free(&cs->dirs);
	qw_strmap_free(&cs->given);
	pthread_mutex_destroy(&cs->lock);
	free(cs);
}

/* An absolute path shown relative to the current directory when it is below it. The caller frees. */
static char *
relative_to_cwd(const char *abs)
{
	char cwd[PATH_MAX];
	if (getcwd(cwd, sizeof(cwd))) {
		size_t n = strlen(cwd);
		if (!strncmp(abs, cwd, n) && abs[n] == '/')
			return qw_xstrdup(abs + n + 1);
	}
	return qw_xstrdup(abs);
}

/* Search `abs` (absolute) and its ancestors; remember the answer for every directory passed. */
static qw_config *
search(qw_configs *cs, const char *abs)
{
	void *known;
	if (qw_strmap_find(&cs->dirs, abs, &known))
		return known;
	qw_config *c = NULL;
	char *p = qw_path_join(abs, CONFIG_NAME);
	struct stat st;
	if (stat(p, &st) == 0 && S_ISREG(st.st_mode)) {
		char *shown = relative_to_cwd(p);
		c = config_load(cs, shown, abs);
		free(shown);
	} else if (strcmp(abs, "/")) {
		char *up = qw_dirname(abs);
		c = search(cs, up);
		free(up);
	}
	free(p);
	qw_strmap_put(&cs->dirs, abs, c);
	return c;
}

const qw_config *
qw_config_for_dir(qw_configs *cs, const char *dir)
{
	if (cs->forced)
		return cs->forced;
	void *known;
	pthread_mutex_lock(&cs->lock);
	if (qw_strmap_find(&cs->given, dir, &known)) {
		pthread_mutex_unlock(&cs->lock);
		return known;
	}
	char *abs = qw_dirs_resolve(cs->fs, dir);
	qw_config *c = abs ? search(cs, abs) : NULL;
	/* a directory that cannot be resolved now is asked about again: it may exist by then (--fix) */
	if (abs)
		qw_strmap_put(&cs->given, dir, c);
	pthread_mutex_unlock(&cs->lock);
	free(abs);
	return c;
}

const qw_config *
qw_config_for_path(qw_configs *cs, const char *path)
{
	char *d = qw_dirname(path);
	const qw_config *c = qw_config_for_dir(cs, d);
	free(d);
	return c;
}

const char *
qw_config_region(const qw_config *c, char **where)
{
	if (!c || !c->given[QW_OPT_REGION].set)
		return NULL;
	*where = qw_xprintf("%s:%d", c->src->path, c->given[QW_OPT_REGION].line);
	return c->given[QW_OPT_REGION].arg.s;
}

bool
qw_config_excludes(qw_configs *cs, const qw_config *c, const char *path)
{
	if (!c || !c->nexclude)
		return false;
	char *d = qw_dirname(path);
	char *absd = qw_dirs_resolve(cs->fs, d);
	free(d);
	if (!absd)
		return false;
	char *abs = qw_path_join(absd, qw_basename(path));
	free(absd);
	size_t dl = strlen(c->dir);
	const char *rel = abs;
	if (!strncmp(abs, c->dir, dl) && abs[dl] == '/')
		rel = abs + dl + 1;
	else if (!strcmp(c->dir, "/"))
		rel = abs + 1;
	bool hit = false;
	for (size_t i = 0; i < c->nexclude && !hit; i++) {
		const char *g = c->exclude[i];
		if (!strchr(g, '/'))
			hit = fnmatch(g, qw_basename(rel), 0) == 0;
		else if (strstr(g, "**"))
			hit = fnmatch(g, rel, 0) == 0; /* '*' crosses '/' here, so ** does too */
		else
			hit = fnmatch(g, rel, FNM_PATHNAME) == 0;
	}
	free(abs);
	return hit;
}

/* The severity c gives rule r: -1 off, -2 not run (select/ignore), else a qw_severity (the default if c says
 * nothing). The last severity entry that matches wins, as later YAML keys do. */
static int
grade(const qw_config *c, const qw_rule *r, int current)
{
	if (!c || !r)
		return current;
	bool selected = !c->has_select;
	for (size_t i = 0; i < c->nselect; i++)
		selected |= rule_matches(r, c->select[i]);
	for (size_t i = 0; i < c->nignore; i++)
		if (rule_matches(r, c->ignore[i]))
			selected = false;
	if (!selected)
		return -2;
	int s = current;
	for (size_t i = 0; i < c->nsev; i++)
		if (rule_matches(r, c->sev[i].pattern))
			s = c->sev[i].sev;
	return s;
}

void
qw_configs_filter(qw_configs *cs, qw_findings *fs)
{
	size_t w = 0;
	for (size_t i = 0; i < fs->n; i++) {
		qw_finding *f = &fs->v[i];
		/* QW902 is about the config itself: never silenced by it */
		const qw_config *c = f->rule && f->rule != &QW902 ? qw_config_for_path(cs, f->src->path)
									     : NULL;
		if (c && qw_config_excludes(cs, c, f->src->path)) {
			qw_finding_free(f);
			continue;
		}
		int s = grade(c, f->rule, (int)f->severity);
		if (s < 0) {
			qw_finding_free(f);
			continue;
		}
		f->severity = (qw_severity)s;
		fs->v[w++] = *f;
	}
	fs->n = w;
}

void
qw_configs_report(qw_configs *cs, qw_ctx *ctx)
{
	pthread_mutex_lock(&cs->lock);
	for (size_t i = 0; i < cs->nall; i++) {
		qw_config *c = cs->all[i];
		for (size_t j = 0; j < c->nproblems; j++)
			qw_report(ctx, &QW902, c->src, c->problems[j].span, "%s", c->problems[j].msg);
	}
	pthread_mutex_unlock(&cs->lock);
}

const qw_optarg *
qw_config_option(const qw_config *c, qw_opt_id id)
{
	return c && c->given[id].set ? &c->given[id].arg : NULL;
}

/* The value c gives option id, as an int; -1 when c sets none. */
static int
given_int(const qw_config *c, qw_opt_id id)
{
	const qw_optarg *a = qw_config_option(c, id);
	return a ? (int)a->n : -1;
}

int
qw_config_unsafe_fixes(const qw_config *c)
{
	return given_int(c, QW_OPT_UNSAFE_FIXES);
}

int
qw_config_fail_on(const qw_config *c)
{
	return given_int(c, QW_OPT_FAIL_ON);
}

/* A list of patterns for --show-settings: "QW1, QW301", or `none`. */
static void
show_list(FILE *out, const char *what, const char **v, size_t n, const char *none)
{
	fprintf(out, "%s: ", what);
	if (!n)
		fputs(none, out);
	for (size_t i = 0; i < n; i++)
		qw_esc_fprintf(out, "%s%s", i ? ", " : "", v[i]);
	fputc('\n', out);
}

int
qw_configs_show(qw_configs *cs, const char *path, int cli_fail_on, bool cli_unsafe, FILE *out)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		char *masked = qw_arg_shown(path); /* a key pasted as the path stays masked (#22) */
		qw_esc_fprintf(stderr, "qwlint: --show-settings: %s: %s\n", masked, strerror(errno));
		free(masked);
		return 2;
	}
	const qw_config *c = S_ISDIR(st.st_mode) ? qw_config_for_dir(cs, path) : qw_config_for_path(cs, path);
	char *shown = qw_path_shown(path), *cfg = c ? qw_path_shown(c->src->path) : NULL;
	qw_esc_fprintf(out, "path: %s\n", shown);
	if (c && cs->forced)
		qw_esc_fprintf(out, "settings file: %s (--config)\n", cfg);
	else if (c)
		qw_esc_fprintf(out, "settings file: %s (the nearest %s upward)\n", cfg, CONFIG_NAME);
	else
		fprintf(out, "settings file: none (no %s in the directory or above it): the defaults apply\n",
			CONFIG_NAME);
	free(shown);
	free(cfg);
	if (c && !c->doc)
		fputs("  (not valid YAML: its settings are ignored)\n", out);
	if (c && c->has_select)
		show_list(out, "select", c->select, c->nselect, "none (no rule runs)");
	else
		fputs("select: all (default)\n", out);
	show_list(out, "ignore", c ? c->ignore : NULL, c ? c->nignore : 0, "none");
	fputs("severity:", out);
	for (size_t i = 0; c && i < c->nsev; i++)
		qw_esc_fprintf(out, "%s %s %s", i ? "," : "", c->sev[i].pattern,
			       c->sev[i].sev < 0 ? "off" : qw_severity_name((qw_severity)c->sev[i].sev));
	fputs(c && c->nsev ? "\n" : " the rules' own\n", out);
	const char *cli_region = cs->opt->region;
	char *where = NULL;
	const char *region = qw_config_region(c, &where);
	if (cli_region)
		qw_esc_fprintf(out, "region: %s (--region%s)\n", cli_region, region ? ", over the settings file's" : "");
	else if (region)
		qw_esc_fprintf(out, "region: %s (%s)\n", region, where);
	else
		fputs("region: not set (region findings stay warnings)\n", out);
	free(where);
	show_list(out, "exclude", c ? c->exclude : NULL, c ? c->nexclude : 0, "none");
	if (c && c->nexclude && !S_ISDIR(st.st_mode))
		fprintf(out, "  %s\n", qw_config_excludes(cs, c, path) ? "this file is excluded: read for context only"
									 : "this file is not excluded");
	int unsafe = qw_config_unsafe_fixes(c), fail_on = qw_config_fail_on(c);
	if (cli_unsafe)
		fputs("unsafe-fixes: true (--unsafe-fixes)\n", out);
	else
		fprintf(out, "unsafe-fixes: %s\n", unsafe >= 0 ? (unsafe ? "true" : "false") : "false (default)");
	if (cli_fail_on >= 0)
		fprintf(out, "fail-on: %s (--fail-on)\n", qw_severity_name((qw_severity)cli_fail_on));
	else if (fail_on >= 0)
		fprintf(out, "fail-on: %s\n", qw_severity_name((qw_severity)fail_on));
	else
		fputs("fail-on: error (default)\n", out);
	/* what select, ignore and severity make of the rule table */
	size_t run = 0;
	qw_buf off = {0}, regraded = {0};
	for (size_t i = 0; i < qw_nrules; i++) {
		const qw_rule *r = qw_rules[i];
		int g = grade(c, r, (int)r->severity);
		if (g < 0) {
			qw_buf_printf(&off, " %s", r->id);
			continue;
		}
		run++;
		if (g != (int)r->severity)
			qw_buf_printf(&regraded, " %s=%s", r->id, qw_severity_name((qw_severity)g));
	}
	fprintf(out, "rules: %zu of %zu run\n", run, qw_nrules);
	if (off.len)
		fprintf(out, "  not run:%s\n", off.data);
	if (regraded.len)
		fprintf(out, "  severity changed:%s\n", regraded.data);
	qw_buf_free(&off);
	qw_buf_free(&regraded);
	if (c && c->nproblems)
		qw_esc_fprintf(out, "problems in %s: %zu (reported as QW902 when linting)\n", c->src->path, c->nproblems);
	return 0;
}
