/*
 * iop-auth: utilization review of payer authorizations.
 *
 * Reads authorizations (client, payer, level, window, units and their
 * unit) and attendance logs, counts the units each authorization has
 * used by its payer's rule (lib/auth.h), and writes one record per
 * authorization: used, remaining, band, days left, status, review dates
 * and, with a schedule, the day the units run out.  --findings writes
 * what a biller must act on instead (service outside any authorization,
 * units over, expiring, reviews due), --days the classification of each
 * client-day.  Exit 1 when a finding is at or above --fail-on.
 */
#include <sys/stat.h>

#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attlog.h"
#include "attlog_read.h"
#include "auth.h"
#include "check.h"
#include "compat.h"
#include "date.h"
#include "diag.h"
#include "hours.h"
#include "names.h"
#include "opt.h"
#include "out.h"
#include "period.h"
#include "recio.h"
#include "xalloc.h"

#define NONE	AUTH_NONE

/*
 * Memory: one entry per authorization; per client the day being folded
 * (in each half of a log read in two halves; see "The folding of the
 * log"), or for standard input and a log that goes back a day the
 * attended client-days in lib/hours; with -s the scheduled client-days
 * after --as-of; and the findings.  Nothing is kept per log row.  See
 * iop-auth(1), Memory.
 */
struct auth {
	size_t		 client;	/* hours_client() index of att */
	const char	*id, *payer_text, *level;
	const struct payer *payer;
	long		 start, end, next_review, certified;
	long		 units, used;	/* ticks for unit hour (auth.h) */
	long		 proj, runs_out;	/* -s: units by the schedule */
	long		 past_n, past_first;	/* scheduled past the units */
	enum auth_unit	 unit;
	int		 php;		/* a partial hospitalization */
	long		 maxend;	/* the latest end of the client's so far */
};

struct finding {
	size_t		 client;
	long		 auth;		/* index in as, or -1 */
	long		 day;
	enum auth_rule	 rule;
	enum sev	 sev;
	const char	*detail;
};

/* A client-day for the PHP overlap check. */
struct cday {
	size_t	 client;
	long	 day, auth;
};

/*
 * What attended days come to: units used by authorization, findings,
 * --days rows and the days of the PHP overlap check.  The days of the
 * log are counted into ctx's; those of the second half of a log read
 * in two halves into that half's own, joined after (see struct half).
 */
struct tally {
	long		*used;		/* by authorization */
	struct finding	*fs;
	size_t		 nfs, capfs;
	struct arena	 text;		/* the findings' details */
	struct dayrow	*dr;		/* --days: the rows, until sorted */
	size_t		 ndr, capdr;
	struct cday	*php, *iop;
	size_t		 nphp, niop, capphp, capiop;
};

/* A day the schedule offers the programme to a client. */
struct sday {
	uint32_t client;
	int32_t	 day;
};

/* Per client: its authorizations, and scheduled days none covers. */
struct client {
	size_t	 first, n;
	long	 unc_n, unc_first;
	int	 has_php;
};

struct ctx {
	struct common	 opts;
	struct payers	 ps;
	long		 asof;
	size_t		 nlogged;	/* log records up to asof, any status */
	struct hours	*att, *sch;	/* attended and scheduled client-days */
	size_t		 svc;		/* the one service both count under */
	struct auth	*as;
	size_t		 nas, capas;
	struct client	*cl;
	size_t		 ncl;
	struct tally	 t;		/* what the attended days came to */
	struct tally	 t2;		/* the second half's, till joined */
	struct half	*half;		/* the halves of a log being read */
	struct auth_ids	*att_ids;	/* att's client numbers, both halves */
	struct arena	 text;		/* ids, payers, levels */
	struct attlog_reader rd;	/* the log's dates and times */
	enum sev	 fail_on;
	int		 findings, days;
	struct rout	*w;
	struct sday	*sd;		/* -s: the days each client is offered */
	size_t		 nsd, capsd;
	long		 sch_lo, sch_hi;	/* the schedule's first, last day */
	int		 fold;		/* fold the log as it is read */
	int		 unsorted;	/* ... which went back a day */
};

static _Noreturn void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, "usage: %s [-h] [--as-of date] "
	    "[--days] [--fail-on severity] [--findings]\n"
	    "\t[-I fmt] [-O fmt] [-o file] [--payer file] [--print-payer] "
	    "[--raw-csv]\n"
	    "\t[-s schedule] [--today date] [--version] authorizations "
	    "[log ...]\n", diag_progname());
	if (status == 0)
		fputs("\n"
		    "      --as-of date       count attendance to date, "
		    "sessions after it (today)\n"
		    "      --days             write each attended client-day: "
		    "class, code, billable\n"
		    "      --fail-on sev      exit 1 on a finding this severe or "
		    "worse\n"
		    "      --findings         write the findings, not the "
		    "authorizations\n"
		    "  -h, --help             print this help and exit\n"
		    "  -I, --input-format f   read csv, yaml or jsonl\n"
		    "  -O, --output-format f  write csv, yaml or jsonl\n"
		    "  -o, --output file      write to file, all or nothing\n"
		    "      --payer file       add or change payer profiles "
		    "(YAML)\n"
		    "      --print-payer      print the built-in payer profiles "
		    "and exit\n"
		    "      --raw-csv          no spreadsheet formula guard in "
		    "CSV\n"
		    "  -s, --schedule file    the dated sessions (iop-plan "
		    "--sessions): runs_out\n"
		    "      --today date       take date as today\n"
		    "      --version          print the version and exit\n",
		    stdout);
	out_exit(status);
}

static void
grow(void **p, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return;
	*cap = *cap ? *cap * 2 : 64;
	*p = xreallocarray(*p, *cap, size);
}

/* --- authorizations --- */

static const char *const authcols[] = {
	"client_id", "auth_id", "payer", "level", "start", "end", "units",
	"unit", "next_review", "certified"
};
enum { A_CLIENT, A_ID, A_PAYER, A_LEVEL, A_START, A_END, A_UNITS, A_UNIT,
	A_REVIEW, A_CERTIFIED, NAUTHCOLS };
#define NAUTH_REQUIRED	8

static long
opt_date(const struct rec *r, const char *col, const char *v)
{
	return *v == '\0' ? NONE : check_date(r, col, v);
}

static long
units_of(const struct rec *r, enum auth_unit u, const char *v)
{
	long n;

	if (u == UNIT_HOUR) {
		if (auth_parse_hours(v, &n) == -1)
			check_fail(r, "units", "is not a number of hours from "
			    "0.01 to 1000000 (at most two decimals)");
		return n;
	}
	if (num_parse(v, 1, 1000000, &n) == -1)
		check_fail(r, "units", "is not a whole number from 1 to "
		    "1000000");
	return n;
}

/* An ASAM 2.5 or PHP authorization: its days are PHP days. */
static int
is_php(const char *level)
{
	return strcasecmp(level, "php") == 0 || strcmp(level, "2.5") == 0;
}

