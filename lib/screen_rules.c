/*
 * screen_rules.c: the rule set of iop-screen (see screen.h): the
 * built-in YAML text, and the reading of rule files over it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "diag.h"
#include "levels.h"
#include "num.h"
#include "screen_model.h"
#include "xalloc.h"

const char screen_default_rules[] =
"# iop-screen: the built-in rule set (iop-screen --print-rules).\n"
"#\n"
"# A screening aid: instruments scored as in shared/domain.md section 3,\n"
"# levels of care by the project heuristics of section 1.5.  This is not\n"
"# the proprietary ASAM CONTINUUM algorithm, and every result needs a\n"
"# clinician's review.  A file given with --rules adjusts this set: each\n"
"# value it gives replaces the one here; the rest stays.\n"
"\n"
"# Cut-off sets of each instrument, and the set in use.  \"bands\" gives\n"
"# the lowest total of each band; \"positive\" the lowest positive total.\n"
"# A set with no bands bands a total as negative or positive.\n"
"instruments:\n"
"  phq9:                   # NHS Data Dictionary; Kroenke et al. 2001\n"
"    cutoffs: standard\n"
"    sets:\n"
"      standard:\n"
"        bands: {minimal: 0, mild: 5, moderate: 10, moderately_severe: 15,\n"
"          severe: 20}\n"
"        positive: 10\n"
"  phq2:                   # Arroll et al. 2010: 3; 2 is more sensitive\n"
"    cutoffs: \"3\"\n"
"    sets:\n"
"      \"3\": {positive: 3}\n"
"      \"2\": {positive: 2}\n"
"  gad7:                   # Spitzer et al. 2006\n"
"    cutoffs: standard\n"
"    sets:\n"
"      standard:\n"
"        bands: {minimal: 0, mild: 5, moderate: 10, severe: 15}\n"
"        positive: 10\n"
"  gad2:\n"
"    cutoffs: \"3\"\n"
"    sets:\n"
"      \"3\": {positive: 3}\n"
"      \"2\": {positive: 2}\n"
"  audit:                  # WHO AUDIT manual, 2nd ed.; auditscreen.org\n"
"    cutoffs: who\n"
"    sets:\n"
"      who:\n"
"        bands: {zone1: 0, zone2: 8, zone3: 16, zone4: 20}\n"
"        positive: 8\n"
"        raise_zone: yes       # up one zone if Q4-6 >= 2 or Q9/Q10 = 4\n"
"      auditscreen:\n"
"        bands: {low: 0, hazardous: 8, dependence: 15}\n"
"        positive: 8\n"
"  auditc:                 # Bush 1998, Bradley 2003; VA/DoD 2021\n"
"    cutoffs: bradley\n"
"    sets:\n"
"      bradley: {positive: 4, positive_female: 3}\n"
"      va: {positive: 5}\n"
"  dast10:                 # Skinner 1982\n"
"    cutoffs: standard\n"
"    sets:\n"
"      standard:\n"
"        bands: {none: 0, low: 1, moderate: 3, substantial: 6, severe: 9}\n"
"        positive: 3\n"
"  cage:\n"
"    cutoffs: standard\n"
"    sets:\n"
"      standard:\n"
"        bands: {low: 0, significant: 2, likely_dependence: 4}\n"
"        positive: 2\n"
"  ciwa:                   # the sources disagree\n"
"    cutoffs: asam2020\n"
"    sets:\n"
"      asam2020:               # ASAM alcohol withdrawal guideline 2020:\n"
"        bands: {none: 0, mild: 1, moderate: 10, severe: 19}  # <10 mild\n"
"      three-band:             # Wikipedia, CIWA: 8-15 moderate; some\n"
"        bands: {minimal: 0, moderate: 8, severe: 16}  # say 15 is severe\n"
"      four-band:              # cgakit.com\n"
"        bands: {absent: 0, mild: 9, moderate: 16, severe: 21}\n"
"  cows:                   # Wesson and Ling 2003\n"
"    cutoffs: standard\n"
"    sets:\n"
"      standard:\n"
"        bands: {none: 0, mild: 5, moderate: 13, moderately_severe: 25,\n"
"          severe: 37}\n"
"  crafft:                 # CRAFFT 2.1, part B\n"
"    cutoffs: standard\n"
"    sets:\n"
"      standard:\n"
"        bands: {low: 0, high_risk: 2, possible_dependence: 4}\n"
"        positive: 2\n"
"  pcl5:                   # probable PTSD: 31-33 (38 is superseded)\n"
"    cutoffs: \"33\"\n"
"    sets:\n"
"      \"31\": {positive: 31}\n"
"      \"32\": {positive: 32}\n"
"      \"33\": {positive: 33}\n"
"      \"38\": {positive: 38}\n"
"\n"
"# Safety: the risk each finding sets, and the risk from which review\n"
"# is urgent.  C-SSRS sets its own risk (low, moderate or high).\n"
"safety:\n"
"  phq9_item9: moderate    # PHQ-9 item 9 above 0\n"
"  withdrawal_severe: high # CIWA-Ar or COWS in the band named severe\n"
"  urgent_from: moderate\n"
"  urgent_rating: 4        # a dimension rated so: urgent review\n"
"  # no suicide question answered (PHQ-9 item 9, C-SSRS): review is\n"
"  # incomplete (Joint Commission NPSG.15.01.01: screen every client)\n"
"  suicide_screen_required: yes\n"
"\n"
"age:\n"
"  adolescent_below: 18\n"
"\n"
"# Dimension ratings (0-4): for each instrument, the rating of each band;\n"
"# for each field, the rating of each value.  A dimension takes the\n"
"# highest rating any source gives, and never less than the clinician's.\n"
"# positive_screens: a rating from how many of the dimension's instruments\n"
"# are positive.  A single moderate PHQ-9 or GAD-7 rates 1, an outpatient\n"
"# finding (PHQ-9 proposed actions, Kroenke and Spitzer 2002); two\n"
"# positive screens rate 2.\n"
"dimensions:\n"
"  d1:\n"
"    ciwa: {mild: 1, moderate: 2, severe: 3}  # ASAM 2020: mild -> 1-WM\n"
"    cows: {mild: 1, moderate: 2, moderately_severe: 2, severe: 3}\n"
"  d2:\n"
"    medically_unstable: {yes: 4}\n"
"  d3:\n"
"    phq9: {mild: 1, moderate: 1, moderately_severe: 2, severe: 3}\n"
"    gad7: {mild: 1, moderate: 1, severe: 2}\n"
"    pcl5: {positive: 2}\n"
"    cssrs: {low: 1, moderate: 3, high: 4}\n"
"    positive_screens: {2: 2}\n"
"  d4: {}\n"
"  d5:\n"
"    audit: {zone2: 1, zone3: 2, zone4: 2, hazardous: 1, dependence: 2}\n"
"    auditc: {positive: 1}\n"
"    dast10: {low: 1, moderate: 2, substantial: 2, severe: 3}\n"
"    cage: {significant: 1, likely_dependence: 2}\n"
"    crafft: {high_risk: 2, possible_dependence: 2}\n"
"    recent_inpatient: {yes: 2}\n"
"  d6:\n"
"    living_environment: {supportive: 0, unsupportive: 2, unsafe: 3}\n"
"\n"
"# Placement: the least intensive ASAM level that meets each rating\n"
"# (0 to 4) of each dimension; the most intensive of the six is the\n"
"# floor.  Never an average.  Several dimensions at 2 need at least\n"
"# several_twos_level.\n"
"placement:\n"
"  d1: [\"1\", 1-WM, 2-WM, 3.7-WM, 4-WM]\n"
"  d2: [\"1\", \"1\", \"2.1\", \"3.7\", \"4\"]\n"
"  d3: [\"1\", \"1\", \"2.1\", \"2.5\", \"4\"]\n"
"  d4: [\"1\", \"1\", \"2.1\", \"2.5\", \"4\"]\n"
"  d5: [\"1\", \"1\", \"2.1\", \"3.5\", \"4\"]\n"
"  d6: [\"1\", \"1\", \"2.1\", \"3.1\", \"4\"]\n"
"  several_twos: 3\n"
"  several_twos_level: \"2.5\"\n"
"\n"
"# --trend outcomes.  PHQ-9 response: a fall of at least response %\n"
"# from a baseline of at least baseline; remission: latest below\n"
"# remission.  reliable and meaningful: the change in points.\n"
"trend:\n"
"  phq9: {response: 50, baseline: 10, remission: 5, reliable: 5}\n"
"  gad7: {reliable: 4}\n"
"  pcl5: {reliable: 5, meaningful: 10}\n";

static int
fail(const struct screen_rules *r, size_t line, const char *fmt, ...)
{
	struct loc loc = { r->file, line };
	va_list ap;

	va_start(ap, fmt);
	diag_vwarnx(&loc, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * "phq9, phq2, ...": the names of sources first to last - 1 (the
 * instruments, then the fields) but skip, for a message that lists
 * what a key may be.  Keys read from a rule file are input and never
 * printed: a bad one is named by its place.
 */
