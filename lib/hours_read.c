/*
 * hours_read.c: an attendance log into an hours table (hours.h), a
 * large one in two halves at once.
 *
 * The log is read by attlog_read() (attlog_read.h): a large CSV log in
 * two halves, on two threads, each half a stream of records into the
 * one table; the threads take turns to add to it.  A half that finds
 * the table busy goes on reading and leaves its records queued, up to
 * ATTLOG_QUEUE, rather than wait.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attlog_read.h"
#include "buf.h"
#include "compat.h"
#include "hours.h"
#include "lock.h"

#define MIN(a, b)	((a) < (b) ? (a) : (b))

/* What one half keeps. */
struct reader {
	struct hours	*h;
	pthread_mutex_t	*lock;		/* held to touch h */
	const struct hours_log *log;
	long		 seen_lo, seen_hi;	/* dates in the period */
	int		 late;		/* IOP_TEST_TAKE_LATE: never take early */
	size_t		 nservices;	/* the table's before this log */
	/*
	 * A log names a handful of services millions of times: the ids of
	 * the first 16 by their raw text, and a direct-mapped cache of
	 * them by length and first byte (svc_slot()), so that most records
	 * find theirs with one comparison instead of a search of seen.
	 */
	struct seen {
		char	raw[32];
		size_t	len, id;
	} seen[16];
	size_t		 nseen;
	const struct seen *cache[32];
};

/* A service's slot in reader.cache: its length and first byte. */
static inline size_t
svc_slot(const struct field *f)
{
	return ((unsigned char)f->val[0] + f->len * 7) & 31;
}

static void
reader_init(struct reader *rd, struct hours *h, pthread_mutex_t *lock,
    const struct hours_log *log)
{
	memset(rd, 0, sizeof *rd);
	rd->h = h;
	rd->lock = lock;
	rd->log = log;
	rd->seen_lo = HOURS_LOG_NONE_LO;
	rd->seen_hi = HOURS_LOG_NONE_HI;
	rd->nservices = hours_nservices(h);
}

/* hours_service_id() under the lock. */
static size_t
locked_service_id(struct reader *rd, const char *name, size_t len)
{
	volatile size_t id;	/* set between cleanup push and pop */

	pthread_mutex_lock(rd->lock);
	pthread_cleanup_push(lock_release, rd->lock);
	id = hours_service_id(rd->h, name, len);
	pthread_cleanup_pop(1);
	return id;
}

/*
 * "Group Therapy" -> "group_therapy": a name that is safe as a column.
 * The cache missed: out of line, to keep keep() short.
 */
static COMPAT_NOINLINE size_t
service_id_slow(struct reader *rd, const struct rec *r, const struct field *f)
{
	char name[64];
	size_t i;

	for (i = 0; i < rd->nseen; i++)
		if (rd->seen[i].len == f->len && same_short(rd->seen[i].raw,
		    f->val, f->len)) {
			rd->cache[svc_slot(f)] = &rd->seen[i];
			return rd->seen[i].id;
		}
	if (f->len >= sizeof name)
		check_fail(r, "service", "is longer than 63 bytes");
	for (i = 0; i < f->len; i++)
		name[i] = attlog_service_char(f->val[i]);
	if (i == 0)
		check_fail(r, "service", "is empty");
	name[i] = '\0';
	i = locked_service_id(rd, name, i);
	if (i == HOURS_SERVICES_FULL)
		check_fail(r, "service", "is new past the 1024 different "
		    "services a report can hold");
	if (rd->nseen < 16 && f->len < sizeof rd->seen[0].raw) {
		memcpy(rd->seen[rd->nseen].raw, f->val, f->len);
		rd->seen[rd->nseen].len = f->len;
		rd->seen[rd->nseen].id = i;
		rd->cache[svc_slot(f)] = &rd->seen[rd->nseen++];
	}
	return i;
}

/* The service's id: from the cache if it holds the service. */
static inline size_t
service_id(struct reader *rd, const struct rec *r, const struct field *f)
{
	const struct seen *e = rd->cache[svc_slot(f)];

	if (e != NULL && e->len == f->len && same_short(e->raw, f->val, f->len))
		return e->id;
	return service_id_slow(rd, r, f);
}

/*
 * Add n records of half to the table: at once if it is free, else
 * later, unless wait.
 */
static int
take(void *arg, int half, const struct attlog_item *it, size_t n, int wait)
{
	struct reader *rd = (struct reader *)arg + half;
	size_t i, k;

	if (wait)
		pthread_mutex_lock(rd->lock);
	else if (rd->late || pthread_mutex_trylock(rd->lock) != 0)
		return 0;
	pthread_cleanup_push(lock_release, rd->lock);
	for (i = 0; i < n; i += k) {
		k = MIN(HOURS_BATCH, n - i);
		hours_add_log(rd->h, half, it + i, k);	/* tag: the service */
	}
	pthread_cleanup_pop(1);
	return 1;
}

/* One log record of half: in the period?  Its service's id in *tag. */
static int
keep(void *arg, int half, const struct colmap *m, const struct rec *r,
    const struct attlog_rec *a, size_t *tag)
{
	struct reader *rd = (struct reader *)arg + half;

	if (a->day < rd->log->from || a->day > rd->log->to)
		return 0;
	if (a->day < rd->seen_lo)
		rd->seen_lo = a->day;
	if (a->day > rd->seen_hi)
		rd->seen_hi = a->day;
	*tag = !attlog_counts_hours(a->status) ? 0 :
	    service_id(rd, r, a->service);
	return 1;
}

/*
 * The log is read again, whole, for its messages: its services are to
 * be counted as a first read counts them, after those of the logs
 * before it but not after the halves'.
 */
static void
again(void *arg)
{
	struct reader *rd = arg;
	int i;

	hours_keep_services(rd[0].h, rd[0].nservices);
	for (i = 0; i < ATTLOG_HALVES; i++) {
		rd[i].nseen = 0;
		memset(rd[i].cache, 0, sizeof rd[i].cache);
	}
}

/*
 * IOP_TEST_TAKE_LATE=1: a half's records wait in attlog_read's queue
 * until it is full or the half ends, as if the other half always held
 * the table, so that tests/3006 sees them copied when their batch goes.
 */
static int
take_late(void)
{
	const char *v = getenv("IOP_TEST_TAKE_LATE");

	return v != NULL && strcmp(v, "1") == 0;
}

int
hours_read_log(struct hours *h, const char *path, int fmt,
    struct hours_log *log)
{
	pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	struct reader rd[ATTLOG_HALVES];
	struct attlog_sink sink;
	int i;

	for (i = 0; i < ATTLOG_HALVES; i++) {
		reader_init(&rd[i], h, &lock, log);
		rd[i].late = take_late();
	}
	memset(&sink, 0, sizeof sink);
	sink.keep = keep;
	sink.take = take;
	sink.again = again;
	sink.flags = ATTLOG_READ_ANY_HALF;	/* the table keeps no order */
	sink.arg = rd;
	fmt = attlog_read(path, fmt, log->earliest, log->latest, &sink);
	for (i = 0; i < ATTLOG_HALVES; i++) {
		if (rd[i].seen_lo < log->seen_lo)
			log->seen_lo = rd[i].seen_lo;
		if (rd[i].seen_hi > log->seen_hi)
			log->seen_hi = rd[i].seen_hi;
	}
	pthread_mutex_destroy(&lock);
	return fmt;
}
