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
 * sorts first), so the result does not depend on the records' order.  On a day the clock changes, an interval counts the minutes
 * that really pass (time_elapsed() in date.h).
 *
 * Memory grows with clients and weeks: a client-week's intervals are
 * merged once there are more than a few dozen of them.
 */
#ifndef IOP_HOURS_H
#define IOP_HOURS_H

#include <stddef.h>

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
size_t	hours_service_id(struct hours *, const char *, size_t len);
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
 * The same for up to HOURS_BATCH records at once, by client id: faster
 * on large inputs (see hours.c).  The strings need only last the call.
 */
#define HOURS_BATCH	64
struct hours_item {
	const char	*client;
	size_t		 len;
	long		 day;
	int		 start, end;
	size_t		 service;
	int		 missed;
};
void	hours_add(struct hours *, const struct hours_item *, size_t n);
/*
 * Add what another table (same week start) holds, as if its records had
 * come after this one's: its clients and services by name, the services
 * new to h in from's order.  h takes from over and frees it; more may be
 * added to h after.
 */
void	hours_merge(struct hours *h, struct hours *from);
/* Make sure the client has a row for the week of day, maybe empty. */
void	hours_touch(struct hours *, size_t client, long day);

/*
 * The rows, sorted by week, then client id (bytewise).  Valid until
 * hours_free(); call once, after the last interval.
 */
const struct hours_row *hours_rows(struct hours *, size_t *n);
/*
 * The same rows by number, without holding them all (use one way or the
 * other): hours_prepare() sorts the rows and says how many;
 * hours_row_at(h, i, row) fills row i into row, whose service array
 * (hours_nservices() longs) the caller provides.  Different rows may
 * be filled by different threads at once.
 */
size_t	hours_prepare(struct hours *);
void	hours_row_at(struct hours *, size_t i, struct hours_row *);

#endif
