/* Unit tests of lib/hours.c: unions, attribution, weeks, streams, rows. */
#include <sys/wait.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "attlog.h"
#include "attlog_read.h"
#include "date.h"
#include "hours.h"
#include "keyset.h"
#include "tap.h"

static long
day(const char *s)
{
	long d = 0;

	date_parse(s, &d);
	return d;
}

#define HM(h, m)	((h) * 60 + (m))

static void
test_overlap(void)
{
	struct hours *h = hours_new(0);
	size_t a = hours_client_id(h, "A", 1), b = hours_client_id(h, "B", 1);
	size_t grp = hours_service_id(h, "group", 5);
	size_t ind = hours_service_id(h, "individual", 10);
	const struct hours_row *r;
	size_t n;

	/* A: 09-12 group, 11-12:30 individual: union 3.5 h */
	hours_attended(h, a, day("2026-11-23"), HM(9, 0), HM(12, 0), grp);
	hours_attended(h, a, day("2026-11-23"), HM(11, 0), HM(12, 30), ind);
	/* the same session logged twice counts once */
	hours_attended(h, a, day("2026-11-25"), HM(9, 0), HM(12, 0), grp);
	hours_attended(h, a, day("2026-11-25"), HM(9, 0), HM(12, 0), grp);
	/* one inside another, given in reverse order */
	hours_attended(h, a, day("2026-11-26"), HM(10, 0), HM(10, 30), ind);
	hours_attended(h, a, day("2026-11-26"), HM(9, 0), HM(12, 0), grp);
	hours_missed(h, a, day("2026-11-27"));
	/* B: touching intervals, and a day in the next week (a Monday) */
	hours_attended(h, b, day("2026-11-29"), HM(9, 0), HM(10, 0), grp);
	hours_attended(h, b, day("2026-11-29"), HM(10, 0), HM(11, 0), grp);
	hours_attended(h, b, day("2026-11-30"), HM(23, 0), 1440, grp);
	r = hours_rows(h, &n);
	ok(n == 3, "three client-weeks");
	ok(r[0].client == a && r[0].week == day("2026-11-23"), "A first in W48");
	ok(r[0].minutes == 210 + 180 + 180, "A: union is 9.5 h, not %ld min",
	    r[0].minutes);
	ok(r[0].service[grp] == 180 + 180 + 180 && r[0].service[ind] == 30,
	    "A: shared minutes go to the session that started first");
	ok(r[0].sessions == 6 && r[0].days == 3 && r[0].missed == 1,
	    "A: 6 sessions, 3 days, 1 missed");
	ok(r[1].client == b && r[1].minutes == 120 && r[1].days == 1,
	    "B: a Sunday belongs to the week before");
	ok(r[2].client == b && r[2].week == day("2026-11-30") &&
	    r[2].minutes == 60, "B: 23:00-24:00 on Monday of W49");
	hours_free(h);
}

static void
test_many(void)
{
	struct hours *h = hours_new(0);
	size_t c = hours_client_id(h, "C", 1), s = hours_service_id(h, "x", 1);
	const struct hours_row *r;
	size_t n;
	int i;

	/* 100 copies of 09:00-10:00 and 100 of 09:30-10:30 force merging */
	for (i = 0; i < 100; i++) {
		hours_attended(h, c, day("2026-01-05"), HM(9, 0), HM(10, 0), s);
		hours_attended(h, c, day("2026-01-05"), HM(9, 30), HM(10, 30),
		    s);
	}
	r = hours_rows(h, &n);
	ok(n == 1 && r[0].minutes == 90 && r[0].sessions == 200,
	    "200 overlapping records: 1.5 h, 200 sessions");
	hours_free(h);
}

