/*
 * Unit tests of the scheduler (lib/plan.c): small programs whose right
 * plan was worked out by hand, each at an edge of a rule -- a group
 * exactly full and one over, the level's maximum exactly reached and a
 * minute over, sessions that touch and sessions that overlap by a
 * minute, min_days and max_days at their limits.  Every program starts
 * on Monday 2026-11-09 and has one phase of one week unless it says
 * otherwise.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "num.h"
#include "plan.h"
#include "tap.h"
#include "xalloc.h"

static struct program prog;
static struct planner pl;
static int loaded;

/* What every test program shares; the test adds the rest. */
static const char common[] =
    "name: Test\n"
    "time_zone: America/Los_Angeles\n"
    "aftercare: []\n"
    "goals: []\n"
    "step_down_weeks: 0\n";

static const char one_phase[] =
    "phases:\n"
    "  - name: one\n"
    "    weeks: 1\n"
    "    hours: 9\n";

static void
unload(void)
{
	if (!loaded)
		return;
	plan_free(&pl);
	program_free(&prog);
	loaded = 0;
}

/* A program from parts (NULL-ended), planned from 2026-11-09. */
static void
load(const char *part, ...)
{
	char text[4096];
	const char *s;
	va_list ap;
	long start;

	unload();
	snprintf(text, sizeof text, "%s", common);
	va_start(ap, part);
	for (s = part; s != NULL; s = va_arg(ap, const char *))
		strncat(text, s, sizeof text - strlen(text) - 1);
	va_end(ap);
	/* no family sessions unless the test has some */
	if (strstr(text, "\nfamily:") == NULL)
		strncat(text, "family: []\n", sizeof text - strlen(text) - 1);
	if (program_load_text(&prog, "<test>", text) == -1) {
		printf("Bail out! a test program does not load\n");
		exit(1);
	}
	date_parse("2026-11-09", &start);
	plan_init(&pl, &prog, start);
	loaded = 1;
}

/* "; 2026-11-16 7h 2d + 2026-11-19 09:00 short" for each dated week. */
static void
describe_dweeks(const struct plan_client *c, char *out, size_t len)
{
	char date[DATE_LEN], h[32], t[6];
	size_t i, j;

	for (i = 0; i < c->ndw; i++) {
		const struct dweek *w = &c->dw[i];

		date_format(w->from, date);
		num_fmt_hours_brief(w->minutes, h);
		snprintf(out + strlen(out), len - strlen(out), "; %s %sh %dd",
		    date, h, w->days);
		for (j = 0; j < w->nmakeup; j++) {
			date_format(w->makeup[j].day, date);
			time_format(prog.slots[w->makeup[j].slot].start, t);
			snprintf(out + strlen(out), len - strlen(out),
			    " + %s %s", date, t);
		}
		if (w->isshort)
			snprintf(out + strlen(out), len - strlen(out),
			    " short");
	}
}

/*
 * Plan one adult IOP client available as avail says (empty: any time)
 * and describe the result: "infeasible", or per phase its hours, days
 * and sessions, such as "10h 3d: mon 09:00-12:00 group, ...".
 */
static const char *
plan_as(const char *avail, int family)
{
	static char out[1024];
	struct plan_client c;
	struct avail av;
	char h[32], t0[6], t1[6];
	size_t k, i;

	memset(&c, 0, sizeof c);
	c.id = xstrdup("T");
	c.level = LEVEL_IOP;
	c.family = family;
	memset(&av, 1, sizeof av);
	if (avail_add(&av, avail) == -1) {
		printf("Bail out! bad availability in a test\n");
		exit(1);
	}
	if (plan_schedule(&pl, &c, &av) == -1)
		snprintf(out, sizeof out, "infeasible");
	else {
		out[0] = '\0';
		for (k = 0; k < prog.nphases; k++) {
			const struct week *w = &c.weeks[k];

			num_fmt_hours_brief(w->minutes, h);
			snprintf(out + strlen(out), sizeof out - strlen(out),
			    "%s%sh %dd:", k > 0 ? "; " : "", h, w->days);
			for (i = 0; i < w->n; i++) {
				const struct weekly_slot *s =
				    &prog.slots[w->slot[i]];

				time_format(s->start, t0);
				time_format(s->end, t1);
				snprintf(out + strlen(out), sizeof out -
				    strlen(out), "%s %.3s %s-%s %s",
				    i > 0 ? "," : "",
				    date_weekday_name(s->day), t0, t1,
				    s->service);
			}
		}
		describe_dweeks(&c, out, sizeof out);
	}
	plan_client_free(&c, prog.nphases);
	return out;
}

