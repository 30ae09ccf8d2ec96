/*
 * recout.c: record writers for CSV (libcsv), YAML (libyaml) and JSON
 * Lines.
 *
 * CSV quotes a field only when it must, and puts a ' before text that
 * a spreadsheet would run as a formula (OWASP's CSV injection advice)
 * unless ROUT_RAW.  YAML quotes any text a YAML 1.1 reader would take
 * for something else (a number, a boolean, a null, a date).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "buf.h"
#include "compat.h"
#include "keyset.h"
#include "out.h"
#include "recio.h"
#include "xalloc.h"

struct rout {
	FILE		*fp;
	int		 fmt, flags;
	int		 started, failed;
	int		 plaincsv;	/* CSV but not ROUT_UNION: rout_cell()'s short path */
	const char	*const *cols;
	char		**owncols;
	size_t		 ncols;
	yaml_emitter_t	 em;
	struct buf	 line;		/* a CSV record, written at once */
	/* rout_rows()' workers: */
	struct turns	*turns;		/* the turns it writes in, else NULL */
	size_t		 chunk;		/* the chunk it makes */
	int		 holding;	/* it has its turn: it writes as it goes */
	size_t		 pending;	/* rout_row(): bytes of rows in line, unwritten */
	size_t		 ncell;		/* rout_cell(): cells so far */
	struct rec	 row;		/* rout_cell() but for plain CSV */
	FILE		*spool;		/* ROUT_UNION: records until the end */
	char		**ukeys;	/* ROUT_UNION: the header so far */
	size_t		 nukeys;
	uint32_t	*uhash;		/* ROUT_UNION: index + 1 of ukeys */
	size_t		 uhashsize;	/* a power of 2, over 2 * nukeys */
	struct keyset	*fields;	/* a record's keys, when out of order */
	const struct rec *fields_of;	/* the record they are of, this call */
	struct keyset	*colset;	/* the columns, for is_column() */
	const char	*const *colset_of;	/* the columns it holds */
	size_t		 colset_n;
};

/*
 * Records with few fields are searched field by field; wider ones whose
 * keys come in another order than the columns are hashed, since a
 * search for each column costs columns times fields: 16 million string
 * comparisons for a JSON record of 4,000 keys.
 */
#define FEW_FIELDS	16

/* The index of r's field named key, or -1. */
static long
field_index(struct rout *o, const struct rec *r, const char *key)
{
	size_t i;

	if (r->n <= FEW_FIELDS)
		return rec_index(r, key);
	if (o->fields_of != r) {
		if (o->fields == NULL)
			o->fields = keyset_new();
		else
			keyset_clear(o->fields);
		for (i = 0; i < r->n; i++)
			keyset_add(o->fields, r->f[i].key,
			    strlen(r->f[i].key), i);
		o->fields_of = r;
	}
	return keyset_find(o->fields, key, strlen(key));
}

/* A write error, told once, naming the output (out.h) if it is one. */
static void
tell_write_error(const struct rout *o)
{
	const char *name = out_name(o->fp);

	diag_syswarn(name != NULL ? name : "write error");
}

static int
write_failed(struct rout *o)
{
	if (!o->failed)
		tell_write_error(o);
	o->failed = 1;
	return -1;
}

struct rout *
rout_open(FILE *fp, int fmt, int flags)
{
	struct rout *o = xcalloc(1, sizeof *o);

	o->fp = fp;
	o->fmt = fmt;
	o->flags = flags;
	o->plaincsv = fmt == FMT_CSV && !(flags & ROUT_UNION);
	return o;
}

void
rout_columns(struct rout *o, const char *const *keys, size_t n)
{
	o->cols = keys;
	o->ncols = n;
}

/* --- CSV --- */

/*
 * rout_row() gathers its rows in line and writes them 64 KiB at a time:
 * a call of fwrite() a row costs more than the row's cells.  Whatever
 * else writes, or reuses line, writes them first.
 */
#define ROWS_FLUSH	(64 * 1024)

static int
rows_flush(struct rout *o)
{
	size_t n = o->pending;

	if (n == 0)
		return 0;
	o->pending = 0;
	if (!o->failed && fwrite(o->line.s, 1, n, o->fp) != n)
		write_failed(o);
	buf_reset(&o->line);
	return o->failed ? -1 : 0;
}

/* Bytes that make a CSV field need quotes: , " CR LF. */
static const unsigned char csv_special[256] = {
	['\n'] = 1, ['\r'] = 1, [','] = 1, ['"'] = 1
};

