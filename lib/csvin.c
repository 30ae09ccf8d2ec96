/*
 * csvin.c: the CSV record reader, over libcsv.
 *
 * libcsv is fed whole blocks, not lines, because a read per line costs
 * more than the parse.  Line numbers come from the line feeds libcsv
 * reports: with CSV_REPALL_NL every unquoted LF ends a (maybe empty)
 * row, and a quoted field carries its own LFs.
 *
 * Parsing runs in a thread of its own, a batch ahead of the program:
 * while the program works through one batch of records, the parser
 * fills the other.  The two never touch the same batch at once; they
 * hand batches over under a mutex.  Memory is bounded by two batches,
 * not the file.  An error is kept in the batch at the point it happened,
 * so the program sees every record before it and then the error, as if
 * there were no thread.
 *
 * rin_split() is the other way to use two cores: two readers of one
 * regular file, each parsing its half in the thread that reads it (no
 * parser thread).  The second half starts after the first line feed
 * past sp->mid (a little past the middle) that is outside quotes: in a
 * file libcsv reads with CSV_STRICT, a quote is always an opening, a
 * closing or half of a doubled quote, so a line feed with an even
 * number of quotes before it ends a record.  If the file is not strict CSV the
 * parity may be wrong, but then the first half meets the error first,
 * and the file is read again, whole, for its messages.  With
 * RIN_SPLIT_TAKE_OVER, once its own range is read, the second half
 * takes over the end of what the first has not begun (steal()), from a
 * record start found the same way from the counts it made on the way
 * to sp->mid, as long as enough is left.
 */
#include <sys/stat.h>

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "compat.h"
#include "diag.h"
#include "recio_impl.h"
#include "xalloc.h"

/*
 * Input blocks parsed per batch: two of RIN_BLOCK bytes for a parser
 * thread, which hands the batch to the reading thread (on another
 * core, so a cache does not matter there, and each hand-over wakes a
 * thread); one of HALF_BLOCK for a half, which parses its own.
 */
#define BATCH_BLOCKS	2
#define HALF_BLOCKS	1

struct qrec {
	size_t	first, n, line;
};

/*
 * Parsed records, and what ended them.  The fields are the records'
 * own: a record handed over points into f[] (csvin_next()), whose
 * keys are set once per slot, not per record (set_keys()), and whose
 * values point into bytes (moved with them when bytes grows).
 */
struct batch {
	struct buf	 bytes;
	struct field	*f;
	size_t		 nf, capf;
	const struct hdr *keyed;	/* the header f[]'s keys are of */
	struct qrec	*r;
	size_t		 nr, capr, pos;
	int		 eof, failed;
	int		 readerr;	/* -1 told, else the errno to tell */
	size_t		 errline;
	char		 errmsg[256];
};

/* A file read in two halves (rin_split()); the first half owns it. */
struct split {
	int		 fd;
	off_t		 base, mid, size;	/* the CSV text is [base, size) */
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	off_t		 boundary;	/* where the second half starts, or -1 */
	size_t		 bline;		/* the line it starts on */
	/*
	 * Taking over the end of the first half's range (steal()): where
	 * the first half now ends, or -1; where the block it reads ends;
	 * and the quotes and line feeds before every RIN_BLOCK up to mid,
	 * counted by find_boundary().
	 */
	off_t		 stolen, first_upto;
	off_t		 block, markstep;	/* HALF_BLOCK, RIN_BLOCK but in tests */
	int		 test;		/* IOP_TEST_STEAL=1 (steal()) */
	int		 take_over;	/* RIN_SPLIT_TAKE_OVER */
	struct mark {
		off_t	at;
		size_t	quotes, lfs;
	}		*marks;
	size_t		 nmarks, capmarks;
	int		 hstate;	/* first half's header: 0 not yet, 1, -1 none */
	struct hdr	*hdr;		/* the first half's, lent to the second */
	unsigned char	*keep;
};

struct csvin {
	/* the parser's side */
	struct csv_parser p;
	struct batch	*q;		/* being filled */
	size_t		 pend, pendline;	/* the partial record: q->f[pend...] */
	size_t		 line;		/* line of the next byte parsed */
	int		 bom_checked;
	/*
	 * Of the input block being parsed and of any field carried into
	 * it from the ones before: a byte that is not ASCII or is NUL, and
	 * a quote (without which no field holds a line feed).
	 */
	int		 dirty, quotes;
	unsigned char	*keep;		/* per column: copy its values? */
	size_t		 nkeep;		/* columns keep[] covers */
	size_t		*drop, ndrop;	/* the columns not kept */
	size_t		 fastn;		/* on_field()'s short path: the columns, or 0 */
	/*
	 * The short path's cursors into q while a block is parsed (the
	 * counts q->nf and q->bytes.len are behind them until
	 * cursor_save()): the next field's slot, the record's first, the
	 * slot from which fields take the checked path (the record's end,
	 * or the end of f[]), where the next value's bytes go.
	 */
	struct field	*next, *rec0, *limit;
	char		*wp;
	char		*block;
	struct rin	*in;
	/* set by the parser before the first hand-over, then read-only */
	struct hdr	*hdr;
	/* the program's side */
	struct batch	*cur;		/* being read */
	struct rec	 rec;		/* lent: its fields are cur's */
	/* the hand-over */
	struct batch	 b[2];
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct batch	*ready;		/* filled, not yet taken */
	struct batch	*free;		/* taken back, to fill */
	pthread_t	 thread;
	int		 started, stop, done;
	/* a half of a split file, parsed in the reading thread */
	struct split	*sp;
	int		 half, begun;
	off_t		 pos;		/* of the next block */
	off_t		 end;		/* the second half's: of its range */
};

/* per parser: libcsv's realloc hook takes no argument */
static _Thread_local int field_too_large;

/* libcsv's state between rows (its ROW_NOT_BEGUN), and in a field */
#define PARSER_BETWEEN_ROWS	0
#define PARSER_IN_FIELD		2

static void header_known(struct csvin *, int);
static void on_row(int, void *);

