/* libFuzzer target: the JSON Lines record reader (lib/jsonin.c). */
#include <stdint.h>

#include "fuzz.h"
#include "recio.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rin *in = rin_fdopen(memfd_of(data, size), "fuzz.jsonl",
	    FMT_JSONL);
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
