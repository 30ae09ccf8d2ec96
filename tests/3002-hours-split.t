#!/bin/sh
# iop-hours reading each log in two halves at once (hours_read_log(),
# normally for logs of 8 MiB or more; IOP_TEST_SPLIT_MIN lowers that
# here): every golden case and every hostile file must give exactly what
# it gives read whole, and an error must be the first one in the file,
# with its line, whichever half it is in.  IOP_DEBUG_SPLIT=1 makes the
# read say how it went, so that these checks cannot pass by a read that
# no longer splits.
. "$(dirname "$0")/lib.sh"
export IOP_TEST_SPLIT_MIN=2

run_golden iop-hours

grep -v '^#' "$TESTS/hostile/expect" | while IFS='	' read -r file msg; do
	case $file in *.csv) ;; *) continue ;; esac
	got=$(cd "$TESTS/hostile" && iop-hours --today 2026-11-27 "$file" \
	    2>&1 >/dev/null | head -n 1)
	check "split: hostile $file" [ "$got" = "iop-hours: $file:$msg" ]
done >"$scratch/results"
cat "$scratch/results"
n=$((n + $(grep -c '^ok\|^not ok' "$scratch/results")))
failed=$((failed + $(grep -c '^not ok' "$scratch/results")))

# A log of 40 rows with multi-line quoted notes (rows 3, 6, ... take three
# lines each, so row 37 is on line 63); its middle moves through
# every byte of a few rows as the first note grows.
mklog() {	# mklog PAD [BADROW...]: the log on stdout
	pad=$1
	shift
	awk -v pad="$pad" -v bad=" $* " 'BEGIN {
		print "client_id,date,start,end,service,status,notes"
		for (i = 0; i < 40; i++) {
			note = i % 3 == 0 ? "\"a \"\"b\"\",\nc,\n\"" : "x"
			if (i == 0) { note = ""; for (k = 0; k < pad; k++) note = note "p" }
			end = index(bad, " " i " ") ? "25:00" : "12:00"
			printf "C%d,2026-11-%02d,09:00,%s,group,attended,%s\n",
			    i % 4, 16 + i % 14, end, note
		}
	}'
}
# The split is real: a CSV log at or past IOP_TEST_SPLIT_MIN is read in
# two halves, a smaller one and a pipe whole.
mklog 0 >"$scratch/s.csv"
size=$(wc -c <"$scratch/s.csv")
check "a log of IOP_TEST_SPLIT_MIN bytes: read in two halves" [ \
    "$(cd "$scratch" && IOP_DEBUG_SPLIT=1 IOP_TEST_SPLIT_MIN=$size \
    iop-hours s.csv 2>&1 >/dev/null)" = \
    "iop-hours: debug: s.csv: read in two halves" ]
check "a log a byte short of it: read whole" [ \
    "$(cd "$scratch" && IOP_DEBUG_SPLIT=1 IOP_TEST_SPLIT_MIN=$((size + 1)) \
    iop-hours s.csv 2>&1 >/dev/null)" = \
    "iop-hours: debug: s.csv: read whole" ]
check "a pipe: read whole" [ "$(cat "$scratch/s.csv" |
    IOP_DEBUG_SPLIT=1 iop-hours 2>&1 >/dev/null)" = \
    "iop-hours: debug: <stdin>: read whole" ]
check "without IOP_DEBUG_SPLIT: nothing said" [ \
    -z "$(iop-hours "$scratch/s.csv" 2>&1 >/dev/null)" ]

