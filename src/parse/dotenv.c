/*
 * dotenv.c - .env files, read the two ways Hermes reads them (see qw_envvar in parse.h):
 *   env_value    python-dotenv (load_hermes_dotenv -> os.environ): quotes with escapes, ` #` comments dropped,
 *                quoted values may span lines;
 *   hermes_value config.load_env/_parse_env_value: line-based, unquotes only a value that is exactly one quoted
 *                string, knows nothing of inline comments.
 * Facts: ../shared/knowledge/hermes.md §6 (.env) and §10 (two .env parsers).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "util.h"

static void
add_error(qw_dotenv *env, size_t off, const char *msg)
{
	qw_parse_error e = {0};
	e.failed = true;
	e.offset = off;
	snprintf(e.msg, sizeof(e.msg), "%s", msg);
	QW_PUSH(env->errors, env->nerrors, env->errors_cap, e);
}

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Unquote s[0..n) that starts with quote q; stops at the matching quote. Returns the offset just past the closing
 * quote, or 0 if none. python-dotenv decodes \\ and \' in single quotes, and \\ \' \" \a \b \f \n \r \t \v in
 * double quotes. */
static size_t
unquote(const char *s, size_t n, char q, qw_buf *out)
{
	for (size_t i = 1; i < n; i++) {
		char c = s[i];
		if (c == q)
			return i + 1;
		if (c == '\\' && i + 1 < n) {
			char e = s[i + 1];
			if (q == '\'' && (e == '\\' || e == '\'')) {
				qw_buf_addc(out, e);
				i++;
				continue;
			}
			if (q == '"') {
				const char *from = "\\'\"abfnrtv", *to = "\\'\"\a\b\f\n\r\t\v";
				const char *p = strchr(from, e);
				if (p && e) {
					qw_buf_addc(out, to[p - from]);
					i++;
					continue;
				}
			}
		}
		if (c)
			qw_buf_addc(out, c); /* Hermes's sanitiser drops NUL bytes before either reader sees the file */
	}
	return 0;
}

/* s[0..n) without its NUL bytes: Hermes's start-up sanitiser (config._sanitize_env_lines) drops them and writes the
 * file back before python-dotenv or its own reader sees it, so a pasted key with a NUL inside is sent whole. */
static char *
dup_without_nul(const char *s, size_t n)
{
	char *d = qw_xmalloc(n + 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i])
			d[k++] = s[i];
	d[k] = '\0';
	return d;
}

/* What a Hermes process's os.environ holds for v, when that differs from env_value: env_loader's
 * _sanitize_loaded_credentials drops every non-ASCII character (with a warning on stderr) from variables whose names
 * end _API_KEY, _TOKEN, _SECRET or _KEY, so a zero-width space or a lookalike letter never reaches ${VAR} expansion
 * or auto-detection. Undecodable bytes make python-dotenv fall back to latin-1: those bytes are non-ASCII too. */
static char *
hermes_environ(const char *key, const char *value)
{
	static const char *const suffixes[] = {"_API_KEY", "_TOKEN", "_SECRET", "_KEY"};
	bool credential = false;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(*suffixes); i++)
		credential = credential || qw_endswith(key, suffixes[i]);
	const char *p = value;
	while (*p && !((unsigned char)*p & 0x80))
		p++;
	if (!credential || !*p)
		return NULL;
	char *d = qw_xstrdup(value), *o = d;
	for (p = value; *p; p++)
		if (!((unsigned char)*p & 0x80))
			*o++ = *p;
	*o = '\0';
	return d;
}

/* Hermes's _parse_env_value: strip, then unquote only when the whole value is one quoted string. */
static char *
hermes_parse(const char *raw, size_t n)
{
	while (n && isspace((unsigned char)*raw)) {
		raw++;
		n--;
	}
	while (n && isspace((unsigned char)raw[n - 1]))
		n--;
	if (n >= 2 && (raw[0] == '"' || raw[0] == '\'') && raw[n - 1] == raw[0]) {
		qw_buf b = {0};
		if (raw[0] == '"') {
			for (size_t i = 1; i + 1 < n; i++) {
				if (raw[i] == '\\' && i + 2 < n && (raw[i + 1] == '"' || raw[i + 1] == '\\'))
					i++;
				if (raw[i])
					qw_buf_addc(&b, raw[i]);
			}
			return qw_buf_steal(&b);
		}
		return dup_without_nul(raw + 1, n - 2);
	}
	return dup_without_nul(raw, n);
}

static bool
key_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

/* Does Hermes's .env sanitiser (env_loader at start-up: the file read as utf-8-sig, each assignment line stripped,
 * NUL bytes dropped, a newline after the last line; config._sanitize_env_lines) rewrite this file? A rewrite writes
 * it back without a BOM before python-dotenv reads it. Splitting concatenated lines is not modelled. */
static bool
sanitiser_rewrites(const qw_source *src)
{
	if (src->len && src->data[src->len - 1] != '\n' && src->data[src->len - 1] != '\r')
		return true;
	if (memchr(src->data, '\0', src->len))
		return true;
	for (size_t ln = 1; ln <= src->nlines; ln++) {
		qw_span ls = qw_source_line(src, (int)ln);
		const char *d = src->data;
		size_t a = ls.start, e = ls.end;
		while (a < e && (d[a] == ' ' || d[a] == '\t' || d[a] == '\v' || d[a] == '\f'))
			a++;
		if (a >= e || d[a] == '#')
			continue; /* blank lines and comments are written back as read */
		if (a != ls.start || d[e - 1] == ' ' || d[e - 1] == '\t' || d[e - 1] == '\v' || d[e - 1] == '\f')
			return true;
	}
	return false;
}

