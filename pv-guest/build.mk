# pv-guest/: the PV kernel core that dom0 and the conformance tests link
# against.  Defines the guest compiler flags, the core's object list and
# the link recipe every kernel on the core uses.

include hypercalls/build.mk

# Freestanding x86-64 kernel code running in ring 3 under Xen, linked in
# the top 2 GiB (-mcmodel=kernel); no FPU/SSE state is ever touched.
GUEST_CFLAGS := -ffreestanding -fno-pic -mcmodel=kernel -mno-red-zone \
    -mno-sse -mno-mmx -fno-stack-protector -fno-asynchronous-unwind-tables \
    -nostdlib -O2 -g $(WARN) $(XEN_GUEST_DEFS) -I/usr/include \
    $(HYPERCALLS_INC) -Ipv-guest/include -MMD -MP
GUEST_ASFLAGS := $(GUEST_CFLAGS) -D__ASSEMBLY__

PV_GUEST_OBJS := $(addprefix $(BUILD)/pv-guest/, \
    head.o notes.o hypercall_page.o entry.o traps.o extable.o \
    console.o printf.o string.o shutdown.o mm.o vmap.o grant.o \
    events.o evtchn_entry.o time.o heap.o xenbus.o)

PV_GUEST_LDS := $(BUILD)/pv-guest/pv-guest.lds

# A loop that fills memory must not be turned into a call to memset.
$(BUILD)/pv-guest/string.o: private GUEST_CFLAGS += \
    -fno-tree-loop-distribute-patterns

# Compile recipes shared by every guest fragment; each fragment writes its
# own directory-specific pattern rules so no rule here can capture another
# component's sources.  asm-consts.h is generated before any guest object.
define guest_cc
	@mkdir -p $(@D)
	$(CC) $(GUEST_CFLAGS) -c -o $@ $<
endef

define guest_as
	@mkdir -p $(@D)
	$(CC) $(GUEST_ASFLAGS) -c -o $@ $<
endef

$(BUILD)/pv-guest/%.o: pv-guest/%.c | $(ASM_CONSTS_H)
	$(guest_cc)

$(BUILD)/pv-guest/%.o: pv-guest/%.S | $(ASM_CONSTS_H)
	$(guest_as)

$(PV_GUEST_LDS): pv-guest/pv-guest.lds.S pv-guest/include/pv-guest/param.h
	@mkdir -p $(@D)
	$(CC) -E -P -x c -Ipv-guest/include -D__ASSEMBLY__ -o $@ $<

# $(pv_guest_link): link $@ from its .o prerequisites, which must include
# $(PV_GUEST_OBJS) and whose rule must also depend on $(PV_GUEST_LDS).
define pv_guest_link
	@mkdir -p $(@D)
	$(LD) -nostdlib -z max-page-size=4096 -z noexecstack \
	    -T $(PV_GUEST_LDS) -o $@ $(filter %.o,$^)
endef

-include $(PV_GUEST_OBJS:.o=.d)
