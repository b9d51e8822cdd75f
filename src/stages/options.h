/*
 * options.h - qwlint's settings, each described once, in src/stages/options.def: its names, its argument's type
 * with its range or its values, its default, its line of --help, its man page entry, its README cell and the
 * .qwlint.yaml key that sets it too. Everything else is made from that table (curl's docs/cmdline-opts pattern):
 * getopt_long's tables and short-option string, the validation of every value with one message format (which
 * .qwlint.yaml's reader, config.c, uses too: hence a stage, below the command line), --help, and through
 * cli/options_doc.c the hidden --print-doc's man page OPTIONS section, README's option table and the bash completion's arms
 * (man/gendocs.sh splices them in; tests/doc_sync.sh fails when a committed copy differs). To add an option: one QW_OPTION in options.def, its case in main.c's take_option (the compiler
 * insists: the switch has no default), and `make docs`.
 *
 * Ownership: the table and the enumerations are static data; a parsed value's string points into argv.
 */
#ifndef QW_OPTIONS_H
#define QW_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "kb.h"
#include "util.h"

typedef enum qw_opt_id {
#define QW_OPTION(id, ...) id,
#include "options.def"
#undef QW_OPTION
	QW_NOPTS
} qw_opt_id;

typedef enum qw_arg_type {
	QW_ARG_NONE,   /* a switch */
	QW_ARG_INT,    /* digits only, from lo to hi */
	QW_ARG_ENUM,   /* one word of values */
	QW_ARG_STRING, /* any text (valid may check its shape) */
	QW_ARG_PATH,   /* a file or directory (the completion offers file names) */
} qw_arg_type;

/* What the bash completion offers for the argument, beyond what its type implies. */
typedef enum qw_complete {
	QW_COMPLETE_TYPE,            /* by type: an enum's words, a path's file names, nothing for the rest */
	QW_COMPLETE_RULES,           /* the rule ids and names (`qwlint --list-rules` at completion time) */
	QW_COMPLETE_HERMES_VERSIONS, /* the knowledge's Hermes releases, and newest */
} qw_complete;

typedef struct qw_optdef {
	const char *name; /* the long form, without "--" */
	char shrt;        /* the short form, or 0: only the few that other linters' users type short (ruff's -o, -e,
			   * -q) have one, so that a typo is not silently another option */
	qw_arg_type type;
	const char *metavar;           /* the argument as --help names it; NULL for a switch */
	unsigned long long lo, hi;     /* QW_ARG_INT: the range; hi ULLONG_MAX: no bound but the type's */
	const char *unit;              /* QW_ARG_INT: "seconds", "bytes", or NULL */
	const qw_enum *values;         /* QW_ARG_ENUM */
	bool readable;                 /* QW_ARG_PATH: a file that must be readable when the option is read */
	bool (*valid)(const char *arg); /* the argument's shape, said as "expected METAVAR" (NULL: any) */
	const char *dflt;              /* the default as the documents state it (they are checked to), or NULL */
	const char *setting;           /* the .qwlint.yaml key that sets it too (config.c reads it), or NULL */
	qw_complete complete;
	const char *help;   /* --help's line; NULL: a hidden option, in no document */
	const char *man;    /* the man page's entry: roff, the lines after the one that names the option */
	const char *readme; /* README's table cell: Markdown, one line */
} qw_optdef;

extern const qw_optdef qw_opts[QW_NOPTS];
/* The enumerations only options use (the regions and severities are lint.h's, the formats render.h's). */
extern const qw_enum qw_format_enum, qw_colors, qw_print_docs;
/* --color's words, in qw_colors' order. */
enum { QW_COLOR_AUTO, QW_COLOR_ALWAYS, QW_COLOR_NEVER };

/* An option's argument: s as given (NULL for a switch); n its value for QW_ARG_INT, and for QW_ARG_ENUM the
 * word's (qw_enum_parse). */
typedef struct qw_optarg {
	const char *s;
	unsigned long long n;
} qw_optarg;

#define QW_OPT_END (-1) /* no more options: optind is the first path */
#define QW_OPT_BAD (-2) /* an unknown option or an invalid value, said on stderr */

/* The next option of argv with its argument, validated against the table: its id, QW_OPT_END or QW_OPT_BAD (an
 * unknown option is followed by the usage on stderr). getopt_long's state (optind) carries between calls. */
int qw_opt_next(int argc, char **argv, qw_optarg *arg);
/* "qwlint: --NAME: expected DESCRIPTION, not VALUE" on stderr, for a value found invalid after parsing (-o's FMT:
 * with no FILE); the value is shown only by its length when it is long enough to be a pasted key. */
void qw_opt_bad_value(qw_opt_id id, const char *value);
/* s as a value of option id, without a message: its value in *arg; false when it is none (.qwlint.yaml's
 * settings take options' values so). */
bool qw_opt_value(qw_opt_id id, const char *s, qw_optarg *arg);
/* What a valid value of option id is, as "expected" goes on: "a number of seconds from 0 to 3600", "cn, intl,
 * us, hk, jp or eu", or for free text its metavar. */
void qw_opt_expected(qw_opt_id id, char *buf, size_t len);
/* A value as a message may echo it: quoted when shorter than 8 characters (every valid word is), else only its
 * length, since a key pasted into the wrong option would otherwise land in a CI log. Returns buf. */
const char *qw_opt_shown(const char *value, char *buf, size_t len);
/* The value of the option's documented default (.dflt, which the unit tests check is valid): where the program
 * starts from, so that the default is written once. */
qw_optarg qw_opt_default(qw_opt_id id);

/* --help. */
void qw_opt_usage(FILE *out);
/* --print-doc's option documents (options_doc.c): "man-options" (the man page's OPTIONS entries),
 * "readme-options" (README's table), "completion" (the bash completion's case arms). -1 for another WHAT. */
int qw_opt_print_doc(FILE *out, const char *what, const qw_kb *kb);

#endif
