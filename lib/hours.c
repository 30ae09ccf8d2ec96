/* hours.c: weekly hours from attended intervals (see hours.h). */
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "attlog_read.h"
#include "buf.h"
#include "compat.h"
#include "date.h"
#include "diag.h"
#include "hours.h"
#include "keyset.h"
#include "names.h"
#include "xalloc.h"

/*
 * A piece of a client-week's attended time: the minutes [start, end) of
 * one day, owned by the session that began at minute `began` of that
 * day, of service svc.  `at` is the day of the week times 2048 plus
 * start (and an end can be written the same way), so that pieces sort by
 * day and time as plain numbers.
 *
 * A client-week's pieces are disjoint, sorted, and canonical: each
 * minute is owned by the session that began first of those that cover
 * it (on a tie, the service whose name sorts first), and the minutes a
 * session owns on a day are one run, kept as one piece.  So the pieces,
 * and the report made from them, depend only on the set of records, not
 * on their order.
 */
struct piece {
	uint16_t	at;
	uint16_t	end;		/* minute, 1 to 1440 */
	uint16_t	began;
	uint16_t	svc;
};

#define DAY_SHIFT	11
#define MINUTES_MASK	((1 << DAY_SHIFT) - 1)
#define END_AT(p)	((uint16_t)(((p)->at & ~MINUTES_MASK) | (p)->end))

/*
 * A piece as kept: six bytes, the service's ten bits in the high five
 * bits of end and of began, which minutes leave free.
 */
struct kept {
	uint16_t	at, end, began;
};

#define SVC_SHIFT	11

static struct piece
unpack(const struct kept *k)
{
	struct piece p;

	p.at = k->at;
	p.end = k->end & MINUTES_MASK;
	p.began = k->began & MINUTES_MASK;
	p.svc = (uint16_t)((k->end >> SVC_SHIFT) << 5 | k->began >> SVC_SHIFT);
	return p;
}

static struct kept
pack(const struct piece *p)
{
	struct kept k;

	k.at = p->at;
	k.end = (uint16_t)(p->end | (p->svc >> 5) << SVC_SHIFT);
	k.began = (uint16_t)(p->began | (p->svc & 31) << SVC_SHIFT);
	return k;
}

static uint16_t
kept_end_at(const struct kept *k)
{
	return (uint16_t)((k->at & ~MINUTES_MASK) | (k->end & MINUTES_MASK));
}

#define INLINE_PIECES	5	/* most client-weeks need no malloc */

/* A client-week: 48 bytes.  Week and day come from its struct week. */
struct cweek {
	uint32_t	 client;
	uint32_t	 sessions, missed;
	uint16_t	 n, cap;	/* pieces; cap 0: the inline array */
	union {
		struct kept	 in[INLINE_PIECES];
		struct kept	*heap;
	} p;
};

/*
 * Client-weeks live in blocks that never move; a client-week is known
 * by its index, block << BLOCK_SHIFT | place.  A block is 3 MiB: the
 * pages of its unused end are never touched, so cost no memory.
 */
#define BLOCK_SHIFT	16
#define BLOCK_RECS	(1U << BLOCK_SHIFT)
#define BLOCKS_MAX	((UINT32_MAX >> BLOCK_SHIFT) - 1)

/*
 * One week's client-weeks.  While records come, slot[] is an open-
 * addressing table of cap slots by client (index + 1, 0 empty);
 * hours_prepare() replaces it by the n client-weeks in order of client
 * id (cap 0).
 */
struct week {
	int32_t		 day;		/* its first day */
	uint32_t	 n, cap;
	uint32_t	*slot;
};

/*
 * What a stream knows of a client: the first and last weeks of the
 * client-weeks it has made or found, and the last one + 1 (0: none).
 * Every client-week of the client is in the weeks of some stream, so a
 * week outside them all has none yet.
 */
struct last {
	int32_t		 lo, hi;
	uint32_t	 rec;
};

/* What one stream of records fills and remembers. */
struct stream {
	size_t		 own;		/* the block it fills, + 1 */
	uint32_t	 fill;		/* client-weeks in it */
	size_t		 curwk;		/* the week it used last, + 1 */
	long		 lastday, lastweek;	/* logs come day by day */
	struct last	*last;		/* by client */
	size_t		 nlast;
};

