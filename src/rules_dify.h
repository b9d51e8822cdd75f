/*
 * rules_dify.h - the Dify rules (QW601-QW608): a docker deployment's env files, app DSL exports and installed
 * plugin manifests (dify.h). Entries of the table in rules.c; facts in ../shared/knowledge/dify.md, data in
 * rules/dify.yaml.
 */
#ifndef QW_RULES_DIFY_H
#define QW_RULES_DIFY_H

#include "lint.h"

void qw_check_dify_default_secret(qw_ctx *ctx, qw_set *set);  /* QW601 */
void qw_check_dify_key_pair(qw_ctx *ctx, qw_set *set);        /* QW602 */
void qw_check_dify_plugin_version(qw_ctx *ctx, qw_set *set);  /* QW603 */
void qw_check_dify_provider_id(qw_ctx *ctx, qw_set *set);     /* QW604 */
void qw_check_dify_removed_model(qw_ctx *ctx, qw_set *set);   /* QW605 */
void qw_check_dify_region_model(qw_ctx *ctx, qw_set *set);    /* QW606 */
void qw_check_dify_version_string(qw_ctx *ctx, qw_set *set);  /* QW607 */
void qw_check_dify_files_url(qw_ctx *ctx, qw_set *set);       /* QW608 */

#endif
