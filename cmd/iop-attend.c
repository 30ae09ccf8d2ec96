/*
 * iop-attend: audit attendance against the schedule and the program's
 * attendance policy.
 *
 * Reads the dated schedule (iop-plan --sessions, or an export with the
 * same fields), the attendance logs and a policy, matches each
 * scheduled session to what was logged that day, and writes one
 * finding per thing a payer, an accreditor or the clinical director
 * asks about: sessions with no record, absences, late arrivals, weeks
 * below the level's minimum hours, unsigned notes, a week that can no
 * longer reach its hours.  With --summary, one record per client.
 * Exit 1 when a finding is at or above --fail-on.
 */
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attlog.h"
#include "check.h"
#include "compat.h"
#include "date.h"
#include "diag.h"
#include "hours.h"
#include "levels.h"
#include "opt.h"
#include "out.h"
#include "policy.h"
#include "recio.h"
#include "roster.h"
#include "xalloc.h"

#define NONE	ROSTER_NEVER_LO

/*
 * Memory: the audit keeps one fixed-size entry per session and per
 * record of the audited period (rows outside it are dropped as they are
 * read), with clients, services and session ids interned as numbers,
 * days as day numbers; no string is kept per row.  See iop-attend(1),
 * MEMORY.
 */
#define NOSTR	0		/* no service or session id */
#define NODAY	INT32_MIN	/* no note date */

/* A scheduled session. */
struct sess {
	uint32_t client;
	int32_t	 day;
	int16_t	 start, end;
	uint32_t service, id;	/* strs index + 1, or NOSTR */
	int32_t	 att;		/* matched attendance record, or -1 */
};

#define A_NOTES		1	/* the log has note columns */
#define A_SIGNED	2	/* note_signed says yes */
#define A_MATCHED	4	/* paired with a session (its att says which) */

/* An attendance record. */
struct att {
	uint32_t client;
	int32_t	 day;
	int32_t	 note_day;	/* NODAY: no note date */
	uint32_t service, id;	/* strs index + 1, or NOSTR */
	int16_t	 start, end;	/* -1: no times given */
	uint8_t	 st;		/* enum attlog_status */
	uint8_t	 flags;		/* A_NOTES, A_SIGNED */
};

/* A finding: fixed size too, its text in details. */
struct finding {
	uint32_t client;
	int32_t	 day, week;	/* NODAY where it does not apply */
	uint8_t	 rule, sev;	/* enum rule, enum sev */
	uint32_t session;	/* strs index + 1, or NOSTR */
	const char *detail;
};

static struct common opts = COMMON_INIT;
static struct policy pol;
static struct roster roster;
static struct hours *hw;		/* weekly hours; also interns clients */
static long from = ROSTER_NEVER_LO, to = ROSTER_NEVER_HI, asof;
static struct sess *ss;
static size_t nss, capss;
static struct att *as;
static size_t nas, capas;
static struct finding *fs;
static size_t nfs, capfs;
static struct arena details;		/* the findings' text */
static struct hours *strs;		/* interns services and session ids */
static enum sev fail_on = SEV_VIOLATION;
static int have_roster, min_given;

static _Noreturn void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, "usage: %s [-h] [--as-of date] "
	    "[--fail-on severity] [--from date] [-I fmt]\n"
	    "\t[--min hours] [-O fmt] [-o file] [-p policy] [--print-policy] "
	    "[--raw-csv]\n"
	    "\t[-r roster] -s schedule [--summary] [--to date] "
	    "[--today date] [-w week]\n"
	    "\t[--version] [file ...]\n", diag_progname());
	out_exit(status);
}

/* A service or session id as a number: NOSTR if empty. */
static uint32_t
intern(const char *s)
{
	return *s == '\0' ? NOSTR :
	    (uint32_t)hours_client_id(strs, s, strlen(s)) + 1;
}

static const char *
str_of(uint32_t i)
{
	return i == NOSTR ? NULL : hours_client(strs, i - 1);
}

static int
in_period(long day)
{
	return day >= from && day <= to;
}

static size_t
client_of(const struct rec *r, const char *s)
{
	if (*s == '\0')
		check_fail(r, "client_id", "is empty");
	return hours_client_id(hw, s, strlen(s));
}

/* --- reading --- */

static const char *const schedcols[] = {
	"client_id", "date", "start", "end", "service", "session_id", "title"
};
enum { S_CLIENT, S_DATE, S_START, S_END, S_SERVICE, S_ID, S_TITLE, NSCHED };

