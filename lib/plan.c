/* plan.c: availability, goal conditions, schedules and dates (plan.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "num.h"
#include "plan.h"
#include "xalloc.h"

/* --- goal conditions --- */

/*
 * A condition's yes or no word (yes, no, y, n, true, false, in any
 * case) is met by any way of writing it that iop-formats(5) takes for
 * a yes/no field: "Yes", "Y", "true" or "1" for yes.
 */
static int
same_yesno(const char *val, const char *word)
{
	int w;

	if (*word >= '0' && *word <= '9')
		return 0;
	return (w = num_yesno(word)) != -1 && num_yesno(val) == w;
}

int
plan_cond(const struct cond *c, const char *val)
{
	size_t i;
	long n;

	if (*val == '\0')
		return 0;
	if (c->op == COND_AT_LEAST)
		return num_parse(val, -1000000, 1000000, &n) == 0 &&
		    n >= c->num;
	for (i = 0; c->vals[i] != NULL; i++)
		if (strcmp(val, c->vals[i]) == 0 || same_yesno(val, c->vals[i]))
			return c->op == COND_IS;
	return c->op == COND_NOT;
}

/* --- the weekly schedule --- */

/* No slot or track: an index past any program's. */
#define NONE	((size_t)-1)

/* The group slots of each track, and the individual and family slots. */
static void
slot_lists(struct planner *pl)
{
	const struct program *p = pl->p;
	size_t s, t, *at;

	pl->gfirst = xcalloc(p->ntracks + 2, sizeof *pl->gfirst);
	pl->gslot = xcalloc(p->nslots + 1, sizeof *pl->gslot);
	pl->islot = xcalloc(p->nslots + 1, sizeof *pl->islot);
	pl->nislot = 0;
	for (s = 0; s < p->nslots; s++)
		if (p->slots[s].kind == SLOT_GROUP &&
		    p->slots[s].track < p->ntracks)
			pl->gfirst[p->slots[s].track + 1]++;
		else if (p->slots[s].kind != SLOT_GROUP)
			pl->islot[pl->nislot++] = s;
	for (t = 0; t < p->ntracks; t++)
		pl->gfirst[t + 1] += pl->gfirst[t];
	at = xcalloc(p->ntracks + 1, sizeof *at);
	for (s = 0; s < p->nslots; s++)
		if (p->slots[s].kind == SLOT_GROUP &&
		    p->slots[s].track < p->ntracks) {
			t = p->slots[s].track;
			pl->gslot[pl->gfirst[t] + at[t]++] = s;
		}
	free(at);
}

void
plan_init(struct planner *pl, const struct program *p, long start)
{
	size_t i;

	pl->p = p;
	pl->start = start;
	/* plan_phase_start() summed the weeks before k for each day asked */
	pl->phase_at = xcalloc(p->nphases + 1, sizeof *pl->phase_at);
	pl->phase_at[0] = start;
	for (i = 0; i < p->nphases; i++)
		pl->phase_at[i + 1] = pl->phase_at[i] + 7 * p->phases[i].weeks;
	slot_lists(pl);
	pl->ndays = plan_end(pl) - start + 1;
	pl->used = xcalloc((size_t)pl->ndays * p->nslots + 1,
	    sizeof *pl->used);
	pl->closed = xcalloc((size_t)pl->ndays + 1, sizeof *pl->closed);
	for (i = 0; i < p->nclosures; i++)
		if (p->closures[i] >= start && p->closures[i] < start +
		    pl->ndays)
			pl->closed[p->closures[i] - start] = 1;
}

int
plan_closed(const struct planner *pl, long day)
{
	if (day >= pl->start && day < pl->start + pl->ndays)
		return pl->closed[day - pl->start];
	return program_closed(pl->p, day);
}

/* The places taken in slot s on day d of the plan. */
static long *
used(const struct planner *pl, long d, size_t s)
{
	return &pl->used[(size_t)(d - pl->start) * pl->p->nslots + s];
}

