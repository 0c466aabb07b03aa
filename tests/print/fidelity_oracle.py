# -*- coding: utf-8 -*-
"""tests/data/oracle.py's jobs, written as this Python's print would write
them to standard output (its encoding and error handler: surrogateescape in
a C.UTF-8 locale from 3.7 on), and with re's warnings silenced.

    python3 fidelity_oracle.py JOBS OUTDIR
"""
import os
import sys
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
import oracle  # noqa: E402


def main(jobs_path, outdir):
    warnings.simplefilter("ignore")
    with open(jobs_path, "rb") as f:
        lines = f.read().decode("utf-8").splitlines()
    for line in lines:
        name, *args = line.split("\t")
        try:
            data = oracle.report(oracle.parse(args)).encode(sys.stdout.encoding,
                                                            sys.stdout.errors)
        except UnicodeEncodeError as e:
            oracle.write(os.path.join(outdir, name + ".skip"),
                         "this pstats cannot print it: %s" % e.reason)
            continue
        with open(os.path.join(outdir, name + ".out"), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
