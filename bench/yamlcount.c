/*
 * yamlcount.c: the floor of the iop-hours benchmark for YAML input.  A
 * bare libyaml event pass over a YAML file (or standard input) that
 * only counts documents, mappings and scalars, as csvcount.c does for
 * libcsv.  Anything the YAML record reader does on top of parsing
 * costs time above this.
 *
 *	yamlcount [FILE]
 *
 * Prints "SCALARS scalars MAPPINGS mappings DOCUMENTS documents".
 * Build: cc -O2 -o yamlcount yamlcount.c -lyaml
 */
#include <stdio.h>
#include <string.h>

#include <yaml.h>

int
main(int argc, char **argv)
{
	yaml_parser_t p;
	yaml_event_t e;
	unsigned long long scalars = 0, mappings = 0, documents = 0;
	const char *name = "<stdin>";
	FILE *f = stdin;
	int done = 0;

	if (argc > 2) {
		fputs("usage: yamlcount [FILE]\n", stderr);
		return 2;
	}
	if (argc == 2 && strcmp(argv[1], "-") != 0) {
		name = argv[1];
		if ((f = fopen(name, "rb")) == NULL) {
			perror(name);
			return 1;
		}
	}
	if (!yaml_parser_initialize(&p)) {
		fputs("yamlcount: yaml_parser_initialize failed\n", stderr);
		return 1;
	}
	yaml_parser_set_input_file(&p, f);
	while (!done) {
		if (!yaml_parser_parse(&p, &e)) {
			fprintf(stderr, "yamlcount: %s:%lu: %s\n", name,
			    (unsigned long)p.problem_mark.line + 1,
			    p.problem != NULL ? p.problem : "error");
			return 1;
		}
		switch (e.type) {
		case YAML_SCALAR_EVENT:
			scalars++;
			break;
		case YAML_MAPPING_START_EVENT:
			mappings++;
			break;
		case YAML_DOCUMENT_START_EVENT:
			documents++;
			break;
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&e);
	}
	yaml_parser_delete(&p);
	if (ferror(f)) {
		perror(name);
		return 1;
	}
	if (f != stdin)
		fclose(f);
	printf("%llu scalars %llu mappings %llu documents\n", scalars,
	    mappings, documents);
	return 0;
}
