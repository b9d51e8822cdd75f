/*
 * main.c - the command line: options (options.def's table, which also makes --help and the documents), then the
 * pipeline discover -> model -> rules -> findings -> render, in one of the run modes (the rule documents, the
 * settings, the file list, --fix / --diff, --resolve, the lint).
 * Exit status: 0 no finding at or above --fail-on, 1 such findings (or, with --diff, a non-empty diff), 2 usage
 * or I/O error, 3 --fix failed (nothing written).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baseline.h"
#include "config.h"
#include "db.h"
#include "discover.h"
#include "doc.h"
#include "escape.h"
#include "fix.h"
#include "pipeline.h"
#include "probe.h"
#include "kb.h"
#include "listfiles.h"
#include "model.h"
#include "options.h"
#include "render.h"
#include "rules.h"
#include "secret.h"
#include "util.h"
#include "write.h"

/* `-` with --stdin-filename NAME: standard input becomes the contents of NAME for this run (the overlay that
 * --fix uses between passes), so NAME's kind and siblings count as if it were on disk. Returns 0, or the exit
 * status of a usage error. */
static int
read_stdin(const char *name, int npaths, char **paths, bool fixing, const qw_options *opt)
{
	if (!name || npaths != 1 || strcmp(paths[0], "-")) {
		fprintf(stderr, "qwlint: standard input needs both: the path - and --stdin-filename NAME (the name says "
				"which file it is)\n");
		return 2;
	}
	if (fixing) {
		fprintf(stderr, "qwlint: --fix and --diff cannot rewrite standard input\n");
		return 2;
	}
	qw_buf b = {0};
	char chunk[65536];
	size_t n;
	const char *what;
	size_t limit = qw_source_limit(opt->max_file_size, &what);
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
		qw_buf_add(&b, chunk, n);
		if (b.len > limit) {
			fprintf(stderr, "qwlint: standard input: larger than %s (%zu bytes)\n", what, limit);
			qw_buf_free(&b);
			return 2;
		}
	}
	qw_overlay_set(name, b.data ? b.data : "", b.len);
	qw_buf_free(&b);
	return 0;
}

/* The severity from which a finding fails the run: --fail-on, else its .qwlint.yaml's fail-on, else error. */
static int
threshold(const qw_sets *sets, const qw_finding *f, int cli)
{
	if (cli >= 0)
		return cli;
	int c = qw_config_fail_on(qw_config_for_path(sets->configs, f->src->path));
	return c >= 0 ? c : QW_SEV_ERROR;
}

/* One report of the run: standard output's, or a file's (-o), which is rendered into memory and written at the
 * end, atomically (write.h's qw_write_report). Ownership: the run owns buf until the file is written. */
typedef struct output {
	const qw_format *fmt;
	const char *path; /* NULL: standard output */
	FILE *f;
	char *buf;
	size_t len;
	qw_renderer *r;
} output;

/* -o's argument: FMT:FILE when the part before the first ':' names a format (write ./sarif:x for a file named so),
 * else FILE in the --format format. */
static void
output_arg(const char *arg, const qw_format *dflt, output *o, bool *prefixed)
{
	const char *colon = strchr(arg, ':');
	*o = (output){.fmt = dflt, .path = arg};
	*prefixed = false;
	if (colon) {
		char name[16];
		size_t n = (size_t)(colon - arg);
		const qw_format *f = NULL;
		if (n < sizeof(name)) {
			memcpy(name, arg, n);
			name[n] = '\0';
			f = qw_format_find(name);
		}
		if (f) {
			o->fmt = f;
			o->path = colon + 1;
			*prefixed = true;
		}
	}
}

/* --statistics: findings per rule, as ruff's --statistics counts them. */
typedef struct rule_stat {
	size_t count;
	bool fixable; /* --fix (with --unsafe-fixes, if given) repairs at least one */
} rule_stat;

/* What the lint's batches add up to, as they stream past (pipeline.h). */
typedef struct lint_run {
	output *outs;
	size_t nouts;
	int fail_on;   /* --fail-on, or -1 */
	size_t nfound; /* findings rendered */
	bool failed;   /* one at or above its threshold */
	rule_stat *stats; /* by index in qw_rules, and one more for findings of no rule; NULL without --statistics */
	bool unsafe;      /* --unsafe-fixes: an unsafe repair counts as fixable */
} lint_run;

