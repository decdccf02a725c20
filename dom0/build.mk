# dom0/: the control domain, a kernel on the pv-guest core.  For now it
# checks its own boot contract and exits: build/dom0.elf.

DOM0_OBJS := $(BUILD)/dom0/main.o
# xl: config parser (plain C, also built for the host unit tests)
DOM0_OBJS += $(addprefix $(BUILD)/dom0/xl/, xl_cfg.o xl_domcfg.o xl_fmt.o xc.o)

$(BUILD)/dom0/%.o: dom0/%.c | $(ASM_CONSTS_H)
	$(guest_cc)

$(BUILD)/dom0.elf: $(DOM0_OBJS) $(PV_GUEST_OBJS) $(PV_GUEST_LDS)
	$(pv_guest_link)

-include $(DOM0_OBJS:.o=.d)
