/*
 * buf.h: a growable byte string, always NUL-terminated (git's strbuf).
 *
 * BUF_INIT is an empty buffer; s is never NULL after the first add.
 * The caller owns the bytes: buf_free() releases them.
 */
#ifndef IOP_BUF_H
#define IOP_BUF_H

#include <stddef.h>
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

/* Inline: writers add millions of short cells, most with room to spare. */
static inline void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n >= b->cap) {
		buf_add_grow(b, p, n);
		return;
	}
	if (n > 0)
		memcpy(b->s + b->len, p, n);
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
