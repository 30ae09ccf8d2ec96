/*
 * iop-chart: the week at a glance, as a page a clinical director opens
 * from the Monday mail.
 *
 * Reads an iop-hours report, an attendance log, an iop-auth report,
 * iop-attend findings or summary, or iop-screen --trend
 * (CSV, YAML or JSON Lines; its columns say which) and writes one
 * self-contained HTML file (inline SVG and CSS, no script, nothing
 * fetched) or, with -O svg, a bare SVG.  One week of hours: a bar per
 * client, those below the minimum first.  Several weeks: a grid of
 * clients by weeks, under a line of the census and the median hours of
 * each week.  A log: clients by days, a mark per session.  An iop-auth
 * report: a bar of the units left per authorization.  A trend: a small
 * chart per client and instrument, first and latest total over the
 * instrument's severity bands.  The same input gives the same bytes.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attlog.h"
#include "check.h"
#include "compat.h"
#include "date.h"
#include "diag.h"
#include "names.h"
#include "opt.h"
#include "out.h"
#include "pseudo.h"
#include "recio.h"
#include "xalloc.h"

/* Past this many clients the chart draws only the first (the table keeps all). */
#define CHART_MAX_CLIENTS	300
/* Characters of a client id drawn in the chart (the table has them all). */
#define LABEL_MAX		16

enum outfmt { OUT_HTML, OUT_SVG };
enum kind { K_UNKNOWN, K_HOURS, K_LOG, K_AUTH, K_FIND, K_SUM, K_TREND };	/* what the input is */

/* An authorization's band, in the order of the bars. */
enum band { B_RED, B_YELLOW, B_GREEN, NBAND };
static const char *const band_word[] = { "red", "yellow", "green" };

/*
 * One authorization of an iop-auth report, or one client of iop-attend
 * --summary: then the band is its status (non_compliant red, at_risk
 * yellow, compliant green), units 100 (per cent), remaining its
 * attendance rate (-1 with none) and shown the sum_shown fields.
 */
struct auth {
	char		*client, *orig;		/* as struct row's */
	char		*shown[13];		/* the auth_shown fields */
	long		 units, remaining;	/* hundredths */
	enum band	 band;
	struct loc	 loc;
};

/* A session's status in an attendance log, in the order of the legend. */
enum visit_st { V_ATTENDED, V_LATE, V_LEFT_EARLY, V_ABSENT, V_EXCUSED,
	V_CANCELLED, V_NORECORD, NVISIT_ST };	/* no record: from -s only */
static const char *const visit_word[] = { "attended", "late", "left_early",
	"absent", "excused", "cancelled", "no_record" };

/*
 * A finding's severity, in the order of the rows and the legend; its
 * rule, as iop-attend(1) names them, and the code drawn on its mark.
 */
enum find_sev { F_VIOLATION, F_WARNING, F_INFO, NFIND_SEV };
static const char *const sev_word[] = { "violation", "warning", "info" };
static const char *const rule_word[] = { "no_record", "unscheduled",
	"late", "left_early", "absent_unexcused", "consecutive_absences",
	"attendance_rate", "no_contact", "below_min_hours",
	"billable_day_short", "note_missing", "note_late",
	"shortfall_forecast", "not_scheduled" };
static const char *const rule_code[] = { "N", "U", "L", "E", "A", "CA",
	"R", "NC", "H", "B", "NM", "NL", "F", "NS" };
static const char *const rule_text[] = { "no record", "unscheduled",
	"late", "left early", "absent, not excused", "absences in a row",
	"attendance rate", "no contact", "below the minimum hours",
	"billable day short", "note missing", "note late",
	"shortfall forecast", "not scheduled" };
#define NRULE	(sizeof rule_word / sizeof rule_word[0])
#define NODAY	(-1000000L)	/* a finding about the whole period */

/*
 * One session of an attendance log, or one finding of iop-attend (st
 * is then its enum find_sev, and day that of its date, else the first
 * of its week, else NODAY).
 */
struct visit {
	char		*client, *orig;	/* as struct row's */
	long		 day;
	int		 start;
	enum visit_st	 st;
	int		 rule;		/* a finding's */
	char		*date, *week, *detail;	/* a finding's, as read */
	struct loc	 loc;
	size_t		 seq;
};

enum status { ST_BELOW, ST_ABOVE, ST_OK };	/* the order of the bars */

static const char *const status_word[] = { "below_min", "above_max", "ok" };

struct row {
	char		*client;	/* as drawn: the id, or its pseudonym */
	char		*orig;		/* the id, if pseudonymized */
	char		*week;		/* the week's label */
	long		 wstart;	/* its first day */
	long		 minutes, min, max;	/* max -1: no maximum */
	enum status	 st;
	struct loc	 loc;
	size_t		 seq;		/* its place in the input */
};

/* One client of the grid: its rows are rows[first..first+n). */
struct client {
	size_t		 first, n;
	long		 run;		/* most weeks below in a row */
	long		 below;		/* weeks below */
};

/* One column of the grid. */
struct week {
	long		 wstart;
	const char	*label;
	long		 census, below;
	long		 median2;	/* twice the median, in minutes */
};

/*
 * One record of iop-screen --trend: a client's first and latest total
 * on an instrument, and which way it went.
 */
enum trend_dir { D_WORSE, D_UNCHANGED, D_IMPROVED, NDIR };	/* chart order */
#define NTREND_SHOWN	10	/* the fields after client_id */
struct trend {
	char		*client, *orig;		/* as struct row's */
	char		*shown[NTREND_SHOWN];	/* the trend_shown fields */
	int		 instr;			/* into instruments[] */
	long		 first, latest;		/* the totals */
	long		 first_day, latest_day;
	enum trend_dir	 dir;
};

struct chart {
	enum kind	 kind;
	struct trend	*trends;
	size_t		 ntrends, tcap;
	long		 ndir[NDIR];		/* trends each way */
	struct row	*rows;
	size_t		 n, cap;
	struct visit	*visits;
	size_t		 nvisits, vcap;
	struct auth	*auths;
	size_t		 nauths, acap;
	struct client	*clients;
	size_t		 nclients;
	struct week	*weeks;
	size_t		 nweeks;
	long		 nbelow, nabove;
	long		 nstatus[NVISIT_ST];	/* sessions of an attendance log */
	int		 nst;		/* the statuses shown: with -s, no record */
	int		 rules[NRULE];		/* the findings' rules */
	long		 day_lo, day_hi;	/* its first and last day */
	long		 nband[NBAND];		/* authorizations per band */
	const char	*file;		/* the input being read, as named */
	const char	*title;		/* the program's name */
	struct pseudo	*ps;
	struct names	 pseud;		/* each pseudonym drawn, */
	char		**pseud_id;	/* with the id it stands for */
	struct loc	*pseud_at;	/* and where it was first met */
	size_t		 npseud;
	enum outfmt	 fmt;
	FILE		*fp;
};

static _Noreturn void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, "usage: %s [-h] [-I fmt] "
	    "[-O fmt] [-o file] [--pseudonymize keyfile]\n"
	    "\t[-s schedule] [-t title] [--version] [file ...]\n",
	    diag_progname());
	if (status == 0)
		fputs("\n"
		    "  -h, --help              print this help and exit\n"
		    "  -I, --input-format f    read csv, yaml or jsonl\n"
		    "  -O, --output-format f   write html (a page) or svg\n"
		    "  -o, --output file       write to file, all or nothing\n"
		    "      --pseudonymize k    "
		    "client ids as HMAC-SHA256 pseudonyms under key file k\n"
		    "  -s, --schedule file     "
		    "mark a log's scheduled sessions with no record\n"
		    "  -t, --title title       the program's name, to begin the title\n"
		    "      --version           print the version and exit\n",
		    stdout);
	out_exit(status);
}

/* --- reading the report --- */

/*
 * The columns of an hours report, then those of an attendance log,
 * then those of an iop-auth report.
 */
static const char *const cols[] = {
	"client_id", "week", "week_start", "hours", "min_hours", "max_hours",
	"status", "date", "start", "auth_id", "payer", "level", "end", "units",
	"unit", "used", "remaining", "pct_remaining", "band", "days_left",
	"runs_out", "rule", "severity", "detail", "scheduled", "attended",
	"excused", "absent", "attendance_rate", "hours_final_week",
	"hours_period", "consecutive_absences", "days_since_attendance",
	"instrument", "assessments", "first_date", "first_score",
	"latest_date", "latest_score", "change", "response", "remission",
	"change_class"
};
enum { C_CLIENT, C_WEEK, C_WSTART, C_HOURS, C_MIN, C_MAX, C_STATUS, C_DATE,
	C_START, C_AUTH, C_PAYER, C_LEVEL, C_END, C_UNITS, C_UNIT, C_USED,
	C_REMAINING, C_PCT, C_BAND, C_DAYS_LEFT, C_RUNS_OUT, C_RULE, C_SEV,
	C_DETAIL, C_SCHED, C_ATTENDED, C_EXCUSED, C_ABSENT, C_RATE,
	C_HOURS_FINAL, C_HOURS_PERIOD, C_CONSEC, C_DAYS_SINCE, C_INSTR,
	C_ASSESS, C_FIRST_DATE, C_FIRST, C_LATEST_DATE, C_LATEST, C_CHANGE,
	C_RESPONSE, C_REMISSION, C_CHANGE_CLASS, NCOLS };
/* A trend's fields after client_id, as the table shows them. */
static const int trend_shown[NTREND_SHOWN] = { C_INSTR, C_ASSESS,
	C_FIRST_DATE, C_FIRST, C_LATEST_DATE, C_LATEST, C_CHANGE, C_RESPONSE,
	C_REMISSION, C_CHANGE_CLASS };
static const char *const trend_cols[] = { "client_id", "instrument",
	"assessments", "first_date", "first_score", "latest_date",
	"latest_score", "change", "response", "remission", "change_class" };
/* A client's fields of iop-attend --summary, as the table shows them. */
static const int sum_shown[] = { C_SCHED, C_ATTENDED, C_EXCUSED, C_ABSENT,
	C_RATE, C_HOURS_FINAL, C_HOURS_PERIOD, C_CONSEC, C_DAYS_SINCE,
	C_STATUS };
#define NSUM_SHOWN	(sizeof sum_shown / sizeof sum_shown[0])
static const char *const sum_word[] = { "non_compliant", "at_risk",
	"compliant" };
/* An authorization's fields the table shows, as they are in the input. */
static const int auth_shown[] = { C_AUTH, C_PAYER, C_LEVEL, C_UNITS, C_USED,
	C_REMAINING, C_UNIT, C_PCT, C_BAND, C_END, C_DAYS_LEFT, C_RUNS_OUT,
	C_STATUS };
#define NAUTH_SHOWN	(sizeof auth_shown / sizeof auth_shown[0])
static const char *const auth_cols[] = { "client_id", "auth_id", "payer",
	"level", "end", "units", "unit", "used", "remaining", "pct_remaining",
	"band", "days_left", "runs_out", "status" };
static const char *const hours_cols[] = { "client_id", "week",
	"week_start", "hours", "min_hours", "max_hours", "status" };
static const char *const log_cols[] = { "client_id", "date", "start",
	"status" };
static const char *const sum_cols[] = { "client_id", "scheduled",
	"attended", "excused", "absent", "attendance_rate", "hours_final_week",
	"hours_period", "consecutive_absences", "days_since_attendance",
	"status" };
static const char *const find_cols[] = { "client_id", "rule", "severity",
	"date", "week", "detail" };

static long
check_hours(const struct rec *r, const char *col, const char *v)
{
	long m;

	if (num_hours(v, &m) == -1)
		check_fail(r, col, "is not hours (such as 9.50)");
	return m;
}

/* The index of v among words[0..n); else the field is refused. */
static size_t
word_index(const struct rec *r, const char *field, const char *v,
    const char *const *words, size_t n, const char *what)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v, words[i]) == 0)
			return i;
	check_fail(r, field, what);
}

static enum status
check_status(const struct rec *r, const char *v)
{
	return (enum status)word_index(r, "status", v, status_word, 3,
	    "is not one of below_min, ok, above_max");
}

/*
 * The id of record r as drawn, and the id itself if pseudonymized.  Two
 * ids with one pseudonym would be drawn as one client: whatever the
 * input, that ends the program (each pseudonym is kept with the id and
 * place it was first met at).
 */
static void
client_of(struct chart *c, const struct rec *r, const char *id,
    char **client, char **orig)
{
	char p[PSEUDO_LEN + 1], safe[256];
	size_t n, k;

	if (c->ps != NULL) {
		n = pseudo_id(c->ps, id, strlen(id), p);
		if ((k = names_intern(&c->pseud, p, n)) == c->npseud) {
			c->pseud_id = xreallocarray(c->pseud_id, k + 1,
			    sizeof *c->pseud_id);
			c->pseud_at = xreallocarray(c->pseud_at, k + 1,
			    sizeof *c->pseud_at);
			c->pseud_id[k] = xstrdup(id);
			c->pseud_at[k].file = c->file;	/* outlives r's */
			c->pseud_at[k].line = r->loc.line;
			c->npseud++;
		} else if (strcmp(c->pseud_id[k], id) != 0)
			diag_errx(&r->loc, "the client id has the pseudonym of "
			    "the one of %s:%zu: choose another key",
			    diag_safe(safe, sizeof safe, c->pseud_at[k].file),
			    c->pseud_at[k].line);
		*client = xstrdup(p);
		*orig = xstrdup(id);
	} else {
		*client = xstrdup(id);
		*orig = NULL;
	}
}

static void
read_visit(struct chart *c, struct colmap *m, const struct rec *r)
{
	struct visit *v;

	c->visits = xgrowzero(c->visits, &c->vcap, c->nvisits,
	    sizeof *c->visits, 64);
	v = &c->visits[c->nvisits];
	v->day = check_date(r, "date", colmap_get(m, r, C_DATE));
	v->start = *colmap_get(m, r, C_START) == '\0' ? -1 :
	    check_time(r, "start", colmap_get(m, r, C_START), 0);
	v->st = (enum visit_st)word_index(r, "status",
	    colmap_get(m, r, C_STATUS), visit_word, V_NORECORD,
	    "is not one of attended, late, left_early, absent, excused, "
	    "cancelled");
	v->loc.file = c->file;
	v->loc.line = r->loc.line;
	v->seq = c->nvisits++;
	client_of(c, r, colmap_get(m, r, C_CLIENT), &v->client, &v->orig);
}

