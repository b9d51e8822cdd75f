/*
 * rules.c - Qwen Code's own rules (qwen.h): QW802, a key definition Qwen Code's precedence shadows (the value the
 * user edited in settings.json's env, or in a later .env, is not the one sent); QW803, an envKey naming a variable
 * no file read sets. Facts: ../shared/knowledge/agents.md §3 (Qwen Code row: the .env search order, "only the first
 * file found is used", precedence CLI flag > shell env > first .env found > settings.json env; traps "a stale
 * ~/.env silently beats the key in settings.json" and "envKey names a variable set nowhere"). The generic key and URL
 * rules judge the requests themselves. A check reads the set and reports; it owns nothing past its call.
 */
#include "common.h"
#include "qwen.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The request of the first provider whose envKey is name, or NULL. */
static const qw_request *
request_of(const qw_set *set, const char *name)
{
	const qw_qwen *q = qw_qwen_of(set);
	for (size_t i = 0; i < q->nprov; i++)
		if (q->prov[i].req != SIZE_MAX && qw_qwen_env_key(&q->prov[i]) &&
		    !strcmp(qw_qwen_env_key(&q->prov[i]), name))
			return &set->reqs[q->prov[i].req];
	return NULL;
}

/* Was name the envKey of an earlier provider (each variable is judged once)? */
static bool
seen_before(const qw_qwen *q, size_t upto, const char *name)
{
	for (size_t i = 0; i < upto; i++)
		if (qw_qwen_env_key(&q->prov[i]) && !strcmp(qw_qwen_env_key(&q->prov[i]), name))
			return true;
	return false;
}

/* ---------------------------------------------------------------- QW802 */

/* d, a definition of name that is not the one Qwen Code uses (w), with another value: reported at d, or, when d's
 * file is read only for context (a project's .env, which its own set reports: discover_qwen.c), at w, so that the
 * finding is not lost. */
static void
report_shadowed(qw_ctx *ctx, qw_set *set, const char *name, const qw_envvar *d, const qw_envvar *w)
{
	const qw_qwen *q = qw_qwen_of(set);
	bool d_settings = d->src == q->src, w_settings = w->src == q->src;
	const char *wfile = w_settings ? "settings.json's env" : w->src->path;
	qw_finding *f;
	if (d_settings)
		f = qw_report(ctx, &QW802, d->src, d->value_span,
			      "env.%s in settings.json is not the key Qwen Code sends: %s, the first .env file found, "
			      "sets %s to another value, and a .env beats settings.json's env",
			      name, w->src->path, name);
	else if (d->src->report || !w->src->report)
		f = qw_report(ctx, &QW802, d->src, d->value_span,
			      "%s in %s is never read: %s is found first and only the first .env file found is used, "
			      "so Qwen Code sends %s's value of %s instead",
			      name, d->src->path, q->envs[0].src->path, wfile, name);
	else
		f = qw_report(ctx, &QW802, w->src, w->value_span,
			      "%s here is the key Qwen Code sends, not the other value %s sets: %s is found first and "
			      "only the first .env file found is used",
			      name, d->src->path, q->envs[0].src->path);
	char *dw = qw_origin_where(&(qw_origin){d->src, d->value_span, NULL});
	char *ww = qw_origin_where(&(qw_origin){w->src, w->value_span, NULL});
	qw_trace(f, "Qwen Code takes %s from %s (%s); the value at %s is not sent", name, ww,
		 w_settings ? "settings.json's env: the first .env found does not set it" : "the first .env found", dw);
	qw_trace(f, "precedence: CLI flag > shell env > first .env found > settings.json env (lowest); of .qwen/.env, "
		    ".env walking up, ~/.qwen/.env, ~/.env only the first file found is used (agents.md §3, Qwen Code "
		    "row)");
	const qw_request *r = request_of(set, name);
	if (r)
		qw_trace_request(f, r);
	qw_fix_hint(f, "keep the key in one place: delete %s from %s, or write the key you mean there", name, wfile);
	free(dw);
	free(ww);
}

static void
check_name_shadowed(qw_ctx *ctx, qw_set *set, const char *name)
{
	const qw_qwen *q = qw_qwen_of(set);
	bool from_env;
	const qw_envvar *w = qw_qwen_lookup(q, name, &from_env);
	if (!w)
		return; /* set nowhere: QW803's */
	for (size_t i = 0; i < q->nenvs; i++) {
		const qw_envvar *d = qw_dotenv_get(q->envs[i].env, name);
		if (d && d != w && strcmp(d->env_value, w->env_value))
			report_shadowed(ctx, set, name, d, w);
	}
	const qw_envvar *s = qw_dotenv_get(q->settings_env, name);
	if (s && s != w && strcmp(s->env_value, w->env_value))
		report_shadowed(ctx, set, name, s, w);
}

static void
check_key_shadowed(qw_ctx *ctx, qw_set *set)
{
	const qw_qwen *q = qw_qwen_of(set);
	if (!q || !q->doc || set->unreadable)
		return;
	for (size_t i = 0; i < q->nprov; i++) {
		const char *name = qw_qwen_env_key(&q->prov[i]);
		if (name && !seen_before(q, i, name))
			check_name_shadowed(ctx, set, name);
	}
}

