#!/usr/bin/env bash
# v and o: the selected function's source and the editor.  Golden screens
# of the source view through the headless harness (tests/ui/source/cases,
# run by golden_cases: UPDATE=1 rewrites tests/ui/source/golden), then the
# editor with a stub that records its arguments.
. "$(dirname "$0")/../lib.sh"
here=$SRCDIR/tests/ui/source
py=$(newest_python3)
[ -n "$py" ] || { skip "source: no Python 3 to write the dump"; exit 0; }
export TZ=UTC LC_ALL=C.UTF-8
data=$TESTTMP/data
mkdir -p "$data"
# the dump in data/, the files it names in $TESTTMP/src: the cases run in
# $TESTTMP/golden-NAME and map /srv/app to ../src
"$py" "$here/mksource.py" "$TESTTMP"
mv "$TESTTMP/s.prof" "$data/"
golden_cases "source" "$here/cases" "$here/golden" "$data"

# o: the editor at the function's line.  A stub records its arguments (one
# a line) and exits with $STUB_STATUS; the screen must come back whole.
cd "$TESTTMP" || exit 1
mkdir -p edit && cp "$data/s.prof" edit/ && cd edit || exit 1
cat > stub.sh <<'STUB'
#!/bin/sh
: > "$STUB_LOG"
for a in "$@"; do printf '%s\n' "$a" >> "$STUB_LOG"; done
exit "${STUB_STATUS:-0}"
STUB
chmod +x stub.sh
printf ':search handler\no\n:save-display after.txt\n' > table.keys
printf ':search render\nv\no\n:save-display after.txt\n' > view.keys
printf ':search main\n<Enter>\n<Tab>\no\n:save-display after.txt\n' > detail.keys
run_edit() {   # run_edit KEYS: proftop with the map, the stub's log in log.txt
	rm -f log.txt after.txt
	STUB_LOG=$PWD/log.txt LINES=24 COLUMNS=80 TERM=xterm \
		"$PROFTOP" --path-map /srv/app=../src --script "$1" s.prof > out.txt 2>&1
}
unset VISUAL
EDITOR=$PWD/stub.sh run_edit table.keys
check "editor: \$EDITOR runs with +LINE FILE" test "$(cat log.txt 2>/dev/null)" = "$(printf '+10\n../src/app.py')"
check "editor: the table is drawn again after it" grep -q '/srv/app/app.py:10(handler)' after.txt
check "editor: no message after a good exit" test "$(tail -n 1 after.txt)" = "q quit  ? help  s sort  r reverse  f filter  / search  p paths  : command"
VISUAL=$PWD/stub.sh EDITOR=false run_edit view.keys
check "editor: \$VISUAL before \$EDITOR, from the source view" \
	test "$(cat log.txt 2>/dev/null)" = "$(printf '+16\n../src/app.py')"
check "editor: the source view is drawn again after it" grep -q '^▶ 16  def render' after.txt
EDITOR="$PWD/stub.sh --wait -n" run_edit detail.keys
check "editor: an editor with arguments, split as git does" \
	test "$(cat log.txt 2>/dev/null)" = "$(printf -- '--wait\n-n\n+10\n../src/app.py')"
STUB_STATUS=3 EDITOR=$PWD/stub.sh run_edit table.keys
check "editor: a failing editor leaves a message" grep -q "^editor '.*stub.sh' exited with status 3$" after.txt
check "editor: ... over the table drawn again" grep -q '/srv/app/app.py:10(handler)' after.txt
EDITOR=$PWD/no-such-editor run_edit table.keys
check "editor: one that cannot run says so" grep -q "^cannot run editor '.*no-such-editor': No such file" after.txt
EDITOR="$PWD/no-such-editor -w" run_edit table.keys
check "editor: one with arguments that is not found says so" grep -q "^editor '.*no-such-editor -w' not found" after.txt

