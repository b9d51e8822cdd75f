/* baseline.c - see baseline.h. */
#include "baseline.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escape.h"
#include "source.h"
#include "write.h"
#include "parse.h"
#include "mask.h"
#include "rules.h"
#include "secret.h"
#include "util.h"

#define BASELINE_VERSION 1

typedef struct entry {
	char *rule, *file, *path, *hash; /* owned */
	char *name;                       /* the rule's name, for a reader of the file; owned, may be NULL */
	int count;                        /* findings with this fingerprint the record accepts */
	int used;                         /* ... matched in this run */
} entry;

typedef struct entries {
	entry *v;
	size_t n, cap;
	qw_strmap index; /* "rule\tfile\tpath\thash" -> entry index + 1 */
} entries;

struct qw_baseline {
	char *path;     /* as given */
	char *base_dir; /* absolute, resolved: files are recorded relative to it */
	bool record;
	const qw_kb *kb;
	entries old;     /* the file as read */
	entries now;     /* record mode: this run's findings */
	qw_strmap files; /* relative paths of the files this run read (reported files only) */
};

static char *
fp_key(const char *rule, const char *file, const char *path, const char *hash)
{
	return qw_xprintf("%s\t%s\t%s\t%s", rule, file, path, hash);
}

static entry *
entries_get(entries *es, const char *rule, const char *file, const char *path, const char *hash, bool add)
{
	char *key = fp_key(rule, file, path, hash);
	void *v;
	entry *e = NULL;
	if (qw_strmap_find(&es->index, key, &v)) {
		e = &es->v[(uintptr_t)v - 1];
	} else if (add) {
		entry ne = {qw_xstrdup(rule), qw_xstrdup(file), qw_xstrdup(path), qw_xstrdup(hash), NULL, 0, 0};
		QW_PUSH(es->v, es->n, es->cap, ne);
		qw_strmap_put(&es->index, key, (void *)(uintptr_t)es->n);
		e = &es->v[es->n - 1];
	}
	free(key);
	return e;
}

static void
entries_free(entries *es)
{
	for (size_t i = 0; i < es->n; i++) {
		free(es->v[i].rule);
		free(es->v[i].file);
		free(es->v[i].path);
		free(es->v[i].hash);
		free(es->v[i].name);
	}
	free(es->v);
	qw_strmap_free(&es->index);
	*es = (entries){0};
}

/* The directory of path, resolved; NULL when it does not exist. */
static char *
resolved_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? qw_xprintf("%.*s", (int)(slash == path ? 1 : slash - path), path) : qw_xstrdup(".");
	char *abs = realpath(dir, NULL);
	free(dir);
	return abs;
}

static int
load(qw_baseline *b, char *err, size_t errlen)
{
	/* read as every input is (source.c): a regular file only, never a FIFO, /dev/zero or a /proc file, and
	 * within qwlint's own size limit */
	struct stat st;
	if (b->record && lstat(b->path, &st) != 0 && errno == ENOENT)
		return 0;
	char why[256];
	qw_source *src = qw_source_load(b->path, 0, why, sizeof(why));
	if (!src) {
		snprintf(err, errlen, "cannot read it (%s)", why);
		return -1;
	}
	cJSON *root = cJSON_ParseWithLength(src->data ? src->data : "", src->len);
	qw_source_free(src);
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "findings");
	int rc = 0;
	if (!cJSON_IsObject(root) || !cJSON_IsNumber(ver) || ver->valuedouble != BASELINE_VERSION ||
	    !cJSON_IsArray(list)) {
		snprintf(err, errlen, "not a qwlint baseline (version %d: {\"version\": 1, \"findings\": [...]})",
			 BASELINE_VERSION);
		rc = -1;
	}
	const cJSON *it;
	size_t i = 0;
	if (!rc)
		cJSON_ArrayForEach(it, list)
		{
			const char *s[4];
			static const char *const names[4] = {"rule", "file", "path", "hash"};
			for (int k = 0; k < 4; k++)
				s[k] = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, names[k]));
			const cJSON *count = cJSON_GetObjectItemCaseSensitive(it, "count");
			if (!s[0] || !s[1] || !s[2] || !s[3] ||
			    (count && (!cJSON_IsNumber(count) || count->valuedouble < 1 || count->valuedouble > 1e6))) {
				snprintf(err, errlen, "entry %zu is not {\"rule\", \"file\", \"path\", \"hash\", \"count\"}",
					 i);
				rc = -1;
				break;
			}
			entry *e = entries_get(&b->old, s[0], s[1], s[2], s[3], true);
			e->count += count ? (int)count->valuedouble : 1;
			const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, "name"));
			if (name && !e->name)
				e->name = qw_xstrdup(name);
			i++;
		}
	cJSON_Delete(root);
	return rc;
}

