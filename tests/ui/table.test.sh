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

# Short paths where no two functions merge keep the full table's order
# (not sorted again): the same rows as the table opened in short mode and
# sorted there, ties included, under each sort and back in full mode.
cd "$TESTTMP" || exit 1
"$py" "$SRCDIR/tests/ui/mkdump.py" big 60 "$data/b.prof"
for sort in cumulative calls pcalls tottime; do
	printf '%s\n' ":sort $sort" p p ':save-display toggled.txt' p ':save-display back.txt' q >toggle.keys
	printf '%s\n' ":sort $sort" ':save-display opened.txt' q >open.keys
	TERM=xterm LINES=80 COLUMNS=120 "$PROFTOP" --script toggle.keys "$data/b.prof" >/dev/null 2>&1
	TERM=xterm LINES=80 COLUMNS=120 "$PROFTOP" --path short --script open.keys "$data/b.prof" >/dev/null 2>&1
	grep -E '\(f[0-9]+\)$' toggled.txt >toggled.rows
	grep -E '\(f[0-9]+\)$' opened.txt >opened.rows
	check "ui: short paths, nothing merged, by $sort: 60 rows" test "$(wc -l <toggled.rows)" = 60
	same_text "ui: short paths, nothing merged, by $sort: the order sorted afresh" opened.rows toggled.rows
	TERM=xterm LINES=80 COLUMNS=120 "$PROFTOP" --script open.keys "$data/b.prof" >/dev/null 2>&1
	grep -E '\(f[0-9]+\)$' back.txt >back.rows
	grep -E '\(f[0-9]+\)$' opened.txt >opened.rows
	same_text "ui: short paths, nothing merged, by $sort: full again, as sorted afresh" opened.rows back.rows
done