/*
 * Has word w a byte below '-' (0x2d) or above 0x7f?  Every byte that
 * needs quotes (, " CR LF) is below it; ids, numbers and words are
 * mostly above.  A yes is only a maybe: the bytes are then looked at.
 */
#define BELOW_DASH(w) \
	((((w) - 0x2d2d2d2d2d2d2d2dULL) | (w)) & 0x8080808080808080ULL)
#define BELOW_DASH32(w)	((((w) - 0x2d2d2d2dU) | (w)) & 0x80808080U)

/* Are the 4 to 16 bytes of s surely free of , " CR LF?  Two words. */
static int
short_plain(const char *s, size_t n)
{
	uint64_t a, b;
	uint32_t x, y;

	if (n >= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		return !BELOW_DASH(a) && !BELOW_DASH(b);
	}
	memcpy(&x, s, 4);
	memcpy(&y, s + n - 4, 4);
	return !BELOW_DASH32(x) && !BELOW_DASH32(y);
}

/* s holds n bytes and then a NUL, as every cell a writer is given. */
static int
csv_needs_quotes(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	/* libcsv trims unquoted edge spaces and tabs; quotes keep them */
	if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
		return 1;
	if (n >= 4 && n <= 16 && short_plain(s, n))
		return 0;
	if (n < 16) {
		for (i = 0; i < n; i++)
			if (csv_special[(unsigned char)s[i]])
				return 1;
		return 0;
	}
	return strcspn(s, ",\"\r\n") < n;	/* glibc's is vectorised */
}

int
csv_formula_like(const char *s)
{
	return s[0] != '\0' && strchr("=+-@\t\r\n", s[0]) != NULL;
}

/*
 * The rest of a quoted field after its opening quote: the text with
 * each quote doubled (RFC 4180, as libcsv's csv_write() writes it),
 * then the closing quote.  By runs between quotes, not byte by byte:
 * a long reason or notice goes in a few copies.
 */
static void
csv_quoted_rest(struct buf *b, const char *s, size_t n)
{
	const char *q;

	while ((q = memchr(s, '"', n)) != NULL) {
		buf_add(b, s, (size_t)(q - s) + 1);
		buf_addc(b, '"');
		n -= (size_t)(q - s) + 1;
		s = q + 1;
	}
	buf_add(b, s, n);
	buf_addc(b, '"');
}

static void
csv_cell(struct rout *o, const char *s, size_t n, int type)
{
	struct buf *b = &o->line;

	if (type != REC_TEXT) {		/* our own numbers and words */
		buf_add(b, s, n);
		return;
	}
	if (!(o->flags & ROUT_RAW) && csv_formula_like(s)) {
		if (!csv_needs_quotes(s, n)) {
			buf_addc(b, '\'');
			buf_add(b, s, n);
			return;
		}
		buf_add(b, "\"'", 2);	/* the guard goes inside the quotes */
	} else if (csv_needs_quotes(s, n)) {
		buf_addc(b, '"');
	} else {
		buf_add(b, s, n);
		return;
	}
	csv_quoted_rest(b, s, n);
}

/* Fix the columns: rout_columns(), else the first record's keys. */
static void
csv_columns(struct rout *o, const struct rec *r)
{
	size_t i;

	if (o->cols != NULL)
		return;
	o->owncols = xcalloc(r->n, sizeof *o->owncols);
	for (i = 0; i < r->n; i++)
		o->owncols[i] = xstrdup(r->f[i].key);
	o->cols = (const char *const *)o->owncols;
	o->ncols = r->n;
}

static void
csv_header(struct rout *o, const struct rec *r)
{
	size_t i;

	csv_columns(o, r);
	buf_reset(&o->line);
	for (i = 0; i < o->ncols; i++) {
		if (i > 0)
			buf_addc(&o->line, ',');
		csv_cell(o, o->cols[i], strlen(o->cols[i]), REC_TEXT);
	}
	buf_addc(&o->line, '\n');
	fwrite(o->line.s, 1, o->line.len, o->fp);
}

/*
 * The fields of r in the order of the columns, some absent: the usual
 * case (the input's fields, then those a program adds), written with
 * one comparison a column.  0 if r is not so ordered.
 */
