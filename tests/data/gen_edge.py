# -*- coding: utf-8 -*-
"""Writes a hand-made pstats dump full of edge values (Python 3).

    python3 gen_edge.py OUT.prof [MARSHAL_VERSION]

No profiler makes these, but a dump may hold them and pstats prints them:
call counts wider than the ncalls column, zero counts (blank per-call
columns), negative and huge line numbers, negative, tiny, huge, infinite and
NaN times, integer times, built-in names with and without <...>, empty
strings, quotes and non-ASCII text in file and function names, callers that
have no stats entry of their own.  Times are fixed, so the report is too.
"""
import marshal
import struct
import sys

NEG_NAN = struct.unpack("<d", struct.pack("<Q", 0xFFF8000000000000))[0]


def stats():
    f = ("a.py", 1, "f")
    g = ("a.py", 2, "g")
    only_caller = ("lost.py", 99, "not_in_stats")
    s = {}
    s[f] = (10 ** 12, 10 ** 12 + 5, 1.5, 2.25, {only_caller: (10 ** 12 + 5, 10 ** 12, 1.5, 2.25)})
    s[g] = (3, 10, 0.0004, 0.0015, {f: (10, 3, 0.0004, 0.0015), g: (7, 0, 0.0, 0.001)})
    s[("~", 0, "<built-in method builtins.len>")] = (5, 5, 1e-06, 1e-06, {g: (5, 5, 1e-06, 1e-06)})
    s[("~", 0, "plain_builtin")] = (1, 1, 0.0, 0.0, {f: (1, 1, 0.0, 0.0)})
    s[("~", 0, "<>")] = (1, 1, 0.0, 0.0, {})
    s[("~", 0, "<")] = (1, 1, 0.0, 0.0, {})
    s[("~", 1, "<x>")] = (2, 2, 0.0, 0.0, {})
    s[("a.py", -3, "negative_line")] = (1, 1, 0.25, 0.25, {f: (1, 1, 0.25, 0.25)})
    s[("a.py", 2 ** 40, "big_line")] = (1, 1, 0.5, 0.5, {})
    s[("b.py", 2, "zero_calls")] = (0, 0, 0.0, 0.0, {})
    s[("b.py", 3, "zero_prim")] = (0, 4, 0.001, 0.002, {g: (4, 0, 0.001, 0.002)})
    s[("b.py", 4, "negative_times")] = (2, 2, -0.0004, -1.5, {})
    s[("b.py", 5, "infinite")] = (1, 1, 0.0, float("inf"), {})
    s[("b.py", 6, "nan")] = (1, 1, 0.0, float("nan"), {f: (1, 1, 0.0, float("nan"))})
    s[("b.py", 7, "negative_nan")] = (1, 1, 0.0, NEG_NAN, {})
    s[("b.py", 8, "huge")] = (1, 1, 0.0, 1e300, {})
    s[("b.py", 9, "tiny")] = (1, 1, 5e-324, 5e-324, {})
    s[("b.py", 10, "int_times")] = (2, 2, 3, 4, {g: (2, 2, 3, 4)})
    s[("b.py", 11, "rounding")] = (8, 8, 0.0125, 0.0135, {})
    s[("", 0, "")] = (1, 1, 0.0, 0.0, {})
    s[("c'q\".py", 12, "quote's")] = (1, 1, 0.0, 0.0, {})
    s[(u"dir/ünï cödé.py", 13, u"名前 with space")] = (1, 1, 0.0, 0.0, {g: (1, 1, 0.0, 0.0)})
    s[("dir/x.py", 14, "f")] = (1, 1, 0.0, 0.0, {})
    s[("other/x.py", 14, "f")] = (2, 2, 0.001, 0.001, {("dir/x.py", 14, "f"): (2, 2, 0.001, 0.001)})
    return s


def main(argv):
    version = int(argv[2]) if len(argv) > 2 else marshal.version
    with open(argv[1], "wb") as f:
        marshal.dump(stats(), f, version)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
