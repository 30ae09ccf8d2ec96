/*
 * num.h: whole numbers and hours as text, in both directions.
 *
 * By hand, not strtod() or printf(): the programs must not follow the
 * locale's decimal point, and the formatters run for millions of cells.
 * The parsers print nothing and return -1 on bad text; the caller names
 * the option or field in its message.  Nothing here allocates or exits.
 */
#ifndef IOP_NUM_H
#define IOP_NUM_H

#include <stddef.h>

/* A whole number in [min, max]. */
int	num_parse(const char *, long min, long max, long *);
/* Hours as a decimal ("9", "7.5", at most two decimals) in minutes. */
int	num_hours(const char *, long *minutes);
/* Minutes as hours with exactly two decimals, rounded half up; its length. */
size_t	num_fmt_hours(long minutes, char buf[32]);
/* The same, but whole hours without decimals: "9", "7.50". */
size_t	num_fmt_hours_brief(long minutes, char buf[32]);
/* A whole number, as printf's %ld would write it in the C locale; length. */
size_t	num_fmt_long(long, char buf[32]);
/*
 * yes, y, true, 1 (1) or no, n, false, 0 (0), in any case; -1 for
 * anything else, the empty string too (a caller to whom empty means no
 * says so itself).  The one yes/no of every program and file.
 */
int	num_yesno(const char *);

#endif