struct hours {
	int		 wstart;
	struct names	 clients, services;
	struct cweek	**blk;
	size_t		 nblk, capblk;
	struct week	*wk;
	size_t		 nwk, capwk;
	uint32_t	*wslot;		/* week index + 1 by day; 0 empty */
	size_t		 wcap;
	struct stream	 st[HOURS_STREAMS];
	/* hours_expect() */
	size_t		*exp;
	size_t		 nexp;
	long		 elo, ehi;	/* first and last day of the weeks */
	int		(*enrolled)(void *, size_t, long, long);
	void		*earg;
	/* hours_prepare() */
	int		 prepared;
	uint32_t	*rank;		/* each client's place by id */
	size_t		 nrows;
	struct hours_cursor *cp;	/* at rows 0, HOURS_STEP, ... */
	size_t		 ncp;
	struct hours_row *rows;
	long		*svcmin;
};

static struct cweek *
rec(const struct hours *h, uint32_t i)
{
	return &h->blk[i >> BLOCK_SHIFT][i & (BLOCK_RECS - 1)];
}

static struct kept *
pieces(struct cweek *c)
{
	return c->cap == 0 ? c->p.in : c->p.heap;
}

static long
span(const struct hours *h)
{
	return h->wstart == HOURS_DAILY ? 1 : 7;	/* days a row covers */
}

static uint64_t
hash_num(uint64_t x)
{
	x = (x + 1) * 0x9e3779b97f4a7c15ULL;
	return x ^ (x >> 29);
}

/* --- pieces --- */

/*
 * Does a's session come before b's (began earlier, or the same minute
 * and its service sorts first)?  A tie is the same session.
 */
static int
before(const struct hours *h, const struct piece *a, const struct piece *b)
{
	if (a->began != b->began)
		return a->began < b->began;
	return a->svc != b->svc && strcmp(h->services.s[a->svc],
	    h->services.s[b->svc]) < 0;
}

static int
same_session(const struct piece *a, const struct piece *b)
{
	return a->began == b->began && a->svc == b->svc;
}

/* Room for n pieces in c: its array, which may have moved. */
static struct kept *
reserve(struct cweek *c, uint32_t n)
{
	uint32_t cap = c->cap ? c->cap : INLINE_PIECES, ncap;
	struct kept *heap;

	if (n <= cap)
		return pieces(c);
	for (ncap = 16; ncap < n; ncap *= 2)
		;
	heap = xreallocarray(c->cap ? c->p.heap : NULL, ncap, sizeof *heap);
	if (c->cap == 0)
		memcpy(heap, c->p.in, c->n * sizeof *heap);
	c->p.heap = heap;
	c->cap = (uint16_t)ncap;
	return heap;
}

/* Append [s, e) (as `at` values of one day) of owner's session to out. */
static uint32_t
emit(struct piece *out, uint32_t k, const struct piece *owner, uint16_t s,
    uint16_t e)
{
	if (s >= e)
		return k;
	if (k > 0 && END_AT(&out[k - 1]) == s && same_session(&out[k - 1],
	    owner)) {
		out[k - 1].end = e & MINUTES_MASK;
		return k;
	}
	out[k].at = s;
	out[k].end = e & MINUTES_MASK;
	out[k].began = owner->began;
	out[k].svc = owner->svc;
	return k + 1;
}

/*
 * The pieces that q[0..m-1], which overlap v, and v become: each
 * minute to the session that began first.  At most 2m + 1 of them.
 */
static uint32_t
resolve(const struct hours *h, const struct piece *q, uint32_t m,
    const struct piece *v, struct piece *out)
{
	uint16_t cur = v->at, vend = END_AT(v), qend, e;
	uint32_t i, k = 0;

	for (i = 0; i < m; i++) {
		qend = END_AT(&q[i]);
		if (q[i].at < cur)		/* q starts before v: the first */
			k = emit(out, k, &q[i], q[i].at, cur);
		else
			k = emit(out, k, v, cur, q[i].at);
		e = qend < vend ? qend : vend;
		k = emit(out, k, before(h, v, &q[i]) ? v : &q[i],
		    q[i].at > cur ? q[i].at : cur, e);
		if (qend > vend)		/* q ends after v: the last */
			k = emit(out, k, &q[i], vend, qend);
		cur = e;
	}
	return emit(out, k, v, cur, vend);
}

/*
 * Replace c's pieces [lo, hi) by out[0..k-1], joining a neighbour of
 * the same session.
 */
static void
splice(struct cweek *c, uint32_t lo, uint32_t hi, struct piece *out,
    uint32_t k)
{
	struct kept *p = pieces(c);
	struct piece x;
	uint32_t n = c->n, i;

	if (hi < n && END_AT(&out[k - 1]) == p[hi].at &&
	    same_session(&out[k - 1], (x = unpack(&p[hi]), &x))) {
		out[k - 1].end = x.end;
		hi++;
	}
	if (lo > 0 && kept_end_at(&p[lo - 1]) == out[0].at &&
	    same_session((x = unpack(&p[lo - 1]), &x), &out[0])) {
		x.end = out[0].end;
		p[lo - 1] = pack(&x);
		out++;
		k--;
	}
	p = reserve(c, n - (hi - lo) + k);
	memmove(p + lo + k, p + hi, (n - hi) * sizeof *p);
	for (i = 0; i < k; i++)
		p[lo + i] = pack(&out[i]);
	c->n = (uint16_t)(n - (hi - lo) + k);
}

