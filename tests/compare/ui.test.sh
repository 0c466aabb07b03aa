#!/usr/bin/env bash
# Golden screens of issue 10 in the UI: path modes, hidden functions, shares,
# the diff view and its edge deltas, driven headless by key scripts.
#
# Each tests/compare/cases/NAME.keys runs in a directory holding t.prof
# (tests/ui/mkdump.py table), old.prof and new.prof (tests/diff/
# make_pair.py), against tests/compare/golden/NAME/ (golden_cases in
# tests/lib.sh says how; UPDATE=1 rewrites the golden files).
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
if [ -z "$py" ]; then
	skip "compare ui: no Python 3 to write the dumps"
	exit 0
fi
export TZ=UTC LC_ALL=C.UTF-8
data=$TESTTMP/data
mkdir -p "$data"
"$py" "$SRCDIR/tests/ui/mkdump.py" table "$data/t.prof"
"$py" "$SRCDIR/tests/diff/make_pair.py" "$data/old.prof" "$data/new.prof"

golden_cases "compare ui" "$SRCDIR/tests/compare/cases" "$SRCDIR/tests/compare/golden" "$data"
