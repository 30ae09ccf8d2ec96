/* hours.c: weekly hours from attended intervals (see hours.h). */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "diag.h"
#include "hours.h"
#include "rec.h"
#include "xalloc.h"

#define COMPACT_AT	32

/*
 * A session's time, or what is left of it once merged with others:
 * [start, end) of the session that began at `began`.  Merging keeps
 * `began`, so that sessions added later are still weighed against
 * where each one really started.
 */
struct ival {
	int32_t		day;
	int16_t		start, end, began;
	uint16_t	svc;
};

#define SERVICES_MAX	UINT16_MAX

#define INLINE_IVALS	4	/* most client-weeks need no malloc */

struct cweek {
	uint32_t	 client;
	int32_t		 week;
	uint32_t	 n, cap;	/* cap 0: the inline array */
	uint32_t	 sessions, missed;
	union {
		struct ival	*heap;
		struct ival	 in[INLINE_IVALS];
	} iv;
};

static struct ival *
ivals(struct cweek *c)
{
	return c->cap == 0 ? c->iv.in : c->iv.heap;
}

/* An open-addressing table of indexes into an array kept elsewhere. */
struct table {
	uint32_t	*slot;		/* index + 1; 0 is empty */
	size_t		 cap, n;
};

/*
 * Interned names.  A slot keeps part of the name's hash, so a probe
 * looks at the name itself (a cache miss, with 50,000 clients) only
 * when it is almost certainly the one.
 */
struct nslot {
	uint32_t	idx;		/* index + 1; 0 is empty */
	uint32_t	tag;		/* high half of the hash */
};

struct names {
	struct nslot	*slot;
	size_t		 nslots;
	char		**s;
	size_t		*len;
	size_t		 n, cap;
	struct arena	 ar;
};

struct hours {
	int		 wstart;
	struct names	 clients, services;
	struct table	 weeks;
	struct cweek	*cw;
	size_t		 ncw, capcw;
	/* each client's last week + 1: logs come roughly in order */
	uint32_t	*last;
	size_t		 nlast;
	/*
	 * The client-weeks of tables merged in (hours_merge()), their
	 * clients and services already h's.  A client-week may be in more
	 * than one array: hours_prepare() joins them.
	 */
	struct cwpart {
		struct cweek	*cw;
		size_t		 n;
	}		*parts;
	size_t		 nparts;
	struct hours_row *rows;
	long		*svcmin;
	struct cweek	**order;	/* hours_prepare(): the rows in order */
	size_t		 nrows;
};

/* The client-weeks of array p: 0 is h's own, then the parts merged in. */
static struct cweek *
part(const struct hours *h, size_t p, size_t *n)
{
	*n = p == 0 ? h->ncw : h->parts[p - 1].n;
	return p == 0 ? h->cw : h->parts[p - 1].cw;
}

/* Client ids are short: hash them eight bytes at a time. */
static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = n * 0x9e3779b97f4a7c15ULL, w;
	size_t i;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	for (w = 0, i = 0; i < n; i++)
		w |= (uint64_t)(unsigned char)s[i] << (8 * i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 29);
}

static uint64_t
hash_cw(uint32_t client, int32_t week)
{
	uint64_t h = ((uint64_t)client << 32 | (uint32_t)week) *
	    0x9e3779b97f4a7c15ULL;

	return h ^ (h >> 29);
}

/*
 * Grow the weeks table to twice its size.  Every client-week is in it,
 * so it is rebuilt from h->cw in order, which reads memory in order,
 * rather than from the old slots, which would read h->cw at random.
 */
static void
weeks_grow(struct hours *h)
{
	struct table *t = &h->weeks;
	size_t cap = t->cap ? t->cap * 2 : 1024, i, j;
	uint32_t *slot = xzalloc(cap, sizeof *slot);

	for (i = 0; i < h->ncw; i++) {
		j = hash_cw(h->cw[i].client, h->cw[i].week) & (cap - 1);
		while (slot[j] != 0)
			j = (j + 1) & (cap - 1);
		slot[j] = (uint32_t)i + 1;
	}
	free(t->slot);
	t->slot = slot;
	t->cap = cap;
}

static void
names_grow(struct names *nm)
{
	size_t cap = nm->nslots ? nm->nslots * 2 : 1024, i, j;
	struct nslot *slot = xzalloc(cap, sizeof *slot);

	for (i = 0; i < nm->nslots; i++) {
		uint32_t k = nm->slot[i].idx;

		if (k == 0)
			continue;
		j = hash_bytes(nm->s[k - 1], nm->len[k - 1]) & (cap - 1);
		while (slot[j].idx != 0)
			j = (j + 1) & (cap - 1);
		slot[j] = nm->slot[i];
	}
	free(nm->slot);
	nm->slot = slot;
	nm->nslots = cap;
}

