/*
 * dify.c - the Dify rules (QW601-QW608): a docker deployment's env files, app DSL exports and installed plugin
 * manifests (dify.h). Facts in ../shared/knowledge/dify.md, data in rules/dify.yaml. A check reads the set and
 * reports; it owns nothing past its call.
 */
#include "common.h"
#include "dify.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "secret.h"
#include "util.h"

/* "envs/core-services/api.env:12" for an assignment. The caller frees. */
static char *
where(const qw_dify_file *f, const qw_envvar *v)
{
	char *shown = qw_path_shown(f->src->path), *w = qw_xprintf("%s:%d", shown, v->line);
	free(shown);
	return w;
}

/* ---------------------------------------------------------------- QW601 */

/* 42 bytes from the OS random source, base64: what docker/.env.example tells people to run (openssl rand -base64
 * 42). NULL when the random source fails: then no repair is offered rather than a weak one. */
static char *
random_secret(void)
{
	unsigned char raw[42];
	size_t got = 0;
	while (got < sizeof(raw)) {
		ssize_t r = getrandom(raw + got, sizeof(raw) - got, 0);
		if (r <= 0)
			return NULL;
		got += (size_t)r;
	}
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = qw_xmalloc(57);
	size_t o = 0;
	for (size_t i = 0; i < sizeof(raw); i += 3) {
		unsigned v = (unsigned)raw[i] << 16 | (unsigned)raw[i + 1] << 8 | raw[i + 2];
		out[o++] = b64[v >> 18 & 63];
		out[o++] = b64[v >> 12 & 63];
		out[o++] = b64[v >> 6 & 63];
		out[o++] = b64[v & 63];
	}
	out[o] = '\0';
	return out;
}

/* Replace an assignment's value by `value` in the repair x (a new part for its file). */
static void
fix_value(qw_fixit *x, const qw_dify_file *f, const qw_envvar *v, const char *value)
{
	qw_fixit_also(x, f->src);
	qw_span s = qw_scalar_text(f->src, v->value_span);
	if (v->inline_comment && !v->quote)
		s.end = v->comment_at;
	qw_fixit_edit(x, s.start, s.end, value);
	qw_fixit_key(x, v->key);
	qw_fixit_secret(x);
}

