/* libFuzzer target: iop-screen's rule-set loader (lib/screen_rules.c). */
#include <stdint.h>

#include "fuzz.h"
#include "screen.h"
#include "ydoc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ynode *root = ydoc_parse("fuzz.yaml", (const char *)data, size);
	struct screen_rules *rules;

	if (root == NULL)
		return 0;
	rules = screen_rules_new();
	(void)screen_rules_apply(rules, "fuzz.yaml", root);
	screen_rules_free(rules);
	ydoc_free(root);
	return 0;
}
