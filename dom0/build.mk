# dom0/: the control domain, a kernel on the pv-guest core: its prompt and
# event loop (main.c, shell/), xl (xl/), and the services it links from
# the other dom0 folders.  build/dom0.elf.

DOM0_OBJS := $(BUILD)/dom0/main.o
DOM0_OBJS += $(addprefix $(BUILD)/dom0/shell/, line.o shell.o files.o)
DOM0_OBJS += $(addprefix $(BUILD)/dom0/xl/, xl.o xl_cfg.o xl_domcfg.o \
    xl_fmt.o xc.o xl_list.o xl_info.o xl_sched.o xl_create.o \
    xl_vmcontrol.o xl_pause.o xl_console.o xl_wait.o xl_misc.o \
    xl_vcpu.o xl_cpumap.o)

# dom0 is the toolstack's home: the domctl/sysctl headers are for it.
$(DOM0_OBJS): GUEST_CFLAGS += -D__XEN_TOOLS__ -Idom0/include

$(BUILD)/dom0/%.o: dom0/%.c | $(ASM_CONSTS_H)
	$(guest_cc)

$(BUILD)/dom0.elf: $(DOM0_OBJS) $(PV_GUEST_OBJS) $(PV_GUEST_LDS)
	$(pv_guest_link)

-include $(DOM0_OBJS:.o=.d)

# The demo guest dom0 starts at boot, as xendomains does (the kernel,
# boot/demo.elf, comes from pv-guest/demo/build.mk).
DOM0_ARCHIVE_FILES += etc/xen/auto/demo.cfg=dom0/etc/xen/auto/demo.cfg
