/*
 * Unit tests of lib/screen*.c: every instrument at each band boundary
 * (the total just below and at each cut-off), reversed and non-linear
 * items, missing-item rules, and rule sets.  The expected values come
 * from shared/domain.md section 3, worked out by hand; the item
 * vectors are written so that their sums are the totals named.
 */
#include <string.h>

#include "rec.h"
#include "diag.h"
#include "screen.h"
#include "tap.h"
#include "ydoc.h"

static struct screen_rules *rules;

static void
clear(struct answers *a)
{
	int i, j;

	for (i = 0; i < NINSTR; i++)
		for (j = 0; j < SCREEN_MAXITEMS; j++)
			a->v[i][j] = -1;
	a->crafft_a[0] = a->crafft_a[1] = a->crafft_a[2] = -1;
	a->cssrs_6b = -1;
	a->sex = SEX_UNKNOWN;
}

/* Items of instr from a list, -1 for a missing one. */
static void
set(struct answers *a, int instr, const int *v, int n)
{
	int j;

	for (j = 0; j < n; j++)
		a->v[instr][j] = v[j];
}

/* Items 0..n-1 filled up to max each, first to last, to make total. */
static void
fill(struct answers *a, int instr, int n, int max, int total)
{
	int j;

	for (j = 0; j < n; j++) {
		a->v[instr][j] = total > max ? max : total;
		total -= a->v[instr][j];
	}
}

static void
expect(int instr, const struct answers *a, int total, const char *band,
    int positive, const char *what)
{
	struct score s;

	screen_score(rules, instr, a, &s);
	ok(s.total == total && strcmp(s.band ? s.band : "(null)", band) == 0 &&
	    s.positive == positive, "%s %s: total %d band %s positive %d "
	    "(got %d %s %d)", screen_title(instr), what, total, band, positive,
	    s.total, s.band ? s.band : "(null)", s.positive);
}

/* total -> band, positive: for an instrument filled linearly. */
struct row {
	int		 total;
	const char	*band;
	int		 positive;
};

static void
bands(int instr, int n, int max, const struct row *rows, int nrows)
{
	struct answers a;
	char what[32];
	int i, base = instr == I_PHQ2 || instr == I_GAD2 ||
	    instr == I_AUDITC ? instr - 1 : instr;

	for (i = 0; i < nrows; i++) {
		clear(&a);
		fill(&a, base, screen_nitems(base), 0, 0);
		fill(&a, base, n, max, rows[i].total);
		snprintf(what, sizeof what, "at %d", rows[i].total);
		expect(instr, &a, rows[i].total, rows[i].band,
		    rows[i].positive, what);
	}
}

