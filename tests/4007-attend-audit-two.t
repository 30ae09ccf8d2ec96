#!/bin/sh
# iop-attend's audit shared by two threads (past 65,536 sessions and
# records; IOP_TEST_AUDIT_TWO_MIN sets the size for the tests): every
# golden case, and a generated audit that meets every rule, give the
# same report and summary when it is shared as when one thread does it.
. "$(dirname "$0")/lib.sh"

# Every golden case, its audit shared whenever it has two clients.
IOP_TEST_AUDIT_TWO_MIN=0
export IOP_TEST_AUDIT_TWO_MIN
run_golden iop-attend
unset IOP_TEST_AUDIT_TWO_MIN

cd "$scratch" || exit 2

# Generated: 40 clients over three weeks, audited as of a Wednesday;
# sessions with ids and services, records late, early, absent, excused
# or missing, some unscheduled, notes signed late or not at all; a
# roster that enrols clients with no session at all.
awk 'BEGIN {
	srand(7)
	print "client_id,date,start,end,service,session_id" > "s.csv"
	print "client_id,date,start,end,service,session_id,status,note_signed,note_date" > "l.csv"
	print "client_id,level,age_group,admitted,discharged" > "r.csv"
	split("group individual family dbt", svc, " ")
	split("attended attended attended late left_early absent excused", st, " ")
	for (c = 0; c < 40; c++) {
		printf "K%02d,iop,adult,2026-10-26,\n", c > "r.csv"
		if (c % 9 == 4)
			continue	# enrolled, nothing scheduled
		for (d = 2; d <= 20; d++) {
			if (d == 7 || d == 8 || d == 14 || d == 15 || rand() < 0.3)
				continue
			date = sprintf("2026-11-%02d", d)
			id = sprintf("S%d-%d", c, d)
			printf "K%02d,%s,09:00,12:00,%s,%s\n", c, date,
			    svc[1 + int(rand() * 4)], id > "s.csv"
			if (c % 7 == 3 && d > 9)
				continue	# stopped coming: no record
			t = st[1 + int(rand() * 7)]
			s = t == "late" ? "09:40" : "09:00"
			e = t == "left_early" ? "10:30" : "12:00"
			if (t == "absent" || t == "excused")
				s = e = ""
			sg = rand() < 0.2 ? "no" : "yes"
			nd = sprintf("2026-11-%02d", d + int(rand() * 8))
			printf "K%02d,%s,%s,%s,group,%s,%s,%s,%s\n", c, date, s, e,
			    id, t, sg, nd > "l.csv"
			if (rand() < 0.05)
				printf "K%02d,%s,14:00,15:00,family,,attended,yes,%s\n",
				    c, date, date > "l.csv"
		}
	}
}'
audit() {	# audit OUT ARGS...: the audit as of Wednesday 2026-11-18
	o=$1
	shift
	iop-attend -s s.csv -r r.csv --as-of 2026-11-18 --from 2026-11-02 \
	    --to 2026-11-20 "$@" l.csv >"$o" 2>"$o.err"
	echo $? >"$o.status"
}
audit one
audit one-summary --summary
IOP_TEST_AUDIT_TWO_MIN=0 IOP_DEBUG_SPLIT=1 audit two
IOP_TEST_AUDIT_TWO_MIN=0 audit two-summary --summary
check "generated: exit 1 (violations)" [ "$(cat one.status)" = 1 ]
for rule in no_record unscheduled late left_early absent_unexcused \
    consecutive_absences attendance_rate no_contact below_min_hours \
    billable_day_short note_missing note_late shortfall_forecast \
    not_scheduled; do
	check "generated: a $rule finding" grep -q "^K[0-9]*,$rule," one
done
check "generated: a shortfall_forecast warning" \
    grep -q '^K[0-9]*,shortfall_forecast,warning,' one
check "generated: the audit shared by two threads" \
    grep -q '^iop-attend: debug: the audit shared by two threads$' two.err
check "generated, shared: the same exit status" cmp -s one.status two.status
check "generated, shared: the same findings" cmp -s one two
check "generated, shared: the same summary" cmp -s one-summary two-summary

done_testing
