/*
 * screen_place.c: safety flags, dimension ratings, the level of care
 * and the reasons for it (see screen.h, shared/domain.md 1.5).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "levels.h"
#include "num.h"
#include "screen_impl.h"

static const struct {
	const char	*code, *what;
	int		 level, rank;
} codes[] = {
	{ "1", "outpatient", LEVEL_OP, 10 },
	{ "1-WM", "ambulatory withdrawal management", LEVEL_OP, 10 },
	{ "2-WM", "ambulatory withdrawal management with extended "
	    "on-site monitoring", LEVEL_IOP, 20 },
	{ "2.1", "intensive outpatient", LEVEL_IOP, 21 },
	{ "2.5", "partial hospitalization", LEVEL_PHP, 25 },
	{ "3.1", "clinically managed low-intensity residential",
	    LEVEL_RESIDENTIAL, 31 },
	{ "3.2-WM", "clinically managed residential withdrawal management",
	    LEVEL_RESIDENTIAL, 32 },
	{ "3.3", "clinically managed population-specific residential",
	    LEVEL_RESIDENTIAL, 33 },
	{ "3.5", "clinically managed high-intensity residential",
	    LEVEL_RESIDENTIAL, 35 },
	{ "3.7", "medically monitored intensive inpatient",
	    LEVEL_RESIDENTIAL, 37 },
	{ "3.7-WM", "medically monitored inpatient withdrawal management",
	    LEVEL_RESIDENTIAL, 37 },
	{ "4", "medically managed intensive inpatient", LEVEL_INPATIENT, 40 },
	{ "4-WM", "medically managed intensive inpatient withdrawal "
	    "management", LEVEL_INPATIENT, 40 },
};
#define NCODES	(sizeof codes / sizeof codes[0])

static int
code_index(const char *code)
{
	size_t i;

	for (i = 0; i < NCODES; i++)
		if (strcmp(code, codes[i].code) == 0)
			return (int)i;
	return -1;
}

int
screen_code(const char *code, int *rank)
{
	int i = code_index(code);

	if (i == -1)
		return -1;
	*rank = codes[i].level * 100 + codes[i].rank;
	return codes[i].level;
}

static const char *const fields[] = {
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

const char *const *
screen_fields(size_t *n)
{
	*n = sizeof fields / sizeof fields[0];
	return fields;
}

#define NFIELDS	(sizeof fields / sizeof fields[0])

/* The fields after the instruments', from O_SAFETY on, in order. */
enum { O_SAFETY = 40, O_REVIEW, O_AGE_GROUP, O_D1, O_LEVEL = O_D1 + NDIMS,
	O_ASAM_LEVEL, O_WM_LEVEL, O_REASONS, O_CUTOFFS, O_NOTICE };

/* An instrument's fields: _total, then _band, _positive and one more
 * (phq9_prorated, crafft_car, pcl5_dsm5); the C-SSRS has _band only. */
enum { K_TOTAL, K_BAND, K_POSITIVE, K_EXTRA };

static size_t
field_index(int i, int what)
{
	static size_t first[NINSTR];
	char want[32];
	size_t k;

	if (first[i] == 0) {
		snprintf(want, sizeof want, "%s_%s", screen_key(i),
		    i == I_CSSRS ? "band" : "total");
		for (k = 0; k < NFIELDS; k++)
			if (strcmp(fields[k], want) == 0)
				break;
		first[i] = k + 1;
	}
	return first[i] - 1 + (size_t)(i == I_CSSRS ? 0 : what);
}

static const char *
dim_key(int d)
{
	return fields[O_D1 + d];
}

struct state {
	const struct screen_rules *rules;
	const struct rec *in;
	const struct answers *a;
	struct score	 s[NINSTR];
	int		 rating[NDIMS];
	int		 incomplete;	/* something to ask before acting */
	struct buf	 head;		/* safety and review reasons */
	struct buf	 body;		/* the rest */
	struct buf	*to;		/* where reason() writes */
	struct buf	 what;		/* finding()'s text */
};

