#!/bin/sh
# The output path (lib/out.c, man iop-formats(5) "WRITING REPORTS"):
# every write to standard output checked; an -o file replaced whole or
# not at all, keeping its mode and group; devices and FIFOs written in
# place, never replaced; and all of it under faults, through the
# LD_PRELOAD shim tests/fault/fault.so (Linux), which makes fsync,
# fflush, fclose, linkat or rename fail, or stops the program for a
# SIGKILL.
. "$(dirname "$0")/lib.sh"

ex=$TOP/examples
log=$TESTS/golden/iop-hours/basic/log.csv
shim=$TESTS/fault/fault.so
full="No space left on device"

# --- standard output ---

# Every program's help, --print-* and --version, and its report: a
# full disk is exit 2 with a message naming <stdout>; a good write is
# not.
for cmd in "iop-hours -h" "iop-hours --help" "iop-screen -h" \
    "iop-screen --help" "iop-screen --print-rules" "iop-plan -h" \
    "iop-plan --help" "iop-plan --print-program" "iop-attend -h" \
    "iop-attend --help" "iop-attend --print-policy" "iop-import -h" \
    "iop-import --help" "iop-import --print-profile" "iop-import --version" \
    "iop-screen $ex/intake.csv" \
    "iop-plan --program $ex/program.yaml --start 2026-11-09 $TESTS/pipeline/screened.csv" \
    "iop-attend -s $ex/sessions.csv --as-of 2026-11-29 $ex/attendance.csv" \
    "iop-import $ex/export-simplepractice.csv"; do
	p=${cmd%% *}
	got=$($cmd 2>&1 >/dev/full)
	st=$?
	check "$cmd >/dev/full: exit 2 naming <stdout>" \
	    [ "$st" = 2 -a "$got" = "$p: <stdout>: $full" ]
	$cmd >/dev/null 2>&1
	st=$?
	case $cmd in
	*-h|*--help|*--print-*|*--version)
		check "$cmd >/dev/null: exit 0" [ "$st" = 0 ] ;;
	*)	check "$cmd >/dev/null: no error" [ "$st" != 2 ] ;;
	esac
done
got=$(iop-hours "$log" 2>&1 >/dev/full)
st=$?
check "iop-hours report >/dev/full: exit 2 naming <stdout>" \
    [ "$st" = 2 -a "$got" = "iop-hours: <stdout>: $full" ]

# A write that fails in the middle of a YAML plan (a file size limit,
# its signal ignored): exit 2 naming the file, and under VALGRIND=1 no
# libyaml event left unfreed (iop-plan dropped those it made after the
# first failure without freeing them).
awk 'NR == 1 { print; next } { row[NR] = $0 }
END { for (k = 1; k <= 50; k++) for (i = 2; i <= NR; i++) {
	r = row[i]; sub(/^C/, "C" k "x", r); print r } }' \
    "$TESTS/pipeline/screened.csv" >"$scratch/screened50.csv"
got=$(cd "$scratch" && trap '' XFSZ && ulimit -f 64 &&
    iop-plan --program "$ex/program.yaml" --start 2026-11-09 \
    -o plan.yaml screened50.csv 2>&1)
st=$?
check "iop-plan -o plan.yaml past a file size limit: exit 2 naming it" \
    [ "$st" = 2 -a "$got" = "iop-plan: plan.yaml: File too large" ]

# --- -o: files, directories, links, devices ---

screen() {
	iop-screen --today 2026-11-27 "$ex/intake.csv" "$@"
}
screen >"$scratch/expect.csv"
expect=$scratch/expect.csv

# A fresh directory with an old report.
fresh() {
	d=$scratch/$1
	rm -rf "$d"
	mkdir -p "$d"
	printf 'old report\n' >"$d/report.csv"
}

# old_kept DIR [FILE...]: DIR holds report.csv, still the old report,
# and the other FILEs named, nothing else.
old_kept() {
	[ "$(cat "$1/report.csv")" = "old report" ] || return 1
	want=$(shift; printf '%s\n' report.csv "$@" | sort)
	[ "$(ls -A "$1" | sort)" = "$want" ]
}

