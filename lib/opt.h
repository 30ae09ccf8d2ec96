/*
 * opt.h: option values shared by the programs.
 *
 * The parsers print nothing and return -1 on bad text; the caller
 * names the option in its message.
 */
#ifndef IOP_OPT_H
#define IOP_OPT_H

/* A whole number in [min, max]. */
int	opt_num(const char *, long min, long max, long *);
/* Hours as a decimal ("9", "7.5", at most two decimals) in minutes. */
int	opt_hours(const char *, long *minutes);
/* Minutes as hours with exactly two decimals, rounded half up; its length. */
size_t	opt_fmt_hours(long minutes, char buf[32]);
/*
 * yes, y, true, 1 (1) or no, n, false, 0 (0), in any case; -1 for
 * anything else, the empty string too (a caller to whom empty means no
 * says so itself).  The one yes/no of every program and file.
 */
int	opt_yesno(const char *);
/* A whole number, as printf's %ld would write it in the C locale; length. */
size_t	opt_fmt_long(long, char buf[32]);

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

/* Long option ids for getopt_long() that main() passes on here. */
enum { OPT_RAW_CSV = 1000, OPT_TODAY, OPT_VERSION };

#define COMMON_LONGOPTS \
	{ "input-format", required_argument, NULL, 'I' }, \
	{ "output-format", required_argument, NULL, 'O' }, \
	{ "output", required_argument, NULL, 'o' }, \
	{ "raw-csv", no_argument, NULL, OPT_RAW_CSV }, \
	{ "today", required_argument, NULL, OPT_TODAY }, \
	{ "version", no_argument, NULL, OPT_VERSION }

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

#endif
