/*
 * Unit tests of the record readers and writers: each case writes a
 * file, reads it back through rin_*, and compares a flat rendering
 * ("line:key=value,...;") or the error message with what it must be.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "keyset.h"
#include "recio.h"
#include "recio_impl.h"	/* rin_split() */
#include "tap.h"

/* What the CSV reader says of a field that is not UTF-8, after "column N is". */
#define UTF8_HINT "not valid UTF-8 text (or holds a NUL byte); from " \
	"another encoding, convert the file with iop-import --encoding " \
	"(windows-1252, say)"

static char dir[] = "/tmp/iop-unit.XXXXXX";
static struct buf got = BUF_INIT;

/* A half of a split file, rendered by a thread (render_half()). */
struct half {
	struct rin	*in;
	struct buf	 b;
	int		 rv;
};

static int	render(struct rin *, struct buf *);
static void	*render_half(void *);

/*
 * Write file name (holding text) and render its records into got; with
 * half, split it (rin_split()) and render only the first half's, the
 * second read by a thread meanwhile (the first waits for its start), or
 * "NOT SPLIT".
 */
static int
readback_first(const char *name, const char *text, size_t len, int half)
{
	struct half h = { NULL, BUF_INIT, 0 };
	pthread_t t;
	char path[256], errpath[256];
	struct rin *in, *second = NULL;
	struct rec *r;
	FILE *fp;
	int rv, saved;
	size_t i;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	snprintf(errpath, sizeof errpath, "%s/stderr", dir);
	fp = fopen(path, "w");
	fwrite(text, 1, len, fp);
	fclose(fp);
	buf_reset(&got);
	fflush(stderr);
	saved = dup(2);
	freopen(errpath, "w", stderr);
	if (chdir(dir) == -1 || (in = rin_open(name, FMT_AUTO)) == NULL)
		rv = -1;
	else if (half && (second = rin_split(in, 0)) == NULL) {
		rin_close(in);
		rv = -2;
	} else {
		/* the second half read too: the first waits for its start */
		h.in = second;
		if (second != NULL)
			pthread_create(&t, NULL, render_half, &h);
		while ((rv = rin_next(in, &r)) == 1) {
			buf_addf(&got, "%zu:", r->loc.line);
			for (i = 0; i < r->n; i++)
				buf_addf(&got, "%s%s=%s", i ? "," : "",
				    r->f[i].key, r->f[i].val);
			buf_addc(&got, ';');
		}
		if (second != NULL) {
			pthread_join(t, NULL);
			rin_close(second);
		}
		rin_close(in);
		buf_free(&h.b);
	}
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	if (rv == -2)
		buf_addf(&got, "NOT SPLIT");
	if (rv == -1) {
		char line[512] = "";

		fp = fopen(errpath, "r");
		if (fgets(line, sizeof line, fp) != NULL)
			line[strcspn(line, "\n")] = '\0';
		fclose(fp);
		buf_reset(&got);
		buf_addf(&got, "ERR %s", line);
	}
	return rv;
}

/* Read text back, whole: "line:key=val,...;" a record, or "ERR message". */
static int
readback(const char *name, const char *text, size_t len)
{
	return readback_first(name, text, len, 0);
}

#define CASE(name, text, want) do { \
	readback(name, text, sizeof text - 1); \
	ok(strcmp(got.s ? got.s : "", want) == 0, "%s", name); \
	if (strcmp(got.s ? got.s : "", want) != 0) \
		printf("#   got: %s\n", got.s ? got.s : ""); \
} while (0)

static void
test_csv(void)
{
	CASE("plain.csv", "a,b\n1,2\n3,4\n", "2:a=1,b=2;3:a=3,b=4;");
	CASE("crlf.csv", "a,b\r\n1,2\r\n\r\n3,4\r\n",
	    "2:a=1,b=2;4:a=3,b=4;");
	CASE("bom.csv", "\xef\xbb\xbf" "a,b\n1,2\n", "2:a=1,b=2;");
	CASE("nolf.csv", "a,b\n1,2", "2:a=1,b=2;");
	CASE("quoted.csv", "a,b\n\"x,\"\"y\"\"\",\"p\nq\"\n5,6\n",
	    "2:a=x,\"y\",b=p\nq;4:a=5,b=6;");
	CASE("blank.csv", "a,b\n\n\n1,2\n", "4:a=1,b=2;");
	CASE("spaces.csv", " a ,b\n 1 ,\" 2 \"\n", "2:a=1,b= 2 ;");
	/* no bytes at all: an error; a header alone: no records */
	CASE("empty.csv", "",
	    "ERR iop-test: empty.csv: empty file: no header, no records");
	CASE("header-only.csv", "a,b\n", "");
	CASE("ragged-short.csv", "a,b\n1,2\n3\n",
	    "ERR iop-test: ragged-short.csv:3: fewer fields than the header");
	CASE("ragged-long.csv", "a,b\n1,2,3\n",
	    "ERR iop-test: ragged-long.csv:2: more fields than the header");
	CASE("stray.csv", "a,b\n1,2\n3,b\"c\n",
	    "ERR iop-test: stray.csv:3: stray or unterminated quote");
	CASE("unterminated.csv", "a,b\n1,\"2\n3,4\n",
	    "ERR iop-test: unterminated.csv:2: unterminated quoted field");
	CASE("after-multiline.csv", "a,b\n\"x\ny\nz\",2\n3,4,5\n",
	    "ERR iop-test: after-multiline.csv:5: more fields than the header");
	CASE("dup.csv", "a,b,a\n1,2,3\n",
	    "ERR iop-test: dup.csv:1: the header names a column twice");
	CASE("emptyname.csv", "a,,b\n1,2,3\n",
	    "ERR iop-test: emptyname.csv:1: the header has an empty column name");
	CASE("badutf8.csv", "a,b\n1,\xff\n",
	    "ERR iop-test: badutf8.csv:2: column 2 is " UTF8_HINT);
	CASE("nul.csv", "a,b\n1,x\0y\n",
	    "ERR iop-test: nul.csv:2: column 2 is " UTF8_HINT);
}

/*
 * The line of each kind of error where a record spans lines: a quoted
 * line feed before the error moves a quote error to the line of the
 * quote, but a record error stays on the record's first line, and a
 * field error on the field's.
 */
