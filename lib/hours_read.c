/*
 * hours_read.c: an attendance log into an hours table (hours.h), a
 * large one in two halves at once.
 *
 * A CSV log of 8 MiB or more is read by two threads, each half a
 * stream of records into the one table (rin_split(), recio_impl.h);
 * the threads take turns to add to it.  A reader that finds the table
 * busy goes on reading and queues its records, up to QUEUE_MAX, rather
 * than wait.  Errors come out as if the log were read in one piece:
 * the second half's messages are held (diag_impl.h) until the first is
 * done, and a bad record in either sends the log to be read again
 * whole for the messages (check_reread(), check_impl.h).
 */
#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attlog.h"
#include "buf.h"
#include "check_impl.h"
#include "diag_impl.h"
#include "hours.h"
#include "recio_impl.h"
#include "xalloc.h"

#define MIN(a, b)	((a) < (b) ? (a) : (b))

/* The log's columns, attlog.h: the required ones, no note columns. */
#define NLOGCOLS	ATTLOG_REQUIRED

#define QUEUE_MAX	(64 * HOURS_BATCH)

/* What one reading thread keeps. */
struct reader {
	struct hours	*h;
	pthread_mutex_t	*lock;		/* held to touch h */
	int		 stream;	/* 0: the first half */
	const struct hours_log *log;
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
reader_init(struct reader *rd, struct hours *h, pthread_mutex_t *lock,
    int stream, const struct hours_log *log)
{
	memset(rd, 0, sizeof *rd);
	rd->h = h;
	rd->lock = lock;
	rd->stream = stream;
	rd->log = log;
	rd->queue = xcalloc(QUEUE_MAX, sizeof *rd->queue);
	rd->seen_lo = HOURS_LOG_NONE_LO;
	rd->seen_hi = HOURS_LOG_NONE_HI;
	attlog_reader_init(&rd->al, log->earliest, log->latest);
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
	pthread_mutex_lock(rd->lock);
	i = hours_service_id(rd->h, name, i);
	pthread_mutex_unlock(rd->lock);
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
		pthread_mutex_lock(rd->lock);
	else if (pthread_mutex_trylock(rd->lock) != 0)
		return;
	for (i = 0; i < rd->nqueue; i++) {
		rd->queue[i].client = rd->ids.s + off;
		off += rd->queue[i].len + 1;
	}
	for (i = 0; i < rd->nqueue; i += n) {
		n = MIN(HOURS_BATCH, rd->nqueue - i);
		hours_add(rd->h, rd->stream, rd->queue + i, n);
	}
	pthread_mutex_unlock(rd->lock);
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
	if (a.day < rd->log->from || a.day > rd->log->to)
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

/* The second half of a split log, read by a thread of its own. */
struct half {
	struct rin	*in;
	struct colmap	 m;
	struct reader	*rd;
	struct diag_hold hold;
	size_t		 nbad;
};

static void *
read_half(void *arg)
{
	struct half *h = arg;

	diag_hold(&h->hold);	/* the first half's errors come first */
	h->nbad = check_records(h->in, &h->m, attlog_columns, NLOGCOLS,
	    log_record, h->rd, CHECK_FIRST_ERROR);
	return NULL;
}

/*
 * Read in (its second half split off as h->in) into first and second
 * at once; on a bad record in either half, read path again whole for
 * the messages and exit 2.
 */
static void
read_halves(const char *path, int fmt, struct rin *in, struct colmap *m,
    struct half *h, struct reader *first)
{
	pthread_t t;
	size_t bad;

	colmap_init(&h->m, attlog_columns, NLOGCOLS);
	if (pthread_create(&t, NULL, read_half, h) != 0)
		diag_fatal("cannot start a thread");
	bad = check_records(in, m, attlog_columns, NLOGCOLS, log_record,
	    first, CHECK_FIRST_ERROR);
	pthread_join(t, NULL);
	if (bad == 0 && h->hold.status != 0) {
		diag_release(&h->hold);
		exit(EXIT_TROUBLE);
	}
	colmap_free(&h->m);
	rin_close(h->in);
	if (bad > 0 || h->nbad > 0) {
		/* what the halves added is dropped with the program */
		colmap_free(m);
		rin_close(in);
		check_reread(path, fmt, attlog_columns, NLOGCOLS, NLOGCOLS,
		    log_record, first);
	}
}

/* IOP_DEBUG_SPLIT=1: say how the log was read (tests/3002). */
static void
debug_split(const struct rin *in, int split)
{
	const char *v = getenv("IOP_DEBUG_SPLIT");
	char name[256];

	if (v != NULL && strcmp(v, "1") == 0)
		fprintf(stderr, "%s: debug: %s: read %s\n", diag_progname(),
		    diag_safe(name, sizeof name, rin_name(in)),
		    split ? "in two halves" : "whole");
}

/* A reader's dates and queue into log; its records into the table. */
static void
reader_done(struct reader *rd, struct hours_log *log)
{
	flush(rd, 1);
	free(rd->queue);
	buf_free(&rd->ids);
	if (rd->seen_lo < log->seen_lo)
		log->seen_lo = rd->seen_lo;
	if (rd->seen_hi > log->seen_hi)
		log->seen_hi = rd->seen_hi;
}

int
hours_read_log(struct hours *h, const char *path, int fmt,
    struct hours_log *log)
{
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct reader first, second;
	struct colmap m;
	struct half hf;
	struct rin *in;

	reader_init(&first, h, &lock, 0, log);
	reader_init(&second, h, &lock, 1, log);
	if ((in = rin_open(path, fmt)) == NULL)
		exit(EXIT_TROUBLE);
	rin_select(in, attlog_columns, NLOGCOLS);
	colmap_init(&m, attlog_columns, NLOGCOLS);
	memset(&hf, 0, sizeof hf);
	hf.rd = &second;
	hf.in = rin_split(in);
	debug_split(in, hf.in != NULL);
	if (hf.in != NULL)
		read_halves(path, fmt, in, &m, &hf, &first);
	else if (check_records(in, &m, attlog_columns, NLOGCOLS, log_record,
	    &first, CHECK_ALL_ERRORS) > 0) {
		colmap_free(&m);
		rin_close(in);
		exit(EXIT_TROUBLE);
	}
	check_columns(in, rin_header(in), attlog_columns, NLOGCOLS, NULL);
	fmt = rin_format(in);
	colmap_free(&m);
	rin_close(in);
	reader_done(&first, log);
	reader_done(&second, log);
	pthread_mutex_destroy(&lock);
	return fmt;
}
