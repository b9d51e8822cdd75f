/* lint.c - findings and sets: construction, ordering, freeing (see lint.h). */
#include "lint.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "secret.h"
#include "util.h"

const char *
qw_severity_name(qw_severity s)
{
	return s == QW_SEV_ERROR ? "error" : s == QW_SEV_WARNING ? "warning" : "info";
}

static const int severity_values[] = {QW_SEV_ERROR, QW_SEV_WARNING, QW_SEV_INFO};
const qw_enum qw_severities = {"error, warning, info", severity_values, NULL};
const qw_enum qw_regions = {"cn, intl, us, hk, jp, eu", NULL, NULL};

int
qw_severity_parse(const char *s)
{
	return qw_enum_parse(&qw_severities, s);
}

bool
qw_region_valid(const char *r)
{
	return qw_enum_parse(&qw_regions, r) >= 0;
}

void
qw_origin_free(qw_origin *o)
{
	free(o->what);
	o->what = NULL;
	o->src = NULL;
}

char *
qw_origin_where(const qw_origin *o)
{
	if (!o->src)
		return qw_xstrdup(o->what ? o->what : "?");
	int l, c;
	qw_source_pos(o->src, o->span.start, &l, &c);
	char *shown = qw_path_shown(o->src->path), *w = qw_xprintf("%s:%d:%d", shown, l, c);
	free(shown);
	return w;
}

static void
request_free(qw_request *r)
{
	free(r->role);
	free(r->provider);
	free(r->base_url);
	free(r->shown_url);
	free(r->key);
	free(r->key_var);
	free(r->model);
	free(r->api_mode);
	free(r->error);
	free(r->error_kind);
	qw_origin_free(&r->url_from);
	qw_origin_free(&r->key_from);
	qw_origin_free(&r->model_from);
	qw_origin_free(&r->provider_from);
	qw_origin_free(&r->cfg_key);
	qw_origin_free(&r->url_ignored);
	for (size_t i = 0; i < r->ntrace; i++)
		free(r->trace[i]);
	free(r->trace);
}

void
qw_set_free(qw_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->nreqs; i++)
		request_free(&set->reqs[i]);
	free(set->reqs);
	qw_doc_free(set->config_doc);
	qw_doc_free(set->auth_doc);
	qw_dotenv_free(set->dotenv);
	qw_source_free(set->config);
	qw_source_free(set->env);
	qw_source_free(set->auth);
	qw_source_free(set->gitignore);
	if (set->tool && set->tool->free_data)
		set->tool->free_data(set);
	free(set->dir);
	free(set->tree);
	free(set->profile);
	free(set->region);
	qw_origin_free(&set->region_from);
	free(set);
}

qw_request *
qw_set_add_request(qw_set *set, char *role)
{
	qw_grow((void **)&set->reqs, set->nreqs, &set->reqs_cap, sizeof(qw_request));
	qw_request *r = &set->reqs[set->nreqs++];
	memset(r, 0, sizeof(*r));
	r->role = role;
	return r;
}

qw_source *
qw_set_source(const qw_set *set, size_t i)
{
	qw_source *own[] = {set->config, set->env, set->auth};
	for (size_t k = 0; k < 3; k++)
		if (own[k] && i-- == 0)
			return own[k];
	return set->tool && set->tool->source ? set->tool->source(set, i) : NULL;
}

qw_source *
qw_set_main_env(const qw_set *set, const qw_dotenv **env)
{
	if (set->env) {
		*env = set->dotenv;
		return set->env;
	}
	return set->tool && set->tool->main_env ? set->tool->main_env(set, env) : NULL;
}

qw_finding *
qw_report(qw_ctx *ctx, const qw_rule *rule, qw_source *src, qw_span span, const char *fmt, ...)
{
	qw_findings *out = ctx->out;
	qw_grow((void **)&out->v, out->n, &out->cap, sizeof(qw_finding));
	qw_finding *f = &out->v[out->n++];
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->severity = rule->severity;
	f->src = src;
	f->span = span;
	va_list ap;
	va_start(ap, fmt);
	f->message = qw_scrub_keys(qw_xvprintf(fmt, ap));
	va_end(ap);
	return f;
}

void
qw_finding_set_severity(qw_finding *f, qw_severity s)
{
	f->severity = s;
}

void
qw_trace(qw_finding *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	QW_PUSH(f->trace, f->ntrace, f->trace_cap, qw_scrub_keys(qw_xvprintf(fmt, ap)));
	va_end(ap);
}

void
qw_trace_request(qw_finding *f, const qw_request *r)
{
	for (size_t i = 0; i < r->ntrace; i++)
		qw_trace(f, "%s", r->trace[i]);
}

void
qw_request_step(qw_request *r, const char *fmt, ...)
{
	qw_buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	qw_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	QW_PUSH(r->trace, r->ntrace, r->trace_cap, qw_scrub_keys(qw_buf_steal(&b)));
}

void
qw_fix_hint(qw_finding *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	free(f->fix);
	f->fix = qw_scrub_keys(qw_xvprintf(fmt, ap));
	va_end(ap);
}

