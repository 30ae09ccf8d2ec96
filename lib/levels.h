/*
 * levels.h: levels of care and their weekly hour ranges.
 *
 * The ranges are ASAM Criteria 3rd ed. (Mee-Lee 2013) as summarised in
 * shared/domain.md 1.1: outpatient (level 1) under 9 hours a week for
 * adults and under 6 for adolescents; intensive outpatient (2.1) 9-19
 * adults, 6-19 adolescents; partial hospitalization (2.5) 20 or more.
 * Residential and inpatient levels have no weekly outpatient range.
 */
#ifndef IOP_LEVELS_H
#define IOP_LEVELS_H

enum level { LEVEL_OP, LEVEL_IOP, LEVEL_PHP, LEVEL_RESIDENTIAL,
	LEVEL_INPATIENT, NLEVELS };

/* Weekly minutes; max -1 is "no upper bound". */
struct range {
	long	min, max;
};

/* "op", "iop", "php", "residential", "inpatient" or an ASAM code. */
int	level_parse(const char *);
const char *level_name(int);
/* "adult" 0, "adolescent" 1, else -1. */
int	age_group_parse(const char *);
struct range level_range(int level, int adolescent);

/*
 * Referral: an ASAM level as iop-screen writes asam_level and wm_level
 * ("2.1", "3.7-WM"), or a level name ("residential").  level_service()
 * says what it is; level_locator() gives the SAMHSA treatment locator
 * (findtreatment.gov) service codes to refer a client to it, space
 * separated ("OIT", "RES RL"), as shared/domain.md 1.5 item 8 maps
 * them; level_is_wm() whether it is a withdrawal management level.
 * NULL, or -1, for text that is not a level.
 */
const char *level_service(const char *);
const char *level_locator(const char *);
int	level_is_wm(const char *);

/*
 * An ASAM code a placement may name (iop-screen's rule set): one of
 * 1, 1-WM, 2-WM, 2.1, 2.5, 3.1, 3.2-WM, 3.3, 3.5, 3.7, 3.7-WM, 4, 4-WM
 * (not 1.0, 1.5, 4.0 nor a level name).  level is its enum level;
 * rank orders the codes by intensity within it (10-40, the code's
 * number); what is level_service()'s text.  The table is static.
 */
struct asam_code {
	const char	*code, *what;
	int		 level, rank;
};
/* Code s's entry, or NULL if s is no placement code. */
const struct asam_code *level_placement(const char *s);

#endif