static void
check_dify_default_secret(qw_ctx *ctx, qw_set *set)
{
	size_t npairs;
	const qw_dify_pair *pairs = qw_kb_dify_pairs(ctx->kb, &npairs);
	for (size_t i = 0; qw_dify_of(set) && i < qw_dify_of(set)->n; i++) {
		const qw_dify_file *f = &qw_dify_of(set)->v[i];
		for (size_t k = 0; f->env && k < f->env->nvars; k++) {
			const qw_envvar *v = &f->env->vars[k];
			/* only the assignment Dify uses: an earlier one that a later file overrides is dead */
			if (qw_dify_var(qw_dify_of(set), v->key, NULL) != v)
				continue;
			const qw_dify_secret *d = qw_kb_dify_default(ctx->kb, v->key, v->env_value);
			if (!d)
				continue;
			qw_finding *fd = qw_report(ctx, &QW601, f->src, v->value_span,
						   "%s is still the public default of Dify's .env.example", v->key);
			qw_trace(fd, "%s %s; the default is printed in Dify's repository, so anyone can use it (%s)",
				 v->key, d->why, d->source);
			if (f->src->template) {
				qw_fix_hint(fd, "set a new value in docker/.env, e.g. from `openssl rand -base64 42`");
				continue;
			}
			/* a partner that already holds its own value (QW602): copy it, as QW602 advises; a new random
			 * value would leave the pair differing */
			const char *partner = NULL;
			const qw_envvar *pv = NULL;
			for (size_t p = 0; p < npairs && !pv; p++) {
				const char *other = !strcmp(pairs[p].a, v->key)   ? pairs[p].b
						    : !strcmp(pairs[p].b, v->key) ? pairs[p].a
										  : NULL;
				const qw_dify_file *of;
				const qw_envvar *ov = other ? qw_dify_var(qw_dify_of(set), other, &of) : NULL;
				if (ov && *ov->env_value && strcmp(ov->env_value, v->env_value) &&
				    !qw_kb_dify_default(ctx->kb, ov->key, ov->env_value) && !of->src->template) {
					pv = ov;
					partner = other;
				}
			}
			if (pv) {
				qw_fix_hint(fd, "give %s the value of %s, which was already changed (QW602)", v->key, partner);
				qw_fixit *x = qw_fixit_begin(fd, QW_FIX_UNSAFE, "set %s to the value of %s", v->key, partner);
				fix_value(x, f, v, pv->env_value);
				continue;
			}
			qw_fix_hint(fd, "set %s to a new random value, e.g. from `openssl rand -base64 42`", v->key);
			char *fresh = random_secret();
			if (!fresh)
				continue;
			qw_fixit *x = qw_fixit_begin(fd, QW_FIX_UNSAFE, "set %s to 42 new random bytes (base64)", v->key);
			fix_value(x, f, v, fresh);
			/* the variables that must keep the same value move with it (QW602) */
			for (size_t p = 0; p < npairs; p++) {
				const char *other = !strcmp(pairs[p].a, v->key)   ? pairs[p].b
						    : !strcmp(pairs[p].b, v->key) ? pairs[p].a
										  : NULL;
				const qw_dify_file *of;
				const qw_envvar *ov = other ? qw_dify_var(qw_dify_of(set), other, &of) : NULL;
				if (ov && !strcmp(ov->env_value, v->env_value) && !of->src->template)
					fix_value(x, of, ov, fresh);
			}
			free(fresh);
		}
	}
}

const qw_rule QW601 = {
	.id = "QW601", .name = "dify-default-secret",
	.severity = QW_SEV_ERROR, .check = check_dify_default_secret, .fix = QW_FIX_UNSAFE,
	.summary = "a Dify secret is still the public default of .env.example",
	.doc = "SECRET_KEY, PLUGIN_DAEMON_KEY, PLUGIN_DIFY_INNER_API_KEY or INNER_API_KEY_FOR_PLUGIN, in the env file "
	    "whose value Dify uses, equal to the value Dify's docker/.env.example ships. That value is printed in "
	    "Dify's public repository: SECRET_KEY signs sessions and encrypts data in the database, and the plugin "
	    "keys authenticate the API and the plugin daemon to each other (dify.md §3.1; dify#41750). The shipped "
	    ".env.example raises it too: `cp .env.example .env` is how installs start.",
	.fixdoc = "--fix --unsafe-fixes writes 42 random bytes from the OS (base64, as `openssl rand -base64 42`) "
	    "into the variable, and the same value into the variables that must match it (QW602); when one of those "
	    "already holds a value of its own, that value is copied instead, as QW602 advises. Unsafe: on a running "
	    "install a new SECRET_KEY logs everyone out, and the containers must be restarted to pick the new keys "
	    "up. Templates are not repaired.",
	.repair = "write 42 random bytes (base64) into the variable and into the variables that must match it (QW602)",
};

/* ---------------------------------------------------------------- QW602 */

