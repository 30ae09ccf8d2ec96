/*
 * iop-hours: the weekly hours-of-service report.
 *
 * Reads attendance logs (CSV or YAML records with client_id, date,
 * start, end, service and status) and writes one record per client per
 * week: hours attended (the union of the client's attended intervals),
 * sessions, days, missed sessions, hours per service, and whether the
 * week is below, within or above the hour range of the client's level
 * of care.  Exit 1 with --fail-below when a client is below it.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attlog.h"
#include "compat.h"
#include "date.h"
#include "diag.h"
#include "hours.h"
#include "levels.h"
#include "opt.h"
#include "out.h"
#include "period.h"
#include "pseudo.h"
#include "recio.h"
#include "roster.h"
#include "xalloc.h"

#define NOLIMIT_LO	ROSTER_NEVER_LO
#define NOLIMIT_HI	ROSTER_NEVER_HI

static struct common opts = COMMON_INIT;
static int wstart;			/* 0 Monday ... 6 Sunday */
static long from = NOLIMIT_LO, to = NOLIMIT_HI;
static long seen_lo = NOLIMIT_HI, seen_hi = NOLIMIT_LO;
static long earliest, latest;		/* the dates a log may hold (period.h) */
static struct roster roster;
static int fail_below;
static struct hours *hrs;
static struct pseudo *pseudo;		/* --pseudonymize */

static _Noreturn void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, "usage: %s [-h] [--fail-below] "
	    "[--from date] [-I fmt] [--max hours]\n"
	    "\t[--min hours] [-O fmt] [-o file] [--pseudonymize keyfile] "
	    "[--raw-csv]\n"
	    "\t[-r roster] [--to date] [--today date] [--version] [-w week]\n"
	    "\t[--week-start day] [file ...]\n",
	    diag_progname());
	if (status == 0)
		fputs("\n"
		    "      --fail-below        "
		    "exit 1 if a client is below the weekly minimum\n"
		    "      --from date         "
		    "count records from date (YYYY-MM-DD) on\n"
		    "  -h, --help              print this help and exit\n"
		    "  -I, --input-format f    "
		    "read csv, yaml or jsonl, whatever the names\n"
		    "      --max hours         "
		    "the weekly maximum where the roster gives none\n"
		    "      --min hours         "
		    "the weekly minimum where the roster gives none\n"
		    "  -O, --output-format f   write csv, yaml or jsonl\n"
		    "  -o, --output file       write to file, all or nothing\n"
		    "      --pseudonymize k    "
		    "client ids as HMAC-SHA256 pseudonyms under key file k\n"
		    "      --raw-csv           "
		    "no spreadsheet formula guard in CSV\n"
		    "  -r, --roster file       "
		    "read levels of care and enrolment from file\n"
		    "      --to date           "
		    "count records up to date (YYYY-MM-DD)\n"
		    "      --today date        "
		    "take date (YYYY-MM-DD) as today\n"
		    "      --version           print the version and exit\n"
		    "  -w, --week week         "
		    "one week: this, last, 2026-W48 or a date in it\n"
		    "      --week-start day    start weeks on day (default Monday)\n",
		    stdout);
	out_exit(status);
}

/* Read one log file into hrs (hours_read_log()): its format. */
static int
read_log(const char *path)
{
	struct hours_log log = { from, to, earliest, latest, seen_lo,
	    seen_hi };
	int fmt;

	fmt = hours_read_log(hrs, path, opts.ifmt, &log);
	seen_lo = log.seen_lo;
	seen_hi = log.seen_hi;
	return fmt;
}

static int
enrolled(void *arg, size_t client, long first, long last)
{
	return roster_enrolled(roster_get(&roster, client), first, last);
}

/*
 * Every enrolled client has a row for each week of the period: the
 * table makes those rows as the report is written, without holding them.
 */
static void
add_enrolled(void)
{
	long lo = from != NOLIMIT_LO ? from : seen_lo;
	long hi = to != NOLIMIT_HI ? to : seen_hi;
	size_t c, n = 0, *listed;

	if (lo > hi)
		return;		/* no period and no attendance */
	listed = xcalloc(roster.n ? roster.n : 1, sizeof *listed);
	for (c = 0; c < roster.n; c++)
		if (roster_get(&roster, c) != NULL)
			listed[n++] = c;
	hours_expect(hrs, listed, n, lo, hi, enrolled, NULL);
	free(listed);
}

/*
 * Said on stderr, after the report: a period without a single record
 * (a stale or empty log reads as a week of zeros), and how many clients
 * of the period's records the roster does not list (never which).
 */
