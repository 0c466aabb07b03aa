#!/usr/bin/env bash
# proftop against its peers on the same files, in the same run (issue 8).
#
#   bench/run.sh            or   make bench   (from a build directory)
#
# Generates (once, cached in $BENCH_DIR, default /tmp/proftop-bench) the
# synthetic dumps of 2k, 20k and 200k functions (~10 callers each), a 1 MB
# one for reloads, and a real dump of the standard library at work; then
# measures, best of N, wall time and peak RSS of:
#   - proftop --print --sort cumulative --limit 40   vs Python's pstats doing
#     the same (outputs compared: they must be identical);
#   - proftop --dot                                  vs gprof2dot (if present);
#   - reading the file from the page cache (cat, cp to tmpfs): the floor;
#   - live-mode reloads of the 1 MB dump (bench/reload);
#   - the UI on the 200k dump through the headless harness: first screen, and
#     per-key p50/p95 of a sort change, a filter keystroke and a search step.
# Prints a table, and writes it as Markdown to $BENCH_DIR/results.md.
#
# Environment: PROFTOP, RELOAD (binaries), PYTHON (default: the newest
# Python 3 found), GPROF2DOT (default /tmp/gprof2dot.py), RUNS (proftop runs,
# default 5), PEER_RUNS (default 3; 1 for the 200k dump), SIZES (default
# "2000 20000 200000").
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/proftop-bench}
PROFTOP=${PROFTOP:-$here/../_build/src/proftop}
RELOAD=${RELOAD:-$(dirname "$PROFTOP")/../bench/reload}
GPROF2DOT=${GPROF2DOT:-/tmp/gprof2dot.py}
RUNS=${RUNS:-5}
SIZES=${SIZES:-2000 20000 200000}
mkdir -p "$BENCH_DIR"
export LC_ALL=C.UTF-8 TZ=UTC

