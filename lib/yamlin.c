/*
 * yamlin.c: the YAML record reader, over libyaml's event parser.
 *
 * A record is one flat mapping: a document that is a mapping, or an
 * item of a document that is a sequence of mappings.  Nesting, aliases,
 * anchors and tags are refused rather than interpreted, so a record
 * stream means the same to every reader.  A bad key is named by its
 * place in the record, never by its text: keys are input too.  Each
 * key is checked against the last record's at its place, which in a log
 * it always is; a record whose keys differ is checked for a repeated
 * key through a hash table (keyset.h), so that the cost stays linear
 * in the keys.  libyaml knows only byte offsets for encoding errors,
 * so the bytes it was last handed are kept to turn such an offset into
 * a line.
 */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "compat.h"
#include "keyset.h"
#include "recio_impl.h"
#include "xalloc.h"

#define CHUNK	16384		/* what libyaml asks for at most */
#define NCHUNK	4		/* well over libyaml's 16 KiB read-ahead */

enum state { TOP, DOC, SEQ, AFTER };

struct yamlin {
	yaml_parser_t	 p;
	enum state	 state;
	struct hdr	*hdr;		/* keys of the last record */
	size_t		*hdrlen;	/* their lengths */
	char		**keys;		/* keys of the record being read */
	size_t		 capkeys;
	int		 same;		/* all of them hdr's so far */
	struct keyset	*seen;		/* or else, the keys so far */
	/* the last bytes handed to libyaml, for encoding errors */
	struct {
		size_t	off, line, len;
		char	bytes[CHUNK];
	} ring[NCHUNK];
	size_t		 next, offset, line;
	int		 readfail;
};

/*
 * The line feeds in p[0..n-1], sixteen bytes at a time where the
 * compiler has vector extensions (GCC, Clang), as csvin.c counts its
 * quotes.  A lane adds up at most 255 before the lanes are summed.
 */
static size_t
count_lf(const char *p, size_t n)
{
	size_t i = 0, lf = 0;
#ifdef COMPAT_VECTOR16
	compat_bytes16 w, nl, acc;
	size_t k, m;
	unsigned j;

	memset(&nl, '\n', sizeof nl);
	while (n - i >= sizeof w) {
		m = (n - i) / sizeof w < 255 ? (n - i) / sizeof w : 255;
		memset(&acc, 0, sizeof acc);
		for (k = 0; k < m; k++, i += sizeof w) {
			memcpy(&w, p + i, sizeof w);
			acc += (compat_bytes16)(w == nl) & 1;
		}
		for (j = 0; j < sizeof w; j++)
			lf += acc[j];
	}
#endif
	for (; i < n; i++)
		lf += p[i] == '\n';
	return lf;
}

static int
on_read(void *arg, unsigned char *buf, size_t size, size_t *got)
{
	struct rin *in = arg;
	struct yamlin *y = in->yaml;
	long n;

	if (size > CHUNK)
		size = CHUNK;
	if ((n = rin_read(in, (char *)buf, size)) == -1) {
		y->readfail = 1;
		return 0;
	}
	if (n > 0) {
		size_t i = y->next++ % NCHUNK;

		y->ring[i].off = y->offset;
		y->ring[i].line = y->line;
		y->ring[i].len = (size_t)n;
		memcpy(y->ring[i].bytes, buf, (size_t)n);
		y->offset += (size_t)n;
		y->line += count_lf((char *)buf, (size_t)n);
	}
	*got = (size_t)n;
	return 1;
}

static size_t
line_of_offset(struct yamlin *y, size_t off)
{
	size_t i, k, line;

	for (i = 0; i < NCHUNK; i++) {
		if (y->ring[i].len == 0 || off < y->ring[i].off ||
		    off >= y->ring[i].off + y->ring[i].len)
			continue;
		line = y->ring[i].line;
		for (k = 0; k < off - y->ring[i].off; k++)
			line += y->ring[i].bytes[k] == '\n';
		return line;
	}
	return 0;
}

int
yamlin_open(struct rin *in)
{
	struct yamlin *y = xcalloc(1, sizeof *y);

	if (!yaml_parser_initialize(&y->p))
		diag_fatal("out of memory");
	y->line = 1;
	y->seen = keyset_new();
	in->yaml = y;
	yaml_parser_set_input(&y->p, on_read, in);
	return 0;
}

static void
syntax_error(struct rin *in)
{
	struct yamlin *y = in->yaml;
	yaml_parser_t *p = &y->p;

	if (y->readfail)
		return;		/* already said */
	switch (p->error) {
	case YAML_MEMORY_ERROR:
		diag_fatal("out of memory");
	case YAML_READER_ERROR:
		rin_error(in, line_of_offset(y, p->problem_offset),
		    "not valid UTF-8 YAML text (%s)", p->problem);
		break;
	default:
		rin_error(in, p->problem_mark.line + 1, "YAML syntax: %s",
		    p->problem ? p->problem : "error");
		break;
	}
}

