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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attlog.h"
#include "buf.h"
#include "check.h"
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
#define MIN(a, b)	((a) < (b) ? (a) : (b))
#define MAX(a, b)	((a) > (b) ? (a) : (b))

static struct common opts = COMMON_INIT;
static int wstart;			/* 0 Monday ... 6 Sunday */
static long from = NOLIMIT_LO, to = NOLIMIT_HI;
static long seen_lo = NOLIMIT_HI, seen_hi = NOLIMIT_LO;
static long earliest, latest;		/* the dates a log may hold */
static struct roster roster;
static int fail_below;
static struct hours *hrs;
static struct pseudo *pseudo;		/* --pseudonymize */

/* The log's columns, attlog.h: the required ones, no note columns. */
#define NLOGCOLS	ATTLOG_REQUIRED

static _Noreturn void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, "usage: %s [-h] [--fail-below] [--from date] "
	    "[-I fmt] [--max hours] [--min hours]\n"
	    "\t[-O fmt] [-o file] [--pseudonymize keyfile] [--raw-csv] "
	    "[-r roster] [--to date] [--today date]\n"
	    "\t[--version] [-w week] [--week-start day] [file ...]\n",
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

/*
 * What one reading thread keeps: a large log is read in two halves at
 * once (check_stream_split()), each half a stream of records into the
 * one hours table, hrs, which the two threads take turns to add to.
 * A reader that finds the table busy goes on reading and queues its
 * records, up to QUEUE_MAX, rather than wait.
 */
static pthread_mutex_t hrs_lock = PTHREAD_MUTEX_INITIALIZER;

#define QUEUE_MAX	(64 * HOURS_BATCH)

struct reader {
	struct hours	*h;
	int		 stream;		/* 0: the first half */
	long		 seen_lo, seen_hi;	/* dates in the period */
	/* records wait here for the table (hours_add) */
	struct hours_item *queue;
	size_t		 nqueue;
	struct buf	 ids;
	/* a log names a handful of services millions of times */
	struct {
		char	raw[32];
		size_t	len, id;
	} seen[16];
	size_t		 nseen;
	/* the dates and times read, checked (attlog.h) */
	struct attlog_reader al;
};

static void
reader_init(struct reader *rd, struct hours *h, int stream)
{
	memset(rd, 0, sizeof *rd);
	rd->h = h;
	rd->stream = stream;
	rd->queue = xcalloc(QUEUE_MAX, sizeof *rd->queue);
	rd->seen_lo = NOLIMIT_HI;
	rd->seen_hi = NOLIMIT_LO;
	attlog_reader_init(&rd->al, earliest, latest);
}

/* "Group Therapy" -> "group_therapy": a name that is safe as a column. */
static size_t
service_id(struct reader *rd, const struct rec *r, const struct field *f)
{
	char name[64];
	size_t i;

	for (i = 0; i < rd->nseen; i++)
		if (rd->seen[i].len == f->len && same_short(rd->seen[i].raw,
		    f->val, f->len))
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
	pthread_mutex_lock(&hrs_lock);
	i = hours_service_id(rd->h, name, i);
	pthread_mutex_unlock(&hrs_lock);
	if (rd->nseen < 16 && f->len < sizeof rd->seen[0].raw) {
		memcpy(rd->seen[rd->nseen].raw, f->val, f->len);
		rd->seen[rd->nseen].len = f->len;
		rd->seen[rd->nseen++].id = i;
	}
	return i;
}

/*
 * Add the queued records to the table: at once if it is free, else
 * later, unless wait.  The client ids are copies, in ids, since a record
 * is only lent until the next one is read.
 */
static void
flush(struct reader *rd, int wait)
{
	size_t i, n, off = 0;

	if (rd->nqueue == 0)
		return;
	if (wait)
		pthread_mutex_lock(&hrs_lock);
	else if (pthread_mutex_trylock(&hrs_lock) != 0)
		return;
	for (i = 0; i < rd->nqueue; i++) {
		rd->queue[i].client = rd->ids.s + off;
		off += rd->queue[i].len + 1;
	}
	for (i = 0; i < rd->nqueue; i += n) {
		n = MIN(HOURS_BATCH, rd->nqueue - i);
		hours_add(rd->h, rd->stream, rd->queue + i, n);
	}
	pthread_mutex_unlock(&hrs_lock);
	rd->nqueue = 0;
	buf_reset(&rd->ids);
}