static void
test_phq(void)
{
	static const struct row phq9[] = {
		{ 0, "minimal", 0 }, { 4, "minimal", 0 }, { 5, "mild", 0 },
		{ 9, "mild", 0 }, { 10, "moderate", 1 },
		{ 14, "moderate", 1 }, { 15, "moderately_severe", 1 },
		{ 19, "moderately_severe", 1 }, { 20, "severe", 1 },
		{ 27, "severe", 1 },
	};
	static const struct row gad7[] = {
		{ 4, "minimal", 0 }, { 5, "mild", 0 }, { 9, "mild", 0 },
		{ 10, "moderate", 1 }, { 14, "moderate", 1 },
		{ 15, "severe", 1 }, { 21, "severe", 1 },
	};
	static const struct row two[] = {
		{ 2, "negative", 0 }, { 3, "positive", 1 },
	};
	struct answers a;
	struct score s;

	bands(I_PHQ9, 9, 3, phq9, 10);
	bands(I_GAD7, 7, 3, gad7, 7);
	/* PHQ-2 and GAD-2 are items 1 and 2 of the long forms */
	bands(I_PHQ2, 9, 3, two, 2);
	bands(I_GAD2, 7, 3, two, 2);

	/* PHQ-9 missing items: 8 answered summing 10 -> 10 * 9 / 8 =
	 * 11.25 -> 11; 7 answered summing 11 -> 99 / 7 = 14.14 -> 14;
	 * 8 answered summing 4 -> 4.5, half up -> 5 (mild) */
	clear(&a);
	set(&a, I_PHQ9, (const int[]){ 2, 2, 2, 2, 1, 1, 0, -1, 0 }, 9);
	screen_score(rules, I_PHQ9, &a, &s);
	ok(s.total == 11 && s.prorated && strcmp(s.band, "moderate") == 0,
	    "PHQ-9 one missing: prorated to 11, moderate");
	set(&a, I_PHQ9, (const int[]){ 3, 3, 2, 2, 1, -1, 0, -1, 0 }, 9);
	screen_score(rules, I_PHQ9, &a, &s);
	ok(s.total == 14 && s.prorated, "PHQ-9 two missing: 99/7 -> 14");
	set(&a, I_PHQ9, (const int[]){ 1, 1, 1, 1, 0, 0, -1, 0, 0 }, 9);
	screen_score(rules, I_PHQ9, &a, &s);
	ok(s.total == 5 && strcmp(s.band, "mild") == 0,
	    "PHQ-9 4.5 rounds half up to 5, mild");
	set(&a, I_PHQ9, (const int[]){ 3, 3, 3, -1, -1, -1, 3, 3, 0 }, 9);
	expect(I_PHQ9, &a, -1, "incomplete", -1, "three missing");
	expect(I_PHQ2, &a, 6, "positive", 1, "from items 1-2");
	clear(&a);
	fill(&a, I_PHQ9, 9, 3, 0);
	a.v[I_PHQ9][8] = 1;
	screen_score(rules, I_PHQ9, &a, &s);
	ok(s.total == 1 && s.risk == RISK_MODERATE,
	    "PHQ-9 item 9 at 1 is a moderate safety risk, total 1");
	clear(&a);
	fill(&a, I_GAD7, 7, 3, 12);
	a.v[I_GAD7][6] = -1;
	expect(I_GAD7, &a, -1, "incomplete", -1, "one missing (no rule)");
}

static void
test_audit(void)
{
	/* items 1-3, 7-8 first; 4-6 at most 1 and 9-10 at most 2, so
	 * that the WHO one-zone rule does not apply */
	static const int order[] = { 0, 1, 2, 6, 7, 3, 4, 5, 8, 9 };
	static const int max[] = { 4, 4, 4, 4, 4, 1, 1, 1, 2, 2 };
	static const struct row who[] = {
		{ 7, "zone1", 0 }, { 8, "zone2", 1 }, { 15, "zone2", 1 },
		{ 16, "zone3", 1 }, { 19, "zone3", 1 }, { 20, "zone4", 1 },
	};
	struct answers a;
	char what[32];
	int i, j, t;

	for (i = 0; i < 6; i++) {
		clear(&a);
		for (t = who[i].total, j = 0; j < 10; j++) {
			a.v[I_AUDIT][order[j]] = t > max[j] ? max[j] : t;
			t -= a.v[I_AUDIT][order[j]];
		}
		snprintf(what, sizeof what, "WHO at %d", who[i].total);
		expect(I_AUDIT, &a, who[i].total, who[i].band,
		    who[i].positive, what);
	}
	/* Q9 = 4 (yes, in the last year): 2 + 4 = 6, zone 1 -> zone 2 */
	clear(&a);
	set(&a, I_AUDIT, (const int[]){ 1, 1, 0, 0, 0, 0, 0, 0, 4, 0 }, 10);
	expect(I_AUDIT, &a, 6, "zone2", 0, "Q9 = 4 moves up a zone");
	/* Q5 = 2: total 10, zone 2 -> zone 3 */
	set(&a, I_AUDIT, (const int[]){ 2, 2, 2, 0, 2, 0, 2, 0, 0, 0 }, 10);
	expect(I_AUDIT, &a, 10, "zone3", 1, "Q5 = 2 moves up a zone");
	/* zone 4 stays zone 4 */
	set(&a, I_AUDIT, (const int[]){ 4, 4, 4, 4, 4, 0, 0, 0, 0, 0 }, 10);
	expect(I_AUDIT, &a, 20, "zone4", 1, "zone 4 is the top");
	/* AUDIT-C is items 1-3, whatever the rest */
	clear(&a);
	set(&a, I_AUDIT, (const int[]){ 2, 1, 0 }, 3);
	a.sex = SEX_MALE;
	expect(I_AUDITC, &a, 3, "negative", 0, "man at 3");
	a.v[I_AUDIT][2] = 1;
	expect(I_AUDITC, &a, 4, "positive", 1, "man at 4");
	expect(I_AUDIT, &a, -1, "incomplete", -1, "with 7 items missing");
	a.sex = SEX_FEMALE;
	a.v[I_AUDIT][2] = 0;
	a.v[I_AUDIT][1] = 0;
	expect(I_AUDITC, &a, 2, "negative", 0, "woman at 2");
	a.v[I_AUDIT][1] = 1;
	expect(I_AUDITC, &a, 3, "positive", 1, "woman at 3");
	a.sex = SEX_UNKNOWN;
	expect(I_AUDITC, &a, 3, "positive", 1, "sex unknown at 3 (lower)");
}