static void
test_order_and_touch(void)
{
	struct hours *h = hours_new(6);	/* Sunday weeks */
	size_t z = hours_client_id(h, "Z", 1), a = hours_client_id(h, "A", 1);
	size_t s = hours_service_id(h, "group", 5);
	const struct hours_row *r;
	size_t n;

	hours_attended(h, z, day("2026-11-22"), HM(9, 0), HM(12, 0), s);
	hours_touch(h, a, day("2026-11-28"));
	hours_attended(h, a, day("2026-11-15"), HM(9, 0), HM(12, 0), s);
	r = hours_rows(h, &n);
	ok(n == 3, "three rows");
	ok(r[0].client == a && r[0].week == day("2026-11-15"), "week first");
	ok(r[1].client == a && r[1].week == day("2026-11-22") &&
	    r[1].minutes == 0 && r[1].sessions == 0, "a touched week is empty");
	ok(r[2].client == z && r[2].week == day("2026-11-22"),
	    "then client id: A before Z");
	hours_free(h);
}

static void
test_new_year(void)
{
	struct hours *h = hours_new(0);
	size_t c = hours_client_id(h, "C", 1), s = hours_service_id(h, "g", 1);
	const struct hours_row *r;
	size_t n;

	hours_attended(h, c, day("2026-12-31"), HM(9, 0), HM(12, 0), s);
	hours_attended(h, c, day("2027-01-01"), HM(9, 0), HM(12, 0), s);
	hours_attended(h, c, day("2027-01-04"), HM(9, 0), HM(12, 0), s);
	r = hours_rows(h, &n);
	ok(n == 2 && r[0].week == day("2026-12-28") && r[0].minutes == 360 &&
	    r[0].days == 2, "New Year's Eve and Day are one week (2026-W53)");
	ok(r[1].week == day("2027-01-04") && r[1].minutes == 180, "2027-W01");
	hours_free(h);
}

/* Merged pieces still know where their session began. */
static void
test_compact_keeps_start(void)
{
	struct hours *h = hours_new(0);
	size_t c = hours_client_id(h, "C", 1);
	size_t a = hours_service_id(h, "a", 1), b = hours_service_id(h, "b", 1);
	size_t x = hours_service_id(h, "x", 1), f = hours_service_id(h, "f", 1);
	const struct hours_row *r;
	size_t n;
	int i;

	/* 09:00-10:30 a, 09:30-12:00 b: merged, b's piece is 10:30-12:00 */
	hours_attended(h, c, day("2026-01-05"), HM(9, 0), HM(10, 30), a);
	hours_attended(h, c, day("2026-01-05"), HM(9, 30), HM(12, 0), b);
	/* 30 one-minute sessions the next day fill the week up to merging */
	for (i = 0; i < 30; i++)
		hours_attended(h, c, day("2026-01-06"), 2 * i, 2 * i + 1, f);
	/* began after b: b keeps 10:30-11:00, though its piece starts there */
	hours_attended(h, c, day("2026-01-05"), HM(10, 0), HM(11, 0), x);
	r = hours_rows(h, &n);
	ok(n == 1 && r[0].minutes == 210, "union 3.5 h");
	ok(r[0].service[a] == 90 && r[0].service[b] == 90 &&
	    r[0].service[x] == 0, "a 90, b 90, x 0 min: not %ld %ld %ld",
	    r[0].service[a], r[0].service[b], r[0].service[x]);
	hours_free(h);
}

static unsigned long rng = 12345;

static unsigned
rnd(unsigned n)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rng >> 33) % n;
}

struct rowsum {
	const char *client;
	long	week, minutes, sessions, days, missed, svc[5];
};

/* A table's rows with the services in the order of names[]. */
static struct rowsum *
summarize(struct hours *h, const char *const *names, size_t *n)
{
	const struct hours_row *r = hours_rows(h, n);
	struct rowsum *s = calloc(*n, sizeof *s);
	size_t i, j, k;

	for (i = 0; i < *n; i++) {
		s[i].client = hours_client(h, r[i].client);
		s[i].week = r[i].week;
		s[i].minutes = r[i].minutes;
		s[i].sessions = r[i].sessions;
		s[i].days = r[i].days;
		s[i].missed = r[i].missed;
		for (j = 0; j < 5; j++)
			for (k = 0; k < hours_nservices(h); k++)
				if (strcmp(hours_service(h, k), names[j]) == 0)
					s[i].svc[j] = r[i].service[k];
	}
	return s;
}

