/* arena.c: a chunked string store (see arena.h). */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xalloc.h"

#define CHUNK_MIN	4096

struct chunk {
	struct chunk	*next;
	size_t		 size, used;
	char		 data[];
};

const char *
arena_add(struct arena *a, const char *s, size_t n)
{
	struct chunk *c = a->cur;
	char *d;

	if (c != NULL && c->size - c->used >= n + 1) {	/* the usual case */
		d = c->data + c->used;
		memcpy(d, s, n);
		d[n] = '\0';
		c->used += n + 1;
		return d;
	}
	while (c != NULL && c->size - c->used < n + 1)
		c = c->next;	/* later chunks are empty after a reset */
	if (c == NULL) {
		size_t size = n + 1 > CHUNK_MIN ? n + 1 : CHUNK_MIN;

		c = xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		c->next = NULL;
		if (a->cur == NULL)
			a->head = c;
		else {
			c->next = a->cur->next;
			a->cur->next = c;
		}
	}
	a->cur = c;
	d = c->data + c->used;
	if (n > 0)
		memcpy(d, s, n);
	d[n] = '\0';
	c->used += n + 1;
	return d;
}

void
arena_reset(struct arena *a)
{
	struct chunk *c;

	for (c = a->head; c != NULL; c = c->next)
		c->used = 0;
	a->cur = a->head;
}

void
arena_free(struct arena *a)
{
	struct chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	a->head = a->cur = NULL;
}