/* Fold v into c's pieces, where it overlaps or comes before the last. */
static COMPAT_NOINLINE void
fold_piece(const struct hours *h, struct cweek *c, const struct piece *v)
{
	/* pieces of one day overlap v: at most 1,440 of them */
	struct piece q[24 * 60], out[2 * 24 * 60 + 1];
	struct kept *p = pieces(c);
	uint32_t n = c->n, lo, hi, mid;
	uint16_t vend = END_AT(v);

	/* the first piece that ends after v starts; the first after v */
	for (lo = 0, hi = n - 1; lo < hi; ) {
		mid = lo + (hi - lo) / 2;
		if (kept_end_at(&p[mid]) > v->at)
			hi = mid;
		else
			lo = mid + 1;
	}
	for (hi = lo; hi < n && p[hi].at < vend; hi++)
		q[hi - lo] = unpack(&p[hi]);
	splice(c, lo, hi, out, resolve(h, q, hi - lo, v, out));
}

/* Fold piece v into c's pieces. */
static void
add_piece(const struct hours *h, struct cweek *c, const struct piece *v)
{
	struct kept *p = pieces(c);
	struct piece last;
	uint32_t n = c->n;

	/* most often the latest yet: logs come in order */
	if (n > 0 && kept_end_at(&p[n - 1]) > v->at)
		fold_piece(h, c, v);
	else if (n > 0 && kept_end_at(&p[n - 1]) == v->at &&
	    (last = unpack(&p[n - 1]), same_session(&last, v))) {
		last.end = v->end;
		p[n - 1] = pack(&last);
	} else {
		if (n >= (c->cap ? c->cap : INLINE_PIECES))
			p = reserve(c, n + 1);
		p[c->n++] = pack(v);
	}
}

/* --- weeks and client-weeks --- */

/* Each stream fills blocks of its own: no line written by both. */
static uint32_t
new_cweek(struct hours *h, struct stream *st, size_t client)
{
	struct cweek *c;

	if (st->own == 0 || st->fill == BLOCK_RECS) {
		if (h->nblk == BLOCKS_MAX)
			diag_fatal("too many client-weeks");
		if (h->nblk == h->capblk) {
			h->capblk = h->capblk ? h->capblk * 2 : 64;
			h->blk = xreallocarray(h->blk, h->capblk, sizeof *h->blk);
		}
		h->blk[h->nblk] = xmalloc(BLOCK_RECS * sizeof **h->blk);
		st->own = ++h->nblk;
		st->fill = 0;
	}
	c = &h->blk[st->own - 1][st->fill];
	memset(c, 0, sizeof *c);
	c->client = (uint32_t)client;
	return (uint32_t)((st->own - 1) << BLOCK_SHIFT | st->fill++);
}

/* Client-weeks in block b. */
static uint32_t
block_fill(const struct hours *h, size_t b)
{
	int s;

	for (s = 0; s < HOURS_STREAMS; s++)
		if (h->st[s].own == b + 1)
			return h->st[s].fill;
	return BLOCK_RECS;
}

static void
weeks_grow(struct hours *h)
{
	size_t cap = h->wcap ? h->wcap * 2 : 64, i, j;
	uint32_t *slot = xzalloc(cap, sizeof *slot);

	for (i = 0; i < h->nwk; i++) {
		j = hash_num((uint64_t)h->wk[i].day) & (cap - 1);
		while (slot[j] != 0)
			j = (j + 1) & (cap - 1);
		slot[j] = (uint32_t)i + 1;
	}
	free(h->wslot);
	h->wslot = slot;
	h->wcap = cap;
}

/* The week starting on day, made if new.  Valid until the next call. */
static struct week *
week_get(struct hours *h, struct stream *st, long day)
{
	struct week *w;
	uint32_t k;
	size_t j;

	if (st->curwk != 0 && h->wk[st->curwk - 1].day == day)
		return &h->wk[st->curwk - 1];
	if ((h->nwk + 1) * 2 > h->wcap)
		weeks_grow(h);
	for (j = hash_num((uint64_t)day) & (h->wcap - 1);
	    (k = h->wslot[j]) != 0; j = (j + 1) & (h->wcap - 1))
		if (h->wk[k - 1].day == day) {
			st->curwk = k;
			return &h->wk[k - 1];
		}
	if (h->nwk == h->capwk) {
		h->capwk = h->capwk ? h->capwk * 2 : 64;
		h->wk = xreallocarray(h->wk, h->capwk, sizeof *h->wk);
	}
	w = &h->wk[h->nwk];
	memset(w, 0, sizeof *w);
	w->day = (int32_t)day;
	h->wslot[j] = (uint32_t)++h->nwk;
	st->curwk = h->nwk;
	return w;
}

