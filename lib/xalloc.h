/*
 * xalloc.h: allocation that cannot fail.
 *
 * Each function either returns memory the caller owns or prints
 * "prog: out of memory" and exits 2.
 *
 * Who exits in lib/: out of memory (here), and the few functions whose
 * header says "exits": diag_errx/diag_fatal (diag.h), diag_exit
 * (diag_impl.h), the per-record checks of check.h (a bad record ends
 * the run after the stream is read) and the readers built on them
 * (attlog_read, hours_read_log, attend_read), out_exit (out.h),
 * common_option's --version and common_outfmt's bad suffix (opt.h), and
 * screen_rules_new's built-in rules (a build bug).  Everything else
 * returns -1 (or NULL) with the message printed, or prints nothing where
 * its header says so, and the program decides.
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
