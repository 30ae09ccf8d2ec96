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
#include "opt.h"
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

/* The key of field "<instrument>_<what>" in fields[] (outlives out). */
static const char *
field_key(int i, const char *what)
{
	char want[32];
	size_t k;

	snprintf(want, sizeof want, "%s_%s", screen_key(i), what);
	for (k = 0; k < sizeof fields / sizeof fields[0]; k++)
		if (strcmp(fields[k], want) == 0)
			return fields[k];
	abort();
}

static const char *
dim_key(int d)
{
	return fields[sizeof fields / sizeof fields[0] - 12 + d];
}

struct state {
	const struct screen_rules *rules;
	const struct rec *in;
	struct score	 s[NINSTR];
	int		 rating[NDIMS];
	struct buf	 reasons;
};

static void
reason(struct state *st, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
reason(struct state *st, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (st->reasons.len > 0)
		buf_adds(&st->reasons, "; ");
	buf_adds(&st->reasons, msg);
}

static void
yesno(struct rec *out, const char *key, int v)
{
	rec_add(out, key, v ? "yes" : "no", v ? 3 : 2, REC_TEXT);
}

static void
add_scores(struct state *st, struct rec *out)
{
	const struct score *s;
	int i;

	for (i = 0; i < NINSTR; i++) {
		s = &st->s[i];
		if (!s->scored)
			continue;
		if (i == I_CSSRS) {
			rec_set(out, "cssrs_band", s->band, REC_TEXT);
			continue;
		}
		if (s->total >= 0)
			rec_setf(out, field_key(i, "total"), REC_NUM, "%d",
			    s->total);
		rec_set(out, field_key(i, "band"), s->band, REC_TEXT);
		if (s->total >= 0 && s->positive >= 0)
			yesno(out, field_key(i, "positive"), s->positive);
		if (i == I_PHQ9 && s->total >= 0)
			yesno(out, "phq9_prorated", s->prorated);
		if (i == I_CRAFFT && s->total >= 0)
			yesno(out, "crafft_car", s->flag);
		if (i == I_PCL5 && s->total >= 0)
			yesno(out, "pcl5_dsm5", s->flag);
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

/* "severe alcohol withdrawal (CIWA-Ar 21)" */
static void
finding(const struct score *s, int i, char *buf, size_t size)
{
	if (i == I_CSSRS)
		snprintf(buf, size, "%s suicide risk (C-SSRS screener)",
		    screen_risk_name(s->risk));
	else if (strcmp(s->band, "positive") == 0 ||
	    strcmp(s->band, "negative") == 0)
		snprintf(buf, size, "%s %s screen (%s %d)", s->band,
		    screen_topic(i), screen_title(i), s->total);
	else
		snprintf(buf, size, "%s %s (%s %d)", words(s->band),
		    screen_topic(i), screen_title(i), s->total);
}

static int
safety(struct state *st)
{
	const struct screen_rules *r = st->rules;
	const struct score *s = st->s;
	char what[128];
	int risk = RISK_NONE, i;

	if (s[I_PHQ9].risk > RISK_NONE) {
		risk = s[I_PHQ9].risk;
		reason(st, "safety-phq9-9: PHQ-9 item 9 (thoughts of being "
		    "better off dead or of self-harm) is above 0: assess "
		    "suicide risk now, whatever the total");
	}
	if (s[I_PHQ9].unasked)
		reason(st, "safety-phq9-9-unanswered: PHQ-9 item 9 (thoughts "
		    "of being better off dead or of self-harm) was not "
		    "answered: ask it; safety does not cover it");
	if (s[I_CSSRS].scored && s[I_CSSRS].risk > RISK_NONE) {
		if (s[I_CSSRS].risk > risk)
			risk = s[I_CSSRS].risk;
		reason(st, "safety-cssrs: %s suicide risk on the C-SSRS "
		    "screener%s", screen_risk_name(s[I_CSSRS].risk),
		    s[I_CSSRS].risk == RISK_HIGH ? ": immediate safety "
		    "evaluation" : "");
	}
	for (i = I_CIWA; i <= I_COWS; i++)
		if (s[i].total >= 0 && strcmp(s[i].band, "severe") == 0) {
			if (r->safety_withdrawal > risk)
				risk = r->safety_withdrawal;
			finding(&s[i], i, what, sizeof what);
			reason(st, "safety-%s: %s: urgent medical review",
			    screen_key(i), what);
		}
	return risk;
}

/* The rating a source gives, or -1; a bad field value is -2. */
static int
source_rating(struct state *st, int d, const struct source *src)
{
	const char *key = NULL, *v;
	char what[128];
	size_t k;
	int yn;

	if (src->what < NINSTR) {
		const struct score *s = &st->s[src->what];

		if (!s->scored || (src->what != I_CSSRS && s->total < 0))
			return -1;
		key = src->what == I_CSSRS ? screen_risk_name(s->risk) :
		    s->band;
		finding(s, src->what, what, sizeof what);
	} else {
		const char *name = src->what == F_MEDICALLY_UNSTABLE ?
		    "medically_unstable" : src->what == F_RECENT_INPATIENT ?
		    "recent_inpatient" : "living_environment";

		if ((v = rec_get(st->in, name)) == NULL || *v == '\0')
			return -1;
		if (src->what != F_LIVING_ENVIRONMENT) {
			if ((yn = screen_yesno(v)) == -1) {
				diag_warnx(&st->in->loc, "field '%s' is not "
				    "yes or no", name);
				return -2;
			}
			key = yn ? "yes" : "no";
			snprintf(what, sizeof what, "%s%s", yn ? "" : "not ",
			    src->what == F_MEDICALLY_UNSTABLE ?
			    "medically unstable" : "a recent inpatient stay");
		} else {
			key = v;
			snprintf(what, sizeof what, "living environment");
		}
		for (k = 0; k < src->n; k++)
			if (strcmp(key, src->key[k]) == 0)
				break;
		if (k == src->n && src->what == F_LIVING_ENVIRONMENT) {
			struct buf b = BUF_INIT;

			for (k = 0; k < src->n; k++)
				buf_addf(&b, "%s%s", k ? ", " : "", src->key[k]);
			diag_warnx(&st->in->loc, "field '%s' is not one of %s",
			    name, b.s ? b.s : "(none)");
			buf_free(&b);
			return -2;
		}
		if (src->what == F_LIVING_ENVIRONMENT && k < src->n)
			snprintf(what, sizeof what, "%s living environment",
			    src->key[k]);
	}
	for (k = 0; k < src->n; k++)
		if (strcmp(key, src->key[k]) == 0) {
			if (src->rating[k] > 0)
				reason(st, "d%d-%s: %s rates dimension %d at "
				    "%d", d + 1, src->what < NINSTR ?
				    screen_key(src->what) : src->what ==
				    F_MEDICALLY_UNSTABLE ? "medically_unstable" :
				    src->what == F_RECENT_INPATIENT ?
				    "recent_inpatient" : "living_environment",
				    what, d + 1, src->rating[k]);
			return src->rating[k];
		}
	return -1;
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
		if ((v = rec_get(st->in, dim_key(d))) == NULL || *v == '\0')
			continue;
		if (opt_num(v, 0, 4, &c) == -1) {
			diag_warnx(&st->in->loc, "field '%s' is not a rating "
			    "(0-4)", dim_key(d));
			return -1;
		}
		reason(st, "d%d-clinician: the clinician rated dimension %d "
		    "at %ld%s", d + 1, d + 1, c, c < st->rating[d] ?
		    " (screening rates it higher)" : "");
		if (c > st->rating[d])
			st->rating[d] = (int)c;
	}
	return 0;
}

/* The least intensive level that meets every dimension. */
static int
placement(struct state *st, struct rec *out)
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
	rec_set(out, "level", level_name(codes[c].level), REC_TEXT);
	rec_set(out, "asam_level", codes[c].code, REC_TEXT);
	return strstr(r->place[0][st->rating[0]], "-WM") != NULL &&
	    st->rating[0] > 0;
}

static int
age_group(struct state *st, struct rec *out)
{
	const char *v = rec_get(st->in, "age");
	long age;

	if (v == NULL || *v == '\0')
		return 0;
	if (opt_num(v, 0, 120, &age) == -1) {
		diag_warnx(&st->in->loc, "field 'age' is not an age (0-120)");
		return -1;
	}
	rec_set(out, "age_group", age < st->rules->adolescent_below ?
	    "adolescent" : "adult", REC_TEXT);
	return 0;
}

int
screen_record(const struct screen_rules *r, const struct rec *in,
    struct rec *out)
{
	struct state st;
	struct answers a;
	int i, risk, urgent, wm;

	memset(&st, 0, sizeof st);
	st.rules = r;
	st.in = in;
	if (screen_read(in, &a) == -1)
		return -1;
	for (i = 0; i < NINSTR; i++)
		screen_score(r, i, &a, &st.s[i]);
	add_scores(&st, out);
	risk = safety(&st);
	urgent = risk >= r->urgent_from;
	if (urgent)
		reason(&st, "review-urgent: a clinician reviews this client "
		    "before any level of care is acted on");
	rec_set(out, "safety", screen_risk_name(risk), REC_TEXT);
	rec_set(out, "review", urgent ? "urgent" : "routine", REC_TEXT);
	if (age_group(&st, out) == -1 || dimensions(&st) == -1) {
		buf_free(&st.reasons);
		return -1;
	}
	for (i = 0; i < NDIMS; i++)
		rec_setf(out, dim_key(i), REC_NUM, "%d", st.rating[i]);
	wm = placement(&st, out);
	rec_set(out, "wm_level", wm ? r->place[0][st.rating[0]] : "",
	    REC_TEXT);
	rec_set(out, "reasons", st.reasons.s ? st.reasons.s : "", REC_TEXT);
	rec_set(out, "cutoffs", screen_cutoffs(r), REC_TEXT);
	rec_set(out, "notice", "screening aid, not a diagnosis; heuristic "
	    "level of care from the iop-screen rule set, not the ASAM "
	    "CONTINUUM algorithm; a clinician decides", REC_TEXT);
	buf_free(&st.reasons);
	return urgent;
}