qw_dotenv *
qw_dotenv_parse(const qw_source *src)
{
	qw_dotenv *env = qw_xcalloc(1, sizeof(*env));
	bool rewritten = src->has_bom && sanitiser_rewrites(src);
	for (size_t ln = 1; ln <= src->nlines; ln++) {
		qw_span ls = qw_source_line(src, (int)ln);
		const char *d = src->data;
		size_t p = ls.start, end = ls.end;
		const char *nul = memchr(d + ls.start, '\0', ls.end - ls.start);
		if (nul) {
			/* The rest of the line is still read (to the NUL, as C strings end): what the loaders do with it is
			 * not established, hence a warning (qw_parse_error.maybe_readable). */
			add_error(env, (size_t)(nul - d),
				  "a NUL byte: Python cannot put it into the environment (os.environ raises ValueError: "
				  "embedded null byte) unless the loader strips it first");
			env->errors[env->nerrors - 1].maybe_readable = true;
		}
		while (p < end && is_blank(d[p]))
			p++;
		if (p >= end || d[p] == '#')
			continue;
		qw_envvar v = {0};
		v.line = (int)ln;
		v.line_span = ls;
		if (end - p > 7 && memcmp(d + p, "export", 6) == 0 && is_blank(d[p + 6])) {
			v.exported = true;
			p += 6;
			while (p < end && is_blank(d[p]))
				p++;
		}
		size_t ks = p;
		while (p < end && key_char(d[p]))
			p++;
		size_t ke = p;
		while (p < end && is_blank(d[p]))
			p++;
		if (ke == ks || (ks < end && isdigit((unsigned char)d[ks]))) {
			add_error(env, ks, "expected a variable name (letters, digits, '_'; not starting with a digit)");
			continue;
		}
		if (p >= end || d[p] != '=') {
			add_error(env, p < end ? p : ke,
				  p < end ? "unexpected character in variable name; expected '='"
					  : "no '=' on this line: not a KEY=VALUE assignment");
			continue;
		}
		p++;
		while (p < end && is_blank(d[p]))
			p++;
		v.key = qw_xstrndup(d + ks, ke - ks);
		v.key_span = (qw_span){ks, ke};
		v.value_span = (qw_span){p, end};
		const char *raw = d + p;
		size_t rawn = end - p;
		v.hermes_value = hermes_parse(raw, rawn);
		if (rawn && (raw[0] == '"' || raw[0] == '\'')) {
			v.quote = raw[0];
			qw_buf b = {0};
			size_t close = unquote(raw, rawn, raw[0], &b);
			if (!close) {
				/* python-dotenv lets a quoted value run over several lines; Hermes's line reader does not.
				 * Look for the closing quote further down before calling it unterminated. */
				size_t rest = src->len - p;
				qw_buf_free(&b);
				close = unquote(raw, rest, raw[0], &b);
				if (!close) {
					qw_buf_free(&b);
					add_error(env, p, "unterminated quoted value: the closing quote is missing");
					free(v.key);
					free(v.hermes_value);
					continue;
				}
				int endline, col;
				qw_source_pos(src, p + close, &endline, &col);
				v.value_span.end = p + close;
				ln = (size_t)endline; /* continue after the value's last line */
				qw_span last = qw_source_line(src, endline);
				end = last.end;
				v.line_span.end = end;
			}
			v.env_value = qw_buf_steal(&b);
			size_t q = p + close;
			while (q < end && is_blank(d[q]))
				q++;
			if (q < end && d[q] == '#') {
				v.inline_comment = true;
				v.comment_at = p + close;
			} else if (q < end) {
				/* python-dotenv skips the whole line, so os.environ never gets this variable */
				add_error(env, q, "text after the closing quote; python-dotenv skips this line");
				v.env_value[0] = '\0';
			}
		} else {
			size_t n = rawn;
			for (size_t i = 0; i < rawn; i++)
				if (raw[i] == '#' && i > 0 && is_blank(raw[i - 1])) {
					n = i;
					v.inline_comment = true;
					break;
				}
			while (n && isspace((unsigned char)raw[n - 1]))
				n--;
			if (v.inline_comment)
				v.comment_at = p + n;
			v.env_value = dup_without_nul(raw, n);
		}
		v.hermes_environ = hermes_environ(v.key, v.env_value);
		v.bom_hidden = src->has_bom && ln == 1 && !rewritten;
		QW_PUSH(env->vars, env->nvars, env->cap, v);
	}
	return env;
}

void
qw_dotenv_free(qw_dotenv *env)
{
	if (!env)
		return;
	for (size_t i = 0; i < env->nvars; i++) {
		free(env->vars[i].key);
		free(env->vars[i].env_value);
		free(env->vars[i].hermes_value);
		free(env->vars[i].hermes_environ);
	}
	free(env->vars);
	free(env->errors);
	free(env);
}

const qw_envvar *
qw_dotenv_get(const qw_dotenv *env, const char *key)
{
	if (!env)
		return NULL;
	for (size_t i = env->nvars; i-- > 0;)
		if (strcmp(env->vars[i].key, key) == 0)
			return &env->vars[i];
	return NULL;
}

const char *
qw_envvar_environ(const qw_envvar *v)
{
	return v->hermes_environ ? v->hermes_environ : v->env_value;
}
