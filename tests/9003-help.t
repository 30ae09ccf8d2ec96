#!/bin/sh
# Every program's --help matches its man page, so that the two cannot
# drift: the options of the usage line are those of the SYNOPSIS, the
# help lists each of them on a line of its own, and the short and long
# names listed are those of the man page's option list.  -O is in all,
# and no line of the help is wider than 80 columns.
. "$(dirname "$0")/lib.sh"

# The options of mdoc text: "Fl ht" is -h and -t, "Fl -all" is --all.
man_flags() {
	awk '{
		for (i = 1; i < NF; i++)
			if ($i == "Fl" || $i == ".Fl") {
				f = $(i + 1)
				if (f ~ /^-/)
					print "-" f
				else
					for (k = 1; k <= length(f); k++)
						print "-" substr(f, k, 1)
			}
	}' | sort -u
}

synopsis() {
	sed -n '/^\.Sh SYNOPSIS/,/^\.Sh DESCRIPTION/p' "$1" | man_flags
}

# The man page's option list: every .It Fl line.
items() {
	grep '^\.It Fl' "$1" | man_flags
}

# The options of the usage line(s), up to the first blank line.
usage_flags() {
	sed '/^$/q' "$1" | tr '[]|' '   ' | awk '{
		for (i = 1; i <= NF; i++) {
			f = $i
			if (f ~ /^--/)
				print f
			else if (f ~ /^-[A-Za-z]+$/)
				for (k = 2; k <= length(f); k++)
					print "-" substr(f, k, 1)
		}
	}' | sort -u
}

# The option lines after the usage: their first name (as the SYNOPSIS
# has it), or all their names.
listed() {
	sed '1,/^$/d' "$1" | awk -v all="$2" '/^ +-/ {
		sub(/,$/, "", $1)
		print $1
		if (all && $1 !~ /^--/ && $2 ~ /^--/)
			print $2
	}'
}

same() {
	if [ "$(cat "$1")" = "$(cat "$2")" ]; then
		return 0
	fi
	diff "$1" "$2" | sed 's/^/# /'
	return 1
}

# Every program in cmd/, so that a new one is held to it too.
for p in $(cd "$TOP/cmd" && ls iop-*.c | sed 's/\.c$//'); do
	page=$TOP/man/$p.1
	d=$scratch/$p
	mkdir "$d"
	$p --help >"$d/help"
	check "$p --help exits 0" [ $? = 0 ]
	synopsis "$page" >"$d/synopsis"
	usage_flags "$d/help" >"$d/usage"
	check "$p: the usage line has the SYNOPSIS's options" \
	    same "$d/synopsis" "$d/usage"
	listed "$d/help" "" >"$d/first"
	sort -u "$d/first" >"$d/first.u"
	check "$p: --help lists each option once" \
	    [ "$(wc -l <"$d/first")" = "$(wc -l <"$d/first.u")" ]
	check "$p: --help lists the SYNOPSIS's options" \
	    same "$d/synopsis" "$d/first.u"
	items "$page" >"$d/items"
	listed "$d/help" 1 | sort -u >"$d/names"
	check "$p: --help's names are the man page's" \
	    same "$d/items" "$d/names"
	check "$p: -O in the SYNOPSIS and --help" \
	    grep -qx -- -O "$d/synopsis" "$d/first.u"
	check "$p: --help fits in 80 columns" \
	    [ "$(expand "$d/help" | awk 'length > 80' | wc -l)" = 0 ]
done
done_testing
