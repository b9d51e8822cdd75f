/*
 * registry.c - the one list of rules, in the order their checks run (the order --list-rules prints), and the run.
 * Adding a rule: define it beside its check in its family's file, declare it in rules.h, add it here.
 * Ownership: none; the URL sites one pass collects are freed after each set.
 */
#include "common.h"

#include <string.h>

const qw_rule *const qw_rules[] = {
	&QW001, &QW002, &QW003, &QW101, &QW102, &QW103, &QW104, &QW107, &QW106, &QW108, &QW110, &QW105, &QW201,
	&QW202, &QW203, &QW204, &QW205, &QW301, &QW302, &QW303, &QW304, &QW305, &QW306, &QW307, &QW308, &QW309,
	&QW401, &QW402, &QW403, &QW404, &QW405, &QW501, &QW502, &QW503, &QW601, &QW602, &QW603, &QW604, &QW605,
	&QW606, &QW607, &QW608, &QW609, &QW610, &QW611, &QW612, &QW613, &QW614, &QW701, &QW702, &QW703, &QW801, &QW802, &QW803, &QW901, &QW902, &QW903,
};

const size_t qw_nrules = sizeof(qw_rules) / sizeof(qw_rules[0]);

const qw_rule *
qw_rule_find(const char *text)
{
	for (size_t i = 0; i < qw_nrules; i++)
		if (!strcmp(qw_rules[i]->id, text) || !strcmp(qw_rules[i]->name, text))
			return qw_rules[i];
	return NULL;
}

size_t
qw_rule_index(const qw_rule *r)
{
	size_t i = 0;
	while (i < qw_nrules && qw_rules[i] != r)
		i++;
	return i;
}

void
qw_rules_run(qw_ctx *ctx, qw_set *set)
{
	ctx->set = set;
	ctx->url_sites = NULL;
	for (size_t i = 0; i < qw_nrules; i++)
		if (qw_rules[i]->check)
			qw_rules[i]->check(ctx, set);
	qw_url_sites_free(ctx->url_sites);
	ctx->url_sites = NULL;
}
