/*
 * iop-attend: audit attendance against the schedule and the program's
 * attendance policy.
 *
 * Reads the dated schedule (iop-plan --sessions, or an export with the
 * same fields), the attendance logs and a policy, matches each
 * scheduled session to what was logged that day, and writes one
 * finding per thing a payer, an accreditor or the clinical director
 * asks about: sessions with no record, absences, late arrivals, weeks
 * below the level's minimum hours, unsigned notes, a week that can no
 * longer reach its hours.  With --summary, one record per client.
 * Exit 1 when a finding is at or above --fail-on.
 *
 * This file is the options and the output; the inputs are read by
 * lib/attend_read.c (attend_read()), the audit is lib/attend.c, the
 * log's schema lib/attlog.c.
 */

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attend.h"
#include "attlog.h"
#include "compat.h"
#include "date.h"
#include "diag.h"
#include "levels.h"
#include "opt.h"
#include "out.h"
#include "period.h"
#include "program.h"
#include "policy.h"
#include "pseudo.h"
#include "recio.h"
#include "roster.h"
#include "xalloc.h"

/* What the options say. */
struct args {
	struct common	 opts;
	const char	*schedule, *policy, *roster, *week, *from, *to, *asof;
	const char	*program;	/* --program: closures, time zone */
	int		 summary;
	enum sev	 fail_on;
	int		 min_given;
	long		 min;		/* --min, in minutes */
	struct pseudo	*pseudo;	/* --pseudonymize, or NULL */
};

static _Noreturn void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, "usage: %s [-h] [--as-of date] "
	    "[--fail-on severity] [--from date]\n"
	    "\t[-I fmt] [--min hours] [-O fmt] [-o file] [-p policy] [--print-policy]\n"
	    "\t[--program program] [--pseudonymize keyfile] [--raw-csv] "
	    "[-r roster]\n"
	    "\t-s schedule [--summary] [--to date] [--today date] [-w week]\n"
	    "\t[--version] [file ...]\n", diag_progname());
	if (status == 0)
		fputs("\n"
		    "      --as-of date        "
		    "the last day audited (default today)\n"
		    "      --fail-on severity  "
		    "exit 1 on a finding this severe or worse\n"
		    "      --from date         "
		    "audit from date (YYYY-MM-DD) on\n"
		    "  -h, --help              print this help and exit\n"
		    "  -I, --input-format f    "
		    "read csv, yaml or jsonl, whatever the names\n"
		    "      --min hours         "
		    "the weekly minimum where the roster gives none\n"
		    "  -O, --output-format f   write csv, yaml or jsonl\n"
		    "  -o, --output file       write to file, all or nothing\n"
		    "  -p, --policy file       "
		    "read the policy from a YAML file\n"
		    "      --print-policy      "
		    "print the built-in policy and exit\n"
		    "      --program file      "
		    "closures and time zone from an iop-plan program\n"
		    "      --pseudonymize k    "
		    "client ids as HMAC-SHA256 pseudonyms under key file k\n"
		    "      --raw-csv           "
		    "no spreadsheet formula guard in CSV\n"
		    "  -r, --roster file       "
		    "read levels, age groups and enrolment from file\n"
		    "  -s, --schedule file     the dated schedule (required)\n"
		    "      --summary           "
		    "one record per client instead of the findings\n"
		    "      --to date           audit up to date (YYYY-MM-DD)\n"
		    "      --today date        "
		    "take date (YYYY-MM-DD) as today\n"
		    "      --version           print the version and exit\n"
		    "  -w, --week week         one week: this, last, 2026-W48 or a date in it\n",
		    stdout);
	out_exit(status);
}

/* --- options --- */

enum { OPT_AS_OF = 2000, OPT_FAIL_ON, OPT_FROM, OPT_MIN, OPT_PRINT_POLICY,
	OPT_PROGRAM, OPT_SUMMARY, OPT_TO };

