/* recio.c: opening record streams and telling their format (see recio.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "recio_impl.h"
#include "xalloc.h"

int
fmt_parse(const char *s)
{
	if (strcmp(s, "csv") == 0)
		return FMT_CSV;
	if (strcmp(s, "yaml") == 0 || strcmp(s, "yml") == 0)
		return FMT_YAML;
	if (strcmp(s, "jsonl") == 0 || strcmp(s, "json") == 0)
		return FMT_JSONL;
	return -1;
}

int
fmt_from_name(const char *path)
{
	const char *dot;

	if (path == NULL || (dot = strrchr(path, '.')) == NULL ||
	    strchr(dot, '/') != NULL)
		return FMT_AUTO;
	if (strcasecmp(dot, ".csv") == 0)
		return FMT_CSV;
	if (strcasecmp(dot, ".yaml") == 0 || strcasecmp(dot, ".yml") == 0)
		return FMT_YAML;
	if (strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".ndjson") == 0)
		return FMT_JSONL;
	return FMT_AUTO;
}

const char *
fmt_name(int fmt)
{
	switch (fmt) {
	case FMT_CSV:
		return "csv";
	case FMT_YAML:
		return "yaml";
	case FMT_JSONL:
		return "jsonl";
	}
	return "auto";
}

void
rin_error(struct rin *in, size_t line, const char *fmt, ...)
{
	struct loc loc = { in->name, line };
	va_list ap;

	va_start(ap, fmt);
	diag_vwarnx(&loc, fmt, ap);
	va_end(ap);
}

long
rin_read(struct rin *in, char *p, size_t n)
{
	long r = rin_read_quiet(in, p, n);

	if (r == -1)
		diag_syswarn(in->name);
	return r;
}

long
rin_read_quiet(struct rin *in, char *p, size_t n)
{
	ssize_t r;

	if (in->peekpos < in->peeklen) {
		size_t k = in->peeklen - in->peekpos;

		if (k > n)
			k = n;
		memcpy(p, in->peek + in->peekpos, k);
		in->peekpos += k;
		in->nread += k;
		return (long)k;
	}
	do
		r = read(in->fd, p, n);
	while (r == -1 && errno == EINTR);
	if (r == -1)
		return -1;
	in->nread += (size_t)r;
	return (long)r;
}

/*
 * Tell the format by the first line that says anything: JSON Lines
 * starts with "{"; YAML with a document marker, a directive, a
 * comment, a sequence dash, or a "key:" with no comma before the
 * colon.  Anything else is CSV.
 */
static int
sniff(const char *p, size_t n)
{
	const char *end = p + n, *eol, *colon, *comma;

	if (n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && (*p == '\n' || *p == '\r' || *p == ' '))
		p++;
	if (p == end)
		return FMT_CSV;
	if ((eol = memchr(p, '\n', (size_t)(end - p))) == NULL)
		eol = end;
	if (*p == '{')
		return FMT_JSONL;
	if (*p == '#' || *p == '%' ||
	    (eol - p >= 3 && memcmp(p, "---", 3) == 0) ||
	    (*p == '-' && (p + 1 == eol || p[1] == ' ' || p[1] == '\r')))
		return FMT_YAML;
	colon = memchr(p, ':', (size_t)(eol - p));
	comma = memchr(p, ',', (size_t)(eol - p));
	if (colon != NULL && (comma == NULL || colon < comma) &&
	    (colon + 1 == eol || colon[1] == ' ' || colon[1] == '\r'))
		return FMT_YAML;
	return FMT_CSV;
}

static int
fill_peek(struct rin *in)
{
	long r;

	in->peek = xmalloc(RIN_BLOCK);
	while (in->peeklen < RIN_BLOCK) {
		in->peekpos = in->peeklen;	/* read straight from fd */
		r = rin_read(in, in->peek + in->peeklen,
		    RIN_BLOCK - in->peeklen);
		if (r == -1)
			return -1;
		if (r == 0)
			break;
		in->peeklen += (size_t)r;
		if (memchr(in->peek, '\n', in->peeklen) != NULL)
			break;
	}
	in->peekpos = 0;
	return 0;
}

struct rin *
rin_open(const char *path, int fmt)
{
	int fd;

	if (path == NULL || strcmp(path, "-") == 0)
		return rin_fdopen(0, "<stdin>", fmt);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		diag_syswarn(path);
		return NULL;
	}
	if (fmt == FMT_AUTO)
		fmt = fmt_from_name(path);
	return rin_fdopen(fd, path, fmt);
}

