/*
 * iop-plan: treatment plans and session schedules from screening
 * results and the program's timetable.
 *
 * Reads screening results (iop-screen's output) and the program
 * definition, and writes for each client recommended for intensive
 * outpatient care a plan: a track and weekly sessions for each phase
 * that reach at least the level's minimum (the phase's hours where they
 * can), on billable days, fitted to the client's availability and to
 * each group's capacity on each date, counting the sessions of earlier
 * runs (--booked); make-up sessions for weeks that closures take under
 * the minimum; problems, goals, measurable dated objectives and
 * interventions from the program's goal library; review, step-down and
 * discharge dates and aftercare.  A client whose level of care the
 * program does not provide is referred, with the treatment locator
 * code; a record with no level is listed as not placed.  --sessions
 * writes the dated sessions iop-attend audits against, --ics a
 * calendar file per client.  Exit 1 when a client cannot be scheduled
 * or placed, or keeps a week under the minimum.
 */
#include <sys/stat.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "check.h"
#include "compat.h"
#include "date.h"
#include "diag.h"
#include "names.h"
#include "opt.h"
#include "out.h"
#include "plan.h"
#include "plan_ics.h"
#include "recio.h"
#include "xalloc.h"
#include "yemit.h"

static struct common opts = COMMON_INIT;
static struct program prog;
static struct planner pl;
static struct plan_client *cs;
static size_t ncs, cscap, passed, infeasible, shortweeks, unmatched;
static size_t referred, wmreferred, notplaced;
/*
 * Every client id seen, interned (a hash: comparing each id with all
 * earlier ones cost the square of the clients), and what each one is.
 */
static struct names ids;
static unsigned char *idflags;	/* by the id's number: ID_* */
static size_t idcap;
enum { ID_READ = 1, ID_BOOKED = 2 };
static int allflag;
static const char *icsdir;

static _Noreturn void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, "usage: %s [-h] [--all] "
	    "[--booked file] [-I fmt] [--ics dir] [-O yaml]\n"
	    "\t[-o file] [-p program] [--print-program] [--raw-csv]\n"
	    "\t[--sessions file] [--start date] [--today date] "
	    "[--version] [file ...]\n", diag_progname());
	if (status == 0)
		fputs("\n"
		    "      --all               "
		    "plan every client, whatever the level\n"
		    "      --booked file       "
		    "count sessions already booked against capacity\n"
		    "  -h, --help              print this help and exit\n"
		    "  -I, --input-format f    "
		    "read csv, yaml or jsonl, whatever the names\n"
		    "      --ics dir           "
		    "also write an iCalendar file per client to dir\n"
		    "  -O, --output-format f   "
		    "write yaml (the only format of plans)\n"
		    "  -o, --output file       write to file, all or nothing\n"
		    "  -p, --program file      "
		    "read the program definition from a YAML file\n"
		    "      --print-program     "
		    "print the built-in program and exit\n"
		    "      --raw-csv           "
		    "no spreadsheet formula guard in the sessions\n"
		    "      --sessions file     "
		    "also write the dated sessions to file\n"
		    "      --start date        "
		    "the first day of treatment (YYYY-MM-DD)\n"
		    "      --today date        "
		    "take date (YYYY-MM-DD) as today\n"
		    "      --version           print the version and exit\n",
		    stdout);
	out_exit(status);
}

static void
bad_option(const char *msg)
{
	diag_warnx(NULL, "%s", msg);
	usage(EXIT_TROUBLE);
}

/* --- reading --- */

static const char *const cols[] = {
	"client_id", "level", "age_group", "available", "unavailable",
	"family_involvement", "asam_level", "wm_level"
};
enum { C_ID, C_LEVEL, C_AGE, C_AVAIL, C_UNAVAIL, C_FAMILY, C_ASAM, C_WM,
	NCOLS };
#define NCOLS_REQUIRED	C_AGE		/* client_id, level */

/* A client id must also name a calendar file: no '/', no leading '.'. */
/* What is known of client id: ID_* flags, 0 for an id not seen yet. */
static unsigned char *
id_flags(const char *id)
{
	size_t k = names_intern(&ids, id, strlen(id));

	if (k >= idcap)
		idflags = xgrowzero(idflags, &idcap, k, sizeof *idflags, 256);
	return &idflags[k];
}

