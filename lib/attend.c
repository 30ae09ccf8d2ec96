/* attend.c: iop-attend's audit (see attend.h). */
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attend.h"
#include "compat.h"
#include "attmatch.h"
#include "attlog.h"
#include "date.h"
#include "diag.h"
#include "opt.h"
#include "xalloc.h"

#define NONE	ATTEND_NONE
#define NOSTR	ATTEND_NOSTR
#define NODAY	ATTEND_NODAY

void
attend_init(struct attend *a, const struct policy *pol,
    const struct roster *roster, long from, long to, long asof)
{
	memset(a, 0, sizeof *a);
	a->pol = pol;
	a->roster = roster;
	a->from = from;
	a->to = to;
	a->asof = asof;
	a->clients = hours_new(0);
	a->strs = hours_new(0);
}

void
attend_free(struct attend *a)
{
	hours_free(a->clients);
	hours_free(a->strs);
	free(a->ss);
	free(a->as);
	free(a->fs);
	free(a->pc);
	free(a->next);
	free(a->spare);
	names_free(&a->details);
	memset(a, 0, sizeof *a);
}

/*
 * A schedule or a log comes by date, and each day's clients come in
 * much the order they did on other days (the same groups at the same
 * hours), so the client met after the last one before is most often
 * the one met after it now: the two met after it most lately are
 * checked against the id, kept beside them, before the id is looked up
 * in the table of all (four loads that miss the cache, in a table of
 * thousands of names, for each row).  On bench/gen's log the latest
 * alone is right for 63% of the rows, either of the two for 87%.  A
 * wrong guess costs a compare; the numbers are those interning gives.
 */
size_t
attend_client(struct attend *a, const char *id, size_t len)
{
	struct attend_next *n = a->prev > 0 ? &a->next[a->prev - 1] : NULL;
	struct attend_guess g;
	size_t c;

	if (n != NULL && n->way[0].len == len && same_short(n->way[0].id, id,
	    len))
		c = n->way[0].client;
	else if (n != NULL && n->way[1].len == len &&
	    same_short(n->way[1].id, id, len)) {
		g = n->way[1];		/* the latest now */
		n->way[1] = n->way[0];
		n->way[0] = g;
		c = g.client;
	} else {
		c = hours_client_id(a->clients, id, len);
		if (n != NULL && len <= ATTEND_NEXT_ID && len > 0) {
			n->way[1] = n->way[0];
			n->way[0].client = (uint32_t)c;
			n->way[0].len = (uint32_t)len;
			memcpy(n->way[0].id, id, len);
		}
		if (c >= a->nnext)
			a->next = xgrowzero(a->next, &a->nnext, c,
			    sizeof *a->next, 1024);
	}
	a->prev = (uint32_t)c + 1;
	return c;
}

/*
 * A log or schedule holds a few services, one on each row: a string
 * met before is found in a small cache by a hash of its length and
 * ends, its text kept in the slot (up to 16 bytes), which costs less
 * than interning it again.  Each hash has two slots, the string met
 * last first, so that two services of one hash (dbt and family on the
 * bench's log) do not keep turning each other out.  A miss interns as
 * before, so the numbers are the same.
 */
/* Intern service s (len bytes) folded: a cache miss, out of line. */
static COMPAT_NOINLINE uint32_t
intern_service(struct attend *a, const char *s, size_t len)
{
	char *t = xmalloc(len + 1);
	size_t j;
	uint32_t i;

	for (j = 0; j < len; j++)
		t[j] = attlog_service_char(s[j]);
	t[len] = '\0';
	i = (uint32_t)hours_client_id(a->strs, t, len) + 1;
	free(t);
	return i;
}

static COMPAT_ALWAYS_INLINE inline uint32_t
cached_str(struct attend *a, struct attend_strslot *cache, const char *s,
    int fold)
{
	size_t len, n = ATTEND_STRCACHE / 2;
	struct attend_strslot *set;
	uint32_t i;

	if (*s == '\0')
		return NOSTR;
	len = strlen(s);
	set = &cache[(len * 31 + (unsigned char)s[0] * 7 +
	    (unsigned char)s[len - 1]) % n * 2];
	if (set[0].len == len && same_short(set[0].s, s, len))
		return set[0].idx;
	if (set[1].len == len && same_short(set[1].s, s, len))
		return set[1].idx;
	/* the cache keeps the text as read, a service's number its name's */
	i = fold ? intern_service(a, s, len) :
	    (uint32_t)hours_client_id(a->strs, s, len) + 1;
	if (len <= sizeof set->s) {
		set[1] = set[0];	/* the one met longer ago goes */
		set[0].idx = i;
		set[0].len = (uint32_t)len;
		memcpy(set[0].s, s, len);
	}
	return i;
}

uint32_t
attend_str(struct attend *a, const char *s)
{
	return cached_str(a, a->strcache, s, 0);
}

uint32_t
attend_service(struct attend *a, const char *s)
{
	return cached_str(a, a->svccache, s, 1);
}

const char *
attend_client_name(const struct attend *a, size_t client)
{
	return hours_client(a->clients, client);
}

const char *
attend_str_of(const struct attend *a, uint32_t i)
{
	return i == NOSTR ? NULL : hours_client(a->strs, i - 1);
}

const char *
attend_detail(const struct attend *a, const struct attend_finding *f)
{
	return names_str(&a->details, f->detail);
}

int
attend_in_period(const struct attend *a, long day)
{
	return day >= a->from && day <= a->to;
}

void
attend_add_session(struct attend *a, const struct attend_sess *s)
{
	if (a->nss == a->capss) {
		a->capss = a->capss ? a->capss * 2 : 256;
		a->ss = xreallocarray(a->ss, a->capss, sizeof *a->ss);
	}
	a->ss[a->nss] = *s;
	a->ss[a->nss++].att = -1;
}

void
attend_add_record(struct attend *a, const struct attend_rec *r)
{
	if (a->nas == a->capas) {
		a->capas = a->capas ? a->capas * 2 : 256;
		a->as = xreallocarray(a->as, a->capas, sizeof *a->as);
	}
	a->as[a->nas] = *r;
	a->as[a->nas++].flags &= ATTEND_NOTES | ATTEND_SIGNED;
}

static int
present(const struct attend_rec *r)
{
	return attlog_counts_hours((enum attlog_status)r->st);
}

/* --- findings --- */

static void
vfind(struct attend *a, size_t client, enum rule rule, long day, long week,
    uint32_t sess, int64_t key, const char *fmt, va_list ap)
{
	struct attend_finding *f;
	struct attend_memo *m = NULL;
	char text[256];
	uint32_t detail;

	if (key >= 0)
		m = &a->memo[((uintptr_t)fmt / 8 + (uint64_t)key *
		    0x9e3779b97f4a7c15u) >> (64 - ATTEND_MEMO_BITS)];
	if (m != NULL && m->fmt == fmt && m->key == key)
		detail = m->detail;
	else {
		vsnprintf(text, sizeof text, fmt, ap);
		detail = (uint32_t)names_intern(&a->details, text,
		    strlen(text));
		if (m != NULL) {
			m->fmt = fmt;
			m->key = key;
			m->detail = detail;
		}
	}
	if (a->nfs == a->capfs) {
		a->capfs = a->capfs ? a->capfs * 2 : 64;
		a->fs = xreallocarray(a->fs, a->capfs, sizeof *a->fs);
	}
	f = &a->fs[a->nfs++];
	f->client = (uint32_t)client;
	f->rule = (uint8_t)rule;
	f->sev = (uint8_t)a->pol->severity[rule];
	/* of a day, of a week or of neither: never both */
	f->of_week = day == NONE && week != NONE;
	f->date = day != NONE ? (int32_t)day : week != NONE ? (int32_t)week :
	    NODAY;
	f->session = sess;
	f->detail = detail;
}