static void
auth_record(struct colmap *m, const struct rec *r, void *arg)
{
	struct ctx *c = arg;
	struct auth a;
	const char *s;
	int u;

	memset(&a, 0, sizeof a);
	if (*(s = colmap_get(m, r, A_CLIENT)) == '\0')
		check_fail(r, "client_id", "is empty");
	a.client = hours_client_id(c->att, s, strlen(s));
	if (*(s = colmap_get(m, r, A_ID)) == '\0')
		check_fail(r, "auth_id", "is empty");
	a.id = arena_add(&c->text, s, strlen(s));
	a.start = check_date(r, "start", colmap_get(m, r, A_START));
	a.end = check_date(r, "end", colmap_get(m, r, A_END));
	if (a.end < a.start)
		check_fail(r, "end", "is before 'start'");
	if ((u = auth_unit_parse(colmap_get(m, r, A_UNIT))) < 0)
		check_fail(r, "unit", "is not one of day, session, hour, service");
	a.unit = (enum auth_unit)u;
	a.units = units_of(r, a.unit, colmap_get(m, r, A_UNITS));
	a.next_review = opt_date(r, "next_review", colmap_get(m, r, A_REVIEW));
	a.certified = opt_date(r, "certified", colmap_get(m, r, A_CERTIFIED));
	s = colmap_get(m, r, A_PAYER);
	a.payer_text = arena_add(&c->text, s, strlen(s));
	a.payer = payer_find(&c->ps, s);
	s = colmap_get(m, r, A_LEVEL);
	a.level = arena_add(&c->text, s, strlen(s));
	a.php = is_php(s);
	a.runs_out = a.past_first = NONE;
	grow((void **)&c->as, c->nas, &c->capas, sizeof *c->as);
	c->as[c->nas++] = a;
}

static struct ctx *sort_ctx;	/* for qsort's comparators only */

static int
auth_cmp(const void *x, const void *y)
{
	const struct auth *a = x, *b = y;
	int k = strcmp(hours_client(sort_ctx->att, a->client),
	    hours_client(sort_ctx->att, b->client));

	if (k != 0)
		return k;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* Sort by client and start; each client's authorizations in a run. */
static void
index_auths(struct ctx *c)
{
	size_t i;

	sort_ctx = c;
	if (c->nas > 0)
		qsort(c->as, c->nas, sizeof *c->as, auth_cmp);
	c->ncl = hours_nclients(c->att);
	c->cl = xcalloc(c->ncl + 1, sizeof *c->cl);
	c->t.used = xcalloc(c->nas + 1, sizeof *c->t.used);
	c->t2.used = xcalloc(c->nas + 1, sizeof *c->t2.used);
	for (i = c->nas; i-- > 0; ) {
		c->cl[c->as[i].client].first = i;
		c->cl[c->as[i].client].n++;
		c->cl[c->as[i].client].has_php |= c->as[i].php;
	}
	for (i = 0; i < c->nas; i++) {
		struct auth *a = &c->as[i];

		a->maxend = i > 0 && a[-1].client == a->client &&
		    a[-1].maxend > a->end ? a[-1].maxend : a->end;
	}
}

/*
 * The authorization that covers the client's day: of those whose
 * window holds it, the one that started first (the first in the
 * client's run, sorted by start).  -1 if none.  Two binary searches, so
 * that a client with thousands of authorizations costs no more a
 * session than one with two: those started by day are a prefix of the
 * run, and in it the first whose window reaches day is the first at
 * which the latest end so far (maxend, which only grows) reaches it.
 */
static long
covering_in(const struct ctx *c, size_t first, size_t n, long day)
{
	size_t lo = first, hi = first + n, mid, started;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->as[mid].start <= day)
			lo = mid + 1;
		else
			hi = mid;
	}
	started = lo;
	for (lo = first, hi = started; lo < hi; ) {
		mid = lo + (hi - lo) / 2;
		if (c->as[mid].maxend >= day)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo < started ? (long)lo : -1;
}

static long
covering(const struct ctx *c, size_t client, long day)
{
	if (client >= c->ncl)
		return -1;
	return covering_in(c, c->cl[client].first, c->cl[client].n, day);
}

/* --- the log and the schedule --- */

/*
 * One log record, checked as every program checks it (attlog.h), into
 * the hours table: a log from standard input, or one that went back a
 * day (see "The folding of the log").
 */
static void
log_record(struct colmap *m, const struct rec *r, void *arg)
{
	struct ctx *c = arg;
	const struct field *svc;
	struct attlog_rec v;
	size_t client;
	long a;

	attlog_check(&c->rd, m, r, &v);
	if (v.day <= c->asof)
		c->nlogged++;
	if (!attlog_counts_hours(v.status) || v.day > c->asof)
		return;
	client = hours_client_id(c->att, v.client->val, v.client->len);
	svc = colmap_field(m, r, ATTLOG_SERVICE);
	a = covering(c, client, v.day);
	if (a >= 0 && !payer_qualifies(c->as[a].payer, svc->val, svc->len))
		return;
	hours_attended(c->att, client, v.day, v.start, v.end, c->svc);
}

static const char *const schedcols[] = {
	"client_id", "date", "start", "end", "service"
};
enum { S_CLIENT, S_DATE, S_START, S_END, S_SERVICE, NSCHED };
#define NSCHED_REQUIRED	S_SERVICE	/* client_id, date, start, end */

/* Note that the schedule offers the client the programme on day. */
static void
offered(struct ctx *c, size_t client, long day)
{
	if (c->nsd > 0 && c->sd[c->nsd - 1].client == client &&
	    c->sd[c->nsd - 1].day == day)
		return;		/* a day's second session */
	grow((void **)&c->sd, c->nsd, &c->capsd, sizeof *c->sd);
	c->sd[c->nsd].client = (uint32_t)client;
	c->sd[c->nsd++].day = (int32_t)day;
}

static void
schedule_record(struct colmap *m, const struct rec *r, void *arg)
{
	struct ctx *c = arg;
	const struct field *id = colmap_field(m, r, S_CLIENT);
	const struct field *svc = colmap_field(m, r, S_SERVICE);
	size_t client;
	long day, a;
	int start, end;

	if (id->len == 0)
		check_fail(r, "client_id", "is empty");
	day = check_date(r, "date", colmap_get(m, r, S_DATE));
	start = check_time(r, "start", colmap_get(m, r, S_START), 0);
	end = attlog_end(start, check_time(r, "end", colmap_get(m, r, S_END),
	    1));	/* 00:00 after a start is midnight, as in the log */
	if (end <= start)
		check_fail(r, "end", "is not after 'start'");
	if (day < c->sch_lo)
		c->sch_lo = day;
	if (day > c->sch_hi)
		c->sch_hi = day;
	client = hours_client_id(c->att, id->val, id->len);
	a = covering(c, client, day);
	if (a >= 0 && !payer_qualifies(c->as[a].payer, svc->val, svc->len))
		return;
	if (a >= 0 && c->as[a].payer->program_days > 0)
		offered(c, client, day);
	if (day <= c->asof)
		return;
	hours_attended(c->sch, hours_client_id(c->sch, id->val, id->len), day,
	    start, end, c->svc);
}

/* --- findings --- */

static void
vfind(const struct ctx *c, struct tally *t, size_t client, long auth,
    enum auth_rule rule, long day, const char *fmt, va_list ap)
{
	struct finding *f;
	char text[256];

	if (c->ps.severity[rule] == SEV_NONE)
		return;
	vsnprintf(text, sizeof text, fmt, ap);
	grow((void **)&t->fs, t->nfs, &t->capfs, sizeof *t->fs);
	f = &t->fs[t->nfs++];
	f->client = client;
	f->auth = auth;
	f->rule = rule;
	f->sev = c->ps.severity[rule];
	f->day = day;
	f->detail = arena_add(&t->text, text, strlen(text));
}

