/*
 * env.c - QW5xx: .env hygiene (duplicates, placeholders, a BOM hiding the first variable).
 * A check reads the set (parsed files and the requests the model resolved) and reports findings; it never changes
 * the set and owns nothing past its call. Facts: ../shared/knowledge/hermes.md and providers.md; data in rules/.
 */
#include "common.h"

#include <stdlib.h>
#include <string.h>

#include "appenv.h"
#include "keyinfo.h"
#include "model.h"
#include "placeholder.h"
#include "util.h"

/* Does s[0..n) hold "${"? (By length: a line may hold a NUL.) */
static bool
has_expansion(const char *s, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (s[i] == '$' && s[i + 1] == '{')
			return true;
	return false;
}

/* QW501. The repair deletes a line only when it repeats, byte for byte, the assignment of the same name just
 * before it (no other assignment of the name between them), so that the value in effect after every line stays
 * what it was, the last one included: with K=a, K=b, K=a the last line is the one that wins, and deleting it
 * would hand the key to K=b. Not when the value holds ${: python-dotenv expands it from what is set at that
 * line, so two equal lines can give two values. The repair names no key: the re-parse check then compares
 * every variable's value, this one's too. */
static void
check_duplicate_env(qw_ctx *ctx, qw_set *set)
{
	/* each name's first and latest assignment so far (index + 1), hashed: a file of one line repeated 300 000
	 * times (reliability #13) must not cost a scan of the earlier lines per line */
	qw_strmap firsts = {0}, lasts = {0};
	for (size_t i = 0; set->dotenv && i < set->dotenv->nvars; i++) {
		const qw_envvar *v = &set->dotenv->vars[i];
		void *fi, *pi;
		if (!qw_strmap_find(&lasts, v->key, &pi)) {
			qw_strmap_put(&firsts, v->key, (void *)(uintptr_t)(i + 1));
			qw_strmap_put(&lasts, v->key, (void *)(uintptr_t)(i + 1));
			continue;
		}
		qw_strmap_find(&firsts, v->key, &fi);
		qw_strmap_put(&lasts, v->key, (void *)(uintptr_t)(i + 1));
		const qw_envvar *first = &set->dotenv->vars[(uintptr_t)fi - 1];
		const qw_envvar *prev = &set->dotenv->vars[(uintptr_t)pi - 1];
		qw_finding *fd = qw_report(ctx, &QW501, set->env, v->key_span,
					   "%s is set again (first on line %d); this later value wins", v->key, first->line);
		qw_span vl = v->line_span, wl = prev->line_span;
		const char *d = set->env->data;
		bool same = vl.end - vl.start == wl.end - wl.start && !memcmp(d + vl.start, d + wl.start, vl.end - vl.start);
		if (same && has_expansion(d + vl.start, vl.end - vl.start)) {
			qw_fix_hint(fd, "delete this line if it gives the value line %d gives: python-dotenv expands ${…} "
					"from what is set at each line", prev->line);
		} else if (same) {
			qw_fix_hint(fd, "delete this line: it repeats line %d exactly", prev->line);
			size_t e = vl.end;
			if (e < set->env->len && d[e] == '\r')
				e++;
			if (e < set->env->len && d[e] == '\n')
				e++;
			qw_fixit *x = qw_fixit_new(fd, set->env, QW_FIX_SAFE, "delete the repeated line");
			qw_fixit_edit(x, vl.start, e, "");
		} else if (!strcmp(v->env_value, prev->env_value) && !strcmp(v->hermes_value, prev->hermes_value)) {
			qw_fix_hint(fd, "delete this line: it repeats line %d's value", prev->line);
		} else if (prev != first) {
			qw_fix_hint(fd, "keep one %s line; the earlier ones are silently overridden", v->key);
		} else {
			qw_fix_hint(fd, "keep one %s line; the other is silently overridden", v->key);
		}
	}
	qw_strmap_free(&firsts);
	qw_strmap_free(&lasts);
}

const qw_rule QW501 = {
	.id = "QW501", .name = "duplicate-env-key",
	.severity = QW_SEV_WARNING, .check = check_duplicate_env, .fix = QW_FIX_SAFE,
	.summary = "a .env variable is set twice",
	.doc = "Both python-dotenv and Hermes's reader keep the last value; the first one is silently dead.",
	.fixdoc = "--fix deletes a line that repeats, byte for byte, the variable's assignment just before it (safe: "
	    "the value in effect stays); not when another assignment of the name comes between them (K=a, K=b, K=a: "
	    "the last line is the one that wins) or the value holds ${…}, which python-dotenv expands from what is "
	    "set at that line. When the values differ, delete by hand the line Hermes does not use: it uses the last.",
	.repair = "delete an exactly repeated line",
};