/* A record as hours_add_log() takes it, for stream s of h. */
static void
add_item(struct hours *h, int s, const char *client, long d, int start,
    int end, const char *svc, int missed)
{
	struct attlog_item it;

	memset(&it, 0, sizeof it);
	it.client = client;
	it.len = strlen(client);
	it.day = d;
	it.start = missed ? ATTLOG_NOTIMES : start;
	it.end = missed ? ATTLOG_NOTIMES : end;
	it.status = missed ? ATTLOG_ABSENT : ATTLOG_ATTENDED;
	it.tag = missed ? 0 : hours_service_id(h, svc, strlen(svc));
	hours_add_log(h, s, &it, 1);
}

/* One random record into one (by hours_attended()) and two (by stream). */
static void
add_random(struct hours *one, struct hours *two, int s)
{
	static const char *const svc[5] = { "group", "ind", "fam", "cbt", "dbt" };
	static const char *const cl[7] = { "C1", "C2", "C3", "C4", "C5", "C6",
	    "C7" };
	unsigned c = rnd(7), v = rnd(5), st = rnd(1380);
	long d = day("2026-12-21") + (long)rnd(21);
	int e = (int)st + 1 + (int)rnd(180), missed = rnd(10) == 0;

	if (e > 1440)
		e = 1440;
	if (missed)
		hours_missed(one, hours_client_id(one, cl[c], 2), d);
	else
		hours_attended(one, hours_client_id(one, cl[c], 2), d, (int)st,
		    e, hours_service_id(one, svc[v], strlen(svc[v])));
	add_item(two, s, cl[c], d, (int)st, e, svc[v], missed);
}

/*
 * Records in two streams give what one table of all the records gives:
 * the streams in turn, then one after the other, then more of the
 * first; each stream sees client-weeks the other made.
 */
static void
test_streams(void)
{
	static const char *const svc[5] = { "group", "ind", "fam", "cbt", "dbt" };
	struct hours *one = hours_new(0), *two = hours_new(0);
	struct rowsum *x, *y;
	size_t i, nx, ny, same = 0;

	for (i = 0; i < 3000; i++)
		add_random(one, two, (int)(i / 100 % 2));
	for (i = 0; i < 1000; i++)
		add_random(one, two, 1);
	for (i = 0; i < 300; i++)
		add_random(one, two, 0);
	ok(hours_nclients(two) == hours_nclients(one),
	    "same clients");
	x = summarize(one, svc, &nx);
	y = summarize(two, svc, &ny);
	ok(nx == ny && nx > 20, "same number of client-weeks (%zu)", nx);
	for (same = 0, i = 0; i < nx && i < ny; i++)
		same += strcmp(x[i].client, y[i].client) == 0 &&
		    memcmp(&x[i].week, &y[i].week, sizeof *x -
		    offsetof(struct rowsum, week)) == 0;
	ok(same == nx, "every row the same: minutes, per service, sessions, "
	    "days, missed (%zu of %zu)", same, nx);
	free(x);
	free(y);
	hours_free(one);
	hours_free(two);
}

/*
 * A reference for random logs: every minute of every day, owned by the
 * session that began first (on a tie, the service whose name sorts
 * first), counted one by one.  TZ is UTC in the tests, so a minute is
 * a minute.
 */
#define REF_CLIENTS	3
#define REF_DAYS	21	/* three weeks from a Monday */
#define REF_SVC		4

static const char *const ref_svc[REF_SVC] = { "group", "cbt", "dbt", "art" };

struct refrec {
	int	client, day, start, end, svc, missed;
};

struct refweek {
	long	minutes, sessions, days, missed, svc[REF_SVC];
	int	seen;
};