/* Put client-week i of client into w's table, where it is not yet. */
static void
week_put(struct hours *h, struct week *w, uint32_t client, uint32_t i)
{
	uint32_t *slot, k, mask;
	size_t j, cap;

	if (((size_t)w->n + 1) * 4 > (size_t)w->cap * 3) {	/* a quarter free */
		cap = w->cap ? (size_t)w->cap * 2 : 8;
		if (cap > UINT32_MAX)
			diag_fatal("too many client-weeks");
		slot = xzalloc(cap, sizeof *slot);
		for (j = 0; j < w->cap; j++) {
			size_t t;

			if ((k = w->slot[j]) == 0)
				continue;
			t = hash_num(rec(h, k - 1)->client) & (cap - 1);
			while (slot[t] != 0)
				t = (t + 1) & (cap - 1);
			slot[t] = k;
		}
		free(w->slot);
		w->slot = slot;
		w->cap = (uint32_t)cap;
	}
	mask = w->cap - 1;
	for (j = hash_num(client) & mask; w->slot[j] != 0; j = (j + 1) & mask)
		;
	w->slot[j] = i + 1;
	w->n++;
}

/* Client-week index + 1 of client in w's table, or 0. */
static uint32_t
week_find(const struct hours *h, const struct week *w, uint32_t client)
{
	uint32_t k, mask = w->cap - 1;
	size_t j;

	if (w->cap == 0)
		return 0;
	for (j = hash_num(client) & mask; (k = w->slot[j]) != 0;
	    j = (j + 1) & mask)
		if (rec(h, k - 1)->client == client)
			return k;
	return 0;
}

static long
week_of(struct hours *h, struct stream *st, long day)
{
	if (h->wstart == HOURS_DAILY)
		return day;
	if (day != st->lastday) {
		st->lastday = day;
		st->lastweek = date_week_start(day, h->wstart);
	}
	return st->lastweek;
}

static struct stream *
stream(struct hours *h, int s)
{
	if (s < 0 || s >= HOURS_STREAMS || h->prepared)
		diag_fatal("hours: a record after hours_prepare() or in no "
		    "stream");
	return &h->st[s];
}

/*
 * The client-week of client and week, made if new.  A week outside the
 * weeks every stream has seen of the client is new without a look in
 * the table: each stream comes in date order, near enough, so that is
 * most weeks.
 */
static struct cweek *
find_cweek(struct hours *h, struct stream *st, size_t client, long week)
{
	struct last *l, *o;
	struct week *w;
	uint32_t k = 0;
	int s, seen = 0;

	/* the client's latest week, most records' */
	if (client < st->nlast && (l = &st->last[client])->rec != 0 &&
	    l->hi == week)
		return rec(h, l->rec - 1);
	for (s = 0; s < HOURS_STREAMS; s++)
		if (client >= h->st[s].nlast)
			h->st[s].last = xgrowzero(h->st[s].last,
			    &h->st[s].nlast, client, sizeof *h->st[s].last,
			    1024);
	l = &st->last[client];
	for (s = 0; s < HOURS_STREAMS; s++) {
		o = &h->st[s].last[client];
		seen |= o->rec != 0 && week >= o->lo && week <= o->hi;
	}
	w = week_get(h, st, week);
	if (!seen || (k = week_find(h, w, (uint32_t)client)) == 0) {
		k = new_cweek(h, st, client) + 1;
		week_put(h, w, (uint32_t)client, k - 1);
	}
	if (l->rec == 0 || week > l->hi) {
		l->lo = l->rec == 0 ? (int32_t)week : l->lo;
		l->hi = (int32_t)week;
		l->rec = k;
	} else if (week < l->lo)
		l->lo = (int32_t)week;
	return rec(h, k - 1);
}

struct hours *
hours_new(int wstart)
{
	struct hours *h = xcalloc(1, sizeof *h);
	int s;

	keyset_seed();		/* for the names' hash */
	h->wstart = wstart;
	for (s = 0; s < HOURS_STREAMS; s++)
		h->st[s].lastday = LONG_MIN;
	return h;
}

