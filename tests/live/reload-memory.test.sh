#!/usr/bin/env bash
# Memory over reloads: --watch on a 37 MB dump (90k functions) that a
# profiler rewrites, two versions renamed over it in turn.  Reloads give
# back what they take: RSS after each of 15 reloads is within
# 5% of RSS after the first (glibc's allocator; not measured under ASan).
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
[ -n "$py" ] || { skip "reload memory: no Python 3"; exit 0; }
[ -x /usr/bin/time ] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null ||
	{ skip "reload memory: no /usr/bin/time"; exit 0; }
cd "$TESTTMP" || exit 1
export TZ=UTC LC_ALL=C.UTF-8 TERM=xterm
san=0
{ ldd "$PROFTOP" 2>/dev/null | grep -q libasan || grep -q __asan_init "$PROFTOP"; } && san=1

"$py" "$SRCDIR/bench/gen_synth.py" 90000 a.prof 10 && "$py" "$SRCDIR/tests/live/bump.py" a.prof b.prof 3 ||
	{ fail "reload memory: dumps made"; exit 0; }

# Follows live.prof while it is replaced 16 times, every second (each
# replacement is one reload); the resident set size is read just before
# each replacement, once the previous reload is done: when proftop's CPU
# time stands still (a reload under way holds two snapshots, and on a
# busy machine one lasts past the second).
# idle PID: waits (up to 20 s) until PID used no CPU for 0.2 s.
idle() {
	local a b
	for _ in $(seq 100); do
		a=$(awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null)
		sleep 0.2
		b=$(awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null)
		[ "$a" = "$b" ] && return 0
	done
}
ln -f a.prof live.prof
printf '<Sleep 40000>\n:save-display screen.txt\n' > watch.keys
COLUMNS=200 LINES=20 "$PROFTOP" --watch live.prof --script watch.keys > watch.out 2>&1 &
pid=$!
: > rss.txt
sleep 3   # the first load
for i in $(seq 1 16); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.5
	idle "$pid"
	awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" >> rss.txt 2>/dev/null
	if [ $((i % 2)) = 1 ]; then ln -f b.prof next.prof; else ln -f a.prof next.prof; fi
	mv next.prof live.prof
done
wait "$pid"; echo "    samples: $(tr "\n" " " < rss.txt)"
# the first sample is before any reload; the second after the first one
read -r first low high < <(tail -n +2 rss.txt | awk 'NR == 1 { f = lo = hi = $1 }
	{ if ($1 < lo) lo = $1; if ($1 > hi) hi = $1 } END { print f, lo, hi }')
if [ "$san" = 1 ]; then
	# ASan's allocator (and its quarantine) holds what glibc's gives back
	skip "reload memory: RSS from ${low} to ${high} KB under ASan, whose allocator is not the one measured"
else
	check "reload memory: RSS over 15 reloads from ${low} to ${high} KB, within 5% of ${first} KB after the first" \
		test "$high" -le $((first * 105 / 100)) -a "$low" -ge $((first * 95 / 100))
fi
check "reload memory: ... and the dump is shown, reloaded" grep -qE '[0-9] calls \([-+][0-9]' screen.txt
