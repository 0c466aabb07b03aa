#!/usr/bin/env bash
# Every signal that ends proftop leaves the terminal as it found it (issue
# 16, item 9): out of the alternate screen, mouse reporting and keypad mode
# off, canonical mode and echo back, and the program dies of that signal
# (its default action, re-raised).  Checked on a real terminal (tmux).
. "$(dirname "$0")/../lib.sh"
command -v tmux >/dev/null || { skip "e2e signals: tmux not installed"; exit 0; }
cd "$TESTTMP" || exit 1
cp "$SRCDIR/data/sample.prof" signal-me.prof
sock=proftop-signals-$$
tm() { tmux -L "$sock" -f /dev/null "$@"; }
trap 'tm kill-server 2>/dev/null' EXIT

signals="QUIT ABRT USR1 USR2 ALRM PIPE XCPU TRAP SYS"
# ASan turns these into its own report and exit.
ldd "$PROFTOP" 2>/dev/null | grep -q libasan || signals="$signals SEGV BUS FPE ILL"

for sig in $signals; do
	rm -f status stty.txt
	tm new-session -d -x 100 -y 30 -s "$sig" \
		"cd '$TESTTMP' && ulimit -c 0; TERM=xterm-256color PROFTOP_CONFIG=/dev/null sh -c '\"$PROFTOP\" signal-me.prof; echo \$? > status; stty -a > stty.txt; sleep 30'"
	for i in $(seq 100); do
		tm capture-pane -p -t "$sig" | grep -q 'function calls' && break
		sleep 0.1
	done
	up=$(tm display -p -t "$sig" '#{alternate_on}#{mouse_any_flag}')
	if [ "$up" != 11 ]; then
		fail "e2e signals: $sig: the table is up with the mouse on (got '$up')"
		continue
	fi
	pid=$(pgrep -n -f "^$PROFTOP signal-me.prof")
	[ -n "$pid" ] && kill -s "$sig" "$pid"
	for i in $(seq 100); do
		[ -s stty.txt ] && break
		sleep 0.1
	done
	want=$((128 + $(kill -l "$sig")))
	check "e2e signals: $sig ends proftop with its default action (status $(cat status 2>/dev/null), want $want)" \
		grep -qx "$want" status
	got=$(tm display -p -t "$sig" '#{alternate_on} #{mouse_any_flag} #{mouse_sgr_flag} #{keypad_flag}')
	check "e2e signals: $sig: alternate screen, mouse and keypad off (got '$got')" test "$got" = "0 0 0 0"
	check "e2e signals: $sig: canonical mode and echo are back" \
		grep -qE '(^| )icanon( |.*)(^| )echo( |$)' stty.txt
	tm kill-session -t "$sig" 2>/dev/null
done
