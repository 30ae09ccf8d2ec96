/*
 * Unit tests of lib/auth.c: each payer rule at its edge, the statuses
 * and bands at their thresholds, the built-in profiles; the client
 * numbers shared by two threads, and their lock given back when running
 * out of memory ends a thread under it.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "auth.h"
#include "date.h"
#include "diag_impl.h"
#include "hours.h"
#include "tap.h"

/*
 * Running out of memory on demand: the next realloc() of the thread
 * that sets fail_next_realloc fails (xalloc.c grows every array with
 * it).  glibc only, and not under AddressSanitizer, which has its own
 * realloc(); elsewhere that test is skipped.
 */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#endif
#if defined(__GLIBC__) && !defined(UNDER_ASAN)
#define FAIL_REALLOC 1
extern void *__libc_realloc(void *, size_t);
static _Thread_local int fail_next_realloc;

void *
realloc(void *p, size_t n)
{
	if (fail_next_realloc) {
		fail_next_realloc = 0;
		return NULL;
	}
	return __libc_realloc(p, n);
}
#endif

static struct payers ps;

static long
day(const char *s)
{
	long d = 0;

	date_parse(s, &d);
	return d;
}

/* H0015 and S9480: 179 minutes (2.98 h) is short, 180 (3.00 h) counts. */
static void
test_hours_rule(void)
{
	const struct payer *h = payer_find(&ps, "H0015");
	const struct payer *s = payer_find(&ps, "s9480");
	char cls[16];
	const char *code;

	ok(strcmp(h->name, "h0015") == 0, "payer H0015 found in any case");
	ok(!auth_day_class(h, 179, 2, cls, &code) && strcmp(cls, "short") == 0 &&
	    *code == '\0', "H0015: 2.98 h is short, no code");
	ok(auth_day_class(h, 180, 1, cls, &code) && strcmp(cls, "per_diem") ==
	    0 && strcmp(code, "H0015") == 0, "H0015: 3.00 h is a per diem");
	ok(!auth_day_class(s, 179, 3, cls, &code), "S9480: 2.98 h is short");
	ok(auth_day_class(s, 180, 3, cls, &code) && strcmp(code, "S9480") == 0,
	    "S9480: 3.00 h is a per diem");
	ok(auth_day_units(h, UNIT_DAY, 179, 2) == 0 &&
	    auth_day_units(h, UNIT_DAY, 180, 2) == 1, "H0015 day units 0, 1");
	ok(auth_day_units(h, UNIT_SESSION, 180, 2) == 2,
	    "H0015 session units: the sessions of a day that counts");
}

/* Medicare: 2 services not payable, 3 the low class, 4 the high. */
static void
test_services_rule(void)
{
	const struct payer *m = payer_find(&ps, "Medicare");
	char cls[16];
	const char *code;

	ok(!auth_day_class(m, 600, 2, cls, &code) && strcmp(cls, "under_3") ==
	    0 && *code == '\0', "Medicare: 2 services not payable");
	ok(auth_day_class(m, 60, 3, cls, &code) && strcmp(cls, "3") == 0 &&
	    strcmp(code, "5851") == 0, "Medicare: 3 services, APC 5851");
	ok(auth_day_class(m, 60, 4, cls, &code) && strcmp(cls, "4+") == 0 &&
	    strcmp(code, "5852") == 0, "Medicare: 4 services, APC 5852");
	ok(auth_day_class(m, 60, 7, cls, &code) && strcmp(cls, "4+") == 0,
	    "Medicare: 7 services, 4+");
	ok(m->recert_days == 60 && m->php_window_days == 7,
	    "Medicare: recertification 60 days, PHP window 7");
}

static void
test_default_rule(void)
{
	const struct payer *d = payer_find(&ps, "Acme Health");
	char cls[16];
	const char *code;

	ok(strcmp(d->name, "default") == 0, "an unknown payer is default");
	ok(auth_day_class(d, 1, 1, cls, &code) && strcmp(cls, "day") == 0,
	    "default: any attendance is a day");
	ok(auth_day_units(d, UNIT_HOUR, 67, 1) == 60 * AUTH_TICKS_MINUTE &&
	    auth_day_units(d, UNIT_HOUR, 68, 1) == 75 * AUTH_TICKS_MINUTE,
	    "hours: 67 minutes round to 60, 68 to 75");
	ok(auth_round(7, 15) == 0 && auth_round(8, 15) == 15 &&
	    auth_round(7, 1) == 7, "rounding: half up to the step");
	ok(payer_qualifies(d, "anything", 8), "default: every service qualifies");
}

