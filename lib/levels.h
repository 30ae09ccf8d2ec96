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

#endif
