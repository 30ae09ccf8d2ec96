# hours.awk: the iop-hours computation in POSIX awk (runs under mawk and
# gawk).  For each client and ISO week, the hours of the rows whose status
# is attended, late or left_early, rounded half up to hundredths on the
# exact minute count.  Prints unsorted "client_id,week,hours" lines.
#
#	awk -f bench/hours.awk log.csv
#	awk -v isotest=1 -f bench/hours.awk DATE...	(prints DATE WEEK)
#
# Columns are found by their header names.  Fields are split on commas,
# so the columns used must not be quoted; a quoted field may hold commas,
# quotes and newlines only in the last column (notes, in bench/gen's
# logs).  Quote parity tells which physical lines continue a record.

# Days since 1970-01-01 of a proleptic Gregorian date.
function days(y, m, d,    era, yoe, doy) {
	if (m <= 2)
		y--
	era = int((y >= 0 ? y : y - 399) / 400)
	yoe = y - era * 400
	doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
	return era * 146097 + yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy - 719468
}

# "YYYY-Www" of a "YYYY-MM-DD" date: the week of its Thursday.
function isoweek(s,    y, n, wd, th, ty) {
	y = substr(s, 1, 4) + 0
	n = days(y, substr(s, 6, 2) + 0, substr(s, 9, 2) + 0)
	wd = ((n + 3) % 7 + 7) % 7		# 0 Monday ... 6 Sunday
	th = n - wd + 3
	ty = y
	if (th < days(y, 1, 1))
		ty = y - 1
	else if (th >= days(y + 1, 1, 1))
		ty = y + 1
	return sprintf("%04d-W%02d", ty, int((th - days(ty, 1, 1)) / 7) + 1)
}

BEGIN {
	FS = ","
	if (isotest) {
		for (i = 1; i < ARGC; i++)
			print ARGV[i], isoweek(ARGV[i])
		exit
	}
}

NR == 1 {
	for (i = 1; i <= NF; i++)
		col[$i] = i
	cid = col["client_id"]; cdate = col["date"]; cst = col["start"]
	cend = col["end"]; cstat = col["status"]
	if (!cid || !cdate || !cst || !cend || !cstat) {
		print "hours.awk: missing column in header" > "/dev/stderr"
		exit 1
	}
	next
}

# Inside a quoted field that spans lines: an odd number of quotes on
# this line closes it.
inq {
	t = $0
	if (gsub(/"/, "", t) % 2)
		inq = 0
	next
}

{
	if (index($0, "\"")) {
		t = $0
		if (gsub(/"/, "", t) % 2)
			inq = 1
	}
	s = $cstat
	if (s != "attended" && s != "late" && s != "left_early")
		next
	d = $cdate
	if (!(d in wk))
		wk[d] = isoweek(d)
	a = $cst
	b = $cend
	min[$cid "," wk[d]] += substr(b, 1, 2) * 60 + substr(b, 4, 2) - \
	    substr(a, 1, 2) * 60 - substr(a, 4, 2)
}

END {
	if (isotest)
		exit
	for (k in min) {
		h = int((min[k] * 100 + 30) / 60)
		printf "%s,%d.%02d\n", k, int(h / 100), h % 100
	}
}
