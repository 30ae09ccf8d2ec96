/*
 * attend.h: iop-attend's audit, as a module: the sessions scheduled and
 * the attendance logged in a period, matched, tallied and held against
 * the policy's rules, one finding per thing to act on.
 *
 * Use: attend_init(); read the roster into a->clients if there is one;
 * attend_read() for the schedule and the logs, or attend_add_session()
 * and attend_add_record() for each row of the period (interning
 * clients with attend_client(), services and session ids with
 * attend_str()); attend_run() once; then read a->fs[0..nfs) (sorted by
 * client, date, rule) and a->pc[client] for the summary; attend_free().
 *
 * Ownership: the struct attend owns what it holds (sessions, records,
 * findings and their text, the interned strings, the tallies); the
 * policy and the roster are the caller's, and must outlive it.  Nothing
 * here prints or exits but attend_read() (attend_read.c: it reads files
 * and, on a bad one, tells why and exits 2) and allocation failure
 * (xalloc.h).
 *
 * Memory: one fixed-size entry per session and per record of the
 * period, with clients, services and session ids interned as numbers
 * and days as day numbers; no string is kept per row.
 */
#ifndef IOP_ATTEND_H
#define IOP_ATTEND_H

#include <stddef.h>
#include <stdint.h>

#include "hours.h"
#include "names.h"
#include "policy.h"
#include "rec.h"
#include "roster.h"

#define ATTEND_NOSTR	0		/* no service or session id */
#define ATTEND_NODAY	INT32_MIN	/* no date (a note's, a finding's) */

/* A scheduled session. */
struct attend_sess {
	uint32_t client;
	int32_t	 day;
	int16_t	 start, end;		/* minutes; end up to 24:00 */
	uint32_t service, id;		/* attend_str(), or ATTEND_NOSTR */
	int32_t	 att;			/* matched record, or -1 (attend_run) */
};

#define ATTEND_NOTES	1	/* the log has note columns */
#define ATTEND_SIGNED	2	/* note_signed says yes */
#define ATTEND_MATCHED	4	/* paired with a session (attend_run) */

/* An attendance record. */
struct attend_rec {
	uint32_t client;
	int32_t	 day;
	int32_t	 note_day;		/* ATTEND_NODAY: no note date */
	uint32_t service, id;		/* attend_str(), or ATTEND_NOSTR */
	int16_t	 start, end;		/* -1: no times given */
	uint8_t	 st;			/* enum attlog_status */
	uint8_t	 flags;			/* ATTEND_NOTES, ATTEND_SIGNED */
};

/*
 * A finding: fixed size too (20 bytes).  It is of a day, of a week or
 * of neither (attend_finding_day(), attend_finding_week()).  Its text
 * is interned: the same words recur over hundreds of thousands of
 * findings, and are kept once (attend_detail()).
 */
struct attend_finding {
	uint32_t client;
	int32_t	 date;			/* the day, the week's first, or NODAY */
	uint32_t session;		/* attend_str(), or ATTEND_NOSTR */
	uint32_t detail;		/* attend_detail() */
	uint8_t	 rule, sev;		/* enum rule, enum sev */
	uint8_t	 of_week;		/* date is a week's */
};

/* The finding's day, or ATTEND_NODAY if it is of a week or of neither. */
static inline long
attend_finding_day(const struct attend_finding *f)
{
	return f->of_week ? ATTEND_NODAY : f->date;
}

/* The first day of the finding's week, or ATTEND_NODAY if of none. */
static inline long
attend_finding_week(const struct attend_finding *f)
{
	return f->of_week ? f->date : ATTEND_NODAY;
}

/* A client's due sessions over the period, in order. */
struct attend_tally {
	long	due, attended, excused, absent;
	long	streak;			/* unexcused misses in a row, at the end */
	long	last_seen;		/* day of the last attendance, or NONE */
};

/* What the audit knows of a client (a->pc[client]). */
struct attend_client {
	struct attend_tally t;
	long	week_min;		/* attended minutes, the week holding asof */
	long	final_min;		/* ... the final week of the period */
	long	period_min;
	long	left_min, left_smallest; /* scheduled after asof, this week */
	int	week_due;		/* has a session due that week */
	int	active;			/* audited */
	int	scheduled;		/* has a session in the period */
	int	logged;			/* has a record in the period */
	int	worst;			/* enum sev of the worst finding */
};

#define ATTEND_NONE	ROSTER_NEVER_LO	/* no day (tally.last_seen) */

/* A finding's text found again by its format and a number (attend.c). */
#define ATTEND_MEMO_BITS 8
#define ATTEND_MEMO	(1 << ATTEND_MEMO_BITS)
struct attend_memo {
	const char *fmt;
	int64_t	 key;
	uint32_t detail;
};

/* The clients met after a client, the latest first (attend_client()). */
#define ATTEND_NEXT_ID	16		/* ids longer are not predicted */
struct attend_next {
	struct attend_guess {
		uint32_t client;
		uint32_t len;		/* 0: none yet */
		char	 id[ATTEND_NEXT_ID];
	} way[2];
};

