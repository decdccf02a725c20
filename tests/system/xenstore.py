"""System test (issue 6): xenstore and console rings between dom0 and a guest.

build/tests/xenstore/dom0.elf (tests/system/xenstore/dom0.c) boots as dom0
with build/dom0-ramdisk.cpio, starts xenstored and the console backend,
builds boot/demo.elf (pv-guest/demo), writes libxl's entries for it and
introduces it; the guest prints through its console ring, reads its name
over xenbus and writes data/demo; control/shutdown "poweroff" shuts it
down with reason poweroff, and its death releases it from xenstore.
"""

from engine import Case

NAME = "system/xenstore"
KERNEL = "build/tests/xenstore/dom0.elf"
RAMDISK = "build/dom0-ramdisk.cpio"
PVX = r"\(PVX\) "

STEPS = [r"ok: xs_open",
         r"ok: read of a missing node: ENOENT",
         r"ok: demo kernel from the ramdisk",
         r"ok: libxl's entries for domain \d+",
         r"ok: introduce",
         r"ok: @introduceDomain fired",
         r"\[demo\] demo: up",
         r"\[demo\] demo: my name is 'demo1' \(domain \d+\)",
         r"ok: /local/domain/\d+/data/demo = \"hello from demo1\"",
         r"\[demo\] demo: alive 1",
         r"ok: guest shut down with reason poweroff",
         r"ok: control/shutdown acknowledged",
         r"ok: @releaseDomain on its shutdown",
         r"ok: dead domain released",
         r"ok: its home went with it",
         r"XENSTORE TEST PASSED"]


def cases():
    return [Case(NAME, KERNEL, hv_cmdline="console=com1 loglvl=info",
                 kernel_cmdline="dom0", ramdisk=RAMDISK,
                 expect=STEPS,
                 reject=[r"FAIL", PVX + "FATAL", PVX + "dom0 crashed"],
                 status=0, timeout=600)]


def xen_cases(xen):
    import engine
    return [engine.on_xen(c, xen) for c in cases()]