static enum auth_status
st(long units, long used, const char *end, const char *asof)
{
	struct auth_state s;

	s.units = units;
	s.used = used;
	s.start = day("2026-01-01");
	s.end = day(end);
	s.asof = day(asof);
	return auth_status(&ps, &s);
}

/* Each status at its edge; expiring at 14 days, low under 34 %. */
static void
test_status(void)
{
	ok(st(10, 11, "2026-12-31", "2026-06-01") == ST_OVER, "over: used > units");
	ok(st(10, 10, "2026-12-31", "2026-06-01") == ST_EXHAUSTED,
	    "exhausted: used == units");
	ok(st(10, 9, "2026-06-01", "2026-06-02") == ST_EXPIRED,
	    "expired: the day after the end");
	ok(st(10, 0, "2026-06-15", "2026-06-01") == ST_EXPIRING,
	    "expiring: 14 days left");
	ok(st(10, 0, "2026-06-16", "2026-06-01") == ST_OK, "ok: 15 days left");
	ok(st(100, 67, "2026-12-31", "2026-06-01") == ST_LOW,
	    "low: 33 %% left");
	ok(st(100, 66, "2026-12-31", "2026-06-01") == ST_OK, "ok: 34 %% left");
	ok(st(10, 9, "2026-06-01", "2026-06-01") == ST_EXPIRING,
	    "expiring on the last day");
}

static void
test_band(void)
{
	char b[32];

	ok(auth_band(&ps, 100, 33) == BAND_GREEN, "67 %% left: green");
	ok(auth_band(&ps, 100, 34) == BAND_YELLOW, "66 %% left: yellow");
	ok(auth_band(&ps, 100, 66) == BAND_YELLOW, "34 %% left: yellow");
	ok(auth_band(&ps, 100, 67) == BAND_RED, "33 %% left: red");
	ok(auth_band(&ps, 3, 1) == BAND_YELLOW,
	    "2 of 3 left (66.7 %%) is yellow: compared exactly, not rounded");
	auth_fmt_pct(3, 1, b);
	ok(strcmp(b, "66.7") == 0, "2 of 3 left: 66.7");
	auth_fmt_pct(10, 12, b);
	ok(strcmp(b, "0.0") == 0, "over: 0.0");
}

static void
test_dates(void)
{
	struct auth_state s;

	s.units = 1;
	s.used = 0;
	s.start = day("2026-12-15");
	s.end = day("2027-01-14");
	s.asof = day("2026-12-30");
	ok(auth_days_left(&s) == 15, "days left across New Year: 15");
	s.asof = day("2027-01-15");
	ok(auth_days_left(&s) == 0, "days left once ended: 0");
	ok(auth_due(&ps, day("2026-06-15"), day("2026-06-01")),
	    "review 14 days away is due");
	ok(!auth_due(&ps, day("2026-06-16"), day("2026-06-01")),
	    "review 15 days away is not");
	ok(auth_due(&ps, day("2026-05-01"), day("2026-06-01")),
	    "a past review is due");
	ok(!auth_due(&ps, AUTH_NONE, day("2026-06-01")), "no review date");
}

static void
test_parse_hours(void)
{
	long m = -1;

	/* ticks of 12 seconds: 300 an hour, 3 a hundredth, 5 a minute */
	ok(auth_parse_hours("400", &m) == 0 && m == 120000,
	    "400 hours: past num_hours()'s week");
	ok(auth_parse_hours("12.5", &m) == 0 && m == 3750, "12.5 hours");
	ok(auth_parse_hours("2.55", &m) == 0 && m == 765, "2.55 hours");
	ok(auth_parse_hours("0.01", &m) == 0 && m == 3,
	    "0.01 hours: 36 seconds, not a minute");
	ok(auth_parse_hours("7.99", &m) == 0 && m == 2397,
	    "7.99 hours: not 479 minutes");
	ok(auth_parse_hours("1000000", &m) == 0 && m == 300000000L,
	    "1000000 hours: the most");
	ok(auth_parse_hours("1000000.01", &m) == -1, "past the most");
	ok(auth_parse_hours("0", &m) == -1 && auth_parse_hours("0.00", &m) ==
	    -1, "0 hours refused");
	ok(auth_parse_hours("2.555", &m) == -1 && auth_parse_hours("2.", &m) ==
	    -1 && auth_parse_hours(".5", &m) == -1 &&
	    auth_parse_hours("1e3", &m) == -1 && auth_parse_hours("", &m) == -1,
	    "three decimals, a bare point, an exponent, nothing refused");
}

