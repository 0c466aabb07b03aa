#!/usr/bin/env bash
# An archive of several dumps opens as its member list: one, the marked ones
# (merged) or all of them open in the table; Back returns to the list.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
[ -n "$py" ] || { skip "ui members: no Python 3"; exit 0; }
cd "$TESTTMP" || exit 1
export TZ=UTC LC_ALL=C.UTF-8 LINES=14 COLUMNS=100 TERM=xterm
mkdir -p runs
for i in 1 2 3; do
	"$py" -c "
import cProfile, sys
def work(n): return sum(i * i for i in range(n))
cProfile.run('work(%d)' % (1000 * int(sys.argv[2])), sys.argv[1])" "runs/run$i.prof" "$i"
done
echo 'not a dump' > runs/README
tar czf runs.tar.gz runs
cat > keys <<'K'
:save-display list.txt
m
m
:save-display marked.txt
<Enter>
:save-display two.txt
<Backspace>
:save-display back.txt
a
:save-display all.txt
K
"$PROFTOP" --script keys runs.tar.gz > out 2>&1
check "ui members: the script runs" test $? -eq 0
check "ui members: the list shows the three dumps, not the README" \
	bash -c 'test "$(grep -c "runs/run[123].prof" list.txt)" = 3 && ! grep -q README list.txt'
check "ui members: each member with its calls" grep -qE '^ +[0-9]+ +[0-9]+ +[0-9.]+ +runs/run1.prof' list.txt
check "ui members: two marked" grep -q '2 marked' marked.txt
calls() { "$PROFTOP" --print "$@" | sed -n 's/^ *\([0-9]*\) function calls.*/\1/p'; }
two=$(calls runs.tar.gz:runs/run1.prof runs.tar.gz:runs/run2.prof)
three=$(calls runs.tar.gz)
check "ui members: Enter opens the marked ones merged" grep -q "^$two function calls" two.txt
check "ui members: ... sorted by cumulative time, the cursor on row 1" grep -qE '^ 1/[0-9]+  sort: cumulative time$' two.txt
check "ui members: Back returns to the list" grep -q 'dumps in this archive' back.txt
check "ui members: a opens them all" grep -q "^$three function calls" all.txt
# A single dump in an archive, or a plain file: straight to the table.
tar czf one.tar.gz runs/run1.prof
printf ':save-display one.txt\n' > keys1
"$PROFTOP" --script keys1 one.tar.gz > out 2>&1
check "ui members: one dump opens the table directly" grep -q 'function calls' one.txt

# The mouse in the member list: the wheel scrolls, a click selects the
# member under it, a click on a title or the status line does nothing.
# Deterministic dumps in a fixed order; the bytes column is masked (the
# marshal writer's size may differ between Pythons).
mkdir -p many/runs
names=()
for i in $(seq -w 1 12); do
	"$py" "$SRCDIR/tests/ui/mkdump.py" big $((10#$i * 3)) "many/runs/r$i.prof"
	names+=("runs/r$i.prof")
done
(cd many && tar czf ../many.tar.gz "${names[@]}")
cat > mouse.keys <<'K'
<WheelDown 5,6>
<WheelDown 5,6>
:save-display members-wheel.txt
<Click 5,4>
:save-display members-click.txt
<Click 5,0>
<Click 5,2>
<Click 5,12>
<Click 5,13>
:save-display members-heading.txt
<WheelUp 5,6>
:save-display members-wheel-up.txt
<Enter>
:save-display members-open.txt
K
"$PROFTOP" --script mouse.keys many.tar.gz > out 2>&1
check "ui members: the mouse script runs" test $? -eq 0
for f in members-wheel members-click members-heading members-wheel-up; do
	sed -E '/ runs\//s/^(..).{12}/\1       BYTES/' "$f.txt" > "$f.masked"
	if [ -n "${UPDATE:-}" ]; then
		cp "$f.masked" "$SRCDIR/tests/archive/golden/$f.txt"
	fi
	same_text "ui members: screen $f" "$SRCDIR/tests/archive/golden/$f.txt" "$f.masked"
done
check "ui members: Enter opens the member clicked" grep -q "^120 function calls" members-open.txt
