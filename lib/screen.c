/*
 * screen.c: the screening instruments and their scoring (see screen.h
 * and shared/domain.md section 3).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "diag.h"
#include "opt.h"
#include "screen_model.h"
#include "screen_read.h"
#include "xalloc.h"

/* An item's allowed values as a bit mask (bit v: value v allowed). */
#define R03	0x0f
#define R04	0x1f
#define R07	0xff
#define YN	0x100		/* yes/no: yes 1, no 0 */
#define YNREV	0x300		/* yes/no, reversed: no 1 (DAST-10 item 3) */

#define N(p) p "1", p "2", p "3", p "4", p "5", p "6", p "7", p "8", p "9"
#define N1x(p) p "10", p "11", p "12", p "13", p "14", p "15", p "16", \
	p "17", p "18", p "19", p "20"

static const char *const phq9[] = { N("phq9_") };
static const char *const gad7[] = { N("gad7_") };
static const char *const audit[] = { N("audit_"), N1x("audit_") };
static const char *const dast10[] = { N("dast10_"), N1x("dast10_") };
static const char *const cage[] = { N("cage_") };
static const char *const ciwa[] = { N("ciwa_"), N1x("ciwa_") };
static const char *const cows[] = { N("cows_"), N1x("cows_") };
static const char *const crafft[] = { N("crafft_") };
static const char *const pcl5[] = { N("pcl5_"), N1x("pcl5_") };
static const char *const cssrs[] = { N("cssrs_") };
static const char *const crafft_a[] = { "crafft_a1", "crafft_a2",
	"crafft_a3" };

static const struct instrument {
	const char	*key, *title, *topic;
	int		 n;
	const char	*const *names;
	unsigned	 mask[SCREEN_MAXITEMS];
} instr[NINSTR] = {
	{ "phq9", "PHQ-9", "depression", 9, phq9,
	    { R03, R03, R03, R03, R03, R03, R03, R03, R03 } },
	{ "phq2", "PHQ-2", "depression", 0, NULL, { 0 } },
	{ "gad7", "GAD-7", "anxiety", 7, gad7,
	    { R03, R03, R03, R03, R03, R03, R03 } },
	{ "gad2", "GAD-2", "anxiety", 0, NULL, { 0 } },
	{ "audit", "AUDIT", "alcohol use", 10, audit,
	    { R04, R04, R04, R04, R04, R04, R04, R04, 0x15, 0x15 } },
	{ "auditc", "AUDIT-C", "alcohol use", 0, NULL, { 0 } },
	{ "dast10", "DAST-10", "drug use", 10, dast10,
	    { YN, YN, YNREV, YN, YN, YN, YN, YN, YN, YN } },
	{ "cage", "CAGE", "alcohol problems", 4, cage, { YN, YN, YN, YN } },
	{ "ciwa", "CIWA-Ar", "alcohol withdrawal", 10, ciwa,
	    { R07, R07, R07, R07, R07, R07, R07, R07, R07, R04 } },
	/* pulse, sweating, restlessness, pupils, aches, runny nose, GI
	 * upset, tremor, yawning, anxiety, gooseflesh (Wesson & Ling) */
	{ "cows", "COWS", "opioid withdrawal", 11, cows,
	    { 0x17, R04, 0x2b, 0x27, 0x17, 0x17, 0x2f, 0x17, 0x17, 0x17,
	    0x29 } },
	{ "crafft", "CRAFFT", "adolescent substance use", 6, crafft,
	    { YN, YN, YN, YN, YN, YN } },
	{ "pcl5", "PCL-5", "PTSD symptoms", 20, pcl5,
	    { R04, R04, R04, R04, R04, R04, R04, R04, R04, R04, R04, R04,
	    R04, R04, R04, R04, R04, R04, R04, R04 } },
	{ "cssrs", "C-SSRS", "suicide risk", 6, cssrs,
	    { YN, YN, YN, YN, YN, YN } },
};

const char *
screen_key(int i)
{
	return instr[i].key;
}

const char *
screen_title(int i)
{
	return instr[i].title;
}

const char *
screen_topic(int i)
{
	return instr[i].topic;
}

int
screen_nitems(int i)
{
	return instr[i].n;
}

static const char *const fieldnames[] = { "medically_unstable",
	"recent_inpatient", "living_environment", "positive_screens" };

