# -*- coding: utf-8 -*-
"""Valid dumps at the edges of what pstats reads, for the --write-pstats
round trip, each at every marshal version this Python writes.

    python3 roundtrip_dumps.py DIR

Counts at the int64 ends (-2**63 too: Python keeps any int) and at the
32-bit boundary where marshal switches from 'i' to 'l'; True and False;
NaN, infinities, -0.0 and subnormal times; the profile module's plain
caller counts; empty, non-ASCII, astral and non-UTF-8 names; a shared key.
"""
import marshal
import os
import sys

I64 = 2 ** 63


def dumps():
    a, b, c = ("a.py", 1, "f"), ("b.py", 2, "g"), ("~", 0, "<built-in method x>")
    yield "int64-min", {a: (-I64, -I64, 1.0, 1.0, {b: (-I64, -I64, 0.5, 0.5)}), b: (1, 1, 0.5, 0.5, {})}
    yield "int64-max", {a: (I64 - 1, I64 - 1, 1.0, 1.0, {b: (I64 - 1, 1, 0.5, 0.5)}), b: (1, 1, 0.5, 0.5, {})}
    yield "int64-near", {a: (-I64 + 1, I64 - 2, 1.0, 1.0, {b: (-(2 ** 62), 2 ** 62, 0.5, 0.5)}), b: (0, 0, 0.0, 0.0, {})}
    yield "int32-edges", {a: (2 ** 31 - 1, 2 ** 31, 1.0, 1.0, {b: (-(2 ** 31), -(2 ** 31) - 1, 0.5, 0.5)}),
                          b: (2 ** 30, 2 ** 45, 0.5, 0.5, {})}
    yield "count-only-extremes", {a: (1, 1, 1.0, 1.0, {b: -I64, c: I64 - 1}), b: (1, 1, 0.5, 0.5, {c: 2 ** 31})}
    yield "bools", {a: (True, False, 1.0, 1.0, {b: True, c: False}), b: (False, True, 0.5, 0.5, {a: (True, False, 0.0, 0.0)})}
    yield "float-specials", {a: (1, 1, float("nan"), float("inf"), {b: (1, 1, -0.0, float("-inf"))}),
                             b: (1, 1, 5e-324, 1.7976931348623157e308, {})}
    yield "negative-times", {a: (3, 3, -1.5e-06, -2.25e-06, {b: (3, 3, -1e-07, -3e-07)}), b: (3, 3, -1e-07, -3e-07, {})}
    yield "names", {("", 0, ""): (1, 1, 0.0, 0.0, {}),
                    ("na\u00efve/\u540d\u524d.py", 7, "\U0001F600"): (2, 2, 0.25, 0.5, {("", 0, ""): (1, 1, 0.0, 0.0)}),
                    (b"/x\xff.py".decode("utf-8", "surrogateescape"), 1, "f"): (1, 1, 0.0, 0.0, {})}
    long = "x" * 300
    yield "long-strings", {(long, 1, long): (1, 1, 0.1, 0.1, {(long, 1, long): (1, 1, 0.1, 0.1)})}


def main(outdir):
    for name, st in dumps():
        for v in sorted({0, 2, marshal.version}):
            with open(os.path.join(outdir, "%s-v%d.prof" % (name, v)), "wb") as f:
                f.write(marshal.dumps(st, v))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