static void
find(struct attend *a, size_t client, enum rule rule, long day, long week,
    uint32_t sess, const char *fmt, ...) __attribute__((format(printf, 7, 8)));

static void
find(struct attend *a, size_t client, enum rule rule, long day, long week,
    uint32_t sess, const char *fmt, ...)
{
	va_list ap;

	if (a->pol->severity[rule] == SEV_NONE)
		return;
	va_start(ap, fmt);
	vfind(a, client, rule, day, week, sess, -1, fmt, ap);
	va_end(ap);
}

/*
 * find(), for the rules that find hundreds of thousands of the same
 * few texts: key (>= 0) and fmt alone make the text, the caller
 * promises, so the text of a key met before is found again by it in a
 * small table (a->memo) rather than formatted and interned again.
 */
static void
find_keyed(struct attend *a, size_t client, enum rule rule, long day,
    long week, uint32_t sess, int64_t key, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

static void
find_keyed(struct attend *a, size_t client, enum rule rule, long day,
    long week, uint32_t sess, int64_t key, const char *fmt, ...)
{
	va_list ap;

	if (a->pol->severity[rule] == SEV_NONE)
		return;
	va_start(ap, fmt);
	vfind(a, client, rule, day, week, sess, key, fmt, ap);
	va_end(ap);
}

/* --- matching --- */

/*
 * One thread's share of the audit (audit_share()): the clients
 * [c0, c1), whose sessions are ss[s0..s1) and records as[r0..r1) (both
 * sorted by client).  Its findings go to a, which is the audit itself
 * or a view of it with findings of its own (audit_all()).
 */
struct share {
	struct attend	*a;
	size_t		 c0, c1, s0, s1, r0, r1;
};

/* Order by client, day, start: how both sides are matched. */
static int
cds_cmp(size_t c1, long d1, int s1, size_t c2, long d2, int s2)
{
	if (c1 != c2)
		return c1 < c2 ? -1 : 1;
	if (d1 != d2)
		return d1 < d2 ? -1 : 1;
	return (s1 > s2) - (s1 < s2);
}

/*
 * The strings of the audit being sorted, for the comparators below:
 * qsort(3) passes them no argument, so order_clients() lends them to
 * its thread.  Read only while a sort runs (nothing interns then).
 */
static _Thread_local const struct attend *sorting;

/* Two interned strings in byte order, ATTEND_NOSTR first. */
static int
str_cmp(uint32_t i, uint32_t j)
{
	const struct hours *h = sorting->strs;
	size_t li, lj;
	int d;

	if (i == j)
		return 0;
	if (i == NOSTR || j == NOSTR)
		return i == NOSTR ? -1 : 1;
	li = hours_client_len(h, i - 1);
	lj = hours_client_len(h, j - 1);
	d = memcmp(hours_client(h, i - 1), hours_client(h, j - 1),
	    li < lj ? li : lj);
	return d != 0 ? d : (li > lj) - (li < lj);
}

static int
int_cmp(long x, long y)
{
	return (x > y) - (x < y);
}

/*
 * Sessions, then records, in one order whatever order the files list
 * them in: by client, day and start, then end, service, session id
 * (and the record's other fields), so that matching, whose ties go to
 * the first, gives the same findings for the same rows in any order.
 */
static int
sess_cmp(const void *x, const void *y)
{
	const struct attend_sess *s = x, *t = y;
	int d = cds_cmp(s->client, s->day, s->start, t->client, t->day,
	    t->start);

	if (d == 0 && (d = int_cmp(s->end, t->end)) == 0 &&
	    (d = str_cmp(s->service, t->service)) == 0)
		d = str_cmp(s->id, t->id);
	return d;
}

static int
rec_cmp(const void *x, const void *y)
{
	const struct attend_rec *r = x, *q = y;
	int d = cds_cmp(r->client, r->day, r->start, q->client, q->day,
	    q->start);

	if (d == 0 && (d = int_cmp(r->end, q->end)) == 0 &&
	    (d = str_cmp(r->service, q->service)) == 0 &&
	    (d = str_cmp(r->id, q->id)) == 0 &&
	    (d = int_cmp(r->st, q->st)) == 0 &&
	    (d = int_cmp(r->note_day, q->note_day)) == 0)
		d = int_cmp(r->flags, q->flags);
	return d;
}

/*
 * Where a sort by client copies to: the spare array if it is large
 * enough, else the spare grown (or a new one).  The spare is the array
 * the last sort copied from, whose pages the kernel has mapped and
 * cleared already: the sessions' old array, sorted while the logs are
 * still read, receives the records, and only the pages it lacks are
 * new (a fresh array of tens of megabytes costs a page fault each 4
 * KiB, 8% of the time on the 1M-row bench).
 */
static void *
sort_target(struct attend *a, size_t bytes)
{
	void *p;

	if (a->spare == NULL || a->nspare < bytes) {
		a->spare = xreallocarray(a->spare, bytes, 1);
		a->nspare = bytes;
	}
	p = a->spare;
	a->spare = NULL;
	a->nspare = 0;
	return p;
}

/* Keep rows (bytes long) as the next sort's target, or free it. */
static void
keep_spare(struct attend *a, void *rows, size_t bytes)
{
	if (a->spare != NULL && a->nspare >= bytes) {
		free(rows);
		return;
	}
	free(a->spare);
	a->spare = rows;
	a->nspare = bytes;
}

/*
 * Rows to sort by client (sort_rows()): n of them at p, and, for rows
 * read into an audit of their own (a half of a file, attend_read.c),
 * the maps from its numbers to a's: cmap[client], smap[string - 1] + 1
 * (attend_take_sessions()); NULL for rows that have a's numbers.
 */
struct rows {
	const char	*p;
	size_t		 n;
	const uint32_t	*cmap, *smap;
};

/* Rows from which two threads share a sort (sort_rows()). */
#define SORT_TWO	(64 * 1024)

/* A row's client, in a's numbers. */
static uint32_t
row_client(const struct rows *r, const char *row)
{
	uint32_t k;

	memcpy(&k, row, sizeof k);
	return r->cmap != NULL ? r->cmap[k] : k;
}

/* The string numbered at row + off, renumbered by smap. */
static void
renumber_str(char *row, size_t off, const uint32_t *smap)
{
	uint32_t v;

	memcpy(&v, row + off, sizeof v);
	if (v != NOSTR) {
		v = smap[v - 1] + 1;
		memcpy(row + off, &v, sizeof v);
	}
}

/*
 * One thread's share of a sort (sort_rows()): a run of the rows in
 * src order, which it counts by client and copies; then a range of
 * clients, whose rows it puts in order.
 */
struct sortjob {
	struct rows	*src;		/* nsrc of them */
	size_t		 nsrc;
	size_t		 size, soff, ioff, nc;
	/* counts by client (end[c + 1]), then where its next row goes */
	size_t		*end;
	char		*dst;
	const size_t	*bound;		/* after copying: where each client ends */
	size_t		 c0, c1;	/* the clients it puts in order */
	int		(*cmp)(const void *, const void *);
	const struct attend *a;	/* whose strings cmp compares */
};

static void *
count_rows(void *arg)
{
	struct sortjob *j = arg;
	size_t i, k;

	for (k = 0; k < j->nsrc; k++)
		for (i = 0; i < j->src[k].n; i++)
			j->end[row_client(&j->src[k], j->src[k].p + i *
			    j->size) + 1]++;
	return NULL;
}

/* Copy, renumbering the rows of a part as they are copied. */
static void *
copy_rows(void *arg)
{
	struct sortjob *j = arg;
	size_t i, k, size = j->size;

	for (k = 0; k < j->nsrc; k++) {
		const struct rows *r = &j->src[k];

		for (i = 0; i < r->n; i++) {
			const char *row = r->p + i * size;
			uint32_t c = row_client(r, row);
			char *d = j->dst + j->end[c]++ * size;

			memcpy(d, row, size);
			if (r->cmap == NULL)
				continue;
			memcpy(d, &c, sizeof c);
			renumber_str(d, j->soff, r->smap);
			renumber_str(d, j->ioff, r->smap);
		}
	}
	return NULL;
}

/*
 * Each client's rows of the range, which come in date order from a file
 * written by date, sorted only if they are not in order already.
 */
static void *
order_clients(void *arg)
{
	struct sortjob *j = arg;
	size_t c, i, lo, size = j->size;
	char *dst = j->dst;

	sorting = j->a;
	for (c = j->c0; c < j->c1; c++) {
		lo = c > 0 ? j->bound[c - 1] : 0;
		for (i = lo + 1; i < j->bound[c]; i++)
			if (j->cmp(dst + (i - 1) * size, dst + i * size) > 0) {
				qsort(dst + lo * size, j->bound[c] - lo, size,
				    j->cmp);
				break;
			}
	}
	return NULL;
}

/* fn for both jobs, the second in a thread of its own if it has work. */
static void
run_both(void *(*fn)(void *), struct sortjob *j, int two)
{
	pthread_t t;
	int started = two && pthread_create(&t, NULL, fn, &j[1]) == 0;

	fn(&j[0]);
	if (started)
		pthread_join(t, NULL);
	else if (two)
		fn(&j[1]);
}

/* Deal the rows of src to j[0] and j[1], the first half to j[0]. */
static void
deal_rows(struct sortjob *j, const struct rows *src, size_t nsrc, size_t n,
    size_t size)
{
	size_t k, left = n / 2, take;

	for (k = 0; k < nsrc; k++) {
		struct rows r = src[k];

		take = r.n < left ? r.n : left;
		if (take > 0) {
			j[0].src[j[0].nsrc] = r;
			j[0].src[j[0].nsrc++].n = take;
			left -= take;
		}
		if (take < r.n) {
			r.p += take * size;
			r.n -= take;
			j[1].src[j[1].nsrc++] = r;
		}
	}
}

/*
 * Sort the rows of src[0..nsrc), one array after the other, each row
 * size bytes, starting with its client (a uint32_t below nc) and
 * holding a service and a session id at soff and ioff, into one array
 * by cmp: a counting sort on the client into another array
 * (sort_target()), renumbering the rows of a part as they are copied;
 * then each client's rows, which come in date order from any log or
 * schedule written by date, are sorted only if they are not in order
 * already.  Linear for such inputs, n log n at worst.  cmp orders
 * every two rows that differ, so the result does not depend on the
 * order of src.  Past SORT_TWO rows, and if threads allows, two
 * threads share each pass: the first half of the rows and the second
 * are counted and copied apart (the second's offsets after the first's,
 * client by client), and the clients put in order in two ranges.  The caller frees or keeps the old arrays (keep_spare());
 * qsort(3) too holds a copy while it sorts.
 */
static void *
sort_rows(struct attend *a, const struct rows *src, size_t nsrc, size_t size,
    size_t soff, size_t ioff, int (*cmp)(const void *, const void *),
    int threads)
{
	size_t nc = hours_nclients(a->clients), n = 0, k, c, at, mine;
	struct sortjob j[2];
	int two;

	for (k = 0; k < nsrc; k++)
		n += src[k].n;
	two = threads > 1 && n >= SORT_TWO;
	memset(j, 0, sizeof j);
	for (k = 0; k < 2; k++) {
		j[k].src = xcalloc(nsrc + 1, sizeof *j[k].src);
		j[k].size = size;
		j[k].soff = soff;
		j[k].ioff = ioff;
		j[k].nc = nc;
		j[k].cmp = cmp;
		j[k].a = a;
		j[k].end = xcalloc(nc + 1, sizeof *j[k].end);
	}
	if (two)
		deal_rows(j, src, nsrc, n, size);
	else
		for (k = 0; k < nsrc; k++)
			j[0].src[j[0].nsrc++] = src[k];
	run_both(count_rows, j, two);
	for (c = 0, at = 0; c < nc; c++) {	/* end[c]: where c's go */
		mine = j[0].end[c + 1];
		j[0].end[c] = at;
		at += mine;
		mine = j[1].end[c + 1];
		j[1].end[c] = at;
		at += mine;
	}
	j[0].dst = j[1].dst = sort_target(a, n * size);
	run_both(copy_rows, j, two);
	/* the second's end[c], where its rows of c end, is where c ends */
	j[0].bound = j[1].bound = j[1].end;
	for (c = 0; c < nc && j[1].end[c] < n / 2; c++)
		;
	j[0].c1 = j[1].c0 = two ? c : nc;
	j[1].c1 = nc;
	run_both(order_clients, j, two);
	for (k = 0; k < 2; k++) {
		free(j[k].src);
		free(j[k].end);
	}
	return j[0].dst;
}

#define SORT_SESSIONS(a, src, nsrc, threads) sort_rows((a), (src), \
	(nsrc), sizeof(struct attend_sess), \
	offsetof(struct attend_sess, service), \
	offsetof(struct attend_sess, id), sess_cmp, (threads))