static const char *
source_list(char *buf, size_t size, int first, int last, int skip)
{
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = first; i < last; i++)
		if (i != skip && len < size)
			len += snprintf(buf + len, size - len, "%s%s",
			    len ? ", " : "", screen_source_name(i));
	return buf;
}

static int
want(const struct screen_rules *r, const struct ynode *n, int type,
    const char *what)
{
	return ydoc_want(r->file, n, type, what);
}

static int
number(const struct screen_rules *r, const struct ynode *n, long lo,
    long hi, const char *what, int *v)
{
	long x;

	if (want(r, n, YN_SCALAR, what) == -1)
		return -1;
	if (num_parse(n->str, lo, hi, &x) == -1)
		return fail(r, n->line, "%s is not a number from %ld to %ld",
		    what, lo, hi);
	*v = (int)x;
	return 0;
}

static int
instrument_index(const char *key)
{
	int i;

	for (i = 0; i < NINSTR; i++)
		if (strcmp(key, screen_key(i)) == 0)
			return i;
	return -1;
}

static int
read_bands(struct screen_rules *r, const struct ynode *m, struct cutset *cs)
{
	size_t i;

	if (want(r, m, YN_MAP, "'bands'") == -1)
		return -1;
	if (m->n == 0 || m->n > MAXBANDS)
		return fail(r, m->line, "'bands' needs 1 to %d bands",
		    MAXBANDS);
	for (i = 0; i < m->n; i++) {
		if (number(r, m->kids[i], 0, 80, "a band's lowest total",
		    &cs->from[i]) == -1)
			return -1;
		if ((i == 0 && cs->from[i] != 0) ||
		    (i > 0 && cs->from[i] <= cs->from[i - 1]))
			return fail(r, m->keylines[i], "band %zu of 'bands' "
			    "does not rise from 0 in order", i + 1);
		cs->band[i] = m->keys[i];
	}
	cs->nbands = m->n;
	return 0;
}