/* One finding of iop-attend: drawn on its day, else its week's Monday. */
static void
read_finding(struct chart *c, struct colmap *m, const struct rec *r)
{
	struct visit *v;
	const char *date = colmap_get(m, r, C_DATE);
	const char *week = colmap_get(m, r, C_WEEK);
	long day;

	c->visits = xgrowzero(c->visits, &c->vcap, c->nvisits,
	    sizeof *c->visits, 64);
	v = &c->visits[c->nvisits];
	v->rule = (int)word_index(r, "rule", colmap_get(m, r, C_RULE),
	    rule_word, NRULE, "is not a rule of iop-attend(1)");
	v->st = (enum visit_st)word_index(r, "severity",
	    colmap_get(m, r, C_SEV), sev_word, NFIND_SEV,
	    "is not one of info, warning, violation");
	v->start = -1;
	v->day = NODAY;
	if (*week != '\0' && date_parse_isoweek(week, &v->day) == -1)
		check_fail(r, "week", "is not a week (YYYY-Www)");
	if (*date != '\0') {
		day = check_date(r, "date", date);
		if (*week != '\0' && date_week_start(day, 0) != v->day)
			check_fail(r, "week", "is not the ISO week of 'date'");
		v->day = day;
	}
	v->date = xstrdup(date);
	v->week = xstrdup(week);
	v->detail = xstrdup(colmap_get(m, r, C_DETAIL));
	c->rules[v->rule] = 1;
	v->loc.file = c->file;
	v->loc.line = r->loc.line;
	v->seq = c->nvisits++;
	client_of(c, r, colmap_get(m, r, C_CLIENT), &v->client, &v->orig);
}

/*
 * A number of units: digits, and at most two decimals, in hundredths;
 * with a minus sign, if signed (an authorization used past its units).
 */
static long
check_units(const struct rec *r, const char *col, const char *v, int signed_)
{
	long n = 0, d = 0, sign = 1;
	int nd = 0;
	const char *p;

	if (signed_ && *v == '-') {
		sign = -1;
		v++;
	}
	p = v;

	for (; *p >= '0' && *p <= '9' && n < 100000000; p++)
		n = n * 10 + (*p - '0');
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9' && nd < 2; p++, nd++)
			d = d * 10 + (*p - '0');
	if (p == v || *p != '\0' || !(v[0] >= '0' && v[0] <= '9'))
		check_fail(r, col, "is not a number of units (such as 24 or "
		    "7.5)");
	return sign * (n * 100 + (nd == 0 ? 0 : nd == 1 ? d * 10 : d));
}

static void
read_auth(struct chart *c, struct colmap *m, const struct rec *r)
{
	struct auth *a;
	size_t i;

	c->auths = xgrowzero(c->auths, &c->acap, c->nauths, sizeof *c->auths,
	    64);
	a = &c->auths[c->nauths];
	if (*colmap_get(m, r, C_AUTH) == '\0')
		check_fail(r, "auth_id", "is empty");
	a->units = check_units(r, "units", colmap_get(m, r, C_UNITS), 0);
	a->remaining = check_units(r, "remaining",
	    colmap_get(m, r, C_REMAINING), 1);
	if (a->remaining > a->units)
		check_fail(r, "remaining", "is more than 'units'");
	check_date(r, "end", colmap_get(m, r, C_END));
	if (*colmap_get(m, r, C_RUNS_OUT) != '\0')
		check_date(r, "runs_out", colmap_get(m, r, C_RUNS_OUT));
	a->band = (enum band)word_index(r, "band", colmap_get(m, r, C_BAND),
	    band_word, NBAND, "is not one of green, yellow, red");
	for (i = 0; i < NAUTH_SHOWN; i++)
		a->shown[i] = xstrdup(colmap_get(m, r, auth_shown[i]));
	a->loc.file = c->file;
	a->loc.line = r->loc.line;
	c->nauths++;
	client_of(c, r, colmap_get(m, r, C_CLIENT), &a->client, &a->orig);
}

/* One client of iop-attend --summary, drawn as an authorization is. */
static void
read_sum(struct chart *c, struct colmap *m, const struct rec *r)
{
	struct auth *a;
	const char *rate = colmap_get(m, r, C_RATE);
	size_t i;

	c->auths = xgrowzero(c->auths, &c->acap, c->nauths, sizeof *c->auths,
	    64);
	a = &c->auths[c->nauths];
	a->band = (enum band)word_index(r, "status", colmap_get(m, r,
	    C_STATUS), sum_word, NBAND,
	    "is not one of compliant, at_risk, non_compliant");
	a->units = 10000;
	a->remaining = *rate == '\0' ? -1 :
	    check_units(r, "attendance_rate", rate, 0);
	if (a->remaining > a->units)
		check_fail(r, "attendance_rate", "is more than 100");
	for (i = 0; i < NSUM_SHOWN; i++)
		a->shown[i] = xstrdup(colmap_get(m, r, sum_shown[i]));
	a->loc.file = c->file;
	a->loc.line = r->loc.line;
	c->nauths++;
	client_of(c, r, colmap_get(m, r, C_CLIENT), &a->client, &a->orig);
}

/*
 * The instruments iop-screen --trend writes, with their severity bands
 * (the lowest total of each) as iop-screen(1) gives them, in its default
 * cut-off sets: AUDIT 'who', CIWA-Ar 'asam2020', PCL-5 '33'.
 */
#define MAXBANDS	5
static const struct instrument {
	const char	*name, *label;
	long		 max;
	int		 nbands;
	long		 lo[MAXBANDS];
	const char	*band[MAXBANDS];
} instruments[] = {
	{ "phq9", "PHQ-9", 27, 5, { 0, 5, 10, 15, 20 }, { "minimal", "mild",
	    "moderate", "moderately_severe", "severe" } },
	{ "gad7", "GAD-7", 21, 4, { 0, 5, 10, 15 }, { "minimal", "mild",
	    "moderate", "severe" } },
	{ "audit", "AUDIT", 40, 4, { 0, 8, 16, 20 }, { "zone1", "zone2",
	    "zone3", "zone4" } },
	{ "dast10", "DAST-10", 10, 5, { 0, 1, 3, 6, 9 }, { "none", "low",
	    "moderate", "substantial", "severe" } },
	{ "cage", "CAGE", 4, 3, { 0, 2, 4 }, { "low", "significant",
	    "likely_dependence" } },
	{ "ciwa", "CIWA-Ar", 67, 4, { 0, 1, 10, 19 }, { "none", "mild",
	    "moderate", "severe" } },
	{ "cows", "COWS", 48, 5, { 0, 5, 13, 25, 37 }, { "none", "mild",
	    "moderate", "moderately_severe", "severe" } },
	{ "crafft", "CRAFFT", 6, 3, { 0, 2, 4 }, { "low", "high_risk",
	    "possible_dependence" } },
	{ "pcl5", "PCL-5", 80, 2, { 0, 33 }, { "negative", "positive" } },
};
#define NINSTR	(sizeof instruments / sizeof instruments[0])
static const char *const dir_word[] = { "worse", "unchanged", "improved" };

/* A whole number from lo to hi, all of v; else the field is refused. */
static long
check_whole(const struct rec *r, const char *col, const char *v, long lo,
    long hi, const char *what)
{
	char *end;
	long n;

	if (*v != '-' && (*v < '0' || *v > '9'))	/* no space, no + */
		check_fail(r, col, what);
	n = strtol(v, &end, 10);
	if (*end != '\0' || n < lo || n > hi)
		check_fail(r, col, what);
	return n;
}

/*
 * Which way the trend went, as it says: its change_class if it has one,
 * else the sign of its change (every total is worse the higher it is).
 */
static enum trend_dir
trend_dir(const struct rec *r, const char *cls, long change)
{
	static const char *const classes[] = { "meaningful_improvement",
	    "reliable_improvement", "no_reliable_change",
	    "reliable_worsening", "meaningful_worsening" };
	static const enum trend_dir dirs[] = { D_IMPROVED, D_IMPROVED,
	    D_UNCHANGED, D_WORSE, D_WORSE };

	if (*cls == '\0')
		return change < 0 ? D_IMPROVED : change > 0 ? D_WORSE :
		    D_UNCHANGED;
	return dirs[word_index(r, "change_class", cls, classes, 5,
	    "is not a change class of iop-screen(1)")];
}

/* One record of iop-screen --trend. */
static void
read_trend(struct chart *c, struct colmap *m, const struct rec *r)
{
	struct trend *t;
	const char *in = colmap_get(m, r, C_INSTR);
	long max, change;
	size_t i;

	for (i = 0; i < NINSTR && strcmp(in, instruments[i].name) != 0; i++)
		;
	if (i == NINSTR)
		check_fail(r, "instrument", "is not an instrument of "
		    "iop-screen --trend");
	c->trends = xgrowzero(c->trends, &c->tcap, c->ntrends,
	    sizeof *c->trends, 64);
	t = &c->trends[c->ntrends];
	t->instr = (int)i;
	max = instruments[i].max;
	check_whole(r, "assessments", colmap_get(m, r, C_ASSESS), 1,
	    LONG_MAX, "is not a count of assessments");
	t->first_day = check_date(r, "first_date",
	    colmap_get(m, r, C_FIRST_DATE));
	t->latest_day = check_date(r, "latest_date",
	    colmap_get(m, r, C_LATEST_DATE));
	t->first = check_whole(r, "first_score", colmap_get(m, r, C_FIRST),
	    0, max, "is not a total of the instrument");
	t->latest = check_whole(r, "latest_score", colmap_get(m, r, C_LATEST),
	    0, max, "is not a total of the instrument");
	change = check_whole(r, "change", colmap_get(m, r, C_CHANGE), -max,
	    max, "is not a change of the instrument's total");
	t->dir = trend_dir(r, colmap_get(m, r, C_CHANGE_CLASS), change);
	for (i = 0; i < NTREND_SHOWN; i++)
		t->shown[i] = xstrdup(colmap_get(m, r, trend_shown[i]));
	c->ntrends++;
	client_of(c, r, colmap_get(m, r, C_CLIENT), &t->client, &t->orig);
}

/* The status iop-hours(1) gives a row: by whole minutes. */
static enum status
status_of(const struct row *w)
{
	if (w->minutes < w->min)
		return ST_BELOW;
	return w->max != -1 && w->minutes > w->max ? ST_ABOVE : ST_OK;
}

static void
read_row(struct colmap *m, const struct rec *r, void *arg)
{
	struct chart *c = arg;
	struct row *w;
	const char *id = colmap_get(m, r, C_CLIENT);
	char label[WEEK_LEN];

	if (*id == '\0')
		check_fail(r, "client_id", "is empty");
	if (c->kind == K_LOG) {
		read_visit(c, m, r);
		return;
	}
	if (c->kind == K_FIND) {
		read_finding(c, m, r);
		return;
	}
	if (c->kind == K_AUTH) {
		read_auth(c, m, r);
		return;
	}
	if (c->kind == K_SUM) {
		read_sum(c, m, r);
		return;
	}
	if (c->kind == K_TREND) {
		read_trend(c, m, r);
		return;
	}
	if (*colmap_get(m, r, C_WEEK) == '\0')
		check_fail(r, "week", "is empty");
	c->rows = xgrowzero(c->rows, &c->cap, c->n, sizeof *c->rows, 64);
	w = &c->rows[c->n];
	w->wstart = check_date(r, "week_start", colmap_get(m, r, C_WSTART));
	if (w->wstart + 6 > DATE_LAST)
		check_fail(r, "week_start", "is too late: its week ends after "
		    "9999-12-31");
	w->minutes = check_hours(r, "hours", colmap_get(m, r, C_HOURS));
	w->min = check_hours(r, "min_hours", colmap_get(m, r, C_MIN));
	w->max = *colmap_get(m, r, C_MAX) == '\0' ? -1 :
	    check_hours(r, "max_hours", colmap_get(m, r, C_MAX));
	w->st = check_status(r, colmap_get(m, r, C_STATUS));
	if (w->st != status_of(w))
		check_fail(r, "status", "does not agree with 'hours', "
		    "'min_hours' and 'max_hours'");
	date_week_label(w->wstart, date_weekday(w->wstart), label);
	if (strcmp(colmap_get(m, r, C_WEEK), label) != 0)
		check_fail(r, "week", "is not the label of 'week_start' (its "
		    "ISO week, or its date for a week not starting on Monday)");
	w->week = xstrdup(label);
	w->loc.file = c->file;	/* the reader's copy goes with it */
	w->loc.line = r->loc.line;
	w->seq = c->n++;
	client_of(c, r, id, &w->client, &w->orig);
}

/*
 * What the input is, from its first header: an hours report has
 * 'hours', an iop-auth report 'auth_id', findings 'rule', a summary
 * 'attendance_rate', a trend 'latest_score', an attendance log 'date' (else
 * it is taken for an hours report that lacks columns).  Every header must then have that kind's.
 */
static void
check_kind(const struct rin *in, const struct hdr *h, const struct loc *recloc,
    void *arg)
{
	struct chart *c = arg;

	if (h == NULL)
		return;
	if (c->kind == K_UNKNOWN)
		c->kind = hdr_index(h, "hours") >= 0 ? K_HOURS :
		    hdr_index(h, "auth_id") >= 0 ? K_AUTH :
		    hdr_index(h, "rule") >= 0 ? K_FIND :
		    hdr_index(h, "attendance_rate") >= 0 ? K_SUM :
		    hdr_index(h, "latest_score") >= 0 ? K_TREND :
		    hdr_index(h, "date") >= 0 ? K_LOG : K_HOURS;
	if (c->kind == K_HOURS)
		check_columns(in, h, hours_cols, 7, recloc);
	else if (c->kind == K_AUTH)
		check_columns(in, h, auth_cols, 14, recloc);
	else if (c->kind == K_FIND)
		check_columns(in, h, find_cols, 6, recloc);
	else if (c->kind == K_SUM)
		check_columns(in, h, sum_cols, 11, recloc);
	else if (c->kind == K_TREND)
		check_columns(in, h, trend_cols, 11, recloc);
	else
		check_columns(in, h, log_cols, 4, recloc);
}

