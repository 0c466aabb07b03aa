"""The source view's test data: a pstats dump written with marshal (its
functions recorded under /srv/app, as a server would) and the files it
names, in DIR/src: ordinary code, a hostile file (escape sequences, a very
long line, tabs, CR), a binary file; one file is missing on purpose.

    mksource.py DIR      writes DIR/s.prof and DIR/src/
"""
import marshal
import os
import sys

out = sys.argv[1]
src = os.path.join(out, "src")
os.makedirs(src, exist_ok=True)

APP = "\n".join([
    '"""A small application."""',
    "import json",
    "",
    "",
    "def main():",
    "    for i in range(100):",
    "        handler({'id': i})",
    "",
    "",
    "def handler(request):",
    "    \"\"\"Answers one request.\"\"\"",
    "    body = render(request)",
    "    return json.dumps(body)",
    "",
    "",
    "def render(request):",
    "\tif request['id'] % 2:",
    "\t\treturn {'odd': True}",
    "\treturn {'odd': False}",
] + ["# filler line %d" % i for i in range(20, 61)]) + "\n"

HOSTILE = (
    "# a title change and a clipboard write:\n"
    "def evil():\n"
    "    x = '\x1b]0;pwned\x07\x1b]52;c;SGVsbG8=\x07'\n"
    "    y = '\x1b[2J\x9b31m'  # CSI, and C1 CSI\n"
    "\tz = 1\t# tab\tstops\r\n"
    "    s = '" + "long " * 400 + "'\n"
    "    return '\u202eevil\u202c'\n"
)

with open(os.path.join(src, "app.py"), "w") as f:
    f.write(APP)
with open(os.path.join(src, "hostile.py"), "w", encoding="utf-8", newline="") as f:
    f.write(HOSTILE)
with open(os.path.join(src, "blob.py"), "wb") as f:
    f.write(b"\x42\x0d\x0d\x0a\x00\x00\x00\x00" + bytes(range(256)) * 4)

A = "/srv/app/"
main = (A + "app.py", 5, "main")
handler = (A + "app.py", 10, "handler")
render = (A + "app.py", 16, "render")
lost = (A + "gone.py", 3, "lost")
evil = (A + "hostile.py", 2, "evil")
blob = (A + "blob.py", 1, "blob")
dumps = ("~", 0, "<built-in method json.dumps>")
string = ("<string>", 1, "<module>")

stats = {
    # cc, nc, tt, ct, callers {caller: (nc, cc, tt, ct)}
    main: (1, 1, 0.100, 4.000, {}),
    handler: (100, 100, 0.400, 3.000, {main: (100, 100, 0.400, 3.000)}),
    render: (100, 100, 1.000, 1.000, {handler: (100, 100, 1.000, 1.000)}),
    dumps: (100, 100, 1.600, 1.600, {handler: (100, 100, 1.600, 1.600)}),
    lost: (7, 7, 0.300, 0.300, {main: (7, 7, 0.300, 0.300)}),
    evil: (3, 3, 0.200, 0.200, {main: (3, 3, 0.200, 0.200)}),
    blob: (2, 2, 0.050, 0.050, {main: (2, 2, 0.050, 0.050)}),
    string: (1, 1, 0.010, 4.010, {}),
}
with open(os.path.join(out, "s.prof"), "wb") as f:
    marshal.dump(stats, f)
