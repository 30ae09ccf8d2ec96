#!/bin/sh
# iop-hours on a report large enough to be written by two threads at
# once (rout_rows(): chunks of 4,096 rows, each thread every other
# one): the same rows, in order, one header.
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

# Three weeks of 6,000 clients, services and hours that differ from
# row to row (the service columns in iop-hours(1)'s order, individual
# before group): chunks start inside a week and a week starts inside a
# chunk, so a chunk written out of turn, a week label kept from another
# chunk or a row missed at a chunk's edge shows.
awk 'BEGIN {
	print "client_id,date,start,end,service,status"
	for (w = 0; w < 3; w++)
		for (i = 1; i <= 6000; i++)
			printf "C%05d,2026-11-%02d,09:00,%02d:00,%s,attended\n",
			    i, 9 + 7 * w, 10 + (i + w) % 3, (i % 2) ? "group" : "individual"
}' >weeks.csv
awk 'BEGIN {
	print "client_id,week,week_start,hours,sessions,days,missed,hours_individual,hours_group,min_hours,max_hours,status"
	for (w = 0; w < 3; w++)
		for (i = 1; i <= 6000; i++) {
			h = 1 + (i + w) % 3
			printf "C%05d,2026-W%02d,2026-11-%02d,%d.00,1,1,0,%s,%s,9.00,19.00,below_min\n",
			    i, 46 + w, 9 + 7 * w, h,
			    (i % 2) ? "0.00" : h ".00", (i % 2) ? h ".00" : "0.00"
		}
}' >weeks-want.csv
iop-hours weeks.csv >weeks-got.csv
check "18,000 rows over three weeks, chunk edges inside weeks" \
    cmp -s weeks-want.csv weeks-got.csv
# A roster of 3,000 open enrolments over 25 weeks, one client in seven
# with a session: 75,000 rows, nearly all made from the roster as the
# report is written (hours_expect()), by both writer threads.
awk 'BEGIN {
	print "client_id,admitted,discharged,level"
	for (i = 1; i <= 3000; i++)
		printf "R%04d,2025-01-06,,iop\n", i
}' >roster.csv
awk 'BEGIN {
	print "client_id,date,start,end,service,status"
	for (i = 1; i <= 3000; i += 7)
		printf "R%04d,2025-03-0%d,09:00,12:00,group,attended\n", i, 3 + i % 5
}' >few.csv
awk 'BEGIN {
	print "client_id,week,week_start,hours,sessions,days,missed,hours_group,min_hours,max_hours,status"
	split("31 28 31 30 31 30", mlen, " ")
	m = 1; d = 6
	for (w = 2; w <= 26; w++) {
		for (i = 1; i <= 3000; i++)
			if (w == 10 && i % 7 == 1)
				printf "R%04d,2025-W%02d,2025-%02d-%02d,3.00,1,1,0,3.00,9.00,19.00,below_min\n", i, w, m, d
			else
				printf "R%04d,2025-W%02d,2025-%02d-%02d,0.00,0,0,0,0.00,9.00,19.00,below_min\n", i, w, m, d
		d += 7
		if (d > mlen[m]) { d -= mlen[m]; m++ }
	}
}' >roster-want.csv
iop-hours -r roster.csv --from 2025-01-06 --to 2025-06-29 few.csv \
    >roster-got.csv
check "75,000 rows of a roster's enrolments, in order" \
    cmp -s roster-want.csv roster-got.csv
done_testing
