/*
 * kb_impl.h - the inside of the knowledge base, shared by its three files and by nothing else: kb.c (the doors:
 * load, free and the lookups of kb.h), kb_schema.c (what each knowledge file holds, one table of field
 * descriptors per record type, and the one loader and the one free that walk those tables) and kb_version.c
 * (Hermes version points, the since/until windows, and the provider view at the selected version).
 *
 * A record type is described once, in kb_schema.c: a field's YAML key, its C type and place, whether an entry
 * without it is dropped, and its default. Adding a field to a knowledge record is its member in kb.h (or below)
 * and one line in its table; loading and freeing follow from the line.
 *
 * Ownership: the kb owns every record and string reached from it. kb_load_record() fills a record that
 * kb_free_record() frees with the same schema; the windows and the view are kb_version.c's (kb_free_versions()).
 */
#ifndef QW_KB_IMPL_H
#define QW_KB_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "kb.h"
#include "tree.h"

/* A Hermes version point, ordered: release numbers, then the date on main after it (0: the release itself;
 * UNDATED: a later code version of unknown date). */
typedef struct hpoint {
	long rel[3];
	long date;
} hpoint;

/* What a row, an alias or a feature needs to be filtered by version. */
typedef struct window {
	hpoint since, until;
	bool has_since, has_until;
	char *since_s, *until_s; /* as written; the window's own */
} window;

struct release {
	char *version, *commit, *date;
	hpoint at;
	long day;
};

struct feature {
	char *name;
	window win;
};

struct plugin_provider {
	char *plugin, *provider;
};

/* Where an installed Hermes keeps its code and its version (rules/hermes-providers.yaml installed:). */
struct hermes_install {
	char *home_subdir, *fhs_dir, *version_file, *version_var;
};

struct qw_kb {
	/* rules/hermes-providers.yaml */
	char *hermes_commit;
	char **custom_aliases, **bypass_hosts, **hermes_only_env;
	size_t ncustom_aliases, nbypass_hosts, nhermes_only_env;
	struct versions {
		struct release *releases;
		size_t nreleases;
		char *knowledge_to;
	} hv;
	struct feature *features;
	size_t nfeatures;
	struct hermes_install install;
	qw_provider *rows; /* every row of every version, aliases unfiltered */
	size_t nrows;
	window *row_win;    /* parallel to rows */
	window **alias_win; /* parallel to rows: one per alias */
	size_t nrow_win, row_win_cap, nalias_win, alias_win_cap;
	/* rules/endpoints.yaml */
	qw_host *hosts;
	size_t nhosts;
	char **region_bound;
	size_t nregion_bound;
	qw_lookalike *lookalikes;
	size_t nlookalikes;
	qw_kb_name *plans, *regions;
	size_t nplans, nregions;
	/* rules/keys.yaml */
	qw_family *families;
	size_t nfamilies;
	char **no_key, **placeholders;
	size_t nno_key, nplaceholders;
	qw_key_shape *shapes;
	size_t nshapes;
	/* rules/dify.yaml */
	char **dify_markers;
	size_t ndify_markers;
	char **dify_db_fields;
	char *tongyi_base, *tongyi_intl_base;
	char *api_host_since, *api_host_absent_to, *api_host_source;
	char **api_host_paths;
	size_t napi_host_paths;
	size_t ndify_db_fields;
	qw_dify_secret *dify_secrets;
	size_t ndify_secrets;
	qw_dify_pair *dify_pairs;
	size_t ndify_pairs;
	qw_plugin_window *windows;
	size_t nwindows;
	struct plugin_provider *plugin_providers;
	size_t nplugin_providers;
	qw_removed_models *removed;
	size_t nremoved;
	qw_region_model *region_models;
	size_t nregion_models;
	/* rules/app-env.yaml */
	qw_app_pair *app_pairs;
	size_t napp_pairs;
	qw_app_base *app_bases;
	size_t napp_bases;
	qw_wrong_var *wrong_vars;
	size_t nwrong_vars;
	/* rules/clients.yaml */
	qw_client *clients;
	size_t nclients;
	qw_operation *operations;
	size_t noperations;
	/* rules/models.yaml */
	qw_plan_models *plan_models;
	size_t nplan_models;
	/* rules/probe.yaml */
	qw_probe_call *probe_calls;
	size_t nprobe_calls;
	qw_probe_answer *probe_answers;
	size_t nprobe_answers;
	/* rules/hermes-models.yaml */
	qw_hermes_models hmodels;
	/* the selected Hermes version (kb_version.c) */
	qw_provider *providers; /* the view (aliases filtered; other pointers shared with rows) */
	size_t nproviders, providers_cap;
	hpoint sel;
	char *sel_name, *sel_why, *newer_installed;
	char *bad; /* a malformed knowledge entry, reported by qw_kb_load */
};

