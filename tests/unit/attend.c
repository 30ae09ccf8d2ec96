/*
 * Unit tests of lib/attend.c: each rule at its threshold (just under,
 * at, just over), through the module alone, without files.  The policy
 * is the built-in one; Monday 2026-11-09 starts the week (no holiday).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attend.h"
#include "attmatch.h"
#include "attlog.h"
#include "date.h"
#include "levels.h"
#include "policy.h"
#include "roster.h"
#include "tap.h"
#include "xalloc.h"

#define HM(h, m)	((h) * 60 + (m))
#define OPEN_LO		ROSTER_NEVER_LO
#define OPEN_HI		ROSTER_NEVER_HI

static long d0;			/* Monday 2026-11-09 */

struct fix {
	struct policy	 pol;
	struct roster	 ro;
	struct attend	 au;
};

static void
setup(struct fix *x, long from, long to, long asof)
{
	if (policy_load(&x->pol, NULL) == -1)
		abort();
	roster_init(&x->ro, level_range(LEVEL_IOP, 0));
	attend_init(&x->au, &x->pol, &x->ro, from, to, asof);
}

static void
teardown(struct fix *x)
{
	attend_free(&x->au);
	roster_free(&x->ro);
	policy_free(&x->pol);
}

static size_t
client(struct fix *x, const char *id)
{
	return attend_client(&x->au, id, strlen(id));
}

static void
sess(struct fix *x, const char *id, long day, int start, int end)
{
	struct attend_sess s;

	memset(&s, 0, sizeof s);
	s.client = (uint32_t)client(x, id);
	s.day = (int32_t)day;
	s.start = (int16_t)start;
	s.end = (int16_t)end;
	s.service = attend_str(&x->au, "group");
	attend_add_session(&x->au, &s);
}

static struct attend_rec *
rec(struct fix *x, const char *id, long day, int start, int end,
    enum attlog_status st)
{
	struct attend_rec r;

	memset(&r, 0, sizeof r);
	r.client = (uint32_t)client(x, id);
	r.day = (int32_t)day;
	r.start = (int16_t)start;
	r.end = (int16_t)end;
	r.st = (uint8_t)st;
	r.note_day = ATTEND_NODAY;
	r.service = attend_str(&x->au, "group");
	attend_add_record(&x->au, &r);
	return &x->au.as[x->au.nas - 1];
}

/* Findings of rule; of those, on a day (day 1) or for a week (day 0). */
static size_t
count(const struct fix *x, enum rule rule)
{
	size_t i, n = 0;

	for (i = 0; i < x->au.nfs; i++)
		n += x->au.fs[i].rule == rule;
	return n;
}

static size_t
count_days(const struct fix *x, enum rule rule, int day)
{
	size_t i, n = 0;

	for (i = 0; i < x->au.nfs; i++)
		n += x->au.fs[i].rule == rule &&
		    (attend_finding_day(&x->au.fs[i]) != ATTEND_NODAY) == day;
	return n;
}

static const struct attend_finding *
first(const struct fix *x, enum rule rule)
{
	size_t i;

	for (i = 0; i < x->au.nfs; i++)
		if (x->au.fs[i].rule == rule)
			return &x->au.fs[i];
	return NULL;
}

/* late: arrival more than late_grace_min (15) after the start. */
static void
test_late(void)
{
	int late;

	for (late = 14; late <= 16; late++) {
		struct fix x;

		setup(&x, OPEN_LO, OPEN_HI, d0);
		sess(&x, "A", d0, HM(9, 0), HM(12, 0));
		rec(&x, "A", d0, HM(9, 0) + late, HM(12, 0), ATTLOG_LATE);
		attend_run(&x.au);
		ok(count(&x, R_LATE) == (late > 15), "late: %d minutes late "
		    "%s a finding", late, late > 15 ? "is" : "is not");
		teardown(&x);
	}
}

/* left_early: leaving more than left_early_grace_min (15) before. */
static void
test_left_early(void)
{
	int early;

	for (early = 14; early <= 16; early++) {
		struct fix x;

		setup(&x, OPEN_LO, OPEN_HI, d0);
		sess(&x, "A", d0, HM(9, 0), HM(12, 0));
		rec(&x, "A", d0, HM(9, 0), HM(12, 0) - early, ATTLOG_ATTENDED);
		attend_run(&x.au);
		ok(count(&x, R_LEFT_EARLY) == (early > 15), "left_early: %d "
		    "minutes early %s a finding", early, early > 15 ? "is" :
		    "is not");
		teardown(&x);
	}
}

/* no_record: a session due by asof (on asof itself too) without one. */
static void
test_no_record(void)
{
	long asof;

	for (asof = d0 - 1; asof <= d0 + 1; asof++) {
		struct fix x;

		setup(&x, OPEN_LO, OPEN_HI, asof);
		sess(&x, "A", d0, HM(9, 0), HM(12, 0));
		attend_run(&x.au);
		ok(count(&x, R_NO_RECORD) == (asof >= d0), "no_record: "
		    "as of %+ld days, %s", asof - d0, asof >= d0 ? "due" :
		    "not due yet");
		teardown(&x);
	}
}

/*
 * absent_unexcused: absent; or present under min_minutes_for_credit
 * (set to 60 here); excused is not.
 */
static void
test_absent_unexcused(void)
{
	static const enum attlog_status st[] = { ATTLOG_ABSENT,
	    ATTLOG_EXCUSED, ATTLOG_CANCELLED };
	int mins, i;

	for (mins = 59; mins <= 61; mins++) {
		struct fix x;

		setup(&x, OPEN_LO, OPEN_HI, d0);
		x.pol.min_minutes_for_credit = 60;
		sess(&x, "A", d0, HM(9, 0), HM(12, 0));
		rec(&x, "A", d0, HM(9, 0), HM(9, 0) + mins, ATTLOG_ATTENDED);
		attend_run(&x.au);
		ok(count(&x, R_ABSENT_UNEXCUSED) == (mins < 60),
		    "absent_unexcused: present %d minutes of 60 for credit",
		    mins);
		teardown(&x);
	}
	for (i = 0; i < 3; i++) {
		struct fix x;

		setup(&x, OPEN_LO, OPEN_HI, d0);
		sess(&x, "A", d0, HM(9, 0), HM(12, 0));
		rec(&x, "A", d0, -1, -1, st[i]);
		attend_run(&x.au);
		ok(count(&x, R_ABSENT_UNEXCUSED) == (i == 0),
		    "absent_unexcused: %s", attlog_status_name(st[i]));
		teardown(&x);
	}
}

