/*
 * gen.c: write a seeded, realistic IOP attendance log in CSV to stdout,
 * the input of the iop-hours benchmark (see bench/README.md); with -y
 * the same rows as a YAML record stream, as iop's YAML writer puts them.
 *
 *	gen [-y] [-s SEED] [-n ROWS] [-c CLIENTS]
 *
 * Defaults: seed 1, 10,000,000 rows, 50,000 clients.  The log covers the
 * 103 ISO weeks from Monday 2025-01-06 to Sunday 2026-12-27.  Each client
 * is admitted on a weekday, then attends 3-5 sessions a week on distinct
 * days (Monday to Friday, now and then a Saturday) until the client's
 * share of the rows is used up.  A client has at most one session a day,
 * so attended intervals never overlap and a plain sum of durations equals
 * the union of the intervals.  Rows come out week by week and day by day,
 * clients interleaved, as an export from a scheduling system would.
 *
 * Output is the same on every platform: the only randomness is a
 * splitmix64 generator and no floating point is used.
 *
 * Portable C11, libc only.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_YEAR	2025
#define FIRST_MONTH	1
#define FIRST_DAY	6	/* a Monday */
#define NWEEKS		103	/* through Sunday 2026-12-27 */
#define NDAYS		(NWEEKS * 7)
#define MAX_CLIENTS	10000000L	/* ids are C0000000..C9999999 */
#define MAX_PER_CLIENT	300	/* mean rows a client may be given */

/* ---- random numbers: splitmix64 ---- */

static uint64_t rng_state;

