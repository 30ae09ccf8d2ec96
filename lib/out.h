/*
 * out.h: all-or-nothing output.
 *
 * out_open() hands back a FILE to write the whole output to; nothing
 * reaches the destination before out_commit().  What the destination
 * is decides how it is written:
 *
 * Standard output (path NULL or "-"), and an existing character device
 * or FIFO (/dev/null, a terminal, a named pipe): the output goes to an
 * unlinked spool file and is copied there by out_commit(), from where
 * standard output stands (after what is there, if it appends); the
 * device is opened (a FIFO waits for its reader) by out_open() and
 * written in place, never replaced.  On Linux the copy is made in the
 * kernel (copy_file_range(2), else sendfile(2)), by read and write
 * where the system refuses those for the two files.
 *
 * A regular file, or a name that does not exist yet: the output goes
 * to a temporary file in the file's directory, which out_commit()
 * flushes, syncs to disk, closes and only then renames over the file,
 * so the name holds the old report or the whole new one, never a part.
 * A report replaced keeps its mode and group (as root, its owner too);
 * if the group cannot be kept, the group's permissions become those of
 * others, so no one can read the new report who could not read the
 * old.  A new file is mode 0600 (less the umask).
 *
 * The temporary file: where the file system has O_TMPFILE (Linux),
 * it is made without a name, so a run killed even by SIGKILL while it
 * writes leaves nothing.  At the commit it is given a name with
 * linkat(2) through /proc/self/fd: straight to the file's own name if
 * that does not exist, else to a fresh ".file.XXXXXX" that is then
 * renamed over the file, because linkat cannot replace a name.  Only
 * SIGKILL or a crash in the moment between the link and the rename
 * can leave that name behind, and then it holds the complete, synced
 * report.  Elsewhere the temporary file is ".file.XXXXXX" from the
 * start (mode 0600), and SIGKILL while writing leaves it behind.
 *
 * A symbolic link is followed: to a regular file, that file (in its
 * own directory) is replaced and the link kept; to a character device
 * or FIFO, it is written in place.  A link to nothing, a directory, a
 * block device or a socket is refused with a message.
 *
 * If the program exits without committing an output (an error,
 * diag_errx(), a return from main(), or SIGHUP, SIGINT or SIGTERM), a
 * named temporary file is removed and the old file left as it was; at
 * exit() the output is discarded as by out_discard().
 *
 * Every function here returns an error (NULL or -1, with the message
 * printed, naming the file or "<stdout>") except out_exit(), which
 * exits.
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
 * byte: standard output, a device or a FIFO is then written directly,
 * not spooled (a write error is still reported, after what was
 * written).  A file is still written to a temporary file and renamed.
 */
struct out *out_open_checked(const char *path);
FILE	*out_file(struct out *);
/*
 * The name messages give the output whose out_file() is fp ("<stdout>"
 * for standard output itself), for a writer that has only the FILE; NULL
 * for any other FILE.
 */
const char *out_name(FILE *fp);
/*
 * 0, or -1 with the message printed (naming the file, or "<stdout>");
 * a file is then left as it was.  Frees the struct out either way.
 */
int	out_commit(struct out *);
/*
 * Before committing another output first: write out and sync what is
 * kept for a file, so that little is left that can fail in its own
 * out_commit() (the rename; for standard output or a device, the copy
 * itself).  0, or -1 with the message printed; the caller then
 * discards it.
 */
int	out_ready(struct out *);
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