qw_baseline *
qw_baseline_open(const char *path, bool record, const qw_kb *kb, char *err, size_t errlen)
{
	qw_baseline *b = qw_xcalloc(1, sizeof(*b));
	b->path = qw_xstrdup(path);
	b->record = record;
	b->kb = kb;
	b->base_dir = resolved_dir(path);
	if (!b->base_dir) {
		snprintf(err, errlen, "its directory does not exist");
		qw_baseline_free(b);
		return NULL;
	}
	if (load(b, err, errlen) < 0) {
		qw_baseline_free(b);
		return NULL;
	}
	return b;
}

void
qw_baseline_free(qw_baseline *b)
{
	if (!b)
		return;
	entries_free(&b->old);
	entries_free(&b->now);
	qw_strmap_free(&b->files);
	free(b->path);
	free(b->base_dir);
	free(b);
}

void
qw_baseline_begin_run(qw_baseline *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->old.n; i++)
		b->old.v[i].used = 0;
	entries_free(&b->now);
	qw_strmap_free(&b->files);
	b->files = (qw_strmap){0};
}

/* The file of src as the baseline names it: relative to the baseline's directory when inside it, else absolute
 * (resolved when it exists). The caller frees. */
static char *
file_of(const qw_baseline *b, const qw_source *src)
{
	const char *p = src->fs_path ? src->fs_path : src->path;
	char *abs = realpath(p, NULL);
	if (!abs) {
		/* a file not on disk (standard input under --stdin-filename): its directory resolved, and its name */
		char *dir = resolved_dir(p);
		const char *slash = strrchr(p, '/');
		abs = dir ? qw_xprintf("%s/%s", strcmp(dir, "/") ? dir : "", slash ? slash + 1 : p) : qw_xstrdup(p);
		free(dir);
	}
	size_t bl = strlen(b->base_dir);
	if (!strcmp(b->base_dir, "/") && abs[0] == '/') {
		char *rel = qw_xstrdup(abs + 1);
		free(abs);
		return rel;
	}
	if (!strncmp(abs, b->base_dir, bl) && abs[bl] == '/') {
		char *rel = qw_xstrdup(abs + bl + 1);
		free(abs);
		return rel;
	}
	return abs;
}

static bool
overlaps_secret(const qw_source *src, qw_span s)
{
	for (size_t i = 0; i < src->nsecrets; i++)
		if (src->secrets[i].start < s.end && s.start < src->secrets[i].end)
			return true;
	return false;
}

/* A path element: a mapping key as written, "*" when it is a secret or not a plain string, printable ASCII and
 * UTF-8 kept (control bytes become '?': the file is for people and diffs), at most 200 bytes. */
static void
add_key(qw_buf *out, const qw_source *src, const qw_node *key)
{
	const char *s = qw_node_str(key);
	if (out->len)
		qw_buf_add(out, ".", 1);
	if (!s || overlaps_secret(src, key->span)) {
		qw_buf_add(out, "*", 1);
		return;
	}
	for (size_t i = 0; s[i] && i < 200; i++) {
		char c = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
		qw_buf_add(out, &c, 1);
	}
}