int
plan_book(struct planner *pl, long day, int start, int end,
    const char *service, const char *title)
{
	const struct program *p = pl->p;
	size_t s, first = NONE;

	for (s = 0; s < p->nslots; s++) {
		const struct weekly_slot *sl = &p->slots[s];

		if (sl->day != date_weekday(day) || sl->start != start ||
		    sl->end != end || (*service != '\0' &&
		    strcmp(service, sl->service) != 0) ||
		    (*title != '\0' && strcmp(title, sl->title) != 0))
			continue;
		if (day < pl->start || day >= pl->start + pl->ndays ||
		    plan_closed(pl, day))
			return 0;
		if (first == NONE)
			first = s;
		if (*used(pl, day, s) < sl->capacity)
			break;
	}
	if (first == NONE)
		return -1;
	(*used(pl, day, s < p->nslots ? s : first))++;
	return 1;
}

/* Is slot s full on any day of phase k that it falls on? */
static int
full(const struct planner *pl, size_t k, size_t s)
{
	const struct weekly_slot *sl = &pl->p->slots[s];
	long d;

	for (d = plan_phase_start(pl, k); d < plan_phase_start(pl, k + 1); d++)
		if (date_weekday(d) == sl->day && !plan_closed(pl, d) &&
		    *used(pl, d, s) >= sl->capacity)
			return 1;
	return 0;
}

void
plan_free(struct planner *pl)
{
	free(pl->used);
	free(pl->closed);
	free(pl->phase_at);
	free(pl->gslot);
	free(pl->gfirst);
	free(pl->islot);
}

struct range
plan_range(const struct program *p, const struct plan_client *c)
{
	return p->hours[c->level][c->adolescent];
}

long
plan_target(const struct program *p, const struct plan_client *c, size_t k)
{
	struct range r = plan_range(p, c);
	long t = p->phases[k].minutes;

	if (t < r.min)
		t = r.min;
	if (r.max >= 0 && t > r.max)
		t = r.max;
	return t;
}

/* A phase's week being built: its slots, hours and days. */
struct pick {
	size_t		*slot;
	size_t		 n;
	long		 minutes;
	long		 daymin[7];	/* minutes on each weekday */
	unsigned	 days;		/* weekdays with a session */
	unsigned	 gdays;		/* weekdays with a group */
	int		 ndays;
};

/* Is the client free for every minute of slot s? */
static int
free_for(const struct program *p, const struct avail *av, size_t s)
{
	const struct weekly_slot *sl = &p->slots[s];
	int m;

	for (m = sl->start; m < sl->end; m++)
		if (!av->ok[sl->day][m])
			return 0;
	return 1;
}

/* Does slot s fit the client's availability and have room in phase k? */
static int
open_slot(const struct planner *pl, size_t k, const struct avail *av,
    size_t s)
{
	return !full(pl, k, s) && free_for(pl->p, av, s);
}

/* Do slots a and b overlap?  Sessions that only touch do not. */
static int
clash(const struct program *p, size_t a, size_t b)
{
	const struct weekly_slot *x = &p->slots[a], *y = &p->slots[b];

	return x->day == y->day && x->start < y->end && y->start < x->end;
}

static int
overlaps(const struct program *p, const struct pick *pk, size_t s)
{
	size_t i;

	for (i = 0; i < pk->n; i++)
		if (clash(p, pk->slot[i], s))
			return 1;
	return 0;
}

static void
take(const struct program *p, struct pick *pk, size_t s)
{
	const struct weekly_slot *sl = &p->slots[s];

	pk->slot[pk->n++] = s;
	pk->minutes += sl->end - sl->start;
	pk->daymin[sl->day] += sl->end - sl->start;
	if (!(pk->days & 1u << sl->day))
		pk->ndays++;
	pk->days |= 1u << sl->day;
	if (sl->kind == SLOT_GROUP)
		pk->gdays |= 1u << sl->day;
}

