# tests/xenstored/: the xenstored core's cmocka unit tests (ASan/UBSan)
# and the xenstore-utils conformance run against build/pvx-xenstored,
# both driven by conformance.py (`make xenstored-test`, run_all.py --xenstore).

XS_UT := $(BUILD)/tests/xenstored/test_xenstored
XS_UT_CFLAGS := -std=gnu11 -g -O1 -fsanitize=address,undefined \
    -fno-sanitize-recover=all -fno-omit-frame-pointer $(WARN) -MMD -MP

$(XS_UT): tests/xenstored/test_xenstored.c $(XS_CORE_SRCS)
	@mkdir -p $(@D)
	$(CC) $(XS_UT_CFLAGS) -o $@ $(filter %.c,$^) -lcmocka

xenstored-tests: xenstored $(XS_UT)

xenstored-test:
	@$(PYTHON) tests/xenstored/conformance.py

-include $(XS_UT).d
.PHONY: xenstored-tests xenstored-test

# The ring transport, libxenstore, the console backend and the pv-guest
# heap, on the host (issue 6).
XS_UT_RING := $(BUILD)/tests/xenstored/test_ring
XS_UT_LIBXS := $(BUILD)/tests/xenstored/test_libxs
XS_UT_CONS := $(BUILD)/tests/xenstored/test_consoled

$(XS_UT_RING): tests/xenstored/test_ring.c $(XS_CORE_SRCS)
	@mkdir -p $(@D)
	$(CC) $(XS_UT_CFLAGS) -o $@ $(filter %.c,$^) -lcmocka

$(XS_UT_LIBXS): tests/xenstored/test_libxs.c dom0/libxs/xs.c $(XS_CORE_SRCS)
	@mkdir -p $(@D)
	$(CC) $(XS_UT_CFLAGS) -Idom0/include -o $@ $(filter %.c,$^) -lcmocka

$(XS_UT_CONS): tests/xenstored/test_consoled.c dom0/console/consoled.c \
        dom0/console/history.c
	@mkdir -p $(@D)
	$(CC) $(XS_UT_CFLAGS) -Idom0/include -Ipv-guest/include \
	    -o $@ $(filter %.c,$^) -lcmocka

# pv-guest/heap.c under other names (heap_host.c), beside the C library.
XS_UT_HEAP := $(BUILD)/tests/xenstored/test_heap

$(XS_UT_HEAP): tests/xenstored/test_heap.c tests/xenstored/heap_host.c \
        pv-guest/heap.c
	@mkdir -p $(@D)
	$(CC) $(XS_UT_CFLAGS) $(XEN_GUEST_DEFS) -Ipv-guest/include -o $@ \
	    $(filter-out pv-guest/heap.c,$(filter %.c,$^)) -lcmocka

xenstored-tests: $(XS_UT_RING) $(XS_UT_LIBXS) $(XS_UT_CONS) $(XS_UT_HEAP)
-include $(XS_UT_RING).d $(XS_UT_LIBXS).d $(XS_UT_CONS).d $(XS_UT_HEAP).d
