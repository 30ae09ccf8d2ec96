/*
 * policy.h: the attendance policy iop-attend audits against.
 *
 * Every threshold and every rule's severity is a setting.  The built-in
 * policy is YAML text (policy_default, printed by --print-policy) read
 * through the same loader as a --policy file, so the two cannot drift.
 * policy_load() prints "prog: file:line: message" and returns -1 on a
 * malformed file, an unknown key, rule or severity, or a value out of
 * range.
 */
#ifndef IOP_POLICY_H
#define IOP_POLICY_H

#include "sev.h"

enum rule {
	R_NO_RECORD, R_UNSCHEDULED, R_LATE, R_LEFT_EARLY, R_ABSENT_UNEXCUSED,
	R_CONSECUTIVE_ABSENCES, R_ATTENDANCE_RATE, R_NO_CONTACT,
	R_BELOW_MIN_HOURS, R_BILLABLE_DAY_SHORT, R_NOTE_MISSING, R_NOTE_LATE,
	R_SHORTFALL_FORECAST, R_NOT_SCHEDULED, NRULES
};

/* How the minimum of an admission or discharge week is set. */
enum partial_week { PW_PRORATE, PW_EXEMPT, PW_FULL };

#define POLICY_TZ_LEN	64

struct policy {
	long	late_grace_min;
	long	left_early_grace_min;
	long	min_minutes_for_credit;
	long	attendance_rate_min;		/* percent */
	long	consecutive_absences;
	long	no_contact_days;
	long	billable_day_minutes;
	long	billable_days_per_week;
	long	notes_due_business_days;
	enum sev severity[NRULES];
	enum partial_week partial_week;
	/* "" for the TZ of the environment, else a zoneinfo name */
	char	time_zone[POLICY_TZ_LEN];
	long	*holidays;	/* program closures, day numbers, sorted */
	size_t	 nholidays;
};

extern const char policy_default[];

/*
 * path NULL: the built-in policy.  policy_free() releases the lists; on
 * -1, policy_load() has released them itself.
 */
int	policy_load(struct policy *, const char *path);
void	policy_free(struct policy *);
/*
 * Add n closures (day numbers, any order; the program file's) to the
 * holidays, which stay sorted and without a day twice.
 */
void	policy_add_closures(struct policy *, const long *days, size_t n);
/* Is day a program closure (a holidays entry)? */
int	policy_closed(const struct policy *, long day);
const char *policy_partial_week_name(enum partial_week);
const char *policy_rule_name(enum rule);

#endif
