#!/usr/bin/env bash
# A crash inside proftop (here a SIGSEGV sent to it) leaves the terminal as
# it found it: out of the alternate screen, canonical mode and echo back on.
# The parent is sh, which restores nothing itself.
. "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || { skip "e2e crash: tmux not installed"; exit 0; }
if ldd "$PROFTOP" 2>/dev/null | grep -q libasan; then
	# ASan turns SIGSEGV into its own report and exit; what is checked
	# here is the plain build's handler.
	skip "e2e crash: sanitizer build handles SIGSEGV itself"
	exit 0
fi
cd "$TESTTMP" || exit 1
cp "$SRCDIR/data/sample.prof" crash-me.prof
sock=proftop-crash-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null' EXIT
tm new-session -d -x 100 -y 30 -s crash \
	"cd '$TESTTMP' && TERM=xterm-256color PROFTOP_CONFIG=/dev/null sh -c '\"$PROFTOP\" crash-me.prof; echo \$? > status; stty -a > stty.txt; sleep 30'"
for i in $(seq 100); do
	tm capture-pane -p -t crash | grep -q 'function calls' && break
	sleep 0.1
done
check "e2e crash: the table is up" test "$(tm display -p -t crash '#{alternate_on}')" = 1
pid=$(pgrep -n -f "crash-me.prof" -x 2>/dev/null || pgrep -n -f "^$PROFTOP crash-me.prof")
check "e2e crash: found proftop's pid" test -n "$pid"
[ -n "$pid" ] && kill -SEGV "$pid"
for i in $(seq 100); do
	[ -s stty.txt ] && break
	sleep 0.1
done
check "e2e crash: proftop died of SIGSEGV" grep -qx 139 status
check "e2e crash: the alternate screen is left" test "$(tm display -p -t crash '#{alternate_on}')" = 0
check "e2e crash: canonical mode is back" grep -qE '(^| )icanon( |$)' stty.txt
check "e2e crash: echo is back" grep -qE '(^| )echo( |$)' stty.txt