static int
csv_record_in_order(struct rout *o, const struct rec *r)
{
	size_t i, j = 0;

	buf_reset(&o->line);
	for (i = 0; i < o->ncols; i++) {
		if (i > 0)
			buf_addc(&o->line, ',');
		if (j < r->n && (r->f[j].key == o->cols[i] ||
		    strcmp(r->f[j].key, o->cols[i]) == 0)) {
			csv_cell(o, r->f[j].val, r->f[j].len, r->f[j].type);
			j++;
		}
	}
	if (j != r->n)
		return 0;
	buf_addc(&o->line, '\n');
	fwrite(o->line.s, 1, o->line.len, o->fp);
	return 1;
}

static int
csv_record(struct rout *o, const struct rec *r)
{
	size_t i, matched = 0;

	if (csv_record_in_order(o, r))
		return 0;
	o->fields_of = NULL;	/* r may be the last record's, refilled */
	buf_reset(&o->line);
	for (i = 0; i < o->ncols; i++) {
		long k = i < r->n && (r->f[i].key == o->cols[i] ||
		    strcmp(r->f[i].key, o->cols[i]) == 0) ?
		    (long)i : field_index(o, r, o->cols[i]);

		if (i > 0)
			buf_addc(&o->line, ',');
		if (k >= 0) {
			csv_cell(o, r->f[k].val, r->f[k].len, r->f[k].type);
			matched++;
		}
	}
	buf_addc(&o->line, '\n');
	if (matched != r->n) {
		diag_warnx(&r->loc, "a record has a field the CSV header lacks");
		return -1;
	}
	fwrite(o->line.s, 1, o->line.len, o->fp);
	return 0;
}

/* --- CSV, header from the union of the fields (ROUT_UNION) --- */

/* Keys are input: keyset.h's seeded hash, so none can be made to collide. */
static size_t
key_hash(const char *s)
{
	return (size_t)keyset_hash(s, strlen(s));
}

static void
union_rehash(struct rout *o)
{
	size_t i, h, mask;

	keyset_seed();
	free(o->uhash);
	o->uhashsize = o->uhashsize ? 2 * o->uhashsize : 256;
	o->uhash = xcalloc(o->uhashsize, sizeof *o->uhash);
	mask = o->uhashsize - 1;
	for (i = 0; i < o->nukeys; i++) {
		for (h = key_hash(o->ukeys[i]) & mask; o->uhash[h] != 0;
		    h = (h + 1) & mask)
			;
		o->uhash[h] = (uint32_t)i + 1;
	}
}

/*
 * The column of key in the union header, added if new; hashed, since
 * YAML records may each bring thousands of keys.  -1 past the columns
 * set by rout_columns() and RECIO_FIELDS_MAX more, the most a reader
 * takes in one record.
 */
static long
union_key(struct rout *o, const char *key, size_t hint)
{
	size_t h, mask;

	if (hint < o->nukeys && strcmp(o->ukeys[hint], key) == 0)
		return (long)hint;
	if (2 * (o->nukeys + 1) > o->uhashsize)
		union_rehash(o);
	mask = o->uhashsize - 1;
	for (h = key_hash(key) & mask; o->uhash[h] != 0; h = (h + 1) & mask)
		if (strcmp(o->ukeys[o->uhash[h] - 1], key) == 0)
			return (long)o->uhash[h] - 1;
	if (o->nukeys == o->ncols + RECIO_FIELDS_MAX)
		return -1;
	o->ukeys = xreallocarray(o->ukeys, o->nukeys + 1, sizeof *o->ukeys);
	o->ukeys[o->nukeys] = xstrdup(key);
	o->uhash[h] = (uint32_t)o->nukeys + 1;
	return (long)o->nukeys++;
}

static int
too_wide(const struct rout *o, const struct loc *loc)
{
	diag_warnx(loc, "the records so far have more than %zu fields "
	    "between them, too many for one CSV header",
	    o->ncols + RECIO_FIELDS_MAX);
	return -1;
}

static int
spool_put(FILE *fp, const void *p, size_t n)
{
	return fwrite(p, 1, n, fp) == n ? 0 : -1;
}

static int
union_record(struct rout *o, const struct rec *r)
{
	uint32_t n = (uint32_t)r->n, k, len;
	size_t i;

	if (o->spool == NULL) {
		if ((o->spool = out_spool()) == NULL) {
			o->failed = 1;
			return -1;
		}
		for (i = 0; i < o->ncols; i++)
			if (union_key(o, o->cols[i], i) == -1)
				return too_wide(o, &r->loc);
	}
	if (spool_put(o->spool, &n, sizeof n) == -1)
		return write_failed(o);
	for (i = 0; i < r->n; i++) {
		unsigned char type = (unsigned char)r->f[i].type;
		long col = union_key(o, r->f[i].key, i);

		if (col == -1)
			return too_wide(o, &r->loc);
		k = (uint32_t)col;
		len = (uint32_t)r->f[i].len;
		if (spool_put(o->spool, &k, sizeof k) == -1 ||
		    spool_put(o->spool, &type, 1) == -1 ||
		    spool_put(o->spool, &len, sizeof len) == -1 ||
		    spool_put(o->spool, r->f[i].val, len) == -1)
			return write_failed(o);
	}
	return 0;
}

