#!/bin/sh
# iop-attend reading the schedule and the logs at once, each large CSV
# file in two halves, a thread each (attend_read(), normally for files
# of 8 MiB or more; IOP_TEST_SPLIT_MIN lowers that here, and
# IOP_TEST_AT_ONCE_MIN the size read at once): each half is read into
# an audit of its own, whose clients and strings are numbered again as
# a read one after the other numbers them.  Every golden case, and a
# generated audit with a roster, holidays, notes and rows out of the
# period, must give exactly what it gives read one after the other, and
# an error must be that read's, with its line, whichever half it is in.
# IOP_DEBUG_SPLIT=1 makes the read say how it went, so that these
# checks cannot pass by a read that no longer splits.
. "$(dirname "$0")/lib.sh"
export IOP_TEST_AT_ONCE_MIN=1 IOP_TEST_SPLIT_MIN=2

run_golden iop-attend

cd "$scratch" || exit 2

# Worked by hand: the schedule's first half names D, B and A, its
# second C, A and F; the log's first half C and A, its second D, B, E
# and F, so that each half numbers its clients from 0 and only the
# renumbering puts each row with its client.  Sessions A2, B1 and D2
# have no record; E's record has no session.  F's two sessions at the
# same hours, of services new to the second half, are told apart only
# by the service of F's record of a miss without times (yoga): F1
# (dbt) has no record.
cat >s.csv <<'END'
client_id,date,start,end,service,session_id
D,2026-11-23,09:00,12:00,group,D1
B,2026-11-23,09:00,12:00,group,B1
D,2026-11-24,09:00,12:00,group,D2
B,2026-11-24,09:00,12:00,family,B2
A,2026-11-23,13:00,15:00,individual,A1
C,2026-11-23,13:00,15:00,group,C1
A,2026-11-24,13:00,15:00,individual,A2
C,2026-11-24,13:00,15:00,group,C2
F,2026-11-25,09:00,12:00,dbt,F1
F,2026-11-25,09:00,12:00,yoga,F2
END
cat >log.csv <<'END'
client_id,date,start,end,service,session_id,status
C,2026-11-23,13:00,15:00,group,C1,attended
A,2026-11-23,13:00,15:00,individual,A1,attended
C,2026-11-24,13:00,15:00,group,C2,attended
D,2026-11-23,09:00,12:00,group,D1,attended
B,2026-11-24,09:00,12:00,family,B2,attended
E,2026-11-24,09:00,12:00,group,,attended
F,2026-11-25,,,yoga,,absent
END
cat >want.csv <<'END'
client_id,rule,severity,date,week,session_id,detail
A,no_record,violation,2026-11-24,2026-W48,A2,no attendance record for the session scheduled 13:00-15:00
B,no_record,violation,2026-11-23,2026-W48,B1,no attendance record for the session scheduled 09:00-12:00
D,no_record,violation,2026-11-24,2026-W48,D2,no attendance record for the session scheduled 09:00-12:00
E,unscheduled,info,2026-11-24,2026-W48,,attended 09:00-12:00 with no session scheduled
F,no_record,violation,2026-11-25,2026-W48,F1,no attendance record for the session scheduled 09:00-12:00
END
printf '%s\n' 'severity:' '  below_min_hours: off' \
    '  billable_day_short: off' '  attendance_rate: off' \
    '  no_contact: off' '  shortfall_forecast: off' \
    '  absent_unexcused: off' '  consecutive_absences: off' >p.yaml