static void
notices(int have_roster)
{
	size_t c, n = 0, nc = hours_nclients(hrs);

	if (seen_lo > seen_hi)
		attlog_notice_empty();
	if (!have_roster)
		return;
	for (c = 0; c < nc; c++)
		n += roster_get(&roster, c) == NULL;
	attlog_notice_unlisted(n);
}

static const char *
week_status(long minutes, struct range rg)
{
	if (minutes < rg.min)
		return "below_min";
	if (rg.max >= 0 && minutes > rg.max)
		return "above_max";
	return "ok";
}

static int
service_rank(const char *name)
{
	static const char *const usual[] = { "individual", "group", "family",
	    "cbt", "dbt", "motivational", "education" };
	int i;

	for (i = 0; i < 7; i++)
		if (strcmp(name, usual[i]) == 0)
			return i;
	return 7;
}

static int
service_cmp(const void *a, const void *b)
{
	const char *x = hours_service(hrs, *(const size_t *)a);
	const char *y = hours_service(hrs, *(const size_t *)b);
	int rx = service_rank(x), ry = service_rank(y);

	return rx != ry ? rx - ry : strcmp(x, y);
}

/* Service columns: the usual services in a fixed order, then the rest. */
static size_t *
service_order(size_t *n)
{
	size_t i, *order;

	*n = hours_nservices(hrs);
	order = xcalloc(*n, sizeof *order);
	for (i = 0; i < *n; i++)
		order[i] = i;
	qsort(order, *n, sizeof *order, service_cmp);
	return order;
}

static const char *const fixedcols[] = {
	"client_id", "week", "week_start", "hours", "sessions", "days",
	"missed"
};
#define NFIXED	(sizeof fixedcols / sizeof fixedcols[0])

/*
 * A writer of report rows, with the week label of the last row: one a
 * thread when two write at once (rout_rows()).
 */
struct part {
	struct rout	*w;
	struct hours_row row;		/* scratch */
	const size_t	*order;		/* service columns */
	size_t		 ns;
	const char	*const *cols;	/* fixed, per service, then the last three */
	long		 below;		/* rows below the minimum */
	long		 week;
	char		 label[WEEK_LEN], date[DATE_LEN];
	struct field	*cells;		/* the row for rout_row() */
	char		(*num)[32];	/* numbers the table lacks, for cells */
	char		 pseud[PSEUDO_LEN + 1];	/* the client's, for cells */
};

/*
 * The numbers most cells hold, formatted once: a large report has tens
 * of millions of cells, and most are hours of a week or small counts.
 */
#define NUMTAB	4096
static char	hours_text[NUMTAB][8], count_text[NUMTAB][8];
static unsigned char hours_len[NUMTAB], count_len[NUMTAB];

static void
numtab_init(void)
{
	char buf[32];
	size_t n;
	long i;

	for (i = 0; i < NUMTAB; i++) {
		n = num_fmt_hours(i, buf);	/* at most "68.27" */
		memcpy(hours_text[i], buf, n + 1);
		hours_len[i] = (unsigned char)n;
		n = num_fmt_long(i, buf);
		memcpy(count_text[i], buf, n + 1);
		count_len[i] = (unsigned char)n;
	}
}

/* A cell's value; its type is its column's, set by part_init(). */
static void
set_cell(struct field *f, const char *val, size_t n)
{
	f->val = val;
	f->len = n;
}

/* A number cell: from the table, else formatted into buf. */
static void
hours_cell(struct field *f, long minutes, char buf[32])
{
	if (minutes >= 0 && minutes < NUMTAB)
		set_cell(f, hours_text[minutes], hours_len[minutes]);
	else
		set_cell(f, buf, num_fmt_hours(minutes, buf));
}

static void
count_cell(struct field *f, long n, char buf[32])
{
	if (n >= 0 && n < NUMTAB)
		set_cell(f, count_text[n], count_len[n]);
	else
		set_cell(f, buf, num_fmt_long(n, buf));
}

