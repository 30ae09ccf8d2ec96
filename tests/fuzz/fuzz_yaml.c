/* libFuzzer target: the YAML record reader (lib/yamlin.c). */
#include <stdint.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_records(data, size, "fuzz.yaml", FMT_YAML);
}
