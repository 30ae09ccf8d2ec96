/* Unit tests of lib/names.c: numbers in order first seen, any bytes,
 * copies that never move, growth, the batch path. */
#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "names.h"
#include "tap.h"

static void
test_numbers(void)
{
	struct names nm = NAMES_INIT;
	char buf[8] = "a";

	ok(names_intern(&nm, "a", 1) == 0, "the first name is 0");
	ok(names_intern(&nm, "b", 1) == 1, "a new name is the next number");
	ok(names_intern(&nm, buf, 1) == 0, "an equal name keeps its number");
	ok(nm.n == 2, "two names");
	buf[0] = 'z';
	ok(strcmp(names_str(&nm, 0), "a") == 0,
	    "the table keeps a copy, not the caller's bytes");
	ok(names_intern(&nm, "ab", 2) == 2 &&
	    names_intern(&nm, "ab\0c", 4) == 3 &&
	    names_intern(&nm, "a", 1) == 0,
	    "names are lengths of bytes: a prefix or a NUL is another name");
	ok(names_len(&nm, 3) == 4 && memcmp(names_str(&nm, 3), "ab\0c", 4) == 0,
	    "a name with a NUL byte is kept whole");
	ok(names_str(&nm, 2)[2] == '\0', "a copy ends in a NUL");
	names_free(&nm);
}

static void
test_growth(void)
{
	struct names nm = NAMES_INIT;
	const char *first;
	char s[16];
	size_t i, bad = 0;
	int len;

	first = names_str(&nm, names_intern(&nm, "c0", 2));
	for (i = 1; i < 5000; i++) {	/* the table grows at 512, 1024 ... */
		len = snprintf(s, sizeof s, "c%zu", i);
		bad += names_intern(&nm, s, (size_t)len) != i;
	}
	ok(bad == 0 && nm.n == 5000, "5000 names numbered 0-4999 in order");
	for (i = 0, bad = 0; i < 5000; i++) {
		len = snprintf(s, sizeof s, "c%zu", i);
		bad += names_intern(&nm, s, (size_t)len) != i;
	}
	ok(bad == 0 && nm.n == 5000, "after growing, each keeps its number");
	ok(names_str(&nm, 0) == first, "a name's copy never moves");
	names_free(&nm);
}

static void
test_batch(void)
{
	struct names nm = NAMES_INIT;
	static const char *const in[] = { "x", "y", "x" };
	uint64_t h[3];
	size_t i, got[3];

	names_intern(&nm, "y", 1);
	names_reserve(&nm, 3);
	for (i = 0; i < 3; i++)
		h[i] = names_hash(in[i], 1);
	ok(names_slot(&nm, h[0]) >= nm.slot &&
	    names_slot(&nm, h[0]) < nm.slot + nm.nslots,
	    "the slot to prefetch is in the table");
	for (i = 0; i < 3; i++)
		got[i] = names_intern_hashed(&nm, in[i], 1, h[i]);
	ok(got[0] == 1 && got[1] == 0 && got[2] == 1,
	    "the batch path numbers as names_intern() does");
	names_free(&nm);
}

static void
test_find(void)
{
	struct names nm = NAMES_INIT;
	char s[16];
	int i, bad = 0;

	ok(names_find(&nm, "a", 1) == NAMES_NONE, "nothing is found in none");
	for (i = 0; i < 3000; i++) {
		int len = snprintf(s, sizeof s, "n%d", i);

		names_intern(&nm, s, (size_t)len);
	}
	for (i = 0; i < 3000; i++) {
		int len = snprintf(s, sizeof s, "n%d", i);

		bad += names_find(&nm, s, (size_t)len) != (size_t)i;
	}
	ok(bad == 0, "each of 3,000 names is found under its number");
	ok(names_find(&nm, "n3000", 5) == NAMES_NONE &&
	    names_find(&nm, "n1", 1) == NAMES_NONE &&
	    names_find(&nm, "n1\0", 3) == NAMES_NONE,
	    "a new name, a prefix, a name with a NUL more: not found");
	ok(nm.n == 3000, "finding interns nothing");
	names_free(&nm);
}

int
main(void)
{
	diag_init("names");
	test_numbers();
	test_growth();
	test_batch();
	test_find();
	return tap_done();
}
