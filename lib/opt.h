/*
 * opt.h: the command-line options every program shares, and the option
 * values several programs take.
 *
 * common_option(), common_today(), opt_hours() and opt_fail_on() print
 * their message and return -1 on a bad value; --version and a bad -o
 * suffix exit (see below).
 */
#ifndef IOP_OPT_H
#define IOP_OPT_H

#include "num.h"	/* the option values are numbers and hours */
#include "sev.h"

/*
 * The options every program has: -I/--input-format, -O/--output-format,
 * -o/--output, --raw-csv, --today.
 */
struct common {
	int		 ifmt, ofmt, raw;
	const char	*output;
	long		 today;		/* day number; set by common_today() */
	const char	*today_arg;
};

#define COMMON_INIT { 0, 0, 0, NULL, 0, NULL }

/*
 * Long option ids for getopt_long() that main() passes on here, and
 * that of --pseudonymize (not passed on: pseudo_option(), pseudo.h).
 */
enum { OPT_RAW_CSV = 1000, OPT_TODAY, OPT_VERSION, OPT_PSEUDONYMIZE };

#define COMMON_LONGOPTS \
	{ "input-format", required_argument, NULL, 'I' }, \
	{ "output-format", required_argument, NULL, 'O' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "raw-csv", no_argument, NULL, OPT_RAW_CSV }, \
	{ "today", required_argument, NULL, OPT_TODAY }, \
	{ "version", no_argument, NULL, OPT_VERSION }

/* --pseudonymize keyfile, of the programs that can pseudonymize ids. */
#define PSEUDO_LONGOPT \
	{ "pseudonymize", required_argument, NULL, OPT_PSEUDONYMIZE }

/*
 * Handle one of the common options: 1 handled, 0 not ours, -1 bad;
 * --version prints "prog VERSION" and exits (out_exit()).
 */
int	common_option(struct common *, int ch, const char *arg);
/* Fix today: --today, else the clock.  -1 (printed) on failure. */
int	common_today(struct common *);
/*
 * The output format: -O, else the -o file's suffix, else the format of
 * the first input (infmt), else CSV.  A suffix that names no format
 * written (out.json) prints a message and exits 2, since the file
 * would not hold what its name says.
 */
int	common_outfmt(const struct common *, int infmt);
/*
 * The same rule for a file a program writes beside its output (iop-plan
 * --sessions): its suffix's format, else dflt; a suffix of no format
 * written prints a message and exits 2.
 */
int	opt_file_format(const char *path, int dflt);

/*
 * Hours (num_hours(): "9", "7.5") into *minutes: 0, or -1 with "OPT
 * takes hours (such as 9 or 7.5)" printed, opt the option's name
 * ("--min").
 */
int	opt_hours(const char *opt, const char *arg, long *minutes);
/*
 * --fail-on of the programs that report findings by severity: info,
 * warning or violation (not off) into *sev: 0, or -1 with "--fail-on
 * takes info, warning or violation" printed.
 */
int	opt_fail_on(const char *arg, enum sev *sev);

#endif
