# tests/system/domains/: the issue-5 system test's kernels.  dom0.elf is a
# dom0-class kernel linking the builder library; guest.elf, the guests it
# builds, goes into dom0's ramdisk as boot/domains-guest.elf.  Driven by
# tests/system/domains.py (run_all.py --system).

DOMAINS_DIR  := $(BUILD)/tests/domains
DOMAINS_DOM0 := $(DOMAINS_DIR)/dom0.elf
DOMAINS_GUEST := $(DOMAINS_DIR)/guest.elf

DOM0_ARCHIVE_FILES += boot/domains-guest.elf=$(DOMAINS_GUEST)

.PHONY: domains-kernels
domains-kernels: $(DOMAINS_DOM0) $(DOMAINS_GUEST) $(DOM0_RAMDISK)
all: domains-kernels

$(DOMAINS_DIR)/%.o: private GUEST_CFLAGS += $(DOM0_LIB_CFLAGS)

$(DOMAINS_DIR)/%.o: tests/system/domains/%.c | $(ASM_CONSTS_H)
	$(guest_cc)

$(DOMAINS_DOM0): $(DOMAINS_DIR)/dom0.o $(DOM0_LIB_OBJS) $(PV_GUEST_OBJS) \
        $(PV_GUEST_LDS)
	$(pv_guest_link)

$(DOMAINS_GUEST): $(DOMAINS_DIR)/guest.o $(PV_GUEST_OBJS) $(PV_GUEST_LDS)
	$(pv_guest_link)

-include $(DOMAINS_DIR)/dom0.d $(DOMAINS_DIR)/guest.d
.SECONDARY: $(DOMAINS_DIR)/dom0.o $(DOMAINS_DIR)/guest.o
