#!/usr/bin/env python3
# png-colours.py FILE [RRGGBB ...]: print "distinct N", the number of
# distinct colours of an 8-bit, non-interlaced PNG (what Chromium's
# --screenshot writes), then "RRGGBB N" for each colour named: how many
# pixels have it.  Only
# the standard library: zlib for the data, the five PNG filters by hand.
import struct
import sys
import zlib


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def rows(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        sys.exit('not a PNG')
    pos, idat = 8, b''
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    if depth != 8 or interlace != 0 or ctype not in (2, 6):
        sys.exit('unsupported PNG: depth %d, colour type %d' % (depth, ctype))
    bpp = 3 if ctype == 2 else 4
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                line[i] = (line[i] + paeth(a, b, c)) & 255
        yield line, bpp
        prev = line


counts = {}
for line, bpp in rows(sys.argv[1]):
    for i in range(0, len(line), bpp):
        px = bytes(line[i:i + 3])
        counts[px] = counts.get(px, 0) + 1
print('distinct', len(counts))
for want in sys.argv[2:]:
    print(want.lower(), counts.get(bytes.fromhex(want), 0))
