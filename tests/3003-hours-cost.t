#!/bin/sh
# iop-hours on logs made to be costly: each must finish within a generous
# time limit (a cost that turns quadratic shows as a failure rather than
# a slow run), and give the report worked out by hand.
. "$(dirname "$0")/lib.sh"
cd "$scratch" || exit 2

limit=20
[ "${VALGRIND:-0}" = 1 ] && limit=600	# ten to fifty times slower
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

done_testing