# split ARGS...: iop-hours ARGS with stdout and stderr to $scratch/split,
# less what IOP_DEBUG_SPLIT says, which counts in halves
halves=0
split() {
	IOP_DEBUG_SPLIT=1 iop-hours "$@" >"$scratch/split.d" 2>&1
	halves=$((halves + $(grep -c ': debug: .*: read in two halves$' \
	    "$scratch/split.d")))
	grep -v ': debug: .*: read ' "$scratch/split.d" >"$scratch/split"
}
same=0 errs=0 first=0 runs=0
for pad in $(seq 0 60); do
	mklog "$pad" >"$scratch/s.csv"
	IOP_TEST_SPLIT_MIN= iop-hours "$scratch/s.csv" >"$scratch/whole" 2>&1
	split "$scratch/s.csv"
	cmp -s "$scratch/whole" "$scratch/split" && same=$((same + 1))
	# an error in the second half only, then in both halves
	mklog "$pad" 37 >"$scratch/e.csv"
	IOP_TEST_SPLIT_MIN= iop-hours "$scratch/e.csv" >"$scratch/whole" 2>&1
	iop-hours "$scratch/e.csv" >"$scratch/split" 2>&1
	cmp -s "$scratch/whole" "$scratch/split" && errs=$((errs + 1))
	mklog "$pad" 2 37 >"$scratch/e.csv"
	IOP_TEST_SPLIT_MIN= iop-hours "$scratch/e.csv" >"$scratch/whole2" 2>&1
	iop-hours "$scratch/e.csv" >"$scratch/split" 2>&1
	cmp -s "$scratch/whole2" "$scratch/split" &&
	    ! cmp -s "$scratch/whole" "$scratch/whole2" && first=$((first + 1))
	runs=$((runs + 1))
done
check "split wherever the middle falls: read in two halves ($halves of $runs)" \
    [ "$halves" = "$runs" ]
check "split wherever the middle falls: the same report ($same of $runs)" \
    [ "$same" = "$runs" ]
check "an error in the second half: the same message and line ($errs of $runs)" \
    [ "$errs" = "$runs" ]
check "errors in both halves: the first half's is the one told ($first of $runs)" \
    [ "$first" = "$runs" ]
# The log on standard input, from a regular file: read in two halves
# too, and on a bad record read again from where it starts, not from
# where the first read left the descriptor.
mklog 0 2 37 >"$scratch/e-in.csv"
IOP_TEST_SPLIT_MIN= iop-hours - <"$scratch/e-in.csv" >"$scratch/whole-in" 2>&1
IOP_DEBUG_SPLIT=1 iop-hours - <"$scratch/e-in.csv" >"$scratch/split-in.d" 2>&1
check "a log on standard input from a file: read in two halves" \
    grep -q '^iop-hours: debug: <stdin>: read in two halves$' "$scratch/split-in.d"
grep -v ': debug: ' "$scratch/split-in.d" >"$scratch/split-in"
check "and a bad record in it: the messages of a whole read" \
    cmp -s "$scratch/whole-in" "$scratch/split-in"
check "  (the first of them at line 4)" \
    grep -q "^iop-hours: <stdin>:4: field 'end'" "$scratch/split-in"
check "the second-half error names its line" \
    grep -q "e.csv:63: field 'end'" "$scratch/whole"
check "the first-half error names its line" \
    grep -q "e.csv:4: field 'end'" "$scratch/whole2"

# Random logs (overlapping sessions of many services, clients who come
# in both halves, missed sessions with and without times, quoted notes
# with line feeds), one and two files, Monday and Sunday weeks: split or
# whole, the same report.
rlog() {	# rlog SEED: a log on stdout
	awk -v seed="$1" 'BEGIN {
		srand(seed)
		split("group individual family cbt dbt education", svc, " ")
		split("attended late left_early absent excused cancelled", st, " ")
		ncl = 1 + int(rand() * 40)
		print "client_id,date,start,end,service,status,notes"
		for (i = 0; i < 400; i++) {
			s = int(rand() * 1380)
			e = s + 1 + int(rand() * 300)
			if (e > 1440) e = 1440
			k = 1 + int(rand() * 6)
			t = sprintf("%02d:%02d,%02d:%02d", s / 60, s % 60,
			    e / 60, e % 60)
			if (k > 3 && rand() < 0.5) t = ","
			note = rand() < 0.2 ? "\"n, \"\"q\"\"\nx\"" : ""
			printf "C%d,2026-%02d-%02d,%s,%s,%s,%s\n",
			    int(rand() * ncl), 11 + int(rand() * 2),
			    1 + int(rand() * 28), t, svc[1 + int(rand() * 6)],
			    st[k], note
		}
	}'
}
same=0 runs=0 seeds=20
[ "${VALGRIND:-0}" = 1 ] && seeds=5	# each run is slow under valgrind
# Each also read with the second half taking over the end of the first
# half's range once its own is read (IOP_TEST_STEAL=1 slows the first
# half and makes its blocks and the places to take over from small; it
# says each time on stderr), and with a bad record: then the messages
# of a whole read.
same=0 took=0 over=0
for seed in $(seq 1 "$seeds"); do
	rlog "$seed" >"$scratch/r1.csv"
	rlog "$((seed + 100))" >"$scratch/r2.csv"
	awk -v seed="$seed" 'NR == 30 + seed * 7 { sub(/,2026-1/, ",2026-4") }
	    { print }' "$scratch/r2.csv" >"$scratch/bad.csv"
	for args in "r1.csv" "r1.csv r2.csv" "--week-start sunday r1.csv r2.csv" \
	    "r1.csv bad.csv"; do
		(cd "$scratch" && IOP_TEST_SPLIT_MIN= iop-hours $args) \
		    >"$scratch/whole" 2>&1
		(cd "$scratch" && iop-hours $args) >"$scratch/split" 2>&1
		cmp -s "$scratch/whole" "$scratch/split" &&
		    [ -s "$scratch/whole" ] && same=$((same + 1))
		(cd "$scratch" && IOP_TEST_STEAL=1 iop-hours $args) \
		    >"$scratch/split" 2>"$scratch/split.err"
		grep -q ': the second half takes over the end of the first$' \
		    "$scratch/split.err" && took=$((took + 1))
		grep -v ': debug: ' "$scratch/split.err" >>"$scratch/split"
		cmp -s "$scratch/whole" "$scratch/split" && over=$((over + 1))
		runs=$((runs + 1))
	done