/* Drop the sessions taken after the first n, which fall on day d. */
static void
drop_day(const struct program *p, struct pick *pk, size_t n, int d)
{
	while (pk->n > n) {
		const struct weekly_slot *sl = &p->slots[pk->slot[--pk->n]];

		pk->minutes -= sl->end - sl->start;
	}
	pk->daymin[d] = 0;
	pk->days &= ~(1u << d);
	pk->gdays &= ~(1u << d);
	pk->ndays--;
}

/* What a phase's week is built from. */
struct want {
	const unsigned char *ok;	/* open_slot() of each slot */
	size_t		 track;
	const size_t	*gslot;		/* the track's group slots */
	size_t		 ngslot;
	long		 target, per_diem, min_days;
	struct range	 r;
};

/*
 * min_days and per_diem are rules of intensive outpatient and partial
 * hospitalization weeks (Wyoming Ch.4 12, HCPCS H0015); an outpatient
 * week needs one day and no billable days.
 */
static void
level_rules(const struct program *p, const struct plan_client *c,
    struct want *w)
{
	w->r = plan_range(p, c);
	w->min_days = c->level == LEVEL_OP ? 1 : p->min_days;
	w->per_diem = c->level == LEVEL_OP ? 0 : p->per_diem;
}

/* Can group slot s of the track join the week? */
static int
group_fits(const struct program *p, const struct pick *pk,
    const struct want *w, size_t s)
{
	const struct weekly_slot *sl = &p->slots[s];

	return sl->kind == SLOT_GROUP && sl->track == w->track && w->ok[s] &&
	    (w->r.max < 0 || pk->minutes + sl->end - sl->start <= w->r.max) &&
	    !overlaps(p, pk, s);
}

/*
 * The track's groups on day d, in time order, until the day holds a
 * group and reaches the per-diem hours.
 */
static void
fill_day(const struct program *p, struct pick *pk, const struct want *w,
    int d)
{
	size_t i, s;

	for (i = 0; i < w->ngslot; i++) {
		if ((pk->gdays & 1u << d) && pk->daymin[d] >= w->per_diem)
			return;
		s = w->gslot[i];
		if (p->slots[s].day == d && group_fits(p, pk, w, s))
			take(p, pk, s);
	}
}

static void
clear_pick(struct pick *pk)
{
	pk->n = 0;
	pk->minutes = 0;
	memset(pk->daymin, 0, sizeof pk->daymin);
	pk->days = pk->gdays = 0;
	pk->ndays = 0;
}

/*
 * Days not yet used, a day at a time from weekday first on, until the
 * target hours and min_days are reached (never more than max_days
 * days); a day that cannot reach the per-diem hours is left out.
 */
static void
add_days(const struct program *p, struct pick *pk, const struct want *w,
    int first)
{
	size_t n;
	int i, d;

	for (i = 0; i < 7; i++) {
		d = (first + i) % 7;
		if (pk->minutes >= w->target && pk->ndays >= w->min_days)
			break;
		if ((pk->days & 1u << d) || pk->ndays >= p->max_days)
			continue;
		n = pk->n;
		fill_day(p, pk, w, d);
		if (pk->n > n && pk->daymin[d] < w->per_diem)
			drop_day(p, pk, n, d);
	}
}

/* More groups on days already used, until the target hours. */
static void
add_more(const struct program *p, struct pick *pk, const struct want *w,
    int first)
{
	size_t j, s;
	int i;

	for (i = 0; i < 7; i++)
		for (j = 0; j < w->ngslot && pk->minutes < w->target; j++)
			if (p->slots[s = w->gslot[j]].day == (first + i) % 7 &&
			    (pk->days & 1u << p->slots[s].day) &&
			    group_fits(p, pk, w, s))
				take(p, pk, s);
}

/* The week is to be on track t: its group slots. */
static void
want_track(const struct planner *pl, struct want *w, size_t t)
{
	w->track = t;
	w->gslot = t < pl->p->ntracks ? pl->gslot + pl->gfirst[t] : NULL;
	w->ngslot = t < pl->p->ntracks ? pl->gfirst[t + 1] - pl->gfirst[t] : 0;
}

