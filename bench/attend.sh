#!/bin/sh
# bench/attend.sh [ROWS]: time iop-attend on bench/gen's attendance log
# (1,000,000 rows by default, ROWS/200 clients, seed 1, as bench/run.sh
# makes it) against iop-hours on the same log and the floor, a bare
# libcsv pass (bench/csvcount).  The schedule is one session per log
# row, the row's own client, date, times and service (taken with awk
# from the first five columns, which gen never quotes), so every record
# matches a session and the audit covers the whole log.  iop-attend runs
# twice: with the built-in policy (about half a million findings) and
# with a quiet policy that turns the per-session and weekly rules off,
# which shows the memory of the audit apart from that of the findings.
# The floor of reading both files: csvcount over the schedule too, and
# over the log and the schedule at once (two processes, one core each),
# which is what any reader of the two on two cores must at least do.
# Runs each tool RUNS times (3) in rounds and keeps the fastest; prints
# seconds, peak RSS, RSS bytes per log row and the ratio to iop-hours.
# With CALLGRIND=1, also each one's instruction count under valgrind's
# callgrind (one run each; the steady measure on a shared machine).
set -u
here=$(cd "$(dirname "$0")" && pwd) || exit 1
cd "$here/.." || exit 1
n=${1:-1000000}
runs=${RUNS:-3}
clients=$((n / 200))
[ "$clients" -ge 1 ] || clients=1
data=bench/data
mkdir -p "$data"
${CC:-cc} -O2 -o bench/gen bench/gen.c || exit 1
${CC:-cc} -O2 -o bench/csvcount bench/csvcount.c -lcsv || exit 1
log=$data/attend-log-$n.csv
sched=$data/attend-sched-$n.csv
[ -f "$log" ] || bench/gen -s 1 -n "$n" -c "$clients" >"$log" || exit 1
[ -f "$sched" ] || awk -F, 'BEGIN { print "client_id,date,start,end,service" }
	/^C[0-9]+,[0-9][0-9][0-9][0-9]-/ { print $1 "," $2 "," $3 "," $4 "," $5 }' \
    "$log" >"$sched"
quiet=$data/attend-quiet.yaml
printf '%s\n' 'severity:' '  no_record: off' '  unscheduled: off' \
    '  late: off' '  left_early: off' '  absent_unexcused: off' \
    '  consecutive_absences: off' '  below_min_hours: off' \
    '  billable_day_short: off' >"$quiet"
make cmd/iop-attend cmd/iop-hours >/dev/null || exit 1
cat "$log" "$sched" >/dev/null

best() {	# NAME: the fastest "seconds rss" line of $data/NAME.times
	grep -v '^Command' "$data/$1.times" | sort -n | head -n 1
}
tools="iop-attend iop-attend-quiet iop-hours csvcount csvcount-sched
    csvcount-both"
for t in $tools; do rm -f "$data/$t.times"; done
i=0
while [ "$i" -lt "$runs" ]; do
	/usr/bin/time -a -o "$data/iop-attend.times" -f '%e %M' \
	    cmd/iop-attend -s "$sched" --as-of 2026-12-31 "$log" \
	    >"$data/findings.csv" 2>/dev/null
	/usr/bin/time -a -o "$data/iop-attend-quiet.times" -f '%e %M' \
	    cmd/iop-attend -p "$quiet" -s "$sched" --as-of 2026-12-31 \
	    "$log" >/dev/null 2>/dev/null
	/usr/bin/time -a -o "$data/iop-hours.times" -f '%e %M' \
	    cmd/iop-hours --raw-csv "$log" >/dev/null
	/usr/bin/time -a -o "$data/csvcount.times" -f '%e %M' \
	    bench/csvcount "$log" >/dev/null
	/usr/bin/time -a -o "$data/csvcount-sched.times" -f '%e %M' \
	    bench/csvcount "$sched" >/dev/null
	/usr/bin/time -a -o "$data/csvcount-both.times" -f '%e %M' \
	    sh -c 'bench/csvcount "$1" & bench/csvcount "$2"; wait' sh \
	    "$log" "$sched" >/dev/null
	i=$((i + 1))
done
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg);" \
    "$n rows, $clients clients;" \
    "$(($(wc -l <"$data/findings.csv") - 1)) findings"
hours=$(best iop-hours | cut -d' ' -f1)
printf '%-17s %8s %9s %10s %11s\n' tool seconds "RSS MB" "B/log row" \
    "x iop-hours"
for t in $tools; do
	set -- $(best "$t")
	awk -v t="$t" -v s="$1" -v m="$2" -v n="$n" -v h="$hours" 'BEGIN {
		printf "%-17s %8.2f %9.1f %10.0f %11.2f\n", t, s, m / 1024,
		    m * 1024 / n, (h > 0 ? s / h : 0) }'
done

[ "${CALLGRIND:-0}" = 1 ] || exit 0
command -v valgrind >/dev/null || { echo "valgrind not found" >&2; exit 1; }
instr() {	# NAME COMMAND...: the instructions COMMAND runs, all threads
	name=$1
	shift
	valgrind --tool=callgrind --callgrind-out-file="$data/cg.$name" \
	    "$@" >/dev/null 2>"$data/cg.$name.err"
	sed -n 's/.*Collected : //p' "$data/cg.$name.err"
}
a=$(instr iop-attend cmd/iop-attend -s "$sched" --as-of 2026-12-31 "$log")
q=$(instr iop-attend-quiet cmd/iop-attend -p "$quiet" -s "$sched" \
    --as-of 2026-12-31 "$log")
h=$(instr iop-hours cmd/iop-hours --raw-csv "$log")
c=$(instr csvcount bench/csvcount "$log")
printf '%-17s %15s %11s\n' tool instructions "x iop-hours"
for t in "iop-attend $a" "iop-attend-quiet $q" "iop-hours $h" "csvcount $c"; do
	set -- $t
	awk -v t="$1" -v i="$2" -v h="$h" 'BEGIN {
		printf "%-17s %15.0f %11.2f\n", t, i, i / h }'
done
