# bench/screen.awk: what a clinic might script instead of iop-screen on
# PHQ-9 and GAD-7 intakes: the totals and bands only (no missing-item
# rules, safety, dimensions, level or reasons).  Writes
# client_id,phq9_total,phq9_band,gad7_total,gad7_band.
BEGIN { FS = OFS = "," }
NR == 1 {
	for (i = 1; i <= NF; i++) col[$i] = i
	print "client_id", "phq9_total", "phq9_band", "gad7_total", "gad7_band"
	next
}
{
	p = 0; for (i = 1; i <= 9; i++) p += $(col["phq9_" i])
	g = 0; for (i = 1; i <= 7; i++) g += $(col["gad7_" i])
	pb = p >= 20 ? "severe" : p >= 15 ? "moderately_severe" : \
	    p >= 10 ? "moderate" : p >= 5 ? "mild" : "minimal"
	gb = g >= 15 ? "severe" : g >= 10 ? "moderate" : g >= 5 ? "mild" : \
	    "minimal"
	print $(col["client_id"]), p, pb, g, gb
}