/* Every record of path into c; exits 2 after the bad ones, if any. */
static void
read_input(struct chart *c, const char *path, int ifmt)
{
	check_stream_hdr(path, ifmt, cols, NCOLS, CHECK_ONLY_NAMED, check_kind,
	    read_row, c);
}

static int
by_client_week(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int k = strcmp(x->client, y->client);

	if (k != 0)
		return k;
	if (x->wstart != y->wstart)
		return x->wstart < y->wstart ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A client has one row a week.  Rows are sorted by client and week. */
static void
check_repeats(const struct chart *c)
{
	char safe[256];
	size_t i;

	for (i = 1; i < c->n; i++) {
		const struct row *a = &c->rows[i - 1], *b = &c->rows[i];

		if (strcmp(a->client, b->client) != 0)
			continue;
		if (a->wstart == b->wstart)
			diag_errx(&b->loc, "the client and week of %s:%zu "
			    "come again", diag_safe(safe, sizeof safe,
			    a->loc.file), a->loc.line);
	}
}

/* --- what the chart shows, worked out from the rows --- */

static int
by_week_minutes(const void *a, const void *b)
{
	const struct row *x = *(struct row *const *)a;
	const struct row *y = *(struct row *const *)b;

	if (x->wstart != y->wstart)
		return x->wstart < y->wstart ? -1 : 1;
	return x->minutes < y->minutes ? -1 : x->minutes > y->minutes;
}

/* The weeks, each with its census, clients below and median hours. */
static void
make_weeks(struct chart *c)
{
	struct row **byweek = xcalloc(c->n ? c->n : 1, sizeof *byweek);
	size_t i, j, k;

	for (i = 0; i < c->n; i++)
		byweek[i] = &c->rows[i];
	qsort(byweek, c->n, sizeof *byweek, by_week_minutes);
	c->weeks = xcalloc(c->n ? c->n : 1, sizeof *c->weeks);
	for (i = 0; i < c->n; i = j) {
		struct week *w = &c->weeks[c->nweeks++];

		for (j = i; j < c->n && byweek[j]->wstart == byweek[i]->wstart;
		    j++)
			w->below += byweek[j]->st == ST_BELOW;
		w->wstart = byweek[i]->wstart;
		w->label = byweek[i]->week;
		w->census = (long)(j - i);
		k = i + (j - i) / 2;
		w->median2 = (j - i) % 2 ? 2 * byweek[k]->minutes :
		    byweek[k - 1]->minutes + byweek[k]->minutes;
	}
	free(byweek);
}

static size_t
week_index(const struct chart *c, long wstart)
{
	size_t lo = 0, hi = c->nweeks;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->weeks[mid].wstart <= wstart)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The clients, each with its weeks below and its longest run of them. */
static void
make_clients(struct chart *c)
{
	size_t i, j, k;

	c->clients = xcalloc(c->n ? c->n : 1, sizeof *c->clients);
	for (i = 0; i < c->n; i = j) {
		struct client *cl = &c->clients[c->nclients++];
		long run = 0;

		for (j = i; j < c->n && strcmp(c->rows[j].client,
		    c->rows[i].client) == 0; j++)
			;
		cl->first = i;
		cl->n = j - i;
		for (k = i; k < j; k++) {
			const struct row *r = &c->rows[k];

			/* a run needs the weeks to follow each other */
			if (r->st != ST_BELOW)
				run = 0;
			else if (k > i && r[-1].st == ST_BELOW &&
			    week_index(c, r->wstart) ==
			    week_index(c, r[-1].wstart) + 1)
				run++;
			else
				run = 1;
			cl->below += r->st == ST_BELOW;
			if (run > cl->run)
				cl->run = run;
		}
	}
	for (i = 0; i < c->n; i++) {
		c->nbelow += c->rows[i].st == ST_BELOW;
		c->nabove += c->rows[i].st == ST_ABOVE;
	}
}

/* The bars: below the minimum first, the furthest below at the top. */
static int
bar_order(const void *a, const void *b)
{
	const struct row *x = *(struct row *const *)a;
	const struct row *y = *(struct row *const *)b;

	if (x->st != y->st)
		return x->st < y->st ? -1 : 1;
	if (x->st == ST_BELOW && x->min - x->minutes != y->min - y->minutes)
		return x->min - x->minutes > y->min - y->minutes ? -1 : 1;
	return strcmp(x->client, y->client);
}

/* The grid's rows: the longest runs below first, then most weeks below. */
static const struct chart *grid_chart;

static int
grid_order(const void *a, const void *b)
{
	const struct client *x = a, *y = b;

	if (x->run != y->run)
		return x->run > y->run ? -1 : 1;
	if (x->below != y->below)
		return x->below > y->below ? -1 : 1;
	return strcmp(grid_chart->rows[x->first].client,
	    grid_chart->rows[y->first].client);
}

/* --- writing --- */

/*
 * Text from the input, escaped for HTML and XML.  Control characters,
 * bytes that are not UTF-8 and bidirectional controls are shown as in
 * messages (diag_safe(): \x01, \u202E), so that the page stays well
 * formed XML and no input reorders the text around it.
 */
static void
put_text(FILE *fp, const char *s)
{
	const unsigned char *u;
	char *safe = NULL;
	size_t n;

	for (u = (const unsigned char *)s; *u >= 0x20 && *u < 0x7f; u++)
		;
	if (*u != '\0') {	/* something to look at: a copy made safe */
		n = strlen(s) * 4 + 1;
		safe = xmalloc(n);
		s = diag_safe(safe, n, s);
	}
	for (; *s != '\0'; s++)
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: putc(*s, fp);
		}
	free(safe);
}

/* The same, cut to LABEL_MAX characters (UTF-8) and an ellipsis. */
static void
put_label(FILE *fp, const char *s)
{
	size_t i, chars = 0;
	char *cut;

	for (i = 0; s[i] != '\0'; i++)
		if ((s[i] & 0xc0) != 0x80 && ++chars > LABEL_MAX)
			break;
	if (s[i] == '\0') {
		put_text(fp, s);
		return;
	}
	cut = xstrndup(s, i);
	put_text(fp, cut);
	fputs("\xe2\x80\xa6", fp);	/* U+2026 */
	free(cut);
}

/*
 * A number held in tenths (places 1) or hundredths (2), with as many
 * decimals when it has a fraction: "12", "12.5", "-7.05".
 */
static void
put_fixed(FILE *fp, long v, int places)
{
	long unit = places == 1 ? 10 : 100;

	if (v < 0) {
		putc('-', fp);
		v = -v;
	}
	fprintf(fp, "%ld", v / unit);
	if (v % unit != 0)
		fprintf(fp, ".%0*ld", places, v % unit);
}

/* Tenths of a pixel as SVG writes them: "12", "12.5". */
static void
put_px(FILE *fp, long tenths)
{
	put_fixed(fp, tenths, 1);
}

static const char *
hours(long minutes, char buf[32])
{
	num_fmt_hours(minutes, buf);
	return buf;
}

/*
 * The fills: a colour-blind-safe palette (Okabe and Ito) and, for grey
 * print, a pattern each: below the minimum hatched, above the maximum
 * dotted, within the range plain.
 */
#define COL_BELOW	"#D55E00"	/* vermillion */
#define COL_OK		"#009E73"	/* bluish green */
#define COL_ABOVE	"#0072B2"	/* blue */

static void
put_defs(FILE *fp)
{
	fputs("<defs>\n"
	    "<pattern id=\"p-below\" width=\"6\" height=\"6\" "
	    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	    "<rect width=\"6\" height=\"6\" fill=\"" COL_BELOW "\"/>"
	    "<rect width=\"2\" height=\"6\" fill=\"#fff\"/></pattern>\n"
	    "<pattern id=\"p-low\" width=\"5\" height=\"5\" "
	    "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
	    "<rect width=\"5\" height=\"5\" fill=\"" COL_BELOW "\"/>"
	    "<rect width=\"1\" height=\"5\" fill=\"#fff\"/>"
	    "<rect width=\"5\" height=\"1\" fill=\"#fff\"/></pattern>\n"
	    "<pattern id=\"p-above\" width=\"6\" height=\"6\" "
	    "patternUnits=\"userSpaceOnUse\">"
	    "<rect width=\"6\" height=\"6\" fill=\"" COL_ABOVE "\"/>"
	    "<circle cx=\"3\" cy=\"3\" r=\"1.3\" fill=\"#fff\"/></pattern>\n"
	    "</defs>\n", fp);
}

static const char *
fill_of(enum status st)
{
	return st == ST_BELOW ? "url(#p-below)" : st == ST_ABOVE ?
	    "url(#p-above)" : COL_OK;
}

/* A status marker centred on (x, y) in pixels: down, up or a dot. */
static void
put_marker(FILE *fp, enum status st, long x, long y)
{
	if (st == ST_BELOW)
		fprintf(fp, "<path d=\"M%ld %ldh10l-5 8z\" fill=\"#000\"/>",
		    x - 5, y - 4);
	else if (st == ST_ABOVE)
		fprintf(fp, "<path d=\"M%ld %ldh10l-5 -8z\" fill=\"#000\"/>",
		    x - 5, y + 4);
	else
		fprintf(fp, "<circle cx=\"%ld\" cy=\"%ld\" r=\"3\" "
		    "fill=\"#000\"/>", x, y);
}

/* Text with a white halo, so that it reads over bars and grid lines. */
#define HALO " paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\""

static void
period_of(const struct chart *c, char *buf, size_t size)
{
	char a[DATE_LEN], b[DATE_LEN];

	if (c->nweeks == 0) {
		snprintf(buf, size, "no weeks");
		return;
	}
	date_format(c->weeks[0].wstart, a);
	date_format(c->weeks[c->nweeks - 1].wstart + 6, b);
	snprintf(buf, size, "%s to %s", a, b);
}

/* The title, as the heading and the page's title say it. */
static void
put_title(FILE *fp, const struct chart *c)
{
	char a[DATE_LEN], b[DATE_LEN];

	put_text(fp, c->title);
	if ((c->kind == K_LOG || c->kind == K_FIND) && c->day_hi > NODAY) {
		date_format(c->day_lo, a);
		date_format(c->day_hi, b);
		fprintf(fp, ": attendance%s, %s to %s", c->kind == K_FIND ?
		    " findings" : "", a, b);
	} else if (c->kind == K_LOG || c->kind == K_FIND)
		fputs(c->kind == K_FIND ? ": attendance findings" :
		    ": attendance", fp);
	else if (c->kind == K_AUTH)
		fputs(": authorizations", fp);
	else if (c->kind == K_SUM)
		fputs(": attendance by client", fp);
	else if (c->kind == K_TREND && c->day_hi > NODAY) {
		date_format(c->day_lo, a);
		date_format(c->day_hi, b);
		fprintf(fp, ": screening trends, %s to %s", a, b);
	} else if (c->kind == K_TREND)
		fputs(": screening trends", fp);
	else if (c->nweeks == 1) {
		fputs(": hours of service, week ", fp);
		put_text(fp, c->weeks[0].label);
	} else if (c->nweeks > 1) {
		fputs(": hours of service, weeks ", fp);
		put_text(fp, c->weeks[0].label);
		fputs(" to ", fp);
		put_text(fp, c->weeks[c->nweeks - 1].label);
	} else
		fputs(": hours of service", fp);
}

static void
put_summary(FILE *fp, const struct chart *c)
{
	char period[64];
	int i;

	if (c->kind == K_AUTH) {
		fprintf(fp, "%zu authorization%s: %ld red, %ld yellow, %ld "
		    "green (from iop-auth)", c->nauths, c->nauths == 1 ? "" :
		    "s", c->nband[B_RED], c->nband[B_YELLOW],
		    c->nband[B_GREEN]);
		return;
	}
	if (c->kind == K_LOG) {
		fprintf(fp, "%zu client%s, %zu session%s", c->nclients,
		    c->nclients == 1 ? "" : "s", c->nvisits,
		    c->nvisits == 1 ? "" : "s");
		for (i = 0; i < c->nst; i++)
			fprintf(fp, "%s %ld %s", i ? "," : ":", c->nstatus[i],
			    visit_word[i]);
		fputs(" (from an attendance log)", fp);
		return;
	}
	if (c->kind == K_SUM) {
		fprintf(fp, "%zu client%s: %ld non_compliant, %ld at_risk, "
		    "%ld compliant (from iop-attend --summary)", c->nauths,
		    c->nauths == 1 ? "" : "s", c->nband[B_RED],
		    c->nband[B_YELLOW], c->nband[B_GREEN]);
		return;
	}
	if (c->kind == K_TREND) {
		fprintf(fp, "%zu trend%s (a client's instrument): %ld worse, "
		    "%ld unchanged, %ld improved (from iop-screen --trend)",
		    c->ntrends, c->ntrends == 1 ? "" : "s", c->ndir[D_WORSE],
		    c->ndir[D_UNCHANGED], c->ndir[D_IMPROVED]);
		return;
	}
	if (c->kind == K_FIND) {
		fprintf(fp, "%zu client%s, %zu finding%s", c->nclients,
		    c->nclients == 1 ? "" : "s", c->nvisits,
		    c->nvisits == 1 ? "" : "s");
		for (i = 0; i < NFIND_SEV; i++)
			fprintf(fp, "%s %ld %s", i ? "," : ":", c->nstatus[i],
			    sev_word[i]);
		fputs(" (from iop-attend)", fp);
		return;
	}
	period_of(c, period, sizeof period);
	fprintf(fp, "%s; %zu client%s, %zu row%s; %ld below the minimum, "
	    "%ld above the maximum (from iop-hours)", period, c->nclients,
	    c->nclients == 1 ? "" : "s", c->n, c->n == 1 ? "" : "s",
	    c->nbelow, c->nabove);
}

