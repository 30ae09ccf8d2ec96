/* avail.c: day lists and availability (see avail.h). */
#include <stdio.h>
#include <string.h>

#include "avail.h"
#include "date.h"

/* One day ("mon") or a range ("mon-fri", "fri-mon"); "daily": all. */
static int
day_token(const char *s, size_t len, unsigned *mask)
{
	char a[16], b[16];
	const char *dash = memchr(s, '-', len);
	int d0, d1;

	if (len == 5 && strncmp(s, "daily", 5) == 0) {
		*mask |= 0x7f;
		return 0;
	}
	if (dash == NULL)
		dash = s + len;
	/* each day whole ("wednesday-saturday" is 18 bytes, a day 9) */
	if ((size_t)(dash - s) >= sizeof a || (dash < s + len &&
	    (size_t)(s + len - dash - 1) >= sizeof b))
		return -1;
	snprintf(a, sizeof a, "%.*s", (int)(dash - s), s);
	snprintf(b, sizeof b, "%.*s", dash < s + len ? (int)(s + len - dash -
	    1) : (int)(dash - s), dash < s + len ? dash + 1 : s);
	if ((d0 = date_weekday_parse(a)) == -1 ||
	    (d1 = date_weekday_parse(b)) == -1)
		return -1;
	for (;; d0 = (d0 + 1) % 7) {
		*mask |= 1u << d0;
		if (d0 == d1)
			return 0;
	}
}

/* "HH:MM-HH:MM", the end after the start (24:00 allowed). */
static int
time_token(const char *s, size_t len, int *start, int *end)
{
	char a[6], b[6];

	if (len != 11 || s[5] != '-')
		return -1;
	memcpy(a, s, 5);
	memcpy(b, s + 6, 5);
	a[5] = b[5] = '\0';
	if (time_parse(a, 0, start) == -1 || time_parse(b, 1, end) == -1 ||
	    *end <= *start)
		return -1;
	return 0;
}

static void
mark(struct avail *av, unsigned days, int start, int end, int val)
{
	int d;

	for (d = 0; d < 7; d++)
		if (days & 1u << d)
			memset(&av->ok[d][start], val, (size_t)(end - start));
}

/*
 * Tokens split at commas and blanks.  Times apply to the days named
 * since the last time; days named with no time after them are whole.
 */
static int
avail_parse(struct avail *av, const char *s, int val)
{
	unsigned days = 0;
	int timed = 0, start, end;
	size_t len;

	for (;;) {
		s += strspn(s, ", \t");
		if (*s == '\0')
			break;
		len = strcspn(s, ", \t");
		if (len > 0 && s[0] >= '0' && s[0] <= '9') {
			if (days == 0 || time_token(s, len, &start, &end) == -1)
				return -1;
			mark(av, days, start, end, val);
			timed = 1;
		} else {
			if (timed)
				days = 0;
			timed = 0;
			if (day_token(s, len, &days) == -1)
				return -1;
		}
		s += len;
	}
	if (days != 0 && !timed)
		mark(av, days, 0, 1440, val);
	return 0;
}

int
days_parse(const char *s, unsigned *mask)
{
	struct avail av;
	int d;

	memset(&av, 0, sizeof av);
	*mask = 0;
	if (strchr(s, ':') != NULL || avail_parse(&av, s, 1) == -1)
		return -1;
	for (d = 0; d < 7; d++)
		if (av.ok[d][0])
			*mask |= 1u << d;
	return *mask == 0 ? -1 : 0;
}

int
avail_add(struct avail *av, const char *s)
{
	struct avail n;

	if (s[strspn(s, ", \t")] == '\0')
		return 0;
	memset(&n, 0, sizeof n);
	if (avail_parse(&n, s, 1) == -1)
		return -1;
	*av = n;
	return 0;
}

int
avail_remove(struct avail *av, const char *s)
{
	struct avail n = *av;

	if (avail_parse(&n, s, 0) == -1)
		return -1;
	*av = n;
	return 0;
}
