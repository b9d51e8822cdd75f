/* options.c - see options.h: the table (options.def), getopt_long over it, the validation of values, --help. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "escape.h"
#include "lint.h"
#include "probe.h"
#include "render.h"
#include "secret.h"

const qw_enum qw_format_enum = {QW_FORMAT_NAMES, NULL, qw_format_index};
const qw_enum qw_colors = {"auto, always, never", NULL, NULL};
const qw_enum qw_print_docs = {"markdown, readme, readme-repairs, man-rules, man7, man-options, readme-options, "
			       "completion", NULL, NULL};

/* -o '' names no file. */
static bool
nonempty(const char *arg)
{
	return *arg != '\0';
}

/* --probe-resolve's HOST:PORT:ADDR[:PORT2], as probe.c reads it. */
static bool
probe_resolve_valid(const char *arg)
{
	char *ct = qw_probe_connect_to(arg);
	free(ct);
	return ct != NULL;
}

const qw_optdef qw_opts[QW_NOPTS] = {
#define QW_OPTION(id, ...) [id] = {__VA_ARGS__},
#include "options.def"
#undef QW_OPTION
};

/* getopt_long's value for an option: above every character, so that only the short forms the table gives are
 * short options (a letter typed as -x that is no one's short form stays unknown). */
#define LONG_BASE 0x100

static struct option longopts[QW_NOPTS + 1];
static char shorts[2 * QW_NOPTS + 1];

static void
build_tables(void)
{
	if (longopts[0].name)
		return;
	size_t k = 0;
	for (size_t i = 0; i < QW_NOPTS; i++) {
		const qw_optdef *o = &qw_opts[i];
		longopts[i] = (struct option){o->name, o->type == QW_ARG_NONE ? no_argument : required_argument, NULL,
					      LONG_BASE + (int)i};
		if (o->shrt) {
			shorts[k++] = o->shrt;
			if (o->type != QW_ARG_NONE)
				shorts[k++] = ':';
		}
	}
	shorts[k] = '\0';
}

const char *
qw_opt_shown(const char *arg, char *buf, size_t len)
{
	if (strlen(arg) < 8)
		snprintf(buf, len, "'%s'", arg);
	else
		snprintf(buf, len, "(a value of %zu characters)", strlen(arg));
	return buf;
}

void
qw_opt_expected(qw_opt_id id, char *buf, size_t len)
{
	const qw_optdef *o = &qw_opts[id];
	char unit[32] = "";
	if (o->unit)
		snprintf(unit, sizeof(unit), " of %s", o->unit);
	if (o->type == QW_ARG_INT && o->hi == ULLONG_MAX)
		snprintf(buf, len, "a number%s (digits only)", unit);
	else if (o->type == QW_ARG_INT)
		snprintf(buf, len, "a number%s from %llu to %llu", unit, o->lo, o->hi);
	else if (o->type == QW_ARG_ENUM)
		qw_enum_expected(o->values, NULL, buf, len);
	else
		snprintf(buf, len, "%s", o->metavar);
}

void
qw_opt_bad_value(qw_opt_id id, const char *value)
{
	char what[256], shown[64];
	qw_opt_expected(id, what, sizeof(what));
	qw_esc_fprintf(stderr, "qwlint: --%s: expected %s, not %s\n", qw_opts[id].name, what,
		       qw_opt_shown(value, shown, sizeof(shown)));
}

/* Whether s is digits only: strtoull also takes leading blanks and a sign, and wraps "-1" around. */
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

/* s as a value of o: *arg filled; false when it is not one. */
static bool
parse_value(const qw_optdef *o, const char *s, qw_optarg *arg)
{
	*arg = (qw_optarg){.s = s};
	bool ok = true;
	if (o->type == QW_ARG_INT) {
		errno = 0;
		arg->n = all_digits(s) ? strtoull(s, NULL, 10) : 0;
		ok = all_digits(s) && errno == 0 && arg->n >= o->lo && arg->n <= o->hi;
	} else if (o->type == QW_ARG_ENUM) {
		int v = qw_enum_parse(o->values, s);
		ok = v >= 0;
		arg->n = ok ? (unsigned long long)v : 0;
	}
	return ok && (!o->valid || o->valid(s));
}

bool
qw_opt_value(qw_opt_id id, const char *s, qw_optarg *arg)
{
	return parse_value(&qw_opts[id], s, arg);
}

