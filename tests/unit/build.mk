# tests/unit/: ring-0 logic compiled for the host, run under cmocka with
# AddressSanitizer and UndefinedBehaviorSanitizer.  Each test links the
# real hypervisor source it tests plus stubs.c (logging, panic -> assert).

UT_BUILD  := $(BUILD)/tests/unit
UT_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined \
    -fno-sanitize-recover=all -fno-omit-frame-pointer $(WARN) -D__XEN__ \
    -DPVX_HOST_TEST \
    -Ihypervisor/include -MMD -MP
UT_LIBS   := -lcmocka

# test name -> the ring-0 sources it exercises
UT_SRC_frame_alloc := hypervisor/mm/frame_alloc.c
UT_SRC_elf         := hypervisor/common/elf.c
UT_SRC_dom0_layout := hypervisor/common/dom0_layout.c
UT_SRC_pagetable   := hypervisor/mm/pagetable.c hypervisor/mm/frame_table.c \
                      hypervisor/mm/frame_alloc.c \
                      hypervisor/arch/x86/pv/descriptor.c
UT_SRC_event_channel := hypervisor/common/event_channel.c \
                        hypervisor/common/event_2l.c
UT_SRC_ptwr_decode := hypervisor/arch/x86/pv/ptwr_decode.c
UT_TESTS := frame_alloc elf dom0_layout pagetable event_channel ptwr_decode
UT_SRC_emulate_decode := hypervisor/arch/x86/pv/emulate_decode.c
UT_SRC_cpuid       := hypervisor/arch/x86/pv/cpuid.c
UT_TESTS += emulate_decode cpuid
UT_SRC_domlist     := hypervisor/common/domlist.c
UT_TESTS += domlist
UT_SRC_grant_table := hypervisor/common/grant_table.c \
                      hypervisor/common/grant_map.c \
                      hypervisor/common/grant_copy.c \
                      hypervisor/mm/frame_table.c hypervisor/mm/frame_alloc.c \
                      hypervisor/mm/pagetable.c \
                      hypervisor/arch/x86/pv/descriptor.c
UT_TESTS += grant_table
UT_SRC_evtchn_interdomain := hypervisor/common/event_channel.c \
                             hypervisor/common/event_2l.c
UT_TESTS += evtchn_interdomain
UT_SRC_sched_credit := hypervisor/common/sched_credit.c
UT_TESTS += sched_credit
# dom0's pure code: the builder's image half (with ring 0's ELF parser and
# layout, as dom0 links them) and the ramdisk reader (host libc).
UT_SRC_dom0_image  := dom0/builder/image.c hypervisor/common/elf.c \
                      hypervisor/common/dom0_layout.c
UT_SRC_dom0_archive := dom0/archive.c
UT_TESTS += dom0_image dom0_archive
$(UT_BUILD)/test_dom0_image: UT_CFLAGS += -Idom0/include
$(UT_BUILD)/test_dom0_archive: UT_CFLAGS += -Idom0/include -DPVX_HOST_TEST
UT_SRC_sched_place := hypervisor/common/sched_place.c
UT_TESTS += sched_place
UT_TESTS += xl_cfg xl_fmt line
UT_BINS  := $(addprefix $(UT_BUILD)/test_,$(UT_TESTS))

# dom0's xl: guest code that is plain C, built without the ring-0 stubs.
UT_XL_SRC := dom0/xl/xl_cfg.c dom0/xl/xl_domcfg.c
$(UT_BUILD)/test_xl_cfg: tests/unit/test_xl_cfg.c $(UT_XL_SRC) | $(UT_BUILD)
	$(CC) $(UT_CFLAGS) -Idom0/xl -o $@ $(filter %.c,$^) $(UT_LIBS)
$(UT_BUILD)/test_line: tests/unit/test_line.c dom0/shell/line.c | $(UT_BUILD)
	$(CC) $(UT_CFLAGS) -Idom0/shell -o $@ $(filter %.c,$^) $(UT_LIBS)
$(UT_BUILD)/test_xl_fmt: tests/unit/test_xl_fmt.c dom0/xl/xl_fmt.c \
                         dom0/xl/xl_cpumap.c | $(UT_BUILD)
	$(CC) $(UT_CFLAGS) -D__XEN_INTERFACE_VERSION__=0x00040e00 -Idom0/xl \
	    -o $@ $(filter %.c,$^) $(UT_LIBS)

$(UT_BUILD)/test_%: tests/unit/test_%.c tests/unit/stubs.c \
                    $$(UT_SRC_$$*) | $(UT_BUILD)
	$(CC) $(UT_CFLAGS) -o $@ $(filter %.c,$^) $(UT_LIBS)

$(UT_BUILD):
	mkdir -p $@

unit-tests: $(UT_BINS)

# Runs every unit test; cmocka prints its own summary per group.
unit-test: $(UT_BINS)
	@rc=0; for t in $(UT_BINS); do $$t || rc=1; done; exit $$rc

-include $(UT_BINS:=.d)
.PHONY: unit-tests unit-test
