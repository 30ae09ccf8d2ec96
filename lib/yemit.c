/*
 * yemit.c: nested YAML out through libyaml's emitter (yemit.h).
 *
 * Errors are sticky: after the first, calls do nothing, and
 * yemit_close() reports it, so callers need not check each scalar.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "date.h"
#include "out.h"
#include "recio.h"
#include "xalloc.h"
#include "yemit.h"

struct yemit {
	yaml_emitter_t	 em;
	FILE		*fp;
	int		 failed;
	char		 why[128];
};

static void
emit(struct yemit *y, yaml_event_t *e, int made)
{
	const char *name;

	if (y->failed) {
		if (made)	/* no emitter takes it: ours to free */
			yaml_event_delete(e);
		return;
	}
	/* yaml_emitter_emit owns the event, even when it fails. */
	if (made && yaml_emitter_emit(&y->em, e))
		return;
	y->failed = 1;
	if (y->em.error == YAML_WRITER_ERROR) {
		name = out_name(y->fp);
		snprintf(y->why, sizeof y->why, "%s: %s", name != NULL ? name :
		    "write error", strerror(errno));
	} else
		snprintf(y->why, sizeof y->why, "cannot write YAML: %s",
		    y->em.problem ? y->em.problem : "error");
}

struct yemit *
yemit_open(FILE *fp)
{
	struct yemit *y = xcalloc(1, sizeof *y);
	yaml_event_t e;

	if (!yaml_emitter_initialize(&y->em))
		diag_fatal("out of memory");
	y->fp = fp;
	yaml_emitter_set_output_file(&y->em, fp);
	yaml_emitter_set_unicode(&y->em, 1);
	yaml_emitter_set_width(&y->em, -1);
	emit(y, &e, yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING));
	return y;
}

void
yemit_doc(struct yemit *y, int start)
{
	yaml_event_t e;

	if (start)
		emit(y, &e, yaml_document_start_event_initialize(&e, NULL, NULL,
		    NULL, 0));
	else
		emit(y, &e, yaml_document_end_event_initialize(&e, 1));
}

void
yemit_map(struct yemit *y, int start)
{
	yaml_event_t e;

	if (start)
		emit(y, &e, yaml_mapping_start_event_initialize(&e, NULL, NULL,
		    1, YAML_BLOCK_MAPPING_STYLE));
	else
		emit(y, &e, yaml_mapping_end_event_initialize(&e));
}

void
yemit_seq(struct yemit *y, int start)
{
	yaml_event_t e;

	if (start)
		emit(y, &e, yaml_sequence_start_event_initialize(&e, NULL, NULL,
		    1, YAML_BLOCK_SEQUENCE_STYLE));
	else
		emit(y, &e, yaml_sequence_end_event_initialize(&e));
}

static void
scalar(struct yemit *y, const char *s, int plain)
{
	yaml_event_t e;
	size_t n = strlen(s);

	if (y->failed)
		return;
	if (!utf8_valid(s, n)) {
		if (!y->failed)
			snprintf(y->why, sizeof y->why, "a value is not valid "
			    "UTF-8");
		y->failed = 1;
		return;
	}
	emit(y, &e, yaml_scalar_event_initialize(&e, NULL, NULL,
	    (yaml_char_t *)s, (int)n, plain, 1, YAML_ANY_SCALAR_STYLE));
}

void
yemit_str(struct yemit *y, const char *s)
{
	scalar(y, s, !yaml_needs_quotes(s, strlen(s)));
}

void
yemit_num(struct yemit *y, const char *key, const char *num)
{
	yemit_str(y, key);
	scalar(y, num, 1);
}

void
yemit_kv(struct yemit *y, const char *key, const char *val)
{
	if (key != NULL)
		yemit_str(y, key);
	yemit_str(y, val);
}

void
yemit_kdate(struct yemit *y, const char *key, long day)
{
	char buf[DATE_LEN];

	date_format(day, buf);
	yemit_kv(y, key, buf);
}

int
yemit_close(struct yemit *y)
{
	yaml_event_t e;
	int rv;

	emit(y, &e, yaml_stream_end_event_initialize(&e));
	if (!y->failed && !yaml_emitter_flush(&y->em))
		emit(y, &e, 0);
	if ((rv = y->failed ? -1 : 0) == -1)
		diag_warnx(NULL, "%s", y->why);
	yaml_emitter_delete(&y->em);
	free(y);
	return rv;
}
