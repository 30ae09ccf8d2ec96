/*
 * iop-import: turn a clinic's export into records of iop-formats(5).
 *
 * Reads CSV or TSV as EHRs and spreadsheets write it (other column
 * names, US dates, 12-hour times, their own status words, another
 * delimiter or encoding, empty columns and rows) and writes an
 * attendance log, intakes, a roster or a schedule.  The core programs
 * stay strict; this is the one lenient step, and it is lenient only in
 * what it can read without guessing: a row it cannot map stops the run,
 * or with --rejects goes to a file of its own.
 *
 * The export is read with libcsv directly, not through lib/csvin.c,
 * since another delimiter, another encoding, ragged rows and unnamed
 * columns are what the shared reader rightly refuses.  One row is held
 * at a time; the output and the rejects are spooled to disk by out.h.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <csv.h>

#include "buf.h"
#include "compat.h"
#include "date.h"
#include "diag.h"
#include "import.h"
#include "keyset.h"
#include "opt.h"
#include "out.h"
#include "recio.h"
#include "xalloc.h"

#ifndef IOP_VERSION
#define IOP_VERSION	"unknown"
#endif

#define BLOCK		(64 * 1024)
#define LAST_DAY	2932896L	/* 9999-12-31 */
#define MAX_OVERNIGHT	(12 * 60)	/* longest session read past midnight */
#define HEADER_ROWS	10		/* rows that are not empty searched */

/* A value of a slot, read and checked. */
struct value {
	const char	*text;		/* to write: len bytes */
	size_t		 len;
	int		 type;		/* REC_TEXT or REC_PLAIN */
	int		 min;		/* a time or a duration; -1: empty */
	long		 day;		/* a date and time's day; -1: none */
	char		 buf[DATE_LEN];
};

/* One output column: a field of the type, or one a profile adds. */
struct slot {
	const char	*name;
	const char	*key;		/* the same, as the writer has it */
	const struct import_field *f;	/* NULL: added by a profile */
	long		 col;		/* the input column, -1 if none */
	size_t		 pos;		/* of its name in the profile */
	int		 out;		/* written */
	int		 ties;		/* columns with the winning name */
};

/* The row being read: its fields, NUL-terminated, in one buffer. */
struct row {
	struct buf	 bytes;
	size_t		*off, *len;
	size_t		 n, cap;
	size_t		 line;
};

/* The fields the checks look at, by their slot (resolved per header). */
enum { N_CLIENT, N_DATE, N_START, N_END, N_DURATION, N_START_AT, N_END_AT,
	N_SERVICE, N_STATUS, N_ADMITTED, N_DISCHARGED, NNAMED };
static const char *const named[NNAMED] = { "client_id", "date", "start",
	"end", "duration", "start_datetime", "end_datetime", "service",
	"status", "admitted", "discharged" };

struct importer {
	struct import_profile prof;
	int		 type;
	int		 raw;
	/* the file being read */
	const char	*file;
	struct source	*src;		/* its bytes */
	struct csv_parser p;
	int		 parsing;	/* p is initialised */
	size_t		 line;		/* of the next byte parsed */
	struct row	 row;
	int		 have_header;
	size_t		 rows_above;	/* not empty, and not the header */
	struct {			/* the one most like a header */
		size_t		 line;	/* 0: none yet */
		size_t		 nmissing;
		const char	*field;	/* the first missing */
		char		 seen[700];
	}		 best;
	char		**hnames;	/* the header, trimmed */
	char		**rnames;	/* the same, unique, for the rejects */
	size_t		 hn;
	struct slot	*slot;
	size_t		 nslot;
	struct keyset	*slotnames;	/* the slots' names, by slot */
	struct value	*val;		/* a row's values, one per slot */
	long		 at[NNAMED];	/* slot of each, or -1 */
	/* the output: its columns are the first header's */
	struct out	*out;
	struct rout	*w;
	const char	**cols;
	size_t		 ncols;
	struct rec	 o;
	/* --rejects */
	const char	*rejects;
	struct out	*rout;
	struct rout	*rw;
	struct rec	 rj;
	size_t		 nrejects;
};

/* libcsv's realloc hook takes no argument */
static int field_too_large;

static _Noreturn void
usage(int status)
{
	fprintf(status == 0 ? stdout : stderr, "usage: %s [-h] [-d delim] "
	    "[--date-format fmt] [--encoding name]\n"
	    "\t[--map name=field] [-O fmt] [-o file] [-p profile] "
	    "[--print-profile]\n"
	    "\t[--raw-csv] [--rejects file] [--status word=status] "
	    "[-t type]\n"
	    "\t[--time-format fmt] [--version] [file ...]\n", diag_progname());
	if (status == 0)
		fputs("\n"
		    "  -d, --delimiter c      fields are separated by c, or by "
		    "a tab for 'tab'\n"
		    "      --date-format fmt  dates are in this strptime(3) "
		    "form\n"
		    "      --encoding name    the text is in this encoding, "
		    "not UTF-8\n"
		    "  -h, --help             print this help and exit\n"
		    "      --map name=field   the column name holds field; "
		    "'-' drops it\n"
		    "  -O, --output-format f  write csv, yaml or jsonl\n"
		    "  -o, --output file      write to file, all or nothing\n"
		    "  -p, --profile file     read the settings from a YAML "
		    "profile\n"
		    "      --print-profile    print the built-in profile and "
		    "exit\n"
		    "      --raw-csv          no spreadsheet formula guard in "
		    "CSV\n"
		    "      --rejects file     rows that cannot be mapped go to "
		    "file; exit 1\n"
		    "      --status word=st   the status word means st "
		    "(attended, absent, ...)\n"
		    "  -t, --type type        write log, intake, roster or "
		    "schedule records\n"
		    "      --time-format fmt  times are in this strptime(3) "
		    "form\n"
		    "      --version          print the version and exit\n",
		    stdout);
	out_exit(status);
}

/* --- the row being read --- */

static void
row_reset(struct row *r)
{
	buf_reset(&r->bytes);
	r->n = 0;
}

static void
row_add(struct row *r, const char *s, size_t len)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		r->off = xreallocarray(r->off, r->cap, sizeof *r->off);
		r->len = xreallocarray(r->len, r->cap, sizeof *r->len);
	}
	r->off[r->n] = r->bytes.len;
	r->len[r->n] = len;
	buf_add(&r->bytes, s != NULL ? s : "", len);
	buf_addc(&r->bytes, '\0');
	r->n++;
}

static const char *
row_get(const struct row *r, size_t i)
{
	return r->bytes.s + r->off[i];
}

static int
blank(int c)
{
	return c == ' ' || c == '\t';
}

/*
 * Field i without the spaces around it, which spreadsheets leave: its
 * first byte and its length.  The row keeps them, for the rejects.
 */
static const char *
trimmed(const struct row *r, size_t i, size_t *len)
{
	const char *s = r->bytes.s + r->off[i];
	size_t n = r->len[i];

	while (n > 0 && blank((unsigned char)s[n - 1]))
		n--;
	while (n > 0 && blank((unsigned char)*s)) {
		s++;
		n--;
	}
	*len = n;
	return s;
}

static int
empty_field(const struct row *r, size_t i)
{
	const char *s = row_get(r, i);
	size_t k;

	for (k = 0; k < r->len[i]; k++)
		if (!blank((unsigned char)s[k]))
			return 0;
	return 1;
}