static void
check_dify_key_pair(qw_ctx *ctx, qw_set *set)
{
	size_t n;
	const qw_dify_pair *pairs = qw_kb_dify_pairs(ctx->kb, &n);
	for (size_t i = 0; qw_dify_of(set) && i < n; i++) {
		const qw_dify_file *fa, *fb;
		const qw_envvar *a = qw_dify_var(qw_dify_of(set), pairs[i].a, &fa);
		const qw_envvar *b = qw_dify_var(qw_dify_of(set), pairs[i].b, &fb);
		if (!a || !b || !strcmp(a->env_value, b->env_value))
			continue;
		/* point at the side in a file being reported, the later one when both are */
		bool at_b = fb->src->report;
		const qw_dify_file *hf = at_b ? fb : fa;
		const qw_envvar *hv = at_b ? b : a;
		char *wa = where(fa, a), *wb = where(fb, b);
		qw_finding *fd = qw_report(ctx, &QW602, hf->src, hv->value_span, "%s (%s) and %s (%s) differ: %s",
					   pairs[i].a, wa, pairs[i].b, wb, pairs[i].why);
		qw_trace(fd, "the API and the plugin daemon must hold the same value (%s)", pairs[i].source);
		qw_fix_hint(fd, "give %s the value of %s", at_b ? pairs[i].b : pairs[i].a, at_b ? pairs[i].a : pairs[i].b);
		free(wa);
		free(wb);
	}
}

const qw_rule QW602 = {
	.id = "QW602", .name = "dify-key-pair-mismatch",
	.severity = QW_SEV_ERROR, .check = check_dify_key_pair, .fix = QW_FIX_NONE,
	.summary = "the API's and the plugin daemon's shared keys differ",
	.doc = "Two variables that must hold one value differ across a Dify deployment's env files: PLUGIN_DAEMON_KEY "
	    "and the daemon's SERVER_KEY, PLUGIN_DIFY_INNER_API_KEY and INNER_API_KEY_FOR_PLUGIN / "
	    "DIFY_INNER_API_KEY. The daemon then refuses the API (401/403, dify#28241) or the API the daemon (agent "
	    "nodes fail, dify#15381). docker-compose passes one variable to both sides unless a file sets the other "
	    "by hand (dify.md §3.2).",
	.fixdoc = "By hand: give both the same value (a new random one, if it is still the default: QW601).",
};

/* ---------------------------------------------------------------- plugin versions */

/* The first version at or after `version` that no window of the plugin holds: a window's end is followed by its
 * fix, which may itself sit in another window. */
char *
qw_dify_first_good(const qw_plugin_window *w, size_t n, const char *plugin, const char *version)
{
	char *v = qw_xstrdup(version);
	for (bool moved = true; moved;) {
		moved = false;
		for (size_t i = 0; i < n; i++) {
			if (strcmp(w[i].plugin, plugin) || qw_version_cmp(v, w[i].from) < 0 || qw_version_cmp(v, w[i].to) > 0)
				continue;
			/* the next patch release after the window's last version */
			const char *dot = strrchr(w[i].to, '.');
			free(v);
			v = dot ? qw_xprintf("%.*s.%lu", (int)(dot - w[i].to), w[i].to, strtoul(dot + 1, NULL, 10) + 1)
				: qw_xprintf("%s.1", w[i].to);
			moved = true;
		}
	}
	return v;
}

/* Report `plugin` at `version` (written at span of src) when windows of the data hold it: one finding, with
 * every window's defect. `what` names where the version comes from. */
static void
check_version(qw_ctx *ctx, qw_source *src, qw_span span, const char *plugin, const char *version, const char *what)
{
	size_t n;
	const qw_plugin_window *w = qw_kb_plugin_windows(ctx->kb, &n);
	qw_finding *fd = NULL;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(w[i].plugin, plugin) || qw_version_cmp(version, w[i].from) < 0 ||
		    qw_version_cmp(version, w[i].to) > 0)
			continue;
		char *range = strcmp(w[i].from, w[i].to) ? qw_xprintf("%s to %s", w[i].from, w[i].to)
							  : qw_xstrdup(w[i].from);
		if (!fd) {
			fd = qw_report(ctx, &QW603, src, span, "%s %s %s, a version with a known defect (%s): %s", what,
				       plugin, version, range, w[i].why);
			char *good = qw_dify_first_good(w, n, plugin, version);
			qw_fix_hint(fd, "upgrade %s to %s or later", plugin, good);
			free(good);
		} else {
			qw_trace(fd, "also (%s): %s", range, w[i].why);
		}
		qw_trace(fd, "%s", w[i].source);
		free(range);
	}
}