static const char *
plan(const char *avail)
{
	return plan_as(avail, 0);
}

#define is(got, want, ...) do { \
	const char *got_ = (got), *want_ = (want); \
	ok(strcmp(got_, want_) == 0, __VA_ARGS__); \
	if (strcmp(got_, want_) != 0) \
		printf("#   got:  %s\n#   want: %s\n", got_, want_); \
} while (0)

static const char mon_wed_groups[] =
    "tracks:\n"
    "  - name: day\n"
    "    groups:\n"
    "      - days: mon-wed\n"
    "        start: \"09:00\"\n"
    "        end: \"12:00\"\n"
    "        title: Group\n"
    "        capacity: 2\n";

static const char mon_individual[] =
    "individual:\n"
    "  - days: mon\n"
    "    start: \"12:00\"\n"
    "    end: \"13:00\"\n"
    "    title: Individual\n"
    "    capacity: 5\n";

/*
 * Groups Monday to Wednesday 09:00-12:00 and an individual session on
 * Monday 12:00-13:00, which touches Monday's group: 3 + 3 + 3 + 1 = 10
 * hours on 3 days.  Were touching sessions taken to overlap, Monday
 * would lose one of them and the week would hold 7 hours.
 */
static void
test_touching(void)
{
	load(one_phase, "min_days: 3\n", mon_wed_groups, mon_individual,
	    NULL);
	is(plan(""), "10h 3d: mon 09:00-12:00 group, mon 12:00-13:00 "
	    "individual, tue 09:00-12:00 group, wed 09:00-12:00 group",
	    "sessions that touch (09:00-12:00, 12:00-13:00) both count");
}

/*
 * The same with groups to 12:01: Monday's group and the individual
 * session share a minute, so they cannot both be taken, and without
 * Monday's group the week is short of 9 hours.
 */
static void
test_overlap(void)
{
	load(one_phase, "min_days: 3\n",
	    "tracks:\n"
	    "  - name: day\n"
	    "    groups:\n"
	    "      - days: mon-wed\n"
	    "        start: \"09:00\"\n"
	    "        end: \"12:01\"\n"
	    "        title: Group\n",
	    mon_individual, NULL);
	is(plan(""), "infeasible", "sessions that share one minute overlap");
}

/*
 * Capacity 2: the first two clients take the groups, the group is then
 * exactly full and the third has no other track.
 */
static void
test_capacity(void)
{
	const char *want = "10h 3d: mon 09:00-12:00 group, mon 12:00-13:00 "
	    "individual, tue 09:00-12:00 group, wed 09:00-12:00 group";

	load(one_phase, mon_wed_groups, mon_individual, NULL);
	is(plan(""), want, "capacity 2: the first client has a place");
	is(plan(""), want, "capacity 2: the second fills the group exactly");
	is(plan(""), "infeasible", "capacity 2: no place for a third");
}

/*
 * Hours 9-10 and a 10-hour phase: the four sessions of test_touching
 * make exactly 10 hours, the maximum.  With the individual session a
 * minute longer they would make 10 hours and 1 minute, so one group
 * must go and the week falls to 7 hours and 1 minute: infeasible.
 */
