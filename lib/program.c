/* program.c: the program definition and its loader (see plan.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "date.h"
#include "num.h"
#include "program.h"
#include "xalloc.h"
#include "ydoc.h"

const char program_default[] =
"# iop-plan: the built-in program (iop-plan --print-program).  Edit a\n"
"# copy to describe your program and pass it with --program.  Sources\n"
"# are named beside each default (see iop-plan(1) and shared/domain.md).\n"
"\n"
"name: Intensive outpatient program\n"
"# The clinic's time zone (IANA name), for the calendar files.\n"
"time_zone: America/Los_Angeles\n"
"# Where sessions take place; shown in the calendar files, which others\n"
"# may see on a phone: a street address, not a name that says what the\n"
"# place treats.\n"
"location: \"\"\n"
"# The title of every calendar event.  A phone shows it on the lock\n"
"# screen and to whoever shares the calendar, so it must not disclose\n"
"# substance-use treatment (42 CFR Part 2): \"Morning recovery group\"\n"
"# would.  The sessions file keeps each session's own title.\n"
"calendar_title: Appointment\n"
"week_start: monday\n"
"\n"
"# Weekly hours per level of care and age group, \"MIN-MAX\" or \"MIN+\"\n"
"# (ASAM Criteria 3rd ed.: IOP 9-19 adults, 6-19 adolescents; PHP 20+).\n"
"hours:\n"
"  iop:\n"
"    adult: 9-19\n"
"    adolescent: 6-19\n"
"  php:\n"
"    adult: 20+\n"
"    adolescent: 20+\n"
"\n"
"# Days a week with a session (Wyoming Ch.4 12: at least 3 days).\n"
"min_days: 3\n"
"max_days: 5\n"
"# A billable day: the hours a day's sessions must reach for the\n"
"# per-diem rate (HCPCS H0015: a program of at least 3 hours a day; NY\n"
"# OASAS bills a day of 3 hours or more).  No day is scheduled under\n"
"# it: an individual session goes on a group day.  0: no such rule.\n"
"per_diem: 3\n"
"# Days between plan reviews (state Medicaid IOP example: 30 days;\n"
"# Medicare: at least every other month, so at most 60).\n"
"review_days: 30\n"
"\n"
"# Phases, in order; then the client steps down (ASAM continued-stay\n"
"# logic) and is expected to be discharged step_down_weeks later.\n"
"phases:\n"
"  - name: intensive\n"
"    weeks: 4\n"
"    hours: 12\n"
"  - name: standard\n"
"    weeks: 4\n"
"    hours: 9\n"
"step_down: op\n"
"step_down_weeks: 4\n"
"\n"
"# Group tracks; a client attends the groups of one track.  days: one or\n"
"# more weekdays (\"mon-thu\", \"mon,wed,fri\"); one slot per day listed.\n"
"# A track's level is iop unless it says level: op or php; a client is\n"
"# planned on the tracks of their level of care, and a client whose\n"
"# level no track serves is referred (with the treatment locator code).\n"
"tracks:\n"
"  - name: morning\n"
"    groups:\n"
"      - days: mon-thu\n"
"        start: \"09:00\"\n"
"        end: \"12:00\"\n"
"        title: Morning group\n"
"        capacity: 12\n"
"  - name: evening\n"
"    groups:\n"
"      - days: mon-thu\n"
"        start: \"18:00\"\n"
"        end: \"21:00\"\n"
"        title: Evening group\n"
"        capacity: 12\n"
"\n"
"# Individual therapy every week (SAMHSA TIP 47: a core IOP service).\n"
"individual:\n"
"  - days: mon-fri\n"
"    start: \"12:30\"\n"
"    end: \"13:30\"\n"
"    title: Individual therapy\n"
"    capacity: 2\n"
"  - days: mon-fri\n"
"    start: \"17:00\"\n"
"    end: \"18:00\"\n"
"    title: Individual therapy\n"
"    capacity: 2\n"
"\n"
"# Family sessions, for clients with family_involvement: yes; on a\n"
"# group day, so that the day is billable.\n"
"family:\n"
"  - days: wed\n"
"    start: \"17:00\"\n"
"    end: \"18:00\"\n"
"    title: Family session\n"
"    capacity: 4\n"
"\n"
"# Withdrawal management levels the program provides beside its tracks\n"
"# (1-WM, 2-WM, 3.2-WM, 3.7-WM, 4-WM).  A client whose screening calls\n"
"# for another (asam_level or wm_level) is referred for it.\n"
"withdrawal_management: []\n"
"\n"
"# Closed days (YYYY-MM-DD): no sessions are scheduled on them.\n"
"closures: []\n"
"\n"
"# Continuing-care items for every plan (105 CMR 164.075 aftercare list).\n"
"aftercare:\n"
"  - Referral to further outpatient treatment (step-down level of care)\n"
"  - Care coordination with medical and psychiatric providers\n"
"  - Referral to a prescriber of medication for addiction treatment where indicated\n"
"  - Overdose prevention education and naloxone\n"
"  - Recovery housing referral where needed\n"
"  - Employment and education supports\n"
"  - Family and community supports, including mutual-support groups\n"
"\n"
"# The goal library: a goal enters the plan when any of its conditions\n"
"# holds for the screening result (field is: [values], not: [values],\n"
"# at_least: N).  Goals appear in this order; keep safety first.  A goal\n"
"# whose when is \"otherwise\" enters a plan that no other goal entered.\n"
"# In a measure, {date} is the objective's target date.  Every positive\n"
"# screen and every dimension rated 2 or more (the ratings that set an\n"
"# IOP level) adds a problem.\n"
"goals:\n"
"  - id: safety\n"
"    when:\n"
"      - field: safety\n"
"        not: [none, not_assessed]\n"
"    problem: Risk of harm to self found at screening\n"
"    dimension: 3\n"
"    goal: I will stay safe and know what to do when I am in crisis.\n"
"    objectives:\n"
"      - text: Complete a written safety plan with the therapist\n"
"        measure: Safety plan written and signed by {date}\n"
"        days: 7\n"
"      - text: Name three warning signs and three people to call\n"
"        measure: Reviewed at each individual session; all six named by {date}\n"
"        days: 14\n"
"    interventions:\n"
"      - text: Collaborative safety planning and means-restriction counselling\n"
"        frequency: first individual session, then weekly\n"
"        staff: primary therapist\n"
"  # Suicide-risk screening is expected for every behavioural-health\n"
"  # client (The Joint Commission NPSG.15.01.01): not assessed is not\n"
"  # \"no risk\".\n"
"  - id: safety_screening\n"
"    when:\n"
"      - field: safety\n"
"        is: [not_assessed]\n"
"    problem: Suicide risk not assessed at screening\n"
"    dimension: 3\n"
"    goal: I will talk with my therapist about my safety.\n"
"    objectives:\n"
"      - text: Complete a suicide-risk screening (C-SSRS screener) with the therapist\n"
"        measure: Screening completed, and a safety plan made if any risk is found, by {date}\n"
"        days: 7\n"
"    interventions:\n"
"      - text: Suicide-risk screening with a validated tool\n"
"        frequency: first individual session\n"
"        staff: primary therapist\n"
"  # CRAFFT Car: riding with a driver who had been using, or driving so.\n"
"  - id: riding_safety\n"
"    when:\n"
"      - field: crafft_car\n"
"        is: [\"yes\"]\n"
"    problem: Riding with or driving after substance use (CRAFFT Car)\n"
"    goal: I will never ride with or be a driver who has been drinking or using.\n"
"    objectives:\n"
"      - text: Make a safe-ride plan with a trusted adult\n"
"        measure: Safe-ride plan written and shared by {date}\n"
"        days: 7\n"
"    interventions:\n"
"      - text: Riding and driving risk counselling\n"
"        frequency: first individual session, then as needed\n"
"        staff: primary therapist\n"
"  # CIWA-Ar or COWS above its lowest band (under the default ASAM 2020\n"
"  # CIWA-Ar cut-offs any total above 0: 1-9 is mild withdrawal), or\n"
"  # dimension 1 rated 2 or more.\n"
"  - id: withdrawal\n"
"    when:\n"
"      - field: ciwa_band\n"
"        not: [none, absent, minimal, incomplete]\n"
"      - field: cows_band\n"
"        not: [none, incomplete]\n"
"      - field: d1\n"
"        at_least: 2\n"
"    problem: Withdrawal symptoms; withdrawal management and medication (dimension 1)\n"
"    dimension: 1\n"
"    goal: I will get through withdrawal safely and know my medication options.\n"
"    objectives:\n"
"      - text: Have withdrawal monitored (CIWA-Ar or COWS) until it has passed\n"
"        measure: Withdrawal scored at each visit; symptoms resolved by {date}\n"
"        days: 14\n"
"      - text: Meet a prescriber about medication for withdrawal and for addiction treatment\n"
"        measure: Medication assessment completed by {date}\n"
"        days: 7\n"
"    interventions:\n"
"      - text: Withdrawal monitoring and medical review; medication for addiction treatment where indicated\n"
"        frequency: each visit until withdrawal has passed\n"
"        staff: nurse or prescriber\n"
"  - id: biomedical\n"
"    when:\n"
"      - field: d2\n"
"        at_least: 2\n"
"    problem: Medical conditions that affect treatment (dimension 2)\n"
"    dimension: 2\n"
"    goal: I will look after my health while I am in treatment.\n"
"    objectives:\n"
"      - text: See a primary care or medical provider about the conditions found\n"
"        measure: Medical visit completed and care coordinated by {date}\n"
"        days: 14\n"
"    interventions:\n"
"      - text: Care coordination with medical providers\n"
"        frequency: until the visit, then monthly\n"
"        staff: case manager\n"
"  - id: substance_use\n"
"    when:\n"
"      - field: audit_positive\n"
"        is: [\"yes\"]\n"
"      - field: auditc_positive\n"
"        is: [\"yes\"]\n"
"      - field: dast10_positive\n"
"        is: [\"yes\"]\n"
"      - field: cage_positive\n"
"        is: [\"yes\"]\n"
"      - field: crafft_positive\n"
"        is: [\"yes\"]\n"
"    problem: Substance use found at screening\n"
"    dimension: 5\n"
"    goal: I want to stop using and build a life in recovery.\n"
"    objectives:\n"
"      - text: Attend every scheduled group and individual session\n"
"        measure: At least 90% of scheduled sessions attended by {date}\n"
"        days: 28\n"
"      - text: Write a relapse prevention plan\n"
"        measure: Relapse prevention plan completed by {date}\n"
"        days: 42\n"
"    interventions:\n"
"      - text: Relapse prevention group\n"
"        frequency: every group day\n"
"        staff: group facilitator\n"
"      - text: Motivational interviewing\n"
"        frequency: weekly individual session\n"
"        staff: primary therapist\n"
"  - id: cravings\n"
"    when:\n"
"      - field: audit_positive\n"
"        is: [\"yes\"]\n"
"      - field: auditc_positive\n"
"        is: [\"yes\"]\n"
"      - field: dast10_positive\n"
"        is: [\"yes\"]\n"
"      - field: cage_positive\n"
"        is: [\"yes\"]\n"
"      - field: crafft_positive\n"
"        is: [\"yes\"]\n"
"    problem: Cravings\n"
"    dimension: 5\n"
"    goal: I will manage cravings without using.\n"
"    objectives:\n"
"      - text: Use two craving-management skills (urge surfing, delay and distract)\n"
"        measure: Craving log kept for 4 weeks and reviewed by {date}\n"
"        days: 28\n"
"    interventions:\n"
"      - text: Craving management skills training\n"
"        frequency: weekly\n"
"        staff: group facilitator\n"
"  - id: triggers\n"
"    when:\n"
"      - field: d5\n"
"        at_least: 2\n"
"    problem: High relapse potential (dimension 5)\n"
"    dimension: 5\n"
"    goal: I will know my triggers and have a plan for each.\n"
"    objectives:\n"
"      - text: List personal high-risk situations and a coping response for each\n"
"        measure: Trigger list with coping plans completed by {date}\n"
"        days: 21\n"
"    interventions:\n"
"      - text: Functional analysis of use and trigger mapping\n"
"        frequency: weekly individual session\n"
"        staff: primary therapist\n"
"  - id: depression\n"
"    when:\n"
"      - field: phq9_total\n"
"        at_least: 10\n"
"    problem: Depressive symptoms\n"
"    dimension: 3\n"
"    goal: I want to feel better and enjoy things again.\n"
"    objectives:\n"
"      - text: Reduce depressive symptoms\n"
"        measure: PHQ-9 below 10 by {date}\n"
"        days: 56\n"
"    interventions:\n"
"      - text: Cognitive behavioural therapy (CBT) and behavioural activation\n"
"        frequency: weekly\n"
"        staff: primary therapist\n"
"  - id: anxiety\n"
"    when:\n"
"      - field: gad7_total\n"
"        at_least: 10\n"
"    problem: Anxiety symptoms\n"
"    dimension: 3\n"
"    goal: I want to worry less and feel calmer.\n"
"    objectives:\n"
"      - text: Reduce anxiety symptoms\n"
"        measure: GAD-7 below 10 by {date}\n"
"        days: 56\n"
"    interventions:\n"
"      - text: CBT for anxiety and relaxation skills\n"
"        frequency: weekly\n"
"        staff: primary therapist\n"
"  - id: trauma\n"
"    when:\n"
"      - field: pcl5_positive\n"
"        is: [\"yes\"]\n"
"    problem: Trauma symptoms\n"
"    dimension: 3\n"
"    goal: I want to feel safe and less troubled by the past.\n"
"    objectives:\n"
"      - text: Learn and use grounding skills when trauma symptoms rise\n"
"        measure: PCL-5 reduced by at least 10 points by {date}\n"
"        days: 56\n"
"    interventions:\n"
"      - text: Trauma-informed care; referral for trauma-focused therapy\n"
"        frequency: weekly\n"
"        staff: primary therapist\n"
"  - id: emotional_regulation\n"
"    when:\n"
"      - field: d3\n"
"        at_least: 2\n"
"    problem: Difficulty regulating emotions (dimension 3)\n"
"    dimension: 3\n"
"    goal: I will handle strong feelings without harming myself or using.\n"
"    objectives:\n"
"      - text: Practise two emotion regulation skills each week\n"
"        measure: Skills practice log reviewed weekly; kept through {date}\n"
"        days: 28\n"
"    interventions:\n"
"      - text: Emotion regulation skills group (DBT-informed)\n"
"        frequency: weekly\n"
"        staff: group facilitator\n"
"  - id: communication\n"
"    when:\n"
"      - field: family_involvement\n"
"        is: [\"yes\"]\n"
"    problem: Family relationships and communication\n"
"    dimension: 6\n"
"    goal: My family and I will talk about recovery without fighting.\n"
"    objectives:\n"
"      - text: Attend family sessions with at least one family member\n"
"        measure: At least 3 family sessions attended by {date}\n"
"        days: 42\n"
"    interventions:\n"
"      - text: Family psychoeducation and communication skills\n"
"        frequency: weekly family session\n"
"        staff: family therapist\n"
"  - id: recovery_environment\n"
"    when:\n"
"      - field: living_environment\n"
"        is: [unsupportive, unsafe]\n"
"      - field: d6\n"
"        at_least: 2\n"
"    problem: Living environment that does not support recovery (dimension 6)\n"
"    dimension: 6\n"
"    goal: I will have a safe place to live that supports my recovery.\n"
"    objectives:\n"
"      - text: Name the risks at home and a plan for each, with recovery housing if needed\n"
"        measure: Home safety and recovery-support plan made by {date}\n"
"        days: 21\n"
"    interventions:\n"
"      - text: Case management; recovery housing referral where needed\n"
"        frequency: weekly until the plan is in place\n"
"        staff: case manager\n"
"  - id: engagement\n"
"    when:\n"
"      - field: d4\n"
"        at_least: 2\n"
"    problem: Ambivalence about treatment (dimension 4)\n"
"    dimension: 4\n"
"    goal: I will decide what I want from treatment and take part.\n"
"    objectives:\n"
"      - text: Name three reasons for change in a decisional balance exercise\n"
"        measure: Decisional balance completed by {date}\n"
"        days: 14\n"
"    interventions:\n"
"      - text: Motivational interviewing\n"
"        frequency: weekly individual session\n"
"        staff: primary therapist\n"
"  # No plan without a problem: when the screening named none (a level a\n"
"  # clinician set, say), the plan starts by finding them.\n"
"  - id: assessment\n"
"    when: otherwise\n"
"    problem: Treatment needs not yet named by the screening\n"
"    goal: I will work out with my therapist what I want to change.\n"
"    objectives:\n"
"      - text: Complete a full assessment (biopsychosocial, the six ASAM dimensions) and agree on the problems of this plan\n"
"        measure: Assessment completed and the plan updated with the client by {date}\n"
"        days: 7\n"
"    interventions:\n"
"      - text: Comprehensive assessment and collaborative treatment planning\n"
"        frequency: first two individual sessions\n"
"        staff: primary therapist\n";

/*
 * Limits on what multiplies a plan's sessions: weeks times sessions a
 * week, for each client.  Real programs last weeks to months (6 to 12
 * weeks, some cycles longer: ../shared/domain.md) in a few phases,
 * with a few groups a day; these are far past that, and keep the
 * dated sessions of one client under 104 x (64 + 2).
 */