static void
check_dify_plugin_version(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; qw_dify_of(set) && i < qw_dify_of(set)->n; i++) {
		qw_dify_file *f = &qw_dify_of(set)->v[i];
		if (!f->doc || !f->doc->root)
			continue;
		if (f->kind == QW_DIFY_MANIFEST) {
			const char *author = qw_map_str(f->doc->root, "author"), *name = qw_map_str(f->doc->root, "name");
			const qw_node *ver = qw_map_get(f->doc->root, "version");
			if (author && name && qw_node_str(ver)) {
				char *plugin = qw_xprintf("%s/%s", author, name);
				check_version(ctx, f->src, ver->span, plugin, ver->str,
					      strstr(f->src->path, "plugin_daemon/cwd/") ? "the installed plugin is"
											 : "this plugin manifest is");
				free(plugin);
			}
			continue;
		}
		for (size_t k = 0; k < f->ndeps; k++)
			check_version(ctx, f->src, f->deps[k].at->span, f->deps[k].plugin, f->deps[k].version,
				      "the DSL depends on");
	}
}

const qw_rule QW603 = {
	.id = "QW603", .name = "tongyi-plugin-buggy-version",
	.severity = QW_SEV_WARNING, .check = check_dify_plugin_version, .fix = QW_FIX_NONE,
	.summary = "the installed or DSL-pinned Tongyi plugin version has a known defect",
	.doc = "The version of a plugin installed under volumes/plugin_daemon/cwd/, or pinned by a DSL's "
	    "dependencies, lies in a range rules/dify.yaml lists. For langgenius/tongyi: 0.0.27 ignores the "
	    "international-endpoint switch; 0.0.28 to 0.1.19 keep the region in a process-wide variable, so one "
	    "request with the switch on sends every later request of the plugin daemon to dashscope-intl and mainland "
	    "keys get 401 until it restarts (issue #2182, fixed in 0.1.20); 0.0.55 cannot save a key (dify.md §1.7). "
	    "The message names the first version past every listed range.",
	.fixdoc = "By hand: upgrade the plugin in Dify (Plugins), then restart the plugin daemon.",
};

/* ---------------------------------------------------------------- the DSL's model references */

static bool
id_chars(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return false;
	return true;
}

/* A provider id Dify accepts: org/plugin/provider or a bare short name, each part in [a-z0-9_-]. */
static bool
valid_provider_id(const char *id)
{
	const char *a = strchr(id, '/');
	if (!a)
		return id_chars(id, strlen(id));
	const char *b = strchr(a + 1, '/');
	return b && !strchr(b + 1, '/') && id_chars(id, (size_t)(a - id)) && id_chars(a + 1, (size_t)(b - a - 1)) &&
	       id_chars(b + 1, strlen(b + 1));
}

/* The plugin of a valid provider id: "langgenius/tongyi/tongyi" -> "langgenius/tongyi"; a bare "tongyi" expands
 * to langgenius/tongyi/tongyi, as Dify does. The caller frees. */
static char *
plugin_of(const char *id)
{
	const char *b = strrchr(id, '/');
	return b ? qw_xstrndup(id, (size_t)(b - id)) : qw_xprintf("langgenius/%s", id);
}

/* The DSL file of a set, or NULL. */
static qw_dify_file *
dsl_of(qw_set *set)
{
	for (size_t i = 0; qw_dify_of(set) && i < qw_dify_of(set)->n; i++)
		if (qw_dify_of(set)->v[i].kind == QW_DIFY_DSL && qw_dify_of(set)->v[i].doc && qw_dify_of(set)->v[i].doc->root &&
		    qw_dify_of(set)->v[i].doc->root->type == QW_NODE_MAP)
			return &qw_dify_of(set)->v[i];
	return NULL;
}

