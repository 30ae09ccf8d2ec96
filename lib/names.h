/*
 * names.h: interned names (client ids, services): each distinct string
 * gets a number, 0, 1, 2 ... in the order first seen, and keeps it.
 *
 * An open-addressing table whose slots keep part of the name's hash,
 * so that a probe looks at the name itself (a cache miss, with 50,000
 * clients) only when it is almost certainly the one.  The hash is
 * keyset.h's, seeded in each process: names come from the input, and
 * an unseeded hash would let a crafted file put them all in one run of
 * slots (quadratic time).
 *
 * The table owns copies of the names (in its arena: they never move
 * and stay together); names_str() is valid until names_free().  Nothing
 * here prints or fails but on out of memory or more than 2^32 - 2 names
 * (exit 2).  Not for threads: one table, one thread at a time.
 */
#ifndef IOP_NAMES_H
#define IOP_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "keyset.h"

struct nslot {
	uint32_t	idx;		/* index + 1; 0 is empty */
	uint32_t	tag;		/* high half of the hash */
};

/* Read the fields, change them only through the functions below. */
struct names {
	struct nslot	*slot;
	size_t		 nslots;	/* a power of two, or 0 */
	char		**s;		/* by number */
	size_t		*len;
	size_t		 n, cap;
	struct arena	 ar;
};
#define NAMES_INIT	{ NULL, 0, NULL, NULL, 0, 0, ARENA_INIT }

/* The number of s (len bytes, any bytes), a new one if s is new. */
size_t	names_intern(struct names *, const char *s, size_t len);
/* The number of s if it is interned, else NAMES_NONE. */
#define NAMES_NONE	SIZE_MAX
size_t	names_find(const struct names *, const char *s, size_t len);
void	names_free(struct names *);

static inline const char *
names_str(const struct names *nm, size_t i)
{
	return nm->s[i];
}

static inline size_t
names_len(const struct names *nm, size_t i)
{
	return nm->len[i];
}

/*
 * For a batch whose slots are fetched ahead (hours.c): names_reserve()
 * makes room for n new names; then for each name h = names_hash(), the
 * slot to prefetch is names_slot(nm, h), and names_intern_hashed()
 * interns it.  names_reserve() seeds the hash.
 */
void	names_reserve(struct names *, size_t n);
size_t	names_insert(struct names *, size_t j, uint32_t tag, const char *s,
	    size_t len);

static inline uint64_t
names_hash(const char *s, size_t len)
{
	return keyset_hash(s, len);
}

static inline const struct nslot *
names_slot(const struct names *nm, uint64_t h)
{
	return &nm->slot[h & (nm->nslots - 1)];
}

/* Intern s, whose names_hash() is h, after names_reserve(). */
static inline size_t
names_intern_hashed(struct names *nm, const char *s, size_t len,
    uint64_t h)
{
	uint32_t tag = (uint32_t)(h >> 32), k;
	size_t j;

	for (j = h & (nm->nslots - 1); (k = nm->slot[j].idx) != 0;
	    j = (j + 1) & (nm->nslots - 1))
		if (nm->slot[j].tag == tag && nm->len[k - 1] == len &&
		    same_short(nm->s[k - 1], s, len))
			return k - 1;
	return names_insert(nm, j, tag, s, len);
}

#endif
