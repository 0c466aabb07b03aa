#!/usr/bin/env bash
# Corrupted dumps: every prefix of small real dumps and thousands of seeded
# byte mutations must load or fail with an offset, never crash, and never
# hold more heap than a small multiple of the input (tests/reader/mutate.c,
# one process for all of them); then a few hundred mutants through the real
# command line, and hand-made files claiming huge sizes under a memory limit.
#
# The dumps are committed fixtures (tests/data/fixtures, made by
# tests/data/gen_dumps.py --small with Python 2.7, 3.6 and 3.13) so that the
# mutants are the same on every run, plus the bundled data/sample.prof.
. "$(dirname "$0")/../lib.sh"

mutate=$BUILDDIR/tests/reader/mutate
fixtures=("$SRCDIR"/tests/data/fixtures/*.prof)
if [ ! -x "$mutate" ]; then
	fail "corrupt: $mutate missing (run make check-programs)"
	exit 0
fi

# In-process: claims, prefixes, mutations.  Each prints its own PASS/FAIL.
"$mutate" claims || true
"$mutate" prefixes "${fixtures[@]}" || true
"$mutate" mutations 20261126 2000 "${fixtures[@]}" "$SRCDIR/data/sample.prof" || true

# Through the command line: exit 0 or 2, never a signal or a sanitizer
# report (ASan exits 1), and status 2 comes with one offset line.
cli_mutants() {
	local src=$1 seed=$2 n=$3 dir rc f line bad=0 shown=0 errs=0
	dir=$TESTTMP/mutants-$seed
	mkdir -p "$dir"
	if ! "$mutate" write "$seed" "$n" "$src" "$dir"; then
		fail "cli mutants of ${src##*/}: could not write them"
		return
	fi
	for f in "$dir"/*.prof; do
		timeout 20 "$PROFTOP" --print --sort cumulative --callers "$f" >/dev/null 2>"$dir/err"
		rc=$?
		case $rc in
		0) continue ;;
		2)
			errs=$((errs + 1))
			line=$(head -n 1 "$dir/err")
			if [ "$(wc -l <"$dir/err")" -eq 1 ] && [[ "$line" == "proftop: $f: offset "[0-9]*": "* ]]; then
				continue
			fi
			;;
		esac
		bad=$((bad + 1))
		if [ $shown -lt 5 ]; then
			shown=$((shown + 1))
			echo "    ${f##*/}: exit status $rc"
			sed 's/^/      /' "$dir/err" | head -5
		fi
	done
	echo "# cli mutants of ${src##*/}: $n run, $errs rejected, $bad bad"
	if [ $bad -eq 0 ]; then pass "cli mutants of ${src##*/}"; else fail "cli mutants of ${src##*/} ($bad bad)"; fi
}
cli_mutants "$SRCDIR/tests/data/fixtures/py27-cprofile-v2.prof" 1 100
cli_mutants "$SRCDIR/tests/data/fixtures/py36-cprofile-v3.prof" 2 100
cli_mutants "$SRCDIR/tests/data/fixtures/py313-profile-v4.prof" 3 100

# Huge claims under a 256 MB address-space limit: refused with an offset,
# not "out of memory".  ASan reserves terabytes of shadow, so not there.
if ldd "$PROFTOP" 2>/dev/null | grep -q libasan || grep -q __asan_init "$PROFTOP"; then
	skip "huge claims under ulimit -v: sanitizer build"
else
	claim() {
		local name=$1 bytes=$2 out rc
		printf "$bytes" >"$TESTTMP/claim.prof"
		head -c 4096 /dev/zero | tr '\0' 'N' >>"$TESTTMP/claim.prof"
		out=$( (ulimit -v 262144; "$PROFTOP" --print "$TESTTMP/claim.prof") 2>&1 >/dev/null)
		rc=$?
		if [ $rc -eq 2 ] && [[ "$out" == *": offset "* ]] && [[ "$out" != *"out of memory"* ]]; then
			pass "huge claim under ulimit -v: $name"
		else
			fail "huge claim under ulimit -v: $name (status $rc)"
			echo "    $out"
		fi
	}
	claim "string 2^31-1" '{\x29\x03s\xff\xff\xff\x7f'
	claim "tuple 2^31-1" '{(\xff\xff\xff\x7f'
	claim "list 2^31-1 as stats" '{\x29\x03\xda\x01a\xe9\x01\x00\x00\x00\xda\x01f[\xff\xff\xff\x7f'
	claim "long 2^31-1 digits" '{\x29\x03\xda\x01a\xe9\x01\x00\x00\x00\xda\x01f\x29\x05l\xff\xff\xff\x7f'
fi
