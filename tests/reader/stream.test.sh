#!/usr/bin/env bash
# Plain files are decoded through a 1 MiB window (src/input/marshal.c, refill).
# These dumps are larger than the window, so objects straddle its edges, and
# one string is larger than the window itself: --print must still match
# Python's pstats, and errors must name the same offsets as when the same
# bytes come whole from a compressed file (the in-memory path).
. "$(dirname "$0")/../lib.sh"
py=$(newest_python3)
if [ -z "$py" ]; then
	skip "stream: no Python 3 for the dumps and the oracle"
	exit 0
fi

# gen OUT NFUNCS SHIFT HUGE: NFUNCS functions with ~10 callers each; the
# first name is SHIFT bytes longer, which moves every later object across
# the window's edge; HUGE=1 adds a 1.5 MB name (longer than the window).
gen() {
	"$py" - "$@" <<'EOF'
import marshal, random, sys
out, nfuncs, shift, huge = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
rnd = random.Random(7)
files = ["/src/pkg%d/mod%d.py" % (i % 13, i) for i in range(300)]
keys = []
for i in range(nfuncs):
    name = "f%d_%s" % (i, "y" * (i % 40 + (shift if i == 0 else 0)))
    if huge and i == nfuncs // 2:
        name = "huge_" + "z" * (3 << 19)
    keys.append((files[rnd.randrange(len(files))], rnd.randrange(1, 5000), name))
stats = {}
for i, k in enumerate(keys):
    callers = {}
    for j in sorted(set(rnd.randrange(0, nfuncs) for _ in range(10))):
        n = rnd.randrange(1, 300)
        m = n if rnd.random() < 0.9 else n + rnd.randrange(1000)
        callers[keys[j]] = (m, n, rnd.random() / 100, rnd.random())
    nc = rnd.randrange(1, 5000)
    stats[k] = (nc, nc + rnd.randrange(3), rnd.random(), rnd.random() * 10, callers)
with open(out, "wb") as f:
    marshal.dump(stats, f, 4)
EOF
}
big=$TESTTMP/big.prof
gen "$big" 7000 0 0
size=$(stat -c %s "$big")
check "stream: the dump is several windows long ($size bytes)" test "$size" -gt 2500000

oracle() {   # what pstats prints; $1: print_stats / print_callers / print_callees
	"$py" -c "import pstats, sys; pstats.Stats(sys.argv[1]).sort_stats('cumulative').$1()" "$big"
}
for what in stats callers callees; do
	opt=()
	[ $what = stats ] || opt=(--$what)
	"$PROFTOP" --print --sort cumulative "${opt[@]}" "$big" >"$TESTTMP/p.out" 2>&1
	oracle print_$what >"$TESTTMP/y.out" 2>&1
	same_text "stream: --print ${opt[*]} as pstats prints it, every function" "$TESTTMP/y.out" "$TESTTMP/p.out"
done

gen "$TESTTMP/huge.prof" 300 0 1
"$PROFTOP" --print --sort time "$TESTTMP/huge.prof" >"$TESTTMP/p.out" 2>&1
"$py" -c "import pstats, sys; pstats.Stats(sys.argv[1]).sort_stats('time').print_stats()" "$TESTTMP/huge.prof" >"$TESTTMP/y.out" 2>&1
same_text "stream: a name longer than the window" "$TESTTMP/y.out" "$TESTTMP/p.out"

if ! command -v gzip >/dev/null; then
	skip "stream: no gzip for the in-memory twins"
	exit 0
