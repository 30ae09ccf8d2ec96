/*
 * attend_read.c: iop-attend's inputs, the schedule and the attendance
 * logs, into an audit (attend.h), the two read at once.
 *
 * The schedule and the logs are apart until attend_run() matches them,
 * so when both are regular files of some size each is read by a thread
 * of its own: the logs into a second audit of the same period, whose
 * records are then moved into the first with every client and string
 * numbered as a read of the logs after the schedule numbers them, so
 * that the report is the same bytes.  Messages come out as in that
 * sequential read: each thread holds its messages (diag_impl.h) and
 * stops at its first bad record (check_impl.h); after both are done, a
 * bad schedule is read again alone for its messages, else bad logs,
 * and the program exits 2.  Standard input, pipes and small files are
 * read one after the other, as before.
 *
 * Each thread's open reader lives in its job, in this thread's frame,
 * not on the thread's stack: a thread that ends at an error where it
 * stands (diag_exit()) leaves nothing unreachable, and the reader is
 * closed here.
 */
#include <sys/stat.h>

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attend.h"
#include "attlog.h"
#include "check_impl.h"
#include "date.h"
#include "diag_impl.h"
#include "period.h"
#include "xalloc.h"

/* Both inputs at least this big (IOP_TEST_AT_ONCE_MIN, for tests). */
#define AT_ONCE_MIN	(1024 * 1024)

/* --- the schedule --- */

static const char *const schedcols[] = {
	"client_id", "date", "start", "end", "service", "session_id", "title"
};
enum { S_CLIENT, S_DATE, S_START, S_END, S_SERVICE, S_ID, S_TITLE, NSCHED };
#define NSCHED_REQUIRED	S_SERVICE	/* client_id, date, start, end */

/*
 * The schedule's reader: a schedule comes day by day, so each date
 * string is checked once and its day then found again by its bytes (as
 * attlog.h's reader does for the log).  Only a good date is kept: a bad
 * one is checked, and told, every time.
 */
struct schedreader {
	struct attend	*au;
	char		 date[DATE_LEN];
	size_t		 datelen;	/* 0: none kept */
	long		 day;
};

static long
sched_date(struct schedreader *sr, const struct rec *r,
    const struct field *f)
{
	if (f->len == sr->datelen && f->len > 0 && same_short(f->val,
	    sr->date, f->len))
		return sr->day;
	sr->day = check_date(r, "date", f->val);
	sr->datelen = f->len < sizeof sr->date ? f->len : 0;
	memcpy(sr->date, f->val, sr->datelen);
	return sr->day;
}

/*
 * A time in minutes.  The usual HH:MM, 00:00 to 23:59, is read here, a
 * byte at a time, as time_parse() reads it; anything else (24:00, a bad
 * time) goes to check_time(), which says what is wrong.
 */
static int
sched_time(const struct rec *r, const char *col, const struct field *f,
    int allow24)
{
	const unsigned char *v = (const unsigned char *)f->val;
	unsigned h1, h2, m1, m2;

	if (f->len == 5 && v[2] == ':') {
		h1 = v[0] - (unsigned)'0';
		h2 = v[1] - (unsigned)'0';
		m1 = v[3] - (unsigned)'0';
		m2 = v[4] - (unsigned)'0';
		if (h1 <= 2 && h2 <= 9 && m1 <= 5 && m2 <= 9 &&
		    h1 * 10 + h2 <= 23)
			return (int)((h1 * 10 + h2) * 60 + m1 * 10 + m2);
	}
	return check_time(r, col, f->val, allow24);
}

static void
schedule_record(struct colmap *m, const struct rec *r, void *arg)
{
	struct schedreader *sr = arg;
	struct attend *au = sr->au;
	const char *client = colmap_get(m, r, S_CLIENT);
	struct attend_sess s;
	long day;

	if (*client == '\0')
		check_fail(r, "client_id", "is empty");
	s.client = (uint32_t)attend_client(au, client, strlen(client));
	day = sched_date(sr, r, colmap_field(m, r, S_DATE));
	s.start = (int16_t)sched_time(r, "start", colmap_field(m, r, S_START),
	    0);
	s.end = (int16_t)attlog_end(s.start, sched_time(r, "end",
	    colmap_field(m, r, S_END), 1));
	if (s.end <= s.start)
		check_fail(r, "end", "is not after 'start'");
	if (!attend_in_period(au, day))
		return;
	s.day = (int32_t)day;
	s.service = attend_str(au, colmap_get(m, r, S_SERVICE));
	s.id = attend_str(au, colmap_get(m, r, S_ID));
	attend_add_session(au, &s);
}

/* --- the logs --- */

struct logreader {
	struct attend	*au;
	struct attlog_reader rd;
};

