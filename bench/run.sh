#!/usr/bin/env bash
# bench/run.sh [ROWS]: time iop-hours against other tools on one log.
#
# Generates bench/data/log.csv with bench/gen (ROWS rows, 10,000,000 by
# default; kept while the row count, client count, seed and gen.c stay the
# same), then runs on it, one after the other: cmd/iop-hours, the bare
# libcsv pass (bench/csvcount), wc -l, Miller, mawk, gawk, SQLite and
# DuckDB (from npm).  Every tool but csvcount and wc computes the weekly
# hours per client that iop-hours reports; their sorted results must all
# agree with iop-hours (or, while it is not built, with each other).
# Prints the machine, a table of seconds, peak RSS and agreement, and
# iop-hours's peak RSS per client-week of its report.
#
# On request (TOOLS), the same log as YAML (bench/data/log.yaml, from
# gen -y): iop-hours reading it (iop-hours-yaml, writing CSV, whose
# result must agree too) and the bare libyaml pass (bench/yamlcount).
#
# Environment:
#	CLIENTS		clients in the log (ROWS/200, at most 50,000)
#	SEED		gen's seed (1)
#	RUNS		runs per tool; the fastest counts (1)
#	TOOLS		tools to run, space-separated (by default:
#			iop-hours iop-hours-o csvcount wc mlr mawk gawk
#			sqlite3 duckdb; on request: iop-hours-yaml
#			yamlcount)
#	CC		C compiler (cc)
#	IOP		the iop-hours to time (cmd/iop-hours)
#
# Run it from anywhere; paths are relative to the repository top.
set -u

here=$(cd "$(dirname "$0")" && pwd) || exit 1
cd "$here/.." || exit 1

usage() {
	echo "usage: bench/run.sh [ROWS]" >&2
	exit 2
}

ROWS=${1:-10000000}
case $ROWS in
'' | *[!0-9]*) usage ;;
esac
[ $# -le 1 ] || usage
SEED=${SEED:-1}
if [ -z "${CLIENTS:-}" ]; then
	CLIENTS=$((ROWS / 200))
	[ "$CLIENTS" -ge 1 ] || CLIENTS=1
	[ "$CLIENTS" -le 50000 ] || CLIENTS=50000
fi
RUNS=${RUNS:-1}
TOOLS=${TOOLS:-iop-hours iop-hours-o csvcount wc mlr mawk gawk sqlite3 duckdb}
CC=${CC:-cc}

B=bench
D=$B/data
O=$D/out
LOG=$D/log.csv
YLOG=$D/log.yaml
IOP=${IOP:-cmd/iop-hours}
DUCK=$B/.duckdb
# $O holds this run's outputs only.
rm -rf "$O"
mkdir -p "$O" || exit 1

want() {
	case " $TOOLS " in
	*" $1 "*) return 0 ;;
	esac
	return 1
}

# ---- what the tools need ----

have() { command -v "$1" >/dev/null 2>&1; }

missing=""
[ -x /usr/bin/time ] || missing="$missing time"
have "$CC" || missing="$missing gcc"
[ -f /usr/include/csv.h ] || missing="$missing libcsv-dev"
want yamlcount && [ ! -f /usr/include/yaml.h ] && missing="$missing libyaml-dev"
want mlr && ! have mlr && missing="$missing miller"
want mawk && ! have mawk && missing="$missing mawk"
want gawk && ! have gawk && missing="$missing gawk"
want sqlite3 && ! have sqlite3 && missing="$missing sqlite3"
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ] && have apt-get; then
		echo "installing:$missing"
		export DEBIAN_FRONTEND=noninteractive
		# shellcheck disable=SC2086
		apt-get install -y -q $missing >/dev/null ||
			{ apt-get update -q >/dev/null &&
			  apt-get install -y -q $missing >/dev/null; } ||
			echo "warning: apt-get install$missing failed" >&2
	else
		echo "missing:$missing; install them with" \
		    "'sudo apt-get install$missing'; tools without them" \
		    "are skipped" >&2
	fi
