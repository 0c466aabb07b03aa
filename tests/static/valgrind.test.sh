#!/usr/bin/env bash
# valgrind memcheck over --print runs: valid dumps of both profilers and old
# and new marshal versions, every report kind, and error paths (a truncated
# dump, a bad reference, a regex over PCRE2's limits, a compressed dump).
# No memory error and no leak (definite, indirect or possible) allowed.
# SKIP in a sanitizer build (valgrind cannot run it) or without valgrind.
. "$(dirname "$0")/../lib.sh"
if ! command -v valgrind >/dev/null 2>&1; then
	skip "valgrind: not installed (Debian: valgrind)"
	exit 0
fi
if ldd "$PROFTOP" 2>/dev/null | grep -q 'libasan\|libubsan'; then
	skip "valgrind: $PROFTOP is a sanitizer build"
	exit 0
fi
hostile=$SRCDIR/tests/hostile/files
seeds=$SRCDIR/fuzz/corpus/reader_fuzzer
vg=(valgrind -q --tool=memcheck --leak-check=full
    --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99
    --suppressions="$SRCDIR/tests/static/pcre2-jit.supp")

# memcheck NAME WANT_STATUS ARGS...
memcheck() {
	local name=$1 want=$2 status
	shift 2
	"${vg[@]}" --log-file="$TESTTMP/vg.log" "$PROFTOP" "$@" >/dev/null 2>"$TESTTMP/err"
	status=$?
	if [ "$status" = "$want" ] && [ ! -s "$TESTTMP/vg.log" ]; then
		pass "valgrind: $name"
	else
		fail "valgrind: $name"
		echo "    status $status (expected $want)"
		head -30 "$TESTTMP/vg.log" | sed 's/^/    /'
	fi
}

memcheck "cProfile dump, Python 3.13, stats" 0 --print "$seeds/py313-cProfile-v4.prof"
memcheck "profile dump, Python 2.7, callers and callees, sorted" 0 \
	--print --callers --callees --sort cumulative,name "$seeds/py27-profile-v2.prof"
memcheck "three dumps merged, stripped, filtered, limited" 0 \
	--print --strip --filter 'fib|sorted' --limit 0.5 --sort stdname \
	"$seeds/py36-cProfile-v0.prof" "$seeds/py312-cProfile-v3.prof" "$seeds/py310-cProfile-v4.prof"
memcheck "gzip-compressed dump" 0 --print "$hostile/gzip.prof"
memcheck "truncated dump (error path)" 2 --print "$hostile/half.prof"
memcheck "bad reference in the second dump (merge error path)" 2 \
	--print "$hostile/valid.prof" "$hostile/ref-forward.prof"
memcheck "pattern too complex (error path)" 2 --print --filter '(a+)+$' "$hostile/long-names.prof"
memcheck "invalid regex" 0 --print --filter '(' "$hostile/valid.prof"
