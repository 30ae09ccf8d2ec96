/*
 * csvin.c: the CSV record reader, over libcsv.
 *
 * libcsv is fed whole blocks, not lines, because a read per line costs
 * more than the parse.  Line numbers come from the line feeds libcsv
 * reports: with CSV_REPALL_NL every unquoted LF ends a (maybe empty)
 * row, and a quoted field carries its own LFs.  The records of one
 * block wait in a queue until the program has taken them, so memory is
 * bounded by the block size and the field cap, not the file.
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "recio_impl.h"
#include "xalloc.h"

struct qfield {
	size_t	off, len;
};

struct qrec {
	size_t	first, n, line;
};

struct csvin {
	struct csv_parser p;
	struct hdr	*hdr;
	unsigned char	*keep;		/* per column: copy its values? */
	struct rin	*in;
	size_t		 line;		/* line of the next byte parsed */
	int		 bom_checked;
	/* the queue of parsed records */
	struct buf	 bytes;
	struct qfield	*f;
	size_t		 nf, capf;
	struct qrec	*r;
	size_t		 nr, capr, pos;
	/* the record being parsed: fields from f[pend] on */
	size_t		 pend, pendline;
	/* the first error, reported once the queue ahead of it is taken */
	size_t		 errline;
	char		 errmsg[96];
	int		 failed;
	char		*block;
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
	if (c->failed)
		return;
	c->failed = 1;
	c->errline = line;
	snprintf(c->errmsg, sizeof c->errmsg, "%s", msg);
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
	size_t nfields = c->nf - c->pend;

	if (c->failed)
		return;
	if (nfields == 0)
		c->pendline = c->line;
	if (s == NULL)
		len = 0;
	if (len > RECIO_FIELD_MAX) {
		fail(c, c->line, "field too large (over 1 MiB)");
		return;
	}
	if (len > 0 && !utf8_valid(s, len)) {
		fail(c, c->line, "not valid UTF-8 text (or a NUL byte)");
		return;
	}
	if (nfields >= (c->hdr ? c->hdr->n : RECIO_FIELDS_MAX)) {
		fail(c, c->pendline, c->hdr ? "more fields than the header" :
		    "too many columns");
		return;
	}
	if (len > 0 && memchr(s, '\n', len) != NULL)	/* a quoted line feed */
		c->line += count_lf(s, len);
	if (c->keep != NULL && !c->keep[nfields])
		len = 0;
	if (c->nf == c->capf) {
		c->capf = c->capf ? c->capf * 2 : 256;
		c->f = xreallocarray(c->f, c->capf, sizeof *c->f);
	}
	c->f[c->nf].off = c->bytes.len;
	c->f[c->nf].len = len;
	c->nf++;
	if (c->bytes.len + len + 1 >= c->bytes.cap)
		buf_grow(&c->bytes, len + 1);
	if (len > 0)
		memcpy(c->bytes.s + c->bytes.len, s, len);
	c->bytes.len += len;
	c->bytes.s[c->bytes.len++] = '\0';
}

static void
make_header(struct csvin *c)
{
	size_t i, n = c->nf - c->pend;
	char **keys = xcalloc(n, sizeof *keys);
	const char *dup;

	for (i = 0; i < n; i++) {
		struct qfield *q = &c->f[c->pend + i];

		keys[i] = xstrndup(c->bytes.s + q->off, q->len);
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
	if ((dup = hdr_duplicate(c->hdr)) != NULL)
		fail(c, c->pendline, "the header names a column twice");
}

static void
on_row(int term, void *arg)
{
	struct csvin *c = arg;
	size_t n = c->nf - c->pend;

	if (c->failed)
		return;
	if (n > 0) {
		if (c->hdr == NULL) {
			make_header(c);
			c->nf = c->pend;
			c->bytes.len = c->nf ? c->f[c->nf - 1].off +
			    c->f[c->nf - 1].len + 1 : 0;
		} else if (n != c->hdr->n) {
			fail(c, c->pendline, "fewer fields than the header");
		} else {
			if (c->nr == c->capr) {
				c->capr = c->capr ? c->capr * 2 : 256;
				c->r = xreallocarray(c->r, c->capr, sizeof *c->r);
			}
			c->r[c->nr].first = c->pend;
			c->r[c->nr].n = n;
			c->r[c->nr].line = c->pendline;
			c->nr++;
			c->pend = c->nf;
		}
	}
	if (term == '\n')
		c->line++;
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
	in->csv = c;
	return 0;
}

/* Forget the records the program has taken; keep the partial one. */
static void
drain(struct csvin *c)
{
	size_t k = c->nf - c->pend, base, i;

	base = k > 0 ? c->f[c->pend].off : c->bytes.len;
	if (base > 0)
		memmove(c->bytes.s, c->bytes.s + base, c->bytes.len - base);
	c->bytes.len -= base;
	for (i = 0; i < k; i++) {
		c->f[i] = c->f[c->pend + i];
		c->f[i].off -= base;
	}
	c->nf = k;
	c->pend = 0;
	c->nr = c->pos = 0;
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

static int
parse_block(struct rin *in)
{
	struct csvin *c = in->csv;
	char *p = c->block;
	long n;
	size_t used;

	drain(c);
	if ((n = rin_read(in, c->block, RIN_BLOCK)) == -1)
		return -1;
	if (n == 0) {
		in->eof = 1;
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
	if (used != (size_t)n && !c->failed)
		parse_error(c, 0);
	return 0;
}

int
csvin_next(struct rin *in, struct rec **out)
{
	struct csvin *c = in->csv;
	struct rec *r = &in->rec;
	struct qrec *q;
	size_t i;

	while (c->pos == c->nr) {
		if (c->failed) {
			rin_error(in, c->errline, "%s", c->errmsg);
			return -1;
		}
		if (in->eof)
			return 0;
		if (parse_block(in) == -1)
			return -1;
	}
	q = &c->r[c->pos++];
	if (r->cap < q->n) {
		r->cap = q->n;
		r->f = xreallocarray(r->f, r->cap, sizeof *r->f);
	}
	for (i = 0; i < q->n; i++) {
		struct qfield *f = &c->f[q->first + i];

		r->f[i].key = c->hdr->keys[i];
		r->f[i].val = c->bytes.s + f->off;
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

	csv_free(&c->p);
	hdr_free(c->hdr);
	free(c->keep);
	buf_free(&c->bytes);
	free(c->f);
	free(c->r);
	free(c->block);
	free(c);
	in->csv = NULL;
}
