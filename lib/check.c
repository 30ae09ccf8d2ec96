/* check.c: field checks that stop the program (see check.h). */
#include <stdlib.h>

#include "check.h"
#include "date.h"

void
check_fail(const struct rec *r, const char *col, const char *what)
{
	diag_errx(&r->loc, "field '%s' %s", col, what);
}

long
check_date(const struct rec *r, const char *col, const char *v)
{
	long d;

	if (date_parse(v, &d) == -1)
		check_fail(r, col, "is not a date (YYYY-MM-DD)");
	return d;
}

int
check_time(const struct rec *r, const char *col, const char *v, int allow24)
{
	int m;

	if (time_parse(v, allow24, &m) == -1)
		check_fail(r, col, allow24 ? "is not a time (HH:MM, or 24:00 "
		    "for the end of the day)" : "is not a time (HH:MM)");
	return m;
}

void
check_columns(const struct rin *in, const struct hdr *h,
    const char *const *names, size_t n, const struct loc *recloc)
{
	struct loc loc = { rin_name(in), 1 };
	const char *miss;

	if (h != NULL && (miss = hdr_missing(h, names, n)) != NULL)
		diag_errx(rin_format(in) == FMT_CSV || recloc == NULL ? &loc :
		    recloc, "missing column '%s'", miss);
}
