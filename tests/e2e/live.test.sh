#!/usr/bin/env bash
# Live mode end to end with real parts: a WSGI app behind a profiling
# middleware (tests/live/app.py) hammered by ab, proftop --watch in tmux,
# the screen read with capture-pane.  Loopback only, a free port, every wait
# bounded, the server and tmux killed at the end.
. "$(dirname "$0")/../lib.sh"
app=$SRCDIR/tests/live/app.py

py=""
for p in /usr/bin/python3 $(newest_python3); do
	[ -x "$p" ] && { py=$p; break; }
done
for tool in tmux ab; do
	if ! command -v $tool >/dev/null; then
		skip "live e2e: $tool not installed (Debian: tmux, apache2-utils)"
		exit 0
	fi
done
if [ -z "$py" ]; then
	skip "live e2e: no Python 3"
	exit 0
fi
if ! "$PROFTOP" --help | grep -q -- '--watch'; then
	skip "live e2e: this proftop has no --watch"
	exit 0
fi
printf ':pause\n:save-display %s\n' "$TESTTMP/probe.txt" >"$TESTTMP/probe.keys"
"$PROFTOP" --watch "$TESTTMP/none.prof" --script "$TESTTMP/probe.keys" >/dev/null 2>&1
if ! grep -q 'paused' "$TESTTMP/probe.txt" 2>/dev/null; then
	skip "live e2e: the UI has no live keys (the live keys are not hooked in)"
	exit 0
fi

sock=none
socks=()
pids=()
cleanup() {
	for s in "${socks[@]}"; do tmux -L "$s" kill-server 2>/dev/null; done
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
}
trap cleanup EXIT

# start_app MODE TARGET: runs app.py, sets $port
start_app() {
	local portfile=$TESTTMP/port.$1 i
	timeout 300 "$py" "$app" "$1" "$2" "$portfile" 2>"$TESTTMP/app.$1.err" &
	pids+=($!)
	for i in $(seq 100); do
		[ -s "$portfile" ] && break
		sleep 0.1
	done
	port=$(cat "$portfile" 2>/dev/null)
	[ -n "$port" ]
}

# hit N PATH [CONCURRENCY]: N requests, all answered
hit() {
	timeout 120 ab -q -n "$1" -c "${3:-4}" "http://127.0.0.1:$port$2" >"$TESTTMP/ab.out" 2>&1 &&
		grep -q "^Complete requests: *$1\$" "$TESTTMP/ab.out" &&
		grep -q '^Failed requests: *0$' "$TESTTMP/ab.out"
}

