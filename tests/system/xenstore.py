"""System test (issue 6): xenstore and console rings between dom0 and a guest.

build/tests/xenstore/dom0.elf (tests/system/xenstore/dom0.c) boots as dom0
with build/dom0-ramdisk.cpio, starts xenstored and the console backend,
builds boot/demo.elf (pv-guest/demo), writes libxl's entries for it and
introduces it; the guest prints through its console ring, echoes a
line typed into it through consoled_write, reads its name
over xenbus and writes data/demo; control/shutdown "poweroff" shuts it
down with reason poweroff, and its death releases it from xenstore.
Meanwhile tests/system/xenstore/evil.c scribbles its ring's request index:
xenstored sets XENSTORE_ERROR_RINGIDX in its page and ignores it, and the
demo goes on being served.
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
         r"\[evil\] evil: honest read of my name: 5 'evil1'",
         r"\[evil\] evil: error field 2",
         r"ok: its ring ignored, the demo's still served",
         r"\[demo\] demo: my name is 'demo1' \(domain \d+\)",
         r"ok: /local/domain/\d+/data/demo = \"hello from demo1\"",
         r"\[demo\] demo: alive 1",
         r"\[demo\] demo: console input 'hi there'",
         r"\[demo\] demo: suspend is not supported",
         r"ok: guest shut down with reason poweroff",
         r"ok: control/shutdown acknowledged",
         r"ok: @releaseDomain on its shutdown",
         r"ok: dead demo released",
         r"ok: home of demo went with it",
         r"ok: dead evil released",
         r"ok: no rings left",
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
