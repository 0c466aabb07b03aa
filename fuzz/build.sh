#!/usr/bin/env bash
# Builds the libFuzzer targets into OUTDIR (default fuzz/out under the current
# directory), straight from the library sources with clang
# -fsanitize=fuzzer,address,undefined.  `make fuzz` calls it.
#   fuzz/build.sh [OUTDIR]
# Then, e.g.:  OUTDIR/reader_fuzzer -jobs=1 -workers=1 -max_total_time=300 \
#                  NEWCORPUS fuzz/corpus/reader_fuzzer
# (new inputs go to the first directory; keep the committed corpus small).
# Exit status 77 when clang or its libFuzzer runtime is missing.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$PWD/fuzz/out}
CC=${FUZZ_CC:-clang}
mkdir -p "$out"

if ! command -v "$CC" >/dev/null 2>&1; then
	echo "fuzz/build.sh: $CC not found (Debian: clang libclang-rt-14-dev)" >&2
	exit 77
fi
# The library sources want autoconfig.h; only its feature macros matter here.
cat >"$out/autoconfig.h" <<'CFG'
#define _GNU_SOURCE 1
#define _FILE_OFFSET_BITS 64
#define PACKAGE_VERSION "fuzz"
CFG
if ! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
	"$CC" -x c -fsanitize=fuzzer -o "$out/.probe" - >/dev/null 2>&1; then
	echo "fuzz/build.sh: $CC cannot link -fsanitize=fuzzer (Debian: libclang-rt-14-dev)" >&2
	exit 77
fi
rm -f "$out/.probe"

pcre_cflags=$(pkg-config --cflags libpcre2-8)
pcre_libs=$(pkg-config --libs libpcre2-8)
# pstats reads files through archive (libarchive)
archive_libs="$(pkg-config --libs libarchive) $(pkg-config --libs zlib)"
# config reads YAML (libyaml) and key names (tui/keys)
yaml_cflags=$(pkg-config --cflags yaml-0.1)
yaml_libs=$(pkg-config --libs yaml-0.1)
# Every curses-free floor below live mode (HACKING.md), so a new file is
# never missing here.
lib=$(cd "$src/src" && ls base/*.c model/*.c input/*.c ui/*.c output/*.c | sed 's/\.c$//')
# WINDOW_BYTES: the streaming reader's window, tiny so objects straddle it;
# ENTRIES_PER_CHECK: a sliced decode (live mode's) may stop every 2 entries.
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -DWINDOW_BYTES=64
	-DENTRIES_PER_CHECK=2
	-fno-sanitize-recover=undefined -I$out -I$src/include $pcre_cflags $yaml_cflags
	-Wall -Wextra -Wno-unused-parameter -Werror"

# The library once, as objects instrumented for coverage; then each target.
objs=()
for m in $lib; do
	o=$out/${m//\//_}.o
	"$CC" $flags -fsanitize=fuzzer-no-link -c "$src/src/$m.c" -o "$o"
	objs+=("$o")
done
targets=(reader_fuzzer stream_fuzzer archive_fuzzer regex_fuzzer dot_escape_fuzzer config_fuzzer)
for t in "${targets[@]}"; do
	"$CC" $flags "$src/fuzz/$t.c" "${objs[@]}" $pcre_libs $archive_libs $yaml_libs -lm -o "$out/$t"
	echo "$out/$t"
done
