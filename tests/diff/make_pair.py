"""Writes two pstats dumps with fixed numbers, for the --diff golden test.

OLD -> NEW: slow() got slower, helper() moved from line 20 to 24, gone()
vanished, fresh() appeared, two same-named functions in one file are left
unpaired because (file, name) is ambiguous there.
"""
import marshal
import sys

F = "/srv/app/views.py"


def stats(entries):
    out = {}
    for key, (cc, nc, tt, ct, callers) in entries:
        out[key] = (cc, nc, tt, ct, callers)
    return out


main = (F, 1, "main")
old = stats([
    (main, (1, 1, 0.001, 1.000, {})),
    ((F, 10, "slow"), (10, 10, 0.500, 0.600, {main: (10, 10, 0.500, 0.600)})),
    ((F, 20, "helper"), (5, 5, 0.100, 0.100, {main: (5, 5, 0.100, 0.100)})),
    ((F, 30, "gone"), (2, 2, 0.200, 0.200, {main: (2, 2, 0.200, 0.200)})),
    ((F, 40, "dup"), (1, 1, 0.010, 0.010, {main: (1, 1, 0.010, 0.010)})),
    ((F, 50, "dup"), (1, 1, 0.010, 0.010, {main: (1, 1, 0.010, 0.010)})),
])
new = stats([
    (main, (1, 1, 0.001, 2.000, {})),
    ((F, 10, "slow"), (10, 10, 1.500, 1.600, {main: (10, 10, 1.500, 1.600)})),
    ((F, 24, "helper"), (6, 6, 0.120, 0.120, {main: (6, 6, 0.120, 0.120)})),
    ((F, 60, "fresh"), (3, 3, 0.300, 0.300, {main: (3, 3, 0.300, 0.300)})),
    ((F, 44, "dup"), (1, 1, 0.010, 0.010, {main: (1, 1, 0.010, 0.010)})),
    ((F, 54, "dup"), (1, 1, 0.010, 0.010, {main: (1, 1, 0.010, 0.010)})),
])
with open(sys.argv[1], "wb") as f:
    marshal.dump(old, f)
with open(sys.argv[2], "wb") as f:
    marshal.dump(new, f)
