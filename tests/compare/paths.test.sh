#!/usr/bin/env bash
# --path full|short|unique for --print and --dot: the unique report is
# pstats' own report of the dict with every file renamed to its unique tail
# (tests/compare/unique_oracle.py computes the tails itself); short is
# --strip; the dot labels follow the mode.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
[ -n "$py" ] || { skip "paths: no Python 3 for the oracle"; exit 0; }
cd "$TESTTMP" || exit 1
"$py" "$SRCDIR/tests/ui/mkdump.py" table t.prof
cp "$SRCDIR/data/sample.prof" sample.prof

for dump in t.prof sample.prof; do
	for sort in cumulative stdname; do
		for what in stats callers callees; do
			flag=()
			[ $what = stats ] || flag=(--$what)
			"$py" "$SRCDIR/tests/compare/unique_oracle.py" $dump want.txt $sort $what
			"$PROFTOP" --print --path unique --sort $sort "${flag[@]}" $dump | tail -n +2 > got.txt
			same_text "paths: --path unique $what by $sort of $dump is pstats' on the renamed dict" want.txt got.txt
		done
	done
done

"$PROFTOP" --print --path unique t.prof > u.txt
check "paths: unique keeps every function (42 lines, none merged)" \
	test "$(grep -c 'func_\|builtins' u.txt)" = 42
check "paths: unique widens only where names collide" grep -q ' handlers/views.py:10(func_00)$' u.txt
check "paths: ... and only as far as needed" grep -q ' place/views.py:10(func_00)$' u.txt
"$PROFTOP" --print --path short t.prof > s.txt
"$PROFTOP" --print --strip t.prof > strip.txt
check "paths: --path short is --strip" cmp -s s.txt strip.txt
"$PROFTOP" --print --path full t.prof > f.txt
"$PROFTOP" --print t.prof > plain.txt
check "paths: --path full is the default" cmp -s f.txt plain.txt
"$PROFTOP" --print --path sideways t.prof 2> err.txt
check "paths: an unknown mode is a usage error" test $? = 1
check "paths: ... that names the modes" grep -q 'full, short or unique' err.txt

# dot labels: gprof2dot's module names by default and with short; the file
# as shown with full and unique; tooltips follow.
"$PROFTOP" --dot plain.dot t.prof
"$PROFTOP" --dot short.dot --path short t.prof
"$PROFTOP" --dot unique.dot --path unique t.prof
"$PROFTOP" --dot full.dot --path full t.prof
check "paths: dot default labels are gprof2dot's" grep -q 'label="views:10:func_00\\n.*tooltip="/other/place' plain.dot
check "paths: dot --path short too" grep -q 'label="views:10:func_00\\n' short.dot
check "paths: dot --path unique labels with the tails" \
	grep -q 'label="place/views.py:10:func_00\\n.*tooltip="place/views.py:10(func_00)"' unique.dot
check "paths: dot --path full labels with the whole path" \
	grep -q 'label="/other/place/views.py:10:func_00\\n' full.dot
check "paths: unique and full draw the same graph" \
	test "$(grep -c ' -> ' unique.dot)" = "$(grep -c ' -> ' full.dot)"

# The configuration's path: unique starts the table in unique mode; --path wins.
# (In the dump's order: func_00 on the first row.)
printf 'path: unique\nsort: ""\n' > u.yaml
printf ':save-display u.txt\n' > u.keys
TERM=xterm-256color COLUMNS=80 LINES=10 "$PROFTOP" --config u.yaml --script u.keys t.prof
check "paths: config path: unique starts the table in unique mode" \
	grep -q ' handlers/views.py:10(func_00)$' u.txt
check "paths: ... and says so" grep -q 'paths: unique' u.txt
TERM=xterm-256color COLUMNS=80 LINES=10 "$PROFTOP" --config u.yaml --path full --script u.keys t.prof
check "paths: --path full wins over the configuration" bash -c "! grep -q 'paths:' u.txt"
