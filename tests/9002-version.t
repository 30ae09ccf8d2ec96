#!/bin/sh
# Every program's --version prints its name and the Makefile's VERSION,
# and exits 0; on a full disk it exits 2.
. "$(dirname "$0")/lib.sh"
v=$(sed -n 's/^VERSION[	 ]*=[	 ]*//p' "$TOP/Makefile")
# Every program in cmd/, so that a new one is held to it too.
for p in $(cd "$TOP/cmd" && ls iop-*.c | sed 's/\.c$//'); do
	check "$p --version" [ "$($p --version)" = "$p $v" ]
	if [ -w /dev/full ]; then
		$p --version >/dev/full 2>/dev/null
		check "$p --version on a full disk: exit 2" [ $? = 2 ]
	fi
done
done_testing
