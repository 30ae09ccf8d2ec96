#!/bin/sh
# The output path (lib/out.c; "Writing output" in iop-formats(5)):
# every write to standard output checked.
. "$(dirname "$0")/lib.sh"

ex=$TOP/examples
log=$TESTS/golden/iop-hours/basic/log.csv
full="No space left on device"

# --- standard output ---

# Every program's help and --print-*, and its report: a full disk is
# exit 2 with a message naming <stdout> (iop-hours, which writes its
# report straight out, says "write error"); a good write is not.
for cmd in "iop-hours -h" "iop-hours --help" "iop-screen -h" \
    "iop-screen --help" "iop-screen --print-rules" "iop-plan -h" \
    "iop-plan --help" "iop-plan --print-program" "iop-attend -h" \
    "iop-attend --help" "iop-attend --print-policy" \
    "iop-screen $ex/intake.csv" \
    "iop-plan --program $ex/program.yaml --start 2026-11-09 $TESTS/pipeline/screened.csv" \
    "iop-attend -s $ex/sessions.csv --as-of 2026-11-29 $ex/attendance.csv"; do
	p=${cmd%% *}
	got=$($cmd 2>&1 >/dev/full)
	st=$?
	check "$cmd >/dev/full: exit 2 naming <stdout>" \
	    [ "$st" = 2 -a "$got" = "$p: <stdout>: $full" ]
	$cmd >/dev/null 2>&1
	st=$?
	case $cmd in
	*-h|*--help|*--print-*)
		check "$cmd >/dev/null: exit 0" [ "$st" = 0 ] ;;
	*)	check "$cmd >/dev/null: no error" [ "$st" != 2 ] ;;
	esac
done
got=$(iop-hours "$log" 2>&1 >/dev/full)
st=$?
check "iop-hours report >/dev/full: exit 2 with a message" \
    [ "$st" = 2 -a "$got" = "iop-hours: write error: $full" ]

done_testing
