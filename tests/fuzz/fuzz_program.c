/* libFuzzer target: iop-plan's program-definition loader (lib/program.c). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fuzz.h"
#include "program.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct program p;
	char path[64];
	int fd = memfd_of(data, size);

	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	memset(&p, 0, sizeof p);
	(void)program_load(&p, path);
	program_free(&p);		/* also after a failed load */
	close(fd);
	return 0;
}
