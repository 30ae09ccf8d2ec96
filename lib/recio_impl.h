/*
 * recio_impl.h: what recio.c shares with the format readers in
 * csvin.c, yamlin.c and jsonin.c.  Not for programs.
 */
#ifndef IOP_RECIO_IMPL_H
#define IOP_RECIO_IMPL_H

#include <stddef.h>

#include "buf.h"
#include "recio.h"

#define RIN_BLOCK	(64 * 1024)
/*
 * A half of a split CSV file (rin_split()) is read and parsed 16 KiB at
 * a time by the thread that then reads its records: the fields of a
 * block, 32 bytes a field (rec.h), are still in that core's cache when
 * it reads them, where those of two 64 KiB blocks were not.
 */
#define HALF_BLOCK	(16 * 1024)

/* Does any byte of w have its high bit set, or is any byte zero? */
#define HIGH_OR_ZERO(w) \
	((((w) - 0x0101010101010101ULL) | (w)) & 0x8080808080808080ULL)
/* Does any byte of w equal the byte in every lane of b? */
#define HAS_BYTE(w, b)	HIGH_OR_ZERO((w) ^ (b))
#define LF_LANES	0x0a0a0a0a0a0a0a0aULL

struct csvin;
struct yamlin;
struct jsonin;

struct rin {
	char		*name;		/* for messages */
	int		 fd;		/* closed by rin_close unless 0 */
	int		 fmt;
	int		 eof;
	/* Bytes read to sniff the format, served before the fd. */
	char		*peek;
	size_t		 peeklen, peekpos;
	size_t		 nread;		/* bytes served by rin_read() */
	struct rec	 rec;		/* the record lent to the caller */
	const char	*const *want;	/* rin_select(), or NULL: all */
	size_t		 nwant;
	struct csvin	*csv;
	struct yamlin	*yaml;
	struct jsonin	*json;
};

/*
 * Read a large file in two halves at once, for a reader to which the
 * order of the records does not matter: in keeps the first half and
 * the reader returned has the second, each to be read in a thread of
 * its own (hours_read.c does it).  Each numbers its lines as in the
 * whole file; the second shares the first's header and is closed
 * first.  With RIN_SPLIT_TAKE_OVER, the second, its own range read, may
 * go on with the end of the first's (which then stops short of it), so
 * that records of any part of the file may come from either, in any
 * order: for a reader that keeps nothing of their order (iop-hours'
 * table, not a reader that expects each client's days in order).
 * NULL, and in as it was, unless in is CSV in a regular file of 8 MiB
 * or more (IOP_TEST_SPLIT_MIN bytes, for tests) starting with its
 * header row, from which nothing has been read yet.
 */
#define RIN_SPLIT_TAKE_OVER	0x1
struct rin *rin_split(struct rin *in, unsigned flags);

/* Read up to n bytes: the peeked ones first.  -1 on error (printed). */
long	rin_read(struct rin *, char *, size_t);
/*
 * After rin_next(): the records that follow it in the reader's current
 * batch, each lent to fn(m, r, arg) as rin_next() would lend it, in a
 * loop of the reader's own (a call a record less); none for YAML and
 * JSON Lines.  A batch's records share the header of the one
 * rin_next() lent, so m, bound to it, serves them all.  For
 * check_records().
 */
size_t	rin_each(struct rin *, struct colmap *m,
	    void (*fn)(struct colmap *, const struct rec *, void *),
	    void *arg);
/*
 * The same, printing nothing: -1 with errno set, for a thread that may
 * not speak (csvin.c's parser) to leave the message to the reader.
 */
long	rin_read_quiet(struct rin *, char *, size_t);
void	rin_error(struct rin *, size_t line, const char *, ...)
	    __attribute__((format(printf, 3, 4)));

int	csvin_open(struct rin *);
int	csvin_next(struct rin *, struct rec **);
/*
 * The records left in the batch of the last csvin_next(), lent one by
 * one to fn(), which may longjmp away: the next call goes on after
 * the record it was lent.  How many were lent (0 at a batch's end).
 */
size_t	csvin_each(struct rin *, struct colmap *m,
	    void (*fn)(struct colmap *, const struct rec *, void *),
	    void *arg);
const struct hdr *csvin_header(const struct rin *);
/* Make second (a bare reader) the second half of in, or NULL. */
struct rin *csvin_split(struct rin *in, struct rin *second, unsigned flags);
void	csvin_close(struct rin *);

int	yamlin_open(struct rin *);
int	yamlin_next(struct rin *, struct rec **);
void	yamlin_close(struct rin *);

int	jsonin_open(struct rin *);
int	jsonin_next(struct rin *, struct rec **);
void	jsonin_close(struct rin *);

#endif