const char *
screen_source_name(int what)
{
	return what < NINSTR ? screen_key(what) : fieldnames[what - NINSTR];
}

const char *
screen_risk_name(int risk)
{
	static const char *const names[] = { "none", "low", "moderate",
	    "high" };

	return names[risk];
}

/* --- the columns read and written, resolved once per header --- */

const char *const screen_field_names[] = {
	"phq9_total", "phq9_band", "phq9_positive", "phq9_prorated",
	"phq2_total", "phq2_band", "phq2_positive",
	"gad7_total", "gad7_band", "gad7_positive",
	"gad2_total", "gad2_band", "gad2_positive",
	"audit_total", "audit_band", "audit_positive",
	"auditc_total", "auditc_band", "auditc_positive",
	"dast10_total", "dast10_band", "dast10_positive",
	"cage_total", "cage_band", "cage_positive",
	"ciwa_total", "ciwa_band", "ciwa_positive",
	"cows_total", "cows_band", "cows_positive",
	"crafft_total", "crafft_band", "crafft_positive", "crafft_car",
	"pcl5_total", "pcl5_band", "pcl5_positive", "pcl5_dsm5",
	"cssrs_band",
	"safety", "review", "age_group",
	"d1", "d2", "d3", "d4", "d5", "d6",
	"level", "asam_level", "wm_level", "reasons", "cutoffs", "notice",
};

_Static_assert(sizeof screen_field_names / sizeof screen_field_names[0] ==
    SCREEN_NFIELDS, "SCREEN_NFIELDS is the fields");

const char *const *
screen_fields(size_t *n)
{
	*n = SCREEN_NFIELDS;
	return screen_field_names;
}


/* Fields iop-screen reads besides the items, in the order of P_*. */
static const char *const plain_fields[] = { "client_id", "date", "age",
	"sex", "medically_unstable", "recent_inpatient", "living_environment",
	"d1", "d2", "d3", "d4", "d5", "d6" };
#define NPLAIN_FIELDS	(sizeof plain_fields / sizeof plain_fields[0])

/*
 * Every name screen_read() and screen_record() look up: the items, the
 * CRAFFT part A and C-SSRS 6b answers, the plain fields, then the
 * output fields (does the input have one already?).  A record's fields
 * are looked up by index, not by name: thousands of lookups a record.
 */
static const char **colnames;
static struct colmap cols;
static size_t item0[NINSTR], crafft_a0, cssrs_6b_col, plain0, out0;

/*
 * The items the header has, in instrument and item order: an intake
 * answers two instruments of ten, and the other items' columns need
 * not be looked at in every record.
 */
static struct {
	int	 instr, item;
} asked[NINSTR * SCREEN_MAXITEMS];
static size_t nasked;

/* The columns screen_plain_columns() names. */
static size_t plain[NINSTR * SCREEN_MAXITEMS + 5], nplain;

/* screen_asked() */
static int instr_asked[NINSTR];

static void
list_asked(void)
{
	size_t k;
	int i, j;

	nasked = nplain = 0;
	for (i = 0; i < NINSTR; i++) {
		instr_asked[i] = 0;
		for (j = 0; j < instr[i].n; j++)
			if (cols.idx[item0[i] + (size_t)j] >= 0) {
				asked[nasked].instr = i;
				asked[nasked++].item = j;
				instr_asked[i] = 1;
			}
	}
	instr_asked[I_PHQ2] = instr_asked[I_PHQ9];
	instr_asked[I_GAD2] = instr_asked[I_GAD7];
	instr_asked[I_AUDITC] = instr_asked[I_AUDIT];
	for (j = 0; j < 3; j++)
		if (cols.idx[crafft_a0 + (size_t)j] >= 0)
			instr_asked[I_CRAFFT] = 1;
	if (cols.idx[cssrs_6b_col] >= 0)
		instr_asked[I_CSSRS] = 1;
	for (k = 0; k < plain0; k++)	/* items, CRAFFT part A, 6b */
		if (cols.idx[k] >= 0)
			plain[nplain++] = (size_t)cols.idx[k];
	if (cols.idx[plain0 + P_DATE] >= 0)
		plain[nplain++] = (size_t)cols.idx[plain0 + P_DATE];
}

int
screen_asked(int i)
{
	return instr_asked[i];
}

const size_t *
screen_plain_columns(size_t *n)
{
	*n = nplain;
	return plain;
}