/* --- messages --- */

/*
 * A column for a message: its place in the header, and the field it is
 * read as when that is one of ours.  Never its name: a header cell is
 * the export's, and clinics put anything there, names and birth dates
 * included.  A field a profile adds is named by the profile, so it is
 * not printed either.
 */
static const char *
colname(const struct importer *im, long col, char buf[80])
{
	size_t i;

	for (i = 0; i < im->nslot; i++)
		if (im->slot[i].col == col && im->slot[i].f != NULL) {
			snprintf(buf, 80, "column %ld (field '%s')", col + 1,
			    im->slot[i].name);
			return buf;
		}
	snprintf(buf, 80, "column %ld", col + 1);
	return buf;
}

/*
 * For a message about a missing column, the places of the header's
 * named columns that give no field (as many as fit in dst): "the
 * header's columns 2, 4 (of 6) give no field".
 */
static void
unused_columns(const struct importer *im, char *dst, size_t n)
{
	unsigned char *used = xcalloc(im->hn, 1);
	char list[600];
	size_t i, k = 0, len = 0;

	for (i = 0; i < im->nslot; i++)
		if (im->slot[i].col >= 0)
			used[im->slot[i].col] = 1;
	list[0] = '\0';
	for (i = 0; i < im->hn; i++) {
		if (used[i] || im->hnames[i][0] == '\0')
			continue;
		if (len + 32 >= sizeof list) {
			snprintf(list + len, sizeof list - len, ", ...");
			k++;
			break;
		}
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%zu",
		    k++ ? ", " : "", i + 1);
	}
	free(used);
	if (k == 0)
		snprintf(dst, n, "every named column of the header gives "
		    "another field");
	else
		snprintf(dst, n, "the header's column%s %s (of %zu) give%s no "
		    "field", k > 1 ? "s" : "", list, im->hn, k > 1 ? "" : "s");
}

/* --- the rejects file --- */

static void
reject_open(struct importer *im)
{
	static const char *const cols[] = { "file", "line", "reason" };

	if ((im->rout = out_open(im->rejects)) == NULL)
		exit(EXIT_TROUBLE);
	/* a header may differ between files: the rejects' is their union */
	im->rw = rout_open(out_file(im->rout), FMT_CSV, ROUT_UNION |
	    (im->raw ? ROUT_RAW : 0));
	rout_columns(im->rw, cols, 3);
}

/*
 * A row that cannot be mapped: without --rejects, the end of the run;
 * with it, the row as read goes to the rejects file with its line and
 * the reason, and the run goes on.
 */
