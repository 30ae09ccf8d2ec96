#!/bin/sh
# iop-screen on YAML made to be costly: records of thousands of keys
# each, written as CSV, whose header is the union of their fields
# (found by hashing; a search per field took minutes), capped at the
# program's columns and 4,096 more.  Each run has a generous time limit,
# so a cost that turns quadratic fails rather than slows the suite.
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
done_testing
