# Helpers for test suites (sourced).  Each check prints PASS:/FAIL:/SKIP:.
# A suite runs alone as `bash tests/AREA/NAME.test.sh` against ./_build (or
# BUILDDIR); `make check` (tests/driver) and tests/run set the same variables.
: "${SRCDIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
: "${BUILDDIR:=$SRCDIR/_build}"
: "${PROFTOP:=$BUILDDIR/src/proftop}"
export SRCDIR BUILDDIR PROFTOP
export TZ=UTC LC_ALL=C.UTF-8
if [ -z "${TESTTMP:-}" ]; then
	TESTTMP=$(mktemp -d)
	export TESTTMP
	trap 'rm -rf "$TESTTMP"' EXIT
fi
# A developer's own ~/.config/proftop/config.yaml must not change results.
export PROFTOP_CONFIG=/dev/null
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }
skip() { echo "SKIP: $*"; }
# sanitized: 0 when $PROFTOP is an ASan/UBSan build (time limits scale).
sanitized() {
	ldd "$PROFTOP" 2>/dev/null | grep -q 'libasan\|libubsan' || grep -q __asan_init "$PROFTOP"
}
# check NAME CMD...: PASS if CMD succeeds.
check() {
	local name=$1
	shift
	if "$@"; then pass "$name"; else fail "$name"; fi
}
# same_text NAME EXPECTED_FILE ACTUAL_FILE: PASS if identical, else a diff.
same_text() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1"
		diff -u "$2" "$3" | head -40 | sed 's/^/    /'
	fi
}
# Every CPython on this machine: pyenv builds, then Debian's python3.
pythons() {
	local p
	for p in /root/.pyenv/versions/*/bin/python; do
		[ -x "$p" ] && echo "$p"
	done
	[ -x /usr/bin/python3 ] && echo /usr/bin/python3
	return 0
}
# The newest Python 3 found: the oracle for pstats' text.
newest_python3() {
	local best="" bestv=0 p v
	while read -r p; do
		v=$("$p" -c 'import sys; print(sys.version_info[0]*1000+sys.version_info[1]) if sys.version_info[0] == 3 else print(0)' 2>/dev/null) || continue
		if [ "${v:-0}" -gt "$bestv" ]; then best=$p bestv=$v; fi
	done < <(pythons)
	echo "$best"
}
# golden_cases TAG CASES GOLDEN DATA: each CASES/NAME.keys runs as a --script
# in a directory of its own holding copies of DATA's dumps (mtimes pinned:
# pstats' header shows them).  Its header comments choose the arguments
# ("# args: ...", default t.prof), the size ("# size: COLSxLINES", default
# 80x24) and TERM ("# term: ...", default xterm-256color).  Every file the
# script writes (screens saved with :save-display, exports) must equal
# GOLDEN/NAME/FILE, and every golden file must be written.  UPDATE=1
# rewrites the golden files (review the diff before committing).
golden_header() {   # golden_header FILE KEY DEFAULT
	local v
	v=$(sed -n "s/^# $2: //p" "$1" | head -1)
	echo "${v:-$3}"
}
golden_cases() {
	local tag=$1 cases=$2 goldens=$3 data=$4 keys name dir golden size want got
	local -a args
	for keys in "$cases"/*.keys; do
		name=$(basename "$keys" .keys)
		dir=$TESTTMP/golden-$name
		golden=$goldens/$name
		mkdir -p "$dir"
		cp "$data"/*.prof "$dir"/
		touch -d '2026-01-02 03:04:05 UTC' "$dir"/*.prof
		size=$(golden_header "$keys" size 80x24)
		read -r -a args <<<"$(golden_header "$keys" args t.prof)"
		if ! (cd "$dir" && TERM=$(golden_header "$keys" term xterm-256color) \
			COLUMNS=${size%x*} LINES=${size#*x} \
			"$PROFTOP" --script "$keys" "${args[@]}" >"$dir/stdout" 2>"$dir/stderr"); then
			fail "$tag $name: proftop failed"
			sed 's/^/    /' "$dir/stderr" | head -20
			continue
		fi
		rm -f "$dir"/*.prof "$dir/stdout" "$dir/stderr"
		if [ -n "${UPDATE:-}" ]; then
			rm -rf "$golden"
			mkdir -p "$golden"
			cp "$dir"/* "$golden"/
		fi
		for want in "$golden"/*; do
			[ -e "$want" ] || { fail "$tag $name: no golden screens"; break; }
			same_text "$tag $name $(basename "$want")" "$want" "$dir/$(basename "$want")"
		done
		for got in "$dir"/*; do
			[ -e "$golden/$(basename "$got")" ] || fail "$tag $name: $(basename "$got") has no golden file"
		done
	done
}
