#!/usr/bin/env bash
# `proftop --print` against each Python 3's pstats, byte for byte, on what
# cProfile seldom writes but pstats reads: names that were not UTF-8 (the
# bytes print back, as Python's stdout does with surrogateescape), True and
# False as counts, a dump dated before 1970 or whose mtime a double rounds
# up to the next second, and --filter patterns in re's own syntax (\uXXXX,
# \UXXXXXXXX, {,n}, \Z, \v, '[' inside a class), and a key written twice
# (its first place, its last value; the totals are the dict's).
. "$(dirname "$0")/../lib.sh"

here=$SRCDIR/tests/print
d=$TESTTMP/fidelity
py3=$(newest_python3)
if [ -z "$py3" ]; then
	skip "fidelity: no Python 3 found"
	exit 0
fi
mkdir -p "$d/dumps"
"$py3" "$here/fidelity_dumps.py" "$d/dumps" || fail "fidelity_dumps.py failed"
n=$d/dumps/names.prof
cp "$n" "$d/dumps/old.prof"
touch -d '1969-07-20 20:17:40 UTC' "$d/dumps/old.prof"
cp "$n" "$d/dumps/epoch.prof"
touch -d '1969-12-31 23:59:59.5 UTC' "$d/dumps/epoch.prof"
cp "$n" "$d/dumps/round.prof"
"$py3" -c 'import os, sys; t = 1700000000 * 10**9 + 999999999; os.utime(sys.argv[1], ns=(t, t))' \
	"$d/dumps/round.prof"

jobs=$d/jobs
: >"$jobs"
job() {
	local IFS=$'\t'
	printf '%s\n' "$*" >>"$jobs"
}
s=$d/dumps/surrogate.prof b=$d/dumps/bools.prof
job surrogate "$s"
job surrogate-callers --callers "$s"
job surrogate-callees --callees --sort stdname "$s"
job surrogate-strip --strip --sort name "$s"
job bools "$b"
job bools-callers --callers "$b"
job bools-callees --callees "$b"
job bools-merged --sort stdname "$b" "$b"
job bools-merged-callers --callers "$b" "$b"
job bools-strip --strip --callers "$b"
t=$d/dumps/twice.prof
job twice "$t"
job twice-callers --callers "$t"
job twice-merged --sort calls --callers "$t" "$t"
job date-1969 "$d/dumps/old.prof"
job date-epoch "$d/dumps/epoch.prof"
job date-rounded "$d/dumps/round.prof"
i=0
while IFS= read -r pat; do
	i=$((i + 1))
	job "filter-$i" --sort stdname --filter "$pat" "$n"
done <<'PATTERNS'
\u00efve
\U0001F600
\U0001f600s
(?i)\u00cfVE
[\u00e0-\u00ff]ve
ab{,2}$
a{,}b
b{,1}\(
{,3}
x{,2
l\Z
l\n\Z
\v
[[:alpha:]]
k[[]a
[^]a]a
\\u0041
\u12
\U00110000
PATTERNS

found=0
while read -r py; do
	ver=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2]) if sys.version_info >= (3, 6) else sys.exit(1)' 2>/dev/null) || continue
	found=1
	tag=py$ver
	[ "$py" = /usr/bin/python3 ] && tag=py$ver-debian
	mkdir -p "$d/$tag/expected" "$d/$tag/actual"
	if ! "$py" "$here/fidelity_oracle.py" "$jobs" "$d/$tag/expected" >"$d/$tag/oracle.log" 2>&1; then
		fail "$tag: the oracle failed"
		sed 's/^/    /' "$d/$tag/oracle.log" | tail -5
		continue
	fi
	while IFS= read -r line; do
		name=${line%%$'\t'*}
		IFS=$'\t' read -r -a args <<<"${line#*$'\t'}"
		if [ -e "$d/$tag/expected/$name.skip" ]; then
			skip "$tag $name: $(cat "$d/$tag/expected/$name.skip")"
			continue
		fi
		"$PROFTOP" --print "${args[@]}" >"$d/$tag/actual/$name.out" 2>"$d/$tag/actual/$name.err" ||
			{ fail "$tag $name: proftop failed"; sed 's/^/    /' "$d/$tag/actual/$name.err" | head -3; continue; }
		same_text "$tag $name" "$d/$tag/expected/$name.out" "$d/$tag/actual/$name.out"
	done <"$jobs"
done < <(pythons)
[ "$found" = 1 ] || skip "fidelity: no Python 3 found"
