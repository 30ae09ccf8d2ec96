/* attlog.c: the attendance log's schema and record check (see attlog.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attlog.h"
#include "buf.h"
#include "check.h"
#include "diag.h"
#include "opt.h"

const char *const attlog_columns[ATTLOG_NCOLS] = {
	"client_id", "date", "start", "end", "service", "status",
	"session_id", "note_signed", "note_date"
};

static const char *const status_names[ATTLOG_NSTATUS] = {
	"attended", "late", "left_early", "absent", "excused", "cancelled"
};

const char *
attlog_status_name(enum attlog_status st)
{
	return status_names[st];
}

void
attlog_reader_init(struct attlog_reader *rd, long earliest, long latest)
{
	memset(rd, 0, sizeof *rd);
	rd->earliest = earliest;
	rd->latest = latest;
}

/* Is field f the word w?  (A length and a fixed-size compare: no call.) */
#define IS(f, w)	((f)->len == sizeof(w) - 1 && \
	memcmp((f)->val, (w), sizeof(w) - 1) == 0)

/*
 * The status word: "attended" (most records) at once, any other by its
 * length, which picks the one word it can be: one or two compares a
 * record, not up to six.
 */
static enum attlog_status
status_of(const struct rec *r, const struct field *f)
{
	static const signed char bylen[11] = {
		-1, -1, -1, -1, ATTLOG_LATE, -1, ATTLOG_ABSENT, ATTLOG_EXCUSED,
		ATTLOG_ATTENDED, ATTLOG_CANCELLED, ATTLOG_LEFT_EARLY
	};
	int st;

	if (IS(f, "attended"))
		return ATTLOG_ATTENDED;
	if (f->len < sizeof bylen && (st = bylen[f->len]) >= 0 &&
	    same_short(f->val, status_names[st], f->len))
		return (enum attlog_status)st;
	check_fail(r, "status", "is not one of attended, late, left_early, "
	    "absent, excused, cancelled");
}

/* The same date as the last record's needs no second look. */
static long
day_of(struct attlog_reader *rd, const struct rec *r, const struct field *f)
{
	long day;

	if (f->len == rd->datelen && rd->datelen > 0 &&
	    same_short(f->val, rd->date, f->len))
		return rd->day;
	day = check_date(r, "date", f->val);
	if (day > rd->latest)
		check_fail(r, "date", "is more than a year after today");
	if (day < rd->earliest)
		check_fail(r, "date", "is more than 50 years before today");
	rd->datelen = f->len < sizeof rd->date ? f->len : 0;
	memcpy(rd->date, f->val, rd->datelen);
	rd->day = day;
	return day;
}

/*
 * Time field f in minutes.  The usual HH:MM, 00:00 to 23:59, is read
 * here, its first four bytes as one word; anything else (24:00, a bad time) goes to
 * check_time(), which says what is wrong.
 */
static inline int
time_of(const struct rec *r, const char *col, const struct field *f,
    int allow24)
{
	const unsigned char *s = (const unsigned char *)f->val;
	uint32_t w, h, m1, m2;

	if (f->len == 5) {
		/*
		 * The first four bytes at once: "HH:M" less "00:0" is four
		 * bytes of 0 to 9, the colon's 0, only if each is a digit
		 * (a byte of 10 or more, or over 0x7f, sets a high bit).
		 */
		w = ((uint32_t)s[0] | (uint32_t)s[1] << 8 |
		    (uint32_t)s[2] << 16 | (uint32_t)s[3] << 24) ^ 0x303a3030U;
		m2 = s[4] - (unsigned)'0';
		if ((((w + 0x76767676U) | w) & 0x80808080U) == 0 &&
		    (w & 0x00ff0000U) == 0 && m2 <= 9) {
			h = (w & 0xff) * 10 + (w >> 8 & 0xff);
			m1 = w >> 24;
			if (h <= 23 && m1 <= 5)
				return (int)(h * 60 + m1 * 10 + m2);
		}
	}
	return check_time(r, col, f->val, allow24);
}

