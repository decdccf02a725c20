# dom0/libxs/, dom0/console/ and dom0/xenstored/service.c: libxenstore,
# the console backend and xenstored's dom0 side, linked into dom0.elf and
# any dom0-class kernel through $(DOM0_SERVICE_OBJS).

DOM0_SERVICE_OBJS := $(XS_GUEST_OBJS) \
    $(addprefix $(BUILD)/dom0/, xenstored-dom0/service.o libxs/xs.o \
    libxs/errno.o console/history.o console/consoled.o)

$(DOM0_SERVICE_OBJS): private GUEST_CFLAGS += -Idom0/include -D__XEN_TOOLS__

# Not beside the core's objects: tests/xenstored checks those need
# nothing from dom0 (conformance.py, xenstore/freestanding).
$(BUILD)/dom0/xenstored-dom0/%.o: dom0/xenstored/%.c | $(ASM_CONSTS_H)
	$(guest_cc)

$(BUILD)/dom0.elf: $(DOM0_SERVICE_OBJS)

-include $(DOM0_SERVICE_OBJS:.o=.d)
