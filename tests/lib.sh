# tests/lib.sh: TAP helpers for the shell tests (after mblaze t/lib.sh).
# Each .t file sources this, then calls check/check_golden, then done_testing.
set -u
n=0
failed=0
TESTS=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$TESTS")
export TESTS		# golden cmds may use the helpers in tests/
export TZ=UTC LC_ALL=C
PATH="$TOP/cmd:$PATH"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/iop-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# VALGRIND=1: run every iop program under valgrind memcheck; an error or
# a definite leak makes the program exit 99, which fails its test.
if [ "${VALGRIND:-0}" = 1 ]; then
	mkdir "$scratch/vg"
	for p in "$TOP"/cmd/iop-*; do
		case $p in *.c|*.o) continue ;; esac
		printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite "%s" "$@"\n' \
		    "$p" >"$scratch/vg/${p##*/}"
		chmod +x "$scratch/vg/${p##*/}"
	done
	PATH="$scratch/vg:$PATH"
fi

# instrumented PROG: true when the iop program PROG runs under valgrind
# (VALGRIND=1) or was built with ASan, whose own memory and speed a test
# of either would measure.
instrumented() {
	[ "${VALGRIND:-0}" = 1 ] || grep -q __asan_init "$TOP/cmd/$1"
}

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
}

# skip WHY: a check that cannot be made here, counted as passed.
skip() {
	n=$((n + 1))
	echo "ok $n # SKIP $1"
}

# shim_can PROG FUNC...: the fault shim (tests/fault/fault.c) takes over
# each FUNC in PROG here: not under valgrind, nor where a sanitizer's
# runtime, linked in whole, keeps its own.
shim_can() {
	prog=$1
	shift
	[ "${VALGRIND:-0}" != 1 ] && [ -f "$TESTS/fault/fault.so" ] || return 1
	got=" $(env LD_PRELOAD="$TESTS/fault/fault.so" IOP_FAULT=probe \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    "$prog" -h 2>&1 >/dev/null | tr '\n' ' ')"
	for f; do
		case $got in *" $f "*) ;; *) return 1 ;; esac
	done
}

# check NAME COMMAND...: passes when the command succeeds.
check() {
	name=$1
	shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}

# check_golden DIR: run DIR/cmd (sh) in a copy of DIR; compare stdout,
# stderr (if DIR/stderr exists, else it must be empty) and the exit
# status (DIR/status, default 0).  Files the case expects the command
# to leave behind are DIR/expect/<name>, compared with what it wrote.
check_golden() {
	dir=$1
	name=${dir#"$TESTS"/golden/}
	work=$scratch/$name
	res=$scratch/$name.result
	rm -rf "$work" "$res"
	mkdir -p "$work" "$res"
	for f in "$dir"/* "$dir"/.[!.]*; do
		case ${f##*/} in
		stdout|stderr|status|expect|'.[!.]*') ;;
		*) cp -R "$f" "$work"/ ;;
		esac
	done
	want_status=0
	[ -f "$dir/status" ] && want_status=$(cat "$dir/status")
	(cd "$work" && sh ./cmd >"$res/out" 2>"$res/err" </dev/null)
	got_status=$?
	bad=
	[ "$got_status" = "$want_status" ] ||
	    bad="$bad status $got_status, want $want_status;"
	if [ -f "$dir/stdout" ]; then
		diff -u "$dir/stdout" "$res/out" >"$res/diff" ||
		    bad="$bad stdout differs;"
	elif [ -s "$res/out" ]; then
		bad="$bad unexpected stdout;"
	fi
	if [ -f "$dir/stderr" ]; then
		diff -u "$dir/stderr" "$res/err" >>"$res/diff" ||
		    bad="$bad stderr differs;"
	elif [ -s "$res/err" ]; then
		bad="$bad unexpected stderr;"
	fi
	if [ -d "$dir/expect" ]; then
		for f in "$dir"/expect/*; do
			b=$(basename "$f")
			diff -u "$f" "$work/$b" >>"$res/diff" 2>&1 ||
			    bad="$bad $b differs;"
		done
	fi
	if [ -z "$bad" ]; then
		ok "$name"
	else
		not_ok "$name:$bad"
		sed 's/^/#   /' "$res/diff" "$res/err" | head -n 40
	fi
}

# run_golden TOOL: every case under tests/golden/TOOL.
run_golden() {
	for d in "$TESTS"/golden/"$1"/*/; do
		check_golden "${d%/}"
	done
}

# wait_until SECONDS COMMAND...: run COMMAND every tenth of a second
# until it succeeds (0) or SECONDS have passed (1).
wait_until() {
	tries=$(($1 * 10))
	shift
	until "$@"; do
		tries=$((tries - 1))
		[ "$tries" -gt 0 ] || return 1
		sleep 0.1
	done
}

done_testing() {
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
