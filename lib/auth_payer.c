/* auth_payer.c: the payer profiles and their loader (see auth.h). */
#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attlog.h"
#include "auth.h"
#include "xalloc.h"
#include "ydoc.h"

const char payer_default[] =
"# iop-auth: the built-in payer profiles (iop-auth --print-payer).\n"
"# Edit a copy and pass it with --payer: a file need only name what it\n"
"# changes.  Each number's source is in brackets, a key of the project's\n"
"# domain notes (shared/domain.md section 8), with its confidence:\n"
"# [C] confirmed there, [P] partly or secondary, [U] not confirmed.\n"
"\n"
"# Bands of the units left, in percent: green at or above green_pct,\n"
"# yellow at or above yellow_pct, red below (OpenEMR PR #9027: green\n"
"# 67-100 %, yellow 34-66 %, red 0-33 %) [OE-9027] [C].\n"
"green_pct: 67\n"
"yellow_pct: 34\n"
"# Status low: fewer than low_pct percent of the units left (the red\n"
"# band of [OE-9027]).\n"
"low_pct: 34\n"
"# Status expiring, finding auth_expiring: the end date this many days\n"
"# away or fewer (EHR reminders at 30 and 14 days) [TW-AUTH] [C].\n"
"expiring_days: 14\n"
"# Findings review_due and recert_due: the review or recertification\n"
"# date this many days away or fewer, or past (the same 14 days as\n"
"# expiring_days; no source sets a review notice) [U].\n"
"review_notice_days: 14\n"
"\n"
"# How serious each finding is: info, warning or violation; off turns\n"
"# the rule off.  Sessions after an authorization's end or units are\n"
"# unpaid [KIPU-UR].\n"
"severity:\n"
"  service_outside_auth: violation\n"
"  over_authorization: violation\n"
"  auth_expiring: warning\n"
"  auth_exhausted: warning\n"
"  review_due: warning\n"
"  recert_due: warning\n"
"  scheduled_past_auth: warning\n"
"  php_overlap: warning\n"
"  program_days_short: warning\n"
"\n"
"# A profile per payer; an authorization's payer field picks one by\n"
"# name, in any case, else default.  A profile a --payer file adds\n"
"# starts as a copy of default.  Keys:\n"
"#   day_rule: any (a day with any qualifying service counts), hours\n"
"#     (at least day_hours attended, the union of the sessions'\n"
"#     minutes) or services (at least min_services qualifying services;\n"
"#     from high_services on, the higher class).\n"
"#   code: the code of a day that counts (rules any and hours);\n"
"#     low_code, high_code: the codes of the two classes (services).\n"
"#   recert_days: days from the certified date to the next\n"
"#     recertification; 0: none.\n"
"#   php_window_days: an IOP day this near a day of a PHP authorization\n"
"#     of the client is a php_overlap finding; off: no check.\n"
"#   program_days: with -s, a whole week of the window in which the\n"
"#     schedule offers the client the programme on fewer days is a\n"
"#     program_days_short finding; 0: no check.\n"
"#   hour_round_min: unit hour: each day's minutes rounded to this many,\n"
"#     half up (15: 8 minutes or more make a quarter hour); 1: exact.\n"
"#   services: the services that qualify; []: every service in the log.\n"
"payers:\n"
"  # Any other payer: units counted by the authorization's unit.  The\n"
"  # rounding of hours is common practice, from no source [U].\n"
"  default:\n"
"    day_rule: any\n"
"    day_hours: 0\n"
"    min_services: 1\n"
"    high_services: 1\n"
"    code: ''\n"
"    low_code: ''\n"
"    high_code: ''\n"
"    recert_days: 0\n"
"    program_days: 0\n"
"    php_window_days: off\n"
"    hour_round_min: 15\n"
"    services: []\n"
"  # HCPCS H0015, alcohol and drug IOP: a programme of at least 3 hours\n"
"  # a day and at least 3 days a week [CAREPATRON][MBL] [C]: the days a\n"
"  # week are the programme's, checked on the schedule (-s); what a\n"
"  # client attends is iop-attend's billable_day_short.  Per diem or other\n"
"  # unit is payer-specific: the authorization's unit says.\n"
"  h0015:\n"
"    day_rule: hours\n"
"    day_hours: 3\n"
"    code: H0015\n"
"    program_days: 3\n"
"  # HCPCS S9480, psychiatric IOP per diem (commercial and Medicaid; not\n"
"  # payable by Medicare) [PABAU][RVUEDGE] [C]: a day is billed only at\n"
"  # 3 hours or more attended, else discrete services (NY OASAS) [WCH] [C].\n"
"  s9480:\n"
"    day_rule: hours\n"
"    day_hours: 3\n"
"    code: S9480\n"
"  # Medicare IOP, since 2024-01-01: a per diem in two classes, 3\n"
"  # services a day and 4 or more [FCSO] [C]; CMHC APCs 5851 and 5852\n"
"  # [NORIDIAN] [C] (a hospital's 5861 and 5862 are not confirmed [U]).\n"
"  # Payment of a day under 3 services is not confirmed [U]: it is\n"
"  # listed as not payable.  The plan is reviewed no less than every\n"
"  # other month [NAHRI-RHC] [C] and recertification is no less often\n"
"  # [ICD10MON] [P]; the day of the first is not confirmed: 60 days.\n"
"  # An IOP claim overlapping a PHP claim, or with a PHP line date\n"
"  # within 7 days before it, is returned [NAHRI-92] [C]: flagged on\n"
"  # either side of a PHP day.\n"
"  medicare:\n"
"    day_rule: services\n"
"    min_services: 3\n"
"    high_services: 4\n"
"    low_code: '5851'\n"
"    high_code: '5852'\n"
"    recert_days: 60\n"
"    php_window_days: 7\n";

