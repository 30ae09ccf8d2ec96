/*
 * roster.h: who is enrolled, at what level of care, from when to when.
 *
 * A roster is a record stream with client_id (required), level (a name
 * or ASAM code, levels.h), age_group (adult, adolescent), admitted and
 * discharged (dates, either may be empty).  Client ids are interned in
 * the caller's struct hours (hours.h), so a roster entry and an hours
 * row share the client index.  A client with no level and no age group
 * gets the default range.
 */
#ifndef IOP_ROSTER_H
#define IOP_ROSTER_H

#include <stddef.h>

#include "hours.h"
#include "levels.h"

#define ROSTER_NEVER_LO	(-(1L << 40))
#define ROSTER_NEVER_HI	(1L << 40)

struct enrol {
	int		 listed;
	struct range	 range;
	long		 admitted, discharged;	/* day numbers */
};

struct roster {
	struct enrol	*e;		/* indexed by client */
	size_t		 n;
	struct range	 deflt;
};

void	roster_init(struct roster *, struct range deflt);
/* Read a roster file; on a bad record print and exit 2. */
void	roster_read(struct roster *, const char *path, struct hours *);
/*
 * The client's entry to fill in, zeroed (not listed) if new: for a
 * roster built without a file, as the unit tests build one.
 */
struct enrol *roster_slot(struct roster *, size_t client);
/* The client's entry, or NULL if the roster does not list it. */
const struct enrol *roster_get(const struct roster *, size_t client);
struct range roster_range(const struct roster *, size_t client);
/* Is a listed client enrolled on some day of [from, to]? */
int	roster_enrolled(const struct enrol *, long from, long to);
void	roster_free(struct roster *);

#endif