static uint64_t
rng_next(void)
{
	uint64_t z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* Uniform-enough integer in [0, n), n > 0. */
static unsigned
rnd(unsigned n)
{
	return (unsigned)((rng_next() >> 11) % n);
}

/* ---- output buffer ---- */

static char obuf[1 << 20];
static size_t olen;

static void
oflush(void)
{
	if (olen > 0 && fwrite(obuf, 1, olen, stdout) != olen) {
		perror("gen: write");
		exit(1);
	}
	olen = 0;
}

static void
oput(const char *s, size_t n)
{
	if (olen + n > sizeof obuf)
		oflush();
	memcpy(obuf + olen, s, n);
	olen += n;
}

static void
oputs(const char *s)
{
	oput(s, strlen(s));
}

static void
oputc(char c)
{
	if (olen == sizeof obuf)
		oflush();
	obuf[olen++] = c;
}

/* HH:MM of minutes since midnight. */
static void
oput_time(int min)
{
	char t[5];

	t[0] = (char)('0' + min / 600);
	t[1] = (char)('0' + min / 60 % 10);
	t[2] = ':';
	t[3] = (char)('0' + min % 60 / 10);
	t[4] = (char)('0' + min % 10);
	oput(t, 5);
}

/* ---- calendar ---- */

/* Days since 1970-01-01 of a proleptic Gregorian date. */
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
civil_from_days(long z, int *yp, int *mp, int *dp)
{
	long era, doe, yoe, y, doy, mp5;
	int m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp5 = (5 * doy + 2) / 153;
	*dp = (int)(doy - (153 * mp5 + 2) / 5 + 1);
	m = (int)(mp5 < 10 ? mp5 + 3 : mp5 - 9);
	*mp = m;
	*yp = (int)(y + (m <= 2));
}

static char datestr[NDAYS][10];		/* "YYYY-MM-DD" */

/* The n low decimal digits of v >= 0, zero-padded. */
static void
put_digits(char *p, long v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

static void
make_dates(void)
{
	long first = days_from_civil(FIRST_YEAR, FIRST_MONTH, FIRST_DAY);
	int i, y, m, d;

	for (i = 0; i < NDAYS; i++) {
		civil_from_days(first + i, &y, &m, &d);
		put_digits(datestr[i], y, 4);
		datestr[i][4] = '-';
		put_digits(datestr[i] + 5, m, 2);
		datestr[i][7] = '-';
		put_digits(datestr[i] + 8, d, 2);
	}
}

/* ---- what a session may be ---- */

enum { TRACK_DAY, TRACK_EVENING };

struct slot {
	int start, end;			/* minutes since midnight */
};

static const struct slot
    MORNING_GROUP = { 9 * 60, 12 * 60 },
    EVENING_GROUP = { 17 * 60 + 30, 20 * 60 + 30 },
    DAY_INDIVIDUAL = { 13 * 60, 14 * 60 },
    EVE_INDIVIDUAL = { 16 * 60, 17 * 60 },
    FAMILY = { 14 * 60, 15 * 60 + 30 },
    SATURDAY_GROUP = { 9 * 60, 12 * 60 };

/* Group-format services, weighted by repetition. */
static const char *const group_services[] = {
	"group", "group", "group", "group", "cbt", "cbt", "dbt", "dbt",
	"education", "motivational",
};
static const char *const individual_services[] = {
	"individual", "individual", "individual", "cbt", "dbt",
	"motivational",
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const clinicians[] = {
	"AKR", "BT", "CML", "DP", "EJW", "FN", "GRS", "HL", "IMO", "JR",
	"KN", "LAB", "MG", "NPT", "OK", "PDV", "QS", "RH", "SLM", "TW",
	"UA", "VCE", "WB", "XY", "YMS", "ZF", "ALT", "BJ", "CRD", "DK",
};

/* ---- notes ---- */

static const char *const fragments[] = {
	"reviewed coping plan", "discussed triggers", "homework done",
	"mood 6/10", "mood 4/10", "cravings low", "cravings high",
	"UDS negative", "family present", "slept poorly", "med check due",
	"good participation", "quiet in group", "safety plan updated",
	"set weekly goal", "practiced DBT skill", "relapse disclosed",
	"work stress", "needs ride Thu", "denies SI", "PHQ-9 12",
	"sponsor contact", "anxious", "engaged", "left for call",
};
static const char *const quoted[] = {
	"said \"one day at a time\"", "\"better this week\"",
	"called group \"helpful\"", "wants \"a break\"",
	"\"fine\" per pt",
};
static const char *const plain[] = {
	"ok", "on time", "tired", "engaged", "quiet", "makeup session",
	"telehealth", "new member",
};

/* One row's fields, drawn before either format writes them. */
struct row {
	const char	*id, *date, *svc, *status, *clin;
	int		 start, end;
	int		 quote;		/* CSV: the note goes in quotes */
	size_t		 notelen;
	char		 note[256];
};

static void
note_add(struct row *rw, const char *s)
{
	size_t n = strlen(s);

	memcpy(rw->note + rw->notelen, s, n);	/* at most 4 short pieces */
	rw->notelen += n;
}

static void
make_note(struct row *rw)
{
	unsigned r = rnd(1000), i, n;

	rw->notelen = 0;
	rw->quote = 0;
	if (r < 200) {
		/* With commas; 1 in 10 spans two lines. */
		int nl = r < 20;
		int q = rnd(4) == 0;

		rw->quote = 1;
		n = 2 + (rnd(3) == 0);
		for (i = 0; i < n; i++) {
			if (i > 0)
				note_add(rw, nl && i == 1 ? ",\n" : ", ");
			if (q && i == n - 1)
				note_add(rw, quoted[rnd(NELEM(quoted))]);
			else
				note_add(rw, fragments[rnd(NELEM(fragments))]);
		}
	} else if (r < 260)
		note_add(rw, plain[rnd(NELEM(plain))]);
}

/* ---- the two formats ---- */

static void
put_csv(const struct row *rw)
{
	size_t i;

	oput(rw->id, 8);
	oputc(',');
	oput(rw->date, 10);
	oputc(',');
	oput_time(rw->start);
	oputc(',');
	oput_time(rw->end);
	oputc(',');
	oputs(rw->svc);
	oputc(',');
	oputs(rw->status);
	oputc(',');
	oputs(rw->clin);
	oputc(',');
	if (rw->quote)
		oputc('"');
	for (i = 0; i < rw->notelen; i++) {
		if (rw->note[i] == '"')
			oputc('"');
		oputc(rw->note[i]);
	}
	if (rw->quote)
		oputc('"');
	oputc('\n');
}

/*
 * YAML as iop's own writer puts a record: a document holding a block
 * mapping; dates and times quoted (YAML 1.1 would read them as a date
 * and a base-60 number), a note that starts with a quote single-quoted,
 * a two-line note as a literal block, no note as ''.
 */
static void
put_yaml(const struct row *rw)
{
	const char *nl;

	oputs("---\nclient_id: ");
	oput(rw->id, 8);
	oputs("\ndate: '");
	oput(rw->date, 10);
	oputs("'\nstart: '");
	oput_time(rw->start);
	oputs("'\nend: '");
	oput_time(rw->end);
	oputs("'\nservice: ");
	oputs(rw->svc);
	oputs("\nstatus: ");
	oputs(rw->status);
	oputs("\nclinician: ");
	oputs(rw->clin);
	oputs("\nnotes: ");
	if (rw->notelen == 0)
		oputs("''");
	else if ((nl = memchr(rw->note, '\n', rw->notelen)) != NULL) {
		oputs("|-\n  ");
		oput(rw->note, (size_t)(nl - rw->note));
		oputs("\n  ");
		oput(nl + 1, rw->notelen - (size_t)(nl + 1 - rw->note));
	} else if (rw->note[0] == '"') {
		oputc('\'');
		oput(rw->note, rw->notelen);
		oputc('\'');
	} else
		oput(rw->note, rw->notelen);
	oputc('\n');
}

/* ---- clients ---- */

struct client {
	char id[8];		/* "C0012345" */
	int32_t rem;		/* rows still to write */
	int16_t adm_week;	/* week of admission */
	uint8_t adm_wd;		/* weekday of admission, 0 Monday */
	uint8_t track;
	uint8_t clin;		/* primary clinician */
	uint8_t plan;		/* this week's days, bit 0 Monday */
};

static int yaml;		/* -y: write YAML */

static void
emit(const struct client *c, int day, int wd)
{
	struct slot s;
	struct row rw;
	unsigned r = rnd(100), st;
	int dur;

	if (wd == 5) {
		s = SATURDAY_GROUP;
		rw.svc = group_services[rnd(NELEM(group_services))];
	} else if (r < 7) {
		s = FAMILY;
		rw.svc = "family";
	} else if (r < 22) {
		s = c->track == TRACK_DAY ? DAY_INDIVIDUAL : EVE_INDIVIDUAL;
		rw.svc = individual_services[rnd(NELEM(individual_services))];
	} else {
		s = c->track == TRACK_DAY ? MORNING_GROUP : EVENING_GROUP;
		rw.svc = group_services[rnd(NELEM(group_services))];
	}

	st = rnd(1000);
	dur = s.end - s.start;
	if (st >= 800 && st < 850)
		s.start += 5 + (int)rnd(21);		/* late */
	else if (st >= 850 && st < 890)
		s.end -= 10 + (int)rnd((unsigned)dur / 2 - 9);	/* left early */

	rw.id = c->id;
	rw.date = datestr[day];
	rw.start = s.start;
	rw.end = s.end;
	rw.status = st < 800 ? "attended" :
	    st < 850 ? "late" :
	    st < 890 ? "left_early" :
	    st < 940 ? "absent" :
	    st < 970 ? "excused" : "cancelled";
	rw.clin = rnd(10) == 0 ? clinicians[rnd(NELEM(clinicians))] :
	    clinicians[c->clin];
	make_note(&rw);
	if (yaml)
		put_yaml(&rw);
	else
		put_csv(&rw);
}

/* Choose k distinct days out of the mask avail (bits 0-5). */
static uint8_t
pick_days(uint8_t avail, unsigned k, uint8_t must)
{
	int days[6], n = 0, i;
	uint8_t plan = must;

	for (i = 0; i < 6; i++)
		if ((avail & (1u << i)) && !(must & (1u << i)))
			days[n++] = i;
	if (must)
		k--;
	for (i = 0; i < (int)k && i < n; i++) {
		int j = i + (int)rnd((unsigned)(n - i)), t = days[i];

		days[i] = days[j];
		days[j] = t;
		plan |= (uint8_t)(1u << days[i]);
	}
	return plan;
}

static int
popcount6(unsigned m)
{
	int n = 0;

	for (; m; m &= m - 1)
		n++;
	return n;
}

static void
plan_week(struct client *c, int w)
{
	unsigned k, need, avail = 0, cap;
	uint8_t must = 0;
	int weeks_left = NWEEKS - w;

	/* Monday to Friday, from the admission day in the first week. */
	avail = 0x1f;
	if (w == c->adm_week) {
		avail &= ~((1u << c->adm_wd) - 1);
		must = (uint8_t)(1u << c->adm_wd);	/* intake day */
	}
	k = 3 + rnd(3);
	need = (unsigned)((c->rem + weeks_left - 1) / weeks_left);
	if (k < need)
		k = need;
	if (k > (unsigned)c->rem)
		k = (unsigned)c->rem;
	cap = (unsigned)popcount6(avail);
	/* Now and then a Saturday, and when a client must catch up. */
	if (k > cap || rnd(25) == 0) {
		avail |= 0x20;
		cap++;
		if (k < cap && rnd(2) == 0)
			avail &= ~(1u << rnd(5)) | must;
		cap = (unsigned)popcount6(avail);
	}
	if (k > cap)
		k = cap;
	c->plan = pick_days((uint8_t)avail, k, must);
	c->rem -= popcount6(c->plan);
}

static void
usage(void)
{
	fputs("usage: gen [-y] [-s SEED] [-n ROWS] [-c CLIENTS]\n", stderr);
	exit(2);
}

static long long
number(const char *s, const char *what)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || *end || v < 0) {
		fprintf(stderr, "gen: bad %s: %s\n", what, s);
		exit(2);
	}
	return v;
}

static uint64_t
seed_number(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s || *end || *s == '-') {
		fprintf(stderr, "gen: bad seed: %s\n", s);
		exit(2);
	}
	return (uint64_t)v;
}

