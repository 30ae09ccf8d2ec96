/*
 * screen_impl.h: the rule set inside lib/screen*.c (see screen.h).
 *
 * Strings point into the YAML trees the rules were read from, which
 * the rule set keeps until screen_rules_free().
 */
#ifndef IOP_SCREEN_IMPL_H
#define IOP_SCREEN_IMPL_H

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

/*
 * The input fields besides the items, as bound by screen_read() for r
 * (one binding at a time: not for threads): "" when absent.
 */
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

const struct cutset *screen_set(const struct screen_rules *, int instr);
const char *screen_risk_name(int risk);
/* The name of a dimension source: an instrument key or a field name. */
const char *screen_source_name(int what);

#endif
