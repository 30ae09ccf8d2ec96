/* policy.c: the attendance policy and its loader (see policy.h). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "policy.h"
#include "xalloc.h"
#include "ydoc.h"

const char policy_default[] =
"# iop-attend: the built-in attendance policy (iop-attend --print-policy).\n"
"# Edit a copy and pass it with --policy.  No national standard sets these\n"
"# numbers; each default is an example from the source named beside it\n"
"# (see iop-attend(1) and shared/domain.md section 5).\n"
"\n"
"# Minutes after the scheduled start before arrival counts as late\n"
"# (15-minute grace: Truman State counseling, A to Z ABA).\n"
"late_grace_min: 15\n"
"# Minutes before the scheduled end before leaving counts as early.\n"
"left_early_grace_min: 15\n"
"# Least time present for a session to count as attended; 0: any.\n"
"min_minutes_for_credit: 0\n"
"# Least share of due sessions attended, in percent, excused and\n"
"# cancelled sessions aside (75 %: Believe Therapies, monthly).\n"
"attendance_rate_min: 75\n"
"# Unexcused absences in a row before a discharge review\n"
"# (3 no-call absences: MHS DBT, IWG, Rockville).\n"
"consecutive_absences: 3\n"
"# Days without any attendance before a no-contact review\n"
"# (CAMH data standard: first inactivity flag at 15 days).\n"
"no_contact_days: 15\n"
"# A per-diem billable day: at least this many hours attended; a week:\n"
"# at least this many such days (HCPCS H0015: 3 h a day, 3 days a week).\n"
"billable_day_hours: 3\n"
"billable_days_per_week: 3\n"
"# Progress notes are due within this many business days of the\n"
"# session (Medi-Cal: 3 business days).\n"
"notes_due_business_days: 3\n"
"# Program closures: dates (YYYY-MM-DD) that are not business days for\n"
"# note deadlines nor program days for partial weeks, such as\n"
"# [2026-11-26, 2026-12-25].\n"
"holidays: []\n"
"# The minimum of a week the client is admitted or discharged in:\n"
"# prorate (by the program days, Monday to Friday less holidays,\n"
"# enrolled in that week), exempt (no minimum) or full.\n"
"partial_week: prorate\n"
"# The program's time zone (a zoneinfo name such as America/New_York):\n"
"# minutes across a daylight-saving change follow it; local: the TZ of\n"
"# the environment.\n"
"time_zone: local\n"
"\n"
"# How serious each finding is: info, warning or violation; off turns\n"
"# the rule off.\n"
"severity:\n"
"  no_record: violation\n"
"  unscheduled: info\n"
"  late: warning\n"
"  left_early: warning\n"
"  absent_unexcused: warning\n"
"  consecutive_absences: violation\n"
"  attendance_rate: warning\n"
"  no_contact: warning\n"
"  below_min_hours: violation\n"
"  billable_day_short: info\n"
"  note_missing: violation\n"
"  note_late: warning\n"
"  shortfall_forecast: violation\n"
"  not_scheduled: violation\n";

static const char *const rule_names[NRULES + 1] = {
	"no_record", "unscheduled", "late", "left_early", "absent_unexcused",
	"consecutive_absences", "attendance_rate", "no_contact",
	"below_min_hours", "billable_day_short", "note_missing", "note_late",
	"shortfall_forecast", "not_scheduled", NULL
};

const char *
policy_rule_name(enum rule r)
{
	return rule_names[r];
}

static const struct {
	const char	*key;
	size_t		 off;
	long		 min, max;
	int		 hours;		/* given in hours, kept in minutes */
} numbers[] = {
#define OFF(f) offsetof(struct policy, f)
	{ "late_grace_min", OFF(late_grace_min), 0, 240, 0 },
	{ "left_early_grace_min", OFF(left_early_grace_min), 0, 240, 0 },
	{ "min_minutes_for_credit", OFF(min_minutes_for_credit), 0, 1440, 0 },
	{ "attendance_rate_min", OFF(attendance_rate_min), 0, 100, 0 },
	{ "consecutive_absences", OFF(consecutive_absences), 1, 1000, 0 },
	{ "no_contact_days", OFF(no_contact_days), 1, 3660, 0 },
	{ "billable_day_hours", OFF(billable_day_minutes), 0, 24, 1 },
	{ "billable_days_per_week", OFF(billable_days_per_week), 0, 7, 0 },
	{ "notes_due_business_days", OFF(notes_due_business_days), 0, 365, 0 },
#undef OFF
};
#define NNUMBERS (sizeof numbers / sizeof numbers[0])

static int
set_number(struct policy *p, const char *file, size_t i,
    const struct ynode *v)
{
	long *dst = (long *)((char *)p + numbers[i].off);

	if (numbers[i].hours)
		return ydoc_hours(file, v, numbers[i].key, dst);
	return ydoc_number(file, v, numbers[i].key, numbers[i].min,
	    numbers[i].max, dst);
}

static const char *const pw_names[] = { "prorate", "exempt", "full", NULL };

const char *
policy_partial_week_name(enum partial_week pw)
{
	return pw_names[pw];
}

static int
set_partial_week(struct policy *p, const char *file, const struct ynode *v)
{
	int i;

	if (ydoc_want(file, v, YN_SCALAR, "partial_week") == -1)
		return -1;
	for (i = 0; pw_names[i] != NULL; i++)
		if (strcmp(v->str, pw_names[i]) == 0) {
			p->partial_week = (enum partial_week)i;
			return 0;
		}
	return ydoc_bad(file, v->line, "'%s' is not prorate, exempt or full",
	    "partial_week");
}

