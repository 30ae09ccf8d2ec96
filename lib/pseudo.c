/* pseudo.c: HMAC-SHA256 pseudonyms for client ids (see pseudo.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "diag.h"
#include "pseudo.h"
#include "xalloc.h"

static int
key_fail(const char *path, const char *what)
{
	char safe[256];

	diag_warnx(NULL, "%s: %s", diag_safe(safe, sizeof safe, path), what);
	return -1;
}

int
pseudo_load(struct pseudo *p, const char *path)
{
	unsigned char raw[PSEUDO_KEY_MAX + 2];	/* the key, a newline, one more */
	FILE *fp;
	size_t n;
	int bad;

	memset(p, 0, sizeof *p);
	if ((fp = fopen(path, "rb")) == NULL)
		return key_fail(path, strerror(errno));
	n = fread(raw, 1, sizeof raw, fp);
	bad = ferror(fp);
	fclose(fp);
	if (n > 0 && raw[n - 1] == '\n' && n <= PSEUDO_KEY_MAX + 1)
		n--;
	if (!bad && n >= PSEUDO_KEY_MIN && n <= PSEUDO_KEY_MAX) {
		memcpy(p->key, raw, n);
		p->keylen = n;
	}
	OPENSSL_cleanse(raw, sizeof raw);
	if (bad)
		return key_fail(path, "cannot read the key");
	if (n > PSEUDO_KEY_MAX)
		return key_fail(path, "the key is longer than 1024 bytes");
	if (n < PSEUDO_KEY_MIN)
		return key_fail(path, "the key is shorter than 16 bytes");
	return 0;
}

struct pseudo *
pseudo_option(const char *path)
{
	static struct pseudo key;	/* a process has one: see pseudo.h */

	return pseudo_load(&key, path) == -1 ? NULL : &key;
}

size_t
pseudo_id(const struct pseudo *p, const char *id, size_t len,
    char out[PSEUDO_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	size_t i;

	if (HMAC(EVP_sha256(), p->key, (int)p->keylen,
	    (const unsigned char *)id, len, md, &mdlen) == NULL)
		diag_fatal("HMAC-SHA256 failed");
	out[0] = 'P';
	out[1] = '-';
	for (i = 0; i < PSEUDO_HEX / 2; i++) {
		out[2 + 2 * i] = hex[md[i] >> 4];
		out[3 + 2 * i] = hex[md[i] & 15];
	}
	out[PSEUDO_LEN] = '\0';
	return PSEUDO_LEN;
}

const char *
pseudo_name(const struct pseudo *p, const char *id, char buf[PSEUDO_LEN + 1])
{
	if (p == NULL)
		return id;
	pseudo_id(p, id, strlen(id), buf);
	return buf;
}

struct keyed {
	char	ps[PSEUDO_LEN + 1];
	size_t	i;
};

static int
keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = memcmp(x->ps, y->ps, PSEUDO_LEN);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

void
pseudo_sort(const struct pseudo *p, size_t *idx, size_t n,
    const char *(*name)(const void *arg, size_t i, size_t *len),
    const void *arg)
{
	struct keyed *k = xreallocarray(NULL, n ? n : 1, sizeof *k);
	const char *id;
	size_t i, len;

	for (i = 0; i < n; i++) {
		id = name(arg, idx[i], &len);
		pseudo_id(p, id, len, k[i].ps);
		k[i].i = idx[i];
	}
	qsort(k, n, sizeof *k, keyed_cmp);
	for (i = 0; i < n; i++)
		idx[i] = k[i].i;
	free(k);
}

void
pseudo_clear(struct pseudo *p)
{
	OPENSSL_cleanse(p->key, sizeof p->key);
	p->keylen = 0;
}