#define MAX_PHASES		64
#define MAX_PHASE_WEEKS		104	/* of a phase, and of all of them */
#define MAX_GROUPS_A_WEEK	64	/* weekly group sessions of a track */

/* The file being read, for messages. */
static const char *file;

/* Print "prog: file:line: message" and give -1. */
#define bad(line, ...) \
	(diag_warnx(&(struct loc){ file, (line) }, __VA_ARGS__), -1)

static int
get_str(const struct ynode *n, const char *what, const char **out)
{
	if (ydoc_want(file, n, YN_SCALAR, what) == -1)
		return -1;
	*out = n->str;
	return 0;
}

static int
get_num(const struct ynode *n, const char *what, long min, long max,
    long *out)
{
	if (ydoc_want(file, n, YN_SCALAR, what) == -1)
		return -1;
	if (num_parse(n->str, min, max, out) == -1)
		return bad(n->line, "'%s' is not a whole number from %ld to %ld",
		    what, min, max);
	return 0;
}

static int
get_time(const struct ynode *n, const char *what, int allow24, int *out)
{
	if (ydoc_want(file, n, YN_SCALAR, what) == -1)
		return -1;
	if (time_parse(n->str, allow24, out) == -1)
		return bad(n->line, "'%s' is not a time (HH:MM)", what);
	return 0;
}

