/*
 * Unit tests of lib/pseudo.c.  The expected pseudonyms were computed
 * apart from the program, with
 *	printf C1002 | openssl dgst -sha256 -hmac 'correct horse battery staple 42'
 * and python3's hmac.new(key, id, hashlib.sha256).hexdigest()[:12].
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"
#include "pseudo.h"
#include "tap.h"

static char dir[] = "/tmp/iop-pseudo.XXXXXX";

/* A key file holding the n bytes of s; its path (static). */
static const char *
keyfile(const char *s, size_t n)
{
	static char path[64];
	FILE *fp;

	snprintf(path, sizeof path, "%s/key", dir);
	if ((fp = fopen(path, "wb")) == NULL || fwrite(s, 1, n, fp) != n ||
	    fclose(fp) != 0) {
		perror(path);
		exit(2);
	}
	return path;
}

static const char *
pseudonym(const struct pseudo *p, const char *id, size_t len)
{
	static char out[PSEUDO_LEN + 1];

	pseudo_id(p, id, len, out);
	return out;
}

static void
test_vectors(void)
{
	static const char key[] = "correct horse battery staple 42";
	struct pseudo p;

	/* with a trailing newline, as `echo ... >key` writes it */
	ok(pseudo_load(&p, keyfile("correct horse battery staple 42\n",
	    sizeof key)) == 0, "a key file with a newline loads");
	ok(p.keylen == sizeof key - 1, "the newline is not part of the key");
	ok(strcmp(pseudonym(&p, "C1002", 5), "P-1da16b0f3883") == 0,
	    "C1002 as openssl dgst -hmac says");
	ok(strcmp(pseudonym(&p, "C1009", 5), "P-93357b8f4295") == 0,
	    "C1009 as python's hmac says");
	ok(strcmp(pseudonym(&p, "Jos\xc3\xa9 <x>", 9), "P-9c2cac1cba7a") == 0,
	    "an id in UTF-8 with markup characters");
	ok(strcmp(pseudonym(&p, "", 0), "P-8af334d788d4") == 0,
	    "the empty id");
	pseudo_clear(&p);
	ok(pseudo_load(&p, keyfile(key, sizeof key - 1)) == 0 &&
	    strcmp(pseudonym(&p, "C1002", 5), "P-1da16b0f3883") == 0,
	    "the same key without a newline gives the same pseudonym");
	{
		char buf[PSEUDO_LEN + 1];

		ok(strcmp(pseudo_name(&p, "C1002", buf), "P-1da16b0f3883") == 0,
		    "pseudo_name with a key: the pseudonym");
		ok(strcmp(pseudo_name(NULL, "C1002", buf), "C1002") == 0,
		    "pseudo_name without one: the id");
	}
	pseudo_clear(&p);
	ok(p.keylen == 0, "pseudo_clear forgets the key");
}

static const char *
name_of(const void *arg, size_t i, size_t *len)
{
	const char *const *ids = arg;

	*len = strlen(ids[i]);
	return ids[i];
}

/*
 * The order from the vectors above: C1002 (1da1...) before the empty id
 * (8af3...), before C1009 (9335...); a client's rows keep their order.
 */
static void
test_sort(void)
{
	static const char key[] = "correct horse battery staple 42";
	static const char *const ids[] = { "C1009", "C1002", "C1009", "",
	    "C1002" };
	static const size_t want[] = { 1, 4, 3, 0, 2 };
	size_t idx[5] = { 0, 1, 2, 3, 4 }, i;
	struct pseudo p;
	int same = 1;

	ok(pseudo_load(&p, keyfile(key, sizeof key - 1)) == 0, "key loads");
	pseudo_sort(&p, idx, 5, name_of, ids);
	for (i = 0; i < 5; i++)
		same &= idx[i] == want[i];
	ok(same, "pseudo_sort: by pseudonym, then by index");
	pseudo_sort(&p, idx, 0, name_of, ids);
	ok(1, "pseudo_sort of nothing");
	pseudo_clear(&p);
}

static void
test_bad_keys(void)
{
	struct pseudo p;
	char big[PSEUDO_KEY_MAX + 2];

	memset(big, 'k', sizeof big);
	ok(pseudo_load(&p, keyfile("fifteen bytes!!", 15)) == -1,
	    "a 15-byte key is refused");
	ok(pseudo_load(&p, keyfile("fifteen bytes!!\n", 16)) == -1,
	    "15 bytes and a newline is refused");
	ok(pseudo_load(&p, keyfile("sixteen bytes!!!", 16)) == 0,
	    "a 16-byte key loads");
	ok(pseudo_load(&p, keyfile(big, PSEUDO_KEY_MAX)) == 0,
	    "a 1024-byte key loads");
	big[PSEUDO_KEY_MAX] = '\n';
	ok(pseudo_load(&p, keyfile(big, PSEUDO_KEY_MAX + 1)) == 0 &&
	    p.keylen == PSEUDO_KEY_MAX, "1024 bytes and a newline loads");
	ok(pseudo_load(&p, keyfile(big, PSEUDO_KEY_MAX + 2)) == -1,
	    "1024 bytes, a newline and more is refused");
	big[PSEUDO_KEY_MAX] = 'k';
	ok(pseudo_load(&p, keyfile(big, PSEUDO_KEY_MAX + 1)) == -1,
	    "a 1025-byte key is refused");
	ok(pseudo_load(&p, "/nonexistent/key") == -1, "a missing file");
}

int
main(void)
{
	char path[64];
	int rv;

	diag_init("pseudo");
	diag_output(fopen("/dev/null", "w"));
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_vectors();
	test_bad_keys();
	test_sort();
	snprintf(path, sizeof path, "%s/key", dir);
	unlink(path);
	rmdir(dir);
	rv = tap_done();
	return rv;
}
