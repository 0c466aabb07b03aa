#!/usr/bin/env bash
# The detail view (callers/callees panes, walking, history) and the call
# tree (expand, collapse, hottest path, cycles), through the headless
# harness, compared with golden screens in tests/ui/golden/.
. "$(dirname "$0")/../lib.sh"
here=$SRCDIR/tests/ui
py=$(newest_python3)
[ -n "$py" ] || { skip "detail: no Python 3 to make the dump"; exit 0; }
cd "$TESTTMP" || exit 1
"$py" "$here/mkcalls.py" calls.prof
touch -d '2026-01-02 03:04:05 UTC' calls.prof
export TZ=UTC LC_ALL=C.UTF-8 LINES=24 COLUMNS=100 TERM=xterm
for keys in detail-hot detail-tree detail-filter tree-mouse detail-mouse tree-hide; do
	"$PROFTOP" --script "$here/$keys.keys" calls.prof > "$keys.out" 2>&1
	check "detail: script $keys runs to the end" test $? -eq 0
done
for golden in "$here"/golden/detail-*.txt "$here"/golden/tree-*.txt; do
	name=$(basename "$golden")
	same_text "detail: screen $name" "$golden" "$name"
done
# Leaving the detail view returns to the table, cursor where it was.
check "detail: Backspace from the first function returns to the table" \
	grep -q '^   ncalls  tottime  percall' table-after-back.txt
check "detail: Left from the first function returns to the table" \
	grep -q '^   ncalls  tottime  percall' table-after-left.txt

# The pane titles' arrow marks the column the panes are sorted by: the
# table's sort when the detail view opens, then :sort's (it stayed on
# cumtime whatever the sort was).
printf ':sort time\n<Enter>\n:save-display arrow-time.txt\n:sort stdname\n:save-display arrow-name.txt\n:sort cumulative,name\n:save-display arrow-none.txt\n' > arrow.keys
"$PROFTOP" --script arrow.keys calls.prof > arrow.out 2>&1
check "detail: the arrow follows the table's sort (tottime)" grep -qE '^ +ncalls +tottime▼ +cumtime +share' arrow-time.txt
check "detail: the arrow follows :sort (function)" grep -qE 'share +function▼' arrow-name.txt
check "detail: no arrow for a sort no column shows" grep -qE '^ +ncalls +tottime +cumtime +share +function *$' arrow-none.txt

# p in the detail view or the tree changes the table's path mode, whose
# profile numbers its functions differently: both views follow the same
# functions (they showed the old ids in the new profile: zeros, no callers).
printf ':search handler\n<Enter>\np\n:save-display path-detail.txt\nt\np\n:save-display path-tree.txt\nq\np\n:save-display path-back.txt\n' > path.keys
"$PROFTOP" --script path.keys calls.prof > path.out 2>&1
check "detail: p keeps the function (short paths)" \
	grep -qE '^ +100 +0\.500 +6\.000 +[0-9.]+% app\.py:10\(handler\)$' path-detail.txt
check "detail: p keeps its callers" grep -q '^Called by (1)' path-detail.txt
check "detail: p in the tree keeps its root (unique paths)" \
	grep -qE '^100\.0% +6\.000 +100 +. app\.py:10\(handler\)$' path-tree.txt
check "detail: back to full paths, the detail view follows" \
	grep -qE '^ +100 +0\.500 +6\.000 +[0-9.]+% /srv/app/app\.py:10\(handler\)$' path-back.txt
