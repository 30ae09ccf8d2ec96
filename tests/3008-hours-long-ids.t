#!/bin/sh
# Report rows whose first cell, the client id, is over 16 bytes: the
# writer (recout.c's rout_row()) takes it the long way and must make
# room again for the short cells after it.  2,000 clients, ids of 17 to
# 40 bytes that sort as they are made, one three-hour group session
# each in the week of 2026-11-23: each row is the id and then the same
# ten cells (3.00 hours of 9 to 19 wanted, so below_min), about 170 KB
# of report, more than the writer's 64 KiB a write.
. "$(dirname "$0")/lib.sh"

ids() {	# the ids in order, one a line
	awk 'BEGIN {
		for (i = 0; i < 2000; i++) {
			pad = ""
			for (k = 0; k < 4 + i % 24; k++) pad = pad "x"
			printf "client-%05d-%s\n", i, pad
		}
	}'
}
{
	echo client_id,date,start,end,service,status
	ids | sed 's/$/,2026-11-23,09:00,12:00,group,attended/'
} >"$scratch/log.csv"
{
	echo client_id,week,week_start,hours,sessions,days,missed,hours_group,min_hours,max_hours,status
	ids | sed 's/$/,2026-W48,2026-11-23,3.00,1,1,0,3.00,9.00,19.00,below_min/'
} >"$scratch/want.csv"
check "ids of 17 to 40 bytes: every row as it should be" \
    sh -c "iop-hours '$scratch/log.csv' | cmp -s - '$scratch/want.csv'"
check "the same with --raw-csv" \
    sh -c "iop-hours --raw-csv '$scratch/log.csv' | cmp -s - '$scratch/want.csv'"
done_testing
