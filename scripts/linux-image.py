#!/usr/bin/env python3
"""linux-image.py: fetch Debian 12's cloud kernel and cache its ELF.

  python3 scripts/linux-image.py [--refresh] [--package NAME[=VERSION]]

Picks the newest linux-image-6.1*-cloud-amd64 that apt-cache knows,
fetches it with `apt-get download` (Debian's archive, nothing else),
unpacks it with `dpkg-deb -x`, takes the payload out of the bzImage
(setup_sects, payload_offset, payload_length from the setup header; an LZ4
legacy frame, decompressed with Debian's `lz4`), checks the result is an
ELF64 x86-64 with the Xen notes PVX needs, and caches:

  build/linux/vmlinux   the PV kernel (module 1 for PVX or Xen)
  build/linux/VERSION   "<package> <debian version>" (one line)
  build/linux/config    the kernel's .config, from the package

With everything cached it only prints the cached version (no apt call).
--refresh looks for a newer package; PVX_LINUX_PKG=NAME[=VERSION] (or
--package) pins one.  Exit status 0 on success, 1 with a message on stderr.
Python 3 standard library only.
"""

import argparse
import functools
import glob
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "build", "linux")
VMLINUX = os.path.join(OUT, "vmlinux")
VERSION = os.path.join(OUT, "VERSION")
CONFIG = os.path.join(OUT, "config")
PKG_RE = r"^linux-image-6\.1\.[0-9]+-[0-9]+-cloud-amd64$"

LZ4_LEGACY_MAGIC = b"\x02\x21\x4c\x18"

# Xen ELF note types ([HDR] elfnote.h) that PVX's builder reads.
NOTE_ENTRY, NOTE_XEN_VERSION, NOTE_GUEST_OS = 1, 5, 6
NOTE_NAMES = {1: "ENTRY", 2: "HYPERCALL_PAGE", 3: "VIRT_BASE",
              4: "PADDR_OFFSET", 5: "XEN_VERSION", 6: "GUEST_OS",
              7: "GUEST_VERSION", 8: "LOADER", 9: "PAE_MODE",
              10: "FEATURES", 12: "HV_START_LOW", 13: "L1_MFN_VALID",
              14: "SUSPEND_CANCEL", 15: "INIT_P2M", 16: "MOD_START_PFN",
              17: "SUPPORTED_FEATURES", 18: "PHYS32_ENTRY"}
STRING_NOTES = (5, 6, 7, 8, 9, 10)


class Fail(Exception):
    """A reason for the user; printed as `linux-image.py: <reason>`."""


def run(cmd, **kw):
    try:
        return subprocess.run(cmd, stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, **kw)
    except FileNotFoundError:
        raise Fail("%s not found (run scripts/deps.sh: it installs lz4, "
                   "busybox-static and the rest)" % cmd[0])


def need_tools():
    for tool, pkg in (("apt-cache", "apt"), ("apt-get", "apt"),
                      ("dpkg-deb", "dpkg"), ("dpkg", "dpkg"),
                      ("lz4", "lz4")):
        if not shutil.which(tool):
            raise Fail("%s missing (apt-get install %s, or run "
                       "scripts/deps.sh as root)" % (tool, pkg))


def dpkg_newer(a, b):
    """cmp-style comparison of two Debian versions, by dpkg itself."""
    if a == b:
        return 0
    return 1 if run(["dpkg", "--compare-versions", a, "gt", b]) \
        .returncode == 0 else -1


def pick_package(pin):
    """(package, version) of the newest cloud 6.1 kernel apt knows, or the
    pinned NAME[=VERSION]."""
    if pin:
        name, _, version = pin.partition("=")
        names = [name]
    else:
        p = run(["apt-cache", "search", "--names-only", PKG_RE])
        names = sorted(l.split()[0] for l in p.stdout.decode().splitlines()
                       if l.strip())
        if not names:
            raise Fail("apt-cache knows no linux-image-6.1.*-cloud-amd64 "
                       "package: the package lists are missing or old "
                       "(as root: apt-get update)")
        version = ""
    p = run(["apt-cache", "show", "--no-all-versions"] + names)
    out = p.stdout.decode(errors="replace")
    found = {}
    for stanza in out.split("\n\n"):
        m = re.search(r"^Package: (\S+)$", stanza, re.M)
        v = re.search(r"^Version: (\S+)$", stanza, re.M)
        if m and v:
            found[m.group(1)] = v.group(1)
    if not found:
        raise Fail("apt-cache show %s: no such package (%s)"
                   % (" ".join(names), out.strip().splitlines()[-1:]))
    if pin:
        return names[0], version or found[names[0]]
    best = max(found, key=functools.cmp_to_key(
        lambda x, y: dpkg_newer(found[x], found[y])))
    return best, found[best]


