# Writes a valid dump built to cost the reader as much memory per input byte
# as pstats allows: F functions, each with C callers, every caller key and
# caller stats a 5-byte back-reference ('r').  Python 3 only needs struct.
#   python3 gen_wide.py OUT F C
import struct
import sys

out, nfuncs, ncallers = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
buf = bytearray(b'{')
refs = 0
key_ref = []
stat_ref = None


def z(text):
    b = text.encode()
    return b'z' + bytes([len(b)]) + b


for k in range(nfuncs):
    buf += b'\xa9\x03' + z('/srv/app/mod%d.py' % (k % 97)) + b'i' + struct.pack('<i', k) + z('f%d' % k)
    key_ref.append(refs)
    refs += 1
    buf += b')\x05i\x01\x00\x00\x00i\x01\x00\x00\x00' + b'g' + struct.pack('<d', 0.001 * k) \
        + b'g' + struct.pack('<d', 0.002 * k) + b'{'
    for j in range(1, min(ncallers, k) + 1):
        buf += b'r' + struct.pack('<I', key_ref[k - j])
        if stat_ref is None:
            buf += b'\xa9\x04i\x02\x00\x00\x00i\x02\x00\x00\x00' + b'g' + struct.pack('<d', 0.5) \
                + b'g' + struct.pack('<d', 0.5)
            stat_ref = refs
            refs += 1
        else:
            buf += b'r' + struct.pack('<I', stat_ref)
    buf += b'0'
buf += b'0'
with open(out, 'wb') as f:
    f.write(buf)
