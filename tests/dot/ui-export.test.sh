#!/usr/bin/env bash
# Keys e and E through the headless harness: export from a filtered table and
# from a drill-down, the proposed file name, rendering, and what the files hold.
. "$(dirname "$0")/../lib.sh"
sample=$SRCDIR/data/sample.prof
cd "$TESTTMP" || exit 1
export TZ=UTC LC_ALL=C.UTF-8 LINES=24 COLUMNS=120 TERM=xterm
have_dot=0
command -v dot >/dev/null && have_dot=1
nodes() { grep -c $'^\t[0-9]* \\[' "$1"; }
last_line() { sed -n '$p' "$1"; }

cat >filtered.keys <<'KEYS'
:filter app\.py
:export filtered.dot
:save-display after-export.txt
e
:save-display prompt.txt
<Enter>
e
<Enter>
:save-display proposed.txt
KEYS
"$PROFTOP" --script filtered.keys "$sample" >out.txt 2>&1
check "filtered: script runs" test $? = 0
check "filtered: the file is written" test -s filtered.dot
shown=$("$PROFTOP" --print --filter 'app\.py' "$sample" | grep -c 'app\.py:')
drawn=$(nodes filtered.dot)
check "filtered: the shown rows above the threshold are drawn ($drawn of $shown)" \
	test "$drawn" -gt 3 -a "$drawn" -le "$shown"
