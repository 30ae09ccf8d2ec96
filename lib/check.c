/* check.c: field checks that stop the program (see check.h). */
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "check_impl.h"
#include "date.h"
#include "diag_impl.h"
#include "recio_impl.h"

/*
 * While check_records() reads a file, a bad record does not stop it at
 * once.  Reading it whole (CHECK_ALL_ERRORS), check_fail() prints (the
 * first CHECK_MAXERR) and jumps back to read the next record, so that a
 * file can be mended in one pass; at the end of the stream the program
 * exits 2, having written nothing.  Reading half of a split file
 * (CHECK_FIRST_ERROR), it only notes the record was bad and stops the
 * half: the file is then read again whole, so that the messages are
 * the same however it was read.  Thread-local, since each half of a split
 * read has a thread.
 */
static _Thread_local jmp_buf *recover;
static _Thread_local int quiet;
static _Thread_local size_t nbad;

void
check_fail(const struct rec *r, const char *col, const char *what)
{
	if (recover == NULL)
		diag_errx(&r->loc, "field '%s' %s", col, what);
	if (!quiet && nbad < CHECK_MAXERR)
		diag_warnx(&r->loc, "field '%s' %s", col, what);
	nbad++;
	longjmp(*recover, 1);
}

long
check_date(const struct rec *r, const char *col, const char *v)
{
	long d;

	if (date_parse(v, &d) == -1)
		check_fail(r, col, "is not a date (YYYY-MM-DD)");
	return d;
}

int
check_time(const struct rec *r, const char *col, const char *v, int allow24)
{
	int m;

	if (time_parse(v, allow24, &m) == -1)
		check_fail(r, col, allow24 ? "is not a time (HH:MM, or 24:00 "
		    "for the end of the day)" : "is not a time (HH:MM)");
	return m;
}

/* The separator a one-column CSV header seems to use instead of ','. */
static const char *
other_separator(const struct hdr *h)
{
	if (h->n != 1)
		return NULL;
	if (strchr(h->keys[0], ';') != NULL)
		return "';'";
	if (strchr(h->keys[0], '\t') != NULL)
		return "a tab";
	return NULL;
}

/*
 * Every missing column at once, each with the column that differs from
 * it only in case or punctuation if there is one (by its place: the
 * header is the input's), then the way a real export gets in.
 */
void
check_columns(const struct rin *in, const struct hdr *h,
    const char *const *names, size_t n, const struct loc *recloc)
{
	struct loc loc = { rin_name(in), 1 };
	const struct loc *at = rin_format(in) == FMT_CSV || recloc == NULL ?
	    &loc : recloc;
	const char *sep;
	size_t i, missing = 0;
	long k;

	if (h == NULL || hdr_missing(h, names, n) == NULL)
		return;
	for (i = 0; i < n; i++) {
		if (hdr_index(h, names[i]) >= 0)
			continue;
		missing++;
		if ((k = hdr_index_folded(h, names[i])) >= 0)
			diag_warnx(at, "missing column '%s' (column %ld differs "
			    "from it only in case, spaces, '-' or '_')",
			    names[i], k + 1);
		else
			diag_warnx(at, "missing column '%s'", names[i]);
	}
	if (rin_format(in) == FMT_CSV && (sep = other_separator(h)) != NULL)
		diag_warnx(at, "the header seems to separate its columns with "
		    "%s, not ','", sep);
	diag_errx(at, "%zu of the %zu required columns missing: "
	    "iop-import(1) maps an export's columns, dates, times and "
	    "status words to these", missing, n);
}

/*
 * A column that differs from one of the fields a program reads only in
 * case, spaces, '-' or '_' (Client_ID, family-involvement) is an
 * unknown spelling of a known field: read as nothing, it would leave
 * the field empty without a word.  Each is named by its place, and the
 * program exits 2.
 */
static void
check_spelling(const struct rin *in, const struct hdr *h,
    const char *const *names, size_t n, const struct loc *recloc)
{
	struct loc loc = { rin_name(in), 1 };
	const struct loc *at = rin_format(in) == FMT_CSV || recloc == NULL ?
	    &loc : recloc;
	const char *what = rin_format(in) == FMT_CSV ? "column" : "key";
	size_t i, bad = 0;
	long k;

	if (h == NULL)
		return;
	for (i = 0; i < n; i++)
		if (hdr_index(h, names[i]) < 0 &&
		    (k = hdr_index_folded(h, names[i])) >= 0) {
			diag_warnx(at, "%s %ld differs from '%s' only in case, "
			    "spaces, '-' or '_': rename it", what, k + 1,
			    names[i]);
			bad++;
		}
	if (bad > 0)
		diag_exit(EXIT_TROUBLE);
}

/* What check_records() hands each record to: its map and callback. */
struct each {
	struct rin	*in;
	struct colmap	*m;
	const char *const *names;
	size_t		 required;
	void		(*fn)(struct colmap *, const struct rec *, void *);
	void		*arg;
};

static void
check_one(const struct rec *r, void *ctx)
{
	const struct each *e = ctx;

	if (r->hdr == NULL || r->hdr->gen != e->m->gen) {
		check_columns(e->in, r->hdr, e->names, e->required, &r->loc);
		check_spelling(e->in, r->hdr, e->names, e->m->n, &r->loc);
		colmap_bind(e->m, r);
	}
	e->fn(e->m, r, e->arg);
}

