#!/usr/bin/env python3
"""Lists every shared library that ELF files load, transitively, resolved the way glibc's loader would here.

Usage: shared_libraries.py ELF [ELF ...]
Prints one "<name><TAB><path>" line per library, sorted by name, where <name> is the file name the loader looks
for (the NEEDED entry; the interpreter's base name for the program interpreter) and <path> the file it resolves to.
Exits 1 with a message naming the library and the object that needs it when one cannot be found.

Read with readelf rather than ldd: ldd runs the loader on the file, which must not happen for files built for
another machine, and it hides which object asked for which library.
"""

import os
import re
import subprocess
import sys

NEEDED = re.compile(r"\(NEEDED\)\s+Shared library: \[(.+)\]")
SEARCH_PATH = re.compile(r"\((RPATH|RUNPATH)\)\s+Library (?:rpath|runpath): \[(.*)\]")
INTERPRETER = re.compile(r"\[Requesting program interpreter: (.+)\]")
CACHE_ENTRY = re.compile(r"^\s*(\S+) \(([^)]*)\) => (\S+)$")

# glibc's built-in trusted directories for x86-64 and arm64 Debian (multiarch) and other distributions.
DEFAULT_DIRECTORIES = ["/lib/{triple}", "/usr/lib/{triple}", "/lib64", "/usr/lib64", "/lib", "/usr/lib"]


class ResolutionError(Exception):
    pass


def elf_identity(path):
    """(class, machine) of an ELF file, or None for anything else, so a library for another ABI is never picked."""
    try:
        with open(path, "rb") as file:
            header = file.read(20)
    except OSError:
        return None
    if len(header) < 20 or header[:4] != b"\x7fELF":
        return None
    byteorder = "little" if header[5] == 1 else "big"
    return header[4], int.from_bytes(header[18:20], byteorder)


def dynamic_info(path):
    """NEEDED names, RPATH and RUNPATH lists and the program interpreter of one ELF file."""
    dynamic = subprocess.run(["readelf", "-dW", path], capture_output=True, text=True, check=True).stdout
    headers = subprocess.run(["readelf", "-lW", path], capture_output=True, text=True, check=True).stdout
    needed = NEEDED.findall(dynamic)
    paths = {"RPATH": [], "RUNPATH": []}
    for kind, value in SEARCH_PATH.findall(dynamic):
        origin = os.path.dirname(os.path.abspath(path))
        paths[kind] = [entry.replace("$ORIGIN", origin).replace("${ORIGIN}", origin) for entry in value.split(":") if entry]
    interpreter = INTERPRETER.search(headers)
    return needed, paths["RPATH"], paths["RUNPATH"], interpreter.group(1) if interpreter else None


def loader_cache():
    """name -> [paths] from ldconfig's cache, in cache order."""
    try:
        output = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        for candidate in ("/sbin/ldconfig", "/usr/sbin/ldconfig"):
            if os.path.exists(candidate):
                output = subprocess.run([candidate, "-p"], capture_output=True, text=True, check=True).stdout
                break
        else:
            return {}
    cache = {}
    for line in output.splitlines():
        match = CACHE_ENTRY.match(line)
        if match:
            cache.setdefault(match.group(1), []).append(match.group(3))
    return cache


def resolve(roots):
    cache = loader_cache()
    identity = elf_identity(roots[0])
    if identity is None:
        raise ResolutionError(f"{roots[0]}: not an ELF file")
    machine_triples = {62: "x86_64-linux-gnu", 183: "aarch64-linux-gnu"}
    triple = machine_triples.get(identity[1], "")
    defaults = [directory.format(triple=triple) for directory in DEFAULT_DIRECTORIES]

    found = {}  # name -> path
    # Each entry: (object path, the chain of RPATH lists of the objects that loaded it, outermost last)
    pending = [(os.path.abspath(root), []) for root in roots]
    seen = set()
    while pending:
        path, inherited_rpaths = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        needed, rpath, runpath, interpreter = dynamic_info(path)
        if interpreter and elf_identity(interpreter):
            name = os.path.basename(interpreter)
            found.setdefault(name, os.path.realpath(interpreter))
        # glibc: without RUNPATH, the RPATHs of this object and of every object up the chain come first.
        chain = [rpath] + inherited_rpaths
        for name in needed:
            if name in found:
                continue
            candidates = []
            if not runpath:
                for entries in chain:
                    candidates += entries
            candidates += runpath
            directories = [os.path.join(directory, name) for directory in candidates]
            directories += cache.get(name, [])
            directories += [os.path.join(directory, name) for directory in defaults]
            for candidate in directories:
                if elf_identity(candidate) == identity:
                    found[name] = os.path.realpath(candidate)
                    pending.append((found[name], chain))
                    break
            else:
                raise ResolutionError(f"{name}, needed by {path}, was not found in the loader's search path")
    return found


def main(arguments):
    if not arguments or arguments[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if arguments else 2
    try:
        libraries = resolve(arguments)
    except (ResolutionError, subprocess.CalledProcessError) as error:
        print(f"shared_libraries.py: {error}", file=sys.stderr)
        return 1
    for name in sorted(libraries):
        print(f"{name}\t{libraries[name]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
