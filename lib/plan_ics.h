/*
 * plan_ics.h: a client's dated sessions as an iCalendar file (libical),
 * for iop-plan --ics.  Returns 0, or -1 with the error printed.
 */
#ifndef IOP_PLAN_ICS_H
#define IOP_PLAN_ICS_H

#include <stdio.h>

#include "program.h"

/* A dated session. */
struct session {
	size_t		 client;
	long		 day;
	const struct weekly_slot *slot;
	char		*id;		/* client-YYYYMMDD-HHMM */
};

/* Write sessions s[0..n-1] as an iCalendar file; 0 or -1 (printed). */
int	plan_ics_write(FILE *, const struct program *, const struct session *,
	    size_t n, long today);

#endif
