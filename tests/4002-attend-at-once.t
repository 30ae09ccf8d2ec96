#!/bin/sh
# iop-attend reading the schedule and the logs at once, a thread each
# (attend_read(), normally when both are regular files of 1 MiB or more;
# IOP_TEST_AT_ONCE_MIN lowers that here): every golden case must give
# exactly what it gives read one after the other, and when files are
# bad, the messages must be those of that sequential read, in its
# order: the schedule's alone if it is bad, else the first bad log's.
# IOP_DEBUG_SPLIT=1 makes the read say it went at once, so that these
# checks cannot pass by a read that no longer does.
. "$(dirname "$0")/lib.sh"
export IOP_TEST_AT_ONCE_MIN=1

run_golden iop-attend

cd "$scratch" || exit 2
printf 'client_id,date,start,end,service\nA,2026-11-23,09:00,12:00,group\n' \
    >s.csv
printf 'client_id,date,start,end,service,status\nA,2026-11-23,09:00,12:00,group,attended\n' \
    >log.csv

# The read at once is real: inputs of IOP_TEST_AT_ONCE_MIN bytes each
# are read at once, a byte less or a pipe one after the other.
ssize=$(wc -c <s.csv)
debug() {	# debug MIN ARGS...: what iop-attend ARGS says on stderr
	min=$1
	shift
	IOP_DEBUG_SPLIT=1 IOP_TEST_AT_ONCE_MIN=$min iop-attend \
	    --min 9 --as-of 2026-11-23 "$@" 2>&1 >/dev/null
}
check "both files of IOP_TEST_AT_ONCE_MIN bytes: read at once" [ \
    "$(debug "$ssize" -s s.csv log.csv)" = \
    "iop-attend: debug: the schedule and the logs read at once" ]
check "the schedule a byte short of it: one after the other" [ \
    -z "$(debug $((ssize + 1)) -s s.csv log.csv)" ]
check "a log from a pipe: one after the other" [ \
    -z "$(cat log.csv | debug 1 -s s.csv)" ]
check "without IOP_DEBUG_SPLIT: nothing said" [ \
    -z "$(iop-attend --min 9 --as-of 2026-11-23 -s s.csv log.csv 2>&1 >/dev/null)" ]

# errs NAME WANT ARGS...: iop-attend ARGS, read at once, exits 2 with
# stderr WANT and no report, and says the same read one after the other.
errs() {
	what=$1 want=$2
	shift 2
	iop-attend --as-of 2026-11-30 "$@" >out 2>err
	st=$?
	IOP_TEST_AT_ONCE_MIN=999999999 iop-attend --as-of 2026-11-30 "$@" \
	    >out1 2>err1
	check "$what: exit 2" [ "$st" = 2 ]
	check "$what: the messages" [ "$(cat err)" = "$want" ]
	check "$what: as read one after the other" cmp -s err err1
	check "$what: no report" [ ! -s out ]
}

# A long schedule bad at its end, a log bad at its first record: the
# log's thread meets its error long before the schedule's, and is not
# told, since a sequential read stops at the schedule.
awk 'BEGIN {
	print "client_id,date,start,end,service"
	for (i = 0; i < 50000; i++)
		printf "C%d,2026-11-23,09:00,12:00,group\n", i
	print "C0,2026-11-32,09:00,12:00,group"
	print "C1,2026-11-23,9:00,12:00,group"
}' >bigs.csv
printf 'client_id,date,start,end,service,status\nA,2026-11-23,09:00,12:00,group,gone\nA,2026-11-24,09:00,12:00,group,gone\n' \
    >badlog.csv
errs "a bad schedule and a bad log" "iop-attend: bigs.csv:50002: field 'date' is not a date (YYYY-MM-DD)
iop-attend: bigs.csv:50003: field 'start' is not a time (HH:MM)" \
    -s bigs.csv badlog.csv

# A good schedule: every bad record of the log, in its order.
errs "a good schedule and a bad log" "iop-attend: badlog.csv:2: field 'status' is not one of attended, late, left_early, absent, excused, cancelled
iop-attend: badlog.csv:3: field 'status' is not one of attended, late, left_early, absent, excused, cancelled" \
    -s s.csv badlog.csv

# Of two logs, the first that is bad, even when the second's error comes
# sooner; a good first log, then a bad second one.
awk 'BEGIN {
	print "client_id,date,start,end,service,status"
	for (i = 0; i < 50000; i++)
		printf "C%d,2026-11-23,09:00,12:00,group,attended\n", i
	print "C0,2026-11-23,09:00,25:00,group,attended"
}' >biglog.csv
errs "two bad logs" "iop-attend: biglog.csv:50002: field 'end' is not a time (HH:MM, or 24:00 for the end of the day)" \
    -s s.csv biglog.csv badlog.csv
errs "a good log, then a bad one" "iop-attend: badlog.csv:2: field 'status' is not one of attended, late, left_early, absent, excused, cancelled
iop-attend: badlog.csv:3: field 'status' is not one of attended, late, left_early, absent, excused, cancelled" \
    -s s.csv log.csv badlog.csv

# Missing columns and a schedule with more bad records than are told.
printf 'client_id,date,begin,end,service\nA,2026-11-23,09:00,12:00,group\n' \
    >nostart.csv
errs "a schedule without a column, a bad log" "iop-attend: nostart.csv:1: missing column 'start'
iop-attend: nostart.csv:1: 1 of the 4 required columns missing: iop-import(1) maps an export's columns, dates, times and status words to these" \
    -s nostart.csv badlog.csv
