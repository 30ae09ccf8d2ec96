/* names.c: interned names (see names.h). */
#include <stdint.h>
#include <stdlib.h>

#include "diag.h"
#include "names.h"
#include "xalloc.h"

static void
names_grow(struct names *nm)
{
	size_t cap = nm->nslots ? nm->nslots * 2 : 1024, i, j;
	struct nslot *slot = xzalloc(cap, sizeof *slot);

	for (i = 0; i < nm->nslots; i++) {
		uint32_t k = nm->slot[i].idx;

		if (k == 0)
			continue;
		j = names_hash(nm->s[k - 1], nm->len[k - 1]) & (cap - 1);
		while (slot[j].idx != 0)
			j = (j + 1) & (cap - 1);
		slot[j] = nm->slot[i];
	}
	free(nm->slot);
	nm->slot = slot;
	nm->nslots = cap;
}

void
names_reserve(struct names *nm, size_t n)
{
	if (nm->nslots == 0)
		keyset_seed();
	while ((nm->n + n) * 2 > nm->nslots)
		names_grow(nm);
}

/* Put s in empty slot j, under the next number. */
size_t
names_insert(struct names *nm, size_t j, uint32_t tag, const char *s,
    size_t len)
{
	if (nm->n == UINT32_MAX - 1)
		diag_fatal("too many distinct names");
	if (nm->n == nm->cap) {
		size_t cap = nm->cap ? nm->cap * 2 : 64;

		nm->s = xreallocarray(nm->s, cap, sizeof *nm->s);
		nm->len = xreallocarray(nm->len, cap, sizeof *nm->len);
		nm->cap = cap;	/* only once both arrays have the room */
	}
	/* the arena keeps the names together: fewer cache misses */
	nm->s[nm->n] = (char *)arena_add(&nm->ar, s, len);
	nm->len[nm->n] = len;
	nm->slot[j].idx = (uint32_t)++nm->n;
	nm->slot[j].tag = tag;
	return nm->n - 1;
}

size_t
names_intern(struct names *nm, const char *s, size_t len)
{
	names_reserve(nm, 1);
	return names_intern_hashed(nm, s, len, names_hash(s, len));
}

size_t
names_find(const struct names *nm, const char *s, size_t len)
{
	uint64_t h;
	uint32_t k;
	size_t j;

	if (nm->nslots == 0)
		return NAMES_NONE;
	h = names_hash(s, len);
	for (j = h & (nm->nslots - 1); (k = nm->slot[j].idx) != 0;
	    j = (j + 1) & (nm->nslots - 1))
		if (nm->slot[j].tag == (uint32_t)(h >> 32) &&
		    nm->len[k - 1] == len && same_short(nm->s[k - 1], s, len))
			return k - 1;
	return NAMES_NONE;
}

void
names_free(struct names *nm)
{
	arena_free(&nm->ar);
	free(nm->s);
	free(nm->len);
	free(nm->slot);
}
