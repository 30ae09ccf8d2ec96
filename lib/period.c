/* period.c: the period options (see period.h). */
#include <string.h>

#include "date.h"
#include "diag.h"
#include "period.h"

static int
date_opt(const char *opt, const char *arg, long *day)
{
	if (date_parse(arg, day) == 0)
		return 0;
	diag_warnx(NULL, "%s takes a date (YYYY-MM-DD)", opt);
	return -1;
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
	if ((a->from != NULL && date_opt("--from", a->from, &p->from) == -1) ||
	    (a->to != NULL && date_opt("--to", a->to, &p->to) == -1))
		return -1;
	if (p->from > p->to) {
		diag_warnx(NULL, "--from is after --to");
		return -1;
	}
	return 0;
}
