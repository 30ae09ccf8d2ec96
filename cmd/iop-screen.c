/*
 * iop-screen: score intake screening instruments and suggest a level
 * of care, with reasons.
 *
 * Reads intake records (CSV or YAML) holding the answers to PHQ-9,
 * GAD-7, AUDIT, DAST-10, CAGE, CIWA-Ar, COWS, CRAFFT, PCL-5 and the
 * C-SSRS screener, and writes each record back with its scores, safety
 * flags, ASAM dimension ratings, a level of care and the reasons for
 * it.  With --trend it reads dated assessments instead and writes one
 * record per client and instrument: the first and latest scores and
 * the change.  A screening aid: see iop-screen(1).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "compat.h"
#include "date.h"
#include "diag.h"
#include "names.h"
#include "opt.h"
#include "out.h"
#include "recio.h"
#include "screen.h"
#include "xalloc.h"

static struct common opts = COMMON_INIT;
static struct screen_rules *rules;
static int fail_on = REVIEW_URGENT + 1;	/* the review that exits 1 */

static _Noreturn void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, "usage: %s [-ht] "
	    "[--fail-on urgent | incomplete] [-I fmt] [-O fmt]\n"
	    "\t[-o file] [--print-rules] [--raw-csv] [-r rules] "
	    "[--today date]\n\t[--version] [file ...]\n",
	    diag_progname());
	if (status == 0)
		fputs("\n"
		    "      --fail-on which     "
		    "exit 1 if a review is urgent (or incomplete)\n"
		    "  -h, --help              print this help and exit\n"
		    "  -I, --input-format f    "
		    "read csv, yaml or jsonl, whatever the names\n"
		    "  -O, --output-format f   write csv, yaml or jsonl\n"
		    "  -o, --output file       write to file, all or nothing\n"
		    "      --print-rules       "
		    "print the built-in rule set and exit\n"
		    "      --raw-csv           "
		    "no spreadsheet formula guard in CSV\n"
		    "  -r, --rules file        "
		    "adjust the rule set with a YAML file\n"
		    "  -t, --trend             "
		    "follow dated re-screenings, one record per client\n"
		    "      --today date        "
		    "take date (YYYY-MM-DD) as today\n"
		    "      --version           print the version and exit\n",
		    stdout);
	out_exit(status);
}

/* --- screening: each record back with the results added --- */

struct writer {
	struct rout	*w;
	int		 started;
	int		 cells;		/* plain CSV: rout_cell() will do */
	const char	**cols;
	size_t		 ncols;
	size_t		 nown;		/* cols[0..nown-1] are copies */
	unsigned long	 gen;		/* of the header they copy */
	long		*result_of;	/* per column: result field, or -1 */
	size_t		*replaced;	/* columns of the input result_of >= 0 */
	size_t		 nreplaced;
	int		 added_in_order;	/* cols[nown..] are the result's */
	struct field	*row;		/* write_cells()' */
};

/* Which result field each column is, for write_cells(). */
static void
map_results(struct writer *wr, const char *const *add, size_t nadd)
{
	size_t i, k;

	wr->result_of = xcalloc(wr->ncols, sizeof *wr->result_of);
	wr->replaced = xcalloc(wr->nown + 1, sizeof *wr->replaced);
	wr->row = xcalloc(wr->ncols, sizeof *wr->row);
	wr->added_in_order = wr->ncols - wr->nown == nadd;
	for (i = 0; i < wr->ncols; i++) {
		wr->result_of[i] = -1;
		for (k = 0; k < nadd; k++)
			if (strcmp(wr->cols[i], add[k]) == 0)
				wr->result_of[i] = (long)k;
		if (i < wr->nown && wr->result_of[i] >= 0)
			wr->replaced[wr->nreplaced++] = i;
	}
}

/* The CSV columns: the input's (a CSV header, or a YAML record's
 * keys), then every field iop-screen may add that they lack. */
static void
set_columns(struct writer *wr, const struct rec *first,
    const struct hdr *h)
{
	const char *const *add;
	size_t i, nadd, n = h ? h->n : first ? first->n : 0;

	add = screen_fields(&nadd);
	wr->cols = xcalloc(n + nadd, sizeof *wr->cols);
	for (i = 0; i < n; i++)
		wr->cols[wr->ncols++] = xstrdup(h ? h->keys[i] :
		    first->f[i].key);
	wr->nown = n;
	wr->gen = h ? h->gen : 0;
	for (i = 0; i < nadd; i++) {
		size_t j;

		for (j = 0; j < n; j++)
			if (strcmp(wr->cols[j], add[i]) == 0)
				break;
		if (j == n)	/* the same pointer as screen_record()'s */
			wr->cols[wr->ncols++] = add[i];
	}
	map_results(wr, add, nadd);
	rout_columns(wr->w, wr->cols, wr->ncols);
	wr->started = 1;
}

