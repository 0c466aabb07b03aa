#!/usr/bin/env bash
# Keys during a live reload of a large dump: the dump is decoded (and its
# callees indexed) a slice at a time between keys, so keys are handled
# while a 180 MB dump (400,000 functions: a reload of about a second) loads,
# and the snapshot is shown only once complete.  proftop --watch runs in
# tmux; the cursor is moved down and up, each key timed from send-keys
# until the screen shows it.
#
# What must hold, by how robust it is on a shared machine:
#  - keys take effect while 'loading N%' is shown, and N moves between
#    them: the screen lives while the dump loads (counted, not timed; a
#    reload that blocks shows no such screen);
#  - no key waits as long as half of the reload, from the swap to the new
#    dump shown (both slow down together on a busy machine; a reload that
#    blocks makes one key wait nearly all of it);
#  - the median key within 100 ms (three times that under a sanitizer) of
#    twice one pressed with no load (the load takes a core: tmux and the
#    test share the other with the rest of the machine).
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
[ -n "$py" ] || { skip "load keys: no Python 3"; exit 0; }
command -v tmux >/dev/null || { skip "load keys: tmux not installed"; exit 0; }
[ "${BASH_VERSINFO[0]}" -ge 5 ] || { skip "load keys: bash 5 needed (EPOCHREALTIME)"; exit 0; }
cd "$TESTTMP" || exit 1
export TZ=UTC LC_ALL=C.UTF-8 TERM=xterm
san=1
sanitized && san=3

sock=load-keys-$$
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$sock"; rm -rf "$TESTTMP"' EXIT

"$py" -c '
import marshal
stats = {("/srv/app.py", i, "f%d" % i): (i + 1, i + 1, 0.001 * i, 0.002 * i, {}) for i in range(1, 50)}
with open("small.prof", "wb") as f:
    marshal.dump(stats, f)'
big=${LOAD_KEYS_DUMP:-big.prof}
[ -n "${LOAD_KEYS_DUMP:-}" ] || "$py" "$SRCDIR/bench/gen_synth.py" --shape wide 400000 big.prof >/dev/null || {
	fail "load keys: gen_synth.py failed"; exit 0; }

now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }
screen() { tmux -L "$sock" capture-pane -p -t load; }
# From a screen s: pos, the status line's " N/M" (the cursor's row and the
# rows), and pct, the N of 'loading N%' (empty when not loading).  Bash's
# own matching: a key is timed by polling the screen, and every process
# spawned in between would count in its time.
parse() {
	local lines i re='^[[:space:]]*([0-9][0-9,]*/[0-9][0-9,]*) '
	pos='' pct=''
	mapfile -t lines <<<"$s"
	for ((i = ${#lines[@]} - 1; i >= 0; i--)); do
		[[ ${lines[i]} =~ $re ]] && { pos=${BASH_REMATCH[1]}; break; }
	done
	[[ $s =~ loading\ ([0-9]+)% ]] && pct=${BASH_REMATCH[1]}
	return 0
}
pos_of() { local s=$1 pos pct; parse; echo "$pos"; }

cp small.prof live.prof
tmux -L "$sock" -f /dev/null new-session -d -s load -x 120 -y 30 \
	"$PROFTOP --watch live.prof --interval 0.1; sleep 60"
for _ in $(seq 200); do
	case $(pos_of "$(screen)") in */49) break ;; esac
	sleep 0.05
done
[ "$(pos_of "$(screen)")" = 1/49 ] || { fail "load keys: the small dump is not shown"; screen | sed 's/^/    /'; exit 0; }

# press: j, or k back to row 1, waited for on the screen; sets t (ms), s
# (the screen after), pos and pct.
press() {
	local before=$pos key t0
	case $before in 1/*) key=j ;; *) key=k ;; esac
	t0=$(now_ms)
	tmux -L "$sock" send-keys -t load "$key"
	while :; do
		s=$(screen)
		parse
		[ "$pos" != "$before" ] && break
		[ $(( $(now_ms) - t0 )) -gt "$timeout_ms" ] && break
	done
	t=$(( $(now_ms) - t0 ))
	[ -n "${VERBOSE:-}" ] && echo "    $key $t ms $pos ${pct:+loading $pct%}"
	return 0
}
timeout_ms=$((san * 20000))
# median LIST...
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : 0 }'; }

# What a key costs with no load (tmux, capture-pane, a busy machine).
pos=1/49 quiet=()
for _ in $(seq 9); do
	press
	quiet+=("$t")
done
base=$(median "${quiet[@]}")

cp "$big" live.new
swap=$(now_ms)
mv live.new live.prof
# Keys until the big dump is shown.
lat=() pcts=() worst=0 after=0 keys=0
while [ "$after" -lt 1 ] && [ $(( $(now_ms) - swap )) -lt $((san * 60000)) ]; do
	press
	keys=$((keys + 1))
	lat+=("$t")
	[ "$t" -gt "$worst" ] && worst=$t
	[ -n "$pct" ] && pcts+=("$pct")
	case $pos in */49) ;; *) after=1 ;; esac
done
shown=$(( $(now_ms) - swap ))
p50=$(median "${lat[@]}")
p95=$(printf '%s\n' "${lat[@]}" | sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.95 + 0.5); print v[i < 1 ? 1 : i] }')
distinct=$(printf '%s\n' "${pcts[@]}" | sort -u | grep -c .)
echo "    $keys keys in ${shown} ms from the swap to the new dump shown; ${#pcts[@]} while loading" \
	"(${distinct} progress values); key p50 ${p50} ms, p95 ${p95} ms, worst ${worst} ms; ${base} ms with no load"
check "load keys: the 400,000-function dump is shown" test "$after" = 1
check "load keys: keys take effect while it loads (${#pcts[@]}, at least 3)" test "${#pcts[@]}" -ge 3
check "load keys: ... and its progress moves between them (${distinct} values)" test "$distinct" -ge 2
check "load keys: no key waits half of the reload (worst ${worst} ms of ${shown} ms)" \
	test $((2 * worst)) -lt "$shown"
check "load keys: the median key within $((san * 100)) ms of twice one with no load (${p50} ms, ${base} ms)" \
	test "$p50" -le $((2 * base + san * 100))
