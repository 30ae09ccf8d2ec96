#!/bin/sh
# iop-plan: the golden cases in tests/golden/iop-plan.
. "$(dirname "$0")/lib.sh"
run_golden iop-plan
done_testing
