#!/bin/sh
# iop-attend's findings do not depend on the order of the rows: the
# sessions and the records of a client-day are matched in one order
# (start, then end, service and session id, then the record's other
# fields), however the schedule and the logs list them, and however
# they are read (whole, at once, in halves).
. "$(dirname "$0")/lib.sh"

cd "$scratch" || exit 2

# Worked by hand: two sessions start at 09:00, a group until 12:00 and
# an individual until 10:00, and each has its record.  Matched by the
# end after the start, each record takes its own session, so nobody
# left early, in any of the four orders of the two files.
cat >s1.csv <<'END'
client_id,date,start,end,service
C1,2026-11-02,09:00,12:00,group
C1,2026-11-02,09:00,10:00,individual
END
cat >l1.csv <<'END'
client_id,date,start,end,service,status
C1,2026-11-02,09:00,10:00,individual,attended
C1,2026-11-02,09:00,12:00,group,attended
END
cat >want <<'END'
client_id,rule,severity,date,week,session_id,detail
C1,below_min_hours,violation,,2026-W45,,"3.00 hours attended, under the 9.00-hour minimum"
C1,billable_day_short,info,,2026-W45,,1 billable days; a per-diem week needs 3
END
reverse() {	# reverse FILE: its header, then its rows backwards
	sed -n 1p "$1"
	sed 1d "$1" | awk '{ r[NR] = $0 } END { for (i = NR; i > 0; i--) print r[i] }'
}
reverse s1.csv >s2.csv
reverse l1.csv >l2.csv
for s in s1 s2; do
	for l in l1 l2; do
		iop-attend --min 9 --as-of 2026-11-10 -w 2026-11-02 \
		    -s $s.csv $l.csv >out 2>err
		check "two sessions at 09:00, $s.csv and $l.csv: exit 1" [ $? = 1 ]
		check "two sessions at 09:00, $s.csv and $l.csv: no left_early" \
		    cmp -s out want
	done
done

# Generated: 30 clients over two weeks, sessions and records that
# collide on their start (and some on start and end), services and
# session ids on some, absences logged without times.
awk 'BEGIN {
	srand(11)
	print "client_id,date,start,end,service,session_id" > "gs.csv"
	print "client_id,date,start,end,service,session_id,status" > "gl.csv"
	split("group individual family dbt", svc, " ")
	split("09:00 09:00 09:30 13:00", hs, " ")
	split("10:00 11:00 12:00 12:00 14:00 15:00", he, " ")
	split("attended late left_early absent excused", st, " ")
	for (d = 2; d <= 13; d++) {
		if (d == 7 || d == 8)
			continue
		date = sprintf("2026-11-%02d", d)
		for (c = 0; c < 30; c++) {
			n = 1 + int(rand() * 4)
			for (k = 0; k < n; k++) {
				s = hs[1 + int(rand() * 4)]
				e = s < "13" ? he[1 + int(rand() * 4)] : he[5 + int(rand() * 2)]
				sv = svc[1 + int(rand() * 4)]
				id = rand() < 0.3 ? sprintf("S%d-%d-%d", c, d, k) : ""
				printf "K%02d,%s,%s,%s,%s,%s\n", c, date, s, e, sv, id > "gs.csv"
			}
			n = int(rand() * 5)
			for (k = 0; k < n; k++) {
				s = hs[1 + int(rand() * 4)]
				e = s < "13" ? he[1 + int(rand() * 4)] : he[5 + int(rand() * 2)]
				t = st[1 + int(rand() * 5)]
				if ((t == "absent" || t == "excused") && rand() < 0.5)
					s = e = ""
				sv = svc[1 + int(rand() * 4)]
				id = rand() < 0.2 ? sprintf("S%d-%d-%d", c, d, int(rand() * 3)) : ""
				printf "K%02d,%s,%s,%s,%s,%s,%s\n", c, date, s, e, sv, id, t > "gl.csv"
			}
		}
	}
}'
shuffle() {	# shuffle FILE SEED: its header, then its rows in a random order
	sed -n 1p "$1"
	sed 1d "$1" | awk -v seed="$2" 'BEGIN { srand(seed) }
	    { printf "%.8f\t%s\n", rand(), $0 }' | sort -k1,1 | cut -f2-
}
audit() {	# audit OUT ARGS...: the findings of two weeks into OUT
	o=$1
	shift
	iop-attend --min 9 --as-of 2026-11-13 --from 2026-11-02 \
	    --to 2026-11-13 "$@" >"$o" 2>err
}
audit base -s gs.csv gl.csv
check "generated: exit 1 (violations)" [ $? = 1 ]
check "generated: findings made" [ "$(wc -l <base)" -gt 100 ]
for seed in 1 2 3; do
	shuffle gs.csv $seed >ss.csv
	shuffle gl.csv $((seed + 10)) >sl.csv
	audit out -s ss.csv sl.csv
	check "generated, rows shuffled ($seed): the same findings" \
	    cmp -s out base
	# the log in two files, the second's rows first
	{ sed -n 1p sl.csv; sed 1d sl.csv | awk 'NR % 2'; } >sl1.csv
	{ sed -n 1p sl.csv; sed 1d sl.csv | awk 'NR % 2 == 0'; } >sl2.csv
	IOP_TEST_AT_ONCE_MIN=1 IOP_TEST_SPLIT_MIN=2 \
	    audit out -s ss.csv sl2.csv sl1.csv
	check "generated, shuffled ($seed), two logs read in halves: the same" \
	    cmp -s out base
done
reverse gs.csv >rs.csv
reverse gl.csv >rl.csv
audit out -s rs.csv rl.csv
check "generated, rows reversed: the same findings" cmp -s out base

done_testing
