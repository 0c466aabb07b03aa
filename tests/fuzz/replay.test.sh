#!/usr/bin/env bash
# libFuzzer targets (fuzz/*.c): builds them with clang, replays each
# committed corpus (fuzz/corpus/TARGET: seeds and every crash found so far),
# then fuzzes each target for FUZZ_SECONDS (default 30) on one core.
# New crash inputs are kept in $BUILDDIR/fuzz-artifacts for a regression
# file.  SKIP when clang or its libFuzzer runtime is missing.
. "$(dirname "$0")/../lib.sh"
secs=${FUZZ_SECONDS:-30}
# The targets build with clang's own sanitizers whatever this build is: CI
# runs them in its first build only.
if [ -n "${FUZZ_DONE:-}" ]; then
	skip "fuzz targets: already run in this CI ($FUZZ_DONE)"
	exit 0
fi
out=$TESTTMP/fuzz
log=$TESTTMP/build.log
bash "$SRCDIR/fuzz/build.sh" "$out" >"$log" 2>&1
status=$?
if [ "$status" = 77 ]; then
	skip "fuzz targets: $(tail -1 "$log")"
	exit 0
fi
if [ "$status" != 0 ]; then
	fail "fuzz targets build"
	tail -20 "$log" | sed 's/^/    /'
	exit 0
fi
pass "fuzz targets build"
artifacts=$BUILDDIR/fuzz-artifacts
mkdir -p "$artifacts"
# Leaks matter; the libFuzzer process itself stays within 2 GB.
opts=(-rss_limit_mb=2048 -timeout=10 -max_len=4096)

for bin in "$out"/*_fuzzer; do
	t=$(basename "$bin")
	corpus=$SRCDIR/fuzz/corpus/$t
	n=$(find "$corpus" -type f 2>/dev/null | wc -l)
	if [ "$n" -eq 0 ]; then
		fail "$t: no committed corpus in fuzz/corpus/$t"
		continue
	fi
	if "$bin" "${opts[@]}" -runs=0 "$corpus" >"$TESTTMP/$t.replay" 2>&1; then
		pass "$t: replays its $n committed inputs"
	else
		fail "$t: replays its $n committed inputs"
		grep -E 'ERROR|runtime error|SUMMARY|Running:|Test unit' "$TESTTMP/$t.replay" | head -10 | sed 's/^/    /'
	fi
	# Fuzzing writes new inputs to a scratch copy, never to the corpus.
	mkdir -p "$TESTTMP/$t.new"
	if "$bin" "${opts[@]}" -max_total_time="$secs" -print_final_stats=1 \
		-artifact_prefix="$artifacts/$t-" "$TESTTMP/$t.new" "$corpus" \
		>"$TESTTMP/$t.fuzz" 2>&1; then
		runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$TESTTMP/$t.fuzz")
		pass "$t: ${secs}s of fuzzing, no crash (${runs:-?} runs)"
	else
		fail "$t: ${secs}s of fuzzing, no crash"
		grep -E 'INFO: Seed|ERROR|runtime error|SUMMARY|Test unit|_fuzzer:|^  (memory|streamed):|^    #[0-9]+ ' \
			"$TESTTMP/$t.fuzz" | head -30 | sed 's/^/    /'
		# The artifact lives on the CI machine only: print it, so that the
		# log alone is enough to reproduce (base64 -d >FILE).
		crash=$(sed -n 's/.*Test unit written to \([^ ]*\).*/\1/p' "$TESTTMP/$t.fuzz" | head -1)
		if [ -n "$crash" ] && [ -f "$crash" ]; then
			echo "    input ($(wc -c <"$crash") bytes, base64):"
			base64 -w 76 "$crash" | head -80 | sed 's/^/      /'
		fi
		echo "    reproduce: $bin ARTIFACT; add it to fuzz/corpus/$t/ once fixed"
	fi
done
exit 0