static int
spool_get(FILE *fp, void *p, size_t n)
{
	return fread(p, 1, n, fp) == n ? 0 : -1;
}

/* One spooled record as a CSV line under the union header. */
static int
union_line(struct rout *o, char **val, uint32_t *len, unsigned char *type)
{
	uint32_t n, k, i;

	if (spool_get(o->spool, &n, sizeof n) == -1)
		return 0;
	for (i = 0; i < o->nukeys; i++)
		len[i] = UINT32_MAX;	/* absent */
	for (i = 0; i < n; i++) {
		if (spool_get(o->spool, &k, sizeof k) == -1 || k >= o->nukeys ||
		    spool_get(o->spool, &type[k], 1) == -1 ||
		    spool_get(o->spool, &len[k], sizeof len[k]) == -1)
			return -1;
		val[k] = xreallocarray(val[k], (size_t)len[k] + 1, 1);
		if (spool_get(o->spool, val[k], len[k]) == -1)
			return -1;
		val[k][len[k]] = '\0';
	}
	buf_reset(&o->line);
	for (i = 0; i < o->nukeys; i++) {
		if (i > 0)
			buf_addc(&o->line, ',');
		if (len[i] != UINT32_MAX)
			csv_cell(o, val[i], len[i], type[i]);
	}
	buf_addc(&o->line, '\n');
	fwrite(o->line.s, 1, o->line.len, o->fp);
	return 1;
}

static int
union_finish(struct rout *o)
{
	char **val = xcalloc(o->nukeys + 1, sizeof *val);
	uint32_t *len = xcalloc(o->nukeys + 1, sizeof *len);
	unsigned char *type = xcalloc(o->nukeys + 1, 1);
	size_t i;
	int r;

	buf_reset(&o->line);
	for (i = 0; i < o->nukeys; i++) {
		if (i > 0)
			buf_addc(&o->line, ',');
		csv_cell(o, o->ukeys[i], strlen(o->ukeys[i]), REC_TEXT);
	}
	buf_addc(&o->line, '\n');
	fwrite(o->line.s, 1, o->line.len, o->fp);
	rewind(o->spool);
	while ((r = union_line(o, val, len, type)) == 1)
		;
	if (r == -1 || ferror(o->spool))
		write_failed(o);
	for (i = 0; i < o->nukeys; i++)
		free(val[i]);
	free(val);
	free(len);
	free(type);
	return o->failed ? -1 : 0;
}

/* --- JSON Lines --- */

static void
json_string(FILE *fp, const char *s, size_t n)
{
	size_t i;

	putc('"', fp);
	for (i = 0; i < n; i++) {
		unsigned char c = s[i];

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c == '\r')
			fputs("\\r", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\u%04x", c);
		else
			putc(c, fp);
	}
	putc('"', fp);
}

static void
json_field(struct rout *o, const char *key, const struct field *f, int first)
{
	if (!first)
		putc(',', o->fp);
	json_string(o->fp, key, strlen(key));
	putc(':', o->fp);
	if (f == NULL || f->len == 0)
		fputs("null", o->fp);
	else if (f->type == REC_NUM)
		fwrite(f->val, 1, f->len, o->fp);
	else
		json_string(o->fp, f->val, f->len);
}

static int
is_column(struct rout *o, const char *key)
{
	size_t i;

	if (o->ncols <= FEW_FIELDS) {
		for (i = 0; i < o->ncols; i++)
			if (strcmp(o->cols[i], key) == 0)
				return 1;
		return 0;
	}
	if (o->colset_of != o->cols || o->colset_n != o->ncols) {
		if (o->colset == NULL)
			o->colset = keyset_new();
		else
			keyset_clear(o->colset);
		for (i = 0; i < o->ncols; i++)
			keyset_add(o->colset, o->cols[i], strlen(o->cols[i]),
			    i);
		o->colset_of = o->cols;
		o->colset_n = o->ncols;
	}
	return keyset_find(o->colset, key, strlen(key)) != -1;
}

