/* Unit tests of lib/date.c and the hour helpers of lib/opt.c. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "opt.h"
#include "tap.h"

static long
day(const char *s)
{
	long d = -999999;

	date_parse(s, &d);
	return d;
}

static const char *
isoweek(const char *s)
{
	static char buf[WEEK_LEN];

	date_week_label(date_week_start(day(s), 0), 0, buf);
	return buf;
}

static void
test_dates(void)
{
	static const char *const bad[] = {
		"2026-02-29", "2026-02-30", "2100-02-29", "2026-13-01",
		"2026-00-10", "2026-01-00", "2026-04-31", "2026-1-5",
		"2026-01-05 ", " 2026-01-05", "2026/01/05", "26-01-05",
		"0999-12-31", "", "2026-01-0x"
	};
	char buf[DATE_LEN];
	long d;
	size_t i;

	ok(day("1970-01-01") == 0, "epoch is day 0");
	ok(day("2000-03-01") == 11017, "2000-03-01 after a leap February");
	ok(day("2026-11-23") == 20780, "2026-11-23 is day 20780");
	ok(day("2028-02-29") == 21243, "2028-02-29 exists");
	ok(day("2000-02-29") != -999999, "2000 is a leap year");
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ok(date_parse(bad[i], &d) == -1, "'%s' is not a date", bad[i]);
	date_format(21243, buf);
	ok(strcmp(buf, "2028-02-29") == 0, "format 21243 is 2028-02-29");
	date_format(day("2026-12-31") + 1, buf);
	ok(strcmp(buf, "2027-01-01") == 0, "the day after New Year's Eve");
	ok(date_weekday(day("2026-11-23")) == 0, "2026-11-23 is a Monday");
	ok(date_weekday(day("2027-01-03")) == 6, "2027-01-03 is a Sunday");
	ok(date_weekday(day("1969-12-31")) == 2, "1969-12-31 was a Wednesday");
}

static void
test_weeks(void)
{
	long mon;
	char buf[WEEK_LEN];

	ok(strcmp(isoweek("2026-11-23"), "2026-W48") == 0, "2026-W48");
	ok(strcmp(isoweek("2026-11-29"), "2026-W48") == 0, "Sunday ends W48");
	ok(strcmp(isoweek("2026-11-30"), "2026-W49") == 0, "Monday starts W49");
	ok(strcmp(isoweek("2026-12-31"), "2026-W53") == 0, "2026 has a W53");
	ok(strcmp(isoweek("2027-01-01"), "2026-W53") == 0,
	    "2027-01-01 is in 2026-W53");
	ok(strcmp(isoweek("2027-01-03"), "2026-W53") == 0,
	    "2027-01-03 is in 2026-W53");
	ok(strcmp(isoweek("2027-01-04"), "2027-W01") == 0, "2027-W01");
	ok(strcmp(isoweek("2024-12-30"), "2025-W01") == 0,
	    "2024-12-30 is in 2025-W01 (week-year edge)");
	ok(strcmp(isoweek("2021-01-03"), "2020-W53") == 0, "2020-W53");
	ok(date_parse_isoweek("2026-W53", &mon) == 0 &&
	    mon == day("2026-12-28"), "2026-W53 starts 2026-12-28");
	ok(date_parse_isoweek("2025-W01", &mon) == 0 &&
	    mon == day("2024-12-30"), "2025-W01 starts 2024-12-30");
	ok(date_parse_isoweek("2025-W53", &mon) == -1, "2025 has no W53");
	/* 2021-01-01 is a Friday: it and the weekend are in 2020-W53 */
	ok(strcmp(isoweek("2021-01-01"), "2020-W53") == 0,
	    "2021-01-01 (a Friday) is in 2020-W53");
	ok(strcmp(isoweek("2021-01-04"), "2021-W01") == 0,
	    "2021-W01 starts on Monday 2021-01-04");
	ok(date_parse_isoweek("2021-W01", &mon) == 0 &&
	    mon == day("2021-01-04"), "2021-W01 is the week of 2021-01-04");
	ok(date_parse_isoweek("2020-W53", &mon) == 0 &&
	    mon == day("2020-12-28"), "2020-W53 starts 2020-12-28");
	ok(date_parse_isoweek("2021-W53", &mon) == -1, "2021 has no W53");
	ok(date_week_start(day("2021-01-03"), 0) == day("2020-12-28"),
	    "2021-01-03 is in the Monday week of 2020-12-28");
	date_week_label(day("2021-01-04"), 0, buf);
	ok(strcmp(buf, "2021-W01") == 0, "the week of 2021-01-04 is 2021-W01");
	ok(date_parse_isoweek("2026-W00", &mon) == -1, "no week 0");
	ok(date_parse_isoweek("2026-W5", &mon) == -1, "two-digit weeks");
	ok(date_week_start(day("2026-11-27"), 6) == day("2026-11-22"),
	    "Sunday weeks: 2026-11-27 is in the week of 2026-11-22");
	ok(date_week_start(day("2026-11-22"), 6) == day("2026-11-22"),
	    "a Sunday starts its own Sunday week");
	date_week_label(day("2026-11-22"), 6, buf);
	ok(strcmp(buf, "2026-11-22") == 0, "Sunday weeks are labelled by date");
	ok(date_weekday_parse("Sunday") == 6 && date_weekday_parse("mon") == 0,
	    "weekday names");
	ok(date_weekday_parse("mo") == -1 && date_weekday_parse("") == -1,
	    "weekday names must be whole or three letters");
}