static void
log_record(struct colmap *m, const struct rec *r, void *arg)
{
	struct logreader *lr = arg;
	struct attend *au = lr->au;
	struct attlog_rec l;
	struct attend_rec a;

	attlog_check(&lr->rd, m, r, &l);
	a.client = (uint32_t)attend_client(au, l.client->val, l.client->len);
	if (!attend_in_period(au, l.day))
		return;
	a.day = (int32_t)l.day;
	a.st = (uint8_t)l.status;
	a.start = (int16_t)l.start;
	a.end = (int16_t)l.end;
	a.note_day = l.note_day == ATTLOG_NODAY ? ATTEND_NODAY :
	    (int32_t)l.note_day;
	a.flags = (l.notes ? ATTEND_NOTES : 0) | (l.signed_ ? ATTEND_SIGNED : 0);
	a.service = attend_str(au, colmap_get(m, r, ATTLOG_SERVICE));
	a.id = attend_str(au, colmap_get(m, r, ATTLOG_SESSION_ID));
	attend_add_record(au, &a);
}

static void
logreader_init(struct logreader *lr, struct attend *au)
{
	long earliest, latest;

	period_date_limits(&earliest, &latest);
	lr->au = au;
	attlog_reader_init(&lr->rd, earliest, latest);
}

/* --- one after the other --- */

static void
read_schedule(struct attend *au, const char *path, int fmt)
{
	struct schedreader sr;

	memset(&sr, 0, sizeof sr);
	sr.au = au;
	check_stream(path, fmt, schedcols, NSCHED, NSCHED_REQUIRED,
	    CHECK_ONLY_NAMED, schedule_record, &sr);
}

/* The logs (standard input if none); the first one's format. */
static int
read_logs(struct attend *au, int nlogs, char *const logs[], int fmt)
{
	struct logreader lr;
	int i, first;

	logreader_init(&lr, au);
	first = check_stream(nlogs > 0 ? logs[0] : "-", fmt, attlog_columns,
	    ATTLOG_NCOLS, ATTLOG_REQUIRED, CHECK_ONLY_NAMED, log_record, &lr);
	for (i = 1; i < nlogs; i++)
		check_stream(logs[i], fmt, attlog_columns, ATTLOG_NCOLS,
		    ATTLOG_REQUIRED, CHECK_ONLY_NAMED, log_record, &lr);
	return first;
}

/* --- at once --- */

/*
 * One thread's files, read as check_stream() reads each, but stopping
 * at the first bad record or error, told to hold rather than print.
 */
struct job {
	char *const	*paths;
	int		 npaths, fmt;
	const char *const *names;
	size_t		 ncols, required;
	void		(*fn)(struct colmap *, const struct rec *, void *);
	void		*arg;
	void		(*done)(void *);	/* after a good read, or NULL */
	/* the file being read, closed by job_close() if the thread ends */
	struct rin	*in;
	struct colmap	 m;
	int		 mlive;
	int		 bad;		/* a bad record, or it ended early */
	int		 firstfmt;
	struct diag_hold hold;
};

static void
job_close(struct job *j)
{
	if (j->mlive)
		colmap_free(&j->m);
	j->mlive = 0;
	if (j->in != NULL)
		rin_close(j->in);
	j->in = NULL;
}

static void *
job_run(void *arg)
{
	struct job *j = arg;
	int i;

	diag_hold(&j->hold);
	j->bad = 1;		/* until the last file is read */
	for (i = 0; i < j->npaths; i++) {
		if ((j->in = rin_open(j->paths[i], j->fmt)) == NULL)
			return NULL;
		rin_select(j->in, j->names, j->ncols);
		colmap_init(&j->m, j->names, j->ncols);
		j->mlive = 1;
		if (check_records(j->in, &j->m, j->names, j->required, j->fn,
		    j->arg, CHECK_FIRST_ERROR) > 0)
			return NULL;
		check_columns(j->in, rin_header(j->in), j->names, j->required,
		    NULL);
		if (i == 0)
			j->firstfmt = rin_format(j->in);
		job_close(j);
	}
	if (j->done != NULL)
		j->done(j->arg);
	j->bad = 0;
	return NULL;
}

/* Reread, for its messages: what a failed job held, and exit 2. */
static _Noreturn void
job_failed(struct job *j)
{
	diag_release(&j->hold);
	exit(EXIT_TROUBLE);
}

/* IOP_DEBUG_SPLIT=1: say that the inputs were read at once (tests/4002). */
static void
debug_at_once(void)
{
	const char *v = getenv("IOP_DEBUG_SPLIT");

	if (v != NULL && strcmp(v, "1") == 0)
		fprintf(stderr, "%s: debug: the schedule and the logs read at "
		    "once\n", diag_progname());
}

/* The size of a regular file named path, or -1 (a pipe, "-", none). */
static long long
regular_size(const char *path)
{
	struct stat st;

	if (strcmp(path, "-") == 0 || stat(path, &st) == -1 ||
	    !S_ISREG(st.st_mode))
		return -1;
	return (long long)st.st_size;
}

/*
 * Worth two threads, and safe: every input a regular file, so that a
 * bad one can be read again for its messages, and both sides large
 * enough for the overlap to pay for the threads.
 */