static void
reject(struct importer *im, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
reject(struct importer *im, const char *fmt, ...)
{
	struct loc loc = { im->file, im->row.line };
	struct row *r = &im->row;
	char reason[512], (*extra)[32] = NULL;
	size_t i, n = r->n > im->hn ? r->n : im->hn;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	if (im->rejects == NULL)
		diag_errx(&loc, "%s", reason);
	im->nrejects++;
	rec_clear(&im->rj);
	im->rj.loc = loc;
	rec_adds(&im->rj, "file", im->file, REC_TEXT);
	rec_add_count(&im->rj, "line", (long)r->line);
	rec_adds(&im->rj, "reason", reason, REC_TEXT);
	if (r->n > im->hn)
		extra = xcalloc(r->n - im->hn, sizeof *extra);
	for (i = 0; i < n; i++) {
		const char *key = i < im->hn ? im->rnames[i] : extra[i - im->hn];

		if (i >= im->hn)
			snprintf(extra[i - im->hn], sizeof *extra, "column_%zu",
			    i + 1);
		if (i < r->n)
			rec_add(&im->rj, key, row_get(r, i), r->len[i],
			    REC_TEXT);
		else
			rec_add(&im->rj, key, "", 0, REC_TEXT);
	}
	if (rout_write(im->rw, &im->rj) == -1)
		exit(EXIT_TROUBLE);
	free(extra);
}

/* --- the header --- */

static void
header_free(struct importer *im)
{
	size_t i;

	for (i = 0; i < im->hn; i++) {
		free(im->hnames[i]);
		free(im->rnames[i]);
	}
	free(im->hnames);
	free(im->rnames);
	free(im->slot);
	free(im->val);
	if (im->slotnames != NULL)
		keyset_free(im->slotnames);
	im->slotnames = NULL;
	im->hnames = im->rnames = NULL;
	im->slot = NULL;
	im->val = NULL;
	im->hn = im->nslot = 0;
}

/*
 * The rejects file repeats the header, so its names must be unique and
 * not those of its own first columns: else "column_N".
 */
static void
reject_names(struct importer *im)
{
	struct keyset *seen = keyset_new();	/* the names given so far */
	size_t i;
	char gen[32];

	im->rnames = xcalloc(im->hn, sizeof *im->rnames);
	for (i = 0; i < im->hn; i++) {
		const char *s = im->hnames[i];
		int dup = *s == '\0' || strcmp(s, "file") == 0 ||
		    strcmp(s, "line") == 0 || strcmp(s, "reason") == 0 ||
		    keyset_find(seen, s, strlen(s)) != -1;

		snprintf(gen, sizeof gen, "column_%zu", i + 1);
		im->rnames[i] = xstrdup(dup ? gen : s);
		keyset_add(seen, im->rnames[i], strlen(im->rnames[i]), i);
	}
	keyset_free(seen);
}

static struct slot *
slot_of(struct importer *im, const char *name)
{
	long k = keyset_find(im->slotnames, name, strlen(name));

	return k == -1 ? NULL : &im->slot[k];
}

/* A new slot for field name (a string that outlives the slots). */
static struct slot *
new_slot(struct importer *im, const char *name)
{
	struct slot *s = &im->slot[im->nslot];

	s->name = name;
	s->col = -1;
	keyset_add(im->slotnames, name, strlen(name), im->nslot++);
	return s;
}

/* The fields of the type, then room for those the profile adds. */
static void
make_slots(struct importer *im)
{
	size_t i, n;
	const struct import_field *f = import_fields(&n);

	im->slot = xcalloc(n + im->hn, sizeof *im->slot);
	im->slotnames = keyset_new();
	for (i = 0; i < n; i++)
		if (f[i].types & (1u << im->type))
			new_slot(im, f[i].name)->f = &f[i];
}

/*
 * Where column i goes: a slot, or NULL (no name, dropped, or a field
 * of another type).  *pos is the place of the name that matched.
 */
static struct slot *
column_slot(struct importer *im, size_t i, size_t *pos)
{
	const struct import_field *f;
	const char *to;
	char *fold = import_fold_dup(im->hnames[i]);
	struct slot *s;

	to = *fold != '\0' ? import_lookup(&im->prof.columns, fold, pos) :
	    NULL;
	free(fold);
	if (to == NULL || strcmp(to, "-") == 0)
		return NULL;
	if ((s = slot_of(im, to)) != NULL)
		return s;
	if ((f = import_field(to)) != NULL)
		return NULL;		/* of another type */
	return new_slot(im, to);	/* the profile's name: lives as long */
}

/* Each slot takes the column whose name comes first in the profile. */
static void
assign_columns(struct importer *im)
{
	size_t i, pos;
	struct slot *s;

	for (i = 0; i < im->hn; i++)
		if ((s = column_slot(im, i, &pos)) != NULL &&
		    (s->col == -1 || pos < s->pos)) {
			s->col = (long)i;
			s->pos = pos;
		}
}

/* A slot's field for a message: ours by name, a profile's by its origin. */
static const char *
field_of(const struct slot *s, char buf[80])
{
	if (s->f == NULL)
		return "the field the profile maps both to";
	snprintf(buf, 80, "'%s'", s->name);
	return buf;
}

/* Two columns with the name a slot took cannot be told apart. */
static void
check_same_names(struct importer *im)
{
	struct loc loc = { im->file, im->row.line };
	size_t i, pos;
	struct slot *s;
	char a[80];

	for (i = 0; i < im->hn; i++)
		if ((s = column_slot(im, i, &pos)) != NULL && pos == s->pos &&
		    s->col != (long)i)
			diag_errx(&loc, "columns %ld and %zu have the same "
			    "name: which holds %s?", s->col + 1, i + 1,
			    field_of(s, a));
}

static int
has_column(struct importer *im, const char *field)
{
	struct slot *s = slot_of(im, field);

	return s != NULL && s->col >= 0;
}

/*
 * The required fields the header gives no column for: how many, and
 * the first.  A date and time column gives the date and the start;
 * the end may come from one too, or from a duration.
 */
static size_t
missing_columns(struct importer *im, const char **first)
{
	size_t i, n = 0;

	*first = NULL;
	for (i = 0; i < im->nslot; i++) {
		struct slot *s = &im->slot[i];

		if (s->col >= 0 || s->f == NULL ||
		    !(s->f->required & (1u << im->type)))
			continue;
		if (strcmp(s->name, "end") == 0 && (has_column(im, "duration") ||
		    has_column(im, "end_datetime")))
			continue;
		if ((strcmp(s->name, "date") == 0 ||
		    strcmp(s->name, "start") == 0) &&
		    has_column(im, "start_datetime"))
			continue;
		if (n++ == 0)
			*first = s->name;
	}
	return n;
}

/*
 * A row that lacks a required column is not the header, but it may be
 * a title above it: keep what the message will say of the row most
 * like a header (the fewest missing, the first of those), in case no
 * row of the first HEADER_ROWS is one.
 */
static void
note_not_header(struct importer *im, size_t nmissing, const char *field)
{
	if (im->best.line != 0 && nmissing >= im->best.nmissing)
		return;
	im->best.line = im->row.line;
	im->best.nmissing = nmissing;
	im->best.field = field;
	unused_columns(im, im->best.seen, sizeof im->best.seen);
}

/* The other fields that can stand in for a missing one, for its message. */
static const char *
stand_ins(const char *f)
{
	if (strcmp(f, "end") == 0)
		return ", 'duration' or 'end_datetime'";
	if (strcmp(f, "date") == 0 || strcmp(f, "start") == 0)
		return " or 'start_datetime'";
	return "";
}

static _Noreturn void
no_header(struct importer *im)
{
	struct loc loc = { im->file, im->best.line };
	const char *f = im->best.field;

	diag_errx(&loc, "no column gives '%s'%s (map one with --map "
	    "'NAME=%s'); %s", f,
	    stand_ins(f), f, im->best.seen);
}

/* Written: every field with a column, and those the type requires. */
static void
choose_output(struct importer *im)
{
	size_t i;

	for (i = 0; i < im->nslot; i++) {
		struct slot *s = &im->slot[i];

		if (s->f == NULL)
			s->out = s->col >= 0;
		else if (s->f->kind == IK_DURATION ||
		    s->f->kind == IK_DATETIME)
			s->out = 0;	/* read, never written */
		else
			s->out = s->col >= 0 ||
			    (s->f->required & (1u << im->type));
	}
}

/* The first header fixes the output's columns; the others must agree. */
static void
fix_columns(struct importer *im)
{
	struct loc loc = { im->file, im->row.line };
	size_t i, j, n = 0;

	for (i = 0; i < im->nslot; i++)
		n += im->slot[i].out;
	if (im->cols == NULL) {
		im->cols = xcalloc(n ? n : 1, sizeof *im->cols);
		for (i = 0; i < im->nslot; i++)
			if (im->slot[i].out)
				im->cols[im->ncols++] = xstrdup(im->slot[i].name);
		rout_columns(im->w, im->cols, im->ncols);
	}
	/* the writer matches a record's keys to its columns by pointer */
	for (i = 0; i < im->nslot; i++) {
		if (!im->slot[i].out)
			continue;
		for (j = 0; j < im->ncols; j++)
			if (strcmp(im->cols[j], im->slot[i].name) == 0)
				break;
		if (j == im->ncols)
			n = (size_t)-1;
		else
			im->slot[i].key = im->cols[j];
	}
	if (n != im->ncols)
		diag_errx(&loc, "the header gives other fields than the first "
		    "file's; import the files apart");
}

/* Rows above the header are never dropped without a word. */
static void
notice_titles(const struct importer *im, const struct loc *header)
{
	char file[256];
	size_t n = im->rows_above;

	fprintf(stderr, "%s: %s:%zu: notice: the header; %zu line%s above it "
	    "skipped as title%s\n", diag_progname(),
	    diag_safe(file, sizeof file, header->file), header->line, n,
	    n > 1 ? "s" : "", n > 1 ? "s" : "");
}

static void
header_row(struct importer *im)
{
	struct loc loc = { im->file, im->row.line };
	struct row *r = &im->row;
	size_t i, n = r->n, nmissing;
	const char *field;

	while (n > 0 && empty_field(r, n - 1))
		n--;		/* a spreadsheet's empty columns */
	if (n == 0)
		return;		/* no names: not the header yet */
	for (i = 0; i < n; i++)
		if (!utf8_valid(row_get(r, i), r->len[i]))
			diag_errx(&loc, "the header is not valid UTF-8 text%s",
			    im->prof.encoding == NULL ? " (is the file in "
			    "another encoding? try --encoding windows-1252)" :
			    "");
	im->hn = n;
	im->hnames = xcalloc(n, sizeof *im->hnames);
	for (i = 0; i < n; i++) {
		size_t len;
		const char *t = trimmed(r, i, &len);

		im->hnames[i] = xstrndup(t, len);
	}
	reject_names(im);
	make_slots(im);
	for (i = 0; i < NNAMED; i++) {
		struct slot *sl = slot_of(im, named[i]);

		im->at[i] = sl != NULL ? sl - im->slot : -1;
	}
	assign_columns(im);
	if ((nmissing = missing_columns(im, &field)) > 0) {
		note_not_header(im, nmissing, field);
		header_free(im);
		if (++im->rows_above == HEADER_ROWS)
			no_header(im);
		return;
	}
	if (im->rows_above > 0)
		notice_titles(im, &loc);
	check_same_names(im);
	choose_output(im);
	fix_columns(im);
	im->val = xcalloc(im->nslot, sizeof *im->val);
	im->have_header = 1;
}

/* --- a record --- */

static const char *
date_forms(const struct importer *im)
{
	return im->prof.date_format != NULL ? "as --date-format says" :
	    "YYYY-MM-DD, MM/DD/YYYY or M/D/YYYY";
}

static const char *
time_forms(const struct importer *im)
{
	return im->prof.time_format != NULL ? "as --time-format says" :
	    "H:MM, HH:MM:SS or h:MM AM/PM";
}

/* What the map says a word means; NULL if the map lacks it. */
static const char *
map_word(const struct importer *im, int map, const char *t, size_t len)
{
	char word[64], fold[64];

	if (len >= sizeof word)
		return NULL;
	memcpy(word, t, len);
	word[len] = '\0';
	if (import_fold(fold, sizeof fold, word) == -1)
		return NULL;
	return import_lookup(&im->prof.words[map], fold, NULL);
}

/*
 * A date and a time; where a column gives the date, a time alone too
 * (an export's "Scheduled Time" may hold either).
 */
static int
read_datetime(const struct importer *im, const struct slot *s,
    const char *text, struct value *v)
{
	int allow24 = strcmp(s->name, "end_datetime") == 0;
	const struct slot *date = im->at[N_DATE] >= 0 ?
	    &im->slot[im->at[N_DATE]] : NULL;

	if (import_datetime(text, im->prof.date_format, im->prof.time_format,
	    allow24, &v->day, &v->min) == 0)
		return 0;
	v->day = -1;
	if (date == NULL || date->col < 0)
		return -1;
	return import_time(text, im->prof.time_format, allow24, &v->min);
}

/* Read a date, a time or a duration: 0, or -1 if it is none. */
static int
read_when(const struct importer *im, const struct slot *s, const char *t,
    size_t len, struct value *v)
{
	char text[64];
	long day;

	if (len >= sizeof text)
		return -1;
	memcpy(text, t, len);
	text[len] = '\0';
	switch (s->f->kind) {
	case IK_DATE:
		if (import_date(text, im->prof.date_format, &day) == -1)
			return -1;
		date_format(day, v->buf);
		v->text = v->buf;
		v->len = strlen(v->buf);
		v->type = REC_PLAIN;
		return 0;
	case IK_DURATION:
		return import_duration(text, &v->min);
	case IK_DATETIME:
		return read_datetime(im, s, text, v);
	default:
		return import_time(text, im->prof.time_format,
		    s->f->kind == IK_END, &v->min);
	}
}

/* 0, or -1 after reject(). */
static int
read_value(struct importer *im, const struct slot *s, struct value *v)
{
	size_t len = 0;
	const char *t = s->col >= 0 && (size_t)s->col < im->row.n ?
	    trimmed(&im->row, (size_t)s->col, &len) : "";
	const char *mapped;
	char name[80];

	v->text = len > 0 ? t : "";
	v->len = len;
	v->type = REC_TEXT;
	v->min = -1;
	v->day = -1;
	if (len == 0 || s->f == NULL)
		return 0;
	switch (s->f->kind) {
	case IK_DATE:
	case IK_START:
	case IK_END:
	case IK_DURATION:
	case IK_DATETIME:
		if (read_when(im, s, t, len, v) == 0)
			return 0;
		if (s->f->kind == IK_DATETIME)
			reject(im, "%s is not a date and a time (%s, "
			    "then %s)", colname(im, s->col, name), date_forms(im),
			    time_forms(im));
		else if (s->f->kind == IK_DATE)
			reject(im, "%s is not a date (%s)",
			    colname(im, s->col, name), date_forms(im));
		else if (s->f->kind == IK_DURATION)
			reject(im, "%s is not a duration (minutes, or "
			    "H:MM; at most 24 hours)", colname(im, s->col, name));
		else
			reject(im, "%s is not a time (%s)",
			    colname(im, s->col, name), time_forms(im));
		return -1;
	case IK_WORD:
	case IK_FREE:
		if ((mapped = map_word(im, s->f->map, t, len)) != NULL) {
			v->text = mapped;
			v->len = strlen(mapped);
			v->type = s->f->kind == IK_WORD ? REC_PLAIN : REC_TEXT;
		} else if (s->f->kind == IK_WORD) {
			reject(im, "%s has a word that is not in the "
			    "profile's '%s' list%s", colname(im, s->col, name),
			    import_map_name(s->f->map), s->f->map == MAP_STATUS ?
			    " (add it with --status WORD=STATUS)" : "");
			return -1;
		}
		return 0;
	}
	return 0;
}

/* The value of a named field, or NULL if the type has no such field. */
static const struct value *
value_of(const struct importer *im, const struct value *v, int which)
{
	return im->at[which] >= 0 ? &v[im->at[which]] : NULL;
}

/* Its column, or -1. */
static long
col_of(const struct importer *im, int which)
{
	return im->at[which] >= 0 ? im->slot[im->at[which]].col : -1;
}

/*
 * The column to name for a date, a start or an end: its own, else the
 * date and time column it came from.
 */
static long
when_col(const struct importer *im, int which)
{
	long col = col_of(im, which);

	if (col >= 0)
		return col;
	if (which == N_DATE || which == N_START)
		return col_of(im, N_START_AT);
	if (which == N_END)
		return col_of(im, N_END_AT);
	return -1;
}

static int
is_present(const char *status)
{
	return strcmp(status, "attended") == 0 || strcmp(status, "late") == 0 ||
	    strcmp(status, "left_early") == 0;
}

/* A value the record must have: 0, or -1 after reject(). */
static int
need(struct importer *im, const struct value *v, int which)
{
	char buf[80];
	long col = when_col(im, which);

	if (v == NULL || v->len > 0 || v->min >= 0)
		return 0;
	if (col >= 0)
		reject(im, "%s is empty", colname(im, col, buf));
	else
		reject(im, "field '%s' is empty", named[which]);
	return -1;
}

static void
set_date(struct value *v, long day)
{
	date_format(day, v->buf);
	v->text = v->buf;
	v->len = strlen(v->buf);
	v->type = REC_PLAIN;
}

/*
 * Fold the start's date and time column into the date and the start,
 * which must agree with it where their own columns give them too.
 * 0, or -1 after reject().
 */
static int
merge_start(struct importer *im, struct value *v, long *day)
{
	struct value *date = &v[im->at[N_DATE]], *st = &v[im->at[N_START]];
	const struct value *sa = &v[im->at[N_START_AT]];
	char a[80], b[80];

	*day = -1;
	if (date->len > 0 && date_parse(date->text, day) == -1)
		*day = -1;
	if (sa->min < 0)
		return 0;
	if (sa->day >= 0 && *day >= 0 && sa->day != *day) {
		reject(im, "%s and %s give other dates",
		    colname(im, col_of(im, N_DATE), a), colname(im,
		    col_of(im, N_START_AT), b));
		return -1;
	}
	if (st->min >= 0 && st->min != sa->min) {
		reject(im, "%s and %s give other times",
		    colname(im, col_of(im, N_START), a), colname(im,
		    col_of(im, N_START_AT), b));
		return -1;
	}
	if (sa->day >= 0 && *day < 0) {
		*day = sa->day;
		set_date(date, *day);
	}
	st->min = sa->min;
	return 0;
}

/*
 * Fold the end's date and time column into the end.  An end with its
 * own date is on the start's day or the next (then past 24:00), and
 * needs no guess at midnight: en->day says so.  0, or -1 after reject().
 */
static int
merge_end(struct importer *im, struct value *v, long day)
{
	struct value *en = &v[im->at[N_END]];
	const struct value *ea = &v[im->at[N_END_AT]];
	char a[80], b[80];

	if (ea->min < 0)
		return 0;
	if (en->min >= 0 && en->min != ea->min) {
		reject(im, "%s and %s give other times",
		    colname(im, col_of(im, N_END), a), colname(im,
		    col_of(im, N_END_AT), b));
		return -1;
	}
	en->min = ea->min;
	if (ea->day < 0 || day < 0)	/* no date: as an end column's */
		return 0;
	if (ea->day != day && ea->day != day + 1) {
		reject(im, "%s is not on the day the session starts "
		    "or the next", colname(im, col_of(im, N_END_AT), a));
		return -1;
	}
	en->day = ea->day - day;
	en->min += (int)en->day * 24 * 60;
	return 0;
}

/* A log's or a schedule's date and time columns: 0, or -1 (rejected). */
static int
merge_datetimes(struct importer *im, struct value *v)
{
	long day;

	if (im->at[N_START_AT] < 0)	/* a type without times */
		return 0;
	if (merge_start(im, v, &day) == -1)
		return -1;
	return merge_end(im, v, day);
}

/*
 * The times of a session: *s and *e in minutes from the start of its
 * day, *e up to 48 hours; both -1 when the record has none.  An end
 * before the start, or at 00:00, is on the next day (00:00 is then
 * 24:00), if that makes a session of at most MAX_OVERNIGHT: a longer
 * one is more often a slip of AM for PM.  An end whose own date says
 * its day needs no such guess, and may be up to 24 hours after the
 * start.  0, or -1 after reject().
 */
static int
session_times(struct importer *im, const struct value *v, int *s, int *e)
{
	const struct value *st = value_of(im, v, N_START);
	const struct value *en = value_of(im, v, N_END);
	const struct value *du = value_of(im, v, N_DURATION);
	int has_end = col_of(im, N_END) >= 0 || col_of(im, N_END_AT) >= 0;
	char a[80], b[80];

	*s = st->min;
	*e = has_end ? en->min : *s >= 0 && du->min >= 0 ? *s + du->min :
	    -1;
	if ((*s < 0) != (*e < 0))
		return need(im, *s < 0 ? st : has_end ? en : du, *s < 0 ?
		    N_START : has_end ? N_END : N_DURATION);
	if (*s < 0 || !has_end)
		return 0;
	if (en->day >= 0) {
		if (*e > *s && *e - *s <= 24 * 60)
			return 0;
		reject(im, "%s is not after %s, or more than 24 "
		    "hours after it", colname(im, col_of(im, N_END_AT), a),
		    colname(im, when_col(im, N_START), b));
		return -1;
	}
	if (*e < *s && *e + 24 * 60 - *s <= MAX_OVERNIGHT)
		*e += 24 * 60;
	if (*e <= *s) {
		reject(im, "%s is not after %s (a session past "
		    "midnight may last at most 12 hours)", colname(im,
		    when_col(im, N_END), a), colname(im, when_col(im, N_START),
		    b));
		return -1;
	}
	return 0;
}

/* The type's own checks of a record: 0, or -1 after reject(). */
static int
check_record(struct importer *im, const struct value *v)
{
	const struct value *status = value_of(im, v, N_STATUS);
	const struct value *svc = value_of(im, v, N_SERVICE);
	const struct value *adm, *dis;
	char name[80], other[80];
	long a, d;

	if (need(im, value_of(im, v, N_CLIENT), N_CLIENT) == -1)
		return -1;
	if ((im->type == IMPORT_LOG || im->type == IMPORT_SCHEDULE) &&
	    need(im, value_of(im, v, N_DATE), N_DATE) == -1)
		return -1;
	if (need(im, status, N_STATUS) == -1)
		return -1;
	if (status != NULL && is_present(status->text) &&
	    need(im, svc, N_SERVICE) == -1)
		return -1;
	if (svc != NULL && svc->len > 63) {
		reject(im, "%s is longer than 63 bytes",
		    colname(im, col_of(im, N_SERVICE), name));
		return -1;
	}
	if (im->type != IMPORT_ROSTER)
		return 0;
	adm = value_of(im, v, N_ADMITTED);
	dis = value_of(im, v, N_DISCHARGED);
	if (adm->len > 0 && dis->len > 0 &&
	    date_parse(adm->text, &a) == 0 && date_parse(dis->text, &d) == 0 &&
	    d < a) {
		reject(im, "%s is before %s", colname(im,
		    col_of(im, N_DISCHARGED), name), colname(im, col_of(im,
		    N_ADMITTED), other));
		return -1;
	}
	return 0;
}

/* Write one record: the day's part of a session, from s to e. */
static void
write_record(struct importer *im, const struct value *v, const char *date,
    int s, int e)
{
	char ts[6], te[6];
	size_t i;

	rec_clear(&im->o);
	im->o.loc.file = im->file;
	im->o.loc.line = im->row.line;
	for (i = 0; i < im->nslot; i++) {
		const struct slot *sl = &im->slot[i];
		const char *key = sl->key;

		if (!sl->out)
			continue;
		if (date != NULL && (long)i == im->at[N_DATE])
			rec_adds(&im->o, key, date, REC_PLAIN);
		else if (sl->f != NULL && (sl->f->kind == IK_START ||
		    sl->f->kind == IK_END)) {
			int t = sl->f->kind == IK_START ? s : e;

			if (t >= 0)
				time_format(t, sl->f->kind == IK_START ? ts : te);
			rec_adds(&im->o, key, t < 0 ? "" : sl->f->kind ==
			    IK_START ? ts : te, REC_PLAIN);
		} else
			rec_add(&im->o, key, v[i].text, v[i].len, v[i].type);
	}
	if (rout_write(im->w, &im->o) == -1)
		exit(EXIT_TROUBLE);
}

/*
 * A session past midnight is two records, as iop-formats(5) logs it:
 * to 24:00 on its day, and from 00:00 on the next.
 */
static void
write_session(struct importer *im, const struct value *v, int s, int e)
{
	const struct value *date = value_of(im, v, N_DATE);
	char next[DATE_LEN];
	long day;

	if (e <= 24 * 60) {
		write_record(im, v, NULL, s, e);
		return;
	}
	if (date_parse(date->text, &day) == -1 || day >= LAST_DAY) {
		reject(im, "the session ends after the year 9999");
		return;
	}
	date_format(day + 1, next);
	write_record(im, v, NULL, s, 24 * 60);
	write_record(im, v, next, 0, e - 24 * 60);
}

static void
data_row(struct importer *im)
{
	struct row *r = &im->row;
	struct value *v = im->val;
	size_t i, n = r->n;
	int s = -1, e = -1;
	char name[80];

	while (n > 0 && empty_field(r, n - 1))
		n--;
	if (n == 0)
		return;		/* an empty row */
	if (n > im->hn) {
		reject(im, "the row has more fields than the header");
		return;
	}
	for (i = 0; i < n; i++)
		if (!utf8_valid(row_get(r, i), r->len[i])) {
			reject(im, "%s is not valid UTF-8 text%s",
			    colname(im, (long)i, name), im->prof.encoding ==
			    NULL ? " (is the file in another encoding? try "
			    "--encoding windows-1252)" : "");
			return;
		}
	r->n = n;
	for (i = 0; i < im->nslot; i++)
		if (read_value(im, &im->slot[i], &v[i]) == -1)
			return;
	if (merge_datetimes(im, v) == -1 || check_record(im, v) == -1)
		return;
	if ((im->type == IMPORT_LOG || im->type == IMPORT_SCHEDULE) &&
	    session_times(im, v, &s, &e) == -1)
		return;
	/* an attended session, and a scheduled one, has its times */
	if (s < 0 && (im->type == IMPORT_SCHEDULE || (im->type == IMPORT_LOG &&
	    is_present(value_of(im, v, N_STATUS)->text))) &&
	    need(im, value_of(im, v, N_START), N_START) == -1)
		return;
	write_session(im, v, s, e);
}

/* --- reading --- */

static void
on_field(void *s, size_t len, void *arg)
{
	struct importer *im = arg;
	const char *p = s, *q;

	if (im->row.n == 0)
		im->row.line = im->line;
	if (im->row.n >= RECIO_FIELDS_MAX) {
		struct loc loc = { im->file, im->row.line };

		diag_errx(&loc, "more than %d fields in a row",
		    RECIO_FIELDS_MAX);
	}
	if (p == NULL)
		len = 0;
	for (q = p; q != NULL && (q = memchr(q, '\n', len - (size_t)(q - p)))
	    != NULL; q++)
		im->line++;	/* a quoted line break */
	row_add(&im->row, p, len);
}

static void
on_row(int term, void *arg)
{
	struct importer *im = arg;

	if (im->row.n > 0) {
		if (!im->have_header)
			header_row(im);
		else
			data_row(im);
		row_reset(&im->row);
	}
	if (term == '\n')
		im->line++;
}

/* libcsv's field buffer grows through this: refuse a runaway field. */
static void *
capped_realloc(void *p, size_t n)
{
	if (n > RECIO_FIELD_MAX + 1024) {
		field_too_large = 1;
		return NULL;
	}
	return realloc(p, n);
}

static size_t
count_lf(const char *s, size_t n)
{
	size_t k = 0;
	const char *e = s + n;

	while ((s = memchr(s, '\n', (size_t)(e - s))) != NULL) {
		k++;
		s++;
	}
	return k;
}

/* Bytes of a file, in UTF-8: converted through iconv(3) when need be. */
struct source {
	const char	*name;
	int		 fd;
	const char	*enc;		/* NULL: UTF-8 */
	iconv_t		 cd;
	int		 conv, started, eof;
	int		 bom_checked;	/* in the converted text */
	char		 in[BLOCK];
	size_t		 inlen;
	char		*out;
	size_t		 lines;		/* line feeds handed out */
};

static _Noreturn void
source_fail(struct source *src, size_t line, const char *what)
{
	struct loc loc = { src->name, line };
	char enc[64];

	diag_errx(&loc, what, diag_safe(enc, sizeof enc, src->enc));
}

/* The first bytes: a byte order mark says UTF-8 or UTF-16. */
static void
source_start(struct source *src)
{
	const unsigned char *b = (const unsigned char *)src->in;

	src->started = 1;
	if (src->inlen >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf) {
		if (src->enc != NULL)
			source_fail(src, 1, "the file starts with a UTF-8 byte "
			    "order mark: it is UTF-8, not %s");
		memmove(src->in, src->in + 3, src->inlen - 3);
		src->inlen -= 3;
	} else if (src->enc == NULL && src->inlen >= 2 &&
	    ((b[0] == 0xff && b[1] == 0xfe) || (b[0] == 0xfe && b[1] == 0xff)))
		src->enc = "UTF-16";
	if (src->enc == NULL)
		return;
	if ((src->cd = iconv_open("UTF-8", src->enc)) == (iconv_t)-1)
		source_fail(src, 0, "iconv(3) does not know the encoding %s");
	src->conv = 1;
	src->out = xmalloc(4 * BLOCK + 16);
}

static int
source_read(struct source *src)
{
	ssize_t k;

	if (src->eof || src->inlen == BLOCK)
		return 0;
	do
		k = read(src->fd, src->in + src->inlen, BLOCK - src->inlen);
	while (k == -1 && errno == EINTR);
	if (k == -1) {
		diag_syswarn(src->name);
		exit(EXIT_TROUBLE);
	}
	if (k == 0)
		src->eof = 1;
	src->inlen += (size_t)k;
	return (int)(k > 0);
}

/* Convert what has been read; the bytes of a split character wait. */
static size_t
source_convert(struct source *src)
{
	char *ip = src->in, *op = src->out;
	size_t il = src->inlen, ol = 4 * BLOCK + 16, made;

	if (iconv(src->cd, &ip, &il, &op, &ol) == (size_t)-1 &&
	    errno == EILSEQ)
		source_fail(src, src->lines + count_lf(src->out,
		    (size_t)(op - src->out)) + 1, "not valid %s text");
	memmove(src->in, ip, il);
	src->inlen = il;
	if (src->eof && il == 0)	/* a stateful encoding's last bytes */
		iconv(src->cd, NULL, NULL, &op, &ol);
	made = (size_t)(op - src->out);
	if (made == 0 && src->eof && il > 0)
		source_fail(src, src->lines + 1, "the file ends in the middle of a "
		    "%s character");
	return made;
}

/*
 * Has the text the HEADER_ROWS lines that are not empty which sniff()
 * looks at (the header, and any title above it), each whole?
 */
static int
has_header_rows(const char *p, size_t n)
{
	size_t i = 0, rows = 0;
	const char *lf;

	while (rows < HEADER_ROWS) {
		while (i < n && (p[i] == '\r' || p[i] == '\n'))
			i++;
		if ((lf = memchr(p + i, '\n', n - i)) == NULL)
			return 0;
		i = (size_t)(lf - p) + 1;
		rows++;
	}
	return 1;
}

/*
 * The next bytes of text: 1, or 0 at the end of the file.  The first
 * holds the lines sniff() looks at whole if they fit a block, however a
 * pipe hands the bytes over.
 */
static int
source_next(struct source *src, const char **p, size_t *n)
{
	for (;;) {
		source_read(src);
		if (!src->started) {
			if (!src->eof && src->inlen < BLOCK &&
			    !has_header_rows(src->in, src->inlen))
				continue;
			source_start(src);
		}
		if (!src->conv) {
			*p = src->in;
			*n = src->inlen;
			src->inlen = 0;
			return *n > 0;
		}
		if ((*n = source_convert(src)) > 0) {
			*p = src->out;
			/* a byte order mark that iconv(3) kept */
			if (!src->bom_checked++ && *n >= 3 &&
			    memcmp(*p, "\xef\xbb\xbf", 3) == 0) {
				*p += 3;
				*n -= 3;
			}
			src->lines += count_lf(*p, *n);
			return 1;
		}
		if (src->eof && src->inlen == 0)
			return 0;
	}
}

/*
 * Count the commas, semicolons and tabs outside quotes of the line at
 * p[*i] (n[0..2]), and move *i past it.
 */
static void
count_delims(const char *p, size_t len, size_t *i, size_t n[3])
{
	int quoted = 0;

	n[0] = n[1] = n[2] = 0;
	for (; *i < len && (quoted || p[*i] != '\n'); (*i)++) {
		if (p[*i] == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (p[*i] == ',')
			n[0]++;
		else if (p[*i] == ';')
			n[1]++;
		else if (p[*i] == '\t')
			n[2]++;
	}
}

/*
 * The delimiter: the most frequent of comma, semicolon and tab outside
 * quotes, in the line that has the most of them among the first
 * HEADER_ROWS lines that are not empty (the header, not a title above
 * it); a comma if there is none.
 */
static int
sniff(const struct importer *im, const char *p, size_t len)
{
	size_t i = 0, lines = 0, n[3], best[3] = { 0, 0, 0 };
	struct loc loc = { im->file, 0 };

	while (i < len && lines < HEADER_ROWS) {
		while (i < len && (p[i] == '\r' || p[i] == '\n'))
			i++;
		count_delims(p, len, &i, n);
		if (n[0] + n[1] + n[2] > best[0] + best[1] + best[2])
			memcpy(best, n, sizeof best);
		lines++;
	}
	if (best[0] > best[1] && best[0] > best[2])
		return ',';
	if (best[1] > best[0] && best[1] > best[2])
		return ';';
	if (best[2] > best[0] && best[2] > best[1])
		return '\t';
	if (best[0] + best[1] + best[2] == 0)
		return ',';
	diag_errx(&loc, "cannot tell the delimiter from the header: give -d");
}

static void
parse_fail(struct importer *im)
{
	struct loc loc = { im->file, im->line +
	    count_lf((char *)im->p.entry_buf, im->p.entry_pos) };

	if (field_too_large)
		diag_errx(&loc, "field too large (over 1 MiB)");
	if (csv_error(&im->p) == CSV_ENOMEM)
		diag_fatal("out of memory");
	diag_errx(&loc, "stray or unterminated quote");
}

static void
parser_start(struct importer *im, const char *p, size_t n)
{
	int delim = im->prof.delim ? im->prof.delim : sniff(im, p, n);

	if (csv_init(&im->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
	    CSV_EMPTY_IS_NULL | CSV_REPALL_NL) != 0)
		diag_fatal("out of memory");
	/* libcsv trims spaces and tabs, but never the delimiter */
	csv_set_delim(&im->p, (unsigned char)delim);
	csv_set_realloc_func(&im->p, capped_realloc);
	im->parsing = 1;
}

static void
source_free(struct source *src)
{
	if (src->fd > 0)
		close(src->fd);
	if (src->conv)
		iconv_close(src->cd);
	free(src->out);
	free(src);
}

static void
import_file(struct importer *im, const char *path)
{
	struct source *src = im->src = xcalloc(1, sizeof *src);
	const char *p;
	size_t n;

	src->name = im->file = path == NULL || strcmp(path, "-") == 0 ?
	    "<stdin>" : path;
	src->enc = im->prof.encoding;
	if (src->name == path && (src->fd = open(path, O_RDONLY |
	    O_CLOEXEC)) == -1) {
		diag_syswarn(path);
		exit(EXIT_TROUBLE);
	}
	im->line = 1;
	im->have_header = 0;
	im->rows_above = 0;
	im->best.line = 0;
	while (source_next(src, &p, &n)) {
		if (!im->parsing)
			parser_start(im, p, n);
		if (csv_parse(&im->p, p, n, on_field, on_row, im) != n)
			parse_fail(im);
	}
	if (im->parsing) {
		if (csv_fini(&im->p, on_field, on_row, im) != 0) {
			struct loc loc = { im->file, im->line };

			diag_errx(&loc, "unterminated quoted field");
		}
		csv_free(&im->p);
		im->parsing = 0;
	}
	if (!im->have_header && im->best.line != 0)
		no_header(im);
	source_free(src);
	im->src = NULL;
	header_free(im);
}

/* --- main --- */

/* Options that override the profile, whatever their order. */
struct overrides {
	int		 type, delim;
	const char	*encoding, *date_format, *time_format, *profile;
};

static void
set_string(char **dst, const char *s)
{
	free(*dst);
	*dst = *s != '\0' ? xstrdup(s) : NULL;
}

static void
apply_overrides(struct importer *im, const struct overrides *ov)
{
	iconv_t cd;

	if (ov->profile != NULL && import_profile_load(&im->prof,
	    ov->profile) == -1)
		exit(EXIT_TROUBLE);
	import_profile_ready(&im->prof);
	if (ov->type >= 0)
		im->prof.type = ov->type;
	if (ov->delim >= 0)
		im->prof.delim = ov->delim;
	if (ov->encoding != NULL)
		set_string(&im->prof.encoding, ov->encoding);
	if (im->prof.encoding != NULL && (strcasecmp(im->prof.encoding,
	    "UTF-8") == 0 || strcasecmp(im->prof.encoding, "UTF8") == 0))
		set_string(&im->prof.encoding, "");
	if (ov->date_format != NULL)
		set_string(&im->prof.date_format, ov->date_format);
	if (ov->time_format != NULL)
		set_string(&im->prof.time_format, ov->time_format);
	im->type = im->prof.type;
	if (im->prof.encoding != NULL) {	/* known to iconv? */
		if ((cd = iconv_open("UTF-8", im->prof.encoding)) ==
		    (iconv_t)-1) {
			diag_warnx(NULL, "iconv(3) does not know the encoding");
			usage(EXIT_TROUBLE);
		}
		iconv_close(cd);
	}
}

/*
 * The file a name stands for, as a device and inode: its own if it
 * exists, else its directory's and its last component (a file yet to
 * be made, so that "./r.csv" and "r.csv" are one).  -1 if neither is
 * there.
 */
static int
file_id(const char *path, struct stat *st, const char **last)
{
	char *dir, *slash;
	int rv;

	*last = NULL;
	if (stat(path, st) == 0)
		return 0;
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) == NULL) {
		rv = stat(".", st);
		*last = path;
	} else {
		*last = path + (slash - dir) + 1;
		slash[slash == dir] = '\0';	/* "/r.csv": the root */
		rv = stat(dir, st);
	}
	free(dir);
	return rv;
}