/*
 * A record of the header the columns were made from, written cell by
 * cell from its fields and its result, with no record built (millions
 * of intakes): what screen_result_add() and rout_write() would write.
 */
static int
write_cells(struct writer *wr, const struct rec *r,
    const struct screen_result *res)
{
	struct field *row = wr->row;
	const size_t *plain;
	size_t i, k, nplain;

	memcpy(row, r->f, wr->nown * sizeof *row);
	plain = screen_plain_columns(&nplain);
	for (k = 0; k < nplain; k++)	/* answers: no need to look at */
		row[plain[k]].type = REC_PLAIN;
	for (k = 0; k < wr->nreplaced; k++) {
		i = wr->replaced[k];
		if (res->f[wr->result_of[i]].key != NULL)
			row[i] = res->f[wr->result_of[i]];
	}
	if (wr->added_in_order)		/* the input has none of them */
		memcpy(row + wr->nown, res->f, sizeof res->f);
	else
		for (i = wr->nown; i < wr->ncols; i++)
			row[i] = res->f[wr->result_of[i]];
	return rout_row(wr->w, row);
}

/* The record built, for a writer of another format or a union. */
static int
write_record(struct writer *wr, const struct rec *r,
    const struct screen_result *res, struct rec *o)
{
	size_t i;
	int same;

	rec_clear(o);
	o->loc = r->loc;
	/* under the writer's own names where they are the same, so that
	 * it matches them by pointer */
	same = r->hdr != NULL && r->hdr->gen == wr->gen && r->n <= wr->nown;
	for (i = 0; i < r->n; i++)
		rec_add(o, same ? wr->cols[i] : r->f[i].key, r->f[i].val,
		    r->f[i].len, r->f[i].type);
	screen_result_add(res, r, o);
	return rout_write(wr->w, o);
}

/*
 * A misspelt column (PHQ9_9) would be an answer silently not read: a
 * header is checked once, a CSV file's at its line 1, a YAML record's
 * keys where the record begins.
 */
static void
check_names(const struct rin *in, const struct hdr *h, const struct loc *at)
{
	static unsigned long checked;
	struct loc loc = { rin_name(in), 1 };
	int yaml = rin_format(in) == FMT_YAML;

	if (h == NULL || h->gen == checked)
		return;
	checked = h->gen;
	if (yaml && at != NULL)
		loc.line = at->line;
	if (screen_check_names(h, &loc, yaml) > 0)
		exit(EXIT_TROUBLE);
}

/*
 * Screen every record of in into wr.  A bad record is told (the first
 * CHECK_MAXERR) and the rest are still read, so that a file is mended
 * in one pass; then exit 2, with nothing written.
 */
static void
screen_file(struct rin *in, struct writer *wr)
{
	struct screen_result res = SCREEN_RESULT_INIT;
	struct rec o = REC_INIT, *r;
	size_t nbad = 0;
	int rv, review;

	while ((rv = rin_next(in, &r)) == 1) {
		check_names(in, r->hdr, &r->loc);
		if (!wr->started)
			set_columns(wr, r, r->hdr);
		check_own_begin(nbad);
		review = screen_result(rules, r, &res);
		check_own_done();
		if (review == -1)
			nbad++;
		if (nbad > 0)
			continue;	/* nothing more will be written */
		if (review >= fail_on)
			diag_found();
		if ((wr->cells && r->hdr != NULL && r->hdr->gen == wr->gen &&
		    r->n == wr->nown ? write_cells(wr, r, &res) :
		    write_record(wr, r, &res, &o)) == -1)
			exit(EXIT_TROUBLE);
	}
	check_own_end(nbad, in);
	if (rv == -1 || nbad > 0)
		exit(EXIT_TROUBLE);
	check_names(in, rin_header(in), NULL);
	if (!wr->started && rin_header(in) != NULL)
		set_columns(wr, NULL, rin_header(in));
	rec_free(&o);
	screen_result_free(&res);
}

/* --- --trend: first and latest score per client and instrument --- */

static const int trended[] = { I_PHQ9, I_GAD7, I_AUDIT, I_DAST10, I_CAGE,
	I_CIWA, I_COWS, I_CRAFFT, I_PCL5 };
#define NTRENDED	(sizeof trended / sizeof trended[0])

struct slot {
	long	 n, first_day, latest_day;
	int	 first, latest;
};

struct client {
	const char	*id;		/* ids' copy */
	struct slot	 slot[NTRENDED];
};

static struct names ids = NAMES_INIT;	/* a client's number: its index */
static struct client *clients;
static size_t capclients;

