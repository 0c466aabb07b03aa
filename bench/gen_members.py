#!/usr/bin/env python3
"""Writes a tar.gz of many small pstats dumps (issue 15: archives).

Usage: gen_members.py NMEMBERS OUT [FUNCS_PER_MEMBER [POOL]]

Each member m/<i>.prof is a cProfile-shaped dump of FUNCS_PER_MEMBER
(default 6) functions drawn from a pool of POOL (default 400) shared by all
members, each called from one to three others of the pool: what a fleet
of short runs of one program gives.  Same arguments, same bytes.
"""
import io
import marshal
import random
import sys
import tarfile


def pool_keys(n):
    keys = []
    for i in range(n):
        if i % 10 == 9:
            keys.append(("~", 0, "<built-in method mod%d.call_%d>" % (i % 7, i)))
        else:
            keys.append(("/srv/app/pkg%d/module_%d.py" % (i % 13, i // 5), 10 + i * 7,
                         "function_%d" % i))
    return keys


def member(rnd, keys, nfuncs):
    stats = {}
    for k in rnd.sample(range(len(keys)), nfuncs):
        nc = rnd.randrange(1, 50)
        cc = nc if rnd.random() < 0.8 else max(1, nc - rnd.randrange(nc))
        tt = rnd.random() * 0.01
        ct = tt + rnd.random() * 0.05
        callers = {}
        for c in rnd.sample(range(len(keys)), rnd.randrange(1, 4)):
            cn = rnd.randrange(1, nc + 1)
            callers[keys[c]] = (cn, cn, tt / 2, ct / 2)
        stats[keys[k]] = (cc, nc, tt, ct, callers)
    return marshal.dumps(stats)


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    nfuncs = int(sys.argv[3]) if len(sys.argv) > 3 else 6
    keys = pool_keys(int(sys.argv[4]) if len(sys.argv) > 4 else 400)
    rnd = random.Random(1)
    with tarfile.open(out, "w:gz", format=tarfile.GNU_FORMAT) as t:
        for i in range(n):
            data = member(rnd, keys, nfuncs)
            ti = tarfile.TarInfo("m/%d.prof" % i)
            ti.size = len(data)
            ti.mtime = 1700000000
            t.addfile(ti, io.BytesIO(data))


if __name__ == "__main__":
    main()
