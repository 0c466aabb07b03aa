#!/usr/bin/env bash
# Hostile input in batch mode: every case of tests/hostile/cases (committed
# files made by make_corpus.py), then inputs made here (a 1 GB sparse file,
# /dev/zero, a FIFO, a directory, a symlink loop, a dump built to maximise
# memory per input byte), and SIGPIPE.  Each run must give the exact error
# and exit status, within 1 second (2 for the big dump) and within memory
# bounds relative to a valid dump's RSS.
. "$(dirname "$0")/../lib.sh"
here=$SRCDIR/tests/hostile
files=$here/files
res=$TESTTMP/res
have_time=0
[ -x /usr/bin/time ] && /usr/bin/time -f '%U %S %M' -o "$res" true 2>/dev/null && have_time=1

# run ARGS...: runs proftop from inside files/; sets status, secs (CPU
# milliseconds, user + system: a loaded machine does not move them), rss_kb.
run() {
	local t0 t1 u s m
	rm -f "$res"
	t0=$(date +%s%N)
	if [ "$have_time" = 1 ]; then
		(cd "$files" && timeout -s KILL 20 /usr/bin/time -f '%U %S %M' -o "$res" \
			"$PROFTOP" "$@" >"$TESTTMP/out" 2>"$TESTTMP/err")
	else
		(cd "$files" && timeout -s KILL 20 "$PROFTOP" "$@" >"$TESTTMP/out" 2>"$TESTTMP/err")
	fi
	status=$?
	t1=$(date +%s%N)
	secs=$(( (t1 - t0) / 1000000 ))   # wall time only where time(1) is missing
	rss_kb=0
	if [ -s "$res" ] && read -r u s m < <(tail -1 "$res"); then
		secs=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%d", (u + s) * 1000 }')
		rss_kb=$m
	fi
}

# Memory limits are a valid dump's peak RSS plus an allowance; ASan's
# redzones and quarantine (freed blocks kept) triple the allowance, and
# its time limits.
run --print valid.prof
base_kb=$rss_kb
san=1
{ ldd "$PROFTOP" 2>/dev/null | grep -q libasan || grep -q __asan_init "$PROFTOP"; } && san=3   # gcc: shared, clang: static
allow() { echo $((base_kb + san * $1)); }
small_limit_kb=$(allow $((16 * 1024)))

# expect NAME EXIT STDERR MAX_MS MAX_KB: checks the last run.
expect() {
	local name=$1 want_status=$2 want_err=$3 max_ms=$4 max_kb=$5 ok=1 got_err
	got_err=$(cat "$TESTTMP/err")
	if [ "$status" != "$want_status" ]; then
		ok=0; echo "    exit status $status, expected $want_status"
	fi
	if [ "$got_err" != "$want_err" ]; then
		ok=0; echo "    stderr:   $(head -c 300 "$TESTTMP/err")"; echo "    expected: $want_err"
	fi
	max_ms=$((max_ms * san))   # ASan runs slower too
	if [ "$secs" -gt "$max_ms" ]; then
		ok=0; echo "    took ${secs} ms, limit ${max_ms} ms"
	fi
	if [ "$have_time" = 1 ] && [ "$rss_kb" -gt "$max_kb" ]; then
		ok=0; echo "    peak RSS ${rss_kb} KB, limit ${max_kb} KB"
	fi
	if [ "$ok" = 1 ]; then pass "$name"; else fail "$name"; fi
}

# The headless UI: the table sorted by stdname, the detail view and the call
# tree, each screen saved.  They must hold no control byte: names are shown
# escaped.
export TERM=xterm-256color LINES=24 COLUMNS=80
printf ':sort stdname\n:save-display %s\n<Enter>\n:save-display %s\nq\nt\n:save-display %s\nq\nq\n' \
	"$TESTTMP/ui-table.txt" "$TESTTMP/ui-detail.txt" "$TESTTMP/ui-tree.txt" >"$TESTTMP/ui.keys"
ui_screens_clean() {
	local f
	for f in "$TESTTMP/ui-table.txt" "$TESTTMP/ui-detail.txt" "$TESTTMP/ui-tree.txt"; do
		[ -e "$f" ] || continue
		if tr -d '\n' <"$f" | LC_ALL=C grep -aq '[[:cntrl:]]'; then
			echo "    control bytes on screen in $(basename "$f"):"
			LC_ALL=C grep -an '[[:cntrl:]]' "$f" | cat -A | head -3 | sed 's/^/      /'
			return 1
		fi
	done
}

# The committed corpus: FILE | EXIT | OPTIONS | STDERR | WHAT IT TRIES
while IFS='|' read -r file want opts err what; do
	file=$(echo $file) want=$(echo $want)
	case "$file" in ''|'#'*) continue ;; esac
	opts=${opts# } opts=${opts% } err=${err# } err=${err% } what=${what# }
	read -ra optv <<<"$opts"
	run --print "${optv[@]}" "$file"
	[ -n "$err" ] && err="proftop: $err"
	expect "corpus: $file${opts:+ $opts}: $what" "$want" "$err" 1000 "$small_limit_kb"
	# The UI with the same files (cases with options are batch-only).
	case "$opts" in -*) continue ;; esac
	rm -f "$TESTTMP"/ui-*.txt
	run --script "$TESTTMP/ui.keys" "${optv[@]}" "$file" </dev/null
	if ui_screens_clean; then
		expect "headless UI: $file${opts:+ $opts}" "$want" "$err" 1000 "$small_limit_kb"
	else
		fail "headless UI: $file${opts:+ $opts}"
	fi
