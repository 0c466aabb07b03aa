#!/usr/bin/env python3
"""Writes a deterministic synthetic pstats dump shaped like cProfile's.

Usage: gen_synth.py [--shape local|wide] NFUNCS OUT [CALLERS_PER_FUNC]

The dict is built the way cProfile's snapshot_stats builds it, so that
marshal (version 4) writes the same sharing a real dump has:
  - each stats key is its own (file, line, name) tuple;
  - each function used as a caller has ONE caller-key tuple object, shared by
    every callers dict it appears in (marshal writes it once, then 'r' refs);
  - file and function name strings are shared objects (code objects share
    them), so they too are written once and referenced afterwards;
  - caller values (nc, cc, tt, ct) are fresh tuples.

--shape wide (issue 15) is what a large real program gives instead:
  - each function's callers are drawn uniformly from all functions;
  - a caller key is the very tuple used as that function's stats key, so
    marshal writes it where it is first met (usually inside another
    function's callers dict) and refs it everywhere else;
  - every key's file name is its own string object, written in full
    (about nfuncs/2 distinct names).
The default, local, is the shape described above.
Same arguments give the same bytes (a fixed seed, no hash-order dependence).
"""
import marshal
import random
import sys


def build(nfuncs, ncallers, seed=1):
    rnd = random.Random(seed)
    nfiles = max(1, nfuncs // 25)
    # str(...) builds fresh objects: no accidental interning across keys.
    files = ["/srv/app/lib/python3/site-packages/pkg%d/module_%d.py" % (i % 97, i)
             for i in range(nfiles)]
    keys = []       # stats keys
    caller_keys = []  # the shared caller-key tuple per function
    for i in range(nfuncs):
        if i % 20 == 19:
            name = "<built-in method mod%d.call_%d>" % (i % 13, i)
            key = ("~", 0, name)
            ckey = ("~", 0, name)
        else:
            fname = files[rnd.randrange(nfiles)]
            line = rnd.randrange(1, 4000)
            name = "function_%d_%s" % (i, "x" * (i % 7))
            key = (fname, line, name)
            # cProfile reads co_firstlineno afresh per label(): a new int.
            ckey = (fname, int(str(line)), name)
        keys.append(key)
        caller_keys.append(ckey)

    # Cumulative time falls with depth in the synthetic call graph: low ids
    # are near the root, as in a real program.
    total = 100.0
    stats = {}
    callers_of = []
    for i in range(nfuncs):
        callers_of.append({})
    for i in range(nfuncs):
        ct = total / (1.0 + i) ** 0.7
        tt = ct * rnd.uniform(0.05, 0.5)
        nc = 1 + rnd.randrange(1000)
        cc = nc if rnd.random() < 0.9 else max(1, nc - rnd.randrange(nc))
        stats[keys[i]] = (cc, nc, tt, ct, callers_of[i])
    for i in range(1, nfuncs):
        # Callers come from earlier functions, skewed towards the callee.
        n = min(i, max(1, int(rnd.gauss(ncallers, 2))))
        chosen = set()
        while len(chosen) < n:
            j = i - 1 - int(rnd.expovariate(1.0 / max(1, min(i, 200)))) % i
            chosen.add(j)
        d = callers_of[i]
        for j in sorted(chosen):
            enc = 1 + rnd.randrange(200)
            ecc = enc if rnd.random() < 0.95 else max(1, enc // 2)
            ect = rnd.uniform(0.0, 1.0) * stats[keys[i]][3] / n
            d[caller_keys[j]] = (enc, ecc, ect * rnd.uniform(0.1, 0.9), ect)
    return stats


def build_wide(nfuncs, ncallers, seed=1):
    rnd = random.Random(seed)
    nfiles = max(1, nfuncs // 2)
    keys = []
    for i in range(nfuncs):
        if i % 20 == 19:
            keys.append(("~", 0, "<built-in method mod%d.call_%d>" % (i % 13, i)))
        else:
            # A fresh string per key: marshal cannot share it through a ref.
            f = rnd.randrange(nfiles)
            fname = "/srv/app/lib/python3/site-packages/pkg%d/module_%d.py" % (f % 97, f)
            keys.append((fname, rnd.randrange(1, 4000),
                         "function_%d_%s" % (i, "x" * (i % 7))))
    total = 100.0
    stats = {}
    callers_of = [{} for _ in range(nfuncs)]
    for i in range(nfuncs):
        ct = total / (1.0 + i) ** 0.7
        tt = ct * rnd.uniform(0.05, 0.5)
        nc = 1 + rnd.randrange(1000)
        cc = nc if rnd.random() < 0.9 else max(1, nc - rnd.randrange(nc))
        stats[keys[i]] = (cc, nc, tt, ct, callers_of[i])
    for i in range(1, nfuncs):
        n = min(nfuncs - 1, max(1, int(rnd.gauss(ncallers, 2))))
        chosen = set()
        while len(chosen) < n:
            j = rnd.randrange(nfuncs)
            if j != i:
                chosen.add(j)
        d = callers_of[i]
        for j in sorted(chosen):
            enc = 1 + rnd.randrange(200)
            ecc = enc if rnd.random() < 0.95 else max(1, enc // 2)
            ect = rnd.uniform(0.0, 1.0) * stats[keys[i]][3] / n
            d[keys[j]] = (enc, ecc, ect * rnd.uniform(0.1, 0.9), ect)
    return stats


def main():
    args = sys.argv[1:]
    shape = "local"
    if args[:1] == ["--shape"] and len(args) > 1:
        shape, args = args[1], args[2:]
    if len(args) not in (2, 3) or shape not in ("local", "wide"):
        sys.exit(__doc__)
    nfuncs = int(args[0])
    ncallers = int(args[2]) if len(args) == 3 else 10
    stats = (build_wide if shape == "wide" else build)(nfuncs, ncallers)
    tmp = args[1] + ".tmp"
    with open(tmp, "wb") as f:
        marshal.dump(stats, f, 4)
    import os
    os.replace(tmp, args[1])


if __name__ == "__main__":
    main()
