#!/usr/bin/env python3
"""Records what gprof2dot draws for a few dumps, as fixtures for dot.test.sh.

    python3 make-gprof2dot-fixtures.py GPROF2DOT_PY [--dumps]

GPROF2DOT_PY is gprof2dot.py (https://github.com/jrfonseca/gprof2dot; the
fixtures were made with the copy of its main branch current in 2026-11).
It is run in-process on each dump of DUMPS below, for each case of CASES,
exactly as its command line does (PstatsParser, prune, prune_root,
prune_leaf), and the surviving nodes and edges are written, sorted, to
tests/dot/fixtures/DUMP.CASE.expected:

    # args: <the proftop options that ask for the same graph>
    N <func_std_string>\t<total %>\t<(self %)>\t<calls>
    E <caller std string>\t<callee std string>\t<total %>\t<calls>

Percentages are formatted as gprof2dot's labels show them.  With --dumps,
the workload dumps (cProfile and the `profile` module) are made first; they
are committed, since their times differ on every run.
"""
import cProfile
import importlib.util
import io
import os
import profile
import pstats
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, 'fixtures')
TOP = os.path.dirname(os.path.dirname(HERE))

# name -> dump paths (relative to the top of the tree)
DUMPS = {
    'sample': ['data/sample.prof'],
    'cprofile': ['tests/dot/fixtures/workload-cprofile.prof'],
    'profile': ['tests/dot/fixtures/workload-profile.prof'],
    'merged': ['tests/dot/fixtures/workload-cprofile.prof',
               'tests/dot/fixtures/workload-cprofile-b.prof'],
}

# name -> (gprof2dot settings, proftop options).  gprof2dot selects roots
# and leaves with a glob on "module:line:name"; proftop with a regex on
# func_std_string: each case gives both forms of the same selection.
CASES = {
    'default': (dict(), []),
    'all': (dict(n=0, e=0), ['--node-thres', '0', '--edge-thres', '0']),
    'coarse': (dict(n=2, e=0.5), ['--node-thres', '2', '--edge-thres', '0.5']),
    'hot': (dict(n=10, e=5), ['--node-thres', '10', '--edge-thres', '5']),
}
ROOTED = {
    'cprofile': ('*:main', r'\(main\)$', '*:fact', r'\(fact\)$'),
    'profile': ('*:main', r'\(main\)$', '*:fact', r'\(fact\)$'),
    'sample': ('*:on_search', r'\(on_search\)$', "*<method 'execute' *", r"'execute'"),
}

WORKLOAD = '''
import re

def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)

def is_even(n):
    return True if n == 0 else is_odd(n - 1)

def is_odd(n):
    return False if n == 0 else is_even(n - 1)

class Shape(object):
    def __init__(self, w, h):
        self.w, self.h = w, h
    def area(self):
        return self.w * self.h

def \u00e9t\u00e9(xs):
    return sorted(xs, key=lambda x: -x)

def squares(n):
    return sum(x * x for x in range(n))

def words(text):
    return [w for w in re.split(r"\\W+", text) if w]

def busy(k):
    s = 0
    for i in range(k):
        s += i % 7
    return s

def main(scale):
    t = 0
    for i in range(40 * scale):
        t += fact(12) + is_even(15) + Shape(i, 2).area()
        t += len(\u00e9t\u00e9([3, 1, 2])) + squares(30) + len(words("a b, c"))
    t += busy(20000 * scale)
    return t
'''


def make_dumps():
    ns = {}
    exec(compile(WORKLOAD, os.path.join(FIX, 'workload.py'), 'exec'), ns)
    for name, prof, scale in (('workload-cprofile', cProfile.Profile(), 1),
                              ('workload-cprofile-b', cProfile.Profile(), 2),
                              ('workload-profile', profile.Profile(), 1)):
        prof.runcall(ns['main'], scale)
        prof.dump_stats(os.path.join(FIX, name + '.prof'))


def load_gprof2dot(path):
    spec = importlib.util.spec_from_file_location('gprof2dot', path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def graph(g2d, paths, n=0.5, e=0.1, root=None, leaf=None, depth=-1):
    """gprof2dot's main() for pstats input, up to the DotWriter."""
    sys.stderr, saved = io.StringIO(), sys.stderr   # its warnings
    try:
        parser = g2d.PstatsParser(*paths)
        prof = parser.parse()
        prof.prune(n / 100.0, e / 100.0, None, False)
        if root:
            assert prof.getFunctionIds(root), root
            prof.prune_root(prof.getFunctionIds(root), depth)
        if leaf:
            assert prof.getFunctionIds(leaf), leaf
            prof.prune_leaf(prof.getFunctionIds(leaf), depth)
    finally:
        sys.stderr = saved
    keys = {fid: key for key, fid in parser.function_ids.items()}
    std = {fid: pstats.func_std_string(key) for fid, key in keys.items()}
    lines = []
    for fid, f in prof.functions.items():
        lines.append('N %s\t%s\t%s\t%s' % (
            std[fid], g2d.TOTAL_TIME_RATIO.format(f[g2d.TOTAL_TIME_RATIO]),
            g2d.TIME_RATIO.format(f[g2d.TIME_RATIO]), f.called))
        for cid, call in f.calls.items():
            lines.append('E %s\t%s\t%s\t%s' % (
                std[fid], std[cid], g2d.TOTAL_TIME_RATIO.format(call[g2d.TOTAL_TIME_RATIO]),
                call[g2d.CALLS]))
    return sorted(lines)


def write(name, args, lines):
    with io.open(os.path.join(FIX, name + '.expected'), 'w', encoding='utf-8') as f:
        f.write('# args: %s\n' % ' '.join(args))
        for line in lines:
            f.write(line + '\n')


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if '--dumps' in sys.argv[2:]:
        make_dumps()
    g2d = load_gprof2dot(sys.argv[1])
    for dname, rel in DUMPS.items():
        paths = [os.path.join(TOP, p) for p in rel]
        for cname, (g, args) in CASES.items():
            write('%s.%s' % (dname, cname), args, graph(g2d, paths, **g))
        if dname not in ROOTED:
            continue
        rglob, rre, lglob, lre = ROOTED[dname]
        zero = ['--node-thres', '0', '--edge-thres', '0']
        write(dname + '.root', ['--root', rre],
              graph(g2d, paths, root=rglob))
        write(dname + '.root-depth', zero + ['--root', rre, '--depth', '1'],
              graph(g2d, paths, n=0, e=0, root=rglob, depth=1))
        write(dname + '.leaf', zero + ['--leaf', lre],
              graph(g2d, paths, n=0, e=0, leaf=lglob))
        write(dname + '.leaf-depth', ['--leaf', lre, '--depth', '2'],
              graph(g2d, paths, leaf=lglob, depth=2))


if __name__ == '__main__':
    main()
