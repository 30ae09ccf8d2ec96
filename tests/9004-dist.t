#!/bin/sh
# The version is said once, in the Makefile: every man page's footer
# (.Os) carries it, and `make dist` gives a tarball of the last commit
# that builds on its own, holds every tracked file and nothing else.
. "$(dirname "$0")/lib.sh"
v=$(sed -n 's/^VERSION[	 ]*=[	 ]*//p' "$TOP/Makefile")
for m in "$TOP"/man/*.[157]; do
	check "${m##*/}: .Os iop $v" [ "$(sed -n 's/^\.Os //p' "$m")" = "iop $v" ]
done

if ! git -C "$TOP" rev-parse --git-dir >/dev/null 2>&1; then
	n=$((n + 1)); echo "ok $n # SKIP not a git checkout (make dist needs one)"
	done_testing
	exit
fi
tar=iop-$v.tar.gz
if ! make -s -C "$TOP" dist >"$scratch/dist.out" 2>&1; then
	not_ok "make dist"
	done_testing
	exit
fi
mv "$TOP/$tar" "$scratch/"
check "make dist: no temporary file left" [ ! -e "$TOP/$tar.tmp" ]
tar -xzf "$scratch/$tar" -C "$scratch"
(cd "$scratch/iop-$v" && find . -type f | sed 's|^\./||' | sort) >"$scratch/have"
git -C "$TOP" ls-tree -r --name-only HEAD | sort >"$scratch/want"
check "the tarball holds the tracked files of HEAD" \
    cmp -s "$scratch/have" "$scratch/want"
(cd "$scratch/iop-$v" && make -s all >"$scratch/build.out" 2>&1)
check "the tarball builds" [ $? = 0 ]
check "its programs know their version" \
    [ "$("$scratch/iop-$v/cmd/iop-hours" --version)" = "iop-hours $v" ]
done_testing