/* A base-URL variable, as the URL rules collect them. */
static bool
url_var_name(const char *name)
{
	return qw_endswith(name, "_BASE_URL") || qw_endswith(name, "_API_BASE");
}

/* QW502 in an application's .env: a placeholder where a key or a base URL must be. The file is live (a template's
 * placeholders are its point), so the program that reads it sends the placeholder; whether the variable is set
 * elsewhere too (the shell, the deployment) qwlint cannot see, hence a warning. */
static void
app_placeholders(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->dotenv->nvars; i++) {
		const qw_envvar *v = &set->dotenv->vars[i];
		bool key = qw_is_api_key_name(ctx->kb, v->key), url = url_var_name(v->key);
		if ((!key && !url) || !*v->env_value || qw_dotenv_get(set->dotenv, v->key) != v)
			continue;
		const char *shape = qw_placeholder_shape(v->env_value);
		if (!shape && key && qw_kb_placeholder(ctx->kb, v->env_value))
			shape = "a template value";
		if (!shape)
			continue;
		qw_finding *fd = qw_report(ctx, &QW502, set->env, v->value_span,
					   "%s holds a placeholder (%s), not %s: a program reading this file sends no usable %s",
					   v->key, shape, key ? "a key" : "a URL", key ? "key" : "endpoint");
		qw_finding_set_severity(fd, QW_SEV_WARNING);
		if (key)
			qw_trace(fd, "a client sends the placeholder as its key and the server answers HTTP 401, unless "
				     "%s is set elsewhere (in the environment) and the file's value is not used",
				 v->key);
		else
			qw_trace(fd, "a client cannot connect to a placeholder, unless %s is set elsewhere (in the "
				     "environment) and the file's value is not used",
				 v->key);
		qw_fix_hint(fd, "put the real %s in place of the placeholder, or delete the line", key ? "key" : "URL");
	}
}

static void
check_placeholder(qw_ctx *ctx, qw_set *set)
{
	if (qw_appenv_applies(set)) {
		if (!set->env->template)
			app_placeholders(ctx, set);
		return;
	}
	for (size_t i = 0; set->dotenv && !set->env->template && i < set->dotenv->nvars; i++) {
		const qw_envvar *v = &set->dotenv->vars[i];
		if (!qw_is_api_key_name(ctx->kb, v->key) || !*v->env_value || !qw_kb_hermes_no_key(ctx->kb, v->env_value))
			continue;
		if (qw_dotenv_get(set->dotenv, v->key) != v)
			continue;
		qw_finding *fd = qw_report(ctx, &QW502, set->env, v->value_span,
					   "%s holds a placeholder, which Hermes treats as no key at all", v->key);
		qw_trace(fd, "has_usable_secret rejects values under 4 characters and *, **, ***, changeme, "
			     "your_api_key, placeholder, example, dummy, null, none, …");
		qw_fix_hint(fd, "paste the real key, or delete the line");
	}
	const qw_node *m = qw_model_section(set);
	const qw_pair *k = m ? qw_map_pair(m, "api_key") : NULL;
	if (k && qw_node_str(k->value) && *k->value->str && !strstr(k->value->str, "${") &&
	    qw_kb_hermes_no_key(ctx->kb, k->value->str)) {
		qw_finding *fd = qw_report(ctx, &QW502, set->config, k->value->span,
					   "model.api_key holds a placeholder, which Hermes treats as no key at all");
		qw_trace(fd, "with provider: custom Hermes then sends the literal \"no-key-required\"");
		qw_fix_hint(fd, "use api_key: ${YOUR_KEY_VARIABLE} and put the key in .env");
	}
}

const qw_rule QW502 = {
	.id = "QW502", .name = "placeholder-value",
	.severity = QW_SEV_ERROR, .check = check_placeholder, .fix = QW_FIX_NONE,
	.summary = "a key variable holds a placeholder Hermes treats as no key, or an application's key or base URL "
	    "is a placeholder",
	.doc = "has_usable_secret() rejects values under 4 characters and the list *, **, ***, changeme, "
	    "your_api_key, your_api_key_here, your-api-key, placeholder, example, dummy, null, none "
	    "(hermes_cli/auth.py:has_usable_secret at 306e2d2). In an application's live .env, a key or base-URL "
	    "variable that holds a template placeholder (your_…_here, <…>, {…}, sk-xxx, sk- alone, …, changeme) is a "
	    "warning: the program sends the placeholder unless the variable is set elsewhere. A placeholder is never "
	    "reported as a malformed key (QW105) or URL (QW204), and a template's placeholders (.env.example, "
	    ".env_template, a \".env copy\") are not findings.",
	.fixdoc = "By hand: put the real key in place of the placeholder.",
};