static void
test_yesno(void)
{
	static const struct row dast[] = {
		{ 0, "none", 0 }, { 1, "low", 0 }, { 2, "low", 0 },
		{ 3, "moderate", 1 }, { 5, "moderate", 1 },
		{ 6, "substantial", 1 }, { 8, "substantial", 1 },
		{ 9, "severe", 1 }, { 10, "severe", 1 },
	};
	static const struct row cage[] = {
		{ 1, "low", 0 }, { 2, "significant", 1 },
		{ 3, "significant", 1 }, { 4, "likely_dependence", 1 },
	};
	struct answers a;
	int i;

	/* DAST-10 item 3 is scored 1 for "no"; screen_read reverses it,
	 * so the answers here are already points */
	bands(I_DAST10, 10, 1, dast, 9);
	bands(I_CAGE, 4, 1, cage, 4);
	clear(&a);
	for (i = 0; i < 10; i++)
		a.v[I_DAST10][i] = 0;
	expect(I_DAST10, &a, 0, "none", 0, "all points 0");
}

static void
test_withdrawal(void)
{
	static const struct row ciwa[] = {
		{ 9, "mild", -1 }, { 10, "moderate", -1 },
		{ 18, "moderate", -1 }, { 19, "severe", -1 },
		{ 67, "severe", -1 },
	};
	/* COWS: pulse 0/1/2/4, sweating 0-4, restlessness 0/1/3/5,
	 * pupils 0/1/2/5, aches 0/1/2/4, nose 0/1/2/4, GI 0/1/2/3/5,
	 * tremor 0/1/2/4, yawning 0/1/2/4, anxiety 0/1/2/4, gooseflesh
	 * 0/3/5 */
	static const struct {
		int v[11], total;
		const char *band;
	} cows[] = {
		{ { 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0 }, 4, "none" },
		{ { 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0 }, 5, "mild" },
		{ { 4, 4, 1, 1, 1, 1, 0, 0, 0, 0, 0 }, 12, "mild" },
		{ { 4, 4, 1, 1, 1, 1, 1, 0, 0, 0, 0 }, 13, "moderate" },
		{ { 4, 4, 5, 5, 4, 2, 0, 0, 0, 0, 0 }, 24, "moderate" },
		{ { 4, 4, 5, 5, 4, 0, 3, 0, 0, 0, 0 }, 25, "moderately_severe" },
		{ { 4, 4, 5, 5, 4, 4, 5, 4, 1, 0, 0 }, 36,
		    "moderately_severe" },
		{ { 4, 4, 5, 5, 4, 4, 5, 4, 2, 0, 0 }, 37, "severe" },
		{ { 4, 4, 5, 5, 4, 4, 5, 4, 4, 4, 5 }, 48, "severe" },
	};
	struct answers a;
	char what[32];
	size_t i;

	/* nine items 0-7 and orientation 0-4: 9 * 7 + 4 = 67 */
	bands(I_CIWA, 10, 7, ciwa, 4);
	clear(&a);
	set(&a, I_CIWA, (const int[]){ 7, 7, 7, 7, 7, 7, 7, 7, 7, 4 }, 10);
	expect(I_CIWA, &a, 67, "severe", -1, "at the maximum");
	for (i = 0; i < sizeof cows / sizeof cows[0]; i++) {
		clear(&a);
		set(&a, I_COWS, cows[i].v, 11);
		snprintf(what, sizeof what, "at %d", cows[i].total);
		expect(I_COWS, &a, cows[i].total, cows[i].band, -1, what);
	}
}