/* A finding about the authorizations, after the logs are read. */
static void
find(struct ctx *c, size_t client, long auth, enum auth_rule rule, long day,
    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void
find(struct ctx *c, size_t client, long auth, enum auth_rule rule, long day,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfind(c, &c->t, client, auth, rule, day, fmt, ap);
	va_end(ap);
}

/* A finding about an attended day, into the tally counting it. */
static void
find_day(const struct ctx *c, struct tally *t, size_t client, long day,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
find_day(const struct ctx *c, struct tally *t, size_t client, long day,
    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfind(c, t, client, -1, AR_SERVICE_OUTSIDE_AUTH, day, fmt, ap);
	va_end(ap);
}

/* Units as the authorization counts them: hours for unit hour. */
static const char *
fmt_units(const struct auth *a, long n, char buf[32])
{
	if (a->unit == UNIT_HOUR)
		auth_fmt_ticks(n, buf);
	else
		num_fmt_long(n, buf);
	return buf;
}

/* --- the attended days --- */

/* One attended client-day: the union of its sessions' minutes. */
struct aday {
	size_t	 client;
	long	 day, minutes, sessions;
	long	 auth;		/* covering(client, day) */
};

/* Why a day is not billable, for --days. */
enum reason { RS_BILLABLE, RS_BELOW_RULE, RS_AFTER_UNITS, RS_NO_AUTH };
static const char *const reason_names[] = {
	"", "below_rule", "after_units", "no_auth"
};

/* A --days row, held until the rows are sorted: 16 bytes. */
struct dayrow {
	uint32_t client;
	int32_t	 day;
	uint32_t minutes;
	uint32_t sessions_reason;	/* sessions << 2 | enum reason */
};

static void
keep_day(struct tally *t, const struct aday *d, enum reason why)
{
	struct dayrow *k;

	if (d->sessions > (long)(UINT32_MAX >> 2))
		diag_errx(NULL, "more than %lu sessions on a client-day",
		    (unsigned long)(UINT32_MAX >> 2));
	grow((void **)&t->dr, t->ndr, &t->capdr, sizeof *t->dr);
	k = &t->dr[t->ndr++];
	k->client = (uint32_t)d->client;
	k->day = (int32_t)d->day;
	k->minutes = (uint32_t)d->minutes;
	k->sessions_reason = (uint32_t)d->sessions << 2 | why;
}

static void
keep_cday(struct cday **v, size_t *n, size_t *cap, size_t client, long day,
    long auth)
{
	grow((void **)v, *n, cap, sizeof **v);
	(*v)[*n].client = client;
	(*v)[*n].day = day;
	(*v)[(*n)++].auth = auth;
}

static int
has_php(const struct ctx *c, size_t client)
{
	return client < c->ncl && c->cl[client].has_php;
}

/* A day no authorization covers: the one that loses money. */
static void
uncovered_day(const struct ctx *c, struct tally *t, const struct aday *d)
{
	char h[32];

	num_fmt_hours(d->minutes, h);
	find_day(c, t, d->client, d->day, "no authorization covers the day: "
	    "%ld service(s), %s hours attended", d->sessions, h);
	if (c->days)
		keep_day(t, d, RS_NO_AUTH);
}

/*
 * One attended client-day: what it uses of its authorization, into t.
 * Each client's days come in date order (an authorization's "after_units"
 * days are those after its units ran out), the clients in any order.
 */
static void
count_day(const struct ctx *c, struct tally *t, const struct aday *d)
{
	long a = d->auth, before;
	const struct auth *au;
	int counts;

	if (a < 0) {
		uncovered_day(c, t, d);
		return;
	}
	au = &c->as[a];
	counts = auth_day_counts(au->payer, d->minutes, d->sessions);
	before = t->used[a];
	t->used[a] += auth_day_units(au->payer, au->unit, d->minutes,
	    d->sessions);
	if (c->days)
		keep_day(t, d, !counts ? RS_BELOW_RULE : before >= au->units ?
		    RS_AFTER_UNITS : RS_BILLABLE);
	if (!has_php(c, d->client))
		return;
	if (au->php)
		keep_cday(&t->php, &t->nphp, &t->capphp, d->client, d->day, a);
	else if (au->payer->php_window_days >= 0)
		keep_cday(&t->iop, &t->niop, &t->capiop, d->client, d->day, a);
}

/*
 * The folding of the log as it is read.  A log is written day by day,
 * so each client has one day open: the union of its sessions so far,
 * as sorted pieces that neither overlap nor touch (at most 720 in a
 * day, so adding a session is O(1) in the records).  The client's next
 * day closes it: it is counted and forgotten.  A log in which a client
 * goes back to an earlier day cannot be folded so; that is noted, and
 * the logs are read again into the hours table.
 *
 * A large log is read in two halves at once (attlog_read.h), each
 * folded by a struct half of its own, which numbers the clients it
 * meets itself (the two threads share only the table's client numbers,
 * auth_client_id()) and counts into a tally of its own.  The second
 * half holds back each client's first day, which may be the first
 * half's last: join_halves() makes them one day, counts the days at
 * the seam, and then the second half's days after them, in date order
 * (after_units).
 */
struct piece {
	int	 start, end;
};

/* Most client-days have a session or two: their pieces stay inline. */
#define INLINE_PIECES	3

struct open_day {
	long		 day;		/* NONE: no day open */
	long		 auth;		/* covering(client, day), or -1 */
	long		 sessions;	/* 0: none of its records qualified */
	size_t		 n, cap;	/* cap 0: the pieces are in[] */
	struct piece	*heap;
	struct piece	 in[INLINE_PIECES];
};

struct half {
	struct ctx	*c;
	struct tally	*t;		/* counted into */
	struct names	 ids;		/* the half's own client numbers */
	size_t		*client;	/* by number: hours_client_id() */
	struct open_day	*od;		/* by number: the day open */
	struct open_day	*held;		/* second half: the first day */
	size_t		 n, cap;	/* clients numbered, room for */
	size_t		 nlogged;	/* records up to asof, any status */
	int		 unsorted;	/* a client went back a day */
};

static struct piece *
pieces(struct open_day *o)
{
	return o->cap != 0 ? o->heap : o->in;
}

/* Room for one more piece. */
static struct piece *
reserve_piece(struct open_day *o)
{
	if (o->cap == 0 && o->n == INLINE_PIECES) {
		o->heap = xreallocarray(o->heap, 2 * INLINE_PIECES,
		    sizeof *o->heap);
		memcpy(o->heap, o->in, sizeof o->in);
		o->cap = 2 * INLINE_PIECES;
	} else if (o->cap != 0 && o->n == o->cap) {
		o->cap *= 2;
		o->heap = xreallocarray(o->heap, o->cap, sizeof *o->heap);
	}
	return pieces(o);
}

/* Add [start, end) to the union of the open day. */
static void
fold_interval(struct open_day *o, int start, int end)
{
	struct piece *p = pieces(o);
	size_t i, j;

	for (i = 0; i < o->n && p[i].end < start; i++)
		;
	for (j = i; j < o->n && p[j].start <= end; j++) {
		if (p[j].start < start)
			start = p[j].start;
		if (p[j].end > end)
			end = p[j].end;
	}
	if (j == i) {		/* a new piece before piece i */
		p = reserve_piece(o);
		memmove(p + i + 1, p + i, (o->n - i) * sizeof *p);
		o->n++;
	} else {		/* pieces i to j - 1 become one */
		memmove(p + i + 1, p + j, (o->n - j) * sizeof *p);
		o->n -= j - i - 1;
	}
	p[i].start = start;
	p[i].end = end;
}

static void
empty_day(struct open_day *o)
{
	o->day = NONE;
	o->n = 0;
	o->sessions = 0;
}

/* Count day o of client into t (nothing if none of it qualified). */
static void
count_open(const struct ctx *c, struct tally *t, size_t client,
    struct open_day *o)
{
	const struct piece *p = pieces(o);
	struct aday d;
	size_t i;

	if (o->sessions == 0)
		return;
	d.client = client;
	d.day = o->day;
	d.auth = o->auth;
	d.sessions = o->sessions;
	d.minutes = 0;
	for (i = 0; i < o->n; i++)	/* the clock's change counts */
		d.minutes += time_elapsed(o->day, p[i].start, p[i].end);
	count_day(c, t, &d);
}

/* Move day *from to *to (closed), leaving *from closed. */
static void
move_day(struct open_day *to, struct open_day *from)
{
	free(to->heap);
	*to = *from;
	from->heap = NULL;
	from->cap = 0;
	empty_day(from);
}

/*
 * Count the client's open day, if any, and close it; in the second
 * half, the client's first day is held instead (join_halves()).
 */
static void
close_day(struct half *hf, size_t id)
{
	struct open_day *o = &hf->od[id];

	if (o->day == NONE)
		return;
	if (hf->held != NULL && hf->held[id].day == NONE) {
		move_day(&hf->held[id], o);
		return;
	}
	count_open(hf->c, hf->t, hf->client[id], o);
	empty_day(o);
}

/* A client new to the half: its number is id. */
static void
new_client(struct half *hf, size_t id, const char *s, size_t len)
{
	struct ctx *c = hf->c;
	size_t i, cap;

	if (id >= hf->cap) {
		cap = hf->cap ? hf->cap * 2 : 1024;
		hf->client = xreallocarray(hf->client, cap, sizeof *hf->client);
		hf->od = xreallocarray(hf->od, cap, sizeof *hf->od);
		memset(hf->od + hf->cap, 0, (cap - hf->cap) * sizeof *hf->od);
		for (i = hf->cap; i < cap; i++)
			hf->od[i].day = NONE;
		if (hf->held != NULL) {
			hf->held = xreallocarray(hf->held, cap,
			    sizeof *hf->held);
			memset(hf->held + hf->cap, 0, (cap - hf->cap) *
			    sizeof *hf->held);
			for (i = hf->cap; i < cap; i++)
				hf->held[i].day = NONE;
		}
		hf->cap = cap;
	}
	hf->client[id] = auth_client_id(c->att_ids, s, len);
	hf->n = id + 1;
}

/*
 * A session of the client: the authorization covering its day is
 * found when the day opens, and a service it does not count is left
 * out (the day stays open, so that the log's order is still checked).
 */
static void
fold_item(struct half *hf, size_t id, const struct attlog_item *it)
{
	const struct ctx *c = hf->c;
	struct open_day *o = &hf->od[id];

	if (it->day != o->day) {
		if (it->day < o->day && o->day != NONE) {
			hf->unsorted = 1;	/* read again into the table */
			return;
		}
		close_day(hf, id);
		o->day = it->day;
		o->auth = covering(c, hf->client[id], it->day);
	}
	if (o->auth >= 0 && !payer_qualifies(c->as[o->auth].payer,
	    it->service, it->slen))
		return;
	fold_interval(o, it->start, it->end);
	o->sessions++;
}

/*
 * A batch, in stages, so that the cache misses of its records overlap
 * rather than follow one another (as hours_add_log() does): with tens of
 * thousands of clients, a record's name slot, open day and
 * authorization are in main memory.
 */
static void
fold_batch(struct half *hf, const struct attlog_item *it, size_t n)
{
	const struct ctx *c = hf->c;
	uint64_t hash[ATTLOG_BATCH];
	size_t id[ATTLOG_BATCH], i, k;

	names_reserve(&hf->ids, n);
	for (i = 0; i < n; i++) {
		hash[i] = names_hash(it[i].client, it[i].len);
		COMPAT_PREFETCH(names_slot(&hf->ids, hash[i]));
	}
	for (i = 0; i < n; i++) {
		id[i] = names_intern_hashed(&hf->ids, it[i].client, it[i].len,
		    hash[i]);
		if (id[i] == hf->n)
			new_client(hf, id[i], it[i].client, it[i].len);
		COMPAT_PREFETCH_W(&hf->od[id[i]]);
		COMPAT_PREFETCH_W((const char *)(&hf->od[id[i]] + 1) - 1);
	}
	for (i = 0; i < n; i++) {
		const struct open_day *o = &hf->od[id[i]];

		if (o->auth >= 0 && o->day != NONE)
			COMPAT_PREFETCH_W(&hf->t->used[o->auth]);
		if (o->day != it[i].day && (k = hf->client[id[i]]) < c->ncl &&
		    c->cl[k].n > 0)
			COMPAT_PREFETCH(&c->as[c->cl[k].first].start);
	}
	for (i = 0; i < n && !hf->unsorted; i++)
		fold_item(hf, id[i], &it[i]);
}

/* attlog_read()'s sink: what a half folds. */
static int
log_keep(void *arg, int half, const struct colmap *m, const struct rec *r,
    const struct attlog_rec *a, size_t *tag)
{
	struct half *hf = &((struct ctx *)arg)->half[half];

	if (a->day <= hf->c->asof)
		hf->nlogged++;
	return attlog_counts_hours(a->status) && a->day <= hf->c->asof;
}

static int
log_take(void *arg, int half, const struct attlog_item *it, size_t n,
    int wait)
{
	struct half *hf = &((struct ctx *)arg)->half[half];
	size_t i, k;

	for (i = 0; i < n && !hf->unsorted; i += k) {
		k = n - i < ATTLOG_BATCH ? n - i : ATTLOG_BATCH;
		fold_batch(hf, it + i, k);
	}
	return 1;
}

static void
half_init(struct ctx *c, struct half *hf, struct tally *t, int second)
{
	memset(hf, 0, sizeof *hf);
	hf->c = c;
	hf->t = t;
	hf->ids = (struct names)NAMES_INIT;
	if (second)	/* not NULL: the first days are held */
		hf->held = xcalloc(1, sizeof *hf->held);
}

static void
half_free(struct half *hf)
{
	size_t i;

	for (i = 0; i < hf->cap; i++) {
		free(hf->od[i].heap);
		if (hf->held != NULL)
			free(hf->held[i].heap);
	}
	free(hf->od);
	free(hf->held);
	free(hf->client);
	names_free(&hf->ids);
}

/* Merge day *from into *to, the same day, leaving *from closed. */
static void
merge_day(struct open_day *to, struct open_day *from)
{
	const struct piece *p = pieces(from);
	size_t i;

	for (i = 0; i < from->n; i++)
		fold_interval(to, p[i].start, p[i].end);
	to->sessions += from->sessions;
	empty_day(from);
}

/*
 * Client id of the second half at the seam: its first day after, or
 * the same as, the first half's last (else the log went back a day);
 * counted in date order, the last day left open in the first half.
 */
static void
join_client(struct half *h1, struct half *h2, size_t id)
{
	struct ctx *c = h1->c;
	size_t g = h2->client[id], k;
	struct open_day *a, *first, *last;

	k = names_intern(&h1->ids, hours_client(c->att, g),
	    hours_client_len(c->att, g));
	if (k == h1->n)
		new_client(h1, k, hours_client(c->att, g),
		    hours_client_len(c->att, g));
	a = &h1->od[k];
	first = h2->held[id].day != NONE ? &h2->held[id] : &h2->od[id];
	last = first == &h2->od[id] ? NULL : &h2->od[id];
	if (first->day == NONE)
		return;
	if (a->day != NONE && a->day > first->day) {
		h1->unsorted = 1;
		return;
	}
	if (a->day == first->day)
		merge_day(a, first);
	else {
		close_day(h1, k);
		move_day(a, first);
	}
	if (last != NULL && last->day != NONE) {
		close_day(h1, k);
		move_day(a, last);
	}
}

/*
 * A --days row of the second half, counted again after the first
 * half's days: its units, and whether they had run out before it.
 */
static void
recount_row(struct ctx *c, struct dayrow *k)
{
	enum reason why = (enum reason)(k->sessions_reason & 3);
	long sessions = (long)(k->sessions_reason >> 2), a, before;
	const struct auth *au;

	if (why == RS_NO_AUTH)
		return;
	a = covering(c, k->client, k->day);
	au = &c->as[a];
	before = c->t.used[a];
	c->t.used[a] += auth_day_units(au->payer, au->unit, (long)k->minutes,
	    sessions);
	if (why != RS_BELOW_RULE)
		why = before >= au->units ? RS_AFTER_UNITS : RS_BILLABLE;
	k->sessions_reason = (uint32_t)sessions << 2 | why;
}

/*
 * Move the rows of t2 to ctx's, from the end, a block at a time, giving
 * back t2's memory as they go: the rows are not held twice.
 */
#define ROWS_BLOCK	(1 << 16)

static void
move_rows(struct ctx *c, struct tally *t2)
{
	size_t k;

	while (t2->ndr > 0) {
		k = t2->ndr < ROWS_BLOCK ? t2->ndr : ROWS_BLOCK;
		while (c->t.ndr + k > c->t.capdr)
			grow((void **)&c->t.dr, c->t.capdr, &c->t.capdr,
			    sizeof *c->t.dr);
		memcpy(c->t.dr + c->t.ndr, t2->dr + t2->ndr - k,
		    k * sizeof *c->t.dr);
		c->t.ndr += k;
		t2->ndr -= k;
		if (t2->ndr + ROWS_BLOCK < t2->capdr / 2) {
			t2->capdr = t2->ndr + ROWS_BLOCK;
			t2->dr = xreallocarray(t2->dr, t2->capdr,
			    sizeof *t2->dr);
		}
	}
}

/*
 * The second half's days between its first and last: after the seam.
 * Only the units used depend on the order (and with --days, each row's
 * after_units); the findings and the PHP check's days do not.
 */
static void
join_tally(struct ctx *c, struct tally *t2)
{
	size_t i;

	if (c->days) {	/* in date order after the first half's */
		for (i = 0; i < t2->ndr; i++)
			recount_row(c, &t2->dr[i]);
		move_rows(c, t2);
	} else {
		for (i = 0; i < c->nas; i++)
			c->t.used[i] += t2->used[i];
	}
	for (i = 0; i < t2->nfs; i++) {
		grow((void **)&c->t.fs, c->t.nfs, &c->t.capfs, sizeof *c->t.fs);
		c->t.fs[c->t.nfs++] = t2->fs[i];
	}
	for (i = 0; i < t2->nphp; i++)
		keep_cday(&c->t.php, &c->t.nphp, &c->t.capphp,
		    t2->php[i].client, t2->php[i].day, t2->php[i].auth);
	for (i = 0; i < t2->niop; i++)
		keep_cday(&c->t.iop, &c->t.niop, &c->t.capiop,
		    t2->iop[i].client, t2->iop[i].day, t2->iop[i].auth);
	memset(t2->used, 0, (c->nas + 1) * sizeof *t2->used);
	t2->nfs = t2->ndr = t2->nphp = t2->niop = 0;	/* text stays */
}

/* After a log: the second half's days after the first half's. */
static void
join_halves(struct ctx *c)
{
	struct half *h1 = &c->half[0], *h2 = &c->half[1];
	size_t id;

	h1->nlogged += h2->nlogged;
	h1->unsorted |= h2->unsorted;
	for (id = 0; id < h2->n && !h1->unsorted; id++)
		join_client(h1, h2, id);
	if (!h1->unsorted)
		join_tally(c, &c->t2);
	half_free(h2);
	half_init(c, h2, &c->t2, 1);
}

/* Fold the logs; c->unsorted if one went back a day. */
static void
fold_logs(struct ctx *c, int argc, char *argv[])
{
	struct half hv[ATTLOG_HALVES];
	struct attlog_sink sink;
	long earliest, latest;
	size_t id;
	int i;

	period_date_limits(&earliest, &latest);
	c->half = hv;
	half_init(c, &hv[0], &c->t, 0);
	half_init(c, &hv[1], &c->t2, 1);
	memset(&sink, 0, sizeof sink);
	sink.keep = log_keep;
	sink.take = log_take;
	sink.arg = c;
	sink.flags = ATTLOG_READ_SERVICE;
	for (i = 1; i < argc; i++) {
		attlog_read(argv[i], c->opts.ifmt, earliest, latest, &sink);
		join_halves(c);
	}
	c->nlogged += hv[0].nlogged;
	c->unsorted = hv[0].unsorted;
	for (id = 0; id < hv[0].n && !c->unsorted; id++)
		close_day(&hv[0], id);
	half_free(&hv[0]);
	half_free(&hv[1]);
	c->half = NULL;
}

/* The table's rows, by date and client: each client's in date order. */
static void
count_table(struct ctx *c)
{
	struct hours_cursor cur;
	struct hours_row r;
	struct aday d;
	long svc[2];

	r.service = svc;
	hours_prepare(c->att);
	hours_seek(c->att, &cur, 0);
	while (hours_next(c->att, &cur, &r)) {
		d.client = r.client;
		d.day = r.week;
		d.minutes = r.minutes;
		d.sessions = r.sessions;
		d.auth = covering(c, d.client, d.day);
		count_day(c, &c->t, &d);
	}
}

static const char *const daycols[] = {
	"date", "client_id", "auth_id", "payer", "services", "hours", "class",
	"code", "billable", "reason"
};

static void
write_day(struct ctx *c, const struct dayrow *k)
{
	struct rec o = REC_INIT;
	enum reason why = (enum reason)(k->sessions_reason & 3);
	long sessions = (long)(k->sessions_reason >> 2);
	long a = why == RS_NO_AUTH ? -1 : covering(c, k->client, k->day);
	char d[DATE_LEN], cls[16], h[32];
	const char *code = "";

	strcpy(cls, "no_auth");
	if (a >= 0)
		auth_day_class(c->as[a].payer, (long)k->minutes, sessions, cls,
		    &code);
	if (why != RS_BILLABLE && why != RS_AFTER_UNITS)
		code = "";
	date_format(k->day, d);
	rec_adds(&o, daycols[0], d, REC_PLAIN);
	rec_adds(&o, daycols[1], hours_client(c->att, k->client), REC_TEXT);
	rec_adds(&o, daycols[2], a >= 0 ? c->as[a].id : "", REC_TEXT);
	rec_adds(&o, daycols[3], a >= 0 ? c->as[a].payer_text : "", REC_TEXT);
	rec_add_count(&o, daycols[4], sessions);
	rec_add(&o, daycols[5], h, num_fmt_hours((long)k->minutes, h),
	    REC_NUM);
	rec_adds(&o, daycols[6], cls, REC_PLAIN);
	rec_adds(&o, daycols[7], code, REC_TEXT);
	rec_adds(&o, daycols[8], why == RS_BILLABLE ? "yes" : "no", REC_PLAIN);
	rec_adds(&o, daycols[9], reason_names[why], REC_PLAIN);
	if (rout_write(c->w, &o) == -1)
		exit(EXIT_TROUBLE);
	rec_free(&o);
}

static uint32_t *client_rank;	/* for dayrow_cmp: rank by client id */

static int
dayrow_cmp(const void *x, const void *y)
{
	const struct dayrow *a = x, *b = y;

	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return (client_rank[a->client] > client_rank[b->client]) -
	    (client_rank[a->client] < client_rank[b->client]);
}

static int
client_cmp(const void *x, const void *y)
{
	return strcmp(hours_client(sort_ctx->att, *(const uint32_t *)x),
	    hours_client(sort_ctx->att, *(const uint32_t *)y));
}

/* --days: the rows by date, then client id (bytewise), as iop-hours. */
static void
write_days(struct ctx *c)
{
	size_t n = hours_nclients(c->att), i;
	uint32_t *order = xcalloc(n + 1, sizeof *order);

	client_rank = xcalloc(n + 1, sizeof *client_rank);
	for (i = 0; i < n; i++)
		order[i] = (uint32_t)i;
	sort_ctx = c;
	qsort(order, n, sizeof *order, client_cmp);
	for (i = 0; i < n; i++)
		client_rank[order[i]] = (uint32_t)i;
	free(order);
	if (c->t.ndr > 0)
		qsort(c->t.dr, c->t.ndr, sizeof *c->t.dr, dayrow_cmp);
	for (i = 0; i < c->t.ndr; i++)
		write_day(c, &c->t.dr[i]);
	free(client_rank);
}

/* --- the schedule: when the units run out --- */

static void
project_day(struct ctx *c, const struct hours_row *r)
{
	const char *id = hours_client(c->sch, r->client);
	size_t client = hours_client_id(c->att, id, strlen(id));
	long a = covering(c, client, r->week);
	struct auth *au;

	if (a < 0) {
		if (c->cl[client].unc_n == 0)
			c->cl[client].unc_first = r->week;
		c->cl[client].unc_n += r->sessions;
		return;
	}
	au = &c->as[a];
	if (au->proj >= au->units) {
		if (au->past_n == 0)
			au->past_first = r->week;
		au->past_n += r->sessions;
		return;
	}
	au->proj += auth_day_units(au->payer, au->unit, r->minutes,
	    r->sessions);
	if (au->proj >= au->units)
		au->runs_out = r->week;
}

static void
project(struct ctx *c)
{
	struct hours_cursor cur;
	struct hours_row r;
	long svc[2];
	size_t i;

	for (i = 0; i < c->nas; i++)
		c->as[i].proj = c->as[i].used;
	r.service = svc;
	hours_prepare(c->sch);
	hours_seek(c->sch, &cur, 0);
	while (hours_next(c->sch, &cur, &r))
		project_day(c, &r);
}

/* --- rules about an authorization --- */

static struct auth_state
state_of(const struct ctx *c, const struct auth *a)
{
	struct auth_state s;

	s.units = a->units;
	s.used = a->used;
	s.start = a->start;
	s.end = a->end;
	s.asof = c->asof;
	return s;
}

static long
recert_by(const struct auth *a)
{
	return a->payer->recert_days > 0 && a->certified != NONE ?
	    a->certified + a->payer->recert_days : NONE;
}

static void
check_reviews(struct ctx *c, long i)
{
	const struct auth *a = &c->as[i];
	char d[DATE_LEN];

	if (c->asof > a->end)
		return;		/* an ended authorization needs no review */
	if (auth_due(&c->ps, a->next_review, c->asof))
		find(c, a->client, i, AR_REVIEW_DUE, a->next_review,
		    "utilization review due");
	if (a->payer->recert_days == 0)
		return;
	if (a->certified == NONE)
		find(c, a->client, i, AR_RECERT_DUE, NONE,
		    "no certification date on file");
	else if (auth_due(&c->ps, recert_by(a), c->asof)) {
		date_format(a->certified, d);
		find(c, a->client, i, AR_RECERT_DUE, recert_by(a),
		    "recertification due %ld days after the certification "
		    "of %s", a->payer->recert_days, d);
	}
}

static void
check_auth(struct ctx *c, long i)
{
	const struct auth *a = &c->as[i];
	struct auth_state s = state_of(c, a);
	char u1[32], u2[32];

	fmt_units(a, a->used, u1);
	fmt_units(a, a->units, u2);
	if (a->used > a->units)
		find(c, a->client, i, AR_OVER_AUTHORIZATION, NONE, "used %s of "
		    "%s authorized %ss", u1, u2, auth_unit_name(a->unit));
	else if (a->used == a->units)
		find(c, a->client, i, AR_AUTH_EXHAUSTED, NONE, "all %s authorized "
		    "%ss used",
		    u2, auth_unit_name(a->unit));
	else if (c->asof <= a->end && a->end - c->asof <= c->ps.expiring_days)
		find(c, a->client, i, AR_AUTH_EXPIRING, a->end, "ends in %ld "
		    "days; %s authorized %ss left", auth_days_left(&s),
		    fmt_units(a, a->units - a->used, u1),
		    auth_unit_name(a->unit));
	check_reviews(c, i);
	if (a->past_n > 0)
		find(c, a->client, i, AR_SCHEDULED_PAST_AUTH, a->past_first,
		    "%ld scheduled session(s) after the units run out",
		    a->past_n);
}

static void
check_unscheduled(struct ctx *c)
{
	size_t k;

	for (k = 0; k < c->ncl; k++)
		if (c->cl[k].unc_n > 0)
			find(c, k, -1, AR_SCHEDULED_PAST_AUTH, c->cl[k].unc_first,
			    "%ld scheduled session(s) with no authorization "
			    "covering them", c->cl[k].unc_n);
}

static int
cday_cmp(const void *x, const void *y)
{
	const struct cday *a = x, *b = y;

	if (a->client != b->client)
		return a->client < b->client ? -1 : 1;
	return (a->day > b->day) - (a->day < b->day);
}

/* Is there a PHP day of client in [lo, hi]? */
static int
php_near(const struct ctx *c, size_t client, long lo, long hi)
{
	size_t l = 0, h = c->t.nphp, m;

	while (l < h) {		/* the first at or after (client, lo) */
		m = l + (h - l) / 2;
		if (c->t.php[m].client < client ||
		    (c->t.php[m].client == client && c->t.php[m].day < lo))
			l = m + 1;
		else
			h = m;
	}
	return l < c->t.nphp && c->t.php[l].client == client &&
	    c->t.php[l].day <= hi;
}

static void
check_php(struct ctx *c)
{
	size_t i;

	if (c->t.nphp == 0)
		return;
	qsort(c->t.php, c->t.nphp, sizeof *c->t.php, cday_cmp);
	for (i = 0; i < c->t.niop; i++) {
		const struct cday *d = &c->t.iop[i];
		long w = c->as[d->auth].payer->php_window_days;

		if (php_near(c, d->client, d->day - w, d->day + w))
			find(c, d->client, d->auth, AR_PHP_OVERLAP, d->day,
			    "an IOP day within %ld days of a PHP day", w);
	}
}

/* --- the programme's days a week (H0015: at least 3) --- */

static int
sday_cmp(const void *x, const void *y)
{
	const struct sday *a = x, *b = y;

	if (a->client != b->client)
		return a->client < b->client ? -1 : 1;
	return (a->day > b->day) - (a->day < b->day);
}

/* The first offered day of client on or after day: its index. */
static size_t
sday_find(const struct ctx *c, size_t client, long day)
{
	size_t l = 0, h = c->nsd, m;

	while (l < h) {
		m = l + (h - l) / 2;
		if (c->sd[m].client < client || (c->sd[m].client == client &&
		    c->sd[m].day < day))
			l = m + 1;
		else
			h = m;
	}
	return l;
}

/*
 * Each whole week (Monday to Sunday) of the authorization's window
 * whose Monday to Friday the schedule spans: the days it offers the
 * client the programme.  A part week at either end of the window is not
 * judged, nor a week the schedule starts after its Monday or ends
 * before its Friday (a plan that begins on a Thursday).
 */
static void
check_program_days(struct ctx *c, long i)
{
	const struct auth *a = &c->as[i];
	long need = a->payer->program_days, lo, hi, mon, n;
	size_t k;

	lo = a->start > c->sch_lo ? a->start : c->sch_lo;
	hi = a->end < c->sch_hi + 2 ? a->end : c->sch_hi + 2;
	for (mon = date_week_start(lo + 6, 0); mon + 6 <= hi; mon += 7) {
		k = sday_find(c, a->client, mon);
		for (n = 0; k < c->nsd && c->sd[k].client == a->client &&
		    c->sd[k].day <= mon + 6; k++)
			n++;
		if (n < need)
			find(c, a->client, i, AR_PROGRAM_DAYS_SHORT, mon,
			    "the schedule offers the programme on %ld day(s) of "
			    "the week, under %ld", n, need);
	}
}

static void
check_programs(struct ctx *c)
{
	size_t i, j = 0;

	if (c->sch == NULL || c->nsd == 0)
		return;
	qsort(c->sd, c->nsd, sizeof *c->sd, sday_cmp);
	for (i = 0; i < c->nsd; i++)	/* each client-day once */
		if (j == 0 || sday_cmp(&c->sd[j - 1], &c->sd[i]) != 0)
			c->sd[j++] = c->sd[i];
	c->nsd = j;
	for (i = 0; i < c->nas; i++)
		if (c->as[i].payer->program_days > 0)
			check_program_days(c, (long)i);
}

/* --- output --- */

static int
finding_cmp(const void *x, const void *y)
{
	const struct finding *a = x, *b = y;
	int k = strcmp(hours_client(sort_ctx->att, a->client),
	    hours_client(sort_ctx->att, b->client));

	if (k != 0)
		return k;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	if (a->rule != b->rule)
		return (int)a->rule - (int)b->rule;
	if (a->auth != b->auth)
		return a->auth < b->auth ? -1 : 1;
	return strcmp(a->detail, b->detail);
}

static void
add_date(struct rec *o, const char *key, long day)
{
	char d[DATE_LEN];

	if (day == NONE)
		d[0] = '\0';
	else
		date_format(day, d);
	rec_adds(o, key, d, REC_PLAIN);
}

static const char *const findcols[] = {
	"client_id", "auth_id", "rule", "severity", "date", "detail"
};

static void
write_findings(struct ctx *c)
{
	struct rec o = REC_INIT;
	size_t i;

	rout_columns(c->w, findcols, 6);
	for (i = 0; i < c->t.nfs; i++) {
		const struct finding *f = &c->t.fs[i];

		rec_clear(&o);
		rec_adds(&o, findcols[0], hours_client(c->att, f->client),
		    REC_TEXT);
		rec_adds(&o, findcols[1], f->auth >= 0 ? c->as[f->auth].id : "",
		    REC_TEXT);
		rec_adds(&o, findcols[2], auth_rule_name(f->rule), REC_PLAIN);
		rec_adds(&o, findcols[3], sev_name(f->sev), REC_PLAIN);
		add_date(&o, findcols[4], f->day);
		rec_adds(&o, findcols[5], f->detail, REC_TEXT);
		if (rout_write(c->w, &o) == -1)
			exit(EXIT_TROUBLE);
	}
	rec_free(&o);
}

static const char *const reportcols[] = {
	"client_id", "auth_id", "payer", "level", "start", "end", "units",
	"unit", "used", "remaining", "pct_remaining", "band", "days_left",
	"runs_out", "status", "next_review", "review_due", "certified",
	"recert_by"
};
#define NREPORT	(sizeof reportcols / sizeof reportcols[0])

static void
report_row(const struct ctx *c, const struct auth *a, struct rec *o)
{
	struct auth_state s = state_of(c, a);
	const char *const *k = reportcols;
	char b[32];

	rec_adds(o, *k++, hours_client(c->att, a->client), REC_TEXT);
	rec_adds(o, *k++, a->id, REC_TEXT);
	rec_adds(o, *k++, a->payer_text, REC_TEXT);
	rec_adds(o, *k++, a->level, REC_TEXT);
	add_date(o, *k++, a->start);
	add_date(o, *k++, a->end);
	rec_adds(o, *k++, fmt_units(a, a->units, b), REC_NUM);
	rec_adds(o, *k++, auth_unit_name(a->unit), REC_PLAIN);
	rec_adds(o, *k++, fmt_units(a, a->used, b), REC_NUM);
	rec_adds(o, *k++, fmt_units(a, a->used < a->units ? a->units - a->used :
	    0, b), REC_NUM);
	auth_fmt_pct(a->units, a->used, b);
	rec_adds(o, *k++, b, REC_NUM);
	rec_adds(o, *k++, auth_band_name(auth_band(&c->ps, a->units, a->used)),
	    REC_PLAIN);
	rec_add_count(o, *k++, auth_days_left(&s));
	add_date(o, *k++, a->runs_out);
	rec_adds(o, *k++, auth_status_name(auth_status(&c->ps, &s)), REC_PLAIN);
	add_date(o, *k++, a->next_review);
	rec_adds(o, *k++, a->next_review == NONE ? "" : c->asof <= a->end &&
	    auth_due(&c->ps, a->next_review, c->asof) ? "yes" : "no", REC_PLAIN);
	add_date(o, *k++, a->certified);
	add_date(o, *k++, recert_by(a));
}

static void
write_report(struct ctx *c)
{
	struct rec o = REC_INIT;
	size_t i;

	rout_columns(c->w, reportcols, NREPORT);
	for (i = 0; i < c->nas; i++) {
		rec_clear(&o);
		report_row(c, &c->as[i], &o);
		if (rout_write(c->w, &o) == -1)
			exit(EXIT_TROUBLE);
	}
	rec_free(&o);
}

/* --- main --- */

enum { OPT_AS_OF = 2000, OPT_DAYS, OPT_FAIL_ON, OPT_FINDINGS, OPT_PAYER,
	OPT_PRINT_PAYER };

static const struct option longopts[] = {
	COMMON_LONGOPTS,
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "days", no_argument, NULL, OPT_DAYS },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "findings", no_argument, NULL, OPT_FINDINGS },
	{ "help", no_argument, NULL, 'h' },
	{ "payer", required_argument, NULL, OPT_PAYER },
	{ "print-payer", no_argument, NULL, OPT_PRINT_PAYER },
	{ "schedule", required_argument, NULL, 's' },
	{ NULL, 0, NULL, 0 }
};