/* Do two names name one file (or one file yet to be made)? */
static int
same_file(const char *a, const char *b)
{
	struct stat x, y;
	const char *la, *lb;

	if (strcmp(a, b) == 0)
		return 1;
	if (file_id(a, &x, &la) == -1 || file_id(b, &y, &lb) == -1)
		return 0;
	if (x.st_dev != y.st_dev || x.st_ino != y.st_ino)
		return 0;
	return la == NULL ? lb == NULL : lb != NULL && strcmp(la, lb) == 0;
}

/*
 * Would the rejects go where the records go, standard output being
 * what it is (a device, such as a terminal or /dev/null, takes both)?
 */
static int
same_as_output(const char *rejects, const char *output)
{
	struct stat x, y;

	if (output != NULL && strcmp(output, "-") != 0)
		return strcmp(rejects, "-") != 0 && same_file(rejects, output);
	if (strcmp(rejects, "-") == 0)
		return 1;
	return stat(rejects, &x) == 0 && fstat(STDOUT_FILENO, &y) == 0 &&
	    !S_ISCHR(y.st_mode) && x.st_dev == y.st_dev &&
	    x.st_ino == y.st_ino;
}

/* The rejects would replace an input, the profile or the output. */
static void
check_rejects(const char *rejects, const char *output, const char *profile,
    int argc, char **argv)
{
	int i, clash = same_as_output(rejects, output) ||
	    (profile != NULL && same_file(rejects, profile));

	for (i = 0; i < argc && !clash; i++)
		clash = strcmp(argv[i], "-") != 0 && same_file(rejects, argv[i]);
	if (clash) {
		diag_warnx(NULL, "--rejects names an input, the profile or the "
		    "output");
		usage(EXIT_TROUBLE);
	}
}