static void
bind_columns(const struct rec *r)
{
	const char *const *out;
	size_t n = 0, k, nout;
	int i, j;

	if (r->hdr != NULL && r->hdr->gen == cols.gen && colnames != NULL)
		return;
	if (colnames == NULL) {
		out = screen_fields(&nout);
		colnames = xcalloc(NINSTR * SCREEN_MAXITEMS + 4 +
		    NPLAIN_FIELDS + nout, sizeof *colnames);
		for (i = 0; i < NINSTR; i++)
			for (item0[i] = n, j = 0; j < instr[i].n; j++)
				colnames[n++] = instr[i].names[j];
		for (crafft_a0 = n, j = 0; j < 3; j++)
			colnames[n++] = crafft_a[j];
		cssrs_6b_col = n;
		colnames[n++] = "cssrs_6b";
		for (plain0 = n, k = 0; k < NPLAIN_FIELDS; k++)
			colnames[n++] = plain_fields[k];
		for (out0 = n, k = 0; k < nout; k++)
			colnames[n++] = out[k];
		colmap_init(&cols, colnames, n);
	}
	colmap_bind(&cols, r);
	list_asked();
}

const char *
screen_plain(const struct rec *r, int p)
{
	return colmap_get(&cols, r, plain0 + (size_t)p);
}

int
screen_input_has(const struct rec *r, size_t k)
{
	return cols.idx[out0 + k] >= 0 && (size_t)cols.idx[out0 + k] < r->n;
}

/* "0-3", or "0, 1, 2 or 4" for a non-linear item. */
static void
allowed_text(unsigned mask, char *buf, size_t size)
{
	int v, last = -1, lo = -1, gaps = 0, n = 0;
	size_t len = 0;

	for (v = 0; v < 8; v++)
		if (mask & (1u << v)) {
			if (last >= 0 && v != last + 1)
				gaps = 1;
			if (lo < 0)
				lo = v;
			last = v;
		}
	if (!gaps) {
		snprintf(buf, size, "%d-%d", lo, last);
		return;
	}
	for (v = 0; v < 8 && len < size; v++)
		if (mask & (1u << v))
			len += snprintf(buf + len, size - len, "%s%d",
			    n++ == 0 ? "" : v == last ? " or " : ", ", v);
}

/* yes/no, y/n, 1/0, true/false in any case: 1, 0, or -1 (opt.h). */
int
screen_yesno(const char *s)
{
	return num_yesno(s);
}

static void
bad_field(const struct rec *r, const char *name, const char *what)
{
	diag_warnx(&r->loc, "field '%s' %s", name, what);
}

/* One answer: -1 if absent or empty, -2 if invalid (printed). */
static int
answer(const struct rec *r, size_t col, const char *name, unsigned mask)
{
	const char *s = colmap_get(&cols, r, col);
	char allowed[40];
	int v;

	if (*s == '\0')
		return -1;
	if (mask & YN) {
		if ((v = screen_yesno(s)) == -1) {
			bad_field(r, name, "is not an answer (yes or no)");
			return -2;
		}
		return (mask & YNREV) == YNREV ? !v : v;
	}
	if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0' &&
	    (mask & (1u << (s[0] - '0'))))
		return s[0] - '0';
	allowed_text(mask, allowed, sizeof allowed);
	diag_warnx(&r->loc, "field '%s' is not an answer (%s)", name, allowed);
	return -2;
}

/* CRAFFT part A: days of use in the past 12 months, 0-365. */
static int
days(const struct rec *r, size_t col, const char *name)
{
	const char *s = colmap_get(&cols, r, col);
	int v = 0;

	if (*s == '\0')
		return -1;
	if (strlen(s) > 3 || strspn(s, "0123456789") != strlen(s) ||
	    (v = atoi(s)) > 365) {
		bad_field(r, name, "is not a number of days (0-365)");
		return -2;
	}
	return v;
}

static int
read_sex(const struct rec *r)
{
	const char *s = screen_plain(r, P_SEX);

	switch (s[0]) {		/* the first letter, before any call */
	case 'M':
	case 'm':
		if (s[1] == '\0' || strcasecmp(s, "male") == 0)
			return SEX_MALE;
		break;
	case 'F':
	case 'f':
		if (s[1] == '\0' || strcasecmp(s, "female") == 0)
			return SEX_FEMALE;
		break;
	}
	return SEX_UNKNOWN;
}