const qw_rule QW802 = {
	.id = "QW802", .name = "qwen-key-shadowed",
	.severity = QW_SEV_WARNING, .check = check_key_shadowed, .fix = QW_FIX_NONE,
	.summary = "Qwen Code's key variable is set in settings.json or a later .env, but an earlier .env wins",
	.doc = "Qwen Code takes a provider's key from the environment variable its modelProviders entry names "
	    "(envKey). It builds that environment in this order: a CLI flag, then the shell's environment, then the "
	    "first .env file found, then settings.json's `env` object (lowest). The .env files are searched as "
	    ".qwen/.env, then .env, walking up from where Qwen Code runs, then ~/.qwen/.env, then ~/.env, and only the "
	    "first file found is used (QwenLM/qwen-code docs/users/configuration/auth.md; agents.md §3, Qwen Code row, "
	    "whose traps list \"a stale ~/.env silently beats the key in settings.json\"). So a key written in "
	    "settings.json's env, or in a .env later in the chain, is not sent when the first .env found sets the same "
	    "variable to another value: the user edits one key and Qwen Code keeps sending the other (a 401 when the "
	    "old one is revoked or of another plan or region). Reported at the definition that is not used, naming the "
	    "one that is. Nothing is said when the values are equal or the variable is defined once. qwlint reads "
	    ".qwen's files and, for ~/.qwen, ~/.env; for a project, the project root's .env and those above it within "
	    "the linted tree. The shell's environment and CLI flags, which beat every file, are not seen.",
	.fixdoc = "By hand: keep the key in one place - delete the stale definition, or write the new key where Qwen "
	    "Code reads it. Which of the two keys is the right one is the user's to say, so --fix changes nothing.",
};

/* ---------------------------------------------------------------- QW803 */

/* only_in: the .env, never loaded, that alone sets name (NULL: no file read sets it) */
static void
report_unset(qw_ctx *ctx, qw_set *set, const qw_qwen_provider *p, const char *name, const qw_source *only_in)
{
	const qw_qwen *q = qw_qwen_of(set);
	qw_finding *f;
	if (only_in)
		f = qw_report(ctx, &QW803, q->src, p->env_key->span,
			      "envKey names %s, which only %s sets, a file Qwen Code never loads (%s is found "
			      "first): unless the shell's environment sets it, Qwen Code sends no key for "
			      "modelProviders.%s[%zu]",
			      name, only_in->path, q->envs[0].src->path, p->protocol, p->index);
	else
		f = qw_report(ctx, &QW803, q->src, p->env_key->span,
			      "envKey names %s, which no file qwlint read sets: unless the shell's environment sets "
			      "it, Qwen Code sends no key for modelProviders.%s[%zu]",
			      name, p->protocol, p->index);
	qw_buf files = {0};
	for (size_t i = 0; i < q->nenvs; i++)
		qw_buf_printf(&files, "%s%s", i ? ", " : "", q->envs[i].src->path);
	qw_trace(f, "read: settings.json's env%s%s", files.len ? " and " : "", files.len ? files.data : "");
	if (q->nenvs)
		qw_trace(f, "of the .env files, only the first found is used (agents.md §3): %s",
			 q->envs[0].src->path);
	else if (q->chain_rest)
		qw_trace(f, "no .env of the chain was found in what qwlint reads: Qwen Code would go on to %s",
			 q->chain_rest);
	qw_trace(f, "qwlint cannot see the shell's environment or a CLI flag, which come before every file (agents.md "
		    "§3): the variable may be set there");
	if (p->req != SIZE_MAX)
		qw_trace_request(f, &set->reqs[p->req]);
	qw_fix_hint(f, "set %s in %s (or settings.json's env), or correct envKey's spelling", name,
		    q->nenvs ? q->envs[0].src->path : ".qwen/.env");
	qw_buf_free(&files);
}

static void
check_key_unset(qw_ctx *ctx, qw_set *set)
{
	const qw_qwen *q = qw_qwen_of(set);
	if (!q || !q->doc || set->unreadable)
		return;
	for (size_t i = 0; i < q->nprov; i++) {
		const char *name = qw_qwen_env_key(&q->prov[i]);
		bool from_env;
		if (!name || qw_qwen_lookup(q, name, &from_env))
			continue;
		const qw_source *only_in = NULL; /* a later .env, never loaded */
		for (size_t k = 1; k < q->nenvs && !only_in; k++)
			if (qw_dotenv_get(q->envs[k].env, name))
				only_in = q->envs[k].src;
		report_unset(ctx, set, &q->prov[i], name, only_in);
	}
}

const qw_rule QW803 = {
	.id = "QW803", .name = "qwen-env-key-unset",
	.severity = QW_SEV_INFO, .check = check_key_unset, .fix = QW_FIX_NONE,
	.summary = "Qwen Code's envKey names a variable no file qwlint read sets",
	.doc = "A modelProviders entry of Qwen Code's settings.json names, in envKey, the environment variable that "
	    "holds its key. When neither settings.json's `env` object nor any .env file of Qwen Code's search chain "
	    "that qwlint read sets it, the key can only come from the shell's environment or a CLI flag (agents.md §3, "
	    "Qwen Code row, whose traps list \"envKey names a variable set nowhere\"); qwlint cannot see either, so this "
	    "is only a note: if the shell does not set it, Qwen Code sends no key (a 401). Coding Plan's variable is "
	    "BAILIAN_CODING_PLAN_API_KEY, Token Plan's BAILIAN_TOKEN_PLAN_API_KEY (constants in qwen-code's "
	    "codingPlan.ts). A variable set only in a .env that is never loaded (an earlier .env is found first, and only "
	    "the first found is used) counts as set nowhere, and the message names that file.",
	.fixdoc = "By hand: set the variable in .qwen/.env or settings.json's env, or correct envKey's spelling.",
};