# On a real terminal (tmux, recorded by script(1)): the hostile file's
# escape sequences reach it only as text, and o with a real editor hands the
# terminal over and takes it back.
if command -v tmux > /dev/null && command -v script > /dev/null; then
	cd "$TESTTMP/edit" || exit 1
	sock=proftop-source-$$
	{ printf 'exec script -qfc %q tty.raw\n' \
		"$(printf '%q ' "$PROFTOP" --path-map /srv/app=../src s.prof)"; } > run.bash
	tmux -L "$sock" -f /dev/null new-session -d -x 100 -y 30 \
		"cd '$PWD' && TERM=xterm-256color PROFTOP_CONFIG=/dev/null EDITOR='$PWD/stub.sh' STUB_LOG='$PWD/tty-log.txt' bash run.bash"
	screen_has() {   # screen_has TEXT: within a few seconds
		local i
		for i in $(seq 50); do
			tmux -L "$sock" capture-pane -p | grep -qF -- "$1" && return 0
			sleep 0.1
		done
		return 1
	}
	screen_has 'filename:lineno(function)'
	tmux -L "$sock" send-keys ':search evil' Enter
	tmux -L "$sock" send-keys v
	check "tty: the hostile file shows escaped" screen_has "x = '\\x1b]0;pwned\\x07"
	tmux -L "$sock" send-keys o
	check "tty: o ran the editor and came back" screen_has 'def evil():'
	tmux -L "$sock" send-keys q q
	sleep 0.5
	tmux -L "$sock" kill-server 2> /dev/null
	check "tty: the editor got +LINE FILE" test "$(cat tty-log.txt 2>/dev/null)" = "$(printf '+2\n../src/hostile.py')"
	# the sequences themselves never went out (curses' own ESCs did)
	check "tty: the terminal got the screen" grep -qaF 'def evil():' tty.raw
	check "tty: no OSC title or clipboard write from the file reached it, only its text" \
		bash -c "LC_ALL=C grep -qaF 'pwned' tty.raw &&
			! LC_ALL=C grep -qaP '\\x1b\\]0;pwned|\\x1b\\]52;c;SGVsbG8|\\xc2\\x9b31m|\\xe2\\x80\\xae' tty.raw"
else
	skip "tty: no tmux or script(1)"
fi

# A huge file costs neither the time nor the memory of reading it whole: a
# 2 GiB file (sparse: 2000 lines of text, then zeros without a newline)
# with a function at its line 2000 and one at line 900000.  CPU time and peak memory
# measured by /usr/bin/time.
if [ -x /usr/bin/time ]; then
	mkdir -p "$TESTTMP/huge/src" && cd "$TESTTMP/huge" || exit 1
	for i in $(seq 1999); do echo "x = $i"; done > src/big.py
	printf 'def first():  # then 2 GiB of zeros\n' >> src/big.py
	truncate -s 2G src/big.py
	"$py" -c '
import marshal, sys
f = "/srv/app/big.py"
marshal.dump({(f, 2000, "first"): (1, 1, 0.5, 0.5, {}), (f, 900000, "deep"): (1, 1, 0.25, 0.25, {})},
             open("big.prof", "wb"))'
	printf ':search first\nv\n:save-display first.txt\nq\n:search deep\nv\n:save-display deep.txt\n' > big.keys
	LINES=24 COLUMNS=80 TERM=xterm /usr/bin/time -f '%U %S %M' -o time.txt \
		"$PROFTOP" --path-map /srv/app=src --script big.keys big.prof > out.txt 2>&1
	rc=$?
	read -r user sys kb < <(tail -n 1 time.txt)
	check "huge: proftop ran to the end" test "$rc" -eq 0
	check "huge: its text shown, the endless line after it cut with an ellipsis" \
		grep -q '^ *2001  \\x00\\x00.*…$' first.txt
	check "huge: a line past what is read is said so" \
		grep -q 'line 900000 lies past the first 64 MiB' deep.txt
	check "huge: under 2 s of CPU for both (took ${user}+${sys} s)" \
		awk -v rc="$rc" -v u="$user" -v s="$sys" 'BEGIN { exit !(rc == 0 && u + s < 2) }'
	check "huge: under 100 MiB of memory (took $((kb / 1024)) MiB)" test "$rc" -eq 0 -a "$kb" -lt 102400
else
	skip "huge: no /usr/bin/time"
fi
