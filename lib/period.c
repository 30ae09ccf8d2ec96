/* period.c: the period options (see period.h). */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "period.h"

void
period_date_limits(long *earliest, long *latest)
{
	const char *test = getenv("IOP_TEST_CLOCK");
	long now;

	if (test != NULL && *test != '\0') {
		if (date_parse(test, &now) == -1)
			diag_errx(NULL, "IOP_TEST_CLOCK is not a date (YYYY-MM-DD)");
	} else if (date_today(&now) == -1) {
		diag_syswarn("cannot read the clock");
		exit(EXIT_TROUBLE);
	}
	*earliest = now - PERIOD_PAST_DAYS;
	*latest = now + PERIOD_AHEAD_DAYS;
}

static int
date_opt(const char *opt, const char *arg, long *day)
{
	if (date_parse(arg, day) == 0)
		return 0;
	diag_warnx(NULL, "%s takes a date (YYYY-MM-DD)", opt);
	return -1;
}

/* --from and --to: within the dates a log may hold. */
static int
date_in_limits(const char *opt, long day)
{
	long earliest, latest;

	period_date_limits(&earliest, &latest);
	if (day < earliest) {
		diag_warnx(NULL, "%s is more than 50 years before today", opt);
		return -1;
	}
	if (day > latest) {
		diag_warnx(NULL, "%s is more than a year after today", opt);
		return -1;
	}
	return 0;
}

/* --week: the first day of the week it names. */
static int
week_opt(const char *arg, long as_of, int wstart, long *first)
{
	long d;

	if (strcmp(arg, "this") == 0 || strcmp(arg, "last") == 0)
		d = as_of - (arg[0] == 'l' ? 7 : 0);
	else if (date_parse(arg, &d) == -1 &&
	    (wstart != 0 || date_parse_isoweek(arg, &d) == -1)) {
		diag_warnx(NULL, "--week takes this, last, a date%s",
		    wstart == 0 ? " or an ISO week (2026-W48)" : "");
		return -1;
	}
	*first = date_week_start(d, wstart);
	return 0;
}

int
period_parse(const struct period_args *a, long today, int wstart,
    struct period *p)
{
	p->from = PERIOD_OPEN_LO;
	p->to = PERIOD_OPEN_HI;
	p->as_of = today;
	if (a->week != NULL && (a->from != NULL || a->to != NULL)) {
		diag_warnx(NULL, "--week and --from/--to do not go together");
		return -1;
	}
	if (a->as_of != NULL && date_opt("--as-of", a->as_of, &p->as_of) == -1)
		return -1;
	if (a->week != NULL) {
		if (week_opt(a->week, p->as_of, wstart, &p->from) == -1)
			return -1;
		p->to = p->from + 6;
	}
	if ((a->from != NULL && (date_opt("--from", a->from, &p->from) == -1 ||
	    date_in_limits("--from", p->from) == -1)) ||
	    (a->to != NULL && (date_opt("--to", a->to, &p->to) == -1 ||
	    date_in_limits("--to", p->to) == -1)))
		return -1;
	if (p->from > p->to) {
		diag_warnx(NULL, "--from is after --to");
		return -1;
	}
	return 0;
}
