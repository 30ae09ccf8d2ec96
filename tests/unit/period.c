/* Unit tests of lib/period.c: the shared period options. */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "period.h"
#include "tap.h"

static long
day(const char *s)
{
	long d = 0;

	date_parse(s, &d);
	return d;
}

static int
parse(const char *week, const char *from, const char *to, const char *as_of,
    int wstart, struct period *p)
{
	struct period_args a = { week, from, to, as_of };

	return period_parse(&a, day("2026-11-25"), wstart, p);
}

int
main(void)
{
	struct period p;

	diag_init("period");
	diag_output(fopen("/dev/null", "w"));
	ok(parse(NULL, NULL, NULL, NULL, 0, &p) == 0 &&
	    p.from == PERIOD_OPEN_LO && p.to == PERIOD_OPEN_HI &&
	    p.as_of == day("2026-11-25"), "no options: open, as of today");
	ok(parse("this", NULL, NULL, NULL, 0, &p) == 0 &&
	    p.from == day("2026-11-23") && p.to == day("2026-11-29"),
	    "--week this: Monday to Sunday of today's week");
	ok(parse("last", NULL, NULL, "2026-12-07", 0, &p) == 0 &&
	    p.from == day("2026-11-30") && p.as_of == day("2026-12-07"),
	    "--week last counts from --as-of, not today");
	ok(parse("this", NULL, NULL, NULL, 6, &p) == 0 &&
	    p.from == day("2026-11-22") && p.to == day("2026-11-28"),
	    "--week this with weeks from Sunday");
	ok(parse("2026-W48", NULL, NULL, NULL, 0, &p) == 0 &&
	    p.from == day("2026-11-23"), "an ISO week");
	ok(parse("2026-W48", NULL, NULL, NULL, 6, &p) == -1,
	    "no ISO week when weeks start on Sunday");
	ok(parse("2026-11-27", NULL, NULL, NULL, 0, &p) == 0 &&
	    p.from == day("2026-11-23"), "a date in the week");
	ok(parse(NULL, "2026-11-01", "2026-11-30", NULL, 0, &p) == 0 &&
	    p.from == day("2026-11-01") && p.to == day("2026-11-30"),
	    "--from and --to, inclusive");
	ok(parse(NULL, "2026-11-01", NULL, NULL, 0, &p) == 0 &&
	    p.to == PERIOD_OPEN_HI, "--from alone: open at the end");
	ok(parse(NULL, "2026-11-02", "2026-11-01", NULL, 0, &p) == -1,
	    "--from after --to");
	ok(parse(NULL, "2026-11-01", "2026-11-01", NULL, 0, &p) == 0,
	    "--from on --to: one day");
	ok(parse("this", "2026-11-01", NULL, NULL, 0, &p) == -1,
	    "--week with --from");
	ok(parse(NULL, "2026-11-31", NULL, NULL, 0, &p) == -1,
	    "--from is not a date");
	ok(parse(NULL, NULL, NULL, "tomorrow", 0, &p) == -1,
	    "--as-of is not a date");
	ok(parse("next", NULL, NULL, NULL, 0, &p) == -1, "--week next");
	return tap_done();
}