debug() {	# debug ARGS...: what iop-attend ARGS says on stderr
	IOP_DEBUG_SPLIT=1 iop-attend "$@" 2>&1 >/dev/null | grep debug:
}
check "both files split: each read in two halves" [ \
    "$(debug -p p.yaml --as-of 2026-11-30 -s s.csv log.csv | sort)" = \
    "iop-attend: debug: log.csv: read in two halves
iop-attend: debug: s.csv: read in two halves
iop-attend: debug: the schedule and the logs read at once" ]
check "files a byte short of IOP_TEST_SPLIT_MIN: read whole" [ \
    "$(IOP_TEST_SPLIT_MIN=99999 debug -p p.yaml --as-of 2026-11-30 \
    -s s.csv log.csv)" = \
    "iop-attend: debug: the schedule and the logs read at once" ]
iop-attend -p p.yaml --as-of 2026-11-30 -s s.csv log.csv >got.csv 2>err
check "halves renumbered: exit 1" [ $? = 1 ]
check "halves renumbered: the findings worked by hand" cmp -s want.csv got.csv

# same ARGS...: iop-attend ARGS read in halves, then one after the other
same() {
	what=$1
	shift
	iop-attend "$@" >out 2>err
	st=$?
	IOP_TEST_AT_ONCE_MIN=999999999 IOP_TEST_SPLIT_MIN= iop-attend "$@" \
	    >out1 2>err1
	st1=$?
	check "$what: the status as read one after the other" [ "$st" = "$st1" ]
	check "$what: the report" cmp -s out out1
	check "$what: the messages" cmp -s err err1
}

# 600 clients over three weeks, their first rows in an order that each
# half of each file sees differently; a roster naming some clients the
# files do not; services and session ids; quoted notes over two lines,
# so that a half may start near a quote; rows out of the period; and a
# holiday.  Two logs: each split, the second's halves after the first's.
awk 'BEGIN {
	srand(7)
	print "client_id,level,age_group" > "roster.csv"
	for (c = 0; c < 700; c += 3)
		printf "R%03d,%s,%s\n", c, c % 2 ? "iop" : "php",
		    c % 5 ? "adult" : "adolescent" > "roster.csv"
	print "client_id,date,start,end,service,session_id,title" > "bs.csv"
	print "client_id,date,start,end,service,session_id,status,notes,note_signed,note_date" > "bl1.csv"
	print "client_id,date,start,end,service,session_id,status,notes,note_signed,note_date" > "bl2.csv"
	split("group individual family dbt", svc, " ")
	split("attended late left_early absent excused cancelled", st, " ")
	for (d = 9; d <= 30; d++) {
		for (k = 0; k < 300; k++) {
			c = (k * 7 + d * 13) % 600
			s = svc[1 + (c + d) % 4]
			h = 8 + (c % 3) * 3
			date = sprintf("2026-11-%02d", d)
			id = sprintf("S%d-%d", c, d)
			printf "R%03d,%s,%02d:00,%02d:30,%s,%s,Title %d\n", c,
			    date, h, h + 2, s, id, c % 4 > "bs.csv"
			if ((c + d) % 11 == 0)
				continue
			f = (d % 2) ? "bl1.csv" : "bl2.csv"
			note = (c + d) % 5 == 0 ? "\"seen, \"\"ok\"\"\nlater\"" : "n"
			printf "R%03d,%s,%02d:%02d,%02d:30,%s,%s,%s,%s,%s,%s\n",
			    c, date, h, (c + d) % 20, h + 2 - (c % 7 == 0), s,
			    (c % 9 == 0 ? "" : id), st[1 + (c * d) % 6], note,
			    (c % 3 ? "yes" : "no"), sprintf("2026-11-%02d",
			    d + (c % 4 == 0 && d < 30)) > f
		}
		printf "X%d,%s,10:00,11:00,group,,attended,,yes,%s\n", d,
		    date, date > "bl2.csv"
	}
	print "R001,2026-10-01,09:00,10:00,group,OLD,Title" > "bs.csv"
	print "Z9,2027-02-01,09:00,10:00,group,,attended,,yes,2027-02-01" > "bl1.csv"
}'
printf '%s\n' 'holidays: [2026-11-26]' 'notes_due_business_days: 1' >h.yaml
same "600 clients, built-in policy" -r roster.csv --as-of 2026-11-30 \
    -s bs.csv bl1.csv bl2.csv
check "600 clients: findings made" [ "$(wc -l <out)" -gt 1000 ]
same "600 clients, holidays" -p h.yaml -r roster.csv --from 2026-11-16 \
    --to 2026-11-29 --as-of 2026-11-27 -s bs.csv bl1.csv bl2.csv
check "600 clients, holidays: findings made" [ "$(wc -l <out)" -gt 100 ]

