# -*- coding: utf-8 -*-
"""Writes what Python's own pstats prints for a list of proftop command lines.

    python oracle.py JOBS OUTDIR

JOBS has one job a line: a name, a tab, then proftop's arguments after
--print, separated by tabs (so that a regex may hold spaces):

    sort-time<TAB>--sort<TAB>time<TAB>/path/to/dump.prof

For each job this writes OUTDIR/NAME.out with what

    pstats.Stats(FILES...).[strip_dirs().]sort_stats(KEYS...)
        .[reverse_order().]print_stats|print_callers|print_callees(RESTRICTIONS...)

prints, or OUTDIR/NAME.skip with a reason when this pstats refuses the job
(e.g. a sort key an older Python does not know).  --limit values are passed
as int or float exactly as proftop classifies them.

Works on Python 2.7 and 3.x.
"""
from __future__ import print_function

import io
import os
import pstats
import sys


def parse(args):
    job = {"sort": [], "reverse": False, "strip": False, "restrict": [],
           "callers": False, "callees": False, "files": []}
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--sort":
            i += 1
            job["sort"].extend(k for k in args[i].replace(",", " ").split() if k)
        elif a == "--reverse":
            job["reverse"] = True
        elif a == "--strip":
            job["strip"] = True
        elif a == "--filter":
            i += 1
            job["restrict"].append(args[i])
        elif a == "--limit":
            i += 1
            v = args[i]
            try:
                job["restrict"].append(int(v))
            except ValueError:
                job["restrict"].append(float(v))
        elif a == "--callers":
            job["callers"] = True
        elif a == "--callees":
            job["callees"] = True
        else:
            job["files"].append(a)
        i += 1
    return job


def new_stream():
    if sys.version_info[0] >= 3:
        return io.StringIO()
    return io.BytesIO()


def report(job):
    out = new_stream()
    st = pstats.Stats(*job["files"], stream=out)
    if job["strip"]:
        st.strip_dirs()
    if job["sort"]:
        st.sort_stats(*job["sort"])
    if job["reverse"]:
        st.reverse_order()
    what = []
    if job["callers"]:
        what.append(st.print_callers)
    if job["callees"]:
        what.append(st.print_callees)
    if not what:
        what.append(st.print_stats)
    for fn in what:
        fn(*job["restrict"])
    return out.getvalue()


def write(path, text):
    if not isinstance(text, bytes):
        text = text.encode("utf-8")
    with open(path, "wb") as f:
        f.write(text)


def main(argv):
    jobs_path, outdir = argv[1], argv[2]
    with open(jobs_path, "rb") as f:
        lines = f.read().decode("utf-8").splitlines()
    for line in lines:
        if not line.strip():
            continue
        fields = line.split("\t")
        name, args = fields[0], fields[1:]
        if sys.version_info[0] < 3:
            args = [a.encode("utf-8") for a in args]
        try:
            text = report(parse(args))
        except KeyError as e:
            write(os.path.join(outdir, name + ".skip"),
                  "pstats %d.%d rejects %s" % (sys.version_info[0], sys.version_info[1], e))
            continue
        write(os.path.join(outdir, name + ".out"), text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
