#!/usr/bin/env bash
# Developer entry point.
#   ./dev.sh run    install build dependencies if missing, build, open the sample profile
#   ./dev.sh test   the same set-up, then run every test suite (make -j check,
#                   then make check-slow; SLOW=0 skips the slow ones); ends
#                   with "N passed, N failed, N skipped"; TESTS="tests/a/b.test.sh
#                   ..." runs only those
#   ./dev.sh deps   print the Debian packages the build and the tests need
# BUILD=dir chooses the build directory (default _build); CONFIGURE_FLAGS are
# passed to configure.
set -euo pipefail
cd "$(dirname "$0")"
top=$PWD

build_pkgs="build-essential autoconf automake pkg-config libncurses-dev libpcre2-dev libyaml-dev libarchive-dev zlib1g-dev"
test_pkgs="python3 graphviz tmux bash-completion zsh apache2-utils python3-werkzeug clang clang-tools valgrind cppcheck libclang-rt-14-dev time zstd xz-utils bzip2 zip lz4 unzip pyprof2calltree libxml2-utils"

need_install() {
	local p missing=()
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	if [ "$(id -u)" -ne 0 ]; then
		echo "missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
		exit 1
	fi
	echo "installing: ${missing[*]}" >&2
	[ -n "${APT_UPDATED:-}" ] || { apt-get update -qq; export APT_UPDATED=1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

build() {
	local dir=${BUILD:-_build}
	[ -x configure ] && [ configure -nt configure.ac ] && [ Makefile.in -nt Makefile.am ] || autoreconf -fi >/dev/null
	mkdir -p "$dir"
	if [ ! -f "$dir/Makefile" ] || [ "${RECONFIGURE:-}" ]; then
		(cd "$dir" && "$top/configure" -q ${CONFIGURE_FLAGS:-})
	fi
	make -C "$dir" -s -j"$(nproc)" >/dev/null
}

case "${1:-}" in
deps)
	echo $build_pkgs $test_pkgs
	;;
run)
	need_install $build_pkgs
	build
	# the sample was recorded in /work/main: its source (v) read from here
	exec "${BUILD:-_build}/src/proftop" --path-map "/work/main=$PWD" data/sample.prof
	;;
test)
	need_install $build_pkgs $test_pkgs
	build
	dir=${BUILD:-_build}
	make -C "$dir" -s check-programs >/dev/null
	find "$dir/tests" -name '*.trs' -delete 2>/dev/null || true
	# the verdict is the summary over every case; make failing with no failed
	# case (a suite that could not run) is one failure more
	filter='^Testsuite summary\|^make\|^[A-Z]*: *[0-9]*$\|^=\|^#\|^See \|^Please report' broke=0
	make -C "$dir" -s -k -j"$(nproc)" check ${TESTS:+TESTS="$TESTS"} 2>&1 | { grep -v "$filter" || true; } || broke=1
	if [ "${SLOW:-1}" != 0 ]; then
		make -C "$dir" -s -k check-slow 2>&1 | { grep -v "$filter" || true; } || broke=1
	fi
	summary=$(bash tests/summary "$dir") && status=0 || status=1
	if [ "$broke" = 1 ] && [ "$status" = 0 ]; then
		echo "make check failed with no failed case: a suite could not run"
		set -- $(tail -1 <<<"$summary")
		summary="$(sed '$d' <<<"$summary")"$'\n'"$1 passed, 1 failed, $5 skipped"
		status=1
	fi
	echo "$summary" | sed '/^$/d'
	exit "$status"
	;;
*)
	sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
	exit 1
	;;
esac