def download(pkg, version, where):
    """apt-get download into `where`; returns the .deb's path."""
    p = run(["apt-get", "download", "-q", "%s=%s" % (pkg, version)],
            cwd=where)
    debs = glob.glob(os.path.join(where, pkg + "_*.deb"))
    if p.returncode == 0 and debs:
        return debs[0]
    text = p.stdout.decode(errors="replace")
    errs = [l for l in text.splitlines() if l.startswith(("E:", "W:"))]
    if re.search(r"Temporary failure resolving|Could not resolve|"
                 r"Failed to fetch|Connection failed|Network is unreachable|"
                 r"Could not connect", text):
        raise Fail("cannot fetch %s=%s from Debian's archive: no network? "
                   "(%s)" % (pkg, version, errs[-1] if errs else "apt-get "
                             "download failed"))
    raise Fail("apt-get download %s=%s failed: %s"
               % (pkg, version, errs[-1] if errs else text.strip()[-300:]))


def bzimage_payload(data, name):
    """The compressed payload of a bzImage (boot protocol >= 2.08)."""
    if len(data) < 0x250 or data[0x202:0x206] != b"HdrS":
        raise Fail("%s: not a bzImage (no HdrS setup header)" % name)
    proto = struct.unpack_from("<H", data, 0x206)[0]
    if proto < 0x208:
        raise Fail("%s: boot protocol %#x < 2.08 has no payload fields"
                   % (name, proto))
    setup_sects = data[0x1f1] or 4       # 0 means 4, as the boot protocol says
    offset, length = struct.unpack_from("<II", data, 0x248)
    start = (setup_sects + 1) * 512 + offset
    if start + length > len(data):
        raise Fail("%s: payload %#x+%#x beyond the file (%#x bytes)"
                   % (name, start, length, len(data)))
    payload = data[start:start + length]
    if payload[:4] != LZ4_LEGACY_MAGIC:
        raise Fail("%s: payload is not an LZ4 legacy frame (starts %s); "
                   "only CONFIG_KERNEL_LZ4 kernels are handled"
                   % (name, payload[:4].hex()))
    return payload, dict(proto=proto, setup_sects=setup_sects,
                         payload_offset=offset, payload_length=length)


def xen_notes(elf):
    """Check ELF64 x86-64 and return {note type: descriptor bytes} of the
    notes owned by "Xen" in its PT_NOTE segments."""
    if elf[:4] != b"\x7fELF" or elf[4] != 2 or elf[5] != 1:
        raise Fail("decompressed payload is not a little-endian ELF64")
    e_type, e_machine = struct.unpack_from("<HH", elf, 16)
    if e_machine != 62:
        raise Fail("decompressed ELF is for machine %d, not x86-64"
                   % e_machine)
    e_phoff = struct.unpack_from("<Q", elf, 32)[0]
    e_phentsize, e_phnum = struct.unpack_from("<HH", elf, 54)
    notes = {}
    for i in range(e_phnum):
        p_type, _, p_offset = struct.unpack_from(
            "<IIQ", elf, e_phoff + i * e_phentsize)
        p_filesz = struct.unpack_from(
            "<Q", elf, e_phoff + i * e_phentsize + 32)[0]
        if p_type != 4:                          # PT_NOTE
            continue
        pos, end = p_offset, p_offset + p_filesz
        while pos + 12 <= end:
            namesz, descsz, ntype = struct.unpack_from("<III", elf, pos)
            name = elf[pos + 12:pos + 12 + namesz].rstrip(b"\0")
            dpos = pos + 12 + ((namesz + 3) & ~3)
            if name == b"Xen":
                notes[ntype] = elf[dpos:dpos + descsz]
            pos = dpos + ((descsz + 3) & ~3)
    if not notes:
        raise Fail("decompressed ELF has no Xen ELF notes: not a PV kernel")
    if not notes.get(NOTE_XEN_VERSION, b"").startswith(b"xen-3.0"):
        raise Fail("Xen note XEN_VERSION is not xen-3.0")
    if NOTE_ENTRY not in notes:
        raise Fail("Xen note ENTRY missing")
    return notes


