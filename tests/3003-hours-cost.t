#!/bin/sh
# iop-hours on logs made to be costly: each must finish within a generous
# time limit (a cost that turns quadratic, or memory that grows with the
# roster times the weeks, shows as a failure rather than a slow run), and
# give the report worked out by hand.
. "$(dirname "$0")/lib.sh"
cd "$scratch" || exit 2

limit=20
big=1000
if [ "${VALGRIND:-0}" = 1 ]; then	# ten to fifty times slower
	limit=600
	big=100
fi
H=client_id,date,start,end,service,status
R=client_id,week,week_start,hours,sessions,days,missed

# timed NAME CMD...: run CMD with stdout to NAME.out, stderr to NAME.err;
# its status in NAME.st, 124 if it ran out of time.
timed() {
	t=$1
	shift
	timeout "$limit" "$@" >"$t.out" 2>"$t.err"
	echo $? >"$t.st"
}

# 8,191 one-minute sessions (Monday 00:00 to Saturday 16:31), then the
# first of them 100,000 times more: one client-week, 4.4 MB.  (A table
# that sorted its intervals whenever it was full took 9 s for 20,000.)
awk -v h=$H 'BEGIN {
	print h
	for (i = 0; i < 8191; i++) {
		d = int(i / 1440); m = i % 1440
		printf "C1,2026-11-%02d,%02d:%02d,%02d:%02d,group,attended\n",
		    23 + d, m / 60, m % 60, (m + 1) / 60, (m + 1) % 60
	}
	for (i = 0; i < 100000; i++)
		print "C1,2026-11-23,00:00,00:01,group,attended"
}' >dup.csv
timed dup iop-hours dup.csv
check "duplicates of one session: in time" [ "$(cat dup.st)" = 0 ]
check "duplicates of one session: 8,191 minutes (136.52 h), 108,191 sessions" \
    [ "$(sed -n 2p dup.out)" = \
    "C1,2026-W48,2026-11-23,136.52,108191,6,0,136.52,9.00,19.00,above_max" ]

# A week of one-minute sessions backwards, each new one before all the
# others (10,080 pieces), twice, and with it a week of sessions each
# starting a minute later than the last and lasting 12 hours, in
# another service (most minutes covered 720 times over).
awk -v h=$H 'BEGIN {
	print h
	for (k = 0; k < 2; k++)
		for (i = 7 * 1440 - 1; i >= 0; i--) {
			d = int(i / 1440); m = i % 1440
			printf "C1,2026-11-%02d,%02d:%02d,%02d:%02d,group,attended\n",
			    23 + d, m / 60, m % 60, (m + 1) / 60, (m + 1) % 60
		}
	for (i = 0; i < 7 * 720; i++) {
		d = int(i / 720); m = i % 720
		printf "C2,2026-11-%02d,%02d:%02d,%02d:%02d,cbt,attended\n",
		    23 + d, m / 60, m % 60, (m + 720) / 60, (m + 720) % 60
	}
}' >back.csv
timed back iop-hours back.csv
check "a week of one-minute sessions backwards: in time" \
    [ "$(cat back.st)" = 0 ]
check "a week of one-minute sessions backwards: 168 hours" \
    [ "$(sed -n 2p back.out)" = \
    "C1,2026-W48,2026-11-23,168.00,20160,7,0,168.00,0.00,9.00,19.00,above_max" ]
check "5,040 twelve-hour sessions a minute apart: 7 x 23:59" \
    [ "$(sed -n 3p back.out)" = \
    "C2,2026-W48,2026-11-23,167.88,5040,7,0,0.00,167.88,9.00,19.00,above_max" ]

# A roster of $big open enrolments and a log with 2016 for 2026 in it:
# no error, but the enrolled clients' rows of ten years, 523 weeks
# (2016-11-21 to 2026-11-23, 3,654 days apart) of $big clients, made as
# they are written.
awk -v n=$big 'BEGIN {
	print "client_id,level"
	for (i = 1; i <= n; i++) printf "R%04d,iop\n", i
}' >roster.csv
{
	echo $H
	echo "R0001,2026-11-23,09:00,12:00,group,attended"
	echo "R0002,2016-11-23,09:00,12:00,group,attended"
} >past.csv
timed past iop-hours -r roster.csv past.csv
check "a date ten years back with a roster: in time" \
    [ "$(cat past.st)" = 0 ]
check "a date ten years back with a roster: 523 weeks of $big clients" \
    [ "$(wc -l <past.out)" -eq $((523 * big + 1)) ]
