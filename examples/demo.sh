#!/bin/sh
# make demo: a program week, as a clinic would run it, on the examples:
# screen the intakes, plan the clients recommended for IOP and write
# their dated sessions, then report the hours and audit the attendance
# of the first three weeks (2026-11-09 to 2026-11-29).
set -e
cd "$(dirname "$0")/.."
PATH="$(pwd)/cmd:$PATH"
export TZ=UTC LC_ALL=C
tmp=$(mktemp -d "${TMPDIR:-/tmp}/iop-demo.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

step() {
	printf '\n== %s\n$ %s\n' "$1" "$2"
}

step 'iop-screen: score the intake questionnaires and suggest a level of care' \
    'iop-screen examples/intake.csv'
iop-screen examples/intake.csv

step 'iop-screen --trend: first and latest scores of the follow-up assessments' \
    'iop-screen --trend examples/intake-followup.csv'
iop-screen --trend examples/intake-followup.csv

step 'iop-plan: treatment plans and dated sessions for the clients recommended for IOP' \
    'iop-screen examples/intake.csv | iop-plan --program examples/program.yaml --start 2026-11-09 --today 2026-11-06 --sessions sessions.csv > plans.yaml'
iop-screen examples/intake.csv |
    iop-plan --program examples/program.yaml --start 2026-11-09 \
    --today 2026-11-06 --sessions "$tmp/sessions.csv" >"$tmp/plans.yaml"
echo '-- the first plan in full:'
awk 'NR > 1 && /^---/ { exit } { print }' "$tmp/plans.yaml"
echo '-- every plan:'
grep -E '^(client_id|status|track|start|step_down|discharge):' "$tmp/plans.yaml"
echo "-- sessions.csv: $(($(wc -l <"$tmp/sessions.csv") - 1)) dated sessions; the first week of one client:"
head -n 1 "$tmp/sessions.csv"
grep '^C1004,2026-11-1[0-5]' "$tmp/sessions.csv"

step 'iop-hours: weekly hours for 2026-W48 (the week of Thanksgiving)' \
    'iop-hours --week 2026-W48 --roster examples/roster.csv examples/attendance.csv'
iop-hours --week 2026-W48 --roster examples/roster.csv examples/attendance.csv

step 'iop-attend: the compliance findings of the three weeks' \
    'iop-attend -s sessions.csv -r examples/roster.csv --as-of 2026-11-29 examples/attendance.csv'
status=0
iop-attend -s "$tmp/sessions.csv" -r examples/roster.csv --as-of 2026-11-29 \
    examples/attendance.csv || status=$?
echo "exit status $status: 1 means a violation was found"

step 'iop-attend --summary: one line per client' \
    'iop-attend --summary -s sessions.csv -r examples/roster.csv --as-of 2026-11-29 examples/attendance.csv'
iop-attend --summary -s "$tmp/sessions.csv" -r examples/roster.csv \
    --as-of 2026-11-29 examples/attendance.csv || true

step 'iop-auth: the payer authorizations on 2026-11-29: units used and left, when they run out' \
    'iop-auth -s sessions.csv --as-of 2026-11-29 examples/authorizations.csv examples/attendance.csv'
status=0
iop-auth -s "$tmp/sessions.csv" --as-of 2026-11-29 \
    examples/authorizations.csv examples/attendance.csv || status=$?
echo "exit status $status: 1 means a violation, here days no authorization covers"
echo '-- what the biller must act on (--findings):'
iop-auth -s "$tmp/sessions.csv" --as-of 2026-11-29 --findings \
    examples/authorizations.csv examples/attendance.csv || true
echo '-- the days of the Medicare authorization, to check a claim (--days):'
echo '   (Medicare pays an IOP day of 3 or more services; this client has 1 or 2'
echo '   a day, so each day is under_3 and none is used)'
iop-auth --as-of 2026-11-29 --days examples/authorizations.csv \
    examples/attendance.csv | grep -E '^date|Medicare' | head -n 6

step 'the Monday cron job of 2026-11-30: last week, as JSON Lines, alerting below the minimum' \
    'iop-hours --today 2026-11-30 --week last --roster examples/roster.csv --fail-below -O jsonl examples/attendance.csv'
status=0
iop-hours --today 2026-11-30 --week last --roster examples/roster.csv \
    --fail-below -O jsonl examples/attendance.csv || status=$?
echo "exit status $status: 1 means a client is below the weekly minimum"

step 'iop-import: an EHR export (SimplePractice-like: Show, No Show, 12-hour times) as a log, into iop-hours' \
    'iop-import examples/export-simplepractice.csv | iop-hours --week 2026-W48 --roster examples/roster.csv'
iop-import examples/export-simplepractice.csv |
    iop-hours --week 2026-W48 --roster examples/roster.csv

step 'iop-chart: the week of 2026-W48 as a page for the clinical director, and the three weeks as a grid' \
    'iop-hours --week 2026-W48 --roster examples/roster.csv examples/attendance.csv | iop-chart -t "Seaside Recovery IOP" -o demo-week.html'
iop-hours --week 2026-W48 --roster examples/roster.csv examples/attendance.csv |
    iop-chart -t 'Seaside Recovery IOP' -o demo-week.html
iop-hours --roster examples/roster.csv examples/attendance.csv |
    iop-chart -t 'Seaside Recovery IOP' -o demo-weeks.html
iop-attend -s "$tmp/sessions.csv" -r examples/roster.csv --as-of 2026-11-29 \
    examples/attendance.csv 2>/dev/null |
    iop-chart -t 'Seaside Recovery IOP' -o demo-findings.html
iop-chart -t 'Seaside Recovery IOP' -s "$tmp/sessions.csv" \
    -o demo-attendance.html examples/attendance.csv
echo "the week's page: file://$(pwd)/demo-week.html"
echo "the three weeks: file://$(pwd)/demo-weeks.html"
echo "the findings, by client and day: file://$(pwd)/demo-findings.html"
echo "the sessions, with those not logged: file://$(pwd)/demo-attendance.html"
