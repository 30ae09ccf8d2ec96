/* hours.c: weekly hours from attended intervals (see hours.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "hours.h"
#include "xalloc.h"

#define COMPACT_AT	32

struct ival {
	int32_t		day;
	int16_t		start, end;
	uint32_t	svc;
};

struct cweek {
	uint32_t	 client;
	int32_t		 week;
	uint32_t	 n, cap;
	long		 sessions, missed;
	struct ival	*iv;
};

/* An open-addressing table of indexes into an array kept elsewhere. */
struct table {
	uint32_t	*slot;		/* index + 1; 0 is empty */
	size_t		 cap, n;
};

struct names {
	struct table	 t;
	char		**s;
	size_t		 n, cap;
};

struct hours {
	int		 wstart;
	struct names	 clients, services;
	struct table	 weeks;
	struct cweek	*cw;
	size_t		 ncw, capcw;
	struct hours_row *rows;
	long		*svcmin;
};

static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static uint64_t
hash_cw(uint32_t client, int32_t week)
{
	uint64_t h = ((uint64_t)client << 32 | (uint32_t)week) *
	    0x9e3779b97f4a7c15ULL;

	return h ^ (h >> 29);
}

/* Grow t to twice its size; rehash with the caller's hash of index i. */
static void
table_grow(struct table *t, uint64_t (*hash)(void *, uint32_t), void *arg)
{
	size_t cap = t->cap ? t->cap * 2 : 1024, i;
	uint32_t *slot = xcalloc(cap, sizeof *slot);

	for (i = 0; i < t->cap; i++) {
		size_t j;

		if (t->slot[i] == 0)
			continue;
		j = hash(arg, t->slot[i] - 1) & (cap - 1);
		while (slot[j] != 0)
			j = (j + 1) & (cap - 1);
		slot[j] = t->slot[i];
	}
	free(t->slot);
	t->slot = slot;
	t->cap = cap;
}

static uint64_t
rehash_name(void *arg, uint32_t i)
{
	struct names *nm = arg;

	return hash_bytes(nm->s[i], strlen(nm->s[i]));
}

static size_t
intern(struct names *nm, const char *s)
{
	size_t len = strlen(s), j;

	if ((nm->t.n + 1) * 2 > nm->t.cap)
		table_grow(&nm->t, rehash_name, nm);
	j = hash_bytes(s, len) & (nm->t.cap - 1);
	for (; nm->t.slot[j] != 0; j = (j + 1) & (nm->t.cap - 1))
		if (strcmp(nm->s[nm->t.slot[j] - 1], s) == 0)
			return nm->t.slot[j] - 1;
	if (nm->n == UINT32_MAX - 1)
		diag_fatal("too many distinct names");
	if (nm->n == nm->cap) {
		nm->cap = nm->cap ? nm->cap * 2 : 64;
		nm->s = xreallocarray(nm->s, nm->cap, sizeof *nm->s);
	}
	nm->s[nm->n] = xstrndup(s, len);
	nm->t.slot[j] = (uint32_t)++nm->n;
	nm->t.n++;
	return nm->n - 1;
}

static uint64_t
rehash_cw(void *arg, uint32_t i)
{
	struct hours *h = arg;

	return hash_cw(h->cw[i].client, h->cw[i].week);
}

static struct cweek *
find_week(struct hours *h, size_t client, long day)
{
	int32_t week = (int32_t)date_week_start(day, h->wstart);
	struct cweek *c;
	size_t j;

	if ((h->weeks.n + 1) * 2 > h->weeks.cap)
		table_grow(&h->weeks, rehash_cw, h);
	j = hash_cw((uint32_t)client, week) & (h->weeks.cap - 1);
	for (; h->weeks.slot[j] != 0; j = (j + 1) & (h->weeks.cap - 1)) {
		c = &h->cw[h->weeks.slot[j] - 1];
		if (c->client == client && c->week == week)
			return c;
	}
	if (h->ncw == h->capcw) {
		h->capcw = h->capcw ? h->capcw * 2 : 1024;
		h->cw = xreallocarray(h->cw, h->capcw, sizeof *h->cw);
	}
	c = &h->cw[h->ncw];
	memset(c, 0, sizeof *c);
	c->client = (uint32_t)client;
	c->week = week;
	h->weeks.slot[j] = (uint32_t)++h->ncw;
	h->weeks.n++;
	return c;
}

struct hours *
hours_new(int wstart)
{
	struct hours *h = xcalloc(1, sizeof *h);

	h->wstart = wstart;
	return h;
}