/*
 * Start and end: required when attended; on a missed session both or
 * neither, and checked the same (a missed 10:30-09:00 is a typing error
 * all the same).
 */
static void
times_of(const struct rec *r,
    const struct field *start, const struct field *end, struct attlog_rec *a)
{
	int present = attlog_counts_hours(a->status);

	a->start = a->end = ATTLOG_NOTIMES;
	if (present || start->len > 0)
		a->start = time_of(r, "start", start, 0);
	if (present || end->len > 0)
		a->end = time_of(r, "end", end, 1);
	if ((a->start < 0) != (a->end < 0))
		check_fail(r, a->start < 0 ? "start" : "end", "is empty");
	if (a->start < 0)
		return;
	a->end = attlog_end(a->start, a->end);
	if (a->end <= a->start)
		check_fail(r, "end", "is not after 'start' (split a session "
		    "that runs past midnight at 24:00)");
}

static void
notes_of(const struct colmap *m, const struct rec *r, struct attlog_rec *a)
{
	const char *signd = colmap_get(m, r, ATTLOG_NOTE_SIGNED);
	const char *nd = colmap_get(m, r, ATTLOG_NOTE_DATE);
	int yes = 0;

	a->notes = m->idx[ATTLOG_NOTE_SIGNED] >= 0 ||
	    m->idx[ATTLOG_NOTE_DATE] >= 0;
	if (*signd != '\0' && (yes = num_yesno(signd)) == -1)
		check_fail(r, "note_signed", "is not yes or no");
	a->signed_ = yes;
	a->note_day = *nd != '\0' ? check_date(r, "note_date", nd) :
	    ATTLOG_NODAY;
}

/* 1 + the largest index of m's required columns; SIZE_MAX if one is missing */
static size_t
span_of(const struct colmap *m)
{
	size_t i, span = 0;

	for (i = 0; i < ATTLOG_REQUIRED; i++) {
		if (m->idx[i] < 0)
			return SIZE_MAX;
		if ((size_t)m->idx[i] >= span)
			span = (size_t)m->idx[i] + 1;
	}
	return span;
}

/*
 * Field of required column i: when the map has them all and r reaches
 * the last (every record of a CSV file), without colmap_field()'s
 * tests; what the map binds is known once per map (its gen).
 */
#define FIELD(i)	(fast ? &r->f[m->idx[i]] : colmap_field(m, r, i))

void
attlog_check(struct attlog_reader *rd, const struct colmap *m,
    const struct rec *r, struct attlog_rec *a)
{
	int fast;

	if (m->gen != rd->gen) {
		rd->gen = m->gen;
		rd->span = span_of(m);
	}
	fast = rd->span <= r->n;
	a->day = day_of(rd, r, FIELD(ATTLOG_DATE));
	a->status = status_of(r, FIELD(ATTLOG_STATUS));
	a->client = FIELD(ATTLOG_CLIENT);
	if (a->client->len == 0)
		check_fail(r, "client_id", "is empty");
	times_of(r, FIELD(ATTLOG_START), FIELD(ATTLOG_END), a);
	a->service = FIELD(ATTLOG_SERVICE);
	if (attlog_counts_hours(a->status) && a->service->len == 0)
		check_fail(r, "service", "is empty");
	a->notes = a->signed_ = 0;
	a->note_day = ATTLOG_NODAY;
	if (m->n > ATTLOG_NOTE_DATE)
		notes_of(m, r, a);
}

void
attlog_notice_empty(void)
{
	fprintf(stderr, "%s: notice: no attendance records in the period; "
	    "is the log current?\n", diag_progname());
}

void
attlog_notice_unlisted(size_t n)
{
	if (n > 0)
		fprintf(stderr, "%s: notice: %zu client%s in the log %s not on "
		    "the roster\n", diag_progname(), n, n == 1 ? "" : "s",
		    n == 1 ? "is" : "are");
}
