#!/usr/bin/env python3
"""Checks folded stacks against the pstats dump they were estimated from.

folded_check.py DUMP FOLDED: prints PASS:/FAIL: lines.
  - the weights sum to the profile's total time (within 0.1 %);
  - every function with one caller (itself aside) and at least 1 % of the
    total: the weights of the stacks holding it sum to its cumtime (0.1 %
    of the total);
  - no stack holds a function twice (recursion is cut, not counted again).
"""
import marshal
import sys


def std(key):
    f, line, name = key
    if f == "~" and line == 0:
        return "{%s}" % name[1:-1] if name.startswith("<") and name.endswith(">") else name
    return "%s:%d(%s)" % (f, line, name)


def main(dump, folded):
    with open(dump, "rb") as f:
        stats = marshal.load(f)
    total = sum(v[2] for v in stats.values())
    stacks = []
    with open(folded, encoding="utf-8") as f:
        for line in f:
            frames, _, weight = line.rstrip("\n").rpartition(" ")
            stacks.append((frames.split(";"), int(weight) / 1e6))
    ok = True

    def check(name, cond, detail=""):
        nonlocal ok
        print("%s: %s%s" % ("PASS" if cond else "FAIL", name, "" if cond else " (%s)" % detail))
        ok &= cond

    got = sum(w for _, w in stacks)
    check("folded: weights sum to the total time", abs(got - total) <= 0.001 * total,
          "%.6f vs %.6f" % (got, total))
    twice = [s for s, _ in stacks if len(set(s)) != len(s)]
    check("folded: no function twice on a stack", not twice, twice[:1])
    checked = 0
    for key, (cc, nc, tt, ct, callers) in stats.items():
        others = [c for c in callers if c != key]
        if len(others) != 1 or ct < 0.01 * total:
            continue
        name = std(key)
        mine = sum(w for s, w in stacks if name in s)
        checked += 1
        check("folded: %s sums to its cumtime" % name, abs(mine - ct) <= 0.001 * total,
              "%.6f vs %.6f" % (mine, ct))
    check("folded: some function has a single caller", checked > 0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
