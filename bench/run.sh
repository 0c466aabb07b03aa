#!/usr/bin/env bash
# proftop against its peers on the same files, in the same run (issue 8).
#
#   bench/run.sh            or   make bench   (from a build directory)
#
# Generates (once, cached in $BENCH_DIR, default /tmp/proftop-bench) the
# synthetic dumps of 2k, 20k and 200k functions (~10 callers each) in two
# shapes (gen_synth.py: "local", callers near the callee and file names
# shared; "wide", issue 15's, callers drawn from all functions, caller keys
# as refs to the stats keys, file names written in full), a 1 MB one for
# reloads, and a real dump of the standard library at work; then measures,
# best of N, wall time, CPU time and peak RSS of:
#   - proftop --print --sort cumulative --limit 40   vs Python's pstats doing
#     the same (outputs compared: they must be identical);
#   - proftop --dot                                  vs gprof2dot (if present);
#   - proftop --write-callgrind                      vs pyprof2calltree (if
#     present; the files compared: they must be identical);
#   - reading the file from the page cache (cat, cp to tmpfs), and a bare
#     walk over its marshal tokens (bench/walk): the floors;
#   - proftop --print alone at 1M functions (GROWTH_SIZES), for the growth;
#   - live mode: reloads of the biggest dumps against --print, RSS over 20
#     reloads, opening a directory of 5,000 dumps (bench/reload);
#   - --print of a tar.gz of 2k and 20k small dumps (gen_members.py, MEMBERS)
#     vs pstats adding the same dumps as files;
#   - the UI on the 200k dump through the headless harness: first screen, and
#     per-key p50/p95 of a sort change, a filter keystroke and a search step;
#     the first Enter, first sort by name and each path mode (CPU and RSS).
# Prints a table, and writes it as Markdown to $BENCH_DIR/results.md.
#
# Environment: PROFTOP, RELOAD (binaries), PYTHON (default: the newest
# Python 3 found), GPROF2DOT (default /tmp/gprof2dot.py), PYPROF2CALLTREE
# (default pyprof2calltree, Debian's package), RUNS (proftop runs,
# default 5), PEER_RUNS (default 3; 1 for the 200k dump), SIZES (default
# "2000 20000 200000"), SHAPES (default "local wide"), GROWTH_SIZES (default
# "1000000"; "" for none), GROWTH_PAIRS (default 15: alternated runs of
# the biggest of SIZES and each growth size, for the paired ratio),
# MEMBERS (default "2000 20000"; "" for none), WALK (bench/walk).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/proftop-bench}
PROFTOP=${PROFTOP:-$here/../_build/src/proftop}
RELOAD=${RELOAD:-$(dirname "$PROFTOP")/../bench/reload}
WALK=${WALK:-$(dirname "$PROFTOP")/../bench/walk}
GPROF2DOT=${GPROF2DOT:-/tmp/gprof2dot.py}
PYPROF2CALLTREE=${PYPROF2CALLTREE:-pyprof2calltree}
RUNS=${RUNS:-5}
SIZES=${SIZES:-2000 20000 200000}
SHAPES=${SHAPES:-local wide}
GROWTH_SIZES=${GROWTH_SIZES-1000000}
GROWTH_PAIRS=${GROWTH_PAIRS:-15}
MEMBERS=${MEMBERS-2000 20000}
mkdir -p "$BENCH_DIR"
if [ -x "$RELOAD" ] && [ "$RELOAD" -ot "$PROFTOP" ]; then
	# bench/run.sh alone does not rebuild it (make bench does): a stale one
	# times an older proftop's reloads
	echo "bench: $RELOAD is older than $PROFTOP; rebuild it (make bench, or make bench/reload)" >&2
	exit 1
fi
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
# synth-N.prof: the local shape; wide-N.prof: the wide one.
dump_of() { [ "$1" = local ] && echo "$BENCH_DIR/synth-$2.prof" || echo "$BENCH_DIR/$1-$2.prof"; }
for shape in $SHAPES; do
	for n in $SIZES $GROWTH_SIZES $([ "$shape" = local ] && echo 2500); do
		out=$(dump_of "$shape" "$n")
		if [ ! -s "$out" ] || [ "$here/gen_synth.py" -nt "$out" ]; then
			echo "bench: generating $(basename "$out")" >&2
			"$PYTHON" "$here/gen_synth.py" --shape "$shape" "$n" "$out"
		fi
	done