done
check "random logs, split or whole: the same report ($same of $runs)" \
    [ "$same" = "$runs" ]
check "random logs, ranges taken over: the same ($over of $runs)" \
    [ "$over" = "$runs" ]
check "random logs: ranges taken over in every run ($took of $runs)" \
    [ "$took" = "$runs" ]
check "random logs: a bad record found" \
    grep -q "bad.csv:[0-9]*: field 'date'" "$scratch/whole"

# An error that ends the second half's thread while it holds the table
# (the 1,025th service, all of them in the second half): the first
# half, still reading, must not wait for the table for ever, and the
# run ends with the message and exit 2 (it hung before).
awk 'BEGIN {
	print "client_id,date,start,end,service,status"
	for (i = 0; i < 22000; i++)
		printf "C%d,2026-01-05,09:00,12:00,group,attended\n", i % 50
	for (i = 0; i < 1100; i++)
		printf "C%d,2026-01-06,09:00,12:00,s%d,attended\n", i % 50, i
	for (i = 0; i < 20000; i++)
		printf "C%d,2026-01-07,09:00,12:00,group,attended\n", i % 50
}' >"$scratch/services.csv"
(cd "$scratch" && IOP_DEBUG_SPLIT=1 timeout 300 iop-hours --from 2026-01-01 \
    --to 2026-01-31 services.csv >services.out 2>services.err)
st=$?
check "1,025 services in the second half: exit 2, not a hang" [ "$st" = 2 ]
# the 1,025th different service (group is the first) is s1023, on line
# 23025; each new one after it is a bad record too, as read whole
awk 'BEGIN {
	print "iop-hours: debug: services.csv: read in two halves"
	for (l = 23025; l < 23045; l++)
		printf "iop-hours: services.csv:%d: field %s is new past the " \
		    "1024 different services a report can hold\n", l, "\047service\047"
	print "iop-hours: ... and 57 more bad records in services.csv"
}' >"$scratch/services.want"
check "1,025 services in the second half: read in two halves, the messages" \
    cmp -s "$scratch/services.err" "$scratch/services.want"
check "1,025 services in the second half: no report" \
    [ ! -s "$scratch/services.out" ]
# Bad records in both halves and 1,100 services: the file is read again
# for its messages, and its services are counted from none, not after
# those the halves took, so the messages are those of a whole read.
# The first half stops at its line 3003, after 1,000 s services; the
# second half, from the middle of the t services, has taken all 100 of
# them by then (the halves stop at the first bad record of either),
# which a whole read meets only after the s services, and counts
# against the limit from the 25th on.
awk 'BEGIN {
	print "client_id,date,start,end,service,status"
	print "C0,2026-01-05,09:00,10:00,s0,attended"
	for (i = 0; i < 3000; i++)
		printf "C%d,2026-01-06,09:00,10:00,s%d,attended\n", i % 50,
		    i % 1000
	print "C1,2026-01-05,09:00,10:00,s0,gone"
	for (i = 0; i < 3000; i++)
		printf "C%d,2026-01-07,09:00,10:00,t%d,attended\n", i % 50,
		    i % 100
	print "C2,2026-01-08,09:00,10:00,t0,gone"
}' >"$scratch/svcbad.csv"
(cd "$scratch" && IOP_TEST_SPLIT_MIN=1 IOP_DEBUG_SPLIT=1 iop-hours \
    --from 2026-01-01 --to 2026-01-31 svcbad.csv >svcbad.out 2>svcbad.err)