static const char *const rule_names[NAUTH_RULES + 1] = {
	"service_outside_auth", "over_authorization", "auth_expiring",
	"auth_exhausted", "review_due", "recert_due", "scheduled_past_auth",
	"php_overlap", "program_days_short", NULL
};

const char *
auth_rule_name(enum auth_rule r)
{
	return rule_names[r];
}

#define MAX_PAYERS	256

static int
text(const char *file, const struct ynode *v, const char *key, char *dst,
    size_t size)
{
	if (ydoc_want(file, v, YN_SCALAR, key) == -1)
		return -1;
	if (strlen(v->str) >= size)
		return ydoc_bad(file, v->line, "'%s' is too long", key);
	strcpy(dst, v->str);
	return 0;
}

static int
set_rule(struct payer *p, const char *file, const struct ynode *v)
{
	static const char *const names[] = { "any", "hours", "services" };
	int i;

	if (ydoc_want(file, v, YN_SCALAR, "day_rule") == -1)
		return -1;
	for (i = 0; i < 3; i++)
		if (strcmp(v->str, names[i]) == 0) {
			p->rule = (enum day_rule)i;
			return 0;
		}
	return ydoc_bad(file, v->line, "'%s' is not any, hours or services",
	    "day_rule");
}

static int
set_services(struct payer *p, const char *file, const struct ynode *seq)
{
	size_t i;

	if (ydoc_want(file, seq, YN_SEQ, "services") == -1)
		return -1;
	if (seq->n > PAYER_SERVICES_MAX)
		return ydoc_bad(file, seq->line, "'%s' has more than 32 "
		    "entries", "services");
	p->nservices = 0;
	for (i = 0; i < seq->n; i++) {
		if (text(file, seq->kids[i], "services",
		    p->services[i], PAYER_NAME_MAX) == -1)
			return -1;
		if (p->services[i][0] == '\0')
			return ydoc_bad(file, seq->kids[i]->line, "an entry of "
			    "'%s' is empty", "services");
		p->nservices++;
	}
	return 0;
}

static int
set_php(struct payer *p, const char *file, const struct ynode *v)
{
	if (v->type == YN_SCALAR && strcmp(v->str, "off") == 0) {
		p->php_window_days = -1;
		return 0;
	}
	return ydoc_number(file, v, "php_window_days", 0, 366,
	    &p->php_window_days);
}

