#!/bin/sh
# bench/chart.sh [ROWS...]: time iop-chart on hours reports of ROWS rows
# (10,000 and 100,000 by default), in two shapes: one week of ROWS
# clients (the bars) and ten weeks of ROWS/10 clients (the grid), the
# hours made by awk from the client and week numbers (every seventh
# client-week below the minimum, every eleventh above the maximum).
# Runs each case RUNS times (3) in rounds and keeps the fastest; prints
# seconds, peak RSS (KB) and the page's size.  With CALLGRIND=1 it also
# counts each case's instructions under valgrind's callgrind, which a
# shared machine does not move.
set -u
here=$(cd "$(dirname "$0")" && pwd) || exit 1
cd "$here/.." || exit 1
runs=${RUNS:-3}
data=bench/data
mkdir -p "$data"
make cmd/iop-chart >/dev/null || exit 1
[ $# -gt 0 ] || set -- 10000 100000

report() {	# ROWS WEEKS: the report, on standard output
	awk -v n="$1" -v w="$2" 'BEGIN {
		split("09-21 09-28 10-05 10-12 10-19 10-26 11-02 11-09 11-16 " \
		    "11-23", start, " ")
		print "client_id,week,week_start,hours,min_hours,max_hours,status"
		for (k = 0; k < w; k++)
			for (i = 1; i <= n / w; i++) {
				j = i * 31 + k * 17
				if (j % 7 == 0)
					h = "4.50,9.00,19.00,below_min"
				else if (j % 11 == 0)
					h = "20.25,9.00,19.00,above_max"
				else
					h = sprintf("%d.%02d,9.00,19.00,ok", 9 + j % 10, j % 60)
				printf "C%07d,2026-W%02d,2026-%s,%s\n", i, 39 + k,
				    start[k + 1], h
			}
	}'
}

for n in "$@"; do
	for w in 1 10; do
		f=$data/chart-$n-$w.csv
		[ -f "$f" ] || report "$n" "$w" >"$f"
		: >"$data/chart-$n-$w.times"
	done
done
i=0
while [ "$i" -lt "$runs" ]; do
	for n in "$@"; do
		for w in 1 10; do
			/usr/bin/time -a -o "$data/chart-$n-$w.times" -f '%e %M' \
			    cmd/iop-chart -o "$data/chart-$n-$w.html" \
			    "$data/chart-$n-$w.csv" || exit 1
		done
	done
	i=$((i + 1))
done
printf '%-8s %-6s %8s %10s %10s\n' rows weeks seconds rss_kb html_kb
for n in "$@"; do
	for w in 1 10; do
		set -- $(sort -n "$data/chart-$n-$w.times" | head -n 1)
		printf '%-8s %-6s %8s %10s %10s\n' "$n" "$w" "$1" "$2" \
		    $(($(wc -c <"$data/chart-$n-$w.html") / 1024))
		if [ "${CALLGRIND:-0}" = 1 ]; then
			valgrind --tool=callgrind --callgrind-out-file=/dev/null \
			    cmd/iop-chart -o "$data/chart-cg.html" "$data/chart-$n-$w.csv" 2>&1 |
			    sed -n 's/.*Collected : /  instructions: /p'
		fi
	done
done
