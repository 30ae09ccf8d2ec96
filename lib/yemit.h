/*
 * yemit.h: a small YAML writer for nested maps and sequences (libyaml's
 * emitter), for documents that are not flat records: iop-plan's plans.
 * Flat records go through recout (recio.h).
 *
 * The writer owns its emitter; yemit_close() flushes and frees it.  An
 * error is kept and later calls do nothing, so the caller checks once:
 * yemit_close() returns 0, or -1 with the first error printed.
 */
#ifndef IOP_YEMIT_H
#define IOP_YEMIT_H

#include <stdio.h>

struct yemit;

struct yemit *yemit_open(FILE *);
void	yemit_doc(struct yemit *, int start);
void	yemit_map(struct yemit *, int start);
void	yemit_seq(struct yemit *, int start);
/* A text scalar, quoted where YAML 1.1 would read it as another type. */
void	yemit_str(struct yemit *, const char *);
/* A number the program computed: always plain. */
void	yemit_num(struct yemit *, const char *key, const char *num);
/* key NULL: the value alone, as a sequence item. */
void	yemit_kv(struct yemit *, const char *key, const char *val);
void	yemit_kdate(struct yemit *, const char *key, long day);
/* 0, or -1 with the first error printed. */
int	yemit_close(struct yemit *);

#endif