/* --- column names --- */


/*
 * Names an item may be written under once folded, and the instrument
 * whose items they are: the short forms are items of the long ones.
 * Longest first, so that "auditc" is tried before "audit".
 */
static const struct {
	const char	*prefix;
	int		 instr;
} item_prefixes[] = {
	{ "dast10", I_DAST10 }, { "auditc", I_AUDIT }, { "crafft", I_CRAFFT },
	{ "ciwaar", I_CIWA }, { "audit", I_AUDIT }, { "cssrs", I_CSSRS },
	{ "phq9", I_PHQ9 }, { "phq2", I_PHQ9 }, { "gad7", I_GAD7 },
	{ "gad2", I_GAD7 }, { "pcl5", I_PCL5 }, { "cage", I_CAGE },
	{ "ciwa", I_CIWA }, { "cows", I_COWS },
};


/* Is name, exactly, a field iop-screen reads? */
static int
known_name(const char *name)
{
	size_t k;
	int i, j;

	for (k = 0; k < NPLAIN_FIELDS; k++)
		if (strcmp(name, plain_fields[k]) == 0)
			return 1;
	for (k = 0; k < 3; k++)
		if (strcmp(name, crafft_a[k]) == 0)
			return 1;
	if (strcmp(name, "cssrs_6b") == 0)
		return 1;
	for (i = 0; i < NINSTR; i++)
		for (j = 0; j < instr[i].n; j++)
			if (strcmp(name, instr[i].names[j]) == 0)
				return 1;
	return 0;
}

/* The message for folded name f, which stands for the field name. */
static void
resembles(char *msg, size_t size, const char *f, const char *name)
{
	char g[64];

	name_fold(name, g, sizeof g);
	if (strcmp(f, g) == 0)
		snprintf(msg, size, "it differs from '%s' only in case, "
		    "spaces, '-' or '_'", name);
	else
		snprintf(msg, size, "it looks like '%s'", name);
}

/*
 * A folded name that reads as an item: the instrument's prefix, an
 * optional "item" or "q", then the item's number (CRAFFT part A: "a"
 * and 1-3; C-SSRS 6b: "6b").  Writes the item's real name, or the
 * instrument's range when it has no such item; 0 if not an item.
 */
static int
item_like(const char *f, char *msg, size_t size)
{
	const char *p;
	size_t k, len;
	int i, num, part_a, b;

	for (k = 0; k < sizeof item_prefixes / sizeof item_prefixes[0]; k++) {
		len = strlen(item_prefixes[k].prefix);
		if (strncmp(f, item_prefixes[k].prefix, len) != 0)
			continue;
		i = item_prefixes[k].instr;
		p = f + len;
		if (strncmp(p, "item", 4) == 0)
			p += 4;
		else if (*p == 'q')
			p++;
		if ((part_a = i == I_CRAFFT && *p == 'a'))
			p++;
		if (*p < '0' || *p > '9' || strspn(p, "0123456789") > 3)
			continue;
		num = atoi(p);
		p += strspn(p, "0123456789");
		if ((b = i == I_CSSRS && *p == 'b'))
			p++;
		if (*p != '\0')
			continue;
		if (part_a && num >= 1 && num <= 3)
			resembles(msg, size, f, crafft_a[num - 1]);
		else if (b && num == 6)
			resembles(msg, size, f, "cssrs_6b");
		else if (!part_a && !b && num >= 1 && num <= instr[i].n)
			resembles(msg, size, f, instr[i].names[num - 1]);
		else if (part_a)
			snprintf(msg, size, "it looks like a CRAFFT part A "
			    "answer, but part A has crafft_a1 to crafft_a3");
		else
			snprintf(msg, size, "it looks like an item of the %s, "
			    "but the %s has items %s to %s%s", screen_title(i),
			    screen_title(i), instr[i].names[0],
			    instr[i].names[instr[i].n - 1], i == I_CSSRS ?
			    " and cssrs_6b" : "");
		return 1;
	}
	return 0;
}

