#!/usr/bin/env bash
# What proftop writes never costs a file already there (issue 16, items 1
# and 7): `:save-display FILE` goes through the atomic writer (no writing
# through a symlink, no blocking on a FIFO, no truncation when the disk is
# full), and SIGINT, SIGTERM or SIGHUP in the middle of --write-pstats,
# --write-callgrind or --dot remove the hidden temporary beside the target.
. "$(dirname "$0")/../lib.sh"
cd "$TESTTMP" || exit 1
cp "$SRCDIR/data/sample.prof" s.prof

# save_display TARGET: a headless script saving the screen to TARGET.
save_display() {
	printf ':save-display %s\n:save-display screen.txt\n' "$1" > keys
	TERM=xterm-256color COLUMNS=80 LINES=24 timeout -s KILL 10 \
		"$PROFTOP" --script keys s.prof > out 2> err
}

echo "the file the link points to" > victim
ln -s victim link
save_display link
status=$?
check "writes: save-display through a symlink runs to the end" test "$status" -eq 0
check "writes: save-display leaves a symlink's target alone" \
	test "$(cat victim)" = "the file the link points to"
check "writes: save-display leaves the symlink a symlink" test -L link
check "writes: save-display's refusal shows on screen" grep -q 'symlink' screen.txt

mkfifo fifo
save_display fifo
status=$?
check "writes: save-display to a FIFO does not block (status $status)" test "$status" -eq 0
check "writes: the FIFO is still a FIFO" test -p fifo
check "writes: save-display's refusal of a FIFO shows on screen" \
	grep -q 'not a regular file' screen.txt

# A full disk: a file size limit makes writes past 1 KiB fail (EFBIG, with
# SIGXFSZ ignored); the old report must survive whole.
old=$(printf 'old report line %s\n' $(seq 200))
printf '%s\n' "$old" > report.txt
printf ':save-display report.txt\n' > keys
(trap '' XFSZ; ulimit -f 1; TERM=xterm-256color COLUMNS=200 LINES=60 timeout -s KILL 10 \
	"$PROFTOP" --script keys s.prof > out 2> err)
check "writes: save-display on a full disk keeps the old file" \
	test "$(cat report.txt)" = "$old"
leftover=$(find . -maxdepth 1 -name '.report.txt.*' | wc -l)
check "writes: save-display on a full disk leaves no temporary" test "$leftover" -eq 0

# Interrupted writes.  A big dump, so that the temporary lives long enough
# to be seen; the job runs in its own process group with default signals
# (a shell that started this suite in the background ignores SIGINT, and
# an ignored signal is inherited: env resets it).
env --default-signal=INT true 2>/dev/null || { skip "writes: env --default-signal (coreutils 8.31) missing"; exit 0; }
python3 "$SRCDIR/bench/gen_synth.py" 100000 big.prof 4 || { fail "writes: big dump"; exit 0; }
set -m
interrupt() {   # interrupt SIG TARGET ARGS...
	local sig=$1 target=$2 pid i seen=0 status
	shift 2
	rm -f "$target" ".$target".??????
	env --default-signal=INT,TERM,HUP "$PROFTOP" "$@" > out 2> err &
	pid=$!
	for i in $(seq 200000); do
		if compgen -G ".$target.??????" > /dev/null; then seen=1; break; fi
		kill -0 "$pid" 2>/dev/null || break
	done
	[ "$seen" = 1 ] && kill -s "$sig" "$pid"
	wait "$pid"
	status=$?
	if [ "$seen" = 0 ]; then
		skip "writes: $sig during $1: the write ended before its temporary was seen"
		return
	fi
	check "writes: $sig ends $1 with the signal's status" test "$status" -eq $((128 + $(kill -l "$sig")))
	leftover=$(compgen -G ".$target.??????" | head -3)
	check "writes: $sig during $1 leaves no temporary${leftover:+ ($leftover)}" test -z "$leftover"
	check "writes: $sig during $1 writes no partial target" test ! -e "$target"
}
for sig in INT TERM HUP; do
	interrupt "$sig" k.prof --write-pstats k.prof big.prof
	interrupt "$sig" k.cg --write-callgrind k.cg big.prof
	interrupt "$sig" k.dot --dot k.dot --node-thres 0 --edge-thres 0 --max-nodes 0 big.prof
done
set +m
