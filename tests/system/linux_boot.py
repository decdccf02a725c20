"""System test: Debian's stock cloud kernel boots on PVX into userspace.

PVX boots build/linux/vmlinux (Debian's linux-image-6.1*-cloud-amd64, a
domU-only Xen PV kernel, fetched by scripts/linux-image.py) as its first
domain with build/linux/initramfs.cpio (tests/linux/mkinitramfs.py) as the
ramdisk and `pvxtest=1` on the kernel command line.  The initramfs's /init
(tests/linux/init) then forks and execs, takes signals, faults in user
memory, sleeps one second, reads /proc/uptime and /sys/hypervisor/type,
round-trips a file through tmpfs, prints `PVXTEST <step> ok` per step and
powers off.  The case passes when every step line appears in order, none
says FAIL, the kernel does not panic and QEMU exits 0.

tests/run_all.py runs it as the `system` stage: `run_all.py --system`,
and in the default run once ON_BY_DEFAULT is True (or PVX_LINUX_TEST=1 in
the environment; PVX_LINUX_TEST=0 turns it off).  `run_all.py --xen
--system` boots the same kernel and initramfs on real Xen 4.17 instead.
"""

import os
import subprocess

from engine import Case, ROOT

# Flip to True once the hypervisor boots the kernel to `PVXTEST done`.
ON_BY_DEFAULT = True

NAME = "system/linux-boot"
VMLINUX = "build/linux/vmlinux"
INITRAMFS = "build/linux/initramfs.cpio"
# pv-shim: build the first domain as a plain domU with a ring-0 console
# (the kernel's notes claim dom0 support it was built without).
HV_ARGS = "console=com1 loglvl=info pv-shim"
# panic=-1: a panicking kernel reboots at once (status 3) instead of
# leaving the watchdog to find it.
KERNEL_ARGS = "console=hvc0 earlyprintk=xen pvxtest=1 panic=-1"
# Under TCG real Xen needs 8 to 14 s of guest time to reach /init; allow
# for a slow machine, a first boot of new hypervisor code and the script.
TIMEOUT = 600

# The steps of tests/linux/init, in the order it runs them.
STEPS = ["console", "mounts", "exec", "signals", "memory", "sleep", "uptime",
         "hypervisor", "tmpfs"]
PVX = r"\(PVX\) "


def enabled_by_default():
    env = os.environ.get("PVX_LINUX_TEST")
    if env in ("0", "1"):
        return env == "1"
    return ON_BY_DEFAULT


def prepare():
    """Fetch (or reuse) the kernel and build the initramfs.  Returns None,
    or the reason it could not be done (e.g. no network) and its output."""
    for cmd in (["python3", "scripts/linux-image.py", "-q"],
                ["python3", "tests/linux/mkinitramfs.py",
                 os.path.join(ROOT, INITRAMFS)]):
        p = subprocess.run(cmd, cwd=ROOT, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if p.returncode:
            out = p.stdout.decode(errors="replace").strip().splitlines()
            return "%s failed" % " ".join(cmd[1:2]), out[-10:]
    return None


def cases():
    def case(name, hv_args, extra, qemu_args=()):
        return Case(name, VMLINUX, hv_cmdline=hv_args,
                    kernel_cmdline=KERNEL_ARGS, ramdisk=INITRAMFS,
                    expect=extra + [r"PVXTEST start: init at uptime"] +
                    [r"PVXTEST %s ok" % s for s in STEPS] +
                    [r"PVXTEST done: 0 failed"],
                    reject=[r"PVXTEST \S+ FAIL", r"Kernel panic",
                            PVX + "FATAL", PVX + "dom0 crashed"],
                    status=0, timeout=TIMEOUT, qemu_args=list(qemu_args))
    # The same boot with two vCPUs on one CPU (maxcpus=1): Linux brings up
    # its second vCPU (VCPUOP_initialise/up, IPIs over event channels) ...
    # and on two CPUs, one vCPU each, running at once.
    return [case(NAME, HV_ARGS, []),
            case(NAME + "-smp2", HV_ARGS + " maxcpus=1 dom0_max_vcpus=2",
                 [r"smp: Brought up 1 node, 2 CPUs"]),
            case(NAME + "-2cpu", HV_ARGS,
                 [PVX + r"smp: 2 CPUs online",
                  r"smp: Brought up 1 node, 2 CPUs"], ["-smp", "2"])]


def xen_cases(xen):
    """The same boot on real Xen 4.17 (the oracle).  Xen builds this
    domU-only kernel as dom0, which gets no console ring: there is no hvc0
    and init writes through /dev/kmsg (shown by earlyprintk=xen), so the
    console step is expected to fail there and only that one."""
    import engine
    out = []
    for c in cases()[:1]:               # Xen's dom0 has a vCPU per CPU
        c = engine.on_xen(c, xen)
        c.expect = [r for r in c.expect if "console ok" not in r]
        c.expect[-1] = r"PVXTEST done: 1 failed"
        c.reject = [r"PVXTEST (?!console )\S+ FAIL", r"Kernel panic"]
        out.append(c)
    return out
