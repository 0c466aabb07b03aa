#!/usr/bin/env bash
# The interactive mode's refusals and side outputs: no terminal, bad
# start-up input, bad scripts, --key-times, PROFTOP_SCRIPT.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
if [ -z "$py" ]; then
	skip "ui errors: no Python 3 to write the dump"
	exit 0
fi
cd "$TESTTMP"
"$py" "$SRCDIR/tests/ui/mkdump.py" table t.prof
export TERM=xterm-256color LINES=24 COLUMNS=80

# expect NAME STATUS PATTERN CMD...: exit status and a stderr line
expect() {
	local name=$1 want=$2 pattern=$3 status
	shift 3
	"$@" </dev/null >out 2>err
	status=$?
	if [ "$status" = "$want" ] && grep -qE -- "$pattern" err; then
		pass "$name"
	else
		fail "$name (status $status, want $want)"
		sed 's/^/    stderr: /' err | head -5
	fi
}

expect "no terminal suggests --print" 1 "not a terminal; use --print" "$PROFTOP" t.prof
expect "missing dump exits 2" 2 "nosuch.prof" "$PROFTOP" nosuch.prof
printf 'not a dump' >bad.prof
expect "invalid dump exits 2" 2 "bad.prof" "$PROFTOP" bad.prof
echo ':quit' >quit.keys
expect "bad --filter names the offset" 1 "--filter 'a\(b'.*at offset 3" \
	"$PROFTOP" --script quit.keys --filter 'a(b' t.prof
expect "bad --sort" 1 "unknown sort key" "$PROFTOP" --script quit.keys --sort bogus t.prof
echo '<Nope>' >bad.keys
expect "unknown script key" 1 "bad.keys:1: unknown key <Nope>" "$PROFTOP" --script bad.keys t.prof
expect "missing script" 1 "nosuch.keys" "$PROFTOP" --script nosuch.keys t.prof
TERM=nonesuch-term expect "unknown TERM" 1 "unknown terminal type 'nonesuch-term'" \
	"$PROFTOP" --script quit.keys t.prof

printf 'jjj\nfab<Esc>\nq\n' >times.keys
"$PROFTOP" --script times.keys --key-times times.txt t.prof
check "key-times: one line per key" test "$(wc -l <times.txt)" = 8
check "key-times: action, microseconds and CPU microseconds" test "$(grep -cE '^move-down [0-9]+ [0-9]+$' times.txt)" = 3
check "key-times: prompt keys" test "$(grep -cE '^filter-prompt [0-9]+ [0-9]+$' times.txt)" = 3
check "key-times: quit" grep -qE '^quit [0-9]+ [0-9]+$' times.txt

# A script line longer than any buffer is one line (its tail ran as keys: a
# long ":aaa..." typed 'a', open-all).
{ printf ':%*s\n' 5000 '' | tr ' ' a; printf ':save-display long.txt\n'; } >long.keys
"$PROFTOP" --script long.keys t.prof
check "script: a 5000-byte line is one command" grep -q "^unknown command 'aaa" long.txt

printf ':save-display env.txt\n' >env.keys
PROFTOP_SCRIPT=env.keys "$PROFTOP" t.prof </dev/null
check "PROFTOP_SCRIPT runs a script" grep -q "621 function calls" env.txt
printf 'q\n:save-display after-quit.txt\n' >stop.keys
"$PROFTOP" --script stop.keys t.prof
check "the script stops at quit" test ! -e after-quit.txt
