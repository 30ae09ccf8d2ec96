/*
 * check_impl.h: check.c's record loop, for a reader in lib/ that opens
 * and splits the stream itself (attlog_read.c reads a large log in two
 * halves; attend_read.c the schedule and the logs at once).  Not for
 * programs: they call check_stream() (check.h).
 */
#ifndef IOP_CHECK_IMPL_H
#define IOP_CHECK_IMPL_H

#include "check.h"

/*
 * How check_records() takes a bad record.  CHECK_ALL_ERRORS: told (the
 * first 20), and the next read.  CHECK_FIRST_ERROR: counted, told
 * nothing, and the stream stops (half of a split file, read again whole
 * by check_reread() for the messages).
 */
enum { CHECK_ALL_ERRORS, CHECK_FIRST_ERROR };

/*
 * Every record of in through fn, m bound to names as headers come (the
 * first `required` must be columns); the caller opens and closes in.
 * Returns how many records were bad; a read error or a missing column
 * ends the program (or the holding thread, diag_impl.h) with status 2.
 */
size_t	check_records(struct rin *in, struct colmap *m,
	    const char *const *names, size_t required,
	    void (*fn)(struct colmap *m, const struct rec *r, void *arg),
	    void *arg, int mode);
/*
 * The same, calling end(arg), if not NULL, before each call of
 * rin_next() (and so before a batch of records is given back to its
 * reader, recio_impl.h): a caller that kept pointers into the records
 * it was lent copies what it still needs there.  A CSV batch lends
 * many records at once; YAML and JSON Lines lend one at a time.  With
 * CHECK_FIRST_ERROR, or on a read error, the read stops without a last
 * end(): what the caller kept then points into batches rin_close()
 * frees, so such a caller must not read it again (attlog_read.c exits).
 */
size_t	check_records_lent(struct rin *in, struct colmap *m,
	    const char *const *names, size_t required,
	    void (*fn)(struct colmap *m, const struct rec *r, void *arg),
	    void (*end)(void *arg), void *arg, int mode);
/*
 * Read path again whole, as check_stream() would, for the messages of
 * its bad records, and exit 2.
 */
_Noreturn void check_reread(const char *path, int fmt,
	    const char *const *names, size_t n, size_t required,
	    void (*fn)(struct colmap *m, const struct rec *r, void *arg),
	    void *arg);

#endif
