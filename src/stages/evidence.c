/* evidence.c - see evidence.h. */
#include "evidence.h"

#include "probe.h"

/* Only a key qwlint knows is sent, to an endpoint it models, is worth a question: a request with no key, the
 * literal "no-key-required" or an endpoint qwlint does not simulate would ask about something that is not sent. */
static bool
worth_asking(const qw_request *r)
{
	return r->key && *r->key && r->base_url && r->simulated && !r->no_key_required;
}

void
qw_evidence_gather(const qw_options *opt, const qw_kb *kb, qw_set *set)
{
	if (!opt->probe)
		return;
	for (size_t i = 0; i < set->nreqs; i++)
		if (worth_asking(&set->reqs[i]))
			set->reqs[i].probe = qw_probe_key(opt->probe, kb, set->reqs[i].key, set->reqs[i].base_url);
}
