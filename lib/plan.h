/*
 * plan.h: the program definition, treatment plans and their output,
 * for iop-plan.  Owned by iop-plan; nothing else uses it.
 *
 * program.c   the program definition (--program, or the built-in
 *             program_default printed by --print-program) read through
 *             ydoc; program_load() prints "prog: file:line: message"
 *             and returns -1 on any malformed or inconsistent entry.
 * plan.c      day lists and availability, goal conditions, the weekly
 *             schedule (tracks, per-diem days, capacity on each date
 *             across clients and booked sessions), the dated weeks
 *             that closures change and their make-up sessions, and the
 *             dates of a plan.  Parsers print nothing and return -1.
 * plan_yaml.c a small libyaml emitter for nested maps and sequences.
 * plan_ics.c  one client's sessions as an iCalendar file (libical).
 *
 * Times are minutes since midnight, dates day numbers (date.h), hours
 * minutes (as in levels.h).
 */
#ifndef IOP_PLAN_H
#define IOP_PLAN_H

#include <stddef.h>
#include <stdio.h>

#include "levels.h"

/* --- program.c --- */

enum { SLOT_GROUP, SLOT_INDIVIDUAL, SLOT_FAMILY };

/* One weekly occurrence of a session: a day, a time, a capacity. */
struct slot {
	int		 kind;		/* SLOT_* */
	size_t		 track;		/* for SLOT_GROUP */
	int		 day;		/* 0 Monday ... 6 Sunday */
	int		 start, end;
	const char	*service, *title;
	long		 capacity;
	size_t		 line;
};

struct phase {
	const char	*name;
	long		 weeks, minutes;
	size_t		 line;
};

enum { COND_IS, COND_NOT, COND_AT_LEAST };

/* A goal applies when a screening field matches one of its conditions. */
struct cond {
	const char	*field;
	int		 op;
	const char	*const *vals;	/* COND_IS, COND_NOT; NULL-ended */
	long		 num;		/* COND_AT_LEAST */
};

struct objective {
	const char	*text, *measure;	/* measure: {date} is the target */
	long		 days;			/* target: start + days */
};

struct intervention {
	const char	*text, *frequency, *staff;
};

struct goal {
	const char	*id, *problem, *goal;
	long		 dimension;		/* 0: none given */
	struct cond	*when;
	size_t		 nwhen;
	int		 otherwise;		/* when no other goal is */
	struct objective *obj;
	size_t		 nobj;
	struct intervention *iv;
	size_t		 niv;
};

struct program {
	const char	*name, *time_zone, *location;
	const char	*calendar_title;	/* every calendar event's */
	int		 week_start;
	struct range	 hours[NLEVELS][2];	/* [level][adolescent] */
	long		 review_days, min_days, max_days, step_down_weeks;
	long		 per_diem;		/* minutes of a billable day */
	int		 step_down;		/* level after the last phase */
	const char	**tracks;
	int		*track_level;		/* LEVEL_OP, _IOP, _PHP */
	size_t		 ntracks;
	const char	**wm;			/* withdrawal_management */
	size_t		 nwm;
	struct slot	*slots;			/* sorted by day, then start */
	size_t		 nslots;
	long		*closures;
	size_t		 nclosures;
	struct phase	*phases;
	size_t		 nphases;
	struct goal	*goals;
	size_t		 ngoals;
	const char	**aftercare;
	size_t		 naftercare;
	struct ynode	*doc[2];		/* own the strings above */
};

extern const char program_default[];

/* path NULL: the built-in program. */
int	program_load(struct program *, const char *path);
/* The built-in program, then text (named name in messages) over it. */
int	program_load_text(struct program *, const char *name,
	    const char *text);
int	program_closed(const struct program *, long day);
/* Has the program a track for this level?  Does it provide this WM level? */
int	program_runs(const struct program *, int level);
int	program_runs_wm(const struct program *, const char *wm);
void	program_free(struct program *);

/* --- plan.c --- */

/* "mon", "mon-fri", "sat,sun", "daily": a mask of days (bit 0 Monday). */
int	plan_days_parse(const char *, unsigned *mask);

/* Minutes a client can attend, per weekday. */
struct avail {
	unsigned char	ok[7][1440];
};

/*
 * Availability text: items "DAYS HH:MM-HH:MM ..." separated by commas
 * or spaces; days alone mean the whole day.  available() sets those
 * minutes and clears the rest; unavailable() clears them.  Empty text
 * changes nothing.
 */