static void
reference(const struct refrec *r, size_t n, struct refweek w[REF_CLIENTS][3])
{
	static int owner[REF_CLIENTS][REF_DAYS][1440];	/* record + 1 */
	size_t i;
	int c, d, m, k;

	memset(owner, 0, sizeof owner);
	memset(w, 0, sizeof(struct refweek) * REF_CLIENTS * 3);
	for (i = 0; i < n; i++) {
		struct refweek *x = &w[r[i].client][r[i].day / 7];

		x->seen = 1;
		if (r[i].missed) {
			x->missed++;
			continue;
		}
		x->sessions++;
		for (m = r[i].start; m < r[i].end; m++) {
			int *o = &owner[r[i].client][r[i].day][m];
			const struct refrec *y = *o ? &r[*o - 1] : NULL;

			if (y == NULL || r[i].start < y->start ||
			    (r[i].start == y->start &&
			    strcmp(ref_svc[r[i].svc], ref_svc[y->svc]) < 0))
				*o = (int)i + 1;
		}
	}
	for (c = 0; c < REF_CLIENTS; c++)
		for (d = 0; d < REF_DAYS; d++) {
			struct refweek *x = &w[c][d / 7];
			int any = 0;

			for (m = 0; m < 1440; m++)
				if ((k = owner[c][d][m]) != 0) {
					x->minutes++;
					x->svc[r[k - 1].svc]++;
					any = 1;
				}
			x->days += any;
		}
}

/* Random records that overlap a lot: starts on a coarse grid, ties. */
static size_t
random_log(struct refrec *r, size_t most)
{
	size_t n = 1 + rnd((unsigned)most), i;

	for (i = 0; i < n; i++) {
		r[i].client = (int)rnd(REF_CLIENTS);
		r[i].day = (int)rnd(REF_DAYS);
		r[i].start = (int)rnd(rnd(2) ? 1440 : 48) * (rnd(2) ? 1 : 30);
		if (r[i].start > 1439)
			r[i].start = 1439;
		r[i].end = r[i].start + 1 + (int)rnd(rnd(4) ? 120 : 1440);
		if (r[i].end > 1440)
			r[i].end = 1440;
		r[i].svc = (int)rnd(REF_SVC);
		r[i].missed = rnd(8) == 0;
	}
	return n;
}

static void
feed(struct hours *h, const struct refrec *r, long base)
{
	const char *id[REF_CLIENTS] = { "A", "B", "C" };
	size_t c = hours_client_id(h, id[r->client], 1);

	if (r->missed)
		hours_missed(h, c, base + r->day);
	else
		hours_attended(h, c, base + r->day, r->start, r->end,
		    hours_service_id(h, ref_svc[r->svc],
		    strlen(ref_svc[r->svc])));
}

/* Do h's rows say what the reference says? */
static int
same_as_reference(struct hours *h, struct refweek w[REF_CLIENTS][3],
    long base)
{
	const struct hours_row *row;
	size_t n, i, k, nref = 0;
	int c, j, bad = 0;

	for (c = 0; c < REF_CLIENTS; c++)
		for (j = 0; j < 3; j++)
			nref += w[c][j].seen;
	row = hours_rows(h, &n);
	if (n != nref)
		return 0;
	for (i = 0; i < n; i++) {
		const struct refweek *x;

		c = hours_client(h, row[i].client)[0] - 'A';
		j = (int)((row[i].week - base) / 7);
		x = &w[c][j];
		bad |= !x->seen || row[i].minutes != x->minutes ||
		    row[i].sessions != x->sessions || row[i].days != x->days ||
		    row[i].missed != x->missed;
		for (k = 0; k < hours_nservices(h); k++) {
			int s;

			for (s = 0; strcmp(ref_svc[s], hours_service(h, k)); s++)
				;
			bad |= row[i].service[k] != x->svc[s];
		}
	}
	return !bad;
}

/*
 * Random logs, in a random order, into one table by hours_attended() and
 * into one in two streams by hours_add_log(): the rows must be the
 * reference's, minute for minute.
 */
