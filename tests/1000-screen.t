#!/bin/sh
# iop-screen: the golden cases in tests/golden/iop-screen.
. "$(dirname "$0")/lib.sh"
run_golden iop-screen
done_testing
