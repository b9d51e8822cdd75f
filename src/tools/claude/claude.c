/* claude.c - see claude.h: Claude Code's settings files as a set, their env objects as an application environment,
 * and the requests they make (appenv.c's pairs, with Claude Code's own steps in the trace). */
#include "claude.h"
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "appenv.h"
#include "secret.h"
#include "dirs.h"
#include "util.h"

const char *const qw_claude_names[QW_CLAUDE_NFILES] = {"settings.json", "settings.local.json"};

/* The string values of a settings file's env object, appended to the set's environment. A value that is not a
 * string (a number, true) is left out: no key or URL is written that way. */
static void
add_env(qw_claude *c, qw_source *src, const qw_node *root)
{
	const qw_node *env = root ? qw_map_get(root, "env") : NULL;
	if (!env || env->type != QW_NODE_MAP)
		return;
	for (size_t i = 0; i < env->npairs; i++) {
		const qw_node *k = env->pairs[i].key, *v = env->pairs[i].value;
		const char *ks = qw_node_str(k);
		if (!ks || !v || v->type != QW_NODE_SCALAR || v->plain || !v->str)
			continue;
		qw_envvar e = {0};
		e.key = qw_xstrdup(ks);
		e.key_span = k->span;
		e.value_span = v->span; /* the string with its quotes, as a .env's raw value: qw_scalar_text strips them */
		e.line_span = (qw_span){k->span.start, v->span.end};
		int col;
		qw_source_pos(src, k->span.start, &e.line, &col);
		e.quote = '"';
		e.env_value = qw_xstrdup(v->str);
		e.hermes_value = qw_xstrdup(v->str);
		e.src = src;
		if (qw_is_secret_name(ks) && *v->str)
			qw_mark_value_secret(src, v->span);
		QW_PUSH(c->env->vars, c->env->nvars, c->env->cap, e);
	}
}

void
qw_claude_add(qw_set *set, qw_source *src)
{
	qw_claude *c = qw_claude_of(set);
	if (!c) {
		c = set->data = qw_xcalloc(1, sizeof(*c));
		c->env = qw_xcalloc(1, sizeof(*c->env));
	}
	if (c->n == QW_CLAUDE_NFILES) {
		qw_source_free(src);
		return;
	}
	qw_claude_file *f = &c->files[c->n++];
	f->src = src;
	f->doc = qw_json_parse(src, &f->err);
	if (f->doc)
		add_env(c, src, f->doc->root);
	qw_mark_text_secrets(src);
}

void
qw_claude_free(qw_claude *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		qw_doc_free(c->files[i].doc);
		qw_source_free(c->files[i].src);
	}
	qw_dotenv_free(c->env);
	free(c);
}

/* ---- requests ---- */

/* Is name set in a lower file too, so that the higher one's value overrides it? */
static bool
overridden(const qw_set *set, const char *name)
{
	const qw_dotenv *env = qw_claude_of(set)->env;
	const qw_envvar *last = qw_dotenv_get(env, name);
	for (size_t i = 0; last && i < env->nvars; i++)
		if (!strcmp(env->vars[i].key, name) && env->vars[i].src != last->src)
			return true;
	return false;
}

/* Claude Code's own steps after appenv's: the header the key goes in, the path appended, and which file wins. */
static void
claude_steps(const qw_set *set, qw_request *r)
{
	bool bearer = r->key_var && !strcmp(r->key_var, "ANTHROPIC_AUTH_TOKEN");
	qw_request_step(r, "Claude Code speaks Anthropic's Messages API: it sends %s as %s to %s/v1/messages "
			   "(it appends /v1/messages to ANTHROPIC_BASE_URL)",
			r->key_var, bearer ? "Authorization: Bearer" : "x-api-key", r->shown_url);
	const char *vars[] = {r->key_var, r->url_from.what && qw_startswith(r->url_from.what, "env.")
						  ? r->url_from.what + 4 : NULL};
	for (size_t i = 0; i < 2; i++)
		if (vars[i] && overridden(set, vars[i]))
			qw_request_step(r, "%s is set in both settings.json and settings.local.json: Claude Code takes "
					   "settings.local.json's (local > project > user; agents.md §3, conf L)", vars[i]);
	char *role = qw_xprintf("env.%s", r->role);
	free(r->role);
	r->role = role;
}

static void
claude_resolve(qw_ctx *ctx, qw_set *set)
{
	if (!qw_claude_of(set) || set->unreadable)
		return;
	size_t first = set->nreqs;
	qw_appenv_requests(ctx, set, "Claude Code's settings (env)");
	for (size_t i = first; i < set->nreqs; i++) {
		set->reqs[i].client = qw_kb_client(ctx->kb, qw_tool_claude.app_client); /* appends /v1/messages */
		claude_steps(set, &set->reqs[i]);
	}
}

static const qw_dotenv *
claude_env(const qw_set *set)
{
	const qw_claude *c = qw_claude_of(set);
	return c ? c->env : NULL;
}

static qw_source *
claude_source(const qw_set *set, size_t i)
{
	const qw_claude *c = qw_claude_of(set);
	return c && i < c->n ? c->files[i].src : NULL;
}

static void
claude_parsed(const qw_set *set, const qw_source *src, const qw_doc **doc, const qw_dotenv **env)
{
	(void)env;
	const qw_claude *c = qw_claude_of(set);
	for (size_t i = 0; c && i < c->n; i++)
		if (c->files[i].src == src)
			*doc = c->files[i].doc;
}

/* QW002: a settings file that is not JSON, which Claude Code then does not read */
static void
claude_parse_errors(qw_ctx *ctx, qw_set *set, const qw_rule *rule)
{
	const qw_claude *c = qw_claude_of(set);
	for (size_t i = 0; rule == &QW002 && c && i < c->n; i++) {
		const qw_claude_file *cf = &c->files[i];
		if (cf->err.failed) {
			qw_finding *f = qw_report_parse_error(ctx, rule, cf->src, &cf->err);
			qw_trace(f, "a Claude Code settings file: none of its env variables can be read as written");
		}
	}
}

static const char *
claude_kind(const qw_set *set, const qw_source *src)
{
	(void)set, (void)src;
	return "claude-settings";
}

static void
claude_free_data(qw_set *set)
{
	qw_claude_free(qw_claude_of(set));
	set->data = NULL;
}

/* a project's .claude/settings.json and settings.local.json (agents.md §3) */
static const char *const claude_project[] = {".claude", NULL};

const qw_tool qw_tool_claude = {
	.id = "claude",
	.name = "Claude Code",
	/* ~/.claude: the user's settings (agents.md §3); a project's .claude is found where its project is linted */
	.home = ".claude",
	.project = claude_project,
	.dir_markers = qw_claude_markers,
	.dir_by_name = true,
	.take_dir = qw_claude_take_dir,
	.take_file = qw_claude_take_file,
	.parse_errors = claude_parse_errors,
	.kind = claude_kind,
	.set_name = "Claude Code settings",
	.resolve = claude_resolve,
	.source = claude_source,
	.parsed = claude_parsed,
	.app_env = claude_env,
	.app_client = "claude-code",
	.free_data = claude_free_data,
};
