#!/usr/bin/env bash
# Out of memory (issue 16, item 11): proftop-oom is the program linked with
# the tests' malloc wrapper (heap_wrap.c), whose PROFTOP_FAIL_ALLOC=N makes
# the Nth allocation fail.  For each scenario (loading, callers, diff, the
# headless UI building its views, each export) every allocation is failed
# in turn (a deterministic sample of them past MAX_RUNS): each run must
# either give the same output as without a failure, or exit non-zero with
# one "proftop: ..." message and leave no output file behind; never crash,
# leak or trip a sanitizer (run it under the ASan build to see leaks).
. "$(dirname "$0")/../lib.sh"
oom=$BUILDDIR/tests/oom/proftop-oom
[ -x "$oom" ] || { fail "oom: $oom missing (make check-programs)"; exit 0; }
cd "$TESTTMP" || exit 1
export TERM=xterm-256color COLUMNS=100 LINES=30 PROFTOP_CONFIG=/dev/null
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1:exitcode=99
export UBSAN_OPTIONS=${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:exitcode=98
max_runs=${OOM_MAX_RUNS:-150}

data=$SRCDIR/tests/data/fixtures
cp "$SRCDIR/data/sample.prof" s.prof
cp "$data/py313-cprofile-v4.prof" new.prof
cp "$data/py36-cprofile-v3.prof" old.prof
tar -czf both.tar.gz new.prof old.prof
# The UI: each step saves the screen, so that a step that failed can be
# seen to say so (the next command clears the message line).
steps=(':sort cumulative' ':filter main' ':filter' '<Enter>' '<Esc>' ':path unique' ':path full'
	':path short' ':sort stdname' '<Down><Enter>' '<Esc>' ':path full'
	':hide' '<Down><Down><Enter>' ':quit')
: > keys
screens=
for i in "${!steps[@]}"; do
	printf '%s\n:save-display s%02d.txt\n' "${steps[$i]}" "$i" >> keys
	[ "$i" -lt $((${#steps[@]} - 1)) ] && screens+="s$(printf %02d "$i").txt "
done

# The flame view (issue 18): open, move, zoom in and out, hide, write.
fsteps=('F' '<Down><Down>' '<Enter>' 'x' '<Backspace>' ':write f.folded' ':quit')
: > fkeys
fscreens=
for i in "${!fsteps[@]}"; do
	printf '%s\n:save-display f%02d.txt\n' "${fsteps[$i]}" "$i" >> fkeys
	[ "$i" -lt $((${#fsteps[@]} - 1)) ] && fscreens+="f$(printf %02d "$i").txt "
done

# A watched dump reloaded (issue 16): R reloads it a slice at a time, in
# each path mode, under a filter, in the detail view and after a baseline.
lsteps=('R' ':path unique' ':sort stdname' 'R' ':filter app' '<Enter>' 'R' '<Esc>' ':path short'
	'z' 'R' ':quit')
: > lkeys
lscreens=
for i in "${!lsteps[@]}"; do
	if [ "${lsteps[$i]}" = R ]; then
		printf 'R\n<Sleep 20>\n' >> lkeys
	else
		printf '%s\n' "${lsteps[$i]}" >> lkeys
	fi
	printf ':save-display l%02d.txt\n' "$i" >> lkeys
	[ "$i" -lt $((${#lsteps[@]} - 1)) ] && lscreens+="l$(printf %02d "$i").txt "
done

total_runs=0 total_bad=0
# scenario NAME OUTFILES ARGS...: OUTFILES is a space-separated list of the
# files the run writes ("" for none) besides stdout; an export (not the UI's
# screens, saved as it goes) must not leave one on failure.
scenario() {
	local name=$1 outs=$2 count n step status bad=0 runs=0 f why
	shift 2
	[ -n "${OOM_ONLY:-}" ] && [ "$OOM_ONLY" != "$name" ] && return
	rm -f $outs
	if ! PROFTOP_COUNT_ALLOC=$PWD/count "$oom" "$@" > want.out 2> want.err; then
		fail "oom $name: runs without a failure"
		sed 's/^/    /' want.err | head -5
		return
	fi
	for f in $outs; do cp "$f" "want.$f"; done
	count=$(cat count)
	step=$(( (count + max_runs - 1) / max_runs ))
	[ "$step" -ge 1 ] || step=1
	for ((n = 1; n <= count; n += step)); do
		rm -f $outs .*.?????? screen.txt
		PROFTOP_FAIL_ALLOC=$n timeout -s KILL 60 "$oom" "$@" > got.out 2> got.err
		status=$?
		runs=$((runs + 1))
		why=
		if [ "$status" -eq 0 ] && [[ $name == ui || $name == *-ui ]]; then
			# the UI goes on after a failed step, which must say why
			# (a screen not saved is a save that failed, on the
			# message line the next command clears)
			for f in $outs; do
				[ -e "$f" ] || continue
				cmp -s "want.$f" "$f" && continue
				grep -q 'out of memory' "$f" || why="exit 0 with another $f, silently"
				break
			done
		elif [ "$status" -eq 0 ]; then
			cmp -s want.out got.out || why="exit 0 with other output"
			for f in $outs; do cmp -s "want.$f" "$f" || why="exit 0 with another $f"; done
		elif [ "$status" -ge 97 ]; then
			why="status $status (crash, leak or sanitizer report)"
		elif [ "$(grep -c '^proftop: ' got.err)" -lt 1 ] || grep -q 'Sanitizer\|runtime error' got.err; then
			why="status $status without a proftop: message"
		else
			[[ $name == ui || $name == *-ui ]] || for f in $outs; do [ -e "$f" ] && why="status $status but $f written"; done
			[ -z "$(compgen -G '.*.??????')" ] || why="status $status left a temporary"
		fi
		if [ -n "$why" ]; then
			bad=$((bad + 1))
			[ "$bad" -le 3 ] && { echo "    $name: allocation $n: $why"; head -c 600 got.err | sed 's/^/      /'; }
		fi
	done
	total_runs=$((total_runs + runs)) total_bad=$((total_bad + bad))
	echo "# oom $name: $count allocations, $runs failed one by one (step $step), $bad bad"
	check "oom $name: each failed allocation ends cleanly ($bad of $runs runs bad)" test "$bad" -eq 0
}

scenario print "" --print --sort cumulative s.prof
scenario callers "" --print --callers --callees --path unique s.prof
scenario archive "" --print both.tar.gz
scenario diff "" --print --diff old.prof new.prof
scenario ui "$screens" --script keys s.prof
scenario write-pstats "out.prof" --write-pstats out.prof s.prof
scenario write-callgrind "out.cg" --write-callgrind out.cg s.prof
scenario dot "out.dot" --dot out.dot s.prof
scenario dot-diff "out.dot" --dot out.dot --diff old.prof new.prof
scenario flame "out.svg" --flame out.svg s.prof
scenario folded "out.folded" --write-folded out.folded --filter app s.prof
scenario flame-ui "$fscreens" --script fkeys s.prof
scenario live-ui "$lscreens" --watch s.prof --script lkeys
echo "# oom: $total_runs runs, $total_bad bad"