static void
test_reference(void)
{
	static struct refrec r[400];
	static struct refweek w[REF_CLIENTS][3];
	long base = day("2026-11-02");
	int round, one = 0, two = 0, rounds = 300;
	size_t n, i, j;

	for (round = 0; round < rounds; round++) {
		struct hours *h = hours_new(0);
		struct refrec tmp;

		n = random_log(r, round < 100 ? 40 : 400);
		reference(r, n, w);
		for (i = n; i > 1; i--) {	/* the order must not matter */
			j = rnd((unsigned)i);
			tmp = r[i - 1];
			r[i - 1] = r[j];
			r[j] = tmp;
		}
		for (i = 0; i < n; i++)
			feed(h, &r[i], base);
		one += same_as_reference(h, w, base);
		hours_free(h);
		h = hours_new(0);
		for (i = 0; i < n; i++) {
			const char *id[REF_CLIENTS] = { "A", "B", "C" };

			add_item(h, (int)rnd(2), id[r[i].client], base +
			    r[i].day, r[i].start, r[i].end, ref_svc[r[i].svc],
			    r[i].missed);
		}
		two += same_as_reference(h, w, base);
		hours_free(h);
	}
	ok(one == rounds, "random logs: every minute to the session that "
	    "began first (%d of %d)", one, rounds);
	ok(two == rounds, "the same in two streams (%d of %d)", two, rounds);
}

/*
 * The same session logged again and again adds no piece; a week of
 * one-minute sessions logged backwards is 10,080 pieces.
 */
static void
test_many_pieces(void)
{
	struct hours *h = hours_new(0);
	size_t c = hours_client_id(h, "C", 1), s = hours_service_id(h, "g", 1);
	size_t t = hours_service_id(h, "a", 1);
	long mon = day("2026-11-23");
	const struct hours_row *r;
	size_t n;
	int i;

	for (i = 0; i < 8191; i++)
		hours_attended(h, c, mon + i / 1440, i % 1440, i % 1440 + 1, s);
	for (i = 0; i < 20000; i++)
		hours_attended(h, c, mon, 0, 1, s);
	for (i = 7 * 1440 - 1; i >= 0; i--)
		hours_attended(h, c, mon + i / 1440, i % 1440, i % 1440 + 1, t);
	/* one that began first takes a whole day from the pieces */
	hours_attended(h, c, mon + 6, 0, 1440, t);
	r = hours_rows(h, &n);
	ok(n == 1 && r[0].minutes == 7 * 1440 && r[0].days == 7 &&
	    r[0].sessions == 8191 + 20000 + 7 * 1440 + 1,
	    "8,191 sessions, 20,000 copies, a week of one-minute sessions");
	/* g and a tie on each minute: a sorts first */
	ok(r[0].service[t] == 7 * 1440 && r[0].service[s] == 0,
	    "every minute to the service that sorts first");
	hours_free(h);
}

static int
enrolled_even(void *arg, size_t client, long first, long last)
{
	long *lo = arg;

	return client % 2 == 0 || first >= *lo;
}

/*
 * Rows made for expected clients as they are read: merged with the
 * client-weeks in order, for weeks with no records too, and the same
 * from any place a cursor starts.
 */
static void
test_expect(void)
{
	struct hours *h = hours_new(0);
	size_t ids[2000], n, i, s, bad = 0;
	char name[16];
	long mon = day("2026-11-02"), lo = day("2026-11-16");
	struct hours_cursor cur;
	struct hours_row row, *all;
	long svc[2];

	s = hours_service_id(h, "g", 1);
	for (i = 0; i < 2000; i++) {
		snprintf(name, sizeof name, "C%04zu", 1999 - i);
		ids[i] = hours_client_id(h, name, strlen(name));
	}
	/*
	 * C0000 and C1000 (clients 1999 and 999, odd) attend in week 2;
	 * the period is weeks 1 to 4; even clients (odd ids) are expected
	 * all along, the others from week 3.
	 */
	hours_attended(h, ids[1999], mon + 7, 60, 120, s);
	hours_attended(h, ids[999], mon + 8, 60, 180, s);
	hours_expect(h, ids, 2000, mon + 2, mon + 22, enrolled_even, &lo);
	n = hours_prepare(h);
	ok(n == 1000 + 1002 + 2000 + 2000, "rows for the expected clients "
	    "each week, and for those with records (%zu)", n);
	all = calloc(n, sizeof *all);
	row.service = svc;
	hours_seek(h, &cur, 0);
	for (i = 0; i < n; i++) {
		all[i].service = svc;
		if (!hours_next(h, &cur, &all[i]))
			break;
		if (i > 0 && (all[i].week < all[i - 1].week ||
		    (all[i].week == all[i - 1].week &&
		    strcmp(hours_client(h, all[i - 1].client),
		    hours_client(h, all[i].client)) >= 0)))
			bad++;
	}
	ok(i == n && bad == 0, "in order of week, then client id");
	ok(all[0].week == mon && all[1000].week == mon + 7 &&
	    strcmp(hours_client(h, all[1000].client), "C0000") == 0 &&
	    all[1000].minutes == 60 && all[1000].sessions == 1,
	    "a client with records has them in the week's row");
	/* after C0000 and the 500 odd ids below 1000 */
	ok(strcmp(hours_client(h, all[1501].client), "C1000") == 0 &&
	    all[1501].minutes == 120, "C1000's week");
	ok(all[1001].minutes == 0 && all[1001].sessions == 0 &&
	    all[1001].week == mon + 7, "an expected client without records: "
	    "an empty row");
	for (bad = 0, i = 0; i < n; i += 777) {
		size_t k;

		hours_seek(h, &cur, i);
		for (k = i; k < i + 1500 && k < n; k++)
			if (!hours_next(h, &cur, &row) || row.client !=
			    all[k].client || row.week != all[k].week ||
			    row.minutes != all[k].minutes)
				bad++;
	}
	ok(bad == 0, "a cursor put anywhere reads the same rows");
	ok(!hours_next(h, &cur, &row), "and nothing after the last");
	free(all);
	hours_free(h);
}