static void
names_free(struct names *nm)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		free(nm->s[i]);
	free(nm->s);
	free(nm->t.slot);
}

void
hours_free(struct hours *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->ncw; i++)
		free(h->cw[i].iv);
	free(h->cw);
	free(h->weeks.slot);
	names_free(&h->clients);
	names_free(&h->services);
	free(h->rows);
	free(h->svcmin);
	free(h);
}

size_t
hours_client_id(struct hours *h, const char *s)
{
	return intern(&h->clients, s);
}

size_t
hours_service_id(struct hours *h, const char *s)
{
	return intern(&h->services, s);
}

const char *
hours_client(const struct hours *h, size_t i)
{
	return h->clients.s[i];
}

const char *
hours_service(const struct hours *h, size_t i)
{
	return h->services.s[i];
}

size_t
hours_nservices(const struct hours *h)
{
	return h->services.n;
}

static int
ival_cmp(const void *a, const void *b)
{
	const struct ival *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->svc != y->svc)
		return x->svc < y->svc ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/*
 * Sort and cut the intervals into disjoint pieces, each kept by the
 * session that started first.  Sorted by start, the time an interval
 * shares with those before it is [start, cover), where cover is the
 * furthest end so far that day.
 */
static void
compact(struct cweek *c)
{
	uint32_t i, k = 0;
	int32_t day = INT32_MIN;
	int cover = 0;

	qsort(c->iv, c->n, sizeof *c->iv, ival_cmp);
	for (i = 0; i < c->n; i++) {
		struct ival v = c->iv[i];

		if (v.day != day) {
			day = v.day;
			cover = 0;
		}
		if (v.start < cover)
			v.start = (int16_t)cover;
		if (v.end <= v.start)
			continue;
		cover = v.end;
		/* join a piece that simply continues the last one */
		if (k > 0 && c->iv[k - 1].day == v.day &&
		    c->iv[k - 1].end == v.start && c->iv[k - 1].svc == v.svc)
			c->iv[k - 1].end = v.end;
		else
			c->iv[k++] = v;
	}
	c->n = k;
}

void
hours_attended(struct hours *h, size_t client, long day, int start, int end,
    size_t service)
{
	struct cweek *c = find_week(h, client, day);

	if (c->n == c->cap && c->n >= COMPACT_AT)
		compact(c);
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 4;
		c->iv = xreallocarray(c->iv, c->cap, sizeof *c->iv);
	}
	c->iv[c->n].day = (int32_t)day;
	c->iv[c->n].start = (int16_t)start;
	c->iv[c->n].end = (int16_t)end;
	c->iv[c->n].svc = (uint32_t)service;
	c->n++;
	c->sessions++;
}

void
hours_missed(struct hours *h, size_t client, long day)
{
	find_week(h, client, day)->missed++;
}

void
hours_touch(struct hours *h, size_t client, long day)
{
	(void)find_week(h, client, day);
}

static const struct hours *sort_ctx;

static int
row_cmp(const void *a, const void *b)
{
	const struct hours_row *x = a, *y = b;

	if (x->week != y->week)
		return x->week < y->week ? -1 : 1;
	return strcmp(sort_ctx->clients.s[x->client],
	    sort_ctx->clients.s[y->client]);
}

static void
fill_row(struct hours *h, struct cweek *c, struct hours_row *r)
{
	uint32_t i;
	int32_t lastday = INT32_MIN;

	compact(c);
	r->client = c->client;
	r->week = c->week;
	r->sessions = c->sessions;
	r->missed = c->missed;
	r->minutes = r->days = 0;
	for (i = 0; i < c->n; i++) {
		long m = time_elapsed(c->iv[i].day, c->iv[i].start,
		    c->iv[i].end);

		r->minutes += m;
		r->service[c->iv[i].svc] += m;
		if (c->iv[i].day != lastday)
			r->days++;
		lastday = c->iv[i].day;
	}
}

const struct hours_row *
hours_rows(struct hours *h, size_t *n)
{
	size_t i, ns = h->services.n;

	h->rows = xcalloc(h->ncw, sizeof *h->rows);
	h->svcmin = xcalloc(h->ncw * (ns ? ns : 1), sizeof *h->svcmin);
	for (i = 0; i < h->ncw; i++) {
		h->rows[i].service = h->svcmin + i * ns;
		fill_row(h, &h->cw[i], &h->rows[i]);
	}
	sort_ctx = h;
	qsort(h->rows, h->ncw, sizeof *h->rows, row_cmp);
	*n = h->ncw;
	return h->rows;
}
