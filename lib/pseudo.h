/*
 * pseudo.h: stable pseudonyms for client ids, for reports that leave
 * the clinic (--pseudonymize KEYFILE in iop-hours, iop-attend and
 * iop-chart).
 *
 * A pseudonym is "P-" and the first PSEUDO_HEX hex digits (lower case)
 * of HMAC-SHA256(key, id), computed by OpenSSL's libcrypto: the same
 * key gives the same pseudonym for an id in every report and every
 * week, and without the key no one can go back from the pseudonym to
 * the id, or test a guessed id.  48 bits: among 10,000 clients the
 * chance that two share a pseudonym is about one in 5 million
 * (n^2 / 2^49).
 *
 * The key is the key file's bytes, less one trailing newline (so that
 * `openssl rand -hex 32 >key` and an editor give the same key): 16 to
 * PSEUDO_KEY_MAX bytes.  pseudo_load() prints its errors (naming the
 * file, never its bytes) and returns -1; pseudo_id() cannot fail and
 * is safe to call from several threads at once.
 */
#ifndef IOP_PSEUDO_H
#define IOP_PSEUDO_H

#include <stddef.h>

#define PSEUDO_HEX	12
#define PSEUDO_LEN	(2 + PSEUDO_HEX)	/* "P-" and the digits */
#define PSEUDO_KEY_MIN	16
#define PSEUDO_KEY_MAX	1024

struct pseudo {
	unsigned char	key[PSEUDO_KEY_MAX];
	size_t		keylen;
};

/* Read the key from path into p: 0, or -1 with the message printed. */
int	pseudo_load(struct pseudo *p, const char *path);
/*
 * The key of --pseudonymize path (PSEUDO_LONGOPT, opt.h), read as
 * pseudo_load() reads it into pseudo.c's own storage: a process has one
 * key, which lasts the run (a second call reads over it; pseudo_clear()
 * forgets it).  The key, or NULL with the message printed.
 */
struct pseudo *pseudo_option(const char *path);
/* The pseudonym of id (len bytes) into out, NUL-terminated; its length. */
size_t	pseudo_id(const struct pseudo *p, const char *id, size_t len,
	    char out[PSEUDO_LEN + 1]);
/*
 * What a program writes for id: id itself if p is NULL (no
 * --pseudonymize), else its pseudonym, made in buf.
 */
const char *pseudo_name(const struct pseudo *p, const char *id,
	    char buf[PSEUDO_LEN + 1]);
/*
 * Sort idx[0..n) by the pseudonym of the id name(arg, idx[i]) gives,
 * then by idx[i] itself: the order of a report that leaves the clinic,
 * which must not follow the real ids (a known list of clients, sorted,
 * would otherwise line up with the rows).  Equal pseudonyms keep the
 * order of their indexes, so a client's rows keep theirs.  n log n; one
 * HMAC and 24 bytes per element; exits only when out of memory.
 */
void	pseudo_sort(const struct pseudo *p, size_t *idx, size_t n,
	    const char *(*name)(const void *arg, size_t i, size_t *len),
	    const void *arg);
/* Forget the key (overwritten, not just dropped). */
void	pseudo_clear(struct pseudo *p);

#endif
