/*
 * screen_place.c: safety flags, dimension ratings, the level of care
 * and the reasons for it (see screen.h, shared/domain.md 1.5).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "levels.h"
#include "num.h"
#include "screen_model.h"
#include "screen_read.h"

/* The rank of an ASAM code, which orders codes by intensity. */
static int
code_rank(const struct asam_code *c)
{
	return c->level * 100 + c->rank;
}

/* The fields after the instruments', from O_SAFETY on, in order. */
enum { O_SAFETY = 40, O_REVIEW, O_AGE_GROUP, O_D1, O_LEVEL = O_D1 + NDIMS,
	O_ASAM_LEVEL, O_WM_LEVEL, O_REASONS, O_CUTOFFS, O_NOTICE };

/* An instrument's fields: _total, then _band, _positive and one more
 * (phq9_prorated, crafft_car, pcl5_dsm5); the C-SSRS has _band only. */
enum { K_TOTAL, K_BAND, K_POSITIVE, K_EXTRA };

static size_t first_field[NINSTR];	/* by find_first_fields() */

static void
find_first_fields(void)
{
	char want[32];
	size_t k;
	int i;

	for (i = 0; i < NINSTR; i++) {
		snprintf(want, sizeof want, "%s_%s", screen_key(i),
		    i == I_CSSRS ? "band" : "total");
		for (k = 0; k < SCREEN_NFIELDS; k++)
			if (strcmp(screen_field_names[k], want) == 0)
				break;
		first_field[i] = k;
	}
}

static size_t
field_index(int i, int what)
{
	return first_field[i] + (size_t)(i == I_CSSRS ? 0 : what);
}

static const char *
dim_key(int d)
{
	return screen_field_names[O_D1 + d];
}

struct state {
	const struct screen_rules *rules;
	const struct rec *in;
	const struct answers *a;
	struct screen_result *res;	/* head: safety and review reasons;
					 * body: the rest; what: finding()'s */
	struct score	 s[NINSTR];
	int		 rating[NDIMS];
	int		 incomplete;	/* something to ask before acting */
	struct buf	*to;		/* where reason() writes */
};

