#!/usr/bin/env bash
# valgrind memcheck over the headless UI: every key script of the table, the
# detail/tree views and the compare views runs under memcheck; no memory
# error and no leak (definite, indirect or possible) allowed.  The screens
# themselves are checked by the suites that own the scripts.
# SKIP in a sanitizer build (valgrind cannot run it) or without valgrind.
. "$(dirname "$0")/../lib.sh"
if ! command -v valgrind >/dev/null 2>&1; then
	skip "valgrind ui: not installed (Debian: valgrind)"
	exit 0
fi
if ldd "$PROFTOP" 2>/dev/null | grep -q 'libasan\|libubsan'; then
	skip "valgrind ui: $PROFTOP is a sanitizer build"
	exit 0
fi
py=$(newest_python3)
[ -n "$py" ] || { skip "valgrind ui: no Python 3 to write the dumps"; exit 0; }
export TZ=UTC LC_ALL=C.UTF-8
vg=(valgrind -q --tool=memcheck --leak-check=full
    --show-leak-kinds=definite,indirect,possible
    --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99
    --suppressions="$SRCDIR/tests/static/pcre2-jit.supp")
data=$TESTTMP/data
mkdir -p "$data"
"$py" "$SRCDIR/tests/ui/mkdump.py" table "$data/t.prof"
"$py" "$SRCDIR/tests/ui/mkdump.py" hostile "$data/h.prof"
"$py" "$SRCDIR/tests/ui/mkdump.py" wide "$data/w.prof"
"$py" "$SRCDIR/tests/ui/mkcalls.py" "$data/calls.prof"
"$py" "$SRCDIR/tests/diff/make_pair.py" "$data/old.prof" "$data/new.prof"
cp "$data"/*.prof "$TESTTMP"/

header() {   # header FILE KEY DEFAULT
	local v
	v=$(sed -n "s/^# $2: //p" "$1" | head -1)
	echo "${v:-$3}"
}

run() {   # run NAME KEYS DEFAULT_ARGS
	local name=$1 keys=$2 size args status
	size=$(header "$keys" size 80x24)
	read -r -a args <<<"$(header "$keys" args "$3")"
	(cd "$TESTTMP" && TERM=$(header "$keys" term xterm-256color) COLUMNS=${size%x*} LINES=${size#*x} \
		"${vg[@]}" --log-file="$TESTTMP/vg.log" "$PROFTOP" --script "$keys" "${args[@]}" \
		>/dev/null 2>"$TESTTMP/err")
	status=$?
	if [ "$status" = 0 ] && [ ! -s "$TESTTMP/vg.log" ]; then
		pass "valgrind ui: $name"
	else
		fail "valgrind ui: $name (status $status)"
		head -30 "$TESTTMP/vg.log" "$TESTTMP/err" | sed 's/^/    /'
	fi
}

for keys in "$SRCDIR"/tests/ui/cases/*.keys; do
	run "table $(basename "$keys" .keys)" "$keys" t.prof
done
for keys in "$SRCDIR"/tests/ui/detail-*.keys; do
	run "$(basename "$keys" .keys)" "$keys" calls.prof
done
for keys in "$SRCDIR"/tests/compare/cases/*.keys; do
	[ -e "$keys" ] && run "compare $(basename "$keys" .keys)" "$keys" t.prof
done
