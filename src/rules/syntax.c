/*
 * syntax.c - QW0xx: the files as files (YAML, JSON and .env syntax).
 * A check reads the set (parsed files and the requests the model resolved) and reports findings; it never changes
 * the set and owns nothing past its call. Facts: ../shared/knowledge/hermes.md and providers.md; data in rules/.
 */
#include "common.h"

#include <stdlib.h>

#include "appenv.h"
#include "util.h"

/* The files a tool hangs on the set beyond config.yaml, .env and auth.json parse in the tool's own syntax: the
 * tool reports them (tool.h's parse_errors), naming what it cannot then read. */
static void
tool_parse_errors(qw_ctx *ctx, qw_set *set, const qw_rule *rule)
{
	if (set->tool && set->tool->parse_errors)
		set->tool->parse_errors(ctx, set, rule);
}

static void
check_yaml_syntax(qw_ctx *ctx, qw_set *set)
{
	if (set->config && set->config_err.failed) {
		qw_finding *f = qw_report_parse_error(ctx, &QW001, set->config, &set->config_err);
		qw_trace(f, "Hermes falls back to its last-known-good config or the defaults when config.yaml does "
			    "not parse, so none of this file's settings apply");
	}
	tool_parse_errors(ctx, set, &QW001);
}

const qw_rule QW001 = {
	.id = "QW001", .name = "yaml-syntax",
	.severity = QW_SEV_ERROR, .check = check_yaml_syntax, .fix = QW_FIX_NONE,
	.summary = "config.yaml is not valid YAML",
	.doc = "A YAML syntax error, or text a Python YAML loader refuses although it is YAML to others: bytes that "
	    "are not UTF-8, a control character such as NUL, a second document in the stream. Hermes then falls back "
	    "to its last-known-good config or to its defaults, so none of the file's settings apply "
	    "(hermes_cli/config.py:_load_config_impl at 306e2d2). Nesting deeper than 512 levels is a warning: qwlint "
	    "reads no further, PyYAML's pure-Python loader fails near 500 levels, its libyaml loader may read on.",
	.fixdoc = "By hand: correct the syntax at the reported position. qwlint does not guess at YAML.",
};

static void
check_json_syntax(qw_ctx *ctx, qw_set *set)
{
	if (set->auth && set->auth_err.failed) {
		qw_report_parse_error(ctx, &QW002, set->auth, &set->auth_err);
		qw_trace(&ctx->out->v[ctx->out->n - 1],
			 "Hermes copies an unreadable auth.json to auth.json.corrupt and continues with an empty store");
	}
	tool_parse_errors(ctx, set, &QW002);
}

const qw_rule QW002 = {
	.id = "QW002", .name = "json-syntax",
	.severity = QW_SEV_ERROR, .check = check_json_syntax, .fix = QW_FIX_NONE,
	.summary = "auth.json, or a Claude Code, Qwen Code, OpenCode, OpenClaw or Codex CLI configuration file, does not parse",
	.doc = "A JSON syntax error in auth.json. Hermes copies the file to auth.json.corrupt and continues with an "
	    "empty credential store (hermes_cli/auth.py:_load_auth_store at 306e2d2). The same for a Claude Code "
	    "settings file (JSON), Qwen Code's settings.json (JSON), OpenCode's opencode.json (JSON with comments and "
	    "trailing commas), OpenClaw's openclaw.json (JSON5) and Codex CLI's config.toml (TOML v1.0.0): none of "
	    "their values can be read as written, reported at the line and column of the error.",
	.fixdoc = "By hand: correct the JSON, JSON5 or TOML at the reported position.",
};

/* The 1-based line of a dotenv parse error. */
static int
error_line(const qw_source *src, const qw_parse_error *e)
{
	int l = e->line, c;
	if (!l)
		qw_source_pos(src, e->offset, &l, &c);
	return l;
}

/* An application's .env: who reads it is unknown, and python-dotenv (what most Python apps use) warns about a line
 * it cannot parse and skips it, reading the rest. So lines that are not
 * assignments (a docstring at the top of .env.example) are a warning, one per block of adjacent lines, not an
 * error per line: the request does not surely fail. */
static void
app_dotenv_syntax(qw_ctx *ctx, qw_set *set)
{
	const qw_dotenv *d = set->dotenv;
	for (size_t i = 0; i < d->nerrors;) {
		int first = error_line(set->env, &d->errors[i]), last = first;
		size_t j = i + 1;
		while (j < d->nerrors && error_line(set->env, &d->errors[j]) <= last + 1)
			last = error_line(set->env, &d->errors[j++]);
		qw_finding *fd = qw_report_parse_error(ctx, &QW003, set->env, &d->errors[i]);
		qw_finding_set_severity(fd, QW_SEV_WARNING);
		if (last > first) {
			free(fd->message);
			fd->message = qw_xprintf("lines %d-%d are not KEY=VALUE assignments (%s)", first, last,
						 d->errors[i].msg);
		}
		qw_trace(fd, "python-dotenv warns \"could not parse statement\" and skips such lines, reading the rest; "
			     "other readers may not");
		qw_fix_hint(fd, "start each such line with '#' to make it a comment");
		i = j;
	}
}

static void
check_dotenv_syntax(qw_ctx *ctx, qw_set *set)
{
	if (set->env && set->dotenv && qw_appenv_applies(set))
		app_dotenv_syntax(ctx, set);
	for (size_t i = 0; set->env && set->dotenv && !qw_appenv_applies(set) && i < set->dotenv->nerrors; i++)
		qw_report_parse_error(ctx, &QW003, set->env, &set->dotenv->errors[i]);
	tool_parse_errors(ctx, set, &QW003);
}

const qw_rule QW003 = {
	.id = "QW003", .name = "dotenv-syntax",
	.severity = QW_SEV_ERROR, .check = check_dotenv_syntax, .fix = QW_FIX_NONE,
	.summary = "a .env line is not a KEY=VALUE assignment",
	.doc = "A line of a .env file that neither python-dotenv nor Hermes's own reader can take: no '=', a bad "
	    "variable name, an unterminated quote, or text after a closing quote. In an application's .env (not a "
	    "Hermes home's nor a Dify deployment's) it is a warning, one per block of adjacent lines: python-dotenv "
	    "warns and skips such lines and reads the rest. In OpenClaw's ~/.openclaw/.env it is a warning too: which "
	    "reader OpenClaw's gateway uses is not known; in a .env of Qwen Code's search chain, a warning per line: "
	    "how Qwen Code's loader takes such a line is not in the facts qwlint holds.",
	.fixdoc = "By hand: write the line as KEY=VALUE (quote a value that holds spaces or #), or delete it.",
};
