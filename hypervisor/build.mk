# hypervisor/: ring 0.  Freestanding, no PIC runtime: linked at Xen's
# XEN_VIRT_START (0xffff82d040000000), which -mcmodel=kernel cannot reach,
# so code is position-independent (RIP-relative), as Xen builds itself.

HV_DIR   := hypervisor
HV_BUILD := $(BUILD)/hypervisor
HV_CHANGESET := $(shell git describe --always --dirty 2>/dev/null || echo unknown)

HV_CFLAGS := -ffreestanding -fno-builtin -fpie -fno-plt -fno-stack-protector \
    -mno-red-zone -mno-sse -mno-mmx -mno-sse2 -fno-asynchronous-unwind-tables \
    -fno-strict-aliasing -fno-common -O2 -g -std=gnu11 $(WARN) \
    -D__XEN__ -DPVX_CHANGESET='"$(HV_CHANGESET)"' -I$(HV_DIR)/include -include $(HV_DIR)/include/visibility.h -MMD -MP
HV_ASFLAGS := -D__ASSEMBLER__ -I$(HV_DIR)/include -MMD -MP

HV_ASM := arch/x86/head.S arch/x86/entry.S arch/x86/syscall_bench_entry.S \
    arch/x86/trampoline.S
HV_SRC := \
    arch/x86/acpi.c arch/x86/apic.c arch/x86/desc.c arch/x86/machine.c \
    arch/x86/serial.c arch/x86/syscall_bench.c arch/x86/time.c \
    arch/x86/traps.c arch/x86/smp.c arch/x86/smpboot.c \
    arch/x86/pv/bounce.c arch/x86/pv/callback.c arch/x86/pv/descriptor.c \
    arch/x86/pv/dom0_build.c arch/x86/pv/gdt.c \
    arch/x86/pv/hypercall_page.c arch/x86/pv/iret.c arch/x86/pv/ptwr.c \
    arch/x86/pv/ptwr_decode.c arch/x86/pv/syscall.c \
    arch/x86/pv/traps.c \
    arch/x86/fpu.c arch/x86/pv/cpuid.c arch/x86/pv/emulate_decode.c \
    arch/x86/pv/emulate_io.c arch/x86/pv/emulate_priv_op.c \
    arch/x86/pv/msr.c arch/x86/pv/segments.c common/physdev.c \
    common/cmdline.c common/console.c common/console_io.c \
    common/console_ring.c common/domain.c common/domctl.c common/domlist.c \
    common/sysctl.c \
    common/dom0_layout.c common/elf.c common/hypercall.c common/main.c \
    common/multiboot.c common/sched_op.c common/string.c common/unimplemented.c \
    common/version.c \
    common/vsnprintf.c common/multicall.c \
    arch/x86/rtc.c arch/x86/pv/events.c common/event_2l.c \
    common/event_channel.c common/event_channel_op.c common/sched_block.c \
    common/grant_copy.c common/grant_map.c common/grant_table.c \
    common/grant_table_op.c arch/x86/pv/grant_pte.c \
    common/timer.c common/vcpu_op.c common/vcpu_timer.c common/wallclock.c \
    common/schedule.c common/sched_credit.c common/sched_place.c \
    common/vcpu.c common/vcpu_affinity.c \
    arch/x86/context_switch.c \
    mm/batch.c mm/boot_mem.c mm/directmap.c mm/frame_alloc.c mm/frame_table.c \
    mm/guest_access.c mm/m2p.c mm/memory_op.c mm/mmu_update.c \
    mm/mmuext_op.c mm/pagetable.c mm/relinquish.c mm/xenheap.c

HV_OBJ := $(addprefix $(HV_BUILD)/,$(HV_ASM:.S=.o) $(HV_SRC:.c=.o))

$(HV_BUILD)/%.o: $(HV_DIR)/%.c
	@mkdir -p $(dir $@)
	$(CC) $(HV_CFLAGS) -c $< -o $@

$(HV_BUILD)/%.o: $(HV_DIR)/%.S
	@mkdir -p $(dir $@)
	$(CC) $(HV_ASFLAGS) -c $< -o $@

$(BUILD)/hypervisor.elf: $(HV_OBJ) $(HV_DIR)/arch/x86/pvx.lds
	$(LD) -nostdlib -static --no-dynamic-linker -z max-page-size=0x1000 \
	    --build-id=sha1 --no-warn-rwx-segments -T $(HV_DIR)/arch/x86/pvx.lds -o $@ $(HV_OBJ)

-include $(HV_OBJ:.o=.d)
