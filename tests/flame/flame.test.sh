#!/usr/bin/env bash
# The flame graph's batch outputs (issue 18): --write-folded checked against
# dumps whose stacks are exact, --flame's SVG parsed by xmllint, --filter,
# --root, --leaf and --depth as --dot takes them, hostile names escaped, the
# UI's writes, and the CPU time at 200,000 functions.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
if [ -z "$py" ]; then
	skip "flame: no Python 3 to write the dumps"
	exit 0
fi
cd "$TESTTMP" || exit 1
"$py" "$SRCDIR/tests/flame/mkstacks.py" exact ex.prof
"$py" "$SRCDIR/tests/flame/mkstacks.py" cprofile cp.prof
"$py" "$SRCDIR/tests/flame/mkstacks.py" hostile h.prof

# Exact stacks: the estimate is the truth.
for d in ex cp; do
	if "$PROFTOP" --write-folded "$d.folded" "$d.prof"; then
		"$py" "$SRCDIR/tests/flame/folded_check.py" "$d.prof" "$d.folded" | sed "s/^\([A-Z]*:\) /\1 $d: /"
	else
		fail "flame: --write-folded $d.prof"
	fi
done
"$PROFTOP" --write-folded sample.folded "$SRCDIR/data/sample.prof" &&
	"$py" "$SRCDIR/tests/flame/folded_check.py" "$SRCDIR/data/sample.prof" sample.folded | sed 's/^\([A-Z]*:\) /\1 sample: /' | grep -v '^PASS: sample: folded: .* sums'
check "folded: weights are whole microseconds" \
	test "$(grep -cvE '^[^ ].* [1-9][0-9]*$' sample.folded)" = 0
check "folded: the recursive function's own stack is main;r, once" \
	grep -qx '/srv/app/stacks.py:1(main);/srv/app/stacks.py:30(r) 300000' ex.folded
check "folded: '-' writes to stdout" cmp -s <("$PROFTOP" --write-folded - ex.prof) ex.folded

# What is shown: --filter, --root, --leaf, --depth.
"$PROFTOP" --write-folded f.folded --filter '\((main|b|r|c)\)' ex.prof
check "--filter: a left out, b in its place under main" \
	grep -qx '/srv/app/stacks.py:1(main);/srv/app/stacks.py:20(b) 300000' f.folded
check "--filter: a on no stack" test "$(grep -c '(a)' f.folded)" = 0
"$PROFTOP" --write-folded r.folded --root '\(r\)' ex.prof
check "--root: every stack starts at r" test "$(grep -cv '^/srv/app/stacks.py:30(r)' r.folded)" = 0
check "--root: r's stacks weigh its cumtime" test "$(awk '{s += $NF} END {print s}' r.folded)" = 400000
"$PROFTOP" --write-folded l.folded --leaf '\(b\)' ex.prof
check "--leaf: only stacks reaching b" test "$(cat l.folded)" = '/srv/app/stacks.py:1(main);/srv/app/stacks.py:10(a);/srv/app/stacks.py:20(b) 300000'
"$PROFTOP" --write-folded d.folded --depth 1 ex.prof
check "--depth 1: two frames at most" test "$(awk -F';' 'NF > 2' d.folded | wc -l)" = 0
check "--depth 1: the time stays whole" test "$(awk '{s += $NF} END {print s}' d.folded)" = 1000000
"$PROFTOP" --write-folded x.folded --root nomatch ex.prof 2>err.txt
check "--root matching nothing is a usage error" test $? = 1
check "--root matching nothing says so" grep -q 'no function matches' err.txt