/* One row, its cells in the order of fixedcols, services, then the rest. */
static void
write_row(struct part *p, const struct hours_row *row)
{
	struct range rg = roster_range(&roster, row->client);
	struct field *c = p->cells;
	const char *st;
	size_t i;

	if (row->week != p->week) {	/* rows come sorted by week */
		p->week = row->week;
		date_week_label(p->week, wstart, p->label);
		date_format(p->week, p->date);
		set_cell(&c[1], p->label, strlen(p->label));
		set_cell(&c[2], p->date, strlen(p->date));
	}
	if (pseudo != NULL)
		set_cell(&c[0], p->pseud, pseudo_id(pseudo, hours_client(hrs,
		    row->client), hours_client_len(hrs, row->client), p->pseud));
	else
		set_cell(&c[0], hours_client(hrs, row->client),
		    hours_client_len(hrs, row->client));
	hours_cell(&c[3], row->minutes, p->num[3]);
	count_cell(&c[4], row->sessions, p->num[4]);
	count_cell(&c[5], row->days, p->num[5]);
	count_cell(&c[6], row->missed, p->num[6]);
	c += NFIXED;
	for (i = 0; i < p->ns; i++)
		hours_cell(&c[i], row->service[p->order[i]], p->num[NFIXED + i]);
	c += p->ns;
	hours_cell(&c[0], rg.min, p->num[NFIXED + p->ns]);
	if (rg.max >= 0)
		hours_cell(&c[1], rg.max, p->num[NFIXED + p->ns + 1]);
	else
		set_cell(&c[1], "", 0);
	st = week_status(row->minutes, rg);
	set_cell(&c[2], st, strlen(st));
	if (rg.min > 0 && row->minutes < rg.min)
		p->below++;
	if (rout_row(p->w, p->cells) == -1)
		exit(EXIT_TROUBLE);
}

/* Rows [first, end) of the table, to w with worker's part (rout_rows()). */
static void
make_rows(void *arg, struct rout *w, size_t first, size_t end, int worker)
{
	struct part *p = (struct part *)arg + worker;
	struct hours_cursor c;
	size_t i;

	p->w = w;
	hours_seek(hrs, &c, first);
	for (i = first; i < end && hours_next(hrs, &c, &p->row); i++)
		write_row(p, &p->row);
}

static const char *
row_client(const void *arg, size_t i, size_t *len)
{
	const struct hours_row *rows = arg;

	*len = hours_client_len(hrs, rows[i].client);
	return hours_client(hrs, rows[i].client);
}

/*
 * With --pseudonymize, the rows by pseudonym, then week: in the order
 * of the real ids they would line up with a known list of clients.
 * Reordering needs every row at once.
 */
static void
write_by_pseudonym(FILE *fp, int fmt, struct part *p)
{
	size_t i, n;
	const struct hours_row *rows = hours_rows(hrs, &n);
	size_t *idx = xreallocarray(NULL, n ? n : 1, sizeof *idx);

	for (i = 0; i < n; i++)
		idx[i] = i;
	pseudo_sort(pseudo, idx, n, row_client, rows);
	p->w = rout_open(fp, fmt, opts.raw ? ROUT_RAW : 0);
	rout_columns(p->w, p->cols, NFIXED + p->ns + 3);
	for (i = 0; i < n; i++)
		write_row(p, &rows[idx[i]]);
	free(idx);
	if (rout_close(p->w) == -1)
		exit(EXIT_TROUBLE);
}

static void
part_init(struct part *p, const size_t *order, size_t ns,
    const char *const *cols)
{
	size_t i;

	memset(p, 0, sizeof *p);
	p->order = order;
	p->ns = ns;
	p->cols = cols;
	p->week = -1;
	p->num = xcalloc(NFIXED + ns + 3, sizeof *p->num);
	p->cells = xcalloc(NFIXED + ns + 3, sizeof *p->cells);
	/* each column's cells are of one type: the id, then labels, then numbers */
	p->cells[0].type = pseudo != NULL ? REC_PLAIN : REC_TEXT;
	p->cells[1].type = p->cells[2].type = REC_PLAIN;
	for (i = 3; i < NFIXED + ns + 2; i++)
		p->cells[i].type = REC_NUM;
	p->cells[NFIXED + ns + 2].type = REC_PLAIN;	/* the status */
	p->row.service = xcalloc(ns ? ns : 1, sizeof *p->row.service);
}

static void
part_free(struct part *p)
{
	free(p->num);
	free(p->cells);
	free(p->row.service);
}

static void
write_report(FILE *fp, int fmt)
{
	size_t ns, i, n, *order = service_order(&ns);
	char **svccols = xcalloc(ns, sizeof *svccols);
	const char **cols = xcalloc(NFIXED + ns + 3, sizeof *cols);
	struct part p[2];
	struct rout *w;

	for (i = 0; i < NFIXED; i++)
		cols[i] = fixedcols[i];
	for (i = 0; i < ns; i++) {
		size_t len = strlen(hours_service(hrs, order[i])) + 7;

		svccols[i] = xmalloc(len);
		snprintf(svccols[i], len, "hours_%s",
		    hours_service(hrs, order[i]));
		cols[NFIXED + i] = svccols[i];
	}
	cols[NFIXED + ns] = "min_hours";
	cols[NFIXED + ns + 1] = "max_hours";
	cols[NFIXED + ns + 2] = "status";
	n = hours_prepare(hrs);
	numtab_init();
	for (i = 0; i < 2; i++)
		part_init(&p[i], order, ns, cols);
	if (pseudo != NULL)
		write_by_pseudonym(fp, fmt, &p[0]);
	else {
		w = rout_open(fp, fmt, opts.raw ? ROUT_RAW : 0);
		rout_columns(w, cols, NFIXED + ns + 3);
		if (rout_rows(w, n, HOURS_STEP, make_rows, p) == -1 ||
		    rout_close(w) == -1)
			exit(EXIT_TROUBLE);
	}
	if (fail_below && p[0].below + p[1].below > 0)
		diag_found();
	for (i = 0; i < 2; i++)
		part_free(&p[i]);
	for (i = 0; i < ns; i++)
		free(svccols[i]);
	free(svccols);
	free(cols);
	free(order);
}

