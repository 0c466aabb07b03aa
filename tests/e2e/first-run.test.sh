#!/usr/bin/env bash
# The first run, as `./dev.sh run` does it: proftop on data/sample.prof in a
# real terminal (tmux, 80x24).  The first screen is sorted by cumulative
# time, descending: its rows are pstats' sort_stats('cumulative') order (the
# oracle: Python's pstats on the same dump), the hottest at the top, with the
# cursor on row 1.  Then a re-sort shows the top of the new order.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
command -v tmux >/dev/null || { skip "e2e first run: tmux not installed"; exit 0; }
[ -n "$py" ] || { skip "e2e first run: no Python 3 for the oracle"; exit 0; }
cd "$TESTTMP" || exit 1
cp "$SRCDIR/data/sample.prof" sample.prof
sock=proftop-first-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null' EXIT

# oracle KEY: the functions in pstats' KEY order, one "file:line(name)" a line
oracle() {
	"$py" - "$1" <<'EOF'
import pstats, sys
s = pstats.Stats("sample.prof")
s.sort_stats(sys.argv[1])
for f in s.fcn_list:
    print(pstats.func_std_string(f))
EOF
}
oracle cumulative > cumulative.txt
oracle tottime > tottime.txt

tm new-session -d -x 80 -y 24 -s first \
	"cd '$TESTTMP' && TERM=xterm-256color LC_ALL=C.UTF-8 PROFTOP_CONFIG=/dev/null '$PROFTOP' sample.prof; sleep 30"
screen() { tm capture-pane -p -t first; }
wait_for() {
	local i
	for i in $(seq 100); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	echo "    timed out waiting for: $1"
	screen | sed 's/^/    | /'
	return 1
}

# rows_follow ORDER: the screen's rows are ORDER's first ones, read from
# the column where the title "filename:lineno(function)" starts; a name cut
# at the left shows its end after "…".
rows_follow() {
	screen > screen.txt
	"$py" - "$1" <<'EOF'
import sys
lines = open("screen.txt", encoding="utf-8").read().rstrip("\n").split("\n")
want = open(sys.argv[1], encoding="utf-8").read().split("\n")
col = lines[2].index("filename:lineno(function)")
rows = [l[col:].rstrip() for l in lines[3:-2]]   # above the status and key lines
rows = [r for r in rows if r]
ok = bool(rows)
for w, g in zip(want, rows):
    if not (w == g or (g.startswith("\u2026") and w.endswith(g[1:]))):
        print("    want %r, got %r" % (w, g))
        ok = False
sys.exit(0 if ok else 1)
EOF
}
# the status line: the cursor's row of the rows
status() { screen | sed -n '23p'; }
# the body's lines drawn with the cursor's background (cyan), by number
cursor_line() { tm capture-pane -p -e -t first | sed -n '4,22p' | grep -n $'\e\\[46m' | cut -d: -f1 | paste -sd' '; }

check "e2e first run: the table is up" wait_for "function calls"
check "e2e first run: sorted by cumulative time" wait_for "sort: cumulative time"
check "e2e first run: the rows are pstats' cumulative order, the hottest at the top" rows_follow cumulative.txt
check "e2e first run: the cursor is on row 1 (status: $(status))" test "$(status | awk '{ print $1 }' | cut -d/ -f1)" = 1
check "e2e first run: the first row is drawn as the cursor (body line $(cursor_line))" test "$(cursor_line)" = 1

# somewhere down, then a new sort: its top, the cursor on row 1 again
tm send-keys -t first G
wait_for " $(wc -l < cumulative.txt)/$(wc -l < cumulative.txt)" >/dev/null
tm send-keys -t first : s o r t Space t o t t i m e Enter
check "e2e first run: :sort tottime sorts" wait_for "sort: internal time"
check "e2e first run: ... and shows its top" rows_follow tottime.txt
check "e2e first run: ... with the cursor on row 1 (status: $(status))" test "$(status | awk '{ print $1 }' | cut -d/ -f1)" = 1
check "e2e first run: ... drawn on its first line (body line $(cursor_line))" test "$(cursor_line)" = 1
tm send-keys -t first q