/* libcsv grows its field buffer through this; refusing stops a runaway field. */
static void *
capped_realloc(void *p, size_t n)
{
	if (n > RECIO_FIELD_MAX + 1024) {
		field_too_large = 1;
		return NULL;
	}
	return realloc(p, n);
}

static void
fail(struct csvin *c, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fail(struct csvin *c, size_t line, const char *fmt, ...)
{
	struct batch *q = c->q;
	va_list ap;

	if (q->failed)
		return;
	q->failed = 1;
	c->fastn = 0;		/* every field to field_slow(), which drops it */
	c->limit = c->rec0;
	q->errline = line;
	va_start(ap, fmt);
	vsnprintf(q->errmsg, sizeof q->errmsg, fmt, ap);
	va_end(ap);
	header_known(c, -1);
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

/* Any byte of a 32-bit word with its high bit set, or zero, or a line feed? */
#define HIGH_OR_ZERO32(w)	((((w) - 0x01010101U) | (w)) & 0x80808080U)
#define PLAIN32(w)	(!HIGH_OR_ZERO32(w) && !HIGH_OR_ZERO32((w) ^ 0x0a0a0a0aU))

/*
 * Is a field of 1 to 16 bytes ASCII with no NUL and no line feed?  Then
 * it needs neither utf8_scan() nor a line count.  Most fields are such,
 * and two words (the first and the last bytes, which may overlap) tell
 * it without a call.
 */
static inline COMPAT_ALWAYS_INLINE int
plain_short_field(const char *s, size_t n)
{
	uint64_t a, b;
	uint32_t x, y;

	if (n >= 8 && n <= 16) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		return !HIGH_OR_ZERO(a) && !HAS_BYTE(a, LF_LANES) &&
		    !HIGH_OR_ZERO(b) && !HAS_BYTE(b, LF_LANES);
	}
	if (n >= 4 && n < 8) {
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		return PLAIN32(x) && PLAIN32(y);
	}
	if (n > 16)
		return 0;
	for (; n > 0; n--, s++)	/* 1 to 3 bytes */
		if ((unsigned char)*s >= 0x80 || *s == '\0' || *s == '\n')
			return 0;
	return 1;
}

#define HAS_BYTE32(w, b)	HIGH_OR_ZERO32((w) ^ (b))

/*
 * Has a field of 1 to 16 bytes from a block with no byte above 0x7f no
 * line feed?  As plain_short_field(), with one test a word, and for
 * up to three bytes the first, middle and last (all of them).
 */
static inline COMPAT_ALWAYS_INLINE int
no_lf_short(const char *s, size_t n)
{
	uint64_t a, b;
	uint32_t x, y;

	if (n >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		return !HAS_BYTE(a, LF_LANES) && !HAS_BYTE(b, LF_LANES);
	}
	if (n >= 4) {
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		return !HAS_BYTE32(x, 0x0a0a0a0aU) && !HAS_BYTE32(y, 0x0a0a0a0aU);
	}
	return s[0] != '\n' && s[n / 2] != '\n' && s[n - 1] != '\n';
}

/*
 * Set c->dirty and c->quotes for block p[0..n-1], about to be parsed: a
 * look at each byte costs less than one at each field.  A field that
 * began in the blocks before keeps their flags.
 */
static void
scan_block(struct csvin *c, const char *p, size_t n)
{
	size_t i = 0;
	int carry = c->p.entry_pos > 0, dirty = 0, quotes = 0;
#ifdef COMPAT_VECTOR16
	compat_bytes16 w, x, hi, dq, zero, any_hi, any_q;
	unsigned j;

	memset(&dq, '"', sizeof dq);
	memset(&zero, 0, sizeof zero);
	memset(&any_hi, 0, sizeof any_hi);
	memset(&any_q, 0, sizeof any_q);
	/* two words a turn: half the loop's own instructions */
	for (; n - i >= 2 * sizeof w; i += 2 * sizeof w) {
		memcpy(&w, p + i, sizeof w);
		memcpy(&x, p + i + sizeof w, sizeof x);
		/* a NUL or a byte over 0x7f: its high bit, in hi */
		hi = w | x | (compat_bytes16)(w == zero) |
		    (compat_bytes16)(x == zero);
		any_hi |= hi;
		any_q |= (compat_bytes16)(w == dq) | (compat_bytes16)(x == dq);
	}
	for (; n - i >= sizeof w; i += sizeof w) {
		memcpy(&w, p + i, sizeof w);
		hi = w | (compat_bytes16)(w == zero);
		any_hi |= hi;
		any_q |= (compat_bytes16)(w == dq);
	}
	for (j = 0; j < sizeof w; j++) {
		dirty |= any_hi[j] & 0x80;
		quotes |= any_q[j];
	}
#endif
	for (; i < n; i++) {
		dirty |= (unsigned char)p[i] >= 0x80 || p[i] == '\0';
		quotes |= p[i] == '"';
	}
	c->dirty = (dirty != 0) || (carry && c->dirty);
	c->quotes = (quotes != 0) || (carry && c->quotes);
}

/*
 * Slots from..capf - 1 of q get their columns' keys: the fields of a
 * batch are whole records from slot 0 on (the record a batch ends in
 * is moved to the next one's slot 0), so slot i is column i % n.
 */
static void
set_keys(const struct csvin *c, struct batch *q, size_t from)
{
	size_t i, n = c->hdr != NULL ? c->hdr->n : 0;

	if (n == 0)
		return;
	for (i = from; i < q->capf; i++) {
		q->f[i].key = c->hdr->keys[i % n];
		q->f[i].type = REC_TEXT;
	}
	q->keyed = c->hdr;
}

/*
 * The room kept free in a batch's bytes for the short path, which does
 * not look: a block's short fields take at most its bytes and one
 * field carried into it, 17, and each copies 16 bytes (BYTES_SLACK
 * after a field that took the checked path too).
 */
#define BYTES_SLACK	(RIN_BLOCK + 64)

/* The value of an empty field, and of one not selected: no bytes. */
static const char none[1] = "";

/* Room for one more field in q. */
static void
field_room(const struct csvin *c, struct batch *q)
{
	size_t old = q->capf;

	if (q->nf < q->capf)
		return;
	q->capf = q->capf ? q->capf * 2 : 256;
	q->f = xreallocarray(q->f, q->capf, sizeof *q->f);
	if (q->keyed != NULL && q->keyed == c->hdr)
		set_keys(c, q, old);
}

/*
 * Room for n more bytes in q->bytes.  Its fields' values point into it,
 * so a larger one is made beside it and they move with their bytes.
 */
static void
bytes_room(struct batch *q, size_t n)
{
	struct buf *b = &q->bytes;
	size_t cap = b->cap ? b->cap : 4096, i;
	char *s;

	if (b->len + n < b->cap)
		return;
	while (cap <= b->len + n) {
		if (cap > SIZE_MAX / 2)
			diag_fatal("out of memory");
		cap *= 2;
	}
	s = xmalloc(cap);
	if (b->len > 0)
		memcpy(s, b->s, b->len);
	for (i = 0; i < q->nf; i++)
		if (q->f[i].val != none)
			q->f[i].val = s + (q->f[i].val - b->s);
	free(b->s);
	b->s = s;
	b->cap = cap;
}

/* Append field s (len bytes, NULL if none) to q. */
static void
put_field(const struct csvin *c, struct batch *q, const char *s, size_t len)
{
	char *d;

	field_room(c, q);
	bytes_room(q, len + 1);
	d = q->bytes.s + q->bytes.len;
	if (len > 0)
		memcpy(d, s, len);
	d[len] = '\0';
	q->f[q->nf].val = d;
	q->f[q->nf].len = len;
	q->nf++;
	q->bytes.len += len + 1;
}

/* q's counts from the cursors, before anything else reads them. */
static void
cursor_save(struct csvin *c)
{
	struct batch *q = c->q;

	q->nf = (size_t)(c->next - q->f);
	q->bytes.len = (size_t)(c->wp - q->bytes.s);
}

/* The cursors from q's counts, after anything that moved them. */
static void
cursor_load(struct csvin *c)
{
	struct batch *q = c->q;
	size_t end = c->pend + c->fastn;

	c->next = q->f + q->nf;
	c->rec0 = q->f + c->pend;
	c->limit = q->f + (end < q->capf ? end : q->capf);
	c->wp = q->bytes.s + q->bytes.len;
}

/*
 * Can a field of 16 bytes or fewer that ends in block p[0..n-1] hold a
 * line feed?  Only a quoted one can, and between its quotes every byte
 * is a byte of its value but for doubled quotes, which are two for
 * one: so only if a line feed lies between an opening quote and the
 * closing one, with a value of at most 16 bytes between them (counting
 * what libcsv carries in of a field in quotes at the block's start),
 * or in a field of at most 16 bytes carried in from the blocks before.
 * A doubled quote split by the block's end counts as a closing and an
 * opening quote: the value after it is then measured alone, shorter
 * than it is, which errs on the side of yes.  Quotes are few: the block is looked at with
 * memchr(), quote to quote, and only the short runs inside quotes byte
 * by byte.  A yes sends the block's short fields through the line-feed
 * test (on_field_quotes()).
 */
static int
short_lf_possible(const struct csvin *c, const char *p, size_t n)
{
	const char *e = p + n, *q, *from = p;
	/* the value's bytes before from, less one a doubled quote after */
	ptrdiff_t carried = (ptrdiff_t)c->p.entry_pos;
	int inside = c->p.pstate == PARSER_IN_FIELD && c->p.quoted;

	if (carried > 0 && carried <= 16 &&
	    memchr(c->p.entry_buf, '\n', (size_t)carried) != NULL)
		return 1;
	if (!inside)
		carried = 0;
	while ((q = memchr(p, '"', (size_t)(e - p))) != NULL) {
		if (inside && q + 1 < e && q[1] == '"') {
			p = q + 2;	/* a doubled quote: one byte of the value */
			carried--;
			continue;
		}
		if (inside && (q - from) + carried <= 16 &&
		    memchr(from, '\n', (size_t)(q - from)) != NULL)
			return 1;
		inside = !inside;
		carried = 0;
		from = p = q + 1;
	}
	return 0;
}

/* Any field, checked in full: see on_field().  Not inlined, so that
 * on_field() stays a leaf that saves no registers. */
static void
field_checked(struct csvin *c, void *s, size_t len)
{
	struct batch *q = c->q;
	size_t nfields = q->nf - c->pend, lf = 0;

	if (q->failed)
		return;
	if (nfields == 0)
		c->pendline = c->line;
	if (s == NULL)
		len = 0;
	if (len > RECIO_FIELD_MAX) {
		fail(c, c->line, "field too large (over 1 MiB)");
		return;
	}
	/*
	 * A field of a block of ASCII without NUL (scan_block()) needs no
	 * UTF-8 check, only its line feeds counted (only a block with a
	 * quote has any); else one pass: the UTF-8 check also counts them.
	 */
	if (!c->dirty) {
		if (c->quotes && len > 0)
			lf = count_lf(s, len);
	} else if (len > 0 && !plain_short_field(s, len) &&
	    !utf8_scan(s, len, &lf)) {
		fail(c, c->line, "column %zu is not valid UTF-8 text (or holds "
		    "a NUL byte); from another encoding, convert the file with "
		    "iop-import --encoding (windows-1252, say)", nfields + 1);
		return;
	}
	if (nfields >= (c->hdr ? c->hdr->n : RECIO_FIELDS_MAX)) {
		fail(c, c->pendline, c->hdr ? "more fields than the header" :
		    "too many columns");
		return;
	}
	c->line += lf;
	if (c->keep != NULL && nfields < c->nkeep && !c->keep[nfields])
		len = 0;
	put_field(c, q, s, len);
}

static COMPAT_NOINLINE void
field_slow(struct csvin *c, void *s, size_t len)
{
	cursor_save(c);
	field_checked(c, s, len);
	bytes_room(c->q, BYTES_SLACK);
	cursor_load(c);
}

/*
 * A field of over 16 bytes in a block of ASCII without NUL (so no UTF-8
 * check), of a record short of the header's columns (slot < limit): a
 * column not kept (a note, say) only has its line feeds counted and
 * goes in empty, as field_checked() would put it, without the cursors
 * saved and loaded.  Anything else to field_slow().  Not inlined, so
 * that on_field() stays a leaf.
 */
static COMPAT_NOINLINE void
field_long(struct csvin *c, void *s, size_t len)
{
	struct field *f = c->next;

	if (len > RECIO_FIELD_MAX || c->keep[f - c->rec0]) {
		field_slow(c, s, len);
		return;
	}
	if (c->quotes)
		c->line += count_lf(s, len);
	f->val = none;
	f->len = 0;
	c->next = f + 1;
}

/* A block with a byte that is not ASCII, or NUL: every field checked. */
static void
on_field_checked(void *s, size_t len, void *arg)
{
	field_slow(arg, s, len);
}

/*
 * Each field of a block of ASCII without NUL (scan_block()) comes here,
 * so the common one takes a short path: a record of the header's
 * columns, 16 bytes or fewer with no line feed (so no UTF-8 check and
 * no line count; only a block with a quote can have one, quotes says
 * so), and room for its slot (limit).  Its bytes go in 16 at a time:
 * libcsv's field buffer has room for them (it grows by its block of
 * 4,096), and parse_block() made room for a block's fields in ours.
 * An empty value takes no bytes; one not selected is copied all the same
 * (empty_dropped() empties it, set_drop()).  The record's
 * line is set by on_row() at the end of the record before.  Anything
 * else, the header row and every field after an error included, goes
 * to field_slow().
 */
static inline COMPAT_ALWAYS_INLINE void
field_fast(struct csvin *c, void *s, size_t len, int quotes)
{
	struct field *f = c->next;
	char *d = c->wp;

	if (f >= c->limit ||
	    (quotes && len > 0 && len <= 16 && !no_lf_short(s, len))) {
		field_slow(c, s, len);
		return;
	}
	if (len > 16) {
		field_long(c, s, len);
		return;
	}
	c->next = f + 1;
	if (len == 0) {
		f->val = none;
		f->len = 0;
		return;
	}
	memcpy(d, s, 16);
	d[len] = '\0';
	f->val = d;
	f->len = len;
	c->wp = d + len + 1;
}

static void
on_field(void *s, size_t len, void *arg)
{
	field_fast(arg, s, len, 0);
}

static void
on_field_quotes(void *s, size_t len, void *arg)
{
	field_fast(arg, s, len, 1);
}

/*
 * The columns not kept, which empty_dropped() empties in each record of
 * a batch before it is lent: a few stores a record rather than a look
 * at keep[] a field.
 */
static void
set_drop(struct csvin *c)
{
	size_t i;

	free(c->drop);
	c->drop = xcalloc(c->nkeep ? c->nkeep : 1, sizeof *c->drop);
	c->ndrop = 0;
	for (i = 0; i < c->nkeep; i++)
		if (!c->keep[i])
			c->drop[c->ndrop++] = i;
}

static void
make_header(struct csvin *c)
{
	struct batch *q = c->q;
	size_t i, n = q->nf - c->pend;
	char **keys = xcalloc(n, sizeof *keys);

	for (i = 0; i < n; i++) {
		struct field *f = &q->f[c->pend + i];

		keys[i] = xstrndup(f->val, f->len);
	}
	c->hdr = hdr_new(keys, n);
	c->keep = xcalloc(n ? n : 1, 1);
	c->nkeep = n;
	memset(c->keep, c->in->want == NULL, n);
	if (c->in->want != NULL) {
		for (i = 0; i < c->in->nwant; i++) {
			long k = hdr_index(c->hdr, c->in->want[i]);

			if (k >= 0)
				c->keep[k] = 1;
		}
	}
	set_drop(c);
	c->fastn = n;
	for (i = 0; i < n; i++)
		if (keys[i][0] == '\0') {
			fail(c, c->pendline, "the header has an empty column name");
			return;
		}
	if (hdr_duplicate(c->hdr) != NULL)
		fail(c, c->pendline, "the header names a column twice");
	header_known(c, 1);
}

static COMPAT_NOINLINE void
row_slow(struct csvin *c, int term)
{
	struct batch *q = c->q;
	size_t n = (size_t)(c->next - c->rec0);

	if (q->failed)
		return;
	if (n > 0) {
		if (c->hdr == NULL) {
			cursor_save(c);
			make_header(c);
			q->nf = c->pend;	/* 0: no record is before it */
			q->bytes.len = 0;
			cursor_load(c);
		} else if (n != c->hdr->n) {
			fail(c, c->pendline, "fewer fields than the header");
		} else {
			q->capr = q->capr ? q->capr * 2 : 256;
			q->r = xreallocarray(q->r, q->capr, sizeof *q->r);
			on_row(term, c);	/* now with room */
			return;
		}
	}
	if (term == '\n')
		c->line++;
	c->pendline = c->line;
}

/*
 * The end of a row: a record of the header's fields (fastn of them,
 * which is 0 before the header and after an error) with room for it
 * goes in here, anything else to row_slow().  The fields' counts are
 * kept in locals: a store through q->r could otherwise be a store to
 * any of them.
 */
static void
on_row(int term, void *arg)
{
	struct csvin *c = arg;
	struct batch *q = c->q;
	struct field *next = c->next;
	size_t n = (size_t)(next - c->rec0), nr = q->nr, pend = c->pend;
	size_t line = c->pendline, end = pend + n + n, capf = q->capf;
	struct qrec *r;

	if (n == 0 || n != c->fastn || nr == q->capr) {
		row_slow(c, term);
		return;
	}
	r = &q->r[nr];
	q->nr = nr + 1;
	r->first = pend;
	r->n = n;
	r->line = line;
	c->pend = pend + n;
	c->rec0 = next;
	c->limit = q->f + (end < capf ? end : capf);
	line = c->line + (term == '\n');
	c->line = line;
	c->pendline = line;	/* the next record's, for on_field() */
}

/* Where in the current field libcsv stopped: its line. */
static size_t
error_line(struct csvin *c)
{
	return c->line + count_lf((char *)c->p.entry_buf, c->p.entry_pos);
}

static void
parse_error(struct csvin *c, int at_end)
{
	if (field_too_large)
		fail(c, c->line, "field too large (over 1 MiB)");
	else if (csv_error(&c->p) == CSV_ENOMEM)
		diag_fatal("out of memory");
	else if (at_end)
		fail(c, c->line, "unterminated quoted field");
	else
		fail(c, error_line(c), "stray or unterminated quote");
}

/* The first half tells the second whether it has a header (ok 1) or not. */
static void
header_known(struct csvin *c, int ok)
{
	struct split *sp = c->sp;

	if (sp == NULL || c->half != 0)
		return;
	pthread_mutex_lock(&sp->mu);
	if (sp->hstate == 0) {
		sp->hstate = ok;
		sp->hdr = c->hdr;
		sp->keep = c->keep;
		pthread_cond_broadcast(&sp->cv);
	}
	pthread_mutex_unlock(&sp->mu);
}

/*
 * Add the quotes and line feeds of p[0..n-1].  This is all the second
 * half's thread does before it can parse, so it goes sixteen bytes at a
 * time where the compiler has vector extensions (GCC, Clang: SSE2 or
 * NEON code).  Each lane of a counter adds up at most 255 matches before
 * the lanes are summed, so none overflows.
 */
static void
count_quotes_lfs(const char *p, size_t n, size_t *quotes, size_t *lfs)
{
	size_t i = 0, q = 0, l = 0;
#ifdef COMPAT_VECTOR16
	compat_bytes16 w, dq, lf, cq, cl;
	size_t k, m;
	unsigned j;

	memset(&dq, '"', sizeof dq);
	memset(&lf, '\n', sizeof lf);
	while (n - i >= sizeof w) {
		m = (n - i) / sizeof w < 255 ? (n - i) / sizeof w : 255;
		memset(&cq, 0, sizeof cq);
		memset(&cl, 0, sizeof cl);
		for (k = 0; k < m; k++, i += sizeof w) {
			memcpy(&w, p + i, sizeof w);
			/* a match is a lane of all ones, -1: less it is 1 more */
			cq -= (compat_bytes16)(w == dq);
			cl -= (compat_bytes16)(w == lf);
		}
		for (j = 0; j < sizeof w; j++) {
			q += cq[j];
			l += cl[j];
		}
	}
#endif
	for (; i < n; i++) {
		q += p[i] == '"';
		l += p[i] == '\n';
	}
	*quotes += q;
	*lfs += l;
}

static ssize_t
pread_all(int fd, char *p, size_t n, off_t at)
{
	ssize_t r;

	do
		r = pread(fd, p, n, at);
	while (r == -1 && errno == EINTR);
	return r;
}

static void
add_mark(struct split *sp, off_t at, size_t quotes, size_t lfs)
{
	if (sp->nmarks == sp->capmarks) {
		sp->capmarks = sp->capmarks ? sp->capmarks * 2 : 256;
		sp->marks = xreallocarray(sp->marks, sp->capmarks,
		    sizeof *sp->marks);
	}
	sp->marks[sp->nmarks].at = at;
	sp->marks[sp->nmarks].quotes = quotes;
	sp->marks[sp->nmarks++].lfs = lfs;
}

/*
 * The second half starts after the first line feed at or past sp->mid
 * with an even number of quotes before it; its line is one more
 * than the line feeds before it.  Tell the first half, which may not
 * read past sp->mid until then.  -1 on a read error (printed; the
 * first half then reads the whole file).
 */
static int
find_boundary(struct csvin *c)
{
	struct split *sp = c->sp;
	off_t at = sp->base, b = sp->size;
	size_t quotes = 0, lfs = 0, i;
	ssize_t n;
	int rv = 0;

	while (at < sp->size) {
		size_t want = sp->size - at < RIN_BLOCK ? (size_t)(sp->size - at) :
		    RIN_BLOCK;

		if ((n = pread_all(sp->fd, c->block, want, at)) <= 0) {
			if (n == -1) {
				diag_syswarn(c->in->name);
				rv = -1;
			}
			break;
		}
		if (at + n <= sp->mid) {
			for (i = 0; i < (size_t)n; i += (size_t)sp->markstep) {
				add_mark(sp, at + (off_t)i, quotes, lfs);
				count_quotes_lfs(c->block + i, (size_t)n - i <
				    (size_t)sp->markstep ? (size_t)n - i :
				    (size_t)sp->markstep, &quotes, &lfs);
			}
			at += n;
			continue;
		}
		for (i = 0; i < (size_t)n; i++) {
			if (((at + (off_t)i - sp->base) & (sp->markstep - 1)) == 0 &&
			    at + (off_t)i < sp->mid)
				add_mark(sp, at + (off_t)i, quotes, lfs);
			if (c->block[i] == '"')
				quotes++;
			else if (c->block[i] == '\n') {
				lfs++;
				if (at + (off_t)i >= sp->mid && quotes % 2 == 0)
					break;
			}
		}
		if (i < (size_t)n) {
			b = at + (off_t)i + 1;
			break;
		}
		at += n;
	}
	pthread_mutex_lock(&sp->mu);
	sp->boundary = rv == -1 ? sp->size : b;
	sp->bline = 1 + lfs;
	pthread_cond_broadcast(&sp->cv);
	pthread_mutex_unlock(&sp->mu);
	return rv;
}

/*
 * IOP_TEST_STEAL=1: the first half reads 512 bytes a block and waits a
 * millisecond before each, and the marks are 256 bytes apart, so that
 * the second half takes over the end of its range even in a small file
 * (tests/3002, tests/4003); each time it says so on stderr.
 */

/* Less of the first half's range left than this is not worth taking. */
#define STEAL_MIN	((off_t)512 * 1024)

/*
 * Where the first record that starts at or after mark m and before end
 * starts (after a line feed with an even number of quotes before it),
 * with its line in *line; or -1.
 */
static off_t
record_start(struct csvin *c, const struct mark *m, off_t end, size_t *line)
{
	size_t quotes = m->quotes, lfs = m->lfs, i;
	off_t at = m->at;
	ssize_t n;

	while (at < end) {
		n = pread_all(c->sp->fd, c->block, end - at < RIN_BLOCK ?
		    (size_t)(end - at) : RIN_BLOCK, at);
		if (n <= 0)
			return -1;
		for (i = 0; i < (size_t)n; i++)
			if (c->block[i] == '"')
				quotes++;
			else if (c->block[i] == '\n' && (++lfs, quotes % 2 == 0)) {
				*line = 1 + lfs;
				return at + (off_t)i + 1;
			}
		at += n;
	}
	return -1;
}

/*
 * The second half, its own range read (between records): take over the
 * later half of what the first half has not begun, from the first
 * record start past its middle that the marks of find_boundary() lead
 * to, and read it next.  1 if it did.  The two virtual CPUs of a VM do
 * not run at one speed, and a split fixed in advance leaves the faster
 * one idle for up to a third of the run; the later ranges are taken as
 * long as enough is left.  Which half reads a record changes nothing
 * but the order of its messages: a bad record in a split file has the
 * file read again, whole, for them (check_reread()).
 */
static int
steal(struct csvin *c)
{
	struct split *sp = c->sp;
	off_t upto, end, at;
	size_t lo, hi, mid, line;
	char name[256];

	if (c->p.pstate != PARSER_BETWEEN_ROWS || c->q->failed)
		return 0;
	pthread_mutex_lock(&sp->mu);
	upto = sp->first_upto;
	end = sp->stolen != -1 ? sp->stolen : sp->boundary;
	pthread_mutex_unlock(&sp->mu);
	if (!sp->take_over || sp->hstate != 1 ||
	    end - upto < (sp->test ? 2 : STEAL_MIN))
		return 0;
	for (lo = 0, hi = sp->nmarks; lo < hi; )	/* the mark past half */
		if (sp->marks[mid = lo + (hi - lo) / 2].at < upto +
		    (end - upto) / 2)
			lo = mid + 1;
		else
			hi = mid;
	if (lo == sp->nmarks ||
	    (at = record_start(c, &sp->marks[lo], end, &line)) == -1 ||
	    at >= end)		/* nothing left to take */
		return 0;
	pthread_mutex_lock(&sp->mu);
	if (sp->first_upto <= at)
		sp->stolen = at;
	pthread_mutex_unlock(&sp->mu);
	if (sp->stolen != at)
		return 0;
	c->pos = at;
	c->end = end;
	c->line = c->pendline = line;
	if (sp->test)
		fprintf(stderr, "%s: debug: %s: the second half takes over "
		    "the end of the first\n", diag_progname(),
		    diag_safe(name, sizeof name, c->in->name));
	return 1;
}

/* Before the second half's first block: where, and with what header. */
static int
half_begin(struct csvin *c)
{
	struct split *sp = c->sp;

	c->begun = 1;
	if (find_boundary(c) == -1)
		return -1;
	pthread_mutex_lock(&sp->mu);
	while (sp->hstate == 0)
		pthread_cond_wait(&sp->cv, &sp->mu);
	pthread_mutex_unlock(&sp->mu);
	c->hdr = sp->hdr;
	c->keep = sp->keep;
	c->nkeep = c->hdr != NULL ? c->hdr->n : 0;
	set_drop(c);
	c->fastn = c->nkeep;
	c->pos = sp->hstate == 1 ? sp->boundary : sp->size;
	c->end = sp->size;
	c->line = sp->bline;
	c->pendline = c->line;
	return 0;
}

/* The next block of a half: the first ends at the boundary, once known. */
static long
half_read(struct csvin *c)
{
	struct split *sp = c->sp;
	off_t end;
	ssize_t n;

	if (c->half == 1 && !c->begun && half_begin(c) == -1)
		return -1;
	end = c->end;
	if (c->half == 0) {
		if (sp->test)
			usleep(1000);
		pthread_mutex_lock(&sp->mu);
		while (sp->boundary == -1 && c->pos >= sp->mid)
			pthread_cond_wait(&sp->cv, &sp->mu);
		end = sp->boundary != -1 ? sp->boundary : sp->mid;
		if (sp->stolen != -1)
			end = sp->stolen;
		sp->first_upto = end - c->pos < sp->block ? end :
		    c->pos + sp->block;
		pthread_mutex_unlock(&sp->mu);
	} else if (c->pos >= end && steal(c) == 1)
		end = c->end;
	if (c->pos >= end)
		return 0;
	n = pread_all(sp->fd, c->block, end - c->pos < sp->block ?
	    (size_t)(end - c->pos) : (size_t)sp->block, c->pos);
	if (n == -1) {
		diag_syswarn(c->in->name);
		return -1;
	}
	c->pos += n;
	return (long)n;
}

/* Parse one input block into c->q; 0 at the end of the input. */
static int
parse_block(struct csvin *c)
{
	char *p = c->block;
	long n;
	size_t used;

	/* the only place the thread may be cancelled: a read that waits */
	if (c->sp != NULL)
		n = half_read(c);
	else {
		pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
		n = rin_read_quiet(c->in, c->block, RIN_BLOCK);
		pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	}
	if (n == -1) {
		/* a half's read said why; the parser's is said by the reader */
		c->q->readerr = c->sp != NULL ? -1 : errno;
		header_known(c, -1);
		return 0;
	}
	if (n == 0) {
		c->q->eof = 1;
		/* a first half that ends before the file, between rows */
		if (c->sp != NULL && c->half == 0 && c->pos < c->sp->size &&
		    c->p.pstate != PARSER_BETWEEN_ROWS)
			fail(c, error_line(c), "stray or unterminated quote");
		else if (csv_fini(&c->p, on_field_checked, on_row, c) != 0)
			parse_error(c, 1);
		header_known(c, -1);
		return 0;
	}
	if (!c->bom_checked) {
		c->bom_checked = 1;
		if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
			p += 3;
			n -= 3;
		}
	}
	scan_block(c, p, (size_t)n);
	cursor_save(c);
	bytes_room(c->q, BYTES_SLACK);
	cursor_load(c);
	/* (libcsv's field buffer is there from the first block on) */
	used = csv_parse(&c->p, p, (size_t)n, c->dirty ||
	    csv_get_buffer_size(&c->p) < 16 ? on_field_checked :
	    c->quotes && short_lf_possible(c, p, (size_t)n) ? on_field_quotes :
	    on_field, on_row, c);
	if (used != (size_t)n && !c->q->failed)
		parse_error(c, 0);
	return !c->q->failed;
}