static void
test_crafft_pcl5(void)
{
	static const struct row crafft[] = {
		{ 1, "low", 0 }, { 2, "high_risk", 1 }, { 3, "high_risk", 1 },
		{ 4, "possible_dependence", 1 },
	};
	static const struct row pcl5[] = {
		{ 32, "negative", 0 }, { 33, "positive", 1 },
	};
	struct answers a;
	struct score s;

	bands(I_CRAFFT, 6, 1, crafft, 4);
	/* part A all 0: only CAR is asked; CAR yes is 1 */
	clear(&a);
	a.crafft_a[0] = a.crafft_a[1] = a.crafft_a[2] = 0;
	a.v[I_CRAFFT][0] = 1;
	screen_score(rules, I_CRAFFT, &a, &s);
	ok(s.total == 1 && strcmp(s.band, "low") == 0 && s.flag == 1,
	    "CRAFFT part A all 0: CAR alone is complete, CAR flag");
	a.crafft_a[1] = 3;
	expect(I_CRAFFT, &a, -1, "incomplete", -1, "part A > 0 needs all six");
	clear(&a);
	a.crafft_a[0] = 0;
	a.crafft_a[1] = 0;
	a.crafft_a[2] = 0;
	expect(I_CRAFFT, &a, -1, "incomplete", -1, "CAR missing");

	bands(I_PCL5, 20, 4, pcl5, 2);
	/* DSM-5 rule: B (1-5) 1, C (6-7) 1, D (8-14) 2, E (15-20) 2,
	 * each item at 2 or more */
	clear(&a);
	fill(&a, I_PCL5, 20, 0, 0);
	a.v[I_PCL5][0] = 2;
	a.v[I_PCL5][5] = 2;
	a.v[I_PCL5][7] = 3;
	a.v[I_PCL5][13] = 2;
	a.v[I_PCL5][14] = 4;
	a.v[I_PCL5][19] = 2;
	screen_score(rules, I_PCL5, &a, &s);
	ok(s.total == 15 && s.flag == 1 && s.positive == 0,
	    "PCL-5 DSM-5 rule met at 15, below the cut-off");
	a.v[I_PCL5][13] = 1;
	screen_score(rules, I_PCL5, &a, &s);
	ok(s.total == 14 && s.flag == 0, "PCL-5 one D item: rule not met");
}

static void
test_cssrs(void)
{
	static const struct {
		int v[6], b6;
		const char *band;
		int risk;
	} rows[] = {
		{ { 0, 0, -1, -1, -1, 0 }, -1, "none", RISK_NONE },
		{ { 1, 0, -1, -1, -1, 0 }, -1, "low", RISK_LOW },
		{ { 1, 1, 0, 0, 0, 0 }, -1, "low", RISK_LOW },
		{ { 1, 1, 1, 0, 0, 0 }, -1, "moderate", RISK_MODERATE },
		{ { 1, 1, 0, 1, 0, 0 }, -1, "high", RISK_HIGH },
		{ { 1, 1, 0, 0, 1, 0 }, -1, "high", RISK_HIGH },
		{ { 0, 0, -1, -1, -1, 1 }, 0, "moderate", RISK_MODERATE },
		{ { 0, 0, -1, -1, -1, 1 }, 1, "high", RISK_HIGH },
		{ { 1, 1, -1, 1, 0, 0 }, -1, "incomplete", RISK_HIGH },
		{ { 0, 0, -1, -1, -1, 1 }, -1, "incomplete", RISK_MODERATE },
	};
	struct answers a;
	struct score s;
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		clear(&a);
		set(&a, I_CSSRS, rows[i].v, 6);
		a.cssrs_6b = rows[i].b6;
		screen_score(rules, I_CSSRS, &a, &s);
		ok(strcmp(s.band, rows[i].band) == 0 && s.risk == rows[i].risk,
		    "C-SSRS row %zu: %s", i, rows[i].band);
	}
}

/* The trees must outlive the rules: freed at the end. */
static struct ynode *trees[4];
static int ntrees;

static int
apply(const char *text)
{
	struct ynode *root = ydoc_parse("t.yaml", text, strlen(text));

	if (root == NULL)
		return -1;
	trees[ntrees++] = root;
	return screen_rules_apply(rules, "t.yaml", root);
}

