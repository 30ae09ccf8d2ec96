#!/bin/sh
# bench/screen.sh [RECORDS]: time iop-screen on PHQ-9 and GAD-7 intakes
# (1,000,000 by default, made with awk's srand(1): the same file every
# time) against the floor, a bare libcsv pass (bench/csvcount), and
# against bench/screen.awk (totals and bands only) under mawk.  Runs
# each tool RUNS times (3) in rounds and keeps the fastest; prints
# seconds, records a second, peak RSS and the ratio to the floor, and
# checks that awk's totals and bands agree with iop-screen's.
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
	/usr/bin/time -a -o "$data/iop-screen.times" -f '%e %M' \
	    cmd/iop-screen --raw-csv "$in" >"$data/screened.csv"
	/usr/bin/time -a -o "$data/csvcount.times" -f '%e %M' \
	    bench/csvcount "$in" >/dev/null
	/usr/bin/time -a -o "$data/mawk.times" -f '%e %M' \
	    mawk -f bench/screen.awk "$in" >"$data/awk.csv"
	i=$((i + 1))
done
floor=$(best csvcount | cut -d' ' -f1)
printf '%-11s %8s %12s %9s %7s\n' tool seconds records/s "RSS MB" "x floor"
for t in iop-screen csvcount mawk; do
	set -- $(best "$t")
	awk -v t="$t" -v s="$1" -v m="$2" -v n="$n" -v f="$floor" 'BEGIN {
		printf "%-11s %8.2f %12.0f %9.1f %7.2f\n", t, s,
		    (s > 0 ? n / s : 0), m / 1024, (f > 0 ? s / f : 0) }'
done
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
