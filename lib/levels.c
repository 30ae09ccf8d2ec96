/* levels.c: levels of care and their hour ranges (see levels.h). */
#include <string.h>

#include "levels.h"

static const struct {
	const char	*name;
	const char	*codes;		/* ASAM codes, space separated */
	struct range	 adult, adolescent;
} levels[NLEVELS] = {
	{ "op", " 1 1.0 1.5 ", { 0, 9 * 60 - 1 }, { 0, 6 * 60 - 1 } },
	{ "iop", " 2.1 ", { 9 * 60, 19 * 60 }, { 6 * 60, 19 * 60 } },
	{ "php", " 2.5 ", { 20 * 60, -1 }, { 20 * 60, -1 } },
	{ "residential", " 3.1 3.3 3.5 3.7 ", { 0, -1 }, { 0, -1 } },
	{ "inpatient", " 4 4.0 ", { 0, -1 }, { 0, -1 } },
};

int
level_parse(const char *s)
{
	char code[16];
	int i;

	if (strlen(s) + 3 > sizeof code)
		return -1;
	code[0] = ' ';
	strcpy(code + 1, s);
	strcat(code, " ");
	for (i = 0; i < NLEVELS; i++)
		if (strcmp(s, levels[i].name) == 0 ||
		    (*s != '\0' && strstr(levels[i].codes, code) != NULL))
			return i;
	return -1;
}

const char *
level_name(int level)
{
	return level >= 0 && level < NLEVELS ? levels[level].name : "";
}

int
age_group_parse(const char *s)
{
	if (strcmp(s, "adult") == 0)
		return 0;
	if (strcmp(s, "adolescent") == 0)
		return 1;
	return -1;
}

struct range
level_range(int level, int adolescent)
{
	return adolescent ? levels[level].adolescent : levels[level].adult;
}