#define SORT_RECORDS(a, src, nsrc) sort_rows((a), (src), (nsrc), \
	sizeof(struct attend_rec), offsetof(struct attend_rec, service), \
	offsetof(struct attend_rec, id), rec_cmp, 2)

void
attend_sort_sessions(struct attend *a)
{
	struct rows own = { (const char *)a->ss, a->nss, NULL, NULL };
	struct attend_sess *ss;

	if (a->nss > 0) {
		ss = SORT_SESSIONS(a, &own, 1, 2);
		keep_spare(a, a->ss, a->capss * sizeof *a->ss);
		a->ss = ss;
		a->capss = a->nss;
	}
	a->nss_sorted = a->nss;
}

/* For each name of from, by index, its index in to (interned there). */
static uint32_t *
reintern(struct hours *to, const struct hours *from)
{
	size_t i, n = hours_nclients(from);
	uint32_t *map = xcalloc(n + 1, sizeof *map);

	for (i = 0; i < n; i++)
		map[i] = (uint32_t)hours_client_id(to, hours_client(from, i),
		    hours_client_len(from, i));
	return map;
}

/*
 * a's own rows, then those of each part (src[1..n]), with the maps
 * from each part's numbers to a's: its clients, then its strings,
 * interned into a in the part's order, so that every number is what
 * reading the parts' rows into a after its own would give.
 */
static struct rows *
part_rows(struct attend *a, const char *own, size_t nown,
    struct attend *const *parts, size_t n, int sessions)
{
	struct rows *src = xcalloc(n + 1, sizeof *src);
	size_t i;

	src[0].p = own;
	src[0].n = nown;
	for (i = 0; i < n; i++) {
		struct attend *p = parts[i];

		src[i + 1].cmap = reintern(a->clients, p->clients);
		src[i + 1].smap = reintern(a->strs, p->strs);
		src[i + 1].p = sessions ? (const char *)p->ss :
		    (const char *)p->as;
		src[i + 1].n = sessions ? p->nss : p->nas;
	}
	return src;
}

static void
free_part_rows(struct rows *src, size_t n)
{
	size_t i;

	for (i = 1; i <= n; i++) {
		free((void *)src[i].cmap);
		free((void *)src[i].smap);
	}
	free(src);
}

void
attend_take_sessions(struct attend *a, struct attend *const *parts, size_t n)
{
	struct rows *src = part_rows(a, (const char *)a->ss, a->nss, parts, n,
	    1);
	size_t i, total = a->nss;
	struct attend_sess *ss = NULL;

	for (i = 0; i < n; i++)
		total += parts[i]->nss;
	if (total > 0)
		ss = SORT_SESSIONS(a, src, n + 1, 1);
	free_part_rows(src, n);
	keep_spare(a, a->ss, a->capss * sizeof *a->ss);
	for (i = 0; i < n; i++) {	/* the largest array is kept */
		keep_spare(a, parts[i]->ss, parts[i]->capss * sizeof *a->ss);
		parts[i]->ss = NULL;
		parts[i]->nss = parts[i]->capss = 0;
	}
	a->ss = ss;
	a->nss = a->capss = a->nss_sorted = total;
}

