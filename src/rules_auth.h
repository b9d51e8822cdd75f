/*
 * rules_auth.h - the auth.json rules (QW401-QW405): Hermes's credential store as state that outlives the
 * configuration it was made for (hermes.md §4 "Failed-credential caching", §6). Entries of the table in rules.c.
 */
#ifndef QW_RULES_AUTH_H
#define QW_RULES_AUTH_H

#include "lint.h"

void qw_check_stale_pool(qw_ctx *ctx, qw_set *set);     /* QW401 */
void qw_check_stale_state(qw_ctx *ctx, qw_set *set);    /* QW402 */
void qw_check_suppressed_env(qw_ctx *ctx, qw_set *set); /* QW403 */
void qw_check_auth_shape(qw_ctx *ctx, qw_set *set);     /* QW404 */
void qw_check_rotated_pool_status(qw_ctx *ctx, qw_set *set); /* QW405 */

#endif