static void
on_batch(void *arg, const qw_sets *sets, const qw_findings *fs)
{
	lint_run *run = arg;
	for (size_t i = 0; i < run->nouts; i++) {
		qw_render_files(run->outs[i].r, sets);
		qw_render_add(run->outs[i].r, fs);
	}
	run->nfound += fs->n;
	for (size_t i = 0; i < fs->n; i++) {
		const qw_finding *f = &fs->v[i];
		if ((int)f->severity >= threshold(sets, f, run->fail_on))
			run->failed = true;
		if (run->stats) {
			rule_stat *st = &run->stats[f->rule ? qw_rule_index(f->rule) : qw_nrules];
			st->count++;
			if (f->fixit && f->fixit->nparts &&
			    (f->fixit->safety == QW_FIX_SAFE || (run->unsafe && f->fixit->safety == QW_FIX_UNSAFE)))
				st->fixable = true;
		}
	}
}

static const lint_run *stat_run; /* for by_count */

static int
by_count(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	size_t ci = stat_run->stats[i].count, cj = stat_run->stats[j].count;
	return ci != cj ? (ci < cj ? 1 : -1) : (i > j) - (i < j);
}

/* ruff's shape: count, code, a fixable marker ([*], or [ ] when some other rule has one), name; most first. With
 * --format json, an array of {code, name, count, fixable}. Rule ids and names are the table's: nothing to escape. */
static void
print_statistics(FILE *out, const lint_run *run, bool json)
{
	size_t *idx = qw_xcalloc(qw_nrules + 1, sizeof(*idx)), n = 0;
	bool any_fixable = false;
	for (size_t i = 0; i <= qw_nrules; i++)
		if (run->stats[i].count) {
			idx[n++] = i;
			any_fixable |= run->stats[i].fixable;
		}
	stat_run = run;
	qsort(idx, n, sizeof(idx[0]), by_count);
	int cw = 1;
	for (size_t k = 0; k < n; k++) {
		int w = snprintf(NULL, 0, "%zu", run->stats[idx[k]].count);
		cw = w > cw ? w : cw;
	}
	if (json)
		fputc('[', out);
	for (size_t k = 0; k < n; k++) {
		size_t i = idx[k];
		const char *id = i < qw_nrules ? qw_rules[i]->id : "QW000";
		const char *name = i < qw_nrules ? qw_rules[i]->name : "internal";
		const rule_stat *st = &run->stats[i];
		if (json)
			fprintf(out, "%s\n{\"code\":\"%s\",\"name\":\"%s\",\"count\":%zu,\"fixable\":%s}", k ? "," : "", id,
				name, st->count, st->fixable ? "true" : "false");
		else
			fprintf(out, "%*zu\t%s\t%s%s\n", cw, st->count, id,
				!any_fixable ? "" : st->fixable ? "[*] " : "[ ] ", name);
	}
	if (json)
		fputs(n ? "\n]\n" : "]\n", out);
	free(idx);
}

/* Formats whose standard output must stay one document: --fix's progress lines go to stderr then. */
static bool
is_document(const qw_format *f)
{
	return f->document;
}

static bool
is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* What the command line asks for (parse_args), and what the run holds.
 * Ownership: the strings point into argv; out_args and connect_to's entries, and the run's kb, baseline, prober
 * and outs, are the cli's (cli_free). */
typedef struct cli {
	qw_options opt;
	qw_fix_options fo;
	qw_probe_options po;
	int jobs;
	const qw_format *fmt;
	int fail_on; /* -1: each finding's .qwlint.yaml fail-on, else error */
	int color;
	bool resolve, do_fix, exit_on_fix, list_rules, list_files, quiet, exit_zero, statistics, probe;
	const char *explain, *print_doc, *stdin_name, *baseline_path, *write_baseline_path, *show_settings;
	const char *hermes_version;
	const char **out_args; /* -o's arguments, resolved once --format is known */
	size_t nout_args, out_cap;
	const char **connect_to; /* --probe-resolve's, as CURLOPT_CONNECT_TO entries */
	size_t nconnect_to, connect_cap;
	/* the run's */
	qw_kb *kb;
	qw_baseline *baseline;
	qw_probe *prober;
	output *outs;
	size_t nouts;
	bool stdout_report;
	bool fix_exit; /* exit 1 because --exit-non-zero-on-fix asked, which --exit-zero does not undo */
} cli;

