#!/bin/sh
# iop-auth folds a log file in date order a client-day at a time, and
# reads a log from standard input, or one that goes back a day, into
# the hours table: the two ways must give the same report, days and
# findings on a log with overlapping and separate sessions, missed
# ones, several payers and a PHP authorization.  A large log file is
# folded in two halves at once (attlog_read.h; IOP_TEST_SPLIT_MIN
# lowers "large" here, IOP_DEBUG_SPLIT=1 says it was split): a client's
# day cut by the split point, units that run out in the second half,
# and a client that goes back a day across the split must all come out
# as through the table.
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
	IOP_TEST_SPLIT_MIN=2 iop-auth --as-of 2026-05-25 $o a.csv log.csv \
	    >split.out 2>&1
	IOP_TEST_SPLIT_MIN=2 iop-auth --as-of 2026-05-25 $o a.csv back.csv \
	    >splitback.out 2>&1
	check "in two halves ${o:-report}: the same" cmp -s split.out table.out
	check "in two halves, going back ${o:-report}: the same" \
	    cmp -s splitback.out table.out
done
# The halves fold each client's days in order, so the second never takes
# over the end of the first's range, as iop-hours' does (IOP_TEST_STEAL=1
# would make it, and say so).
IOP_TEST_STEAL=1 IOP_TEST_SPLIT_MIN=2 iop-auth --as-of 2026-05-25 a.csv \
    log.csv >steal.out 2>steal.err
check "in two halves: no range taken over" \
    [ "$(grep -c 'takes over the end of the first' steal.err)" = 0 ]

# The seam.  Seven clients over twelve days, each day's sessions in
# rounds (a client's day spread over the day's lines), sessions of 100
# minutes 80 apart (two make 3 hours of union, the H0015 and S9480
# rule: a day cut in two would not count); C2's 4 units run out on
# day 5 (its days 1, 2, 4 and 5 have two sessions or three); C6 has no
# authorization; C7 comes on days 1 to 4 only.
# The first row's note grows, so that the split point (a little past
# the middle) moves back over every line of the middle days.
mkseam() {	# mkseam PAD [FROM TO]: the log on stdout
	awk -v pad="$1" -v from="${2:-1}" -v to="${3:-12}" 'BEGIN {
		print "client_id,date,start,end,service,status,notes"
		note = ""
		for (i = 0; i < pad; i++) note = note "p"
		printf "C9,2026-04-01,08:00,08:30,group,attended,%s\n", note
		for (d = from; d <= to; d++)
			for (k = 0; k < 3; k++)
				for (c = 1; c <= 7; c++) {
					if (k >= 1 + (c * 3 + d) % 3) continue
					if (c == 7 && d > 4) continue
					s = 9 * 60 + k * 80 - (c + d) % 2 * 20
					e = s + 100
					printf "C%d,2026-04-%02d,%02d:%02d,%02d:%02d,%s,%s,x\n",
					    c, d, s / 60, s % 60, e / 60, e % 60,
					    (k == 1 ? "individual" : "group"),
					    (c == 5 && k == 2 ? "absent" : "attended")
				}
	}'
}
{
	echo "client_id,auth_id,payer,level,start,end,units,unit"
	echo "C1,S1,H0015,2.1,2026-04-01,2026-04-30,100,day"
	echo "C2,S2,S9480,2.1,2026-04-01,2026-04-30,4,day"
	echo "C3,S3,Medicare,2.1,2026-04-01,2026-04-30,5,day"
	echo "C4,S4,Aetna,2.1,2026-04-01,2026-04-30,10,hour"
	echo "C5,S5,Aetna,2.1,2026-04-01,2026-04-30,8,session"
	echo "C7,S7,H0015,2.1,2026-04-01,2026-04-30,2,day"
	echo "C9,S9,Aetna,2.1,2026-04-01,2026-04-30,2,day"
} >sa.csv
mkseam 0 >seam.csv
check "the seam log: read in two halves" [ "$(IOP_DEBUG_SPLIT=1 \
    IOP_TEST_SPLIT_MIN=2 iop-auth --as-of 2026-04-30 sa.csv seam.csv 2>&1 \
    >/dev/null)" = "iop-auth: debug: seam.csv: read in two halves" ]
