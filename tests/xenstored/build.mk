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