qw_optarg
qw_opt_default(qw_opt_id id)
{
	qw_optarg arg = {0};
	if (qw_opts[id].dflt)
		parse_value(&qw_opts[id], qw_opts[id].dflt, &arg);
	return arg;
}

/* The argument of option id checked against the table, its value in *arg; false when it is invalid (said). */
static bool
check_value(qw_opt_id id, const char *s, qw_optarg *arg)
{
	const qw_optdef *o = &qw_opts[id];
	if (!parse_value(o, s, arg)) {
		qw_opt_bad_value(id, s);
		return false;
	}
	if (o->readable && access(s, R_OK) != 0) {
		char *shown = qw_arg_shown(s);
		qw_esc_fprintf(stderr, "qwlint: --%s: cannot read %s\n", o->name, shown);
		free(shown);
		return false;
	}
	return true;
}

/* getopt's own message would print the argument raw (a name from a file list can start with "--"): say it here,
 * escaped (escape.h), and without a value given with '='. arg is the argument getopt stopped at. */
static void
bad_option(const char *arg, int optopt_char)
{
	if (!strncmp(arg, "--", 2))
		qw_esc_fprintf(stderr, "qwlint: %.*s: %s\n", (int)strcspn(arg, "="), arg,
			       !optopt_char ? "unknown or ambiguous option"
			       : strchr(arg, '=') ? "takes no value"
						  : "needs a value");
	else if (optopt_char > 0 && optopt_char < LONG_BASE && optopt_char != ':' && strchr(shorts, optopt_char))
		qw_esc_fprintf(stderr, "qwlint: -%c: needs a value\n", optopt_char);
	else
		qw_esc_fprintf(stderr, "qwlint: -%c: unknown option\n",
			       optopt_char > 0 && optopt_char < LONG_BASE ? optopt_char : '?');
}

int
qw_opt_next(int argc, char **argv, qw_optarg *arg)
{
	build_tables();
	opterr = 0; /* bad_option says it instead */
	int c = getopt_long(argc, argv, shorts, longopts, NULL);
	if (c == -1)
		return QW_OPT_END;
	int id = -1;
	if (c >= LONG_BASE)
		id = c - LONG_BASE;
	for (size_t i = 0; id < 0 && c != '?' && i < QW_NOPTS; i++)
		if (qw_opts[i].shrt == c)
			id = (int)i;
	if (id < 0) {
		bad_option(argv[optind - 1], optopt);
		qw_opt_usage(stderr);
		return QW_OPT_BAD;
	}
	*arg = (qw_optarg){0};
	if (qw_opts[id].type != QW_ARG_NONE && !check_value((qw_opt_id)id, optarg, arg))
		return QW_OPT_BAD;
	return id;
}

void
qw_opt_usage(FILE *out)
{
	fputs("usage: qwlint [OPTIONS] [PATH...]\n"
	      "Lint Hermes Agent homes (config.yaml, .env, auth.json), Claude Code and Qwen Code settings, OpenCode's\n"
	      "opencode.json, OpenClaw's openclaw.json, Codex CLI's config.toml, Dify deployments and app DSLs, and\n"
	      ".env files for keys sent where they get HTTP 401.\n"
	      "With no PATH: every agent's directory in your home that exists ($HERMES_HOME, else ~/.hermes;\n"
	      "~/.claude; ~/.config/opencode; ~/.openclaw; ~/.codex; ~/.qwen) and the current directory's .claude/,\n"
	      ".qwen/ and opencode.json.\n\n"
	      "options:\n",
	      out);
	for (size_t i = 0; i < QW_NOPTS; i++) {
		const qw_optdef *o = &qw_opts[i];
		if (!o->help)
			continue;
		char left[64];
		char shrt[8] = "    ";
		if (o->shrt)
			snprintf(shrt, sizeof(shrt), "-%c, ", o->shrt);
		snprintf(left, sizeof(left), "%s--%s%s%s", shrt, o->name, o->metavar ? " " : "",
			 o->metavar ? o->metavar : "");
		if (strlen(left) > 28)
			fprintf(out, "  %s\n  %-28s %s\n", left, "", o->help);
		else
			fprintf(out, "  %-28s %s\n", left, o->help);
	}
	fputs("\nexit status: 0 clean, 1 findings at or above --fail-on (--diff: a diff), 2 usage or I/O error,\n"
	      "3 --fix could not make every repair safely (each file left unrepaired is named; the others are written)\n",
	      out);
}