/* A list under key: its items, or -1 if it is not a list. */
static int
get_list(const struct ynode *n, const char *what, size_t min)
{
	if (ydoc_want(file, n, YN_SEQ, what) == -1)
		return -1;
	if (n->n < min)
		return bad(n->line, "'%s' needs at least %zu entries", what, min);
	return 0;
}

/* "9-19" or "20+" hours: a range in minutes. */
static int
get_range(const struct ynode *n, const char *what, struct range *r)
{
	char lo[32];
	const char *dash;
	size_t len;

	if (ydoc_want(file, n, YN_SCALAR, what) == -1)
		return -1;
	len = strcspn(n->str, "-+");
	dash = n->str + len;
	if (len >= sizeof lo || (*dash != '-' && strcmp(dash, "+") != 0))
		return bad(n->line, "'%s' is not an hour range (9-19, 20+)",
		    what);
	memcpy(lo, n->str, len);
	lo[len] = '\0';
	if (num_hours(lo, &r->min) == -1 || (*dash == '-' &&
	    (num_hours(dash + 1, &r->max) == -1 || r->max < r->min)))
		return bad(n->line, "'%s' is not an hour range (9-19, 20+)",
		    what);
	if (*dash == '+')
		r->max = -1;
	return 0;
}

static int
set_hours(struct program *p, const struct ynode *map)
{
	static const char *const ages[] = { "adult", "adolescent", NULL };
	static const char *levels[NLEVELS + 1];
	size_t i, k;
	int lv;

	for (lv = 0; lv < NLEVELS; lv++)
		levels[lv] = level_name(lv);
	if (ydoc_want(file, map, YN_MAP, "hours") == -1 ||
	    ydoc_keys(file, map, levels) == -1)
		return -1;
	for (i = 0; i < map->n; i++) {
		const struct ynode *m = map->kids[i];

		lv = level_parse(map->keys[i]);
		if (ydoc_want(file, m, YN_MAP, map->keys[i]) == -1 ||
		    ydoc_keys(file, m, ages) == -1)
			return -1;
		for (k = 0; k < m->n; k++)
			if (get_range(m->kids[k], m->keys[k],
			    &p->hours[lv][age_group_parse(m->keys[k])]) == -1)
				return -1;
	}
	return 0;
}

