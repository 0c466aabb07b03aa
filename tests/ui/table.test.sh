#!/usr/bin/env bash
# Golden screens of the interactive table, driven headless by key scripts:
# each tests/ui/cases/NAME.keys against tests/ui/golden/NAME/ (golden_cases
# in tests/lib.sh says how; UPDATE=1 rewrites the golden files).
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
if [ -z "$py" ]; then
	skip "ui golden screens: no Python 3 to write the dumps"
	exit 0
fi
export TZ=UTC LC_ALL=C.UTF-8
data=$TESTTMP/data
mkdir -p "$data"
"$py" "$SRCDIR/tests/ui/mkdump.py" table "$data/t.prof"
"$py" "$SRCDIR/tests/ui/mkdump.py" hostile "$data/h.prof"
"$py" "$SRCDIR/tests/ui/mkdump.py" wide "$data/w.prof"
# pstats' header shows the file's mtime: pin it
touch -d '2026-01-02 03:04:05' "$data/t.prof" "$data/h.prof" "$data/w.prof"

golden_cases "ui" "$SRCDIR/tests/ui/cases" "$SRCDIR/tests/ui/golden" "$data"
