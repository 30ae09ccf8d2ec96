/*
 * plan_ics.c: a client's sessions as iCalendar (RFC 5545) through
 * libical (plan.h).
 *
 * One VEVENT per dated session, in the program's time zone, whose
 * VTIMEZONE libical builds from the system's zoneinfo, cut to the
 * rules in force from the first session on (the whole history since
 * 1883 is some 10 KB a file); its TZID is the plain IANA name, which
 * phone calendars know.  The UID is the session id, so importing the
 * file again updates events rather than adding them.  A calendar on a
 * phone is seen by others: an event holds the program's neutral
 * calendar_title and its location, nothing that names the treatment
 * (42 CFR Part 2) and nothing from the screening, and the PRODID names
 * no tool.
 */
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "date.h"
#include "diag.h"
#include "out.h"
#include "plan_ics.h"

static struct icaltimetype
local_time(long day, int min, icaltimezone *tz)
{
	struct icaltimetype t = icaltime_null_time();
	char buf[DATE_LEN];

	date_format(day, buf);
	t.year = atoi(buf);
	t.month = atoi(buf + 5);
	t.day = atoi(buf + 8);
	if (min == 1440) {		/* 24:00 is the next day's 00:00 */
		t.day++;
		min = 0;
		t = icaltime_normalize(t);
	}
	t.hour = min / 60;
	t.minute = min % 60;
	t.zone = tz;
	return t;
}

/* A time in zone tzid; NULL for UTC, whose times carry a Z instead. */
static icalproperty *
zoned(icalproperty *p, const char *tzid)
{
	if (tzid != NULL)
		icalproperty_add_parameter(p, icalparameter_new_tzid(tzid));
	return p;
}

static icalcomponent *
event(const struct program *p, const struct session *s, icaltimezone *tz,
    const char *tzid, struct icaltimetype stamp)
{
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);

	icalcomponent_add_property(ev, icalproperty_new_uid(s->id));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
	icalcomponent_add_property(ev, zoned(icalproperty_new_dtstart(
	    local_time(s->day, s->slot->start, tz)), tzid));
	icalcomponent_add_property(ev, zoned(icalproperty_new_dtend(
	    local_time(s->day, s->slot->end, tz)), tzid));
	icalcomponent_add_property(ev, icalproperty_new_summary(
	    p->calendar_title));
	if (p->location != NULL && *p->location != '\0')
		icalcomponent_add_property(ev, icalproperty_new_location(
		    p->location));
	return ev;
}

/*
 * The zone's rules from the day before day on (a day early, so that no
 * session in a zone east of UTC starts before the cut).
 */
static icalcomponent *
vtimezone(icaltimezone *tz, const char *tzid, long day)
{
	icalcomponent *c = icalcomponent_new_clone(
	    icaltimezone_get_component(tz));
	icalproperty *id = icalcomponent_get_first_property(c,
	    ICAL_TZID_PROPERTY);

	icalproperty_set_tzid(id, tzid);
	icaltimezone_truncate_vtimezone(c, local_time(day - 1, 0,
	    icaltimezone_get_utc_timezone()), icaltime_null_time(), 0);
	return c;
}

int
plan_ics_write(FILE *fp, const struct program *p, const struct session *s,
    size_t n, long today)
{
	icaltimezone *tz = icaltimezone_get_builtin_timezone(p->time_zone);
	struct icaltimetype stamp = local_time(today, 0,
	    icaltimezone_get_utc_timezone());
	/*
	 * libical's UTC and GMT have no rules to carry as a VTIMEZONE, and
	 * RFC 5545 (3.2.19) gives a UTC time no TZID: its times end in Z.
	 */
	const char *tzid = icaltimezone_get_component(tz) != NULL ?
	    p->time_zone : NULL;
	icalcomponent *cal;
	char *text;
	size_t i;
	int rv;

	cal = icalcomponent_vanew(ICAL_VCALENDAR_COMPONENT,
	    icalproperty_new_version("2.0"),
	    icalproperty_new_prodid("-//Clinic//Appointments//EN"),
	    icalproperty_new_calscale("GREGORIAN"), (void *)0);
	if (tzid != NULL)
		icalcomponent_add_component(cal, vtimezone(tz, tzid,
		    n > 0 ? s[0].day : today));
	for (i = 0; i < n; i++)
		icalcomponent_add_component(cal, event(p, &s[i], tz, tzid,
		    stamp));
	if ((text = icalcomponent_as_ical_string_r(cal)) == NULL)
		diag_fatal("out of memory");
	rv = fputs(text, fp) == EOF ? -1 : 0;
	if (rv == -1)	/* the file, as recout and yemit name theirs */
		diag_syswarn(out_name(fp) != NULL ? out_name(fp) :
		    "write error");
	free(text);
	icalcomponent_free(cal);
	return rv;
}