static void
test_rules(void)
{
	static const struct row screen[] = {
		{ 7, "low", 0 }, { 8, "hazardous", 1 },
		{ 14, "hazardous", 1 }, { 15, "dependence", 1 },
	};
	static const struct row ciwa3[] = {
		{ 7, "minimal", -1 }, { 8, "moderate", -1 },
		{ 15, "moderate", -1 }, { 16, "severe", -1 },
	};
	static const struct row ciwa4[] = {
		{ 8, "absent", -1 }, { 9, "mild", -1 }, { 15, "mild", -1 },
		{ 16, "moderate", -1 }, { 20, "moderate", -1 },
		{ 21, "severe", -1 },
	};
	static const struct row pcl31[] = {
		{ 30, "negative", 0 }, { 31, "positive", 1 },
	};
	struct answers a;
	int rv;

	ok(strcmp(screen_cutoffs(rules), "phq2:3,gad2:3,audit:who,"
	    "auditc:bradley,ciwa:asam2020,pcl5:33") == 0, "default cutoffs");
	rv = apply("instruments: {audit: {cutoffs: auditscreen}, "
	    "auditc: {cutoffs: va}, ciwa: {cutoffs: three-band}, "
	    "pcl5: {cutoffs: \"31\"}}\n");
	ok(rv == 0, "alternatives chosen");
	ok(strcmp(screen_cutoffs(rules), "phq2:3,gad2:3,audit:auditscreen,"
	    "auditc:va,ciwa:three-band,pcl5:31") == 0, "cutoffs name them");
	bands(I_AUDIT, 8, 4, screen, 4);	/* items 9-10 at 0 */
	clear(&a);
	set(&a, I_AUDIT, (const int[]){ 4, 4, 4, 4, 0, 0, 0, 0, 0, 0 }, 10);
	expect(I_AUDIT, &a, 16, "dependence", 1, "auditscreen: no zone rule");
	clear(&a);
	set(&a, I_AUDIT, (const int[]){ 4, 0, 0 }, 3);
	a.sex = SEX_MALE;
	expect(I_AUDITC, &a, 4, "negative", 0, "VA at 4");
	a.v[I_AUDIT][1] = 1;
	a.sex = SEX_FEMALE;
	expect(I_AUDITC, &a, 5, "positive", 1, "VA at 5 (women too)");
	bands(I_CIWA, 10, 7, ciwa3, 4);
	rv = apply("instruments: {ciwa: {cutoffs: four-band}}\n");
	ok(rv == 0, "CIWA-Ar four bands");
	bands(I_CIWA, 10, 7, ciwa4, 6);
	bands(I_PCL5, 20, 4, pcl31, 2);
}

/* Answers as typed: allowed values, yes/no words, part A days. */
static void
test_read(void)
{
	static const struct {
		const char *key, *val;
		int ok;
	} rows[] = {
		{ "phq9_3", "3", 1 }, { "phq9_3", "4", 0 },
		{ "phq9_3", "-1", 0 }, { "phq9_3", "03", 0 },
		{ "audit_9", "2", 1 }, { "audit_9", "1", 0 },
		{ "audit_9", "3", 0 }, { "cows_1", "4", 1 },
		{ "cows_1", "3", 0 }, { "cows_11", "3", 1 },
		{ "cows_11", "1", 0 }, { "ciwa_10", "5", 0 },
		{ "ciwa_9", "7", 1 }, { "dast10_1", "Yes", 1 },
		{ "dast10_1", "maybe", 0 }, { "cage_1", "TRUE", 1 },
		{ "crafft_a1", "365", 1 }, { "crafft_a1", "366", 0 },
		{ "cssrs_6b", "n", 1 },
	};
	struct rec r = REC_INIT;
	struct answers a;
	size_t i;
	int read;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		rec_clear(&r);
		r.loc.file = "t.csv";
		r.loc.line = 2;
		rec_add(&r, rows[i].key, rows[i].val, strlen(rows[i].val),
		    REC_TEXT);
		read = screen_read(&r, &a) == 0;
		ok(read == rows[i].ok, "%s=%s %s",
		    rows[i].key, rows[i].val, rows[i].ok ? "read" : "refused");
	}
	/* DAST-10 item 3 reversed: "no" is a point, "yes" none */
	rec_clear(&r);
	rec_add(&r, "dast10_3", "no", 2, REC_TEXT);
	rec_add(&r, "dast10_4", "no", 2, REC_TEXT);
	read = screen_read(&r, &a) == 0;
	ok(read && a.v[I_DAST10][2] == 1 &&
	    a.v[I_DAST10][3] == 0, "DAST-10 item 3 no = 1, item 4 no = 0");
	rec_free(&r);
}

