# tests/system/xenstore/: the issue-6 system test's dom0-class kernel,
# linking the builder and dom0's services; the guest is build/demo.elf
# from dom0's ramdisk.  Driven by tests/system/xenstore.py.

XSTEST_DIR  := $(BUILD)/tests/xenstore
XSTEST_DOM0 := $(XSTEST_DIR)/dom0.elf

.PHONY: xenstore-kernels
xenstore-kernels: $(XSTEST_DOM0) $(DOM0_RAMDISK)
all: xenstore-kernels

$(XSTEST_DIR)/%.o: private GUEST_CFLAGS += $(DOM0_LIB_CFLAGS) -D__XEN_TOOLS__

$(XSTEST_DIR)/%.o: tests/system/xenstore/%.c | $(ASM_CONSTS_H)
	$(guest_cc)

$(XSTEST_DOM0): $(XSTEST_DIR)/dom0.o $(DOM0_LIB_OBJS) $(DOM0_SERVICE_OBJS) \
        $(PV_GUEST_OBJS) $(PV_GUEST_LDS)
	$(pv_guest_link)

-include $(XSTEST_DIR)/dom0.d
.SECONDARY: $(XSTEST_DIR)/dom0.o
