#!/bin/sh
# The two-thread report writer (rout_rows()) holds at most about 1 MiB
# of formatted rows a thread, however wide the rows: a roster of 16
# clients whose ids are 32 KiB long, over 599 weeks, makes 9,584 rows of
# 32 KiB (315 MB of report), which the writer once held a chunk of 4,096
# rows at a time (267 MB).  Skipped under ASan and valgrind, whose own
# memory would be measured.
. "$(dirname "$0")/lib.sh"
cd "$scratch" || exit 2
if instrumented iop-hours || ! [ -x /usr/bin/time ]; then
	echo "1..0 # SKIP sanitizer, valgrind or no /usr/bin/time"
	exit 0
fi
awk 'BEGIN {
	id = "C"
	while (length(id) < 32768)
		id = id id
	print "client_id,admitted,discharged,level"
	for (i = 10; i < 26; i++)
		printf "%s%d,2000-01-03,,iop\n", substr(id, 1, 32766), i
}' >roster.csv
echo "client_id,date,start,end,service,status" >log.csv
rss() {	# peak KB of iop-hours over the weeks from 2000-01-03 to $1
	/usr/bin/time -f '%M' -o rss iop-hours -r roster.csv \
	    --from 2000-01-03 --to "$1" log.csv >report.csv 2>err
	tail -n 1 rss
}
base=$(rss 2000-01-09)
full=$(rss 2011-06-26)
check "9,584 rows of 32 KiB: written" [ "$(wc -l <report.csv)" -eq 9585 ]
check "in at most 16 MB more than a week of them (${base} KB, ${full} KB)" \
    [ $((full - base)) -le 16384 ]
done_testing
