#!/usr/bin/env bash
# Static analysis: cppcheck over src/ must report nothing.  Checks: warning,
# style, performance, portability, except variableScope (the project
# declares at the top of a block on purpose).  A false positive is
# suppressed inline, on the line before, with its reason:
#   /* cppcheck-suppress ID ; why it is wrong */
. "$(dirname "$0")/../lib.sh"
if ! command -v cppcheck >/dev/null 2>&1; then
	skip "cppcheck: not installed (Debian: cppcheck)"
	exit 0
fi
out=$TESTTMP/cppcheck.txt
cppcheck -q -j2 --enable=warning,style,performance,portability --suppress=variableScope \
	--inline-suppr --std=c11 -I "$SRCDIR/include" -I "$BUILDDIR" \
	--template='{file}:{line}: {severity}: {id}: {message}' \
	"$SRCDIR/src" 2>"$out"
status=$?
if [ "$status" -eq 0 ] && ! grep -q ': \(error\|warning\|style\|performance\|portability\): ' "$out"; then
	pass "cppcheck: no findings in src/"
else
	fail "cppcheck: no findings in src/"
	sed "s|$SRCDIR/||" "$out" | head -40 | sed 's/^/    /'
fi
