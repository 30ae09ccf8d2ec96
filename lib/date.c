/* date.c: dates as day numbers, times as minutes (see date.h). */
#include <limits.h>
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

static time_t
local_time(long day, int min)
{
	struct tm tm;
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = min / 60;
	tm.tm_min = min % 60;
	tm.tm_isdst = -1;	/* let mktime find out; 0 is an hour off in summer */
	return mktime(&tm);
}

/*
 * Whether the UTC offset changes during a day, cached per day number
 * so that a log of millions of rows calls mktime() a few hundred times.
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
	a = local_time(day, 0);
	b = local_time(day + 1, 0);
	r = a != (time_t)-1 && b != (time_t)-1 && b - a != 24 * 60 * 60;
	if (i >= 0 && i < (long)sizeof cache)
		cache[i] = r ? CHANGES : STEADY;
	return r;
}

/* Does the local clock at t show minute min of the day whose 1st is mday? */
static int
shows(time_t t, int mday, int min)
{
	struct tm tm;

	return localtime_r(&t, &tm) != NULL && tm.tm_mday == mday &&
	    tm.tm_hour * 60 + tm.tm_min == min;
}

/*
 * The seconds the clock goes back during day (the hour repeated in
 * autumn: 3600 in New York), or 0 if it does not: how much longer than
 * 24 hours the day is.  Kept for the last day asked, in each thread, as
 * a log's rows of one day come together.
 */
static long
day_back(long day)
{
	static _Thread_local long memo_day = LONG_MIN, memo_back;
	time_t a, b;

	if (day != memo_day) {
		a = local_time(day, 0);
		b = local_time(day + 1, 0);
		memo_back = a != (time_t)-1 && b != (time_t)-1 &&
		    b - a > 24 * 60 * 60 ? (long)(b - a) - 24 * 60 * 60 : 0;
		memo_day = day;
	}
	return memo_back;
}

/*
 * The instant of minute min of a day the clock changes (min < 24:00).
 * A time the clock skips (in spring, 02:00-02:59 in New York) is the
 * instant it skips to, the first minute after it that exists: mktime(3)
 * would place 02:30 an hour later, after 03:00, so that 01:00-02:30 and
 * 02:30-03:00 would add up to more than 01:00-03:00.  Placed so, the
 * minutes of a span add up however it is split.  A time the clock shows
 * twice (in autumn, 01:00-01:59 in New York) is the first of the two,
 * as RFC 5545 (3.3.5) reads a local time: mktime(3) places it by a
 * guess left from its last call (glibc), so that the same session
 * would count one hour or two by the rows read before it.
 */
static time_t
instant(long day, int min)
{
	time_t t;
	long back = day_back(day);
	int y, mo, d, m;

	civil_from_days(day, &y, &mo, &d);
	for (m = min; m < 24 * 60; m++) {
		if ((t = local_time(day, m)) == (time_t)-1)
			return t;
		if (!shows(t, d, m))
			continue;		/* skipped: try the next minute */
		if (back > 0 && shows(t - back, d, m))
			return t - back;	/* shown twice: the first */
		return t;
	}
	return local_time(day + 1, 0);
}

int
time_elapsed(long day, int start, int end)
{
	time_t a, b;

	if (!clock_changes(day))
		return end - start;
	a = instant(day, start);
	b = end == 24 * 60 ? local_time(day + 1, 0) : instant(day, end);
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
