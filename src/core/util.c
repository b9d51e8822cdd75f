/* util.c - see util.h. */
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
oom(void)
{
	fputs("qwlint: out of memory\n", stderr);
	abort();
}

void *
qw_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *
qw_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *
qw_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom();
	return q;
}

char *
qw_xstrdup(const char *s)
{
	return qw_xstrndup(s, strlen(s));
}

char *
qw_xstrndup(const char *s, size_t n)
{
	char *p = qw_xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
qw_xvprintf(const char *fmt, va_list ap)
{
	qw_buf b = {0};
	qw_buf_vprintf(&b, fmt, ap);
	return qw_buf_steal(&b);
}

char *
qw_xprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = qw_xvprintf(fmt, ap);
	va_end(ap);
	return s;
}

void
qw_grow(void **arr, size_t len, size_t *cap, size_t size)
{
	if (len < *cap)
		return;
	size_t ncap = *cap ? *cap * 2 : 8;
	if (ncap > ((size_t)-1) / size)
		oom();
	*arr = qw_xrealloc(*arr, ncap * size);
	*cap = ncap;
}

static void
buf_reserve(qw_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t ncap = b->cap ? b->cap : 64;
	while (ncap < b->len + extra + 1) {
		if (ncap > ((size_t)-1) / 2)
			oom();
		ncap *= 2;
	}
	b->data = qw_xrealloc(b->data, ncap);
	b->cap = ncap;
}

