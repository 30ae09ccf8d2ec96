#!/bin/sh
# iop-hours: the golden cases in tests/golden/iop-hours.
. "$(dirname "$0")/lib.sh"
run_golden iop-hours
done_testing
