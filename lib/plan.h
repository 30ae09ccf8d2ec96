/*
 * plan.h: the planner of iop-plan: availability, goal conditions, the
 * weekly schedule (tracks, per-diem days, capacity on each date across
 * clients and booked sessions), the dated weeks that closures change and
 * their make-up sessions, and the dates of a plan.
 *
 * Parsers print nothing and return -1.  The planner borrows its program
 * (program.h), which must outlive it; a plan_client owns its weeks and
 * reason, released by plan_client_free().  Times are minutes since
 * midnight, dates day numbers (date.h), hours minutes.
 */
#ifndef IOP_PLAN_H
#define IOP_PLAN_H

#include <stddef.h>

#include "avail.h"
#include "program.h"

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

struct plan_client {
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
	unsigned char	*closed;	/* [day - start]: a closure */
	long		*phase_at;	/* [k]: phase k's first day; [nphases]: after */
	/*
	 * The slots by kind, in slot order: track t's groups are
	 * gslot[gfirst[t]..gfirst[t + 1]), then the individual and family
	 * ones, so that a week on one track of thousands looks at its own.
	 */
	size_t		*gslot, *gfirst;
	size_t		*islot, nislot;
};

void	plan_init(struct planner *, const struct program *, long start);
/*
 * Whether the program is closed on day: for the plan's days a lookup
 * made once (program_closed() scans the closures, and a program of
 * thousands of them, asked of each slot of each day of each client,
 * cost their product), else program_closed().
 */
int	plan_closed(const struct planner *, long day);
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
int	plan_schedule(struct planner *, struct plan_client *,
	    const struct avail *);
/*
 * c's dated sessions, the phases' and the make-ups, closed days left
 * out, by day and time: *n of them, in an array the caller frees.
 */
struct dated *plan_dated(const struct planner *, const struct plan_client *,
	    size_t *n);
struct range plan_range(const struct program *, const struct plan_client *);
/* The target minutes of phase k for c, within its level's range. */
long	plan_target(const struct program *, const struct plan_client *,
	    size_t k);
/* First and last day of phase k; the end of the last phase. */
long	plan_phase_start(const struct planner *, size_t k);
long	plan_end(const struct planner *);
long	plan_discharge(const struct planner *);
void	plan_client_free(struct plan_client *, size_t nphases);
void	plan_free(struct planner *);

#endif
