#!/bin/sh
# Hostile input: every file in tests/hostile must make iop-hours exit 2
# with the exact "file:line: message" first, echo no value (each file
# holds the marker SECRET in its values), write nothing to standard
# output, and leave an existing -o report as it was, with no temporary
# file behind.  Then output failures, locale and time zone.
. "$(dirname "$0")/lib.sh"

hostile() {	# FILE EXPECTED-FIRST-LINE
	file=$1 want=$2
	dir=$scratch/h/$file
	mkdir -p "$dir"
	cp "$TESTS/hostile/$file" "$dir/" 2>/dev/null || cp "$file" "$dir/"
	printf 'old report\n' >"$dir/report.csv"
	(cd "$dir" && iop-hours --today 2026-11-27 "${file##*/}" -o report.csv \
	    >stdout 2>stderr)
	st=$?
	bad=
	[ "$st" = 2 ] || bad="$bad status $st;"
	got=$(head -n 1 "$dir/stderr")
	[ "$got" = "$want" ] || bad="$bad first line '$got';"
	grep -q SECRET "$dir/stderr" && bad="$bad a value was echoed;"
	[ -s "$dir/stdout" ] && bad="$bad stdout not empty;"
	[ "$(cat "$dir/report.csv")" = "old report" ] || bad="$bad -o changed;"
	[ "$(ls -A "$dir" | wc -l)" = 4 ] || bad="$bad files left: $(ls -A "$dir");"
	if [ -z "$bad" ]; then ok "hostile $file"; else not_ok "hostile $file:$bad"; fi
}

grep -v '^#' "$TESTS/hostile/expect" | while IFS='	' read -r file msg; do
	hostile "$file" "iop-hours: $file:$msg"
done >"$scratch/results"
cat "$scratch/results"
n=$(grep -c '^ok\|^not ok' "$scratch/results")
failed=$(grep -c '^not ok' "$scratch/results")

# A field over the 1 MiB cap, made here rather than kept in the tree.
big=$scratch/big.csv
{ printf 'client_id,date,start,end,service,status,notes\n"SECRET'
  head -c 1100000 /dev/zero | tr '\0' x; printf '",2026-11-23,09:00,12:00,group,attended,x\n'; } >"$big"
hostile "$big" "iop-hours: big.csv:2: field too large (over 1 MiB)"

# A file name with control characters is escaped, not echoed raw.
ctl=$(printf 'bad\033name.csv')
mkdir -p "$scratch/ctl" && printf 'client_id\nx\n' >"$scratch/ctl/$ctl"
got=$(cd "$scratch/ctl" && iop-hours "$ctl" 2>&1 >/dev/null)
check "control characters in a file name are escaped" \
    [ "$got" = 'iop-hours: bad\x1bname.csv:1: missing column '"'"'date'"'" ]

log=$TESTS/golden/iop-hours/basic/log.csv

# Write errors are errors; a closed pipe ends quietly.
got=$(iop-hours "$log" 2>&1 >/dev/full)
check "a full disk is an error (exit 2)" sh -c "iop-hours '$log' >/dev/full 2>/dev/null; [ \$? = 2 ]"
check "and says so" [ "$got" = "iop-hours: write error: No space left on device" ]
got=$(iop-hours "$log" -o "$scratch/no/such/dir/r.csv" 2>&1)
check "-o into a missing directory is an error" \
    [ "$got" = "iop-hours: $scratch/no/such/dir/r.csv: No such file or directory" ]
got=$( (iop-hours --from 2026-01-01 "$TOP/examples/attendance.csv" | head -c 1 >/dev/null) 2>&1)
check "a closed pipe ends quietly" [ -z "$got" ]

# Output does not depend on the locale or (outside a clock change) TZ.
iop-hours "$log" >"$scratch/c.csv"
LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8 iop-hours "$log" >"$scratch/de.csv" 2>/dev/null
check "the same report under a German locale" cmp -s "$scratch/c.csv" "$scratch/de.csv"
TZ=Asia/Kolkata iop-hours "$log" >"$scratch/tz.csv"
check "the same report in another time zone" cmp -s "$scratch/c.csv" "$scratch/tz.csv"

done_testing
