/* Unit tests of lib/attlog.c: the attendance log's schema and check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attlog.h"
#include "date.h"
#include "diag.h"
#include "opt.h"
#include "rec.h"
#include "tap.h"

#define HM(h, m)	((h) * 60 + (m))

/*
 * A record of the log's columns from "client,date,start,end,service,
 * status[,session_id,note_signed,note_date]", bound as a program binds
 * them (ncols of attlog_columns).
 */
struct fixture {
	struct rec	r;
	struct colmap	m;
};

static void
make(struct fixture *x, const char *line, size_t ncols)
{
	char buf[256], *p = buf, *f;
	size_t i = 0;

	memset(x, 0, sizeof *x);
	x->r = (struct rec)REC_INIT;
	x->r.loc.file = "log.csv";
	x->r.loc.line = 2;
	snprintf(buf, sizeof buf, "%s", line);
	while ((f = strsep(&p, ",")) != NULL && i < ncols)
		rec_adds(&x->r, attlog_columns[i++], f, REC_TEXT);
	colmap_init(&x->m, attlog_columns, ncols);
	colmap_bind(&x->m, &x->r);
}

static void
unmake(struct fixture *x)
{
	colmap_free(&x->m);
	rec_free(&x->r);
}

/* Check a good record: 1 if attlog_check() returned. */
static int
good(const char *line, size_t ncols, struct attlog_rec *a)
{
	struct attlog_reader rd;
	struct fixture x;

	attlog_reader_init(&rd, -(1L << 40), 1L << 40);
	make(&x, line, ncols);
	attlog_check(&rd, &x.m, &x.r, a);
	unmake(&x);
	a->client = NULL;	/* the record's, gone with it */
	return 1;
}

/*
 * Check a bad record in a child, which must exit 2: the message it
 * printed, without the program's name, in msg.
 */
