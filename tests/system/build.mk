# tests/system/: guest kernels the prompt-driven system tests put in dom0's
# archive (build/tests/system/*.elf).

SYSTEST_KERNELS := $(BUILD)/tests/system

.PHONY: system-kernels
system-kernels: $(SYSTEST_KERNELS)/spin.elf

$(SYSTEST_KERNELS)/%.o: tests/system/kernels/%.c | $(ASM_CONSTS_H)
	$(guest_cc)

$(SYSTEST_KERNELS)/spin.elf: $(SYSTEST_KERNELS)/spin.o $(PV_GUEST_OBJS) \
        $(PV_GUEST_LDS)
	$(pv_guest_link)

.SECONDARY: $(SYSTEST_KERNELS)/spin.o
-include $(SYSTEST_KERNELS)/spin.d
