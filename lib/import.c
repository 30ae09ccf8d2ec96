/* import.c: iop-import's profile, its loader and value parsers (see import.h). */
#define _XOPEN_SOURCE 700	/* strptime(3) */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "date.h"
#include "diag.h"
#include "import.h"
#include "screen.h"
#include "xalloc.h"
#include "ydoc.h"

const char import_default_profile[] =
"# iop-import: the built-in profile (iop-import --print-profile).\n"
"# Edit a copy and pass it with -p; see iop-import(1).  A file names only\n"
"# what it changes: the columns and words it lists come before the\n"
"# built-in ones, which still apply, and a column given '-' is dropped.\n"
"# Names and words match in any case, with spaces, '-' and '_' left out:\n"
"# 'Date of Service', 'date_of_service' and 'DATE-OF-SERVICE' are one.\n"
"\n"
"# The records to write: log (the attendance log), intake, roster or\n"
"# schedule (see iop-formats(5)).  -t overrides it.\n"
"type: log\n"
"# What separates the fields: auto (the most frequent of comma,\n"
"# semicolon and tab in the header line), tab, or one character.\n"
"delimiter: auto\n"
"# The text's encoding, any name iconv(3) knows, such as windows-1252.\n"
"# UTF-8 may start with a byte order mark; a UTF-16 one means UTF-16.\n"
"encoding: UTF-8\n"
"# Dates and times in strptime(3) terms, for an export that writes them\n"
"# in another form than the built-in ones: dates YYYY-MM-DD, MM/DD/YYYY\n"
"# or M/D/YYYY, times H:MM, HH:MM:SS or h:MM AM/PM.  Empty: those.\n"
"date_format: ''\n"
"time_format: ''\n"
"\n"
"# Column names, and the field each holds.  Every field's own name\n"
"# (client_id, phq9_1, ...) is matched too, after these.  When two\n"
"# columns give one field, the one whose name comes first here wins.\n"
"# A name to a field that is not of the type written is dropped; a name\n"
"# to a field no type has (such as clinician) adds that column.\n"
"columns:\n"
"  # an id before a name\n"
"  Client ID: client_id\n"
"  Patient ID: client_id\n"
"  MRN: client_id\n"
"  Medical Record Number: client_id\n"
"  Client: client_id\n"
"  Patient: client_id\n"
"  Date of Service: date\n"
"  DOS: date\n"
"  Service Date: date\n"
"  Appointment Date: date\n"
"  Session Date: date\n"
"  Start Date: date\n"
"  Assessment Date: date\n"
"  Date: date\n"
"  Start Time: start\n"
"  Start: start\n"
"  Time In: start\n"
"  Appointment Time: start\n"
"  Time: start\n"
"  End Time: end\n"
"  End: end\n"
"  Time Out: end\n"
"  # a date and a time in one column: the start, the end\n"
"  Appointment Start: start_datetime\n"
"  Start Date Time: start_datetime\n"
"  Start DateTime: start_datetime\n"
"  Start Date/Time: start_datetime\n"
"  Scheduled Time: start_datetime\n"
"  Scheduled Start: start_datetime\n"
"  Session Start: start_datetime\n"
"  Appointment Date Time: start_datetime\n"
"  Appointment Date/Time: start_datetime\n"
"  Date Time: start_datetime\n"
"  Date/Time: start_datetime\n"
"  Appointment End: end_datetime\n"
"  End Date Time: end_datetime\n"
"  End DateTime: end_datetime\n"
"  End Date/Time: end_datetime\n"
"  Scheduled End: end_datetime\n"
"  Session End: end_datetime\n"
"  # without an end column, the end is the start and these minutes\n"
"  Duration: duration\n"
"  Duration (minutes): duration\n"
"  Duration (min): duration\n"
"  Minutes: duration\n"
"  Service: service\n"
"  Service Type: service\n"
"  Service Name: service\n"
"  Appointment Type: service\n"
"  Service Code: service\n"
"  Billing Code: service\n"
"  Status: status\n"
"  Attendance: status\n"
"  Appointment Status: status\n"
"  Attendance Status: status\n"
"  Session ID: session_id\n"
"  Appointment ID: session_id\n"
"  Note Signed: note_signed\n"
"  Signed: note_signed\n"
"  Note Date: note_date\n"
"  Date Signed: note_date\n"
"  Title: title\n"
"  Session Title: title\n"
"  Appointment Title: title\n"
"  Level of Care: level\n"
"  LOC: level\n"
"  Level: level\n"
"  Age Group: age_group\n"
"  Admission Date: admitted\n"
"  Admit Date: admitted\n"
"  Discharge Date: discharged\n"
"  Sex Assigned at Birth: sex\n"
"  Sex at Birth: sex\n"
"\n"
"# The export's status words and the log's status each means: attended,\n"
"# late, left_early, absent, excused or cancelled.  A word not listed is\n"
"# an error.\n"
"status:\n"
"  Attended: attended\n"
"  Show: attended\n"
"  Showed: attended\n"
"  Arrived: attended\n"
"  Kept: attended\n"
"  Completed: attended\n"
"  Checked In: attended\n"
"  Present: attended\n"
"  Late: late\n"
"  Left Early: left_early\n"
"  Absent: absent\n"
"  No Show: absent\n"
"  Missed: absent\n"
"  Late Cancelled: absent\n"
"  Late Canceled: absent\n"
"  Late Cancel: absent\n"
"  Late Cancellation: absent\n"
"  Excused: excused\n"
"  # the client cancelled in time; where an export's Cancelled means\n"
"  # that the clinic cancelled the session, map it to cancelled\n"
"  Cancelled: excused\n"
"  Canceled: excused\n"
"  Clinic Cancelled: cancelled\n"
"  Clinic Canceled: cancelled\n"
"  Clinician Cancelled: cancelled\n"
"  Clinician Canceled: cancelled\n"
"\n"
"# A roster's levels of care: op, iop, php, residential or inpatient,\n"
"# or an ASAM code.\n"
"level:\n"
"  OP: op\n"
"  Outpatient: op\n"
"  IOP: iop\n"
"  Intensive Outpatient: iop\n"
"  PHP: php\n"
"  Partial Hospitalization: php\n"
"  Residential: residential\n"
"  Inpatient: inpatient\n"
"  '1': '1'\n"
"  '1.0': '1.0'\n"
"  '1.5': '1.5'\n"
"  '2.1': '2.1'\n"
"  '2.5': '2.5'\n"
"  '3.1': '3.1'\n"
"  '3.3': '3.3'\n"
"  '3.5': '3.5'\n"
"  '3.7': '3.7'\n"
"  '4': '4'\n"
"  '4.0': '4.0'\n"
"# A roster's age groups: adult or adolescent.\n"
"age_group:\n"
"  Adult: adult\n"
"  Adolescent: adolescent\n"
"# Whether a session's note is signed: yes or no.\n"
"note_signed:\n"
"  'yes': 'yes'\n"
"  Y: 'yes'\n"
"  'true': 'yes'\n"
"  '1': 'yes'\n"
"  Signed: 'yes'\n"
"  'no': 'no'\n"
"  N: 'no'\n"
"  'false': 'no'\n"
"  '0': 'no'\n"
"  Unsigned: 'no'\n"
"  Not Signed: 'no'\n"
"# Services under other names, such as billing codes; a word not listed\n"
"# is kept as it is.  For example:\n"
"#   '90853': group\n"
"#   '90837': individual\n"
"#   '90847': family\n"
"service: {}\n";

