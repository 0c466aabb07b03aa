"""Prints the numbers pstats computes for dumps, in a fixed form.

    python py2_numbers.py FILE...

Loads pstats.Stats(FILE...) and prints the totals, then one line per
function sorted by its standard name:

    TOTALS total_calls prim_calls total_tt(%.3f)
    ncalls(as nc/cc or nc) tottime(%.3f) cumtime(%.3f) std_name

Used where an interpreter's report text differs in form from Python 3's
(Python 2.7's print statement spacing and hash-ordered dicts), so that the
numbers can still be compared with proftop's report.  Python 2 and 3.
"""
from __future__ import print_function

import pstats
import sys


def main(argv):
    st = pstats.Stats(*argv[1:])
    out = ["TOTALS %d %d %.3f" % (st.total_calls, st.prim_calls, st.total_tt)]
    rows = []
    for func, (cc, nc, tt, ct, callers) in st.stats.items():
        calls = "%d/%d" % (nc, cc) if nc != cc else "%d" % nc
        rows.append((pstats.func_std_string(func), "%s %.3f %.3f" % (calls, tt, ct)))
    rows.sort()
    for name, nums in rows:
        out.append("%s %s" % (nums, name))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
