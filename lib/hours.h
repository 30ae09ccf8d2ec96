/*
 * hours.h: hours of service per client per week.
 *
 * The one implementation of "how many hours did this client attend
 * this week", used by iop-hours and iop-attend.  The caller feeds
 * attended intervals and missed sessions in any order; the result is
 * one row per client and week.  Counted time is the union of a
 * client's intervals, so two overlapping records never count twice;
 * where sessions of different services overlap, the shared minutes go
 * to the session that started first (on a tie, the service whose name
 * sorts first), so the result does not depend on the records' order.
 * On a day the clock changes, an interval counts the minutes that
 * really pass (time_elapsed() in date.h).
 *
 * Memory grows with the client-weeks, not the records: each client-week
 * keeps the union of its intervals, folded in as they come (at most one
 * piece per session and day, and never more than the minutes of a
 * week), with its counts.  A client-week of up to five pieces takes 48
 * bytes, 6 more for each piece past five, and an index entry of 5 to 11
 * bytes while the records come, 4 after hours_prepare().  Adding a
 * record costs O(log p) for a client-week of p pieces, O(p) when it adds
 * a piece before others (p is at most 10,080, a week of minutes).
 * Functions return; they exit only when out of memory (xalloc.h) or
 * past the limits of the counts (2^32 - 1 clients and client-weeks,
 * 1,024 services).
 */
#ifndef IOP_HOURS_H
#define IOP_HOURS_H

#include <stddef.h>
#include <stdint.h>

struct hours;

struct hours_row {
	size_t	 client;	/* index for hours_client() */
	long	 week;		/* day number of the week's first day */
	long	 minutes;	/* union of attended intervals */
	long	 sessions;	/* attended records */
	long	 days;		/* distinct days with attendance */
	long	 missed;	/* absent, excused and cancelled records */
	long	*service;	/* minutes per service, hours_nservices() of them */
};

/*
 * Weeks start on wstart (0 Monday ... 6 Sunday); with HOURS_DAILY each
 * row is one client-day instead (week is then the day).
 */
#define HOURS_DAILY	(-1)
struct hours *hours_new(int wstart);
void	hours_free(struct hours *);

/* Intern a client id or a service name of len bytes: its index. */
size_t	hours_client_id(struct hours *, const char *, size_t len);
/*
 * A service's index: HOURS_SERVICES_FULL, the name not interned, if it
 * is new and the table holds HOURS_SERVICES_MAX already.
 */
#define HOURS_SERVICES_MAX	1024
#define HOURS_SERVICES_FULL	SIZE_MAX
size_t	hours_service_id(struct hours *, const char *, size_t len);
/*
 * Forget every service but the first n: for a log read again only for
 * its messages, so that its services are numbered (and counted against
 * the limit) as in a first read, after those of the logs before it.
 * Rows already added may keep indexes that then name nothing: the
 * table is not to be reported after.
 */
void	hours_keep_services(struct hours *, size_t n);
const char *hours_client(const struct hours *, size_t);
size_t	hours_client_len(const struct hours *, size_t);
size_t	hours_nclients(const struct hours *);
const char *hours_service(const struct hours *, size_t);
size_t	hours_nservices(const struct hours *);

/* An attended interval of day, minutes start < end <= 1440. */
void	hours_attended(struct hours *, size_t client, long day, int start,
	    int end, size_t service);
void	hours_missed(struct hours *, size_t client, long day);

/*
 * The same for up to HOURS_BATCH records at once, as attlog_read()
 * hands them over (attlog_read.h): faster on large inputs (see
 * hours.c).  tag is the service's id (hours_service_id()), and a record
 * whose status counts no hours (attlog_counts_hours()) is a missed
 * session, its times ignored.  The strings need only last the call.
 * The records may come in up to HOURS_STREAMS streams, stream 0 to
 * HOURS_STREAMS - 1, such as the two halves of a log read at once: each
 * stream that comes roughly in date order (the other calls are stream 0)
 * finds its client-weeks without looking them up.  Two threads may add
 * to one table, each its own stream, if the caller makes them take
 * turns (a mutex held across each call of any function here).
 */
#define HOURS_STREAMS	2
#define HOURS_BATCH	64
struct attlog_item;
void	hours_add_log(struct hours *, int stream, const struct attlog_item *,
	    size_t n);
/* Make sure the client has a row for the week of day, maybe empty. */
void	hours_touch(struct hours *, size_t client, long day);
/*
 * Rows that are made as they are read, never held: for each week (or
 * day) that overlaps the days lo to hi, each of the n distinct clients
 * for which enrolled(arg, client, first, last) is true, given the first
 * and last day of the week, has a row, empty unless the client has
 * records that week.  Call at most once, before hours_prepare(); the
 * clients array need only last the call, and enrolled() is called from
 * the threads that read the rows.
 */
void	hours_expect(struct hours *, const size_t *clients, size_t n,
	    long lo, long hi, int (*enrolled)(void *arg, size_t client,
	    long first, long last), void *arg);

/*
 * The rows, sorted by week, then client id (bytewise).  Valid until
 * hours_free(); call once, after the last interval.
 */
const struct hours_row *hours_rows(struct hours *, size_t *n);
/*
 * The same rows one at a time, without holding them all (use one way
 * or the other): hours_prepare() sorts the client-weeks (those of a
 * large table on two threads, each a run of weeks, the second started
 * and joined within the call) and says how many rows there are; hours_seek() puts a cursor at row i, and
 * hours_next() fills the row under it into row, whose service array
 * (hours_nservices() longs) the caller provides, and moves on (0 at the
 * end).  Seeking to a multiple of HOURS_STEP costs nothing.  Several
 * threads may read rows at once, each with its own cursor.
 */
#define HOURS_STEP	4096
struct hours_cursor {		/* hours.c's own */
	size_t	 wi, ri, ei;
	long	 week;
	int	 at_end;
	int	 steady;	/* the clock keeps its offset in sweek */
	long	 sweek;
};
size_t	hours_prepare(struct hours *);
void	hours_seek(struct hours *, struct hours_cursor *, size_t i);
int	hours_next(struct hours *, struct hours_cursor *, struct hours_row *);

/*
 * An attendance log (attlog.h, iop-formats(5)) into the table, in
 * hours_read.c: path ("-" for standard input) in format fmt (FMT_AUTO
 * to tell, recio.h), its records checked as attlog_check() does, those
 * of the days from to to added (service names as column-safe ids, such
 * as group_therapy).  A large CSV log is read in two halves at once,
 * with the same result and the same messages as read whole.  Widens
 * seen_lo and seen_hi to the days of the records added (start them at
 * HOURS_LOG_NONE_LO and _HI).  Returns the log's format; any error is
 * told as "file:line: field ..." and exits 2.  Call it from one thread
 * at a time, before hours_prepare().
 */
#define HOURS_LOG_NONE_LO	(1L << 40)	/* seen_lo of no record */
#define HOURS_LOG_NONE_HI	(-(1L << 40))	/* seen_hi of no record */
struct hours_log {
	long	 from, to;		/* the days to count */
	long	 earliest, latest;	/* a date outside is an error */
	long	 seen_lo, seen_hi;	/* the days counted */
};
int	hours_read_log(struct hours *, const char *path, int fmt,
	    struct hours_log *);

#endif