#define B(t)	(1u << (t))
#define LOG	B(IMPORT_LOG)
#define INTAKE	B(IMPORT_INTAKE)
#define ROSTER	B(IMPORT_ROSTER)
#define SCHED	B(IMPORT_SCHEDULE)
#define ALL	(LOG | INTAKE | ROSTER | SCHED)

/* The fields before the intake's items, in the order they are written. */
static const struct import_field head[] = {
	{ "client_id", IK_TEXT, 0, ALL, ALL },
	{ "date", IK_DATE, 0, LOG | SCHED | INTAKE, LOG | SCHED },
	{ "start", IK_START, 0, LOG | SCHED, LOG | SCHED },
	{ "end", IK_END, 0, LOG | SCHED, LOG | SCHED },
	{ "duration", IK_DURATION, 0, LOG | SCHED, 0 },
	{ "start_datetime", IK_DATETIME, 0, LOG | SCHED, 0 },
	{ "end_datetime", IK_DATETIME, 0, LOG | SCHED, 0 },
	{ "service", IK_FREE, MAP_SERVICE, LOG | SCHED, LOG },
	{ "status", IK_WORD, MAP_STATUS, LOG, LOG },
	{ "session_id", IK_TEXT, 0, LOG | SCHED, 0 },
	{ "title", IK_TEXT, 0, SCHED, 0 },
	{ "note_signed", IK_WORD, MAP_NOTE_SIGNED, LOG, 0 },
	{ "note_date", IK_DATE, 0, LOG, 0 },
	{ "level", IK_WORD, MAP_LEVEL, ROSTER, 0 },
	{ "age_group", IK_WORD, MAP_AGE_GROUP, ROSTER, 0 },
	{ "admitted", IK_DATE, 0, ROSTER, 0 },
	{ "discharged", IK_DATE, 0, ROSTER, 0 },
	{ "age", IK_TEXT, 0, INTAKE, 0 },
	{ "sex", IK_TEXT, 0, INTAKE, 0 },
};
#define NHEAD	(sizeof head / sizeof head[0])