check "filtered: only functions the filter shows" \
	test "$(grep -c $'^\t[0-9]* \\[.*tooltip="[^"]*app\\.py:' filtered.dot)" = "$drawn"
check "filtered: calls among them are drawn" grep -q -- ' -> ' filtered.dot
check "filtered: the message names the file and counts, and what the threshold left out" \
	grep -q "^wrote filtered.dot: $drawn functions, [0-9]* calls; $((shown - drawn)) under dot.node-thres 0.5%" \
	<(last_line after-export.txt)
check "e proposes a file name on the command line" grep -q '^:export proftop-graph.dot' <(last_line prompt.txt)
check "e then Enter writes the proposed file" cmp -s filtered.dot proftop-graph.dot
check "a second e proposes a new name" test -s proftop-graph-1.dot
check "the message says so" grep -q '^wrote proftop-graph-1.dot' <(last_line proposed.txt)

cat >drill.keys <<'KEYS'
:search \(on_search\)
<Enter>
:export drill.dot
:save-display drill.txt
e
:save-display drill-prompt.txt
<Esc>
:export-render drill.svg
:save-display render.txt
:export-render drill2.dot
:save-display render-bad.txt
KEYS
"$PROFTOP" --script drill.keys "$sample" >out.txt 2>&1
check "drill-down: script runs" test $? = 0
check "drill-down: the file is written" test -s drill.dot
check "drill-down: the focused function is in it" grep -q 'tooltip="[^"]*(on_search)"' drill.dot
check "drill-down: its caller is in it" grep -q 'tooltip="[^"]*(dispatch)"' drill.dot
check "drill-down: what it calls is in it" grep -q 'tooltip="[^"]*(items)"' drill.dot
check "drill-down: functions elsewhere are not" bash -c "! grep -q '(on_report)\"' drill.dot"
check "drill-down: the proposal names the function" \
	grep -q '^:export proftop-on_search.dot' <(last_line drill-prompt.txt)
if [ $have_dot = 0 ]; then
	skip "E renders: graphviz dot not installed"
else
	check "E renders the image" grep -q '</svg>' drill.svg
	check "E reports it" grep -q '^rendered drill.svg' <(last_line render.txt)
	check "E refuses to render into a .dot" grep -q 'not the .dot' <(last_line render-bad.txt)
	check "no temporary files left" test -z "$(find . -name '.*.tmp')"
fi

# The format comes from the name's extension, the configured one when it has
# none; an extension dot does not know is dot's error, not an SVG under that
# name (both used to render SVG).
if [ $have_dot = 1 ]; then
	printf 'dot:\n  render: png\n' >png.yaml
	printf ':export-render noext\n:export-render odd.xyz\n:save-display odd.txt\n' >fmt.keys
	"$PROFTOP" --config png.yaml --script fmt.keys "$sample" >out.txt 2>&1
	check "E without an extension renders the configured format" \
		grep -q 'PNG' <(head -c 8 noext)
	check "E with an unknown extension reports dot's refusal" \
		grep -qE '^dot failed: .*xyz' <(last_line odd.txt)
	check "E with an unknown extension writes no image" test ! -e odd.xyz
fi

# A symlink is refused from the UI too.
ln -s filtered.dot link.dot
printf ':export link.dot\n:save-display link.txt\n' >link.keys
"$PROFTOP" --script link.keys "$sample" >out.txt 2>&1
check "a symlink is refused from the UI" grep -q 'symlink' <(last_line link.txt)

# e writes what --dot --filter writes for the same functions and config:
# gprof2dot's labels, the thresholds, colours and node cap, whatever the
# table's sort.  Compared byte for byte; each file goes through graphviz.
# same_as_cli NAME DUMP "UI COMMANDS" [ARGS...]: the UI runs the commands
# (one per line) then `:export`; proftop --dot runs with the same commands
# as options; ARGS go to both.
same_as_cli() {
	local name=$1 dump=$2 cmds=$3
	local -a opts
	shift 3
	# each command has its option: ":filter RE" is "--filter RE", and so on
	read -r -a opts < <(sed -n 's/^:\(filter\|limit\|sort\|path\) /--\1 /p' <<<"$cmds" | tr '\n' ' ')
	printf '%s\n:export ui.dot\n' "$cmds" >same.keys
	rm -f ui.dot cli.dot
	"$PROFTOP" --script same.keys "$@" "$dump" >/dev/null 2>&1
	"$PROFTOP" --dot cli.dot "${opts[@]}" "$@" "$dump" 2>/dev/null
	if cmp -s cli.dot ui.dot && [ -s ui.dot ]; then
		pass "e = --dot: $name ($(nodes ui.dot) nodes)"
	else
		fail "e = --dot: $name"
		diff cli.dot ui.dot 2>&1 | head -6 | sed 's/^/    /'
	fi
	if [ $have_dot = 1 ]; then
		check "e = --dot: $name: graphviz renders it" bash -c 'dot -Tsvg ui.dot -o ui.svg 2>dot.err && ! test -s dot.err'
	fi
}
printf 'dot:\n  colormap: gray\n  node-thres: 1\n  edge-thres: 0.5\n  max-nodes: 8\n' >gray.yaml
same_as_cli "filter app.py" "$sample" ':filter app\.py'
same_as_cli "filter werkzeug, sorted by tottime" "$sample" $':sort time\n:filter werkzeug'
same_as_cli "filter (match|dispatch)" "$sample" ':filter (match|dispatch)'
same_as_cli "no filter" "$sample" ':sort cumulative'
same_as_cli "sort and limit" "$sample" $':sort cumulative\n:limit 25'
same_as_cli "short paths" "$sample" $':path short\n:filter response'
same_as_cli "unique paths" "$sample" $':path unique\n:filter response'
same_as_cli "the config's colours, thresholds and cap" "$sample" ':filter py' --config gray.yaml
# hidden functions are left out as a filter leaves them out
printf ':filter app\\.py\n:hide \\((on_search|items)\\)\n:export ui.dot\n' >hide.keys
"$PROFTOP" --script hide.keys "$sample" >/dev/null 2>&1
"$PROFTOP" --dot cli.dot --filter 'app\.py:[0-9]+\((?!(on_search|items)\))' "$sample" 2>/dev/null
check "e = --dot: hidden functions as a filter leaving them out ($(nodes ui.dot) nodes)" \
	bash -c 'cmp -s cli.dot ui.dot && ! grep -q "(on_search)" ui.dot'
if /usr/bin/python3 -c 'import sympy' 2>/dev/null; then
	cat >work.py <<'PY'
from sympy import symbols, integrate, exp, sin
x = symbols('x')
integrate(exp(x) * sin(x) * x**2, x)
PY
	/usr/bin/python3 -m cProfile -o sympy.prof work.py >/dev/null
	same_as_cli "sympy, filter heurisch" sympy.prof ':filter heurisch'
	same_as_cli "sympy, filter integrals" sympy.prof ':filter integrals'
	same_as_cli "sympy, filter core/(add|mul)" sympy.prof ':filter core/(add|mul)'
	same_as_cli "sympy, everything (the node cap)" sympy.prof ':sort time'
	# the issue's case: before, full paths and every row at 0 %
	printf ':filter heurisch\n:export h.dot\n' >h.keys
	"$PROFTOP" --script h.keys sympy.prof >/dev/null 2>&1
	check "sympy heurisch: gprof2dot's labels, no full paths" bash -c "! grep -q 'label=\"/' h.dot"
	check "sympy heurisch: no node under the threshold" bash -c "! grep -q 'label=\"[^\"]*\\\\n0\\.[0-4][0-9]%' h.dot"
	# the drill-down: thresholds of the focus's time, nothing left floating
	printf ':search heurisch\\.py:[0-9]*\\(_integrate\\)\n<Enter>\n:export near.dot\n:save-display near.txt\n' >near.keys
	"$PROFTOP" --script near.keys sympy.prof >/dev/null 2>&1
	check "sympy drill-down: the focus is drawn" grep -q 'label="heurisch:[0-9]*:_integrate\\n' near.dot
	read -r drawn lone < <(/usr/bin/python3 - near.dot <<'PY'
import re, sys
nodes, linked = set(), set()
for line in open(sys.argv[1], encoding='utf-8'):
    m = re.match(r'\t(\d+) -> (\d+) ', line)
    if m:
        linked.update(m.groups())
    elif re.match(r'\t\d+ \[', line):
        nodes.add(line.split()[0])
print(len(nodes), len(nodes - linked))
PY
)
	check "sympy drill-down: no function without an edge ($drawn drawn)" test "$lone" = 0 -a "$drawn" -gt 5
	check "sympy drill-down: the message says what was left out" \
		grep -q "^wrote near.dot: $drawn functions, [0-9]* calls; [0-9]* under dot.node-thres 0.5% of this function's time or unlinked" <(last_line near.txt)
else
	skip "e = --dot on sympy: python3-sympy not installed"
fi

# The detail view's neighbourhood: gprof2dot's labels too, no threshold.
printf ':search \\(on_search\\)\n<Enter>\n:export near.dot\n' >near.keys
"$PROFTOP" --script near.keys "$sample" >/dev/null 2>&1
check "drill-down export: gprof2dot's labels" grep -q 'label="app:106:on_search\\n' near.dot
check "drill-down export: no full paths" bash -c "! grep -q 'label=\"/' near.dot"
