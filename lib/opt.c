/* opt.c: option values (see opt.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "diag.h"
#include "opt.h"
#include "out.h"
#include "recio.h"

int
common_option(struct common *c, int ch, const char *arg)
{
	switch (ch) {
	case 'I':
		if ((c->ifmt = fmt_parse(arg)) == -1) {
			diag_warnx(NULL, "-I takes csv, yaml or jsonl");
			return -1;
		}
		return 1;
	case 'O':
		if ((c->ofmt = fmt_parse(arg)) == -1) {
			diag_warnx(NULL, "-O takes csv, yaml or jsonl");
			return -1;
		}
		return 1;
	case 'o':
		c->output = arg;
		return 1;
	case OPT_RAW_CSV:
		c->raw = 1;
		return 1;
	case OPT_TODAY:
		c->today_arg = arg;
		return 1;
	case OPT_VERSION:
		printf("%s %s\n", diag_progname(), IOP_VERSION);
		out_exit(0);
	}
	return 0;
}

int
common_today(struct common *c)
{
	if (c->today_arg != NULL) {
		if (date_parse(c->today_arg, &c->today) == -1) {
			diag_warnx(NULL, "--today takes a date (YYYY-MM-DD)");
			return -1;
		}
		return 0;
	}
	if (date_today(&c->today) == -1) {
		diag_syswarn("cannot read the clock");
		return -1;
	}
	return 0;
}

/* Does the last part of the path have a dot in it, after its start? */
static int
has_suffix(const char *path)
{
	const char *base = strrchr(path, '/'), *dot;

	base = base != NULL ? base + 1 : path;
	return (dot = strrchr(base, '.')) != NULL && dot > base;
}

/* A suffix that names no format written: the message, and exit 2. */
static _Noreturn void
bad_suffix(const char *path, const char *advice)
{
	char safe[256];

	diag_warnx(NULL, "%s: no format of that suffix is written (.csv, "
	    ".yaml, .yml, .jsonl, .ndjson): rename it%s",
	    diag_safe(safe, sizeof safe, path), advice);
	exit(EXIT_TROUBLE);
}

int
opt_file_format(const char *path, int dflt)
{
	int f;

	if ((f = fmt_from_name(path)) != FMT_AUTO)
		return f;
	if (has_suffix(path))
		bad_suffix(path, "");
	return dflt;
}

int
common_outfmt(const struct common *c, int infmt)
{
	int f;

	if (c->ofmt != FMT_AUTO)
		return c->ofmt;
	if (c->output != NULL && strcmp(c->output, "-") != 0 &&
	    (f = fmt_from_name(c->output)) != FMT_AUTO)
		return f;
	if (c->output != NULL && has_suffix(c->output))
		bad_suffix(c->output, ", or choose one with -O");
	return infmt == FMT_YAML || infmt == FMT_JSONL ? infmt : FMT_CSV;
}

int
opt_hours(const char *opt, const char *arg, long *minutes)
{
	if (num_hours(arg, minutes) == -1) {
		diag_warnx(NULL, "%s takes hours (such as 9 or 7.5)", opt);
		return -1;
	}
	return 0;
}

int
opt_fail_on(const char *arg, enum sev *sev)
{
	enum sev s = sev_parse(arg);

	if (s == SEV_BAD || s == SEV_NONE) {
		diag_warnx(NULL, "--fail-on takes info, warning or violation");
		return -1;
	}
	*sev = s;
	return 0;
}