static int
enrolled_all(void *arg, size_t client, long first, long last)
{
	(void)arg;
	(void)client;
	(void)first;
	return 1;
}

/*
 * A table of weeks from Monday 2026-11-02 on, week i attended by the
 * first size[i] of 6,000 clients (C00000 ...); with expect, the last
 * 1,000 clients expected in the last week and the week after, and the
 * very last of them, C05999, attending the last week too.
 */
static struct hours *
weeks_of(const size_t *size, size_t nweeks, int expect)
{
	struct hours *h = hours_new(0);
	size_t ids[6000], i, w, s = hours_service_id(h, "g", 1);
	long mon = day("2026-11-02");
	char name[16];

	for (i = 0; i < 6000; i++) {
		snprintf(name, sizeof name, "C%05zu", i);
		ids[i] = hours_client_id(h, name, strlen(name));
	}
	for (w = 0; w < nweeks; w++)
		for (i = 0; i < size[w]; i++)
			hours_attended(h, ids[i], mon + 7 * (long)w, 60, 120, s);
	if (expect) {
		/* C05999 also attends the last week, after the expected C05000 */
		hours_attended(h, ids[5999], mon + 7 * (long)(nweeks - 1), 60,
		    120, s);
		hours_expect(h, ids + 5000, 1000, mon + 7 * (long)(nweeks - 1),
		    mon + 7 * (long)nweeks + 6, enrolled_all, NULL);
	}
	return h;
}

/*
 * A cursor put at each multiple of HOURS_STEP (where hours_prepare()
 * keeps one) reads the rows that a read from the first row finds there,
 * and nothing past the last.
 */
static int
checkpoints_agree(struct hours *h, size_t n)
{
	struct hours_cursor cur;
	struct hours_row *all = calloc(n + 1, sizeof *all), row;
	long svc[1];
	size_t i, k, bad = 0;

	row.service = svc;
	hours_seek(h, &cur, 0);
	for (i = 0; i < n; i++) {
		all[i].service = svc;
		if (!hours_next(h, &cur, &all[i]))
			bad++;
	}
	if (hours_next(h, &cur, &row))
		bad++;
	for (i = 0; i <= n; i += HOURS_STEP) {
		hours_seek(h, &cur, i);
		for (k = i; k < i + HOURS_STEP + 10 && k < n; k++)
			if (!hours_next(h, &cur, &row) || row.client !=
			    all[k].client || row.week != all[k].week ||
			    row.minutes != all[k].minutes)
				bad++;
		if (k == n && hours_next(h, &cur, &row))
			bad++;
	}
	free(all);
	return bad == 0;
}

/*
 * hours_prepare() counts the rows of a week without expected clients a
 * run at a time: the checkpoints must be where a count row by row puts
 * them, in a week, at a week's start, at the very end, and where weeks
 * with expected clients follow.
 */
