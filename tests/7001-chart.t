#!/bin/sh
# iop-chart: the golden cases in tests/golden/chart, --version and -h.
. "$(dirname "$0")/lib.sh"
run_golden chart
v=$(sed -n 's/^VERSION[	 ]*=[	 ]*//p' "$TOP/Makefile")
check "iop-chart --version" [ "$(iop-chart --version)" = "iop-chart $v" ]
if [ -w /dev/full ]; then
	iop-chart --version >/dev/full 2>/dev/null
	check "iop-chart --version on a full disk: exit 2" [ $? = 2 ]
fi
iop-chart -h >"$scratch/help"
check "iop-chart -h: exit 0" [ $? = 0 ]
check "iop-chart -h: the usage, as the man page's SYNOPSIS" grep -q \
    '^usage: iop-chart \[-h\] \[-I fmt\] \[-O fmt\] \[-o file\] \[--pseudonymize keyfile\]$' \
    "$scratch/help"
# make demo writes the week's page and says where
sh "$TOP/examples/demo.sh" >"$scratch/demo" 2>&1
check "make demo runs to the end" [ $? = 0 ]
check "make demo says where the week's page is" \
    grep -qx "the week's page: file://$TOP/demo-week.html" "$scratch/demo"
check "the page has a bar for each of the 4 clients" \
    [ "$(grep -o 'class="bar"' "$TOP/demo-week.html" | wc -l)" -eq 4 ]
check "make demo draws the findings of the 4 clients" \
    [ "$(grep -o 'class="day-row"' "$TOP/demo-findings.html" | wc -l)" -eq 4 ]
check "make demo draws the 9 sessions C1011 has no record of (and the legend)" \
    [ "$(grep -o 'stroke-dasharray' "$TOP/demo-attendance.html" |
    wc -l)" -eq 10 ]
done_testing
