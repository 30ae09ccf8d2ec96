/*
 * libFuzzer target: the matching of a client-day (lib/attmatch.c).
 * The input makes a day of sessions and records (three bytes each) and
 * the two ways of matching it, trying every pair and the large day's
 * tree, must pair them alike and leave the records of other days (a
 * prefix of the array) alone.
 */
#include <stdint.h>
#include <string.h>

#include "attmatch.h"
#include "fuzz.h"

#define MAXROWS	4096

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct attend_sess ss[2][MAXROWS];
static struct attend_rec as[2][MAXROWS];

static int
sess_by_start(const void *x, const void *y)
{
	const struct attend_sess *a = x, *b = y;

	return (a->start > b->start) - (a->start < b->start);
}

static int
rec_by_start(const void *x, const void *y)
{
	const struct attend_rec *a = x, *b = y;

	return (a->start > b->start) - (a->start < b->start);
}

/* Minutes from two bytes: few distinct ones (ties) or any of the day. */
static void
times(const uint8_t *p, int spread, int16_t *start, int16_t *end)
{
	static const int len[] = { 1, 15, 30, 60, 90, 180, 600, 1440 };
	int s = ((p[0] << 8 | p[1]) >> 3) % spread;

	if (spread < 1440)
		s = 480 + 30 * s;
	*start = (int16_t)s;
	s += len[p[1] & 7];
	*end = (int16_t)(s > 1440 ? 1440 : s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t ns = 0, nr, np, i;
	int spread;

	if (size < 2)
		return 0;
	spread = data[0] & 0x80 ? 1440 : 1 + (data[0] & 15);
	np = data[1] & 7;		/* records of days before */
	memset(as[0], 0, np * sizeof as[0][0]);
	for (i = 0; i < np; i++)
		as[0][i].flags = (uint8_t)(i & 1 ? ATTEND_MATCHED : 0);
	nr = np;
	for (i = 2; i + 3 <= size && ns < MAXROWS && nr < MAXROWS; i += 3) {
		const uint8_t *p = data + i;

		if (p[0] & 1) {
			struct attend_sess *s = &ss[0][ns++];

			memset(s, 0, sizeof *s);
			times(p + 1, spread, &s->start, &s->end);
			s->service = 1 + (p[0] >> 1 & 3);
			s->id = p[0] & 0x80 ? 1 + (p[0] >> 3 & 7) : ATTEND_NOSTR;
			s->att = -1;
		} else {
			struct attend_rec *r = &as[0][nr++];

			memset(r, 0, sizeof *r);
			if (p[0] & 2)
				r->start = r->end = -1;
			else
				times(p + 1, spread, &r->start, &r->end);
			r->service = p[0] >> 2 & 3;
			r->id = p[0] & 0x80 ? 1 + (p[0] >> 4 & 7) : ATTEND_NOSTR;
		}
	}
	qsort(ss[0], ns, sizeof ss[0][0], sess_by_start);
	qsort(as[0] + np, nr - np, sizeof as[0][0], rec_by_start);
	memcpy(ss[1], ss[0], ns * sizeof ss[0][0]);
	memcpy(as[1], as[0], nr * sizeof as[0][0]);
	attmatch_small(ss[0], ns, as[0], np, nr);
	attmatch_large(ss[1], ns, as[1], np, nr);
	if (memcmp(ss[0], ss[1], ns * sizeof ss[0][0]) != 0 ||
	    memcmp(as[0], as[1], nr * sizeof as[0][0]) != 0)
		abort();
	return 0;
}