void
attend_take_records(struct attend *a, struct attend *const *parts, size_t n)
{
	struct rows *src = part_rows(a, (const char *)a->as, a->nas, parts, n,
	    0);
	size_t i, total = a->nas;
	struct attend_rec *as = NULL;

	for (i = 0; i < n; i++)
		total += parts[i]->nas;
	if (total > 0)
		as = SORT_RECORDS(a, src, n + 1);
	free_part_rows(src, n);
	keep_spare(a, a->as, a->capas * sizeof *a->as);
	for (i = 0; i < n; i++) {
		keep_spare(a, parts[i]->as, parts[i]->capas * sizeof *a->as);
		parts[i]->as = NULL;
		parts[i]->nas = parts[i]->capas = 0;
	}
	a->as = as;
	a->nas = a->capas = a->nas_sorted = total;
}

/* Sessions and records by client, day and start, as matching walks them. */
static void
sort_both(struct attend *a)
{
	if (a->nss_sorted != a->nss)
		attend_sort_sessions(a);
	if (a->nas > 0 && a->nas_sorted != a->nas)
		attend_take_records(a, NULL, 0);
	free(a->spare);		/* the last sort: not held for the report */
	a->spare = NULL;
	a->nspare = 0;
}

/* Pair the sessions and records of sh's clients, client-day by client-day. */
static void
match_share(struct attend *a, const struct share *sh)
{
	const struct attend_sess *ss = a->ss;
	const struct attend_rec *as = a->as;
	size_t s = sh->s0, r = sh->r0, s1, r1, nss = sh->s1, nas = sh->r1;

	while (s < nss || r < nas) {
		size_t client;
		long day;

		/* the next client-day present on either side */
		if (r >= nas || (s < nss && cds_cmp(ss[s].client, ss[s].day, 0,
		    as[r].client, as[r].day, 0) <= 0))
			client = ss[s].client, day = ss[s].day;
		else
			client = as[r].client, day = as[r].day;
		for (s1 = s; s1 < nss && ss[s1].client == client &&
		    ss[s1].day == day; s1++)
			;
		for (r1 = r; r1 < nas && as[r1].client == client &&
		    as[r1].day == day; r1++)
			;
		if (s1 > s && r1 > r)	/* a->ss is NULL with no sessions */
			attmatch_day(a->ss + s, s1 - s, a->as, r, r1);
		s = s1;
		r = r1;
	}
}

/* --- rules about single sessions --- */

static const char *
hhmm(int min, char buf[6])
{
	time_format(min, buf);
	return buf;
}

/* A program day: Monday to Friday, not a closure in the policy. */
static int
program_day(const struct attend *a, long day)
{
	return date_weekday(day) < 5 && !policy_closed(a->pol, day);
}

/* Business (program) days after day up to and including later. */
static long
business_days(const struct attend *a, long day, long later)
{
	long n = 0, d;

	for (d = day + 1; d <= later; d++)
		n += program_day(a, d);
	return n;
}

/* note_missing: an attended session without a signed note.  Found? */
static int
rule_note_missing(struct attend *a, const struct attend_rec *r, uint32_t sid)
{
	if (r->flags & ATTEND_SIGNED)
		return 0;
	find(a, r->client, R_NOTE_MISSING, r->day, NONE, sid,
	    "no signed note for the session");
	return 1;
}

/* note_late: signed more than notes_due_business_days after. */
static void
rule_note_late(struct attend *a, const struct attend_rec *r, uint32_t sid)
{
	long late;

	if (r->note_day != NODAY && (late = business_days(a, r->day,
	    r->note_day)) > a->pol->notes_due_business_days)
		find(a, r->client, R_NOTE_LATE, r->day, NONE, sid,
		    "note signed %ld business days after the session; due "
		    "within %ld", late, a->pol->notes_due_business_days);
}

/* Documentation: only where the log has the columns. */
static void
check_note(struct attend *a, const struct attend_rec *r, uint32_t sid)
{
	if (!(r->flags & ATTEND_NOTES) || !present(r))
		return;
	if (!rule_note_missing(a, r, sid))
		rule_note_late(a, r, sid);
}

/*
 * The times decide, not the status word: a record logged as late (or
 * left_early) whose times are within the grace is no finding, so the
 * grace means the same whoever keyed the record.  Every present record
 * has times (attlog insists).
 */
static void
rule_late(struct attend *a, const struct attend_sess *s,
    const struct attend_rec *r)
{
	if (r->start > s->start + a->pol->late_grace_min)
		find(a, s->client, R_LATE, s->day, NONE, s->id, "arrived %d "
		    "minutes after the scheduled start", r->start - s->start);
}

static void
rule_left_early(struct attend *a, const struct attend_sess *s,
    const struct attend_rec *r)
{
	if (r->end < s->end - a->pol->left_early_grace_min)
		find(a, s->client, R_LEFT_EARLY, s->day, NONE, s->id, "left %d "
		    "minutes before the scheduled end", s->end - r->end);
}

/* no_record: a due session without an attendance record. */
static void
rule_no_record(struct attend *a, const struct attend_sess *s)
{
	char b1[6], b2[6];

	find(a, s->client, R_NO_RECORD, s->day, NONE, s->id,
	    "no attendance record for the session scheduled %s-%s",
	    hhmm(s->start, b1), hhmm(s->end, b2));
}

/*
 * absent_unexcused: logged absent, or present for less than
 * min_minutes_for_credit.  Is the session an unexcused miss?
 */
static int
rule_absent_unexcused(struct attend *a, const struct attend_sess *s,
    const struct attend_rec *r)
{
	int mins;

	if (r->st == ATTLOG_ABSENT) {
		find_keyed(a, s->client, R_ABSENT_UNEXCUSED, s->day, NONE,
		    s->id, 0, "absent, not excused");
		return 1;
	}
	if (!present(r))
		return 0;
	mins = time_elapsed(r->day, r->start, r->end);
	if (mins >= a->pol->min_minutes_for_credit)
		return 0;
	find(a, s->client, R_ABSENT_UNEXCUSED, s->day, NONE, s->id,
	    "present %d minutes, under the %ld needed for credit",
	    mins, a->pol->min_minutes_for_credit);
	return 1;
}

/* Is the session an unexcused miss?  Also says why, as findings. */
static int
check_session(struct attend *a, const struct attend_sess *s)
{
	const struct attend_rec *r;

	if (s->att < 0) {
		rule_no_record(a, s);
		return 1;
	}
	r = &a->as[s->att];
	if (present(r))
		check_note(a, r, s->id);
	if (rule_absent_unexcused(a, s, r))
		return 1;
	if (present(r)) {
		rule_late(a, s, r);
		rule_left_early(a, s, r);
	}
	return 0;
}

/* unscheduled: a record no scheduled session matched. */
static void
rule_unscheduled(struct attend *a, const struct attend_rec *r)
{
	char b1[6], b2[6];

	if (r->flags & ATTEND_MATCHED)
		return;
	if (present(r)) {
		check_note(a, r, r->id);
		find(a, r->client, R_UNSCHEDULED, r->day, NONE, r->id,
		    "attended %s-%s with no session scheduled",
		    hhmm(r->start, b1), hhmm(r->end, b2));
	} else
		find(a, r->client, R_UNSCHEDULED, r->day, NONE, r->id,
		    "a missed session logged with none scheduled");
}

/* --- rules about a client over the period --- */

