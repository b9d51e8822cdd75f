/* options_doc.c - the documents made from the option table (options.h): the man page's OPTIONS entries, README's
 * option table and the bash completion's case arms, printed by the hidden --print-doc for man/gendocs.sh. */
#include <string.h>

#include "options.h"

/* A character of an option's name in roff: '-' a minus sign (\-), so that the name can be searched for and copied. */
static void
roff_char(FILE *out, char c)
{
	if (c == '-')
		fputs("\\-", out);
	else
		fputc(c, out);
}

static void
roff_name(FILE *out, const char *s)
{
	for (; *s; s++)
		roff_char(out, *s);
}

/* A metavar in roff: its upper-case words in italics ([\fIFMT\fR:]\fIFILE\fR), the rest as it is. */
static void
roff_metavar(FILE *out, const char *s)
{
	while (*s) {
		size_t n = *s >= 'A' && *s <= 'Z' ? strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") : 0;
		if (n) {
			fprintf(out, "\\fI%.*s\\fR", (int)n, s);
			s += n;
		} else {
			roff_char(out, *s++);
		}
	}
}

/* .TP, the line naming the option (".BR \-f ", " \-\-format " " \fIFMT\fR"), then its entry. */
static void
print_man(FILE *out)
{
	for (size_t i = 0; i < QW_NOPTS; i++) {
		const qw_optdef *o = &qw_opts[i];
		if (!o->help)
			continue;
		fputs(o->shrt || o->metavar ? ".TP\n.BR " : ".TP\n.B ", out);
		if (o->shrt)
			fprintf(out, "\\-%c \", \" ", o->shrt);
		fputs("\\-\\-", out);
		roff_name(out, o->name);
		if (o->metavar) {
			fputs(" \" \" ", out);
			roff_metavar(out, o->metavar);
		}
		fprintf(out, "\n%s", o->man);
	}
}

static void
print_readme(FILE *out)
{
	fputs("| option | meaning |\n|---|---|\n", out);
	for (size_t i = 0; i < QW_NOPTS; i++) {
		const qw_optdef *o = &qw_opts[i];
		if (!o->help)
			continue;
		fputs("| ", out);
		if (o->shrt)
			fprintf(out, "`-%c`, ", o->shrt);
		fprintf(out, "`--%s%s%s` | %s |\n", o->name, o->metavar ? " " : "", o->metavar ? o->metavar : "",
			o->readme);
	}
}

/* An arm's pattern: "--format | -f". */
static void
pattern(FILE *out, const qw_optdef *o, bool first)
{
	fprintf(out, "%s--%s", first ? "\t" : " | ", o->name);
	if (o->shrt)
		fprintf(out, " | -%c", o->shrt);
}

static bool
completes_files(const qw_optdef *o)
{
	return o->type == QW_ARG_PATH && o->complete == QW_COMPLETE_TYPE;
}

static bool
completes_nothing(const qw_optdef *o)
{
	return (o->type == QW_ARG_INT || o->type == QW_ARG_STRING) && o->complete == QW_COMPLETE_TYPE;
}

/* One arm for all the documented options pick chooses, then body; nothing when it chooses none. */
static void
group_arm(FILE *out, bool (*pick)(const qw_optdef *), const char *body)
{
	bool first = true;
	for (size_t i = 0; i < QW_NOPTS; i++)
		if (qw_opts[i].help && pick(&qw_opts[i])) {
			pattern(out, &qw_opts[i], first);
			first = false;
		}
	if (!first)
		fputs(body, out);
}

/* The case arms for the word after an option: its values (an enumeration's, the rules', the Hermes releases'),
 * file names for a path, nothing for a number or free text. Options that take no argument have no arm. */
static void
print_completion(FILE *out, const qw_kb *kb)
{
	char w[64];
	for (size_t i = 0; i < QW_NOPTS; i++) {
		const qw_optdef *o = &qw_opts[i];
		if (!o->help || (o->type != QW_ARG_ENUM && o->complete == QW_COMPLETE_TYPE))
			continue;
		pattern(out, o, true);
		if (o->complete == QW_COMPLETE_RULES) {
			fputs(") words=$(\"${COMP_WORDS[0]}\" --list-rules 2>/dev/null | awk '{ print $1; print $2 }') ;;\n",
			      out);
			continue;
		}
		fputs(") words=\"", out);
		if (o->complete == QW_COMPLETE_HERMES_VERSIONS) {
			const char *v;
			for (size_t j = 0; (v = qw_kb_hermes_release(kb, j)); j++)
				fprintf(out, "%s ", v);
			fputs("newest", out);
		}
		for (size_t j = 0; o->values && qw_enum_word(o->values, j, w, sizeof(w)); j++)
			fprintf(out, "%s%s", j ? " " : "", w);
		fputs("\" ;;\n", out);
	}
	group_arm(out, completes_files, ")\n\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n\t\treturn ;;\n");
	group_arm(out, completes_nothing, ") return ;;\n");
}

int
qw_opt_print_doc(FILE *out, const char *what, const qw_kb *kb)
{
	if (!strcmp(what, "man-options"))
		print_man(out);
	else if (!strcmp(what, "readme-options"))
		print_readme(out);
	else if (!strcmp(what, "completion"))
		print_completion(out, kb);
	else
		return -1;
	return 0;
}
