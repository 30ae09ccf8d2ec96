/*
 * program.h: the program definition iop-plan plans from: its tracks
 * (weekly slots by level), phases, goals and closures.
 *
 * program_load() reads --program (or the built-in program_default that
 * --print-program prints) through ydoc; it prints "prog: file:line:
 * message" and returns -1 on any malformed or inconsistent entry.  The
 * program owns everything it holds; program_free() releases it.  Times
 * are minutes since midnight, dates day numbers (date.h), hours minutes
 * (as in levels.h).
 */
#ifndef IOP_PROGRAM_H
#define IOP_PROGRAM_H

#include <stddef.h>

#include "avail.h"
#include "levels.h"

enum { SLOT_GROUP, SLOT_INDIVIDUAL, SLOT_FAMILY };

/* One weekly occurrence of a session: a day, a time, a capacity. */
struct weekly_slot {
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
	struct weekly_slot	*slots;			/* sorted by day, then start */
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

#endif