/*
 * A week around an individual (and a family) session: first the
 * track's groups on their days, so that no day holds only a short
 * session; then a day at a time, in day order, the groups of days not
 * yet used until the target hours and min_days are reached (never more
 * than max_days days, and a day that cannot reach the per-diem hours is
 * left out); then more groups on days already used until the target
 * hours are.  Never above the level's maximum.
 */
static void
build(const struct program *p, struct pick *pk, const struct want *w,
    size_t ind, size_t fam)
{
	int d;

	clear_pick(pk);
	take(p, pk, ind);
	if (fam != NONE)
		take(p, pk, fam);
	for (d = 0; d < 7; d++)
		if (pk->days & 1u << d)
			fill_day(p, pk, w, d);
	add_days(p, pk, w, 0);
	add_more(p, pk, w, 0);
}

/*
 * Does the week work?  The level's minimum is the requirement; the
 * phase's target a preference.  0: the target is reached; 1: only the
 * minimum; -1: not even that, with the reason.
 */
static int
judge(const struct program *p, const struct pick *pk, const struct want *w,
    const char *phase, char *why, size_t len)
{
	char have[32], need[32];
	int d;

	num_fmt_hours_brief(pk->minutes, have);
	num_fmt_hours_brief(w->r.min, need);
	if (pk->minutes < w->r.min)
		snprintf(why, len, "available hours cover %s of the %s required "
		    "a week in phase '%s'", have, need, phase);
	else if (pk->ndays < w->min_days || pk->ndays > p->max_days)
		snprintf(why, len, "available sessions fall on %d days a week "
		    "in phase '%s'; %ld to %ld are required", pk->ndays,
		    phase, w->min_days, p->max_days);
	else {
		for (d = 0; d < 7; d++)
			if ((pk->days & 1u << d) && pk->daymin[d] < w->per_diem)
				break;
		if (d == 7)
			return pk->minutes >= w->target ? 0 : 1;
		num_fmt_hours_brief(w->per_diem, need);
		snprintf(why, len, "no day with an individual or family session "
		    "in phase '%s' can reach the %s hours of a billable day "
		    "(per_diem)", phase, need);
	}
	return -1;
}

/*
 * The attempts at a phase's week: the one with the most hours of those
 * that reach only the minimum, and the reason of the failed attempt
 * that came closest in hours.
 */
struct tries {
	struct pick	 keep;
	long		 best;
	char		*why;
	size_t		 len;
};

static void
copy_pick(struct pick *to, const struct pick *from)
{
	size_t *slot = to->slot;

	*to = *from;
	to->slot = slot;
	memcpy(to->slot, from->slot, from->n * sizeof *slot);
}

static int
attempt(const struct program *p, struct pick *pk, const struct want *w,
    size_t ind, size_t fam, const char *phase, struct tries *tr)
{
	char why[160];
	int rv;

	build(p, pk, w, ind, fam);
	if ((rv = judge(p, pk, w, phase, why, sizeof why)) == 0)
		return 0;
	if (rv == 1 && pk->minutes > tr->keep.minutes)
		copy_pick(&tr->keep, pk);
	if (rv == -1 && pk->minutes > tr->best) {
		tr->best = pk->minutes;
		snprintf(tr->why, tr->len, "%s", why);
	}
	return -1;
}

/*
 * Pick phase k's week on track t: the first individual slot, in day
 * and time order (and for family_involvement the first family slot),
 * around which the week reaches the target: 0.  Failing that, the
 * attempt with the most hours of those that reach the level's minimum:
 * 1.  Else -1, with the reason of the attempt that came closest in
 * hours, and its hours in pk.
 */
/*
 * Which slots are open to the client in phase k (open_slot()): the
 * same on every track, so asked once a phase, not once a track.
 */
static unsigned char *
open_slots(const struct planner *pl, size_t k, const struct avail *av)
{
	unsigned char *ok = xcalloc(pl->p->nslots + 1, 1);
	size_t i;

	for (i = 0; i < pl->p->nslots; i++)
		ok[i] = open_slot(pl, k, av, i);
	return ok;
}