/* After the items. */
static const char *const intake_tail[] = { "d1", "d2", "d3", "d4", "d5",
	"d6", "medically_unstable", "recent_inpatient", "living_environment" };
#define NTAIL	(sizeof intake_tail / sizeof intake_tail[0])

#define MAXFIELDS	(NHEAD + NINSTR * SCREEN_MAXITEMS + 4 + NTAIL)

static struct import_field fields[MAXFIELDS];
static char names[NINSTR * SCREEN_MAXITEMS + 4][16];
static size_t nfields;

static void
add_intake(const char *name)
{
	fields[nfields].name = name;
	fields[nfields].kind = IK_TEXT;
	fields[nfields].types = INTAKE;
	fields[nfields++].required = 0;
}

/* The intake's items come from screen.h, so that the two cannot drift. */
static void
build_fields(void)
{
	size_t k, nn = 0;
	int i, j;

	memcpy(fields, head, sizeof head);
	nfields = NHEAD;
	for (i = 0; i < NINSTR; i++) {
		if (i == I_CRAFFT)
			for (j = 1; j <= 3; j++) {
				snprintf(names[nn], sizeof names[nn],
				    "crafft_a%d", j);
				add_intake(names[nn++]);
			}
		for (j = 1; j <= screen_nitems(i); j++) {
			snprintf(names[nn], sizeof names[nn], "%s_%d",
			    screen_key(i), j);
			add_intake(names[nn++]);
		}
		if (i == I_CSSRS)
			add_intake("cssrs_6b");
	}
	for (k = 0; k < NTAIL; k++)
		add_intake(intake_tail[k]);
}

const struct import_field *
import_fields(size_t *n)
{
	if (nfields == 0)
		build_fields();
	*n = nfields;
	return fields;
}

const struct import_field *
import_field(const char *name)
{
	size_t i, n;
	const struct import_field *f = import_fields(&n);

	for (i = 0; i < n; i++)
		if (strcmp(f[i].name, name) == 0)
			return &f[i];
	return NULL;
}

static const char *const type_names[NIMPORT_TYPES] = { "log", "intake",
	"roster", "schedule" };

int
import_type_parse(const char *s)
{
	int i;

	for (i = 0; i < NIMPORT_TYPES; i++)
		if (strcmp(s, type_names[i]) == 0)
			return i;
	return -1;
}

const char *
import_type_name(int t)
{
	return type_names[t];
}

static const char *const map_names[NMAPS] = { "status", "level",
	"age_group", "note_signed", "service" };

const char *
import_map_name(int map)
{
	return map_names[map];
}

/* The values each map may give; NULL: any word. */
static const char *const status_words[] = { "attended", "late",
	"left_early", "absent", "excused", "cancelled", NULL };
static const char *const level_words[] = { "op", "iop", "php",
	"residential", "inpatient", "1", "1.0", "1.5", "2.1", "2.5", "3.1",
	"3.3", "3.5", "3.7", "4", "4.0", NULL };
static const char *const age_words[] = { "adult", "adolescent", NULL };
static const char *const yesno_words[] = { "yes", "no", NULL };
static const char *const *const map_values[NMAPS] = { status_words,
	level_words, age_words, yesno_words, NULL };
static const char *const map_says[NMAPS] = {
	"attended, late, left_early, absent, excused or cancelled",
	"op, iop, php, residential, inpatient or an ASAM code",
	"adult or adolescent", "yes or no",
	"a service name of at most 63 bytes" };