/* Cut-off set number k (from 0) of instrument i, named name. */
static int
read_set(struct screen_rules *r, int i, size_t k, const char *name,
    const struct ynode *m, struct cutset *cs)
{
	static const char *const keys[] = { "bands", "positive",
	    "positive_female", "raise_zone", NULL };
	const struct ynode *n;

	if (want(r, m, YN_MAP, "a cut-off set") == -1 ||
	    ydoc_keys(r->file, m, keys) == -1)
		return -1;
	memset(cs, 0, sizeof *cs);
	cs->name = name;
	cs->positive = cs->positive_female = -1;
	if ((n = ydoc_get(m, "bands")) != NULL && read_bands(r, n, cs) == -1)
		return -1;
	if ((n = ydoc_get(m, "positive")) != NULL &&
	    number(r, n, 0, 80, "'positive'", &cs->positive) == -1)
		return -1;
	if ((n = ydoc_get(m, "positive_female")) != NULL &&
	    number(r, n, 0, 80, "'positive_female'",
	    &cs->positive_female) == -1)
		return -1;
	if ((n = ydoc_get(m, "raise_zone")) != NULL) {
		if (want(r, n, YN_SCALAR, "'raise_zone'") == -1 ||
		    (cs->raise_zone = screen_yesno(n->str)) == -1)
			return fail(r, n->line, "'raise_zone' is not yes or "
			    "no");
	}
	if (cs->nbands == 0 && cs->positive < 0)
		return fail(r, m->line, "cut-off set %zu of '%s' has neither "
		    "bands nor 'positive'", k + 1, screen_key(i));
	return 0;
}