static int
pick_phase(const struct planner *pl, const struct plan_client *c, size_t k,
    size_t t, const unsigned char *ok, struct pick *pk, char *why,
    size_t len)
{
	const struct program *p = pl->p;
	const char *phase = p->phases[k].name;
	struct tries tr;
	struct want w;
	size_t i, j, f, nind = 0;
	int rv = -1;

	w.ok = ok;
	want_track(pl, &w, t);
	w.target = plan_target(p, c, k);
	level_rules(p, c, &w);
	memset(&tr, 0, sizeof tr);
	tr.keep.slot = xcalloc(w.ngslot + pl->nislot + 1,
	    sizeof *tr.keep.slot);
	tr.keep.minutes = -1;
	tr.best = -1;
	tr.why = why;
	tr.len = len;
	for (j = 0; j < pl->nislot; j++)
		nind += ok[pl->islot[j]] &&
		    p->slots[pl->islot[j]].kind == SLOT_INDIVIDUAL;
	/* what stands if no attempt is made */
	snprintf(why, len, "no %s slot fits the client's availability in "
	    "phase '%s'", nind == 0 || !c->family ? "individual therapy" :
	    "family session", phase);
	for (j = 0; j < pl->nislot && rv == -1; j++) {
		i = pl->islot[j];
		if (!ok[i] || p->slots[i].kind != SLOT_INDIVIDUAL)
			continue;
		if (!c->family)
			rv = attempt(p, pk, &w, i, NONE, phase, &tr);
		for (f = 0; c->family && f < pl->nislot && rv == -1; f++)
			if (ok[pl->islot[f]] &&
			    p->slots[pl->islot[f]].kind == SLOT_FAMILY &&
			    !clash(p, i, pl->islot[f]))
				rv = attempt(p, pk, &w, i, pl->islot[f], phase,
				    &tr);
	}
	if (rv == -1 && tr.keep.minutes >= 0) {
		copy_pick(pk, &tr.keep);
		rv = 1;
	} else if (rv == -1)
		pk->minutes = tr.best > 0 ? tr.best : 0;
	free(tr.keep.slot);
	return rv;
}

static int
index_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

/* Slots are sorted by day and time, so their indexes are too. */
static void
keep_week(struct week *w, const struct pick *pk)
{
	w->slot = xreallocarray(NULL, pk->n + 1, sizeof *w->slot);
	memcpy(w->slot, pk->slot, pk->n * sizeof *w->slot);
	qsort(w->slot, pk->n, sizeof *w->slot, index_cmp);
	w->n = pk->n;
	w->minutes = pk->minutes;
	w->days = pk->ndays;
}

/*
 * Every phase on track t, into c's weeks: 0 if each reaches its
 * target, 1 if each reaches at least the minimum, else -1 with the
 * reason and the failing phase's hours in *got.
 */
static int
try_track(struct planner *pl, struct plan_client *c, size_t t,
    const struct avail *av, unsigned char **ok, struct pick *pk, char *why,
    size_t len, long *got)
{
	const struct program *p = pl->p;
	size_t k;
	int rv = 0, r;

	for (k = 0; k < p->nphases; k++) {
		if (ok[k] == NULL)
			ok[k] = open_slots(pl, k, av);
		if ((r = pick_phase(pl, c, k, t, ok[k], pk, why, len)) == -1) {
			*got = pk->minutes;
			return -1;
		}
		keep_week(&c->weeks[k], pk);
		if (r == 1)
			rv = 1;
	}
	return rv;
}

static void
drop_weeks(struct plan_client *c, size_t nphases)
{
	size_t k;

	for (k = 0; k < nphases; k++) {
		free(c->weeks[k].slot);
		c->weeks[k].slot = NULL;
		c->weeks[k].n = 0;
	}
}

/* --- dated weeks --- */

/* The day of the week starting on from on which slot s falls. */
static long
slot_day(const struct program *p, long from, size_t s)
{
	return from + (p->slots[s].day - date_weekday(from) + 7) % 7;
}

