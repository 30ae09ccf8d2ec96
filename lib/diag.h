/*
 * diag.h: diagnostics and exit status shared by every program.
 *
 * Messages go to stderr as "prog: file:line: message".  They name a
 * place and a field, never a value read from the input: client ids,
 * dates and answers are protected health information and stderr is
 * mailed around by cron.  Any string that does reach a message (a
 * file name, a column name) has its control characters, bidirectional
 * controls and bytes that are not UTF-8 escaped (diag_safe()).
 *
 * Exit status follows diff(1): 0 fine, 1 the program found what the
 * user asked to be told about, 2 an error.
 */
#ifndef IOP_DIAG_H
#define IOP_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

enum { EXIT_FOUND = 1, EXIT_TROUBLE = 2 };

/* Where a record or value came from; line 0 means "the whole file". */
struct loc {
	const char	*file;
	size_t		 line;
};

/*
 * Name the program for messages and set the locale: the user's for
 * messages, "C" for everything that reaches a report.  Every program
 * calls it first.
 */
void	diag_init(const char *argv0);
/* Send the messages to fp instead of stderr (the fuzz targets do). */
void	diag_output(FILE *fp);
const char *diag_progname(void);

/* Print "prog: file:line: msg" and raise the status to 2. */
void	diag_warnx(const struct loc *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	diag_vwarnx(const struct loc *, const char *, va_list);
/* The same, then exit 2 (output in progress is discarded by out.h). */
_Noreturn void diag_errx(const struct loc *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* "prog: msg" and exit 2; for out of memory and the like. */
_Noreturn void diag_fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2)));
/* "prog: what: strerror(errno)", status 2. */
void	diag_syswarn(const char *what);

/*
 * While on, this thread's warnings are not printed (they still raise
 * the status): the bad records past the first few a loop tells (check.h).
 * diag_errx() and diag_fatal() turn it off: what ends the program is
 * always told.
 */
void	diag_mute(int on);
void	diag_found(void);	/* raise the status to at least 1 */
int	diag_status(void);

/*
 * Copy s into dst (size n, cut short if need be): ASCII control
 * characters and bytes that are not UTF-8 as \xHH, and the C1 and
 * bidirectional controls (U+0080-U+009F, U+061C, U+200E, U+200F,
 * U+202A-U+202E, U+2066-U+2069) as \uXXXX.  Every message goes
 * through it.
 */
const char *diag_safe(char *dst, size_t n, const char *s);

#endif
