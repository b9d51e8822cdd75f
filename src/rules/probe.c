/*
 * probe.c - QW110 probe-result: what --probe learnt about each key a request sends, endpoint by endpoint. The
 * readers other rules use as evidence (QW101/QW301 repairs, QW103, QW307) are in common.c. Without --probe QW110
 * reports nothing. The probe's reports belong to the run (probe.h).
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyinfo.h"

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
trace_sent(const qw_kb *kb, qw_finding *fd, const qw_probe_report *rep)
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
		qw_trace(fd, "%s %s: %s", c->vendor, qw_kb_plan_name(kb, c->plan), c->why ? c->why : c->request);
	}
}

/* QW110: one finding per request that sends a key, saying what the endpoints answered and what that means. */
static void
check_probe(qw_ctx *ctx, qw_set *set)
{
	for (size_t i = 0; i < set->nreqs; i++) {
		qw_request *r = &set->reqs[i];
		const qw_probe_report *rep = r->probe;
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
		char *kind = acc ? qw_probe_key_kind(ctx->kb, acc) : NULL;
		qw_finding *fd;
		qw_severity sev = QW_SEV_INFO;
		if (!rep->n) {
			fd = qw_report(ctx, &QW110, o->src, o->span, "--probe did not ask about this key (%s): %s", m,
				       rep->not_probed ? rep->not_probed : "no endpoint to ask");
		} else if (conf && qw_probe_authenticated(conf->cls)) {
			char *ck = qw_probe_key_kind(ctx->kb, conf);
			if (conf->cls == QW_PROBE_QUOTA) {
				sev = QW_SEV_WARNING;
				fd = qw_report(ctx, &QW110, o->src, o->span,
					       "--probe: %s takes this key (%s), %s, but its quota is spent", conf->base, m,
					       ck);
			} else {
				fd = qw_report(ctx, &QW110, o->src, o->span, "--probe: %s accepts this key (%s): %s",
					       conf->base, m, ck);
			}
			free(ck);
		} else if (conf && qw_probe_rejected(conf->cls) && nacc) {
			sev = QW_SEV_ERROR;
			if (acc)
				fd = qw_report(ctx, &QW110, o->src, o->span,
					       "--probe: %s rejects this key (%s)%s%s%s; %s accepts it: %s", conf->base, m,
					       conf->code ? " (" : "", conf->code ? conf->code : "", conf->code ? ")" : "",
					       acc->base, kind);
			else
				fd = qw_report(ctx, &QW110, o->src, o->span,
					       "--probe: %s rejects this key (%s); %zu other endpoints accept it", conf->base,
					       m, nacc);
			qw_fix_hint(fd, "send the key to %s", acc ? acc->base : "an endpoint that accepts it (steps)");
		} else if (conf && qw_probe_rejected(conf->cls) && !nopen) {
			sev = QW_SEV_ERROR;
			fd = qw_report(ctx, &QW110, o->src, o->span,
				       "--probe: no %s endpoint accepts this key (%s): it is revoked, expired or mistyped, "
				       "or of a plan or region qwlint does not ask",
				       rep->vendor, m);
			qw_fix_hint(fd, "copy the key again from the vendor's console");
		} else if (!conf && acc) {
			fd = qw_report(ctx, &QW110, o->src, o->span, "--probe: %s accepts this key (%s): %s", acc->base, m,
				       kind);
		} else {
			sev = QW_SEV_WARNING;
			fd = qw_report(ctx, &QW110, o->src, o->span,
				       "--probe could not settle where this key (%s) works: %zu endpoint%s accepted it, %zu "
				       "rejected it, %zu gave no usable answer",
				       m, nacc, nacc == 1 ? "" : "s", nrej, nopen);
		}
		qw_finding_set_severity(fd, sev);
		qw_trace_req(fd, set, r);
		if (rep->n)
			trace_sent(ctx->kb, fd, rep);
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

const qw_rule QW110 = {
	.id = "QW110", .name = "probe-result",
	.severity = QW_SEV_ERROR, .check = check_probe, .fix = QW_FIX_NONE,
	.summary = "--probe: which endpoints accept the key, and what that says about the configuration",
	.doc = "Only with --probe (never by default, never implied by --fix). For each key a request sends, qwlint "
	    "asks the configured endpoint and the catalogue's other endpoints of the key's vendor whose plan the key "
	    "can hold, one request each (rules/probe.yaml: GET <base>/models for DashScope pay-as-you-go, as hermes "
	    "doctor does; a one-token chat request for the Coding Plan and Token Plan hosts, which document no model "
	    "listing; Coding Plan answers it 405 \"only available for Coding Agents\", which still proves the key "
	    "authenticated), and reads each answer from its status and error body (providers.md §1.3-1.4). Moonshot's "
	    "open platform (.cn, .ai) and Zhipu (bigmodel.cn, z.ai) get GET <base>/models too, the request hermes "
	    "doctor sends; no listing is documented for them, so a host without one would answer 404, read as "
	    "unrecognised. Kimi Code gets a one-token request, answered 403 \"only available for Coding Agents\" for "
	    "a good key (§3). Error: the configured endpoint rejects the key while another accepts it, or no endpoint "
	    "accepts it. Warning: the quota is spent, or the answers do not settle it (a timeout, a TLS error, a "
	    "redirect, which is never followed, an unrecognised answer). Info: the configured endpoint accepts the "
	    "key, or the key was not asked about (a vendor qwlint has no probe request for: MiniMax, DeepSeek, OpenAI "
	    "and the rest, so far). A mainland Coding Plan key on coding-intl (or the reverse) is rejected with an "
	    "answer no vendor page documents (providers.md §1.4, U): qwlint reads the 401 as a rejection. Only status "
	    "codes, the catalogue's error codes and masked keys are printed; the answer bodies are dropped.",
	.fixdoc = "By hand: send the key to the endpoint that accepted it. The repairs belong to the rules the "
	    "evidence settles: with --fix --probe, QW101/QW301's custom-provider repair uses the accepting endpoint "
	    "and QW103's and QW307's repairs become safe.",
};
