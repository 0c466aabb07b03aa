#!/usr/bin/env bash
# The interactive table in a real terminal: tmux runs proftop, send-keys
# types, capture-pane reads the screen.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
if ! command -v tmux >/dev/null; then
	skip "e2e table: tmux not installed"
	exit 0
fi
if [ -z "$py" ]; then
	skip "e2e table: no Python 3 to write the dump"
	exit 0
fi
cd "$TESTTMP"
"$py" "$SRCDIR/tests/ui/mkdump.py" table t.prof
sock=proftop-e2e-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null' EXIT
# a session that outlives each proftop, so the server stays up between runs
tm new-session -d -s keep "sleep 600"
# keep a pane that ended, to read its last screen and exit status
tm set-option -g remain-on-exit on

screen() { tm capture-pane -p -t "$cur"; }
screen_sgr() { tm capture-pane -p -e -t "$cur"; }
# wait_for TEXT: up to 10 s for TEXT on the screen
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
# Each run: bash in the pane runs proftop in the foreground and writes its
# exit status to status.N (tmux's own record of it races with the pane's
# end); bash traps the signals so that only proftop reacts to them.
cat >run.sh <<'EOS'
n=$1 term=$2
shift 2
trap : INT TERM HUP
TERM=$term LC_ALL=C.UTF-8 "$PROFTOP" "$@" 2>"err.$n"
echo $? >"status.$n"
EOS
# dead_status: proftop's exit status once it has ended, within 20 s
dead_status() {
	local i
	for i in $(seq 200); do
		if [ -s "status.$runs" ]; then
			cat "status.$runs"
			return 0
		fi
		sleep 0.1
	done
	echo "still running"
}
# proftop_pid: the process bash runs in the pane
proftop_pid() {
	ps -o pid= --ppid "$(tm display -p -t "$cur" '#{pane_pid}')" | tr -d ' '
}
# start TERM [proftop args]: a fresh session for each run
runs=0
start() {
	local term=$1
	shift
	runs=$((runs + 1))
	cur=run$runs
	tm new-session -d -s "$cur" -x 100 -y 30 "PROFTOP=$PROFTOP bash run.sh $runs $term ${*:-t.prof}"
}

start xterm-256color
check "e2e table opens" wait_for "function calls (605 primitive calls)"
check "e2e opens sorted by cumulative time" wait_for "sort: cumulative time"
check "e2e all columns at 100 columns" wait_for "percall  %tot  %cum filename:lineno(function)"
check "e2e ... from ncalls" wait_for "   ncalls  tottime  percall "
# heat of %tot in colour: green from 1 %, yellow from 5 %
check "e2e colours: heat" test -n "$(tm capture-pane -p -e -t "$cur" | grep -F $'\e[33m  7.3')"
tm send-keys -t "$cur" f v i e w s
check "e2e filter applies as you type" wait_for "of 42  sort: cumulative time  filter: views"
tm send-keys -t "$cur" Enter '>'
check "e2e sort by the next column" wait_for "sort: cumulative time per call"
tm send-keys -t "$cur" G
check "e2e G goes to the last row" wait_for " 13/13 of 42"
tm send-keys -t "$cur" F1
check "e2e F1 opens the help" wait_for "Keys and :commands"
tm send-keys -t "$cur" q
check "e2e q leaves the help" wait_for "filter: views"
tm resize-window -t "$cur" -x 40 -y 10
# narrow: whole columns go, the sort column (percall) stays
check "e2e redraws on resize" wait_for "cumtime percall▼ filename:lineno"
tm send-keys -t "$cur" q
st=$(dead_status)
check "e2e q quits with status 0 (got $st)" test "$st" = 0

for term in screen vt100; do
	start $term
	check "e2e TERM=$term opens" wait_for "621 function calls"
	if [ $term = vt100 ]; then
		# monochrome: reverse video for the titles and cursor, no colour
		check "e2e TERM=vt100 is monochrome" test -z "$(screen_sgr | grep -E $'\e\\[(3[0-7]|4[0-7])m')"
		check "e2e TERM=vt100 uses reverse video" test -n "$(screen_sgr | grep -F $'\e[7m')"
	fi
	tm send-keys -t "$cur" q
	st=$(dead_status)
	check "e2e TERM=$term quits (got $st)" test "$st" = 0
done

start xterm-256color
wait_for "621 function calls" >/dev/null
kill -TERM "$(proftop_pid)"
st=$(dead_status)
check "e2e SIGTERM ends cleanly with 128+15 (got $st)" test "$st" = 143
start xterm-256color
wait_for "621 function calls" >/dev/null
tm send-keys -t "$cur" C-c
check "e2e C-c (SIGINT) ends cleanly with 128+2" test "$(dead_status)" = 130

# escape bytes in names reach the terminal as text, never as sequences
"$py" "$SRCDIR/tests/ui/mkdump.py" hostile h.prof
start xterm-256color h.prof
check "e2e escape bytes are shown escaped" wait_for 'red\x1b[31mALERT\x1b[0m)'
check "e2e bidi controls are shown escaped" wait_for 'safe\u202eexe.txt'
check "e2e wide characters are drawn" wait_for '/tmp/日本語.py:5(関数_wide)'
# a raw ESC[31m would have turned the rest of the line red in the pane
check "e2e no colour leaked from a name" test -z "$(tm capture-pane -p -e -t "$cur" | grep -F 'ALERT' | grep -F $'\e[31m')"
tm send-keys -t "$cur" q

# in a real terminal, TERM=dumb is refused
start dumb
check "e2e TERM=dumb refuses with status 1" test "$(dead_status)" = 1
check "e2e TERM=dumb suggests --print" grep -q "TERM=dumb cannot show the interactive table; use --print" "err.$runs"