/* The defaults, those of a value taken from the option table. */
static void
cli_init(cli *c)
{
	*c = (cli){
		.opt = {.max_file_size = (size_t)qw_opt_default(QW_OPT_MAX_FILE_SIZE).n},
		.fo = {.lock_wait = (int)qw_opt_default(QW_OPT_LOCK_WAIT).n},
		.po = {.timeout_ms = (long)qw_opt_default(QW_OPT_PROBE_TIMEOUT).n * 1000,
		       .user_agent = "qwlint/" QW_VERSION " (--probe)"},
		.fmt = qw_formats[qw_opt_default(QW_OPT_FORMAT).n],
		.fail_on = -1,
	};
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	c->jobs = ncpu > 0 ? (int)(ncpu < 64 ? ncpu : 64) : 1;
	/* auto: a terminal, unless NO_COLOR is set (non-empty); FORCE_COLOR (non-empty) colours a pipe too */
	const char *no_color = getenv("NO_COLOR"), *force_color = getenv("FORCE_COLOR");
	c->color = !(no_color && *no_color) && (isatty(STDOUT_FILENO) || (force_color && *force_color));
}

static void
cli_free(cli *c)
{
	qw_baseline_free(c->baseline);
	for (size_t i = 0; i < c->nouts; i++)
		free(c->outs[i].buf);
	free(c->outs);
	free(c->out_args);
	qw_probe_free(c->prober);
	qw_kb_free(c->kb);
	for (size_t i = 0; i < c->nconnect_to; i++)
		free((char *)c->connect_to[i]);
	free(c->connect_to);
}

/* One option, validated already (options.c), into c. Returns -1 to go on, or the exit status of --help and
 * --version, which act where they stand. */
static int
take_option(cli *c, qw_opt_id id, const qw_optarg *a)
{
	switch (id) {
	case QW_OPT_FORMAT: c->fmt = qw_formats[a->n]; break;
	case QW_OPT_OUTPUT_FILE: QW_PUSH(c->out_args, c->nout_args, c->out_cap, a->s); break;
	case QW_OPT_EXIT_ZERO: c->exit_zero = true; break;
	case QW_OPT_STATISTICS: c->statistics = true; break;
	case QW_OPT_RESOLVE: c->resolve = true; break;
	case QW_OPT_FIX: c->do_fix = true; break;
	case QW_OPT_UNSAFE_FIXES: c->fo.unsafe = true; break;
	case QW_OPT_DIFF: c->fo.diff = true; break;
	case QW_OPT_NO_BACKUP: c->fo.no_backup = true; break;
	case QW_OPT_LOCK_WAIT: c->fo.lock_wait = (int)a->n; break;
	case QW_OPT_EXIT_NON_ZERO_ON_FIX: c->exit_on_fix = true; break;
	case QW_OPT_REGION: c->opt.region = a->s; break;
	case QW_OPT_FAIL_ON: c->fail_on = (int)a->n; break;
	case QW_OPT_CONFIG: c->opt.config_path = a->s; break;
	case QW_OPT_BASELINE: c->baseline_path = a->s; break;
	case QW_OPT_WRITE_BASELINE: c->write_baseline_path = a->s; break;
	case QW_OPT_STDIN_FILENAME: c->stdin_name = a->s; break;
	case QW_OPT_QUIET: c->quiet = true; break;
	case QW_OPT_SKIP_UNKNOWN: c->opt.skip_unknown = true; break;
	case QW_OPT_PROBE: c->probe = true; break;
	case QW_OPT_PROBE_TIMEOUT: c->po.timeout_ms = (long)a->n * 1000; break;
	case QW_OPT_PROBE_RESOLVE:
		QW_PUSH(c->connect_to, c->nconnect_to, c->connect_cap, (const char *)qw_probe_connect_to(a->s));
		break;
	case QW_OPT_CACERT: c->po.cacert = a->s; break;
	case QW_OPT_DIFY_DB: c->opt.dify_db = a->s; break;
	case QW_OPT_DIFY_EXPORT: c->opt.dify_export = a->s; break;
	case QW_OPT_RULES_DIR: c->opt.rules_dir = a->s; break;
	case QW_OPT_HERMES_VERSION: c->hermes_version = a->s; break;
	case QW_OPT_MAX_FILE_SIZE: c->opt.max_file_size = (size_t)a->n; break;
	case QW_OPT_JOBS: c->jobs = (int)a->n; break;
	case QW_OPT_COLOR:
		if (a->n != QW_COLOR_AUTO)
			c->color = a->n == QW_COLOR_ALWAYS;
		break;
	case QW_OPT_SHOW_SETTINGS: c->show_settings = a->s; break;
	case QW_OPT_LIST_FILES: c->list_files = true; break;
	case QW_OPT_LIST_RULES: c->list_rules = true; break;
	case QW_OPT_EXPLAIN: c->explain = a->s; break;
	case QW_OPT_VERSION: printf("qwlint %s\n", QW_VERSION); return 0;
	case QW_OPT_HELP: qw_opt_usage(stdout); return 0;
	case QW_OPT_PRINT_DOC: c->print_doc = a->s; break;
	case QW_NOPTS: break;
	}
	return -1;
}

