"""Reads a dot file written by proftop --dot and prints its nodes and edges
in the fixture format of make-gprof2dot-fixtures.py (sorted):

    N <tooltip>\t<total %>\t<(self %)>\t<calls>
    E <caller tooltip>\t<callee tooltip>\t<total %>\t<calls>

Only the subset of dot that proftop writes is understood: one statement per
line, quoted attribute values with \\" and \\\\ escapes.
"""
import io
import re
import sys

STMT = re.compile(r'^\t(\d+)(?: -> (\d+))? \[(.*)\];$')
ATTR = re.compile(r'(\w+)=(?:"((?:[^"\\]|\\.)*)"|([\w.#]+))(?:, |$)')


def unquote(s):
    """dot's quoted string, then graphviz's label escapes and entities."""
    s = re.sub(r'\\(.)', lambda m: m.group(1), s.replace('\\n', '\n'))
    return s.replace('&amp;', '&')


def attrs(text):
    out, pos = {}, 0
    while pos < len(text):
        m = ATTR.match(text, pos)
        if not m:
            raise SystemExit('cannot parse attributes: %r' % text[pos:])
        out[m.group(1)] = m.group(2) if m.group(2) is not None else m.group(3)
        pos = m.end()
    return out


def main():
    names, nodes, edges = {}, [], []
    with io.open(sys.argv[1], encoding='utf-8') as f:
        for line in f:
            m = STMT.match(line.rstrip('\n'))
            if not m:
                continue
            a = attrs(m.group(3))
            label = a['label'].split('\\n')
            if m.group(2) is None:
                names[m.group(1)] = unquote(a['tooltip'])
                nodes.append((m.group(1), label[-3:]))
            else:
                edges.append((m.group(1), m.group(2), label))
    lines = ['N %s\t%s\t%s\t%s' % (names[i], t, s, c.rstrip('\u00d7')) for i, (t, s, c) in nodes]
    lines += ['E %s\t%s\t%s\t%s' % (names[a], names[b], l[0], l[1].rstrip('\u00d7'))
              for a, b, l in edges]
    out = io.open(sys.stdout.fileno(), 'w', encoding='utf-8', closefd=False)
    for line in sorted(lines):
        out.write(line + '\n')


if __name__ == '__main__':
    main()