static void
test_fmt_ticks(void)
{
	char b[32], c[32], d[32], e[32];

	auth_fmt_ticks(2397, b);
	auth_fmt_ticks(2397 - 180 * AUTH_TICKS_MINUTE, c);
	ok(strcmp(b, "7.99") == 0 && strcmp(c, "4.99") == 0,
	    "7.99 hours, and 4.99 left after 3 hours");
	auth_fmt_ticks(67 * AUTH_TICKS_MINUTE, b);
	auth_fmt_ticks(68 * AUTH_TICKS_MINUTE, c);
	ok(strcmp(b, "1.12") == 0 && strcmp(c, "1.13") == 0,
	    "67 minutes 1.12 (1.1167), 68 minutes 1.13 (1.1333)");
	auth_fmt_ticks(1, b);
	auth_fmt_ticks(2, c);
	auth_fmt_ticks(0, d);
	auth_fmt_ticks(300000000L, e);
	ok(strcmp(b, "0.00") == 0 && strcmp(c, "0.01") == 0 &&
	    strcmp(d, "0.00") == 0 && strcmp(e, "1000000.00") == 0,
	    "a third of a hundredth down, two thirds up; none; the most");
}

static void
test_names(void)
{
	ok(auth_unit_parse("day") == UNIT_DAY && auth_unit_parse("hour") ==
	    UNIT_HOUR && auth_unit_parse("days") == -1, "unit names");
	ok(strcmp(auth_rule_name(AR_SERVICE_OUTSIDE_AUTH),
	    "service_outside_auth") == 0, "rule names");
}

/*
 * auth_day_counts() is auth_day_class() without the class: the edges
 * by hand (179 and 180 minutes, 2 and 3 services, none), then every
 * profile over a grid of days against auth_day_class().
 */
static void
test_counts(void)
{
	static const char *const names[] = { "default", "H0015", "S9480",
	    "Medicare" };
	const struct payer *h = payer_find(&ps, "H0015");
	const struct payer *m = payer_find(&ps, "Medicare");
	const struct payer *d = payer_find(&ps, "default");
	char cls[16];
	const char *code;
	long min, n, bad = 0;
	size_t i;

	ok(!auth_day_counts(h, 179, 2) && auth_day_counts(h, 180, 1) &&
	    !auth_day_counts(h, 600, 0), "counts: H0015 at 2.98 and 3.00 h");
	ok(!auth_day_counts(m, 600, 2) && auth_day_counts(m, 10, 3) &&
	    auth_day_counts(m, 10, 4), "counts: Medicare at 2, 3, 4 services");
	ok(!auth_day_counts(d, 0, 0) && auth_day_counts(d, 1, 1),
	    "counts: default, any service");
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		const struct payer *p = payer_find(&ps, names[i]);

		for (min = 0; min <= 1500; min += 5)
			for (n = 0; n <= 12; n++)
				bad += auth_day_counts(p, min, n) !=
				    auth_day_class(p, min, n, cls, &code);
	}
	ok(bad == 0, "counts: as auth_day_class() on every profile");
}

/* Two threads number overlapping sets of clients at once. */
#define IDS_EACH	60000
#define IDS_OVERLAP	20000

struct numbering {
	struct auth_ids	*ids;
	int		 first;		/* the clients C<first> on */
	size_t		 id[IDS_EACH];
};

static void *
number_clients(void *arg)
{
	struct numbering *nb = arg;
	char s[32];
	int i, len;

	for (i = 0; i < IDS_EACH; i++) {
		len = snprintf(s, sizeof s, "C%d", nb->first + i);
		nb->id[i] = auth_client_id(nb->ids, s, (size_t)len);
	}
	return NULL;
}