/* ---- the schema (kb_schema.c) ---- */

typedef enum kb_type {
	KB_STR,   /* char *; dflt when absent, else NULL */
	KB_LOWER, /* char *, lower-cased */
	KB_LIST,  /* char ** and its count at noff: a sequence's strings (other items skipped) */
	KB_NAMES, /* the same, an item being a string or a mapping's name */
	KB_MAP,   /* qw_str_pair * and its count: a mapping of strings (a: key, b: value), in file order */
	KB_BOOL,  /* bool: yes/true, no/false; absent or anything else: dflt ("yes" or NULL) */
	KB_TRI,   /* qw_tri: yes/true, no/false, anything else (or absent) unknown */
	KB_ENUM,  /* an enum: the index of the string in names; absent: names[0]; not listed: dflt's index */
	KB_LONG,  /* long, strtol'd; absent: 0 */
	KB_CONF,  /* char: H, M, L or U (anything else is U); absent: dflt[0], else 'U' */
	KB_RECS,  /* records of schema sub and their count: a sequence of mappings */
	KB_REC,   /* one record of schema sub, in place: a mapping (absent: an empty one) */
} kb_type;

#define KB_REQ 1u /* an entry without it (a string; for KB_LONG: 0) is dropped */

typedef struct kb_schema kb_schema;

typedef struct kb_field {
	const char *key; /* "a.b": b of the mapping at a. NULL: not read; the schema's finish fills it */
	bool path;       /* key has a dot */
	kb_type type;
	size_t off, noff; /* where the value is; where its count is (lists, records) */
	unsigned flags;
	const char *dflt;
	const kb_schema *sub;     /* KB_RECS, KB_REC */
	const char *const *names; /* KB_ENUM, NULL-terminated */
} kb_field;

struct kb_schema {
	size_t size;
	const kb_field *fields;
	size_t nfields;
	/* After the fields, for what a table cannot say (a default taken from another field, a check across fields,
	 * a window); false drops the entry. index: the entry's place in its sequence. NULL: none. */
	bool (*finish)(qw_kb *kb, void *rec, const qw_node *map, size_t index);
};

typedef struct kb_file {
	const char *name;
	const kb_schema *schema; /* applied to the file's root mapping */
	size_t off;              /* where in qw_kb its record is */
} kb_file;

extern const kb_file kb_files[];
extern const size_t kb_nfiles;

/* Fills rec (zeroed, schema->size bytes) from map; false when the entry is dropped (rec is then freed and zero). */
bool kb_load_record(qw_kb *kb, const kb_schema *schema, const qw_node *map, void *rec, size_t index);
void kb_free_record(const kb_schema *schema, void *rec);

/* ---- Hermes versions (kb_version.c) ---- */

/* The finish hooks that turn since/until into windows, in file order (the first malformed one is kb->bad). */
bool kb_release_finish(qw_kb *kb, void *rec, const qw_node *map, size_t index);
bool kb_versions_finish(qw_kb *kb, void *rec, const qw_node *map, size_t index);
bool kb_feature_finish(qw_kb *kb, void *rec, const qw_node *map, size_t index);
/* The row's window and its aliases' (map: the row's entry), appended to row_win and alias_win. */
void kb_provider_windows(qw_kb *kb, const qw_provider *p, const qw_node *map);
/* The version data: the rows' and aliases' windows, the view, the selection (a feature's window is its
 * record's). */
void kb_free_versions(qw_kb *kb);

#endif
