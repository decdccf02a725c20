# dom0/builder/ and dom0/archive.c: the domain builder and the ramdisk
# reader, linked into dom0.elf and into any dom0-class kernel through
# $(DOM0_LIB_OBJS).  The builder compiles ring 0's ELF parser and layout
# arithmetic again for dom0 (build/dom0/shared/), so each exists once.
# Also assembles dom0's ramdisk, build/dom0-ramdisk.cpio, from
# DOM0_ARCHIVE_FILES: `archive/path=host/path` pairs that other fragments
# append to (kernels under boot/, configs under etc/xen/).

DOM0_LIB_OBJS := $(addprefix $(BUILD)/dom0/, \
    archive.o builder/build.o builder/image.o shared/elf.o \
    shared/dom0_layout.o)

DOM0_LIB_CFLAGS := -Idom0/include -iquote hypervisor/include

$(DOM0_LIB_OBJS): private GUEST_CFLAGS += $(DOM0_LIB_CFLAGS)

$(BUILD)/dom0/shared/%.o: hypervisor/common/%.c | $(ASM_CONSTS_H)
	$(guest_cc)

$(BUILD)/dom0.elf: $(DOM0_LIB_OBJS)

-include $(DOM0_LIB_OBJS:.o=.d)

# The ramdisk: rebuilt when a listed file or the list changes (the list
# is recorded, so removing a pair also rebuilds).
DOM0_RAMDISK := $(BUILD)/dom0-ramdisk.cpio
DOM0_ARCHIVE_FILES ?=
DOM0_ARCHIVE_HOST = $(foreach p,$(DOM0_ARCHIVE_FILES),$(lastword $(subst =, ,$(p))))
DOM0_ARCHIVE_LIST := $(BUILD)/dom0-ramdisk.list

.PHONY: dom0-ramdisk-list
$(DOM0_ARCHIVE_LIST): dom0-ramdisk-list
	@mkdir -p $(@D)
	@echo '$(DOM0_ARCHIVE_FILES)' | cmp -s - $@ || \
	    echo '$(DOM0_ARCHIVE_FILES)' > $@

$(DOM0_RAMDISK): $(DOM0_ARCHIVE_LIST) scripts/mkcpio.py \
        $$(DOM0_ARCHIVE_HOST)
	$(PYTHON) scripts/mkcpio.py $@ $(DOM0_ARCHIVE_FILES)