void
hours_free(struct hours *h)
{
	size_t b;
	uint32_t i;

	if (h == NULL)
		return;
	for (b = 0; b < h->nblk; b++) {
		for (i = 0; i < block_fill(h, b); i++)
			if (h->blk[b][i].cap != 0)
				free(h->blk[b][i].p.heap);
		free(h->blk[b]);
	}
	free(h->blk);
	for (b = 0; b < h->nwk; b++)
		free(h->wk[b].slot);
	free(h->wk);
	free(h->wslot);
	names_free(&h->clients);
	names_free(&h->services);
	for (i = 0; i < HOURS_STREAMS; i++)
		free(h->st[i].last);
	free(h->exp);
	free(h->rank);
	free(h->cp);
	free(h->rows);
	free(h->svcmin);
	free(h);
}

size_t
hours_client_id(struct hours *h, const char *s, size_t len)
{
	return names_intern(&h->clients, s, len);
}

size_t
hours_service_id(struct hours *h, const char *s, size_t len)
{
	size_t i;

	if (h->services.n < HOURS_SERVICES_MAX)
		return names_intern(&h->services, s, len);
	i = names_find(&h->services, s, len);
	return i != NAMES_NONE ? i : HOURS_SERVICES_FULL;
}

void
hours_keep_services(struct hours *h, size_t n)
{
	struct names old = h->services;
	size_t i;

	h->services = (struct names)NAMES_INIT;
	for (i = 0; i < n && i < old.n; i++)	/* in order: the same numbers */
		names_intern(&h->services, old.s[i], old.len[i]);
	names_free(&old);
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

/* Inline: once a record, in hours_add_log()'s last loop. */
static COMPAT_ALWAYS_INLINE inline void
attended(struct hours *h, struct cweek *c, long week, long day, int start,
    int end, size_t service)
{
	struct piece v;

	if (c->sessions == UINT32_MAX)
		diag_fatal("too many records for one client and week");
	c->sessions++;
	v.at = (uint16_t)((day - week) << DAY_SHIFT | start);
	v.end = (uint16_t)end;
	v.began = (uint16_t)start;
	v.svc = (uint16_t)service;
	add_piece(h, c, &v);
}

static void
missed(struct cweek *c)
{
	if (c->missed == UINT32_MAX)
		diag_fatal("too many records for one client and week");
	c->missed++;
}

void
hours_attended(struct hours *h, size_t client, long day, int start, int end,
    size_t service)
{
	struct stream *st = stream(h, 0);
	long week = week_of(h, st, day);

	attended(h, find_cweek(h, st, client, week), week, day, start, end,
	    service);
}

void
hours_missed(struct hours *h, size_t client, long day)
{
	struct stream *st = stream(h, 0);

	missed(find_cweek(h, st, client, week_of(h, st, day)));
}

void
hours_touch(struct hours *h, size_t client, long day)
{
	struct stream *st = stream(h, 0);

	(void)find_cweek(h, st, client, week_of(h, st, day));
}

/*
 * A batch, in stages, so that the cache misses of its records overlap
 * rather than follow one another: with tens of thousands of clients,
 * each record's name slot and client-week are in main memory, and
 * waiting for them one at a time is most of the cost of a large report.
 */
void
hours_add_log(struct hours *h, int s, const struct attlog_item *it, size_t n)
{
	struct stream *st = stream(h, s);
	struct names *nm = &h->clients;
	uint64_t hash[HOURS_BATCH];
	size_t client[HOURS_BATCH], i;
	long week[HOURS_BATCH];
	struct cweek *cw[HOURS_BATCH];

	if (n > HOURS_BATCH)
		diag_fatal("hours_add_log: batch too large");
	names_reserve(nm, n);
	for (i = 0; i < n; i++) {
		hash[i] = names_hash(it[i].client, it[i].len);
		COMPAT_PREFETCH(names_slot(nm, hash[i]));
	}
	for (i = 0; i < n; i++) {
		client[i] = names_intern_hashed(nm, it[i].client, it[i].len,
		    hash[i]);
		if (client[i] < st->nlast)
			COMPAT_PREFETCH(&st->last[client[i]]);
	}
	for (i = 0; i < n; i++) {
		const struct last *l = client[i] < st->nlast ?
		    &st->last[client[i]] : NULL;

		week[i] = week_of(h, st, it[i].day);
		cw[i] = NULL;
		if (l != NULL && l->rec != 0 && l->hi == week[i]) {
			const char *c = (const char *)rec(h, l->rec - 1);

			COMPAT_PREFETCH_W(c);
			COMPAT_PREFETCH_W(c + sizeof(struct cweek) - 1);
			/* found already: client-weeks never move */
			cw[i] = (struct cweek *)c;
		}
	}
	for (i = 0; i < n; i++) {
		struct cweek *c = cw[i] != NULL ? cw[i] :
		    find_cweek(h, st, client[i], week[i]);

		if (attlog_counts_hours(it[i].status))
			attended(h, c, week[i], it[i].day, it[i].start,
			    it[i].end, it[i].tag);
		else
			missed(c);
	}
}

/* --- the rows --- */

void
hours_expect(struct hours *h, const size_t *clients, size_t n, long lo,
    long hi, int (*enrolled)(void *, size_t, long, long), void *arg)
{
	h->exp = xcalloc(n ? n : 1, sizeof *h->exp);
	if (n > 0)
		memcpy(h->exp, clients, n * sizeof *h->exp);
	h->nexp = n;
	h->elo = h->wstart == HOURS_DAILY ? lo : date_week_start(lo,
	    h->wstart);
	h->ehi = hi;
	h->enrolled = enrolled;
	h->earg = arg;
}

static char **sort_names;

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(sort_names[*(const uint32_t *)a],
	    sort_names[*(const uint32_t *)b]);
}

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