fi
mkdir -p "$TESTTMP/plain" "$TESTTMP/gz"
# Streamed and decoded whole (gzip) give the same report, whatever object
# the window's edge cuts: 36 shifts cover every byte of an edge's record.
bad=""
for shift in $(seq 0 35); do
	gen "$TESTTMP/plain/s.prof" 2800 "$shift" 0
	gzip -c "$TESTTMP/plain/s.prof" >"$TESTTMP/gz/s.prof"
	# --callers reads every edge; --print alone defers its keys (pstats.c)
	for d in plain gz; do
		(cd "$TESTTMP/$d" && "$PROFTOP" --print --callers s.prof 2>&1 | tail -n +2 &&
			"$PROFTOP" --print --sort name s.prof 2>&1 | tail -n +2) >"$TESTTMP/$d.out"
	done
	cmp -s "$TESTTMP/plain.out" "$TESTTMP/gz.out" || bad+=" $shift"
done
if [ -z "$bad" ] && [ -s "$TESTTMP/plain.out" ]; then
	pass "stream: edges and keys cut by the window's edge read as decoded whole (36 shifts)"
else
	fail "stream: edges and keys cut by the window's edge read as decoded whole (36 shifts)"
	echo "    differ at shifts:$bad"
fi

# A stats key that refers to a key met just before as a caller, still
# deferred (--print), with the window's edge right before the reference:
# the key is finished before the reference is read, as anywhere else.
"$py" - "$TESTTMP/plain/edge.prof" <<'EOF'
import marshal, struct, sys
out, target = sys.argv[1], 1 << 20
mark = struct.pack("<d", 0.123456789)

def build(nfill, pad):
    stats = {}
    for i in range(nfill):
        stats[("/srv/fill/mod%d.py" % (i % 50), i + 1, "filler_%d" % i)] = (1, 1, 0.001, 0.002, {})
    k = ("/srv/app/late.py", 7, "met_first_as_caller")
    stats[("/srv/app/a.py", 3, "a_" + "x" * pad)] = (2, 2, 0.01, 0.02, {k: (1, 1, 0.5, 0.123456789)})
    stats[k] = (1, 1, 0.5, 0.5, {})
    stats[("/srv/app/after.py", 9, "after")] = (1, 1, 0.1, 0.1, {})
    return marshal.dumps(stats, 4)

def ref_at(b):   # where the stats key's reference to k starts
    return b.index(mark + b"0r") + len(mark) + 1

nfill = target // 64
while ref_at(build(nfill, 0)) > target - 20:
    nfill -= 1
b = build(nfill, target - ref_at(build(nfill, 0)))
assert ref_at(b) == target
open(out, "wb").write(b)
EOF
"$PROFTOP" --print --sort cumulative "$TESTTMP/plain/edge.prof" >"$TESTTMP/p.out" 2>&1
"$py" -c "import pstats, sys; pstats.Stats(sys.argv[1]).sort_stats('cumulative').print_stats()" "$TESTTMP/plain/edge.prof" >"$TESTTMP/y.out" 2>&1
same_text "stream: a deferred key referred to right at the window's edge" "$TESTTMP/y.out" "$TESTTMP/p.out"

# Errors: cut the dump inside objects on both sides of window edges; the
# plain file (streamed) and its gzip (decoded whole) must say the same.
for cut in 1048575 1048577 1048600 1600000 2097152 2097160 $((size - 7)); do
	head -c "$cut" "$big" >"$TESTTMP/plain/cut.prof"
	gzip -c "$TESTTMP/plain/cut.prof" >"$TESTTMP/gz/cut.prof"
	(cd "$TESTTMP/plain" && "$PROFTOP" --print cut.prof >/dev/null 2>"$TESTTMP/plain.err")
	(cd "$TESTTMP/gz" && "$PROFTOP" --print cut.prof >/dev/null 2>"$TESTTMP/gz.err")
	if grep -q 'offset [0-9]' "$TESTTMP/plain.err" && cmp -s "$TESTTMP/plain.err" "$TESTTMP/gz.err"; then
		pass "stream: cut at $cut: same error as decoded whole"
	else
		fail "stream: cut at $cut: same error as decoded whole"
		sed 's/^/    plain: /' "$TESTTMP/plain.err"
		sed 's/^/    gzip:  /' "$TESTTMP/gz.err"
	fi
done
