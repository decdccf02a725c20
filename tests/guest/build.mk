# tests/guest/: conformance kernels, one folder per test with a main.c,
# each linked with the test library and the pv-guest core into
# build/tests/guest/<name>.elf.  Tests are found by wildcard.

GUEST_TESTS := $(patsubst tests/guest/%/main.c,%, \
    $(filter-out tests/guest/lib/main.c,$(wildcard tests/guest/*/main.c)))

GUEST_TEST_LIB_OBJS := $(addprefix $(BUILD)/tests/guest/lib/, \
    main.o report.o events.o vcpu1.o)

GUEST_TEST_ELFS := $(GUEST_TESTS:%=$(BUILD)/tests/guest/%.elf)

.PHONY: guest-kernels
guest-kernels: $(GUEST_TEST_ELFS)

# private: not inherited by prerequisites such as asm-consts.h.
$(BUILD)/tests/guest/%.o: private GUEST_CFLAGS += -Itests/guest/lib/include

$(BUILD)/tests/guest/%.o: tests/guest/%.c | $(ASM_CONSTS_H)
	$(guest_cc)

$(BUILD)/tests/guest/%.elf: $(BUILD)/tests/guest/%/main.o \
        $(GUEST_TEST_LIB_OBJS) $(PV_GUEST_OBJS) $(PV_GUEST_LDS)
	$(pv_guest_link)

-include $(GUEST_TEST_LIB_OBJS:.o=.d) \
    $(GUEST_TESTS:%=$(BUILD)/tests/guest/%/main.d)

# Objects reached only through the .elf pattern rule are intermediate;
# keep them so rebuilds stay incremental.
.SECONDARY: $(GUEST_TEST_LIB_OBJS) \
    $(GUEST_TESTS:%=$(BUILD)/tests/guest/%/main.o)
