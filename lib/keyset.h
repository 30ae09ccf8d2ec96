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
#include <string.h>

struct keyset;

/*
 * The set's hash of s (n bytes), for other tables keyed by strings from
 * the input (hours.c's client ids): seeded as the set's is.  Call
 * keyset_seed() once first (keyset_new() does); it is idempotent and
 * thread-safe.
 */
void	keyset_seed(void);
static inline uint64_t keyset_hash(const char *s, size_t n);

struct keyset *keyset_new(void);
/*
 * Put s (n bytes, any bytes) in the set under number idx and return
 * -1; or, if an equal string is in it already, leave the set as it is
 * and return that string's number.
 */
long	keyset_add(struct keyset *, const char *s, size_t n, size_t idx);
/* The number of the string equal to s (n bytes) in the set, or -1. */
long	keyset_find(const struct keyset *, const char *s, size_t n);
/* Empty the set, in time that grows with what it held. */
void	keyset_clear(struct keyset *);
void	keyset_free(struct keyset *);

/*
 * The hash, inline: hours.c hashes a client id a record.  Eight bytes
 * at a time, each word folded in through a multiply whose high bits are
 * mixed back down; the seed (keyset.c's, set once by keyset_seed() and
 * never written after) is the starting state.
 */
extern uint64_t keyset_seed_value;

static inline uint64_t
keyset_hash(const char *s, size_t n)
{
	uint64_t h = keyset_seed_value ^ (n * 0x9e3779b97f4a7c15ULL), w;
	size_t i;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	for (w = 0, i = 0; i < n; i++)
		w |= (uint64_t)(unsigned char)s[i] << (8 * i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 29;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 32);
}

#endif
