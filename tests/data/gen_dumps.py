# -*- coding: utf-8 -*-
"""Makes pstats dumps for the tests with whatever Python runs this script.

    python gen_dumps.py OUTDIR [--small]

Profiles a small deterministic workload with cProfile and with the pure
Python `profile` module and writes, for each, one dump per marshal version
the interpreter can write (0 .. marshal.version):

    OUTDIR/cprofile-vN.prof   OUTDIR/profile-vN.prof

plus a second, different run of each at the newest version, for merging:

    OUTDIR/cprofile-b.prof    OUTDIR/profile-b.prof

The workload has recursion (direct and mutual), builtins and methods of
builtin types, lambdas, generator expressions, classes, the same module
compiled under two directories (so that strip_dirs() merges functions), a
file name with spaces and, on Python 3, non-ASCII function names.  Call
counts are fixed; only the times vary from run to run.  --small makes a
smaller workload (for committed fixtures).

Works on Python 2.7 and 3.x.
"""
from __future__ import print_function

import marshal
import os
import sys

WORKLOAD = u'''
class Shape(object):
    def __init__(self, w, h):
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h

    @property
    def perimeter(self):
        return 2 * (self.w + self.h)


class Square(Shape):
    def __init__(self, s):
        Shape.__init__(self, s, s)


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


def is_even(n):
    return True if n == 0 else is_odd(n - 1)


def is_odd(n):
    return False if n == 0 else is_even(n - 1)


def shapes(n):
    out = []
    for i in range(n):
        out.append(Square(i) if i % 3 == 0 else Shape(i, i + 1))
    return sorted(out, key=lambda s: s.area())


def total_area(items):
    return sum(s.area() for s in items)


def words(n):
    text = " ".join("w%d" % (i % 7) for i in range(n))
    counts = {}
    for w in text.split():
        counts[w] = counts.get(w, 0) + 1
    return len(counts)


def run(scale):
    acc = 0
    for i in range(scale):
        acc += fact(i % 12)
        acc += 1 if is_even(i % 9) else 0
    items = shapes(scale)
    acc += total_area(items)
    acc += sum(s.perimeter for s in items[:5])
    acc += words(scale * 3)
    acc += len(list(map(lambda x: x * 2, range(scale))))
    return acc
'''

# Only Python 3 accepts non-ASCII identifiers.  The names mix Latin and CJK
# letters so that widths (counted in code points by pstats) are exercised.
WORKLOAD_PY3 = u'''
def naïve_größe(n):
    return sum(range(n))


def 計算(n):
    return naïve_größe(n) + len([c for c in "élan" * n])
'''


def load(path, source):
    """Compiles SOURCE as if read from PATH; returns its namespace."""
    ns = {}
    exec(compile(source, path, "exec"), ns)
    return ns


def workload(outdir, small, variant):
    """Returns a callable running the workload for one profile."""
    here = os.path.join(outdir, "src dir with spaces")
    mod_a = load(os.path.join(here, "work load.py"), WORKLOAD)
    mod_b = load(os.path.join(outdir, "other", "work load.py"), WORKLOAD)
    extra = None
    if sys.version_info[0] >= 3:
        extra = load(os.path.join(outdir, "unicode", "ünïcode.py"), WORKLOAD_PY3)
    scale = 12 if small else 40
    if variant:
        scale += 7

    def main():
        total = mod_a["run"](scale)
        total += mod_b["run"](scale // 2)
        if extra and not small:
            total += extra["計算"](5)
        elif extra:
            total += extra["naïve_größe"](3)
        if variant:
            total += mod_a["fact"](20)
        return total
    return main


def profile_with(module_name, fn):
    if module_name == "cProfile":
        import cProfile as mod
    else:
        import profile as mod
    prof = mod.Profile()
    prof.runcall(fn)
    prof.create_stats()
    return prof.stats


def write(path, stats, version):
    with open(path, "wb") as f:
        marshal.dump(stats, f, version)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 1
    outdir = os.path.abspath(argv[1])
    small = "--small" in argv[2:]
    if not os.path.isdir(outdir):
        os.makedirs(outdir)
    for module_name, stem in (("cProfile", "cprofile"), ("profile", "profile")):
        stats = profile_with(module_name, workload(outdir, small, False))
        for version in range(marshal.version + 1):
            write(os.path.join(outdir, "%s-v%d.prof" % (stem, version)), stats, version)
        stats = profile_with(module_name, workload(outdir, small, True))
        write(os.path.join(outdir, "%s-b.prof" % stem), stats, marshal.version)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