/*
 * Every record has the same keys, the columns (rout_columns(), else
 * the first record's), with null for a field absent or empty, so that
 * jq and the readers see one shape; a field beyond them follows.
 */
static int
json_record(struct rout *o, const struct rec *r)
{
	const struct field *f;
	size_t i, j = 0, found = 0;
	long k;

	csv_columns(o, r);
	o->fields_of = NULL;	/* r may be the last record's, refilled */
	putc('{', o->fp);
	for (i = 0; i < o->ncols; i++) {
		f = NULL;
		if (j < r->n && (r->f[j].key == o->cols[i] ||
		    strcmp(r->f[j].key, o->cols[i]) == 0))
			f = &r->f[j++];
		else if ((k = field_index(o, r, o->cols[i])) >= 0)
			f = &r->f[k];
		found += f != NULL;
		json_field(o, o->cols[i], f, i == 0);
	}
	for (i = 0; found < r->n && i < r->n; i++)
		if (!is_column(o, r->f[i].key))
			json_field(o, r->f[i].key, &r->f[i], 0);
	fputs("}\n", o->fp);
	return 0;
}

/* --- YAML --- */

static int
yaml_failed(struct rout *o)
{
	if (!o->failed) {
		if (o->em.error == YAML_WRITER_ERROR)
			tell_write_error(o);
		else
			diag_warnx(NULL, "cannot write YAML: %s",
			    o->em.problem ? o->em.problem : "error");
	}
	o->failed = 1;
	return -1;
}

static int
emit(struct rout *o, yaml_event_t *e, int made)
{
	/* yaml_emitter_emit owns the event, even when it fails. */
	if (!made)
		return yaml_failed(o);
	return yaml_emitter_emit(&o->em, e) ? 0 : yaml_failed(o);
}

int
yaml_needs_quotes(const char *s, size_t n)
{
	static const char *const words[] = {
		"y", "n", "yes", "no", "on", "off", "true", "false", "null",
		"~", ".nan", ".inf", "-.inf", "+.inf", "<<", "="
	};
	size_t i;

	if (n == 0 || strchr("0123456789+-.", s[0]) != NULL)
		return 1;
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	return 0;
}

static int
yaml_scalar(struct rout *o, const char *s, size_t n, int type)
{
	yaml_event_t e;
	/* quoted_implicit 1 always: no "!" tag when libyaml must quote */
	int plain = type == REC_NUM || !yaml_needs_quotes(s, n);
	yaml_scalar_style_t style = memchr(s, '\n', n) != NULL ?
	    YAML_LITERAL_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE;

	if (n > 0x7fffffff) {
		diag_warnx(NULL, "a value is too large for YAML");
		return -1;
	}
	if (!utf8_valid(s, n)) {
		diag_warnx(NULL, "a value is not valid UTF-8");
		o->failed = 1;
		return -1;
	}
	return emit(o, &e, yaml_scalar_event_initialize(&e, NULL, NULL,
	    (yaml_char_t *)s, (int)n, plain, 1, style));
}

static int
yaml_start(struct rout *o)
{
	yaml_event_t e;

	if (!yaml_emitter_initialize(&o->em))
		diag_fatal("out of memory");
	yaml_emitter_set_output_file(&o->em, o->fp);
	yaml_emitter_set_unicode(&o->em, 1);
	yaml_emitter_set_width(&o->em, -1);
	return emit(o, &e, yaml_stream_start_event_initialize(&e,
	    YAML_UTF8_ENCODING));
}

static int
yaml_record(struct rout *o, const struct rec *r)
{
	yaml_event_t e;
	size_t i;

	if (emit(o, &e, yaml_document_start_event_initialize(&e, NULL, NULL,
	    NULL, 0)) == -1 ||
	    emit(o, &e, yaml_mapping_start_event_initialize(&e, NULL, NULL, 1,
	    YAML_BLOCK_MAPPING_STYLE)) == -1)
		return -1;
	for (i = 0; i < r->n; i++)
		if (yaml_scalar(o, r->f[i].key, strlen(r->f[i].key),
		    REC_TEXT) == -1 ||
		    yaml_scalar(o, r->f[i].val, r->f[i].len, r->f[i].type) == -1)
			return -1;
	if (emit(o, &e, yaml_mapping_end_event_initialize(&e)) == -1 ||
	    emit(o, &e, yaml_document_end_event_initialize(&e, 1)) == -1)
		return -1;
	return 0;
}