enum { OPT_FAIL_BELOW = 2000, OPT_FROM, OPT_MAX, OPT_MIN, OPT_TO,
	OPT_WEEK_START };

static const struct option longopts[] = {
	COMMON_LONGOPTS,
	{ "fail-below", no_argument, NULL, OPT_FAIL_BELOW },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "help", no_argument, NULL, 'h' },
	{ "max", required_argument, NULL, OPT_MAX },
	{ "min", required_argument, NULL, OPT_MIN },
	PSEUDO_LONGOPT,
	{ "roster", required_argument, NULL, 'r' },
	{ "to", required_argument, NULL, OPT_TO },
	{ "week", required_argument, NULL, 'w' },
	{ "week-start", required_argument, NULL, OPT_WEEK_START },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	const char *rosterfile = NULL;
	struct period_args pa = { NULL, NULL, NULL, NULL };
	struct period p;
	struct out *out;
	int ch, i, infmt, maxset = 0;

	diag_init(argv[0]);
	argv[0] = (char *)diag_progname();	/* for getopt's messages */
	if (compat_pledge("stdio rpath wpath cpath") == -1)
		diag_fatal("pledge failed");
	roster_init(&roster, level_range(LEVEL_IOP, 0));
	while ((ch = getopt_long(argc, argv, "hI:O:o:r:w:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
		case 'r':
			rosterfile = optarg;
			break;
		case 'w':
			pa.week = optarg;
			break;
		case OPT_FAIL_BELOW:
			fail_below = 1;
			break;
		case OPT_FROM:
			pa.from = optarg;
			break;
		case OPT_MAX:
			if (strcmp(optarg, "none") == 0)
				roster.deflt.max = -1;
			else if (opt_hours("--max", optarg,
			    &roster.deflt.max) == -1)
				usage(EXIT_TROUBLE);
			maxset = 1;
			break;
		case OPT_MIN:
			if (opt_hours("--min", optarg, &roster.deflt.min) == -1)
				usage(EXIT_TROUBLE);
			break;
		case OPT_PSEUDONYMIZE:
			if ((pseudo = pseudo_option(optarg)) == NULL)
				return EXIT_TROUBLE;
			break;
		case OPT_TO:
			pa.to = optarg;
			break;
		case OPT_WEEK_START:
			if ((wstart = date_weekday_parse(optarg)) == -1) {
				diag_warnx(NULL, "--week-start takes a day "
				    "of the week");
				usage(EXIT_TROUBLE);
			}
			break;
		default:
			if (common_option(&opts, ch, optarg) != 1)
				usage(EXIT_TROUBLE);
		}
	}
	argc -= optind;
	argv += optind;
	if (!maxset && roster.deflt.max >= 0 && roster.deflt.max < roster.deflt.min)
		roster.deflt.max = -1;		/* --min 20 alone: no upper bound */
	if (roster.deflt.max >= 0 && roster.deflt.max < roster.deflt.min) {
		diag_warnx(NULL, "--max is below --min");
		usage(EXIT_TROUBLE);
	}
	if (common_today(&opts) == -1 ||
	    period_parse(&pa, opts.today, wstart, &p) == -1)
		usage(EXIT_TROUBLE);
	from = p.from;
	to = p.to;
	period_date_limits(&earliest, &latest);

	hrs = hours_new(wstart);
	if (rosterfile != NULL)
		roster_read(&roster, rosterfile, hrs);
	infmt = read_log(argc > 0 ? argv[0] : "-");
	for (i = 1; i < argc; i++)
		read_log(argv[i]);
	add_enrolled();
	if ((out = out_open_checked(opts.output)) == NULL)
		return EXIT_TROUBLE;
	write_report(out_file(out), common_outfmt(&opts, infmt));
	if (out_commit(out) == -1)
		return EXIT_TROUBLE;
	notices(rosterfile != NULL);
	/*
	 * Not hours_free(hrs): the process ends here, and giving back the
	 * table of a large report array by array takes longer than the
	 * kernel takes to drop it all.  hrs still points to it (no leak).
	 */
	return diag_status();
}
