/* Unit tests of lib/hours.c: unions, attribution, weeks, compaction. */
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

int
main(void)
{
	test_overlap();
	test_many();
	test_order_and_touch();
	test_new_year();
	return tap_done();
}
