/* libFuzzer target: iop-attend's policy loader (lib/policy.c). */
#include <stdint.h>
#include <stdio.h>

#include "fuzz.h"
#include "policy.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct policy p;
	char path[64];
	int fd = memfd_of(data, size);

	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	(void)policy_load(&p, path);
	close(fd);
	return 0;
}