static void
print_profile(void)
{
	fputs(import_default_profile, stdout);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		diag_syswarn("<stdout>");
		exit(EXIT_TROUBLE);
	}
	exit(0);
}

enum { OPT_DATE_FORMAT = 2000, OPT_ENCODING, OPT_MAP, OPT_PRINT_PROFILE,
	OPT_REJECTS, OPT_STATUS, OPT_TIME_FORMAT };

static const struct option longopts[] = {
	{ "date-format", required_argument, NULL, OPT_DATE_FORMAT },
	{ "delimiter", required_argument, NULL, 'd' },
	{ "encoding", required_argument, NULL, OPT_ENCODING },
	{ "help", no_argument, NULL, 'h' },
	{ "map", required_argument, NULL, OPT_MAP },
	{ "output", required_argument, NULL, 'o' },
	{ "output-format", required_argument, NULL, 'O' },
	{ "print-profile", no_argument, NULL, OPT_PRINT_PROFILE },
	{ "profile", required_argument, NULL, 'p' },
	{ "raw-csv", no_argument, NULL, OPT_RAW_CSV },
	{ "rejects", required_argument, NULL, OPT_REJECTS },
	{ "status", required_argument, NULL, OPT_STATUS },
	{ "time-format", required_argument, NULL, OPT_TIME_FORMAT },
	{ "type", required_argument, NULL, 't' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

static void
options(int argc, char *argv[], struct importer *im, struct common *opts,
    struct overrides *ov)
{
	int ch;

	while ((ch = getopt_long(argc, argv, "d:hO:o:p:t:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'd':
			if ((ov->delim = import_delim_parse(optarg)) == -1) {
				diag_warnx(NULL, "-d takes tab or one character "
				    "other than a quote or a line break");
				usage(EXIT_TROUBLE);
			}
			break;
		case 'h':
			usage(0);
		case 'p':
			ov->profile = optarg;
			break;
		case 't':
			if ((ov->type = import_type_parse(optarg)) == -1) {
				diag_warnx(NULL, "-t takes log, intake, roster "
				    "or schedule");
				usage(EXIT_TROUBLE);
			}
			break;
		case OPT_DATE_FORMAT:
			ov->date_format = optarg;
			break;
		case OPT_ENCODING:
			ov->encoding = optarg;
			break;
		case OPT_MAP:
			if (import_add_column(&im->prof, optarg) == -1)
				usage(EXIT_TROUBLE);
			break;
		case OPT_PRINT_PROFILE:
			print_profile();
			break;
		case OPT_REJECTS:
			im->rejects = optarg;
			break;
		case OPT_STATUS:
			if (import_add_word(&im->prof, MAP_STATUS, optarg) == -1)
				usage(EXIT_TROUBLE);
			break;
		case OPT_TIME_FORMAT:
			ov->time_format = optarg;
			break;
		case OPT_VERSION:
			printf("%s %s\n", diag_progname(), IOP_VERSION);
			out_exit(0);
		default:
			if (common_option(opts, ch, optarg) != 1)
				usage(EXIT_TROUBLE);
		}
	}
}

/*
 * Free what the importer holds, after a run or (the fuzz target) after
 * an error left it half way: outputs not committed are discarded.
 */
static void
importer_free(struct importer *im)
{
	size_t i;

	if (im->parsing)
		csv_free(&im->p);
	if (im->src != NULL)
		source_free(im->src);
	header_free(im);
	if (im->w != NULL)
		rout_close(im->w);
	if (im->rw != NULL)
		rout_close(im->rw);
	if (im->out != NULL)
		out_discard(im->out);
	if (im->rout != NULL)
		out_discard(im->rout);
	for (i = 0; i < im->ncols; i++)
		free((char *)im->cols[i]);
	free(im->cols);
	rec_free(&im->o);
	rec_free(&im->rj);
	buf_free(&im->row.bytes);
	free(im->row.off);
	free(im->row.len);
	import_profile_free(&im->prof);
	memset(im, 0, sizeof *im);
}

/* Commit the output and the rejects: 0, or -1 (printed). */
static int
commit(struct importer *im)
{
	int rv = 0;

	if (rout_close(im->w) == -1)
		rv = -1;
	im->w = NULL;
	if (im->rw != NULL && rout_close(im->rw) == -1)
		rv = -1;
	im->rw = NULL;
	/* the records first: a failure there leaves no rejects either */
	if (rv == 0 && im->rout != NULL && out_ready(im->rout) == -1)
		rv = -1;
	if (rv == 0) {
		rv = out_commit(im->out);
		im->out = NULL;
	}
	if (rv == 0 && im->rout != NULL) {
		rv = out_commit(im->rout);
		im->rout = NULL;
	}
	return rv;
}

/* All of iop-import after diag_init(): the exit status. */
static int
import_run(struct importer *im, int argc, char *argv[])
{
	struct common opts = COMMON_INIT;
	struct overrides ov = { -1, -1, NULL, NULL, NULL, NULL };
	char safe[512];
	int i;

	field_too_large = 0;
	import_profile_init(&im->prof);
	options(argc, argv, im, &opts, &ov);
	argc -= optind;
	argv += optind;
	apply_overrides(im, &ov);
	if (im->rejects != NULL)
		check_rejects(im->rejects, opts.output, ov.profile, argc,
		    argv);
	im->raw = opts.raw;
	if ((im->out = out_open(opts.output)) == NULL)
		return EXIT_TROUBLE;
	im->w = rout_open(out_file(im->out), common_outfmt(&opts, FMT_CSV),
	    opts.raw ? ROUT_RAW : 0);
	if (im->rejects != NULL)
		reject_open(im);
	for (i = 0; i < (argc > 0 ? argc : 1); i++)
		import_file(im, argc > 0 ? argv[i] : "-");
	if (im->cols == NULL) {		/* no header at all: no records */
		make_slots(im);
		choose_output(im);
		fix_columns(im);
		header_free(im);
	}
	if (commit(im) == -1)
		return EXIT_TROUBLE;
	if (im->nrejects > 0) {
		fprintf(stderr, "%s: %zu row%s rejected, written to %s\n",
		    diag_progname(), im->nrejects, im->nrejects == 1 ? "" : "s",
		    diag_safe(safe, sizeof safe, im->rejects));
		diag_found();
	}
	return diag_status();
}

#ifndef IOP_IMPORT_NO_MAIN
int
main(int argc, char *argv[])
{
	static struct importer im;
	int rv;

	diag_init(argv[0]);
	argv[0] = (char *)diag_progname();	/* for getopt's messages */
	if (compat_pledge("stdio rpath wpath cpath") == -1)
		diag_fatal("pledge failed");
	rv = import_run(&im, argc, argv);
	importer_free(&im);
	return rv;
}
#endif
