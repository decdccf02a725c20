#!/usr/bin/env python3
"""mkcpio.py: assemble dom0's ramdisk, an uncompressed newc cpio archive.

  python3 scripts/mkcpio.py OUT ARCHIVE/PATH=HOST/PATH...

Each pair puts the host file's bytes at ARCHIVE/PATH (no leading '/';
dom0/archive.c looks entries up by that exact name).  Parent directories
get entries of their own so `cpio -t` shows a normal tree.  Reproducible
(fixed inode numbers, mtime 0, sorted) and OUT is rewritten only when its
bytes change, so make and the ISO cache see an unchanged archive.
"""

import os
import stat
import sys


def newc_entry(ino, name, mode, data=b""):
    """110-byte ASCII header, NUL-terminated name, data, each 4-aligned."""
    name_b = name.encode() + b"\0"
    fields = (ino, mode, 0, 0, 2 if stat.S_ISDIR(mode) else 1, 0, len(data),
              0, 0, 0, 0, len(name_b), 0)
    hdr = b"070701" + b"".join(b"%08X" % f for f in fields)
    return b"".join([hdr, name_b, b"\0" * (-(len(hdr) + len(name_b)) % 4),
                     data, b"\0" * (-len(data) % 4)])


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__.strip())
    out, pairs = argv[1], argv[2:]
    files = {}
    for p in pairs:
        name, sep, host = p.partition("=")
        name = name.strip("/")
        if not sep or not name or not host or ".." in name.split("/"):
            sys.exit("mkcpio.py: bad pair %r (want archive/path=host/path)"
                     % p)
        if name in files:
            sys.exit("mkcpio.py: %s given twice" % name)
        try:
            with open(host, "rb") as f:
                files[name] = f.read()
        except OSError as e:
            sys.exit("mkcpio.py: %s: %s" % (host, e.strerror))

    dirs = set()
    for name in files:
        parts = name.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            dirs.add("/".join(parts[:i]))
    entries = [(d, stat.S_IFDIR | 0o755, b"") for d in dirs]
    entries += [(n, stat.S_IFREG | 0o644, d) for n, d in files.items()]
    entries.sort()
    blob = b"".join(newc_entry(i + 1, n, m, d)
                    for i, (n, m, d) in enumerate(entries))
    blob += newc_entry(0, "TRAILER!!!", 0)

    try:
        with open(out, "rb") as f:
            if f.read() == blob:
                return
    except OSError:
        pass
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(blob)
    os.replace(tmp, out)


if __name__ == "__main__":
    main(sys.argv)
