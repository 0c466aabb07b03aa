#!/usr/bin/env bash
# --write-callgrind's cost against a --print that reads every caller edge
# too (--callers) of the same dump (issue 15): the callgrind file used to
# read the 40-byte caller edges at random, one cache miss per call, and
# printf'd every line; laid out by caller and formatted once per function
# it costs about 3x such a read.  CPU seconds from wait4 (bench/measure.py;
# GNU time counts in hundredths, and a --print of this dump takes a few),
# the least of three runs each: a ratio on one machine in one run, so a
# loaded machine moves both alike.  Skipped under sanitizers.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
if [ -z "$py" ]; then
	skip "callgrind speed: needs Python 3"
	exit 0
fi
if ldd "$PROFTOP" 2>/dev/null | grep -q libasan || grep -q __asan_init "$PROFTOP"; then
	skip "callgrind speed: a sanitizer build"
	exit 0
fi
dump=$TESTTMP/wide.prof
"$py" "$SRCDIR/bench/gen_synth.py" --shape wide 40000 "$dump" >/dev/null

cpu() {   # least CPU seconds (user + system) of three runs of ARGS...
	local cpu
	read -r _ _ cpu < <("$py" "$SRCDIR/bench/measure.py" 3 /dev/null -- "$@" 2>/dev/null) &&
		[ -n "$cpu" ] && echo "$cpu" || echo fail
}
p=$(cpu "$PROFTOP" --print --callers --sort cumulative --limit 40 "$dump")
c=$(cpu "$PROFTOP" --write-callgrind "$TESTTMP/out.cg" "$dump")
if [ "$p" = fail ] || [ "$c" = fail ]; then
	fail "callgrind speed: a run failed"
elif awk -v p="$p" -v c="$c" 'BEGIN { exit !(c <= 6 * p) }'; then
	pass "callgrind speed: --write-callgrind ${c}s CPU within 6x --print --callers' ${p}s"
else
	fail "callgrind speed: --write-callgrind ${c}s CPU, more than 6x --print --callers' ${p}s"
fi
