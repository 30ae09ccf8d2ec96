/*
 * rec.h: the record every program reads and writes.
 *
 * A record is an ordered list of named text fields and the place it
 * came from.  Keys and values are NUL-terminated.  A record returned
 * by a reader (recio.h) is borrowed: it and its strings are valid only
 * until the next call on that reader.  A record the program builds
 * owns its values (copied into its arena); its keys must outlive it.
 *
 * Fields have a type only for the writers: REC_NUM marks a number the
 * program computed, written bare in JSON and never given the
 * spreadsheet-formula guard in CSV.  REC_PLAIN marks text the program
 * made that no CSV reader could misread (a date, a week label, a status
 * word: no comma, quote, line break or edge space, and no formula
 * start): written as it is in CSV, and as any text in JSON and YAML.
 */
#ifndef IOP_REC_H
#define IOP_REC_H

#include <stddef.h>

#include "arena.h"
#include "diag.h"

enum { REC_TEXT, REC_NUM, REC_PLAIN };

struct field {
	const char	*key;
	const char	*val;
	size_t		 len;
	int		 type;
};

/*
 * A header: the column names shared by the records of one CSV file,
 * or by consecutive YAML records with the same keys.  gen is unique
 * per header for the life of the process, so a column map can tell
 * cheaply whether its indexes still hold.
 */
struct hdr {
	size_t		  n;
	char		**keys;
	unsigned long	  gen;
};

struct rec {
	struct loc	 loc;
	const struct hdr *hdr;		/* NULL for records a program builds */
	size_t		 n, cap;
	struct field	*f;
	struct arena	 ar;
};

#define REC_INIT { { NULL, 0 }, NULL, 0, 0, NULL, { NULL, NULL } }

struct hdr *hdr_new(char **keys, size_t n);	/* takes keys and each string */
void	hdr_free(struct hdr *);
/* Index of the key, or -1; the first duplicate key, or NULL. */
long	hdr_index(const struct hdr *, const char *);
const char *hdr_duplicate(const struct hdr *);
/* The first of names[0..n-1] the header lacks, or NULL. */
const char *hdr_missing(const struct hdr *, const char *const *names, size_t n);
/*
 * A field name folded for a loose match: lower case, without spaces,
 * tabs, '-' and '_' ("Client ID" and "client_id" fold alike); "" if it
 * does not fit in size bytes.
 */
void	name_fold(const char *, char *dst, size_t size);
/* The column of h that folds as name does, or -1. */
long	hdr_index_folded(const struct hdr *, const char *name);

/* Empty r for reuse; its arena keeps its memory. */
void	rec_clear(struct rec *);
void	rec_free(struct rec *);
/* Append a copy of val (n bytes) under key, which must be new to r. */
void	rec_add(struct rec *, const char *key, const char *val, size_t n,
	    int type);
/*
 * Append val (n bytes, then a NUL) without a copy: it is lent, and must
 * last until r is cleared.  For writers of millions of records.
 */
void	rec_add_lent(struct rec *, const char *key, const char *val, size_t n,
	    int type);
/* rec_add() of a string, or of a count as a number. */
void	rec_adds(struct rec *, const char *key, const char *val, int type);
void	rec_add_count(struct rec *, const char *key, long n);
/* Append (or replace, if key is present) a copy of val. */
void	rec_set(struct rec *, const char *key, const char *val, int type);
void	rec_setf(struct rec *, const char *key, int type, const char *, ...)
	    __attribute__((format(printf, 4, 5)));
/* The field's value, or NULL if the record has no such key. */
const char *rec_get(const struct rec *, const char *key);
long	rec_index(const struct rec *, const char *key);

/*
 * A column map resolves a fixed list of names to field indexes once
 * per header, not once per record.  idx[i] is -1 for a missing column.
 */
struct colmap {
	const char	*const *names;
	size_t		 n;
	long		*idx;
	unsigned long	 gen;		/* 0: not bound */
};

void	colmap_init(struct colmap *, const char *const *names, size_t n);
void	colmap_bind(struct colmap *, const struct rec *);
void	colmap_free(struct colmap *);
/*
 * Field of column i in r; an empty field if r lacks it.  Inline, as the
 * next: a program reads a few columns of each of millions of records.
 */
static inline const struct field *
colmap_field(const struct colmap *m, const struct rec *r, size_t i)
{
	static const struct field empty = { "", "", 0, REC_TEXT };
	long k = m->idx[i];

	return k < 0 || (size_t)k >= r->n ? &empty : &r->f[k];
}

/* Value of column i in r, "" if r lacks it. */
static inline const char *
colmap_get(const struct colmap *m, const struct rec *r, size_t i)
{
	long k = m->idx[i];

	return k < 0 || (size_t)k >= r->n ? "" : r->f[k].val;
}

#endif
