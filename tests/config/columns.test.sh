#!/usr/bin/env bash
# `columns:` chooses the table's columns and their order.
. "$(dirname "$0")/../lib.sh"
cd "$TESTTMP" || exit 1
export TZ=UTC LC_ALL=C.UTF-8 LINES=12 COLUMNS=100 TERM=xterm
printf 'columns: [cumtime, pct-cum, name, ncalls]\n' > cols.yaml
printf ':sort cumulative\n:save-display screen.txt\n' > keys
"$PROFTOP" --config cols.yaml --script keys "$SRCDIR/data/sample.prof" > out 2>&1
check "columns: the table opens with the configured columns" test $? -eq 0
titles=$(sed -n 3p screen.txt)
check "columns: titles in the configured order" \
	grep -qE '^ *cumtime.* +%cum filename:lineno\(function\) +ncalls$' <<<"$titles"
check "columns: unlisted columns are gone" bash -c '! grep -q tottime <<<"$1"' _ "$titles"
row=$(sed -n 4p screen.txt)
check "columns: a row ends with its call count" grep -qE '[0-9]+\.[0-9]{3} +[0-9.]+ .+ [0-9/]+$' <<<"$row"
# Clicking a title sorts by the column under the click, wherever it is.
printf '<Click 95,2>\n:save-display clicked.txt\n' > click
"$PROFTOP" --config cols.yaml --script click "$SRCDIR/data/sample.prof" > out 2>&1
check "columns: a click on a moved title sorts by it" grep -q 'sort: call count' clicked.txt