/* unscheduled: a record that no session matches. */
static void
test_unscheduled(void)
{
	struct fix x;

	setup(&x, OPEN_LO, OPEN_HI, d0 + 1);
	sess(&x, "A", d0, HM(9, 0), HM(12, 0));
	rec(&x, "A", d0, HM(9, 0), HM(12, 0), ATTLOG_ATTENDED);
	rec(&x, "A", d0 + 1, HM(9, 0), HM(12, 0), ATTLOG_ATTENDED);
	rec(&x, "B", d0, -1, -1, ATTLOG_ABSENT);
	attend_run(&x.au);
	ok(count(&x, R_UNSCHEDULED) == 2 && attend_finding_day(first(&x, R_UNSCHEDULED)) ==
	    d0 + 1, "unscheduled: the matched record is not, the others are");
	ok(count(&x, R_NO_RECORD) == 0, "unscheduled: the session is met");
	teardown(&x);
}

/* consecutive_absences: said once, when the streak reaches 3. */
static void
test_consecutive_absences(void)
{
	long n, i;

	for (n = 2; n <= 4; n++) {
		struct fix x;

		setup(&x, OPEN_LO, OPEN_HI, d0 + 7);
		for (i = 0; i < n; i++) {
			sess(&x, "A", d0 + i, HM(9, 0), HM(12, 0));
			rec(&x, "A", d0 + i, -1, -1, ATTLOG_ABSENT);
		}
		attend_run(&x.au);
		ok(count(&x, R_CONSECUTIVE_ABSENCES) == (n >= 3),
		    "consecutive_absences: %ld in a row", n);
		teardown(&x);
	}
	{
		struct fix x;

		/* absent, absent, excused, absent: excused breaks nothing */
		setup(&x, OPEN_LO, OPEN_HI, d0 + 7);
		for (i = 0; i < 4; i++) {
			sess(&x, "A", d0 + i, HM(9, 0), HM(12, 0));
			rec(&x, "A", d0 + i, -1, -1, i == 2 ? ATTLOG_EXCUSED :
			    ATTLOG_ABSENT);
		}
		attend_run(&x.au);
		ok(count(&x, R_CONSECUTIVE_ABSENCES) == 1,
		    "consecutive_absences: an excused absence does not reset");
		teardown(&x);
	}
}

/* attendance_rate: attended of due under 75 %: 74, 75, 76 of 100. */
static void
test_attendance_rate(void)
{
	long att, i;

	for (att = 74; att <= 76; att++) {
		struct fix x;

		setup(&x, OPEN_LO, OPEN_HI, d0 + 100);
		for (i = 0; i < 100; i++) {
			sess(&x, "A", d0 + i, HM(9, 0), HM(12, 0));
			if (i < att)
				rec(&x, "A", d0 + i, HM(9, 0), HM(12, 0),
				    ATTLOG_ATTENDED);
			else
				rec(&x, "A", d0 + i, -1, -1, ATTLOG_ABSENT);
		}
		attend_run(&x.au);
		ok(count(&x, R_ATTENDANCE_RATE) == (att < 75),
		    "attendance_rate: %ld of 100", att);
		ok(x.au.pc[client(&x, "A")].t.attended == att &&
		    x.au.pc[client(&x, "A")].t.due == 100,
		    "attendance_rate: the tally counts %ld of 100", att);
		teardown(&x);
	}
}

/* no_contact: no attendance for no_contact_days (15) by asof. */
static void
test_no_contact(void)
{
	long gap;

	for (gap = 14; gap <= 16; gap++) {
		struct fix x;

		setup(&x, OPEN_LO, OPEN_HI, d0 + gap);
		sess(&x, "A", d0, HM(9, 0), HM(12, 0));
		rec(&x, "A", d0, HM(9, 0), HM(12, 0), ATTLOG_ATTENDED);
		attend_run(&x.au);
		ok(count(&x, R_NO_CONTACT) == (gap >= 15),
		    "no_contact: %ld days since the last attendance", gap);
		teardown(&x);
	}
}

/* below_min_hours: a week over by asof under 9 hours (540 minutes). */
static void
test_below_min_hours(void)
{
	int mins;

	for (mins = 539; mins <= 541; mins++) {
		struct fix x;

		setup(&x, OPEN_LO, OPEN_HI, d0 + 7);
		rec(&x, "A", d0, HM(9, 0), HM(9, 0) + mins, ATTLOG_ATTENDED);
		attend_run(&x.au);
		ok(count(&x, R_BELOW_MIN_HOURS) == (mins < 540),
		    "below_min_hours: %d minutes of 540", mins);
		teardown(&x);
	}
	{
		struct fix x;

		setup(&x, OPEN_LO, OPEN_HI, d0 + 5);
		rec(&x, "A", d0, HM(9, 0), HM(10, 0), ATTLOG_ATTENDED);
		attend_run(&x.au);
		ok(count(&x, R_BELOW_MIN_HOURS) == 0,
		    "below_min_hours: not for a week still under way");
		teardown(&x);
	}
}

/*
 * billable_day_short: a day under 3 hours (180 minutes) attended; a
 * week with fewer than 3 such days.
 */