static void
test_csv_lines(void)
{
	/* the stray quote is on line 3, the record began on line 2 */
	CASE("lf-then-stray.csv", "a,b,c\n\"x\ny\",b\"c,3\n",
	    "ERR iop-test: lf-then-stray.csv:3: stray or unterminated quote");
	/* text after the closing quote of a field that spans lines 2-4 */
	CASE("lf-then-text.csv", "a,b\n1,\"x\ny\nz\"w\n",
	    "ERR iop-test: lf-then-text.csv:4: stray or unterminated quote");
	/* a stray quote on the line after a record of lines 2-3 */
	CASE("stray-after-lf.csv", "a,b\n\"x\ny\",2\n3,b\"c\n",
	    "ERR iop-test: stray-after-lf.csv:4: stray or unterminated quote");
	/* a short record of lines 3-4, after a good one of lines 2-3 */
	CASE("short-with-lf.csv", "a,b,c\n1,\"x\ny\",3\n4,\"p\nq\"\n",
	    "ERR iop-test: short-with-lf.csv:4: fewer fields than the header");
	CASE("short-lf-first.csv", "a,b,c\n1,\"x\ny\"\n",
	    "ERR iop-test: short-lf-first.csv:2: fewer fields than the header");
	CASE("long-with-lf.csv", "a,b\n\"x\ny\",2\n1,\"p\nq\",3\n",
	    "ERR iop-test: long-with-lf.csv:4: more fields than the header");
	/* bad UTF-8 in a field that starts on line 3 */
	CASE("utf8-after-lf.csv", "a,b\n\"x\ny\",\xff\n",
	    "ERR iop-test: utf8-after-lf.csv:3: column 2 is " UTF8_HINT);
	/* and in one that spans lines 2-3: the field's first line */
	CASE("utf8-in-lf.csv", "a,b\n1,\"x\ny\xff\"\n",
	    "ERR iop-test: utf8-in-lf.csv:2: column 2 is " UTF8_HINT);
	/* a quoted field of lines 4-5 that never ends */
	CASE("unterminated-after-lf.csv", "a,b\n\"x\ny\",2\n3,\"p\nq\n",
	    "ERR iop-test: unterminated-after-lf.csv:4: unterminated quoted field");
	/* the records after it keep their lines */
	CASE("lines-after-lf.csv", "a,b\n\"x\r\ny\",\"\n\"\n3,4\n",
	    "2:a=x\r\ny,b=\n;5:a=3,b=4;");
}

static void
test_big_field(void)
{
	size_t n = RECIO_FIELD_MAX + 4096, i;
	char *text = malloc(n + 16);

	memcpy(text, "a\n\"", 3);
	for (i = 3; i < n; i++)
		text[i] = 'x';
	memcpy(text + n, "\"\n", 2);
	readback("big.csv", text, n + 2);
	ok(strcmp(got.s, "ERR iop-test: big.csv:2: field too large (over 1 MiB)")
	    == 0, "a field over the cap is refused: %s", got.s);
	free(text);
}

static void
test_yaml(void)
{
	CASE("seq.yaml", "- a: 1\n  b: x y\n- a: 2\n  b: ''\n",
	    "1:a=1,b=x y;3:a=2,b=;");
	CASE("docs.yaml", "---\na: 1\n---\na: 2\nb: 3\n",
	    "2:a=1;4:a=2,b=3;");
	CASE("nulls.yaml", "a: ~\nb: null\nc:\nd: Null\ne: no\nf: 007\n",
	    "1:a=,b=,c=,d=Null,e=no,f=007;");
	CASE("empty.yaml", "",
	    "ERR iop-test: empty.yaml: empty file: no header, no records");
	CASE("comment.yaml", "# nothing yet\n", "");
	CASE("anchor.yaml", "- a: &x 1\n- a: *x\n",
	    "ERR iop-test: anchor.yaml:1: YAML anchors are not accepted");
	CASE("tag.yaml", "a: !!int 1\n",
	    "ERR iop-test: tag.yaml:1: YAML tags are not accepted");
	CASE("dupkey.yaml", "a: 1\nb: 2\na: 3\n",
	    "ERR iop-test: dupkey.yaml:3: key 3 of the record repeats key 1");
	CASE("nulkey.yaml", "a: 1\n\"a\\0SECRET\": 2\n",
	    "ERR iop-test: nulkey.yaml:2: key 2 of the record holds a NUL byte");
	CASE("nulval.yaml", "a: 1\nb: \"x\\0y\"\n",
	    "ERR iop-test: nulval.yaml:2: the value of key 2 of the record "
	    "holds a NUL byte");
	CASE("notnul.yaml", "a: 'x\\0y'\nb: |\n  x\\0y\n",
	    "1:a=x\\0y,b=x\\0y\n;");
	/* keys as the last record's, fewer, more, in another order */
	CASE("keys.yaml", "- {a: 1, b: 2, c: 3}\n- {a: 4, b: 5, c: 6}\n"
	    "- {a: 7, b: 8}\n- {a: 9, b: 10, c: 11, d: 12}\n"
	    "- {a: 13, c: 14, b: 15}\n- {ab: 16}\n- {a: 17}\n",
	    "1:a=1,b=2,c=3;2:a=4,b=5,c=6;3:a=7,b=8;4:a=9,b=10,c=11,d=12;"
	    "5:a=13,c=14,b=15;6:ab=16;7:a=17;");
	CASE("dupafter.yaml", "- {a: 1, b: 2}\n- {a: 1, b: 2, a: 3}\n",
	    "ERR iop-test: dupafter.yaml:2: key 3 of the record repeats key 1");
	CASE("dupswap.yaml", "- {a: 1, c: 2, b: 3}\n- {a: 1, b: 2, a: 3}\n",
	    "ERR iop-test: dupswap.yaml:2: key 3 of the record repeats key 1");
	CASE("dupfirst.yaml", "- {a: 1, b: 2}\n- {b: 1, a: 2, b: 3}\n",
	    "ERR iop-test: dupfirst.yaml:2: key 3 of the record repeats key 1");
	CASE("nested.yaml", "a: 1\nb:\n  c: 2\n",
	    "ERR iop-test: nested.yaml:3: the value of key 2 of the record is "
	    "not a single value");
	CASE("scalar.yaml", "just text\n",
	    "ERR iop-test: scalar.yaml:1: expected a mapping or a sequence of "
	    "mappings");
	CASE("flow.yaml", "a: [1, 2\n",
	    "ERR iop-test: flow.yaml:1: the value of key 1 of the record is "
	    "not a single value");
	CASE("syntax.yaml", "a: 1\nb: 'x\n",
	    "ERR iop-test: syntax.yaml:3: YAML syntax: found unexpected end "
	    "of stream");
	CASE("indent.yaml", "- a: 1\n b: 2\n",
	    "ERR iop-test: indent.yaml:2: YAML syntax: did not find expected "
	    "'-' indicator");
	CASE("badutf8.yaml", "a: 1\nb: \xff\n",
	    "ERR iop-test: badutf8.yaml:2: not valid UTF-8 YAML text "
	    "(invalid leading UTF-8 octet)");
}

