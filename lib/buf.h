/*
 * buf.h: a growable byte string, always NUL-terminated (git's strbuf).
 *
 * BUF_INIT is an empty buffer; s is never NULL after the first add.
 * The caller owns the bytes: buf_free() releases them.
 */
#ifndef IOP_BUF_H
#define IOP_BUF_H

#include <stddef.h>

struct buf {
	char	*s;
	size_t	 len, cap;
};

#define BUF_INIT { NULL, 0, 0 }

void	buf_grow(struct buf *, size_t extra);
void	buf_add(struct buf *, const void *, size_t);
void	buf_addc(struct buf *, int);
void	buf_adds(struct buf *, const char *);
void	buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_reset(struct buf *);
void	buf_free(struct buf *);

#endif
