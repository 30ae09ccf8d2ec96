/*
 * screen_model.h: the rule set's data model inside lib/screen*.c (see
 * screen.h), the one header of the three parts of iop-screen's code:
 *
 *   screen.c        instruments, reading a record, scoring; the names
 *                   of instruments, risks, dimension sources and result
 *                   fields.  Uses the rule set only through this header.
 *   screen_rules.c  the loader: builds a rule set (built-in YAML, rule
 *                   files); above screen.c.
 *   screen_place.c  safety, dimensions, the level of care, the result
 *                   fields; above screen.c (and screen_read.h) and the
 *                   loader's screen_cutoffs().
 *
 * Nothing below calls up: screen.c calls neither of the others, and
 * the loader does not call screen_place.c.
 *
 * Strings point into the YAML trees the rules were read from, which
 * the rule set keeps until screen_rules_free().
 */
#ifndef IOP_SCREEN_MODEL_H
#define IOP_SCREEN_MODEL_H

#include "screen.h"

#define MAXBANDS	8
#define MAXSETS		8
#define MAXSOURCES	8
#define MAXMAP		12
#define NDIMS		6

/* A named set of cut-offs for one instrument. */
struct cutset {
	const char	*name;
	size_t		 nbands;
	const char	*band[MAXBANDS];	/* none: negative/positive */
	int		 from[MAXBANDS];	/* lowest total of each band */
	int		 positive;		/* -1: no cut-off */
	int		 positive_female;	/* -1: as positive */
	int		 raise_zone;		/* AUDIT: WHO one-zone rule */
};

struct instrules {
	size_t		 nsets;
	struct cutset	 set[MAXSETS];
	size_t		 use;
};

/*
 * Fields a dimension may be rated from, besides the instruments, and
 * the count of its instruments that are positive (positive_screens).
 */
enum { F_MEDICALLY_UNSTABLE = NINSTR, F_RECENT_INPATIENT,
	F_LIVING_ENVIRONMENT, F_POSITIVE_SCREENS, NSOURCES_ALL };

/* One source of a dimension rating: band (or field value) -> rating. */
struct source {
	int		 what;			/* I_* or F_* */
	size_t		 line;
	size_t		 n;
	const char	*key[MAXMAP];
	int		 rating[MAXMAP];
	size_t		 keyline[MAXMAP];
};

struct screen_rules {
	struct instrules in[NINSTR];
	struct source	 dim[NDIMS][MAXSOURCES];
	size_t		 ndim[NDIMS];
	const char	*place[NDIMS][5];	/* ASAM code per rating */
	int		 several_twos;
	const char	*several_twos_level;
	int		 safety_item9;		/* RISK_* */
	int		 safety_withdrawal;
	int		 urgent_from;
	int		 suicide_required;	/* review incomplete without */
	int		 urgent_rating;		/* a dimension at it: urgent */
	int		 adolescent_below;
	struct trend_rules trend;
	const char	*file;			/* for messages while applying */
	struct ynode	**trees;
	size_t		 ntrees;
	char		 cutoffs[256];
	char		 custom[17];		/* a rule file's digest, or "" */
};

/* The cut-off set in use for instrument instr. */
static inline const struct cutset *
screen_set(const struct screen_rules *r, int instr)
{
	return &r->in[instr].set[r->in[instr].use];
}

/* Names (screen.c): "none" ... "high" for RISK_*; a dimension source's
 * name, an instrument key or a field name (F_*). */
const char *screen_risk_name(int risk);
const char *screen_source_name(int what);

#endif
