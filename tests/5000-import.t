#!/bin/sh
# iop-import: the golden cases in tests/golden/iop-import.
. "$(dirname "$0")/lib.sh"
run_golden iop-import
# the records cannot be written: the rejects are not written either
if [ -w /dev/full ]; then
	cd "$scratch" || exit 2
	cp "$TESTS/golden/iop-import/rejects/export.csv" full-export.csv
	iop-import --rejects full-rejects.csv full-export.csv >/dev/full \
	    2>full-err
	check "the records on a full disk: exit 2" [ $? = 2 ]
	check "the records on a full disk: no rejects written" \
	    [ ! -e full-rejects.csv ]
	check "the records on a full disk: the message names standard output" \
	    grep -q "^iop-import: <stdout>: No space left on device$" full-err
fi
done_testing
