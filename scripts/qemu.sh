#!/bin/sh
# qemu.sh: the one place PVX's QEMU command line lives.
#
#   scripts/qemu.sh ISO [extra qemu args...]
#
# TCG only (the dev machines' KVM is pagetable-based PVM and hangs nested
# hypervisors).  SMAP, SMEP, PKU and LA57 are hidden: with them exposed,
# real Xen 4.17's PV dom0 faults at once under TCG, and PVX matches Xen's
# view of the CPU so the two can be compared.  The serial port is on stdio;
# the hypervisor's result comes back as QEMU's exit status through
# isa-debug-exit (status = (value << 1) | 1) or ACPI poweroff (0).
#
# Environment: PVX_MEM (MiB, default 512), PVX_SMP (CPUs, default 2),
# PVX_CPU (default max,-smap,-smep,-pku,-la57), PVX_QEMU (binary).
set -eu

if [ $# -lt 1 ]; then
    echo "usage: $0 ISO [extra qemu args...]" >&2
    exit 2
fi
iso=$1
shift
[ -f "$iso" ] || { echo "qemu.sh: no such ISO: $iso" >&2; exit 2; }
qemu=${PVX_QEMU:-qemu-system-x86_64}
command -v "$qemu" >/dev/null 2>&1 || {
    echo "qemu.sh: $qemu missing (run scripts/deps.sh, or apt-get install qemu-system-x86)" >&2
    exit 2
}

# exec: QEMU's exit status is ours, and signals reach QEMU directly.
exec "$qemu" \
    -accel tcg \
    -cpu "${PVX_CPU:-max,-smap,-smep,-pku,-la57}" \
    -m "${PVX_MEM:-512}" \
    -smp "${PVX_SMP:-2}" \
    -nographic \
    -no-reboot \
    -monitor none \
    -serial stdio \
    -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
    -boot d \
    -cdrom "$iso" \
    "$@"
