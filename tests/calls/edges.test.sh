#!/usr/bin/env bash
# Caller/callee queries (calls.h) against pstats' callers dicts and its
# calc_callees() on real dumps from every Python found, cProfile and profile.
. "$(dirname "$0")/../lib.sh"
drv=$BUILDDIR/tests/calls/edges_dump
[ -x "$drv" ] || { fail "calls: $drv not built (make check-programs)"; exit 0; }
cat > "$TESTTMP/work.py" <<'PY'
import sys
def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
def even(n): return True if n == 0 else odd(n - 1)
def odd(n): return False if n == 0 else even(n - 1)
def work():
    for i in range(30):
        fib(8); even(12); sorted(range(50), key=lambda x: -x); "-".join(str(j) for j in range(5))
if sys.argv[1] == "profile":
    import profile as prof
else:
    import cProfile as prof
prof.run("work()", sys.argv[2])
PY
n=0
while read -r py; do
	v=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || continue
	case $v in 2.*) continue ;; esac      # Python 3's pstats cannot read py2 str keys
	for prof in cProfile profile; do
		d=$TESTTMP/$v-$prof.prof
		"$py" "$TESTTMP/work.py" "$prof" "$d" >/dev/null 2>&1 || { fail "calls: $v $prof: could not make a dump"; continue; }
		"$py" "$SRCDIR/tests/calls/edges_oracle.py" "$d" | LC_ALL=C sort > "$TESTTMP/want"
		"$drv" "$d" | LC_ALL=C sort > "$TESTTMP/got"
		same_text "calls: python $v $prof: every caller and callee edge" "$TESTTMP/want" "$TESTTMP/got"
		n=$((n + 1))
	done
done < <(pythons)
[ "$n" -gt 0 ] || skip "calls: no Python 3 found"