/* Start batch q, moving the partial record of the last one into it. */
static void
start_batch(struct csvin *c, struct batch *q, struct batch *last)
{
	size_t i, k = last ? last->nf - c->pend : 0;

	q->nf = q->nr = q->pos = 0;
	buf_reset(&q->bytes);
	q->eof = q->readerr = q->failed = 0;
	for (i = 0; i < k; i++) {
		struct field *f = &last->f[c->pend + i];

		put_field(c, q, f->val, f->len);
	}
	field_room(c, q);		/* f and bytes.s are not NULL */
	bytes_room(q, BYTES_SLACK);
	c->pend = 0;
	c->q = q;
	cursor_load(c);
}

/*
 * Fill q, after the partial record that ended last; 0 at the end.  A
 * batch holds at least one whole record: the next batch starts with a
 * copy of the fields of the record left partial, and one that ran on
 * over many batches would be copied over and over, in time that grows
 * with the square of its length.
 */
static int
fill_batch(struct csvin *c, struct batch *q, struct batch *last)
{
	int more = 1, i, n = c->sp != NULL ? HALF_BLOCKS : BATCH_BLOCKS;

	start_batch(c, q, last);
	for (i = 0; (i < n || q->nr == 0) && more; i++)
		more = parse_block(c);
	cursor_save(c);
	return more;
}

