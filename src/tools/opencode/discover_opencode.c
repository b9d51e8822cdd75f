/*
 * discover_opencode.c - OpenCode's part of discovery (discover_int.h): a file named opencode.json, met in a walk
 * (a project's root, the user's ~/.config/opencode/) or named, becomes one set. Read through discovery's read
 * layer, so a link out of the tree is not followed.
 *
 * Ownership: the set built is added to out and owns the source read (opencode.h).
 */
#include "discover_int.h"

#include <stdlib.h>
#include <string.h>

#include "opencode.h"
#include "secret.h"
#include "util.h"

bool
qw_opencode_path(const char *path)
{
	return !strcmp(qw_basename(path), QW_OPENCODE_NAME);
}

/* Every provider's options.apiKey is a secret whatever its shape: masked wherever the file's text is shown. */
static void
mark_keys(qw_source *src, const qw_doc *doc)
{
	const qw_node *root = doc ? doc->root : NULL;
	const qw_node *prov = root && root->type == QW_NODE_MAP ? qw_map_get(root, "provider") : NULL;
	for (size_t i = 0; prov && prov->type == QW_NODE_MAP && i < prov->npairs; i++) {
		const qw_node *e = prov->pairs[i].value;
		const qw_node *o = e && e->type == QW_NODE_MAP ? qw_map_get(e, "options") : NULL;
		const qw_node *k = o && o->type == QW_NODE_MAP ? qw_map_get(o, "apiKey") : NULL;
		if (k && k->type == QW_NODE_SCALAR && !k->plain && k->str && *k->str && k->str[0] != '{')
			qw_mark_value_secret(src, k->span);
	}
}

bool
qw_opencode_take_file(const char *path, bool explicit, const qw_options *opt, qw_sets *out)
{
	if (!qw_opencode_path(path))
		return false;
	qw_source *src = explicit ? qw_disc_load(path, opt, out) : qw_disc_load_found(path, false, opt, out);
	if (!src)
		return true;
	qw_set *set = qw_xcalloc(1, sizeof(*set));
	set->dir = qw_disc_dir_of(path);
	set->tree = out->root ? qw_xstrdup(out->root) : NULL;
	set->tool = &qw_tool_opencode;
	qw_opencode *oc = set->data = qw_xcalloc(1, sizeof(*oc));
	oc->src = src;
	/* OpenCode reads it with jsonc-parser, comments and trailing commas allowed (parse.h); so does --fix's
	 * re-parse check */
	src->syntax = QW_SYNTAX_JSONC;
	oc->doc = qw_json_parse_dialect(src, QW_JSON_JSONC, &oc->err);
	mark_keys(src, oc->doc);
	qw_mark_text_secrets(src);
	qw_disc_load_local_config(set, opt);
	qw_disc_push_set(out, set);
	return true;
}