/* The command line's options into c (optind: the first path). Returns -1 to run, else the exit status. */
static int
parse_args(cli *c, int argc, char **argv)
{
	qw_optarg a;
	int id, rc;
	while ((id = qw_opt_next(argc, argv, &a)) != QW_OPT_END)
		if (id == QW_OPT_BAD)
			return 2;
		else if ((rc = take_option(c, (qw_opt_id)id, &a)) >= 0)
			return rc;
	return -1;
}

/* The Hermes version to model: --hermes-version's, else the installed one's (the named homes' -- a file's
 * directory --, else the default home's). Returns -1, or 2 when --hermes-version names none the knowledge has. */
static int
select_hermes_version(cli *c, int npaths, char **paths)
{
	char err[512], shown[64];
	if (c->hermes_version) {
		if (!qw_kb_set_hermes_version(c->kb, c->hermes_version, err, sizeof(err)))
			return -1;
		qw_esc_fprintf(stderr, "qwlint: --hermes-version: %s: %s\n",
			       qw_opt_shown(c->hermes_version, shown, sizeof(shown)), err);
		return 2;
	}
	const char *hh = getenv("HERMES_HOME"), *home = getenv("HOME");
	char *dflt = hh && *hh ? NULL : home && *home ? qw_path_join(home, ".hermes") : NULL;
	size_t nh = 0;
	char **homes = qw_xcalloc((size_t)npaths + 1, sizeof(char *));
	for (int i = 0; i < npaths; i++)
		if (strcmp(paths[i], "-"))
			homes[nh++] = is_dir(paths[i]) ? qw_xstrdup(paths[i]) : qw_dirname(paths[i]);
	if (!nh && dflt)
		homes[nh++] = qw_xstrdup(dflt);
	qw_kb_detect_hermes_version(c->kb, (const char *const *)homes, nh);
	for (size_t i = 0; i < nh; i++)
		free(homes[i]);
	free(homes);
	free(dflt);
	return -1;
}

/* --list-rules, --explain, --print-doc: the documents, no lint. */
static int
run_docs(const cli *c)
{
	char shown[64];
	const qw_rule *r = c->explain ? qw_rule_find(c->explain) : NULL;
	if (c->list_rules) {
		qw_doc_list(stdout);
	} else if (c->explain && !r) {
		qw_esc_fprintf(stderr, "qwlint: --explain: no rule %s (see --list-rules)\n",
			       qw_opt_shown(c->explain, shown, sizeof(shown)));
		return 2;
	} else if (r) {
		/* the page quotes the knowledge files, which --rules-dir may take from anywhere */
		char *page = qw_doc_page_text(r, c->kb), *esc = qw_esc(page, QW_ESC_LINES);
		fputs(esc, stdout);
		free(esc);
		free(page);
	} else if (qw_opt_print_doc(stdout, c->print_doc, c->kb) < 0 && qw_doc_print(stdout, c->print_doc, c->kb) < 0) {
		qw_opt_bad_value(QW_OPT_PRINT_DOC, c->print_doc); /* not reached: the option's values are checked */
		return 2;
	}
	return 0;
}