int	plan_available(struct avail *, const char *);
int	plan_unavailable(struct avail *, const char *);

/* Does a field's value meet the condition? */
int	plan_cond(const struct cond *, const char *val);

/* A client's week in one phase: indexes into program slots. */
struct week {
	size_t		*slot;
	size_t		 n;
	long		 minutes;
	int		 days;
};

/* A dated session: a slot on a day. */
struct dated {
	long		 day;
	size_t		 slot;
};

/* A week of a plan in which a closure takes a session. */
struct dweek {
	long		 from;		/* its first day */
	size_t		 phase;
	long		 minutes;	/* with the make-up sessions */
	int		 days;
	struct dated	*makeup;
	size_t		 nmakeup;
	int		 isshort;	/* under the minimum or min_days */
};

/* What iop-plan makes of a client (see iop-plan(1)). */
enum { PLAN_PLANNED, PLAN_INFEASIBLE, PLAN_REFERRED, PLAN_NOT_PLACED };

struct client {
	const char	*id;		/* owned */
	int		 level, adolescent, family;
	int		 status;	/* PLAN_* */
	char		*asam, *wm;	/* asam_level, wm_level; owned */
	const char	*refer[2];	/* levels to refer to: asam, wm or
					   level_name() */
	size_t		 nrefer;
	int		 feasible;
	char		 reason[160];
	size_t		 track;
	struct week	*weeks;		/* one per phase */
	struct dweek	*dw;		/* weeks that closures change */
	size_t		 ndw, nshort;
	size_t		*goals;
	size_t		 ngoals;
};

struct planner {
	const struct program *p;
	long		 start;		/* the first day */
	long		 ndays;		/* from start to the last phase's end */
	long		*used;		/* [(day - start) * nslots + slot] */
};

void	plan_init(struct planner *, const struct program *, long start);
/*
 * A session booked before this run (iop-plan --booked) takes a place
 * in the program's slot on its weekday with its times, and its service
 * and title where they are not empty; of several such slots the first
 * with room.  1: counted; 0: outside the plan's dates or on a closed
 * day, so it takes no place; -1: no slot matches.
 */
int	plan_book(struct planner *, long day, int start, int end,
	    const char *service, const char *title);
/* Choose a track and sessions for c; 0, or -1 with c->reason set. */
int	plan_schedule(struct planner *, struct client *, const struct avail *);
/*
 * c's dated sessions, the phases' and the make-ups, closed days left
 * out, by day and time: *n of them, in an array the caller frees.
 */
struct dated *plan_dated(const struct planner *, const struct client *,
	    size_t *n);
struct range plan_range(const struct program *, const struct client *);
/* The target minutes of phase k for c, within its level's range. */
long	plan_target(const struct program *, const struct client *, size_t k);
/* First and last day of phase k; the end of the last phase. */
long	plan_phase_start(const struct planner *, size_t k);
long	plan_end(const struct planner *);
long	plan_discharge(const struct planner *);
void	plan_client_free(struct client *, size_t nphases);
void	plan_free(struct planner *);
/* Hours as "9" or "7.50". */
void	plan_fmt_hours(long minutes, char buf[32]);

/* --- plan_yaml.c --- */

struct yemit;

struct yemit *yemit_open(FILE *);
void	yemit_doc(struct yemit *, int start);
void	yemit_map(struct yemit *, int start);
void	yemit_seq(struct yemit *, int start);
/* A text scalar, quoted where YAML 1.1 would read it as another type. */
void	yemit_str(struct yemit *, const char *);
/* A number the program computed: always plain. */
void	yemit_num(struct yemit *, const char *key, const char *num);
/* key NULL: the value alone, as a sequence item. */
void	yemit_kv(struct yemit *, const char *key, const char *val);
void	yemit_kdate(struct yemit *, const char *key, long day);
/* 0, or -1 with the first error printed. */
int	yemit_close(struct yemit *);

/* --- plan_ics.c --- */

/* A dated session. */
struct session {
	size_t		 client;
	long		 day;
	const struct slot *slot;
	char		*id;		/* client-YYYYMMDD-HHMM */
};

/* Write sessions s[0..n-1] as an iCalendar file; 0 or -1 (printed). */
int	plan_ics_write(FILE *, const struct program *, const struct session *,
	    size_t n, long today);

#endif
