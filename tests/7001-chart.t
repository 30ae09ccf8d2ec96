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
done_testing
