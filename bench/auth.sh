#!/bin/sh
# bench/auth.sh [ROWS]: time iop-auth on bench/gen's attendance log
# (1,000,000 rows by default, ROWS/200 clients, seed 1, as bench/run.sh
# makes it) against iop-hours on the same log.  The authorizations are
# one per client of the log, 2025-01-01 to 2026-12-31, the payers taking
# turns (H0015, S9480, Aetna, Medicare) and the units day, session and
# hour in turn, so every profile's rule runs and every attended day is
# covered (taken with awk from the first column, which gen never
# quotes).  Runs each tool RUNS times (3) in rounds; prints the fastest
# and the median seconds, the median CPU seconds (user and system, both
# threads), peak RSS, the ratio of the fastest to iop-hours' fastest,
# and the median of the rounds' ratios (a round runs the two one after
# the other, so that a shared machine's load moves both alike).  With
# CALLGRIND=1 it also counts each tool's instructions under valgrind's
# callgrind, every thread's together: on a shared machine the count
# holds where the seconds drift.
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
log=$data/auth-log-$n.csv
auths=$data/auth-auths-$n.csv
[ -f "$log" ] || bench/gen -s 1 -n "$n" -c "$clients" >"$log" || exit 1
[ -f "$auths" ] || awk -F, '
	BEGIN { print "client_id,auth_id,payer,level,start,end,units,unit"
		split("H0015 S9480 Aetna Medicare", payer, " ")
		split("day session hour", unit, " ") }
	/^C[0-9]+,[0-9][0-9][0-9][0-9]-/ && !($1 in seen) {
		seen[$1] = 1; k++
		printf "%s,A%d,%s,2.1,2025-01-01,2026-12-31,400,%s\n", $1, k,
		    payer[k % 4 + 1], unit[k % 3 + 1] }' "$log" >"$auths"
make cmd/iop-auth cmd/iop-hours >/dev/null || exit 1
cat "$log" "$auths" >/dev/null

best() {	# NAME: the fastest "seconds rss user sys" of $data/NAME.times
	grep -v '^Command' "$data/$1.times" | sort -n | head -n 1
}
mid() {		# the median of the numbers on standard input
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
for t in iop-auth iop-hours; do rm -f "$data/$t.times"; done
i=0
while [ "$i" -lt "$runs" ]; do
	/usr/bin/time -a -o "$data/iop-auth.times" -f '%e %M %U %S' \
	    cmd/iop-auth --as-of 2026-12-31 --raw-csv "$auths" "$log" \
	    >"$data/auth.csv"
	/usr/bin/time -a -o "$data/iop-hours.times" -f '%e %M %U %S' \
	    cmd/iop-hours --raw-csv "$log" >/dev/null
	i=$((i + 1))
done
echo "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg);" \
    "$n rows, $clients clients, $(($(wc -l <"$auths") - 1)) authorizations"
hours=$(best iop-hours | cut -d' ' -f1)
printf '%-10s %8s %8s %8s %9s %11s\n' tool fastest median "cpu s" \
    "RSS MB" "x iop-hours"
for t in iop-auth iop-hours; do
	set -- $(best "$t")
	med=$(grep -v '^Command' "$data/$t.times" | cut -d' ' -f1 | mid)
	cpu=$(grep -v '^Command' "$data/$t.times" | awk '{ print $3 + $4 }' |
	    mid)
	awk -v t="$t" -v s="$1" -v m="$2" -v h="$hours" -v med="$med" \
	    -v cpu="$cpu" 'BEGIN {
		printf "%-10s %8.2f %8.2f %8.2f %9.1f %11.2f\n", t, s, med,
		    cpu, m / 1024, (h > 0 ? s / h : 0) }'
done
# line i of one against line i of the other: round i
for t in iop-auth iop-hours; do
	grep -v '^Command' "$data/$t.times" >"$data/$t.rounds"
done
echo "median of the rounds' ratios: $(paste -d' ' "$data/iop-auth.rounds" \
    "$data/iop-hours.rounds" | awk '$5 > 0 { printf "%.2f\n", $1 / $5 }' |
    mid)"
[ "${CALLGRIND:-0}" = 1 ] || exit 0
ir() {	# the instructions of a command, all threads
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
	    2>&1 >/dev/null | sed -n 's/.*Collected : *//p' | tr -d ,
}
a=$(ir cmd/iop-auth --as-of 2026-12-31 --raw-csv "$auths" "$log")
h=$(ir cmd/iop-hours --raw-csv "$log")
awk -v a="$a" -v h="$h" 'BEGIN {
	printf "callgrind instructions: iop-auth %.0f, iop-hours %.0f: %.2fx\n",
	    a, h, a / h }'