static void
queue(struct reader *rd, const struct field *client, long day, int start,
    int end, size_t service, int missed)
{
	struct hours_item *it = &rd->queue[rd->nqueue++];

	it->len = client->len;
	it->day = day;
	it->start = start;
	it->end = end;
	it->service = service;
	it->missed = missed;
	buf_add(&rd->ids, client->val, client->len + 1);
	if (rd->nqueue % HOURS_BATCH == 0)
		flush(rd, rd->nqueue == QUEUE_MAX);
}

/* One log record; may run in two threads at once, each its own reader. */
static void
log_record(struct colmap *m, const struct rec *r, void *arg)
{
	struct reader *rd = arg;
	struct attlog_rec a;
	int missed;

	attlog_check(&rd->al, m, r, &a);
	if (a.day < from || a.day > to)
		return;
	if (a.day < rd->seen_lo)
		rd->seen_lo = a.day;
	if (a.day > rd->seen_hi)
		rd->seen_hi = a.day;
	/* a missed session may carry its scheduled times, or none */
	missed = !attlog_counts_hours(a.status);
	queue(rd, a.client, a.day, a.start < 0 ? 0 : a.start,
	    a.end < 0 ? 0 : a.end, missed ? 0 :
	    service_id(rd, r, colmap_field(m, r, ATTLOG_SERVICE)), missed);
}

/* Read one log file into hrs, a large one in two halves at once. */
static int
read_log(const char *path)
{
	struct reader first, second;
	void *arg[2] = { &first, &second };
	int fmt;

	reader_init(&first, hrs, 0);
	reader_init(&second, hrs, 1);
	fmt = check_stream_split(path, opts.ifmt, attlog_columns, NLOGCOLS,
	    NLOGCOLS, 1, log_record, arg);
	flush(&first, 1);
	flush(&second, 1);
	free(first.queue);
	free(second.queue);
	seen_lo = MIN(seen_lo, MIN(first.seen_lo, second.seen_lo));
	seen_hi = MAX(seen_hi, MAX(first.seen_hi, second.seen_hi));
	buf_free(&first.ids);
	buf_free(&second.ids);
	return fmt;
}

/*
 * Dates more than a year after the real date of the run (the clock's,
 * not --today, so that an old report can be made again from a current
 * log) are typing errors: 2126 for 2026 would give every enrolled client
 * a row for each of a hundred years.  So are dates more than 50 years
 * before it, such as 1026 for 2026: a wrong first digit, the one typo
 * that takes a date back centuries.  The past limit is that far back so
 * that a log kept for decades (read each week with --week last) never
 * starts to fail as it ages; third- and fourth-digit typos (2016 for
 * 2026) cannot be told from real records and cost at most twenty years
 * of rows.  IOP_TEST_CLOCK stands in for the clock in the tests.
 */
#define PAST_DAYS	(50 * 365 + 13)		/* 50 years, leap days and all */

static void
set_date_limits(void)
{
	const char *test = getenv("IOP_TEST_CLOCK");
	long now;

	if (test != NULL && *test != '\0') {
		if (date_parse(test, &now) == -1)
			diag_errx(NULL, "IOP_TEST_CLOCK is not a date (YYYY-MM-DD)");
	} else if (date_today(&now) == -1) {
		diag_syswarn("cannot read the clock");
		exit(EXIT_TROUBLE);
	}
	latest = now + 366;
	earliest = now - PAST_DAYS;
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
 * A writer of report rows: its own week label and count, so that two
 * can run at once.
 */
struct part {
	struct rout	*w;
	const size_t	*order;		/* service columns */
	size_t		 ns;
	const char	*const *cols;	/* fixed, per service, then the last three */
	long		 below;		/* rows below the minimum */
	long		 week;
	char		 label[WEEK_LEN], date[DATE_LEN];
	size_t		 labellen, datelen;
	char		(*num)[32];	/* numbers the table lacks, until rout_end() */
	char		 pseud[PSEUDO_LEN + 1];	/* the client's, until rout_end() */
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
		n = opt_fmt_hours(i, buf);	/* at most "68.27" */
		memcpy(hours_text[i], buf, n + 1);
		hours_len[i] = (unsigned char)n;
		n = opt_fmt_long(i, buf);
		memcpy(count_text[i], buf, n + 1);
		count_len[i] = (unsigned char)n;
	}
}