/* 1 and a message if name is a known field misspelt; 0 otherwise. */
static int
misnamed(const char *name, char *msg, size_t size)
{
	char f[64], g[64];
	size_t k;

	if (known_name(name))
		return 0;
	name_fold(name, f, sizeof f);
	for (k = 0; k < NPLAIN_FIELDS; k++) {
		name_fold(plain_fields[k], g, sizeof g);
		if (strcmp(f, g) == 0) {
			resembles(msg, size, f, plain_fields[k]);
			return 1;
		}
	}
	return item_like(f, msg, size);
}

size_t
screen_check_names(const struct hdr *h, const struct loc *loc, int yaml)
{
	char msg[160];
	size_t i, bad = 0;

	for (i = 0; i < h->n; i++)
		if (misnamed(h->keys[i], msg, sizeof msg)) {
			diag_warnx(loc, "%s %zu would not be read: %s; rename "
			    "it", yaml ? "key" : "column", i + 1, msg);
			bad++;
		}
	return bad;
}

/* A date, when given, must be a day of the calendar in every mode. */
static int
read_date(const struct rec *r)
{
	const char *s = screen_plain(r, P_DATE);
	long day;

	if (*s == '\0' || date_parse(s, &day) == 0)
		return 0;
	bad_field(r, "date", "is not a date (YYYY-MM-DD)");
	return -1;
}

int
screen_read(const struct rec *r, struct answers *a)
{
	const char *s;
	size_t k;
	int i, j;

	bind_columns(r);
	memset(a->v, 0xff, sizeof a->v);	/* every item -1 */
	for (k = 0; k < nasked; k++) {
		i = asked[k].instr;
		j = asked[k].item;
		s = colmap_get(&cols, r, item0[i] + (size_t)j);
		/* the usual answer, a digit the item allows, without a call */
		if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0' &&
		    (instr[i].mask[j] & (1u << (s[0] - '0'))))
			a->v[i][j] = s[0] - '0';
		else if ((a->v[i][j] = answer(r, item0[i] + (size_t)j,
		    instr[i].names[j], instr[i].mask[j])) == -2)
			return -1;
	}
	for (j = 0; j < 3; j++)
		if ((a->crafft_a[j] = days(r, crafft_a0 + (size_t)j,
		    crafft_a[j])) == -2)
			return -1;
	if ((a->cssrs_6b = answer(r, cssrs_6b_col, "cssrs_6b", YN)) == -2)
		return -1;
	if (a->v[I_CSSRS][5] == 0 && a->cssrs_6b == 1) {
		diag_warnx(&r->loc, "fields 'cssrs_6' and 'cssrs_6b' "
		    "contradict each other (no suicidal behaviour ever, yet "
		    "some in the past 3 months)");
		return -1;
	}
	if (read_date(r) == -1)
		return -1;
	a->sex = read_sex(r);
	return 0;
}

/* Sum of items first..first+n-1; the number answered in *answered. */
static int
sum(const int *v, int first, int n, int *answered)
{
	int i, t = 0;

	*answered = 0;
	for (i = first; i < first + n; i++)
		if (v[i] >= 0) {
			t += v[i];
			(*answered)++;
		}
	return t;
}

/* The band and positive flag of total under the chosen cut-offs. */
static void
band(const struct cutset *cs, int sex, struct score *s)
{
	int cut = cs->positive;
	size_t i;

	if (cs->positive_female >= 0 && sex != SEX_MALE &&
	    (sex == SEX_FEMALE || cs->positive_female < cut))
		cut = cs->positive_female;	/* unknown sex: the lower */
	s->positive = cut >= 0 ? s->total >= cut : -1;
	if (cs->nbands == 0) {
		s->band = s->positive == 1 ? "positive" : "negative";
		return;
	}
	for (i = cs->nbands; i-- > 1;)
		if (s->total >= cs->from[i])
			break;
	s->band = cs->band[i];
}

/* WHO AUDIT manual: up one zone if Q4-6 >= 2 or Q9/Q10 = 4. */
static void
raise_zone(const struct cutset *cs, const int *v, struct score *s)
{
	int why = 0;
	size_t i;

	if (v[3] >= 2 || v[4] >= 2 || v[5] >= 2)
		why |= RAISED_ITEMS_4_6;
	if (v[8] == 4 || v[9] == 4)
		why |= RAISED_ITEMS_9_10;
	if (why == 0)
		return;
	for (i = 0; i + 1 < cs->nbands; i++)
		if (strcmp(s->band, cs->band[i]) == 0) {
			s->band = cs->band[i + 1];
			s->raised = why;
			return;
		}
}