fresh new && rm "$d/report.csv"
(cd "$d" && umask 022 && screen -o report.csv)
check "-o: a new report, all of it" cmp -s "$d/report.csv" "$expect"
check "-o: a new report is mode 0600 and nothing else is left" \
    [ "$(stat -c %a "$d/report.csv")" = 600 -a "$(ls -A "$d")" = report.csv ]

fresh dir && mkdir "$d/sub"
got=$(cd "$d" && screen -o sub 2>&1)
st=$?
check "-o a directory: exit 2, said, nothing written or left" eval \
    '[ "$st" = 2 -a "$got" = "iop-screen: sub: is a directory" -a \
    -z "$(ls -A "$d/sub")" ] && old_kept "$d" sub'

fresh dangling && ln -s nowhere "$d/link"
got=$(cd "$d" && screen -o link 2>&1)
st=$?
check "-o a link to nothing: exit 2, said, nothing made" eval \
    '[ "$st" = 2 -a \
    "$got" = "iop-screen: link: symbolic link to nothing, not followed" ] &&
    old_kept "$d" link && [ ! -e "$d/nowhere" ]'

fresh linked && ln -s report.csv "$d/link" && chmod 0640 "$d/report.csv"
(cd "$d" && screen -o link)
check "-o a link to a file: the file replaced, the link kept" eval \
    '[ -L "$d/link" -a "$(readlink "$d/link")" = report.csv -a \
    "$(ls -A "$d" | sort | tr "\n" " ")" = "link report.csv " ] &&
    cmp -s "$d/report.csv" "$expect"'
check "-o a link to a file: its mode kept" \
    [ "$(stat -c %a "$d/report.csv")" = 640 ]

fresh fifo && mkfifo "$d/pipe"
cat "$d/pipe" >"$scratch/fifo.out" &
reader=$!
(cd "$d" && screen -o pipe)
st=$?
# unless the FIFO was written, its reader waits for ever
[ "$st" = 0 -a -p "$d/pipe" ] || kill "$reader"
wait "$reader"
check "-o a FIFO: written in place, exit 0" eval \
    '[ "$st" = 0 -a -p "$d/pipe" ] && cmp -s "$scratch/fifo.out" "$expect" &&
    old_kept "$d" pipe'

fresh stdout && ln -s /proc/self/fd/1 "$d/out"
if [ -e /proc/self/fd/1 ]; then
	(cd "$d" && screen -o out >"$scratch/stdout.csv")
	check "-o a link to /proc/self/fd/1: through to the file, link kept" \
	    eval '[ -L "$d/out" ] && cmp -s "$scratch/stdout.csv" "$expect" &&
	    old_kept "$d" out'
	(cd "$d" && screen -o out | cat >"$scratch/pipe.csv")
	check "-o a link to /proc/self/fd/1, a pipe: written in place" \
	    eval '[ -L "$d/out" ] && cmp -s "$scratch/pipe.csv" "$expect" &&
	    old_kept "$d" out'
else
	skip "no /proc/self/fd"
	skip "no /proc/self/fd"
fi

# Mode, group and (as root) owner of a replaced report are kept.
fresh mode && chmod 0604 "$d/report.csv"
(cd "$d" && umask 077 && screen -o report.csv)
check "-o over a 0604 report: mode kept" eval \
    '[ "$(stat -c %a "$d/report.csv")" = 604 ] &&
    cmp -s "$d/report.csv" "$expect"'