static void
test_times(void)
{
	int m = -1;

	ok(time_parse("00:00", 0, &m) == 0 && m == 0, "00:00");
	ok(time_parse("23:59", 0, &m) == 0 && m == 1439, "23:59");
	ok(time_parse("24:00", 0, &m) == -1, "24:00 is not a start");
	ok(time_parse("24:00", 1, &m) == 0 && m == 1440, "24:00 as an end");
	ok(time_parse("24:01", 1, &m) == -1, "24:01");
	ok(time_parse("12:60", 0, &m) == -1, "12:60");
	ok(time_parse("9:00", 0, &m) == -1, "9:00 needs two digits");
	ok(time_parse("09:00:00", 0, &m) == -1, "no seconds");
	ok(time_parse("09.00", 0, &m) == -1, "09.00");
}

static void
test_hours(void)
{
	char buf[32];
	long m;

	ok(num_hours("9", &m) == 0 && m == 540, "9 hours");
	ok(num_hours("7.5", &m) == 0 && m == 450, "7.5 hours");
	ok(num_hours("7.25", &m) == 0 && m == 435, "7.25 hours");
	ok(num_hours("7,5", &m) == -1, "no decimal comma");
	ok(num_hours("-1", &m) == -1 && num_hours("", &m) == -1, "-1, empty");
	ok(num_hours("169", &m) == -1, "more hours than a week has");
	num_fmt_hours(539, buf);
	ok(strcmp(buf, "8.98") == 0, "539 minutes are 8.98 hours");
	num_fmt_hours(1, buf);
	ok(strcmp(buf, "0.02") == 0, "1 minute rounds up to 0.02");
	num_fmt_hours(20, buf);
	ok(strcmp(buf, "0.33") == 0, "20 minutes are 0.33 hours");
	num_fmt_hours(50, buf);
	ok(strcmp(buf, "0.83") == 0, "50 minutes are 0.83 hours");
	num_fmt_hours(540, buf);
	ok(strcmp(buf, "9.00") == 0, "540 minutes are 9.00 hours");
}

/*
 * A time the clock shows twice is the first of the two (RFC 5545): in
 * New York 01:30 on 2026-11-01 is 05:30 UTC (EDT), 02:30 is 07:30 UTC
 * (EST).  mktime(3) alone placed it by its last call, so the answer
 * changed with the call before (a morning time, a winter day).
 */
static void
test_dst_repeated(void)
{
	long fb = day("2026-11-01");

	ok(time_elapsed(fb, 90, 150) == 120,
	    "01:30-02:30 on the fall-back day is two hours (01:30 EDT)");
	ok(time_elapsed(fb, 10, 40) == 30 && time_elapsed(fb, 90, 150) == 120,
	    "... and still after an earlier time of the day is placed");
	ok(time_elapsed(day("2026-12-15"), 10, 40) == 30 &&
	    time_elapsed(day("2026-03-08"), 9 * 60, 10 * 60) == 60 &&
	    time_elapsed(fb, 90, 150) == 120,
	    "... and after a winter day and another change day");
	ok(time_elapsed(fb, 70, 110) == 40,
	    "01:10-01:50, inside the repeated hour, is 40 minutes");
	ok(time_elapsed(fb, 30, 90) == 60 && time_elapsed(fb, 90, 180) == 150,
	    "00:30-01:30 is an hour, 01:30-03:00 two and a half");
	setenv("TZ", "Europe/Dublin", 1);	/* IST is standard, GMT not */
	tzset();
	ok(time_elapsed(day("2026-10-25"), 90, 150) == 120,
	    "Dublin: 01:30 IST to 02:30 GMT is two hours");
	setenv("TZ", "Australia/Lord_Howe", 1);	/* goes back 30 minutes */
	tzset();
	ok(time_elapsed(day("2026-04-05"), 100, 130) == 60,
	    "Lord Howe: 01:40 (+11:00) to 02:10 (+10:30) is an hour");
}

/*
 * Clocks that change at midnight: the day's own start is shown twice
 * or never.  Havana, 2025-11-02: 00:59:59 CDT is followed by 00:00 CST
 * (05:00 UTC), so 00:00 is first at 04:00 UTC.  Santiago: 2026-09-05
 * 23:59:59 -04 is followed by 2026-09-06 01:00 -03 (04:00 UTC); on
 * 2026-04-04 23:59:59 -03 by 23:00 -04 (03:00 UTC on 04-05).  Each day
 * is one no other zone's test has asked about (the cache of which days
 * change is by day: a program sets its zone once), and the first is
 * asked right after a winter day, which left mktime(3) guessing CST.
 */
