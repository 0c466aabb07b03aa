#!/usr/bin/env bash
# --write-pstats round trips: dumps from every Python found
# (tests/data/gen_dumps.py, cProfile and profile) are written back by
# proftop and read by that Python's pstats, which must print what it prints
# for the original (tests/export/report.py; the header's file lines aside).
# Marshal versions 0-2 (Python 2's str) with Python 2.7, 3-4 with Python 3.
# On the newest Python 3 also --strip, --filter, --sort/--limit subsets,
# merges and a --since delta against `proftop --print` with the same
# options, the atomic write rules and '-'.
. "$(dirname "$0")/../lib.sh"

gen=$SRCDIR/tests/data/gen_dumps.py
report=$SRCDIR/tests/export/report.py
what=stats,callers,callees

# roundtrip TAG PY DUMP VERSION: pstats of the written file == of DUMP.
roundtrip() {
	local tag=$1 py=$2 dump=$3 v=$4 out=$TESTTMP/w.prof
	rm -f "$out"
	if ! "$PROFTOP" --write-pstats "$out" --marshal-version "$v" "$dump" 2>"$TESTTMP/err"; then
		fail "$tag: proftop --write-pstats failed"
		sed 's/^/    /' "$TESTTMP/err" | head -3
		return
	fi
	"$py" "$report" --sort stdname --what $what "$dump" >"$TESTTMP/a.txt" 2>&1
	"$py" "$report" --sort stdname --what $what "$out" >"$TESTTMP/b.txt" 2>&1
	same_text "$tag" "$TESTTMP/a.txt" "$TESTTMP/b.txt"
}

# The rows of a pstats table (between the column header and the blank line).
rows() {
	awk '/^   ncalls  tottime/ { t = 1; next } t && $0 == "" { t = 0 } t' "$@"
}

