#!/usr/bin/env bash
# Memory stays a small multiple of the dump whatever its names: one huge file
# name shared by 20,000 functions must not cost 20,000 copies of it.
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
[ -n "$py" ] || { skip "amplify: no Python 3 to make the dump"; exit 0; }
[ -x /usr/bin/time ] || { skip "amplify: /usr/bin/time missing"; exit 0; }
"$py" -c "
import marshal, sys
f = '/' + 'x' * 65530
open(sys.argv[1], 'wb').write(marshal.dumps({(f, i, 'f'): (1, 1, 0.0, 0.0, {}) for i in range(20000)}, 4))
" "$TESTTMP/amp.prof"
size_kb=$(( $(stat -c %s "$TESTTMP/amp.prof") / 1024 ))
# ASan's shadow memory and quarantine multiply what the process holds.
factor=12
{ ldd "$PROFTOP" 2>/dev/null | grep -q libasan || grep -q __asan_init "$PROFTOP"; } && factor=60   # gcc links ASan shared, clang static
for args in "--limit 3" "--sort stdname --limit 3" "--filter x{5}f --limit 2"; do
	/usr/bin/time -f %M -o "$TESTTMP/rss" "$PROFTOP" --print $args "$TESTTMP/amp.prof" > "$TESTTMP/out" 2>&1
	status=$?
	rss=$(tail -1 "$TESTTMP/rss")
	check "amplify: --print $args succeeds" test "$status" -eq 0
	if [ "$rss" -le $(( size_kb * factor + 16384 )) ]; then
		pass "amplify: --print $args peak RSS ${rss} KB for a ${size_kb} KB dump"
	else
		fail "amplify: --print $args peak RSS ${rss} KB for a ${size_kb} KB dump (limit $(( size_kb * factor + 16384 )) KB)"
	fi
done
"$PROFTOP" --print --sort stdname --limit 3 "$TESTTMP/amp.prof" > "$TESTTMP/sorted"
check "amplify: sorted by the long names, the lines are whole" "$py" -c "
import sys
rows = [l for l in open(sys.argv[1]) if l.rstrip().endswith('(f)')]
want = ['/' + 'x' * 65530 + ':%d(f)' % i for i in sorted(range(20000), key=lambda i: '%d' % i)[:3]]
sys.exit(0 if [r.split()[-1] for r in rows] == want else 1)
" "$TESTTMP/sorted"