static void *
parser(void *arg)
{
	struct csvin *c = arg;
	struct batch *q = &c->b[0], *last = NULL;
	int more;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	for (;;) {
		more = fill_batch(c, q, last);
		pthread_mutex_lock(&c->mu);
		while (c->ready != NULL && !c->stop)	/* the last not taken yet */
			pthread_cond_wait(&c->cv, &c->mu);
		if (c->stop) {
			pthread_mutex_unlock(&c->mu);
			return NULL;
		}
		c->ready = q;
		pthread_cond_broadcast(&c->cv);
		if (!more) {
			c->done = 1;
			pthread_mutex_unlock(&c->mu);
			return NULL;
		}
		while (c->free == NULL && !c->stop)
			pthread_cond_wait(&c->cv, &c->mu);
		if (c->stop) {
			pthread_mutex_unlock(&c->mu);
			return NULL;
		}
		last = q;
		q = c->free;
		c->free = NULL;
		pthread_mutex_unlock(&c->mu);
	}
}

int
csvin_open(struct rin *in)
{
	struct csvin *c = xcalloc(1, sizeof *c);

	if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
	    CSV_EMPTY_IS_NULL | CSV_REPALL_NL) != 0)
		diag_fatal("out of memory");
	csv_set_realloc_func(&c->p, capped_realloc);
	csv_set_blk_size(&c->p, 4096);
	c->line = 1;
	c->pendline = 1;
	c->in = in;
	c->block = xmalloc(RIN_BLOCK);
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->cv, NULL);
	c->free = &c->b[1];
	in->csv = c;
	return 0;
}

