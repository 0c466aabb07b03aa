# Writes the hostile dumps of tests/hostile/files (committed; rerun only to
# change them):  python3 tests/hostile/make_corpus.py tests/hostile/files
# What each file tries, and the exact error proftop must give, is in
# tests/hostile/cases.
import gzip
import lzma
import marshal
import os
import struct
import sys

out = sys.argv[1]


def i32(n):
    return struct.pack('<i', n)


def s(text):          # a marshal str ('u'): UTF-8 bytes
    b = text.encode('utf-8', 'surrogateescape') if isinstance(text, str) else text
    return b'u' + i32(len(b)) + b


def i(n):
    return b'i' + i32(n)


def I(n):
    return b'I' + struct.pack('<q', n)


def g(x):
    return b'g' + struct.pack('<d', x)


def key(file='a.py', line=1, name='f'):
    return b')\x03' + s(file) + i(line) + s(name)


def stats(cc=1, nc=1, tt=0.5, ct=0.5, callers=b'{0'):
    return b')\x05' + i(cc) + i(nc) + g(tt) + g(ct) + callers


def dump(*entries):
    return b'{' + b''.join(entries) + b'0'


valid = marshal.dumps({('a.py', 1, 'f'): (1, 1, 0.5, 0.5, {}),
                       ('b.py', 2, 'g'): (2, 2, 0.25, 0.75, {('a.py', 1, 'f'): (2, 2, 0.25, 0.75)})}, 4)
files = {
    'valid.prof': valid,
    'empty.prof': b'',
    'zeros.prof': b'\0' * 4096,
    'text.prof': b'def f():\n    pass\n',
    'gzip.prof': gzip.compress(valid, mtime=0),
    'json.prof': b'{"a.py": [1, 1, 0.5]}\n',
    'dict-open.prof': b'{',
    'half.prof': valid[:len(valid) // 2],
    'empty-dict.prof': b'{0',
    'str-len-huge.prof': b'{)\x03u' + i32(0x7fffffff) + b'abc',
    'str-len-negative.prof': b'{)\x03u' + i32(-1) + b'abc',
    'tuple-count-huge.prof': b'{(' + i32(0x7fffffff) + b'u\0\0\0\0',
    'list-count-negative.prof': b'{[' + i32(-5) + b'0',
    'long-digits-huge.prof': b'{)\x03' + s('a.py') + b'l' + i32(0x7fffffff) + b'\1\0',
    'long-65-bits.prof': b'{)\x03' + s('a.py') + b'l' + i32(5) + b'\xff\x7f' * 5 + s('f'),
    # -2**63 as Python writes it ('l', digits 0 0 0 0 8): a count that fits
    'long-int64-min.prof': dump(key() + b')\x05' + b'l' + i32(-5) + b'\x00\x00' * 4 + b'\x08\x00' +
                                b'l' + i32(-5) + b'\x00\x00' * 4 + b'\x08\x00' + g(0.5) + g(0.5) + b'{0'),
    'long-2-63.prof': dump(key() + b')\x05' + b'l' + i32(5) + b'\x00\x00' * 4 + b'\x08\x00' +
                           i(1) + g(0.5) + g(0.5) + b'{0'),
    'long-bad-digit.prof': b'{)\x03' + s('a.py') + b'l' + i32(1) + b'\x00\x80' + s('f'),
    'long-unnormalized.prof': b'{)\x03' + s('a.py') + b'l' + i32(2) + b'\x01\x00\x00\x00' + s('f'),
    'float-text-garbage.prof': dump(key() + b')\x05' + i(1) + i(1) + b'f\x051.2.3' + g(0) + b'{0'),
    'float-text-hex.prof': dump(key() + b')\x05' + i(1) + i(1) + b'f\x050x1p3' + g(0) + b'{0'),
    'float-text-space.prof': dump(key() + b')\x05' + i(1) + i(1) + b'f\x04 1.0' + g(0) + b'{0'),
    'float-text-nan-payload.prof': dump(key() + b')\x05' + i(1) + i(1) + b'f\x06nan(1)' + g(0) + b'{0'),
    'float-text-255.prof': dump(key() + b')\x05' + i(1) + i(1) + b'f\xff' + b'9' * 255 + g(0) + b'{0'),
    'nan-inf-times.prof': dump(key('a.py', 1, 'f') + stats(1, 1, float('nan'), float('inf')),
                               key('b.py', 2, 'g') + stats(1, 1, float('-inf'), float('nan')),
                               key('c.py', 3, 'h') + stats(0, 0, -0.0, 1e308)),
    'int64-extremes.prof': dump(b')\x03' + s('a.py') + I(-2**63) + s('f') +
                                b')\x05' + I(2**63 - 1) + I(2**63 - 1) + g(1e-300) + g(-1e300) + b'{0',
                                b')\x03' + s('b.py') + I(2**63 - 1) + s('g') +
                                b')\x05' + I(2**63 - 1) + I(-2**63) + g(0) + g(0) + b'{0'),
    'ref-forward.prof': b'{r' + i32(5),
    'ref-self.prof': b'{\xa9\x03' + s('a.py') + i(1) + b'r' + i32(0),
    'ref-huge-index.prof': b'{)\x03r' + i32(-1),
    'py2-stringref-bad.prof': b'{)\x03R' + i32(7),
    'deep-nesting.prof': b'{)\x03' + b'[' + i32(1) + b'[\x01\x00\x00\x00' * 16384 + b'N',
    'key-2-items.prof': b'{)\x02' + s('a.py') + i(1),
    'stats-6-items.prof': dump(key() + b')\x06' + i(1) + i(1) + g(0) + g(0) + b'{0N'),
    'callers-not-dict.prof': dump(key() + b')\x05' + i(1) + i(1) + g(0) + g(0) + b'N'),
    'callstat-3-items.prof': dump(key() + stats(callers=b'{' + key('b.py') + b')\x03' + i(1) + i(1) + g(0) + b'0')),
    'callstat-string.prof': dump(key() + stats(callers=b'{' + key('b.py') + s('x') + b'0')),
    'key-is-stat-ref.prof': dump(key() + stats(callers=b'{' + key('b.py') + b'\xa9\x04' + i(1) + i(1) + g(0) + g(0) + b'0'),
                                 b'r' + i32(0)),
    'code-object.prof': b'{c' + b'\0' * 64,
    'set-value.prof': dump(key() + b'<' + i32(0)),
    'trailing-garbage.prof': valid + b'\0garbage after the dict' * 10,
    'names-terminal-escapes.prof': dump(
        key('\x1b]0;pwned\x07\x1b[2J\x1b[31mevil.py', 1, 'f\rg\x08\x7f') + stats(),
        key('rtl\u202egnp.exe.py', 2, 'zero\u200bwidth\ufeff') + stats(),
        key('a.py', 3, b'\xff\xfe\xc3(invalid\xe2\x82utf8') + stats(),
        key('a.py', 4, 'nul\0inside') + stats()),
    'py2-interned.prof': marshal.dumps({('a.py', 1, 'f'): (1, 1, 0.5, 0.5, {})}, 2)
        .replace(b'u', b't'),
    'merge-second-bad.prof': valid[:-3],
    'bomb.xz.prof': lzma.compress(b'{' + b'\0' * (200 << 20)),
    'long-names.prof': dump(key('/x/' + 'a' * 200 + '.py', 1, 'a' * 300) + stats(),
                            key('b.py', 2, 'a' * 4000) + stats()),
}
for name, data in sorted(files.items()):
    with open(os.path.join(out, name), 'wb') as f:
        f.write(data)
