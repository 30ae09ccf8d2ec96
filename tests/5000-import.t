#!/bin/sh
# iop-import: the golden cases in tests/golden/iop-import.
. "$(dirname "$0")/lib.sh"
run_golden iop-import
done_testing