static struct client *
client(const char *id)
{
	size_t i = names_intern(&ids, id, strlen(id));

	clients = xgrowzero(clients, &capclients, i, sizeof *clients, 64);
	clients[i].id = names_str(&ids, i);
	return &clients[i];
}

/* Fold r into its client's first and latest scores: 0, or -1 (told). */
static int
trend_record(const struct rec *r)
{
	const char *id = rec_get(r, "client_id"), *date = rec_get(r, "date");
	struct answers a;
	struct score s;
	struct client *c;
	struct slot *sl;
	size_t k;
	long day;

	if (id == NULL || *id == '\0') {
		diag_warnx(&r->loc, "field 'client_id' is empty");
		return -1;
	}
	if (date == NULL || date_parse(date, &day) == -1) {
		diag_warnx(&r->loc, "field 'date' is not a date (YYYY-MM-DD)");
		return -1;
	}
	if (screen_read(r, &a) == -1)
		return -1;
	c = client(id);
	for (k = 0; k < NTRENDED; k++) {
		screen_score(rules, trended[k], &a, &s);
		if (s.total < 0)
			continue;
		sl = &c->slot[k];
		if (sl->n == 0 || day < sl->first_day) {
			sl->first_day = day;
			sl->first = s.total;
		}
		if (sl->n == 0 || day >= sl->latest_day) {
			sl->latest_day = day;
			sl->latest = s.total;
		}
		sl->n++;
	}
	return 0;
}

static const char *const trendcols[] = {
	"client_id", "instrument", "assessments", "first_date", "first_score",
	"latest_date", "latest_score", "change", "response", "remission",
	"change_class"
};
#define NTRENDCOLS	(sizeof trendcols / sizeof trendcols[0])

static const char *
change_class(int instr, int first, int latest)
{
	const struct trend_rules *t = screen_trend_rules(rules);
	int rel = t->reliable[instr], mean = t->meaningful[instr];
	int better = first - latest;

	if (mean > 0 && better >= mean)
		return "meaningful_improvement";
	if (rel > 0 && better >= rel)
		return "reliable_improvement";
	if (mean > 0 && -better >= mean)
		return "meaningful_worsening";
	if (rel > 0 && -better >= rel)
		return "reliable_worsening";
	return rel > 0 || mean > 0 ? "no_reliable_change" : "";
}

static void
trend_row(struct rec *o, const struct client *c, size_t k)
{
	const struct trend_rules *t = screen_trend_rules(rules);
	const struct slot *sl = &c->slot[k];
	int instr = trended[k];
	char d1[DATE_LEN], d2[DATE_LEN];

	date_format(sl->first_day, d1);
	date_format(sl->latest_day, d2);
	rec_clear(o);
	rec_set(o, trendcols[0], c->id, REC_TEXT);
	rec_set(o, trendcols[1], screen_key(instr), REC_TEXT);
	rec_setf(o, trendcols[2], REC_NUM, "%ld", sl->n);
	rec_set(o, trendcols[3], d1, REC_TEXT);
	rec_setf(o, trendcols[4], REC_NUM, "%d", sl->first);
	rec_set(o, trendcols[5], d2, REC_TEXT);
	rec_setf(o, trendcols[6], REC_NUM, "%d", sl->latest);
	rec_setf(o, trendcols[7], REC_NUM, "%d", sl->latest - sl->first);
	if (instr == I_PHQ9) {
		rec_set(o, trendcols[8], sl->first < t->phq9_baseline ? "" :
		    (sl->first - sl->latest) * 100 >= t->phq9_response *
		    sl->first ? "yes" : "no", REC_TEXT);
		rec_set(o, trendcols[9], sl->latest < t->phq9_remission ?
		    "yes" : "no", REC_TEXT);
	}
	rec_set(o, trendcols[10], change_class(instr, sl->first, sl->latest),
	    REC_TEXT);
}

static void
write_trend(FILE *fp, int fmt)
{
	struct rout *w = rout_open(fp, fmt, opts.raw ? ROUT_RAW : 0);
	struct rec o = REC_INIT;
	size_t i, k;

	rout_columns(w, trendcols, NTRENDCOLS);
	for (i = 0; i < ids.n; i++)
		for (k = 0; k < NTRENDED; k++)
			if (clients[i].slot[k].n > 0) {
				trend_row(&o, &clients[i], k);
				if (rout_write(w, &o) == -1)
					exit(EXIT_TROUBLE);
			}
	if (rout_close(w) == -1)
		exit(EXIT_TROUBLE);
	rec_free(&o);
	free(clients);
	names_free(&ids);
}