/* Fewer client-weeks than this are sorted on one thread. */
#define ORDER_SPLIT_MIN	(64 * 1024)

static int
week_cmp(const void *a, const void *b)
{
	const struct week *x = a, *y = b;

	return (x->day > y->day) - (x->day < y->day);
}

/*
 * Sort key[0..n-1] by their high halves (client ranks below 2^bits),
 * eight bits a pass, tmp as large; a short list by insertion.
 */
static void
sort_keys(uint64_t *key, uint64_t *tmp, size_t n, unsigned bits)
{
	size_t count[256], i, j;
	unsigned shift;
	uint64_t v, *t;

	if (n < 64) {
		for (i = 1; i < n; i++) {
			v = key[i];
			for (j = i; j > 0 && key[j - 1] >> 32 > v >> 32; j--)
				key[j] = key[j - 1];
			key[j] = v;
		}
		return;
	}
	for (shift = 32; shift < 32 + bits; shift += 8) {
		memset(count, 0, sizeof count);
		for (i = 0; i < n; i++)
			count[key[i] >> shift & 255]++;
		for (i = 0, j = 0; i < 256; i++) {
			size_t c = count[i];

			count[i] = j;
			j += c;
		}
		for (i = 0; i < n; i++)
			tmp[count[key[i] >> shift & 255]++] = key[i];
		t = key;
		key = tmp;
		tmp = t;
	}
	if (((bits + 7) / 8) % 2 == 1)	/* the result is in the other array */
		memcpy(tmp, key, n * sizeof *key);
}

/*
 * Week w's client-weeks in the order of their clients' ids: slot[]
 * becomes that list.  key and tmp have room for all.
 */
static void
order_week(struct hours *h, struct week *w, uint64_t *key, uint64_t *tmp,
    unsigned bits)
{
	size_t m = 0, i;
	uint32_t *list, j;

	for (j = 0; j < w->cap; j++) {
		if (j + 8 < w->cap && w->slot[j + 8] != 0)
			COMPAT_PREFETCH(rec(h, w->slot[j + 8] - 1));
		if (w->slot[j] != 0)
			key[m++] = (uint64_t)h->rank[rec(h, w->slot[j] -
			    1)->client] << 32 | (w->slot[j] - 1);
	}
	free(w->slot);
	sort_keys(key, tmp, m, bits);
	list = xcalloc(m ? m : 1, sizeof *list);
	for (i = 0; i < m; i++)
		list[i] = (uint32_t)key[i];
	w->slot = list;
	w->n = (uint32_t)m;
	w->cap = 0;
}

static int
expected(const struct hours *h, long week)
{
	return h->nexp > 0 && week >= h->elo && week <= h->ehi;
}

/* Move c to the next week that has client-weeks or is expected. */
static void
next_week(const struct hours *h, struct hours_cursor *c)
{
	long next = LONG_MAX;

	if (c->wi < h->nwk && h->wk[c->wi].day == c->week)
		c->wi++;
	if (c->wi < h->nwk)
		next = h->wk[c->wi].day;
	if (c->week < h->elo && expected(h, h->elo))
		next = next < h->elo ? next : h->elo;
	else if (expected(h, c->week + span(h)) && c->week + span(h) < next)
		next = c->week + span(h);
	c->week = next;
	c->ri = c->ei = 0;
	c->at_end = next == LONG_MAX;
}

/*
 * The next row: its client-week + 1 (0 for an expected client with no
 * records) and client; 0 at the end.  Moves c past it.
 */
