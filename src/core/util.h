/*
 * util.h - allocation that never returns NULL, a growable byte buffer, small string helpers.
 *
 * Ownership: qw_buf owns its bytes; qw_buf_free() releases them. A qw_strmap owns copies of its keys, never its
 * values; qw_strmap_free() releases the keys and the table. qw_xstrdup() and friends return memory the
 * caller frees with free(). Allocation failure is fatal (tmux's xmalloc rule): a linter that runs out of memory
 * has nothing sensible left to report, and call sites stay short.
 */
#ifndef QW_UTIL_H
#define QW_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

void *qw_xmalloc(size_t n);
void *qw_xcalloc(size_t n, size_t size);
void *qw_xrealloc(void *p, size_t n);
char *qw_xstrdup(const char *s);
char *qw_xstrndup(const char *s, size_t n);
char *qw_xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *qw_xvprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Grow an array held in (*arr, *len, *cap) so that one more element of size `size` fits. */
void qw_grow(void **arr, size_t len, size_t *cap, size_t size);
#define QW_PUSH(arr, len, cap, val)                                                                  \
	do {                                                                                         \
		qw_grow((void **)&(arr), (len), &(cap), sizeof(*(arr)));                             \
		(arr)[(len)++] = (val);                                                              \
	} while (0)

typedef struct qw_buf {
	char *data; /* always NUL-terminated when non-NULL */
	size_t len;
	size_t cap;
} qw_buf;

void qw_buf_add(qw_buf *b, const void *p, size_t n);
void qw_buf_addc(qw_buf *b, char c);
void qw_buf_adds(qw_buf *b, const char *s);
void qw_buf_printf(qw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void qw_buf_vprintf(qw_buf *b, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
/* Returns the buffer's bytes (NUL-terminated, "" when empty) and leaves b empty: the caller frees. */
char *qw_buf_steal(qw_buf *b);
void qw_buf_free(qw_buf *b);

/* A string-keyed hash table (open addressing, FNV-1a): lookups that a directory walk makes once per file stay
 * constant-time however many directories there are. */
typedef struct qw_strmap {
	struct qw_strmap_slot *slots;
	size_t n, cap;
} qw_strmap;

/* Whether key is in m; its value (which may be NULL) in *value when it is. */
bool qw_strmap_find(const qw_strmap *m, const char *key, void **value);
/* Add key (copied) with value, or replace the value of a key already there. */
void qw_strmap_put(qw_strmap *m, const char *key, void *value);
void qw_strmap_free(qw_strmap *m);

/* A set of file identities (st_dev, st_ino): the files and directories a run has met, so that a second path to one
 * is known. 16 bytes a slot and no string per entry: a run over 10 000 homes keeps one per file it plans. */
typedef struct qw_idset {
	struct qw_fileid {
		unsigned long long dev, ino;
	} *slots; /* (0, 0): an empty slot */
	size_t n, cap;
} qw_idset;

/* Add (dev, ino); true when it was not there yet. (0, 0), no identity (a memory source), is never remembered: it
 * is new each time. */
bool qw_idset_add(qw_idset *s, unsigned long long dev, unsigned long long ino);
void qw_idset_free(qw_idset *s);

/* A closed set of words (the formats, the regions, the severities...), written once as the list that messages and
 * --help print: "cn, intl, us, hk, jp, eu". Validation, messages and the generated documents all read it. A
 * word's value is its position in the list, or values[position] when values is set, or what parse returns when
 * parse is set (for a set whose parser lives elsewhere, such as format.c's format names). */
typedef struct qw_enum {
	const char *list;
	const int *values;
	int (*parse)(const char *word);
} qw_enum;

/* word's value in e; -1 when it is none of e's words (or NULL). */
int qw_enum_parse(const qw_enum *e, const char *word);
/* Word i (from 0) of e into buf; false when e has fewer words. */
bool qw_enum_word(const qw_enum *e, size_t i, char *buf, size_t len);
/* The words for a message that says what was expected: "error, warning or info"; extra (may be NULL) is one more
 * word at the end ("error, warning, info or off"). */
void qw_enum_expected(const qw_enum *e, const char *extra, char *buf, size_t len);

bool qw_streq_nocase(const char *a, const char *b);
/* s is one of the n strings l[] (exactly). */
bool qw_str_in(char *const *l, size_t n, const char *s);
bool qw_startswith(const char *s, const char *prefix);
/* A hexadecimal digit's value, or -1 (the JSON, JSON5 and TOML escapes). */
int qw_hexval(char c);
/* s without its leading and trailing white space: the first character kept, and their number in *n. */
const char *qw_trim(const char *s, size_t *n);
bool qw_endswith(const char *s, const char *suffix);
bool qw_startswith_nocase(const char *s, const char *prefix);
bool qw_endswith_nocase(const char *s, const char *suffix);
/* Lower-case ASCII copy; the caller frees. */
char *qw_lower(const char *s);
/* Join a directory and a name with one '/'; the caller frees. */
char *qw_path_join(const char *dir, const char *name);
/* The last path component (a pointer into p). */
const char *qw_basename(const char *p);
/* Everything before the last '/' ("." when none, "/" for a file at the root); the caller frees. */
char *qw_dirname(const char *p);

/* A file meant to be copied and filled in, and committed: *.example, *.sample, *.template, *.dist, and
 * .env_template, .env-example, env_sample, … (the same words after '_' or '-'). */
bool qw_is_template_name(const char *name);
/* A file manager's duplicate of a .env (".env copy", ".env - Copy", ".env (1)"): read as a dotenv file when named,
 * and like a template, since no program reads it by that name (its values reach no request). */
bool qw_is_env_copy_name(const char *name);

#endif
