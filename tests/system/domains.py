"""System test (issue 5): dom0 builds domains and they talk.

build/tests/domains/dom0.elf (tests/system/domains/dom0.c) boots as dom0
with build/dom0-ramdisk.cpio, reads boot/domains-guest.elf from it and,
with the dom0 domain builder: checks that bad images are refused with a
reason and no frame lost; builds guests A and B, which share an
interdomain event channel and a page A grants to B; destroys B while it
maps that grant, after which A ends access and keeps running; then runs
100 create/destroy cycles and compares the free-frame count (sysctl
physinfo).  The guests' console rings are relayed as "[A] ..." lines.

run_all.py runs it in the system stage (`--system`, or `-- domains`),
and with --xen on real Xen 4.17, the oracle.
"""

from engine import Case

NAME = "system/domains"
KERNEL = "build/tests/domains/dom0.elf"
RAMDISK = "build/dom0-ramdisk.cpio"
PVX = r"\(PVX\) "

STEPS = [r"ok: guest kernel from the ramdisk",
         r"ok: not ELF: -22 \"kernel: not an ELF64",
         r"ok: too little memory: -22 \"memory: less than 1 MiB\"",
         r"ok: free frames after refusals",
         r"\[A\] A: ref=\d+",
         r"\[B\] B: mapped A's page: hello from A",
         r"\[A\] A: got B's data \(hello from B\)",
         r"\[A\] A: end_access while B maps it: -16 busy",
         r"ok: destroy B while it maps A's page: 0",
         r"\[A\] A: end_access after B went: 0 ok",
         r"\[A\] A: still running",
         r"ok: free frames after A and B",
         r"ok: 100 create/destroy cycles",
         r"DOMAINS TEST PASSED"]


def cases():
    return [Case(NAME, KERNEL, hv_cmdline="console=com1 loglvl=info",
                 kernel_cmdline="dom0", ramdisk=RAMDISK,
                 expect=STEPS,
                 reject=[r"FAIL", PVX + "FATAL", PVX + "dom0 crashed"],
                 status=0, timeout=120)]


def xen_cases(xen):
    import engine
    return [engine.on_xen(c, xen) for c in cases()]
