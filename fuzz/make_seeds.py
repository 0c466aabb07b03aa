# Writes small pstats dumps as fuzzing seeds: run with each Python, e.g.
#   python fuzz/make_seeds.py OUTDIR
# One dump per profiler (cProfile, profile) and per marshal version this
# Python can write, so the seeds cover 'R'/'t' interning (Python 2),
# FLAG_REF back-references (version 3+) and short strings (version 4).
import marshal
import os
import pstats
import sys


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def work():
    sorted([3, 1, 2])
    fib(6)
    return "".join(str(i) for i in range(3))


def main():
    out = sys.argv[1]
    tag = "py%d%d" % sys.version_info[:2]
    profilers = ["profile"]
    try:
        import cProfile  # noqa: F401
        profilers.insert(0, "cProfile")
    except ImportError:
        pass
    for name in profilers:
        mod = __import__(name)
        prof = mod.Profile()
        prof.runcall(work)
        prof.create_stats()
        stats = prof.stats
        for version in range(marshal.version + 1):
            path = os.path.join(out, "%s-%s-v%d.prof" % (tag, name, version))
            with open(path, "wb") as f:
                f.write(marshal.dumps(stats, version))
    # Check that pstats reads what we wrote.
    pstats.Stats(path)


main()