/* Intern s, whose hash_bytes() is h; room for one more must be there. */
static size_t
intern_hashed(struct names *nm, const char *s, size_t len, uint64_t h)
{
	uint32_t tag = (uint32_t)(h >> 32), k;
	size_t j;

	for (j = h & (nm->nslots - 1); (k = nm->slot[j].idx) != 0;
	    j = (j + 1) & (nm->nslots - 1))
		if (nm->slot[j].tag == tag && nm->len[k - 1] == len &&
		    same_short(nm->s[k - 1], s, len))
			return k - 1;
	if (nm->n == UINT32_MAX - 1)
		diag_fatal("too many distinct names");
	if (nm->n == nm->cap) {
		nm->cap = nm->cap ? nm->cap * 2 : 64;
		nm->s = xreallocarray(nm->s, nm->cap, sizeof *nm->s);
		nm->len = xreallocarray(nm->len, nm->cap, sizeof *nm->len);
	}
	/* the arena keeps the names together: fewer cache misses */
	nm->s[nm->n] = (char *)arena_add(&nm->ar, s, len);
	nm->len[nm->n] = len;
	nm->slot[j].idx = (uint32_t)++nm->n;
	nm->slot[j].tag = tag;
	return nm->n - 1;
}

static size_t
intern(struct names *nm, const char *s, size_t len)
{
	if ((nm->n + 1) * 2 > nm->nslots)
		names_grow(nm);
	return intern_hashed(nm, s, len, hash_bytes(s, len));
}

static struct cweek *
find_week(struct hours *h, size_t client, long day)
{
	int32_t week = (int32_t)(h->wstart == HOURS_DAILY ? day :
	    date_week_start(day, h->wstart));
	struct cweek *c;
	size_t j;

	if (client < h->nlast && h->last[client] != 0) {
		c = &h->cw[h->last[client] - 1];
		if (c->week == week)
			return c;
	}
	h->last = xgrowzero(h->last, &h->nlast, client, sizeof *h->last, 1024);
	if ((h->weeks.n + 1) * 2 > h->weeks.cap)
		weeks_grow(h);
	j = hash_cw((uint32_t)client, week) & (h->weeks.cap - 1);
	for (; h->weeks.slot[j] != 0; j = (j + 1) & (h->weeks.cap - 1)) {
		c = &h->cw[h->weeks.slot[j] - 1];
		if (c->client == client && c->week == week) {
			h->last[client] = h->weeks.slot[j];
			return c;
		}
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
	h->last[client] = (uint32_t)h->ncw;
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
	arena_free(&nm->ar);
	free(nm->s);
	free(nm->len);
	free(nm->slot);
}

void
hours_free(struct hours *h)
{
	struct cweek *cw;
	size_t i, p, n;

	if (h == NULL)
		return;
	for (p = 0; p <= h->nparts; p++) {
		cw = part(h, p, &n);
		for (i = 0; i < n; i++)
			if (cw[i].cap != 0)
				free(cw[i].iv.heap);
		free(cw);
	}
	free(h->parts);
	free(h->weeks.slot);
	names_free(&h->clients);
	names_free(&h->services);
	free(h->rows);
	free(h->svcmin);
	free(h->order);
	free(h->last);
	free(h);
}

size_t
hours_client_id(struct hours *h, const char *s, size_t len)
{
	return intern(&h->clients, s, len);
}

size_t
hours_service_id(struct hours *h, const char *s, size_t len)
{
	size_t i = intern(&h->services, s, len);

	if (i >= SERVICES_MAX)
		diag_fatal("more than %d different services", SERVICES_MAX);
	return i;
}

const char *
hours_client(const struct hours *h, size_t i)
{
	return h->clients.s[i];
}

size_t
hours_client_len(const struct hours *h, size_t i)
{
	return h->clients.len[i];
}

const char *
hours_service(const struct hours *h, size_t i)
{
	return h->services.s[i];
}

size_t
hours_nclients(const struct hours *h)
{
	return h->clients.n;
}

size_t
hours_nservices(const struct hours *h)
{
	return h->services.n;
}

/* The services of the table being sorted: qsort() passes no argument. */
static _Thread_local const struct names *sort_services;

/*
 * By day, start, service name, end: the service by name, not by index,
 * so that the result does not depend on the order of the records (nor
 * on which of two tables later merged saw a service first).
 */
static int
ival_cmp(const void *a, const void *b)
{
	const struct ival *x = a, *y = b;
	int d;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->began != y->began)
		return x->began < y->began ? -1 : 1;
	if (x->svc != y->svc && (d = strcmp(sort_services->s[x->svc],
	    sort_services->s[y->svc])) != 0)
		return d;
	return (x->end > y->end) - (x->end < y->end);
}