fi
if [ ! -x /usr/bin/time ]; then
	echo "bench/run.sh: /usr/bin/time (Debian package time) is needed" >&2
	exit 1
fi

# ---- build ----

# build OUT SRC [LIBS]: compile when OUT is missing or older than SRC.
build() {
	if [ ! -x "$1" ] || [ "$2" -nt "$1" ]; then
		echo "building $1"
		"$CC" -std=c11 -O2 -o "$1" "$2" ${3:+"$3"} || return 1
	fi
}
build $B/gen $B/gen.c || exit 1
build $B/csvcount $B/csvcount.c -lcsv || {
	echo "csvcount: cannot build (libcsv-dev?); skipped" >&2
	TOOLS=$(echo " $TOOLS " | sed 's/ csvcount / /')
}
if want yamlcount; then
	build $B/yamlcount $B/yamlcount.c -lyaml || {
		echo "yamlcount: cannot build (libyaml-dev?); skipped" >&2
		TOOLS=$(echo " $TOOLS " | sed 's/ yamlcount / /')
	}
fi

# ---- the log ----

stamp="rows=$ROWS clients=$CLIENTS seed=$SEED gen=$(cksum <$B/gen.c)"
# make_log FILE [-y]: (re)make FILE with gen unless its stamp matches.
make_log() {
	if [ -f "$1" ] && [ -f "$1.stamp" ] &&
	    [ "$(cat "$1.stamp")" = "$stamp" ]; then
		echo "using $1 ($ROWS rows)"
		return 0
	fi
	echo "generating $1: $ROWS rows, $CLIENTS clients, seed $SEED"
	rm -f "$1.stamp"
	if ! $B/gen ${2:+"$2"} -s "$SEED" -n "$ROWS" -c "$CLIENTS" \
	    >"$1.tmp" || ! mv "$1.tmp" "$1"; then
		echo "bench/run.sh: gen failed" >&2
		exit 1
	fi
	echo "$stamp" >"$1.stamp"
}
make_log "$LOG"
SIZE=$(wc -c <"$LOG")
if want iop-hours-yaml || want yamlcount; then
	make_log "$YLOG" -y
	YSIZE=$(wc -c <"$YLOG")
fi

# ---- DuckDB, from npm ----

duck_ok=0
if want duckdb; then
	if [ -d "$DUCK/node_modules/@duckdb/node-api" ]; then
		duck_ok=1
	elif have npm && have node; then
		echo "installing @duckdb/node-api with npm into $DUCK"
		if npm install --prefix "$DUCK" --no-audit --no-fund \
		    --loglevel=error @duckdb/node-api >"$O/npm.log" 2>&1; then
			duck_ok=1
		fi
	fi
	[ $duck_ok = 1 ] || echo "duckdb: not available"
fi

# ---- iop-hours ----

iop_ok=0
iop_flags=""
if want iop-hours || want iop-hours-yaml; then
	if [ ! -x "$IOP" ]; then
		echo "iop-hours: $IOP not built (run make); skipped"
	else
		# Find out on a small log whether --raw-csv is taken.
		$B/gen -n 300 -c 10 >"$D/probe.csv"
		rm -f "$D/probe-out.csv"
		if "$IOP" --raw-csv "$D/probe.csv" -o "$D/probe-out.csv" \
		    >/dev/null 2>"$D/probe.err"; then
			iop_ok=1
			iop_flags=--raw-csv
		elif "$IOP" "$D/probe.csv" -o "$D/probe-out.csv" \
		    >/dev/null 2>>"$D/probe.err"; then
			iop_ok=1
			echo "iop-hours: --raw-csv not taken; run without it"
		else
			echo "iop-hours: fails on a small log; skipped:"
			sed 's/^/	/' "$D/probe.err"
		fi
	fi
fi

# ---- the machine ----

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null |
    head -n 1)