static int
read_instrument(struct screen_rules *r, int i, const struct ynode *m)
{
	static const char *const keys[] = { "cutoffs", "sets", NULL };
	struct instrules *ir = &r->in[i];
	const struct ynode *sets, *use;
	size_t k, s;

	if (want(r, m, YN_MAP, "an instrument") == -1 ||
	    ydoc_keys(r->file, m, keys) == -1)
		return -1;
	if (i == I_CSSRS && m->n > 0)
		return fail(r, m->line, "instrument 'cssrs' has no cut-offs");
	if ((sets = ydoc_get(m, "sets")) != NULL) {
		if (want(r, sets, YN_MAP, "'sets'") == -1)
			return -1;
		for (k = 0; k < sets->n; k++) {
			for (s = 0; s < ir->nsets; s++)
				if (strcmp(ir->set[s].name, sets->keys[k]) == 0)
					break;
			if (s == MAXSETS)
				return fail(r, sets->keylines[k], "more than "
				    "%d cut-off sets", MAXSETS);
			if (read_set(r, i, k, sets->keys[k], sets->kids[k],
			    &ir->set[s]) == -1)
				return -1;
			if (s == ir->nsets)
				ir->nsets++;
		}
	}
	if ((use = ydoc_get(m, "cutoffs")) != NULL) {
		if (want(r, use, YN_SCALAR, "'cutoffs'") == -1)
			return -1;
		for (s = 0; s < ir->nsets; s++)
			if (strcmp(ir->set[s].name, use->str) == 0)
				break;
		if (s == ir->nsets)
			return fail(r, use->line, "'cutoffs' of '%s' names "
			    "none of its cut-off sets", screen_key(i));
		ir->use = s;
	}
	return 0;
}

static int
read_instruments(struct screen_rules *r, const struct ynode *m)
{
	char names[256];
	size_t k;
	int i;

	if (want(r, m, YN_MAP, "'instruments'") == -1)
		return -1;
	for (k = 0; k < m->n; k++) {
		if ((i = instrument_index(m->keys[k])) == -1)
			return fail(r, m->keylines[k], "key %zu of "
			    "'instruments' is not an instrument (%s)", k + 1,
			    source_list(names, sizeof names, 0, NINSTR, -1));
		if (read_instrument(r, i, m->kids[k]) == -1)
			return -1;
	}
	return 0;
}

static int
risk_value(struct screen_rules *r, const struct ynode *n, const char *what,
    int *v)
{
	int i;

	if (want(r, n, YN_SCALAR, what) == -1)
		return -1;
	for (i = RISK_NONE; i <= RISK_HIGH; i++)
		if (strcmp(n->str, screen_risk_name(i)) == 0) {
			*v = i;
			return 0;
		}
	return fail(r, n->line, "%s is not none, low, moderate or high", what);
}

static int
read_safety(struct screen_rules *r, const struct ynode *m)
{
	static const char *const keys[] = { "phq9_item9", "withdrawal_severe",
	    "urgent_from", "urgent_rating", "suicide_screen_required", NULL };
	const struct ynode *n;

	if (want(r, m, YN_MAP, "'safety'") == -1 ||
	    ydoc_keys(r->file, m, keys) == -1)
		return -1;
	if ((n = ydoc_get(m, "phq9_item9")) != NULL &&
	    risk_value(r, n, "'phq9_item9'", &r->safety_item9) == -1)
		return -1;
	if ((n = ydoc_get(m, "withdrawal_severe")) != NULL &&
	    risk_value(r, n, "'withdrawal_severe'", &r->safety_withdrawal) == -1)
		return -1;
	if ((n = ydoc_get(m, "urgent_from")) != NULL) {
		if (risk_value(r, n, "'urgent_from'", &r->urgent_from) == -1)
			return -1;
		if (r->urgent_from == RISK_NONE)
			return fail(r, n->line, "'urgent_from' is not low, "
			    "moderate or high");
	}
	if ((n = ydoc_get(m, "urgent_rating")) != NULL &&
	    number(r, n, 1, 5, "'urgent_rating' (5: never)",
	    &r->urgent_rating) == -1)
		return -1;
	if ((n = ydoc_get(m, "suicide_screen_required")) != NULL &&
	    (want(r, n, YN_SCALAR, "'suicide_screen_required'") == -1 ||
	    (r->suicide_required = screen_yesno(n->str)) == -1))
		return fail(r, n->line, "'suicide_screen_required' is not yes "
		    "or no");
	return 0;
}

