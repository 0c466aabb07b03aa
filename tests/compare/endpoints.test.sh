#!/usr/bin/env bash
# --endpoints DIR over real Werkzeug ProfilerMiddleware dumps (Debian's
# python3-werkzeug): two endpoints of clearly different speeds, /fast and
# /slow/report (sleeps 100 ms), plus / and a nested POST path.  Checks the
# endpoint list's counts and ordering (headless, :save-display), opening an
# endpoint's merged profile and one request's, and --print --endpoints; paths
# shown with slashes, ids in them grouped (p and --raw-paths keep them apart),
# and a warning when Werkzeug's default names made dumps overwrite each other.
. "$(dirname "$0")/../lib.sh"
py=""
for p in /usr/bin/python3 $(pythons); do
	if "$p" -c 'import werkzeug.middleware.profiler, werkzeug.test' 2>/dev/null; then
		py=$p
		break
	fi
done
[ -n "$py" ] || { skip "endpoints: no Python with Werkzeug (apt-get install python3-werkzeug)"; exit 0; }
cd "$TESTTMP" || exit 1
export TERM=xterm-256color COLUMNS=100 LINES=24
fmt='{method}.{path}.{elapsed:.0f}ms.{time:.6f}.prof'   # two fast requests in one second must not collide
mkdir many one
"$py" "$SRCDIR/tests/compare/endpoint_app.py" many 12 5 "$fmt"
"$py" "$SRCDIR/tests/compare/endpoint_app.py" one 1 1
check "endpoints: Werkzeug wrote one dump per request" test "$(ls many | wc -l)" = 19

# The list, as --print and on screen.
"$PROFTOP" --print --endpoints many --endpoint-format "$fmt" > print.txt
check "endpoints: --print counts every request" grep -q '^many: 19 requests to 4 endpoints$' print.txt
rows() { sed -n "$2"'p' "$1" | awk '{ print $1, $(NF-1), $NF }'; }
check "endpoints: --print puts the slow endpoint first by total" test "$(rows print.txt 5)" = "5 GET /slow/report"
check "endpoints: its slowest request took at least 100 ms" \
	awk 'NR == 5 && $4 >= 100 { ok = 1 } END { exit !ok }' print.txt
check "endpoints: /fast counted 12 times" grep -Eq '^ +12 .* GET /fast$' print.txt
check "endpoints: the root path is / (Werkzeug names it 'root')" grep -Eq '^ +1 .* GET /$' print.txt
check "endpoints: a nested path shows its slashes" grep -Eq '^ +1 .* POST /api/v1/items$' print.txt
"$PROFTOP" --print --endpoints many --endpoint-format "$fmt" --sort count > count.txt
check "endpoints: --sort count puts /fast first" test "$(rows count.txt 5)" = "12 GET /fast"
"$PROFTOP" --print --endpoints one > default.txt
check "endpoints: Werkzeug's default names parse" grep -q '^one: 4 requests to 4 endpoints$' default.txt
check "endpoints: ... the slow one first" test "$(rows default.txt 5)" = "1 GET /slow/report"
"$PROFTOP" --print --endpoints many > skipped.txt
check "endpoints: names that do not fit the format are counted apart" \
	grep -q '^many: 0 requests to 0 endpoints (19 other files)$' skipped.txt

cat > keys <<'KEYS'
:save-display list.txt
<Enter>
:filter handler
:save-display merged.txt
:back
+
:save-display expanded.txt
j
<Enter>
:save-display request.txt
q
:sort count
:save-display by-count.txt
>
r
:save-display reversed.txt
:sort nope
:save-display bad-sort.txt
KEYS
"$PROFTOP" --script keys --endpoints many --endpoint-format "$fmt" > out.txt 2>&1
check "endpoints UI: the script runs" test $? = 0
check "endpoints UI: the header counts requests and endpoints" grep -q '^19 requests to 4 endpoints$' list.txt
check "endpoints UI: slow first by total" test "$(rows list.txt 4)" = "5 GET /slow/report"
check "endpoints UI: /fast with its 12 requests" grep -Eq '^ +12 .* GET /fast$' list.txt
check "endpoints UI: four endpoint rows" test "$(grep -Ec ' (GET|POST) ' list.txt)" = 4
check "endpoints UI: Enter merges the endpoint's 5 dumps" grep -q '(+4 more)' merged.txt
check "endpoints UI: ... slow_handler called 5 times" grep -Eq '^ +5 .*\(slow_handler\)' merged.txt
check "endpoints UI: ... and no fast request in it" bash -c "! grep -q 'fast\.' merged.txt"
check "endpoints UI: + lists the 5 requests" test "$(grep -c 'GET\.slow\.report\.' expanded.txt)" = 5
check "endpoints UI: ... slowest first" bash -c "grep 'GET\.slow\.report\.' expanded.txt | awk '{ print \$1 }' | sort -rn -c"
check "endpoints UI: Enter on a request opens that one dump" grep -Eq '^ +1 .*\(slow_handler\)' request.txt
check "endpoints UI: ... alone" bash -c "! grep -q 'more)' request.txt"
check "endpoints UI: sort count puts /fast first" test "$(rows by-count.txt 4)" = "12 GET /fast"
check "endpoints UI: the status line names the sort" grep -q 'sort: number of requests' by-count.txt
check "endpoints UI: > then r: mean, reversed" grep -q 'sort: mean elapsed time (reversed)' reversed.txt
check "endpoints UI: an unknown key lists the keys" grep -q 'endpoint sort keys: total count mean max name' bad-sort.txt

