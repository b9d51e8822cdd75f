/* pipeline.c - see pipeline.h. */
#include "pipeline.h"

#include <stdlib.h>

#include "appenv.h"
#include "config.h"
#include "model.h"
#include "rules.h"
#include "suppress.h"
#include "util.h"
#include "vcs.h"

void
qw_pipeline_run(char *const *paths, int npaths, const qw_options *opt, const qw_kb *kb, qw_sets *sets,
		qw_findings *findings)
{
	qw_options o = *opt;
	o.configs = sets->configs = qw_configs_new(opt->config_path, opt);
	opt = &o;
	sets->kb = kb;
	if (npaths == 0) {
		char *home = qw_default_home();
		qw_discover(home, opt, sets);
		free(home);
	}
	for (int i = 0; i < npaths; i++)
		qw_discover(paths[i], opt, sets);
	/* an excluded file is read for context only: a finding that can point at another file goes there */
	for (size_t i = 0; i < sets->n; i++) {
		qw_source *src;
		for (size_t k = 0; (src = qw_set_source(sets->v[i], k)) != NULL; k++)
			if (src->report && qw_config_excludes(qw_config_for_path(sets->configs, src->path), src->path))
				src->report = false;
	}
	qw_vcs_annotate(sets);
	qw_ctx ctx = {kb, opt, findings, NULL};
	/* every set is resolved before any rule runs: rules may compare requests across sets */
	for (size_t i = 0; i < sets->n; i++) {
		ctx.set = sets->v[i];
		if (sets->v[i]->unreadable)
			continue;
		qw_model_resolve(&ctx, sets->v[i]);
		qw_appenv_resolve(&ctx, sets->v[i]);
	}
	for (size_t i = 0; i < sets->n; i++)
		qw_rules_run(&ctx, sets->v[i]);
	qw_findings_finish(findings);
	ctx.set = NULL;
	qw_suppress_apply(&ctx, sets, findings);
	/* after the suppressions, so that a suppression of a rule the settings turn off still counts as used */
	qw_configs_apply(sets->configs, &ctx, findings);
}

void
qw_pipeline_free(qw_sets *sets, qw_findings *findings)
{
	qw_findings_free(findings);
	for (size_t i = 0; i < sets->n; i++)
		qw_set_free(sets->v[i]);
	free(sets->v);
	sets->v = NULL;
	qw_configs_free(sets->configs);
	sets->configs = NULL;
	sets->n = sets->cap = 0;
}
