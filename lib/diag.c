/* diag.c: located messages and the exit status (see diag.h). */
#include <errno.h>
#include <locale.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag_impl.h"

static const char *progname = "iop";
static int status;
static FILE *out;
static _Thread_local struct diag_hold *held;
static _Thread_local int muted;

#define OUT (out != NULL ? out : stderr)

void
diag_init(const char *argv0)
{
	const char *p;

	if (argv0 != NULL && *argv0 != '\0')
		progname = (p = strrchr(argv0, '/')) != NULL ? p + 1 : argv0;
	/*
	 * The user's locale for messages (strerror, getopt) only: numbers,
	 * dates, character classes and sorting stay those of "C", so that a
	 * report is the same bytes under any locale (a decimal comma would
	 * break a CSV, a Latin-1 toupper() would change a name match).
	 */
	setlocale(LC_ALL, "");
	setlocale(LC_CTYPE, "C");
	setlocale(LC_NUMERIC, "C");
	setlocale(LC_TIME, "C");
	setlocale(LC_COLLATE, "C");
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

/*
 * The length of the UTF-8 character at s and its code point in *cp;
 * 0 if s does not start a valid one (overlong forms, surrogates and
 * code points past U+10FFFF are not).
 */
static size_t
utf8_char(const unsigned char *s, uint32_t *cp)
{
	size_t k, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2, *cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3, *cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4, *cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < k; i++) {	/* stops at the NUL: not 10xxxxxx */
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && *cp < 0x800) || (k == 4 && *cp < 0x10000) ||
	    (*cp >= 0xd800 && *cp <= 0xdfff) || *cp > 0x10ffff)
		return 0;
	return k;
}

/*
 * Characters a terminal does not just show: the C1 controls, and the
 * bidirectional controls (Unicode's Bidi_Control), which make it show
 * the text after them in another order than it is read ("Trojan
 * Source", CVE-2021-42574).
 */
static int
hidden(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x61c || cp == 0x200e ||
	    cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

const char *
diag_safe(char *dst, size_t n, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, k, len;
	char piece[8];
	uint32_t cp;

	for (; *s != '\0'; s += k) {
		k = 1;
		if (*s >= 0x80 && (k = utf8_char(s, &cp)) == 0)
			k = 1;		/* not UTF-8: the byte alone */
		if (*s < 0x20 || *s == 0x7f || (*s >= 0x80 && k == 1))
			len = (size_t)snprintf(piece, sizeof piece, "\\x%02x",
			    *s);
		else if (*s >= 0x80 && hidden(cp))
			len = (size_t)snprintf(piece, sizeof piece, "\\u%04X",
			    (unsigned)cp);
		else
			memcpy(piece, s, len = k);
		if (i + len >= n)
			break;		/* cut short, never inside a piece */
		memcpy(dst + i, piece, len);
		i += len;
	}
	if (n > 0)
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

/*
 * The whole message, "prog: file:line: msg\n", printed or held.  All
 * of it goes through diag_safe(), whatever the caller passed, so that
 * nothing from a file (a name, a key) can reach a terminal raw.
 */
static void
vmsg(const struct loc *loc, const char *fmt, va_list ap)
{
	char file[512], where[600] = "", raw[1024], msg[1536];

	if (loc != NULL && loc->file != NULL)
		snprintf(where, sizeof where, loc->line > 0 ? "%s:%zu: " :
		    "%s: ", diag_safe(file, sizeof file, loc->file), loc->line);
	if (muted)
		return;
	vsnprintf(raw, sizeof raw, fmt, ap);
	diag_safe(msg, sizeof msg, raw);
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

	muted = 0;	/* the message that ends the program is always told */
	va_start(ap, fmt);
	vmsg(loc, fmt, ap);
	va_end(ap);
	diag_exit(EXIT_TROUBLE);
}

void
diag_fatal(const char *fmt, ...)
{
	va_list ap;

	muted = 0;
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
diag_mute(int on)
{
	muted = on;
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