static int
set_profile_key(struct payer *p, const char *file, const char *key,
    const struct ynode *v)
{
	if (strcmp(key, "day_rule") == 0)
		return set_rule(p, file, v);
	if (strcmp(key, "day_hours") == 0)
		return ydoc_hours(file, v, "day_hours", &p->day_minutes);
	if (strcmp(key, "min_services") == 0)
		return ydoc_number(file, v, "min_services", 1, 100,
		    &p->min_services);
	if (strcmp(key, "high_services") == 0)
		return ydoc_number(file, v, "high_services", 1, 100,
		    &p->high_services);
	if (strcmp(key, "code") == 0)
		return text(file, v, "code", p->code, PAYER_CODE_MAX);
	if (strcmp(key, "low_code") == 0)
		return text(file, v, "low_code", p->code_low, PAYER_CODE_MAX);
	if (strcmp(key, "high_code") == 0)
		return text(file, v, "high_code", p->code_high, PAYER_CODE_MAX);
	if (strcmp(key, "recert_days") == 0)
		return ydoc_number(file, v, "recert_days", 0, 366,
		    &p->recert_days);
	if (strcmp(key, "program_days") == 0)
		return ydoc_number(file, v, "program_days", 0, 7,
		    &p->program_days);
	if (strcmp(key, "php_window_days") == 0)
		return set_php(p, file, v);
	if (strcmp(key, "hour_round_min") == 0)
		return ydoc_number(file, v, "hour_round_min", 1, 60,
		    &p->hour_round_min);
	return set_services(p, file, v);
}

static int
apply_profile(struct payer *p, const char *file, const struct ynode *map)
{
	static const char *const keys[] = { "day_rule", "day_hours",
	    "min_services", "high_services", "code", "low_code", "high_code",
	    "recert_days", "program_days", "php_window_days", "hour_round_min", "services",
	    NULL };
	size_t i;

	if (ydoc_want(file, map, YN_MAP, "a payer profile") == -1 ||
	    ydoc_keys(file, map, keys) == -1)
		return -1;
	for (i = 0; i < map->n; i++)
		if (set_profile_key(p, file, map->keys[i], map->kids[i]) == -1)
			return -1;
	if (p->high_services < p->min_services)
		return ydoc_bad(file, map->line, "'%s' is below min_services",
		    "high_services");
	return 0;
}

static struct payer *
profile_named(struct payers *ps, const char *name)
{
	size_t i;

	for (i = 0; i < ps->n; i++)
		if (strcmp(ps->p[i].name, name) == 0)
			return &ps->p[i];
	return NULL;
}

/* The profile of key k of map: the one of that name, else a new one. */
static struct payer *
profile_for(struct payers *ps, const char *file, const struct ynode *map,
    size_t k)
{
	char name[PAYER_NAME_MAX];
	struct payer *p;
	size_t i, len = strlen(map->keys[k]);
	struct loc loc = { file, map->keylines[k] };

	if (len == 0 || len >= PAYER_NAME_MAX) {
		/* a key is input: named by its place, never its text */
		diag_warnx(&loc, "key %zu of 'payers' is empty or longer "
		    "than 63 bytes", k + 1);
		return NULL;
	}
	for (i = 0; i <= len; i++)
		name[i] = (char)tolower((unsigned char)map->keys[k][i]);
	if ((p = profile_named(ps, name)) != NULL)
		return p;
	if (ps->n == MAX_PAYERS) {
		diag_warnx(&loc, "more than 256 payer profiles");
		return NULL;
	}
	ps->p = xreallocarray(ps->p, ps->n + 1, sizeof *ps->p);
	p = &ps->p[ps->n];
	if (ps->n > 0)
		*p = ps->p[0];		/* a new profile starts as default */
	else
		memset(p, 0, sizeof *p);
	ps->n++;
	memcpy(p->name, name, len + 1);
	return p;
}

/* Is key k of map the default profile's (in any case)? */
static int
is_default(const struct ynode *map, size_t k)
{
	return strcasecmp(map->keys[k], "default") == 0;
}

/*
 * The default profile first, wherever its key is, then the others: a
 * profile the file adds starts as a copy of default as the file leaves
 * it, whatever the order of the keys.
 */