done <"$here/cases"

# A decompression bomb (200 MB of zeros in 30 KB of xz): stops at the
# archive layer's limit (64 MiB here) with bounded memory.
run --print bomb.xz.prof
expect "decompression bomb stops at the limit" 2 \
	"proftop: bomb.xz.prof: offset 67108864: decompresses to more than 67108864 bytes (limit: 256 times the $(stat -c %s "$files/bomb.xz.prof")-byte input, at least 64 MiB); stopped reading (a decompression bomb?)" \
	1000 "$(allow $((112 * 1024)))"

# Inputs that cannot be committed.
truncate -s 1G "$TESTTMP/sparse" 2>/dev/null
if [ -f "$TESTTMP/sparse" ]; then
	run --print "$TESTTMP/sparse"
	expect "1 GB sparse file fails at once" 2 \
		"proftop: $TESTTMP/sparse: offset 0: not a pstats dump (starts with byte 0x00, expected a marshal dict)" \
		1000 "$small_limit_kb"
else
	skip "1 GB sparse file: truncate failed"
fi
# The same size, but starting like a dump: the reader streams, so the error
# at offset 1 comes before the rest is read.
rm -f "$TESTTMP/sparse"
printf '{' >"$TESTTMP/brace" && truncate -s 1G "$TESTTMP/brace" 2>/dev/null
if [ -f "$TESTTMP/brace" ] && [ "$(stat -c %s "$TESTTMP/brace")" = 1073741824 ]; then
	run --print "$TESTTMP/brace"
	expect "1 GB sparse file starting with '{' fails at once" 2 \
		"proftop: $TESTTMP/brace: offset 1: expected a (file, line, function) tuple, found unsupported object (type code '?')" \
		1000 "$small_limit_kb"
	rm -f "$TESTTMP/brace"
else
	skip "1 GB sparse file starting with '{': truncate failed"
fi
run --print /dev/zero
expect "/dev/zero as a dump" 2 "proftop: /dev/zero: not a regular file" 1000 "$small_limit_kb"
mkfifo "$TESTTMP/fifo"
run --print "$TESTTMP/fifo"
expect "a FIFO with no writer does not block" 2 "proftop: $TESTTMP/fifo: not a regular file" 1000 "$small_limit_kb"
run --print "$TESTTMP"
expect "a directory" 2 "proftop: $TESTTMP: is a directory, not a pstats dump" 1000 "$small_limit_kb"
ln -s "$TESTTMP/loop" "$TESTTMP/loop"
run --print "$TESTTMP/loop"
expect "a symlink loop" 2 "proftop: $TESTTMP/loop: cannot open: Too many levels of symbolic links" 1000 "$small_limit_kb"
run --print "$TESTTMP/absent.prof"
expect "a missing file" 2 "proftop: $TESTTMP/absent.prof: cannot open: No such file or directory" 1000 "$small_limit_kb"

# Memory per input byte: 20000 functions x 20 callers, every edge two
# 5-byte back-references.  Peak RSS must stay within 16x the file size.
py=$(command -v python3 || true)
if [ -n "$py" ] && "$py" "$here/gen_wide.py" "$TESTTMP/wide.prof" 20000 20; then
	size_kb=$(( $(stat -c %s "$TESTTMP/wide.prof") / 1024 ))
	run --print --sort cumulative --callees --limit 100 "$TESTTMP/wide.prof"
	expect "wide dump: RSS within base + 16 x file size (file ${size_kb} KB)" 0 "" 2000 \
		"$(allow $((16 * 1024 + 16 * size_kb)))"
	# SIGPIPE: a closed pipe ends the report quietly (status 141 or 0).
	(cd "$files" && "$PROFTOP" --print "$TESTTMP/wide.prof" 2>"$TESTTMP/err" | head -1 >/dev/null
	 echo "${PIPESTATUS[0]}" >"$TESTTMP/pipestatus")
	st=$(cat "$TESTTMP/pipestatus")
	if { [ "$st" = 141 ] || [ "$st" = 0 ]; } && [ ! -s "$TESTTMP/err" ]; then
		pass "SIGPIPE: --print | head -1 exits quietly"
	else
		fail "SIGPIPE: --print | head -1 exits quietly"
		echo "    status $st, stderr: $(head -c 300 "$TESTTMP/err")"
	fi
	# Hash flooding: names and keys forged to collide in a fixed hash must
	# load about as fast as random ones of the same shape.
	for kind in keys:65536 strings:20000; do
		n=${kind#*:} kind=${kind%:*}
		"$py" "$here/gen_flood.py" "$TESTTMP/flood.prof" "$kind" flood "$n"
		"$py" "$here/gen_flood.py" "$TESTTMP/control.prof" "$kind" random "$n"
		run --print --limit 1 "$TESTTMP/control.prof"
		control_ms=$secs
		run --print --limit 1 "$TESTTMP/flood.prof"
		expect "hash flooding: $n colliding $kind load within 3 x random ones (${control_ms} ms) + 300 ms" \
			0 "" $((3 * control_ms + 300)) "$(allow $((64 * 1024)))"
	done
else
	skip "wide dump: no python3 to generate it"
	skip "SIGPIPE: no python3 to generate a big dump"
fi
exit 0