static int
advance(struct hours *h, struct hours_cursor *c, uint32_t *ri, size_t *client)
{
	const struct week *w;
	size_t nr, ne, e;
	uint32_t rank;

	while (!c->at_end) {
		w = c->wi < h->nwk && h->wk[c->wi].day == c->week ?
		    &h->wk[c->wi] : NULL;
		nr = w != NULL ? w->n : 0;
		ne = expected(h, c->week) ? h->nexp : 0;
		if (c->ri < nr) {
			*ri = w->slot[c->ri] + 1;
			*client = rec(h, *ri - 1)->client;
			rank = h->rank[*client];
			for (; c->ei < ne && h->rank[e = h->exp[c->ei]] < rank;
			    c->ei++)
				if (h->enrolled(h->earg, e, c->week, c->week +
				    span(h) - 1)) {
					c->ei++;
					*ri = 0;
					*client = e;
					return 1;
				}
			if (c->ei < ne && h->rank[h->exp[c->ei]] == rank)
				c->ei++;
			c->ri++;
			return 1;
		}
		while (c->ei < ne) {
			e = h->exp[c->ei++];
			if (h->enrolled(h->earg, e, c->week, c->week +
			    span(h) - 1)) {
				*ri = 0;
				*client = e;
				return 1;
			}
		}
		next_week(h, c);
	}
	return 0;
}

static const uint32_t *expect_rank;

static int
expect_cmp(const void *a, const void *b)
{
	uint32_t x = expect_rank[*(const size_t *)a];
	uint32_t y = expect_rank[*(const size_t *)b];

	return (x > y) - (x < y);
}

/*
 * Rows c can pass in one step, up to most: those left of its week's
 * client-weeks when no client is expected that week, where advance()
 * would only count them one by one; else 0.
 */
static size_t
plain_rows_left(const struct hours *h, const struct hours_cursor *c,
    size_t most)
{
	const struct week *w;
	size_t left;

	if (c->at_end || c->wi >= h->nwk || h->wk[c->wi].day != c->week ||
	    expected(h, c->week))
		return 0;
	w = &h->wk[c->wi];
	left = c->ri < w->n ? w->n - c->ri : 0;
	return left < most ? left : most;
}

/*
 * The cursor at the first row; checkpoints every HOURS_STEP rows.  The
 * rows of a week without expected clients are passed a run at a time,
 * so that this costs the weeks and the checkpoints, not the rows.
 */
static void
count_rows(struct hours *h)
{
	struct hours_cursor c;
	size_t client, cap = 0, k;
	uint32_t ri;

	memset(&c, 0, sizeof c);
	c.week = LONG_MIN;
	next_week(h, &c);
	for (h->nrows = 0;; h->nrows += k) {
		if (h->nrows % HOURS_STEP == 0) {
			if (h->ncp == cap) {
				cap = cap ? cap * 2 : 16;
				h->cp = xreallocarray(h->cp, cap, sizeof *h->cp);
			}
			h->cp[h->ncp++] = c;
		}
		if ((k = plain_rows_left(h, &c, HOURS_STEP - h->nrows %
		    HOURS_STEP)) > 0)
			c.ri += k;
		else if (advance(h, &c, &ri, &client))
			k = 1;
		else
			break;
	}
}

/* Weeks [first, end) to order, with what order_week() needs. */
struct order_job {
	struct hours	*h;
	size_t		 first, end;
	uint64_t	*key, *tmp;
	unsigned	 bits;
};

static void
order_job_init(struct order_job *j, struct hours *h, size_t first,
    size_t end, unsigned bits)
{
	size_t i, most = 0;

	for (i = first; i < end; i++)
		if (h->wk[i].n > most)
			most = h->wk[i].n;
	j->h = h;
	j->first = first;
	j->end = end;
	j->key = xcalloc(most ? most : 1, sizeof *j->key);
	j->tmp = xcalloc(most ? most : 1, sizeof *j->tmp);
	j->bits = bits;
}

static void *
order_weeks(void *arg)
{
	struct order_job *j = arg;
	size_t i;

	for (i = j->first; i < j->end; i++)
		order_week(j->h, &j->h->wk[i], j->key, j->tmp, j->bits);
	free(j->key);
	free(j->tmp);
	return NULL;
}

/*
 * Every week's client-weeks in order of client id.  The weeks are
 * sorted apart from one another, so a large table's are sorted in two
 * runs of weeks of about as many client-weeks each, on two threads
 * (the other core is idle once the records are in).  Each week's list
 * is allocated once its table is freed, as on one thread, so memory
 * peaks no higher; running out of it in either thread ends the program
 * (xalloc.h).
 */