static const char *
client_id(const struct rec *r, const char *id)
{
	if (*id == '\0')
		check_fail(r, "client_id", "is empty");
	if (icsdir != NULL && (id[0] == '.' || strlen(id) > 200 ||
	    id[strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789._-")] != '\0'))
		check_fail(r, "client_id", "cannot name a calendar file (use "
		    "letters, digits, '.', '_' and '-')");
	if (*id_flags(id) & ID_READ)
		check_fail(r, "client_id", "appears twice");
	if (*id_flags(id) & ID_BOOKED)
		check_fail(r, "client_id", "already has sessions in a "
		    "--booked file");
	*id_flags(id) |= ID_READ;	/* planned or passed over alike */
	return id;
}

/*
 * The fields the goals' conditions read, flat (goal g's from
 * goalfirst[g]), found once per header rather than with a search of
 * the record for each condition of each goal of each client.
 */
static struct colmap goalcols;
static const char **goalfields;
static size_t *goalfirst;
static size_t *chosen;		/* scratch: one client's goals */

static void
goal_fields(void)
{
	size_t g, k, n = 0;

	goalfirst = xcalloc(prog.ngoals + 1, sizeof *goalfirst);
	for (g = 0; g < prog.ngoals; g++) {
		goalfirst[g] = n;
		n += prog.goals[g].nwhen;
	}
	goalfirst[g] = n;
	goalfields = xcalloc(n + 1, sizeof *goalfields);
	for (g = 0; g < prog.ngoals; g++)
		for (k = 0; k < prog.goals[g].nwhen; k++)
			goalfields[goalfirst[g] + k] = prog.goals[g].when[k].field;
	colmap_init(&goalcols, goalfields, n);
	chosen = xcalloc(prog.ngoals + 1, sizeof *chosen);
}

/*
 * The goals whose conditions hold; if none, the "otherwise" goals.  A
 * client's array holds only those: one the size of the library for
 * each client grew with clients times goals.
 */
static void
choose_goals(struct plan_client *c, const struct rec *r)
{
	size_t g, k, n = 0;

	if (goalfirst == NULL)
		goal_fields();
	colmap_bind(&goalcols, r);
	for (g = 0; g < prog.ngoals; g++)
		for (k = 0; k < prog.goals[g].nwhen; k++)
			if (plan_cond(&prog.goals[g].when[k],
			    colmap_get(&goalcols, r, goalfirst[g] + k))) {
				chosen[n++] = g;
				break;
			}
	if (n == 0)
		for (g = 0; g < prog.ngoals; g++)
			if (prog.goals[g].otherwise)
				chosen[n++] = g;
	c->goals = xcalloc(n + 1, sizeof *c->goals);
	memcpy(c->goals, chosen, n * sizeof *c->goals);
	c->ngoals = n;
}

static void
availability(const struct colmap *m, const struct rec *r, struct avail *av)
{
	memset(av, 1, sizeof *av);
	if (avail_add(av, colmap_get(m, r, C_AVAIL)) == -1)
		check_fail(r, "available", "is not a list of days and times "
		    "(mon-fri 17:00-22:00, sat 09:00-13:00)");
	if (avail_remove(av, colmap_get(m, r, C_UNAVAIL)) == -1)
		check_fail(r, "unavailable", "is not a list of days and times "
		    "(mon-fri 17:00-22:00, sat 09:00-13:00)");
}

/*
 * The ASAM levels of the screening: asam_level and wm_level.  An
 * asam_level that is not withdrawal management must be a code of the
 * record's level (2.1 of iop, 3.5 of residential): one that is not was
 * edited by hand, and would refer the client to the wrong care.
 */
static void
asam_levels(const struct colmap *m, const struct rec *r, struct plan_client *c)
{
	const char *asam = colmap_get(m, r, C_ASAM);
	const char *wm = colmap_get(m, r, C_WM);
	const struct asam_code *code;

	if (*asam != '\0' && level_locator(asam) == NULL)
		check_fail(r, "asam_level", "is not an ASAM level of care");
	if (c->status != PLAN_NOT_PLACED && level_is_wm(asam) != 1 &&
	    (code = level_placement(asam)) != NULL && code->level != c->level)
		check_fail(r, "asam_level", "is not a code of the record's "
		    "'level'");
	if (*wm != '\0' && level_is_wm(wm) != 1)
		check_fail(r, "wm_level", "is not a withdrawal management level");
	c->asam = xstrdup(asam);
	c->wm = xstrdup(wm);
}

/*
 * Whom to refer where.  A client whose level no track serves, or whose
 * asam_level is a withdrawal management level the program does not
 * provide, is referred instead of planned; a client planned here whose
 * wm_level is a withdrawal management service the program does not
 * provide is referred for it too.
 */
static void
referrals(struct plan_client *c)
{
	const char *lv = *c->asam != '\0' ? c->asam : level_name(c->level);

	if (!program_runs(&prog, c->level) ||
	    (level_is_wm(lv) == 1 && !program_runs_wm(&prog, lv))) {
		c->status = PLAN_REFERRED;
		c->refer[c->nrefer++] = lv;
	}
	if (*c->wm != '\0' && strcmp(c->wm, lv) != 0 &&
	    !program_runs_wm(&prog, c->wm)) {
		c->refer[c->nrefer++] = c->wm;
		wmreferred += c->status != PLAN_REFERRED;
	}
}

static void
client_record(struct colmap *m, const struct rec *r, void *arg)
{
	const char *id = client_id(r, colmap_get(m, r, C_ID));
	const char *age = colmap_get(m, r, C_AGE);
	const char *level = colmap_get(m, r, C_LEVEL);
	struct plan_client c;
	struct avail av;

	memset(&c, 0, sizeof c);
	/* no level: iop-screen found too little to place the client */
	if (*level == '\0')
		c.status = PLAN_NOT_PLACED;
	else if ((c.level = level_parse(level)) == -1)
		check_fail(r, "level", "is not a level of care");
	if (*age != '\0' && (c.adolescent = age_group_parse(age)) == -1)
		check_fail(r, "age_group", "is not adult or adolescent");
	if ((c.family = num_yesno(colmap_get(m, r, C_FAMILY))) == -1) {
		if (*colmap_get(m, r, C_FAMILY) != '\0')
			check_fail(r, "family_involvement", "is not yes or no");
		c.family = 0;
	}
	availability(m, r, &av);
	asam_levels(m, r, &c);
	if (c.status != PLAN_NOT_PLACED && c.level != LEVEL_IOP && !allflag) {
		passed++;
		plan_client_free(&c, 0);
		return;
	}
	c.id = xstrdup(id);
	if (c.status == PLAN_NOT_PLACED)
		notplaced++;
	else
		referrals(&c);
	if (c.status == PLAN_REFERRED)
		referred++;
	if (c.status == PLAN_PLANNED) {
		choose_goals(&c, r);
		if (plan_schedule(&pl, &c, &av) == -1) {
			c.status = PLAN_INFEASIBLE;
			infeasible++;
		} else if (c.nshort > 0)
			shortweeks++;
	}
	cs = xgrowzero(cs, &cscap, ncs, sizeof *cs, 64);
	cs[ncs++] = c;
}

/* --- sessions booked by earlier runs --- */

static const char *const bookcols[] = {
	"client_id", "date", "start", "end", "service", "title"
};
enum { B_ID, B_DATE, B_START, B_END, B_SERVICE, B_TITLE, NBOOKCOLS };
#define NBOOK_REQUIRED	B_SERVICE	/* client_id, date, start, end */

/*
 * Text as a CSV --sessions file of an earlier run holds it, with the
 * formula guard (iop-formats(5)) taken off: "'-Morning group" was
 * "-Morning group".  NULL if s has no guard.
 */
static const char *
unguarded(const char *s)
{
	return s[0] == '\'' && csv_formula_like(s + 1) ? s + 1 : NULL;
}

static void
booked_record(struct colmap *m, const struct rec *r, void *arg)
{
	const char *id = colmap_get(m, r, B_ID);
	const char *svc = colmap_get(m, r, B_SERVICE);
	const char *title = colmap_get(m, r, B_TITLE);
	const char *u;
	long day = check_date(r, "date", colmap_get(m, r, B_DATE));
	int start = check_time(r, "start", colmap_get(m, r, B_START), 0);
	int end = check_time(r, "end", colmap_get(m, r, B_END), 1);
	int rv;

	if (*id == '\0')
		check_fail(r, "client_id", "is empty");
	if (end <= start)
		check_fail(r, "end", "is not after 'start'");
	/* as written (YAML, JSON Lines, --raw-csv), else without guards */
	if ((rv = plan_book(&pl, day, start, end, svc, title)) == -1 &&
	    (unguarded(svc) != NULL || unguarded(title) != NULL))
		rv = plan_book(&pl, day, start, end, unguarded(svc) != NULL ?
		    unguarded(svc) : svc, unguarded(title) != NULL ?
		    unguarded(title) : title);
	if (rv == -1)
		unmatched++;
	*id_flags(id) |= ID_BOOKED;
	if ((u = unguarded(id)) != NULL)
		*id_flags(u) |= ID_BOOKED;
}

static void
read_booked(const char *path)
{
	check_stream(path, FMT_AUTO, bookcols, NBOOKCOLS, NBOOK_REQUIRED,
	    CHECK_ONLY_NAMED, booked_record, NULL);
}

/* Goal conditions may name any field: every column is kept. */
static void
read_input(const char *path)
{
	check_stream(path, opts.ifmt, cols, NCOLS, NCOLS_REQUIRED,
	    CHECK_ALL_COLUMNS, client_record, NULL);
}

/* --- the plan --- */

static void
emit_range(struct yemit *y, const struct plan_client *c)
{
	struct range r = plan_range(&prog, c);
	char lo[32], hi[32], text[80];

	num_fmt_hours_brief(r.min, lo);
	num_fmt_hours_brief(r.max, hi);
	if (r.max < 0)
		snprintf(text, sizeof text, "%s+", lo);
	else
		snprintf(text, sizeof text, "%s-%s", lo, hi);
	yemit_kv(y, "hours_range", text);
}


/* A slot's times, service and title, and the end of its map. */
static void
emit_slot_fields(struct yemit *y, const struct weekly_slot *s)
{
	char t[6];

	time_format(s->start, t);
	yemit_kv(y, "start", t);
	time_format(s->end, t);
	yemit_kv(y, "end", t);
	yemit_kv(y, "service", s->service);
	yemit_kv(y, "title", s->title);
	yemit_map(y, 0);
}

static void
emit_slot(struct yemit *y, const struct weekly_slot *s)
{
	yemit_map(y, 1);
	yemit_kv(y, "day", date_weekday_name(s->day));
	emit_slot_fields(y, s);
}

/*
 * A phase planned under its hours: the target is a preference.  Not
 * where the level's range moved the target (an outpatient week's
 * maximum, a PHP week's minimum): the phase's hours are not the aim.
 */
static void
emit_note(struct yemit *y, const struct plan_client *c, size_t k)
{
	char have[32], aim[32], min[32], text[256];
	long target = plan_target(&prog, c, k);

	if (c->weeks[k].minutes >= target || target != prog.phases[k].minutes)
		return;
	num_fmt_hours_brief(c->weeks[k].minutes, have);
	num_fmt_hours_brief(target, aim);
	num_fmt_hours_brief(plan_range(&prog, c).min, min);
	snprintf(text, sizeof text, "the phase aims at %s hours a week; %s fit "
	    "the client's availability and the timetable, at least the "
	    "level's minimum of %s", aim, have, min);
	yemit_kv(y, "note", text);
}

static void
emit_dated(struct yemit *y, const struct dated *d)
{
	const struct weekly_slot *s = &prog.slots[d->slot];

	yemit_map(y, 1);
	yemit_kdate(y, "date", d->day);
	emit_slot_fields(y, s);
}

/*
 * Phase k's weeks in which a closure takes a session: the days closed,
 * the hours and days left with the make-up sessions, and those.
 */
static void
emit_closure_weeks(struct yemit *y, const struct plan_client *c, size_t k)
{
	const struct week *wk = &c->weeks[k];
	char h[32];
	size_t i, j;
	long d;

	for (i = 0; i < c->ndw && c->dw[i].phase != k; i++)
		;
	if (i == c->ndw)
		return;
	yemit_str(y, "closure_weeks");
	yemit_seq(y, 1);
	for (; i < c->ndw && c->dw[i].phase == k; i++) {
		const struct dweek *w = &c->dw[i];

		yemit_map(y, 1);
		yemit_kdate(y, "from", w->from);
		yemit_kdate(y, "to", w->from + 6);
		yemit_str(y, "closed");
		yemit_seq(y, 1);
		for (d = w->from; d < w->from + 7; d++)
			for (j = 0; j < wk->n; j++)
				if (prog.slots[wk->slot[j]].day ==
				    date_weekday(d) && plan_closed(&pl, d)) {
					yemit_kdate(y, NULL, d);
					break;
				}
		yemit_seq(y, 0);
		num_fmt_hours_brief(w->minutes, h);
		yemit_num(y, "hours", h);
		snprintf(h, sizeof h, "%d", w->days);
		yemit_num(y, "days", h);
		if (w->nmakeup > 0) {
			yemit_str(y, "make_up");
			yemit_seq(y, 1);
			for (j = 0; j < w->nmakeup; j++)
				emit_dated(y, &w->makeup[j]);
			yemit_seq(y, 0);
		}
		yemit_map(y, 0);
	}
	yemit_seq(y, 0);
}

static void
emit_phases(struct yemit *y, const struct plan_client *c)
{
	char h[32];
	size_t k, i;

	yemit_kv(y, "track", prog.tracks[c->track]);
	yemit_str(y, "phases");
	yemit_seq(y, 1);
	for (k = 0; k < prog.nphases; k++) {
		yemit_map(y, 1);
		yemit_kv(y, "name", prog.phases[k].name);
		yemit_kdate(y, "from", plan_phase_start(&pl, k));
		yemit_kdate(y, "to", plan_phase_start(&pl, k + 1) - 1);
		num_fmt_hours_brief(plan_target(&prog, c, k), h);
		yemit_num(y, "target_hours", h);
		num_fmt_hours_brief(c->weeks[k].minutes, h);
		yemit_num(y, "hours_per_week", h);
		snprintf(h, sizeof h, "%d", c->weeks[k].days);
		yemit_num(y, "days_per_week", h);
		emit_note(y, c, k);
		yemit_str(y, "sessions");
		yemit_seq(y, 1);
		for (i = 0; i < c->weeks[k].n; i++)
			emit_slot(y, &prog.slots[c->weeks[k].slot[i]]);
		yemit_seq(y, 0);
		emit_closure_weeks(y, c, k);
		yemit_map(y, 0);
	}
	yemit_seq(y, 0);
}

/* The weeks that make-up sessions could not bring up to the minimum. */
static void
emit_short_weeks(struct yemit *y, const struct plan_client *c)
{
	char h[32];
	size_t i;

	if (c->nshort == 0)
		return;
	yemit_str(y, "short_weeks");
	yemit_seq(y, 1);
	for (i = 0; i < c->ndw; i++) {
		const struct dweek *w = &c->dw[i];

		if (!w->isshort)
			continue;
		yemit_map(y, 1);
		yemit_kdate(y, "from", w->from);
		yemit_kdate(y, "to", w->from + 6);
		yemit_kv(y, "phase", prog.phases[w->phase].name);
		num_fmt_hours_brief(w->minutes, h);
		yemit_num(y, "hours", h);
		snprintf(h, sizeof h, "%d", w->days);
		yemit_num(y, "days", h);
		yemit_map(y, 0);
	}
	yemit_seq(y, 0);
}

/* A client already at the step-down level (or below) has no step-down. */
static void
emit_dates(struct yemit *y, const struct plan_client *c)
{
	long d, end = plan_discharge(&pl);

	yemit_str(y, "reviews");
	yemit_seq(y, 1);
	for (d = pl.start + prog.review_days; d <= end; d += prog.review_days)
		yemit_kdate(y, NULL, d);
	yemit_seq(y, 0);
	if (c->level > prog.step_down) {
		yemit_kdate(y, "step_down", plan_end(&pl) + 1);
		yemit_kv(y, "step_down_level", level_name(prog.step_down));
	}
	yemit_kdate(y, "discharge", end);
}

/* The measure with each "{date}" replaced by the target date. */
static void
emit_measure(struct yemit *y, const char *m, long day)
{
	struct buf b = BUF_INIT;
	char date[DATE_LEN];
	const char *p;

	date_format(day, date);
	buf_adds(&b, "");
	while ((p = strstr(m, "{date}")) != NULL) {
		buf_add(&b, m, (size_t)(p - m));
		buf_adds(&b, date);
		m = p + 6;
	}
	buf_adds(&b, m);
	yemit_kv(y, "measure", b.s);
	buf_free(&b);
}

static void
emit_goal(struct yemit *y, const struct goal *g)
{
	long due, end = plan_discharge(&pl);
	char dim[8];
	size_t i;

	yemit_map(y, 1);
	yemit_kv(y, "id", g->id);
	yemit_kv(y, "problem", g->problem);
	snprintf(dim, sizeof dim, "%ld", g->dimension);
	if (g->dimension > 0)
		yemit_num(y, "dimension", dim);
	yemit_kv(y, "goal", g->goal);
	yemit_str(y, "objectives");
	yemit_seq(y, 1);
	for (i = 0; i < g->nobj; i++) {
		due = pl.start + g->obj[i].days < end ? pl.start +
		    g->obj[i].days : end;
		yemit_map(y, 1);
		yemit_kv(y, "objective", g->obj[i].text);
		emit_measure(y, g->obj[i].measure, due);
		yemit_kdate(y, "target_date", due);
		yemit_map(y, 0);
	}
	yemit_seq(y, 0);
	yemit_str(y, "interventions");
	yemit_seq(y, 1);
	for (i = 0; i < g->niv; i++) {
		yemit_map(y, 1);
		yemit_kv(y, "intervention", g->iv[i].text);
		yemit_kv(y, "frequency", g->iv[i].frequency);
		yemit_kv(y, "staff", g->iv[i].staff);
		yemit_map(y, 0);
	}
	yemit_seq(y, 0);
	yemit_map(y, 0);
}

/* The services the client is referred to, with their locator codes. */
static void
emit_referrals(struct yemit *y, const struct plan_client *c)
{
	const char *code;
	size_t i, n;

	if (c->nrefer == 0)
		return;
	yemit_str(y, "referrals");
	yemit_seq(y, 1);
	for (i = 0; i < c->nrefer; i++) {
		yemit_map(y, 1);
		yemit_kv(y, "level", c->refer[i]);
		yemit_kv(y, "service", level_service(c->refer[i]));
		yemit_str(y, "locator_codes");
		yemit_seq(y, 1);
		for (code = level_locator(c->refer[i]); *code != '\0';
		    code += n + (code[n] == ' ')) {
			char one[8];

			n = strcspn(code, " ");
			snprintf(one, sizeof one, "%.*s", (int)n, code);
			yemit_kv(y, NULL, one);
		}
		yemit_seq(y, 0);
		yemit_map(y, 0);
	}
	yemit_seq(y, 0);
}

static const char *
status_name(int status)
{
	static const char *const names[] = { "planned", "infeasible",
	    "referred", "not_placed" };

	return names[status];
}

/* Why a client is not planned here. */
static void
emit_reason(struct yemit *y, const struct plan_client *c)
{
	char text[256];

	if (c->status == PLAN_INFEASIBLE)
		yemit_kv(y, "reason", c->reason);
	if (c->status == PLAN_REFERRED) {
		snprintf(text, sizeof text, "the program does not provide %s "
		    "(%s); refer the client (see referrals)",
		    level_service(c->refer[0]), c->refer[0]);
		yemit_kv(y, "reason", text);
	}
	if (c->status == PLAN_NOT_PLACED)
		yemit_kv(y, "reason", "no level of care: the screening has too "
		    "little to place the client (insufficient-data); complete "
		    "the screening, then plan again");
}

static void
emit_plan(struct yemit *y, const struct plan_client *c)
{
	size_t i;

	yemit_doc(y, 1);
	yemit_map(y, 1);
	yemit_kv(y, "client_id", c->id);
	yemit_kv(y, "status", status_name(c->status));
	emit_reason(y, c);
	yemit_kv(y, "program", prog.name);
	if (c->status != PLAN_NOT_PLACED)
		yemit_kv(y, "level", level_name(c->level));
	if (*c->asam != '\0')
		yemit_kv(y, "asam_level", c->asam);
	if (*c->wm != '\0')
		yemit_kv(y, "wm_level", c->wm);
	yemit_kv(y, "age_group", c->adolescent ? "adolescent" : "adult");
	emit_referrals(y, c);
	if (c->status == PLAN_REFERRED || c->status == PLAN_NOT_PLACED) {
		yemit_map(y, 0);
		yemit_doc(y, 0);
		return;
	}
	emit_range(y, c);
	yemit_kdate(y, "start", pl.start);
	if (c->feasible)
		emit_phases(y, c);
	if (c->feasible)
		emit_short_weeks(y, c);
	if (c->feasible)
		emit_dates(y, c);
	yemit_str(y, "problems");
	yemit_seq(y, 1);
	for (i = 0; i < c->ngoals; i++)
		emit_goal(y, &prog.goals[c->goals[i]]);
	yemit_seq(y, 0);
	yemit_str(y, "aftercare");
	yemit_seq(y, 1);
	for (i = 0; i < prog.naftercare; i++)
		yemit_kv(y, NULL, prog.aftercare[i]);
	yemit_seq(y, 0);
	yemit_map(y, 0);
	yemit_doc(y, 0);
}

static struct out *
write_plans(void)
{
	struct out *out;
	struct yemit *y;
	size_t i;

	if ((out = out_open(opts.output)) == NULL)
		exit(EXIT_TROUBLE);
	y = yemit_open(out_file(out));
	for (i = 0; i < ncs; i++)
		emit_plan(y, &cs[i]);
	if (yemit_close(y) == -1)
		exit(EXIT_TROUBLE);
	return out;
}

/* --- dated sessions --- */

static struct session *ss;
static size_t nss, sscap;

static void
add_session(size_t client, long day, const struct weekly_slot *s)
{
	char date[DATE_LEN], t[6], id[256];

	date_format(day, date);
	time_format(s->start, t);
	snprintf(id, sizeof id, "%s-%.4s%.2s%.2s-%.2s%.2s", cs[client].id,
	    date, date + 5, date + 8, t, t + 3);
	ss = xgrowzero(ss, &sscap, nss, sizeof *ss, 256);
	ss[nss].client = client;
	ss[nss].day = day;
	ss[nss].slot = s;
	ss[nss++].id = xstrdup(id);
}

/* Every client's dated sessions: the phases', but closures, and make-ups. */
static void
expand(void)
{
	struct dated *ds;
	size_t c, i, n;

	for (c = 0; c < ncs; c++) {
		ds = plan_dated(&pl, &cs[c], &n);
		for (i = 0; i < n; i++)
			add_session(c, ds[i].day, &prog.slots[ds[i].slot]);
		free(ds);
	}
}

static const char *const sesscols[] = {
	"client_id", "date", "start", "end", "service", "session_id", "title"
};

static void
session_rec(struct rec *o, const struct session *s)
{
	char date[DATE_LEN], t[6];

	rec_clear(o);
	rec_set(o, sesscols[0], cs[s->client].id, REC_TEXT);
	date_format(s->day, date);
	rec_set(o, sesscols[1], date, REC_TEXT);
	time_format(s->slot->start, t);
	rec_set(o, sesscols[2], t, REC_TEXT);
	time_format(s->slot->end, t);
	rec_set(o, sesscols[3], t, REC_TEXT);
	rec_set(o, sesscols[4], s->slot->service, REC_TEXT);
	rec_set(o, sesscols[5], s->id, REC_TEXT);
	rec_set(o, sesscols[6], s->slot->title, REC_TEXT);
}

static struct out *
write_sessions(const char *path)
{
	struct rec o = REC_INIT;
	struct out *out;
	struct rout *w;
	size_t i;
	int fmt = opt_file_format(path, FMT_CSV);

	if ((out = out_open(path)) == NULL)
		exit(EXIT_TROUBLE);
	w = rout_open(out_file(out), fmt, opts.raw ? ROUT_RAW : 0);
	rout_columns(w, sesscols, 7);
	for (i = 0; i < nss; i++) {
		session_rec(&o, &ss[i]);
		if (rout_write(w, &o) == -1)
			exit(EXIT_TROUBLE);
	}
	if (rout_close(w) == -1)
		exit(EXIT_TROUBLE);
	rec_free(&o);
	return out;
}

/* One file per scheduled client, each committed before the next. */
static void
write_ics(void)
{
	struct buf path = BUF_INIT, shown = BUF_INIT;
	struct out *out;
	size_t i = 0, j;

	/* the file names hold client ids: messages name only the folder */
	buf_addf(&shown, "%s/(a client's calendar).ics", icsdir);
	while (i < nss) {
		for (j = i; j < nss && ss[j].client == ss[i].client; j++)
			;
		buf_reset(&path);
		buf_addf(&path, "%s/%s.ics", icsdir, cs[ss[i].client].id);
		if ((out = out_open_as(path.s, shown.s)) == NULL ||
		    plan_ics_write(out_file(out), &prog, &ss[i], j - i,
		    opts.today) == -1 || out_commit(out) == -1)
			exit(EXIT_TROUBLE);
		i = j;
	}
	buf_free(&path);
	buf_free(&shown);
}

/* --- main --- */

enum { OPT_ALL = 2000, OPT_BOOKED, OPT_ICS, OPT_PRINT_PROGRAM, OPT_SESSIONS,
	OPT_START };

static const struct option longopts[] = {
	COMMON_LONGOPTS,
	{ "all", no_argument, NULL, OPT_ALL },
	{ "booked", required_argument, NULL, OPT_BOOKED },
	{ "help", no_argument, NULL, 'h' },
	{ "ics", required_argument, NULL, OPT_ICS },
	{ "print-program", no_argument, NULL, OPT_PRINT_PROGRAM },
	{ "program", required_argument, NULL, 'p' },
	{ "sessions", required_argument, NULL, OPT_SESSIONS },
	{ "start", required_argument, NULL, OPT_START },
	{ NULL, 0, NULL, 0 }
};

struct args {
	const char	*program, *sessions, *start;
	const char	**booked;
	size_t		 nbooked;
};

static void
parse_args(int argc, char *argv[], struct args *a)
{
	int ch;

	while ((ch = getopt_long(argc, argv, "hI:O:o:p:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
		case 'p':
			a->program = optarg;
			break;
		case OPT_ALL:
			allflag = 1;
			break;
		case OPT_BOOKED:
			a->booked = xreallocarray(a->booked, a->nbooked + 1,
			    sizeof *a->booked);
			a->booked[a->nbooked++] = optarg;
			break;
		case OPT_ICS:
			icsdir = optarg;
			break;
		case OPT_PRINT_PROGRAM:
			fputs(program_default, stdout);
			out_exit(0);
		case OPT_SESSIONS:
			a->sessions = optarg;
			break;
		case OPT_START:
			a->start = optarg;
			break;
		default:
			if (common_option(&opts, ch, optarg) != 1)
				usage(EXIT_TROUBLE);
		}
	}
	/* -O, else -o's suffix (one of no format is an error there) */
	if (common_outfmt(&opts, FMT_YAML) != FMT_YAML)
		bad_option("plans are written as YAML only");
}

/* --start, else the first day of the week after today. */
static long
start_day(const char *arg)
{
	long d;

	if (common_today(&opts) == -1)
		usage(EXIT_TROUBLE);
	if (arg != NULL) {
		if (date_parse(arg, &d) == -1)
			bad_option("--start takes a date (YYYY-MM-DD)");
		return d;
	}
	return date_week_start(opts.today, prog.week_start) + 7;
}

static void
check_icsdir(void)
{
	struct stat st;

	if (icsdir == NULL)
		return;
	if (stat(icsdir, &st) == -1) {
		diag_syswarn(icsdir);
		exit(EXIT_TROUBLE);
	}
	if (!S_ISDIR(st.st_mode))
		bad_option("--ics takes a directory");
}

static void
notice(size_t n, const char *one, const char *many)
{
	if (n > 0)
		fprintf(stderr, "%s: %zu %s\n", diag_progname(), n,
		    n == 1 ? one : many);
}

/* Notices name counts, never clients: ids are health information. */
static void
notices(void)
{
	notice(notplaced, "client has no level of care, the screening being "
	    "incomplete; see the plan (status: not_placed)", "clients have no "
	    "level of care, the screening being incomplete; see their plans "
	    "(status: not_placed)");
	if (notplaced > 0)
		diag_found();
	notice(referred, "client needs a level of care the program does not "
	    "provide; see the plan (status: referred)", "clients need a level "
	    "of care the program does not provide; see their plans (status: "
	    "referred)");
	notice(wmreferred, "planned client also needs withdrawal management "
	    "the program does not provide; see referrals in the plan",
	    "planned clients also need withdrawal management the program "
	    "does not provide; see referrals in their plans");
	if (unmatched > 0)
		fprintf(stderr, "%s: %zu booked session%s no session of "
		    "the program's timetable and take%s no place\n",
		    diag_progname(), unmatched, unmatched == 1 ? " matches" :
		    "s match", unmatched == 1 ? "s" : "");
	if (passed > 0)
		fprintf(stderr, "%s: %zu client%s not recommended for IOP %s "
		    "passed over; --all plans or refers them\n", diag_progname(),
		    passed, passed == 1 ? "" : "s", passed == 1 ? "was" : "were");
	if (infeasible > 0) {
		fprintf(stderr, "%s: %zu client%s could not be scheduled; see "
		    "%s plan%s (status: infeasible)\n", diag_progname(),
		    infeasible, infeasible == 1 ? "" : "s",
		    infeasible == 1 ? "the" : "their",
		    infeasible == 1 ? "" : "s");
		diag_found();
	}
	if (shortweeks > 0) {
		fprintf(stderr, "%s: %zu client%s %s weeks under the minimum "
		    "that closures leave and make-up sessions cannot fill; see "
		    "short_weeks in %s plan%s\n", diag_progname(), shortweeks,
		    shortweeks == 1 ? "" : "s", shortweeks == 1 ? "has" : "have",
		    shortweeks == 1 ? "the" : "their",
		    shortweeks == 1 ? "" : "s");
		diag_found();
	}
}

static void
cleanup(void)
{
	size_t i;

	for (i = 0; i < ncs; i++)
		plan_client_free(&cs[i], prog.nphases);
	for (i = 0; i < nss; i++)
		free(ss[i].id);
	names_free(&ids);
	free(idflags);
	colmap_free(&goalcols);
	free(goalfields);
	free(goalfirst);
	free(chosen);
	free(cs);
	free(ss);
	plan_free(&pl);
	program_free(&prog);
}

int
main(int argc, char *argv[])
{
	struct args a = { NULL, NULL, NULL, NULL, 0 };
	size_t k;
	struct out *plans, *sess = NULL;
	int i;

	diag_init(argv[0]);
	argv[0] = (char *)diag_progname();
	if (compat_pledge("stdio rpath wpath cpath") == -1)
		diag_fatal("pledge failed");
	parse_args(argc, argv, &a);
	argc -= optind;
	argv += optind;
	if (program_load(&prog, a.program) == -1)
		return EXIT_TROUBLE;
	plan_init(&pl, &prog, start_day(a.start));
	if (plan_discharge(&pl) > DATE_LAST)
		bad_option("--start is too late: the plan would end after "
		    "9999-12-31");
	check_icsdir();
	for (k = 0; k < a.nbooked; k++)
		read_booked(a.booked[k]);
	free(a.booked);
	read_input(argc > 0 ? argv[0] : "-");
	for (i = 1; i < argc; i++)
		read_input(argv[i]);
	expand();
	plans = write_plans();
	if (a.sessions != NULL)
		sess = write_sessions(a.sessions);
	if (icsdir != NULL)
		write_ics();
	if ((sess != NULL && out_commit(sess) == -1) || out_commit(plans) == -1)
		return EXIT_TROUBLE;
	notices();
	cleanup();
	return diag_status();
}