if [ "$(id -u)" = 0 ]; then
	fresh owner && chown 4321:4322 "$d/report.csv" && chmod 0640 "$d/report.csv"
	(cd "$d" && screen -o report.csv)
	check "as root, over a 0640 report of 4321:4322: all three kept" \
	    [ "$(stat -c '%a %u %g' "$d/report.csv")" = "640 4321 4322" ]
	# A user who may not give the new file the old one's group: its
	# group's bits become those of others (here none).
	if command -v setpriv >/dev/null; then
		fresh demote && chown -R 4321:4321 "$d" &&
		    chgrp 4322 "$d/report.csv" && chmod 0640 "$d/report.csv"
		chmod 0711 "$scratch"
		(cd "$d" && setpriv --reuid 4321 --regid 4321 --clear-groups \
		    iop-screen "$ex/intake.csv" -o report.csv)
		check "a group not ours: its rights dropped to others'" \
		    [ "$(stat -c '%a %u %g' "$d/report.csv")" = "600 4321 4321" ]
		chmod 0700 "$scratch"
	else
		skip "no setpriv to run as another user"
	fi
else
	g=$(id -G | tr ' ' '\n' | grep -vx "$(id -g)" | head -n 1)
	if [ -n "$g" ]; then
		fresh group && chgrp "$g" "$d/report.csv" &&
		    chmod 0640 "$d/report.csv"
		(cd "$d" && screen -o report.csv)
		check "over a 0640 report of group $g: both kept" \
		    [ "$(stat -c '%a %g' "$d/report.csv")" = "640 $g" ]
	else
		skip "not root and in no second group: cannot set a group"
	fi
	skip "not root: cannot keep an owner or run as another user"
fi

# Devices, which only root may make: written in place, never replaced.
if [ "$(id -u)" = 0 ] && mknod "$scratch/probe" c 1 3 2>/dev/null; then
	fresh dev && mknod "$d/null" c 1 3 && ln -s null "$d/link"
	(cd "$d" && screen -o null && screen -o link)
	st=$?
	check "-o a character device, or a link to one: written in place" \
	    eval '[ $st = 0 -a -c "$d/null" -a -L "$d/link" ] &&
	    old_kept "$d" null link'
	(cd "$d" && iop-hours "$log" -o null)
	st=$?
	check "iop-hours -o a character device: written in place" \
	    eval '[ $st = 0 -a -c "$d/null" ] && old_kept "$d" null link'
	fresh blk && mknod "$d/disk" b 7 0
	got=$(cd "$d" && screen -o disk 2>&1)
	st=$?
	check "-o a block device: refused, exit 2" eval '[ "$st" = 2 -a \
	    -b "$d/disk" -a "$got" = "iop-screen: disk: is not a regular file, FIFO or character device, not written" ] &&
	    old_kept "$d" disk'
else
	skip "not root: mknod is for root"
	skip "not root: mknod is for root"
	skip "not root: mknod is for root"
fi

# A write that fails: under ulimit -f 0 the kernel refuses to write
# any regular file (SIGXFSZ ignored, so the write fails with EFBIG).
for cmd in "iop-screen $ex/intake.csv" "iop-hours $log" \
    "iop-attend -s $ex/sessions.csv --as-of 2026-11-29 $ex/attendance.csv" \
    "iop-plan -O yaml --program $ex/program.yaml --start 2026-11-09 $TESTS/pipeline/screened.csv"; do
	p=${cmd%% *}
	if [ "${VALGRIND:-0}" = 1 ]; then
		skip "under valgrind, which cannot start under ulimit -f 0"
		continue
	fi
	fresh "fsize-$p"
	got=$(cd "$d" && trap '' XFSZ && ulimit -f 0 && $cmd -o report.csv 2>&1)
	st=$?
	check "$p -o, no file can grow: exit 2, said, old report kept" eval \
	    '[ "$st" = 2 -a -n "$got" ] && old_kept "$d"'
done

