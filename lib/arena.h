/*
 * arena.h: a chunked string store whose strings never move once stored.
 *
 * The arena owns every string it stores; arena_reset() forgets them all
 * at once (keeping the memory for reuse) and arena_free() gives the
 * memory back.  Out of memory exits 2 (xalloc.h); nothing else fails.
 */
#ifndef IOP_ARENA_H
#define IOP_ARENA_H

#include <stddef.h>

struct arena {
	struct chunk	*head, *cur;
};

#define ARENA_INIT { NULL, NULL }

/* A copy of s[0..n-1] with a NUL after it, valid until reset or free. */
const char *arena_add(struct arena *, const char *s, size_t n);
void	arena_reset(struct arena *);	/* keep the memory, forget the strings */
void	arena_free(struct arena *);

#endif
