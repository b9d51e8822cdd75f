/* rules_probe.c - see rules_probe.h. */
#include "rules_probe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "secret.h"
#include "util.h"

const qw_probe_report *
qw_probe_of(const qw_ctx *ctx, const qw_request *r)
{
	if (!ctx->opt->probe || !r->key || !*r->key || !r->base_url || !r->simulated || r->no_key_required)
		return NULL;
	return qw_probe_key(ctx->opt->probe, ctx->kb, r->key, r->base_url);
}

const qw_probe_result *
qw_probe_configured(const qw_probe_report *rep)
{
	for (size_t i = 0; rep && i < rep->n; i++)
		if (rep->v[i].configured)
			return &rep->v[i];
	return NULL;
}

const qw_probe_result *
qw_probe_accepting(const qw_probe_report *rep)
{
	const qw_probe_result *first = NULL;
	for (size_t i = 0; rep && i < rep->n; i++) {
		const qw_probe_result *x = &rep->v[i];
		if (!qw_probe_authenticated(x->cls))
			continue;
		if (!first)
			first = x;
		else if (strcmp(first->plan, x->plan) || strcmp(first->host->region, x->host->region))
			return NULL;
	}
	return first;
}

char *
qw_probe_key_kind(const qw_probe_result *x)
{
	const char *region = qw_region_name(x->host->region, x->host->vendor);
	/* a vendor with one plan per host (Zhipu's general) is named by the vendor instead */
	const char *what = strcmp(x->plan, "general") ? qw_plan_name(x->plan) : x->host->vendor;
	return qw_xprintf("%s %s %s key", qw_article(region), region, what);
}

/* One step per endpoint asked: what was sent, what came back, what it means. */
static void
trace_results(qw_finding *fd, const qw_probe_report *rep)
{
	for (size_t i = 0; i < rep->n; i++) {
		const qw_probe_result *x = &rep->v[i];
		bool chat = !strcmp(x->call->request, "chat");
		char answer[160];
		if (x->status)
			snprintf(answer, sizeof(answer), "HTTP %ld%s%s", x->status, x->code ? " " : "",
				 x->code ? x->code : "");
		else
			snprintf(answer, sizeof(answer), "no answer (%s)", x->code ? x->code : "?");
		qw_trace(fd, "%s %s/%s%s: %s: %s", chat ? "POST" : "GET", x->base, chat ? "chat/completions" : "models",
			 x->configured ? " (the configured endpoint)" : "", answer, qw_probe_class_name(x->cls));
	}
}

/* The line that says what was sent, once per distinct request kind. */
static void
trace_sent(qw_finding *fd, const qw_probe_report *rep)
{
	const qw_probe_call *seen[4] = {0};
	size_t nseen = 0;
	for (size_t i = 0; i < rep->n && nseen < 4; i++) {
		const qw_probe_call *c = rep->v[i].call;
		bool dup = false;
		for (size_t k = 0; k < nseen; k++)
			dup |= seen[k] == c;
		if (dup)
			continue;
		seen[nseen++] = c;
		qw_trace(fd, "%s %s: %s", c->vendor, qw_plan_name(c->plan), c->why ? c->why : c->request);
	}
}

/* QW110: one finding per request that sends a key, saying what the endpoints answered and what that means. */
void
qw_check_probe(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		const qw_probe_report *rep = qw_probe_of(ctx, r);
		if (!rep)
			continue;
		const qw_origin *o = qw_pick_origin(set, &r->key_from, &r->url_from, &r->provider_from);
		if (!o)
			continue;
		const qw_probe_result *conf = qw_probe_configured(rep), *acc = qw_probe_accepting(rep);
		size_t nacc = 0, nrej = 0, nopen = 0;
		for (size_t k = 0; k < rep->n; k++) {
			if (qw_probe_authenticated(rep->v[k].cls))
				nacc++;
			else if (qw_probe_rejected(rep->v[k].cls))
				nrej++;
			else
				nopen++;
		}
		char *m = qw_mask(ctx->kb, r->key);
		char *kind = acc ? qw_probe_key_kind(acc) : NULL;
		qw_finding *fd;
		qw_severity sev = QW_SEV_INFO;
		if (!rep->n) {
			fd = qw_report(ctx, "QW110", o->src, o->span, "--probe did not ask about this key (%s): %s", m,
				       rep->not_probed ? rep->not_probed : "no endpoint to ask");
		} else if (conf && qw_probe_authenticated(conf->cls)) {
			char *ck = qw_probe_key_kind(conf);
			if (conf->cls == QW_PROBE_QUOTA) {
				sev = QW_SEV_WARNING;
				fd = qw_report(ctx, "QW110", o->src, o->span,
					       "--probe: %s takes this key (%s), %s, but its quota is spent", conf->base, m,
					       ck);
			} else {
				fd = qw_report(ctx, "QW110", o->src, o->span, "--probe: %s accepts this key (%s): %s",
					       conf->base, m, ck);
			}
			free(ck);
		} else if (conf && qw_probe_rejected(conf->cls) && nacc) {
			sev = QW_SEV_ERROR;
			if (acc)
				fd = qw_report(ctx, "QW110", o->src, o->span,
					       "--probe: %s rejects this key (%s)%s%s%s; %s accepts it: %s", conf->base, m,
					       conf->code ? " (" : "", conf->code ? conf->code : "", conf->code ? ")" : "",
					       acc->base, kind);
			else
				fd = qw_report(ctx, "QW110", o->src, o->span,
					       "--probe: %s rejects this key (%s); %zu other endpoints accept it", conf->base,
					       m, nacc);
			qw_fix_hint(fd, "send the key to %s", acc ? acc->base : "an endpoint that accepts it (steps)");
		} else if (conf && qw_probe_rejected(conf->cls) && !nopen) {
			sev = QW_SEV_ERROR;
			fd = qw_report(ctx, "QW110", o->src, o->span,
				       "--probe: no %s endpoint accepts this key (%s): it is revoked, expired or mistyped, "
				       "or of a plan or region qwlint does not ask",
				       rep->vendor, m);
			qw_fix_hint(fd, "copy the key again from the vendor's console");
		} else if (!conf && acc) {
			fd = qw_report(ctx, "QW110", o->src, o->span, "--probe: %s accepts this key (%s): %s", acc->base, m,
				       kind);
		} else {
			sev = QW_SEV_WARNING;
			fd = qw_report(ctx, "QW110", o->src, o->span,
				       "--probe could not settle where this key (%s) works: %zu endpoint%s accepted it, %zu "
				       "rejected it, %zu gave no usable answer",
				       m, nacc, nacc == 1 ? "" : "s", nrej, nopen);
		}
		qw_finding_set_severity(fd, sev);
		qw_trace_req(fd, set, r);
		if (rep->n)
			trace_sent(fd, rep);
		if (rep->n && rep->not_probed)
			qw_trace(fd, "not asked: %s", rep->not_probed);
		trace_results(fd, rep);
		if (conf && conf->cls == QW_PROBE_CLIENT_RESTRICTED)
			qw_trace(fd, "the 405 \"only available for Coding Agents\" answers a key that authenticated; "
				     "coding agents such as Hermes are served");
		free(kind);
		free(m);
	}
}
