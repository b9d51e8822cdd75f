/*
 * rules.c - Codex CLI's own rule (codex.h): QW801, a provider whose wire_api the host does not serve. The wire APIs
 * a host path serves are knowledge (rules/endpoints.yaml, a path's wire_apis); facts in
 * ../shared/knowledge/agents.md §1, §2, §3 (Codex CLI rows). A check reads the set and reports; it owns nothing past
 * its call.
 */
#include "common.h"
#include "codex.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---------------------------------------------------------------- QW801 */

static bool
serves(const qw_hostpath *hp, const char *wire)
{
	return qw_str_in(hp->wire_apis, hp->nwire_apis, wire);
}

/* The value's text inside its quotes: a basic or literal string, one quote or three. */
static qw_span
string_inside(const qw_source *src, qw_span s)
{
	size_t q = s.end - s.start >= 6 && (!strncmp(src->data + s.start, "\"\"\"", 3) ||
					     !strncmp(src->data + s.start, "'''", 3))
			   ? 3
			   : 1;
	return (qw_span){s.start + q, s.end - q};
}

static void
check_provider(qw_ctx *ctx, qw_set *set, const qw_codex_provider *p)
{
	const char *wire = qw_node_str(p->wire_api);
	if (p->req == SIZE_MAX || !wire || !strcmp(wire, "chat"))
		return; /* only a wire_api written as such: the default when absent is not in the facts */
	const qw_request *r = &set->reqs[p->req];
	const qw_hostpath *hp;
	const char *plan;
	const qw_host *h = qw_url_endpoint(ctx->kb, r->base_url, &plan, &hp);
	/* a path whose wire APIs are not known, or known only on disputed evidence (Token Plan China: U), is not
	 * judged; nor one that serves this wire */
	if (!h || !hp || !hp->nwire_apis || serves(hp, wire) || (hp->wire_conf != 'H' && hp->wire_conf != 'M'))
		return;
	const char *pn = qw_kb_plan_name(ctx->kb, qw_host_plan(h, hp));
	qw_finding *f = qw_report(ctx, &QW801, qw_codex_of(set)->src, p->wire_api->span,
				  "wire_api = \"%s\" for %s, but %s%s (%s) serves only the Chat API: Codex sends to "
				  "…%s/responses, which it does not serve",
				  wire, p->id, h->pattern, hp->path, pn ? pn : qw_host_plan(h, hp), hp->path);
	qw_trace_request(f, r);
	qw_trace(f, "%s%s serves: %s (conf %c, %s)", h->pattern, hp->path, serves(hp, "chat") ? "chat" : "-",
		 hp->wire_conf, hp->wire_source ? hp->wire_source : "rules/endpoints.yaml");
	qw_trace(f, "Alibaba's Codex page sets wire_api = \"chat\" and says Codex must be 0.80.0 or older: newer "
		    "versions do not support the Chat API the Coding Plan uses (agents.md §1, Codex CLI row, H)");
	if (!serves(hp, "chat")) {
		qw_fix_hint(f, "use a wire API %s%s serves", h->pattern, hp->path);
		return;
	}
	qw_fix_hint(f, "set wire_api = \"chat\" and run Codex 0.80.0 or older");
	/* safe only where the fact is Alibaba's own and the host a Coding Plan one: there chat is what works */
	if (hp->wire_conf != 'H' || strcmp(qw_host_plan(h, hp), "coding"))
		return;
	qw_span in = string_inside(qw_codex_of(set)->src, p->wire_api->span);
	qw_fixit *x = qw_fixit_new(f, qw_codex_of(set)->src, QW_FIX_SAFE, "set wire_api = \"chat\" for %s", p->id);
	qw_fixit_edit(x, in.start, in.end, "chat");
	char *key = qw_xprintf("model_providers.%s.wire_api", p->id);
	qw_fixit_key(x, key);
	free(key);
}

static void
check_wire_api(qw_ctx *ctx, qw_set *set)
{
	if (!qw_codex_of(set))
		return;
	for (size_t i = 0; i < qw_codex_of(set)->nprov; i++)
		check_provider(ctx, set, &qw_codex_of(set)->prov[i]);
}

const qw_rule QW801 = {
	.id = "QW801", .name = "codex-wire-api-unserved",
	.severity = QW_SEV_ERROR, .check = check_wire_api, .fix = QW_FIX_SAFE,
	.summary = "Codex CLI's wire_api is one the provider's host does not serve",
	.doc = "Codex CLI sends a [model_providers.<id>] table's requests with its wire_api: \"chat\" appends "
	    "/chat/completions to base_url, \"responses\" appends /responses. Alibaba's Coding Plan serves only the "
	    "Chat API: its Codex page (alibabacloud.com/help/id/model-studio/codex-coding-plan, 2026-03-13) sets "
	    "wire_api = \"chat\" and says Codex must be 0.80.0 or older, because newer versions do not support the Chat "
	    "API Coding Plan uses (H). wire_api = \"responses\" at a Coding Plan host therefore fails. Only a wire_api "
	    "written in the file is judged, and only at a host path whose wire APIs the catalogue knows "
	    "(rules/endpoints.yaml wire_apis): the Token Plan China host may serve the Responses API (one public "
	    "pull request shows it, conf U), so nothing is said there; nor at pay-as-you-go hosts, whose wire APIs the "
	    "facts do not give. Codex reads providers only from ~/.codex/config.toml.",
	.fixdoc = "--fix sets wire_api = \"chat\" at a Coding Plan host (safe: Alibaba's documented setting; only the "
	    "string's text is replaced, its quotes and every other byte kept). The chat wire needs Codex 0.80.0 or "
	    "older, which --fix cannot install.",
	.repair = "set wire_api = \"chat\" (Coding Plan hosts)",
};
