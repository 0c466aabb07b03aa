#!/usr/bin/env bash
# --dot: gprof2dot's node and edge sets, graphviz-parsable output for hostile
# names and every colour map, atomic writes, symlinks, rendering, --max-nodes.
. "$(dirname "$0")/../lib.sh"
fix=$SRCDIR/tests/dot/fixtures
sample=$SRCDIR/data/sample.prof
T=$TESTTMP
py=$(newest_python3)
have_dot=0
command -v dot >/dev/null && have_dot=1

nodes() { grep -c $'^\t[0-9]* \\[' "$1"; }
edges() { grep -c $'^\t[0-9]* -> ' "$1"; }
# parses NAME FILE: graphviz reads the file without a word on stderr
parses() {
	if [ $have_dot = 0 ]; then skip "$1: graphviz dot not installed"; return; fi
	if dot -Tsvg "$2" -o "$T/parsed.svg" 2>"$T/dot.err" && [ ! -s "$T/dot.err" ]; then
		pass "$1"
	else
		fail "$1"
		sed 's/^/    /' "$T/dot.err" | head -5
	fi
}

# --- the same graph as gprof2dot, fixture by fixture ---
dump_files() {
	case $1 in
	sample) echo "$sample" ;;
	merged) echo "$fix/workload-cprofile.prof $fix/workload-cprofile-b.prof" ;;
	*) echo "$fix/workload-$1.prof" ;;
	esac
}
if [ -z "$py" ]; then
	skip "gprof2dot fixtures: no Python 3 to read the dot files"