static void
drop_dweeks(struct plan_client *c)
{
	size_t i;

	for (i = 0; i < c->ndw; i++)
		free(c->dw[i].makeup);
	free(c->dw);
	c->dw = NULL;
	c->ndw = 0;
	c->nshort = 0;
}

/*
 * Week from..from+6 of phase k, which a closure changed: the phase's
 * sessions on the open days, then, if the week falls under the level's
 * minimum hours or min_days, make-up groups of the client's track on
 * its open days, with room on that date and in the client's hours,
 * taken as the phase's week was (new days whole, then more groups).
 */
static void
make_up(const struct planner *pl, const struct plan_client *c,
    const struct avail *av, struct pick *pk, struct dweek *dw)
{
	const struct program *p = pl->p;
	unsigned char *ok = xcalloc(p->nslots + 1, 1);
	struct want w;
	size_t s, n = pk->n;
	long d;

	for (s = 0; s < p->nslots; s++) {
		d = slot_day(p, dw->from, s);
		ok[s] = !plan_closed(pl, d) && free_for(p, av, s) &&
		    *used(pl, d, s) < p->slots[s].capacity;
	}
	w.ok = ok;
	want_track(pl, &w, c->track);
	level_rules(p, c, &w);
	w.target = w.r.min;
	add_days(p, pk, &w, date_weekday(dw->from));
	add_more(p, pk, &w, date_weekday(dw->from));
	dw->makeup = xreallocarray(NULL, pk->n - n + 1, sizeof *dw->makeup);
	for (; n < pk->n; n++) {
		dw->makeup[dw->nmakeup].slot = pk->slot[n];
		dw->makeup[dw->nmakeup++].day = slot_day(p, dw->from,
		    pk->slot[n]);
	}
	free(ok);
}

/*
 * The weeks of c's plan in which a closure takes a session: their
 * hours, make-up sessions and whether they stay short.  Returns the
 * number of short weeks.
 */
static size_t
date_weeks(const struct planner *pl, struct plan_client *c,
    const struct avail *av, struct pick *pk)
{
	const struct program *p = pl->p;
	struct dweek *dw;
	struct want w;
	size_t k, i;
	long from;
	int lost;

	level_rules(p, c, &w);

	for (k = 0; k < p->nphases; k++)
		for (from = plan_phase_start(pl, k); from <
		    plan_phase_start(pl, k + 1); from += 7) {
			clear_pick(pk);
			for (i = lost = 0; i < c->weeks[k].n; i++)
				if (plan_closed(pl, slot_day(p, from,
				    c->weeks[k].slot[i])))
					lost = 1;
				else
					take(p, pk, c->weeks[k].slot[i]);
			if (!lost)
				continue;
			c->dw = xreallocarray(c->dw, c->ndw + 1, sizeof *c->dw);
			dw = memset(&c->dw[c->ndw++], 0, sizeof *dw);
			dw->from = from;
			dw->phase = k;
			if (pk->minutes < w.r.min || pk->ndays < w.min_days)
				make_up(pl, c, av, pk, dw);
			dw->minutes = pk->minutes;
			dw->days = pk->ndays;
			if ((dw->isshort = pk->minutes < w.r.min ||
			    pk->ndays < w.min_days))
				c->nshort++;
		}
	return c->nshort;
}

static int
dated_cmp(const void *a, const void *b)
{
	const struct dated *x = a, *y = b;

	if (x->day != y->day)
		return (x->day > y->day) - (x->day < y->day);
	return (x->slot > y->slot) - (x->slot < y->slot);
}

