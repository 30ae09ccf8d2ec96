/*
 * avail.h: day lists ("mon-fri") and the minutes of the week a client
 * can attend ("mon-fri 09:00-13:00, sat"), for the program file and
 * iop-plan's availability columns.  Parsers print nothing and return -1
 * on bad text; nothing here allocates.
 */
#ifndef IOP_AVAIL_H
#define IOP_AVAIL_H

/* "mon", "mon-fri", "sat,sun", "daily": a mask of days (bit 0 Monday). */
int	days_parse(const char *, unsigned *mask);

/* Minutes a client can attend, per weekday. */
struct avail {
	unsigned char	ok[7][1440];
};

/*
 * Availability text: items "DAYS HH:MM-HH:MM ..." separated by commas
 * or spaces; days alone mean the whole day.  avail_add() sets those
 * minutes and clears the rest; avail_remove() clears them.  Empty text
 * changes nothing.
 */
int	avail_add(struct avail *, const char *);
int	avail_remove(struct avail *, const char *);

#endif
