#!/usr/bin/env bash
# --diff: pairing rules, every delta, and the --print --diff table.
. "$(dirname "$0")/../lib.sh"
here=$SRCDIR/tests/diff
py=$(newest_python3)
[ -n "$py" ] || { skip "diff: no Python 3 to make dumps"; exit 0; }

# Golden: fixed numbers, fixed mtimes.
"$py" "$here/make_pair.py" "$TESTTMP/old.prof" "$TESTTMP/new.prof"
touch -d '2026-01-02 03:04:05 UTC' "$TESTTMP/old.prof" "$TESTTMP/new.prof"
(cd "$TESTTMP" && "$PROFTOP" --print --diff old.prof new.prof) > "$TESTTMP/out.txt" 2>&1
same_text "diff golden: default order" "$here/golden-default.txt" "$TESTTMP/out.txt"
(cd "$TESTTMP" && "$PROFTOP" --print --diff old.prof --sort dtottime --filter 'slow|helper' new.prof) > "$TESTTMP/out2.txt" 2>&1
same_text "diff golden: sort dtottime, filter" "$here/golden-filtered.txt" "$TESTTMP/out2.txt"
(cd "$TESTTMP" && "$PROFTOP" --print --diff old.prof --sort name --reverse --limit 3 new.prof) > "$TESTTMP/out3.txt" 2>&1
same_text "diff golden: sort name reversed, limit" "$here/golden-limit.txt" "$TESTTMP/out3.txt"

# Real dumps of one program before and after a change, at the same path.
mkdir -p "$TESTTMP/app"
cp "$here/app_v1.py" "$TESTTMP/app/app.py"
(cd "$TESTTMP/app" && "$py" app.py ../v1.prof)
cp "$here/app_v2.py" "$TESTTMP/app/app.py"
(cd "$TESTTMP/app" && "$py" app.py ../v2.prof)
"$py" "$here/expect_diff.py" "$TESTTMP/v1.prof" "$TESTTMP/v2.prof" | sort > "$TESTTMP/expected.txt"
"$PROFTOP" --print --diff "$TESTTMP/v1.prof" "$TESTTMP/v2.prof" |
	"$py" -c '
import sys
rows = False
for line in sys.stdin:
    if "filename:lineno" in line:
        rows = True
        continue
    if rows:
        f = line.split(None, 11)
        print("%s %s %s %s %s %s %s" % (f[11].rstrip("\n"), f[0], f[1], f[3], f[4], f[7], f[8]))
' | sort > "$TESTTMP/actual.txt"
same_text "diff real dumps: every row's numbers match pstats" "$TESTTMP/expected.txt" "$TESTTMP/actual.txt"
check "diff real dumps: work() paired across the moved lines" grep -q 'app.py:7(work) \[moved from line 4\]' "$TESTTMP/actual.txt"
check "diff real dumps: added() is new" grep -q 'app.py:11(added) \[new\]' "$TESTTMP/actual.txt"
check "diff real dumps: dropped() is gone" grep -q 'app.py:8(dropped) \[gone\]' "$TESTTMP/actual.txt"

# Errors.
"$PROFTOP" --print --diff "$TESTTMP/missing.prof" "$TESTTMP/v2.prof" 2> "$TESTTMP/err.txt"
check "diff: a missing OLD file exits 2" test $? -eq 2
check "diff: the error names the file" grep -q "missing.prof: cannot open" "$TESTTMP/err.txt"
"$PROFTOP" --print --diff "$TESTTMP/v1.prof" --sort bogus "$TESTTMP/v2.prof" 2>/dev/null
check "diff: an unknown difference key is a usage error" test $? -eq 1