static int
read_age(struct screen_rules *r, const struct ynode *m)
{
	static const char *const keys[] = { "adolescent_below", NULL };
	const struct ynode *n;

	if (want(r, m, YN_MAP, "'age'") == -1 ||
	    ydoc_keys(r->file, m, keys) == -1)
		return -1;
	if ((n = ydoc_get(m, "adolescent_below")) != NULL)
		return number(r, n, 1, 120, "'adolescent_below'",
		    &r->adolescent_below);
	return 0;
}

/* Is key a band some cut-off set of instrument i can give? */
static int
known_band(const struct screen_rules *r, int i, const char *key)
{
	const struct instrules *ir = &r->in[i];
	size_t s, b;

	if (i == I_CSSRS)
		return strcmp(key, "none") == 0 || strcmp(key, "low") == 0 ||
		    strcmp(key, "moderate") == 0 || strcmp(key, "high") == 0;
	for (s = 0; s < ir->nsets; s++) {
		if (ir->set[s].nbands == 0 && (strcmp(key, "negative") == 0 ||
		    strcmp(key, "positive") == 0))
			return 1;
		for (b = 0; b < ir->set[s].nbands; b++)
			if (strcmp(key, ir->set[s].band[b]) == 0)
				return 1;
	}
	return 0;
}

/* The ratings by src of dimension d (0-5), from m. */
static int
read_source(struct screen_rules *r, int d, struct source *src,
    const struct ynode *m)
{
	size_t k;

	if (want(r, m, YN_MAP, "a dimension's source") == -1)
		return -1;
	if (m->n > MAXMAP)
		return fail(r, m->line, "more than %d ratings", MAXMAP);
	for (k = 0; k < m->n; k++) {
		if (src->what < NINSTR && !known_band(r, src->what,
		    m->keys[k]))
			return fail(r, m->keylines[k], "key %zu of '%s' in "
			    "'d%d' is not a band of its cut-off sets", k + 1,
			    screen_key(src->what), d + 1);
		if (src->what == F_POSITIVE_SCREENS) {
			long count;

			if (num_parse(m->keys[k], 1, NINSTR, &count) == -1)
				return fail(r, m->keylines[k], "'positive_screens' "
				    "takes counts of positive screens (1-%d)",
				    NINSTR);
		} else if (src->what != F_LIVING_ENVIRONMENT &&
		    src->what >= NINSTR &&
		    strcmp(m->keys[k], "yes") != 0 &&
		    strcmp(m->keys[k], "no") != 0)
			return fail(r, m->keylines[k], "a yes/no field's "
			    "ratings are for yes and no");
		if (number(r, m->kids[k], 0, 4, "a rating",
		    &src->rating[k]) == -1)
			return -1;
		src->key[k] = m->keys[k];
		src->keyline[k] = m->keylines[k];
	}
	src->n = m->n;
	src->line = m->line;
	return 0;
}

static int
source_index(const char *key)
{
	int i;

	if ((i = instrument_index(key)) >= 0)
		return i;
	for (i = 0; i < NSOURCES_ALL - NINSTR; i++)
		if (strcmp(key, screen_source_name(NINSTR + i)) == 0)
			return NINSTR + i;
	return -1;
}

static int
dim_index(const char *key)
{
	if (key[0] == 'd' && key[1] >= '1' && key[1] <= '6' && key[2] == '\0')
		return key[1] - '1';
	return -1;
}