"$PROFTOP" --script keys --endpoints missing-dir > out.txt 2> err.txt
check "endpoints UI: a missing directory exits 2" test $? = 2
"$PROFTOP" --print --endpoints many --endpoint-format '{method}.{elapsed}' 2> err.txt
check "endpoints: a format without {path} is a usage error" test $? = 1
check "endpoints: ... that says so" grep -q 'needs {method}, {path} and {elapsed}' err.txt
"$PROFTOP" --print --endpoints many --sort calls 2> err.txt
check "endpoints: pstats sort keys do not apply" test $? = 1

# The mouse: a click selects the endpoint under it (the last one, where no
# sort would put the cursor); a click on the titles or below the last row
# does nothing.
printf ':sort count\n<Click 5,6>\n:save-display click.txt\n<Click 5,2>\n<Click 5,15>\n<Click 5,22>\n:save-display click-none.txt\n<Enter>\n:save-display click-open.txt\n' > mouse.keys
"$PROFTOP" --script mouse.keys --endpoints many --endpoint-format "$fmt" > out.txt 2>&1
check "endpoints UI: a click selects the endpoint under it" grep -q '^ 4/4  endpoints' click.txt
check "endpoints UI: a click off the rows does nothing" grep -q '^ 4/4  endpoints' click-none.txt
last=$(rows click.txt 7 | awk '{ p = substr($3, 2); gsub("/", ".", p); print $2 "." (p == "" ? "root" : p) }')
check "endpoints UI: Enter opens the endpoint clicked" grep -qF "$last." click-open.txt

# Paths with ids: grouped by default, apart with p or --raw-paths.
mkdir ids crowd
"$py" "$SRCDIR/tests/compare/endpoint_app.py" ids 2 0 "$fmt" ids
"$PROFTOP" --print --endpoints ids --endpoint-format "$fmt" > ids.txt
check "endpoints: numbers in a path group as <int>" grep -Eq '^ +4 .* GET /api/v1/users/<int>/orders$' ids.txt
check "endpoints: a UUID as <uuid>" grep -Eq '^ +1 .* GET /files/<uuid>$' ids.txt
check "endpoints: a long hex id as <hex>" grep -Eq '^ +1 .* GET /blobs/<hex>/raw$' ids.txt
check "endpoints: ... and no id stays" bash -c "! grep -Eq '/(7|42|123e4567|0123456789abcdef)' ids.txt"
"$PROFTOP" --print --endpoints ids --endpoint-format "$fmt" --raw-paths > raw.txt
check "endpoints: --raw-paths keeps each user apart" \
	test "$(grep -Ec '^ +2 .* GET /api/v1/users/(7|42)/orders$' raw.txt)" = 2
check "endpoints: --raw-paths keeps the UUID" grep -q 'GET /files/123e4567-e89b-12d3-a456-426614174000$' raw.txt
printf ':save-display grouped.txt\np\n:save-display apart.txt\np\n:save-display regrouped.txt\n' > ids.keys
"$PROFTOP" --script ids.keys --endpoints ids --endpoint-format "$fmt" > out.txt 2>&1
check "endpoints UI: ids grouped at first" grep -Eq '^ +4 .* GET /api/v1/users/<int>/orders$' grouped.txt
check "endpoints UI: ... the status says so" grep -q 'ids grouped' grouped.txt
check "endpoints UI: p shows each path" \
	test "$(grep -Ec '^ +2 .* GET /api/v1/users/(7|42)/orders$' apart.txt)" = 2
check "endpoints UI: ... counted apart" grep -q '^10 requests to 7 endpoints$' apart.txt
check "endpoints UI: ... and together" grep -q '^10 requests to 6 endpoints$' grouped.txt
check "endpoints UI: p again groups them" grep -Eq '^ +4 .* GET /api/v1/users/<int>/orders$' regrouped.txt

# Werkzeug's default names repeat within a second: fast requests to one path
# overwrite each other's dumps (dump_stats rewrites the file in place, so it
# keeps the first request's birth time), and the view says so.  Enough of
# them to last well past the 100 ms a rewrite must come after: 300 took
# 200 ms here, and split where the names' rounded second changes, each
# part of them can stay under 100 ms (a CI run caught no rewrite).
"$py" "$SRCDIR/tests/compare/endpoint_app.py" crowd 1500 0
requests=1503 dumps=$(ls crowd | wc -l)
check "endpoints: Werkzeug's default names lost dumps ($dumps for $requests requests)" test "$dumps" -lt "$requests"
"$PROFTOP" --print --endpoints crowd > crowd.txt
printf ':save-display crowd-ui.txt\n' > crowd.keys
"$PROFTOP" --script crowd.keys --endpoints crowd > out.txt 2>&1
if [ "$(stat -c %W crowd/"$(ls crowd | head -1)")" != 0 ]; then
	check "endpoints: --print says dumps were overwritten" \
		grep -Eq "dumps overwritten: [1-9][0-9]* of $dumps rewritten by later requests" crowd.txt
	check "endpoints UI: the list says so" grep -q '^dumps overwritten: ' crowd-ui.txt
else
	skip "endpoints: overwritten dumps: no birth times on this file system"
fi
# Names alone: dumps that share a path and a second may have overwritten others.
mkdir names
touch names/GET.fast.1ms.1700000000.prof names/GET.fast.2ms.1700000000.prof names/GET.fast.1ms.1700000001.prof
"$PROFTOP" --print --endpoints names > names.txt
check "endpoints: dumps sharing a path and second may have been overwritten" \
	grep -q 'dumps may have been overwritten: 2 of 3 share a path and second' names.txt
"$PROFTOP" --print --endpoints names --endpoint-format '{method}.{path}.{elapsed:.0f}ms.{time}.prof' > exact.txt
check "endpoints: ... not when the names hold the time's fraction" bash -c "! grep -q overwritten exact.txt"
check "endpoints: no such warning when names hold microseconds" bash -c "! grep -q overwritten print.txt list.txt"
