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
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "recio_impl.h"
#include "xalloc.h"

#define BATCH_BLOCKS	4	/* input blocks parsed per batch */

struct qfield {
	size_t	off, len;
};

struct qrec {
	size_t	first, n, line;
};

/* Parsed records, and what ended them. */
struct batch {
	struct buf	 bytes;
	struct qfield	*f;
	size_t		 nf, capf;
	struct qrec	*r;
	size_t		 nr, capr, pos;
	int		 eof, readerr, failed;
	size_t		 errline;
	char		 errmsg[96];
};

struct csvin {
	/* the parser's side */
	struct csv_parser p;
	struct batch	*q;		/* being filled */
	size_t		 pend, pendline;	/* the partial record: q->f[pend...] */
	size_t		 line;		/* line of the next byte parsed */
	int		 bom_checked;
	unsigned char	*keep;		/* per column: copy its values? */
	char		*block;
	struct rin	*in;
	/* set by the parser before the first hand-over, then read-only */
	struct hdr	*hdr;
	/* the program's side */
	struct batch	*cur;		/* being read */
	/* the hand-over */
	struct batch	 b[2];
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	struct batch	*ready;		/* filled, not yet taken */
	struct batch	*free;		/* taken back, to fill */
	pthread_t	 thread;
	int		 started, stop, done;
};

