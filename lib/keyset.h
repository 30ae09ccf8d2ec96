/*
 * keyset.h: a set of strings, to tell a repeated key in linear time.
 *
 * The readers check that no key of a mapping comes twice; comparing
 * each key with every earlier one costs the square of the keys, which
 * a file of wide records turns into minutes.  A keyset is a hash table
 * over the keys instead.  Its hash is seeded afresh in each process, so
 * that no file can be made whose keys all land in one slot.
 *
 * The set keeps pointers, not copies: a string must stay put while it
 * is in the set.  Nothing here prints or fails but on out of memory
 * (xalloc.h: exit 2).
 */
#ifndef IOP_KEYSET_H
#define IOP_KEYSET_H

#include <stddef.h>
#include <stdint.h>

struct keyset;

/*
 * The set's hash of s (n bytes), for other tables keyed by strings from
 * the input (hours.c's client ids): seeded as the set's is.  Call
 * keyset_seed() once first (keyset_new() does); it is idempotent and
 * thread-safe.
 */
void	keyset_seed(void);
uint64_t keyset_hash(const char *s, size_t n);

struct keyset *keyset_new(void);
/*
 * Put s (n bytes, any bytes) in the set under number idx and return
 * -1; or, if an equal string is in it already, leave the set as it is
 * and return that string's number.
 */
long	keyset_add(struct keyset *, const char *s, size_t n, size_t idx);
/* Empty the set, in time that grows with what it held. */
void	keyset_clear(struct keyset *);
void	keyset_free(struct keyset *);

#endif