/* consecutive_absences: said once, when the streak reaches the limit. */
static void
rule_consecutive_absences(struct attend *a, const struct attend_sess *s,
    long streak)
{
	if (streak == a->pol->consecutive_absences)
		find(a, s->client, R_CONSECUTIVE_ABSENCES, s->day, NONE, s->id,
		    "%ld unexcused absences in a row", streak);
}

/* Walk one client's due sessions in order: streaks and counts. */
static void
tally_client(struct attend *a, size_t s0, size_t s1, struct attend_tally *t)
{
	size_t s;

	for (s = s0; s < s1 && a->ss[s].day <= a->asof; s++) {
		const struct attend_sess *ss = &a->ss[s];
		const struct attend_rec *r = ss->att >= 0 ? &a->as[ss->att] :
		    NULL;
		int miss = check_session(a, ss);

		if (r != NULL && !attlog_due((enum attlog_status)r->st))
			continue;
		t->due++;
		if (r != NULL && r->st == ATTLOG_EXCUSED) {
			t->excused++;
			continue;
		}
		if (!miss) {
			t->attended++;
			t->streak = 0;
			continue;
		}
		t->absent++;
		rule_consecutive_absences(a, ss, ++t->streak);
	}
}

void
attend_fmt_rate(long num, long den, char buf[32])
{
	long tenths = (num * 2000 + den) / (2 * den);	/* half up */

	snprintf(buf, 32, "%ld.%ld", tenths / 10, tenths % 10);
}

/* attendance_rate: attended of due (excused aside) under the minimum. */
static void
rule_attendance_rate(struct attend *a, size_t client,
    const struct attend_tally *t)
{
	long den = t->due - t->excused;
	char pct[32];

	if (den <= 0 || t->attended * 100 >= a->pol->attendance_rate_min * den)
		return;
	attend_fmt_rate(t->attended, den, pct);
	find(a, client, R_ATTENDANCE_RATE, NONE, NONE, NOSTR, "attended %ld "
	    "of %ld sessions due (%s%%), under %ld%%", t->attended, den, pct,
	    a->pol->attendance_rate_min);
}

/* no_contact: no attendance for no_contact_days by asof. */
static void
rule_no_contact(struct attend *a, size_t client, size_t s0,
    const struct attend_tally *t)
{
	long since = t->last_seen != NONE ? t->last_seen :
	    s0 < a->nss && a->ss[s0].client == client ? a->ss[s0].day : NONE;

	if (since == NONE || since > a->asof || a->asof - since <
	    a->pol->no_contact_days)
		return;
	find(a, client, R_NO_CONTACT, since, NONE, NOSTR, t->last_seen != NONE ?
	    "no attendance for %ld days" : "no attendance in %ld days since "
	    "the first scheduled session", a->asof - since);
}

/* --- rules about weeks --- */

/*
 * Minutes attended on the client-day as[r0..r1), sorted by start: the
 * union of the present records' intervals, what a per-diem day counts
 * (a table of days would hold an entry per row; the sorted records
 * already are one).
 */
static long
day_minutes(const struct attend *a, size_t r0, size_t r1)
{
	const struct attend_rec *as = a->as;
	long total = 0;
	int lo = -1, hi = -1;
	size_t r;

	for (r = r0; r < r1; r++) {
		if (!present(&as[r]))
			continue;
		if (lo >= 0 && as[r].start <= hi) {
			if (as[r].end > hi)
				hi = as[r].end;
			continue;
		}
		if (lo >= 0)
			total += time_elapsed(as[r0].day, lo, hi);
		lo = as[r].start;
		hi = as[r].end;
	}
	if (lo >= 0)
		total += time_elapsed(as[r0].day, lo, hi);
	return total;
}

/*
 * The same client-day's minutes as hours.h counts them for a week: each
 * minute owned by the record that began first, the run of minutes each
 * start owns timed apart.  On a day whose clock keeps its offset that is
 * day_minutes(); on the day it changes, a run that ends in the skipped
 * hour can count otherwise (time_elapsed() is not additive there), so
 * the week's hours follow hours.h's rule exactly.
 */
static long
day_hours_minutes(const struct attend *a, size_t r0, size_t r1,
    long union_min)
{
	const struct attend_rec *as = a->as;
	long total = 0;
	int hi = -1, lo = -1, end = -1, began = -1, from;
	size_t r;

	if (time_steady(as[r0].day, 1))
		return union_min;
	for (r = r0; r < r1; r++) {
		if (!present(&as[r]) || as[r].end <= hi)
			continue;
		from = as[r].start > hi ? as[r].start : hi;
		hi = as[r].end;
		if (lo >= 0 && end == from && began == as[r].start) {
			end = hi;	/* the same start's run goes on */
			continue;
		}
		if (lo >= 0)
			total += time_elapsed(as[r0].day, lo, end);
		lo = from;
		end = hi;
		began = as[r].start;
	}
	if (lo >= 0)
		total += time_elapsed(as[r0].day, lo, end);
	return total;
}

/* A per-diem week: fewer than billable_days_per_week billable days. */
static void
billable_week(struct attend *a, size_t client, long wk, long days)
{
	if (wk + 6 <= a->asof && days < a->pol->billable_days_per_week)
		find_keyed(a, client, R_BILLABLE_DAY_SHORT, NONE, wk, NOSTR,
		    days, "%ld billable days; a per-diem week needs %ld", days,
		    a->pol->billable_days_per_week);
}

/* billable_day_short, of a day: under billable_day_hours attended. */
static void
billable_day(struct attend *a, size_t client, long day, long mins,
    const char *need)
{
	char h[32];

	if (a->pol->severity[R_BILLABLE_DAY_SHORT] == SEV_NONE)
		return;
	num_fmt_hours(mins, h);
	find_keyed(a, client, R_BILLABLE_DAY_SHORT, day, NONE, NOSTR, mins,
	    "%s hours attended; a per-diem day needs %s", h, need);
}

/*
 * The last week of the audited period that has begun by asof: what the
 * summary's hours_final_week describes.  With --week last on a Monday
 * it is last week, not the week just begun.
 */
long
attend_final_week(const struct attend *a)
{
	return date_week_start(a->asof < a->to ? a->asof : a->to, 0);
}

/* Program days of [lo, hi]. */
static long
program_days(const struct attend *a, long lo, long hi)
{
	long n = 0, d;

	for (d = lo; d <= hi; d++)
		n += program_day(a, d);
	return n;
}

/*
 * The client's minimum for the week starting wk, -1 if none, and in how
 * what the finding says of it.  A week the roster admits or discharges
 * the client in, with fewer program days enrolled than the week has, is
 * partial: its minimum follows the policy's partial_week.
 */
static long
week_minimum(const struct attend *a, size_t client, long wk, char how[96])
{
	const struct enrol *e = roster_get(a->roster, client);
	long need = roster_range(a->roster, client).min, days = 0, of = 0;

	how[0] = '\0';
	if (e != NULL) {
		of = program_days(a, wk, wk + 6);
		days = program_days(a, e->admitted > wk ? e->admitted : wk,
		    e->discharged < wk + 6 ? e->discharged : wk + 6);
	}
	if (days >= of)
		return need;
	if (a->pol->partial_week == PW_EXEMPT)
		return -1;
	if (a->pol->partial_week == PW_FULL) {
		snprintf(how, 96, " (partial week: full minimum)");
		return need;
	}
	snprintf(how, 96, " (prorated: %ld of %ld program days enrolled)",
	    days, of);
	return (2 * need * days + of) / (2 * of);	/* half up */
}

/* below_min_hours, for a week over by asof. */
static void
rule_below_min_hours(struct attend *a, size_t client, long wk, long minutes)
{
	long need;
	char h[32], m[32], how[96];

	if ((need = week_minimum(a, client, wk, how)) < 0 || minutes >= need)
		return;
	num_fmt_hours(minutes, h);
	num_fmt_hours(need, m);
	/* the same text for the same hours, but a partial week's */
	find_keyed(a, client, R_BELOW_MIN_HOURS, NONE, wk, NOSTR,
	    how[0] == '\0' && minutes >= 0 && minutes < (1L << 30) &&
	    need < (1L << 30) ? (int64_t)minutes << 30 | need : -1,
	    "%s hours attended, under the %s-hour minimum%s", h, m, how);
}