void
qw_buf_add(qw_buf *b, const void *p, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
qw_buf_addc(qw_buf *b, char c)
{
	qw_buf_add(b, &c, 1);
}

void
qw_buf_adds(qw_buf *b, const char *s)
{
	qw_buf_add(b, s, strlen(s));
}

void
qw_buf_vprintf(qw_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
qw_buf_printf(qw_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	qw_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
qw_buf_steal(qw_buf *b)
{
	char *p = b->data ? b->data : qw_xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void
qw_buf_free(qw_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

bool
qw_streq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
	return *a == *b;
}

const char *
qw_trim(const char *s, size_t *n)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t l = strlen(s);
	while (l && isspace((unsigned char)s[l - 1]))
		l--;
	*n = l;
	return s;
}

bool
qw_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool
qw_startswith_nocase(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (!*s || tolower((unsigned char)*s) != tolower((unsigned char)*prefix))
			return false;
	return true;
}

bool
qw_endswith(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}

bool
qw_endswith_nocase(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && qw_streq_nocase(s + ls - lx, suffix);
}

char *
qw_lower(const char *s)
{
	char *p = qw_xstrdup(s);
	for (char *q = p; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return p;
}

char *
qw_path_join(const char *dir, const char *name)
{
	size_t l = strlen(dir);
	if (l && dir[l - 1] == '/')
		return qw_xprintf("%s%s", dir, name);
	return qw_xprintf("%s/%s", dir, name);
}

const char *
qw_basename(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

char *
qw_dirname(const char *p)
{
	const char *s = strrchr(p, '/');
	if (!s)
		return qw_xstrdup(".");
	return qw_xstrndup(p, s == p ? 1 : (size_t)(s - p));
}

bool
qw_is_template_name(const char *b)
{
	if (qw_endswith(b, ".example") || qw_endswith(b, ".sample") || qw_endswith(b, ".template") ||
	    qw_endswith(b, ".dist"))
		return true;
	/* .env_template, .env-example, env_sample: the same words after '_' or '-' (camel-ai/owl's .env_template) */
	const char *t = qw_startswith(b, ".env") ? b + 4 : qw_startswith(b, "env") ? b + 3 : NULL;
	if (!t || (*t != '_' && *t != '-'))
		return false;
	t++;
	return !strcmp(t, "example") || !strcmp(t, "sample") || !strcmp(t, "template") || !strcmp(t, "dist");
}

bool
qw_is_env_copy_name(const char *b)
{
	/* ".env copy", ".env copy 2", ".env - Copy", ".env (1)": what file managers name a duplicate */
	return qw_startswith(b, ".env ") || qw_startswith(b, ".env(");
}

struct qw_strmap_slot {
	char *key; /* NULL: empty */
	size_t hash;
	void *value;
};

static size_t
strmap_hash(const char *s)
{
	size_t h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot holding key, or the empty slot where it would go. cap is a power of two, never full. */
static struct qw_strmap_slot *
strmap_slot(const qw_strmap *m, const char *key, size_t h)
{
	size_t i = h & (m->cap - 1);
	while (m->slots[i].key && (m->slots[i].hash != h || strcmp(m->slots[i].key, key)))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

bool
qw_strmap_find(const qw_strmap *m, const char *key, void **value)
{
	if (!m->cap)
		return false;
	struct qw_strmap_slot *s = strmap_slot(m, key, strmap_hash(key));
	if (s->key && value)
		*value = s->value;
	return s->key != NULL;
}

void
qw_strmap_put(qw_strmap *m, const char *key, void *value)
{
	if (2 * (m->n + 1) > m->cap) {
		qw_strmap old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->slots = qw_xcalloc(m->cap, sizeof(*m->slots));
		for (size_t i = 0; i < old.cap; i++)
			if (old.slots[i].key)
				*strmap_slot(m, old.slots[i].key, old.slots[i].hash) = old.slots[i];
		free(old.slots);
	}
	size_t h = strmap_hash(key);
	struct qw_strmap_slot *s = strmap_slot(m, key, h);
	if (!s->key) {
		*s = (struct qw_strmap_slot){qw_xstrdup(key), h, NULL};
		m->n++;
	}
	s->value = value;
}

void
qw_strmap_free(qw_strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	*m = (qw_strmap){0};
}

static size_t
idset_hash(unsigned long long dev, unsigned long long ino)
{
	unsigned long long h = ino * 0x9E3779B97F4A7C15ULL ^ (dev + 0x632BE59BD9B4E019ULL);
	h ^= h >> 31;
	h *= 0xBF58476D1CE4E5B9ULL;
	return (size_t)(h ^ (h >> 29));
}

/* The slot holding (dev, ino), or the empty one where it would go. cap is a power of two, never full. */
static struct qw_fileid *
idset_slot(const qw_idset *s, unsigned long long dev, unsigned long long ino)
{
	size_t i = idset_hash(dev, ino) & (s->cap - 1);
	while ((s->slots[i].dev || s->slots[i].ino) && (s->slots[i].dev != dev || s->slots[i].ino != ino))
		i = (i + 1) & (s->cap - 1);
	return &s->slots[i];
}

bool
qw_idset_add(qw_idset *s, unsigned long long dev, unsigned long long ino)
{
	if (!dev && !ino)
		return true;
	if (2 * (s->n + 1) > s->cap) {
		qw_idset old = *s;
		s->cap = old.cap ? old.cap * 2 : 64;
		s->slots = qw_xcalloc(s->cap, sizeof(*s->slots));
		for (size_t i = 0; i < old.cap; i++)
			if (old.slots[i].dev || old.slots[i].ino)
				*idset_slot(s, old.slots[i].dev, old.slots[i].ino) = old.slots[i];
		free(old.slots);
	}
	struct qw_fileid *f = idset_slot(s, dev, ino);
	if (f->dev || f->ino)
		return false;
	*f = (struct qw_fileid){dev, ino};
	s->n++;
	return true;
}

void
qw_idset_free(qw_idset *s)
{
	free(s->slots);
	*s = (qw_idset){0};
}

bool
qw_enum_word(const qw_enum *e, size_t i, char *buf, size_t len)
{
	const char *p = e->list;
	for (; i; i--) {
		p = strchr(p, ',');
		if (!p)
			return false;
		p += 2; /* ", " */
	}
	size_t n = strcspn(p, ",");
	snprintf(buf, len, "%.*s", (int)n, p);
	return true;
}

int
qw_enum_parse(const qw_enum *e, const char *word)
{
	if (!word)
		return -1;
	if (e->parse)
		return e->parse(word);
	char w[64];
	for (size_t i = 0; qw_enum_word(e, i, w, sizeof(w)); i++)
		if (!strcmp(w, word))
			return e->values ? e->values[i] : (int)i;
	return -1;
}

void
qw_enum_expected(const qw_enum *e, const char *extra, char *buf, size_t len)
{
	size_t n = 0;
	char w[64];
	while (qw_enum_word(e, n, w, sizeof(w)))
		n++;
	size_t total = n + (extra != NULL), used = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < total && used < len; i++) {
		if (i < n)
			qw_enum_word(e, i, w, sizeof(w));
		const char *sep = !i ? "" : i + 1 == total ? " or " : ", ";
		int k = snprintf(buf + used, len - used, "%s%s", sep, i < n ? w : extra);
		used += k > 0 ? (size_t)k : 0;
	}
}

bool
qw_str_in(char *const *l, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(l[i], s))
			return true;
	return false;
}

int
qw_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
