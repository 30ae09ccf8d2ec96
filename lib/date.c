/* date.c: dates as day numbers, times as minutes (see date.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "date.h"

/* Days from civil date, after H. Hinnant's public-domain algorithm. */
static long
days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int mdays[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	return m == 2 && leap(y) ? 29 : mdays[m - 1];
}

static int
digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int
date_parse(const char *s, long *day)
{
	int y, m, d;

	if (digits(s, 4, &y) == -1 || s[4] != '-' ||
	    digits(s + 5, 2, &m) == -1 || s[7] != '-' ||
	    digits(s + 8, 2, &d) == -1 || s[10] != '\0')
		return -1;
	if (y < 1000 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*day = days_from_civil(y, m, d);
	return 0;
}

void
date_format(long day, char buf[DATE_LEN])
{
	int y, m, d;

	char tmp[48];

	civil_from_days(day, &y, &m, &d);
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m, d);
	memcpy(buf, tmp, DATE_LEN - 1);
	buf[DATE_LEN - 1] = '\0';
}

int
date_weekday(long day)
{
	/* 1970-01-01 was a Thursday (3). */
	long w = (day + 3) % 7;

	return (int)(w < 0 ? w + 7 : w);
}

void
date_isoweek(long day, int *year, int *week)
{
	long thursday = day - date_weekday(day) + 3;
	int y, m, d;

	/* The ISO year is the year of the week's Thursday. */
	civil_from_days(thursday, &y, &m, &d);
	*year = y;
	*week = (int)((thursday - days_from_civil(y, 1, 1)) / 7 + 1);
}

int
date_parse_isoweek(const char *s, long *monday)
{
	int y, w, wy, ww;
	long jan4, mon;

	if (digits(s, 4, &y) == -1 || s[4] != '-' || s[5] != 'W' ||
	    digits(s + 6, 2, &w) == -1 || s[8] != '\0' || y < 1000 || w < 1)
		return -1;
	jan4 = days_from_civil(y, 1, 4);	/* always in week 1 */
	mon = jan4 - date_weekday(jan4) + (long)(w - 1) * 7;
	date_isoweek(mon, &wy, &ww);
	if (wy != y || ww != w)
		return -1;			/* week 53 of a 52-week year */
	*monday = mon;
	return 0;
}

long
date_week_start(long day, int wstart)
{
	return day - (date_weekday(day) - wstart + 7) % 7;
}

void
date_week_label(long start, int wstart, char buf[WEEK_LEN])
{
	int y, w;

	if (wstart != 0) {
		date_format(start, buf);
		return;
	}
	date_isoweek(start, &y, &w);
	snprintf(buf, WEEK_LEN, "%04d-W%02d", y % 10000, w);
}

static const char *const wdnames[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sunday"
};

int
date_weekday_parse(const char *s)
{
	int i;

	for (i = 0; i < 7; i++)
		if (strcasecmp(s, wdnames[i]) == 0 ||
		    (strlen(s) == 3 && strncasecmp(s, wdnames[i], 3) == 0))
			return i;
	return -1;
}

const char *
date_weekday_name(int wd)
{
	return wd >= 0 && wd < 7 ? wdnames[wd] : "";
}

int
date_today(long *day)
{
	time_t now = time(NULL);
	struct tm tm;

	if (now == (time_t)-1 || localtime_r(&now, &tm) == NULL)
		return -1;
	*day = days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	return 0;
}

int
time_parse(const char *s, int allow24, int *min)
{
	int h, m;

	if (digits(s, 2, &h) == -1 || s[2] != ':' ||
	    digits(s + 3, 2, &m) == -1 || s[5] != '\0')
		return -1;
	if (h == 24 && m == 0 && allow24) {
		*min = 24 * 60;
		return 0;
	}
	if (h > 23 || m > 59)
		return -1;
	*min = h * 60 + m;
	return 0;
}

void
time_format(int min, char buf[6])
{
	char tmp[32];

	snprintf(tmp, sizeof tmp, "%02d:%02d", (min / 60) % 100, min % 60);
	memcpy(buf, tmp, 5);
	buf[5] = '\0';
}

