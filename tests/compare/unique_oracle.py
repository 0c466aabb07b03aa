"""pstats' report with every file name replaced by its unique tail: the
oracle for `proftop --print --path unique`.

    unique_oracle.py DUMP OUT SORT [callers|callees]

Renames the keys of DUMP's stats dict (and of every caller) with its own
computation of the tails -- the shortest suffixes of whole path components
that keep the files apart, colliding tails all widened by one component
until none collide -- writes the renamed dict to a temporary dump and prints
pstats' report of it to OUT, without the first (file and date) line.
"""
import io
import marshal
import os
import pstats
import sys
import tempfile


def tails(files):
    start = {}
    for f in files:
        cut = f.rfind("/")
        start[f] = cut + 1 if cut >= 0 else 0
    while True:
        groups = {}
        for f in files:
            groups.setdefault(f[start[f]:], []).append(f)
        changed = False
        for members in groups.values():
            if len(members) < 2:
                continue
            for f in members:
                i = start[f]
                if i == 0:
                    continue
                i -= 1
                while i > 0 and f[i - 1] != "/":
                    i -= 1
                start[f] = i
                changed = True
        if not changed:
            return {f: f[start[f]:] for f in files}


def main():
    dump, out, sort = sys.argv[1:4]
    what = sys.argv[4] if len(sys.argv) > 4 else "stats"
    with open(dump, "rb") as fh:
        stats = marshal.load(fh)
    tail = tails(sorted({k[0] for k in stats}))

    def rename(k):
        return (tail.get(k[0], k[0]), k[1], k[2])

    renamed = {}
    for k, (cc, nc, tt, ct, callers) in stats.items():
        renamed[rename(k)] = (cc, nc, tt, ct, {rename(c): v for c, v in callers.items()})
    fd, tmp = tempfile.mkstemp(suffix=".prof")
    with os.fdopen(fd, "wb") as fh:
        marshal.dump(renamed, fh)
    text = io.StringIO()
    st = pstats.Stats(tmp, stream=text)
    os.unlink(tmp)
    st.sort_stats(sort)
    getattr(st, {"stats": "print_stats", "callers": "print_callers",
                 "callees": "print_callees"}[what])()
    with open(out, "w") as fh:
        fh.write(text.getvalue().split("\n", 1)[1])


main()
