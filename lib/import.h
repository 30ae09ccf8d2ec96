/*
 * import.h: how an EHR export maps to iop records (iop-import's profile).
 *
 * A profile says which record type to write, how the export is laid
 * out (delimiter, encoding, date and time formats), which column holds
 * which field, and what the export's words for a status, a level of
 * care, an age group or a signed note mean.  The built-in profile is
 * YAML text (import_default_profile, printed by --print-profile) read
 * through the same loader as a -p file, so the two cannot drift.
 *
 * Column names and words are compared folded: ASCII letters in lower
 * case, and spaces, tabs, '-' and '_' left out ("Date of Service",
 * "date_of_service" and "DATEOFSERVICE" are one name).  Entries are
 * ranked: the command line's, then a profile file's, then the built-in
 * profile's, then every field's own name; a lookup takes the first
 * that matches, so a later source never overrides an earlier one.
 *
 * Loaders print "prog: file:line: message" (never a key or value read
 * from the file) and return -1.  The value parsers print nothing and
 * return -1.  The profile owns its strings (import_profile_free()).
 */
#ifndef IOP_IMPORT_H
#define IOP_IMPORT_H

#include <stddef.h>

enum import_type { IMPORT_LOG, IMPORT_INTAKE, IMPORT_ROSTER,
	IMPORT_SCHEDULE, NIMPORT_TYPES };

/* How a field's value is read. */
enum import_kind {
	IK_TEXT,		/* as it is, spaces around it trimmed */
	IK_DATE,		/* a date, written YYYY-MM-DD */
	IK_START,		/* a time of day, written HH:MM */
	IK_END,			/* the same, or 24:00 */
	IK_DURATION,		/* minutes (input only: end = start + it) */
	IK_DATETIME,		/* a date and a time (input only) */
	IK_WORD,		/* a word of a value map; unknown: an error */
	IK_FREE			/* a word of a value map; unknown: as it is */
};

/* The value maps. */
enum { MAP_STATUS, MAP_LEVEL, MAP_AGE_GROUP, MAP_NOTE_SIGNED, MAP_SERVICE,
	NMAPS };

struct import_field {
	const char	*name;
	int		 kind;
	int		 map;		/* IK_WORD, IK_FREE: MAP_* */
	unsigned	 types;		/* 1 << IMPORT_*: the types it is of */
	unsigned	 required;	/* the types that need its column */
};

struct import_entry {
	char		*fold;		/* the name or word, folded */
	char		*to;		/* the field ("-": none), or the value */
	int		 rank;
	size_t		 seq;
};

struct import_list {
	struct import_entry *e;
	size_t		 n, cap;
	size_t		*byfold;	/* places, by fold then place (ready) */
};

struct import_profile {
	int		 type;
	int		 delim;		/* 0: sniffed from the header */
	char		*encoding;	/* NULL: UTF-8 */
	char		*date_format;	/* NULL: the built-in forms */
	char		*time_format;
	struct import_list columns;
	struct import_list words[NMAPS];
	size_t		 seq;
};

/* Where an entry comes from, first rank first. */
enum { RANK_CLI, RANK_FILE, RANK_BUILTIN, RANK_OWN };

extern const char import_default_profile[];

/* The fields of every type, in the order they are written. */
const struct import_field *import_fields(size_t *n);
/* The field of that name, or NULL. */
const struct import_field *import_field(const char *name);
/* "log", "intake", "roster", "schedule": the type, or -1. */
int	import_type_parse(const char *);
const char *import_type_name(int);
/* The map's name as a profile key and option word ("status", ...). */
const char *import_map_name(int map);

/*
 * Fold s into dst (size n): 0, or -1 if it does not fit.  For a name
 * of any length, import_fold_dup() returns a copy the caller frees.
 */
int	import_fold(char *dst, size_t n, const char *s);
char	*import_fold_dup(const char *s);

/* The built-in profile (exits 2 if it does not load: a build bug). */
void	import_profile_init(struct import_profile *);
/* Apply a profile file over p; 0 or -1 (printed). */
int	import_profile_load(struct import_profile *, const char *path);
/*
 * Add "FROM=TO" (--map) or "WORD=VALUE" (--status) at rank
 * RANK_CLI: 0, or -1 (printed, naming the option) if malformed.
 */
int	import_add_column(struct import_profile *, const char *arg);
int	import_add_word(struct import_profile *, int map, const char *arg);
/*
 * Put the entries in rank order and index them by name; call once,
 * after the last entry is added and before the lookups.
 */
void	import_profile_ready(struct import_profile *);
void	import_profile_free(struct import_profile *);

/*
 * The entry of list whose folded name is fold: its value, and its
 * place in the list in *pos (a smaller place wins); NULL if none.
 * A binary search once the profile is ready (a scan before): a profile
 * of thousands of words, each looked up for every row, cost their
 * product.
 */
const char *import_lookup(const struct import_list *, const char *fold,
	    size_t *pos);

/* "tab", or one character other than a quote or a line break. */
int	import_delim_parse(const char *);

/*
 * A date: with fmt (strptime(3)) that form only, else YYYY-MM-DD,
 * MM/DD/YYYY or M/D/YYYY.  0 and the day number, or -1.
 */
int	import_date(const char *s, const char *fmt, long *day);
/*
 * A time of day in minutes: with fmt (strptime(3)) that form only,
 * else H:MM, HH:MM, HH:MM:SS, or h:MM and h:MM:SS with AM or PM (12:00
 * AM is midnight).  Seconds are dropped.  With allow24, 24:00 too.
 */
int	import_time(const char *s, const char *fmt, int allow24, int *min);
/*
 * A date and a time of day in one value: a date as import_date()
 * reads it, then spaces or a 'T', then a time as import_time() reads
 * it ("11/23/2026 9:00 AM", "2026-11-23T09:00:00").  0 with the day
 * number and the minutes, or -1.
 */
int	import_datetime(const char *s, const char *date_fmt,
	    const char *time_fmt, int allow24, long *day, int *min);
/* Minutes, 1 to 1440: a whole number of minutes, or H:MM. */
int	import_duration(const char *s, int *min);

#endif
