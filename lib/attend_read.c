/*
 * attend_read.c: iop-attend's inputs, the schedule and the attendance
 * logs, into an audit (attend.h), the two read at once.
 *
 * The schedule and the logs are apart until attend_run() matches them,
 * so when both are regular files of some size each is read by a thread
 * of its own, and a large CSV file in two halves (rin_split()), the
 * second by a thread of its own too, with no parser thread: each part
 * (a half, or the logs) is read into an audit of its own, whose rows
 * attend_take_sessions() and attend_take_records() then move into the
 * caller's, in the order of the input, with every client and string
 * numbered as a read one after the other numbers them, so that the
 * report is the same bytes.  Messages come out as in that
 * sequential read: each thread holds its messages (diag_impl.h) and
 * stops at its first bad record (check_impl.h); after both are done, a
 * bad schedule is read again alone for its messages, else bad logs,
 * and the program exits 2.  Standard input, pipes and small files are
 * read one after the other, as before.
 *
 * Each thread's open reader, and its second half's thread and reader,
 * live in its job, in this thread's frame, not on the thread's stack: a
 * thread that ends at an error where it stands (diag_exit()) leaves
 * nothing unreachable, and the second half is joined and the readers
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
#include "recio_impl.h"
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
	s.service = attend_service(au, colmap_get(m, r, S_SERVICE));
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
	a.service = attend_service(au, colmap_get(m, r, ATTLOG_SERVICE));
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
 * A part of the input read into an audit of its own: the first half of
 * a file, or all of it, and the files after it until one is split (the
 * schedule's first part is the caller's audit itself), or a second
 * half.  Its reader's state is one of sr and lr, as the job's.
 */
struct part {
	struct attend	*au;		/* own, or the caller's */
	struct attend	 own;
	struct schedreader sr;
	struct logreader lr;
};

/*
 * The second half of a split file, read by a thread of its own into a
 * part, stopping at its first bad record, told to hold its messages.
 */
struct half {
	struct rin	*in;
	struct colmap	 m;
	struct part	*p;
	pthread_t	 t;
	int		 live;		/* t runs, or is to be joined */
	int		 bad;
	struct diag_hold hold;
};

/*
 * One thread's files, read as check_stream() reads each, a large CSV
 * file in two halves at once (rin_split()), but stopping at the first
 * bad record or error, told to hold rather than print.
 */
struct job {
	char *const	*paths;
	int		 npaths, fmt;
	int		 log;		/* the logs, else the schedule */
	const char *const *names;
	size_t		 ncols, required;
	void		(*fn)(struct colmap *, const struct rec *, void *);
	struct attend	*first;		/* the audit the first part is */
	/* the parts, in the order of the input, each into its own audit */
	struct part	**parts;
	size_t		 nparts;
	/* the file being read, closed by job_close() if the thread ends */
	struct rin	*in;
	struct colmap	 m;
	int		 mlive;
	struct half	 h;
	int		 bad;		/* a bad record, or it ended early */
	int		 firstfmt;
	struct diag_hold hold;
};

static struct part *
job_new_part(struct job *j)
{
	struct part *p = xcalloc(1, sizeof *p);
	const struct attend *a = j->first;

	if (j->nparts == 0)
		p->au = j->first;
	else {
		attend_init(&p->own, a->pol, a->roster, a->from, a->to,
		    a->asof);
		p->au = &p->own;
	}
	p->sr.au = p->au;
	logreader_init(&p->lr, p->au);
	j->parts = xreallocarray(j->parts, j->nparts + 1, sizeof *j->parts);
	j->parts[j->nparts++] = p;
	return p;
}

/* The audits of parts[from..], for attend_take_sessions(); free(). */
static struct attend **
job_audits(const struct job *j, size_t from)
{
	struct attend **au = xcalloc(j->nparts + 1, sizeof *au);
	size_t i;

	for (i = from; i < j->nparts; i++)
		au[i - from] = j->parts[i]->au;
	return au;
}

static void *
part_reader(const struct job *j, struct part *p)
{
	return j->log ? (void *)&p->lr : (void *)&p->sr;
}

static void
half_join(struct job *j)
{
	if (!j->h.live)
		return;
	pthread_join(j->h.t, NULL);
	j->h.live = 0;
	colmap_free(&j->h.m);
	rin_close(j->h.in);	/* the second half is closed first */
	j->h.in = NULL;
	if (j->h.bad) {
		j->bad = 1;
		if (j->hold.status == 0)	/* the first half's come first */
			j->hold = j->h.hold;
	}
}

static void
job_close(struct job *j)
{
	half_join(j);
	if (j->mlive)
		colmap_free(&j->m);
	j->mlive = 0;
	if (j->in != NULL)
		rin_close(j->in);
	j->in = NULL;
}