static int field_too_large;

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
fail(struct csvin *c, size_t line, const char *msg)
{
	struct batch *q = c->q;

	if (q->failed)
		return;
	q->failed = 1;
	q->errline = line;
	snprintf(q->errmsg, sizeof q->errmsg, "%s", msg);
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

static void
on_field(void *s, size_t len, void *arg)
{
	struct csvin *c = arg;
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
	/* one pass: the UTF-8 check also counts quoted line feeds */
	if (len > 0 && !utf8_scan(s, len, &lf)) {
		fail(c, c->line, "not valid UTF-8 text (or a NUL byte)");
		return;
	}
	if (nfields >= (c->hdr ? c->hdr->n : RECIO_FIELDS_MAX)) {
		fail(c, c->pendline, c->hdr ? "more fields than the header" :
		    "too many columns");
		return;
	}
	c->line += lf;
	if (c->keep != NULL && !c->keep[nfields])
		len = 0;
	if (q->nf == q->capf) {
		q->capf = q->capf ? q->capf * 2 : 256;
		q->f = xreallocarray(q->f, q->capf, sizeof *q->f);
	}
	q->f[q->nf].off = q->bytes.len;
	q->f[q->nf].len = len;
	q->nf++;
	if (q->bytes.len + len + 1 >= q->bytes.cap)
		buf_grow(&q->bytes, len + 1);
	if (len > 0)
		memcpy(q->bytes.s + q->bytes.len, s, len);
	q->bytes.len += len;
	q->bytes.s[q->bytes.len++] = '\0';
}

static void
make_header(struct csvin *c)
{
	struct batch *q = c->q;
	size_t i, n = q->nf - c->pend;
	char **keys = xcalloc(n, sizeof *keys);

	for (i = 0; i < n; i++) {
		struct qfield *f = &q->f[c->pend + i];

		keys[i] = xstrndup(q->bytes.s + f->off, f->len);
	}
	c->hdr = hdr_new(keys, n);
	if (c->in->want != NULL) {
		c->keep = xcalloc(n, 1);
		for (i = 0; i < c->in->nwant; i++) {
			long k = hdr_index(c->hdr, c->in->want[i]);

			if (k >= 0)
				c->keep[k] = 1;
		}
	}
	for (i = 0; i < n; i++)
		if (keys[i][0] == '\0') {
			fail(c, c->pendline, "the header has an empty column name");
			return;
		}
	if (hdr_duplicate(c->hdr) != NULL)
		fail(c, c->pendline, "the header names a column twice");
}

static void
on_row(int term, void *arg)
{
	struct csvin *c = arg;
	struct batch *q = c->q;
	size_t n = q->nf - c->pend;

	if (q->failed)
		return;
	if (n > 0) {
		if (c->hdr == NULL) {
			make_header(c);
			q->nf = c->pend;
			q->bytes.len = q->nf ? q->f[q->nf - 1].off +
			    q->f[q->nf - 1].len + 1 : 0;
		} else if (n != c->hdr->n) {
			fail(c, c->pendline, "fewer fields than the header");
		} else {
			if (q->nr == q->capr) {
				q->capr = q->capr ? q->capr * 2 : 256;
				q->r = xreallocarray(q->r, q->capr, sizeof *q->r);
			}
			q->r[q->nr].first = c->pend;
			q->r[q->nr].n = n;
			q->r[q->nr].line = c->pendline;
			q->nr++;
			c->pend = q->nf;
		}
	}
	if (term == '\n')
		c->line++;
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

/* Parse one input block into c->q; 0 at the end of the input. */
static int
parse_block(struct csvin *c)
{
	char *p = c->block;
	long n;
	size_t used;

	/* the only place the thread may be cancelled: a read that waits */
	pthread_setcancelstate(PTHREAD_CANCEL_ENABLE, NULL);
	n = rin_read(c->in, c->block, RIN_BLOCK);
	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	if (n == -1) {
		c->q->readerr = 1;
		return 0;
	}
	if (n == 0) {
		c->q->eof = 1;
		if (csv_fini(&c->p, on_field, on_row, c) != 0)
			parse_error(c, 1);
		return 0;
	}
	if (!c->bom_checked) {
		c->bom_checked = 1;
		if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
			p += 3;
			n -= 3;
		}
	}
	used = csv_parse(&c->p, p, (size_t)n, on_field, on_row, c);
	if (used != (size_t)n && !c->q->failed)
		parse_error(c, 0);
	return !c->q->failed;
}

/* Start batch q, moving the partial record of the last one into it. */
static void
start_batch(struct csvin *c, struct batch *q, struct batch *last)
{
	size_t i, k = last ? last->nf - c->pend : 0, base;

	q->nf = q->nr = q->pos = 0;
	buf_reset(&q->bytes);
	q->eof = q->readerr = q->failed = 0;
	for (i = 0; i < k; i++) {
		struct qfield *f = &last->f[c->pend + i];

		if (q->nf == q->capf) {
			q->capf = q->capf ? q->capf * 2 : 256;
			q->f = xreallocarray(q->f, q->capf, sizeof *q->f);
		}
		base = q->bytes.len;
		buf_add(&q->bytes, last->bytes.s + f->off, f->len + 1);
		q->f[q->nf].off = base;
		q->f[q->nf].len = f->len;
		q->nf++;
	}
	c->pend = 0;
	c->q = q;
}

static void *
parser(void *arg)
{
	struct csvin *c = arg;
	struct batch *q = &c->b[0], *last = NULL;
	int more = 1, i;

	pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, NULL);
	for (;;) {
		start_batch(c, q, last);
		for (i = 0; i < BATCH_BLOCKS && more; i++)
			more = parse_block(c);
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

int
csvin_next(struct rin *in, struct rec **out)
{
	struct csvin *c = in->csv;
	struct rec *r = &in->rec;
	struct batch *b = c->cur;
	struct qrec *q;
	size_t i;

	if (!c->started) {
		c->started = 1;
		if (pthread_create(&c->thread, NULL, parser, c) != 0)
			diag_fatal("cannot start a thread");
	}
	while (b == NULL || b->pos == b->nr) {
		if (b != NULL && b->failed) {
			rin_error(in, b->errline, "%s", b->errmsg);
			return -1;
		}
		if (b != NULL && b->readerr)
			return -1;	/* rin_read said why */
		if (b != NULL && b->eof) {
			in->eof = 1;
			return 0;
		}
		b = next_batch(c);
	}
	q = &b->r[b->pos++];
	if (r->cap < q->n) {
		r->cap = q->n;
		r->f = xreallocarray(r->f, r->cap, sizeof *r->f);
	}
	for (i = 0; i < q->n; i++) {
		struct qfield *f = &b->f[q->first + i];

		r->f[i].key = c->hdr->keys[i];
		r->f[i].val = b->bytes.s + f->off;
		r->f[i].len = f->len;
		r->f[i].type = REC_TEXT;
	}
	r->n = q->n;
	r->hdr = c->hdr;
	r->loc.file = in->name;
	r->loc.line = q->line;
	*out = r;
	return 1;
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
	hdr_free(c->hdr);
	free(c->keep);
	for (i = 0; i < 2; i++) {
		buf_free(&c->b[i].bytes);
		free(c->b[i].f);
		free(c->b[i].r);
	}
	free(c->block);
	free(c);
	in->csv = NULL;
}