done
gen "$BENCH_DIR/real.prof" "$here/real_workload.py"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
rows=()          # "op|size|proftop s|proftop MB|peer|peer s|peer MB|ratio"
row() { rows+=("$1"); printf '%s\n' "$1" | tr '|' '\t' >&2; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.0fx", b / a; else print "-" }'; }
fsize() { stat -c %s "$1"; }
label() {   # file -> "wide: 200k fn, 2.0M edges, 82 MB" (cached beside it)
	local f=$1 shape=""
	case $f in */wide-*) shape="wide: " ;; */synth-*) shape="local: " ;; esac
	if [ ! -s "$f.label" ] || [ "$f" -nt "$f.label" ]; then
		"$PYTHON" - "$f" >"$f.label" <<'EOF'
import marshal, os, sys
with open(sys.argv[1], "rb") as f:
    st = marshal.load(f)
e = sum(len(v[4]) for v in st.values())
def k(x):
    return "%.1fM" % (x / 1e6) if x >= 1e6 else ("%dk" % round(x / 1e3) if x >= 1e3 else str(x))
print("%s fn, %s edges, %.1f MB" % (k(len(st)), k(e), os.path.getsize(sys.argv[1]) / 1e6))
EOF
	fi
	echo "$shape$(cat "$f.label")"
}

help=$("$PROFTOP" --help 2>/dev/null || true)
have_dot=0
grep -q -- '--dot' <<<"$help" && have_dot=1
have_ui=0
grep -q -- '--key-times' <<<"$help" && have_ui=1
peer_pstats="pstats ($("$PYTHON" -c 'import platform; print(platform.python_version())'))"

growth=()
for f in "$BENCH_DIR"/real.prof $(for shape in $SHAPES; do for n in $SIZES; do dump_of "$shape" "$n"; done; done); do
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
	case $f in */synth-*|*/wide-*) growth+=("$size|$pt|$pc") ;; esac
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
	# --write-callgrind against pyprof2calltree; the files must be the same
	if command -v "$PYPROF2CALLTREE" >/dev/null 2>&1; then
		read -r lt lr lc < <(measure "$RUNS" /dev/null -- "$PROFTOP" --write-callgrind "$BENCH_DIR/out.cg" "$f")
		read -r qt qr qc < <(measure "$peer_runs" /dev/null -- "$PYPROF2CALLTREE" -i "$f" -o "$BENCH_DIR/out.p2c.cg")
		same="identical"
		cmp -s "$BENCH_DIR/out.cg" "$BENCH_DIR/out.p2c.cg" || same="DIFFERENT OUTPUT"
		rm -f "$BENCH_DIR/out.cg" "$BENCH_DIR/out.p2c.cg"
		row "write-callgrind ($same)|$size|$lt ($lc)|$(mb "$lr")|pyprof2calltree|$qt ($qc)|$(mb "$qr")|$(ratio "$lt" "$qt") ($(ratio "$lc" "$qc"))"
	else
		row "write-callgrind|$size|-|-|pyprof2calltree absent|-|-|-"
	fi
	# the floor: the bytes from the page cache
	read -r ct cr _ < <(measure "$RUNS" /dev/null -- cat "$f")
	shm=${TMPDIR:-/dev/shm}
	[ -d /dev/shm ] && shm=/dev/shm
	read -r kt kr _ < <(measure "$RUNS" /dev/null -- cp "$f" "$shm/proftop-bench-copy")
	rm -f "$shm/proftop-bench-copy"
	row "reference: cat FILE >/dev/null; cp FILE to tmpfs|$size|$ct; $kt|$(mb "$cr"); $(mb "$kr")|-|-|-|-"
	if [ -x "$WALK" ]; then
		read -r wt wr wc < <(measure "$RUNS" /dev/null -- "$WALK" "$f")
		row "reference: bare marshal token walk (bench/walk); ratio: proftop --print CPU / walk CPU|$size|$wt ($wc)|$(mb "$wr")|-|-|-|$(awk -v a="$wc" -v b="$pc" 'BEGIN { if (a > 0) printf "%.1fx", b / a; else print "-" }')"
	fi