static void
reason(struct state *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* v as %d writes it, its length: 0 to 99 without a division loop. */
static size_t
fmt_int(int v, char num[32])
{
	if (v >= 0 && v < 10) {
		num[0] = (char)('0' + v);
		num[1] = '\0';
		return 1;
	}
	if (v >= 10 && v < 100) {
		num[0] = (char)('0' + v / 10);
		num[1] = (char)('0' + v % 10);
		num[2] = '\0';
		return 2;
	}
	return num_fmt_long(v, num);
}

#define MAXCONV	8

/*
 * A reason's format, split once at its conversions: the text before
 * each and which it is, %s or %d (the only ones a reason has; the
 * compiler checks them as printf's).  Found by the format's address:
 * each is a string literal of this file, which never changes.  A
 * record has some eight reasons and findings; vsnprintf() took a
 * quarter of the instructions of screening one, and finding each '%'
 * again a tenth.  One table for the process: not for threads.
 */
struct tmpl {
	const char	*fmt;
	int		 n;			/* conversions */
	const char	*lit[MAXCONV + 1];
	size_t		 len[MAXCONV + 1];
	char		 conv[MAXCONV];
};

#define NTMPLS	128			/* a power of 2, over the formats */

static const struct tmpl *
tmpl_of(const char *fmt)
{
	static struct tmpl tmpls[NTMPLS];
	size_t h = (size_t)(((uintptr_t)fmt * UINT64_C(0x9e3779b97f4a7c15))
	    >> 57) & (NTMPLS - 1), k;
	struct tmpl *t = NULL;
	const char *pct;

	for (k = 0; k < NTMPLS; k++, h = (h + 1) & (NTMPLS - 1)) {
		t = &tmpls[h];
		if (t->fmt == fmt)
			return t;
		if (t->fmt == NULL)
			break;
	}
	if (t->fmt != NULL)
		diag_fatal("reason: more than %d formats", NTMPLS);
	t->fmt = fmt;
	for (t->n = 0; (pct = strchr(fmt, '%')) != NULL; t->n++) {
		if (t->n == MAXCONV || (pct[1] != 's' && pct[1] != 'd'))
			diag_fatal("reason: a conversion other than %%s, %%d, "
			    "or more than %d", MAXCONV);
		t->lit[t->n] = fmt;
		t->len[t->n] = (size_t)(pct - fmt);
		t->conv[t->n] = pct[1];
		fmt = pct + 2;
	}
	t->lit[t->n] = fmt;
	t->len[t->n] = strlen(fmt);
	return t;
}

static void
format(struct buf *b, const char *fmt, va_list ap)
{
	const struct tmpl *t = tmpl_of(fmt);
	const char *s;
	char num[32];
	int k;

	for (k = 0; k < t->n; k++) {
		buf_add(b, t->lit[k], t->len[k]);
		if (t->conv[k] == 's') {
			s = va_arg(ap, const char *);
			buf_add(b, s, strlen(s));
		} else
			buf_add(b, num, fmt_int(va_arg(ap, int), num));
	}
	buf_add(b, t->lit[k], t->len[k]);
}

static void
reason(struct state *st, const char *fmt, ...)
{
	va_list ap;

	if (st->to->len > 0)
		buf_add(st->to, "; ", 2);
	va_start(ap, fmt);
	format(st->to, fmt, ap);
	va_end(ap);
}

/* Result field k is val, which lasts until the next record. */
static void
put(const struct state *st, size_t k, const char *val, int type)
{
	struct field *f = &st->res->f[k];

	f->key = screen_field_names[k];
	f->val = val;
	f->len = strlen(val);
	f->type = type;
}

static void
put_num(const struct state *st, size_t k, int v)
{
	struct field *f = &st->res->f[k];

	f->key = screen_field_names[k];
	f->val = st->res->num[k];
	f->len = fmt_int(v, st->res->num[k]);
	f->type = REC_NUM;
}

/* No field k: an empty value, for a writer of every column. */
#define NO_FIELD	{ NULL, "", 0, REC_PLAIN }
#define NO_FIELD4	NO_FIELD, NO_FIELD, NO_FIELD, NO_FIELD
#define NO_FIELD16	NO_FIELD4, NO_FIELD4, NO_FIELD4, NO_FIELD4
static const struct field no_fields[64] = { NO_FIELD16, NO_FIELD16,
	NO_FIELD16, NO_FIELD16 };
_Static_assert(SCREEN_NFIELDS <= 64, "no_fields covers the fields");

static void
yesno(const struct state *st, size_t k, int v)
{
	put(st, k, v ? "yes" : "no", REC_PLAIN);
}

static void
add_scores(const struct state *st)
{
	const struct score *s;
	int i;

	for (i = 0; i < NINSTR; i++) {
		s = &st->s[i];
		if (!s->scored)
			continue;
		if (i == I_CSSRS) {
			put(st, field_index(i, K_BAND), s->band, REC_PLAIN);
			continue;
		}
		if (s->total >= 0)
			put_num(st, field_index(i, K_TOTAL), s->total);
		put(st, field_index(i, K_BAND), s->band, REC_TEXT);
		if (s->total >= 0 && s->positive >= 0)
			yesno(st, field_index(i, K_POSITIVE), s->positive);
		if (s->total >= 0 && (i == I_PHQ9 || i == I_CRAFFT ||
		    i == I_PCL5))
			yesno(st, field_index(i, K_EXTRA), i == I_PHQ9 ?
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

	buf_reset(&st->res->what);
	va_start(ap, fmt);
	format(&st->res->what, fmt, ap);
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
	return st->res->what.s;
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
	int from;

	if (!s->scored)
		return 0;
	if (s->total >= 0 && strcmp(s->band, "severe") == 0) {
		reason(st, "safety-%s: %s: urgent medical review",
		    screen_key(i), finding(st, i));
		return 1;
	}
	if (s->total < 0 && (from = severe_from(st->rules, i)) >= 0 &&
	    s->partial >= from) {
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

/*
 * The reason an instrument's band gives dimension d its rating ("d3-
 * phq9: mild depression (PHQ-9 7) rates dimension 3 at 1"), a third of
 * a record's reasons: made once for each dimension, instrument, total,
 * band and rating, and copied after.  An entry is used only when all
 * five are its own (the band compared as text), so it never holds
 * another rule set's text; a band or text too long for one is made
 * every time.  One table for the process: not for threads.
 */
struct rated_text {
	int		 d, i, total, rating;
	size_t		 len;			/* 0: empty */
	char		 band[32];
	char		 text[160];
};

static void
rated_instrument(struct state *st, int d, const struct source *src,
    int rating)
{
	static struct rated_text cache[256];
	const struct score *s = &st->s[src->what];
	struct rated_text *c = &cache[(unsigned)(d * 61 + src->what * 29 +
	    s->total * 7 + rating) & 255];
	struct buf *b = st->to;
	size_t start = b->len > 0 ? b->len + 2 : 0;

	if (c->len > 0 && c->d == d && c->i == src->what &&
	    c->total == s->total && c->rating == rating &&
	    strcmp(c->band, s->band) == 0) {
		if (b->len > 0)
			buf_add(b, "; ", 2);
		buf_add(b, c->text, c->len);
		return;
	}
	rated(st, d, src, rating, finding(st, src->what));
	if (strlen(s->band) >= sizeof c->band ||
	    b->len - start >= sizeof c->text)
		return;
	c->d = d;
	c->i = src->what;
	c->total = s->total;
	c->rating = rating;
	strcpy(c->band, s->band);
	c->len = b->len - start;
	memcpy(c->text, b->s + start, c->len);
	c->text[c->len] = '\0';
}

/* How many of dimension d's instruments are positive: the highest
 * rating whose count is reached. */
static int
positive_screens(struct state *st, int d, const struct source *src)
{
	const struct screen_rules *r = st->rules;
	struct buf *names = &st->res->names;
	size_t k;
	int n = 0, best = -1, i;

	for (k = 0; k < r->ndim[d]; k++) {
		i = r->dim[d][k].what;
		if (i < NINSTR && st->s[i].total >= 0 &&
		    st->s[i].positive == 1) {
			buf_adds(names, n++ ? ", " : "");
			buf_adds(names, screen_title(i));
		}
	}
	for (k = 0; k < src->n; k++)
		if (atoi(src->key[k]) <= n && src->rating[k] > best)
			best = src->rating[k];
	if (best > 0) {
		what(st, "a positive screen on %d instruments (%s)", n,
		    names->s);
		rated(st, d, src, best, st->res->what.s);
	}
	return best;
}

/*
 * Warn that a field's value is none of the words the rules rate it by:
 * the built-in rules' words are ours, and listed; a rules file's are
 * its author's (input, like any file's keys), so only counted and
 * pointed to by their line.
 */
static void
not_a_word(const struct state *st, const char *name,
    const struct source *src)
{
	struct buf b = BUF_INIT;
	size_t k;

	if (st->rules->custom[0] != '\0') {
		diag_warnx(&st->in->loc, "field '%s' is not one of the %zu "
		    "words %s:%zu rates it by", name, src->n, st->rules->file,
		    src->line);
		return;
	}
	for (k = 0; k < src->n; k++)
		buf_addf(&b, "%s%s", k ? ", " : "", src->key[k]);
	diag_warnx(&st->in->loc, "field '%s' is not one of %s", name,
	    b.s ? b.s : "(none)");
	buf_free(&b);
}

/* A field's rating; -2 (printed) if its value is not one it takes. */
static int
field_rating(struct state *st, int d, const struct source *src)
{
	const char *name = screen_source_name(src->what);
	const char *v = screen_plain(st->in, src->what - F_MEDICALLY_UNSTABLE +
	    P_MEDICALLY_UNSTABLE);
	int yn, x;

	if (*v == '\0')
		return -1;
	if (src->what == F_LIVING_ENVIRONMENT) {
		if ((x = lookup(src, v)) == -1) {
			not_a_word(st, name, src);
			return -2;
		}
		if (x > 0) {
			what(st, "%s living environment", v);
			rated(st, d, src, x, st->res->what.s);
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
		rated(st, d, src, x, st->res->what.s);
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
	if (x > 0 && src->what == I_CSSRS)
		rated(st, d, src, x, finding(st, src->what));
	else if (x > 0)
		rated_instrument(st, d, src, x);
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
		if (num_parse(v, 0, 4, &c) == -1) {
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

/* The least intensive level that meets every dimension. */
static const struct asam_code *
placement(struct state *st)
{
	const struct screen_rules *r = st->rules;
	int d, best = 0, rank, brank = -1, twos = 0;
	const struct asam_code *c, *ci[NDIMS];

	for (d = 0; d < NDIMS; d++) {	/* the rules hold only known codes */
		ci[d] = level_placement(r->place[d][st->rating[d]]);
		if ((rank = code_rank(ci[d])) > brank) {
			brank = rank;	/* ties: the first, d1's WM level */
			best = d;
		}
		twos += st->rating[d] == 2;
	}
	c = ci[best];
	if (twos >= r->several_twos) {
		const struct asam_code *sc =
		    level_placement(r->several_twos_level);

		if ((rank = code_rank(sc)) > brank) {
			reason(st, "place-several-twos: %d dimensions at 2 "
			    "need at least %s (%s)", twos, sc->code,
			    sc->what);
			c = sc;
			brank = rank;
			best = -1;
		}
	}
	if (c->level == LEVEL_OP && best >= 0)
		reason(st, "place-op: no dimension above 1: %s (%s)",
		    c->code, c->what);
	else if (best >= 0)
		for (d = 0; d < NDIMS; d++)
			if (code_rank(ci[d]) == brank)
				reason(st, "place-d%d: dimension %d at %d "
				    "needs %s (%s)", d + 1, d + 1,
				    st->rating[d], r->place[d][st->rating[d]],
				    ci[d]->what);
	if (c->level == LEVEL_OP && (moderate(st, I_PHQ9) ||
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
	if (v[0] >= '0' && v[0] <= '9' && (v[1] == '\0' || (v[1] >= '0' &&
	    v[1] <= '9' && v[2] == '\0')))	/* the usual: no strtol() */
		age = v[1] == '\0' ? v[0] - '0' : (v[0] - '0') * 10 + v[1] - '0';
	else if (num_parse(v, 0, 120, &age) == -1) {
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

/* The fields from safety on, in their order; c: the level's code, or
 * NULL for none. */
static void
put_results(struct state *st, int risk, int rv,
    const char *group, const struct asam_code *c)
{
	static const char *const review_names[] = { "routine", "incomplete",
	    "urgent" };
	const struct screen_rules *r = st->rules;
	struct buf *head = &st->res->head, *body = &st->res->body;
	int d, wm = c != NULL && st->rating[0] > 0 &&
	    strstr(r->place[0][st->rating[0]], "-WM") != NULL;

	put(st, O_SAFETY, risk < 0 ? "not_assessed" :
	    screen_risk_name(risk), REC_PLAIN);
	put(st, O_REVIEW, review_names[rv], REC_PLAIN);
	if (group != NULL)
		put(st, O_AGE_GROUP, group, REC_PLAIN);
	for (d = 0; d < NDIMS; d++)
		if (c != NULL)
			put_num(st, O_D1 + (size_t)d, st->rating[d]);
		else
			put(st, O_D1 + (size_t)d, "", REC_PLAIN);
	put(st, O_LEVEL, c != NULL ? level_name(c->level) : "", REC_PLAIN);
	put(st, O_ASAM_LEVEL, c != NULL ? c->code : "", REC_PLAIN);
	put(st, O_WM_LEVEL, wm ? r->place[0][st->rating[0]] : "",
	    REC_PLAIN);
	if (head->len > 0 && body->len > 0)
		buf_adds(head, "; ");
	if (body->len > 0)
		buf_add(head, body->s, body->len);
	put(st, O_REASONS, head->s ? head->s : "", REC_TEXT);
	put(st, O_CUTOFFS, screen_cutoffs(r), REC_TEXT);
	put(st, O_NOTICE, "screening aid, not a diagnosis; heuristic "
	    "level of care from the iop-screen rule set, not the ASAM "
	    "CONTINUUM algorithm; a clinician decides", REC_TEXT);
}

/*
 * The score of an instrument whose every answer is missing (not
 * scored), the same whatever the rules: made once, for the eight of
 * ten instruments an intake's header does not have.
 */
static const struct score *
unasked_score(const struct screen_rules *r, int i)
{
	static struct score none[NINSTR];
	static int made;
	struct answers a;
	int k;

	if (!made) {
		memset(&a, 0xff, sizeof a);	/* every answer -1 */
		a.sex = SEX_UNKNOWN;
		for (k = 0; k < NINSTR; k++)
			screen_score(r, k, &a, &none[k]);
		made = 1;
	}
	return &none[i];
}

int
screen_result(const struct screen_rules *r, const struct rec *in,
    struct screen_result *res)
{
	struct state st;
	struct answers a;
	const char *group;
	int i, risk, rv;
	const struct asam_code *c = NULL;

	if (first_field[I_PHQ2] == 0)
		find_first_fields();
	memset(&st, 0, sizeof st);
	st.rules = r;
	st.in = in;
	st.a = &a;
	st.res = res;
	memcpy(res->f, no_fields, sizeof res->f);
	buf_reset(&res->head);
	buf_reset(&res->body);
	buf_reset(&res->what);
	buf_reset(&res->names);
	if (screen_read(in, &a) == -1)
		return -1;
	for (i = 0; i < NINSTR; i++)
		if (screen_asked(i))
			screen_score(r, i, &a, &st.s[i]);
		else
			st.s[i] = *unasked_score(r, i);
	add_scores(&st);
	st.to = &res->head;
	risk = safety(&st);
	st.to = &res->body;
	notes(&st);
	if (age_group(&st, &group) == -1 || dimensions(&st) == -1)
		return -1;
	if (evidence(&st))
		c = placement(&st);
	else {
		reason(&st, "insufficient-data: no instrument was answered "
		    "in full and no dimension rated, so there is no level of "
		    "care: complete the screening");
		st.incomplete = 1;
	}
	st.to = &res->head;
	rv = review(&st, risk);
	put_results(&st, risk, rv, group, c);
	return rv;
}

void
screen_result_add(const struct screen_result *res, const struct rec *in,
    struct rec *out)
{
	const struct field *f;
	size_t k;

	for (k = 0; k < SCREEN_NFIELDS; k++) {
		if ((f = &res->f[k])->key == NULL)
			continue;
		if (screen_input_has(in, k))
			rec_set(out, f->key, f->val, f->type);
		else
			rec_add(out, f->key, f->val, f->len, f->type);
	}
}

void
screen_result_free(struct screen_result *res)
{
	buf_free(&res->head);
	buf_free(&res->body);
	buf_free(&res->what);
	buf_free(&res->names);
}

int
screen_record(const struct screen_rules *r, const struct rec *in,
    struct rec *out)
{
	struct screen_result res = SCREEN_RESULT_INIT;
	int rv;

	if ((rv = screen_result(r, in, &res)) != -1)
		screen_result_add(&res, in, out);
	screen_result_free(&res);
	return rv;
}
