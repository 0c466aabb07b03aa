#!/usr/bin/env bash
# The call tree's top level under `python -m cProfile`: the outermost exec
# has callers (the script calls exec again), yet its first call came from
# outside the profile, so it is a top-level function (it was left out, and
# the top level showed only the profiler's own disable()).
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
[ -n "$py" ] || { skip "tree top: no Python 3"; exit 0; }
cd "$TESTTMP" || exit 1
export TZ=UTC LC_ALL=C.UTF-8 LINES=12 COLUMNS=100 TERM=xterm
cat > script.py <<'PY'
def work(n):
    return sum(i * i for i in range(n))
exec("work(20000)")
work(50000)
PY
"$py" -m cProfile -o run.prof script.py > /dev/null || { fail "tree top: the dump made"; exit 0; }
printf 't\nt\n:save-display top.txt\n' > keys
"$PROFTOP" --script keys run.prof > out 2>&1
check "tree top: the script runs" test $? -eq 0
check "tree top: the tree is at the top level" grep -q 'Call tree from the top level' top.txt
check "tree top: exec, called from outside the profile, is the first top-level row, with almost all the time" \
	awk 'NR == 3 && /builtins\.exec\}/ && $1 + 0 >= 99 { ok = 1 } END { exit !ok }' top.txt
check "tree top: the profiler's own disable() is one too" grep -q "method 'disable'" top.txt