static void
test_billable_day_short(void)
{
	int mins;
	long days, i;

	for (mins = 179; mins <= 181; mins++) {
		struct fix x;

		setup(&x, OPEN_LO, OPEN_HI, d0 + 7);
		for (i = 0; i < 3; i++)
			rec(&x, "A", d0 + i, HM(9, 0), HM(9, 0) + (i == 0 ?
			    mins : 180), ATTLOG_ATTENDED);
		attend_run(&x.au);
		ok(count_days(&x, R_BILLABLE_DAY_SHORT, 1) == (mins < 180),
		    "billable_day_short: a day of %d minutes", mins);
		ok(count_days(&x, R_BILLABLE_DAY_SHORT, 0) == (mins < 180),
		    "billable_day_short: the week has %d billable days",
		    mins < 180 ? 2 : 3);
		teardown(&x);
	}
	for (days = 2; days <= 4; days++) {
		struct fix x;

		setup(&x, OPEN_LO, OPEN_HI, d0 + 7);
		for (i = 0; i < days; i++) {
			/* two records a day, overlapping: the union counts */
			rec(&x, "A", d0 + i, HM(9, 0), HM(11, 0),
			    ATTLOG_ATTENDED);
			rec(&x, "A", d0 + i, HM(10, 0), HM(12, 0),
			    ATTLOG_ATTENDED);
		}
		attend_run(&x.au);
		ok(count_days(&x, R_BILLABLE_DAY_SHORT, 0) == (days < 3) &&
		    count_days(&x, R_BILLABLE_DAY_SHORT, 1) == 0,
		    "billable_day_short: a week of %ld billable days", days);
		teardown(&x);
	}
}

/* note_missing: an attended session without a signed note. */
static void
test_note_missing(void)
{
	static const uint8_t flags[] = { ATTEND_NOTES | ATTEND_SIGNED,
	    ATTEND_NOTES, 0 };
	int i;

	for (i = 0; i < 3; i++) {
		struct fix x;

		setup(&x, OPEN_LO, OPEN_HI, d0);
		sess(&x, "A", d0, HM(9, 0), HM(12, 0));
		rec(&x, "A", d0, HM(9, 0), HM(12, 0), ATTLOG_ATTENDED)->flags =
		    flags[i];
		attend_run(&x.au);
		ok(count(&x, R_NOTE_MISSING) == (i == 1), "note_missing: %s",
		    i == 0 ? "signed" : i == 1 ? "not signed" :
		    "a log without note columns");
		teardown(&x);
	}
}

/*
 * note_late: signed more than 3 business days after; Monday's session,
 * signed Wednesday (2), Thursday (3), Friday (4); a closure on the
 * Tuesday makes Friday 3.
 */
static void
test_note_late(void)
{
	long after;

	for (after = 2; after <= 5; after++) {
		struct fix x;
		struct attend_rec *r;
		int closed = after == 5;

		setup(&x, OPEN_LO, OPEN_HI, d0 + 7);
		if (closed) {
			free(x.pol.holidays);
			x.pol.holidays = xcalloc(1, sizeof *x.pol.holidays);
			x.pol.holidays[0] = d0 + 1;
			x.pol.nholidays = 1;
		}
		sess(&x, "A", d0, HM(9, 0), HM(12, 0));
		r = rec(&x, "A", d0, HM(9, 0), HM(12, 0), ATTLOG_ATTENDED);
		r->flags = ATTEND_NOTES | ATTEND_SIGNED;
		r->note_day = (int32_t)(d0 + (closed ? 4 : after));
		attend_run(&x.au);
		ok(count(&x, R_NOTE_LATE) == (after == 4), "note_late: %s",
		    after == 2 ? "2 business days" : after == 3 ? "3 business "
		    "days" : after == 4 ? "4 business days" : "Friday, with "
		    "Tuesday closed, is 3 business days");
		teardown(&x);
	}
}

/*
 * shortfall_forecast, as of Wednesday: 6 hours attended, and left this
 * week 2:59 (cannot reach 9: a violation), 3:00 (must attend all: a
 * warning), or two sessions of 3:00 (one may be missed: nothing).
 */
static void
test_shortfall_forecast(void)
{
	int k;

	for (k = 0; k < 3; k++) {
		struct fix x;
		const struct attend_finding *f;

		setup(&x, OPEN_LO, OPEN_HI, d0 + 2);
		sess(&x, "A", d0, HM(9, 0), HM(12, 0));
		sess(&x, "A", d0 + 1, HM(9, 0), HM(12, 0));
		rec(&x, "A", d0, HM(9, 0), HM(12, 0), ATTLOG_ATTENDED);
		rec(&x, "A", d0 + 1, HM(9, 0), HM(12, 0), ATTLOG_ATTENDED);
		sess(&x, "A", d0 + 3, HM(9, 0), k == 0 ? HM(11, 59) :
		    HM(12, 0));
		if (k == 2)
			sess(&x, "A", d0 + 4, HM(9, 0), HM(12, 0));
		attend_run(&x.au);
		f = first(&x, R_SHORTFALL_FORECAST);
		ok(k == 2 ? f == NULL : f != NULL && f->sev == (k == 0 ?
		    SEV_VIOLATION : SEV_WARNING) && attend_finding_week(f) == d0,
		    "shortfall_forecast: %s", k == 0 ? "8:59 at best, a "
		    "violation" : k == 1 ? "9:00 at best, a warning" :
		    "12:00 at best, nothing");
		teardown(&x);
	}
}

/*
 * not_scheduled: a client the roster enrols in the period with no
 * session; discharged the day before the period, on its first day, or
 * scheduled.
 */
