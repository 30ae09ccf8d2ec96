/*
 * libFuzzer target: the date, week and time parsers (lib/date.c) and
 * the hours parser (lib/opt.c).  Whatever parses must format back to
 * the same text: that is what "only canonical text" means.
 */
#include <stdint.h>
#include <string.h>

#include "date.h"
#include "fuzz.h"
#include "opt.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char s[32], out[WEEK_LEN];
	long d, m;
	int t;

	if (size >= sizeof s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (date_parse(s, &d) == 0) {
		date_format(d, out);
		if (strcmp(out, s) != 0)
			abort();
		date_week_label(date_week_start(d, 0), 0, out);
		if (date_parse_isoweek(out, &m) == -1 ||
		    m != date_week_start(d, 0))
			abort();
	}
	if (date_parse_isoweek(s, &d) == 0) {
		date_week_label(d, 0, out);
		if (strcmp(out, s) != 0)
			abort();
	}
	if (time_parse(s, 1, &t) == 0) {
		time_format(t, out);
		if (strcmp(out, s) != 0 || t < 0 || t > 1440)
			abort();
	}
	if (num_hours(s, &m) == 0 && (m < 0 || m > 168 * 60))
		abort();
	(void)date_weekday_parse(s);
	return 0;
}