done

# growth of --print alone to the biggest sizes (no peers: pstats would
# take minutes and gigabytes)
growth_paired=()
top=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)
for shape in $SHAPES; do
	for n in $GROWTH_SIZES; do
		f=$(dump_of "$shape" "$n")
		read -r pt pr pc < <(measure "$RUNS" /dev/null -- "$PROFTOP" --print --sort cumulative --limit 40 "$f")
		row "print --sort cumulative --limit 40|$(label "$f")|$pt ($pc)|$(mb "$pr")|-|-|-|-"
		growth+=("$(label "$f")|$pt|$pc")
		# the least of a few runs at each size moved by a fifth from one
		# run to the next here (1M functions touch 200 MB of fresh pages):
		# the ratio is also taken pair by pair, runs alternating
		read -r ga gb gr < <(measure --paired "$GROWTH_PAIRS" -- \
			"$PROFTOP" --print --sort cumulative --limit 40 "$f" --vs \
			"$PROFTOP" --print --sort cumulative --limit 40 "$(dump_of "$shape" "$top")")
		growth_paired+=("$shape: $top -> $n functions x$gr (medians ${gb}s -> ${ga}s; median of $GROWTH_PAIRS ratios of alternated runs)")
	done
done

# live mode (issue 15, target 4): reloading the biggest dump of each shape,
# its CPU against a fresh --print of it in the same run, RSS over 20
# reloads; then a directory of 5,000 small dumps named as Werkzeug's
# ProfilerMiddleware names them, opened.  bench/reload renames two versions
# (the dump, and the dump with every count raised: tests/live/bump.py) over
# a watched path in turn and times each reload through the live API and
# the table's refresh, as the UI runs them.
if [ -x "$RELOAD" ]; then
	top=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)
	for shape in $SHAPES; do
		a=$(dump_of "$shape" "$top")
		b=${a%.prof}.bumped.prof
		if [ ! -s "$b" ] || [ "$a" -nt "$b" ]; then
			"$PYTHON" "$here/../tests/live/bump.py" "$a" "$b" 3
		fi
		read -r _ pr pc < <(measure "$RUNS" /dev/null -- "$PROFTOP" --print --sort cumulative --limit 40 "$a")
		line=$("$RELOAD" "$a" "$b" 20)
		best=$(awk '{ for (i = 1; i < NF; i++) if ($i == "best") print $(i + 1) / 1000 }' <<<"$line")
		row "live reload, 20 of them (CPU ms: $line)|$(label "$a")|$best|-|--print, same dump|$pc|$(mb "$pr")|$(awk -v a="$best" -v b="$pc" 'BEGIN { printf "reload/print %.2fx", a / b }')"
	done
	dir=$BENCH_DIR/werkzeug-5000
	if [ ! -s "$dir/.made" ]; then
		mkdir -p "$dir"
		"$PYTHON" "$here/../tests/live/werkzeug_dir.py" "$dir" 5000
	fi
	best=""
	for i in 1 2 3; do
		t=$("$RELOAD" --dir "$dir")
		c=${t#open }
		c=${c%% *}
		if [ -z "$best" ] || awk -v a="$c" -v b="$bc" 'BEGIN { exit !(a < b) }'; then best=$t bc=$c; fi
	done
	row "live: open a directory of 5,000 dumps (best of 3; ms: $best)|Werkzeug names, $(du -sh "$dir" | cut -f1)|$(awk -v c="$bc" 'BEGIN { printf "%.3f", c / 1000 }')|-|-|-|-|-"
else
	row "live reload|bench/reload not built (make bench builds it)|-|-|-|-|-|-"
fi

# archives: many small dumps merged (--print of a tar.gz of N members,
# gen_members.py); the peer is pstats adding the same dumps as files
for n in $MEMBERS; do
	ar=$BENCH_DIR/members-$n.tar.gz
	gen "$ar" "$here/gen_members.py" "$n"
	if [ ! -d "$ar.d" ] || [ "$ar" -nt "$ar.d" ]; then
		rm -rf "$ar.d" && mkdir -p "$ar.d" && tar xzf "$ar" -C "$ar.d"
	fi
	read -r pt pr pc < <(measure "$RUNS" /dev/null -- "$PROFTOP" --print --sort cumulative --limit 40 "$ar")
	read -r yt yr yc < <(cd "$ar.d" && measure 1 /dev/null -- "$PYTHON" -c \
		"import pstats, sys; pstats.Stats(*sys.argv[1:]).sort_stats('cumulative').print_stats(40)" \
		$(tar tzf "$ar"))
	row "print an archive's members merged|tar.gz of $n dumps, $(fsize "$ar") bytes|$pt ($pc)|$(mb "$pr")|$peer_pstats on the files|$yt ($yc)|$(mb "$yr")|$(ratio "$pt" "$yt") ($(ratio "$pc" "$yc"))"
done

# the UI, headless, on the biggest dump of each shape
uirun() { (export TERM=xterm-256color COLUMNS=160 LINES=50; "$@"); }
percentiles() {   # key-times file -> "what|p50|p95|n" per kind of key
	awk '
		$1 ~ /^sort-(next|prev)$/ { k = "sort change (next/previous column)" }
		$1 == "move-down" { k = "cursor move (redraw)" }
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
		}' "$1" | sort
}
ui_bench() {   # dump
	local big=$1 lbl what p50 p95 n t i
	lbl=$(label "$big")
	read -r ft fr fc < <(uirun measure "$RUNS" /dev/null -- "$PROFTOP" --script "$BENCH_DIR/quit.keys" "$big")
	row "UI: open and draw the first screen, then quit|$lbl|$ft ($fc)|$(mb "$fr")|-|-|-|-"
	uirun "$PROFTOP" --script "$BENCH_DIR/ui.keys" --key-times "$BENCH_DIR/keys.times" "$big" >/dev/null
	while IFS='|' read -r what p50 p95 n; do
		row "UI key: $what (p50 / p95 ms over $n keys)|$lbl|$p50 / $p95|-|-|-|-|-"
	done < <(percentiles "$BENCH_DIR/keys.times")
	# keys whose first use builds something: best of 3 fresh runs each
	for what in "first Enter (detail view)|enter" "first sort by name|:sort" \
		"path mode unique (first p)|path" "path mode short (second p)|path 2" \
		"path mode full (third p)|path 3"; do
		best=""
		for i in 1 2 3; do
			uirun "$PROFTOP" --script "$BENCH_DIR/first.keys" --key-times "$BENCH_DIR/first.times" "$big" >/dev/null
			t=$(awk -v w="${what#*|}" '
				BEGIN { n = split(w, a, " "); name = a[1]; nth = n > 1 ? a[2] : 1
					}
				{ line = $0; sub(/( [0-9]+)+$/, "", line) }
				line == name && ++seen == nth { printf "%.2f", $(NF - 1) / 1000; exit }' "$BENCH_DIR/first.times")
			if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
		done
		row "UI key: ${what%|*} (ms, best of 3 runs)|$lbl|$best|-|-|-|-|-"
	done
	# the same first-time keys in CPU seconds beyond opening and quitting
	# (the key times above are wall time: a busy machine inflates them)
	for what in "first Enter (detail view)|enter" "first sort by name|name" \
		"first p (unique paths)|p1" "p p (unique, then short paths)|p2"; do
		read -r _ _ kc < <(uirun measure "$RUNS" /dev/null -- "$PROFTOP" --script "$BENCH_DIR/${what#*|}.keys" "$big")
		row "UI CPU s beyond the first screen: ${what%|*}|$lbl|$(awk -v a="$kc" -v b="$fc" 'BEGIN { printf "%.3f", a - b }')|-|-|-|-|-"
	done
	# what a path mode costs in memory: peak RSS with p pressed once, twice
	read -r _ pr1 _ < <(uirun measure 1 /dev/null -- "$PROFTOP" --script "$BENCH_DIR/p1.keys" "$big")
	read -r _ pr2 _ < <(uirun measure 1 /dev/null -- "$PROFTOP" --script "$BENCH_DIR/p2.keys" "$big")
	row "UI: peak RSS, first screen / after p (unique) / after p p (short)|$lbl|-|$(mb "$fr") / $(mb "$pr1") / $(mb "$pr2")|-|-|-|$(awk -v a="$fr" -v b="$pr1" -v c="$pr2" 'BEGIN { printf "+%.0f%% / +%.0f%%", (b / a - 1) * 100, (c / a - 1) * 100 }')"
}
if [ "$have_ui" = 1 ]; then
	{
		for i in 1 2 3 4 5 6 7 8; do echo '>'; done
		for i in 1 2 3 4 5 6 7 8; do echo '<'; done
		# a prompt starts empty: the pattern typed, then erased in it
		# (each key filters again)
		echo 'f'
		echo 'function_19'
		for i in $(seq 11); do echo '<Backspace>'; done
		echo '<Enter>'
		# cursor moves redraw the screen
		for i in $(seq 20); do echo '<Down>'; done
		echo '/'
		echo 'function_1'
		echo '<Enter>'
		for i in $(seq 30); do echo 'n'; done
		echo 'q'
	} >"$BENCH_DIR/ui.keys"
	printf '%s\n' '<Enter>' '<Esc>' ':sort stdname' p p p q >"$BENCH_DIR/first.keys"
	echo q >"$BENCH_DIR/quit.keys"
	printf '%s\n' '<Enter>' q q >"$BENCH_DIR/enter.keys"
	printf '%s\n' ':sort stdname' q >"$BENCH_DIR/name.keys"
	printf '%s\n' p q >"$BENCH_DIR/p1.keys"
	printf '%s\n' p p q >"$BENCH_DIR/p2.keys"
	top=$(echo "$SIZES" | tr ' ' '\n' | sort -n | tail -1)
	for shape in $SHAPES; do
		ui_bench "$(dump_of "$shape" "$top")"
	done
else
	row "UI timings|-|pending: this proftop has no --key-times|-|-|-|-|-"
fi

# growth of --print, per shape: 2k -> 20k -> 200k -> 1M (CPU seconds)
growth_lines=()
for shape in $SHAPES; do
	text="" prev=""
	for g in "${growth[@]}"; do
		case $g in "$shape: "*) ;; *) continue ;; esac
		c=${g##*|}
		n=${g#"$shape: "}
		n=${n%% fn*}
		if [ -n "$prev" ]; then
			text+=" -> $n ${c}s (x$(awk -v a="$prev" -v b="$c" 'BEGIN { printf "%.1f", b / a }'))"
		else
			text="$n ${c}s"
		fi
		prev=$c
	done
	growth_lines+=("$shape: $text")
done

{
	echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM, Linux $(uname -r)"
	echo "Peers: $peer_pstats; gprof2dot: $([ -f "$GPROF2DOT" ] && echo "$GPROF2DOT" || echo absent); pyprof2calltree: $(command -v "$PYPROF2CALLTREE" || echo absent)"
	echo "Load average before the run: $load_before; after: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "Best of $RUNS runs for proftop, of ${PEER_RUNS:-3 (1 for the 200k dump)} for the peers: wall seconds, and in parentheses CPU seconds (user + system; steadier on a busy machine); peak RSS by GNU time."
	echo
	echo "| operation | dump | proftop s (cpu) | proftop MB | peer | peer s (cpu) | peer MB | speed-up (cpu) |"
	echo "|---|---|---|---|---|---|---|---|"
	for r in "${rows[@]}"; do echo "| ${r//|/ | } |"; done
	echo
	echo "Growth of --print, CPU seconds (functions, then time):"
	for g in "${growth_lines[@]}"; do echo "- $g"; done
	for g in "${growth_paired[@]}"; do echo "- $g"; done
} | tee "$BENCH_DIR/results.md"