static void
test_not_scheduled(void)
{
	int k;

	for (k = 0; k < 3; k++) {
		struct fix x;
		struct enrol *e;

		setup(&x, d0, d0 + 6, d0 + 7);
		e = roster_slot(&x.ro, client(&x, "B"));
		e->listed = 1;
		e->range = x.ro.deflt;
		e->admitted = d0 - 30;
		e->discharged = k == 0 ? d0 - 1 : k == 1 ? d0 : OPEN_HI;
		if (k == 2)
			sess(&x, "B", d0, HM(9, 0), HM(12, 0));
		attend_run(&x.au);
		ok(count(&x, R_NOT_SCHEDULED) == (k == 1),
		    "not_scheduled: %s", k == 0 ? "discharged before the "
		    "period" : k == 1 ? "discharged on its first day" :
		    "scheduled");
		if (k == 1)
			ok(x.au.pc[client(&x, "B")].active &&
			    count(&x, R_BELOW_MIN_HOURS) == 1 &&
			    strstr(attend_detail(&x.au, first(&x, R_BELOW_MIN_HOURS)),
			    "under the 1.80-hour minimum (prorated: 1 of 5 "
			    "program days enrolled)") != NULL,
			    "not_scheduled: audited, its 0 hours under the "
			    "discharge week's 9 h x 1/5");
		teardown(&x);
	}
}

/* The findings come sorted by client id, then date. */
static void
test_order(void)
{
	struct fix x;

	setup(&x, OPEN_LO, OPEN_HI, d0 + 1);
	x.pol.severity[R_ATTENDANCE_RATE] = SEV_NONE;	/* off: no finding */
	x.pol.severity[R_SHORTFALL_FORECAST] = SEV_NONE;
	sess(&x, "B", d0 + 1, HM(9, 0), HM(12, 0));
	sess(&x, "A", d0 + 1, HM(9, 0), HM(12, 0));
	sess(&x, "A", d0, HM(9, 0), HM(12, 0));
	attend_run(&x.au);
	ok(x.au.nfs == 3 && strcmp(attend_client_name(&x.au,
	    x.au.fs[0].client), "A") == 0 && attend_finding_day(&x.au.fs[0]) == d0 &&
	    attend_finding_day(&x.au.fs[1]) == d0 + 1 && strcmp(attend_client_name(&x.au,
	    x.au.fs[2].client), "B") == 0, "findings by client, then day");
	teardown(&x);
}

/* A session with an id; its record, absent or arriving late. */
static void
sess_id(struct fix *x, const char *id, const char *sid, int start, int late)
{
	struct attend_sess s;

	memset(&s, 0, sizeof s);
	s.client = (uint32_t)client(x, id);
	s.day = (int32_t)d0;
	s.start = (int16_t)start;
	s.end = (int16_t)(start + 60);
	s.service = attend_str(&x->au, "group");
	s.id = attend_str(&x->au, sid);
	attend_add_session(&x->au, &s);
	rec(x, id, d0, start + late, start + 60, late < 0 ? ATTLOG_ABSENT :
	    ATTLOG_LATE)->id = s.id;
}

/* The i-th finding of rule, or NULL. */
static const struct attend_finding *
nth(const struct fix *x, enum rule rule, size_t i)
{
	size_t k;

	for (k = 0; k < x->au.nfs; k++)
		if (x->au.fs[k].rule == rule && i-- == 0)
			return &x->au.fs[k];
	return NULL;
}

/*
 * Findings of one client, day and rule: by their text in byte order
 * ("16" before "20", though the 20 minutes came first), and those with
 * the same text in the order found (session Z, at 9:00, before A).
 */
static void
test_order_ties(void)
{
	const struct attend_finding *f, *g;
	struct fix x;

	setup(&x, OPEN_LO, OPEN_HI, d0);
	sess_id(&x, "A", "S1", HM(9, 0), 20);
	sess_id(&x, "A", "S2", HM(11, 0), 16);
	sess_id(&x, "B", "Z", HM(9, 0), -1);
	sess_id(&x, "B", "A", HM(11, 0), -1);
	attend_run(&x.au);
	f = nth(&x, R_LATE, 0);
	g = nth(&x, R_LATE, 1);
	ok(f != NULL && g != NULL && nth(&x, R_LATE, 2) == NULL &&
	    strcmp(attend_detail(&x.au, f), "arrived 16 minutes after the "
	    "scheduled start") == 0 && strcmp(attend_str_of(&x.au,
	    f->session), "S2") == 0 && strcmp(attend_detail(&x.au, g),
	    "arrived 20 minutes after the scheduled start") == 0,
	    "findings of a client, day and rule: by text");
	f = nth(&x, R_ABSENT_UNEXCUSED, 0);
	g = nth(&x, R_ABSENT_UNEXCUSED, 1);
	ok(f != NULL && g != NULL && f->detail == g->detail &&
	    strcmp(attend_str_of(&x.au, f->session), "Z") == 0 &&
	    strcmp(attend_str_of(&x.au, g->session), "A") == 0,
	    "the same text: in the order found");
	teardown(&x);
}

/* The day-th (0, 1, ...) finding of rule that has a day: its text. */
static const char *
day_text(const struct fix *x, enum rule rule, int day)
{
	size_t i;

	for (i = 0; i < x->au.nfs; i++)
		if (x->au.fs[i].rule == rule &&
		    attend_finding_day(&x->au.fs[i]) != ATTEND_NODAY &&
		    day-- == 0)
			return attend_detail(&x->au, &x->au.fs[i]);
	return "";
}

/* The n-th (0, 1, ...) finding of rule that is a week's: its text. */
static const char *
week_text(const struct fix *x, enum rule rule, int n)
{
	size_t i;

	for (i = 0; i < x->au.nfs; i++)
		if (x->au.fs[i].rule == rule &&
		    attend_finding_week(&x->au.fs[i]) != ATTEND_NODAY &&
		    n-- == 0)
			return attend_detail(&x->au, &x->au.fs[i]);
	return "";
}

/*
 * A per-diem week's text is found again by its billable days: weeks of
 * 1, 2, then 1 billable day (3 hours on Monday, and on Tuesday in the
 * second week), each with its own count.
 */
