# pv-guest/demo/: the default guest program, build/demo.elf, shipped in
# dom0's ramdisk as boot/demo.elf.

DEMO_ELF  := $(BUILD)/demo.elf
DEMO_OBJS := $(BUILD)/pv-guest/demo/main.o

DOM0_ARCHIVE_FILES += boot/demo.elf=$(DEMO_ELF)

$(DEMO_ELF): $(DEMO_OBJS) $(PV_GUEST_OBJS) $(PV_GUEST_LDS)
	$(pv_guest_link)

all: $(DEMO_ELF)

-include $(DEMO_OBJS:.o=.d)