static void
schedule_record(struct colmap *m, const struct rec *r, void *arg)
{
	struct sess s;
	long day;

	s.client = (uint32_t)client_of(r, colmap_get(m, r, S_CLIENT));
	day = check_date(r, "date", colmap_get(m, r, S_DATE));
	s.start = (int16_t)check_time(r, "start", colmap_get(m, r, S_START), 0);
	s.end = (int16_t)attlog_end(s.start,
	    check_time(r, "end", colmap_get(m, r, S_END), 1));
	if (s.end <= s.start)
		check_fail(r, "end", "is not after 'start'");
	if (!in_period(day))
		return;
	s.day = (int32_t)day;
	s.service = intern(colmap_get(m, r, S_SERVICE));
	s.id = intern(colmap_get(m, r, S_ID));
	s.att = -1;
	if (nss == capss) {
		capss = capss ? capss * 2 : 256;
		ss = xreallocarray(ss, capss, sizeof *ss);
	}
	ss[nss++] = s;
}

static int
present(enum attlog_status st)
{
	return attlog_counts_hours(st);
}

static void
log_record(struct colmap *m, const struct rec *r, void *arg)
{
	static struct attlog_reader rd = { .latest = LONG_MAX };
	struct attlog_rec l;
	struct att a;

	attlog_check(&rd, m, r, &l);
	a.client = (uint32_t)hours_client_id(hw, l.client->val,
	    l.client->len);
	if (!in_period(l.day))
		return;
	a.day = (int32_t)l.day;
	a.st = (uint8_t)l.status;
	a.start = (int16_t)l.start;
	a.end = (int16_t)l.end;
	a.note_day = l.note_day == ATTLOG_NODAY ? NODAY : (int32_t)l.note_day;
	a.flags = (l.notes ? A_NOTES : 0) | (l.signed_ ? A_SIGNED : 0);
	a.service = intern(colmap_get(m, r, ATTLOG_SERVICE));
	a.id = intern(colmap_get(m, r, ATTLOG_SESSION_ID));
	if (nas == capas) {
		capas = capas ? capas * 2 : 256;
		as = xreallocarray(as, capas, sizeof *as);
	}
	as[nas++] = a;
}

/* --- findings --- */

