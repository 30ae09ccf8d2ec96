/*
 * buf.h: a growable byte string, always NUL-terminated (git's strbuf).
 *
 * BUF_INIT is an empty buffer; s is never NULL after the first add.
 * The caller owns the bytes: buf_free() releases them.
 *
 * Also copy_short() and same_short(): memcpy() and memcmp() == 0 for the
 * short strings (ids, dates, numbers) that readers and writers move by
 * the million, without a call.
 */
#ifndef IOP_BUF_H
#define IOP_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct buf {
	char	*s;
	size_t	 len, cap;
};

#define BUF_INIT { NULL, 0, 0 }

void	buf_grow(struct buf *, size_t extra);
void	buf_add_grow(struct buf *, const void *, size_t);
void	buf_adds(struct buf *, const char *);
void	buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_reset(struct buf *);
void	buf_free(struct buf *);

/*
 * memcpy(), the short strings (of up to 16 bytes: ids, numbers, dates)
 * without a call: two loads and two stores that may overlap.
 */
static inline void
copy_short(char *d, const void *p, size_t n)
{
	const char *s = p;
	uint64_t a, b;
	uint32_t x, y;

	if (n >= 8 && n <= 16) {
		memcpy(&a, s, 8);
		memcpy(&b, s + n - 8, 8);
		memcpy(d, &a, 8);
		memcpy(d + n - 8, &b, 8);
	} else if (n >= 4 && n < 8) {
		memcpy(&x, s, 4);
		memcpy(&y, s + n - 4, 4);
		memcpy(d, &x, 4);
		memcpy(d + n - 4, &y, 4);
	} else if (n < 4) {
		for (; n > 0; n--)
			*d++ = *s++;
	} else
		memcpy(d, s, n);
}

/* memcmp() == 0, the short strings without a call, as copy_short(). */
static inline int
same_short(const char *a, const char *b, size_t n)
{
	uint64_t x, y, u, v;
	uint32_t p, q, r, t;

	if (n >= 8 && n <= 16) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		memcpy(&u, a + n - 8, 8);	/* the last eight, maybe overlapping */
		memcpy(&v, b + n - 8, 8);
		return x == y && u == v;
	}
	if (n >= 4 && n < 8) {
		memcpy(&p, a, 4);
		memcpy(&q, b, 4);
		memcpy(&r, a + n - 4, 4);
		memcpy(&t, b + n - 4, 4);
		return p == q && r == t;
	}
	if (n < 4) {
		for (; n > 0; n--)
			if (*a++ != *b++)
				return 0;
		return 1;
	}
	return memcmp(a, b, n) == 0;
}

/* Inline: writers add millions of short cells, most with room to spare. */
static inline void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n >= b->cap) {
		buf_add_grow(b, p, n);
		return;
	}
	copy_short(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static inline void
buf_addc(struct buf *b, int c)
{
	if (b->len + 1 >= b->cap) {
		char ch = (char)c;

		buf_add_grow(b, &ch, 1);
		return;
	}
	b->s[b->len++] = (char)c;
	b->s[b->len] = '\0';
}

#endif
