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

int
check_stream(const char *path, int fmt, const char *const *names, size_t n,
    size_t required, int only_these,
    void (*fn)(struct colmap *, const struct rec *, void *), void *arg)
{
	struct colmap m;
	struct rin *in;
	struct rec *r;
	int rv;

	if ((in = rin_open(path, fmt)) == NULL)
		exit(EXIT_TROUBLE);
	if (only_these)
		rin_select(in, names, n);
	colmap_init(&m, names, n);
	while ((rv = rin_next(in, &r)) == 1) {
		if (r->hdr == NULL || r->hdr->gen != m.gen) {
			check_columns(in, r->hdr, names, required, &r->loc);
			colmap_bind(&m, r);
		}
		fn(&m, r, arg);
	}
	if (rv == -1)
		exit(EXIT_TROUBLE);
	check_columns(in, rin_header(in), names, required, NULL);
	fmt = rin_format(in);
	colmap_free(&m);
	rin_close(in);
	return fmt;
}
