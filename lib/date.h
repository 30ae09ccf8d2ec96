/*
 * date.h: calendar dates, clock times and weeks.
 *
 * A date is a day number (days since 1970-01-01, proleptic Gregorian),
 * so arithmetic never touches the time zone or the locale.  A time is
 * minutes since midnight.  Parsers accept only the canonical text
 * (YYYY-MM-DD, HH:MM) of a real date or time and return -1 otherwise;
 * they print nothing.  Years run from 1000 to 9999.
 */
#ifndef IOP_DATE_H
#define IOP_DATE_H

#define DATE_LEN	11		/* "YYYY-MM-DD" and its NUL */
#define DATE_LAST	2932896L	/* 9999-12-31: a day past it has no text */
#define WEEK_LEN	16		/* "YYYY-Www" or a date, and NUL */

int	date_parse(const char *, long *day);
void	date_format(long day, char buf[DATE_LEN]);
/* 0 Monday ... 6 Sunday. */
int	date_weekday(long day);
/* ISO 8601 week-numbering year and week of a day. */
void	date_isoweek(long day, int *year, int *week);
/* Monday of ISO week "YYYY-Www"; -1 if not such a week. */
int	date_parse_isoweek(const char *, long *monday);
/* First day of the week holding day, weeks starting on wstart (0-6). */
long	date_week_start(long day, int wstart);
/*
 * The label of the week starting on start: the ISO "YYYY-Www" when
 * weeks start on Monday, else the date of its first day.
 */
void	date_week_label(long start, int wstart, char buf[WEEK_LEN]);
/* "mon"/"monday" ... "sun"/"sunday", any case: 0-6, or -1. */
int	date_weekday_parse(const char *);
const char *date_weekday_name(int wd);	/* "monday" ... */

/* Today in the local time zone; -1 if the clock cannot be read. */
int	date_today(long *day);

/*
 * HH:MM, 00:00 to 23:59; with allow24, 24:00 too (the end of a day).
 */
int	time_parse(const char *, int allow24, int *min);
void	time_format(int min, char buf[6]);

/*
 * Minutes that really pass between two wall-clock times of one day in
 * the local time zone (TZ): end - start, except on a day the clock
 * changes, where the clock (localtime_r(3)) says how far apart they are
 * (a time the clock skips is the instant it skips to, so that spans add
 * up; a time it shows twice is the first of the two).  Each
 * thread caches which days the clock changes in its own cache.
 */
int	time_elapsed(long day, int start, int end);
/*
 * Does the clock keep its UTC offset from the start of day to the end
 * of day + n - 1?  Then time_elapsed() is end - start on each of them.
 * (The same cache, and not for two threads at once either.)
 */
int	time_steady(long day, long n);

#endif
