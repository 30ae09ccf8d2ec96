/*
 * period.h: the period options of iop-hours and iop-attend, parsed in
 * one place: --week (this, last, a date in the week, or an ISO week
 * such as 2026-W48 when weeks start on Monday), --from and --to (dates,
 * inclusive), --as-of (a date; default today, which --today sets).
 *
 * The caller keeps the option strings as getopt gives them and calls
 * period_parse() once, after common_today().  On a bad value it prints
 * "prog: --opt takes ..." (never the value) and returns -1; the caller
 * then prints its usage and exits 2.  Nothing is allocated.
 */
#ifndef IOP_PERIOD_H
#define IOP_PERIOD_H

#define PERIOD_OPEN_LO	(-(1L << 40))	/* no --from: since ever */
#define PERIOD_OPEN_HI	(1L << 40)	/* no --to: for ever */

/* The option strings, NULL where not given. */
struct period_args {
	const char	*week, *from, *to, *as_of;
};

struct period {
	long	from, to;	/* day numbers, or PERIOD_OPEN_LO/HI */
	long	as_of;		/* --as-of, else today */
};

/*
 * wstart: the first day of a week, 0 Monday ... 6 Sunday; an ISO week
 * is taken only when it is 0.  "this" and "last" count from as_of.
 * --week with --from or --to, and --from after --to, are errors too.
 */
int	period_parse(const struct period_args *, long today, int wstart,
	    struct period *);

#endif
