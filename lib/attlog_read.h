/*
 * attlog_read.h: an attendance log (attlog.h, iop-formats(5)) read for
 * its checked records, which go to the caller in batches; a large CSV
 * log in two halves at once, on two threads.  For iop-hours
 * (hours_read.c) and iop-auth.
 *
 * attlog_read() opens path ("-" for standard input) in format fmt
 * (FMT_AUTO to tell, recio.h), checks every record with attlog_check()
 * and then the caller's keep(), and hands those kept to the caller's
 * take(), in batches.  The log is read in halves: half 0, the first
 * part of the file, and half 1, the rest, at the same time, each in a
 * thread of its own, each half's keep() and take() called from its
 * thread.  Within a half the records come in the file's order (but
 * with ATTLOG_READ_ANY_HALF); a caller to which the order across the
 * two matters joins the halves after attlog_read() has returned (each
 * half's take() calls are done by then).  Only a CSV log in a regular
 * file of 8 MiB or more (IOP_TEST_SPLIT_MIN bytes, for tests) is split;
 * any other log, or with ATTLOG_READ_WHOLE, is read whole, all of it
 * half 0, in the calling thread.
 *
 * Errors come out as if the log were read in one piece: the second
 * half's messages are held (diag_impl.h) until the first is done, and a
 * bad record in either half sends the log to be read again whole for
 * the messages (check_reread(), check_impl.h; keep() sees the records
 * again, take() does not).  Any error is told as "file:line: field
 * ..." (keep() may call check_fail() too) and exits 2; otherwise
 * attlog_read() returns the log's format.  IOP_DEBUG_SPLIT=1 makes it
 * say on stderr how it read the log (tests/3002).
 */
#ifndef IOP_ATTLOG_READ_H
#define IOP_ATTLOG_READ_H

#include <stddef.h>

#include "attlog.h"
#include "check.h"

#define ATTLOG_HALVES	2
#define ATTLOG_BATCH	64	/* take() gets n a multiple of it, but last */
#define ATTLOG_QUEUE	(64 * ATTLOG_BATCH)	/* ... and at most this */

/*
 * A kept record.  The strings are valid during the take() call: they
 * point into the reader's batch, or to copies made before the batch was
 * given back.
 */
struct attlog_item {
	const char	*client;	/* NUL-terminated, len bytes */
	size_t		 len;
	const char	*service;	/* ATTLOG_READ_SERVICE, else NULL */
	size_t		 slen;
	long		 day;
	int		 start, end;	/* ATTLOG_NOTIMES when none */
	enum attlog_status status;
	size_t		 tag;		/* what keep() made of the record */
};

/* flags */
#define ATTLOG_READ_SERVICE	0x1	/* items carry the service's text */
#define ATTLOG_READ_WHOLE	0x2	/* never split: one half, in order */
/*
 * Any record may come from either half, in any order: the second half,
 * its own range read, takes over the end of the first's (rin_split()'s
 * RIN_SPLIT_TAKE_OVER).  For a sink that keeps nothing of the order.
 */
#define ATTLOG_READ_ANY_HALF	0x4

struct attlog_sink {
	/*
	 * Record r (checked into *a) of half: 1 to pass it on to take(),
	 * setting *tag, 0 to drop it.  May check_fail().
	 */
	int	(*keep)(void *arg, int half, const struct colmap *m,
		    const struct rec *r, const struct attlog_rec *a,
		    size_t *tag);
	/*
	 * The next n kept records of half: take them all and return 1;
	 * or, only when wait is 0, return 0 to take none yet (they come
	 * again, with more, at most ATTLOG_QUEUE, and then with wait 1).
	 */
	int	(*take)(void *arg, int half, const struct attlog_item *it,
		    size_t n, int wait);
	/*
	 * Or NULL: a half had a bad record, and the log is about to be
	 * read again, whole, for its messages (keep() only): forget what
	 * keep() remembers of the halves, so that the messages are those
	 * of a log read whole.
	 */
	void	(*again)(void *arg);
	void	*arg;
	unsigned flags;
};

/* Dates before earliest or after latest are errors (attlog_check()). */
int	attlog_read(const char *path, int fmt, long earliest, long latest,
	    const struct attlog_sink *);

#endif
