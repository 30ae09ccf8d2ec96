#!/bin/sh
# iop-attend: the golden cases in tests/golden/iop-attend.
. "$(dirname "$0")/lib.sh"
run_golden iop-attend
done_testing
