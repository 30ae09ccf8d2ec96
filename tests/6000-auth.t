#!/bin/sh
# iop-auth: the golden cases in tests/golden/iop-auth.
. "$(dirname "$0")/lib.sh"
run_golden iop-auth
done_testing