static int
map_allows(int map, const char *v)
{
	const char *const *w = map_values[map];

	if (w == NULL)
		return *v != '\0' && strlen(v) <= 63;
	for (; *w != NULL; w++)
		if (strcmp(*w, v) == 0)
			return 1;
	return 0;
}

/* --- folding and lookups --- */

int
import_fold(char *dst, size_t n, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	for (; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '-' || *p == '_')
			continue;
		if (p[0] == 0xc2 && p[1] == 0xa0) {	/* no-break space */
			p++;
			continue;
		}
		if (i + 1 >= n)
			return -1;
		dst[i++] = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') :
		    (char)*p;
	}
	if (n == 0)
		return -1;
	dst[i] = '\0';
	return 0;
}

char *
import_fold_dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = xmalloc(n);

	import_fold(d, n, s);
	return d;
}

/* The first place of l->byfold[lo..hi) whose name is not before fold. */
static size_t
first_not_before(const struct import_list *l, const char *fold)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(l->e[l->byfold[mid]].fold, fold) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const char *
import_lookup(const struct import_list *l, const char *fold, size_t *pos)
{
	size_t i;

	if (l->byfold != NULL) {
		i = first_not_before(l, fold);
		if (i == l->n || strcmp(l->e[l->byfold[i]].fold, fold) != 0)
			return NULL;
		i = l->byfold[i];
		if (pos != NULL)
			*pos = i;
		return l->e[i].to;
	}
	for (i = 0; i < l->n; i++)
		if (strcmp(l->e[i].fold, fold) == 0) {
			if (pos != NULL)
				*pos = i;
			return l->e[i].to;
		}
	return NULL;
}

static void
add_entry(struct import_profile *p, struct import_list *l, const char *from,
    const char *to, int rank)
{
	struct import_entry *e;

	free(l->byfold);	/* stale: lookups scan until ready again */
	l->byfold = NULL;
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 64;
		l->e = xreallocarray(l->e, l->cap, sizeof *l->e);
	}
	e = &l->e[l->n++];
	e->fold = import_fold_dup(from);
	e->to = xstrdup(to);
	e->rank = rank;
	e->seq = p->seq++;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct import_entry *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static const struct import_list *fold_list;	/* for by_fold() */

static int
by_fold(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int k = strcmp(fold_list->e[x].fold, fold_list->e[y].fold);

	return k != 0 ? k : x < y ? -1 : x > y;
}

/* Rank order, then the index by name: equal names, the first first. */
static void
list_sort(struct import_list *l)
{
	size_t i;

	if (l->n == 0)		/* an empty list has no array to sort */
		return;
	qsort(l->e, l->n, sizeof *l->e, entry_cmp);
	free(l->byfold);
	l->byfold = xcalloc(l->n, sizeof *l->byfold);
	for (i = 0; i < l->n; i++)
		l->byfold[i] = i;
	fold_list = l;
	qsort(l->byfold, l->n, sizeof *l->byfold, by_fold);
}

void
import_profile_ready(struct import_profile *p)
{
	int m;

	list_sort(&p->columns);
	for (m = 0; m < NMAPS; m++)
		list_sort(&p->words[m]);
}

/* --- checks shared by the loader and the options --- */

/* A field name: a known field, or one a profile adds (a-z, 0-9, '_'). */
static int
field_name_ok(const char *s)
{
	size_t i;

	if (strcmp(s, "-") == 0 || import_field(s) != NULL)
		return 1;
	if (*s < 'a' || *s > 'z' || strlen(s) > 63)
		return 0;
	for (i = 0; s[i] != '\0'; i++)
		if (!(s[i] >= 'a' && s[i] <= 'z') && !(s[i] >= '0' &&
		    s[i] <= '9') && s[i] != '_')
			return 0;
	return 1;
}

/* Does s fold to something (not only spaces, '-' and '_')? */
static int
folds_to_text(const char *s)
{
	char d[2];

	return import_fold(d, sizeof d, s) == -1 || d[0] != '\0';
}

int
import_delim_parse(const char *s)
{
	if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0)
		return '\t';
	if (s[0] == '\0' || s[1] != '\0' || s[0] == '"' || s[0] == '\r' ||
	    s[0] == '\n' || (unsigned char)s[0] >= 0x80)
		return -1;
	return (unsigned char)s[0];
}

/* --- the loader --- */

static int
bad(const char *file, size_t line, const char *fmt, const char *what)
{
	struct loc loc = { file, line };

	diag_warnx(&loc, fmt, what);
	return -1;
}