printf 'client_id,date,start,end,service\n' >many.csv
i=0
while [ "$i" -lt 25 ]; do
	echo "A,2026-11-$((i + 1)),09:00,12:00,group"
	i=$((i + 1))
done | sed 's/-\([1-9]\),/-0\1,/; s/,09:00,/,9:00,/' >>many.csv
want=$(i=2; while [ "$i" -le 21 ]; do
	echo "iop-attend: many.csv:$i: field 'start' is not a time (HH:MM)"
	i=$((i + 1))
done; echo "iop-attend: ... and 5 more bad records in many.csv")
errs "25 bad schedule records, a bad log" "$want" -s many.csv badlog.csv
# Every hostile file as the log beside a good schedule, and as the
# schedule beside a good log: read at once, the report, the messages
# and the exit status are those of a read one after the other, and
# nothing is written on an error.  (Some logs are good schedules.)
same_run() {	# the run at once ($st, out, err) as the one after ($st1, ...1)
	[ "$st" = "$st1" ] && cmp -s err err1 && cmp -s out out1 &&
	    { [ "$st" != 2 ] || [ ! -s out ]; }
}
for f in "$TESTS"/hostile/*; do
	case $f in */expect|*/good-schedule.csv) continue ;; esac
	b=${f##*/}
	cp "$f" "$b"
	for as in log schedule; do
		if [ "$as" = log ]; then
			set -- -s "$TESTS/hostile/good-schedule.csv" "$b"
		else
			set -- -s "$b" log.csv
		fi
		iop-attend --today 2026-11-27 "$@" >out 2>err
		st=$?
		IOP_TEST_AT_ONCE_MIN=999999999 iop-attend --today 2026-11-27 \
		    "$@" >out1 2>err1
		st1=$?
		check "hostile $b as the $as, read at once: as read after" \
		    same_run
	done
done
check "a log that is not there, a bad schedule: the schedule's" sh -c \
    'iop-attend -s many.csv nolog.csv 2>&1 | head -n 1 | grep -q "many.csv:2:"'

# A log that cannot be read (EIO, through the fault shim): its parser
# thread may not speak for it, since a sequential read stops at a bad
# schedule and never reads the log.
shim=$TESTS/fault/fault.so
if [ "${VALGRIND:-0}" = 1 ] || [ ! -f "$shim" ]; then
	skip "a read error: no LD_PRELOAD shim here"
	done_testing
	exit
fi
eio() {
	env LD_PRELOAD="$shim" IOP_FAULT=read IOP_FAULT_FILE=/eio.csv \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    "$@"
}
# a sanitizer's runtime, linked in whole, may keep its own read()
case " $(eio env IOP_FAULT=probe iop-attend -h 2>&1 >/dev/null | tr '\n' ' ')" in
*" read "*) ;;
*)	skip "a read error: the shim cannot take over read in this build"
	done_testing
	exit ;;
esac
cp log.csv eio.csv
printf 'client_id,date,start,end,service\nA,2026-11-23,9:00,12:00,group\n' \
    >bads.csv
eio iop-attend --as-of 2026-11-30 -s bads.csv eio.csv >out 2>err
check "a bad schedule, an unreadable log: exit 2" [ $? = 2 ]
check "a bad schedule, an unreadable log: the schedule's message alone" \
    [ "$(cat err)" = "iop-attend: bads.csv:2: field 'start' is not a time (HH:MM)" ]
eio iop-attend --as-of 2026-11-30 -s s.csv eio.csv >out 2>err
check "a good schedule, an unreadable log: exit 2" [ $? = 2 ]
check "a good schedule, an unreadable log: the log's error" \
    [ "$(cat err)" = "iop-attend: eio.csv: Input/output error" ]
check "an unreadable log: no report" [ ! -s out ]
# 10,000 findings, more than two chunks of 4,096, written by two threads
# (rout_rows()): one unrecorded session for each client, on days of
# three weeks, so chunks start inside a week and labels are made by
# both threads; the findings come by client.
awk 'BEGIN {
	print "client_id,date,start,end,service" > "many-s.csv"
	for (i = 1; i <= 10000; i++)
		printf "C%05d,2026-11-%02d,09:00,12:00,group\n", i,
		    2 + i % 20 > "many-s.csv"
	print "client_id,date,start,end,service,status" > "many-log.csv"
	print "B,2026-11-23,09:00,12:00,group,attended" > "many-log.csv"
	print "client_id,rule,severity,date,week,session_id,detail"
	for (i = 1; i <= 10000; i++) {
		d = 2 + i % 20
		printf "C%05d,no_record,violation,2026-11-%02d,2026-W%02d,," \
		    "no attendance record for the session scheduled " \
		    "09:00-12:00\n", i, d, 45 + int((d - 2) / 7)
	}
}' >many-want.csv
printf '%s\n' 'severity:' '  unscheduled: off' '  below_min_hours: off' \
    '  billable_day_short: off' '  attendance_rate: off' \
    '  no_contact: off' '  shortfall_forecast: off' \
    '  absent_unexcused: off' '  consecutive_absences: off' >many.yaml
iop-attend -p many.yaml -s many-s.csv --as-of 2026-11-30 many-log.csv \
    >many-got.csv 2>/dev/null
st=$?
check "10,000 findings by two writers: exit 1" [ "$st" = 1 ]
check "10,000 findings by two writers: in order, labels and all" \
    cmp -s many-want.csv many-got.csv
done_testing