for o in "" --days --findings; do
	iop-auth --as-of 2026-04-30 $o sa.csv - <seam.csv >"table$o.out" 2>&1
done
check "the seam log: C1's two sessions, 3 hours" grep -qx \
    '2026-04-01,C1,S1,H0015,2,3.00,per_diem,H0015,yes,' table--days.out
check "the seam log: C2's units run out on day 5" grep -qx \
    '2026-04-07,C2,S2,S9480,2,3.00,per_diem,S9480,no,after_units' \
    table--days.out
same=0 runs=0
for pad in $(seq 0 9 1200); do
	mkseam "$pad" >seam.csv
	for o in "" --days --findings; do
		IOP_TEST_SPLIT_MIN=2 iop-auth --as-of 2026-04-30 $o sa.csv \
		    seam.csv >split.out 2>&1
		runs=$((runs + 1))
		cmp -s split.out "table$o.out" && same=$((same + 1))
	done
done
check "the split point over the middle days: $same of $runs the same" \
    [ "$same" -eq "$runs" ]

# C7 back to day 3 at the end: in the second half alone, that is its
# first day there, before its last in the first half.  Its day 3 (one
# session) then makes 3 hours and uses a third unit of two.
mkseam 0 >seam.csv
echo "C7,2026-04-03,15:00,16:40,group,attended,x" >>seam.csv
for o in "" --days --findings; do
	iop-auth --as-of 2026-04-30 $o sa.csv - <seam.csv >table.out 2>&1
	IOP_TEST_SPLIT_MIN=2 iop-auth --as-of 2026-04-30 $o sa.csv seam.csv \
	    >split.out 2>&1
	check "back a day across the seam ${o:-report}: as through the table" \
	    cmp -s split.out table.out
done

# Bad records in either half: the messages of a whole read, in order.
mkseam 0 | sed '20s/,attended,/,x,/; 150s/,attended,/,atended,/' >e.csv
IOP_TEST_SPLIT_MIN= iop-auth --as-of 2026-04-30 sa.csv e.csv >whole.out 2>&1
echo "status $?" >>whole.out
IOP_TEST_SPLIT_MIN=2 iop-auth --as-of 2026-04-30 sa.csv e.csv >split.out 2>&1
echo "status $?" >>split.out
check "bad records in both halves: told as read whole" cmp -s split.out \
    whole.out
st="field 'status' is not one of attended, late, left_early, absent,"
st="$st excused, cancelled"
printf 'iop-auth: e.csv:%s: %s\n' 20 "$st" 150 "$st" >expect.out
echo "status 2" >>expect.out
check "bad records: lines 20 and 150, exit 2" cmp -s whole.out expect.out
mkseam 0 | sed '150s/,attended,/,atended,/' >e.csv
IOP_TEST_SPLIT_MIN=2 iop-auth --as-of 2026-04-30 sa.csv e.csv >split.out 2>&1
echo "status $?" >>split.out
sed 1d expect.out >expect2.out
check "a bad record in the second half only: told, exit 2" cmp -s split.out \
    expect2.out

# Two logs, each in two halves, day 6 in both.
mkseam 0 1 6 >l1.csv
mkseam 300 6 12 >l2.csv
for o in "" --days --findings; do
	(cat l1.csv; tail -n +2 l2.csv) |
	    iop-auth --as-of 2026-04-30 $o sa.csv - >table.out 2>&1
	IOP_TEST_SPLIT_MIN=2 iop-auth --as-of 2026-04-30 $o sa.csv l1.csv \
	    l2.csv >split.out 2>&1
	check "two logs in halves ${o:-report}: as through the table" \
	    cmp -s split.out table.out
done
done_testing