int
main(int argc, char **argv)
{
	uint64_t seed = 1;
	long long rows = 10000000, nclients = 50000, base, extra, written;
	struct client *cl;
	int i, w, d;
	long long j, n;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			usage();
		if (strcmp(a, "-y") == 0) {
			yaml = 1;
			continue;
		}
		if (a[0] != '-' || !a[1] || strchr("snc", a[1]) == NULL)
			usage();
		if (a[2])
			v = a + 2;
		else if (++i < argc)
			v = argv[i];
		else
			usage();
		switch (a[1]) {
		case 's': seed = seed_number(v); break;
		case 'n': rows = number(v, "row count"); break;
		case 'c': nclients = number(v, "client count"); break;
		}
	}
	if (nclients < 1)
		nclients = 1;
	if (rows / nclients > MAX_PER_CLIENT) {
		nclients = rows / MAX_PER_CLIENT + 1;
		fprintf(stderr, "gen: too few clients for %lld rows in %d weeks;"
		    " using %lld\n", rows, NWEEKS, nclients);
	}
	if (nclients > MAX_CLIENTS) {
		fprintf(stderr, "gen: at most %ld clients\n", MAX_CLIENTS);
		return 2;
	}
	rng_state = seed;
	make_dates();

	cl = calloc((size_t)nclients, sizeof *cl);
	if (cl == NULL) {
		perror("gen");
		return 1;
	}
	/*
	 * Share the rows out, base each and the remainder one apiece, then
	 * move a random amount within each pair of clients so stays differ
	 * in length while the total stays exact.
	 */
	base = rows / nclients;
	extra = rows % nclients;
	for (j = 0; j < nclients; j++)
		cl[j].rem = (int32_t)(base + (j < extra));
	for (j = 0; j + 1 < nclients; j += 2) {
		int32_t m = (int32_t)rnd((unsigned)(base / 2 + 1));

		cl[j].rem += m;
		cl[j + 1].rem -= m;
	}
	for (j = 0; j < nclients; j++) {
		struct client *c = &cl[j];
		long weeks = (c->rem + 3) / 4, latest;

		/* Ids are a scrambled bijection of the index. */
		c->id[0] = 'C';
		put_digits(c->id + 1, (long)((j * 7919 + 1234567) %
		    MAX_CLIENTS), 7);
		/*
		 * Admit early enough that 4 sessions a week, the mean, would
		 * finish within the window; plan_week() catches up if needed.
		 */
		latest = NWEEKS - 1 - weeks;
		if (latest < 0)
			latest = 0;
		c->adm_week = (int16_t)rnd((unsigned)latest + 1);
		c->adm_wd = (uint8_t)(latest == 0 ? 0 : rnd(5));
		c->track = rnd(10) < 7 ? TRACK_DAY : TRACK_EVENING;
		c->clin = (uint8_t)rnd(NELEM(clinicians));
	}

	if (!yaml)
		oputs("client_id,date,start,end,service,status,clinician,"
		    "notes\n");
	written = 0;
	for (w = 0; w < NWEEKS; w++) {
		for (j = 0; j < nclients; j++) {
			cl[j].plan = 0;
			if (cl[j].rem > 0 && cl[j].adm_week <= w)
				plan_week(&cl[j], w);
		}
		for (d = 0; d < 7; d++)
			for (j = 0; j < nclients; j++)
				if (cl[j].plan & (1u << d)) {
					emit(&cl[j], w * 7 + d, d);
					written++;
				}
	}
	oflush();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gen: write");
		return 1;
	}
	n = rows - written;
	if (n != 0) {
		fprintf(stderr, "gen: wrote %lld rows, not %lld\n", written,
		    rows);
		return 1;
	}
	free(cl);
	return 0;
}
