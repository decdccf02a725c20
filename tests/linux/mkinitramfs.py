#!/usr/bin/env python3
"""mkinitramfs.py: the busybox initramfs PVX boots Debian's kernel with.

  python3 tests/linux/mkinitramfs.py [OUT]     (default build/linux/initramfs.cpio)

An uncompressed newc cpio (the kernel unpacks it without a decompressor;
it is about 2 MB) holding Debian's static busybox (package busybox-static)
as /bin/busybox, a symlink per applet, the /init script from
tests/linux/init, the empty mount points and /dev/console (the kernel
opens it for init before anything is mounted).  Written with the
standard library, so no root and no cpio tool are needed.  The archive is
byte-for-byte reproducible and OUT is rewritten only when it changes, so
make and the ISO cache see it as unchanged.
"""

import os
import stat
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_OUT = os.path.join(ROOT, "build", "linux", "initramfs.cpio")
INIT = os.path.join(HERE, "init")
BUSYBOX_CANDIDATES = ("/bin/busybox", "/usr/bin/busybox")
DIRS = ("bin", "sbin", "usr", "usr/bin", "usr/sbin", "dev", "proc", "sys",
        "tmp", "root", "etc")
MTIME = 0                  # fixed, so the archive is reproducible


class Newc:
    """newc ("070701") cpio writer: 110-byte ASCII header, name, data, each
    padded to 4 bytes; ends with TRAILER!!!."""

    def __init__(self):
        self.parts = []
        self.ino = 1

    def add(self, name, mode, data=b"", rdev=(0, 0)):
        name_b = name.encode() + b"\0"
        fields = (self.ino, mode, 0, 0, 2 if stat.S_ISDIR(mode) else 1,
                  MTIME, len(data), 0, 0, rdev[0], rdev[1], len(name_b), 0)
        self.ino += 1
        hdr = b"070701" + b"".join(b"%08X" % f for f in fields)
        self.parts += [hdr, name_b, b"\0" * (-(len(hdr) + len(name_b)) % 4),
                       data, b"\0" * (-len(data) % 4)]

    def bytes(self):
        self.add("TRAILER!!!", 0)
        return b"".join(self.parts)


def find_busybox():
    for p in BUSYBOX_CANDIDATES:
        if os.path.isfile(p):
            with open(p, "rb") as f:
                data = f.read()
            if b"/lib64/ld-linux" in data[:4096]:   # has a PT_INTERP
                continue
            return p, data
    raise SystemExit("mkinitramfs.py: no static busybox (apt-get install "
                     "busybox-static, or run scripts/deps.sh as root)")


def applets(busybox):
    """Every applet's install path (bin/sh, sbin/poweroff, ...)."""
    p = subprocess.run([busybox, "--list-full"], stdout=subprocess.PIPE,
                       check=True)
    return sorted(set(l.strip().lstrip("/") for l in
                      p.stdout.decode().splitlines() if l.strip()))


def build():
    busybox, data = find_busybox()
    cpio = Newc()
    for d in DIRS:
        cpio.add(d, stat.S_IFDIR | 0o755)
    cpio.add("dev/console", stat.S_IFCHR | 0o600, rdev=(5, 1))
    with open(INIT, "rb") as f:
        cpio.add("init", stat.S_IFREG | 0o755, f.read())
    cpio.add("bin/busybox", stat.S_IFREG | 0o755, data)
    for a in applets(busybox):
        if a != "bin/busybox" and a.split("/")[0] in ("bin", "sbin", "usr"):
            cpio.add(a, stat.S_IFLNK | 0o777, b"/bin/busybox")
    return cpio.bytes()


def main(argv):
    out = argv[1] if len(argv) > 1 else DEFAULT_OUT
    data = build()
    try:
        with open(out, "rb") as f:
            if f.read() == data:
                return 0
    except OSError:
        pass
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out + ".part", "wb") as f:
        f.write(data)
    os.replace(out + ".part", out)
    print("mkinitramfs.py: wrote %s (%d bytes)"
          % (os.path.relpath(out, ROOT), len(data)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