static int
at_once(const char *schedule, int nlogs, char *const logs[])
{
	const char *v = getenv("IOP_TEST_AT_ONCE_MIN");
	long long min = v != NULL && *v != '\0' ? atoll(v) : AT_ONCE_MIN;
	long long s, total = 0, size;
	int i;

	if (nlogs == 0 || (s = regular_size(schedule)) < 0)
		return 0;
	for (i = 0; i < nlogs; i++) {
		if ((size = regular_size(logs[i])) < 0)
			return 0;
		total += size;
	}
	return s >= min && total >= min;
}

/* For each name of from, by index, its index in to (interned there). */
static uint32_t *
reintern(struct hours *to, const struct hours *from)
{
	size_t i, n = hours_nclients(from);
	uint32_t *map = xcalloc(n + 1, sizeof *map);

	for (i = 0; i < n; i++)
		map[i] = (uint32_t)hours_client_id(to, hours_client(from, i),
		    hours_client_len(from, i));
	return map;
}

/*
 * b's records after a's (a has none: only a schedule was read into it),
 * b's names interned into a in b's order, so that every number is what
 * reading the logs into a after the schedule gives.  b is freed.
 */
static void
take_records(struct attend *a, struct attend *b)
{
	uint32_t *cmap = reintern(a->clients, b->clients);
	uint32_t *smap = reintern(a->strs, b->strs);
	size_t i;

	for (i = 0; i < b->nas; i++) {
		struct attend_rec *r = &b->as[i];

		r->client = cmap[r->client];
		if (r->service != ATTEND_NOSTR)
			r->service = smap[r->service - 1] + 1;
		if (r->id != ATTEND_NOSTR)
			r->id = smap[r->id - 1] + 1;
	}
	if (a->nas == 0) {
		free(a->as);
		a->as = b->as;
		a->nas = b->nas;
		a->capas = b->capas;
		b->as = NULL;
		b->nas = 0;
	} else
		for (i = 0; i < b->nas; i++)
			attend_add_record(a, &b->as[i]);
	free(cmap);
	free(smap);
	attend_free(b);
}

static void
job_init(struct job *j, char *const paths[], int npaths, int fmt,
    const char *const *names, size_t ncols, size_t required,
    void (*fn)(struct colmap *, const struct rec *, void *), void *arg)
{
	memset(j, 0, sizeof *j);
	j->paths = paths;
	j->npaths = npaths;
	j->fmt = fmt;
	j->names = names;
	j->ncols = ncols;
	j->required = required;
	j->fn = fn;
	j->arg = arg;
}

/* The schedule read, its sessions sorted while the logs are read. */
static void
sort_schedule(void *arg)
{
	struct schedreader *sr = arg;

	attend_sort_sessions(sr->au);
}

/*
 * Both read, each in a thread; exits 2, with the messages of a read
 * one after the other, if either was bad.  Returns the logs' format.
 */
static int
read_both(struct attend *au, const char *schedule, int nlogs,
    char *const logs[], int fmt)
{
	char *sp[1];
	struct schedreader sr;
	struct logreader lr;
	struct attend b;
	struct job js, jl;
	pthread_t ts, tl;

	attend_init(&b, au->pol, au->roster, au->from, au->to, au->asof);
	memset(&sr, 0, sizeof sr);
	sr.au = au;
	logreader_init(&lr, &b);
	sp[0] = (char *)schedule;
	job_init(&js, sp, 1, fmt, schedcols, NSCHED, NSCHED_REQUIRED,
	    schedule_record, &sr);
	js.done = sort_schedule;
	job_init(&jl, logs, nlogs, fmt, attlog_columns, ATTLOG_NCOLS,
	    ATTLOG_REQUIRED, log_record, &lr);
	if (pthread_create(&tl, NULL, job_run, &jl) != 0)
		diag_fatal("cannot start a thread");
	if (pthread_create(&ts, NULL, job_run, &js) != 0)
		diag_fatal("cannot start a thread");
	debug_at_once();
	pthread_join(ts, NULL);
	pthread_join(tl, NULL);
	job_close(&js);
	job_close(&jl);
	if (js.bad) {		/* the schedule's messages, and only they */
		read_schedule(au, schedule, fmt);
		job_failed(&js);	/* not found again: what was held */
	}
	if (jl.bad) {
		attend_free(&b);
		attend_init(&b, au->pol, au->roster, au->from, au->to,
		    au->asof);
		read_logs(&b, nlogs, logs, fmt);
		job_failed(&jl);
	}
	take_records(au, &b);
	return jl.firstfmt;
}

int
attend_read(struct attend *au, const char *schedule, int nlogs,
    char *const logs[], int fmt)
{
	if (at_once(schedule, nlogs, logs))
		return read_both(au, schedule, nlogs, logs, fmt);
	read_schedule(au, schedule, fmt);
	return read_logs(au, nlogs, logs, fmt);
}