/* A number cell: from the table, else formatted into buf. */
static void
add_hours(struct rout *w, long minutes, char buf[32])
{
	if (minutes >= 0 && minutes < NUMTAB)
		rout_cell(w, hours_text[minutes], hours_len[minutes], REC_NUM);
	else
		rout_cell(w, buf, opt_fmt_hours(minutes, buf), REC_NUM);
}

static void
add_count(struct rout *w, long n, char buf[32])
{
	if (n >= 0 && n < NUMTAB)
		rout_cell(w, count_text[n], count_len[n], REC_NUM);
	else
		rout_cell(w, buf, opt_fmt_long(n, buf), REC_NUM);
}

/* One row, its cells in the order of fixedcols, services, then the rest. */
static void
write_row(struct part *p, const struct hours_row *row)
{
	struct range rg = roster_range(&roster, row->client);
	struct rout *w = p->w;
	const char *st;
	size_t i;

	if (row->week != p->week) {	/* rows come sorted by week */
		p->week = row->week;
		date_week_label(p->week, wstart, p->label);
		date_format(p->week, p->date);
		p->labellen = strlen(p->label);
		p->datelen = strlen(p->date);
	}
	if (pseudo != NULL)
		rout_cell(w, p->pseud, pseudo_id(pseudo, hours_client(hrs,
		    row->client), hours_client_len(hrs, row->client), p->pseud),
		    REC_PLAIN);
	else
		rout_cell(w, hours_client(hrs, row->client),
		    hours_client_len(hrs, row->client), REC_TEXT);
	rout_cell(w, p->label, p->labellen, REC_PLAIN);
	rout_cell(w, p->date, p->datelen, REC_PLAIN);
	add_hours(w, row->minutes, p->num[3]);
	add_count(w, row->sessions, p->num[4]);
	add_count(w, row->days, p->num[5]);
	add_count(w, row->missed, p->num[6]);
	for (i = 0; i < p->ns; i++)
		add_hours(w, row->service[p->order[i]], p->num[NFIXED + i]);
	add_hours(w, rg.min, p->num[NFIXED + p->ns]);
	if (rg.max >= 0)
		add_hours(w, rg.max, p->num[NFIXED + p->ns + 1]);
	else
		rout_cell(w, "", 0, REC_NUM);
	st = week_status(row->minutes, rg);
	rout_cell(w, st, strlen(st), REC_PLAIN);
	if (rg.min > 0 && row->minutes < rg.min)
		p->below++;
	if (rout_end(w) == -1)
		exit(EXIT_TROUBLE);
}

/*
 * A large CSV or JSON Lines report is formatted by two threads at once
 * (the parser threads are done by then, so a core is free), in chunks of
 * CHUNK_ROWS rows: each formats every other chunk into memory and writes
 * it when its turn comes, so that the chunks go out in order and the cost
 * of writing is shared too.  YAML is written in one piece.
 */
#define CHUNK_ROWS	HOURS_STEP	/* a chunk starts where a seek is free */

struct turns {
	FILE		*fp;
	size_t		 n;		/* rows in the report */
	size_t		 next;		/* the chunk to be written next */
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
};

struct chunker {
	struct part	 p;		/* p.w writes to ms */
	struct turns	*t;
	size_t		 first;		/* its first chunk: 0 or 1 */
	FILE		*ms;
	char		*buf;
	size_t		 len;
};

/* Format rows [first, end) with p's writer. */
static void
write_rows(struct part *p, struct hours_row *row, size_t first, size_t end)
{
	struct hours_cursor c;
	size_t i;

	hours_seek(hrs, &c, first);
	for (i = first; i < end && hours_next(hrs, &c, row); i++)
		write_row(p, row);
}

static void *
write_chunks(void *arg)
{
	struct chunker *k = arg;
	struct turns *t = k->t;
	struct hours_row row;
	size_t c;

	row.service = xcalloc(k->p.ns ? k->p.ns : 1, sizeof *row.service);
	for (c = k->first; c * CHUNK_ROWS < t->n; c += 2) {
		if (fseeko(k->ms, 0, SEEK_SET) == -1)
			diag_fatal("out of memory");
		write_rows(&k->p, &row, c * CHUNK_ROWS,
		    MIN(t->n, (c + 1) * CHUNK_ROWS));
		if (fflush(k->ms) == EOF)
			diag_fatal("out of memory");
		pthread_mutex_lock(&t->mu);
		while (t->next != c)
			pthread_cond_wait(&t->cv, &t->mu);
		pthread_mutex_unlock(&t->mu);
		if (fwrite(k->buf, 1, k->len, t->fp) != k->len) {
			diag_syswarn(out_name(t->fp) != NULL ? out_name(t->fp) :
			    "write error");
			exit(EXIT_TROUBLE);
		}
		pthread_mutex_lock(&t->mu);
		t->next++;
		pthread_cond_broadcast(&t->cv);
		pthread_mutex_unlock(&t->mu);
	}
	free(row.service);
	return NULL;
}