/* PCL-5 provisional DSM-5 diagnosis: items >= 2 in B1, C1, D2, E2. */
static int
pcl5_dsm5(const int *v)
{
	static const int from[] = { 0, 5, 7, 14 }, to[] = { 5, 7, 14, 20 };
	static const int need[] = { 1, 1, 2, 2 };
	int c, i, k;

	for (c = 0; c < 4; c++) {
		for (k = 0, i = from[c]; i < to[c]; i++)
			k += v[i] >= 2;
		if (k < need[c])
			return 0;
	}
	return 1;
}

/*
 * Columbia triage: the highest risk any answer reaches.  A yes to 6b
 * (behaviour in the past 3 months) answers question 6 too.
 */
static void
cssrs_score(const struct answers *a, struct score *s)
{
	const int *v = a->v[I_CSSRS];
	int q6 = v[5] >= 0 ? v[5] : a->cssrs_6b == 1 ? 1 : -1;
	int miss = v[0] < 0 || v[1] < 0 || q6 < 0 ||
	    (v[1] == 1 && (v[2] < 0 || v[3] < 0 || v[4] < 0)) ||
	    (q6 == 1 && a->cssrs_6b < 0);

	s->scored = v[0] >= 0 || v[1] >= 0 || v[2] >= 0 || v[3] >= 0 ||
	    v[4] >= 0 || v[5] >= 0 || a->cssrs_6b >= 0;
	s->risk = RISK_NONE;
	if (v[0] == 1 || v[1] == 1)
		s->risk = RISK_LOW;
	if (v[2] == 1 || q6 == 1)
		s->risk = RISK_MODERATE;
	if (v[3] == 1 || v[4] == 1 || a->cssrs_6b == 1)
		s->risk = RISK_HIGH;
	s->ask_when = q6 == 1 && a->cssrs_6b < 0;
	s->band = miss ? "incomplete" : screen_risk_name(s->risk);
}

/* CRAFFT 2.1: all of part A 0 means only CAR (item 1) was asked. */
static int
crafft_needed(const struct answers *a)
{
	return a->crafft_a[0] == 0 && a->crafft_a[1] == 0 &&
	    a->crafft_a[2] == 0 ? 1 : 6;
}

void
screen_score(const struct screen_rules *rules, int i,
    const struct answers *a, struct score *s)
{
	const int *v = a->v[i];
	int base = i, first = 0, n = instr[i].n, got, need, t, j;

	memset(s, 0, sizeof *s);
	s->positive = -1;
	s->total = -1;
	if (i == I_CSSRS) {
		cssrs_score(a, s);
		return;
	}
	if (i == I_PHQ2 || i == I_GAD2 || i == I_AUDITC) {
		base = i - 1;
		n = i == I_AUDITC ? 3 : 2;
		v = a->v[base];
	}
	need = i == I_CRAFFT ? crafft_needed(a) : n;
	t = sum(v, first, need, &got);
	if (i == I_CRAFFT) {
		s->flag = v[0] == 1;
		for (j = need; j < n; j++)	/* given, but not asked */
			s->unscored |= v[j] >= 0;
	}
	s->scored = got > 0 || s->unscored || (i == I_CRAFFT &&
	    (a->crafft_a[0] >= 0 || a->crafft_a[1] >= 0 ||
	    a->crafft_a[2] >= 0));
	if (i == I_PHQ9 && v[8] > 0)
		s->risk = rules->safety_item9;
	if (!s->scored)
		return;
	if (i == I_PHQ9 && v[8] < 0)	/* beyond the PHQ-2, but not item 9 */
		s->unasked = v[2] >= 0 || v[3] >= 0 || v[4] >= 0 ||
		    v[5] >= 0 || v[6] >= 0 || v[7] >= 0;
	if (got == need)
		s->total = t;
	else if (i == I_PHQ9 && got >= n - 2) {
		/* NHS: the mean of the answered items, total half up */
		s->total = (2 * t * n + got) / (2 * got);
		s->prorated = 1;
	} else {
		s->band = "incomplete";
		s->partial = t;
		return;
	}
	band(screen_set(rules, i), a->sex, s);
	if (i == I_AUDIT && screen_set(rules, i)->raise_zone)
		raise_zone(screen_set(rules, i), v, s);
	if (i == I_PCL5)
		s->flag = pcl5_dsm5(v);
}
