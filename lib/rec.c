/* rec.c: records, headers and column maps (see rec.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "rec.h"
#include "xalloc.h"

struct hdr *
hdr_new(char **keys, size_t n)
{
	static _Atomic unsigned long gen;	/* readers in several threads */
	struct hdr *h = xmalloc(sizeof *h);

	h->keys = keys;
	h->n = n;
	h->gen = ++gen;
	return h;
}

void
hdr_free(struct hdr *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->n; i++)
		free(h->keys[i]);
	free(h->keys);
	free(h);
}

long
hdr_index(const struct hdr *h, const char *key)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->keys[i], key) == 0)
			return (long)i;
	return -1;
}

const char *
hdr_duplicate(const struct hdr *h)
{
	size_t i, j;

	/* Headers are short; quadratic is fine and allocation-free. */
	for (i = 1; i < h->n; i++)
		for (j = 0; j < i; j++)
			if (strcmp(h->keys[i], h->keys[j]) == 0)
				return h->keys[i];
	return NULL;
}

void
name_fold(const char *s, char *dst, size_t size)
{
	size_t n = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '-' || *s == '_' || *s == '\t')
			continue;
		if (n + 1 == size) {
			n = 0;
			break;
		}
		dst[n++] = *s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s;
	}
	dst[n] = '\0';
}

long
hdr_index_folded(const struct hdr *h, const char *name)
{
	char want[64], got[64];
	size_t i;

	name_fold(name, want, sizeof want);
	for (i = 0; *want != '\0' && i < h->n; i++) {
		name_fold(h->keys[i], got, sizeof got);
		if (strcmp(got, want) == 0)
			return (long)i;
	}
	return -1;
}

const char *
hdr_missing(const struct hdr *h, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (hdr_index(h, names[i]) < 0)
			return names[i];
	return NULL;
}

void
rec_clear(struct rec *r)
{
	r->n = 0;
	r->hdr = NULL;
	arena_reset(&r->ar);
}

void
rec_free(struct rec *r)
{
	free(r->f);
	arena_free(&r->ar);
	r->f = NULL;
	r->n = r->cap = 0;
}

long
rec_index(const struct rec *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->f[i].key, key) == 0)
			return (long)i;
	return -1;
}

const char *
rec_get(const struct rec *r, const char *key)
{
	long i = rec_index(r, key);

	return i < 0 ? NULL : r->f[i].val;
}

void
rec_add(struct rec *r, const char *key, const char *val, size_t n, int type)
{
	rec_add_lent(r, key, arena_add(&r->ar, val, n), n, type);
}

void
rec_add_lent(struct rec *r, const char *key, const char *val, size_t n,
    int type)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->f = xreallocarray(r->f, r->cap, sizeof *r->f);
	}
	r->f[r->n].key = key;
	r->f[r->n].val = val;
	r->f[r->n].len = n;
	r->f[r->n].type = type;
	r->n++;
	r->hdr = NULL;
}

void
rec_adds(struct rec *r, const char *key, const char *val, int type)
{
	rec_add(r, key, val, strlen(val), type);
}

void
rec_add_count(struct rec *r, const char *key, long n)
{
	char s[32];

	rec_add(r, key, s, num_fmt_long(n, s), REC_NUM);
}

void
rec_set(struct rec *r, const char *key, const char *val, int type)
{
	long i = rec_index(r, key);
	size_t len = strlen(val);

	if (i < 0) {
		rec_add(r, key, val, len, type);
		return;
	}
	r->f[i].val = arena_add(&r->ar, val, len);
	r->f[i].len = len;
	r->f[i].type = type;
	r->hdr = NULL;
}

void
rec_setf(struct rec *r, const char *key, int type, const char *fmt, ...)
{
	char small[128], *s = small;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0)
		diag_fatal("cannot format a field");
	if ((size_t)n >= sizeof small) {
		s = xmalloc((size_t)n + 1);
		va_start(ap, fmt);
		vsnprintf(s, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	rec_set(r, key, s, type);
	if (s != small)
		free(s);
}

void
colmap_init(struct colmap *m, const char *const *names, size_t n)
{
	m->names = names;
	m->n = n;
	m->idx = xcalloc(n, sizeof *m->idx);
	m->gen = 0;
}

void
colmap_bind(struct colmap *m, const struct rec *r)
{
	size_t i;

	if (r->hdr != NULL && r->hdr->gen == m->gen)
		return;
	for (i = 0; i < m->n; i++)
		m->idx[i] = rec_index(r, m->names[i]);
	m->gen = r->hdr != NULL ? r->hdr->gen : 0;
}

void
colmap_free(struct colmap *m)
{
	free(m->idx);
	m->idx = NULL;
}