static int
read_dimensions(struct screen_rules *r, const struct ynode *m)
{
	const struct ynode *dm;
	char names[256];
	size_t k, j, s;
	int d, what;

	if (want(r, m, YN_MAP, "'dimensions'") == -1)
		return -1;
	for (k = 0; k < m->n; k++) {
		if ((d = dim_index(m->keys[k])) == -1)
			return fail(r, m->keylines[k], "key %zu of "
			    "'dimensions' is not a dimension (d1 to d6)", k + 1);
		dm = m->kids[k];
		if (want(r, dm, YN_MAP, "a dimension") == -1)
			return -1;
		for (j = 0; j < dm->n; j++) {
			if ((what = source_index(dm->keys[j])) == -1)
				return fail(r, dm->keylines[j], "key %zu of "
				    "'d%d' is not an instrument or field (%s)",
				    j + 1, d + 1, source_list(names, sizeof names,
				    0, NSOURCES_ALL, -1));
			for (s = 0; s < r->ndim[d]; s++)
				if (r->dim[d][s].what == what)
					break;
			if (s == MAXSOURCES)
				return fail(r, dm->keylines[j], "more than %d "
				    "sources", MAXSOURCES);
			r->dim[d][s].what = what;
			if (read_source(r, d, &r->dim[d][s], dm->kids[j]) == -1)
				return -1;
			if (s == r->ndim[d])
				r->ndim[d]++;
		}
	}
	return 0;
}

/* An ASAM code, from n; what names it in a message. */
static int
code(struct screen_rules *r, const struct ynode *n, const char *what,
    const char **v)
{
	if (want(r, n, YN_SCALAR, what) == -1)
		return -1;
	if (level_placement(n->str) == NULL)
		return fail(r, n->line, "%s is not an ASAM level code (such as "
		    "2.1 or 3.7-WM)", what);
	*v = n->str;
	return 0;
}

static int
read_placement(struct screen_rules *r, const struct ynode *m)
{
	static const char *const keys[] = { "d1", "d2", "d3", "d4", "d5",
	    "d6", "several_twos", "several_twos_level", NULL };
	const struct ynode *n;
	size_t k, j;
	int d;

	if (want(r, m, YN_MAP, "'placement'") == -1 ||
	    ydoc_keys(r->file, m, keys) == -1)
		return -1;
	for (k = 0; k < m->n; k++) {
		n = m->kids[k];
		if ((d = dim_index(m->keys[k])) == -1)
			continue;
		if (want(r, n, YN_SEQ, "a placement") == -1)
			return -1;
		if (n->n != 5)
			return fail(r, n->line, "a placement needs 5 levels, "
			    "for ratings 0 to 4");
		for (j = 0; j < 5; j++) {
			char what[32];

			snprintf(what, sizeof what, "level %zu of 'd%d'", j + 1,
			    d + 1);
			if (code(r, n->kids[j], what, &r->place[d][j]) == -1)
				return -1;
		}
	}
	if ((n = ydoc_get(m, "several_twos")) != NULL &&
	    number(r, n, 2, 6, "'several_twos'", &r->several_twos) == -1)
		return -1;
	if ((n = ydoc_get(m, "several_twos_level")) != NULL &&
	    code(r, n, "'several_twos_level'", &r->several_twos_level) == -1)
		return -1;
	return 0;
}

static int
read_trend(struct screen_rules *r, const struct ynode *m)
{
	static const char *const keys[] = { "response", "baseline",
	    "remission", "reliable", "meaningful", NULL };
	static const char *const keys2[] = { "reliable", "meaningful", NULL };
	const struct ynode *t, *n;
	char names[256];
	size_t k;
	int i;

	if (want(r, m, YN_MAP, "'trend'") == -1)
		return -1;
	for (k = 0; k < m->n; k++) {
		t = m->kids[k];
		if ((i = instrument_index(m->keys[k])) == -1 || i == I_CSSRS)
			return fail(r, m->keylines[k], "key %zu of 'trend' is "
			    "not an instrument with a trend (%s)", k + 1,
			    source_list(names, sizeof names, 0, NINSTR,
			    I_CSSRS));
		if (want(r, t, YN_MAP, "a trend rule") == -1 ||
		    ydoc_keys(r->file, t, i == I_PHQ9 ? keys : keys2) == -1)
			return -1;
		if ((n = ydoc_get(t, "reliable")) != NULL && number(r, n, 1,
		    80, "'reliable'", &r->trend.reliable[i]) == -1)
			return -1;
		if ((n = ydoc_get(t, "meaningful")) != NULL && number(r, n, 1,
		    80, "'meaningful'", &r->trend.meaningful[i]) == -1)
			return -1;
		if ((n = ydoc_get(t, "response")) != NULL && number(r, n, 1,
		    100, "'response'", &r->trend.phq9_response) == -1)
			return -1;
		if ((n = ydoc_get(t, "baseline")) != NULL && number(r, n, 0,
		    27, "'baseline'", &r->trend.phq9_baseline) == -1)
			return -1;
		if ((n = ydoc_get(t, "remission")) != NULL && number(r, n, 0,
		    27, "'remission'", &r->trend.phq9_remission) == -1)
			return -1;
	}
	return 0;
}

