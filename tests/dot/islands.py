"""Compares a capped dot file with the uncapped one (both from proftop
--dot) and prints: kept nodes, nodes isolated before the cap, kept nodes
isolated after it, and of those how many had an edge before the cap.

    python3 islands.py UNCAPPED.dot CAPPED.dot

A node is named by its tooltip (filename:lineno(function)); isolated means
no edge line names it.
"""
import io
import re
import sys

NODE = re.compile(r'^\t(\d+) \[.*tooltip="((?:[^"\\]|\\.)*)"')
EDGE = re.compile(r'^\t(\d+) -> (\d+) ')


def isolated(path):
    names, linked = {}, set()
    with io.open(path, encoding='utf-8') as f:
        for line in f:
            m = EDGE.match(line)
            if m:
                linked.update(m.groups())
                continue
            m = NODE.match(line)
            if m:
                names[m.group(1)] = m.group(2)
    return set(names.values()), {names[n] for n in names if n not in linked}


def main():
    _, before = isolated(sys.argv[1])
    kept, after = isolated(sys.argv[2])
    print(len(kept), len(before), len(after), len(after - before))


main()
