#!/usr/bin/env python3
"""Profiles a real workload with cProfile and writes the dump.

Usage: real_workload.py OUT

The workload is the standard library doing ordinary work: importing many
modules, compiling their source, parsing and formatting JSON, e-mail, XML,
HTML and CSV, regexes, difflib, textwrap, decimal and fractions arithmetic.
It touches thousands of functions, like a real application's benchmark run.
The figures vary from run to run (timings); the shape does not.
"""
import cProfile
import sys


def workload():
    import importlib
    import io
    import os

    mods = ["json", "csv", "email.parser", "email.policy", "xml.dom.minidom",
            "html.parser", "difflib", "textwrap", "decimal", "fractions",
            "argparse", "logging", "unittest", "pydoc", "tarfile", "zipfile",
            "configparser", "http.client", "urllib.parse", "statistics",
            "dataclasses", "enum", "inspect", "ast", "tokenize", "pprint",
            "string", "calendar", "datetime", "ipaddress", "shlex", "glob"]
    loaded = [importlib.import_module(m) for m in mods]

    # compile the source of every loaded module: the tokenizer and compiler
    for m in loaded:
        path = getattr(m, "__file__", None)
        if path and path.endswith(".py") and os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                src = f.read()
            compile(src, path, "exec")
            import ast
            ast.dump(ast.parse(src))

    import json
    doc = {"items": [{"id": i, "name": "item %d" % i, "tags": ["a", "b", str(i)],
                      "price": i * 1.25} for i in range(3000)]}
    for _ in range(5):
        json.loads(json.dumps(doc, indent=2, sort_keys=True))

    import csv
    buf = io.StringIO()
    w = csv.writer(buf)
    for i in range(5000):
        w.writerow([i, "name,%d" % i, 'quote "%d"' % i, i / 7])
    list(csv.reader(io.StringIO(buf.getvalue())))

    import email.parser
    import email.policy
    msg = ("From: a@example.org\nTo: b@example.org\nSubject: hello\n"
           "Content-Type: text/plain; charset=utf-8\n\n" + "body line\n" * 200)
    for _ in range(200):
        email.parser.Parser(policy=email.policy.default).parsestr(msg)

    import xml.dom.minidom
    xml_text = "<root>" + "".join('<item id="%d">text %d</item>' % (i, i)
                                  for i in range(2000)) + "</root>"
    xml.dom.minidom.parseString(xml_text).toprettyxml()

    import html.parser

    class Collector(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            pass
    Collector().feed("<html><body>" + "<p class='x'>para <b>bold</b></p>" * 3000 + "</body></html>")

    import difflib
    a = ["line %d\n" % i for i in range(2000)]
    b = [x if i % 17 else "changed %d\n" % i for i, x in enumerate(a)]
    list(difflib.unified_diff(a, b))

    import textwrap
    textwrap.fill("word " * 20000, width=60)

    import decimal
    import fractions
    d = decimal.Decimal(0)
    f = fractions.Fraction(0)
    for i in range(1, 3000):
        d += decimal.Decimal(1) / decimal.Decimal(i)
        f += fractions.Fraction(1, i % 50 + 1)

    import re
    pat = re.compile(r"(\w+)@(\w+)\.(org|com)")
    text = " ".join("user%d@host%d.org" % (i, i) for i in range(5000))
    pat.findall(text)

    # import most of the standard library and document it, as pydoc does
    import pkgutil
    import pydoc
    import warnings
    skip = ("test", "idlelib", "tkinter", "turtle", "turtledemo", "antigravity",
            "this", "lib2to3", "ensurepip", "venv", "__phello__", "_pyrepl")
    stdlib = os.path.dirname(os.__file__)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for info in sorted(pkgutil.iter_modules([stdlib]), key=lambda i: i.name):
            if info.name.startswith(skip) or info.name.startswith("_"):
                continue
            try:
                mod = importlib.import_module(info.name)
                pydoc.render_doc(mod, renderer=pydoc.plaintext)
            except BaseException:
                pass


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    prof = cProfile.Profile()
    prof.enable()
    workload()
    prof.disable()
    prof.dump_stats(sys.argv[1])


if __name__ == "__main__":
    main()