struct args {
	const char	*schedule, *payer, *asof;
};

static void
bad_option(const char *msg)
{
	diag_warnx(NULL, "%s", msg);
	usage(EXIT_TROUBLE);
}

static void
parse_args(struct ctx *c, int argc, char *argv[], struct args *a)
{
	int ch;

	while ((ch = getopt_long(argc, argv, "hI:O:o:s:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
		case 's':
			a->schedule = optarg;
			break;
		case OPT_AS_OF:
			a->asof = optarg;
			break;
		case OPT_DAYS:
			c->days = 1;
			break;
		case OPT_FAIL_ON:
			if (opt_fail_on(optarg, &c->fail_on) == -1)
				usage(EXIT_TROUBLE);
			break;
		case OPT_FINDINGS:
			c->findings = 1;
			break;
		case OPT_PAYER:
			a->payer = optarg;
			break;
		case OPT_PRINT_PAYER:
			fputs(payer_default, stdout);
			out_exit(0);
		default:
			if (common_option(&c->opts, ch, optarg) != 1)
				usage(EXIT_TROUBLE);
		}
	}
	if (c->days && c->findings)
		bad_option("--days and --findings do not go together");
}

static void
set_asof(struct ctx *c, const struct args *a)
{
	if (common_today(&c->opts) == -1)
		usage(EXIT_TROUBLE);
	c->asof = c->opts.today;
	if (a->asof != NULL && date_parse(a->asof, &c->asof) == -1)
		bad_option("--as-of takes a date (YYYY-MM-DD)");
}

/*
 * Can a log not be read twice: standard input (none named, or "-"), or
 * a name for a pipe, a FIFO or a device (<(cmd), /dev/stdin)?  A name
 * that is not there is left to the read to report.
 */
static int
reads_once(int argc, char *argv[])
{
	struct stat st;
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "-") == 0 ||
		    (stat(argv[i], &st) == 0 && !S_ISREG(st.st_mode)))
			return 1;
	return argc < 2;
}

