# Helpers for test suites (sourced).  Each check prints PASS:/FAIL:/SKIP:.
# A developer's own ~/.config/proftop/config.yaml must not change results.
export PROFTOP_CONFIG=/dev/null
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }
skip() { echo "SKIP: $*"; }
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
