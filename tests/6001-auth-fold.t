#!/bin/sh
# iop-auth folds a log file in date order a client-day at a time, and
# reads a log from standard input, or one that goes back a day, into
# the hours table: the two ways must give the same report, days and
# findings on a log with overlapping and separate sessions, missed
# ones, several payers and a PHP authorization.
. "$(dirname "$0")/lib.sh"
cd "$scratch" || exit 2
awk 'BEGIN {
	print "client_id,date,start,end,service,status"
	split("attended attended attended late left_early absent", st, " ")
	split("group individual family education", sv, " ")
	srand(7)
	for (d = 1; d <= 60; d++)
		for (c = 1; c <= 120; c++) {
			n = int(rand() * 4)
			for (k = 0; k < n; k++) {
				h = 8 + int(rand() * 10); m = int(rand() * 4) * 15
				len = 30 + int(rand() * 6) * 30
				e = h * 60 + m + len
				if (e > 1440) e = 1440
				if (d <= 30)
					date = sprintf("04-%02d", d)
				else
					date = sprintf("05-%02d", d - 30)
				printf "C%03d,2026-%s,%02d:%02d,%02d:%02d,%s,%s\n",
				    c, date, h, m, int(e / 60) % 24, e % 60,
				    sv[1 + int(rand() * 4)], st[1 + int(rand() * 6)]
			}
		}
}' >log.csv
awk 'BEGIN {
	print "client_id,auth_id,payer,level,start,end,units,unit,next_review,certified"
	split("H0015 S9480 Aetna Medicare", py, " ")
	split("day session hour service", un, " ")
	for (c = 1; c <= 110; c++)
		printf "C%03d,A%d,%s,%s,2026-04-%02d,2026-05-%02d,%d,%s,,2026-04-01\n",
		    c, c, py[1 + c % 4], (c % 9 == 0 ? "php" : "2.1"),
		    1 + c % 10, 10 + c % 20, 5 + c % 30, un[1 + c % 4]
	print "C004,A999,Medicare,php,2026-05-21,2026-05-30,20,day,,"
}' >a.csv
(head -n 1 log.csv; tail -n +2 log.csv | sort -r) >back.csv
for o in "" --days --findings; do
	iop-auth --as-of 2026-05-25 $o a.csv log.csv >fold.out 2>&1
	iop-auth --as-of 2026-05-25 $o a.csv - <log.csv >table.out 2>&1
	iop-auth --as-of 2026-05-25 $o a.csv back.csv >back.out 2>&1
	check "folded ${o:-report}: as through the hours table" \
	    cmp -s fold.out table.out
	check "a log that goes back a day ${o:-report}: the same" \
	    cmp -s back.out table.out
	check "${o:-report}: not empty" [ "$(wc -l <fold.out)" -gt 50 ]
done
done_testing
