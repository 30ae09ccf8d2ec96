#!/bin/sh
# iop-screen on YAML made to be costly: records of thousands of keys
# each, written as CSV, whose header is the union of their fields
# (found by hashing; a search per field took minutes), capped at the
# program's columns and 4,096 more.  Each run has a generous time limit,
# so a cost that turns quadratic fails rather than slows the suite; and
# the instructions a CSV intake costs, against the bare libcsv pass.
. "$(dirname "$0")/lib.sh"
cd "$scratch" || exit 2

limit=20
keys=4095
if [ "${VALGRIND:-0}" = 1 ]; then	# ten to fifty times slower
	limit=600
	keys=300
fi
added=55	# the fields iop-screen adds, safety to notice

# 50 records of distinct keys: the first record sets keys + 55 columns,
# and the record that takes the union past 4,096 more (the smallest r,
# from 0, with keys * r > 4096) is named by the line it begins on
awk -v n=$keys 'BEGIN { for (r = 0; r < 50; r++) { print "---"
	for (k = 0; k < n; k++) printf "k%d_%d: v\n", r, k } }' >wide.yaml
timeout "$limit" iop-screen -O csv wide.yaml >/dev/null 2>wide.err
st=$?
r=$((4096 / keys + 1))
line=$((r * (keys + 1) + 2))
cap=$((keys + added + 4096))
check "wide YAML: past the cap, exit 2 in time (got $st)" [ "$st" = 2 ]
check "wide YAML: the record that passes the cap is named (line $line)" \
    grep -qx "iop-screen: wide.yaml:$line: the records so far have more than $cap fields between them, too many for one CSV header" wide.err

# 40 records of the same keys in rotated orders: no new column after
# the first record, but every key a lookup (keys + 55 columns)
awk -v n=$keys 'BEGIN { for (r = 0; r < 40; r++) { print "---"
	for (k = 0; k < n; k++) printf "k%d: v\n", (k + r * 97) % n } }' \
    >rotated.yaml
cols=$(timeout "$limit" iop-screen -O csv rotated.yaml | head -n 1 |
    tr , '\n' | wc -l)
check "rotated YAML keys: $((keys + added)) columns in time (got $cols)" \
    [ "$cols" = $((keys + added)) ]

# 50 records of a client and 60 keys each: 1 + 50 * 60 + 55 = 3,056
awk 'BEGIN { for (r = 0; r < 50; r++) { printf "---\nclient_id: C%d\n", r
	for (k = 0; k < 60; k++) printf "k%d_%d: v\n", r, k } }' >many.yaml
cols=$(timeout "$limit" iop-screen -O csv many.yaml | head -n 1 |
    tr , '\n' | wc -l)
check "many small YAML records: 3,056 columns (got $cols)" [ "$cols" = 3056 ]

# Throughput, in instructions (callgrind: the steady measure on a shared
# machine) a PHQ-9 and GAD-7 intake costs against the bare libcsv pass
# over the same file (bench/csvcount.c): at most 8 times (issue 12).
# The difference between 3,000 and 1,000 records leaves the start out.
intakes() {	# N: bench/screen.sh's intakes
	awk -v n="$1" 'BEGIN { srand(1)
	printf "client_id,date,age,sex"
	for (i = 1; i <= 9; i++) printf ",phq9_%d", i
	for (i = 1; i <= 7; i++) printf ",gad7_%d", i
	print ""
	for (r = 0; r < n; r++) {
		printf "C%07d,2026-11-02,%d,%s", r, 18 + int(rand() * 53),
		    rand() < 0.5 ? "male" : "female"
		for (i = 0; i < 16; i++) printf ",%d", int(rand() * 4)
		print ""
	} }'
}
irefs() {	# COMMAND...: the instructions it ran, threads and all
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
	    2>&1 >/dev/null | awk '/Collected :/ { print $NF }'
}
# Counted on the build as made (-O2); not under ASan, which valgrind
# cannot run.
if instrumented iop-screen || ! command -v valgrind >/dev/null ||
    ! ${CC:-cc} -O2 -o csvcount "$TOP/bench/csvcount.c" -lcsv 2>/dev/null
then
	ok "# SKIP throughput: sanitizer, no valgrind or no libcsv"
else
	intakes 1000 >i1.csv
	intakes 3000 >i3.csv
	a=$(irefs iop-screen --raw-csv i1.csv)
	b=$(irefs iop-screen --raw-csv i3.csv)
	c=$(irefs ./csvcount i1.csv)
	d=$(irefs ./csvcount i3.csv)
	x=$(awk -v a="${a:-0}" -v b="${b:-0}" -v c="${c:-0}" -v d="${d:-0}" \
	    'BEGIN { printf "%.2f", (a > 0 && b > a && d > c ? \
	    (b - a) / (d - c) : 99) }')
	check "throughput: an intake costs $x times the bare CSV pass (<= 8)" \
	    awk -v x="$x" 'BEGIN { exit !(x <= 8) }'
fi
done_testing
