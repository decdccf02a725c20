"""make bench rows for dom0's toolstack, on the system test's ISO.

  python3 tests/system/xl_bench.py [-n RUNS]

Boots PVX with the xl system test's archive (tests/system/xl_prompt.py),
waits for the prompt and the auto-started demo guest, then:
  dom0 memory   dom0's `free` builtin: KiB of its own memory in use (image,
                archive, page tables, heap) after boot with the demo guest
                up, and again after RUNS guests were created and destroyed
                (growth means dom0 leaks);
  xl create     host seconds from the Enter of `xl create -c` of the spin
                guest to its first console line on the serial port
                (libxl's PV path: config, build, xenstore entries, console
                backend, unpause, the guest's start, its console ring
                through dom0 to the serial line), median of RUNS;
  Linux domU    one `xl create -c` of Debian's Linux 6.1 with the busybox
                initramfs (tests/system/xl_linux.py's boot): host seconds
                to its shell's banner, and its init's uptime (guest s).
scripts/bench.py prints these rows after its own (PVX only: dom0's shell
does not run on Xen).  Standard library only.
"""

import os
import re
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import xl_linux  # noqa: E402
import xl_prompt  # noqa: E402

FREE = re.compile(r"dom0 memory: (\d+) KiB used of (\d+) KiB")
# The spin guest's first line (tests/system/kernels/spin.c).
FIRST_LINE = r"spin: running\n"


def dom0_used(s):
    m = FREE.search(s.cmd("free"))
    if not m:
        raise AssertionError("no 'dom0 memory' line from free")
    return int(m.group(1)), int(m.group(2))


def measure(runs):
    """Returns (rows, error or None)."""
    log = os.path.join(xl_prompt.BUILD, "logs", "bench-xl.log")
    os.makedirs(os.path.dirname(log), exist_ok=True)
    iso = xl_prompt.make_iso("xl-bench", xl_prompt.archive_files())
    s = xl_prompt.Serial(iso, log)
    try:
        s.expect(re.escape(xl_prompt.PROMPT), xl_prompt.BOOT_TIMEOUT)
        xl_prompt.wait_for("the demo guest",
                           lambda: "demo" in xl_prompt.xl_list(s))
        used0, total = dom0_used(s)
        times = []
        for _ in range(runs):
            s.send("xl create -c etc/xen/test/spin.cfg\r")
            t0 = time.monotonic()
            s.expect(r"Parsing config from")
            s.expect(FIRST_LINE)
            times.append(time.monotonic() - t0)
            s.send("\x1d")
            s.expect(re.escape(xl_prompt.PROMPT))
            s.cmd("xl destroy spin")
        used1, _ = dom0_used(s)
        s.send("poweroff\r")
    except AssertionError as e:
        return [], "%s (log: %s)" % (e, log)
    finally:
        s.close(30)
    return [("dom0 memory after boot (KiB)", "%d of %d" % (used0, total)),
            ("dom0 memory after %d create/destroy (KiB)" % runs,
             "%d of %d" % (used1, total)),
            ("xl create -c to first console line (wall s)",
             "%.2f (median of %d: %s)" % (statistics.median(times), runs,
                                          ", ".join("%.2f" % t
                                                    for t in times)))], None


def linux_domu():
    """Debian's Linux as an xl domU (tests/system/xl_linux.py's ISO):
    (wall s from Enter to its shell's banner, its init's uptime), or
    raises AssertionError."""
    log = os.path.join(xl_prompt.BUILD, "logs", "bench-xl-linux.log")
    s, why = xl_linux.boot(log)
    if not s:
        raise AssertionError(why)
    try:
        s.expect(re.escape(xl_prompt.PROMPT), xl_prompt.BOOT_TIMEOUT)
        s.send("xl create -c etc/xen/linux.cfg\r")
        t0 = time.monotonic()
        s.expect(r"Parsing config from")
        up = s.expect(r"init at uptime ([0-9.]+) s", xl_linux.BOOT_TIMEOUT)
        s.expect(r"busybox shell on the console", 60)
        wall = time.monotonic() - t0
        s.send("\x1d")
        s.expect(re.escape(xl_prompt.PROMPT))
        s.send("poweroff\r")
    finally:
        s.close(30)
    return wall, float(up.group(1))


def rows(runs=3):
    """Lines for build/bench.txt."""
    table, err = measure(runs)
    out = ["PVX dom0 toolstack (tests/system/xl_bench.py, 512 MiB, "
           "dom0_mem=96M)"]
    if err:
        return out + ["  not measured: " + err]
    out += ["  %-44s %s" % r for r in table]
    try:
        wall, up = linux_domu()
        out.append("  %-44s %.1f wall s, init at %.2f guest s" %
                   ("xl create -c Linux 6.1 domU to its shell", wall, up))
    except AssertionError as e:
        out.append("  Linux domU not measured: %s" % e)
    out.append("xl create: Enter typed on the serial line to the guest's "
               "first line, host seconds under TCG; the Linux domU's init")
    out.append("uptime compares with the dom0 Linux boot rows above.")
    return out


if __name__ == "__main__":
    n = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[1] == "-n" else 3
    print("\n".join(rows(n)))