/*
 * The UTC offset (seconds east) of the local clock at t, from what it
 * shows, into *off: 0, or -1 if localtime_r(3) cannot say.
 */
static int
offset_at(time_t t, long *off)
{
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL)
		return -1;
	*off = (long)(((time_t)days_from_civil(tm.tm_year + 1900L,
	    tm.tm_mon + 1, tm.tm_mday) * 24 * 60 + tm.tm_hour * 60 +
	    tm.tm_min) * 60 + tm.tm_sec - t);
	return 0;
}

/* Does the local clock at t show minute min of day? */
static int
shows(time_t t, long day, int min)
{
	struct tm tm;

	return localtime_r(&t, &tm) != NULL && tm.tm_hour * 60 + tm.tm_min ==
	    min && days_from_civil(tm.tm_year + 1900L, tm.tm_mon + 1,
	    tm.tm_mday) == day;
}

/*
 * The first instant the local clock shows minute min of day, into *t:
 * 1, or 0 if it never does (a time skipped in spring), or -1 if the
 * clock cannot be read.  Not mktime(3), which places a time the clock
 * shows twice by a guess left from its own last call (glibc), so that
 * one session counted one hour or two by the rows read before it: the
 * time is tried at the offset in force two days before and two days
 * after (around any one change of the clock), and the earlier instant
 * that shows it is the one, as RFC 5545 (3.3.5) reads a local time.
 */
static int
first_instant(long day, int min, time_t *t)
{
	const time_t twodays = 2 * 24 * 60 * 60;
	time_t wall = ((time_t)day * 24 * 60 + min) * 60, c;
	long off[2];
	int i, found = 0;

	if (offset_at(wall - twodays, &off[0]) == -1 ||
	    offset_at(wall + twodays, &off[1]) == -1)
		return -1;
	for (i = 0; i < 2; i++) {
		c = wall - off[i];
		if (shows(c, day, min) && (!found || c < *t)) {
			*t = c;
			found = 1;
		}
	}
	return found;
}

/*
 * The instant of minute min of day (min < 24:00), or -1.  A time the
 * clock shows twice (in autumn, 01:00-01:59 in New York) is the first
 * of the two; a time it skips (in spring, 02:00-02:59) is the instant
 * it skips to, the first minute after it that exists, so that
 * 01:00-02:30 and 02:30-03:00 add up to 01:00-03:00 (mktime(3) would
 * place 02:30 after 03:00, and the two spans would add up to more).
 */
static time_t
instant(long day, int min)
{
	time_t t = (time_t)-1;
	int m;

	for (m = min; m < 24 * 60; m++)
		switch (first_instant(day, m, &t)) {
		case 1:
			return t;
		case -1:
			return (time_t)-1;
		}
	return instant(day + 1, 0);
}

/*
 * Whether the UTC offset changes during a day, cached per day number
 * so that a log of millions of rows reads the clock a few hundred times.
 * One cache per thread (iop-auth counts days in both halves of a log
 * at once), so that it needs no lock.
 */
static int
clock_changes(long day)
{
	enum { UNKNOWN, STEADY, CHANGES };
	static _Thread_local unsigned char cache[1 << 16];
	static const long base = 18262;		/* 2020-01-01 */
	long i = day - base;
	time_t a, b;
	int r;
	unsigned char c;

	if (i >= 0 && i < (long)sizeof cache && (c = cache[i]) != UNKNOWN)
		return c == CHANGES;
	a = instant(day, 0);
	b = instant(day + 1, 0);
	r = a != (time_t)-1 && b != (time_t)-1 && b - a != 24 * 60 * 60;
	if (i >= 0 && i < (long)sizeof cache)
		cache[i] = r ? CHANGES : STEADY;
	return r;
}

int
time_elapsed(long day, int start, int end)
{
	time_t a, b;

	if (!clock_changes(day))
		return end - start;
	a = instant(day, start);
	b = end == 24 * 60 ? instant(day + 1, 0) : instant(day, end);
	if (a == (time_t)-1 || b == (time_t)-1 || b < a)
		return end - start;
	return (int)((b - a) / 60);
}

int
time_steady(long day, long n)
{
	long i;

	for (i = 0; i < n; i++)
		if (clock_changes(day + i))
			return 0;
	return 1;
}