static void
test_max_hours(void)
{
	static const char hours[] =
	    "hours:\n"
	    "  iop:\n"
	    "    adult: 9-10\n"
	    "phases:\n"
	    "  - name: one\n"
	    "    weeks: 1\n"
	    "    hours: 10\n";

	load(hours, mon_wed_groups, mon_individual, NULL);
	is(plan(""), "10h 3d: mon 09:00-12:00 group, mon 12:00-13:00 "
	    "individual, tue 09:00-12:00 group, wed 09:00-12:00 group",
	    "a week exactly at the level's maximum is planned");
	load(hours, mon_wed_groups,
	    "individual:\n"
	    "  - days: mon\n"
	    "    start: \"12:00\"\n"
	    "    end: \"13:01\"\n"
	    "    title: Individual\n", NULL);
	is(plan(""), "infeasible", "a week a minute over the maximum is not");
}

/*
 * min_days: the timetable of test_touching gives 3 days, enough for
 * min_days 3 (test_touching) and one short of min_days 4.
 */
static void
test_min_days(void)
{
	load(one_phase, "min_days: 4\n", mon_wed_groups, mon_individual,
	    NULL);
	is(plan(""), "infeasible", "3 days a week with min_days 4");
	load(one_phase, "min_days: 3\nmax_days: 3\n", mon_wed_groups,
	    mon_individual, NULL);
	is(plan(""), "10h 3d: mon 09:00-12:00 group, mon 12:00-13:00 "
	    "individual, tue 09:00-12:00 group, wed 09:00-12:00 group",
	    "3 days a week with min_days and max_days 3");
}

/*
 * max_days 2, groups every weekday 09:00-12:00 and 13:00-15:00, the
 * individual session Monday 12:00-13:00: Monday and Tuesday only, so
 * 9 hours come from a second group on Monday (1 + 3 + 2 + 3), not from
 * a third day.  With max_days 1, Monday alone holds 6 hours.
 */
static void
test_max_days(void)
{
	static const char groups[] =
	    "tracks:\n"
	    "  - name: day\n"
	    "    groups:\n"
	    "      - days: mon-fri\n"
	    "        start: \"09:00\"\n"
	    "        end: \"12:00\"\n"
	    "        title: Morning\n"
	    "      - days: mon-fri\n"
	    "        start: \"13:00\"\n"
	    "        end: \"15:00\"\n"
	    "        title: Afternoon\n";

	load(one_phase, "min_days: 2\nmax_days: 2\n", groups, mon_individual,
	    NULL);
	is(plan(""), "9h 2d: mon 09:00-12:00 group, mon 12:00-13:00 "
	    "individual, mon 13:00-15:00 group, tue 09:00-12:00 group",
	    "max_days 2: the hours come from the two days");
	load(one_phase, "min_days: 1\nmax_days: 1\n", groups, mon_individual,
	    NULL);
	is(plan(""), "infeasible", "max_days 1: 6 hours on Monday");
}

/*
 * The phase's hours are a preference, the level's minimum (9) the
 * requirement.  A 12-hour phase on the timetable of test_touching gets
 * its 10 hours.  Groups Monday and Tuesday 09:00-12:00 and Wednesday
 * 09:00-11:00 with the individual session Wednesday 11:00-12:00 make
 * exactly 9 hours, each day 3; with Wednesday's group from 09:01 they
 * make 8 hours 59 minutes.
 */
static void
test_minimum(void)
{
	static const char twelve[] =
	    "phases:\n"
	    "  - name: one\n"
	    "    weeks: 1\n"
	    "    hours: 12\n";
	static const char ind[] =
	    "individual:\n"
	    "  - days: wed\n"
	    "    start: \"11:00\"\n"
	    "    end: \"12:00\"\n"
	    "    title: Individual\n";
	static const char groups[] =
	    "tracks:\n"
	    "  - name: day\n"
	    "    groups:\n"
	    "      - days: mon,tue\n"
	    "        start: \"09:00\"\n"
	    "        end: \"12:00\"\n"
	    "        title: Group\n"
	    "      - days: wed\n"
	    "        start: \"%s\"\n"
	    "        end: \"11:00\"\n"
	    "        title: Group\n";
	char text[512];

	load(twelve, mon_wed_groups, mon_individual, NULL);
	is(plan(""), "10h 3d: mon 09:00-12:00 group, mon 12:00-13:00 "
	    "individual, tue 09:00-12:00 group, wed 09:00-12:00 group",
	    "10 hours of a 12-hour phase: planned, the minimum is 9");
	snprintf(text, sizeof text, groups, "09:00");
	load(twelve, text, ind, NULL);
	is(plan(""), "9h 3d: mon 09:00-12:00 group, tue 09:00-12:00 group, "
	    "wed 09:00-11:00 group, wed 11:00-12:00 individual",
	    "exactly the minimum of 9 hours is planned");
	snprintf(text, sizeof text, groups, "09:01");
	load(twelve, text, ind, NULL);
	is(plan(""), "infeasible", "a minute under the minimum is not");
}

