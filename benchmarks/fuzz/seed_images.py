"""Writes small seed images for the image fuzz target into the directory given: PNG (with tEXt, zTXt and
iCCP chunks), GIF (with a comment and a NETSCAPE loop extension), BMP, using only the standard library; plus
the JPEG and WebP samples of Python's own test data when the installation has them."""
import glob
import os
import shutil
import struct
import sys
import sysconfig
import zlib


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width, height):
    rows = b"".join(b"\0" + bytes((x * 7 + y * 3) & 0xFF for x in range(width * 3)) for y in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"tEXt", b"Comment\0seed") + chunk(b"zTXt", b"Title\0\0" + zlib.compress(b"seed" * 20))
            + chunk(b"iCCP", b"icc\0\0" + zlib.compress(b"\0" * 128))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def gif():
    data = b"GIF89a" + struct.pack("<HHBBB", 2, 2, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
    data += b"\x21\xfe\x04seed\x00"  # comment
    data += b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"  # loop forever
    data += b"\x21\xf9\x04\x00\x0a\x00\x00\x00" + b"\x2c" + struct.pack("<HHHHB", 0, 0, 2, 2, 0)
    data += b"\x02\x02\x44\x01\x00"
    return data + b"\x3b"


def bmp(width, height):
    row = bytes((x * 9) & 0xFF for x in range(width * 3)).ljust((width * 3 + 3) & ~3, b"\0")
    pixels = row * height
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 14 + len(header) + len(pixels), 0, 0, 14 + len(header)) + header + pixels


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, data in [("seed.png", png(5, 4)), ("seed.gif", gif()), ("seed.bmp", bmp(5, 3))]:
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    stdlib = sysconfig.get_paths()["stdlib"]
    for path in glob.glob(os.path.join(stdlib, "test", "**", "python.*"), recursive=True):
        if path.endswith((".jpg", ".webp")) and os.path.getsize(path) < 100_000:
            shutil.copy(path, os.path.join(out, "python-" + os.path.basename(path)))


if __name__ == "__main__":
    main()