/* Anchors, aliases and tags would let a document mean two things. */
static int
plain_node(struct rin *in, const yaml_event_t *e)
{
	const yaml_char_t *anchor = NULL, *tag = NULL;
	size_t line = e->start_mark.line + 1;

	switch (e->type) {
	case YAML_ALIAS_EVENT:
		rin_error(in, line, "YAML aliases are not accepted");
		return 0;
	case YAML_SCALAR_EVENT:
		anchor = e->data.scalar.anchor;
		tag = e->data.scalar.tag;
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = e->data.sequence_start.anchor;
		tag = e->data.sequence_start.tag;
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = e->data.mapping_start.anchor;
		tag = e->data.mapping_start.tag;
		break;
	default:
		return 1;
	}
	if (anchor != NULL) {
		rin_error(in, line, "YAML anchors are not accepted");
		return 0;
	}
	if (tag != NULL) {
		rin_error(in, line, "YAML tags are not accepted");
		return 0;
	}
	return 1;
}

static int
next_event(struct rin *in, yaml_event_t *e)
{
	if (!yaml_parser_parse(&in->yaml->p, e)) {
		syntax_error(in);
		return 0;
	}
	if (!plain_node(in, e)) {
		yaml_event_delete(e);
		return 0;
	}
	return 1;
}

/* The scalar's text; plain empty, ~ and null are empty. */
static const char *
scalar_text(const yaml_event_t *e, size_t *len)
{
	const char *s = (const char *)e->data.scalar.value;

	*len = e->data.scalar.length;
	if (e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	    ((*len == 1 && s[0] == '~') ||
	    (*len == 4 && memcmp(s, "null", 4) == 0))) {
		*len = 0;
		return "";
	}
	return s;
}

static void
add_field(struct rin *in, const char *key, const char *val, size_t len)
{
	struct yamlin *y = in->yaml;
	struct rec *r = &in->rec;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->f = xreallocarray(r->f, r->cap, sizeof *r->f);
	}
	if (r->n == y->capkeys) {
		y->capkeys = r->cap;
		y->keys = xreallocarray(y->keys, y->capkeys, sizeof *y->keys);
	}
	y->keys[r->n] = (char *)key;
	r->f[r->n].key = key;
	r->f[r->n].val = arena_add(&r->ar, val, len);
	r->f[r->n].len = len;
	r->f[r->n].type = REC_TEXT;
	r->n++;
}

/*
 * The record's header: the last one if its keys were the last record's,
 * as they usually are (then take_key() has matched them all already).
 */
static void
set_header(struct yamlin *y, struct rec *r)
{
	size_t i;
	char **keys;

	if (!y->same || y->hdr->n != r->n) {
		/* copied before the old one goes: some keys may be its */
		keys = xcalloc(r->n, sizeof *keys);
		y->hdrlen = xreallocarray(y->hdrlen, r->n ? r->n : 1,
		    sizeof *y->hdrlen);
		for (i = 0; i < r->n; i++) {
			keys[i] = xstrdup(y->keys[i]);
			y->hdrlen[i] = strlen(keys[i]);
			r->f[i].key = keys[i];
		}
		hdr_free(y->hdr);
		y->hdr = hdr_new(keys, r->n);
	}
	r->hdr = y->hdr;
}

/*
 * A NUL can come only from an escape ("\0", "\x00", "\u0000") in a
 * double-quoted scalar: libyaml refuses the byte itself as input.
 */
static int
has_nul(const yaml_event_t *e)
{
	return e->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE &&
	    memchr(e->data.scalar.value, '\0', e->data.scalar.length) != NULL;
}

/*
 * The key of the next field, from event k: its text in *keyp (lasting
 * as long as the record), or -1 (printed).  A key is named in messages
 * by its place, never by its text: keys are input too.
 */
