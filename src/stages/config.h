/*
 * config.h - qwlint's own settings: a .qwlint.yaml found upward from each linted set's directory (the nearest
 * wins; files are not merged), or the one file --config names.
 *
 *   select: [QW1, QW301]      rules to run: ids, names, or id prefixes (QW3 = QW3xx); default all
 *   ignore: [QW701]           rules not to run (applied after select)
 *   severity: {QW307: error}  per-rule severity: error, warning, info, or off
 *   region: cn                the keys' region, as --region (cn, intl, us, hk, jp, eu)
 *   exclude: [old/x.env]     globs, relative to the file's directory, of files not to report on (** crosses
 *                             directories; a glob without / matches file names)
 *   unsafe-fixes: true        --fix also applies unsafe repairs to findings under this file
 *   fail-on: warning          exit 1 on findings of this severity or worse (under this file)
 *
 * region, unsafe-fixes and fail-on set an option too: options.def names the key (.setting) and the option's
 * values are the key's, with its message ("fail-on: expected error, warning or info").
 * Command-line options win over the file. Everything wrong in the file (unknown keys, wrong types, unknown rules
 * or values, invalid YAML) is reported as QW902 at its position, and that setting is ignored.
 *
 * Lookups may come from several threads at once; the registry locks itself.
 *
 * Ownership: a qw_configs registry owns every config and source it loaded; qw_configs_free() releases them. Findings
 * about a config file point at its source, so free the findings first (qw_pipeline_free does).
 */
#ifndef QW_CONFIG_H
#define QW_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "dirs.h"
#include "lint.h"
#include "options.h"

typedef struct qw_config qw_config;
typedef struct qw_configs qw_configs;

/* A registry; `forced` is --config's file (NULL: search upward); dirs (borrowed) resolves directories. */
qw_configs *qw_configs_new(const char *forced, const qw_options *opt, qw_dirs *dirs);
void qw_configs_free(qw_configs *cs);

/* The config that governs files in `dir` (found upward, loaded once), or NULL when there is none. */
const qw_config *qw_config_for_dir(qw_configs *cs, const char *dir);
/* ... for a file path (its directory). */
const qw_config *qw_config_for_path(qw_configs *cs, const char *path);

/* The region the file states, with where ("path:line"); NULL when none. */
const char *qw_config_region(const qw_config *c, char **where);
/* Is `path` excluded by c's globs (c: a config of cs)? */
bool qw_config_excludes(qw_configs *cs, const qw_config *c, const char *path);
/* Apply select/ignore/severity/exclude to the findings under each config: drop or re-grade them. */
void qw_configs_filter(qw_configs *cs, qw_findings *fs);
/* Report every loaded file's problems as QW902 findings (once per run, after the last lookup). */
void qw_configs_report(qw_configs *cs, qw_ctx *ctx);
/* The value c's file gives option id through the option's .qwlint.yaml key (options.def's .setting: a switch's
 * n is 1 for true), or NULL when it gives none (c may be NULL). */
const qw_optarg *qw_config_option(const qw_config *c, qw_opt_id id);
/* unsafe-fixes: 1 yes, 0 no, -1 not set (c may be NULL). */
int qw_config_unsafe_fixes(const qw_config *c);
/* fail-on: a qw_severity, or -1 when not set (c may be NULL). */
int qw_config_fail_on(const qw_config *c);
/* --show-settings PATH: which settings file governs PATH (a file or a directory) and the settings in effect there,
 * the command line's options (cli_fail_on: --fail-on or -1; cli_unsafe: --unsafe-fixes) included. Returns 0, or
 * 2 when PATH does not exist (said on stderr). */
int qw_configs_show(qw_configs *cs, const char *path, int cli_fail_on, bool cli_unsafe, FILE *out);

#endif