def describe(notes):
    out = []
    for t in sorted(notes):
        d = notes[t]
        if t == 13:                             # L1_MFN_VALID: mask, value
            val = ",".join("%#x" % int.from_bytes(d[i:i + 8], "little")
                           for i in range(0, len(d), 8))
        elif t not in STRING_NOTES:
            val = "%#x" % int.from_bytes(d, "little")
        else:
            val = d.rstrip(b"\0").decode(errors="replace")
        out.append("%s=%s" % (NOTE_NAMES.get(t, str(t)), val))
    return " ".join(out)


def build(pin):
    need_tools()
    pkg, version = pick_package(pin)
    print("linux-image.py: %s %s" % (pkg, version))
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT, prefix=".fetch.") as tmp:
        deb = download(pkg, version, tmp)
        x = os.path.join(tmp, "x")
        p = run(["dpkg-deb", "-x", deb, x])
        if p.returncode:
            raise Fail("dpkg-deb -x %s: %s" % (deb, p.stdout.decode()))
        images = glob.glob(os.path.join(x, "boot", "vmlinuz-*"))
        if not images:
            raise Fail("%s holds no boot/vmlinuz-*" % os.path.basename(deb))
        with open(images[0], "rb") as f:
            payload, hdr = bzimage_payload(f.read(), images[0])
        print("linux-image.py: bzImage protocol %#x, setup_sects=%d, "
              "payload_offset=%#x, payload_length=%#x (LZ4 legacy)"
              % (hdr["proto"], hdr["setup_sects"], hdr["payload_offset"],
                 hdr["payload_length"]))
        # The kernel build appends the uncompressed size (4 bytes, little
        # endian) after the frame; lz4 would read it as a truncated block
        # and exit 1, so cut it off and check the size against it.
        size = struct.unpack("<I", payload[-4:])[0]
        p = subprocess.run(["lz4", "-dc"], input=payload[:-4],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        if p.returncode or not p.stdout:
            raise Fail("lz4 -dc failed on the payload (exit %d): %s"
                       % (p.returncode,
                          p.stderr.decode(errors="replace").strip()))
        elf = p.stdout
        if len(elf) != size:
            raise Fail("lz4 gave %d bytes, the bzImage says %d"
                       % (len(elf), size))
        notes = xen_notes(elf)
        print("linux-image.py: ELF64 x86-64, %d bytes; Xen notes: %s"
              % (len(elf), describe(notes)))
        # Write the new files beside the old ones and rename: a cache that
        # exists is always complete.
        with open(VMLINUX + ".part", "wb") as f:
            f.write(elf)
        configs = glob.glob(os.path.join(x, "boot", "config-*"))
        if configs:
            shutil.copyfile(configs[0], CONFIG + ".part")
            os.replace(CONFIG + ".part", CONFIG)
        os.replace(VMLINUX + ".part", VMLINUX)
        with open(VERSION + ".part", "w") as f:
            f.write("%s %s\n" % (pkg, version))
        os.replace(VERSION + ".part", VERSION)
    print("linux-image.py: cached %s" % os.path.relpath(VMLINUX, ROOT))


def cached():
    """The cached "<package> <version>", or None if the cache is
    incomplete."""
    try:
        with open(VERSION) as f:
            version = f.read().strip()
        with open(VMLINUX, "rb") as f:
            magic = f.read(4)
    except OSError:
        return None
    return version if version and magic == b"\x7fELF" else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--refresh", action="store_true",
                    help="look for a newer package even if one is cached")
    ap.add_argument("--package", default=os.environ.get("PVX_LINUX_PKG"),
                    help="NAME[=VERSION] instead of the newest")
    ap.add_argument("-q", "--quiet", action="store_true")
    args = ap.parse_args()
    have = cached()
    want_pkg = (args.package or "").partition("=")
    if have and not args.refresh and (
            not args.package or (have.split()[0] == want_pkg[0] and
                                 (not want_pkg[2] or
                                  have.split()[1] == want_pkg[2]))):
        if not args.quiet:
            print("linux-image.py: cached %s (%s)"
                  % (os.path.relpath(VMLINUX, ROOT), have))
        return 0
    try:
        if args.refresh and have and not args.package:
            need_tools()
            pkg, version = pick_package(None)
            if "%s %s" % (pkg, version) == have:
                print("linux-image.py: %s is the newest; cache kept" % have)
                return 0
        build(args.package)
    except Fail as e:
        print("linux-image.py: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
