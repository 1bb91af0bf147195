#!/usr/bin/env python3
"""Makes a linked Swift binary depend only on its inputs: zeroes `.swift_modhash` and recomputes the build id.

Usage: deterministic_elf.py ELF

swiftc stamps every object with a 16-byte module hash in `.swift_modhash` (for its incremental builds; nothing
reads it at run time) that depends on where the build ran: the same sources built in another folder (another
checkout or scratch path) differ there, and so does the linker's GNU build id, a hash over the whole file. This rewrites, in place, the module hashes as zeros and the build
id as the SHA-1 of the file with its build id zeroed, so two clean builds of the same sources give the same bytes.
Files without those sections are left as they are.
"""

import hashlib
import struct
import sys


def sections(data):
    """name -> (file offset, size) of an ELF64 little-endian file's sections."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not a 64-bit little-endian ELF file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + index * shentsize) for index in range(shnum)]
    names_offset = headers[shstrndx][4]
    result = {}
    for name_index, kind, _, _, offset, size, *_ in headers:
        end = data.index(b"\0", names_offset + name_index)
        name = data[names_offset + name_index:end].decode()
        if kind != 8:  # SHT_NOBITS has no bytes in the file
            result[name] = (offset, size)
    return result


def normalize(data):
    found = sections(data)
    if ".swift_modhash" in found:
        offset, size = found[".swift_modhash"]
        data[offset:offset + size] = bytes(size)
    if ".note.gnu.build-id" in found:
        offset, _ = found[".note.gnu.build-id"]
        name_size, descriptor_size, kind = struct.unpack_from("<III", data, offset)
        if kind == 3:  # NT_GNU_BUILD_ID
            start = offset + 12 + ((name_size + 3) & ~3)
            data[start:start + descriptor_size] = bytes(descriptor_size)
            digest = hashlib.sha1(data).digest()
            data[start:start + descriptor_size] = (digest * 2)[:descriptor_size]
    return data


def main(arguments):
    if len(arguments) != 1 or arguments[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr if len(arguments) != 1 else sys.stdout)
        return 2
    path = arguments[0]
    try:
        with open(path, "rb") as file:
            data = bytearray(file.read())
        normalized = normalize(data)
        with open(path, "wb") as file:
            file.write(normalized)
    except (OSError, ValueError) as error:
        print(f"deterministic_elf.py: {path}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