static void
reason(struct state *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * fmt with its %s and %d, the only conversions a reason has (the
 * compiler checks them as printf's): vsnprintf() took a quarter of
 * the instructions of screening a record.
 */
static void
format(struct buf *b, const char *fmt, va_list ap)
{
	const char *pct;
	char num[32];

	while ((pct = strchr(fmt, '%')) != NULL) {
		buf_add(b, fmt, (size_t)(pct - fmt));
		if (pct[1] == 's')
			buf_adds(b, va_arg(ap, const char *));
		else if (pct[1] == 'd')
			buf_add(b, num, opt_fmt_long(va_arg(ap, int), num));
		else
			diag_fatal("reason: a conversion other than %%s, %%d");
		fmt = pct + 2;
	}
	buf_adds(b, fmt);
}

static void
reason(struct state *st, const char *fmt, ...)
{
	va_list ap;

	if (st->to->len > 0)
		buf_adds(st->to, "; ");
	va_start(ap, fmt);
	format(st->to, fmt, ap);
	va_end(ap);
}

/*
 * Add output field k: appended, or in its place when the input has a
 * field of that name (a clinician's d3, or a screening read again).
 */
static void
put(const struct state *st, struct rec *out, size_t k, const char *val,
    int type)
{
	if (screen_input_has(st->in, k))
		rec_set(out, fields[k], val, type);
	else
		rec_add(out, fields[k], val, strlen(val), type);
}

static void
put_num(const struct state *st, struct rec *out, size_t k, int v)
{
	char num[32];

	opt_fmt_long(v, num);
	put(st, out, k, num, REC_NUM);
}

static void
yesno(const struct state *st, struct rec *out, size_t k, int v)
{
	put(st, out, k, v ? "yes" : "no", REC_PLAIN);
}

static void
add_scores(const struct state *st, struct rec *out)
{
	const struct score *s;
	int i;

	for (i = 0; i < NINSTR; i++) {
		s = &st->s[i];
		if (!s->scored)
			continue;
		if (i == I_CSSRS) {
			put(st, out, field_index(i, K_BAND), s->band, REC_PLAIN);
			continue;
		}
		if (s->total >= 0)
			put_num(st, out, field_index(i, K_TOTAL), s->total);
		put(st, out, field_index(i, K_BAND), s->band, REC_TEXT);
		if (s->total >= 0 && s->positive >= 0)
			yesno(st, out, field_index(i, K_POSITIVE), s->positive);
		if (s->total >= 0 && (i == I_PHQ9 || i == I_CRAFFT ||
		    i == I_PCL5))
			yesno(st, out, field_index(i, K_EXTRA), i == I_PHQ9 ?
			    s->prorated : s->flag);
	}
}

/* Words of a band: "moderately_severe" -> "moderately severe". */
static const char *
words(const char *band)
{
	static char buf[64];
	size_t i;

	for (i = 0; band[i] != '\0' && i + 1 < sizeof buf; i++)
		buf[i] = band[i] == '_' ? ' ' : band[i];
	buf[i] = '\0';
	return buf;
}

static void
what(struct state *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
what(struct state *st, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&st->what);
	va_start(ap, fmt);
	format(&st->what, fmt, ap);
	va_end(ap);
}

/* "severe alcohol withdrawal (CIWA-Ar 21)", in st->what until the
 * next call */
static const char *
finding(struct state *st, int i)
{
	const struct score *s = &st->s[i];

	if (i == I_CSSRS)
		what(st, "%s suicide risk (C-SSRS screener)",
		    screen_risk_name(s->risk));
	else if (strcmp(s->band, "positive") == 0 ||
	    strcmp(s->band, "negative") == 0)
		what(st, "%s %s screen (%s %d)", s->band, screen_topic(i),
		    screen_title(i), s->total);
	else
		what(st, "%s %s (%s %d)", words(s->band), screen_topic(i),
		    screen_title(i), s->total);
	return st->what.s;
}

/* The lowest total of the band named severe, or -1. */
static int
severe_from(const struct screen_rules *r, int i)
{
	const struct cutset *cs = screen_set(r, i);
	size_t b;

	for (b = 0; b < cs->nbands; b++)
		if (strcmp(cs->band[b], "severe") == 0)
			return cs->from[b];
	return -1;
}

/* CIWA-Ar and COWS: severe, or already severe with items missing. */
static int
withdrawal(struct state *st, int i)
{
	const struct score *s = &st->s[i];
	int from = severe_from(st->rules, i);

	if (s->total >= 0 && strcmp(s->band, "severe") == 0) {
		reason(st, "safety-%s: %s: urgent medical review",
		    screen_key(i), finding(st, i));
		return 1;
	}
	if (s->scored && s->total < 0 && from >= 0 && s->partial >= from) {
		reason(st, "safety-%s-partial: the %s items answered already "
		    "sum to %d, severe (from %d) whatever the rest: urgent "
		    "medical review, and complete the %s", screen_key(i),
		    screen_title(i), s->partial, from, screen_title(i));
		return 1;
	}
	return 0;
}

static void
cssrs_reasons(struct state *st)
{
	const struct score *c = &st->s[I_CSSRS];

	if (!c->scored)
		return;
	if (c->risk > RISK_NONE)
		reason(st, "safety-cssrs: %s suicide risk on the C-SSRS "
		    "screener%s", screen_risk_name(c->risk),
		    c->risk == RISK_HIGH ? ": immediate safety evaluation" :
		    "");
	if (c->ask_when)
		reason(st, "safety-cssrs-6b: C-SSRS question 6 (suicidal "
		    "behaviour) is yes and 6b is not answered: ask whether it "
		    "was in the past 3 months, which makes the risk high");
	else if (strcmp(c->band, "incomplete") == 0)
		reason(st, "safety-cssrs-incomplete: the C-SSRS screener is "
		    "incomplete: ask the questions not answered");
	if (strcmp(c->band, "incomplete") == 0)
		st->incomplete = 1;
}

/*
 * The highest risk found, or -1 when no safety question was answered
 * at all: then safety is not assessed, never "none".
 */
static int
safety(struct state *st)
{
	const struct screen_rules *r = st->rules;
	const struct score *s = st->s;
	int risk = RISK_NONE, i, asked, assessed;

	if (s[I_PHQ9].risk > RISK_NONE) {
		risk = s[I_PHQ9].risk;
		reason(st, "safety-phq9-9: PHQ-9 item 9 (thoughts of being "
		    "better off dead or of self-harm) is above 0: assess "
		    "suicide risk now, whatever the total");
	}
	if (s[I_PHQ9].unasked)
		reason(st, "safety-phq9-9-unanswered: PHQ-9 item 9 (thoughts "
		    "of being better off dead or of self-harm) was not "
		    "answered: ask it");
	cssrs_reasons(st);
	if (s[I_CSSRS].risk > risk)
		risk = s[I_CSSRS].risk;
	for (i = I_CIWA; i <= I_COWS; i++)
		if (withdrawal(st, i) && r->safety_withdrawal > risk)
			risk = r->safety_withdrawal;
	asked = st->a->v[I_PHQ9][8] >= 0 || s[I_CSSRS].scored;
	assessed = asked || s[I_CIWA].total >= 0 || s[I_COWS].total >= 0;
	if (!assessed) {
		reason(st, "safety-not-assessed: no safety question was "
		    "answered (PHQ-9 item 9, the C-SSRS screener, a complete "
		    "CIWA-Ar or COWS): ask them, since every client is "
		    "screened for suicide risk (Joint Commission "
		    "NPSG.15.01.01)");
		st->incomplete = 1;
	} else if (!asked && r->suicide_required) {
		reason(st, "safety-suicide-not-asked: neither PHQ-9 item 9 "
		    "nor the C-SSRS screener was answered: ask about suicide "
		    "risk (Joint Commission NPSG.15.01.01)");
		st->incomplete = 1;
	}
	return risk == RISK_NONE && !assessed ? -1 : risk;
}

/* Findings of single instruments that a clinician needs to act on. */
static void
notes(struct state *st)
{
	const struct score *s = st->s;
	static const int short_forms[] = { I_PHQ2, I_GAD2 };
	size_t k;
	int i;

	for (k = 0; k < 2; k++) {
		i = short_forms[k];
		if (s[i].total >= 0 && s[i].positive == 1 &&
		    s[i - 1].total < 0)
			reason(st, "%s-positive: positive %s (%d): complete "
			    "the %s", screen_key(i), screen_title(i),
			    s[i].total, screen_title(i - 1));
	}
	if (s[I_AUDIT].raised)
		reason(st, "audit-zone-raised: the AUDIT zone was raised one "
		    "zone (WHO manual) because %s", s[I_AUDIT].raised ==
		    RAISED_ITEMS_4_6 ? "item 4, 5 or 6 scored 2 or more" :
		    s[I_AUDIT].raised == RAISED_ITEMS_9_10 ? "item 9 or 10 "
		    "scored 4" : "item 4, 5 or 6 scored 2 or more and item 9 "
		    "or 10 scored 4");
	if (s[I_CRAFFT].unscored)
		reason(st, "crafft-off-protocol: every CRAFFT part A answer "
		    "is 0, so only the Car question is asked and scored, not "
		    "the other part B answers given");
	if (s[I_CRAFFT].flag)
		reason(st, "crafft-car: the CRAFFT Car question is yes: "
		    "counsel on riding with a driver who has been using, and "
		    "on driving after use");
}

/* The rating of key in src's map, or -1 if it has none. */
static int
lookup(const struct source *src, const char *key)
{
	size_t k;

	for (k = 0; k < src->n; k++)
		if (strcmp(key, src->key[k]) == 0)
			return src->rating[k];
	return -1;
}

/* The reason for a rating above 0. */
static int
rated(struct state *st, int d, const struct source *src, int rating,
    const char *what)
{
	reason(st, "d%d-%s: %s rates dimension %d at %d", d + 1,
	    screen_source_name(src->what), what, d + 1, rating);
	return rating;
}

/* How many of dimension d's instruments are positive: the highest
 * rating whose count is reached. */
static int
positive_screens(struct state *st, int d, const struct source *src)
{
	const struct screen_rules *r = st->rules;
	struct buf names = BUF_INIT;
	size_t k;
	int n = 0, best = -1, i;

	for (k = 0; k < r->ndim[d]; k++) {
		i = r->dim[d][k].what;
		if (i < NINSTR && st->s[i].total >= 0 &&
		    st->s[i].positive == 1) {
			buf_adds(&names, n++ ? ", " : "");
			buf_adds(&names, screen_title(i));
		}
	}
	for (k = 0; k < src->n; k++)
		if (atoi(src->key[k]) <= n && src->rating[k] > best)
			best = src->rating[k];
	if (best > 0) {
		what(st, "a positive screen on %d instruments (%s)", n,
		    names.s);
		rated(st, d, src, best, st->what.s);
	}
	buf_free(&names);
	return best;
}

/* A field's rating; -2 (printed) if its value is not one it takes. */
static int
field_rating(struct state *st, int d, const struct source *src)
{
	const char *name = screen_source_name(src->what);
	const char *v = screen_plain(st->in, src->what - F_MEDICALLY_UNSTABLE +
	    P_MEDICALLY_UNSTABLE);
	size_t k;
	int yn, x;

	if (*v == '\0')
		return -1;
	if (src->what == F_LIVING_ENVIRONMENT) {
		if ((x = lookup(src, v)) == -1) {
			struct buf b = BUF_INIT;

			for (k = 0; k < src->n; k++)
				buf_addf(&b, "%s%s", k ? ", " : "", src->key[k]);
			diag_warnx(&st->in->loc, "field '%s' is not one of %s",
			    name, b.s ? b.s : "(none)");
			buf_free(&b);
			return -2;
		}
		if (x > 0) {
			what(st, "%s living environment", v);
			rated(st, d, src, x, st->what.s);
		}
		return x;
	}
	if ((yn = screen_yesno(v)) == -1) {
		diag_warnx(&st->in->loc, "field '%s' is not yes or no", name);
		return -2;
	}
	if ((x = lookup(src, yn ? "yes" : "no")) > 0) {
		what(st, "%s%s", yn ? "" : "not ", src->what ==
		    F_MEDICALLY_UNSTABLE ? "medically unstable" :
		    "a recent inpatient stay");
		rated(st, d, src, x, st->what.s);
	}
	return x;
}

/* The rating a source gives, or -1; a bad field value is -2. */
static int
source_rating(struct state *st, int d, const struct source *src)
{
	const struct score *s;
	int x;

	if (src->what == F_POSITIVE_SCREENS)
		return positive_screens(st, d, src);
	if (src->what >= NINSTR)
		return field_rating(st, d, src);
	s = &st->s[src->what];
	if (!s->scored || (src->what != I_CSSRS && s->total < 0))
		return -1;
	x = lookup(src, src->what == I_CSSRS ? screen_risk_name(s->risk) :
	    s->band);
	if (x > 0)
		rated(st, d, src, x, finding(st, src->what));
	return x;
}

static int
dimensions(struct state *st)
{
	const struct screen_rules *r = st->rules;
	const char *v;
	size_t k;
	int d, x;
	long c;

	for (d = 0; d < NDIMS; d++) {
		st->rating[d] = 0;
		for (k = 0; k < r->ndim[d]; k++) {
			if ((x = source_rating(st, d, &r->dim[d][k])) == -2)
				return -1;
			if (x > st->rating[d])
				st->rating[d] = x;
		}
		if (*(v = screen_plain(st->in, P_D1 + d)) == '\0')
			continue;
		if (opt_num(v, 0, 4, &c) == -1) {
			diag_warnx(&st->in->loc, "field '%s' is not a rating "
			    "(0-4)", dim_key(d));
			return -1;
		}
		reason(st, "d%d-clinician: the clinician rated dimension %d "
		    "at %d%s", d + 1, d + 1, (int)c, c < st->rating[d] ?
		    " (screening rates it higher)" : "");
		if (c > st->rating[d])
			st->rating[d] = (int)c;
	}
	return 0;
}

/*
 * Is there anything to place on: an instrument scored in full, a
 * clinician's rating, or a field a dimension is rated from?  Without
 * it a level would be "outpatient" because nothing was looked at.
 */
static int
evidence(const struct state *st)
{
	int i;

	for (i = 0; i < NINSTR; i++)
		if (i == I_CSSRS ? st->s[i].scored &&
		    strcmp(st->s[i].band, "incomplete") != 0 :
		    st->s[i].total >= 0)
			return 1;
	for (i = P_MEDICALLY_UNSTABLE; i < P_D1 + NDIMS; i++)
		if (*screen_plain(st->in, i) != '\0')
			return 1;
	return 0;
}

/* Is instrument i scored in its band named moderate? */
static int
moderate(const struct state *st, int i)
{
	return st->s[i].total >= 0 && strcmp(st->s[i].band, "moderate") == 0;
}

/* The least intensive level that meets every dimension: its index
 * in codes[]. */
static int
placement(struct state *st)
{
	const struct screen_rules *r = st->rules;
	int d, best = 0, rank, brank = -1, twos = 0, c;

	for (d = 0; d < NDIMS; d++) {
		screen_code(r->place[d][st->rating[d]], &rank);
		if (rank > brank) {	/* ties: the first, d1's WM level */
			brank = rank;
			best = d;
		}
		twos += st->rating[d] == 2;
	}
	c = code_index(r->place[best][st->rating[best]]);
	if (twos >= r->several_twos) {
		int sc = code_index(r->several_twos_level);

		screen_code(r->several_twos_level, &rank);
		if (rank > brank) {
			reason(st, "place-several-twos: %d dimensions at 2 "
			    "need at least %s (%s)", twos, codes[sc].code,
			    codes[sc].what);
			c = sc;
			brank = rank;
			best = -1;
		}
	}
	if (codes[c].level == LEVEL_OP && best >= 0)
		reason(st, "place-op: no dimension above 1: %s (%s)",
		    codes[c].code, codes[c].what);
	else if (best >= 0)
		for (d = 0; d < NDIMS; d++) {
			screen_code(r->place[d][st->rating[d]], &rank);
			if (rank == brank)
				reason(st, "place-d%d: dimension %d at %d "
				    "needs %s (%s)", d + 1, d + 1,
				    st->rating[d], r->place[d][st->rating[d]],
				    codes[code_index(r->place[d]
				    [st->rating[d]])].what);
		}
	if (codes[c].level == LEVEL_OP && (moderate(st, I_PHQ9) ||
	    moderate(st, I_GAD7)))
		reason(st, "place-op-moderate: a moderate depression or "
		    "anxiety screen alone is an outpatient finding: a "
		    "treatment plan considering counselling, follow-up and/or "
		    "medication (PHQ-9 proposed actions, Kroenke and Spitzer "
		    "2002), and intensive outpatient needs more");
	return c;
}

/* "adult", "adolescent", or NULL without an age; -1 on a bad one. */
static int
age_group(struct state *st, const char **group)
{
	const char *v = screen_plain(st->in, P_AGE);
	long age;

	*group = NULL;
	if (*v == '\0')
		return 0;
	if (opt_num(v, 0, 120, &age) == -1) {
		diag_warnx(&st->in->loc, "field 'age' is not an age (0-120)");
		return -1;
	}
	*group = age < st->rules->adolescent_below ? "adolescent" : "adult";
	return 0;
}

/* Urgent on a safety finding or a dimension at the urgent rating;
 * incomplete when something is still to be asked. */
static int
review(struct state *st, int risk)
{
	int d, urgent = risk >= st->rules->urgent_from;

	for (d = 0; d < NDIMS; d++)
		if (st->rating[d] >= st->rules->urgent_rating) {
			reason(st, "review-d%d: dimension %d is rated %d "
			    "(imminent danger): urgent review", d + 1, d + 1,
			    st->rating[d]);
			urgent = 1;
		}
	if (urgent) {
		reason(st, "review-urgent: a clinician reviews this client "
		    "before any level of care is acted on");
		return REVIEW_URGENT;
	}
	if (st->incomplete) {
		reason(st, "review-incomplete: the screening is incomplete "
		    "(see the other reasons): complete it before a level of "
		    "care is acted on");
		return REVIEW_INCOMPLETE;
	}
	return REVIEW_ROUTINE;
}

/* The fields from safety on, in their order; c: the level's code in
 * codes[], or -1 for none. */
static void
put_results(struct state *st, struct rec *out, int risk, int rv,
    const char *group, int c)
{
	static const char *const review_names[] = { "routine", "incomplete",
	    "urgent" };
	const struct screen_rules *r = st->rules;
	int d, wm = c >= 0 && st->rating[0] > 0 &&
	    strstr(r->place[0][st->rating[0]], "-WM") != NULL;

	put(st, out, O_SAFETY, risk < 0 ? "not_assessed" :
	    screen_risk_name(risk), REC_PLAIN);
	put(st, out, O_REVIEW, review_names[rv], REC_PLAIN);
	if (group != NULL)
		put(st, out, O_AGE_GROUP, group, REC_PLAIN);
	for (d = 0; d < NDIMS; d++)
		if (c >= 0)
			put_num(st, out, O_D1 + (size_t)d, st->rating[d]);
		else
			put(st, out, O_D1 + (size_t)d, "", REC_PLAIN);
	put(st, out, O_LEVEL, c >= 0 ? level_name(codes[c].level) : "",
	    REC_PLAIN);
	put(st, out, O_ASAM_LEVEL, c >= 0 ? codes[c].code : "", REC_PLAIN);
	put(st, out, O_WM_LEVEL, wm ? r->place[0][st->rating[0]] : "",
	    REC_PLAIN);
	if (st->head.len > 0 && st->body.len > 0)
		buf_adds(&st->head, "; ");
	if (st->body.len > 0)
		buf_add(&st->head, st->body.s, st->body.len);
	put(st, out, O_REASONS, st->head.s ? st->head.s : "", REC_TEXT);
	put(st, out, O_CUTOFFS, screen_cutoffs(r), REC_TEXT);
	put(st, out, O_NOTICE, "screening aid, not a diagnosis; heuristic "
	    "level of care from the iop-screen rule set, not the ASAM "
	    "CONTINUUM algorithm; a clinician decides", REC_TEXT);
}

int
screen_record(const struct screen_rules *r, const struct rec *in,
    struct rec *out)
{
	struct state st;
	struct answers a;
	const char *group;
	int i, risk, rv = -1, c = -1;

	memset(&st, 0, sizeof st);
	st.rules = r;
	st.in = in;
	st.a = &a;
	if (screen_read(in, &a) == -1)
		return -1;
	for (i = 0; i < NINSTR; i++)
		screen_score(r, i, &a, &st.s[i]);
	add_scores(&st, out);
	st.to = &st.head;
	risk = safety(&st);
	st.to = &st.body;
	notes(&st);
	if (age_group(&st, &group) == -1 || dimensions(&st) == -1)
		goto done;
	if (evidence(&st))
		c = placement(&st);
	else {
		reason(&st, "insufficient-data: no instrument was answered "
		    "in full and no dimension rated, so there is no level of "
		    "care: complete the screening");
		st.incomplete = 1;
	}
	st.to = &st.head;
	rv = review(&st, risk);
	put_results(&st, out, risk, rv, group, c);
done:
	buf_free(&st.head);
	buf_free(&st.body);
	buf_free(&st.what);
	return rv;
}