/* --baseline or --write-baseline: the record opened, for the pipeline (opt.baseline). Returns -1, or 2. */
static int
open_baseline(cli *c)
{
	if (!c->baseline_path && !c->write_baseline_path)
		return -1;
	if (c->baseline_path && c->write_baseline_path) {
		fprintf(stderr, "qwlint: give one of --baseline and --write-baseline (--write-baseline reads its "
				"file's old entries itself)\n");
		return 2;
	}
	if (c->write_baseline_path && (c->do_fix || c->fo.diff || c->resolve)) {
		fprintf(stderr, "qwlint: --write-baseline records findings: run it without --fix, --diff and "
				"--resolve\n");
		return 2;
	}
	char err[512];
	const char *bp = c->baseline_path ? c->baseline_path : c->write_baseline_path;
	if (!(c->baseline = qw_baseline_open(bp, c->write_baseline_path != NULL, c->kb, err, sizeof(err)))) {
		char *masked = qw_arg_shown(bp); /* a key pasted as the path stays masked (#22) */
		qw_esc_fprintf(stderr, "qwlint: %s %s: %s\n", c->baseline_path ? "--baseline" : "--write-baseline", masked,
			       err);
		free(masked);
		return 2;
	}
	c->opt.baseline = c->baseline;
	return -1;
}

/* The reports: standard output's (unless an -o FILE without FMT: takes --format's away from it, or --statistics
 * replaces it), then one per -o. Returns -1, or 2. */
static int
plan_outputs(cli *c)
{
	c->outs = qw_xcalloc(c->nout_args + 1, sizeof(*c->outs));
	c->stdout_report = !c->statistics;
	for (size_t i = 0; i < c->nout_args; i++) {
		bool prefixed;
		output_arg(c->out_args[i], c->fmt, &c->outs[1 + i], &prefixed);
		if (!prefixed)
			c->stdout_report = false;
		if (!*c->outs[1 + i].path) {
			qw_opt_bad_value(QW_OPT_OUTPUT_FILE, c->out_args[i]);
			return 2;
		}
	}
	if (c->stdout_report)
		c->outs[c->nouts++] = (output){.fmt = c->fmt};
	for (size_t i = 0; i < c->nout_args; i++)
		c->outs[c->nouts++] = c->outs[1 + i];
	if ((c->nout_args || c->statistics) && (c->resolve || c->fo.diff)) {
		fprintf(stderr, "qwlint: --output-file and --statistics apply to the findings, not to --resolve or --diff\n");
		return 2;
	}
	return -1;
}

/* --probe's prober (opt.probe). Returns -1, or 2. */
static int
start_probe(cli *c)
{
	if (!c->probe && (c->nconnect_to || c->po.cacert)) {
		fprintf(stderr, "qwlint: --probe-resolve and --cacert apply only with --probe\n");
		return 2;
	}
	if (!c->probe)
		return -1;
	char err[512];
	c->po.connect_to = c->connect_to;
	c->po.nconnect_to = c->nconnect_to;
	if (!(c->prober = qw_probe_new(&c->po, err, sizeof(err)))) {
		qw_esc_fprintf(stderr, "qwlint: --probe: %s\n", err);
		return 2;
	}
	c->opt.probe = c->prober;
	return -1;
}

/* --show-settings PATH: the settings in effect there, no lint. */
static int
run_show_settings(const cli *c)
{
	qw_dirs *dirs = qw_dirs_new();
	qw_configs *cs = qw_configs_new(c->opt.config_path, &c->opt, dirs);
	int rc = qw_configs_show(cs, c->show_settings, c->fail_on, c->fo.unsafe, stdout);
	qw_configs_free(cs);
	qw_dirs_free(dirs);
	return rc;
}

