/*
 * auth.h: payer authorizations, for iop-auth.
 *
 * An authorization grants a client a number of units (days, sessions,
 * services or hours) of a level of care from a start to an end date.
 * A payer profile says how an attended day is counted: any attendance,
 * at least so many hours (the H0015 and S9480 per diems), or at least
 * so many services, classed by their number (the Medicare IOP per
 * diem).  Every threshold is a setting: the built-in profiles are YAML
 * text (payer_default, printed by --print-payer with the source of each
 * number) read through the same loader as a --payer file, which adds
 * profiles or changes them.
 *
 * The rules (auth_day_*, auth_status, auth_band, ...) are pure
 * functions of their arguments, for the unit tests.  payer_load()
 * prints "prog: file:line: message" and returns -1 on a bad file; it
 * never names a key or value read from it.  The attendance log is
 * read through lib/attlog, as iop-hours and iop-attend read it.
 *
 * auth_client_id() numbers the log's clients in iop-auth's hours table
 * from both halves of a log read at once (attlog_read.h), under a lock
 * of its own; see below.
 */
#ifndef IOP_AUTH_H
#define IOP_AUTH_H

#include <stddef.h>

#include "rec.h"
#include "sev.h"

struct hours;

#define AUTH_NONE	(-(1L << 40))	/* no date */

enum auth_unit { UNIT_DAY, UNIT_SESSION, UNIT_HOUR, UNIT_SERVICE, NUNITS };
/* How a payer counts a day: any attendance, hours, or services. */
enum day_rule { DAY_ANY, DAY_HOURS, DAY_SERVICES };
enum auth_status { ST_OK, ST_LOW, ST_EXPIRING, ST_EXPIRED, ST_EXHAUSTED,
	ST_OVER };
enum auth_band { BAND_GREEN, BAND_YELLOW, BAND_RED };

enum auth_rule {
	AR_SERVICE_OUTSIDE_AUTH, AR_OVER_AUTHORIZATION, AR_AUTH_EXPIRING,
	AR_AUTH_EXHAUSTED, AR_REVIEW_DUE, AR_RECERT_DUE, AR_SCHEDULED_PAST_AUTH,
	AR_PHP_OVERLAP, AR_PROGRAM_DAYS_SHORT, NAUTH_RULES
};

#define PAYER_NAME_MAX	64
#define PAYER_CODE_MAX	16
#define PAYER_SERVICES_MAX 32

struct payer {
	char	 name[PAYER_NAME_MAX];	/* lower case */
	enum day_rule rule;
	long	 day_minutes;		/* DAY_HOURS: least minutes a day */
	long	 min_services;		/* DAY_SERVICES: least services a day */
	long	 high_services;		/* ... the higher class from here */
	char	 code[PAYER_CODE_MAX];	/* a billable day (DAY_ANY, DAY_HOURS) */
	char	 code_low[PAYER_CODE_MAX], code_high[PAYER_CODE_MAX];
	long	 recert_days;		/* 0: no recertification */
	long	 program_days;		/* least days a week offered; 0: any */
	long	 php_window_days;	/* -1: no PHP overlap check */
	long	 hour_round_min;	/* unit hour: a day rounded to this */
	size_t	 nservices;		/* 0: every service qualifies */
	char	 services[PAYER_SERVICES_MAX][PAYER_NAME_MAX];
};

struct payers {
	struct payer *p;		/* p[0] is "default" */
	size_t	 n;
	long	 green_pct, yellow_pct, low_pct;
	long	 expiring_days, review_notice_days;
	enum sev severity[NAUTH_RULES];
};

extern const char payer_default[];

/* path NULL: the built-in profiles only.  payer_free() releases them. */
int	payer_load(struct payers *, const char *path);
void	payer_free(struct payers *);
/* The profile named s (any case), else "default"; never NULL. */
const struct payer *payer_find(const struct payers *, const char *s);
/* Does service s (the log's text) qualify under the profile? */
int	payer_qualifies(const struct payer *, const char *s, size_t len);

const char *auth_unit_name(enum auth_unit);
int	auth_unit_parse(const char *);		/* -1 if none */
const char *auth_status_name(enum auth_status);
const char *auth_band_name(enum auth_band);
const char *auth_rule_name(enum auth_rule);

/*
 * A day of attended qualifying services (the union of their minutes,
 * as lib/hours counts them, and their number): does the payer count it,
 * and its class and code ("" when none).  cls has room for 16 bytes.
 */
int	auth_day_class(const struct payer *, long minutes, long services,
	    char cls[16], const char **code);
/* Does the payer count the day?  As auth_day_class(), without the class. */
int	auth_day_counts(const struct payer *, long minutes, long services);
/*
 * An hour authorization counts in ticks of 12 seconds, 300 an hour: the
 * hundredths of an hour it grants (3 ticks each) and the minutes a day
 * uses (5 each) are both whole ticks, so neither is rounded to the
 * other (7.99 hours is not 479 minutes, 7.98 hours).
 */
#define AUTH_TICKS_HOUR		300
#define AUTH_TICKS_MINUTE	5
/* Units the day uses of an authorization in unit u (ticks for hour). */
long	auth_day_units(const struct payer *, enum auth_unit u, long minutes,
	    long services);
/*
 * Units of an hour authorization: hours above 0 and up to AUTH_HOURS_MAX,
 * at most two decimals ("12.5"), in ticks; -1 on other text.
 * num_hours() stops at a week's 168.
 */
#define AUTH_HOURS_MAX	1000000L
int	auth_parse_hours(const char *, long *ticks);
/* Ticks as hours with two decimals, half up ("7.99"). */
void	auth_fmt_ticks(long ticks, char buf[32]);
/* minutes rounded to a multiple of step, half up; step 1: as they are. */
long	auth_round(long minutes, long step);

/* What a report says of an authorization on day asof. */
struct auth_state {
	long	 units, used;		/* ticks for unit hour */
	long	 start, end, asof;
};
enum auth_status auth_status(const struct payers *, const struct auth_state *);
enum auth_band auth_band(const struct payers *, long units, long used);
/* Days from asof to end, 0 once the end has passed. */
long	auth_days_left(const struct auth_state *);
/* Percent of units left, one decimal, half up; 0 once none are. */
void	auth_fmt_pct(long units, long used, char buf[32]);
/* Is a review (or recertification) on day due, seen from asof? */
int	auth_due(const struct payers *, long due, long asof);

/*
 * The client numbers of an hours table (hours_client_id()) for the two
 * halves of a log read at once, each folded on its own thread:
 * auth_client_id() is safe to call from both halves' threads at once
 * (they take turns), provided nothing else touches the table's clients
 * meanwhile.  Running out of memory in it ends a half's thread
 * (diag_impl.h) with the lock released (lock.h), so that the other half
 * does not wait for ever and the run ends with the message; it returns
 * otherwise.  auth_ids_new()'s result is the caller's, freed with
 * auth_ids_free(); the table stays the caller's and must outlive it.
 */
struct auth_ids *auth_ids_new(struct hours *);
size_t	auth_client_id(struct auth_ids *, const char *s, size_t len);
void	auth_ids_free(struct auth_ids *);

#endif