/* --- dispatch --- */

static int
start(struct rout *o, const struct rec *first)
{
	o->started = 1;
	if (o->fmt == FMT_YAML)
		return yaml_start(o);
	if (o->fmt == FMT_CSV && !(o->flags & ROUT_UNION) &&
	    (first != NULL || o->cols != NULL)) {
		csv_header(o, first);
	}
	return 0;
}

int
rout_write(struct rout *o, const struct rec *r)
{
	int rv;

	if (rows_flush(o) == -1 || o->failed)
		return -1;
	if (!o->started && start(o, r) == -1)
		return -1;
	switch (o->fmt) {
	case FMT_YAML:
		rv = yaml_record(o, r);
		break;
	case FMT_JSONL:
		rv = json_record(o, r);
		break;
	default:
		rv = o->flags & ROUT_UNION ? union_record(o, r) :
		    csv_record(o, r);
		break;
	}
	if (rv == -1)
		o->failed = 1;
	else if (ferror(o->fp))
		return write_failed(o);
	return rv;
}

/* Plain CSV goes straight to the line; other formats make a record. */
static COMPAT_NOINLINE void
cell_slow(struct rout *o, const char *val, size_t n, int type)
{
	if (o->cols == NULL || o->ncell >= o->ncols)
		diag_fatal("rout_cell: more cells than columns");
	if (o->fmt != FMT_CSV || (o->flags & ROUT_UNION))
		rec_add_lent(&o->row, o->cols[o->ncell], val, n, type);
	else {
		if (o->ncell == 0) {
			if (!o->started && !o->failed && start(o, NULL) == -1)
				o->failed = 1;
			rows_flush(o);
			buf_reset(&o->line);
		} else
			buf_addc(&o->line, ',');
		csv_cell(o, val, n, type);
	}
	o->ncell++;
}

/*
 * Most cells of a large report are numbers and words of our own
 * (REC_NUM, REC_PLAIN: never quoted) of a few bytes, after the first
 * of their line: those are copied without the checks of cell_slow().
 */
void
rout_cell(struct rout *o, const char *val, size_t n, int type)
{
	struct buf *b = &o->line;

	if (o->plaincsv && type != REC_TEXT && o->ncell != 0 &&
	    o->ncell < o->ncols && n <= 16 && b->len + n + 2 < b->cap) {
		b->s[b->len++] = ',';
		copy_short(b->s + b->len, val, n);
		b->len += n;
		b->s[b->len] = '\0';
		o->ncell++;
		return;
	}
	cell_slow(o, val, n, type);
}

int
rout_end(struct rout *o)
{
	int rv;

	if (o->ncell != o->ncols)
		diag_fatal("rout_end: fewer cells than columns");
	o->ncell = 0;
	if (o->fmt != FMT_CSV || (o->flags & ROUT_UNION)) {
		rv = rout_write(o, &o->row);
		rec_clear(&o->row);
		return rv;
	}
	if (o->failed)
		return -1;
	buf_addc(&o->line, '\n');
	if (fwrite(o->line.s, 1, o->line.len, o->fp) != o->line.len)
		return write_failed(o);
	return 0;
}

/*
 * Is text cell s (4 to 16 bytes) surely written as it is in CSV: no
 * byte that needs quotes, no edge space or tab (short_plain() says no
 * byte below '-'), and no formula start but '-', '=' and '@' (the
 * others are below '-') unless ROUT_RAW?  An id in every row is such.
 */
static int
plain_text(const struct rout *o, const char *s, size_t n)
{
	return n >= 4 && short_plain(s, n) && ((o->flags & ROUT_RAW) ||
	    (s[0] != '-' && s[0] != '=' && s[0] != '@'));
}

/*
 * copy_short() for rout_row()'s cells of at most 16 bytes: the most
 * common length first (4 to 7: "0.00", a count), one of 1 to 3 bytes
 * without a loop (the first, middle and last byte cover it).
 */
static inline void
cell_copy(char *d, const char *s, size_t n)
{
	uint64_t a, b;
	uint32_t x, y;

	if (n - 4 < 4) {
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		memcpy(d, &x, 4);
		memcpy(d + n - 4, &y, 4);
	} else if (n - 8 <= 8) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n > 0) {
		d[0] = s[0];
		d[n / 2] = s[n / 2];
		d[n - 1] = s[n - 1];
	}
}