newest_python3() {
	local best="" bestv=0 p v
	for p in /root/.pyenv/versions/*/bin/python /usr/bin/python3 "$(command -v python3 || true)"; do
		[ -x "$p" ] || continue
		v=$("$p" -c 'import sys; print(sys.version_info[0]*1000+sys.version_info[1] if sys.version_info[0] == 3 else 0)' 2>/dev/null) || continue
		if [ "${v:-0}" -gt "$bestv" ]; then best=$p bestv=$v; fi
	done
	echo "$best"
}
PYTHON=${PYTHON:-$(newest_python3)}
[ -x "$PROFTOP" ] || { echo "bench: no proftop at $PROFTOP (set PROFTOP)" >&2; exit 1; }
[ -n "$PYTHON" ] || { echo "bench: no Python 3 found" >&2; exit 1; }
measure() { "$PYTHON" "$here/measure.py" "$@"; }

# A dump is regenerated when its generator is newer than it.
gen() {   # out, generator, args...
	local out=$1 script=$2
	shift 2
	if [ ! -s "$out" ] || [ "$script" -nt "$out" ]; then
		echo "bench: generating $(basename "$out")" >&2
		"$PYTHON" "$script" "$@" "$out" >/dev/null 2>&1 || "$PYTHON" "$script" "$@" "$out"
	fi
}
for n in $SIZES 2500; do
	out=$BENCH_DIR/synth-$n.prof
	if [ ! -s "$out" ] || [ "$here/gen_synth.py" -nt "$out" ]; then
		echo "bench: generating synth-$n.prof" >&2
		"$PYTHON" "$here/gen_synth.py" "$n" "$out"
	fi
done
gen "$BENCH_DIR/real.prof" "$here/real_workload.py"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()          # "op|size|proftop s|proftop MB|peer|peer s|peer MB|ratio"
row() { rows+=("$1"); printf '%s\n' "$1" | tr '|' '\t' >&2; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.0fx", b / a; else print "-" }'; }
fsize() { stat -c %s "$1"; }
label() {   # file -> "200k fn, 2.0M edges, 82 MB"
	"$PYTHON" - "$1" <<'EOF'
import marshal, os, sys
with open(sys.argv[1], "rb") as f:
    st = marshal.load(f)
e = sum(len(v[4]) for v in st.values())
def k(x):
    return "%.1fM" % (x / 1e6) if x >= 1e6 else ("%dk" % round(x / 1e3) if x >= 1e3 else str(x))
print("%s fn, %s edges, %.1f MB" % (k(len(st)), k(e), os.path.getsize(sys.argv[1]) / 1e6))
EOF
}

help=$("$PROFTOP" --help 2>/dev/null || true)
have_dot=0
grep -q -- '--dot' <<<"$help" && have_dot=1
have_ui=0
grep -q -- '--key-times' <<<"$help" && have_ui=1
peer_pstats="pstats ($("$PYTHON" -c 'import platform; print(platform.python_version())'))"

growth=()
for f in "$BENCH_DIR"/real.prof $(for n in $SIZES; do echo "$BENCH_DIR/synth-$n.prof"; done); do
	size=$(label "$f")
	case $f in */real.prof) size="real (the stdlib at work): $size" ;; esac
	peer_runs=${PEER_RUNS:-$([ "$(fsize "$f")" -gt 40000000 ] && echo 1 || echo 3)}
	# --print against pstats; the texts must be the same
	read -r pt pr pc < <(measure "$RUNS" "$BENCH_DIR/out.proftop" -- "$PROFTOP" --print --sort cumulative --limit 40 "$f")
	read -r yt yr yc < <(measure "$peer_runs" "$BENCH_DIR/out.pstats" -- "$PYTHON" -c \
		"import pstats, sys; pstats.Stats(sys.argv[1]).sort_stats('cumulative').print_stats(40)" "$f")
	same="identical"
	cmp -s "$BENCH_DIR/out.proftop" "$BENCH_DIR/out.pstats" || same="DIFFERENT OUTPUT"
	row "print --sort cumulative --limit 40 ($same)|$size|$pt ($pc)|$(mb "$pr")|$peer_pstats|$yt ($yc)|$(mb "$yr")|$(ratio "$pt" "$yt") ($(ratio "$pc" "$yc"))"
	case $f in */synth-*) growth+=("$size|$pt|$pc") ;; esac
	# --dot against gprof2dot, default thresholds
	if [ "$have_dot" = 1 ]; then
		read -r dt dr dc < <(measure "$RUNS" /dev/null -- "$PROFTOP" --dot - "$f")
		if [ -f "$GPROF2DOT" ]; then
			read -r gt gr gc < <(measure "$peer_runs" /dev/null -- "$PYTHON" "$GPROF2DOT" -f pstats "$f")
			row "dot (default thresholds)|$size|$dt ($dc)|$(mb "$dr")|gprof2dot|$gt ($gc)|$(mb "$gr")|$(ratio "$dt" "$gt") ($(ratio "$dc" "$gc"))"
		else
			row "dot (default thresholds)|$size|$dt ($dc)|$(mb "$dr")|gprof2dot absent|-|-|-"
		fi
	else
		row "dot|$size|not available yet|-|gprof2dot|-|-|-"
	fi
	# the floor: the bytes from the page cache
	read -r ct cr _ < <(measure "$RUNS" /dev/null -- cat "$f")
	shm=${TMPDIR:-/dev/shm}
	[ -d /dev/shm ] && shm=/dev/shm
	read -r kt kr _ < <(measure "$RUNS" /dev/null -- cp "$f" "$shm/proftop-bench-copy")
	rm -f "$shm/proftop-bench-copy"
	row "reference: cat FILE >/dev/null; cp FILE to tmpfs|$size|$ct; $kt|$(mb "$cr"); $(mb "$kr")|-|-|-|-"
done

# live mode: reloading a 1 MB dump
reload_line="bench/reload not built (make bench builds it)"
if [ -x "$RELOAD" ]; then
	reload_line=$("$RELOAD" "$BENCH_DIR/synth-2500.prof" 200)
	row "live reload, 1 MB dump (ms: $reload_line)|$(label "$BENCH_DIR/synth-2500.prof")|-|-|-|-|-|-"
