/*
 * jsonin.c: the JSON Lines record reader, over jansson.
 *
 * A record is one line holding one JSON object whose values are
 * strings, numbers, true, false or null; blank lines are skipped.  As
 * in YAML, nesting and repeated keys are refused rather than
 * interpreted.  Values read as text: null as "", true and false as
 * "true" and "false", integers exactly, other numbers in the shortest
 * form that reads back as the same double (9.50 reads as 9.5).
 * jansson's own messages quote the input, which is PHI, so errors name
 * the line, the column and the key's place, never text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "recio_impl.h"
#include "xalloc.h"

/* A line's most bytes: every field at its largest would be more. */
#define JSONIN_LINE_MAX	(16 * 1024 * 1024)

struct jsonin {
	struct buf	 line;		/* the line being read */
	char		*block;		/* bytes read, from pos to len */
	size_t		 pos, len;
	size_t		 lineno;
	struct hdr	*hdr;		/* keys of the last record */
};

int
jsonin_open(struct rin *in)
{
	in->json = xcalloc(1, sizeof *in->json);
	in->json->block = xmalloc(RIN_BLOCK);
	return 0;
}

/* The next line, without its line feed: 1, 0 at the end, -1 (printed). */
static int
next_line(struct rin *in)
{
	struct jsonin *j = in->json;
	const char *lf;
	long n;

	buf_reset(&j->line);
	for (;;) {
		if (j->pos == j->len) {
			if ((n = rin_read(in, j->block, RIN_BLOCK)) == -1)
				return -1;
			if (n == 0)
				return j->line.len > 0 ? (j->lineno++, 1) : 0;
			j->pos = 0;
			j->len = (size_t)n;
		}
		lf = memchr(j->block + j->pos, '\n', j->len - j->pos);
		n = (long)((lf ? (size_t)(lf - j->block) : j->len) - j->pos);
		if (j->line.len + (size_t)n > JSONIN_LINE_MAX) {
			rin_error(in, j->lineno + 1, "line too long (over "
			    "16 MiB)");
			return -1;
		}
		buf_add(&j->line, j->block + j->pos, (size_t)n);
		j->pos += (size_t)n;
		if (lf != NULL) {
			j->pos++;
			j->lineno++;
			return 1;
		}
	}
}

static int
blank(const struct buf *b)
{
	return b->len == 0 || strspn(b->s, " \t\r") == b->len;
}

/* A scalar's text in num (numbers) or as it is; NULL if not a scalar. */
static const char *
scalar(json_t *v, char num[40], size_t *len)
{
	double d;

	switch (json_typeof(v)) {
	case JSON_STRING:
		*len = json_string_length(v);
		return json_string_value(v);
	case JSON_INTEGER:
		*len = (size_t)snprintf(num, 40, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return num;
	case JSON_REAL:
		d = json_real_value(v);
		*len = (size_t)snprintf(num, 40, "%.15g", d);
		if (strtod(num, NULL) != d)
			*len = (size_t)snprintf(num, 40, "%.17g", d);
		return num;
	case JSON_TRUE:
	case JSON_FALSE:
		*len = json_is_true(v) ? 4 : 5;
		return json_is_true(v) ? "true" : "false";
	case JSON_NULL:
		*len = 0;
		return "";
	default:
		return NULL;
	}
}

/* Share the last header if the keys are the same, as they usually are. */
static void
set_header(struct jsonin *j, struct rec *r)
{
	char **keys;
	size_t i;

	if (j->hdr != NULL && j->hdr->n == r->n) {
		for (i = 0; i < r->n; i++)
			if (strcmp(j->hdr->keys[i], r->f[i].key) != 0)
				break;
		if (i == r->n)
			goto done;
	}
	hdr_free(j->hdr);
	keys = xcalloc(r->n ? r->n : 1, sizeof *keys);
	for (i = 0; i < r->n; i++)
		keys[i] = xstrdup(r->f[i].key);
	j->hdr = hdr_new(keys, r->n);
done:
	for (i = 0; i < r->n; i++)
		r->f[i].key = j->hdr->keys[i];
	r->hdr = j->hdr;
}

/* The fields of object o into the lent record: 0, or -1 (printed). */
static int
fields(struct rin *in, json_t *o)
{
	struct rec *r = &in->rec;
	const char *key, *val;
	char num[40];
	size_t n = 0, len;
	json_t *v;

	json_object_foreach(o, key, v) {
		n++;
		if ((val = scalar(v, num, &len)) == NULL) {
			rin_error(in, in->json->lineno, "the value of key %zu "
			    "is not a string, number, true, false or null", n);
			return -1;
		}
		if (*key == '\0' || n > RECIO_FIELDS_MAX ||
		    len > RECIO_FIELD_MAX) {
			rin_error(in, in->json->lineno, *key == '\0' ?
			    "key %zu is empty" : n > RECIO_FIELDS_MAX ?
			    "more than 4096 keys, the most a record has (at "
			    "key %zu)" :
			    "the value of key %zu is over 1 MiB", n);
			return -1;
		}
		/* keys in the arena until set_header() shares the header's */
		rec_add(r, arena_add(&r->ar, key, strlen(key)), val, len,
		    REC_TEXT);
	}
	set_header(in->json, r);
	return 0;
}

static int
parse_error(struct rin *in, const json_error_t *e)
{
	enum json_error_code code = json_error_code(e);

	rin_error(in, in->json->lineno, code == json_error_duplicate_key ?
	    "a key appears twice in the object (column %d)" :
	    code == json_error_invalid_utf8 ?
	    "not valid UTF-8 (column %d)" : code == json_error_null_character ?
	    "a NUL character (column %d)" :
	    "not a JSON object on one line (column %d)", e->column);
	return -1;
}

int
jsonin_next(struct rin *in, struct rec **out)
{
	struct rec *r = &in->rec;
	json_error_t e;
	json_t *o;
	int rv;

	do
		if ((rv = next_line(in)) != 1)
			return rv;
	while (blank(&in->json->line));
	rec_clear(r);
	r->loc.file = in->name;
	r->loc.line = in->json->lineno;
	o = json_loadb(in->json->line.s, in->json->line.len,
	    JSON_REJECT_DUPLICATES, &e);
	if (o == NULL)
		return parse_error(in, &e);
	if (!json_is_object(o)) {
		rin_error(in, in->json->lineno, "not a JSON object");
		json_decref(o);
		return -1;
	}
	rv = fields(in, o);
	json_decref(o);
	if (rv == -1)
		return -1;
	*out = r;
	return 1;
}

void
jsonin_close(struct rin *in)
{
	struct jsonin *j = in->json;

	hdr_free(j->hdr);
	buf_free(&j->line);
	free(j->block);
	free(j);
	in->json = NULL;
}