static int
set_phase(void *arg, const struct ynode *m)
{
	struct phase *ph = arg;
	static const char *const keys[] = { "name", "weeks", "hours", NULL };
	const struct ynode *name = ydoc_get(m, "name");
	const struct ynode *weeks = ydoc_get(m, "weeks");
	const struct ynode *hours = ydoc_get(m, "hours");

	if (ydoc_want(file, m, YN_MAP, "a phase") == -1 ||
	    ydoc_keys(file, m, keys) == -1)
		return -1;
	if (name == NULL || weeks == NULL || hours == NULL)
		return bad(m->line, "a phase needs name, weeks and hours");
	ph->line = hours->line;
	if (get_str(name, "name", &ph->name) == -1 ||
	    get_num(weeks, "weeks", 1, MAX_PHASE_WEEKS, &ph->weeks) == -1 ||
	    ydoc_want(file, hours, YN_SCALAR, "hours") == -1)
		return -1;
	if (num_hours(hours->str, &ph->minutes) == -1 || ph->minutes == 0)
		return bad(hours->line, "'hours' is not a number of hours");
	return 0;
}

static int
set_strings(const struct ynode *seq, const char *what, const char ***out,
    size_t *n)
{
	size_t i;

	if (get_list(seq, what, 0) == -1)
		return -1;
	*out = xreallocarray(*out, seq->n + 1, sizeof **out);
	for (i = 0; i < seq->n; i++)
		if (get_str(seq->kids[i], what, &(*out)[i]) == -1)
			return -1;
	(*out)[seq->n] = NULL;
	*n = seq->n;
	return 0;
}

