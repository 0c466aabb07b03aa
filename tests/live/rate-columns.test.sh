#!/usr/bin/env bash
# Live mode's rate columns (+calls, calls/s, time/s) in the table, and the
# sort by them: a writer rewrites the dump while proftop watches it headless.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
[ -n "$py" ] || { skip "rate columns: no Python 3"; exit 0; }
cd "$TESTTMP" || exit 1
export TZ=UTC LC_ALL=C.UTF-8 LINES=12 COLUMNS=160 TERM=xterm
cat > writer.py <<'PY'
import marshal, os, sys, time
def dump(step):
    stats = {}
    for name, per_step in (("cold", 0), ("warm", 5), ("hot", 50)):
        n = 100 + per_step * step
        # hot in a directory of its own: unique paths name it hot/app.py
        path = "/srv/hot/app.py" if name == "hot" else "/srv/app.py"
        stats[(path, len(name), name)] = (n, n, 0.001 * n, 0.001 * n, {})
    with open("live.prof.tmp", "wb") as f:
        marshal.dump(stats, f)
    os.rename("live.prof.tmp", "live.prof")
dump(0)
if len(sys.argv) > 1:
    end = time.time() + float(sys.argv[1])
    step = 0
    while time.time() < end:
        step += 1
        time.sleep(0.1)
        dump(step)
PY
"$py" writer.py
printf ':save-display still.txt\n' > keys0
"$PROFTOP" --script keys0 live.prof > out0 2>&1
check "rate columns: not shown without live mode" bash -c '! grep -q "calls/s" still.txt'
"$py" writer.py 6 &
writer=$!
cat > keys <<'K'
<Sleep 1500>
:sort callrate
<Sleep 700>
:save-display rates.txt
M
<Click 5,3>
:save-display movers-click.txt
<Click 5,1>
<Click 5,10>
:save-display movers-title.txt
<Enter>
:save-display movers-enter.txt
q
q
p
M
<Enter>
:save-display movers-unique.txt
K
timeout 30 "$PROFTOP" --watch live.prof --interval 0.2 --script keys > out 2>&1
status=$?
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null
check "rate columns: the script runs" test "$status" -eq 0
check "rate columns: titles" grep -qE '\+calls +calls/s[^ ]* +time/s' rates.txt
check "rate columns: sorted by calls per second" grep -q 'sort: calls per second' rates.txt
rows=$(grep -E 'app.py:[0-9]+\((hot|warm|cold)\)' rates.txt)
check "rate columns: the hot function first" test "$(head -1 <<<"$rows" | grep -o '(hot)')" = "(hot)"
check "rate columns: the cold one last" test "$(tail -1 <<<"$rows" | grep -o '(cold)')" = "(cold)"
# The mouse in the top movers (hot above warm; cold did not move): a click
# selects the row under it, one on the titles or the status line nothing.
check "rate columns: movers: a click selects the second row" grep -q '^ 2/2' movers-click.txt
check "rate columns: movers: a click on the titles or status does nothing" grep -q '^ 2/2' movers-title.txt
check "rate columns: movers: Enter opens the row clicked" grep -q '^warm$' movers-enter.txt
# With unique paths the table's profile numbers its functions its own way:
# Enter opens the same function there (it opened a short-path id: zeros).
check "rate columns: movers: Enter opens the function with unique paths" \
	grep -qE '^ +[1-9][0-9]* +[0-9.]+ +[0-9.]+ +[0-9.]+% hot/app\.py:3\(hot\)$' movers-unique.txt
"$py" - "$TESTTMP/rates.txt" <<'PY'
import re, sys
rate = {}
for line in open(sys.argv[1]):
    m = re.search(r"\((hot|warm|cold)\)$", line.rstrip())
    if m:
        f = line.split()
        rate[m.group(1)] = float(f[-3])   # calls/s: before time/s and the name
ok = rate.get("hot", 0) > rate.get("warm", 0) > 0 and rate.get("cold", 1) == 0
print("PASS: rate columns: calls/s hot > warm > 0 = cold (%s)" % rate if ok
      else "FAIL: rate columns: calls/s hot > warm > 0 = cold (%s)" % rate)
PY
