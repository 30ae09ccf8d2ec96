/* libFuzzer target: the YAML configuration loader (lib/ydoc.c). */
#include <stdint.h>

#include "fuzz.h"
#include "ydoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ynode *root = ydoc_parse("fuzz.yaml", (const char *)data, size);

	if (root != NULL && root->type == YN_MAP)
		(void)ydoc_get(root, "name");
	ydoc_free(root);
	return 0;
}
