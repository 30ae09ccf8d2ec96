#!/bin/sh
# Line numbers past notes of over 16 bytes with a line feed in them, in
# a column iop-hours does not read (csvin.c's field_long() counts their
# line feeds and keeps no byte of them).  Only the blocks after the
# first (64 KiB) take that path, so the log is 2,000 rows of about 80
# bytes, each on two lines: data row i (from 0) starts on line 2 + 2i.
. "$(dirname "$0")/lib.sh"

mklog() {	# mklog BADROW: the log on stdout, row BADROW's end 25:00
	awk -v bad="$1" 'BEGIN {
		print "client_id,date,start,end,service,status,notes"
		for (i = 0; i < 2000; i++)
			printf "C%d,2026-11-%02d,09:00,%s,group,attended," \
			    "\"a note of more than\nsixteen bytes\"\n", i % 7,
			    16 + i % 14, i == bad ? "25:00" : "12:00"
	}'
}
msg="field 'end' is not a time (HH:MM, or 24:00 for the end of the day)"

# row 1,499, well past the first block: line 2 + 2 * 1499 = 3000
mklog 1499 >"$scratch/late.csv"
check "an error after 1,499 two-line rows: line 3000" [ \
    "$(cd "$scratch" && iop-hours late.csv 2>&1 >/dev/null)" = \
    "iop-hours: late.csv:3000: $msg" ]
check "the same read in two halves: line 3000" [ \
    "$(cd "$scratch" && IOP_TEST_SPLIT_MIN=2 iop-hours late.csv \
    2>&1 >/dev/null)" = "iop-hours: late.csv:3000: $msg" ]
# the last row: line 2 + 2 * 1999 = 4000
mklog 1999 >"$scratch/last.csv"
check "an error in the last row: line 4000" [ \
    "$(cd "$scratch" && iop-hours last.csv 2>&1 >/dev/null)" = \
    "iop-hours: last.csv:4000: $msg" ]
check "the same read in two halves: line 4000" [ \
    "$(cd "$scratch" && IOP_TEST_SPLIT_MIN=2 iop-hours last.csv \
    2>&1 >/dev/null)" = "iop-hours: last.csv:4000: $msg" ]

# A byte over 0x7f or a NUL in a later block, at each of 32 places
# relative to the block's start (the block scan looks at 32 bytes a
# turn): the note of data row 3,000 (line 3002), after k bytes of "y".
badlog() {	# badlog K: the log on stdout, "@" to become the bad byte
	awk -v k="$1" 'BEGIN {
		print "client_id,date,start,end,service,status,notes"
		for (i = 0; i < 4000; i++) {
			note = "x"
			if (i == 3000) {
				note = ""
				for (j = 0; j < k; j++) note = note "y"
				note = note "@z"
			}
			printf "C%d,2026-11-%02d,09:00,12:00,group,attended,%s\n",
			    i % 7, 16 + i % 14, note
		}
	}'
}
utf8="column 7 is not valid UTF-8 text (or holds a NUL byte); from another encoding, convert the file with iop-import --encoding (windows-1252, say)"
high=0 nul=0
for k in $(seq 0 31); do
	badlog "$k" | tr '@' '\377' >"$scratch/high.csv"
	badlog "$k" | tr '@' '\000' >"$scratch/nul.csv"
	[ "$(cd "$scratch" && iop-hours high.csv 2>&1 >/dev/null)" = \
	    "iop-hours: high.csv:3002: $utf8" ] && high=$((high + 1))
	[ "$(cd "$scratch" && iop-hours nul.csv 2>&1 >/dev/null)" = \
	    "iop-hours: nul.csv:3002: $utf8" ] && nul=$((nul + 1))
done
check "a byte 0xff at each of 32 places: line 3002 ($high of 32)" [ "$high" = 32 ]
check "a NUL at each of 32 places: line 3002 ($nul of 32)" [ "$nul" = 32 ]
# Read in two halves, the second starts after the first line feed past
# the middle with an even number of quotes before it: the quotes of the
# blocks wholly before the middle are counted 16 bytes at a time.  Half
# the line feeds here are inside quoted notes, so a miscount starts the
# second half inside a note.  The report must be the whole read's.  The
# first note is padded by 0, 7, ... 49 bytes, so that the end of the
# first 64 KiB block (about 160 KB in all: wholly before the middle)
# falls in a different place of a row each time.
same=0
for pad in 0 7 14 21 28 35 42 49; do
	awk -v pad="$pad" 'BEGIN {
		print "client_id,date,start,end,service,status,notes"
		for (i = 0; i < 2000; i++) {
			p = ""
			if (i == 0) for (k = 0; k < pad; k++) p = p "p"
			printf "C%d,2026-11-%02d,09:00,12:00,group,attended," \
			    "\"a note of more than%s\nsixteen bytes\"\n", i % 7,
			    16 + i % 14, p
		}
	}' >"$scratch/q.csv"
	IOP_TEST_SPLIT_MIN= iop-hours "$scratch/q.csv" >"$scratch/whole" 2>&1 &&
	    IOP_TEST_SPLIT_MIN=2 iop-hours "$scratch/q.csv" >"$scratch/split" 2>&1 &&
	    cmp -s "$scratch/whole" "$scratch/split" && same=$((same + 1))
done
check "8 logs with multi-line notes: split as whole ($same of 8)" [ "$same" = 8 ]
done_testing