static int
set_closures(struct program *p, const struct ynode *seq)
{
	size_t i;

	if (get_list(seq, "closures", 0) == -1)
		return -1;
	p->closures = xreallocarray(p->closures, seq->n + 1,
	    sizeof *p->closures);
	p->nclosures = seq->n;
	for (i = 0; i < seq->n; i++) {
		const struct ynode *d = seq->kids[i];

		if (ydoc_want(file, d, YN_SCALAR, "a closure") == -1)
			return -1;
		if (date_parse(d->str, &p->closures[i]) == -1)
			return bad(d->line, "a closure is not a date "
			    "(YYYY-MM-DD)");
	}
	return 0;
}

/* --- sessions --- */

/* Drop the slots of one kind (and track) before a list replaces them. */
static void
drop_slots(struct program *p, int kind)
{
	size_t i, k = 0;

	for (i = 0; i < p->nslots; i++)
		if (p->slots[i].kind != kind)
			p->slots[k++] = p->slots[i];
	p->nslots = k;
}

static void
add_slot(struct program *p, const struct weekly_slot *s)
{
	p->slots = xreallocarray(p->slots, p->nslots + 1, sizeof *p->slots);
	p->slots[p->nslots++] = *s;
}

static int
slot_fields(struct weekly_slot *s, const struct ynode *m, unsigned *days)
{
	static const char *const keys[] = { "days", "start", "end", "service",
	    "title", "capacity", NULL };
	const struct ynode *v;

	if (ydoc_want(file, m, YN_MAP, "a session") == -1 ||
	    ydoc_keys(file, m, keys) == -1)
		return -1;
	if (ydoc_get(m, "days") == NULL || ydoc_get(m, "start") == NULL ||
	    ydoc_get(m, "end") == NULL || ydoc_get(m, "title") == NULL)
		return bad(m->line, "a session needs days, start, end and "
		    "title");
	v = ydoc_get(m, "days");
	if (ydoc_want(file, v, YN_SCALAR, "days") == -1)
		return -1;
	if (days_parse(v->str, days) == -1)
		return bad(v->line, "'days' names an unknown weekday");
	s->line = m->line;
	if (get_time(ydoc_get(m, "start"), "start", 0, &s->start) == -1 ||
	    get_time(ydoc_get(m, "end"), "end", 1, &s->end) == -1 ||
	    get_str(ydoc_get(m, "title"), "title", &s->title) == -1 ||
	    ((v = ydoc_get(m, "service")) != NULL &&
	    get_str(v, "service", &s->service) == -1) ||
	    ((v = ydoc_get(m, "capacity")) != NULL &&
	    get_num(v, "capacity", 1, 10000, &s->capacity) == -1))
		return -1;
	if (s->end <= s->start)
		return bad(ydoc_get(m, "end")->line, "the session ends before "
		    "it starts");
	return 0;
}

static int
set_slots(struct program *p, const struct ynode *seq, int kind,
    size_t track, const char *what)
{
	static const char *const services[] = { "group", "individual",
	    "family" };
	size_t i, nweekly = 0;
	unsigned days;
	int d;

	if (get_list(seq, what, kind == SLOT_FAMILY ? 0 : 1) == -1)
		return -1;
	for (i = 0; i < seq->n; i++) {
		struct weekly_slot s = { kind, track, 0, 0, 0, services[kind],
		    NULL, kind == SLOT_GROUP ? 12 : 1, 0 };

		if (slot_fields(&s, seq->kids[i], &days) == -1)
			return -1;
		for (d = 0; d < 7; d++)
			if (days & 1u << d) {
				s.day = d;
				add_slot(p, &s);
				nweekly++;
			}
		/* a client may take every group of its track each week */
		if (kind == SLOT_GROUP && nweekly > MAX_GROUPS_A_WEEK)
			return bad(seq->kids[i]->line, "a track's 'groups' "
			    "meet more than %d times a week",
			    MAX_GROUPS_A_WEEK);
	}
	return 0;
}

/* A track's level of care: op, iop (the default) or php. */
static int
track_level(const struct ynode *t, int *level)
{
	const struct ynode *v = ydoc_get(t, "level");

	*level = LEVEL_IOP;
	if (v == NULL)
		return 0;
	if (ydoc_want(file, v, YN_SCALAR, "level") == -1)
		return -1;
	*level = level_parse(v->str);
	if (*level != LEVEL_OP && *level != LEVEL_IOP && *level != LEVEL_PHP)
		return bad(v->line, "a track's 'level' is op, iop or php");
	return 0;
}

