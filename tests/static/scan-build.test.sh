#!/usr/bin/env bash
# Static analysis: clang's scan-build over the sources of src/proftop must
# report nothing, beyond the false positives listed with their reasons in
# tests/static/scan-build.known ("FILE FUNCTION: BUG TYPE", one a line).
# The analyser's default checkers, plus the portability, valist,
# nullability and a few security ones.  SKIP without scan-build or clang,
# and in a sanitizer build (the plain build's run covers the same sources).
. "$(dirname "$0")/../lib.sh"
name="scan-build: no findings in src/proftop's sources"
for tool in scan-build clang; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		skip "scan-build: $tool not installed (Debian: clang-tools, clang)"
		exit 0
	fi
done
if ldd "$PROFTOP" 2>/dev/null | grep -q 'libasan\|libubsan'; then
	skip "scan-build: $PROFTOP is a sanitizer build"
	exit 0
fi
if [ ! -x "$SRCDIR/configure" ]; then
	skip "scan-build: no configure script (run autoreconf -fi)"
	exit 0
fi
checkers=security.FloatLoopCounter,security.insecureAPI.UncheckedReturn,security.insecureAPI.rand
checkers+=,security.insecureAPI.strcpy,security.insecureAPI.mktemp,security.insecureAPI.getpw
checkers+=,security.insecureAPI.gets,optin.portability.UnixAPI,nullability,valist
build=$TESTTMP/build
out=$TESTTMP/reports
mkdir -p "$build"
# configure runs under scan-build so that CC is its compiler wrapper; the
# conftest programs' reports go elsewhere.
if ! (cd "$build" && scan-build -o "$TESTTMP/conftest-reports" "$SRCDIR/configure" -q \
	--disable-dependency-tracking) >"$TESTTMP/configure.log" 2>&1; then
	fail "$name"
	echo "    configure failed:"
	tail -20 "$TESTTMP/configure.log" | sed 's/^/    /'
	exit 0
fi
(cd "$build" && scan-build -o "$out" -enable-checker "$checkers" --status-bugs \
	make -j2 src/proftop) >"$TESTTMP/make.log" 2>&1
status=$?
if [ ! -x "$build/src/proftop" ]; then
	fail "$name"
	echo "    the build failed (status $status):"
	grep -i 'error' "$TESTTMP/make.log" | head -20 | sed 's/^/    /'
	exit 0
fi
# One line per report: "FILE FUNCTION: BUG TYPE" and where, from the
# comments scan-build puts at the top of each HTML report.
known=$(sed 's/[[:space:]]*#.*//; /^$/d' "$SRCDIR/tests/static/scan-build.known")
unknown=()
nknown=0
for report in "$out"/*/report-*.html; do
	[ -e "$report" ] || continue
	meta() { sed -n "s/^<!-- $1 \(.*\) -->\$/\1/p" "$report" | head -1; }
	file=$(meta BUGFILE)
	file=${file#"$SRCDIR"/}
	key="$file $(meta FUNCTIONNAME): $(meta BUGTYPE)"
	if grep -qxF -- "$key" <<<"$known"; then
		nknown=$((nknown + 1))
	else
		unknown+=("$file:$(meta BUGLINE): $(meta BUGDESC) [$(meta BUGCATEGORY), in $(meta FUNCTIONNAME)]")
	fi
done
if [ ${#unknown[@]} -eq 0 ]; then
	pass "$name ($nknown known false positives)"
else
	fail "$name"
	printf '    %s\n' "${unknown[@]}" | sort -V
	echo "    (to see the paths: scan-build -o DIR make src/proftop in a build configured"
	echo "    under scan-build, then scan-view DIR/*; or a false positive: see scan-build.known)"
fi
