"""pstats' report of NEW minus OLD: the oracle for `proftop --print --since`.

The delta dict is built as live mode documents it: per function and per
caller edge, NEW's numbers minus OLD's; entries whose numbers all stayed
the same are left out; NEW's order.  pstats then prints it as if loaded.
Usage: since_oracle.py OLD NEW [callers|callees|stats] [SORT...]
"""
import marshal
import pstats
import sys


def sub(a, b):
    if isinstance(a, tuple):
        return tuple(x - y for x, y in zip(a, b))
    return a - b


def zero(v):
    if isinstance(v, tuple):
        return all(x == 0 for x in v)
    return v == 0


def delta(old, new):
    out = {}
    for func, (cc, nc, tt, ct, callers) in new.items():
        ocallers = {}
        if func in old:
            occ, onc, ott, oct_, ocallers = old[func]
            d = (cc - occ, nc - onc, tt - ott, ct - oct_)
        else:
            d = (cc, nc, tt, ct)
        if zero(d):
            continue
        dc = {}
        for caller, v in callers.items():
            if caller in ocallers:
                v = sub(v, ocallers[caller])
            if not zero(v):
                dc[caller] = v
        out[func] = d + (dc,)
    return out


def main():
    old_path, new_path = sys.argv[1], sys.argv[2]
    what = sys.argv[3] if len(sys.argv) > 3 else 'stats'
    keys = sys.argv[4:]
    with open(old_path, 'rb') as f:
        old = marshal.load(f)
    s = pstats.Stats(new_path)
    s.stats = delta(old, s.stats)
    s.total_calls = s.prim_calls = 0
    s.total_tt = 0
    s.max_name_len = 0
    s.top_level = set()
    s.get_top_level_stats()
    if keys:
        s.sort_stats(*keys)
    getattr(s, 'print_' + what)()


main()
