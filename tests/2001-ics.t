#!/bin/sh
# iop-plan --ics: calendar files read back by a real iCalendar parser
# (python3-icalendar), not compared as text.
. "$(dirname "$0")/lib.sh"
# the python3 on PATH, else Debian's, where python3-icalendar goes
PY=false
for py in "$(command -v python3)" /usr/bin/python3; do
	if [ -n "$py" ] && "$py" -c 'import icalendar' 2>/dev/null; then
		PY=$py
		break
	fi
done
if [ "$PY" = false ]; then
	echo "1..0 # SKIP python3-icalendar is not installed"
	exit 0
fi
cd "$scratch" || exit 2
cp "$TESTS/golden/iop-plan/phases/p.yaml" p.yaml
printf 'location: "Room 2, 1 Main St, Santa Ana"\n' >>p.yaml
printf 'client_id,level\nA,iop\nB,php\n' >in.csv
mkdir cal
iop-plan -p p.yaml --start 2026-11-09 --today 2026-11-06 --ics cal \
    in.csv >plans.yaml 2>err
check "exit 0" [ $? -eq 0 ]
check "one file per planned client" [ "$(ls cal)" = A.ics ]

# By hand: week 1 Mon-Thu 09:00-12:00 groups and Fri 12:00-13:00
# individual; week 2 Mon and Wed groups (Tue 2026-11-17 closed), Thu's
# group as a make-up (7 hours without it) and Fri individual: 9 events,
# Pacific Standard Time (UTC-8) in November.  The UID is the session id
# (iop-plan(1)); every title is the neutral default, "Appointment".
cat >want <<'EOF2'
9
A-20261109-0900 2026-11-09T09:00:00-08:00 2026-11-09T12:00:00-08:00 Appointment
A-20261110-0900 2026-11-10T09:00:00-08:00 2026-11-10T12:00:00-08:00 Appointment
A-20261111-0900 2026-11-11T09:00:00-08:00 2026-11-11T12:00:00-08:00 Appointment
A-20261112-0900 2026-11-12T09:00:00-08:00 2026-11-12T12:00:00-08:00 Appointment
A-20261113-1200 2026-11-13T12:00:00-08:00 2026-11-13T13:00:00-08:00 Appointment
A-20261116-0900 2026-11-16T09:00:00-08:00 2026-11-16T12:00:00-08:00 Appointment
A-20261118-0900 2026-11-18T09:00:00-08:00 2026-11-18T12:00:00-08:00 Appointment
A-20261119-0900 2026-11-19T09:00:00-08:00 2026-11-19T12:00:00-08:00 Appointment
A-20261120-1200 2026-11-20T12:00:00-08:00 2026-11-20T13:00:00-08:00 Appointment
tz America/Los_Angeles
location Room 2, 1 Main St, Santa Ana
props DTEND DTSTAMP DTSTART LOCATION SUMMARY UID
EOF2
cat >read.py <<'EOF2'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
ev = list(cal.walk("VEVENT"))
print(len(ev))
for e in ev:
    print(e["UID"], e.decoded("DTSTART").isoformat(),
          e.decoded("DTEND").isoformat(), e["SUMMARY"])
print("tz", " ".join(str(z["TZID"]) for z in cal.walk("VTIMEZONE")))
print("location", " ".join(sorted(set(str(e["LOCATION"]) for e in ev))))
print("props", " ".join(sorted(set(k for e in ev for k in e.keys()))))
EOF2
$PY read.py cal/A.ics >got 2>&1
check "events parsed back as worked out" diff -u want got

# Nothing in the file says what the appointments are: not the program's
# session titles, not the tool.
check "no session title or tool name in the calendar" \
    sh -c '! grep -i -e group -e individual -e iop cal/A.ics'

# The VTIMEZONE carries the rules from the plan's start on, not the
# zone's history since 1883, and they still give the right offsets:
# evaluated from the file's own STANDARD and DAYLIGHT rules, PST on the
# first session, PDT in July 2027 and 2040, PST in December.
cat >tz.py <<'EOF2'
import sys, datetime, icalendar, dateutil.rrule
def text(v):
    v = v.to_ical()
    return v.decode() if isinstance(v, bytes) else v
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
vtz = list(cal.walk("VTIMEZONE"))[0]
onsets = []
for c in vtz.subcomponents:
    start = c.decoded("DTSTART").replace(tzinfo=None)
    if "RRULE" in c:
        rule = text(c["RRULE"]).replace("Z;", ";")
        rule = rule[:-1] if rule.endswith("Z") else rule
        for d in dateutil.rrule.rrulestr(rule, dtstart=start):
            if d.year > 2045:
                break
            onsets.append((d, text(c["TZOFFSETTO"])))
    else:
        onsets.append((start, text(c["TZOFFSETTO"])))
print("from", min(d for d, _ in onsets).year)
for t in sys.argv[2:]:
    print(t, [o for d, o in sorted(onsets) if d <= datetime.datetime.fromisoformat(t)][-1])
EOF2
cat >want <<'EOF2'
from 2026
2026-11-09T09:00 -0800
2027-07-01T09:00 -0700
2027-12-01T09:00 -0800
2040-07-01T09:00 -0700
EOF2
$PY tz.py cal/A.ics 2026-11-09T09:00 2027-07-01T09:00 2027-12-01T09:00 \
    2040-07-01T09:00 >got 2>&1
check "the VTIMEZONE holds the current rules, and they work" diff -u want got
check "the VTIMEZONE is short (under 1 KB)" [ "$(sed -n \
    '/^BEGIN:VTIMEZONE/,/^END:VTIMEZONE/p' cal/A.ics | wc -c)" -lt 1024 ]
cp cal/A.ics first.ics
iop-plan -p p.yaml --start 2026-11-09 --today 2026-11-06 --ics cal \
    in.csv >/dev/null 2>&1
check "a second run writes the same file (stable UIDs)" cmp -s first.ics cal/A.ics
check "no temporary files left" [ "$(ls cal)" = A.ics ]
printf 'calendar_title: Visit\n' >>p.yaml
iop-plan -p p.yaml --start 2026-11-09 --today 2026-11-06 --ics cal \
    in.csv >/dev/null 2>&1
check "calendar_title sets every event's title" [ "$(grep '^SUMMARY' \
    cal/A.ics | sort -u)" = "$(printf 'SUMMARY:Visit\r')" ]
# UTC as the program's zone: libical has no VTIMEZONE for it, so the
# times carry a Z and no TZID (RFC 5545 3.2.19), and read back as UTC
sed 's/^time_zone:.*/time_zone: UTC/' p.yaml >utc.yaml
grep -q '^time_zone: UTC' utc.yaml || echo 'time_zone: UTC' >>utc.yaml
mkdir ucal
iop-plan -p utc.yaml --start 2026-11-09 --today 2026-11-06 --ics ucal \
    in.csv >/dev/null 2>&1
check "UTC: no TZID, no VTIMEZONE" sh -c '! grep -q -e TZID -e VTIMEZONE \
    ucal/A.ics'
$PY read.py ucal/A.ics >got 2>&1
check "UTC: the first session at 09:00 UTC" \
    grep -q '^A-20261109-0900 2026-11-09T09:00:00+00:00 ' got
printf 'client_id,level\n../x,iop\n' >bad.csv
iop-plan --today 2026-11-06 --ics cal bad.csv >/dev/null 2>err
check "a client id that cannot name a file is refused" [ "$(cat err)" = \
    "iop-plan: bad.csv:2: field 'client_id' cannot name a calendar file (use letters, digits, '.', '_' and '-')" ]
done_testing
