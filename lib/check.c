/* check.c: field checks that stop the program (see check.h). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "date.h"

void
check_fail(const struct rec *r, const char *col, const char *what)
{
	diag_errx(&r->loc, "field '%s' %s", col, what);
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

void
check_columns(const struct rin *in, const struct hdr *h,
    const char *const *names, size_t n, const struct loc *recloc)
{
	struct loc loc = { rin_name(in), 1 };
	const char *miss;

	if (h != NULL && (miss = hdr_missing(h, names, n)) != NULL)
		diag_errx(rin_format(in) == FMT_CSV || recloc == NULL ? &loc :
		    recloc, "missing column '%s'", miss);
}

/* Every record of in through fn; the caller sets up and closes. */
static void
read_records(struct rin *in, struct colmap *m, const char *const *names,
    size_t required, void (*fn)(struct colmap *, const struct rec *, void *),
    void *arg)
{
	struct rec *r;
	int rv;

	while ((rv = rin_next(in, &r)) == 1) {
		if (r->hdr == NULL || r->hdr->gen != m->gen) {
			check_columns(in, r->hdr, names, required, &r->loc);
			colmap_bind(m, r);
		}
		fn(m, r, arg);
	}
	if (rv == -1)
		diag_exit(EXIT_TROUBLE);
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
};

static void *
read_half(void *arg)
{
	struct half *h = arg;

	diag_hold(&h->hold);	/* the first half's errors come first */
	read_records(h->in, &h->m, h->names, h->required, h->fn, h->arg);
	return NULL;
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
		exit(EXIT_TROUBLE);
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
	read_records(in, &m, names, required, fn, arg[0]);
	if (h.in != NULL) {
		pthread_join(t, NULL);
		if (h.hold.status != 0) {
			diag_release(&h.hold);
			exit(EXIT_TROUBLE);
		}
		colmap_free(&h.m);
		rin_close(h.in);
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
