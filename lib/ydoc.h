/*
 * ydoc.h: nested YAML configuration (rules, program, policy) as a tree.
 *
 * A configuration file is small, so it is read whole.  Nodes carry the
 * line they start on, for messages.  As with record streams, anchors,
 * aliases, tags, duplicate keys and NUL bytes (from escapes) are
 * refused, and a bad key is named by its place, never by its text (keys
 * are input too).  Nesting deeper than YDOC_MAXDEPTH is refused at once
 * (libyaml itself has no limit and slows down on deep input).  Loaders
 * print "prog: file:line: message" and return NULL; the tree belongs to
 * the caller (ydoc_free).
 */
#ifndef IOP_YDOC_H
#define IOP_YDOC_H

#include <stddef.h>

#include "diag.h"
#include "sev.h"

#define YDOC_MAXDEPTH	16
#define YDOC_MAXBYTES	(4 * 1024 * 1024)

enum { YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode {
	int		 type;
	size_t		 line;
	char		*str;		/* scalar text; plain ~/null/empty: "" */
	int		 plain;		/* scalar was not quoted */
	size_t		 n, cap;
	struct ynode	**kids;		/* sequence items, or map values */
	char		**keys;		/* map keys, in order */
	size_t		*keylines;
};

struct ynode *ydoc_load(const char *path);
/* The whole file (at most YDOC_MAXBYTES), NUL-terminated, its length
 * in *len; the caller frees it.  NULL (printed) on error. */
char	*ydoc_slurp(const char *path, size_t *len);
/* Parse text (len bytes) named name in messages. */
struct ynode *ydoc_parse(const char *name, const char *text, size_t len);
void	ydoc_free(struct ynode *);

/* The value under key in a map, or NULL. */
const struct ynode *ydoc_get(const struct ynode *, const char *key);

/*
 * Checks that print "prog: file:line: ..." and return -1 on failure.
 * file is the name to print.
 */
int	ydoc_want(const char *file, const struct ynode *, int type,
	    const char *what);
/*
 * Every key of map must be one of allowed (NULL-terminated).  A key
 * that is not is named by its place ("key 3 of the mapping at line 7"),
 * followed by the names allowed.
 */
int	ydoc_keys(const char *file, const struct ynode *map,
	    const char *const *allowed);

/*
 * The settings the loaders of policy.c and auth_payer.c share.  Each
 * message names the setting by key, our own name for it (a caller's
 * constant, never the file's text), prints "prog: file:line: ..." and
 * returns -1; *dst is set only on success.
 */
/* A message: fmt with one %s, for key, at line.  Returns -1. */
int	ydoc_bad(const char *file, size_t line, const char *fmt,
	    const char *key);
/* A single value, a whole number in [min, max]. */
int	ydoc_number(const char *file, const struct ynode *, const char *key,
	    long min, long max, long *dst);
/* A single value, hours from 0 to 24 (num_hours()), in minutes. */
int	ydoc_hours(const char *file, const struct ynode *, const char *key,
	    long *minutes);
/*
 * A mapping of rule names to severities: each key one of rules
 * (NULL-terminated), each value off, info, warning or violation (sev.h),
 * set in sev[] at the rule's index.  Keys not named stay as they were.
 */
int	ydoc_severities(const char *file, const struct ynode *map,
	    const char *const *rules, enum sev *sev);

#endif