/*
 * The weeks of a client the roster enrols with no session scheduled
 * (rule_not_scheduled()): from the week of the first day of the
 * enrolment in the period to its last, each counting its 0 hours, as
 * iop-hours does with the same roster.  0 if none.
 */
static int
enrolled_weeks(const struct attend *a, size_t client, long *lo, long *hi)
{
	const struct enrol *e = roster_get(a->roster, client);

	if (e == NULL || a->pc[client].scheduled || !roster_enrolled(e,
	    a->from, a->asof < a->to ? a->asof : a->to))
		return 0;
	*lo = e->admitted > a->from ? e->admitted : a->from;
	*hi = e->discharged < a->to ? e->discharged : a->to;
	if (*lo == ROSTER_NEVER_LO)
		return 0;	/* no first week to count from */
	*lo = date_week_start(*lo, 0);
	return 1;
}

/* One client's walk through its weeks (check_weeks()). */
struct weekwalk {
	size_t	 s, s1, r, r1;		/* its sessions and records */
	long	 elo, ehi;		/* enrolled_weeks(); elo NONE: none */
	long	 wk, minutes, days;	/* the week, and what it holds */
	int	 attended;		/* a day of it with attendance */
};

/* Skip the records that count no hours by asof. */
static void
skip_absent(const struct attend *a, struct weekwalk *w)
{
	while (w->r < w->r1 && (!present(&a->as[w->r]) ||
	    a->as[w->r].day > a->asof))
		if (a->as[w->r++].day > a->asof)
			w->r = w->r1;	/* sorted by day: none later */
}

/* The first week of w's sessions, records and enrolment; NONE if none. */
static long
next_week(const struct attend *a, const struct weekwalk *w)
{
	long wk = NONE, d;

	if (w->s < w->s1 && a->ss[w->s].day <= a->asof)
		wk = date_week_start(a->ss[w->s].day, 0);
	if (w->r < w->r1 && ((d = date_week_start(a->as[w->r].day, 0)) < wk ||
	    wk == NONE))
		wk = d;
	if (w->elo != NONE && w->elo <= w->ehi && w->elo <= a->asof &&
	    (wk == NONE || w->elo < wk))
		wk = w->elo;
	return wk;
}

/*
 * The records of w's week, day by day: its minutes, per-diem days and
 * their findings, and the last day the client was seen.
 */
static void
week_days(struct attend *a, size_t client, struct weekwalk *w,
    const char *need)
{
	const struct attend_rec *as = a->as;
	size_t r1;
	long mins;

	while (w->r < w->r1 && as[w->r].day <= w->wk + 6) {
		for (r1 = w->r; r1 < w->r1 && as[r1].day == as[w->r].day; r1++)
			;
		mins = day_minutes(a, w->r, r1);
		w->minutes += day_hours_minutes(a, w->r, r1, mins);
		w->attended = 1;
		a->pc[client].t.last_seen = as[w->r].day;
		if (mins >= a->pol->billable_day_minutes)
			w->days++;
		else
			billable_day(a, client, as[w->r].day, mins, need);
		w->r = r1;
		skip_absent(a, w);
	}
}

/*
 * Every client-week that has a session or attendance by asof, or that
 * enrolled_weeks() counts, in one walk of the sorted sessions and
 * records: the hours attended (period_min, week_min, final_min),
 * below_min_hours of each week over, and billable_day_short of each
 * day and week with attendance.  The walk holds nothing per week.
 */
static void
check_weeks(struct attend *a, const struct share *sh)
{
	long asofwk = date_week_start(a->asof, 0);
	long final = attend_final_week(a);
	size_t c;
	struct weekwalk w;
	char need[32];

	num_fmt_hours(a->pol->billable_day_minutes, need);
	memset(&w, 0, sizeof w);
	w.s1 = sh->s0;
	w.r1 = sh->r0;
	for (c = sh->c0; c < sh->c1; c++) {
		struct attend_client *p = &a->pc[c];

		for (w.s = w.s1; w.s1 < sh->s1 && a->ss[w.s1].client == c;
		    w.s1++)
			;
		for (w.r = w.r1; w.r1 < sh->r1 && a->as[w.r1].client == c;
		    w.r1++)
			;
		if (!enrolled_weeks(a, c, &w.elo, &w.ehi))
			w.elo = NONE;
		skip_absent(a, &w);
		while ((w.wk = next_week(a, &w)) != NONE) {
			w.minutes = w.days = w.attended = 0;
			week_days(a, c, &w, need);
			while (w.s < w.s1 && a->ss[w.s].day <= w.wk + 6)
				w.s++;
			if (w.elo == w.wk)
				w.elo += 7;
			p->period_min += w.minutes;
			if (w.wk == asofwk)
				p->week_min = w.minutes;
			if (w.wk == final)
				p->final_min = w.minutes;
			if (w.wk + 6 <= a->asof)
				rule_below_min_hours(a, c, w.wk, w.minutes);
			if (w.attended)
				billable_week(a, c, w.wk, w.days);
		}
		w.s = w.s1;
		w.r = w.r1;
	}
}

/*
 * shortfall_forecast: the week holding asof, not over yet: can the
 * client still reach the minimum by attending every session left (a
 * violation if not)?  Must they attend all (a warning at most)?
 */
static void
rule_shortfall_forecast(struct attend *a, size_t client)
{
	const struct attend_client *p = &a->pc[client];
	long wk = date_week_start(a->asof, 0), best = p->week_min + p->left_min;
	long need;
	char at[32], l[32], m[32], how[96];
	enum sev sev = a->pol->severity[R_SHORTFALL_FORECAST];
	enum sev warn = sev < SEV_WARNING ? sev : SEV_WARNING;

	need = week_minimum(a, client, wk, how);
	if (a->asof >= wk + 6 || need <= 0 || p->week_min >= need ||
	    (!p->week_due && p->week_min == 0))
		return;
	num_fmt_hours(p->week_min, at);
	num_fmt_hours(p->left_min, l);
	num_fmt_hours(need, m);
	if (best < need)
		find(a, client, R_SHORTFALL_FORECAST, NONE, wk, NOSTR,
		    "cannot reach %s hours this week: %s attended, %s still "
		    "scheduled%s", m, at, l, how);
	else if (best - p->left_smallest < need && warn != SEV_NONE) {
		find(a, client, R_SHORTFALL_FORECAST, NONE, wk, NOSTR,
		    "must attend every session left to reach %s hours: %s "
		    "attended, %s still scheduled%s", m, at, l, how);
		a->fs[a->nfs - 1].sev = (uint8_t)warn;
	}
}

/*
 * What is still scheduled after asof in its week, for the forecast: in
 * minutes that really pass, as the week's attended hours are counted
 * (a session over a clock change is an hour more or less than its
 * wall-clock times say).  A session the log already marks cancelled is
 * not due, so not still scheduled.  And whether the client has any
 * session due that week (week_due), before asof or after.
 */
static void
remaining(struct attend *a, const struct share *sh)
{
	long wk = date_week_start(a->asof, 0);
	size_t i;

	for (i = sh->s0; i < sh->s1; i++) {
		const struct attend_sess *s = &a->ss[i];
		struct attend_client *p = &a->pc[s->client];
		long d;

		if (s->day < wk || s->day > wk + 6 || (s->att >= 0 &&
		    a->as[s->att].st == ATTLOG_CANCELLED))
			continue;
		p->week_due = 1;
		if (s->day <= a->asof ||
		    (d = time_elapsed(s->day, s->start, s->end)) <= 0)
			continue;
		p->left_min += d;
		if (p->left_smallest == 0 || d < p->left_smallest)
			p->left_smallest = d;
	}
}