/* --list-files: what would be linted, and as what; no lint. */
static int
run_list_files(const cli *c, char **paths, int npaths)
{
	qw_listing listing = {stdout, 0};
	qw_sets totals;
	qw_pipeline_stream(paths, npaths, &c->opt, c->kb, c->jobs, true, qw_list_batch, &listing, &totals);
	qw_pipeline_free(&totals, &(qw_findings){0});
	return totals.io_errors ? 2 : 0;
}

/* --fix or --diff: the repairs, before the lint reports what remains. Returns -1 to go on to the lint, else the
 * exit status (--diff's, or 3 when the repairs failed). */
static int
run_fix(cli *c, char **paths, int npaths, int *fixed, int *changed, int *refused)
{
	c->fo.jobs = c->jobs;
	/* JSON on stdout must stay one document: the progress lines go to stderr then */
	FILE *progress = (c->stdout_report || c->statistics) && is_document(c->fmt) && !c->fo.diff ? stderr : stdout;
	*fixed = qw_fix_run(paths, npaths, &c->opt, c->kb, &c->fo, progress, changed, refused);
	if (*fixed < 0)
		return 3;
	if (c->fo.diff)
		return *refused ? 3 : *changed ? 1 : 0;
	return -1;
}

/* --resolve: the trace of every set, which needs the run whole. */
static int
run_resolve(const cli *c, char **paths, int npaths)
{
	int rc = 0;
	qw_sets sets = {0};
	qw_findings findings = {0};
	qw_pipeline_run(paths, npaths, &c->opt, c->kb, &sets, &findings);
	qw_pipeline_print_errors(&sets);
	qw_render_resolve(stdout, &sets, c->fmt, c->color, c->kb);
	for (size_t i = 0; i < findings.n; i++)
		if ((int)findings.v[i].severity >= threshold(&sets, &findings.v[i], c->fail_on))
			rc = 1;
	if (sets.io_errors)
		rc = 2;
	qw_pipeline_free(&sets, &findings);
	return rc;
}

/* The files (-o) last, each whole or not at all: a CI step that reads one never sees half a report. Returns
 * false when one could not be written (said). */
static bool
write_report_files(cli *c)
{
	bool all = true;
	char err[512];
	for (size_t i = 0; i < c->nouts; i++) {
		output *o = &c->outs[i];
		if (!o->path)
			continue;
		bool ok = fclose(o->f) == 0;
		o->f = NULL;
		if (!ok || qw_write_report(o->path, o->buf, o->len, err, sizeof(err)) != 0) {
			char *masked = qw_arg_shown(o->path);
			qw_esc_fprintf(stderr, "qwlint: --output-file %s: %s\n", masked,
				       ok ? err : "cannot hold the report in memory");
			free(masked);
			all = false;
		}
	}
	return all;
}

/* The lint, streamed batch by batch into every report (after --fix's repairs: fixed of them, changed files). */
static int
run_lint(cli *c, char **paths, int npaths, int fixed, int changed)
{
	lint_run run = {c->outs, c->nouts, c->fail_on, 0, false, NULL, c->fo.unsafe};
	if (c->statistics)
		run.stats = qw_xcalloc(qw_nrules + 1, sizeof(*run.stats));
	for (size_t i = 0; i < c->nouts; i++) {
		output *o = &c->outs[i];
		o->f = o->path ? open_memstream(&o->buf, &o->len) : stdout;
		if (!o->f) {
			char *masked = qw_arg_shown(o->path);
			qw_esc_fprintf(stderr, "qwlint: --output-file %s: %s\n", masked, strerror(errno));
			free(masked);
			exit(2);
		}
		/* a file is read later, elsewhere: no terminal colours in it */
		o->r = qw_render_begin(o->f, o->fmt, o->path ? false : c->color, c->kb);
		if (!npaths)
			qw_render_name_tools(o->r);
	}
	qw_sets totals;
	qw_pipeline_stream(paths, npaths, &c->opt, c->kb, c->jobs, true, on_batch, &run, &totals);
	for (size_t i = 0; i < c->nouts; i++)
		qw_render_end(c->outs[i].r, c->quiet ? (size_t)-1 : totals.files);
	if (c->statistics)
		print_statistics(stdout, &run, c->fmt == qw_format_find("json"));
	if (c->do_fix && !c->quiet && !((c->stdout_report || c->statistics) && is_document(c->fmt)))
		printf("Fixed %d finding%s (%zu remaining)\n", fixed, fixed == 1 ? "" : "s", run.nfound);
	int rc = run.failed ? 1 : 0;
	if (c->do_fix && c->exit_on_fix && changed)
		rc = 1, c->fix_exit = true;
	if (totals.io_errors)
		rc = 2;
	if (!write_report_files(c))
		rc = 2;
	free(run.stats);
	qw_pipeline_free(&totals, &(qw_findings){0});
	return rc;
}

