/*
 * fuzz.h: what the libFuzzer targets share: silence the located
 * messages (the targets check for crashes, not for what is said) and
 * hand the input to the readers through a memory file descriptor.
 */
#ifndef IOP_FUZZ_H
#define IOP_FUZZ_H

#include <sys/mman.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "diag.h"

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

#endif