static void
find(size_t client, enum rule rule, long day, long week, uint32_t sess,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void
find(size_t client, enum rule rule, long day, long week, uint32_t sess,
    const char *fmt, ...)
{
	struct finding *f;
	va_list ap;
	char text[256];

	if (pol.severity[rule] == SEV_NONE)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	if (nfs == capfs) {
		capfs = capfs ? capfs * 2 : 64;
		fs = xreallocarray(fs, capfs, sizeof *fs);
	}
	f = &fs[nfs++];
	f->client = (uint32_t)client;
	f->rule = (uint8_t)rule;
	f->sev = (uint8_t)pol.severity[rule];
	f->day = day == NONE ? NODAY : (int32_t)day;
	f->week = week == NONE ? NODAY : (int32_t)week;
	f->session = sess;
	f->detail = arena_add(&details, text, strlen(text));
}

/* --- matching --- */

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

static int
sess_cmp(const void *a, const void *b)
{
	const struct sess *x = a, *y = b;

	return cds_cmp(x->client, x->day, x->start, y->client, y->day,
	    y->start);
}

static int
att_cmp(const void *a, const void *b)
{
	const struct att *x = a, *y = b;

	return cds_cmp(x->client, x->day, x->start, y->client, y->day,
	    y->start);
}

static int
overlap(const struct sess *s, const struct att *a)
{
	int lo = s->start > a->start ? s->start : a->start;
	int hi = s->end < a->end ? s->end : a->end;

	return hi > lo ? hi - lo : 0;
}

static void
pair(size_t s, size_t a)
{
	ss[s].att = (int32_t)a;
	as[a].flags |= A_MATCHED;
}

/*
 * Match one client-day: first by session_id where both sides have one,
 * then by the largest time overlap, then records without times (an
 * absence logged without its hours) to a session of the same service.
 */
static void
match_day(size_t s0, size_t s1, size_t a0, size_t a1)
{
	size_t s, a, best;
	int ov, bestov;

	for (a = a0; a < a1; a++)
		for (s = s0; s < s1 && as[a].id != NOSTR; s++)
			if (ss[s].att < 0 && ss[s].id == as[a].id) {
				pair(s, a);
				break;
			}
	for (a = a0; a < a1; a++) {
		if ((as[a].flags & A_MATCHED) || as[a].start < 0)
			continue;
		for (s = s0, best = s1, bestov = 0; s < s1; s++)
			if (ss[s].att < 0 && (ov = overlap(&ss[s], &as[a])) >
			    bestov) {
				best = s;
				bestov = ov;
			}
		if (best < s1)
			pair(best, a);
	}
	for (a = a0; a < a1; a++) {
		if ((as[a].flags & A_MATCHED) || as[a].start >= 0)
			continue;
		for (s = s0, best = s1; s < s1; s++)
			if (ss[s].att < 0 && (best == s1 || (as[a].service !=
			    NOSTR && ss[s].service == as[a].service &&
			    ss[best].service != as[a].service)))
				best = s;
		if (best < s1)
			pair(best, a);
	}
}

static void
match_all(void)
{
	size_t s = 0, a = 0, s1, a1;

	if (nss > 0)
		qsort(ss, nss, sizeof *ss, sess_cmp);
	if (nas > 0)
		qsort(as, nas, sizeof *as, att_cmp);
	while (s < nss || a < nas) {
		size_t client;
		long day;

		/* the next client-day present on either side */
		if (a >= nas || (s < nss && cds_cmp(ss[s].client, ss[s].day, 0,
		    as[a].client, as[a].day, 0) <= 0))
			client = ss[s].client, day = ss[s].day;
		else
			client = as[a].client, day = as[a].day;
		for (s1 = s; s1 < nss && ss[s1].client == client &&
		    ss[s1].day == day; s1++)
			;
		for (a1 = a; a1 < nas && as[a1].client == client &&
		    as[a1].day == day; a1++)
			;
		match_day(s, s1, a, a1);
		s = s1;
		a = a1;
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
program_day(long day)
{
	return date_weekday(day) < 5 && !policy_closed(&pol, day);
}

/* Business (program) days after day up to and including later. */
static long
business_days(long day, long later)
{
	long n = 0, d;

	for (d = day + 1; d <= later; d++)
		if (program_day(d))
			n++;
	return n;
}

/* Documentation: only where the log has the columns. */
static void
check_note(const struct att *a, uint32_t sid)
{
	long late;

	if (!(a->flags & A_NOTES) || !present(a->st))
		return;
	if (!(a->flags & A_SIGNED)) {
		find(a->client, R_NOTE_MISSING, a->day, NONE, sid,
		    "no signed note for the session");
		return;
	}
	if (a->note_day != NODAY && (late = business_days(a->day,
	    a->note_day)) > pol.notes_due_business_days)
		find(a->client, R_NOTE_LATE, a->day, NONE, sid,
		    "note signed %ld business days after the session; due "
		    "within %ld", late, pol.notes_due_business_days);
}

/*
 * The times decide, not the status word: a record logged as late (or
 * left_early) whose times are within the grace is no finding, so the
 * grace means the same whoever keyed the record.  Every present record
 * has times (log_record insists).
 */
static void
rule_late(const struct sess *s, const struct att *a)
{
	if (a->start > s->start + pol.late_grace_min)
		find(s->client, R_LATE, s->day, NONE, s->id, "arrived %d "
		    "minutes after the scheduled start", a->start - s->start);
}

static void
rule_left_early(const struct sess *s, const struct att *a)
{
	if (a->end < s->end - pol.left_early_grace_min)
		find(s->client, R_LEFT_EARLY, s->day, NONE, s->id, "left %d "
		    "minutes before the scheduled end", s->end - a->end);
}

/* Is the session an unexcused miss?  Also says why, as findings. */
static int
check_session(const struct sess *s)
{
	const struct att *a = s->att >= 0 ? &as[s->att] : NULL;
	char b1[6], b2[6];
	int mins;

	if (a == NULL) {
		find(s->client, R_NO_RECORD, s->day, NONE, s->id,
		    "no attendance record for the session scheduled %s-%s",
		    hhmm(s->start, b1), hhmm(s->end, b2));
		return 1;
	}
	if (a->st == ATTLOG_ABSENT) {
		find(s->client, R_ABSENT_UNEXCUSED, s->day, NONE, s->id,
		    "absent, not excused");
		return 1;
	}
	if (!present(a->st))
		return 0;
	check_note(a, s->id);
	mins = time_elapsed(a->day, a->start, a->end);
	if (mins < pol.min_minutes_for_credit) {
		find(s->client, R_ABSENT_UNEXCUSED, s->day, NONE, s->id,
		    "present %d minutes, under the %ld needed for credit",
		    mins, pol.min_minutes_for_credit);
		return 1;
	}
	rule_late(s, a);
	rule_left_early(s, a);
	return 0;
}

static void
check_unscheduled(const struct att *a)
{
	char b1[6], b2[6];

	if (a->flags & A_MATCHED)
		return;
	if (present(a->st)) {
		check_note(a, a->id);
		find(a->client, R_UNSCHEDULED, a->day, NONE, a->id,
		    "attended %s-%s with no session scheduled",
		    hhmm(a->start, b1), hhmm(a->end, b2));
	} else
		find(a->client, R_UNSCHEDULED, a->day, NONE, a->id,
		    "a missed session logged with none scheduled");
}

/* --- rules about a client over the period --- */

struct tally {
	long	due, attended, excused, absent;
	long	streak, last_seen;
};

/* Walk one client's due sessions in order: streaks and counts. */
static void
tally_client(size_t s0, size_t s1, struct tally *t)
{
	size_t s;

	for (s = s0; s < s1 && ss[s].day <= asof; s++) {
		const struct att *a = ss[s].att >= 0 ? &as[ss[s].att] : NULL;
		int miss = check_session(&ss[s]);

		if (a != NULL && a->st == ATTLOG_CANCELLED)
			continue;
		t->due++;
		if (a != NULL && a->st == ATTLOG_EXCUSED) {
			t->excused++;
			continue;
		}
		if (!miss) {
			t->attended++;
			t->streak = 0;
			continue;
		}
		t->absent++;
		if (++t->streak == pol.consecutive_absences)
			find(ss[s].client, R_CONSECUTIVE_ABSENCES, ss[s].day,
			    NONE, ss[s].id, "%ld unexcused absences in a row",
			    t->streak);
	}
}

static void
fmt_rate(long num, long den, char buf[32])
{
	long tenths = (num * 2000 + den) / (2 * den);	/* half up */

	snprintf(buf, 32, "%ld.%ld", tenths / 10, tenths % 10);
}

static void
check_rate(size_t client, const struct tally *t)
{
	long den = t->due - t->excused;
	char pct[32];

	if (den <= 0 || t->attended * 100 >= pol.attendance_rate_min * den)
		return;
	fmt_rate(t->attended, den, pct);
	find(client, R_ATTENDANCE_RATE, NONE, NONE, NOSTR, "attended %ld of %ld "
	    "sessions due (%s%%), under %ld%%", t->attended, den, pct,
	    pol.attendance_rate_min);
}

static void
check_contact(size_t client, size_t s0, const struct tally *t)
{
	long since = t->last_seen != NONE ? t->last_seen :
	    s0 < nss && ss[s0].client == client ? ss[s0].day : NONE;

	if (since == NONE || since > asof || asof - since <
	    pol.no_contact_days)
		return;
	find(client, R_NO_CONTACT, since, NONE, NOSTR, t->last_seen != NONE ?
	    "no attendance for %ld days" : "no attendance in %ld days since "
	    "the first scheduled session", asof - since);
}

/* --- rules about weeks --- */

struct perclient {
	struct tally t;
	long	week_min;	/* attended minutes, the week holding asof */
	long	final_min;	/* ... the final week of the period */
	long	period_min;
	long	left_min, left_smallest;	/* scheduled after asof, this week */
	int	active;		/* audited */
	int	scheduled;	/* has a session in the period */
	int	logged;		/* has a record in the period */
	int	worst;		/* enum sev of the worst finding */
};

static struct perclient *pc;

static void
feed_hours(void)
{
	size_t i, svc = hours_service_id(hw, "all", 3);

	for (i = 0; i < nas; i++) {
		const struct att *a = &as[i];

		if (!present(a->st) || a->day > asof)
			continue;
		hours_attended(hw, a->client, a->day, a->start, a->end, svc);
		if (pc[a->client].t.last_seen == NONE ||
		    a->day > pc[a->client].t.last_seen)
			pc[a->client].t.last_seen = a->day;
	}
	for (i = 0; i < nss; i++)
		if (ss[i].day <= asof)
			hours_touch(hw, ss[i].client, ss[i].day);
}

/*
 * Minutes attended on the client-day as[a0..a1), sorted by start: the
 * union of the intervals, as hours.h counts them (a table of days would
 * hold an entry per row; the sorted records already are one).
 */
static long
day_minutes(size_t a0, size_t a1)
{
	long total = 0;
	int lo = -1, hi = -1;
	size_t a;

	for (a = a0; a < a1; a++) {
		if (!present(as[a].st))
			continue;
		if (lo >= 0 && as[a].start <= hi) {
			if (as[a].end > hi)
				hi = as[a].end;
			continue;
		}
		if (lo >= 0)
			total += time_elapsed(as[a0].day, lo, hi);
		lo = as[a].start;
		hi = as[a].end;
	}
	if (lo >= 0)
		total += time_elapsed(as[a0].day, lo, hi);
	return total;
}

/* A per-diem week: fewer than billable_days_per_week billable days. */
static void
billable_week(size_t client, long wk, long days)
{
	if (wk + 6 <= asof && days < pol.billable_days_per_week)
		find(client, R_BILLABLE_DAY_SHORT, NONE, wk, NOSTR, "%ld "
		    "billable days; a per-diem week needs %ld", days,
		    pol.billable_days_per_week);
}

/*
 * billable_day_short, per day (under billable_day_hours attended) and
 * per week, in one walk of the sorted records: a week with attendance
 * is over when the client or the week changes.
 */
static void
rule_billable_day_short(void)
{
	size_t a0, a1, k;
	long mins, wk = NONE, days = 0;
	size_t client = 0;
	char h[32], need[32];

	opt_fmt_hours(pol.billable_day_minutes, need);
	for (a0 = 0; a0 < nas; a0 = a1) {
		int any = 0;

		for (a1 = a0; a1 < nas && as[a1].client == as[a0].client &&
		    as[a1].day == as[a0].day; a1++)
			;
		for (k = a0; k < a1; k++)
			any |= present(as[k].st);
		if (!any || as[a0].day > asof)
			continue;
		if (wk != NONE && (as[a0].client != client ||
		    date_week_start(as[a0].day, 0) != wk)) {
			billable_week(client, wk, days);
			wk = NONE;
		}
		if (wk == NONE) {
			client = as[a0].client;
			wk = date_week_start(as[a0].day, 0);
			days = 0;
		}
		if ((mins = day_minutes(a0, a1)) >= pol.billable_day_minutes) {
			days++;
			continue;
		}
		opt_fmt_hours(mins, h);
		find(as[a0].client, R_BILLABLE_DAY_SHORT, as[a0].day, NONE,
		    NOSTR, "%s hours attended; a per-diem day needs %s", h, need);
	}
	if (wk != NONE)
		billable_week(client, wk, days);
}

/*
 * The last week of the audited period that has begun by asof: what the
 * summary's hours_final_week describes.  With --week last on a Monday
 * it is last week, not the week just begun.
 */
static long
final_week(void)
{
	return date_week_start(asof < to ? asof : to, 0);
}

/* Program days of [lo, hi]. */
static long
program_days(long lo, long hi)
{
	long n = 0, d;

	for (d = lo; d <= hi; d++)
		n += program_day(d);
	return n;
}

/*
 * The client's minimum for the week starting wk, -1 if none, and in how
 * what the finding says of it.  A week the roster admits or discharges
 * the client in, with fewer program days enrolled than the week has, is
 * partial: its minimum follows the policy's partial_week.
 */
static long
week_minimum(size_t client, long wk, char how[96])
{
	const struct enrol *e = roster_get(&roster, client);
	long need = roster_range(&roster, client).min, days = 0, of = 0;

	how[0] = '\0';
	if (e != NULL) {
		of = program_days(wk, wk + 6);
		days = program_days(e->admitted > wk ? e->admitted : wk,
		    e->discharged < wk + 6 ? e->discharged : wk + 6);
	}
	if (days >= of)
		return need;
	if (pol.partial_week == PW_EXEMPT)
		return -1;
	if (pol.partial_week == PW_FULL) {
		snprintf(how, 96, " (partial week: full minimum)");
		return need;
	}
	snprintf(how, 96, " (prorated: %ld of %ld program days enrolled)",
	    days, of);
	return (2 * need * days + of) / (2 * of);	/* half up */
}

/* below_min_hours, for a week over by asof. */
static void
rule_below_min_hours(size_t client, long wk, long minutes)
{
	long need;
	char h[32], m[32], how[96];

	if ((need = week_minimum(client, wk, how)) < 0 || minutes >= need)
		return;
	opt_fmt_hours(minutes, h);
	opt_fmt_hours(need, m);
	find(client, R_BELOW_MIN_HOURS, NONE, wk, NOSTR,
	    "%s hours attended, under the %s-hour minimum%s", h, m, how);
}

static void
check_weeks(void)
{
	struct hours_cursor cur;
	struct hours_row r;
	long wk = date_week_start(asof, 0);
	long final = final_week();

	rule_billable_day_short();
	/* row by row: the table of all rows would be an entry per week */
	hours_prepare(hw);
	hours_seek(hw, &cur, 0);
	r.service = xcalloc(hours_nservices(hw) + 1, sizeof *r.service);
	while (hours_next(hw, &cur, &r)) {
		pc[r.client].period_min += r.minutes;
		if (r.week == wk)
			pc[r.client].week_min = r.minutes;
		if (r.week == final)
			pc[r.client].final_min = r.minutes;
		if (r.week + 6 <= asof)
			rule_below_min_hours(r.client, r.week, r.minutes);
	}
	free(r.service);
}

/*
 * The week holding --as-of, not over yet: can the client still reach
 * the minimum by attending every session left?  Must they attend all?
 */
static void
check_forecast(size_t client)
{
	struct perclient *p = &pc[client];
	long wk = date_week_start(asof, 0), best = p->week_min + p->left_min;
	long need;
	char a[32], l[32], m[32], how[96];
	enum sev warn = pol.severity[R_SHORTFALL_FORECAST] < SEV_WARNING ?
	    pol.severity[R_SHORTFALL_FORECAST] : SEV_WARNING;

	need = week_minimum(client, wk, how);
	if (asof >= wk + 6 || need <= 0 || p->left_min == 0 ||
	    p->week_min >= need)
		return;
	opt_fmt_hours(p->week_min, a);
	opt_fmt_hours(p->left_min, l);
	opt_fmt_hours(need, m);
	if (best < need)
		find(client, R_SHORTFALL_FORECAST, NONE, wk, NOSTR,
		    "cannot reach %s hours this week: %s attended, %s still "
		    "scheduled%s", m, a, l, how);
	else if (best - p->left_smallest < need && warn != SEV_NONE) {
		find(client, R_SHORTFALL_FORECAST, NONE, wk, NOSTR,
		    "must attend every session left to reach %s hours: %s "
		    "attended, %s still scheduled%s", m, a, l, how);
		fs[nfs - 1].sev = (uint8_t)warn;
	}
}

static void
remaining(void)
{
	long wk = date_week_start(asof, 0);
	size_t i;

	for (i = 0; i < nss; i++) {
		struct perclient *p = &pc[ss[i].client];
		long d = ss[i].end - ss[i].start;

		if (ss[i].day <= asof || ss[i].day > wk + 6)
			continue;
		p->left_min += d;
		if (p->left_smallest == 0 || d < p->left_smallest)
			p->left_smallest = d;
	}
}

/*
 * not_scheduled: a client the roster enrols in the period (up to asof)
 * with no session scheduled in it is audited all the same, and each
 * week of the enrolment that has a known start counts its 0 hours, as
 * iop-hours does with the same roster.
 */
static void
rule_not_scheduled(size_t client)
{
	const struct enrol *e = roster_get(&roster, client);
	long lo, hi, d;

	if (e == NULL || !roster_enrolled(e, from, asof < to ? asof : to))
		return;
	pc[client].active = 1;
	if (pc[client].scheduled)
		return;
	find(client, R_NOT_SCHEDULED, NONE, NONE, NOSTR,
	    "enrolled in the period with no session scheduled");
	lo = e->admitted > from ? e->admitted : from;
	hi = e->discharged < to ? e->discharged : to;
	if (lo == ROSTER_NEVER_LO)
		return;		/* no first week to count from */
	for (d = date_week_start(lo, 0); d <= hi && d <= asof; d += 7)
		hours_touch(hw, client, d);
}

/*
 * Said on stderr, after the report: a period without a single record
 * (a stale or empty log reads as a week of zeros), and how many clients
 * of the period's records the roster does not list (never which).
 */
static void
notices(void)
{
	size_t c, n = 0, nc = hours_nclients(hw);

	if (nas == 0)
		attlog_notice_empty();
	if (!have_roster)
		return;
	for (c = 0; c < nc; c++)
		n += pc[c].logged && roster_get(&roster, c) == NULL;
	attlog_notice_unlisted(n);
}

/* Said once, on stderr: an adolescent program must not miss it. */
static void
notice_no_roster(void)
{
	char h[32];

	if (have_roster || min_given)
		return;
	opt_fmt_hours(roster.deflt.min, h);
	fprintf(stderr, "%s: no roster (-r): every client is held to the "
	    "adult minimum of %s hours a week\n", diag_progname(), h);
}

static void
audit(void)
{
	size_t c, nc, s = 0;

	match_all();
	/* clients are interned already: sessions and records name them */
	nc = hours_nclients(hw);
	pc = xcalloc(nc + 1, sizeof *pc);
	for (c = 0; c <= nc; c++)
		pc[c].t.last_seen = NONE;
	for (c = 0; c < nss; c++)
		pc[ss[c].client].active = pc[ss[c].client].scheduled = 1;
	for (c = 0; c < nas; c++) {
		pc[as[c].client].active = pc[as[c].client].logged = 1;
		check_unscheduled(&as[c]);
	}
	for (c = 0; c < nc; c++)
		rule_not_scheduled(c);
	feed_hours();
	check_weeks();
	remaining();
	for (c = 0; c <= nc; c++) {
		size_t s0;

		while (s < nss && ss[s].client < c)
			s++;
		for (s0 = s; s < nss && ss[s].client == c; s++)
			;
		if (!pc[c].active)
			continue;
		tally_client(s0, s, &pc[c].t);
		check_rate(c, &pc[c].t);
		check_contact(c, s0, &pc[c].t);
		check_forecast(c);
	}
}

/* --- output --- */

static int
finding_cmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	long dx = x->day != NODAY ? x->day : x->week;
	long dy = y->day != NODAY ? y->day : y->week;
	int c = strcmp(hours_client(hw, x->client), hours_client(hw, y->client));

	if (c != 0)
		return c;
	if (dx != dy)
		return dx < dy ? -1 : 1;
	if ((x->day == NODAY) != (y->day == NODAY))	/* weeks before days */
		return x->day == NODAY ? -1 : 1;
	if (x->rule != y->rule)
		return (int)x->rule - (int)y->rule;
	return strcmp(x->detail, y->detail);
}


static void
add_day(struct rec *o, const char *key, long day, int week)
{
	char buf[WEEK_LEN];

	if (day == NONE)
		buf[0] = '\0';
	else if (week)
		date_week_label(day, 0, buf);
	else
		date_format(day, buf);
	rec_adds(o, key, buf, REC_TEXT);
}

static const char *const findcols[] = {
	"client_id", "rule", "severity", "date", "week", "session_id", "detail"
};

static void
write_findings(struct rout *w)
{
	struct rec o = REC_INIT;
	size_t i;

	rout_columns(w, findcols, 7);
	for (i = 0; i < nfs; i++) {
		const struct finding *f = &fs[i];

		rec_clear(&o);
		rec_adds(&o, findcols[0], hours_client(hw, f->client), REC_TEXT);
		rec_adds(&o, findcols[1], policy_rule_name(f->rule), REC_TEXT);
		rec_adds(&o, findcols[2], policy_sev_name(f->sev), REC_TEXT);
		add_day(&o, findcols[3], f->day != NODAY ? f->day : NONE, 0);
		add_day(&o, findcols[4], f->week != NODAY ? f->week :
		    f->day != NODAY ? date_week_start(f->day, 0) : NONE, 1);
		rec_adds(&o, findcols[5], f->session != NOSTR ?
		    str_of(f->session) : "", REC_TEXT);
		rec_adds(&o, findcols[6], f->detail, REC_TEXT);
		if (rout_write(w, &o) == -1)
			exit(EXIT_TROUBLE);
	}
	rec_free(&o);
}

static const char *const sumcols[] = {
	"client_id", "scheduled", "attended", "excused", "absent",
	"attendance_rate", "hours_final_week", "hours_period",
	"consecutive_absences", "days_since_attendance", "status"
};

/* Each client's worst finding, in one pass (not one per client). */
static void
note_worst(void)
{
	size_t i;

	for (i = 0; i < nfs; i++)
		if (fs[i].sev > pc[fs[i].client].worst)
			pc[fs[i].client].worst = fs[i].sev;
}


static void
summary_row(struct rec *o, size_t c)
{
	const struct tally *t = &pc[c].t;
	long den = t->due - t->excused;
	enum sev s = (enum sev)pc[c].worst;
	char buf[32];

	rec_clear(o);
	rec_adds(o, sumcols[0], hours_client(hw, c), REC_TEXT);
	rec_add_count(o, sumcols[1], t->due);
	rec_add_count(o, sumcols[2], t->attended);
	rec_add_count(o, sumcols[3], t->excused);
	rec_add_count(o, sumcols[4], t->absent);
	if (den > 0)
		fmt_rate(t->attended, den, buf);
	rec_adds(o, sumcols[5], den > 0 ? buf : "", REC_NUM);
	rec_add_hours(o, sumcols[6], pc[c].final_min);
	rec_add_hours(o, sumcols[7], pc[c].period_min);
	rec_add_count(o, sumcols[8], t->streak);
	if (t->last_seen != NONE)
		opt_fmt_long(asof - t->last_seen, buf);
	rec_adds(o, sumcols[9], t->last_seen != NONE ? buf : "", REC_NUM);
	rec_adds(o, sumcols[10], s == SEV_VIOLATION ? "non_compliant" :
	    s == SEV_WARNING ? "at_risk" : "compliant", REC_TEXT);
}

static int
client_cmp(const void *a, const void *b)
{
	return strcmp(hours_client(hw, *(const size_t *)a),
	    hours_client(hw, *(const size_t *)b));
}

static void
write_summary(struct rout *w)
{
	size_t nc = hours_nclients(hw), i, k = 0;
	size_t *order = xcalloc(nc + 1, sizeof *order);
	struct rec o = REC_INIT;

	note_worst();
	for (i = 0; i < nc; i++)
		if (pc[i].active)
			order[k++] = i;
	qsort(order, k, sizeof *order, client_cmp);
	rout_columns(w, sumcols, 11);
	for (i = 0; i < k; i++) {
		summary_row(&o, order[i]);
		if (rout_write(w, &o) == -1)
			exit(EXIT_TROUBLE);
	}
	rec_free(&o);
	free(order);
}

/* --- main --- */

enum { OPT_AS_OF = 2000, OPT_FAIL_ON, OPT_FROM, OPT_MIN, OPT_PRINT_POLICY,
	OPT_SUMMARY, OPT_TO };

static const struct option longopts[] = {
	COMMON_LONGOPTS,
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "help", no_argument, NULL, 'h' },
	{ "min", required_argument, NULL, OPT_MIN },
	{ "policy", required_argument, NULL, 'p' },
	{ "print-policy", no_argument, NULL, OPT_PRINT_POLICY },
	{ "roster", required_argument, NULL, 'r' },
	{ "schedule", required_argument, NULL, 's' },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "to", required_argument, NULL, OPT_TO },
	{ "week", required_argument, NULL, 'w' },
	{ NULL, 0, NULL, 0 }
};