static void
test_sniff(void)
{
	CASE("sniff1", "client_id: 7\n", "1:client_id=7;");
	CASE("sniff2", "client_id,date\n7,2026-01-05\n",
	    "2:client_id=7,date=2026-01-05;");
	CASE("sniff3", "- a: 1\n", "1:a=1;");
	CASE("sniff4", "a,b: c\n1,2\n", "2:a=1,b: c=2;");
}

/*
 * Quoted CSV cells as libcsv's csv_write() quotes them (the reference:
 * recout.c doubles the quotes itself, by runs): quotes at each end, in
 * runs, alone, beside commas and line feeds, in 200 random strings.
 */
static void
test_quoting(void)
{
	static const char *const fixed[] = { "\"", "\"\"", "a\"", "\"a",
	    "a\"\"b", ",", "a,b\"c\"", "\n\"\n", "x,\"\"\",y", " lead" };
	static const char alphabet[] = "ab\", \n";
	char s[24], want[64], *text;
	struct rec r = REC_INIT;
	struct rout *w;
	size_t i, k, n, len, bad = 0;
	FILE *fp;

	srand(7);
	for (i = 0; i < 210; i++) {
		if (i < 10)
			snprintf(s, sizeof s, "%s", fixed[i]);
		else {
			n = 1 + (size_t)rand() % 20;
			for (k = 0; k < n; k++)
				s[k] = alphabet[rand() % 5];
			s[n] = '\0';
		}
		n = csv_write(want, sizeof want, s, strlen(s));
		want[n] = '\n';
		want[n + 1] = '\0';
		rec_clear(&r);
		rec_set(&r, "c", s, REC_TEXT);
		text = NULL;
		fp = open_memstream(&text, &len);
		w = rout_open(fp, FMT_CSV, ROUT_RAW);
		rout_write(w, &r);
		rout_close(w);
		fclose(fp);
		/* a cell that needs no quotes is written bare */
		if (strpbrk(s, "\",\n") == NULL && s[0] != ' ' &&
		    s[strlen(s) - 1] != ' ')
			snprintf(want, sizeof want, "%s\n", s);
		bad += strcmp(text + 2, want) != 0;
		free(text);
	}
	rec_free(&r);
	ok(bad == 0, "CSV quoting is libcsv's csv_write() for 210 cells "
	    "(%zu differ)", bad);
}

static void
test_writers(void)
{
	struct rec r = REC_INIT;
	struct rout *w;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	rec_set(&r, "id", "=1+2", REC_TEXT);
	rec_set(&r, "n", "-3.50", REC_NUM);
	rec_set(&r, "note", "a, \"b\"\nc", REC_TEXT);
	fp = open_memstream(&text, &len);
	w = rout_open(fp, FMT_CSV, 0);
	rout_write(w, &r);
	rout_close(w);
	fclose(fp);
	ok(strcmp(text, "id,n,note\n'=1+2,-3.50,\"a, \"\"b\"\"\nc\"\n") == 0,
	    "CSV: formula guard on text, not numbers; quoting");
	free(text);
	fp = open_memstream(&text, &len);
	w = rout_open(fp, FMT_CSV, ROUT_RAW);
	rout_write(w, &r);
	rout_close(w);
	fclose(fp);
	ok(strncmp(text, "id,n,note\n=1+2,", 15) == 0, "CSV: --raw-csv");
	free(text);
	fp = open_memstream(&text, &len);
	w = rout_open(fp, FMT_JSONL, 0);
	rout_write(w, &r);
	rout_close(w);
	fclose(fp);
	ok(strcmp(text, "{\"id\":\"=1+2\",\"n\":-3.50,"
	    "\"note\":\"a, \\\"b\\\"\\nc\"}\n") == 0, "JSON Lines");
	free(text);
	rec_clear(&r);
	rec_set(&r, "a", "no", REC_TEXT);
	rec_set(&r, "b", "007", REC_TEXT);
	rec_set(&r, "c", "", REC_TEXT);
	rec_set(&r, "d", "C12", REC_TEXT);
	rec_set(&r, "e", "12.50", REC_NUM);
	fp = open_memstream(&text, &len);
	w = rout_open(fp, FMT_YAML, 0);
	rout_write(w, &r);
	rout_close(w);
	fclose(fp);
	ok(strcmp(text, "---\na: 'no'\nb: '007'\nc: ''\nd: C12\ne: 12.50\n")
	    == 0, "YAML quotes what 1.1 would misread");
	if (strcmp(text, "---\na: 'no'\nb: '007'\nc: ''\nd: C12\ne: 12.50\n"))
		printf("#   got: %s\n", text);
	free(text);
	rec_free(&r);
}

/*
 * Write rows[][5] (types in types[]) by records (by_cells 0), by cells
 * (1) or by rows of cells (2, rout_row()): the text.
 */
static char *
write_rows_as(int fmt, int flags, int by_cells, const char *const rows[][5],
    size_t nrows)
{
	static const char *const cols[5] = { "id", "week", "n", "note", "st" };
	static const int types[5] = { REC_TEXT, REC_PLAIN, REC_NUM, REC_TEXT,
	    REC_PLAIN };
	struct rec r = REC_INIT;
	struct field row[5];
	struct rout *w;
	char *text = NULL;
	size_t len = 0, i, k;
	FILE *fp = open_memstream(&text, &len);

	w = rout_open(fp, fmt, flags);
	rout_columns(w, cols, 5);
	for (i = 0; i < nrows; i++) {
		rec_clear(&r);
		if (by_cells == 2) {
			for (k = 0; k < 5; k++) {
				row[k].key = NULL;
				row[k].val = rows[i][k];
				row[k].len = strlen(rows[i][k]);
				row[k].type = types[k];
			}
			rout_row(w, row);
			continue;
		}
		for (k = 0; k < 5; k++)
			if (by_cells)
				rout_cell(w, rows[i][k], strlen(rows[i][k]),
				    types[k]);
			else
				rec_add(&r, cols[k], rows[i][k],
				    strlen(rows[i][k]), types[k]);
		if (by_cells)
			rout_end(w);
		else
			rout_write(w, &r);
	}
	rout_close(w);
	fclose(fp);
	rec_free(&r);
	return text;
}

/*
 * rout_cell() writes what rout_write() writes, in every format; text
 * the program made (REC_PLAIN) goes bare in CSV and is still quoted
 * where YAML would misread it.
 */