static void
test_week_texts_found_again(void)
{
	const char *need = "billable days; a per-diem week needs 3";
	char want[3][80];
	struct fix x;
	int w;

	setup(&x, OPEN_LO, OPEN_HI, d0 + 21);
	for (w = 0; w < 3; w++) {
		rec(&x, "A", d0 + 7 * w, HM(9, 0), HM(12, 0), ATTLOG_ATTENDED);
		if (w == 1)
			rec(&x, "A", d0 + 8, HM(9, 0), HM(12, 0),
			    ATTLOG_ATTENDED);
		snprintf(want[w], sizeof want[w], "%d %s", w == 1 ? 2 : 1,
		    need);
	}
	attend_run(&x.au);
	ok(strcmp(week_text(&x, R_BILLABLE_DAY_SHORT, 0), want[0]) == 0 &&
	    strcmp(week_text(&x, R_BILLABLE_DAY_SHORT, 1), want[1]) == 0 &&
	    strcmp(week_text(&x, R_BILLABLE_DAY_SHORT, 2), want[2]) == 0,
	    "billable_day_short: each week's text its own days");
	teardown(&x);
}

/*
 * A text found again by its number (find_keyed() in attend.c) is the
 * one that number makes: 1, 2, then 1 hour again; a full week's and a
 * partial one's, of the same hours and minimum, each its own.
 */
static void
test_texts_found_again(void)
{
	const char *day = "hours attended; a per-diem day needs 3.00";
	char want[3][80];
	struct enrol *e;
	struct fix x;
	int i;

	setup(&x, OPEN_LO, OPEN_HI, d0 + 7);
	for (i = 0; i < 3; i++) {
		rec(&x, "A", d0 + i, HM(9, 0), HM(9, 0) + (i == 1 ? 120 : 60),
		    ATTLOG_ATTENDED);
		snprintf(want[i], sizeof want[i], "%s %s", i == 1 ? "2.00" :
		    "1.00", day);
	}
	attend_run(&x.au);
	ok(strcmp(day_text(&x, R_BILLABLE_DAY_SHORT, 0), want[0]) == 0 &&
	    strcmp(day_text(&x, R_BILLABLE_DAY_SHORT, 1), want[1]) == 0 &&
	    strcmp(day_text(&x, R_BILLABLE_DAY_SHORT, 2), want[2]) == 0,
	    "billable_day_short: each day's text its own hours");
	teardown(&x);

	/*
	 * B discharged on Tuesday of the second week, a partial week held
	 * to the full minimum: the same hours, the same minimum, but not
	 * the same text.
	 */
	setup(&x, OPEN_LO, OPEN_HI, d0 + 14);
	x.pol.partial_week = PW_FULL;
	e = roster_slot(&x.ro, client(&x, "B"));
	e->listed = 1;
	e->range = x.ro.deflt;
	e->admitted = d0;
	e->discharged = d0 + 8;
	for (i = 0; i < 2; i++)
		rec(&x, "B", d0 + 7 * i, HM(9, 0), HM(10, 0), ATTLOG_ATTENDED);
	attend_run(&x.au);
	ok(count(&x, R_BELOW_MIN_HOURS) == 2 &&
	    strcmp(attend_detail(&x.au, nth(&x, R_BELOW_MIN_HOURS, 0)),
	    "1.00 hours attended, under the 9.00-hour minimum") == 0 &&
	    strcmp(attend_detail(&x.au, nth(&x, R_BELOW_MIN_HOURS, 1)),
	    "1.00 hours attended, under the 9.00-hour minimum (partial "
	    "week: full minimum)") == 0,
	    "below_min_hours: a partial week's text, not the full week's");
	teardown(&x);
}

/*
 * Sessions sorted early (attend_sort_sessions(), as attend_read() does
 * while the logs are read), then one added out of order: attend_run()
 * sorts again, so the earlier session, due by asof, is audited.
 */
static void
test_sorted_early(void)
{
	struct fix x;

	setup(&x, OPEN_LO, OPEN_HI, d0 + 1);
	x.pol.severity[R_ATTENDANCE_RATE] = SEV_NONE;
	sess(&x, "A", d0 + 2, HM(9, 0), HM(12, 0));
	attend_sort_sessions(&x.au);
	sess(&x, "A", d0, HM(9, 0), HM(12, 0));
	attend_run(&x.au);
	ok(count(&x, R_NO_RECORD) == 1 && attend_finding_day(first(&x,
	    R_NO_RECORD)) == d0, "a session added after an early sort: "
	    "sorted again");
	teardown(&x);
}

/*
 * attend_client() guesses the client met after the last one last time:
 * a wrong guess (another id, a longer one with the same start, one too
 * long to guess) must still give each id the number of its first
 * appearance.
 */
static void
test_client_guess(void)
{
	static const struct {
		const char *id;
		size_t	 want;
	} seq[] = {
		{ "X", 0 }, { "AB", 1 }, { "X", 0 }, { "A", 2 },	/* not AB */
		{ "X", 0 }, { "AB", 1 }, { "X", 0 }, { "AB", 1 },	/* guessed */
		{ "C0000000000000001", 3 }, { "X", 0 },		/* 17 bytes */
		{ "C0000000000000001", 3 }, { "C0000000000000002", 4 },
		{ "X", 0 }, { "C0000000000000001", 3 },
		{ "A", 2 }, { "AB", 1 }, { "A", 2 }, { "AB", 1 },
		{ "A", 2 }, { "B", 5 }, { "A", 2 }, { "AB", 1 },
	};
	struct fix x;
	size_t i, bad = 0;

	setup(&x, OPEN_LO, OPEN_HI, d0);
	for (i = 0; i < sizeof seq / sizeof seq[0]; i++)
		if (client(&x, seq[i].id) != seq[i].want)
			bad++;
	ok(bad == 0, "attend_client: a wrong guess gives the id's number");
	ok(strcmp(attend_client_name(&x.au, 2), "A") == 0 &&
	    strcmp(attend_client_name(&x.au, 1), "AB") == 0,
	    "attend_client: each number names its id");
	teardown(&x);
}

/*
 * attend_str() finds a string met before in a small cache by a hash of
 * its length and ends, two slots a hash: strings that share them
 * ("aXb", "aYb", "aZb"; "aAb" and "aA", both of hash 6 of 8), or too
 * long to keep, still get the number of their first appearance (+ 1;
 * the empty string none).
 */