static bool
contains(qw_span outer, uint32_t at)
{
	return at >= outer.start && (at < outer.end || (at == outer.end && outer.start == outer.end));
}

/* The path from n down to the innermost node holding offset `at`. */
static void
tree_path(qw_buf *out, const qw_source *src, const qw_node *n, uint32_t at, int depth)
{
	if (!n || depth > QW_TREE_MAX_DEPTH)
		return;
	if (n->type == QW_NODE_MAP) {
		for (uint32_t i = 0; i < n->npairs; i++) {
			const qw_pair *p = &n->pairs[i];
			if (!qw_walk_pair(n, i))
				continue;
			bool in_key = p->key && contains(p->key->span, at);
			bool in_val = p->value && contains(p->value->span, at);
			if (in_key || in_val) {
				add_key(out, src, p->key);
				if (in_val && !in_key)
					tree_path(out, src, p->value, at, depth + 1);
				return;
			}
		}
	} else if (n->type == QW_NODE_SEQ) {
		for (uint32_t i = 0; i < n->nitems; i++)
			if (qw_walk_item(n, i) && n->items[i] && contains(n->items[i]->span, at)) {
				qw_buf_printf(out, "[%u]", i);
				tree_path(out, src, n->items[i], at, depth + 1);
				return;
			}
	}
}

/* One file parsed for the document paths of its findings (findings come sorted by file: one parse each). */
typedef struct parsed {
	const qw_source *src;
	qw_doc *doc;     /* YAML or JSON; NULL when it does not parse */
	qw_dotenv *env;  /* a dotenv file */
} parsed;

static void
parsed_free(parsed *p)
{
	qw_doc_free(p->doc);
	qw_dotenv_free(p->env);
	*p = (parsed){0};
}

static void
parse_for_paths(parsed *p, const qw_source *src)
{
	if (p->src == src)
		return;
	parsed_free(p);
	p->src = src;
	const char *name = strrchr(src->path, '/');
	name = name ? name + 1 : src->path;
	const char *dot = strrchr(name, '.');
	bool yaml = src->kind == QW_KIND_HERMES_CONFIG || src->kind == QW_KIND_DIFY_DSL ||
		    src->kind == QW_KIND_DIFY_MANIFEST ||
		    (src->kind == QW_KIND_UNKNOWN && dot && (!strcmp(dot, ".yaml") || !strcmp(dot, ".yml")));
	bool json = src->kind == QW_KIND_AUTH_JSON || (src->kind == QW_KIND_UNKNOWN && dot && !strcmp(dot, ".json"));
	qw_parse_error perr = {0};
	if (yaml)
		p->doc = qw_yaml_parse(src, &perr);
	else if (json)
		p->doc = qw_json_parse(src, &perr);
	else
		p->env = qw_dotenv_parse(src);
}

/* The path in the document where a finding at `at` starts; "" when the file does not parse or the finding is
 * about the file as a whole. The caller frees. */
static char *
doc_path(const parsed *p, uint32_t at)
{
	qw_buf out = {0};
	const qw_source *src = p->src;
	if (p->doc)
		tree_path(&out, src, p->doc->root, at, 0);
	for (size_t i = 0; p->env && i < p->env->nvars; i++) {
		const qw_envvar *v = &p->env->vars[i];
		if (contains(v->line_span, at) || at == v->line_span.end) {
			if (overlaps_secret(src, v->key_span))
				qw_buf_add(&out, "*", 1);
			else
				for (const char *k = v->key; *k && k - v->key < 200; k++) {
					char c = (unsigned char)*k < 0x20 || *k == 0x7f ? '?' : *k;
					qw_buf_add(&out, &c, 1);
				}
			break;
		}
	}
	return out.data ? out.data : qw_xstrdup("");
}