static int
set_columns(struct import_profile *p, const char *file,
    const struct ynode *map, int rank)
{
	size_t i;

	if (ydoc_want(file, map, YN_MAP, "columns") == -1)
		return -1;
	for (i = 0; i < map->n; i++) {
		const struct ynode *v = map->kids[i];

		if (!folds_to_text(map->keys[i]))
			return bad(file, map->keylines[i], "%s", "a column name "
			    "is empty, or only spaces, '-' and '_'");
		if (ydoc_want(file, v, YN_SCALAR, "a column's field") == -1)
			return -1;
		if (!field_name_ok(v->str))
			return bad(file, v->line, "%s", "a column's field is not "
			    "'-' or a field name (a-z, 0-9 and '_')");
		add_entry(p, &p->columns, map->keys[i], v->str, rank);
	}
	return 0;
}

static int
set_words(struct import_profile *p, const char *file, int m,
    const struct ynode *map, int rank)
{
	size_t i;

	if (ydoc_want(file, map, YN_MAP, map_names[m]) == -1)
		return -1;
	for (i = 0; i < map->n; i++) {
		const struct ynode *v = map->kids[i];

		if (!folds_to_text(map->keys[i]))
			return bad(file, map->keylines[i], "a word of '%s' is "
			    "empty, or only spaces, '-' and '_'", map_names[m]);
		if (ydoc_want(file, v, YN_SCALAR, "a word's value") == -1)
			return -1;
		if (!map_allows(m, v->str)) {
			struct loc loc = { file, v->line };

			diag_warnx(&loc, "a word of '%s' is not given %s",
			    map_names[m], map_says[m]);
			return -1;
		}
		add_entry(p, &p->words[m], map->keys[i], v->str, rank);
	}
	return 0;
}

static int
set_string(char **dst, const char *file, const struct ynode *v,
    const char *key)
{
	if (ydoc_want(file, v, YN_SCALAR, key) == -1)
		return -1;
	free(*dst);
	*dst = v->str[0] != '\0' ? xstrdup(v->str) : NULL;
	return 0;
}

static int
set_setting(struct import_profile *p, const char *file, const char *key,
    const struct ynode *v)
{
	if (strcmp(key, "date_format") == 0)
		return set_string(&p->date_format, file, v, key);
	if (strcmp(key, "time_format") == 0)
		return set_string(&p->time_format, file, v, key);
	if (strcmp(key, "encoding") == 0) {
		if (set_string(&p->encoding, file, v, key) == -1)
			return -1;
		if (p->encoding != NULL && (strcasecmp(p->encoding, "UTF-8") ==
		    0 || strcasecmp(p->encoding, "UTF8") == 0)) {
			free(p->encoding);
			p->encoding = NULL;
		}
		return 0;
	}
	if (ydoc_want(file, v, YN_SCALAR, key) == -1)
		return -1;
	if (strcmp(key, "type") == 0) {
		if ((p->type = import_type_parse(v->str)) == -1)
			return bad(file, v->line, "%s", "'type' is not log, "
			    "intake, roster or schedule");
		return 0;
	}
	/* delimiter */
	if (strcmp(v->str, "auto") == 0)
		p->delim = 0;
	else if ((p->delim = import_delim_parse(v->str)) == -1)
		return bad(file, v->line, "%s", "'delimiter' is not auto, tab "
		    "or one character other than a quote or a line break");
	return 0;
}

static int
apply(struct import_profile *p, const char *file, const struct ynode *root,
    int rank)
{
	static const char *const keys[] = { "type", "delimiter", "encoding",
	    "date_format", "time_format", "columns", "status", "level",
	    "age_group", "note_signed", "service", NULL };
	size_t k;
	int m;

	if (ydoc_want(file, root, YN_MAP, "the profile") == -1 ||
	    ydoc_keys(file, root, keys) == -1)
		return -1;
	for (k = 0; k < root->n; k++) {
		const char *key = root->keys[k];
		const struct ynode *v = root->kids[k];

		for (m = 0; m < NMAPS; m++)
			if (strcmp(key, map_names[m]) == 0)
				break;
		if (m < NMAPS) {
			if (set_words(p, file, m, v, rank) == -1)
				return -1;
		} else if (strcmp(key, "columns") == 0) {
			if (set_columns(p, file, v, rank) == -1)
				return -1;
		} else if (set_setting(p, file, key, v) == -1)
			return -1;
	}
	return 0;
}

