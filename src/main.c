/*
 * main.c - the command line: options (one table that also prints --help), then the pipeline
 *   discover -> model -> rules -> findings -> render.
 * Exit status: 0 no finding at or above --fail-on, 1 such findings (or, with --diff, a non-empty diff), 2 usage
 * or I/O error, 3 --fix failed (nothing written).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baseline.h"
#include "config.h"
#include "discover.h"
#include "doc.h"
#include "escape.h"
#include "fix.h"
#include "pipeline.h"
#include "probe.h"
#include "kb.h"
#include "listfiles.h"
#include "model.h"
#include "render.h"
#include "rules.h"
#include "secret.h"
#include "util.h"
#include "write.h"

/* Options with no short form, by value (outside the letters, which getopt's short options may take). */
enum {
	OPT_BASELINE = 0x101,
	OPT_WRITE_BASELINE,
	OPT_SHOW_SETTINGS,
	OPT_LIST_FILES,
	OPT_HERMES_VERSION,
};

/* --format's help names the formats of format.c's table: filled in by main before anything prints it. */
static char format_help[160];

/* One entry per option: getopt, --help and the man page's OPTIONS section all come from here
 * (tests/doc_sync.sh checks the man page and README against `qwlint --help`). `id` is getopt's value for the
 * option; it is also its short form (-f) only where `shorthand` says so: the few that other linters' users type
 * short (ruff's -o, -e, -q), the rest stay long so that a typo is not silently another option. */
