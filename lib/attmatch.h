/*
 * attmatch.h: which attendance record answers which scheduled session,
 * for one client-day (lib/attend.c's matching, on its own so that its
 * one rule can be kept in one place and tested against a plain
 * reading of it).
 *
 * The rule, a greedy one, in three passes over the records in order:
 *   1. a record with a session id takes the first unmatched session
 *      of that id;
 *   2. a record with times takes the unmatched session it overlaps
 *      longest (a positive overlap), the first of them on a tie;
 *   3. a record without times (an absence logged without its hours)
 *      takes the first unmatched session of its service, else the first
 *      unmatched session.
 * "First" is the order of the arrays, which attend.c sorts by start,
 * then end, service and session id, whatever the files' order.
 *
 * Cost: a client-day of at most 4,096 session-record pairs is matched
 * by trying each session for each record (attmatch_small()); a larger
 * one (a crafted file: 120,000 sessions of one day) through a tree of
 * the unmatched sessions' ends (attmatch_large()), so that a record
 * costs the logarithm of the sessions and at most one step for each
 * start minute after its own with a session left (1,439 a day), never
 * one for each session.  Linear in the records with that constant,
 * n log n at worst in the sessions.
 *
 * Ownership: the caller's arrays; a large day borrows scratch memory
 * (linear in its sessions) and frees it before returning.  Returns;
 * exits only if memory runs out (xalloc.h).
 */
#ifndef IOP_ATTMATCH_H
#define IOP_ATTMATCH_H

#include <stddef.h>

#include "attend.h"

/*
 * Pair the sessions ss[0..ns) of one client-day, sorted by start and
 * none paired yet (att == -1), with the records as[r0..r1) of the same
 * client-day, sorted by start: ss[s].att becomes the index in as of
 * its record, and the record gets ATTEND_MATCHED.
 */
void	attmatch_day(struct attend_sess *ss, size_t ns,
	    struct attend_rec *as, size_t r0, size_t r1);

/*
 * The two ways attmatch_day() chooses between by the day's size, with
 * its arguments and the same result: each is there so that a test can
 * hold it to the rule on days of any size.
 */
void	attmatch_small(struct attend_sess *ss, size_t ns,
	    struct attend_rec *as, size_t r0, size_t r1);
void	attmatch_large(struct attend_sess *ss, size_t ns,
	    struct attend_rec *as, size_t r0, size_t r1);

#endif
