#!/usr/bin/env python3
"""make bench: boot time and PV operation costs, PVX next to real Xen 4.17.

  python3 scripts/bench.py [-n RUNS] [--icount] [--kernel ELF] [--ops-only]
                           [--no-linux] [--linux-runs N] [--no-linux-icount]

Boots the same build/dom0.elf under the same QEMU (scripts/qemu.sh: TCG,
-cpu max,-smap,-smep,-pku,-la57, 512 MiB, 1 vCPU) and GRUB, first on PVX
and then on Debian's Xen 4.17 (xen-hypervisor-4.17-amd64, fetched once
with apt-get download into ~/.cache/pvx-xen-4.17), RUNS times each (default
3), and prints the median of:
  wall s   host seconds from starting QEMU to the banner line on the serial
           port (includes QEMU start, SeaBIOS, GRUB loading the files);
  guest s  the banner's tsc= value / the hypervisor's own calibrated TSC
           frequency: guest-visible seconds since CPU reset;
  vs Xen   the row's figure divided by Xen's (lower is faster).
The table also goes to build/bench.txt, with every run's figures.
--icount runs QEMU with -icount shift=0,sleep=off: the guest clock then
counts instructions (1 ns each) rather than host time, which removes most
host noise from the guest figure but makes every boot several times slower.

Then the operation costs: build/tests/bench/hcall_cost.elf booted once on
each hypervisor under -icount shift=0,sleep=off, where the guest TSC
advances one tick per executed instruction (the kernel checks this and
prints tsc_per_insn).  Per operation (null hypercall, mmu_update of one L1
entry, its A/D-only variant, update_va_mapping, a trapped page-table
write): guest instructions per operation (median batch, loop subtracted),
and that figure divided by a bare SYSCALL/SYSRET round trip, which PVX
measures in ring 0 at boot in the same run (bench=syscall).  Xen has no
such measurement; its rows are divided by PVX's, the same emulated CPU.
--ops-only skips the boot rows (and the Linux boot).

Last, the Linux boot: Debian's cloud kernel (build/linux/vmlinux, fetched
by scripts/linux-image.py) with the busybox initramfs and `pvxtest=1`,
booted exactly as tests/system/linux_boot.py boots it: on PVX as a
pv-shim domU (console=hvc0), on Xen 4.17 as dom0 (the --xen path: no
console ring, the kernel's lines reach the serial port through
earlyprintk=xen and init's through /dev/kmsg).  Same QEMU as above.  Per
run (median of --linux-runs, default 3), stopping at init's first line:
  /init s  the printk timestamp of `Run /init as init process`: guest
           seconds since the kernel's clock started (hypervisor boot and
           firmware not included);
  init up  init's own `PVXTEST start: init at uptime X s` (/proc/uptime);
  wall s   host seconds from starting QEMU to that PVXTEST line.
Then one more boot of each under -icount shift=0,sleep=off, where guest
seconds count instructions (1 ns each) and repeat to 10 us from run to run
(--no-linux-icount skips these).  --no-linux skips the Linux boot.
Last, dom0's toolstack on PVX (tests/system/xl_bench.py): dom0's memory
in use, `xl create` to the guest's first line, and `xl create -c` of the
Linux domU to its shell.
Python 3 standard library only.
"""

import argparse
import dataclasses
import datetime
import os
import re
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "boot"))
import engine  # noqa: E402  (ISO building and the Xen download)
sys.path.insert(0, os.path.join(ROOT, "tests", "system"))
import linux_boot  # noqa: E402  (the Linux system test's two boots)
import xl_bench  # noqa: E402  (dom0's toolstack: xl create, dom0 memory)

BANNER = re.compile(rb"PVX dom0: hello from the PV kernel \(tsc=(\d+)\)")
PVX_MHZ = re.compile(rb"\(PVX\) tsc: (\d+\.\d+) MHz")
XEN_MHZ = re.compile(rb"\(XEN\) Detected (\d+\.\d+) MHz processor")
DOM0_MEM = "dom0_mem=256M"
KERNEL_ARGS = "dom0 console=hvc0"
TIMEOUT = 180

