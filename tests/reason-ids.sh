# reason-ids.sh: YAML records from stdin with each reasons field cut to
# its rule ids (the text before each ':'), for golden tests.
awk '/^reasons: /{ s = substr($0, 10); gsub(/^'\''|'\''$/, "", s);
	n = split(s, p, "; "); out = "reasons:";
	for (i = 1; i <= n; i++) { sub(/:.*/, "", p[i]); out = out " " p[i] }
	print out; next } { print }'
