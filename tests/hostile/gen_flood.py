# Writes dumps forged to collide in the interning tables' hashes as they
# were before hash.h keyed them (a fixed hash made loading quadratic), and
# controls of the same shape with random values:
#   python3 gen_flood.py OUT keys|strings flood|random N
# keys:    N keys ("a.py", LINE, "f") whose 64-bit lines were chosen so the
#          old function-key hash put them all in one probe sequence;
# strings: N 544-byte names built from 17 block pairs that each leave the
#          old string hash unchanged, so all N names hashed alike.
import os
import struct
import sys

out, kind, mode, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
M = 1 << 64
STATS = b')\x05i\x01\x00\x00\x00i\x01\x00\x00\x00i\x00\x00\x00\x00i\x00\x00\x00\x00{0'
buf = bytearray(b'{')
if kind == 'keys':
    c1, c2 = 0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F
    inv = pow(c2, -1, M)
    a = 1 * c1 % M          # file id 0, name id 1
    for j in range(n):
        if mode == 'flood':
            line = (((j << 47) % M) ^ a) * inv % M
        else:
            line = int.from_bytes(os.urandom(8), 'little')
        if line >= 1 << 63:
            line -= M
        strs = b'\xfa\x04a.py' if j == 0 else b'r\x00\x00\x00\x00'
        name = b'\xfa\x01f' if j == 0 else b'r\x01\x00\x00\x00'
        buf += b')\x03' + strs + b'I' + struct.pack('<q', line) + name + STATS
else:
    d = (1 << 63) | (1 << 34)
    for j in range(n):
        if mode == 'flood':
            name = b''
            for b in range(17):
                bit = (j >> b) & 1
                name += struct.pack('<QQ', 0x4141414141414141 ^ (bit << 63),
                                    0x4242424242424242 ^ (d if bit else 0))
        else:
            name = os.urandom(272)
        buf += b')\x03z\x04a.pyi\x01\x00\x00\x00u' + struct.pack('<i', len(name)) + name + STATS
buf += b'0'
with open(out, 'wb') as f:
    f.write(buf)