/* How many bars or rows the chart would draw, were there no limit. */
static size_t
drawn_of(const struct chart *c)
{
	return c->kind == K_AUTH || c->kind == K_SUM ? c->nauths :
	    c->kind == K_TREND ? c->ntrends : c->nclients;
}

/* What the chart draws one of. */
static const char *
unit_of(const struct chart *c)
{
	return c->kind == K_AUTH ? "authorizations" : c->kind == K_TREND ?
	    "trends" : "clients";
}

/* Which of them the chart draws first. */
static const char *
first_of(const struct chart *c)
{
	return c->kind == K_AUTH ? "those in the red band" :
	    c->kind == K_LOG ? "those with the most absences" :
	    c->kind == K_FIND ? "those with the most violations" :
	    c->kind == K_SUM ? "those not compliant" :
	    c->kind == K_TREND ? "those worse" :
	    "those below the minimum";
}

static void
svg_open(const struct chart *c, long width, long height)
{
	FILE *fp = c->fp;

	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %ld %ld\" width=\"%ld\" height=\"%ld\" "
	    "role=\"img\" aria-labelledby=\"chart-title chart-desc\" "
	    "font-family=\"sans-serif\" font-size=\"12\">\n", width, height,
	    width, height);
	fputs("<title id=\"chart-title\">", fp);
	put_title(fp, c);
	fputs("</title>\n<desc id=\"chart-desc\">", fp);
	put_summary(fp, c);
	if (drawn_of(c) > CHART_MAX_CLIENTS)
		fprintf(fp, ". The chart draws %d of the %zu %s, %s first; the "
		    "table has every row", CHART_MAX_CLIENTS, drawn_of(c),
		    unit_of(c), first_of(c));
	fputs(".</desc>\n", fp);
	fprintf(fp, "<rect width=\"%ld\" height=\"%ld\" fill=\"#fff\"/>\n",
	    width, height);
	put_defs(fp);
	if (c->fmt == OUT_SVG) {	/* a bare SVG has no heading around it */
		fputs("<text x=\"8\" y=\"20\" font-size=\"16\" "
		    "font-weight=\"bold\">", fp);
		put_title(fp, c);
		fputs("</text>\n", fp);
	}
}

/* A legend entry at (x, y): a swatch (fill) or a mark, its marker, text. */
static long
legend_item(FILE *fp, long x, long y, int status, const char *text)
{
	if (status >= 0) {
		fprintf(fp, "<rect x=\"%ld\" y=\"%ld\" width=\"22\" "
		    "height=\"12\" fill=\"%s\" stroke=\"#000\" "
		    "stroke-width=\"0.5\"/>", x, y - 10,
		    fill_of((enum status)status));
		put_marker(fp, (enum status)status, x + 32, y - 4);
		x += 42;
	}
	fprintf(fp, "<text x=\"%ld\" y=\"%ld\">%s</text>\n", x, y, text);
	return x + 8 + 7 * (long)strlen(text);
}

static void
legend_status(FILE *fp, long x, long y)
{
	x = legend_item(fp, x, y, ST_BELOW, "below the minimum");
	x = legend_item(fp, x, y, ST_OK, "within the range");
	legend_item(fp, x, y, ST_ABOVE, "above the maximum");
}

/* --- one week: a bar per client --- */

#define BAR_LEFT	140	/* the client ids go left of it */
#define BAR_PLOT	440	/* the bars' width at the scale's end */
#define BAR_ROW		24
#define BAR_H		14
#define BAR_WIDTH	(BAR_LEFT + BAR_PLOT + 200)

/* The scale's end: the largest number drawn, up to whole 5 hours. */
static long
scale_end(const struct chart *c)
{
	long hi = 300;
	size_t i;

	for (i = 0; i < c->n; i++) {
		const struct row *r = &c->rows[i];

		if (r->minutes > hi)
			hi = r->minutes;
		if (r->min > hi)
			hi = r->min;
		if (r->max > hi)
			hi = r->max;
	}
	return (hi + 299) / 300 * 300;
}

/* x of minutes on the scale, in tenths of a pixel. */
static long
bar_x(long minutes, long end)
{
	return BAR_LEFT * 10 + (minutes * BAR_PLOT * 10 + end / 2) / end;
}

static void
bar_axis(FILE *fp, long top, long bottom, long end)
{
	long h, step = end > 40 * 60 ? 10 : 5;

	for (h = 0; h * 60 <= end; h += step) {
		long x = bar_x(h * 60, end);

		fputs("<line x1=\"", fp);
		put_px(fp, x);
		fputs("\" x2=\"", fp);
		put_px(fp, x);
		fprintf(fp, "\" y1=\"%ld\" y2=\"%ld\" stroke=\"#ccc\"/>"
		    "<text x=\"", top, bottom);
		put_px(fp, x);
		fprintf(fp, "\" y=\"%ld\" text-anchor=\"middle\" "
		    "fill=\"#333\">%ld h</text>\n", top - 6, h);
	}
}

/* The minimum (solid) or maximum (dashed) mark across one bar. */
static void
bar_mark(FILE *fp, long minutes, long end, long y, int dashed)
{
	long x = bar_x(minutes, end);

	fputs("<line x1=\"", fp);
	put_px(fp, x);
	fputs("\" x2=\"", fp);
	put_px(fp, x);
	fprintf(fp, "\" y1=\"%ld\" y2=\"%ld\" stroke=\"#000\" "
	    "stroke-width=\"%s\"%s/>", y - 4, y + BAR_H + 4,
	    dashed ? "1.5" : "2.5", dashed ? " stroke-dasharray=\"3 2\"" : "");
}

static void
bar_one(FILE *fp, const struct row *r, long y, long end)
{
	char a[32], b[32];
	long x0 = bar_x(0, end), x1 = bar_x(r->minutes, end);

	fprintf(fp, "<g class=\"bar-row\"><text x=\"%d\" y=\"%ld\" "
	    "text-anchor=\"end\">", BAR_LEFT - 22, y + BAR_H - 3);
	put_label(fp, r->client);
	fputs("</text>", fp);
	put_marker(fp, r->st, BAR_LEFT - 12, y + BAR_H / 2);
	fputs("<rect class=\"bar\" x=\"", fp);
	put_px(fp, x0);
	fprintf(fp, "\" y=\"%ld\" width=\"", y);
	put_px(fp, x1 - x0);
	fprintf(fp, "\" height=\"%d\" fill=\"%s\" stroke=\"#000\" "
	    "stroke-width=\"0.5\"/>", BAR_H, fill_of(r->st));
	if (r->st == ST_BELOW) {	/* the hours missing, as an outline */
		fputs("<rect class=\"short\" x=\"", fp);
		put_px(fp, x1);
		fprintf(fp, "\" y=\"%ld\" width=\"", y);
		put_px(fp, bar_x(r->min, end) - x1);
		fprintf(fp, "\" height=\"%d\" fill=\"none\" stroke=\""
		    COL_BELOW "\" stroke-dasharray=\"3 2\"/>", BAR_H);
	}
	bar_mark(fp, r->min, end, y, 0);
	if (r->max >= 0)
		bar_mark(fp, r->max, end, y, 1);
	fputs("<text x=\"", fp);
	put_px(fp, (x1 > bar_x(r->min, end) ? x1 : bar_x(r->min, end)) + 60);
	fprintf(fp, "\" y=\"%ld\"" HALO ">%s h", y + BAR_H - 3,
	    hours(r->minutes, a));
	if (r->st == ST_BELOW)
		fprintf(fp, ", %s short", hours(r->min - r->minutes, b));
	else if (r->st == ST_ABOVE)
		fprintf(fp, ", %s over", hours(r->minutes - r->max, b));
	fputs("</text></g>\n", fp);
}

static void
week_svg(const struct chart *c, struct row **order, size_t ndrawn)
{
	FILE *fp = c->fp;
	long end = scale_end(c);
	long top = c->fmt == OUT_SVG ? 56 : 24;
	long bottom = top + (long)(ndrawn ? ndrawn : 1) * BAR_ROW;
	long height = bottom + 56;
	size_t i;

	svg_open(c, BAR_WIDTH, height);
	if (c->n == 0)
		fprintf(fp, "<text x=\"8\" y=\"%ld\">The report has no "
		    "rows: nothing to draw.</text>\n", top + 14);
	else
		bar_axis(fp, top, bottom, end);
	for (i = 0; i < ndrawn; i++)
		bar_one(fp, order[i], top + (long)i * BAR_ROW + 5, end);
	legend_status(fp, 8, bottom + 24);
	fprintf(fp, "<line x1=\"8\" x2=\"8\" y1=\"%ld\" y2=\"%ld\" "
	    "stroke=\"#000\" stroke-width=\"2.5\"/>", bottom + 34,
	    bottom + 50);
	legend_item(fp, 16, bottom + 46, -1, "minimum");
	fprintf(fp, "<line x1=\"92\" x2=\"92\" y1=\"%ld\" y2=\"%ld\" "
	    "stroke=\"#000\" stroke-width=\"1.5\" "
	    "stroke-dasharray=\"3 2\"/>", bottom + 34, bottom + 50);
	legend_item(fp, 100, bottom + 46, -1, "maximum");
	fprintf(fp, "<rect x=\"170\" y=\"%ld\" width=\"22\" "
	    "height=\"12\" fill=\"none\" stroke=\"" COL_BELOW "\" "
	    "stroke-dasharray=\"3 2\"/>", bottom + 36);
	legend_item(fp, 200, bottom + 46, -1, "hours short of the minimum");
	fputs("</svg>\n", fp);
}

static void
table_head(FILE *fp, const char *caption, const char *const *heads,
    size_t n)
{
	size_t i;

	fprintf(fp, "<table>\n<caption>%s</caption>\n<thead><tr>", caption);
	for (i = 0; i < n; i++)
		fprintf(fp, "<th scope=\"col\"%s>%s</th>", i > 0 &&
		    heads[i][0] == '#' ? " class=\"num\"" : "",
		    heads[i] + (heads[i][0] == '#'));
	fputs("</tr></thead>\n<tbody>\n", fp);
}

/*
 * The start of a table's row: its class, the client as its head and n
 * cells shown, those under a head that starts with '#' (heads[k] over
 * shown[k]) numbers.  The row is left open for more cells.
 */
static void
table_row(FILE *fp, const char *cls, const char *client,
    const char *const *heads, char *const *shown, size_t n)
{
	size_t k;

	fprintf(fp, "<tr class=\"%s\"><th scope=\"row\">", cls);
	put_text(fp, client);
	fputs("</th>", fp);
	for (k = 0; k < n; k++) {
		fputs(heads[k][0] == '#' ? "<td class=\"num\">" : "<td>", fp);
		put_text(fp, shown[k]);
		fputs("</td>", fp);
	}
}

/* Cells shared by both tables: hours, minimum, maximum, status, by how much. */
static void
row_cells(FILE *fp, const struct row *r)
{
	char a[32], b[32], d[32];

	fprintf(fp, "<td class=\"num\">%s</td><td class=\"num\">%s</td>"
	    "<td class=\"num\">%s</td><td>%s</td><td class=\"num\">",
	    hours(r->minutes, a), hours(r->min, b),
	    r->max >= 0 ? hours(r->max, d) : "", status_word[r->st]);
	if (r->st == ST_BELOW)
		fprintf(fp, "%s short", hours(r->min - r->minutes, a));
	else if (r->st == ST_ABOVE)
		fprintf(fp, "%s over", hours(r->minutes - r->max, a));
	fputs("</td></tr>\n", fp);
}

static void
week_table(const struct chart *c, struct row **order)
{
	static const char *const heads[] = { "client_id", "#hours",
	    "#min_hours", "#max_hours", "status", "#short or over by" };
	FILE *fp = c->fp;
	size_t i;

	table_head(fp, "The hours of each client, in the order of the chart",
	    heads, 6);
	for (i = 0; i < c->n; i++) {
		table_row(fp, status_word[order[i]->st], order[i]->client,
		    NULL, NULL, 0);
		row_cells(fp, order[i]);
	}
	fputs("</tbody>\n</table>\n", fp);
}

/* --- several weeks: clients by weeks --- */

#define GRID_LEFT	140
#define GRID_ROW	22
#define TREND_H		44	/* each of the two lines above the grid */

static long
grid_cell_width(const struct chart *c)
{
	long w = 560 / (long)c->nweeks;

	return w > 64 ? 64 : w < 14 ? 14 : w;
}

/* Shading: no hours, under half the minimum, under it, within, above. */
static const char *
cell_fill(const struct row *r)
{
	if (r->st == ST_BELOW && (r->minutes == 0 || 2 * r->minutes < r->min))
		return "url(#p-low)";
	return fill_of(r->st);
}

/* One line of the trend band: a value per week, joined, each labelled. */
static void
trend_line(const struct chart *c, long top, long cw, const char *name,
    int median)
{
	FILE *fp = c->fp;
	long hi = 1, v;
	size_t i;
	char a[32];

	for (i = 0; i < c->nweeks; i++) {
		v = median ? c->weeks[i].median2 : c->weeks[i].census;
		if (v > hi)
			hi = v;
	}
	fprintf(fp, "<text x=\"%d\" y=\"%ld\" text-anchor=\"end\" "
	    "font-weight=\"bold\">%s</text>\n<polyline class=\"trend\" "
	    "fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\" points=\"",
	    GRID_LEFT - 8, top + TREND_H / 2 + 4, name);
	for (i = 0; i < c->nweeks; i++) {
		v = median ? c->weeks[i].median2 : c->weeks[i].census;
		fprintf(fp, "%s%ld,%ld", i ? " " : "", GRID_LEFT + (long)i * cw +
		    cw / 2, top + TREND_H - 6 - v * (TREND_H - 22) / hi);
	}
	fputs("\"/>\n", fp);
	for (i = 0; i < c->nweeks; i++) {
		long x = GRID_LEFT + (long)i * cw + cw / 2;
		long y;

		v = median ? c->weeks[i].median2 : c->weeks[i].census;
		y = top + TREND_H - 6 - v * (TREND_H - 22) / hi;
		fprintf(fp, "<circle cx=\"%ld\" cy=\"%ld\" r=\"2.5\"/>", x, y);
		if (cw >= 28) {
			if (median)		/* half minutes, half up */
				snprintf(a, sizeof a, "%ld.%02ld",
				    (v * 100 + 60) / 120 / 100,
				    (v * 100 + 60) / 120 % 100);
			else
				snprintf(a, sizeof a, "%ld", v);
			fprintf(fp, "<text x=\"%ld\" y=\"%ld\" "
			    "text-anchor=\"middle\" font-size=\"10\"" HALO
			    ">%s</text>", x, y - 5, a);
		}
		fputc('\n', fp);
	}
}