/*
 * rout_cell() for each column, then rout_end(): plain CSV in one loop,
 * without the checks of a cell at a time, and only text looked at (an
 * empty cell, a number or a plain word is copied as it is, as
 * csv_cell() would write it).  The row is added to those gathered in
 * line (rows_flush()).
 */
static int	gather_flush(struct rout *);

int
rout_row(struct rout *o, const struct field *cells)
{
	struct buf *b = &o->line;
	size_t i, n, len, room, ncols = o->ncols;
	char *d;

	if (o->cols == NULL)
		diag_fatal("rout_row: no columns");
	if (o->fmt != FMT_CSV || (o->flags & ROUT_UNION) || o->ncell > 0) {
		for (i = 0; i < o->ncols; i++)
			rout_cell(o, cells[i].val, cells[i].len, cells[i].type);
		return rout_end(o);
	}
	if (!o->started && !o->failed && start(o, NULL) == -1)
		o->failed = 1;
	if (o->failed)
		return -1;
	b->len = o->pending;
	/*
	 * Room for every cell of 16 bytes or fewer with its comma, and the
	 * line feed, so that a short cell needs no room test; after a
	 * longer one, room for all again.
	 */
	room = (ncols + 1) * 17;
	buf_grow(b, room);		/* b->s is not NULL */
	len = b->len;
	d = b->s;
	/*
	 * Each cell, then a comma; the last comma becomes the line feed.
	 * The line's bytes and length in locals: a store through the
	 * bytes would otherwise make the compiler load them all again.
	 */
	for (i = 0; i < ncols; i++) {
		n = cells[i].len;
		if (n <= 16 && (cells[i].type != REC_TEXT ||
		    plain_text(o, cells[i].val, n))) {
			cell_copy(d + len, cells[i].val, n);
			d[len + n] = ',';
			len += n + 1;
			continue;
		}
		b->len = len;
		buf_grow(b, n + 2);		/* the cell, the comma, a NUL */
		if (cells[i].type != REC_TEXT)
			buf_add(b, cells[i].val, n);
		else
			csv_cell(o, cells[i].val, n, REC_TEXT);
		buf_addc(b, ',');
		buf_grow(b, room);
		len = b->len;
		d = b->s;
	}
	b->len = ncols > 0 ? len - 1 : len;
	buf_addc(b, '\n');
	o->pending = b->len;
	if (o->pending < ROWS_FLUSH)
		return 0;
	return o->turns != NULL ? gather_flush(o) : rows_flush(o);
}

/*
 * rout_rows() by two threads: each makes every other chunk of rows into
 * a writer of its own (a worker), which gathers them in line; when its
 * turn comes it writes them to the stream, so that the chunks go out in
 * order and the writing is shared too.  A worker that has gathered
 * GATHER_MAX bytes (rows of many or wide cells) waits for its turn there
 * and writes as it goes, so that memory stays bounded.  After a write
 * error the chunks not yet begun are not made.
 */
#define GATHER_MAX	(1024 * 1024)

struct turns {
	struct rout	*o;
	size_t		 n, chunk;
	size_t		 next;		/* the chunk to be written next */
	int		 stop;		/* a write failed: make no more */
	rout_make_fn	*make;
	void		*arg;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
};

static void
take_turn(struct turns *t, size_t c)
{
	pthread_mutex_lock(&t->mu);
	while (t->next != c)
		pthread_cond_wait(&t->cv, &t->mu);
	pthread_mutex_unlock(&t->mu);
}

/* Pass the turn on from chunk c; say whether to stop. */
static int
pass_turn(struct turns *t, size_t c)
{
	int stop;

	pthread_mutex_lock(&t->mu);
	t->next = c + 1;
	stop = t->stop = t->stop || t->o->failed;
	pthread_cond_broadcast(&t->cv);
	pthread_mutex_unlock(&t->mu);
	return stop;
}

/* Write worker w's gathered rows to the stream: w has the turn. */
static void
put_rows(struct rout *w)
{
	struct rout *o = w->turns->o;

	if (!o->failed && w->pending > 0 &&
	    fwrite(w->line.s, 1, w->pending, o->fp) != w->pending)
		write_failed(o);
	w->pending = 0;
	buf_reset(&w->line);
}

/* rout_row() of a worker past ROWS_FLUSH bytes: gather, or write. */
static int
gather_flush(struct rout *w)
{
	if (!w->holding && w->pending < GATHER_MAX)
		return 0;
	if (!w->holding) {
		take_turn(w->turns, w->chunk);
		w->holding = 1;
	}
	put_rows(w);
	return 0;
}