static void
test_str_cache(void)
{
	static const struct {
		const char *s;
		uint32_t want;
	} seq[] = {
		{ "aXb", 1 }, { "aYb", 2 }, { "aXb", 1 }, { "aYb", 2 },
		{ "aAb", 3 }, { "aA", 4 }, { "aAb", 3 }, { "aA", 4 },
		{ "", ATTEND_NOSTR }, { "individual_therapy", 5 },
		{ "individual_therapy", 5 }, { "aXb", 1 },
		{ "aZb", 6 }, { "aYb", 2 }, { "aXb", 1 }, { "aZb", 6 },
		{ "aYb", 2 }, { "aYb", 2 }, { "aXb", 1 },
		{ "aAb", 3 }, { "aZb", 6 }, { "aA", 4 },	/* not aAb */
	};
	struct fix x;
	size_t i, bad = 0;

	setup(&x, OPEN_LO, OPEN_HI, d0);
	for (i = 0; i < sizeof seq / sizeof seq[0]; i++)
		if (attend_str(&x.au, seq[i].s) != seq[i].want)
			bad++;
	ok(bad == 0, "attend_str: a string sharing a slot keeps its number");
	ok(strcmp(attend_str_of(&x.au, 4), "aA") == 0 &&
	    strcmp(attend_str_of(&x.au, 5), "individual_therapy") == 0,
	    "attend_str: each number names its string");
	teardown(&x);
}

/*
 * The records are sorted into the array the sessions were sorted from
 * (the spare), grown where it is smaller: 600 records of 300 clients
 * in reverse order, after 2 sessions, come out in order, none lost.
 */
static void
test_sort_into_spare(void)
{
	struct fix x;
	char id[16];
	size_t i, bad = 0;
	long sum = 0;
	int c;

	setup(&x, OPEN_LO, OPEN_HI, d0 + 6);
	sess(&x, "C000", d0, HM(9, 0), HM(12, 0));
	sess(&x, "C001", d0, HM(9, 0), HM(12, 0));
	attend_sort_sessions(&x.au);
	for (c = 299; c >= 0; c--) {
		snprintf(id, sizeof id, "C%03d", c);
		rec(&x, id, d0 + 1, HM(9, 0), HM(12, 0), ATTLOG_ATTENDED);
		rec(&x, id, d0, HM(9, 0), HM(12, 0), ATTLOG_ATTENDED);
	}
	attend_run(&x.au);
	for (i = 0; i < x.au.nas; i++) {
		const struct attend_rec *r = &x.au.as[i];

		if (i > 0 && (r[-1].client > r->client || (r[-1].client ==
		    r->client && r[-1].day >= r->day)))
			bad++;
		sum += r->day - d0;
	}
	ok(x.au.nas == 600 && bad == 0 && sum == 300,
	    "records sorted into the sessions' old array, grown: in order");
	teardown(&x);
}

/*
 * A client's findings come in runs from the audit's passes (the
 * unscheduled records first, then the sessions): 40 days, a missed
 * session on the even ones and an hour unscheduled on the odd ones,
 * two interleaved runs of 20, come out by date, all 40 of them.
 */
static void
test_order_merged(void)
{
	struct fix x;
	size_t i, bad = 0;
	long d;

	setup(&x, OPEN_LO, OPEN_HI, d0 + 40);
	for (i = 0; i < NRULES; i++)
		x.pol.severity[i] = SEV_NONE;
	x.pol.severity[R_UNSCHEDULED] = SEV_INFO;
	x.pol.severity[R_NO_RECORD] = SEV_INFO;
	for (d = 0; d < 40; d++)
		if (d % 2 == 0)
			sess(&x, "A", d0 + d, HM(9, 0), HM(12, 0));
		else
			rec(&x, "A", d0 + d, HM(9, 0), HM(10, 0),
			    ATTLOG_ATTENDED);
	attend_run(&x.au);
	for (i = 0; i < x.au.nfs; i++)
		if (x.au.fs[i].date != d0 + (long)i || x.au.fs[i].rule !=
		    (i % 2 ? R_UNSCHEDULED : R_NO_RECORD))
			bad++;
	ok(x.au.nfs == 40 && bad == 0,
	    "a client's findings from two passes, merged by date");
	teardown(&x);
}

/* The program file's closures join the holidays, sorted, once each. */
static void
test_closures(void)
{
	struct policy pol;
	long add[] = { d0 + 9, d0 + 1, d0 + 9, d0 - 3 };

	if (policy_load(&pol, NULL) == -1)
		abort();
	pol.holidays = xcalloc(1, sizeof *pol.holidays);
	pol.holidays[0] = d0 + 1;
	pol.nholidays = 1;
	policy_add_closures(&pol, add, 4);
	ok(pol.nholidays == 3 && pol.holidays[0] == d0 - 3 &&
	    pol.holidays[1] == d0 + 1 && pol.holidays[2] == d0 + 9,
	    "policy_add_closures: sorted, each day once");
	ok(policy_closed(&pol, d0 + 9) && policy_closed(&pol, d0 - 3) &&
	    !policy_closed(&pol, d0), "policy_closed: the closures added");
	policy_free(&pol);
}

/* --- the matching of a client-day, against the rule read plainly --- */

static uint64_t rng = 88172645463325252ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

static int
by_start_s(const void *x, const void *y)
{
	const struct attend_sess *a = x, *b = y;

	return (a->start > b->start) - (a->start < b->start);
}

static int
by_start_r(const void *x, const void *y)
{
	const struct attend_rec *a = x, *b = y;

	return (a->start > b->start) - (a->start < b->start);
}

/*
 * The rule of attmatch.h, one record at a time, each session looked at:
 * written apart from lib/attmatch.c, as the reference to hold it to.
 */
