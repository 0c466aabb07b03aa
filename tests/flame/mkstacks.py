#!/usr/bin/env python3
"""Dumps whose stacks are known, for the flame graph's tests.

mkstacks.py exact OUT: a pstats dict written with marshal, every function
    with one caller (and one recursive function): the stacks are exact,
    main;a;b, main;r;c with r calling itself three times.
mkstacks.py exact OUT nob: the same a little later, b gone.
mkstacks.py cprofile OUT: the same shape measured by cProfile (a chain of
    busy functions and a recursive one).
mkstacks.py hostile OUT: names an SVG or a folded line must escape.
mkstacks.py diamond OUT: a call graph of 2**60 paths.
"""
import marshal
import sys

F = "/srv/app/stacks.py"


def exact(out, variant=None):
    main, a, b, r, c = ((F, i, n) for i, n in ((1, "main"), (10, "a"), (20, "b"), (30, "r"), (40, "c")))
    stats = {
        main: (1, 1, 0.1, 1.0, {}),
        a: (1, 1, 0.2, 0.5, {main: (1, 1, 0.2, 0.5)}),
        b: (2, 2, 0.3, 0.3, {a: (2, 2, 0.3, 0.3)}),
        # one primitive call from main, three recursive ones from itself
        r: (1, 4, 0.3, 0.4, {main: (1, 1, 0.1, 0.4), r: (3, 0, 0.2, 0.3)}),
        c: (4, 4, 0.1, 0.1, {r: (4, 4, 0.1, 0.1)}),
    }
    if variant == "nob":
        # later: a no longer calls b, and runs twice as long itself
        del stats[b]
        stats[a] = (1, 1, 0.8, 0.8, {main: (1, 1, 0.8, 0.8)})
        stats[main] = (1, 1, 0.1, 1.3, {})
    with open(out, "wb") as f:
        marshal.dump(stats, f)


SCRIPT = '''
def spin(n):
    x = 0
    for i in range(n):
        x += i * i
    return x

def leaf():
    return spin(20000)

def middle():
    leaf()
    return spin(30000)

def top():
    middle()
    return spin(10000)

def rec(n):
    spin(5000)
    if n:
        rec(n - 1)

def other():
    return spin(40000)

for _ in range(5):
    top()
    rec(4)
    other()
'''


def cprofile(out):
    import cProfile
    prof = cProfile.Profile()
    code = compile(SCRIPT, "/srv/app/chain.py", "exec")
    prof.enable()
    exec(code, {})
    prof.disable()
    prof.dump_stats(out)


def hostile(out):
    bad = ("/srv/<app> & \"co\"/x.py", 1, "na;me\x1b]52;c;\x07\u202ex\nline\x85")
    ok = ("/srv/app/ok.py", 2, "fine")
    stats = {
        ok: (1, 1, 0.2, 1.0, {}),
        bad: (3, 3, 0.8, 0.8, {ok: (3, 3, 0.8, 0.8)}),
    }
    with open(out, "wb") as f:
        marshal.dump(stats, f)


def diamond(out, levels=60):
    """Two functions a level, each calling both of the next: 2**60 paths,
    which no bounded builder may walk."""
    stats = {}
    keys = [[(F, 100 * i + j, "f%d_%d" % (i, j)) for j in range(2)] for i in range(levels)]
    for i in range(levels):
        # each function of level i holds half of the time left at that level
        ct = 0.5 * (1.0 - i / levels)
        tt = 0.5 / levels
        callers = {}
        if i:
            for k in keys[i - 1]:
                callers[k] = (1, 1, tt / 2, ct / 2)
        for j in range(2):
            stats[keys[i][j]] = (2 if i else 1, 2 if i else 1, tt, ct, dict(callers))
    with open(out, "wb") as f:
        marshal.dump(stats, f)


if __name__ == "__main__":
    {"exact": exact, "cprofile": cprofile, "hostile": hostile, "diamond": diamond}[sys.argv[1]](*sys.argv[2:])
