/* listfiles.c - see listfiles.h. */
#include "listfiles.h"

#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "escape.h"
#include "util.h"

/* The kind of a source as --list-files names it. */
static const char *
kind_name(const qw_set *set, const qw_source *src)
{
	if (set->tool && set->tool->kind)
		return set->tool->kind(set, src);
	if (src == set->config)
		return set->hermes ? "hermes-config" : "yaml";
	if (src == set->auth)
		return "hermes-auth-json";
	if (src == set->env)
		return set->hermes ? "hermes-env" : "app-env";
	return "unknown";
}

void
qw_list_batch(void *arg, const qw_sets *sets, const qw_findings *findings)
{
	qw_listing *l = arg;
	(void)findings;
	for (size_t i = 0; i < sets->n; i++) {
		const qw_set *set = sets->v[i];
		qw_source *src;
		for (size_t k = 0; (src = qw_set_source(set, k)) != NULL; k++) {
			const char *why = "";
			/* a file read only as context for another: excluded by its settings, or read again under a
			 * second path (discover.h, "Identity"), or a root home's file seen from a profile */
			if (!src->report)
				why = sets->configs && qw_config_excludes(sets->configs,
									  qw_config_for_path(sets->configs, src->path),
									  src->path)
					      ? "; excluded by .qwlint.yaml: read for context only"
					      : "; read for context only";
			char *set_desc = set->hermes ? (set->profile ? qw_xprintf("Hermes home %s, profile %s", set->dir,
										   set->profile)
								     : qw_xprintf("Hermes home %s", set->dir))
					 : set->tool && set->tool->set_name ? qw_xprintf("%s in %s", set->tool->set_name, set->dir)
									      : qw_xprintf("lone file in %s", set->dir);
			qw_esc_fprintf(l->out, "%-20s %s  (%s%s%s)\n", kind_name(set, src), src->path, set_desc,
				       src->template ? "; a template" : "", why);
			free(set_desc);
			l->nfiles++;
		}
	}
}