/*
 * Sort and cut the intervals into disjoint pieces, each kept by the
 * session that started first.  Sorted by start, the time an interval
 * shares with those before it is [start, cover), where cover is the
 * furthest end so far that day.
 */
static void
sort_ivals(const struct hours *h, struct ival *iv, uint32_t n)
{
	uint32_t i, j;

	sort_services = &h->services;
	if (n > 16) {
		qsort(iv, n, sizeof *iv, ival_cmp);
		return;
	}
	for (i = 1; i < n; i++) {	/* a week holds a few sessions */
		struct ival v = iv[i];

		for (j = i; j > 0 && ival_cmp(&iv[j - 1], &v) > 0; j--)
			iv[j] = iv[j - 1];
		iv[j] = v;
	}
}

static void
compact(const struct hours *h, struct cweek *c)
{
	struct ival *iv = ivals(c);
	uint32_t i, k = 0;
	int32_t day = INT32_MIN;
	int cover = 0;

	sort_ivals(h, iv, c->n);
	for (i = 0; i < c->n; i++) {
		struct ival v = iv[i];

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
		if (k > 0 && iv[k - 1].day == v.day &&
		    iv[k - 1].end == v.start && iv[k - 1].svc == v.svc &&
		    iv[k - 1].began == v.began)
			iv[k - 1].end = v.end;
		else
			iv[k++] = v;
	}
	c->n = k;
}

/* Room for one more interval in c, merging or growing as needed. */
static struct ival *
new_ival(const struct hours *h, struct cweek *c)
{
	uint32_t cap = c->cap ? c->cap : INLINE_IVALS;

	if (c->n == cap && c->n >= COMPACT_AT)
		compact(h, c);
	if (c->n == cap) {
		struct ival *heap = xreallocarray(c->cap ? c->iv.heap : NULL,
		    cap * 2, sizeof *heap);

		if (c->cap == 0)
			memcpy(heap, c->iv.in, sizeof c->iv.in);
		c->iv.heap = heap;
		c->cap = cap * 2;
	}
	return ivals(c) + c->n++;
}

void
hours_attended(struct hours *h, size_t client, long day, int start, int end,
    size_t service)
{
	struct cweek *c = find_week(h, client, day);
	struct ival *iv = new_ival(h, c);

	iv->day = (int32_t)day;
	iv->start = iv->began = (int16_t)start;
	iv->end = (int16_t)end;
	iv->svc = (uint16_t)service;
	c->sessions++;
}

/* Index map of from's names in to's, interning the new ones in order. */
static size_t *
map_names(struct names *to, const struct names *from)
{
	size_t *map = xcalloc(from->n ? from->n : 1, sizeof *map), i;

	for (i = 0; i < from->n; i++)
		map[i] = intern(to, from->s[i], from->len[i]);
	return map;
}

/* Add client-week f's intervals and counts to c; f gives them up. */
static void
join_week(const struct hours *h, struct cweek *c, struct cweek *f)
{
	struct ival *src;
	uint32_t k;

	if (c->n == 0 && c->cap == 0) {	/* nothing yet: take f's array */
		c->n = f->n;
		c->cap = f->cap;
		c->iv = f->iv;
	} else {
		src = ivals(f);
		for (k = 0; k < f->n; k++)
			*new_ival(h, c) = src[k];
		if (f->cap != 0)
			free(f->iv.heap);
	}
	f->n = f->cap = 0;
	c->sessions += f->sessions;
	c->missed += f->missed;
	f->sessions = f->missed = 0;
}

/* Give from's client-weeks h's indexes of their clients and services. */
static void
renumber(struct cweek *cw, size_t n, const size_t *cmap, const size_t *smap)
{
	struct ival *iv;
	size_t i;
	uint32_t k;

	for (i = 0; i < n; i++) {
		if (i + 8 < n && cw[i + 8].cap != 0)
			__builtin_prefetch(cw[i + 8].iv.heap, 1);
		cw[i].client = (uint32_t)cmap[cw[i].client];
		iv = ivals(&cw[i]);
		for (k = 0; k < cw[i].n; k++)
			iv[k].svc = (uint16_t)smap[iv[k].svc];
	}
}

