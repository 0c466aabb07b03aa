#!/usr/bin/env bash
# --write-callgrind's cost against --print's on the same dump (issue 15):
# the callgrind file used to read the 40-byte caller edges at random, one
# cache miss per call, and printf'd every line, 8x a --print of the same
# dump; laid out by caller and formatted once per function it is about 4x.
# CPU seconds, the least of three runs each: a ratio on one machine in one
# run, so a loaded machine moves both alike.  Skipped under sanitizers.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
if [ -z "$py" ] || [ ! -x /usr/bin/time ]; then
	skip "callgrind speed: needs Python 3 and GNU time"
	exit 0
fi
if ldd "$PROFTOP" 2>/dev/null | grep -q libasan || grep -q __asan_init "$PROFTOP"; then
	skip "callgrind speed: a sanitizer build"
	exit 0
fi
dump=$TESTTMP/wide.prof
"$py" "$SRCDIR/bench/gen_synth.py" --shape wide 40000 "$dump" >/dev/null

cpu() {   # least CPU seconds (user + system) of three runs of ARGS...
	local best="" i t
	for i in 1 2 3; do
		/usr/bin/time -f '%U %S' -o "$TESTTMP/t" "$@" >/dev/null 2>&1 || { echo fail; return; }
		t=$(awk '{ print $1 + $2 }' "$TESTTMP/t")
		if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
	done
	echo "$best"
}
p=$(cpu "$PROFTOP" --print --sort cumulative --limit 40 "$dump")
c=$(cpu "$PROFTOP" --write-callgrind "$TESTTMP/out.cg" "$dump")
if [ "$p" = fail ] || [ "$c" = fail ]; then
	fail "callgrind speed: a run failed"
elif awk -v p="$p" -v c="$c" 'BEGIN { exit !(c <= 6 * (p > 0.01 ? p : 0.01)) }'; then
	pass "callgrind speed: --write-callgrind ${c}s CPU within 6x --print's ${p}s"
else
	fail "callgrind speed: --write-callgrind ${c}s CPU, more than 6x --print's ${p}s"
fi
