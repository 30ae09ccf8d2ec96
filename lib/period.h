/*
 * period.h: the period options of iop-hours and iop-attend, parsed in
 * one place: --week (this, last, a date in the week, or an ISO week
 * such as 2026-W48 when weeks start on Monday), --from and --to (dates,
 * inclusive), --as-of (a date; default today, which --today sets).
 *
 * The caller keeps the option strings as getopt gives them and calls
 * period_parse() once, after common_today().  On a bad value it prints
 * "prog: --opt takes ..." or "prog: --opt is more than ..." (never the
 * value) and returns -1; the caller then prints its usage and exits 2.
 * Nothing is allocated.
 *
 * The dates of a period and of a log have the same limits
 * (period_date_limits()): one that is not within them is a typing
 * error, and with a roster of open enrolments would give every client a
 * row for each week between it and the log's dates.
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

/*
 * The first and last dates a log or --from/--to may hold: 50 years
 * (18,263 days) before the date the system clock shows, to a year
 * (366 days) after it.  Not --today's date, so that an old report can
 * be made again from a current log.  The past limit is that far back so
 * that a log kept for decades never starts to fail as it ages; it
 * catches a wrong first digit of the year (1026 for 2026), the one typo
 * that takes a date back centuries.  IOP_TEST_CLOCK (YYYY-MM-DD) stands
 * in for the clock in the tests.  Prints and exits 2 if the clock
 * cannot be read or IOP_TEST_CLOCK is not a date.
 */
#define PERIOD_PAST_DAYS	(50 * 365 + 13)	/* leap days and all */
#define PERIOD_AHEAD_DAYS	366
void	period_date_limits(long *earliest, long *latest);

#endif
