/*
 * xalloc.h: allocation that cannot fail.
 *
 * Each function either returns memory the caller owns or prints
 * "prog: out of memory" and exits 2.  Nothing else in lib/ exits.
 */
#ifndef IOP_XALLOC_H
#define IOP_XALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
/*
 * Zeroed by writing: for a large array that is read before it is
 * written (a hash table's slots, counters).  Pages fresh from calloc()
 * read as the shared zero page, and the first write to each then costs
 * a copy-on-write fault and, with other threads running, a flush of
 * their TLBs.
 */
void	*xzalloc(size_t, size_t);
void	*xreallocarray(void *, size_t, size_t);
/*
 * Grow array p of *n elements of size bytes so that index i fits,
 * doubling from first; the new elements are zero.  Sets *n.
 */
void	*xgrowzero(void *p, size_t *n, size_t i, size_t size, size_t first);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);

#endif