else
	for exp in "$fix"/*.expected; do
		case=$(basename "$exp" .expected)
		read -r -a args < <(sed -n '1s/^# args: //p' "$exp")
		# shellcheck disable=SC2046
		if ! "$PROFTOP" --dot "$T/g.dot" --max-nodes 0 "${args[@]}" $(dump_files "${case%%.*}") 2>"$T/err"; then
			fail "gprof2dot $case: proftop failed"
			sed 's/^/    /' "$T/err"
			continue
		fi
		"$py" "$SRCDIR/tests/dot/dot_sets.py" "$T/g.dot" >"$T/got"
		tail -n +2 "$exp" >"$T/want"
		same_text "gprof2dot $case: same nodes, edges, percentages and calls" "$T/want" "$T/got"
	done
fi

# --- every colour map parses; they differ ---
for cm in color pink gray bw print; do
	"$PROFTOP" --dot "$T/$cm.dot" --colormap "$cm" "$sample"
	parses "colormap $cm parses with dot" "$T/$cm.dot"
done
check "colour maps give different colours" \
	bash -c "! cmp -s '$T/color.dot' '$T/gray.dot' && ! cmp -s '$T/pink.dot' '$T/print.dot'"
check "print colour map has unfilled nodes with black text" \
	grep -q 'fontcolor=black.*style=solid' "$T/print.dot"
"$PROFTOP" --dot "$T/x.dot" --colormap rainbow "$sample" 2>"$T/err"
check "unknown colour map is a usage error" test $? = 1
check "unknown colour map names the choices" grep -q 'color, pink, gray, bw, print' "$T/err"

# --- hostile names, made with marshal directly ---
if [ -z "$py" ]; then
	skip "hostile names: no Python 3 to write the dump"
else
	"$py" - "$T/names.prof" <<'PY'
import marshal, sys
names = ['quote"d', 'back\\slash', '<lambda>', '<genexpr>', 'new\nline', 'tab\there',
         'esc\x1b[31m', '\u00e9t\u00e9_\u4e2d\u6587', 'graph', 'node', 'strict', 'a&amp;b',
         '{brace}|pipe', 'NUL\x00byte', 'BADUTF8XX', 'surrogate\udcff']
files = ['weird "dir"/mod.py', 'back\\slash.py', 'node', '~']
stats = {}
root = ('main.py', 1, 'main')
stats[root] = (1, 1, 0.5, 10.0, {})
for i, n in enumerate(names):
    key = (files[i % len(files)], i + 2, n)
    stats[key] = (i + 1, i + 1, 0.5, 0.5 + i * 0.1, {root: (i + 1, i + 1, 0.5, 0.5 + i * 0.1)})
data = marshal.dumps(stats)
# same-length invalid UTF-8 in place of a placeholder (py3 cannot write it)
data = data.replace(b'BADUTF8XX', b'bad\xff\xfe\xc3(\x80\x80')
open(sys.argv[1], 'wb').write(data)
PY
	"$PROFTOP" --dot "$T/names.dot" --node-thres 0 --edge-thres 0 "$T/names.prof" 2>"$T/err"
	check "hostile names: export succeeds" test $? = 0
	parses "hostile names: dot parses the export" "$T/names.dot"
	check "hostile names: all 17 functions drawn" test "$(nodes "$T/names.dot")" = 17
	check "hostile names: 16 calls drawn" test "$(edges "$T/names.dot")" = 16
	if [ $have_dot = 1 ]; then
		for text in '&lt;lambda&gt;' '&lt;genexpr&gt;' 'quote&quot;d' 'back\\slash' \
			'esc\\x1b\[31m' 'été_中文' 'a&amp;amp;b' 'bad\\xff\\xfe\\xc3(\\x80\\x80' \
			'NUL\\x00byte' 'surrogate\\xed\\xb3\\xbf' ':graph' ':strict'; do
			check "hostile names: svg shows $text" grep -q -- "$text" "$T/parsed.svg"
		done
	fi
	# gprof2dot's escape(): a newline is \n in the source, a line break on
	# screen; a tab is \t
	check "hostile names: a newline is written \\n, as gprof2dot writes it" grep -qF 'mod:6:new\nline\n' "$T/names.dot"
	check "hostile names: a tab is written \\t, as gprof2dot writes it" grep -qF ':tab\there\n' "$T/names.dot"
	if [ $have_dot = 1 ]; then
		check "hostile names: the newline breaks the label's line" \
			bash -c "grep -q '>mod:6:new</text>' '$T/parsed.svg' && grep -q '>line</text>' '$T/parsed.svg'"
	fi
	check "hostile names: output is valid UTF-8" "$py" -c 'import sys; open(sys.argv[1], encoding="utf-8", errors="strict").read()' "$T/names.dot"
fi

# --- stdout, atomic writes, symlinks ---
"$PROFTOP" --dot - "$sample" >"$T/stdout.dot"
"$PROFTOP" --dot "$T/file.dot" "$sample"
same_text "--dot - writes the same text to stdout" "$T/file.dot" "$T/stdout.dot"
echo precious >"$T/target.txt"
ln -s target.txt "$T/link.dot"
"$PROFTOP" --dot "$T/link.dot" "$sample" 2>"$T/err"
check "a symlink is refused" test $? != 0
check "the refusal says why" grep -q 'symlink' "$T/err"
check "the symlink's target is untouched" grep -qx precious "$T/target.txt"
"$PROFTOP" --dot "$T/link.dot" --force "$sample" 2>"$T/err"
check "--force writes through the symlink" cmp -s "$T/target.txt" "$T/file.dot"
check "--force keeps the symlink" test -L "$T/link.dot"
cp "$T/file.dot" "$T/keep.dot"
"$PROFTOP" --dot "$T/keep.dot" --root 'no_such_function' "$sample" 2>"$T/err"
check "a failed export exits non-zero" test $? = 2
check "a failed export leaves the old file" cmp -s "$T/file.dot" "$T/keep.dot"
check "a --root matching nothing is explained" grep -q 'no function matches' "$T/err"
mkdir "$T/adir"
"$PROFTOP" --dot "$T/adir" "$sample" 2>"$T/err"
check "a directory is refused" test $? != 0
chmod 640 "$T/keep.dot"
"$PROFTOP" --dot "$T/keep.dot" --colormap gray "$sample"
check "replacing a file keeps its mode" test "$(stat -c %a "$T/keep.dot")" = 640
check "no temporary files left behind" test -z "$(find "$T" -name '.*.tmp')"

# --- subsets and limits ---
"$PROFTOP" --dot "$T/f.dot" --filter 'app\.py' --node-thres 0 "$sample"
check "--filter keeps only matching functions" \
	bash -c "[ \$(grep -c 'tooltip=\"[^\"]*app\\.py' '$T/f.dot') = \$(grep -c $'^\t[0-9]* \\\\[' '$T/f.dot') ] && [ \$(grep -c $'^\t[0-9]* \\\\[' '$T/f.dot') -gt 3 ]"
"$PROFTOP" --dot "$T/m.dot" --node-thres 0 --edge-thres 0 --max-nodes 12 "$sample" 2>"$T/err"
all=$("$PROFTOP" --dot - --node-thres 0 --edge-thres 0 --max-nodes 0 "$sample" | nodes /dev/stdin)
check "--max-nodes keeps 12 nodes" test "$(nodes "$T/m.dot")" = 12
check "--max-nodes warns with the full count" grep -q "the graph has $all functions; keeping 12 (--max-nodes)" "$T/err"
if [ -n "$py" ]; then
	"$py" "$SRCDIR/tests/dot/dot_sets.py" "$T/m.dot" | grep '^N ' | cut -f2 | tr -d % | sort -g >"$T/kept"
	"$PROFTOP" --dot "$T/all.dot" --node-thres 0 --edge-thres 0 --max-nodes 0 "$sample"
	"$py" "$SRCDIR/tests/dot/dot_sets.py" "$T/all.dot" | grep '^N ' | cut -f2 | tr -d % | sort -g | tail -12 >"$T/hottest"
	same_text "--max-nodes keeps the hottest" "$T/hottest" "$T/kept"
fi
"$PROFTOP" --dot "$T/x.dot" --node-thres 101 "$sample" 2>/dev/null
check "--node-thres over 100 is a usage error" test $? = 1
"$PROFTOP" --dot "$T/x.dot" --depth -3 "$sample" 2>/dev/null
check "a negative --depth is a usage error" test $? = 1
"$PROFTOP" --dot "$T/x.dot" --root '(' "$sample" 2>"$T/err"
check "a bad --root regex is a usage error with its offset" bash -c "test $? = 1 && grep -q offset '$T/err'"

# --- rendering ---
if [ $have_dot = 0 ]; then
	skip "render: graphviz dot not installed"
else
	"$PROFTOP" --dot "$T/r.dot" --render svg "$sample"
	check "--render svg writes OUT.svg" grep -q '<svg' "$T/r.svg"
	"$PROFTOP" --dot "$T/r.dot" --render png "$sample"
	check "--render png writes a PNG" bash -c "head -c 4 '$T/r.png' | grep -q PNG"
	"$PROFTOP" --dot - --render svg "$sample" >"$T/stdout.svg"
	check "--dot - --render svg writes SVG to stdout" grep -q '</svg>' "$T/stdout.svg"
	"$PROFTOP" --dot "$T/bad.dot" --render nosuchformat "$sample" 2>"$T/err"
	check "a format dot rejects fails the run" test $? = 2
	check "dot's own message is reported" grep -q 'dot failed: .*nosuchformat' "$T/err"
	check "a failed render leaves no output" test ! -e "$T/bad.nosuchformat"
	"$PROFTOP" --dot "$T/bad2.dot" --render '-o/etc/x' "$sample" 2>/dev/null
	check "a format that is not a word is refused" bash -c "test $? != 0 && test ! -e /etc/x"
	check "no temporary files left after rendering" test -z "$(find "$T" -name '.*.tmp')"
	( PATH=/nonexistent; "$PROFTOP" --dot "$T/nodot.dot" --render svg "$sample" 2>"$T/err" ) 
	check "a missing dot is explained" grep -q 'cannot run dot.*install graphviz' "$T/err"
fi

# --- the node cap on a real dump: what is kept stays linked ---
# sympy under cProfile gives a few hundred functions above the thresholds.
if ! /usr/bin/python3 -c 'import sympy' 2>/dev/null; then
	skip "node cap on sympy: python3-sympy not installed"
else
	cat >"$T/work.py" <<'PY'
from sympy import symbols, integrate, exp, sin
x = symbols('x')
integrate(exp(x) * sin(x) * x**2, x)
PY
	(cd "$T" && /usr/bin/python3 -m cProfile -o sympy.prof work.py >/dev/null)
	"$PROFTOP" --dot "$T/uncapped.dot" --max-nodes 0 "$T/sympy.prof"
	all=$(nodes "$T/uncapped.dot")
	check "sympy: more functions than the caps below ($all)" test "$all" -gt 150
	# Which caps strand a function depends on the run's timings: try many.
	islands="" checked=0
	for ((cap = 10; cap < all; cap += 10)); do
		"$PROFTOP" --dot "$T/capped.dot" --max-nodes $cap "$T/sympy.prof" 2>"$T/err"
		read -r kept before after new < <(/usr/bin/python3 "$SRCDIR/tests/dot/islands.py" "$T/uncapped.dot" "$T/capped.dot")
		# a seed that calls comes with its hottest callee or not at all:
		# with one place left and only such seeds to offer, one stays free
		[ "$kept" -ge $((cap - 1)) ] && [ "$kept" -le $cap ] || islands+=" $cap:kept=$kept"
		[ "$new" = 0 ] || islands+=" $cap:$new-stranded"
		checked=$((checked + 1))
	done
	check "sympy: at $checked caps, every kept function linked before the cap stays linked${islands:+ (not at$islands)}" \
		test -z "$islands"
	"$PROFTOP" --dot "$T/capped.dot" --max-nodes 100 "$T/sympy.prof" 2>"$T/err"
	check "sympy: the warning counts the dropped and their time" \
		grep -qE "the graph has $all functions; keeping 100 .*; $((all - 100)) dropped, with [0-9.]+% of the time in their own code" "$T/err"
fi
