#!/usr/bin/env bash
# One share everywhere: the table's %cum, the detail view's share, the graph
# of --dot and of e all divide by pstats' total and show a cumulative share
# past 100 as it is; the help screen and the man page say why it can be.
. "$(dirname "$0")/../lib.sh"
cd "$TESTTMP" || exit 1
export TZ=UTC LC_ALL=C.UTF-8 TERM=xterm
py=$(newest_python3)
if [ -z "$py" ]; then
	skip "shares: no Python 3 to write the dump"
	exit 0
fi
# <module> ran 13 s of cumulative time in two threads; their own times add up
# to 10 s, the total pstats prints.
"$py" - over.prof <<'PY'
import marshal, sys
root, work = ('t.py', 1, '<module>'), ('t.py', 5, 'work')
stats = {root: (1, 1, 1.0, 13.0, {}),
         work: (2, 2, 9.0, 12.0, {root: (2, 2, 9.0, 12.0)})}
open(sys.argv[1], 'wb').write(marshal.dumps(stats))
PY
"$PROFTOP" --dot cli.dot over.prof
check "--dot: a share over 100 is shown as it is" grep -qF 'label="t:1:<module>\n130.00%\n(10.00%)' cli.dot
check "--dot: the others over the same total" grep -qF 'label="t:5:work\n120.00%\n(90.00%)' cli.dot
check "--dot: the call too" grep -qF 'label="120.00%\n2' cli.dot
check "--dot: drawn in the colour of 100 %" grep -qF '0 [color="#ff0000"' cli.dot
cat >over.keys <<'KEYS'
:sort cumulative
:export ui.dot
:save-display table.txt
<Enter>
:save-display detail.txt
KEYS
COLUMNS=100 LINES=12 "$PROFTOP" --script over.keys over.prof >/dev/null 2>&1
check "e: the same graph" cmp -s cli.dot ui.dot
check "table: %cum 130.0" grep -qE ' 130\.0 t\.py:1\(<module>\)$' table.txt
check "detail view: 130.0%" grep -qE ' 130\.0% t\.py:1\(<module>\)$' detail.txt

printf '?\nG\n:save-display help.txt\n' >help.keys
COLUMNS=80 LINES=40 "$PROFTOP" --script help.keys over.prof >/dev/null 2>&1
check "help: says what a share is" grep -q '^Percentages' help.txt
check "help: says why a cumulative share can pass 100" \
	bash -c "tr '\n' ' ' <help.txt | grep -q 'A cumulative share can pass 100: .*thread.*recursive'"
man=$SRCDIR/doc/proftop.1
check "man page: a PERCENTAGES section" grep -q '^\.SH PERCENTAGES' "$man"
check "man page: why a cumulative share can pass 100" \
	bash -c "sed -n '/^\.SH PERCENTAGES/,/^\.SH /p' '$man' | tr '\n' ' ' | grep -q 'can pass 100.*thread.*recursive'"