[ -n "$cpu" ] || cpu=$(uname -m)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' \
    /proc/meminfo 2>/dev/null)
os=$(sed -n 's/^PRETTY_NAME="*\([^"]*\)"*$/\1/p' /etc/os-release 2>/dev/null)
echo
echo "machine: $(nproc) CPUs, $cpu, ${mem:-? GiB} RAM, ${os:-$(uname -s)}"
echo "log: $LOG, $ROWS rows, $CLIENTS clients, seed $SEED," \
    "$((SIZE / 1048576)) MiB"
[ -n "${YSIZE:-}" ] && echo "YAML log: $YLOG, the same rows," \
    "$((YSIZE / 1048576)) MiB"

# ---- runs ----

# The tools run in rounds: each tool once per round, RUNS rounds, so that
# on a machine whose speed drifts (a shared virtual one) every tool meets
# the same drift.  Each tool's time and RSS are those of its fastest run.

order=""
declare -A cmdline best broken

# tool NAME CMD...: NAME runs CMD, its output going to $O/NAME.raw.
tool() {
	local name=$1
	shift
	order="$order $name"
	cmdline[$name]=$(printf '%q ' "$@")
}

# timed NAME: one run; fails if it fails (messages in $O/NAME.err).
timed() {
	local name=$1 t
	if ! eval "/usr/bin/time -f '%e %M' -o \"\$O/$name.t\" ${cmdline[$name]}" \
	    >"$O/$name.raw" 2>"$O/$name.err"; then
		echo "$name: failed:" >&2
		tail -n 5 "$O/$name.err" | sed 's/^/	/' >&2
		tail -n 1 "$O/$name.t" | sed 's/^/	/' >&2
		return 1
	fi
	t=$(tail -n 1 "$O/$name.t")
	if [ -z "${best[$name]:-}" ] ||
	    awk -v a="${t%% *}" -v b="${best[$name]%% *}" \
	    'BEGIN { exit !(a < b) }'; then
		best[$name]=$t
	fi
}

# shellcheck disable=SC2016
HOURS_FILTER='$status == "attended" || $status == "late" ||
    $status == "left_early"'

if [ $iop_ok = 1 ]; then
	# To standard output, as the other tools write (iop-hours has read
	# and checked all its input before it writes) ...
	# shellcheck disable=SC2086
	want iop-hours && tool iop-hours "$IOP" $iop_flags "$LOG"
	# ... and with -o, which also fsyncs the report before renaming it
	# into place: what a cron job should use.
	# shellcheck disable=SC2086
	want iop-hours && want iop-hours-o && tool iop-hours-o "$IOP" \
	    $iop_flags "$LOG" -o "$O/iop-hours-o.csv"
	# The YAML log, the report in CSV as from the others.
	# shellcheck disable=SC2086
	want iop-hours-yaml && tool iop-hours-yaml "$IOP" $iop_flags \
	    -O csv "$YLOG"
fi
want csvcount && tool csvcount $B/csvcount "$LOG"
want yamlcount && tool yamlcount $B/yamlcount "$YLOG"
want wc && tool wc wc -l "$LOG"
want mlr && have mlr && tool mlr mlr --icsv --ocsv --headerless-csv-output \
    filter "$HOURS_FILTER" "then" put -q -f $B/hours.mlr "$LOG"
want mawk && have mawk && tool mawk mawk -f $B/hours.awk "$LOG"
want gawk && have gawk && tool gawk gawk -f $B/hours.awk "$LOG"
want sqlite3 && have sqlite3 && tool sqlite3 sqlite3 :memory: \
    -cmd ".import --csv '$LOG' log" ".read $B/hours.sql"
[ $duck_ok = 1 ] && tool duckdb node $B/hours-duckdb.mjs "$DUCK" "$LOG" \
    "$O/duckdb.raw.csv"

# Bring the logs into the page cache, so the first tool pays no more
# for the disk than the others.
cat "$LOG" >/dev/null
[ -n "${YSIZE:-}" ] && cat "$YLOG" >/dev/null

