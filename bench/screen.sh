#!/bin/sh
# bench/screen.sh [RECORDS]: time iop-screen on PHQ-9 and GAD-7 intakes
# (1,000,000 by default, made with awk's srand(1): the same file every
# time) against the floor, a bare libcsv pass (bench/csvcount), and
# against bench/screen.awk (totals and bands only) under mawk.  Runs
# each tool RUNS times (3) in rounds and keeps the fastest; prints
# seconds, records a second, peak RSS and the ratio to the floor, and
# checks that awk's totals and bands agree with iop-screen's.
#
# iop-screen runs twice a round: writing bench/data/screened.csv as a
# user would (its spool in TMPDIR, then the file, both on disk), and
# as "iop-screen/mem" to /dev/null with its spool on /dev/shm, which
# times the program rather than the disk.  The CPU column is user and
# system seconds, threads and all.  With CALLGRIND=1 it also counts
# the instructions of iop-screen and csvcount on the first 10,000
# records (callgrind: the steady measure on a shared machine).
set -u
here=$(cd "$(dirname "$0")" && pwd) || exit 1
cd "$here/.." || exit 1
n=${1:-1000000}
runs=${RUNS:-3}
data=bench/data
mkdir -p "$data"
in=$data/intake-$n.csv
[ -f "$in" ] || awk -v n="$n" 'BEGIN { srand(1)
	printf "client_id,date,age,sex"
	for (i = 1; i <= 9; i++) printf ",phq9_%d", i
	for (i = 1; i <= 7; i++) printf ",gad7_%d", i
	print ""
	for (r = 0; r < n; r++) {
		printf "C%07d,2026-11-02,%d,%s", r, 18 + int(rand() * 53),
		    rand() < 0.5 ? "male" : "female"
		for (i = 0; i < 16; i++) printf ",%d", int(rand() * 4)
		print ""
	} }' >"$in"
${CC:-cc} -O2 -o bench/csvcount bench/csvcount.c -lcsv || exit 1
[ -x cmd/iop-screen ] || make cmd/iop-screen >/dev/null || exit 1
cat "$in" >/dev/null

best() {	# NAME: the fastest "seconds rss" line of $data/NAME.times
	sort -n "$data/$1.times" | head -n 1
}
rm -f "$data"/*.times
i=0
while [ "$i" -lt "$runs" ]; do
	/usr/bin/time -a -o "$data/iop-screen.times" -f '%e %M %U %S' \
	    cmd/iop-screen --raw-csv "$in" >"$data/screened.csv"
	if [ -d /dev/shm ]; then
		TMPDIR=/dev/shm /usr/bin/time -a -o "$data/iop-screen-mem.times" \
		    -f '%e %M %U %S' cmd/iop-screen --raw-csv "$in" >/dev/null
	fi
	/usr/bin/time -a -o "$data/csvcount.times" -f '%e %M %U %S' \
	    bench/csvcount "$in" >/dev/null
	/usr/bin/time -a -o "$data/mawk.times" -f '%e %M %U %S' \
	    mawk -f bench/screen.awk "$in" >"$data/awk.csv"
	i=$((i + 1))
done
floor=$(best csvcount | cut -d' ' -f1)
printf '%-14s %8s %12s %9s %7s %6s\n' tool seconds records/s "RSS MB" \
    "x floor" CPU
for t in iop-screen iop-screen-mem csvcount mawk; do
	[ -f "$data/$t.times" ] || continue
	set -- $(best "$t")
	name=$t
	[ "$t" = iop-screen-mem ] && name=iop-screen/mem
	awk -v t="$name" -v s="$1" -v m="$2" -v u="$3" -v k="$4" -v n="$n" \
	    -v f="$floor" 'BEGIN {
		printf "%-14s %8.2f %12.0f %9.1f %7.2f %6.2f\n", t, s,
		    (s > 0 ? n / s : 0), m / 1024, (f > 0 ? s / f : 0), u + k }'
done
if [ "${CALLGRIND:-0}" = 1 ]; then
	head -n 10001 "$in" >"$data/intake-10000.csv"
	irefs() {	# COMMAND...: the instructions it ran, threads and all
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
		    2>&1 >/dev/null | awk '/Collected :/ { print $NF }'
	}
	a=$(irefs cmd/iop-screen --raw-csv "$data/intake-10000.csv")
	b=$(irefs bench/csvcount "$data/intake-10000.csv")
	awk -v a="$a" -v b="$b" 'BEGIN { printf "instructions, first 10,000: " \
	    "iop-screen %.1fM, csvcount %.1fM, %.2f x\n", a / 1e6, b / 1e6,
	    (b > 0 ? a / b : 0) }'
fi
mawk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	{ print $(c["client_id"]) "," $(c["phq9_total"]) "," $(c["phq9_band"]) \
	    "," $(c["gad7_total"]) "," $(c["gad7_band"]) }' \
    "$data/screened.csv" >"$data/screened.cut"
if [ "$(wc -l <"$data/screened.cut")" -eq "$n" ] &&
    tail -n +2 "$data/awk.csv" | cmp -s - "$data/screened.cut"; then
	echo "agree: awk's totals and bands are iop-screen's"
else
	echo "DISAGREE: awk's totals and bands differ from iop-screen's"
	exit 1
fi