/*
 * The columns whose values a writer need not look at: the answers and
 * the date, by their index in the record; not the client's id, age or
 * sex, nor a column iop-screen does not read.
 */
static void
test_plain_columns(void)
{
	static const char *const keys[] = { "client_id", "phq9_1", "note",
	    "date", "age", "crafft_a2", "cssrs_6b", "sex", "gad7_7" };
	struct rec r = REC_INIT;
	struct answers a;
	const size_t *plain;
	size_t i, n;
	unsigned seen = 0;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		rec_add(&r, keys[i], "", 0, REC_TEXT);
	ok(screen_read(&r, &a) == 0, "a record of empty fields is read");
	plain = screen_plain_columns(&n);
	for (i = 0; i < n; i++)
		seen |= 1u << plain[i];
	/* phq9_1 (1), date (3), crafft_a2 (5), cssrs_6b (6), gad7_7 (8) */
	ok(n == 5 && seen == (1u << 1 | 1u << 3 | 1u << 5 | 1u << 6 |
	    1u << 8), "plain columns: the answers and the date (%zu, %#x)",
	    n, seen);
	rec_free(&r);
}

/*
 * An instrument is scored when the record has any of its columns, even
 * only CRAFFT part A or C-SSRS 6b (no item): then it is not the score
 * of an instrument not asked at all.
 */
static void
test_asked(void)
{
	struct rec r = REC_INIT, out = REC_INIT;
	const char *v;

	/* 6b yes answers question 6 too: high risk, the rest incomplete */
	rec_add(&r, "cssrs_6b", "yes", 3, REC_TEXT);
	ok(screen_record(rules, &r, &out) >= 0 &&
	    (v = rec_get(&out, "safety")) != NULL && strcmp(v, "high") == 0 &&
	    (v = rec_get(&out, "cssrs_band")) != NULL &&
	    strcmp(v, "incomplete") == 0, "C-SSRS 6b alone: high, incomplete");
	/* part A all 0: only the Car question is asked, and not answered */
	rec_clear(&r);
	rec_clear(&out);
	rec_add(&r, "crafft_a1", "0", 1, REC_TEXT);
	rec_add(&r, "crafft_a2", "0", 1, REC_TEXT);
	rec_add(&r, "crafft_a3", "0", 1, REC_TEXT);
	ok(screen_record(rules, &r, &out) >= 0 &&
	    (v = rec_get(&out, "crafft_band")) != NULL &&
	    strcmp(v, "incomplete") == 0, "CRAFFT part A alone: incomplete");
	rec_free(&r);
	rec_free(&out);
}

/* sex: m, male, f, female in any case; anything else unknown */
static void
test_sex(void)
{
	static const struct { const char *v; int sex; } rows[] = {
		{ "m", SEX_MALE }, { "M", SEX_MALE }, { "Male", SEX_MALE },
		{ "MALE", SEX_MALE }, { "f", SEX_FEMALE }, { "F", SEX_FEMALE },
		{ "female", SEX_FEMALE }, { "FeMale", SEX_FEMALE },
		{ "mx", SEX_UNKNOWN }, { "males", SEX_UNKNOWN },
		{ "fe", SEX_UNKNOWN }, { "x", SEX_UNKNOWN },
		{ "", SEX_UNKNOWN }, { " m", SEX_UNKNOWN },
	};
	struct rec r = REC_INIT;
	struct answers a;
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		rec_clear(&r);
		rec_add(&r, "sex", rows[i].v, strlen(rows[i].v), REC_TEXT);
		ok(screen_read(&r, &a) == 0 && a.sex == rows[i].sex,
		    "sex '%s' read as %d", rows[i].v, rows[i].sex);
	}
	rec_free(&r);
}

/*
 * Screen a record of a PHQ-9 total p and a GAD-7 total g (-1: not
 * asked) under ru; does its reasons field hold want and want2 (or
 * NULL)?
 */
