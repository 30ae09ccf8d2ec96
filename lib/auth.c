/*
 * auth.c: the authorization rules, and the log's client numbers shared
 * by the two halves of a read (see auth.h).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth.h"
#include "date.h"
#include "hours.h"
#include "lock.h"
#include "xalloc.h"

static const char *const unit_names[NUNITS] = {
	"day", "session", "hour", "service"
};
static const char *const status_names[] = {
	"ok", "low", "expiring", "expired", "exhausted", "over"
};
static const char *const band_names[] = { "green", "yellow", "red" };

const char *
auth_unit_name(enum auth_unit u)
{
	return unit_names[u];
}

int
auth_unit_parse(const char *s)
{
	int i;

	for (i = 0; i < NUNITS; i++)
		if (strcmp(s, unit_names[i]) == 0)
			return i;
	return -1;
}

const char *
auth_status_name(enum auth_status s)
{
	return status_names[s];
}

const char *
auth_band_name(enum auth_band b)
{
	return band_names[b];
}

int
auth_parse_hours(const char *s, long *ticks)
{
	long whole = 0, cents = 0;
	int nd = 0;

	/* by hand, as num_hours(): strtod would follow the locale */
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((whole = whole * 10 + (*s - '0')) > AUTH_HOURS_MAX)
			return -1;
	if (*s == '.' && s[1] != '\0')
		for (s++; *s >= '0' && *s <= '9' && nd < 2; s++, nd++)
			cents = cents * 10 + (*s - '0');
	if (*s != '\0')
		return -1;
	if (nd == 1)
		cents *= 10;
	*ticks = (whole * 100 + cents) * (AUTH_TICKS_HOUR / 100);
	return *ticks > 0 && *ticks <= AUTH_HOURS_MAX * AUTH_TICKS_HOUR ? 0 :
	    -1;
}

void
auth_fmt_ticks(long ticks, char buf[32])
{
	long c = (ticks + 1) / (AUTH_TICKS_HOUR / 100);	/* half up */

	snprintf(buf, 32, "%ld.%02ld", c / 100, c % 100);
}

long
auth_round(long minutes, long step)
{
	if (step <= 1)
		return minutes;
	return (minutes * 2 + step) / (2 * step) * step;
}

/*
 * DAY_SERVICES: "3" and "4+", or "3-4" and "5+" if the classes are wider
 * (the counts are at most 100: payer_load() says so).
 */
static int
services_class(const struct payer *p, long services, char cls[16],
    const char **code)
{
	if (services >= p->high_services) {
		snprintf(cls, 16, "%d+", (int)p->high_services);
		*code = p->code_high;
		return 1;
	}
	if (services >= p->min_services) {
		if (p->high_services - 1 > p->min_services)
			snprintf(cls, 16, "%d-%d", (int)p->min_services,
			    (int)p->high_services - 1);
		else
			snprintf(cls, 16, "%d", (int)p->min_services);
		*code = p->code_low;
		return 1;
	}
	snprintf(cls, 16, "under_%d", (int)p->min_services);
	*code = "";
	return 0;
}

int
auth_day_class(const struct payer *p, long minutes, long services,
    char cls[16], const char **code)
{
	*code = "";
	switch (p->rule) {
	case DAY_SERVICES:
		return services_class(p, services, cls, code);
	case DAY_HOURS:
		if (services > 0 && minutes >= p->day_minutes) {
			snprintf(cls, 16, "per_diem");
			*code = p->code;
			return 1;
		}
		snprintf(cls, 16, "short");
		return 0;
	case DAY_ANY:
		break;
	}
	snprintf(cls, 16, "day");
	if (services == 0)
		return 0;
	*code = p->code;
	return 1;
}

int
auth_day_counts(const struct payer *p, long minutes, long services)
{
	switch (p->rule) {
	case DAY_SERVICES:	/* as services_class() */
		return services >= p->high_services ||
		    services >= p->min_services;
	case DAY_HOURS:
		return services > 0 && minutes >= p->day_minutes;
	case DAY_ANY:
		break;
	}
	return services != 0;
}

long
auth_day_units(const struct payer *p, enum auth_unit u, long minutes,
    long services)
{
	if (!auth_day_counts(p, minutes, services))
		return 0;
	switch (u) {
	case UNIT_DAY:
		return 1;
	case UNIT_HOUR:
		return auth_round(minutes, p->hour_round_min) *
		    AUTH_TICKS_MINUTE;
	case UNIT_SESSION:
	case UNIT_SERVICE:
	case NUNITS:
		break;
	}
	return services;
}

/* Units left, never below none. */
static long
left(long units, long used)
{
	return used < units ? units - used : 0;
}

long
auth_days_left(const struct auth_state *a)
{
	return a->asof < a->end ? a->end - a->asof : 0;
}

/*
 * Over and exhausted first: they cost money whatever the date.  Then
 * the date, then what is left.
 */
enum auth_status
auth_status(const struct payers *ps, const struct auth_state *a)
{
	if (a->used > a->units)
		return ST_OVER;
	if (a->used == a->units)
		return ST_EXHAUSTED;
	if (a->asof > a->end)
		return ST_EXPIRED;
	if (a->end - a->asof <= ps->expiring_days)
		return ST_EXPIRING;
	if (left(a->units, a->used) * 100 < ps->low_pct * a->units)
		return ST_LOW;
	return ST_OK;
}

/* Compared on the exact counts, not the rounded percentage. */
enum auth_band
auth_band(const struct payers *ps, long units, long used)
{
	long l = left(units, used) * 100;

	if (l >= ps->green_pct * units)
		return BAND_GREEN;
	if (l >= ps->yellow_pct * units)
		return BAND_YELLOW;
	return BAND_RED;
}

void
auth_fmt_pct(long units, long used, char buf[32])
{
	long tenths = (left(units, used) * 2000 + units) / (2 * units);

	snprintf(buf, 32, "%ld.%ld", tenths / 10, tenths % 10);
}

int
auth_due(const struct payers *ps, long due, long asof)
{
	return due != AUTH_NONE && due - asof <= ps->review_notice_days;
}

struct auth_ids {
	struct hours	*h;
	pthread_mutex_t	 lock;		/* held for hours_client_id(h) */
};

struct auth_ids *
auth_ids_new(struct hours *h)
{
	struct auth_ids *ids = xmalloc(sizeof *ids);

	ids->h = h;
	pthread_mutex_init(&ids->lock, NULL);
	return ids;
}

size_t
auth_client_id(struct auth_ids *ids, const char *s, size_t len)
{
	volatile size_t id;	/* set between cleanup push and pop */

	pthread_mutex_lock(&ids->lock);
	pthread_cleanup_push(lock_release, &ids->lock);
	id = hours_client_id(ids->h, s, len);
	pthread_cleanup_pop(1);
	return id;
}

void
auth_ids_free(struct auth_ids *ids)
{
	if (ids == NULL)
		return;
	pthread_mutex_destroy(&ids->lock);
	free(ids);
}
