/* check.c: field checks that stop the program (see check.h). */
#include <pthread.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "date.h"

/*
 * While read_records() reads a file, a bad record does not stop it at
 * once.  Reading it whole (ALL_ERRORS), check_fail() prints (the first
 * CHECK_MAXERR) and jumps back to read the next record, so that a file
 * can be mended in one pass; at the end of the stream the program
 * exits 2, having written nothing.  Reading half of a split file
 * (FIRST_ERROR), it only notes the record was bad and stops the half:
 * the file is then read again whole, so that the messages are the
 * same however it was read.  Thread-local, since each half of a split
 * read has a thread.
 */
#define CHECK_MAXERR	20
enum { ALL_ERRORS, FIRST_ERROR };
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
 * Every record of in through fn; the caller sets up and closes, and
 * exits 2 if there were bad records (they are told as check_fail()
 * says); returns how many (FIRST_ERROR: 0 or 1).
 */
static size_t
read_records(struct rin *in, struct colmap *m, const char *const *names,
    size_t required, void (*fn)(struct colmap *, const struct rec *, void *),
    void *arg, int mode)
{
	jmp_buf jb;
	volatile int rv = 0;

	recover = &jb;
	quiet = mode == FIRST_ERROR;
	nbad = 0;
	if (setjmp(jb) != 0 && mode == FIRST_ERROR)
		goto done;	/* back here after a bad record */
	for (;;) {
		struct rec *r;

		if ((rv = rin_next(in, &r)) != 1)
			break;
		if (r->hdr == NULL || r->hdr->gen != m->gen) {
			check_columns(in, r->hdr, names, required, &r->loc);
			colmap_bind(m, r);
		}
		fn(m, r, arg);
	}
done:
	recover = NULL;
	if (rv == -1)
		diag_exit(EXIT_TROUBLE);
	if (nbad > CHECK_MAXERR && mode == ALL_ERRORS)
		diag_warnx(NULL, "... and %zu more bad records in %s",
		    nbad - CHECK_MAXERR, rin_name(in));
	return nbad;
}

/* The second half of a split file, read by a thread of its own. */
struct half {
	struct rin	*in;
	struct colmap	 m;
	const char	*const *names;
	size_t		 required;
	void		(*fn)(struct colmap *, const struct rec *, void *);
	void		*arg;
	struct diag_hold hold;
	size_t		 nbad;
};

static void *
read_half(void *arg)
{
	struct half *h = arg;

	diag_hold(&h->hold);	/* the first half's errors come first */
	h->nbad = read_records(h->in, &h->m, h->names, h->required, h->fn,
	    h->arg, FIRST_ERROR);
	return NULL;
}

/*
 * A split read found a bad record: read the file again, whole, for the
 * messages a whole read gives (and exit 2).  Errors are rare; a second
 * pass then is cheaper than ordering two threads' lists of them.
 */
static _Noreturn void
reread(const char *path, int fmt, const char *const *names, size_t n,
    size_t required, void (*fn)(struct colmap *, const struct rec *, void *),
    void *arg)
{
	struct colmap m;
	struct rin *in;

	if ((in = rin_open(path, fmt)) == NULL)
		exit(EXIT_TROUBLE);
	colmap_init(&m, names, n);
	if (read_records(in, &m, names, required, fn, arg, ALL_ERRORS) == 0)
		diag_warnx(NULL, "%s: a bad record was not found again",
		    rin_name(in));
	colmap_free(&m);
	rin_close(in);
	diag_exit(EXIT_TROUBLE);
}

int
check_stream_split(const char *path, int fmt, const char *const *names,
    size_t n, size_t required, int only_these,
    void (*fn)(struct colmap *, const struct rec *, void *), void *arg[2])
{
	struct colmap m;
	struct rin *in;
	struct half h;
	pthread_t t;

	if ((in = rin_open(path, fmt)) == NULL)
		diag_exit(EXIT_TROUBLE);	/* in a holding thread, its end */
	if (only_these)
		rin_select(in, names, n);
	colmap_init(&m, names, n);
	memset(&h, 0, sizeof h);
	if (arg[1] != NULL && (h.in = rin_split(in)) != NULL) {
		colmap_init(&h.m, names, n);
		h.names = names;
		h.required = required;
		h.fn = fn;
		h.arg = arg[1];
		if (pthread_create(&t, NULL, read_half, &h) != 0)
			diag_fatal("cannot start a thread");
	}
	if (h.in == NULL) {
		if (read_records(in, &m, names, required, fn, arg[0],
		    ALL_ERRORS) > 0) {
			colmap_free(&m);
			rin_close(in);
			diag_exit(EXIT_TROUBLE);
		}
	} else {
		size_t bad = read_records(in, &m, names, required, fn, arg[0],
		    FIRST_ERROR);

		pthread_join(t, NULL);
		if (bad == 0 && h.hold.status != 0) {
			diag_release(&h.hold);
			exit(EXIT_TROUBLE);
		}
		colmap_free(&h.m);
		rin_close(h.in);
		if (bad > 0 || h.nbad > 0) {
			colmap_free(&m);
			rin_close(in);
			reread(path, fmt, names, n, required, fn, arg[0]);
		}
	}
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
	void *args[2] = { arg, NULL };

	return check_stream_split(path, fmt, names, n, required, only_these,
	    fn, args);
}
