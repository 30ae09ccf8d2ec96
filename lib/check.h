/*
 * check.h: checked field values and the record loop that reads every
 * record of a stream through them.  Each check either returns the value
 * or prints "prog: file:line: field 'col' ..." and fails the record:
 * inside check_stream() the loop goes on to the next record (the first
 * 20 bad ones told, then how many more) and exits 2 at the end; outside
 * one, the program exits 2 at once (the output spool is dropped by
 * out.h).  Messages never include the value.
 */
#ifndef IOP_CHECK_H
#define IOP_CHECK_H

#include "rec.h"
#include "recio.h"

#define CHECK_MAXERR	20	/* bad records of a stream told */
_Noreturn void check_fail(const struct rec *, const char *col, const char *what);
long	check_date(const struct rec *, const char *col, const char *v);
/* HH:MM; with allow24, 24:00 (the end of a day) too. */
int	check_time(const struct rec *, const char *col, const char *v,
	    int allow24);
/*
 * Exit 2 unless header h has every one of names[0..n-1].  A CSV file's
 * header is its line 1; a YAML record (recloc) is its own header.
 */
void	check_columns(const struct rin *, const struct hdr *h,
	    const char *const *names, size_t n, const struct loc *recloc);

/*
 * What check_stream()'s reader keeps of a record (its only_these):
 * every column (a program that passes records through or lets a rule
 * name any field), or only the named ones, a speed-up for a program
 * that reads nothing else.
 */
enum { CHECK_ALL_COLUMNS = 0, CHECK_ONLY_NAMED = 1 };

/*
 * Read every record of path (format fmt, FMT_AUTO to tell) through
 * fn(m, r, arg), with m bound to names[0..n-1]; the first `required`
 * of them must be columns.  only_these is CHECK_ALL_COLUMNS or
 * CHECK_ONLY_NAMED (then nothing is passed through).  Returns the
 * stream's format; exits 2 on any error.
 */
int	check_stream(const char *path, int fmt, const char *const *names,
	    size_t n, size_t required, int only_these,
	    void (*fn)(struct colmap *m, const struct rec *r, void *arg),
	    void *arg);
/*
 * The same for a program whose columns depend on the header (iop-chart
 * tells the kind of its input from it): no column is required here;
 * hdr(in, h, recloc, arg) is called for each header before its first
 * record, and once at the end with the last header and recloc NULL (so
 * for a file of a header alone too); it checks the columns itself and
 * exits on a bad header (check_columns()).
 */
int	check_stream_hdr(const char *path, int fmt, const char *const *names,
	    size_t n, int only_these,
	    void (*hdr)(const struct rin *in, const struct hdr *h,
	    const struct loc *recloc, void *arg),
	    void (*fn)(struct colmap *m, const struct rec *r, void *arg),
	    void *arg);
/*
 * A record loop of a program's own, whose checks print their messages
 * and fail a record by returning (iop-screen's screen_result()): around
 * a record's own checks, check_own_begin(nbad), nbad the bad records so
 * far, and check_own_done() tell only the first CHECK_MAXERR bad
 * records, as check_stream() does (every other message, of the reader
 * or the header, is told); check_own_end(nbad, in) after the loop says
 * how many more there were.
 */
void	check_own_begin(size_t nbad);
void	check_own_done(void);
void	check_own_end(size_t nbad, const struct rin *in);

#endif