screen() { tmux -L "$sock" capture-pane -p -t live; }
keys() { tmux -L "$sock" send-keys -t live "$@"; }
# the ncalls shown for the function NAME ("12/3" gives 12), or "none"
calls_of() {
	screen | awk -v f="($1)" 'index($0, f) && $1 ~ /^[0-9]/ { split($1, a, "/"); print a[1]; found = 1; exit }
		END { if (!found) print "none" }'
}
# wait_for SECONDS CMD...: until CMD succeeds
wait_for() {
	local end=$((SECONDS + $1))
	shift
	while [ $SECONDS -lt $end ]; do
		"$@" && return 0
		sleep 0.2
	done
	"$@"
}
shows() { screen | grep -q -- "$1"; }
# movers_show NAME: the movers view lists NAME with calls/s above zero
movers_show() {
	screen | awk -v f="($1)" '/^Top movers/ { movers = 1 }
		movers && index($0, f) && $1 + 0 > 0 { found = 1 } END { exit !found }'
}
movers_hide() { shows 'Top movers' && ! shows "($1)"; }
calls_are() { [ "$(calls_of "$1")" = "$2" ]; }
explain() {
	echo "    screen:"
	screen | sed 's/^/    | /'
}
# start_ui ARGS...: proftop in a 120x40 tmux window, on a tmux server of its
# own (a server being killed may still answer a new client)
start_ui() {
	[ "$sock" = none ] || tmux -L "$sock" kill-server 2>/dev/null
	sock=proftop-live-$$-${#socks[@]}
	socks+=("$sock")
	tmux -L "$sock" new-session -d -x 120 -y 40 -s live \
		"env TERM=screen LC_ALL=C.UTF-8 $PROFTOP $* 2>$TESTTMP/ui.err; sleep 30"
}

# ---- one accumulated dump, rewritten after every request ----
dump=$TESTTMP/app.prof
if ! start_app accumulate "$dump"; then
	fail "live e2e: the app starts"
	sed 's/^/    /' "$TESTTMP/app.accumulate.err"
	exit 0
fi
check "live e2e: 10 warm-up requests" hit 10 /
start_ui --watch "$dump" --interval 0.5
if wait_for 15 shows 'updated .* ago'; then pass "live e2e: proftop shows the live status"; else fail "live e2e: proftop shows the live status"; explain; cat "$TESTTMP/ui.err"; exit 0; fi
check "live e2e: first snapshot, 10 requests" wait_for 10 calls_are handle_index 10

# sort by calls, filter (render_row, render), cursor on the second row: render
keys : ; keys -l 'sort calls'; keys Enter
keys : ; keys -l 'filter render'; keys Enter
keys j
check "live e2e: filter and sort set" wait_for 5 shows 'sort: call count.*filter: render'
check "live e2e: cursor on row 2 of 2" wait_for 5 shows ' 2/2 '

# long enough (2000 requests) for the rates and the movers to be seen moving
hit 2000 / &
abpid=$!
if wait_for 20 shows ' [1-9][0-9,]* calls/s'; then pass "live e2e: calls/s above zero under load"; else fail "live e2e: calls/s above zero under load"; explain; fi
# top movers while the load runs: render_row moves (the filter applies)
keys M
if wait_for 10 movers_show render_row; then pass "live e2e: top movers under load"; else fail "live e2e: top movers under load"; explain; fi
check "live e2e: top movers apply the table's filter" movers_hide handle_index
keys q
wait "$abpid"
check "live e2e: ab -n 2000 -c 4 all answered" test $? -eq 0
# every request renders 20 rows
if wait_for 20 calls_are render_row 40200; then pass "live e2e: call counts grew to 2010 requests"; else fail "live e2e: call counts grew to 2010 requests"; explain; fi
check "live e2e: sort and filter kept across reloads" shows 'sort: call count.*filter: render'
check "live e2e: cursor still on row 2" shows ' 2/2 '
check "live e2e: only the filtered functions" calls_are handle_index none
keys Enter
if wait_for 5 shows 'Called by' && screen | head -1 | grep -q '^render *$'; then
	pass "live e2e: the cursor stayed on its function (render)"
else
	fail "live e2e: the cursor stayed on its function (render)"; explain
fi
keys q
if wait_for 10 shows ' 0 calls/s'; then pass "live e2e: calls/s falls to 0 after the load"; else fail "live e2e: calls/s falls to 0 after the load"; explain; fi

# the middleware's clear deletes the dump: waited for, then followed
check "live e2e: clear" hit 1 /__clear 1
if wait_for 10 shows 'waiting for'; then pass "live e2e: a deleted dump is waited for"; else fail "live e2e: a deleted dump is waited for"; explain; fi
check "live e2e: the last snapshot stays browsable" calls_are render_row 40200
hit 5 / 1
if wait_for 10 calls_are render_row 100; then pass "live e2e: the re-created dump is followed"; else fail "live e2e: the re-created dump is followed"; explain; fi
check "live e2e: a new run is said" shows 'new run'

# z: only the requests made after it
keys z
check "live e2e: z sets a baseline" wait_for 5 shows 'baseline'
check "live e2e: nothing yet since the baseline" wait_for 5 calls_are render_row none
hit 50 /
if wait_for 15 calls_are render_row 1000; then pass "live e2e: after z, only the 50 new requests"; else fail "live e2e: after z, only the 50 new requests"; explain; fi
check "live e2e: after z, render called 50 times" calls_are render 50
keys Z
if wait_for 5 calls_are render_row 1100; then pass "live e2e: Z shows the whole run again"; else fail "live e2e: Z shows the whole run again"; explain; fi

# an open drill-down follows the reloads (z emptied the table for a while:
# the cursor went back to the top; G puts it on render again)
keys G
keys Enter
check "live e2e: drill-down on render" wait_for 5 calls_are render 55
hit 5 / 1
if wait_for 10 calls_are render 60 && screen | head -1 | grep -q '^render *$'; then
	pass "live e2e: the open drill-down follows the reloads"
else
	fail "live e2e: the open drill-down follows the reloads"; explain
fi
keys q
check "live e2e: back in the table, cursor kept" wait_for 5 shows ' 2/2 '

# P pauses, R reloads
keys P
check "live e2e: P pauses" wait_for 5 shows 'paused'
hit 5 / 1
sleep 1.5
check "live e2e: paused, nothing moves" calls_are render_row 1200
keys R
if wait_for 5 calls_are render_row 1300; then pass "live e2e: R reloads while paused"; else fail "live e2e: R reloads while paused"; explain; fi
keys P
keys q

# w: a dump opened without --watch starts being followed
cp "$dump" "$TESTTMP/copy.prof"
start_ui "$TESTTMP/copy.prof"
check "live e2e w: opened without watching" wait_for 10 calls_are render_row 1300
if shows 'updated .* ago'; then fail "live e2e w: not live before w"; else pass "live e2e w: not live before w"; fi
keys w
check "live e2e w: w starts watching" wait_for 5 shows 'updated .* ago'
hit 10 / 1
cp "$dump" "$TESTTMP/copy.prof"
if wait_for 10 calls_are render_row 1500; then pass "live e2e w: the rewritten copy is followed"; else fail "live e2e w: the rewritten copy is followed"; explain; fi
keys q
# w over a file that is no dump by itself (gzip: read whole, not followed)
gzip -c "$dump" >"$TESTTMP/arch.prof.gz"
printf 'w\n:save-display %s\n' "$TESTTMP/wgz.txt" >"$TESTTMP/wgz.keys"
"$PROFTOP" "$TESTTMP/arch.prof.gz" --script "$TESTTMP/wgz.keys" >/dev/null 2>&1
if grep -q '^watch: .*not a pstats dump' "$TESTTMP/wgz.txt" && grep -q '(handle_index)' "$TESTTMP/wgz.txt"; then
	pass "live e2e w: a gzip'd dump is not followed, the table stays"
else
	fail "live e2e w: a gzip'd dump is not followed, the table stays"
	sed 's/^/    | /' "$TESTTMP/wgz.txt"
fi

# ---- Werkzeug's ProfilerMiddleware: one dump per request into a directory ----
if ! "$py" -c 'import werkzeug.middleware.profiler' 2>/dev/null; then
	skip "live e2e dir: no werkzeug for $py (Debian: python3-werkzeug)"
	exit 0
fi
mkdir -p "$TESTTMP/dumps"
if ! start_app dir "$TESTTMP/dumps"; then
	fail "live e2e dir: the app starts"
	sed 's/^/    /' "$TESTTMP/app.dir.err"
	exit 0
fi
start_ui --watch "$TESTTMP/dumps" --interval 0.5
check "live e2e dir: proftop waits for dumps" wait_for 15 shows '0 dumps'
check "live e2e dir: ab -n 200 -c 4 /" hit 200 /
check "live e2e dir: ab -n 20 -c 4 /slow" hit 20 /slow
if wait_for 20 calls_are handle_index 200; then pass "live e2e dir: 200 per-request dumps merged"; else fail "live e2e dir: 200 per-request dumps merged"; explain; fi
check "live e2e dir: the slow endpoint too" wait_for 10 calls_are handle_slow 20
check "live e2e dir: the status counts the dumps" wait_for 5 shows '220 dumps'
keys q