struct args {
	const char	*schedule, *policy, *roster, *week, *from, *to, *asof;
	int		 summary;
};

static void
bad_option(const char *msg)
{
	diag_warnx(NULL, "%s", msg);
	usage(EXIT_TROUBLE);
}

static void
parse_args(int argc, char *argv[], struct args *a)
{
	long min;
	int ch;

	while ((ch = getopt_long(argc, argv, "hI:O:o:p:r:s:w:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
		case 'p':
			a->policy = optarg;
			break;
		case 'r':
			a->roster = optarg;
			break;
		case 's':
			a->schedule = optarg;
			break;
		case 'w':
			a->week = optarg;
			break;
		case OPT_AS_OF:
			a->asof = optarg;
			break;
		case OPT_FAIL_ON:
			if ((fail_on = policy_sev_parse(optarg)) == SEV_BAD ||
			    fail_on == SEV_NONE)
				bad_option("--fail-on takes info, warning or "
				    "violation");
			break;
		case OPT_FROM:
			a->from = optarg;
			break;
		case OPT_MIN:
			if (opt_hours(optarg, &min) == -1)
				bad_option("--min takes hours (such as 9 or 7.5)");
			roster.deflt.min = min;
			min_given = 1;
			break;
		case OPT_PRINT_POLICY:
			fputs(policy_default, stdout);
			out_exit(0);
		case OPT_SUMMARY:
			a->summary = 1;
			break;
		case OPT_TO:
			a->to = optarg;
			break;
		default:
			if (common_option(&opts, ch, optarg) != 1)
				usage(EXIT_TROUBLE);
		}
	}
}

static long
date_arg(const char *opt, const char *arg)
{
	long d;
	char msg[64];

	if (date_parse(arg, &d) == -1) {
		snprintf(msg, sizeof msg, "%s takes a date (YYYY-MM-DD)", opt);
		bad_option(msg);
	}
	return d;
}

static void
set_period(const struct args *a)
{
	long d;

	if (common_today(&opts) == -1)
		usage(EXIT_TROUBLE);
	asof = a->asof ? date_arg("--as-of", a->asof) : opts.today;
	if (a->week != NULL && (a->from != NULL || a->to != NULL))
		bad_option("--week and --from/--to do not go together");
	if (a->week != NULL) {
		if (strcmp(a->week, "this") == 0 || strcmp(a->week, "last") == 0)
			d = asof - (a->week[0] == 'l' ? 7 : 0);
		else if (date_parse(a->week, &d) == -1 &&
		    date_parse_isoweek(a->week, &d) == -1)
			bad_option("--week takes this, last, a date or an ISO "
			    "week (2026-W48)");
		from = date_week_start(d, 0);
		to = from + 6;
	}
	if (a->from != NULL)
		from = date_arg("--from", a->from);
	if (a->to != NULL)
		to = date_arg("--to", a->to);
	if (from > to)
		bad_option("--from is after --to");
}

/*
 * Elapsed minutes (time_elapsed() in date.h, through lib/hours.c) follow
 * the local zone: set it to the program's once, before any is counted,
 * so a cron job on a UTC machine totals a DST night as the program does.
 */
static void
use_time_zone(void)
{
	if (pol.time_zone[0] == '\0')
		return;
	if (setenv("TZ", pol.time_zone, 1) == -1)
		diag_fatal("cannot set the time zone");
	tzset();
}

int
main(int argc, char *argv[])
{
	struct args a;
	struct out *out;
	struct rout *w;
	int i, infmt;

	diag_init(argv[0]);
	argv[0] = (char *)diag_progname();
	if (compat_pledge("stdio rpath wpath cpath") == -1)
		diag_fatal("pledge failed");
	memset(&a, 0, sizeof a);
	roster_init(&roster, level_range(LEVEL_IOP, 0));
	parse_args(argc, argv, &a);
	argc -= optind;
	argv += optind;
	if (a.schedule == NULL)
		bad_option("the schedule is needed (-s file)");
	set_period(&a);
	if (policy_load(&pol, a.policy) == -1)
		return EXIT_TROUBLE;
	use_time_zone();
	hw = hours_new(0);
	strs = hours_new(0);
	if (a.roster != NULL) {
		roster_read(&roster, a.roster, hw);
		have_roster = 1;
	}
	check_stream(a.schedule, opts.ifmt, schedcols, NSCHED, 4, 0,
	    schedule_record, NULL);
	infmt = check_stream(argc > 0 ? argv[0] : "-", opts.ifmt,
	    attlog_columns, ATTLOG_NCOLS, ATTLOG_REQUIRED, 0, log_record, NULL);
	for (i = 1; i < argc; i++)
		check_stream(argv[i], opts.ifmt, attlog_columns,
		    ATTLOG_NCOLS, ATTLOG_REQUIRED, 0, log_record, NULL);
	audit();
	if (nfs > 0)
		qsort(fs, nfs, sizeof *fs, finding_cmp);
	if ((out = out_open(opts.output)) == NULL)
		return EXIT_TROUBLE;
	w = rout_open(out_file(out), common_outfmt(&opts, infmt),
	    opts.raw ? ROUT_RAW : 0);
	if (a.summary)
		write_summary(w);
	else
		write_findings(w);
	if (rout_close(w) == -1 || out_commit(out) == -1)
		return EXIT_TROUBLE;
	notice_no_roster();
	notices();
	for (i = 0; (size_t)i < nfs; i++)
		if (fs[i].sev >= fail_on)
			diag_found();
	return diag_status();
}
