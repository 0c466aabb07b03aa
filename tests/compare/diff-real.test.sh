#!/usr/bin/env bash
# The diff in the UI and in dot on a real before/after pair: one program
# profiled before and after a change (tests/diff/app_v1.py, app_v2.py: work()
# made slower and moved down by three lines, dropped() removed, added()
# added).  The edge deltas of main() are checked against pstats' own
# callees of main() in each dump.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
[ -n "$py" ] || { skip "diff real: no Python 3 to make dumps"; exit 0; }
here=$SRCDIR/tests/diff
cd "$TESTTMP" || exit 1
mkdir app
cp "$here/app_v1.py" app/app.py
(cd app && "$py" app.py ../v1.prof)
cp "$here/app_v2.py" app/app.py
(cd app && "$py" app.py ../v2.prof)
export TERM=xterm-256color COLUMNS=160 LINES=30

cat > keys <<'KEYS'
:filter app\.py
:save-display table.txt
:filter \(main\)
<Enter>
:save-display edges.txt
KEYS
"$PROFTOP" --script keys --diff v1.prof v2.prof > out.txt 2>&1
check "diff real: the UI runs" test $? = 0
check "diff real: work() is paired across the moved lines" grep -q 'app.py:7(work) \[moved from line 4\]' table.txt
check "diff real: added() is new" grep -q 'app.py:11(added) \[new\]' table.txt
check "diff real: dropped() is gone" grep -q 'app.py:8(dropped) \[gone\]' table.txt

# main()'s callees on each side, from pstats: "calls ct" per callee name.
cat > callees.py <<'PY'
import pstats, sys
st = pstats.Stats(sys.argv[1]).stats
for key, (cc, nc, tt, ct, callers) in st.items():
    for caller, v in callers.items():
        if caller[2] == "main" and key[0].endswith("app.py"):
            print(key[2], v[0], "%.3f" % v[3])
PY
"$py" callees.py v1.prof | sort > old.txt
"$py" callees.py v2.prof | sort > new.txt
# Expected edge lines: name old-calls new-calls delta old-ct new-ct
join -a1 -a2 -e0 -o 0,1.2,2.2,1.3,2.3 old.txt new.txt |
	awk '{ printf "%s %d %d %+d %.3f %.3f\n", $1, $2, $3, $3 - $2, $4, $5 }' | sort > want.txt
sed -n '/^Called (/,/^ diff edges/p' edges.txt | grep 'app.py' |
	sed -E 's/\[(new|gone)\] //' |
	awk '{ n = $7; sub(/.*\(/, "", n); sub(/\).*/, "", n); printf "%s %d %d %+d %.3f %.3f\n", n, $1, $2, $3, $4, $5 }' |
	sort > got.txt
check "diff real: main() calls work, dropped and added across both sides" test "$(wc -l < want.txt)" = 3
same_text "diff real: main()'s callee edges, old/new/Δ, match pstats" want.txt got.txt
check "diff real: the added edge is marked new" grep -q '\[new\] .*(added)' edges.txt
check "diff real: the dropped edge is marked gone" grep -q '\[gone\] .*(dropped)' edges.txt

"$PROFTOP" --dot diff.dot --diff v1.prof v2.prof --node-thres 0 --edge-thres 0
check "dot --diff: written" test -s diff.dot
check "dot --diff: work() got slower: an arrow pointing right" \
	grep -q 'shape=cds, orientation=0, label="app:7:work\\n[0-9.]*% (+' diff.dot
check "dot --diff: added() has a double border" grep -q 'peripheries=2, label="app:11:added' diff.dot
check "dot --diff: dropped() is dashed" grep -q 'style="filled,dashed", label="app:8:dropped' diff.dot
check "dot --diff: edges show old / new" grep -q ' -> .*label="[0-9.]*% / [0-9.]*%\\n20× / 20×' diff.dot
if command -v dot > /dev/null; then
	check "dot --diff: graphviz reads it" dot -Tsvg -o diff.svg diff.dot
else
	skip "dot --diff: graphviz not installed"
fi
# The diff graph takes the options of the single one: --filter, --limit
# and --sort choose the rows --print --diff prints; --root, --leaf and
# --depth prune along the edges drawn.
labels() { grep -o 'label="[^\\%]*\\n' | sed 's/^label="//; s/\\n$//' | sort; }
all0="--node-thres 0 --edge-thres 0"
"$PROFTOP" --dot - --diff v1.prof v2.prof $all0 --root '\(main\)' --depth 1 | labels > got.txt
printf '%s\n' app:11:added app:15:main app:7:work app:8:dropped | sort > want.txt
same_text "dot --diff --root main --depth 1: main and its callees" want.txt got.txt
"$PROFTOP" --dot - --diff v1.prof v2.prof $all0 --leaf '<genexpr>' | labels > got.txt
check "dot --diff --leaf: the callers of <genexpr> up to the top stay" grep -q '^app:15:main$' got.txt
check "dot --diff --leaf: ... and what does not reach it goes" test "$(grep -c 'added\|dropped' got.txt)" = 0
# function names: "<genexpr>" from a label "app:8:<genexpr>" or a --print
# line's "app.py:8(<genexpr>) [moved ...]" or "{built-in method ...}"
dot_names() { labels | sed 's/^[^:]*:[0-9]*://' | sort; }
print_names() {
	sed -n '/filename:lineno(function)$/,$p' | sed 1d | sed -E 's/ \[[^]]*\]$//' |
		sed -E 's/.*  \{(.*)\}$/<\1>/; s/.*\((.*)\)$/\1/' | sort
}
"$PROFTOP" --print --diff v1.prof v2.prof --filter 'app\.py' | print_names > want.txt
"$PROFTOP" --dot - --diff v1.prof v2.prof $all0 --filter 'app\.py' > f.dot
labels < f.dot > got.txt
check "dot --diff --filter: only the matching functions" test "$(grep -vc '^app:' got.txt)" = 0
dot_names < f.dot > got.txt
same_text "dot --diff --filter: the rows --print --diff prints" want.txt got.txt
"$PROFTOP" --print --diff v1.prof v2.prof --sort dtottime --limit 3 | print_names > want.txt
"$PROFTOP" --dot - --diff v1.prof v2.prof $all0 --sort dtottime --limit 3 | dot_names > got.txt
check "dot --diff --limit 3: three nodes" test "$(wc -l < got.txt)" = 3
same_text "dot --diff --sort --limit: the rows --print --diff prints" want.txt got.txt
"$PROFTOP" --dot - --diff v1.prof v2.prof --root nomatch > /dev/null 2> err.txt
check "dot --diff --root matching nothing: exit 2" test $? = 2
check "dot --diff --root matching nothing: says so" grep -q -- '--root: no function matches' err.txt
if command -v dot > /dev/null; then
	"$PROFTOP" --dot x.dot --render svg --diff v1.prof v2.prof 2> err.txt
	check "dot --diff --render svg: exit 0" test $? = 0
	check "dot --diff --render svg: the picture" grep -q '<svg' x.svg
else
	skip "dot --diff --render: graphviz not installed"
fi
"$PROFTOP" --script keys --diff missing.prof v2.prof > out.txt 2> err.txt
check "diff UI: a missing OLD exits 2" test $? = 2
check "diff UI: ... naming the file" grep -q 'missing.prof' err.txt
