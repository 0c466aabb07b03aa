"""Oracle for --print --diff: the numbers each row must show, from pstats."""
import pstats
import sys

old = pstats.Stats(sys.argv[1]).stats
new = pstats.Stats(sys.argv[2]).stats


def std(func):
    return pstats.func_std_string(func)


def row(o, n, name):
    o = o or (0, 0, 0.0, 0.0, {})
    n = n or (0, 0, 0.0, 0.0, {})
    print("%s %d %d %.3f %.3f %.3f %.3f" % (name, o[1], n[1], o[2], n[2], o[3], n[3]))


for func, st in new.items():
    if func in old:
        row(old[func], st, std(func))
        continue
    same = [f for f in old if f[0] == func[0] and f[2] == func[2] and f not in new]
    twins = [f for f in new if f[0] == func[0] and f[2] == func[2] and f not in old]
    if len(same) == 1 and len(twins) == 1:
        row(old[same[0]], st, std(func) + " [moved from line %d]" % same[0][1])
    else:
        row(None, st, std(func) + " [new]")
for func, st in old.items():
    if func in new:
        continue
    twins = [f for f in new if f[0] == func[0] and f[2] == func[2] and f not in old]
    same = [f for f in old if f[0] == func[0] and f[2] == func[2] and f not in new]
    if not (len(same) == 1 and len(twins) == 1):
        row(st, None, std(func) + " [gone]")
