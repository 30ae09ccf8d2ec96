/*
 * attlog.h: the attendance log of iop-formats(5), in one place for
 * every program that reads it (iop-hours, iop-attend, iop-auth): its
 * columns, its status words and what each counts as, and the check of
 * one record.
 *
 * Ownership: attlog_columns and the status names are static; a struct
 * attlog_reader belongs to its caller (one per reading thread, since it
 * caches what the last records held) and holds nothing to free.  A
 * struct attlog_rec is plain values: nothing in it points into the
 * record, which is only lent until the next one is read.
 *
 * Errors: attlog_check() returns only for a good record.  A bad field
 * goes to check_fail() (check.h): "file:line: field 'col' ...", never
 * the value; the program exits 2 at the end of the stream, or at once
 * outside check_stream().  The notices print to stderr and return.
 */
#ifndef IOP_ATTLOG_H
#define IOP_ATTLOG_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "rec.h"

/*
 * The columns, in this order, as check_stream() takes them: the first
 * ATTLOG_REQUIRED must be present; the note columns are optional (a
 * program that has no use for them passes n = ATTLOG_REQUIRED, and
 * attlog_check() then leaves the note fields unset).
 */
enum attlog_col {
	ATTLOG_CLIENT, ATTLOG_DATE, ATTLOG_START, ATTLOG_END, ATTLOG_SERVICE,
	ATTLOG_STATUS,
	ATTLOG_SESSION_ID, ATTLOG_NOTE_SIGNED, ATTLOG_NOTE_DATE, ATTLOG_NCOLS
};
#define ATTLOG_REQUIRED	ATTLOG_SESSION_ID

extern const char *const attlog_columns[ATTLOG_NCOLS];

/*
 * The status words.  The first three are a session attended: they count
 * hours, from start to end.  The other three are missed: absent is held
 * against the client, excused is a session due but excused, cancelled
 * was never due.
 */
enum attlog_status {
	ATTLOG_ATTENDED, ATTLOG_LATE, ATTLOG_LEFT_EARLY,
	ATTLOG_ABSENT, ATTLOG_EXCUSED, ATTLOG_CANCELLED, ATTLOG_NSTATUS
};

/* attended, late, left_early: present, and counting hours. */
static inline int
attlog_counts_hours(enum attlog_status st)
{
	return st <= ATTLOG_LEFT_EARLY;
}

/*
 * A byte of a service's name as it counts (iop-formats(5)): an ASCII
 * letter in lower case, a digit as it is, anything else '_', so that
 * "Group Therapy" and "group-therapy" are one service, group_therapy.
 * Not isalnum(3): the same in every locale.
 */
static inline char
attlog_service_char(char c)
{
	if (c >= 'A' && c <= 'Z')
		return (char)(c - 'A' + 'a');
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_';
}

/* Every status but cancelled: a session the client was due at. */
static inline int
attlog_due(enum attlog_status st)
{
	return st != ATTLOG_CANCELLED;
}

const char *attlog_status_name(enum attlog_status);

#define ATTLOG_NOTIMES	(-1)	/* start and end of a record without them */
#define ATTLOG_NODAY	INT32_MIN	/* no note_date */

/* One checked record.  client and service are the record's own (lent) fields. */
struct attlog_rec {
	const struct field *client;
	const struct field *service;	/* may be empty on a missed session */
	long	 day;
	int	 start, end;	/* minutes; end up to 24:00; or ATTLOG_NOTIMES */
	enum attlog_status status;
	/* only when the caller bound the note columns: */
	int	 notes;		/* the log has note_signed or note_date */
	int	 signed_;	/* note_signed is yes */
	long	 note_day;	/* ATTLOG_NODAY if empty */
};

/*
 * What one reading thread remembers: logs come day by day, so the date
 * of the last record is parsed once for the run of records that share
 * it.  A date before earliest or after latest is an error (LONG_MIN,
 * LONG_MAX for none; period_date_limits() gives the programs' limits).
 */
struct attlog_reader {
	long	 earliest, latest;
	char	 date[DATE_LEN];
	size_t	 datelen;
	long	 day;
	/* the column map last seen (its gen), and 1 + its largest index */
	unsigned long gen;
	size_t	 span;
};

void	attlog_reader_init(struct attlog_reader *, long earliest,
	    long latest);

/*
 * Check record r (its columns bound in m, in the order of
 * attlog_columns) and fill *out.  In this order, the first bad field
 * stops it: date (and within earliest and latest), status, client_id not empty,
 * start and end (an attended record has both; a missed one both or
 * neither, and the same checks); end after start, where an end of 00:00
 * after a start is midnight (24:00); service not empty when attended;
 * note_signed yes or no (or empty) and note_date a date (or empty).
 */
void	attlog_check(struct attlog_reader *, const struct colmap *m,
	    const struct rec *r, struct attlog_rec *out);

/*
 * The end of a session that starts at start and is written as end: an
 * end of 00:00 after the start is midnight, 24 * 60.  For a schedule
 * and any other list of sessions, so that it means the same everywhere.
 */
static inline int
attlog_end(int start, int end)
{
	return end == 0 && start > 0 ? 24 * 60 : end;
}

/*
 * Notices on stderr ("prog: ..."), which change no exit status: the
 * period holds no attendance at all (a stale or empty log would
 * otherwise read as a week of zeros); n clients of the period's
 * records are not on the roster given (a count, never ids).
 * attlog_notice_unlisted() prints nothing for n == 0.
 */
void	attlog_notice_empty(void);
void	attlog_notice_unlisted(size_t n);

#endif
