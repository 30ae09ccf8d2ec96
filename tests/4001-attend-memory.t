#!/bin/sh
# iop-attend's memory (issue 12): at most 100 bytes a log row of the
# audited period (with a session for each), over what a run on one row
# takes; rows outside the period cost nothing.  Skipped under ASan and
# valgrind, whose own memory would be measured.
. "$(dirname "$0")/lib.sh"
cd "$scratch" || exit 2
if instrumented iop-attend || ! [ -x /usr/bin/time ]; then
	echo "1..0 # SKIP sanitizer, valgrind or no /usr/bin/time"
	exit 0
fi
# 2,500 clients x 100 days, one session a day, every one attended.
awk 'BEGIN {
	print "client_id,date,start,end,service,session_id" > "s.csv"
	print "client_id,date,start,end,service,status" > "in.csv"
	print "client_id,date,start,end,service,status" > "out.csv"
	for (c = 1; c <= 2500; c++)
		for (m = 1; m <= 10; m++)
			for (d = 1; d <= 10; d++) {
				printf "C%05d,2026-%02d-%02d,09:00,12:00,group,\n",
				    c, m, d > "s.csv"
				printf "C%05d,2026-%02d-%02d,09:00,12:00,group," \
				    "attended\n", c, m, d > "in.csv"
				printf "C%05d,2025-%02d-%02d,09:00,12:00,group," \
				    "attended\n", c, m, d > "out.csv"
			}
}'
head -n 2 s.csv >s1.csv
head -n 2 in.csv >in1.csv
printf 'severity:\n  below_min_hours: off\n  billable_day_short: off\n  no_contact: off\n' >q.yaml
rss() {	# peak KB of iop-attend ARGS
	/usr/bin/time -f '%M' -o rss iop-attend -p q.yaml "$@" \
	    >/dev/null 2>&1
	tail -n 1 rss
}
base=$(rss -s s1.csv --as-of 2026-12-31 in1.csv)
full=$(rss -s s.csv --as-of 2026-12-31 in.csv)
check "250,000 rows in the period: at most 100 bytes a row (${base} KB, ${full} KB)" \
    [ $(((full - base) * 1024)) -le 25000000 ]
# Rows before the period are read and dropped: what a log of them takes
# over a one-row log is the readers' buffers, grown to their size once
# (2.7 to 3.0 MB measured, against a limit of 3,000,000 bytes that it
# sometimes crossed), not 16 bytes a row (4 MB over 250,000 rows).
past=$(rss -s s1.csv --from 2026-01-01 --as-of 2026-12-31 out.csv)
check "250,000 rows before the period cost under 4 MB (${base} KB, ${past} KB)" \
    [ $(((past - base) * 1024)) -le 4000000 ]
done_testing
