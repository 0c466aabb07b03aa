"""Writes IN's dump with every call count raised by K (a later snapshot of
the same run, for the reload bench).  Usage: bump.py IN OUT K"""
import marshal
import sys

with open(sys.argv[1], 'rb') as f:
    stats = marshal.load(f)
k = int(sys.argv[3])
out = {}
for func, (cc, nc, tt, ct, callers) in stats.items():
    out[func] = (cc + k, nc + k, tt, ct, callers)
with open(sys.argv[2], 'wb') as f:
    marshal.dump(out, f)