static void
check_dify_provider_id(qw_ctx *ctx, qw_set *set)
{
	qw_dify_file *f = dsl_of(set);
	for (size_t i = 0; f && i < f->nrefs; i++) {
		const qw_node *p = f->refs[i].provider;
		if (!*p->str || valid_provider_id(p->str))
			continue;
		qw_finding *fd = qw_report(ctx, &QW604, f->src, p->span,
					   "provider id \"%s\" is not org/plugin/provider or a short name in [a-z0-9_-]",
					   p->str);
		qw_trace(fd, "Dify's ModelProviderID raises \"Invalid plugin id\" for it, so the import or the node fails "
			     "(api/models/provider_ids.py)");
		/* lower case, and a two-part org/plugin completed from the data: only when the result is valid */
		char *low = qw_lower(p->str);
		char *fixed = NULL;
		if (valid_provider_id(low)) {
			fixed = low;
			low = NULL;
		} else if (strchr(low, '/') && !strchr(strchr(low, '/') + 1, '/')) {
			const char *prov = qw_kb_plugin_provider(ctx->kb, low);
			if (prov)
				fixed = qw_xprintf("%s/%s", low, prov);
		}
		free(low);
		if (fixed && p->plain) {
			qw_fix_hint(fd, "write %s", fixed);
			qw_fixit *x = qw_fixit_new(fd, f->src, QW_FIX_SAFE, "write the provider id as %s", fixed);
			qw_span s = qw_scalar_text(f->src, p->span);
			qw_fixit_edit(x, s.start, s.end, fixed);
			qw_fixit_key(x, f->refs[i].path);
		} else {
			qw_fix_hint(fd, "write the id as org/plugin/provider, e.g. langgenius/tongyi/tongyi");
		}
		free(fixed);
	}
}

const qw_rule QW604 = {
	.id = "QW604", .name = "dify-dsl-invalid-provider-id",
	.severity = QW_SEV_ERROR, .check = check_dify_provider_id, .fix = QW_FIX_SAFE,
	.summary = "a DSL names a model provider by an id Dify rejects",
	.doc = "A provider id in an app DSL (an LLM node's model, a reranking model, an agent's model selector, "
	    "model_config) that is neither org/plugin/provider nor a bare short name, each part in [a-z0-9_-]: "
	    "\"Tongyi\", \"langgenius/tongyi\". Dify raises \"Invalid plugin id\" (api/models/provider_ids.py; "
	    "dify.md §4.3).",
	.fixdoc = "--fix lower-cases the id when that makes it valid, and completes org/plugin with the plugin's "
	    "provider when rules/dify.yaml knows it (langgenius/tongyi -> langgenius/tongyi/tongyi); safe: Dify "
	    "accepts no other reading. Other ids are corrected by hand.",
	.repair = "lower-case the provider id, or complete `org/plugin` with the plugin's provider",
};

/* The plugin of a valid model reference's provider, or NULL: for the rules that judge the model. */
static char *
ref_plugin(const qw_dify_model_ref *r)
{
	return valid_provider_id(r->provider->str) ? plugin_of(r->provider->str) : NULL;
}

static void
check_dify_removed_model(qw_ctx *ctx, qw_set *set)
{
	qw_dify_file *f = dsl_of(set);
	for (size_t i = 0; f && i < f->nrefs; i++) {
		char *plugin = ref_plugin(&f->refs[i]);
		const char *ver = NULL;
		for (size_t k = 0; plugin && k < f->ndeps && !ver; k++)
			if (!strcmp(f->deps[k].plugin, plugin))
				ver = f->deps[k].version;
		const char *model = f->refs[i].model->str;
		const qw_removed_models *r = ver ? qw_kb_removed_model(ctx->kb, plugin, model, ver) : NULL;
		if (r) {
			qw_finding *fd = qw_report(ctx, &QW605, f->src, f->refs[i].model->span,
						   "%s no longer has the model %s (removed in %s), and the DSL depends on %s",
						   plugin, model, r->since, ver);
			qw_trace(fd, "%s", r->source);
			qw_fix_hint(fd, "choose a model the plugin still lists");
		}
		free(plugin);
	}
}