struct dated *
plan_dated(const struct planner *pl, const struct plan_client *c, size_t *n)
{
	const struct program *p = pl->p;
	struct dated *ds = NULL;
	size_t k, i, m = 0, cap = 0;
	long d;

	for (k = 0; c->feasible && k < p->nphases; k++)
		for (d = plan_phase_start(pl, k); d < plan_phase_start(pl, k + 1);
		    d++)
			for (i = 0; i < c->weeks[k].n; i++)
				if (p->slots[c->weeks[k].slot[i]].day ==
				    date_weekday(d) && !plan_closed(pl, d)) {
					ds = xgrowzero(ds, &cap, m, sizeof *ds, 64);
					ds[m].day = d;
					ds[m++].slot = c->weeks[k].slot[i];
				}
	for (k = 0; k < c->ndw; k++)
		for (i = 0; i < c->dw[k].nmakeup; i++) {
			ds = xgrowzero(ds, &cap, m, sizeof *ds, 64);
			ds[m++] = c->dw[k].makeup[i];
		}
	if (m > 0)
		qsort(ds, m, sizeof *ds, dated_cmp);
	*n = m;
	return ds;
}

/* The client's sessions take their places, day by day. */
static void
take_places(struct planner *pl, const struct plan_client *c)
{
	struct dated *ds;
	size_t i, n;

	ds = plan_dated(pl, c, &n);
	for (i = 0; i < n; i++)
		(*used(pl, ds[i].day, ds[i].slot))++;
	free(ds);
}

/*
 * Which track: first one with no short week, then one on which every
 * phase reaches its target; among equals the first.  The reason given
 * when no track works is that of the track that came closest in hours.
 * The places of the sessions then count against capacity.
 */
int
plan_schedule(struct planner *pl, struct plan_client *c, const struct avail *av)
{
	const struct program *p = pl->p;
	struct pick pk;
	unsigned char **ok;	/* open_slots() of each phase, once asked */
	char why[sizeof c->reason];
	long got, best = -1;
	size_t k, t, chosen = NONE;
	int r, score, top = -1;

	pk.slot = xcalloc(p->nslots + 1, sizeof *pk.slot);
	ok = xcalloc(p->nphases + 1, sizeof *ok);
	c->weeks = xcalloc(p->nphases, sizeof *c->weeks);
	c->feasible = 0;
	snprintf(c->reason, sizeof c->reason, "the program has no track for "
	    "the client's level of care");
	for (t = 0; t < p->ntracks && top < 3; t++) {
		if (p->track_level[t] != c->level)
			continue;
		r = try_track(pl, c, t, av, ok, &pk, why, sizeof why, &got);
		if (r == -1 && got > best) {
			best = got;
			snprintf(c->reason, sizeof c->reason, "%s", why);
		}
		if (r != -1) {
			c->track = t;
			score = (date_weeks(pl, c, av, &pk) == 0) * 2 + (r == 0);
			if (score > top) {
				top = score;
				chosen = t;
			}
		}
		drop_weeks(c, p->nphases);
		drop_dweeks(c);
	}
	if (chosen != NONE) {
		try_track(pl, c, chosen, av, ok, &pk, why, sizeof why, &got);
		c->track = chosen;
		c->feasible = 1;
		date_weeks(pl, c, av, &pk);
		take_places(pl, c);
	}
	free(pk.slot);
	for (k = 0; k < p->nphases; k++)
		free(ok[k]);
	free(ok);
	return c->feasible ? 0 : -1;
}

void
plan_client_free(struct plan_client *c, size_t nphases)
{
	drop_dweeks(c);
	if (c->weeks != NULL)
		drop_weeks(c, nphases);
	free(c->weeks);
	free(c->goals);
	free(c->asam);
	free(c->wm);
	free((char *)c->id);
}

/* --- dates --- */

long
plan_phase_start(const struct planner *pl, size_t k)
{
	long d = pl->start;
	size_t i;

	if (pl->phase_at != NULL)	/* plan_init() summed them */
		return pl->phase_at[k];
	for (i = 0; i < k; i++)
		d += 7 * pl->p->phases[i].weeks;
	return d;
}

long
plan_end(const struct planner *pl)
{
	return plan_phase_start(pl, pl->p->nphases) - 1;
}

long
plan_discharge(const struct planner *pl)
{
	return plan_end(pl) + 7 * pl->p->step_down_weeks;
}
