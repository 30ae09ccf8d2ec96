/* num.c: numbers and hours in text, locale-free (see num.h). */
#include <errno.h>
#include <stdlib.h>
#include <strings.h>

#include "num.h"

int
num_parse(const char *s, long min, long max, long *v)
{
	char *end;
	long n;

	if (*s == '\0' || *s == ' ' || *s == '+')
		return -1;
	errno = 0;
	n = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < min || n > max)
		return -1;
	*v = n;
	return 0;
}

int
num_hours(const char *s, long *minutes)
{
	long whole = 0, cents = 0;
	int i, nd = 0;

	/* by hand: strtod would follow the locale's decimal point */
	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		whole = whole * 10 + (*s - '0');
		if (whole > 168)
			return -1;
	}
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9' && nd < 2; s++, nd++)
			cents = cents * 10 + (*s - '0');
	if (*s != '\0')
		return -1;
	for (i = nd; i < 2; i++)
		cents *= 10;
	*minutes = whole * 60 + (cents * 60 + 50) / 100;
	if (*minutes > 168 * 60)
		return -1;
	return 0;
}

/*
 * By hand, straight into buf: printf is slow for millions of cells, and
 * bound to the locale.
 */
size_t
num_fmt_long(long v, char buf[32])
{
	unsigned long u = v < 0 ? -(unsigned long)v : (unsigned long)v, t;
	size_t n = 0, k = 1, i;

	if (v < 0)
		buf[n++] = '-';
	for (t = u; t >= 10; t /= 10)
		k++;
	for (i = k; i > 0; i--, u /= 10)
		buf[n + i - 1] = (char)('0' + u % 10);
	n += k;
	buf[n] = '\0';
	return n;
}

size_t
num_fmt_hours(long minutes, char buf[32])
{
	long c = (minutes * 100 + 30) / 60;	/* hundredths, half up */
	size_t n = num_fmt_long(c / 100, buf);

	buf[n++] = '.';
	buf[n++] = (char)('0' + c / 10 % 10);
	buf[n++] = (char)('0' + c % 10);
	buf[n] = '\0';
	return n;
}

size_t
num_fmt_hours_brief(long minutes, char buf[32])
{
	if (minutes % 60 == 0)
		return num_fmt_long(minutes / 60, buf);
	return num_fmt_hours(minutes, buf);
}

int
num_yesno(const char *s)
{
	static const char *const yes[] = { "yes", "y", "1", "true" };
	static const char *const no[] = { "no", "n", "0", "false" };
	int i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(s, yes[i]) == 0)
			return 1;
		if (strcasecmp(s, no[i]) == 0)
			return 0;
	}
	return -1;
}
