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
#include <ctype.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "compat.h"
#include "date.h"
#include "diag.h"
#include "hours.h"
#include "levels.h"
#include "opt.h"
#include "out.h"
#include "recio.h"
#include "roster.h"
#include "xalloc.h"

#define NOLIMIT_LO	ROSTER_NEVER_LO
#define NOLIMIT_HI	ROSTER_NEVER_HI
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))

static struct common opts = COMMON_INIT;
static int wstart;			/* 0 Monday ... 6 Sunday */
static long from = NOLIMIT_LO, to = NOLIMIT_HI;
static long seen_lo = NOLIMIT_HI, seen_hi = NOLIMIT_LO;
static struct roster roster;
static int fail_below;
static struct hours *hrs;

static const char *const logcols[] = {
	"client_id", "date", "start", "end", "service", "status"
};
enum { C_CLIENT, C_DATE, C_START, C_END, C_SERVICE, C_STATUS, NLOGCOLS };

static _Noreturn void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, "usage: %s [-h] [--fail-below] [--from date] "
	    "[-I fmt] [--max hours] [--min hours]\n"
	    "\t[-O fmt] [-o file] [--raw-csv] [-r roster] [--to date] "
	    "[--today date]\n"
	    "\t[-w week] [--week-start day] [file ...]\n", diag_progname());
	exit(status);
}

/*
 * What one reading thread keeps: a large log is read in two halves at
 * once (check_stream_split()), each into its own hours table, and the
 * second table is merged into the first after each file.
 */
struct reader {
	struct hours	*h;
	long		 seen_lo, seen_hi;	/* dates in the period */
	/* records go to the table in batches (hours_add) */
	struct hours_item batch[HOURS_BATCH];
	size_t		 nbatch;
	struct buf	 ids;
	/* a log names a handful of services millions of times */
	struct {
		char	raw[32];
		size_t	len, id;
	} seen[16];
	size_t		 nseen;
};

static void
reader_init(struct reader *rd, struct hours *h)
{
	memset(rd, 0, sizeof *rd);
	rd->h = h;
	rd->seen_lo = NOLIMIT_HI;
	rd->seen_hi = NOLIMIT_LO;
}

/* "Group Therapy" -> "group_therapy": a name that is safe as a column. */
static size_t
service_id(struct reader *rd, const struct rec *r, const struct field *f)
{
	char name[64];
	size_t i;

	for (i = 0; i < rd->nseen; i++)
		if (rd->seen[i].len == f->len && memcmp(rd->seen[i].raw,
		    f->val, f->len) == 0)
			return rd->seen[i].id;
	if (f->len >= sizeof name)
		check_fail(r, "service", "is longer than 63 bytes");
	for (i = 0; i < f->len; i++)
		name[i] = isalnum((unsigned char)f->val[i]) &&
		    !(f->val[i] & 0x80) ? tolower((unsigned char)f->val[i]) :
		    '_';
	if (i == 0)
		check_fail(r, "service", "is empty");
	name[i] = '\0';
	i = hours_service_id(rd->h, name, i);
	if (rd->nseen < 16 && f->len < sizeof rd->seen[0].raw) {
		memcpy(rd->seen[rd->nseen].raw, f->val, f->len);
		rd->seen[rd->nseen].len = f->len;
		rd->seen[rd->nseen++].id = i;
	}
	return i;
}

/*
 * The batch's client ids are copied, since a record is only lent
 * until the next one is read.
 */
static void
flush(struct reader *rd)
{
	size_t i, off = 0;

	for (i = 0; i < rd->nbatch; i++) {
		rd->batch[i].client = rd->ids.s + off;
		off += rd->batch[i].len + 1;
	}
	hours_add(rd->h, rd->batch, rd->nbatch);
	rd->nbatch = 0;
	buf_reset(&rd->ids);
}

