# dom0/xenstored/: the xenstored core (pure C over xs_alloc/xs_free and
# memcpy/memset/strlen/strncmp) and its host daemon build/pvx-xenstored.
# The core is also compiled with the guest flags, so that it keeps
# building freestanding for the dom0 kernel.

XS_CORE_SRCS := $(addprefix dom0/xenstored/, \
    conn.c store.c ops.c watch.c transaction.c domain.c util.c ring.c)
XS_HOST_CFLAGS := -std=gnu11 -O2 -g $(WARN) -MMD -MP
XS_GUEST_OBJS := $(patsubst dom0/%.c,$(BUILD)/dom0/%.o,$(XS_CORE_SRCS))

$(BUILD)/pvx-xenstored: $(XS_CORE_SRCS) dom0/xenstored/host/main.c
	@mkdir -p $(@D)
	$(CC) $(XS_HOST_CFLAGS) -o $@ $(filter %.c,$^)

$(BUILD)/dom0/xenstored/%.o: dom0/xenstored/%.c
	$(guest_cc)

xenstored: $(BUILD)/pvx-xenstored $(XS_GUEST_OBJS)

-include $(BUILD)/pvx-xenstored.d $(XS_GUEST_OBJS:.o=.d)
.PHONY: xenstored
