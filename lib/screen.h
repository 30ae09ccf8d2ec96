/*
 * screen.h: scoring of intake screening instruments, safety flags,
 * ASAM dimension ratings and a heuristic level of care.
 *
 * Scoring follows shared/domain.md section 3; placement follows the
 * project defaults of section 1.5 and is NOT the proprietary ASAM
 * CONTINUUM algorithm.  Every cut-off and placement rule lives in a
 * rule set (struct screen_rules): the built-in default is YAML text
 * (screen_default_rules), which a rule file may replace or adjust.
 *
 * Functions that read input or rule files print "prog: file:line: msg"
 * (never a value from the input) and return -1; the caller stops.
 */
#ifndef IOP_SCREEN_H
#define IOP_SCREEN_H

#include "buf.h"
#include "rec.h"
#include "ydoc.h"

/* Instruments, in output order; PHQ-2, GAD-2 and AUDIT-C reuse items. */
enum { I_PHQ9, I_PHQ2, I_GAD7, I_GAD2, I_AUDIT, I_AUDITC, I_DAST10,
	I_CAGE, I_CIWA, I_COWS, I_CRAFFT, I_PCL5, I_CSSRS, NINSTR };

#define SCREEN_MAXITEMS	20

enum { SEX_UNKNOWN, SEX_MALE, SEX_FEMALE };
enum { RISK_NONE, RISK_LOW, RISK_MODERATE, RISK_HIGH };

/* One instrument scored. */
struct score {
	int		 scored;	/* some item was answered */
	int		 total;		/* -1: incomplete (band "incomplete") */
	const char	*band;
	int		 positive;	/* 1 yes, 0 no, -1 no cut-off */
	int		 prorated;	/* PHQ-9: missing items replaced */
	int		 flag;		/* PCL-5 DSM-5 rule; CRAFFT CAR yes */
	int		 risk;		/* C-SSRS, and safety items: RISK_* */
	int		 unasked;	/* PHQ-9 given without item 9 */
	int		 partial;	/* incomplete: the sum of the answers */
	int		 raised;	/* AUDIT zone raised: RAISED_* */
	int		 unscored;	/* CRAFFT part B given but not asked */
	int		 ask_when;	/* C-SSRS 6 yes, 6b not answered */
};

enum { RAISED_ITEMS_4_6 = 1, RAISED_ITEMS_9_10 = 2 };

/* The answers of one record: item values, -1 where not answered. */
struct answers {
	int		 v[NINSTR][SCREEN_MAXITEMS];
	int		 crafft_a[3];	/* CRAFFT part A days, -1 missing */
	int		 cssrs_6b;
	int		 sex;
};

/* Key ("phq9"), title ("PHQ-9") and what it screens ("depression"). */
const char *screen_key(int instr);
const char *screen_title(int instr);
const char *screen_topic(int instr);
/* Items of a base instrument (0 for PHQ-2, GAD-2, AUDIT-C). */
int	screen_nitems(int instr);

/* yes/no, y/n, 1/0, true/false in any case: 1, 0, or -1. */
int	screen_yesno(const char *);

struct screen_rules;

/* The built-in rule set, as --print-rules writes it. */
extern const char screen_default_rules[];

/* The built-in rules (exits 2 if they do not parse: a build bug). */
struct screen_rules *screen_rules_new(void);
/*
 * Adjust rules from a YAML file: 0, or -1 (printed).  The set is then
 * custom: screen_cutoffs() ends in ",custom:" and the first 16 hex
 * digits of the file's SHA-256, so a report made under other rules
 * can be told from one made under the built-in set.
 */
int	screen_rules_load(struct screen_rules *, const char *path);
/* The same from a parsed tree named file; the tree must outlive rules. */
int	screen_rules_apply(struct screen_rules *, const char *file,
	    const struct ynode *root);
void	screen_rules_free(struct screen_rules *);
/* "audit:who,auditc:bradley,...": the cut-off sets chosen where the
 * rule set offers alternatives. */
const char *screen_cutoffs(const struct screen_rules *);

/*
 * Check the names of a header (CSV columns, or a YAML record's keys)
 * against the fields iop-screen reads: a name that differs from one of
 * them only by case, spaces, '-' or '_' (PHQ9_9, phq9-9), or that looks
 * like an item its instrument does not have (phq9_10), would be an
 * answer silently not read.  Each such name is printed, by position
 * and the spelling it resembles, at loc; returns their number.
 */
size_t	screen_check_names(const struct hdr *, const struct loc *, int yaml);

/*
 * Read the answers of r into a: 0, or -1 after a located message
 * naming the field (an answer out of range, contradictory C-SSRS
 * answers, an impossible date).
 */
int	screen_read(const struct rec *r, struct answers *a);
/*
 * The columns of the record screen_read() last read whose every value
 * it accepts is a digit, yes or no, a number of days or a date: text
 * no CSV reader could misread, which a writer may mark REC_PLAIN once
 * the record is read without error.  Their indexes in that record, *n
 * of them (values holding a NUL are another matter: the CSV reader
 * refuses them).  Valid until the next screen_read().
 */
const size_t *screen_plain_columns(size_t *n);
/* Score one instrument from the answers. */
void	screen_score(const struct screen_rules *, int instr,
	    const struct answers *, struct score *);

/* review, in rising order */
enum { REVIEW_ROUTINE, REVIEW_INCOMPLETE, REVIEW_URGENT };

/* The number of fields screen_fields() names. */
#define SCREEN_NFIELDS	55

/*
 * The result fields of one record, indexed as screen_fields(): f[k].key
 * is NULL where the record gets no field k (its value then ""), else
 * the field's name.  The values are constants, the rule set's, or
 * held here until the next screen_result() with it; the buffers keep
 * their memory from record to record, so that screening millions
 * allocates nothing per record.  SCREEN_RESULT_INIT is empty;
 * screen_result_free() releases it.
 */
struct screen_result {
	struct field	 f[SCREEN_NFIELDS];
	char		 num[SCREEN_NFIELDS][32];
	struct buf	 head, body, what, names;
};
#define SCREEN_RESULT_INIT { { { NULL, NULL, 0, 0 } }, { { 0 } }, \
	BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT }

/*
 * Score r into res: scores, safety, dimensions, level, reasons.
 * Returns the review (REVIEW_*), or -1 on a data error (printed).
 */
int	screen_result(const struct screen_rules *, const struct rec *r,
	    struct screen_result *res);
/*
 * Append res's fields to out (which already holds r's, the record res
 * was made from): each in its place where r has a field of its name (a
 * clinician's d3, or a screening read again), else at the end.
 */
void	screen_result_add(const struct screen_result *, const struct rec *r,
	    struct rec *out);
void	screen_result_free(struct screen_result *);
/*
 * screen_result() and screen_result_add() in one: returns the review,
 * or -1 on a data error (printed).
 */
int	screen_record(const struct screen_rules *, const struct rec *r,
	    struct rec *out);
/* Every field screen_record() may add, in order. */
const char *const *screen_fields(size_t *n);

/* Trend outcomes (see screen_trend_fields in iop-screen). */
struct trend_rules {
	int	phq9_response;		/* % reduction for response */
	int	phq9_baseline;		/* baseline must be at least this */
	int	phq9_remission;		/* latest below this */
	int	reliable[NINSTR];	/* 0: none */
	int	meaningful[NINSTR];
};
const struct trend_rules *screen_trend_rules(const struct screen_rules *);

#endif
