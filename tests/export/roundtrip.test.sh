#!/usr/bin/env bash
# What --write-pstats writes, proftop reads back equal: for every dump it
# accepts (edge cases from tests/export/roundtrip_dumps.py at every marshal
# version 0, 2 and 4, the fixtures, the hostile files it reads, the sample, cProfile
# and profile dumps), the file written at each marshal version 0-4 reads
# back without error, and written again (at version 4, which keeps all
# that proftop holds) is byte for byte what the original gives.
. "$(dirname "$0")/../lib.sh"

py3=$(newest_python3)
d=$TESTTMP/rt
mkdir -p "$d/in" "$d/out"
if [ -n "$py3" ]; then
	"$py3" "$SRCDIR/tests/export/roundtrip_dumps.py" "$d/in" || fail "roundtrip_dumps.py failed"
	"$py3" "$SRCDIR/tests/print/fidelity_dumps.py" "$d/in" || fail "fidelity_dumps.py failed"
	mkdir -p "$d/gen"
	"$py3" "$SRCDIR/tests/data/gen_dumps.py" "$d/gen" >/dev/null 2>&1 || fail "gen_dumps.py failed"
else
	skip "round trip of the edge cases: no Python 3 found"
fi

# write IN OUT VERSION: 0 when proftop wrote it.
write() {
	"$PROFTOP" --write-pstats "$2" --marshal-version "$3" "$1" 2>"$d/err"
}

tried=0 refused=0
for in in "$d"/in/*.prof "$d"/gen/cprofile-v[04].prof "$d"/gen/profile-v[04].prof \
	"$SRCDIR"/tests/data/fixtures/*.prof "$SRCDIR"/tests/hostile/files/*.prof \
	"$SRCDIR/data/sample.prof"; do
	[ -e "$in" ] || continue
	name=${in#"$d"/}
	name=${name#"$SRCDIR"/}
	if ! write "$in" "$d/out/ref.prof" 4; then
		case $in in
		"$d"/*) fail "$name: a valid dump refused: $(head -1 "$d/err")" ;;
		*) refused=$((refused + 1)) ;;    # a hostile file refused: nothing to write
		esac
		continue
	fi
	tried=$((tried + 1))
	why=
	for v in 0 1 2 3 4; do
		if ! write "$in" "$d/out/a.prof" $v; then
			why="v$v: cannot write it: $(head -1 "$d/err")"
		elif ! write "$d/out/a.prof" "$d/out/b.prof" 4; then
			why="v$v: the written file does not read back: $(head -1 "$d/err")"
		elif ! cmp -s "$d/out/ref.prof" "$d/out/b.prof"; then
			why="v$v: read back, it is not the profile written"
		fi
		[ -z "$why" ] || break
	done
	if [ -z "$why" ]; then pass "round trip $name"; else fail "round trip $name: $why"; fi
done
echo "round trip: $tried dumps tried, $refused hostile files refused"
[ "$tried" -gt 30 ] || fail "round trip: only $tried dumps (test data missing?)"