size_t
check_records(struct rin *in, struct colmap *m, const char *const *names,
    size_t required, void (*fn)(struct colmap *, const struct rec *, void *),
    void *arg, int mode)
{
	return check_records_lent(in, m, names, required, fn, NULL, arg, mode);
}

size_t
check_records_lent(struct rin *in, struct colmap *m, const char *const *names,
    size_t required, void (*fn)(struct colmap *, const struct rec *, void *),
    void (*end)(void *), void *arg, int mode)
{
	struct each e = { in, m, names, required, fn, arg };
	jmp_buf jb;
	volatile int rv = 0;

	recover = &jb;
	quiet = mode == CHECK_FIRST_ERROR;
	nbad = 0;
	if (setjmp(jb) != 0 && mode == CHECK_FIRST_ERROR)
		goto done;	/* back here after a bad record */
	for (;;) {
		struct rec *r;

		if (end != NULL)	/* also after a bad record, mid-batch */
			end(arg);
		if ((rv = rin_next(in, &r)) != 1)
			break;
		check_one(r, &e);
		/* the rest of r's batch, of r's header, in the reader's loop */
		(void)rin_each(in, m, fn, arg);
	}
done:
	recover = NULL;
	if (rv == -1)
		diag_exit(EXIT_TROUBLE);
	if (nbad > CHECK_MAXERR && mode == CHECK_ALL_ERRORS)
		diag_warnx(NULL, "... and %zu more bad records in %s",
		    nbad - CHECK_MAXERR, rin_name(in));
	return nbad;
}

/*
 * A split read found a bad record: the file is read again, whole, for
 * the messages a whole read gives.  Errors are rare; a second pass
 * then is cheaper than ordering two threads' lists of them.
 */
void
check_reread(const char *path, int fmt, const char *const *names, size_t n,
    size_t required, void (*fn)(struct colmap *, const struct rec *, void *),
    void *arg)
{
	struct colmap m;
	struct rin *in;

	if ((in = rin_open(path, fmt)) == NULL)
		exit(EXIT_TROUBLE);
	colmap_init(&m, names, n);
	if (check_records(in, &m, names, required, fn, arg,
	    CHECK_ALL_ERRORS) == 0)
		diag_warnx(NULL, "%s: a bad record was not found again",
		    rin_name(in));
	colmap_free(&m);
	rin_close(in);
	diag_exit(EXIT_TROUBLE);
}

void
check_own_begin(size_t bad)
{
	diag_mute(bad >= CHECK_MAXERR);
}

void
check_own_done(void)
{
	diag_mute(0);
}

void
check_own_end(size_t bad, const struct rin *in)
{
	if (bad > CHECK_MAXERR)
		diag_warnx(NULL, "... and %zu more bad records in %s",
		    bad - CHECK_MAXERR, rin_name(in));
}

/* check_stream_hdr()'s callback around the caller's: the header first. */
struct by_hdr {
	const struct rin *in;
	void		(*hdr)(const struct rin *, const struct hdr *,
			    const struct loc *, void *);
	void		(*fn)(struct colmap *, const struct rec *, void *);
	void		*arg;
	unsigned long	 gen;	/* the header last told, 0 none */
};

static void
each_by_hdr(struct colmap *m, const struct rec *r, void *ctx)
{
	struct by_hdr *b = ctx;

	if (r->hdr == NULL || r->hdr->gen != b->gen) {
		b->gen = r->hdr != NULL ? r->hdr->gen : 0;
		b->hdr(b->in, r->hdr, &r->loc, b->arg);
	}
	b->fn(m, r, b->arg);
}

/* check_stream(), or with hdr, check_stream_hdr(). */
static int
stream(const char *path, int fmt, const char *const *names, size_t n,
    size_t required, int only_these,
    void (*hdr)(const struct rin *, const struct hdr *, const struct loc *,
    void *), void (*fn)(struct colmap *, const struct rec *, void *),
    void *arg)
{
	struct colmap m;
	struct rin *in;
	struct by_hdr b = { NULL, hdr, fn, arg, 0 };

	if ((in = rin_open(path, fmt)) == NULL)
		diag_exit(EXIT_TROUBLE);	/* in a holding thread, its end */
	if (only_these)
		rin_select(in, names, n);
	colmap_init(&m, names, n);
	b.in = in;
	if (check_records(in, &m, names, required, hdr != NULL ?
	    each_by_hdr : fn, hdr != NULL ? (void *)&b : arg,
	    CHECK_ALL_ERRORS) > 0) {
		colmap_free(&m);
		rin_close(in);
		exit(EXIT_TROUBLE);
	}
	if (hdr != NULL)
		hdr(in, rin_header(in), NULL, arg);
	else
		check_columns(in, rin_header(in), names, required, NULL);
	fmt = rin_format(in);
	colmap_free(&m);
	rin_close(in);
	return fmt;
}

int
check_stream(const char *path, int fmt, const char *const *names, size_t n,
    size_t required, int only_these,
    void (*fn)(struct colmap *, const struct rec *, void *), void *arg)
{
	return stream(path, fmt, names, n, required, only_these, NULL, fn,
	    arg);
}

int
check_stream_hdr(const char *path, int fmt, const char *const *names,
    size_t n, int only_these,
    void (*hdr)(const struct rin *, const struct hdr *, const struct loc *,
    void *), void (*fn)(struct colmap *, const struct rec *, void *),
    void *arg)
{
	return stream(path, fmt, names, n, 0, only_these, hdr, fn, arg);
}
