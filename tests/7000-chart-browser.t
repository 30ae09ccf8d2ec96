#!/bin/sh
# iop-chart's pages in a real browser, headless Chromium: each page's
# screenshot is not blank and shows the status colours the input
# implies; the DOM Chromium builds has the number of bars and cells the
# input implies; and the page asks for nothing outside itself, checked
# in Chromium's network log (and against a page that does, so that the
# check is known to see requests).  The screenshots stay in the scratch
# directory.
. "$(dirname "$0")/lib.sh"
browser=
for b in chromium chromium-browser; do
	if command -v "$b" >/dev/null 2>&1; then
		browser=$b
		break
	fi
done
if [ -z "$browser" ]; then
	echo "1..0 # SKIP chromium is not installed (make deps installs it)"
	exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 is not installed"
	exit 0
fi
ex=$TOP/examples
VERMILLION=d55e00 GREEN=009e73 BLUE=0072b2
cd "$scratch" || exit 2

# Chromium without its own traffic, resolving no name (nothing leaves
# the machine even if a page asked), logging every request it makes.
chrome() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
	    --user-data-dir="$scratch/profile" --no-first-run \
	    --disable-background-networking --disable-component-update \
	    --disable-sync --disable-extensions --disable-default-apps \
	    --host-resolver-rules='MAP * ~NOTFOUND' \
	    --hide-scrollbars "$@" 2>>"$scratch/chrome.err"
}

# render PAGE WIDTH HEIGHT: PAGE.png, PAGE.dom, PAGE.net (the requests)
render() {
	rm -f "$1.png" "$1.net.json"
	chrome --window-size="$2,$3" --screenshot="$scratch/$1.png" \
	    --dump-dom --log-net-log="$scratch/$1.net.json" \
	    "file://$scratch/$1" >"$1.dom"
	python3 "$TESTS/chart/netlog-requests.py" "$1.net.json" >"$1.net" ||
	    echo "the net log could not be read" >"$1.net"
	# the screenshot's colours, and its pixels of the status colours
	python3 "$TESTS/chart/png-colours.py" "$scratch/$1.png" $VERMILLION \
	    $GREEN $BLUE >"$1.colours" 2>&1
}

# count PATTERN FILE: how many times the pattern occurs
count() {
	grep -o "$1" "$2" | wc -l | tr -d ' '
}


# seen PAGE RRGGBB: the screenshot has at least 20 pixels of the colour
seen() {
	px=$(sed -n "s/^$2 //p" "$1.colours")
	[ "${px:-0}" -ge 20 ]
}

# not_blank PAGE: more than eight colours (text, bars, white)
not_blank() {
	px=$(sed -n 's/^distinct //p' "$1.colours")
	[ "${px:-0}" -gt 8 ]
}

# self_contained PAGE: asked for nothing, and names nothing outside
self_contained() {
	[ -f "$1.net.json" ] && [ ! -s "$1.net" ] &&
	    ! grep -Eqi '(src|href)=|url\([^#]|@import' "$1.dom"
}

# First, that the net log sees a page's request: a page that asks for
# an image, without and with iop-chart's Content-Security-Policy.
printf '<!DOCTYPE html><html><body><p>x</p><img src="http://example.org/x.png"></body></html>\n' >leak.html
render leak.html 400 300
check "the net log shows a request a page makes" grep -q example.org leak.html.net
sed 's|<body>|<head><meta http-equiv="Content-Security-Policy" content="default-src '"'none'; style-src 'unsafe-inline'"'"></head><body>|' \
    leak.html >csp.html
render csp.html 400 300
check "iop-chart's Content-Security-Policy stops it" test ! -s csp.html.net


# One week of the examples: 4 clients, 2 below the minimum.
iop-hours --today 2026-11-30 --week last -r "$ex/roster.csv" \
    "$ex/attendance.csv" >week.csv