/* Every record of in into the trend, the bad ones told as screen_file(). */
static void
read_trend(struct rin *in)
{
	struct rec *r;
	size_t nbad = 0;
	int rv, told;

	while ((rv = rin_next(in, &r)) == 1) {
		check_names(in, r->hdr, &r->loc);
		check_own_begin(nbad);
		told = trend_record(r);
		check_own_done();
		if (told == -1)
			nbad++;
	}
	check_own_end(nbad, in);
	if (rv == -1 || nbad > 0)
		exit(EXIT_TROUBLE);
	check_names(in, rin_header(in), NULL);
}

enum { OPT_FAIL_ON = 2000, OPT_PRINT_RULES };

static const struct option longopts[] = {
	COMMON_LONGOPTS,
	{ "fail-on", required_argument, NULL, OPT_FAIL_ON },
	{ "help", no_argument, NULL, 'h' },
	{ "print-rules", no_argument, NULL, OPT_PRINT_RULES },
	{ "rules", required_argument, NULL, 'r' },
	{ "trend", no_argument, NULL, 't' },
	{ NULL, 0, NULL, 0 }
};

static void
print_rules(void)
{
	fputs(screen_default_rules, stdout);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		diag_syswarn("<stdout>");
		exit(EXIT_TROUBLE);
	}
	exit(0);
}

static void
run(int argc, char **argv, int trend)
{
	static char outbuf[1 << 16];
	struct writer wr = { NULL, 0, 0, NULL, 0, 0, 0, NULL, NULL, 0, 0,
	    NULL };
	struct out *out = NULL;
	struct rin *in;
	int i, fmt, union_;
	size_t k;

	for (i = 0; i < (argc > 0 ? argc : 1); i++) {
		if ((in = rin_open(argc > 0 ? argv[i] : "-", opts.ifmt)) ==
		    NULL)
			exit(EXIT_TROUBLE);
		if (i == 0) {
			fmt = common_outfmt(&opts, rin_format(in));
			if ((out = out_open(opts.output)) == NULL)
				exit(EXIT_TROUBLE);
			/* the output is 14 times the input: in large writes, of
			 * the size out_commit() copies a spool in, so that it
			 * reads straight into its block (no copy) */
			setvbuf(out_file(out), outbuf, _IOFBF, sizeof outbuf);
			/* YAML records, or CSV files, may differ in their
			 * fields: then the CSV header is their union */
			union_ = argc > 1 || rin_format(in) != FMT_CSV;
			wr.cells = fmt == FMT_CSV && !union_;
			if (!trend)
				wr.w = rout_open(out_file(out), fmt, (union_ ?
				    ROUT_UNION : 0) | (opts.raw ? ROUT_RAW : 0));
		}
		if (trend)
			read_trend(in);
		else
			screen_file(in, &wr);
		rin_close(in);
	}
	if (trend)
		write_trend(out_file(out), fmt);
	else {
		if (!wr.started)
			set_columns(&wr, NULL, NULL);
		if (rout_close(wr.w) == -1)
			exit(EXIT_TROUBLE);
		for (k = 0; k < wr.nown; k++)
			free((char *)wr.cols[k]);
		free(wr.cols);
		free(wr.result_of);
		free(wr.replaced);
		free(wr.row);
	}
	if (out_commit(out) == -1)
		exit(EXIT_TROUBLE);
}

int
main(int argc, char *argv[])
{
	const char *rulefile = NULL;
	int ch, trend = 0;

	diag_init(argv[0]);
	if (compat_pledge("stdio rpath wpath cpath") == -1)
		diag_fatal("pledge failed");
	while ((ch = getopt_long(argc, argv, "hI:O:o:r:t", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(0);
		case 'r':
			rulefile = optarg;
			break;
		case 't':
			trend = 1;
			break;
		case OPT_FAIL_ON:
			if (strcmp(optarg, "urgent") == 0)
				fail_on = REVIEW_URGENT;
			else if (strcmp(optarg, "incomplete") == 0)
				fail_on = REVIEW_INCOMPLETE;
			else {
				diag_warnx(NULL, "--fail-on takes urgent or "
				    "incomplete");
				usage(EXIT_TROUBLE);
			}
			break;
		case OPT_PRINT_RULES:
			print_rules();
			break;
		default:
			if (common_option(&opts, ch, optarg) != 1)
				usage(EXIT_TROUBLE);
		}
	}
	argc -= optind;
	argv += optind;
	if (common_today(&opts) == -1)
		usage(EXIT_TROUBLE);
	rules = screen_rules_new();
	if (rulefile != NULL && screen_rules_load(rules, rulefile) == -1)
		return EXIT_TROUBLE;
	run(argc, argv, trend);
	screen_rules_free(rules);
	return diag_status();
}