/* Give back the batch read through; wait for the next one. */
static struct batch *
next_batch(struct csvin *c)
{
	struct batch *b;

	pthread_mutex_lock(&c->mu);
	if (c->cur != NULL) {
		c->free = c->cur;
		pthread_cond_broadcast(&c->cv);
	}
	while (c->ready == NULL)
		pthread_cond_wait(&c->cv, &c->mu);
	b = c->ready;
	c->ready = NULL;
	pthread_cond_broadcast(&c->cv);
	pthread_mutex_unlock(&c->mu);
	return c->cur = b;
}

/*
 * Empty the columns not kept in every record of batch b, about to be
 * lent: a column at a time, with a stride, since b's records are whole
 * from slot 0 on, each of the header's columns (set_keys()).
 */
static void
empty_dropped(const struct csvin *c, struct batch *b)
{
	size_t i, n = c->hdr != NULL ? c->hdr->n : 0;
	struct field *f, *end = b->f + b->nr * n;

	for (i = 0; i < c->ndrop; i++)
		for (f = b->f + c->drop[i]; f < end; f += n) {
			f->val = none;
			f->len = 0;
		}
}

/*
 * The next batch with records into c->cur: 1, or 0 at the end of the
 * input, -1 on an error (printed).  Its slots get their keys here, and
 * the record its file's name, once a batch.
 */
