#!/bin/sh
# The version is said once, in the Makefile: every man page's footer
# (.Os) carries it.
. "$(dirname "$0")/lib.sh"
v=$(sed -n 's/^VERSION[	 ]*=[	 ]*//p' "$TOP/Makefile")
for m in "$TOP"/man/*.[157]; do
	check "${m##*/}: .Os iop $v" [ "$(sed -n 's/^\.Os //p' "$m")" = "iop $v" ]
done

done_testing