void
import_profile_init(struct import_profile *p)
{
	static const char name[] = "<built-in profile>";
	struct ynode *root;
	size_t i, n;
	const struct import_field *f = import_fields(&n);

	memset(p, 0, sizeof *p);
	for (i = 0; i < n; i++)
		add_entry(p, &p->columns, f[i].name, f[i].name, RANK_OWN);
	root = ydoc_parse(name, import_default_profile,
	    strlen(import_default_profile));
	if (root == NULL || apply(p, name, root, RANK_BUILTIN) == -1)
		diag_fatal("the built-in profile is broken");
	ydoc_free(root);
}

int
import_profile_load(struct import_profile *p, const char *path)
{
	struct ynode *root;
	int rv;

	if ((root = ydoc_load(path)) == NULL)
		return -1;
	rv = apply(p, path, root, RANK_FILE);
	ydoc_free(root);
	return rv;
}

/* Split "A=B" at its last '=' into from (a copy) and to. */
static char *
split_arg(const char *arg, const char **to)
{
	const char *eq = strrchr(arg, '=');

	if (eq == NULL || eq == arg)
		return NULL;
	*to = eq + 1;
	return xstrndup(arg, (size_t)(eq - arg));
}

int
import_add_column(struct import_profile *p, const char *arg)
{
	const char *to;
	char *from = split_arg(arg, &to);
	int ok = from != NULL && folds_to_text(from) && field_name_ok(to);

	if (ok)
		add_entry(p, &p->columns, from, to, RANK_CLI);
	else
		diag_warnx(NULL, "--map takes NAME=FIELD: a column name, and "
		    "'-' or a field name (a-z, 0-9 and '_')");
	free(from);
	return ok ? 0 : -1;
}

int
import_add_word(struct import_profile *p, int map, const char *arg)
{
	const char *to;
	char *from = split_arg(arg, &to);
	int ok = from != NULL && folds_to_text(from) && map_allows(map, to);

	if (ok)
		add_entry(p, &p->words[map], from, to, RANK_CLI);
	else
		diag_warnx(NULL, "--%s takes WORD=VALUE, the value %s",
		    map_names[map], map_says[map]);
	free(from);
	return ok ? 0 : -1;
}

static void
list_free(struct import_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->e[i].fold);
		free(l->e[i].to);
	}
	free(l->e);
	free(l->byfold);
}

void
import_profile_free(struct import_profile *p)
{
	int m;

	list_free(&p->columns);
	for (m = 0; m < NMAPS; m++)
		list_free(&p->words[m]);
	free(p->encoding);
	free(p->date_format);
	free(p->time_format);
}

/* --- dates and times --- */

/* 1 to max digits at *s: their value, and *s past them; -1 if none. */
static int
number(const char **s, int max)
{
	int v = 0, n = 0;

	while (n < max && **s >= '0' && **s <= '9') {
		v = v * 10 + (**s - '0');
		(*s)++;
		n++;
	}
	return n > 0 ? v : -1;
}

static int
ymd(int y, int m, int d, long *day)
{
	char iso[32];

	if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
	return date_parse(iso, day);	/* a real day of the calendar? */
}

/*
 * strptime(3) sets only the fields its format names: the fields start
 * out impossible, so that a format without a year, a month or a day is
 * refused rather than read as 1900 or the first.
 */
static int
date_strptime(const char *s, const char *fmt, long *day)
{
	struct tm tm;
	const char *r;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = INT_MIN;
	tm.tm_mon = -1;
	tm.tm_mday = 0;
	if ((r = strptime(s, fmt, &tm)) == NULL || *r != '\0' ||
	    tm.tm_year == INT_MIN || tm.tm_year > 9999 - 1900)
		return -1;
	return ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, day);
}

int
import_date(const char *s, const char *fmt, long *day)
{
	const char *p = s;
	int m, d, y;

	if (fmt != NULL)
		return date_strptime(s, fmt, day);
	if (date_parse(s, day) == 0)
		return 0;
	if ((m = number(&p, 2)) == -1 || *p++ != '/' ||
	    (d = number(&p, 2)) == -1 || *p++ != '/')
		return -1;
	s = p;
	if ((y = number(&p, 4)) == -1 || p - s != 4 || *p != '\0')
		return -1;
	return ymd(y, m, d, day);
}

