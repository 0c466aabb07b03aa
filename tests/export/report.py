# -*- coding: utf-8 -*-
"""Prints what this Python's pstats says about a dump, for round trips.

    python report.py [--sort KEY] [--what stats,callers,callees] FILE...

The "ctime    path" header lines are left out (the written file has another
name); everything else is pstats' own text.  Works on Python 2.7 and 3.x.
"""
from __future__ import print_function

import io
import pstats
import sys


def main(argv):
    sort, what, files = [], ["stats"], []
    i = 0
    while i < len(argv):
        if argv[i] == "--sort":
            sort = argv[i + 1].split(",")
            i += 2
        elif argv[i] == "--what":
            what = argv[i + 1].split(",")
            i += 2
        else:
            files.append(argv[i])
            i += 1
    out = io.StringIO() if sys.version_info[0] >= 3 else io.BytesIO()
    if sys.version_info[0] < 3:
        import StringIO
        out = StringIO.StringIO()
    st = pstats.Stats(*files, stream=out)
    if sort:
        st.sort_stats(*sort)
    for w in what:
        getattr(st, "print_" + w)()
    text = out.getvalue()
    if not isinstance(text, str):
        text = text.decode("utf-8")
    lines = text.split("\n")
    # The header names the files: drop those lines.
    for f in files:
        lines = [l for l in lines if not l.endswith("    " + f)]
    out = "\n".join(lines)
    if sys.version_info[0] >= 3:
        sys.stdout.buffer.write(out.encode("utf-8", "surrogateescape"))
    else:
        sys.stdout.write(out.encode("utf-8") if isinstance(out, unicode) else out)  # noqa: F821


if __name__ == "__main__":
    main(sys.argv[1:])
