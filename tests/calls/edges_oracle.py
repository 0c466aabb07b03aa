"""Every caller and callee edge from pstats' own dicts, in edges_dump's format."""
import pstats
import sys

s = pstats.Stats(*sys.argv[1:])
s.calc_callees()


def fmt(v):
    if isinstance(v, tuple):
        return "%d %d %.9g %.9g" % v
    return "%d" % v


std = pstats.func_std_string
for func, (cc, nc, tt, ct, callers) in s.stats.items():
    for caller, v in callers.items():
        print("callers %s | %s | %s" % (std(func), std(caller), fmt(v)))
    for callee, v in s.all_callees.get(func, {}).items():
        print("callees %s | %s | %s" % (std(func), std(callee), fmt(v)))