const qw_rule QW605 = {
	.id = "QW605", .name = "dify-dsl-removed-model",
	.severity = QW_SEV_WARNING, .check = check_dify_removed_model, .fix = QW_FIX_NONE,
	.summary = "a DSL uses a model the plugin version it depends on no longer has",
	.doc = "A model named in an app DSL that the plugin version the DSL depends on (its dependencies: "
	    "langgenius/tongyi:0.2.3@…) has removed: Tongyi 0.2.0 dropped qwen-max-latest, the qwen2.5 models, "
	    "gte-rerank and others (dify.md §1.8). The import succeeds; the node fails when it runs. A DSL that pins "
	    "no version is not judged.",
	.fixdoc = "By hand: pick a model the plugin still lists (e.g. gte-rerank-v2 or qwen3-rerank for gte-rerank).",
};

static void
check_dify_region_model(qw_ctx *ctx, qw_set *set)
{
	qw_dify_file *f = dsl_of(set);
	const char *region = ctx->opt->region ? ctx->opt->region : set->region;
	/* which endpoint the plugin uses is a setting in Dify's database: only a stated region tells */
	for (size_t i = 0; f && region && i < f->nrefs; i++) {
		char *plugin = ref_plugin(&f->refs[i]);
		const char *model = f->refs[i].model->str;
		const qw_region_model *r = plugin ? qw_kb_region_model(ctx->kb, plugin, model) : NULL;
		if (r && strcmp(r->region, region)) {
			qw_finding *fd = qw_report(ctx, &QW606, f->src, f->refs[i].model->span,
						   "%s is served only in region %s, and the keys here are for %s: %s", model,
						   r->region, region, r->why);
			qw_trace(fd, "the region is %s's (%s)", ctx->opt->region ? "--region" : ".qwlint.yaml", r->source);
			qw_fix_hint(fd, "use a model your region serves, or a key from region %s", r->region);
		}
		free(plugin);
	}
}

const qw_rule QW606 = {
	.id = "QW606", .name = "dify-dsl-region-restricted-model",
	.severity = QW_SEV_WARNING, .check = check_dify_region_model, .fix = QW_FIX_NONE,
	.summary = "a DSL uses a model the stated region does not serve",
	.doc = "A model that the plugin serves in one region only, such as qwen-long (Beijing only: with the "
	    "international endpoint the Tongyi plugin raises \"Qwen-Long is only available in the Beijing region.\", "
	    "dify.md §1.4), while --region or .qwlint.yaml says the keys are another region's. Without a stated "
	    "region the rule is silent: the endpoint switch lives in Dify's database, not in any file.",
	.fixdoc = "By hand: use a model the region serves, or a key and endpoint of the model's region.",
};

/* ---------------------------------------------------------------- QW607, QW608 */

/* Does the scalar load as a number in PyYAML (YAML 1.1), which Dify's import uses? An explicit tag decides;
 * otherwise a plain scalar that PyYAML's int or float resolver matches (so 0.1 and 1 are numbers, 0.1.5 and 1e3
 * are strings). */
