/* diag.c: located messages and the exit status (see diag.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

static const char *progname = "iop";
static int status;
static FILE *out;

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
vmsg(const struct loc *loc, const char *fmt, va_list ap)
{
	char file[512];

	fprintf(OUT, "%s: ", progname);
	if (loc != NULL && loc->file != NULL) {
		fputs(diag_safe(file, sizeof file, loc->file), OUT);
		if (loc->line > 0)
			fprintf(OUT, ":%zu", loc->line);
		fputs(": ", OUT);
	}
	vfprintf(OUT, fmt, ap);
	fputc('\n', OUT);
}

void
diag_vwarnx(const struct loc *loc, const char *fmt, va_list ap)
{
	vmsg(loc, fmt, ap);
	status = EXIT_TROUBLE;
}

void
diag_warnx(const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(loc, fmt, ap);
	va_end(ap);
	status = EXIT_TROUBLE;
}

void
diag_errx(const struct loc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(loc, fmt, ap);
	va_end(ap);
	exit(EXIT_TROUBLE);
}

void
diag_fatal(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, fmt, ap);
	va_end(ap);
	exit(EXIT_TROUBLE);
}

void
diag_syswarn(const char *what)
{
	char safe[512];

	fprintf(OUT, "%s: %s: %s\n", progname,
	    diag_safe(safe, sizeof safe, what), strerror(errno));
	status = EXIT_TROUBLE;
}

void
diag_found(void)
{
	if (status < EXIT_FOUND)
		status = EXIT_FOUND;
}

int
diag_status(void)
{
	return status;
}