/*
 * A zoneinfo name: letters, digits and _+-/ with no "..", naming a
 * time zone file (TZif, RFC 8536) under TZDIR (or /usr/share/zoneinfo),
 * since tzset(3) falls back to UTC without a word on a name it cannot
 * read: a directory such as America, or a file such as leapseconds.
 */
static int
zone_exists(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[512], magic[4];
	size_t i;
	FILE *fp;
	int ok;

	if (*name == '\0' || *name == '/' || strstr(name, "..") != NULL)
		return 0;
	for (i = 0; name[i] != '\0'; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789_+-/", name[i]) == NULL)
			return 0;
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir :
	    "/usr/share/zoneinfo", name);
	if ((fp = fopen(path, "rb")) == NULL)
		return 0;
	ok = fread(magic, 1, sizeof magic, fp) == sizeof magic &&
	    memcmp(magic, "TZif", sizeof magic) == 0;
	fclose(fp);
	return ok;
}

static int
set_time_zone(struct policy *p, const char *file, const struct ynode *v)
{
	if (ydoc_want(file, v, YN_SCALAR, "time_zone") == -1)
		return -1;
	if (strcmp(v->str, "local") == 0) {
		p->time_zone[0] = '\0';
		return 0;
	}
	if (strlen(v->str) >= sizeof p->time_zone || !zone_exists(v->str))
		return ydoc_bad(file, v->line, "'%s' is not local or a known "
		    "time zone", "time_zone");
	strcpy(p->time_zone, v->str);
	return 0;
}

static int
day_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return (x > y) - (x < y);
}

/* A file's list replaces the built-in one. */
static int
set_holidays(struct policy *p, const char *file, const struct ynode *seq)
{
	size_t i;

	if (ydoc_want(file, seq, YN_SEQ, "holidays") == -1)
		return -1;
	free(p->holidays);
	p->holidays = seq->n ? xcalloc(seq->n, sizeof *p->holidays) : NULL;
	p->nholidays = 0;
	for (i = 0; i < seq->n; i++) {
		const struct ynode *v = seq->kids[i];

		if (ydoc_want(file, v, YN_SCALAR, "holidays") == -1)
			return -1;
		if (date_parse(v->str, &p->holidays[i]) == -1)
			return ydoc_bad(file, v->line, "an entry of '%s' is "
			    "not a date (YYYY-MM-DD)", "holidays");
		p->nholidays++;
	}
	if (p->nholidays > 0)
		qsort(p->holidays, p->nholidays, sizeof *p->holidays, day_cmp);
	return 0;
}

int
policy_closed(const struct policy *p, long day)
{
	return p->nholidays > 0 && bsearch(&day, p->holidays, p->nholidays,
	    sizeof day, day_cmp) != NULL;
}

void
policy_add_closures(struct policy *p, const long *days, size_t n)
{
	size_t i, k;

	if (n == 0)
		return;
	p->holidays = xreallocarray(p->holidays, p->nholidays + n,
	    sizeof *p->holidays);
	memcpy(p->holidays + p->nholidays, days, n * sizeof *days);
	p->nholidays += n;
	qsort(p->holidays, p->nholidays, sizeof *p->holidays, day_cmp);
	for (i = k = 1; i < p->nholidays; i++)	/* a day listed twice */
		if (p->holidays[i] != p->holidays[k - 1])
			p->holidays[k++] = p->holidays[i];
	p->nholidays = k;
}

void
policy_free(struct policy *p)
{
	free(p->holidays);
	p->holidays = NULL;
	p->nholidays = 0;
}

/* Apply one policy document over what p holds already. */
static int
apply(struct policy *p, const char *file, const struct ynode *root)
{
	static const char *keys[NNUMBERS + 5];
	size_t i, k;

	for (i = 0; i < NNUMBERS; i++)
		keys[i] = numbers[i].key;
	keys[NNUMBERS] = "severity";
	keys[NNUMBERS + 1] = "holidays";
	keys[NNUMBERS + 2] = "partial_week";
	keys[NNUMBERS + 3] = "time_zone";
	if (ydoc_want(file, root, YN_MAP, "the policy") == -1 ||
	    ydoc_keys(file, root, keys) == -1)
		return -1;
	for (k = 0; k < root->n; k++) {
		const char *key = root->keys[k];
		const struct ynode *v = root->kids[k];

		if (strcmp(key, "severity") == 0 ?
		    ydoc_severities(file, v, rule_names, p->severity) :
		    strcmp(key, "holidays") == 0 ? set_holidays(p, file, v) :
		    strcmp(key, "partial_week") == 0 ?
		    set_partial_week(p, file, v) :
		    strcmp(key, "time_zone") == 0 ? set_time_zone(p, file, v) :
		    0)
			return -1;
		for (i = 0; i < NNUMBERS; i++)
			if (strcmp(root->keys[k], numbers[i].key) == 0 &&
			    set_number(p, file, i, root->kids[k]) == -1)
				return -1;
	}
	return 0;
}

/*
 * The built-in policy first, then the file over it: a file need only
 * name what it changes.
 */
int
policy_load(struct policy *p, const char *path)
{
	struct ynode *root;
	int rv;

	memset(p, 0, sizeof *p);
	root = ydoc_parse("<built-in policy>", policy_default,
	    strlen(policy_default));
	if (root == NULL || apply(p, "<built-in policy>", root) == -1)
		diag_fatal("the built-in policy is broken");
	ydoc_free(root);
	if (path == NULL)
		return 0;
	if ((root = ydoc_load(path)) == NULL) {
		policy_free(p);
		return -1;
	}
	rv = apply(p, path, root);
	ydoc_free(root);
	if (rv == -1)
		policy_free(p);		/* nothing is kept of a bad file */
	return rv;
}
