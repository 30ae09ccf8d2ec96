/* roster.c: enrolment and levels of care per client (see roster.h). */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "recio.h"
#include "roster.h"
#include "xalloc.h"

static const char *const cols[] = {
	"client_id", "level", "age_group", "admitted", "discharged"
};
enum { R_CLIENT, R_LEVEL, R_AGE, R_ADMITTED, R_DISCHARGED, NCOLS };
#define NCOLS_REQUIRED	R_LEVEL		/* client_id */

void
roster_init(struct roster *ro, struct range deflt)
{
	memset(ro, 0, sizeof *ro);
	ro->deflt = deflt;
}

struct enrol *
roster_slot(struct roster *ro, size_t client)
{
	ro->e = xgrowzero(ro->e, &ro->n, client, sizeof *ro->e, 64);
	return &ro->e[client];
}

struct rctx {
	struct roster	*ro;
	struct hours	*h;
};

static void
entry(struct colmap *m, const struct rec *r, void *arg)
{
	struct roster *ro = ((struct rctx *)arg)->ro;
	struct hours *h = ((struct rctx *)arg)->h;
	const char *client = colmap_get(m, r, R_CLIENT);
	const char *level = colmap_get(m, r, R_LEVEL);
	const char *age = colmap_get(m, r, R_AGE);
	const char *adm = colmap_get(m, r, R_ADMITTED);
	const char *dis = colmap_get(m, r, R_DISCHARGED);
	struct enrol *e;
	int lv = LEVEL_IOP, teen = 0;

	if (*client == '\0')
		check_fail(r, "client_id", "is empty");
	e = roster_slot(ro, hours_client_id(h, client, strlen(client)));
	if (e->listed)
		check_fail(r, "client_id", "names a client listed before");
	if (*level != '\0' && (lv = level_parse(level)) == -1)
		check_fail(r, "level", "is not a level of care (op, iop, php, "
		    "residential, inpatient, or an ASAM code)");
	if (*age != '\0' && (teen = age_group_parse(age)) == -1)
		check_fail(r, "age_group", "is not adult or adolescent");
	e->listed = 1;
	e->range = *level == '\0' && *age == '\0' ? ro->deflt :
	    level_range(lv, teen);
	e->admitted = *adm ? check_date(r, "admitted", adm) : ROSTER_NEVER_LO;
	e->discharged = *dis ? check_date(r, "discharged", dis) :
	    ROSTER_NEVER_HI;
	if (e->discharged < e->admitted)
		check_fail(r, "discharged", "is before 'admitted'");
}

void
roster_read(struct roster *ro, const char *path, struct hours *h)
{
	struct rctx ctx = { ro, h };

	check_stream(path, FMT_AUTO, cols, NCOLS, NCOLS_REQUIRED,
	    CHECK_ALL_COLUMNS, entry, &ctx);
}

const struct enrol *
roster_get(const struct roster *ro, size_t client)
{
	return client < ro->n && ro->e[client].listed ? &ro->e[client] : NULL;
}

struct range
roster_range(const struct roster *ro, size_t client)
{
	const struct enrol *e = roster_get(ro, client);

	return e != NULL ? e->range : ro->deflt;
}

int
roster_enrolled(const struct enrol *e, long from, long to)
{
	return e->admitted <= to && e->discharged >= from;
}

void
roster_free(struct roster *ro)
{
	free(ro->e);
	ro->e = NULL;
	ro->n = 0;
}
