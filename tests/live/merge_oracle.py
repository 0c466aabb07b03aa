"""pstats' report of the dumps FILES merged in the order given (the first
loaded, the others added one by one): the oracle for --print --watch DIR.
Usage: merge_oracle.py SORT FILE..."""
import pstats
import sys

s = pstats.Stats(sys.argv[2])
for f in sys.argv[3:]:
    s.add(f)
if sys.argv[1] != 'none':
    s.sort_stats(sys.argv[1])
s.print_stats()