static void
test_cells(void)
{
	static const char *const rows[2][5] = {
		{ "=1+2", "2026-W48", "-3.50", "a, \"b\"\nc", "ok" },
		{ " C1", "2026-11-23", "", "", "below_min" },
	};
	static const struct { int fmt, flags; const char *name; } f[] = {
		{ FMT_CSV, 0, "CSV" }, { FMT_CSV, ROUT_RAW, "raw CSV" },
		{ FMT_CSV, ROUT_UNION, "CSV, union header" },
		{ FMT_JSONL, 0, "JSON Lines" }, { FMT_YAML, 0, "YAML" },
	};
	size_t i;

	for (i = 0; i < sizeof f / sizeof f[0]; i++) {
		char *a = write_rows_as(f[i].fmt, f[i].flags, 0, rows, 2);
		char *b = write_rows_as(f[i].fmt, f[i].flags, 1, rows, 2);
		char *c = write_rows_as(f[i].fmt, f[i].flags, 2, rows, 2);

		ok(strcmp(a, b) == 0, "cells as records: %s", f[i].name);
		ok(strcmp(a, c) == 0, "rows of cells as records: %s",
		    f[i].name);
		if (f[i].fmt == FMT_CSV && f[i].flags == 0)
			ok(strcmp(b, "id,week,n,note,st\n'=1+2,2026-W48,-3.50,"
			    "\"a, \"\"b\"\"\nc\",ok\n\" C1\",2026-11-23,,,"
			    "below_min\n") == 0, "cells: CSV text");
		if (f[i].fmt == FMT_YAML)
			ok(strstr(b, "week: '2026-11-23'") != NULL,
			    "cells: a date the program made is quoted in YAML");
		free(a);
		free(b);
		free(c);
	}
}

/* ROUT_UNION: records with different fields under one header. */
/*
 * rout_row() writes a text cell of 4 to 16 bytes as it is only when it
 * needs no quotes and, without ROUT_RAW, starts no formula.
 */
static void
test_row_text(void)
{
	static const char *const cols[] = { "a", "b", "c", "d", "e", "f" };
	static const char *const val[] = { "=A1B", "-9XY", "@abc",
	    "C0012345", "C001,2345", "x y z w " };
	static const char *const want[2] = {
		"a,b,c,d,e,f\n'=A1B,'-9XY,'@abc,C0012345,\"C001,2345\","
		    "\"x y z w \"\n",
		"a,b,c,d,e,f\n=A1B,-9XY,@abc,C0012345,\"C001,2345\","
		    "\"x y z w \"\n" };
	struct field cells[6];
	struct rout *w;
	char *text;
	size_t len, i;
	FILE *fp;
	int raw;

	for (i = 0; i < 6; i++) {
		cells[i].key = cols[i];
		cells[i].val = val[i];
		cells[i].len = strlen(val[i]);
		cells[i].type = REC_TEXT;
	}
	for (raw = 0; raw < 2; raw++) {
		text = NULL;
		fp = open_memstream(&text, &len);
		w = rout_open(fp, FMT_CSV, raw ? ROUT_RAW : 0);
		rout_columns(w, cols, 6);
		rout_row(w, cells);
		rout_close(w);
		fclose(fp);
		ok(strcmp(text, want[raw]) == 0, "rout_row(): short text cells%s",
		    raw ? ", raw" : "");
		free(text);
	}
}

static void
test_union(void)
{
	static const char *const fixed[] = { "id", "z" };
	struct rec r = REC_INIT;
	struct rout *w;
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	w = rout_open(fp, FMT_CSV, ROUT_UNION);
	rout_columns(w, fixed, 2);
	rec_set(&r, "id", "A", REC_TEXT);
	rec_set(&r, "x", "1,5", REC_TEXT);
	rout_write(w, &r);
	rec_clear(&r);
	rec_set(&r, "y", "=2", REC_TEXT);
	rec_set(&r, "id", "B", REC_TEXT);
	rec_set(&r, "z", "3", REC_NUM);
	rout_write(w, &r);
	ok(rout_close(w) == 0, "a union CSV closes cleanly");
	fclose(fp);
	ok(strcmp(text, "id,z,x,y\nA,,\"1,5\",\nB,3,,'=2\n") == 0,
	    "union header: fixed columns, then new ones as they come");
	if (strcmp(text, "id,z,x,y\nA,,\"1,5\",\nB,3,,'=2\n") != 0)
		printf("#   got: %s\n", text);
	free(text);
	text = NULL;
	fp = open_memstream(&text, &len);
	w = rout_open(fp, FMT_CSV, ROUT_UNION);
	rout_columns(w, fixed, 2);
	rout_close(w);
	fclose(fp);
	ok(strcmp(text, "id,z\n") == 0, "no records: the fixed header");
	free(text);
	rec_free(&r);
}

/* What the YAML writer writes, the YAML reader reads back the same. */
static void
test_yaml_roundtrip(void)
{
	static const char *const vals[] = {
		"@x", "# not a comment", "a: b", " lead", "trail ", "!tag",
		"&anchor", "*alias", "- dash", "line\nbreak", "'q'", "\"dq\"",
		"no", "007", "", "2026-01-05", "%pct", "x,y", "caf\xc3\xa9"
	};
	struct rec r = REC_INIT;
	struct rout *w;
	char *text = NULL, want[2048] = "2:";	/* after "---" */
	size_t len = 0, i;
	FILE *fp;

	for (i = 0; i < sizeof vals / sizeof vals[0]; i++) {
		static char keys[32][8];

		snprintf(keys[i], sizeof keys[i], "k%zu", i);
		rec_set(&r, keys[i], vals[i], REC_TEXT);
		snprintf(want + strlen(want), sizeof want - strlen(want),
		    "%sk%zu=%s", i ? "," : "", i, vals[i]);
	}
	strcat(want, ";");
	fp = open_memstream(&text, &len);
	w = rout_open(fp, FMT_YAML, 0);
	rout_write(w, &r);
	rout_close(w);
	fclose(fp);
	readback("roundtrip.yaml", text, len);
	ok(strcmp(got.s, want) == 0, "YAML written is read back as it was");
	if (strcmp(got.s, want) != 0)
		printf("#   got: %s\n#   want: %s\n", got.s, want);
	free(text);
	rec_free(&r);
}