st=$?
(cd "$scratch" && IOP_TEST_SPLIT_MIN=999999999 iop-hours --from 2026-01-01 \
    --to 2026-01-31 svcbad.csv >svcbad.out1 2>svcbad.err1)
check "bad records and 1,100 services, split: exit 2" [ "$st" = 2 ]
check "bad records and 1,100 services: read in halves" \
    [ "$(sed -n 1p "$scratch/svcbad.err")" = \
    "iop-hours: debug: svcbad.csv: read in two halves" ]
check "bad records and 1,100 services: the messages of a whole read" \
    [ "$(sed 1d "$scratch/svcbad.err")" = "$(cat "$scratch/svcbad.err1")" ]
check "bad records and 1,100 services: the first service past the limit" \
    [ "$(sed -n 2p "$scratch/svcbad.err1")" = "iop-hours: svcbad.csv:3028: field 'service' is new past the 1024 different services a report can hold" ]
check "bad records and 1,100 services: no report" \
    [ ! -s "$scratch/svcbad.out" ]
# The same after a good log of 10 other services: those stay counted
# when the second log is read again, as in a whole read (the 1,025th
# service is then t14, on line 3018).
awk 'BEGIN {
	print "client_id,date,start,end,service,status"
	for (i = 0; i < 200; i++)
		printf "C%d,2026-01-05,11:00,12:00,u%d,attended\n", i % 50, i % 10
}' >"$scratch/ten.csv"
(cd "$scratch" && IOP_TEST_SPLIT_MIN=1 iop-hours --from 2026-01-01 \
    --to 2026-01-31 ten.csv svcbad.csv >svcbad.out 2>svcbad.err)
st=$?
(cd "$scratch" && IOP_TEST_SPLIT_MIN=999999999 iop-hours --from 2026-01-01 \
    --to 2026-01-31 ten.csv svcbad.csv >svcbad.out1 2>svcbad.err1)
check "a good log first, then 1,100 services: exit 2" [ "$st" = 2 ]
check "a good log first: the messages of a whole read" \
    cmp -s "$scratch/svcbad.err" "$scratch/svcbad.err1"
check "a good log first: its services still count" \
    [ "$(sed -n 2p "$scratch/svcbad.err1")" = "iop-hours: svcbad.csv:3018: field 'service' is new past the 1024 different services a report can hold" ]

# A disk error in the log (the fault shim fails every read that reaches
# byte IOP_FAULT_FROM): the file's message alone, exit 2 and no report,
# whether the first half meets it, the second, or the second in a range
# it took over from the first.
if shim_can iop-hours read pread; then
	awk 'BEGIN {
		print "client_id,date,start,end,service,status"
		for (i = 0; i < 2000; i++)
			printf "C%d,2026-04-%02d,09:00,10:00,group,attended\n",
			    i % 50, 1 + int(i / 80)
	}' >"$scratch/eio.csv"
	size=$(wc -c <"$scratch/eio.csv")
	for at in "1 4" "3 4" "2 5 IOP_TEST_STEAL=1"; do
		set -- $at
		from=$((size * $1 / $2))
		(cd "$scratch" && env LD_PRELOAD="$TESTS/fault/fault.so" \
		    IOP_FAULT=read IOP_FAULT_FILE=/eio.csv IOP_FAULT_FROM=$from \
		    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		    ${3-} iop-hours --from 2026-04-01 --to 2026-04-30 eio.csv \
		    >eio.out 2>eio.err)
		st=$?
		check "a disk error $1/$2 in: exit 2" [ "$st" = 2 ]
		check "a disk error $1/$2 in: the message alone" [ \
		    "$(grep -v ': debug: ' "$scratch/eio.err")" = \
		    "iop-hours: eio.csv: Input/output error" ]
		check "a disk error $1/$2 in: no report" [ ! -s "$scratch/eio.out" ]
	done
else
	skip "a disk error in a half: the shim cannot take over read and pread"
fi
done_testing
