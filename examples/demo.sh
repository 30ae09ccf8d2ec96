#!/bin/sh
# make demo: run the toolkit on the shipped examples, as a clinic would.
set -e
cd "$(dirname "$0")/.."
PATH="$(pwd)/cmd:$PATH"
export TZ=UTC LC_ALL=C

echo '== iop-screen: score the intake questionnaires and suggest a level of care'
echo '$ iop-screen examples/intake.csv'
iop-screen examples/intake.csv
echo
echo '== iop-screen --trend: first and latest scores of the follow-up assessments'
echo '$ iop-screen --trend examples/intake-followup.csv'
iop-screen --trend examples/intake-followup.csv
echo

echo '== iop-hours: weekly hours report for 2026-W48 (the week of Thanksgiving)'
echo '$ iop-hours --week 2026-W48 --roster examples/roster.csv examples/attendance.csv'
iop-hours --week 2026-W48 --roster examples/roster.csv examples/attendance.csv
echo
echo '== the same, as it would run from cron on Monday 2026-11-30'
echo '$ iop-hours --today 2026-11-30 --week last --roster examples/roster.csv --fail-below examples/attendance.csv -O jsonl'
status=0
iop-hours --today 2026-11-30 --week last --roster examples/roster.csv \
    --fail-below -O jsonl examples/attendance.csv || status=$?
echo "exit status $status: 1 means a client is below the weekly minimum"
