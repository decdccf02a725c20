# dom0/: the control domain, a kernel on the pv-guest core: its prompt and
# event loop (main.c, shell/), xl (xl/), and the services it links from
# the other dom0 folders.  build/dom0.elf.

DOM0_OBJS := $(BUILD)/dom0/main.o
DOM0_OBJS += $(addprefix $(BUILD)/dom0/shell/, line.o shell.o)
DOM0_OBJS += $(addprefix $(BUILD)/dom0/xl/, xl_cfg.o xl_domcfg.o \
    xl_fmt.o xc.o)

$(BUILD)/dom0/%.o: dom0/%.c | $(ASM_CONSTS_H)
	$(guest_cc)

$(BUILD)/dom0.elf: $(DOM0_OBJS) $(PV_GUEST_OBJS) $(PV_GUEST_LDS)
	$(pv_guest_link)

-include $(DOM0_OBJS:.o=.d)