static int
reasons_have(struct screen_rules *ru, int p, int g, const char *want,
    const char *want2)
{
	static const char *const keys[16] = { "phq9_1", "phq9_2", "phq9_3",
	    "phq9_4", "phq9_5", "phq9_6", "phq9_7", "phq9_8", "phq9_9",
	    "gad7_1", "gad7_2", "gad7_3", "gad7_4", "gad7_5", "gad7_6",
	    "gad7_7" };
	static const char digit[4][2] = { "0", "1", "2", "3" };
	struct rec r = REC_INIT, out = REC_INIT;
	const char *v;
	int i, k, left, found;

	for (i = 0; i < 16; i++) {	/* items 1-8 first: item 9 last */
		if ((left = i < 9 ? p : g) < 0)
			continue;
		left -= 3 * (i < 9 ? i : i - 9);
		k = left < 0 ? 0 : left > 3 ? 3 : left;
		rec_add(&r, keys[i], digit[k], 1, REC_TEXT);
	}
	v = screen_record(ru, &r, &out) >= 0 ? rec_get(&out, "reasons") : NULL;
	found = v != NULL && strstr(v, want) != NULL &&
	    (want2 == NULL || strstr(v, want2) != NULL);
	if (!found)
		printf("#   want: %s%s%s\n#   got: %s\n", want, want2 ? "; " :
		    "", want2 ? want2 : "", v ? v : "(none)");
	rec_free(&r);
	rec_free(&out);
	return found;
}

/* PHQ-9 or GAD-7 total t's d3 reason under the built-in rules. */
static void
d3_reason(char *buf, size_t size, int phq9, int t)
{
	static const char *const pw[] = { "mild", "moderate",
	    "moderately severe", "severe" };
	static const char *const gw[] = { "mild", "moderate", "severe" };
	int b = phq9 ? (t >= 20 ? 3 : t >= 15 ? 2 : t >= 10 ? 1 : 0) :
	    (t >= 15 ? 2 : t >= 10 ? 1 : 0);
	int rating = b <= 1 ? 1 : b;	/* mild and moderate rate 1 */

	snprintf(buf, size, "d3-%s: %s %s (%s %d) rates dimension 3 at %d",
	    phq9 ? "phq9" : "gad7", phq9 ? pw[b] : gw[b],
	    phq9 ? "depression" : "anxiety", phq9 ? "PHQ-9" : "GAD-7", t,
	    rating);
}

/*
 * The reason a band gives a dimension is made once and copied after:
 * never the text of another total, instrument, or rule set's rating.
 * Every pair of totals from mild up, twice over.
 */
static void
test_rated_reasons(void)
{
	const char *text = "dimensions: {d3: {phq9: {mild: 2}}}\n";
	struct screen_rules *two = screen_rules_new();
	struct ynode *root = ydoc_parse("t2.yaml", text, strlen(text));
	char a[128], b[128];
	int pass, p, g, bad = 0;

	for (pass = 0; pass < 2; pass++)
		for (p = 5; p <= 27; p++)
			for (g = 5; g <= 21; g++) {
				d3_reason(a, sizeof a, 1, p);
				d3_reason(b, sizeof b, 0, g);
				bad += !reasons_have(rules, p, g, a, b);
			}
	ok(bad == 0, "PHQ-9 and GAD-7 d3 reasons, every pair of totals "
	    "twice (%d wrong)", bad);
	d3_reason(a, sizeof a, 1, 7);
	ok(reasons_have(rules, 7, -1, a, NULL), "PHQ-9 7: dimension 3 at 1");
	ok(root != NULL && screen_rules_apply(two, "t2.yaml", root) == 0 &&
	    reasons_have(two, 7, -1, "d3-phq9: mild depression (PHQ-9 7) "
	    "rates dimension 3 at 2", NULL),
	    "other rules, mild at 2: its rating");
	ok(reasons_have(rules, 7, -1, a, NULL), "the first rules again: at 1");
	screen_rules_free(two);
	ydoc_free(root);
}

int
main(void)
{
	/* the bad-answer checks print located messages; they are expected */
	diag_init("iop-test");
	diag_output(fopen("/dev/null", "w"));
	rules = screen_rules_new();
	test_phq();
	test_audit();
	test_yesno();
	test_withdrawal();
	test_crafft_pcl5();
	test_cssrs();
	test_read();
	test_plain_columns();
	test_asked();
	test_sex();
	test_rated_reasons();
	test_rules();
	screen_rules_free(rules);
	while (ntrees > 0)
		ydoc_free(trees[--ntrees]);
	return tap_done();
}
