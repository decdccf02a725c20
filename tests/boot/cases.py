"""QEMU boot tests for PVX, as data.

Each Case boots build/hypervisor.elf (GRUB multiboot2 ISO, scripts/qemu.sh)
with one kernel as dom0 and checks the serial log and QEMU's exit status.
tests/boot/engine.py does the work; tests/run_all.py runs the list.

Fields (see engine.Case):
  name       unique, used for build/iso/<name>.iso and build/logs/<name>.log
  kernel     path relative to the repo root
  hv_cmdline hypervisor command line (the multiboot2 line after the file)
  kernel_cmdline  the dom0 module string (GRUB passes it verbatim)
  ramdisk    optional second module
  expect     regexes that must all appear in the serial log, in this order
  reject     regexes that must not appear anywhere
  status     QEMU's expected exit status (see below)
  timeout    seconds before the watchdog calls the boot hung

Exit statuses (the hypervisor's contract, through isa-debug-exit and ACPI):
  0 dom0 powered off, 3 reboot, 5 suspend, 7 dom0 crashed, 9 watchdog,
  33 FATAL boot error.

To add a case, append a Case below; nothing else needs to change.
"""

from engine import Case

# Every hypervisor log line starts with this; escaped for use in a regex.
PVX = r"\(PVX\) "

HV = "console=com1 loglvl=info"
# "poweroff": dom0 stops after its boot checks instead of prompting.
DOM0_ARGS = "dom0 console=hvc0 poweroff"

BANNER = r"PVX dom0: hello from the PV kernel \(tsc=\d+\)"
ALL_PASSED = r"PVX dom0: all checks passed"

# Nothing that is meant to boot may die on the way.
BOOTS_CLEAN = [PVX + "FATAL", PVX + "dom0 crashed", r"(?i)\bpanic\b"]
# A refused image must never start running.
NEVER_STARTS = [BANNER, PVX + "dom0 crashed"]

# After the crash line: the fault's name and the RIP register, either order
# (the name may be in the crash line itself).
FAULT_NAMED_WITH_REGISTERS = \
    r"(?is)(page fault|#PF).*\brip\b|\brip\b.*(page fault|#PF)"


def fatal(name, kernel, reason, hv=HV):
    """A boot that must stop with one FATAL line and status 33."""
    return Case(name, kernel, hv_cmdline=hv, kernel_cmdline=DOM0_ARGS,
                expect=[PVX + "FATAL: " + reason], reject=NEVER_STARTS,
                status=33, timeout=30)


