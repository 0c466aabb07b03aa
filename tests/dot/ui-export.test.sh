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
check "filtered: one node per shown row ($shown)" test "$(nodes filtered.dot)" = "$shown"
check "filtered: only functions the filter shows" \
	test "$(grep -c $'^\t[0-9]* \\[.*tooltip="[^"]*app\\.py:' filtered.dot)" = "$shown"
check "filtered: calls among them are drawn" grep -q -- ' -> ' filtered.dot
check "filtered: the message names the file and counts" \
	grep -q "^wrote filtered.dot: $shown functions, [0-9]* calls" <(last_line after-export.txt)
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
