#!/usr/bin/env python3
"""Zips a folder so that the same files always give the same bytes.

Usage: reproducible_zip.py FOLDER ZIP

Entries are the folder's regular files (symbolic links followed), sorted by path, with no folder entries, every
timestamp 1980-01-01 00:00:00 (the earliest a zip can store), Unix permissions 755 for executables and 644 for
everything else, no extra fields (no uid/gid or extended timestamps) and deflate at level 9. The archive is written
beside ZIP and renamed over it, so a failed run never leaves half a zip.
"""

import os
import stat
import sys
import zipfile

EPOCH = (1980, 1, 1, 0, 0, 0)


def entries(folder):
    for directory, subdirectories, files in os.walk(folder, followlinks=True):
        subdirectories.sort()
        for name in files:
            path = os.path.join(directory, name)
            yield os.path.relpath(path, folder).replace(os.sep, "/"), path


def write(folder, destination):
    temporary = destination + ".partial"
    with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, path in sorted(entries(folder)):
            mode = os.stat(path).st_mode
            if not stat.S_ISREG(mode):
                raise ValueError(f"{path}: not a regular file")
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.create_system = 3  # Unix, so unzip and Lambda honour the permission bits below
            permissions = 0o755 if mode & stat.S_IXUSR else 0o644
            info.external_attr = (stat.S_IFREG | permissions) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as file:
                archive.writestr(info, file.read(), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    os.replace(temporary, destination)


def main(arguments):
    if len(arguments) != 2 or arguments[0] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr if len(arguments) != 2 else sys.stdout)
        return 2
    folder, destination = arguments
    if not os.path.isdir(folder):
        print(f"reproducible_zip.py: {folder}: not a folder", file=sys.stderr)
        return 1
    try:
        write(folder, destination)
    except (OSError, ValueError) as error:
        print(f"reproducible_zip.py: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