static const struct option longopts[] = {
	COMMON_LONGOPTS,
	{ "as-of", required_argument, NULL, OPT_AS_OF },
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "help", no_argument, NULL, 'h' },
	{ "min", required_argument, NULL, OPT_MIN },
	{ "policy", required_argument, NULL, 'p' },
	{ "print-policy", no_argument, NULL, OPT_PRINT_POLICY },
	{ "program", required_argument, NULL, OPT_PROGRAM },
	PSEUDO_LONGOPT,
	{ "roster", required_argument, NULL, 'r' },
	{ "schedule", required_argument, NULL, 's' },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "to", required_argument, NULL, OPT_TO },
	{ "week", required_argument, NULL, 'w' },
	{ NULL, 0, NULL, 0 }
};

static void
bad_option(const char *msg)
{
	diag_warnx(NULL, "%s", msg);
	usage(EXIT_TROUBLE);
}

static void
parse_args(int argc, char *argv[], struct args *a)
{
	int ch;

	while ((ch = getopt_long(argc, argv, "hI:O:o:p:r:s:w:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
		case 'p':
			a->policy = optarg;
			break;
		case 'r':
			a->roster = optarg;
			break;
		case 's':
			a->schedule = optarg;
			break;
		case 'w':
			a->week = optarg;
			break;
		case OPT_AS_OF:
			a->asof = optarg;
			break;
		case OPT_FAIL_ON:
			if (opt_fail_on(optarg, &a->fail_on) == -1)
				usage(EXIT_TROUBLE);
			break;
		case OPT_FROM:
			a->from = optarg;
			break;
		case OPT_MIN:
			if (opt_hours("--min", optarg, &a->min) == -1)
				usage(EXIT_TROUBLE);
			a->min_given = 1;
			break;
		case OPT_PRINT_POLICY:
			fputs(policy_default, stdout);
			out_exit(0);
		case OPT_PROGRAM:
			a->program = optarg;
			break;
		case OPT_PSEUDONYMIZE:
			if ((a->pseudo = pseudo_option(optarg)) == NULL)
				exit(EXIT_TROUBLE);
			break;
		case OPT_SUMMARY:
			a->summary = 1;
			break;
		case OPT_TO:
			a->to = optarg;
			break;
		default:
			if (common_option(&a->opts, ch, optarg) != 1)
				usage(EXIT_TROUBLE);
		}
	}
}

/* The period [*from, *to] and the day audited to, *asof. */
static void
set_period(struct args *a, long *from, long *to, long *asof)
{
	struct period_args pa = { a->week, a->from, a->to, a->asof };
	struct period p;

	if (common_today(&a->opts) == -1 ||
	    period_parse(&pa, a->opts.today, 0, &p) == -1)
		usage(EXIT_TROUBLE);
	*from = p.from;
	*to = p.to;
	*asof = p.as_of;
}

/*
 * The program file of iop-plan (--program), for what the policy shares
 * with it: its closures are not program days, as the holidays are, and
 * its time zone is the policy's when the policy names none.
 */
static int
use_program(struct policy *pol, const char *path)
{
	struct program prog;

	memset(&prog, 0, sizeof prog);
	if (program_load(&prog, path) == -1) {
		program_free(&prog);
		return -1;
	}
	policy_add_closures(pol, prog.closures, prog.nclosures);
	if (pol->time_zone[0] == '\0' && prog.time_zone != NULL &&
	    strlen(prog.time_zone) < sizeof pol->time_zone)
		memcpy(pol->time_zone, prog.time_zone,
		    strlen(prog.time_zone) + 1);
	program_free(&prog);
	return 0;
}

/*
 * Elapsed minutes (time_elapsed() in date.h) follow the local zone: set
 * it to the program's once, before any is counted, so a cron job on a
 * UTC machine totals a DST night as the program does.
 */
static void
use_time_zone(const struct policy *pol)
{
	if (pol->time_zone[0] == '\0')
		return;
	if (setenv("TZ", pol->time_zone, 1) == -1)
		diag_fatal("cannot set the time zone");
	tzset();
}

/* --- output --- */

/*
 * The date and week labels of the findings, each made once: half a
 * million findings fall on a few hundred days, and snprintf(3) (in
 * date_format()) was most of their formatting.  A table over the days
 * from the week of the first finding's date to the last one's holds
 * each label made, from the first time it is asked for; a span of over
 * LABEL_DAYS days (a period of centuries) has no table, and each label
 * is made anew.
 */
#define LABEL_DAYS	(1L << 16)

struct labels {
	long	 lo;			/* a Monday */
	long	 n;			/* days in the table, or 0 */
	char	(*day)[DATE_LEN];	/* by day - lo; "": not made yet */
	char	(*week)[WEEK_LEN];	/* by (Monday - lo) / 7 */
	char	 buf[WEEK_LEN];		/* one made anew */
};

static void
labels_init(struct labels *l, const struct attend *au)
{
	long lo = LONG_MAX, hi = LONG_MIN;
	size_t i;

	memset(l, 0, sizeof *l);
	for (i = 0; i < au->nfs; i++)
		if (au->fs[i].date != ATTEND_NODAY) {
			lo = au->fs[i].date < lo ? au->fs[i].date : lo;
			hi = au->fs[i].date > hi ? au->fs[i].date : hi;
		}
	if (lo > hi || hi - (l->lo = date_week_start(lo, 0)) >= LABEL_DAYS)
		return;
	l->n = hi - l->lo + 1;
	l->day = xcalloc((size_t)l->n, sizeof *l->day);
	l->week = xcalloc((size_t)l->n / 7 + 1, sizeof *l->week);
}

static void
labels_free(struct labels *l)
{
	free(l->day);
	free(l->week);
}

/* The label of day, or of the week that starts on it. */
static const char *
label(struct labels *l, long day, int week)
{
	char *s = l->buf;

	if (day >= l->lo && day - l->lo < l->n) {
		s = week ? l->week[(day - l->lo) / 7] : l->day[day - l->lo];
		if (s[0] != '\0')
			return s;
	}
	if (week)
		date_week_label(day, 0, s);
	else
		date_format(day, s);
	return s;
}

/* A date or week label cell; one made anew is copied to buf. */
static void
day_cell(struct field *c, long day, int week, struct labels *l,
    char buf[WEEK_LEN])
{
	const char *s = day == ATTEND_NODAY ? "" : label(l, day, week);

	if (s == l->buf)	/* the next label made anew reuses it */
		s = memcpy(buf, s, WEEK_LEN);
	c->val = s;
	c->len = strlen(s);
	c->type = REC_TEXT;
}

#define FINDINGS_CHUNK	4096	/* rows a thread makes at a time */

static const char *const findcols[] = {
	"client_id", "rule", "severity", "date", "week", "session_id", "detail"
};

static const char *
finding_client(const void *arg, size_t i, size_t *len)
{
	const struct attend *au = arg;
	const char *id = attend_client_name(au, au->fs[i].client);

	*len = strlen(id);
	return id;
}

static const char *
client_name(const void *arg, size_t c, size_t *len)
{
	const char *id = attend_client_name(arg, c);

	*len = strlen(id);
	return id;
}

static void
text_cell(struct field *c, const char *s)
{
	c->val = s;
	c->len = strlen(s);
	c->type = REC_TEXT;
}

/*
 * The findings in their order, written by rout_rows(): two threads at
 * once for a large CSV report, each with its own labels and scratch.
 */
struct findings {
	const struct attend *au;
	const struct pseudo *ps;
	const size_t	*order;
	struct {
		struct labels	 lab;
		char		 client[PSEUDO_LEN + 1], session[PSEUDO_LEN + 1];
		char		 date[WEEK_LEN], week[WEEK_LEN];
		struct field	 cells[7];
	} part[2];
};

/* Findings [first, end) of the order, to w with worker's part. */
static void
make_findings(void *arg, struct rout *w, size_t first, size_t end,
    int worker)
{
	struct findings *x = arg;
	const struct attend *au = x->au;
	struct field *c = x->part[worker].cells;
	struct labels *lab = &x->part[worker].lab;
	size_t i;

	for (i = first; i < end; i++) {
		const struct attend_finding *f = &au->fs[x->order[i]];
		long day = attend_finding_day(f), wk = attend_finding_week(f);

		text_cell(&c[0], pseudo_name(x->ps, attend_client_name(au,
		    f->client), x->part[worker].client));
		text_cell(&c[1], policy_rule_name(f->rule));
		text_cell(&c[2], sev_name(f->sev));
		day_cell(&c[3], day, 0, lab, x->part[worker].date);
		day_cell(&c[4], wk != ATTEND_NODAY ? wk : day != ATTEND_NODAY ?
		    date_week_start(day, 0) : ATTEND_NODAY, 1, lab,
		    x->part[worker].week);
		text_cell(&c[5], f->session != ATTEND_NOSTR ? pseudo_name(x->ps,
		    attend_str_of(au, f->session), x->part[worker].session) :
		    "");
		text_cell(&c[6], attend_detail(au, f));
		if (rout_row(w, c) == -1)
			exit(EXIT_TROUBLE);
	}
}

static void
write_findings(const struct attend *au, const struct pseudo *ps,
    struct rout *w)
{
	struct findings x;
	size_t i, *order = xreallocarray(NULL, au->nfs ? au->nfs : 1,
	    sizeof *order);

	for (i = 0; i < au->nfs; i++)
		order[i] = i;
	if (ps != NULL)		/* the real ids' order would give them away */
		pseudo_sort(ps, order, au->nfs, finding_client, au);
	memset(&x, 0, sizeof x);
	x.au = au;
	x.ps = ps;
	x.order = order;
	for (i = 0; i < 2; i++)
		labels_init(&x.part[i].lab, au);
	rout_columns(w, findcols, 7);
	if (rout_rows(w, au->nfs, FINDINGS_CHUNK, make_findings, &x) == -1)
		exit(EXIT_TROUBLE);
	for (i = 0; i < 2; i++)
		labels_free(&x.part[i].lab);
	free(order);
}

static const char *const sumcols[] = {
	"client_id", "scheduled", "attended", "excused", "absent",
	"attendance_rate", "hours_final_week", "hours_period",
	"consecutive_absences", "days_since_attendance", "status"
};

static void
summary_row(const struct attend *au, const struct pseudo *ps, struct rec *o,
    size_t c)
{
	const struct attend_client *p = &au->pc[c];
	const struct attend_tally *t = &p->t;
	long den = t->due - t->excused;
	enum sev s = (enum sev)p->worst;
	char buf[32];

	rec_clear(o);
	rec_adds(o, sumcols[0], pseudo_name(ps, attend_client_name(au, c), buf),
	    REC_TEXT);
	rec_add_count(o, sumcols[1], t->due);
	rec_add_count(o, sumcols[2], t->attended);
	rec_add_count(o, sumcols[3], t->excused);
	rec_add_count(o, sumcols[4], t->absent);
	if (den > 0)
		attend_fmt_rate(t->attended, den, buf);
	rec_adds(o, sumcols[5], den > 0 ? buf : "", REC_NUM);
	rec_add(o, sumcols[6], buf, num_fmt_hours(p->final_min, buf), REC_NUM);
	rec_add(o, sumcols[7], buf, num_fmt_hours(p->period_min, buf),
	    REC_NUM);
	rec_add_count(o, sumcols[8], t->streak);
	if (t->last_seen != ATTEND_NONE)
		num_fmt_long(au->asof - t->last_seen, buf);
	rec_adds(o, sumcols[9], t->last_seen != ATTEND_NONE ? buf : "",
	    REC_NUM);
	rec_adds(o, sumcols[10], s == SEV_VIOLATION ? "non_compliant" :
	    s == SEV_WARNING ? "at_risk" : "compliant", REC_TEXT);
}

static void
write_summary(const struct attend *au, const struct pseudo *ps,
    struct rout *w)
{
	struct rec o = REC_INIT;
	size_t i, n, *order = attend_clients_sorted(au, &n);

	if (ps != NULL)		/* the real ids' order would give them away */
		pseudo_sort(ps, order, n, client_name, au);
	rout_columns(w, sumcols, 11);
	for (i = 0; i < n; i++) {
		summary_row(au, ps, &o, order[i]);
		if (rout_write(w, &o) == -1)
			exit(EXIT_TROUBLE);
	}
	rec_free(&o);
	free(order);
}

/* Said once, on stderr: an adolescent program must not miss it. */
static void
notice_no_roster(const struct args *a, const struct roster *ro)
{
	char h[32];

	if (a->roster != NULL || a->min_given)
		return;
	num_fmt_hours(ro->deflt.min, h);
	fprintf(stderr, "%s: notice: no roster (-r): every client is held to the "
	    "adult minimum of %s hours a week\n", diag_progname(), h);
}

/*
 * Said on stderr, after the report: a period without a single record
 * (a stale or empty log reads as a week of zeros), and how many clients
 * of the period's records the roster does not list (never which).
 */
static void
notices(const struct attend *au, const struct args *a)
{
	size_t c, n = 0, nc = hours_nclients(au->clients);

	notice_no_roster(a, au->roster);
	if (au->nas == 0)
		attlog_notice_empty();
	if (a->roster == NULL)
		return;
	for (c = 0; c < nc; c++)
		n += au->pc[c].logged && roster_get(au->roster, c) == NULL;
	attlog_notice_unlisted(n);
}

static int
write_report(const struct attend *au, const struct args *a, int infmt)
{
	struct out *out;
	struct rout *w;

	if ((out = out_open(a->opts.output)) == NULL)
		return -1;
	w = rout_open(out_file(out), common_outfmt(&a->opts, infmt),
	    a->opts.raw ? ROUT_RAW : 0);
	if (a->summary)
		write_summary(au, a->pseudo, w);
	else
		write_findings(au, a->pseudo, w);
	if (rout_close(w) == -1 || out_commit(out) == -1)
		return -1;
	return 0;
}

/* --- main --- */

int
main(int argc, char *argv[])
{
	struct args a;
	struct policy pol;
	struct roster roster;
	struct attend au;
	long from, to, asof;
	size_t i;
	int infmt, rv;

	diag_init(argv[0]);
	argv[0] = (char *)diag_progname();
	if (compat_pledge("stdio rpath wpath cpath") == -1)
		diag_fatal("pledge failed");
	memset(&a, 0, sizeof a);
	a.opts = (struct common)COMMON_INIT;
	a.fail_on = SEV_VIOLATION;
	parse_args(argc, argv, &a);
	argc -= optind;
	argv += optind;
	if (a.schedule == NULL)
		bad_option("the schedule is needed (-s file)");
	if (policy_load(&pol, a.policy) == -1)
		return EXIT_TROUBLE;
	if (a.program != NULL && use_program(&pol, a.program) == -1) {
		policy_free(&pol);
		return EXIT_TROUBLE;
	}
	use_time_zone(&pol);
	set_period(&a, &from, &to, &asof);	/* today in the program's zone */
	roster_init(&roster, level_range(LEVEL_IOP, 0));
	if (a.min_given)
		roster.deflt.min = a.min;

	attend_init(&au, &pol, &roster, from, to, asof);
	if (a.roster != NULL)
		roster_read(&roster, a.roster, au.clients);
	infmt = attend_read(&au, a.schedule, argc, argv, a.opts.ifmt);

	attend_run(&au);

	if ((rv = write_report(&au, &a, infmt)) == 0) {
		notices(&au, &a);
		for (i = 0; i < au.nfs; i++)
			if (au.fs[i].sev >= a.fail_on)
				diag_found();
	}
	attend_free(&au);
	roster_free(&roster);
	policy_free(&pol);
	return rv == -1 ? EXIT_TROUBLE : diag_status();
}