static void
test_dst_midnight(void)
{
	setenv("TZ", "America/Havana", 1);
	tzset();
	ok(time_elapsed(day("2025-12-10"), 600, 630) == 30 &&
	    time_elapsed(day("2025-11-02"), 0, 120) == 180,
	    "Havana: 00:00 CDT to 02:00 CST is three hours");
	ok(time_elapsed(day("2025-11-02"), 30, 90) == 120,
	    "Havana: 00:30 CDT to 01:30 CST is two hours");
	setenv("TZ", "America/Santiago", 1);
	tzset();
	ok(time_elapsed(day("2026-09-06"), 0, 120) == 60,
	    "Santiago: 00:00, skipped, is 01:00: 00:00-02:00 is an hour");
	ok(time_elapsed(day("2026-09-06"), 0, 24 * 60) == 23 * 60,
	    "Santiago: the day the clock skips midnight is 23 hours");
	ok(time_elapsed(day("2026-04-04"), 22 * 60, 24 * 60) == 180,
	    "Santiago: 22:00 -03 to midnight -04 is three hours");
}

/*
 * On each day a zone's clock changes in 2026, every split of a span at
 * each half hour adds up to the whole, no span is negative, and the
 * whole day is 24 hours plus or minus the change: the instants of a
 * day's times never go back, whichever of a time's two is taken.
 */
static void
test_dst_adds_up(void)
{
	static const struct { const char *tz, *day; int len; } c[] = {
		{ "America/New_York", "2026-03-08", 23 * 60 },
		{ "America/New_York", "2026-11-01", 25 * 60 },
		{ "America/Havana", "2026-03-08", 23 * 60 },
		{ "America/Havana", "2026-11-01", 25 * 60 },
		{ "America/Santiago", "2026-09-06", 23 * 60 },
		{ "Australia/Lord_Howe", "2026-04-05", 24 * 60 + 30 },
		{ "Australia/Lord_Howe", "2026-10-04", 24 * 60 - 30 },
		{ "Europe/Dublin", "2026-10-25", 25 * 60 },
	};
	enum { N = 24 * 2 + 1 };		/* 00:00, 00:30, ... 24:00 */
	static int el[N][N];
	size_t i;
	int a, b, e, bad;

	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		long d = day(c[i].day);

		setenv("TZ", c[i].tz, 1);
		tzset();
		for (a = 0; a < N; a++)
			for (b = a; b < N; b++)
				el[a][b] = time_elapsed(d, a * 30, b * 30);
		bad = el[0][N - 1] != c[i].len;
		for (a = 0; a < N; a++)
			for (b = a; b < N; b++)
				for (e = b; e < N; e++)
					bad |= el[a][b] < 0 ||
					    el[a][b] + el[b][e] != el[a][e];
		ok(!bad, "%s %s: %d minutes, and every split adds up",
		    c[i].tz, c[i].day, c[i].len);
	}
}

static void
test_dst(void)
{
	setenv("TZ", "America/New_York", 1);
	tzset();
	ok(time_elapsed(day("2026-03-08"), 90, 210) == 60,
	    "01:30-03:30 on the spring-forward day is one hour");
	ok(time_elapsed(day("2026-11-01"), 30, 150) == 180,
	    "00:30-02:30 on the fall-back day is three hours");
	ok(time_elapsed(day("2026-03-09"), 90, 210) == 120,
	    "the next day is back to normal");
	ok(time_elapsed(day("2026-03-08"), 9 * 60, 12 * 60) == 180,
	    "a morning session on the change day is unaffected");
	ok(time_elapsed(day("2026-03-08"), 60, 150) == 60 &&
	    time_elapsed(day("2026-03-08"), 150, 180) == 0 &&
	    time_elapsed(day("2026-03-08"), 60, 180) == 60,
	    "01:00-02:30 and 02:30-03:00 add up to 01:00-03:00: an hour");
	ok(time_elapsed(day("2026-03-08"), 150, 210) == 30,
	    "02:30, which the clock skips, is when it skips to: 02:30-03:30 "
	    "is half an hour");
	ok(time_elapsed(day("2026-03-08"), 120, 24 * 60) == 21 * 60,
	    "02:00-24:00 on the spring-forward day is 21 hours");
	ok(time_elapsed(day("2026-11-01"), 60, 120) +
	    time_elapsed(day("2026-11-01"), 0, 60) ==
	    time_elapsed(day("2026-11-01"), 0, 120),
	    "the fall-back day's repeated hour adds up too");
	test_dst_repeated();
	test_dst_midnight();
	test_dst_adds_up();
	setenv("TZ", "UTC", 1);
	tzset();
	ok(time_elapsed(day("2026-03-08"), 90, 210) == 120,
	    "no change in UTC");
}

int
main(void)
{
	test_dates();
	test_weeks();
	test_times();
	test_hours();
	test_dst();
	return tap_done();
}
