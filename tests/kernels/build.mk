# tests/kernels/: kernels for the boot tests, under build/tests/kernels/:
# minimal.elf (independent assembly PV kernel), fault-early.elf (pv-guest
# core, faults before any trap table) and the bad images from mkbad.py.

TEST_KERNELS := $(BUILD)/tests/kernels

BAD_IMAGES := $(addprefix $(TEST_KERNELS)/, \
    not-elf64.bin no-notes.elf overlap.elf too-big.elf)

.PHONY: test-kernels
test-kernels: $(TEST_KERNELS)/minimal.elf $(TEST_KERNELS)/fault-early.elf \
    $(TEST_KERNELS)/ring_console.elf $(BAD_IMAGES)

$(TEST_KERNELS)/%.o: tests/kernels/%.S | $(ASM_CONSTS_H)
	$(guest_as)

$(TEST_KERNELS)/%.o: tests/kernels/%.c | $(ASM_CONSTS_H)
	$(guest_cc)

$(TEST_KERNELS)/minimal.elf: $(TEST_KERNELS)/minimal.o \
        tests/kernels/minimal.lds
	$(LD) -nostdlib -z max-page-size=4096 -z noexecstack \
	    -T tests/kernels/minimal.lds -o $@ $<

# ring_console.elf: no dom0 support in its notes, XTF layout like minimal.
$(TEST_KERNELS)/ring_console.elf: $(TEST_KERNELS)/ring_console.o \
        tests/kernels/minimal.lds
	$(LD) -nostdlib -z max-page-size=4096 -z noexecstack \
	    -T tests/kernels/minimal.lds -o $@ $<

$(TEST_KERNELS)/fault-early.elf: $(TEST_KERNELS)/fault-early.o \
        $(PV_GUEST_OBJS) $(PV_GUEST_LDS)
	$(pv_guest_link)

# One run of the script writes all four images.
$(BAD_IMAGES) &: tests/kernels/mkbad.py
	$(PYTHON) $< $(TEST_KERNELS)

.SECONDARY: $(TEST_KERNELS)/minimal.o $(TEST_KERNELS)/fault-early.o \
    $(TEST_KERNELS)/ring_console.o

-include $(TEST_KERNELS)/minimal.d $(TEST_KERNELS)/fault-early.d \
    $(TEST_KERNELS)/ring_console.d