static void
fixit_free(qw_fixit *o)
{
	if (!o)
		return;
	for (size_t p = 0; p < o->nparts; p++) {
		qw_fixpart *x = &o->parts[p];
		for (size_t i = 0; i < x->nedits; i++)
			free(x->edits[i].text);
		for (size_t i = 0; i < x->nkeys; i++)
			free(x->keys[i]);
		free(x->edits);
		free(x->keys);
		free(x->path);
		free(x->display);
	}
	free(o->parts);
	free(o->description);
	free(o);
}

static void
add_part(qw_fixit *x, qw_source *src, const char *path, const char *display)
{
	qw_fixpart p = {0};
	p.src = src;
	p.path = qw_xstrdup(path ? path : "");
	p.display = qw_xstrdup(display ? display : "");
	QW_PUSH(x->parts, x->nparts, x->parts_cap, p);
}

const char *
qw_fix_safety_name(qw_fix_safety safety)
{
	return safety == QW_FIX_SAFE ? "safe" : safety == QW_FIX_UNSAFE ? "unsafe" : "none";
}

qw_fixit *
qw_fixit_begin(qw_finding *f, qw_fix_safety safety, const char *fmt, ...)
{
	fixit_free(f->fixit);
	qw_fixit *x = qw_xcalloc(1, sizeof(*x));
	x->safety = safety;
	va_list ap;
	va_start(ap, fmt);
	x->description = qw_scrub_keys(qw_xvprintf(fmt, ap));
	va_end(ap);
	f->fixit = x;
	return x;
}

qw_fixit *
qw_fixit_new(qw_finding *f, qw_source *src, qw_fix_safety safety, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *d = qw_xvprintf(fmt, ap);
	va_end(ap);
	qw_fixit *x = qw_fixit_begin(f, safety, "%s", d);
	free(d);
	add_part(x, src, src->fs_path, src->path);
	return x;
}

void
qw_fixit_also(qw_fixit *x, qw_source *src)
{
	add_part(x, src, src->fs_path, src->path);
}

void
qw_fixit_create(qw_fixit *x, const char *path, const char *display)
{
	add_part(x, NULL, path, display);
}

void
qw_fixit_edit_n(qw_fixit *x, size_t start, size_t end, const char *text, size_t len)
{
	qw_fixpart *p = &x->parts[x->nparts - 1];
	qw_edit e = {start, end, qw_xstrndup(text, len), len};
	QW_PUSH(p->edits, p->nedits, p->edits_cap, e);
}

void
qw_fixit_edit(qw_fixit *x, size_t start, size_t end, const char *text)
{
	qw_fixit_edit_n(x, start, end, text, strlen(text));
}

void
qw_fixit_key(qw_fixit *x, const char *key)
{
	qw_fixpart *p = &x->parts[x->nparts - 1];
	char *k = qw_xstrdup(key);
	QW_PUSH(p->keys, p->nkeys, p->keys_cap, k);
}

void
qw_fixit_chmod(qw_fixit *x, unsigned mode)
{
	x->parts[x->nparts - 1].mode = mode;
}

void
qw_fixit_backup(qw_fixit *x)
{
	x->parts[x->nparts - 1].backup = true;
}

void
qw_finding_free(qw_finding *f)
{
	fixit_free(f->fixit);
	free(f->message);
	free(f->fix);
	for (size_t i = 0; i < f->ntrace; i++)
		free(f->trace[i]);
	free(f->trace);
}

void
qw_findings_free(qw_findings *f)
{
	for (size_t i = 0; i < f->n; i++)
		qw_finding_free(&f->v[i]);
	free(f->v);
	f->v = NULL;
	f->n = f->cap = 0;
}

static int
cmp_finding(const void *a, const void *b)
{
	const qw_finding *x = a, *y = b;
	int c = strcmp(x->src->path, y->src->path);
	if (c)
		return c;
	if (x->span.start != y->span.start)
		return x->span.start < y->span.start ? -1 : 1;
	c = strcmp(x->rule ? x->rule->id : "", y->rule ? y->rule->id : "");
	if (c)
		return c;
	return x < y ? -1 : x > y;
}

void
qw_findings_finish(qw_findings *f)
{
	if (f->n)
		qsort(f->v, f->n, sizeof(qw_finding), cmp_finding);
	size_t w = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (!f->v[i].src->report) {
			qw_finding_free(&f->v[i]);
			continue;
		}
		if (w && f->v[w - 1].rule == f->v[i].rule && !strcmp(f->v[w - 1].src->path, f->v[i].src->path) &&
		    f->v[w - 1].span.start == f->v[i].span.start && !strcmp(f->v[w - 1].message, f->v[i].message)) {
			/* the same finding reached twice: keep the more severe reading */
			if (f->v[i].severity > f->v[w - 1].severity) {
				qw_finding t = f->v[w - 1];
				f->v[w - 1] = f->v[i];
				f->v[i] = t;
			}
			qw_finding_free(&f->v[i]);
			continue;
		}
		f->v[w++] = f->v[i];
	}
	f->n = w;
}

void
qw_fixit_secret(qw_fixit *x)
{
	x->parts[x->nparts - 1].secret = true;
}

void
qw_finding_pos(const qw_finding *f, int *l, int *c, int *el, int *ec)
{
	qw_source_pos(f->src, f->span.start, l, c);
	qw_source_pos(f->src, f->span.end > f->span.start ? f->span.end : f->span.start, el, ec);
}

const char *
qw_finding_id(const qw_finding *f)
{
	return f->rule ? f->rule->id : "QW000";
}
