# PVX top-level build: plain GNU Make, one tree, no recursion.
# Each component contributes a fragment (build.mk) with explicit object
# lists; everything lands under build/.  `make help` lists the targets.

BUILD    := build
CC       := gcc
LD       := ld
PYTHON   := python3

# The Xen public headers (Debian libxen-dev) are the single source of truth
# for the ABI.  Without an interface version they silently fall back to the
# legacy interface (pv-abi.md 1.11), so every guest-side build pins 4.14+.
XEN_GUEST_DEFS := -D__XEN_INTERFACE_VERSION__=0x00040e00

WARN := -Wall -Wextra -Werror -Wstrict-prototypes -Wno-unused-parameter

.SECONDEXPANSION:
.PHONY: all help deps run test unit-test boot-test guest-test bench check \
        clean iso
all:

include hypervisor/build.mk
include pv-guest/build.mk
include dom0/build.mk
include dom0/builder/build.mk
include tests/system/domains/build.mk
include tests/guest/build.mk
include tests/kernels/build.mk
include tests/bench/build.mk
include tests/unit/build.mk
include tests/linux/build.mk
include tests/system/build.mk
include dom0/xenstored/build.mk
include dom0/libxs/build.mk
include pv-guest/demo/build.mk
include tests/system/xenstore/build.mk
include tests/xenstored/build.mk

all: $(BUILD)/hypervisor.elf $(BUILD)/dom0.elf guest-kernels test-kernels \
     bench-kernels system-kernels $(BUILD)/pvx.iso

help:
	@echo "make            build hypervisor, dom0, test kernels and build/pvx.iso"
	@echo "make run        boot PVX in QEMU (TCG), serial console on this terminal"
	@echo "make test       unit, boot and conformance tests; ends 'N passed, N failed'"
	@echo "make bench      boot time and PV operation costs, PVX next to Xen 4.17"
	@echo "make check      style check and ring-0 line counts"
	@echo "make run-linux  boot Debian's cloud kernel + busybox initramfs on PVX"
	@echo "make xenstored-test  xenstored unit tests + xenstore-utils conformance"

deps:
	@scripts/deps.sh

$(BUILD)/pvx.iso: $(BUILD)/hypervisor.elf $(BUILD)/dom0.elf scripts/mkiso.sh \
        $(DOM0_RAMDISK)
	scripts/mkiso.sh $@ $(BUILD)/hypervisor.elf "loglvl=info dom0_mem=128M" \
	    $(BUILD)/dom0.elf "dom0 console=hvc0" $(DOM0_RAMDISK)

iso: $(BUILD)/pvx.iso

run: deps
	$(MAKE) all
	scripts/qemu.sh $(BUILD)/pvx.iso

test: deps
	$(MAKE) all
	@$(PYTHON) tests/run_all.py

bench: deps
	$(MAKE) all
	@$(PYTHON) scripts/bench.py

boot-test:
	@$(PYTHON) tests/run_all.py --boot

guest-test:
	@$(PYTHON) tests/run_all.py --guest

check:
	@scripts/check.sh

clean:
	rm -rf $(BUILD)
