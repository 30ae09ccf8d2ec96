#!/bin/sh
# iop-attend: the golden cases in tests/golden/iop-attend.
. "$(dirname "$0")/lib.sh"
run_golden iop-attend

# The log is read in a thread of its own while the schedule is read:
# when both are bad, only the schedule's errors are told, as when they
# were read one after the other, even though the log's error (line 2)
# is met long before the schedule's (its last line).
cd "$scratch" || exit 2
awk 'BEGIN {
	print "client_id,date,start,end,service"
	for (i = 0; i < 100000; i++)
		printf "C%d,2026-11-23,09:00,12:00,group\n", i
	print "C0,2026-11-32,09:00,12:00,group"
}' >s.csv
printf 'client_id,date,start,end,service,status\nA,2026-11-23,09:00,12:00,group,gone\n' >log.csv
iop-attend -s s.csv --as-of 2026-11-30 log.csv >out 2>err
echo $? >status
check "a bad schedule and a bad log: exit 2" [ "$(cat status)" = 2 ]
check "a bad schedule and a bad log: the schedule's error, alone" \
    [ "$(cat err)" = "iop-attend: s.csv:100002: field 'date' is not a date (YYYY-MM-DD)" ]
check "a bad schedule and a bad log: no report" [ ! -s out ]
done_testing