static int
set_payers(struct payers *ps, const char *file, const struct ynode *map)
{
	struct payer *p;
	size_t k;
	int pass;

	if (ydoc_want(file, map, YN_MAP, "payers") == -1)
		return -1;
	for (pass = 0; pass < 2; pass++)
		for (k = 0; k < map->n; k++)
			if (is_default(map, k) == (pass == 0) &&
			    ((p = profile_for(ps, file, map, k)) == NULL ||
			    apply_profile(p, file, map->kids[k]) == -1))
				return -1;
	return 0;
}

static const struct {
	const char	*key;
	size_t		 off;
	long		 max;
} numbers[] = {
#define OFF(f) offsetof(struct payers, f)
	{ "green_pct", OFF(green_pct), 100 },
	{ "yellow_pct", OFF(yellow_pct), 100 },
	{ "low_pct", OFF(low_pct), 100 },
	{ "expiring_days", OFF(expiring_days), 366 },
	{ "review_notice_days", OFF(review_notice_days), 366 },
#undef OFF
};
#define NNUMBERS (sizeof numbers / sizeof numbers[0])

static int
apply(struct payers *ps, const char *file, const struct ynode *root)
{
	static const char *keys[NNUMBERS + 3];
	size_t i, k;

	for (i = 0; i < NNUMBERS; i++)
		keys[i] = numbers[i].key;
	keys[NNUMBERS] = "severity";
	keys[NNUMBERS + 1] = "payers";
	if (ydoc_want(file, root, YN_MAP, "the payer profiles") == -1 ||
	    ydoc_keys(file, root, keys) == -1)
		return -1;
	for (k = 0; k < root->n; k++) {
		const char *key = root->keys[k];
		const struct ynode *v = root->kids[k];

		if (strcmp(key, "severity") == 0 ?
		    ydoc_severities(file, v, rule_names, ps->severity) :
		    strcmp(key, "payers") == 0 ? set_payers(ps, file, v) : 0)
			return -1;
		for (i = 0; i < NNUMBERS; i++)
			if (strcmp(key, numbers[i].key) == 0 &&
			    ydoc_number(file, v, numbers[i].key, 0,
			    numbers[i].max, (long *)((char *)ps +
			    numbers[i].off)) == -1)
				return -1;
	}
	if (ps->yellow_pct > ps->green_pct)
		return ydoc_bad(file, root->line, "'%s' is above green_pct",
		    "yellow_pct");
	return 0;
}

int
payer_load(struct payers *ps, const char *path)
{
	struct ynode *root;
	int rv;

	memset(ps, 0, sizeof *ps);
	root = ydoc_parse("<built-in payers>", payer_default,
	    strlen(payer_default));
	if (root == NULL || apply(ps, "<built-in payers>", root) == -1 ||
	    ps->n == 0 || strcmp(ps->p[0].name, "default") != 0)
		diag_fatal("the built-in payer profiles are broken");
	ydoc_free(root);
	if (path == NULL)
		return 0;
	if ((root = ydoc_load(path)) == NULL)
		return -1;
	rv = apply(ps, path, root);
	ydoc_free(root);
	return rv;
}

void
payer_free(struct payers *ps)
{
	free(ps->p);
	ps->p = NULL;
	ps->n = 0;
}

const struct payer *
payer_find(const struct payers *ps, const char *s)
{
	size_t i;

	for (i = 1; i < ps->n; i++)
		if (strcasecmp(ps->p[i].name, s) == 0)
			return &ps->p[i];
	return &ps->p[0];
}

/* Do a and s (len bytes) name one service, as the log counts them? */
static int
same_service(const char *a, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (a[i] == '\0' ||
		    attlog_service_char(a[i]) != attlog_service_char(s[i]))
			return 0;
	return a[len] == '\0';
}

int
payer_qualifies(const struct payer *p, const char *s, size_t len)
{
	size_t i;

	if (p->nservices == 0)
		return 1;
	for (i = 0; i < p->nservices; i++)
		if (same_service(p->services[i], s, len))
			return 1;
	return 0;
}
