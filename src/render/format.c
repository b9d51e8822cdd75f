/* format.c - see format.h: the one table of the output formats. */
#include "format.h"

#include <string.h>

#include "rules.h"
#include "util.h"

/* Each defined in its own file, render_<name>.c. */
extern const qw_format qw_format_human, qw_format_concise, qw_format_json, qw_format_sarif, qw_format_github,
	qw_format_gitlab, qw_format_rdjson, qw_format_junit, qw_format_markdown;

const qw_format *const qw_formats[] = {
	&qw_format_human,  &qw_format_concise, &qw_format_json,  &qw_format_sarif,    &qw_format_github,
	&qw_format_gitlab, &qw_format_rdjson,  &qw_format_junit, &qw_format_markdown,
};
const size_t qw_nformats = sizeof(qw_formats) / sizeof(qw_formats[0]);

const qw_format *
qw_format_find(const char *name)
{
	for (size_t i = 0; i < qw_nformats; i++)
		if (!strcmp(name, qw_formats[i]->name))
			return qw_formats[i];
	return NULL;
}

int
qw_format_index(const char *name)
{
	for (size_t i = 0; name && i < qw_nformats; i++)
		if (!strcmp(name, qw_formats[i]->name))
			return (int)i;
	return -1;
}

const char *
qw_format_names(void)
{
	static char names[256]; /* built once, by the main thread (option parsing, --help) */
	if (!*names)
		for (size_t i = 0; i < qw_nformats; i++) {
			size_t l = strlen(names);
			snprintf(names + l, sizeof(names) - l, "%s%s", i ? ", " : "", qw_formats[i]->name);
		}
	return names;
}
