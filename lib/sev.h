/*
 * sev.h: the severity of a finding, for every program that reports
 * findings by rule (iop-attend's policy, iop-auth's payer profiles):
 * the four levels, in increasing order, and their names in a policy
 * file, --fail-on and the output.  Header only; nothing to free, and
 * nothing here exits.
 */
#ifndef IOP_SEV_H
#define IOP_SEV_H

#include <string.h>

/* off (no finding), info, warning, violation; SEV_BAD: not a name. */
enum sev { SEV_NONE, SEV_INFO, SEV_WARNING, SEV_VIOLATION, SEV_BAD = -1 };

/* The name of severity s (not SEV_BAD). */
static inline const char *
sev_name(enum sev s)
{
	static const char *const names[] = { "off", "info", "warning",
		"violation" };

	return names[s];
}

/* "off", "info", "warning", "violation": the severity, or SEV_BAD. */
static inline enum sev
sev_parse(const char *s)
{
	int i;

	for (i = SEV_NONE; i <= SEV_VIOLATION; i++)
		if (strcmp(s, sev_name((enum sev)i)) == 0)
			return (enum sev)i;
	return SEV_BAD;
}

#endif