/* Render every record of in into b, as readback() does. */
static int
render(struct rin *in, struct buf *b)
{
	struct rec *r;
	size_t i;
	int rv;

	while ((rv = rin_next(in, &r)) == 1) {
		buf_addf(b, "%zu:", r->loc.line);
		for (i = 0; i < r->n; i++)
			buf_addf(b, "%s%s=%s", i ? "," : "", r->f[i].key,
			    r->f[i].val);
		buf_addc(b, ';');
	}
	return rv;
}

static void *
render_half(void *arg)
{
	struct half *h = arg;

	h->rv = render(h->in, &h->b);
	return NULL;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The records rendered in b (each ends in ';'), sorted. */
static void
sort_rendered(struct buf *b)
{
	char **rec = NULL, *copy, *p, *semi;
	size_t n = 0, i;
	struct buf out = BUF_INIT;

	if (b->s == NULL)
		return;
	copy = strdup(b->s);
	for (p = copy; (semi = strchr(p, ';')) != NULL; p = semi + 1) {
		*semi = '\0';
		rec = realloc(rec, (n + 1) * sizeof *rec);
		rec[n++] = p;
	}
	qsort(rec, n, sizeof *rec, str_cmp);
	for (i = 0; i < n; i++)
		buf_addf(&out, "%s;", rec[i]);
	buf_reset(b);
	buf_add(b, out.s ? out.s : "", out.len);
	buf_free(&out);
	free(rec);
	free(copy);
}

/*
 * Write text to path, read it whole and in two halves (rin_split() with
 * flags): -1 if it is not split, else whether the halves give the whole
 * file's records and lines; with RIN_SPLIT_TAKE_OVER in any order.
 */
static int
split_same_flags(const char *path, const struct buf *text, unsigned flags)
{
	struct half h = { NULL, BUF_INIT, 0 };
	struct buf whole = BUF_INIT, first = BUF_INIT;
	struct rin *in;
	pthread_t t;
	FILE *fp;
	int same = -1;

	fp = fopen(path, "w");
	fwrite(text->s, 1, text->len, fp);
	fclose(fp);
	in = rin_open(path, FMT_CSV);
	render(in, &whole);
	rin_close(in);
	in = rin_open(path, FMT_CSV);
	if ((h.in = rin_split(in, flags)) != NULL) {
		pthread_create(&t, NULL, render_half, &h);
		render(in, &first);
		pthread_join(t, NULL);
		buf_add(&first, h.b.s ? h.b.s : "", h.b.len);
		if (flags & RIN_SPLIT_TAKE_OVER) {
			sort_rendered(&first);
			sort_rendered(&whole);
		}
		same = strcmp(first.s, whole.s) == 0;
		rin_close(h.in);
	}
	rin_close(in);
	buf_free(&first);
	buf_free(&whole);
	buf_free(&h.b);
	return same;
}

static int
split_same(const char *path, const struct buf *text)
{
	return split_same_flags(path, text, 0);
}

/*
 * A file read in two halves at once gives the records of the file read
 * whole, with the same line numbers, wherever its middle falls: in a
 * quoted note with line feeds, commas and doubled quotes, on a CRLF or
 * a blank line.
 */
static void
test_split(void)
{
	struct buf text = BUF_INIT;
	char path[256];
	int pad, i, splits = 0, same = 0, rv;

	snprintf(path, sizeof path, "%s/split.csv", dir);
	setenv("IOP_TEST_SPLIT_MIN", "1", 1);
	for (pad = 0; pad < 48; pad++) {
		buf_reset(&text);
		buf_addf(&text, "id,note\nR0,%.*s\n", pad,
		    "padpadpadpadpadpadpadpadpadpadpadpadpadpadpadpad");
		for (i = 1; i < 30; i++)
			buf_addf(&text, i % 3 == 0 ? "R%d,\"a \"\"b\"\",\nc,\nd\"\n" :
			    i % 5 == 0 ? "R%d,x\r\n\n" : "R%d,\"q,\"\n", i);
		if ((rv = split_same(path, &text)) >= 0) {
			splits++;
			same += rv;
		}
	}
	unsetenv("IOP_TEST_SPLIT_MIN");
	ok(splits == 48, "every file split in two (%d of 48)", splits);
	ok(same == 48, "the halves give the whole file's records and lines "
	    "(%d of 48)", same);
	buf_free(&text);
}

/*
 * The same over files of 320 KiB, many blocks, so that the quotes and line
 * feeds before the middle are counted sixteen bytes at a time: each file
 * starts its quotes and line feeds at another place in the sixteen.
 */
static void
test_split_large(void)
{
	struct buf text = BUF_INIT;
	char path[256];
	int pad, i, k, same = 0;

	snprintf(path, sizeof path, "%s/split-large.csv", dir);
	setenv("IOP_TEST_SPLIT_MIN", "1", 1);
	for (pad = 0; pad < 16; pad++) {
		buf_reset(&text);
		buf_addf(&text, "id,note\nR0,%.*s\n", pad, "pppppppppppppppp");
		for (i = 1; text.len < 320 * 1024; i++) {
			buf_addf(&text, i % 7 == 0 ? "R%d,\"\"\"\n\"\"\"\n" :
			    i % 3 == 0 ? "R%d,\"a \"\"b\"\",\nc,\nd\"\n" :
			    i % 5 == 0 ? "R%d,x\r\n\n" : "R%d,\"q,\"\n", i);
			if (i == 100)	/* more line feeds than a counter lane holds */
				for (k = 0; k < 9000; k++)
					buf_addc(&text, '\n');
		}
		same += split_same(path, &text) == 1;
	}
	unsetenv("IOP_TEST_SPLIT_MIN");
	ok(same == 16, "files of several blocks: the halves give the whole "
	    "file's records and lines (%d of 16)", same);
	buf_free(&text);
}

/*
 * The second half, its own range read, takes over the end of the
 * first's (RIN_SPLIT_TAKE_OVER; IOP_TEST_STEAL=1 slows the first half
 * and lets it take over from any 256 bytes): the halves give the whole
 * file's records, each once and with its line, in some order.  The
 * file's rows start with quoted fields of line feeds, doubled quotes
 * and commas at every place relative to the 256-byte marks.
 */
static void
test_split_take_over(void)
{
	struct buf text = BUF_INIT;
	char path[256], errpath[256], line[512];
	int pad, i, same = 0, took = 0, saved;
	FILE *fp;

	snprintf(path, sizeof path, "%s/take-over.csv", dir);
	snprintf(errpath, sizeof errpath, "%s/take-over.err", dir);
	setenv("IOP_TEST_SPLIT_MIN", "1", 1);
	setenv("IOP_TEST_STEAL", "1", 1);
	for (pad = 0; pad < 12; pad++) {
		buf_reset(&text);
		buf_addf(&text, "id,note\nR0,%.*s\n", pad * 3,
		    "ppppppppppppppppppppppppppppppppppppppp");
		for (i = 1; text.len < 24 * 1024; i++)
			buf_addf(&text, i % 7 == 0 ? "R%d,\"\"\"\n\"\"\"\n" :
			    i % 3 == 0 ? "R%d,\"a \"\"b\"\",\nc,\nd\"\n" :
			    i % 5 == 0 ? "R%d,x\r\n\n" : "R%d,\"q,\"\n", i);
		fflush(stderr);
		saved = dup(2);
		freopen(errpath, "w", stderr);
		same += split_same_flags(path, &text, RIN_SPLIT_TAKE_OVER) == 1;
		fflush(stderr);
		dup2(saved, 2);
		close(saved);
		fp = fopen(errpath, "r");
		while (fgets(line, sizeof line, fp) != NULL)
			if (strstr(line, "takes over the end of the first")) {
				took++;
				break;
			}
		fclose(fp);
	}
	unsetenv("IOP_TEST_STEAL");
	unsetenv("IOP_TEST_SPLIT_MIN");
	ok(took == 12, "the second half took over part of the first's range "
	    "(%d of 12)", took);
	ok(same == 12, "taken over: the halves give the whole file's records "
	    "and lines (%d of 12)", same);
	buf_free(&text);
}

/*
 * Short fields are checked a word at a time: a bad byte or a line feed
 * at any place in a field of any length from 1 to 17 bytes is seen.
 */
static void
test_short_fields(void)
{
	static const char bad[] = { '\0', '\x80', '\xff', '\n' };
	struct buf text = BUF_INIT;
	char want[256];
	int len, at, k, right = 0, cases = 0;

	for (len = 1; len <= 17; len++)
		for (at = 0; at < len; at++)
			for (k = 0; k < 4; k++) {
				buf_reset(&text);
				buf_add(&text, "a,b\n1,\"", 7);
				for (int i = 0; i < len; i++)
					buf_addc(&text, i == at ? bad[k] : 'x');
				buf_add(&text, "\"\n2,y\n", 6);
				readback("short.csv", text.s, text.len);
				if (k < 3)
					snprintf(want, sizeof want, "ERR iop-test: "
					    "short.csv:2: column 2 is %s", UTF8_HINT);
				else
					snprintf(want, sizeof want, "2:a=1,b=%.*s\n"
					    "%.*s;%d:a=2,b=y;", at, "xxxxxxxxxxxxxxxxx",
					    len - at - 1, "xxxxxxxxxxxxxxxxx", 4);
				right += strcmp(got.s ? got.s : "", want) == 0;
				cases++;
			}
	ok(right == cases, "a bad byte or a line feed anywhere in a short "
	    "field (%d of %d)", right, cases);
	buf_free(&text);
}

/*
 * The same past the first block, where the short path runs (the first
 * block of a file is all checked): 20,000 rows of "0,p" (80,004 bytes
 * with the header) before the field, so that it is in block 2, a block
 * with a quote in it.  The line feed moves the next record's line.
 */
static void
test_short_fields_late(void)
{
	static const char bad[] = { '\0', '\x80', '\xff', '\n' };
	struct buf text = BUF_INIT;
	char want[256];
	int len, at, k, right = 0, cases = 0, i;
	size_t wl;

	for (len = 1; len <= 17; len++)
		for (at = 0; at < len; at += at + 1 < len - 1 ? len / 2 : 1)
			for (k = 0; k < 4; k++) {
				buf_reset(&text);
				buf_add(&text, "a,b\n", 4);
				for (i = 0; i < 20000; i++)
					buf_add(&text, "0,p\n", 4);
				buf_add(&text, "1,\"", 3);
				for (i = 0; i < len; i++)
					buf_addc(&text, i == at ? bad[k] : 'x');
				buf_add(&text, "\"\n2,y\n3,\n", 9);
				readback("late.csv", text.s, text.len);
				if (k < 3)
					snprintf(want, sizeof want, "ERR iop-test: "
					    "late.csv:20002: column 2 is %s",
					    UTF8_HINT);
				else
					snprintf(want, sizeof want,
					    "20002:a=1,b=%.*s\n%.*s;20004:a=2,b=y;"
					    "20005:a=3,b=;", at, "xxxxxxxxxxxxxxxxx",
					    len - at - 1, "xxxxxxxxxxxxxxxxx");
				wl = strlen(want);
				right += got.s != NULL && (k < 3 ?
				    strcmp(got.s, want) == 0 : got.len > wl &&
				    strcmp(got.s + got.len - wl, want) == 0);
				cases++;
			}
	ok(right == cases, "a bad byte or a line feed in a short field past "
	    "the first block (%d of %d)", right, cases);
	/* 16 bytes: four doubled quotes, a line feed, 11 x (20 written) */
	buf_reset(&text);
	buf_add(&text, "a,b\n", 4);
	for (i = 0; i < 20000; i++)
		buf_add(&text, "0,p\n", 4);
	buf_add(&text, "1,\"\"\"\"\"\"\"\"\"\nxxxxxxxxxxx\"\n2,y\n3\n", 31);
	readback("late-dq.csv", text.s, text.len);
	ok(strcmp(got.s ? got.s : "", "ERR iop-test: late-dq.csv:20005: "
	    "fewer fields than the header") == 0, "a line feed in a short "
	    "field of doubled quotes past the first block");
	buf_free(&text);
}

/*
 * rin_select(): a column not selected reads as "" on the short path
 * (past the first block) as on the checked one, and an empty field
 * of a selected column as "" too.
 */
static void
test_select_late(void)
{
	static const char *const want[] = { "a", "c" };
	struct buf text = BUF_INIT;
	char path[256];
	struct rin *in;
	struct rec *r;
	FILE *fp;
	int i, right = 0, rows = 0;

	buf_add(&text, "a,b,c\n", 6);
	for (i = 0; i < 30000; i++)
		buf_addf(&text, "%d,bb%d,%s\n", i, i, i % 2 ? "" : "cc");
	snprintf(path, sizeof path, "%s/select.csv", dir);
	fp = fopen(path, "w");
	fwrite(text.s, 1, text.len, fp);
	fclose(fp);
	if ((in = rin_open(path, FMT_CSV)) == NULL)
		return;
	rin_select(in, want, 2);
	while (rin_next(in, &r) == 1) {
		char a[16];

		snprintf(a, sizeof a, "%d", rows);
		right += r->n == 3 && strcmp(r->f[0].val, a) == 0 &&
		    r->f[0].len == strlen(a) && strcmp(r->f[1].key, "b") == 0 &&
		    r->f[1].len == 0 && strcmp(r->f[1].val, "") == 0 &&
		    strcmp(r->f[2].val, rows % 2 ? "" : "cc") == 0 &&
		    r->loc.line == (size_t)rows + 2;
		rows++;
	}
	rin_close(in);
	ok(rows == 30000 && right == rows, "rin_select(): the others read "
	    "as \"\" in every block (%d of %d rows)", right, rows);
	buf_free(&text);
}

/*
 * The CSV reader looks at each 64 KiB input block once for bytes that
 * are not ASCII and for quotes, and skips the checks a field would
 * otherwise need when its block has none.  A short field that starts
 * in one block and ends in the next keeps what was found in the first.
 * Block 1 is the file's first 65,536 bytes (a regular file's sniffed
 * read).  crossing() makes what comes before the field that crosses
 * into block 2: the header, a row "1,x..." to fit, then rows of two
 * quoted empty fields (6 bytes, of which the reader keeps 2, so that
 * its buffers are far from full at the boundary: a full one would send
 * the field down the checked path anyway).  Its line: the return.
 */
static int
crossing_at(struct buf *text, size_t block, size_t before)
{
	size_t fill = block - 4 - before, fix = fill % 6;
	int line = 2;

	buf_reset(text);
	buf_add(text, "a,b\n", 4);
	if (fix != 0) {
		buf_add(text, "1,", 2);
		for (fix += 6 - 3; fix > 0; fix--)
			buf_addc(text, 'x');
		buf_addc(text, '\n');
		fill -= fill % 6 + 6;
		line++;
	}
	for (; fill > 0; fill -= 6, line++)
		buf_add(text, "\"\",\"\"\n", 6);
	return line;
}

static int
crossing(struct buf *text, size_t before)
{
	return crossing_at(text, 65536, before);
}

static void
test_block_carry(void)
{
	struct buf text = BUF_INIT;
	char want[256];
	int line;

	/* 2,x<ff> | y: line 10,923 */
	line = crossing(&text, 4);
	buf_add(&text, "2,x\xff", 4);
	ok(text.len == 65536 && line == 10923, "the bad byte ends block 1");
	buf_add(&text, "y\n3,z\n", 6);
	readback("carry-dirty.csv", text.s, text.len);
	snprintf(want, sizeof want, "ERR iop-test: carry-dirty.csv:10923: "
	    "column 2 is %s", UTF8_HINT);
	ok(strcmp(got.s ? got.s : "", want) == 0, "a bad byte in the part "
	    "of a short field in the block before");
	/*
	 * 2,"x<lf>y" (lines 10,922-10,923) | <lf>, then 3,z on 10,924
	 * and a short record on 10,925: block 2 has no quote, but the
	 * field that ends in it has a line feed.
	 */
	line = crossing(&text, 7);
	buf_add(&text, "2,\"x\ny\"", 7);
	ok(text.len == 65536 && line == 10922, "the closing quote ends "
	    "block 1");
	buf_add(&text, "\n3,z\n4\n", 7);
	readback("carry-lf.csv", text.s, text.len);
	ok(strcmp(got.s ? got.s : "", "ERR iop-test: carry-lf.csv:10925: "
	    "fewer fields than the header") == 0, "a line feed in a short "
	    "field whose closing quote ends the block before");
	/*
	 * 2,"x<lf> | y", 3,z, then a short record: the line feed is in
	 * the block before, in the part of the field libcsv carries over
	 * in quotes; then 2,"x | <lf>y", the line feed in the new block
	 * before the closing quote of a field carried in.
	 */
	line = crossing(&text, 5);
	buf_add(&text, "2,\"x\n", 5);
	buf_add(&text, "y\"\n3,z\n4\n", 9);
	readback("carry-lf2.csv", text.s, text.len);
	snprintf(want, sizeof want, "ERR iop-test: carry-lf2.csv:%d: fewer "
	    "fields than the header", line + 3);
	ok(strcmp(got.s ? got.s : "", want) == 0, "a line feed in the "
	    "part of a short quoted field in the block before");
	line = crossing(&text, 4);
	buf_add(&text, "2,\"x", 4);
	buf_add(&text, "\ny\"\n3,z\n4\n", 10);
	readback("carry-lf3.csv", text.s, text.len);
	snprintf(want, sizeof want, "ERR iop-test: carry-lf3.csv:%d: fewer "
	    "fields than the header", line + 3);
	ok(strcmp(got.s ? got.s : "", want) == 0, "a line feed in a short "
	    "quoted field carried into the block that has it");
	buf_free(&text);
}

/*
 * A half of a split file is read HALF_BLOCK bytes at a time (16,384):
 * the first half's block 1 ends inside a short field, with a bad byte
 * before the end, and the half must stop there as a whole read does
 * (the split read then reads the file again whole for its messages).
 * Line 2,731 is 3 + 16,368 / 6 (crossing_at()); rows of "3,z" after it
 * put the middle of the file far past it.
 */
static void
test_half_block_carry(void)
{
	struct buf text = BUF_INIT;
	char want[256];
	int line;

	line = crossing_at(&text, HALF_BLOCK, 4);
	buf_add(&text, "2,x\xff", 4);
	ok(text.len == HALF_BLOCK && line == 2731, "the bad byte ends the "
	    "half's block 1");
	buf_add(&text, "y\n", 2);
	while (text.len < 4 * HALF_BLOCK)
		buf_add(&text, "3,z\n", 4);
	setenv("IOP_TEST_SPLIT_MIN", "1", 1);
	readback_first("half-dirty.csv", text.s, text.len, 1);
	unsetenv("IOP_TEST_SPLIT_MIN");
	snprintf(want, sizeof want, "ERR iop-test: half-dirty.csv:2731: "
	    "column 2 is %s", UTF8_HINT);
	ok(strcmp(got.s ? got.s : "", want) == 0, "a bad byte in the part "
	    "of a short field in the half's block before");
	buf_free(&text);
}

/*
 * copy_short() copies exactly n bytes, and same_short() tells a
 * difference at any of them, for every length around its word sizes.
 */
static void
test_short_helpers(void)
{
	char a[48], b[48], d[48];
	size_t n, i;
	int right = 0, cases = 0;

	for (n = 0; n <= 40; n++) {
		for (i = 0; i < sizeof a; i++)
			a[i] = b[i] = (char)('a' + (i * 7 + n) % 26);
		memset(d, '#', sizeof d);
		copy_short(d + 1, a, n);
		cases++;
		right += memcmp(d + 1, a, n) == 0 && d[0] == '#' &&
		    d[n + 1] == '#' && same_short(a, b, n);
		for (i = 0; i < n; i++) {
			b[i] ^= 0x20;
			cases++;
			right += !same_short(a, b, n) && !same_short(b, a, n);
			b[i] ^= 0x20;
		}
	}
	ok(right == cases, "copy_short and same_short at every length 0-40 "
	    "and every byte (%d of %d)", right, cases);
}

/*
 * A keyset finds the earlier of two equal keys, by their bytes and
 * length (a NUL and what follows count), past its first growth, and
 * forgets them all when cleared.
 */
static void
test_keyset(void)
{
	struct keyset *ks = keyset_new();
	static char keys[20000][8];
	size_t i;
	int fresh = 1, found = 1;

	for (i = 0; i < 20000; i++) {
		snprintf(keys[i], sizeof keys[i], "k%zu", i);
		fresh &= keyset_add(ks, keys[i], strlen(keys[i]), i) == -1;
	}
	for (i = 0; i < 20000; i++)
		found &= keyset_add(ks, keys[i], strlen(keys[i]),
		    i + 20000) == (long)i;
	ok(fresh && found, "keyset: 20,000 keys, each found again under its "
	    "first number");
	ok(keyset_add(ks, "k1\0x", 5, 1) == -1 &&
	    keyset_add(ks, "k1\0y", 5, 2) == -1 &&
	    keyset_add(ks, "k1\0x", 5, 3) == 1 && keyset_add(ks, "", 0, 4) ==
	    -1 && keyset_add(ks, "", 0, 5) == 4,
	    "keyset: bytes after a NUL count; the empty key is a key");
	keyset_clear(ks);
	ok(keyset_add(ks, keys[7], strlen(keys[7]), 0) == -1 &&
	    keyset_add(ks, keys[7], strlen(keys[7]), 1) == 0,
	    "keyset: empty after keyset_clear()");
	keyset_free(ks);
}

/*
 * diag_safe() lets printable text and UTF-8 through, and escapes
 * ASCII and C1 controls, bytes that are not UTF-8, and every
 * bidirectional control; cut short, it never splits an escape.
 */
static void
test_diag_safe(void)
{
	static const struct {
		const char *in, *want;
	} t[] = {
		{ "plain.csv", "plain.csv" },
		{ "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
		  "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80" },
		{ "a\x1b[2Jb\x7f", "a\\x1b[2Jb\\x7f" },
		{ "x\xe2\x80\xae" "csv.exe", "x\\u202Ecsv.exe" },
		{ "\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad",
		  "\\u202A\\u202B\\u202C\\u202D" },
		{ "\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9",
		  "\\u2066\\u2067\\u2068\\u2069" },
		{ "\xd8\x9c\xe2\x80\x8e\xe2\x80\x8f", "\\u061C\\u200E\\u200F" },
		{ "\xc2\x9b" "2J\xc2\xa0", "\\u009B2J\xc2\xa0" },
		{ "\xff\x9b\xc0\xaf", "\\xff\\x9b\\xc0\\xaf" },
		{ "\xed\xa0\x80", "\\xed\\xa0\\x80" },
		{ "end\xe2\x80", "end\\xe2\\x80" },
	};
	char out[64];
	size_t i;
	int right = 0;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		diag_safe(out, sizeof out, t[i].in);
		if (strcmp(out, t[i].want) == 0)
			right++;
		else
			printf("#   case %zu: got '%s'\n", i, out);
	}
	ok(right == (int)(sizeof t / sizeof t[0]), "diag_safe: %d of %zu "
	    "cases", right, sizeof t / sizeof t[0]);
	diag_safe(out, 8, "ab\xe2\x80\xae" "cd");
	ok(strcmp(out, "ab") == 0, "diag_safe: cut short before an escape "
	    "that does not fit");
}