/*
 * Two weeks of Monday (group and individual), Tuesday and Wednesday,
 * 10 hours; Wednesday 2026-11-18 is closed, leaving 7 hours on 2 days.
 * Thursday's group, with capacity for one, is the make-up: the first
 * client takes its place on 2026-11-19, the second finds it full and
 * its week stays short.  With capacity 2 both have it.
 */
static void
test_makeup(void)
{
	static const char groups[] =
	    "phases:\n"
	    "  - name: one\n"
	    "    weeks: 2\n"
	    "    hours: 9\n"
	    "closures: [2026-11-18]\n"
	    "tracks:\n"
	    "  - name: day\n"
	    "    groups:\n"
	    "      - days: mon-wed\n"
	    "        start: \"09:00\"\n"
	    "        end: \"12:00\"\n"
	    "        title: Group\n"
	    "      - days: thu\n"
	    "        start: \"09:00\"\n"
	    "        end: \"12:00\"\n"
	    "        title: Group\n"
	    "        capacity: %d\n";
	static const char week[] = "10h 3d: mon 09:00-12:00 group, "
	    "mon 12:00-13:00 individual, tue 09:00-12:00 group, "
	    "wed 09:00-12:00 group; 2026-11-16 ";
	char text[512], want[512];

	snprintf(text, sizeof text, groups, 1);
	load(text, mon_individual, NULL);
	snprintf(want, sizeof want, "%s10h 3d + 2026-11-19 09:00", week);
	is(plan(""), want, "a closed Wednesday: Thursday's group as make-up");
	snprintf(want, sizeof want, "%s7h 2d short", week);
	is(plan(""), want, "the make-up group is full: a short week");
	snprintf(text, sizeof text, groups, 2);
	load(text, mon_individual, NULL);
	snprintf(want, sizeof want, "%s10h 3d + 2026-11-19 09:00", week);
	is(plan(""), want, "capacity 2: the first client's make-up");
	is(plan(""), want, "capacity 2: the second's fills it exactly");
}

/*
 * The individual session on Monday and the only family slot on
 * Tuesday, 12:00-13:00, both days with groups 09:00-12:00 and Monday's
 * also 13:00-15:00: Monday 6 hours, Tuesday 4, 10 hours on 2 days.
 * That is max_days 2 exactly; with max_days 1 no week works.
 */
static void
test_family_days(void)
{
	static const char rest[] =
	    "tracks:\n"
	    "  - name: day\n"
	    "    groups:\n"
	    "      - days: mon,tue\n"
	    "        start: \"09:00\"\n"
	    "        end: \"12:00\"\n"
	    "        title: Group\n"
	    "      - days: mon\n"
	    "        start: \"13:00\"\n"
	    "        end: \"15:00\"\n"
	    "        title: Group\n"
	    "family:\n"
	    "  - days: tue\n"
	    "    start: \"12:00\"\n"
	    "    end: \"13:00\"\n"
	    "    title: Family\n";

	load(one_phase, "min_days: 2\nmax_days: 2\n", rest, mon_individual,
	    NULL);
	is(plan_as("", 1), "10h 2d: mon 09:00-12:00 group, mon 12:00-13:00 "
	    "individual, mon 13:00-15:00 group, tue 09:00-12:00 group, "
	    "tue 12:00-13:00 family",
	    "individual and family sessions on 2 days, max_days 2");
	load(one_phase, "min_days: 1\nmax_days: 1\n", rest, mon_individual,
	    NULL);
	is(plan_as("", 1), "infeasible",
	    "individual and family sessions on 2 days, max_days 1");
}