struct attend {
	/* the caller's, set by attend_init() */
	const struct policy *pol;
	const struct roster *roster;
	long	 from, to, asof;	/* the period, and the day audited to */
	/* clients (the roster's too) and their weekly hours */
	struct hours *clients;
	struct attend_next *next;	/* by client */
	size_t	 nnext;
	uint32_t prev;			/* the client last interned, + 1 */
	struct hours *strs;		/* services and session ids */
#define ATTEND_STRCACHE	16
	struct attend_strslot {		/* recent attend_str()s, by a hash */
		uint32_t idx;
		uint32_t len;		/* 0: empty */
		char	 s[16];
	} strcache[ATTEND_STRCACHE], svccache[ATTEND_STRCACHE];
	struct attend_sess *ss;
	size_t	 nss, capss;
	size_t	 nss_sorted;		/* attend_sort_sessions() sorted so many */
	size_t	 nas_sorted;		/* attend_take_records() ... */
	void	*spare;			/* an array a sort copied from */
	size_t	 nspare;		/* its bytes */
	struct attend_rec *as;
	size_t	 nas, capas;
	struct attend_finding *fs;
	size_t	 nfs, capfs;
	struct names details;		/* the findings' text, interned */
	struct attend_memo memo[ATTEND_MEMO];	/* ... found again */
	struct attend_client *pc;	/* by client, after attend_run() */
};

/* from/to: ROSTER_NEVER_LO/HI for an open end. */
void	attend_init(struct attend *, const struct policy *,
	    const struct roster *, long from, long to, long asof);
void	attend_free(struct attend *);

/* Intern a client id (its index); a service or session id (or NOSTR). */
size_t	attend_client(struct attend *, const char *id, size_t len);
uint32_t attend_str(struct attend *, const char *);
/*
 * The same for a service, whose name is interned folded as the log
 * counts services (attlog_service_char()): Group Therapy is
 * group_therapy.
 */
uint32_t attend_service(struct attend *, const char *);
const char *attend_client_name(const struct attend *, size_t client);
const char *attend_str_of(const struct attend *, uint32_t);
/* A finding's text, valid until attend_free(). */
const char *attend_detail(const struct attend *, const struct attend_finding *);

int	attend_in_period(const struct attend *, long day);
/* Rows of the period (the caller drops the others); s->att is set later. */
void	attend_add_session(struct attend *, const struct attend_sess *);
void	attend_add_record(struct attend *, const struct attend_rec *);

/*
 * The schedule (path) and the logs (logs[0..nlogs), standard input if
 * none) into a, each row of the period through attend_add_session() or
 * attend_add_record(); fmt is the input format (FMT_AUTO to tell).
 * Returns the first log's format.  Exits 2 after the messages of the
 * first bad file (the schedule's first) on any bad record, missing
 * column or read error (check.h).  attend_read.c: when the schedule
 * and the logs are regular files of 1 MiB or more each, the two are
 * read at once, one thread each (a CSV file of 8 MiB or more in two
 * halves, a thread each), with the same result and messages.
 */
int	attend_read(struct attend *, const char *schedule, int nlogs,
	    char *const logs[], int fmt);

/*
 * Sort the sessions by client and day now, as attend_run() does first
 * otherwise: for a reader that has the schedule before the logs
 * (attend_read.c does it in the schedule's thread while the logs are
 * still read).  A session added after it undoes it.
 */
void	attend_sort_sessions(struct attend *);

/*
 * Move the sessions (the records) of parts[0..n) into a, after a's own
 * and in that order, sorted as attend_sort_sessions() sorts (the
 * records as attend_run() would): for a reader that read the halves of
 * a file each into an audit of its own (attend_init() with a's
 * arguments).  Each part's clients, then its strings, are interned
 * into a in the part's order, so that every number, and so the report,
 * is what reading its rows into a after a's own gives.  The parts are
 * left without sessions (records); the caller still frees them.  The
 * records' sort, and attend_sort_sessions()'s, take a second thread past
 * 65,536 rows; attend_take_sessions() sorts in the caller's thread
 * alone, as it runs beside the threads that read the logs.
 */
void	attend_take_sessions(struct attend *a, struct attend *const *parts,
	    size_t n);
void	attend_take_records(struct attend *a, struct attend *const *parts,
	    size_t n);

/*
 * The audit, once: match, tally, apply every rule, sort the findings.
 * A rule whose severity is off makes no finding.  Past 65,536 sessions
 * and records two threads share it, each a range of clients; the
 * findings are the same.
 */
void	attend_run(struct attend *);

/* The audited clients in the byte order of their ids; *n of them; free(). */
size_t	*attend_clients_sorted(const struct attend *, size_t *n);

/*
 * The last week of the period that has begun by asof: what a summary's
 * hours_final_week describes.
 */
long	attend_final_week(const struct attend *);

/* An attendance rate, attended of due, in percent with one decimal. */
void	attend_fmt_rate(long attended, long due, char buf[32]);

#endif