/* The message as hashed: keys masked (they are already; masked again in case), each mask's shown tail dropped,
 * numbers after ':' (line:column) and the directory the file was named under taken out, so that the hash holds
 * when lines move, when a key is replaced by another, and wherever qwlint is run from. */
static char *
normal_message(const qw_baseline *b, const qw_finding *f)
{
	char *masked = qw_mask_text(b->kb, f->message, strlen(f->message));
	const char *slash = strrchr(f->src->path, '/');
	size_t dirlen = slash ? (size_t)(slash - f->src->path) + 1 : 0;
	qw_buf out = {0};
	for (const char *s = masked; *s;) {
		if (dirlen && !strncmp(s, f->src->path, dirlen)) {
			s += dirlen;
		} else if (!strncmp(s, "\xe2\x80\xa6", 3)) { /* the mask's ellipsis: drop what follows it */
			qw_buf_add(&out, s, 3);
			s += 3;
			for (int k = 0; k < 8 && ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') ||
						  (*s >= 'A' && *s <= 'Z') || *s == '_' || *s == '-');
			     k++)
				s++;
		} else if (*s == ':' && s[1] >= '0' && s[1] <= '9') {
			qw_buf_add(&out, ":#", 2);
			for (s++; *s >= '0' && *s <= '9'; s++)
				;
		} else {
			qw_buf_add(&out, s, 1);
			s++;
		}
	}
	free(masked);
	return out.data ? out.data : qw_xstrdup("");
}

static char *
hash_hex(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull; /* FNV-1a 64 */
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ull;
	}
	return qw_xprintf("%016llx", (unsigned long long)h);
}

void
qw_baseline_apply(qw_baseline *b, const qw_sets *sets, qw_findings *fs)
{
	if (!b)
		return;
	for (size_t i = 0; i < sets->n; i++) {
		qw_source *src;
		for (size_t k = 0; (src = qw_set_source(sets->v[i], k)) != NULL; k++)
			if (src->report) {
				char *file = file_of(b, src);
				qw_strmap_put(&b->files, file, NULL);
				free(file);
			}
	}
	parsed p = {0};
	size_t kept = 0;
	for (size_t i = 0; i < fs->n; i++) {
		qw_finding *f = &fs->v[i];
		char *file = file_of(b, f->src);
		parse_for_paths(&p, f->src);
		char *path = doc_path(&p, f->span.start);
		char *msg = normal_message(b, f);
		char *hash = hash_hex(msg);
		bool drop;
		if (b->record) {
			entry *e = entries_get(&b->now, f->rule->id, file, path, hash, true);
			if (!e->name)
				e->name = qw_xstrdup(f->rule->name);
			e->count++;
			drop = true;
		} else {
			entry *e = entries_get(&b->old, f->rule->id, file, path, hash, false);
			drop = e && e->used < e->count;
			if (drop)
				e->used++;
		}
		/* the file counts as read even when its findings came from a set that only reported it */
		qw_strmap_put(&b->files, file, NULL);
		free(file);
		free(path);
		free(msg);
		free(hash);
		if (drop)
			qw_finding_free(f);
		else
			fs->v[kept++] = *f;
	}
	parsed_free(&p);
	fs->n = kept;
}

static bool
read_this_run(const qw_baseline *b, const char *file)
{
	void *v;
	return qw_strmap_find(&b->files, file, &v);
}

size_t
qw_baseline_report_stale(qw_baseline *b, FILE *out)
{
	if (!b || b->record)
		return 0;
	size_t n = 0;
	for (size_t i = 0; i < b->old.n; i++) {
		const entry *e = &b->old.v[i];
		if (e->used < e->count && read_this_run(b, e->file))
			n++;
	}
	if (!n)
		return 0;
	char *shown = qw_arg_shown(b->path); /* a path typed by the user: a pasted key stays masked (#22) */
	qw_esc_fprintf(out, "qwlint: warning: --baseline %s: %zu entr%s no longer match%s a finding "
			    "(--write-baseline %s prunes them):\n",
		       shown, n, n == 1 ? "y" : "ies", n == 1 ? "es" : "", shown);
	free(shown);
	for (size_t i = 0; i < b->old.n; i++) {
		const entry *e = &b->old.v[i];
		if (e->used < e->count && read_this_run(b, e->file)) {
			char times[32] = "";
			if (e->count - e->used > 1)
				snprintf(times, sizeof(times), " (%d times)", e->count - e->used);
			qw_esc_fprintf(out, "  %s %s %s%s\n", e->rule, e->file, *e->path ? e->path : "(the file)", times);
		}
	}
	return n;
}

