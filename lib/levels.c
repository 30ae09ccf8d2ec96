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

/*
 * Treatment locator codes (shared/domain.md 1.5 item 8, from third-party
 * lists of the findtreatment.gov service settings): 1 OP, 2.1 OIT, 2.5
 * ODT, 3.x RES (3.1 also RL long-term, 3.5 RS short-term), 4 HI;
 * 1-WM and 2-WM OD, 3.2-WM and 3.7-WM RD, 4-WM HID.  The level names
 * stand for their levels where no ASAM code is given.
 */
static const struct service {
	struct asam_code a;		/* rank 0: no placement code */
	const char	*locator;
	int		 wm;
} services[] = {
	/* the placement codes first: the ones iop-screen looks up */
	{ { "1", "outpatient", LEVEL_OP, 10 }, "OP", 0 },
	{ { "1-WM", "ambulatory withdrawal management", LEVEL_OP, 10 },
	    "OD", 1 },
	{ { "2-WM", "ambulatory withdrawal management with extended on-site "
	    "monitoring", LEVEL_IOP, 20 }, "OD", 1 },
	{ { "2.1", "intensive outpatient", LEVEL_IOP, 21 }, "OIT", 0 },
	{ { "2.5", "partial hospitalization", LEVEL_PHP, 25 }, "ODT", 0 },
	{ { "3.1", "clinically managed low-intensity residential",
	    LEVEL_RESIDENTIAL, 31 }, "RES RL", 0 },
	{ { "3.2-WM", "clinically managed residential withdrawal "
	    "management", LEVEL_RESIDENTIAL, 32 }, "RD", 1 },
	{ { "3.3", "clinically managed population-specific residential",
	    LEVEL_RESIDENTIAL, 33 }, "RES", 0 },
	{ { "3.5", "clinically managed high-intensity residential",
	    LEVEL_RESIDENTIAL, 35 }, "RES RS", 0 },
	{ { "3.7", "medically monitored intensive inpatient",
	    LEVEL_RESIDENTIAL, 37 }, "RES", 0 },
	{ { "3.7-WM", "medically monitored inpatient withdrawal management",
	    LEVEL_RESIDENTIAL, 37 }, "RD", 1 },
	{ { "4", "medically managed intensive inpatient", LEVEL_INPATIENT,
	    40 }, "HI", 0 },
	{ { "4-WM", "medically managed intensive inpatient withdrawal "
	    "management", LEVEL_INPATIENT, 40 }, "HID", 1 },
	{ { "1.0", "long-term remission monitoring", LEVEL_OP, 0 }, "OP",
	    0 },
	{ { "1.5", "outpatient therapy", LEVEL_OP, 0 }, "OP", 0 },
	{ { "4.0", "medically managed intensive inpatient", LEVEL_INPATIENT,
	    0 }, "HI", 0 },
	{ { "op", "outpatient", LEVEL_OP, 0 }, "OP", 0 },
	{ { "iop", "intensive outpatient", LEVEL_IOP, 0 }, "OIT", 0 },
	{ { "php", "partial hospitalization", LEVEL_PHP, 0 }, "ODT", 0 },
	{ { "residential", "residential", LEVEL_RESIDENTIAL, 0 }, "RES", 0 },
	{ { "inpatient", "medically managed intensive inpatient",
	    LEVEL_INPATIENT, 0 }, "HI", 0 },
};
#define NSERVICES	(sizeof services / sizeof services[0])

static int
service_index(const char *s)
{
	size_t i;

	for (i = 0; i < NSERVICES; i++)	/* the first byte tells most apart */
		if (s[0] == services[i].a.code[0] &&
		    strcmp(s, services[i].a.code) == 0)
			return (int)i;
	return -1;
}

const struct asam_code *
level_placement(const char *s)
{
	int i = service_index(s);

	return i == -1 || services[i].a.rank == 0 ? NULL : &services[i].a;
}

const char *
level_service(const char *s)
{
	int i = service_index(s);

	return i == -1 ? NULL : services[i].a.what;
}

const char *
level_locator(const char *s)
{
	int i = service_index(s);

	return i == -1 ? NULL : services[i].locator;
}

int
level_is_wm(const char *s)
{
	int i = service_index(s);

	return i == -1 ? -1 : services[i].wm;
}
