/*
 * fuzz.h: what the libFuzzer targets share: silence the located
 * messages (the targets check for crashes, not for what is said) and
 * hand the input to the readers through a memory file descriptor;
 * the record readers' targets are one call of fuzz_records().
 */
#ifndef IOP_FUZZ_H
#define IOP_FUZZ_H

#include <sys/mman.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "diag.h"
#include "recio.h"

int LLVMFuzzerInitialize(int *, char ***);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	diag_init("fuzz");
	/* the messages are not what is tested; libFuzzer's own output is */
	if (getenv("FUZZ_VERBOSE") == NULL)
		diag_output(fopen("/dev/null", "w"));
	return 0;
}

/* A descriptor reading the n bytes at p from the start. */
static int
memfd_of(const unsigned char *p, size_t n)
{
	int fd = memfd_create("fuzz", 0);

	if (fd == -1 || (n > 0 && write(fd, p, n) != (ssize_t)n) ||
	    lseek(fd, 0, SEEK_SET) == -1)
		abort();
	return fd;
}

/*
 * Read the input as a stream of format fmt named name, touching every
 * byte a record hands out (and its NUL): what a record reader's
 * LLVMFuzzerTestOneInput does.  Never 1 in practice: returned only so
 * that the compiler keeps the reads.
 */
static inline int
fuzz_records(const unsigned char *data, size_t size, const char *name,
    int fmt)
{
	struct rin *in = rin_fdopen(memfd_of(data, size), name, fmt);
	struct rec *r;
	size_t i, total = 0;

	if (in == NULL)
		return 0;
	while (rin_next(in, &r) == 1)
		for (i = 0; i < r->n; i++)
			total += r->f[i].len + (r->f[i].val[r->f[i].len] == '\0');
	rin_close(in);
	return total == (size_t)-1;
}

#endif