int
screen_rules_apply(struct screen_rules *r, const char *file,
    const struct ynode *root)
{
	static const char *const keys[] = { "instruments", "safety", "age",
	    "dimensions", "placement", "trend", NULL };
	static int (*const read[])(struct screen_rules *,
	    const struct ynode *) = { read_instruments, read_safety, read_age,
	    read_dimensions, read_placement, read_trend };
	const struct ynode *n;
	size_t i;

	r->file = file;
	r->cutoffs[0] = '\0';
	if (want(r, root, YN_MAP, "a rule set") == -1 ||
	    ydoc_keys(file, root, keys) == -1)
		return -1;
	/* in this order, so that dimensions know the instruments' bands */
	for (i = 0; keys[i] != NULL; i++)
		if ((n = ydoc_get(root, keys[i])) != NULL &&
		    read[i](r, n) == -1)
			return -1;
	return 0;
}

static void
keep(struct screen_rules *r, struct ynode *root)
{
	r->trees = xreallocarray(r->trees, r->ntrees + 1, sizeof *r->trees);
	r->trees[r->ntrees++] = root;
}

struct screen_rules *
screen_rules_new(void)
{
	struct screen_rules *r = xcalloc(1, sizeof *r);
	struct ynode *root;

	root = ydoc_parse("<built-in rules>", screen_default_rules,
	    strlen(screen_default_rules));
	if (root == NULL)
		exit(EXIT_TROUBLE);
	keep(r, root);
	if (screen_rules_apply(r, "<built-in rules>", root) == -1)
		exit(EXIT_TROUBLE);
	return r;
}

/* The first 16 hex digits of the SHA-256 of text. */
static void
digest(const char *text, size_t len, char hex[17])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen, i;

	if (!EVP_Digest(text, len, md, &mdlen, EVP_sha256(), NULL))
		diag_fatal("SHA-256 failed");
	for (i = 0; i < 8; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

int
screen_rules_load(struct screen_rules *r, const char *path)
{
	struct ynode *root;
	size_t len;
	char *text;

	if ((text = ydoc_slurp(path, &len)) == NULL)
		return -1;
	root = ydoc_parse(path, text, len);
	if (root != NULL)
		digest(text, len, r->custom);
	free(text);
	if (root == NULL)
		return -1;
	keep(r, root);
	return screen_rules_apply(r, path, root);
}

void
screen_rules_free(struct screen_rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->ntrees; i++)
		ydoc_free(r->trees[i]);
	free(r->trees);
	free(r);
}

const char *
screen_cutoffs(const struct screen_rules *rc)
{
	struct screen_rules *r = (struct screen_rules *)rc;
	size_t len = 0;
	int i;

	if (r->cutoffs[0] != '\0')
		return r->cutoffs;
	for (i = 0; i < NINSTR; i++)
		if (r->in[i].nsets > 1 && len < sizeof r->cutoffs)
			len += snprintf(r->cutoffs + len, sizeof r->cutoffs -
			    len, "%s%s:%s", len ? "," : "", screen_key(i),
			    screen_set(r, i)->name);
	if (r->custom[0] != '\0' && len < sizeof r->cutoffs)
		snprintf(r->cutoffs + len, sizeof r->cutoffs - len,
		    ",custom:%s", r->custom);
	return r->cutoffs;
}

const struct trend_rules *
screen_trend_rules(const struct screen_rules *r)
{
	return &r->trend;
}