iop-chart -t 'Seaside Recovery IOP' -o week.html week.csv
render week.html 900 700
check "week: a screenshot" test -s week.html.png
check "week: not blank" not_blank week.html
check "week: bars within the range drawn green" seen week.html $GREEN
check "week: bars below the minimum drawn vermillion" seen week.html $VERMILLION
check "week: a bar per client (4)" [ "$(count 'class="bar"' week.html.dom)" = 4 ]
check "week: the two below the minimum first" [ "$(grep -o 'class="bar"[^>]*' \
    week.html.dom | head -n 2 | grep -c 'p-below')" = 2 ]
check "week: a table row per client (4)" \
    [ "$(count '<tr class=' week.html.dom)" = 4 ]
check "week: nothing asked for or named outside the page" self_contained week.html
chrome --no-pdf-header-footer --print-to-pdf="$scratch/week.pdf" \
    "file://$scratch/week.html" >/dev/null
check "week: prints, on one page" [ "$(python3 -c '
import re, sys
print(len(re.findall(rb"/Type\s*/Page[^s]", open(sys.argv[1], "rb").read())))
' "$scratch/week.pdf" 2>/dev/null)" = 1 ]

# The same week as a bare SVG.
iop-chart -O svg -o week.svg week.csv
render week.svg 800 300
check "week.svg: not blank" not_blank week.svg
check "week.svg: a bar per client (4)" [ "$(count 'class="bar"' week.svg.dom)" = 4 ]
check "week.svg: nothing asked for outside" self_contained week.svg

# The examples' three weeks: a grid of 4 clients by 3 weeks, one client
# not attending for two weeks in a row.
iop-hours -r "$ex/roster.csv" "$ex/attendance.csv" >weeks.csv
iop-chart -o weeks.html weeks.csv
render weeks.html 900 700
check "weeks: not blank" not_blank weeks.html
check "weeks: cells within the range green" seen weeks.html $GREEN
check "weeks: cells below the minimum vermillion" seen weeks.html $VERMILLION
check "weeks: a cell per client and week (12)" \
    [ "$(count 'class="cell"' weeks.html.dom)" = 12 ]
check "weeks: one run below the minimum outlined" \
    [ "$(count 'class="run"' weeks.html.dom)" = 1 ]
check "weeks: a census and a median line" \
    [ "$(count 'class="trend"' weeks.html.dom)" = 2 ]
check "weeks: nothing asked for or named outside" self_contained weeks.html

# The examples' attendance log: a mark per session (50), by client and day.
iop-chart -o attend.html "$ex/attendance.csv"
render attend.html 900 500
check "attend: not blank" not_blank attend.html
check "attend: sessions attended green" seen attend.html $GREEN
check "attend: a mark per session of the log (50)" \
    [ "$(count 'class="session"' attend.html.dom)" = \
    "$(($(wc -l <"$ex/attendance.csv") - 1))" ]
check "attend: a row per client (4)" \
    [ "$(count 'class="day-row"' attend.html.dom)" = 4 ]
check "attend: nothing asked for or named outside" self_contained attend.html

# The examples' iop-attend findings: a mark per finding with a date or
# a week (those about the whole period are in the table only), the
# client with the most violations first.
iop-screen "$ex/intake.csv" 2>/dev/null | iop-plan --program "$ex/program.yaml" \
    --start 2026-11-09 --today 2026-11-06 --sessions sessions.csv \
    >/dev/null 2>&1
iop-attend -s sessions.csv -r "$ex/roster.csv" --as-of 2026-11-29 \
    "$ex/attendance.csv" >findings.csv 2>/dev/null
iop-chart -o findings.html findings.csv
render findings.html 900 700
dated=$(awk -F, 'NR > 1 && ($4 != "" || $5 != "")' findings.csv | wc -l)
violations=$(awk -F, 'NR > 1 && $3 == "violation" && ($4 != "" || $5 != "")' \
    findings.csv | wc -l)
check "findings: not blank" not_blank findings.html
check "findings: violations drawn vermillion" seen findings.html $VERMILLION
check "findings: the examples have findings with a date or a week" \
    [ "$dated" -gt 10 ]
check "findings: a mark per finding with a date or a week ($dated)" \
    [ "$(count 'class="finding"' findings.html.dom)" = "$dated" ]
check "findings: the violations hatched ($violations)" \
    [ "$(grep -o 'class="finding"[^>]*' findings.html.dom |
    grep -c 'p-below')" = "$violations" ]
check "findings: a table row per finding" \
    [ "$(count '<tr class=' findings.html.dom)" = \
    "$(($(wc -l <findings.csv) - 1))" ]
check "findings: nothing asked for or named outside" \
    self_contained findings.html

# The examples' log with the schedule (-s): a session scheduled and not
# logged is drawn as no record, as many as iop-attend finds.
iop-chart -s sessions.csv -o attend-s.html "$ex/attendance.csv"
render attend-s.html 900 500
norec=$(grep -c '^[^,]*,no_record,' findings.csv)
check "attend -s: not blank" not_blank attend-s.html
check "attend -s: iop-attend finds sessions with no record" [ "$norec" -gt 0 ]
check "attend -s: a dashed mark per session with no record ($norec)" \
    [ "$(grep -o 'class="session"[^>]*stroke-dasharray' attend-s.html.dom |
    wc -l)" = "$norec" ]
check "attend -s: nothing asked for or named outside" \
    self_contained attend-s.html

# The examples' iop-attend --summary: a bar per client, the
# non-compliant first.
iop-attend --summary -s sessions.csv -r "$ex/roster.csv" \
    --as-of 2026-11-29 "$ex/attendance.csv" >summary.csv 2>/dev/null
iop-chart -o summary.html summary.csv
render summary.html 900 500
nsum=$(($(wc -l <summary.csv) - 1))
nred=$(grep -c ',non_compliant$' summary.csv)
check "summary: not blank" not_blank summary.html
check "summary: the examples have a client not compliant" [ "$nred" -gt 0 ]
check "summary: a bar per client ($nsum)" \
    [ "$(count 'class="sum"' summary.html.dom)" = "$nsum" ]
check "summary: the $nred not compliant first, hatched" \
    [ "$(grep -o 'class="sum"[^>]*' summary.html.dom | head -n "$nred" |
    grep -c 'p-below')" = "$nred" ]
check "summary: the non-compliant drawn vermillion" \
    seen summary.html $VERMILLION
check "summary: nothing asked for or named outside" \
    self_contained summary.html

# An iop-auth report: a bar per authorization, the red band first.
cp "$TESTS/golden/chart/auth/auth.csv" auth.csv
iop-chart -o auth.html auth.csv
render auth.html 900 500
check "auth: not blank" not_blank auth.html
check "auth: the green band's bar drawn green" seen auth.html $GREEN
check "auth: a bar per authorization (4)" \
    [ "$(count 'class="auth"' auth.html.dom)" = 4 ]
check "auth: the two in the red band first" [ "$(grep -o 'class="auth"[^>]*' \
    auth.html.dom | head -n 2 | grep -c 'p-below')" = 2 ]
check "auth: nothing asked for or named outside" self_contained auth.html

# iop-screen --trend of the examples' follow-ups: a panel per client
# and instrument, a line and two points for each with two dates (the
# first and the latest), one point for one with a single date.
iop-screen --trend "$ex/intake-followup.csv" >trend.csv
iop-chart -o trend.html trend.csv
render trend.html 1000 900
ntrend=$(($(wc -l <trend.csv) - 1))
nsame=$(awk -F, 'NR > 1 && $4 == $6' trend.csv | wc -l | tr -d ' ')
nworse=$(awk -F, 'NR > 1 && ($11 ~ /worsening/ || ($11 == "" && $8 > 0))' \
    trend.csv | wc -l | tr -d ' ')
check "trend: not blank" not_blank trend.html
check "trend: a panel per client and instrument ($ntrend)" \
    [ "$(count 'class="screen-trend ' trend.html.dom)" = "$ntrend" ]
check "trend: a line per trend with two dates ($((ntrend - nsame)))" \
    [ "$(count 'class="trend-line"' trend.html.dom)" = $((ntrend - nsame)) ]
check "trend: points, two a line, one a single date, 3 in the legend" \
    [ "$(count 'class="trend-dot"' trend.html.dom)" = \
    $((2 * (ntrend - nsame) + nsame + 3)) ]
check "trend: the $nworse worse first" [ "$(grep -o 'class="screen-trend [a-z]*' \
    trend.html.dom | head -n "$nworse" | grep -c worse)" = "$nworse" ]
check "trend: the improved drawn green" seen trend.html $GREEN
check "trend: a row of the table per trend" \
    [ "$(count '<tr class=' trend.html.dom)" = "$ntrend" ]
check "trend: nothing asked for or named outside" self_contained trend.html

# 310 trends, 10 of them worse at random places: 300 panels, those 10
# first; the table has 310.
awk 'BEGIN {
	print "client_id,instrument,assessments,first_date,first_score," \
	    "latest_date,latest_score,change,response,remission,change_class"
	for (i = 1; i <= 310; i++)
		printf "K%04d,cage,2,2026-11-02,1,2026-11-30,%d,%d,,,\n", i,
		    i % 31 == 5 ? 3 : 0, i % 31 == 5 ? 2 : -1
}' >trends.csv
iop-chart -o trends.html trends.csv
render trends.html 1000 900
check "trends: the chart draws 300 of 310" \
    [ "$(count 'class="screen-trend ' trends.html.dom)" = 300 ]
check "trends: the 10 worse drawn first" \
    [ "$(grep -o 'class="screen-trend [a-z]*' trends.html.dom | head -n 10 |
    grep -c worse)" = 10 ]
check "trends: the page says so" grep -q \
    'class="note">310 trends: the chart draws the first 300' trends.html.dom
check "trends: the table keeps all 310 rows" \
    [ "$(count '<tr class=' trends.html.dom)" = 310 ]

# Many clients: 320 in a week, the 20 below the minimum among them at
# random places; the chart draws 300, those 20 first; the table has 320.
awk 'BEGIN {
	print "client_id,week,week_start,hours,min_hours,max_hours,status"
	for (i = 1; i <= 320; i++)
		if (i % 16 == 7)
			printf "K%04d,2026-W48,2026-11-23,4.00,9.00,19.00,below_min\n", i
		else if (i % 16 == 3)
			printf "K%04d,2026-W48,2026-11-23,20.00,9.00,19.00,above_max\n", i
		else
			printf "K%04d,2026-W48,2026-11-23,12.00,9.00,19.00,ok\n", i
}' >many.csv
iop-chart -o many.html many.csv
render many.html 900 700
check "many: not blank" not_blank many.html
check "many: the chart draws 300 clients" \
    [ "$(count 'class="bar"' many.html.dom)" = 300 ]
check "many: the 20 below the minimum are drawn first" \
    [ "$(grep -o 'class="bar"[^>]*' many.html.dom | head -n 20 |
    grep -c 'p-below')" = 20 ]
check "many: the page says the chart draws 300 of 320" \
    grep -q 'class="note">320 clients: the chart draws the first 300' \
    many.html.dom
check "many: the table keeps all 320 rows" \
    [ "$(count '<tr class=' many.html.dom)" = 320 ]
check "many: the screenshot shows the below-minimum bars at the top" \
    seen many.html $VERMILLION

# Many clients over two weeks: 310 rows of the grid drawn as 300.
awk 'BEGIN {
	below = "2.00,9.00,19.00,below_min"
	ok = "10.00,9.00,19.00,ok"
	print "client_id,week,week_start,hours,min_hours,max_hours,status"
	for (w = 0; w < 2; w++)
		for (i = 1; i <= 310; i++)
			printf "G%04d,2026-W4%d,2026-11-%d,%s\n", i, 7 + w,
			    16 + 7 * w, i % 31 == 5 ? below : ok
}' >grid.csv
iop-chart -o grid.html grid.csv
render grid.html 900 700
check "grid: 300 clients by 2 weeks drawn (600 cells)" \
    [ "$(count 'class="cell"' grid.html.dom)" = 600 ]
check "grid: the 10 clients below for two weeks outlined, first" \
    [ "$(count 'class="run"' grid.html.dom)" = 10 ]
check "grid: the table keeps all 620 rows" \
    [ "$(count '<tr class=' grid.html.dom)" = 620 ]
check "grid: the screenshot shows the runs at the top" \
    seen grid.html $VERMILLION
done_testing
