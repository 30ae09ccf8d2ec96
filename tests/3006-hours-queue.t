#!/bin/sh
# attlog_read lends a queued record's strings from the reader's batch
# and copies them only when the batch goes back while the record still
# waits for the table (attlog_read.c, copy_lent()).  IOP_TEST_TAKE_LATE=1
# makes every record wait (till 4,096 do, or the log or half ends), so
# that records outlive many batches: read whole from a pipe (batches of
# a parser thread) and in two halves, the report must be the one read
# as usual, and its totals those worked out here.
. "$(dirname "$0")/lib.sh"
cd "$scratch" || exit 2
# 24,000 records: 60 clients, each one hour (09:00-10:00) on each of
# 400 days from Monday 2025-01-06, the clients of a day in turn; ids
# and services of several lengths so that a wrong copy shows.
awk 'BEGIN {
	split("group cbt individual dbt", svc, " ")
	print "client_id,date,start,end,service,status,notes"
	for (i = 0; i < 24000; i++) {
		if (i % 60 == 0)
			day = date(i / 60)
		id = sprintf("C%0" (1 + i % 60 % 7) "d", i % 60)
		printf "%s,%s,09:00,10:00,%s,attended,\n", id, day,
		    svc[1 + i % 4]
	}
}
function date(n,   y, m, dd, ml) {	# 2025-01-06 plus n days
	split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
	y = 2025; m = 1; dd = 6 + n
	while (dd > ml[m] + (m == 2 && y % 4 == 0)) {
		dd -= ml[m] + (m == 2 && y % 4 == 0)
		if (++m > 12) { m = 1; y++ }
	}
	return sprintf("%04d-%02d-%02d", y, m, dd)
}' >log.csv
iop-hours --raw-csv log.csv >usual.csv 2>usual.err
check "read as usual: exit 0" [ $? -eq 0 ]
check "read as usual: nothing said" [ ! -s usual.err ]
# 400 days from a Monday are 57 weeks and a day: 58 weeks of 60 clients
check "58 weeks of 60 clients" [ "$(sed 1d usual.csv | wc -l)" -eq 3480 ]
check "24,000 hours in all" [ "$(awk -F, 'NR > 1 { h += $4 }
    END { printf "%.2f", h }' usual.csv)" = 24000.00 ]
check "7 hours a full week" [ "$(awk -F, 'NR > 1 && $4 != "7.00"' \
    usual.csv | wc -l)" -eq 60 ]
cat log.csv | IOP_TEST_TAKE_LATE=1 IOP_DEBUG_SPLIT=1 iop-hours --raw-csv \
    >late.csv 2>late.err
check "a pipe, every record late: read whole" [ "$(cat late.err)" = \
    "iop-hours: debug: <stdin>: read whole" ]
check "a pipe, every record late: the same report" cmp -s usual.csv late.csv
IOP_TEST_TAKE_LATE=1 IOP_TEST_SPLIT_MIN=2 IOP_DEBUG_SPLIT=1 iop-hours \
    --raw-csv log.csv >split.csv 2>split.err
check "two halves, every record late: read in two halves" [ \
    "$(cat split.err)" = "iop-hours: debug: log.csv: read in two halves" ]
check "two halves, every record late: the same report" \
    cmp -s usual.csv split.csv
done_testing
