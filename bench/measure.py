#!/usr/bin/env python3
"""Runs a command N times; prints the best wall time (s), peak RSS (KiB) and
the least CPU time (user + system, s).

Usage: measure.py N OUT -- CMD...
       measure.py --paired N -- CMD_A... --vs CMD_B...

The second form runs A and B in turn N times each (A B A B ...) and prints
the median CPU time of A, of B, and the median of the N ratios A/B taken
pair by pair: on a machine whose speed drifts, a pair shares the drift.

Standard output of the last run goes to OUT (/dev/null to drop it); standard
error is passed through.  Wall time is taken around fork and wait.  Peak RSS
comes from GNU time (/usr/bin/time -f %M) when installed, which reports the
command's own; otherwise from wait4, whose figure for a child forked from
Python never drops below Python's own RSS (~10 MB).  Exits with the command's
failing status if any run fails.
"""
import os
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"


def run_once(cmd, out_path):
    out = os.open(out_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    rss_file = None
    if os.access(GNU_TIME, os.X_OK):
        fd, rss_file = tempfile.mkstemp(prefix="measure-")
        os.close(fd)
        cmd = [GNU_TIME, "-f", "%M", "-o", rss_file] + cmd
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            os.dup2(out, 1)
            os.execvp(cmd[0], cmd)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    os.close(out)
    rss = usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime
    if rss_file:
        with open(rss_file) as f:
            lines = [l for l in f.read().split() if l.isdigit()]
        os.unlink(rss_file)
        if lines:
            rss = int(lines[-1])
    return wall, rss, cpu, status


def median(xs):
    xs = sorted(xs)
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


def paired(runs, a, b):
    ca, cb, ratios = [], [], []
    for _ in range(runs):
        for cmd, into in ((a, ca), (b, cb)):
            _, _, cpu, status = run_once(cmd, os.devnull)
            if status != 0:
                sys.stderr.write("measure: %s failed (status %d)\n" % (cmd[0], status))
                sys.exit(1)
            into.append(cpu)
        ratios.append(ca[-1] / cb[-1] if cb[-1] > 0 else float("inf"))
    print("%.4f %.4f %.2f" % (median(ca), median(cb), median(ratios)))


def main():
    if len(sys.argv) > 4 and sys.argv[1] == "--paired" and sys.argv[3] == "--" and "--vs" in sys.argv[4:]:
        rest = sys.argv[4:]
        at = rest.index("--vs")
        paired(int(sys.argv[2]), rest[:at], rest[at + 1:])
        return
    if len(sys.argv) < 5 or sys.argv[3] != "--":
        sys.exit(__doc__)
    runs = int(sys.argv[1])
    out_path = sys.argv[2]
    cmd = sys.argv[4:]
    best = best_cpu = None
    rss = 0
    for _ in range(runs):
        wall, maxrss, cpu, status = run_once(cmd, out_path)
        if status != 0:
            sys.stderr.write("measure: %s failed (status %d)\n" % (cmd[0], status))
            sys.exit(1)
        best = wall if best is None else min(best, wall)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
        rss = max(rss, maxrss)
    print("%.4f %d %.4f" % (best, rss, best_cpu))


if __name__ == "__main__":
    main()