/*
 * The client-weeks are not looked up in h now, one cache miss each:
 * they are kept as they are, renumbered, and hours_prepare() finds the
 * few that h has too when it sorts them all.
 */
void
hours_merge(struct hours *h, struct hours *from)
{
	size_t *cmap = map_names(&h->clients, &from->clients);
	size_t *smap = map_names(&h->services, &from->services);
	size_t p, n;
	struct cweek *cw;

	if (h->services.n > SERVICES_MAX)
		diag_fatal("more than %d different services", SERVICES_MAX);
	h->parts = xreallocarray(h->parts, h->nparts + from->nparts + 1,
	    sizeof *h->parts);
	for (p = 0; p <= from->nparts; p++) {
		cw = part(from, p, &n);
		renumber(cw, n, cmap, smap);
		h->parts[h->nparts].cw = cw;
		h->parts[h->nparts++].n = n;
	}
	from->cw = NULL;
	from->ncw = from->nparts = 0;
	hours_free(from);
	free(cmap);
	free(smap);
}

/*
 * A batch, in stages, so that the cache misses of its records overlap
 * rather than follow one another: with tens of thousands of clients
 * and millions of client-weeks, each record's name slot and week entry
 * are in main memory, and waiting for them one at a time is most of
 * the cost of a large report.
 */
void
hours_add(struct hours *h, const struct hours_item *it, size_t n)
{
	struct names *nm = &h->clients;
	uint64_t hash[HOURS_BATCH];
	size_t client[HOURS_BATCH], i;

	if (n > HOURS_BATCH)
		diag_fatal("hours_add: batch too large");
	while ((nm->n + n) * 2 > nm->nslots)
		names_grow(nm);
	for (i = 0; i < n; i++) {
		hash[i] = hash_bytes(it[i].client, it[i].len);
		__builtin_prefetch(&nm->slot[hash[i] & (nm->nslots - 1)]);
	}
	for (i = 0; i < n; i++) {
		client[i] = intern_hashed(nm, it[i].client, it[i].len, hash[i]);
		if (client[i] < h->nlast)
			__builtin_prefetch(&h->last[client[i]]);
	}
	for (i = 0; i < n; i++) {
		int32_t week = (int32_t)(h->wstart == HOURS_DAILY ?
		    it[i].day : date_week_start(it[i].day, h->wstart));

		if (client[i] < h->nlast && h->last[client[i]] != 0) {
			const char *c = (const char *)&h->cw[h->last[client[i]] -
			    1];

			__builtin_prefetch(c, 1);
			__builtin_prefetch(c + sizeof(struct cweek) - 1, 1);
		}
		if (h->weeks.cap > 0)	/* in case the client's week is new */
			__builtin_prefetch(&h->weeks.slot[hash_cw(
			    (uint32_t)client[i], week) & (h->weeks.cap - 1)]);
	}
	for (i = 0; i < n; i++) {
		if (it[i].missed)
			hours_missed(h, client[i], it[i].day);
		else
			hours_attended(h, client[i], it[i].day, it[i].start,
			    it[i].end, it[i].service);
	}
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

static char **sort_names;

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(sort_names[*(const uint32_t *)a],
	    sort_names[*(const uint32_t *)b]);
}

/* A client-week, and its place in the order: client id rank, week. */
struct okey {
	struct cweek	*c;
	uint32_t	 rank, wk;
};

/* Each client's rank when the ids are sorted bytewise. */
static uint32_t *
client_ranks(const struct hours *h)
{
	size_t nc = h->clients.n, i;
	uint32_t *byname = xcalloc(nc ? nc : 1, sizeof *byname);
	uint32_t *rank = xcalloc(nc ? nc : 1, sizeof *rank);

	for (i = 0; i < nc; i++)
		byname[i] = (uint32_t)i;
	sort_names = h->clients.s;
	qsort(byname, nc, sizeof *byname, name_cmp);
	for (i = 0; i < nc; i++)
		rank[byname[i]] = (uint32_t)i;
	free(byname);
	return rank;
}

/*
 * Order the client-weeks of every array by week, then client id, in
 * linear time: a counting sort by the rank of the client's id, then a
 * stable one by week.  Each pass reads its input in order (the keys
 * travel with the client-week), so only the scatter writes are at
 * random.  Sorted, a client-week in more than one array is next to its
 * twin, and is joined into the first.  Sets h->order and h->nrows.
 */
