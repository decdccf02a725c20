"""System test: Debian's stock Linux as a domU, created with xl.

dom0's archive holds build/linux/vmlinux and initramfs.cpio (the pair
tests/system/linux_boot.py boots; scripts/linux-image.py and
tests/linux/mkinitramfs.py make them) and tests/system/linux/linux.cfg.
At the prompt: `xl create -c etc/xen/linux.cfg` builds it with dom0's
builder; its console is hvc0 on the console ring dom0 serves (not
console_io) and it finds xenstore through start_info.  The test waits for
the initramfs's busybox shell through `xl console`, runs a command in it,
detaches with Ctrl-], then `xl shutdown linux`: Linux sees
control/shutdown = poweroff, powers off, and xl destroys the domain
(on_poweroff=destroy).  Steps (one PASS/FAIL line each):
  boot      the shell prompt on hvc0, `echo $((6*7))` answers 42 and
            /sys/hypervisor/type is xen; after Ctrl-], `xl vcpu-pin`
            moves its vCPU to CPU 1, then 0, and each time `xl console
            linux` reaches the same shell, whose `sleep 1` returns
  shutdown  xl shutdown: reason code 0, the domain is gone from xl list
            (no "(null)" dying domain left), xl info's free_memory is
            what it was before create
Linux's INIT_P2M note puts its p2m outside the initial region: dom0's
builder maps it there with tables of its own, as libxenguest does.
run_all.py's system stage runs it after xl_prompt.py; by hand:
`python3 tests/system/xl_linux.py [FILTER]`.
"""

import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import xl_prompt  # noqa: E402

NAME = "system/xl-linux"
ROOT = xl_prompt.ROOT
VMLINUX = os.path.join(ROOT, "build", "linux", "vmlinux")
INITRAMFS = os.path.join(ROOT, "build", "linux", "initramfs.cpio")
HV_ARGS = "console=com1 loglvl=info dom0_mem=192M"
MEM = 768                   # MiB for QEMU: dom0, the archive, Linux's 256
BOOT_TIMEOUT = 600          # Linux to its shell under TCG, generously


def prepare():
    for cmd in (["python3", "scripts/linux-image.py", "-q"],
                ["python3", "tests/linux/mkinitramfs.py", INITRAMFS]):
        p = subprocess.run(cmd, cwd=ROOT, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if p.returncode:
            return "%s failed" % cmd[1]
    return None


def free_memory(s):
    """xl info's free_memory (MiB)."""
    m = re.search(r"free_memory\s+: (\d+)", s.cmd("xl info"))
    xl_prompt.check(m, "xl info has no free_memory")
    return int(m.group(1))


def boot(log):
    """Fetch the kernel, build the ISO and boot it: (Serial, None), or
    (None, why not)."""
    why = prepare()
    if why:
        return None, why
    files = {"boot/vmlinux": VMLINUX, "boot/initramfs.cpio": INITRAMFS,
             "etc/xen/linux.cfg": os.path.join(HERE, "linux", "linux.cfg")}
    os.makedirs(os.path.dirname(log), exist_ok=True)
    try:
        iso = xl_prompt.make_iso("xl-linux", files, HV_ARGS)
    except (OSError, subprocess.CalledProcessError) as e:
        return None, "cannot build the ISO: %s" % e
    return xl_prompt.Serial(iso, log, mem=MEM), None


def run(tally, flt=None):
    if flt and not re.search(flt, NAME):
        return
    log = os.path.join(xl_prompt.BUILD, "logs", "system-xl-linux.log")
    s, why = boot(log)
    if not s:
        tally.line(False, NAME, why)
        return
    detail = ["(log: %s)" % log]
    booted = False
    try:
        s.expect(re.escape(xl_prompt.PROMPT), xl_prompt.BOOT_TIMEOUT)
        free0 = free_memory(s)
        s.send("xl create -c etc/xen/linux.cfg\r")
        s.expect(r"Parsing config from etc/xen/linux.cfg")
        s.expect(r"busybox shell on the console", BOOT_TIMEOUT)
        s.expect(r"pvx:/# ", 60)
        s.send("echo $((6*7)) $(cat /sys/hypervisor/type)\r")
        s.expect(r"\n42 xen\n", 60)
        s.send("\x1d")
        s.expect(re.escape(xl_prompt.PROMPT))
        # Pinned to the other CPU, back in through xl console: the same
        # shell answers, its timers (sleep) working where it now runs.
        for cpu in ("1", "0"):
            s.cmd("xl vcpu-pin linux 0 %s" % cpu)
            xl_prompt.check(xl_prompt.vcpu_row(s, "linux") ==
                            (cpu, "%s / all" % cpu),
                            "linux pinned to %s: %r" %
                            (cpu, xl_prompt.vcpu_row(s, "linux")))
            s.send("xl console linux\r")
            s.send("\r")
            s.expect(r"pvx:/# ", 60)
            s.send("sleep 1; echo cpu%s-$((40+2)) "
                   "$(cat /proc/sys/kernel/hostname)\r" % cpu)
            s.expect(r"\ncpu%s-42 " % cpu, 60)
            s.send("\x1d")
            s.expect(re.escape(xl_prompt.PROMPT))
        booted = True
        tally.line(True, NAME + "-boot")
        rows = xl_prompt.xl_list(s)
        xl_prompt.check("linux" in rows, "linux not listed: %r" % rows)
        out = s.cmd("xl shutdown linux")
        xl_prompt.check("Shutting down domain" in out, out)
        s.expect(r"Domain \d+ has shut down, reason code 0 0x0", 120)
        xl_prompt.wait_for("linux to go",
                           lambda: xl_prompt.gone(s, "linux"))
        free1 = free_memory(s)
        xl_prompt.check(free1 == free0, "free_memory %d MiB before create, "
                        "%d after shutdown" % (free0, free1))
        tally.line(True, NAME + "-shutdown")
        s.send("poweroff\r")
    except AssertionError as e:
        tally.line(False, NAME + ("-shutdown" if booted else "-boot"),
                   str(e), detail)
    finally:
        s.close(30)


if __name__ == "__main__":
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    from run_all import Tally
    t = Tally()
    run(t, sys.argv[1] if len(sys.argv) > 1 else None)
    print("%d passed, %d failed" % (t.passed, t.failed))
    sys.exit(1 if t.failed else 0)