/* QW503: a UTF-8 BOM at the start of a Hermes home's .env whose first line is an assignment. python-dotenv 1.2.2
 * (which Hermes 0.18.2 pins) keeps the BOM in that variable's name, so os.environ never gets it (hermes-agent
 * #65123; the python-dotenv fix, #640, is in no release Hermes pins); Hermes's own reader (utf-8-sig) sees it
 * (parse.h qw_envvar.bom_hidden, which the model honours). Not when a later line sets the name again: that line
 * is the one both readers keep. The repair deletes the three BOM bytes and nothing else. */
static void
check_env_bom(qw_ctx *ctx, qw_set *set)
{
	if (!set->hermes || !set->env || !set->dotenv || set->env->template || !set->env->has_bom || !set->dotenv->nvars)
		return;
	const qw_envvar *v = &set->dotenv->vars[0];
	if (!v->bom_hidden || qw_dotenv_get(set->dotenv, v->key) != v)
		return;
	/* what misses it, by what the variable is */
	char *who = !strcmp(v->key, "HERMES_INFERENCE_PROVIDER")
			    ? qw_xstrdup("provider resolution misses the provider it names")
		    : qw_is_api_key_name(ctx->kb, v->key)
			    ? qw_xprintf("provider auto-detection and ${%s} in config.yaml miss it", v->key)
			    : qw_xprintf("${%s} in config.yaml and every read of os.environ miss it", v->key);
	qw_finding *fd = qw_report(ctx, &QW503, set->env, (qw_span){0, 3},
				   "the UTF-8 BOM at the start of .env hides %s from os.environ: %s; only Hermes's own "
				   ".env reader sees it", v->key, who);
	free(who);
	qw_trace(fd, "python-dotenv 1.2.2 (pinned by Hermes 0.18.2) keeps the BOM in the first name (U+FEFF%s), so "
		     "load_hermes_dotenv puts no %s into os.environ (hermes-agent #65123; python-dotenv #640 fixes it "
		     "in a later release)", v->key, v->key);
	qw_trace(fd, "hermes_cli/config.py:load_env (utf-8-sig) strips the BOM: a built-in provider's key lookup and "
		     "a credential pool seeded from .env still see %s; what reads os.environ does not", v->key);
	qw_trace(fd, "later lines are not affected");
	qw_fix_hint(fd, "save .env as UTF-8 without a BOM (delete the three bytes EF BB BF at its start)");
	qw_fixit *x = qw_fixit_new(fd, set->env, QW_FIX_SAFE, "delete the UTF-8 BOM at the start of .env");
	qw_fixit_edit(x, 0, 3, "");
}

const qw_rule QW503 = {
	.id = "QW503", .name = "env-bom-hides-first-variable",
	.severity = QW_SEV_WARNING, .check = check_env_bom, .fix = QW_FIX_SAFE,
	.summary = "a UTF-8 BOM hides the first variable of a Hermes home's .env from os.environ",
	.doc = "A Hermes home's .env that starts with a UTF-8 BOM (EF BB BF, as Notepad and some editors save it) and "
	    "whose first line is an assignment. python-dotenv 1.2.2, which Hermes 0.18.2 pins and whose "
	    "load_hermes_dotenv fills os.environ, keeps the BOM in the first variable's name, so os.environ never "
	    "gets that variable (hermes-agent #65123; the python-dotenv fix, #640, is not in 1.2.2). What reads "
	    "os.environ misses it: provider auto-detection (a key there resolves no provider, or another one), "
	    "HERMES_INFERENCE_PROVIDER, ${VAR} in config.yaml (sent as the literal text) and <X>_BASE_URL where "
	    "Hermes reads it from os.environ. Hermes's own reader (hermes_cli/config.py:load_env, utf-8-sig) strips "
	    "the BOM, so a built-in provider's key lookup and the credential pool seeded from .env still see it. "
	    "Later lines are not affected; a BOM before a comment or blank first line hides nothing and is not "
	    "reported, nor is a first variable that a later line sets again. Only Hermes homes: an application's .env "
	    "is read by loaders qwlint does not know (some strip a BOM, some do not), and Dify's by docker compose. A "
	    "warning: whether the hidden variable changes what Hermes sends depends on who reads it (qwlint's "
	    "resolution, --resolve, takes the BOM into account).",
	.fixdoc = "--fix deletes the three BOM bytes at the start of .env and nothing else: line ends, quotes and "
	    "comments stay byte for byte (safe: every reader then sees the variable, as Hermes's own reader already "
	    "did).",
	.repair = "delete the three BOM bytes at the start of `.env`",
};