for ((round = 1; round <= RUNS; round++)); do
	echo "round $round of $RUNS:$order"
	for name in $order; do
		[ -n "${broken[$name]:-}" ] && continue
		timed "$name" || broken[$name]=1
	done
done
ran=""
for name in $order; do
	[ -n "${broken[$name]:-}" ] && continue
	echo "${best[$name]}" >"$O/$name.time"
	ran="$ran $name"
done
[ -f "$O/iop-hours.raw" ] && cp "$O/iop-hours.raw" "$O/iop-hours.csv"
[ -f "$O/iop-hours-yaml.raw" ] &&
    cp "$O/iop-hours-yaml.raw" "$O/iop-hours-yaml.csv"

# ---- results, as sorted client_id,week,hours lines ----

# iop_lines NAME: from iop-hours's report $O/NAME.csv, pick the columns
# by name; drop weeks of 0.00 hours (only missed sessions); print hours
# as N.NN.
iop_lines() {
	local cols report=$O/$1.csv
	cols=$(head -n 1 "$report" | tr -d '\r')
	for c in client_id week hours; do
		case ",$cols," in
		*",$c,"*) ;;
		*)
			echo "iop-hours: no column $c in its output: $cols" >&2
			return 1
			;;
		esac
	done
	if have mlr; then
		mlr --icsv --ocsv --headerless-csv-output \
		    cut -o -f client_id,week,hours "$report"
	else
		# Without Miller: split the header naively on commas.
		awk -F, 'NR == 1 {
			for (i = 1; i <= NF; i++) c[$i] = i
			next
		}
		{ print $c["client_id"] "," $c["week"] "," $c["hours"] }' \
		    "$report"
	fi | awk -F, '{
		if ($3 !~ /^[0-9]+(\.[0-9]*)?$/) { print; next }
		h = int($3 * 100 + 0.5)
		if (h != 0)
			printf "%s,%s,%d.%02d\n", $1, $2, int(h / 100), h % 100
	}'
}

for t in $ran; do
	case $t in
	iop-hours-o) ;;
	iop-hours | iop-hours-yaml)
		iop_lines "$t" >"$O/$t.unsorted" ||
		    { rm -f "$O/$t.unsorted"; continue; }
		LC_ALL=C sort "$O/$t.unsorted" >"$O/$t.txt"
		rm -f "$O/$t.unsorted"
		;;
	duckdb) LC_ALL=C sort "$O/duckdb.raw.csv" >"$O/$t.txt" ;;
	csvcount | yamlcount | wc) ;;
	*) LC_ALL=C sort "$O/$t.raw" >"$O/$t.txt" ;;
	esac
done

# The reference: iop-hours, else the first tool with a result.
ref=""
for t in iop-hours iop-hours-yaml sqlite3 duckdb gawk mawk mlr; do
	if [ -f "$O/$t.txt" ]; then
		ref=$t
		break
	fi
done

agree() {
	case $1 in
	csvcount)
		if [ "$(cat "$O/csvcount.raw")" = \
		    "$((8 * (ROWS + 1))) fields $((ROWS + 1)) rows" ]; then
			echo "count ok"
		else
			echo "COUNT BAD"
		fi
		;;
	yamlcount)
		if [ "$(cat "$O/yamlcount.raw")" = \
		    "$((16 * ROWS)) scalars $ROWS mappings $ROWS documents" ]
		then
			echo "count ok"
		else
			echo "COUNT BAD"
		fi
		;;
	wc) echo "-" ;;
	iop-hours-o)
		if cmp -s "$O/iop-hours-o.csv" "$O/iop-hours.csv"; then
			echo "same report"
		else
			echo "NOT THE SAME REPORT"
		fi
		;;
	*)
		if [ ! -f "$O/$1.txt" ]; then
			echo "no result"
		elif [ "$1" = "$ref" ]; then
			echo "ref"
		elif cmp -s "$O/$1.txt" "$O/$ref.txt"; then
			echo "yes"
		else
			echo "NO ($(LC_ALL=C comm -3 "$O/$1.txt" "$O/$ref.txt" |
			    wc -l) lines differ)"
		fi
		;;
	esac
}

