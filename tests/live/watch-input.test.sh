#!/usr/bin/env bash
# What --watch reads: a dump is decoded as it is read, never read whole
# first.  A 1 GiB sparse file swapped in for the watched dump is refused at
# its first bad byte, with CPU time and peak RSS those of following a
# small valid dump, and the status line names the file and the offset.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
[ -n "$py" ] || { skip "watch input: no Python 3"; exit 0; }
[ -x /usr/bin/time ] && /usr/bin/time -f '%U' -o /dev/null true 2>/dev/null ||
	{ skip "watch input: no /usr/bin/time"; exit 0; }
cd "$TESTTMP" || exit 1
export TZ=UTC LC_ALL=C.UTF-8 TERM=xterm
san=1
{ ldd "$PROFTOP" 2>/dev/null | grep -q libasan || grep -q __asan_init "$PROFTOP"; } && san=3
settle_ms=$((san * 500))   # the start and the first load, before the swap

"$py" -c '
import marshal
stats = {("/srv/app.py", i, "f%d" % i): (i + 1, i + 1, 0.001 * i, 0.002 * i, {}) for i in range(1, 50)}
with open("valid.prof", "wb") as f:
    marshal.dump(stats, f)'
printf '{' > sparse.prof
truncate -s 1G sparse.prof

# watch NAME REPLACEMENT: follows live.prof (valid.prof at first) while
# REPLACEMENT is renamed over it once the first load is done, then for 3 s
# (past the 2 s after which a dump that stays unreadable is bad); sets
# cpu_ms and rss_kb.
watch() {
	local name=$1 u s m
	cp valid.prof live.prof
	cp "$2" "$name.new"
	printf '<Sleep %d>\n:save-display %s.txt\n' $((3000 + settle_ms)) "$name" > "$name.keys"
	(sleep "$(awk -v m="$settle_ms" 'BEGIN { print m / 1000 }')"; mv "$name.new" live.prof) &
	COLUMNS=160 LINES=12 timeout -s KILL 60 /usr/bin/time -f '%U %S %M' -o "$name.time" \
		"$PROFTOP" --watch live.prof --interval 0.1 --script "$name.keys" > "$name.out" 2>&1
	wait
	read -r u s m < <(tail -1 "$name.time")
	cpu_ms=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000 }')
	rss_kb=$m
}

watch same valid.prof
base_ms=$cpu_ms base_kb=$rss_kb
watch sparse sparse.prof
check "watch input: the sparse file is refused at offset 1, named in the status line" \
	grep -q 'live\.prof: offset 1: ' sparse.txt
check "watch input: ... and the last good dump stays shown" grep -q 'f49' sparse.txt
limit_kb=$((base_kb + san * 32 * 1024))
check "watch input: peak RSS ${rss_kb} KB, limit ${limit_kb} KB (a valid dump's + $((san * 32))M)" \
	test "$rss_kb" -le "$limit_kb"
limit_ms=$((base_ms + san * 300))
check "watch input: CPU ${cpu_ms} ms, limit ${limit_ms} ms (a valid dump's + $((san * 300)))" \
	test "$cpu_ms" -le "$limit_ms"
