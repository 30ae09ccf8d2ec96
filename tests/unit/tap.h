/*
 * tap.h: the least TAP a C unit test needs.  ok() prints one line per
 * check; tap_done() prints the plan and returns the exit status.
 */
#ifndef IOP_TAP_H
#define IOP_TAP_H

#include <stdio.h>

static int tap_n, tap_failed;

#define ok(cond, ...) do { \
	int tap_ok_ = (cond) != 0;	/* evaluate once */ \
	tap_n++; \
	if (!tap_ok_) \
		tap_failed++; \
	printf("%sok %d - ", tap_ok_ ? "" : "not ", tap_n); \
	printf(__VA_ARGS__); \
	printf("\n"); \
	if (!tap_ok_) \
		printf("#   failed at %s:%d\n", __FILE__, __LINE__); \
} while (0)

static int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
