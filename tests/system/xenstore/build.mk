# tests/system/xenstore/: the issue-6 system test's dom0-class kernel,
# linking the builder and dom0's services; the guests are build/demo.elf
# and evil.elf (boot/xenstore-evil.elf), a guest that breaks its ring,
# from dom0's ramdisk.  Driven by tests/system/xenstore.py.

XSTEST_DIR  := $(BUILD)/tests/xenstore
XSTEST_DOM0 := $(XSTEST_DIR)/dom0.elf
XSTEST_EVIL := $(XSTEST_DIR)/evil.elf

DOM0_ARCHIVE_FILES += boot/xenstore-evil.elf=$(XSTEST_EVIL)

.PHONY: xenstore-kernels
xenstore-kernels: $(XSTEST_DOM0) $(XSTEST_EVIL) $(DOM0_RAMDISK)
all: xenstore-kernels

$(XSTEST_DIR)/%.o: private GUEST_CFLAGS += $(DOM0_LIB_CFLAGS) -D__XEN_TOOLS__

$(XSTEST_DIR)/%.o: tests/system/xenstore/%.c | $(ASM_CONSTS_H)
	$(guest_cc)

$(XSTEST_DOM0): $(XSTEST_DIR)/dom0.o $(DOM0_LIB_OBJS) $(DOM0_SERVICE_OBJS) \
        $(PV_GUEST_OBJS) $(PV_GUEST_LDS)
	$(pv_guest_link)

$(XSTEST_EVIL): $(XSTEST_DIR)/evil.o $(PV_GUEST_OBJS) $(PV_GUEST_LDS)
	$(pv_guest_link)

-include $(XSTEST_DIR)/dom0.d $(XSTEST_DIR)/evil.d
.SECONDARY: $(XSTEST_DIR)/dom0.o $(XSTEST_DIR)/evil.o
