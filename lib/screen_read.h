/*
 * screen_read.h: the record screen_read() last bound, for the
 * placement (screen_place.c); screen.c provides it (see screen_model.h
 * for the parts).  One binding at a time: not for threads.
 */
#ifndef IOP_SCREEN_READ_H
#define IOP_SCREEN_READ_H

#include "screen.h"

/* The input fields besides the items, for screen_plain(): "" when
 * absent. */
enum { P_CLIENT_ID, P_DATE, P_AGE, P_SEX, P_MEDICALLY_UNSTABLE,
	P_RECENT_INPATIENT, P_LIVING_ENVIRONMENT, P_D1 };
const char *screen_plain(const struct rec *r, int p);
/*
 * Has the record screen_read() last read a column of instrument i (of
 * its base, for PHQ-2, GAD-2 and AUDIT-C; CRAFFT part A and C-SSRS 6b
 * count)?  If not, every answer of it is missing.
 */
int	screen_asked(int i);
/* Has r a field named as screen_fields()[k]? */
int	screen_input_has(const struct rec *r, size_t k);

/* The result fields, screen_fields()'s table. */
extern const char *const screen_field_names[SCREEN_NFIELDS];

#endif