static void
read_logs(struct ctx *c, int argc, char *argv[])
{
	long earliest, latest;
	int i;

	period_date_limits(&earliest, &latest);
	attlog_reader_init(&c->rd, earliest, latest);
	for (i = 1; i < argc || i == 1; i++)
		check_stream(i < argc ? argv[i] : "-", c->opts.ifmt,
		    attlog_columns, ATTLOG_REQUIRED, ATTLOG_REQUIRED,
		    CHECK_ONLY_NAMED, log_record, c);
}

/* What the folding of an unsorted log counted, before it is read again. */
static void
forget_counts(struct ctx *c)
{
	memset(c->t.used, 0, (c->nas + 1) * sizeof *c->t.used);
	c->t.nfs = c->t.nphp = c->t.niop = c->t.ndr = 0;
}

static int
read_inputs(struct ctx *c, const struct args *a, int argc, char *argv[])
{
	int infmt;

	infmt = check_stream(argv[0], c->opts.ifmt, authcols, NAUTHCOLS,
	    NAUTH_REQUIRED, CHECK_ONLY_NAMED, auth_record, c);
	index_auths(c);
	if (a->schedule != NULL)
		check_stream(a->schedule, c->opts.ifmt, schedcols, NSCHED,
		    NSCHED_REQUIRED, CHECK_ONLY_NAMED, schedule_record, c);
	c->fold = !reads_once(argc, argv);
	if (c->fold)
		fold_logs(c, argc, argv);
	else
		read_logs(c, argc, argv);
	if (c->unsorted) {	/* a file can be read again; a pipe cannot */
		forget_counts(c);
		c->fold = 0;
		read_logs(c, argc, argv);
	}
	if (c->nlogged == 0)	/* a stale log would read as units unused */
		attlog_notice_empty();
	/* clients the schedule and the logs named, past the auths' */
	c->cl = xreallocarray(c->cl, hours_nclients(c->att) + 1, sizeof *c->cl);
	memset(c->cl + c->ncl + 1, 0, (hours_nclients(c->att) - c->ncl) *
	    sizeof *c->cl);
	c->ncl = hours_nclients(c->att);
	return infmt;
}

