#!/bin/sh
# iop-hours on a report large enough to be written in two halves at
# once (50,000 rows or more): the same rows, in order, one header.
. "$(dirname "$0")/lib.sh"
cd "$scratch" || exit 2
awk 'BEGIN {
	print "client_id,date,start,end,service,status"
	for (i = 1; i <= 60000; i++)
		printf "C%05d,2026-11-23,09:00,12:00,group,attended\n", i
}' >log.csv
awk 'BEGIN {
	print "client_id,week,week_start,hours,sessions,days,missed,hours_group,min_hours,max_hours,status"
	for (i = 1; i <= 60000; i++)
		printf "C%05d,2026-W48,2026-11-23,3.00,1,1,0,3.00,9.00,19.00,below_min\n", i
}' >want.csv
iop-hours log.csv >got.csv
check "60,000 rows, in order, under one header" cmp -s want.csv got.csv
iop-hours --fail-below log.csv >/dev/null
check "--fail-below sees the clients of both halves" [ $? = 1 ]
iop-hours -O jsonl log.csv >got.jsonl
check "JSON Lines: 60,000 lines" [ "$(wc -l <got.jsonl)" -eq 60000 ]
check "JSON Lines: the last client last" \
    [ "$(tail -n 1 got.jsonl | cut -c1-22)" = '{"client_id":"C60000",' ]
iop-hours log.csv -o report.csv
check "-o: the same report" cmp -s want.csv report.csv
if [ -w /dev/full ]; then
	full=$(printf '%s' "No space left on device")
	got=$(iop-hours log.csv 2>&1 >/dev/full)
	check "a report written in halves to a full disk: exit 2 naming <stdout>" \
	    [ $? = 2 -a "$got" = "iop-hours: <stdout>: $full" ]
	got=$(iop-hours -o /dev/full log.csv 2>&1)
	check "and with -o /dev/full, naming it" \
	    [ $? = 2 -a "$got" = "iop-hours: /dev/full: $full" ]
fi
done_testing
