# tests/bench/: benchmark kernels for make bench (scripts/bench.py), one
# folder per kernel with a main.c, linked like the conformance kernels
# (test library and pv-guest core) into build/tests/bench/<name>.elf.

BENCH_KERNELS := $(patsubst tests/bench/%/main.c,%, \
    $(wildcard tests/bench/*/main.c))

BENCH_KERNEL_ELFS := $(BENCH_KERNELS:%=$(BUILD)/tests/bench/%.elf)

.PHONY: bench-kernels
bench-kernels: $(BENCH_KERNEL_ELFS)

$(BUILD)/tests/bench/%.o: private GUEST_CFLAGS += -Itests/guest/lib/include

$(BUILD)/tests/bench/%.o: tests/bench/%.c | $(ASM_CONSTS_H)
	$(guest_cc)

$(BUILD)/tests/bench/%.elf: $(BUILD)/tests/bench/%/main.o \
        $(GUEST_TEST_LIB_OBJS) $(PV_GUEST_OBJS) $(PV_GUEST_LDS)
	$(pv_guest_link)

-include $(BENCH_KERNELS:%=$(BUILD)/tests/bench/%/main.d)

.SECONDARY: $(BENCH_KERNELS:%=$(BUILD)/tests/bench/%/main.o)
