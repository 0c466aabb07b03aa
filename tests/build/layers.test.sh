#!/usr/bin/env bash
# The floors (Makefile.am's FLOORS, top floor first) call only downwards: no
# object of a floor uses a symbol that a floor above it defines, and no
# source file takes part in a circle of calls between files (HACKING.md).
# Read from the built libraries with nm, so a new wrong-way call fails here
# even where the link order happened to resolve it.
. "$(dirname "$0")/../lib.sh"
command -v nm >/dev/null || { skip "layers: nm not installed"; exit 0; }
floors=$(sed -n '/^FLOORS =/,/[^\\]$/p' "$SRCDIR/Makefile.am" | tr -d '\\' |
	sed 's/^FLOORS =//' | tr -s ' \t' '\n' | sed '/^$/d')
[ -n "$floors" ] || { fail "layers: FLOORS read from Makefile.am"; exit 0; }
rank=0
: > "$TESTTMP/defs"
: > "$TESTTMP/uses"
for lib in $floors; do
	rank=$((rank + 1))
	[ -f "$BUILDDIR/$lib" ] || { fail "layers: $lib built"; continue; }
	floor=$(basename "$(dirname "$lib")")
	# "RANK OBJECT SYMBOL" for what each object defines and uses
	nm -A --defined-only -g "$BUILDDIR/$lib" 2>/dev/null |
		awk -v r=$rank -v f="$floor" '{ split($1, a, ":"); print r, f "/" a[2], $NF }' >> "$TESTTMP/defs"
	nm -A -u "$BUILDDIR/$lib" 2>/dev/null |
		awk -v r=$rank -v f="$floor" '{ split($1, a, ":"); print r, f "/" a[2], $NF }' >> "$TESTTMP/uses"
done
# object names as their sources: model/libmodel_a-names.o -> model/names
norm() { sed -E 's/lib[a-z]+_a-//g; s/\.o( |$)/\1/g'; }
awk 'NR == FNR { owner[$3] = $1 " " $2; next }
	($3 in owner) { split(owner[$3], o, " "); if (o[1] < $1) print $2, "uses", $3, "of", o[2] }' \
	"$TESTTMP/defs" "$TESTTMP/uses" | norm > "$TESTTMP/up"
if [ -s "$TESTTMP/up" ]; then
	fail "layers: no floor calls a floor above it"
	head -20 "$TESTTMP/up" | sed 's/^/    /'
else
	pass "layers: no floor calls a floor above it ($(echo $floors | wc -w) floors)"
fi

# Circles: strongly connected files in the graph "A uses a symbol B defines".
awk 'NR == FNR { owner[$3] = $2; next }
	($3 in owner) && owner[$3] != $2 { print $2, owner[$3] }' \
	"$TESTTMP/defs" "$TESTTMP/uses" | sort -u > "$TESTTMP/edges"
python=$(newest_python3)
if [ -z "$python" ]; then
	skip "layers: no Python 3 to find circles"
	exit 0
fi
"$python" - "$TESTTMP/edges" > "$TESTTMP/circles" <<'PY'
import sys
succ = {}
for line in open(sys.argv[1]):
    a, b = line.split()
    succ.setdefault(a, set()).add(b)
    succ.setdefault(b, set())
# Tarjan's strongly connected components, iteratively.
index, low, on, stack, out, n = {}, {}, set(), [], [], [0]
for root in sorted(succ):
    if root in index:
        continue
    work = [(root, iter(sorted(succ[root])))]
    index[root] = low[root] = n[0]; n[0] += 1; stack.append(root); on.add(root)
    while work:
        v, it = work[-1]
        for w in it:
            if w not in index:
                index[w] = low[w] = n[0]; n[0] += 1; stack.append(w); on.add(w)
                work.append((w, iter(sorted(succ[w]))))
                break
            if w in on:
                low[v] = min(low[v], index[w])
        else:
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = []
                while True:
                    w = stack.pop(); on.discard(w); comp.append(w)
                    if w == v:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp))
for comp in out:
    print(" ".join(comp))
PY
norm < "$TESTTMP/circles" > "$TESTTMP/named"
if [ -s "$TESTTMP/named" ]; then
	fail "layers: no circle of calls between source files"
	sed 's/^/    circle: /' "$TESTTMP/named"
else
	pass "layers: no circle of calls between source files"
fi