HCALL_KERNEL = os.path.join(ROOT, "build", "tests", "bench", "hcall_cost.elf")
ICOUNT = ["-icount", "shift=0,sleep=off"]
BENCH_LINE = re.compile(r"bench: (\w+) (\d+\.\d+)")
HCALL_TIMEOUT = 300
# (bench: name, row label); syscall_sysret is PVX's ring-0 yardstick.
OPS = [("syscall_sysret", "bare syscall/sysret trip"),
       ("null_hypercall", "null hypercall"),
       ("mmu_update", "mmu_update, 1 L1 entry"),
       ("mmu_update_ad", "mmu_update, A/D bit only"),
       ("update_va_mapping", "update_va_mapping+invlpg"),
       ("ptwr", "trapped PTE write (ptwr)"),
       ("gnttab_copy", "grant copy, 4 KiB"),
       ("grant_map_unmap", "grant map + unmap"),
       ("evtchn_send", "evtchn send (loopback)")]

# Two-domain rows: tests/system/domains/dom0.c with "bench" on its
# command line builds its guests from dom0's ramdisk (ticks per op).
DOMAINS_KERNEL = os.path.join(ROOT, "build", "tests", "domains", "dom0.elf")
DOMAINS_RAMDISK = os.path.join(ROOT, "build", "dom0-ramdisk.cpio")
DOMAIN_OPS = [("evtchn_roundtrip_2dom", "evtchn round trip, 2 domUs"),
              ("domain_create_destroy", "domain build+destroy, 8 MiB")]

LINUX_INIT = re.compile(rb"\[\s*(\d+\.\d+)\] Run /init as init process")
LINUX_START = re.compile(rb"PVXTEST start: init at uptime (\d+\.\d+) s")
LINUX_MEM = re.compile(rb"\] Memory: \d+K/(\d+)K available")
LINUX_VERSION = re.compile(rb"\] Linux version ")
LINUX_TIMEOUT = 300