static void
order_all_weeks(struct hours *h, unsigned bits)
{
	struct order_job job[2];
	size_t i, cut, total = 0, sofar = 0;
	pthread_t t;

	for (i = 0; i < h->nwk; i++)
		total += h->wk[i].n;
	for (cut = 0; cut < h->nwk && sofar < total / 2; cut++)
		sofar += h->wk[cut].n;
	if (total < ORDER_SPLIT_MIN)
		cut = h->nwk;
	order_job_init(&job[0], h, 0, cut, bits);
	if (cut < h->nwk) {
		order_job_init(&job[1], h, cut, h->nwk, bits);
		if (pthread_create(&t, NULL, order_weeks, &job[1]) != 0) {
			(void)order_weeks(&job[1]);	/* then one after the other */
			cut = h->nwk;
		}
	}
	(void)order_weeks(&job[0]);
	if (cut < h->nwk)
		pthread_join(t, NULL);
}

size_t
hours_prepare(struct hours *h)
{
	unsigned bits = 0;

	if (h->prepared)
		return h->nrows;
	h->prepared = 1;
	h->rank = client_ranks(h);
	free(h->wslot);
	h->wslot = NULL;
	if (h->nwk > 1)
		qsort(h->wk, h->nwk, sizeof *h->wk, week_cmp);
	while (bits < 32 && (h->clients.n - 1) >> bits != 0 && h->clients.n > 1)
		bits += 8;
	order_all_weeks(h, bits);
	expect_rank = h->rank;
	if (h->nexp > 1)
		qsort(h->exp, h->nexp, sizeof *h->exp, expect_cmp);
	count_rows(h);
	return h->nrows;
}

void
hours_seek(struct hours *h, struct hours_cursor *c, size_t i)
{
	size_t client;
	uint32_t ri;

	*c = h->cp[i / HOURS_STEP < h->ncp ? i / HOURS_STEP : h->ncp - 1];
	for (i %= HOURS_STEP; i > 0 && advance(h, c, &ri, &client); i--)
		;
}

/*
 * Row r from client-week ri - 1, or an empty one for client.  steady:
 * the clock keeps its offset all week, so each piece is end - start.
 */
static void
fill_row(struct hours *h, uint32_t ri, size_t client, long week,
    int steady, struct hours_row *r)
{
	struct cweek *c;
	struct kept *p;
	struct piece x;
	uint32_t i;
	int lastday = -1;

	memset(r->service, 0, (h->services.n ? h->services.n : 1) *
	    sizeof *r->service);
	r->client = client;
	r->week = week;
	r->minutes = r->days = r->sessions = r->missed = 0;
	if (ri == 0)
		return;
	c = rec(h, ri - 1);
	p = pieces(c);
	r->sessions = c->sessions;
	r->missed = c->missed;
	for (i = 0; i < c->n; i++) {
		int d = p[i].at >> DAY_SHIFT;
		long m;

		x = unpack(&p[i]);
		m = steady ? x.end - (x.at & MINUTES_MASK) :
		    time_elapsed(week + d, x.at & MINUTES_MASK, x.end);
		r->minutes += m;
		r->service[x.svc] += m;
		if (d != lastday)
			r->days++;
		lastday = d;
	}
}

int
hours_next(struct hours *h, struct hours_cursor *c, struct hours_row *row)
{
	size_t client;
	uint32_t ri;
	const struct week *w;

	if (!advance(h, c, &ri, &client))
		return 0;
	/* the rows come in client order: fetch ahead what they need */
	w = c->wi < h->nwk && h->wk[c->wi].day == c->week ? &h->wk[c->wi] :
	    NULL;
	if (w != NULL && c->ri + 8 < w->n) {
		const char *p = (const char *)rec(h, w->slot[c->ri + 8]);

		COMPAT_PREFETCH(p);
		COMPAT_PREFETCH(p + sizeof(struct cweek) - 1);
	}
	if (c->sweek != c->week || c->steady == 0) {	/* rows come by week */
		c->sweek = c->week;
		c->steady = time_steady(c->week, span(h)) ? 1 : -1;
	}
	fill_row(h, ri, client, c->week, c->steady == 1, row);
	return 1;
}

const struct hours_row *
hours_rows(struct hours *h, size_t *n)
{
	struct hours_cursor c;
	size_t i, ns = h->services.n;

	*n = hours_prepare(h);
	h->rows = xcalloc(*n ? *n : 1, sizeof *h->rows);
	h->svcmin = xcalloc(*n * (ns ? ns : 1) + 1, sizeof *h->svcmin);
	hours_seek(h, &c, 0);
	for (i = 0; i < *n; i++) {
		h->rows[i].service = h->svcmin + i * ns;
		hours_next(h, &c, &h->rows[i]);
	}
	return h->rows;
}