static void
rule_match(struct attend_sess *ss, size_t ns, struct attend_rec *as,
    size_t nr)
{
	size_t r, s, pick;
	int ov, most, lo, hi;

	for (r = 0; r < nr; r++) {		/* 1: by session id */
		if (as[r].id == ATTEND_NOSTR)
			continue;
		for (s = 0; s < ns; s++)
			if (ss[s].att == -1 && ss[s].id == as[r].id)
				break;
		if (s < ns) {
			ss[s].att = (int32_t)r;
			as[r].flags |= ATTEND_MATCHED;
		}
	}
	for (r = 0; r < nr; r++) {		/* 2: the longest overlap */
		if (as[r].flags & ATTEND_MATCHED || as[r].start == -1)
			continue;
		pick = ns;
		most = 0;
		for (s = 0; s < ns; s++) {
			if (ss[s].att != -1)
				continue;
			lo = ss[s].start < as[r].start ? as[r].start :
			    ss[s].start;
			hi = ss[s].end < as[r].end ? ss[s].end : as[r].end;
			ov = hi - lo;
			if (ov > most) {
				most = ov;
				pick = s;
			}
		}
		if (pick < ns) {
			ss[pick].att = (int32_t)r;
			as[r].flags |= ATTEND_MATCHED;
		}
	}
	for (r = 0; r < nr; r++) {		/* 3: no times */
		if (as[r].flags & ATTEND_MATCHED || as[r].start != -1)
			continue;
		pick = ns;
		for (s = 0; s < ns && pick == ns; s++)
			if (ss[s].att == -1 && as[r].service != ATTEND_NOSTR &&
			    ss[s].service == as[r].service)
				pick = s;
		for (s = 0; s < ns && pick == ns; s++)
			if (ss[s].att == -1)
				pick = s;
		if (pick < ns) {
			ss[pick].att = (int32_t)r;
			as[r].flags |= ATTEND_MATCHED;
		}
	}
}

/* A time of day from a few minutes (many ties) or from all of them. */
static int
minute(unsigned spread)
{
	return (int)(spread >= 1440 ? rnd(1440) : 480 + 30 * rnd(spread));
}

static int
length(void)
{
	static const int len[] = { 0, 1, 15, 30, 60, 90, 180, 240, 600 };

	return len[rnd(sizeof len / sizeof len[0])];
}

static void
random_day(struct attend_sess *ss, size_t ns, struct attend_rec *as,
    size_t nr)
{
	static const unsigned spreads[] = { 1, 3, 12, 1440 };
	unsigned spread = spreads[rnd(4)], ids = 1 + rnd(6);
	size_t i;
	int end;

	memset(ss, 0, ns * sizeof *ss);
	memset(as, 0, nr * sizeof *as);
	for (i = 0; i < ns; i++) {
		ss[i].start = (int16_t)minute(spread);
		end = ss[i].start + length();
		ss[i].end = (int16_t)(end > 1440 ? 1440 : end);
		ss[i].service = 1 + rnd(3);
		ss[i].id = rnd(3) == 0 ? 1 + rnd(ids) : ATTEND_NOSTR;
		ss[i].att = -1;
	}
	for (i = 0; i < nr; i++) {
		if (rnd(8) == 0) {
			as[i].start = as[i].end = -1;
		} else {
			as[i].start = (int16_t)minute(spread);
			end = as[i].start + length();
			as[i].end = (int16_t)(end > 1440 ? 1440 : end);
		}
		as[i].service = rnd(4);		/* 0: none */
		as[i].id = rnd(4) == 0 ? 1 + rnd(ids) : ATTEND_NOSTR;
	}
	qsort(ss, ns, sizeof *ss, by_start_s);
	qsort(as, nr, sizeof *as, by_start_r);
}

/*
 * Match a copy of ss[0..ns) and of as[0..np + nr) by one of the ways,
 * the day's records after np of other days; count the differences from
 * the rule's pairs (ref_ss, ref_as, made on the day alone) and the
 * other days' records changed.
 */
static size_t
differences(void (*match)(struct attend_sess *, size_t, struct attend_rec *,
    size_t, size_t), const struct attend_sess *ss, size_t ns,
    const struct attend_rec *as, size_t np, size_t nr,
    const struct attend_sess *ref_ss, const struct attend_rec *ref_as)
{
	struct attend_sess *s = xreallocarray(NULL, ns, sizeof *s);
	struct attend_rec *r = xreallocarray(NULL, np + nr, sizeof *r);
	size_t i, differ = 0;

	memcpy(s, ss, ns * sizeof *s);
	memcpy(r, as, (np + nr) * sizeof *r);
	match(s, ns, r, np, np + nr);
	for (i = 0; i < ns; i++)
		differ += s[i].att != (ref_ss[i].att == -1 ? -1 :
		    ref_ss[i].att + (int32_t)np);
	for (i = 0; i < np; i++)
		differ += memcmp(&r[i], &as[i], sizeof *r) != 0;
	for (i = 0; i < nr; i++)
		differ += r[np + i].flags != ref_as[i].flags;
	free(s);
	free(r);
	return differ;
}

