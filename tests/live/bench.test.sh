#!/usr/bin/env bash
# Live reload cost on a 1 MB dump (timings printed, not judged: they depend
# on the machine and the build); checks that every reload shows its version.
. "$(dirname "$0")/../lib.sh"
bench=$BUILDDIR/tests/live/live_bench
py3=$(newest_python3)
if [ ! -x "$bench" ]; then
	skip "live bench: $bench not built (make check-programs)"
	exit 0
fi
if [ -z "$py3" ]; then
	skip "live bench: no Python 3 to make the dump"
	exit 0
fi
# about 1 MB
"$py3" "$SRCDIR/bench/gen_synth.py" 5000 "$TESTTMP/a.prof" 4 || { fail "live bench: dump made"; exit 0; }
"$py3" "$SRCDIR/tests/live/bump.py" "$TESTTMP/a.prof" "$TESTTMP/b.prof" 5
"$bench" "$TESTTMP/a.prof" "$TESTTMP/b.prof" 20