struct worker {
	struct rout	 w;
	int		 id;
};

static int
stopped(struct turns *t)
{
	int stop;

	pthread_mutex_lock(&t->mu);
	stop = t->stop;
	pthread_mutex_unlock(&t->mu);
	return stop;
}

static void *
make_chunks(void *arg)
{
	struct worker *k = arg;
	struct rout *w = &k->w;
	struct turns *t = w->turns;
	size_t c, first, end;

	for (c = (size_t)k->id; c * t->chunk < t->n && !stopped(t); c += 2) {
		first = c * t->chunk;
		end = t->n - first < t->chunk ? t->n : first + t->chunk;
		w->chunk = c;
		t->make(t->arg, w, first, end, k->id);
		if (!w->holding)
			take_turn(t, c);
		put_rows(w);
		w->holding = 0;
		if (pass_turn(t, c))
			break;
	}
	return NULL;
}

static void
worker_init(struct worker *k, struct turns *t, int id)
{
	memset(k, 0, sizeof *k);
	k->id = id;
	k->w.fmt = FMT_CSV;
	k->w.flags = t->o->flags;
	k->w.plaincsv = 1;
	k->w.cols = t->o->cols;
	k->w.ncols = t->o->ncols;
	k->w.started = 1;		/* the header is o's */
	k->w.turns = t;
}

int
rout_rows(struct rout *o, size_t n, size_t chunk, rout_make_fn *make,
    void *arg)
{
	struct turns t;
	struct worker k[2];
	pthread_t th;
	int i;

	if (!o->plaincsv || o->ncell > 0 || chunk == 0 || n <= 2 * chunk) {
		make(arg, o, 0, n, 0);
		return o->failed ? -1 : 0;
	}
	if (!o->started && !o->failed && start(o, NULL) == -1)
		o->failed = 1;
	if (rows_flush(o) == -1 || o->failed)
		return -1;
	memset(&t, 0, sizeof t);
	t.o = o;
	t.n = n;
	t.chunk = chunk;
	t.make = make;
	t.arg = arg;
	pthread_mutex_init(&t.mu, NULL);
	pthread_cond_init(&t.cv, NULL);
	for (i = 0; i < 2; i++)
		worker_init(&k[i], &t, i);
	if (pthread_create(&th, NULL, make_chunks, &k[1]) != 0)
		diag_fatal("cannot start a thread");
	make_chunks(&k[0]);
	pthread_join(th, NULL);
	for (i = 0; i < 2; i++)
		buf_free(&k[i].w.line);
	pthread_mutex_destroy(&t.mu);
	pthread_cond_destroy(&t.cv);
	return o->failed ? -1 : 0;
}

int
rout_close(struct rout *o)
{
	yaml_event_t e;
	int rv = rows_flush(o) == -1 || o->failed ? -1 : 0;

	if (!o->failed && !o->started)
		rv = start(o, NULL);
	if (o->fmt == FMT_CSV && (o->flags & ROUT_UNION) && !o->failed) {
		if (o->spool == NULL)	/* no records: the fixed columns */
			for (size_t i = 0; i < o->ncols; i++)
				if (union_key(o, o->cols[i], i) == -1)
					rv = too_wide(o, NULL);
		if (rv == -1)
			;
		else if (o->spool == NULL && o->nukeys == 0)
			;		/* nothing at all to write */
		else if (o->spool == NULL) {
			o->spool = out_spool();
			if (o->spool == NULL || union_finish(o) == -1)
				rv = -1;
		} else if (union_finish(o) == -1)
			rv = -1;
	}
	if (o->fmt == FMT_YAML && o->started) {
		if (!o->failed && emit(o, &e,
		    yaml_stream_end_event_initialize(&e)) == -1)
			rv = -1;
		yaml_emitter_delete(&o->em);
	}
	if (rv == 0 && (fflush(o->fp) == EOF || ferror(o->fp)))
		rv = write_failed(o);
	if (o->owncols != NULL) {
		for (size_t i = 0; i < o->ncols; i++)
			free(o->owncols[i]);
		free(o->owncols);
	}
	buf_free(&o->line);
	rec_free(&o->row);
	if (o->spool != NULL)
		fclose(o->spool);
	for (size_t i = 0; i < o->nukeys; i++)
		free(o->ukeys[i]);
	free(o->ukeys);
	free(o->uhash);
	if (o->fields != NULL)
		keyset_free(o->fields);
	if (o->colset != NULL)
		keyset_free(o->colset);
	free(o);
	return rv;
}
