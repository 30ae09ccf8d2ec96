/* Unit tests of lib/hours.c: unions, attribution, weeks, compaction. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "hours.h"
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

/* One random record into both one and half. */
static void
add_random(struct hours *one, struct hours *half)
{
	static const char *const svc[5] = { "group", "ind", "fam", "cbt", "dbt" };
	static const char *const cl[7] = { "C1", "C2", "C3", "C4", "C5", "C6",
	    "C7" };
	unsigned c = rnd(7), s = rnd(5), st = rnd(1380);
	long d = day("2026-12-21") + (long)rnd(21);
	int e = (int)st + 1 + (int)rnd(180);

	if (e > 1440)
		e = 1440;
	if (rnd(10) == 0) {
		hours_missed(one, hours_client_id(one, cl[c], 2), d);
		hours_missed(half, hours_client_id(half, cl[c], 2), d);
		return;
	}
	hours_attended(one, hours_client_id(one, cl[c], 2), d, (int)st, e,
	    hours_service_id(one, svc[s], strlen(svc[s])));
	hours_attended(half, hours_client_id(half, cl[c], 2), d, (int)st, e,
	    hours_service_id(half, svc[s], strlen(svc[s])));
}

/*
 * Tables merged give what one table of all the records gives: two, then
 * a third merged into the first (with a merge of its own), then more
 * records added to the first after the merges.
 */
static void
test_merge(void)
{
	static const char *const svc[5] = { "group", "ind", "fam", "cbt", "dbt" };
	struct hours *one = hours_new(0), *a = hours_new(0), *b = hours_new(0);
	struct hours *c = hours_new(0), *d = hours_new(0);
	struct rowsum *x, *y;
	size_t i, nx, ny, same = 0;

	for (i = 0; i < 3000; i++)
		add_random(one, i < 1500 ? a : b);
	hours_merge(a, b);
	for (i = 0; i < 1000; i++)
		add_random(one, i < 500 ? c : d);
	hours_merge(c, d);
	hours_merge(a, c);
	for (i = 0; i < 300; i++)
		add_random(one, a);
	ok(hours_nservices(a) == hours_nservices(one) &&
	    hours_nclients(a) == hours_nclients(one), "same clients, services");
	for (i = 0; i < hours_nservices(one); i++)
		same += strcmp(hours_service(a, i), hours_service(one, i)) == 0;
	ok(same == hours_nservices(one), "services in order of first use");
	x = summarize(one, svc, &nx);
	y = summarize(a, svc, &ny);
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
	hours_free(a);
}

int
main(void)
{
	test_overlap();
	test_many();
	test_order_and_touch();
	test_new_year();
	test_compact_keeps_start();
	test_merge();
	return tap_done();
}