/*
 * Each client has one number, whichever thread asked first: 100,000
 * clients in all, the 20,000 both threads name with the same number in
 * both, and each number naming its client in the table.
 */
static void
test_ids_threads(void)
{
	static struct numbering a, b;
	struct hours *h = hours_new(HOURS_DAILY);
	pthread_t ta, tb;
	size_t i, same = 0, named = 0;
	char s[32];

	a.ids = b.ids = auth_ids_new(h);
	a.first = 0;
	b.first = IDS_EACH - IDS_OVERLAP;
	pthread_create(&ta, NULL, number_clients, &a);
	pthread_create(&tb, NULL, number_clients, &b);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	for (i = 0; i < IDS_OVERLAP; i++)
		same += a.id[IDS_EACH - IDS_OVERLAP + i] == b.id[i];
	for (i = 0; i < IDS_EACH; i++) {
		snprintf(s, sizeof s, "C%zu", i);
		named += strcmp(hours_client(h, a.id[i]), s) == 0;
	}
	ok(hours_nclients(h) == 2 * IDS_EACH - IDS_OVERLAP,
	    "client numbers from two threads: 100000 clients");
	ok(same == IDS_OVERLAP, "the clients both threads name: one number");
	ok(named == IDS_EACH, "each number names its client");
	auth_ids_free(a.ids);
	hours_free(h);
}

#ifdef FAIL_REALLOC
/* Is realloc() the one above?  Not under valgrind, which has its own. */
static int
realloc_fails(void)
{
	/* called through a pointer: the compiler may not drop the pair */
	void *(*volatile re)(void *, size_t) = realloc;
	char *p = malloc(16), *q;

	fail_next_realloc = 1;
	q = re(p, 32);
	fail_next_realloc = 0;
	free(q != NULL ? q : p);
	return q == NULL;
}

static struct auth_ids *oom_ids;
static struct diag_hold oom_held;

/* As attlog_read.c's second half: messages held, an error ends it. */
static void *
number_out_of_memory(void *arg)
{
	diag_hold(&oom_held);
	fail_next_realloc = 1;
	auth_client_id(oom_ids, "C64", 3);
	return (void *)1;	/* not reached: the thread has ended */
}
#endif

/*
 * Out of memory under the lock ends the thread: the 65th client grows
 * the table's array of names (names.c), and that realloc() fails.  The
 * lock must go with the thread, or the next lookup would wait for ever
 * (the alarm then ends the test).  That lookup is of a client numbered
 * before, since the table is not to be grown again after a failure.
 */
static void
test_ids_error(void)
{
#ifdef FAIL_REALLOC
	struct hours *h = hours_new(HOURS_DAILY);
	pthread_t t;
	void *ret = NULL;
	char s[32];
	int i, len;

	if (!realloc_fails()) {
		ok(1, "# SKIP realloc() is not this test's (valgrind?)");
		hours_free(h);
		return;
	}
	oom_ids = auth_ids_new(h);
	for (i = 0; i < 64; i++) {
		len = snprintf(s, sizeof s, "C%d", i);
		auth_client_id(oom_ids, s, (size_t)len);
	}
	pthread_create(&t, NULL, number_out_of_memory, NULL);
	pthread_join(t, &ret);
	ok(ret != (void *)1 && hours_nclients(h) == 64,
	    "out of memory under the lock ends the thread");
	ok(strcmp(oom_held.msg, "auth: out of memory\n") == 0 &&
	    oom_held.status == 2, "... with its message held, status 2");
	fflush(stdout);		/* what came before, should the alarm end it */
	alarm(10);
	ok(auth_client_id(oom_ids, "C0", 2) == 0,
	    "... and the lock released: a client is looked up again");
	alarm(0);
	auth_ids_free(oom_ids);
	hours_free(h);
#else
	ok(1, "# SKIP no failing realloc() here (glibc without ASan only)");
#endif
}

int
main(void)
{
	diag_init("auth");
	if (payer_load(&ps, NULL) == -1)
		return 1;
	test_hours_rule();
	test_services_rule();
	test_default_rule();
	test_status();
	test_band();
	test_dates();
	test_parse_hours();
	test_fmt_ticks();
	test_names();
	test_counts();
	test_ids_threads();
	test_ids_error();
	payer_free(&ps);
	return tap_done();
}