static void
grid_week_labels(const struct chart *c, long y, long cw)
{
	FILE *fp = c->fp;
	size_t i;

	for (i = 0; i < c->nweeks; i++) {
		long x = GRID_LEFT + (long)i * cw + cw / 2;

		if (cw >= 60) {
			fprintf(fp, "<text x=\"%ld\" y=\"%ld\" "
			    "text-anchor=\"middle\" font-size=\"11\">", x, y);
		} else
			fprintf(fp, "<text transform=\"translate(%ld %ld) "
			    "rotate(-60)\" font-size=\"10\">", x + 3, y);
		put_text(fp, c->weeks[i].label);
		fputs("</text>\n", fp);
	}
}

/* The outline of a run below the minimum, rows[s..e] of one client. */
static void
grid_run(const struct chart *c, size_t s, size_t e, long y, long cw)
{
	long first = (long)week_index(c, c->rows[s].wstart);
	long last = (long)week_index(c, c->rows[e].wstart);

	fprintf(c->fp, "<rect class=\"run\" x=\"%ld\" y=\"%ld\" "
	    "width=\"%ld\" height=\"%d\" fill=\"none\" stroke=\"#000\" "
	    "stroke-width=\"2.5\"/>\n", GRID_LEFT + first * cw + 1, y - 1,
	    (last - first + 1) * cw - 2, GRID_ROW);
}

/* One client's row: a cell per week it has, runs below outlined. */
static void
grid_row(const struct chart *c, const struct client *cl, long y, long cw)
{
	FILE *fp = c->fp;
	size_t k, s, end = cl->first + cl->n;
	char a[32];

	fprintf(fp, "<g class=\"grid-row\"><text x=\"%d\" y=\"%ld\" "
	    "text-anchor=\"end\">", GRID_LEFT - 8, y + GRID_ROW - 8);
	put_label(fp, c->rows[cl->first].client);
	fputs("</text>\n", fp);
	for (k = cl->first; k < cl->first + cl->n; k++) {
		const struct row *r = &c->rows[k];
		long x = GRID_LEFT + (long)week_index(c, r->wstart) * cw;

		fprintf(fp, "<rect class=\"cell\" x=\"%ld\" y=\"%ld\" "
		    "width=\"%ld\" height=\"%d\" fill=\"%s\" stroke=\"#fff\"/>",
		    x, y, cw, GRID_ROW - 2, cell_fill(r));
		if (cw >= 24)
			fprintf(fp, "<text x=\"%ld\" y=\"%ld\" "
			    "text-anchor=\"middle\" font-size=\"10\"" HALO
			    ">%s</text>", x + cw / 2, y + GRID_ROW - 7,
			    cw >= 40 ? hours(r->minutes, a) :
			    (snprintf(a, sizeof a, "%ld",
			    (r->minutes + 30) / 60), a));
		fputc('\n', fp);
	}
	/* outline each run of two weeks or more below the minimum */
	for (k = cl->first, s = end; k <= end; k++) {
		if (k < end && s != end && c->rows[k].st == ST_BELOW &&
		    week_index(c, c->rows[k].wstart) ==
		    week_index(c, c->rows[k - 1].wstart) + 1)
			continue;	/* the run goes on */
		if (s != end && k - s >= 2)
			grid_run(c, s, k - 1, y, cw);
		s = k < end && c->rows[k].st == ST_BELOW ? k : end;
	}
	if (cl->run >= 2)
		fprintf(fp, "<text x=\"%ld\" y=\"%ld\">%ld weeks below in a "
		    "row</text>\n", GRID_LEFT + (long)c->nweeks * cw + 8,
		    y + GRID_ROW - 8, cl->run);
	fputs("</g>\n", fp);
}

static void
grid_svg(const struct chart *c, const struct client *order, size_t ndrawn)
{
	FILE *fp = c->fp;
	long cw = grid_cell_width(c);
	long top = c->fmt == OUT_SVG ? 36 : 4;
	long labels = cw >= 60 ? 20 : 56;
	long gtop = top + 2 * TREND_H + labels + 8;
	long bottom = gtop + (long)ndrawn * GRID_ROW;
	long width = GRID_LEFT + (long)c->nweeks * cw + 180;
	size_t i;

	svg_open(c, width < 700 ? 700 : width, bottom + 62);
	trend_line(c, top, cw, "clients", 0);
	trend_line(c, top + TREND_H, cw, "median hours", 1);
	grid_week_labels(c, gtop - 8, cw);
	for (i = 0; i < ndrawn; i++)
		grid_row(c, &order[i], gtop + (long)i * GRID_ROW, cw);
	legend_status(fp, 8, bottom + 24);
	fprintf(fp, "<rect x=\"8\" y=\"%ld\" width=\"22\" height=\"12\" "
	    "fill=\"url(#p-low)\" stroke=\"#000\" stroke-width=\"0.5\"/>",
	    bottom + 36);
	legend_item(fp, 38, bottom + 46, -1, "under half the minimum");
	fprintf(fp, "<rect x=\"232\" y=\"%ld\" width=\"22\" height=\"12\" "
	    "fill=\"none\" stroke=\"#000\" stroke-width=\"2.5\"/>",
	    bottom + 36);
	legend_item(fp, 262, bottom + 46, -1,
	    "two weeks or more in a row below the minimum");
	fputs("</svg>\n", fp);
}

static void
grid_tables(const struct chart *c)
{
	static const char *const wheads[] = { "week", "week_start",
	    "#clients", "#median_hours", "#below_min" };
	static const char *const heads[] = { "client_id", "week",
	    "#hours", "#min_hours", "#max_hours", "status", "#short or over by" };
	FILE *fp = c->fp;
	char d[DATE_LEN];
	size_t i, k;

	table_head(fp, "Each week", wheads, 5);
	for (i = 0; i < c->nweeks; i++) {
		const struct week *w = &c->weeks[i];
		long h = (w->median2 * 100 + 60) / 120;

		date_format(w->wstart, d);
		fputs("<tr><th scope=\"row\">", fp);
		put_text(fp, w->label);
		fprintf(fp, "</th><td>%s</td><td class=\"num\">%ld</td>"
		    "<td class=\"num\">%ld.%02ld</td><td class=\"num\">%ld</td>"
		    "</tr>\n", d, w->census, h / 100, h % 100, w->below);
	}
	fputs("</tbody>\n</table>\n", fp);
	table_head(fp, "Each client and week, in the order of the chart",
	    heads, 7);
	for (k = 0; k < c->nclients; k++)	/* the rows of the grid, in turn */
		for (i = c->clients[k].first; i < c->clients[k].first +
		    c->clients[k].n; i++) {
			fprintf(fp, "<tr class=\"%s\"><th scope=\"row\">",
			    status_word[c->rows[i].st]);
			put_text(fp, c->rows[i].client);
			fputs("</th><td>", fp);
			put_text(fp, c->rows[i].week);
			fputs("</td>", fp);
			row_cells(fp, &c->rows[i]);
		}
	fputs("</tbody>\n</table>\n", fp);
}

/* --- an attendance log: clients by days, a mark per session --- */

#define DAY_ROW		22
#define DAY_LEFT	140

/*
 * A fill and a letter per status, so that it reads in grey print: the
 * sessions attended plain green, late yellow with L, left early orange
 * with E, absent vermillion hatched with A, excused sky blue with X,
 * cancelled grey with C.
 */
static const char *const visit_fill[] = { COL_OK, "#F0E442", "#E69F00",
	"url(#p-below)", "#56B4E9", "#BBBBBB", "#fff" };
static const char *const visit_letter[] = { "", "L", "E", "A", "X", "C",
	"?" };
static const char *const visit_legend[] = { "attended", "late (L)",
	"left early (E)", "absent (A)", "excused (X)", "cancelled (C)",
	"no record (?)" };
/* A scheduled session with no record: white, outlined with dashes. */
#define NORECORD_STROKE	"#000\" stroke-dasharray=\"3 2"

struct attend {
	long		*days;		/* the days with a session, sorted */
	size_t		 ndays;
	size_t		*first;		/* each client's first visit */
	size_t		 nclients;
	long		 (*count)[NVISIT_ST];	/* per client */
};

