# tests/linux/: a stock Debian kernel on PVX (issue 4).  Everything lands in
# build/linux/: vmlinux + VERSION + config (scripts/linux-image.py, Debian's
# linux-image-6.1*-cloud-amd64 via apt-get download), initramfs.cpio
# (mkinitramfs.py: busybox-static + tests/linux/init) and linux.iso.
#
#   make run-linux                     busybox shell on the guest console
#   make run-linux LINUX_ARGS='console=hvc0 earlyprintk=xen pvxtest=1'
#   make run-linux LINUX_HV_ARGS='console=com1 loglvl=all pv-shim'
#
# The kernel has CONFIG_XEN_DOM0 unset but its notes claim dom0 support, so
# the hypervisor is told with `pv-shim` (Xen's name) to build it as a plain
# domU: its console is hvc0, the domU ring in start_info, served by ring 0.
# earlyprintk=xen adds the xenboot console (console_io first, the ring if
# that fails) for the messages before hvc0 is up.

LINUX_DIR       := $(BUILD)/linux
LINUX_VMLINUX   := $(LINUX_DIR)/vmlinux
LINUX_INITRAMFS := $(LINUX_DIR)/initramfs.cpio
LINUX_ISO       := $(LINUX_DIR)/linux.iso
LINUX_HV_ARGS   ?= console=com1 loglvl=info pv-shim
LINUX_ARGS      ?= console=hvc0 earlyprintk=xen

.PHONY: linux linux-image linux-initramfs run-linux

# Both scripts are fast no-ops when their output is current, and never
# touch an unchanged file, so the phony targets cost nothing.
linux-image:
	@$(PYTHON) scripts/linux-image.py -q

linux-initramfs:
	@$(PYTHON) tests/linux/mkinitramfs.py $(LINUX_INITRAMFS)

linux: linux-image linux-initramfs

# The ISO is rebuilt on every run so LINUX_ARGS / LINUX_HV_ARGS given on
# the make command line always take effect (a couple of seconds).
run-linux: deps
	$(MAKE) $(BUILD)/hypervisor.elf linux
	scripts/mkiso.sh $(LINUX_ISO) $(BUILD)/hypervisor.elf "$(LINUX_HV_ARGS)" \
	    $(LINUX_VMLINUX) "$(LINUX_ARGS)" $(LINUX_INITRAMFS)
	scripts/qemu.sh $(LINUX_ISO)