static COMPAT_NOINLINE int
next_records(struct rin *in)
{
	struct csvin *c = in->csv;
	struct batch *b = c->cur;

	if (!c->started && c->sp == NULL) {
		c->started = 1;
		if (pthread_create(&c->thread, NULL, parser, c) != 0)
			diag_fatal("cannot start a thread");
	}
	while (b == NULL || b->pos == b->nr) {
		if (b != NULL && b->failed) {
			rin_error(in, b->errline, "%s", b->errmsg);
			return -1;
		}
		if (b != NULL && b->readerr) {
			/*
			 * Told in the reading thread, whose messages may be
			 * held (diag_impl.h), not in the parser's.
			 */
			if (b->readerr > 0) {
				errno = b->readerr;
				diag_syswarn(in->name);
			}
			return -1;
		}
		if (b != NULL && b->eof) {
			in->eof = 1;
			return 0;
		}
		if (c->sp != NULL) {	/* parse the next batch here */
			b = b == &c->b[0] ? &c->b[1] : &c->b[0];
			fill_batch(c, b, c->cur);
			c->cur = b;
		} else
			b = next_batch(c);
	}
	if (b->keyed != c->hdr)
		set_keys(c, b, 0);
	empty_dropped(c, b);
	c->rec.hdr = c->hdr;
	c->rec.loc.file = in->name;
	return 1;
}

