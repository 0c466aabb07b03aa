#!/usr/bin/env bash
# Runs the C unit test programs built by `make check-programs`.
. "$(dirname "$0")/../lib.sh"
found=0
for t in "$BUILDDIR"/tests/unit/*_test; do
	[ -x "$t" ] || continue
	found=1
	"$t" || true
done
[ "$found" = 1 ] || fail "no unit test programs in $BUILDDIR/tests/unit (run make check-programs)"