/* Parts p[0] and p[1] write the even and the odd chunks. */
static void
write_chunked(FILE *fp, int fmt, size_t n, struct part p[2])
{
	struct turns t;
	struct chunker k[2];
	pthread_t th;
	int i;

	memset(&t, 0, sizeof t);
	t.fp = fp;
	t.n = n;
	pthread_mutex_init(&t.mu, NULL);
	pthread_cond_init(&t.cv, NULL);
	for (i = 0; i < 2; i++) {
		memset(&k[i], 0, sizeof k[i]);
		k[i].p = p[i];
		k[i].t = &t;
		k[i].first = (size_t)i;
		if ((k[i].ms = open_memstream(&k[i].buf, &k[i].len)) == NULL)
			diag_fatal("out of memory");
		/* the first chunk has the header */
		k[i].p.w = rout_open(k[i].ms, fmt, (i ? ROUT_NOHEADER : 0) |
		    (opts.raw ? ROUT_RAW : 0));
		rout_columns(k[i].p.w, p[i].cols, NFIXED + p[i].ns + 3);
	}
	if (pthread_create(&th, NULL, write_chunks, &k[1]) != 0)
		diag_fatal("cannot start a thread");
	write_chunks(&k[0]);
	pthread_join(th, NULL);
	for (i = 0; i < 2; i++) {
		p[i].below = k[i].p.below;
		rout_close(k[i].p.w);	/* in memory: nothing more to write */
		fclose(k[i].ms);
		free(k[i].buf);
	}
	pthread_mutex_destroy(&t.mu);
	pthread_cond_destroy(&t.cv);
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
write_report(FILE *fp, int fmt)
{
	size_t ns, i, n, *order = service_order(&ns);
	char **svccols = xcalloc(ns, sizeof *svccols);
	const char **cols = xcalloc(NFIXED + ns + 3, sizeof *cols);
	struct part p[2];

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
	memset(p, 0, sizeof p);
	p[0].order = order;
	p[0].ns = ns;
	p[0].cols = cols;
	p[0].week = -1;
	p[1] = p[0];
	for (i = 0; i < 2; i++)
		p[i].num = xcalloc(NFIXED + ns + 3, sizeof *p[i].num);
	if (pseudo != NULL)
		write_by_pseudonym(fp, fmt, p);
	else if (fmt != FMT_YAML && n > CHUNK_ROWS)
		write_chunked(fp, fmt, n, p);
	else {
		struct hours_row row;

		p[0].w = rout_open(fp, fmt, opts.raw ? ROUT_RAW : 0);
		rout_columns(p[0].w, cols, NFIXED + ns + 3);
		row.service = xcalloc(ns ? ns : 1, sizeof *row.service);
		write_rows(&p[0], &row, 0, n);
		free(row.service);
		if (rout_close(p[0].w) == -1)
			exit(EXIT_TROUBLE);
	}
	if (fail_below && p[0].below + p[1].below > 0)
		diag_found();
	free(p[0].num);
	free(p[1].num);
	for (i = 0; i < ns; i++)
		free(svccols[i]);
	free(svccols);
	free(cols);
	free(order);
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
	OPT_WEEK_START, OPT_PSEUDONYMIZE };

static const struct option longopts[] = {
	COMMON_LONGOPTS,
	{ "fail-below", no_argument, NULL, OPT_FAIL_BELOW },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "help", no_argument, NULL, 'h' },
	{ "max", required_argument, NULL, OPT_MAX },
	{ "min", required_argument, NULL, OPT_MIN },
	{ "pseudonymize", required_argument, NULL, OPT_PSEUDONYMIZE },
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
			else
				set_hours("--max", optarg, &roster.deflt.max);
			maxset = 1;
			break;
		case OPT_MIN:
			set_hours("--min", optarg, &roster.deflt.min);
			break;
		case OPT_PSEUDONYMIZE: {
			static struct pseudo key;

			if (pseudo_load(&key, optarg) == -1)
				return EXIT_TROUBLE;
			pseudo = &key;
			break;
		}
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
	set_date_limits();

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