secs() { cut -d ' ' -f 1 "$O/$1.time"; }

echo
[ -n "$ref" ] && echo "reference: $ref, $(wc -l <"$O/$ref.txt")" \
    "client-weeks with hours"
[ "$RUNS" -gt 1 ] && echo "fastest of $RUNS runs each"
echo
printf '%-14s %9s %9s %9s  %s\n' tool seconds "RSS MB" "x iop" agree
printf '%-14s %9s %9s %9s  %s\n' -------------- --------- --------- --------- -----
base=""
[ -f "$O/iop-hours.time" ] && base=$(secs iop-hours)
for t in iop-hours iop-hours-o csvcount wc mlr mawk gawk sqlite3 duckdb \
    iop-hours-yaml yamlcount; do
	[ -f "$O/$t.time" ] || continue
	read -r s kb <"$O/$t.time"
	awk -v t="$t" -v s="$s" -v kb="$kb" -v b="$base" -v a="$(agree "$t")" \
	    'BEGIN {
		r = (b != "" && b > 0) ? sprintf("%.2f", s / b) : "-"
		printf "%-14s %9.2f %9.1f %9s  %s\n", t, s, kb / 1024, r, a
	}'
done

echo
if [ -n "$base" ]; then
	[ -f "$O/csvcount.time" ] && awk -v i="$base" -v c="$(secs csvcount)" \
	    'BEGIN { r = c > 0 ? i / c : 0
		printf "iop-hours / csvcount: %.2fx (target <= 1.6x: %s)\n",
		    r, (r <= 1.6 ? "met" : "NOT met") }'
	[ -f "$O/duckdb.time" ] && awk -v i="$base" -v d="$(secs duckdb)" \
	    'BEGIN { printf "iop-hours / duckdb: %.2fx (target < 1x: %s)\n",
		    (d > 0 ? i / d : 0), (i < d ? "met" : "NOT met") }'
	# Memory by client-weeks (the report's rows): peak RSS less the
	# program's own 5.2 MiB (bench/README.md, "Memory").
	[ -f "$O/iop-hours.csv" ] && awk -v n="$(($(wc -l <"$O/iop-hours.csv") - 1))" \
	    -v kb="$(cut -d ' ' -f 2 "$O/iop-hours.time")" \
	    'BEGIN { b = n > 0 ? (kb - 5200) * 1024 / n : 0
		printf "iop-hours memory: %.1f bytes a client-week, %d of " \
		    "them (the 5.2 MiB set aside counts most on a small log)\n",
		    b, n }'
fi
[ -f "$O/iop-hours-yaml.time" ] && [ -f "$O/yamlcount.time" ] &&
    awk -v i="$(secs iop-hours-yaml)" -v c="$(secs yamlcount)" \
    'BEGIN { r = c > 0 ? i / c : 0
	printf "iop-hours-yaml / yamlcount: %.2fx (target <= 1.5x: %s)\n",
	    r, (r <= 1.5 ? "met" : "NOT met") }'
# When iop-hours is the reference, do the others agree among themselves?
if [ "$ref" = iop-hours ]; then
	other="" same=yes
	for t in sqlite3 duckdb gawk mawk mlr; do
		[ -f "$O/$t.txt" ] || continue
		if [ -z "$other" ]; then
			other=$t
		elif ! cmp -s "$O/$t.txt" "$O/$other.txt"; then
			same=no
		fi
	done
	[ -n "$other" ] && echo "the others agree with each other: $same"
fi
echo "outputs and messages: $O/"

# Exit 1 if a result disagrees.
for t in $ran; do
	case $(agree "$t") in
	NO* | "COUNT BAD" | "no result" | "NOT THE SAME REPORT") exit 1 ;;
	esac
done
exit 0
