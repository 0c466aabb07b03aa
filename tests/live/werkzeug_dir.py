"""Writes N small dumps into DIR, named as Werkzeug's ProfilerMiddleware
names them ({method}.{path}.{elapsed}ms.{time}.prof), for opening a
directory in live mode.  Usage: werkzeug_dir.py DIR N"""
import cProfile
import marshal
import os
import random
import sys


def work(n):
    s = 0
    for i in range(n):
        s += sum(range(i % 50))
    return sorted(str(x) for x in range(n % 200))


pr = cProfile.Profile()
pr.enable()
work(2000)
pr.disable()
pr.create_stats()
rnd = random.Random(1)
out, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    k = rnd.randint(1, 5)
    stats = {f: (cc * k, nc * k, tt * k, ct * k,
                 {c: tuple(v * k for v in val) for c, val in callers.items()})
             for f, (cc, nc, tt, ct, callers) in pr.stats.items()}
    name = "%s.%s.%dms.%d.prof" % (rnd.choice(["GET", "POST"]),
                                   rnd.choice(["root", "api.users", "api.items", "login"]),
                                   rnd.randint(1, 900), 1700000000 + i)
    with open(os.path.join(out, name), "wb") as f:
        marshal.dump(stats, f)
with open(os.path.join(out, ".made"), "w") as f:
    f.write("%d\n" % n)