/*
 * not_scheduled: a client the roster enrols in the period (up to asof)
 * with no session scheduled in it is audited all the same, and each
 * week of the enrolment that has a known start counts its 0 hours
 * (enrolled_weeks()).
 */
static void
rule_not_scheduled(struct attend *a, size_t client)
{
	const struct enrol *e = roster_get(a->roster, client);

	if (e == NULL || !roster_enrolled(e, a->from, a->asof < a->to ?
	    a->asof : a->to))
		return;
	a->pc[client].active = 1;
	if (a->pc[client].scheduled)
		return;
	find(a, client, R_NOT_SCHEDULED, NONE, NONE, NOSTR,
	    "enrolled in the period with no session scheduled");
}

/* --- the findings in order --- */

struct named {
	const char *name;
	size_t	 num;		/* the client's, or the text's */
};

static int
named_cmp(const void *x, const void *y)
{
	return strcmp(((const struct named *)x)->name,
	    ((const struct named *)y)->name);
}

/* Every client, in the byte order of their ids. */
static struct named *
clients_by_name(const struct attend *a)
{
	size_t i, nc = hours_nclients(a->clients);
	struct named *v = xcalloc(nc + 1, sizeof *v);

	for (i = 0; i < nc; i++) {
		v[i].name = hours_client(a->clients, i);
		v[i].num = i;
	}
	qsort(v, nc, sizeof *v, named_cmp);
	return v;
}

/*
 * The findings' order: by client (in the byte order of the ids), then
 * date (a week's first day where it has no day), weeks before days,
 * rule and text, then the order they were found in.  Each is sorted by
 * a key of plain numbers, so that no comparison looks further than the
 * key: the client's rank among the ids, and the text's among the texts
 * (about a thousand distinct ones among half a million findings on
 * bench/attend.sh's log).
 */
struct fkey {
	uint64_t hi;		/* date, weeks before days, rule */
	uint32_t text;		/* the text's rank */
	uint32_t idx;		/* the finding, as found */
};

static int
fkey_less(const struct fkey *k, const struct fkey *l)
{
	if (k->hi != l->hi)
		return k->hi < l->hi;
	if (k->text != l->text)
		return k->text < l->text;
	return k->idx < l->idx;
}

/*
 * Sort k[0..n) by fkey_less(), tmp holding n / 2: a merge sort that
 * joins two halves already in order without merging them.  A client's
 * findings come in a few runs by date, one from each pass of the audit,
 * so this is near linear, where qsort(3) compared each pair through a
 * call (125 million instructions for half a million findings).
 */
static void
sort_keys(struct fkey *k, size_t n, struct fkey *tmp)
{
	size_t h = n / 2, i, j, o;
	struct fkey x;

	if (n <= 8) {		/* insertion, for the few of a small run */
		for (i = 1; i < n; i++) {
			x = k[i];
			for (j = i; j > 0 && fkey_less(&x, &k[j - 1]); j--)
				k[j] = k[j - 1];
			k[j] = x;
		}
		return;
	}
	sort_keys(k, h, tmp);
	sort_keys(k + h, n - h, tmp);
	if (!fkey_less(&k[h], &k[h - 1]))
		return;
	/* the left half aside; the output never overtakes the right */
	memcpy(tmp, k, h * sizeof *k);
	for (i = 0, j = h, o = 0; i < h && j < n; o++)
		k[o] = fkey_less(&k[j], &tmp[i]) ? k[j++] : tmp[i++];
	while (i < h)
		k[o++] = tmp[i++];
}

/* Each distinct text's rank in byte order, by its number. */
static uint32_t *
text_ranks(const struct attend *a)
{
	size_t i, n = a->details.n;
	struct named *by = xcalloc(n + 1, sizeof *by);
	uint32_t *rank = xcalloc(n + 1, sizeof *rank);

	for (i = 0; i < n; i++) {
		by[i].name = names_str(&a->details, i);
		by[i].num = i;
	}
	qsort(by, n, sizeof *by, named_cmp);
	for (i = 0; i < n; i++)
		rank[by[i].num] = (uint32_t)i;
	free(by);
	return rank;
}

static struct fkey
finding_key(const struct attend_finding *f, const uint32_t *trank,
    size_t idx)
{
	struct fkey k;

	/* the date's bits, flipped so that they order as unsigned */
	k.hi = (uint64_t)((uint32_t)f->date ^ 0x80000000u) << 32 |
	    (uint64_t)(!f->of_week && f->date != NODAY) << 8 | f->rule;
	k.text = trank[f->detail];
	k.idx = (uint32_t)idx;
	return k;
}

/*
 * The findings to sort: the audit's, then any its second share found
 * (audit_all()), whose texts are numbered as the audit's already.
 */
struct found {
	struct attend_finding *fs[2];
	size_t	 n[2], total;
};

static struct attend_finding *
found_at(const struct found *f, size_t i)
{
	return i < f->n[0] ? &f->fs[0][i] : &f->fs[1][i - f->n[0]];
}

/* Sort one client's findings, order[0..n), by their keys. */
static void
sort_run(const struct found *f, uint32_t *order, size_t n,
    const uint32_t *trank, struct fkey *buf)
{
	size_t i;

	for (i = 0; i < n; i++)
		buf[i] = finding_key(found_at(f, order[i]), trank, order[i]);
	sort_keys(buf, n, buf + n);
	for (i = 0; i < n; i++)
		order[i] = buf[i].idx;
}

/*
 * The findings in order into a new array, a's: f's order[0], order[1]
 * ...  Each load is apart from the last, so the processor has many
 * cache misses under way at once; moving them in place, cycle by
 * cycle, waited on one miss after another (30 ms of half a million
 * findings, most of the sort).  The old arrays are freed: a finding is
 * 20 bytes, held twice for this pass only.
 */
static void
gather(struct attend *a, struct found *f, const uint32_t *order)
{
	struct attend_finding *to = xreallocarray(NULL, f->total + 1,
	    sizeof *to);
	size_t i;

	for (i = 0; i < f->total; i++)
		to[i] = *found_at(f, order[i]);
	free(f->fs[0]);
	free(f->fs[1]);
	a->fs = to;
	a->nfs = a->capfs = f->total;
}

/*
 * Sort the findings, a's and then more[0..nmore) (audit_all()), into
 * a's: a counting sort on the client's rank (stable, so each client's
 * come in the order found), then each client's by key.  Linear but for
 * the few findings of each client; held beside them, an index a
 * finding and the keys of one client's (half as many again to merge
 * them), and at the end the sorted copy (gather()).
 */
static void
sort_findings(struct attend *a, struct attend_finding *more, size_t nmore)
{
	struct named *by = clients_by_name(a);
	size_t i, c, lo, most = 0, nc = hours_nclients(a->clients);
	uint32_t *rank = xcalloc(nc + 1, sizeof *rank);
	size_t *end = xcalloc(nc + 1, sizeof *end);
	uint32_t *order, *trank;
	struct fkey *buf;
	struct found f = { { a->fs, more }, { a->nfs, nmore },
	    a->nfs + nmore };

	for (i = 0; i < nc; i++)
		rank[by[i].num] = (uint32_t)i;
	free(by);
	for (i = 0; i < f.total; i++) {
		const struct attend_finding *x = found_at(&f, i);

		if (x->sev > a->pc[x->client].worst)
			a->pc[x->client].worst = x->sev;
		end[rank[x->client] + 1]++;
	}
	for (c = 1; c <= nc; c++) {
		if (end[c] > most)
			most = end[c];
		end[c] += end[c - 1];	/* end[c]: where rank c starts */
	}
	order = xreallocarray(NULL, f.total + 1, sizeof *order);
	for (i = 0; i < f.total; i++)
		order[end[rank[found_at(&f, i)->client]]++] = (uint32_t)i;
	free(rank);
	trank = text_ranks(a);
	buf = xreallocarray(NULL, most + most / 2 + 1, sizeof *buf);
	for (c = 0, lo = 0; c < nc; lo = end[c++])	/* end[c]: its end */
		if (end[c] - lo > 1)
			sort_run(&f, order + lo, end[c] - lo, trank, buf);
	free(buf);
	free(trank);
	free(end);
	gather(a, &f, order);
	free(order);
}