CASES = [
    # The default stack: dom0 prints its banner, runs its self-checks and
    # powers off (ACPI S5, QEMU exits 0).
    Case("dom0", "build/dom0.elf", hv_cmdline=HV, kernel_cmdline=DOM0_ARGS,
         expect=[BANNER, ALL_PASSED], reject=BOOTS_CLEAN, status=0,
         timeout=60),

    # The calibration line make bench reads, printed before dom0 starts.
    Case("dom0-tsc-line", "build/dom0.elf", hv_cmdline=HV,
         kernel_cmdline=DOM0_ARGS,
         expect=[PVX + r"tsc: \d+\.\d{3} MHz", BANNER],
         reject=BOOTS_CLEAN, status=0, timeout=60),

    # Every documented command-line option at once still boots dom0.
    Case("dom0-options", "build/dom0.elf",
         hv_cmdline="console=com1 loglvl=debug mem=256M dom0_mem=64M",
         kernel_cmdline=DOM0_ARGS,
         expect=[BANNER, ALL_PASSED], reject=BOOTS_CLEAN, status=0,
         timeout=60),

    # An independent assembly PV kernel (no pv-guest code) boots too.
    Case("minimal", "build/tests/kernels/minimal.elf", hv_cmdline=HV,
         kernel_cmdline="",
         expect=[r"minimal: hello from an independent PV kernel"],
         reject=BOOTS_CLEAN, status=0, timeout=60),

    # A kernel whose notes deny dom0 support (as Debian's cloud kernel's do)
    # runs unprivileged on a console ring ring 0 serves from the serial
    # port, as Xen's PV shim would; Xen itself refuses it as dom0.
    Case("ring-console", "build/tests/kernels/ring_console.elf",
         hv_cmdline=HV, kernel_cmdline="",
         expect=[PVX + r"dom0: kernel without dom0 support",
                 r"ring_console: hello through the console ring"],
         reject=BOOTS_CLEAN, status=0, timeout=60),

    # pv-shim (Xen's option) starts even a dom0-capable kernel unprivileged:
    # start_info.flags must then be 0.
    Case("pv-shim", "build/dom0.elf", hv_cmdline=HV + " pv-shim",
         kernel_cmdline=DOM0_ARGS,
         expect=[PVX + r"dom0: pv-shim: running it unprivileged",
                 r"flags +0\b", ALL_PASSED],
         reject=BOOTS_CLEAN, status=0, timeout=60),

    # The domctl conformance kernel started unprivileged: every control
    # operation is refused (guest:domctl checks the privileged side).
    Case("domctl-unpriv", "build/tests/guest/domctl.elf",
         hv_cmdline=HV + " pv-shim",
         expect=[r"unprivileged: every control operation refused",
                 r"Test result: SUCCESS"],
         reject=BOOTS_CLEAN, status=0, timeout=60),

    # CPU bring-up: one, two and four CPUs (nothing may assume two), and
    # maxcpus= leaving some of them offline.  dom0 gets one vCPU per CPU.
    Case("smp1", "build/dom0.elf", hv_cmdline=HV, kernel_cmdline=DOM0_ARGS,
         expect=[PVX + r"smp: 1 CPU online", BANNER, ALL_PASSED],
         reject=BOOTS_CLEAN + [PVX + r"CPU\d+ up"], status=0, timeout=60,
         qemu_args=["-smp", "1"]),
    Case("smp2", "build/dom0.elf", hv_cmdline=HV, kernel_cmdline=DOM0_ARGS,
         expect=[PVX + r"CPU1 up \(APIC id 1\)", PVX + r"smp: 2 CPUs online",
                 BANNER, ALL_PASSED],
         reject=BOOTS_CLEAN + [r"did not start"], status=0, timeout=60,
         qemu_args=["-smp", "2"]),
    Case("smp4", "build/dom0.elf", hv_cmdline=HV, kernel_cmdline=DOM0_ARGS,
         expect=[PVX + r"CPU1 up", PVX + r"CPU2 up", PVX + r"CPU3 up",
                 PVX + r"smp: 4 CPUs online", BANNER, ALL_PASSED],
         reject=BOOTS_CLEAN + [r"did not start"], status=0, timeout=90,
         qemu_args=["-smp", "4"]),
    Case("smp4-maxcpus2", "build/dom0.elf", hv_cmdline=HV + " maxcpus=2",
         kernel_cmdline=DOM0_ARGS,
         expect=[PVX + r"CPU1 up", PVX + r"smp: 2 CPUs online", BANNER,
                 ALL_PASSED],
         reject=BOOTS_CLEAN + [PVX + r"CPU2 up"], status=0, timeout=60,
         qemu_args=["-smp", "4"]),

    # Images the dom0 builder must refuse, each for its own reason.
    fatal("bad-not-elf64", "build/tests/kernels/not-elf64.bin",
          r"dom0 kernel: not an ELF64 x86-64 executable"),
    fatal("bad-no-notes", "build/tests/kernels/no-notes.elf",
          r"dom0 kernel: no Xen ELF notes"),
    fatal("bad-overlap", "build/tests/kernels/overlap.elf",
          r"dom0 kernel: PT_LOAD segments overlap"),
    fatal("bad-too-big", "build/tests/kernels/too-big.elf",
          r"dom0 kernel: does not fit in dom0 memory"),

    # mem=1M caps usable RAM below anything the hypervisor can run in.
    fatal("no-usable-memory", "build/dom0.elf",
          r"multiboot: no usable memory", hv="console=com1 mem=1M"),

    # A fault with no trap table installed crashes dom0 (status 7) ...
    Case("fault-early", "build/tests/kernels/fault-early.elf", hv_cmdline=HV,
         kernel_cmdline="",
         expect=[r"fault-early: reading VA 0", PVX + "dom0 crashed: "],
         reject=[r"fault-early: FAILED", PVX + "FATAL"],
         status=7, timeout=60),

    # ... and the crash report names the fault and shows the registers.
    Case("fault-early-report", "build/tests/kernels/fault-early.elf",
         hv_cmdline=HV, kernel_cmdline="",
         expect=[PVX + "dom0 crashed: ", FAULT_NAMED_WITH_REGISTERS],
         reject=[r"fault-early: FAILED"], status=7, timeout=60),
]
