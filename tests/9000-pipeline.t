#!/bin/sh
# The program week end to end, as `make demo` runs it: each stage's
# output is compared with the expected file (tests/pipeline/README says
# how they were checked).
. "$(dirname "$0")/lib.sh"
ex=$TOP/examples
want=$TESTS/pipeline
cd "$scratch" || exit 2

same() {	# NAME EXPECTED GOT
	if cmp -s "$2" "$3"; then ok "$1"; else
		not_ok "$1"; diff -u "$2" "$3" | head -n 20 | sed 's/^/#   /'; fi
}

iop-screen "$ex/intake.csv" >screened.csv
same "iop-screen: the intakes are screened" "$want/screened.csv" screened.csv
iop-screen "$ex/intake.yaml" -O csv >screened-yaml.csv
# The YAML intakes name only the questions answered, so the columns
# come in another order: compare the records field by field.
if command -v python3 >/dev/null 2>&1; then
	check "iop-screen: the YAML intakes give the same results" python3 -c '
import csv, sys
def recs(f):
    return [{k: v for k, v in r.items() if v} for r in csv.DictReader(open(f))]
sys.exit(recs(sys.argv[1]) != recs(sys.argv[2]))' "$want/screened.csv" \
	    screened-yaml.csv
else
	ok "iop-screen: the YAML intakes give the same results # SKIP no python3"
fi

iop-plan --program "$ex/program.yaml" --start 2026-11-09 --today 2026-11-06 \
    --sessions sessions.csv screened.csv >plans.yaml 2>plan.err
check "iop-plan: exit 0" [ $? = 0 ]
same "iop-plan: the plans" "$ex/plans.yaml" plans.yaml
same "iop-plan: the dated sessions" "$ex/sessions.csv" sessions.csv
check "iop-plan: the clients passed over are counted, not named" \
    grep -qx 'iop-plan: 8 clients not recommended for IOP were passed over; --all plans or refers them' plan.err

# A client who attends every planned session, notes signed the same
# day, through the plan's last week: no finding.  No week under the
# minimum (closures have make-ups), no day too short to bill.
awk -F, 'NR == 1 { print "client_id,date,start,end,service,status," \
    "session_id,clinician,note_signed,note_date"; next }
    { print $1 "," $2 "," $3 "," $4 "," $5 ",attended," $6 ",X,yes," $2 }' \
    sessions.csv >all-attended.csv
iop-attend -s sessions.csv -r "$ex/roster.csv" --as-of 2027-01-10 \
    all-attended.csv >all-findings.csv
check "iop-attend: every planned session attended gives no finding" \
    [ $? = 0 -a "$(wc -l <all-findings.csv)" = 1 ]

# JSON Lines through jq: the same plans for the IOP clients, who are
# the only ones planned without --all
if command -v jq >/dev/null 2>&1; then
	iop-screen -O jsonl "$ex/intake.csv" | jq -c 'select(.level=="iop")' |
	    iop-plan --program "$ex/program.yaml" --start 2026-11-09 \
	    --today 2026-11-06 >plans-jq.yaml 2>/dev/null
	same "iop-screen | jq | iop-plan: the same plans" "$ex/plans.yaml" \
	    plans-jq.yaml
else
	ok "iop-screen | jq | iop-plan # SKIP jq is not installed"
fi

iop-hours --roster "$ex/roster.csv" "$ex/attendance.csv" >hours.csv
same "iop-hours: every week" "$want/hours.csv" hours.csv
iop-hours --week 2026-W48 --roster "$ex/roster.csv" "$ex/attendance.csv" \
    >hours-w48.csv
same "iop-hours: the week of Thanksgiving" "$want/hours-w48.csv" hours-w48.csv
iop-hours --today 2026-11-30 --week last --fail-below \
    --roster "$ex/roster.csv" "$ex/attendance.csv" >/dev/null
check "iop-hours --fail-below: exit 1 (C1009 and C1011 are below)" [ $? = 1 ]

iop-attend -s sessions.csv -r "$ex/roster.csv" --as-of 2026-11-29 \
    "$ex/attendance.csv" >findings.csv
check "iop-attend: exit 1 (violations)" [ $? = 1 ]
same "iop-attend: the findings" "$want/findings.csv" findings.csv
iop-attend --summary -s sessions.csv -r "$ex/roster.csv" --as-of 2026-11-29 \
    "$ex/attendance.csv" >summary.csv
same "iop-attend: the summary" "$want/summary.csv" summary.csv

demo() { sh "$ex/demo.sh" >/dev/null 2>&1; }
check "make demo's script runs to the end" demo
done_testing