static int next_lend(struct rin *, struct rec **);

/*
 * The record is the batch's fields, lent as they are (the columns not
 * kept emptied by next_records()).  Kept short, with no call but a tail call
 * at the end of a batch (next_lend()): it runs once a record.
 */
int
csvin_next(struct rin *in, struct rec **out)
{
	struct csvin *c = in->csv;
	struct batch *b = c->cur;
	struct qrec *q;
	struct field *f;

	if (b == NULL || b->pos == b->nr)
		return next_lend(in, out);
	q = &b->r[b->pos++];
	f = &b->f[q->first];
	c->rec.f = f;
	c->rec.n = q->n;
	c->rec.loc.line = q->line;
	*out = &c->rec;
	return 1;
}

size_t
csvin_each(struct rin *in, struct colmap *m,
    void (*fn)(struct colmap *, const struct rec *, void *), void *arg)
{
	struct csvin *c = in->csv;
	struct batch *b = c->cur;
	struct rec *rec = &c->rec;
	size_t n = 0;

	while (b != NULL && b->pos < b->nr) {
		const struct qrec *q = &b->r[b->pos++];
		struct field *f = &b->f[q->first];

		rec->f = f;
		rec->n = q->n;
		rec->loc.line = q->line;
		n++;
		fn(m, rec, arg);
	}
	return n;
}