static const struct opt {
	const char *lng;
	int id;
	const char *arg;
	const char *help;
	bool shorthand;
} opts[] = {
	{"format", 'f', "FMT", format_help, true},
	{"output-file", 'o', "[FMT:]FILE",
	 "write the report to FILE too, in FMT (-o sarif:qwlint.sarif; repeatable); with no FMT: --format's, "
	 "instead of standard output",
	 true},
	{"exit-zero", 'e', NULL, "exit 0 even with findings at or above --fail-on (2 and 3 still mean errors)", true},
	{"statistics", 'N', NULL, "print the findings per rule (count, rule, [*] if --fix repairs some, name) instead of "
				  "the findings",
	 false},
	{"resolve", 'r', NULL, "print how Hermes resolves provider, base URL and key, step by step", true},
	{"fix", 'x', NULL, "repair the files in place (safe repairs only), then report what remains", false},
	{"unsafe-fixes", 'U', NULL, "with --fix or --diff, also apply repairs that guess (e.g. a region)", false},
	{"diff", 'd', NULL, "print what --fix would change as a unified diff (keys masked); write nothing", false},
	{"no-backup", 'B', NULL, "with --fix, do not copy a file to .qwlint-backup/ before deleting data from it", false},
	{"lock-wait", 'W', "SECONDS", "with --fix, wait this long for Hermes's auth.lock before giving up (default 15)", false},
	{"exit-non-zero-on-fix", 'X', NULL, "with --fix, exit 1 when a file was changed (pre-commit's convention)", false},
	{"region", 'R', "REGION", "the region your keys were issued in: cn, intl, us, hk, jp, eu", false},
	{"fail-on", 'F', "SEV", "exit 1 on findings of this severity or worse: error (default), warning, info", false},
	{"config", 'K', "FILE", "read settings from FILE instead of the nearest .qwlint.yaml", false},
	{"baseline", OPT_BASELINE, "FILE",
	 "report only findings FILE does not record (--write-baseline); warn about its entries that match none", false},
	{"write-baseline", OPT_WRITE_BASELINE, "FILE",
	 "record every finding in FILE (by fingerprint, no key) as accepted for now, and report none", false},
	{"stdin-filename", 'S', "PATH", "with PATH -, lint standard input as if it were the file PATH", false},
	{"quiet", 'q', NULL, "print only the findings (and the files --fix writes): no totals", true},
	{"skip-unknown", 'k', NULL, "pass over named files of no known kind silently (hooks that pass every YAML)", false},
	{"probe", 'p', NULL, "ask the vendor's endpoints which accepts each key (sends the keys; see the man page)", false},
	{"probe-timeout", 'T', "SECONDS", "with --probe, give each request this long (default 10)", false},
	{"probe-resolve", 'Z', "HOST:PORT:ADDR[:PORT2]",
	 "with --probe, connect to ADDR (port PORT2) for HOST:PORT; HOST * is any host", false},
	{"cacert", 'A', "FILE", "with --probe, trust the CA certificates in FILE instead of the system's", false},
	{"rules-dir", 'D', "DIR", "read the knowledge files from DIR instead of the built-in copy", false},
	{"hermes-version", OPT_HERMES_VERSION, "VERSION",
	 "model this Hermes: a release (0.18.2), newest, or a date YYYY-MM-DD (default: the installed one's, else newest)",
	 false},
	{"max-file-size", 'M', "BYTES",
	 "refuse files larger than BYTES (default 16777216; 0: up to 4 GiB, the most qwlint reads)", false},
	{"jobs", 'j', "N", "lint N homes, deployments or files at once (default: the number of cores)", true},
	{"color", 'C', "WHEN", "colour the human format: auto (default), always, never", false},
	{"show-settings", OPT_SHOW_SETTINGS, "PATH",
	 "print which .qwlint.yaml applies to PATH and the settings in effect there; lint nothing", false},
	{"list-files", OPT_LIST_FILES, NULL,
	 "list the files qwlint would lint, each with the kind it decided and its home or deployment; lint nothing",
	 false},
	{"list-rules", 'L', NULL, "list every rule: id, name, severity, repair (safe, unsafe, none), summary", false},
	{"explain", 'E', "RULE", "describe one rule (id like QW301, or its name)", false},
	{"version", 'V', NULL, "print the version", true},
	{"help", 'h', NULL, "print this help", true},
	/* not in --help: regenerates the documentation (make docs) */
	{"print-doc", 'P', "WHAT", NULL, false},
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

/* A bad option value as an error message may show it: as typed when shorter than 8 characters (every valid word
 * is), else only its length, since a key pasted into the wrong option would otherwise land in a CI log. */
static const char *
shown_arg(const char *arg, char *buf, size_t len)
{
	if (strlen(arg) < 8)
		snprintf(buf, len, "'%s'", arg);
	else
		snprintf(buf, len, "(a value of %zu characters)", strlen(arg));
	return buf;
}

/* getopt's own message would print the argument raw (a name from a file list can start with "--"): say it here,
 * escaped (escape.h), and without a value given with '='. arg is the argument getopt stopped at. */
static void
bad_option(const char *arg, int optopt_char, const char *shorts)
{
	if (!strncmp(arg, "--", 2))
		qw_esc_fprintf(stderr, "qwlint: %.*s: %s\n", (int)strcspn(arg, "="), arg,
			       !optopt_char ? "unknown or ambiguous option"
			       : strchr(arg, '=') ? "takes no value"
						  : "needs a value");
	else if (optopt_char > 0 && optopt_char != ':' && strchr(shorts, optopt_char))
		qw_esc_fprintf(stderr, "qwlint: -%c: needs a value\n", optopt_char);
	else
		qw_esc_fprintf(stderr, "qwlint: -%c: unknown option\n", optopt_char > 0 ? optopt_char : '?');
}

static void
usage(FILE *out)
{
	fputs("usage: qwlint [OPTIONS] [PATH...]\n"
	      "Lint Hermes Agent homes (config.yaml, .env, auth.json), Dify deployments and app DSLs, and .env\n"
	      "files for keys sent where they get HTTP 401.\n"
	      "With no PATH: $HERMES_HOME, else ~/.hermes.\n\noptions:\n",
	      out);
	for (size_t i = 0; i < NOPTS; i++) {
		if (!opts[i].help)
			continue;
		char left[64];
		char shrt[8] = "    ";
		if (opts[i].shorthand)
			snprintf(shrt, sizeof(shrt), "-%c, ", opts[i].id);
		snprintf(left, sizeof(left), "%s--%s%s%s", shrt, opts[i].lng, opts[i].arg ? " " : "",
			 opts[i].arg ? opts[i].arg : "");
		if (strlen(left) > 28)
			fprintf(out, "  %s\n  %-28s %s\n", left, "", opts[i].help);
		else
			fprintf(out, "  %-28s %s\n", left, opts[i].help);
	}
	fputs("\nexit status: 0 clean, 1 findings at or above --fail-on (--diff: a diff), 2 usage or I/O error,\n"
	      "3 --fix could not make every repair safely (each file left unrepaired is named; the others are written)\n",
	      out);
}

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

/* Whether s is digits only: strtol and strtoull also take leading blanks, a sign, and wrap "-1" around. */
static bool
all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* An integer option's value: all of s a number (digits only) from lo to hi. */
static bool
int_arg(const char *s, long lo, long hi, long *v)
{
	char *end;
	errno = 0;
	*v = all_digits(s) ? strtol(s, &end, 10) : -1;
	return all_digits(s) && errno == 0 && *v >= lo && *v <= hi;
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
			rule_stat *st = &run->stats[f->rule ? (size_t)(f->rule - qw_rules) : qw_nrules];
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
		const char *id = i < qw_nrules ? qw_rules[i].id : "QW000";
		const char *name = i < qw_nrules ? qw_rules[i].name : "internal";
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

/* What the option loop allocated (-o's arguments, --probe-resolve's), freed when it returns early. */
static int
leave(int rc, const char **out_args, const char **connect_to, size_t nconnect_to)
{
	free(out_args);
	for (size_t i = 0; i < nconnect_to; i++)
		free((char *)connect_to[i]);
	free(connect_to);
	return rc;
}

int
main(int argc, char **argv)
{
	struct option lo[NOPTS + 1];
	char shorts[64] = "";
	for (size_t i = 0; i < NOPTS; i++) {
		lo[i] = (struct option){opts[i].lng, opts[i].arg ? required_argument : no_argument, NULL, opts[i].id};
		if (opts[i].shorthand) {
			size_t l = strlen(shorts);
			shorts[l] = (char)opts[i].id;
			shorts[l + 1] = '\0';
			if (opts[i].arg)
				strcat(shorts, ":");
		}
	}
	lo[NOPTS] = (struct option){0, 0, 0, 0};
	qw_options opt = {.max_file_size = 16 * 1024 * 1024};
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	int jobs = ncpu > 0 ? (int)(ncpu < 64 ? ncpu : 64) : 1;
	snprintf(format_help, sizeof(format_help), "output format: %s (default human)", qw_format_names());
	const qw_format *fmt = qw_format_find("human");
	int fail_on = -1; /* -1: each finding's .qwlint.yaml fail-on, else error */
	bool resolve = false;
	qw_fix_options fo = {.lock_wait = 15};
	bool do_fix = false, exit_on_fix = false, list_rules = false;
	const char *explain = NULL, *print_doc = NULL, *stdin_name = NULL;
	char argbuf[64];
	bool quiet = false, exit_zero = false, statistics = false;
	const char **out_args = NULL; /* -o's arguments, resolved once --format is known */
	size_t nout_args = 0, out_cap = 0;
	bool probe = false;
	const char *baseline_path = NULL, *write_baseline_path = NULL, *show_settings = NULL;
	bool list_files = false;
	const char *hermes_version = NULL; /* --hermes-version */
	qw_baseline *baseline = NULL;
	qw_probe_options po = {.timeout_ms = 10000, .user_agent = "qwlint/" QW_VERSION " (--probe)"};
	const char **connect_to = NULL;
	size_t nconnect_to = 0, connect_cap = 0;
	/* auto: a terminal, unless NO_COLOR is set (non-empty); FORCE_COLOR (non-empty) colours a pipe too */
	const char *no_color = getenv("NO_COLOR"), *force_color = getenv("FORCE_COLOR");
	int color = !(no_color && *no_color) && (isatty(STDOUT_FILENO) || (force_color && *force_color));
	int c;
	opterr = 0; /* bad_option says it instead */
	while ((c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		switch (c) {
		case 'f': {
			const qw_format *f = qw_format_find(optarg);
			if (!f) {
				qw_esc_fprintf(stderr, "qwlint: --format: unknown format %s (%s)\n",
					       shown_arg(optarg, argbuf, sizeof(argbuf)), qw_format_names());
				return leave(2, out_args, connect_to, nconnect_to);
			}
			fmt = f;
			break;
		}
		case 'o':
			if (!*optarg) {
				fprintf(stderr, "qwlint: --output-file: expected [FMT:]FILE\n");
				return leave(2, out_args, connect_to, nconnect_to);
			}
			QW_PUSH(out_args, nout_args, out_cap, (const char *)optarg);
			break;
		case 'e': exit_zero = true; break;
		case 'N': statistics = true; break;
		case 'r': resolve = true; break;
		case 'x': do_fix = true; break;
		case 'U': fo.unsafe = true; break;
		case 'd': fo.diff = true; break;
		case 'B': fo.no_backup = true; break;
		case 'X': exit_on_fix = true; break;
		case 'R':
			if (!qw_region_valid(optarg)) {
				qw_esc_fprintf(stderr, "qwlint: --region: unknown region %s (cn, intl, us, hk, jp, eu)\n",
					       shown_arg(optarg, argbuf, sizeof(argbuf)));
				return leave(2, out_args, connect_to, nconnect_to);
			}
			opt.region = optarg;
			break;
		case 'F':
			fail_on = qw_severity_parse(optarg);
			if (fail_on < 0) {
				fprintf(stderr, "qwlint: --fail-on: expected error, warning or info\n");
				return leave(2, out_args, connect_to, nconnect_to);
			}
			break;
		case 'D': opt.rules_dir = optarg; break;
		case 'S': stdin_name = optarg; break;
		case 'q': quiet = true; break;
		case 'k': opt.skip_unknown = true; break;
		case 'K':
			if (access(optarg, R_OK) != 0) {
				char *shown = qw_arg_shown(optarg);
				qw_esc_fprintf(stderr, "qwlint: --config: cannot read %s\n", shown);
				free(shown);
				return leave(2, out_args, connect_to, nconnect_to);
			}
			opt.config_path = optarg;
			break;
		case OPT_BASELINE: baseline_path = optarg; break;
		case OPT_SHOW_SETTINGS: show_settings = optarg; break;
		case OPT_LIST_FILES: list_files = true; break;
		case OPT_HERMES_VERSION: hermes_version = optarg; break;
		case OPT_WRITE_BASELINE: write_baseline_path = optarg; break;
		case 'W': {
			long v;
			if (!int_arg(optarg, 0, 3600, &v)) {
				fprintf(stderr, "qwlint: --lock-wait: expected a number of seconds (0 to 3600)\n");
				return leave(2, out_args, connect_to, nconnect_to);
			}
			fo.lock_wait = (int)v;
			break;
		}
		case 'j': {
			long v;
			if (!int_arg(optarg, 1, 256, &v)) {
				fprintf(stderr, "qwlint: --jobs: expected a number from 1 to 256\n");
				return leave(2, out_args, connect_to, nconnect_to);
			}
			jobs = (int)v;
			break;
		}
		case 'M': {
			char *end;
			errno = 0;
			unsigned long long v = all_digits(optarg) ? strtoull(optarg, &end, 10) : 0;
			if (!all_digits(optarg) || errno == ERANGE) {
				fprintf(stderr, "qwlint: --max-file-size: expected a number of bytes (digits only, 0 for qwlint's "
						"own limit)\n");
				return leave(2, out_args, connect_to, nconnect_to);
			}
			opt.max_file_size = (size_t)v;
			break;
		}
		case 'C':
			if (!strcmp(optarg, "always"))
				color = 1;
			else if (!strcmp(optarg, "never"))
				color = 0;
			else if (strcmp(optarg, "auto")) {
				fprintf(stderr, "qwlint: --color: expected auto, always or never\n");
				return leave(2, out_args, connect_to, nconnect_to);
			}
			break;
		case 'p': probe = true; break;
		case 'T': {
			long v;
			if (!int_arg(optarg, 1, 600, &v)) {
				fprintf(stderr, "qwlint: --probe-timeout: expected a number of seconds (1 to 600)\n");
				return leave(2, out_args, connect_to, nconnect_to);
			}
			po.timeout_ms = v * 1000;
			break;
		}
		case 'Z': {
			char *ct = qw_probe_connect_to(optarg);
			if (!ct) {
				qw_esc_fprintf(stderr,
					       "qwlint: --probe-resolve: expected HOST:PORT:ADDR or HOST:PORT:ADDR:PORT2, "
					       "not %s\n",
					       shown_arg(optarg, argbuf, sizeof(argbuf)));
				return leave(2, out_args, connect_to, nconnect_to);
			}
			QW_PUSH(connect_to, nconnect_to, connect_cap, (const char *)ct);
			break;
		}
		case 'A':
			if (access(optarg, R_OK) != 0) {
				char *shown = qw_arg_shown(optarg);
				qw_esc_fprintf(stderr, "qwlint: --cacert: cannot read %s\n", shown);
				free(shown);
				return leave(2, out_args, connect_to, nconnect_to);
			}
			po.cacert = optarg;
			break;
		case 'L': list_rules = true; break;
		case 'E': explain = optarg; break;
		case 'P': print_doc = optarg; break;
		case 'V': printf("qwlint %s\n", QW_VERSION); return leave(0, out_args, connect_to, nconnect_to);
		case 'h': usage(stdout); return leave(0, out_args, connect_to, nconnect_to);
		default:
			bad_option(argv[optind - 1], optopt, shorts);
			usage(stderr);
			return leave(2, out_args, connect_to, nconnect_to);
		}
	}
	char err[512];
	int rc = 0;
	bool fix_exit = false; /* exit 1 because --exit-non-zero-on-fix asked, which --exit-zero does not undo */
	output *outs = qw_xcalloc(nout_args + 1, sizeof(*outs));
	size_t nouts = 0;
	bool stdout_report = !statistics;
	qw_probe *prober = NULL;
	qw_kb *kb = qw_kb_load(opt.rules_dir, err, sizeof(err));
	if (!kb) {
		qw_esc_fprintf(stderr, "qwlint: rules: %s\n", err);
		rc = 2;
		goto done;
	}
	if (hermes_version) {
		if (qw_kb_set_hermes_version(kb, hermes_version, err, sizeof(err))) {
			qw_esc_fprintf(stderr, "qwlint: --hermes-version: %s: %s\n", shown_arg(hermes_version, argbuf, sizeof(argbuf)),
				       err);
			rc = 2;
			goto done;
		}
	} else {
		/* the installed Hermes's version: the named homes' (a file's directory), else the default home's */
		const char *hh = getenv("HERMES_HOME"), *home = getenv("HOME");
		char *dflt = hh && *hh ? NULL : home && *home ? qw_path_join(home, ".hermes") : NULL;
		size_t nh = 0;
		char **homes = qw_xcalloc((size_t)(argc - optind) + 1, sizeof(char *));
		for (int i = optind; i < argc; i++)
			if (strcmp(argv[i], "-"))
				homes[nh++] = is_dir(argv[i]) ? qw_xstrdup(argv[i]) : qw_dirname(argv[i]);
		if (!nh && dflt)
			homes[nh++] = qw_xstrdup(dflt);
		qw_kb_detect_hermes_version(kb, (const char *const *)homes, nh);
		for (size_t i = 0; i < nh; i++)
			free(homes[i]);
		free(homes);
		free(dflt);
	}
	if (list_rules || explain || print_doc) {
		const qw_rule *r = explain ? qw_rule_find(explain) : NULL;
		if (list_rules) {
			qw_doc_list(stdout);
		} else if (explain && !r) {
			qw_esc_fprintf(stderr, "qwlint: --explain: no rule %s (see --list-rules)\n",
				       shown_arg(explain, argbuf, sizeof(argbuf)));
			rc = 2;
		} else if (r) {
			/* the page quotes the knowledge files, which --rules-dir may take from anywhere */
			char *page = qw_doc_page_text(r, kb), *shown = qw_esc(page, QW_ESC_LINES);
			fputs(shown, stdout);
			free(shown);
			free(page);
		} else if (qw_doc_print(stdout, print_doc, kb) < 0) {
			fprintf(stderr, "qwlint: --print-doc: expected markdown, readme, man-rules or man7\n");
			rc = 2;
		}
		goto done;
	}
	if (baseline_path || write_baseline_path) {
		if (baseline_path && write_baseline_path) {
			fprintf(stderr, "qwlint: give one of --baseline and --write-baseline (--write-baseline reads its "
					"file's old entries itself)\n");
			rc = 2;
			goto done;
		}
		if (write_baseline_path && (do_fix || fo.diff || resolve)) {
			fprintf(stderr, "qwlint: --write-baseline records findings: run it without --fix, --diff and "
					"--resolve\n");
			rc = 2;
			goto done;
		}
		const char *bp = baseline_path ? baseline_path : write_baseline_path;
		if (!(baseline = qw_baseline_open(bp, write_baseline_path != NULL, kb, err, sizeof(err)))) {
			char *masked = qw_arg_shown(bp); /* a key pasted as the path stays masked (#22) */
			qw_esc_fprintf(stderr, "qwlint: %s %s: %s\n", baseline_path ? "--baseline" : "--write-baseline",
				       masked, err);
			free(masked);
			rc = 2;
			goto done;
		}
		opt.baseline = baseline;
	}
	/* the reports: standard output's (unless an -o FILE without FMT: takes --format's away from it, or
	 * --statistics replaces it), then one per -o */
	for (size_t i = 0; i < nout_args; i++) {
		bool prefixed;
		output_arg(out_args[i], fmt, &outs[1 + i], &prefixed);
		if (!prefixed)
			stdout_report = false;
		if (!*outs[1 + i].path) {
			fprintf(stderr, "qwlint: --output-file: expected [FMT:]FILE\n");
			rc = 2;
			goto done;
		}
	}
	if (stdout_report)
		outs[nouts++] = (output){.fmt = fmt};
	for (size_t i = 0; i < nout_args; i++)
		outs[nouts++] = outs[1 + i];
	if ((nout_args || statistics) && (resolve || fo.diff)) {
		fprintf(stderr, "qwlint: --output-file and --statistics apply to the findings, not to --resolve or --diff\n");
		rc = 2;
		goto done;
	}
	if (!probe && (nconnect_to || po.cacert)) {
		fprintf(stderr, "qwlint: --probe-resolve and --cacert apply only with --probe\n");
		rc = 2;
		goto done;
	}
	if (probe) {
		po.connect_to = connect_to;
		po.nconnect_to = nconnect_to;
		if (!(prober = qw_probe_new(&po, err, sizeof(err)))) {
			qw_esc_fprintf(stderr, "qwlint: --probe: %s\n", err);
			rc = 2;
			goto done;
		}
		opt.probe = prober;
	}
	char *stdin_path[1];
	if (stdin_name || (optind < argc && !strcmp(argv[optind], "-"))) {
		if ((rc = read_stdin(stdin_name, argc - optind, argv + optind, do_fix || fo.diff, &opt)))
			goto done;
		stdin_path[0] = (char *)stdin_name;
		argv = stdin_path;
		argc = 1;
		optind = 0;
	}
	if (show_settings) {
		qw_dirs *dirs = qw_dirs_new();
		qw_configs *cs = qw_configs_new(opt.config_path, &opt, dirs);
		rc = qw_configs_show(cs, show_settings, fail_on, fo.unsafe, stdout);
		qw_configs_free(cs);
		qw_dirs_free(dirs);
		goto done;
	}
	if (list_files) {
		qw_listing listing = {stdout, 0};
		qw_sets totals;
		qw_pipeline_stream(argv + optind, argc - optind, &opt, kb, jobs, true, qw_list_batch, &listing, &totals);
		rc = totals.io_errors ? 2 : 0;
		qw_pipeline_free(&totals, &(qw_findings){0});
		goto done;
	}
	int fixed = 0, changed = 0, refused = 0;
	if (do_fix || fo.diff) {
		fo.jobs = jobs;
		/* JSON on stdout must stay one document: the progress lines go to stderr then */
		fixed = qw_fix_run(argv + optind, argc - optind, &opt, kb, &fo,
				   (stdout_report || statistics) && is_document(fmt) && !fo.diff ? stderr : stdout,
				   &changed, &refused);
		if (fixed < 0) {
			rc = 3;
			goto done;
		}
		if (fo.diff) {
			rc = refused ? 3 : changed ? 1 : 0;
			goto done;
		}
	}
	if (resolve) {
		/* the trace of every set, which needs the run whole */
		qw_sets sets = {0};
		qw_findings findings = {0};
		qw_pipeline_run(argv + optind, argc - optind, &opt, kb, &sets, &findings);
		qw_pipeline_print_errors(&sets);
		qw_render_resolve(stdout, &sets, fmt, color, kb);
		for (size_t i = 0; i < findings.n; i++)
			if ((int)findings.v[i].severity >= threshold(&sets, &findings.v[i], fail_on))
				rc = 1;
		if (sets.io_errors)
			rc = 2;
		qw_pipeline_free(&sets, &findings);
	} else {
		lint_run run = {outs, nouts, fail_on, 0, false, NULL, fo.unsafe};
		if (statistics)
			run.stats = qw_xcalloc(qw_nrules + 1, sizeof(*run.stats));
		for (size_t i = 0; i < nouts; i++) {
			output *o = &outs[i];
			o->f = o->path ? open_memstream(&o->buf, &o->len) : stdout;
			if (!o->f) {
				char *masked = qw_arg_shown(o->path);
				qw_esc_fprintf(stderr, "qwlint: --output-file %s: %s\n", masked, strerror(errno));
				free(masked);
				exit(2);
			}
			/* a file is read later, elsewhere: no terminal colours in it */
			o->r = qw_render_begin(o->f, o->fmt, o->path ? false : color, kb);
		}
		qw_sets totals;
		qw_pipeline_stream(argv + optind, argc - optind, &opt, kb, jobs, true, on_batch, &run, &totals);
		for (size_t i = 0; i < nouts; i++)
			qw_render_end(outs[i].r, quiet ? (size_t)-1 : totals.files);
		if (statistics)
			print_statistics(stdout, &run, fmt == qw_format_find("json"));
		if (do_fix && !quiet && !((stdout_report || statistics) && is_document(fmt)))
			printf("Fixed %d finding%s (%zu remaining)\n", fixed, fixed == 1 ? "" : "s", run.nfound);
		rc = run.failed ? 1 : 0;
		if (do_fix && exit_on_fix && changed)
			rc = 1, fix_exit = true;
		if (totals.io_errors)
			rc = 2;
		/* the files last, each whole or not at all: a CI step that reads one never sees half a report */
		for (size_t i = 0; i < nouts; i++) {
			output *o = &outs[i];
			if (!o->path)
				continue;
			bool ok = fclose(o->f) == 0;
			o->f = NULL;
			if (!ok || qw_write_report(o->path, o->buf, o->len, err, sizeof(err)) != 0) {
				char *masked = qw_arg_shown(o->path);
				qw_esc_fprintf(stderr, "qwlint: --output-file %s: %s\n", masked,
					       ok ? err : "cannot hold the report in memory");
				free(masked);
				rc = 2;
			}
		}
		free(run.stats);
		qw_pipeline_free(&totals, &(qw_findings){0});
	}
	if (baseline && write_baseline_path) {
		if (qw_baseline_write(baseline, stderr, err, sizeof(err)) < 0) {
			char *masked = qw_arg_shown(write_baseline_path);
			qw_esc_fprintf(stderr, "qwlint: --write-baseline %s: %s\n", masked, err);
			free(masked);
			rc = 2;
		}
	} else if (baseline) {
		qw_baseline_report_stale(baseline, stderr);
	}
	if (refused) /* --fix left some file unrepaired (named on stderr): the lint above says what remains */
		rc = 3;
done:
	qw_baseline_free(baseline);
	if (exit_zero && rc == 1 && !fix_exit)
		rc = 0;
	for (size_t i = 0; i < nouts; i++)
		free(outs[i].buf);
	free(outs);
	free(out_args);
	qw_probe_free(prober);
	qw_kb_free(kb);
	for (size_t i = 0; i < nconnect_to; i++)
		free((char *)connect_to[i]);
	free(connect_to);
	qw_overlay_clear(); /* standard input's contents */
	return rc;
}
