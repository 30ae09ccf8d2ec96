#!/bin/sh
# The crontab lines of the man pages and the README, pasted as they
# read (mandoc's rendering, not the source), work: cron's \% becomes %,
# an unescaped % (which cron would cut the command at) is a failure,
# and each iop program a line runs exits 0 or 1, never 2, in a
# directory that holds the examples under the names the lines use.
. "$(dirname "$0")/lib.sh"
if ! command -v mandoc >/dev/null 2>&1; then
	echo "1..0 # SKIP mandoc is not installed"
	exit 0
fi
srv=$scratch/srv
mkdir -p "$srv" "$scratch/reports" "$scratch/wrap"
# a pipe hides the status of all but its last command: each program
# runs through a wrapper that notes its own
for p in "$TOP"/cmd/iop-*; do
	case $p in *.c|*.o) continue ;; esac
	[ -x "$p" ] || continue
	printf '#!/bin/sh\n"%s" "$@"\nrv=$?\necho $rv >>"%s"\nexit $rv\n' \
	    "$p" "$scratch/statuses" >"$scratch/wrap/${p##*/}"
	chmod +x "$scratch/wrap/${p##*/}"
done
cp "$TOP/examples/roster.csv" "$TOP/examples/sessions.csv" "$srv"/
cp "$TOP/examples/attendance.csv" "$srv/log.csv"

# "SOURCE: the command", one a line, from every page and the README
{
	for m in "$TOP"/man/*.[157]; do
		mandoc -T ascii "$m" | col -bx | sed -n \
		    's|^ *[0-9*][0-9*,/-]* [0-9*][0-9*,/-]* [0-9*][0-9*,/-]* [0-9*][0-9*,/-]* [0-9*][0-9*,/-]*  *\(.*\)$|'"${m##*/}"': \1|p'
	done
	sed -n 's|^ *[0-9*][0-9*,/-]* [0-9*][0-9*,/-]* [0-9*][0-9*,/-]* [0-9*][0-9*,/-]* [0-9*][0-9*,/-]*  *\(.*\)$|README.md: \1|p' \
	    "$TOP/README.md"
} >"$scratch/lines"
check "the pages and the README hold crontab lines" test -s "$scratch/lines"

while IFS= read -r line; do
	src=${line%%: *}
	job=${line#*: }
	case $job in
	*[!\\]%*|%*)
		not_ok "$src: a % that cron would cut the command at: $job"
		continue ;;
	esac
	job=$(printf '%s\n' "$job" | sed -e 's/\\%/%/g' \
	    -e "s|cd /srv/iop|cd $srv|" -e "s|/srv/reports/|$scratch/reports/|")
	rm -f "$scratch"/reports/* "$srv"/hours-*.csv "$scratch/statuses"
	(cd "$srv" && PATH="$scratch/wrap:$PATH" sh -c "$job" >/dev/null \
	    2>"$scratch/err")
	rv=$?
	if [ "$rv" -le 1 ] && [ -s "$scratch/statuses" ] &&
	    ! grep -qv '^[01]$' "$scratch/statuses"; then
		ok "$src: exits $rv: $job"
	else
		not_ok "$src: exits $rv: $job"
		sed 's/^/#   /' "$scratch/err"
	fi
	# a report named for a week holds that week (field 2 is week)
	for f in "$scratch"/reports/hours-*.csv "$srv"/hours-*.csv; do
		[ -f "$f" ] || continue
		w=${f##*/hours-}
		w=${w%.csv}
		check "$src: ${f##*/} reports the week it is named for" \
		    awk -F, -v w="$w" 'NR > 1 && $2 != w { bad = 1 }
			END { exit bad }' "$f"
	done
done <"$scratch/lines"
done_testing