/* csvin_next() at the end of a batch: the next one, then its record. */
static COMPAT_NOINLINE int
next_lend(struct rin *in, struct rec **out)
{
	int rv = next_records(in);

	return rv == 1 ? csvin_next(in, out) : rv;
}

/* Smallest file worth reading in two halves; tests lower it. */
static off_t
split_min(void)
{
	const char *v = getenv("IOP_TEST_SPLIT_MIN");

	return v != NULL && *v != '\0' ? (off_t)strtoll(v, NULL, 10) :
	    (off_t)8 << 20;
}

/*
 * The text must start with its header row on its first line, so that
 * the first half surely holds the header.
 */
static int
starts_with_header(int fd, off_t base)
{
	char head[4];
	ssize_t n = pread_all(fd, head, sizeof head, base);
	size_t i = 0;

	if (n >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	return n > (ssize_t)i && strchr(" \t\r\n", head[i]) == NULL;
}

struct rin *
csvin_split(struct rin *in, struct rin *second, unsigned flags)
{
	struct csvin *c = in->csv, *d;
	struct split *sp;
	struct stat st;
	off_t base, in128;

	if (c->started || c->sp != NULL || in->peekpos != 0 ||
	    fstat(in->fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (base = lseek(in->fd, 0, SEEK_CUR)) == -1 ||
	    (base -= (off_t)in->peeklen) < 0 ||
	    st.st_size - base < split_min() || st.st_size - base < 2 ||
	    !starts_with_header(in->fd, base) ||
	    /*
	     * The halves read with pread(), so the descriptor stays where
	     * the text starts: a file read again for its messages
	     * (check_reread()) that is standard input is read from there.
	     */
	    lseek(in->fd, base, SEEK_SET) == -1)
		return NULL;
	sp = xcalloc(1, sizeof *sp);
	sp->fd = in->fd;
	sp->base = base;
	sp->size = st.st_size;
	/*
	 * A little past the middle, where the second half's thread counts
	 * the quotes to before it starts to parse; five eighths in if it
	 * may take over the end of the first's range: it should end first,
	 * so that it takes over what the first has left (steal()) rather
	 * than wait for it, unless its CPU is much the slower.
	 */
	sp->take_over = (flags & RIN_SPLIT_TAKE_OVER) != 0;
	in128 = sp->take_over ? 80 : 65;	/* of 128 */
	sp->mid = base + (st.st_size - base) / 128 * in128 +
	    (st.st_size - base) % 128 * in128 / 128;
	sp->boundary = -1;
	sp->stolen = -1;
	sp->first_upto = base;
	sp->test = sp->take_over && getenv("IOP_TEST_STEAL") != NULL &&
	    strcmp(getenv("IOP_TEST_STEAL"), "1") == 0;
	sp->block = sp->test ? 512 : HALF_BLOCK;
	sp->markstep = sp->test ? 256 : RIN_BLOCK;
	pthread_mutex_init(&sp->mu, NULL);
	pthread_cond_init(&sp->cv, NULL);
	c->sp = sp;
	c->pos = base;
	csvin_open(second);
	d = second->csv;
	d->sp = sp;
	d->half = 1;
	d->bom_checked = 1;
	return second;
}

const struct hdr *
csvin_header(const struct rin *in)
{
	return in->csv->hdr;
}

void
csvin_close(struct rin *in)
{
	struct csvin *c = in->csv;
	int i;

	if (c->started) {
		pthread_mutex_lock(&c->mu);
		c->stop = 1;
		pthread_cond_broadcast(&c->cv);
		if (!c->done)
			pthread_cancel(c->thread);	/* maybe blocked in read */
		pthread_mutex_unlock(&c->mu);
		pthread_join(c->thread, NULL);
	}
	pthread_mutex_destroy(&c->mu);
	pthread_cond_destroy(&c->cv);
	csv_free(&c->p);
	if (c->sp == NULL || c->half == 0) {	/* else the first half's */
		hdr_free(c->hdr);
		free(c->keep);
	}
	free(c->drop);
	if (c->sp != NULL && c->half == 0) {
		pthread_mutex_destroy(&c->sp->mu);
		pthread_cond_destroy(&c->sp->cv);
		free(c->sp->marks);
		free(c->sp);
	}
	for (i = 0; i < 2; i++) {
		buf_free(&c->b[i].bytes);
		free(c->b[i].f);
		free(c->b[i].r);
	}
	free(c->block);
	free(c);
	in->csv = NULL;
}