fi

# the UI, headless, on the biggest dump
ui_lines=()
big=$BENCH_DIR/synth-$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1).prof
if [ "$have_ui" = 1 ]; then
	keys=$BENCH_DIR/ui.keys
	{
		for i in 1 2 3 4 5 6 7 8; do echo '>'; done
		for i in 1 2 3 4 5 6 7 8; do echo '<'; done
		echo 'f'
		echo 'function_19'
		echo '<Enter>'
		echo 'f'
		for i in $(seq 11); do echo '<Backspace>'; done
		echo '<Enter>'
		echo '/'
		echo 'function_1'
		echo '<Enter>'
		for i in $(seq 30); do echo 'n'; done
		echo 'q'
	} >"$keys"
	echo q >"$BENCH_DIR/quit.keys"
	uirun() { (export TERM=xterm-256color COLUMNS=160 LINES=50; "$@"); }
	read -r ft fr fc < <(uirun measure "$RUNS" /dev/null -- "$PROFTOP" --script "$BENCH_DIR/quit.keys" "$big")
	row "UI: open and draw the first screen, then quit|$(label "$big")|$ft ($fc)|$(mb "$fr")|-|-|-|-"
	uirun "$PROFTOP" --script "$keys" --key-times "$BENCH_DIR/keys.times" "$big" >/dev/null
	while IFS='|' read -r what p50 p95 n; do
		ui_lines+=("$what|$p50|$p95|$n")
		row "UI key: $what (p50 / p95 ms over $n keys)|$(label "$big")|$p50 / $p95|-|-|-|-|-"
	done < <(awk '
		$1 ~ /^sort-(next|prev)$/ { k = "sort change (next/previous column)" }
		$1 == "filter-prompt" { k = "filter keystroke" }
		$1 == "search-prompt" { k = "search keystroke (incremental)" }
		$1 == "search-next" || $1 == "search-prev" { k = "search step (next match)" }
		k { t[k, ++n[k]] = $2 / 1000; k = "" }
		END {
			for (k in n) {
				m = n[k]
				for (i = 1; i <= m; i++) v[i] = t[k, i]
				for (i = 2; i <= m; i++) { x = v[i]; for (j = i - 1; j >= 1 && v[j] > x; j--) v[j + 1] = v[j]; v[j + 1] = x }
				printf "%s|%.2f|%.2f|%d\n", k, v[int((m - 1) * 0.5) + 1], v[int((m - 1) * 0.95) + 1], m
			}
		}' "$BENCH_DIR/keys.times" | sort)
else
	row "UI timings|-|pending: this proftop has no --key-times|-|-|-|-|-"
fi

# growth 2k -> 20k -> 200k
growth_text=""
prev=""
for g in "${growth[@]}"; do
	t=${g#*|}
	t=${t%%|*}
	if [ -n "$prev" ]; then
		growth_text+=" -> ${t}s (x$(awk -v a="$prev" -v b="$t" 'BEGIN { printf "%.1f", b / a }'))"
	else
		growth_text="${t}s"
	fi
	prev=$t
done

{
	echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r)"
	echo "Peers: $peer_pstats; gprof2dot: $([ -f "$GPROF2DOT" ] && echo "$GPROF2DOT" || echo absent)"
	echo "Load average before the run: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "Best of $RUNS runs for proftop, of ${PEER_RUNS:-3 (1 for the 200k dump)} for the peers: wall seconds, and in parentheses CPU seconds (user + system; steadier on a busy machine); peak RSS by GNU time."
	echo
	echo "| operation | dump | proftop s (cpu) | proftop MB | peer | peer s (cpu) | peer MB | speed-up (cpu) |"
	echo "|---|---|---|---|---|---|---|---|"
	for r in "${rows[@]}"; do echo "| ${r//|/ | } |"; done
	echo
	echo "Growth of --print (2k -> 20k -> 200k functions, 10x each step): $growth_text"
} | tee "$BENCH_DIR/results.md"
