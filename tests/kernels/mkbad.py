#!/usr/bin/env python3
"""Write the bad kernel images that a PV domain builder must refuse.

Usage: mkbad.py OUTDIR

Each image is as small as it can be while being wrong in exactly one way.
Numbers come from the C headers (ELF from <elf.h>, Xen note types from
<xen/elfnote.h>) rather than being retyped here.  Every loadable byte is
`ud2`, so a builder that wrongly accepts an image crashes the guest on
its first instruction instead of running anything.
"""

import os
import re
import struct
import sys


def header_defines(path):
    """Integer #defines of a C header (N, 0xN or (A << B)), as a dict."""
    defs = {}
    plain = re.compile(r"^#define\s+(\w+)\s+(0x[0-9a-fA-F]+|\d+)\b")
    shift = re.compile(r"^#define\s+(\w+)\s+\((\d+)\s*<<\s*(\d+)\)")
    with open(path) as f:
        for line in f:
            m = plain.match(line)
            if m:
                defs[m.group(1)] = int(m.group(2), 0)
                continue
            m = shift.match(line)
            if m:
                defs[m.group(1)] = int(m.group(2)) << int(m.group(3))
    return defs


ELF = header_defines("/usr/include/elf.h")
XEN = header_defines("/usr/include/xen/elfnote.h")

LOAD_ADDR = 0x100000        # XTF-style: VA = PA = 1 MiB, no VIRT_BASE
UD2 = b"\x0f\x0b"
EHDR64_SIZE, PHDR64_SIZE = 64, 56


def note(ntype, desc):
    """One ELF note owned by "Xen", name and descriptor 4-byte padded."""
    def pad(b):
        return b + b"\0" * (-len(b) % 4)
    name = b"Xen\0"
    return struct.pack("<III", len(name), len(desc), ntype) + \
        pad(name) + pad(desc)


# The notes libelf insists on (xen/common/libelf/libelf-dominfo.c):
# XEN_VERSION must start "xen-3.0", and LOADER must be "generic".
XEN_NOTES = b"".join([
    note(XEN["XEN_ELFNOTE_GUEST_OS"], b"bad-image\0"),
    note(XEN["XEN_ELFNOTE_XEN_VERSION"], b"xen-3.0\0"),
    note(XEN["XEN_ELFNOTE_LOADER"], b"generic\0"),
])


def elf64(loads, notes):
    """ELF64 x86-64 ET_EXEC: loads is [(paddr, filesz, memsz)], each
    filled with ud2 from its own file offset; notes go in a PT_NOTE."""
    phnum = len(loads) + (1 if notes else 0)
    data_off = EHDR64_SIZE + phnum * PHDR64_SIZE
    body, phdrs = b"", []

    for paddr, filesz, memsz in loads:
        off = data_off + len(body)
        body += (UD2 * filesz)[:filesz]
        phdrs.append(struct.pack(
            "<IIQQQQQQ", ELF["PT_LOAD"], ELF["PF_R"] | ELF["PF_X"],
            off, paddr, paddr, filesz, memsz, 1))
    if notes:
        body += b"\0" * (-(data_off + len(body)) % 4)
        off = data_off + len(body)
        body += notes
        phdrs.append(struct.pack(
            "<IIQQQQQQ", ELF["PT_NOTE"], ELF["PF_R"],
            off, 0, 0, len(notes), len(notes), 4))

    ident = b"\x7fELF" + bytes([ELF["ELFCLASS64"], ELF["ELFDATA2LSB"],
                                ELF["EV_CURRENT"]]) + b"\0" * 9
    ehdr = ident + struct.pack(
        "<HHIQQQIHHHHHH", ELF["ET_EXEC"], ELF["EM_X86_64"],
        ELF["EV_CURRENT"], loads[0][0], EHDR64_SIZE, 0, 0,
        EHDR64_SIZE, PHDR64_SIZE, phnum, 0, 0, 0)
    return ehdr + b"".join(phdrs) + body


def elf32():
    """ELF32 i386 ET_EXEC, one PT_LOAD of ud2, no notes: the wrong class
    (and machine) for a 64-bit-only builder, which must stop there."""
    ehsize, phentsize = 52, 32
    off = ehsize + phentsize
    ident = b"\x7fELF" + bytes([ELF["ELFCLASS32"], ELF["ELFDATA2LSB"],
                                ELF["EV_CURRENT"]]) + b"\0" * 9
    ehdr = ident + struct.pack(
        "<HHIIIIIHHHHHH", ELF["ET_EXEC"], ELF["EM_386"],
        ELF["EV_CURRENT"], LOAD_ADDR, ehsize, 0, 0,
        ehsize, phentsize, 1, 0, 0, 0)
    phdr = struct.pack("<IIIIIIII", ELF["PT_LOAD"], off, LOAD_ADDR,
                       LOAD_ADDR, len(UD2), len(UD2),
                       ELF["PF_R"] | ELF["PF_X"], 1)
    return ehdr + phdr + UD2


# What real Xen 4.17 (run-on-xen) says about each image is noted with it.
IMAGES = {
    # ELF32: a 64-bit PV builder has nothing to load.  Xen 4.17 gets as
    # far as the notes: "Not a Xen-ELF image: No ELF notes or
    # '__xen_guest' section found", then "Could not construct domain 0".
    "not-elf64.bin": elf32(),
    # Valid ELF64 x86-64 executable without a single Xen note: not a PV
    # kernel at all.  Xen 4.17: the same "Not a Xen-ELF image" panic.
    "no-notes.elf": elf64([(LOAD_ADDR, 2, 0x1000)], b""),
    # Notes present; the second PT_LOAD's p_paddr range starts inside the
    # first one's ([1 MiB, +8 KiB) and [1 MiB + 4 KiB, +8 KiB)).  Xen 4.17
    # does NOT check this: it loads both and dom0 dies on its first ud2
    # ("d0v0 Unhandled: vec 6, #UD", "Hardware Dom0 crashed").  PVX
    # refuses the image instead: a deliberate difference.
    "overlap.elf": elf64([(LOAD_ADDR, 2, 0x2000),
                          (LOAD_ADDR + 0x1000, 2, 0x2000)], XEN_NOTES),
    # Notes present; one PT_LOAD whose p_memsz is 64 GiB, more than any
    # test machine has.  Xen 4.17: "Domain 0 allocation is too small for
    # kernel image" (a panic).
    "too-big.elf": elf64([(LOAD_ADDR, 2, 64 << 30)], XEN_NOTES),
}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: mkbad.py OUTDIR")
    os.makedirs(sys.argv[1], exist_ok=True)
    for name, data in IMAGES.items():
        with open(os.path.join(sys.argv[1], name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