static int
set_tracks(struct program *p, const struct ynode *seq)
{
	static const char *const keys[] = { "name", "level", "groups", NULL };
	size_t i;

	if (get_list(seq, "tracks", 1) == -1)
		return -1;
	drop_slots(p, SLOT_GROUP);
	p->tracks = xreallocarray(p->tracks, seq->n, sizeof *p->tracks);
	p->track_level = xreallocarray(p->track_level, seq->n,
	    sizeof *p->track_level);
	p->ntracks = seq->n;
	for (i = 0; i < seq->n; i++) {
		const struct ynode *t = seq->kids[i];

		if (ydoc_want(file, t, YN_MAP, "a track") == -1 ||
		    ydoc_keys(file, t, keys) == -1)
			return -1;
		if (ydoc_get(t, "name") == NULL || ydoc_get(t, "groups") == NULL)
			return bad(t->line, "a track needs a name and groups");
		if (get_str(ydoc_get(t, "name"), "name", &p->tracks[i]) == -1 ||
		    track_level(t, &p->track_level[i]) == -1 ||
		    set_slots(p, ydoc_get(t, "groups"), SLOT_GROUP, i,
		    "groups") == -1)
			return -1;
	}
	return 0;
}

static int
set_wm(struct program *p, const struct ynode *seq)
{
	size_t i;

	if (set_strings(seq, "withdrawal_management", &p->wm, &p->nwm) == -1)
		return -1;
	for (i = 0; i < p->nwm; i++)
		if (level_is_wm(p->wm[i]) != 1)
			return bad(seq->kids[i]->line, "'withdrawal_management' "
			    "lists a level that is not a withdrawal management "
			    "level (1-WM, 2-WM, 3.2-WM, 3.7-WM, 4-WM)");
	return 0;
}

/* --- the goal library --- */

static int
set_cond(void *arg, const struct ynode *m)
{
	struct cond *c = arg;
	static const char *const keys[] = { "field", "is", "not", "at_least",
	    NULL };
	static const char *const ops[] = { "is", "not", "at_least" };
	const struct ynode *v = NULL;
	size_t n = 0;
	int i;

	if (ydoc_want(file, m, YN_MAP, "a condition") == -1 ||
	    ydoc_keys(file, m, keys) == -1)
		return -1;
	for (i = 0; i < 3; i++)
		if (ydoc_get(m, ops[i]) != NULL) {
			v = ydoc_get(m, ops[i]);
			c->op = i;
			n++;
		}
	if (ydoc_get(m, "field") == NULL || n != 1)
		return bad(m->line, "a condition needs a field and one of is, "
		    "not, at_least");
	if (get_str(ydoc_get(m, "field"), "field", &c->field) == -1)
		return -1;
	if (c->op == COND_AT_LEAST)
		return get_num(v, "at_least", -1000000, 1000000, &c->num);
	if (v->type == YN_SCALAR) {
		const char **one = xcalloc(2, sizeof *one);

		one[0] = v->str;
		c->vals = one;
		return 0;
	}
	return set_strings(v, ops[c->op], (const char ***)&c->vals, &n);
}

static int
set_objective(void *arg, const struct ynode *m)
{
	struct objective *o = arg;
	static const char *const keys[] = { "text", "measure", "days", NULL };

	if (ydoc_want(file, m, YN_MAP, "an objective") == -1 ||
	    ydoc_keys(file, m, keys) == -1)
		return -1;
	if (ydoc_get(m, "text") == NULL || ydoc_get(m, "measure") == NULL ||
	    ydoc_get(m, "days") == NULL)
		return bad(m->line, "an objective needs text, measure and days "
		    "(it must be measurable and dated)");
	return get_str(ydoc_get(m, "text"), "text", &o->text) == -1 ||
	    get_str(ydoc_get(m, "measure"), "measure", &o->measure) == -1 ||
	    get_num(ydoc_get(m, "days"), "days", 1, 3660, &o->days) == -1 ?
	    -1 : 0;
}

static int
set_intervention(void *arg, const struct ynode *m)
{
	struct intervention *iv = arg;
	static const char *const keys[] = { "text", "frequency", "staff",
	    NULL };

	if (ydoc_want(file, m, YN_MAP, "an intervention") == -1 ||
	    ydoc_keys(file, m, keys) == -1)
		return -1;
	if (ydoc_get(m, "text") == NULL || ydoc_get(m, "frequency") == NULL ||
	    ydoc_get(m, "staff") == NULL)
		return bad(m->line, "an intervention needs text, frequency and "
		    "staff");
	return get_str(ydoc_get(m, "text"), "text", &iv->text) == -1 ||
	    get_str(ydoc_get(m, "frequency"), "frequency",
	    &iv->frequency) == -1 ||
	    get_str(ydoc_get(m, "staff"), "staff", &iv->staff) == -1 ? -1 : 0;
}

/* Each item of list seq through fn into a new array of n items. */
static int
set_items(const struct ynode *seq, const char *what, size_t size,
    void **arr, size_t *n, int (*fn)(void *, const struct ynode *))
{
	size_t i;

	if (seq == NULL || get_list(seq, what, 1) == -1)
		return seq == NULL ? -2 : -1;
	*arr = xcalloc(seq->n, size);
	*n = seq->n;
	for (i = 0; i < seq->n; i++)
		if (fn((char *)*arr + i * size, seq->kids[i]) == -1)
			return -1;
	return 0;
}