static void
queue(struct reader *rd, const struct field *client, long day, int start,
    int end, size_t service, int missed)
{
	struct hours_item *it = &rd->batch[rd->nbatch++];

	it->len = client->len;
	it->day = day;
	it->start = start;
	it->end = end;
	it->service = service;
	it->missed = missed;
	buf_add(&rd->ids, client->val, client->len + 1);
	if (rd->nbatch == HOURS_BATCH)
		flush(rd);
}

enum status { ATTENDED, MISSED };

static enum status
status_of(const struct rec *r, const char *s)
{
	switch (s[0]) {	/* one strcmp a row, not six */
	case 'a':
		if (strcmp(s, "attended") == 0)
			return ATTENDED;
		if (strcmp(s, "absent") == 0)
			return MISSED;
		break;
	case 'c':
		if (strcmp(s, "cancelled") == 0)
			return MISSED;
		break;
	case 'e':
		if (strcmp(s, "excused") == 0)
			return MISSED;
		break;
	case 'l':
		if (strcmp(s, "late") == 0 || strcmp(s, "left_early") == 0)
			return ATTENDED;
		break;
	}
	check_fail(r, "status", "is not one of attended, late, left_early, "
	    "absent, excused, cancelled");
}

/* One log record; may run in two threads at once, each its own reader. */
static void
log_record(struct colmap *m, const struct rec *r, void *arg)
{
	struct reader *rd = arg;
	const struct field *client = colmap_field(m, r, C_CLIENT);
	const char *start = colmap_get(m, r, C_START);
	const char *end = colmap_get(m, r, C_END);
	long day = check_date(r, "date", colmap_get(m, r, C_DATE));
	enum status st = status_of(r, colmap_get(m, r, C_STATUS));
	int s = 0, e = 0;

	if (client->len == 0)
		check_fail(r, "client_id", "is empty");
	/* a missed session may carry its scheduled times, or none */
	if (st == ATTENDED || *start != '\0')
		s = check_time(r, "start", start, 0);
	if (st == ATTENDED || *end != '\0')
		e = check_time(r, "end", end, 1);
	if (st == ATTENDED && e <= s)
		check_fail(r, "end", "is not after 'start' (split a session "
		    "that runs past midnight at 24:00)");
	if (st == ATTENDED && colmap_field(m, r, C_SERVICE)->len == 0)
		check_fail(r, "service", "is empty");
	if (day < from || day > to)
		return;
	if (day < rd->seen_lo)
		rd->seen_lo = day;
	if (day > rd->seen_hi)
		rd->seen_hi = day;
	queue(rd, client, day, s, e, st == MISSED ? 0 :
	    service_id(rd, r, colmap_field(m, r, C_SERVICE)), st == MISSED);
}

/*
 * Read one log file into hrs, a large one in two halves at once; the
 * second half's table is merged into hrs when both are done.
 */
static int
read_log(const char *path)
{
	struct reader first, second;
	void *arg[2] = { &first, &second };
	int fmt;

	reader_init(&first, hrs);
	reader_init(&second, hours_new(wstart));
	fmt = check_stream_split(path, opts.ifmt, logcols, NLOGCOLS,
	    NLOGCOLS, 1, log_record, arg);
	flush(&first);
	flush(&second);
	hours_merge(hrs, second.h);
	seen_lo = MIN(seen_lo, MIN(first.seen_lo, second.seen_lo));
	seen_hi = MAX(seen_hi, MAX(first.seen_hi, second.seen_hi));
	hours_free(second.h);
	buf_free(&first.ids);
	buf_free(&second.ids);
	return fmt;
}