/* "AM", "PM", "a.m.", "p.m." in any case: 0 or 12 hours; -1 if not. */
static int
meridiem(const char *s)
{
	int pm;

	if (*s == 'a' || *s == 'A')
		pm = 0;
	else if (*s == 'p' || *s == 'P')
		pm = 12;
	else
		return -1;
	s++;
	if (*s == '.')
		s++;
	if (*s != 'm' && *s != 'M')
		return -1;
	s++;
	if (*s == '.')
		s++;
	return *s == '\0' ? pm : -1;
}

/* A time as fmt says, in minutes, its seconds (dropped) in *sec. */
static int
time_strptime(const char *s, const char *fmt, int *min, int *sec)
{
	struct tm tm;
	const char *r;

	memset(&tm, 0, sizeof tm);
	tm.tm_hour = -1;
	if ((r = strptime(s, fmt, &tm)) == NULL || *r != '\0' ||
	    tm.tm_hour < 0 || tm.tm_hour > 23 || tm.tm_min < 0 ||
	    tm.tm_min > 59)
		return -1;
	*min = tm.tm_hour * 60 + tm.tm_min;
	*sec = tm.tm_sec;
	return 0;
}

/*
 * A time as fmt says.  strptime(3) takes no hour 24, so with allow24 an
 * end whose hour, first as fmt starts with %H, is 24 is read as 00 and
 * is 24:00 if that gives midnight ("24:00", "24.00", "2400").
 */
static int
format_time(const char *s, const char *fmt, int allow24, int *min)
{
	char t[64];
	int sec;

	if (time_strptime(s, fmt, min, &sec) == 0)
		return 0;
	if (!allow24 || strncmp(fmt, "%H", 2) != 0 ||
	    strncmp(s, "24", 2) != 0 || strlen(s) >= sizeof t)
		return -1;
	memcpy(t, s, strlen(s) + 1);
	t[0] = t[1] = '0';
	if (time_strptime(t, fmt, min, &sec) == -1 || *min != 0 || sec != 0)
		return -1;
	*min = 24 * 60;
	return 0;
}

int
import_time(const char *s, const char *fmt, int allow24, int *min)
{
	const char *p = s;
	int h, m, sec = 0, pm = -1;

	if (fmt != NULL)
		return format_time(s, fmt, allow24, min);
	if ((h = number(&p, 2)) == -1 || *p++ != ':')
		return -1;
	s = p;
	if ((m = number(&p, 2)) == -1 || p - s != 2)
		return -1;
	if (*p == ':') {
		s = ++p;
		if ((sec = number(&p, 2)) == -1 || p - s != 2 || sec > 59)
			return -1;
	}
	while (*p == ' ')
		p++;
	if (*p != '\0' && (pm = meridiem(p)) == -1)
		return -1;
	if (m > 59)
		return -1;
	if (pm >= 0) {
		if (h < 1 || h > 12)
			return -1;
		h = h % 12 + pm;
	} else if (h > 23 && !(allow24 && h == 24 && m == 0 && sec == 0))
		return -1;
	*min = h * 60 + m;
	return 0;
}

/*
 * Every place where the value could split into a date and a time is
 * tried, since a --date-format may itself hold spaces; a value is at
 * most 63 bytes, so this costs little.
 */
int
import_datetime(const char *s, const char *date_fmt, const char *time_fmt,
    int allow24, long *day, int *min)
{
	char date[64];
	size_t i, j, n = strlen(s);

	if (n >= sizeof date)
		return -1;
	for (i = 1; i < n; i++) {
		if (s[i] != ' ' && s[i] != 'T')
			continue;
		j = i + 1;
		if (s[i] == ' ')
			while (s[j] == ' ')
				j++;
		memcpy(date, s, i);
		date[i] = '\0';
		if (import_date(date, date_fmt, day) == 0 &&
		    import_time(s + j, time_fmt, allow24, min) == 0)
			return 0;
	}
	return -1;
}

int
import_duration(const char *s, int *min)
{
	const char *p = s;
	int h, m;

	if ((h = number(&p, 4)) == -1)
		return -1;
	if (*p == '\0')
		m = h, h = 0;
	else {
		if (*p++ != ':')
			return -1;
		s = p;
		if ((m = number(&p, 2)) == -1 || p - s != 2 || *p != '\0' ||
		    m > 59)
			return -1;
	}
	*min = h * 60 + m;
	return *min >= 1 && *min <= 1440 ? 0 : -1;
}