# The SVG: well-formed, one tooltip per frame, estimates marked, no script.
"$PROFTOP" --flame ex.svg ex.prof
check "--flame: one frame per function of the exact stacks" test "$(grep -c '<title>' ex.svg)" = 5
check "--flame: tooltips mark the estimate" test "$(grep -c '(estimated)$' ex.svg)" = 5
check "--flame: tooltips give the calls from the caller" grep -q '^2 calls from its caller (pstats)' ex.svg
check "--flame: no script, nothing fetched" test "$(grep -ciE '<script|href=|https?://' ex.svg | head -1)" = "$(grep -c 'xmlns="http://www.w3.org/2000/svg"' ex.svg)"
"$PROFTOP" --flame h.svg h.prof
"$PROFTOP" --write-folded h.folded h.prof
check "hostile: no control byte in the SVG" test "$(LC_ALL=C grep -c $'[\x01-\x09\x0b-\x1f\x7f]' h.svg)" = 0
check "hostile: C1 and bidi characters escaped in the SVG" test "$(grep -c $'\u202e\|\u0085' h.svg)" = 0
check "hostile: markup escaped" grep -q '/srv/&lt;app&gt; &amp; &quot;co&quot;/x.py' h.svg
check "hostile: a folded line per stack" test "$(wc -l <h.folded)" = 2
check "hostile: ; and newline escaped in folded names" grep -q 'na\\x3bme.*\\x0aline' h.folded
if command -v xmllint >/dev/null; then
	for f in ex cp h; do
		"$PROFTOP" --flame "$f.svg" "$f.prof"
		check "xmllint: $f.svg" xmllint --noout "$f.svg"
	done
	"$PROFTOP" --flame sample.svg "$SRCDIR/data/sample.prof"
	check "xmllint: sample.svg" xmllint --noout sample.svg
else
	skip "xmllint missing (Debian: libxml2-utils)"
fi
check "--flame: the README's picture is what --flame writes of data/sample.prof" \
	cmp -s <(sed 's/Flame graph of .*sample.prof</Flame graph of data\/sample.prof</' sample.svg) "$SRCDIR/doc/sample-flame.svg"

# Colours: by module by default, by heat from the configuration.
printf 'flame:\n  colors: heat\n' >heat.yaml
"$PROFTOP" --flame heat.svg --config heat.yaml ex.prof
check "flame.colors: module, one colour per file" \
	test "$(grep -o 'fill="rgb([0-9,]*)"' ex.svg | sort -u | wc -l)" = 1
check "flame.colors: heat, by own time" \
	test "$(grep -o 'fill="rgb([0-9,]*)"' heat.svg | sort -u | wc -l)" -gt 1
printf 'flame:\n  colors: rainbow\n' >bad.yaml
"$PROFTOP" --flame bad.svg --config bad.yaml ex.prof 2>bad.err
check "flame.colors: an unknown scheme is an error" test $? = 1
check "flame.colors: the error names the option" grep -q 'flame.colors' bad.err

# Atomic writes: a failing write leaves the old file.
echo old > keep.svg
chmod -w .
"$PROFTOP" --flame keep.svg ex.prof 2>/dev/null
rc=$?
chmod +w .
if [ "$(id -u)" != 0 ]; then
	check "a refused write fails" test $rc = 2
	check "a refused write leaves the old file" test "$(cat keep.svg)" = old
fi
ln -s ex.folded link.folded
"$PROFTOP" --write-folded link.folded ex.prof 2>/dev/null
check "a symlink is refused" test $? = 2

# The UI: W to *.svg / *.folded and :flame FILE write what --flame does.
cp ex.prof ui.prof
printf ':write w.folded\n:flame w.svg\n:filter !\\(a\\)\nF\n:write z.folded\n:quit\n:quit\n' >ui.keys
TERM=xterm-256color COLUMNS=80 LINES=24 "$PROFTOP" --script ui.keys ui.prof >/dev/null 2>&1
check "ui: W to *.folded writes the folded stacks" cmp -s w.folded ex.folded
check "ui: :flame FILE writes the SVG" cmp -s <(sed 1,7d w.svg) <(sed 1,7d ex.svg)
check "ui: the flame view's write honours the filter" cmp -s z.folded f.folded