size_t *
attend_clients_sorted(const struct attend *a, size_t *n)
{
	struct named *by = clients_by_name(a);
	size_t i, k = 0, nc = hours_nclients(a->clients);
	size_t *order = xcalloc(nc + 1, sizeof *order);

	for (i = 0; i < nc; i++)
		if (a->pc[by[i].num].active)
			order[k++] = by[i].num;
	free(by);
	*n = k;
	return order;
}

/* --- the audit --- */

/* Tally each active client of sh, and the rules over its period. */
static void
tally_share(struct attend *a, const struct share *sh)
{
	size_t c, s = sh->s0, s0;

	for (c = sh->c0; c < sh->c1; c++) {
		while (s < sh->s1 && a->ss[s].client < c)
			s++;
		for (s0 = s; s < sh->s1 && a->ss[s].client == c; s++)
			;
		if (!a->pc[c].active)
			continue;
		tally_client(a, s0, s, &a->pc[c].t);
		rule_attendance_rate(a, c, &a->pc[c].t);
		rule_no_contact(a, c, s0, &a->pc[c].t);
		rule_shortfall_forecast(a, c);
	}
}

/*
 * The audit of sh's clients, pass by pass as for all clients at once,
 * so that each client's findings come in the same order.
 */
static void *
audit_share(void *arg)
{
	const struct share *sh = arg;
	struct attend *a = sh->a;
	size_t c, i;

	match_share(a, sh);
	for (i = sh->s0; i < sh->s1; i++) {
		struct attend_client *p = &a->pc[a->ss[i].client];

		p->active = p->scheduled = 1;
	}
	for (i = sh->r0; i < sh->r1; i++) {
		struct attend_client *p = &a->pc[a->as[i].client];

		p->active = p->logged = 1;
		if (a->as[i].day <= a->asof)	/* later ones are not due */
			rule_unscheduled(a, &a->as[i]);
	}
	for (c = sh->c0; c < sh->c1; c++)
		rule_not_scheduled(a, c);
	check_weeks(a, sh);
	remaining(a, sh);
	tally_share(a, sh);
	return NULL;
}

/* Sessions and records from which two threads share the audit. */
#define AUDIT_TWO	(64 * 1024)

/* AUDIT_TWO, or IOP_TEST_AUDIT_TWO_MIN for the tests. */
static size_t
audit_two_min(void)
{
	const char *v = getenv("IOP_TEST_AUDIT_TWO_MIN");

	return v != NULL && *v != '\0' ? (size_t)strtoull(v, NULL, 10) :
	    AUDIT_TWO;
}

/*
 * The first of rows[0..n) (size bytes each, sorted by the client each
 * starts with: sessions or records) of client c or a later one.
 */
static size_t
first_of(const void *rows, size_t n, size_t size, size_t c)
{
	size_t lo = 0, hi = n, mid;
	uint32_t k;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		memcpy(&k, (const char *)rows + mid * size, sizeof k);
		if (k < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

_Static_assert(offsetof(struct attend_sess, client) == 0 &&
    offsetof(struct attend_rec, client) == 0, "rows start with the client");
#define FIRST_SESSION(a, c) \
	first_of((a)->ss, (a)->nss, sizeof *(a)->ss, (c))
#define FIRST_RECORD(a, c) \
	first_of((a)->as, (a)->nas, sizeof *(a)->as, (c))

/*
 * Split the clients [0, nc) in two shares of about as many sessions
 * and records each: the first client past half of them starts the
 * second.  0 if one share would have no client.
 */
static int
split_clients(const struct attend *a, size_t nc, struct share sh[2])
{
	size_t lo = 0, hi = nc, mid, half = (a->nss + a->nas) / 2;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (FIRST_SESSION(a, mid) + FIRST_RECORD(a, mid) < half)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || lo >= nc)
		return 0;
	sh[0].c0 = 0;
	sh[0].c1 = sh[1].c0 = lo;
	sh[1].c1 = nc;
	sh[0].s0 = sh[0].r0 = 0;
	sh[0].s1 = sh[1].s0 = FIRST_SESSION(a, lo);
	sh[0].r1 = sh[1].r0 = FIRST_RECORD(a, lo);
	sh[1].s1 = a->nss;
	sh[1].r1 = a->nas;
	return 1;
}

/* Number the texts of view b's findings as a's, interning them there. */
static void
renumber_texts(struct attend *a, struct attend *b)
{
	size_t i, n = b->details.n;
	uint32_t *map = xcalloc(n + 1, sizeof *map);

	for (i = 0; i < n; i++)
		map[i] = (uint32_t)names_intern(&a->details,
		    names_str(&b->details, i), names_len(&b->details, i));
	for (i = 0; i < b->nfs; i++)
		b->fs[i].detail = map[b->fs[i].detail];
	free(map);
	names_free(&b->details);
}

/*
 * IOP_DEBUG_SPLIT=1: say that the audit ran on two threads (tests/4007).
 */
static void
debug_two(void)
{
	const char *v = getenv("IOP_DEBUG_SPLIT");

	if (v != NULL && strcmp(v, "1") == 0)
		fprintf(stderr, "%s: debug: the audit shared by two threads\n",
		    diag_progname());
}

/*
 * The audit of every client, on two threads past audit_two_min()
 * sessions and records: the second share's findings go to a view of
 * a, a copy of it that shares its arrays (each thread writes only the
 * entries of its own clients, sessions and records) but holds findings
 * and their texts of its own: those findings, their texts numbered as
 * a's, are *more (*nmore of them; NULL and 0 on one thread), to be
 * sorted after a's.  The sort orders each client's findings by their
 * text and then as found, and each client's are found in the same
 * order either way, so the report is the same bytes.
 */
static void
audit_all(struct attend *a, size_t nc, struct attend_finding **more,
    size_t *nmore)
{
	struct share sh[2];
	struct attend b;
	pthread_t t;
	int started;

	memset(sh, 0, sizeof sh);
	*more = NULL;
	*nmore = 0;
	if (a->nss + a->nas < audit_two_min() || !split_clients(a, nc, sh)) {
		sh[0].a = a;
		sh[0].c1 = nc;
		sh[0].s1 = a->nss;
		sh[0].r1 = a->nas;
		audit_share(&sh[0]);
		return;
	}
	debug_two();
	b = *a;
	b.fs = NULL;
	b.nfs = b.capfs = 0;
	b.details = (struct names)NAMES_INIT;
	memset(b.memo, 0, sizeof b.memo);
	sh[0].a = a;
	sh[1].a = &b;
	started = pthread_create(&t, NULL, audit_share, &sh[1]) == 0;
	audit_share(&sh[0]);
	if (started)
		pthread_join(t, NULL);
	else
		audit_share(&sh[1]);
	renumber_texts(a, &b);
	*more = b.fs;
	*nmore = b.nfs;
}

void
attend_run(struct attend *a)
{
	struct attend_finding *more;
	size_t c, nc, nmore;

	sort_both(a);
	/* clients are interned already: sessions and records name them */
	nc = hours_nclients(a->clients);
	a->pc = xcalloc(nc + 1, sizeof *a->pc);
	for (c = 0; c <= nc; c++)
		a->pc[c].t.last_seen = NONE;
	audit_all(a, nc, &more, &nmore);
	sort_findings(a, more, nmore);
}