static void
test_match_against_rule(void)
{
	struct attend_sess *ss, *ref_ss;
	struct attend_rec *as, *ref_as;
	size_t ns, nr, np, i, days, large = 0, paired = 0;
	size_t small_differ = 0, large_differ = 0, day_differ = 0;

	ss = xreallocarray(NULL, 600, sizeof *ss);
	ref_ss = xreallocarray(NULL, 600, sizeof *ref_ss);
	as = xreallocarray(NULL, 620, sizeof *as);
	ref_as = xreallocarray(NULL, 600, sizeof *ref_as);
	for (days = 0; days < 3000; days++) {
		ns = 1 + rnd(days % 2 ? 600 : 12);
		nr = 1 + rnd(days % 3 ? 600 : 12);
		np = rnd(20);		/* records of days before */
		random_day(ss, ns, as + np, nr);
		random_day(ref_ss, np + 1, as, np);
		for (i = 0; i < np; i++)
			as[i].flags = (uint8_t)(rnd(2) ? ATTEND_MATCHED : 0);
		memcpy(ref_ss, ss, ns * sizeof *ss);
		memcpy(ref_as, as + np, nr * sizeof *as);
		rule_match(ref_ss, ns, ref_as, nr);
		small_differ += differences(attmatch_small, ss, ns, as, np, nr,
		    ref_ss, ref_as);
		large_differ += differences(attmatch_large, ss, ns, as, np, nr,
		    ref_ss, ref_as);
		day_differ += differences(attmatch_day, ss, ns, as, np, nr,
		    ref_ss, ref_as);
		large += ns * nr > 4096;
		for (i = 0; i < ns; i++)
			paired += ref_ss[i].att != -1;
	}
	ok(paired > 200000 && large > 1000, "3,000 random client-days: "
	    "%zu pairs by the rule, %zu days past 4,096 pairs", paired, large);
	ok(small_differ == 0, "attmatch_small: as the rule reads "
	    "(%zu differences)", small_differ);
	ok(large_differ == 0, "attmatch_large: as the rule reads "
	    "(%zu differences)", large_differ);
	ok(day_differ == 0, "attmatch_day: as the rule reads "
	    "(%zu differences)", day_differ);
	free(ss);
	free(ref_ss);
	free(as);
	free(ref_as);
}

/* A day of 20,000 sessions and records, all at 09:00-10:00: in order. */
static void
test_match_large_ties(void)
{
	size_t n = 20000, i, wrong = 0;
	struct attend_sess *ss = xcalloc(n, sizeof *ss);
	struct attend_rec *as = xcalloc(n, sizeof *as);

	for (i = 0; i < n; i++) {
		ss[i].start = as[i].start = 540;
		ss[i].end = as[i].end = 600;
		ss[i].att = -1;
	}
	attmatch_day(ss, n, as, 0, n);
	for (i = 0; i < n; i++)
		wrong += ss[i].att != (int32_t)i;
	ok(wrong == 0, "attmatch_day: 20,000 equal sessions go in order");
	free(ss);
	free(as);
}

/*
 * attend_take_records() past the size at which two threads share the
 * sort: 250,000 records, 150,000 of a's own and 100,000 of a part that
 * numbers its clients and services in another order.  Every record
 * must come out once, under its own client's and service's names,
 * ordered by client, day and start, and rows of the same client, day
 * and start in the order added (a's, then the part's): most clients'
 * rows come by day, and every seventh client's backwards, each at a
 * day and start of its own, so that the sort must reorder them.  The
 * record's number rides in note_day.
 */
static void
test_take_records_two_threads(void)
{
	struct fix x;
	struct attend b;
	size_t na = 150000, n = 250000, i, misnamed = 0, disordered = 0;
	char *seen = xcalloc(n, 1), id[16], svc[16];
	struct attend_rec r;

	setup(&x, OPEN_LO, OPEN_HI, d0 + 30);
	attend_init(&b, &x.pol, &x.ro, OPEN_LO, OPEN_HI, d0 + 30);
	attend_client(&b, "C999", 4);	/* the part's numbers differ */
	attend_str(&b, "t3");
	for (i = 0; i < n; i++) {
		unsigned k = (unsigned)(i * 7919 % 1000);
		struct attend *to = i < na ? &x.au : &b;

		memset(&r, 0, sizeof r);
		snprintf(id, sizeof id, "C%u", k);
		snprintf(svc, sizeof svc, "%c%u", i < na ? 's' : 't', k % 5);
		r.client = (uint32_t)attend_client(to, id, strlen(id));
		r.service = attend_str(to, svc);
		r.day = (int32_t)(k % 7 == 0 ? d0 + 600 - (long)(i / 500) :
		    d0 + (long)(i / 1000));
		r.start = (int16_t)(k % 7 == 0 ? i % 500 : 0);
		r.end = -1;
		r.note_day = (int32_t)i;
		attend_add_record(to, &r);
	}
	{
		struct attend *parts[1] = { &b };

		attend_take_records(&x.au, parts, 1);
	}
	for (i = 0; i < x.au.nas; i++) {
		const struct attend_rec *q = &x.au.as[i], *p = q - 1;
		size_t t = (size_t)q->note_day;
		unsigned k = (unsigned)(t * 7919 % 1000);

		snprintf(id, sizeof id, "C%u", k);
		snprintf(svc, sizeof svc, "%c%u", t < na ? 's' : 't', k % 5);
		if (t >= n || seen[t]++ || strcmp(attend_client_name(&x.au,
		    q->client), id) != 0 || strcmp(attend_str_of(&x.au,
		    q->service), svc) != 0)
			misnamed++;
		if (i > 0 && (p->client > q->client || (p->client ==
		    q->client && (p->day > q->day || (p->day == q->day &&
		    (p->start > q->start || (p->start == q->start &&
		    p->note_day > q->note_day)))))))
			disordered++;
	}
	ok(x.au.nas == n && misnamed == 0, "attend_take_records: 250,000 "
	    "records in two threads, each once, under its own names");
	ok(disordered == 0, "attend_take_records: by client, day and start, "
	    "ties in the order added");
	free(seen);
	attend_free(&b);
	teardown(&x);
}

int
main(void)
{
	date_parse("2026-11-09", &d0);
	test_late();
	test_left_early();
	test_no_record();
	test_absent_unexcused();
	test_unscheduled();
	test_consecutive_absences();
	test_attendance_rate();
	test_no_contact();
	test_below_min_hours();
	test_billable_day_short();
	test_note_missing();
	test_note_late();
	test_shortfall_forecast();
	test_not_scheduled();
	test_order();
	test_order_ties();
	test_order_merged();
	test_texts_found_again();
	test_week_texts_found_again();
	test_sorted_early();
	test_client_guess();
	test_str_cache();
	test_sort_into_spare();
	test_closures();
	test_match_against_rule();
	test_match_large_ties();
	test_take_records_two_threads();
	return tap_done();
}