def one_boot(iso, mhz_re, extra):
    """Boot once; return (wall_s, guest_s, mhz) or raise RuntimeError."""
    t0 = time.monotonic()
    p = subprocess.Popen([os.path.join(ROOT, "scripts", "qemu.sh"), iso] +
                         extra, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    mhz = None
    tail = []
    try:
        deadline = t0 + TIMEOUT
        # Line by line: the wall time is taken when the banner line is
        # complete, as a person watching the console would see it.
        for line in iter(p.stdout.readline, b""):
            tail = (tail + [line])[-20:]
            m = mhz_re.search(line)
            if m:
                mhz = float(m.group(1))
            m = BANNER.search(line)
            if m:
                wall = time.monotonic() - t0
                if mhz is None:
                    raise RuntimeError("banner before any TSC MHz line")
                return wall, int(m.group(1)) / (mhz * 1e6), mhz
            if time.monotonic() > deadline:
                raise RuntimeError("no banner within %ds" % TIMEOUT)
        raise RuntimeError("QEMU exited (status %s) before the banner; "
                           "last line: %s" % (p.wait(), engine.clean(
                               b"".join(tail[-1:])).strip()))
    finally:
        if p.poll() is None:
            try:
                os.killpg(p.pid, 9)
            except ProcessLookupError:
                pass
        p.wait()
        p.stdout.close()


def measure(label, hv, hvargs, kernel, mhz_re, runs, extra):
    """Returns dict(label, runs=[(wall, guest, mhz)], error=str|None)."""
    row = {"label": label, "runs": [], "error": None}
    case = engine.Case("bench/" + label.split()[0].lower(), kernel,
                       hv_cmdline=hvargs, kernel_cmdline=KERNEL_ARGS,
                       hypervisor=hv)
    iso, err = engine.build_iso(case)
    if not iso:
        row["error"] = "mkiso.sh failed: " + err.splitlines()[-1]
        return row
    for i in range(runs):
        try:
            row["runs"].append(one_boot(iso, mhz_re, extra))
        except RuntimeError as e:
            row["error"] = str(e)
            return row
        print("  %s run %d: wall %.3f s, guest %.3f s" %
              ((label, i + 1) + row["runs"][-1][:2]), file=sys.stderr)
    return row


def hcall_run(label, hv, hvargs, kernel=HCALL_KERNEL, what="hcall",
              ramdisk=None, kargs="", done="Test result:",
              ok="Test result: SUCCESS", qemu_extra=()):
    """Boot a bench kernel (hcall_cost unless told) once under -icount;
    returns dict(label, figures {name: ticks per op}, error=str|None).
    The log goes to build/logs/bench-<what>-<hypervisor>.log."""
    row = {"label": label, "figures": {}, "error": None}
    tag = label.split()[0].lower()
    case = engine.Case("bench/%s-%s" % (what, tag), kernel,
                       hv_cmdline=hvargs, hypervisor=hv, ramdisk=ramdisk,
                       kernel_cmdline=kargs)
    iso, err = engine.build_iso(case)
    if not iso:
        row["error"] = "mkiso.sh failed: " + err.splitlines()[-1]
        return row
    p = subprocess.Popen([os.path.join(ROOT, "scripts", "qemu.sh"), iso] +
                         ICOUNT + list(qemu_extra), stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    # Real Xen halts rather than exiting QEMU: stop at the verdict, and a
    # watchdog ends a silent hang.
    dog = threading.Timer(HCALL_TIMEOUT, lambda: os.killpg(p.pid, 9))
    dog.start()
    lines = []
    try:
        for raw in iter(p.stdout.readline, b""):
            lines.append(engine.clean(raw).rstrip("\n"))
            if done in lines[-1]:
                break
    finally:
        dog.cancel()
        if p.poll() is None:
            try:
                os.killpg(p.pid, 9)
            except ProcessLookupError:
                pass
        p.wait()
        p.stdout.close()
    log = os.path.join(ROOT, "build", "logs",
                       "bench-%s-%s.log" % (what, tag))
    os.makedirs(os.path.dirname(log), exist_ok=True)
    with open(log, "w") as f:
        f.write("\n".join(lines) + "\n")
    for line in lines:
        m = BENCH_LINE.search(line)
        if m:
            row["figures"][m.group(1)] = float(m.group(2))
    if not any(ok in l for l in lines):
        row["error"] = "no '%s' (see %s): %s" % (
            ok, os.path.relpath(log, ROOT), (lines or ["no output"])[-1])
    return row


CTXSW_KERNEL = os.path.join(ROOT, "build", "tests", "bench", "ctxsw.elf")
# Two vCPUs of dom0 on one CPU: every yield of one lets the other run.
CTXSW_QEMU = ["-smp", "1"]
CTXSW_HV = " dom0_max_vcpus=2"


def ctxsw_table(rows):
    """The context-switch rows: PVX, then Xen 4.17."""
    out = ["vCPU context switch: %s, dom0 with 2 vCPUs on 1 CPU "
           "(QEMU -smp 1), under %s"
           % (os.path.relpath(CTXSW_KERNEL, ROOT), " ".join(ICOUNT)), ""]
    fmt = "%-34s %10s %10s %8s"
    out.append(fmt % ("operation", "PVX insns", "Xen insns", "PVX/Xen"))
    out.append(fmt % ("-" * 34, "-" * 10, "-" * 10, "-" * 8))
    for name, what in (("yield_alone", "SCHEDOP_yield, nothing to switch"),
                       ("ctxsw_yield", "switch + yield (ping-pong)")):
        a, b = (r["figures"].get(name) for r in (rows[0], rows[-1]))
        out.append(fmt % (what, "%.2f" % a if a else "n/a",
                          "%.2f" % b if b else "n/a",
                          "%.2f" % (a / b) if a and b else "n/a"))
    for r in rows:
        if r["error"]:
            out.append("%s: %s" % (r["label"], r["error"]))
    out += ["", "switch + yield: vcpu 0's timed yields each run vcpu 1 "
            "(which yields back),", "so one figure is one SCHEDOP_yield "
            "hypercall and one vCPU switch (median",
            "of 7 batches of 2000); yield_alone is the yield with vcpu 1 "
            "offline."]
    return out


def hcall_table(rows):
    """Rows per operation: instructions and multiples of PVX's bare
    syscall/sysret round trip, PVX then Xen."""
    base = rows[0]["figures"].get("syscall_sysret")
    ref = rows[-1]
    out = ["PV operation costs: %s, one boot each under %s"
           % (os.path.relpath(HCALL_KERNEL, ROOT), " ".join(ICOUNT)),
           "(guest TSC ticks = guest instructions; measured tsc_per_insn: " +
           ", ".join("%s %s" % (r["label"].split()[0], "%.2f" %
                                r["figures"]["tsc_per_insn"]
                                if "tsc_per_insn" in r["figures"] else "n/a")
                     for r in rows) + ")", ""]
    fmt = "%-26s %10s %8s %10s %8s %8s"
    out.append(fmt % ("operation", "PVX insns", "x trip", "Xen insns",
                      "x trip", "PVX/Xen"))
    out.append(fmt % ("-" * 26, "-" * 10, "-" * 8, "-" * 10, "-" * 8,
                      "-" * 8))
    for name, what in OPS:
        cells = []
        for r in rows:
            v = r["figures"].get(name)
            cells += ["%.2f" % v if v is not None else "n/a",
                      "%.1f" % (v / base) if v is not None and base
                      else "n/a"]
        a, b = rows[0]["figures"].get(name), ref["figures"].get(name)
        cells.append("%.2f" % (a / b) if a and b else "n/a")
        out.append(fmt % tuple([what] + cells))
    # Throughput: 4 KiB per copy; under shift=0 one instruction is 1 ns.
    tput = ["%s %s" % (r["label"].split()[0],
                       "%.0f MiB/s" % (4096 / r["figures"]["gnttab_copy"]
                                       * 1e9 / 2**20)
                       if r["figures"].get("gnttab_copy") else "n/a")
            for r in rows]
    out.append("grant copy throughput, 4 KiB copies: " + ", ".join(tput))
    for r in rows:
        if r["error"]:
            out.append("%s: %s" % (r["label"], r["error"]))
    out += ["",
            "throughput: 4096 B / insns of a grant copy, one guest "
            "instruction being 1 ns",
            "under -icount shift=0 (guest time, the hypercall included).",
            "insns: guest instructions per operation (median of 7 "
            "batches of 1000, the",
            "empty loop subtracted). x trip: insns / PVX's bare "
            "syscall/sysret round trip,",
            "timed in ring 0 at boot in the same PVX run (bench=syscall). "
            "Xen 4.17 has no",
            "such measurement: its column uses PVX's (the same emulated "
            "CPU).",
            "Instruction counts, not cycles: every instruction counts 1. "
            "See docs/testing.md."]
    return out


def domains_table(rows):
    """Two-domain rows: ticks per operation, PVX then Xen."""
    fmt = "%-30s %12s %12s %8s"
    out = ["Two-domain costs: %s %s, one boot each under %s"
           % (os.path.relpath(DOMAINS_KERNEL, ROOT), "(cmdline: dom0 bench)",
              " ".join(ICOUNT)), "",
           fmt % ("operation", "PVX insns", "Xen insns", "PVX/Xen"),
           fmt % ("-" * 30, "-" * 12, "-" * 12, "-" * 8)]
    for name, what in DOMAIN_OPS:
        a, b = (r["figures"].get(name) for r in (rows[0], rows[-1]))
        out.append(fmt % (what, "%.0f" % a if a else "n/a",
                          "%.0f" % b if b else "n/a",
                          "%.2f" % (a / b) if a and b else "n/a"))
    for r in rows:
        if r["error"]:
            out.append("%s: %s" % (r["label"], r["error"]))
    out += ["",
            "round trip: dom0 builds guests ping and pong; ping sends and "
            "waits for pong's",
            "answer 1000 times over an interdomain port, timed by its TSC "
            "(both guests,",
            "the hypervisor and the idle loop in between).  build+destroy: "
            "dom0's",
            "domain_build() of the 8 MiB guest and destroydomain, 10 times, "
            "by dom0's TSC.",
            "Under -icount guest TSC ticks are guest instructions."]
    return out


def linux_once(iso, extra, log):
    """Boot the Linux case once, up to init's first line.  Returns
    (init_s, init_uptime_s, wall_s, wall_kernel_s, mem_mib) or raises
    RuntimeError.  The serial log up to there goes to LOG."""
    t0 = time.monotonic()
    p = subprocess.Popen([os.path.join(ROOT, "scripts", "qemu.sh"), iso] +
                         extra, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         start_new_session=True)
    # A silent hang ends at the watchdog; readline then sees EOF.
    dog = threading.Timer(LINUX_TIMEOUT, lambda: os.killpg(p.pid, 9))
    dog.start()
    lines, init, mem, kernel = [], None, None, None
    try:
        for line in iter(p.stdout.readline, b""):
            lines.append(line)
            if kernel is None and LINUX_VERSION.search(line):
                kernel = time.monotonic() - t0
            m = LINUX_MEM.search(line)
            if m:
                mem = int(m.group(1)) / 1024
            m = LINUX_INIT.search(line)
            if m:
                init = float(m.group(1))
            m = LINUX_START.search(line)
            if m:
                wall = time.monotonic() - t0
                if init is None or kernel is None:
                    raise RuntimeError("no 'Linux version' or 'Run /init' "
                                       "line before init's")
                return init, float(m.group(1)), wall, kernel, mem
        raise RuntimeError("no 'PVXTEST start' line (QEMU status %s after "
                           "%.0f s); last line: %s" % (
                               p.wait(), time.monotonic() - t0, engine.clean(
                                   b"".join(lines[-1:])).strip()))
    finally:
        dog.cancel()
        if p.poll() is None:
            try:
                os.killpg(p.pid, 9)
            except ProcessLookupError:
                pass
        p.wait()
        p.stdout.close()
        os.makedirs(os.path.dirname(log), exist_ok=True)
        with open(log, "w") as f:
            f.write(engine.clean(b"".join(lines)))


def linux_row(label, case, tag):
    """dict(label, hv, iso, log, runs=[linux_once()...], error)
    with the case's ISO built (under its own name, build/iso/bench/)."""
    row = {"label": label, "runs": [], "error": None,
           "hv": case.hv_cmdline, "iso": None,
           "log": os.path.join(ROOT, "build", "logs",
                               "bench-linux-%s.log" % tag)}
    iso, err = engine.build_iso(dataclasses.replace(
        case, name="bench/linux-" + tag))
    if iso:
        row["iso"] = iso
    else:
        row["error"] = "mkiso.sh failed: " + err.splitlines()[-1]
    return row


def linux_run(row, extra):
    """One more boot of ROW (nothing once it has failed)."""
    if row["error"]:
        return
    try:
        row["runs"].append(linux_once(row["iso"], extra, row["log"]))
    except RuntimeError as e:
        row["error"] = "%s (see %s)" % (e, os.path.relpath(row["log"],
                                                           ROOT))
        return
    print("  Linux %s run %d: /init %.3f s, init uptime %.2f s, "
          "wall %.3f s (kernel at %.3f s)" % (
              (row["label"], len(row["runs"])) + row["runs"][-1][:4]),
          file=sys.stderr)


def linux_table(rows, runs, icount_rows):
    """The Linux boot rows (and the -icount ones, if any)."""
    try:
        with open(os.path.join(ROOT, "build", "linux", "VERSION")) as f:
            version = f.read().strip()
    except OSError:
        version = "Debian's cloud kernel (not fetched)"
    case = linux_boot.cases()[0]
    out = ["Linux boot to /init: %s, median of %d runs" % (version, runs),
           "(%s + %s; same QEMU as above: TCG," % (linux_boot.VMLINUX,
                                                 linux_boot.INITRAMFS),
           " -cpu max,-smap,-smep,-pku,-la57, %s MiB, 1 vCPU; kernel: %s)"
           % (os.environ.get("PVX_MEM", "512"), case.kernel_cmdline), ""]
    fmt = "%-21s %7s %7s %7s %7s %9s %8s %7s"
    out.append(fmt % ("system", "/init s", "init up", "wall k", "wall s",
                      "/init/Xen", "wall/Xen", "dom MiB"))
    out.append(fmt % ("-" * 21, "-" * 7, "-" * 7, "-" * 7, "-" * 7,
                      "-" * 9, "-" * 8, "-" * 7))

    def rows_of(group, suffix):
        ref = group[-1] if group[-1]["runs"] and not group[-1]["error"] \
            else None
        for r in group:
            label = r["label"] + suffix
            if r["error"]:
                out.append("%-21s n/a: %s" % (label, r["error"]))
                continue
            i, u, w, k = med(r, 0), med(r, 1), med(r, 2), med(r, 3)
            mem = r["runs"][0][4]
            out.append(fmt % (
                label, "%.3f" % i, "%.2f" % u, "%.2f" % k, "%.2f" % w,
                "%.2f" % (i / med(ref, 0)) if ref else "n/a",
                "%.2f" % (w / med(ref, 2)) if ref else "n/a",
                "%.0f" % mem if mem else "?"))
    rows_of(rows, "")
    if icount_rows:
        rows_of(icount_rows, " -icount")
    out += ["",
            "/init s: printk time of 'Run /init as init process' (guest s "
            "since the kernel's",
            "clock started; hypervisor and firmware not included). init "
            "up: /proc/uptime",
            "as init's first line prints it. wall k, wall s: host s from "
            "QEMU start to the",
            "kernel's first line (Linux version) and to init's first "
            "line.",
            "dom MiB: the kernel's 'Memory: .../NK available' total. "
            "Lower is faster.",
            "PVX options: %s (a domU; console on hvc0)." % rows[0]["hv"],
            "Xen options: %s" % rows[-1]["hv"],
            "(dom0: no console ring, so no hvc0; the same lines come "
            "through earlyprintk=xen",
            "and /dev/kmsg)."]
    if icount_rows:
        out.append("-icount rows: one run each under %s" % " ".join(ICOUNT))
        out.append("(guest s = instructions, 1 ns each; the same to 10 us "
                   "in every run).")
    out.append("See docs/testing.md.")
    return out


def med(row, i):
    return statistics.median(r[i] for r in row["runs"])


def table(rows, runs, icount):
    qemu = subprocess.run(["qemu-system-x86_64", "--version"],
                          stdout=subprocess.PIPE).stdout.decode()
    qemu = qemu.splitlines()[0].replace("QEMU emulator version ", "QEMU ")
    out = ["PVX boot benchmark: %s booted to its banner, median of %d runs"
           % (os.path.relpath(rows[0]["kernel"], ROOT), runs),
           "(%s, TCG%s, -cpu max,-smap,-smep,-pku,-la57, %s MiB, 1 vCPU, "
           "%s; %s)" % (qemu, " -icount shift=0,sleep=off" if icount else "",
                        os.environ.get("PVX_MEM", "512"), DOM0_MEM,
                        datetime.date.today().isoformat()),
           ""]
    fmt = "%-22s %9s %9s %10s %9s %9s"
    out.append(fmt % ("system", "wall s", "guest s", "TSC MHz",
                      "wall/Xen", "guest/Xen"))
    out.append(fmt % ("-" * 22, "-" * 9, "-" * 9, "-" * 10, "-" * 9,
                      "-" * 9))
    ref = rows[-1] if not rows[-1]["error"] else None
    for r in rows:
        if r["error"]:
            out.append("%-22s n/a: %s" % (r["label"], r["error"]))
            continue
        w, g, mhz = med(r, 0), med(r, 1), med(r, 2)
        rw = "%.2f" % (w / med(ref, 0)) if ref else "n/a"
        rg = "%.2f" % (g / med(ref, 1)) if ref else "n/a"
        out.append("%-22s %9.3f %9.3f %10.3f %9s %9s" %
                   (r["label"], w, g, mhz, rw, rg))
    out.append("")
    out.append("wall s: host seconds from QEMU start to the banner line. "
               "guest s: banner tsc / calibrated TSC")
    out.append("(guest time since CPU reset, firmware and GRUB included). "
               "Lower is faster. See docs/testing.md.")
    return out


def linux_rows(args, xen, xen_err, detail):
    """Fetch the kernel, build the initramfs, boot both; the table lines.
    Every run goes to DETAIL."""
    runs = args.linux_runs or args.runs
    pvx_label, xen_label = "PVX (pv-shim)", "Xen 4.17 dom0"
    why = linux_boot.prepare()
    if why:
        err = "%s: %s" % (why[0], (why[1] or [""])[-1])
        rows = [{"label": l, "runs": [], "error": err, "hv": "?"}
                for l in (pvx_label, xen_label)]
        return linux_table(rows, runs, [])
    # PVX and Xen take turns, so slow drifts in host load (which the
    # guest clock follows under plain TCG) hit both rows alike.
    groups = [[], []]
    for g, extra, n, sfx in ((0, [], runs, ""), (1, ICOUNT, 1, "-icount")):
        if g and args.no_linux_icount:
            continue
        groups[g] = [linux_row(pvx_label, linux_boot.cases()[0],
                               "pvx" + sfx),
                     linux_row(xen_label, linux_boot.xen_cases(xen)[0],
                               "xen" + sfx) if xen else
                     {"label": xen_label, "runs": [], "error": xen_err,
                      "hv": engine.XEN_CMDLINE}]
        for _ in range(n):
            for r in groups[g]:
                linux_run(r, extra)
    detail += ["", "Every Linux run (/init s, init uptime s, wall s, "
               "wall k, domain MiB):"]
    for g, sfx in ((groups[0], ""), (groups[1], " -icount")):
        for r in g:
            detail.append("  %-21s %s" % (r["label"] + sfx, "; ".join(
                "%.3f %.2f %.3f %.3f %s" % (a, b, c, d, "%.0f" % e if e
                                            else "?")
                for a, b, c, d, e in r["runs"]) or r["error"]))
    return linux_table(groups[0], runs, groups[1])


def main():
    # The boot and operation rows compare one-CPU machines (docs/testing.md);
    # qemu.sh's default is two CPUs.  PVX_SMP=2 make bench changes that.
    os.environ.setdefault("PVX_SMP", "1")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", "--runs", type=int, default=3)
    ap.add_argument("--icount", action="store_true",
                    help="instruction-counted guest clock (deterministic)")
    ap.add_argument("--kernel", default=os.path.join(ROOT, "build",
                                                     "dom0.elf"))
    ap.add_argument("--ops-only", action="store_true",
                    help="only the operation costs, not the boot rows")
    ap.add_argument("--no-linux", action="store_true",
                    help="skip the Linux boot rows")
    ap.add_argument("--linux-runs", type=int, default=None,
                    help="Linux boots per hypervisor (default: RUNS)")
    ap.add_argument("--no-linux-icount", action="store_true",
                    help="skip the Linux boots under -icount")
    args = ap.parse_args()
    extra = ICOUNT if args.icount else []
    kernel = os.path.abspath(args.kernel)
    hv = os.path.join(ROOT, "build", "hypervisor.elf")
    for f in [hv, HCALL_KERNEL] + ([] if args.ops_only else [kernel]):
        if not os.path.isfile(f):
            print("bench.py: %s not built (make all)" % f, file=sys.stderr)
            return 1
    try:
        xen, xen_err = engine.fetch_xen(), None
    except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
        xen, xen_err = None, "Xen package unavailable: %s" % e
    xen_label = "Xen 4.17 (Debian)"
    lines, detail = [], []

    if not args.ops_only:
        rows = [measure("PVX", hv, "console=com1 loglvl=info " + DOM0_MEM,
                        kernel, PVX_MHZ, args.runs, extra)]
        rows.append(measure(xen_label, xen, engine.XEN_CMDLINE
                            .replace("dom0_mem=256M", DOM0_MEM)
                            .replace(" loglvl=all guest_loglvl=all", ""),
                            kernel, XEN_MHZ, args.runs, extra) if xen else
                    {"label": xen_label, "runs": [], "error": xen_err})
        for r in rows:
            r["kernel"] = kernel
        lines = table(rows, args.runs, args.icount) + ["", ""]
        detail = ["", "Every boot run (wall s, guest s, MHz):"]
        for r in rows:
            detail.append("  %-20s %s" % (r["label"], "; ".join(
                "%.3f %.3f %.3f" % x for x in r["runs"]) or r["error"]))

    ops = [hcall_run("PVX", hv, "console=com1 loglvl=info bench=syscall " +
                     DOM0_MEM)]
    ops.append(hcall_run(xen_label, xen, engine.XEN_CMDLINE) if xen else
               {"label": xen_label, "figures": {}, "error": xen_err})
    lines += hcall_table(ops)

    if os.path.isfile(DOMAINS_KERNEL) and os.path.isfile(DOMAINS_RAMDISK):
        dargs = dict(kernel=DOMAINS_KERNEL, what="domains",
                     ramdisk=DOMAINS_RAMDISK, kargs="dom0 bench",
                     done="DOMAINS ", ok="DOMAINS BENCH DONE")
        dom = [hcall_run("PVX", hv, "console=com1 loglvl=info " + DOM0_MEM,
                         **dargs)]
        dom.append(hcall_run(xen_label, xen, engine.XEN_CMDLINE, **dargs)
                   if xen else
                   {"label": xen_label, "figures": {}, "error": xen_err})
        lines += [""] + domains_table(dom)
        for r in dom:
            detail.append("  %-20s %s" % (r["label"], ", ".join(
                "%s %.2f" % kv for kv in r["figures"].items()) or r["error"]))
    detail += ["", "Every operation figure (ticks per op, as printed):"]
    for r in ops:
        detail.append("  %-20s %s" % (r["label"], ", ".join(
            "%s %.2f" % kv for kv in r["figures"].items()) or r["error"]))

    sw = [hcall_run("PVX", hv, "console=com1 loglvl=info " + DOM0_MEM +
                    CTXSW_HV, CTXSW_KERNEL, "ctxsw", qemu_extra=CTXSW_QEMU)]
    sw.append(hcall_run(xen_label, xen, engine.XEN_CMDLINE + CTXSW_HV,
                        CTXSW_KERNEL, "ctxsw", qemu_extra=CTXSW_QEMU)
              if xen else
              {"label": xen_label, "figures": {}, "error": xen_err})
    lines += ["", ""] + ctxsw_table(sw)
    for r in sw:
        detail.append("  %-20s %s" % (r["label"] + " ctxsw", ", ".join(
            "%s %.2f" % kv for kv in r["figures"].items()) or r["error"]))

    if not (args.ops_only or args.no_linux):
        lines += ["", ""] + linux_rows(args, xen, xen_err, detail)
    if not args.ops_only:
        lines += ["", ""] + xl_bench.rows(args.runs)

    print("\n".join(lines))
    os.makedirs(os.path.join(ROOT, "build"), exist_ok=True)
    with open(os.path.join(ROOT, "build", "bench.txt"), "w") as f:
        f.write("\n".join(lines + detail) + "\n")
    return 0 if not ops[0]["error"] else 1

if __name__ == "__main__":
    sys.exit(main())