static int
bad(const char *line, size_t ncols, char msg[200])
{
	FILE *tmp = tmpfile();
	pid_t pid;
	int st;
	char *p;

	msg[0] = '\0';
	fflush(stdout);		/* or the child prints the TAP lines again */
	if (tmp == NULL || (pid = fork()) == -1)
		return 0;
	if (pid == 0) {
		struct attlog_rec a;

		diag_output(tmp);
		good(line, ncols, &a);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	rewind(tmp);
	if (fgets(msg, 200, tmp) == NULL)
		msg[0] = '\0';
	fclose(tmp);
	msg[strcspn(msg, "\n")] = '\0';
	if ((p = strstr(msg, ": ")) != NULL)
		memmove(msg, p + 2, strlen(p + 2) + 1);
	return WIFEXITED(st) && WEXITSTATUS(st) == 2;
}

static void
test_statuses(void)
{
	static const char *const line[] = {
		"C1,2026-11-23,09:00,12:00,group,attended",
		"C1,2026-11-23,09:20,12:00,group,late",
		"C1,2026-11-23,09:00,11:00,group,left_early",
		"C1,2026-11-23,,,group,absent",
		"C1,2026-11-23,,,,excused",
		"C1,2026-11-23,09:00,12:00,,cancelled",
	};
	struct attlog_rec a;
	int i;

	for (i = 0; i < ATTLOG_NSTATUS; i++) {
		good(line[i], ATTLOG_REQUIRED, &a);
		ok(a.status == (enum attlog_status)i &&
		    strcmp(attlog_status_name(a.status),
		    strrchr(line[i], ',') + 1) == 0, "status %s", attlog_status_name(i));
		ok(attlog_counts_hours(a.status) == (i <= ATTLOG_LEFT_EARLY),
		    "%s %s hours", attlog_status_name(i), i <= 2 ? "counts" :
		    "does not count");
		ok(attlog_due(a.status) == (i != ATTLOG_CANCELLED),
		    "%s is %sdue", attlog_status_name(i), i == 5 ? "not " : "");
	}
}

static void
test_times(void)
{
	struct attlog_rec a;
	long d;

	good("C1,2026-11-23,09:00,12:00,group,attended", ATTLOG_REQUIRED, &a);
	date_parse("2026-11-23", &d);
	ok(a.day == d && a.start == HM(9, 0) && a.end == HM(12, 0),
	    "an attended record's day and times");
	good("C1,2026-11-23,22:00,00:00,group,attended", ATTLOG_REQUIRED, &a);
	ok(a.start == HM(22, 0) && a.end == 24 * 60,
	    "an end of 00:00 after the start is 24:00");
	good("C1,2026-11-23,22:00,24:00,group,attended", ATTLOG_REQUIRED, &a);
	ok(a.end == 24 * 60, "24:00 is the end of the day");
	good("C1,2026-11-23,,,group,absent", ATTLOG_REQUIRED, &a);
	ok(a.start == ATTLOG_NOTIMES && a.end == ATTLOG_NOTIMES,
	    "a missed session without times");
	good("C1,2026-11-23,09:00,00:00,group,absent", ATTLOG_REQUIRED, &a);
	ok(a.start == HM(9, 0) && a.end == 24 * 60,
	    "a missed session's 00:00 end is midnight too");
	ok(attlog_end(0, 0) == 0 && attlog_end(1, 0) == 24 * 60 &&
	    attlog_end(HM(9, 0), HM(12, 0)) == HM(12, 0),
	    "attlog_end: 00:00 is midnight only after a start");
}

static void
test_errors(void)
{
	char msg[200];

	ok(bad("C1,2026-11-23,10:30,09:00,group,absent", ATTLOG_REQUIRED,
	    msg) && strcmp(msg, "log.csv:2: field 'end' is not after 'start' "
	    "(split a session that runs past midnight at 24:00)") == 0,
	    "a missed session's end before its start: %s", msg);
	ok(bad("C1,2026-11-23,10:30,10:30,group,attended", ATTLOG_REQUIRED,
	    msg) && strstr(msg, "field 'end' is not after") != NULL,
	    "an end equal to the start");
	ok(bad("C1,2026-11-23,00:00,00:00,group,attended", ATTLOG_REQUIRED,
	    msg) && strstr(msg, "field 'end' is not after") != NULL,
	    "00:00 to 00:00 is no session");
	ok(bad("C1,2026-11-23,10:30,,group,excused", ATTLOG_REQUIRED, msg) &&
	    strcmp(msg, "log.csv:2: field 'end' is empty") == 0,
	    "a missed session with a start and no end");
	ok(bad("C1,2026-11-23,,10:30,group,cancelled", ATTLOG_REQUIRED, msg) &&
	    strcmp(msg, "log.csv:2: field 'start' is empty") == 0,
	    "a missed session with an end and no start");
	ok(bad("C1,2026-11-23,,12:00,group,attended", ATTLOG_REQUIRED, msg) &&
	    strstr(msg, "field 'start' is not a time") != NULL,
	    "an attended record needs its start");
	ok(bad("C1,2026-11-23,09:00,12:00,,attended", ATTLOG_REQUIRED, msg) &&
	    strcmp(msg, "log.csv:2: field 'service' is empty") == 0,
	    "an attended record needs its service");
	ok(bad(",2026-11-23,09:00,12:00,group,attended", ATTLOG_REQUIRED,
	    msg) && strcmp(msg, "log.csv:2: field 'client_id' is empty") == 0,
	    "the client is required");
	ok(bad("C1,2026-11-23,09:00,12:00,group,Attended", ATTLOG_REQUIRED,
	    msg) && strstr(msg, "field 'status' is not one of") != NULL,
	    "status words are lower case");
	ok(bad("C1,2026-11-31,09:00,12:00,group,attended", ATTLOG_REQUIRED,
	    msg) && strstr(msg, "field 'date' is not a date") != NULL,
	    "an impossible date");
	/* the date is checked first: one message, the first bad field */
	ok(bad("C1,2026-11-31,09:00,12:00,group,maybe", ATTLOG_REQUIRED,
	    msg) && strstr(msg, "field 'date'") != NULL, "the date first");
}

/*
 * The short paths of the check (a time read in place, a status told by
 * its length) must take what time_parse() takes and refuse the rest
 * with the same message.
 */
static void
test_every_time(void)
{
	char line[80];
	struct attlog_rec a;
	int h, m, same = 1;

	for (h = 0; h < 24; h++)
		for (m = 0; m < 60; m++) {
			snprintf(line, sizeof line, "C1,2026-11-23,%02d:%02d,"
			    "24:00,group,attended", h, m);
			good(line, ATTLOG_REQUIRED, &a);
			same &= a.start == HM(h, m) && a.end == 24 * 60;
		}
	ok(same, "every minute from 00:00 to 23:59 reads as itself");
}

static void
test_bad_times(void)
{
	static const char *const start[] = {
		"24:00", "23:60", "30:00", "2a:00", "9:00", "09-00", "0900 ",
		"/9:00", "0/:00", ":9:00", "09:6", "09:0:", "-1:00", "09:5a",
		"09:+0", "\t9:00", "09;00", "09?00", "0:900",
		"\xb0" "9:00", "0\xb9:00", "09\xba" "00", "09:\xb5" "0",
		"09:0\xb9", "0\xca:00", "09:\xca" "0", "\x7f" "9:00",
		"09:\x7f" "0",
	};
	char line[80], msg[200];
	size_t i;
	int all = 1;

	for (i = 0; i < sizeof start / sizeof *start; i++) {
		snprintf(line, sizeof line, "C1,2026-11-23,%s,24:00,group,"
		    "attended", start[i]);
		if (!bad(line, ATTLOG_REQUIRED, msg) || strcmp(msg, "log.csv:2: "
		    "field 'start' is not a time (HH:MM)") != 0) {
			printf("# start %s: %s\n", start[i], msg);
			all = 0;
		}
	}
	ok(all, "bad start times are refused, each with the time message");
	ok(bad("C1,2026-11-23,09:00,24:01,group,attended", ATTLOG_REQUIRED,
	    msg) && strcmp(msg, "log.csv:2: field 'end' is not a time (HH:MM, "
	    "or 24:00 for the end of the day)") == 0, "24:01 is no end");
}

static void
test_bad_statuses(void)
{
	static const char *const word[] = {
		"attendex", "Xttended", "lat", "lates", "Late", "lame", "left_earlx",
		"left-early", "absenx", "Absent", "excusex", "excuse",
		"cancellex", "canceled", "", "attended ",
	};
	char line[80], msg[200];
	size_t i;
	int all = 1;

	for (i = 0; i < sizeof word / sizeof *word; i++) {
		snprintf(line, sizeof line, "C1,2026-11-23,09:00,12:00,group,"
		    "%s", word[i]);
		if (!bad(line, ATTLOG_REQUIRED, msg) ||
		    strstr(msg, "field 'status' is not one of") == NULL) {
			printf("# status %s: %s\n", word[i], msg);
			all = 0;
		}
	}
	ok(all, "words near a status word, of its length or not, are refused");
}

static void
test_latest(void)
{
	struct attlog_reader rd;
	struct fixture x;
	struct attlog_rec a;
	long d;
	int st;

	date_parse("2026-11-23", &d);
	attlog_reader_init(&rd, d - 1, d);
	make(&x, "C1,2026-11-23,09:00,12:00,group,attended", ATTLOG_REQUIRED);
	attlog_check(&rd, &x.m, &x.r, &a);
	ok(a.day == d, "a date on the latest day is good");
	ok(a.client->len == 2 && memcmp(a.client->val, "C1", 2) == 0,
	    "the client is the record's own field");
	unmake(&x);
	fflush(stdout);
	if (fork() == 0) {
		FILE *devnull = fopen("/dev/null", "w");

		diag_output(devnull);
		make(&x, "C1,2026-11-24,09:00,12:00,group,attended",
		    ATTLOG_REQUIRED);
		attlog_check(&rd, &x.m, &x.r, &a);
		_exit(0);
	}
	ok(wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 2,
	    "a date after the latest is an error");
}

static void
test_notes(void)
{
	struct attlog_rec a;
	char msg[200];
	long d;

	good("C1,2026-11-23,09:00,12:00,group,attended,S1,Yes,2026-11-24",
	    ATTLOG_NCOLS, &a);
	date_parse("2026-11-24", &d);
	ok(a.notes && a.signed_ && a.note_day == d, "a signed note, Yes");
	good("C1,2026-11-23,09:00,12:00,group,attended,S1,,", ATTLOG_NCOLS, &a);
	ok(a.notes && !a.signed_ && a.note_day == ATTLOG_NODAY,
	    "an empty note_signed is no");
	good("C1,2026-11-23,09:00,12:00,group,attended", ATTLOG_REQUIRED, &a);
	ok(!a.notes && !a.signed_, "no note columns bound: no notes");
	ok(bad("C1,2026-11-23,09:00,12:00,group,attended,S1,signed,",
	    ATTLOG_NCOLS, msg) && strcmp(msg, "log.csv:2: field 'note_signed' "
	    "is not yes or no") == 0, "note_signed is yes or no");
	ok(bad("C1,2026-11-23,09:00,12:00,group,attended,S1,yes,2026-02-30",
	    ATTLOG_NCOLS, msg) && strstr(msg, "field 'note_date' is not a "
	    "date") != NULL, "note_date is a date");
}

/* The one yes/no of every program (opt.h), which note_signed uses. */
static void
test_yesno(void)
{
	static const char *const yes[] = { "yes", "Yes", "Y", "true", "TRUE",
	    "1" };
	static const char *const no[] = { "no", "NO", "n", "false", "0" };
	static const char *const neither[] = { "", "signed", "yes ", "2",
	    "t" };
	int i, good = 1;

	for (i = 0; i < 6; i++)
		good &= num_yesno(yes[i]) == 1;
	ok(good, "num_yesno: yes, y, true, 1 in any case");
	for (i = 0, good = 1; i < 5; i++)
		good &= num_yesno(no[i]) == 0;
	ok(good, "num_yesno: no, n, false, 0 in any case");
	for (i = 0, good = 1; i < 5; i++)
		good &= num_yesno(neither[i]) == -1;
	ok(good, "num_yesno: anything else, the empty string too, is -1");
}

int
main(int argc, char *argv[])
{
	diag_init("attlog");
	test_statuses();
	test_times();
	test_errors();
	test_every_time();
	test_bad_times();
	test_bad_statuses();
	test_latest();
	test_notes();
	test_yesno();
	return tap_done();
}