static void
row_order(struct hours *h)
{
	size_t nc = h->clients.n, total = 0, i, k, p, n, nw;
	uint32_t *rank = client_ranks(h);
	struct okey *tmp, *out;
	struct cweek *cw;
	size_t *count;
	long lo = LONG_MAX, hi = LONG_MIN;
	long step = h->wstart == HOURS_DAILY ? 1 : 7;	/* days a row spans */

	for (p = 0; p <= h->nparts; p++) {
		cw = part(h, p, &n);
		total += n;
		for (i = 0; i < n; i++) {
			lo = cw[i].week < lo ? cw[i].week : lo;
			hi = cw[i].week > hi ? cw[i].week : hi;
		}
	}
	nw = total ? (size_t)((hi - lo) / step) + 1 : 0;
	tmp = xcalloc(total ? total : 1, sizeof *tmp);
	out = xcalloc(total ? total : 1, sizeof *out);
	count = xzalloc(nc + 1, sizeof *count);
	for (p = 0; p <= h->nparts; p++) {
		cw = part(h, p, &n);
		for (i = 0; i < n; i++)
			count[rank[cw[i].client] + 1]++;
	}
	for (i = 1; i <= nc; i++)
		count[i] += count[i - 1];
	for (p = 0; p <= h->nparts; p++) {
		cw = part(h, p, &n);
		for (i = 0; i < n; i++) {
			struct okey *o = &tmp[count[rank[cw[i].client]]++];

			o->c = &cw[i];
			o->rank = rank[cw[i].client];
			o->wk = (uint32_t)((cw[i].week - lo) / step);
		}
	}
	free(count);
	count = xzalloc(nw + 1, sizeof *count);
	for (i = 0; i < total; i++)
		count[tmp[i].wk + 1]++;
	for (i = 1; i <= nw; i++)
		count[i] += count[i - 1];
	for (i = 0; i < total; i++)
		out[count[tmp[i].wk]++] = tmp[i];
	free(count);
	free(tmp);
	free(rank);
	h->order = xcalloc(total ? total : 1, sizeof *h->order);
	for (k = i = 0; i < total; i++)
		if (k > 0 && out[i].rank == out[i - 1].rank &&
		    out[i].wk == out[i - 1].wk)
			join_week(h, h->order[k - 1], out[i].c);
		else
			h->order[k++] = out[i].c;
	h->nrows = k;
	free(out);
}

static void
fill_row(struct hours *h, struct cweek *c, struct hours_row *r)
{
	uint32_t i;
	int32_t lastday = INT32_MIN;
	struct ival *iv;

	compact(h, c);
	iv = ivals(c);
	r->client = c->client;
	r->week = c->week;
	r->sessions = c->sessions;
	r->missed = c->missed;
	r->minutes = r->days = 0;
	for (i = 0; i < c->n; i++) {
		long m = time_elapsed(iv[i].day, iv[i].start, iv[i].end);

		r->minutes += m;
		r->service[iv[i].svc] += m;
		if (iv[i].day != lastday)
			r->days++;
		lastday = iv[i].day;
	}
}

size_t
hours_prepare(struct hours *h)
{
	if (h->order == NULL)
		row_order(h);
	return h->nrows;
}

void
hours_row_at(struct hours *h, size_t i, struct hours_row *row)
{
	size_t ns = h->services.n;

	/* the weeks come in client order: fetch ahead what the rows need */
	if (i + 16 < h->nrows) {	/* a client-week spans two lines */
		__builtin_prefetch(h->order[i + 16]);
		__builtin_prefetch((const char *)h->order[i + 16] +
		    sizeof(struct cweek) - 1);
	}
	if (i + 8 < h->nrows) {
		const struct cweek *c = h->order[i + 8];

		__builtin_prefetch(h->clients.s[c->client]);
		__builtin_prefetch(&h->clients.len[c->client]);
		if (c->cap != 0)
			__builtin_prefetch(c->iv.heap);
	}
	memset(row->service, 0, (ns ? ns : 1) * sizeof *row->service);
	fill_row(h, h->order[i], row);
}


const struct hours_row *
hours_rows(struct hours *h, size_t *n)
{
	size_t i, ns = h->services.n;

	*n = hours_prepare(h);
	h->rows = xcalloc(*n ? *n : 1, sizeof *h->rows);
	h->svcmin = xcalloc(*n * (ns ? ns : 1) + 1, sizeof *h->svcmin);
	for (i = 0; i < *n; i++) {
		if (i + 8 < *n)	/* the weeks come in client order */
			__builtin_prefetch(h->order[i + 8]);
		h->rows[i].service = h->svcmin + i * ns;
		fill_row(h, h->order[i], &h->rows[i]);
	}
	return h->rows;
}