# subset TAG OPTIONS... -- FILES...: proftop OPTIONS --write-pstats, then
# pstats (sorted as OPTIONS sort) prints the rows `proftop --print OPTIONS` does.
subset() {
	local tag=$1 sort=stdname opts=() files=() out=$TESTTMP/s.prof
	shift
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	files=("$@")
	local i
	for ((i = 0; i < ${#opts[@]}; i++)); do
		[ "${opts[i]}" = --sort ] && sort=${opts[i + 1]}
	done
	rm -f "$out"
	if ! "$PROFTOP" "${opts[@]}" --write-pstats "$out" "${files[@]}" 2>"$TESTTMP/err"; then
		fail "$tag: proftop --write-pstats failed"
		sed 's/^/    /' "$TESTTMP/err" | head -3
		return
	fi
	"$PROFTOP" --print --sort "$sort" "${opts[@]}" "${files[@]}" | rows >"$TESTTMP/want.txt"
	"$py3" "$report" --sort "$sort" "$out" | rows >"$TESTTMP/got.txt"
	if [ ! -s "$TESTTMP/want.txt" ]; then
		fail "$tag: the subset is empty (test data changed?)"
		return
	fi
	same_text "$tag" "$TESTTMP/want.txt" "$TESTTMP/got.txt"
}

py3=$(newest_python3)
found=0
while read -r py; do
	ver=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null) || continue
	max=$("$py" -c 'import marshal; print(marshal.version)')
	tag=py$ver
	[ "$py" = /usr/bin/python3 ] && tag=py$ver-debian
	d=$TESTTMP/$tag
	mkdir -p "$d"
	if ! "$py" "$gen" "$d" >"$d/gen.log" 2>&1; then
		fail "$tag: gen_dumps.py failed"
		continue
	fi
	found=1
	# Versions 0-2 write Python 2's str ('s'): for Python 2; 3-4 for Python 3.
	lo=3 hi=4
	[ "${ver%%.*}" = 2 ] && lo=0 hi=2
	for ((v = lo; v <= hi; v++)); do
		roundtrip "$tag cprofile marshal v$v" "$py" "$d/cprofile-v$max.prof" $v
		roundtrip "$tag profile marshal v$v" "$py" "$d/profile-v$max.prof" $v
	done
	# A merge of two runs, written as one dump.
	out=$TESTTMP/m.prof
	if "$PROFTOP" --write-pstats "$out" --marshal-version $hi "$d/cprofile-v$max.prof" "$d/cprofile-b.prof"; then
		"$py" "$report" --sort stdname "$d/cprofile-v$max.prof" "$d/cprofile-b.prof" | rows >"$TESTTMP/a.txt"
		"$py" "$report" --sort stdname "$out" | rows >"$TESTTMP/b.txt"
		same_text "$tag merge of two dumps" "$TESTTMP/a.txt" "$TESTTMP/b.txt"
	else
		fail "$tag merge of two dumps: proftop failed"
	fi
done < <(pythons)
[ "$found" = 1 ] || { skip "round trips: no Python found"; exit 0; }

if [ -z "$py3" ]; then
	skip "subsets: no Python 3 found"
	exit 0
fi
d=$TESTTMP/sub
mkdir -p "$d"
"$py3" "$gen" "$d" >/dev/null 2>&1
c=$d/cprofile-v4.prof p=$d/profile-v4.prof
subset "strip" --strip -- "$c"
subset "strip profile" --strip -- "$p"
subset "filter" --filter 'fact|is_' -- "$c"
subset "filter twice" --filter work --filter 'e' -- "$c"
subset "sort and limit" --sort cumulative --limit 10 -- "$c"
subset "sort time, fraction" --sort time --limit 0.3 -- "$c"
subset "strip, filter, merge" --strip --filter '<' -- "$c" "$d/cprofile-b.prof"
subset "profile filter" --filter work -- "$p"
# A delta: the merge of two runs less the second one (--since, live mode's baseline).
subset "since baseline (delta)" --since "$d/cprofile-b.prof" -- "$c" "$d/cprofile-b.prof"

# The written dump reads back in proftop the same, whole.
"$PROFTOP" --write-pstats "$TESTTMP/self.prof" "$c" &&
	"$PROFTOP" --print --callers "$c" | tail -n +2 >"$TESTTMP/a.txt" &&
	"$PROFTOP" --print --callers "$TESTTMP/self.prof" | tail -n +2 >"$TESTTMP/b.txt" &&
	same_text "proftop reads its own dump" "$TESTTMP/a.txt" "$TESTTMP/b.txt"

# With --print, the report is printed and the dump written.
"$PROFTOP" --print --write-pstats "$TESTTMP/both.prof" "$c" | tail -n +2 >"$TESTTMP/a.txt"
"$PROFTOP" --print "$c" | tail -n +2 >"$TESTTMP/b.txt"
check "--print with --write-pstats prints the report" cmp -s "$TESTTMP/a.txt" "$TESTTMP/b.txt"
check "--print with --write-pstats writes the dump" cmp -s "$TESTTMP/both.prof" "$TESTTMP/self.prof"

# '-' writes to stdout.
if "$PROFTOP" --write-pstats - "$c" | "$py3" -c 'import marshal, sys; d = marshal.load(sys.stdin.buffer); sys.exit(0 if len(d) > 10 else 1)'; then
	pass "write to stdout"
else
	fail "write to stdout"
fi

# Version 4 shares strings and keys: smaller than without references (v2).
"$PROFTOP" --write-pstats "$TESTTMP/v4.prof" "$c"
"$PROFTOP" --write-pstats "$TESTTMP/v2.prof" --marshal-version 2 "$c"
check "v4 uses references (smaller than v2)" \
	test "$(stat -c %s "$TESTTMP/v4.prof")" -lt "$(stat -c %s "$TESTTMP/v2.prof")"

"$PROFTOP" --write-pstats "$TESTTMP/x.prof" --marshal-version 5 "$c" 2>/dev/null
check "marshal version 5 is a usage error" test $? -eq 1
"$PROFTOP" --write-pstats "$TESTTMP/x.prof" --dot "$TESTTMP/x.dot" "$c" 2>/dev/null
check "--write-pstats with --dot is a usage error" test $? -eq 1 -a ! -e "$TESTTMP/x.prof"
"$PROFTOP" --write-callgrind "$TESTTMP/x.cg" --diff "$d/cprofile-b.prof" "$c" 2>/dev/null
check "--write-callgrind with --diff is a usage error" test $? -eq 1 -a ! -e "$TESTTMP/x.cg"

# Atomic writes: a symlink is refused and its target kept; an existing
# file keeps its mode; a failed load leaves an existing output untouched;
# no temporary file is left behind.
w=$TESTTMP/atomic
mkdir -p "$w"
echo keep >"$w/target"
ln -s target "$w/link"
"$PROFTOP" --write-pstats "$w/link" "$c" 2>"$TESTTMP/err"
rc=$?
check "symlink refused" test $rc -eq 2 -a "$(cat "$w/target")" = keep -a -L "$w/link"
grep -q 'symlink' "$TESTTMP/err" || fail "symlink refusal says why"
echo old >"$w/out.prof"
chmod 640 "$w/out.prof"
"$PROFTOP" --write-pstats "$w/out.prof" "$c"
check "existing mode kept" test "$(stat -c %a "$w/out.prof")" = 640
cp "$w/out.prof" "$w/before"
head -c 100 "$c" >"$w/broken.prof"
"$PROFTOP" --write-pstats "$w/out.prof" "$w/broken.prof" 2>/dev/null
check "failed load keeps the old output" cmp -s "$w/out.prof" "$w/before"
"$PROFTOP" --write-pstats "$w/nodir/out.prof" "$c" 2>/dev/null
check "missing directory is an error" test $? -eq 2
check "no temporary files left" test "$(ls -A "$w" | grep -c '^\.')" -eq 0

# A full disk: the error names the file and says why (the errno's text).
# Standard output on /dev/full, and a file on a tiny tmpfs where one can
# be mounted (root).  The sample is larger than stdio's buffer: the write
# itself fails, not only the flush.
sample=$SRCDIR/data/sample.prof
if [ -w /dev/full ]; then
	"$PROFTOP" --write-pstats - "$sample" >/dev/full 2>"$TESTTMP/err"
	rc=$?
	check "full disk on stdout: exit 2, names it and the errno" \
		grep -qx 'proftop: standard output: write error: No space left on device' "$TESTTMP/err"
	[ $rc -eq 2 ] || fail "full disk on stdout: exit $rc"
else
	skip "full disk on stdout: no /dev/full"
fi
full=$TESTTMP/full
mkdir -p "$full"
if mount -t tmpfs -o size=16k tmpfs "$full" 2>/dev/null; then
	"$PROFTOP" --write-pstats "$full/out.prof" "$sample" 2>"$TESTTMP/err"
	check "full disk: names the file and the errno" \
		grep -qx "proftop: $full/out.prof: write error: No space left on device" "$TESTTMP/err"
	check "full disk: no temporary file left" test "$(ls -A "$full" | wc -l)" -eq 0
	umount "$full"
else
	skip "full disk on a tmpfs: cannot mount one here"
fi