/* After the lint: --write-baseline's record written, or --baseline's stale entries named. */
static int
finish_baseline(const cli *c, int rc)
{
	char err[512];
	if (c->baseline && c->write_baseline_path) {
		if (qw_baseline_write(c->baseline, stderr, err, sizeof(err)) < 0) {
			char *masked = qw_arg_shown(c->write_baseline_path);
			qw_esc_fprintf(stderr, "qwlint: --write-baseline %s: %s\n", masked, err);
			free(masked);
			rc = 2;
		}
	} else if (c->baseline) {
		qw_baseline_report_stale(c->baseline, stderr);
	}
	return rc;
}

/* Everything after the options, in the order the checks have always run: the knowledge, the documents, the
 * baseline, the reports, the prober, standard input, then one run mode. */
static int
run(cli *c, int npaths, char **paths)
{
	char err[512];
	int rc;
	if (!(c->kb = qw_kb_load(c->opt.rules_dir, err, sizeof(err)))) {
		qw_esc_fprintf(stderr, "qwlint: rules: %s\n", err);
		return 2;
	}
	if ((rc = select_hermes_version(c, npaths, paths)) >= 0)
		return rc;
	if (c->list_rules || c->explain || c->print_doc)
		return run_docs(c);
	if ((rc = open_baseline(c)) >= 0 || (rc = plan_outputs(c)) >= 0 || (rc = start_probe(c)) >= 0)
		return rc;
	char *stdin_path[1];
	if (c->stdin_name || (npaths && !strcmp(paths[0], "-"))) {
		if ((rc = read_stdin(c->stdin_name, npaths, paths, c->do_fix || c->fo.diff, &c->opt)))
			return rc;
		stdin_path[0] = (char *)c->stdin_name;
		paths = stdin_path;
		npaths = 1;
	}
	if (c->show_settings)
		return run_show_settings(c);
	if (c->list_files)
		return run_list_files(c, paths, npaths);
	int fixed = 0, changed = 0, refused = 0;
	if ((c->do_fix || c->fo.diff) && (rc = run_fix(c, paths, npaths, &fixed, &changed, &refused)) >= 0)
		return rc;
	rc = c->resolve ? run_resolve(c, paths, npaths) : run_lint(c, paths, npaths, fixed, changed);
	rc = finish_baseline(c, rc);
	if ((c->opt.dify_db || c->opt.dify_export) && !qw_dify_db_asked()) {
		/* asked for a database and none read: saying nothing would pass a CI step that checked nothing */
		fprintf(stderr, "qwlint: %s: no Dify deployment among the paths linted (its docker directory, with Dify's "
				"envs/ or a .env setting its variables), so no provider settings were read; name that "
				"directory\n",
			c->opt.dify_export ? "--dify-export" : "--dify-db");
		rc = 2;
	}
	return refused ? 3 : rc; /* --fix left some file unrepaired (named on stderr): the lint above says what remains */
}

int
main(int argc, char **argv)
{
	cli c;
	cli_init(&c);
	int rc = parse_args(&c, argc, argv);
	if (rc < 0)
		rc = run(&c, argc - optind, argv + optind);
	if (c.exit_zero && rc == 1 && !c.fix_exit)
		rc = 0;
	cli_free(&c);
	qw_overlay_clear(); /* standard input's contents */
	return rc;
}