struct rin *
rin_fdopen(int fd, const char *name, int fmt)
{
	struct rin *in = xcalloc(1, sizeof *in);
	struct rec init = REC_INIT;
	int r;

	in->rec = init;
	in->name = xstrdup(name);
	in->fd = fd;
	if (fmt == FMT_AUTO) {
		if (fill_peek(in) == -1) {
			rin_close(in);
			return NULL;
		}
		fmt = sniff(in->peek, in->peeklen);
	}
	in->fmt = fmt;
	r = fmt == FMT_YAML ? yamlin_open(in) : fmt == FMT_JSONL ?
	    jsonin_open(in) : csvin_open(in);
	if (r == -1) {
		rin_close(in);
		return NULL;
	}
	return in;
}

/*
 * A file of no bytes at all is an error, not an empty log: a stale or
 * broken export would otherwise report a week of zeros.  A CSV header
 * alone is an empty stream.
 */
int
rin_next(struct rin *in, struct rec **r)
{
	int rv = in->fmt == FMT_YAML ? yamlin_next(in, r) : in->fmt ==
	    FMT_JSONL ? jsonin_next(in, r) : csvin_next(in, r);

	if (rv == 0 && in->nread == 0 && in->fd != -1) {
		rin_error(in, 0, "empty file: no header, no records");
		return -1;
	}
	return rv;
}

size_t
rin_each(struct rin *in, struct colmap *m,
    void (*fn)(struct colmap *, const struct rec *, void *), void *arg)
{
	return in->fmt == FMT_CSV ? csvin_each(in, m, fn, arg) : 0;
}

int
rin_format(const struct rin *in)
{
	return in->fmt;
}

const char *
rin_name(const struct rin *in)
{
	return in->name;
}

void
rin_select(struct rin *in, const char *const *names, size_t n)
{
	in->want = names;
	in->nwant = n;
}

struct rin *
rin_split(struct rin *in, unsigned flags)
{
	struct rin *second;
	struct rec init = REC_INIT;

	if (in->fmt != FMT_CSV || in->eof)
		return NULL;
	second = xcalloc(1, sizeof *second);
	second->rec = init;
	second->name = xstrdup(in->name);
	second->fd = -1;	/* in's: not closed by this one */
	second->fmt = FMT_CSV;
	second->want = in->want;
	second->nwant = in->nwant;
	if (csvin_split(in, second, flags) == NULL) {
		rin_close(second);
		return NULL;
	}
	/* the halves read with pread(), not rin_read(); never empty */
	in->nread = second->nread = 1;
	return second;
}

const struct hdr *
rin_header(const struct rin *in)
{
	return in->fmt == FMT_CSV ? csvin_header(in) : NULL;
}

void
rin_close(struct rin *in)
{
	if (in == NULL)
		return;
	if (in->csv != NULL)
		csvin_close(in);
	if (in->yaml != NULL)
		yamlin_close(in);
	if (in->json != NULL)
		jsonin_close(in);
	if (in->fd > 0)
		close(in->fd);
	rec_free(&in->rec);
	free(in->peek);
	free(in->name);
	free(in);
}

int
utf8_valid(const char *str, size_t n)
{
	size_t lf;

	return utf8_scan(str, n, &lf);
}

int
utf8_scan(const char *str, size_t n, size_t *lf)
{
	const unsigned char *s = (const unsigned char *)str, *end = s + n;

	*lf = 0;
	while (s < end) {
		uint64_t w;

		/*
		 * Most fields are ASCII with no line feed: test eight bytes
		 * at a time (HAS_BYTE may flag a lane falsely; the byte
		 * loop below then decides).
		 */
		if (end - s >= 8) {
			memcpy(&w, s, 8);
			if (!HIGH_OR_ZERO(w) && !HAS_BYTE(w, LF_LANES)) {
				s += 8;
				continue;
			}
		}
		if (*s == 0)
			return 0;
		if (*s < 0x80) {
			*lf += *s == '\n';
			s++;
			continue;
		}
		{
			int k;
			uint32_t cp;

			if (*s >= 0xc2 && *s <= 0xdf)
				k = 1, cp = *s & 0x1f;
			else if (*s >= 0xe0 && *s <= 0xef)
				k = 2, cp = *s & 0x0f;
			else if (*s >= 0xf0 && *s <= 0xf4)
				k = 3, cp = *s & 0x07;
			else
				return 0;
			if (end - s <= k)
				return 0;
			for (int i = 1; i <= k; i++) {
				if ((s[i] & 0xc0) != 0x80)
					return 0;
				cp = cp << 6 | (s[i] & 0x3f);
			}
			/* overlong forms, surrogates, beyond U+10FFFF */
			if ((k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) ||
			    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
				return 0;
			s += k + 1;
		}
	}
	return 1;
}
