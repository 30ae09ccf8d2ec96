/*
 * attlog_read.c: an attendance log's checked records to a caller, a
 * large CSV log in two halves at once (attlog_read.h).
 *
 * Each half has a reader: the dates it has parsed (attlog.h) and a
 * queue of kept records.  Every ATTLOG_BATCH records the queue is
 * offered to take(), which may leave it for later (a caller whose two
 * halves share a locked table goes on reading rather than wait for the
 * lock); a full queue must be taken.  A queued record's strings are
 * the reader's own, lent until its batch of records is given back
 * (check_records_lent(), check_impl.h): only the records still queued
 * then have their strings copied, into one buffer.  Most are taken
 * before, and never copied.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attlog_read.h"
#include "buf.h"
#include "check_impl.h"
#include "diag_impl.h"
#include "recio_impl.h"
#include "xalloc.h"

/* The log's columns, attlog.h: the required ones, no note columns. */
#define NLOGCOLS	ATTLOG_REQUIRED

struct reader {
	const struct attlog_sink *sink;
	int		 half;
	struct attlog_reader al;
	struct attlog_item *queue;
	size_t		 nqueue;
	/*
	 * queue[0 .. ncopied) have their strings in text, one after the
	 * other (placed by flush(), as text may move); the rest point
	 * into the records of the batch being read.
	 */
	size_t		 ncopied;
	struct buf	 text;
};

static void
reader_init(struct reader *rd, const struct attlog_sink *sink, int half,
    long earliest, long latest)
{
	memset(rd, 0, sizeof *rd);
	rd->sink = sink;
	rd->half = half;
	rd->queue = xcalloc(ATTLOG_QUEUE, sizeof *rd->queue);
	attlog_reader_init(&rd->al, earliest, latest);
}

/* Offer the queue to take(); it is empty after, unless take() waits. */
static void
flush(struct reader *rd, int wait)
{
	size_t i, off = 0;

	if (rd->nqueue == 0)
		return;
	for (i = 0; i < rd->ncopied; i++) {	/* text may have moved */
		struct attlog_item *it = &rd->queue[i];

		it->client = rd->text.s + off;
		off += it->len + 1;
		if (it->service != NULL) {
			it->service = rd->text.s + off;
			off += it->slen + 1;
		}
	}
	if (!rd->sink->take(rd->sink->arg, rd->half, rd->queue, rd->nqueue,
	    wait))
		return;
	rd->nqueue = rd->ncopied = 0;
	buf_reset(&rd->text);
}

/*
 * The batch whose records the queue points into is given back: copy
 * the strings of those still queued (check_records_lent()'s end).
 */
static void
copy_lent(void *arg)
{
	struct reader *rd = arg;
	size_t i;

	for (i = rd->ncopied; i < rd->nqueue; i++) {
		const struct attlog_item *it = &rd->queue[i];

		buf_add(&rd->text, it->client, it->len + 1);
		if (it->service != NULL)
			buf_add(&rd->text, it->service, it->slen + 1);
	}
	rd->ncopied = rd->nqueue;
}

/* One log record; may run in two threads at once, each its own reader. */
static void
log_record(struct colmap *m, const struct rec *r, void *arg)
{
	struct reader *rd = arg;
	const struct attlog_sink *s = rd->sink;
	struct attlog_item *it;
	struct attlog_rec a;
	size_t tag = 0;

	attlog_check(&rd->al, m, r, &a);
	if (!s->keep(s->arg, rd->half, m, r, &a, &tag))
		return;
	it = &rd->queue[rd->nqueue++];
	it->len = a.client->len;
	it->day = a.day;
	it->start = a.start;
	it->end = a.end;
	it->status = a.status;
	it->tag = tag;
	it->client = a.client->val;	/* lent: see copy_lent() */
	it->service = NULL;
	if (s->flags & ATTLOG_READ_SERVICE) {
		it->service = a.service->val;
		it->slen = a.service->len;
	}
	if (rd->nqueue % ATTLOG_BATCH == 0)
		flush(rd, rd->nqueue == ATTLOG_QUEUE);
}

/* The same record when the log is read again for its messages. */
static void
check_only(struct colmap *m, const struct rec *r, void *arg)
{
	struct reader *rd = arg;
	struct attlog_rec a;
	size_t tag;

	attlog_check(&rd->al, m, r, &a);
	(void)rd->sink->keep(rd->sink->arg, rd->half, m, r, &a, &tag);
}

static void
reader_done(struct reader *rd)
{
	flush(rd, 1);
	free(rd->queue);
	buf_free(&rd->text);
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
	h->nbad = check_records_lent(h->in, &h->m, attlog_columns, NLOGCOLS,
	    log_record, copy_lent, h->rd, CHECK_FIRST_ERROR);
	return NULL;
}

/*
 * Read in (its second half split off as h->in) into first and h->rd at
 * once; on a bad record in either half, read path again whole for the
 * messages and exit 2.
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
	bad = check_records_lent(in, m, attlog_columns, NLOGCOLS, log_record,
	    copy_lent, first, CHECK_FIRST_ERROR);
	pthread_join(t, NULL);
	if (bad == 0 && h->hold.status != 0) {
		diag_release(&h->hold);
		exit(EXIT_TROUBLE);
	}
	colmap_free(&h->m);
	rin_close(h->in);
	if (bad > 0 || h->nbad > 0) {
		/* what the halves took is dropped with the program */
		colmap_free(m);
		rin_close(in);
		attlog_reader_init(&first->al, first->al.earliest,
		    first->al.latest);
		if (first->sink->again != NULL)
			first->sink->again(first->sink->arg);
		check_reread(path, fmt, attlog_columns, NLOGCOLS, NLOGCOLS,
		    check_only, first);
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

int
attlog_read(const char *path, int fmt, long earliest, long latest,
    const struct attlog_sink *sink)
{
	struct reader first, second;
	struct colmap m;
	struct half hf;
	struct rin *in;

	reader_init(&first, sink, 0, earliest, latest);
	reader_init(&second, sink, 1, earliest, latest);
	if ((in = rin_open(path, fmt)) == NULL)
		exit(EXIT_TROUBLE);
	rin_select(in, attlog_columns, NLOGCOLS);
	colmap_init(&m, attlog_columns, NLOGCOLS);
	memset(&hf, 0, sizeof hf);
	hf.rd = &second;
	hf.in = sink->flags & ATTLOG_READ_WHOLE ? NULL : rin_split(in,
	    sink->flags & ATTLOG_READ_ANY_HALF ? RIN_SPLIT_TAKE_OVER : 0);
	debug_split(in, hf.in != NULL);
	if (hf.in != NULL)
		read_halves(path, fmt, in, &m, &hf, &first);
	else if (check_records_lent(in, &m, attlog_columns, NLOGCOLS,
	    log_record, copy_lent, &first, CHECK_ALL_ERRORS) > 0) {
		colmap_free(&m);
		rin_close(in);
		exit(EXIT_TROUBLE);
	}
	check_columns(in, rin_header(in), attlog_columns, NLOGCOLS, NULL);
	fmt = rin_format(in);
	colmap_free(&m);
	rin_close(in);
	reader_done(&first);
	reader_done(&second);
	return fmt;
}