static int
entry_cmp(const void *a, const void *b)
{
	const entry *x = *(entry *const *)a, *y = *(entry *const *)b;
	int c;
	if ((c = strcmp(x->file, y->file)) || (c = strcmp(x->path, y->path)) || (c = strcmp(x->rule, y->rule)))
		return c;
	return strcmp(x->hash, y->hash);
}

int
qw_baseline_write(qw_baseline *b, FILE *out, char *err, size_t errlen)
{
	/* this run's findings, and what the old file says of files this run did not read */
	entry **all = NULL;
	size_t n = 0, cap = 0, kept = 0, pruned = 0, found = 0;
	for (size_t i = 0; i < b->now.n; i++) {
		QW_PUSH(all, n, cap, &b->now.v[i]);
		found += (size_t)b->now.v[i].count;
	}
	for (size_t i = 0; i < b->old.n; i++) {
		if (read_this_run(b, b->old.v[i].file)) {
			if (!entries_get(&b->now, b->old.v[i].rule, b->old.v[i].file, b->old.v[i].path,
					 b->old.v[i].hash, false))
				pruned++;
			continue;
		}
		QW_PUSH(all, n, cap, &b->old.v[i]);
		kept++;
	}
	if (n)
		qsort(all, n, sizeof(*all), entry_cmp);
	cJSON *root = cJSON_CreateObject();
	cJSON_AddNumberToObject(root, "version", BASELINE_VERSION);
	cJSON_AddStringToObject(root, "comment",
				"qwlint --write-baseline: findings accepted for now, by fingerprint (no key in here); "
				"qwlint --baseline FILE reports only new ones");
	cJSON *list = cJSON_AddArrayToObject(root, "findings");
	for (size_t i = 0; i < n; i++) {
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "rule", all[i]->rule);
		if (all[i]->name)
			cJSON_AddStringToObject(o, "name", all[i]->name);
		cJSON_AddStringToObject(o, "file", all[i]->file);
		cJSON_AddStringToObject(o, "path", all[i]->path);
		cJSON_AddStringToObject(o, "hash", all[i]->hash);
		cJSON_AddNumberToObject(o, "count", all[i]->count);
		cJSON_AddItemToArray(list, o);
	}
	free(all);
	char *text = cJSON_Print(root);
	cJSON_Delete(root);
	/* written as a report is (write.c): a temp file of qwlint's own name, renamed over the old record only
	 * while it is what was read, never through a symbolic link; a failed write leaves the old record whole */
	qw_buf out_text = {0};
	qw_buf_adds(&out_text, text);
	qw_buf_addc(&out_text, '\n');
	cJSON_free(text);
	char why[512];
	int rc = qw_write_report(b->path, out_text.data, out_text.len, why, sizeof(why)) == 0 ? 0 : -1;
	if (rc)
		snprintf(err, errlen, "cannot write it (%s)", why);
	qw_buf_free(&out_text);
	if (!rc) {
		char *shown = qw_arg_shown(b->path);
		qw_esc_fprintf(out, "qwlint: --write-baseline %s: %zu finding%s recorded, %zu entr%s pruned, %zu kept "
				    "for files not linted in this run\n",
			       shown, found, found == 1 ? "" : "s", pruned, pruned == 1 ? "y" : "ies", kept);
		free(shown);
	}
	return rc;
}