static int
take_key(struct rin *in, const yaml_event_t *k, const char **keyp)
{
	struct yamlin *y = in->yaml;
	size_t i = in->rec.n, len = 0, j, line = k->start_mark.line + 1;
	const char *key = NULL, *why = NULL;
	long first;

	if (k->type != YAML_SCALAR_EVENT)
		why = "is not a plain name";
	else if ((key = scalar_text(k, &len)) != NULL && len == 0)
		why = "is empty";
	else if (has_nul(k))
		why = "holds a NUL byte";
	if (why != NULL || i >= RECIO_FIELDS_MAX) {
		if (why != NULL)
			rin_error(in, line, "key %zu of the record %s", i + 1,
			    why);
		else
			rin_error(in, line, "too many fields");
		return -1;
	}
	/*
	 * The last record's key at this place, after its keys before it:
	 * as they could not repeat each other, neither can these.
	 */
	if (y->same && i < y->hdr->n && len == y->hdrlen[i] &&
	    same_short(key, y->hdr->keys[i], len)) {
		*keyp = y->hdr->keys[i];
		return 0;
	}
	if (y->same) {		/* a new header: check the keys so far too */
		y->same = 0;
		for (j = 0; j < i; j++)
			keyset_add(y->seen, y->keys[j], y->hdrlen[j], j);
	}
	key = arena_add(&in->rec.ar, key, len);
	if ((first = keyset_add(y->seen, key, len, i)) >= 0) {
		rin_error(in, line, "key %zu of the record repeats key %ld",
		    i + 1, first + 1);
		return -1;
	}
	*keyp = key;
	return 0;
}

/* Read the pairs of a mapping whose start event has been taken. */
static int
read_mapping(struct rin *in)
{
	struct rec *r = &in->rec;
	yaml_event_t k, v;
	const char *key, *val;
	size_t vlen;
	int rv;

	for (;;) {
		if (!next_event(in, &k))
			return -1;
		if (k.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&k);
			set_header(in->yaml, r);
			return 0;
		}
		rv = take_key(in, &k, &key);
		yaml_event_delete(&k);
		if (rv == -1 || !next_event(in, &v))
			return -1;
		if (v.type != YAML_SCALAR_EVENT) {
			rin_error(in, v.start_mark.line + 1, "the value of key %zu "
			    "of the record is not a single value", r->n + 1);
			yaml_event_delete(&v);
			return -1;
		}
		val = scalar_text(&v, &vlen);
		if (vlen > RECIO_FIELD_MAX || has_nul(&v)) {
			rin_error(in, v.start_mark.line + 1, vlen >
			    RECIO_FIELD_MAX ? "field too large (over 1 MiB)" :
			    "the value of key %zu of the record holds a NUL byte",
			    r->n + 1);
			yaml_event_delete(&v);
			return -1;
		}
		add_field(in, key, val, vlen);
		yaml_event_delete(&v);
	}
}

static int
start_record(struct rin *in, const yaml_event_t *e)
{
	struct rec *r = &in->rec;

	rec_clear(r);
	keyset_clear(in->yaml->seen);
	in->yaml->same = in->yaml->hdr != NULL;
	r->loc.file = in->name;
	r->loc.line = e->start_mark.line + 1;
	return read_mapping(in);
}

static int
not_records(struct rin *in, const yaml_event_t *e)
{
	rin_error(in, e->start_mark.line + 1,
	    "expected a mapping or a sequence of mappings");
	return -1;
}

/* One step of the stream: 1 a record is ready, 0 go on, -1 error, 2 end. */
static int
step(struct rin *in, yaml_event_t *e)
{
	struct yamlin *y = in->yaml;

	switch (y->state) {
	case TOP:
		if (e->type == YAML_DOCUMENT_START_EVENT)
			y->state = DOC;
		else if (e->type == YAML_STREAM_END_EVENT)
			return 2;
		return 0;
	case DOC:
		if (e->type == YAML_MAPPING_START_EVENT) {
			y->state = AFTER;
			return start_record(in, e) == 0 ? 1 : -1;
		}
		if (e->type == YAML_SEQUENCE_START_EVENT) {
			y->state = SEQ;
			return 0;
		}
		if (e->type == YAML_SCALAR_EVENT &&
		    e->data.scalar.length == 0) {
			y->state = AFTER;	/* an empty document */
			return 0;
		}
		return not_records(in, e);
	case SEQ:
		if (e->type == YAML_MAPPING_START_EVENT)
			return start_record(in, e) == 0 ? 1 : -1;
		if (e->type == YAML_SEQUENCE_END_EVENT) {
			y->state = AFTER;
			return 0;
		}
		return not_records(in, e);
	case AFTER:
		if (e->type == YAML_DOCUMENT_END_EVENT)
			y->state = TOP;
		return 0;
	}
	return -1;
}

int
yamlin_next(struct rin *in, struct rec **out)
{
	yaml_event_t e;
	int r;

	if (in->eof)
		return 0;
	do {
		if (!next_event(in, &e))
			return -1;
		r = step(in, &e);
		yaml_event_delete(&e);
	} while (r == 0);
	if (r == 2) {
		in->eof = 1;
		return 0;
	}
	if (r == 1)
		*out = &in->rec;
	return r;
}

void
yamlin_close(struct rin *in)
{
	struct yamlin *y = in->yaml;

	yaml_parser_delete(&y->p);
	hdr_free(y->hdr);
	free(y->hdrlen);
	free(y->keys);
	keyset_free(y->seen);
	free(y);
	in->yaml = NULL;
}
