#!/usr/bin/env bash
# Keys during a live reload of a large dump: the dump is decoded (and its
# callees indexed) a slice at a time between keys, so every key is handled
# within 100 ms while an 85 MB dump (200,000 functions) loads, and the
# snapshot is shown only once complete.  proftop --watch runs in tmux; the
# cursor is moved down and up, each key timed from send-keys until the
# screen's position shows it.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
[ -n "$py" ] || { skip "load keys: no Python 3"; exit 0; }
command -v tmux >/dev/null || { skip "load keys: tmux not installed"; exit 0; }
[ "${BASH_VERSINFO[0]}" -ge 5 ] || { skip "load keys: bash 5 needed (EPOCHREALTIME)"; exit 0; }
cd "$TESTTMP" || exit 1
export TZ=UTC LC_ALL=C.UTF-8 TERM=xterm
san=1
{ ldd "$PROFTOP" 2>/dev/null | grep -q libasan || grep -q __asan_init "$PROFTOP"; } && san=3

sock=load-keys-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"' EXIT

"$py" -c '
import marshal
stats = {("/srv/app.py", i, "f%d" % i): (i + 1, i + 1, 0.001 * i, 0.002 * i, {}) for i in range(1, 50)}
with open("small.prof", "wb") as f:
    marshal.dump(stats, f)'
"$py" "$SRCDIR/bench/gen_synth.py" --shape wide 200000 big.prof >/dev/null || {
	fail "load keys: gen_synth.py failed"; exit 0; }

now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }
screen() { tmux -L "$sock" capture-pane -p -t load; }
# The status line's " N/M": the cursor's row and the rows.
position() { screen | sed -n 's/^ *\([0-9][0-9,]*\/[0-9][0-9,]*\) .*/\1/p' | tail -1; }

cp small.prof live.prof
tmux -L "$sock" new-session -d -s load -x 120 -y 30 \
	"$PROFTOP --watch live.prof --interval 0.1; sleep 60"
for _ in $(seq 200); do
	case $(position) in */49) break ;; esac
	sleep 0.05
done
[ "$(position)" = 1/49 ] || { fail "load keys: the small dump is not shown"; screen | sed 's/^/    /'; exit 0; }

# press: j or k (back to row 1), waited for on the screen; sets t (ms),
# s (the screen) and pos.
press() {
	local before key t0
	before=$(position)
	case $before in 1/*) key=j ;; *) key=k ;; esac
	t0=$(now_ms)
	tmux -L "$sock" send-keys -t load "$key"
	while :; do
		s=$(screen)
		pos=$(sed -n 's/^ *\([0-9][0-9,]*\/[0-9][0-9,]*\) .*/\1/p' <<<"$s" | tail -1)
		[ "$pos" != "$before" ] && break
		[ $(( $(now_ms) - t0 )) -gt "$timeout_ms" ] && break
	done
	t=$(( $(now_ms) - t0 ))
	[ -n "$VERBOSE" ] && echo "    $key $t ms $pos $(grep -o 'loading [0-9]*%' <<<"$s")"
}
timeout_ms=$((san * 10000))

# What a key costs with no load (tmux, capture-pane, a busy machine): the
# worst of a few.  The load may add 100 ms to a key; the margin of twice
# that worst absorbs the noise of a shared machine, and is still far below
# a load that blocks (0.4-0.7 s of CPU for this dump).
base=0
for _ in $(seq 8); do
	press
	[ "$t" -gt "$base" ] && base=$t
done
limit_ms=$((2 * base + san * 100))

cp big.prof live.new
mv live.new live.prof
# Keys until the big dump is shown: the last waits for the swap, which
# must not block either.
worst=0 keys=0 after=0 loading=0
start=$(now_ms)
while [ "$after" -lt 1 ] && [ $(( $(now_ms) - start )) -lt $((san * 60000)) ]; do
	press
	[ "$t" -gt "$worst" ] && worst=$t
	keys=$((keys + 1))
	grep -q 'loading [0-9]*%' <<<"$s" && loading=$((loading + 1))
	case $pos in */49) ;; *) after=$((after + 1)) ;; esac
done
echo "    $keys keys, $loading seen while loading, worst ${worst} ms, ${base} ms with no load"
check "load keys: the 200,000-function dump is shown" test "$after" -ge 1
check "load keys: keys handled while it loads ($loading)" test "$loading" -ge 3
check "load keys: every key handled within $((san * 100)) ms plus twice one with no load (${worst} ms, limit ${limit_ms})" \
	test "$worst" -le "$limit_ms"