/*
 * rout_row() makes room for a row's short cells once, and again after
 * a long one: a long first cell of every length from 17 to 2,100 bytes
 * (the buffer doubles, so some lengths leave it all but full), then 63
 * cells of 16 bytes, each row in a writer of its own.  Without the
 * room made again the short cells run past the buffer (ASan in CI).
 */
static void
test_row_long_then_short(void)
{
	enum { NCOLS = 64, LONGEST = 2100 };
	static char longcell[LONGEST + 1], names[NCOLS][8];
	const char *cols[NCOLS];
	struct field row[NCOLS];
	size_t k, n, bad = 0, rows = 0;

	memset(longcell, 'x', LONGEST);
	for (k = 0; k < NCOLS; k++) {
		snprintf(names[k], sizeof names[k], "c%zu", k);
		cols[k] = names[k];
		row[k].key = NULL;
		row[k].val = "0123456789abcdef";
		row[k].len = 16;
		row[k].type = REC_PLAIN;
	}
	row[0].val = longcell;
	row[0].type = REC_TEXT;
	for (n = 17; n <= LONGEST; n++, rows++) {
		struct buf want = BUF_INIT;
		char *text = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&text, &len);
		struct rout *w = rout_open(fp, FMT_CSV, ROUT_RAW);

		rout_columns(w, cols, NCOLS);
		row[0].len = n;
		rout_row(w, row);
		rout_close(w);
		fclose(fp);
		for (k = 0; k < NCOLS; k++)
			buf_addf(&want, "%s%s", k ? "," : "", cols[k]);
		buf_addf(&want, "\n%.*s", (int)n, longcell);
		for (k = 1; k < NCOLS; k++)
			buf_addf(&want, ",0123456789abcdef");
		buf_addf(&want, "\n");
		bad += len != want.len || memcmp(text, want.s, len) != 0;
		buf_free(&want);
		free(text);
	}
	ok(bad == 0, "rout_row: a long cell, then 63 short ones: %zu rows "
	    "as written by hand, %zu differ", rows, bad);
}

int
main(void)
{
	diag_init("iop-test");
	if (mkdtemp(dir) == NULL)
		return 2;
	test_csv();
	test_csv_lines();
	test_big_field();
	test_yaml();
	test_sniff();
	test_writers();
	test_yaml_roundtrip();
	test_quoting();
	test_union();
	test_cells();
	test_row_long_then_short();
	test_row_text();
	test_split();
	test_split_large();
	test_split_take_over();
	test_short_fields();
	test_short_fields_late();
	test_select_late();
	test_block_carry();
	test_half_block_carry();
	test_short_helpers();
	test_keyset();
	test_diag_safe();
	buf_free(&got);
	if (fork() == 0)
		execlp("rm", "rm", "-rf", dir, (char *)NULL);
	return tap_done();
}
