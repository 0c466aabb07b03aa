#!/usr/bin/env bash
# --write-callgrind: the file callgrind_annotate (Debian valgrind) reads,
# with the same total as pstats, and the same as pyprof2calltree (Debian
# pyprof2calltree) writes for the same dump.  Dumps from every Python 3
# found (tests/data/gen_dumps.py).
. "$(dirname "$0")/../lib.sh"

gen=$SRCDIR/tests/data/gen_dumps.py

# Self costs: the line after each fn= of a block (not after a cfn=).
self_sum() {
	awk '/^fn=/ { getline; s += $2 } END { printf "%d\n", s }' "$1"
}

# What callgrind_annotate lists per function, summed (no source annotation).
annotate_sum() {
	callgrind_annotate --auto=no --threshold=100 "$1" | awk '
		/file:function/ { t = 1; getline; next }
		t && $1 ~ /^[0-9,]+$/ { gsub(",", "", $1); s += $1 }
		END { printf "%d\n", s }'
}

have_annotate=0
command -v callgrind_annotate >/dev/null && have_annotate=1
have_p2c=0
command -v pyprof2calltree >/dev/null && have_p2c=1

found=0
while read -r py; do
	ver=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2]) if sys.version_info[0] == 3 else sys.exit(1)' 2>/dev/null) || continue
	tag=py$ver
	[ "$py" = /usr/bin/python3 ] && tag=py$ver-debian
	d=$TESTTMP/$tag
	mkdir -p "$d"
	"$py" "$gen" "$d" >/dev/null 2>&1 || { fail "$tag: gen_dumps.py failed"; continue; }
	found=1
	c=$d/cprofile-v4.prof
	[ -e "$c" ] || c=$(ls "$d"/cprofile-v*.prof | sort | tail -1)
	if ! "$PROFTOP" --write-callgrind "$d/out.cg" "$c" 2>"$TESTTMP/err"; then
		fail "$tag: --write-callgrind failed"
		sed 's/^/    /' "$TESTTMP/err" | head -3
		continue
	fi
	# Self costs add up to pstats' total time (each truncated to 1 ns, and
	# the float sums round: within one unit per function).
	read -r total nfuncs < <("$py" -c 'import pstats, sys; s = pstats.Stats(sys.argv[1]); print(int(s.total_tt * 1e9), len(s.stats))' "$c")
	sum=$(self_sum "$d/out.cg")
	diff=$((total - sum))
	check "$tag self costs add up to the total time" test "${diff#-}" -le "$nfuncs"
	check "$tag one block per function" test "$(grep -c '^fn=' "$d/out.cg")" -eq "$nfuncs"
	if [ $have_annotate = 1 ]; then
		if callgrind_annotate "$d/out.cg" >"$d/annotate.txt" 2>&1 && grep -q 'PROGRAM TOTALS' "$d/annotate.txt"; then
			pass "$tag callgrind_annotate reads it"
		else
			fail "$tag callgrind_annotate reads it"
			head -5 "$d/annotate.txt" | sed 's/^/    /'
		fi
		check "$tag callgrind_annotate's per-function costs add up" test "$(annotate_sum "$d/out.cg")" -eq "$sum"
		callgrind_annotate --inclusive=yes "$d/out.cg" >"$d/incl.txt" 2>&1
		check "$tag callgrind_annotate --inclusive reads the calls" grep -q 'run' "$d/incl.txt"
	else
		skip "$tag callgrind_annotate: not installed (Debian valgrind)"
	fi
	if [ $have_p2c = 1 ]; then
		if pyprof2calltree -i "$c" -o "$d/p2c.cg" >/dev/null 2>&1; then
			same_text "$tag same as pyprof2calltree" "$d/p2c.cg" "$d/out.cg"
		else
			skip "$tag pyprof2calltree: cannot read this dump"
		fi
	else
		skip "$tag pyprof2calltree: not installed (Debian pyprof2calltree)"
	fi
done < <(pythons)
[ "$found" = 1 ] || { skip "callgrind: no Python 3 found"; exit 0; }

# The profile module's callers hold counts only: calls are still written,
# with the callee's time shared by count, and the file still reads.
p=$d/profile-v4.prof
[ -e "$p" ] || p=$(ls "$d"/profile-v*.prof | sort | tail -1)
"$PROFTOP" --write-callgrind "$d/prof.cg" "$p"
check "profile module dump: calls written" grep -q '^calls=' "$d/prof.cg"
if [ $have_annotate = 1 ]; then
	check "profile module dump: callgrind_annotate reads it" callgrind_annotate "$d/prof.cg"
fi

# A filtered export holds the kept functions and only the calls between them.
"$PROFTOP" --write-callgrind "$d/f.cg" --filter 'fact|is_' "$c"
want=$("$PROFTOP" --print --filter 'fact|is_' "$c" | awk '/^   ncalls/ { t = 1; next } t && $0 == "" { t = 0 } t' | wc -l)
check "filter: one block per kept function" test "$(grep -c '^fn=' "$d/f.cg")" -eq "$want" -a "$want" -gt 0
check "filter: calls only to kept functions" test -z "$(grep '^cfn=' "$d/f.cg" | grep -Ev 'cfn=(fact|is_even|is_odd)')"

# Two functions of a file sharing a name are told apart by line (fn=NAME:LINE).
"$PROFTOP" --write-callgrind "$d/s.cg" --strip "$c"
check "strip: callgrind_annotate reads it" callgrind_annotate "$d/s.cg"
"$PROFTOP" --write-callgrind - "$c" >"$d/stdout.cg"
check "write to stdout" cmp -s "$d/stdout.cg" "$d/out.cg"

# Times no cost can hold (NaN, infinities, beyond 2^63 ns) are refused
# with the function and its time, and no file is written (no undefined
# float-to-int conversion).  Negative times, which the profile module's
# calibration bias gives, are written as they are, truncated as Python's
# int() truncates: the same file as pyprof2calltree's.
py3=$(newest_python3)
e=$TESTTMP/edges
mkdir -p "$e"
"$py3" "$SRCDIR/tests/export/roundtrip_dumps.py" "$e"
"$PROFTOP" --write-callgrind "$e/inf.cg" "$e/float-specials-v4.prof" 2>"$TESTTMP/err"
rc=$?
check "NaN or infinite time: exit 2, no file" test $rc -eq 2 -a ! -e "$e/inf.cg"
check "NaN or infinite time: names the function and the time" \
	grep -q "a.py:1(f): a time of nan seconds cannot be a callgrind cost" "$TESTTMP/err"
"$PROFTOP" --write-callgrind "$e/big.cg" "$SRCDIR/tests/hostile/files/int64-extremes.prof" 2>"$TESTTMP/err"
check "time beyond 2^63 ns: exit 2" test $? -eq 2 -a ! -e "$e/big.cg"
"$PROFTOP" --write-callgrind "$e/neg.cg" "$e/negative-times-v4.prof"
check "negative times written negative" grep -q '^1 -1500$' "$e/neg.cg"
if [ $have_p2c = 1 ]; then
	pyprof2calltree -i "$e/negative-times-v4.prof" -o "$e/p2c.cg" >/dev/null 2>&1
	same_text "negative times: same as pyprof2calltree" "$e/p2c.cg" "$e/neg.cg"
fi