# The temporary file open in PID in DIR: "DIR/#inode (deleted)", as
# O_TMPFILE made it, read back through /proc.
opened() {
	for fd in /proc/"$1"/fd/*; do
		case $(readlink "$fd") in "$2/#"*) cat "$fd"; return ;; esac
	done
	return 1
}

# Killed with SIGKILL while it waits for more input, its -o file open:
# with O_TMPFILE (Linux) nothing is left.
if [ "$(uname -s)" = Linux ]; then
	fresh kill-waiting && mkfifo "$d/in.csv"
	(cd "$d" && exec iop-screen in.csv -o report.csv 2>/dev/null) &
	pid=$!
	exec 3>"$d/in.csv"	# the reader may open; nothing is written
	check "waiting for input, its -o file open without a name" eval \
	    'wait_until 30 opened "$pid" "$(cd "$d" && pwd -P)" >/dev/null'
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	exec 3>&-
	check "killed with SIGKILL while it waits: nothing left" \
	    old_kept "$d" in.csv
else
	skip "O_TMPFILE is for Linux"
	skip "O_TMPFILE is for Linux"
fi

# --- standard output: the spool copied at the commit ---

# The spool reaches standard output in the kernel where it can
# (copy_file_range(2) to a file, sendfile(2) to a pipe or device), else
# by read and write, from wherever standard output stands.  What
# arrives must be the -o report byte for byte: -o renames its file into
# place and never copies a spool.  1,000 intakes (bench/screen.sh's),
# about 860 KB of CSV, so that the read and write way takes many blocks.
awk 'BEGIN { srand(1)
	printf "client_id,date,age,sex"
	for (i = 1; i <= 9; i++) printf ",phq9_%d", i
	for (i = 1; i <= 7; i++) printf ",gad7_%d", i
	print ""
	for (r = 0; r < 1000; r++) {
		printf "C%07d,2026-11-02,%d,%s", r, 18 + int(rand() * 53),
		    rand() < 0.5 ? "male" : "female"
		for (i = 0; i < 16; i++) printf ",%d", int(rand() * 4)
		print ""
	} }' >"$scratch/big.in"
big() {
	iop-screen --today 2026-11-27 "$scratch/big.in" "$@"
}
big -o "$scratch/big.csv"
check "1,000 intakes -o: 1,001 lines, past three 64 KiB blocks" eval \
    '[ "$(wc -l <"$scratch/big.csv")" = 1001 ] &&
    [ "$(wc -c <"$scratch/big.csv")" -gt 196608 ]'
big >"$scratch/big.file"
check "standard output a file: the -o report exactly" \
    cmp -s "$scratch/big.file" "$scratch/big.csv"
big | cat >"$scratch/big.pipe"
check "standard output a pipe: the -o report exactly" \
    cmp -s "$scratch/big.pipe" "$scratch/big.csv"
# the copy writes at standard output's offset and moves it on
{ echo first; big; echo last; } >"$scratch/big.mid"
check "standard output a file after other output: between, whole" eval \
    '{ echo first; cat "$scratch/big.csv"; echo last; } |
    cmp -s - "$scratch/big.mid"'
# O_APPEND: copy_file_range refuses it (EBADF), sendfile too (EINVAL),
# so this is the read and write way, without the shim
echo old >"$scratch/big.app"
big >>"$scratch/big.app"
check "standard output appended to (>>): after the old, whole" eval \
    '{ echo old; cat "$scratch/big.csv"; } | cmp -s - "$scratch/big.app"'

# --- -o under faults: the shim ---

if [ "${VALGRIND:-0}" = 1 ]; then
	skip "under valgrind: no LD_PRELOAD shim"
	done_testing
	exit
fi
if [ ! -f "$shim" ]; then
	skip "no $shim: the fault shim is for Linux and glibc"
	done_testing
	exit
fi

# faulty FAULTS CMD...: run CMD with the shim making FAULTS happen.
faulty() {
	f=$1
	shift
	env LD_PRELOAD="$shim" IOP_FAULT="$f" IOP_FAULT_ERRNO=ENOSPC \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    "$@"
}

# The functions the shim can take over here (a sanitizer's runtime,
# linked in whole, keeps its own fflush and fclose).
hooked=" $(faulty probe iop-hours -h 2>&1 >/dev/null | tr '\n' ' ')"
can() {
	case $hooked in *" $1 "*) return 0 ;; esac
	skip "the shim cannot take over $1 in this build"
	return 1
}

# -O yaml: the plans are YAML, written here to report.csv with every other
# program's report
plan_cmd="iop-plan -O yaml --program $ex/program.yaml --start 2026-11-09 $TESTS/pipeline/screened.csv"
screen_cmd="iop-screen $ex/intake.csv"
hours_cmd="iop-hours $log"
attend_cmd="iop-attend -s $ex/sessions.csv --as-of 2026-11-29 $ex/attendance.csv"
import_cmd="iop-import $ex/export-simplepractice.csv"

# fault_o PROG-CMD FAULTS [new]: -o report.csv must fail with exit 2 and
# a message naming the report (or, for fflush, maybe the writer's own
# "write error"), leaving the old report (with "new", none) and nothing
# else.
fault_o() {
	cmd=$1 faults=$2 new=${3:-}
	p=${cmd%% *}
	fresh "fault-$p-$faults-$new"
	[ -n "$new" ] && rm "$d/report.csv"
	got=$(cd "$d" && faulty "$faults" $cmd -o report.csv 2>&1 >/dev/null)
	st=$?
	bad=
	[ "$st" = 2 ] || bad="$bad status $st;"
	case $got in
	"$p: report.csv: $full") ;;
	"$p: write error: $full") [ "${faults#*fflush}" != "$faults" ] ||
	    bad="$bad message '$got';" ;;
	*) bad="$bad message '$got';" ;;
	esac
	if [ -n "$new" ]; then
		[ -z "$(ls -A "$d")" ] || bad="$bad left: $(ls -A "$d");"
	else
		old_kept "$d" || bad="$bad not as it was: $(ls -A "$d");"
	fi
	name="$p -o ${new:-old} report, IOP_FAULT=$faults: exit 2, nothing changed"
	if [ -z "$bad" ]; then ok "$name"; else not_ok "$name:$bad"; fi
}

for cmd in "$screen_cmd" "$plan_cmd" "$hours_cmd" "$attend_cmd" \
    "$import_cmd"; do
	for f in fsync fflush fclose linkat rename; do
		can "$f" || continue
		fault_o "$cmd" "$f"
		# a new report is linked straight to its name, not renamed
		[ "$f" = rename ] || fault_o "$cmd" "$f" new
		[ "$f" = linkat ] && continue
		can open || continue
		fault_o "$cmd" "notmpfile,$f"
		fault_o "$cmd" "notmpfile,$f" new
	done
done

# Standard output: a spool that fails is exit 2, and nothing is written.
for cmd in "$screen_cmd" "$plan_cmd" "$attend_cmd" "$import_cmd"; do
	can fflush || break
	p=${cmd%% *}
	faulty fflush $cmd >"$scratch/spooled" 2>/dev/null
	st=$?
	check "$p to standard output, the spool fails: exit 2, nothing out" \
	    [ "$st" = 2 -a ! -s "$scratch/spooled" ]
done

# Standard output: each way of copying the spool, made to be taken
# (IOP_FAULT=trace shows which calls it made), writes the report whole;
# a kernel copy that fails (ENOSPC) is exit 2 naming <stdout>, and
# nothing is written, since these calls copy all or nothing here.
# copied WANT FAULTS TO: run the 1,000 intakes to standard output TO
# (a file, or "pipe") under FAULTS,trace; WANT is "report" (exit 0,
# the report whole) or "error" (exit 2 naming <stdout>, nothing out).
copied() {
	want=$1 faults=$2 to=$3
	rm -f "$scratch/way.out"
	if [ "$to" = pipe ]; then
		{ faulty "$faults,trace" iop-screen --today 2026-11-27 \
		    "$scratch/big.in" 2>"$scratch/way.err"
		    echo $? >"$scratch/way.st"; } | cat >"$scratch/way.out"
		st=$(cat "$scratch/way.st")
	else
		faulty "$faults,trace" iop-screen --today 2026-11-27 \
		    "$scratch/big.in" >"$scratch/way.out" 2>"$scratch/way.err"
		st=$?
	fi
	# the calls made, in order, each once however often it was called
	calls=$(grep '^fault.so: ' "$scratch/way.err" | uniq |
	    sed 's/^fault.so: //' | tr '\n' ' ')
	msg=$(grep -v '^fault.so: ' "$scratch/way.err")
	if [ "$want" = report ]; then
		[ "$st" = 0 -a -z "$msg" ] &&
		    cmp -s "$scratch/way.out" "$scratch/big.csv"
	else
		[ "$st" = 2 -a "$msg" = "iop-screen: <stdout>: $full" -a \
		    ! -s "$scratch/way.out" ]
	fi
}
if can copy_file_range && can sendfile && can pread; then
	f=$scratch/way.file
	copied report none "$f"
	check "to a file: copy_file_range, the report whole" \
	    [ $? = 0 -a "$calls" = "copy_file_range " ]
	copied report none pipe
	check "to a pipe: copy_file_range refused, sendfile, the report whole" \
	    [ $? = 0 -a "$calls" = "copy_file_range sendfile " ]
	copied report nocopyrange "$f"
	check "copy_file_range refused (EXDEV): sendfile, the report whole" \
	    [ $? = 0 -a "$calls" = "copy_file_range sendfile " ]
	copied report nocopyrange,nosendfile "$f"
	check "both refused (EXDEV, ENOSYS): read and write, the report whole" \
	    [ $? = 0 -a "$calls" = "copy_file_range sendfile pread " ]
	copied report nosendfile pipe
	check "to a pipe, both refused: read and write, the report whole" \
	    [ $? = 0 -a "$calls" = "copy_file_range sendfile pread " ]
	copied error copy_file_range "$f"
	check "copy_file_range fails: exit 2 naming <stdout>, nothing out" \
	    [ $? = 0 -a "$calls" = "copy_file_range " ]
	copied error nocopyrange,sendfile "$f"
	check "sendfile fails: exit 2 naming <stdout>, nothing out" \
	    [ $? = 0 -a "$calls" = "copy_file_range sendfile " ]
	copied error sendfile pipe
	check "sendfile to a pipe fails: exit 2 naming <stdout>, nothing out" \
	    [ $? = 0 -a "$calls" = "copy_file_range sendfile " ]
fi

# stopped PID: wait (10 s at most) until the process is stopped.
stopped() {
	[ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)" = T ]
}

# Killed with SIGKILL while it writes: O_TMPFILE leaves nothing.
if can fsync; then
	fresh kill
	(cd "$d" && exec env LD_PRELOAD="$shim" IOP_FAULT=stop-fsync \
	    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	    iop-screen --today 2026-11-27 "$ex/intake.csv" -o report.csv) &
	pid=$!
	wait_until 10 stopped "$pid"
	check "stopped before the sync: the whole report written unnamed" \
	    eval '[ "$(opened "$pid" "$(cd "$d" && pwd -P)")" = \
	    "$(cat "$expect")" ] && old_kept "$d"'
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null
	check "killed with SIGKILL while writing: nothing left" old_kept "$d"
fi

# Stopped between the link to a fresh name and the rename: SIGTERM
# removes the name; SIGKILL leaves it, holding the whole report.
if can rename; then
	for sig in TERM KILL; do
		fresh "link-$sig"
		(cd "$d" && exec env LD_PRELOAD="$shim" IOP_FAULT=stop-rename \
		    ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
		    iop-screen --today 2026-11-27 "$ex/intake.csv" -o report.csv) &
		pid=$!
		wait_until 10 stopped "$pid"
		tmp=$(cd "$d" && ls -A | grep '^\.report\.csv\.......$')
		check "stopped before the rename: the fresh name holds it all" \
		    eval '[ -n "$tmp" ] && cmp -s "$d/$tmp" "$expect"'
		kill -"$sig" "$pid"
		kill -CONT "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		if [ $sig = TERM ]; then
			check "SIGTERM before the rename: nothing left" old_kept "$d"
		else
			check "SIGKILL before the rename: at worst the whole report" \
			    old_kept "$d" "$tmp"
		fi
	done
fi

done_testing
