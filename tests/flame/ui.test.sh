#!/usr/bin/env bash
# Golden screens of the flame view (issue 18), driven headless by key
# scripts: tests/flame/cases/NAME.keys against tests/flame/golden/NAME/ on
# data/sample.prof (s.prof) and the exact stacks of mkstacks.py (ex.prof).
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
if [ -z "$py" ]; then
	skip "flame ui: no Python 3 to write the dumps"
	exit 0
fi
data=$TESTTMP/data
mkdir -p "$data"
cp "$SRCDIR/data/sample.prof" "$data/s.prof"
"$py" "$SRCDIR/tests/flame/mkstacks.py" exact "$data/ex.prof"
golden_cases "flame ui" "$SRCDIR/tests/flame/cases" "$SRCDIR/tests/flame/golden" "$data"
