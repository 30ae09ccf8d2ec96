/*
 * recio.h: record streams in CSV, YAML and JSON Lines.
 *
 * Readers (CSV, YAML, JSON Lines) pull one record at a time and never
 * hold more than one input block's worth of records, whatever the
 * file's size.  CSV: the first row names the fields (RFC 4180 quoting,
 * CRLF, a leading UTF-8 BOM).  YAML: a sequence of flat mappings, or a
 * stream of documents that are each one mapping, or sequences of
 * mappings.  JSON Lines: one flat object a line (jsonin.c, jansson).
 * Values are the text as typed; plain empty, ~ and null read as "".
 *
 * Every reader error is printed as "prog: file:line: message", naming
 * no value from the input, and reported by returning -1.  The record
 * a reader returns is borrowed until the next rin_next() or rin_close(),
 * and read-only (the CSV reader sets its keys once per header).
 *
 * Writers take records the program built (rec.h) and write them to a
 * FILE the caller owns (normally from out.h).  They print and return -1
 * on error.
 */
#ifndef IOP_RECIO_H
#define IOP_RECIO_H

#include <stdio.h>

#include "rec.h"

enum fmt { FMT_AUTO, FMT_CSV, FMT_YAML, FMT_JSONL };

/* "csv", "yaml"/"yml", "jsonl"/"json": the format, or -1. */
int	fmt_parse(const char *);
/* The format a file name's suffix implies, or FMT_AUTO. */
int	fmt_from_name(const char *);
const char *fmt_name(int);

/* Largest field a reader accepts, in bytes. */
#define RECIO_FIELD_MAX	(1024 * 1024)
/* Most fields a record may have. */
#define RECIO_FIELDS_MAX 4096

struct rin;

/*
 * Open path ("-" or NULL: standard input, named <stdin>) in format fmt;
 * FMT_AUTO decides by the name's suffix, else by the first bytes.
 */
struct rin *rin_open(const char *path, int fmt);
/* The same over an open descriptor, which rin_close() closes. */
struct rin *rin_fdopen(int fd, const char *name, int fmt);
/* 1: *r is the next record; 0: end of input; -1: error (printed). */
int	rin_next(struct rin *, struct rec **r);
int	rin_format(const struct rin *);
const char *rin_name(const struct rin *);
/*
 * Keep only these columns' values: the others read as "" (they are
 * still checked as text).  A speed-up for programs that pass nothing
 * through; names must outlive the reader.
 */
void	rin_select(struct rin *, const char *const *names, size_t n);
/* The column names of a CSV file (after its header row), else NULL. */
const struct hdr *rin_header(const struct rin *);
void	rin_close(struct rin *);

/*
 * Would a YAML 1.1 reader take this plain text (n bytes) for something
 * other than a string (a number, boolean, null or date)?  Then a
 * writer must quote it.
 */
int	yaml_needs_quotes(const char *s, size_t n);
/*
 * Would a spreadsheet run text s as a formula (iop-formats(5))?  Then
 * CSV output puts the guard, a ', before it (unless ROUT_RAW).
 */
int	csv_formula_like(const char *s);
/* Is s (n bytes) valid UTF-8 with no NUL byte? */
int	utf8_valid(const char *s, size_t n);
/* The same, counting the line feeds in *lf as it goes. */
int	utf8_scan(const char *s, size_t n, size_t *lf);

enum {
	ROUT_RAW = 1,		/* no spreadsheet formula guard in CSV */
	/*
	 * CSV whose records may not all have the same fields (YAML input):
	 * the records wait in a spool file and the header is the union of
	 * their fields, the rout_columns() ones first.
	 */
	ROUT_UNION = 2
};

struct rout;

struct rout *rout_open(FILE *, int fmt, int flags);
/*
 * Fix the CSV columns before the first record, so that an empty report
 * still has its header; without it the first record's keys are used.
 * keys must outlive the writer.
 */
void	rout_columns(struct rout *, const char *const *keys, size_t n);
int	rout_write(struct rout *, const struct rec *);
/*
 * The same without a record, for writers of millions of rows: one
 * rout_cell() per column of rout_columns() (which must come first), in
 * their order, then rout_end().  val (n bytes, a NUL after them) must
 * last until rout_end().
 */
void	rout_cell(struct rout *, const char *val, size_t n, int type);
int	rout_end(struct rout *);
/*
 * rout_cell() for each column's cell, cells[i] (its key not used), then
 * rout_end(): a row in one call, for the writers of millions.  In plain
 * CSV the rows are gathered and written 64 KiB at a time, so a write
 * error may be told by a later call or by rout_close().
 */
int	rout_row(struct rout *, const struct field *cells);
/*
 * n rows, made by make(arg, w, first, end, worker), which writes rows
 * [first, end) to w with rout_row(), in order.  Plain CSV of more than
 * two chunks of chunk rows is made by two threads at once, workers 0
 * and 1, each making every other chunk into memory and writing it in
 * its turn, so that the rows go out in order: make() must then be safe
 * to run in two threads at once (reading what they share, each worker
 * with its own scratch).  Anything else is one call, make(arg, o, 0,
 * n, 0).  -1 on a write error (told), else 0; make() may exit.
 */
typedef void rout_make_fn(void *arg, struct rout *w, size_t first,
    size_t end, int worker);
int	rout_rows(struct rout *, size_t n, size_t chunk, rout_make_fn *,
	    void *arg);
/* End the stream (and flush); does not close the FILE. */
int	rout_close(struct rout *);

#endif