/* The second half of a file, into its own part. */
static void *
half_run(void *arg)
{
	struct job *j = arg;
	struct half *h = &j->h;

	diag_hold(&h->hold);	/* the first half's errors come first */
	h->bad = 1;		/* until the half is read */
	if (check_records(h->in, &h->m, j->names, j->required, j->fn,
	    part_reader(j, h->p), CHECK_FIRST_ERROR) > 0)
		return NULL;
	h->bad = 0;
	return NULL;
}

/* IOP_DEBUG_SPLIT=1: say that a file was read in halves (tests/4003). */
static void
debug_halves(const struct rin *in)
{
	const char *v = getenv("IOP_DEBUG_SPLIT");
	char name[256];

	if (v != NULL && strcmp(v, "1") == 0)
		fprintf(stderr, "%s: debug: %s: read in two halves\n",
		    diag_progname(), diag_safe(name, sizeof name,
		    rin_name(in)));
}

/*
 * Split j->in if it is large CSV, its second half read by a thread
 * into a part of its own; the part the first half goes into.
 */
static struct part *
start_halves(struct job *j, struct part *cur)
{
	struct half *h = &j->h;

	memset(h, 0, sizeof *h);
	if ((h->in = rin_split(j->in, 0)) == NULL)
		return cur;
	debug_halves(j->in);
	h->p = job_new_part(j);
	colmap_init(&h->m, j->names, j->ncols);
	if (pthread_create(&h->t, NULL, half_run, j) != 0)
		diag_fatal("cannot start a thread");
	h->live = 1;
	return job_new_part(j);		/* the files after start anew */
}

static void *
job_run(void *arg)
{
	struct job *j = arg;
	struct part *cur = job_new_part(j), *next;
	int i;

	diag_hold(&j->hold);
	j->bad = 1;		/* until the last file is read */
	for (i = 0; i < j->npaths; i++) {
		if ((j->in = rin_open(j->paths[i], j->fmt)) == NULL)
			return NULL;
		rin_select(j->in, j->names, j->ncols);
		colmap_init(&j->m, j->names, j->ncols);
		j->mlive = 1;
		next = start_halves(j, cur);
		if (check_records(j->in, &j->m, j->names, j->required, j->fn,
		    part_reader(j, cur), CHECK_FIRST_ERROR) > 0)
			return NULL;
		half_join(j);
		if (j->h.bad)
			return NULL;
		check_columns(j->in, rin_header(j->in), j->names, j->required,
		    NULL);
		if (i == 0)
			j->firstfmt = rin_format(j->in);
		job_close(j);
		cur = next;
	}
	j->bad = 0;
	if (!j->log) {	/* sorted while the logs are still read */
		struct attend **au = job_audits(j, 1);

		attend_take_sessions(j->first, au, j->nparts - 1);
		free(au);
	}
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

static void
job_init(struct job *j, struct attend *first, char *const paths[],
    int npaths, int fmt, int log)
{
	memset(j, 0, sizeof *j);
	j->first = first;
	j->paths = paths;
	j->npaths = npaths;
	j->fmt = fmt;
	j->log = log;
	j->names = log ? attlog_columns : schedcols;
	j->ncols = log ? ATTLOG_NCOLS : NSCHED;
	j->required = log ? ATTLOG_REQUIRED : NSCHED_REQUIRED;
	j->fn = log ? log_record : schedule_record;
}

/* The parts' audits, all but the first (the caller's), and the list. */
static void
job_free(struct job *j)
{
	size_t i;

	for (i = 0; i < j->nparts; i++) {
		if (j->parts[i]->au == &j->parts[i]->own)
			attend_free(&j->parts[i]->own);
		free(j->parts[i]);
	}
	free(j->parts);
	j->parts = NULL;
	j->nparts = 0;
}

/*
 * Both read, each in a thread, a large CSV file in two halves, each in
 * a thread of its own; exits 2, with the messages of a read one after
 * the other, if either was bad.  Returns the logs' format.
 */
static int
read_both(struct attend *au, const char *schedule, int nlogs,
    char *const logs[], int fmt)
{
	char *sp[1];
	struct attend b, **parts;
	struct job js, jl;
	pthread_t ts, tl;

	attend_init(&b, au->pol, au->roster, au->from, au->to, au->asof);
	sp[0] = (char *)schedule;
	job_init(&js, au, sp, 1, fmt, 0);
	job_init(&jl, &b, logs, nlogs, fmt, 1);
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
		job_free(&js);
		read_schedule(au, schedule, fmt);
		job_failed(&js);	/* not found again: what was held */
	}
	if (jl.bad) {
		job_free(&jl);
		attend_free(&b);
		attend_init(&b, au->pol, au->roster, au->from, au->to,
		    au->asof);
		read_logs(&b, nlogs, logs, fmt);
		job_failed(&jl);
	}
	job_free(&js);
	parts = job_audits(&jl, 0);
	attend_take_records(au, parts, jl.nparts);
	free(parts);
	job_free(&jl);
	attend_free(&b);
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
