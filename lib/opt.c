/* opt.c: option values (see opt.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "diag.h"
#include "opt.h"
#include "out.h"
#include "recio.h"

int
opt_num(const char *s, long min, long max, long *v)
{
	char *end;
	long n;

	if (*s == '\0' || *s == ' ' || *s == '+')
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < min || n > max)
		return -1;
	*v = n;
	return 0;
}

int
opt_yesno(const char *s)
{
	static const char *const yes[] = { "yes", "y", "1", "true" };
	static const char *const no[] = { "no", "n", "0", "false" };
	int i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}

int
opt_hours(const char *s, long *minutes)
{
	long whole = 0, cents = 0;
	int i, nd = 0;

	/* by hand: strtod would follow the locale's decimal point */
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		whole = whole * 10 + (*s - '0');
		if (whole > 168)
			return -1;
	}
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9' && nd < 2; s++, nd++)
			cents = cents * 10 + (*s - '0');
	if (*s != '\0')
		return -1;
	for (i = nd; i < 2; i++)
		cents *= 10;
	*minutes = whole * 60 + (cents * 60 + 50) / 100;
	if (*minutes > 168 * 60)
		return -1;
	return 0;
}

/*
 * By hand, straight into buf: printf is slow for millions of cells, and
 * bound to the locale.
 */
size_t
opt_fmt_long(long v, char buf[32])
{
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v, t;
	size_t n = 0, k = 1, i;

	if (v < 0)
		buf[n++] = '-';
	for (t = u; t >= 10; t /= 10)
		k++;
	for (i = k; i > 0; i--, u /= 10)
		buf[n + i - 1] = (char)('0' + u % 10);
	n += k;
	buf[n] = '\0';
	return n;
}

size_t
opt_fmt_hours(long minutes, char buf[32])
{
	long c = (minutes * 100 + 30) / 60;	/* hundredths, half up */
	size_t n = opt_fmt_long(c / 100, buf);

	buf[n++] = '.';
	buf[n++] = (char)('0' + c / 10 % 10);
	buf[n++] = (char)('0' + c % 10);
	buf[n] = '\0';
	return n;
}

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

int
common_outfmt(const struct common *c, int infmt)
{
	int f;

	if (c->ofmt != FMT_AUTO)
		return c->ofmt;
	if (c->output != NULL && strcmp(c->output, "-") != 0 &&
	    (f = fmt_from_name(c->output)) != FMT_AUTO)
		return f;
	if (c->output != NULL && has_suffix(c->output)) {
		char safe[256];

		diag_warnx(NULL, "%s: no format of that suffix is written "
		    "(.csv, .yaml, .yml, .jsonl, .ndjson): rename it, or "
		    "choose one with -O", diag_safe(safe, sizeof safe,
		    c->output));
		exit(EXIT_TROUBLE);
	}
	return infmt == FMT_YAML || infmt == FMT_JSONL ? infmt : FMT_CSV;
}