static int
set_goal(struct goal *g, const struct ynode *m)
{
	static const char *const keys[] = { "id", "when", "problem",
	    "dimension", "goal", "objectives", "interventions", NULL };
	const struct ynode *v;
	int rv;

	if (ydoc_want(file, m, YN_MAP, "a goal") == -1 ||
	    ydoc_keys(file, m, keys) == -1)
		return -1;
	if (ydoc_get(m, "id") == NULL || ydoc_get(m, "problem") == NULL ||
	    ydoc_get(m, "goal") == NULL)
		return bad(m->line, "a goal needs id, when, problem, goal, "
		    "objectives and interventions");
	if (get_str(ydoc_get(m, "id"), "id", &g->id) == -1 ||
	    get_str(ydoc_get(m, "problem"), "problem", &g->problem) == -1 ||
	    get_str(ydoc_get(m, "goal"), "goal", &g->goal) == -1 ||
	    ((v = ydoc_get(m, "dimension")) != NULL &&
	    get_num(v, "dimension", 1, 6, &g->dimension) == -1))
		return -1;
	v = ydoc_get(m, "when");
	if (v != NULL && v->type == YN_SCALAR) {
		if (strcmp(v->str, "otherwise") != 0)
			return bad(v->line, "'when' is a list of conditions or "
			    "otherwise");
		g->otherwise = 1;
		rv = 0;
	} else
		rv = set_items(v, "when", sizeof *g->when, (void **)&g->when,
		    &g->nwhen, set_cond);
	if (rv == 0 &&
	    (rv = set_items(ydoc_get(m, "objectives"), "objectives",
	    sizeof *g->obj, (void **)&g->obj, &g->nobj, set_objective)) == 0)
		rv = set_items(ydoc_get(m, "interventions"), "interventions",
		    sizeof *g->iv, (void **)&g->iv, &g->niv, set_intervention);
	if (rv == -2)
		return bad(m->line, "a goal needs id, when, problem, goal, "
		    "objectives and interventions");
	return rv;
}

static void
free_goals(struct program *p)
{
	size_t i, k;

	for (i = 0; i < p->ngoals; i++) {
		for (k = 0; k < p->goals[i].nwhen; k++)
			free((void *)p->goals[i].when[k].vals);
		free(p->goals[i].when);
		free(p->goals[i].obj);
		free(p->goals[i].iv);
	}
	free(p->goals);
	p->goals = NULL;
	p->ngoals = 0;
}

static int
set_goals(struct program *p, const struct ynode *seq)
{
	free_goals(p);
	if (get_list(seq, "goals", 0) == -1)
		return -1;
	p->goals = xcalloc(seq->n + 1, sizeof *p->goals);
	for (p->ngoals = 0; p->ngoals < seq->n; p->ngoals++)
		if (set_goal(&p->goals[p->ngoals], seq->kids[p->ngoals]) == -1) {
			p->ngoals++;
			return -1;
		}
	return 0;
}

/*
 * The phases: at most MAX_PHASES, lasting at most MAX_PHASE_WEEKS in
 * all, each of which multiplies the sessions of every plan.
 */
static int
set_phases(struct program *p, const struct ynode *seq)
{
	long weeks = 0;
	size_t i;
	int rv;

	free(p->phases);
	p->phases = NULL;
	p->nphases = 0;
	if (seq->type == YN_SEQ && seq->n > MAX_PHASES)
		return bad(seq->kids[MAX_PHASES]->line, "'phases' has more "
		    "than %d entries", MAX_PHASES);
	if ((rv = set_items(seq, "phases", sizeof *p->phases,
	    (void **)&p->phases, &p->nphases, set_phase)) != 0)
		return rv;
	for (i = 0; i < p->nphases; i++)
		if ((weeks += p->phases[i].weeks) > MAX_PHASE_WEEKS)
			return bad(ydoc_get(seq->kids[i], "weeks")->line,
			    "the phases' 'weeks' add up to more than %d",
			    MAX_PHASE_WEEKS);
	return 0;
}

/* --- the whole file --- */

static const char *const topkeys[] = {
	"name", "time_zone", "location", "calendar_title", "week_start",
	"hours", "min_days", "max_days", "per_diem", "review_days", "phases",
	"step_down", "step_down_weeks", "tracks", "individual", "family",
	"withdrawal_management", "closures", "aftercare", "goals", NULL
};

static int
set_scalar(struct program *p, const char *key, const struct ynode *v)
{
	if (strcmp(key, "name") == 0)
		return get_str(v, key, &p->name);
	if (strcmp(key, "time_zone") == 0)
		return get_str(v, key, &p->time_zone) == -1 ? -1 :
		    icaltimezone_get_builtin_timezone(v->str) == NULL ?
		    bad(v->line, "unknown time zone (an IANA name such as "
		    "America/Los_Angeles)") : 0;
	if (strcmp(key, "location") == 0)
		return get_str(v, key, &p->location);
	if (strcmp(key, "calendar_title") == 0)
		return get_str(v, key, &p->calendar_title);
	if (strcmp(key, "week_start") == 0)
		return ydoc_want(file, v, YN_SCALAR, key) == -1 ? -1 :
		    (p->week_start = date_weekday_parse(v->str)) == -1 ?
		    bad(v->line, "'week_start' is not a weekday") : 0;
	if (strcmp(key, "min_days") == 0)
		return get_num(v, key, 1, 7, &p->min_days);
	if (strcmp(key, "max_days") == 0)
		return get_num(v, key, 1, 7, &p->max_days);
	if (strcmp(key, "per_diem") == 0)
		return ydoc_want(file, v, YN_SCALAR, key) == -1 ? -1 :
		    num_hours(v->str, &p->per_diem) == -1 ||
		    p->per_diem > 24 * 60 ? bad(v->line, "'per_diem' is not "
		    "a number of hours from 0 to 24") : 0;
	if (strcmp(key, "review_days") == 0)
		return get_num(v, key, 1, 60, &p->review_days);
	if (strcmp(key, "step_down_weeks") == 0)
		return get_num(v, key, 0, 104, &p->step_down_weeks);
	return ydoc_want(file, v, YN_SCALAR, key) == -1 ? -1 :
	    (p->step_down = level_parse(v->str)) == -1 ?
	    bad(v->line, "'step_down' is not a level of care") : 0;
}