# iop-attend's halves keep each client's days in order, so the second
# half never takes over the end of the first's range, as iop-hours'
# does (IOP_TEST_STEAL=1 would make it, and say so).
IOP_TEST_STEAL=1 iop-attend -r roster.csv --as-of 2026-11-30 -s bs.csv \
    bl1.csv bl2.csv >out 2>err
check "600 clients: no range taken over" \
    [ "$(grep -c 'takes over the end of the first' err)" = 0 ]
IOP_TEST_AT_ONCE_MIN=999999999 IOP_TEST_SPLIT_MIN= iop-attend -r roster.csv \
    --as-of 2026-11-30 -s bs.csv bl1.csv bl2.csv >out1 2>/dev/null
check "600 clients, IOP_TEST_STEAL=1: the same report" cmp -s out out1

# Errors: the first bad record of a sequential read, whichever half.
errs() {	# errs NAME WANT ARGS...: exits 2, WANT on stderr, no report
	what=$1 want=$2
	shift 2
	same "$what" --as-of 2026-11-30 "$@"
	check "$what: exit 2" [ "$st" = 2 ]
	check "$what: the message" [ "$(cat err)" = "$want" ]
	check "$what: no report" [ ! -s out ]
}
sed '7s/13:00/1:00/' s.csv >bad2s.csv	# a row of the second half
sed '2s/attended/gone/' log.csv >bad1l.csv	# a row of the first half
sed '6s/09:00/25:00/' log.csv >bad2l.csv	# a row of the second half
errs "the schedule's second half bad, the log's first" \
    "iop-attend: bad2s.csv:7: field 'start' is not a time (HH:MM)" \
    -s bad2s.csv bad1l.csv
errs "the log's second half bad" \
    "iop-attend: bad2l.csv:6: field 'start' is not a time (HH:MM)" \
    -s s.csv bad2l.csv
sed '3s/attended/gone/' bad2l.csv >bad12l.csv
errs "both halves of the log bad: both, in order" \
    "iop-attend: bad12l.csv:3: field 'status' is not one of attended, late, left_early, absent, excused, cancelled
iop-attend: bad12l.csv:6: field 'start' is not a time (HH:MM)" \
    -s s.csv bad12l.csv

# A disk error in the log (the fault shim fails every read that reaches
# byte IOP_FAULT_FROM), read at once with the schedule, each in halves:
# the log's message alone, exit 2 and no report, whichever half meets it.
# The header and every row are 64 bytes, so each 16 KiB block a half
# reads starts a row: a second half that took its failed read for the
# end of its range would end between rows, with nothing else amiss.
# (A bad block in the first half's range is met by the second half's
# count of the quotes before it too, which says so whatever the first
# half does.)
if shim_can iop-attend read pread; then
	awk 'BEGIN {
		print "client_id,date,start,end,service" > "es.csv"
		print "client_id,date,start,end,service,status," \
		    "clinician_initials_wxyz" > "eio.csv"
		for (i = 0; i < 4000; i++) {
			r = sprintf("C%023d,2026-04-%02d,09:00,10:00,group",
			    i % 50, 1 + int(i / 160))
			print r > "es.csv"
			print r ",attended," > "eio.csv"
		}
	}'
	size=$(wc -c <eio.csv)
	check "a disk error: rows of 64 bytes" [ "$size" = $((4001 * 64)) ]
	for at in "1 4" "3 4"; do
		set -- $at
		env LD_PRELOAD="$TESTS/fault/fault.so" IOP_FAULT=read \
		    IOP_FAULT_FILE=/eio.csv IOP_FAULT_FROM=$((size * $1 / $2)) \
		    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		    iop-attend --min 9 --as-of 2026-04-30 -s es.csv eio.csv \
		    >eio.out 2>eio.err
		st=$?
		check "a disk error $1/$2 into the log: exit 2" [ "$st" = 2 ]
		check "a disk error $1/$2 into the log: the message alone" [ \
		    "$(cat eio.err)" = "iop-attend: eio.csv: Input/output error" ]
		check "a disk error $1/$2 into the log: no report" [ ! -s eio.out ]
	done
else
	skip "a disk error in a half: the shim cannot take over read and pread"
fi
done_testing
