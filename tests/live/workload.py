"""Writes pstats dumps of one accumulating cProfile run at several points.

workload.py OUT_DIR: OUT_DIR/a.prof after phase 1, b.prof after phase 2
(more calls, a new function, recursion), c.prof after phase 3; and
OUT_DIR/dir/*.prof: one profile per "request", as Werkzeug writes them.
"""
import cProfile
import os
import sys


def leaf(i):
    return i * 2


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def work(n):
    return sum(leaf(i) for i in range(n))


def newcomer():
    return sorted([3, 1, 2])


def main():
    out = sys.argv[1]
    pr = cProfile.Profile()
    pr.enable()
    work(100)
    fib(8)
    pr.disable()
    pr.dump_stats(os.path.join(out, 'a.prof'))
    pr.enable()
    work(300)
    fib(10)
    newcomer()
    pr.disable()
    pr.dump_stats(os.path.join(out, 'b.prof'))
    pr.enable()
    newcomer()
    pr.disable()
    pr.dump_stats(os.path.join(out, 'c.prof'))
    d = os.path.join(out, 'dir')
    if not os.path.isdir(d):
        os.mkdir(d)
    for i in range(5):
        p = cProfile.Profile()
        p.enable()
        work(10 * (i + 1))
        if i % 2:
            fib(5)
        p.disable()
        p.dump_stats(os.path.join(d, 'GET.root.%dms.%d.prof' % (i + 1, 1000 + i)))
    with open(os.path.join(d, 'notes.txt'), 'w') as f:
        f.write('not a dump\n')


main()
