/* json_print.c - see json_print.h. */
#include "json_print.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "util.h"

#define HOLE "\x01"

/* Allocation failure is fatal (util.h); so is a document printed without its hole, a bug. */
static void
fail(const char *why)
{
	fprintf(stderr, "qwlint: %s\n", why);
	abort();
}

/* cJSON's compact text with a blank after each ',' and ':' that is not inside a string. */
static char *
spaced(const char *compact)
{
	qw_buf b = {0};
	bool in_string = false;
	for (const char *p = compact; *p; p++) {
		qw_buf_addc(&b, *p);
		if (in_string && *p == '\\' && p[1])
			qw_buf_addc(&b, *++p);
		else if (*p == '"')
			in_string = !in_string;
		else if (!in_string && (*p == ',' || *p == ':'))
			qw_buf_addc(&b, ' ');
	}
	return qw_buf_steal(&b);
}

char *
qw_json_print(const cJSON *v, qw_json_style style)
{
	char *text = style == QW_JSON_PRETTY ? cJSON_Print(v) : cJSON_PrintUnformatted(v);
	if (!text)
		fail("out of memory");
	char *laid = style == QW_JSON_SPACED ? spaced(text) : NULL;
	/* cJSON copies bytes that are not UTF-8, bidi and C1 controls as they are: JSON must be UTF-8 (escape.h) */
	char *safe = qw_esc_json_text(laid ? laid : text, style == QW_JSON_PRETTY ? 0 : QW_ESC_JSON_BF_AS_U);
	free(laid);
	cJSON_free(text);
	return safe;
}

cJSON *
qw_json_str(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

cJSON *
qw_json_hole(void)
{
	return cJSON_CreateRaw(HOLE);
}

/* doc's text before its hole (after = false) or after it. */
static void
print_part(qw_json_list *l, const cJSON *doc, bool after)
{
	char *text = qw_json_print(doc, l->style);
	char *hole = strstr(text, HOLE);
	if (!hole)
		fail("internal error: a JSON list's document has no hole");
	if (after)
		fputs(hole + 1, l->out);
	else
		fwrite(text, 1, (size_t)(hole - text), l->out);
	free(text);
}

void
qw_json_list_open(qw_json_list *l, const cJSON *doc)
{
	print_part(l, doc, false);
	fputc('[', l->out);
}

void
qw_json_list_next(qw_json_list *l)
{
	fputs(l->n++ ? ",\n" : "\n", l->out);
	fputs(l->indent, l->out);
}

void
qw_json_list_add(qw_json_list *l, cJSON *v)
{
	qw_json_list_next(l);
	char *text = qw_json_print(v, l->style);
	fputs(text, l->out);
	free(text);
	cJSON_Delete(v);
}

void
qw_json_list_close(qw_json_list *l, const cJSON *doc, bool top_level)
{
	bool brk = l->n ? (l->end & QW_JSON_END_BREAK) : (l->end & QW_JSON_END_BREAK_EMPTY);
	fputs(brk ? "\n]" : "]", l->out);
	print_part(l, doc, true);
	if (top_level)
		fputc('\n', l->out);
}