static bool
yaml_number(const qw_node *v)
{
	const char *tag = qw_node_tag(v);
	if (tag)
		return qw_endswith(tag, ":float") || qw_endswith(tag, ":int");
	if (!v->plain || !v->str)
		return false;
	static const char *const re_src =
		"^([-+]?[0-9][0-9_]*\\.[0-9_]*([eE][-+][0-9]+)?|\\.[0-9][0-9_]*([eE][-+][0-9]+)?"
		"|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)"
		"|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
		"|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+)$";
	regex_t re;
	if (regcomp(&re, re_src, REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	bool yes = regexec(&re, v->str, 0, NULL, 0) == 0;
	regfree(&re);
	return yes;
}

static void
check_dify_version_string(qw_ctx *ctx, qw_set *set)
{
	qw_dify_file *f = dsl_of(set);
	const qw_node *v = f ? qw_map_get(f->doc->root, "version") : NULL;
	if (!v || v->type != QW_NODE_SCALAR || !yaml_number(v))
		return;
	qw_finding *fd = qw_report(ctx, &QW607, f->src, v->span,
				   "version: %s is a number in YAML, and Dify's import wants a string", v->str);
	qw_trace(fd, "app_dsl_service refuses it with \"Invalid version type, expected str\"");
	qw_fix_hint(fd, "quote it: version: '%s'", v->str);
	if (v->tagged || !v->plain)
		return; /* !!float "0.1": the tag is the problem, and which string was meant is a guess */
	qw_fixit *x = qw_fixit_new(fd, f->src, QW_FIX_SAFE, "quote the version: '%s'", v->str);
	char *q = qw_xprintf("'%.*s'", (int)(v->span.end - v->span.start), f->src->data + v->span.start);
	qw_fixit_edit(x, v->span.start, v->span.end, q);
	qw_fixit_key(x, "version");
	free(q);
}

const qw_rule QW607 = {
	.id = "QW607", .name = "dify-dsl-version-not-string",
	.severity = QW_SEV_ERROR, .check = check_dify_version_string, .fix = QW_FIX_SAFE,
	.summary = "a DSL's version is a YAML number, not a string",
	.doc = "The top-level version of an app DSL written as a plain number (version: 0.1), which YAML reads as a "
	    "float. Dify's import refuses it: \"Invalid version type, expected str\" (app_dsl_service.py; dify.md "
	    "§4.1). 0.1.5 is a string already.",
	.fixdoc = "--fix quotes it: version: '0.1' (safe: the text is the same, only its type changes).",
	.repair = "quote the version: `version: '0.1'`",
};

static void
check_dify_files_url(qw_ctx *ctx, qw_set *set)
{
	const qw_dify_file *ff, *uf;
	const qw_envvar *fmt = qw_dify_var(qw_dify_of(set), "MULTIMODAL_SEND_FORMAT", &ff);
	if (!fmt || strcmp(fmt->env_value, "url"))
		return;
	const qw_envvar *url = qw_dify_var(qw_dify_of(set), "FILES_URL", &uf);
	if (url && *url->env_value)
		return;
	qw_finding *fd = qw_report(ctx, &QW608, ff->src, fmt->value_span,
				   "MULTIMODAL_SEND_FORMAT=url but FILES_URL is %s", url ? "empty" : "not set");
	qw_trace(fd, "with url, Dify hands the model provider a link to each file instead of its bytes; the link is "
		     "built from FILES_URL and must be reachable from the provider (dify.md §1.4, §3.1)");
	qw_fix_hint(fd, "set FILES_URL to this Dify's public address, or MULTIMODAL_SEND_FORMAT=base64");
}

const qw_rule QW608 = {
	.id = "QW608", .name = "dify-files-url-missing",
	.severity = QW_SEV_WARNING, .check = check_dify_files_url, .fix = QW_FIX_NONE,
	.summary = "MULTIMODAL_SEND_FORMAT=url without FILES_URL",
	.doc = "With MULTIMODAL_SEND_FORMAT=url Dify passes the model provider a link to each uploaded file instead "
	    "of its bytes, built from FILES_URL; with FILES_URL unset or empty the provider gets a link it cannot "
	    "fetch (dify.md §1.4, §3.1).",
	.fixdoc = "By hand: set FILES_URL to the address the provider can reach, or go back to "
	    "MULTIMODAL_SEND_FORMAT=base64.",
};