check "its first and last rows" [ "$(sed -n '2p;$p' past.out)" = \
    "R0001,2016-W47,2016-11-21,0.00,0,0,0,0.00,9.00,19.00,below_min
R$(printf %04d $big),2026-W48,2026-11-23,0.00,0,0,0,0.00,9.00,19.00,below_min" ]
check "the rows with attendance" [ "$(grep -c ',3.00,1,1,' past.out)" = 2 ]

# A log whose last row is dated 9999 with that roster: an error at once,
# not $big rows for each of 400,000 weeks.
sed 's/2016-11-23/9999-11-23/' past.csv >far.csv
timed far iop-hours -r roster.csv far.csv
check "a date in 9999 with a roster: an error, in time" \
    [ "$(cat far.st)" = 2 ]
check "a date in 9999 with a roster: its line" [ "$(cat far.err)" = \
    "iop-hours: far.csv:3: field 'date' is more than a year after today" ]

# 2126 for 2026, a century after the clock the test sets.
sed 's/2016-11-23/2126-11-23/' past.csv >typo.csv
timed typo env IOP_TEST_CLOCK=2026-12-01 iop-hours -r roster.csv typo.csv
check "a date a century on with a roster: an error, in time" \
    [ "$(cat typo.st)" = 2 -a -s typo.err ]

# 1026 for 2026, the wrong first digit, with that roster: an error at
# once, not $big rows for each of 52,000 weeks.
sed 's/2016-11-23/1026-03-02/' past.csv >old.csv
timed old iop-hours -r roster.csv old.csv
check "a date in 1026 with a roster: an error, in time" \
    [ "$(cat old.st)" = 2 ]
check "a date in 1026 with a roster: its line" [ "$(cat old.err)" = \
    "iop-hours: old.csv:3: field 'date' is more than 50 years before today" ]

# The limit: 18,263 days before the clock (1976-11-30 for 2026-12-01,
# 50 years and 12 leap days and one more day) is a date; the day before
# is an error.
sed 's/2016-11-23/1976-11-30/' past.csv >edge.csv
timed edge env IOP_TEST_CLOCK=2026-12-01 iop-hours edge.csv
check "a date 18,263 days before the clock: read, in 1976-W49" \
    [ "$(cat edge.st)" = 0 -a "$(sed -n 2p edge.out)" = \
    "R0002,1976-W49,1976-11-29,3.00,1,1,0,3.00,9.00,19.00,below_min" ]
sed 's/2016-11-23/1976-11-29/' past.csv >edge1.csv
timed edge1 env IOP_TEST_CLOCK=2026-12-01 iop-hours edge1.csv
check "a date 18,264 days before the clock: an error" \
    [ "$(cat edge1.st)" = 2 -a "$(cat edge1.err)" = \
    "iop-hours: edge1.csv:3: field 'date' is more than 50 years before today" ]


# --from and --to have the limits of a log's dates (period_date_limits()):
# --from 1026-01-01 with that roster of open enrolments would be $big
# rows for each of 52,000 weeks.  An error at once, before the usage.
# With the clock at 2026-12-01, the first date is 1976-11-30 (18,263
# days before) and the last 2027-12-02 (366 days after).
C=IOP_TEST_CLOCK=2026-12-01
timed from1026 env $C iop-hours --from 1026-01-01 -r roster.csv past.csv
check "--from 1026-01-01 with a roster: an error, in time" \
    [ "$(cat from1026.st)" = 2 ]
check "--from 1026-01-01: the message, then the usage" [ \
    "$(sed -n 1p from1026.err)" = \
    "iop-hours: --from is more than 50 years before today" -a \
    "$(sed -n 2p from1026.err | cut -c 1-17)" = "usage: iop-hours " -a \
    ! -s from1026.out ]
timed to9999 env $C iop-hours --to 9999-01-01 -r roster.csv past.csv
check "--to 9999-01-01 with a roster: an error, in time" [ \
    "$(cat to9999.st)" = 2 -a "$(sed -n 1p to9999.err)" = \
    "iop-hours: --to is more than a year after today" ]
timed fromedge env $C iop-hours --from 1976-11-30 --to 1976-12-06 past.csv
check "--from 18,263 days before the clock: a period (empty)" [ \
    "$(cat fromedge.st)" = 0 -a "$(cat fromedge.out)" = "$R,min_hours,max_hours,status" ]
timed fromedge1 env $C iop-hours --from 1976-11-29 past.csv
check "--from 18,264 days before the clock: an error" [ \
    "$(cat fromedge1.st)" = 2 -a "$(sed -n 1p fromedge1.err)" = \
    "iop-hours: --from is more than 50 years before today" ]
timed toedge env $C iop-hours --from 2027-11-29 --to 2027-12-02 past.csv
check "--to 366 days after the clock: a period (empty)" [ \
    "$(cat toedge.st)" = 0 -a "$(cat toedge.out)" = "$R,min_hours,max_hours,status" ]
timed toedge1 env $C iop-hours --to 2027-12-03 past.csv
check "--to 367 days after the clock: an error" [ \
    "$(cat toedge1.st)" = 2 -a "$(sed -n 1p toedge1.err)" = \
    "iop-hours: --to is more than a year after today" ]
# iop-attend parses its period with the same code (lib/period).
timed attfrom env $C iop-attend -s none.csv --from 1026-01-01 past.csv
check "iop-attend --from 1026-01-01: an error, in time" [ \
    "$(cat attfrom.st)" = 2 -a "$(sed -n 1p attfrom.err)" = \
    "iop-attend: --from is more than 50 years before today" ]
timed attto env $C iop-attend -s none.csv --to 2027-12-03 past.csv
check "iop-attend --to 2027-12-03: an error, in time" [ \
    "$(cat attto.st)" = 2 -a "$(sed -n 1p attto.err)" = \
    "iop-attend: --to is more than a year after today" ]

done_testing