static void
test_checkpoints(void)
{
	static const size_t uneven[] = { 5000, 3000, 4096, 1 };
	static const size_t exact[] = { 4096, 4096 };
	struct hours *h;
	size_t n;

	h = weeks_of(uneven, 4, 0);
	n = hours_prepare(h);
	ok(n == 12097, "weeks of 5000, 3000, 4096 and 1 rows: 12097 (%zu)", n);
	ok(checkpoints_agree(h, n), "each checkpoint reads as a read from row 0");
	hours_free(h);
	h = weeks_of(exact, 2, 0);
	n = hours_prepare(h);
	ok(n == 8192, "two weeks of 4096 rows: 8192 (%zu)", n);
	ok(checkpoints_agree(h, n), "a checkpoint at the end reads nothing");
	hours_free(h);
	/*
	 * The last week: C00000 and C05999 attend, C05000 to C05999 are
	 * expected (C05999 one row); the week after, the 1,000 expected.
	 */
	h = weeks_of(uneven, 4, 1);
	n = hours_prepare(h);
	ok(n == 5000 + 3000 + 4096 + 1001 + 1000, "and expected rows in the "
	    "last week and the next: 14097 (%zu)", n);
	ok(checkpoints_agree(h, n), "each checkpoint reads as a read from row 0, "
	    "into the expected weeks");
	hours_free(h);
}

/*
 * A large table's weeks are put in order on two threads, each a run of
 * weeks: every week's rows must come out by client id, in both runs.
 */
static void
test_order_two_threads(void)
{
	static const size_t size[12] = { 6000, 6000, 6000, 6000, 6000, 6000,
	    6000, 6000, 6000, 6000, 6000, 6000 };
	struct hours *h = weeks_of(size, 12, 0);
	struct hours_cursor cur;
	struct hours_row row;
	long svc[1];
	size_t n, i, bad = 0;

	n = hours_prepare(h);
	ok(n == 72000, "12 weeks of 6000 client-weeks: 72000 rows (%zu)", n);
	row.service = svc;
	hours_seek(h, &cur, 0);
	for (i = 0; i < n && hours_next(h, &cur, &row); i++) {
		/* week i / 6000, client i % 6000, whose id is C0... */
		if (row.week != day("2026-11-02") + 7 * (long)(i / 6000) ||
		    row.client != i % 6000 || row.minutes != 60)
			bad++;
	}
	ok(i == n && bad == 0, "each week's rows by client id (%zu out of "
	    "place)", bad);
	hours_free(h);
}

/* A child that seeds afresh and writes the hash of a client id to fd. */
static void
hash_in_child(int fd)
{
	struct hours *h = hours_new(0);		/* seeds the names' hash */
	uint64_t v = keyset_hash("C1662193", 8);

	(void)h;
	_exit(write(fd, &v, sizeof v) == sizeof v ? 0 : 1);
}

/*
 * The client-id hash (keyset_hash(), which hours.c uses) differs from
 * process to process, so that no log can be made whose ids all land in
 * one run of slots.  Two children, forked before this process has
 * seeded its own, each seed afresh.
 */
static void
test_seeded_hash(void)
{
	uint64_t v[2] = { 0, 0 };
	int fd[2], i, st, good = 1;

	if (pipe(fd) == -1)
		good = 0;
	for (i = 0; good && i < 2; i++) {
		pid_t pid = fork();

		if (pid == 0)
			hash_in_child(fd[1]);
		if (pid == -1 || read(fd[0], &v[i], sizeof v[i]) != sizeof v[i] ||
		    waitpid(pid, &st, 0) == -1 || st != 0)
			good = 0;
	}
	ok(good && v[0] != v[1], "two processes hash a client id differently");
}

int
main(void)
{
	test_seeded_hash();	/* first: before this process seeds */
	test_overlap();
	test_many();
	test_order_and_touch();
	test_new_year();
	test_compact_keeps_start();
	test_streams();
	test_reference();
	test_many_pieces();
	test_expect();
	test_checkpoints();
	test_order_two_threads();
	return tap_done();
}
