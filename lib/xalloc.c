/* xalloc.c: allocation that dies on exhaustion (see xalloc.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "xalloc.h"

static void *
nomem(void *p)
{
	if (p == NULL)
		diag_fatal("out of memory");
	return p;
}

void *
xmalloc(size_t n)
{
	return nomem(malloc(n ? n : 1));
}

void *
xcalloc(size_t n, size_t size)
{
	return nomem(calloc(n ? n : 1, size ? size : 1));
}

void *
xzalloc(size_t n, size_t size)
{
	void *p = xreallocarray(NULL, n ? n : 1, size);

	memset(p, 0, (n ? n : 1) * size);
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		diag_fatal("out of memory");
	n *= size;
	return nomem(realloc(p, n ? n : 1));
}

void *
xgrowzero(void *p, size_t *n, size_t i, size_t size, size_t first)
{
	size_t m = *n ? *n : first;

	if (i < *n)
		return p;
	while (m <= i)
		m *= 2;
	p = xreallocarray(p, m, size);
	memset((char *)p + *n * size, 0, (m - *n) * size);
	*n = m;
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *d = xmalloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}