static void
review(struct ctx *c)
{
	size_t i;

	if (!c->fold)
		count_table(c);
	for (i = 0; i < c->nas; i++)
		c->as[i].used = c->t.used[i];
	if (c->sch != NULL)
		project(c);
	for (i = 0; i < c->nas; i++)
		check_auth(c, (long)i);
	check_unscheduled(c);
	check_programs(c);
	check_php(c);
	sort_ctx = c;
	if (c->t.nfs > 0)
		qsort(c->t.fs, c->t.nfs, sizeof *c->t.fs, finding_cmp);
}

int
main(int argc, char *argv[])
{
	static struct ctx c;
	struct args a;
	struct out *out;
	size_t i;
	int infmt;

	diag_init(argv[0]);
	argv[0] = (char *)diag_progname();
	if (compat_pledge("stdio rpath wpath cpath") == -1)
		diag_fatal("pledge failed");
	memset(&a, 0, sizeof a);
	c.opts = (struct common)COMMON_INIT;
	c.fail_on = SEV_VIOLATION;
	c.sch_lo = LONG_MAX;
	c.sch_hi = LONG_MIN;
	parse_args(&c, argc, argv, &a);
	argc -= optind;
	argv += optind;
	if (argc < 1)
		bad_option("the authorizations are needed");
	set_asof(&c, &a);
	if (payer_load(&c.ps, a.payer) == -1)
		return EXIT_TROUBLE;
	c.att = hours_new(HOURS_DAILY);
	c.att_ids = auth_ids_new(c.att);
	c.svc = hours_service_id(c.att, "all", 3);
	if (a.schedule != NULL) {
		c.sch = hours_new(HOURS_DAILY);
		hours_service_id(c.sch, "all", 3);
	}
	infmt = read_inputs(&c, &a, argc, argv);
	if ((out = out_open(c.opts.output)) == NULL)
		return EXIT_TROUBLE;
	c.w = rout_open(out_file(out), common_outfmt(&c.opts, infmt),
	    c.opts.raw ? ROUT_RAW : 0);
	if (c.days)
		rout_columns(c.w, daycols, sizeof daycols / sizeof daycols[0]);
	review(&c);
	if (c.days)
		write_days(&c);
	else if (c.findings)
		write_findings(&c);
	else
		write_report(&c);
	if (rout_close(c.w) == -1 || out_commit(out) == -1)
		return EXIT_TROUBLE;
	for (i = 0; i < c.t.nfs; i++)
		if (c.t.fs[i].sev >= c.fail_on)
			diag_found();
	return diag_status();
}
