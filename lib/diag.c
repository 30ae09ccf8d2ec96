/* diag.c: located messages and the exit status (see diag.h). */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

static const char *progname = "iop";
static int status;
static FILE *out;
static _Thread_local struct diag_hold *held;

#define OUT (out != NULL ? out : stderr)

void
diag_init(const char *argv0)
{
	const char *p;

	if (argv0 != NULL && *argv0 != '\0')
		progname = (p = strrchr(argv0, '/')) != NULL ? p + 1 : argv0;
}

void
diag_output(FILE *fp)
{
	out = fp;
}

const char *
diag_progname(void)
{
	return progname;
}

const char *
diag_safe(char *dst, size_t n, const char *s)
{
	size_t i = 0;

	for (; *s != '\0' && i + 5 < n; s++) {
		unsigned char c = *s;

		if (c < 0x20 || c == 0x7f)
			i += snprintf(dst + i, n - i, "\\x%02x", c);
		else
			dst[i++] = c;
	}
	dst[i] = '\0';
	return dst;
}

static void
raise_status(int st)
{
	int *s = held != NULL ? &held->status : &status;

	if (*s < st)
		*s = st;
}

/* The whole message, "prog: file:line: msg\n", printed or held. */
static void
vmsg(const struct loc *loc, const char *fmt, va_list ap)
{
	char file[512], where[600] = "", msg[1024];

	if (loc != NULL && loc->file != NULL)
		snprintf(where, sizeof where, loc->line > 0 ? "%s:%zu: " :
		    "%s: ", diag_safe(file, sizeof file, loc->file), loc->line);
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (held == NULL)
		fprintf(OUT, "%s: %s%s\n", progname, where, msg);
	else if (held->msg[0] == '\0')
		snprintf(held->msg, sizeof held->msg, "%s: %s%s\n", progname,
		    where, msg);
}

void
diag_vwarnx(const struct loc *loc, const char *fmt, va_list ap)
{
	vmsg(loc, fmt, ap);
	raise_status(EXIT_TROUBLE);
}

void
diag_warnx(const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(loc, fmt, ap);
	va_end(ap);
	raise_status(EXIT_TROUBLE);
}

void
diag_errx(const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(loc, fmt, ap);
	va_end(ap);
	diag_exit(EXIT_TROUBLE);
}

void
diag_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
	diag_exit(EXIT_TROUBLE);
}

void
diag_syswarn(const char *what)
{
	struct loc loc = { what, 0 };

	diag_warnx(&loc, "%s", strerror(errno));
}

void
diag_found(void)
{
	raise_status(EXIT_FOUND);
}

int
diag_status(void)
{
	return status;
}

void
diag_exit(int st)
{
	if (held != NULL) {
		raise_status(st);
		pthread_exit(NULL);
	}
	exit(st);
}

void
diag_hold(struct diag_hold *h)
{
	h->msg[0] = '\0';
	h->status = 0;
	held = h;
}

void
diag_release(struct diag_hold *h)
{
	fputs(h->msg, OUT);
	raise_status(h->status);
}