static int
set_key(struct program *p, const char *key, const struct ynode *v)
{
	if (strcmp(key, "hours") == 0)
		return set_hours(p, v);
	if (strcmp(key, "phases") == 0)
		return set_phases(p, v);
	if (strcmp(key, "tracks") == 0)
		return set_tracks(p, v);
	if (strcmp(key, "individual") == 0) {
		drop_slots(p, SLOT_INDIVIDUAL);
		return set_slots(p, v, SLOT_INDIVIDUAL, 0, key);
	}
	if (strcmp(key, "family") == 0) {
		drop_slots(p, SLOT_FAMILY);
		return set_slots(p, v, SLOT_FAMILY, 0, key);
	}
	if (strcmp(key, "closures") == 0)
		return set_closures(p, v);
	if (strcmp(key, "withdrawal_management") == 0)
		return set_wm(p, v);
	if (strcmp(key, "aftercare") == 0)
		return set_strings(v, key, &p->aftercare, &p->naftercare);
	if (strcmp(key, "goals") == 0)
		return set_goals(p, v);
	return set_scalar(p, key, v);
}

/* What no single entry shows: phases against the level's hours. */
static int
consistent(struct program *p, const struct ynode *root)
{
	struct range iop = p->hours[LEVEL_IOP][0];
	char lo[32], hi[32];
	size_t i;

	num_fmt_hours_brief(iop.min, lo);
	num_fmt_hours_brief(iop.max, hi);
	for (i = 0; i < p->nphases; i++)
		if (p->phases[i].minutes < iop.min ||
		    (iop.max >= 0 && p->phases[i].minutes > iop.max))
			return bad(p->phases[i].line, "phase %zu is outside the "
			    "intensive outpatient range of %s to %s hours a "
			    "week", i + 1, lo, hi);	/* its name is the file's */
	if (p->min_days > p->max_days)
		return bad(root->line, "'min_days' is above 'max_days'");
	return 0;
}

static int
slot_cmp(const void *a, const void *b)
{
	const struct weekly_slot *x = a, *y = b;

	if (x->day != y->day)
		return x->day - y->day;
	if (x->start != y->start)
		return x->start - y->start;
	return (x->line > y->line) - (x->line < y->line);
}

static int
apply(struct program *p, const char *name, const struct ynode *root)
{
	size_t k;

	file = name;
	if (ydoc_want(file, root, YN_MAP, "the program") == -1 ||
	    ydoc_keys(file, root, topkeys) == -1)
		return -1;
	for (k = 0; k < root->n; k++)
		if (set_key(p, root->keys[k], root->kids[k]) == -1)
			return -1;
	if (consistent(p, root) == -1)
		return -1;
	qsort(p->slots, p->nslots, sizeof *p->slots, slot_cmp);
	return 0;
}

static void
defaults(struct program *p)
{
	int lv;

	memset(p, 0, sizeof *p);
	for (lv = 0; lv < NLEVELS; lv++) {
		p->hours[lv][0] = level_range(lv, 0);
		p->hours[lv][1] = level_range(lv, 1);
	}
}

/*
 * The built-in program first, then the file over it: a file need only
 * name what it changes, and a list it names replaces the built-in one.
 */
int
program_load(struct program *p, const char *path)
{
	defaults(p);
	p->doc[0] = ydoc_parse("<built-in program>", program_default,
	    strlen(program_default));
	if (p->doc[0] == NULL || apply(p, "<built-in program>", p->doc[0]) == -1)
		diag_fatal("the built-in program is broken");
	if (path == NULL)
		return 0;
	if ((p->doc[1] = ydoc_load(path)) == NULL)
		return -1;
	return apply(p, path, p->doc[1]);
}

int
program_load_text(struct program *p, const char *name, const char *text)
{
	if (program_load(p, NULL) == -1)
		return -1;
	if ((p->doc[1] = ydoc_parse(name, text, strlen(text))) == NULL)
		return -1;
	return apply(p, name, p->doc[1]);
}

int
program_runs(const struct program *p, int level)
{
	size_t i;

	for (i = 0; i < p->ntracks; i++)
		if (p->track_level[i] == level)
			return 1;
	return 0;
}

int
program_runs_wm(const struct program *p, const char *wm)
{
	size_t i;

	for (i = 0; i < p->nwm; i++)
		if (strcmp(p->wm[i], wm) == 0)
			return 1;
	return 0;
}

int
program_closed(const struct program *p, long day)
{
	size_t i;

	for (i = 0; i < p->nclosures; i++)
		if (p->closures[i] == day)
			return 1;
	return 0;
}

void
program_free(struct program *p)
{
	free_goals(p);
	free(p->tracks);
	free(p->track_level);
	free(p->wm);
	free(p->slots);
	free(p->closures);
	free(p->phases);
	free(p->aftercare);
	ydoc_free(p->doc[0]);
	ydoc_free(p->doc[1]);
	icaltimezone_free_builtin_timezones();
}