# A live reload keeps the zoom, and the selection where its function still
# is: zoomed into a, b selected; then b is gone and a takes its time.
"$py" "$SRCDIR/tests/flame/mkstacks.py" exact live.prof
"$py" "$SRCDIR/tests/flame/mkstacks.py" exact nob.prof nob
printf 'F\n<Down>\n<Enter>\n<Down>\n:save-display before.txt\n<Sleep 2500>\n:save-display after.txt\n' >live.keys
(for _ in $(seq 100); do [ -e before.txt ] && break; sleep 0.1; done
 cp nob.prof live.tmp && mv live.tmp live.prof) &
TERM=xterm-256color COLUMNS=80 LINES=24 timeout 60 "$PROFTOP" --watch live.prof --interval 0.1 \
	--script live.keys >/dev/null 2>&1
wait
check "live: zoomed into a, b selected before" \
	grep -q '^ b  ~60.0% 0.300s estimated' before.txt
check "live: the zoom kept after a reload" grep -q '^Flame graph of the whole profile, zoomed into a ' after.txt
check "live: b gone, the selection on a with its new time" \
	grep -q '^ a  ~100.0% 0.800s estimated | pstats: 1 calls tot 0.800 cum 0.800' after.txt

# CPU time limits, generous for sanitizers.
limit=1
sanitized && limit=8

# A graph of 2**60 paths: the width bounds the work, no path is walked
# below it, and the weights still add up to the total.
"$py" "$SRCDIR/tests/flame/mkstacks.py" diamond dia.prof
if [ -x /usr/bin/time ]; then
	/usr/bin/time -f '%U %S' -o dia.t "$PROFTOP" --write-folded dia.folded --flame dia.svg dia.prof
	read -r du ds <dia.t
	check "2**60 paths: written in under $((limit * 2)) s of CPU ($du+$ds s)" \
		awk -v u="$du" -v s="$ds" -v l="$limit" 'BEGIN { exit !(u + s < 2 * l) }'
fi
check "2**60 paths: at most 1/100000 of the total a stack" test "$(wc -l <dia.folded)" -le 200000
check "2**60 paths: the weights add up to the total, to the microsecond" \
	test "$(awk '{s += $NF} END {print s}' dia.folded)" = 1000000
rm -f dia.folded

# 200,000 functions, both shapes: CPU time, generous for sanitizers.
if [ -x /usr/bin/time ]; then
	for shape in local wide; do
		"$py" "$SRCDIR/bench/gen_synth.py" --shape "$shape" 200000 "big-$shape.prof"
		/usr/bin/time -f '%U %S' -o print.t "$PROFTOP" --print --limit 1 "big-$shape.prof" >/dev/null
		/usr/bin/time -f '%U %S' -o flame.t "$PROFTOP" --flame "big-$shape.svg" "big-$shape.prof"
		read -r pu ps <print.t
		read -r fu fs <flame.t
		check "200k $shape: --flame under ${limit}s of CPU beyond loading ($fu+$fs s, --print $pu+$ps s)" \
			awk -v f="$fu" -v g="$fs" -v p="$pu" -v q="$ps" -v l="$limit" 'BEGIN { exit !((f + g) - (p + q) < l) }'
		printf 'F\n:quit\nF\n:quit\n:quit\n' >open.keys
		TERM=xterm-256color COLUMNS=80 LINES=24 "$PROFTOP" --script open.keys --key-times open.t "big-$shape.prof" >/dev/null 2>&1
		us=$(awk '$1 == "flame" { n++; if (n == 2) print $2 }' open.t)
		check "200k $shape: the flame view opens in under $((limit * 100)) ms (${us:-?} us, the callee index built)" \
			test "${us:-999999999}" -lt $((limit * 100000))
		rm -f "big-$shape.prof" "big-$shape.svg"
	done
else
	skip "flame: /usr/bin/time missing"
fi
