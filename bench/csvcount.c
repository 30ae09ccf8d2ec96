/*
 * csvcount.c: the floor of the iop-hours benchmark.  A bare libcsv pass
 * over a CSV file (or standard input) that only counts fields and
 * records, with the parser options iop-hours uses.  Anything iop-hours
 * does on top of parsing costs time above this.
 *
 *	csvcount [FILE]
 *
 * Prints "FIELDS fields ROWS rows" (the header counts as a row).
 * Build: cc -O2 -o csvcount csvcount.c -lcsv
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#define BLOCK	65536

struct counts {
	unsigned long long fields, rows;
};

static void
on_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	((struct counts *)data)->fields++;
}

static void
on_row(int c, void *data)
{
	(void)c;
	((struct counts *)data)->rows++;
}

int
main(int argc, char **argv)
{
	static char buf[BLOCK];
	struct csv_parser p;
	struct counts n = { 0, 0 };
	const char *name = "<stdin>";
	FILE *f = stdin;
	size_t len;

	if (argc > 2) {
		fputs("usage: csvcount [FILE]\n", stderr);
		return 2;
	}
	if (argc == 2 && strcmp(argv[1], "-") != 0) {
		name = argv[1];
		if ((f = fopen(name, "rb")) == NULL) {
			perror(name);
			return 1;
		}
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
	    CSV_EMPTY_IS_NULL | CSV_REPALL_NL) != 0) {
		fputs("csvcount: csv_init failed\n", stderr);
		return 1;
	}
	while ((len = fread(buf, 1, sizeof buf, f)) > 0) {
		if (csv_parse(&p, buf, len, on_field, on_row, &n) != len) {
			fprintf(stderr, "csvcount: %s: record %llu: %s\n", name,
			    n.rows + 1, csv_strerror(csv_error(&p)));
			return 1;
		}
	}
	if (ferror(f)) {
		perror(name);
		return 1;
	}
	if (csv_fini(&p, on_field, on_row, &n) != 0) {
		fprintf(stderr, "csvcount: %s: at end: %s\n", name,
		    csv_strerror(csv_error(&p)));
		return 1;
	}
	csv_free(&p);
	if (f != stdin)
		fclose(f);
	printf("%llu fields %llu rows\n", n.fields, n.rows);
	return 0;
}
