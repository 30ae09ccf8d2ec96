/*
 * out.h: all-or-nothing output.
 *
 * out_open() hands back a FILE to write the whole output to.  For a
 * named file it is a temporary file (mode 0600) in the same directory;
 * for standard output it is an unlinked spool file.  Nothing reaches
 * the destination until out_commit(): the temporary file is synced and
 * renamed over the target, or the spool is copied to standard output.
 * If the program exits without committing (an error, diag_errx(), a
 * signal), the temporary file is removed and the old target is left
 * as it was.
 */
#ifndef IOP_OUT_H
#define IOP_OUT_H

#include <stdio.h>

struct out;

/* path NULL or "-": standard output.  NULL on error (printed). */
struct out *out_open(const char *path);
/*
 * The same, naming the file `shown` in messages: for a file whose name
 * holds data (a calendar file named by client id), which no message
 * may echo.
 */
struct out *out_open_as(const char *path, const char *shown);
/*
 * The same for a program that writes nothing until all its input is
 * read and checked, so that no input error can come after its first
 * byte: standard output is then written directly, not spooled (a write
 * error is still reported, after what was written).  A file is still
 * written to a temporary file and renamed.
 */
struct out *out_open_checked(const char *path);
FILE	*out_file(struct out *);
/*
 * 0, or -1 with the message printed (naming the file, or "<stdout>")
 * and nothing written.
 */
int	out_commit(struct out *);
/*
 * An unlinked temporary file in $TMPDIR (else /tmp), open for writing
 * and reading back; NULL on error (printed).  The caller closes it.
 */
FILE	*out_spool(void);
/* Drop the output: nothing is written. */
void	out_discard(struct out *);
/*
 * exit(status) after flushing standard output, for what a program
 * prints straight to it (--help, --print-*); if any write to standard
 * output failed, print "<stdout>: error" and exit 2 instead.
 */
_Noreturn void out_exit(int status);

#endif