static int
by_client_day(const void *a, const void *b)
{
	const struct visit *x = a, *y = b;
	int k = strcmp(x->client, y->client);

	if (k != 0)
		return k;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
by_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static const struct chart *attend_chart;
static const struct attend *attend_of;

/* The rows: most absences first, then most late or left early, by id. */
static int
attend_order(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const long *cx = attend_of->count[x], *cy = attend_of->count[y];
	long lx = cx[V_LATE] + cx[V_LEFT_EARLY], ly = cy[V_LATE] + cy[V_LEFT_EARLY];

	if (attend_chart->kind == K_FIND) {	/* most violations, warnings */
		lx = cx[F_WARNING];
		ly = cy[F_WARNING];
		if (cx[F_VIOLATION] != cy[F_VIOLATION])
			return cx[F_VIOLATION] > cy[F_VIOLATION] ? -1 : 1;
	} else if (cx[V_ABSENT] + cx[V_NORECORD] !=
	    cy[V_ABSENT] + cy[V_NORECORD])
		return cx[V_ABSENT] + cx[V_NORECORD] > cy[V_ABSENT] +
		    cy[V_NORECORD] ? -1 : 1;
	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(attend_chart->visits[attend_of->first[x]].client,
	    attend_chart->visits[attend_of->first[y]].client);
}

/* Sort the sessions; the days, the clients and what each one had. */
static void
make_attend(struct chart *c, struct attend *a, size_t **order)
{
	size_t i, j, k;

	if (c->nvisits > 0)	/* qsort() takes no null array, even empty */
		qsort(c->visits, c->nvisits, sizeof *c->visits,
		    by_client_day);
	memset(a, 0, sizeof *a);
	a->days = xcalloc(c->nvisits ? c->nvisits : 1, sizeof *a->days);
	a->first = xcalloc(c->nvisits ? c->nvisits : 1, sizeof *a->first);
	a->count = xcalloc(c->nvisits ? c->nvisits : 1, sizeof *a->count);
	for (i = 0; i < c->nvisits; i++)
		a->days[i] = c->visits[i].day;
	qsort(a->days, c->nvisits, sizeof *a->days, by_long);
	for (i = 0; i < c->nvisits; i++)
		if (a->days[i] != NODAY && (a->ndays == 0 ||
		    a->days[a->ndays - 1] != a->days[i]))
			a->days[a->ndays++] = a->days[i];
	for (i = 0; i < c->nvisits; i = j) {
		a->first[a->nclients] = i;
		for (j = i; j < c->nvisits && strcmp(c->visits[j].client,
		    c->visits[i].client) == 0; j++)
			a->count[a->nclients][c->visits[j].st]++;
		a->nclients++;
	}
	for (i = 0; i < c->nvisits; i++)
		c->nstatus[c->visits[i].st]++;
	c->nclients = a->nclients;
	c->day_lo = c->day_hi = NODAY;
	if (a->ndays > 0) {
		c->day_lo = a->days[0];
		c->day_hi = a->days[a->ndays - 1];
	}
	*order = xcalloc(a->nclients ? a->nclients : 1, sizeof **order);
	for (k = 0; k < a->nclients; k++)
		(*order)[k] = k;
	attend_chart = c;
	attend_of = a;
	qsort(*order, a->nclients, sizeof **order, attend_order);
}

static size_t
day_index(const struct attend *a, long day)
{
	size_t lo = 0, hi = a->ndays;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (a->days[mid] <= day)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static long
day_width(const struct attend *a)
{
	long w = 620 / (long)(a->ndays ? a->ndays : 1);

	return w > 48 ? 48 : w < 16 ? 16 : w;
}

/*
 * A finding's mark: its severity's fill (violation hatched vermillion,
 * warning plain orange, info dotted blue) and its rule's code.
 */
static const char *const sev_fill[] = { "url(#p-below)", "#E69F00",
	"url(#p-above)" };

/* The mark of a session or a finding at x0, w wide (tenths of a pixel). */
static void
attend_mark(const struct chart *c, const struct visit *v, long x0, long y,
    long w)
{
	FILE *fp = c->fp;
	int find = c->kind == K_FIND;
	const char *text = find ? rule_code[v->rule] : visit_letter[v->st];

	fprintf(fp, "<rect class=\"%s\" x=\"", find ? "finding" : "session");
	put_px(fp, x0);
	fprintf(fp, "\" y=\"%ld\" width=\"", y);
	put_px(fp, w);
	fprintf(fp, "\" height=\"%d\" fill=\"%s\" stroke=\"%s\"/>",
	    DAY_ROW - 2, find ? sev_fill[v->st] : visit_fill[v->st],
	    !find && v->st == V_NORECORD ? NORECORD_STROKE : "#fff");
	if (*text != '\0' && w >= 80 * (long)strlen(text)) {
		fputs("<text x=\"", fp);
		put_px(fp, x0 + w / 2);
		fprintf(fp, "\" y=\"%ld\" text-anchor=\"middle\" "
		    "font-size=\"10\" font-weight=\"bold\"" HALO ">%s</text>",
		    y + DAY_ROW - 8, text);
	}
}

/* One client's row: each day's sessions side by side in its cell. */
static void
attend_row(const struct chart *c, const struct attend *a, size_t client,
    long y, long cw)
{
	FILE *fp = c->fp;
	size_t i = a->first[client], j, k, end;

	end = client + 1 < a->nclients ? a->first[client + 1] : c->nvisits;
	fprintf(fp, "<g class=\"day-row\"><text x=\"%d\" y=\"%ld\" "
	    "text-anchor=\"end\">", DAY_LEFT - 8, y + DAY_ROW - 8);
	put_label(fp, c->visits[i].client);
	fputs("</text>\n", fp);
	for (; i < end; i = j) {
		long x = DAY_LEFT + (long)day_index(a, c->visits[i].day) * cw;
		long w;

		for (j = i; j < end && c->visits[j].day == c->visits[i].day; j++)
			;
		if (c->visits[i].day == NODAY)	/* the table has them */
			continue;
		w = (cw - 2) * 10 / (long)(j - i);	/* tenths of a pixel */
		for (k = i; k < j; k++)
			attend_mark(c, &c->visits[k], x * 10 + 10 +
			    (long)(k - i) * w, y, w);
		fputc('\n', fp);
	}
	fputs("</g>\n", fp);
}

static void
attend_day_labels(FILE *fp, const struct attend *a, long y, long cw)
{
	static const char *const wd[] = { "Mo", "Tu", "We", "Th", "Fr", "Sa",
	    "Su" };
	char d[DATE_LEN];
	size_t i;

	for (i = 0; i < a->ndays; i++) {
		long x = DAY_LEFT + (long)i * cw + cw / 2;

		date_format(a->days[i], d);
		fprintf(fp, "<text x=\"%ld\" y=\"%ld\" text-anchor=\"middle\" "
		    "font-size=\"10\">%s</text><text x=\"%ld\" y=\"%ld\" "
		    "text-anchor=\"middle\" font-size=\"10\">%s</text>\n", x,
		    y - 12, wd[date_weekday(a->days[i])], x, y, d + 8);
		if (i > 0 && date_week_start(a->days[i], 0) !=
		    date_week_start(a->days[i - 1], 0))	/* a new week */
			fprintf(fp, "<line class=\"week-line\" x1=\"%ld\" "
			    "x2=\"%ld\" y1=\"%ld\" y2=\"%ld\" stroke=\"#000\"/>\n",
			    x - cw / 2, x - cw / 2, y - 24, y + 6);
	}
}

/* The rule codes' lines past the first, as find_legend() breaks them. */
static long
find_legend_lines(const struct chart *c)
{
	long x = 8, lines = 0;
	size_t i;

	for (i = 0; i < NRULE; i++) {
		long w = 7 * (long)(strlen(rule_code[i]) + 1 +
		    strlen(rule_text[i]));

		if (!c->rules[i])
			continue;
		if (x + w > 690) {
			x = 8;
			lines++;
		}
		x += w + 8;
	}
	return lines;
}

/* The severities' fills, then the code of each rule the findings have. */
static void
find_legend(const struct chart *c, long bottom)
{
	FILE *fp = c->fp;
	long x = 8;
	size_t i;

	for (i = 0; i < NFIND_SEV; i++) {
		fprintf(fp, "<rect x=\"%ld\" y=\"%ld\" width=\"22\" "
		    "height=\"14\" fill=\"%s\" stroke=\"#000\" "
		    "stroke-width=\"0.5\"/>", x, bottom + 12, sev_fill[i]);
		x = legend_item(fp, x + 28, bottom + 24, -1, sev_word[i]);
	}
	x = 8;
	for (i = 0; i < NRULE; i++) {
		char text[64];

		if (!c->rules[i])
			continue;
		snprintf(text, sizeof text, "%s %s", rule_code[i], rule_text[i]);
		if (x + 7 * (long)strlen(text) > 690) {	/* the next line */
			x = 8;
			bottom += 18;
		}
		x = legend_item(fp, x, bottom + 48, -1, text);
	}
	fputs("</svg>\n", fp);
}

static void
attend_svg(const struct chart *c, const struct attend *a,
    const size_t *order, size_t ndrawn)
{
	FILE *fp = c->fp;
	long cw = day_width(a);
	long top = (c->fmt == OUT_SVG ? 36 : 4) + 30;
	long bottom = top + 8 + (long)(ndrawn ? ndrawn : 1) * DAY_ROW;
	long width = DAY_LEFT + (long)a->ndays * cw + 20, x = 8;
	size_t i;

	svg_open(c, width < 700 ? 700 : width, bottom + (c->kind == K_FIND ?
	    64 + 18 * find_legend_lines(c) : c->nst == NVISIT_ST ? 60 : 40));
	if (c->nvisits == 0)
		fprintf(fp, "<text x=\"8\" y=\"%ld\">The %s: nothing to "
		    "draw.</text>\n", top + 14, c->kind == K_FIND ?
		    "report has no findings" : "log has no sessions");
	attend_day_labels(fp, a, top, cw);
	for (i = 0; i < ndrawn; i++)
		attend_row(c, a, order[i], top + 8 + (long)i * DAY_ROW, cw);
	if (c->kind == K_FIND) {
		find_legend(c, bottom);
		return;
	}
	for (i = 0; i < (size_t)c->nst; i++) {
		if (i == V_NORECORD) {	/* a line of its own */
			x = 8;
			bottom += 20;
		}
		fprintf(fp, "<rect x=\"%ld\" y=\"%ld\" width=\"22\" "
		    "height=\"14\" fill=\"%s\" stroke=\"%s\" "
		    "stroke-width=\"0.5\"/>", x, bottom + 12, visit_fill[i],
		    i == V_NORECORD ? NORECORD_STROKE : "#000");
		if (*visit_letter[i] != '\0')
			fprintf(fp, "<text x=\"%ld\" y=\"%ld\" "
			    "text-anchor=\"middle\" font-size=\"10\" "
			    "font-weight=\"bold\"" HALO ">%s</text>", x + 11,
			    bottom + 23, visit_letter[i]);
		x = legend_item(fp, x + 28, bottom + 24, -1, visit_legend[i]);
	}
	fputs("</svg>\n", fp);
}

static void
attend_table(const struct chart *c, const struct attend *a,
    const size_t *order)
{
	static const char *const heads[] = { "client_id", "#sessions",
	    "#attended", "#late", "#left_early", "#absent", "#excused",
	    "#cancelled", "#no_record" };
	FILE *fp = c->fp;
	size_t i, k, nst = (size_t)c->nst;

	table_head(fp, "The sessions of each client, in the order of the chart",
	    heads, 2 + nst);
	for (i = 0; i < a->nclients; i++) {
		const long *n = a->count[order[i]];
		long total = 0;

		for (k = 0; k < nst; k++)
			total += n[k];
		fprintf(fp, "<tr class=\"%s\"><th scope=\"row\">",
		    n[V_ABSENT] + n[V_NORECORD] > 0 ? "absent" : "ok");
		put_text(fp, c->visits[a->first[order[i]]].client);
		fprintf(fp, "</th><td class=\"num\">%ld</td>", total);
		for (k = 0; k < nst; k++)
			fprintf(fp, "<td class=\"num\">%ld</td>", n[k]);
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n", fp);
}

/* A row per finding, in the order of the chart, then the day. */
static void
find_table(const struct chart *c, const struct attend *a,
    const size_t *order)
{
	static const char *const heads[] = { "client_id", "date", "week",
	    "rule", "severity", "detail" };
	FILE *fp = c->fp;
	size_t i, k, end;

	table_head(fp, "The findings of each client, in the order of the "
	    "chart", heads, 6);
	for (i = 0; i < a->nclients; i++) {
		k = a->first[order[i]];
		end = order[i] + 1 < a->nclients ? a->first[order[i] + 1] :
		    c->nvisits;
		for (; k < end; k++) {
			const struct visit *v = &c->visits[k];

			fprintf(fp, "<tr class=\"%s\"><th scope=\"row\">",
			    sev_word[v->st]);
			put_text(fp, v->client);
			fputs("</th><td>", fp);
			put_text(fp, v->date);
			fputs("</td><td>", fp);
			put_text(fp, v->week);
			fprintf(fp, "</td><td>%s</td><td>%s</td><td>",
			    rule_word[v->rule], sev_word[v->st]);
			put_text(fp, v->detail);
			fputs("</td></tr>\n", fp);
		}
	}
	fputs("</tbody>\n</table>\n", fp);
}

/* --- the page --- */

static const char page_style[] =
    "body{font:14px/1.4 sans-serif;color:#111;background:#fff;"
    "margin:1.5rem}\n"
    "main{max-width:62rem}\n"
    "h1{font-size:1.3rem;margin:0 0 .25rem}\n"
    "p{margin:0 0 1rem}\n"
    "p.note{border-left:4px solid #D55E00;padding:.25rem .5rem}\n"
    "figure{margin:0 0 1.5rem}\n"
    "svg{display:block;max-width:100%;height:auto}\n"
    "table{border-collapse:collapse;margin:0 0 1.5rem}\n"
    "caption{text-align:left;font-weight:bold;padding:.25rem 0}\n"
    "th,td{border:1px solid #999;padding:.1rem .5rem;text-align:left}\n"
    ".num{text-align:right;font-variant-numeric:tabular-nums}\n"
    "@media screen{td:not(:last-child){white-space:nowrap}}\n"
    "tr.below_min th,tr.violation th{font-weight:bold}\n"
    "@page{margin:12mm}\n"
    "@media print{body{margin:0;font-size:10pt}main{max-width:none}"
    "svg{width:100%}figure,tr{break-inside:avoid}"
    "thead{display:table-header-group}"
    "*{print-color-adjust:exact;-webkit-print-color-adjust:exact}}\n";

static void
page_open(const struct chart *c)
{
	FILE *fp = c->fp;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta http-equiv=\"Content-Security-Policy\" "
	    "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	    "<meta name=\"referrer\" content=\"no-referrer\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<title>", fp);
	put_title(fp, c);
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n"
	    "<h1>", page_style);
	put_title(fp, c);
	fputs("</h1>\n<p>", fp);
	put_summary(fp, c);
	fputs(".</p>\n", fp);
	if (drawn_of(c) > CHART_MAX_CLIENTS)
		fprintf(fp, "<p class=\"note\">%zu %s: the chart draws the "
		    "first %d, %s first; the table under it has every "
		    "row.</p>\n", drawn_of(c), unit_of(c), CHART_MAX_CLIENTS,
		    first_of(c));
}

/* --- an iop-auth report: a bar of the units left per authorization --- */

#define AUTH_LEFT	200	/* client id and authorization */
#define AUTH_PLOT	300
#define AUTH_ROW	26
#define AUTH_H		14

/*
 * Bands by colour and by pattern and marker: red vermillion hatched
 * with a downward triangle, yellow plain yellow with a diamond, green
 * bluish green with a dot.
 */
static const char *const band_fill[] = { "url(#p-below)", "#F0E442",
	COL_OK };

static void
band_marker(FILE *fp, enum band b, long x, long y)
{
	if (b == B_RED)
		put_marker(fp, ST_BELOW, x, y);
	else if (b == B_YELLOW)
		fprintf(fp, "<path d=\"M%ld %ldl5 5l-5 5l-5 -5z\" "
		    "fill=\"#000\"/>", x, y - 5);
	else
		put_marker(fp, ST_OK, x, y);
}

/*
 * The sign of a/b - c/d, for b, d > 0, exactly and with no product:
 * units and what is left run to 10^11 hundredths, whose products do
 * not fit in a long.  The whole parts first; then, if both have a
 * fraction, a/b < c/d exactly when d/c < b/a (Euclid's steps).
 */
static int
ratio_cmp(long a, long b, long c, long d)
{
	int sign = 1;
	long t;

	if ((a < 0) != (c < 0))
		return a < 0 ? -1 : 1;
	if (a < 0) {
		a = -a;
		c = -c;
		sign = -1;
	}
	for (;;) {
		if (a / b != c / d)
			return a / b < c / d ? -sign : sign;
		a %= b;
		c %= d;
		if (a == 0 || c == 0)
			return a == c ? 0 : a == 0 ? -sign : sign;
		t = a, a = d, d = t;	/* (a, b, c, d) = (d, c, b, a) */
		t = b, b = c, c = t;
	}
}

/* Red first, then yellow, then green; the least left first. */
static int
auth_order(const void *a, const void *b)
{
	const struct auth *x = *(struct auth *const *)a;
	const struct auth *y = *(struct auth *const *)b;
	int k;

	if (x->band != y->band)
		return x->band < y->band ? -1 : 1;
	if ((k = ratio_cmp(x->remaining, x->units > 0 ? x->units : 1,
	    y->remaining, y->units > 0 ? y->units : 1)) != 0)
		return k;
	if ((k = strcmp(x->client, y->client)) != 0)
		return k;
	return strcmp(x->shown[0], y->shown[0]);
}

/* Units held in hundredths: "24", "7.50". */
static void
put_units(FILE *fp, long hundredths)
{
	put_fixed(fp, hundredths, 2);
}

/*
 * The rest of an authorization's or a client's bar at y, after its
 * label: the band's marker, the whole bar, w tenths of a pixel of it
 * filled in the band's colour, and the start of the text at its end.
 */
static void
bar_frame(FILE *fp, const char *cls, enum band band, long y, long w)
{
	band_marker(fp, band, AUTH_LEFT - 12, y + AUTH_H / 2);
	fprintf(fp, "<rect x=\"%d\" y=\"%ld\" width=\"%d\" height=\"%d\" "
	    "fill=\"#eee\" stroke=\"#000\" stroke-width=\"0.5\"/>",
	    AUTH_LEFT, y, AUTH_PLOT, AUTH_H);
	fprintf(fp, "<rect class=\"%s\" x=\"%d\" y=\"%ld\" width=\"", cls,
	    AUTH_LEFT, y);
	put_px(fp, w);
	fprintf(fp, "\" height=\"%d\" fill=\"%s\" stroke=\"#000\" "
	    "stroke-width=\"0.5\"/><text x=\"%d\" y=\"%ld\"" HALO ">",
	    AUTH_H, band_fill[band], AUTH_LEFT + AUTH_PLOT + 6,
	    y + AUTH_H - 3);
}

static void
auth_bar(FILE *fp, const struct auth *a, long y)
{
	long left = a->remaining < 0 ? 0 : a->remaining;
	long w = a->units > 0 ? (left * AUTH_PLOT * 10 + a->units / 2) /
	    a->units : 0;

	fprintf(fp, "<g class=\"auth-row\"><text x=\"%d\" y=\"%ld\" "
	    "text-anchor=\"end\">", AUTH_LEFT - 22, y + AUTH_H - 3);
	put_label(fp, a->client);
	fputs(" \xc2\xb7 ", fp);	/* a middle dot */
	put_label(fp, a->shown[0]);
	fputs("</text>", fp);
	bar_frame(fp, "auth", a->band, y, w);
	put_units(fp, a->remaining < 0 ? -a->remaining : a->remaining);
	putc(' ', fp);
	put_text(fp, a->shown[6]);		/* unit */
	fputs(a->remaining < 0 ? " past the " : " left of ", fp);
	put_units(fp, a->units);
	if (*a->shown[11] != '\0') {		/* runs_out */
		fputs(", runs out ", fp);
		put_text(fp, a->shown[11]);
	}
	fputs(", ends ", fp);
	put_text(fp, a->shown[9]);		/* end */
	fputs("</text></g>\n", fp);
}

/*
 * A client of iop-attend --summary: the bar its attendance rate out of
 * 100 %, in its status's band; at its end the rate, the sessions, the
 * final week's hours and the absences in a row.
 */
static void
sum_bar(FILE *fp, const struct auth *a, long y)
{
	long w = a->remaining < 0 ? 0 : (a->remaining * AUTH_PLOT * 10 +
	    a->units / 2) / a->units;

	fprintf(fp, "<g class=\"sum-row\"><text x=\"%d\" y=\"%ld\" "
	    "text-anchor=\"end\">", AUTH_LEFT - 22, y + AUTH_H - 3);
	put_label(fp, a->client);
	fputs("</text>", fp);
	bar_frame(fp, "sum", a->band, y, w);
	if (a->remaining < 0)
		fputs("no sessions due", fp);
	else {
		put_text(fp, a->shown[4]);	/* attendance_rate */
		fputs(" %: ", fp);
		put_text(fp, a->shown[1]);	/* attended */
		fputs(" of ", fp);
		put_text(fp, a->shown[0]);	/* scheduled */
		fputs(" attended", fp);
		if (strcmp(a->shown[2], "0") != 0) {	/* not in the rate */
			fputs(", ", fp);
			put_text(fp, a->shown[2]);
			fputs(" excused", fp);
		}
	}
	fputs(", ", fp);
	put_text(fp, a->shown[5]);		/* hours_final_week */
	fputs(" h in the final week", fp);
	if (strcmp(a->shown[7], "0") != 0 && *a->shown[7] != '\0') {
		fputs(", ", fp);
		put_text(fp, a->shown[7]);	/* consecutive_absences */
		fputs(" absent in a row", fp);
	}
	fputs("</text></g>\n", fp);
}

static const char *const sum_legend[] = { "non-compliant", "at risk",
	"compliant" };

static void
auth_svg(const struct chart *c, struct auth **order, size_t ndrawn)
{
	FILE *fp = c->fp;
	long top = c->fmt == OUT_SVG ? 40 : 8;
	long bottom = top + (long)(ndrawn ? ndrawn : 1) * AUTH_ROW;
	size_t i;
	int b;
	long x = 8;

	svg_open(c, AUTH_LEFT + AUTH_PLOT + 370, bottom + 40);
	if (c->nauths == 0)
		fprintf(fp, "<text x=\"8\" y=\"%ld\">The report has no "
		    "%s: nothing to draw.</text>\n", top + 14,
		    c->kind == K_SUM ? "clients" : "authorizations");
	for (i = 0; i < ndrawn; i++)
		if (c->kind == K_SUM)
			sum_bar(fp, order[i], top + (long)i * AUTH_ROW);
		else
			auth_bar(fp, order[i], top + (long)i * AUTH_ROW);
	for (b = 0; b < NBAND; b++) {
		fprintf(fp, "<rect x=\"%ld\" y=\"%ld\" width=\"22\" "
		    "height=\"12\" fill=\"%s\" stroke=\"#000\" "
		    "stroke-width=\"0.5\"/>", x, bottom + 14, band_fill[b]);
		band_marker(fp, (enum band)b, x + 32, bottom + 20);
		x = legend_item(fp, x + 42, bottom + 24, -1, c->kind == K_SUM ?
		    sum_legend[b] : b == B_RED ? "red band" : b == B_YELLOW ?
		    "yellow band" : "green band");
	}
	legend_item(fp, x, bottom + 24, -1, c->kind == K_SUM ?
	    "(the bar: the attendance rate, of 100 %)" :
	    "(the bar: the units left)");
	fputs("</svg>\n", fp);
}

static void
sum_table(const struct chart *c, struct auth **order)
{
	static const char *const heads[] = { "client_id", "#scheduled",
	    "#attended", "#excused", "#absent", "#attendance_rate",
	    "#hours_final_week", "#hours_period", "#consecutive_absences",
	    "#days_since_attendance", "status" };
	FILE *fp = c->fp;
	size_t i;

	table_head(fp, "The clients, in the order of the chart", heads, 11);
	for (i = 0; i < c->nauths; i++) {
		table_row(fp, sum_word[order[i]->band], order[i]->client,
		    heads + 1, order[i]->shown, NSUM_SHOWN);
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n", fp);
}

static void
auth_table(const struct chart *c, struct auth **order)
{
	static const char *const heads[] = { "client_id", "auth_id", "payer",
	    "level", "#units", "#used", "#remaining", "unit",
	    "#pct_remaining", "band", "end", "#days_left", "runs_out",
	    "status" };
	FILE *fp = c->fp;
	size_t i;

	table_head(fp, "The authorizations, in the order of the chart",
	    heads, 14);
	for (i = 0; i < c->nauths; i++) {
		table_row(fp, band_word[order[i]->band], order[i]->client,
		    heads + 1, order[i]->shown, NAUTH_SHOWN);
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n", fp);
}

static void
write_auths(struct chart *c)
{
	struct auth **order = xcalloc(c->nauths ? c->nauths : 1,
	    sizeof *order);
	size_t i, k;

	for (i = 0; i < c->nauths; i++)
		order[i] = &c->auths[i];
	qsort(order, c->nauths, sizeof *order, auth_order);
	for (i = 0; i < c->nauths; i++)
		c->nband[c->auths[i].band]++;
	if (c->fmt == OUT_HTML) {
		page_open(c);
		fputs("<figure>\n", c->fp);
	}
	auth_svg(c, order, c->nauths < CHART_MAX_CLIENTS ? c->nauths :
	    CHART_MAX_CLIENTS);
	if (c->fmt == OUT_HTML) {
		fputs("</figure>\n", c->fp);
		if (c->kind == K_SUM)
			sum_table(c, order);
		else
			auth_table(c, order);
		fputs("</main>\n</body>\n</html>\n", c->fp);
	}
	for (i = 0; i < c->nauths; i++) {
		free(c->auths[i].client);
		free(c->auths[i].orig);
		for (k = 0; k < (c->kind == K_SUM ? NSUM_SHOWN : NAUTH_SHOWN);
		    k++)
			free(c->auths[i].shown[k]);
	}
	free(c->auths);
	free(order);
}

/* --- iop-screen --trend: a small chart per client and instrument --- */

#define PANEL_W		300	/* three to a row */
#define PANEL_H		150
#define PANEL_COLS	3
#define PLOT_LEFT	36	/* the totals' scale */
#define PLOT_W		150	/* the band names go right of it */
#define PLOT_TOP	30	/* the panel's heading */
#define PLOT_H		90

/* Worse vermillion, an upward triangle; unchanged black, a diamond;
 * improved bluish green, a downward triangle: the way the total went. */
static const char *const dir_colour[] = { COL_BELOW, "#000", COL_OK };
static const char *const dir_dash[] = { "", " stroke-dasharray=\"4 3\"",
	"" };
/* The bands' shades, lightest for the lowest band. */
static const char *const band_shade[] = { "#f7f7f7", "#e8e8e8", "#d9d9d9",
	"#cacaca", "#bbbbbb" };

static void
dir_marker(FILE *fp, enum trend_dir d, long x, long y)
{
	if (d == D_WORSE)
		fprintf(fp, "<path class=\"trend-dot\" d=\"M%ld %ldh12l-6 -10z\"", x - 6,
		    y + 5);
	else if (d == D_IMPROVED)
		fprintf(fp, "<path class=\"trend-dot\" d=\"M%ld %ldh12l-6 10z\"", x - 6,
		    y - 5);
	else
		fprintf(fp, "<path class=\"trend-dot\" d=\"M%ld %ldl6 6l-6 6l-6 -6z\"",
		    x, y - 6);
	fprintf(fp, " fill=\"%s\" stroke=\"#fff\" stroke-width=\"1\"/>",
	    dir_colour[d]);
}

/* Worse first, then unchanged, then improved; by client, instrument. */
static int
trend_order(const void *a, const void *b)
{
	const struct trend *x = *(struct trend *const *)a;
	const struct trend *y = *(struct trend *const *)b;
	int k;

	if (x->dir != y->dir)
		return x->dir < y->dir ? -1 : 1;
	if ((k = strcmp(x->client, y->client)) != 0)
		return k;
	if (x->instr != y->instr)
		return x->instr < y->instr ? -1 : 1;
	return x < y ? -1 : x > y;	/* the input's order */
}

/* The y of total n on the panel's scale, in tenths of a pixel. */
static long
total_y(long top, long n, long max)
{
	return (top + PLOT_H) * 10 - n * PLOT_H * 10 / max;
}

/* The instrument's bands as shaded backgrounds, named on the right. */
static void
trend_bands(FILE *fp, const struct instrument *in, long x, long top)
{
	int k;
	long y0, y1;

	for (k = 0; k < in->nbands; k++) {
		y0 = total_y(top, in->lo[k], in->max);
		y1 = k + 1 < in->nbands ? total_y(top, in->lo[k + 1], in->max) :
		    top * 10;
		fprintf(fp, "<rect class=\"band\" x=\"%ld\" y=\"", x);
		put_px(fp, y1);
		fprintf(fp, "\" width=\"%d\" height=\"", PLOT_W);
		put_px(fp, y0 - y1);
		fprintf(fp, "\" fill=\"%s\"/>", band_shade[k]);
		if (y0 - y1 >= 80) {	/* room for the name */
			fprintf(fp, "<text x=\"%ld\" y=\"", x + PLOT_W + 4);
			put_px(fp, (y0 + y1) / 2 + 30);
			fprintf(fp, "\" font-size=\"9\">%s</text>", in->band[k]);
		}
	}
	fprintf(fp, "\n<text x=\"%ld\" y=\"%ld\" font-size=\"9\" "
	    "text-anchor=\"end\">0</text><text x=\"%ld\" y=\"%ld\" "
	    "font-size=\"9\" text-anchor=\"end\">%ld</text>\n", x - 3,
	    top + PLOT_H, x - 3, top + 8, in->max);
}

/* One client's instrument: its bands, the first and latest totals. */
static void
trend_panel(FILE *fp, const struct trend *t, long px, long py)
{
	const struct instrument *in = &instruments[t->instr];
	long x = px + PLOT_LEFT, top = py + PLOT_TOP;
	long x0 = x + 16, x1 = x + PLOT_W - 16;
	long y0 = total_y(top, t->first, in->max);
	long y1 = total_y(top, t->latest, in->max);
	char d[DATE_LEN];

	fprintf(fp, "<g class=\"screen-trend %s\"><text x=\"%ld\" y=\"%ld\" "
	    "font-weight=\"bold\">", dir_word[t->dir], px + 8, py + 16);
	put_label(fp, t->client);
	fprintf(fp, " %s: %s</text>\n", in->label, dir_word[t->dir]);
	trend_bands(fp, in, x, top);
	if (t->first_day == t->latest_day)	/* one assessment */
		x0 = x1 = x + PLOT_W / 2;
	else {
		fprintf(fp, "<line class=\"trend-line\" x1=\"%ld\" y1=\"", x0);
		put_px(fp, y0);
		fprintf(fp, "\" x2=\"%ld\" y2=\"", x1);
		put_px(fp, y1);
		fprintf(fp, "\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
		    dir_colour[t->dir], dir_dash[t->dir]);
		fprintf(fp, "<circle class=\"trend-dot\" cx=\"%ld\" cy=\"", x0);
		put_px(fp, y0);
		fprintf(fp, "\" r=\"4\" fill=\"#fff\" stroke=\"%s\" "
		    "stroke-width=\"2\"/><text x=\"%ld\" y=\"", dir_colour[t->dir],
		    x0 - 7);
		put_px(fp, y0 + 40);
		fprintf(fp, "\" font-size=\"11\" text-anchor=\"end\"" HALO
		    ">%ld</text>\n", t->first);
	}
	dir_marker(fp, t->dir, x1, (y1 + 5) / 10);
	fprintf(fp, "<text x=\"%ld\" y=\"", x1 + 9);
	put_px(fp, y1 + 40);
	fprintf(fp, "\" font-size=\"11\"" HALO ">%ld</text>\n", t->latest);
	date_format(t->first_day, d);
	if (x0 != x1)
		fprintf(fp, "<text x=\"%ld\" y=\"%ld\" font-size=\"9\" "
		    "text-anchor=\"middle\">%s</text>", x0, top + PLOT_H + 12, d);
	date_format(t->latest_day, d);
	fprintf(fp, "<text x=\"%ld\" y=\"%ld\" font-size=\"9\" "
	    "text-anchor=\"middle\">%s</text></g>\n", x1, top + PLOT_H + 12, d);
}

static void
trend_svg(const struct chart *c, struct trend **order, size_t ndrawn)
{
	FILE *fp = c->fp;
	long top = c->fmt == OUT_SVG ? 40 : 8;
	long rows = ndrawn ? ((long)ndrawn + PANEL_COLS - 1) / PANEL_COLS : 1;
	long bottom = top + rows * PANEL_H, x = 8;
	size_t i;
	int d;

	svg_open(c, PANEL_COLS * PANEL_W + 16, bottom + 40);
	if (c->ntrends == 0)
		fprintf(fp, "<text x=\"8\" y=\"%ld\">The trend has no "
		    "records: nothing to draw.</text>\n", top + 14);
	for (i = 0; i < ndrawn; i++)
		trend_panel(fp, order[i], 8 + (long)(i % PANEL_COLS) * PANEL_W,
		    top + (long)(i / PANEL_COLS) * PANEL_H);
	for (d = 0; d < NDIR; d++) {
		fprintf(fp, "<line x1=\"%ld\" y1=\"%ld\" x2=\"%ld\" y2=\"%ld\" "
		    "stroke=\"%s\" stroke-width=\"2\"%s/>", x, bottom + 20,
		    x + 30, bottom + 20, dir_colour[d], dir_dash[d]);
		dir_marker(fp, (enum trend_dir)d, x + 30, bottom + 20);
		x = legend_item(fp, x + 42, bottom + 24, -1, dir_word[d]);
	}
	legend_item(fp, x, bottom + 24, -1, "(first total, open dot; "
	    "latest, marker; shading: the instrument's severity bands)");
	fputs("</svg>\n", fp);
}

/* The band of total n, as iop-screen(1) names it. */
static const char *
band_of(const struct instrument *in, long n)
{
	int k;

	for (k = in->nbands - 1; k > 0 && n < in->lo[k]; k--)
		;
	return in->band[k];
}

static void
trend_table(const struct chart *c, struct trend **order)
{
	static const char *const heads[] = { "client_id", "instrument",
	    "#assessments", "first_date", "#first_score", "latest_date",
	    "#latest_score", "#change", "response", "remission",
	    "change_class", "latest band", "direction" };
	FILE *fp = c->fp;
	size_t i;

	table_head(fp, "The trends, in the order of the chart", heads, 13);
	for (i = 0; i < c->ntrends; i++) {
		table_row(fp, dir_word[order[i]->dir], order[i]->client,
		    heads + 1, order[i]->shown, NTREND_SHOWN);
		fprintf(fp, "<td>%s</td><td>%s</td></tr>\n",
		    band_of(&instruments[order[i]->instr], order[i]->latest),
		    dir_word[order[i]->dir]);
	}
	fputs("</tbody>\n</table>\n", fp);
}

static void
write_trends(struct chart *c)
{
	struct trend **order = xcalloc(c->ntrends ? c->ntrends : 1,
	    sizeof *order);
	size_t i, k;

	c->day_lo = c->day_hi = NODAY;
	for (i = 0; i < c->ntrends; i++) {
		order[i] = &c->trends[i];
		c->ndir[c->trends[i].dir]++;
		if (c->day_hi == NODAY || c->trends[i].first_day < c->day_lo)
			c->day_lo = c->trends[i].first_day;
		if (c->day_hi == NODAY || c->trends[i].latest_day > c->day_hi)
			c->day_hi = c->trends[i].latest_day;
	}
	qsort(order, c->ntrends, sizeof *order, trend_order);
	if (c->fmt == OUT_HTML) {
		page_open(c);
		fputs("<figure>\n", c->fp);
	}
	trend_svg(c, order, c->ntrends < CHART_MAX_CLIENTS ? c->ntrends :
	    CHART_MAX_CLIENTS);
	if (c->fmt == OUT_HTML) {
		fputs("</figure>\n", c->fp);
		trend_table(c, order);
		fputs("</main>\n</body>\n</html>\n", c->fp);
	}
	for (i = 0; i < c->ntrends; i++) {
		free(c->trends[i].client);
		free(c->trends[i].orig);
		for (k = 0; k < NTREND_SHOWN; k++)
			free(c->trends[i].shown[k]);
	}
	free(c->trends);
	free(order);
}

/* --- -s: the sessions of a schedule that the log has no record of --- */

static const char *const sched_cols[] = { "client_id", "date", "start",
	"end" };
#define EARLY_MIN	30	/* a record may start this early, or late */

/*
 * The first of the log's n visits, sorted by client, day and start
 * (no start, -1, first), that is not before v's client and day and
 * start: n if none.
 */
static size_t
first_from(const struct chart *c, size_t n, const char *client, long day,
    int start)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct visit *m = &c->visits[mid];
		int k = strcmp(m->client, client);

		if (k < 0 || (k == 0 && (m->day < day || (m->day == day &&
		    m->start < start))))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
same_day(const struct chart *c, size_t n, size_t i, const struct visit *v)
{
	return i < n && c->visits[i].day == v->day &&
	    strcmp(c->visits[i].client, v->client) == 0;
}

/*
 * Whether the log, its n visits sorted by client, day and start, has a
 * record of v's session, from start to end: one that day that starts
 * between EARLY_MIN minutes before start and end (a late arrival
 * starts after start), or has no start.  Two binary searches: a scan
 * of the client's day cost the square of the sessions of one day.
 */
static int
recorded(const struct chart *c, size_t n, const struct visit *v, int end)
{
	size_t i = first_from(c, n, v->client, v->day, -1);

	if (!same_day(c, n, i, v))
		return 0;
	if (c->visits[i].start == -1 || v->start == -1)
		return 1;
	i = first_from(c, n, v->client, v->day, v->start - EARLY_MIN);
	return same_day(c, n, i, v) &&
	    c->visits[i].start < (end != -1 ? end : v->start + 1);
}

/* What add_unrecorded() reads the schedule with. */
struct unrecorded {
	struct chart	*c;
	size_t		 nlog;		/* the log's visits, sorted */
	long		 last;		/* the log's last day */
};

static void
schedule_session(struct colmap *m, const struct rec *r, void *arg)
{
	struct unrecorded *u = arg;
	struct chart *c = u->c;
	struct visit v;
	int end;

	memset(&v, 0, sizeof v);
	if (*colmap_get(m, r, 0) == '\0')
		check_fail(r, "client_id", "is empty");
	v.day = check_date(r, "date", colmap_get(m, r, 1));
	v.start = *colmap_get(m, r, 2) == '\0' ? -1 :
	    check_time(r, "start", colmap_get(m, r, 2), 0);
	end = *colmap_get(m, r, 3) == '\0' ? -1 :
	    check_time(r, "end", colmap_get(m, r, 3), 1);
	if (v.start != -1 && end != -1) {
		end = attlog_end(v.start, end);	/* 00:00 after it: midnight */
		if (end <= v.start)
			check_fail(r, "end", "is not after 'start'");
	}
	if (v.day > u->last)
		return;		/* not yet due */
	client_of(c, r, colmap_get(m, r, 0), &v.client, &v.orig);
	if (recorded(c, u->nlog, &v, end)) {
		free(v.client);
		free(v.orig);
		return;
	}
	v.st = V_NORECORD;
	v.loc.file = c->file;
	v.loc.line = r->loc.line;
	v.seq = c->nvisits;
	c->visits = xgrowzero(c->visits, &c->vcap, c->nvisits,
	    sizeof *c->visits, 64);
	c->visits[c->nvisits++] = v;
}

/*
 * Each session of the schedule at path, up to the log's last day, that
 * the log has no record of (the same client, day and start, or a record
 * of the day with no start), added as a visit with no record.  Reads
 * the schedule a record at a time; n log n in the log's sessions.
 */
static void
add_unrecorded(struct chart *c, const char *path, int ifmt)
{
	struct unrecorded u = { c, c->nvisits, LONG_MIN };
	size_t i;

	for (i = 0; i < u.nlog; i++)
		if (c->visits[i].day > u.last)
			u.last = c->visits[i].day;
	if (u.nlog > 0)
		qsort(c->visits, u.nlog, sizeof *c->visits, by_client_day);
	c->file = strcmp(path, "-") == 0 ? "<stdin>" : path;
	check_stream(path, ifmt, sched_cols, 4, 3, CHECK_ONLY_NAMED,
	    schedule_session, &u);
}

static void
write_attend(struct chart *c)
{
	struct attend a;
	size_t *order, i;

	make_attend(c, &a, &order);
	if (c->fmt == OUT_HTML) {
		page_open(c);
		fputs("<figure>\n", c->fp);
	}
	attend_svg(c, &a, order, a.nclients < CHART_MAX_CLIENTS ?
	    a.nclients : CHART_MAX_CLIENTS);
	if (c->fmt == OUT_HTML) {
		fputs("</figure>\n", c->fp);
		if (c->kind == K_FIND)
			find_table(c, &a, order);
		else
			attend_table(c, &a, order);
		fputs("</main>\n</body>\n</html>\n", c->fp);
	}
	for (i = 0; i < c->nvisits; i++) {
		free(c->visits[i].client);
		free(c->visits[i].orig);
		free(c->visits[i].date);
		free(c->visits[i].week);
		free(c->visits[i].detail);
	}
	free(c->visits);
	free(a.days);
	free(a.first);
	free(a.count);
	free(order);
}

static void
write_chart(struct chart *c)
{
	size_t i, ndrawn = c->nclients < CHART_MAX_CLIENTS ? c->nclients :
	    CHART_MAX_CLIENTS;
	struct row **order = xcalloc(c->n ? c->n : 1, sizeof *order);

	for (i = 0; i < c->n; i++)
		order[i] = &c->rows[i];
	qsort(order, c->n, sizeof *order, bar_order);
	grid_chart = c;
	qsort(c->clients, c->nclients, sizeof *c->clients, grid_order);
	if (c->fmt == OUT_HTML) {
		page_open(c);
		fputs("<figure>\n", c->fp);
	}
	if (c->nweeks <= 1)
		week_svg(c, order, ndrawn);
	else
		grid_svg(c, c->clients, ndrawn);
	if (c->fmt == OUT_HTML) {
		fputs("</figure>\n", c->fp);
		if (c->nweeks <= 1)
			week_table(c, order);
		else
			grid_tables(c);
		fputs("</main>\n</body>\n</html>\n", c->fp);
	}
	free(order);
}

/* -O, else the -o file's suffix (.svg, .html, .htm), else HTML. */
static enum outfmt
outfmt_of(const char *oarg, const char *output)
{
	const char *dot;
	char safe[256];

	if (oarg != NULL) {
		if (strcmp(oarg, "html") == 0)
			return OUT_HTML;
		if (strcmp(oarg, "svg") == 0)
			return OUT_SVG;
		diag_warnx(NULL, "-O takes html or svg");
		usage(EXIT_TROUBLE);
	}
	if (output == NULL || strcmp(output, "-") == 0 ||
	    (dot = strrchr(output, '.')) == NULL || strchr(dot, '/') != NULL)
		return OUT_HTML;
	if (strcmp(dot, ".svg") == 0)
		return OUT_SVG;
	if (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0)
		return OUT_HTML;
	diag_warnx(NULL, "%s: no format of that suffix is written (.html, "
	    ".htm, .svg): rename it, or choose one with -O",
	    diag_safe(safe, sizeof safe, output));
	exit(EXIT_TROUBLE);
}

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "input-format", required_argument, NULL, 'I' },
	{ "output", required_argument, NULL, 'o' },
	{ "output-format", required_argument, NULL, 'O' },
	PSEUDO_LONGOPT,
	{ "schedule", required_argument, NULL, 's' },
	{ "title", required_argument, NULL, 't' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

int
main(int argc, char *argv[])
{
	struct common opts = COMMON_INIT;
	struct chart c;
	struct out *out;
	const char *oarg = NULL, *keyfile = NULL, *sched = NULL;
	int ch, i;

	diag_init(argv[0]);
	argv[0] = (char *)diag_progname();	/* for getopt's messages */
	if (compat_pledge("stdio rpath wpath cpath") == -1)
		diag_fatal("pledge failed");
	memset(&c, 0, sizeof c);
	c.title = "IOP";
	while ((ch = getopt_long(argc, argv, "hI:O:o:s:t:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
		case 'O':
			oarg = optarg;
			break;
		case 'o':
			opts.output = optarg;
			break;
		case 's':
			sched = optarg;
			break;
		case 't':
			c.title = optarg;
			break;
		case OPT_PSEUDONYMIZE:
			keyfile = optarg;
			break;
		default:
			if (common_option(&opts, ch, optarg) != 1)
				usage(EXIT_TROUBLE);
		}
	}
	argc -= optind;
	argv += optind;
	c.fmt = outfmt_of(oarg, opts.output);
	if (keyfile != NULL && (c.ps = pseudo_option(keyfile)) == NULL)
		return EXIT_TROUBLE;
	for (i = 0; i < argc || i == 0; i++) {
		const char *path = i < argc ? argv[i] : "-";

		c.file = strcmp(path, "-") == 0 ? "<stdin>" : path;
		read_input(&c, path, opts.ifmt);
	}
	c.nst = V_NORECORD;
	if (sched != NULL) {
		if (c.kind != K_LOG) {
			diag_warnx(NULL, "-s goes with an attendance log");
			usage(EXIT_TROUBLE);
		}
		add_unrecorded(&c, sched, opts.ifmt);
		c.nst = NVISIT_ST;
	}
	if (c.ps != NULL)
		pseudo_clear(c.ps);
	if (c.n > 0)	/* qsort() takes no null array, even empty */
		qsort(c.rows, c.n, sizeof *c.rows, by_client_week);
	check_repeats(&c);
	make_weeks(&c);
	make_clients(&c);
	if ((out = out_open_checked(opts.output)) == NULL)
		return EXIT_TROUBLE;
	c.fp = out_file(out);
	if (c.kind == K_LOG || c.kind == K_FIND)
		write_attend(&c);
	else if (c.kind == K_AUTH || c.kind == K_SUM)
		write_auths(&c);
	else if (c.kind == K_TREND)
		write_trends(&c);
	else
		write_chart(&c);
	if (out_commit(out) == -1)
		return EXIT_TROUBLE;
	for (i = 0; (size_t)i < c.n; i++) {
		free(c.rows[i].client);
		free(c.rows[i].orig);
		free(c.rows[i].week);
	}
	free(c.rows);
	free(c.clients);
	free(c.weeks);
	for (i = 0; (size_t)i < c.npseud; i++)
		free(c.pseud_id[i]);
	free(c.pseud_id);
	free(c.pseud_at);
	names_free(&c.pseud);
	return diag_status();
}
