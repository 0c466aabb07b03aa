"""Writes small deterministic pstats dumps for the UI tests, with marshal
directly, so names can hold what a real profiler could record: escape and
control bytes, invalid UTF-8, bidi and zero-width characters, wide CJK.

    mkdump.py table OUT     40 functions in a few directories
    mkdump.py hostile OUT   names with escape bytes and friends
    mkdump.py big N OUT     N functions (for timing)
    mkdump.py wide OUT      counts and times wider than the columns' usual
                            widths (sympy's isinstance: 403526/400726 calls)
"""
import marshal
import sys


def func(i):
    dirs = ["/srv/app/handlers", "/usr/lib/python3.11", "/srv/app/models/very/deep/package/tree",
            "/usr/lib/python3.11/json"]
    files = ["views.py", "util.py", "core.py", "decoder.py"]
    return (dirs[i % 4] + "/" + files[(i // 4) % 4], 10 + 7 * i, "func_%02d" % i)


def table():
    stats = {}
    n = 40
    keys = [func(i) for i in range(n)]
    # two functions that merge when directories are stripped
    keys.append(("/other/place/views.py", 10, "func_00"))
    keys.append(("~", 0, "<built-in method builtins.len>"))
    for i, k in enumerate(keys):
        tt = round(0.001 * ((i * 37) % 23 + 1), 6)
        ct = round(tt + 0.002 * ((i * 11) % 17), 6)
        nc = (i * 13) % 29 + 1
        cc = nc if i % 5 else max(1, nc - 2)
        callers = {}
        if i:
            c = keys[(i * 7) % i]
            callers[c] = (nc, cc, tt, ct)
        stats[k] = (cc, nc, tt, ct, callers)
    return stats


def hostile():
    names = [
        ("/tmp/esc.py", 1, "red\x1b[31mALERT\x1b[0m"),
        ("/tmp/ctl.py", 2, "bell\x07tab\tnl\nend"),
        ("/tmp/bidi.py", 3, "safe\u202eexe.txt"),
        ("/tmp/zw.py", 4, "zero\u200bwidth\ufeff"),
        ("/tmp/\u65e5\u672c\u8a9e.py", 5, "\u95a2\u6570_wide"),
        ("/tmp/c1.py", 6, "c1\x9bcsi"),
        ("/tmp/surrogate.py", 7, "lone\udcffsurrogate"),
        (b"/tmp/bytes.py", 8, b"bad\xff\xfeutf8"),
        ("/tmp/del.py", 9, "del\x7fchar"),
    ]
    stats = {}
    for i, k in enumerate(names):
        stats[k] = (1, 1, 0.001 * (i + 1), 0.002 * (i + 1), {})
    return stats


def big(n):
    stats = {}
    for i in range(n):
        k = ("/srv/pkg%d/mod%d.py" % (i % 97, i % 1009), i, "f%d" % i)
        tt = ((i * 2654435761) % 1000003) / 1e7
        stats[k] = (i % 50 + 1, i % 50 + 1, tt, tt * 2, {})
    return stats


def wide():
    mod = ("/usr/lib/python3/dist-packages/sympy/core/basic.py", 1, "<module>")
    isi = ("~", 0, "<built-in method builtins.isinstance>")
    sub = ("/usr/lib/python3/dist-packages/sympy/core/basic.py", 1838, "_subs")
    slow = ("/srv/app/batch.py", 12, "nightly_rebuild")
    calib = ("/srv/app/tiny.py", 3, "calibrated")
    stats = {
        # cumulative times past the total: counted in several threads
        mod: (1, 1, 0.5, 1266.5, {}),
        sub: (226173, 236399, 41.25, 987.125, {mod: (15644, 15394, 2.5, 60.5)}),
        isi: (400726, 403526, 12.0, 12.0, {sub: (236399, 226173, 7.0, 7.0),
                                           mod: (167127, 174553, 5.0, 5.0)}),
        slow: (1, 1, 1203.75, 1203.75, {mod: (1, 1, 1203.75, 1203.75)}),
        # the profile module's calibration can leave a negative time
        calib: (3, 3, -0.000125, -0.000125, {mod: (3, 3, -0.000125, -0.000125)}),
    }
    return stats


def main():
    kind = sys.argv[1]
    if kind == "big":
        stats, out = big(int(sys.argv[2])), sys.argv[3]
    else:
        stats, out = {"table": table, "hostile": hostile, "wide": wide}[kind](), sys.argv[2]
    with open(out, "wb") as f:
        # surrogatepass is what marshal uses for str: a lone surrogate
        # becomes bytes that are not valid UTF-8
        f.write(marshal.dumps(stats))


main()