/*
 * Two therapists, each an individual slot Monday 12:00-13:00 with
 * capacity 1.  Sessions booked by earlier runs take them: one booked
 * leaves the other, two fill both.  A booking before the plan's dates
 * takes nothing; one at a time with no slot matches none.
 */
static void
test_booked(void)
{
	static const char two[] =
	    "individual:\n"
	    "  - days: mon\n"
	    "    start: \"12:00\"\n"
	    "    end: \"13:00\"\n"
	    "    title: Individual\n"
	    "  - days: mon\n"
	    "    start: \"12:00\"\n"
	    "    end: \"13:00\"\n"
	    "    title: Individual\n";
	long mon, before;

	date_parse("2026-11-09", &mon);
	date_parse("2026-11-02", &before);
	load(one_phase, mon_wed_groups, two, NULL);
	ok(plan_book(&pl, mon, 12 * 60, 13 * 60, "individual", "") == 1,
	    "a booked session in the plan's dates is counted");
	ok(plan_book(&pl, before, 12 * 60, 13 * 60, "", "") == 0,
	    "one before the plan's dates is not");
	ok(plan_book(&pl, mon, 12 * 60 + 30, 13 * 60, "", "") == -1,
	    "one matching no slot is reported");
	ok(plan_book(&pl, mon, 12 * 60, 13 * 60, "", "Other") == -1,
	    "nor one whose title matches no slot");
	ok(strncmp(plan(""), "10h 3d", 6) == 0,
	    "one of two individual slots booked: the other is free");
	load(one_phase, mon_wed_groups, two, NULL);
	plan_book(&pl, mon, 12 * 60, 13 * 60, "individual", "Individual");
	plan_book(&pl, mon, 12 * 60, 13 * 60, "", "");
	is(plan(""), "infeasible", "both booked: no individual slot left");
}

/*
 * per_diem 1 hour and the individual session alone on Friday, with
 * groups Monday to Wednesday: Friday holds exactly the hour, so the
 * week (10 hours on 4 days) works; a session of 59 minutes leaves
 * Friday a minute short, and with no other slot no week works.
 */
static void
test_per_diem(void)
{
	static const char ind[] =
	    "individual:\n"
	    "  - days: fri\n"
	    "    start: \"%s\"\n"
	    "    end: \"13:00\"\n"
	    "    title: Individual\n";
	char text[256];

	snprintf(text, sizeof text, ind, "12:00");
	load(one_phase, "per_diem: 1\n", mon_wed_groups, text, NULL);
	is(plan(""), "10h 4d: mon 09:00-12:00 group, tue 09:00-12:00 group, "
	    "wed 09:00-12:00 group, fri 12:00-13:00 individual",
	    "a day of exactly per_diem hours");
	snprintf(text, sizeof text, ind, "12:01");
	load(one_phase, "per_diem: 1\n", mon_wed_groups, text, NULL);
	is(plan(""), "infeasible", "a day a minute under per_diem");
}

/* Day names in full, in ranges past 16 bytes as in short ones. */
static void
test_day_names(void)
{
	unsigned m = 0, n = 0, o = 0;

	ok(days_parse("tuesday-thursday", &m) == 0 && m == 0x0e &&
	    days_parse("wednesday-saturday", &n) == 0 && n == 0x3c &&
	    days_parse("saturday-monday", &o) == 0 && o == 0x61,
	    "tuesday-thursday, wednesday-saturday, saturday-monday");
	m = 0;
	ok(days_parse("wednesdayx-friday", &m) == -1 &&
	    days_parse("mon-wednesdayxxxxxxxx", &m) == -1,
	    "a day name too long is no day, on either side of the dash");
}

int
main(void)
{
	/* messages from the test programs would be located; none expected */
	diag_init("iop-test");
	test_touching();
	test_overlap();
	test_capacity();
	test_max_hours();
	test_min_days();
	test_max_days();
	test_minimum();
	test_makeup();
	test_family_days();
	test_booked();
	test_per_diem();
	test_day_names();
	unload();
	return tap_done();
}
