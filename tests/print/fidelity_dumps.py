# -*- coding: utf-8 -*-
"""Dumps holding what cProfile rarely writes but pstats reads and prints.

    python3 fidelity_dumps.py DIR

DIR/surrogate.prof  file and function names that were not UTF-8 (lone
                    surrogates, as os.fsdecode makes them), a built-in too
DIR/bools.prof      True and False as call counts, in the stats and as the
                    profile module's plain caller counts
DIR/names.prof      names for --filter: non-ASCII, astral, a trailing
                    newline, a vertical tab, brackets, a backslash
DIR/twice.prof      a key written twice in the stats dict (marshal keeps
                    its first place and its last value)
"""
import marshal
import os
import sys


def write(path, stats):
    with open(path, "wb") as f:
        marshal.dump(stats, f)


def surrogate():
    bad = b"/srv/caf\xe9/x\xff.py".decode("utf-8", "surrogateescape")
    odd = b"/srv/\x80\xbf/m.py".decode("utf-8", "surrogateescape")
    f, g = (bad, 1, "f"), (odd, 7, b"g\xfe".decode("utf-8", "surrogateescape"))
    b = ("~", 0, "<built-in method x\udcc3y>")
    return {
        f: (1, 1, 0.5, 0.75, {}),
        g: (2, 3, 0.125, 0.25, {f: (2, 3, 0.125, 0.25)}),
        b: (4, 4, 0.0625, 0.0625, {g: (4, 4, 0.0625, 0.0625), f: (1, 1, 0.0, 0.0)}),
    }


def bools():
    a, b, c, d = ("a.py", 1, "f"), ("b.py", 2, "g"), ("c.py", 3, "h"), ("d.py", 4, "k")
    return {
        a: (True, True, 0.5, 0.5, {b: True, c: 3}),
        b: (1, True, 0.25, 0.75, {c: False}),
        c: (False, False, 0.0, 0.0, {}),
        d: (True, 2, 0.1, 0.1, {a: (True, True, 0.1, 0.1)}),
    }


def names():
    funcs = ["na\u00efve", "\U0001F600smile", "aaa", "ab", "abbb", "tail\n",
             "vt\x0bx", "br[a]ck", "A_up", "x:y", "back\\u0041"]
    st = {}
    for i, n in enumerate(funcs):
        st[("m%d.py" % i, i + 1, n)] = (i + 1, i + 1, 0.01 * (i + 1), 0.02 * (i + 1), {})
    st[("~", 0, "endl\n")] = (1, 1, 0.5, 0.5, {})
    return st


def twice():
    """The dict's bytes by hand: marshal never writes a key twice."""
    a, b, c = ("a.py", 1, "f"), ("b.py", 2, "a_much_longer_name"), ("c.py", 3, "h")
    items = [
        (a, (1, 1, 0.5, 0.5, {b: (1, 1, 0.5, 0.5)})),
        (b, (2, 2, 0.25, 0.75, {c: (2, 2, 0.25, 0.75)})),
        (a, (3, 4, 0.125, 0.375, {c: (4, 3, 0.125, 0.375)})),
        (c, (5, 5, 1.0, 1.0, {})),
    ]
    body = b"".join(marshal.dumps(k, 2) + marshal.dumps(v, 2) for k, v in items)
    return b"{" + body + b"0"


def main(outdir):
    write(os.path.join(outdir, "surrogate.prof"), surrogate())
    write(os.path.join(outdir, "bools.prof"), bools())
    write(os.path.join(outdir, "names.prof"), names())
    with open(os.path.join(outdir, "twice.prof"), "wb") as f:
        f.write(twice())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
