/* keyset.c: string sets for duplicate-key checks; their seeded hash (keyset.h). */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "keyset.h"
#include "xalloc.h"

struct entry {
	const char	*s;
	size_t		 n;
	uint64_t	 hash;
	size_t		 idx;
	size_t		 slot;		/* where it sits in the table */
};

struct keyset {
	uint32_t	*slot;		/* entry number + 1; 0 is empty */
	size_t		 nslots;	/* a power of two, over twice n */
	struct entry	*e;
	size_t		 n, cap;
};

uint64_t keyset_seed_value;	/* keyset.h */
static pthread_once_t seed_once = PTHREAD_ONCE_INIT;

static void
seed_init(void)
{
	struct timespec ts;

	if (getentropy(&keyset_seed_value, sizeof keyset_seed_value) == 0 &&
	    keyset_seed_value != 0)
		return;
	/* No entropy to be had: something that differs between runs. */
	clock_gettime(CLOCK_MONOTONIC, &ts);
	keyset_seed_value = ((uint64_t)ts.tv_sec << 32 ^ (uint64_t)ts.tv_nsec ^
	    (uint64_t)getpid() << 16 ^ (uint64_t)(uintptr_t)&ts) | 1;
}

void
keyset_seed(void)
{
	pthread_once(&seed_once, seed_init);
}

struct keyset *
keyset_new(void)
{
	struct keyset *ks = xcalloc(1, sizeof *ks);

	keyset_seed();
	ks->nslots = 16;
	ks->slot = xcalloc(ks->nslots, sizeof *ks->slot);
	return ks;
}

static void
place(struct keyset *ks, size_t k)
{
	size_t mask = ks->nslots - 1, i = ks->e[k].hash & mask;

	while (ks->slot[i] != 0)
		i = (i + 1) & mask;
	ks->slot[i] = (uint32_t)(k + 1);
	ks->e[k].slot = i;
}

static void
grow(struct keyset *ks)
{
	size_t k;

	if (ks->n == ks->cap) {
		ks->cap = ks->cap ? ks->cap * 2 : 16;
		ks->e = xreallocarray(ks->e, ks->cap, sizeof *ks->e);
	}
	if ((ks->n + 1) * 2 <= ks->nslots)
		return;
	if (ks->nslots > UINT32_MAX / 2)
		diag_fatal("out of memory");
	free(ks->slot);
	ks->nslots *= 2;
	ks->slot = xcalloc(ks->nslots, sizeof *ks->slot);
	for (k = 0; k < ks->n; k++)
		place(ks, k);
}

/* The entry equal to s, whose hash is h: its number, or -1. */
static long
find(const struct keyset *ks, const char *s, size_t n, uint64_t h)
{
	size_t mask = ks->nslots - 1, i;
	const struct entry *e;

	for (i = h & mask; ks->slot[i] != 0; i = (i + 1) & mask) {
		e = &ks->e[ks->slot[i] - 1];
		if (e->hash == h && e->n == n && memcmp(e->s, s, n) == 0)
			return (long)e->idx;
	}
	return -1;
}

long
keyset_find(const struct keyset *ks, const char *s, size_t n)
{
	return find(ks, s, n, keyset_hash(s, n));
}

long
keyset_add(struct keyset *ks, const char *s, size_t n, size_t idx)
{
	uint64_t h = keyset_hash(s, n);
	long k = find(ks, s, n, h);

	if (k != -1)
		return k;
	grow(ks);
	ks->e[ks->n].s = s;
	ks->e[ks->n].n = n;
	ks->e[ks->n].hash = h;
	ks->e[ks->n].idx = idx;
	place(ks, ks->n);
	ks->n++;
	return -1;
}

void
keyset_clear(struct keyset *ks)
{
	size_t k;

	for (k = 0; k < ks->n; k++)
		ks->slot[ks->e[k].slot] = 0;
	ks->n = 0;
}

void
keyset_free(struct keyset *ks)
{
	if (ks == NULL)
		return;
	free(ks->slot);
	free(ks->e);
	free(ks);
}