/* Give every enrolled client a row for each week of the period. */
static void
add_enrolled(void)
{
	long lo = from != NOLIMIT_LO ? from : seen_lo;
	long hi = to != NOLIMIT_HI ? to : seen_hi;
	long w;
	size_t c;

	if (lo > hi)
		return;		/* no period and no attendance */
	for (c = 0; c < roster.n; c++) {
		const struct enrol *e = roster_get(&roster, c);

		if (e == NULL)
			continue;
		for (w = date_week_start(lo, wstart); w <= hi; w += 7)
			if (roster_enrolled(e, w, w + 6))
				hours_touch(hrs, c, w);
	}
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
 * A writer of report rows: its own week label and count, so that two
 * can run at once.
 */
struct part {
	struct rout	*w;
	size_t		 to;		/* rows in the report */
	const size_t	*order;		/* service columns */
	size_t		 ns;
	const char	*const *cols;	/* fixed, per service, then the last three */
	long		 below;		/* rows below the minimum */
	long		 week;
	char		 label[WEEK_LEN], date[DATE_LEN];
	size_t		 labellen, datelen;
};

static void
write_row(struct part *p, struct rec *o, const struct hours_row *row)
{
	struct range rg = roster_range(&roster, row->client);
	const char *const *cols = p->cols, *const *last = cols + NFIXED + p->ns;
	size_t i;

	if (row->week != p->week) {	/* rows come sorted by week */
		p->week = row->week;
		date_week_label(p->week, wstart, p->label);
		date_format(p->week, p->date);
		p->labellen = strlen(p->label);
		p->datelen = strlen(p->date);
	}
	rec_clear(o);
	rec_add(o, cols[0], hours_client(hrs, row->client),
	    hours_client_len(hrs, row->client), REC_TEXT);
	rec_add(o, cols[1], p->label, p->labellen, REC_TEXT);
	rec_add(o, cols[2], p->date, p->datelen, REC_TEXT);
	rec_add_hours(o, cols[3], row->minutes);
	rec_add_count(o, cols[4], row->sessions);
	rec_add_count(o, cols[5], row->days);
	rec_add_count(o, cols[6], row->missed);
	for (i = 0; i < p->ns; i++)
		rec_add_hours(o, cols[NFIXED + i], row->service[p->order[i]]);
	rec_add_hours(o, last[0], rg.min);
	if (rg.max >= 0)
		rec_add_hours(o, last[1], rg.max);
	else
		rec_adds(o, last[1], "", REC_NUM);
	rec_adds(o, last[2], week_status(row->minutes, rg), REC_TEXT);
	if (rg.min > 0 && row->minutes < rg.min)
		p->below++;
	if (rout_write(p->w, o) == -1)
		exit(EXIT_TROUBLE);
}

/*
 * A large CSV or JSON Lines report is formatted by two threads at once
 * (the parser threads are done by then, so a core is free), in chunks of
 * CHUNK_ROWS rows: this thread writes the even chunks to the report, and
 * the other formats the odd ones into memory, two at most, which this
 * thread copies in after each even one.  YAML is written in one piece.
 */
#define CHUNK_ROWS	4096

struct odd {
	struct part	 p;		/* the rows' columns; p.w is unused */
	size_t		 n;		/* rows in the report */
	FILE		*ms[2];		/* a chunk each, in memory */
	char		*buf[2];
	size_t		 len[2];
	struct rout	*w[2];
	size_t		 made, taken;	/* odd chunks formatted, copied */
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
};

/* Format rows [first, end) with p's writer. */
static void
write_rows(struct part *p, struct rec *o, struct hours_row *row, size_t first,
    size_t end)
{
	size_t i;

	for (i = first; i < end; i++) {
		hours_row_at(hrs, i, row);
		write_row(p, o, row);
	}
}

static void *
write_odd(void *arg)
{
	struct odd *d = arg;
	struct rec o = REC_INIT;
	struct hours_row row;
	size_t c, k;

	row.service = xcalloc(d->p.ns ? d->p.ns : 1, sizeof *row.service);
	for (k = 0, c = 1; c * CHUNK_ROWS < d->n; k++, c += 2) {
		int slot = k % 2;

		pthread_mutex_lock(&d->mu);
		while (d->made - d->taken == 2)		/* both not copied yet */
			pthread_cond_wait(&d->cv, &d->mu);
		pthread_mutex_unlock(&d->mu);
		if (fseeko(d->ms[slot], 0, SEEK_SET) == -1)
			diag_fatal("out of memory");
		d->p.w = d->w[slot];
		write_rows(&d->p, &o, &row, c * CHUNK_ROWS,
		    MIN(d->n, (c + 1) * CHUNK_ROWS));
		if (fflush(d->ms[slot]) == EOF)
			diag_fatal("out of memory");
		pthread_mutex_lock(&d->mu);
		d->made++;
		pthread_cond_broadcast(&d->cv);
		pthread_mutex_unlock(&d->mu);
	}
	free(row.service);
	rec_free(&o);
	return NULL;
}

/* Copy the next odd chunk into the report once it is formatted. */
static void
copy_odd(struct odd *d, FILE *fp)
{
	int slot = d->taken % 2;

	pthread_mutex_lock(&d->mu);
	while (d->made == d->taken)
		pthread_cond_wait(&d->cv, &d->mu);
	pthread_mutex_unlock(&d->mu);
	if (fwrite(d->buf[slot], 1, d->len[slot], fp) != d->len[slot]) {
		diag_syswarn("write error");
		exit(EXIT_TROUBLE);
	}
	pthread_mutex_lock(&d->mu);
	d->taken++;
	pthread_cond_broadcast(&d->cv);
	pthread_mutex_unlock(&d->mu);
}

static void
write_chunked(FILE *fp, int fmt, struct part *even, struct part *oddp)
{
	struct odd d;
	struct rec o = REC_INIT;
	struct hours_row row;
	pthread_t t;
	size_t c, n = even->to;
	int i;

	memset(&d, 0, sizeof d);
	d.p = *oddp;
	d.n = n;
	for (i = 0; i < 2; i++) {
		if ((d.ms[i] = open_memstream(&d.buf[i], &d.len[i])) == NULL)
			diag_fatal("out of memory");
		d.w[i] = rout_open(d.ms[i], fmt, ROUT_NOHEADER |
		    (opts.raw ? ROUT_RAW : 0));
		rout_columns(d.w[i], d.p.cols, NFIXED + d.p.ns + 3);
	}
	pthread_mutex_init(&d.mu, NULL);
	pthread_cond_init(&d.cv, NULL);
	if (pthread_create(&t, NULL, write_odd, &d) != 0)
		diag_fatal("cannot start a thread");
	row.service = xcalloc(even->ns ? even->ns : 1, sizeof *row.service);
	for (c = 0; c * CHUNK_ROWS < n; c += 2) {
		write_rows(even, &o, &row, c * CHUNK_ROWS,
		    MIN(n, (c + 1) * CHUNK_ROWS));
		if ((c + 1) * CHUNK_ROWS < n)
			copy_odd(&d, fp);
	}
	pthread_join(t, NULL);
	oddp->below = d.p.below;
	for (i = 0; i < 2; i++) {
		rout_close(d.w[i]);
		fclose(d.ms[i]);
		free(d.buf[i]);
	}
	pthread_mutex_destroy(&d.mu);
	pthread_cond_destroy(&d.cv);
	free(row.service);
	rec_free(&o);
}

static void
write_report(FILE *fp, int fmt)
{
	size_t ns, i, n, *order = service_order(&ns);
	char **svccols = xcalloc(ns, sizeof *svccols);
	const char **cols = xcalloc(NFIXED + ns + 3, sizeof *cols);
	struct rout *w = rout_open(fp, fmt, opts.raw ? ROUT_RAW : 0);
	struct part p1, p2;

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
	rout_columns(w, cols, NFIXED + ns + 3);
	n = hours_prepare(hrs);
	memset(&p1, 0, sizeof p1);
	p1.w = w;
	p1.to = n;
	p1.order = order;
	p1.ns = ns;
	p1.cols = cols;
	p1.week = -1;
	p2 = p1;
	if (fmt != FMT_YAML && n > CHUNK_ROWS)
		write_chunked(fp, fmt, &p1, &p2);
	else {
		struct rec o = REC_INIT;
		struct hours_row row;

		row.service = xcalloc(ns ? ns : 1, sizeof *row.service);
		write_rows(&p1, &o, &row, 0, n);
		free(row.service);
		rec_free(&o);
	}
	if (rout_close(w) == -1)
		exit(EXIT_TROUBLE);
	if (fail_below && p1.below + p2.below > 0)
		diag_found();
	for (i = 0; i < ns; i++)
		free(svccols[i]);
	free(svccols);
	free(cols);
	free(order);
}

/* --week: "this", "last", an ISO week (Monday weeks), or a date in it. */
static void
set_week(const char *arg)
{
	long d;

	if (strcmp(arg, "this") == 0 || strcmp(arg, "last") == 0)
		d = opts.today - (arg[0] == 'l' ? 7 : 0);
	else if (date_parse(arg, &d) == -1 &&
	    (wstart != 0 || date_parse_isoweek(arg, &d) == -1)) {
		diag_warnx(NULL, "--week takes this, last, a date%s",
		    wstart == 0 ? " or an ISO week (2026-W48)" : "");
		usage(EXIT_TROUBLE);
	}
	from = date_week_start(d, wstart);
	to = from + 6;
}

static void
set_date(const char *opt, const char *arg, long *day)
{
	if (date_parse(arg, day) == -1) {
		diag_warnx(NULL, "%s takes a date (YYYY-MM-DD)", opt);
		usage(EXIT_TROUBLE);
	}
}

static void
set_hours(const char *opt, const char *arg, long *minutes)
{
	if (opt_hours(arg, minutes) == -1) {
		diag_warnx(NULL, "%s takes hours (such as 9 or 7.5)", opt);
		usage(EXIT_TROUBLE);
	}
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
	{ "roster", required_argument, NULL, 'r' },
	{ "to", required_argument, NULL, OPT_TO },
	{ "week", required_argument, NULL, 'w' },
	{ "week-start", required_argument, NULL, OPT_WEEK_START },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	const char *rosterfile = NULL, *week = NULL, *fromarg = NULL, *toarg = NULL;
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
			week = optarg;
			break;
		case OPT_FAIL_BELOW:
			fail_below = 1;
			break;
		case OPT_FROM:
			fromarg = optarg;
			break;
		case OPT_MAX:
			if (strcmp(optarg, "none") == 0)
				roster.deflt.max = -1;
			else
				set_hours("--max", optarg, &roster.deflt.max);
			maxset = 1;
			break;
		case OPT_MIN:
			set_hours("--min", optarg, &roster.deflt.min);
			break;
		case OPT_TO:
			toarg = optarg;
			break;
		case OPT_WEEK_START:
			if ((wstart = date_weekday_parse(optarg)) == -1) {
				diag_warnx(NULL, "--week-start takes a day "
				    "of the week");
				usage(EXIT_TROUBLE);
			}
			break;
		default:
			switch (common_option(&opts, ch, optarg)) {
			case 1:
				break;
			case -1:
			default:
				usage(EXIT_TROUBLE);
			}
		}
	}
	argc -= optind;
	argv += optind;
	if (week != NULL && (fromarg != NULL || toarg != NULL)) {
		diag_warnx(NULL, "--week and --from/--to do not go together");
		usage(EXIT_TROUBLE);
	}
	if (!maxset && roster.deflt.max >= 0 && roster.deflt.max < roster.deflt.min)
		roster.deflt.max = -1;		/* --min 20 alone: no upper bound */
	if (roster.deflt.max >= 0 && roster.deflt.max < roster.deflt.min) {
		diag_warnx(NULL, "--max is below --min");
		usage(EXIT_TROUBLE);
	}
	if (common_today(&opts) == -1)
		usage(EXIT_TROUBLE);
	if (week != NULL)
		set_week(week);
	if (fromarg != NULL)
		set_date("--from", fromarg, &from);
	if (toarg != NULL)
		set_date("--to", toarg, &to);
	if (from > to) {
		diag_warnx(NULL, "--from is after --to");
		usage(EXIT_TROUBLE);
	}

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
	hours_free(hrs);
	roster_free(&roster);
	return diag_status();
}
